//! Finding a customer's people in the free text of business records.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
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

/// A record's id: a UUID, or a line's number.
#[derive(Clone, Copy)]
enum RecordId {
    Uuid(Uuid),
    Line(i64),
}

/// What a record is called, without personal data: "Order 100023", "Invoice 5000012 line 2".
#[derive(Clone, Copy)]
enum Label {
    Numbered(&'static str, i64),
    Line(&'static str, i64, i32),
    Plain(&'static str),
}

impl RecordId {
    fn text(self) -> String {
        match self {
            RecordId::Uuid(id) => id.to_string(),
            RecordId::Line(id) => id.to_string(),
        }
    }
}

impl Label {
    fn text(self) -> String {
        match self {
            Label::Numbered(kind, number) => format!("{kind} {number}"),
            Label::Line(kind, number, position) => format!("{kind} {number} line {position}"),
            Label::Plain(kind) => kind.to_owned(),
        }
    }
}

/// One free-text field to scan. Ids and labels become strings only for the few that match.
struct Candidate {
    source: MentionSource,
    record_id: RecordId,
    label: Label,
    field: &'static str,
    customer_id: Option<Uuid>,
    text: String,
}

/// Every free-text field of every business record, and every customer's note (only the
/// columns the scan needs: it reads every row).
async fn candidates(db: &impl ConnectionTrait) -> AppResult<Vec<Candidate>> {
    let mut out = Vec::new();
    // (id, number, customer, description) of every order and invoice.
    type Header = (Uuid, i64, Uuid, Option<String>);
    // (parent id, line id, position, description) of every line.
    type Line = (Uuid, i64, i32, String);
    let headers = |source: MentionSource,
                   kind: &'static str,
                   rows: &mut [Header],
                   out: &mut Vec<Candidate>| {
        for (id, number, customer_id, text) in rows {
            if let Some(text) = text.take() {
                out.push(Candidate {
                    source,
                    record_id: RecordId::Uuid(*id),
                    label: Label::Numbered(kind, *number),
                    field: "description",
                    customer_id: Some(*customer_id),
                    text,
                });
            }
        }
    };
    let lines = |source: MentionSource,
                 kind: &'static str,
                 parents: &[Header],
                 rows: Vec<Line>,
                 out: &mut Vec<Candidate>| {
        let parent_of: HashMap<Uuid, (i64, Uuid)> =
            parents.iter().map(|p| (p.0, (p.1, p.2))).collect();
        for (parent_id, id, position, text) in rows {
            let parent = parent_of.get(&parent_id);
            out.push(Candidate {
                source,
                record_id: RecordId::Line(id),
                label: Label::Line(kind, parent.map_or(0, |p| p.0), position),
                field: "description",
                customer_id: parent.map(|p| p.1),
                text,
            });
        }
    };
    let mut orders: Vec<Header> = order::Entity::find()
        .select_only()
        .columns([
            order::Column::Id,
            order::Column::Number,
            order::Column::CustomerId,
            order::Column::Description,
        ])
        .into_tuple()
        .all(db)
        .await?;
    headers(MentionSource::Order, "Order", &mut orders, &mut out);
    let order_lines: Vec<Line> = order_line::Entity::find()
        .select_only()
        .columns([
            order_line::Column::OrderId,
            order_line::Column::Id,
            order_line::Column::Position,
            order_line::Column::Description,
        ])
        .into_tuple()
        .all(db)
        .await?;
    lines(
        MentionSource::OrderLine,
        "Order",
        &orders,
        order_lines,
        &mut out,
    );
    drop(orders);
    let mut invoices: Vec<Header> = invoice::Entity::find()
        .select_only()
        .columns([
            invoice::Column::Id,
            invoice::Column::Number,
            invoice::Column::CustomerId,
            invoice::Column::Description,
        ])
        .into_tuple()
        .all(db)
        .await?;
    headers(MentionSource::Invoice, "Invoice", &mut invoices, &mut out);
    let invoice_lines: Vec<Line> = invoice_line::Entity::find()
        .select_only()
        .columns([
            invoice_line::Column::InvoiceId,
            invoice_line::Column::Id,
            invoice_line::Column::Position,
            invoice_line::Column::Description,
        ])
        .into_tuple()
        .all(db)
        .await?;
    lines(
        MentionSource::InvoiceLine,
        "Invoice",
        &invoices,
        invoice_lines,
        &mut out,
    );
    drop(invoices);
    // (id, kind, customer, title, body) of every task and calendar block.
    type TaskText = (Uuid, String, Option<Uuid>, String, Option<String>);
    let tasks: Vec<TaskText> = task::Entity::find()
        .select_only()
        .columns([
            task::Column::Id,
            task::Column::Kind,
            task::Column::CustomerId,
            task::Column::Title,
            task::Column::Body,
        ])
        .into_tuple()
        .all(db)
        .await?;
    for (id, kind, customer_id, title, body) in tasks {
        let label = Label::Plain(if kind == "block" { "Block" } else { "Task" });
        let fields = std::iter::once(("title", title)).chain(body.map(|b| ("body", b)));
        for (field, text) in fields {
            out.push(Candidate {
                source: MentionSource::Task,
                record_id: RecordId::Uuid(id),
                label,
                field,
                customer_id,
                text,
            });
        }
    }
    let notes: Vec<(Uuid, i64, Option<String>)> = customer::Entity::find()
        .select_only()
        .columns([
            customer::Column::Id,
            customer::Column::Number,
            customer::Column::Note,
        ])
        .filter(customer::Column::Note.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for (id, number, note) in notes {
        if let Some(note) = note {
            out.push(Candidate {
                source: MentionSource::CustomerNote,
                record_id: RecordId::Uuid(id),
                label: Label::Numbered("Customer", number),
                field: "note",
                customer_id: Some(id),
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
                record_id: c.record_id.text(),
                label: c.label.text(),
                field: c.field,
                customer_id: c.customer_id,
                text: c.text.clone(),
                mentions: mention::merge(mentions),
            });
        }
    }
    Ok(out)
}
