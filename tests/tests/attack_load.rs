//! The connection layer under attack and at shutdown: slowloris clients are cut off after the
//! header timeout, a trickled body after the request timeout, 5,000 concurrent connections do not stop `/healthz` from answering, and a
//! shutdown lets the request in flight and a running background job finish before the server
//! stops.

mod common;

use std::time::Duration;

use common::*;
use futures::StreamExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn host(app: &TestApp) -> String {
    app.url.trim_start_matches("http://").to_owned()
}

/// Reads until the peer closes the connection (or `limit` passes: `false`).
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 1024];
    tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

async fn healthz(app: &TestApp) -> reqwest::StatusCode {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slowloris_clients_are_cut_off_and_others_are_served() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            tweak: Some(Box::new(|c| c.header_timeout_seconds = 2)),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let addr = host(&app);
    // 200 clients each trickle a header line every 300 ms — they would take a minute.
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream
            .write_all(b"POST /graphql HTTP/1.1\r\nHost: tillit\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    let trickle = {
        let mut streams: Vec<TcpStream> = Vec::new();
        for s in slow.drain(..100) {
            streams.push(s);
        }
        tokio::spawn(async move {
            for i in 0..200 {
                for s in &mut streams {
                    let _ = s.write_all(format!("X-Slow-{i}: 1\r\n").as_bytes()).await;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        })
    };
    // Meanwhile everyone else is served.
    assert_eq!(healthz(&app).await, reqwest::StatusCode::OK);
    // The silent ones are closed by the server after the header timeout.
    for stream in &mut slow {
        assert!(
            closed_within(stream, Duration::from_secs(20)).await,
            "a slowloris connection was kept open"
        );
    }
    trickle.abort();
    // An idle kept-alive connection is closed the same way.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: tillit\r\n\r\n")
        .await
        .unwrap();
    assert!(closed_within(&mut idle, Duration::from_secs(20)).await);
    assert_eq!(healthz(&app).await, reqwest::StatusCode::OK);
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_body_is_cut_off_with_408() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            tweak: Some(Box::new(|c| c.request_timeout_seconds = 2)),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    // Headers complete, then the body one byte at a time (R.U.D.Y.): it would take minutes.
    let mut stream = TcpStream::connect(host(&app)).await.unwrap();
    stream
        .write_all(
            b"POST /graphql HTTP/1.1\r\nHost: tillit\r\nContent-Type: application/json\r\n\
              X-Tillit-Csrf: 1\r\nContent-Length: 200000\r\n\r\n{",
        )
        .await
        .unwrap();
    let trickle = async {
        for _ in 0..600 {
            if stream.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(4), trickle).await;
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut response)).await;
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert_eq!(healthz(&app).await, reqwest::StatusCode::OK);
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_connections_and_healthz_still_answers() {
    const CONNECTIONS: usize = 5_000;
    // Both ends of every connection live in this process.
    rlimit::increase_nofile_limit(u64::MAX).unwrap();
    let (soft, _) = rlimit::Resource::NOFILE.get().unwrap();
    if soft < (2 * CONNECTIONS + 1_000) as u64 {
        eprintln!("SKIPPED: the open-file limit ({soft}) is too low for {CONNECTIONS} connections");
        return;
    }
    let app = TestApp::spawn(Engine::Sqlite).await.unwrap();
    let addr = host(&app);
    let streams: Vec<TcpStream> = futures::stream::iter(0..CONNECTIONS)
        .map(|_| {
            let addr = addr.clone();
            async move { TcpStream::connect(addr).await.unwrap() }
        })
        .buffer_unordered(256)
        .collect()
        .await;
    assert_eq!(streams.len(), CONNECTIONS);
    // All of them open and silent: a new client is still answered.
    assert_eq!(healthz(&app).await, reqwest::StatusCode::OK);

    // Now all of them ask at once, while a monitor keeps asking on its own connection.
    let monitor = {
        let url = format!("{}/healthz", app.url);
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut answered = 0;
            for _ in 0..20 {
                if client
                    .get(&url)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
                {
                    answered += 1;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            answered
        })
    };
    let ok: usize = futures::stream::iter(streams)
        .map(|mut stream| async move {
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: tillit\r\nConnection: close\r\n\r\n")
                .await
                .unwrap();
            let mut response = Vec::new();
            let _ =
                tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut response))
                    .await;
            usize::from(response.starts_with(b"HTTP/1.1 200"))
        })
        .buffer_unordered(CONNECTIONS)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .sum();
    assert_eq!(ok, CONNECTIONS);
    assert_eq!(monitor.await.unwrap(), 20);
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_finishes_the_request_in_flight_then_stops() {
    let mut app = TestApp::spawn(Engine::Sqlite).await.unwrap();
    app.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let cookie = app.cookie_login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let addr = host(&app);
    let body = json!({
        "query": "mutation { createCustomer(input: { kind: BUSINESS, companyName: \"Mitt i flygningen AB\" }) { id } }"
    })
    .to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    // Headers and half the body, then the shutdown signal.
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(
            format!(
                "POST /graphql HTTP/1.1\r\nHost: tillit\r\nContent-Type: application/json\r\n\
                 X-Tillit-Csrf: 1\r\nCookie: {cookie}\r\nContent-Length: {}\r\n\r\n{first}",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    // A background job (a webhook round, say) that is busy when the signal comes.
    let job_done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let started = std::sync::Arc::new(tokio::sync::Notify::new());
    {
        let (job_done, started) = (job_done.clone(), started.clone());
        app.state.every(Duration::from_secs(3600), move |_| {
            let (job_done, started) = (job_done.clone(), started.clone());
            async move {
                started.notify_one();
                tokio::time::sleep(Duration::from_millis(1500)).await;
                job_done.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        });
    }
    started.notified().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let state = app.state.clone();
    let stopping = tokio::spawn(async move {
        let result = app.shut_down().await;
        (app, result)
    });
    // No new connections once the shutdown began …
    let mut refused = false;
    for _ in 0..50 {
        if TcpStream::connect(&addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        refused,
        "still accepting connections after the shutdown signal"
    );
    assert!(!stopping.is_finished(), "stopped with a request in flight");
    // … but the request in flight completes.
    stream.write_all(rest.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("createCustomer"), "{response}");
    let (app, result) = stopping.await.unwrap();
    result.unwrap();
    // The server returned only after the background job had finished.
    assert!(job_done.load(std::sync::atomic::Ordering::SeqCst));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 1);
    state.close().await;
}
