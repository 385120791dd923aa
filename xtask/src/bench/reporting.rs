//! W4, `--workload reporting`: a reporting tool's nightly walk through every customer with its
//! contacts and their current consents, 1 000 customers a page, side by side with
//! - the same reads behind a minimal HTTP handler (`raw`: `sql_baseline --listen`, `POST /w4`,
//!   no GraphQL, authentication or audit), and
//! - on PostgreSQL, PostGraphile 5 and 4 (`pgl5`, `pgl4`) walking `allCustomers` by number with
//!   the contacts relation and the consents computed column over the same views as W1.
//!
//! Tillit is asked through `reportCustomers` with an API key holding `reports:read` and
//! `customers:read` (every page is audited), and through its streamed export
//! (`GET /exports/customers.ndjson` with the same key: one NDJSON line per customer, 2 000
//! customers a chunk, every chunk audited), on the same server. One client walks from the first page to the last,
//! each page's cursor taken from the one before, as a reporting tool does; the figure is
//! customers per second over the whole walk, with the page latencies, and the server's CPU and
//! peak memory per walk. Every walk is checked: each target must see the same number of
//! customers, contacts and statuses, and the same order-independent fingerprint of (customer
//! number, name, contact e-mail, purpose, status); a GraphQL error fails the run. The targets
//! walk in turn, `--runs` times; each row is the median walk.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::postgraphile::Version;
use super::webshop::{Target, Targets, postgraphiles, ratio, start_postgraphile};
use super::{Client, Dataset, TOTP_FILE, data, grouped, load, ms, procstat};
use crate::util;

const CREATE_KEY: &str = "mutation { createApiKey(input: { name: \"bench reporting\", scopes: [REPORTS_READ, CUSTOMERS_READ] }) { secret } }";
const WALK: &str = "query($after: String) { reportCustomers(first: 1000, after: $after) { nodes { number displayName contacts { email consents { purpose { key } status } } } pageInfo { endCursor hasNextPage } } }";

/// The walk against PostGraphile: the same page size and order, aliased to Tillit's shape (the
/// contacts relation is a connection there, and v5 calls the primary key `rowId`).
fn pgl_walk(version: Version) -> &'static str {
    match version {
        Version::V5 | Version::V4 => {
            "query($after: Cursor) { reportCustomers: allCustomers(first: 1000, after: $after, orderBy: NUMBER_ASC) { nodes { number displayName contacts: contactsByCustomerId { nodes { email consents: consentsList { purpose status } } } } pageInfo { endCursor hasNextPage } } }"
        }
    }
}

/// What one walk saw and how long it took.
#[derive(Default)]
struct Walk {
    customers: u64,
    contacts: u64,
    statuses: BTreeMap<String, u64>,
    /// Sum of a hash per (number, name), (number, e-mail) and (number, e-mail, purpose, status).
    fingerprint: u64,
    seconds: f64,
    /// Sorted page latencies.
    pages: Vec<Duration>,
}

impl Walk {
    fn rate(&self) -> f64 {
        self.customers as f64 / self.seconds.max(0.001)
    }

    fn same_data(&self, other: &Walk) -> bool {
        (
            self.customers,
            self.contacts,
            &self.statuses,
            self.fingerprint,
        ) == (
            other.customers,
            other.contacts,
            &other.statuses,
            other.fingerprint,
        )
    }

    fn summary(&self) -> String {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{} {}", grouped(*n), s.to_lowercase().replace('_', " ")))
            .collect();
        format!(
            "{} customers, {} contacts, statuses: {}",
            grouped(self.customers),
            grouped(self.contacts),
            statuses.join(", ")
        )
    }
}

/// FNV-1a over the parts, each followed by a NUL.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A list that is either a list or a connection's `nodes`.
fn items(value: &Value) -> Option<&Vec<Value>> {
    value.as_array().or_else(|| value["nodes"].as_array())
}

impl Walk {
    fn add_customer(&mut self, number: &str, name: &str) {
        self.customers += 1;
        self.fingerprint = self.fingerprint.wrapping_add(hash(&[number, name]));
    }

    fn add_contact(&mut self, number: &str, email: &str) {
        self.contacts += 1;
        self.fingerprint = self.fingerprint.wrapping_add(hash(&[number, email]));
    }

    fn add_status(&mut self, number: &str, email: &str, purpose: &str, status: &str) {
        match self.statuses.get_mut(status) {
            Some(n) => *n += 1,
            None => {
                self.statuses.insert(status.to_owned(), 1);
            }
        }
        self.fingerprint = self
            .fingerprint
            .wrapping_add(hash(&[number, email, purpose, status]));
    }
}

