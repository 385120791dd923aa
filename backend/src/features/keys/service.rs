//! Loading, refreshing and rotating the field-encryption keys (see the module documentation).

use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::crypto::field::{self, FieldError, FieldRef};
use crate::crypto::{KeyPurpose, Keyring};
use crate::entities::{customer_secret, field_key, user, webhook_endpoint};
use crate::error::{AppError, AppResult};

/// Retired keys are destroyed by a later rotation, no sooner than this.
const DESTROY_AFTER_HOURS: i64 = 24;

fn wrap_ref(id: &str) -> FieldRef<'_> {
    FieldRef {
        table: "field_keys",
        column: "wrapped",
        row_id: id,
    }
}

/// Reads, unwraps and installs every stored key. A key that does not unwrap means the master
/// key is not the one the keys were wrapped with: an error, never a silent skip.
pub async fn load(db: &impl ConnectionTrait, keyring: &Keyring) -> AppResult<()> {
    let stored = field_key::Entity::find()
        .order_by_asc(field_key::Column::CreatedAt)
        .order_by_asc(field_key::Column::Id)
        .all(db)
        .await?;
    let mut keys = Vec::with_capacity(stored.len());
    let mut current = None;
    for k in &stored {
        let bytes = field::decrypt(
            keyring,
            KeyPurpose::KeyWrapping,
            wrap_ref(&k.id),
            &k.wrapped,
        )
        .map_err(|e| {
            AppError::internal(anyhow::anyhow!(
                "field key {} does not unwrap with this master key: {e}",
                k.id
            ))
        })?;
        let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
            AppError::internal(anyhow::anyhow!("field key {} is not 32 bytes", k.id))
        })?;
        keys.push((k.id.clone(), Zeroizing::new(key)));
        if k.retired_at.is_none() {
            current = Some(k.id.clone());
        }
    }
    keyring.install_field_keys(current, keys);
    Ok(())
}

/// Decrypts a field value, re-reading the keys once if it names a key this process has not
/// seen yet (another process rotated meanwhile).
pub async fn decrypt(
    db: &impl ConnectionTrait,
    keyring: &Keyring,
    at: FieldRef<'_>,
    stored: &str,
) -> AppResult<Result<Zeroizing<Vec<u8>>, FieldError>> {
    match field::decrypt(keyring, KeyPurpose::FieldEncryption, at, stored) {
        Err(FieldError::UnknownKey(_)) => {
            load(db, keyring).await?;
            Ok(field::decrypt(
                keyring,
                KeyPurpose::FieldEncryption,
                at,
                stored,
            ))
        }
        other => Ok(other),
    }
}

/// How far a rotation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Values re-encrypted so far in this run.
    pub done: u64,
    /// Values under an older key when this run started.
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationReport {
    /// The key every value is (or, if interrupted, is being moved) under.
    pub key_id: String,
    /// Whether this run added the key (false: it resumed an unfinished rotation).
    pub new_key: bool,
    pub reencrypted: u64,
    /// Values that do not decrypt with any key (altered or from a lost key): left as they are,
    /// and the rotation stays unfinished. By place, never by value.
    pub unreadable: Vec<String>,
    /// Whether every value is under the new key and the older keys were retired.
    pub finished: bool,
    /// Retired keys destroyed at the start of this run.
    pub destroyed: u64,
}

/// One encrypted column: how to count, read and rewrite the values not under `current`.
macro_rules! column_pass {
    ($name:ident, $entity:ident, $column:ident, $table:literal, $place:literal) => {
        async fn $name(
            db: &DatabaseConnection,
            keyring: &Keyring,
            current: &str,
            batch: u64,
            skip: &mut Vec<Uuid>,
            unreadable: &mut Vec<String>,
        ) -> AppResult<Option<u64>> {
            let prefix = format!("v1:{current}:%");
            let rows: Vec<(Uuid, Option<String>)> = $entity::Entity::find()
                .select_only()
                .column($entity::Column::Id)
                .column($entity::Column::$column)
                .filter($entity::Column::$column.is_not_null())
                .filter($entity::Column::$column.not_like(prefix))
                .filter($entity::Column::Id.is_not_in(skip.iter().copied()))
                .order_by_asc($entity::Column::Id)
                .limit(batch)
                .into_tuple()
                .all(db)
                .await?;
            if rows.is_empty() {
                return Ok(None);
            }
            let txn = crate::db::begin_write(db).await?;
            let mut moved = 0;
            for (id, old) in rows {
                let Some(old) = old else { continue };
                let id_text = id.to_string();
                let at = FieldRef {
                    table: $table,
                    column: $place,
                    row_id: &id_text,
                };
                let Ok(plain) = field::decrypt(keyring, KeyPurpose::FieldEncryption, at, &old)
                else {
                    skip.push(id);
                    unreadable.push(format!("{}.{}:{id_text}", $table, $place));
                    continue;
                };
                let new = field::encrypt(keyring, KeyPurpose::FieldEncryption, at, &plain);
                // Only if nobody changed it meanwhile; a changed value is picked up again.
                moved += $entity::Entity::update_many()
                    .col_expr($entity::Column::$column, Expr::value(new))
                    .filter($entity::Column::Id.eq(id))
                    .filter($entity::Column::$column.eq(old))
                    .exec(&txn)
                    .await?
                    .rows_affected;
            }
            txn.commit().await?;
            Ok(Some(moved))
        }
    };
}

column_pass!(pass_totp, user, TotpSecret, "users", "totp_secret");
column_pass!(
    pass_totp_pending,
    user,
    TotpPendingSecret,
    "users",
    "totp_pending_secret"
);
column_pass!(
    pass_webhooks,
    webhook_endpoint,
    SecretEncrypted,
    "webhook_endpoints",
    "secret"
);
column_pass!(
    pass_secrets,
    customer_secret,
    Value,
    "customer_secrets",
    "value"
);

