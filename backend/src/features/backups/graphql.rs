//! GraphQL for backups (`RUN_BACKUPS`): the overview the SPA's Backups page shows, and starting
//! a backup or a restore drill. Both run in the background (a large backup outlives any HTTP
//! request); the page polls the overview until `running` / `drillRunning` turn false.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::jobs;
use super::service::{BackupKind, Check, DrillScenario};
use crate::config::BackupConfig;
use crate::entities::{backup, backup_copy, backup_drill};
use crate::error::{AppError, GqlResultExt};
use crate::graphql::{actor, state};

/// A backup's copy in one destination.
#[derive(SimpleObject, Clone)]
pub struct BackupCopy {
    destination: String,
    /// `verified`, `failed` (retried by the schedule), `corrupt` (a drill found it damaged; it is
    /// copied again from a good copy) or `pruned`.
    status: String,
    attempts: i32,
    verified_at: Option<DateTime<Utc>>,
    error: Option<String>,
}

impl From<backup_copy::Model> for BackupCopy {
    fn from(c: backup_copy::Model) -> Self {
        BackupCopy {
            destination: c.destination,
            status: c.status,
            attempts: c.attempts,
            verified_at: c.verified_at,
            error: c.error,
        }
    }
}

/// One backup run.
#[derive(SimpleObject, Clone)]
pub struct Backup {
    id: ID,
    file_name: String,
    kind: BackupKind,
    /// `cli`, `schedule` or `user`.
    trigger: String,
    /// `running`, `complete` (every destination holds a verified copy), `incomplete`, `failed`
    /// or `pruned`.
    status: String,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    size_bytes: Option<f64>,
    rows: Option<f64>,
    duration_ms: Option<f64>,
    error: Option<String>,
    copies: Vec<BackupCopy>,
}

fn to_backup(b: backup::Model, copies: Vec<backup_copy::Model>) -> Backup {
    Backup {
        id: ID(b.id.to_string()),
        file_name: b.file_name,
        kind: BackupKind::from_db(&b.kind).unwrap_or(BackupKind::Manual),
        trigger: b.trigger,
        status: b.status,
        started_at: b.started_at,
        finished_at: b.finished_at,
        size_bytes: b.size_bytes.map(|v| v as f64),
        rows: b.rows.map(|v| v as f64),
        duration_ms: b.duration_ms.map(|v| v as f64),
        error: b.error,
        copies: copies.into_iter().map(Into::into).collect(),
    }
}

/// What a drill checked.
#[derive(SimpleObject, Clone)]
pub struct DrillCheck {
    name: String,
    passed: bool,
    detail: String,
}

/// One restore drill.
#[derive(SimpleObject, Clone)]
pub struct BackupDrill {
    id: ID,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    scenario: DrillScenario,
    destination: String,
    backup_file: Option<String>,
    passed: bool,
    checks: Vec<DrillCheck>,
    duration_ms: f64,
    rows: Option<f64>,
    error: Option<String>,
    /// `cli`, `schedule` or `user`.
    trigger: String,
}

impl From<backup_drill::Model> for BackupDrill {
    fn from(d: backup_drill::Model) -> Self {
        let checks: Vec<Check> = serde_json::from_value(d.checks).unwrap_or_default();
        BackupDrill {
            id: ID(d.id.to_string()),
            started_at: d.started_at,
            finished_at: d.finished_at,
            scenario: DrillScenario::from_db(&d.scenario).unwrap_or(DrillScenario::LostDisk),
            destination: d.destination,
            backup_file: d.backup_file,
            passed: d.passed,
            checks: checks
                .into_iter()
                .map(|c| DrillCheck {
                    name: c.name,
                    passed: c.passed,
                    detail: c.detail,
                })
                .collect(),
            duration_ms: d.duration_ms as f64,
            rows: d.rows.map(|v| v as f64),
            error: d.error,
            trigger: d.trigger,
        }
    }
}

