//! GraphQL for orders, and the line types invoices share.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::service::{self, LineInput, OrderInput as OrderData, OrderWithLines};
use super::{Currency, OrderStatus};
use crate::domain::money::Line;
use crate::error::GqlResultExt;
use crate::features::customers::loader;
use crate::graphql::{actor, parse_id, state};

/// A line of an order or invoice. Amounts in minor units (öre/øre/cent).
#[derive(SimpleObject, Clone)]
pub struct DocumentLine {
    /// 1, 2, 3 … in the order printed.
    position: i32,
    description: String,
    /// Up to three decimals.
    quantity: f64,
    unit_price: i64,
    /// Basis points: 2500 = 25 %.
    vat_rate: i32,
    /// Quantity × unit price, rounded half away from zero.
    net: i64,
    vat: i64,
}

impl DocumentLine {
    pub fn new(position: i32, line: &Line) -> DocumentLine {
        DocumentLine {
            position,
            description: line.description.clone(),
            quantity: line.quantity(),
            unit_price: line.unit_price_minor,
            vat_rate: line.vat_rate_bp,
            net: line.net_minor(),
            vat: line.vat_minor(),
        }
    }
}

#[derive(InputObject, Clone)]
pub struct DocumentLineInput {
    description: String,
    quantity: f64,
    /// In minor units; negative for a discount.
    unit_price: i64,
    /// Basis points: 2500 = 25 %.
    vat_rate: i32,
}

impl From<DocumentLineInput> for LineInput {
    fn from(l: DocumentLineInput) -> Self {
        LineInput {
            description: l.description,
            quantity: l.quantity,
            unit_price_minor: l.unit_price,
            vat_rate_bp: l.vat_rate,
        }
    }
}

/// An order of a customer.
#[derive(SimpleObject)]
pub struct Order {
    id: ID,
    number: i64,
    customer_id: ID,
    order_date: NaiveDate,
    status: OrderStatus,
    /// Free text.
    description: Option<String>,
    currency: Currency,
    lines: Vec<DocumentLine>,
    net: i64,
    vat: i64,
    total: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
}

impl From<OrderWithLines> for Order {
    fn from(o: OrderWithLines) -> Self {
        let totals = o.totals();
        let m = o.order;
        Order {
            id: ID(m.id.to_string()),
            number: m.number,
            customer_id: ID(m.customer_id.to_string()),
            order_date: m.order_date,
            status: OrderStatus::from_db(&m.status).unwrap_or(OrderStatus::Open),
            description: m.description,
            currency: Currency::from_db(&m.currency).unwrap_or(Currency::Sek),
            lines: o
                .lines
                .iter()
                .map(|l| DocumentLine::new(l.position, &service::line_of(l)))
                .collect(),
            net: totals.net_minor,
            vat: totals.vat_minor,
            total: totals.total_minor,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

#[derive(InputObject)]
pub struct OrderInput {
    order_date: NaiveDate,
    description: Option<String>,
    #[graphql(default_with = "Currency::Sek")]
    currency: Currency,
    lines: Vec<DocumentLineInput>,
}

impl From<OrderInput> for OrderData {
    fn from(i: OrderInput) -> Self {
        OrderData {
            order_date: i.order_date,
            description: i.description,
            currency: i.currency,
            lines: i.lines.into_iter().map(Into::into).collect(),
        }
    }
}

/// `Customer.orders`, batched for the whole response.
pub async fn orders_of(
    ctx: &Context<'_>,
    customer_id: uuid::Uuid,
) -> async_graphql::Result<Vec<Order>> {
    let list = loader::load(ctx, loader::OrdersOf(customer_id)).await?;
    Ok(list.into_iter().map(Order::from).collect())
}

#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// One order (`READ_CUSTOMERS` on its customer; audited).
    async fn order(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Order> {
        let id = parse_id(&id, "id")?;
        let found = service::get(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(found.into())
    }
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// Creates an order for a customer (`EDIT_CUSTOMERS`). `BAD_USER_INPUT` names the field,
    /// e.g. `lines[2].quantity`.
    async fn create_order(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        input: OrderInput,
    ) -> async_graphql::Result<Order> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        let created = service::create(&state(ctx)?.db, &actor(ctx)?, customer_id, &input.into())
            .await
            .gql()?;
        Ok(created.into())
    }

    /// Replaces an order's date, description, currency, lines and status (`EDIT_CUSTOMERS`).
    async fn update_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: OrderInput,
        status: OrderStatus,
    ) -> async_graphql::Result<Order> {
        let id = parse_id(&id, "id")?;
        let updated = service::update(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            expected_version,
            &input.into(),
            status,
        )
        .await
        .gql()?;
        Ok(updated.into())
    }
}
