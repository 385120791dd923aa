//! The organization's privacy settings: one row (`id = 1`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "organization_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub company_name: String,
    pub org_number: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub privacy_policy_url: String,
    pub dpo_name: String,
    pub dpo_email: String,
    pub supervisory_authority: String,
    pub bookkeeping_retention_years: i32,
    pub audit_log_retention_months: i32,
    /// Revealing a secret needs a fresh TOTP code from the user.
    pub secret_reveal_requires_totp: bool,
    pub version: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
