//! Deterministic, realistic demo data (Swedish and Norwegian customers with contacts, their
//! consent histories, orders, invoices and planned visits): seeded by `tillit serve --demo` into
//! an empty database and by `tillit seed` (`cargo xtask bench generate`) for benchmarks.
//!
//! Every generated customer goes through the same validation as user input, and its search
//! document is built by the same code as any other customer's, in batched transactions.

mod bulk;
mod business;
mod consents;
mod names;

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rand::{Rng, SeedableRng, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel,
    PaginatorTrait, Statement, Value,
};
use uuid::Uuid;

use crate::domain::{Country, text};
use crate::entities::{consent_event, consent_purpose, contact, customer, invoice, order};
use crate::error::AppError;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::contacts::RecipientRole;
use crate::features::customers::service::{AddressInput, CustomerInput, FIRST_NUMBER, validate};
use crate::features::customers::{CustomerKind, CustomerState, search};

use names::*;

/// How many customers `--demo` seeds.
pub const DEMO_CUSTOMERS: u64 = 300;
/// Rows per multi-row INSERT (SQLite).
const BATCH: usize = 500;
/// Customers generated and written together. On PostgreSQL a batch is a COPY per table, and each
/// COPY costs a fixed ~45 ms over TCP (sqlx writes the data and the end of the copy separately,
/// and Nagle's algorithm holds the second write until the server's delayed ACK): large batches
/// keep that to seconds for a million customers. The batch size shapes the random streams, so
/// changing it changes the data a seed gives.
const GENERATED_BATCH: u64 = 10_000;
/// Rows per multi-row INSERT of consent rows (15 columns: well inside both engines' limits on
/// bound parameters).
const CONSENT_BATCH: usize = 1_000;
/// Share of private customers who are also their own contact person (whom My page, the webshop
/// and consents are about).
const SELF_CONTACT: f64 = 0.8;
/// Mixed into the seed for the consent stream, so that adding consents left the customers and
/// business records of a seed as they were.
const CONSENT_STREAM: u64 = 0x636f_6e73_656e_7473;

#[derive(Debug)]
pub struct SeedReport {
    pub customers: u64,
    pub contacts: u64,
    pub orders: u64,
    pub invoices: u64,
    pub consent_events: u64,
    pub current_consents: u64,
    pub elapsed: Duration,
}

/// Seeds `count` customers only if the database has none.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    count: u64,
    seed: u64,
) -> anyhow::Result<Option<SeedReport>> {
    if customer::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    seed_customers(db, count, seed, Utc::now()).await.map(Some)
}

pub async fn seed(db: &DatabaseConnection, count: u64, seed: u64) -> anyhow::Result<SeedReport> {
    seed_customers(db, count, seed, Utc::now()).await
}

/// Seeds customers as if it were `as_of` (noon UTC): created then, their orders and invoices in
/// the two years before and their planned visits after. Benchmarks and tests of the retention
/// rule use it for customers that have been inactive for years.
pub async fn seed_as_of(
    db: &DatabaseConnection,
    count: u64,
    seed: u64,
    as_of: NaiveDate,
) -> anyhow::Result<SeedReport> {
    let now = as_of
        .and_hms_opt(12, 0, 0)
        .map(|t| t.and_utc())
        .ok_or_else(|| anyhow::anyhow!("{as_of} has no noon"))?;
    if now > Utc::now() {
        anyhow::bail!("--as-of {as_of} is in the future");
    }
    seed_customers(db, count, seed, now).await
}

fn pick<'a>(rng: &mut ChaCha8Rng, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

fn luhn_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

fn to_string(d: &[u8]) -> String {
    d.iter().map(|d| char::from(b'0' + d)).collect()
}

fn birth_date(rng: &mut ChaCha8Rng) -> NaiveDate {
    let year = rng.gen_range(1940..=2004);
    let ordinal = rng.gen_range(1..=365);
    NaiveDate::from_yo_opt(year, ordinal).unwrap_or_default()
}

