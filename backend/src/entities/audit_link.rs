//! The tamper-evident chain over the access log: link `seq` seals event `event_id` with
//! `hash = HMAC-SHA256(key, hash of link seq-1 ‖ seq ‖ the event's canonical content)`.
//! Insert-only, like the events (see `features::audit::chain`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "audit_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub event_id: i64,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
