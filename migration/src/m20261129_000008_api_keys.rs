//! API keys for webshops and reporting tools (scopes, optional access-group scope, expiry,
//! revocation), and the idempotency keys that make a webshop's retried consent change record
//! nothing twice; indexes for looking contacts up by phone and external id.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    ExpiresAt,
    CreatedAt,
    CreatedBy,
    LastUsedAt,
    RevokedAt,
    RevokedBy,
}

#[derive(DeriveIden)]
enum ApiKeyGroups {
    Table,
    ApiKeyId,
    GroupId,
}

#[derive(DeriveIden)]
enum AccessGroups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Phone,
    ExternalId,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Owner,
    Key,
    RequestHash,
    Result,
    CreatedAt,
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
                    .table(ApiKeys::Table)
                    .col(ColumnDef::new(ApiKeys::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ApiKeys::Name).string().not_null())
                    .col(ColumnDef::new(ApiKeys::Prefix).string().not_null())
                    .col(ColumnDef::new(ApiKeys::SecretHash).string().not_null())
                    .col(ColumnDef::new(ApiKeys::Scopes).json().not_null())
                    .col(ts_null(ApiKeys::ExpiresAt))
                    .col(ts(ApiKeys::CreatedAt))
                    .col(ColumnDef::new(ApiKeys::CreatedBy).uuid().null())
                    .col(ts_null(ApiKeys::LastUsedAt))
                    .col(ts_null(ApiKeys::RevokedAt))
                    .col(ColumnDef::new(ApiKeys::RevokedBy).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_keys_prefix")
                    .table(ApiKeys::Table)
                    .col(ApiKeys::Prefix)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiKeyGroups::Table)
                    .col(ColumnDef::new(ApiKeyGroups::ApiKeyId).uuid().not_null())
                    .col(ColumnDef::new(ApiKeyGroups::GroupId).uuid().not_null())
                    .primary_key(
                        Index::create()
                            .col(ApiKeyGroups::ApiKeyId)
                            .col(ApiKeyGroups::GroupId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiKeyGroups::Table, ApiKeyGroups::ApiKeyId)
                            .to(ApiKeys::Table, ApiKeys::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiKeyGroups::Table, ApiKeyGroups::GroupId)
                            .to(AccessGroups::Table, AccessGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(ColumnDef::new(IdempotencyKeys::Owner).string().not_null())
                    .col(ColumnDef::new(IdempotencyKeys::Key).string().not_null())
                    .col(
                        ColumnDef::new(IdempotencyKeys::RequestHash)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(IdempotencyKeys::Result).json().not_null())
                    .col(ts(IdempotencyKeys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::Owner)
                            .col(IdempotencyKeys::Key),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_created")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // The webshop looks contacts up by e-mail (indexed since the start), phone or its own id.
        for (name, column) in [
            ("idx_contacts_phone", Contacts::Phone),
            ("idx_contacts_external_id", Contacts::ExternalId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Contacts::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
