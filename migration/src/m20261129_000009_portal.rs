//! My page: portal accounts of contact persons, their sessions, one-time tokens (invitations and
//! e-mailed login links), and the outbox of outgoing e-mail (stored, and sent when SMTP is
//! configured; never silently dropped).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PortalAccounts {
    Table,
    Id,
    ContactId,
    Email,
    PasswordHash,
    Active,
    FailedLogins,
    CreatedAt,
    PasswordSetAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum PortalTokens {
    Table,
    Id,
    AccountId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum PortalSessions {
    Table,
    Id,
    AccountId,
    TokenHash,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum OutgoingMessages {
    Table,
    Id,
    Kind,
    ToAddress,
    Subject,
    Body,
    ContactId,
    Status,
    Attempts,
    LastError,
    CreatedAt,
    NextAttemptAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
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

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<Alias>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PortalAccounts::Table)
                    .col(
                        ColumnDef::new(PortalAccounts::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(PortalAccounts::ContactId).uuid().not_null())
                    .col(ColumnDef::new(PortalAccounts::Email).string().not_null())
                    .col(ColumnDef::new(PortalAccounts::PasswordHash).string().null())
                    .col(
                        ColumnDef::new(PortalAccounts::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(PortalAccounts::FailedLogins)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ts(PortalAccounts::CreatedAt))
                    .col(ts_null(PortalAccounts::PasswordSetAt))
                    .col(ts_null(PortalAccounts::LastLoginAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PortalAccounts::Table, PortalAccounts::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_portal_accounts_contact",
            PortalAccounts::Table,
            vec![Alias::new("contact_id")],
            true,
        )
        .await?;
        index(
            manager,
            "idx_portal_accounts_email",
            PortalAccounts::Table,
            vec![Alias::new("email")],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PortalTokens::Table)
                    .col(
                        ColumnDef::new(PortalTokens::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(PortalTokens::AccountId).uuid().not_null())
                    .col(ColumnDef::new(PortalTokens::Purpose).string().not_null())
                    .col(ColumnDef::new(PortalTokens::TokenHash).string().not_null())
                    .col(ts(PortalTokens::ExpiresAt))
                    .col(ts_null(PortalTokens::UsedAt))
                    .col(ts(PortalTokens::CreatedAt))
                    .col(ColumnDef::new(PortalTokens::CreatedBy).uuid().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(PortalTokens::Table, PortalTokens::AccountId)
                            .to(PortalAccounts::Table, PortalAccounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_portal_tokens_hash",
            PortalTokens::Table,
            vec![Alias::new("token_hash")],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PortalSessions::Table)
                    .col(
                        ColumnDef::new(PortalSessions::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(PortalSessions::AccountId).uuid().not_null())
                    .col(
                        ColumnDef::new(PortalSessions::TokenHash)
                            .string()
                            .not_null(),
                    )
                    .col(ts(PortalSessions::CreatedAt))
                    .col(ts(PortalSessions::LastSeenAt))
                    .col(ts(PortalSessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PortalSessions::Table, PortalSessions::AccountId)
                            .to(PortalAccounts::Table, PortalAccounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_portal_sessions_hash",
            PortalSessions::Table,
            vec![Alias::new("token_hash")],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(OutgoingMessages::Table)
                    .col(
                        ColumnDef::new(OutgoingMessages::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(OutgoingMessages::Kind).string().not_null())
                    .col(
                        ColumnDef::new(OutgoingMessages::ToAddress)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OutgoingMessages::Subject)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(OutgoingMessages::Body).text().not_null())
                    .col(ColumnDef::new(OutgoingMessages::ContactId).uuid().null())
                    .col(ColumnDef::new(OutgoingMessages::Status).string().not_null())
                    .col(
                        ColumnDef::new(OutgoingMessages::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(OutgoingMessages::LastError).text().null())
                    .col(ts(OutgoingMessages::CreatedAt))
                    .col(ts(OutgoingMessages::NextAttemptAt))
                    .col(ts_null(OutgoingMessages::SentAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_outgoing_messages_due",
            OutgoingMessages::Table,
            vec![Alias::new("status"), Alias::new("next_attempt_at")],
            false,
        )
        .await?;
        index(
            manager,
            "idx_outgoing_messages_created",
            OutgoingMessages::Table,
            vec![Alias::new("created_at")],
            false,
        )
        .await?;
        Ok(())
    }
}
