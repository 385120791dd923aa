//! W1, `--workload webshop`: the webshop's consent lookup by e-mail (`webshopContacts`, with an
//! API key, as a webshop backend sends it at checkout), side by side with
//! - the same statement behind a minimal HTTP handler (`raw`: `sql_baseline --listen`, axum, the
//!   server's own pool, no GraphQL, authentication or audit), and
//! - on PostgreSQL, PostGraphile 5 and 4 (`pgl5`, `pgl4`, see [`postgraphile`]) serving the
//!   lookup from SQL functions over views of the same tables.
//!
//! `--targets` picks some of `tillit,raw,pgl5,pgl4` (default: all that apply to the engine).
//! Before anything is measured, every target is asked for the same 200 e-mail addresses and must
//! give the same contacts, purposes and statuses (the raw handler has no statuses: its decisions
//! are compared); a difference fails the run. Then all targets run side by side, driven by the
//! same load generator with the same addresses, run after run in turn: first a closed loop at
//! `--connections` (the throughput ceiling), then an open loop at a fixed offered rate
//! (`--rate`, by default 70 % of the first target's ceiling — Tillit's when it runs: the latency
//! a webshop sees at a load the server carries). Each row is the median of `--runs` runs; the
//! table ends with the ratios Tillit ÷ each other target. Last, with every server stopped, the
//! statement alone in-process (the database's floor; with `raw`).
//!
//! `--sweep 1,4,16,64,256` asks instead how throughput grows with concurrency: after the same
//! check, a closed loop only, at each of those connection counts in turn (not `--connections`),
//! interleaved over the targets and the median of `--runs` runs, as above; no open loop and no
//! in-process floor. It gives a table (requests/s and p99 per target and count) and a line chart
//! (SVG, see [`plot`]): with `--write` in docs/ beside benchmarks.md, under whose table it is
//! linked, else beside the data set.
//!
//! Every answer is checked: a 200 with GraphQL `errors` or without the expected shape counts as
//! an error, not a success.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::postgraphile::{self, Version};
use super::{Client, Dataset, Engine, TOTP_FILE, data, grouped, load, ms, plot};
use crate::util;

const EMAILS: usize = 2_000;
/// E-mail addresses every target is asked before the measurements.
const CHECKED: usize = 200;
/// Load before every measured run, its answers checked but not counted (connections opened,
/// caches warm).
const WARM_UP_SECONDS: f64 = 2.0;
/// The most connections `--sweep` takes, as `--connections`.
const MAX_CONNECTIONS: usize = 1000;
const PURPOSES: &str = "{ consentPurposes { id } }";
const CONTACTS: &str = "query($f: ConsentContactFilter!, $after: String) { consentContacts(filter: $f, first: 1000, after: $after) { nodes { contact { email } } pageInfo { endCursor hasNextPage } } }";
const CREATE_KEY: &str = "mutation { createApiKey(input: { name: \"bench webshop\", scopes: [CONSENT_READ] }) { secret } }";
pub(super) const LOOKUP: &str = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status } } }";
const CHECKED_LOOKUP: &str = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status decision } } }";

/// What W1 can measure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Target {
    Tillit,
    Raw,
    Pgl5,
    Pgl4,
}

impl Target {
    const ALL: [Target; 4] = [Target::Tillit, Target::Raw, Target::Pgl5, Target::Pgl4];

    pub(super) fn name(self) -> &'static str {
        match self {
            Target::Tillit => "tillit",
            Target::Raw => "raw",
            Target::Pgl5 => "pgl5",
            Target::Pgl4 => "pgl4",
        }
    }

    /// The name in the sweep's table and chart.
    fn short(self) -> &'static str {
        match self {
            Target::Tillit => "Tillit",
            Target::Raw => "raw SQL",
            Target::Pgl5 => "PostGraphile 5",
            Target::Pgl4 => "PostGraphile 4",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Target::Tillit => 1,
            Target::Raw => 2,
            Target::Pgl5 => 4,
            Target::Pgl4 => 8,
        }
    }

    /// PostGraphile serves PostgreSQL only.
    fn runs_on(self, engine: Engine) -> bool {
        engine == Engine::Postgres || matches!(self, Target::Tillit | Target::Raw)
    }

    pub(super) fn version(self) -> Option<Version> {
        match self {
            Target::Pgl5 => Some(Version::V5),
            Target::Pgl4 => Some(Version::V4),
            Target::Tillit | Target::Raw => None,
        }
    }
}

