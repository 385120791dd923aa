//! A rotatable field-encryption key, wrapped under the master key (`features::keys`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "field_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `crypto::field` ciphertext of the 32 key bytes under `KeyPurpose::KeyWrapping`.
    pub wrapped: String,
    pub created_at: DateTimeUtc,
    /// Set when a rotation has moved every value off this key; it still decrypts stragglers
    /// until the next rotation destroys it (24 hours later at the earliest).
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
