//! W3, `--workload search`: staff search by term class (customer number, e-mail fragment, phone
//! fragment, whole name, common fragment, two-letter prefix), side by side on the same data:
//! Tillit's `customers(search:)` (GraphQL, staff session, audited), Tillit's own search module
//! behind a bare axum handler (`raw`: the same statements, no GraphQL, session or audit) and, on
//! PostgreSQL, PostGraphile 5 and 4 serving `pgl.search_customers` (the search a PostGraphile user
//! would write, with Tillit's folding and ranking: `xtask/bench/postgraphile/schema.sql`).
//!
//! The terms come from real customers (sampled through Tillit's search by number). Before
//! anything is measured, every target is asked the first terms of each class and must answer the
//! same first page of customer numbers as Tillit (the raw handler exactly; PostGraphile's agreement
//! is counted and printed, since its function reads at most three words of a name). Then, per
//! class and run, each target in turn: one connection (a member of staff searching: the latency)
//! and `--connections` at once (the ceiling); medians of `--runs`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::webshop::{Settings, Target, Targets, postgraphiles, ratio, start_postgraphile};
use super::{
    Client, Dataset, FIRST_NUMBER, Rng, SEARCH, TOTP_FILE, data, grouped, load, ms, national,
};
use crate::util;

/// Customers sampled for the term pools, and the pool size of each class.
const SAMPLE_CUSTOMERS: u64 = 100;
const POOL: usize = 200;
/// Terms of each class every target must answer alike before the load starts.
const CHECKED: usize = 10;
const SAMPLE: &str =
    "query($q:String){ customers(search:$q, first:5){ nodes{ number displayName email phone } } }";

/// PostGraphile's function as a list (`searchCustomersList` in both versions); `number` is a
/// BigInt, which v5 answers as a string.
const PGL_SEARCH: &str =
    "query($t: String!) { customers: searchCustomersList(term: $t) { number displayName } }";

struct Sampled {
    display_name: String,
    email: Option<String>,
    phone: Option<String>,
}

/// Real customers, found by random customer numbers (numbers are sequential from 10001).
fn sample(client: &Client, rng: &mut Rng, customers: u64) -> Result<Vec<Sampled>> {
    let mut found = Vec::new();
    for _ in 0..SAMPLE_CUSTOMERS.min(customers) {
        let number = FIRST_NUMBER + rng.below(customers);
        let body = client
            .send(SAMPLE, &json!({ "q": number.to_string() }))?
            .into_string()?;
        let data = data(&body).context("sampling customers")?;
        let node = data["customers"]["nodes"]
            .as_array()
            .and_then(|nodes| nodes.iter().find(|n| n["number"].as_u64() == Some(number)))
            .with_context(|| format!("searching for customer number {number} did not find it"))?;
        found.push(Sampled {
            display_name: node["displayName"].as_str().unwrap_or_default().to_owned(),
            email: node["email"].as_str().map(str::to_owned),
            phone: node["phone"].as_str().map(str::to_owned),
        });
    }
    Ok(found)
}

