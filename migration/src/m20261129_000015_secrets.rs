//! Secrets on the customer card: the value field-encrypted (`crypto::field`), the groups whose
//! members may reveal it, and the log of reveals shown on the card. Organization settings gain
//! "revealing a secret needs a fresh TOTP code". `master_keys` records which master key the
//! database's encrypted fields belong to (a known text encrypted with it), so a server started
//! with a missing or wrong key refuses to start instead of running without its secrets.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CustomerSecrets {
    Table,
    Id,
    CustomerId,
    Title,
    Kind,
    Username,
    Url,
    Notes,
    Value,
    CreatedAt,
    UpdatedAt,
    CreatedBy,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum SecretGroups {
    Table,
    SecretId,
    GroupId,
}

#[derive(DeriveIden)]
enum SecretReveals {
    Table,
    Id,
    SecretId,
    UserId,
    Reason,
    RevealedAt,
}

#[derive(DeriveIden)]
enum MasterKeys {
    Table,
    Id,
    KeyCheck,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AccessGroups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrganizationSettings {
    Table,
    SecretRevealRequiresTotp,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CustomerSecrets::Table)
                    .col(
                        ColumnDef::new(CustomerSecrets::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CustomerSecrets::CustomerId)
                            .uuid()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CustomerSecrets::Title).text().not_null())
                    .col(ColumnDef::new(CustomerSecrets::Kind).text().not_null())
                    .col(ColumnDef::new(CustomerSecrets::Username).text().null())
                    .col(ColumnDef::new(CustomerSecrets::Url).text().null())
                    .col(ColumnDef::new(CustomerSecrets::Notes).text().null())
                    // `v1:<key-id>:<nonce>:<ciphertext>`, never the value in clear.
                    .col(ColumnDef::new(CustomerSecrets::Value).text().not_null())
                    .col(
                        ColumnDef::new(CustomerSecrets::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CustomerSecrets::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CustomerSecrets::CreatedBy).uuid().null())
                    .col(ColumnDef::new(CustomerSecrets::UpdatedBy).uuid().null())
                    .col(
                        ColumnDef::new(CustomerSecrets::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerSecrets::Table, CustomerSecrets::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerSecrets::Table, CustomerSecrets::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerSecrets::Table, CustomerSecrets::UpdatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_customer_secrets_customer")
                    .table(CustomerSecrets::Table)
                    .col(CustomerSecrets::CustomerId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SecretGroups::Table)
                    .col(ColumnDef::new(SecretGroups::SecretId).uuid().not_null())
                    .col(ColumnDef::new(SecretGroups::GroupId).uuid().not_null())
                    .primary_key(
                        Index::create()
                            .col(SecretGroups::SecretId)
                            .col(SecretGroups::GroupId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SecretGroups::Table, SecretGroups::SecretId)
                            .to(CustomerSecrets::Table, CustomerSecrets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // Deleting a group narrows who may reveal (fails closed: with no group
                    // left, only administrators may).
                    .foreign_key(
                        ForeignKey::create()
                            .from(SecretGroups::Table, SecretGroups::GroupId)
                            .to(AccessGroups::Table, AccessGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SecretReveals::Table)
                    .col(
                        ColumnDef::new(SecretReveals::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SecretReveals::SecretId).uuid().not_null())
                    .col(ColumnDef::new(SecretReveals::UserId).uuid().null())
                    .col(ColumnDef::new(SecretReveals::Reason).text().not_null())
                    .col(
                        ColumnDef::new(SecretReveals::RevealedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SecretReveals::Table, SecretReveals::SecretId)
                            .to(CustomerSecrets::Table, CustomerSecrets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SecretReveals::Table, SecretReveals::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_secret_reveals_secret")
                    .table(SecretReveals::Table)
                    .col(SecretReveals::SecretId)
                    .col(SecretReveals::RevealedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MasterKeys::Table)
                    .col(
                        ColumnDef::new(MasterKeys::Id)
                            .text()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(MasterKeys::KeyCheck).text().not_null())
                    .col(
                        ColumnDef::new(MasterKeys::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(OrganizationSettings::Table)
                    .add_column(
                        ColumnDef::new(OrganizationSettings::SecretRevealRequiresTotp)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrganizationSettings::Table)
                    .drop_column(OrganizationSettings::SecretRevealRequiresTotp)
                    .to_owned(),
            )
            .await?;
        for table in [
            MasterKeys::Table.into_iden(),
            SecretReveals::Table.into_iden(),
            SecretGroups::Table.into_iden(),
            CustomerSecrets::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
