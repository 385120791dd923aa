//! SQLite: how far each audit spool has been moved into the access log.
//!
//! On SQLite the access-log rows of reads are committed into a spool (a second encrypted
//! database next to the main one, `audit::spool`) and moved into `audit_events` in batches. A
//! move records the highest spool sequence number it inserted here, in the same transaction, so
//! a crash between the move and the spool's delete never inserts a row twice. PostgreSQL writes
//! the rows straight into `audit_events` and has no spool.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE TABLE audit_spool_marks (\
                 spool_id TEXT NOT NULL PRIMARY KEY, \
                 moved_seq INTEGER NOT NULL)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS audit_spool_marks")
            .await?;
        Ok(())
    }
}
