//! Consent purposes: listed by everyone signed in, managed with `MANAGE_SETTINGS`.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::ConsentChannel;
use crate::domain::text;
use crate::entities::{consent_event, consent_purpose};
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::service::is_unique_violation;

pub const KEY_MAX: usize = 50;
pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 1_000;

/// Purposes in display order (sort order, then key).
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    include_inactive: bool,
) -> AppResult<Vec<consent_purpose::Model>> {
    actor.require_staff()?;
    active_or_all(db, include_inactive).await
}

/// Purposes without an actor check: for services that already checked theirs.
pub async fn active_or_all(
    db: &impl ConnectionTrait,
    include_inactive: bool,
) -> AppResult<Vec<consent_purpose::Model>> {
    let mut query = consent_purpose::Entity::find();
    if !include_inactive {
        query = query.filter(consent_purpose::Column::Active.eq(true));
    }
    Ok(query
        .order_by_asc(consent_purpose::Column::SortOrder)
        .order_by_asc(consent_purpose::Column::Key)
        .all(db)
        .await?)
}

#[derive(Debug, Clone)]
pub struct PurposeInput {
    pub key: String,
    pub name_sv: String,
    pub name_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub channel: ConsentChannel,
    pub requires_opt_in: bool,
    pub active: bool,
    pub sort_order: i32,
}

struct Valid {
    key: String,
    name_sv: String,
    name_en: String,
    description_sv: String,
    description_en: String,
}

fn validate(input: &PurposeInput) -> AppResult<Valid> {
    let key = input.key.trim().to_owned();
    if key.is_empty()
        || key.len() > KEY_MAX
        || !key.starts_with(|c: char| c.is_ascii_lowercase())
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(AppError::bad_input(
            "key",
            format!(
                "use 1 to {KEY_MAX} lower-case letters, digits and underscores, starting with a letter"
            ),
        ));
    }
    let name = |value: &str, field: &'static str| {
        text::clean(Some(value), NAME_MAX, true, false)
            .map(Option::unwrap_or_default)
            .map_err(|e| AppError::bad_input(field, e))
    };
    let description = |value: &str, field: &'static str| {
        text::clean(Some(value), DESCRIPTION_MAX, false, true)
            .map(Option::unwrap_or_default)
            .map_err(|e| AppError::bad_input(field, e))
    };
    if !(0..=100_000).contains(&input.sort_order) {
        return Err(AppError::bad_input(
            "sortOrder",
            "must be between 0 and 100000",
        ));
    }
    Ok(Valid {
        key,
        name_sv: name(&input.name_sv, "nameSv")?,
        name_en: name(&input.name_en, "nameEn")?,
        description_sv: description(&input.description_sv, "descriptionSv")?,
        description_en: description(&input.description_en, "descriptionEn")?,
    })
}

fn key_taken() -> AppError {
    AppError::Conflict {
        field: Some("key".into()),
        message: "another purpose already has this key".into(),
    }
}

fn map_unique(e: sea_orm::DbErr) -> AppError {
    if is_unique_violation(&e) {
        key_taken()
    } else {
        e.into()
    }
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &PurposeInput,
) -> AppResult<consent_purpose::Model> {
    actor.require(Right::ManageSettings)?;
    let valid = validate(input)?;
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let created = consent_purpose::ActiveModel {
        id: Set(Uuid::now_v7()),
        key: Set(valid.key),
        name_sv: Set(valid.name_sv),
        name_en: Set(valid.name_en),
        description_sv: Set(valid.description_sv),
        description_en: Set(valid.description_en),
        channel: Set(input.channel.as_str().to_owned()),
        requires_opt_in: Set(input.requires_opt_in),
        active: Set(input.active),
        sort_order: Set(input.sort_order),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(map_unique)?;
    audit::record(
        &txn,
        actor,
        "consent_purpose.create",
        Some(("consent_purpose", created.id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a purpose. Its key is what webshops and reports refer to, so it is fixed once a
/// consent has been recorded for the purpose.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &PurposeInput,
) -> AppResult<consent_purpose::Model> {
    actor.require(Right::ManageSettings)?;
    let valid = validate(input)?;
    let txn = crate::db::begin_write(db).await?;
    let current = consent_purpose::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound {
            entity: "consent purpose",
        })?;
    if current.key != valid.key
        && consent_event::Entity::find()
            .filter(consent_event::Column::PurposeId.eq(id))
            .count(&txn)
            .await?
            > 0
    {
        return Err(AppError::Conflict {
            field: Some("key".into()),
            message: "consents were recorded under this key; it can no longer change".into(),
        });
    }
    let result = consent_purpose::Entity::update_many()
        .set(consent_purpose::ActiveModel {
            key: Set(valid.key),
            name_sv: Set(valid.name_sv),
            name_en: Set(valid.name_en),
            description_sv: Set(valid.description_sv),
            description_en: Set(valid.description_en),
            channel: Set(input.channel.as_str().to_owned()),
            requires_opt_in: Set(input.requires_opt_in),
            active: Set(input.active),
            sort_order: Set(input.sort_order),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .col_expr(
            consent_purpose::Column::Version,
            Expr::col(consent_purpose::Column::Version).add(1),
        )
        .filter(consent_purpose::Column::Id.eq(id))
        .filter(consent_purpose::Column::Version.eq(expected_version))
        .exec(&txn)
        .await
        .map_err(map_unique)?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this purpose was changed by someone else; reload to see their changes".into(),
        });
    }
    audit::record(
        &txn,
        actor,
        "consent_purpose.update",
        Some(("consent_purpose", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    consent_purpose::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound {
            entity: "consent purpose",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(key: &str) -> PurposeInput {
        PurposeInput {
            key: key.into(),
            name_sv: "Nyhetsbrev".into(),
            name_en: "Newsletter".into(),
            description_sv: String::new(),
            description_en: String::new(),
            channel: ConsentChannel::Email,
            requires_opt_in: true,
            active: true,
            sort_order: 10,
        }
    }

    #[test]
    fn keys_are_machine_friendly() {
        assert!(validate(&input("newsletter_2")).is_ok());
        for bad in [
            "",
            "News",
            "2news",
            "news-letter",
            "news letter",
            &"a".repeat(51),
        ] {
            assert!(validate(&input(bad)).is_err(), "{bad:?}");
        }
    }
}
