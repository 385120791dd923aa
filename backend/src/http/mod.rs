//! The HTTP surface: `POST /graphql`, subscriptions at `GET /graphql/ws`, the consent form as PDF, `/healthz`, `/readyz`, and the SPA
//! for every other path; the connection layer under it (`server`, `tls`) and the redirect
//! listener.

pub mod client_ip;
mod documents;
mod exports;
mod graphql;
mod health;
mod metrics;
pub mod rate_limit;
mod redirect;
pub mod server;
mod spa;
mod subscriptions;
pub mod tls;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 256 * 1024;
pub const CSRF_HEADER: &str = "x-tillit-csrf";
/// Sent with every response when the server speaks TLS itself: browsers then refuse plain HTTP
/// for this host for a year.
const HSTS: &str = "max-age=31536000";
const CSP: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; \
                   object-src 'none'; base-uri 'none'; form-action 'self'";

/// A bug that panics must still answer like any other internal error: a code, no details.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "request handler panicked");
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(serde_json::json!({
            "errors": [{ "message": "internal server error", "extensions": { "code": "INTERNAL" } }]
        })),
    )
        .into_response()
}

/// Cross-origin access for the configured browser origins only: `POST /graphql` with the
/// headers the API uses. Without configured origins no CORS header is ever sent.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| url::Url::parse(o.trim()).ok())
        .filter(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some())
        .filter_map(|u| HeaderValue::from_str(&u.origin().ascii_serialization()).ok())
        .collect();
    if allowed.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_methods([Method::POST])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                HeaderName::from_static(CSRF_HEADER),
            ])
            // My page cookies reach same-site origins only (SameSite=Strict); API keys are sent
            // as a header and never rely on credentials.
            .allow_credentials(true)
            .max_age(Duration::from_secs(600)),
    )
}

pub fn router(state: AppState) -> Router {
    let request_timeout =
        Duration::from_secs(u64::from(state.config.request_timeout_seconds.max(1)));
    let request_id = HeaderName::from_static("x-request-id");
    let static_dir = state.config.static_dir.clone();
    let cors = cors(&state.config.cors_origins);
    let tls = state.config.tls();
    // The API: limited per client address. Health checks, metrics and the SPA's files are not.
    let api = Router::new()
        .route(
            "/graphql",
            post(graphql::handler).get(graphql::get_not_allowed),
        )
        .route("/graphql/ws", get(subscriptions::handler))
        .route(
            "/customers/{id}/consent-form.pdf",
            get(documents::customer_consent_form),
        )
        .route("/consent-form.pdf", get(documents::blank_consent_form))
        .route("/exports/customers.ndjson", get(exports::customers))
        .route_layer(from_fn_with_state(state.clone(), rate_limit::per_ip));
    let router = Router::new()
        .merge(api)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::handler))
        .merge(spa::routes(&static_dir))
        .layer(from_fn_with_state(state.clone(), client_ip::middleware))
        .layer(from_fn_with_state(state.clone(), observe))
        .with_state(state);
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    let router = if tls {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ))
    } else {
        router
    };
    security_headers(router)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            },
        ))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Counts the request and its latency for `/metrics`.
async fn observe(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    state.metrics.observe(next.run(request)).await
}

/// The headers every response carries (the redirect listener's too).
fn security_headers(router: Router) -> Router {
    router
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ))
}

/// The connection limits from the configuration.
fn limits(config: &crate::Config) -> server::Limits {
    server::Limits {
        header_timeout: Duration::from_secs(u64::from(config.header_timeout_seconds.max(1))),
        max_connections: usize::try_from(config.max_connections.max(1)).unwrap_or(usize::MAX),
        ..server::Limits::default()
    }
}

/// See `crate::serve`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let config = state.config.clone();
    let limits = limits(&config);
    let tls = match config.tls_files() {
        Some((cert, key)) => {
            let tls = Arc::new(tls::Tls::load(cert, key)?);
            let reloading = tls.clone();
            state.every(
                Duration::from_secs(u64::from(config.tls_reload_seconds.max(1))),
                move |_| {
                    reloading.reload_if_changed();
                    std::future::ready(())
                },
            );
            Some(tls)
        }
        None => None,
    };
    // One signal for both listeners and the background loops.
    let stop = state.shutdown.clone();
    tokio::spawn({
        let stop = stop.clone();
        async move {
            shutdown.await;
            stop.cancel();
        }
    });
    let redirect = match (config.http_redirect_bind, listener.local_addr()) {
        (Some(bind), Ok(https)) => {
            let plain = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("binding the redirect listener on {bind}"))?;
            tracing::info!("redirecting http://{bind} to HTTPS");
            let router =
                security_headers(redirect::router(config.public_url.clone(), https.port()));
            let stop = stop.clone();
            Some(tokio::spawn(server::run(
                plain,
                router,
                None,
                limits,
                async move { stop.cancelled().await },
            )))
        }
        _ => None,
    };
    let served = server::run(listener, router(state.clone()), tls, limits, async move {
        stop.cancelled_owned().await
    })
    .await;
    if let Some(redirect) = redirect {
        let _ = redirect.await;
    }
    // Requests are done; now the background loops (a webhook delivery in flight finishes).
    state.tasks.close();
    if tokio::time::timeout(limits.drain, state.tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!("background jobs still running after the drain period were abandoned");
    }
    served.context("serving HTTP")
}
