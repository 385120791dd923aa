//! Taking, copying, pruning, restoring and rehearsing backups.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    AccessMode, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, IsolationLevel, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

use super::archive::{self, Archive, FORMAT_VERSION, Header};
use super::copy::CopyTransaction;
use super::destinations::{self, Destination};
use super::{BackupError, tables};
use crate::AppState;
use crate::config::Config;
use crate::crypto::Keyring;
use crate::entities::{anonymization_ledger, backup, backup_copy, backup_drill, customer};
use crate::features::access::Right;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::jobs::lease;

/// The lease every backup, retry, prune and restore holds.
pub const LEASE: &str = "backup";
/// The lease a restore drill holds (drills do not block backups).
pub const DRILL_LEASE: &str = "backup-drill";
const LEASE_TTL: chrono::Duration = chrono::Duration::hours(6);
/// Attempts per destination within one run (later runs of the schedule retry again).
const ATTEMPTS: u32 = 3;

crate::db::db_enum! {
    /// Which retention series a backup belongs to.
    BackupKind {
        Manual => "manual",
        Hourly => "hourly",
        Daily => "daily",
    }
}

crate::db::db_enum! {
    /// The incident a restore drill rehearses.
    DrillScenario {
        /// One local disk is gone: restore from another local copy.
        LostDisk => "lost-disk",
        /// The data centre is gone: restore from the off-site copy.
        LostDataCentre => "lost-data-centre",
        /// The newest backup is damaged: the drill must notice and use the previous good one.
        CorruptedBackup => "corrupted-backup",
    }
}

/// The newest migration this binary knows: the schema version a backup records.
pub fn schema_version() -> String {
    Migrator::migrations()
        .last()
        .map(|m| m.name().to_owned())
        .unwrap_or_default()
}

fn engine(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Postgres => "postgres",
        _ => "sqlite",
    }
}

pub fn destinations(config: &Config) -> Result<Vec<Destination>, BackupError> {
    destinations::from_config(&config.backup, &config.data_dir)
}

fn destination_named(config: &Config, name: &str) -> Result<Destination, BackupError> {
    destinations(config)?
        .into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| BackupError::Config(format!("there is no backup destination named {name}")))
}

/// How one destination fared.
#[derive(Debug, Clone)]
pub struct CopyOutcome {
    pub destination: String,
    pub verified: bool,
    pub attempts: u32,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Created {
    pub backup: backup::Model,
    pub copies: Vec<CopyOutcome>,
}

/// Runs `job` while holding the lease `name`; [`BackupError::Busy`] when someone else holds it.
pub(super) async fn exclusively<T>(
    db: &DatabaseConnection,
    name: &str,
    job: impl std::future::Future<Output = Result<T, BackupError>>,
) -> Result<T, BackupError> {
    if !lease::acquire(db, name, LEASE_TTL).await? {
        return Err(BackupError::Busy);
    }
    let result = job.await;
    release(db, name).await;
    result
}

/// Gives a lease back; a failure only delays the next job until the lease expires.
pub(super) async fn release(db: &DatabaseConnection, name: &str) {
    if let Err(e) = lease::release(db, name).await {
        tracing::warn!(lease = name, error = %e, "releasing a lease failed; it expires by itself");
    }
}

/// Takes the lease `name` now and runs `job` in the background, giving the lease back when it
/// ends (a large backup or drill outlives any HTTP request). `CONFLICT` while the lease is held.
pub(super) async fn spawn_holding(
    state: &AppState,
    name: &'static str,
    what: &'static str,
    job: impl std::future::Future<Output = Result<(), BackupError>> + Send + 'static,
) -> Result<(), BackupError> {
    if !lease::acquire(&state.db, name, LEASE_TTL).await? {
        return Err(BackupError::Busy);
    }
    let db = state.db.clone();
    // Tracked, so a shutdown waits for the job (up to the drain period) before the database
    // closes.
    state.tasks.spawn(async move {
        if let Err(e) = job.await {
            tracing::error!(error = %e, "{what} failed");
        }
        release(&db, name).await;
    });
    Ok(())
}

/// Takes a backup now and copies it to every destination.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    kind: BackupKind,
    trigger: &str,
) -> Result<Created, BackupError> {
    actor.require(Right::RunBackups)?;
    exclusively(&state.db, LEASE, create_locked(state, actor, kind, trigger)).await
}

