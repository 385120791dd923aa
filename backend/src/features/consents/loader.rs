//! Batched reads of current consents: every `Contact.consents` in one GraphQL response is
//! answered by one query for the purposes, one for the declaration version and one for the
//! consents (no N+1), and one audit row.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{declaration, purposes, service};
use crate::entities::{consent_purpose, current_consent};
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
