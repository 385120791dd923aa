//! A backup's copy in one destination.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "backup_copies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub backup_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub destination: String,
    /// `pending`, `verified`, `failed` (retried) or `corrupt` (found damaged by a drill or a
    /// check; replaced from a verified copy) or `pruned` (removed by retention).
    pub status: String,
    pub attempts: i32,
    pub verified_at: Option<DateTimeUtc>,
    pub error: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
