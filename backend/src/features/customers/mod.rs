//! Customers: private persons and businesses, their validated identity data, and the substring
//! search over customers and their contact persons.
//!
//! Invariants:
//! - input is parsed into domain types (`crate::domain`) before anything is written;
//! - every update names the version it read; a stale version gets `CONFLICT`, never an overwrite;
//! - `customers.search_doc` and (on SQLite) the `customer_search` FTS5 row are rewritten in the
//!   same transaction as every change to a customer or its contacts (see [`search::reindex`]);
//! - anonymized customers never appear in search results.

pub mod graphql;
pub mod loader;
pub mod search;
pub mod service;

use serde::{Deserialize, Serialize};

use crate::domain::Country;

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum CustomerKind {
    Private,
    Business,
}

impl CustomerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Private => "private",
            CustomerKind::Business => "business",
        }
    }

    pub fn from_db(value: &str) -> CustomerKind {
        if value == "business" {
            CustomerKind::Business
        } else {
            CustomerKind::Private
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum CustomerState {
    Active,
    Archived,
    Anonymized,
}

impl CustomerState {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerState::Active => "active",
            CustomerState::Archived => "archived",
            CustomerState::Anonymized => "anonymized",
        }
    }

    pub fn from_db(value: &str) -> CustomerState {
        match value {
            "archived" => CustomerState::Archived,
            "anonymized" => CustomerState::Anonymized,
            _ => CustomerState::Active,
        }
    }
}

/// A validated postal address as stored (JSON) on the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    pub country: Country,
}
