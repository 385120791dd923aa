//! The load generator every HTTP workload shares: `connections` keep-alive HTTP/1.1 clients
//! (one thread each) send POST requests for `seconds`, after a warm-up whose answers are
//! checked but not counted.
//!
//! Two modes:
//! - **open loop** (`rate = Some(r)`): request `i` is due at `start + i / r`, whichever
//!   connection is free takes it, and its latency is measured from the time it was *due* (as
//!   wrk2 does). A server that falls behind therefore shows its queueing in the percentiles
//!   instead of quietly lowering the offered rate (coordinated omission). Requests that started
//!   more than 1 ms after they were due are counted as `late`: a high count means the
//!   connections were all busy, i.e. the server did not keep up with the offered rate.
//! - **closed loop** (`rate = None`): every connection sends its next request as soon as the last
//!   one is answered; this finds the throughput ceiling at that concurrency.
//!
//! Every answer is checked by the workload's `check` (a 200 with GraphQL `errors`, or without
//! the expected data, is a failure, not a success).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;

/// What one request is: its JSON body for sequence number `i`, and whether an answer is right.
pub(crate) trait Workload: Send + Sync {
    fn body(&self, i: u64) -> String;
    fn check(&self, status: u16, body: &str) -> bool;
    /// Extra request headers (e.g. the API key).
    fn headers(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Spec {
    pub connections: usize,
    /// Requests per second offered (open loop); `None` for a closed loop.
    pub rate: Option<f64>,
    pub seconds: f64,
    pub warmup: f64,
}

/// What one run measured.
pub(crate) struct Outcome {
    pub requests: u64,
    pub errors: u64,
    pub late: u64,
    pub seconds: f64,
    /// Sorted.
    pub latencies: Vec<Duration>,
    /// The first failing answer, for the report.
    pub first_error: Option<String>,
}

impl Outcome {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds.max(0.001)
    }

    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }
}

/// The `p`th percentile of sorted latencies (nearest rank).
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// When request `i` is due, `rate` requests a second after `start`.
fn due(start: Instant, i: u64, rate: f64) -> Instant {
    start + Duration::from_secs_f64(i as f64 / rate)
}

struct Shared {
    url: String,
    workload: Arc<dyn Workload>,
    headers: Vec<(String, String)>,
    next: AtomicU64,
    spec: Spec,
}

struct PerConnection {
    latencies: Vec<Duration>,
    errors: u64,
    late: u64,
    first_error: Option<String>,
}

fn phase(url: &str, workload: Arc<dyn Workload>, spec: Spec) -> Result<Outcome> {
    let shared = Arc::new(Shared {
        url: url.to_owned(),
        headers: workload.headers(),
        workload,
        next: AtomicU64::new(0),
        spec,
    });
    let start = Instant::now() + Duration::from_millis(50);
    let end = start + Duration::from_secs_f64(spec.seconds);
    let threads: Vec<_> = (0..spec.connections.max(1))
        .map(|_| {
            let shared = shared.clone();
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || connection(&shared, start, end))
        })
        .collect::<std::io::Result<_>>()?;
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        late: 0,
        seconds: spec.seconds,
        latencies: Vec::new(),
        first_error: None,
    };
    for thread in threads {
        let one = thread
            .join()
            .map_err(|_| anyhow::anyhow!("a load-generator thread panicked"))?;
        outcome.requests += one.latencies.len() as u64;
        outcome.errors += one.errors;
        outcome.late += one.late;
        outcome.latencies.extend(one.latencies);
        if outcome.first_error.is_none() {
            outcome.first_error = one.first_error;
        }
    }
    outcome.latencies.sort_unstable();
    Ok(outcome)
}

