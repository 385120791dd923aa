//! The durable queue of access-log rows of reads, on SQLite.
//!
//! Why: in WAL mode a SQLite connection that starts a read after *any* commit to its database
//! throws its whole page cache away, and SQLCipher (no mmap) must then read and decrypt every
//! page again. With one access-log commit per read, no connection of a busy server ever kept its
//! cache (measured in `docs/benchmarks.md`, 2026-12-02 05:30). So on SQLite the group-committing
//! writer (`writer`) commits the rows of reads into this spool instead — a second SQLCipher
//! database next to the main one (`db::audit_spool_path`), whose commits do not touch the main
//! database's caches — and moves them into `audit_events` in one transaction every
//! [`MOVE_EVERY`], when something reads the access log ([`super::writer::AuditQueue::flush`]),
//! before a backup, at shutdown, and at start-up (what a crash left behind).
//!
//! Durability is the main database's: a row is acknowledged only after its spool commit, which
//! is a WAL commit with `synchronous = NORMAL` like every other commit of Tillit on SQLite.
//!
//! **Exactly once.** A move inserts the rows into `audit_events` and records, in the same
//! transaction, the highest spool sequence number it moved in `audit_spool_marks` (keyed by the
//! spool's own id, so a new spool file starts from nothing); only then are the rows deleted from
//! the spool. A crash between the two leaves rows that the mark says are moved: the next move
//! deletes them without inserting them again. The mark is not backed up (it describes this
//! machine's spool file, not the data).

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use uuid::Uuid;

use super::writer::{self, NewEvent};
use crate::db::Sql;

/// How long a read's row may wait in the spool before it is moved into the access log. Every
/// move is a commit of the main database, which empties the other connections' page caches; but
/// moving once a second made each move four times larger and W1's p99 three times worse
/// (`docs/benchmarks.md`, 2026-12-02 08:40), so small and frequent it is.
pub const MOVE_EVERY: Duration = Duration::from_millis(250);
/// Rows moved per transaction.
const MOVE_BATCH: u64 = 2_048;

/// The spool: one encrypted SQLite database; the audit writer appends to it and the mover reads
/// and deletes, each on a connection of its own (`db::connect_audit_spool`).
#[derive(Debug, Clone)]
pub struct Spool {
    db: DatabaseConnection,
    id: Uuid,
}

