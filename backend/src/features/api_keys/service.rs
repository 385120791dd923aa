//! Creating, listing and revoking keys (`MANAGE_API_KEYS`), and authenticating a request's key.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::cache::{Accepted, KeyCache};
use super::{ApiScope, new_token, prefix_of, scopes_from_json, scopes_to_json};
use crate::domain::text;
use crate::entities::{access_group, api_key, api_key_group};
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::audit::{self, Outcome};
use crate::features::auth::{Actor, RequestMeta};

pub const NAME_MAX: usize = 100;
/// `last_used_at` is written at most this often per key (not on every request).
const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub name: String,
    pub scopes: Vec<ApiScope>,
    pub group_ids: Vec<Uuid>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A key with the groups it is scoped to.
pub struct KeyRow {
    pub key: api_key::Model,
    pub groups: Vec<access_group::Model>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum ApiKeyStatus {
    Active,
    Expired,
    Revoked,
}

pub fn status_of(key: &api_key::Model, now: DateTime<Utc>) -> ApiKeyStatus {
    if key.revoked_at.is_some() {
        ApiKeyStatus::Revoked
    } else if key.expires_at.is_some_and(|e| e <= now) {
        ApiKeyStatus::Expired
    } else {
        ApiKeyStatus::Active
    }
}

async fn rows(db: &impl ConnectionTrait, keys: Vec<api_key::Model>) -> AppResult<Vec<KeyRow>> {
    let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
    let links = api_key_group::Entity::find()
        .filter(api_key_group::Column::ApiKeyId.is_in(ids))
        .all(db)
        .await?;
    let groups: HashMap<Uuid, access_group::Model> = access_group::Entity::find()
        .filter(access_group::Column::Id.is_in(links.iter().map(|l| l.group_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    Ok(keys
        .into_iter()
        .map(|key| {
            let mut mine: Vec<access_group::Model> = links
                .iter()
                .filter(|l| l.api_key_id == key.id)
                .filter_map(|l| groups.get(&l.group_id).cloned())
                .collect();
            mine.sort_by(|a, b| a.name.cmp(&b.name));
            KeyRow { key, groups: mine }
        })
        .collect())
}

/// Every key, newest first.
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<KeyRow>> {
    actor.require(Right::ManageApiKeys)?;
    let keys = api_key::Entity::find()
        .order_by_desc(api_key::Column::CreatedAt)
        .order_by_desc(api_key::Column::Id)
        .all(db)
        .await?;
    rows(db, keys).await
}

/// Creates a key; the returned token is the only time its secret exists outside the client.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &NewApiKey,
) -> AppResult<(KeyRow, String)> {
    actor.require(Right::ManageApiKeys)?;
    let name = text::clean(Some(&input.name), NAME_MAX, true, false)
        .map_err(|e| AppError::bad_input("name", e))?
        .unwrap_or_default();
    let mut scopes = input.scopes.clone();
    scopes.sort_by_key(|s| s.as_str());
    scopes.dedup();
    if scopes.is_empty() {
        return Err(AppError::bad_input("scopes", "choose at least one scope"));
    }
    let mut group_ids = input.group_ids.clone();
    group_ids.sort();
    group_ids.dedup();
    if group_ids.len() > 50 {
        return Err(AppError::bad_input("groupIds", "at most 50 groups"));
    }
    if let Some(expires) = input.expires_at
        && expires <= Utc::now()
    {
        return Err(AppError::bad_input("expiresAt", "must be in the future"));
    }
    // Nobody hands a key more than they could do themselves.
    if !actor.is_admin() {
        let rights = actor.rights();
        if scopes.iter().any(|s| !rights.contains(s.implied_right())) {
            return Err(AppError::Forbidden);
        }
        let mine = match actor {
            Actor::User { access, .. } => access.groups.clone(),
            _ => Vec::new(),
        };
        if group_ids.iter().any(|g| !mine.contains(g)) {
            return Err(AppError::Forbidden);
        }
    }
    let txn = crate::db::begin_write(db).await?;
    let found = access_group::Entity::find()
        .filter(access_group::Column::Id.is_in(group_ids.clone()))
        .all(&txn)
        .await?;
    if found.len() != group_ids.len() {
        return Err(AppError::bad_input("groupIds", "unknown access group"));
    }
    let (token, prefix, hash) = new_token();
    let created = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        prefix: Set(prefix),
        secret_hash: Set(hash),
        scopes: Set(scopes_to_json(&scopes)),
        expires_at: Set(input.expires_at),
        created_at: Set(Utc::now()),
        created_by: Set(actor.user_id()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
    }
    .insert(&txn)
    .await?;
    if !group_ids.is_empty() {
        api_key_group::Entity::insert_many(group_ids.iter().map(|g| api_key_group::ActiveModel {
            api_key_id: Set(created.id),
            group_id: Set(*g),
        }))
        .exec(&txn)
        .await?;
    }
    audit::record(
        &txn,
        actor,
        "api_key.create",
        Some(("api_key", created.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "scopes": scopes_to_json(&scopes),
            "groupIds": group_ids,
            "expiresAt": input.expires_at,
        })),
    )
    .await?;
    let row = rows(&txn, vec![created]).await?.pop().ok_or_else(|| {
        AppError::internal(anyhow::anyhow!("the created key could not be read back"))
    })?;
    txn.commit().await?;
    Ok((row, token))
}

/// Revokes a key at once (a revoked key stays listed; revoking twice changes nothing).
pub async fn revoke(
    db: &DatabaseConnection,
    cache: &KeyCache,
    actor: &Actor,
    id: Uuid,
) -> AppResult<KeyRow> {
    actor.require(Right::ManageApiKeys)?;
    let txn = crate::db::begin_write(db).await?;
    let key = api_key::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "API key" })?;
    let key = if key.revoked_at.is_none() {
        let mut active: api_key::ActiveModel = key.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.revoked_by = Set(actor.user_id());
        let updated = active.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            "api_key.revoke",
            Some(("api_key", id.to_string())),
            Outcome::Success,
            None,
        )
        .await?;
        updated
    } else {
        key
    };
    let row = rows(&txn, vec![key])
        .await?
        .pop()
        .ok_or(AppError::NotFound { entity: "API key" })?;
    txn.commit().await?;
    // After the commit, so no request can cache the key again from the old row.
    cache.clear();
    Ok(row)
}

