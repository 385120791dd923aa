//! GraphQL for invoices.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::service::{self, InvoiceInput as InvoiceData, InvoiceWithLines};
use crate::error::GqlResultExt;
use crate::features::customers::loader;
use crate::features::orders::Currency;
use crate::features::orders::graphql::{DocumentLine, DocumentLineInput};
use crate::graphql::{actor, parse_id, state};

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceStatus {
    Paid,
    Unpaid,
    /// Unpaid after its due date.
    Overdue,
}

/// An invoice: issued once, never edited; the buyer is kept as printed.
#[derive(SimpleObject)]
pub struct Invoice {
    id: ID,
    number: i64,
    customer_id: ID,
    order_id: Option<ID>,
    invoice_date: NaiveDate,
    due_date: NaiveDate,
    /// Free text printed on the invoice.
    description: Option<String>,
    currency: Currency,
    lines: Vec<DocumentLine>,
    net: i64,
    vat: i64,
    total: i64,
    status: InvoiceStatus,
    paid_at: Option<DateTime<Utc>>,
    /// The buyer's name as printed; null once purged after the bookkeeping period.
    buyer_name: Option<String>,
    /// The buyer's address as printed, one line per row.
    buyer_address: Option<String>,
    /// The last day the buyer snapshot is kept (bookkeeping period).
    retain_until: NaiveDate,
    buyer_purged_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl From<InvoiceWithLines> for Invoice {
    fn from(i: InvoiceWithLines) -> Self {
        let m = i.invoice;
        let status = match m.paid_at {
            Some(_) => InvoiceStatus::Paid,
            None if m.due_date < Utc::now().date_naive() => InvoiceStatus::Overdue,
            None => InvoiceStatus::Unpaid,
        };
        Invoice {
            id: ID(m.id.to_string()),
            number: m.number,
            customer_id: ID(m.customer_id.to_string()),
            order_id: m.order_id.map(|id| ID(id.to_string())),
            invoice_date: m.invoice_date,
            due_date: m.due_date,
            description: m.description,
            currency: Currency::from_db(&m.currency).unwrap_or(Currency::Sek),
            lines: i
                .lines
                .iter()
                .map(|l| DocumentLine::new(l.position, &service::line_of(l)))
                .collect(),
            net: m.net_minor,
            vat: m.vat_minor,
            total: m.total_minor,
            status,
            paid_at: m.paid_at,
            buyer_name: m.buyer_name,
            buyer_address: m.buyer_address,
            retain_until: m.retain_until,
            buyer_purged_at: m.buyer_purged_at,
            created_at: m.created_at,
        }
    }
}

#[derive(InputObject)]
pub struct InvoiceInput {
    /// The order invoiced; its lines are used when `lines` is empty.
    order_id: Option<ID>,
    invoice_date: NaiveDate,
    due_date: NaiveDate,
    description: Option<String>,
    /// The order's currency (or SEK) when left out; must be the order's when given.
    currency: Option<Currency>,
    #[graphql(default)]
    lines: Vec<DocumentLineInput>,
}

/// `Customer.invoices`, batched for the whole response.
pub async fn invoices_of(
    ctx: &Context<'_>,
    customer_id: uuid::Uuid,
) -> async_graphql::Result<Vec<Invoice>> {
    let list = loader::load(ctx, loader::InvoicesOf(customer_id)).await?;
    Ok(list.into_iter().map(Invoice::from).collect())
}

#[derive(Default)]
pub struct InvoiceQuery;

#[Object]
impl InvoiceQuery {
    /// One invoice (`READ_CUSTOMERS` on its customer; audited).
    async fn invoice(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Invoice> {
        let id = parse_id(&id, "id")?;
        Ok(service::get(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?
            .into())
    }
}

#[derive(Default)]
pub struct InvoiceMutation;

#[Object]
impl InvoiceMutation {
    /// Issues an invoice to a customer (`EDIT_CUSTOMERS`), with the buyer's name and address as
    /// they are now. `BAD_USER_INPUT` names the field (`dueDate`, `orderId` for another
    /// customer's or a cancelled order, `currency`, `lines[i].…`); an order invoiced before is a
    /// `CONFLICT` on `orderId`.
    async fn create_invoice(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        input: InvoiceInput,
    ) -> async_graphql::Result<Invoice> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        let data = InvoiceData {
            order_id: input
                .order_id
                .as_ref()
                .map(|id| parse_id(id, "orderId"))
                .transpose()?,
            invoice_date: input.invoice_date,
            due_date: input.due_date,
            description: input.description,
            currency: input.currency,
            lines: input.lines.into_iter().map(Into::into).collect(),
        };
        Ok(
            service::create(&state(ctx)?.db, &actor(ctx)?, customer_id, &data)
                .await
                .gql()?
                .into(),
        )
    }

    /// Marks an invoice paid today, or unpaid again (`EDIT_CUSTOMERS`).
    async fn set_invoice_paid(
        &self,
        ctx: &Context<'_>,
        id: ID,
        paid: bool,
    ) -> async_graphql::Result<Invoice> {
        let id = parse_id(&id, "id")?;
        Ok(service::set_paid(&state(ctx)?.db, &actor(ctx)?, id, paid)
            .await
            .gql()?
            .into())
    }
}
