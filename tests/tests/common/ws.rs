//! A GraphQL-over-WebSocket client (`graphql-transport-ws`) for the subscription tests.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::TestApp;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub fn ws_url(app: &TestApp) -> String {
    format!("{}/graphql/ws", app.url.replacen("http", "ws", 1))
}

/// Opens a connection with the given extra headers; the upgrade's HTTP status on refusal.
pub async fn open(app: &TestApp, headers: &[(&str, &str)]) -> Result<Socket, u16> {
    let mut request = ws_url(app).into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    for (name, value) in headers {
        request.headers_mut().insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, response)) => {
            assert_eq!(
                response.headers()["sec-websocket-protocol"],
                "graphql-transport-ws"
            );
            Ok(socket)
        }
        Err(WsError::Http(response)) => Err(response.status().as_u16()),
        Err(e) => panic!("connecting failed: {e}"),
    }
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next protocol message, or the close frame as `{"close": code, "reason": …}`.
pub async fn next(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(20), socket.next())
            .await
            .expect("no message from the server within 20 s")
            .expect("the connection ended without a close frame")
            .unwrap();
        match message {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["type"] == "ping" {
                    continue;
                }
                return value;
            }
            Message::Close(frame) => {
                let frame = frame.expect("a close frame with a code");
                return json!({ "close": u16::from(frame.code), "reason": frame.reason.as_str() });
            }
            _ => {}
        }
    }
}

/// Connects and sends `connection_init` with `payload`; the server's answer.
pub async fn init(app: &TestApp, headers: &[(&str, &str)], payload: Value) -> (Socket, Value) {
    let mut socket = open(app, headers).await.unwrap();
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    let answer = next(&mut socket).await;
    (socket, answer)
}

/// The code of the first error in a `next` (or `error`) message.
pub fn error_of(message: &Value) -> &Value {
    if message["type"] == "error" {
        &message["payload"][0]["extensions"]["code"]
    } else {
        &message["payload"]["errors"][0]["extensions"]["code"]
    }
}

/// The next protocol message if one arrives within `wait` (a subscription that has nothing to
/// say yet stays silent).
pub async fn next_within(socket: &mut Socket, wait: Duration) -> Option<Value> {
    tokio::time::timeout(wait, next(socket)).await.ok()
}
