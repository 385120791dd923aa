//! Reading, serializing and auditing the chunks of a customer export (see the module's
//! documentation for the rules).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use uuid::Uuid;

use crate::entities::{contact, current_consent};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::consents::{self, ConsentStatus, declaration, purposes};
use crate::features::contacts;
use crate::features::customers::search;

/// Customers per chunk unless asked otherwise: large enough that the statements of a chunk are
/// few per customer, small enough that a chunk's audit row and memory stay modest.
pub const DEFAULT_CHUNK: u64 = 2_000;
/// The largest chunk a client may ask for.
pub const MAX_CHUNK: u64 = 10_000;

/// What an export asks for.
#[derive(Debug, Clone, Copy)]
pub struct Export {
    pub include_archived: bool,
    /// Start after this customer number (resuming an interrupted export).
    pub after: Option<i64>,
    pub chunk: u64,
}

impl Export {
    /// Checks the chunk size.
    pub fn new(
        include_archived: bool,
        after: Option<i64>,
        chunk: Option<u64>,
    ) -> AppResult<Export> {
        let chunk = chunk.unwrap_or(DEFAULT_CHUNK);
        if !(1..=MAX_CHUNK).contains(&chunk) {
            return Err(AppError::bad_input(
                "chunk",
                format!("chunk must be between 1 and {MAX_CHUNK}"),
            ));
        }
        Ok(Export {
            include_archived,
            after,
            chunk,
        })
    }
}

/// `FORBIDDEN` unless the actor may export customers with their contacts: staff with
/// `READ_CUSTOMERS` and `EXPORT_PERSONAL_DATA` (as for the consent list's CSV); keys with
/// `reports:read` and `customers:read`.
pub fn authorize(actor: &Actor) -> AppResult<()> {
    if !matches!(actor, Actor::ApiKey { .. }) {
        actor.require(Right::ExportPersonalData)?;
    }
    actor.require_reports()?;
    actor.require(Right::ReadCustomers)
}

/// One chunk, read and serialized but not yet audited.
#[derive(Debug)]
pub struct Chunk {
    /// One JSON object and a newline per customer.
    pub lines: Vec<u8>,
    /// The customers in it, in number order.
    pub customers: Vec<Uuid>,
    pub contacts: usize,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// Whether customers follow `last`.
    pub more: bool,
}

/// Reads the `export.chunk` customers after `after` with their live contacts and those
/// contacts' current consents, and serializes them.
pub async fn read_chunk(
    db: &impl ConnectionTrait,
    actor: &Actor,
    export: &Export,
    after: Option<i64>,
) -> AppResult<Chunk> {
    authorize(actor)?;
    let (customers, more) = search::by_number_as::<ExportCustomer>(
        db,
        &actor.customer_scope(),
        export.include_archived,
        after,
        export.chunk,
        CUSTOMER_COLUMNS,
    )
    .await?;
    let ids: Vec<Uuid> = customers.iter().map(|c| c.id).collect();
    let found = contacts::service::of_customers_unaudited_as::<ExportContact>(
        db,
        &ids,
        false,
        Some(&CONTACT_COLUMNS),
    )
    .await?;
    let contact_count = found.len();
    let contact_ids: Vec<Uuid> = found.iter().map(|c| c.id).collect();
    let current = consents::service::current_for_contacts(db, &contact_ids).await?;
    let contacts = access::service::by_customer(&ids, found, |c| Some(c.customer_id));
    // Without contacts there are no statuses to derive.
    let (purposes, declaration) = if contact_ids.is_empty() {
        (Vec::new(), 0)
    } else {
        (
            purposes::active_or_all(db, false).await?,
            declaration::current(db).await?.version,
        )
    };
    let lines = serialize(
        &customers,
        &contacts,
        &Consents {
            purposes: &purposes,
            current: &current,
            declaration,
            now: Utc::now(),
        },
    )?;
    Ok(Chunk {
        lines,
        customers: ids,
        contacts: contact_count,
        first: customers.first().map(|c| c.number),
        last: customers.last().map(|c| c.number),
        more,
    })
}

/// Writes the chunk's access-log row (every customer in it a subject); returns once it is
/// committed. An empty chunk is not a read of anyone's data, and is not logged.
pub async fn audit_chunk(db: &impl AuditTarget, actor: &Actor, chunk: &Chunk) -> AppResult<()> {
    if chunk.customers.is_empty() {
        return Ok(());
    }
    audit::record_about(
        db,
        actor,
        "customer.export.read",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "customers": chunk.customers.len(),
            "contacts": chunk.contacts,
            "fromNumber": chunk.first,
            "toNumber": chunk.last,
        })),
        chunk.customers.clone(),
    )
    .await
}

