//! Backups as a product feature (`features::backups`): every backup run and its copies in each
//! destination, the restore drills, and the database leases that keep scheduled jobs (and two
//! backups started at once) from running twice.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Backups {
    Table,
    Id,
    FileName,
    Kind,
    Trigger,
    Status,
    StartedAt,
    FinishedAt,
    SizeBytes,
    Rows,
    Sha256,
    DurationMs,
    SchemaVersion,
    Error,
    CreatedBy,
}

#[derive(DeriveIden)]
enum BackupCopies {
    Table,
    BackupId,
    Destination,
    Status,
    Attempts,
    VerifiedAt,
    Error,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BackupDrills {
    Table,
    Id,
    StartedAt,
    FinishedAt,
    Scenario,
    Destination,
    BackupFile,
    Passed,
    Checks,
    DurationMs,
    Rows,
    Error,
    Trigger,
    CreatedBy,
}

#[derive(DeriveIden)]
enum JobLeases {
    Table,
    Name,
    Holder,
    ExpiresAt,
}

fn ts(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Backups::Table)
                    .col(ColumnDef::new(Backups::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Backups::FileName).text().not_null())
                    .col(ColumnDef::new(Backups::Kind).text().not_null())
                    .col(ColumnDef::new(Backups::Trigger).text().not_null())
                    .col(ColumnDef::new(Backups::Status).text().not_null())
                    .col(ts(Backups::StartedAt))
                    .col(ts_null(Backups::FinishedAt))
                    .col(ColumnDef::new(Backups::SizeBytes).big_integer().null())
                    .col(ColumnDef::new(Backups::Rows).big_integer().null())
                    .col(ColumnDef::new(Backups::Sha256).text().null())
                    .col(ColumnDef::new(Backups::DurationMs).big_integer().null())
                    .col(ColumnDef::new(Backups::SchemaVersion).text().not_null())
                    .col(ColumnDef::new(Backups::Error).text().null())
                    .col(ColumnDef::new(Backups::CreatedBy).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_backups_started")
                    .table(Backups::Table)
                    .col(Backups::StartedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BackupCopies::Table)
                    .col(ColumnDef::new(BackupCopies::BackupId).uuid().not_null())
                    .col(ColumnDef::new(BackupCopies::Destination).text().not_null())
                    .col(ColumnDef::new(BackupCopies::Status).text().not_null())
                    .col(
                        ColumnDef::new(BackupCopies::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ts_null(BackupCopies::VerifiedAt))
                    .col(ColumnDef::new(BackupCopies::Error).text().null())
                    .col(ts(BackupCopies::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(BackupCopies::BackupId)
                            .col(BackupCopies::Destination),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(BackupCopies::Table, BackupCopies::BackupId)
                            .to(Backups::Table, Backups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BackupDrills::Table)
                    .col(
                        ColumnDef::new(BackupDrills::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ts(BackupDrills::StartedAt))
                    .col(ts(BackupDrills::FinishedAt))
                    .col(ColumnDef::new(BackupDrills::Scenario).text().not_null())
                    .col(ColumnDef::new(BackupDrills::Destination).text().not_null())
                    .col(ColumnDef::new(BackupDrills::BackupFile).text().null())
                    .col(ColumnDef::new(BackupDrills::Passed).boolean().not_null())
                    .col(
                        ColumnDef::new(BackupDrills::Checks)
                            .json_binary()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BackupDrills::DurationMs)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(BackupDrills::Rows).big_integer().null())
                    .col(ColumnDef::new(BackupDrills::Error).text().null())
                    .col(ColumnDef::new(BackupDrills::Trigger).text().not_null())
                    .col(ColumnDef::new(BackupDrills::CreatedBy).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_backup_drills_started")
                    .table(BackupDrills::Table)
                    .col(BackupDrills::StartedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobLeases::Table)
                    .col(
                        ColumnDef::new(JobLeases::Name)
                            .text()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(JobLeases::Holder).text().not_null())
                    .col(ts(JobLeases::ExpiresAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            JobLeases::Table.into_iden(),
            BackupDrills::Table.into_iden(),
            BackupCopies::Table.into_iden(),
            Backups::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
