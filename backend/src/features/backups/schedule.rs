//! The server's backup schedule: every minute it checks what is due — a daily or hourly backup,
//! copies to retry, retention, a restore drill — under database leases, so with several
//! replicas each job runs once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::service::{self, BackupKind, DrillScenario};
use super::{BackupError, lease};
use crate::AppState;
use crate::config::BackupConfig;
use crate::entities::{backup, backup_drill};
use crate::features::auth::Actor;

const DRILL_LEASE: &str = "backup-drill";

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

/// Runs whatever is due now.
pub async fn run_due(state: &AppState) -> Result<(), BackupError> {
    let config = &state.config.backup;
    if lease::acquire(&state.db, service::LEASE, Duration::hours(6)).await? {
        let result = async {
            let plan = plan(&state.db, config).await?;
            if let Some((kind, at)) = plan.next_backup
                && at <= Utc::now()
            {
                let created =
                    service::create_locked(state, &Actor::System, kind, "schedule").await?;
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
            Ok::<(), BackupError>(())
        }
        .await;
        lease::release(&state.db, service::LEASE).await?;
        result?;
    }
    let plan = plan(&state.db, config).await?;
    // Nothing to rehearse before the first backup is complete (one may be running right now).
    let backed_up = backup::Entity::find()
        .filter(backup::Column::Status.eq("complete"))
        .one(&state.db)
        .await?
        .is_some();
    if let Some(at) = plan.next_drill
        && at <= Utc::now()
        && backed_up
        && lease::acquire(&state.db, DRILL_LEASE, Duration::hours(6)).await?
    {
        let result = scheduled_drill(state).await;
        lease::release(&state.db, DRILL_LEASE).await?;
        result?;
    }
    Ok(())
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
    let records = service::drill(state, &Actor::System, None, Some(scenario), "schedule").await?;
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
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = run_due(&state).await {
                tracing::error!(error = %e, "the backup schedule failed; will retry");
            }
        }
    });
}