/// A set of [`Target`]s (`--targets tillit,raw,pgl5,pgl4`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Targets(u8);

impl Targets {
    /// A comma-separated list of target names; repeats are allowed, an empty list is not.
    pub(super) fn parse(list: &str) -> Result<Targets, String> {
        let mut set = 0;
        for name in list.split(',').map(str::trim) {
            let target = Target::ALL
                .into_iter()
                .find(|t| t.name() == name)
                .ok_or_else(|| {
                    format!("unknown target `{name}`; targets are tillit, raw, pgl5 and pgl4")
                })?;
            set |= target.bit();
        }
        Ok(Targets(set))
    }

    /// The requested targets (all when none were named) that run on `engine`, in table order.
    pub(super) fn on(requested: Option<Targets>, engine: Engine) -> Vec<Target> {
        let set = requested.map_or(u8::MAX, |t| t.0);
        Target::ALL
            .into_iter()
            .filter(|t| set & t.bit() != 0 && t.runs_on(engine))
            .collect()
    }
}

/// `--sweep 1,4,16,64,256`: connection counts of 1 to 1000, measured from the fewest up (the
/// order given does not matter, and a count given twice is measured once).
pub(super) fn parse_sweep(list: &str) -> Result<Vec<usize>, String> {
    if list.trim().is_empty() {
        return Err("expected connection counts, e.g. 1,4,16,64,256".to_owned());
    }
    let mut counts = list
        .split(',')
        .map(str::trim)
        .map(|n| {
            n.parse()
                .ok()
                .filter(|c| (1..=MAX_CONNECTIONS).contains(c))
                .ok_or_else(|| {
                    format!(
                        "`{n}` is not a connection count; expected numbers from 1 to \
                         {MAX_CONNECTIONS} separated by commas, e.g. 1,4,16,64,256"
                    )
                })
        })
        .collect::<Result<Vec<usize>, String>>()?;
    counts.sort_unstable();
    counts.dedup();
    Ok(counts)
}

/// Latencies and errors of the raw-SQL phase (measured inside the baseline process).
struct Phase {
    requests: u64,
    errors: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    p999: Duration,
}

