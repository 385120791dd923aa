//! Indexes for the two-phase customer search: a covering (number, state, sort_name) index so
//! SQLite can sort FTS candidates without reading rows, and on PostgreSQL a `COLLATE "C"` name
//! index (byte order, like SQLite and Rust) that serves both name-prefix ranges and ordering
//! whatever the database's default collation is.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE INDEX idx_customers_number_cover ON customers (number, state, sort_name)",
                )
                .await?;
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE INDEX idx_customers_sort_c ON customers ((sort_name COLLATE \"C\"), number)",
                )
                .await?;
                db.execute_unprepared("DROP INDEX IF EXISTS idx_customers_sort_prefix")
                    .await?;
            }
            _ => {}
        }
        Ok(())
    }
}
