//! The raw-SQL references of the webshop consent lookup (W1), for `cargo xtask bench --workload
//! webshop`: the same single statement the lookup runs (the contacts with this e-mail among live
//! customers, each with its current consent for every active purpose and the declaration in
//! force), through the server's own connection pool — but no GraphQL, authentication or audit.
//!
//! Two modes:
//! - `--listen ADDR`: a minimal HTTP server (axum, like Tillit) answering
//!   `POST /w1 {"email": "…"}` with the rows as JSON, so the same load generator drives both and
//!   the difference is exactly what Tillit adds on top of the query; and `POST /w4 {"after": N}`
//!   with the reporting walk's next page (W4: 1 000 customers after number N with their
//!   contacts and current consents, the statements Tillit's `reportCustomers` runs), and
//!   `POST /w3 {"term": "…"}` with the first 25 customers Tillit's own search finds for an
//!   administrator (W3: `customers::search::search`, every statement it runs).
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

/// Customers in a W4 page.
const W4_PAGE: i64 = 1_000;

fn placeholders(backend: DbBackend, from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| match backend {
            DbBackend::Postgres => format!("${i}"),
            _ => "?".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `consents::ConsentStatus::of`, as the raw handler computes it.
fn status(
    decision: Option<&str>,
    version: i32,
    valid_until: Option<chrono::DateTime<chrono::Utc>>,
    current: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> &'static str {
    match decision {
        None => "NOT_ASKED",
        Some("granted") if valid_until.is_some_and(|v| v <= now) => "EXPIRED",
        Some("granted") if version < current => "OUTDATED",
        Some("granted") => "GRANTED",
        Some("withdrawn") => "WITHDRAWN",
        Some(_) => "DENIED",
    }
}

/// One page of the reporting walk: the active, unrestricted customers after number `after`, by
/// number, each with its contacts (not archived) and, per contact, a status for every active
/// purpose. Three reads, like Tillit's (customers, contacts, current consents) plus the purposes
/// and the declaration in force.
async fn report_page(db: &DatabaseConnection, after: Option<i64>) -> Result<serde_json::Value> {
    use serde_json::json;
    let backend = db.get_database_backend();
    let customers = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT id, number, display_name FROM customers \
                 WHERE state = 'active' AND NOT restricted AND number > {} \
                 ORDER BY number LIMIT {}",
                placeholders(backend, 1, 1),
                placeholders(backend, 2, 1)
            ),
            [after.unwrap_or(i64::MIN).into(), (W4_PAGE + 1).into()],
        ))
        .await?;
    let more = customers.len() as i64 > W4_PAGE;
    let mut nodes = Vec::new();
    let mut ids = Vec::new();
    for row in customers.iter().take(W4_PAGE as usize) {
        let id: uuid::Uuid = row.try_get("", "id")?;
        let number: i64 = row.try_get("", "number")?;
        let name: String = row.try_get("", "display_name")?;
        ids.push(id);
        nodes.push((
            id,
            json!({ "number": number, "displayName": name, "contacts": [] }),
        ));
    }
    let mut contacts: Vec<(uuid::Uuid, uuid::Uuid, serde_json::Value)> = Vec::new();
    if !ids.is_empty() {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT id, customer_id, name, email FROM contacts \
                     WHERE NOT archived AND customer_id IN ({}) ORDER BY customer_id, created_at, id",
                    placeholders(backend, 1, ids.len())
                ),
                ids.iter().map(|id| (*id).into()),
            ))
            .await?;
        for row in rows {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let customer: uuid::Uuid = row.try_get("", "customer_id")?;
            let name: String = row.try_get("", "name")?;
            let email: Option<String> = row.try_get("", "email")?;
            contacts.push((id, customer, json!({ "name": name, "email": email })));
        }
    }
    let purposes = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, key FROM consent_purposes WHERE active ORDER BY sort_order, key",
        ))
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                row.try_get::<uuid::Uuid>("", "id")?,
                row.try_get::<String>("", "key")?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let current: i32 = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COALESCE(max(version), 0) AS v FROM consent_declarations",
        ))
        .await?
        .context("no declaration row")?
        .try_get("", "v")?;
    type Current = (Option<String>, i32, Option<chrono::DateTime<chrono::Utc>>);
    let mut decisions: std::collections::HashMap<(uuid::Uuid, uuid::Uuid), Current> =
        std::collections::HashMap::new();
    for chunk in contacts.chunks(1_000) {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT contact_id, purpose_id, decision, declaration_version, valid_until \
                     FROM current_consents WHERE contact_id IN ({})",
                    placeholders(backend, 1, chunk.len())
                ),
                chunk.iter().map(|(id, _, _)| (*id).into()),
            ))
            .await?;
        for row in rows {
            decisions.insert(
                (
                    row.try_get("", "contact_id")?,
                    row.try_get("", "purpose_id")?,
                ),
                (
                    row.try_get("", "decision")?,
                    row.try_get("", "declaration_version")?,
                    row.try_get("", "valid_until")?,
                ),
            );
        }
    }
    let now = chrono::Utc::now();
    let index: std::collections::HashMap<uuid::Uuid, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    for (id, customer, mut contact) in contacts {
        let consents: Vec<serde_json::Value> = purposes
            .iter()
            .map(|(purpose, key)| {
                let status = match decisions.get(&(id, *purpose)) {
                    Some((decision, version, until)) => {
                        status(decision.as_deref(), *version, *until, current, now)
                    }
                    None => "NOT_ASKED",
                };
                json!({ "purpose": key, "status": status })
            })
            .collect();
        contact["consents"] = serde_json::Value::Array(consents);
        if let Some(list) = index
            .get(&customer)
            .and_then(|i| nodes[*i].1["contacts"].as_array_mut())
        {
            list.push(contact);
        }
    }
    let end = nodes.last().and_then(|(_, n)| n["number"].as_i64());
    Ok(json!({ "data": { "reportCustomers": {
        "nodes": nodes.into_iter().map(|(_, n)| n).collect::<Vec<_>>(),
        "pageInfo": { "endCursor": end, "hasNextPage": more },
    } } }))
}