fn connection(shared: &Shared, start: Instant, end: Instant) -> PerConnection {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .max_idle_connections_per_host(1)
        .build();
    let mut mine = PerConnection {
        latencies: Vec::new(),
        errors: 0,
        late: 0,
        first_error: None,
    };
    let now = Instant::now();
    if now < start {
        std::thread::sleep(start - now);
    }
    loop {
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        let scheduled = match shared.spec.rate {
            Some(rate) => {
                let at = due(start, i, rate);
                if at >= end {
                    break;
                }
                let now = Instant::now();
                if at > now {
                    std::thread::sleep(at - now);
                } else if now - at > Duration::from_millis(1) {
                    mine.late += 1;
                }
                at
            }
            None => {
                let now = Instant::now();
                if now >= end {
                    break;
                }
                now
            }
        };
        let mut request = agent
            .post(&shared.url)
            .set("content-type", "application/json");
        for (name, value) in &shared.headers {
            request = request.set(name, value);
        }
        let answer = match request.send_string(&shared.workload.body(i)) {
            Ok(response) => {
                let status = response.status();
                response.into_string().map(|body| (status, body))
            }
            Err(ureq::Error::Status(status, response)) => {
                response.into_string().map(|body| (status, body))
            }
            Err(e) => Ok((0, e.to_string())),
        };
        let took = scheduled.elapsed();
        match answer {
            Ok((status, body)) if shared.workload.check(status, &body) => {
                mine.latencies.push(took);
            }
            Ok((status, body)) => {
                mine.errors += 1;
                if mine.first_error.is_none() {
                    let short: String = body.chars().take(300).collect();
                    mine.first_error = Some(format!("{status}: {short}"));
                }
            }
            Err(e) => {
                mine.errors += 1;
                mine.first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
    mine
}

/// One request outside the load (the checks before it): `body` POSTed to `url` with `headers`;
/// the answer's text, or an error with the status and body of a non-2xx answer.
pub(crate) fn ask(
    agent: &ureq::Agent,
    url: &str,
    headers: &[(String, String)],
    body: &str,
) -> Result<String> {
    let mut request = agent.post(url).set("content-type", "application/json");
    for (name, value) in headers {
        request = request.set(name, value);
    }
    match request.send_string(body) {
        Ok(response) => Ok(response.into_string()?),
        Err(ureq::Error::Status(code, response)) => anyhow::bail!(
            "HTTP {code}: {}",
            response.into_string().unwrap_or_default()
        ),
        Err(e) => anyhow::bail!("{e}"),
    }
}

/// One measured run: what the clients saw and what it cost the machine.
pub(crate) struct Measured {
    pub spec: Spec,
    pub outcome: Outcome,
    pub costs: super::procstat::Costs,
}

/// Runs `spec` against the server `pid` at `base_url` (`path` is the request path), reading the
/// costs around the measured phase only (the warm-up is not counted).
pub(crate) fn measure(
    pid: u32,
    base_url: &str,
    path: &str,
    workload: &Arc<dyn Workload>,
    spec: Spec,
) -> Result<Measured> {
    let url = format!("{base_url}{path}");
    if spec.warmup > 0.0 {
        let warm = phase(
            &url,
            workload.clone(),
            Spec {
                seconds: spec.warmup,
                ..spec
            },
        )?;
        if warm.requests == 0 {
            anyhow::bail!(
                "every warm-up request failed; the first answer: {}",
                warm.first_error.unwrap_or_default()
            );
        }
    }
    let probe = super::procstat::Probe::start(pid, base_url)?;
    let outcome = phase(&url, workload.clone(), spec)?;
    if outcome.errors > 0 {
        println!(
            "  {} failed answers; the first: {}",
            outcome.errors,
            outcome.first_error.as_deref().unwrap_or("?")
        );
    }
    let costs = probe.finish(outcome.requests, outcome.seconds);
    Ok(Measured {
        spec,
        outcome,
        costs,
    })
}

/// `runs` runs of `spec`; the one with the median throughput (closed loop) or the median p99
/// (open loop) stands for them.
pub(crate) fn median_of(
    runs: usize,
    mut one: impl FnMut() -> Result<Measured>,
) -> Result<Measured> {
    let mut all = (0..runs.max(1))
        .map(|_| one())
        .collect::<Result<Vec<_>>>()?;
    all.sort_by(|a, b| match a.spec.rate {
        None => a.outcome.rate().total_cmp(&b.outcome.rate()),
        Some(_) => a.outcome.percentile(99.0).cmp(&b.outcome.percentile(99.0)),
    });
    let middle = all.len() / 2;
    Ok(all.swap_remove(middle))
}

/// The header of a table of [`row`]s.
pub(crate) fn header() -> &'static str {
    "| path | load | requests/s | p50 ms | p99 ms | p99.9 ms | errors | late | server CPU µs/req | PostgreSQL CPU µs/req | peak RSS MiB | SQL statements/req | generator CPU % |\n\
     |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
}

/// One line of a results table.
pub(crate) fn row(label: &str, m: &Measured) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let load = match m.spec.rate {
        Some(rate) => format!("{rate:.0}/s offered, {} connections", m.spec.connections),
        None => format!("closed loop, {} connections", m.spec.connections),
    };
    let statements = m
        .costs
        .statements
        .map_or_else(|| "n/a".to_owned(), |s| format!("{s:.2}"));
    format!(
        "| {label} | {load} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {} | {:.0} | {:.0} | {:.1} | {statements} | {:.0} |",
        m.outcome.rate(),
        ms(m.outcome.percentile(50.0)),
        ms(m.outcome.percentile(99.0)),
        ms(m.outcome.percentile(99.9)),
        m.outcome.errors,
        m.outcome.late,
        m.costs.server_us,
        m.costs.database_us,
        m.costs.peak_rss_mib,
        m.costs.generator_pct,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_due_evenly_from_the_start() {
        let start = Instant::now();
        assert_eq!(due(start, 0, 1000.0), start);
        assert_eq!(due(start, 1000, 1000.0) - start, Duration::from_secs(1));
        assert_eq!(due(start, 5, 20_000.0) - start, Duration::from_micros(250));
    }

    fn measured(requests: u64, p99_ms: u64, rate: Option<f64>) -> Measured {
        Measured {
            spec: Spec {
                connections: 1,
                rate,
                seconds: 1.0,
                warmup: 0.0,
            },
            outcome: Outcome {
                requests,
                errors: 0,
                late: 0,
                seconds: 1.0,
                latencies: vec![Duration::from_millis(p99_ms)],
                first_error: None,
            },
            costs: super::super::procstat::Costs::default(),
        }
    }

    #[test]
    fn the_median_run_stands_for_the_runs() {
        let mut closed = [300, 100, 200].into_iter().map(|n| measured(n, 1, None));
        let median = median_of(3, || Ok(closed.next().expect("three runs"))).expect("median");
        assert_eq!(median.outcome.requests, 200);

        let mut open = [9, 3, 5]
            .into_iter()
            .map(|p99| measured(10, p99, Some(10.0)));
        let median = median_of(3, || Ok(open.next().expect("three runs"))).expect("median");
        assert_eq!(median.outcome.percentile(99.0), Duration::from_millis(5));
    }
}
