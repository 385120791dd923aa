//! The receipt of one anonymization. Holds no personal data: the name is masked, the rest are
//! categories, counts and record references.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "anonymization_receipts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub customer_number: i64,
    /// `A*** A******`.
    pub masked_name: String,
    pub performed_at: DateTimeUtc,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    /// `{"category": count}` of what was removed.
    pub removed: Json,
    /// `{"category": count}` of what stays (orders, invoices, …).
    pub kept: Json,
    /// `[{"source", "recordId", "label", "field"}]`: free-text mentions not redacted.
    pub mentions_left: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
