//! A company the business exchanges personal data with (GDPR Art. 28/30 register).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "data_partners")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub org_number: String,
    pub country: String,
    pub role: String,
    pub purpose: String,
    pub data_categories: String,
    pub third_country_transfer: bool,
    pub transfer_safeguard: String,
    pub agreement_status: String,
    pub signed_on: Option<Date>,
    pub review_on: Option<Date>,
    pub document_reference: String,
    pub notes: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
