//! Recording consent changes (events + projection in one transaction) and reading them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter, QueryOrder, Set, Statement,
};
use uuid::Uuid;

use super::feed::ConsentFeed;
use super::{ConsentDecision, ConsentSource, LegalBasis, declaration, loader};
use crate::domain::text;
use crate::entities::{consent_event, consent_purpose, contact, current_consent};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::contacts;
use crate::features::customers::CustomerState;

pub const EVIDENCE_MAX: usize = 2_000;
/// More than any consent screen sends; bounds one transaction.
pub const MAX_CHANGES: usize = 1_000;

#[derive(Debug, Clone)]
pub struct Change {
    pub contact_id: Uuid,
    pub purpose_id: Uuid,
    pub decision: ConsentDecision,
}

#[derive(Debug, Clone)]
pub struct RecordInput {
    pub changes: Vec<Change>,
    pub source: ConsentSource,
    pub evidence: Option<String>,
    pub valid_until: Option<DateTime<Utc>>,
    /// Self-service only: the browser's user agent.
    pub user_agent: Option<String>,
    /// The declaration version printed on the paper form the customer signed; the version in
    /// force when left out.
    pub declaration_version: Option<i32>,
}

fn change_field(i: usize, name: &str) -> String {
    format!("changes[{i}].{name}")
}

/// Checks everything that does not need the database.
fn validate(actor: &Actor, input: &RecordInput) -> AppResult<Option<String>> {
    if input.changes.is_empty() {
        return Err(AppError::bad_input("changes", "nothing to record"));
    }
    if input.changes.len() > MAX_CHANGES {
        return Err(AppError::bad_input(
            "changes",
            format!("at most {MAX_CHANGES} changes in one save"),
        ));
    }
    let staff = matches!(actor, Actor::User { .. });
    if staff && !input.source.staff_may_record() {
        return Err(AppError::bad_input(
            "source",
            "My page and the webshop record their own changes",
        ));
    }
    if matches!(actor, Actor::Portal { .. }) && input.source != ConsentSource::MyPage {
        return Err(AppError::bad_input(
            "source",
            "changes on My page are recorded as made on My page",
        ));
    }
    if matches!(actor, Actor::ApiKey { .. }) && input.source != ConsentSource::Webshop {
        return Err(AppError::bad_input(
            "source",
            "an API key records changes made on the webshop only",
        ));
    }
    let evidence = text::clean(input.evidence.as_deref(), EVIDENCE_MAX, staff, true)
        .map_err(|e| AppError::bad_input("evidence", e))?;
    if let Some(until) = input.valid_until
        && until <= Utc::now()
    {
        return Err(AppError::bad_input("validUntil", "must be in the future"));
    }
    let mut seen = HashSet::new();
    for (i, c) in input.changes.iter().enumerate() {
        if !seen.insert((c.contact_id, c.purpose_id)) {
            return Err(AppError::bad_input(
                format!("changes[{i}]"),
                "this contact and purpose appear more than once in one save",
            ));
        }
    }
    Ok(evidence)
}

/// Records consent changes for contacts of one customer, in one transaction: one event per
/// change, in the order given, and the projection moved to each; announced on `feed` once
/// committed.
pub async fn record(
    db: &DatabaseConnection,
    feed: &ConsentFeed,
    actor: &Actor,
    customer_id: Uuid,
    input: &RecordInput,
) -> AppResult<Vec<consent_event::Model>> {
    // The consent screen is for staff; a webshop records through its own API.
    actor.require_staff()?;
    actor.require(Right::EditConsents)?;
    validate(actor, input)?;
    let txn = crate::db::begin_write(db).await?;
    let events = record_in(&txn, actor, customer_id, input).await?;
    txn.commit().await?;
    feed.publish(&events);
    Ok(events)
}

