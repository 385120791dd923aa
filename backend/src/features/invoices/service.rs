//! Issuing, paying, reading invoices, and purging buyer snapshots past their retention.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::domain::money::{self, Line};
use crate::entities::{customer, invoice, invoice_line, order, order_line, organization_settings};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::service::{address_from_json, is_unique_violation};
use crate::features::orders::service::{LineInput, open_customer, valid_description, valid_lines};
use crate::features::orders::{Currency, OrderStatus};

/// Invoice numbers start here on a new database.
pub const FIRST_NUMBER: i64 = 5_000_001;
/// Swedish bookkeeping law: seven years after the end of the calendar year.
pub const DEFAULT_RETENTION_YEARS: i32 = 7;

#[derive(Debug, Clone)]
pub struct InvoiceInput {
    /// The order invoiced, if any; its lines are used when `lines` is empty.
    pub order_id: Option<Uuid>,
    pub invoice_date: NaiveDate,
    pub due_date: NaiveDate,
    pub description: Option<String>,
    /// The order's currency (or SEK) when left out; must be the order's when given.
    pub currency: Option<Currency>,
    pub lines: Vec<LineInput>,
}

#[derive(Debug, Clone)]
pub struct InvoiceWithLines {
    pub invoice: invoice::Model,
    pub lines: Vec<invoice_line::Model>,
}

pub fn line_of(l: &invoice_line::Model) -> Line {
    Line {
        description: l.description.clone(),
        quantity_milli: l.quantity_milli,
        unit_price_minor: l.unit_price_minor,
        vat_rate_bp: l.vat_rate_bp,
    }
}

/// The last day an invoice dated `date` must be kept: 31 December, `years` after its year.
pub fn retain_until(date: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year().saturating_add(years.max(0)), 12, 31).unwrap_or(date)
}

/// The buyer as printed: the name, and the invoice address (else the postal address).
fn buyer_of(customer: &customer::Model) -> (String, Option<String>) {
    let address = address_from_json(customer.invoice_address.as_ref())
        .or_else(|| address_from_json(customer.postal_address.as_ref()))
        .map(|a| {
            let mut lines = vec![a.line1];
            lines.extend(a.line2);
            lines.push(format!("{} {}", a.postal_code, a.city));
            lines.push(a.country.code().to_owned());
            lines.join("\n")
        });
    (customer.display_name.clone(), address)
}

async fn retention_years(db: &impl ConnectionTrait) -> AppResult<i32> {
    Ok(organization_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map_or(DEFAULT_RETENTION_YEARS, |s| s.bookkeeping_retention_years))
}

async fn next_number(db: &impl ConnectionTrait) -> AppResult<i64> {
    let max: Option<Option<i64>> = invoice::Entity::find()
        .select_only()
        .column_as(invoice::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(FIRST_NUMBER, |n| n + 1))
}

