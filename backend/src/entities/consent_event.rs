//! One recorded consent change. Append-only.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "consent_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contact_id: Uuid,
    pub customer_id: Uuid,
    pub purpose_id: Uuid,
    pub decision: String,
    pub legal_basis: String,
    pub source: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub declaration_version: i32,
    pub evidence: Option<String>,
    pub valid_until: Option<DateTimeUtc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
