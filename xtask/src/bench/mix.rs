//! W2, `--workload webshop-mix`: the webshop's traffic as it is — 90 % consent lookups by
//! e-mail, 10 % consent updates (`recordWebshopConsent` with a `consent:write` key: two purposes,
//! a fresh idempotency key each, so every update records events) — next to lookups alone on the
//! same server, so the table shows what the writes cost the reads. Closed loop at
//! `--connections`, then an open loop at 70 % of the mix's ceiling (or `--rate`), median of
//! `--runs`, every answer checked (a GraphQL error is a failure).

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::webshop::{Settings, prepare};
use super::{Client, Dataset, TOTP_FILE, data, grouped, load};

const CREATE_KEY: &str = "mutation { createApiKey(input: { name: \"bench webshop mix\", scopes: [CONSENT_WRITE] }) { secret } }";
const TERMS: &str = "{ webshopConsentTerms { declarationVersion } }";
const LOOKUP: &str = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status } } }";
const RECORD: &str =
    "mutation($i: WebshopConsentInput!) { recordWebshopConsent(input: $i) { replayed eventIds } }";
/// Contacts the updates go to.
const CONTACTS: usize = 500;

/// Lookups, and every tenth request an update.
struct Mix {
    emails: Vec<String>,
    contacts: Vec<String>,
    declaration: i64,
    authorization: String,
    /// 1 in `every` requests is an update (0: none).
    every: u64,
    /// Makes idempotency keys unique across invocations.
    nonce: u128,
    /// Makes them unique within one: request numbers start again at 0 in every phase and
    /// warm-up, and a repeated key is (rightly) answered as a replay.
    sent: AtomicU64,
}

impl Mix {
    fn is_update(&self, i: u64) -> bool {
        self.every > 0 && i % self.every == self.every - 1
    }
}

impl load::Workload for Mix {
    fn body(&self, i: u64) -> String {
        if self.is_update(i) {
            let contact = &self.contacts[(i as usize / 10).wrapping_mul(7) % self.contacts.len()];
            let (a, b) = if i % 20 < 10 {
                ("GRANTED", "WITHDRAWN")
            } else {
                ("WITHDRAWN", "GRANTED")
            };
            json!({ "query": RECORD, "variables": { "i": {
                "contactId": contact,
                "changes": [
                    { "purpose": "marketing_email", "decision": a },
                    { "purpose": "sms", "decision": b },
                ],
                "declarationVersion": self.declaration,
                "userAgent": "Mozilla/5.0 (bench checkout)",
                "idempotencyKey": format!(
                    "bench-{}-{}",
                    self.nonce,
                    self.sent.fetch_add(1, Ordering::Relaxed)
                ),
            } } })
            .to_string()
        } else {
            let email = &self.emails[(i as usize).wrapping_mul(7) % self.emails.len()];
            json!({ "query": LOOKUP, "variables": { "e": email } }).to_string()
        }
    }

    fn check(&self, status: u16, body: &str) -> bool {
        status == 200
            && data(body).is_ok_and(|d| {
                d["webshopContacts"].is_array()
                    || (d["recordWebshopConsent"]["replayed"] == false
                        && d["recordWebshopConsent"]["eventIds"].is_array())
            })
    }

    fn headers(&self) -> Vec<(String, String)> {
        vec![("authorization".to_owned(), self.authorization.clone())]
    }
}

/// A `consent:write` key, the declaration version in force, and contact ids to update (found
/// through the key itself).
fn prepare_updates(base_url: &str, dataset: &Dataset, emails: &[String]) -> Result<Mix> {
    let staff = Client::login(base_url, &dataset.dir.join(TOTP_FILE))?;
    let key = data(&staff.send(CREATE_KEY, &json!({}))?.into_string()?)?["createApiKey"]["secret"]
        .as_str()
        .context("createApiKey gave no secret")?
        .to_owned();
    let authorization = format!("Bearer {key}");
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let ask = |query: &str, variables: Value| -> Result<Value> {
        let body = agent
            .post(&format!("{base_url}/graphql"))
            .set("authorization", &authorization)
            .send_json(json!({ "query": query, "variables": variables }))?
            .into_string()?;
        data(&body)
    };
    let declaration = ask(TERMS, json!({}))?["webshopConsentTerms"]["declarationVersion"]
        .as_i64()
        .context("no declaration version")?;
    let mut contacts = Vec::new();
    for email in emails {
        if contacts.len() >= CONTACTS {
            break;
        }
        let found = ask(LOOKUP, json!({ "e": email }))?;
        contacts.extend(
            found["webshopContacts"]
                .as_array()
                .context("no contacts")?
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_owned)),
        );
    }
    if contacts.is_empty() {
        bail!("no contacts to update");
    }
    Ok(Mix {
        emails: emails.to_vec(),
        contacts,
        declaration,
        authorization,
        every: 10,
        nonce: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
        sent: AtomicU64::new(0),
    })
}

pub(super) fn measure(tillit: &Path, dataset: &Dataset, settings: Settings) -> Result<String> {
    let mut server = dataset.serve(tillit)?;
    let measured = (|| {
        let (emails, _) = prepare(&server.base_url, dataset)?;
        let mix = prepare_updates(&server.base_url, dataset, &emails)?;
        let lookups = Mix {
            every: 0,
            emails: mix.emails.clone(),
            contacts: mix.contacts.clone(),
            authorization: mix.authorization.clone(),
            declaration: mix.declaration,
            nonce: mix.nonce,
            sent: AtomicU64::new(0),
        };
        let workloads: [(&str, Arc<dyn load::Workload>); 2] = [
            ("lookups only", Arc::new(lookups)),
            ("90 % lookups, 10 % updates", Arc::new(mix)),
        ];
        let spec = |rate: Option<f64>| load::Spec {
            connections: settings.connections,
            rate,
            seconds: settings.seconds as f64,
            warmup: 2.0,
        };
        let median = |workload: &Arc<dyn load::Workload>, rate: Option<f64>| {
            load::median_of(settings.runs, || {
                load::measure(
                    server.pid(),
                    &server.base_url,
                    "/graphql",
                    workload,
                    spec(rate),
                )
            })
        };
        let mut rows = Vec::new();
        let mut ceiling = None;
        for (label, workload) in workloads.iter().rev() {
            let closed = median(workload, None)?;
            ceiling.get_or_insert(closed.outcome.rate());
            let rate = settings
                .rate
                .unwrap_or_else(|| (ceiling.unwrap_or(1.0) * 0.7).round().max(1.0));
            let open = median(workload, Some(rate))?;
            rows.push((*label, closed, open));
        }
        rows.reverse();
        Ok(rows)
    })();
    let rows = server.stop_with(measured)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### W2 webshop mix — {}, {} customers (median of {} runs, {} s each)\n",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
        settings.runs,
        settings.seconds,
    );
    let _ = writeln!(out, "{}", load::header());
    for (label, closed, open) in &rows {
        let _ = writeln!(out, "{}", load::row(label, closed));
        let _ = writeln!(out, "{}", load::row(label, open));
    }
    let _ = writeln!(
        out,
        "\nUpdates: `recordWebshopConsent` for one of {CONTACTS} contacts (two purposes, a new \
         idempotency key each: every update records two events, their projection rows and an \
         audit row in one transaction). The open loop offers both workloads 70 % of the mix's \
         closed-loop rate."
    );
    Ok(out)
}
