//! Anonymization (GDPR Art. 17 with the bookkeeping exception of Art. 17(3)(b)): the person is
//! removed, the business records stay.
//!
//! - `mentions`: where a customer's or its contacts' names, e-mails, phone and identity numbers
//!   still appear in free text (orders, order and invoice lines, invoices, tasks and blocks,
//!   other customers' notes), matched with `domain::mention`.
//! - `retention`: the rule "anonymize private customers inactive for N months" — dry run,
//!   batched runs (transactions of up to 500 customers, each whole), an optional hourly schedule.
//! - `service`: the preview (what goes, what stays, every mention), redacting a mention, the
//!   anonymization itself, and the receipts.
//!
//! Invariants:
//! - anonymizing is one transaction: the customer is either fully anonymized or untouched;
//! - it is irreversible and idempotent: a second request answers with the first receipt;
//! - what stays holds no personal data except the invoices' buyer snapshot, which is purged
//!   when the bookkeeping period ends (`invoices::service::purge_expired_buyers`), and the
//!   free-text mentions staff chose not to redact (listed on the receipt by reference only);
//! - a receipt holds no personal data (masked name, categories, counts, record references);
//! - the ledger (`anonymization_ledger`) lists every anonymized customer, so a restore can
//!   anonymize them again ([`service::reapply_ledger`]).

pub mod graphql;
pub mod mentions;
pub mod retention;
pub mod service;
