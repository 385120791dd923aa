//! Killing a bulk anonymization half-way: `tillit retention run` is SIGKILLed while it works
//! through customers inactive for years, and every customer is then either fully anonymized
//! (with its receipt and ledger row) or exactly as it was; running it again finishes the job
//! without anonymizing anyone twice. Runs on SQLite and, when `TILLIT_TEST_DATABASE_URL` is set,
//! on PostgreSQL.
//!
//! It lives in the `tillit` package (not `tests/`) because it needs the real binary to kill.

// A test fails by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::SecretString;
use tillit::config::Config;
use tillit::entities::{anonymization_ledger, anonymization_receipt, contact, customer};
use uuid::Uuid;

const KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const CUSTOMERS: u64 = 600;

/// What must survive untouched on a customer that was not anonymized.
#[derive(Debug, Clone, PartialEq)]
struct Person {
    display_name: String,
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    identity_number: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    note: Option<String>,
    state: String,
    contacts: Vec<ContactData>,
}

/// A contact's name, e-mail and phone.
type ContactData = (String, Option<String>, Option<String>);

async fn people(db: &impl ConnectionTrait) -> HashMap<Uuid, (i64, Person)> {
    let mut contacts: HashMap<Uuid, Vec<ContactData>> = HashMap::new();
    for c in contact::Entity::find().all(db).await.unwrap() {
        contacts
            .entry(c.customer_id)
            .or_default()
            .push((c.name, c.email, c.phone));
    }
    customer::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            let mut own = contacts.remove(&c.id).unwrap_or_default();
            own.sort();
            let person = Person {
                display_name: c.display_name,
                first_name: c.first_name,
                last_name: c.last_name,
                company_name: c.company_name,
                identity_number: c.identity_number,
                email: c.email,
                phone: c.phone,
                note: c.note,
                state: c.state,
                contacts: own,
            };
            (c.id, (c.number, person))
        })
        .collect()
}

fn retention_run(config: &Config) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tillit"));
    cmd.args([
        "retention",
        "run",
        "--inactive-months",
        "12",
        "--batch-size",
        "10",
    ])
    .arg("--data-dir")
    .arg(&config.data_dir)
    .arg("--config")
    .arg(config.data_dir.join("absent.toml"))
    .env("TILLIT_MASTER_KEY", KEY)
    .env_remove("DATABASE_URL")
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    if let Some(url) = &config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd
}

async fn crash_in_the_middle(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: dir.path().join("data"),
        database_url,
        master_key: Some(SecretString::from(KEY)),
        db_max_connections: 2,
        ..Config::default()
    };
    let state = tillit::open(config.clone()).await.unwrap();
    let db = &state.db;
    let as_of = NaiveDate::from_ymd_opt(2022, 1, 15).unwrap();
    tillit::features::demo::seed_as_of(db, CUSTOMERS, 3, as_of)
        .await
        .unwrap();
    let before = people(db).await;
    let candidates = tillit::features::anonymization::retention::candidates(
        db,
        &tillit::features::auth::Actor::System,
        12,
    )
    .await
    .unwrap();
    let eligible: Vec<Uuid> = candidates
        .iter()
        .filter(|c| c.blocked.is_none())
        .map(|c| c.id)
        .collect();
    assert!(eligible.len() > 100, "only {} eligible", eligible.len());

    // Kill the run as soon as it has anonymized someone.
    let mut child = retention_run(&config).spawn().unwrap();
    let started = Instant::now();
    loop {
        let done = anonymization_ledger::Entity::find()
            .count(db)
            .await
            .unwrap();
        if done > 0 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "nothing anonymized in 2 min"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let after = people(db).await;
    let ledger: HashMap<Uuid, _> = anonymization_ledger::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.customer_id, l))
        .collect();
    let mut anonymized = 0;
    for (id, (number, was)) in &before {
        let (_, now) = &after[id];
        let receipts = anonymization_receipt::Entity::find()
            .filter(anonymization_receipt::Column::CustomerId.eq(*id))
            .count(db)
            .await
            .unwrap();
        if now.state == "anonymized" {
            anonymized += 1;
            assert!(eligible.contains(id), "customer {number} was not eligible");
            assert_eq!(now.display_name, format!("Anonymized customer {number}"));
            let personal = [
                &now.first_name,
                &now.last_name,
                &now.company_name,
                &now.identity_number,
                &now.email,
                &now.phone,
                &now.note,
            ];
            assert!(personal.iter().all(|f| f.is_none()), "{now:?}");
            assert_eq!(now.contacts.len(), was.contacts.len());
            assert!(
                now.contacts
                    .iter()
                    .all(|(name, email, phone)| name == "Anonymized contact"
                        && email.is_none()
                        && phone.is_none()),
                "{now:?}"
            );
            assert!(
                ledger.contains_key(id),
                "customer {number} has no ledger row"
            );
            assert_eq!(receipts, 1, "customer {number}");
        } else {
            assert_eq!(now, was, "customer {number} was changed but not anonymized");
            assert!(
                !ledger.contains_key(id),
                "customer {number} is in the ledger"
            );
            assert_eq!(receipts, 0, "customer {number} has a receipt");
        }
    }
    assert!(anonymized > 0);
    assert!(
        anonymized < eligible.len(),
        "the run finished before the kill ({anonymized} of {})",
        eligible.len()
    );

    // Running it again finishes the job, and nobody is anonymized twice.
    let status = retention_run(&config).status().unwrap();
    assert!(status.success());
    let finished = people(db).await;
    for id in &eligible {
        assert_eq!(finished[id].1.state, "anonymized");
    }
    let receipts = anonymization_receipt::Entity::find()
        .count(db)
        .await
        .unwrap();
    assert_eq!(receipts, eligible.len() as u64);
    let untouched = finished
        .iter()
        .filter(|(id, _)| !eligible.contains(id))
        .all(|(id, (_, p))| *p == before[id].1);
    assert!(untouched, "a customer that was not eligible changed");
    state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_bulk_run_leaves_each_customer_whole_on_sqlite() {
    crash_in_the_middle(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_bulk_run_leaves_each_customer_whole_on_postgres() {
    let Some(base) = std::env::var("TILLIT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("SKIPPED: PostgreSQL variant (TILLIT_TEST_DATABASE_URL is not set)");
        return;
    };
    let name = format!("tillit_test_{}", Uuid::new_v4().simple());
    let admin = Database::connect(&base).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (root, query) = match base.split_once('?') {
        Some((b, q)) => (b.to_owned(), Some(q.to_owned())),
        None => (base.clone(), None),
    };
    let root = &root[..root.rfind('/').unwrap()];
    let url = match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    };
    crash_in_the_middle(Some(url)).await;
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
