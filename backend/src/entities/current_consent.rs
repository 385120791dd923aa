//! The current consent per (contact, purpose): the latest event, kept in the same transaction.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "current_consents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub purpose_id: Uuid,
    pub customer_id: Uuid,
    pub event_id: i64,
    pub decision: String,
    pub source: String,
    pub declaration_version: i32,
    pub valid_until: Option<DateTimeUtc>,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
