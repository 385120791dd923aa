//! `cargo xtask run`: from a fresh clone to a running server with demo data in one command.
//! Builds the SPA (installing npm packages when needed) and the server, then becomes the server.

use std::process::Command;

use anyhow::Result;

use crate::util;

pub fn main(args: &[String]) -> Result<()> {
    // `cargo xtask run -- --bind …` arrives here as `-- --bind …`; accept it without `--` too.
    let extra = match args.split_first() {
        Some((first, rest)) if first == "--" => rest,
        _ => args,
    };

    util::ensure_node()?;
    util::npm_ci_if_needed()?;
    util::run("build the web app", &mut util::npm(&["run", "build"]))?;
    let tillit = util::build_tillit(false)?;

    let mut cmd = Command::new(&tillit);
    cmd.current_dir(util::root())
        .args(["serve", "--demo", "--static-dir", "frontend/dist"])
        .args(extra);
    if !extra.iter().any(|a| a.starts_with("--bind")) {
        println!(
            "\nTillit starts on http://127.0.0.1:8080 with its data in ./data; Ctrl-C stops it."
        );
        println!(
            "On a new database the log below shows a one-time link to create the first admin.\n"
        );
    }
    println!("$ {}", util::show(&cmd));
    exec(cmd)
}

/// Replaces this process with the server, so Ctrl-C, the exit code and signals all reach it
/// directly and nothing is left behind when the terminal closes.
#[cfg(unix)]
fn exec(mut cmd: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let error = cmd.exec();
    Err(anyhow::anyhow!(
        "run: cannot start `{}`: {error}",
        util::show(&cmd)
    ))
}

/// Elsewhere: run the server as a child and wait (the console delivers Ctrl-C to both).
#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result<()> {
    util::run("run the server", &mut cmd)
}