/// Why a presented key was refused (the message the client gets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Invalid,
    Revoked,
    Expired,
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Invalid => "the API key is not valid",
            Refusal::Revoked => "the API key has been revoked",
            Refusal::Expired => "the API key has expired",
        }
    }
}

/// The actor for a presented key. A refusal of a key that exists (wrong secret, revoked,
/// expired) is written to the audit log under that key's id. An accepted key is remembered for
/// a moment (see [`KeyCache`]).
pub async fn authenticate(
    db: &DatabaseConnection,
    cache: &KeyCache,
    token: &str,
    meta: &RequestMeta,
) -> AppResult<Result<Actor, Refusal>> {
    let Some(prefix) = prefix_of(token) else {
        return Ok(Err(Refusal::Invalid));
    };
    let secret_hash = crate::crypto::token::hash(token);
    if let Some(accepted) = cache.get(&secret_hash) {
        return Ok(Ok(Actor::ApiKey {
            key_id: accepted.key_id,
            scopes: accepted.scopes,
            groups: accepted.groups,
            meta: meta.clone(),
        }));
    }
    let Some(key) = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .one(db)
        .await?
    else {
        return Ok(Err(Refusal::Invalid));
    };
    let now = Utc::now();
    let refusal = if secret_hash != key.secret_hash {
        Some(Refusal::Invalid)
    } else {
        match status_of(&key, now) {
            ApiKeyStatus::Active => None,
            ApiKeyStatus::Expired => Some(Refusal::Expired),
            ApiKeyStatus::Revoked => Some(Refusal::Revoked),
        }
    };
    if let Some(refusal) = refusal {
        audit::record(
            db,
            &Actor::Anonymous { meta: meta.clone() },
            "api_key.authenticate",
            Some(("api_key", key.id.to_string())),
            Outcome::Denied,
            Some(serde_json::json!({ "reason": format!("{refusal:?}").to_lowercase() })),
        )
        .await?;
        return Ok(Err(refusal));
    }
    let groups = api_key_group::Entity::find()
        .filter(api_key_group::Column::ApiKeyId.eq(key.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.group_id)
        .collect();
    if key
        .last_used_at
        .is_none_or(|t| now - t >= Duration::seconds(TOUCH_EVERY_SECS))
    {
        api_key::Entity::update_many()
            .col_expr(api_key::Column::LastUsedAt, Expr::value(now))
            .filter(api_key::Column::Id.eq(key.id))
            .exec(db)
            .await?;
    }
    let accepted = Accepted {
        key_id: key.id,
        scopes: scopes_from_json(&key.scopes),
        groups,
    };
    cache.put(secret_hash, accepted.clone(), key.expires_at);
    Ok(Ok(Actor::ApiKey {
        key_id: accepted.key_id,
        scopes: accepted.scopes,
        groups: accepted.groups,
        meta: meta.clone(),
    }))
}