/// The classes of search terms and their term pools.
fn term_classes(
    samples: &[Sampled],
    rng: &mut Rng,
    customers: u64,
) -> Vec<(&'static str, Vec<String>)> {
    let numbers = (0..POOL)
        .map(|_| (FIRST_NUMBER + rng.below(customers)).to_string())
        .collect();
    let emails = samples
        .iter()
        .filter_map(|s| s.email.as_deref()?.split('@').next())
        .filter(|local| local.chars().count() >= 6)
        .map(|local| local.chars().take(6).collect())
        .collect();
    let phones = samples
        .iter()
        .filter_map(|s| s.phone.as_deref().map(national))
        .filter(|n| n.len() >= 6)
        .map(|n| {
            let start = (n.len() - 6) / 2;
            n[start..start + 6].to_owned()
        })
        .collect();
    let names = samples.iter().map(|s| s.display_name.clone()).collect();
    let common = vec!["son".to_owned(), "sen".to_owned()];
    let prefixes = samples
        .iter()
        .map(|s| {
            s.display_name
                .chars()
                .take(2)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|p| p.chars().count() == 2 && p.chars().all(char::is_alphabetic))
        .collect();
    vec![
        ("number", numbers),
        ("e-mail fragment", emails),
        ("phone fragment", phones),
        ("name", names),
        ("common fragment", common),
        ("short prefix", prefixes),
    ]
}

/// Per (class, target): of the checked terms, how many were answered exactly like Tillit.
type Agreement = BTreeMap<(&'static str, &'static str), (usize, usize)>;

/// One search per request, the class's terms in turn.
struct Search {
    target: Target,
    terms: Vec<String>,
    /// Tillit's session cookie.
    cookie: String,
}

impl Search {
    fn term(&self, i: u64) -> &str {
        &self.terms[(i as usize) % self.terms.len()]
    }

    /// The customer numbers of an answer, in order; `None` if it is not a well-formed page.
    fn numbers(&self, body: &str) -> Option<Vec<u64>> {
        let data = data(body).ok()?;
        let nodes = match self.target {
            Target::Tillit | Target::Raw => data["customers"]["nodes"].as_array()?,
            Target::Pgl5 | Target::Pgl4 => data["customers"].as_array()?,
        };
        nodes
            .iter()
            .map(|n| match &n["number"] {
                Value::String(s) => s.parse().ok(),
                other => other.as_u64(),
            })
            .collect()
    }
}

impl load::Workload for Search {
    fn body(&self, i: u64) -> String {
        let term = self.term(i);
        match self.target {
            Target::Tillit => json!({ "query": SEARCH, "variables": { "q": term } }),
            Target::Raw => json!({ "term": term }),
            Target::Pgl5 | Target::Pgl4 => {
                json!({ "query": PGL_SEARCH, "variables": { "t": term } })
            }
        }
        .to_string()
    }

    fn check(&self, status: u16, body: &str) -> bool {
        status == 200 && self.numbers(body).is_some()
    }

    fn headers(&self) -> Vec<(String, String)> {
        if self.target == Target::Tillit {
            vec![
                ("cookie".to_owned(), self.cookie.clone()),
                ("x-tillit-csrf".to_owned(), "1".to_owned()),
            ]
        } else {
            Vec::new()
        }
    }
}

/// A target's server, ready.
struct Running {
    target: Target,
    label: String,
    server: util::Server,
    path: &'static str,
}

/// One class: per target, the one-connection and the many-connection measurement.
struct Class {
    name: &'static str,
    example: String,
    rows: Vec<(Target, load::Measured, load::Measured)>,
}

pub(super) fn measure(
    tillit: &Path,
    baseline: &Path,
    dataset: &Dataset,
    settings: Settings,
) -> Result<String> {
    let targets = Targets::on(settings.targets, dataset.engine);
    if !targets.contains(&Target::Tillit) {
        bail!("bench: the search workload compares everything with Tillit: add it to --targets");
    }
    let installed = postgraphiles(&targets, dataset)?;
    let mut running: Vec<Running> = Vec::new();
    let started = (|| -> Result<()> {
        for &target in &targets {
            running.push(match target {
                Target::Tillit => Running {
                    target,
                    label: "Tillit `customers(search:)` (GraphQL, staff session, audited)"
                        .to_owned(),
                    server: dataset.serve(tillit)?,
                    path: "/graphql",
                },
                Target::Raw => Running {
                    target,
                    label: "Tillit's search module in a bare axum handler (no GraphQL, session \
                            or audit)"
                        .to_owned(),
                    server: dataset.serve_baseline(baseline)?,
                    path: "/w3",
                },
                Target::Pgl5 | Target::Pgl4 => {
                    let (installed, server) = start_postgraphile(target, &installed, dataset)?;
                    Running {
                        target,
                        label: format!("{} `searchCustomersList` (SQL function)", installed.label),
                        server,
                        path: "/graphql",
                    }
                }
            });
        }
        Ok(())
    })();
    let result = started.and_then(|()| run(&running, dataset, settings));
    running
        .iter_mut()
        .rev()
        .fold(result, |result, r| r.server.stop_with(result))
}

fn run(running: &[Running], dataset: &Dataset, settings: Settings) -> Result<String> {
    let tillit = running
        .iter()
        .find(|r| r.target == Target::Tillit)
        .context("Tillit is not running")?;
    let client = Client::login(&tillit.server.base_url, &dataset.dir.join(TOTP_FILE))?;
    let mut rng = Rng(0x7111_1700);
    let customers = dataset.seeding.customers;
    let samples = sample(&client, &mut rng, customers)?;
    let classes = term_classes(&samples, &mut rng, customers);
    for (class, pool) in &classes {
        if pool.is_empty() {
            bail!("bench: no sample terms for the class `{class}`");
        }
    }
    let workloads = |pool: &[String]| -> Vec<Arc<Search>> {
        running
            .iter()
            .map(|r| {
                Arc::new(Search {
                    target: r.target,
                    terms: pool.to_vec(),
                    cookie: client.cookie.clone(),
                })
            })
            .collect()
    };

    let agreement = same_answers(running, &classes, &workloads)?;
    let spec = |connections: usize| load::Spec {
        connections,
        rate: None,
        seconds: settings.seconds as f64,
        warmup: 1.0,
    };
    let mut measured = Vec::new();
    for (name, pool) in &classes {
        let workloads = workloads(pool);
        let mut all: Vec<(Vec<load::Measured>, Vec<load::Measured>)> =
            running.iter().map(|_| (Vec::new(), Vec::new())).collect();
        for _ in 0..settings.runs {
            for ((r, workload), (one, many)) in running.iter().zip(&workloads).zip(&mut all) {
                let workload: Arc<dyn load::Workload> = workload.clone();
                for (connections, into) in [(1, &mut *one), (settings.connections, &mut *many)] {
                    println!(
                        "{name}: {} with {connections} connection(s)",
                        r.target.name()
                    );
                    into.push(load::measure(
                        r.server.pid(),
                        &r.server.base_url,
                        r.path,
                        &workload,
                        spec(connections),
                    )?);
                }
            }
        }
        let mut rows = Vec::new();
        for (r, (one, many)) in running.iter().zip(all) {
            let (mut one, mut many) = (one.into_iter(), many.into_iter());
            rows.push((
                r.target,
                load::median_of(settings.runs, || one.next().context("a run is missing"))?,
                load::median_of(settings.runs, || many.next().context("a run is missing"))?,
            ));
        }
        measured.push(Class {
            name,
            example: pool[0].clone(),
            rows,
        });
    }
    Ok(table(dataset, settings, running, &agreement, &measured))
}

/// The first page of customer numbers `r` answers for `term`.
fn answer(agent: &ureq::Agent, r: &Running, search: &Search, term_index: u64) -> Result<Vec<u64>> {
    use load::Workload as _;
    let url = format!("{}{}", r.server.base_url, r.path);
    let body = load::ask(agent, &url, &search.headers(), &search.body(term_index))?;
    search.numbers(&body).with_context(|| {
        let short: String = body.chars().take(300).collect();
        format!("not a page of customers: {short}")
    })
}

/// Per class and PostGraphile version: of the checked terms, how many it answered exactly like
/// Tillit. Fails if the raw handler differs from Tillit at all (it runs the same module).
fn same_answers(
    running: &[Running],
    classes: &[(&'static str, Vec<String>)],
    workloads: &dyn Fn(&[String]) -> Vec<Arc<Search>>,
) -> Result<Agreement> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let mut agreement = BTreeMap::new();
    for (class, pool) in classes {
        let searches = workloads(pool);
        for i in 0..pool.len().min(CHECKED) as u64 {
            let term = &pool[i as usize];
            let answers = running
                .iter()
                .zip(&searches)
                .map(|(r, s)| {
                    answer(&agent, r, s, i)
                        .with_context(|| format!("{} searching {term:?}", r.target.name()))
                })
                .collect::<Result<Vec<_>>>()?;
            let expected = &answers[0];
            for (r, got) in running.iter().zip(&answers).skip(1) {
                if r.target == Target::Raw && got != expected {
                    bail!(
                        "the raw handler answered {term:?} with {got:?}, Tillit with {expected:?}"
                    );
                }
                let entry = agreement.entry((*class, r.target.name())).or_insert((0, 0));
                entry.0 += usize::from(got == expected);
                entry.1 += 1;
            }
        }
    }
    Ok(agreement)
}

fn table(
    dataset: &Dataset,
    settings: Settings,
    running: &[Running],
    agreement: &Agreement,
    classes: &[Class],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### W3 staff search by term class — {}, {} customers (median of {} runs, {} s each, \
         targets in turn)\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
        settings.runs,
        settings.seconds,
    );
    for r in running {
        let _ = writeln!(out, "- `{}`: {}", r.target.name(), r.label);
    }
    let _ = writeln!(
        out,
        "\n| class | example | target | 1 connection: requests/s | p50 ms | p99 ms | p99.9 ms | \
         {c} connections: requests/s | p99 ms | server CPU µs/req | PostgreSQL CPU µs/req | \
         SQL statements/req | peak RSS MiB | same first page as Tillit |",
        c = settings.connections
    );
    let _ = writeln!(
        out,
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    );
    for class in classes {
        for (target, one, many) in &class.rows {
            let same = agreement
                .get(&(class.name, target.name()))
                .map_or_else(String::new, |(same, of)| format!("{same}/{of}"));
            let statements = many
                .costs
                .statements
                .map_or_else(|| "n/a".to_owned(), |s| format!("{s:.2}"));
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.0} | {:.2} | {:.0} | {:.0} | {statements} | {:.1} | {same} |",
                class.name,
                class.example,
                target.name(),
                one.outcome.rate(),
                ms(one.outcome.percentile(50.0)),
                ms(one.outcome.percentile(99.0)),
                ms(one.outcome.percentile(99.9)),
                many.outcome.rate(),
                ms(many.outcome.percentile(99.0)),
                many.costs.server_us,
                many.costs.database_us,
                many.costs.peak_rss_mib,
            );
        }
    }
    let errors: u64 = classes
        .iter()
        .flat_map(|c| &c.rows)
        .map(|(_, one, many)| one.outcome.errors + many.outcome.errors)
        .sum();
    let _ = writeln!(
        out,
        "\nFailed answers (non-200, GraphQL errors or not a page of customers): {errors}."
    );
    let others: Vec<Target> = running
        .iter()
        .map(|r| r.target)
        .filter(|t| *t != Target::Tillit)
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "\nTillit ÷ the others, per class (throughput at {} connections; p50 at one \
             connection, below 1: Tillit is faster):\n",
            settings.connections
        );
        for class in classes {
            let Some((_, t_one, t_many)) = class.rows.iter().find(|r| r.0 == Target::Tillit) else {
                continue;
            };
            let parts: Vec<String> = class
                .rows
                .iter()
                .filter(|r| r.0 != Target::Tillit)
                .map(|(target, one, many)| {
                    format!(
                        "÷ {}: throughput {}, p50 {}",
                        target.name(),
                        ratio(t_many.outcome.rate(), many.outcome.rate()),
                        ratio(
                            ms(t_one.outcome.percentile(50.0)),
                            ms(one.outcome.percentile(50.0))
                        ),
                    )
                })
                .collect();
            let _ = writeln!(out, "- {}: {}", class.name, parts.join("; "));
        }
    }
    if others.iter().any(|t| t.version().is_some()) {
        let _ = writeln!(
            out,
            "\nPostGraphile serves `pgl.search_customers(term)` over a view of the same table \
             (`xtask/bench/postgraphile/schema.sql`): the term folded with `unaccent`, the exact \
             number first, then the first three words (longest first) by `LIKE` on the same \
             pg_trgm index, or a name prefix for words under three characters; by name, 25 at \
             most; as `pgl_reader`, without a session or an access log. Tillit also checks the \
             staff session and writes an access-log row per search page."
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_classes_come_from_real_values() {
        let samples = [Sampled {
            display_name: "Åsa Lindqvist".to_owned(),
            email: Some("asa.lindqvist10042@example.se".to_owned()),
            phone: Some("+46701234567".to_owned()),
        }];
        let classes = term_classes(&samples, &mut Rng(1), 1000);
        let pool = |name: &str| &classes.iter().find(|(c, _)| *c == name).unwrap().1;
        assert_eq!(pool("number").len(), POOL);
        assert!(
            pool("number")
                .iter()
                .all(|n| (10001..11001).contains(&n.parse::<u64>().unwrap()))
        );
        assert_eq!(pool("e-mail fragment"), &["asa.li"]);
        assert_eq!(pool("phone fragment"), &["012345"]);
        assert_eq!(pool("name"), &["Åsa Lindqvist"]);
        assert_eq!(pool("short prefix"), &["ås"]);
    }
}
