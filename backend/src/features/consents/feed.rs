//! The live feed of committed consent changes that the `consentChanged` subscription reads.
//!
//! Whoever commits consent events publishes them here afterwards ([`ConsentFeed::publish`]), so a
//! subscriber never hears of a change that was rolled back. The feed is in-process: in a
//! scaled-out deployment a subscriber hears the changes committed through its own server, while
//! webhooks (a durable outbox in the database) reach every change wherever it was made.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::entities::consent_event;

/// How many changes a slow subscriber may fall behind before it is told it missed some.
pub const CAPACITY: usize = 4_096;

/// One committed consent change: ids and the decision, never evidence texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange {
    pub event_id: i64,
    pub customer_id: Uuid,
    pub contact_id: Uuid,
    pub purpose_id: Uuid,
    pub decision: String,
    pub source: String,
    pub declaration_version: i32,
    pub occurred_at: DateTime<Utc>,
}

impl From<&consent_event::Model> for ConsentChange {
    fn from(e: &consent_event::Model) -> Self {
        ConsentChange {
            event_id: e.id,
            customer_id: e.customer_id,
            contact_id: e.contact_id,
            purpose_id: e.purpose_id,
            decision: e.decision.clone(),
            source: e.source.clone(),
            declaration_version: e.declaration_version,
            occurred_at: e.occurred_at,
        }
    }
}

#[derive(Clone)]
pub struct ConsentFeed {
    sender: broadcast::Sender<Arc<ConsentChange>>,
}

impl Default for ConsentFeed {
    fn default() -> Self {
        ConsentFeed::new(CAPACITY)
    }
}

impl ConsentFeed {
    pub fn new(capacity: usize) -> ConsentFeed {
        let (sender, _) = broadcast::channel(capacity.max(1));
        ConsentFeed { sender }
    }

    /// Announces events that have been committed, in the order given.
    pub fn publish(&self, events: &[consent_event::Model]) {
        for event in events {
            // No receivers is the normal case, not an error.
            let _ = self.sender.send(Arc::new(ConsentChange::from(event)));
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<ConsentChange>> {
        self.sender.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64) -> consent_event::Model {
        consent_event::Model {
            id,
            contact_id: Uuid::now_v7(),
            customer_id: Uuid::now_v7(),
            purpose_id: Uuid::now_v7(),
            decision: "granted".into(),
            legal_basis: "consent".into(),
            source: "my_page".into(),
            actor_kind: "portal".into(),
            actor_id: None,
            declaration_version: 1,
            evidence: Some("signed form 12".into()),
            valid_until: None,
            user_agent: None,
            ip: Some("192.0.2.1".into()),
            occurred_at: Utc::now(),
        }
    }

    #[tokio::test]
    async fn subscribers_get_published_changes_in_order() {
        let feed = ConsentFeed::new(8);
        let mut rx = feed.subscribe();
        feed.publish(&[event(1), event(2)]);
        assert_eq!(rx.recv().await.map(|c| c.event_id).ok(), Some(1));
        assert_eq!(rx.recv().await.map(|c| c.event_id).ok(), Some(2));
    }

    #[tokio::test]
    async fn a_slow_subscriber_learns_how_many_it_missed() {
        let feed = ConsentFeed::new(2);
        let mut rx = feed.subscribe();
        feed.publish(&[event(1), event(2), event(3)]);
        assert!(matches!(
            rx.recv().await,
            Err(broadcast::error::RecvError::Lagged(1))
        ));
        assert_eq!(rx.recv().await.map(|c| c.event_id).ok(), Some(2));
    }
}
