//! `cargo xtask bench`: the workloads of issue 11 against a release build, per database engine
//! and data size. Staff search by term class next to Tillit's search module in a bare handler and
//! PostGraphile (`--workload search`, the default; see [`search`]), what a login costs and whether
//! a flood of bad logins slows customer queries down (`--workload login-flood`, see [`flood`]),
//! the cost of writing consent events and reading 1 000 contacts' consents (`--workload
//! consents`, see [`consents`]), the webshop's consent lookup by e-mail under concurrent clients
//! next to the same lookup as raw SQL and PostGraphile (`--workload webshop`, see [`webshop`]; with
//! `--sweep`, its throughput against concurrency as a table and an SVG chart, see [`plot`]) and
//! mixed with consent updates (`--workload webshop-mix`, see [`mix`]), the reporting walk
//! (`--workload reporting`, see [`reporting`]), bulk anonymization by the retention rule
//! (`--workload anonymize`, see [`anonymize`]), backup and restore next to
//! `pg_dump`/`pg_restore` (`--workload backup`, see [`backup`]) and cold start and idle memory
//! (`--workload coldstart`, see [`coldstart`]). Seeded databases are kept in
//! `~/.cache/tillit-bench` (seeding a million customers takes minutes) and reused when their
//! marker file says they hold exactly the requested data set. Any GraphQL error fails a run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::{usage_error, util};
use load::percentile;

mod anonymize;
mod backup;
mod coldstart;
mod consents;
mod flood;
mod load;
mod mix;
mod plot;
mod postgraphile;
mod procstat;
mod reporting;
mod search;
mod webshop;

const FIRST_NUMBER: u64 = 10001;
const WARMUP: usize = 20;
const SEED: &str = "1";
pub(crate) const BENCH_EMAIL: &str = "perf@tillit.test";
/// The bench databases hold generated demo data only and the server binds loopback.
pub(crate) const BENCH_PASSWORD: &str = "local-benchmark-passphrase";
const MARKER: &str = "seeded.txt";
/// The data generator's version in the marker: data sets of an older one are seeded again
/// (2: consent histories and self contacts of private customers; 3: batches of 10 000 customers,
/// COPY for every table on PostgreSQL).
const GENERATOR: &str = "3";
const POSTGRES_ADMIN: [&str; 6] = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"];

const LOGIN: &str = "mutation($i: LoginInput!){ login(input:$i){ next } }";
/// The bench user's TOTP secret, kept beside the seeded data (MFA is mandatory for staff).
const TOTP_FILE: &str = "bench-totp.secret";
const SEARCH: &str = "query($q:String){ customers(search:$q, first:25){ nodes{ id number displayName } pageInfo{ hasNextPage } } }";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite (SQLCipher)",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Workload {
    Search,
    LoginFlood,
    Consents,
    Webshop,
    WebshopMix,
    Reporting,
    Anonymize,
    Backup,
    ColdStart,
    /// Only seed (or reuse) the data sets and report what they hold.
    Generate,
}

struct Options {
    customers: Vec<u64>,
    engines: Vec<Engine>,
    queries: usize,
    write: bool,
    fresh: bool,
    workload: Workload,
    /// Concurrent bad-login clients of the login flood.
    attackers: usize,
    /// Concurrent connections, offered rate (open loop; `None` = closed loop or a default),
    /// seconds per run and runs per measurement of the HTTP load workloads.
    connections: usize,
    rate: Option<f64>,
    seconds: u64,
    runs: usize,
    /// What W1 measures (`--targets`); `None`: every target that runs on the engine.
    targets: Option<webshop::Targets>,
    /// W1's concurrency sweep (`--sweep`): connection counts, ascending; `None`: no sweep.
    sweep: Option<Vec<usize>>,
}

impl Options {
    /// What the HTTP load workloads (W1, W2) take from the command line.
    fn load_settings(&self) -> webshop::Settings {
        webshop::Settings {
            connections: self.connections,
            rate: self.rate,
            seconds: self.seconds,
            runs: self.runs,
            targets: self.targets,
        }
    }
}

