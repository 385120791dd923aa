//! GraphQL types and resolvers for contact persons.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::RecipientRole;
use super::service::{self, ContactInput as ContactData};
use crate::entities::contact;
use crate::error::GqlResultExt;
use crate::features::access::Right;
use crate::features::consents;
use crate::features::consents::graphql::{ConsentEvent, ContactConsent};
use crate::features::consents::loader::{ContactConsents, ContactKey};
use crate::graphql::{actor, parse_id, state};

/// A contact person at a customer.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Contact {
    id: ID,
    customer_id: ID,
    name: String,
    title: Option<String>,
    email: Option<String>,
    /// E.164, e.g. +46701234567.
    phone: Option<String>,
    /// What this person receives from the company.
    recipient_of: Vec<RecipientRole>,
    /// The id a webshop or other system uses for this person.
    external_id: Option<String>,
    archived: bool,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    key: ContactKey,
    /// Read for a whole page at once by the list that returned this contact (see
    /// `customers::loader::preload_contacts`); otherwise `consents` goes through the loader.
    #[graphql(skip)]
    preloaded_consents: Option<ContactConsents>,
}

impl Contact {
    pub fn key(&self) -> ContactKey {
        self.key
    }

    pub fn with_consents(mut self, consents: ContactConsents) -> Contact {
        self.preloaded_consents = Some(consents);
        self
    }
}

impl From<contact::Model> for Contact {
    fn from(m: contact::Model) -> Self {
        let recipient_of = service::roles_of(&m);
        Contact {
            id: ID(m.id.to_string()),
            customer_id: ID(m.customer_id.to_string()),
            name: m.name,
            title: m.title,
            email: m.email,
            phone: m.phone,
            recipient_of,
            external_id: m.external_id,
            archived: m.archived,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            key: ContactKey {
                contact: m.id,
                customer: m.customer_id,
            },
            preloaded_consents: None,
        }
    }
}

#[ComplexObject]
impl Contact {
    /// One entry per active purpose, in purpose order (`READ_CUSTOMERS`; the read is logged).
    async fn consents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactConsent>> {
        if let Some(loaded) = &self.preloaded_consents {
            actor(ctx)?.require(Right::ReadCustomers).gql()?;
            return Ok(consents::graphql::columns(loaded));
        }
        consents::graphql::contact_consents(ctx, self.key).await
    }

    /// Every consent event of this contact, newest first (the read is logged).
    async fn consent_history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ConsentEvent>> {
        consents::graphql::contact_history(ctx, self.key).await
    }
}

#[derive(InputObject)]
pub struct ContactInput {
    name: String,
    title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    #[graphql(default)]
    recipient_of: Vec<RecipientRole>,
    external_id: Option<String>,
}

impl From<ContactInput> for ContactData {
    fn from(i: ContactInput) -> Self {
        ContactData {
            name: i.name,
            title: i.title,
            email: i.email,
            phone: i.phone,
            recipient_of: i.recipient_of,
            external_id: i.external_id,
        }
    }
}

#[derive(Default)]
pub struct ContactQuery;

#[Object]
impl ContactQuery {
    /// One contact person (`READ_CUSTOMERS`, of a customer you may see; the read is logged).
    async fn contact(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Contact> {
        let id = parse_id(&id, "id")?;
        Ok(service::get(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?
            .into())
    }
}

#[derive(Default)]
pub struct ContactMutation;

#[Object]
impl ContactMutation {
    async fn create_contact(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        input: ContactInput,
    ) -> async_graphql::Result<Contact> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        let state = state(ctx)?;
        let data: ContactData = input.into();
        Ok(service::create(&state.db, &actor(ctx)?, customer_id, &data)
            .await
            .gql()?
            .into())
    }

    /// Replaces a contact's details; fails with `CONFLICT` if `expectedVersion` is stale.
    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: ContactInput,
    ) -> async_graphql::Result<Contact> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        let data: ContactData = input.into();
        Ok(
            service::update(&state.db, &actor(ctx)?, id, expected_version, &data)
                .await
                .gql()?
                .into(),
        )
    }

    async fn archive_contact(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Contact> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        Ok(
            service::set_archived(&state.db, &actor(ctx)?, id, expected_version, true)
                .await
                .gql()?
                .into(),
        )
    }

    async fn restore_contact(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Contact> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        Ok(
            service::set_archived(&state.db, &actor(ctx)?, id, expected_version, false)
                .await
                .gql()?
                .into(),
        )
    }
}
