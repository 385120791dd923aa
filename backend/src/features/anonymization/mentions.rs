//! Finding a customer's people in the free text of business records.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::db::db_enum;
use crate::domain::mention::{self, Matcher, Mention, Term, TermKind};
use crate::entities::{contact, customer, invoice, invoice_line, order, order_line, task};
use crate::error::AppResult;

db_enum!(
    /// Where a mention was found.
    MentionSource {
        Order => "order",
        OrderLine => "order_line",
        Invoice => "invoice",
        InvoiceLine => "invoice_line",
        Task => "task",
        /// Another customer's note.
        CustomerNote => "customer_note",
    }
);

/// The free-text fields each source has.
pub fn fields_of(source: MentionSource) -> &'static [&'static str] {
    match source {
        MentionSource::Order | MentionSource::Invoice => &["description"],
        MentionSource::OrderLine | MentionSource::InvoiceLine => &["description"],
        MentionSource::Task => &["title", "body"],
        MentionSource::CustomerNote => &["note"],
    }
}

/// Everything that identifies the customer's people.
pub fn terms_of(customer: &customer::Model, contacts: &[contact::Model]) -> Vec<Term> {
    let mut terms = Vec::new();
    let names = [
        Some(customer.display_name.as_str()),
        customer.company_name.as_deref(),
    ];
    terms.extend(names.into_iter().flatten().filter_map(Term::name));
    terms.extend(customer.email.as_deref().and_then(Term::email));
    terms.extend(customer.phone.as_deref().and_then(Term::phone));
    terms.extend(
        customer
            .identity_number
            .as_deref()
            .and_then(Term::identity_number),
    );
    for c in contacts {
        terms.extend(Term::name(&c.name));
        terms.extend(c.email.as_deref().and_then(Term::email));
        terms.extend(c.phone.as_deref().and_then(Term::phone));
    }
    terms.dedup();
    terms
}

/// One field of one record that mentions the customer's people.
#[derive(Debug, Clone)]
pub struct Found {
    pub source: MentionSource,
    /// The record's id (a UUID, or the line's number).
    pub record_id: String,
    /// "Order 100023", "Invoice 5000012 line 2", "Task", "Customer 10042": no personal data.
    pub label: String,
    pub field: &'static str,
    /// The customer the record belongs to (for access and links).
    pub customer_id: Option<Uuid>,
    pub text: String,
    pub mentions: Vec<Mention>,
}

impl Found {
    pub fn kinds(&self) -> Vec<TermKind> {
        let mut kinds: Vec<TermKind> = self.mentions.iter().map(|m| m.kind).collect();
        kinds.sort_by_key(|k| *k as u8);
        kinds.dedup();
        kinds
    }
}

struct Candidate {
    source: MentionSource,
    record_id: String,
    label: String,
    field: &'static str,
    customer_id: Option<Uuid>,
    text: String,
}

