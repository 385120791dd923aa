//! Invoices of a customer. An invoice is a bookkeeping record: issued once, never edited (only
//! marked paid), and it keeps the buyer as printed — name and address — for the statutory
//! bookkeeping period even after the customer is anonymized (GDPR Art. 17(3)(b)). When the
//! period has passed (`retain_until`, the end of the calendar year `bookkeeping_retention_years`
//! after the invoice date; Swedish rules by default), [`service::purge_expired_buyers`] removes
//! the snapshot; `serve` runs it daily.

pub mod graphql;
pub mod service;
