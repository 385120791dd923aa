//! Creating, listing, updating and archiving contact persons.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::RecipientRole;
use crate::domain::{Country, Email, PhoneNumber, text};
use crate::entities::{contact, customer};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::{CustomerState, search, service::is_unique_violation};

pub const NAME_MAX: usize = 200;
pub const TITLE_MAX: usize = 100;
pub const EXTERNAL_ID_MAX: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub recipient_of: Vec<RecipientRole>,
    pub external_id: Option<String>,
}

struct ValidContact {
    name: String,
    title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    recipient_of: serde_json::Value,
    external_id: Option<String>,
}

fn validate(input: &ContactInput, country: Country) -> AppResult<ValidContact> {
    let err = |field: &'static str| move |e| AppError::bad_input(field, e);
    let name = text::clean(Some(&input.name), NAME_MAX, true, false)
        .map_err(err("name"))?
        .unwrap_or_default();
    let title =
        text::clean(input.title.as_deref(), TITLE_MAX, false, false).map_err(err("title"))?;
    let email =
        match text::clean(input.email.as_deref(), 320, false, false).map_err(err("email"))? {
            Some(raw) => Some(Email::parse(&raw).map_err(err("email"))?.into_inner()),
            None => None,
        };
    let phone = match text::clean(input.phone.as_deref(), 40, false, false).map_err(err("phone"))? {
        Some(raw) => Some(
            PhoneNumber::parse(&raw, country)
                .map_err(err("phone"))?
                .into_inner(),
        ),
        None => None,
    };
    let external_id = text::clean(input.external_id.as_deref(), EXTERNAL_ID_MAX, false, false)
        .map_err(err("externalId"))?;
    let mut roles = input.recipient_of.clone();
    roles.sort_by_key(|r| *r as u8);
    roles.dedup();
    Ok(ValidContact {
        name,
        title,
        email,
        phone,
        recipient_of: serde_json::to_value(roles).map_err(AppError::internal)?,
        external_id,
    })
}

pub fn roles_of(model: &contact::Model) -> Vec<RecipientRole> {
    serde_json::from_value(model.recipient_of.clone()).unwrap_or_default()
}

fn apply(model: &mut contact::ActiveModel, valid: ValidContact) {
    model.name = Set(valid.name);
    model.title = Set(valid.title);
    model.email = Set(valid.email);
    model.phone = Set(valid.phone);
    model.recipient_of = Set(valid.recipient_of);
    model.external_id = Set(valid.external_id);
}

/// The owning customer, if the actor may edit it: `EDIT_CUSTOMERS`, visible to them, and not
/// anonymized.
async fn editable_customer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<customer::Model> {
    actor.require(Right::EditCustomers)?;
    let found = access::service::visible_customer(db, actor, customer_id).await?;
    if found.state == CustomerState::Anonymized.as_str() {
        return Err(AppError::conflict(
            "an anonymized customer cannot get contacts",
        ));
    }
    Ok(found)
}

fn country_of(customer: &customer::Model) -> Country {
    Country::from_code(&customer.country).unwrap_or(Country::Se)
}

fn external_id_conflict() -> AppError {
    AppError::Conflict {
        field: Some("externalId".into()),
        message: "another contact already has this external id".into(),
    }
}