fn statement(sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

fn internal(message: String) -> sea_orm::DbErr {
    sea_orm::DbErr::Custom(message)
}

impl Spool {
    /// Opens the spool next to the SQLite database `config` names; `None` on PostgreSQL, which
    /// has no spool.
    pub async fn connect(
        config: &crate::config::Config,
        keyring: &crate::crypto::Keyring,
    ) -> anyhow::Result<Option<Spool>> {
        use anyhow::Context;
        let Some(db) = crate::db::connect_audit_spool(config, keyring).await? else {
            return Ok(None);
        };
        let spool = Spool::open(db).await.context("opening the audit spool")?;
        Ok(Some(spool))
    }

    /// Creates the spool's tables in `db` (a database of its own, see `db::connect_audit_spool`)
    /// if they are missing, and reads or makes its id.
    pub async fn open(db: DatabaseConnection) -> Result<Spool, sea_orm::DbErr> {
        db.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS spool_id (id TEXT NOT NULL); \
             CREATE TABLE IF NOT EXISTS spooled \
             (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL)",
        )
        .await?;
        let txn = crate::db::begin_write(&db).await?;
        let existing = txn
            .query_one_raw(statement("SELECT id FROM spool_id", vec![]))
            .await?
            .map(|row| row.try_get::<String>("", "id"))
            .transpose()?;
        let id = match existing {
            Some(id) => Uuid::parse_str(&id)
                .map_err(|e| internal(format!("the audit spool's id is not a UUID: {e}")))?,
            None => {
                let id = Uuid::now_v7();
                txn.execute_raw(statement(
                    "INSERT INTO spool_id (id) VALUES (?)",
                    vec![id.to_string().into()],
                ))
                .await?;
                id
            }
        };
        txn.commit().await?;
        Ok(Spool { db, id })
    }

    /// Commits `events` to the spool in one transaction (one statement).
    pub async fn append(&self, events: &[&NewEvent]) -> Result<(), sea_orm::DbErr> {
        if events.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(DbBackend::Sqlite);
        sql.push("INSERT INTO spooled (event) VALUES ");
        for (i, event) in events.iter().enumerate() {
            let json = serde_json::to_string(event)
                .map_err(|e| internal(format!("serializing an audit row: {e}")))?;
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(json)
                .push(")");
        }
        // A single statement is its own transaction: one commit.
        self.db.execute_raw(sql.build()).await.map(|_| ())
    }

    /// Rows in the spool now (moved or not).
    #[cfg(test)]
    async fn rows(&self) -> Result<u64, sea_orm::DbErr> {
        let row = self
            .db
            .query_one_raw(statement("SELECT COUNT(*) AS n FROM spooled", vec![]))
            .await?;
        let n = row.map(|r| r.try_get::<i64>("", "n")).transpose()?;
        Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
    }

    /// Moves every row of the spool into `audit_events` of `main` (the writer's connection to
    /// the main database), a transaction per [`MOVE_BATCH`] rows; returns how many rows moved.
    pub async fn move_into(&self, main: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
        let mut moved_total = 0;
        loop {
            // The main database's write lock is taken first and held until the mark is
            // updated, so two processes on one spool (`serve` and a command) never move a row
            // twice.
            let txn = crate::db::begin_write(main).await?;
            let moved = self.mark(&txn).await?;
            let rows = self
                .db
                .query_all_raw(statement(
                    "SELECT seq, event FROM spooled WHERE seq > ? ORDER BY seq LIMIT ?",
                    vec![moved.into(), (MOVE_BATCH as i64).into()],
                ))
                .await?;
            let Some(last) = rows.last() else {
                txn.rollback().await?;
                // Rows a crash left after their move had committed: only delete them.
                self.delete_up_to(moved).await?;
                break;
            };
            let last: i64 = last.try_get("", "seq")?;
            let events = rows
                .iter()
                .map(|row| {
                    let json: String = row.try_get("", "event")?;
                    serde_json::from_str::<NewEvent>(&json).map_err(|e| {
                        internal(format!("an audit row in the spool is not readable: {e}"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let refs: Vec<&NewEvent> = events.iter().collect();
            for chunk in refs.chunks(writer::MAX_BATCH) {
                writer::insert_in(&txn, chunk).await?;
            }
            txn.execute_raw(statement(
                "INSERT INTO audit_spool_marks (spool_id, moved_seq) VALUES (?, ?) \
                 ON CONFLICT (spool_id) DO UPDATE SET moved_seq = excluded.moved_seq",
                vec![self.id.to_string().into(), last.into()],
            ))
            .await?;
            txn.commit().await?;
            self.delete_up_to(last).await?;
            moved_total += events.len() as u64;
            if (rows.len() as u64) < MOVE_BATCH {
                break;
            }
        }
        if moved_total > 0 {
            // Keep the spool's log short: its rows live for a fraction of a second.
            self.db
                .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
                .await?;
        }
        Ok(moved_total)
    }

    async fn delete_up_to(&self, seq: i64) -> Result<(), sea_orm::DbErr> {
        self.db
            .execute_raw(statement(
                "DELETE FROM spooled WHERE seq <= ?",
                vec![seq.into()],
            ))
            .await
            .map(|_| ())
    }

    /// The highest sequence number of this spool already in `audit_events`.
    async fn mark(&self, main: &impl ConnectionTrait) -> Result<i64, sea_orm::DbErr> {
        let row = main
            .query_one_raw(statement(
                "SELECT moved_seq FROM audit_spool_marks WHERE spool_id = ?",
                vec![self.id.to_string().into()],
            ))
            .await?;
        Ok(row
            .map(|r| r.try_get::<i64>("", "moved_seq"))
            .transpose()?
            .unwrap_or(0))
    }

    /// Closes the spool's connection.
    pub async fn close(&self) -> Result<(), sea_orm::DbErr> {
        self.db.close_by_ref().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::crypto::Keyring;
    use chrono::Utc;

    async fn open_main(dir: &std::path::Path) -> (Config, Keyring, DatabaseConnection) {
        let config = Config {
            data_dir: dir.to_path_buf(),
            ..Config::default()
        };
        let keyring = Keyring::from_bytes([7; 32]);
        let main = crate::db::connect(&config, &keyring).await.unwrap();
        crate::db::migrate(&main).await.unwrap();
        (config, keyring, main)
    }

    async fn open_spool(config: &Config, keyring: &Keyring) -> Spool {
        Spool::connect(config, keyring).await.unwrap().unwrap()
    }

    fn event(n: usize, subject: Uuid) -> NewEvent {
        NewEvent {
            occurred_at: Utc::now(),
            actor_kind: "user".to_owned(),
            actor_id: Some(Uuid::now_v7().to_string()),
            action: format!("test.read.{n}"),
            entity_type: Some("customer".to_owned()),
            entity_id: Some(subject.to_string()),
            outcome: "success".to_owned(),
            ip: Some("192.0.2.7".to_owned()),
            request_id: Some(format!("req-{n}")),
            details: Some(serde_json::json!({ "n": n })),
            subjects: vec![subject],
        }
    }

    async fn count(main: &DatabaseConnection, sql: &str) -> i64 {
        main.query_one_raw(statement(sql, vec![]))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap()
    }

    async fn actions(main: &DatabaseConnection) -> Vec<String> {
        main.query_all_raw(statement(
            "SELECT action FROM audit_events WHERE action LIKE 'test.%' ORDER BY id",
            vec![],
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get("", "action").unwrap())
        .collect()
    }

    #[tokio::test]
    async fn rows_survive_a_restart_and_are_moved_exactly_once() {
        let dir = tempfile::tempdir().unwrap();
        let (config, keyring, main) = open_main(dir.path()).await;
        let subject = Uuid::now_v7();

        // Committed to the spool, then the process "stops" before any move.
        let spool = open_spool(&config, &keyring).await;
        let first: Vec<NewEvent> = (0..3).map(|n| event(n, subject)).collect();
        spool
            .append(&first.iter().collect::<Vec<_>>())
            .await
            .unwrap();
        let id = spool.id;
        spool.close().await.unwrap();

        // The next start finds them (same spool, same id) and moves them with their subjects.
        let spool = open_spool(&config, &keyring).await;
        assert_eq!(spool.id, id);
        assert_eq!(spool.rows().await.unwrap(), 3);
        assert_eq!(spool.move_into(&main).await.unwrap(), 3);
        assert_eq!(spool.rows().await.unwrap(), 0);
        assert_eq!(
            actions(&main).await,
            ["test.read.0", "test.read.1", "test.read.2"]
        );
        let subjects = count(&main, "SELECT COUNT(*) FROM audit_subjects").await;
        assert_eq!(subjects, 3);
        let row = main
            .query_one_raw(statement(
                "SELECT ip, request_id, outcome FROM audit_events WHERE action = 'test.read.1'",
                vec![],
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<String>("", "ip").unwrap(), "192.0.2.7");
        assert_eq!(row.try_get::<String>("", "request_id").unwrap(), "req-1");
        assert_eq!(row.try_get::<String>("", "outcome").unwrap(), "success");

        // A crash after a move committed but before the spool's delete: the rows are back in
        // the spool with their sequence numbers. The next move deletes them and inserts nothing.
        let second: Vec<NewEvent> = (3..5).map(|n| event(n, subject)).collect();
        spool
            .append(&second.iter().collect::<Vec<_>>())
            .await
            .unwrap();
        let left: Vec<(i64, String)> = spool
            .db
            .query_all_raw(statement(
                "SELECT seq, event FROM spooled ORDER BY seq",
                vec![],
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.try_get("", "seq").unwrap(),
                    r.try_get("", "event").unwrap(),
                )
            })
            .collect();
        assert_eq!(spool.move_into(&main).await.unwrap(), 2);
        for (seq, event) in &left {
            spool
                .db
                .execute_raw(statement(
                    "INSERT INTO spooled (seq, event) VALUES (?, ?)",
                    vec![(*seq).into(), event.clone().into()],
                ))
                .await
                .unwrap();
        }
        assert_eq!(spool.rows().await.unwrap(), 2);
        assert_eq!(spool.move_into(&main).await.unwrap(), 0);
        assert_eq!(spool.rows().await.unwrap(), 0);
        assert_eq!(actions(&main).await.len(), 5);
        spool.close().await.unwrap();

        // A new spool file (lost or replaced) starts its numbers again: its rows are not taken
        // for the old file's moved ones.
        let spool_path = crate::db::audit_spool_path(&config).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let mut path = spool_path.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
        let spool = open_spool(&config, &keyring).await;
        assert_ne!(spool.id, id);
        spool.append(&[&event(5, subject)]).await.unwrap();
        assert_eq!(spool.move_into(&main).await.unwrap(), 1);
        assert_eq!(actions(&main).await.len(), 6);
        spool.close().await.unwrap();
        main.close().await.unwrap();
    }

    #[tokio::test]
    async fn a_large_spool_moves_in_several_transactions() {
        let dir = tempfile::tempdir().unwrap();
        let (config, keyring, main) = open_main(dir.path()).await;
        let spool = open_spool(&config, &keyring).await;
        let subject = Uuid::now_v7();
        let events: Vec<NewEvent> = (0..(MOVE_BATCH as usize + 300))
            .map(|n| event(n, subject))
            .collect();
        for chunk in events.chunks(writer::MAX_BATCH) {
            spool
                .append(&chunk.iter().collect::<Vec<_>>())
                .await
                .unwrap();
        }
        assert_eq!(spool.move_into(&main).await.unwrap(), MOVE_BATCH + 300);
        assert_eq!(spool.rows().await.unwrap(), 0);
        let moved = actions(&main).await;
        assert_eq!(moved.len(), MOVE_BATCH as usize + 300);
        assert_eq!(moved[0], "test.read.0");
        assert_eq!(
            moved[moved.len() - 1],
            format!("test.read.{}", MOVE_BATCH + 299)
        );
        spool.close().await.unwrap();
        main.close().await.unwrap();
    }
}