/// A destination and how its copies stand.
#[derive(SimpleObject, Clone)]
pub struct BackupDestination {
    name: String,
    /// `local` or `s3`.
    kind: String,
    /// A directory or `s3://bucket/prefix` (never credentials).
    location: String,
    /// The newest backup with a verified copy here.
    last_verified: Option<Backup>,
    /// The newest copy attempt here, whatever its outcome.
    last_copy: Option<BackupCopy>,
}

#[derive(SimpleObject)]
pub struct BackupOverview {
    /// Backups and drills run by themselves (`[backup] schedule`).
    scheduled: bool,
    hourly_keep: i32,
    daily_keep: i32,
    drill_interval_hours: i32,
    next_backup_at: Option<DateTime<Utc>>,
    next_backup_kind: Option<BackupKind>,
    next_drill_at: Option<DateTime<Utc>>,
    /// A backup, retry or restore holds the lease right now.
    running: bool,
    drill_running: bool,
    /// `false` when no off-site (S3) destination is configured: every copy is in one place.
    off_site: bool,
    destinations: Vec<BackupDestination>,
    /// Newest first.
    backups: Vec<Backup>,
    /// Newest first.
    drills: Vec<BackupDrill>,
}

fn to_overview(o: jobs::Overview, config: &BackupConfig) -> BackupOverview {
    BackupOverview {
        scheduled: config.schedule,
        hourly_keep: config.hourly_keep as i32,
        daily_keep: config.daily_keep as i32,
        drill_interval_hours: config.drill_interval_hours as i32,
        next_backup_at: o.plan.next_backup.map(|(_, at)| at),
        next_backup_kind: o.plan.next_backup.map(|(kind, _)| kind),
        next_drill_at: o.plan.next_drill,
        running: o.running,
        drill_running: o.drill_running,
        off_site: o.destinations.iter().any(|d| d.destination.kind() == "s3"),
        destinations: o
            .destinations
            .into_iter()
            .map(|d| BackupDestination {
                name: d.destination.name.clone(),
                kind: d.destination.kind().to_owned(),
                location: d.destination.describe(),
                last_verified: d.last_verified.map(|(b, copy)| to_backup(b, vec![copy])),
                last_copy: d.last_copy.map(Into::into),
            })
            .collect(),
        backups: o
            .backups
            .into_iter()
            .map(|(b, copies)| to_backup(b, copies))
            .collect(),
        drills: o.drills.into_iter().map(Into::into).collect(),
    }
}

#[derive(Default)]
pub struct BackupQuery;

#[Object]
impl BackupQuery {
    /// Backups, their copies per destination, the schedule and the restore drills
    /// (`RUN_BACKUPS`). `first`: backups and drills listed, 1–100 (default 20).
    async fn backup_overview(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> async_graphql::Result<BackupOverview> {
        if !(1..=crate::graphql::MAX_PAGE_SIZE).contains(&first) {
            return Err(AppError::bad_input("first", "must be 1 to 100")).gql();
        }
        let state = state(ctx)?;
        let overview = jobs::overview(state, &actor(ctx)?, first as u64)
            .await
            .gql()?;
        Ok(to_overview(overview, &state.config.backup))
    }
}

#[derive(Default)]
pub struct BackupMutation;

#[Object]
impl BackupMutation {
    /// Starts a backup to every destination now (`RUN_BACKUPS`). It runs in the background;
    /// `CONFLICT` when a backup or restore is already running.
    async fn run_backup(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        jobs::start_backup(state(ctx)?, &actor(ctx)?).await.gql()?;
        Ok(true)
    }

    /// Starts a restore drill in the background (`RUN_BACKUPS`): from `destination` (by name),
    /// or the one `scenario` calls for (lost disk: another local copy; lost data centre: the
    /// off-site copy; corrupted backup: the first destination). `BAD_USER_INPUT` for a
    /// destination or scenario that cannot be drilled; `CONFLICT` while one runs.
    async fn run_backup_drill(
        &self,
        ctx: &Context<'_>,
        destination: Option<String>,
        scenario: Option<DrillScenario>,
    ) -> async_graphql::Result<bool> {
        jobs::start_drill(state(ctx)?, &actor(ctx)?, destination.as_deref(), scenario)
            .await
            .gql()?;
        Ok(true)
    }
}
