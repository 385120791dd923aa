//! Backups as a product feature: "All data is backed up 4 times: 3 times in one and the same data
//! centre, and then one copy in a separate location", and restores that are rehearsed.
//!
//! - [`archive`]: the portable, compressed, encrypted archive format with its manifest.
//! - [`tables`]: which tables a backup holds and how rows are read and written.
//! - [`destinations`]: local directories and S3-compatible stores; every copy is read back and
//!   compared with the original before it counts.
//! - [`service`]: taking a backup from a consistent snapshot while the server runs, copying it
//!   everywhere (retrying failed copies), retention, restoring (everything checked before anything
//!   is written, all in one transaction, the anonymization ledger re-applied) and restore drills.
//! - [`jobs`]: what the web app asks for (the overview, starting a backup or a drill in the
//!   background), with the `RUN_BACKUPS` check.
//!   Both run under database leases ([`crate::features::jobs::lease`]), so two backups never
//!   run at once and a schedule runs on one replica.
//! - [`schedule`]: the server's hourly/daily backups, retries, retention and drills.
//! - [`metrics`]: their gauges for `/metrics`.

pub mod archive;
mod copy;
pub mod destinations;
pub mod graphql;
pub mod jobs;
pub mod metrics;
pub mod schedule;
pub mod service;
pub mod tables;

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Tillit backup")]
    NotABackup,
    #[error("the backup is truncated (the file ends early)")]
    Truncated,
    #[error("the backup uses archive format {0}, newer than this Tillit reads; upgrade Tillit")]
    UnsupportedFormat(u32),
    #[error(
        "the backup was encrypted under master key {backup}, but the master key in use is {ours}: \
         restore with the master key of the installation that made it"
    )]
    WrongKey { backup: String, ours: String },
    #[error("the backup is damaged: {0}; nothing was written")]
    Corrupt(String),
    #[error(
        "the backup has schema version {backup}, which this Tillit does not know (its newest is \
         {ours}): restore it with the Tillit version that made it or a newer one"
    )]
    NewerSchema { backup: String, ours: String },
    #[error(
        "the backup has schema version {backup}, older than this Tillit's {ours}: restore it with \
         the Tillit version that made it, then upgrade (migrations run at start)"
    )]
    OlderSchema { backup: String, ours: String },
    #[error(
        "the target database is not empty ({table} has {rows} rows): restore into an empty \
         database, or pass --force to replace everything in it"
    )]
    NotEmpty { table: String, rows: u64 },
    #[error("another backup or restore is running; try again when it has finished")]
    Busy,
    #[error("backup destination {name}: {message}")]
    Destination { name: String, message: String },
    #[error("no usable backup was found in {0}")]
    NoBackup(String),
    #[error("{0}")]
    Config(String),
    #[error("reading or writing the backup failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// Refused for the actor (`FORBIDDEN`, …): passed on as it is.
    #[error("{0}")]
    Refused(AppError),
    #[error("{0:#}")]
    Internal(anyhow::Error),
}

impl BackupError {
    pub fn internal(error: anyhow::Error) -> BackupError {
        BackupError::Internal(error)
    }

    /// `true` when the archive itself is at fault (a drill then tries an older one).
    pub fn is_damaged_archive(&self) -> bool {
        matches!(
            self,
            BackupError::NotABackup | BackupError::Truncated | BackupError::Corrupt(_)
        )
    }
}

impl From<AppError> for BackupError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Internal(e) => BackupError::Internal(e),
            refused => BackupError::Refused(refused),
        }
    }
}

impl From<BackupError> for AppError {
    fn from(error: BackupError) -> Self {
        match error {
            BackupError::Refused(e) => e,
            BackupError::Io(_) | BackupError::Db(_) | BackupError::Internal(_) => {
                AppError::internal(anyhow::anyhow!("{error}"))
            }
            BackupError::Busy | BackupError::NotEmpty { .. } => {
                AppError::conflict(error.to_string())
            }
            BackupError::NoBackup(_) => AppError::NotFound { entity: "backup" },
            other => AppError::Conflict {
                field: None,
                message: other.to_string(),
            },
        }
    }
}
