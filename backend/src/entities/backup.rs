//! One backup run (`features::backups`): the archive it wrote and how it went.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "backups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub file_name: String,
    /// `manual`, `hourly` or `daily` (which retention series it belongs to).
    pub kind: String,
    /// `cli`, `schedule` or `user`.
    pub trigger: String,
    /// `running`, `complete` (every destination holds a verified copy), `incomplete` (some
    /// do not yet; retried) or `failed` (no archive was written).
    pub status: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub size_bytes: Option<i64>,
    pub rows: Option<i64>,
    /// SHA-256 of the whole archive file, which every copy must match.
    pub sha256: Option<String>,
    pub duration_ms: Option<i64>,
    pub schema_version: String,
    pub error: Option<String>,
    pub created_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
