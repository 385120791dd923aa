//! Reading the access log: filtered, newest first, keyset-paginated. Reading it is itself logged.
//! Nothing here (or anywhere) updates or deletes a row.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{Outcome, record};
use crate::entities::{audit_event, audit_subject};
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::auth::Actor;

pub const ACTION_MAX: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub user_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    /// An action or a prefix of one (`customer.`).
    pub action: Option<String>,
    pub outcome: Option<Outcome>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub struct Page {
    pub events: Vec<audit_event::Model>,
    pub has_next_page: bool,
}

fn like_prefix(prefix: &str) -> String {
    let escaped = prefix
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("{escaped}%")
}

/// One page of events matching `filter` with ids below `before`, newest first.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &Filter,
    before: Option<i64>,
    limit: u64,
) -> AppResult<Page> {
    actor.require(Right::ReadAuditLog)?;
    // Every read answered before this one is in the log (SQLite spools them for a moment).
    if let Some(queue) = actor.audit_queue() {
        queue.flush().await?;
    }
    let mut query = audit_event::Entity::find();
    if let Some(user) = filter.user_id {
        query = query.filter(audit_event::Column::ActorId.eq(user.to_string()));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(
            audit_event::Column::Id.in_subquery(
                Query::select()
                    .column(audit_subject::Column::EventId)
                    .from(audit_subject::Entity)
                    .and_where(audit_subject::Column::CustomerId.eq(customer))
                    .to_owned(),
            ),
        );
    }
    if let Some(action) = filter
        .action
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        if action.chars().count() > ACTION_MAX {
            return Err(AppError::bad_input(
                "filter.action",
                format!("must be at most {ACTION_MAX} characters"),
            ));
        }
        query = query.filter(
            Expr::col(audit_event::Column::Action)
                .like(LikeExpr::new(like_prefix(action)).escape('\\')),
        );
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(audit_event::Column::Outcome.eq(outcome.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_event::Column::OccurredAt.lt(to));
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to <= from
    {
        return Err(AppError::bad_input(
            "filter.to",
            "must be after filter.from",
        ));
    }
    if let Some(before) = before {
        query = query.filter(audit_event::Column::Id.lt(before));
    }
    let mut events = query
        .order_by_desc(audit_event::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let has_next_page = events.len() as u64 > limit;
    events.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    record(
        db,
        actor,
        "audit.read",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "filter": {
                "userId": filter.user_id.map(|u| u.to_string()),
                "customerId": filter.customer_id.map(|c| c.to_string()),
                "action": filter.action,
                "outcome": filter.outcome.map(Outcome::as_str),
                "from": filter.from,
                "to": filter.to,
            },
            "eventCount": events.len(),
        })),
    )
    .await?;
    Ok(Page {
        events,
        has_next_page,
    })
}
