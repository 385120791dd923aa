//! W1, `--workload webshop`: the webshop's consent lookup by e-mail (`webshopContacts`, with an
//! API key, as a webshop backend sends it at checkout), next to the same query behind a minimal
//! HTTP handler (`sql_baseline --listen`: axum, the server's own pool, no GraphQL, authentication
//! or audit), both driven by the same load generator, run after run in turn. Each is measured
//! twice: a closed loop at `--connections` (the throughput ceiling) and an open loop at a fixed
//! offered rate (`--rate`, by default 70 % of Tillit's ceiling: the latency a webshop sees at a
//! load the server carries). Each row is the median of `--runs` runs. Last, with both servers
//! stopped, the statement alone in-process (the database's floor).
//!
//! Every answer is checked: a 200 with GraphQL `errors` counts as an error, not a success.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{Client, Dataset, TOTP_FILE, data, grouped, load, ms};
use crate::util;

const EMAILS: usize = 2_000;
const PURPOSES: &str = "{ consentPurposes { id } }";
const CONTACTS: &str = "query($f: ConsentContactFilter!, $after: String) { consentContacts(filter: $f, first: 1000, after: $after) { nodes { contact { email } } pageInfo { endCursor hasNextPage } } }";
const CREATE_KEY: &str = "mutation { createApiKey(input: { name: \"bench webshop\", scopes: [CONSENT_READ] }) { secret } }";
const LOOKUP: &str = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status } } }";

/// Latencies and errors of the raw-SQL phase (measured inside the baseline process).
struct Phase {
    requests: u64,
    errors: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    p999: Duration,
}

/// How hard and how long to push.
#[derive(Clone, Copy)]
pub(super) struct Settings {
    pub connections: usize,
    pub rate: Option<f64>,
    pub seconds: u64,
    pub runs: usize,
}

/// The lookup, with a different known e-mail address each time.
struct Lookup {
    emails: Vec<String>,
    authorization: String,
}

impl load::Workload for Lookup {
    fn body(&self, i: u64) -> String {
        let email = &self.emails[(i as usize).wrapping_mul(7) % self.emails.len()];
        json!({ "query": LOOKUP, "variables": { "e": email } }).to_string()
    }

    fn check(&self, status: u16, body: &str) -> bool {
        status == 200 && data(body).is_ok_and(|d| d["webshopContacts"].is_array())
    }

    fn headers(&self) -> Vec<(String, String)> {
        vec![("authorization".to_owned(), self.authorization.clone())]
    }
}

/// The same lookup against the raw-SQL HTTP handler (`sql_baseline --listen`).
struct RawLookup {
    emails: Vec<String>,
}

impl load::Workload for RawLookup {
    fn body(&self, i: u64) -> String {
        let email = &self.emails[(i as usize).wrapping_mul(7) % self.emails.len()];
        json!({ "email": email }).to_string()
    }

    fn check(&self, status: u16, body: &str) -> bool {
        status == 200 && data(body).is_ok_and(|d| d["webshopContacts"].is_array())
    }
}

/// The results of one engine × size: both servers, both loads.
struct Results {
    tillit_closed: load::Measured,
    raw_closed: load::Measured,
    tillit_open: load::Measured,
    raw_open: load::Measured,
    sql: Phase,
}

pub(super) fn measure(
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    settings: Settings,
) -> Result<String> {
    let port = util::free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let serve = dataset.tillit(tillit, &["serve", "--bind", &bind]);
    let mut server = util::Server::start(serve, port, &dataset.dir.join("server.log"))?;
    server.wait_ready(Duration::from_secs(120))?;
    let prepared = prepare(&server.base_url, dataset);
    let (emails, key) = server.stop_with(prepared)?;

    // Both servers run side by side; the runs alternate between them.
    let mut cmd = dataset.tillit(baseline, &[]);
    let raw_port = util::free_port()?;
    cmd.args(["--listen", &format!("127.0.0.1:{raw_port}")]);
    let mut raw = util::Server::start(cmd, raw_port, &dataset.dir.join("baseline.log"))?;
    raw.wait_ready(Duration::from_secs(120))?;
    let serve = dataset.tillit(tillit, &["serve", "--bind", &bind]);
    let mut server = util::Server::start(serve, port, &dataset.dir.join("server.log"))?;
    server.wait_ready(Duration::from_secs(120))?;
    let phases = interleaved(&server, &raw, &emails, &key, settings);
    let phases = raw.stop_with(server.stop_with(phases))?;

    // Both servers are stopped: the in-process floor runs on a quiet database.
    let file = dataset.dir.join("bench-emails.txt");
    std::fs::write(&file, emails.join("\n")).context("writing the bench e-mails")?;
    let sql = sql_phase(
        baseline,
        dataset,
        &file,
        settings.connections,
        settings.seconds,
    )?;
    let (tillit_closed, raw_closed, tillit_open, raw_open) = phases;
    Ok(table(
        dataset,
        settings,
        &Results {
            tillit_closed,
            raw_closed,
            tillit_open,
            raw_open,
            sql,
        },
    ))
}