/// The lines to invoice: the given ones, or the order's.
async fn lines_for(db: &impl ConnectionTrait, input: &InvoiceInput) -> AppResult<Vec<Line>> {
    if !input.lines.is_empty() {
        return valid_lines(&input.lines);
    }
    let Some(order_id) = input.order_id else {
        return Err(AppError::bad_input(
            "lines",
            "an invoice needs at least one line",
        ));
    };
    let lines: Vec<Line> = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order_id))
        .order_by_asc(order_line::Column::Position)
        .all(db)
        .await?
        .iter()
        .map(crate::features::orders::service::line_of)
        .collect();
    if lines.is_empty() {
        return Err(AppError::bad_input(
            "lines",
            "the order has no lines to invoice",
        ));
    }
    Ok(lines)
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: Uuid,
    input: &InvoiceInput,
) -> AppResult<InvoiceWithLines> {
    actor.require(Right::EditCustomers)?;
    let description = valid_description(input.description.as_deref())?;
    if input.due_date < input.invoice_date {
        return Err(AppError::bad_input(
            "dueDate",
            "must not be before the invoice date",
        ));
    }
    for _ in 0..5 {
        let txn = crate::db::begin_write(db).await?;
        let customer = open_customer(&txn, actor, customer_id).await?;
        let mut currency = input.currency.unwrap_or(Currency::Sek);
        if let Some(order_id) = input.order_id {
            let found = order::Entity::find_by_id(order_id)
                .one(&txn)
                .await?
                .filter(|o| o.customer_id == customer_id)
                .ok_or_else(|| {
                    AppError::bad_input("orderId", "is not an order of this customer")
                })?;
            if found.status == OrderStatus::Cancelled.as_str() {
                return Err(AppError::bad_input("orderId", "the order is cancelled"));
            }
            if let Some(earlier) = invoice::Entity::find()
                .filter(invoice::Column::OrderId.eq(order_id))
                .one(&txn)
                .await?
            {
                return Err(AppError::Conflict {
                    field: Some("orderId".into()),
                    message: format!(
                        "order {} is already invoiced (invoice {})",
                        found.number, earlier.number
                    ),
                });
            }
            let ordered = Currency::from_db(&found.currency).unwrap_or(Currency::Sek);
            match input.currency {
                Some(c) if c != ordered => {
                    return Err(AppError::bad_input(
                        "currency",
                        format!("must be the order's currency, {}", ordered.as_str()),
                    ));
                }
                _ => currency = ordered,
            }
        }
        let lines = lines_for(&txn, input).await?;
        let totals = money::totals(&lines);
        let (buyer_name, buyer_address) = buyer_of(&customer);
        let years = retention_years(&txn).await?;
        let inserted = invoice::ActiveModel {
            id: Set(Uuid::now_v7()),
            number: Set(next_number(&txn).await?),
            customer_id: Set(customer_id),
            order_id: Set(input.order_id),
            invoice_date: Set(input.invoice_date),
            due_date: Set(input.due_date),
            description: Set(description.clone()),
            currency: Set(currency.as_str().to_owned()),
            net_minor: Set(totals.net_minor),
            vat_minor: Set(totals.vat_minor),
            total_minor: Set(totals.total_minor),
            paid_at: Set(None),
            buyer_name: Set(Some(buyer_name)),
            buyer_address: Set(buyer_address),
            retain_until: Set(retain_until(input.invoice_date, years)),
            buyer_purged_at: Set(None),
            created_at: Set(Utc::now()),
            created_by: Set(actor.user_id()),
        }
        .insert(&txn)
        .await;
        let invoice = match inserted {
            Ok(i) => i,
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        let mut saved = Vec::with_capacity(lines.len());
        for (position, line) in (1..).zip(&lines) {
            saved.push(
                invoice_line::ActiveModel {
                    invoice_id: Set(invoice.id),
                    position: Set(position),
                    description: Set(line.description.clone()),
                    quantity_milli: Set(line.quantity_milli),
                    unit_price_minor: Set(line.unit_price_minor),
                    vat_rate_bp: Set(line.vat_rate_bp),
                    ..Default::default()
                }
                .insert(&txn)
                .await?,
            );
        }
        audit::record(
            &txn,
            actor,
            "invoice.create",
            Some(("customer", customer_id.to_string())),
            Outcome::Success,
            Some(serde_json::json!({ "invoiceId": invoice.id.to_string(), "number": invoice.number })),
        )
        .await?;
        txn.commit().await?;
        return Ok(InvoiceWithLines {
            invoice,
            lines: saved,
        });
    }
    Err(AppError::conflict("invoice numbers are busy; try again"))
}

async fn with_lines(
    db: &impl ConnectionTrait,
    invoices: Vec<invoice::Model>,
) -> AppResult<Vec<InvoiceWithLines>> {
    let ids: Vec<Uuid> = invoices.iter().map(|i| i.id).collect();
    let mut by_invoice: HashMap<Uuid, Vec<invoice_line::Model>> = HashMap::new();
    if !ids.is_empty() {
        for line in invoice_line::Entity::find()
            .filter(invoice_line::Column::InvoiceId.is_in(ids))
            .order_by_asc(invoice_line::Column::InvoiceId)
            .order_by_asc(invoice_line::Column::Position)
            .all(db)
            .await?
        {
            by_invoice.entry(line.invoice_id).or_default().push(line);
        }
    }
    Ok(invoices
        .into_iter()
        .map(|invoice| InvoiceWithLines {
            lines: by_invoice.remove(&invoice.id).unwrap_or_default(),
            invoice,
        })
        .collect())
}

/// A customer's invoices, newest first (audited).
pub async fn list_for_customer(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<Vec<InvoiceWithLines>> {
    list_for_customers(db, actor, &[customer_id])
        .await?
        .remove(&customer_id)
        .ok_or(AppError::NotFound { entity: "customer" })
}

/// The invoices of every customer in `customer_ids` the actor may see, newest first, with one
/// audit row however many customers (hidden and unknown ones are left out of the map).
pub async fn list_for_customers(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<InvoiceWithLines>>> {
    actor.require(Right::ReadCustomers)?;
    let visible = access::service::visible_customer_ids(db, actor, customer_ids).await?;
    if visible.is_empty() {
        return Ok(HashMap::new());
    }
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::CustomerId.is_in(visible.clone()))
        .order_by_desc(invoice::Column::InvoiceDate)
        .order_by_desc(invoice::Column::Number)
        .all(db)
        .await?;
    audit::record_read_of(
        db,
        actor,
        "customer.invoices.read",
        &visible,
        serde_json::json!({ "count": invoices.len() }),
    )
    .await?;
    let invoices = with_lines(db, invoices).await?;
    Ok(access::service::by_customer(&visible, invoices, |i| {
        Some(i.invoice.customer_id)
    }))
}

async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<invoice::Model> {
    let found = invoice::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "invoice" })?;
    access::service::visible_customer(db, actor, found.customer_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound { .. } => AppError::NotFound { entity: "invoice" },
            other => other,
        })?;
    Ok(found)
}

