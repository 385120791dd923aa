//! The preview, redaction, anonymization, receipts and the ledger.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

use super::mentions::{self, Found, MentionSource};
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

async fn contacts_of(
    db: &impl ConnectionTrait,
    customer_id: Uuid,
) -> AppResult<Vec<contact::Model>> {
    Ok(contact::Entity::find()
        .filter(contact::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?)
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

async fn counts(
    db: &impl ConnectionTrait,
    customer: &customer::Model,
    contacts: &[contact::Model],
) -> AppResult<(BTreeMap<&'static str, u64>, BTreeMap<&'static str, u64>)> {
    let contact_ids: Vec<Uuid> = contacts.iter().map(|c| c.id).collect();
    let mut removes = BTreeMap::new();
    let filled = [
        customer.first_name.is_some() || customer.last_name.is_some(),
        customer.company_name.is_some(),
        customer.identity_number.is_some(),
        customer.email.is_some(),
        customer.phone.is_some(),
        customer.invoice_address.is_some() || customer.postal_address.is_some(),
        customer.note.is_some(),
    ];
    for (name, present) in [
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
    {
        if present {
            removes.insert(name, 1);
        }
    }
    removes.insert("contactPersons", contacts.len() as u64);
    removes.insert(
        "myPageAccounts",
        portal_account::Entity::find()
            .filter(portal_account::Column::ContactId.is_in(contact_ids.clone()))
            .count(db)
            .await?,
    );
    removes.insert(
        "consentEvidence",
        consent_event::Entity::find()
            .filter(consent_event::Column::CustomerId.eq(customer.id))
            .filter(
                consent_event::Column::Evidence
                    .is_not_null()
                    .or(consent_event::Column::UserAgent.is_not_null())
                    .or(consent_event::Column::Ip.is_not_null()),
            )
            .count(db)
            .await?,
    );
    removes.insert(
        "outgoingMessages",
        outgoing_message::Entity::find()
            .filter(outgoing_message::Column::ContactId.is_in(contact_ids))
            .count(db)
            .await?,
    );
    removes.insert(
        "secrets",
        crate::features::secrets::service::count_of(db, customer.id).await?,
    );
    removes.retain(|_, n| *n > 0);
    let mut keeps = BTreeMap::new();
    keeps.insert(
        "orders",
        order::Entity::find()
            .filter(order::Column::CustomerId.eq(customer.id))
            .count(db)
            .await?,
    );
    keeps.insert(
        "invoices",
        invoice::Entity::find()
            .filter(invoice::Column::CustomerId.eq(customer.id))
            .count(db)
            .await?,
    );
    keeps.insert(
        "tasks",
        task::Entity::find()
            .filter(task::Column::CustomerId.eq(customer.id))
            .count(db)
            .await?,
    );
    keeps.insert(
        "consentEvents",
        consent_event::Entity::find()
            .filter(consent_event::Column::CustomerId.eq(customer.id))
            .count(db)
            .await?,
    );
    Ok((removes, keeps))
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
    let contacts = contacts_of(db, customer_id).await?;
    let (removes, keeps) = counts(db, &customer, &contacts).await?;
    let terms = mentions::terms_of(&customer, &contacts);
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
    let contacts = contacts_of(&txn, customer_id).await?;
    let terms = mentions::terms_of(&customer, &contacts);
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
    lock_customer(&txn, customer_id).await?;
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
    let receipt = erase(&txn, actor, customer, None).await?;
    txn.commit().await?;
    Ok(Anonymized {
        receipt,
        already: false,
    })
}

/// Locks the customer's row until the transaction ends, so two anonymizations of one customer
/// run one after the other (SQLite has a single writer already).
pub(super) async fn lock_customer(txn: &DatabaseTransaction, customer_id: Uuid) -> AppResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM customers WHERE id = $1 FOR UPDATE",
            [customer_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Free-text hits found before the transaction (a bulk run scans a batch at once), with the
/// terms they were found for.
pub(super) struct Prescan {
    pub terms: Vec<Term>,
    pub found: Vec<Found>,
}

/// Removes the customer's personal data inside `txn` and writes the receipt, the ledger row and
/// the audit event. The receipt's hits come from `prescan` when its terms are still the
/// customer's; otherwise (or without one) the records are scanned here.
pub(super) async fn erase(
    txn: &DatabaseTransaction,
    actor: &Actor,
    customer: customer::Model,
    prescan: Option<Prescan>,
) -> AppResult<anonymization_receipt::Model> {
    let customer_id = customer.id;
    let contacts = contacts_of(txn, customer_id).await?;
    let contact_ids: Vec<Uuid> = contacts.iter().map(|c| c.id).collect();
    let (removes, keeps) = counts(txn, &customer, &contacts).await?;
    let terms: Vec<Term> = mentions::terms_of(&customer, &contacts);
    let found = match prescan {
        Some(p) if p.terms == terms => p.found,
        _ => mentions::scan(txn, customer_id, &terms).await?,
    };
    let left: Vec<serde_json::Value> = found
        .into_iter()
        .map(|f| {
            serde_json::json!({
                "source": f.source.as_str(),
                "recordId": f.record_id,
                "label": f.label,
                "field": f.field,
            })
        })
        .collect();
    let now = Utc::now();
    let display = format!("Anonymized customer {}", customer.number);
    let null_text = || Expr::value(Option::<String>::None);
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
        .col_expr(
            customer::Column::SortName,
            Expr::value(text::fold(&display)),
        )
        .col_expr(customer::Column::DisplayName, Expr::value(display))
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
        .filter(customer::Column::Id.eq(customer_id))
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
        .filter(contact::Column::CustomerId.eq(customer_id))
        .exec(txn)
        .await?;
    // Sessions and one-time links go with the accounts (foreign keys cascade).
    portal_account::Entity::delete_many()
        .filter(portal_account::Column::ContactId.is_in(contact_ids.clone()))
        .exec(txn)
        .await?;
    outgoing_message::Entity::delete_many()
        .filter(outgoing_message::Column::ContactId.is_in(contact_ids))
        .exec(txn)
        .await?;
    crate::features::secrets::service::delete_all_of(txn, customer_id).await?;
    consent_event::Entity::update_many()
        .col_expr(consent_event::Column::Evidence, null_text())
        .col_expr(consent_event::Column::UserAgent, null_text())
        .col_expr(consent_event::Column::Ip, null_text())
        .filter(consent_event::Column::CustomerId.eq(customer_id))
        .exec(txn)
        .await?;
    search::reindex(txn, customer_id).await?;
    let receipt = anonymization_receipt::ActiveModel {
        id: Set(Uuid::now_v7()),
        customer_id: Set(customer_id),
        customer_number: Set(customer.number),
        masked_name: Set(mention::mask(&customer.display_name)),
        performed_at: Set(now),
        actor_kind: Set(actor.kind().to_owned()),
        actor_id: Set(actor.id()),
        removed: Set(json_counts(&removes)),
        kept: Set(json_counts(&keeps)),
        mentions_left: Set(serde_json::Value::Array(left)),
    }
    .insert(txn)
    .await?;
    anonymization_ledger::ActiveModel {
        customer_id: Set(customer_id),
        anonymized_at: Set(now),
        receipt_id: Set(receipt.id),
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        actor,
        "customer.anonymize",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "receiptId": receipt.id.to_string(),
            "removed": receipt.removed,
            "mentionsLeft": receipt.mentions_left.as_array().map_or(0, Vec::len),
        })),
    )
    .await?;
    Ok(receipt)
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
        erase(&txn, &Actor::System, found, None).await?;
        txn.commit().await?;
        done += 1;
    }
    Ok(done)
}
