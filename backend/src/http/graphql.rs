//! Our own GraphQL transport (SECURITY.md): POST with `application/json` only, one operation per
//! request (no batch arrays), and cookie-authenticated requests must carry `x-tillit-csrf`, which
//! a cross-site form or simple request cannot set.

use std::net::SocketAddr;

use async_graphql::dataloader::DataLoader;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{BODY_LIMIT, CSRF_HEADER};
use crate::features::auth::{Actor, RequestMeta, Viewer, service as auth};
use crate::features::consents::loader::ConsentLoader;
use crate::graphql::RequestContext;
use crate::state::AppState;

pub(super) fn transport_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code } }]
    });
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

pub async fn get_not_allowed() -> Response {
    transport_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "BAD_REQUEST",
        "GraphQL requests must be POSTed as application/json",
    )
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn header_str(headers: &HeaderMap, name: impl axum::http::header::AsHeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The session a request's cookie belongs to, if any. `csrf`: a cookie without the
/// `x-tillit-csrf` header is refused (the GraphQL endpoint; plain GET downloads rely on the
/// cookie's `SameSite=Strict` instead).
pub(super) async fn viewer(
    state: &AppState,
    headers: &HeaderMap,
    csrf: bool,
) -> Result<Option<Viewer>, Response> {
    let token = cookie(headers, state.config.session_cookie_name());
    if csrf && token.is_some() && !headers.contains_key(CSRF_HEADER) {
        return Err(transport_error(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "requests with a session cookie must send the x-tillit-csrf header",
        ));
    }
    match token {
        Some(t) => auth::resolve_session(&state.db, &state.config, t)
            .await
            .map_err(|e| {
                tracing::error!(error = %format!("{:#}", e.into_anyhow()), "session lookup failed");
                transport_error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "INTERNAL",
                    "the service is temporarily unavailable",
                )
            }),
        None => Ok(None),
    }
}

/// Where the request came from, for the audit log.
pub(super) fn request_meta(parts: &axum::http::request::Parts) -> RequestMeta {
    RequestMeta {
        ip: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ci| ci.0.ip().to_string()),
        user_agent: header_str(&parts.headers, header::USER_AGENT),
        request_id: header_str(&parts.headers, "x-request-id"),
    }
}

pub async fn handler(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    if !is_json(headers) {
        return transport_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_REQUEST",
            "Content-Type must be application/json",
        );
    }
    let bytes: Bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return transport_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BAD_REQUEST",
                "the request body is too large",
            );
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the body is not valid JSON",
            );
        }
    };
    if value.is_array() {
        return transport_error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "batched requests are not supported; send one operation per request",
        );
    }
    let mut gql_request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(_) => {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the body must be a GraphQL request object with a \"query\" string",
            );
        }
    };

    let viewer = match viewer(&state, headers, true).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let meta = request_meta(&parts);
    if !viewer
        .as_ref()
        .is_some_and(|v| v.stage == crate::features::auth::SessionStage::Full)
    {
        gql_request = gql_request.disable_introspection();
    }
    // Batched loaders carry the request's actor (they audit what they read).
    if let Some(v) = viewer
        .as_ref()
        .filter(|v| v.stage == crate::features::auth::SessionStage::Full)
    {
        gql_request = gql_request.data(DataLoader::new(
            ConsentLoader {
                db: state.db.clone(),
                actor: Actor::user(v, &meta),
            },
            tokio::spawn,
        ));
    }
    let (context, cookies) = RequestContext::new(viewer, meta);
    let response = state
        .schema
        .execute(gql_request.data(state.clone()).data(context))
        .await;

    let mut http = (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(&response),
    )
        .into_response();
    if let Ok(cookies) = cookies.lock() {
        for c in cookies.iter() {
            if let Ok(value) = HeaderValue::from_str(c) {
                http.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
    http
}
