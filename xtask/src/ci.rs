//! `cargo xtask ci`: every check CI runs, in the order a failure is cheapest to find. Each step
//! is announced with `==> step`, timed, and the first failure stops the run with its name.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{usage_error, util};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Fmt,
    Clippy,
    Test,
    Frontend,
    E2e,
}

const STEPS: [Step; 5] = [
    Step::Fmt,
    Step::Clippy,
    Step::Test,
    Step::Frontend,
    Step::E2e,
];

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::Fmt => "fmt",
            Step::Clippy => "clippy",
            Step::Test => "test",
            Step::Frontend => "frontend",
            Step::E2e => "e2e",
        }
    }

    fn parse(name: &str) -> Option<Step> {
        STEPS.into_iter().find(|s| s.name() == name)
    }
}

const SKIP_POSTGRES: &str = "SKIPPED: PostgreSQL tests — set TILLIT_TEST_DATABASE_URL or start PostgreSQL on 127.0.0.1:5432";
const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// What the run has learned that the summary should repeat (e.g. skipped tests).
#[derive(Default)]
struct Notes(Vec<String>);

fn parse_args(args: &[String]) -> Result<Vec<Step>> {
    let mut only: Vec<Step> = Vec::new();
    let mut skip_e2e = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let list = match arg.as_str() {
            "--skip-e2e" => {
                skip_e2e = true;
                continue;
            }
            "--only" => args
                .next()
                .ok_or_else(|| usage_error("--only needs a step name"))?,
            other => match other.strip_prefix("--only=") {
                Some(list) => list,
                None => return Err(usage_error(&format!("ci: unknown argument `{other}`"))),
            },
        };
        for name in list.split(',').filter(|n| !n.is_empty()) {
            let step = Step::parse(name).ok_or_else(|| {
                let names: Vec<&str> = STEPS.iter().map(|s| s.name()).collect();
                usage_error(&format!(
                    "ci: unknown step `{name}` (steps: {})",
                    names.join(", ")
                ))
            })?;
            only.push(step);
        }
    }
    Ok(STEPS
        .into_iter()
        .filter(|s| only.is_empty() || only.contains(s))
        .filter(|s| !(skip_e2e && *s == Step::E2e))
        .collect())
}

pub fn main(args: &[String]) -> Result<()> {
    let steps = parse_args(args)?;
    let started = Instant::now();
    let mut notes = Notes::default();
    let mut done: Vec<(Step, Duration, bool)> = Vec::new();
    for step in steps {
        println!("\n==> {}", step.name());
        let step_started = Instant::now();
        let result = run_step(step, &mut notes);
        let took = step_started.elapsed();
        done.push((step, took, result.is_ok()));
        match result {
            Ok(()) => println!("==> {} ok in {}", step.name(), util::seconds(took)),
            Err(e) => {
                println!("==> {} FAILED after {}", step.name(), util::seconds(took));
                summary(&done, &notes, started.elapsed());
                return Err(e.context(format!("ci step `{}` failed", step.name())));
            }
        }
    }
    summary(&done, &notes, started.elapsed());
    println!("ci: all {} steps passed", done.len());
    Ok(())
}

fn summary(done: &[(Step, Duration, bool)], notes: &Notes, total: Duration) {
    println!("\n==> summary");
    println!("  {:<10} {:>9}  result", "step", "time");
    for (step, took, ok) in done {
        let result = if *ok { "ok" } else { "FAILED" };
        println!(
            "  {:<10} {:>9}  {result}",
            step.name(),
            util::seconds(*took)
        );
    }
    println!("  {:<10} {:>9}", "total", util::seconds(total));
    for note in &notes.0 {
        println!("  {note}");
    }
}

