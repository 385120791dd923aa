//! `--workload webshop`: the webshop consent lookup by e-mail (`webshopContacts`, with an API
//! key, as a webshop backend sends it) from `--clients` concurrent clients for `--seconds`, next
//! to the same lookup done as raw SQL on the same database (the `sql_baseline` example: the same
//! two statements through the server's own pool, no HTTP, GraphQL, authentication or audit).
//!
//! Every GraphQL answer is checked: a 200 with `errors` counts as an error, not a success.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{Client, Dataset, TOTP_FILE, data, grouped, ms, percentile};
use crate::util;

const EMAILS: usize = 2_000;
const PURPOSES: &str = "{ consentPurposes { id } }";
const CONTACTS: &str = "query($f: ConsentContactFilter!, $after: String) { consentContacts(filter: $f, first: 1000, after: $after) { nodes { contact { email } } pageInfo { endCursor hasNextPage } } }";
const CREATE_KEY: &str = "mutation { createApiKey(input: { name: \"bench webshop\", scopes: [CONSENT_READ] }) { secret } }";
const LOOKUP: &str = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status } } }";

/// Latencies and errors of one phase.
struct Phase {
    label: &'static str,
    requests: u64,
    errors: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    p999: Duration,
}

pub(super) fn measure(
    tillit: &Path,
    dataset: &Dataset,
    clients: usize,
    seconds: u64,
) -> Result<String> {
    let baseline = util::build_example(true, "sql_baseline")?;
    let port = util::free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let serve = dataset.tillit(tillit, &["serve", "--bind", &bind]);
    let mut server = util::Server::start(serve, port, &dataset.dir.join("server.log"))?;
    server.wait_ready(Duration::from_secs(120))?;
    let result = graphql_phase(&server.base_url, dataset, clients, seconds);
    let (emails, graphql) = server.stop_with(result)?;
    // The server is stopped: the raw SQL runs on a quiet database, as the lookups did.
    let file = dataset.dir.join("bench-emails.txt");
    std::fs::write(&file, emails.join("\n")).context("writing the bench e-mails")?;
    let sql = sql_phase(&baseline, dataset, &file, clients, seconds)?;
    Ok(table(dataset, clients, &[graphql, sql]))
}

fn graphql_phase(
    base_url: &str,
    dataset: &Dataset,
    clients: usize,
    seconds: u64,
) -> Result<(Vec<String>, Phase)> {
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

    let url = format!("{base_url}/graphql");
    let shared = Arc::new((emails.clone(), key, url));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let shared = shared.clone();
            std::thread::spawn(move || {
                let (emails, key, url) = &*shared;
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(30))
                    .build();
                let auth = format!("Bearer {key}");
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut i = client;
                while Instant::now() < deadline {
                    let email = &emails[i % emails.len()];
                    i += 7;
                    let t = Instant::now();
                    let ok = agent
                        .post(url)
                        .set("content-type", "application/json")
                        .set("authorization", &auth)
                        .send_json(json!({ "query": LOOKUP, "variables": { "e": email } }))
                        .ok()
                        .and_then(|r| r.into_string().ok())
                        .is_some_and(|body| {
                            data(&body).is_ok_and(|d| d["webshopContacts"].is_array())
                        });
                    if ok {
                        latencies.push(t.elapsed());
                    } else {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (latencies, e) = worker
            .join()
            .map_err(|_| anyhow::anyhow!("a bench client panicked"))?;
        all.extend(latencies);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    Ok((
        emails,
        Phase {
            label: "GraphQL `webshopContacts` (API key, HTTP)",
            requests: all.len() as u64,
            errors,
            seconds: elapsed,
            p50: percentile(&all, 50.0),
            p99: percentile(&all, 99.0),
            p999: percentile(&all, 99.9),
        },
    ))
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
        label: "raw SQL, same statements, same pool",
        requests: r["requests"].as_u64().unwrap_or_default(),
        errors: r["errors"].as_u64().unwrap_or_default(),
        seconds: r["seconds"].as_f64().unwrap_or(1.0),
        p50: us("p50_us"),
        p99: us("p99_us"),
        p999: us("p999_us"),
    })
}

fn table(dataset: &Dataset, clients: usize, phases: &[Phase]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### Webshop consent lookup by e-mail — {}, {} customers, {clients} concurrent clients\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
    );
    let _ = writeln!(
        out,
        "| path | requests | errors | requests/s | p50 ms | p99 ms | p99.9 ms |\n|---|---:|---:|---:|---:|---:|---:|"
    );
    for p in phases {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} |",
            p.label,
            grouped(p.requests),
            p.errors,
            p.requests as f64 / p.seconds.max(0.001),
            ms(p.p50),
            ms(p.p99),
            ms(p.p999),
        );
    }
    if let [graphql, sql] = phases {
        let rate = |p: &Phase| p.requests as f64 / p.seconds.max(0.001);
        let _ = writeln!(
            out,
            "\nGraphQL reaches {:.0} % of the raw-SQL throughput; its p99 is {:.1}× the raw SQL's.",
            100.0 * rate(graphql) / rate(sql).max(0.001),
            ms(graphql.p99) / ms(sql.p99).max(0.001),
        );
    }
    out
}
