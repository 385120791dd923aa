//! Contact persons of a customer: who to talk to, what they receive (invoices, reminders…), and the
//! external id a webshop uses to find them.
//!
//! Invariants: a contact always belongs to an existing customer; updates name the version they
//! read; every change re-indexes the owning customer's search document in the same transaction.

pub mod graphql;
pub mod service;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecipientRole {
    Invoices,
    Reminders,
    OrderConfirmations,
    Marketing,
    ServiceNotices,
}
