//! Building the export documents.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::entities::{
    consent_event, consent_purpose, contact, current_consent, customer, organization_settings,
    portal_account,
};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::consents::service as consents;
use crate::features::customers::service::address_from_json;
use crate::features::{invoices, orders, tasks};

/// The `format` of every export document.
pub const FORMAT: &str = "tillit.data-subject-export";
/// Bumped when a field changes meaning or disappears (adding fields keeps the version).
pub const VERSION: u32 = 1;

fn header(
    db_settings: Option<organization_settings::Model>,
    scope: &str,
) -> serde_json::Map<String, Value> {
    let mut doc = serde_json::Map::new();
    doc.insert("format".into(), json!(FORMAT));
    doc.insert("version".into(), json!(VERSION));
    doc.insert("scope".into(), json!(scope));
    doc.insert("exportedAt".into(), json!(Utc::now()));
    doc.insert(
        "controller".into(),
        db_settings.map_or(Value::Null, |s| {
            json!({
                "name": s.company_name,
                "organisationNumber": s.org_number,
                "address": s.address,
                "email": s.email,
                "phone": s.phone,
                "privacyPolicyUrl": s.privacy_policy_url,
                "dataProtectionOfficer": { "name": s.dpo_name, "email": s.dpo_email },
                "supervisoryAuthority": s.supervisory_authority,
            })
        }),
    );
    doc
}

fn customer_json(c: &customer::Model) -> Value {
    let address = |v: Option<&Value>| {
        address_from_json(v).map(|a| {
            json!({
                "line1": a.line1,
                "line2": a.line2,
                "postalCode": a.postal_code,
                "city": a.city,
                "country": a.country.code(),
            })
        })
    };
    json!({
        "id": c.id,
        "number": c.number,
        "kind": c.kind,
        "country": c.country,
        "firstName": c.first_name,
        "lastName": c.last_name,
        "companyName": c.company_name,
        "displayName": c.display_name,
        "identityNumber": c.identity_number,
        "email": c.email,
        "phone": c.phone,
        "invoiceAddress": address(c.invoice_address.as_ref()),
        "postalAddress": address(c.postal_address.as_ref()),
        "note": c.note,
        "state": c.state,
        "createdAt": c.created_at,
        "updatedAt": c.updated_at,
        "anonymizedAt": c.anonymized_at,
    })
}

fn contact_json(
    c: &contact::Model,
    current: &[current_consent::Model],
    history: &[consent_event::Model],
    purposes: &HashMap<Uuid, String>,
) -> Value {
    json!({
        "id": c.id,
        "name": c.name,
        "title": c.title,
        "email": c.email,
        "phone": c.phone,
        "externalId": c.external_id,
        "recipientOf": c.recipient_of,
        "archived": c.archived,
        "createdAt": c.created_at,
        "updatedAt": c.updated_at,
        "consents": current.iter().map(|k| json!({
            "purpose": purposes.get(&k.purpose_id),
            "decision": k.decision,
            "source": k.source,
            "declarationVersion": k.declaration_version,
            "validUntil": k.valid_until,
            "changedAt": k.changed_at,
        })).collect::<Vec<_>>(),
        "consentHistory": history.iter().filter(|e| e.contact_id == c.id).map(|e| json!({
            "id": e.id,
            "purpose": purposes.get(&e.purpose_id),
            "decision": e.decision,
            "legalBasis": e.legal_basis,
            "source": e.source,
            "declarationVersion": e.declaration_version,
            "evidence": e.evidence,
            "validUntil": e.valid_until,
            "userAgent": e.user_agent,
            "ip": e.ip,
            "occurredAt": e.occurred_at,
        })).collect::<Vec<_>>(),
    })
}

fn accounts_json(accounts: &[portal_account::Model]) -> Value {
    Value::Array(
        accounts
            .iter()
            .map(|a| {
                json!({
                    "contactId": a.contact_id,
                    "email": a.email,
                    "createdAt": a.created_at,
                    "passwordSetAt": a.password_set_at,
                    "lastLoginAt": a.last_login_at,
                })
            })
            .collect(),
    )
}

fn line_json(position: i32, line: &crate::domain::money::Line) -> Value {
    json!({
        "position": position,
        "description": line.description,
        "quantity": line.quantity(),
        "unitPriceMinor": line.unit_price_minor,
        "vatRateBasisPoints": line.vat_rate_bp,
        "netMinor": line.net_minor(),
        "vatMinor": line.vat_minor(),
    })
}

async fn purpose_keys(db: &impl ConnectionTrait) -> AppResult<HashMap<Uuid, String>> {
    Ok(consent_purpose::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.key))
        .collect())
}

