//! The access and change log. Every change and every read of personal data writes one row, with
//! ids and never names. Rows are only ever inserted.
//!
//! Invariant: a service that reads or changes personal data calls [`record`] on the same
//! connection (inside the same transaction for changes), so a failed audit write fails the request.
//! Rows are sealed into a keyed hash chain shortly after ([`chain`]); `tillit audit verify`
//! finds the first row that was changed or removed. `audit_subjects` indexes which customers an
//! event is about (derived from the row when it is written) for the viewer's customer filter.
//! No API updates or deletes a row; the viewer ([`read`]) needs `READ_AUDIT_LOG` and is logged.

pub mod chain;
pub mod graphql;
pub mod read;
mod service;
pub mod spool;
pub mod writer;

pub use service::{AuditTarget, Outcome, record, record_about, record_each, record_read_of};
