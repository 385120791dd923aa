//! Delivers queued webhooks: per endpoint, the oldest pending delivery first, and nothing later
//! until it is delivered (order is kept). A failure waits 5 s, 10 s, 20 s, … up to 5 minutes
//! before the next attempt; deliveries are never dropped (an endpoint that stays down keeps its
//! queue until it answers or is removed).

use std::time::Duration;

use chrono::Utc;
use hmac::{Hmac, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use sha2::Sha256;

use super::DeliveryStatus;
use super::service::{check_target, secret_ref};
use crate::crypto::{KeyPurpose, Keyring, field};
use crate::entities::{webhook_delivery, webhook_endpoint};

/// Deliveries sent per endpoint in one round (the rest follow in the next).
const PER_ROUND: usize = 50;
const MAX_BACKOFF_SECS: i64 = 300;

pub struct Dispatcher {
    client: reqwest::Client,
    allow_private: bool,
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length.
        Err(_) => return String::new(),
    };
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

impl Dispatcher {
    pub fn new(allow_private: bool) -> anyhow::Result<Dispatcher> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Tillit-Webhooks/1")
            .build()?;
        Ok(Dispatcher {
            client,
            allow_private,
        })
    }

    async fn send(
        &self,
        url: &str,
        secret: &str,
        delivery: &webhook_delivery::Model,
    ) -> Result<u16, String> {
        check_target(url, self.allow_private)
            .await
            .map_err(|e| format!("refused: {}", e.into_anyhow()))?;
        let timestamp = Utc::now().timestamp();
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("tillit-event", delivery.event_type.as_str())
            .header("tillit-delivery", delivery.id.to_string())
            .header(
                "tillit-signature",
                signature(secret, timestamp, &delivery.payload),
            )
            .body(delivery.payload.clone())
            .send()
            .await
            .map_err(|e| format!("{e}"))?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            Ok(status)
        } else {
            Err(format!("HTTP {status}"))
        }
    }

    /// One round over every active endpoint; returns how many deliveries succeeded.
    pub async fn run_once(
        &self,
        db: &DatabaseConnection,
        keyring: &Keyring,
    ) -> anyhow::Result<usize> {
        let endpoints = webhook_endpoint::Entity::find()
            .filter(webhook_endpoint::Column::Active.eq(true))
            .all(db)
            .await?;
        let mut delivered = 0;
        for endpoint in endpoints {
            let id = endpoint.id.to_string();
            let secret = match field::decrypt(
                keyring,
                KeyPurpose::FieldEncryption,
                secret_ref(&id),
                &endpoint.secret_encrypted,
            ) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) => {
                    tracing::error!(endpoint = %id, error = %e, "a webhook secret does not decrypt; its deliveries wait");
                    continue;
                }
            };
            for _ in 0..PER_ROUND {
                let Some(head) = webhook_delivery::Entity::find()
                    .filter(webhook_delivery::Column::EndpointId.eq(endpoint.id))
                    .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
                    .order_by_asc(webhook_delivery::Column::Id)
                    .one(db)
                    .await?
                else {
                    break;
                };
                if head.next_attempt_at > Utc::now() {
                    break;
                }
                let attempts = head.attempts + 1;
                let update = webhook_delivery::Entity::update_many()
                    .filter(webhook_delivery::Column::Id.eq(head.id))
                    .col_expr(webhook_delivery::Column::Attempts, Expr::value(attempts));
                match self.send(&endpoint.url, &secret, &head).await {
                    Ok(status) => {
                        delivered += 1;
                        update
                            .col_expr(
                                webhook_delivery::Column::Status,
                                Expr::value(DeliveryStatus::Delivered.as_str()),
                            )
                            .col_expr(
                                webhook_delivery::Column::LastStatus,
                                Expr::value(i32::from(status)),
                            )
                            .col_expr(
                                webhook_delivery::Column::LastError,
                                Expr::value(Option::<String>::None),
                            )
                            .col_expr(
                                webhook_delivery::Column::DeliveredAt,
                                Expr::value(Utc::now()),
                            )
                            .exec(db)
                            .await?;
                    }
                    Err(error) => {
                        let backoff = (5_i64 << (attempts - 1).clamp(0, 10)).min(MAX_BACKOFF_SECS);
                        update
                            .col_expr(webhook_delivery::Column::LastError, Expr::value(error))
                            .col_expr(
                                webhook_delivery::Column::NextAttemptAt,
                                Expr::value(Utc::now() + chrono::Duration::seconds(backoff)),
                            )
                            .exec(db)
                            .await?;
                        break;
                    }
                }
            }
        }
        Ok(delivered)
    }
}

/// The dispatcher loop of `serve`: delivers every 2 seconds on the one replica holding the
/// `webhooks` lease, until the server shuts down (a round in progress finishes).
pub fn spawn(state: &crate::AppState, dispatcher: Dispatcher) {
    let dispatcher = std::sync::Arc::new(dispatcher);
    crate::features::jobs::every_on_one_replica(
        state,
        "webhooks",
        Duration::from_secs(2),
        move |state| {
            let dispatcher = dispatcher.clone();
            async move {
                dispatcher.run_once(&state.db, &state.keyring).await?;
                Ok(())
            }
        },
    );
}
