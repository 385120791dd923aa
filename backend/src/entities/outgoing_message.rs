//! The outbox: every e-mail Tillit sends, stored first and sent when SMTP is configured.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "outgoing_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `portal_invite`, `portal_login`.
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// The contact the message is about (for the anonymization's scrub).
    pub contact_id: Option<Uuid>,
    /// `pending` (to send), `sent`, `failed` (gave up), `stored` (no SMTP configured).
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub next_attempt_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