/// One line of the export, as far as the walk looks at it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportLine<'a> {
    number: i64,
    #[serde(borrow)]
    display_name: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    contacts: Vec<ExportContact<'a>>,
}

#[derive(serde::Deserialize)]
struct ExportContact<'a> {
    #[serde(borrow)]
    email: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    consents: Vec<ExportConsent<'a>>,
}

#[derive(serde::Deserialize)]
struct ExportConsent<'a> {
    #[serde(borrow)]
    purpose: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    status: std::borrow::Cow<'a, str>,
}

/// Adds one exported line to `walk`.
fn tally_line(walk: &mut Walk, line: &str) -> Result<()> {
    let customer: ExportLine<'_> = serde_json::from_str(line).context("an export line")?;
    let number = customer.number.to_string();
    walk.add_customer(&number, &customer.display_name);
    for contact in &customer.contacts {
        let email = contact.email.as_deref().unwrap_or_default();
        walk.add_contact(&number, email);
        for consent in &contact.consents {
            walk.add_status(&number, email, &consent.purpose, &consent.status);
        }
    }
    Ok(())
}

/// Adds one page's customers to `walk`; returns the next cursor, if more pages follow.
fn tally(walk: &mut Walk, page: &Value) -> Result<Option<Value>> {
    let nodes = items(&page["nodes"]).context("a page without nodes")?;
    for customer in nodes {
        // PostGraphile gives a bigint as a string.
        let number = customer["number"]
            .as_i64()
            .or_else(|| customer["number"].as_str().and_then(|n| n.parse().ok()))
            .context("a customer without a number")?
            .to_string();
        let name = customer["displayName"].as_str().unwrap_or_default();
        walk.add_customer(&number, name);
        for contact in items(&customer["contacts"]).context("a customer without contacts")? {
            let email = contact["email"].as_str().unwrap_or_default();
            walk.add_contact(&number, email);
            for consent in contact["consents"]
                .as_array()
                .context("a contact without consents")?
            {
                let purpose = consent["purpose"]
                    .as_str()
                    .or_else(|| consent["purpose"]["key"].as_str())
                    .context("a consent without a purpose")?;
                let status = consent["status"]
                    .as_str()
                    .context("a consent without a status")?;
                walk.add_status(&number, email, purpose, status);
            }
        }
    }
    let info = &page["pageInfo"];
    if info["hasNextPage"] == true {
        if nodes.is_empty() || info["endCursor"].is_null() {
            bail!("a page says more follow but gives no cursor");
        }
        Ok(Some(info["endCursor"].clone()))
    } else {
        Ok(None)
    }
}

/// A target's server and how to ask it for a page.
struct Running {
    target: Target,
    server: util::Server,
    path: &'static str,
    authorization: Option<String>,
}

/// How a walker reads everything: page by page through GraphQL (or the raw handler), or in one
/// streamed export.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pages,
    Export,
}

/// One row of the table: a way of walking one running server.
struct Walker {
    /// Index into the running servers.
    running: usize,
    mode: Mode,
    label: String,
}

impl Running {
    fn body(&self, after: &Value) -> Value {
        match self.target {
            Target::Tillit => json!({ "query": WALK, "variables": { "after": after } }),
            Target::Raw => json!({ "after": after }),
            Target::Pgl5 => {
                json!({ "query": pgl_walk(Version::V5), "variables": { "after": after } })
            }
            Target::Pgl4 => {
                json!({ "query": pgl_walk(Version::V4), "variables": { "after": after } })
            }
        }
    }

    fn walk(&self, agent: &ureq::Agent, mode: Mode, max_pages: usize) -> Result<Walk> {
        match mode {
            Mode::Pages => self.pages(agent, max_pages),
            Mode::Export => self.export(agent, max_pages),
        }
    }

    /// One walk from the first page to the last (`max_pages` pages at most).
    fn pages(&self, agent: &ureq::Agent, max_pages: usize) -> Result<Walk> {
        let url = format!("{}{}", self.server.base_url, self.path);
        let mut walk = Walk::default();
        let mut after = Value::Null;
        let started = Instant::now();
        for _ in 0..max_pages {
            let asked = Instant::now();
            let mut request = agent.post(&url).set("content-type", "application/json");
            if let Some(authorization) = &self.authorization {
                request = request.set("authorization", authorization);
            }
            let body = match request.send_string(&self.body(&after).to_string()) {
                Ok(response) => response.into_string()?,
                Err(ureq::Error::Status(code, response)) => bail!(
                    "{}: a page answered {code}: {}",
                    self.target.name(),
                    response.into_string().unwrap_or_default()
                ),
                Err(e) => bail!("{}: {e}", self.target.name()),
            };
            let page = data(&body).with_context(|| format!("{}: a page", self.target.name()))?;
            walk.pages.push(asked.elapsed());
            match tally(&mut walk, &page["reportCustomers"])
                .with_context(|| format!("{}: a page", self.target.name()))?
            {
                Some(next) => after = next,
                None => break,
            }
        }
        walk.seconds = started.elapsed().as_secs_f64();
        walk.pages.sort();
        Ok(walk)
    }

