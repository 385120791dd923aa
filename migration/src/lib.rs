//! Append-only database migrations for Tillit. Never edit a landed migration; add a new one.
//!
//! This crate never depends on the `tillit` backend crate: a migration is history and must not
//! change when the application code does.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_initial;
mod m20261129_000002_mfa;
mod m20261129_000003_search_indexes;
mod m20261129_000004_audit_chain;
mod m20261129_000005_access_groups;
mod m20261129_000006_consents;
mod m20261129_000007_privacy_settings;
mod m20261129_000008_api_keys;
mod m20261129_000009_portal;
mod m20261129_000010_webhooks;
mod m20261129_000011_portal_lockout;
mod m20261129_000012_business_records;
mod m20261129_000013_anonymization;
mod m20261129_000014_retention;
mod m20261129_000015_secrets;
mod m20261129_000016_field_keys;
mod m20261129_000017_backups;
mod m20261201_000018_audit_links;
mod m20261201_000019_customer_keys;
mod m20261202_000020_search_cover;
mod m20261202_000021_audit_spool_marks;
mod m20261202_000022_consent_events_customer_occurred;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_initial::Migration),
            Box::new(m20261129_000002_mfa::Migration),
            Box::new(m20261129_000003_search_indexes::Migration),
            Box::new(m20261129_000004_audit_chain::Migration),
            Box::new(m20261129_000005_access_groups::Migration),
            Box::new(m20261129_000006_consents::Migration),
            Box::new(m20261129_000007_privacy_settings::Migration),
            Box::new(m20261129_000008_api_keys::Migration),
            Box::new(m20261129_000009_portal::Migration),
            Box::new(m20261129_000010_webhooks::Migration),
            Box::new(m20261129_000011_portal_lockout::Migration),
            Box::new(m20261129_000012_business_records::Migration),
            Box::new(m20261129_000013_anonymization::Migration),
            Box::new(m20261129_000014_retention::Migration),
            Box::new(m20261129_000015_secrets::Migration),
            Box::new(m20261129_000016_field_keys::Migration),
            Box::new(m20261129_000017_backups::Migration),
            Box::new(m20261201_000018_audit_links::Migration),
            Box::new(m20261201_000019_customer_keys::Migration),
            Box::new(m20261202_000020_search_cover::Migration),
            Box::new(m20261202_000021_audit_spool_marks::Migration),
            Box::new(m20261202_000022_consent_events_customer_occurred::Migration),
        ]
    }
}
