//! Writing audit rows.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use crate::entities::{audit_event, audit_subject};
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

/// Appends one audit row. `entity` is `(type, id)`; `details` must hold ids and counts only.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    entity: Option<(&str, String)>,
    outcome: Outcome,
    details: Option<serde_json::Value>,
) -> AppResult<()> {
    let customers = subjects(entity.as_ref(), details.as_ref());
    let (entity_type, entity_id) = match entity {
        Some((t, id)) => (Some(t.to_owned()), Some(id)),
        None => (None, None),
    };
    let inserted = audit_event::ActiveModel {
        occurred_at: Set(Utc::now()),
        actor_kind: Set(actor.kind().to_owned()),
        actor_id: Set(actor.id()),
        action: Set(action.to_owned()),
        entity_type: Set(entity_type),
        entity_id: Set(entity_id),
        outcome: Set(outcome.as_str().to_owned()),
        ip: Set(actor.ip().map(str::to_owned)),
        request_id: Set(actor.request_id().map(str::to_owned)),
        details: Set(details),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !customers.is_empty() {
        audit_subject::Entity::insert_many(customers.into_iter().map(|customer_id| {
            audit_subject::ActiveModel {
                customer_id: Set(customer_id),
                event_id: Set(inserted.id),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
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
