//! Rotatable field-encryption keys: random keys stored wrapped under the master key
//! (`features::keys`). The newest one that is not retired encrypts new values; every stored one
//! decrypts, so a rotation can re-encrypt in resumable batches while the server runs.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FieldKeys {
    Table,
    Id,
    Wrapped,
    CreatedAt,
    RetiredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FieldKeys::Table)
                    .col(
                        ColumnDef::new(FieldKeys::Id)
                            .text()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(FieldKeys::Wrapped).text().not_null())
                    .col(
                        ColumnDef::new(FieldKeys::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(FieldKeys::RetiredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FieldKeys::Table).to_owned())
            .await
    }
}
