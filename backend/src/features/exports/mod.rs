//! Bulk exports for reporting tools: every customer the actor may see, with its contacts and
//! their current consents, streamed as NDJSON (one customer a line) in keyset chunks by customer
//! number — the fast path next to paging through `reportCustomers` (no GraphQL execution per
//! field; a few statements per chunk of thousands of customers).
//!
//! Rules, the same as `reportCustomers` with contacts and consents:
//! - staff with `READ_CUSTOMERS` and `EXPORT_PERSONAL_DATA` (as for the consent list's CSV), or
//!   an API key with `reports:read` and `customers:read`;
//! - only customers the actor may see (access groups), archived ones when asked, never
//!   anonymized ones; only live contacts; a status for every active purpose, derived when read
//!   (`OUTDATED`, `EXPIRED` as everywhere);
//! - one `customer.export.read` audit row per chunk, naming every customer of the chunk as a
//!   subject, committed before the chunk's bytes are sent.
//!
//! An interrupted export is resumed with `after` = the last number received. The walk is not
//! one snapshot: a customer created during the export is included when its number is still
//! ahead, as with keyset paging.

pub mod service;
