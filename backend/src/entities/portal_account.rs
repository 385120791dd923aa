//! A contact person's login to My page (no password until the invitation is accepted).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "portal_accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contact_id: Uuid,
    /// The login, lower-case: the contact's e-mail when invited.
    pub email: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub failed_logins: i32,
    /// Wrong passwords lock the account until then (see `auth::service::lock_duration`).
    pub locked_until: Option<DateTimeUtc>,
    /// Locks in a row; each lasts twice as long as the one before.
    pub lock_count: i32,
    pub created_at: DateTimeUtc,
    pub password_set_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
