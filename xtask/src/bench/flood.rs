//! `--workload login-flood` (W5): what one login costs (argon2id), how many logins a flood gets
//! through, and whether it slows the webshop down.
//!
//! The server runs with the per-IP login limit lifted, so every attempt reaches argon2id — the
//! worst case, as from a botnet with many addresses (from one address the token bucket answers
//! `RATE_LIMITED` before hashing anything). Then:
//! 1. 30 sequential bad logins (unknown accounts, which verify against a dummy hash) give the cost
//!    of one login;
//! 2. Q sequential W1 lookups (`webshopContacts` by e-mail with an API key) on an idle server;
//! 3. the same Q lookups while `attackers` clients send bad logins as fast as they are answered.
//!
//! The goals (issue 11): at least 80 logins/s during the flood, and the lookups' p99 at most 2×
//! the idle p99.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::{Dataset, LOGIN, Rng, WARMUP, data, grouped, load, ms, percentile, webshop};
use crate::util;

const LOGIN_SAMPLES: usize = 30;
/// Time for the attackers to reach full speed before measuring.
const RAMP_UP: Duration = Duration::from_secs(3);

struct Latencies {
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn summarize(mut samples: Vec<Duration>) -> Latencies {
    samples.sort();
    Latencies {
        p50: percentile(&samples, 50.0),
        p99: percentile(&samples, 99.0),
        max: samples.last().copied().unwrap_or_default(),
    }
}

/// One bad login from a fresh agent (no cookie); true when it was refused as expected.
fn bad_login(agent: &ureq::Agent, url: &str, n: u64) -> bool {
    let body = json!({
        "query": LOGIN,
        "variables": { "i": { "email": format!("flood-{n}@example.invalid"), "password": "not the password at all" } },
    });
    match agent
        .post(url)
        .set("content-type", "application/json")
        .send_json(body)
    {
        Ok(response) => response
            .into_string()
            .is_ok_and(|b| b.contains("UNAUTHENTICATED")),
        Err(_) => false,
    }
}

/// `count` sequential W1 lookups of e-mails drawn from `emails`; an answer with errors fails.
fn lookups(
    agent: &ureq::Agent,
    url: &str,
    headers: &[(String, String)],
    emails: &[String],
    rng: &mut Rng,
    count: usize,
) -> Result<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        let email = &emails[usize::try_from(rng.below(emails.len() as u64)).unwrap_or(0)];
        let body = json!({ "query": webshop::LOOKUP, "variables": { "e": email } }).to_string();
        let started = Instant::now();
        let answer = load::ask(agent, url, headers, &body)?;
        latencies.push(started.elapsed());
        data(&answer).with_context(|| format!("looking up {email}"))?;
    }
    Ok(latencies)
}

pub(super) fn measure(
    tillit: &Path,
    dataset: &Dataset,
    queries: usize,
    attackers: usize,
) -> Result<String> {
    let port = util::free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let mut serve = dataset.tillit(tillit, &["serve", "--bind", &bind]);
    serve
        .env("TILLIT_AUTH_BURST", "1000000")
        .env("TILLIT_AUTH_PER_MINUTE", "1000000");
    let mut server = util::Server::start(serve, port, &dataset.dir.join("server.log"))?;
    server.wait_ready(Duration::from_secs(120))?;
    let result = run(&server.base_url, dataset, queries, attackers);
    server.stop_with(result)
}

