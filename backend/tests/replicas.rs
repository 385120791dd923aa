//! Two `tillit serve` processes on one PostgreSQL database, as in the scaled-out deployment
//! (`docker-compose.yml`): nothing a request needs lives in one replica's memory. A sign-in
//! begun on one replica is finished and used on the other; a lockout earned on one holds on the
//! other; the scheduled backup runs once, on whichever replica holds its lease; and each
//! periodic job (webhooks, audit sealing, retention; the e-mail outbox too when SMTP is set) has
//! exactly one leader, which gives its leases back when it stops.
//!
//! PostgreSQL only (SQLite is one process by design): skipped with a SKIPPED line when
//! `TILLIT_TEST_DATABASE_URL` is not set. It lives in the `tillit` package for the real binary.

// A test fails by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};

const KEY: &str = "4444444444444444444444444444444444444444444444444444444444444444";
const ADMIN: &str = "replica-admin@tillit.test";
const CLERK: &str = "replica-clerk@tillit.test";
const PASSWORD: &str = "två-repliker-en-databas";

fn database_url(base: &str, db: &str) -> String {
    let (base, query) = base
        .split_once('?')
        .map_or((base, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let root = base[scheme_end..]
        .find('/')
        .map_or(base, |i| &base[..scheme_end + i]);
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

/// `tillit ARGS` for one replica: its own data directory and tillit.toml, the shared database
/// and master key.
fn tillit(data: &Path, url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tillit"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(data.join("tillit.toml"))
        .arg("--database-url")
        .arg(url)
        .env("TILLIT_MASTER_KEY", KEY)
        .env_remove("DATABASE_URL");
    cmd
}

fn create_user(data: &Path, url: &str, email: &str, admin: bool) {
    let mut args = vec!["user", "create", "--email", email, "--password-stdin"];
    if admin {
        args.push("--admin");
    }
    let mut child = tillit(data, url, &args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Replica {
    child: Child,
    url: String,
    log: std::path::PathBuf,
}

impl Replica {
    /// Starts `tillit serve` with a backup schedule (daily, into a directory both replicas
    /// share) and waits until it is ready.
    async fn start(root: &Path, name: &str, url: &str, backups: &Path) -> Replica {
        let data = root.join(name);
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            data.join("tillit.toml"),
            format!(
                "[backup]\nschedule = true\nhourly_keep = 0\ndaily_keep = 3\n\
                 drill_interval_hours = 0\n\n[[backup.destinations]]\nkind = \"local\"\n\
                 name = \"shared\"\npath = \"{}\"\n",
                backups.display()
            ),
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = root.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let child = tillit(
            &data,
            url,
            &["serve", "--bind", &format!("127.0.0.1:{port}")],
        )
        .arg("--static-dir")
        .arg(data.join("no-spa"))
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
        let replica = Replica {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            let ready = client
                .get(format!("{}/readyz", replica.url))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return replica;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{name} never got ready: {}",
                std::fs::read_to_string(&replica.log).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A GraphQL request with `cookie`; returns the body and the cookies it sets.
    async fn gql(&self, cookie: &str, query: &str, variables: Value) -> (Value, Vec<String>) {
        let res = reqwest::Client::new()
            .post(format!("{}/graphql", self.url))
            .header("cookie", cookie)
            .header("x-tillit-csrf", "1")
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .unwrap();
        let cookies = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_owned)
            .collect();
        (res.json().await.unwrap(), cookies)
    }

    async fn metrics(&self) -> String {
        reqwest::get(format!("{}/metrics", self.url))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    fn stop(mut self) -> String {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let started = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("a replica did not stop within a minute of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn totp(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    )
    .generate_current()
    .unwrap()
}

fn job_count(metrics: &str, job: &str, outcome: &str) -> u64 {
    metrics
        .lines()
        .find(|l| {
            l.starts_with(&format!(
                "tillit_job_runs_total{{job=\"{job}\",outcome=\"{outcome}\"}}"
            ))
        })
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_share_sessions_lockouts_and_run_each_schedule_once() {
    let Some(base) = std::env::var("TILLIT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("SKIPPED: two replicas need PostgreSQL (TILLIT_TEST_DATABASE_URL is not set)");
        return;
    };
    let name = format!("tillit_replicas_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&base).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let url = database_url(&base, &name);

    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    create_user(&dir.path().join("a"), &url, ADMIN, true);
    create_user(&dir.path().join("a"), &url, CLERK, false);
    let a = Replica::start(dir.path(), "a", &url, &backups).await;
    let b = Replica::start(dir.path(), "b", &url, &backups).await;

    // A sign-in: the password on A, the second factor enrolled across both, used on B.
    let (res, cookies) = a
        .gql(
            "",
            "mutation($i: LoginInput!) { login(input: $i) { next } }",
            json!({ "i": { "email": ADMIN, "password": PASSWORD } }),
        )
        .await;
    assert_eq!(
        res["data"]["login"]["next"], "MFA_ENROLLMENT_REQUIRED",
        "{res}"
    );
    let cookie = cookies.join("; ");
    let (res, _) = b
        .gql(
            &cookie,
            "mutation { beginTotpEnrollment { secret } }",
            json!({}),
        )
        .await;
    let secret = res["data"]["beginTotpEnrollment"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("B does not know A's pending session: {res}"))
        .to_owned();
    let (res, more) = a
        .gql(
            &cookie,
            "mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }",
            json!({ "c": totp(&secret) }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    // The session may be re-issued when it becomes full; use the newest cookies.
    let cookie = if more.is_empty() {
        cookie
    } else {
        more.join("; ")
    };
    for replica in [&a, &b] {
        let (res, _) = replica
            .gql(&cookie, "{ me { email isAdmin } }", json!({}))
            .await;
        assert_eq!(res["data"]["me"]["email"], ADMIN, "{res}");
    }
    // Signing out on B ends the session on A as well.
    let (res, _) = b.gql(&cookie, "mutation { logout }", json!({})).await;
    assert!(res["errors"].is_null(), "{res}");
    let (res, _) = a.gql(&cookie, "{ me { email } }", json!({})).await;
    assert!(
        res["data"]["me"].is_null(),
        "A still accepts a session ended on B: {res}"
    );

    // Five wrong passwords on A lock the account on B too.
    for _ in 0..5 {
        let (res, _) = a
            .gql(
                "",
                "mutation($i: LoginInput!) { login(input: $i) { next } }",
                json!({ "i": { "email": CLERK, "password": "fel lösenord" } }),
            )
            .await;
        assert!(!res["errors"].is_null(), "{res}");
    }
    let (res, _) = b
        .gql(
            "",
            "mutation($i: LoginInput!) { login(input: $i) { next } }",
            json!({ "i": { "email": CLERK, "password": PASSWORD } }),
        )
        .await;
    assert!(
        res["data"]["login"].is_null(),
        "B let a locked account in: {res}"
    );

    // The daily backup was due when both started: exactly one replica took it.
    let db = Database::connect(&url).await.unwrap();
    let count = |sql: &'static str| {
        let db = &db;
        async move {
            db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap()
        }
    };
    let started = Instant::now();
    while count("SELECT COUNT(*) FROM backups WHERE status <> 'running'").await == 0 {
        assert!(started.elapsed() < Duration::from_secs(60), "no backup ran");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Both schedules have looked at least once by now (they start at once); give a late one
    // time to decide, then count.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count("SELECT COUNT(*) FROM backups").await, 1);

    // Each periodic job ran on one replica, and the other saw it held. (The e-mail outbox runs
    // the same way when SMTP is configured, which it is not here.)
    let (ma, mb) = (a.metrics().await, b.metrics().await);
    for job in ["webhooks", "audit-seal", "retention"] {
        let ran = [&ma, &mb].map(|m| job_count(m, job, "succeeded") + job_count(m, job, "failed"));
        let skipped = [&ma, &mb].map(|m| job_count(m, job, "other_replica"));
        assert!(
            (ran[0] > 0 && ran[1] == 0 && skipped[1] > 0)
                || (ran[1] > 0 && ran[0] == 0 && skipped[0] > 0),
            "{job}: ran {ran:?}, left to the other {skipped:?}"
        );
    }
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM job_leases WHERE name IN ('webhooks', 'audit-seal', 'retention')"
        )
        .await,
        3
    );

    let (log_a, log_b) = (a.stop(), b.stop());
    assert!(!log_a.contains("panicked"), "{log_a}");
    assert!(!log_b.contains("panicked"), "{log_b}");
    // A stopped replica gives its leases back, so the survivor takes over at once.
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM job_leases WHERE name IN ('webhooks', 'audit-seal', 'retention')"
        )
        .await,
        0
    );
    drop(db);
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
}
