//! Keys never reach the log, even with every SQL statement logged: SQLite connections open with
//! SQLCipher's `PRAGMA key`, which sqlx would log with the raw database key in clear.
//!
//! It lives in the `tillit` package (not `tests/`) because it drives the real binary.

// A test fails by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use tillit::crypto::{KeyPurpose, Keyring};

#[test]
fn statement_logging_never_shows_the_database_key() {
    let dir = tempfile::tempdir().unwrap();
    let master = [0x5a_u8; 32];
    let output = Command::new(env!("CARGO_BIN_EXE_tillit"))
        .arg("migrate")
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--config")
        .arg(dir.path().join("no-such-config.toml"))
        .env_remove("DATABASE_URL")
        .env("TILLIT_MASTER_KEY", hex::encode(master))
        .env("RUST_LOG", "debug,sqlx::query=trace")
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "migrate failed: {log}");
    // The statements were logged (so the check below can fail) ...
    assert!(
        log.contains("journal_mode"),
        "no statement was logged: {log}"
    );
    assert!(log.contains("PRAGMA key = <redacted>"), "{log}");
    // ... and neither the SQLCipher key nor the master key is in them, in any case.
    let key = Keyring::from_bytes(master).derive(KeyPurpose::DatabaseEncryption);
    let log = log.to_ascii_lowercase();
    for secret in [hex::encode(*key), hex::encode(master)] {
        assert!(!log.contains(&secret), "a key is in the log");
    }
}
