//! `GET /graphql/ws`: GraphQL subscriptions over WebSocket (`graphql-transport-ws`, and the
//! older `graphql-ws` sub-protocol).
//!
//! - Only subscriptions: queries and mutations go to `POST /graphql`, where the transport rules
//!   of SECURITY.md apply.
//! - A browser may connect from this server's own origin or a configured CORS origin only (a
//!   cross-site page must not ride on the staff cookie); other clients send no `Origin`.
//! - Authentication happens on `connection_init`: an API key as
//!   `{"authorization": "Bearer tillit_…"}` in its payload, or else the staff session cookie
//!   of the upgrade request (a full session: password and second factor). Without one the
//!   connection is closed with 4403 and the reason. Subscriptions check the credential again
//!   before each delivery.
//! - At most [`MAX_SUBSCRIPTIONS`] at once per connection, messages up to [`MAX_MESSAGE`]
//!   bytes, and `connection_init` within [`INIT_TIMEOUT`].

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_graphql::futures_util::stream::{self, BoxStream};
use async_graphql::futures_util::{SinkExt, StreamExt};
use async_graphql::http::{WebSocket as GraphQLWebSocket, WebSocketProtocols, WsMessage};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{Data, Executor, ServerError};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::graphql::{cookie, request_meta, transport_error};
use crate::error::AppError;
use crate::features::auth::{RequestMeta, SessionStage, service as auth};
use crate::graphql::{Subscriber, SubscriberCredential, TillitSchema};
use crate::state::AppState;

pub const MAX_SUBSCRIPTIONS: usize = 20;
pub const MAX_MESSAGE: usize = 64 * 1024;
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema as the WebSocket sees it: subscription operations only, a bounded number at once.
#[derive(Clone)]
struct SubscriptionsOnly {
    schema: TillitSchema,
    active: Arc<AtomicUsize>,
}

fn error_response(message: &str, code: &'static str) -> async_graphql::Response {
    let mut error = ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    async_graphql::Response::from_errors(vec![error])
}

fn single_error(message: &str, code: &'static str) -> BoxStream<'static, async_graphql::Response> {
    stream::iter([error_response(message, code)]).boxed()
}

fn is_subscription(request: &async_graphql::Request) -> Option<bool> {
    let document = async_graphql::parser::parse_query(&request.query).ok()?;
    let operation = match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
        (DocumentOperations::Multiple(_), None) => return None,
    };
    Some(operation.node.ty == OperationType::Subscription)
}

/// Decrements the count of running subscriptions when the subscription ends.
struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Executor for SubscriptionsOnly {
    async fn execute(&self, _request: async_graphql::Request) -> async_graphql::Response {
        error_response("send queries and mutations to POST /graphql", "BAD_REQUEST")
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, async_graphql::Response> {
        // A document that does not parse is answered by the schema with its usual error.
        if is_subscription(&request) == Some(false) {
            return single_error(
                "only subscriptions are served over WebSocket; send queries and mutations to \
                 POST /graphql",
                "BAD_REQUEST",
            );
        }
        if self.active.fetch_add(1, Ordering::SeqCst) >= MAX_SUBSCRIPTIONS {
            self.active.fetch_sub(1, Ordering::SeqCst);
            return single_error(
                "too many subscriptions on this connection; end one or open another connection",
                "RATE_LIMITED",
            );
        }
        let running = Running(self.active.clone());
        self.schema
            .execute_stream_with_session_data(request, session_data.unwrap_or_default())
            .map(move |response| {
                let _keep = &running;
                response
            })
            .boxed()
    }
}

/// The origin a browser page was loaded from must be this server or a configured one.
fn origin_allowed(headers: &HeaderMap, cors_origins: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Ok(url) = url::Url::parse(origin) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let own = match (url.host_str(), url.port(), host) {
        (Some(h), Some(p), Some(host)) => host.eq_ignore_ascii_case(&format!("{h}:{p}")),
        (Some(h), None, Some(host)) => host.eq_ignore_ascii_case(h),
        _ => false,
    };
    own || cors_origins.iter().any(|allowed| {
        url::Url::parse(allowed.trim())
            .is_ok_and(|a| a.origin().ascii_serialization() == url.origin().ascii_serialization())
    })
}

fn bearer_from_payload(payload: &serde_json::Value) -> Option<Result<String, ()>> {
    let value = payload
        .get("authorization")
        .or_else(|| payload.get("Authorization"))?;
    Some(
        value
            .as_str()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned())
            .filter(|t| !t.is_empty())
            .ok_or(()),
    )
}

