//! The server's backup schedule: every minute it checks what is due — a daily or hourly backup,
//! copies to retry, retention, a restore drill — under database leases, so with several
//! replicas each job runs once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::BackupError;
use super::service::{self, BackupKind, DrillScenario};
use crate::AppState;
use crate::config::BackupConfig;
use crate::entities::{backup, backup_drill};
use crate::features::auth::Actor;

/// When the next scheduled jobs are due (`None`: not scheduled).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub next_backup: Option<(BackupKind, DateTime<Utc>)>,
    pub next_drill: Option<DateTime<Utc>>,
}

/// When the last scheduled backup of `kinds` started (a daily backup also counts as that hour's).
async fn last_started(
    db: &DatabaseConnection,
    kinds: &[BackupKind],
) -> Result<Option<DateTime<Utc>>, BackupError> {
    Ok(backup::Entity::find()
        .filter(backup::Column::Kind.is_in(kinds.iter().map(|k| k.as_str())))
        .order_by_desc(backup::Column::StartedAt)
        .one(db)
        .await?
        .map(|b| b.started_at))
}

async fn last_scheduled_drill(
    db: &DatabaseConnection,
) -> Result<Option<DateTime<Utc>>, BackupError> {
    Ok(backup_drill::Entity::find()
        .filter(backup_drill::Column::Trigger.eq("schedule"))
        .order_by_desc(backup_drill::Column::StartedAt)
        .one(db)
        .await?
        .map(|d| d.started_at))
}

pub async fn plan(db: &DatabaseConnection, config: &BackupConfig) -> Result<Plan, BackupError> {
    if !config.schedule {
        return Ok(Plan::default());
    }
    let now = Utc::now();
    let next = |last: Option<DateTime<Utc>>, every: Duration| last.map_or(now, |t| t + every);
    let mut candidates = Vec::new();
    if config.daily_keep > 0 {
        let last = last_started(db, &[BackupKind::Daily]).await?;
        candidates.push((BackupKind::Daily, next(last, Duration::days(1))));
    }
    if config.hourly_keep > 0 {
        let last = last_started(db, &[BackupKind::Hourly, BackupKind::Daily]).await?;
        candidates.push((BackupKind::Hourly, next(last, Duration::hours(1))));
    }
    // The daily backup wins a tie: it also serves as that hour's backup.
    candidates.sort_by_key(|(kind, at)| (*at, *kind != BackupKind::Daily));
    let next_drill = if config.drill_interval_hours > 0 {
        Some(next(
            last_scheduled_drill(db).await?,
            Duration::hours(i64::from(config.drill_interval_hours)),
        ))
    } else {
        None
    };
    Ok(Plan {
        next_backup: candidates.first().copied(),
        next_drill,
    })
}

/// Runs whatever is due now. What is due is decided while holding the job's lease, so with
/// several replicas each job runs once; a job someone else is running is skipped.
pub async fn run_due(state: &AppState) -> Result<(), BackupError> {
    let config = &state.config.backup;
    let backups = service::exclusively(&state.db, service::LEASE, async {
        if let Some((kind, at)) = plan(&state.db, config).await?.next_backup
            && at <= Utc::now()
        {
            let created = service::create_locked(state, &Actor::System, kind, "schedule").await?;
            tracing::info!(
                file = %created.backup.file_name,
                status = %created.backup.status,
                "scheduled backup taken"
            );
        }
        let completed = service::retry_incomplete(state).await?;
        if completed > 0 {
            tracing::info!(backups = completed, "missing backup copies written");
        }
        let pruned = service::prune(state).await?;
        if pruned > 0 {
            tracing::info!(backups = pruned, "old backups removed by retention");
        }
        Ok(())
    })
    .await;
    skip_busy(backups)?;
    let drill = service::exclusively(&state.db, service::DRILL_LEASE, async {
        // Nothing to rehearse before the first backup is complete (one may be running now).
        let backed_up = backup::Entity::find()
            .filter(backup::Column::Status.eq("complete"))
            .one(&state.db)
            .await?
            .is_some();
        match plan(&state.db, config).await?.next_drill {
            Some(at) if at <= Utc::now() && backed_up => scheduled_drill(state).await,
            _ => Ok(()),
        }
    })
    .await;
    skip_busy(drill)
}

/// Another process running the job is not an error of this one.
fn skip_busy(result: Result<(), BackupError>) -> Result<(), BackupError> {
    match result {
        Err(BackupError::Busy) => Ok(()),
        other => other,
    }
}

/// Alternates between losing a disk and losing the data centre (when there is an off-site copy).
async fn scheduled_drill(state: &AppState) -> Result<(), BackupError> {
    let off_site = service::destinations(&state.config)?
        .iter()
        .any(|d| d.kind() == "s3");
    let previous = backup_drill::Entity::find()
        .filter(backup_drill::Column::Trigger.eq("schedule"))
        .order_by_desc(backup_drill::Column::StartedAt)
        .one(&state.db)
        .await?;
    let scenario =
        if off_site && previous.is_some_and(|d| d.scenario == DrillScenario::LostDisk.as_str()) {
            DrillScenario::LostDataCentre
        } else {
            DrillScenario::LostDisk
        };
    let (destination, scenario) = service::drill_target(&state.config, None, Some(scenario))?;
    let records =
        service::drill_locked(state, &Actor::System, destination, scenario, "schedule").await?;
    for record in records {
        if record.passed {
            tracing::info!(file = ?record.backup_file, destination = %record.destination, "restore drill passed");
        } else {
            tracing::error!(file = ?record.backup_file, destination = %record.destination, error = ?record.error, "restore drill failed");
        }
    }
    Ok(())
}

/// Starts the schedule (when `[backup] schedule` is on).
pub fn spawn(state: &AppState) {
    if !state.config.backup.schedule {
        tracing::info!("scheduled backups are off");
        return;
    }
    state.every(std::time::Duration::from_secs(60), |state| async move {
        if let Err(e) = run_due(&state).await {
            tracing::error!(error = %e, "the backup schedule failed; will retry");
        }
    });
}
