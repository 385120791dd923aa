//! User administration.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{session, user};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::auth::service::{NewUser, create_user, end_sessions_of};
use crate::state::AppState;

/// A user with the number of their live sessions.
pub struct UserRow {
    pub user: user::Model,
    pub active_sessions: u64,
    /// `(id, name)` of the user's access groups, by name.
    pub groups: Vec<(Uuid, String)>,
}

pub async fn list(state: &AppState, actor: &Actor) -> AppResult<Vec<UserRow>> {
    actor.require(Right::ManageUsers)?;
    let users = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Email)
        .all(&state.db)
        .await?;
    let now = Utc::now();
    let sessions = session::Entity::find()
        .filter(session::Column::ExpiresAt.gt(now))
        .all(&state.db)
        .await?;
    // Staff names and e-mails are personal data too: the read is logged, by ids.
    audit::record(
        &state.db,
        actor,
        "user.list",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "userIds": users.iter().map(|u| u.id.to_string()).collect::<Vec<_>>(),
        })),
    )
    .await?;
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let mut groups = access::service::groups_of_users(&state.db, &ids).await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let active_sessions = sessions.iter().filter(|s| s.user_id == u.id).count() as u64;
            UserRow {
                groups: groups.remove(&u.id).unwrap_or_default(),
                user: u,
                active_sessions,
            }
        })
        .collect())
}

/// Names of the users among `ids` (for showing who recorded something); one statement, none
/// for no ids.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> AppResult<std::collections::HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

pub async fn row(db: &impl ConnectionTrait, user: user::Model) -> AppResult<UserRow> {
    let active_sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .count(db)
        .await?;
    let groups = access::service::groups_of_users(db, &[user.id])
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    Ok(UserRow {
        user,
        active_sessions,
        groups,
    })
}

/// Creates a user; they set up MFA at their first sign-in.
/// Only administrators create administrators.
pub async fn create(state: &AppState, actor: &Actor, input: NewUser) -> AppResult<UserRow> {
    actor.require(Right::ManageUsers)?;
    if input.is_admin {
        actor.require_admin()?;
    }
    let created = create_user(state, actor, input).await?;
    row(&state.db, created).await
}

/// Users who manage users may manage anyone but administrators; administrators manage everyone.
fn require_may_manage(actor: &Actor, target: &user::Model) -> AppResult<()> {
    if target.is_admin && !actor.is_admin() {
        Err(AppError::Forbidden)
    } else {
        Ok(())
    }
}

async fn target(db: &impl ConnectionTrait, id: Uuid) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "user" })
}

/// Active administrators other than `except`. On PostgreSQL the active administrators' rows are
/// locked (in id order, so concurrent callers queue instead of deadlocking): two administrators
/// demoting each other at once cannot both see the other as the remaining one. SQLite write
/// transactions are already serial (`BEGIN IMMEDIATE`).
async fn other_active_admins(db: &impl ConnectionTrait, except: Uuid) -> AppResult<u64> {
    let mut query = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::IsAdmin.eq(true))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let admins: Vec<Uuid> = query.into_tuple().all(db).await?;
    Ok(admins.iter().filter(|id| **id != except).count() as u64)
}

pub async fn set_active(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    active: bool,
) -> AppResult<UserRow> {
    actor.require(Right::ManageUsers)?;
    if !active && actor.user_id() == Some(id) {
        return Err(AppError::conflict("you cannot disable your own account"));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let found = target(&txn, id).await?;
    require_may_manage(actor, &found)?;
    if !active && found.is_admin && found.active && other_active_admins(&txn, id).await? == 0 {
        return Err(AppError::conflict(
            "the last active administrator cannot be disabled",
        ));
    }
    let updated = user::ActiveModel {
        id: Set(id),
        active: Set(active),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if !active {
        end_sessions_of(&txn, actor, id, None).await?;
    }
    audit::record(
        &txn,
        actor,
        if active {
            "user.enable"
        } else {
            "user.disable"
        },
        Some(("user", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    row(&state.db, updated).await
}

pub async fn set_admin(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    is_admin: bool,
) -> AppResult<UserRow> {
    actor.require_admin()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let found = target(&txn, id).await?;
    if !is_admin && found.is_admin && found.active && other_active_admins(&txn, id).await? == 0 {
        return Err(AppError::conflict(
            "the last active administrator cannot lose the administrator role",
        ));
    }
    let updated = user::ActiveModel {
        id: Set(id),
        is_admin: Set(is_admin),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        if is_admin {
            "user.admin.grant"
        } else {
            "user.admin.revoke"
        },
        Some(("user", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    row(&state.db, updated).await
}

pub async fn end_sessions(state: &AppState, actor: &Actor, id: Uuid) -> AppResult<u64> {
    actor.require(Right::ManageUsers)?;
    require_may_manage(actor, &target(&state.db, id).await?)?;
    end_sessions_of(&state.db, actor, id, None).await
}
