//! Consent as evidence: purposes (the "Communication consent" columns), immutable declaration
//! versions, append-only consent events, and the current consent per (contact, purpose).
//!
//! Invariants:
//! - an event is never updated or deleted by any API (anonymization will scrub evidence texts
//!   only); a change is always a new event with its source, actor, evidence and the declaration
//!   version in force;
//! - `current_consents` holds, per (contact, purpose), the latest event (highest id) and is written
//!   in the same transaction as the event; [`service::rebuild_projection`] recomputes it from the
//!   events and a test compares the two;
//! - the status shown is derived when read: a grant under an older declaration is `OUTDATED`, one
//!   past its valid-until date `EXPIRED`;
//! - consent data is reached only through customers the actor may see; reads and changes are
//!   in the audit log.

pub mod declaration;
pub mod feed;
pub mod graphql;
pub mod loader;
pub mod purposes;
pub mod report_graphql;
pub mod reports;
pub mod service;
pub mod subscription;

use chrono::{DateTime, Utc};

use crate::entities::current_consent;

use crate::db::db_enum;

db_enum!(
    /// How a purpose reaches the person.
    ConsentChannel {
        Email => "email",
        Sms => "sms",
        Phone => "phone",
        Post => "post",
        Other => "other",
    }
);

db_enum!(
    /// What the customer declared.
    ConsentDecision {
        Granted => "granted",
        Withdrawn => "withdrawn",
        Denied => "denied",
    }
);

db_enum!(
    /// Where a consent change came from.
    ConsentSource {
        CustomerCard => "customer_card",
        PaperForm => "paper_form",
        Phone => "phone",
        MyPage => "my_page",
        Webshop => "webshop",
        Import => "import",
    }
);

db_enum!(
    /// Consent for opt-in purposes; legitimate interest (until the person objects) for opt-out
    /// ones such as post and phone marketing.
    LegalBasis {
        Consent => "consent",
        LegitimateInterest => "legitimate_interest",
    }
);

impl ConsentSource {
    /// Sources staff may record on someone's behalf (My page and the webshop record themselves).
    pub fn staff_may_record(self) -> bool {
        !matches!(self, ConsentSource::MyPage | ConsentSource::Webshop)
    }
}

/// The state of one purpose for one contact, as the Contacts tab shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum ConsentStatus {
    Granted,
    Withdrawn,
    Denied,
    /// No event yet.
    NotAsked,
    /// Granted under an older consent declaration than the current one.
    Outdated,
    /// Granted with a valid-until date that has passed.
    Expired,
}

impl ConsentStatus {
    /// The name as the GraphQL enum spells it (`GRANTED`, `NOT_ASKED`, …), for exports.
    pub fn graphql_name(self) -> &'static str {
        match self {
            ConsentStatus::Granted => "GRANTED",
            ConsentStatus::Withdrawn => "WITHDRAWN",
            ConsentStatus::Denied => "DENIED",
            ConsentStatus::NotAsked => "NOT_ASKED",
            ConsentStatus::Outdated => "OUTDATED",
            ConsentStatus::Expired => "EXPIRED",
        }
    }

    pub fn of(
        current: Option<&current_consent::Model>,
        current_declaration: i32,
        now: DateTime<Utc>,
    ) -> ConsentStatus {
        let Some(c) = current else {
            return ConsentStatus::NotAsked;
        };
        match ConsentDecision::from_db(&c.decision) {
            Some(ConsentDecision::Granted) => {
                if c.valid_until.is_some_and(|until| until <= now) {
                    ConsentStatus::Expired
                } else if c.declaration_version < current_declaration {
                    ConsentStatus::Outdated
                } else {
                    ConsentStatus::Granted
                }
            }
            Some(ConsentDecision::Withdrawn) => ConsentStatus::Withdrawn,
            // An unknown stored decision is treated as the most restrictive.
            Some(ConsentDecision::Denied) | None => ConsentStatus::Denied,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn current(
        decision: &str,
        version: i32,
        until: Option<DateTime<Utc>>,
    ) -> current_consent::Model {
        current_consent::Model {
            contact_id: Uuid::nil(),
            purpose_id: Uuid::nil(),
            customer_id: Uuid::nil(),
            event_id: 1,
            decision: decision.into(),
            source: "paper_form".into(),
            declaration_version: version,
            valid_until: until,
            changed_at: Utc::now(),
        }
    }

    #[test]
    fn status_is_derived_from_the_latest_event_the_declaration_and_the_clock() {
        let now = Utc::now();
        let day = chrono::Duration::days(1);
        assert_eq!(ConsentStatus::of(None, 1, now), ConsentStatus::NotAsked);
        assert_eq!(
            ConsentStatus::of(Some(&current("granted", 2, None)), 2, now),
            ConsentStatus::Granted
        );
        assert_eq!(
            ConsentStatus::of(Some(&current("granted", 1, None)), 2, now),
            ConsentStatus::Outdated
        );
        assert_eq!(
            ConsentStatus::of(Some(&current("granted", 2, Some(now - day))), 2, now),
            ConsentStatus::Expired
        );
        assert_eq!(
            ConsentStatus::of(Some(&current("granted", 2, Some(now + day))), 2, now),
            ConsentStatus::Granted
        );
        assert_eq!(
            ConsentStatus::of(Some(&current("withdrawn", 1, None)), 2, now),
            ConsentStatus::Withdrawn
        );
        assert_eq!(
            ConsentStatus::of(Some(&current("bogus", 2, None)), 2, now),
            ConsentStatus::Denied
        );
    }

    #[test]
    fn stored_names_round_trip() {
        for s in [
            ConsentSource::CustomerCard,
            ConsentSource::PaperForm,
            ConsentSource::Phone,
            ConsentSource::MyPage,
            ConsentSource::Webshop,
            ConsentSource::Import,
        ] {
            assert_eq!(ConsentSource::from_db(s.as_str()), Some(s));
        }
        assert_eq!(ConsentChannel::from_db("fax"), None);
        assert!(!ConsentSource::Webshop.staff_may_record());
        assert!(ConsentSource::PaperForm.staff_may_record());
    }
}
