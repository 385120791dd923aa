//! Creating, changing and reading orders.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::{Currency, OrderStatus};
use crate::domain::money::{self, Line, MAX_LINES};
use crate::domain::text;
use crate::entities::{customer, order, order_line};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::CustomerState;
use crate::features::customers::service::is_unique_violation;

/// Order numbers start here on a new database.
pub const FIRST_NUMBER: i64 = 100_001;
pub const DESCRIPTION_MAX: usize = 4_000;

/// A line as the client sends it; checked into a [`Line`].
#[derive(Debug, Clone)]
pub struct LineInput {
    pub description: String,
    pub quantity: f64,
    pub unit_price_minor: i64,
    pub vat_rate_bp: i32,
}

#[derive(Debug, Clone)]
pub struct OrderInput {
    pub order_date: NaiveDate,
    pub description: Option<String>,
    pub currency: Currency,
    pub lines: Vec<LineInput>,
}

/// An order with its lines, in position order.
#[derive(Debug, Clone)]
pub struct OrderWithLines {
    pub order: order::Model,
    pub lines: Vec<order_line::Model>,
}

pub fn line_of(l: &order_line::Model) -> Line {
    Line {
        description: l.description.clone(),
        quantity_milli: l.quantity_milli,
        unit_price_minor: l.unit_price_minor,
        vat_rate_bp: l.vat_rate_bp,
    }
}

impl OrderWithLines {
    pub fn totals(&self) -> money::Totals {
        money::totals(&self.lines.iter().map(line_of).collect::<Vec<_>>())
    }
}

/// Checks lines (at least one); errors name `lines[i].field`.
pub fn valid_lines(lines: &[LineInput]) -> AppResult<Vec<Line>> {
    if lines.is_empty() {
        return Err(AppError::bad_input("lines", "add at least one line"));
    }
    if lines.len() > MAX_LINES {
        return Err(AppError::bad_input(
            "lines",
            format!("at most {MAX_LINES} lines"),
        ));
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Line::new(
                &l.description,
                l.quantity,
                l.unit_price_minor,
                l.vat_rate_bp,
            )
            .map_err(|e| AppError::bad_input(format!("lines[{i}].{}", e.field), e.message))
        })
        .collect()
}

pub fn valid_description(value: Option<&str>) -> AppResult<Option<String>> {
    text::clean(value, DESCRIPTION_MAX, false, true)
        .map_err(|e| AppError::bad_input("description", e))
}

/// The customer, visible to the actor and still able to take new business.
pub async fn open_customer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<customer::Model> {
    let found = access::service::visible_customer(db, actor, customer_id).await?;
    if CustomerState::from_db(&found.state) == CustomerState::Anonymized {
        return Err(AppError::Conflict {
            field: Some("customerId".into()),
            message: "an anonymized customer takes no new orders or invoices".into(),
        });
    }
    Ok(found)
}

async fn next_number(db: &impl ConnectionTrait) -> AppResult<i64> {
    let max: Option<Option<i64>> = order::Entity::find()
        .select_only()
        .column_as(order::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(FIRST_NUMBER, |n| n + 1))
}