#[derive(serde::Deserialize)]
struct W4 {
    after: Option<i64>,
}

async fn w4(
    State(db): State<DatabaseConnection>,
    Json(body): Json<W4>,
) -> Result<Json<serde_json::Value>, StatusCode> {
    report_page(&db, body.after)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

#[derive(serde::Deserialize)]
struct W3 {
    term: String,
}

/// W3: the first page of Tillit's search for an administrator — the search module's own
/// statements (its fast paths, candidate cap and ranking), without GraphQL, session or audit.
async fn w3(
    State(db): State<DatabaseConnection>,
    Json(body): Json<W3>,
) -> Result<Json<serde_json::Value>, StatusCode> {
    use tillit::features::{access::CustomerScope, customers::search};
    let page = search::search(&db, &CustomerScope::All, Some(&body.term), false, 0, 25)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let nodes: Vec<serde_json::Value> = page
        .customers
        .iter()
        .map(|c| serde_json::json!({ "id": c.id, "number": c.number, "displayName": c.display_name }))
        .collect();
    Ok(Json(serde_json::json!({ "data": { "customers": {
        "nodes": nodes,
        "pageInfo": { "hasNextPage": page.has_next_page },
    } } })))
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
    // The server's log filter unless RUST_LOG sets another (`sqlx::query=debug` times every
    // statement).
    tillit::telemetry::init(tillit::config::LogFormat::Pretty);
    let state = tillit::open(config).await?;
    let result = match &args.listen {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            let app = axum::Router::new()
                .route("/w1", axum::routing::post(w1))
                .route("/w3", axum::routing::post(w3))
                .route("/w4", axum::routing::post(w4))
                .route("/readyz", axum::routing::get(|| async { "ready" }))
                .with_state(state.db.clone());
            // Like Tillit's own accept loop: a large answer's last segment must not wait for
            // the client's delayed ACK.
            use axum::serve::ListenerExt as _;
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
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
