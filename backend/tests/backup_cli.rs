//! The backup commands as an operator runs them, including the README's migration path: an
//! installation on the embedded SQLite database moves to PostgreSQL with one `tillit backup
//! create` and one `tillit backup restore`. The PostgreSQL half runs when
//! `TILLIT_TEST_DATABASE_URL` is set.
//!
//! It lives in the `tillit` package (not `tests/`) because it drives the real binary.

// A test fails by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, Database, Statement};

fn tillit(data_dir: &Path, database_url: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tillit"));
    // Global options follow the subcommand.
    cmd.args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--config")
        .arg(data_dir.join("no-such-config.toml"))
        .env_remove("TILLIT_MASTER_KEY")
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    if let Some(url) = database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd.output().unwrap()
}

fn ok(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn refused(output: &Output) -> String {
    assert!(!output.status.success(), "should have failed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn backup_file(data_dir: &Path) -> PathBuf {
    let dir = data_dir.join("backups").join("copy-1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.pop().unwrap()
}

async fn count(url: &str, table: &str) -> i64 {
    let db = Database::connect(url).await.unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get_by_index(0).unwrap();
    db.close().await.unwrap();
    n
}

#[tokio::test]
async fn an_operator_backs_up_checks_rehearses_and_moves_from_sqlite_to_postgresql() {
    let root = tempfile::tempdir().unwrap();
    let source = root.path().join("source");
    ok(&tillit(
        &source,
        None,
        &["seed", "--customers", "40", "--seed", "3"],
    ));
    let created = ok(&tillit(&source, None, &["backup", "create"]));
    assert_eq!(created.matches(": verified").count(), 3, "{created}");
    let listed = ok(&tillit(&source, None, &["backup", "list"]));
    let file = backup_file(&source);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(listed.matches(name.as_str()).count(), 3, "{listed}");
    let verified = ok(&tillit(
        &source,
        None,
        &["backup", "verify", file.to_str().unwrap()],
    ));
    assert!(verified.contains("is intact"), "{verified}");
    let drill = ok(&tillit(
        &source,
        None,
        &["backup", "drill", "--from", "local-3"],
    ));
    assert!(drill.starts_with("PASSED"), "{drill}");
    assert!(drill.contains("[ok] audit hash chain"), "{drill}");

    // A truncated copy is refused before anything is written.
    let cut = root.path().join("cut.tbk");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    let target = root.path().join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::copy(source.join("master.key"), target.join("master.key")).unwrap();
    let message = refused(&tillit(
        &target,
        None,
        &["backup", "restore", "--file", cut.to_str().unwrap()],
    ));
    assert!(message.contains("truncated"), "{message}");
    // With the source's master key it restores into a new SQLite data directory …
    let restored = ok(&tillit(
        &target,
        None,
        &["backup", "restore", "--file", file.to_str().unwrap()],
    ));
    assert!(restored.contains("restored backup"), "{restored}");
    // … once: the database is no longer empty.
    let message = refused(&tillit(
        &target,
        None,
        &["backup", "restore", "--file", file.to_str().unwrap()],
    ));
    assert!(message.contains("not empty"), "{message}");
    // Without the master key nothing can be read.
    let stranger = root.path().join("stranger");
    let message = refused(&tillit(
        &stranger,
        None,
        &["backup", "restore", "--file", file.to_str().unwrap()],
    ));
    assert!(message.contains("master key"), "{message}");

    // The migration path: the same backup into a new PostgreSQL database.
    let Some(base) = std::env::var("TILLIT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("SKIPPED: the PostgreSQL migration (TILLIT_TEST_DATABASE_URL is not set)");
        return;
    };
    let name = format!("tillit_migrate_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&base).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let root_url = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => base[..i].to_owned(),
        _ => base.clone(),
    };
    let pg = format!("{root_url}/{name}");
    let migrated = ok(&tillit(
        &source,
        Some(&pg),
        &["backup", "restore", "--file", file.to_str().unwrap()],
    ));
    assert!(migrated.contains("from sqlite"), "{migrated}");
    assert_eq!(count(&pg, "customers").await, 40);
    // The PostgreSQL installation takes and rehearses its own backups.
    let pg_dir = root.path().join("pg-data");
    std::fs::create_dir_all(&pg_dir).unwrap();
    std::fs::copy(source.join("master.key"), pg_dir.join("master.key")).unwrap();
    ok(&tillit(&pg_dir, Some(&pg), &["backup", "create"]));
    let drill = ok(&tillit(&pg_dir, Some(&pg), &["backup", "drill"]));
    assert!(drill.contains("from postgres"), "{drill}");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
    admin.close().await.unwrap();
}
