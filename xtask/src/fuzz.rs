//! `cargo xtask fuzz`: the input parsers' property tests with many cases, then schemathesis
//! against a real server — every query and mutation of the schema with generated arguments,
//! sent by a signed-in administrator — where any 5xx, any error without a code and any
//! `INTERNAL` error fails the run.
//!
//! schemathesis comes from PyPI into `~/.cache/tillit-fuzz/venv` (installed on first use).

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::bench::{BENCH_EMAIL, BENCH_PASSWORD, Client};
use crate::util;

const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// Operations that would end the fuzzing session itself, or take minutes per example.
const EXCLUDED: &[&str] = &[
    "Mutation.logout",
    "Mutation.endSession",
    "Mutation.endUserSessions",
    "Mutation.changePassword",
    "Mutation.changeEmail",
    "Mutation.resetUserMfa",
    "Mutation.regenerateRecoveryCodes",
    "Mutation.setUserActive",
    "Mutation.setUserAdmin",
    "Mutation.setUserGroups",
    "Mutation.runBackup",
    "Mutation.runBackupDrill",
];

struct Options {
    cases: u32,
    examples: u32,
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut options = Options {
        cases: 20_000,
        examples: 20,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| -> Result<u32> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| crate::usage_error(&format!("{name} needs a number")))
        };
        match arg.as_str() {
            "--cases" => options.cases = value("--cases")?,
            "--examples" => options.examples = value("--examples")?,
            other => return Err(crate::usage_error(&format!("unknown option {other}"))),
        }
    }
    Ok(options)
}

fn home() -> Result<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .context("HOME is not set")
}

/// The Python environment with schemathesis, created on first use.
fn schemathesis() -> Result<PathBuf> {
    let venv = home()?.join(".cache/tillit-fuzz/venv");
    let bin = venv.join("bin/schemathesis");
    let installed = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("4.32.5"));
    if !installed {
        util::run(
            "python venv",
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
        )?;
        util::run(
            "pip install schemathesis",
            Command::new(venv.join("bin/pip")).args(["install", "-q", SCHEMATHESIS]),
        )?;
    }
    Ok(bin)
}

pub fn main(args: &[String]) -> Result<()> {
    let options = parse_args(args)?;
    util::run(
        "property tests",
        util::cargo()
            .args(["test", "-p", "tillit", "--lib", "fuzz"])
            .env("PROPTEST_CASES", options.cases.to_string()),
    )?;

    let schemathesis = schemathesis()?;
    let tillit = util::build_tillit(false)?;
    let dir = std::env::temp_dir().join(format!("tillit-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let with_data = |args: &[&str]| {
        let mut cmd = Command::new(&tillit);
        cmd.args(args)
            .arg("--data-dir")
            .arg(&dir)
            .env_remove("DATABASE_URL")
            .env_remove("TILLIT_MASTER_KEY");
        cmd
    };
    util::run_with_stdin(
        "create the fuzzing user",
        &mut with_data(&[
            "user",
            "create",
            "--admin",
            "--email",
            BENCH_EMAIL,
            "--name",
            "Schemathesis",
            "--password-stdin",
        ]),
        &format!("{BENCH_PASSWORD}\n"),
    )?;
    let port = util::free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let mut serve = with_data(&["serve", "--demo", "--bind", &bind]);
    // One client sends everything: no rate limits in the way of coverage.
    serve.args(["--ip-burst", "0", "--auth-burst", "100000", "--static-dir"]);
    serve.arg(dir.join("no-spa"));
    let mut server = util::Server::start(serve, port, &dir.join("server.log"))?;
    let result = (|| {
        server.wait_ready(Duration::from_secs(120))?;
        let client = Client::login(&server.base_url, &dir.join("totp.secret"))?;
        let mut cmd = Command::new(&schemathesis);
        // Its cache and reports go to the scratch directory, not the checkout.
        cmd.current_dir(&dir)
            .arg("run")
            .arg(format!("{}/graphql", server.base_url))
            .arg("--header")
            .arg(format!("Cookie: {}", client.cookie))
            .args(["--header", "x-tillit-csrf: 1"])
            // `xtask/schemathesis/tillit_hooks.py`: no 5xx, no error without a code, no
            // INTERNAL (schemathesis' own check fails every coded refusal), and generators for
            // the custom scalars.
            .env("PYTHONPATH", util::root().join("xtask/schemathesis"))
            .env("SCHEMATHESIS_HOOKS", "tillit_hooks")
            .args(["--checks", "no_internal_errors"])
            .args(["--max-examples", &options.examples.to_string()])
            .args(["--seed", "20261130"]);
        for name in EXCLUDED {
            cmd.args(["--exclude-name", name]);
        }
        util::run("schemathesis", &mut cmd)
    })();
    let result = server.stop_with(result);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}