/// `100000`, `100_000`, `100k` and `1m` all work.
fn parse_count(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_lowercase().replace('_', "");
    let (digits, factor) = match s.as_bytes().last() {
        Some(b'k') => (&s[..s.len() - 1], 1_000),
        Some(b'm') => (&s[..s.len() - 1], 1_000_000),
        _ => (&s[..], 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .map(|n| n * factor)
        .filter(|n| *n > 0)
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut options = Options {
        customers: vec![100_000, 1_000_000],
        engines: vec![Engine::Sqlite, Engine::Postgres],
        queries: 200,
        write: false,
        fresh: false,
        workload: Workload::Search,
        attackers: 200,
        connections: 64,
        rate: None,
        seconds: 10,
        runs: 1,
        targets: None,
        sweep: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "generate" {
            options.workload = Workload::Generate;
            continue;
        }
        if arg == "--write" || arg == "--fresh" {
            options.write |= arg == "--write";
            options.fresh |= arg == "--fresh";
            continue;
        }
        let (flag, value) = match arg.split_once('=') {
            Some((flag, value)) => (flag, value.to_owned()),
            None => (
                arg.as_str(),
                args.next()
                    .cloned()
                    .ok_or_else(|| usage_error(&format!("bench: {arg} needs a value")))?,
            ),
        };
        let bad = |what: &str| usage_error(&format!("bench: {flag} {value}: {what}"));
        match flag {
            "--customers" => {
                options.customers = value
                    .split(',')
                    .map(|n| {
                        parse_count(n).ok_or_else(|| bad("expected counts like 100000,1000000"))
                    })
                    .collect::<Result<_>>()?;
            }
            "--engines" => {
                options.engines = value
                    .split(',')
                    .map(|e| match e.trim() {
                        "sqlite" => Ok(Engine::Sqlite),
                        "postgres" | "postgresql" => Ok(Engine::Postgres),
                        _ => Err(bad("engines are sqlite and postgres")),
                    })
                    .collect::<Result<_>>()?;
            }
            "--queries" => {
                options.queries = value
                    .parse()
                    .ok()
                    .filter(|q| *q > 0)
                    .ok_or_else(|| bad("expected a positive number"))?;
            }
            "--workload" => {
                options.workload = match value.as_str() {
                    "search" => Workload::Search,
                    "login-flood" => Workload::LoginFlood,
                    "consents" => Workload::Consents,
                    "webshop" => Workload::Webshop,
                    "webshop-mix" => Workload::WebshopMix,
                    "reporting" => Workload::Reporting,
                    "anonymize" => Workload::Anonymize,
                    "backup" => Workload::Backup,
                    "coldstart" => Workload::ColdStart,
                    _ => {
                        return Err(bad(
                            "workloads are search, login-flood, consents, webshop, webshop-mix, reporting, anonymize, backup and coldstart",
                        ));
                    }
                };
            }
            "--attackers" => {
                options.attackers = value
                    .parse()
                    .ok()
                    .filter(|a| (1..=2000).contains(a))
                    .ok_or_else(|| bad("expected 1 to 2000"))?;
            }
            "--connections" | "--clients" => {
                options.connections = value
                    .parse()
                    .ok()
                    .filter(|c| (1..=1000).contains(c))
                    .ok_or_else(|| bad("expected 1 to 1000"))?;
            }
            "--rate" => {
                options.rate = Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|r| (1.0..=1_000_000.0).contains(r))
                        .ok_or_else(|| bad("expected requests per second, 1 to 1000000"))?,
                );
            }
            "--targets" => {
                options.targets = Some(webshop::Targets::parse(&value).map_err(|e| bad(&e))?);
            }
            "--sweep" => {
                options.sweep = Some(webshop::parse_sweep(&value).map_err(|e| bad(&e))?);
            }
            "--runs" => {
                options.runs = value
                    .parse()
                    .ok()
                    .filter(|r| (1..=9).contains(r))
                    .ok_or_else(|| bad("expected 1 to 9"))?;
            }
            "--seconds" => {
                options.seconds = value
                    .parse()
                    .ok()
                    .filter(|s| (1..=600).contains(s))
                    .ok_or_else(|| bad("expected 1 to 600"))?;
            }
            _ => return Err(usage_error(&format!("bench: unknown argument `{arg}`"))),
        }
    }
    // Checked once every argument is read: `--workload` may come after `--sweep`.
    if options.sweep.is_some() {
        if options.workload != Workload::Webshop {
            return Err(usage_error(
                "bench: --sweep is W1's concurrency sweep and needs --workload webshop",
            ));
        }
        if options.rate.is_some() {
            return Err(usage_error(
                "bench: --sweep runs closed loops only; it takes no --rate",
            ));
        }
    }
    Ok(options)
}

