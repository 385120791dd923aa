//! Keys that authenticated a moment ago, so a webshop's thousands of requests a second do not
//! each read their key and its groups from the database.
//!
//! Only accepted keys are kept, under the SHA-256 of the presented secret (the value stored in
//! `api_keys.secret_hash`; the secret itself is never kept), for at most [`TTL`] and never past
//! the key's expiry. Revoking a key on this replica forgets every entry at once; another replica
//! refuses the revoked key within [`TTL`]. Refusals (unknown, wrong, revoked, expired keys) are
//! never cached: each one reaches the database and the access log.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ApiScope;

/// How long an accepted key is trusted without reading it again.
pub const TTL: Duration = Duration::from_secs(1);
/// More keys than any deployment has; a full cache starts over.
const MAX_ENTRIES: usize = 10_000;

/// What an accepted key may do.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub key_id: Uuid,
    pub scopes: Vec<ApiScope>,
    pub groups: Vec<Uuid>,
}

#[derive(Default)]
pub struct KeyCache {
    entries: Mutex<HashMap<String, (Accepted, Instant)>>,
}

impl KeyCache {
    /// The key presented with this secret hash, if it was accepted less than [`TTL`] ago.
    pub fn get(&self, secret_hash: &str) -> Option<Accepted> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (accepted, until) = entries.get(secret_hash)?;
        (Instant::now() < *until).then(|| accepted.clone())
    }

    /// Remembers an accepted key until [`TTL`] from now or its expiry, whichever comes first.
    pub fn put(&self, secret_hash: String, accepted: Accepted, expires_at: Option<DateTime<Utc>>) {
        let now = Instant::now();
        let mut until = now + TTL;
        if let Some(expires_at) = expires_at {
            let left = (expires_at - Utc::now()).to_std().unwrap_or_default();
            until = until.min(now + left);
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, until)| now < *until);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(secret_hash, (accepted, until));
    }

    /// Forgets every key (after a revocation).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted() -> Accepted {
        Accepted {
            key_id: Uuid::now_v7(),
            scopes: vec![ApiScope::ConsentRead],
            groups: Vec::new(),
        }
    }

    #[test]
    fn an_accepted_key_is_remembered_until_cleared() {
        let cache = KeyCache::default();
        let key = accepted();
        cache.put("h1".into(), key.clone(), None);
        assert_eq!(cache.get("h1").map(|a| a.key_id), Some(key.key_id));
        assert!(cache.get("h2").is_none());
        cache.clear();
        assert!(cache.get("h1").is_none());
    }

    #[test]
    fn an_entry_never_outlives_the_key() {
        let cache = KeyCache::default();
        cache.put(
            "expired".into(),
            accepted(),
            Some(Utc::now() - chrono::Duration::seconds(1)),
        );
        assert!(cache.get("expired").is_none());
    }
}
