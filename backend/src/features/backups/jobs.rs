//! What the web app asks of backups (`RUN_BACKUPS`): the overview of destinations, backups,
//! schedule and drills, and starting a backup or a drill in the background under its lease.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::BackupError;
use super::destinations::Destination;
use super::schedule::{self, Plan};
use super::service::{self, BackupKind, DrillScenario};
use crate::AppState;
use crate::entities::{backup, backup_copy, backup_drill};
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::auth::Actor;
use crate::features::jobs::lease;

/// A destination and how its copies stand.
pub struct DestinationStatus {
    pub destination: Destination,
    /// The newest backup with a verified copy here, with that copy.
    pub last_verified: Option<(backup::Model, backup_copy::Model)>,
    /// The newest copy attempt here, whatever its outcome.
    pub last_copy: Option<backup_copy::Model>,
}

pub struct Overview {
    pub plan: Plan,
    /// A backup, retry or restore holds the lease right now.
    pub running: bool,
    pub drill_running: bool,
    pub destinations: Vec<DestinationStatus>,
    /// Newest first, with the copies of each.
    pub backups: Vec<(backup::Model, Vec<backup_copy::Model>)>,
    /// Newest first.
    pub drills: Vec<backup_drill::Model>,
}

pub async fn overview(state: &AppState, actor: &Actor, first: u64) -> AppResult<Overview> {
    actor.require(Right::RunBackups)?;
    let backups = backup::Entity::find()
        .order_by_desc(backup::Column::StartedAt)
        .limit(first)
        .all(&state.db)
        .await?;
    let mut copies = backup_copy::Entity::find()
        .filter(backup_copy::Column::BackupId.is_in(backups.iter().map(|b| b.id)))
        .all(&state.db)
        .await?;
    let backups = backups
        .into_iter()
        .map(|b| {
            let (own, rest) = copies.drain(..).partition(|c| c.backup_id == b.id);
            copies = rest;
            (b, own)
        })
        .collect();
    let mut destinations = Vec::new();
    for destination in service::destinations(&state.config)? {
        let of_destination = || {
            backup_copy::Entity::find()
                .filter(backup_copy::Column::Destination.eq(&destination.name))
        };
        let last_copy = of_destination()
            .order_by_desc(backup_copy::Column::UpdatedAt)
            .one(&state.db)
            .await?;
        let verified = of_destination()
            .filter(backup_copy::Column::Status.eq("verified"))
            .order_by_desc(backup_copy::Column::VerifiedAt)
            .one(&state.db)
            .await?;
        let last_verified = match verified {
            Some(copy) => backup::Entity::find_by_id(copy.backup_id)
                .one(&state.db)
                .await?
                .map(|b| (b, copy)),
            None => None,
        };
        destinations.push(DestinationStatus {
            last_verified,
            last_copy,
            destination,
        });
    }
    Ok(Overview {
        plan: schedule::plan(&state.db, &state.config.backup).await?,
        running: lease::held(&state.db, service::LEASE).await?,
        drill_running: lease::held(&state.db, service::DRILL_LEASE).await?,
        destinations,
        backups,
        drills: backup_drill::Entity::find()
            .order_by_desc(backup_drill::Column::StartedAt)
            .limit(first)
            .all(&state.db)
            .await?,
    })
}

/// Starts a backup to every destination in the background; `CONFLICT` while a backup or
/// restore runs.
pub async fn start_backup(state: &AppState, actor: &Actor) -> AppResult<()> {
    actor.require(Right::RunBackups)?;
    let (job_state, job_actor) = (state.clone(), actor.clone());
    service::spawn_holding(
        state,
        service::LEASE,
        "a backup started from the web app",
        async move {
            service::create_locked(&job_state, &job_actor, BackupKind::Manual, "user")
                .await
                .map(|_| ())
        },
    )
    .await?;
    Ok(())
}

/// Starts a restore drill in the background. A destination or scenario that cannot be drilled
/// is refused now (`BAD_USER_INPUT`) rather than failing unseen; `CONFLICT` while one runs.
pub async fn start_drill(
    state: &AppState,
    actor: &Actor,
    destination: Option<&str>,
    scenario: Option<DrillScenario>,
) -> AppResult<()> {
    actor.require(Right::RunBackups)?;
    let (destination, scenario) = service::drill_target(&state.config, destination, scenario)
        .map_err(|e| {
            let field = if destination.is_some() {
                "destination"
            } else {
                "scenario"
            };
            AppError::bad_input(field, e)
        })?;
    let (job_state, job_actor) = (state.clone(), actor.clone());
    service::spawn_holding(
        state,
        service::DRILL_LEASE,
        "a restore drill started from the web app",
        async move {
            service::drill_locked(&job_state, &job_actor, destination, scenario, "user")
                .await
                .map(|_| ())
        },
    )
    .await
    .map_err(|e| match e {
        BackupError::Busy => AppError::conflict("a restore drill is already running"),
        other => other.into(),
    })
}
