//! Anonymization: when a customer was anonymized, a receipt per anonymization that holds no
//! personal data (masked name, categories, the free-text mentions left), and the ledger of
//! anonymized customers that a restore re-applies.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    AnonymizedAt,
}

#[derive(DeriveIden)]
enum AnonymizationReceipts {
    Table,
    Id,
    CustomerId,
    CustomerNumber,
    MaskedName,
    PerformedAt,
    ActorKind,
    ActorId,
    Removed,
    Kept,
    MentionsLeft,
}

#[derive(DeriveIden)]
enum AnonymizationLedger {
    Table,
    CustomerId,
    AnonymizedAt,
    ReceiptId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(
                        ColumnDef::new(Customers::AnonymizedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnonymizationReceipts::Table)
                    .col(
                        ColumnDef::new(AnonymizationReceipts::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::CustomerId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::CustomerNumber)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::MaskedName)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::PerformedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::ActorKind)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::ActorId)
                            .string()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::Removed)
                            .json()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::Kept)
                            .json()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationReceipts::MentionsLeft)
                            .json()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                AnonymizationReceipts::Table,
                                AnonymizationReceipts::CustomerId,
                            )
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_anonymization_receipts_performed")
                    .table(AnonymizationReceipts::Table)
                    .col(AnonymizationReceipts::PerformedAt)
                    .to_owned(),
            )
            .await?;
        // No foreign key to customers: the ledger must outlive a restore into an empty
        // database, where it is written before (and re-applied to) the restored customers.
        manager
            .create_table(
                Table::create()
                    .table(AnonymizationLedger::Table)
                    .col(
                        ColumnDef::new(AnonymizationLedger::CustomerId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationLedger::AnonymizedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AnonymizationLedger::ReceiptId)
                            .uuid()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AnonymizationLedger::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AnonymizationReceipts::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .drop_column(Customers::AnonymizedAt)
                    .to_owned(),
            )
            .await
    }
}