/// The columns of a customer the export writes, and nothing else (no search document, addresses
/// or note to read and throw away).
const CUSTOMER_COLUMNS: &str = "c.id, c.number, c.kind, c.state, c.display_name, c.first_name, \
     c.last_name, c.company_name, c.country, c.email, c.phone, c.created_at, c.updated_at";

#[derive(Debug, FromQueryResult)]
struct ExportCustomer {
    id: Uuid,
    number: i64,
    kind: String,
    state: String,
    display_name: String,
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    country: String,
    email: Option<String>,
    phone: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The columns of a contact the export writes (and groups by).
const CONTACT_COLUMNS: [contact::Column; 6] = [
    contact::Column::Id,
    contact::Column::CustomerId,
    contact::Column::Name,
    contact::Column::Title,
    contact::Column::Email,
    contact::Column::Phone,
];

#[derive(Debug, FromQueryResult)]
struct ExportContact {
    id: Uuid,
    customer_id: Uuid,
    name: String,
    title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// What a contact's consent statuses are derived from (shared by the chunk).
struct Consents<'a> {
    purposes: &'a [crate::entities::consent_purpose::Model],
    /// Current consents by contact.
    current: &'a HashMap<Uuid, Vec<current_consent::Model>>,
    declaration: i32,
    now: DateTime<Utc>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomerLine<'a> {
    id: Uuid,
    number: i64,
    kind: String,
    state: String,
    display_name: &'a str,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    company_name: Option<&'a str>,
    country: &'a str,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    contacts: Vec<ContactLine<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContactLine<'a> {
    id: Uuid,
    name: &'a str,
    title: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    consents: Vec<ConsentLine<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConsentLine<'a> {
    purpose: &'a str,
    status: &'static str,
    declaration_version: Option<i32>,
    valid_until: Option<DateTime<Utc>>,
    changed_at: Option<DateTime<Utc>>,
}

fn serialize(
    customers: &[ExportCustomer],
    contacts: &HashMap<Uuid, Vec<ExportContact>>,
    consents: &Consents<'_>,
) -> AppResult<Vec<u8>> {
    let mut out = Vec::with_capacity(customers.len() * 512);
    for c in customers {
        let line = CustomerLine {
            id: c.id,
            number: c.number,
            // Stored in lower case; the GraphQL enums are their upper-case names.
            kind: c.kind.to_ascii_uppercase(),
            state: c.state.to_ascii_uppercase(),
            display_name: &c.display_name,
            first_name: c.first_name.as_deref(),
            last_name: c.last_name.as_deref(),
            company_name: c.company_name.as_deref(),
            country: &c.country,
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            created_at: c.created_at,
            updated_at: c.updated_at,
            contacts: contacts
                .get(&c.id)
                .map(|list| list.iter().map(|k| contact_line(k, consents)).collect())
                .unwrap_or_default(),
        };
        serde_json::to_writer(&mut out, &line).map_err(AppError::internal)?;
        out.push(b'\n');
    }
    Ok(out)
}

fn contact_line<'a>(contact: &'a ExportContact, consents: &Consents<'a>) -> ContactLine<'a> {
    ContactLine {
        id: contact.id,
        name: &contact.name,
        title: contact.title.as_deref(),
        email: contact.email.as_deref(),
        phone: contact.phone.as_deref(),
        consents: consents
            .purposes
            .iter()
            .map(|purpose| {
                let current = consents
                    .current
                    .get(&contact.id)
                    .and_then(|list| list.iter().find(|c| c.purpose_id == purpose.id));
                ConsentLine {
                    purpose: &purpose.key,
                    status: ConsentStatus::of(current, consents.declaration, consents.now)
                        .graphql_name(),
                    declaration_version: current.map(|c| c.declaration_version),
                    valid_until: current.and_then(|c| c.valid_until),
                    changed_at: current.map(|c| c.changed_at),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_sizes_are_bounded() {
        assert_eq!(Export::new(false, None, None).unwrap().chunk, DEFAULT_CHUNK);
        assert!(Export::new(false, None, Some(0)).is_err());
        assert!(Export::new(false, None, Some(MAX_CHUNK + 1)).is_err());
        assert_eq!(Export::new(true, Some(7), Some(5)).unwrap().after, Some(7));
    }
}
