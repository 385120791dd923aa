//! Tillit: a GDPR-first customer register served over GraphQL, with the SPA bundled.
//!
//! `app(state)` builds the router (tests use it without a socket); `serve(listener, …)` runs it.

pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod features;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod state;
pub mod telemetry;

use std::future::Future;

use axum::Router;
use tokio::net::TcpListener;

pub use config::Config;
pub use state::AppState;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    http::router(state)
}

/// Opens the keyring and the database, runs migrations, and returns the application state.
pub async fn open(config: Config) -> anyhow::Result<AppState> {
    // Two TLS stacks reach rustls (ring for our clients, aws-lc for the S3 client): name the
    // process default so no library has to guess.
    let _ = rustls::crypto::ring::default_provider().install_default();
    config.validate()?;
    std::fs::create_dir_all(&config.data_dir)?;
    let key_file = config.data_dir.join(crypto::keyring::MASTER_KEY_FILE);
    let key_existed = config.master_key.is_some() || key_file.exists();
    let keyring = crypto::Keyring::load(config.master_key.as_ref(), &config.data_dir)?;
    let opened = async {
        let db = db::connect(&config, &keyring).await?;
        db::migrate(&db).await?;
        crypto::check::master_key(&db, &keyring).await?;
        features::keys::service::load(&db, &keyring)
            .await
            .map_err(error::AppError::into_anyhow)?;
        anyhow::Ok(db)
    }
    .await;
    let db = match opened {
        Ok(db) => db,
        Err(e) => {
            // A key file created just now for a database that belongs to another key would
            // only confuse the next start: remove it.
            if !key_existed {
                let _ = std::fs::remove_file(&key_file);
            }
            return Err(e);
        }
    };
    let mut audit_db = db::connect_writer(&config, &keyring).await?;
    let spool = features::audit::spool::Spool::connect(&config, &keyring).await?;
    let metrics = std::sync::Arc::new(metrics::Metrics::default());
    let mut db = db;
    metrics.attach(&mut db);
    metrics.attach(&mut audit_db);
    Ok(AppState::new(db, audit_db, spool, config, keyring, metrics))
}

/// Serves until `shutdown` resolves (with TLS when the configuration names a certificate, and
/// the HTTP→HTTPS redirect listener when one is configured), then drains: in-flight requests
/// finish, the background loops finish their current job and stop, the database closes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    http::serve(listener, state, shutdown).await
}
