//! GraphQL for the access-log viewer. Read-only: the schema has no mutation on the log.

use std::collections::HashMap;

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::Outcome;
use super::read::{self, Filter};
use crate::entities::{audit_event, audit_link, user};
use crate::error::{AppError, GqlResultExt};
use crate::graphql::{MAX_PAGE_SIZE, actor, parse_id, state};

const DEFAULT_PAGE_SIZE: i32 = 50;

/// One row of the access and change log.
#[derive(SimpleObject)]
pub struct AuditEvent {
    id: ID,
    /// Position in the tamper-evident chain; null for a few seconds until the row is sealed.
    seq: Option<i64>,
    occurred_at: DateTime<Utc>,
    /// `user`, `anonymous` or `system`.
    actor_kind: String,
    actor_id: Option<ID>,
    /// The staff user's current name, if the actor is a user that still exists.
    actor_name: Option<String>,
    action: String,
    entity_type: Option<String>,
    entity_id: Option<ID>,
    outcome: Outcome,
    ip: Option<String>,
    request_id: Option<String>,
    /// Ids and counts only, never names or values.
    details: Option<Json<serde_json::Value>>,
}

fn event_object(
    e: audit_event::Model,
    names: &HashMap<String, String>,
    seqs: &HashMap<i64, i64>,
) -> AuditEvent {
    AuditEvent {
        id: ID(e.id.to_string()),
        seq: seqs.get(&e.id).copied(),
        occurred_at: e.occurred_at,
        actor_kind: e.actor_kind,
        actor_name: e.actor_id.as_ref().and_then(|id| names.get(id).cloned()),
        actor_id: e.actor_id.map(ID),
        action: e.action,
        entity_type: e.entity_type,
        entity_id: e.entity_id.map(ID),
        outcome: Outcome::from_db(&e.outcome),
        ip: e.ip,
        request_id: e.request_id,
        details: e.details.map(Json),
    }
}

#[derive(InputObject, Default)]
pub struct AuditFilter {
    /// Events performed by this staff user.
    user_id: Option<ID>,
    /// Events about this customer (card read, search results that included it, changes,
    /// contacts).
    customer_id: Option<ID>,
    /// An action or an action prefix, e.g. `customer.` or `auth.login`.
    action: Option<String>,
    outcome: Option<Outcome>,
    /// Inclusive lower bound.
    from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    to: Option<DateTime<Utc>>,
}

impl AuditFilter {
    fn parse(self) -> async_graphql::Result<Filter> {
        Ok(Filter {
            user_id: self
                .user_id
                .map(|id| parse_id(&id, "filter.userId"))
                .transpose()?,
            customer_id: self
                .customer_id
                .map(|id| parse_id(&id, "filter.customerId"))
                .transpose()?,
            action: self.action,
            outcome: self.outcome,
            from: self.from,
            to: self.to,
        })
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The access and change log, newest first (`READ_AUDIT_LOG`). Reading it is itself logged.
    #[graphql(
        complexity = "crate::graphql::list_complexity(first, DEFAULT_PAGE_SIZE, crate::graphql::MAX_PAGE_SIZE, child_complexity)"
    )]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<OpaqueCursor<i64>, AuditEvent, EmptyFields, EmptyFields>>
    {
        let first = crate::graphql::page_size(first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?;
        let before = crate::graphql::after_cursor::<i64>(after.as_deref())?;
        let filter = filter.unwrap_or_default().parse()?;
        let state = state(ctx)?;
        let page = read::list(
            &state.db,
            &actor(ctx)?,
            &filter,
            before,
            u64::try_from(first).unwrap_or(0),
        )
        .await
        .gql()?;
        let actor_ids: Vec<Uuid> = page
            .events
            .iter()
            .filter_map(|e| e.actor_id.as_deref())
            .filter_map(|id| Uuid::parse_str(id).ok())
            .collect();
        let names: HashMap<String, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(actor_ids))
            .all(&state.db)
            .await
            .map_err(AppError::from)
            .gql()?
            .into_iter()
            .map(|u| (u.id.to_string(), u.name))
            .collect();
        let seqs: HashMap<i64, i64> = audit_link::Entity::find()
            .filter(audit_link::Column::EventId.is_in(page.events.iter().map(|e| e.id)))
            .all(&state.db)
            .await
            .map_err(AppError::from)
            .gql()?
            .into_iter()
            .map(|l| (l.event_id, l.seq))
            .collect();
        let mut connection = Connection::new(before.is_some(), page.has_next_page);
        connection.edges.extend(
            page.events
                .into_iter()
                .map(|e| Edge::new(OpaqueCursor(e.id), event_object(e, &names, &seqs))),
        );
        Ok(connection)
    }
}
