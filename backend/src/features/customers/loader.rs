//! Batched nested lists of customers: every `Customer.contacts`, `orders`, `invoices`, `tasks`,
//! `secrets` and `accessGroups` in one GraphQL response is answered by one batch per kind of
//! list — a fixed number of statements and one audit row, whether the page holds one customer or
//! a hundred (no N+1). Each batch applies the same rights and need-to-know as the single reads.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ErrorExtensions};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::graphql::Customer;
use crate::entities::{contact, task};
use crate::error::AppError;
use crate::features::auth::Actor;
use crate::features::consents::loader::{ConsentLoader, ContactKey};
use crate::features::contacts::graphql::Contact;
use crate::features::invoices::service::InvoiceWithLines;
use crate::features::orders::service::OrderWithLines;
use crate::features::secrets::service::SecretView;
use crate::features::{access, contacts, invoices, orders, secrets, tasks};

/// Created per request with the request's actor (see `http::graphql`).
pub struct CustomerLoader {
    pub db: DatabaseConnection,
    pub actor: Actor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContactsOf {
    pub customer: Uuid,
    pub include_archived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrdersOf(pub Uuid);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvoicesOf(pub Uuid);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TasksOf {
    pub customer: Uuid,
    pub include_done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretsOf(pub Uuid);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupsOf(pub Uuid);

/// The answer for `key` from a request's [`CustomerLoader`]; a customer the actor may not see
/// (left out of the batch) is `NOT_FOUND`, as in a single read.
pub async fn load<K>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Loaded<K>>
where
    K: Send + Sync + Clone + Eq + std::hash::Hash + 'static,
    CustomerLoader: Loader<K, Error = Arc<AppError>>,
{
    ctx.data::<DataLoader<CustomerLoader>>()?
        .load_one(key)
        .await
        .map_err(|e| e.extend())?
        .ok_or_else(|| AppError::NotFound { entity: "customer" }.extend())
}

/// Reads the contacts of a whole page of customers (and, when the query asks for them, the
/// contacts' consents) in one batch each, before the executor reaches the nested fields. A
/// DataLoader's window starts at the first key: on a large page the executor takes longer than
/// that to register every customer's key, and the page would be split into many small batches
/// (each with its access check, query and audit row). Same service calls, same audit rows as
/// the loaders. Does nothing when the selection has no `contacts` under `nodes` or `edges.node`.
pub async fn preload_contacts(
    ctx: &Context<'_>,
    customers: &mut [Customer],
) -> async_graphql::Result<()> {
    let look = ctx.look_ahead();
    let nodes = [look.field("nodes"), look.field("edges").field("node")];
    if customers.is_empty() || !nodes.iter().any(|n| n.field("contacts").exists()) {
        return Ok(());
    }
    let with_consents = nodes
        .iter()
        .any(|n| n.field("contacts").field("consents").exists());
    let state = crate::graphql::state(ctx)?;
    let actor = crate::graphql::actor(ctx)?;
    let ids: Vec<Uuid> = customers.iter().map(Customer::uuid).collect();
    let mut found = contacts::service::list_for_customers(&state.db, &actor, &ids, false)
        .await
        .map_err(|e| e.extend())?;
    let mut consents = if with_consents {
        let keys: Vec<ContactKey> = found
            .values()
            .flatten()
            .map(|c| ContactKey {
                contact: c.id,
                customer: c.customer_id,
            })
            .collect();
        let loader = ConsentLoader {
            db: state.db.clone(),
            actor: actor.clone(),
        };
        Loader::<ContactKey>::load(&loader, &keys)
            .await
            .map_err(|e| e.extend())?
    } else {
        HashMap::new()
    };
    for customer in customers.iter_mut() {
        let Some(list) = found.remove(&customer.uuid()) else {
            continue;
        };
        customer.set_contacts(
            list.into_iter()
                .map(|m| {
                    let contact = Contact::from(m);
                    match consents.remove(&contact.key()) {
                        Some(loaded) => contact.with_consents(loaded),
                        None => contact,
                    }
                })
                .collect(),
        );
    }
    Ok(())
}

/// What a key loads.
pub type Loaded<K> = <CustomerLoader as Loader<K>>::Value;

/// Answers every key of a kind from one batched read keyed by customer.
fn answer<K: Copy + Eq + std::hash::Hash, V: Clone>(
    keys: &[K],
    customer: impl Fn(&K) -> Uuid,
    mut found: HashMap<Uuid, V>,
) -> HashMap<K, V> {
    keys.iter()
        .filter_map(|k| found.remove(&customer(k)).map(|v| (*k, v)))
        .collect()
}

/// Splits keys carrying a flag (archived contacts, done tasks) into one batch per flag value.
fn split<K: Copy>(keys: &[K], flag: impl Fn(&K) -> bool) -> [(bool, Vec<K>); 2] {
    let (on, off): (Vec<K>, Vec<K>) = keys.iter().partition(|k| flag(k));
    [(true, on), (false, off)]
}

impl Loader<ContactsOf> for CustomerLoader {
    type Value = Vec<contact::Model>;
    type Error = Arc<AppError>;

    async fn load(
        &self,
        keys: &[ContactsOf],
    ) -> Result<HashMap<ContactsOf, Self::Value>, Self::Error> {
        let mut out = HashMap::new();
        for (include_archived, batch) in split(keys, |k| k.include_archived) {
            if batch.is_empty() {
                continue;
            }
            let ids: Vec<Uuid> = batch.iter().map(|k| k.customer).collect();
            let found = contacts::service::list_for_customers(
                &self.db,
                &self.actor,
                &ids,
                include_archived,
            )
            .await?;
            out.extend(answer(&batch, |k| k.customer, found));
        }
        Ok(out)
    }
}

impl Loader<OrdersOf> for CustomerLoader {
    type Value = Vec<OrderWithLines>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[OrdersOf]) -> Result<HashMap<OrdersOf, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let found = orders::service::list_for_customers(&self.db, &self.actor, &ids).await?;
        Ok(answer(keys, |k| k.0, found))
    }
}

impl Loader<InvoicesOf> for CustomerLoader {
    type Value = Vec<InvoiceWithLines>;
    type Error = Arc<AppError>;

