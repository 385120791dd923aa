//! Creating, reading, updating and archiving customers.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::search::{self, SearchPage};
use super::{Address, CustomerKind, CustomerState};
use crate::domain::{
    Country, Email, IdentityKind, IdentityNumber, PhoneNumber, PostalCode, ValidationError, text,
};
use crate::entities::customer;
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;

pub const NAME_MAX: usize = 200;
pub const NOTE_MAX: usize = 10_000;
pub const ADDRESS_LINE_MAX: usize = 200;
pub const CITY_MAX: usize = 100;
/// Customer numbers start here on a new database.
pub const FIRST_NUMBER: i64 = 10_001;

/// Unvalidated address input.
#[derive(Debug, Clone)]
pub struct AddressInput {
    pub line1: String,
    pub line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    pub country: Country,
}

/// Unvalidated customer input, as it arrives from GraphQL, the CLI or the demo seeder.
#[derive(Debug, Clone)]
pub struct CustomerInput {
    pub kind: CustomerKind,
    pub country: Country,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub identity_number: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub invoice_address: Option<AddressInput>,
    pub postal_address: Option<AddressInput>,
    pub note: Option<String>,
}

/// Input after validation: safe to store.
#[derive(Debug, Clone)]
pub struct ValidCustomer {
    pub kind: CustomerKind,
    pub country: Country,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub display_name: String,
    pub identity_number: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub invoice_address: Option<Address>,
    pub postal_address: Option<Address>,
    pub note: Option<String>,
}

fn field_err(field: &str) -> impl Fn(ValidationError) -> AppError + '_ {
    move |e| AppError::bad_input(field, e)
}

fn clean(
    value: Option<&str>,
    field: &str,
    max: usize,
    required: bool,
) -> AppResult<Option<String>> {
    text::clean(value, max, required, false).map_err(field_err(field))
}

fn validate_address(input: &AddressInput, field: &str) -> AppResult<Address> {
    let line1 = clean(
        Some(&input.line1),
        &format!("{field}.line1"),
        ADDRESS_LINE_MAX,
        true,
    )?;
    let line2 = clean(
        input.line2.as_deref(),
        &format!("{field}.line2"),
        ADDRESS_LINE_MAX,
        false,
    )?;
    let postal_code = PostalCode::parse(&input.postal_code, input.country)
        .map_err(|e| AppError::bad_input(format!("{field}.postalCode"), e))?;
    let city = clean(Some(&input.city), &format!("{field}.city"), CITY_MAX, true)?;
    Ok(Address {
        line1: line1.unwrap_or_default(),
        line2,
        postal_code: postal_code.into_inner(),
        city: city.unwrap_or_default(),
        country: input.country,
    })
}

