//! The plain-HTTP listener of a TLS deployment (`--http-redirect-bind`): every request gets a
//! permanent redirect to the same path over HTTPS — at `public_url` when one is configured,
//! otherwise at the host the client asked for, on the HTTPS listener's port. Nothing else is
//! served over plain HTTP, so no cookie or API key is ever accepted there.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;

/// Where `request` should go instead, or `None` when its `Host` is not a host name.
pub fn target(public_url: Option<&str>, https_port: u16, request: &Request) -> Option<String> {
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    if let Some(base) = public_url.and_then(|u| url::Url::parse(u).ok()) {
        return Some(format!("{}{path}", base.origin().ascii_serialization()));
    }
    let host = request.headers().get(header::HOST)?.to_str().ok()?;
    // Parsing through a URL keeps only a real host (no userinfo, path or stray characters).
    let parsed = url::Url::parse(&format!("http://{host}")).ok()?;
    if parsed.path() != "/" || !parsed.username().is_empty() || parsed.query().is_some() {
        return None;
    }
    let host = parsed.host_str()?;
    Some(match https_port {
        443 => format!("https://{host}{path}"),
        port => format!("https://{host}:{port}{path}"),
    })
}

pub fn router(public_url: Option<String>, https_port: u16) -> Router {
    Router::new().fallback(move |request: Request| {
        let public_url = public_url.clone();
        async move {
            match target(public_url.as_deref(), https_port, &request)
                .and_then(|t| HeaderValue::from_str(&t).ok())
            {
                Some(location) => (
                    StatusCode::PERMANENT_REDIRECT,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                None => (StatusCode::BAD_REQUEST, "use HTTPS\n").into_response(),
            }
        }
    })
}
