//! The data-partner register: companies the business exchanges personal data with, and the state
//! of the agreement with each. Partners that need attention (no agreement, an expired one, or a
//! review date that has passed) are flagged, not silent.

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::{AgreementStatus, PartnerRole};
use crate::domain::text;
use crate::entities::data_partner;
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 2_000;

/// Why a partner needs attention, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum PartnerAttention {
    /// No agreement on file.
    MissingAgreement,
    /// The agreement has expired.
    ExpiredAgreement,
    /// The review date has passed.
    ReviewOverdue,
}

pub fn attention(partner: &data_partner::Model, today: NaiveDate) -> Option<PartnerAttention> {
    match AgreementStatus::from_db(&partner.agreement_status) {
        Some(AgreementStatus::Missing) | None => Some(PartnerAttention::MissingAgreement),
        Some(AgreementStatus::Expired) => Some(PartnerAttention::ExpiredAgreement),
        Some(AgreementStatus::Signed) => partner
            .review_on
            .filter(|review| *review < today)
            .map(|_| PartnerAttention::ReviewOverdue),
    }
}

/// Every partner by name (any signed-in user: the consent form lists them).
pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<data_partner::Model>> {
    actor.require_staff()?;
    all(db).await
}

pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<data_partner::Model>> {
    Ok(data_partner::Entity::find()
        .order_by_asc(data_partner::Column::Name)
        .order_by_asc(data_partner::Column::Id)
        .all(db)
        .await?)
}

#[derive(Debug, Clone)]
pub struct PartnerInput {
    pub name: String,
    pub org_number: String,
    pub country: String,
    pub role: PartnerRole,
    pub purpose: String,
    pub data_categories: String,
    pub third_country_transfer: bool,
    pub transfer_safeguard: String,
    pub agreement_status: AgreementStatus,
    pub signed_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub document_reference: String,
    pub notes: String,
}

struct Valid {
    name: String,
    org_number: String,
    country: String,
    purpose: String,
    data_categories: String,
    transfer_safeguard: String,
    document_reference: String,
    notes: String,
}

fn clean(
    value: &str,
    field: &str,
    max: usize,
    required: bool,
    multiline: bool,
) -> AppResult<String> {
    text::clean(Some(value), max, required, multiline)
        .map(Option::unwrap_or_default)
        .map_err(|e| AppError::bad_input(field, e))
}

fn validate(input: &PartnerInput) -> AppResult<Valid> {
    let country = input.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(AppError::bad_input(
            "country",
            "use the two-letter country code (SE, NO, DE, US, …)",
        ));
    }
    let transfer_safeguard = clean(
        &input.transfer_safeguard,
        "transferSafeguard",
        TEXT_MAX,
        false,
        true,
    )?;
    if input.third_country_transfer && transfer_safeguard.is_empty() {
        return Err(AppError::bad_input(
            "transferSafeguard",
            "a transfer outside the EU/EEA needs its safeguard (e.g. standard contractual clauses)",
        ));
    }
    if input.agreement_status == AgreementStatus::Signed && input.signed_on.is_none() {
        return Err(AppError::bad_input(
            "signedOn",
            "a signed agreement needs its signing date",
        ));
    }
    if let (Some(signed), Some(review)) = (input.signed_on, input.review_on)
        && review < signed
    {
        return Err(AppError::bad_input(
            "reviewOn",
            "the review date cannot be before the signing date",
        ));
    }
    Ok(Valid {
        name: clean(&input.name, "name", NAME_MAX, true, false)?,
        org_number: clean(&input.org_number, "orgNumber", 40, false, false)?,
        country,
        purpose: clean(&input.purpose, "purpose", TEXT_MAX, false, true)?,
        data_categories: clean(
            &input.data_categories,
            "dataCategories",
            TEXT_MAX,
            false,
            true,
        )?,
        transfer_safeguard,
        document_reference: clean(
            &input.document_reference,
            "documentReference",
            500,
            false,
            false,
        )?,
        notes: clean(&input.notes, "notes", TEXT_MAX, false, true)?,
    })
}

