//! Secrets: create, list, change, delete and reveal (see the module documentation for the rules).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::SecretKind;
use crate::crypto::{KeyPurpose, field};
use crate::domain::{WebUrl, text};
use crate::entities::{access_group, customer_secret, secret_group, secret_reveal, user};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::CustomerState;
use crate::features::privacy::settings;
use crate::state::AppState;

pub const TITLE_MAX: usize = 200;
pub const USERNAME_MAX: usize = 200;
pub const NOTES_MAX: usize = 4_000;
/// The value in bytes (UTF-8): room for a long licence key or a page of notes.
pub const VALUE_MAX_BYTES: usize = 16 * 1024;
pub const REASON_MIN: usize = 3;
pub const REASON_MAX: usize = 500;
pub const MAX_GROUPS: usize = 50;
/// Reveals shown on the card per secret.
pub const RECENT_REVEALS: u64 = 5;

/// A secret with who may reveal it, as the actor may see it.
#[derive(Debug, Clone)]
pub struct SecretView {
    pub secret: customer_secret::Model,
    pub groups: Vec<access_group::Model>,
    /// The actor is allowed: sees user name, URL, notes and reveals, and may reveal the value.
    pub allowed: bool,
}

#[derive(Debug, Clone)]
pub struct SecretInput {
    pub title: String,
    pub kind: SecretKind,
    pub username: Option<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
    /// Required when creating; `None` on update keeps the stored value.
    pub value: Option<String>,
    /// `None` when creating: the creator's groups. `None` on update: unchanged.
    pub group_ids: Option<Vec<Uuid>>,
}

struct Clean {
    title: String,
    username: Option<String>,
    url: Option<String>,
    notes: Option<String>,
}

fn clean(input: &SecretInput) -> AppResult<Clean> {
    fn bad(field: &'static str) -> impl Fn(crate::domain::ValidationError) -> AppError {
        move |e| AppError::bad_input(field, e)
    }
    let title = text::clean(Some(&input.title), TITLE_MAX, true, false)
        .map_err(bad("title"))?
        .unwrap_or_default();
    let username = text::clean(input.username.as_deref(), USERNAME_MAX, false, false)
        .map_err(bad("username"))?;
    let url = match input
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url) => Some(WebUrl::parse(url).map_err(bad("url"))?.into_inner()),
        None => None,
    };
    let notes =
        text::clean(input.notes.as_deref(), NOTES_MAX, false, true).map_err(bad("notes"))?;
    Ok(Clean {
        title,
        username,
        url,
        notes,
    })
}

/// The value exactly as typed (a password's spaces matter), within the limits.
fn check_value(value: &str) -> AppResult<()> {
    if value.is_empty() {
        return Err(AppError::bad_input("value", "is required"));
    }
    if value.len() > VALUE_MAX_BYTES {
        return Err(AppError::bad_input(
            "value",
            format!("is too long (at most {} KiB)", VALUE_MAX_BYTES / 1024),
        ));
    }
    if value.contains('\0') {
        return Err(AppError::bad_input("value", "contains a NUL character"));
    }
    Ok(())
}

fn value_ref(id: &str) -> field::FieldRef<'_> {
    field::FieldRef {
        table: "customer_secrets",
        column: "value",
        row_id: id,
    }
}

fn encrypt(state: &AppState, id: Uuid, value: &str) -> String {
    field::encrypt(
        &state.keyring,
        KeyPurpose::FieldEncryption,
        value_ref(&id.to_string()),
        value.as_bytes(),
    )
}

/// The groups of the actor (administrators and the system: every group counts).
fn member_of(actor: &Actor) -> &[Uuid] {
    match actor {
        Actor::User { access, .. } => &access.groups,
        _ => &[],
    }
}

/// Whether the actor may see a secret's details and reveal its value.
fn allowed(actor: &Actor, groups: &[Uuid]) -> bool {
    if actor.require(Right::ReadSecrets).is_err() {
        return false;
    }
    actor.is_admin() || groups.iter().any(|g| member_of(actor).contains(g))
}

async fn groups_of(
    db: &impl ConnectionTrait,
    secret_ids: &[Uuid],
) -> AppResult<Vec<(Uuid, access_group::Model)>> {
    if secret_ids.is_empty() {
        return Ok(Vec::new());
    }
    let links = secret_group::Entity::find()
        .filter(secret_group::Column::SecretId.is_in(secret_ids.iter().copied()))
        .all(db)
        .await?;
    let group_ids: Vec<Uuid> = links.iter().map(|l| l.group_id).collect();
    let groups = access_group::Entity::find()
        .filter(access_group::Column::Id.is_in(group_ids))
        .order_by_asc(access_group::Column::Name)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for g in groups {
        for l in links.iter().filter(|l| l.group_id == g.id) {
            out.push((l.secret_id, g.clone()));
        }
    }
    Ok(out)
}

