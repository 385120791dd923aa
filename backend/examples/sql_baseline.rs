//! The raw-SQL references of the webshop consent lookup (W1), for `cargo xtask bench --workload
//! webshop`: the same single statement the lookup runs (the contacts with this e-mail among live
//! customers, each with its current consent for every active purpose and the declaration in
//! force), through the server's own connection pool — but no GraphQL, authentication or audit.
//!
//! Two modes:
//! - `--listen ADDR`: a minimal HTTP server (axum, like Tillit) answering
//!   `POST /w1 {"email": "…"}` with the rows as JSON, so the same load generator drives both and
//!   the difference is exactly what Tillit adds on top of the query.
//! - `--emails FILE --clients N --seconds S`: the statement issued in-process by N tasks, with no
//!   HTTP at all (the database's own floor); prints one JSON line `{"requests", "errors",
//!   "seconds", "p50_us", "p99_us", "p999_us"}`.
//!
//! Common flags: `--data-dir D --config C [--database-url U]`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use tillit::config::{Config, ConfigOverrides};

struct Args {
    data_dir: PathBuf,
    config: PathBuf,
    database_url: Option<String>,
    listen: Option<String>,
    emails: PathBuf,
    clients: usize,
    seconds: u64,
}

fn args() -> Result<Args> {
    let mut out = Args {
        data_dir: PathBuf::from("./data"),
        config: PathBuf::from("tillit.toml"),
        database_url: None,
        listen: None,
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
            "--listen" => out.listen = Some(value),
            "--emails" => out.emails = value.into(),
            "--clients" => out.clients = value.parse().context("--clients")?,
            "--seconds" => out.seconds = value.parse().context("--seconds")?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(out)
}

/// The lookup as one statement: what `webshop::service::find` runs, without the access scope
/// (the bench key has no groups, so its scope is "unrestricted customers").
fn statement(backend: DbBackend, email: &str) -> Statement {
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let sql = format!(
        "SELECT ct.id AS contact_id, ct.customer_id, p.key AS purpose_key, cc.decision, \
         cc.declaration_version, cc.valid_until, \
         (SELECT max(version) FROM consent_declarations) AS current_declaration \
         FROM (SELECT ct.id, ct.customer_id, ct.created_at FROM contacts ct \
         JOIN customers c ON c.id = ct.customer_id \
         WHERE NOT ct.archived AND c.state <> {} AND ct.email = {} AND NOT c.restricted \
         ORDER BY ct.created_at, ct.id LIMIT 20) ct \
         LEFT JOIN consent_purposes p ON p.active \
         LEFT JOIN current_consents cc ON cc.contact_id = ct.id AND cc.purpose_id = p.id \
         ORDER BY ct.created_at, ct.id, p.sort_order, p.key",
        p(1),
        p(2)
    );
    Statement::from_sql_and_values(backend, sql, ["anonymized".into(), email.into()])
}

/// The rows of one lookup as JSON: `[{contactId, customerId, consents: [{purpose, decision}]}]`.
async fn lookup(db: &DatabaseConnection, email: &str) -> Result<serde_json::Value> {
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), email))
        .await?;
    let mut contacts: Vec<serde_json::Value> = Vec::new();
    let mut last: Option<uuid::Uuid> = None;
    for row in rows {
        let id: uuid::Uuid = row.try_get("", "contact_id")?;
        if last != Some(id) {
            let customer: uuid::Uuid = row.try_get("", "customer_id")?;
            contacts.push(serde_json::json!({
                "id": id, "customerId": customer, "consents": [],
            }));
            last = Some(id);
        }
        let purpose: Option<String> = row.try_get("", "purpose_key")?;
        let decision: Option<String> = row.try_get("", "decision")?;
        if let (Some(purpose), Some(contact)) = (purpose, contacts.last_mut())
            && let Some(consents) = contact["consents"].as_array_mut()
        {
            consents.push(serde_json::json!({ "purpose": purpose, "decision": decision }));
        }
    }
    Ok(serde_json::Value::Array(contacts))
}

#[derive(serde::Deserialize)]
struct W1 {
    email: String,
}

async fn w1(
    State(db): State<DatabaseConnection>,
    Json(body): Json<W1>,
) -> Result<Json<serde_json::Value>, StatusCode> {
    match lookup(&db, &body.email).await {
        Ok(found) => Ok(Json(
            serde_json::json!({ "data": { "webshopContacts": found } }),
        )),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// Nearest rank, as the bench harness computes it.
fn percentile(sorted: &[Duration], p: f64) -> u128 {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1))
        .map_or(0, Duration::as_micros)
}

async fn in_process(db: DatabaseConnection, args: &Args) -> Result<()> {
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
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let db = db.clone();
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
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    let config = Config::load(
        &args.config,
        &ConfigOverrides {
            data_dir: Some(args.data_dir.clone()),
            database_url: args.database_url.clone(),
            ..ConfigOverrides::default()
        },
    )?;
    let state = tillit::open(config).await?;
    let result = match &args.listen {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            let app = axum::Router::new()
                .route("/w1", axum::routing::post(w1))
                .route("/readyz", axum::routing::get(|| async { "ready" }))
                .with_state(state.db.clone());
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    use tokio::signal::unix::{SignalKind, signal};
                    match signal(SignalKind::terminate()) {
                        Ok(mut term) => {
                            term.recv().await;
                        }
                        Err(_) => std::future::pending::<()>().await,
                    }
                })
                .await
                .context("serving")
        }
        None => in_process(state.db.clone(), &args).await,
    };
    state.close().await;
    result
}
