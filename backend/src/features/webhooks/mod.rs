//! Webhooks: administrators register URLs and the events they want; every consent change is
//! queued for each subscribed endpoint in the transaction that records it, and the dispatcher
//! ([`dispatch`]) delivers the queue per endpoint in order, signed, retrying with backoff.
//!
//! Invariants: a delivery row exists before anything is sent and is only ever marked delivered
//! after a 2xx answer, so a restart or a receiver that is down loses nothing; per endpoint, a
//! delivery is sent only after every earlier one was delivered (order is kept); each request
//! carries `tillit-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, the
//! secret shown once and stored field-encrypted; payloads hold ids, never names or addresses;
//! URLs that resolve to private, loopback or link-local addresses are refused (when registering
//! and again at every delivery) unless the configuration allows them; redirects are not followed.

pub mod dispatch;
pub mod graphql;
pub mod service;

use crate::db::db_enum;

db_enum!(
    /// What an endpoint can subscribe to.
    WebhookEvent {
        /// A contact's consent for a purpose changed (any source).
        ConsentChanged => "consent.changed",
    }
);

db_enum!(
    /// Where a delivery is.
    DeliveryStatus {
        Pending => "pending",
        Delivered => "delivered",
    }
);
