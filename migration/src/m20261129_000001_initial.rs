//! Users, sessions, the one-time setup token, customers, contact persons, the audit log, and the
//! engine-specific substring-search index (SQLite FTS5 trigram, PostgreSQL pg_trgm GIN).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    IsAdmin,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum SetupTokens {
    Table,
    TokenHash,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Number,
    Kind,
    Country,
    FirstName,
    LastName,
    CompanyName,
    DisplayName,
    SortName,
    IdentityNumber,
    Email,
    Phone,
    InvoiceAddress,
    PostalAddress,
    Note,
    State,
    SearchDoc,
    Version,
    CreatedAt,
    UpdatedAt,
    CreatedBy,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    CustomerId,
    Name,
    Title,
    Email,
    Phone,
    RecipientOf,
    ExternalId,
    Archived,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorKind,
    ActorId,
    Action,
    EntityType,
    EntityId,
    Outcome,
    Ip,
    RequestId,
    Details,
}

fn ts(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(ColumnDef::new(Users::Id).uuid().not_null().primary_key())
                    .col(
                        ColumnDef::new(Users::Email)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::Name).string().not_null())
                    .col(ColumnDef::new(Users::PasswordHash).string().not_null())
                    .col(ColumnDef::new(Users::IsAdmin).boolean().not_null())
                    .col(ColumnDef::new(Users::Active).boolean().not_null())
                    .col(ts(Users::CreatedAt))
                    .col(ts(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(ColumnDef::new(Sessions::Id).uuid().not_null().primary_key())
                    .col(
                        ColumnDef::new(Sessions::TokenHash)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Sessions::UserId).uuid().not_null())
                    .col(ts(Sessions::CreatedAt))
                    .col(ts(Sessions::LastSeenAt))
                    .col(ts(Sessions::ExpiresAt))
                    .col(ColumnDef::new(Sessions::Ip).string().null())
                    .col(ColumnDef::new(Sessions::UserAgent).string().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SetupTokens::Table)
                    .col(
                        ColumnDef::new(SetupTokens::TokenHash)
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ts(SetupTokens::CreatedAt))
                    .col(ts(SetupTokens::ExpiresAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(
                        ColumnDef::new(Customers::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Customers::Number)
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Customers::Kind).string().not_null())
                    .col(ColumnDef::new(Customers::Country).string().not_null())
                    .col(ColumnDef::new(Customers::FirstName).string().null())
                    .col(ColumnDef::new(Customers::LastName).string().null())
                    .col(ColumnDef::new(Customers::CompanyName).string().null())
                    .col(ColumnDef::new(Customers::DisplayName).string().not_null())
                    .col(ColumnDef::new(Customers::SortName).string().not_null())
                    .col(ColumnDef::new(Customers::IdentityNumber).string().null())
                    .col(ColumnDef::new(Customers::Email).string().null())
                    .col(ColumnDef::new(Customers::Phone).string().null())
                    .col(
                        ColumnDef::new(Customers::InvoiceAddress)
                            .json_binary()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Customers::PostalAddress)
                            .json_binary()
                            .null(),
                    )
                    .col(ColumnDef::new(Customers::Note).text().null())
                    .col(ColumnDef::new(Customers::State).string().not_null())
                    .col(ColumnDef::new(Customers::SearchDoc).text().not_null())
                    .col(ColumnDef::new(Customers::Version).integer().not_null())
                    .col(ts(Customers::CreatedAt))
                    .col(ts(Customers::UpdatedAt))
                    .col(ColumnDef::new(Customers::CreatedBy).uuid().null())
                    .col(ColumnDef::new(Customers::UpdatedBy).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_customers_sort")
                    .table(Customers::Table)
                    .col(Customers::SortName)
                    .col(Customers::Number)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_customers_email")
                    .table(Customers::Table)
                    .col(Customers::Email)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(ColumnDef::new(Contacts::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Contacts::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Contacts::Name).string().not_null())
                    .col(ColumnDef::new(Contacts::Title).string().null())
                    .col(ColumnDef::new(Contacts::Email).string().null())
                    .col(ColumnDef::new(Contacts::Phone).string().null())
                    .col(
                        ColumnDef::new(Contacts::RecipientOf)
                            .json_binary()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Contacts::ExternalId)
                            .string()
                            .null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Contacts::Archived).boolean().not_null())
                    .col(ColumnDef::new(Contacts::Version).integer().not_null())
                    .col(ts(Contacts::CreatedAt))
                    .col(ts(Contacts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contacts::Table, Contacts::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contacts_customer")
                    .table(Contacts::Table)
                    .col(Contacts::CustomerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contacts_email")
                    .table(Contacts::Table)
                    .col(Contacts::Email)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(
                        ColumnDef::new(AuditEvents::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ts(AuditEvents::OccurredAt))
                    .col(ColumnDef::new(AuditEvents::ActorKind).string().not_null())
                    .col(ColumnDef::new(AuditEvents::ActorId).string().null())
                    .col(ColumnDef::new(AuditEvents::Action).string().not_null())
                    .col(ColumnDef::new(AuditEvents::EntityType).string().null())
                    .col(ColumnDef::new(AuditEvents::EntityId).string().null())
                    .col(ColumnDef::new(AuditEvents::Outcome).string().not_null())
                    .col(ColumnDef::new(AuditEvents::Ip).string().null())
                    .col(ColumnDef::new(AuditEvents::RequestId).string().null())
                    .col(ColumnDef::new(AuditEvents::Details).json_binary().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_entity")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::EntityType)
                    .col(AuditEvents::EntityId)
                    .to_owned(),
            )
            .await?;

        // Substring search over the folded `search_doc` (see backend `domain::text::fold`).
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                // Contentless FTS5 trigram index keyed by the customer number; kept in step with
                // `customers.search_doc` by the customers service inside the same transaction.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE customer_search USING fts5(doc, tokenize = 'trigram', \
                     content = '', contentless_delete = 1)",
                )
                .await?;
            }
            DbBackend::Postgres => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_customers_search_trgm ON customers \
                     USING gin (search_doc gin_trgm_ops)",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_customers_sort_prefix ON customers (sort_name text_pattern_ops)",
                )
                .await?;
            }
            _ => {
                return Err(DbErr::Migration(
                    "Tillit supports SQLite and PostgreSQL only".to_owned(),
                ));
            }
        }
        Ok(())
    }
}