pub fn main(args: &[String]) -> Result<()> {
    let options = parse_args(args)?;
    if options.engines.contains(&Engine::Postgres) {
        if !util::tcp_answers("127.0.0.1:5432", Duration::from_secs(1)) {
            bail!(
                "bench: PostgreSQL does not answer on 127.0.0.1:5432 (start it, or pass --engines sqlite)"
            );
        }
        if !util::succeeds(Command::new("psql").arg("--version")) {
            bail!("bench: `psql` is missing (Debian: apt-get install -y postgresql-client)");
        }
    }
    let (tillit, baseline) = util::build_bench()?;
    let cache = std::env::var_os("HOME")
        .map(PathBuf::from)
        .context("bench: HOME is not set")?
        .join(".cache/tillit-bench");

    let mut tables = Vec::new();
    // `--sweep`'s charts: (file name, SVG) for docs/ with `--write`; else where they were saved.
    let mut charts = Vec::new();
    let mut saved = Vec::new();
    for &engine in &options.engines {
        for &customers in &options.customers {
            println!("\n==> bench {} with {customers} customers", engine.name());
            // Anonymization needs customers inactive for years: a data set seeded in the past.
            let as_of = (options.workload == Workload::Anonymize).then_some(anonymize::AS_OF);
            let dataset =
                Dataset::prepare(&tillit, &cache, engine, customers, as_of, options.fresh)?;
            let table = match options.workload {
                Workload::Search => {
                    search::measure(&tillit, &baseline, &dataset, options.load_settings())?
                }
                Workload::LoginFlood => {
                    flood::measure(&tillit, &dataset, options.queries, options.attackers)?
                }
                Workload::Consents => consents::measure(&tillit, &dataset, options.queries)?,
                Workload::Webshop => match &options.sweep {
                    None => {
                        webshop::measure(&tillit, &baseline, &dataset, options.load_settings())?
                    }
                    Some(sweep) => {
                        let file = chart_file(engine, customers, options.customers.len() > 1);
                        let swept = webshop::sweep(
                            &tillit,
                            &baseline,
                            &dataset,
                            options.load_settings(),
                            sweep,
                            options.write.then_some(file.as_str()),
                        )?;
                        if options.write {
                            charts.push((file, swept.chart));
                        } else {
                            // Beside the data set's other outputs (server logs, e-mails asked).
                            let path = dataset.dir.join(&file);
                            std::fs::write(&path, &swept.chart)
                                .with_context(|| format!("writing {}", path.display()))?;
                            saved.push(path);
                        }
                        swept.table
                    }
                },
                Workload::WebshopMix => mix::measure(
                    &tillit,
                    &dataset,
                    webshop::Settings {
                        targets: None,
                        ..options.load_settings()
                    },
                )?,
                Workload::Reporting => {
                    reporting::measure(&tillit, &baseline, &dataset, options.runs, options.targets)?
                }
                Workload::Anonymize => anonymize::measure(&tillit, &dataset)?,
                Workload::Backup => backup::measure(&tillit, &dataset, options.runs)?,
                Workload::ColdStart => coldstart::measure(&tillit, &dataset)?,
                Workload::Generate => generated(&dataset),
            };
            println!("\n{table}");
            tables.push(table);
        }
    }

    if tables.len() > 1 {
        println!("\n==> all results\n\n{}", tables.join("\n"));
    }
    for path in &saved {
        println!("\nthe chart: {}", path.display());
    }
    if options.write {
        write_report(args, &options, &tables, &charts)?;
    }
    Ok(())
}