pub(super) async fn create_locked(
    state: &AppState,
    actor: &Actor,
    kind: BackupKind,
    trigger: &str,
) -> Result<Created, BackupError> {
    let destinations = destinations(&state.config)?;
    let started = Utc::now();
    let clock = Instant::now();
    let id = Uuid::now_v7();
    let file_name = format!(
        "tillit-{}-{}-{}{}",
        started.format("%Y%m%dT%H%M%S%3fZ"),
        kind.as_str(),
        &id.simple().to_string()[24..],
        destinations::EXTENSION
    );
    let staging = state.config.backup_staging_dir();
    tokio::fs::create_dir_all(&staging).await?;
    let path = staging.join(&file_name);
    backup::Entity::insert(backup::ActiveModel {
        id: Set(id),
        file_name: Set(file_name.clone()),
        kind: Set(kind.as_str().to_owned()),
        trigger: Set(trigger.to_owned()),
        status: Set("running".to_owned()),
        started_at: Set(started),
        finished_at: Set(None),
        size_bytes: Set(None),
        rows: Set(None),
        sha256: Set(None),
        duration_ms: Set(None),
        schema_version: Set(schema_version()),
        error: Set(None),
        created_by: Set(actor.user_id()),
    })
    .exec_without_returning(&state.db)
    .await?;
    let header = Header {
        format_version: FORMAT_VERSION,
        backup_id: id,
        created_at: started,
        key_id: state.keyring.current_id().to_owned(),
        source_engine: engine(&state.db).to_owned(),
        schema_version: schema_version(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    // The access-log rows of reads answered before now go into the backup too (SQLite keeps
    // them in the audit spool for a moment).
    let written = match state.audit.flush().await {
        Ok(()) => write_archive(&state.db, &state.keyring, &path, header).await,
        Err(e) => Err(BackupError::internal(e.into_anyhow())),
    };
    let (manifest, size, sha) = match written {
        Ok(done) => done,
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            let message = e.to_string();
            backup::Entity::update(backup::ActiveModel {
                id: Set(id),
                status: Set("failed".to_owned()),
                finished_at: Set(Some(Utc::now())),
                duration_ms: Set(Some(clock.elapsed().as_millis() as i64)),
                error: Set(Some(message.clone())),
                ..Default::default()
            })
            .exec(&state.db)
            .await?;
            audit::record(
                &state.db,
                actor,
                "backup.create",
                Some(("backup", id.to_string())),
                Outcome::Failure,
                Some(serde_json::json!({ "error": message })),
            )
            .await?;
            return Err(e);
        }
    };
    let mut copies = Vec::new();
    for destination in &destinations {
        let outcome = copy_with_retries(destination, &file_name, &path, &sha, ATTEMPTS).await;
        record_copy(&state.db, id, &outcome).await?;
        copies.push(outcome);
    }
    let complete = copies.iter().all(|c| c.verified);
    if complete {
        let _ = tokio::fs::remove_file(&path).await;
    }
    let failed: Vec<String> = copies
        .iter()
        .filter_map(|c| c.error.as_ref().map(|e| format!("{}: {e}", c.destination)))
        .collect();
    let finished = backup::Entity::update(backup::ActiveModel {
        id: Set(id),
        status: Set(if complete { "complete" } else { "incomplete" }.to_owned()),
        finished_at: Set(Some(Utc::now())),
        size_bytes: Set(Some(size as i64)),
        rows: Set(Some(manifest.total_rows() as i64)),
        sha256: Set(Some(sha)),
        duration_ms: Set(Some(clock.elapsed().as_millis() as i64)),
        error: Set((!failed.is_empty()).then(|| failed.join("; "))),
        ..Default::default()
    })
    .exec(&state.db)
    .await?;
    audit::record(
        &state.db,
        actor,
        "backup.create",
        Some(("backup", id.to_string())),
        if complete {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        Some(serde_json::json!({
            "file": file_name,
            "rows": manifest.total_rows(),
            "bytes": size,
            "copies": copies.iter().map(|c| serde_json::json!({
                "destination": c.destination, "verified": c.verified,
            })).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(Created {
        backup: finished,
        copies,
    })
}

/// A read transaction over one consistent snapshot: `REPEATABLE READ READ ONLY` on PostgreSQL;
/// on SQLite (WAL) a read transaction sees the database as of its first read. Writers go on.
async fn snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, BackupError> {
    Ok(match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
        _ => db.begin().await?,
    })
}

async fn write_archive(
    db: &DatabaseConnection,
    keyring: &Keyring,
    path: &Path,
    header: Header,
) -> Result<(archive::Manifest, u64, String), BackupError> {
    let txn = snapshot(db).await?;
    let mut writer = archive::Writer::create(path, keyring, header)?;
    tables::dump_all(&txn, &mut writer).await?;
    txn.rollback().await?;
    writer.finish()
}

async fn copy_verified(
    destination: &Destination,
    file_name: &str,
    source: &Path,
    sha: &str,
) -> Result<(), BackupError> {
    destination.put(file_name, source).await?;
    let stored = destination.sha256(file_name).await?;
    if stored != sha {
        let _ = destination.delete(file_name).await;
        return Err(BackupError::Destination {
            name: destination.name.clone(),
            message: "the copy read back differs from the original".into(),
        });
    }
    Ok(())
}

async fn copy_with_retries(
    destination: &Destination,
    file_name: &str,
    source: &Path,
    sha: &str,
    attempts: u32,
) -> CopyOutcome {
    let mut error = None;
    for attempt in 1..=attempts {
        let started = std::time::Instant::now();
        match copy_verified(destination, file_name, source, sha).await {
            Ok(()) => {
                // One line per copy, so a log shows how far a slow backup got.
                tracing::info!(destination = %destination.name, attempt, ms = started.elapsed().as_millis() as u64, file = file_name, "backup copy verified");
                return CopyOutcome {
                    destination: destination.name.clone(),
                    verified: true,
                    attempts: attempt,
                    error: None,
                };
            }
            Err(e) => {
                tracing::warn!(destination = %destination.name, attempt, error = %e, "copying a backup failed");
                error = Some(e.to_string());
                if attempt < attempts {
                    tokio::time::sleep(Duration::from_millis(500 * u64::from(attempt))).await;
                }
            }
        }
    }
    CopyOutcome {
        destination: destination.name.clone(),
        verified: false,
        attempts,
        error,
    }
}

async fn record_copy(
    db: &impl ConnectionTrait,
    backup_id: Uuid,
    outcome: &CopyOutcome,
) -> Result<(), BackupError> {
    let now = Utc::now();
    let previous = backup_copy::Entity::find_by_id((backup_id, outcome.destination.clone()))
        .one(db)
        .await?
        .map_or(0, |c| c.attempts);
    backup_copy::Entity::insert(backup_copy::ActiveModel {
        backup_id: Set(backup_id),
        destination: Set(outcome.destination.clone()),
        status: Set(if outcome.verified {
            "verified"
        } else {
            "failed"
        }
        .to_owned()),
        attempts: Set(previous + outcome.attempts as i32),
        verified_at: Set(outcome.verified.then_some(now)),
        error: Set(outcome.error.clone()),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            backup_copy::Column::BackupId,
            backup_copy::Column::Destination,
        ])
        .update_columns([
            backup_copy::Column::Status,
            backup_copy::Column::Attempts,
            backup_copy::Column::VerifiedAt,
            backup_copy::Column::Error,
            backup_copy::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Copies missing, failed or corrupt copies of recent incomplete backups again, from the staged
/// archive or from a verified copy elsewhere. Returns how many backups became complete.
pub async fn retry_incomplete(state: &AppState) -> Result<u64, BackupError> {
    let destinations = destinations(&state.config)?;
    let staging = state.config.backup_staging_dir();
    let pending = backup::Entity::find()
        .filter(backup::Column::Status.eq("incomplete"))
        .filter(backup::Column::StartedAt.gt(Utc::now() - chrono::Duration::days(2)))
        .order_by_desc(backup::Column::StartedAt)
        .limit(10)
        .all(&state.db)
        .await?;
    let mut completed = 0;
    for found in pending {
        let Some(sha) = found.sha256.clone() else {
            continue;
        };
        let copies = backup_copy::Entity::find()
            .filter(backup_copy::Column::BackupId.eq(found.id))
            .all(&state.db)
            .await?;
        let verified = |name: &str| {
            copies
                .iter()
                .any(|c| c.destination == name && c.status == "verified")
        };
        let mut source = staging.join(&found.file_name);
        let mut fetched = None;
        if !tokio::fs::try_exists(&source).await.unwrap_or(false) {
            let Some(good) = destinations.iter().find(|d| verified(&d.name)) else {
                continue;
            };
            let temp = staging.join(format!(".fetch-{}", found.file_name));
            tokio::fs::create_dir_all(&staging).await?;
            good.fetch(&found.file_name, &temp).await?;
            if archive::file_sha256(&temp)? != sha {
                let _ = tokio::fs::remove_file(&temp).await;
                continue;
            }
            source = temp.clone();
            fetched = Some(temp);
        }
        let mut all = true;
        for destination in &destinations {
            if verified(&destination.name) {
                continue;
            }
            let outcome = copy_with_retries(destination, &found.file_name, &source, &sha, 1).await;
            all &= outcome.verified;
            record_copy(&state.db, found.id, &outcome).await?;
        }
        if let Some(temp) = fetched {
            let _ = tokio::fs::remove_file(temp).await;
        }
        if all {
            let _ = tokio::fs::remove_file(staging.join(&found.file_name)).await;
            backup::Entity::update(backup::ActiveModel {
                id: Set(found.id),
                status: Set("complete".to_owned()),
                error: Set(None),
                ..Default::default()
            })
            .exec(&state.db)
            .await?;
            completed += 1;
        }
    }
    Ok(completed)
}

/// Retention: keeps the newest `keep` complete backups of each series and deletes older ones
/// from every destination. Returns how many backups were removed.
pub async fn prune(state: &AppState) -> Result<u64, BackupError> {
    let config = &state.config.backup;
    let destinations = destinations(&state.config)?;
    let mut removed = 0;
    for (kind, keep) in [
        (BackupKind::Hourly, config.hourly_keep),
        (BackupKind::Daily, config.daily_keep),
        (BackupKind::Manual, config.hourly_keep.max(1)),
    ] {
        let old = backup::Entity::find()
            .filter(backup::Column::Kind.eq(kind.as_str()))
            .filter(backup::Column::Status.eq("complete"))
            .order_by_desc(backup::Column::StartedAt)
            .all(&state.db)
            .await?;
        for found in old.into_iter().skip(keep.max(1) as usize) {
            for destination in &destinations {
                destination.delete(&found.file_name).await?;
            }
            backup::Entity::update(backup::ActiveModel {
                id: Set(found.id),
                status: Set("pruned".to_owned()),
                ..Default::default()
            })
            .exec(&state.db)
            .await?;
            backup_copy::Entity::update_many()
                .col_expr(backup_copy::Column::Status, "pruned".into())
                .filter(backup_copy::Column::BackupId.eq(found.id))
                .exec(&state.db)
                .await?;
            removed += 1;
        }
    }
    // Staged archives only wait for the retries of recent incomplete backups.
    let waiting: std::collections::HashSet<String> = backup::Entity::find()
        .filter(backup::Column::Status.eq("incomplete"))
        .filter(backup::Column::StartedAt.gt(Utc::now() - chrono::Duration::days(2)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    if let Ok(mut entries) = tokio::fs::read_dir(state.config.backup_staging_dir()).await {
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            if destinations::valid_file_name(&name) && !waiting.contains(&name) {
                tokio::fs::remove_file(entry.path()).await?;
            }
        }
    }
    Ok(removed)
}

#[derive(Debug, Clone)]
pub struct Restored {
    pub header: Header,
    pub rows: u64,
    pub tables: usize,
    /// Ledger entries from newer backups or the replaced database added to the restored ledger.
    pub ledger_added: u64,
    /// Customers anonymized again from the ledger.
    pub reapplied: u64,
}

/// Opens `path` and checks every part, off the async threads.
pub async fn open_verified(path: &Path, keyring: &Arc<Keyring>) -> Result<Archive, BackupError> {
    let (path, keyring) = (path.to_owned(), keyring.clone());
    tokio::task::spawn_blocking(move || {
        let mut archive = Archive::open(&path, &keyring)?;
        archive.verify()?;
        Ok(archive)
    })
    .await
    .map_err(|e| BackupError::internal(e.into()))?
}

fn check_schema(header: &Header) -> Result<(), BackupError> {
    let ours = schema_version();
    if header.schema_version == ours {
        return Ok(());
    }
    let known = Migrator::migrations()
        .iter()
        .any(|m| m.name() == header.schema_version);
    let (backup, ours) = (header.schema_version.clone(), ours);
    Err(if known {
        BackupError::OlderSchema { backup, ours }
    } else {
        BackupError::NewerSchema { backup, ours }
    })
}

/// The first table with rows a fresh database would not have, and how many.
async fn first_non_empty(db: &impl ConnectionTrait) -> Result<Option<(String, u64)>, BackupError> {
    for table in tables::names()
        .into_iter()
        .chain(tables::CLEARED_NOT_RESTORED.iter().copied())
    {
        if !tables::SEEDED.contains(&table) && tables::has_rows(db, table).await? {
            return Ok(Some((table.to_owned(), tables::count(db, table).await?)));
        }
    }
    Ok(None)
}

/// The anonymization ledger held in a backup (only its ledger parts are read).
pub async fn ledger_of(
    path: &Path,
    keyring: &Arc<Keyring>,
) -> Result<Vec<anonymization_ledger::Model>, BackupError> {
    let (path, keyring) = (path.to_owned(), keyring.clone());
    tokio::task::spawn_blocking(move || {
        let mut archive = Archive::open(&path, &keyring)?;
        let mut entries = Vec::new();
        for index in archive.parts_of("anonymization_ledger") {
            for line in archive.part(index)?.split(|b| *b == b'\n') {
                if !line.is_empty() {
                    entries.push(serde_json::from_slice(line).map_err(|e| {
                        BackupError::Corrupt(format!("a ledger row is unreadable: {e}"))
                    })?);
                }
            }
        }
        Ok(entries)
    })
    .await
    .map_err(|e| BackupError::internal(e.into()))?
}

/// Restores the archive at `path` into `db`: checks every checksum first, refuses a non-empty
/// database unless `force`, writes everything in one transaction (an interruption leaves the
/// database as it was), then anonymizes again everyone in the ledger — the backup's own, the
/// replaced database's and `newer_ledger` (from backups taken after this one) — so nobody
/// anonymized comes back.
pub async fn restore_file(
    db: &DatabaseConnection,
    keyring: &Arc<Keyring>,
    path: &Path,
    force: bool,
    newer_ledger: Vec<anonymization_ledger::Model>,
) -> Result<Restored, BackupError> {
    exclusively(
        db,
        LEASE,
        restore_locked(db, keyring, path, force, newer_ledger),
    )
    .await
}

async fn restore_locked(
    db: &DatabaseConnection,
    keyring: &Arc<Keyring>,
    path: &Path,
    force: bool,
    mut ledger: Vec<anonymization_ledger::Model>,
) -> Result<Restored, BackupError> {
    let header = {
        let mut file = std::fs::File::open(path)?;
        archive::read_header(&mut file)?.0
    };
    if header.format_version > FORMAT_VERSION {
        return Err(BackupError::UnsupportedFormat(header.format_version));
    }
    check_schema(&header)?;
    let mut archive = open_verified(path, keyring).await?;
    let known = tables::names();
    for table in &archive.manifest.tables {
        if !known.contains(&table.name.as_str()) {
            return Err(BackupError::Corrupt(format!(
                "it holds a table this version does not know ({})",
                table.name
            )));
        }
    }
    if let Some((table, rows)) = first_non_empty(db).await? {
        if !force {
            return Err(BackupError::NotEmpty { table, rows });
        }
        ledger.extend(anonymization_ledger::Entity::find().all(db).await?);
    }
    let tables = archive.manifest.tables.len();
    let (rows, ledger_added) = if db.get_database_backend() == DbBackend::Postgres {
        let txn = CopyTransaction::begin(db).await?;
        match load(txn.connection(), Some(&txn), &mut archive, ledger).await {
            Ok(loaded) => {
                txn.commit().await?;
                loaded
            }
            Err(error) => {
                txn.rollback().await;
                return Err(error);
            }
        }
    } else {
        let txn = crate::db::begin_write(db).await?;
        let loaded = load(&txn, None, &mut archive, ledger).await?;
        txn.commit().await?;
        loaded
    };
    // The restored field keys (wrapped under the same master key) decrypt from now on.
    crate::features::keys::service::load(db, keyring).await?;
    let reapplied = crate::features::anonymization::service::reapply_ledger(db).await?;
    Ok(Restored {
        header,
        rows,
        tables,
        ledger_added,
        reapplied,
    })
}

/// In `conn`'s transaction: empties the database, writes the archive's rows (with `copy` on
/// PostgreSQL) and merges `ledger`; returns the rows written and the ledger entries added.
async fn load(
    conn: &impl ConnectionTrait,
    copy: Option<&CopyTransaction>,
    archive: &mut Archive,
    ledger: Vec<anonymization_ledger::Model>,
) -> Result<(u64, u64), BackupError> {
    for table in tables::CLEARED_NOT_RESTORED
        .iter()
        .copied()
        .chain(tables::names().into_iter().rev())
    {
        conn.execute_unprepared(&format!("DELETE FROM {table}"))
            .await?;
    }
    let set_aside = tables::set_aside_indexes_and_constraints(conn).await?;
    let mut rows = 0;
    for table in archive.manifest.tables.clone() {
        let mut inserted = 0;
        for index in archive.parts_of(&table.name) {
            let lines = archive.part(index)?;
            inserted += match copy {
                Some(copy) => copy.copy(&table.name, &lines).await?,
                None => tables::insert(conn, &table.name, &lines).await?,
            };
        }
        if inserted != table.rows {
            return Err(BackupError::Corrupt(format!(
                "{} rows of {} were restored, the manifest says {}",
                inserted, table.name, table.rows
            )));
        }
        rows += inserted;
    }
    tables::after_restore(conn, &set_aside).await?;
    let ledger_added = merge_ledger(conn, ledger).await?;
    Ok((rows, ledger_added))
}

/// Records a restore in the restored database's audit log (the command line and
/// [`restore_from`] do; a drill's scratch database stays an exact copy).
pub async fn audit_restore(
    db: &DatabaseConnection,
    restored: &Restored,
) -> Result<(), BackupError> {
    audit::record(
        db,
        &Actor::System,
        "backup.restore",
        Some(("backup", restored.header.backup_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "createdAt": restored.header.created_at,
            "sourceEngine": restored.header.source_engine,
            "rows": restored.rows,
            "ledgerAdded": restored.ledger_added,
            "reanonymized": restored.reapplied,
        })),
    )
    .await?;
    Ok(())
}

/// Adds ledger entries for customers the restored database holds and its ledger lacks.
async fn merge_ledger(
    txn: &impl ConnectionTrait,
    entries: Vec<anonymization_ledger::Model>,
) -> Result<u64, BackupError> {
    if entries.is_empty() {
        return Ok(0);
    }
    let listed: std::collections::HashSet<Uuid> = anonymization_ledger::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.customer_id)
        .collect();
    let mut missing: Vec<anonymization_ledger::Model> = entries
        .into_iter()
        .filter(|e| !listed.contains(&e.customer_id))
        .collect();
    missing.sort_by_key(|e| e.customer_id);
    missing.dedup_by_key(|e| e.customer_id);
    let mut added = 0;
    for chunk in missing.chunks(500) {
        let present: std::collections::HashSet<Uuid> = customer::Entity::find()
            .filter(customer::Column::Id.is_in(chunk.iter().map(|e| e.customer_id)))
            .all(txn)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let rows: Vec<anonymization_ledger::ActiveModel> = chunk
            .iter()
            .filter(|e| present.contains(&e.customer_id))
            .cloned()
            .map(Into::into)
            .collect();
        added += rows.len() as u64;
        if !rows.is_empty() {
            anonymization_ledger::Entity::insert_many(rows)
                .exec_without_returning(txn)
                .await?;
        }
    }
    Ok(added)
}

/// Restores the newest (or the named) backup from a destination into `db`, with the ledgers
/// of every newer backup stored there.
pub async fn restore_from(
    state: &AppState,
    destination: &str,
    file_name: Option<&str>,
    force: bool,
) -> Result<Restored, BackupError> {
    let destination = destination_named(&state.config, destination)?;
    let stored = destination.list().await?;
    let chosen = match file_name {
        Some(name) => stored
            .iter()
            .position(|s| s.file_name == name)
            .ok_or_else(|| BackupError::NoBackup(format!("{} ({name})", destination.name)))?,
        None => stored
            .len()
            .checked_sub(1)
            .ok_or_else(|| BackupError::NoBackup(destination.name.clone()))?,
    };
    let scratch = Scratch::new(&state.config.backup_staging_dir())?;
    let path = scratch.path.join(&stored[chosen].file_name);
    destination.fetch(&stored[chosen].file_name, &path).await?;
    // The ledger only grows, so the newest readable later backup holds every anonymization
    // made after this one (up to when it was taken).
    let mut newer = Vec::new();
    for later in stored[chosen + 1..].iter().rev() {
        let later_path = scratch.path.join(&later.file_name);
        destination.fetch(&later.file_name, &later_path).await?;
        let ledger = ledger_of(&later_path, &state.keyring).await;
        let _ = tokio::fs::remove_file(&later_path).await;
        match ledger {
            Ok(entries) => {
                newer = entries;
                break;
            }
            Err(e) => {
                tracing::warn!(file = %later.file_name, error = %e, "a newer backup's ledger is unreadable; trying an older one");
            }
        }
    }
    let restored = restore_file(&state.db, &state.keyring, &path, force, newer).await?;
    audit_restore(&state.db, &restored).await?;
    Ok(restored)
}

/// A scratch directory removed when dropped.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(parent: &Path) -> Result<Scratch, BackupError> {
        let path = parent.join(format!(".scratch-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path)?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// One thing a drill checked.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub detail: String,
}

fn check(name: &str, passed: bool, detail: impl Into<String>) -> Check {
    Check {
        name: name.to_owned(),
        passed,
        detail: detail.into(),
    }
}

/// The destination and scenario of a drill: the named destination (its kind decides the
/// scenario unless one is given), or the one the scenario calls for.
pub fn drill_target(
    config: &Config,
    destination: Option<&str>,
    scenario: Option<DrillScenario>,
) -> Result<(Destination, DrillScenario), BackupError> {
    let all = destinations(config)?;
    Ok(match (destination, scenario) {
        (Some(name), scenario) => {
            let found = destination_named(config, name)?;
            let scenario = scenario.unwrap_or(if found.kind() == "s3" {
                DrillScenario::LostDataCentre
            } else {
                DrillScenario::LostDisk
            });
            (found, scenario)
        }
        (None, Some(scenario)) => (drill_destination(&all, scenario)?, scenario),
        (None, None) => (
            drill_destination(&all, DrillScenario::LostDisk)?,
            DrillScenario::LostDisk,
        ),
    })
}

/// Which destination a scenario restores from when none is named.
fn drill_destination(
    all: &[Destination],
    scenario: DrillScenario,
) -> Result<Destination, BackupError> {
    let locals: Vec<&Destination> = all.iter().filter(|d| d.kind() == "local").collect();
    let chosen = match scenario {
        DrillScenario::LostDataCentre => all.iter().find(|d| d.kind() == "s3"),
        // The first disk is gone: use another local copy.
        DrillScenario::LostDisk => locals.get(1).or(locals.first()).copied(),
        DrillScenario::CorruptedBackup => all.first(),
    };
    chosen.cloned().ok_or_else(|| {
        BackupError::Config(format!(
            "no destination fits the {} drill (configure an off-site S3 destination)",
            scenario.as_str()
        ))
    })
}

/// Rehearses a restore: the newest backup in a destination goes into a scratch database and is
/// checked (checksums, row counts against the manifest, foreign keys, the audit hash chain, the
/// consent projection, the anonymization ledger). A damaged backup fails its drill and the next
/// older one is tried, so the result shows both what is broken and what a restore would use;
/// the damaged copy is marked `corrupt` and copied again from a good one by the schedule.
/// Returns one record per backup tried, newest first.
pub async fn drill(
    state: &AppState,
    actor: &Actor,
    destination: Option<&str>,
    scenario: Option<DrillScenario>,
    trigger: &str,
) -> Result<Vec<backup_drill::Model>, BackupError> {
    actor.require(Right::RunBackups)?;
    let (destination, scenario) = drill_target(&state.config, destination, scenario)?;
    exclusively(
        &state.db,
        DRILL_LEASE,
        drill_locked(state, actor, destination, scenario, trigger),
    )
    .await
}

pub(super) async fn drill_locked(
    state: &AppState,
    actor: &Actor,
    destination: Destination,
    scenario: DrillScenario,
    trigger: &str,
) -> Result<Vec<backup_drill::Model>, BackupError> {
    let stored = destination.list().await?;
    let mut records = Vec::new();
    if stored.is_empty() {
        let now = Utc::now();
        records.push(
            record_drill(
                state,
                actor,
                DrillRecord {
                    started: now,
                    scenario,
                    destination: &destination.name,
                    file: None,
                    checks: vec![check(
                        "backup found",
                        false,
                        "the destination holds no backup",
                    )],
                    rows: None,
                    error: Some(BackupError::NoBackup(destination.name.clone()).to_string()),
                    trigger,
                },
            )
            .await?,
        );
        return Ok(records);
    }
    for candidate in stored.iter().rev().take(5) {
        let started = Utc::now();
        let (checks, rows, error) = drill_one(state, &destination, &candidate.file_name).await;
        let damaged = error.as_ref().is_some_and(BackupError::is_damaged_archive);
        if damaged {
            mark_corrupt(&state.db, &candidate.file_name, &destination.name).await?;
        }
        let passed = error.is_none();
        records.push(
            record_drill(
                state,
                actor,
                DrillRecord {
                    started,
                    scenario,
                    destination: &destination.name,
                    file: Some(&candidate.file_name),
                    checks,
                    rows,
                    error: error.map(|e| e.to_string()),
                    trigger,
                },
            )
            .await?,
        );
        if passed || !damaged {
            break;
        }
    }
    Ok(records)
}

async fn drill_one(
    state: &AppState,
    destination: &Destination,
    file_name: &str,
) -> (Vec<Check>, Option<i64>, Option<BackupError>) {
    let mut checks = Vec::new();
    let result = drill_checks(state, destination, file_name, &mut checks).await;
    match result {
        Ok(rows) => {
            if let Some(failed) = checks.iter().find(|c| !c.passed) {
                let message = format!("{}: {}", failed.name, failed.detail);
                (
                    checks,
                    Some(rows as i64),
                    Some(BackupError::Config(message)),
                )
            } else {
                (checks, Some(rows as i64), None)
            }
        }
        Err(e) => (checks, None, Some(e)),
    }
}

async fn drill_checks(
    state: &AppState,
    destination: &Destination,
    file_name: &str,
    checks: &mut Vec<Check>,
) -> Result<u64, BackupError> {
    let scratch = Scratch::new(&state.config.backup_staging_dir())?;
    let path = scratch.path.join(file_name);
    destination.fetch(file_name, &path).await?;
    let archive = match open_verified(&path, &state.keyring).await {
        Ok(archive) => archive,
        Err(e) => {
            checks.push(check("checksums", false, e.to_string()));
            return Err(e);
        }
    };
    checks.push(check(
        "checksums",
        true,
        format!(
            "{} parts and the manifest authenticate; {} rows in {} tables",
            archive.manifest.parts.len(),
            archive.manifest.total_rows(),
            archive.manifest.tables.len()
        ),
    ));
    let manifest = archive.manifest.clone();
    drop(archive);
    let config = Config {
        data_dir: scratch.path.join("db"),
        database_url: None,
        db_max_connections: 2,
        ..(*state.config).clone()
    };
    let db = crate::db::connect(&config, &state.keyring)
        .await
        .map_err(BackupError::internal)?;
    let result = async {
        crate::db::migrate(&db)
            .await
            .map_err(BackupError::internal)?;
        let restored = restore_file(&db, &state.keyring, &path, false, Vec::new()).await;
        let restored = match restored {
            Ok(r) => r,
            Err(e) => {
                checks.push(check("restore", false, e.to_string()));
                return Err(e);
            }
        };
        checks.push(check(
            "restore",
            true,
            format!(
                "{} rows restored into a scratch database (from {}, taken {})",
                restored.rows,
                restored.header.source_engine,
                restored.header.created_at.format("%Y-%m-%d %H:%M UTC")
            ),
        ));
        scratch_checks(&db, &state.keyring, &manifest, checks).await?;
        Ok(restored.rows)
    }
    .await;
    db.close_by_ref().await.ok();
    result
}

async fn scratch_checks(
    db: &DatabaseConnection,
    keyring: &Keyring,
    manifest: &archive::Manifest,
    checks: &mut Vec<Check>,
) -> Result<(), BackupError> {
    let mut mismatched = Vec::new();
    for table in &manifest.tables {
        let found = tables::count(db, &table.name).await?;
        if found != table.rows {
            mismatched.push(format!("{}: {found} of {}", table.name, table.rows));
        }
    }
    checks.push(check(
        "row counts",
        mismatched.is_empty(),
        if mismatched.is_empty() {
            format!("all {} tables match the manifest", manifest.tables.len())
        } else {
            mismatched.join(", ")
        },
    ));
    let violations = db
        .query_all_raw(sea_orm::Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_key_check",
        ))
        .await?
        .len();
    checks.push(check(
        "foreign keys",
        violations == 0,
        format!("{violations} rows point at missing rows"),
    ));
    let chain = crate::features::audit::chain::verify(db, keyring).await?;
    checks.push(match &chain.broken {
        None => check(
            "audit hash chain",
            true,
            format!("{} sealed events verify", chain.verified),
        ),
        Some((id, problem)) => check("audit hash chain", false, format!("row {id}: {problem}")),
    });
    let rebuilt = crate::features::consents::service::rebuild_projection(db).await?;
    let mut stored = crate::entities::current_consent::Entity::find()
        .all(db)
        .await?;
    stored.sort_by_key(|r| (r.contact_id, r.purpose_id));
    checks.push(check(
        "consent projection",
        rebuilt == stored,
        format!(
            "{} current consents {} the rebuild from the events",
            stored.len(),
            if rebuilt == stored {
                "match"
            } else {
                "differ from"
            }
        ),
    ));
    let ledger = tables::count(db, "anonymization_ledger").await?;
    let back = tables::count(
        db,
        "anonymization_ledger l JOIN customers c ON c.id = l.customer_id \
         WHERE c.anonymized_at IS NULL",
    )
    .await?;
    checks.push(check(
        "anonymization ledger",
        back == 0,
        format!("{ledger} anonymized customers, {back} came back"),
    ));
    Ok(())
}

async fn mark_corrupt(
    db: &DatabaseConnection,
    file_name: &str,
    destination: &str,
) -> Result<(), BackupError> {
    let Some(found) = backup::Entity::find()
        .filter(backup::Column::FileName.eq(file_name))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    backup_copy::Entity::update_many()
        .col_expr(backup_copy::Column::Status, "corrupt".into())
        .col_expr(
            backup_copy::Column::Error,
            Some("a drill found this copy damaged".to_owned()).into(),
        )
        .col_expr(backup_copy::Column::UpdatedAt, Utc::now().into())
        .filter(backup_copy::Column::BackupId.eq(found.id))
        .filter(backup_copy::Column::Destination.eq(destination))
        .exec(db)
        .await?;
    if found.status == "complete" {
        backup::Entity::update(backup::ActiveModel {
            id: Set(found.id),
            status: Set("incomplete".to_owned()),
            ..Default::default()
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

struct DrillRecord<'a> {
    started: chrono::DateTime<Utc>,
    scenario: DrillScenario,
    destination: &'a str,
    file: Option<&'a str>,
    checks: Vec<Check>,
    rows: Option<i64>,
    error: Option<String>,
    trigger: &'a str,
}

async fn record_drill(
    state: &AppState,
    actor: &Actor,
    record: DrillRecord<'_>,
) -> Result<backup_drill::Model, BackupError> {
    let finished = Utc::now();
    let model = backup_drill::Model {
        id: Uuid::now_v7(),
        started_at: record.started,
        finished_at: finished,
        scenario: record.scenario.as_str().to_owned(),
        destination: record.destination.to_owned(),
        backup_file: record.file.map(str::to_owned),
        passed: record.error.is_none(),
        checks: serde_json::to_value(&record.checks).unwrap_or_default(),
        duration_ms: (finished - record.started).num_milliseconds(),
        rows: record.rows,
        error: record.error,
        trigger: record.trigger.to_owned(),
        created_by: actor.user_id(),
    };
    backup_drill::Entity::insert(backup_drill::ActiveModel::from(model.clone()))
        .exec_without_returning(&state.db)
        .await?;
    audit::record(
        &state.db,
        actor,
        "backup.drill",
        Some(("backup_drill", model.id.to_string())),
        if model.passed {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        Some(serde_json::json!({
            "scenario": model.scenario,
            "destination": model.destination,
            "file": model.backup_file,
        })),
    )
    .await?;
    Ok(model)
}
