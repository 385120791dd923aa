//! The access and change log. Every change and every read of personal data writes one row, with
//! ids and never names. Rows are only ever inserted.
//!
//! Invariant: a service that reads or changes personal data calls [`record`] on the same
//! connection (inside the same transaction for changes), so a failed audit write fails the request.
//! Rows are sealed into a keyed hash chain shortly after ([`chain`]); `tillit audit verify`
//! finds the first row that was changed or removed.

pub mod chain;
mod service;

pub use service::{Outcome, record};
