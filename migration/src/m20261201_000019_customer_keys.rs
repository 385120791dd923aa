//! Indexes for finding a customer's consent events and a contact's queued e-mails.
//!
//! Anonymization counts, scrubs and deletes these per customer (a bulk run for hundreds at
//! once); without an index each of those statements read the whole table — at 100 000
//! customers, half a million consent events per statement.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConsentEvents {
    Table,
    CustomerId,
}

#[derive(DeriveIden)]
enum OutgoingMessages {
    Table,
    ContactId,
}

const CONSENT_EVENTS_CUSTOMER: &str = "idx_consent_events_customer";
const OUTGOING_MESSAGES_CONTACT: &str = "idx_outgoing_messages_contact";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(CONSENT_EVENTS_CUSTOMER)
                    .table(ConsentEvents::Table)
                    .col(ConsentEvents::CustomerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(OUTGOING_MESSAGES_CONTACT)
                    .table(OutgoingMessages::Table)
                    .col(OutgoingMessages::ContactId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(OUTGOING_MESSAGES_CONTACT)
                    .table(OutgoingMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(CONSENT_EVENTS_CUSTOMER)
                    .table(ConsentEvents::Table)
                    .to_owned(),
            )
            .await
    }
}