/// Values not under `current`, per column.
async fn count_behind(db: &DatabaseConnection, current: &str) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    let prefix = format!("v1:{current}:%");
    let mut total = 0;
    total += user::Entity::find()
        .filter(user::Column::TotpSecret.is_not_null())
        .filter(user::Column::TotpSecret.not_like(prefix.clone()))
        .count(db)
        .await?;
    total += user::Entity::find()
        .filter(user::Column::TotpPendingSecret.is_not_null())
        .filter(user::Column::TotpPendingSecret.not_like(prefix.clone()))
        .count(db)
        .await?;
    total += webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::SecretEncrypted.not_like(prefix.clone()))
        .count(db)
        .await?;
    total += customer_secret::Entity::find()
        .filter(customer_secret::Column::Value.not_like(prefix))
        .count(db)
        .await?;
    Ok(total)
}

/// Adds a new random field key, wrapped under the master key, and makes it current.
async fn add_key(db: &DatabaseConnection, keyring: &Keyring) -> AppResult<String> {
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    let mut id_bytes = [0u8; 4];
    rand::rngs::OsRng.fill_bytes(&mut id_bytes);
    let id = format!("f{}", hex::encode(id_bytes));
    let wrapped = field::encrypt(
        keyring,
        KeyPurpose::KeyWrapping,
        wrap_ref(&id),
        key.as_ref(),
    );
    field_key::ActiveModel {
        id: Set(id.clone()),
        wrapped: Set(wrapped),
        created_at: Set(Utc::now()),
        retired_at: Set(None),
    }
    .insert(db)
    .await?;
    load(db, keyring).await?;
    Ok(id)
}

/// Destroys keys retired long enough ago that no value names.
async fn destroy_retired(db: &DatabaseConnection) -> AppResult<u64> {
    let before = Utc::now() - Duration::hours(DESTROY_AFTER_HOURS);
    let retired = field_key::Entity::find()
        .filter(field_key::Column::RetiredAt.lt(before))
        .all(db)
        .await?;
    let mut destroyed = 0;
    for k in retired {
        if count_behind_key(db, &k.id).await? == 0 {
            field_key::Entity::delete_by_id(k.id).exec(db).await?;
            destroyed += 1;
        }
    }
    Ok(destroyed)
}

/// Values still under key `id`.
async fn count_behind_key(db: &DatabaseConnection, id: &str) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    let prefix = format!("v1:{id}:%");
    Ok(user::Entity::find()
        .filter(
            user::Column::TotpSecret
                .like(prefix.clone())
                .or(user::Column::TotpPendingSecret.like(prefix.clone())),
        )
        .count(db)
        .await?
        + webhook_endpoint::Entity::find()
            .filter(webhook_endpoint::Column::SecretEncrypted.like(prefix.clone()))
            .count(db)
            .await?
        + customer_secret::Entity::find()
            .filter(customer_secret::Column::Value.like(prefix))
            .count(db)
            .await?)
}

/// Rotates the field-encryption key (see the module documentation). `on_batch` sees the
/// progress after every batch and may stop the run by returning `false` (it resumes next time).
pub async fn rotate(
    db: &DatabaseConnection,
    keyring: &Keyring,
    batch: u64,
    mut on_batch: impl FnMut(Progress) -> bool,
) -> AppResult<RotationReport> {
    if !(1..=10_000).contains(&batch) {
        return Err(AppError::bad_input(
            "batchSize",
            "must be between 1 and 10000",
        ));
    }
    load(db, keyring).await?;
    let destroyed = destroy_retired(db).await?;
    let current = keyring.current_field_key_id();
    let behind = count_behind(db, &current).await?;
    let stored_current = field_key::Entity::find()
        .filter(field_key::Column::Id.eq(current.clone()))
        .one(db)
        .await?;
    // Unfinished: values lag behind a stored, current key. Otherwise start a new rotation.
    let (key_id, new_key) = if behind > 0 && stored_current.is_some() {
        (current, false)
    } else {
        (add_key(db, keyring).await?, true)
    };
    let total = count_behind(db, &key_id).await?;
    let mut progress = Progress { done: 0, total };
    let mut unreadable = Vec::new();
    let mut interrupted = false;
    let mut skip = Vec::new();
    'columns: for column in 0..4 {
        skip.clear();
        loop {
            let moved = match column {
                0 => pass_totp(db, keyring, &key_id, batch, &mut skip, &mut unreadable).await?,
                1 => {
                    pass_totp_pending(db, keyring, &key_id, batch, &mut skip, &mut unreadable)
                        .await?
                }
                2 => pass_webhooks(db, keyring, &key_id, batch, &mut skip, &mut unreadable).await?,
                _ => pass_secrets(db, keyring, &key_id, batch, &mut skip, &mut unreadable).await?,
            };
            let Some(moved) = moved else { break };
            progress.done += moved;
            if !on_batch(progress) {
                interrupted = true;
                break 'columns;
            }
        }
    }
    let finished = !interrupted && unreadable.is_empty() && count_behind(db, &key_id).await? == 0;
    if finished {
        field_key::Entity::update_many()
            .col_expr(field_key::Column::RetiredAt, Expr::value(Utc::now()))
            .filter(field_key::Column::Id.ne(key_id.clone()))
            .filter(field_key::Column::RetiredAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(RotationReport {
        key_id,
        new_key,
        reencrypted: progress.done,
        unreadable,
        finished,
        destroyed,
    })
}
