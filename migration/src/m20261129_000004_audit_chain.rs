//! The audit log becomes tamper-evident: every row is sealed into a chain (`seq`, the previous
//! row's hash, and a keyed hash over its own content) by the server shortly after it is written.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Seq,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in [
            ColumnDef::new(AuditEvents::Seq)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::PrevHash)
                .string()
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::Hash).string().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvents::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_seq")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
