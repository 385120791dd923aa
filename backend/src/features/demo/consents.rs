//! Consent histories for generated contacts, as a Nordic service business accumulates them:
//! most people were asked about most purposes (at checkout in the webshop, on My page, on the
//! phone, on a paper form or by staff on the customer card, or imported from an earlier
//! system); some changed their mind later; a few grants carry a valid-until date, some of which
//! have passed. Deterministic from the seed.
//!
//! The events are the evidence and `current_consents` is their projection, written here the way
//! [`crate::features::consents::service`] keeps it: per (contact, purpose) the event with the
//! highest id. Event ids are assigned here (in time order per pair), so both tables go in with
//! multi-row inserts.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::entities::{consent_event, contact, current_consent};
use crate::features::consents::{ConsentDecision, ConsentSource, LegalBasis};

/// Chance that a contact was ever asked about a given purpose (≈3 current consents per contact
/// with the five default purposes).
const ASKED: f64 = 0.62;
/// Chance that an asked pair also has an earlier, superseded event.
const CHANGED_MIND: f64 = 0.15;
/// Chance that a grant is limited in time.
const LIMITED: f64 = 0.05;

const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
];

/// An active purpose, as the generator needs it.
#[derive(Clone, Copy)]
pub struct Purpose {
    pub id: Uuid,
    pub requires_opt_in: bool,
}

/// The consent rows of one batch, ready to insert.
#[derive(Default)]
pub struct Histories {
    pub events: Vec<consent_event::Model>,
    pub current: Vec<current_consent::Model>,
}

fn source(rng: &mut ChaCha8Rng) -> ConsentSource {
    match rng.gen_range(0..100) {
        0..=39 => ConsentSource::Webshop,
        40..=51 => ConsentSource::MyPage,
        52..=71 => ConsentSource::CustomerCard,
        72..=79 => ConsentSource::PaperForm,
        80..=84 => ConsentSource::Phone,
        _ => ConsentSource::Import,
    }
}

fn decision(rng: &mut ChaCha8Rng, opt_in: bool) -> ConsentDecision {
    // Opt-out purposes (legitimate interest) are mostly left standing; opt-in ones are granted
    // by most and refused by some.
    let (granted, withdrawn) = if opt_in { (72, 13) } else { (86, 10) };
    match rng.gen_range(0..100) {
        r if r < granted => ConsentDecision::Granted,
        r if r < granted + withdrawn => ConsentDecision::Withdrawn,
        _ => ConsentDecision::Denied,
    }
}

struct Draft {
    decision: ConsentDecision,
    at: DateTime<Utc>,
}