/// How hard and how long to push, and what.
#[derive(Clone, Copy)]
pub(super) struct Settings {
    pub connections: usize,
    pub rate: Option<f64>,
    pub seconds: u64,
    pub runs: usize,
    /// `None`: every target that runs on the engine.
    pub targets: Option<Targets>,
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

/// A target's server while the runs go on.
struct Running {
    target: Target,
    label: String,
    server: util::Server,
    path: &'static str,
    workload: Arc<dyn load::Workload>,
}

/// One target's rows: both loads.
struct Measured {
    target: Target,
    label: String,
    closed: load::Measured,
    open: load::Measured,
}

/// One target's closed loops across the sweep, from the fewest connections up.
struct Curve {
    target: Target,
    label: String,
    points: Vec<load::Measured>,
}

/// The results of one engine × size.
struct Results {
    measured: Vec<Measured>,
    checked: Checked,
    sql: Option<Phase>,
}

pub(super) fn measure(
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    settings: Settings,
) -> Result<String> {
    let targets = targets_on(settings, dataset)?;
    let (phases, checked, emails) = side_by_side(tillit, baseline, dataset, &targets, |running| {
        interleaved(running, settings)
    })?;

    // Every server is stopped: the in-process floor runs on a quiet database.
    let sql = if targets.contains(&Target::Raw) {
        let file = dataset.dir.join("bench-emails.txt");
        std::fs::write(&file, emails.join("\n")).context("writing the bench e-mails")?;
        Some(sql_phase(
            baseline,
            dataset,
            &file,
            settings.connections,
            settings.seconds,
        )?)
    } else {
        None
    };
    Ok(table(
        dataset,
        settings,
        &Results {
            measured: phases,
            checked,
            sql,
        },
    ))
}

/// What `--sweep` gives: the table, and the chart as SVG text (the caller knows where it goes:
/// docs/ with `--write`, else beside the data set).
pub(super) struct Sweep {
    pub table: String,
    pub chart: String,
}

/// `--sweep`: the closed loop at each of `connections`, every target in turn, `--runs` times,
/// after the same check of the answers as [`measure`]. `chart_link`: the chart's file name, for
/// an image link under the table (when the table goes into docs/benchmarks.md beside it).
pub(super) fn sweep(
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    settings: Settings,
    connections: &[usize],
    chart_link: Option<&str>,
) -> Result<Sweep> {
    let targets = targets_on(settings, dataset)?;
    let (curves, checked, _) = side_by_side(tillit, baseline, dataset, &targets, |running| {
        swept(running, settings, connections)
    })?;
    let title = format!(
        "W1 webshop lookup, {}, {} customers: throughput vs concurrency",
        match dataset.engine {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        },
        grouped(dataset.seeding.customers)
    );
    let series: Vec<plot::Series> = curves
        .iter()
        .map(|c| plot::Series {
            name: c.target.short().to_owned(),
            points: c
                .points
                .iter()
                .map(|m| (m.spec.connections, m.outcome.rate()))
                .collect(),
        })
        .collect();
    let chart = plot::svg(&plot::Chart {
        title: &title,
        x_title: "concurrent connections (closed loop, log2 scale)",
        y_title: "requests/s",
        series: &series,
    });
    let link = chart_link.map(|file| format!("![{title}]({file})"));
    Ok(Sweep {
        table: sweep_table(dataset, settings, &checked, &curves, link.as_deref()),
        chart,
    })
}

/// The requested targets that run on the data set's engine; none is an error.
fn targets_on(settings: Settings, dataset: &Dataset) -> Result<Vec<Target>> {
    let targets = Targets::on(settings.targets, dataset.engine);
    if targets.is_empty() {
        bail!(
            "bench: none of the --targets runs on {} (PostGraphile needs PostgreSQL)",
            dataset.engine.label()
        );
    }
    Ok(targets)
}

/// Starts the servers of `targets` side by side, checks that they give the same answers, then
/// hands them to `run`; every server is stopped again whatever happened. With what `run` gave,
/// what the check saw and the e-mail addresses the load asks for.
fn side_by_side<T>(
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    targets: &[Target],
    run: impl FnOnce(&[Running]) -> Result<T>,
) -> Result<(T, Checked, Vec<String>)> {
    let mut server = dataset.serve(tillit)?;
    let prepared = prepare(&server.base_url, dataset);
    let (emails, key) = server.stop_with(prepared)?;

    let postgraphiles = postgraphiles(targets, dataset)?;

    // Every server runs side by side; the runs alternate between them.
    let servers = Servers {
        tillit,
        baseline,
        dataset,
        postgraphiles: &postgraphiles,
        emails: &emails,
        key: &key,
    };
    let mut running = Vec::new();
    let started = targets.iter().try_for_each(|&target| {
        running.push(servers.start(target)?);
        Ok(())
    });
    let measured = started.and_then(|()| {
        let checked = same_answers(&running, &emails)?;
        println!("{}", checked.summary());
        Ok((run(&running)?, checked))
    });
    let (measured, checked) = running
        .iter_mut()
        .rev()
        .fold(measured, |result, r| r.server.stop_with(result))?;
    Ok((measured, checked, emails))
}

/// Installs the PostGraphile versions among `targets` and (re)creates their schema.
pub(super) fn postgraphiles(
    targets: &[Target],
    dataset: &Dataset,
) -> Result<Vec<postgraphile::Installed>> {
    let versions: Vec<Version> = targets.iter().filter_map(|t| t.version()).collect();
    if versions.is_empty() {
        return Ok(Vec::new());
    }
    let database = dataset
        .database
        .as_deref()
        .context("PostGraphile needs a PostgreSQL data set")?;
    let cache = dataset
        .dir
        .parent()
        .context("the data set directory has no parent")?;
    let installed = versions
        .into_iter()
        .map(|v| postgraphile::install(cache, v))
        .collect::<Result<Vec<_>>>()?;
    postgraphile::apply_schema(database)?;
    Ok(installed)
}

/// Starts the PostGraphile version of `target` on the data set's database.
pub(super) fn start_postgraphile<'a>(
    target: Target,
    installed: &'a [postgraphile::Installed],
    dataset: &Dataset,
) -> Result<(&'a postgraphile::Installed, util::Server)> {
    let installed = installed
        .iter()
        .find(|p| Some(p.version) == target.version())
        .context("PostGraphile is not installed")?;
    let database = dataset
        .database
        .as_deref()
        .context("PostGraphile needs a PostgreSQL data set")?;
    let log = dataset.dir.join(format!("{}.log", target.name()));
    Ok((installed, installed.start(database, &log)?))
}

