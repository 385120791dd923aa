//! GraphQL for consents: purposes, the declaration, a contact's current consents and history,
//! and recording changes.

use std::collections::HashMap;

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::loader::{ConsentLoader, ContactConsents, ContactKey, HistoryOf};
use super::purposes::PurposeInput;
use super::service::{self, Change, RecordInput};
use super::{
    ConsentChannel, ConsentDecision, ConsentSource, ConsentStatus, LegalBasis, declaration,
    purposes,
};
use crate::entities::{consent_declaration, consent_event, consent_purpose, contact};
use crate::error::{AppError, GqlResultExt};
use crate::features::access::Right;
use crate::features::contacts::graphql::Contact;
use crate::graphql::{actor, parse_id, state};

/// A "Communication consent" column.
#[derive(SimpleObject, Clone)]
pub struct ConsentPurpose {
    id: ID,
    /// Stable machine key, e.g. `marketing_email`.
    key: String,
    name_sv: String,
    name_en: String,
    description_sv: String,
    description_en: String,
    channel: ConsentChannel,
    requires_opt_in: bool,
    active: bool,
    sort_order: i32,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<consent_purpose::Model> for ConsentPurpose {
    fn from(m: consent_purpose::Model) -> Self {
        ConsentPurpose {
            id: ID(m.id.to_string()),
            key: m.key,
            name_sv: m.name_sv,
            name_en: m.name_en,
            description_sv: m.description_sv,
            description_en: m.description_en,
            channel: ConsentChannel::from_db(&m.channel).unwrap_or(ConsentChannel::Other),
            requires_opt_in: m.requires_opt_in,
            active: m.active,
            sort_order: m.sort_order,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(InputObject)]
pub struct ConsentPurposeInput {
    key: String,
    name_sv: String,
    name_en: String,
    #[graphql(default)]
    description_sv: String,
    #[graphql(default)]
    description_en: String,
    channel: ConsentChannel,
    requires_opt_in: bool,
    #[graphql(default = true)]
    active: bool,
    #[graphql(default)]
    sort_order: i32,
}

impl From<ConsentPurposeInput> for PurposeInput {
    fn from(i: ConsentPurposeInput) -> Self {
        PurposeInput {
            key: i.key,
            name_sv: i.name_sv,
            name_en: i.name_en,
            description_sv: i.description_sv,
            description_en: i.description_en,
            channel: i.channel,
            requires_opt_in: i.requires_opt_in,
            active: i.active,
            sort_order: i.sort_order,
        }
    }
}

/// An immutable version of the consent declaration text customers agree to.
#[derive(SimpleObject)]
pub struct ConsentDeclaration {
    id: ID,
    version: i32,
    text: String,
    /// SHA-256 of the text, hex.
    content_hash: String,
    created_at: DateTime<Utc>,
    /// Name of the staff user who published it (null for the built-in first version).
    created_by_name: Option<String>,
    /// Whether this is the version in force now.
    current: bool,
}

pub fn declaration_object(
    m: consent_declaration::Model,
    current_version: i32,
    names: &HashMap<Uuid, String>,
) -> ConsentDeclaration {
    ConsentDeclaration {
        id: ID(m.id.to_string()),
        current: m.version == current_version,
        version: m.version,
        text: m.text,
        content_hash: m.content_hash,
        created_at: m.created_at,
        created_by_name: m.created_by.and_then(|id| names.get(&id).cloned()),
    }
}

async fn user_names(
    ctx: &Context<'_>,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<HashMap<Uuid, String>> {
    crate::features::users::service::names(&state(ctx)?.db, ids)
        .await
        .gql()
}

/// The current consent of a contact for one active purpose.
#[derive(SimpleObject)]
pub struct ContactConsent {
    purpose: ConsentPurpose,
    status: ConsentStatus,
    /// The latest decision; null when `NOT_ASKED`.
    decision: Option<ConsentDecision>,
    /// The declaration version the latest decision was given under.
    declaration_version: Option<i32>,
    valid_until: Option<DateTime<Utc>>,
    changed_at: Option<DateTime<Utc>>,
    source: Option<ConsentSource>,
}

/// One recorded consent change (append-only: never edited or deleted).
#[derive(SimpleObject)]
pub struct ConsentEvent {
    id: ID,
    contact_id: ID,
    purpose: ConsentPurpose,
    decision: ConsentDecision,
    legal_basis: LegalBasis,
    source: ConsentSource,
    /// `user`, `api_key`, `data_subject` or `system`.
    actor_kind: String,
    /// The staff user's name, when a staff user recorded it.
    actor_name: Option<String>,
    declaration_version: i32,
    /// What the customer signed or said: a form reference or text.
    evidence: Option<String>,
    valid_until: Option<DateTime<Utc>>,
    occurred_at: DateTime<Utc>,
}

/// Events with their purposes and actor names, as GraphQL objects.
async fn event_objects(
    ctx: &Context<'_>,
    events: Vec<consent_event::Model>,
) -> async_graphql::Result<Vec<ConsentEvent>> {
    let purposes: HashMap<Uuid, consent_purpose::Model> =
        purposes::active_or_all(&state(ctx)?.db, true)
            .await
            .gql()?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let names = user_names(
        ctx,
        events
            .iter()
            .filter_map(|e| e.actor_id.as_deref())
            .filter_map(|id| Uuid::parse_str(id).ok()),
    )
    .await?;
    events_shown(events, &purposes, &names)
}

fn events_shown(
    events: Vec<consent_event::Model>,
    purposes: &HashMap<Uuid, consent_purpose::Model>,
    names: &HashMap<Uuid, String>,
) -> async_graphql::Result<Vec<ConsentEvent>> {
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let purpose = purposes
            .get(&e.purpose_id)
            .cloned()
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("event without purpose")))
            .gql()?;
        out.push(ConsentEvent {
            id: ID(e.id.to_string()),
            contact_id: ID(e.contact_id.to_string()),
            purpose: purpose.into(),
            decision: ConsentDecision::from_db(&e.decision).unwrap_or(ConsentDecision::Denied),
            legal_basis: LegalBasis::from_db(&e.legal_basis).unwrap_or(LegalBasis::Consent),
            source: ConsentSource::from_db(&e.source).unwrap_or(ConsentSource::Import),
            actor_name: e
                .actor_id
                .as_deref()
                .and_then(|id| Uuid::parse_str(id).ok())
                .and_then(|id| names.get(&id).cloned()),
            actor_kind: e.actor_kind,
            declaration_version: e.declaration_version,
            evidence: e.evidence,
            valid_until: e.valid_until,
            occurred_at: e.occurred_at,
        });
    }
    Ok(out)
}

