//! The outbox with an SMTP server: a My page invitation is delivered over SMTP (to a small SMTP
//! server started by the test), a server that is down leaves the message waiting with its error,
//! and repeated failures end as `FAILED` — nothing is dropped silently.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use tillit::features::outbox::sender::Sender;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// Accepts every message; each message's DATA (headers and body) is sent to the channel.
async fn smtp_sink() -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket, tx.clone()));
        }
    });
    (url, rx)
}

async fn serve(socket: TcpStream, tx: mpsc::UnboundedSender<String>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if command.starts_with("DATA") {
            let _ = write.write_all(b"354 end with .\r\n").await;
            let mut data = String::new();
            while let Ok(Some(l)) = lines.next_line().await {
                if l == "." {
                    break;
                }
                data.push_str(&l);
                data.push('\n');
            }
            let _ = tx.send(data);
            b"250 queued\r\n"
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            break;
        } else {
            b"250 OK\r\n"
        };
        let _ = write.write_all(reply).await;
    }
}

/// Quoted-printable undone as far as the link needs: soft line breaks removed, `=3D` is `=`.
fn unfolded(data: &str) -> String {
    data.replace("=\n", "").replace("=3D", "=")
}

/// A port where nothing listens.
async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("smtp://{addr}")
}

const INVITE: &str =
    "mutation($c: ID!) { inviteContactToPortal(contactId: $c) { link messageStatus messageId } }";
const MESSAGES: &str = "{ outgoingMessages { id toAddress status attempts lastError sentAt } }";

async fn contact(app: &TestApp, name: &str, email: &str) -> String {
    let customer = create_customer(app, business(&format!("{name} AB"))).await;
    let c = create_contact(
        app,
        customer["id"].as_str().unwrap(),
        json!({ "name": name, "email": email }),
    )
    .await;
    c["id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_delivery_on_sqlite() {
    invitations_go_out_over_smtp_and_failures_wait_and_then_fail(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_delivery_on_postgres() {
    invitations_go_out_over_smtp_and_failures_wait_and_then_fail(Engine::Postgres).await;
}

async fn invitations_go_out_over_smtp_and_failures_wait_and_then_fail(engine: Engine) {
    let (url, mut received) = smtp_sink().await;
    let Some(app) = TestApp::spawn_with(
        engine,
        Options {
            smtp_url: Some(url.clone()),
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    app.login_admin().await;
    let id = contact(&app, "Sara Smtp", "sara.smtp@example.se").await;
    let res = app.gql(INVITE, json!({ "c": id })).await;
    let invitation = &res["data"]["inviteContactToPortal"];
    assert_eq!(invitation["messageStatus"], "PENDING", "{res}");
    let link = invitation["link"].as_str().unwrap().to_owned();

    let sender = Sender::new(&url, "Tillit <no-reply@tillit.test>").unwrap();
    assert_eq!(sender.run_once(&app.state.db).await.unwrap(), 1);
    let data = tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .expect("the SMTP server got nothing")
        .unwrap();
    let data = unfolded(&data);
    assert!(data.contains("To: sara.smtp@example.se"), "{data}");
    assert!(
        data.contains("From: Tillit <no-reply@tillit.test>"),
        "{data}"
    );
    assert!(data.contains(&link), "the link is in the mail:\n{data}");
    let res = app.gql(MESSAGES, json!({})).await;
    let message = &res["data"]["outgoingMessages"][0];
    assert_eq!(message["status"], "SENT", "{res}");
    assert_eq!(message["attempts"], 1);
    assert!(message["sentAt"].is_string());
    // Sent once: nothing is due any more.
    assert_eq!(sender.run_once(&app.state.db).await.unwrap(), 0);

    // The SMTP server is down: the message waits, with the error, for a later attempt.
    let id = contact(&app, "Olle Offline", "olle@example.se").await;
    app.gql(INVITE, json!({ "c": id })).await;
    let down = Sender::new(&closed_port().await, "Tillit <no-reply@tillit.test>").unwrap();
    assert_eq!(down.run_once(&app.state.db).await.unwrap(), 0);
    let res = app.gql(MESSAGES, json!({})).await;
    let waiting = &res["data"]["outgoingMessages"][0];
    assert_eq!(waiting["toAddress"], "olle@example.se", "{res}");
    assert_eq!(waiting["status"], "PENDING");
    assert_eq!(waiting["attempts"], 1);
    assert!(
        waiting["lastError"].as_str().is_some_and(|e| !e.is_empty()),
        "{res}"
    );
    // Not retried before its backoff is over …
    assert_eq!(down.run_once(&app.state.db).await.unwrap(), 0);
    let res = app.gql(MESSAGES, json!({})).await;
    assert_eq!(res["data"]["outgoingMessages"][0]["attempts"], 1, "{res}");
    // … and when the server is back, it arrives.
    app.exec("UPDATE outgoing_messages SET next_attempt_at = created_at WHERE status = 'pending'")
        .await;
    assert_eq!(sender.run_once(&app.state.db).await.unwrap(), 1);
    let data = unfolded(&received.recv().await.unwrap());
    assert!(data.contains("To: olle@example.se"), "{data}");

    // A message that keeps failing ends as FAILED after the last attempt, still listed.
    let id = contact(&app, "Fia Fail", "fia@example.se").await;
    app.gql(INVITE, json!({ "c": id })).await;
    app.exec("UPDATE outgoing_messages SET attempts = 7 WHERE status = 'pending'")
        .await;
    assert_eq!(down.run_once(&app.state.db).await.unwrap(), 0);
    let res = app.gql(MESSAGES, json!({})).await;
    let failed = &res["data"]["outgoingMessages"][0];
    assert_eq!(failed["toAddress"], "fia@example.se", "{res}");
    assert_eq!(failed["status"], "FAILED");
    assert_eq!(failed["attempts"], 8);
    app.state.close().await;
}