/// [`record`] inside the caller's write transaction, for callers that write more in the same
/// transaction (the webshop's idempotency key). The caller commits, then publishes the events
/// on the [`ConsentFeed`].
pub async fn record_in(
    txn: &DatabaseTransaction,
    actor: &Actor,
    customer_id: Uuid,
    input: &RecordInput,
) -> AppResult<Vec<consent_event::Model>> {
    // A contact on My page changes their own consents; everyone else needs the right.
    if let Actor::Portal { contact_id, .. } = actor {
        if input.changes.iter().any(|c| c.contact_id != *contact_id) {
            return Err(AppError::Forbidden);
        }
    } else {
        actor.require(Right::EditConsents)?;
    }
    let evidence = validate(actor, input)?;
    // Saves for one customer queue behind each other (SQLite write transactions already do).
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM customers WHERE id = $1 FOR UPDATE",
            [customer_id.into()],
        ))
        .await?;
    }
    let owner = match actor {
        Actor::Portal {
            customer_id: own, ..
        } if *own == customer_id => crate::entities::customer::Entity::find_by_id(customer_id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound { entity: "customer" })?,
        Actor::Portal { .. } => return Err(AppError::Forbidden),
        _ => access::service::visible_customer(txn, actor, customer_id).await?,
    };
    if CustomerState::from_db(&owner.state) == CustomerState::Anonymized {
        return Err(AppError::conflict(
            "an anonymized customer has no consents to record",
        ));
    }
    let contacts: HashSet<Uuid> = contact::Entity::find()
        .filter(contact::Column::CustomerId.eq(customer_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let purpose_ids: Vec<Uuid> = input.changes.iter().map(|c| c.purpose_id).collect();
    let purposes: HashMap<Uuid, consent_purpose::Model> = consent_purpose::Entity::find()
        .filter(consent_purpose::Column::Id.is_in(purpose_ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for (i, c) in input.changes.iter().enumerate() {
        if !contacts.contains(&c.contact_id) {
            return Err(AppError::bad_input(
                change_field(i, "contactId"),
                "is not a contact of this customer",
            ));
        }
        match purposes.get(&c.purpose_id) {
            None => {
                return Err(AppError::bad_input(
                    change_field(i, "purposeId"),
                    "is not a consent purpose",
                ));
            }
            Some(p) if !p.active => {
                return Err(AppError::bad_input(
                    change_field(i, "purposeId"),
                    "this purpose is no longer active",
                ));
            }
            Some(_) => {}
        }
    }
    let current_version = declaration::current(txn).await?.version;
    let version = match input.declaration_version {
        None => current_version,
        Some(v) if (1..=current_version).contains(&v) => v,
        Some(_) => {
            return Err(AppError::bad_input(
                "declarationVersion",
                format!("there is no declaration version like that (1 to {current_version})"),
            ));
        }
    };
    let now = Utc::now();
    let mut events = Vec::with_capacity(input.changes.len());
    for c in &input.changes {
        let purpose = &purposes[&c.purpose_id];
        let basis = if purpose.requires_opt_in {
            LegalBasis::Consent
        } else {
            LegalBasis::LegitimateInterest
        };
        let event = consent_event::ActiveModel {
            contact_id: Set(c.contact_id),
            customer_id: Set(customer_id),
            purpose_id: Set(c.purpose_id),
            decision: Set(c.decision.as_str().to_owned()),
            legal_basis: Set(basis.as_str().to_owned()),
            source: Set(input.source.as_str().to_owned()),
            actor_kind: Set(actor.kind().to_owned()),
            actor_id: Set(actor.id()),
            declaration_version: Set(version),
            evidence: Set(evidence.clone()),
            valid_until: Set(input.valid_until),
            user_agent: Set(input.user_agent.clone()),
            // A self-service change keeps where it came from, as evidence.
            ip: Set(match actor {
                Actor::Portal { .. } => actor.ip().map(str::to_owned),
                _ => None,
            }),
            occurred_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        project(txn, &event).await?;
        events.push(event);
    }
    crate::features::webhooks::service::enqueue_consent_changes(txn, &events, &purposes).await?;
    audit::record(
        txn,
        actor,
        "consent.record",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "contactIds": events.iter().map(|e| e.contact_id.to_string()).collect::<HashSet<_>>(),
            "eventIds": events.iter().map(|e| e.id).collect::<Vec<_>>(),
            "source": input.source.as_str(),
        })),
    )
    .await?;
    Ok(events)
}

/// Moves the projection of (contact, purpose) to `event` unless it already holds a later one.
async fn project(db: &impl ConnectionTrait, event: &consent_event::Model) -> AppResult<()> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO current_consents (contact_id, purpose_id, customer_id, event_id, decision, \
             source, declaration_version, valid_until, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (contact_id, purpose_id) DO UPDATE SET customer_id = excluded.customer_id, \
             event_id = excluded.event_id, decision = excluded.decision, source = excluded.source, \
             declaration_version = excluded.declaration_version, valid_until = excluded.valid_until, \
             changed_at = excluded.changed_at WHERE current_consents.event_id < excluded.event_id"
        }
        _ => {
            "INSERT INTO current_consents (contact_id, purpose_id, customer_id, event_id, decision, \
             source, declaration_version, valid_until, changed_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (contact_id, purpose_id) DO UPDATE SET customer_id = excluded.customer_id, \
             event_id = excluded.event_id, decision = excluded.decision, source = excluded.source, \
             declaration_version = excluded.declaration_version, valid_until = excluded.valid_until, \
             changed_at = excluded.changed_at WHERE current_consents.event_id < excluded.event_id"
        }
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [
            event.contact_id.into(),
            event.purpose_id.into(),
            event.customer_id.into(),
            event.id.into(),
            event.decision.clone().into(),
            event.source.clone().into(),
            event.declaration_version.into(),
            event.valid_until.into(),
            event.occurred_at.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The current consents of many contacts in one query (no auditing or access check: callers
/// reached the contacts through customers the actor may see and audit the read).
pub async fn current_for_contacts(
    db: &impl ConnectionTrait,
    contact_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<current_consent::Model>>> {
    let mut by_contact: HashMap<Uuid, Vec<current_consent::Model>> = HashMap::new();
    // Bounded IN lists keep every engine's parameter limit far away.
    for chunk in contact_ids.chunks(1_000) {
        for row in current_consent::Entity::find()
            .filter(current_consent::Column::ContactId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            by_contact.entry(row.contact_id).or_default().push(row);
        }
    }
    Ok(by_contact)
}

/// Every consent event of one contact, newest first; the read is audited.
pub async fn history(
    db: &impl AuditTarget,
    actor: &Actor,
    contact_id: Uuid,
) -> AppResult<Vec<consent_event::Model>> {
    actor.require(Right::ReadCustomers)?;
    let (contact, _) = contacts::service::visible(db, actor, contact_id).await?;
    let events = consent_event::Entity::find()
        .filter(consent_event::Column::ContactId.eq(contact.id))
        .order_by_desc(consent_event::Column::Id)
        .all(db)
        .await?;
    audit::record(
        db,
        actor,
        "contact.consent_history.read",
        Some(("contact", contact.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "customerId": contact.customer_id.to_string(),
            "eventCount": events.len(),
        })),
    )
    .await?;
    Ok(events)
}

/// Every consent event of each contact in `contacts` whose customer the actor may see, newest
/// first, in three statements and one audit row however many contacts (the consent histories
/// of a page of contacts); hidden contacts are left out of the map.
pub async fn histories(
    db: &impl AuditTarget,
    actor: &Actor,
    contacts: &[loader::ContactKey],
) -> AppResult<HashMap<Uuid, Vec<consent_event::Model>>> {
    actor.require(Right::ReadCustomers)?;
    let customer_ids: Vec<Uuid> = contacts.iter().map(|k| k.customer).collect();
    let visible: HashSet<Uuid> = access::service::visible_customer_ids(db, actor, &customer_ids)
        .await?
        .into_iter()
        .collect();
    let shown: Vec<&loader::ContactKey> = contacts
        .iter()
        .filter(|k| visible.contains(&k.customer))
        .collect();
    let mut out: HashMap<Uuid, Vec<consent_event::Model>> =
        shown.iter().map(|k| (k.contact, Vec::new())).collect();
    if shown.is_empty() {
        return Ok(out);
    }
    // The customer condition keeps a contact key from reaching another customer's events.
    let events = consent_event::Entity::find()
        .filter(consent_event::Column::ContactId.is_in(shown.iter().map(|k| k.contact)))
        .filter(consent_event::Column::CustomerId.is_in(visible.iter().copied()))
        .order_by_desc(consent_event::Column::Id)
        .all(db)
        .await?;
    let (entity, details) = match shown.as_slice() {
        [one] => (
            Some(("contact", one.contact.to_string())),
            serde_json::json!({
                "customerId": one.customer.to_string(),
                "eventCount": events.len(),
            }),
        ),
        many => {
            let mut customers: Vec<String> = many.iter().map(|k| k.customer.to_string()).collect();
            customers.sort();
            customers.dedup();
            (
                None,
                serde_json::json!({
                    "contactIds": many.iter().map(|k| k.contact.to_string()).collect::<Vec<_>>(),
                    "customerIds": customers,
                    "eventCount": events.len(),
                }),
            )
        }
    };
    audit::record(
        db,
        actor,
        "contact.consent_history.read",
        entity,
        Outcome::Success,
        Some(details),
    )
    .await?;
    for event in events {
        if let Some(list) = out.get_mut(&event.contact_id) {
            list.push(event);
        }
    }
    Ok(out)
}

/// Recomputes the projection from the events: for each (contact, purpose), the event with the
/// highest id. Returns the rows; `tests` compare them with `current_consents`, and an operator
/// can use it to repair the table.
pub async fn rebuild_projection(
    db: &impl ConnectionTrait,
) -> AppResult<Vec<current_consent::Model>> {
    let mut latest: HashMap<(Uuid, Uuid), consent_event::Model> = HashMap::new();
    for event in consent_event::Entity::find()
        .order_by_asc(consent_event::Column::Id)
        .all(db)
        .await?
    {
        latest.insert((event.contact_id, event.purpose_id), event);
    }
    let mut rows: Vec<current_consent::Model> = latest
        .into_values()
        .map(|e| current_consent::Model {
            contact_id: e.contact_id,
            purpose_id: e.purpose_id,
            customer_id: e.customer_id,
            event_id: e.id,
            decision: e.decision,
            source: e.source,
            declaration_version: e.declaration_version,
            valid_until: e.valid_until,
            changed_at: e.occurred_at,
        })
        .collect();
    rows.sort_by_key(|r| (r.contact_id, r.purpose_id));
    Ok(rows)
}
