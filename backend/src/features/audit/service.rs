//! Writing audit rows.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};
use uuid::Uuid;

use super::writer::{self, NewEvent};
use crate::error::AppResult;
use crate::features::auth::Actor;

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(name = "AuditOutcome")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }

    pub fn from_db(value: &str) -> Outcome {
        match value {
            "success" => Outcome::Success,
            "denied" => Outcome::Denied,
            _ => Outcome::Failure,
        }
    }
}

/// The customers an event is about: its entity when that is a customer, and the `customerId` /
/// `customerIds` in its details (contact changes, search results).
fn subjects(entity: Option<&(&str, String)>, details: Option<&serde_json::Value>) -> Vec<Uuid> {
    let mut ids = Vec::new();
    if let Some(("customer", id)) = entity.map(|(t, id)| (*t, id))
        && let Ok(id) = Uuid::parse_str(id)
    {
        ids.push(id);
    }
    if let Some(details) = details {
        let single = details.get("customerId").into_iter();
        let many = details
            .get("customerIds")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten();
        ids.extend(
            single
                .chain(many)
                .filter_map(serde_json::Value::as_str)
                .filter_map(|s| Uuid::parse_str(s).ok()),
        );
    }
    ids.sort();
    ids.dedup();
    ids
}

/// Where an audit row can be written: a connection (the row is committed on its own, through
/// the group-committing writer when the request has one) or a transaction (the row commits with
/// the change it records).
pub trait AuditTarget: ConnectionTrait {
    fn in_transaction(&self) -> bool;
}

impl AuditTarget for DatabaseConnection {
    fn in_transaction(&self) -> bool {
        false
    }
}

impl AuditTarget for DatabaseTransaction {
    fn in_transaction(&self) -> bool {
        true
    }
}

/// Appends one audit row. `entity` is `(type, id)`; `details` must hold ids and counts only.
/// Returns once the row is committed, or will commit with `db`'s transaction.
pub async fn record(
    db: &impl AuditTarget,
    actor: &Actor,
    action: &str,
    entity: Option<(&str, String)>,
    outcome: Outcome,
    details: Option<serde_json::Value>,
) -> AppResult<()> {
    let subjects = subjects(entity.as_ref(), details.as_ref());
    record_about(db, actor, action, entity, outcome, details, subjects).await
}

/// Like [`record`], with the customers the row is about given as they are rather than listed in
/// `details` (an export chunk names thousands: as subjects only, not again as JSON).
pub async fn record_about(
    db: &impl AuditTarget,
    actor: &Actor,
    action: &str,
    entity: Option<(&str, String)>,
    outcome: Outcome,
    details: Option<serde_json::Value>,
    subjects: Vec<Uuid>,
) -> AppResult<()> {
    let mut event = new_event(actor, action, entity, outcome, details, subjects);
    if !db.in_transaction()
        && let Some(queue) = actor.audit_queue()
    {
        match queue.write(event).await? {
            None => return Ok(()),
            // The writer has stopped (shutdown): write the row here.
            Some(back) => event = back,
        }
    }
    writer::insert_in(db, &[&event]).await?;
    Ok(())
}

fn new_event(
    actor: &Actor,
    action: &str,
    entity: Option<(&str, String)>,
    outcome: Outcome,
    details: Option<serde_json::Value>,
    subjects: Vec<Uuid>,
) -> NewEvent {
    let (entity_type, entity_id) = match entity {
        Some((t, id)) => (Some(t.to_owned()), Some(id)),
        None => (None, None),
    };
    NewEvent {
        occurred_at: Utc::now(),
        actor_kind: actor.kind().to_owned(),
        actor_id: actor.id(),
        action: action.to_owned(),
        entity_type,
        entity_id,
        outcome: outcome.as_str().to_owned(),
        ip: actor.ip().map(str::to_owned),
        request_id: actor.request_id().map(str::to_owned),
        details,
        subjects,
    }
}

/// One successful row per `(entity, details)`, inside `txn` and in as few statements as the
/// bind limits allow: a bulk change records each record it changed exactly as a single change
/// would, and the rows commit with the change.
pub async fn record_each(
    txn: &DatabaseTransaction,
    actor: &Actor,
    action: &str,
    rows: Vec<((&str, String), serde_json::Value)>,
) -> AppResult<()> {
    let events: Vec<NewEvent> = rows
        .into_iter()
        .map(|(entity, details)| {
            let subjects = subjects(Some(&entity), Some(&details));
            new_event(
                actor,
                action,
                Some(entity),
                Outcome::Success,
                Some(details),
                subjects,
            )
        })
        .collect();
    for chunk in events.chunks(writer::MAX_BATCH) {
        let chunk: Vec<&NewEvent> = chunk.iter().collect();
        writer::insert_in(txn, &chunk).await?;
    }
    Ok(())
}

/// One audit row for reading a kind of record of several customers at once (the nested lists
/// of a page of customers, loaded in one batch): with one customer it is the row's entity, as
/// for a single read; with more, they are listed in `customerIds`. Either way every customer is
/// a subject of the row. `details` must be an object of ids and counts.
pub async fn record_read_of(
    db: &impl AuditTarget,
    actor: &Actor,
    action: &str,
    customers: &[Uuid],
    mut details: serde_json::Value,
) -> AppResult<()> {
    let entity = match customers {
        [one] => Some(("customer", one.to_string())),
        _ => {
            let mut ids: Vec<String> = customers.iter().map(Uuid::to_string).collect();
            ids.sort();
            ids.dedup();
            if let Some(object) = details.as_object_mut() {
                object.insert("customerIds".to_owned(), serde_json::json!(ids));
            }
            None
        }
    };
    record(db, actor, action, entity, Outcome::Success, Some(details)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_come_from_the_entity_and_the_details() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let entity = ("customer", a.to_string());
        assert_eq!(subjects(Some(&entity), None), vec![a]);
        let details = serde_json::json!({ "customerIds": [b.to_string(), a.to_string(), "x"] });
        let mut both = vec![a, b];
        both.sort();
        assert_eq!(subjects(Some(&entity), Some(&details)), both);
        let contact = ("contact", b.to_string());
        let details = serde_json::json!({ "customerId": a.to_string() });
        assert_eq!(subjects(Some(&contact), Some(&details)), vec![a]);
        assert!(subjects(None, None).is_empty());
    }
}
