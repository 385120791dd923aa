//! Delivers `pending` outbox messages over SMTP (lettre), oldest first, a few at a time; a failed
//! attempt is retried after 1, 2, 4, … minutes, and the message is `failed` after
//! [`super::MAX_ATTEMPTS`]. Runs inside `serve` only when an SMTP URL is configured.

use std::time::Duration;

use chrono::Utc;
use lettre::message::{Mailbox, SinglePart, header};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{MAX_ATTEMPTS, MessageStatus};
use crate::entities::outgoing_message;

const BATCH: u64 = 20;

pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Sender {
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Sender> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| anyhow::anyhow!("the SMTP URL is not valid: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("the sender address {from:?} is not valid: {e}"))?;
        Ok(Sender { transport, from })
    }

    async fn deliver(&self, message: &outgoing_message::Model) -> anyhow::Result<()> {
        let email = Message::builder()
            .from(self.from.clone())
            .to(message.to_address.parse()?)
            .subject(message.subject.clone())
            .singlepart(
                SinglePart::builder()
                    .header(header::ContentType::TEXT_PLAIN)
                    .header(header::ContentTransferEncoding::QuotedPrintable)
                    .body(message.body.clone()),
            )?;
        self.transport.send(email).await?;
        Ok(())
    }

    /// Sends what is due; returns how many were sent.
    pub async fn run_once(&self, db: &DatabaseConnection) -> anyhow::Result<usize> {
        let due = outgoing_message::Entity::find()
            .filter(outgoing_message::Column::Status.eq(MessageStatus::Pending.as_str()))
            .filter(outgoing_message::Column::NextAttemptAt.lte(Utc::now()))
            .order_by_asc(outgoing_message::Column::CreatedAt)
            .limit(BATCH)
            .all(db)
            .await?;
        let mut sent = 0;
        for message in due {
            let attempts = message.attempts + 1;
            let update = outgoing_message::Entity::update_many()
                .filter(outgoing_message::Column::Id.eq(message.id))
                .col_expr(outgoing_message::Column::Attempts, Expr::value(attempts));
            match self.deliver(&message).await {
                Ok(()) => {
                    sent += 1;
                    update
                        .col_expr(
                            outgoing_message::Column::Status,
                            Expr::value(MessageStatus::Sent.as_str()),
                        )
                        .col_expr(outgoing_message::Column::SentAt, Expr::value(Utc::now()))
                        .col_expr(
                            outgoing_message::Column::LastError,
                            Expr::value(Option::<String>::None),
                        )
                        .exec(db)
                        .await?;
                }
                Err(e) => {
                    // The error text is the SMTP server's; addresses are in the row already.
                    let error = format!("{e:#}");
                    tracing::warn!(message = %message.id, attempts, error = %error, "e-mail not delivered");
                    let backoff = chrono::Duration::minutes(1 << (attempts - 1).clamp(0, 10));
                    let status = if attempts >= MAX_ATTEMPTS {
                        MessageStatus::Failed
                    } else {
                        MessageStatus::Pending
                    };
                    update
                        .col_expr(
                            outgoing_message::Column::Status,
                            Expr::value(status.as_str()),
                        )
                        .col_expr(outgoing_message::Column::LastError, Expr::value(error))
                        .col_expr(
                            outgoing_message::Column::NextAttemptAt,
                            Expr::value(Utc::now() + backoff),
                        )
                        .exec(db)
                        .await?;
                }
            }
        }
        Ok(sent)
    }
}

/// The sender loop of `serve`: sends every 3 seconds on the one replica holding the `outbox`
/// lease (so no message goes out twice), until the server shuts down (a batch in progress
/// finishes).
pub fn spawn(state: &crate::AppState, sender: Sender) {
    let sender = std::sync::Arc::new(sender);
    crate::features::jobs::every_on_one_replica(
        state,
        "outbox",
        Duration::from_secs(3),
        move |state| {
            let sender = sender.clone();
            async move {
                sender.run_once(&state.db).await?;
                Ok(())
            }
        },
    );
}