/// Everything about a customer and its contacts (`EXPORT_PERSONAL_DATA` and `READ_CUSTOMERS`
/// on a visible customer). Audited as `customer.export`.
pub async fn customer_document(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<Value> {
    actor.require(Right::ExportPersonalData)?;
    actor.require(Right::ReadCustomers)?;
    let found = access::service::visible_customer(db, actor, customer_id).await?;
    let contacts = contact::Entity::find()
        .filter(contact::Column::CustomerId.eq(customer_id))
        .order_by_asc(contact::Column::Name)
        .order_by_asc(contact::Column::Id)
        .all(db)
        .await?;
    let contact_ids: Vec<Uuid> = contacts.iter().map(|c| c.id).collect();
    let mut current = consents::current_for_contacts(db, &contact_ids).await?;
    let history = consent_event::Entity::find()
        .filter(consent_event::Column::CustomerId.eq(customer_id))
        .order_by_asc(consent_event::Column::Id)
        .all(db)
        .await?;
    let purposes = purpose_keys(db).await?;
    let accounts = portal_account::Entity::find()
        .filter(portal_account::Column::ContactId.is_in(contact_ids))
        .all(db)
        .await?;
    let order_list = orders::service::list_for_customer(db, actor, customer_id).await?;
    let invoice_list = invoices::service::list_for_customer(db, actor, customer_id).await?;
    let task_list = tasks::service::list(db, actor, Some(customer_id), true).await?;
    let settings = organization_settings::Entity::find_by_id(1).one(db).await?;

    let mut doc = header(settings, "customer");
    doc.insert("customer".into(), customer_json(&found));
    doc.insert(
        "contacts".into(),
        Value::Array(
            contacts
                .iter()
                .map(|c| {
                    contact_json(
                        c,
                        &current.remove(&c.id).unwrap_or_default(),
                        &history,
                        &purposes,
                    )
                })
                .collect(),
        ),
    );
    doc.insert(
        "orders".into(),
        Value::Array(
            order_list
                .iter()
                .map(|o| {
                    let totals = o.totals();
                    json!({
                        "id": o.order.id,
                        "number": o.order.number,
                        "orderDate": o.order.order_date,
                        "status": o.order.status,
                        "description": o.order.description,
                        "currency": o.order.currency,
                        "lines": o.lines.iter().map(|l| line_json(l.position, &orders::service::line_of(l))).collect::<Vec<_>>(),
                        "netMinor": totals.net_minor,
                        "vatMinor": totals.vat_minor,
                        "totalMinor": totals.total_minor,
                    })
                })
                .collect(),
        ),
    );
    doc.insert(
        "invoices".into(),
        Value::Array(
            invoice_list
                .iter()
                .map(|i| {
                    let m = &i.invoice;
                    json!({
                        "id": m.id,
                        "number": m.number,
                        "orderId": m.order_id,
                        "invoiceDate": m.invoice_date,
                        "dueDate": m.due_date,
                        "description": m.description,
                        "currency": m.currency,
                        "lines": i.lines.iter().map(|l| line_json(l.position, &invoices::service::line_of(l))).collect::<Vec<_>>(),
                        "netMinor": m.net_minor,
                        "vatMinor": m.vat_minor,
                        "totalMinor": m.total_minor,
                        "paidAt": m.paid_at,
                        "buyerName": m.buyer_name,
                        "buyerAddress": m.buyer_address,
                        "retainUntil": m.retain_until,
                    })
                })
                .collect(),
        ),
    );
    doc.insert(
        "tasks".into(),
        Value::Array(
            task_list
                .iter()
                .map(|t| {
                    json!({
                        "id": t.id,
                        "kind": t.kind,
                        "title": t.title,
                        "body": t.body,
                        "startsAt": t.starts_at,
                        "endsAt": t.ends_at,
                        "done": t.done,
                    })
                })
                .collect(),
        ),
    );
    doc.insert("myPageAccounts".into(), accounts_json(&accounts));
    audit::record(
        db,
        actor,
        "customer.export",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        Some(json!({ "contacts": contacts.len(), "orders": order_list.len(), "invoices": invoice_list.len() })),
    )
    .await?;
    Ok(Value::Object(doc))
}

/// What My page exports for the signed-in contact: their own details, consents and history,
/// and which customer they belong to (not the customer's other contacts or business records).
pub async fn contact_document(
    db: &impl AuditTarget,
    actor: &Actor,
    contact_id: Uuid,
) -> AppResult<Value> {
    let Actor::Portal {
        contact_id: own, ..
    } = actor
    else {
        return Err(AppError::Forbidden);
    };
    if *own != contact_id {
        return Err(AppError::Forbidden);
    }
    let found = contact::Entity::find_by_id(contact_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let owner = customer::Entity::find_by_id(found.customer_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut current = consents::current_for_contacts(db, &[contact_id]).await?;
    let history = consent_event::Entity::find()
        .filter(consent_event::Column::ContactId.eq(contact_id))
        .order_by_asc(consent_event::Column::Id)
        .all(db)
        .await?;
    let purposes = purpose_keys(db).await?;
    let accounts = portal_account::Entity::find()
        .filter(portal_account::Column::ContactId.eq(contact_id))
        .all(db)
        .await?;
    let settings = organization_settings::Entity::find_by_id(1).one(db).await?;
    let mut doc = header(settings, "contact");
    doc.insert(
        "customer".into(),
        json!({ "number": owner.number, "displayName": owner.display_name, "kind": owner.kind }),
    );
    doc.insert(
        "contacts".into(),
        json!([contact_json(
            &found,
            &current.remove(&contact_id).unwrap_or_default(),
            &history,
            &purposes,
        )]),
    );
    doc.insert("myPageAccounts".into(), accounts_json(&accounts));
    audit::record(
        db,
        actor,
        "portal.export",
        Some(("contact", contact_id.to_string())),
        Outcome::Success,
        Some(json!({ "customerId": found.customer_id.to_string() })),
    )
    .await?;
    Ok(Value::Object(doc))
}
