//! The organization's privacy settings (one row) and the register of data partners (GDPR Art.
//! 28/30), which the consent form is generated from.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OrganizationSettings {
    Table,
    Id,
    CompanyName,
    OrgNumber,
    Address,
    Email,
    Phone,
    PrivacyPolicyUrl,
    DpoName,
    DpoEmail,
    SupervisoryAuthority,
    BookkeepingRetentionYears,
    AuditLogRetentionMonths,
    Version,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum DataPartners {
    Table,
    Id,
    Name,
    OrgNumber,
    Country,
    Role,
    Purpose,
    DataCategories,
    ThirdCountryTransfer,
    TransferSafeguard,
    AgreementStatus,
    SignedOn,
    ReviewOn,
    DocumentReference,
    Notes,
    Version,
    CreatedAt,
    UpdatedAt,
}

fn ts(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn text(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .text()
        .not_null()
        .default("")
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrganizationSettings::Table)
                    .col(
                        ColumnDef::new(OrganizationSettings::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(text(OrganizationSettings::CompanyName))
                    .col(text(OrganizationSettings::OrgNumber))
                    .col(text(OrganizationSettings::Address))
                    .col(text(OrganizationSettings::Email))
                    .col(text(OrganizationSettings::Phone))
                    .col(text(OrganizationSettings::PrivacyPolicyUrl))
                    .col(text(OrganizationSettings::DpoName))
                    .col(text(OrganizationSettings::DpoEmail))
                    .col(
                        ColumnDef::new(OrganizationSettings::SupervisoryAuthority)
                            .string()
                            .not_null()
                            .default("imy"),
                    )
                    .col(
                        ColumnDef::new(OrganizationSettings::BookkeepingRetentionYears)
                            .integer()
                            .not_null()
                            .default(7),
                    )
                    .col(
                        ColumnDef::new(OrganizationSettings::AuditLogRetentionMonths)
                            .integer()
                            .not_null()
                            .default(24),
                    )
                    .col(
                        ColumnDef::new(OrganizationSettings::Version)
                            .integer()
                            .not_null(),
                    )
                    .col(ts(OrganizationSettings::UpdatedAt))
                    .col(
                        ColumnDef::new(OrganizationSettings::UpdatedBy)
                            .uuid()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        let backend = manager.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => {
                "INSERT INTO organization_settings (id, version, updated_at) VALUES (1, 1, $1)"
            }
            _ => "INSERT INTO organization_settings (id, version, updated_at) VALUES (1, 1, ?)",
        };
        manager
            .get_connection()
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [chrono::Utc::now().into()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DataPartners::Table)
                    .col(
                        ColumnDef::new(DataPartners::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(DataPartners::Name).string().not_null())
                    .col(text(DataPartners::OrgNumber))
                    .col(ColumnDef::new(DataPartners::Country).string().not_null())
                    .col(ColumnDef::new(DataPartners::Role).string().not_null())
                    .col(text(DataPartners::Purpose))
                    .col(text(DataPartners::DataCategories))
                    .col(
                        ColumnDef::new(DataPartners::ThirdCountryTransfer)
                            .boolean()
                            .not_null(),
                    )
                    .col(text(DataPartners::TransferSafeguard))
                    .col(
                        ColumnDef::new(DataPartners::AgreementStatus)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(DataPartners::SignedOn).date().null())
                    .col(ColumnDef::new(DataPartners::ReviewOn).date().null())
                    .col(text(DataPartners::DocumentReference))
                    .col(text(DataPartners::Notes))
                    .col(ColumnDef::new(DataPartners::Version).integer().not_null())
                    .col(ts(DataPartners::CreatedAt))
                    .col(ts(DataPartners::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_data_partners_name")
                    .table(DataPartners::Table)
                    .col(DataPartners::Name)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
