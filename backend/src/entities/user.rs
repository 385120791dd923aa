//! Staff users.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Field-encrypted base32 TOTP secret (`crypto::field`), set once enrolment is confirmed.
    pub totp_secret: Option<String>,
    /// Field-encrypted secret of an enrolment in progress.
    pub totp_pending_secret: Option<String>,
    /// The last accepted TOTP time step; that step and earlier ones are refused (no replay).
    pub totp_last_step: Option<i64>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    /// How many times the account has been locked in a row (the lock doubles each time).
    pub lock_count: i32,
    pub totp_failures: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
