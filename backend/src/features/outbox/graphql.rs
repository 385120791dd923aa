//! GraphQL of the outbox (administrators).

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::MessageStatus;
use crate::entities::outgoing_message;
use crate::error::GqlResultExt;
use crate::graphql::{actor, state};

/// An outgoing e-mail.
#[derive(SimpleObject)]
pub struct OutgoingMessage {
    id: ID,
    kind: String,
    to_address: String,
    subject: String,
    body: String,
    status: MessageStatus,
    attempts: i32,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl From<outgoing_message::Model> for OutgoingMessage {
    fn from(m: outgoing_message::Model) -> Self {
        OutgoingMessage {
            id: ID(m.id.to_string()),
            status: MessageStatus::from_db(&m.status).unwrap_or(MessageStatus::Stored),
            kind: m.kind,
            to_address: m.to_address,
            subject: m.subject,
            body: m.body,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

#[derive(Default)]
pub struct OutboxQuery;

#[Object]
impl OutboxQuery {
    /// Outgoing e-mail, newest first (administrators; the read is logged). `before`: a
    /// `createdAt` to continue from.
    #[graphql(
        complexity = "crate::graphql::list_complexity(first, 50, crate::graphql::MAX_PAGE_SIZE, child_complexity)"
    )]
    async fn outgoing_messages(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        before: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<Vec<OutgoingMessage>> {
        let first = crate::graphql::page_size(first, 50, crate::graphql::MAX_PAGE_SIZE)?;
        let list = super::list(
            &state(ctx)?.db,
            &actor(ctx)?,
            u64::try_from(first).unwrap_or(0),
            before,
        )
        .await
        .gql()?;
        Ok(list.into_iter().map(OutgoingMessage::from).collect())
    }
}
