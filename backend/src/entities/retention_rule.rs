//! The retention rule (one row, `id = 1`; absent until first set).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "retention_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub inactive_months: i32,
    /// Run hourly from `serve` as the system.
    pub auto_run: bool,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub last_run_at: Option<DateTimeUtc>,
    pub last_run_anonymized: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