fn se_personal(rng: &mut ChaCha8Rng) -> String {
    let d = birth_date(rng);
    let serial: u32 = rng.gen_range(0..1000);
    let body = format!(
        "{:02}{:02}{:02}{:03}",
        d.year() % 100,
        d.month(),
        d.day(),
        serial
    );
    let check = luhn_digit(&digits_of(&body));
    format!(
        "{}{:02}{:02}-{:03}{check}",
        d.year(),
        d.month(),
        d.day(),
        serial
    )
}

fn se_organisation(rng: &mut ChaCha8Rng) -> String {
    // The third digit of an organisation number is at least 2 (lower means a personnummer).
    let body = format!(
        "55{}{:06}",
        rng.gen_range(2..10),
        rng.gen_range(0..1_000_000u32)
    );
    let check = luhn_digit(&digits_of(&body));
    format!("{}-{}{check}", &body[..6], &body[6..])
}

fn mod11(digits: &[u8], weights: &[u32]) -> Option<u8> {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => u8::try_from(11 - r).ok(),
    }
}

fn no_personal(rng: &mut ChaCha8Rng) -> String {
    loop {
        let d = birth_date(rng);
        // Individual numbers 000–499 are births 1900–1999; 500–999 with years 00–39 are 2000s.
        let individual = if d.year() >= 2000 {
            rng.gen_range(500..1000)
        } else {
            rng.gen_range(0..500)
        };
        let mut digits = digits_of(&format!(
            "{:02}{:02}{:02}{:03}",
            d.day(),
            d.month(),
            d.year() % 100,
            individual
        ));
        let Some(k1) = mod11(&digits, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) else {
            continue;
        };
        digits.push(k1);
        let Some(k2) = mod11(&digits, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else {
            continue;
        };
        digits.push(k2);
        return to_string(&digits);
    }
}

fn no_organisation(rng: &mut ChaCha8Rng) -> String {
    loop {
        let mut digits = digits_of(&format!("9{:07}", rng.gen_range(0..10_000_000u32)));
        let Some(k) = mod11(&digits, &[3, 2, 7, 6, 5, 4, 3, 2]) else {
            continue;
        };
        digits.push(k);
        return to_string(&digits);
    }
}

fn slug(s: &str) -> String {
    text::fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn phone(rng: &mut ChaCha8Rng, country: Country) -> String {
    match country {
        Country::No => format!(
            "{}{:07}",
            pick(rng, &["9", "4"]),
            rng.gen_range(0..10_000_000u32)
        ),
        _ => format!(
            "07{}-{:03} {:02} {:02}",
            pick(rng, &["0", "2", "3", "6"]),
            rng.gen_range(0..1000),
            rng.gen_range(0..100),
            rng.gen_range(0..100)
        ),
    }
}

fn address(rng: &mut ChaCha8Rng, country: Country) -> AddressInput {
    let (streets, places) = match country {
        Country::No => (NO_STREETS, NO_PLACES),
        _ => (SE_STREETS, SE_PLACES),
    };
    let (postal_code, city) = places
        .choose(rng)
        .copied()
        .unwrap_or(("111 22", "Stockholm"));
    AddressInput {
        line1: format!("{} {}", pick(rng, streets), rng.gen_range(1..120)),
        line2: None,
        postal_code: postal_code.to_owned(),
        city: city.to_owned(),
        country,
    }
}

struct DemoContact {
    name: String,
    title: Option<String>,
    email: String,
    phone: String,
    roles: Vec<RecipientRole>,
}

struct Generated {
    input: CustomerInput,
    contacts: Vec<DemoContact>,
}

fn generate(rng: &mut ChaCha8Rng, serial: u64) -> Generated {
    let country = if rng.gen_bool(0.75) {
        Country::Se
    } else {
        Country::No
    };
    let (first, last, words, titles, domains) = match country {
        Country::No => (
            NO_FIRST,
            NO_LAST,
            NO_COMPANY_WORDS,
            NO_TITLES,
            NO_MAIL_DOMAINS,
        ),
        _ => (SE_FIRST, SE_LAST, COMPANY_WORDS, SE_TITLES, SE_MAIL_DOMAINS),
    };
    let tld = if country == Country::No { "no" } else { "se" };
    let business = rng.gen_bool(0.3);
    let invoice = address(rng, country);
    let note = rng.gen_bool(0.2).then(|| pick(rng, NOTES).to_owned());
    if business {
        let company = format!(
            "{} {}{}",
            pick(rng, last),
            pick(rng, words),
            if country == Country::No { " AS" } else { " AB" }
        );
        let domain = format!("{}{serial}.{tld}", slug(&company));
        let contacts = (0..rng.gen_range(1..=4))
            .map(|i| {
                let (f, l) = (pick(rng, first), pick(rng, last));
                let roles = if i == 0 {
                    vec![RecipientRole::Invoices, RecipientRole::Reminders]
                } else {
                    vec![
                        RecipientRole::OrderConfirmations,
                        RecipientRole::ServiceNotices,
                    ]
                };
                DemoContact {
                    name: format!("{f} {l}"),
                    title: Some(pick(rng, titles).to_owned()),
                    email: format!("{}.{}@{domain}", slug(f), slug(l)),
                    phone: phone(rng, country),
                    roles,
                }
            })
            .collect();
        Generated {
            input: CustomerInput {
                kind: CustomerKind::Business,
                country,
                first_name: None,
                last_name: None,
                company_name: Some(company),
                identity_number: Some(match country {
                    Country::No => no_organisation(rng),
                    _ => se_organisation(rng),
                }),
                email: Some(format!("info@{domain}")),
                phone: Some(phone(rng, country)),
                invoice_address: Some(invoice),
                postal_address: None,
                note,
            },
            contacts,
        }
    } else {
        let (f, l) = (pick(rng, first), pick(rng, last));
        let email = format!("{}.{}{serial}@{}", slug(f), slug(l), pick(rng, domains));
        let contacts = if rng.gen_bool(0.3) {
            let partner = pick(rng, first);
            vec![DemoContact {
                name: format!("{partner} {l}"),
                title: None,
                email: format!(
                    "{}.{}{serial}@{}",
                    slug(partner),
                    slug(l),
                    pick(rng, domains)
                ),
                phone: phone(rng, country),
                roles: vec![RecipientRole::ServiceNotices],
            }]
        } else {
            Vec::new()
        };
        Generated {
            input: CustomerInput {
                kind: CustomerKind::Private,
                country,
                first_name: Some(f.to_owned()),
                last_name: Some(l.to_owned()),
                company_name: None,
                identity_number: Some(match country {
                    Country::No => no_personal(rng),
                    _ => se_personal(rng),
                }),
                email: Some(email),
                phone: Some(phone(rng, country)),
                invoice_address: Some(invoice),
                postal_address: None,
                note,
            },
            contacts,
        }
    }
}

async fn next_free_number(db: &impl ConnectionTrait) -> anyhow::Result<i64> {
    use sea_orm::{ColumnTrait, QuerySelect};
    let max: Option<Option<i64>> = customer::Entity::find()
        .select_only()
        .column_as(customer::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(FIRST_NUMBER, |n| n + 1))
}

async fn next_business_numbers(db: &impl ConnectionTrait) -> anyhow::Result<business::Counters> {
    use sea_orm::{ColumnTrait, QuerySelect};
    let order: Option<Option<i64>> = order::Entity::find()
        .select_only()
        .column_as(order::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    let invoice: Option<Option<i64>> = invoice::Entity::find()
        .select_only()
        .column_as(invoice::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(business::Counters {
        order: order
            .flatten()
            .map_or(crate::features::orders::service::FIRST_NUMBER, |n| n + 1),
        invoice: invoice
            .flatten()
            .map_or(crate::features::invoices::service::FIRST_NUMBER, |n| n + 1),
    })
}

/// The active purposes, in their order, and the declaration version in force.
async fn consent_setup(db: &impl ConnectionTrait) -> anyhow::Result<(Vec<consents::Purpose>, i32)> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let purposes = consent_purpose::Entity::find()
        .filter(consent_purpose::Column::Active.eq(true))
        .order_by_asc(consent_purpose::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|p| consents::Purpose {
            id: p.id,
            requires_opt_in: p.requires_opt_in,
        })
        .collect();
    let version = crate::features::consents::declaration::current(db)
        .await
        .map_err(AppError::into_anyhow)?
        .version;
    Ok((purposes, version))
}

async fn next_event_id(db: &impl ConnectionTrait) -> anyhow::Result<i64> {
    use sea_orm::{ColumnTrait, QuerySelect};
    let max: Option<Option<i64>> = consent_event::Entity::find()
        .select_only()
        .column_as(consent_event::Column::Id.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(1, |n| n + 1))
}

/// PostgreSQL hands out event ids from a sequence the explicit ids above did not advance.
async fn advance_event_sequence(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('consent_events', 'id'), \
             (SELECT max(id) FROM consent_events))",
        )
        .await?;
    }
    Ok(())
}