/// Generates the histories of `contacts`, numbering events from `next_id` on.
pub fn generate(
    rng: &mut ChaCha8Rng,
    contacts: &[contact::Model],
    purposes: &[Purpose],
    declaration_version: i32,
    next_id: &mut i64,
    now: DateTime<Utc>,
) -> Histories {
    let mut out = Histories::default();
    for contact in contacts {
        for purpose in purposes {
            if !rng.gen_bool(ASKED) {
                continue;
            }
            let latest = Draft {
                decision: decision(rng, purpose.requires_opt_in),
                at: now - Duration::minutes(rng.gen_range(10..2 * 365 * 24 * 60)),
            };
            let mut drafts = Vec::with_capacity(2);
            if rng.gen_bool(CHANGED_MIND) {
                // Whoever withdrew had usually granted before; others changed the other way.
                let earlier = match latest.decision {
                    ConsentDecision::Granted => ConsentDecision::Denied,
                    _ => ConsentDecision::Granted,
                };
                drafts.push(Draft {
                    decision: earlier,
                    at: latest.at - Duration::days(rng.gen_range(14..700)),
                });
            }
            drafts.push(latest);
            let basis = if purpose.requires_opt_in {
                LegalBasis::Consent
            } else {
                LegalBasis::LegitimateInterest
            };
            let mut last = None;
            for draft in drafts {
                let source = source(rng);
                let valid_until = (draft.decision == ConsentDecision::Granted
                    && rng.gen_bool(LIMITED))
                .then(|| {
                    // Half of the limited grants have run out by now.
                    now + Duration::days(rng.gen_range(-365..365))
                });
                let (actor_kind, actor_id) = match source {
                    ConsentSource::Webshop => ("api_key", None),
                    ConsentSource::MyPage => ("portal", Some(contact.id.to_string())),
                    _ => ("system", None),
                };
                let evidence = match source {
                    ConsentSource::PaperForm => Some(format!(
                        "Underskriven blankett, arkivnummer {}",
                        rng.gen_range(10_000..99_999)
                    )),
                    ConsentSource::Phone => {
                        Some("Muntligt samtycke i telefon, noterat av kundtjänst".to_owned())
                    }
                    ConsentSource::Import => {
                        Some("Importerat från tidigare kundregister".to_owned())
                    }
                    _ => None,
                };
                let self_service = matches!(source, ConsentSource::Webshop | ConsentSource::MyPage);
                let user_agent = self_service
                    .then(|| USER_AGENTS[rng.gen_range(0..USER_AGENTS.len())].to_owned());
                let ip = (source == ConsentSource::MyPage)
                    .then(|| format!("198.51.100.{}", rng.gen_range(1..255)));
                let event = consent_event::Model {
                    id: *next_id,
                    contact_id: contact.id,
                    customer_id: contact.customer_id,
                    purpose_id: purpose.id,
                    decision: draft.decision.as_str().to_owned(),
                    legal_basis: basis.as_str().to_owned(),
                    source: source.as_str().to_owned(),
                    actor_kind: actor_kind.to_owned(),
                    actor_id,
                    declaration_version,
                    evidence,
                    valid_until,
                    user_agent,
                    ip,
                    occurred_at: draft.at,
                };
                *next_id += 1;
                last = Some(out.events.len());
                out.events.push(event);
            }
            if let Some(e) = last.and_then(|i| out.events.get(i)) {
                out.current.push(current_consent::Model {
                    contact_id: e.contact_id,
                    purpose_id: e.purpose_id,
                    customer_id: e.customer_id,
                    event_id: e.id,
                    decision: e.decision.clone(),
                    source: e.source.clone(),
                    declaration_version: e.declaration_version,
                    valid_until: e.valid_until,
                    changed_at: e.occurred_at,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn contacts(n: usize) -> Vec<contact::Model> {
        let now = Utc::now();
        (0..n)
            .map(|_| contact::Model {
                id: Uuid::now_v7(),
                customer_id: Uuid::now_v7(),
                name: "Anna Berg".to_owned(),
                title: None,
                email: None,
                phone: None,
                recipient_of: serde_json::json!([]),
                external_id: None,
                archived: false,
                version: 1,
                created_at: now,
                updated_at: now,
            })
            .collect()
    }

    #[test]
    fn the_projection_holds_the_latest_event_of_every_asked_pair() {
        let purposes: Vec<Purpose> = (0..5)
            .map(|i| Purpose {
                id: Uuid::now_v7(),
                requires_opt_in: i < 3,
            })
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut next = 100;
        let now = Utc::now();
        let h = generate(&mut rng, &contacts(2_000), &purposes, 1, &mut next, now);
        assert_eq!(next, 100 + h.events.len() as i64);
        // Roughly 5 × 0.62 current consents per contact, and some earlier events besides.
        let per_contact = h.current.len() as f64 / 2_000.0;
        assert!((2.8..3.4).contains(&per_contact), "{per_contact}");
        assert!(h.events.len() > h.current.len() + h.current.len() / 10);
        for c in &h.current {
            let latest = h
                .events
                .iter()
                .filter(|e| e.contact_id == c.contact_id && e.purpose_id == c.purpose_id)
                .max_by_key(|e| e.id)
                .map(|e| (e.id, e.occurred_at));
            assert_eq!(latest, Some((c.event_id, c.changed_at)));
        }
        // Every pair's events are in time order, so the highest id is also the latest change.
        for pair in h.events.windows(2) {
            if pair[0].contact_id == pair[1].contact_id && pair[0].purpose_id == pair[1].purpose_id
            {
                assert!(pair[0].occurred_at < pair[1].occurred_at);
            }
        }
        let expired = h
            .current
            .iter()
            .filter(|c| c.valid_until.is_some_and(|u| u <= now))
            .count();
        assert!(expired > 0, "some limited grants have run out");
    }
}
