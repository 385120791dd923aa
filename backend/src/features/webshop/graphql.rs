//! GraphQL of the webshop consent API (API keys only; see the module docs).

use super::service::{self, Found, Lookup, PurposeConsent, WebshopChange};
use crate::error::{AppError, GqlResultExt};
use crate::features::consents::graphql::ConsentPurpose;
use crate::features::consents::{
    ConsentDecision, ConsentSource, ConsentStatus, declaration, purposes,
};
use crate::graphql::{actor, parse_id, state};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// What to show the customer before asking: the declaration in force and the active purposes.
#[derive(SimpleObject)]
pub struct WebshopConsentTerms {
    /// Send this back as `declarationVersion` when recording what the customer chose.
    declaration_version: i32,
    declaration_text: String,
    /// SHA-256 of the declaration text.
    declaration_hash: String,
    purposes: Vec<ConsentPurpose>,
}

/// A contact's consent for one active purpose.
#[derive(SimpleObject)]
pub struct WebshopConsent {
    /// The purpose's key, e.g. `marketing_email`.
    purpose: String,
    status: ConsentStatus,
    /// The latest decision, if any.
    decision: Option<ConsentDecision>,
    source: Option<ConsentSource>,
    declaration_version: Option<i32>,
    changed_at: Option<DateTime<Utc>>,
}

/// A contact found by the webshop, with a consent per active purpose.
#[derive(SimpleObject)]
pub struct WebshopContact {
    id: ID,
    customer_id: ID,
    /// The webshop's own id for the person, when staff or an import set it.
    external_id: Option<String>,
    consents: Vec<WebshopConsent>,
}

#[derive(SimpleObject)]
pub struct WebshopConsentResult {
    contact: WebshopContact,
    /// True when this was a retry of an earlier request with the same idempotency key: nothing
    /// new was recorded.
    replayed: bool,
    /// The consent events the (first) request recorded.
    event_ids: Vec<ID>,
}

/// Exactly one of the three.
#[derive(InputObject)]
pub struct ContactLookupInput {
    email: Option<String>,
    /// Any common format; numbers without a country code are read as Swedish.
    phone: Option<String>,
    external_id: Option<String>,
}

#[derive(InputObject)]
pub struct WebshopConsentChangeInput {
    /// The purpose's key, e.g. `marketing_email`.
    purpose: String,
    decision: ConsentDecision,
}

#[derive(InputObject)]
pub struct WebshopConsentInput {
    contact_id: ID,
    changes: Vec<WebshopConsentChangeInput>,
    /// The declaration version the customer was shown (`webshopConsentTerms`).
    declaration_version: i32,
    /// The customer's browser.
    user_agent: Option<String>,
    /// Chosen by the webshop, unique per change it makes (e.g. the order number and a counter);
    /// a retry with the same key records nothing twice.
    idempotency_key: String,
}

fn lookup_of(input: ContactLookupInput) -> Result<Lookup, AppError> {
    let given = [
        input.email.map(Lookup::Email),
        input.phone.map(Lookup::Phone),
        input.external_id.map(Lookup::ExternalId),
    ];
    let mut given = given.into_iter().flatten();
    match (given.next(), given.next()) {
        (Some(one), None) => Ok(one),
        _ => Err(AppError::bad_input(
            "lookup",
            "give exactly one of email, phone and externalId",
        )),
    }
}

/// One consent per active purpose, in the purposes' order.
fn contact_object(found: Found) -> WebshopContact {
    let now = Utc::now();
    let declaration = found.declaration_version;
    WebshopContact {
        id: ID(found.contact_id.to_string()),
        customer_id: ID(found.customer_id.to_string()),
        external_id: found.external_id,
        consents: found
            .consents
            .into_iter()
            .map(|PurposeConsent { purpose, current }| WebshopConsent {
                purpose,
                status: ConsentStatus::of(current.as_ref(), declaration, now),
                decision: current
                    .as_ref()
                    .and_then(|c| ConsentDecision::from_db(&c.decision)),
                source: current
                    .as_ref()
                    .and_then(|c| ConsentSource::from_db(&c.source)),
                declaration_version: current.as_ref().map(|c| c.declaration_version),
                changed_at: current.as_ref().map(|c| c.changed_at),
            })
            .collect(),
    }
}

#[derive(Default)]
pub struct WebshopQuery;

#[Object]
impl WebshopQuery {
    /// The declaration and purposes to show the customer (API key with `consent:read` or
    /// `consent:write`).
    async fn webshop_consent_terms(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<WebshopConsentTerms> {
        let terms = service::terms(&state(ctx)?.db, &actor(ctx)?).await.gql()?;
        Ok(WebshopConsentTerms {
            declaration_version: terms.declaration.version,
            declaration_text: terms.declaration.text,
            declaration_hash: terms.declaration.content_hash,
            purposes: terms
                .purposes
                .into_iter()
                .map(ConsentPurpose::from)
                .collect(),
        })
    }

    /// Contacts with this e-mail, phone or external id, and their consents (API key with
    /// `consent:read` or `consent:write`; at most 20; audited).
    async fn webshop_contacts(
        &self,
        ctx: &Context<'_>,
        lookup: ContactLookupInput,
    ) -> async_graphql::Result<Vec<WebshopContact>> {
        let actor = actor(ctx)?;
        let db = &state(ctx)?.db;
        let lookup = lookup_of(lookup).gql()?;
        let found = service::find(db, &actor, &lookup).await.gql()?;
        Ok(found.into_iter().map(contact_object).collect())
    }
}

#[derive(Default)]
pub struct WebshopMutation;

#[Object]
impl WebshopMutation {
    /// Records what the customer chose on the webshop (API key with `consent:write`): source
    /// `webshop`, the declaration version shown, the user agent. Idempotent per
    /// `idempotencyKey`.
    async fn record_webshop_consent(
        &self,
        ctx: &Context<'_>,
        input: WebshopConsentInput,
    ) -> async_graphql::Result<WebshopConsentResult> {
        let actor = actor(ctx)?;
        let state = state(ctx)?;
        let db = &state.db;
        let change = WebshopChange {
            contact_id: parse_id(&input.contact_id, "contactId")?,
            changes: input
                .changes
                .into_iter()
                .map(|c| (c.purpose, c.decision))
                .collect(),
            declaration_version: input.declaration_version,
            user_agent: input.user_agent,
            idempotency_key: input.idempotency_key,
        };
        let recorded = service::record_and_publish(db, &state.consent_feed, &actor, &change)
            .await
            .gql()?;
        let active = purposes::active_or_all(db, false).await.gql()?;
        let current = declaration::current(db).await.gql()?.version;
        Ok(WebshopConsentResult {
            contact: contact_object(Found::assemble(recorded.contact, &active, current)),
            replayed: recorded.replayed,
            event_ids: recorded
                .event_ids
                .iter()
                .map(|id| ID(id.to_string()))
                .collect(),
        })
    }
}