fn apply(model: &mut data_partner::ActiveModel, valid: Valid, input: &PartnerInput) {
    model.name = Set(valid.name);
    model.org_number = Set(valid.org_number);
    model.country = Set(valid.country);
    model.role = Set(input.role.as_str().to_owned());
    model.purpose = Set(valid.purpose);
    model.data_categories = Set(valid.data_categories);
    model.third_country_transfer = Set(input.third_country_transfer);
    model.transfer_safeguard = Set(valid.transfer_safeguard);
    model.agreement_status = Set(input.agreement_status.as_str().to_owned());
    model.signed_on = Set(input.signed_on);
    model.review_on = Set(input.review_on);
    model.document_reference = Set(valid.document_reference);
    model.notes = Set(valid.notes);
}

/// What the audit log keeps of a partner: its business identity and agreement state.
fn snapshot(p: &data_partner::Model) -> serde_json::Value {
    serde_json::json!({
        "name": p.name,
        "orgNumber": p.org_number,
        "country": p.country,
        "role": p.role,
        "agreementStatus": p.agreement_status,
        "signedOn": p.signed_on,
        "reviewOn": p.review_on,
        "thirdCountryTransfer": p.third_country_transfer,
    })
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> AppResult<data_partner::Model> {
    data_partner::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound {
            entity: "data partner",
        })
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &PartnerInput,
) -> AppResult<data_partner::Model> {
    actor.require(Right::ManageSettings)?;
    let valid = validate(input)?;
    let now = Utc::now();
    let mut model = data_partner::ActiveModel {
        id: Set(Uuid::now_v7()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, valid, input);
    let txn = crate::db::begin_write(db).await?;
    let created = model.insert(&txn).await?;
    audit::record(
        &txn,
        actor,
        "data_partner.create",
        Some(("data_partner", created.id.to_string())),
        Outcome::Success,
        Some(snapshot(&created)),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &PartnerInput,
) -> AppResult<data_partner::Model> {
    actor.require(Right::ManageSettings)?;
    let valid = validate(input)?;
    let mut changes = data_partner::ActiveModel {
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    apply(&mut changes, valid, input);
    let txn = crate::db::begin_write(db).await?;
    find(&txn, id).await?;
    let result = data_partner::Entity::update_many()
        .set(changes)
        .col_expr(
            data_partner::Column::Version,
            Expr::col(data_partner::Column::Version).add(1),
        )
        .filter(data_partner::Column::Id.eq(id))
        .filter(data_partner::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this partner was changed by someone else; reload to see their changes".into(),
        });
    }
    let updated = find(&txn, id).await?;
    audit::record(
        &txn,
        actor,
        "data_partner.update",
        Some(("data_partner", id.to_string())),
        Outcome::Success,
        Some(snapshot(&updated)),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Removes a partner from the register; its last state stays in the audit log.
pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> AppResult<()> {
    actor.require(Right::ManageSettings)?;
    let txn = crate::db::begin_write(db).await?;
    let current = find(&txn, id).await?;
    data_partner::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "data_partner.delete",
        Some(("data_partner", id.to_string())),
        Outcome::Success,
        Some(snapshot(&current)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(status: &str, review: Option<NaiveDate>) -> data_partner::Model {
        data_partner::Model {
            id: Uuid::nil(),
            name: "Mailer AB".into(),
            org_number: String::new(),
            country: "SE".into(),
            role: "processor".into(),
            purpose: String::new(),
            data_categories: String::new(),
            third_country_transfer: false,
            transfer_safeguard: String::new(),
            agreement_status: status.into(),
            signed_on: None,
            review_on: review,
            document_reference: String::new(),
            notes: String::new(),
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn partners_needing_attention_are_flagged() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let yesterday = today.pred_opt().unwrap();
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(
            attention(&partner("missing", None), today),
            Some(PartnerAttention::MissingAgreement)
        );
        assert_eq!(
            attention(&partner("expired", None), today),
            Some(PartnerAttention::ExpiredAgreement)
        );
        assert_eq!(
            attention(&partner("signed", Some(yesterday)), today),
            Some(PartnerAttention::ReviewOverdue)
        );
        assert_eq!(attention(&partner("signed", Some(tomorrow)), today), None);
        assert_eq!(attention(&partner("signed", None), today), None);
        assert_eq!(
            attention(&partner("bogus", None), today),
            Some(PartnerAttention::MissingAgreement)
        );
    }
}
