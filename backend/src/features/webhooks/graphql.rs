//! GraphQL of webhooks (administrators).

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::service::{self, EndpointRow};
use super::{DeliveryStatus, WebhookEvent};
use crate::entities::webhook_delivery;
use crate::error::GqlResultExt;
use crate::graphql::{actor, parse_id, state};

#[derive(SimpleObject)]
pub struct WebhookEndpoint {
    id: ID,
    url: String,
    events: Vec<WebhookEvent>,
    active: bool,
    created_at: DateTime<Utc>,
    /// Deliveries waiting (the receiver is down or slow).
    pending_deliveries: u64,
    last_delivered_at: Option<DateTime<Utc>>,
}

impl From<EndpointRow> for WebhookEndpoint {
    fn from(r: EndpointRow) -> Self {
        WebhookEndpoint {
            id: ID(r.endpoint.id.to_string()),
            events: service::events_of(&r.endpoint),
            url: r.endpoint.url,
            active: r.endpoint.active,
            created_at: r.endpoint.created_at,
            pending_deliveries: r.pending,
            last_delivered_at: r.last_delivered_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct CreatedWebhookEndpoint {
    endpoint: WebhookEndpoint,
    /// Verify `tillit-signature` with this (HMAC-SHA256 over `<t>.<body>`). Shown only now.
    secret: String,
}

#[derive(SimpleObject)]
pub struct WebhookDelivery {
    id: ID,
    event_type: String,
    status: DeliveryStatus,
    attempts: i32,
    last_status: Option<i32>,
    last_error: Option<String>,
    next_attempt_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
}

impl From<webhook_delivery::Model> for WebhookDelivery {
    fn from(d: webhook_delivery::Model) -> Self {
        WebhookDelivery {
            id: ID(d.id.to_string()),
            status: DeliveryStatus::from_db(&d.status).unwrap_or(DeliveryStatus::Pending),
            event_type: d.event_type,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            next_attempt_at: d.next_attempt_at,
            created_at: d.created_at,
            delivered_at: d.delivered_at,
        }
    }
}

#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// Registered webhook endpoints (administrators).
    async fn webhook_endpoints(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<WebhookEndpoint>> {
        let rows = service::list(&state(ctx)?.db, &actor(ctx)?).await.gql()?;
        Ok(rows.into_iter().map(WebhookEndpoint::from).collect())
    }

    /// An endpoint's deliveries, newest first (administrators).
    #[graphql(
        complexity = "crate::graphql::list_complexity(first, 50, crate::graphql::MAX_PAGE_SIZE, child_complexity)"
    )]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        endpoint_id: ID,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<WebhookDelivery>> {
        let id = parse_id(&endpoint_id, "endpointId")?;
        let first = crate::graphql::page_size(first, 50, crate::graphql::MAX_PAGE_SIZE)?;
        let list = service::deliveries(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            u64::try_from(first).unwrap_or(0),
        )
        .await
        .gql()?;
        Ok(list.into_iter().map(WebhookDelivery::from).collect())
    }
}

#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Registers an endpoint (administrators). The signing secret is in this answer only.
    async fn create_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        url: String,
        events: Vec<WebhookEvent>,
    ) -> async_graphql::Result<CreatedWebhookEndpoint> {
        let state = state(ctx)?;
        let (endpoint, secret) = service::create(
            &state.db,
            &state.keyring,
            state.config.private_webhooks_allowed(),
            &actor(ctx)?,
            &url,
            &events,
        )
        .await
        .gql()?;
        Ok(CreatedWebhookEndpoint {
            endpoint: EndpointRow {
                endpoint,
                pending: 0,
                last_delivered_at: None,
            }
            .into(),
            secret,
        })
    }

    /// Removes an endpoint and its queue (administrators).
    async fn delete_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        let id = parse_id(&id, "id")?;
        service::delete(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(true)
    }
}