/// `Contact.consents`, batched through the request's [`ConsentLoader`].
pub async fn contact_consents(
    ctx: &Context<'_>,
    key: ContactKey,
) -> async_graphql::Result<Vec<ContactConsent>> {
    actor(ctx)?.require(Right::ReadCustomers).gql()?;
    let loaded = ctx
        .data::<DataLoader<ConsentLoader>>()?
        .load_one(key)
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("loading consents: {e}")))
        .gql()?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("consent loader lost a key")))
        .gql()?;
    Ok(columns(&loaded))
}

/// One consent per active purpose, in purpose order, from what the loader read.
pub fn columns(loaded: &ContactConsents) -> Vec<ContactConsent> {
    let now = Utc::now();
    loaded
        .purposes
        .iter()
        .map(|p| {
            let current = loaded.current.iter().find(|c| c.purpose_id == p.id);
            ContactConsent {
                purpose: p.clone().into(),
                status: ConsentStatus::of(current, loaded.declaration_version, now),
                decision: current.and_then(|c| ConsentDecision::from_db(&c.decision)),
                declaration_version: current.map(|c| c.declaration_version),
                valid_until: current.and_then(|c| c.valid_until),
                changed_at: current.map(|c| c.changed_at),
                source: current.and_then(|c| ConsentSource::from_db(&c.source)),
            }
        })
        .collect()
}

/// `Contact.consentHistory`, batched through the request's [`ConsentLoader`].
pub async fn contact_history(
    ctx: &Context<'_>,
    key: ContactKey,
) -> async_graphql::Result<Vec<ConsentEvent>> {
    let history = ctx
        .data::<DataLoader<ConsentLoader>>()?
        .load_one(HistoryOf(key))
        .await
        .map_err(|e| e.extend())?
        .ok_or_else(|| AppError::NotFound { entity: "contact" }.extend())?;
    events_shown(history.events, &history.purposes, &history.names)
}

#[derive(InputObject)]
pub struct ConsentChangeInput {
    contact_id: ID,
    purpose_id: ID,
    decision: ConsentDecision,
}

#[derive(InputObject)]
pub struct RecordConsentsInput {
    /// At least one; each (contact, purpose) at most once; all contacts of the same customer.
    changes: Vec<ConsentChangeInput>,
    source: ConsentSource,
    /// Required when staff record a change (1..2000 characters).
    evidence: String,
    valid_until: Option<DateTime<Utc>>,
    /// The declaration version printed on the paper form the customer signed (its number is on
    /// the form); the version in force when left out. An older version records the consent as
    /// given under that text, so it shows as outdated.
    declaration_version: Option<i32>,
}

#[derive(SimpleObject)]
pub struct RecordConsentsPayload {
    /// The new events, in the order they were recorded.
    events: Vec<ConsentEvent>,
    /// The customer's contacts after the save (with their current consents).
    contacts: Vec<Contact>,
}

