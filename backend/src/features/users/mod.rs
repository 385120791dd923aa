//! Staff user administration (administrators only): list, create, disable and enable, grant and
//! revoke the administrator role, and end a user's sessions.
//!
//! Invariants: there is always at least one active administrator (the last one cannot be
//! disabled or demoted); nobody disables themselves; disabling a user ends their sessions.

pub mod graphql;
pub mod service;
