//! `--workload consents`: the cost of writing consent events and of reading the current consents
//! of 1 000 contacts in one GraphQL request.
//!
//! 1. Writes: 2 000 saves (`recordConsents`), each one contact × the five default purposes, so
//!    10 000 events, sequential, by one staff client. Contacts are taken from the report of those
//!    not yet asked for the first purpose, so a reused dataset keeps finding fresh ones.
//! 2. Reads: `consentContacts(first: 1000)` with every contact's `consents` (answered by the
//!    batched loader: one query for all 1 000 contacts' consents, not one per contact), Q times.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{Client, Dataset, TOTP_FILE, WARMUP, data, grouped, ms, percentile};

const SAVES: usize = 2_000;
const PURPOSES: &str = "{ consentPurposes { id key } }";
const NOT_ASKED: &str = "query($f: ConsentContactFilter!, $after: String) { consentContacts(filter: $f, first: 1000, after: $after) { nodes { customerId contact { id } } pageInfo { endCursor hasNextPage } } }";
const RECORD: &str = "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }";
const READ: &str = "query($f: ConsentContactFilter!) { consentContacts(filter: $f, first: 1000) { nodes { customerNumber contact { id name consents { purpose { key } status declarationVersion changedAt } } } } }";

fn query(client: &Client, q: &str, variables: &Value) -> Result<(Duration, Value)> {
    let started = Instant::now();
    let body = client.send(q, variables)?.into_string()?;
    let took = started.elapsed();
    Ok((took, data(&body)?))
}

pub(super) fn measure(tillit: &Path, dataset: &Dataset, queries: usize) -> Result<String> {
    let mut server = dataset.serve(tillit)?;
    let result = run(&server.base_url, dataset, queries);
    server.stop_with(result)
}

fn run(base_url: &str, dataset: &Dataset, queries: usize) -> Result<String> {
    let client = Client::login(base_url, &dataset.dir.join(TOTP_FILE))?;
    let (_, purposes) = query(&client, PURPOSES, &json!({}))?;
    let purpose_ids: Vec<String> = purposes["consentPurposes"]
        .as_array()
        .context("no purposes")?
        .iter()
        .filter_map(|p| p["id"].as_str().map(str::to_owned))
        .collect();
    let first = purpose_ids.first().context("no purposes")?.clone();

    // Fresh contacts: not yet asked for the first purpose.
    let mut targets: Vec<(String, String)> = Vec::new();
    let mut after = Value::Null;
    while targets.len() < SAVES {
        let (_, page) = query(
            &client,
            NOT_ASKED,
            &json!({ "f": { "purposeId": first, "status": "NOT_ASKED" }, "after": after }),
        )?;
        let list = &page["consentContacts"];
        for n in list["nodes"].as_array().context("no nodes")? {
            if let (Some(customer), Some(contact)) =
                (n["customerId"].as_str(), n["contact"]["id"].as_str())
            {
                targets.push((customer.to_owned(), contact.to_owned()));
            }
        }
        if list["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = list["pageInfo"]["endCursor"].clone();
    }
    if targets.len() < SAVES {
        bail!(
            "only {} contacts without consent left; use a larger or --fresh dataset",
            targets.len()
        );
    }
    targets.truncate(SAVES);

    let mut saves = Vec::with_capacity(SAVES);
    let started = Instant::now();
    for (i, (customer, contact)) in targets.iter().enumerate() {
        let decision = if i % 3 == 0 { "WITHDRAWN" } else { "GRANTED" };
        let changes: Vec<Value> = purpose_ids
            .iter()
            .map(|p| json!({ "contactId": contact, "purposeId": p, "decision": decision }))
            .collect();
        let (took, _) = query(
            &client,
            RECORD,
            &json!({ "c": customer, "i": { "changes": changes, "source": "IMPORT", "evidence": format!("bench import {i}") } }),
        )?;
        saves.push(took);
    }
    let write_total = started.elapsed();
    let events = SAVES * purpose_ids.len();
    saves.sort();
    println!(
        "writes          {events} events in {:.1} s ({:.0} events/s); save p50 {:.2} ms p99 {:.2} ms",
        write_total.as_secs_f64(),
        events as f64 / write_total.as_secs_f64(),
        ms(percentile(&saves, 50.0)),
        ms(percentile(&saves, 99.0))
    );

    let filter = json!({ "f": { "purposeId": first } });
    for _ in 0..WARMUP.min(5) {
        query(&client, READ, &filter)?;
    }
    let mut reads = Vec::with_capacity(queries);
    let mut contacts = 0;
    for _ in 0..queries {
        let (took, page) = query(&client, READ, &filter)?;
        contacts = page["consentContacts"]["nodes"]
            .as_array()
            .map_or(0, Vec::len);
        reads.push(took);
    }
    if contacts < 1_000 {
        bail!("the read returned {contacts} contacts, not 1000");
    }
    reads.sort();
    println!(
        "read 1000       p50 {:>7.2} ms  p99 {:>7.2} ms",
        ms(percentile(&reads, 50.0)),
        ms(percentile(&reads, 99.0))
    );

    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Consents, {}, {} customers\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers)
    );
    let _ = writeln!(
        out,
        "Writes: {SAVES} sequential `recordConsents` saves of one contact × {} purposes ({events} \
         events, each save one transaction with its projection rows and audit row). Reads: \
         `consentContacts(first: 1000)` with every contact's current `consents` (one batched \
         query for all of them), {queries} sequential requests.\n",
        purpose_ids.len()
    );
    let _ = writeln!(
        out,
        "| measurement | total s | per second | p50 ms | p99 ms |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|");
    let _ = writeln!(
        out,
        "| write {events} consent events | {:.1} | {:.0} events | {:.2} per save | {:.2} per save |",
        write_total.as_secs_f64(),
        events as f64 / write_total.as_secs_f64(),
        ms(percentile(&saves, 50.0)),
        ms(percentile(&saves, 99.0))
    );
    let read_total: Duration = reads.iter().sum();
    let _ = writeln!(
        out,
        "| read current consents of 1 000 contacts | {:.1} | {:.1} requests | {:.2} | {:.2} |",
        read_total.as_secs_f64(),
        queries as f64 / read_total.as_secs_f64(),
        ms(percentile(&reads, 50.0)),
        ms(percentile(&reads, 99.0))
    );
    Ok(out)
}
