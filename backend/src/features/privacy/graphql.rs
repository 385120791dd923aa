//! GraphQL for the privacy settings and the data-partner register.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::consent_form::{self, FormLanguage};
use super::partners::{self, PartnerAttention, PartnerInput};
use super::settings::{self, SettingsInput};
use super::{AgreementStatus, PartnerRole, SupervisoryAuthority};
use crate::entities::{data_partner, organization_settings};
use crate::error::GqlResultExt;
use crate::features::consents::graphql::{ConsentDeclaration, declaration_object};
use crate::graphql::{actor, parse_id, state};

/// The organization's privacy settings, printed on the consent form.
#[derive(SimpleObject)]
pub struct OrganizationSettings {
    company_name: String,
    org_number: String,
    address: String,
    email: String,
    phone: String,
    privacy_policy_url: String,
    /// The data-protection contact.
    dpo_name: String,
    dpo_email: String,
    supervisory_authority: SupervisoryAuthority,
    /// Invoices keep their buyer snapshot this long (Swedish bookkeeping rules: 7 years).
    bookkeeping_retention_years: i32,
    audit_log_retention_months: i32,
    /// Revealing a secret on a customer card needs a fresh TOTP code.
    secret_reveal_requires_totp: bool,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
    updated_at: DateTime<Utc>,
}