/// What `connection_init` accepts: an API key in the payload, or the cookie's full session.
async fn authenticate(
    state: AppState,
    cookie_token: Option<String>,
    meta: RequestMeta,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let credential = match bearer_from_payload(&payload) {
        Some(Ok(token)) => SubscriberCredential::ApiKey(token),
        Some(Err(())) => {
            return Err("the authorization must be `Bearer <API key>`".into());
        }
        None => match cookie_token {
            Some(token) => {
                match auth::check_session(&state.db, &state.config, &token).await {
                    Ok(Some(v)) if v.stage == SessionStage::Full => {}
                    Ok(Some(_)) => return Err("finish signing in with the second factor".into()),
                    Ok(None) => return Err("the session has ended; sign in again".into()),
                    Err(e) => return Err(unavailable(e)),
                }
                SubscriberCredential::Session(token)
            }
            None => {
                return Err(
                    "authentication required: send {\"authorization\": \"Bearer <API key>\"} \
                     in connection_init, or connect with a staff session"
                        .into(),
                );
            }
        },
    };
    let subscriber = Subscriber { credential, meta };
    if let SubscriberCredential::ApiKey(_) = subscriber.credential {
        match subscriber.actor(&state).await {
            Ok(_) => {}
            Err(AppError::Unauthenticated) => {
                return Err("the API key is wrong, expired or revoked".into());
            }
            Err(e) => return Err(unavailable(e)),
        }
    }
    let mut data = Data::default();
    data.insert(state);
    data.insert(subscriber);
    Ok(data)
}

fn unavailable(e: AppError) -> async_graphql::Error {
    tracing::error!(error = %format!("{:#}", e.into_anyhow()), "subscription authentication failed");
    "the service is temporarily unavailable".into()
}

pub async fn handler(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _body) = request.into_parts();
    let headers = parts.headers.clone();
    let protocol = headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .and_then(|list| {
            list.split(',')
                .find_map(|p| WebSocketProtocols::from_str(p.trim()).ok())
        });
    let Some(protocol) = protocol else {
        return transport_error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "connect with the WebSocket sub-protocol graphql-transport-ws",
        );
    };
    if !origin_allowed(&headers, &state.config.cors_origins) {
        return transport_error(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "WebSocket connections from this origin are not allowed",
        );
    }
    let upgrade =
        match <WebSocketUpgrade as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, &state,
        )
        .await
        {
            Ok(upgrade) => upgrade,
            Err(_) => {
                return transport_error(
                    StatusCode::UPGRADE_REQUIRED,
                    "BAD_REQUEST",
                    "this endpoint speaks WebSocket only",
                );
            }
        };
    let meta = request_meta(&state, &parts);
    let cookie_token = cookie(&headers, state.config.session_cookie_name()).map(str::to_owned);
    upgrade
        .protocols([protocol.sec_websocket_protocol()])
        .max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| serve(socket, state, protocol, cookie_token, meta))
        .into_response()
}

async fn serve(
    socket: WebSocket,
    state: AppState,
    protocol: WebSocketProtocols,
    cookie_token: Option<String>,
    meta: RequestMeta,
) {
    let (mut sink, source) = socket.split();
    let input = source
        .take_while(|message| std::future::ready(message.is_ok()))
        .filter_map(|message| {
            std::future::ready(match message {
                Ok(m @ (Message::Text(_) | Message::Binary(_))) => Some(m.into_data()),
                _ => None,
            })
        });
    let executor = SubscriptionsOnly {
        schema: state.schema.clone(),
        active: Arc::new(AtomicUsize::new(0)),
    };
    let init_state = state.clone();
    let mut output = GraphQLWebSocket::new(executor, input, protocol)
        .on_connection_init(move |payload| authenticate(init_state, cookie_token, meta, payload));
    let deadline = tokio::time::sleep(INIT_TIMEOUT);
    tokio::pin!(deadline);
    let mut acknowledged = false;
    loop {
        let next = tokio::select! {
            next = output.next() => next,
            _ = &mut deadline, if !acknowledged => {
                let _ = sink
                    .send(close(4408, "connection_init was not sent in time"))
                    .await;
                break;
            }
        };
        let Some(message) = next else { break };
        let outgoing = match message {
            WsMessage::Text(text) => {
                if !acknowledged && text.contains("connection_ack") {
                    acknowledged = true;
                }
                Message::Text(text.into())
            }
            // A refused connection_init: "Forbidden" in graphql-transport-ws terms.
            WsMessage::Close(1002, reason) if !acknowledged => close(4403, &reason),
            WsMessage::Close(code, reason) => close(code, &reason),
        };
        let closing = matches!(outgoing, Message::Close(_));
        if sink.send(outgoing).await.is_err() || closing {
            break;
        }
    }
    let _ = sink.close().await;
}

fn close(code: u16, reason: &str) -> Message {
    // A close reason is at most 123 bytes.
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    Message::Close(Some(CloseFrame {
        code,
        reason: reason[..end].into(),
    }))
}
