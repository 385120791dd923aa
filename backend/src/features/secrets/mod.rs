//! Secrets on the customer card: router and system passwords, alarm and door codes, licence
//! keys, confidential notes — field-level authorization on top of need-to-know.
//!
//! Rules:
//! - Listing (title, kind, groups, dates) needs `READ_SECRETS` and access to the customer.
//! - The value, user name, URL, notes and the reveal log are for *allowed* users only: members
//!   of one of the secret's groups holding `READ_SECRETS`, and administrators. A secret with no
//!   groups is for administrators only. Creating a secret without choosing groups gives it the
//!   creator's groups (stored explicitly, so the card shows who may reveal it).
//! - The value is stored field-encrypted (`crypto::field`, bound to `customer_secrets.value` and
//!   the row id) and is only ever decrypted by a reveal, which needs a reason, is recorded in
//!   `secret_reveals` and the audit log, and (organization setting) a fresh TOTP code.
//! - Changing secrets needs `MANAGE_SECRETS`; a non-administrator may only change secrets they
//!   may reveal and only give them groups they are a member of (no self-promotion).
//! - Values never reach exports, search, logs, error messages or webhooks. Anonymizing the
//!   customer deletes its secrets.

pub mod graphql;
pub mod service;

use crate::db::db_enum;

db_enum!(
    /// What a secret is.
    SecretKind {
        /// A user name and password (router, system, portal).
        Credential => "credential",
        /// An alarm, door or PIN code.
        Code => "code",
        LicenceKey => "licence_key",
        /// A confidential note.
        Note => "note",
    }
);
