//! Orders of a customer: number, date, status, free-text description and lines. They are the
//! business records anonymization keeps: an order stays linked to its (anonymized) customer.
//!
//! Invariants:
//! - order numbers are unique and allocated in sequence (the unique index decides a race);
//! - money is exact (`domain::money`); totals are derived from the lines, never stored;
//! - reading needs `READ_CUSTOMERS` on a customer the actor may see, changing `EDIT_CUSTOMERS`;
//!   an anonymized customer gets no new orders; reads are in the access log.

pub mod graphql;
pub mod service;

use crate::db::db_enum;

db_enum!(
    OrderStatus {
        Open => "open",
        Completed => "completed",
        Cancelled => "cancelled",
    }
);

db_enum!(
    /// ISO 4217 currencies of the Nordic markets.
    Currency {
        Sek => "SEK",
        Nok => "NOK",
        Dkk => "DKK",
        Eur => "EUR",
    }
);
