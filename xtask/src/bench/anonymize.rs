//! `--workload anonymize`: bulk anonymization by the retention rule, as the SPA's retention page
//! runs it. The data set is seeded as of [`AS_OF`] (customers created then, their orders and
//! invoices in the two years before), so with a 12-month rule every private customer without an
//! open order or unpaid invoice is eligible. Anonymization is irreversible, so each run works on
//! a fresh copy of the seeded data set (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on
//! PostgreSQL).
//!
//! 1. Dry run: `retentionPreview` (who would be anonymized, who is kept and why), timed.
//! 2. Bulk run: `runRetention(batchSize: 10000)` (the most one call takes) until nothing eligible
//!    remains. Each call finds its candidates with grouped queries, scans every free-text record
//!    once for all their names, e-mails and phones, and anonymizes them in transactions of 500
//!    (names, contacts, My page accounts, consent evidence scrubbed, search index updated,
//!    receipt, ledger row and audit event written: a few statements per table per transaction).
//! 3. Check: a second dry run finds nobody eligible, and every eligible customer was counted.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{Client, Dataset, Engine, TOTP_FILE, data, grouped, psql};

/// The date the data set is seeded as of (years before any run).
pub(super) const AS_OF: &str = "2022-06-30";
const MONTHS: i64 = 12;
const BATCH: i64 = 10_000;
const PREVIEW: &str =
    "query($m: Int!) { retentionPreview(inactiveMonths: $m, first: 0) { eligible blocked } }";
const RUN: &str = "mutation($m: Int!, $b: Int!) { runRetention(inactiveMonths: $m, batchSize: $b) { anonymized remaining blocked } }";

struct Outcome {
    eligible: u64,
    blocked: u64,
    preview: Duration,
    anonymized: u64,
    batches: u64,
    run: Duration,
}

pub(super) fn measure(tillit: &Path, source: &Dataset) -> Result<String> {
    let scratch = scratch_copy(source)?;
    let mut server = scratch.serve(tillit)?;
    let result = run(&server.base_url, &scratch);
    server
        .stop_with(result)
        .map(|outcome| table(source, &outcome))
}

/// A throw-away copy of the seeded data set (directory and, on PostgreSQL, database).
fn scratch_copy(source: &Dataset) -> Result<Dataset> {
    let dir = source.dir.with_file_name(format!(
        "{}-scratch",
        source
            .dir
            .file_name()
            .and_then(|n| n.to_str())
            .context("the data set directory has no name")?
    ));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for entry in std::fs::read_dir(&source.dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_file() && name != "server.log" {
            std::fs::copy(entry.path(), dir.join(&name))
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    let database = match (&source.database, source.engine) {
        (Some(db), Engine::Postgres) => {
            let copy = format!("{db}_scratch");
            psql(
                "postgres",
                &format!("DROP DATABASE IF EXISTS {copy} WITH (FORCE)"),
            )?;
            psql("postgres", &format!("CREATE DATABASE {copy} TEMPLATE {db}"))?;
            Some(copy)
        }
        _ => None,
    };
    println!("copied the data set to {}", dir.display());
    Ok(Dataset {
        engine: source.engine,
        dir,
        database,
        seeding: source.seeding.clone(),
    })
}

fn request(client: &Client, query: &str, variables: &Value) -> Result<(Duration, Value)> {
    let started = Instant::now();
    let body = client.send(query, variables)?.into_string()?;
    let took = started.elapsed();
    Ok((took, data(&body)?))
}

fn count(value: &Value, what: &str) -> Result<u64> {
    value
        .as_u64()
        .with_context(|| format!("the answer has no `{what}`: {value}"))
}

fn run(base_url: &str, dataset: &Dataset) -> Result<Outcome> {
    let client = Client::login(base_url, &dataset.dir.join(TOTP_FILE))?;
    let months = json!({ "m": MONTHS });
    let (preview, before) = request(&client, PREVIEW, &months)?;
    let eligible = count(&before["retentionPreview"]["eligible"], "eligible")?;
    let blocked = count(&before["retentionPreview"]["blocked"], "blocked")?;
    println!(
        "dry run: {eligible} eligible, {blocked} kept, in {:.2} s",
        preview.as_secs_f64()
    );
    if eligible == 0 {
        bail!("the dry run found nobody to anonymize: is the data set seeded as of {AS_OF}?");
    }

    let mut anonymized = 0;
    let mut batches = 0;
    let started = Instant::now();
    loop {
        let (took, answer) = request(&client, RUN, &json!({ "m": MONTHS, "b": BATCH }))?;
        let report = &answer["runRetention"];
        let done = count(&report["anonymized"], "anonymized")?;
        let remaining = count(&report["remaining"], "remaining")?;
        anonymized += done;
        batches += 1;
        println!(
            "batch {batches}: {done} anonymized in {:.2} s, {remaining} remaining",
            took.as_secs_f64()
        );
        if remaining == 0 || done == 0 {
            break;
        }
    }
    let run = started.elapsed();

    let (_, after) = request(&client, PREVIEW, &months)?;
    let left = count(&after["retentionPreview"]["eligible"], "eligible")?;
    if left != 0 || anonymized != eligible {
        bail!(
            "the run anonymized {anonymized} of {eligible} eligible customers and left {left} eligible"
        );
    }
    Ok(Outcome {
        eligible,
        blocked,
        preview,
        anonymized,
        batches,
        run,
    })
}

fn table(dataset: &Dataset, o: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### {}, {} customers (seeded as of {AS_OF}), retention rule {MONTHS} months\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers)
    );
    let _ = writeln!(
        out,
        "On a fresh copy of the data set, one staff client: a dry run, then `runRetention` with \
         `batchSize: {BATCH}` until nothing eligible remains (transactions of 500 customers). \
         Throughput is anonymized customers over the wall clock of all batches.\n"
    );
    let _ = writeln!(
        out,
        "| eligible | kept (open orders, unpaid invoices) | dry run s | batches | anonymized | run s | customers/s |"
    );
    let _ = writeln!(out, "|--:|--:|--:|--:|--:|--:|--:|");
    let _ = writeln!(
        out,
        "| {} | {} | {:.2} | {} | {} | {:.1} | {:.0} |",
        grouped(o.eligible),
        grouped(o.blocked),
        o.preview.as_secs_f64(),
        o.batches,
        grouped(o.anonymized),
        o.run.as_secs_f64(),
        o.anonymized as f64 / o.run.as_secs_f64().max(f64::EPSILON),
    );
    out
}
