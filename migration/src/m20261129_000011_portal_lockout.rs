//! My page logins lock like staff logins: the fifth wrong password in a row locks the account
//! for a while, longer with every lock in a row.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PortalAccounts {
    Table,
    LockedUntil,
    LockCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(PortalAccounts::Table)
                    .add_column(
                        ColumnDef::new(PortalAccounts::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PortalAccounts::Table)
                    .add_column(
                        ColumnDef::new(PortalAccounts::LockCount)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PortalAccounts::Table)
                    .drop_column(PortalAccounts::LockCount)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PortalAccounts::Table)
                    .drop_column(PortalAccounts::LockedUntil)
                    .to_owned(),
            )
            .await
    }
}