fn run(base_url: &str, dataset: &Dataset, queries: usize, attackers: usize) -> Result<String> {
    let url = format!("{base_url}/graphql");
    let (emails, key) = webshop::prepare(base_url, dataset)?;
    let webshop = [("authorization".to_owned(), format!("Bearer {key}"))];
    let customers = dataset.seeding.customers;
    let mut rng = Rng(0x7111_1701);

    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let mut logins = Vec::with_capacity(LOGIN_SAMPLES);
    for n in 0..LOGIN_SAMPLES as u64 {
        let started = Instant::now();
        if !bad_login(&agent, &url, n) {
            bail!("a bad login was not answered UNAUTHENTICATED");
        }
        logins.push(started.elapsed());
    }
    let login = summarize(logins);
    println!(
        "one bad login   p50 {:>7.2} ms  p99 {:>7.2} ms",
        ms(login.p50),
        ms(login.p99)
    );

    lookups(&agent, &url, &webshop, &emails, &mut rng, WARMUP)?;
    let idle = summarize(lookups(&agent, &url, &webshop, &emails, &mut rng, queries)?);
    println!(
        "idle            p50 {:>7.2} ms  p99 {:>7.2} ms",
        ms(idle.p50),
        ms(idle.p99)
    );

    let stop = Arc::new(AtomicBool::new(false));
    let refused = Arc::new(AtomicU64::new(0));
    let other = Arc::new(AtomicU64::new(0));
    let mut threads = Vec::with_capacity(attackers);
    for a in 0..attackers {
        let (stop, refused, other, url) =
            (stop.clone(), refused.clone(), other.clone(), url.clone());
        threads.push(
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let agent = ureq::AgentBuilder::new()
                        .timeout(Duration::from_secs(120))
                        .build();
                    let mut n = 1_000_000 * (a as u64 + 1);
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let counter = if bad_login(&agent, &url, n) {
                            &refused
                        } else {
                            &other
                        };
                        counter.fetch_add(1, Ordering::Relaxed);
                    }
                })
                .context("starting an attacker thread")?,
        );
    }
    std::thread::sleep(RAMP_UP);
    let before = refused.load(Ordering::Relaxed);
    let started = Instant::now();
    let flooded = lookups(&agent, &url, &webshop, &emails, &mut rng, queries);
    let window = started.elapsed();
    let during = refused.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        let _ = t.join();
    }
    let flooded = summarize(flooded?);
    let failed = other.load(Ordering::Relaxed);
    let attempts_per_second = during as f64 / window.as_secs_f64();
    let ratio = ms(flooded.p99) / ms(idle.p99).max(0.001);
    println!(
        "during flood    p50 {:>7.2} ms  p99 {:>7.2} ms  ({ratio:.2}× idle p99; {attempts_per_second:.0} bad logins/s, {failed} not refused)",
        ms(flooded.p50),
        ms(flooded.p99)
    );

    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Login flood, {}, {} customers\n",
        dataset.engine.label(),
        grouped(customers)
    );
    let _ = writeln!(
        out,
        "Per-IP login limit lifted (every attempt reaches argon2id). {LOGIN_SAMPLES} sequential bad \
         logins, then {queries} sequential W1 lookups (`webshopContacts` by e-mail, API key) idle \
         and again while {attackers} clients send bad logins as fast as they are answered (after \
         {} s ramp-up). Goals: ≥ 80 logins/s during the flood, lookup p99 ≤ 2× idle.\n",
        RAMP_UP.as_secs()
    );
    let _ = writeln!(out, "| measurement | p50 ms | p99 ms | max ms | note |");
    let _ = writeln!(out, "|---|--:|--:|--:|---|");
    let _ = writeln!(
        out,
        "| one bad login (argon2id) | {:.2} | {:.2} | {:.2} | sequential |",
        ms(login.p50),
        ms(login.p99),
        ms(login.max)
    );
    let _ = writeln!(
        out,
        "| W1 lookup, idle | {:.2} | {:.2} | {:.2} | |",
        ms(idle.p50),
        ms(idle.p99),
        ms(idle.max)
    );
    let _ = writeln!(
        out,
        "| W1 lookup, during the flood | {:.2} | {:.2} | {:.2} | {ratio:.2}× idle p99; {attempts_per_second:.0} bad logins/s refused; {failed} not refused |",
        ms(flooded.p50),
        ms(flooded.p99),
        ms(flooded.max)
    );
    Ok(out)
}
