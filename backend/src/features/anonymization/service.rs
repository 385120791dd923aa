//! The preview, redaction, anonymization, receipts and the ledger.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

use super::mentions::{self, Found, MentionSource};
use crate::db::{IN_LIST_MAX, count_per};
use crate::domain::mention::{self, Term};
use crate::domain::text;
use crate::entities::{
    anonymization_ledger, anonymization_receipt, consent_event, contact, customer, invoice,
    invoice_line, order, order_line, outgoing_message, portal_account, task,
};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::CustomerState;
use crate::features::customers::search;

/// What anonymizing a customer would do.
pub struct Preview {
    pub customer: customer::Model,
    /// Category → how many.
    pub removes: BTreeMap<&'static str, u64>,
    pub keeps: BTreeMap<&'static str, u64>,
    /// Mentions in records the actor may see.
    pub mentions: Vec<Found>,
    /// Mentions in records of customers the actor may not see (counted, not shown).
    pub hidden_mentions: u64,
}

/// The customer the actor may anonymize: `ANONYMIZE` and visible (else `NOT_FOUND`).
async fn target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<customer::Model> {
    actor.require(Right::Anonymize)?;
    access::service::visible_customer(db, actor, customer_id).await
}

/// The contact persons of each customer.
pub(super) async fn contacts_of(
    db: &impl ConnectionTrait,
    customer_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<contact::Model>>> {
    let mut out: HashMap<Uuid, Vec<contact::Model>> = HashMap::new();
    for chunk in customer_ids.chunks(IN_LIST_MAX) {
        for c in contact::Entity::find()
            .filter(contact::Column::CustomerId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.entry(c.customer_id).or_default().push(c);
        }
    }
    Ok(out)
}

/// One customer's contacts out of [`contacts_of`].
pub(super) fn own(
    contacts: &HashMap<Uuid, Vec<contact::Model>>,
    customer_id: Uuid,
) -> &[contact::Model] {
    contacts.get(&customer_id).map_or(&[][..], Vec::as_slice)
}

/// Splits mentions into those in records the actor may see and a count of the rest.
async fn visible_mentions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    found: Vec<Found>,
) -> AppResult<(Vec<Found>, u64)> {
    let mut visible = Vec::with_capacity(found.len());
    let mut hidden = 0;
    let mut seen: BTreeMap<Uuid, bool> = BTreeMap::new();
    for f in found {
        let allowed = match f.customer_id {
            None => true,
            Some(id) => match seen.get(&id) {
                Some(v) => *v,
                None => {
                    let v = match customer::Entity::find_by_id(id).one(db).await? {
                        Some(c) => access::service::can_see(db, actor, &c).await?,
                        None => false,
                    };
                    seen.insert(id, v);
                    v
                }
            },
        };
        if allowed {
            visible.push(f);
        } else {
            hidden += 1;
        }
    }
    Ok((visible, hidden))
}

/// Consent events that still hold evidence, a user agent or an IP address.
fn with_evidence() -> Condition {
    Condition::any()
        .add(consent_event::Column::Evidence.is_not_null())
        .add(consent_event::Column::UserAgent.is_not_null())
        .add(consent_event::Column::Ip.is_not_null())
}

/// What anonymizing a customer removes and what it keeps: category → how many.
type Counts = (BTreeMap<&'static str, u64>, BTreeMap<&'static str, u64>);

