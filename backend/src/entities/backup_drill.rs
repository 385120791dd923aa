//! One restore drill: which backup from which destination was restored into a scratch database,
//! what was checked and whether it passed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "backup_drills")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub started_at: DateTimeUtc,
    pub finished_at: DateTimeUtc,
    /// `lost-disk`, `lost-data-centre` or `corrupted-backup`.
    pub scenario: String,
    pub destination: String,
    pub backup_file: Option<String>,
    pub passed: bool,
    /// `[{ "name", "passed", "detail" }]`.
    pub checks: Json,
    pub duration_ms: i64,
    pub rows: Option<i64>,
    pub error: Option<String>,
    pub trigger: String,
    pub created_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
