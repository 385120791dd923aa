//! Lookups, terms and recording for the webshop (see the module docs).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::Sql;
use crate::domain::email::Email;
use crate::domain::phone::PhoneNumber;
use crate::domain::{Country, text};
use crate::entities::{
    consent_declaration, consent_event, consent_purpose, contact, current_consent, idempotency_key,
};
use crate::error::{AppError, AppResult};
use crate::features::access;
use crate::features::api_keys::ApiScope;
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::consents::feed::ConsentFeed;
use crate::features::consents::service::{self as consents, Change, RecordInput};
use crate::features::consents::{ConsentDecision, ConsentSource, declaration, purposes};
use crate::features::contacts;
use crate::features::customers::CustomerState;
use crate::features::customers::service::is_unique_violation;

/// More contacts than one person has; bounds a lookup by a shared address.
pub const MAX_MATCHES: u64 = 20;
pub const IDEMPOTENCY_KEY_MAX: usize = 100;
pub const USER_AGENT_MAX: usize = 500;

/// How the webshop names the person.
#[derive(Debug, Clone)]
pub enum Lookup {
    Email(String),
    Phone(String),
    ExternalId(String),
}

/// A contact the webshop may see, with its current consents.
pub struct ContactConsents {
    pub contact: contact::Model,
    pub consents: Vec<current_consent::Model>,
}

/// What the webshop shows the customer: the declaration in force and the active purposes.
pub struct Terms {
    pub declaration: consent_declaration::Model,
    pub purposes: Vec<consent_purpose::Model>,
}

fn require_read(actor: &Actor) -> AppResult<()> {
    if actor.has_scope(ApiScope::ConsentWrite) {
        return Ok(());
    }
    actor.require_scope(ApiScope::ConsentRead)
}

