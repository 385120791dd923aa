//! What every request can reach: the database, the configuration, the password hasher and the
//! GraphQL schema. Cheap to clone.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::crypto::PasswordHasher;
use crate::graphql::{TillitSchema, build_schema};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub passwords: PasswordHasher,
    pub schema: TillitSchema,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> AppState {
        AppState {
            db,
            config: Arc::new(config),
            passwords: PasswordHasher::default(),
            schema: build_schema(),
        }
    }
}