    async fn load(
        &self,
        keys: &[InvoicesOf],
    ) -> Result<HashMap<InvoicesOf, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let found = invoices::service::list_for_customers(&self.db, &self.actor, &ids).await?;
        Ok(answer(keys, |k| k.0, found))
    }
}

impl Loader<TasksOf> for CustomerLoader {
    type Value = Vec<task::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[TasksOf]) -> Result<HashMap<TasksOf, Self::Value>, Self::Error> {
        let mut out = HashMap::new();
        for (include_done, batch) in split(keys, |k| k.include_done) {
            if batch.is_empty() {
                continue;
            }
            let ids: Vec<Uuid> = batch.iter().map(|k| k.customer).collect();
            let found =
                tasks::service::list_for_customers(&self.db, &self.actor, &ids, include_done)
                    .await?;
            out.extend(answer(&batch, |k| k.customer, found));
        }
        Ok(out)
    }
}

impl Loader<SecretsOf> for CustomerLoader {
    type Value = Vec<SecretView>;
    type Error = Arc<AppError>;

    async fn load(
        &self,
        keys: &[SecretsOf],
    ) -> Result<HashMap<SecretsOf, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let found = secrets::service::list_for_customers(&self.db, &self.actor, &ids).await?;
        Ok(answer(keys, |k| k.0, found))
    }
}

impl Loader<GroupsOf> for CustomerLoader {
    type Value = Vec<(Uuid, String)>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[GroupsOf]) -> Result<HashMap<GroupsOf, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut found = access::service::groups_of_customers(&self.db, &ids).await?;
        // An unrestricted customer has no row: an empty list, not a missing key.
        Ok(keys
            .iter()
            .map(|k| (*k, found.remove(&k.0).unwrap_or_default()))
            .collect())
    }
}