/// The [`Counts`] of each customer, a grouped count per category for all of them.
async fn counts(
    db: &impl ConnectionTrait,
    customers: &[&customer::Model],
    contacts: &HashMap<Uuid, Vec<contact::Model>>,
) -> AppResult<HashMap<Uuid, Counts>> {
    let ids: Vec<Uuid> = customers.iter().map(|c| c.id).collect();
    let owner: HashMap<Uuid, Uuid> = contacts
        .values()
        .flatten()
        .map(|c| (c.id, c.customer_id))
        .collect();
    let contact_ids: Vec<Uuid> = owner.keys().copied().collect();
    let per_customer = |per_contact: HashMap<Uuid, u64>| {
        let mut out: HashMap<Uuid, u64> = HashMap::new();
        for (contact, n) in per_contact {
            if let Some(customer) = owner.get(&contact) {
                *out.entry(*customer).or_default() += n;
            }
        }
        out
    };
    let all = Condition::all;
    let accounts = per_customer(
        count_per::<portal_account::Entity>(
            db,
            portal_account::Column::ContactId,
            &contact_ids,
            all(),
        )
        .await?,
    );
    let messages = per_customer(
        count_per::<outgoing_message::Entity>(
            db,
            outgoing_message::Column::ContactId,
            &contact_ids,
            all(),
        )
        .await?,
    );
    let evidence = count_per::<consent_event::Entity>(
        db,
        consent_event::Column::CustomerId,
        &ids,
        with_evidence(),
    )
    .await?;
    let secrets = crate::features::secrets::service::count_per_customer(db, &ids).await?;
    let orders = count_per::<order::Entity>(db, order::Column::CustomerId, &ids, all()).await?;
    let invoices =
        count_per::<invoice::Entity>(db, invoice::Column::CustomerId, &ids, all()).await?;
    let tasks = count_per::<task::Entity>(db, task::Column::CustomerId, &ids, all()).await?;
    let events =
        count_per::<consent_event::Entity>(db, consent_event::Column::CustomerId, &ids, all())
            .await?;
    let of = |map: &HashMap<Uuid, u64>, id: Uuid| map.get(&id).copied().unwrap_or(0);
    Ok(customers
        .iter()
        .map(|customer| {
            let id = customer.id;
            let filled = [
                customer.first_name.is_some() || customer.last_name.is_some(),
                customer.company_name.is_some(),
                customer.identity_number.is_some(),
                customer.email.is_some(),
                customer.phone.is_some(),
                customer.invoice_address.is_some() || customer.postal_address.is_some(),
                customer.note.is_some(),
            ];
            let mut removes: BTreeMap<&'static str, u64> = [
                "name",
                "companyName",
                "identityNumber",
                "email",
                "phone",
                "addresses",
                "note",
            ]
            .into_iter()
            .zip(filled)
            .filter(|(_, present)| *present)
            .map(|(name, _)| (name, 1))
            .collect();
            removes.insert("contactPersons", own(contacts, id).len() as u64);
            removes.insert("myPageAccounts", of(&accounts, id));
            removes.insert("consentEvidence", of(&evidence, id));
            removes.insert("outgoingMessages", of(&messages, id));
            removes.insert("secrets", of(&secrets, id));
            removes.retain(|_, n| *n > 0);
            let keeps = BTreeMap::from([
                ("orders", of(&orders, id)),
                ("invoices", of(&invoices, id)),
                ("tasks", of(&tasks, id)),
                ("consentEvents", of(&events, id)),
            ]);
            (id, (removes, keeps))
        })
        .collect())
}

/// What anonymizing would remove and keep, and every mention left in free text (`ANONYMIZE`;
/// audited, since it shows where the person is mentioned).
pub async fn preview(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<Preview> {
    let customer = target(db, actor, customer_id).await?;
    if CustomerState::from_db(&customer.state) == CustomerState::Anonymized {
        return Err(AppError::Conflict {
            field: None,
            message: "this customer is already anonymized".into(),
        });
    }
    let contacts = contacts_of(db, &[customer_id]).await?;
    let (removes, keeps) = counts(db, &[&customer], &contacts)
        .await?
        .remove(&customer_id)
        .unwrap_or_default();
    let terms = mentions::terms_of(&customer, own(&contacts, customer_id));
    let found = mentions::scan(db, customer_id, &terms).await?;
    let (mentions, hidden_mentions) = visible_mentions(db, actor, found).await?;
    audit::record(
        db,
        actor,
        "customer.anonymize.preview",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "mentions": mentions.len(), "hiddenMentions": hidden_mentions })),
    )
    .await?;
    Ok(Preview {
        customer,
        removes,
        keeps,
        mentions,
        hidden_mentions,
    })
}