/// Generated models as active models (for INSERT and COPY alike).
fn active<M: IntoActiveModel<A>, A: ActiveModelTrait>(rows: Vec<M>) -> Vec<A> {
    rows.into_iter()
        .map(IntoActiveModel::into_active_model)
        .collect()
}

/// `rows` by multi-row INSERTs of `size` rows each.
async fn insert_chunked<A>(
    txn: &sea_orm::DatabaseTransaction,
    rows: Vec<A>,
    size: usize,
) -> anyhow::Result<()>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(size).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// One batch on SQLite: one transaction of multi-row INSERTs, with the rows of the search index
/// (an FTS5 table of its own there).
async fn insert_batch(
    db: &DatabaseConnection,
    customers: Vec<customer::Model>,
    contacts: Vec<contact::Model>,
    records: business::Records,
    histories: consents::Histories,
) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let txn = crate::db::begin_write(db).await?;
    let fts_rows: Vec<(i64, String)> = customers
        .iter()
        .map(|c| (c.number, c.search_doc.clone()))
        .collect();
    insert_chunked(&txn, active(customers), BATCH).await?;
    insert_chunked(&txn, active(contacts), BATCH).await?;
    insert_chunked(&txn, active(records.orders), BATCH).await?;
    insert_chunked(&txn, records.order_lines, BATCH).await?;
    insert_chunked(&txn, active(records.invoices), BATCH).await?;
    insert_chunked(&txn, records.invoice_lines, BATCH).await?;
    insert_chunked(&txn, active(records.tasks), BATCH).await?;
    insert_chunked(&txn, active(histories.events), CONSENT_BATCH).await?;
    insert_chunked(&txn, active(histories.current), CONSENT_BATCH).await?;
    for chunk in fts_rows.chunks(BATCH) {
        let placeholders = vec!["(?, ?)"; chunk.len()].join(", ");
        let values: Vec<Value> = chunk
            .iter()
            .flat_map(|(n, doc)| [Value::from(*n), Value::from(doc.clone())])
            .collect();
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("INSERT INTO customer_search (rowid, doc) VALUES {placeholders}"),
            values,
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// One batch on PostgreSQL: a COPY per table, parents before children (each COPY is atomic; a
/// failed seed leaves whole tables' batches, like an interrupted import).
async fn copy_batch(
    pool: &sqlx::PgPool,
    customers: Vec<customer::Model>,
    contacts: Vec<contact::Model>,
    records: business::Records,
    histories: consents::Histories,
) -> anyhow::Result<()> {
    bulk::copy(pool, &active(customers)).await?;
    bulk::copy(pool, &active(contacts)).await?;
    bulk::copy(pool, &active(records.orders)).await?;
    bulk::copy(pool, &records.order_lines).await?;
    bulk::copy(pool, &active(records.invoices)).await?;
    bulk::copy(pool, &records.invoice_lines).await?;
    bulk::copy(pool, &active(records.tasks)).await?;
    bulk::copy(pool, &active(histories.events)).await?;
    bulk::copy(pool, &active(histories.current)).await?;
    Ok(())
}

async fn seed_customers(
    db: &DatabaseConnection,
    count: u64,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut number = next_free_number(db).await?;
    let backend = db.get_database_backend();
    let mut done = 0u64;
    let mut contact_count = 0u64;
    let (mut order_count, mut invoice_count) = (0u64, 0u64);
    let mut counters = next_business_numbers(db).await?;
    let mut consent_rng = ChaCha8Rng::seed_from_u64(seed ^ CONSENT_STREAM);
    let (purposes, declaration_version) = consent_setup(db).await?;
    let mut next_event = next_event_id(db).await?;
    let (mut event_count, mut current_count) = (0u64, 0u64);
    while done < count {
        let batch = usize::try_from((count - done).min(GENERATED_BATCH))?;
        let mut customers = Vec::with_capacity(batch);
        let mut contacts = Vec::with_capacity(batch * 2);
        for _ in 0..batch {
            let generated = generate(&mut rng, u64::try_from(number)?);
            let valid = validate(&generated.input)
                .map_err(|e| anyhow::anyhow!("generated demo customer is invalid: {e}"))?;
            let id = Uuid::now_v7();
            let mut model = customer::Model {
                id,
                number,
                kind: valid.kind.as_str().to_owned(),
                country: valid.country.code().to_owned(),
                first_name: valid.first_name,
                last_name: valid.last_name,
                company_name: valid.company_name,
                sort_name: text::fold(&valid.display_name),
                display_name: valid.display_name,
                identity_number: valid.identity_number,
                email: valid.email,
                phone: valid.phone,
                invoice_address: valid
                    .invoice_address
                    .map(serde_json::to_value)
                    .transpose()?,
                postal_address: None,
                note: valid.note,
                state: CustomerState::Active.as_str().to_owned(),
                search_doc: String::new(),
                version: 1,
                created_at: now,
                updated_at: now,
                created_by: None,
                updated_by: None,
                restricted: false,
                anonymized_at: None,
            };
            let mut own = Vec::new();
            if model.kind == CustomerKind::Private.as_str() && consent_rng.gen_bool(SELF_CONTACT) {
                own.push(contact::Model {
                    id: Uuid::now_v7(),
                    customer_id: id,
                    name: model.display_name.clone(),
                    title: None,
                    email: model.email.clone(),
                    phone: model.phone.clone(),
                    recipient_of: serde_json::to_value([
                        RecipientRole::Invoices,
                        RecipientRole::Reminders,
                        RecipientRole::OrderConfirmations,
                        RecipientRole::ServiceNotices,
                    ])?,
                    external_id: None,
                    archived: false,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                });
            }
            for c in generated.contacts {
                let phone = crate::domain::PhoneNumber::parse(&c.phone, valid.country)
                    .map_err(|e| anyhow::anyhow!("generated phone {} is invalid: {e}", c.phone))?;
                own.push(contact::Model {
                    id: Uuid::now_v7(),
                    customer_id: id,
                    name: c.name,
                    title: c.title,
                    email: Some(c.email),
                    phone: Some(phone.into_inner()),
                    recipient_of: serde_json::to_value(c.roles)?,
                    external_id: None,
                    archived: false,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                });
            }
            model.search_doc = search::build_doc(&model, &own);
            contact_count += own.len() as u64;
            contacts.extend(own);
            customers.push(model);
            number += 1;
        }
        let records =
            business::generate(&mut rng, &customers, &mut counters, now.date_naive(), now);
        order_count += records.orders.len() as u64;
        invoice_count += records.invoices.len() as u64;
        let histories = consents::generate(
            &mut consent_rng,
            &contacts,
            &purposes,
            declaration_version,
            &mut next_event,
            now,
        );
        event_count += histories.events.len() as u64;
        current_count += histories.current.len() as u64;
        if backend == DbBackend::Postgres {
            copy_batch(
                db.get_postgres_connection_pool(),
                customers,
                contacts,
                records,
                histories,
            )
            .await?;
        } else {
            insert_batch(db, customers, contacts, records, histories).await?;
        }
        done += batch as u64;
    }
    advance_event_sequence(db).await?;
    // Fresh planner statistics after a bulk load (both engines choose plans from them).
    db.execute_unprepared("ANALYZE").await?;
    audit::record(
        db,
        &Actor::System,
        "demo.seed",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "customers": count,
            "contacts": contact_count,
            "orders": order_count,
            "invoices": invoice_count,
            "consentEvents": event_count,
            "seed": seed,
        })),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    Ok(SeedReport {
        customers: count,
        contacts: contact_count,
        orders: order_count,
        invoices: invoice_count,
        consent_events: event_count,
        current_consents: current_count,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_generated_customers_pass_validation() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for serial in 0..5000 {
            let generated = generate(&mut rng, serial);
            if let Err(e) = validate(&generated.input) {
                panic!("{e}: {:?}", generated.input.identity_number);
            }
        }
    }
}