async fn views(
    db: &impl ConnectionTrait,
    actor: &Actor,
    secrets: Vec<customer_secret::Model>,
) -> AppResult<Vec<SecretView>> {
    let ids: Vec<Uuid> = secrets.iter().map(|s| s.id).collect();
    let links = groups_of(db, &ids).await?;
    Ok(secrets
        .into_iter()
        .map(|secret| {
            let groups: Vec<access_group::Model> = links
                .iter()
                .filter(|(s, _)| *s == secret.id)
                .map(|(_, g)| g.clone())
                .collect();
            let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
            SecretView {
                allowed: allowed(actor, &ids),
                secret,
                groups,
            }
        })
        .collect())
}

/// The secrets of a customer the actor may see, by title (`READ_SECRETS`; audited, without
/// values).
pub async fn list(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<Vec<SecretView>> {
    list_for_customers(db, actor, &[customer_id])
        .await?
        .remove(&customer_id)
        .ok_or(AppError::NotFound { entity: "customer" })
}

/// The secrets of every customer in `customer_ids` the actor may see, by title, with one audit
/// row however many customers (hidden and unknown ones are left out of the map).
pub async fn list_for_customers(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<SecretView>>> {
    actor.require(Right::ReadSecrets)?;
    let visible = access::service::visible_customer_ids(db, actor, customer_ids).await?;
    if visible.is_empty() {
        return Ok(HashMap::new());
    }
    let secrets = customer_secret::Entity::find()
        .filter(customer_secret::Column::CustomerId.is_in(visible.clone()))
        .order_by_asc(customer_secret::Column::Title)
        .order_by_asc(customer_secret::Column::Id)
        .all(db)
        .await?;
    audit::record_read_of(
        db,
        actor,
        "secret.list",
        &visible,
        serde_json::json!({ "count": secrets.len() }),
    )
    .await?;
    let views = views(db, actor, secrets).await?;
    Ok(access::service::by_customer(&visible, views, |v| {
        Some(v.secret.customer_id)
    }))
}

/// A secret whose customer the actor may see (else `NOT_FOUND`, as if it did not exist).
async fn visible_secret(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<SecretView> {
    let secret = customer_secret::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "secret" })?;
    access::service::visible_customer(db, actor, secret.customer_id)
        .await
        .map_err(|_| AppError::NotFound { entity: "secret" })?;
    views(db, actor, vec![secret])
        .await?
        .pop()
        .ok_or(AppError::NotFound { entity: "secret" })
}

/// The groups a secret gets: as chosen, or the creator's groups when none were chosen at
/// creation. A non-administrator may only add or remove groups they are a member of (`before`:
/// the secret's groups until now); others' groups stay as they were.
async fn chosen_groups(
    db: &impl ConnectionTrait,
    actor: &Actor,
    chosen: Option<&[Uuid]>,
    before: &[Uuid],
) -> AppResult<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = match chosen {
        Some(ids) => ids.to_vec(),
        None => member_of(actor).to_vec(),
    };
    ids.sort();
    ids.dedup();
    if ids.len() > MAX_GROUPS {
        return Err(AppError::bad_input(
            "groupIds",
            format!("at most {MAX_GROUPS} groups"),
        ));
    }
    let found = access_group::Entity::find()
        .filter(access_group::Column::Id.is_in(ids.clone()))
        .count(db)
        .await?;
    if found != ids.len() as u64 {
        return Err(AppError::bad_input(
            "groupIds",
            "names a group that does not exist",
        ));
    }
    let changed = ids
        .iter()
        .filter(|g| !before.contains(g))
        .chain(before.iter().filter(|g| !ids.contains(g)));
    if !actor.is_admin() && changed.into_iter().any(|g| !member_of(actor).contains(g)) {
        return Err(AppError::bad_input(
            "groupIds",
            "you can only add or remove groups you are a member of",
        ));
    }
    Ok(ids)
}

