//! An invoice. Never edited after it is issued (only marked paid); the buyer as printed is kept
//! until `retain_until` (the bookkeeping period), then purged.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: i64,
    pub customer_id: Uuid,
    pub order_id: Option<Uuid>,
    pub invoice_date: Date,
    pub due_date: Date,
    /// Free text printed on the invoice.
    pub description: Option<String>,
    pub currency: String,
    pub net_minor: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub paid_at: Option<DateTimeUtc>,
    /// The buyer's name as printed (a snapshot; Art. 17(3)(b) keeps it for the period).
    pub buyer_name: Option<String>,
    /// The buyer's address as printed, one line per row.
    pub buyer_address: Option<String>,
    pub retain_until: Date,
    pub buyer_purged_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