/// Replaces the customer's people in one field of one record with "[redacted]" (`ANONYMIZE`,
/// and the record's customer must be visible). Returns how many mentions were replaced.
pub async fn redact(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: Uuid,
    source: MentionSource,
    record_id: &str,
    field: &str,
) -> AppResult<u64> {
    let Some(field) = mentions::fields_of(source).iter().find(|f| **f == field) else {
        return Err(AppError::bad_input(
            "field",
            "this record has no such free-text field",
        ));
    };
    let txn = crate::db::begin_write(db).await?;
    let customer = target(&txn, actor, customer_id).await?;
    let contacts = contacts_of(&txn, &[customer_id]).await?;
    let terms = mentions::terms_of(&customer, own(&contacts, customer_id));
    let (owner, current) = read_field(&txn, source, record_id, field).await?;
    if let Some(owner) = owner {
        access::service::visible_customer(&txn, actor, owner)
            .await
            .map_err(|e| match e {
                AppError::NotFound { .. } => AppError::NotFound { entity: "record" },
                other => other,
            })?;
    }
    let Some(current) = current else {
        return Ok(0);
    };
    let found = mention::find(&current, &terms);
    if found.is_empty() {
        return Ok(0);
    }
    let redacted = mention::redact(&current, &found);
    write_field(&txn, source, record_id, field, redacted).await?;
    audit::record(
        &txn,
        actor,
        "customer.anonymize.redact",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "source": source.as_str(),
            "recordId": record_id,
            "field": field,
            "count": found.len(),
            "customerIds": owner.map(|o| vec![o.to_string()]).unwrap_or_default(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(found.len() as u64)
}

fn record_uuid(record_id: &str) -> AppResult<Uuid> {
    Uuid::parse_str(record_id).map_err(|_| AppError::bad_input("recordId", "is not a valid id"))
}

fn record_number(record_id: &str) -> AppResult<i64> {
    record_id
        .parse()
        .map_err(|_| AppError::bad_input("recordId", "is not a valid id"))
}

/// The record's customer (if any) and the field's text.
async fn read_field(
    db: &impl ConnectionTrait,
    source: MentionSource,
    record_id: &str,
    field: &str,
) -> AppResult<(Option<Uuid>, Option<String>)> {
    let not_found = AppError::NotFound { entity: "record" };
    Ok(match source {
        MentionSource::Order => {
            let o = order::Entity::find_by_id(record_uuid(record_id)?)
                .one(db)
                .await?
                .ok_or(not_found)?;
            (Some(o.customer_id), o.description)
        }
        MentionSource::OrderLine => {
            let l = order_line::Entity::find_by_id(record_number(record_id)?)
                .one(db)
                .await?
                .ok_or(not_found)?;
            let owner = order::Entity::find_by_id(l.order_id)
                .one(db)
                .await?
                .map(|o| o.customer_id);
            (owner, Some(l.description))
        }
        MentionSource::Invoice => {
            let i = invoice::Entity::find_by_id(record_uuid(record_id)?)
                .one(db)
                .await?
                .ok_or(not_found)?;
            (Some(i.customer_id), i.description)
        }
        MentionSource::InvoiceLine => {
            let l = invoice_line::Entity::find_by_id(record_number(record_id)?)
                .one(db)
                .await?
                .ok_or(not_found)?;
            let owner = invoice::Entity::find_by_id(l.invoice_id)
                .one(db)
                .await?
                .map(|i| i.customer_id);
            (owner, Some(l.description))
        }
        MentionSource::Task => {
            let t = task::Entity::find_by_id(record_uuid(record_id)?)
                .one(db)
                .await?
                .ok_or(not_found)?;
            let text = if field == "title" {
                Some(t.title)
            } else {
                t.body
            };
            (t.customer_id, text)
        }
        MentionSource::CustomerNote => {
            let c = customer::Entity::find_by_id(record_uuid(record_id)?)
                .one(db)
                .await?
                .ok_or(not_found)?;
            (Some(c.id), c.note)
        }
    })
}

async fn write_field(
    db: &impl ConnectionTrait,
    source: MentionSource,
    record_id: &str,
    field: &str,
    value: String,
) -> AppResult<()> {
    let now = Utc::now();
    match source {
        MentionSource::Order => {
            order::Entity::update_many()
                .col_expr(order::Column::Description, Expr::value(value))
                .col_expr(order::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    order::Column::Version,
                    Expr::col(order::Column::Version).add(1),
                )
                .filter(order::Column::Id.eq(record_uuid(record_id)?))
                .exec(db)
                .await?;
        }
        MentionSource::OrderLine => {
            order_line::Entity::update_many()
                .col_expr(order_line::Column::Description, Expr::value(value))
                .filter(order_line::Column::Id.eq(record_number(record_id)?))
                .exec(db)
                .await?;
        }
        MentionSource::Invoice => {
            invoice::Entity::update_many()
                .col_expr(invoice::Column::Description, Expr::value(value))
                .filter(invoice::Column::Id.eq(record_uuid(record_id)?))
                .exec(db)
                .await?;
        }
        MentionSource::InvoiceLine => {
            invoice_line::Entity::update_many()
                .col_expr(invoice_line::Column::Description, Expr::value(value))
                .filter(invoice_line::Column::Id.eq(record_number(record_id)?))
                .exec(db)
                .await?;
        }
        MentionSource::Task => {
            let column = if field == "title" {
                task::Column::Title
            } else {
                task::Column::Body
            };
            task::Entity::update_many()
                .col_expr(column, Expr::value(value))
                .col_expr(task::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    task::Column::Version,
                    Expr::col(task::Column::Version).add(1),
                )
                .filter(task::Column::Id.eq(record_uuid(record_id)?))
                .exec(db)
                .await?;
        }
        MentionSource::CustomerNote => {
            let id = record_uuid(record_id)?;
            customer::Entity::update_many()
                .col_expr(customer::Column::Note, Expr::value(value))
                .col_expr(customer::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    customer::Column::Version,
                    Expr::col(customer::Column::Version).add(1),
                )
                .filter(customer::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// What anonymizing answered.
pub struct Anonymized {
    pub receipt: anonymization_receipt::Model,
    /// The customer was anonymized before; nothing was done now.
    pub already: bool,
}

fn json_counts(map: &BTreeMap<&'static str, u64>) -> serde_json::Value {
    serde_json::Value::Object(
        map.iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
            .collect(),
    )
}

/// Anonymizes a customer (`ANONYMIZE`), irreversibly, in one transaction. `confirm_number` must
/// be the customer's number. A customer anonymized before answers with its receipt.
pub async fn anonymize(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: Uuid,
    confirm_number: i64,
) -> AppResult<Anonymized> {
    let txn = crate::db::begin_write(db).await?;
    lock_customers(&txn, &[customer_id]).await?;
    let customer = target(&txn, actor, customer_id).await?;
    if CustomerState::from_db(&customer.state) == CustomerState::Anonymized {
        let receipt = anonymization_receipt::Entity::find()
            .filter(anonymization_receipt::Column::CustomerId.eq(customer_id))
            .order_by_desc(anonymization_receipt::Column::PerformedAt)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::conflict("this customer is already anonymized"))?;
        return Ok(Anonymized {
            receipt,
            already: true,
        });
    }
    if confirm_number != customer.number {
        return Err(AppError::bad_input(
            "confirmNumber",
            "type the customer's number to confirm",
        ));
    }
    let receipt = erase(&txn, actor, vec![customer], HashMap::new())
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("anonymization wrote no receipt")))?;
    txn.commit().await?;
    Ok(Anonymized {
        receipt,
        already: false,
    })
}

/// Locks the customers' rows until the transaction ends, so two anonymizations of one customer
/// run one after the other (SQLite has a single writer already).
pub(super) async fn lock_customers(txn: &DatabaseTransaction, ids: &[Uuid]) -> AppResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        for chunk in ids.chunks(IN_LIST_MAX) {
            customer::Entity::find()
                .select_only()
                .column(customer::Column::Id)
                .filter(customer::Column::Id.is_in(chunk.iter().copied()))
                .lock_exclusive()
                .into_tuple::<Uuid>()
                .all(txn)
                .await?;
        }
    }
    Ok(())
}

/// Free-text hits found before the transaction (a bulk run scans a batch at once), with the
/// terms they were found for.
pub(super) struct Prescan {
    pub terms: Vec<Term>,
    pub found: Vec<Found>,
}

/// An anonymized customer's display name is this and its number ("Anonymized customer 10042"),
/// written by SQL for a whole batch, with the folded form of it as its sort name.
const ANONYMIZED_NAME: &str = "Anonymized customer ";

/// `(display name, sort name)` as SQL expressions over the row's `number`.
fn anonymized_name_sql() -> (Expr, Expr) {
    let number = "CAST(number AS TEXT)";
    (
        Expr::cust(format!("'{ANONYMIZED_NAME}' || {number}")),
        Expr::cust(format!("'{} ' || {number}", text::fold(ANONYMIZED_NAME))),
    )
}

/// Removes the customers' personal data inside `txn` and writes, for each, the receipt, the
/// ledger row and the audit event — what anonymizing them one by one would, in a few statements
/// per table for all of them. A receipt's hits come from `prescans` where its terms are still
/// the customer's; the other customers' records are scanned here, in one pass. Hits in the notes
/// of customers anonymized here are left out: those notes are removed with them.
pub(super) async fn erase(
    txn: &DatabaseTransaction,
    actor: &Actor,
    customers: Vec<customer::Model>,
    mut prescans: HashMap<Uuid, Prescan>,
) -> AppResult<Vec<anonymization_receipt::Model>> {
    if customers.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = customers.iter().map(|c| c.id).collect();
    let erased: HashSet<Uuid> = ids.iter().copied().collect();
    let contacts = contacts_of(txn, &ids).await?;
    let refs: Vec<&customer::Model> = customers.iter().collect();
    let mut counts = counts(txn, &refs, &contacts).await?;
    let mut found: HashMap<Uuid, Vec<Found>> = HashMap::new();
    let mut rescan: Vec<(Uuid, Vec<Term>)> = Vec::new();
    for c in &customers {
        let terms = mentions::terms_of(c, own(&contacts, c.id));
        match prescans.remove(&c.id) {
            Some(p) if p.terms == terms => {
                found.insert(c.id, p.found);
            }
            _ => rescan.push((c.id, terms)),
        }
    }
    if !rescan.is_empty() {
        found.extend(mentions::scan_many(txn, &rescan).await?);
    }

    let now = Utc::now();
    let null_text = || Expr::value(Option::<String>::None);
    let (display_name, sort_name) = anonymized_name_sql();
    for chunk in ids.chunks(IN_LIST_MAX) {
        let chunk = || chunk.iter().copied();
        customer::Entity::update_many()
            .col_expr(customer::Column::FirstName, null_text())
            .col_expr(customer::Column::LastName, null_text())
            .col_expr(customer::Column::CompanyName, null_text())
            .col_expr(customer::Column::IdentityNumber, null_text())
            .col_expr(customer::Column::Email, null_text())
            .col_expr(customer::Column::Phone, null_text())
            .col_expr(
                customer::Column::InvoiceAddress,
                Expr::value(Option::<serde_json::Value>::None),
            )
            .col_expr(
                customer::Column::PostalAddress,
                Expr::value(Option::<serde_json::Value>::None),
            )
            .col_expr(customer::Column::Note, null_text())
            .col_expr(customer::Column::SearchDoc, Expr::value(""))
            .col_expr(customer::Column::DisplayName, display_name.clone())
            .col_expr(customer::Column::SortName, sort_name.clone())
            .col_expr(
                customer::Column::State,
                Expr::value(CustomerState::Anonymized.as_str()),
            )
            .col_expr(customer::Column::AnonymizedAt, Expr::value(now))
            .col_expr(customer::Column::UpdatedAt, Expr::value(now))
            .col_expr(customer::Column::UpdatedBy, Expr::value(actor.user_id()))
            .col_expr(
                customer::Column::Version,
                Expr::col(customer::Column::Version).add(1),
            )
            .filter(customer::Column::Id.is_in(chunk()))
            .exec(txn)
            .await?;
        contact::Entity::update_many()
            .col_expr(contact::Column::Name, Expr::value("Anonymized contact"))
            .col_expr(contact::Column::Title, null_text())
            .col_expr(contact::Column::Email, null_text())
            .col_expr(contact::Column::Phone, null_text())
            .col_expr(contact::Column::ExternalId, null_text())
            .col_expr(
                contact::Column::RecipientOf,
                Expr::value(serde_json::json!([])),
            )
            .col_expr(contact::Column::Archived, Expr::value(true))
            .col_expr(contact::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                contact::Column::Version,
                Expr::col(contact::Column::Version).add(1),
            )
            .filter(contact::Column::CustomerId.is_in(chunk()))
            .exec(txn)
            .await?;
        let their_contacts = || {
            contact::Entity::find()
                .select_only()
                .column(contact::Column::Id)
                .filter(contact::Column::CustomerId.is_in(chunk()))
                .into_query()
        };
        // Sessions and one-time links go with the accounts (foreign keys cascade).
        portal_account::Entity::delete_many()
            .filter(portal_account::Column::ContactId.in_subquery(their_contacts()))
            .exec(txn)
            .await?;
        outgoing_message::Entity::delete_many()
            .filter(outgoing_message::Column::ContactId.in_subquery(their_contacts()))
            .exec(txn)
            .await?;
        consent_event::Entity::update_many()
            .col_expr(consent_event::Column::Evidence, null_text())
            .col_expr(consent_event::Column::UserAgent, null_text())
            .col_expr(consent_event::Column::Ip, null_text())
            .filter(consent_event::Column::CustomerId.is_in(chunk()))
            .filter(with_evidence())
            .exec(txn)
            .await?;
    }
    crate::features::secrets::service::delete_all_of(txn, &ids).await?;
    search::forget(txn, &refs).await?;

    let receipts: Vec<anonymization_receipt::Model> = customers
        .iter()
        .map(|customer| {
            let (removes, keeps) = counts.remove(&customer.id).unwrap_or_default();
            let left: Vec<serde_json::Value> = found
                .remove(&customer.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|f| {
                    !(f.source == MentionSource::CustomerNote
                        && f.customer_id.is_some_and(|id| erased.contains(&id)))
                })
                .map(|f| {
                    serde_json::json!({
                        "source": f.source.as_str(),
                        "recordId": f.record_id,
                        "label": f.label,
                        "field": f.field,
                    })
                })
                .collect();
            anonymization_receipt::Model {
                id: Uuid::now_v7(),
                customer_id: customer.id,
                customer_number: customer.number,
                masked_name: mention::mask(&customer.display_name),
                performed_at: now,
                actor_kind: actor.kind().to_owned(),
                actor_id: actor.id(),
                removed: json_counts(&removes),
                kept: json_counts(&keeps),
                mentions_left: serde_json::Value::Array(left),
            }
        })
        .collect();
    // A receipt binds 10 values, a ledger row 3.
    for chunk in receipts.chunks(IN_LIST_MAX / 10) {
        anonymization_receipt::Entity::insert_many(
            chunk
                .iter()
                .map(|r| r.clone().into_active_model().reset_all()),
        )
        .exec(txn)
        .await?;
        anonymization_ledger::Entity::insert_many(chunk.iter().map(|r| {
            anonymization_ledger::ActiveModel {
                customer_id: Set(r.customer_id),
                anonymized_at: Set(now),
                receipt_id: Set(r.id),
            }
        }))
        .exec(txn)
        .await?;
    }
    audit::record_each(
        txn,
        actor,
        "customer.anonymize",
        receipts
            .iter()
            .map(|r| {
                let details = serde_json::json!({
                    "receiptId": r.id.to_string(),
                    "removed": r.removed,
                    "mentionsLeft": r.mentions_left.as_array().map_or(0, Vec::len),
                });
                (("customer", r.customer_id.to_string()), details)
            })
            .collect(),
    )
    .await?;
    Ok(receipts)
}

/// Receipts, newest first (administrators; the list is itself audited).
pub async fn receipts(
    db: &DatabaseConnection,
    actor: &Actor,
    limit: u64,
) -> AppResult<Vec<anonymization_receipt::Model>> {
    actor.require_admin()?;
    let found = anonymization_receipt::Entity::find()
        .order_by_desc(anonymization_receipt::Column::PerformedAt)
        .limit(limit.clamp(1, 500))
        .all(db)
        .await?;
    audit::record(
        db,
        actor,
        "anonymization.receipts.read",
        None,
        Outcome::Success,
        Some(serde_json::json!({ "count": found.len() })),
    )
    .await?;
    Ok(found)
}

/// The receipt of one customer's anonymization, if it has one.
pub async fn receipt_of(
    db: &impl ConnectionTrait,
    customer_id: Uuid,
) -> AppResult<Option<anonymization_receipt::Model>> {
    Ok(anonymization_receipt::Entity::find()
        .filter(anonymization_receipt::Column::CustomerId.eq(customer_id))
        .order_by_desc(anonymization_receipt::Column::PerformedAt)
        .one(db)
        .await?)
}

/// Anonymizes again every customer in the ledger that is not anonymized (after a restore of a
/// backup taken before their anonymization). Returns how many were anonymized.
pub async fn reapply_ledger(db: &DatabaseConnection) -> AppResult<u64> {
    let ledger = anonymization_ledger::Entity::find().all(db).await?;
    let mut done = 0;
    for entry in ledger {
        let txn = crate::db::begin_write(db).await?;
        let Some(found) = customer::Entity::find_by_id(entry.customer_id)
            .one(&txn)
            .await?
        else {
            continue;
        };
        if CustomerState::from_db(&found.state) == CustomerState::Anonymized {
            continue;
        }
        anonymization_ledger::Entity::delete_by_id(entry.customer_id)
            .exec(&txn)
            .await?;
        erase(&txn, &Actor::System, vec![found], HashMap::new()).await?;
        txn.commit().await?;
        done += 1;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sort_name_written_by_sql_is_the_folded_display_name() {
        assert!(!ANONYMIZED_NAME.contains('\''));
        let folded = text::fold(ANONYMIZED_NAME);
        for number in [1, 10_042, i64::MAX] {
            assert_eq!(
                text::fold(&format!("{ANONYMIZED_NAME}{number}")),
                format!("{folded} {number}")
            );
        }
    }
}
