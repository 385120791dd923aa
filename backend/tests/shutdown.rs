//! SIGTERM against the real binary: a sign-in that is half sent when the signal arrives still
//! completes, the process exits 0 after closing its database, and a restart on the same data
//! finds what that request wrote. (The in-process variant, with the drain of background jobs, is
//! `tests/tests/attack_load.rs`.)
//!
//! It lives in the `tillit` package (not `tests/`) because it needs the real binary to signal.

// A test fails by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{EntityTrait, PaginatorTrait};
use secrecy::SecretString;
use tillit::config::Config;
use tillit::entities::session;

const KEY: &str = "3333333333333333333333333333333333333333333333333333333333333333";
const EMAIL: &str = "drift@tillit.test";
const PASSWORD: &str = "stänger-av-snällt-2026";

/// `tillit ARGS` on `data` (the options after the subcommand).
fn tillit(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tillit"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(data.join("absent.toml"))
        .env("TILLIT_MASTER_KEY", KEY)
        .env_remove("DATABASE_URL");
    cmd
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// The caller waits for the child (`wait_exit`); a failed start kills it first.
#[allow(clippy::zombie_processes)]
fn start(data: &Path, port: u16, log: &Path) -> Child {
    let log = std::fs::File::create(log).unwrap();
    let mut child = tillit(data, &["serve", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--static-dir")
        .arg(data.join("no-spa"))
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            s.write_all(b"GET /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                return child;
            }
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server never got ready");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not stop within a minute of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight_and_a_restart_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut create = tillit(
        &data,
        &[
            "user",
            "create",
            "--admin",
            "--email",
            EMAIL,
            "--name",
            "Drift",
            "--password-stdin",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    assert!(create.wait().unwrap().success());

    let port = free_port();
    let log = dir.path().join("server.log");
    let mut server = start(&data, port, &log);

    // A sign-in, half sent …
    let body = serde_json::json!({
        "query": "mutation($i: LoginInput!) { login(input: $i) { next } }",
        "variables": { "i": { "email": EMAIL, "password": PASSWORD } }
    })
    .to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(
            format!(
                "POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\n\r\n{first}",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // … when SIGTERM arrives.
    let signalled = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server exited with a request in flight"
    );
    stream.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("MFA_ENROLLMENT_REQUIRED"), "{answer}");

    let status = wait_exit(&mut server);
    let output = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "exit {status}: {output}");
    assert!(output.contains("stopped"), "{output}");

    // What the request wrote is there, and the server starts again on the same data.
    let config = Config {
        data_dir: data.clone(),
        master_key: Some(SecretString::from(KEY)),
        ..Config::default()
    };
    let state = tillit::open(config).await.unwrap();
    // (The password step opens a pending session; the access log's `auth.login` comes with
    // the second factor.)
    assert_eq!(session::Entity::find().count(&state.db).await.unwrap(), 1);
    state.close().await;
    let mut again = start(&data, free_port(), &dir.path().join("again.log"));
    Command::new("kill")
        .args(["-TERM", &again.id().to_string()])
        .status()
        .unwrap();
    assert!(wait_exit(&mut again).success());
}