    /// The whole export, read line by line as it streams (the warm-up reads `max_pages`
    /// thousand lines and hangs up). Each "page" is the time to the next 1 000 lines, so the
    /// page columns (and statements a page) compare per 1 000 customers.
    fn export(&self, agent: &ureq::Agent, max_pages: usize) -> Result<Walk> {
        use std::io::BufRead as _;
        let url = format!("{}/exports/customers.ndjson", self.server.base_url);
        let mut request = agent.get(&url);
        if let Some(authorization) = &self.authorization {
            request = request.set("authorization", authorization);
        }
        let mut walk = Walk::default();
        let started = Instant::now();
        let response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Status(code, response)) => bail!(
                "export answered {code}: {}",
                response.into_string().unwrap_or_default()
            ),
            Err(e) => bail!("export: {e}"),
        };
        let mut reader = std::io::BufReader::with_capacity(1 << 16, response.into_reader());
        let mut line = String::new();
        let mut in_page = 0;
        let mut since = Instant::now();
        loop {
            line.clear();
            if reader
                .read_line(&mut line)
                .context("the export stream broke off")?
                == 0
            {
                break;
            }
            tally_line(&mut walk, line.trim_end())?;
            in_page += 1;
            if in_page == 1_000 {
                walk.pages.push(since.elapsed());
                since = Instant::now();
                in_page = 0;
                if walk.pages.len() >= max_pages {
                    break;
                }
            }
        }
        if in_page > 0 {
            walk.pages.push(since.elapsed());
        }
        walk.seconds = started.elapsed().as_secs_f64();
        walk.pages.sort();
        Ok(walk)
    }
}

/// A walker's median walk and what it cost.
struct Measured {
    target: Target,
    mode: Mode,
    label: String,
    walk: Walk,
    costs: procstat::Costs,
}

pub(super) fn measure(
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    runs: usize,
    requested: Option<Targets>,
) -> Result<String> {
    let targets = Targets::on(requested, dataset.engine);
    if targets.is_empty() {
        bail!(
            "bench: none of the --targets runs on {} (PostGraphile needs PostgreSQL)",
            dataset.engine.label()
        );
    }
    let postgraphiles = postgraphiles(&targets, dataset)?;
    let mut running: Vec<Running> = Vec::new();
    let mut walkers: Vec<Walker> = Vec::new();
    let started = targets.iter().try_for_each(|&target| {
        let (server, labels) = start(target, tillit, baseline, dataset, &postgraphiles)?;
        for (mode, label) in labels {
            walkers.push(Walker {
                running: running.len(),
                mode,
                label,
            });
        }
        running.push(server);
        Ok(())
    });
    let measured = started.and_then(|()| walks(&running, &walkers, runs));
    let measured = running
        .iter_mut()
        .rev()
        .fold(measured, |result, r| r.server.stop_with(result))?;
    Ok(table(dataset, runs, &measured))
}

/// Starts a target's server; returns it with the walkers (mode and table label) that use it.
fn start(
    target: Target,
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    postgraphiles: &[super::postgraphile::Installed],
) -> Result<(Running, Vec<(Mode, String)>)> {
    Ok(match target {
        Target::Tillit => {
            let mut server = dataset.serve(tillit)?;
            let key = Client::login(&server.base_url, &dataset.dir.join(TOTP_FILE))
                .and_then(|staff| data(&staff.send(CREATE_KEY, &json!({}))?.into_string()?))
                .and_then(|created| {
                    created["createApiKey"]["secret"]
                        .as_str()
                        .map(str::to_owned)
                        .context("createApiKey gave no secret")
                });
            let key = match key {
                Ok(key) => key,
                Err(e) => return server.stop_with(Err(e)),
            };
            (
                Running {
                    target,
                    server,
                    path: "/graphql",
                    authorization: Some(format!("Bearer {key}")),
                },
                vec![
                    (
                        Mode::Pages,
                        "Tillit `reportCustomers` (GraphQL, API key, audited)".to_owned(),
                    ),
                    (
                        Mode::Export,
                        "Tillit export `/exports/customers.ndjson` (streamed, API key, audited)"
                            .to_owned(),
                    ),
                ],
            )
        }
        Target::Raw => (
            Running {
                target,
                server: dataset.serve_baseline(baseline)?,
                path: "/w4",
                authorization: None,
            },
            vec![(
                Mode::Pages,
                "raw SQL handler (axum, same reads, no auth/audit)".to_owned(),
            )],
        ),
        Target::Pgl5 | Target::Pgl4 => {
            let (installed, server) = start_postgraphile(target, postgraphiles, dataset)?;
            (
                Running {
                    target,
                    server,
                    path: "/graphql",
                    authorization: None,
                },
                vec![(
                    Mode::Pages,
                    format!(
                        "{} `allCustomers` by number (views, no auth)",
                        installed.label
                    ),
                )],
            )
        }
    })
}

