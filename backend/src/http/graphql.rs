//! Our own GraphQL transport (SECURITY.md): POST with `application/json` only, one operation per
//! request (no batch arrays), and cookie-authenticated requests must carry `x-tillit-csrf`, which
//! a cross-site form or simple request cannot set. Webshops and reporting tools send an API key
//! as `Authorization: Bearer …` instead; such a request never uses cookies.

use async_graphql::dataloader::DataLoader;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::client_ip::ClientIp;
use super::{BODY_LIMIT, CSRF_HEADER};
use crate::features::api_keys::service as api_keys;
use crate::features::audit::{self, Outcome};
use crate::features::auth::{Actor, RequestMeta, SessionStage, Viewer, service as auth};
use crate::features::consents::loader::ConsentLoader;
use crate::features::customers::loader::CustomerLoader;
use crate::features::portal;
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

/// `Some(Ok(token))` for `Authorization: Bearer <token>`, `Some(Err(()))` for any other
/// Authorization header, `None` without one.
fn bearer_token(headers: &HeaderMap) -> Option<Result<&str, ()>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let value = value.to_str().map_err(|_| ()).ok();
    Some(
        value
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|t| !t.is_empty())
            .ok_or(()),
    )
}

/// The API key of `Authorization: Bearer <key>` as an actor (its rate limit taken), `None`
/// without an Authorization header, or the response refusing the request.
pub(super) async fn api_key(
    state: &AppState,
    headers: &HeaderMap,
    meta: &RequestMeta,
) -> Result<Option<Actor>, Response> {
    let token = match bearer_token(headers) {
        None => return Ok(None),
        Some(Ok(token)) => token,
        Some(Err(())) => {
            return Err(unauthorized(
                "the Authorization header must be `Bearer <API key>`",
            ));
        }
    };
    match api_keys::authenticate(&state.db, &state.api_key_cache, token, meta).await {
        Ok(Ok(actor)) => {
            state
                .rate_limits
                .take_key(&actor.id().unwrap_or_default())
                .map_err(IntoResponse::into_response)?;
            Ok(Some(actor))
        }
        Ok(Err(refusal)) => Err(unauthorized(refusal.message())),
        Err(e) => {
            tracing::error!(error = %format!("{:#}", e.into_anyhow()), "API key lookup failed");
            Err(transport_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "INTERNAL",
                "the service is temporarily unavailable",
            ))
        }
    }
}

fn unauthorized(message: &str) -> Response {
    let mut response = transport_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message);
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// What an API key or a My page session tried and was refused is written to the access log under
/// its id, with the refused fields' paths (My page's own fields log their own failures).
async fn audit_refusals(
    state: &AppState,
    key: &Actor,
    response: &async_graphql::Response,
    action: &str,
    codes: &[&str],
) {
    let refused: Vec<String> = response
        .errors
        .iter()
        .filter(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .is_some_and(|c| codes.iter().any(|code| *c == async_graphql::Value::from(*code)))
        })
        .filter(|e| {
            !matches!(e.path.first(), Some(async_graphql::PathSegment::Field(f)) if f.starts_with("portal"))
        })
        .map(|e| {
            e.path
                .iter()
                .map(|segment| match segment {
                    async_graphql::PathSegment::Field(f) => f.clone(),
                    async_graphql::PathSegment::Index(i) => i.to_string(),
                })
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    if refused.is_empty() {
        return;
    }
    let entity = key.id().map(|id| (key.kind(), id));
    if let Err(e) = audit::record(
        &state.db,
        key,
        action,
        entity,
        Outcome::Denied,
        Some(serde_json::json!({ "paths": refused })),
    )
    .await
    {
        tracing::error!(error = %format!("{:#}", e.into_anyhow()), "could not log a refused API key request");
    }
}

/// Errors async-graphql raises itself (syntax, validation, the limits, a subscription sent here
/// instead of to `/graphql/ws`) carry no code; they are malformed requests like any other.
fn code_every_error(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", "BAD_REQUEST");
        }
    }
}