/// One invoice (audited).
pub async fn get(db: &impl AuditTarget, actor: &Actor, id: Uuid) -> AppResult<InvoiceWithLines> {
    actor.require(Right::ReadCustomers)?;
    let found = find_visible(db, actor, id).await?;
    audit::record(
        db,
        actor,
        "invoice.read",
        Some(("customer", found.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "invoiceId": id.to_string() })),
    )
    .await?;
    with_lines(db, vec![found])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound { entity: "invoice" })
}

/// Marks an invoice paid (now) or unpaid again (`EDIT_CUSTOMERS`).
pub async fn set_paid(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    paid: bool,
) -> AppResult<InvoiceWithLines> {
    actor.require(Right::EditCustomers)?;
    let txn = crate::db::begin_write(db).await?;
    let found = find_visible(&txn, actor, id).await?;
    let paid_at = paid.then(Utc::now);
    invoice::Entity::update_many()
        .col_expr(invoice::Column::PaidAt, Expr::value(paid_at))
        .filter(invoice::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        if paid {
            "invoice.paid"
        } else {
            "invoice.unpaid"
        },
        Some(("customer", found.customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "invoiceId": id.to_string() })),
    )
    .await?;
    let updated = invoice::Model { paid_at, ..found };
    let result = with_lines(&txn, vec![updated]).await?;
    txn.commit().await?;
    result
        .into_iter()
        .next()
        .ok_or(AppError::NotFound { entity: "invoice" })
}

/// Removes the buyer snapshot of every invoice whose retention ended before `today`. Returns
/// how many were purged (the purge is in the access log as the system).
pub async fn purge_expired_buyers(db: &DatabaseConnection, today: NaiveDate) -> AppResult<u64> {
    let txn = crate::db::begin_write(db).await?;
    let expired: Vec<(Uuid, Uuid)> = invoice::Entity::find()
        .select_only()
        .column(invoice::Column::Id)
        .column(invoice::Column::CustomerId)
        .filter(invoice::Column::RetainUntil.lt(today))
        .filter(invoice::Column::BuyerPurgedAt.is_null())
        .into_tuple()
        .all(&txn)
        .await?;
    if expired.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = expired.iter().map(|(id, _)| *id).collect();
    let result = invoice::Entity::update_many()
        .col_expr(
            invoice::Column::BuyerName,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            invoice::Column::BuyerAddress,
            Expr::value(Option::<String>::None),
        )
        .col_expr(invoice::Column::BuyerPurgedAt, Expr::value(Utc::now()))
        .filter(invoice::Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    let mut customers: Vec<String> = expired.iter().map(|(_, c)| c.to_string()).collect();
    customers.sort();
    customers.dedup();
    audit::record(
        &txn,
        &Actor::System,
        "invoice.buyer_purge",
        None,
        Outcome::Success,
        Some(serde_json::json!({ "count": result.rows_affected, "customerIds": customers })),
    )
    .await?;
    txn.commit().await?;
    Ok(result.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoices_are_kept_to_the_end_of_the_seventh_year() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        assert_eq!(
            retain_until(date, 7),
            NaiveDate::from_ymd_opt(2033, 12, 31).unwrap()
        );
        assert_eq!(
            retain_until(date, 0),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
    }
}