/// What starting a target's server takes.
struct Servers<'a> {
    tillit: &'a Path,
    baseline: &'a Path,
    dataset: &'a Dataset,
    postgraphiles: &'a [postgraphile::Installed],
    emails: &'a [String],
    key: &'a str,
}

impl Servers<'_> {
    /// Starts `target`'s server and waits until it is ready for requests.
    fn start(&self, target: Target) -> Result<Running> {
        let (dataset, emails) = (self.dataset, self.emails);
        Ok(match target {
            Target::Tillit => {
                let server = dataset.serve(self.tillit)?;
                Running {
                    target,
                    label: "Tillit `webshopContacts` (GraphQL, API key, audited)".to_owned(),
                    server,
                    path: "/graphql",
                    workload: Arc::new(Lookup {
                        emails: emails.to_vec(),
                        authorization: format!("Bearer {}", self.key),
                    }),
                }
            }
            Target::Raw => {
                let server = dataset.serve_baseline(self.baseline)?;
                Running {
                    target,
                    label: "raw SQL handler (axum, same statement, no auth/audit)".to_owned(),
                    server,
                    path: "/w1",
                    workload: Arc::new(RawLookup {
                        emails: emails.to_vec(),
                    }),
                }
            }
            Target::Pgl5 | Target::Pgl4 => {
                let (installed, server) = start_postgraphile(target, self.postgraphiles, dataset)?;
                Running {
                    target,
                    label: format!(
                        "{} `webshopContactsList` (SQL functions, no auth)",
                        installed.label
                    ),
                    server,
                    path: "/graphql",
                    workload: Arc::new(postgraphile::Lookup {
                        version: installed.version,
                        emails: emails.to_vec(),
                    }),
                }
            }
        })
    }
}

/// Known e-mail addresses (of contacts the bench key may see) and a `consent:read` key.
pub(super) fn prepare(base_url: &str, dataset: &Dataset) -> Result<(Vec<String>, String)> {
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

/// One line of an answer: a contact (`purpose: None`), or one of its consents.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    contact: String,
    purpose: Option<String>,
    /// `None` from the raw handler, which has no statuses.
    status: Option<String>,
    /// Upper case (GraphQL enum names); `None`: never asked.
    decision: Option<String>,
}

/// The lines of a `webshopContacts` list.
fn lines(contacts: &Value) -> Result<BTreeSet<Line>> {
    let text = |v: &Value, what: &str| -> Result<Option<String>> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            other => bail!("{what} is not a string: {other}"),
        }
    };
    let mut lines = BTreeSet::new();
    for contact in contacts
        .as_array()
        .context("webshopContacts is not a list")?
    {
        let id = text(&contact["id"], "id")?.context("a contact has no id")?;
        for consent in contact["consents"]
            .as_array()
            .context("consents is not a list")?
        {
            lines.insert(Line {
                contact: id.clone(),
                purpose: Some(
                    text(&consent["purpose"], "purpose")?.context("a consent has no purpose")?,
                ),
                status: text(&consent["status"], "status")?,
                decision: text(&consent["decision"], "decision")?.map(|d| d.to_uppercase()),
            });
        }
        lines.insert(Line {
            contact: id,
            purpose: None,
            status: None,
            decision: None,
        });
    }
    Ok(lines)
}

/// `None` when two answers agree, else what differs; `statuses`: compare the statuses too (not
/// with the raw handler, which has none).
fn difference(a: &BTreeSet<Line>, b: &BTreeSet<Line>, statuses: bool) -> Option<String> {
    let (a, b) = if statuses {
        (a.clone(), b.clone())
    } else {
        let strip = |set: &BTreeSet<Line>| {
            set.iter()
                .map(|l| Line {
                    status: None,
                    ..l.clone()
                })
                .collect::<BTreeSet<_>>()
        };
        (strip(a), strip(b))
    };
    if a == b {
        return None;
    }
    let only = |x: &BTreeSet<Line>, y: &BTreeSet<Line>| {
        x.difference(y)
            .take(5)
            .map(|l| format!("{l:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "only in the first: [{}]; only in the second: [{}]",
        only(&a, &b),
        only(&b, &a)
    ))
}

/// What the check before the measurements saw.
struct Checked {
    emails: usize,
    contacts: usize,
    /// Status → consents with it (from the first target that reports statuses).
    statuses: std::collections::BTreeMap<String, usize>,
    targets: Vec<Target>,
}

impl Checked {
    fn summary(&self) -> String {
        let statuses = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "Checked first: {} gave the same contacts, purposes and {} for {} e-mail addresses \
             ({} contacts; statuses: {}).",
            self.targets
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
                .join(", "),
            if self.targets == [Target::Raw] || !self.targets.contains(&Target::Raw) {
                "statuses"
            } else {
                "statuses (the raw handler: decisions)"
            },
            self.emails,
            self.contacts,
            if statuses.is_empty() {
                "none"
            } else {
                &statuses
            },
        )
    }
}

