//! API keys for webshops and reporting tools.
//!
//! A key is `tillit_<prefix>_<secret>`: the 12-hex-digit prefix finds the row and is shown in the
//! SPA; the 256-bit secret is shown once and only the SHA-256 of the whole key is stored. Keys
//! are sent as `Authorization: Bearer …` and never use cookies.
//!
//! Invariants: a key can do exactly what its scopes allow (see [`rights_of`] and
//! `Actor::require_scope`), over the customers its access groups allow (unrestricted customers
//! only, when it has none); a revoked or expired key authenticates nothing, and the attempt is
//! audited; everything a key reads is in the access log under the key's id (`actor_kind =
//! api_key`). Non-administrators can only create keys whose scopes they could use themselves,
//! scoped to groups they belong to.

pub mod cache;
pub mod graphql;
pub mod service;

use crate::db::db_enum;
use crate::features::access::{Right, Rights};

db_enum!(
    /// What a key may do.
    ApiScope {
        /// Look up a contact's current consents (webshop).
        ConsentRead => "consent:read",
        /// Record consent changes made on the webshop.
        ConsentWrite => "consent:write",
        /// Search customers and read customer cards and contacts.
        CustomersRead => "customers:read",
        /// Consent statistics, change lists and exports.
        ReportsRead => "reports:read",
    }
);

impl ApiScope {
    /// The staff right someone must hold to hand this scope to a key.
    pub fn implied_right(self) -> Right {
        match self {
            ApiScope::ConsentWrite => Right::EditConsents,
            ApiScope::ConsentRead | ApiScope::CustomersRead | ApiScope::ReportsRead => {
                Right::ReadCustomers
            }
        }
    }
}

/// The staff rights a key's scopes stand for in the services that check rights: reading
/// customers, and recording consent (which the consent service limits to the webshop source).
pub fn rights_of(scopes: &[ApiScope]) -> Rights {
    let mut rights = Rights::NONE;
    if scopes.contains(&ApiScope::CustomersRead) {
        rights.insert(Right::ReadCustomers);
    }
    if scopes.contains(&ApiScope::ConsentWrite) {
        rights.insert(Right::EditConsents);
    }
    rights
}

/// The scopes stored on a key (unknown names grant nothing).
pub fn scopes_from_json(value: &serde_json::Value) -> Vec<ApiScope> {
    let mut scopes: Vec<ApiScope> = value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .filter_map(ApiScope::from_db)
        .collect();
    scopes.sort_by_key(|s| s.as_str());
    scopes.dedup();
    scopes
}

pub fn scopes_to_json(scopes: &[ApiScope]) -> serde_json::Value {
    serde_json::Value::Array(
        scopes
            .iter()
            .map(|s| serde_json::Value::String(s.as_str().to_owned()))
            .collect(),
    )
}

const TOKEN_PREFIX: &str = "tillit_";
const PREFIX_LEN: usize = 12;

/// Splits `tillit_<prefix>_<secret>` into its prefix; `None` for anything else.
pub fn prefix_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix(TOKEN_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    let valid = prefix.len() == PREFIX_LEN
        && prefix
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && (32..=64).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some(prefix)
}

/// A new key: the full token to show once, its prefix and the hash to store.
pub fn new_token() -> (String, String, String) {
    use rand::RngCore;
    let mut bytes = [0u8; PREFIX_LEN / 2];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let prefix = hex::encode(bytes);
    let (secret, _) = crate::crypto::token::generate();
    let token = format!("{TOKEN_PREFIX}{prefix}_{secret}");
    let hash = crate::crypto::token::hash(&token);
    (token, prefix, hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_parse_back_to_their_prefix() {
        let (token, prefix, hash) = new_token();
        assert_eq!(prefix_of(&token), Some(prefix.as_str()));
        assert_eq!(crate::crypto::token::hash(&token), hash);
        assert_ne!(new_token().0, token);
        for bad in [
            "",
            "tillit_",
            "Bearer x",
            "tillit_0123456789ab",
            "tillit_0123456789AB_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "tillit_0123456789a_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "tillit_0123456789ab_short",
            "tillit_0123456789ab_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'--",
        ] {
            assert_eq!(prefix_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn scopes_map_to_rights_and_back() {
        let scopes = scopes_from_json(&serde_json::json!([
            "reports:read",
            "consent:write",
            "consent:write",
            "admin"
        ]));
        assert_eq!(scopes, vec![ApiScope::ConsentWrite, ApiScope::ReportsRead]);
        let rights = rights_of(&scopes);
        assert!(rights.contains(Right::EditConsents));
        assert!(!rights.contains(Right::ReadCustomers));
        assert_eq!(
            scopes_from_json(&scopes_to_json(&scopes)),
            scopes,
            "round trip"
        );
    }
}
