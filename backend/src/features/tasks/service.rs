//! Creating, changing and reading tasks and blocks.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use super::TaskKind;
use crate::db::Sql;
use crate::domain::text;
use crate::entities::{task, user};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::CustomerState;

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 4_000;
/// The most tasks one list returns.
pub const LIST_LIMIT: u64 = 500;

#[derive(Debug, Clone)]
pub struct TaskInput {
    pub kind: TaskKind,
    pub customer_id: Option<Uuid>,
    pub title: String,
    pub body: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<Uuid>,
}

struct Valid {
    title: String,
    body: Option<String>,
}

fn validate(input: &TaskInput) -> AppResult<Valid> {
    let title = text::clean(Some(&input.title), TITLE_MAX, true, false)
        .map_err(|e| AppError::bad_input("title", e))?
        .unwrap_or_default();
    let body = text::clean(input.body.as_deref(), BODY_MAX, false, true)
        .map_err(|e| AppError::bad_input("body", e))?;
    if let (Some(start), Some(end)) = (input.starts_at, input.ends_at)
        && end < start
    {
        return Err(AppError::bad_input(
            "endsAt",
            "must not be before the start",
        ));
    }
    if input.kind == TaskKind::Block && input.starts_at.is_none() {
        return Err(AppError::bad_input(
            "startsAt",
            "a block needs a start time",
        ));
    }
    Ok(Valid { title, body })
}

/// The customer (visible to the actor) and the assignee (an active user) the input names.
/// Returns whether the customer is anonymized.
async fn check_links(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &TaskInput,
) -> AppResult<bool> {
    let mut anonymized = false;
    if let Some(customer_id) = input.customer_id {
        let found = access::service::visible_customer(db, actor, customer_id)
            .await
            .map_err(|e| match e {
                AppError::NotFound { .. } => {
                    AppError::bad_input("customerId", "is not a customer you can see")
                }
                other => other,
            })?;
        anonymized = CustomerState::from_db(&found.state) == CustomerState::Anonymized;
    }
    if let Some(user_id) = input.assigned_to {
        let found = user::Entity::find_by_id(user_id).one(db).await?;
        if !found.is_some_and(|u| u.active) {
            return Err(AppError::bad_input("assignedTo", "is not an active user"));
        }
    }
    Ok(anonymized)
}

fn anonymized_text() -> AppError {
    AppError::Conflict {
        field: Some("customerId".into()),
        message: "the customer is anonymized: its tasks take no new text".into(),
    }
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &TaskInput,
) -> AppResult<task::Model> {
    actor.require(Right::EditCustomers)?;
    let valid = validate(input)?;
    let txn = crate::db::begin_write(db).await?;
    if check_links(&txn, actor, input).await? {
        return Err(anonymized_text());
    }
    let now = Utc::now();
    let created = task::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(input.kind.as_str().to_owned()),
        customer_id: Set(input.customer_id),
        title: Set(valid.title),
        body: Set(valid.body),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        done: Set(false),
        assigned_to: Set(input.assigned_to),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(actor.user_id()),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        "task.create",
        input.customer_id.map(|id| ("customer", id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "taskId": created.id.to_string() })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// A task the actor may see: one without a customer, or one whose customer is visible.
async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<task::Model> {
    let found = task::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "task" })?;
    if let Some(customer_id) = found.customer_id {
        access::service::visible_customer(db, actor, customer_id)
            .await
            .map_err(|e| match e {
                AppError::NotFound { .. } => AppError::NotFound { entity: "task" },
                other => other,
            })?;
    }
    Ok(found)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &TaskInput,
    done: bool,
) -> AppResult<task::Model> {
    actor.require(Right::EditCustomers)?;
    let valid = validate(input)?;
    let txn = crate::db::begin_write(db).await?;
    let found = find_visible(&txn, actor, id).await?;
    // A task of an anonymized customer can be planned and ticked off, but gets no new text.
    if check_links(&txn, actor, input).await?
        && (found.title != valid.title || found.body != valid.body)
    {
        return Err(anonymized_text());
    }
    let result = task::Entity::update_many()
        .col_expr(task::Column::Kind, Expr::value(input.kind.as_str()))
        .col_expr(task::Column::CustomerId, Expr::value(input.customer_id))
        .col_expr(task::Column::Title, Expr::value(valid.title))
        .col_expr(task::Column::Body, Expr::value(valid.body))
        .col_expr(task::Column::StartsAt, Expr::value(input.starts_at))
        .col_expr(task::Column::EndsAt, Expr::value(input.ends_at))
        .col_expr(task::Column::AssignedTo, Expr::value(input.assigned_to))
        .col_expr(task::Column::Done, Expr::value(done))
        .col_expr(task::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            task::Column::Version,
            Expr::col(task::Column::Version).add(1),
        )
        .filter(task::Column::Id.eq(id))
        .filter(task::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this task was changed by someone else; reload to see their changes".into(),
        });
    }
    let mut customers: Vec<String> = [found.customer_id, input.customer_id]
        .into_iter()
        .flatten()
        .map(|c| c.to_string())
        .collect();
    customers.dedup();
    audit::record(
        &txn,
        actor,
        "task.update",
        None,
        Outcome::Success,
        Some(serde_json::json!({ "taskId": id.to_string(), "customerIds": customers })),
    )
    .await?;
    let updated = task::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "task" })?;
    txn.commit().await?;
    Ok(updated)
}