/// Asks every target for the same addresses; fails on the first answer that differs from the
/// first target's that has statuses.
fn same_answers(running: &[Running], emails: &[String]) -> Result<Checked> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    let reference = running
        .iter()
        .position(|r| r.target != Target::Raw)
        .unwrap_or(0);
    let mut checked = Checked {
        emails: 0,
        contacts: 0,
        statuses: Default::default(),
        targets: running.iter().map(|r| r.target).collect(),
    };
    for email in emails
        .iter()
        .step_by((emails.len() / CHECKED).max(1))
        .take(CHECKED)
    {
        let answers = running
            .iter()
            .map(|r| {
                answer(&agent, r, email).with_context(|| format!("{} for {email}", r.target.name()))
            })
            .collect::<Result<Vec<_>>>()?;
        let first = &answers[reference];
        for (r, answer) in running.iter().zip(&answers) {
            let statuses = r.target != Target::Raw && running[reference].target != Target::Raw;
            if let Some(difference) = difference(first, answer, statuses) {
                bail!(
                    "W1: {} and {} answer {email} differently: {difference}",
                    running[reference].target.name(),
                    r.target.name()
                );
            }
        }
        checked.emails += 1;
        checked.contacts += first.iter().filter(|l| l.purpose.is_none()).count();
        for status in first.iter().filter_map(|l| l.status.clone()) {
            *checked.statuses.entry(status).or_default() += 1;
        }
    }
    Ok(checked)
}

/// One target's answer for `email`, with decisions.
fn answer(agent: &ureq::Agent, r: &Running, email: &str) -> Result<BTreeSet<Line>> {
    let body = match r.target.version() {
        Some(version) => json!({ "query": version.checked_lookup(), "variables": { "e": email } }),
        None if r.target == Target::Raw => json!({ "email": email }),
        None => json!({ "query": CHECKED_LOOKUP, "variables": { "e": email } }),
    };
    let url = format!("{}{}", r.server.base_url, r.path);
    let text = load::ask(agent, &url, &r.workload.headers(), &body.to_string())?;
    lines(&data(&text)?["webshopContacts"])
}

/// Closed loop on every server, run after run in turn, then the open loop at 70 % of the first
/// target's ceiling (or `--rate`) on each. In `running`'s order.
fn interleaved(running: &[Running], settings: Settings) -> Result<Vec<Measured>> {
    let spec = |rate: Option<f64>| load::Spec {
        connections: settings.connections,
        rate,
        seconds: settings.seconds as f64,
        warmup: WARM_UP_SECONDS,
    };
    let closed = in_turn(running, settings.runs, spec(None))?;
    let ceiling = closed.first().map_or(1.0, |m| m.outcome.rate());
    let rate = settings
        .rate
        .unwrap_or_else(|| (ceiling * 0.7).round().max(1.0));
    let open = in_turn(running, settings.runs, spec(Some(rate)))?;
    Ok(running
        .iter()
        .zip(closed.into_iter().zip(open))
        .map(|(r, (closed, open))| Measured {
            target: r.target,
            label: r.label.clone(),
            closed,
            open,
        })
        .collect())
}

/// The closed loop at each of `connections` (in that order) on every server, as in
/// [`interleaved`]: one target after the other, `--runs` times, the median run of each.
fn swept(running: &[Running], settings: Settings, connections: &[usize]) -> Result<Vec<Curve>> {
    let mut curves: Vec<Curve> = running
        .iter()
        .map(|r| Curve {
            target: r.target,
            label: r.label.clone(),
            points: Vec::new(),
        })
        .collect();
    for &n in connections {
        let spec = load::Spec {
            connections: n,
            rate: None,
            seconds: settings.seconds as f64,
            warmup: WARM_UP_SECONDS,
        };
        for (curve, median) in curves
            .iter_mut()
            .zip(in_turn(running, settings.runs, spec)?)
        {
            curve.points.push(median);
        }
    }
    Ok(curves)
}