async fn save<T>(result: Result<T, sea_orm::DbErr>) -> AppResult<T> {
    match result {
        Ok(v) => Ok(v),
        Err(e) if is_unique_violation(&e) => Err(external_id_conflict()),
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: Uuid,
    input: &ContactInput,
) -> AppResult<contact::Model> {
    actor.require(Right::EditCustomers)?;
    let txn = crate::db::begin_write(db).await?;
    let owner = editable_customer(&txn, actor, customer_id).await?;
    let valid = validate(input, country_of(&owner))?;
    let now = Utc::now();
    let mut model = contact::ActiveModel {
        id: Set(Uuid::now_v7()),
        customer_id: Set(customer_id),
        archived: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, valid);
    let created = save(model.insert(&txn).await).await?;
    search::reindex(&txn, customer_id).await?;
    audit::record(
        &txn,
        actor,
        "contact.create",
        Some(("contact", created.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "customerId": customer_id.to_string() })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Contact persons of one customer, audited as a read of that customer's contacts.
pub async fn list_for_customer(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Uuid,
    include_archived: bool,
) -> AppResult<Vec<contact::Model>> {
    list_for_customers(db, actor, &[customer_id], include_archived)
        .await?
        .remove(&customer_id)
        .ok_or(AppError::NotFound { entity: "customer" })
}

/// The contacts of every customer in `customer_ids` the actor may see, by name, in three
/// statements and one audit row however many customers (hidden and unknown ones are left out
/// of the map).
pub async fn list_for_customers(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_ids: &[Uuid],
    include_archived: bool,
) -> AppResult<HashMap<Uuid, Vec<contact::Model>>> {
    actor.require(Right::ReadCustomers)?;
    let visible = access::service::visible_customer_ids(db, actor, customer_ids).await?;
    if visible.is_empty() {
        return Ok(HashMap::new());
    }
    let contacts = of_customers_unaudited(db, &visible, include_archived).await?;
    audit::record_read_of(
        db,
        actor,
        "customer.contacts.read",
        &visible,
        serde_json::json!({
            "contactIds": contacts.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(),
        }),
    )
    .await?;
    Ok(access::service::by_customer(&visible, contacts, |c| {
        Some(c.customer_id)
    }))
}

/// The contacts of `customer_ids` (the caller has checked that they are visible and audits the
/// read), by name; `IN` lists of at most 1 000 ids.
pub(crate) async fn of_customers_unaudited(
    db: &impl ConnectionTrait,
    customer_ids: &[Uuid],
    include_archived: bool,
) -> AppResult<Vec<contact::Model>> {
    of_customers_unaudited_as(db, customer_ids, include_archived, None).await
}

/// [`of_customers_unaudited`] reading only `columns` (all without) into `M`: the export reads
/// the columns it writes and no JSON it would throw away.
pub(crate) async fn of_customers_unaudited_as<M: FromQueryResult>(
    db: &impl ConnectionTrait,
    customer_ids: &[Uuid],
    include_archived: bool,
    columns: Option<&[contact::Column]>,
) -> AppResult<Vec<M>> {
    let mut contacts = Vec::new();
    for part in customer_ids.chunks(1_000) {
        let mut query =
            contact::Entity::find().filter(contact::Column::CustomerId.is_in(part.iter().copied()));
        if let Some(columns) = columns {
            query = query.select_only().columns(columns.iter().copied());
        }
        if !include_archived {
            query = query.filter(contact::Column::Archived.eq(false));
        }
        contacts.extend(
            query
                .order_by_asc(contact::Column::Name)
                .order_by_asc(contact::Column::Id)
                .into_model::<M>()
                .all(db)
                .await?,
        );
    }
    Ok(contacts)
}

/// A contact of a customer the actor cannot see is answered like an unknown contact.
fn hide_owner(error: AppError) -> AppError {
    match error {
        AppError::NotFound { .. } => AppError::NotFound { entity: "contact" },
        other => other,
    }
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> AppResult<contact::Model> {
    contact::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "contact" })
}

async fn bump_version(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    changes: contact::ActiveModel,
) -> AppResult<()> {
    let result = save(
        contact::Entity::update_many()
            .set(changes)
            .col_expr(
                contact::Column::Version,
                Expr::col(contact::Column::Version).add(1),
            )
            .filter(contact::Column::Id.eq(id))
            .filter(contact::Column::Version.eq(expected_version))
            .exec(db)
            .await,
    )
    .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this contact was changed by someone else; reload to see their changes".into(),
        });
    }
    Ok(())
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &ContactInput,
) -> AppResult<contact::Model> {
    actor.require(Right::EditCustomers)?;
    let txn = crate::db::begin_write(db).await?;
    let current = find(&txn, id).await?;
    let owner = editable_customer(&txn, actor, current.customer_id)
        .await
        .map_err(hide_owner)?;
    let valid = validate(input, country_of(&owner))?;
    let mut changes = contact::ActiveModel {
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    apply(&mut changes, valid);
    bump_version(&txn, id, expected_version, changes).await?;
    search::reindex(&txn, current.customer_id).await?;
    audit::record(
        &txn,
        actor,
        "contact.update",
        Some(("contact", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    find(db, id).await
}

pub async fn set_archived(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    archived: bool,
) -> AppResult<contact::Model> {
    actor.require(Right::EditCustomers)?;
    let txn = crate::db::begin_write(db).await?;
    let current = find(&txn, id).await?;
    editable_customer(&txn, actor, current.customer_id)
        .await
        .map_err(hide_owner)?;
    bump_version(
        &txn,
        id,
        expected_version,
        contact::ActiveModel {
            archived: Set(archived),
            updated_at: Set(Utc::now()),
            ..Default::default()
        },
    )
    .await?;
    search::reindex(&txn, current.customer_id).await?;
    audit::record(
        &txn,
        actor,
        if archived {
            "contact.archive"
        } else {
            "contact.restore"
        },
        Some(("contact", id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    find(db, id).await
}

/// A contact and its customer, if the actor may see that customer; otherwise `NOT_FOUND`
/// exactly as for an unknown contact.
pub async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    contact_id: Uuid,
) -> AppResult<(contact::Model, customer::Model)> {
    let found = find(db, contact_id).await?;
    let owner = access::service::visible_customer(db, actor, found.customer_id)
        .await
        .map_err(hide_owner)?;
    Ok((found, owner))
}

/// Opens one contact person (the read is audited).
pub async fn get(
    db: &impl AuditTarget,
    actor: &Actor,
    contact_id: Uuid,
) -> AppResult<contact::Model> {
    actor.require(Right::ReadCustomers)?;
    let (found, _) = visible(db, actor, contact_id).await?;
    audit::record(
        db,
        actor,
        "contact.read",
        Some(("contact", contact_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "customerId": found.customer_id.to_string() })),
    )
    .await?;
    Ok(found)
}