/// The file name of `--sweep`'s chart, e.g. `w1-concurrency-sqlite.svg`; with the size in it when
/// one run measures several sizes (whose charts would otherwise overwrite each other).
fn chart_file(engine: Engine, customers: u64, several_sizes: bool) -> String {
    if several_sizes {
        format!("w1-concurrency-{}-{customers}.svg", engine.name())
    } else {
        format!("w1-concurrency-{}.svg", engine.name())
    }
}

/// How a data set came to be: read from or written to its marker file.
#[derive(Clone)]
struct Seeding {
    customers: u64,
    contacts: u64,
    consent_events: u64,
    current_consents: u64,
    seconds: f64,
    reused: bool,
}

/// One engine × size: a data directory (database or key file, marker, server log) and, for
/// PostgreSQL, a database named after the size.
struct Dataset {
    engine: Engine,
    dir: PathBuf,
    database: Option<String>,
    seeding: Seeding,
}

impl Dataset {
    fn prepare(
        tillit: &Path,
        cache: &Path,
        engine: Engine,
        customers: u64,
        as_of: Option<&str>,
        fresh: bool,
    ) -> Result<Dataset> {
        // Data seeded as of a past date is a separate data set.
        let suffix = as_of.map_or_else(String::new, |d| format!("_{}", d.replace('-', "")));
        let mut dataset = Dataset {
            engine,
            dir: cache.join(format!("{}-{customers}{suffix}", engine.name())),
            database: (engine == Engine::Postgres)
                .then(|| format!("tillit_bench_{customers}{suffix}")),
            seeding: Seeding {
                customers,
                contacts: 0,
                consent_events: 0,
                current_consents: 0,
                seconds: 0.0,
                reused: true,
            },
        };
        if let Some(seeding) = dataset.reusable(customers).filter(|_| !fresh) {
            dataset.write_config()?;
            println!(
                "reusing {} (seeded earlier with {customers} customers in {:.1} s)",
                dataset.dir.display(),
                seeding.seconds
            );
            dataset.seeding = seeding;
            dataset.ensure_user(tillit)?;
            return Ok(dataset);
        }

        if dataset.dir.exists() {
            std::fs::remove_dir_all(&dataset.dir)
                .with_context(|| format!("removing the stale {}", dataset.dir.display()))?;
        }
        std::fs::create_dir_all(&dataset.dir)
            .with_context(|| format!("creating {}", dataset.dir.display()))?;
        if let Some(db) = &dataset.database {
            psql(
                "postgres",
                &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
            )?;
            psql("postgres", &format!("CREATE DATABASE {db}"))?;
        }

        dataset.write_config()?;
        println!("seeding {customers} customers: a million take several minutes");
        let started = Instant::now();
        let count = customers.to_string();
        let mut seed_args = vec!["seed", "--customers", &count, "--seed", SEED];
        if let Some(date) = as_of {
            seed_args.extend(["--as-of", date]);
        }
        let output = util::stdout_echoed("seed", &mut dataset.tillit(tillit, &seed_args))?;
        let seconds = started.elapsed().as_secs_f64();
        let line = output
            .lines()
            .find(|l| l.starts_with("seeded "))
            .context("seed: `tillit seed` did not print its `seeded …` line")?;
        let counted = |what: &str| {
            count_before(line, what)
                .with_context(|| format!("seed: no count of {what} in `{line}`"))
        };
        let (contacts, consent_events, current_consents) = (
            counted("contacts")?,
            counted("consent events")?,
            counted("current consents")?,
        );

        dataset.ensure_user(tillit)?;

        dataset.seeding = Seeding {
            customers,
            contacts,
            consent_events,
            current_consents,
            seconds,
            reused: false,
        };
        let marker = format!(
            "customers={customers}\ncontacts={contacts}\nconsent_events={consent_events}\n\
             current_consents={current_consents}\nseed_seconds={seconds:.1}\nseed={SEED}\n\
             generator={GENERATOR}\n"
        );
        std::fs::write(dataset.dir.join(MARKER), marker)
            .context("writing the bench marker file")?;
        Ok(dataset)
    }

