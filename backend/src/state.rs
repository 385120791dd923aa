//! What every request can reach: the database, the configuration, the password hasher, the
//! keyring, the authentication throttle, the GraphQL schema and the live consent feed. Cheap to clone.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::crypto::{Keyring, PasswordHasher};
use crate::features::api_keys::cache::KeyCache;
use crate::features::audit::spool::Spool;
use crate::features::audit::writer::AuditQueue;
use crate::features::auth::throttle::Throttle;
use crate::features::consents::feed::ConsentFeed;
use crate::graphql::{TillitSchema, build_schema};
use crate::http::rate_limit::RateLimits;
use crate::metrics::Metrics;

/// Cloned for every request and by every middleware layer that extracts it: one reference
/// count, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of an [`AppState`].
pub struct Shared {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub passwords: PasswordHasher,
    pub keyring: Arc<Keyring>,
    /// Per-IP limit on the authentication paths.
    pub throttle: Arc<Throttle>,
    pub schema: TillitSchema,
    /// Committed consent changes, for `subscription { consentChanged }`.
    pub consent_feed: ConsentFeed,
    /// Request limits per client address and per API key.
    pub rate_limits: Arc<RateLimits>,
    /// `trusted_proxies`, parsed.
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    /// Cancelled when the server shuts down: background loops finish what they are doing and
    /// stop (see `crate::serve`).
    pub shutdown: tokio_util::sync::CancellationToken,
    /// The background loops, awaited on shutdown before the database closes.
    pub tasks: tokio_util::task::TaskTracker,
    /// Group commit for the audit rows of reads.
    pub audit: AuditQueue,
    /// API keys accepted a moment ago.
    pub api_key_cache: Arc<KeyCache>,
    /// Request, statement and pool counters for `/metrics`.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// `audit_db` is the audit writer's own pool (`db::connect_writer`), `spool` the durable
    /// queue it commits reads' rows into on SQLite (`audit::spool`).
    pub fn new(
        db: DatabaseConnection,
        audit_db: DatabaseConnection,
        spool: Option<Spool>,
        config: Config,
        keyring: Keyring,
        metrics: Arc<Metrics>,
    ) -> AppState {
        let throttle = Throttle::new(config.auth_burst, config.auth_per_minute);
        let passwords = PasswordHasher::new(config.password_hashers);
        // `open` validated the list; nothing here can fail any more.
        let trusted_proxies = config.trusted_proxy_nets().unwrap_or_default();
        let shutdown = tokio_util::sync::CancellationToken::new();
        let tasks = tokio_util::task::TaskTracker::new();
        let audit = AuditQueue::start(audit_db, spool, shutdown.clone(), &tasks);
        AppState(Arc::new(Shared {
            audit,
            rate_limits: Arc::new(RateLimits::new(&config)),
            trusted_proxies: Arc::new(trusted_proxies),
            shutdown,
            tasks,
            db,
            config: Arc::new(config),
            passwords,
            keyring: Arc::new(keyring),
            throttle: Arc::new(throttle),
            schema: build_schema(),
            consent_feed: ConsentFeed::default(),
            metrics,
            api_key_cache: Arc::default(),
        }))
    }

    /// Runs `job` every `period` (the first time at once) until the server shuts down. A job
    /// that is running when the shutdown comes finishes first; `crate::serve` waits for it
    /// before the database closes.
    pub fn every<F, Fut>(&self, period: std::time::Duration, mut job: F)
    where
        F: FnMut(AppState) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let state = self.clone();
        self.tasks.spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    () = state.shutdown.cancelled() => return,
                }
                job(state.clone()).await;
            }
        });
    }

    /// Closes the database pool. Call before the process exits: SQLite connections still open
    /// at exit can run into SQLCipher's OpenSSL after its exit-time cleanup and crash.
    pub async fn close(&self) {
        if let Err(e) = self.audit.close().await {
            tracing::warn!(error = %e, "closing the audit writer's pool failed");
        }
        if let Err(e) = self.db.close_by_ref().await {
            tracing::warn!(error = %e, "closing the database pool failed");
        }
    }
}