/// Every free-text field of every business record, and every customer's note.
async fn candidates(db: &impl ConnectionTrait) -> AppResult<Vec<Candidate>> {
    let mut out = Vec::new();
    let orders = order::Entity::find().all(db).await?;
    for o in &orders {
        if let Some(text) = &o.description {
            out.push(Candidate {
                source: MentionSource::Order,
                record_id: o.id.to_string(),
                label: format!("Order {}", o.number),
                field: "description",
                customer_id: Some(o.customer_id),
                text: text.clone(),
            });
        }
    }
    let order_of: std::collections::HashMap<Uuid, &order::Model> =
        orders.iter().map(|o| (o.id, o)).collect();
    for l in order_line::Entity::find().all(db).await? {
        let parent = order_of.get(&l.order_id);
        out.push(Candidate {
            source: MentionSource::OrderLine,
            record_id: l.id.to_string(),
            label: format!(
                "Order {} line {}",
                parent.map_or(0, |o| o.number),
                l.position
            ),
            field: "description",
            customer_id: parent.map(|o| o.customer_id),
            text: l.description,
        });
    }
    let invoices = invoice::Entity::find().all(db).await?;
    for i in &invoices {
        if let Some(text) = &i.description {
            out.push(Candidate {
                source: MentionSource::Invoice,
                record_id: i.id.to_string(),
                label: format!("Invoice {}", i.number),
                field: "description",
                customer_id: Some(i.customer_id),
                text: text.clone(),
            });
        }
    }
    let invoice_of: std::collections::HashMap<Uuid, &invoice::Model> =
        invoices.iter().map(|i| (i.id, i)).collect();
    for l in invoice_line::Entity::find().all(db).await? {
        let parent = invoice_of.get(&l.invoice_id);
        out.push(Candidate {
            source: MentionSource::InvoiceLine,
            record_id: l.id.to_string(),
            label: format!(
                "Invoice {} line {}",
                parent.map_or(0, |i| i.number),
                l.position
            ),
            field: "description",
            customer_id: parent.map(|i| i.customer_id),
            text: l.description,
        });
    }
    for t in task::Entity::find().all(db).await? {
        let label = if t.kind == "block" { "Block" } else { "Task" };
        out.push(Candidate {
            source: MentionSource::Task,
            record_id: t.id.to_string(),
            label: label.to_owned(),
            field: "title",
            customer_id: t.customer_id,
            text: t.title,
        });
        if let Some(body) = t.body {
            out.push(Candidate {
                source: MentionSource::Task,
                record_id: t.id.to_string(),
                label: label.to_owned(),
                field: "body",
                customer_id: t.customer_id,
                text: body,
            });
        }
    }
    for c in customer::Entity::find()
        .filter(customer::Column::Note.is_not_null())
        .all(db)
        .await?
    {
        if let Some(note) = c.note {
            out.push(Candidate {
                source: MentionSource::CustomerNote,
                record_id: c.id.to_string(),
                label: format!("Customer {}", c.number),
                field: "note",
                customer_id: Some(c.id),
                text: note,
            });
        }
    }
    Ok(out)
}

/// Every field that mentions one of `terms`, excluding the customer's own note (which
/// anonymization removes anyway).
pub async fn scan(
    db: &impl ConnectionTrait,
    customer_id: Uuid,
    terms: &[Term],
) -> AppResult<Vec<Found>> {
    let mut found = scan_many(db, &[(customer_id, terms.to_vec())]).await?;
    Ok(found.remove(&customer_id).unwrap_or_default())
}

/// [`scan`] for many customers at once: every record is read and matched once, whatever the
/// number of customers (the bulk run scans a whole batch in one pass).
pub async fn scan_many(
    db: &impl ConnectionTrait,
    owners: &[(Uuid, Vec<Term>)],
) -> AppResult<HashMap<Uuid, Vec<Found>>> {
    let mut out: HashMap<Uuid, Vec<Found>> = HashMap::new();
    let (owner_of, terms): (Vec<usize>, Vec<Term>) = owners
        .iter()
        .enumerate()
        .flat_map(|(owner, (_, terms))| terms.iter().map(move |t| (owner, t.clone())))
        .unzip();
    if terms.is_empty() {
        return Ok(out);
    }
    let matcher = Matcher::new(&terms);
    for c in candidates(db).await? {
        let mut by_owner: HashMap<usize, Vec<Mention>> = HashMap::new();
        for (term, m) in matcher.find_all(&c.text) {
            by_owner.entry(owner_of[term]).or_default().push(m);
        }
        for (owner, mentions) in by_owner {
            let customer_id = owners[owner].0;
            if c.source == MentionSource::CustomerNote && c.customer_id == Some(customer_id) {
                continue;
            }
            out.entry(customer_id).or_default().push(Found {
                source: c.source,
                record_id: c.record_id.clone(),
                label: c.label.clone(),
                field: c.field,
                customer_id: c.customer_id,
                text: c.text.clone(),
                mentions: mention::merge(mentions),
            });
        }
    }
    Ok(out)
}
