//! The audit chain moves out of `audit_events` into an insert-only table of its own.
//!
//! Sealing used to UPDATE each event with its `seq`, previous hash and hash. On PostgreSQL that
//! update could never be HOT (`seq` is indexed and the page is full), so every event was written
//! twice with all its index entries and left a dead row for vacuum — the largest single cost of a
//! webshop lookup. A link is now one narrow INSERT: `(seq, event_id, hash)`. The previous hash is
//! not stored: it is the hash of the link before, which verification reads anyway.
//!
//! Also dropped: `idx_audit_entity` (no query filters events by entity; the viewer's customer
//! filter uses `audit_subjects`), one index entry less per event.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLinks {
    Table,
    Seq,
    EventId,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLinks::Table)
                    .col(
                        ColumnDef::new(AuditLinks::Seq)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditLinks::EventId).big_integer().not_null())
                    .col(ColumnDef::new(AuditLinks::Hash).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_links_event")
                    .table(AuditLinks::Table)
                    .col(AuditLinks::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO audit_links (seq, event_id, hash) \
             SELECT seq, id, hash FROM audit_events WHERE seq IS NOT NULL",
        )
        .await?;
        for statement in [
            "DROP INDEX IF EXISTS idx_audit_seq",
            "DROP INDEX IF EXISTS idx_audit_entity",
            // One column per statement: SQLite's ALTER TABLE takes one change at a time.
            "ALTER TABLE audit_events DROP COLUMN seq",
            "ALTER TABLE audit_events DROP COLUMN prev_hash",
            "ALTER TABLE audit_events DROP COLUMN hash",
        ] {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