/// A warm-up of a few pages per walker, then `runs` rounds in which every walker walks once;
/// checks that all saw the same data.
fn walks(running: &[Running], walkers: &[Walker], runs: usize) -> Result<Vec<Measured>> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(300))
        .build();
    for w in walkers {
        running[w.running].walk(&agent, w.mode, 5)?;
    }
    let mut all: Vec<Vec<(Walk, procstat::Costs)>> = walkers.iter().map(|_| Vec::new()).collect();
    for round in 0..runs.max(1) {
        for (w, mine) in walkers.iter().zip(all.iter_mut()) {
            let r = &running[w.running];
            let probe = procstat::Probe::start(r.server.pid(), &r.server.base_url)?;
            let walk = r.walk(&agent, w.mode, usize::MAX)?;
            let costs = probe.finish(walk.customers, walk.seconds);
            println!(
                "    round {}: {} walked {} customers in {:.1} s ({:.0}/s)",
                round + 1,
                w.label,
                grouped(walk.customers),
                walk.seconds,
                walk.rate()
            );
            mine.push((walk, costs));
        }
    }
    let first = &all[0][0].0;
    if first.customers == 0 {
        bail!("the walk saw no customers");
    }
    for (w, mine) in walkers.iter().zip(&all) {
        for (walk, _) in mine {
            if !walk.same_data(first) {
                bail!(
                    "{} saw different data than {}: {} against {}",
                    w.label,
                    walkers[0].label,
                    walk.summary(),
                    first.summary()
                );
            }
        }
    }
    Ok(walkers
        .iter()
        .zip(all)
        .map(|(w, mut mine)| {
            mine.sort_by(|a, b| a.0.rate().total_cmp(&b.0.rate()));
            let middle = mine.len() / 2;
            let (walk, costs) = mine.swap_remove(middle);
            Measured {
                target: running[w.running].target,
                mode: w.mode,
                label: w.label.clone(),
                walk,
                costs,
            }
        })
        .collect())
}

fn table(dataset: &Dataset, runs: usize, measured: &[Measured]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### W4 reporting walk (every customer with contacts and consents, 1 000 a page) — {}, {} customers (median of {runs} walks, in turn)\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
    );
    if let Some(m) = measured.first() {
        let _ = writeln!(
            out,
            "Every target saw the same data: {}.\n",
            m.walk.summary()
        );
    }
    let _ = writeln!(
        out,
        "| target | customers/s | walk s | pages | page p50 ms | page p99 ms | server CPU µs/customer | PostgreSQL CPU µs/customer | peak RSS MiB | SQL statements/page | client CPU % |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    );
    for m in measured {
        let pages = m.walk.pages.len();
        let statements = m.costs.statements.map_or_else(
            || "n/a".to_owned(),
            |s| format!("{:.1}", s * m.walk.customers as f64 / pages.max(1) as f64),
        );
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.2} | {pages} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {statements} | {:.0} |",
            m.label,
            m.walk.rate(),
            m.walk.seconds,
            ms(load::percentile(&m.walk.pages, 50.0)),
            ms(load::percentile(&m.walk.pages, 99.0)),
            m.costs.server_us,
            m.costs.database_us,
            m.costs.peak_rss_mib,
            m.costs.generator_pct,
        );
    }
    for tillit in measured.iter().filter(|m| m.target == Target::Tillit) {
        let how = match tillit.mode {
            Mode::Pages => "`reportCustomers`",
            Mode::Export => "the export",
        };
        let _ = writeln!(
            out,
            "\nTillit {how} ÷ the others (above 1: Tillit walks faster):\n"
        );
        for other in measured.iter().filter(|m| m.target != Target::Tillit) {
            let _ = writeln!(
                out,
                "- Tillit {how} ÷ {}: {}",
                other.target.name(),
                ratio(tillit.walk.rate(), other.walk.rate())
            );
        }
    }
    out
}