/// Known e-mail addresses (of contacts the bench key may see) and a `consent:read` key.
fn prepare(base_url: &str, dataset: &Dataset) -> Result<(Vec<String>, String)> {
    let staff = Client::login(base_url, &dataset.dir.join(TOTP_FILE))?;
    let purposes = data(&staff.send(PURPOSES, &json!({}))?.into_string()?)?;
    let purpose = purposes["consentPurposes"][0]["id"].clone();
    let mut emails = Vec::new();
    let mut after = Value::Null;
    while emails.len() < EMAILS {
        let page = data(
            &staff
                .send(
                    CONTACTS,
                    &json!({ "f": { "purposeId": purpose }, "after": after }),
                )?
                .into_string()?,
        )?;
        let list = &page["consentContacts"];
        emails.extend(
            list["nodes"]
                .as_array()
                .context("no contacts")?
                .iter()
                .filter_map(|n| n["contact"]["email"].as_str().map(str::to_owned)),
        );
        if list["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = list["pageInfo"]["endCursor"].clone();
    }
    if emails.is_empty() {
        bail!("the data set has no contacts with e-mail addresses");
    }
    emails.truncate(EMAILS);
    let key = data(&staff.send(CREATE_KEY, &json!({}))?.into_string()?)?["createApiKey"]["secret"]
        .as_str()
        .context("createApiKey gave no secret")?
        .to_owned();

    Ok((emails, key))
}

type Four = (
    load::Measured,
    load::Measured,
    load::Measured,
    load::Measured,
);

/// Closed loop on both servers, run after run in turn, then the open loop at 70 % of Tillit's
/// ceiling (or `--rate`) on both.
fn interleaved(
    server: &util::Server,
    raw: &util::Server,
    emails: &[String],
    key: &str,
    settings: Settings,
) -> Result<Four> {
    let tillit_load: Arc<dyn load::Workload> = Arc::new(Lookup {
        emails: emails.to_vec(),
        authorization: format!("Bearer {key}"),
    });
    let raw_load: Arc<dyn load::Workload> = Arc::new(RawLookup {
        emails: emails.to_vec(),
    });
    let seconds = settings.seconds as f64;
    let spec = |rate: Option<f64>| load::Spec {
        connections: settings.connections,
        rate,
        seconds,
        warmup: 2.0,
    };
    let runs = |rate: Option<f64>| -> Result<(load::Measured, load::Measured)> {
        let mut tillit_runs = Vec::new();
        let mut raw_runs = Vec::new();
        for _ in 0..settings.runs {
            tillit_runs.push(load::measure(
                server.pid(),
                &server.base_url,
                "/graphql",
                &tillit_load,
                spec(rate),
            )?);
            raw_runs.push(load::measure(
                raw.pid(),
                &raw.base_url,
                "/w1",
                &raw_load,
                spec(rate),
            )?);
        }
        let mut tillit_runs = tillit_runs.into_iter();
        let mut raw_runs = raw_runs.into_iter();
        Ok((
            load::median_of(settings.runs, || {
                tillit_runs.next().context("a run is missing")
            })?,
            load::median_of(settings.runs, || {
                raw_runs.next().context("a run is missing")
            })?,
        ))
    };
    let (tillit_closed, raw_closed) = runs(None)?;
    let rate = settings
        .rate
        .unwrap_or_else(|| (tillit_closed.outcome.rate() * 0.7).round().max(1.0));
    let (tillit_open, raw_open) = runs(Some(rate))?;
    Ok((tillit_closed, raw_closed, tillit_open, raw_open))
}

fn sql_phase(
    baseline: &Path,
    dataset: &Dataset,
    emails: &Path,
    clients: usize,
    seconds: u64,
) -> Result<Phase> {
    let mut cmd = dataset.tillit(baseline, &[]);
    cmd.arg("--emails")
        .arg(emails)
        .args(["--clients", &clients.to_string()])
        .args(["--seconds", &seconds.to_string()]);
    let output = util::stdout("raw SQL baseline", &mut cmd)?;
    let line = output
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .context("the baseline printed no result")?;
    let r: Value = serde_json::from_str(line).context("the baseline's result")?;
    let us = |key: &str| Duration::from_micros(r[key].as_u64().unwrap_or_default());
    Ok(Phase {
        requests: r["requests"].as_u64().unwrap_or_default(),
        errors: r["errors"].as_u64().unwrap_or_default(),
        seconds: r["seconds"].as_f64().unwrap_or(1.0),
        p50: us("p50_us"),
        p99: us("p99_us"),
        p999: us("p999_us"),
    })
}

fn table(dataset: &Dataset, settings: Settings, r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### W1 webshop consent lookup by e-mail — {}, {} customers (median of {} runs, {} s each, interleaved)\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
        settings.runs,
        settings.seconds,
    );
    let _ = writeln!(out, "{}", load::header());
    let tillit = "Tillit `webshopContacts` (GraphQL, API key, audited)";
    let raw = "raw SQL handler (axum, same statement, no auth/audit)";
    for (label, m) in [
        (tillit, &r.tillit_closed),
        (raw, &r.raw_closed),
        (tillit, &r.tillit_open),
        (raw, &r.raw_open),
    ] {
        let _ = writeln!(out, "{}", load::row(label, m));
    }
    let sql_rate = r.sql.requests as f64 / r.sql.seconds.max(0.001);
    let _ = writeln!(
        out,
        "| raw SQL in-process (same statement, same pool, no HTTP) | closed loop, {} tasks | {sql_rate:.0} | {:.2} | {:.2} | {:.2} | {} | | | | | | |",
        settings.connections,
        ms(r.sql.p50),
        ms(r.sql.p99),
        ms(r.sql.p999),
        r.sql.errors,
    );
    let _ = writeln!(
        out,
        "\nTillit reaches {:.0} % of the raw-SQL handler's throughput ({:.0} % of the in-process floor); \
         at {:.0} requests/s offered its p99 is {:.2} ms against the handler's {:.2} ms.",
        100.0 * r.tillit_closed.outcome.rate() / r.raw_closed.outcome.rate().max(0.001),
        100.0 * r.tillit_closed.outcome.rate() / sql_rate.max(0.001),
        r.tillit_open.spec.rate.unwrap_or_default(),
        ms(r.tillit_open.outcome.percentile(99.0)),
        ms(r.raw_open.outcome.percentile(99.0)),
    );
    out
}
