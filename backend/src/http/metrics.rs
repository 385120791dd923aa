//! `/metrics` in the Prometheus text format. Scrapers on the same machine need nothing; from
//! elsewhere they send `Authorization: Bearer <TILLIT_METRICS_TOKEN>` (without a token configured,
//! only loopback clients are answered). Behind a reverse proxy on the same host, set the token.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use super::client_ip::ClientIp;
use crate::state::AppState;

fn allowed(state: &AppState, request: &Request) -> bool {
    match &state.config.metrics_token {
        Some(token) => request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            // Comparing digests keeps the comparison's timing independent of the token.
            .is_some_and(|given| {
                Sha256::digest(given.as_bytes()) == Sha256::digest(token.expose_secret().as_bytes())
            }),
        // The client's address, so a trusted reverse proxy on this host does not make every
        // client a loopback one.
        None => request
            .extensions()
            .get::<ClientIp>()
            .is_some_and(|ClientIp(ip)| ip.is_loopback()),
    }
}

pub async fn handler(State(state): State<AppState>, request: Request) -> Response {
    if !allowed(&state, &request) {
        return (
            StatusCode::FORBIDDEN,
            "metrics are served to loopback clients or with the metrics token\n",
        )
            .into_response();
    }
    match crate::features::backups::metrics::render(&state.db, &state.config).await {
        Ok(mut text) => {
            state.metrics.render(&state.db, &state.audit, &mut text);
            (
                [(
                    header::CONTENT_TYPE,
                    "text/plain; version=0.0.4; charset=utf-8",
                )],
                text,
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "rendering metrics failed");
            (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable\n").into_response()
        }
    }
}