pub async fn terms(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Terms> {
    require_read(actor)?;
    Ok(Terms {
        declaration: declaration::current(db).await?,
        purposes: purposes::active_or_all(db, false).await?,
    })
}

/// The column and the normalised value to look for.
fn normalise(lookup: &Lookup) -> AppResult<(&'static str, String)> {
    let err = |field: &'static str| move |e| AppError::bad_input(format!("lookup.{field}"), e);
    Ok(match lookup {
        Lookup::Email(raw) => {
            let clean = text::clean(Some(raw), 320, true, false)
                .map_err(err("email"))?
                .unwrap_or_default();
            (
                "email",
                Email::parse(&clean).map_err(err("email"))?.into_inner(),
            )
        }
        Lookup::Phone(raw) => {
            let clean = text::clean(Some(raw), 40, true, false)
                .map_err(err("phone"))?
                .unwrap_or_default();
            (
                "phone",
                PhoneNumber::parse(&clean, Country::Se)
                    .map_err(err("phone"))?
                    .into_inner(),
            )
        }
        Lookup::ExternalId(raw) => (
            "external_id",
            text::clean(Some(raw), contacts::service::EXTERNAL_ID_MAX, true, false)
                .map_err(err("externalId"))?
                .unwrap_or_default(),
        ),
    })
}

/// A contact the webshop found, with its consent for every active purpose.
pub struct Found {
    pub contact_id: Uuid,
    pub customer_id: Uuid,
    pub external_id: Option<String>,
    /// One per active purpose, in the purposes' order.
    pub consents: Vec<PurposeConsent>,
    /// The declaration in force (a grant of an older one is outdated).
    pub declaration_version: i32,
}

/// The current consent for one purpose (`None`: never asked).
pub struct PurposeConsent {
    pub purpose: String,
    pub current: Option<current_consent::Model>,
}

impl Found {
    /// The same view of a contact read by other means (after recording).
    pub fn assemble(
        found: ContactConsents,
        active: &[consent_purpose::Model],
        declaration_version: i32,
    ) -> Found {
        let mut by_purpose: HashMap<Uuid, current_consent::Model> = found
            .consents
            .into_iter()
            .map(|c| (c.purpose_id, c))
            .collect();
        Found {
            contact_id: found.contact.id,
            customer_id: found.contact.customer_id,
            external_id: found.contact.external_id,
            consents: active
                .iter()
                .map(|p| PurposeConsent {
                    purpose: p.key.clone(),
                    current: by_purpose.remove(&p.id),
                })
                .collect(),
            declaration_version,
        }
    }
}

/// Contacts matching `lookup` among the customers the key may see (not archived, not
/// anonymized), oldest first, each with its current consent for every active purpose and the
/// declaration version in force — all in one statement, since a webshop asks on every checkout.
/// The lookup is audited, also when it finds nobody.
pub async fn find(db: &impl AuditTarget, actor: &Actor, lookup: &Lookup) -> AppResult<Vec<Found>> {
    require_read(actor)?;
    let (column, value) = normalise(lookup)?;
    let mut sql = Sql::new(db.get_database_backend());
    // Every active purpose for each contact (a contact also appears once when no purpose is
    // active), with the current consent where there is one.
    sql.push(
        "SELECT ct.id AS contact_id, ct.customer_id, ct.external_id, p.id AS purpose_id, \
         p.key AS purpose_key, cc.event_id, cc.decision, cc.source, cc.declaration_version, \
         cc.valid_until, cc.changed_at, \
         (SELECT max(version) FROM consent_declarations) AS current_declaration \
         FROM (SELECT ct.id, ct.customer_id, ct.external_id, ct.created_at \
         FROM contacts ct JOIN customers c ON c.id = ct.customer_id \
         WHERE NOT ct.archived AND c.state <> ",
    );
    sql.bind(CustomerState::Anonymized.as_str());
    sql.push(&format!(" AND ct.{column} = "));
    sql.bind(value);
    access::service::push_scope(&mut sql, &actor.customer_scope(), "c");
    sql.push(&format!(
        " ORDER BY ct.created_at, ct.id LIMIT {MAX_MATCHES}) ct \
         LEFT JOIN consent_purposes p ON p.active \
         LEFT JOIN current_consents cc ON cc.contact_id = ct.id AND cc.purpose_id = p.id \
         ORDER BY ct.created_at, ct.id, p.sort_order, p.key"
    ));
    let rows = db.query_all_raw(sql.build()).await?;
    let mut found: Vec<Found> = Vec::new();
    for row in rows {
        let contact_id: Uuid = row.try_get("", "contact_id")?;
        if found.last().is_none_or(|f| f.contact_id != contact_id) {
            let declaration_version = row
                .try_get::<Option<i32>>("", "current_declaration")?
                .ok_or_else(|| {
                    AppError::internal(anyhow::anyhow!("no consent declaration in the database"))
                })?;
            found.push(Found {
                contact_id,
                customer_id: row.try_get("", "customer_id")?,
                external_id: row.try_get("", "external_id")?,
                consents: Vec::new(),
                declaration_version,
            });
        }
        let Some(purpose_id) = row.try_get::<Option<Uuid>>("", "purpose_id")? else {
            continue;
        };
        let current = match row.try_get::<Option<i64>>("", "event_id")? {
            Some(event_id) => Some(current_consent::Model {
                contact_id,
                purpose_id,
                customer_id: row.try_get("", "customer_id")?,
                event_id,
                decision: row.try_get("", "decision")?,
                source: row.try_get("", "source")?,
                declaration_version: row.try_get("", "declaration_version")?,
                valid_until: row.try_get("", "valid_until")?,
                changed_at: row.try_get("", "changed_at")?,
            }),
            None => None,
        };
        if let Some(last) = found.last_mut() {
            last.consents.push(PurposeConsent {
                purpose: row.try_get("", "purpose_key")?,
                current,
            });
        }
    }
    audit::record(
        db,
        actor,
        "webshop.lookup",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "by": column,
            "contactIds": found.iter().map(|f| f.contact_id.to_string()).collect::<Vec<_>>(),
            "customerIds": found.iter().map(|f| f.customer_id.to_string()).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(found)
}

#[derive(Debug, Clone)]
pub struct WebshopChange {
    pub contact_id: Uuid,
    /// Purpose key and what the customer chose, in the order shown.
    pub changes: Vec<(String, ConsentDecision)>,
    /// The declaration version the customer was shown.
    pub declaration_version: i32,
    pub user_agent: Option<String>,
    pub idempotency_key: String,
}

/// The result of recording: the contact afterwards, and whether this was a retry of an earlier
/// request (then nothing new was recorded).
pub struct Recorded {
    pub contact: ContactConsents,
    pub replayed: bool,
    pub event_ids: Vec<i64>,
}

/// Records what the customer chose on the webshop (see [`record`]) and announces new events on
/// the live feed once committed.
pub async fn record_and_publish(
    db: &DatabaseConnection,
    feed: &ConsentFeed,
    actor: &Actor,
    input: &WebshopChange,
) -> AppResult<Recorded> {
    let (recorded, events) = record(db, actor, input).await?;
    feed.publish(&events);
    Ok(recorded)
}

fn request_hash(input: &WebshopChange, user_agent: Option<&str>) -> String {
    let canonical = serde_json::json!({
        "contactId": input.contact_id,
        "changes": input.changes.iter().map(|(k, d)| [k.as_str(), d.as_str()]).collect::<Vec<_>>(),
        "declarationVersion": input.declaration_version,
        "userAgent": user_agent,
    });
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

fn valid_key(key: &str) -> AppResult<String> {
    let key = key.trim();
    if key.is_empty() || key.chars().count() > IDEMPOTENCY_KEY_MAX {
        return Err(AppError::bad_input(
            "idempotencyKey",
            format!("must be 1 to {IDEMPOTENCY_KEY_MAX} characters"),
        ));
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    {
        return Err(AppError::bad_input(
            "idempotencyKey",
            "may contain letters, digits and - _ . : only",
        ));
    }
    Ok(key.to_owned())
}

async fn contact_state(
    db: &impl ConnectionTrait,
    contact: contact::Model,
) -> AppResult<ContactConsents> {
    let mut consents = consents::current_for_contacts(db, &[contact.id]).await?;
    Ok(ContactConsents {
        consents: consents.remove(&contact.id).unwrap_or_default(),
        contact,
    })
}

/// Records what the customer chose on the webshop. A retry with the same idempotency key and
/// the same request records nothing and answers as the first time did (`replayed`); the same
/// key with a different request is a `CONFLICT`. Returns the new events (none for a replay).
async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &WebshopChange,
) -> AppResult<(Recorded, Vec<consent_event::Model>)> {
    actor.require_scope(ApiScope::ConsentWrite)?;
    let key = valid_key(&input.idempotency_key)?;
    let user_agent = text::clean(input.user_agent.as_deref(), USER_AGENT_MAX, false, false)
        .map_err(|e| AppError::bad_input("userAgent", e))?;
    if input.changes.is_empty() {
        return Err(AppError::bad_input("changes", "nothing to record"));
    }
    let hash = request_hash(input, user_agent.as_deref());
    let owner = format!("{}:{}", actor.kind(), actor.id().unwrap_or_default());

    // Twice at most: a concurrent first request with the same key that commits while this one
    // runs makes this one a replay.
    for _ in 0..2 {
        let txn = crate::db::begin_write(db).await?;
        if let Some(earlier) = idempotency_key::Entity::find_by_id((owner.clone(), key.clone()))
            .one(&txn)
            .await?
        {
            drop(txn);
            return Ok((replay(db, actor, input, &hash, earlier).await?, Vec::new()));
        }
        let claimed = idempotency_key::ActiveModel {
            owner: Set(owner.clone()),
            key: Set(key.clone()),
            request_hash: Set(hash.clone()),
            result: Set(serde_json::json!({})),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await;
        match claimed {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
        let (found, owner_customer) = contacts::service::visible(&txn, actor, input.contact_id)
            .await
            .map_err(|e| match e {
                AppError::NotFound { .. } => AppError::NotFound { entity: "contact" },
                other => other,
            })?;
        if found.archived {
            return Err(AppError::bad_input("contactId", "this contact is archived"));
        }
        let by_key: HashMap<String, Uuid> = purposes::active_or_all(&txn, false)
            .await?
            .into_iter()
            .map(|p| (p.key, p.id))
            .collect();
        let mut changes = Vec::with_capacity(input.changes.len());
        for (i, (purpose, decision)) in input.changes.iter().enumerate() {
            let purpose_id = by_key.get(purpose.trim()).copied().ok_or_else(|| {
                AppError::bad_input(
                    format!("changes[{i}].purpose"),
                    "is not an active consent purpose",
                )
            })?;
            changes.push(Change {
                contact_id: found.id,
                purpose_id,
                decision: *decision,
            });
        }
        let events = consents::record_in(
            &txn,
            actor,
            owner_customer.id,
            &RecordInput {
                changes,
                source: ConsentSource::Webshop,
                evidence: None,
                valid_until: None,
                user_agent: user_agent.clone(),
                declaration_version: Some(input.declaration_version),
            },
        )
        .await?;
        let event_ids: Vec<i64> = events.iter().map(|e| e.id).collect();
        idempotency_key::Entity::update_many()
            .col_expr(
                idempotency_key::Column::Result,
                sea_orm::sea_query::Expr::value(serde_json::json!({ "eventIds": event_ids })),
            )
            .filter(idempotency_key::Column::Owner.eq(owner.clone()))
            .filter(idempotency_key::Column::Key.eq(key.clone()))
            .exec(&txn)
            .await?;
        let contact = contact_state(&txn, found).await?;
        txn.commit().await?;
        return Ok((
            Recorded {
                contact,
                replayed: false,
                event_ids,
            },
            events,
        ));
    }
    Err(AppError::conflict(
        "another request with this idempotency key is being processed; retry",
    ))
}

async fn replay(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &WebshopChange,
    hash: &str,
    earlier: idempotency_key::Model,
) -> AppResult<Recorded> {
    if earlier.request_hash != hash {
        return Err(AppError::Conflict {
            field: Some("idempotencyKey".into()),
            message: "this idempotency key was used for a different request".into(),
        });
    }
    let (found, _) = contacts::service::visible(db, actor, input.contact_id)
        .await
        .map_err(|_| AppError::NotFound { entity: "contact" })?;
    let event_ids: Vec<i64> = earlier
        .result
        .get("eventIds")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_i64)
        .collect();
    audit::record(
        db,
        actor,
        "webshop.replay",
        Some(("contact", found.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "customerId": found.customer_id.to_string(),
            "eventIds": event_ids,
        })),
    )
    .await?;
    Ok(Recorded {
        contact: contact_state(db, found).await?,
        replayed: true,
        event_ids,
    })
}
