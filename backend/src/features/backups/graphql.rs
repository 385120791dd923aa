//! GraphQL for backups (`RUN_BACKUPS`): the overview the SPA's Backups page shows, and starting
//! a backup or a restore drill. Both run in the background (a large backup outlives any HTTP
//! request); the page polls the overview until `running` / `drillRunning` turn false.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::service::{self, BackupKind, Check, DrillScenario};
use super::{BackupError, lease, schedule};
use crate::entities::{backup, backup_copy, backup_drill, job_lease};
use crate::error::{AppError, AppResult, GqlResultExt};
use crate::features::access::Right;
use crate::graphql::{actor, state};
use crate::state::AppState;

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

fn to_backup(b: backup::Model, copies: &[backup_copy::Model]) -> Backup {
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
        copies: copies
            .iter()
            .filter(|c| c.backup_id == b.id)
            .cloned()
            .map(Into::into)
            .collect(),
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

async fn lease_held(state: &AppState, name: &str) -> AppResult<bool> {
    Ok(job_lease::Entity::find_by_id(name.to_owned())
        .one(&state.db)
        .await?
        .is_some_and(|l| l.expires_at > Utc::now()))
}

async fn overview(state: &AppState, first: u64) -> AppResult<BackupOverview> {
    let config = &state.config.backup;
    let destinations = service::destinations(&state.config)?;
    let plan = schedule::plan(&state.db, config).await?;
    let backups = backup::Entity::find()
        .order_by_desc(backup::Column::StartedAt)
        .limit(first)
        .all(&state.db)
        .await?;
    let ids: Vec<_> = backups.iter().map(|b| b.id).collect();
    let copies = backup_copy::Entity::find()
        .filter(backup_copy::Column::BackupId.is_in(ids))
        .all(&state.db)
        .await?;
    let drills = backup_drill::Entity::find()
        .order_by_desc(backup_drill::Column::StartedAt)
        .limit(first)
        .all(&state.db)
        .await?;
    let mut listed = Vec::new();
    for d in &destinations {
        let last_copy = backup_copy::Entity::find()
            .filter(backup_copy::Column::Destination.eq(d.name.as_str()))
            .order_by_desc(backup_copy::Column::UpdatedAt)
            .one(&state.db)
            .await?;
        let verified = backup_copy::Entity::find()
            .filter(backup_copy::Column::Destination.eq(d.name.as_str()))
            .filter(backup_copy::Column::Status.eq("verified"))
            .order_by_desc(backup_copy::Column::VerifiedAt)
            .one(&state.db)
            .await?;
        let last_verified = match verified {
            Some(copy) => backup::Entity::find_by_id(copy.backup_id)
                .one(&state.db)
                .await?
                .map(|b| to_backup(b, std::slice::from_ref(&copy))),
            None => None,
        };
        listed.push(BackupDestination {
            name: d.name.clone(),
            kind: d.kind().to_owned(),
            location: d.describe(),
            last_verified,
            last_copy: last_copy.map(Into::into),
        });
    }
    Ok(BackupOverview {
        scheduled: config.schedule,
        hourly_keep: config.hourly_keep as i32,
        daily_keep: config.daily_keep as i32,
        drill_interval_hours: config.drill_interval_hours as i32,
        next_backup_at: plan.next_backup.map(|(_, at)| at),
        next_backup_kind: plan.next_backup.map(|(kind, _)| kind),
        next_drill_at: plan.next_drill,
        running: lease_held(state, service::LEASE).await?,
        drill_running: lease_held(state, "backup-drill").await?,
        off_site: destinations.iter().any(|d| d.kind() == "s3"),
        destinations: listed,
        backups: backups.into_iter().map(|b| to_backup(b, &copies)).collect(),
        drills: drills.into_iter().map(Into::into).collect(),
    })
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
        let actor = actor(ctx)?;
        actor.require(Right::RunBackups).gql()?;
        if !(1..=crate::graphql::MAX_PAGE_SIZE).contains(&first) {
            return Err(AppError::bad_input("first", "must be 1 to 100")).gql();
        }
        overview(state(ctx)?, first as u64).await.gql()
    }
}

#[derive(Default)]
pub struct BackupMutation;

#[Object]
impl BackupMutation {
    /// Starts a backup to every destination now (`RUN_BACKUPS`). It runs in the background;
    /// `CONFLICT` when a backup or restore is already running.
    async fn run_backup(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let actor = actor(ctx)?;
        actor.require(Right::RunBackups).gql()?;
        let state = state(ctx)?.clone();
        let acquired = lease::acquire(&state.db, service::LEASE, Duration::hours(6))
            .await
            .map_err(AppError::from)
            .gql()?;
        if !acquired {
            return Err(AppError::from(BackupError::Busy)).gql();
        }
        tokio::spawn(async move {
            if let Err(e) = service::create_locked(&state, &actor, BackupKind::Manual, "user").await
            {
                tracing::error!(error = %e, "a backup started from the web app failed");
            }
            if let Err(e) = lease::release(&state.db, service::LEASE).await {
                tracing::warn!(error = %e, "releasing the backup lease failed; it expires by itself");
            }
        });
        Ok(true)
    }

    /// Starts a restore drill in the background (`RUN_BACKUPS`): from `destination` (by name),
    /// or the one `scenario` calls for (lost disk: another local copy; lost data centre: the
    /// off-site copy; corrupted backup: the first destination). `CONFLICT` while one runs.
    async fn run_backup_drill(
        &self,
        ctx: &Context<'_>,
        destination: Option<String>,
        scenario: Option<DrillScenario>,
    ) -> async_graphql::Result<bool> {
        let actor = actor(ctx)?;
        actor.require(Right::RunBackups).gql()?;
        let state = state(ctx)?.clone();
        // Checked here, so a drill that cannot run is refused now rather than failing unseen.
        if let Err(e) = service::drill_target(&state.config, destination.as_deref(), scenario) {
            let field = if destination.is_some() {
                "destination"
            } else {
                "scenario"
            };
            return Err(AppError::bad_input(field, e)).gql();
        }
        let acquired = lease::acquire(&state.db, "backup-drill", Duration::hours(6))
            .await
            .map_err(AppError::from)
            .gql()?;
        if !acquired {
            return Err(AppError::conflict("a restore drill is already running")).gql();
        }
        tokio::spawn(async move {
            let result =
                service::drill(&state, &actor, destination.as_deref(), scenario, "user").await;
            if let Err(e) = result {
                tracing::error!(error = %e, "a restore drill started from the web app failed");
            }
            if let Err(e) = lease::release(&state.db, "backup-drill").await {
                tracing::warn!(error = %e, "releasing the drill lease failed; it expires by itself");
            }
        });
        Ok(true)
    }
}