    /// The data set's `tillit.toml`: no request rate limits (the load generator is one client
    /// address sending thousands of requests a second on purpose), no scheduled backups (they
    /// would disturb the measurements) and one local backup destination for the backup
    /// workload.
    fn write_config(&self) -> Result<()> {
        let backups = self.dir.join("backups").join("bench");
        let config = format!(
            "ip_burst = 0\napi_key_burst = 0\n\n[backup]\nschedule = false\n\n[[backup.destinations]]\nkind = \"local\"\nname = \"bench\"\npath = \"{}\"\n",
            backups.display()
        );
        std::fs::write(self.dir.join("tillit.toml"), config)
            .context("writing the bench tillit.toml")
    }

    /// The marker's record if the data set is complete and still there.
    /// Creates the bench user unless it exists (datasets outlive changes to the bench account).
    fn ensure_user(&self, tillit: &Path) -> Result<()> {
        let mut cmd = self.tillit(
            tillit,
            &[
                "user",
                "create",
                "--admin",
                "--email",
                BENCH_EMAIL,
                "--password-stdin",
            ],
        );
        println!("$ tillit user create --email {BENCH_EMAIL} (unless it exists)");
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .context("starting tillit user create")?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write as _;
            stdin.write_all(format!("{BENCH_PASSWORD}\n").as_bytes())?;
        }
        let output = child.wait_with_output()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() || stderr.contains("already exists") {
            Ok(())
        } else {
            bail!("creating the bench user failed: {stderr}")
        }
    }

    fn reusable(&self, customers: u64) -> Option<Seeding> {
        let marker = std::fs::read_to_string(self.dir.join(MARKER)).ok()?;
        let field = |key: &str| {
            marker
                .lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(str::to_owned)
        };
        if field("customers")?.parse::<u64>().ok()? != customers
            || field("seed")? != SEED
            || field("generator")? != GENERATOR
        {
            return None;
        }
        match &self.database {
            // The marker lives on disk, the data in the server: check that they still agree.
            Some(db) => {
                let count = Command::new("psql")
                    .args(POSTGRES_ADMIN)
                    .args(["-d", db, "-tAc", "SELECT count(*) FROM customers"])
                    .output()
                    .ok()?;
                let count = String::from_utf8_lossy(&count.stdout)
                    .trim()
                    .parse::<u64>()
                    .ok()?;
                if count != customers {
                    return None;
                }
            }
            None if !self.dir.join("tillit.db").exists() => return None,
            None => {}
        }
        Some(Seeding {
            customers,
            contacts: field("contacts")?.parse().ok()?,
            consent_events: field("consent_events")?.parse().ok()?,
            current_consents: field("current_consents")?.parse().ok()?,
            seconds: field("seed_seconds")?.parse().ok()?,
            reused: true,
        })
    }

    /// `tillit ARGS` on this data set, isolated from the caller's environment and tillit.toml.
    /// `tillit serve` on this data set on a free loopback port, ready for requests.
    fn serve(&self, tillit: &Path) -> Result<util::Server> {
        let port = util::free_port()?;
        let bind = format!("127.0.0.1:{port}");
        let serve = self.tillit(tillit, &["serve", "--bind", &bind]);
        let mut server = util::Server::start(serve, port, &self.dir.join("server.log"))?;
        server.wait_ready(Duration::from_secs(120))?;
        Ok(server)
    }

    /// The raw-SQL handler (`sql_baseline --listen`) on this data set, ready for requests.
    fn serve_baseline(&self, baseline: &Path) -> Result<util::Server> {
        let mut cmd = self.tillit(baseline, &[]);
        let port = util::free_port()?;
        cmd.args(["--listen", &format!("127.0.0.1:{port}")]);
        let mut server = util::Server::start(cmd, port, &self.dir.join("baseline.log"))?;
        server.wait_ready(Duration::from_secs(120))?;
        Ok(server)
    }

    fn tillit(&self, tillit: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(tillit);
        cmd.current_dir(util::root())
            .args(args)
            .arg("--data-dir")
            .arg(&self.dir)
            .arg("--config")
            .arg(self.dir.join("tillit.toml"))
            .env_remove("DATABASE_URL")
            .env_remove("TILLIT_MASTER_KEY");
        if let Some(db) = &self.database {
            // Plain TCP on loopback, as PostGraphile's node-postgres connects (sqlx's default
            // `sslmode=prefer` would negotiate TLS and put its cost on one side only).
            cmd.arg("--database-url").arg(format!(
                "postgres://postgres@127.0.0.1:5432/{db}?sslmode=disable"
            ));
        }
        cmd
    }
}