async fn insert_lines(
    db: &impl ConnectionTrait,
    order_id: Uuid,
    lines: &[Line],
) -> AppResult<Vec<order_line::Model>> {
    let mut out = Vec::with_capacity(lines.len());
    for (position, line) in (1..).zip(lines) {
        out.push(
            order_line::ActiveModel {
                order_id: Set(order_id),
                position: Set(position),
                description: Set(line.description.clone()),
                quantity_milli: Set(line.quantity_milli),
                unit_price_minor: Set(line.unit_price_minor),
                vat_rate_bp: Set(line.vat_rate_bp),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    Ok(out)
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: Uuid,
    input: &OrderInput,
) -> AppResult<OrderWithLines> {
    actor.require(Right::EditCustomers)?;
    let lines = valid_lines(&input.lines)?;
    let description = valid_description(input.description.as_deref())?;
    // Two writers can pick the same next number on PostgreSQL; the unique index decides.
    for _ in 0..5 {
        let txn = crate::db::begin_write(db).await?;
        open_customer(&txn, actor, customer_id).await?;
        let now = Utc::now();
        let inserted = order::ActiveModel {
            id: Set(Uuid::now_v7()),
            number: Set(next_number(&txn).await?),
            customer_id: Set(customer_id),
            order_date: Set(input.order_date),
            status: Set(OrderStatus::Open.as_str().to_owned()),
            description: Set(description.clone()),
            currency: Set(input.currency.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            created_by: Set(actor.user_id()),
            version: Set(1),
        }
        .insert(&txn)
        .await;
        let order = match inserted {
            Ok(o) => o,
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        let lines = insert_lines(&txn, order.id, &lines).await?;
        audit::record(
            &txn,
            actor,
            "order.create",
            Some(("customer", customer_id.to_string())),
            Outcome::Success,
            Some(serde_json::json!({ "orderId": order.id.to_string(), "number": order.number })),
        )
        .await?;
        txn.commit().await?;
        return Ok(OrderWithLines { order, lines });
    }
    Err(AppError::conflict("order numbers are busy; try again"))
}

async fn lines_of(
    db: &impl ConnectionTrait,
    order_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<order_line::Model>>> {
    let mut by_order: HashMap<Uuid, Vec<order_line::Model>> = HashMap::new();
    if order_ids.is_empty() {
        return Ok(by_order);
    }
    for line in order_line::Entity::find()
        .filter(order_line::Column::OrderId.is_in(order_ids.iter().copied()))
        .order_by_asc(order_line::Column::OrderId)
        .order_by_asc(order_line::Column::Position)
        .all(db)
        .await?
    {
        by_order.entry(line.order_id).or_default().push(line);
    }
    Ok(by_order)
}

async fn with_lines(
    db: &impl ConnectionTrait,
    orders: Vec<order::Model>,
) -> AppResult<Vec<OrderWithLines>> {
    let ids: Vec<Uuid> = orders.iter().map(|o| o.id).collect();
    let mut lines = lines_of(db, &ids).await?;
    Ok(orders
        .into_iter()
        .map(|order| OrderWithLines {
            lines: lines.remove(&order.id).unwrap_or_default(),
            order,
        })
        .collect())
}

/// A customer's orders, newest first (audited).
pub async fn list_for_customer(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<Vec<OrderWithLines>> {
    list_for_customers(db, actor, &[customer_id])
        .await?
        .remove(&customer_id)
        .ok_or(AppError::NotFound { entity: "customer" })
}

/// The orders of every customer in `customer_ids` the actor may see, newest first, with one
/// audit row however many customers (hidden and unknown ones are left out of the map).
pub async fn list_for_customers(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<OrderWithLines>>> {
    actor.require(Right::ReadCustomers)?;
    let visible = access::service::visible_customer_ids(db, actor, customer_ids).await?;
    if visible.is_empty() {
        return Ok(HashMap::new());
    }
    let orders = order::Entity::find()
        .filter(order::Column::CustomerId.is_in(visible.clone()))
        .order_by_desc(order::Column::OrderDate)
        .order_by_desc(order::Column::Number)
        .all(db)
        .await?;
    audit::record_read_of(
        db,
        actor,
        "customer.orders.read",
        &visible,
        serde_json::json!({ "count": orders.len() }),
    )
    .await?;
    let orders = with_lines(db, orders).await?;
    Ok(access::service::by_customer(&visible, orders, |o| {
        Some(o.order.customer_id)
    }))
}

/// One order of a customer the actor may see (audited); an order of a hidden customer is
/// answered like an unknown one.
pub async fn get(db: &impl AuditTarget, actor: &Actor, id: Uuid) -> AppResult<OrderWithLines> {
    actor.require(Right::ReadCustomers)?;
    let found = order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "order" })?;
    access::service::visible_customer(db, actor, found.customer_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound { .. } => AppError::NotFound { entity: "order" },
            other => other,
        })?;
    audit::record(
        db,
        actor,
        "order.read",
        Some(("customer", found.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "orderId": id.to_string() })),
    )
    .await?;
    Ok(with_lines(db, vec![found]).await?.remove(0))
}

/// Changes an order's date, description, currency, lines and status (optimistic: a stale
/// `expected_version` is a `CONFLICT`).
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &OrderInput,
    status: OrderStatus,
) -> AppResult<OrderWithLines> {
    actor.require(Right::EditCustomers)?;
    let lines = valid_lines(&input.lines)?;
    let description = valid_description(input.description.as_deref())?;
    let txn = crate::db::begin_write(db).await?;
    let found = order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "order" })?;
    open_customer(&txn, actor, found.customer_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound { .. } => AppError::NotFound { entity: "order" },
            other => other,
        })?;
    let result = order::Entity::update_many()
        .col_expr(order::Column::OrderDate, Expr::value(input.order_date))
        .col_expr(order::Column::Description, Expr::value(description))
        .col_expr(
            order::Column::Currency,
            Expr::value(input.currency.as_str()),
        )
        .col_expr(order::Column::Status, Expr::value(status.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            order::Column::Version,
            Expr::col(order::Column::Version).add(1),
        )
        .filter(order::Column::Id.eq(id))
        .filter(order::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this order was changed by someone else; reload to see their changes".into(),
        });
    }
    order_line::Entity::delete_many()
        .filter(order_line::Column::OrderId.eq(id))
        .exec(&txn)
        .await?;
    insert_lines(&txn, id, &lines).await?;
    audit::record(
        &txn,
        actor,
        "order.update",
        Some(("customer", found.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "orderId": id.to_string() })),
    )
    .await?;
    let updated = order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "order" })?;
    let result = with_lines(&txn, vec![updated]).await?.remove(0);
    txn.commit().await?;
    Ok(result)
}
