//! The organization's privacy settings: one row, read by every signed-in user (the consent form
//! prints them), changed with `MANAGE_SETTINGS`.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::SupervisoryAuthority;
use crate::domain::{Email, WebUrl, text};
use crate::entities::organization_settings;
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;

const ROW: i32 = 1;
pub const LINE_MAX: usize = 200;
pub const ADDRESS_MAX: usize = 500;

pub async fn get(db: &impl ConnectionTrait) -> AppResult<organization_settings::Model> {
    organization_settings::Entity::find_by_id(ROW)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("organization settings row is missing")))
}

pub async fn read(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<organization_settings::Model> {
    actor.require_staff()?;
    get(db).await
}

#[derive(Debug, Clone)]
pub struct SettingsInput {
    pub company_name: String,
    pub org_number: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub privacy_policy_url: String,
    pub dpo_name: String,
    pub dpo_email: String,
    pub supervisory_authority: SupervisoryAuthority,
    pub bookkeeping_retention_years: i32,
    pub audit_log_retention_months: i32,
    /// `None` keeps the current setting.
    pub secret_reveal_requires_totp: Option<bool>,
}

fn line(value: &str, field: &str, max: usize, multiline: bool) -> AppResult<String> {
    text::clean(Some(value), max, false, multiline)
        .map(Option::unwrap_or_default)
        .map_err(|e| AppError::bad_input(field, e))
}

fn optional_email(value: &str, field: &str) -> AppResult<String> {
    if value.trim().is_empty() {
        return Ok(String::new());
    }
    Email::parse(value)
        .map(Email::into_inner)
        .map_err(|e| AppError::bad_input(field, e))
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    expected_version: i32,
    input: &SettingsInput,
) -> AppResult<organization_settings::Model> {
    actor.require(Right::ManageSettings)?;
    let policy = if input.privacy_policy_url.trim().is_empty() {
        String::new()
    } else {
        WebUrl::parse(&input.privacy_policy_url)
            .map(WebUrl::into_inner)
            .map_err(|e| AppError::bad_input("privacyPolicyUrl", e))?
    };
    if !(1..=30).contains(&input.bookkeeping_retention_years) {
        return Err(AppError::bad_input(
            "bookkeepingRetentionYears",
            "must be between 1 and 30",
        ));
    }
    if !(1..=240).contains(&input.audit_log_retention_months) {
        return Err(AppError::bad_input(
            "auditLogRetentionMonths",
            "must be between 1 and 240",
        ));
    }
    let mut changes = organization_settings::ActiveModel {
        company_name: Set(line(&input.company_name, "companyName", LINE_MAX, false)?),
        org_number: Set(line(&input.org_number, "orgNumber", 40, false)?),
        address: Set(line(&input.address, "address", ADDRESS_MAX, true)?),
        email: Set(optional_email(&input.email, "email")?),
        phone: Set(line(&input.phone, "phone", 40, false)?),
        privacy_policy_url: Set(policy),
        dpo_name: Set(line(&input.dpo_name, "dpoName", LINE_MAX, false)?),
        dpo_email: Set(optional_email(&input.dpo_email, "dpoEmail")?),
        supervisory_authority: Set(input.supervisory_authority.as_str().to_owned()),
        bookkeeping_retention_years: Set(input.bookkeeping_retention_years),
        audit_log_retention_months: Set(input.audit_log_retention_months),
        updated_at: Set(Utc::now()),
        updated_by: Set(actor.user_id()),
        ..Default::default()
    };
    if let Some(required) = input.secret_reveal_requires_totp {
        changes.secret_reveal_requires_totp = Set(required);
    }
    let txn = crate::db::begin_write(db).await?;
    let result = organization_settings::Entity::update_many()
        .set(changes)
        .col_expr(
            organization_settings::Column::Version,
            Expr::col(organization_settings::Column::Version).add(1),
        )
        .filter(organization_settings::Column::Id.eq(ROW))
        .filter(organization_settings::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "the settings were changed by someone else; reload to see their changes"
                .into(),
        });
    }
    audit::record(
        &txn,
        actor,
        "settings.privacy.update",
        Some(("organization_settings", ROW.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    get(db).await
}
