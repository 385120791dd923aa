//! A per-IP token bucket for the authentication paths (login, second factor, setup): a burst of
//! attempts is allowed, then one more per refill interval. Kept in memory per server process.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use crate::error::{AppError, AppResult};

/// Buckets above this count are pruned (full buckets first) so the map cannot grow without bound.
const MAX_TRACKED: usize = 50_000;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

pub struct Throttle {
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Throttle {
    /// `burst` attempts at once, refilled at `per_minute`.
    pub fn new(burst: u32, per_minute: u32) -> Throttle {
        Throttle {
            capacity: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip`, or answers `RATE_LIMITED` with the seconds until the next one.
    pub fn take(&self, ip: Option<&str>) -> AppResult<()> {
        let key = ip.unwrap_or("unknown").to_owned();
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Err(AppError::internal(anyhow::anyhow!(
                "throttle lock poisoned"
            )));
        };
        if buckets.len() > MAX_TRACKED {
            let (capacity, rate) = (self.capacity, self.per_second);
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < capacity
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.capacity,
            updated: now,
        });
        let refilled = now.duration_since(bucket.updated).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refilled).min(self.capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / self.per_second).ceil();
            Err(AppError::RateLimited {
                retry_after_secs: wait.max(1.0) as u64,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refuses_per_ip() {
        let throttle = Throttle::new(3, 1);
        for _ in 0..3 {
            assert!(throttle.take(Some("10.0.0.1")).is_ok());
        }
        match throttle.take(Some("10.0.0.1")) {
            Err(AppError::RateLimited { retry_after_secs }) => assert!(retry_after_secs >= 1),
            other => panic!("expected RATE_LIMITED, got {other:?}"),
        }
        assert!(
            throttle.take(Some("10.0.0.2")).is_ok(),
            "other addresses are not affected"
        );
    }
}
