//! Writing audit rows.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entities::audit_event;
use crate::error::AppResult;
use crate::features::auth::Actor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
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
    let (entity_type, entity_id) = match entity {
        Some((t, id)) => (Some(t.to_owned()), Some(id)),
        None => (None, None),
    };
    audit_event::ActiveModel {
        occurred_at: Set(Utc::now()),
        actor_kind: Set(actor.kind().to_owned()),
        actor_id: Set(actor.user_id().map(|id| id.to_string())),
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
    Ok(())
}