/// The number in front of `what` in `tillit seed`'s summary line
/// (`seeded 10 customers, 14 contacts, …`).
fn count_before(line: &str, what: &str) -> Option<u64> {
    let (head, _) = line.split_once(&format!(" {what}"))?;
    head.rsplit(' ').next()?.parse().ok()
}

/// `cargo xtask bench generate`: what the data set holds and how fast it was generated.
fn generated(dataset: &Dataset) -> String {
    let s = &dataset.seeding;
    let how = if s.reused {
        format!("reused (generated earlier in {:.1} s)", s.seconds)
    } else {
        format!(
            "generated in {:.1} s, {} customers/s",
            s.seconds,
            grouped((s.customers as f64 / s.seconds.max(0.001)) as u64)
        )
    };
    format!(
        "| engine | customers | contacts | consent events | current consents | |\n\
         |---|---:|---:|---:|---:|---|\n\
         | {} | {} | {} | {} | {} | {how} |\n",
        dataset.engine.label(),
        grouped(s.customers),
        grouped(s.contacts),
        grouped(s.consent_events),
        grouped(s.current_consents),
    )
}

fn psql(database: &str, sql: &str) -> Result<()> {
    util::run(
        "psql",
        Command::new("psql").args(POSTGRES_ADMIN).args([
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            sql,
        ]),
    )
}

/// A logged-in GraphQL client.
pub(crate) struct Client {
    agent: ureq::Agent,
    url: String,
    pub(crate) cookie: String,
}

impl Client {
    /// Signs in with password and TOTP, enrolling the bench user's authenticator on the first
    /// run against a dataset (its secret is kept in `secret_file`).
    pub(crate) fn login(base_url: &str, secret_file: &Path) -> Result<Client> {
        let mut client = Client {
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(60))
                .build(),
            url: format!("{base_url}/graphql"),
            cookie: String::new(),
        };
        let variables = json!({ "i": { "email": BENCH_EMAIL, "password": BENCH_PASSWORD } });
        let response = client.send(LOGIN, &variables)?;
        client.take_cookie(&response)?;
        let next = data(&response.into_string()?).context("login")?["login"]["next"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let response = match next.as_str() {
            "MFA_ENROLLMENT_REQUIRED" => {
                let begun = data(
                    &client
                        .send("mutation { beginTotpEnrollment { secret } }", &json!({}))?
                        .into_string()?,
                )
                .context("MFA enrolment")?;
                let secret = begun["beginTotpEnrollment"]["secret"]
                    .as_str()
                    .context("MFA enrolment: no secret")?
                    .to_owned();
                std::fs::write(secret_file, &secret).context("saving the bench TOTP secret")?;
                client.send(
                    "mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }",
                    &json!({ "c": totp_code(&secret)? }),
                )?
            }
            "MFA_REQUIRED" => {
                let secret = std::fs::read_to_string(secret_file)
                    .with_context(|| format!("reading {}", secret_file.display()))?;
                // A code is accepted once per time step: wait for a fresh step if needed.
                let mut response = client.send(
                    "mutation($c: String!) { verifyTotp(code: $c) { next } }",
                    &json!({ "c": totp_code(secret.trim())? }),
                )?;
                if response.header("set-cookie").is_none() {
                    std::thread::sleep(Duration::from_secs(31));
                    response = client.send(
                        "mutation($c: String!) { verifyTotp(code: $c) { next } }",
                        &json!({ "c": totp_code(secret.trim())? }),
                    )?;
                }
                response
            }
            other => bail!("login: unexpected next step {other:?}"),
        };
        client.take_cookie(&response)?;
        data(&response.into_string()?).context("second factor")?;
        Ok(client)
    }

