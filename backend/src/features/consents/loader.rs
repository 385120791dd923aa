//! Batched reads of consents: every `Contact.consents` in one GraphQL response is answered by
//! one query for the purposes, one for the declaration version and one for the consents, and
//! every `Contact.consentHistory` by one query for the events (no N+1), each with one audit
//! row.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{declaration, purposes, service};
use crate::entities::{consent_event, consent_purpose, current_consent};
use crate::error::AppError;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;

/// A contact and the customer it belongs to (for the audit row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContactKey {
    pub contact: Uuid,
    pub customer: Uuid,
}

/// What one contact's consent columns need.
#[derive(Debug, Clone)]
pub struct ContactConsents {
    /// Active purposes in display order (shared by every contact of the batch).
    pub purposes: Arc<Vec<consent_purpose::Model>>,
    pub declaration_version: i32,
    pub current: Vec<current_consent::Model>,
}

/// The consent history of a contact (`Contact.consentHistory`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HistoryOf(pub ContactKey);

/// Created per request with the request's actor (see `http::graphql`).
pub struct ConsentLoader {
    pub db: DatabaseConnection,
    pub actor: Actor,
}

impl Loader<ContactKey> for ConsentLoader {
    type Value = ContactConsents;
    type Error = Arc<AppError>;

    async fn load(
        &self,
        keys: &[ContactKey],
    ) -> Result<HashMap<ContactKey, ContactConsents>, Self::Error> {
        let purposes = Arc::new(purposes::active_or_all(&self.db, false).await?);
        let declaration_version = declaration::current(&self.db).await?.version;
        let contact_ids: Vec<Uuid> = keys.iter().map(|k| k.contact).collect();
        let mut current = service::current_for_contacts(&self.db, &contact_ids).await?;
        let mut customers: Vec<String> = keys.iter().map(|k| k.customer.to_string()).collect();
        customers.sort();
        customers.dedup();
        audit::record(
            &self.db,
            &self.actor,
            "contact.consents.read",
            None,
            Outcome::Success,
            Some(serde_json::json!({
                "customerIds": customers,
                "contactIds": contact_ids.iter().map(Uuid::to_string).collect::<Vec<_>>(),
            })),
        )
        .await?;
        Ok(keys
            .iter()
            .map(|k| {
                (
                    *k,
                    ContactConsents {
                        purposes: purposes.clone(),
                        declaration_version,
                        current: current.remove(&k.contact).unwrap_or_default(),
                    },
                )
            })
            .collect())
    }
}

/// One contact's consent events, with what showing them needs (shared by the batch).
#[derive(Debug, Clone)]
pub struct ContactHistory {
    pub events: Vec<consent_event::Model>,
    /// Every purpose, also inactive ones (old events may refer to them).
    pub purposes: Arc<HashMap<Uuid, consent_purpose::Model>>,
    /// Names of the staff users who recorded events.
    pub names: Arc<HashMap<Uuid, String>>,
}

impl Loader<HistoryOf> for ConsentLoader {
    type Value = ContactHistory;
    type Error = Arc<AppError>;

    async fn load(
        &self,
        keys: &[HistoryOf],
    ) -> Result<HashMap<HistoryOf, ContactHistory>, Self::Error> {
        let contacts: Vec<ContactKey> = keys.iter().map(|k| k.0).collect();
        let mut found = service::histories(&self.db, &self.actor, &contacts).await?;
        let purposes: HashMap<Uuid, consent_purpose::Model> =
            purposes::active_or_all(&self.db, true)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        let actors = found
            .values()
            .flatten()
            .filter_map(|e| e.actor_id.as_deref())
            .filter_map(|id| Uuid::parse_str(id).ok());
        let names = crate::features::users::service::names(&self.db, actors).await?;
        let (purposes, names) = (Arc::new(purposes), Arc::new(names));
        Ok(keys
            .iter()
            .filter_map(|k| {
                found.remove(&k.0.contact).map(|events| {
                    let history = ContactHistory {
                        events,
                        purposes: purposes.clone(),
                        names: names.clone(),
                    };
                    (*k, history)
                })
            })
            .collect())
    }
}
