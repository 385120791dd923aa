//! The consent form: generated from the privacy settings, the partner register, the active
//! purposes and the declaration in force, in Swedish or English, for one customer (pre-filled with
//! its and its contacts' names) or blank for the front desk. The SPA prints it; the same content
//! feeds the PDF.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{SupervisoryAuthority, partners, settings};
use crate::entities::{
    consent_declaration, consent_purpose, contact, data_partner, organization_settings,
};
use crate::error::AppResult;
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::consents::{declaration, purposes};

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum FormLanguage {
    Sv,
    En,
}

/// A heading and its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FormPurpose {
    pub key: String,
    pub name: String,
    pub description: String,
    pub requires_opt_in: bool,
}

#[derive(Debug, Clone)]
pub struct FormCustomer {
    pub id: Uuid,
    pub number: i64,
    pub display_name: String,
    pub contact_names: Vec<String>,
}

pub struct ConsentForm {
    pub language: FormLanguage,
    pub title: String,
    pub settings: organization_settings::Model,
    pub authority_name: String,
    pub authority_url: String,
    pub purposes: Vec<FormPurpose>,
    pub recipients: Vec<data_partner::Model>,
    pub declaration: consent_declaration::Model,
    pub customer: Option<FormCustomer>,
    pub sections: Vec<Section>,
    pub generated_at: DateTime<Utc>,
}

/// The texts a valid consent form needs (GDPR Art. 7 and 13) besides the structured parts
/// (controller, purposes, recipients, declaration), which every renderer lays out from the fields.
fn sections(
    language: FormLanguage,
    recipients: &[data_partner::Model],
    authority: (&str, &str),
) -> Vec<Section> {
    let sv = language == FormLanguage::Sv;
    let section = |heading: &str, paragraphs: Vec<String>| Section {
        heading: heading.to_owned(),
        paragraphs,
    };
    let transfers: Vec<&data_partner::Model> = recipients
        .iter()
        .filter(|p| p.third_country_transfer)
        .collect();
    let mut out = Vec::new();
    out.push(section(
        if sv {
            "Överföring utanför EU/EES"
        } else {
            "Transfers outside the EU/EEA"
        },
        if transfers.is_empty() {
            vec![if sv {
                "Dina uppgifter överförs inte utanför EU/EES.".to_owned()
            } else {
                "Your data is not transferred outside the EU/EEA.".to_owned()
            }]
        } else {
            transfers
                .iter()
                .map(|p| {
                    format!(
                        "{} ({}): {}",
                        p.name,
                        p.country,
                        if p.transfer_safeguard.is_empty() {
                            "–"
                        } else {
                            p.transfer_safeguard.as_str()
                        }
                    )
                })
                .collect()
        },
    ));
    out.push(section(
        if sv {
            "Frivilligt och återkalleligt"
        } else {
            "Voluntary and revocable"
        },
        vec![if sv {
            "Samtycket är frivilligt. Du kan när som helst återkalla det, lika enkelt som du gav \
             det: på Mina sidor, genom att kontakta oss eller via länken i varje utskick. Att du \
             återkallar påverkar inte behandlingen innan dess."
                .to_owned()
        } else {
            "Consent is voluntary. You can withdraw it at any time, as easily as you gave it: on \
             My page, by contacting us, or through the link in every message. Withdrawing does \
             not affect processing before it."
                .to_owned()
        }],
    ));
    out.push(section(
        if sv { "Hur länge" } else { "How long" },
        vec![if sv {
            "Samtycket gäller tills du återkallar det. Vi sparar beviset på ditt samtycke så länge \
             samtycket gäller och därefter så länge vi behöver kunna visa det."
                .to_owned()
        } else {
            "Consent applies until you withdraw it. We keep the evidence of your consent while it \
             applies and afterwards as long as we need to be able to demonstrate it."
                .to_owned()
        }],
    ));
    out.push(section(
        if sv {
            "Dina rättigheter"
        } else {
            "Your rights"
        },
        vec![
            if sv {
                "Du har rätt att få tillgång till dina uppgifter, få dem rättade eller raderade, \
                 begränsa eller invända mot behandlingen och få ut dem i ett maskinläsbart format."
                    .to_owned()
            } else {
                "You have the right to access your data, have it corrected or erased, restrict or \
                 object to the processing, and receive it in a machine-readable format."
                    .to_owned()
            },
            format!(
                "{} {} ({}).",
                if sv {
                    "Du kan klaga hos tillsynsmyndigheten:"
                } else {
                    "You can complain to the supervisory authority:"
                },
                authority.0,
                authority.1
            ),
        ],
    ));
    out
}

async fn assemble(
    db: &impl ConnectionTrait,
    language: FormLanguage,
    customer: Option<FormCustomer>,
) -> AppResult<ConsentForm> {
    let settings = settings::get(db).await?;
    let recipients = partners::all(db).await?;
    let authority = SupervisoryAuthority::from_db(&settings.supervisory_authority)
        .unwrap_or(SupervisoryAuthority::Imy)
        .name_and_url();
    let purposes = purposes::active_or_all(db, false)
        .await?
        .into_iter()
        .map(|p: consent_purpose::Model| FormPurpose {
            key: p.key,
            name: if language == FormLanguage::Sv {
                p.name_sv
            } else {
                p.name_en
            },
            description: if language == FormLanguage::Sv {
                p.description_sv
            } else {
                p.description_en
            },
            requires_opt_in: p.requires_opt_in,
        })
        .collect();
    Ok(ConsentForm {
        language,
        title: if language == FormLanguage::Sv {
            "Samtycke till kommunikation".to_owned()
        } else {
            "Consent to communication".to_owned()
        },
        sections: sections(language, &recipients, authority),
        authority_name: authority.0.to_owned(),
        authority_url: authority.1.to_owned(),
        settings,
        purposes,
        recipients,
        declaration: declaration::current(db).await?,
        customer,
        generated_at: Utc::now(),
    })
}

/// The form for one customer the actor may see (the read of its and its contacts' names is
/// audited), or a blank one.
pub async fn generate(
    db: &impl AuditTarget,
    actor: &Actor,
    customer_id: Option<Uuid>,
    language: FormLanguage,
) -> AppResult<ConsentForm> {
    actor.require_staff()?;
    let Some(customer_id) = customer_id else {
        return assemble(db, language, None).await;
    };
    actor.require(Right::ReadCustomers)?;
    let found = match access::service::visible_customer(db, actor, customer_id).await {
        Ok(found) => found,
        Err(e) => {
            // A form asked for a customer the actor may not see (or that does not exist) is
            // refused and the attempt logged.
            audit::record(
                db,
                actor,
                "consent_form.read",
                Some(("customer", customer_id.to_string())),
                Outcome::Denied,
                None,
            )
            .await?;
            return Err(e);
        }
    };
    let contact_names = contact::Entity::find()
        .filter(contact::Column::CustomerId.eq(customer_id))
        .filter(contact::Column::Archived.eq(false))
        .order_by_asc(contact::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.name)
        .collect();
    audit::record(
        db,
        actor,
        "consent_form.read",
        Some(("customer", customer_id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    assemble(
        db,
        language,
        Some(FormCustomer {
            id: found.id,
            number: found.number,
            display_name: found.display_name,
            contact_names,
        }),
    )
    .await
}