async fn set_groups(db: &impl ConnectionTrait, secret_id: Uuid, groups: &[Uuid]) -> AppResult<()> {
    secret_group::Entity::delete_many()
        .filter(secret_group::Column::SecretId.eq(secret_id))
        .exec(db)
        .await?;
    if !groups.is_empty() {
        secret_group::Entity::insert_many(groups.iter().map(|g| secret_group::ActiveModel {
            secret_id: Set(secret_id),
            group_id: Set(*g),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Adds a secret to a customer (`MANAGE_SECRETS`, customer visible).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    customer_id: Uuid,
    input: &SecretInput,
) -> AppResult<SecretView> {
    actor.require(Right::ManageSecrets)?;
    let clean = clean(input)?;
    let value = input
        .value
        .as_deref()
        .ok_or_else(|| AppError::bad_input("value", "is required"))?;
    check_value(value)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let customer = access::service::visible_customer(&txn, actor, customer_id).await?;
    if CustomerState::from_db(&customer.state) == CustomerState::Anonymized {
        return Err(AppError::conflict(
            "this customer is anonymized; it has no secrets",
        ));
    }
    let groups = chosen_groups(&txn, actor, input.group_ids.as_deref(), &[]).await?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    customer_secret::ActiveModel {
        id: Set(id),
        customer_id: Set(customer_id),
        title: Set(clean.title),
        kind: Set(input.kind.as_str().to_owned()),
        username: Set(clean.username),
        url: Set(clean.url),
        notes: Set(clean.notes),
        value: Set(encrypt(state, id, value)),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(actor.user_id()),
        updated_by: Set(actor.user_id()),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    set_groups(&txn, id, &groups).await?;
    audit::record(
        &txn,
        actor,
        "secret.create",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "secretId": id.to_string(), "kind": input.kind.as_str() })),
    )
    .await?;
    let view = visible_secret(&txn, actor, id).await?;
    txn.commit().await?;
    Ok(view)
}

/// A secret the actor may change: `MANAGE_SECRETS`, and allowed on it unless an administrator.
async fn changeable(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<SecretView> {
    actor.require(Right::ManageSecrets)?;
    let view = visible_secret(db, actor, id).await?;
    let ids: Vec<Uuid> = view.groups.iter().map(|g| g.id).collect();
    if !actor.is_admin() && !ids.iter().any(|g| member_of(actor).contains(g)) {
        return Err(AppError::Forbidden);
    }
    Ok(view)
}

/// Changes a secret (`MANAGE_SECRETS`); `CONFLICT` on a stale version. Without a value the
/// stored one is kept.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &SecretInput,
) -> AppResult<SecretView> {
    let clean = clean(input)?;
    if let Some(value) = input.value.as_deref() {
        check_value(value)?;
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let current = changeable(&txn, actor, id).await?;
    let groups = match input.group_ids.as_deref() {
        Some(chosen) => {
            let before: Vec<Uuid> = current.groups.iter().map(|g| g.id).collect();
            Some(chosen_groups(&txn, actor, Some(chosen), &before).await?)
        }
        None => None,
    };
    let mut update = customer_secret::Entity::update_many()
        .col_expr(customer_secret::Column::Title, Expr::value(clean.title))
        .col_expr(
            customer_secret::Column::Kind,
            Expr::value(input.kind.as_str()),
        )
        .col_expr(
            customer_secret::Column::Username,
            Expr::value(clean.username),
        )
        .col_expr(customer_secret::Column::Url, Expr::value(clean.url))
        .col_expr(customer_secret::Column::Notes, Expr::value(clean.notes))
        .col_expr(customer_secret::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            customer_secret::Column::UpdatedBy,
            Expr::value(actor.user_id()),
        )
        .col_expr(
            customer_secret::Column::Version,
            Expr::col(customer_secret::Column::Version).add(1),
        );
    if let Some(value) = input.value.as_deref() {
        update = update.col_expr(
            customer_secret::Column::Value,
            Expr::value(encrypt(state, id, value)),
        );
    }
    let result = update
        .filter(customer_secret::Column::Id.eq(id))
        .filter(customer_secret::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this secret was changed by someone else; reload to see their changes".into(),
        });
    }
    if let Some(groups) = &groups {
        set_groups(&txn, id, groups).await?;
    }
    audit::record(
        &txn,
        actor,
        "secret.update",
        Some(("customer", current.secret.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "secretId": id.to_string(),
            "valueChanged": input.value.is_some(),
            "groupsChanged": groups.is_some(),
        })),
    )
    .await?;
    let view = visible_secret(&txn, actor, id).await?;
    txn.commit().await?;
    Ok(view)
}

/// Deletes a secret and its reveal log (`MANAGE_SECRETS`).
pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let current = changeable(&txn, actor, id).await?;
    customer_secret::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "secret.delete",
        Some(("customer", current.secret.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "secretId": id.to_string() })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A revealed value; cleared from memory when dropped.
pub struct Revealed {
    pub value: Zeroizing<String>,
    pub revealed_at: chrono::DateTime<Utc>,
}