/// Tasks of one customer, or (without one) the board: tasks without a customer and those of
/// customers the actor may see; open ones unless `include_done`; by start time. Audited.
pub async fn list(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Option<Uuid>,
    include_done: bool,
) -> AppResult<Vec<task::Model>> {
    actor.require(Right::ReadCustomers)?;
    let tasks = match customer_id {
        Some(customer_id) => {
            return list_for_customers(db, actor, &[customer_id], include_done)
                .await?
                .remove(&customer_id)
                .ok_or(AppError::NotFound { entity: "customer" });
        }
        None => board(db, actor, include_done).await?,
    };
    let mut customers: Vec<String> = tasks
        .iter()
        .filter_map(|t| t.customer_id)
        .map(|c| c.to_string())
        .collect();
    customers.sort();
    customers.dedup();
    audit::record(
        db,
        actor,
        "task.list",
        customer_id.map(|id| ("customer", id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "count": tasks.len(), "customerIds": customers })),
    )
    .await?;
    Ok(tasks)
}

/// The tasks of every customer in `customer_ids` the actor may see (at most [`LIST_LIMIT`]
/// each, by start time, unscheduled last), in three statements and one audit row however many
/// customers; hidden and unknown customers are left out of the map.
pub async fn list_for_customers(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_ids: &[Uuid],
    include_done: bool,
) -> AppResult<HashMap<Uuid, Vec<task::Model>>> {
    actor.require(Right::ReadCustomers)?;
    let visible = access::service::visible_customer_ids(db, actor, customer_ids).await?;
    if visible.is_empty() {
        return Ok(HashMap::new());
    }
    // The cap is per customer: number each customer's tasks in display order and keep the
    // first ones (unscheduled last on both engines, which sort NULL differently).
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.customer_id \
         ORDER BY (t.starts_at IS NULL), t.starts_at, t.created_at, t.id) AS position \
         FROM tasks t WHERE t.customer_id IN (",
    );
    for (i, id) in visible.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*id);
    }
    sql.push(")");
    if !include_done {
        sql.push(" AND t.done = ");
        sql.bind(false);
    }
    sql.push(&format!(
        ") numbered WHERE position <= {LIST_LIMIT} ORDER BY customer_id, position"
    ));
    let tasks = task::Entity::find()
        .from_raw_sql(sql.build())
        .all(db)
        .await?;
    let mut customers: Vec<String> = visible.iter().map(Uuid::to_string).collect();
    customers.sort();
    audit::record(
        db,
        actor,
        "task.list",
        match visible.as_slice() {
            [one] => Some(("customer", one.to_string())),
            _ => None,
        },
        Outcome::Success,
        Some(serde_json::json!({ "count": tasks.len(), "customerIds": customers })),
    )
    .await?;
    Ok(access::service::by_customer(&visible, tasks, |t| {
        t.customer_id
    }))
}

/// The board: need-to-know is part of the query, so the limit counts only tasks the actor may
/// see (a board full of restricted customers' tasks does not hide the actor's own).
async fn board(
    db: &impl ConnectionTrait,
    actor: &Actor,
    include_done: bool,
) -> AppResult<Vec<task::Model>> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT t.* FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id \
         WHERE (t.customer_id IS NULL OR (1 = 1",
    );
    access::service::push_scope(&mut sql, &actor.customer_scope(), "c");
    sql.push("))");
    if !include_done {
        sql.push(" AND t.done = ");
        sql.bind(false);
    }
    sql.push(&format!(
        " ORDER BY (t.starts_at IS NULL), t.starts_at, t.created_at LIMIT {LIST_LIMIT}"
    ));
    Ok(task::Entity::find()
        .from_raw_sql(sql.build())
        .all(db)
        .await?)
}

/// One task (audited).
pub async fn get(db: &impl AuditTarget, actor: &Actor, id: Uuid) -> AppResult<task::Model> {
    actor.require(Right::ReadCustomers)?;
    let found = find_visible(db, actor, id).await?;
    audit::record(
        db,
        actor,
        "task.read",
        found.customer_id.map(|c| ("customer", c.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "taskId": id.to_string() })),
    )
    .await?;
    Ok(found)
}