/// `runs` runs of `spec` on every server, the servers taking turns within each run (so that a
/// drift of the machine's speed falls on all of them alike); the median run of each, in
/// `running`'s order.
fn in_turn(running: &[Running], runs: usize, spec: load::Spec) -> Result<Vec<load::Measured>> {
    let mut all: Vec<Vec<load::Measured>> = running.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (r, measured) in running.iter().zip(&mut all) {
            println!("{}: {}", r.target.name(), describe(spec));
            measured.push(load::measure(
                r.server.pid(),
                &r.server.base_url,
                r.path,
                &r.workload,
                spec,
            )?);
        }
    }
    all.into_iter()
        .map(|measured| {
            let mut measured = measured.into_iter();
            load::median_of(runs, || measured.next().context("a run is missing"))
        })
        .collect()
}

fn describe(spec: load::Spec) -> String {
    match spec.rate {
        Some(rate) => format!(
            "{rate:.0}/s offered, {} connections, {} s",
            spec.connections, spec.seconds
        ),
        None => format!(
            "closed loop, {} connections, {} s",
            spec.connections, spec.seconds
        ),
    }
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

/// `a ÷ b`, or `n/a` when `b` is zero.
pub(super) fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}", a / b)
    } else {
        "n/a".to_owned()
    }
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
    let _ = writeln!(out, "{}\n", r.checked.summary());
    let _ = writeln!(out, "{}", load::header());
    for m in &r.measured {
        let _ = writeln!(out, "{}", load::row(&m.label, &m.closed));
    }
    for m in &r.measured {
        let _ = writeln!(out, "{}", load::row(&m.label, &m.open));
    }
    let sql_rate = r
        .sql
        .as_ref()
        .map(|sql| sql.requests as f64 / sql.seconds.max(0.001));
    if let (Some(sql), Some(sql_rate)) = (&r.sql, sql_rate) {
        let _ = writeln!(
            out,
            "| raw SQL in-process (same statement, same pool, no HTTP) | closed loop, {} tasks | {sql_rate:.0} | {:.2} | {:.2} | {:.2} | {} | | | | | | |",
            settings.connections,
            ms(sql.p50),
            ms(sql.p99),
            ms(sql.p999),
            sql.errors,
        );
    }
    if let Some(tillit) = r.measured.iter().find(|m| m.target == Target::Tillit) {
        let rate = tillit.open.spec.rate.unwrap_or_default();
        let _ = writeln!(
            out,
            "\nTillit ÷ the others (throughput above 1 and p99 below 1: Tillit does better):\n"
        );
        for other in r.measured.iter().filter(|m| m.target != Target::Tillit) {
            let name = match other.target {
                Target::Raw => "the raw-SQL handler",
                Target::Pgl5 => "PostGraphile 5",
                Target::Pgl4 => "PostGraphile 4",
                Target::Tillit => "Tillit",
            };
            let _ = writeln!(
                out,
                "- Tillit ÷ {name}: throughput {} (closed loop), p99 {} at {rate:.0} requests/s offered",
                ratio(tillit.closed.outcome.rate(), other.closed.outcome.rate()),
                ratio(
                    ms(tillit.open.outcome.percentile(99.0)),
                    ms(other.open.outcome.percentile(99.0))
                ),
            );
        }
        if let Some(sql_rate) = sql_rate {
            let _ = writeln!(
                out,
                "- Tillit ÷ the in-process floor: throughput {}",
                ratio(tillit.closed.outcome.rate(), sql_rate)
            );
        }
    }
    if r.measured.iter().any(|m| m.target.version().is_some()) {
        let _ = writeln!(out, "\n{POSTGRAPHILE_NOTE}");
    }
    out
}

/// Under a table with PostGraphile in it: what its side does and does not do.
const POSTGRAPHILE_NOTE: &str = "PostGraphile: the lookup as SQL functions over views of the same \
     tables (`xtask/bench/postgraphile/schema.sql`, same filter and status rules), read through \
     the same `idx_contacts_email`, as the read-only role `pgl_reader` without any \
     authentication; 16 pooled connections like Tillit's; `NODE_ENV=production`, no GraphiQL, \
     query log or explain. Tillit also checks an API key and writes an audit row per lookup: \
     that is the product's cost and stays in.";