    fn take_cookie(&mut self, response: &ureq::Response) -> Result<()> {
        self.cookie = response
            .all("set-cookie")
            .into_iter()
            .filter_map(|c| c.split(';').next())
            .find(|c| c.contains("tillit_session="))
            .context("the response set no tillit_session cookie")?
            .to_owned();
        Ok(())
    }

    pub(crate) fn send(&self, query: &str, variables: &Value) -> Result<ureq::Response> {
        let mut request = self
            .agent
            .post(&self.url)
            .set("content-type", "application/json")
            .set("x-tillit-csrf", "1");
        if !self.cookie.is_empty() {
            request = request.set("cookie", &self.cookie);
        }
        match request.send_json(json!({ "query": query, "variables": variables })) {
            Ok(response) => Ok(response),
            Err(ureq::Error::Status(code, response)) => {
                bail!(
                    "POST /graphql answered {code}: {}",
                    response.into_string().unwrap_or_default()
                )
            }
            Err(e) => bail!("POST /graphql: {e}"),
        }
    }
}

/// The current TOTP code of a base32 secret.
fn totp_code(secret: &str) -> Result<String> {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| anyhow::anyhow!("the bench TOTP secret is not base32: {e:?}"))?;
    let totp = totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the clock is before 1970")?
        .as_secs();
    Ok(totp.generate(now))
}

/// The `data` of a GraphQL response; a non-empty `errors` array is a failure.
fn data(body: &str) -> Result<Value> {
    let mut response: Value = serde_json::from_str(body).context("the response is not JSON")?;
    if response["errors"].as_array().is_some_and(|e| !e.is_empty()) {
        bail!("GraphQL errors: {}", response["errors"]);
    }
    Ok(response["data"].take())
}

/// SplitMix64: a small deterministic generator, so every run samples the same customers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The national form of an E.164 number as people type it: +46701234567 → 0701234567.
fn national(e164: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    for (code, trunk) in [("46", "0"), ("358", "0"), ("47", ""), ("45", "")] {
        if let Some(rest) = digits.strip_prefix(code) {
            return format!("{trunk}{rest}");
        }
    }
    digits
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// 1000000 → 1 000 000.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn command_output(cmd: &mut Command) -> Option<String> {
    let output = cmd.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The commit measured, e.g. `45a78a441204 with uncommitted changes`.
fn commit() -> String {
    let git =
        |args: &[&str]| command_output(Command::new("git").args(args).current_dir(util::root()));
    let clean =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| s.is_empty());
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(hash) if clean => hash,
        Some(hash) => format!("{hash} with uncommitted changes"),
        None => "none (no commit yet)".to_owned(),
    }
}