/// Parses every field into its domain type; the first problem is reported with its field name.
pub fn validate(input: &CustomerInput) -> AppResult<ValidCustomer> {
    let private = input.kind == CustomerKind::Private;
    let (first_name, last_name, company_name) = if private {
        let first = clean(input.first_name.as_deref(), "firstName", NAME_MAX, false)?;
        let last = clean(input.last_name.as_deref(), "lastName", NAME_MAX, false)?;
        if first.is_none() && last.is_none() {
            return Err(AppError::bad_input(
                "lastName",
                "a private customer needs a first or last name",
            ));
        }
        (first, last, None)
    } else {
        let company = clean(input.company_name.as_deref(), "companyName", NAME_MAX, true)?;
        (None, None, company)
    };
    let display_name = match (&first_name, &last_name, &company_name) {
        (_, _, Some(company)) => company.clone(),
        (first, last, None) => [first.as_deref(), last.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    };
    let identity_kind = if private {
        IdentityKind::Personal
    } else {
        IdentityKind::Organisation
    };
    let identity_number = match clean(
        input.identity_number.as_deref(),
        "identityNumber",
        40,
        false,
    )? {
        Some(raw) => Some(
            IdentityNumber::parse(&raw, input.country, identity_kind)
                .map_err(field_err("identityNumber"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let email = match clean(input.email.as_deref(), "email", 320, false)? {
        Some(raw) => Some(Email::parse(&raw).map_err(field_err("email"))?.into_inner()),
        None => None,
    };
    let phone = match clean(input.phone.as_deref(), "phone", 40, false)? {
        Some(raw) => Some(
            PhoneNumber::parse(&raw, input.country)
                .map_err(field_err("phone"))?
                .into_inner(),
        ),
        None => None,
    };
    let invoice_address = input
        .invoice_address
        .as_ref()
        .map(|a| validate_address(a, "invoiceAddress"))
        .transpose()?;
    let postal_address = input
        .postal_address
        .as_ref()
        .map(|a| validate_address(a, "postalAddress"))
        .transpose()?;
    let note =
        text::clean(input.note.as_deref(), NOTE_MAX, false, true).map_err(field_err("note"))?;
    Ok(ValidCustomer {
        kind: input.kind,
        country: input.country,
        first_name,
        last_name,
        company_name,
        display_name,
        identity_number,
        email,
        phone,
        invoice_address,
        postal_address,
        note,
    })
}

fn to_json(address: &Option<Address>) -> AppResult<Option<serde_json::Value>> {
    address
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(AppError::internal)
}

pub fn address_from_json(value: Option<&serde_json::Value>) -> Option<Address> {
    value.and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn apply(model: &mut customer::ActiveModel, valid: &ValidCustomer) -> AppResult<()> {
    model.kind = Set(valid.kind.as_str().to_owned());
    model.country = Set(valid.country.code().to_owned());
    model.first_name = Set(valid.first_name.clone());
    model.last_name = Set(valid.last_name.clone());
    model.company_name = Set(valid.company_name.clone());
    model.display_name = Set(valid.display_name.clone());
    model.sort_name = Set(text::fold(&valid.display_name));
    model.identity_number = Set(valid.identity_number.clone());
    model.email = Set(valid.email.clone());
    model.phone = Set(valid.phone.clone());
    model.invoice_address = Set(to_json(&valid.invoice_address)?);
    model.postal_address = Set(to_json(&valid.postal_address)?);
    model.note = Set(valid.note.clone());
    Ok(())
}

async fn next_number(db: &impl ConnectionTrait) -> AppResult<i64> {
    let max: Option<Option<i64>> = customer::Entity::find()
        .select_only()
        .column_as(customer::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(FIRST_NUMBER, |n| n + 1))
}

async fn number_taken(db: &impl ConnectionTrait, number: i64) -> AppResult<bool> {
    Ok(customer::Entity::find()
        .filter(customer::Column::Number.eq(number))
        .one(db)
        .await?
        .is_some())
}

/// Creates a customer. `number` is chosen by the caller (e.g. when migrating from another system)
/// or allocated as the next free number.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &CustomerInput,
    number: Option<i64>,
    group_ids: &[Uuid],
) -> AppResult<customer::Model> {
    actor.require(Right::EditCustomers)?;
    let valid = validate(input)?;
    if let Some(n) = number
        && !(1..=9_999_999_999).contains(&n)
    {
        return Err(AppError::bad_input(
            "number",
            "must be between 1 and 9999999999",
        ));
    }
    // Two writers can pick the same next number on PostgreSQL; the unique index decides and the
    // loser retries with a fresh number.
    for _ in 0..5 {
        let txn = crate::db::begin_write(db).await?;
        let n = match number {
            Some(n) => n,
            None => next_number(&txn).await?,
        };
        if number_taken(&txn, n).await? {
            if number.is_some() {
                return Err(AppError::Conflict {
                    field: Some("number".into()),
                    message: format!("customer number {n} is already in use"),
                });
            }
            continue;
        }
        let now = Utc::now();
        let mut model = customer::ActiveModel {
            id: Set(Uuid::now_v7()),
            number: Set(n),
            state: Set(CustomerState::Active.as_str().to_owned()),
            search_doc: Set(String::new()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            created_by: Set(actor.user_id()),
            updated_by: Set(actor.user_id()),
            ..Default::default()
        };
        apply(&mut model, &valid)?;
        let inserted = match model.insert(&txn).await {
            Ok(m) => m,
            Err(e) if is_unique_violation(&e) => {
                if number.is_some() {
                    return Err(AppError::Conflict {
                        field: Some("number".into()),
                        message: format!("customer number {n} is already in use"),
                    });
                }
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        search::reindex(&txn, inserted.id).await?;
        if !group_ids.is_empty() {
            access::service::replace_customer_groups(&txn, actor, inserted.id, group_ids).await?;
            mark_restricted(&txn, inserted.id).await?;
        }
        audit::record(
            &txn,
            actor,
            "customer.create",
            Some(("customer", inserted.id.to_string())),
            Outcome::Success,
            (!group_ids.is_empty()).then(|| {
                serde_json::json!({
                    "groupIds": group_ids.iter().map(Uuid::to_string).collect::<Vec<_>>(),
                })
            }),
        )
        .await?;
        txn.commit().await?;
        return get_unaudited(db, inserted.id).await;
    }
    Err(AppError::conflict(
        "could not allocate a customer number, please try again",
    ))
}

pub fn is_unique_violation(error: &sea_orm::DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

async fn get_unaudited(db: &impl ConnectionTrait, id: Uuid) -> AppResult<customer::Model> {
    customer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "customer" })
}

/// Opens a customer card. Anonymized customers can still be opened by id (orders and invoices
/// link to them); they simply hold no personal data any more.
pub async fn get(db: &impl AuditTarget, actor: &Actor, id: Uuid) -> AppResult<customer::Model> {
    actor.require(Right::ReadCustomers)?;
    let found = access::service::visible_customer(db, actor, id).await?;
    audit::record(
        db,
        actor,
        "customer.read",
        Some(("customer", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    Ok(found)
}

/// Replaces the editable fields, if `expected_version` is still current.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &CustomerInput,
) -> AppResult<customer::Model> {
    actor.require(Right::EditCustomers)?;
    let valid = validate(input)?;
    let txn = crate::db::begin_write(db).await?;
    let current = access::service::visible_customer(&txn, actor, id).await?;
    if CustomerState::from_db(&current.state) == CustomerState::Anonymized {
        return Err(AppError::conflict(
            "an anonymized customer cannot be edited",
        ));
    }
    let mut model = customer::ActiveModel {
        updated_at: Set(Utc::now()),
        updated_by: Set(actor.user_id()),
        ..Default::default()
    };
    apply(&mut model, &valid)?;
    bump_version(&txn, id, expected_version, model).await?;
    search::reindex(&txn, id).await?;
    audit::record(
        &txn,
        actor,
        "customer.update",
        Some(("customer", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    get_unaudited(db, id).await
}

/// Writes `changes` and increments the version only if the row still has `expected_version`.
async fn bump_version(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    changes: customer::ActiveModel,
) -> AppResult<()> {
    let result = customer::Entity::update_many()
        .set(changes)
        .col_expr(
            customer::Column::Version,
            Expr::col(customer::Column::Version).add(1),
        )
        .filter(customer::Column::Id.eq(id))
        .filter(customer::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this customer was changed by someone else; reload to see their changes"
                .into(),
        });
    }
    Ok(())
}

/// Archives (hides from default search) or restores a customer.
pub async fn set_archived(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    archived: bool,
) -> AppResult<customer::Model> {
    actor.require(Right::EditCustomers)?;
    let txn = crate::db::begin_write(db).await?;
    let current = access::service::visible_customer(&txn, actor, id).await?;
    if CustomerState::from_db(&current.state) == CustomerState::Anonymized {
        return Err(AppError::conflict(
            "an anonymized customer cannot be archived or restored",
        ));
    }
    let state = if archived {
        CustomerState::Archived
    } else {
        CustomerState::Active
    };
    bump_version(
        &txn,
        id,
        expected_version,
        customer::ActiveModel {
            state: Set(state.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            updated_by: Set(actor.user_id()),
            ..Default::default()
        },
    )
    .await?;
    audit::record(
        &txn,
        actor,
        if archived {
            "customer.archive"
        } else {
            "customer.restore"
        },
        Some(("customer", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    get_unaudited(db, id).await
}

/// Searches (or lists, without a term) customers; the ids returned are audited as read.
pub async fn search(
    db: &DatabaseConnection,
    actor: &Actor,
    term: Option<&str>,
    include_archived: bool,
    offset: u64,
    limit: u64,
) -> AppResult<SearchPage> {
    actor.require(Right::ReadCustomers)?;
    let scope = actor.customer_scope();
    let page = search::search(db, &scope, term, include_archived, offset, limit).await?;
    record_listed(db, actor, "customer.search", &page).await?;
    Ok(page)
}

/// One access-log row for a listed page, naming every customer on it.
async fn record_listed(
    db: &DatabaseConnection,
    actor: &Actor,
    action: &str,
    page: &SearchPage,
) -> AppResult<()> {
    audit::record(
        db,
        actor,
        action,
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "customerIds": page.customers.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(),
        })),
    )
    .await
}

/// A page of every customer the actor may see, by number, for reporting tools: staff with
/// `READ_CUSTOMERS`, keys with `reports:read` (their nested contacts and consents are customer
/// reads and need `customers:read` as well). Logged as one access-log row per page.
pub async fn report_page(
    db: &DatabaseConnection,
    actor: &Actor,
    include_archived: bool,
    after: Option<i64>,
    limit: u64,
) -> AppResult<SearchPage> {
    actor.require_reports()?;
    let page =
        search::by_number(db, &actor.customer_scope(), include_archived, after, limit).await?;
    record_listed(db, actor, "customer.report.list", &page).await?;
    Ok(page)
}

/// Sets `customers.restricted` from its `customer_groups` rows (same transaction).
async fn mark_restricted(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    let restricted = !access::service::customer_group_ids(db, id)
        .await?
        .is_empty();
    customer::Entity::update_many()
        .col_expr(customer::Column::Restricted, Expr::value(restricted))
        .filter(customer::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Restricts a customer to `group_ids` (empty: every user with the read right sees it), if
/// `expected_version` is still current. Non-administrators may only add or remove their own
/// groups.
pub async fn set_groups(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    group_ids: &[Uuid],
) -> AppResult<customer::Model> {
    actor.require(Right::EditCustomers)?;
    let txn = crate::db::begin_write(db).await?;
    access::service::visible_customer(&txn, actor, id).await?;
    let (added, removed) =
        access::service::replace_customer_groups(&txn, actor, id, group_ids).await?;
    bump_version(
        &txn,
        id,
        expected_version,
        customer::ActiveModel {
            updated_at: Set(Utc::now()),
            updated_by: Set(actor.user_id()),
            ..Default::default()
        },
    )
    .await?;
    mark_restricted(&txn, id).await?;
    audit::record(
        &txn,
        actor,
        "customer.groups.set",
        Some(("customer", id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "added": added.iter().map(Uuid::to_string).collect::<Vec<_>>(),
            "removed": removed.iter().map(Uuid::to_string).collect::<Vec<_>>(),
        })),
    )
    .await?;
    txn.commit().await?;
    get_unaudited(db, id).await
}
