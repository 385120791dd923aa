//! My page: contact persons sign in (password, or a one-time link e-mailed to them) and see and
//! change their own consents, see their history and download their data.
//!
//! Invariants: a portal session reaches exactly one contact — its own — and no portal field takes
//! an id; staff fields answer a portal session `UNAUTHENTICATED` (and the refusal is logged);
//! invitations (72 hours) and login links (10 minutes) are 256-bit, single-use, stored only as
//! hashes, and every invitation and link is written to the outbox in the same transaction (shown
//! to staff, e-mailed when SMTP is configured, never dropped); a change made on My page is a
//! consent event with source `my_page`, the portal account as actor, and the browser's IP and user
//! agent; every read is in the access log under the portal account's id.

pub mod graphql;
pub mod service;

use uuid::Uuid;

/// The contact behind a portal session.
#[derive(Debug, Clone)]
pub struct PortalViewer {
    pub session_id: Uuid,
    pub account_id: Uuid,
    pub contact_id: Uuid,
    pub customer_id: Uuid,
}