/// Reveals a secret's value to an allowed user, with a reason (and a fresh TOTP code when the
/// organization requires one): recorded in the reveal log and the audit log. A value that does
/// not decrypt (altered in the database, or a lost key) fails closed with `INTERNAL`, audited
/// as a failure; the server keeps serving.
pub async fn reveal(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    reason: &str,
    totp_code: Option<&str>,
) -> AppResult<Revealed> {
    actor.require(Right::ReadSecrets)?;
    let view = visible_secret(&state.db, actor, id).await?;
    if !view.allowed {
        audit::record(
            &state.db,
            actor,
            "secret.reveal",
            Some(("customer", view.secret.customer_id.to_string())),
            Outcome::Denied,
            Some(serde_json::json!({ "secretId": id.to_string() })),
        )
        .await?;
        return Err(AppError::Forbidden);
    }
    let reason = text::clean(Some(reason), REASON_MAX, true, false)
        .map_err(|e| AppError::bad_input("reason", e))?
        .unwrap_or_default();
    if reason.chars().count() < REASON_MIN {
        return Err(AppError::bad_input(
            "reason",
            format!("say why, in at least {REASON_MIN} characters"),
        ));
    }
    if settings::get(&state.db).await?.secret_reveal_requires_totp {
        let user_id = actor.user_id().ok_or(AppError::Forbidden)?;
        let code = totp_code.map(str::trim).unwrap_or_default();
        if code.is_empty() {
            return Err(AppError::bad_input(
                "totpCode",
                "enter a current code from your authenticator app",
            ));
        }
        crate::features::auth::service::confirm_totp(state, user_id, code, "totpCode", actor.ip())
            .await?;
    }
    let plain = match crate::features::keys::service::decrypt(
        &state.db,
        &state.keyring,
        value_ref(&id.to_string()),
        &view.secret.value,
    )
    .await?
    {
        Ok(plain) => plain,
        Err(problem) => {
            // Logged once, with the secret's id and never its value, when the error is answered.
            audit::record(
                &state.db,
                actor,
                "secret.reveal",
                Some(("customer", view.secret.customer_id.to_string())),
                Outcome::Failure,
                Some(serde_json::json!({ "secretId": id.to_string(), "problem": problem.to_string() })),
            )
            .await?;
            return Err(AppError::internal(anyhow::anyhow!(
                "secret {id} does not decrypt: {problem}"
            )));
        }
    };
    let value = Zeroizing::new(
        String::from_utf8(plain.to_vec())
            .map_err(|_| AppError::internal(anyhow::anyhow!("secret {id} is not UTF-8")))?,
    );
    let now = Utc::now();
    let txn = crate::db::begin_write(&state.db).await?;
    secret_reveal::ActiveModel {
        id: Set(Uuid::now_v7()),
        secret_id: Set(id),
        user_id: Set(actor.user_id()),
        reason: Set(reason.clone()),
        revealed_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        "secret.reveal",
        Some(("customer", view.secret.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "secretId": id.to_string(), "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(Revealed {
        value,
        revealed_at: now,
    })
}

/// A reveal as the card shows it.
#[derive(Debug, Clone)]
pub struct RevealEntry {
    pub revealed_at: chrono::DateTime<Utc>,
    pub user_name: Option<String>,
    pub reason: String,
}

/// The latest reveals of a secret, for allowed users (else `FORBIDDEN`).
pub async fn recent_reveals(
    db: &impl ConnectionTrait,
    view: &SecretView,
) -> AppResult<Vec<RevealEntry>> {
    if !view.allowed {
        return Err(AppError::Forbidden);
    }
    let reveals = secret_reveal::Entity::find()
        .filter(secret_reveal::Column::SecretId.eq(view.secret.id))
        .order_by_desc(secret_reveal::Column::RevealedAt)
        .limit(RECENT_REVEALS)
        .all(db)
        .await?;
    let user_ids: Vec<Uuid> = reveals.iter().filter_map(|r| r.user_id).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?;
    Ok(reveals
        .into_iter()
        .map(|r| RevealEntry {
            user_name: r
                .user_id
                .and_then(|u| users.iter().find(|x| x.id == u))
                .map(|u| u.name.clone()),
            revealed_at: r.revealed_at,
            reason: r.reason,
        })
        .collect())
}

/// Deletes every secret of the customers (anonymization), returning how many.
pub async fn delete_all_of(db: &impl ConnectionTrait, customer_ids: &[Uuid]) -> AppResult<u64> {
    let mut deleted = 0;
    for chunk in customer_ids.chunks(crate::db::IN_LIST_MAX) {
        deleted += customer_secret::Entity::delete_many()
            .filter(customer_secret::Column::CustomerId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(deleted)
}

/// How many secrets each of the customers has (the anonymization preview and receipts);
/// customers without any are left out.
pub async fn count_per_customer(
    db: &impl ConnectionTrait,
    customer_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, u64>> {
    Ok(crate::db::count_per::<customer_secret::Entity>(
        db,
        customer_secret::Column::CustomerId,
        customer_ids,
        Condition::all(),
    )
    .await?)
}