#[derive(Default)]
pub struct ConsentQuery;

#[Object]
impl ConsentQuery {
    /// Purposes in sort order; inactive ones only with `includeInactive`.
    async fn consent_purposes(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_inactive: bool,
    ) -> async_graphql::Result<Vec<ConsentPurpose>> {
        let list = purposes::list(&state(ctx)?.db, &actor(ctx)?, include_inactive)
            .await
            .gql()?;
        Ok(list.into_iter().map(ConsentPurpose::from).collect())
    }

    /// The declaration version in force.
    async fn consent_declaration(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<ConsentDeclaration> {
        actor(ctx)?.require_staff().gql()?;
        let current = declaration::current(&state(ctx)?.db).await.gql()?;
        let names = user_names(ctx, current.created_by.into_iter()).await?;
        let version = current.version;
        Ok(declaration_object(current, version, &names))
    }

    /// Every version, newest first (`MANAGE_SETTINGS`).
    async fn consent_declarations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ConsentDeclaration>> {
        let list = declaration::list(&state(ctx)?.db, &actor(ctx)?)
            .await
            .gql()?;
        let current = list.first().map_or(0, |d| d.version);
        let names = user_names(ctx, list.iter().filter_map(|d| d.created_by)).await?;
        Ok(list
            .into_iter()
            .map(|d| declaration_object(d, current, &names))
            .collect())
    }
}

#[derive(Default)]
pub struct ConsentMutation;

#[Object]
impl ConsentMutation {
    /// Records consent changes for contacts of one customer in one transaction
    /// (`EDIT_CONSENTS`). `BAD_USER_INPUT` names the field: `changes[i].purposeId` for an unknown
    /// or inactive purpose, `changes[i].contactId`, `changes[i]` for a duplicate, `evidence`,
    /// `source`, `validUntil`.
    async fn record_consents(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        input: RecordConsentsInput,
    ) -> async_graphql::Result<RecordConsentsPayload> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        let mut changes = Vec::with_capacity(input.changes.len());
        for (i, c) in input.changes.iter().enumerate() {
            changes.push(Change {
                contact_id: parse_id(&c.contact_id, &format!("changes[{i}].contactId"))?,
                purpose_id: parse_id(&c.purpose_id, &format!("changes[{i}].purposeId"))?,
                decision: c.decision,
            });
        }
        let state = state(ctx)?;
        let actor = actor(ctx)?;
        let events = service::record(
            &state.db,
            &state.consent_feed,
            &actor,
            customer_id,
            &RecordInput {
                changes,
                source: input.source,
                evidence: Some(input.evidence),
                valid_until: input.valid_until,
                user_agent: None,
                declaration_version: input.declaration_version,
            },
        )
        .await
        .gql()?;
        let contacts = contact::Entity::find()
            .filter(contact::Column::CustomerId.eq(customer_id))
            .all(&state.db)
            .await
            .map_err(AppError::from)
            .gql()?;
        Ok(RecordConsentsPayload {
            events: event_objects(ctx, events).await?,
            contacts: {
                let mut contacts: Vec<contact::Model> = contacts;
                contacts.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
                contacts.into_iter().map(Contact::from).collect()
            },
        })
    }

    /// Creates a purpose (`MANAGE_SETTINGS`).
    async fn create_consent_purpose(
        &self,
        ctx: &Context<'_>,
        input: ConsentPurposeInput,
    ) -> async_graphql::Result<ConsentPurpose> {
        Ok(
            purposes::create(&state(ctx)?.db, &actor(ctx)?, &input.into())
                .await
                .gql()?
                .into(),
        )
    }

    /// Changes a purpose; `CONFLICT` on a stale `expectedVersion`, and (field `key`) when the key
    /// would change after consents were recorded under it.
    async fn update_consent_purpose(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: ConsentPurposeInput,
    ) -> async_graphql::Result<ConsentPurpose> {
        let id = parse_id(&id, "id")?;
        Ok(purposes::update(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            expected_version,
            &input.into(),
        )
        .await
        .gql()?
        .into())
    }

    /// Publishes a new declaration version (`MANAGE_SETTINGS`); consents granted under earlier
    /// versions become `OUTDATED` until granted again.
    async fn publish_consent_declaration(
        &self,
        ctx: &Context<'_>,
        text: String,
    ) -> async_graphql::Result<ConsentDeclaration> {
        let created = declaration::publish(&state(ctx)?.db, &actor(ctx)?, &text)
            .await
            .gql()?;
        let names = user_names(ctx, created.created_by.into_iter()).await?;
        let version = created.version;
        Ok(declaration_object(created, version, &names))
    }
}
