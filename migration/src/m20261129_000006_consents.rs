//! Consent as evidence: purposes (with the defaults every Nordic service business needs),
//! immutable declaration versions, append-only consent events, and the current-consent projection
//! per (contact, purpose) kept in the same transaction as each event.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConsentPurposes {
    Table,
    Id,
    Key,
    NameSv,
    NameEn,
    DescriptionSv,
    DescriptionEn,
    Channel,
    RequiresOptIn,
    Active,
    SortOrder,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConsentDeclarations {
    Table,
    Id,
    Version,
    Text,
    ContentHash,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum ConsentEvents {
    Table,
    Id,
    ContactId,
    CustomerId,
    PurposeId,
    Decision,
    LegalBasis,
    Source,
    ActorKind,
    ActorId,
    DeclarationVersion,
    Evidence,
    ValidUntil,
    UserAgent,
    Ip,
    OccurredAt,
}

#[derive(DeriveIden)]
enum CurrentConsents {
    Table,
    ContactId,
    PurposeId,
    CustomerId,
    EventId,
    Decision,
    Source,
    DeclarationVersion,
    ValidUntil,
    ChangedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

fn ts(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// A default purpose: key, names (sv, en), descriptions (sv, en), channel, opt-in, order.
type DefaultPurpose = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    i32,
);

const DEFAULT_PURPOSES: [DefaultPurpose; 5] = [
    (
        "marketing_email",
        "Marknadsföring via e-post",
        "Marketing e-mail",
        "Erbjudanden och nyheter via e-post.",
        "Offers and news by e-mail.",
        "email",
        true,
        10,
    ),
    (
        "sms",
        "SMS",
        "Text messages",
        "Erbjudanden och påminnelser via SMS.",
        "Offers and reminders by text message.",
        "sms",
        true,
        20,
    ),
    (
        "newsletter",
        "Nyhetsbrev",
        "Newsletter",
        "Vårt nyhetsbrev via e-post.",
        "Our newsletter by e-mail.",
        "email",
        true,
        30,
    ),
    (
        "phone",
        "Telefon",
        "Phone",
        "Samtal om erbjudanden och tjänster.",
        "Calls about offers and services.",
        "phone",
        false,
        40,
    ),
    (
        "post",
        "Post",
        "Post",
        "Erbjudanden och information med post.",
        "Offers and information by post.",
        "post",
        false,
        50,
    ),
];

/// Version 1 of the declaration, in force until an administrator publishes their own.
const FIRST_DECLARATION: &str = "Jag samtycker till att företaget behandlar mina kontaktuppgifter \
för de ändamål jag har valt ovan. Samtycket är frivilligt och jag kan när som helst återkalla det, \
lika enkelt som jag gav det: på Mina sidor, genom att kontakta företaget eller via länken i varje \
utskick.\n\nI consent to the company processing my contact details for the purposes I have chosen \
above. Consent is voluntary and I can withdraw it at any time, as easily as I gave it: on My page, by \
contacting the company or through the link in every message.";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ConsentPurposes::Table)
                    .col(
                        ColumnDef::new(ConsentPurposes::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ConsentPurposes::Key)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(ConsentPurposes::NameSv).string().not_null())
                    .col(ColumnDef::new(ConsentPurposes::NameEn).string().not_null())
                    .col(
                        ColumnDef::new(ConsentPurposes::DescriptionSv)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ConsentPurposes::DescriptionEn)
                            .text()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ConsentPurposes::Channel).string().not_null())
                    .col(
                        ColumnDef::new(ConsentPurposes::RequiresOptIn)
                            .boolean()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ConsentPurposes::Active).boolean().not_null())
                    .col(
                        ColumnDef::new(ConsentPurposes::SortOrder)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ConsentPurposes::Version)
                            .integer()
                            .not_null(),
                    )
                    .col(ts(ConsentPurposes::CreatedAt))
                    .col(ts(ConsentPurposes::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConsentDeclarations::Table)
                    .col(
                        ColumnDef::new(ConsentDeclarations::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ConsentDeclarations::Version)
                            .integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(ConsentDeclarations::Text).text().not_null())
                    .col(
                        ColumnDef::new(ConsentDeclarations::ContentHash)
                            .string()
                            .not_null(),
                    )
                    .col(ts(ConsentDeclarations::CreatedAt))
                    .col(ColumnDef::new(ConsentDeclarations::CreatedBy).uuid().null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConsentEvents::Table)
                    .col(
                        ColumnDef::new(ConsentEvents::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ConsentEvents::ContactId).uuid().not_null())
                    .col(ColumnDef::new(ConsentEvents::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(ConsentEvents::PurposeId).uuid().not_null())
                    .col(ColumnDef::new(ConsentEvents::Decision).string().not_null())
                    .col(
                        ColumnDef::new(ConsentEvents::LegalBasis)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ConsentEvents::Source).string().not_null())
                    .col(ColumnDef::new(ConsentEvents::ActorKind).string().not_null())
                    .col(ColumnDef::new(ConsentEvents::ActorId).string().null())
                    .col(
                        ColumnDef::new(ConsentEvents::DeclarationVersion)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ConsentEvents::Evidence).text().null())
                    .col(
                        ColumnDef::new(ConsentEvents::ValidUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(ConsentEvents::UserAgent).string().null())
                    .col(ColumnDef::new(ConsentEvents::Ip).string().null())
                    .col(ts(ConsentEvents::OccurredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConsentEvents::Table, ConsentEvents::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConsentEvents::Table, ConsentEvents::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConsentEvents::Table, ConsentEvents::PurposeId)
                            .to(ConsentPurposes::Table, ConsentPurposes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_consent_events_contact",
                vec![ConsentEvents::ContactId, ConsentEvents::Id],
            ),
            (
                "idx_consent_events_occurred",
                vec![ConsentEvents::OccurredAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(ConsentEvents::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CurrentConsents::Table)
                    .col(ColumnDef::new(CurrentConsents::ContactId).uuid().not_null())
                    .col(ColumnDef::new(CurrentConsents::PurposeId).uuid().not_null())
                    .col(
                        ColumnDef::new(CurrentConsents::CustomerId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CurrentConsents::EventId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CurrentConsents::Decision)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CurrentConsents::Source).string().not_null())
                    .col(
                        ColumnDef::new(CurrentConsents::DeclarationVersion)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CurrentConsents::ValidUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ts(CurrentConsents::ChangedAt))
                    .primary_key(
                        Index::create()
                            .col(CurrentConsents::ContactId)
                            .col(CurrentConsents::PurposeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CurrentConsents::Table, CurrentConsents::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_current_consents_purpose")
                    .table(CurrentConsents::Table)
                    .col(CurrentConsents::PurposeId)
                    .col(CurrentConsents::Decision)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_current_consents_customer")
                    .table(CurrentConsents::Table)
                    .col(CurrentConsents::CustomerId)
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let now = chrono::Utc::now();
        for (key, name_sv, name_en, desc_sv, desc_en, channel, opt_in, order) in DEFAULT_PURPOSES {
            let sql = match backend {
                DbBackend::Postgres => {
                    "INSERT INTO consent_purposes (id, key, name_sv, name_en, description_sv, \
                     description_en, channel, requires_opt_in, active, sort_order, version, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, $9, 1, \
                     $10, $10)"
                }
                _ => {
                    "INSERT INTO consent_purposes (id, key, name_sv, name_en, description_sv, \
                     description_en, channel, requires_opt_in, active, sort_order, version, \
                     created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, 1, \
                     ?10, ?10)"
                }
            };
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    uuid::Uuid::now_v7().into(),
                    key.into(),
                    name_sv.into(),
                    name_en.into(),
                    desc_sv.into(),
                    desc_en.into(),
                    channel.into(),
                    opt_in.into(),
                    order.into(),
                    now.into(),
                ],
            ))
            .await?;
        }
        use sha2::Digest;
        let hash = hex::encode(sha2::Sha256::digest(FIRST_DECLARATION.as_bytes()));
        let sql = match backend {
            DbBackend::Postgres => {
                "INSERT INTO consent_declarations (id, version, text, content_hash, created_at) \
                 VALUES ($1, 1, $2, $3, $4)"
            }
            _ => {
                "INSERT INTO consent_declarations (id, version, text, content_hash, created_at) \
                 VALUES (?, 1, ?, ?, ?)"
            }
        };
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                uuid::Uuid::now_v7().into(),
                FIRST_DECLARATION.into(),
                hash.into(),
                now.into(),
            ],
        ))
        .await?;
        Ok(())
    }
}
