//! `subscription { consentChanged }`: committed consent changes, live, over WebSocket.
//!
//! Staff need `READ_CUSTOMERS`, API keys `consent:read` or `consent:write`. Every change is checked against the
//! subscriber as it is now (the session or key is looked up again, with its current rights and
//! groups): a change to a customer the subscriber may not see is skipped, and a logout, expiry or
//! revoked key ends the subscription with `UNAUTHENTICATED`. Each delivery is in the access log.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::futures_util::Stream;
use async_graphql::futures_util::stream;
use async_graphql::{Context, ErrorExtensions, ID, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use super::feed::ConsentChange;
use super::graphql::ConsentPurpose;
use super::{ConsentDecision, ConsentSource};
use crate::entities::consent_purpose;
use crate::error::{AppError, AppResult, GqlResultExt};
use crate::features::access::{self, Right};
use crate::features::api_keys::ApiScope;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::contacts;
use crate::graphql::{Subscriber, parse_id};
use crate::state::AppState;

/// How often an idle subscription checks that its session or key is still valid.
const RECHECK: Duration = Duration::from_secs(60);

/// A consent change as a subscriber sees it: ids and the decision (evidence texts stay on the
/// customer card).
#[derive(SimpleObject)]
pub struct ConsentChanged {
    /// The consent event's id (`ConsentEvent.id` in the contact's history).
    event_id: ID,
    customer_id: ID,
    contact_id: ID,
    purpose: ConsentPurpose,
    decision: ConsentDecision,
    source: ConsentSource,
    declaration_version: i32,
    occurred_at: DateTime<Utc>,
}

fn may_subscribe(actor: &Actor) -> AppResult<()> {
    match actor {
        // A webshop that records consent may follow it too (as it may look it up).
        Actor::ApiKey { .. } if actor.has_scope(ApiScope::ConsentWrite) => Ok(()),
        Actor::ApiKey { .. } => actor.require_scope(ApiScope::ConsentRead),
        Actor::User { .. } => actor.require(Right::ReadCustomers),
        _ => Err(AppError::Forbidden),
    }
}

struct Watch {
    state: AppState,
    subscriber: Subscriber,
    changes: broadcast::Receiver<Arc<ConsentChange>>,
    customer: Option<Uuid>,
    contact: Option<Uuid>,
    recheck: tokio::time::Interval,
    ended: bool,
}

impl Watch {
    /// The subscriber as it is now, still allowed to subscribe.
    async fn actor(&self) -> AppResult<Actor> {
        let actor = self.subscriber.actor(&self.state).await?;
        may_subscribe(&actor)?;
        Ok(actor)
    }

    /// The change as this subscriber may see it, `None` when it may not; audited.
    async fn deliver(&self, change: &ConsentChange) -> AppResult<Option<ConsentChanged>> {
        let actor = self.actor().await?;
        let db = &self.state.db;
        match access::service::visible_customer(db, &actor, change.customer_id).await {
            Ok(_) => {}
            Err(AppError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        }
        let purpose = consent_purpose::Entity::find_by_id(change.purpose_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("consent event without purpose")))?;
        audit::record(
            db,
            &actor,
            "consent.subscription.deliver",
            Some(("customer", change.customer_id.to_string())),
            Outcome::Success,
            Some(serde_json::json!({
                "eventId": change.event_id,
                "contactId": change.contact_id.to_string(),
            })),
        )
        .await?;
        Ok(Some(ConsentChanged {
            event_id: ID(change.event_id.to_string()),
            customer_id: ID(change.customer_id.to_string()),
            contact_id: ID(change.contact_id.to_string()),
            purpose: purpose.into(),
            decision: ConsentDecision::from_db(&change.decision).unwrap_or(ConsentDecision::Denied),
            source: ConsentSource::from_db(&change.source).unwrap_or(ConsentSource::Import),
            declaration_version: change.declaration_version,
            occurred_at: change.occurred_at,
        }))
    }

    fn wanted(&self, change: &ConsentChange) -> bool {
        self.customer.is_none_or(|id| id == change.customer_id)
            && self.contact.is_none_or(|id| id == change.contact_id)
    }

    /// The next item for the subscriber; `None` ends the subscription.
    async fn next(mut self) -> Option<(async_graphql::Result<ConsentChanged>, Watch)> {
        if self.ended {
            return None;
        }
        loop {
            tokio::select! {
                _ = self.recheck.tick() => {
                    if let Err(e) = self.actor().await {
                        self.ended = true;
                        return Some((Err(e.extend()), self));
                    }
                }
                received = self.changes.recv() => match received {
                    Ok(change) if self.wanted(&change) => match self.deliver(&change).await {
                        Ok(Some(item)) => return Some((Ok(item), self)),
                        Ok(None) => {}
                        Err(e) => {
                            self.ended = true;
                            return Some((Err(e.extend()), self));
                        }
                    },
                    Ok(_) => {}
                    Err(RecvError::Lagged(missed)) => {
                        let error = async_graphql::Error::new(format!(
                            "{missed} consent changes were missed because this subscriber fell \
                             behind; reload what you show"
                        ))
                        .extend_with(|_, ext| {
                            ext.set("code", "CHANGES_MISSED");
                            ext.set("missed", missed);
                        });
                        return Some((Err(error), self));
                    }
                    Err(RecvError::Closed) => return None,
                },
            }
        }
    }
}

#[derive(Default)]
pub struct ConsentSubscription;

#[Subscription]
impl ConsentSubscription {
    /// Consent changes as they are committed, for the customers the subscriber may see
    /// (staff: `READ_CUSTOMERS`; API keys: `consent:read` or `consent:write`), optionally only one customer's or
    /// one contact's. WebSocket only, at `/graphql/ws` (protocol `graphql-transport-ws`);
    /// authenticate with the staff session cookie or `{"authorization": "Bearer <API key>"}` in
    /// `connection_init`. A slow subscriber gets a `CHANGES_MISSED` error with the count and
    /// keeps receiving; a session or key that stops being valid ends the subscription with
    /// `UNAUTHENTICATED`.
    async fn consent_changed(
        &self,
        ctx: &Context<'_>,
        customer_id: Option<ID>,
        contact_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<ConsentChanged>> + use<>>
    {
        let state = ctx.data::<AppState>()?.clone();
        let subscriber = ctx
            .data::<Subscriber>()
            .map_err(|_| AppError::Unauthenticated.extend())?
            .clone();
        let customer = customer_id
            .map(|id| parse_id(&id, "customerId"))
            .transpose()?;
        let contact = contact_id
            .map(|id| parse_id(&id, "contactId"))
            .transpose()?;
        // Subscribe before the checks so nothing committed meanwhile is lost.
        let changes = state.consent_feed.subscribe();
        let actor = subscriber.actor(&state).await.gql()?;
        may_subscribe(&actor).gql()?;
        if let Some(id) = customer {
            access::service::visible_customer(&state.db, &actor, id)
                .await
                .gql()?;
        }
        if let Some(id) = contact {
            contacts::service::visible(&state.db, &actor, id)
                .await
                .gql()?;
        }
        audit::record(
            &state.db,
            &actor,
            "consent.subscribe",
            customer.map(|id| ("customer", id.to_string())),
            Outcome::Success,
            Some(serde_json::json!({
                "contactId": contact.map(|id| id.to_string()),
            })),
        )
        .await
        .gql()?;
        let start = tokio::time::Instant::now() + RECHECK;
        let watch = Watch {
            state,
            subscriber,
            changes,
            customer,
            contact,
            recheck: tokio::time::interval_at(start, RECHECK),
            ended: false,
        };
        Ok(stream::unfold(watch, Watch::next))
    }
}
