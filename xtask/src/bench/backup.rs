//! `--workload backup` (W7): what an operator's `tillit backup create` and `tillit backup restore`
//! cost on a seeded data set, next to PostgreSQL's own `pg_dump -Fc` / `pg_restore` on the same
//! data.
//!
//! 1. `tillit backup create` with one local destination (the bench data set's `tillit.toml`):
//!    one snapshot, every table streamed through the entities, zstd, XChaCha20-Poly1305, the
//!    copy written and read back. Wall clock of the whole command.
//! 2. `tillit backup verify`: every part's checksum, authentication and row count.
//! 3. `tillit backup restore --file` into a new, empty database of the same engine (a new SQLite
//!    data directory with the master key copied, or a new PostgreSQL database): everything checked
//!    first, then one transaction.
//! 4. PostgreSQL only: `pg_dump -Fc` of the same database and `pg_restore` into a new one.
//!
//! On PostgreSQL every timed step starts after a `CHECKPOINT`, so it does not pay for writing out
//! what the step before left dirty. `--runs N` repeats the four steps N times in turn and reports
//! each step's median, and the ratios round by round (this machine's speed drifts).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::{Dataset, Engine, POSTGRES_ADMIN, grouped, psql};
use crate::util;

struct Step {
    name: &'static str,
    took: Duration,
    note: String,
}

fn timed(step: &str, cmd: &mut Command) -> Result<(Duration, String)> {
    let started = Instant::now();
    let output = util::stdout(step, cmd)?;
    Ok((started.elapsed(), output))
}

fn newest_backup(dir: &Path) -> Result<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tbk"))
        .collect();
    files.sort();
    files.pop().context("the backup command wrote no archive")
}

/// `… 123 rows in 37 tables …` from `tillit backup verify`.
fn verified_rows(output: &str) -> Result<u64> {
    let words: Vec<&str> = output.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[1] == "rows")
        .and_then(|w| w[0].parse().ok())
        .context("`tillit backup verify` did not report its row count")
}

/// One round of every step; with `--runs N` the rounds run one after the other and each step's
/// time is the median.
struct Round {
    rows: u64,
    bytes: u64,
    steps: Vec<Step>,
    reference: Vec<Step>,
}

pub(super) fn measure(tillit: &Path, source: &Dataset, runs: usize) -> Result<String> {
    let mut rounds = Vec::new();
    for run in 1..=runs.max(1) {
        println!("--- round {run} of {runs}");
        rounds.push(round(tillit, source)?);
    }
    Ok(table(source, &rounds))
}

/// On PostgreSQL, a checkpoint before each timed step: the dirty pages one step leaves behind
/// are written before the next is timed, not during it.
fn settle(source: &Dataset) -> Result<()> {
    if source.database.is_some() {
        psql("postgres", "CHECKPOINT")?;
    }
    Ok(())
}

fn round(tillit: &Path, source: &Dataset) -> Result<Round> {
    let backups = source.dir.join("backups");
    if backups.exists() {
        std::fs::remove_dir_all(&backups)?;
    }
    let mut steps = Vec::new();
    settle(source)?;
    println!("$ tillit backup create");
    let (took, output) = timed(
        "backup create",
        &mut source.tillit(tillit, &["backup", "create"]),
    )?;
    if !output.contains(": verified") {
        bail!("the backup was not verified in its destination: {output}");
    }
    let file = newest_backup(&backups.join("bench"))?;
    let bytes = std::fs::metadata(&file)?.len();
    steps.push(Step {
        name: "`tillit backup create`",
        took,
        note: "snapshot, stream, zstd, encrypt, copy and read back".into(),
    });

    println!("$ tillit backup verify");
    let (took, output) = timed(
        "backup verify",
        &mut source.tillit(tillit, &["backup", "verify", &file.to_string_lossy()]),
    )?;
    let rows = verified_rows(&output)?;
    steps.push(Step {
        name: "`tillit backup verify`",
        took,
        note: "every part's SHA-256, authentication and row count".into(),
    });

    println!("$ tillit backup restore (into an empty database)");
    let took = restore(tillit, source, &file)?;
    steps.push(Step {
        name: "`tillit backup restore`",
        took,
        note: "all checked first, then one transaction; search index rebuilt".into(),
    });

    let mut reference = Vec::new();
    if let Some(db) = &source.database {
        reference = pg_reference(source, db)?;
    }
    Ok(Round {
        rows,
        bytes,
        steps,
        reference,
    })
}

