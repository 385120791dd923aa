//! Request rate limits for the API: a token bucket per client address (every API route) and
//! one per API key (in the GraphQL handler, once the key is known). Both are configurable and
//! answer `429` with a `RATE_LIMITED` error, `retryAfter` and a `Retry-After` header. The
//! stricter buckets on the authentication paths (`features::auth::throttle`) come on top.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client_ip::ClientIp;
use crate::config::Config;
use crate::error::AppError;
use crate::features::auth::throttle::Throttle;
use crate::state::AppState;

/// The two limits (`None`: switched off with a burst of 0).
pub struct RateLimits {
    per_ip: Option<Throttle>,
    per_key: Option<Throttle>,
}

impl RateLimits {
    pub fn new(config: &Config) -> RateLimits {
        let bucket = |burst: u32, per_minute: u32| {
            (burst > 0).then(|| Throttle::new(burst, per_minute.max(1)))
        };
        RateLimits {
            per_ip: bucket(config.ip_burst, config.ip_per_minute),
            per_key: bucket(config.api_key_burst, config.api_key_per_minute),
        }
    }

    /// One request from `ip`.
    pub fn take_ip(&self, ip: &str) -> Result<(), Limited> {
        take(self.per_ip.as_ref(), ip)
    }

    /// One request with the API key `key_id`.
    pub fn take_key(&self, key_id: &str) -> Result<(), Limited> {
        take(self.per_key.as_ref(), key_id)
    }
}

fn take(bucket: Option<&Throttle>, key: &str) -> Result<(), Limited> {
    match bucket.map(|t| t.take(Some(key))) {
        None | Some(Ok(())) => Ok(()),
        Some(Err(AppError::RateLimited { retry_after_secs })) => Err(Limited(retry_after_secs)),
        Some(Err(_)) => Err(Limited(1)),
    }
}

/// Over a limit: answered `429` with the seconds until the next request is allowed.
#[derive(Debug, Clone, Copy)]
pub struct Limited(pub u64);

impl IntoResponse for Limited {
    fn into_response(self) -> Response {
        let seconds = self.0;
        let body = serde_json::json!({
            "errors": [{
                "message": "too many requests; try again later",
                "extensions": { "code": "RATE_LIMITED", "retryAfter": seconds }
            }]
        });
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(body),
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        response
    }
}

/// The per-address limit, in front of the API routes.
pub async fn per_ip(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let ip = request
        .extensions()
        .get::<ClientIp>()
        .map(|ClientIp(ip)| ip.to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    if let Err(limited) = state.rate_limits.take_ip(&ip) {
        return limited.into_response();
    }
    next.run(request).await
}
