//! Customers (private persons and businesses).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: i64,
    pub kind: String,
    pub country: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub display_name: String,
    pub sort_name: String,
    pub identity_number: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub invoice_address: Option<Json>,
    pub postal_address: Option<Json>,
    pub note: Option<String>,
    pub state: String,
    pub search_doc: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    /// Only members of the groups in `customer_groups` (and administrators) may see it.
    pub restricted: bool,
    /// When the customer was anonymized (irreversible); `state` is then `anonymized`.
    pub anonymized_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