fn restore(tillit: &Path, source: &Dataset, file: &Path) -> Result<Duration> {
    let target_dir = source.dir.with_file_name(format!(
        "{}-restore",
        source
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    if target_dir.exists() {
        std::fs::remove_dir_all(&target_dir)?;
    }
    std::fs::create_dir_all(&target_dir)?;
    std::fs::copy(source.dir.join("master.key"), target_dir.join("master.key"))
        .context("copying the data set's master key")?;
    let mut cmd = Command::new(tillit);
    cmd.current_dir(util::root())
        .args(["backup", "restore", "--file"])
        .arg(file)
        .arg("--data-dir")
        .arg(&target_dir)
        .arg("--config")
        .arg(target_dir.join("tillit.toml"))
        .env_remove("DATABASE_URL")
        .env_remove("TILLIT_MASTER_KEY");
    let database = source.database.as_ref().map(|db| format!("{db}_restore"));
    if let Some(db) = &database {
        psql(
            "postgres",
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        )?;
        psql("postgres", &format!("CREATE DATABASE {db}"))?;
        cmd.arg("--database-url")
            .arg(format!("postgres://postgres@127.0.0.1:5432/{db}"));
    }
    // Opening the new database (migrations) is not part of the restore: do it first.
    let mut migrate = Command::new(tillit);
    migrate
        .current_dir(util::root())
        .args(["migrate", "--data-dir"])
        .arg(&target_dir)
        .arg("--config")
        .arg(target_dir.join("tillit.toml"))
        .env_remove("DATABASE_URL")
        .env_remove("TILLIT_MASTER_KEY");
    if let Some(db) = &database {
        migrate
            .arg("--database-url")
            .arg(format!("postgres://postgres@127.0.0.1:5432/{db}"));
    }
    util::run("migrate the restore target", &mut migrate)?;
    settle(source)?;
    let (took, output) = timed("backup restore", &mut cmd)?;
    if !output.contains("restored backup") {
        bail!("the restore did not report success: {output}");
    }
    if let Some(db) = &database {
        psql(
            "postgres",
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        )?;
    }
    std::fs::remove_dir_all(&target_dir)?;
    Ok(took)
}

fn pg_reference(source: &Dataset, db: &str) -> Result<Vec<Step>> {
    let dump = source.dir.join("pg_dump.custom");
    settle(source)?;
    println!("$ pg_dump -Fc {db}");
    let (dump_took, _) = timed(
        "pg_dump",
        Command::new("pg_dump")
            .args(POSTGRES_ADMIN)
            .args(["-Fc", "-f"])
            .arg(&dump)
            .arg(db),
    )?;
    let dump_bytes = std::fs::metadata(&dump)?.len();
    let target = format!("{db}_pg_restore");
    psql(
        "postgres",
        &format!("DROP DATABASE IF EXISTS {target} WITH (FORCE)"),
    )?;
    psql("postgres", &format!("CREATE DATABASE {target}"))?;
    settle(source)?;
    println!("$ pg_restore -d {target}");
    let (restore_took, _) = timed(
        "pg_restore",
        Command::new("pg_restore")
            .args(POSTGRES_ADMIN)
            .args(["--no-owner", "-d", &target])
            .arg(&dump),
    )?;
    psql(
        "postgres",
        &format!("DROP DATABASE IF EXISTS {target} WITH (FORCE)"),
    )?;
    std::fs::remove_file(&dump)?;
    Ok(vec![
        Step {
            name: "`pg_dump -Fc`",
            took: dump_took,
            note: format!("{:.1} MB", dump_bytes as f64 / 1e6),
        },
        Step {
            name: "`pg_restore`",
            took: restore_took,
            note: "into a new database, indexes built".into(),
        },
    ])
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn table(source: &Dataset, rounds: &[Round]) -> String {
    let mut out = String::new();
    let Some(first) = rounds.first() else {
        return out;
    };
    let (rows, bytes) = (first.rows, first.bytes);
    // Each step's median over the rounds.
    let medians = |pick: fn(&Round) -> &Vec<Step>| -> Vec<Step> {
        pick(first)
            .iter()
            .enumerate()
            .map(|(i, step)| Step {
                name: step.name,
                took: median(rounds.iter().map(|r| pick(r)[i].took).collect()),
                note: step.note.clone(),
            })
            .collect()
    };
    let (steps, reference) = (medians(|r| &r.steps), medians(|r| &r.reference));
    let engine = match source.engine {
        Engine::Sqlite => "SQLite (SQLCipher)",
        Engine::Postgres => "PostgreSQL",
    };
    let _ = writeln!(
        out,
        "### {engine}, {} customers: backup and restore\n",
        grouped(source.seeding.customers)
    );
    let _ = writeln!(
        out,
        "The archive holds {} rows in {:.1} MB (compressed and encrypted). Each step is the wall \
         clock of one command, process start included, on PostgreSQL after a `CHECKPOINT`; {}.\n",
        grouped(rows),
        bytes as f64 / 1e6,
        match rounds.len() {
            1 => "one round".to_owned(),
            n => format!("the median of {n} rounds of every step in turn"),
        }
    );
    let _ = writeln!(
        out,
        "| step | time | rows/s | archive MB/s | what it does |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---|");
    for step in &steps {
        let secs = step.took.as_secs_f64().max(1e-6);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {} |",
            step.name,
            util::seconds(step.took),
            grouped((rows as f64 / secs) as u64),
            bytes as f64 / 1e6 / secs,
            step.note
        );
    }
    for step in &reference {
        let _ = writeln!(
            out,
            "| {} | {} | {} | | {} |",
            step.name,
            util::seconds(step.took),
            grouped((rows as f64 / step.took.as_secs_f64().max(1e-6)) as u64),
            step.note
        );
    }
    if let [dump, restore] = reference.as_slice() {
        let (ours_dump, ours_restore) = (steps[0].took, steps[2].took);
        let _ = writeln!(
            out,
            "\nTillit ÷ PostgreSQL's own tools (medians): backup {:.2}×, restore {:.2}×.",
            ours_dump.as_secs_f64() / dump.took.as_secs_f64().max(1e-6),
            ours_restore.as_secs_f64() / restore.took.as_secs_f64().max(1e-6)
        );
        if rounds.len() > 1 {
            let per_round = |ours: usize, theirs: usize| {
                rounds
                    .iter()
                    .map(|r| {
                        format!(
                            "{:.2}×",
                            r.steps[ours].took.as_secs_f64()
                                / r.reference[theirs].took.as_secs_f64().max(1e-6)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "Round by round: backup {}; restore {}.",
                per_round(0, 0),
                per_round(2, 1)
            );
        }
    }
    out
}