fn run_step(step: Step, notes: &mut Notes) -> Result<()> {
    match step {
        Step::Fmt => util::run("fmt", util::cargo().args(["fmt", "--all", "--check"])),
        Step::Clippy => util::run(
            "clippy",
            util::cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        Step::Test => test(notes),
        Step::Frontend => frontend(),
        Step::E2e => e2e(),
    }
}

/// The Rust tests; the integration tests run on SQLite and, when one is found, on PostgreSQL.
fn test(notes: &mut Notes) -> Result<()> {
    let mut env: Vec<(&str, String)> = Vec::new();
    let configured = std::env::var("TILLIT_TEST_DATABASE_URL").unwrap_or_default();
    if !configured.is_empty() {
        println!("PostgreSQL tests: on the database in TILLIT_TEST_DATABASE_URL");
    } else if util::tcp_answers("127.0.0.1:5432", Duration::from_secs(1)) {
        println!("PostgreSQL tests: on {DEFAULT_POSTGRES} (found a server on 127.0.0.1:5432)");
        env.push(("TILLIT_TEST_DATABASE_URL", DEFAULT_POSTGRES.to_owned()));
    } else {
        let bar = "!".repeat(SKIP_POSTGRES.chars().count());
        println!("{bar}\n{SKIP_POSTGRES}\n{bar}");
        notes.0.push(SKIP_POSTGRES.to_owned());
        env.push(("TILLIT_TEST_SKIP_POSTGRES", "1".to_owned()));
    }

    let nextest = util::succeeds(util::cargo().args(["nextest", "--version"]));
    if nextest {
        // nextest does not run doctests. They go first so that nextest's summary of the real
        // tests, not a doctest "running 0 tests", is the Rust test output seen last.
        util::run(
            "doctests",
            util::cargo()
                .args(["test", "--workspace", "--doc"])
                .envs(env.clone()),
        )?;
        util::run(
            "test",
            util::cargo()
                .args(["nextest", "run", "--workspace"])
                .envs(env),
        )
    } else {
        util::run(
            "test",
            util::cargo().args(["test", "--workspace"]).envs(env),
        )
    }
}

/// The SPA: the generated client matches the committed schema, then types, lint, tests, build.
fn frontend() -> Result<()> {
    util::ensure_node()?;
    util::npm_ci_if_needed()?;
    util::run("codegen", &mut util::npm(&["run", "codegen"]))?;
    let changes = util::stdout(
        "check the generated client",
        Command::new("git")
            .args(["status", "--porcelain", "--", "frontend/src/gql"])
            .current_dir(util::root()),
    )?;
    if !changes.trim().is_empty() {
        bail!(
            "the generated GraphQL client is out of date with backend/schema.graphql (or not \
             committed):\n{changes}run `cargo xtask schema` and commit the result"
        );
    }
    println!("frontend/src/gql matches backend/schema.graphql");
    util::run("typecheck", &mut util::npm(&["run", "typecheck"]))?;
    util::run("lint", &mut util::npm(&["run", "lint"]))?;
    util::run("unit tests", &mut util::npm(&["run", "test"]))?;
    util::run("build", &mut util::npm(&["run", "build"]))
}

/// A fresh server on a random port with one admin user, driven by Playwright in Chromium.
fn e2e() -> Result<()> {
    let chromium =
        std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        bail!("{chromium} is missing: install chromium: apt-get install -y chromium");
    }
    if !util::frontend().join("dist/index.html").exists() {
        util::ensure_node()?;
        util::npm_ci_if_needed()?;
        util::run("build the web app", &mut util::npm(&["run", "build"]))?;
    }
    let tillit = util::build_tillit(false)?;

    let dir =
        std::env::temp_dir().join(format!("tillit-e2e-{}", util::hex(&util::random_bytes(6)?)));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = e2e_in(&tillit, &dir, &chromium);
    match &result {
        Ok(()) => {
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        Err(_) => println!(
            "kept {} (database and server.log) for a look",
            dir.display()
        ),
    }
    result
}

fn e2e_in(tillit: &Path, dir: &Path, chromium: &str) -> Result<()> {
    let master_key = util::hex(&util::random_bytes(32)?);
    let password = password(24)?;
    let email = "e2e@tillit.test";
    // Everything about this server comes from flags and TILLIT_MASTER_KEY, nothing from the
    // caller's environment or a tillit.toml in the working directory.
    let tillit_cmd = |args: &[&str]| {
        let mut cmd = Command::new(tillit);
        cmd.current_dir(util::root())
            .args(args)
            .arg("--data-dir")
            .arg(dir)
            .arg("--config")
            .arg(dir.join("tillit.toml"))
            .env("TILLIT_MASTER_KEY", &master_key)
            .env_remove("DATABASE_URL");
        cmd
    };

    util::run_with_stdin(
        "create the e2e user",
        &mut tillit_cmd(&[
            "user",
            "create",
            "--admin",
            "--email",
            email,
            "--name",
            "E2E Admin",
            "--password-stdin",
        ]),
        &format!("{password}\n"),
    )?;

    // Customers inactive since early 2023, for the retention page's dry run and bulk run.
    util::run(
        "seed customers inactive since 2023",
        &mut tillit_cmd(&[
            "seed",
            "--customers",
            "20",
            "--seed",
            "7",
            "--as-of",
            "2023-01-15",
        ]),
    )?;

    let port = util::free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let serve = tillit_cmd(&["serve", "--bind", &bind, "--static-dir", "frontend/dist"]);
    let mut server = util::Server::start(serve, port, &dir.join("server.log"))?;
    server.wait_ready(Duration::from_secs(30))?;

    println!(
        "TILLIT_E2E_BASE_URL={} TILLIT_E2E_EMAIL={email} CHROMIUM_PATH={chromium}",
        server.base_url
    );
    let mut playwright = Command::new("npx");
    playwright
        .args(["playwright", "test"])
        .current_dir(util::frontend())
        .env("TILLIT_E2E_BASE_URL", &server.base_url)
        .env("TILLIT_E2E_EMAIL", email)
        .env("TILLIT_E2E_PASSWORD", &password)
        .env("CHROMIUM_PATH", chromium);
    let result = util::run("playwright", &mut playwright);
    server.stop();
    if result.is_err() {
        println!("--- the last lines of {} ---", server.log.display());
        println!("{}", util::tail(&server.log, 80));
        println!("--- end of server log ---");
    }
    result
}

/// A random password of `len` letters and digits.
fn password(len: usize) -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    Ok(util::random_bytes(len)?
        .into_iter()
        .map(|b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn steps_in_order_with_only_and_skip() {
        assert_eq!(parse_args(&[]).unwrap(), STEPS);
        assert_eq!(
            parse_args(&args("--skip-e2e")).unwrap(),
            [Step::Fmt, Step::Clippy, Step::Test, Step::Frontend]
        );
        assert_eq!(
            parse_args(&args("--only e2e,fmt")).unwrap(),
            [Step::Fmt, Step::E2e]
        );
        assert_eq!(parse_args(&args("--only=test")).unwrap(), [Step::Test]);
        assert!(parse_args(&args("--only lint")).is_err());
        assert!(parse_args(&args("--fast")).is_err());
    }
}
