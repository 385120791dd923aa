//! The raw-SQL floor of the webshop consent lookup, for `cargo xtask bench --workload webshop`:
//! the same two statements the lookup runs (the contact by e-mail among unrestricted, live
//! customers, then its current consents), issued straight through the server's own connection
//! pool by `--clients` concurrent tasks for `--seconds`, with no HTTP, GraphQL, auth or audit.
//!
//! `sql_baseline --data-dir D --config C [--database-url U] --emails FILE --clients N --seconds S`
//! prints one JSON line: `{"requests", "errors", "seconds", "p50_us", "p99_us", "p999_us"}`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use tillit::config::{Config, ConfigOverrides};

struct Args {
    data_dir: PathBuf,
    config: PathBuf,
    database_url: Option<String>,
    emails: PathBuf,
    clients: usize,
    seconds: u64,
}

fn args() -> Result<Args> {
    let mut out = Args {
        data_dir: PathBuf::from("./data"),
        config: PathBuf::from("tillit.toml"),
        database_url: None,
        emails: PathBuf::new(),
        clients: 50,
        seconds: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--data-dir" => out.data_dir = value.into(),
            "--config" => out.config = value.into(),
            "--database-url" => out.database_url = Some(value),
            "--emails" => out.emails = value.into(),
            "--clients" => out.clients = value.parse().context("--clients")?,
            "--seconds" => out.seconds = value.parse().context("--seconds")?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(out)
}

async fn lookup(db: &DatabaseConnection, email: &str) -> Result<usize> {
    let backend = db.get_database_backend();
    let (contacts, consents) = match backend {
        DbBackend::Postgres => (
            "SELECT ct.id FROM contacts ct JOIN customers c ON c.id = ct.customer_id \
             WHERE NOT ct.archived AND c.state <> 'anonymized' AND ct.email = $1 \
             AND NOT c.restricted ORDER BY ct.created_at, ct.id LIMIT 20",
            "SELECT purpose_id, decision, source, declaration_version, changed_at \
             FROM current_consents WHERE contact_id = $1",
        ),
        _ => (
            "SELECT ct.id FROM contacts ct JOIN customers c ON c.id = ct.customer_id \
             WHERE NOT ct.archived AND c.state <> 'anonymized' AND ct.email = ? \
             AND NOT c.restricted ORDER BY ct.created_at, ct.id LIMIT 20",
            "SELECT purpose_id, decision, source, declaration_version, changed_at \
             FROM current_consents WHERE contact_id = ?",
        ),
    };
    let found = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            contacts,
            [email.into()],
        ))
        .await?;
    let mut rows = 0;
    for contact in found {
        let id: uuid::Uuid = contact.try_get("", "id")?;
        rows += db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                consents,
                [id.into()],
            ))
            .await?
            .len();
    }
    Ok(rows)
}

/// Nearest rank, as the bench harness computes it.
fn percentile(sorted: &[Duration], p: f64) -> u128 {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1))
        .map_or(0, Duration::as_micros)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    let emails: Arc<Vec<String>> = Arc::new(
        std::fs::read_to_string(&args.emails)
            .with_context(|| format!("reading {}", args.emails.display()))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    );
    if emails.is_empty() {
        bail!("no e-mails in {}", args.emails.display());
    }
    let config = Config::load(
        &args.config,
        &ConfigOverrides {
            data_dir: Some(args.data_dir),
            database_url: args.database_url,
            ..ConfigOverrides::default()
        },
    )?;
    let state = tillit::open(config).await?;
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let db = state.db.clone();
        let emails = emails.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut i = client;
            while Instant::now() < deadline {
                let email = &emails[i % emails.len()];
                i += 7;
                let t = Instant::now();
                match lookup(&db, email).await {
                    Ok(_) => latencies.push(t.elapsed()),
                    Err(_) => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await?;
        all.extend(latencies);
        errors += e;
    }
    let seconds = started.elapsed().as_secs_f64();
    all.sort();
    println!(
        "{}",
        serde_json::json!({
            "requests": all.len(),
            "errors": errors,
            "seconds": seconds,
            "p50_us": percentile(&all, 0.50),
            "p99_us": percentile(&all, 0.99),
            "p999_us": percentile(&all, 0.999),
        })
    );
    state.close().await;
    Ok(())
}