impl From<organization_settings::Model> for OrganizationSettings {
    fn from(m: organization_settings::Model) -> Self {
        OrganizationSettings {
            company_name: m.company_name,
            org_number: m.org_number,
            address: m.address,
            email: m.email,
            phone: m.phone,
            privacy_policy_url: m.privacy_policy_url,
            dpo_name: m.dpo_name,
            dpo_email: m.dpo_email,
            supervisory_authority: SupervisoryAuthority::from_db(&m.supervisory_authority)
                .unwrap_or(SupervisoryAuthority::Imy),
            bookkeeping_retention_years: m.bookkeeping_retention_years,
            audit_log_retention_months: m.audit_log_retention_months,
            secret_reveal_requires_totp: m.secret_reveal_requires_totp,
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

#[derive(InputObject)]
pub struct OrganizationSettingsInput {
    company_name: String,
    #[graphql(default)]
    org_number: String,
    #[graphql(default)]
    address: String,
    #[graphql(default)]
    email: String,
    #[graphql(default)]
    phone: String,
    #[graphql(default)]
    privacy_policy_url: String,
    #[graphql(default)]
    dpo_name: String,
    #[graphql(default)]
    dpo_email: String,
    supervisory_authority: SupervisoryAuthority,
    #[graphql(default = 7)]
    bookkeeping_retention_years: i32,
    #[graphql(default = 24)]
    audit_log_retention_months: i32,
    /// Omitted: unchanged.
    secret_reveal_requires_totp: Option<bool>,
}

/// A company the business exchanges personal data with.
#[derive(SimpleObject)]
pub struct DataPartner {
    id: ID,
    name: String,
    org_number: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    role: PartnerRole,
    purpose: String,
    data_categories: String,
    /// Personal data goes outside the EU/EEA.
    third_country_transfer: bool,
    transfer_safeguard: String,
    agreement_status: AgreementStatus,
    signed_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    document_reference: String,
    notes: String,
    /// Why the partner needs attention today, if it does.
    attention: Option<PartnerAttention>,
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

pub fn partner_object(m: data_partner::Model, today: NaiveDate) -> DataPartner {
    DataPartner {
        attention: partners::attention(&m, today),
        id: ID(m.id.to_string()),
        name: m.name,
        org_number: m.org_number,
        country: m.country,
        role: PartnerRole::from_db(&m.role).unwrap_or(PartnerRole::Processor),
        purpose: m.purpose,
        data_categories: m.data_categories,
        third_country_transfer: m.third_country_transfer,
        transfer_safeguard: m.transfer_safeguard,
        agreement_status: AgreementStatus::from_db(&m.agreement_status)
            .unwrap_or(AgreementStatus::Missing),
        signed_on: m.signed_on,
        review_on: m.review_on,
        document_reference: m.document_reference,
        notes: m.notes,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

#[derive(InputObject)]
pub struct DataPartnerInput {
    name: String,
    #[graphql(default)]
    org_number: String,
    country: String,
    role: PartnerRole,
    #[graphql(default)]
    purpose: String,
    #[graphql(default)]
    data_categories: String,
    #[graphql(default)]
    third_country_transfer: bool,
    #[graphql(default)]
    transfer_safeguard: String,
    agreement_status: AgreementStatus,
    signed_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    #[graphql(default)]
    document_reference: String,
    #[graphql(default)]
    notes: String,
}

impl From<DataPartnerInput> for PartnerInput {
    fn from(i: DataPartnerInput) -> Self {
        PartnerInput {
            name: i.name,
            org_number: i.org_number,
            country: i.country,
            role: i.role,
            purpose: i.purpose,
            data_categories: i.data_categories,
            third_country_transfer: i.third_country_transfer,
            transfer_safeguard: i.transfer_safeguard,
            agreement_status: i.agreement_status,
            signed_on: i.signed_on,
            review_on: i.review_on,
            document_reference: i.document_reference,
            notes: i.notes,
        }
    }
}

/// A purpose as the form prints it (in the form's language).
#[derive(SimpleObject)]
pub struct ConsentFormPurpose {
    key: String,
    name: String,
    description: String,
    requires_opt_in: bool,
}

#[derive(SimpleObject)]
pub struct ConsentFormSection {
    heading: String,
    paragraphs: Vec<String>,
}

/// Who the form is pre-filled for.
#[derive(SimpleObject)]
pub struct ConsentFormCustomer {
    id: ID,
    number: i64,
    display_name: String,
    /// Active contacts, by name: one signature block each.
    contact_names: Vec<String>,
}

/// Everything a valid consent form needs, in one language; printed by the SPA.
#[derive(SimpleObject)]
pub struct ConsentForm {
    language: FormLanguage,
    title: String,
    controller: OrganizationSettings,
    supervisory_authority_name: String,
    supervisory_authority_url: String,
    /// Active purposes, each its own un-ticked choice.
    purposes: Vec<ConsentFormPurpose>,
    recipients: Vec<DataPartner>,
    /// The declaration in force; its version and hash are printed so a signed paper can be
    /// matched to it.
    declaration: ConsentDeclaration,
    /// Null for a blank form.
    customer: Option<ConsentFormCustomer>,
    /// Controller, recipients, transfers, voluntariness and withdrawal, duration, rights and
    /// complaints.
    sections: Vec<ConsentFormSection>,
    generated_at: DateTime<Utc>,
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

#[derive(Default)]
pub struct PrivacyQuery;

#[Object]
impl PrivacyQuery {
    /// The organization's privacy settings (any signed-in user: the consent form prints them).
    async fn organization_settings(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<OrganizationSettings> {
        Ok(settings::read(&state(ctx)?.db, &actor(ctx)?)
            .await
            .gql()?
            .into())
    }

    /// The consent form, pre-filled for a customer (`READ_CUSTOMERS`, a customer you may see;
    /// the read is logged, a refused one too) or blank without `customerId`.
    async fn consent_form(
        &self,
        ctx: &Context<'_>,
        customer_id: Option<ID>,
        #[graphql(default_with = "FormLanguage::Sv")] language: FormLanguage,
    ) -> async_graphql::Result<ConsentForm> {
        let customer_id = customer_id
            .map(|id| parse_id(&id, "customerId"))
            .transpose()?;
        let form = consent_form::generate(&state(ctx)?.db, &actor(ctx)?, customer_id, language)
            .await
            .gql()?;
        let today = today();
        let version = form.declaration.version;
        Ok(ConsentForm {
            language: form.language,
            title: form.title,
            controller: form.settings.into(),
            supervisory_authority_name: form.authority_name,
            supervisory_authority_url: form.authority_url,
            purposes: form
                .purposes
                .into_iter()
                .map(|p| ConsentFormPurpose {
                    key: p.key,
                    name: p.name,
                    description: p.description,
                    requires_opt_in: p.requires_opt_in,
                })
                .collect(),
            recipients: form
                .recipients
                .into_iter()
                .map(|p| partner_object(p, today))
                .collect(),
            declaration: declaration_object(form.declaration, version, &Default::default()),
            customer: form.customer.map(|c| ConsentFormCustomer {
                id: ID(c.id.to_string()),
                number: c.number,
                display_name: c.display_name,
                contact_names: c.contact_names,
            }),
            sections: form
                .sections
                .into_iter()
                .map(|s| ConsentFormSection {
                    heading: s.heading,
                    paragraphs: s.paragraphs,
                })
                .collect(),
            generated_at: form.generated_at,
        })
    }

    /// The data-partner register, by name.
    async fn data_partners(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DataPartner>> {
        let today = today();
        Ok(partners::list(&state(ctx)?.db, &actor(ctx)?)
            .await
            .gql()?
            .into_iter()
            .map(|p| partner_object(p, today))
            .collect())
    }
}

#[derive(Default)]
pub struct PrivacyMutation;

#[Object]
impl PrivacyMutation {
    /// Replaces the privacy settings (`MANAGE_SETTINGS`); `CONFLICT` on a stale version.
    async fn update_organization_settings(
        &self,
        ctx: &Context<'_>,
        expected_version: i32,
        input: OrganizationSettingsInput,
    ) -> async_graphql::Result<OrganizationSettings> {
        let input = SettingsInput {
            company_name: input.company_name,
            org_number: input.org_number,
            address: input.address,
            email: input.email,
            phone: input.phone,
            privacy_policy_url: input.privacy_policy_url,
            dpo_name: input.dpo_name,
            dpo_email: input.dpo_email,
            supervisory_authority: input.supervisory_authority,
            bookkeeping_retention_years: input.bookkeeping_retention_years,
            audit_log_retention_months: input.audit_log_retention_months,
            secret_reveal_requires_totp: input.secret_reveal_requires_totp,
        };
        Ok(
            settings::update(&state(ctx)?.db, &actor(ctx)?, expected_version, &input)
                .await
                .gql()?
                .into(),
        )
    }

    /// Adds a partner to the register (`MANAGE_SETTINGS`).
    async fn create_data_partner(
        &self,
        ctx: &Context<'_>,
        input: DataPartnerInput,
    ) -> async_graphql::Result<DataPartner> {
        let created = partners::create(&state(ctx)?.db, &actor(ctx)?, &input.into())
            .await
            .gql()?;
        Ok(partner_object(created, today()))
    }

    /// Changes a partner (`MANAGE_SETTINGS`); `CONFLICT` on a stale version.
    async fn update_data_partner(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: DataPartnerInput,
    ) -> async_graphql::Result<DataPartner> {
        let id = parse_id(&id, "id")?;
        let updated = partners::update(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            expected_version,
            &input.into(),
        )
        .await
        .gql()?;
        Ok(partner_object(updated, today()))
    }

    /// Removes a partner (`MANAGE_SETTINGS`); its last state stays in the access log.
    async fn delete_data_partner(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id(&id, "id")?;
        partners::delete(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(true)
    }
}
