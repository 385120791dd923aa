//! The retention rule: anonymize private customers without orders, invoices or consent activity
//! for a number of months, on demand or on a schedule. One row (`id = 1`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RetentionRules {
    Table,
    Id,
    InactiveMonths,
    AutoRun,
    UpdatedAt,
    UpdatedBy,
    LastRunAt,
    LastRunAnonymized,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RetentionRules::Table)
                    .col(
                        ColumnDef::new(RetentionRules::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(RetentionRules::InactiveMonths)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RetentionRules::AutoRun)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(RetentionRules::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(RetentionRules::UpdatedBy).uuid().null())
                    .col(
                        ColumnDef::new(RetentionRules::LastRunAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(RetentionRules::LastRunAnonymized)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RetentionRules::Table).to_owned())
            .await
    }
}