/// `--sweep`'s table: a row per connection count, requests/s and p99 of each target; then the
/// chart's image link when there is one.
fn sweep_table(
    dataset: &Dataset,
    settings: Settings,
    checked: &Checked,
    curves: &[Curve],
    chart: Option<&str>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### W1 webshop consent lookup by e-mail, throughput vs concurrency — {}, {} customers (closed loop, median of {} runs, {} s each, interleaved)\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
        settings.runs,
        settings.seconds,
    );
    let _ = writeln!(out, "{}\n", checked.summary());
    let mut header = "| connections |".to_owned();
    let mut rule = "|---:|".to_owned();
    for c in curves {
        let name = c.target.short();
        let _ = write!(header, " {name} requests/s | {name} p99 ms |");
        rule.push_str("---:|---:|");
    }
    let _ = writeln!(out, "{header}\n{rule}");
    let mut counts: Vec<usize> = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|m| m.spec.connections))
        .collect();
    counts.sort_unstable();
    counts.dedup();
    for n in counts {
        let mut row = format!("| {n} |");
        for c in curves {
            match c.points.iter().find(|m| m.spec.connections == n) {
                Some(m) => {
                    let _ = write!(
                        row,
                        " {:.0} | {:.2} |",
                        m.outcome.rate(),
                        ms(m.outcome.percentile(99.0))
                    );
                }
                None => row.push_str(" | |"),
            }
        }
        let _ = writeln!(out, "{row}");
    }
    if let Some(chart) = chart {
        let _ = writeln!(out, "\n{chart}");
    }
    let _ = writeln!(
        out,
        "\n{}.",
        curves
            .iter()
            .map(|c| format!("{}: {}", c.target.short(), c.label))
            .collect::<Vec<_>>()
            .join("; ")
    );
    // The table has no room for errors; a run with failed answers must not pass unnoticed.
    let failed: Vec<String> = curves
        .iter()
        .flat_map(|c| {
            c.points.iter().filter(|m| m.outcome.errors > 0).map(|m| {
                format!(
                    "{} at {} connections: {}",
                    c.target.short(),
                    m.spec.connections,
                    m.outcome.errors
                )
            })
        })
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "\nFailed answers (not counted in requests/s): {}.",
            failed.join("; ")
        );
    }
    if curves.iter().any(|c| c.target.version().is_some()) {
        let _ = writeln!(out, "\n{POSTGRAPHILE_NOTE}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_parsed_and_fitted_to_the_engine() {
        let all = Targets::on(None, Engine::Postgres);
        assert_eq!(
            all,
            [Target::Tillit, Target::Raw, Target::Pgl5, Target::Pgl4]
        );
        assert_eq!(
            Targets::on(None, Engine::Sqlite),
            [Target::Tillit, Target::Raw]
        );
        let some = Targets::parse("pgl4, tillit,pgl4").expect("valid");
        assert_eq!(
            Targets::on(Some(some), Engine::Postgres),
            [Target::Tillit, Target::Pgl4]
        );
        assert!(Targets::on(Some(some), Engine::Sqlite) == [Target::Tillit]);
        let only_pgl = Targets::parse("pgl5").expect("valid");
        assert!(Targets::on(Some(only_pgl), Engine::Sqlite).is_empty());
        assert!(Targets::parse("tillit,postgraphile").is_err());
        assert!(Targets::parse("").is_err());
    }

    fn contact(id: &str, consents: Value) -> Value {
        json!({ "id": id, "consents": consents })
    }

    #[test]
    fn answers_agree_on_contacts_purposes_and_statuses() {
        let tillit = json!([contact(
            "c1",
            json!([
                { "purpose": "marketing_email", "status": "GRANTED", "decision": "GRANTED" },
                { "purpose": "newsletter", "status": "NOT_ASKED", "decision": null },
            ])
        )]);
        // Another order, lower-case decisions (PostGraphile's text column).
        let pgl = json!([contact(
            "c1",
            json!([
                { "purpose": "newsletter", "status": "NOT_ASKED", "decision": null },
                { "purpose": "marketing_email", "status": "GRANTED", "decision": "granted" },
            ])
        )]);
        let a = lines(&tillit).expect("lines");
        let b = lines(&pgl).expect("lines");
        assert_eq!(a.len(), 3);
        assert_eq!(difference(&a, &b, true), None);

        let outdated = json!([contact(
            "c1",
            json!([
                { "purpose": "newsletter", "status": "NOT_ASKED", "decision": null },
                { "purpose": "marketing_email", "status": "OUTDATED", "decision": "granted" },
            ])
        )]);
        let c = lines(&outdated).expect("lines");
        assert!(difference(&a, &c, true).is_some_and(|d| d.contains("OUTDATED")));

        // The raw handler has decisions only: statuses are not compared with it.
        let raw = json!([contact(
            "c1",
            json!([
                { "purpose": "marketing_email", "decision": "granted" },
                { "purpose": "newsletter", "decision": null },
            ])
        )]);
        let d = lines(&raw).expect("lines");
        assert_eq!(difference(&a, &d, false), None);
        assert_eq!(difference(&c, &d, false), None);
        let withdrawn = json!([contact(
            "c1",
            json!([
                { "purpose": "marketing_email", "decision": "withdrawn" },
                { "purpose": "newsletter", "decision": null },
            ])
        )]);
        assert!(difference(&a, &lines(&withdrawn).expect("lines"), false).is_some());
        // A target that should report statuses but does not is caught.
        assert!(difference(&a, &d, true).is_some());
    }

    #[test]
    fn contacts_without_consents_still_count() {
        let one = lines(&json!([contact("c1", json!([]))])).expect("lines");
        let none = lines(&json!([])).expect("lines");
        assert!(difference(&one, &none, true).is_some());
        let other = lines(&json!([contact("c2", json!([]))])).expect("lines");
        assert!(difference(&one, &other, true).is_some());
    }

    #[test]
    fn malformed_answers_are_errors() {
        assert!(lines(&Value::Null).is_err());
        assert!(lines(&json!([{ "rowId": "c1", "consents": [] }])).is_err());
        assert!(lines(&json!([{ "id": "c1", "consents": { "nodes": [] } }])).is_err());
        assert!(lines(&json!([{ "id": "c1", "consents": [{ "status": "GRANTED" }] }])).is_err());
    }

    #[test]
    fn the_targets_option_reaches_the_settings() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let options = super::super::parse_args(&args(&["--targets", "tillit,pgl5"]))
            .expect("valid arguments");
        assert_eq!(
            Targets::on(options.targets, Engine::Postgres),
            [Target::Tillit, Target::Pgl5]
        );
        let default = super::super::parse_args(&[]).expect("no arguments");
        assert_eq!(default.targets, None);
        assert!(super::super::parse_args(&args(&["--targets", "pgl6"])).is_err());
    }

    #[test]
    fn sweeps_are_connection_counts() {
        assert_eq!(parse_sweep("1,4,16,64,256"), Ok(vec![1, 4, 16, 64, 256]));
        assert_eq!(parse_sweep(" 64, 1,16 ,1"), Ok(vec![1, 16, 64]));
        assert_eq!(parse_sweep("1000"), Ok(vec![1000]));
        for bad in [
            "", " ", "0", "1,0,4", "1,,4", "4,", "four", "1.5", "-1", "1001", "4;16",
        ] {
            let error = parse_sweep(bad).expect_err(bad);
            assert!(error.contains("connection count"), "{bad:?}: {error}");
        }
        assert!(
            parse_sweep("1,x")
                .expect_err("not a number")
                .contains("`x` is not")
        );
    }

    #[test]
    fn the_sweep_option_belongs_to_w1() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let parse = |a: &[&str]| super::super::parse_args(&args(a));
        let error = |a: &[&str]| format!("{:#}", parse(a).err().expect("an error"));

        let options = parse(&["--workload", "webshop", "--sweep", "16,1,4"]).expect("valid");
        assert_eq!(options.sweep, Some(vec![1, 4, 16]));
        // The workload may come after the sweep.
        let options = parse(&["--sweep=1,4", "--workload=webshop"]).expect("valid");
        assert_eq!(options.sweep, Some(vec![1, 4]));
        assert_eq!(parse(&[]).expect("no arguments").sweep, None);

        assert!(error(&["--sweep", "1,4"]).contains("needs --workload webshop"));
        assert!(
            error(&["--workload", "webshop-mix", "--sweep", "1,4"])
                .contains("needs --workload webshop")
        );
        assert!(error(&["--workload", "webshop", "--sweep", "1,0"]).contains("--sweep 1,0"));
        assert!(error(&["--workload", "webshop", "--sweep", ""]).contains("connection counts"));
        assert!(
            error(&["--workload", "webshop", "--sweep", "4", "--rate", "100"]).contains("--rate")
        );
    }

    #[test]
    fn ratios_guard_against_zero() {
        assert_eq!(ratio(3.0, 2.0), "1.50");
        assert_eq!(ratio(3.0, 0.0), "n/a");
    }
}