/// Where the request came from, for the audit log.
pub(super) fn request_meta(state: &AppState, parts: &axum::http::request::Parts) -> RequestMeta {
    RequestMeta {
        audit: Some(state.audit.clone()),
        ip: parts
            .extensions
            .get::<ClientIp>()
            .map(|ClientIp(ip)| ip.to_string()),
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

    let meta = request_meta(&state, &parts);
    // An API key (never together with cookies: a request that presents one ignores them).
    let (viewer, api_key) = match api_key(&state, headers, &meta).await {
        Ok(Some(actor)) => (None, Some(actor)),
        Ok(None) => match viewer(&state, headers, true).await {
            Ok(v) => (v, None),
            Err(response) => return response,
        },
        Err(response) => return response,
    };
    // My page's own session cookie (never together with an API key).
    let portal = match cookie(headers, state.config.portal_cookie_name()) {
        Some(token) if api_key.is_none() => {
            if !headers.contains_key(CSRF_HEADER) {
                return transport_error(
                    StatusCode::FORBIDDEN,
                    "FORBIDDEN",
                    "requests with a session cookie must send the x-tillit-csrf header",
                );
            }
            match portal::service::resolve(&state.db, &state.config, token).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %format!("{:#}", e.into_anyhow()), "portal session lookup failed");
                    return transport_error(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "INTERNAL",
                        "the service is temporarily unavailable",
                    );
                }
            }
        }
        _ => None,
    };
    // The actor of a full session or a key: introspection, and batched loaders that carry the
    // actor (they audit what they read).
    let actor = api_key.clone().or_else(|| {
        viewer
            .as_ref()
            .filter(|v| v.stage == SessionStage::Full)
            .map(|v| Actor::user(v, &meta))
    });
    match &actor {
        Some(actor) => {
            let window = state.config.loader_window;
            gql_request = gql_request
                .data(
                    DataLoader::new(
                        ConsentLoader {
                            db: state.db.clone(),
                            actor: actor.clone(),
                        },
                        crate::metrics::spawn_counted,
                    )
                    .delay(window),
                )
                .data(
                    DataLoader::new(
                        CustomerLoader {
                            db: state.db.clone(),
                            actor: actor.clone(),
                        },
                        crate::metrics::spawn_counted,
                    )
                    .delay(window),
                );
        }
        None => gql_request = gql_request.disable_introspection(),
    }
    let staff_session = viewer.is_some();
    let (mut context, cookies) = RequestContext::new(viewer, meta.clone());
    if let Some(key) = api_key.clone() {
        context = context.with_api_key(key);
    }
    context.portal = portal.clone();
    let mut response = state
        .schema
        .execute(gql_request.data(state.clone()).data(context))
        .await;
    code_every_error(&mut response);
    if let Some(key) = &api_key {
        audit_refusals(&state, key, &response, "api_key.forbidden", &["FORBIDDEN"]).await;
    } else if let Some(p) = portal.as_ref().filter(|_| !staff_session) {
        // A My page session reaching for staff fields (another contact by id, …).
        let actor = Actor::Portal {
            account_id: p.account_id,
            contact_id: p.contact_id,
            customer_id: p.customer_id,
            meta: meta.clone(),
        };
        audit_refusals(
            &state,
            &actor,
            &response,
            "portal.refused",
            &["FORBIDDEN", "UNAUTHENTICATED"],
        )
        .await;
    }

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
    // A throttled operation also says when to come back the HTTP way, for clients and proxies
    // that look at headers rather than error extensions.
    if let Some(seconds) = retry_after(&response) {
        http.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    http
}

/// The longest `retryAfter` among the response's `RATE_LIMITED` errors.
fn retry_after(response: &async_graphql::Response) -> Option<u64> {
    response
        .errors
        .iter()
        .filter_map(|e| e.extensions.as_ref()?.get("retryAfter"))
        .filter_map(|v| match v {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        })
        .max()
}
