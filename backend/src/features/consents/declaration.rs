//! The consent declaration: the text customers agree to. Each edit publishes a new immutable
//! version with the SHA-256 of its text; the highest version is in force.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::text;
use crate::entities::consent_declaration;
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::service::is_unique_violation;

pub const TEXT_MAX: usize = 20_000;

/// The version in force (the migration creates version 1, so there always is one).
pub async fn current(db: &impl ConnectionTrait) -> AppResult<consent_declaration::Model> {
    consent_declaration::Entity::find()
        .order_by_desc(consent_declaration::Column::Version)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::internal(anyhow::anyhow!("no consent declaration in the database"))
        })
}

/// Every version, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<consent_declaration::Model>> {
    actor.require(Right::ManageSettings)?;
    Ok(consent_declaration::Entity::find()
        .order_by_desc(consent_declaration::Column::Version)
        .all(db)
        .await?)
}

pub fn content_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Publishes `text` as the next version. Consents granted under earlier versions become outdated.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    text: &str,
) -> AppResult<consent_declaration::Model> {
    actor.require(Right::ManageSettings)?;
    let text = text::clean(Some(text), TEXT_MAX, true, true)
        .map_err(|e| AppError::bad_input("text", e))?
        .unwrap_or_default();
    let hash = content_hash(&text);
    let txn = crate::db::begin_write(db).await?;
    let previous = current(&txn).await?;
    if previous.content_hash == hash {
        return Err(AppError::Conflict {
            field: Some("text".into()),
            message: "the text is the same as the version in force".into(),
        });
    }
    let created = consent_declaration::ActiveModel {
        id: Set(Uuid::now_v7()),
        version: Set(previous.version + 1),
        text: Set(text),
        content_hash: Set(hash),
        created_at: Set(Utc::now()),
        created_by: Set(actor.user_id()),
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::conflict("someone else published a version at the same time; reload")
        } else {
            e.into()
        }
    })?;
    audit::record(
        &txn,
        actor,
        "consent_declaration.publish",
        Some(("consent_declaration", created.id.to_string())),
        Outcome::Success,
        Some(
            serde_json::json!({ "version": created.version, "contentHash": created.content_hash }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}