/// CPUs, memory and (when it was measured) the PostgreSQL version.
fn machine(with_postgres: bool) -> String {
    let cpus = command_output(&mut Command::new("nproc")).unwrap_or_else(|| "?".to_owned());
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                Some(
                    l.strip_prefix("model name")?
                        .split_once(':')?
                        .1
                        .trim()
                        .to_owned(),
                )
            })
        })
        .unwrap_or_default();
    let memory_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find_map(|l| l.strip_prefix("MemTotal:"))?;
            line.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        });
    let memory = memory_kb.map_or_else(
        || "?".to_owned(),
        |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
    );
    let mut machine = format!("{cpus} CPUs ({cpu_model}), {memory} memory");
    let version_query = ["-d", "postgres", "-tAc", "SHOW server_version"];
    if with_postgres
        && let Some(version) = command_output(
            Command::new("psql")
                .args(POSTGRES_ADMIN)
                .args(version_query),
        )
    {
        machine.push_str(&format!(", PostgreSQL {version}"));
    }
    machine
}

/// The command line, date, machine and commit, then the tables, appended to docs/benchmarks.md;
/// `charts` (file name, SVG) are saved beside it in docs/, where the tables' image links point.
fn write_report(
    args: &[String],
    options: &Options,
    tables: &[String],
    charts: &[(String, String)],
) -> Result<()> {
    let date = command_output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .unwrap_or_default();
    let machine = machine(options.engines.contains(&Engine::Postgres));
    let commit = commit();
    let mut report = String::new();
    let _ = writeln!(report, "## {date}\n");
    let _ = writeln!(report, "- Command: `cargo xtask bench {}`", args.join(" "));
    let _ = writeln!(report, "- Machine: {machine}");
    let _ = writeln!(
        report,
        "- Commit: {commit}; server built with `cargo build --release -p tillit`\n"
    );
    report.push_str(&tables.join("\n"));
    report.push('\n');

    let docs = util::root().join("docs");
    std::fs::create_dir_all(&docs).context("creating docs/")?;
    for (file, svg) in charts {
        let path = docs.join(file);
        std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
        println!("\nwrote the chart to {}", path.display());
    }
    let path = docs.join("benchmarks.md");
    let mut text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nCustomer-search latency, appended by `cargo xtask bench --write` (see \
         `cargo xtask help`). Newest last.\n\n"
            .to_owned()
    });
    if !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(&report);
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("\nappended the results to {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_suffixes_and_separators() {
        assert_eq!(parse_count("100000"), Some(100_000));
        assert_eq!(parse_count("100_000"), Some(100_000));
        assert_eq!(parse_count("100k"), Some(100_000));
        assert_eq!(parse_count("1M"), Some(1_000_000));
        assert_eq!(parse_count("0"), None);
        assert_eq!(parse_count("many"), None);
    }

    #[test]
    fn counts_come_from_the_seed_summary() {
        let line = "seeded 100 customers, 131 contacts, 70 orders, 64 invoices, 467 consent events and 405 current consents in 1.2 s";
        assert_eq!(count_before(line, "customers"), Some(100));
        assert_eq!(count_before(line, "contacts"), Some(131));
        assert_eq!(count_before(line, "consent events"), Some(467));
        assert_eq!(count_before(line, "current consents"), Some(405));
        assert_eq!(count_before(line, "secrets"), None);
    }

    #[test]
    fn phone_numbers_in_national_form() {
        assert_eq!(national("+46701234567"), "0701234567");
        assert_eq!(national("+4791234567"), "91234567");
    }

    #[test]
    fn nearest_rank_percentiles() {
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&sorted[..1], 95.0), Duration::from_millis(1));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }

    #[test]
    fn charts_are_named_by_engine_and_size_when_several() {
        assert_eq!(
            chart_file(Engine::Sqlite, 100_000, false),
            "w1-concurrency-sqlite.svg"
        );
        assert_eq!(
            chart_file(Engine::Postgres, 1_000_000, true),
            "w1-concurrency-postgres-1000000.svg"
        );
    }

    #[test]
    fn grouped_thousands() {
        assert_eq!(grouped(300), "300");
        assert_eq!(grouped(100_000), "100 000");
        assert_eq!(grouped(1_000_000), "1 000 000");
    }
}
