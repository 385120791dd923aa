//! The outbox of outgoing e-mail (My page invitations and login links).
//!
//! Invariants: a message is written to `outgoing_messages` in the transaction that causes it,
//! before anything is sent, so nothing is silently dropped; without SMTP it stays `stored` and
//! administrators read it (and the link in it) under Admin → Outbox; with SMTP the sender
//! ([`sender`]) delivers `pending` messages, retrying with backoff and giving up (`failed`) after
//! [`MAX_ATTEMPTS`]; reading the outbox is audited (it holds addresses and one-time links).

pub mod graphql;
pub mod sender;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::db::db_enum;
use crate::entities::outgoing_message;
use crate::error::AppResult;
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;

pub const MAX_ATTEMPTS: i32 = 8;

db_enum!(
    /// Where a message is.
    MessageStatus {
        /// Waiting for the sender.
        Pending => "pending",
        Sent => "sent",
        /// The sender gave up after repeated failures.
        Failed => "failed",
        /// No SMTP server is configured: kept here for administrators.
        Stored => "stored",
    }
);

pub struct NewMessage<'a> {
    pub kind: &'a str,
    pub to: &'a str,
    pub subject: String,
    pub body: String,
    pub contact_id: Option<Uuid>,
}

/// Writes a message to the outbox (inside the caller's transaction).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    smtp_configured: bool,
    message: NewMessage<'_>,
) -> AppResult<outgoing_message::Model> {
    let now = Utc::now();
    Ok(outgoing_message::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(message.kind.to_owned()),
        to_address: Set(message.to.to_owned()),
        subject: Set(message.subject),
        body: Set(message.body),
        contact_id: Set(message.contact_id),
        status: Set(if smtp_configured {
            MessageStatus::Pending
        } else {
            MessageStatus::Stored
        }
        .as_str()
        .to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(now),
        next_attempt_at: Set(now),
        sent_at: Set(None),
    }
    .insert(db)
    .await?)
}

/// The newest messages first (administrators; audited), `before` a creation time for paging.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    first: u64,
    before: Option<DateTime<Utc>>,
) -> AppResult<Vec<outgoing_message::Model>> {
    actor.require_admin()?;
    let mut query = outgoing_message::Entity::find()
        .order_by_desc(outgoing_message::Column::CreatedAt)
        .order_by_desc(outgoing_message::Column::Id)
        .limit(first);
    if let Some(before) = before {
        query = query.filter(outgoing_message::Column::CreatedAt.lt(before));
    }
    let messages = query.all(db).await?;
    audit::record(
        db,
        actor,
        "outbox.read",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "messageIds": messages.iter().map(|m| m.id.to_string()).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(messages)
}
