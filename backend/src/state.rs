//! What every request can reach: the database, the configuration, the password hasher, the
//! keyring, the authentication throttle, the GraphQL schema and the live consent feed. Cheap to clone.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::crypto::{Keyring, PasswordHasher};
use crate::features::auth::throttle::Throttle;
use crate::features::consents::feed::ConsentFeed;
use crate::graphql::{TillitSchema, build_schema};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub passwords: PasswordHasher,
    pub keyring: Arc<Keyring>,
    /// Per-IP limit on the authentication paths.
    pub throttle: Arc<Throttle>,
    pub schema: TillitSchema,
    /// Committed consent changes, for `subscription { consentChanged }`.
    pub consent_feed: ConsentFeed,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config, keyring: Keyring) -> AppState {
        let throttle = Throttle::new(config.auth_burst, config.auth_per_minute);
        let passwords = PasswordHasher::new(config.password_hashers);
        AppState {
            db,
            config: Arc::new(config),
            passwords,
            keyring: Arc::new(keyring),
            throttle: Arc::new(throttle),
            schema: build_schema(),
            consent_feed: ConsentFeed::default(),
        }
    }

    /// Closes the database pool. Call before the process exits: SQLite connections still open
    /// at exit can run into SQLCipher's OpenSSL after its exit-time cleanup and crash.
    pub async fn close(&self) {
        if let Err(e) = self.db.close_by_ref().await {
            tracing::warn!(error = %e, "closing the database pool failed");
        }
    }
}
