//! Registering endpoints, queueing deliveries, and reading both (administrators).

use std::collections::HashMap;
use std::net::IpAddr;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::{DeliveryStatus, WebhookEvent};
use crate::crypto::field::{self, FieldRef};
use crate::crypto::{KeyPurpose, Keyring};
use crate::entities::{consent_event, consent_purpose, webhook_delivery, webhook_endpoint};
use crate::error::{AppError, AppResult};
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;

pub const URL_MAX: usize = 2_000;

pub fn secret_ref(id: &str) -> FieldRef<'_> {
    FieldRef {
        table: "webhook_endpoints",
        column: "secret",
        row_id: id,
    }
}

/// Addresses a webhook must not reach unless the configuration allows it.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (b & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// Parses and checks a target URL: http(s), a host that resolves, and (unless allowed) only to
/// public addresses.
pub async fn check_target(raw: &str, allow_private: bool) -> AppResult<url::Url> {
    let bad = |m: &str| AppError::bad_input("url", m);
    if raw.len() > URL_MAX {
        return Err(bad("is longer than 2000 characters"));
    }
    let url = url::Url::parse(raw.trim()).map_err(|_| bad("is not a URL"))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(bad("must start with https:// (or http://)"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain a user name or password"));
    }
    let host = url.host_str().ok_or_else(|| bad("has no host"))?.to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = tokio::net::lookup_host((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|_| bad("the host name does not resolve"))?
        .map(|a| a.ip())
        .collect();
    if addresses.is_empty() {
        return Err(bad("the host name does not resolve"));
    }
    if !allow_private && addresses.iter().any(|ip| is_private(*ip)) {
        return Err(bad(
            "points to a private, loopback or link-local address, which webhooks may not reach",
        ));
    }
    Ok(url)
}

pub struct EndpointRow {
    pub endpoint: webhook_endpoint::Model,
    pub pending: u64,
    pub last_delivered_at: Option<chrono::DateTime<Utc>>,
}

pub fn events_of(endpoint: &webhook_endpoint::Model) -> Vec<WebhookEvent> {
    endpoint
        .events
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .filter_map(WebhookEvent::from_db)
        .collect()
}

/// Registers an endpoint; the secret is in the answer only.
pub async fn create(
    db: &DatabaseConnection,
    keyring: &Keyring,
    allow_private: bool,
    actor: &Actor,
    raw_url: &str,
    events: &[WebhookEvent],
) -> AppResult<(webhook_endpoint::Model, String)> {
    actor.require_admin()?;
    if events.is_empty() {
        return Err(AppError::bad_input("events", "choose at least one event"));
    }
    let url = check_target(raw_url, allow_private).await?;
    let id = Uuid::now_v7();
    let (token, _) = crate::crypto::token::generate();
    let secret = format!("whsec_{token}");
    let id_text = id.to_string();
    let stored = field::encrypt(
        keyring,
        KeyPurpose::FieldEncryption,
        secret_ref(&id_text),
        secret.as_bytes(),
    );
    let mut names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let txn = crate::db::begin_write(db).await?;
    let created = webhook_endpoint::ActiveModel {
        id: Set(id),
        url: Set(url.to_string()),
        events: Set(serde_json::json!(names)),
        secret_encrypted: Set(stored),
        active: Set(true),
        created_at: Set(Utc::now()),
        created_by: Set(actor.user_id()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        "webhook.create",
        Some(("webhook_endpoint", id_text)),
        Outcome::Success,
        Some(serde_json::json!({ "url": created.url, "events": names })),
    )
    .await?;
    txn.commit().await?;
    Ok((created, secret))
}

pub async fn list(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<EndpointRow>> {
    actor.require_admin()?;
    let endpoints = webhook_endpoint::Entity::find()
        .order_by_asc(webhook_endpoint::Column::CreatedAt)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(endpoints.len());
    for endpoint in endpoints {
        let pending = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::EndpointId.eq(endpoint.id))
            .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
            .count(db)
            .await?;
        let last_delivered_at = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::EndpointId.eq(endpoint.id))
            .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Delivered.as_str()))
            .order_by_desc(webhook_delivery::Column::Id)
            .one(db)
            .await?
            .and_then(|d| d.delivered_at);
        rows.push(EndpointRow {
            endpoint,
            pending,
            last_delivered_at,
        });
    }
    Ok(rows)
}

/// Removes an endpoint and its queue (the audit log keeps that it existed).
pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> AppResult<()> {
    actor.require_admin()?;
    let txn = crate::db::begin_write(db).await?;
    let found = webhook_endpoint::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound {
            entity: "webhook endpoint",
        })?;
    webhook_endpoint::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        "webhook.delete",
        Some(("webhook_endpoint", id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "url": found.url })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An endpoint's deliveries, newest first.
pub async fn deliveries(
    db: &DatabaseConnection,
    actor: &Actor,
    endpoint_id: Uuid,
    first: u64,
) -> AppResult<Vec<webhook_delivery::Model>> {
    actor.require_admin()?;
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(first)
        .all(db)
        .await?)
}

/// Queues a `consent.changed` delivery per subscribed endpoint for each event (inside the
/// recording transaction). The payload holds ids, the purpose key and the decision only.
pub async fn enqueue_consent_changes(
    db: &impl ConnectionTrait,
    events: &[consent_event::Model],
    purposes: &HashMap<Uuid, consent_purpose::Model>,
) -> AppResult<()> {
    let endpoints: Vec<webhook_endpoint::Model> = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|e| events_of(e).contains(&WebhookEvent::ConsentChanged))
        .collect();
    if endpoints.is_empty() || events.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let mut rows = Vec::with_capacity(endpoints.len() * events.len());
    for event in events {
        let body = serde_json::json!({
            "type": WebhookEvent::ConsentChanged.as_str(),
            "occurredAt": event.occurred_at,
            "data": {
                "eventId": event.id,
                "contactId": event.contact_id,
                "customerId": event.customer_id,
                "purpose": purposes.get(&event.purpose_id).map(|p| p.key.as_str()),
                "decision": event.decision,
                "source": event.source,
                "declarationVersion": event.declaration_version,
            },
        })
        .to_string();
        for endpoint in &endpoints {
            rows.push(webhook_delivery::ActiveModel {
                endpoint_id: Set(endpoint.id),
                event_type: Set(WebhookEvent::ConsentChanged.as_str().to_owned()),
                payload: Set(body.clone()),
                status: Set(DeliveryStatus::Pending.as_str().to_owned()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                last_status: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                delivered_at: Set(None),
                ..Default::default()
            });
        }
    }
    webhook_delivery::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}
