//! The webshop consent API: a webshop backend, with an API key, looks up a contact's current
//! consents by e-mail, phone or its own external id, reads the terms to show (the declaration in
//! force and the active purposes), and records what the customer chose at checkout.
//!
//! Invariants: only API keys use these fields (staff have the consent screen); lookups need
//! `consent:read` or `consent:write`, recording needs `consent:write`; a change is recorded with
//! source `webshop`, the declaration version the customer was shown and the user agent, through
//! the same consent service as staff changes (events + projection in one transaction);
//! a client-supplied idempotency key makes a retry return the first answer and record nothing,
//! and the same key with a different request is refused; every lookup is in the access log
//! under the key's id, with the customers it found.

pub mod graphql;
pub mod service;
