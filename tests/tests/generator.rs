//! The data generator behind `tillit seed`, `--demo` and `cargo xtask bench generate`: consent
//! histories whose projection is exactly the latest event per (contact, purpose), data that is
//! the same for the same seed, and generated people the webshop API finds with their consents.

mod common;

use std::collections::HashMap;

use common::*;
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::json;
use tillit::entities::{consent_event, consent_purpose, contact, current_consent, customer};

/// Everything the generator decided, without the ids and clock times it does not control.
async fn fingerprint(app: &TestApp) -> Vec<String> {
    let db = &app.state.db;
    let customers: HashMap<_, _> = customer::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let purposes: HashMap<_, _> = consent_purpose::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.key))
        .collect();
    let contacts: HashMap<_, _> = contact::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out: Vec<String> = customers
        .values()
        .map(|c| {
            format!(
                "customer {} {} {:?} {:?}",
                c.number, c.display_name, c.email, c.identity_number
            )
        })
        .collect();
    out.extend(contacts.values().map(|c| {
        format!(
            "contact {} {} {:?}",
            customers[&c.customer_id].number, c.name, c.email
        )
    }));
    out.extend(
        consent_event::Entity::find()
            .order_by_asc(consent_event::Column::Id)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| {
                format!(
                    "event {} {:?} {} {} {} {} {}",
                    customers[&e.customer_id].number,
                    contacts[&e.contact_id].email,
                    purposes[&e.purpose_id],
                    e.decision,
                    e.source,
                    e.legal_basis,
                    e.valid_until.is_some()
                )
            }),
    );
    out.sort();
    out
}

dual_test!(
    generated_consents_are_exactly_the_projection_of_their_events,
    |app| {
        let report = tillit::features::demo::seed(&app.state.db, 400, 5)
            .await
            .unwrap();
        assert_eq!(report.customers, 400);
        let events = app.scalar("SELECT COUNT(*) FROM consent_events").await;
        let current = app.scalar("SELECT COUNT(*) FROM current_consents").await;
        assert_eq!(events as u64, report.consent_events);
        assert_eq!(current as u64, report.current_consents);
        // About three current consents per contact (5 purposes, 62 % asked), some earlier
        // events besides.
        let contacts = app.scalar("SELECT COUNT(*) FROM contacts").await;
        assert_eq!(contacts as u64, report.contacts);
        let per_contact = current as f64 / contacts as f64;
        assert!((2.6..3.6).contains(&per_contact), "{per_contact}");
        assert!(
            events > current + current / 20,
            "{events} events, {current} current"
        );

        // The projection, recomputed from the events, is what the table holds.
        let mut stored = current_consent::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap();
        stored.sort_by_key(|r| (r.contact_id, r.purpose_id));
        let rebuilt = tillit::features::consents::service::rebuild_projection(&app.state.db)
            .await
            .unwrap();
        assert_eq!(stored.len(), rebuilt.len());
        assert!(
            stored == rebuilt,
            "current_consents differs from the events"
        );
        // And the latest event of a pair is also its latest change in time.
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM consent_events e JOIN consent_events later \
                 ON later.contact_id = e.contact_id AND later.purpose_id = e.purpose_id \
                 AND later.id > e.id WHERE later.occurred_at <= e.occurred_at"
            )
            .await,
            0
        );
    }
);

dual_test!(the_same_seed_generates_the_same_data, |app| {
    tillit::features::demo::seed(&app.state.db, 120, 9)
        .await
        .unwrap();
    let first = fingerprint(&app).await;
    assert!(first.iter().any(|l| l.starts_with("event ")));

    let Some(again) = TestApp::spawn(app.engine).await else {
        return;
    };
    tillit::features::demo::seed(&again.state.db, 120, 9)
        .await
        .unwrap();
    assert!(first == fingerprint(&again).await, "same seed, other data");
    again.state.close().await;

    let Some(other) = TestApp::spawn(app.engine).await else {
        return;
    };
    tillit::features::demo::seed(&other.state.db, 120, 10)
        .await
        .unwrap();
    assert!(
        first != fingerprint(&other).await,
        "another seed, same data"
    );
    other.state.close().await;
});

dual_test!(
    the_webshop_finds_generated_people_and_records_after_them,
    |app| {
        app.login_admin().await;
        tillit::features::demo::seed(&app.state.db, 60, 4)
            .await
            .unwrap();
        // A private customer who is their own contact person, with consents on record.
        let db = &app.state.db;
        let contacts = contact::Entity::find().all(db).await.unwrap();
        let customers: HashMap<_, _> = customer::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let current = current_consent::Entity::find().all(db).await.unwrap();
        let person = contacts
            .iter()
            .find(|c| {
                let owner = &customers[&c.customer_id];
                owner.kind == "private"
                    && c.email == owner.email
                    && current.iter().filter(|cc| cc.contact_id == c.id).count() >= 2
            })
            .expect("a private customer who is their own contact, with consents");
        let email = person.email.clone().unwrap();

        let (_, secret) = create_api_key(&app, "Webshop", &["CONSENT_WRITE"], &[]).await;
        let shop = key_client(&secret);
        let res = app
            .gql_with(
                &shop,
                "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status source } } }",
                json!({ "e": email }),
            )
            .await;
        let found = res["data"]["webshopContacts"]
            .as_array()
            .unwrap_or_else(|| panic!("{res}"));
        let me = found
            .iter()
            .find(|c| c["id"] == person.id.to_string())
            .unwrap_or_else(|| panic!("{res}"));
        let asked = me["consents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] != "NOT_ASKED")
            .count();
        let expected = current
            .iter()
            .filter(|cc| cc.contact_id == person.id)
            .count();
        assert_eq!(asked, expected, "{res}");

        // A new change after the generated ones is stored (the event ids continue after the
        // generated ones) and becomes the current consent.
        let before = app.scalar("SELECT MAX(id) FROM consent_events").await;
        let res = app
            .gql_with(
                &shop,
                "mutation($i: WebshopConsentInput!) { recordWebshopConsent(input: $i) { eventIds contact { consents { purpose status source } } } }",
                json!({ "i": {
                    "contactId": person.id.to_string(),
                    "changes": [{ "purpose": "marketing_email", "decision": "WITHDRAWN" }],
                    "declarationVersion": 1,
                    "idempotencyKey": "after-the-generator",
                } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        let ids = res["data"]["recordWebshopConsent"]["eventIds"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(ids.len(), 1);
        assert!(ids[0].as_str().unwrap().parse::<i64>().unwrap() > before);
        let email_consent = res["data"]["recordWebshopConsent"]["contact"]["consents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["purpose"] == "marketing_email")
            .cloned()
            .unwrap();
        assert_eq!(email_consent["status"], "WITHDRAWN");
        assert_eq!(email_consent["source"], "WEBSHOP");
    }
);

/// Every row of `E`, each as its `Debug` text.
async fn debug_rows<E: sea_orm::EntityTrait>(db: &sea_orm::DatabaseConnection) -> Vec<String>
where
    E::Model: std::fmt::Debug,
{
    E::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{r:?}"))
        .collect()
}

/// Every generated row of every table, ids replaced by what they identify (customer and order
/// numbers, contact names, purpose keys; other ids by `#`), one line per row, sorted.
async fn all_rows(app: &TestApp) -> Vec<String> {
    use tillit::entities::{invoice, invoice_line, order, order_line, task};
    let db = &app.state.db;
    let mut names: HashMap<String, String> = HashMap::new();
    for c in customer::Entity::find().all(db).await.unwrap() {
        names.insert(c.id.to_string(), format!("customer {}", c.number));
    }
    for c in contact::Entity::find().all(db).await.unwrap() {
        names.insert(
            c.id.to_string(),
            format!("contact {} {:?}", c.name, c.email),
        );
    }
    for p in consent_purpose::Entity::find().all(db).await.unwrap() {
        names.insert(p.id.to_string(), format!("purpose {}", p.key));
    }
    for o in order::Entity::find().all(db).await.unwrap() {
        names.insert(o.id.to_string(), format!("order {}", o.number));
    }
    for i in invoice::Entity::find().all(db).await.unwrap() {
        names.insert(i.id.to_string(), format!("invoice {}", i.number));
    }
    let mut rows: Vec<String> = Vec::new();
    rows.extend(debug_rows::<customer::Entity>(db).await);
    rows.extend(debug_rows::<contact::Entity>(db).await);
    rows.extend(debug_rows::<order::Entity>(db).await);
    rows.extend(debug_rows::<order_line::Entity>(db).await);
    rows.extend(debug_rows::<invoice::Entity>(db).await);
    rows.extend(debug_rows::<invoice_line::Entity>(db).await);
    rows.extend(debug_rows::<task::Entity>(db).await);
    rows.extend(debug_rows::<consent_event::Entity>(db).await);
    rows.extend(debug_rows::<current_consent::Entity>(db).await);
    let uuid = |s: &str| {
        s.len() == 36
            && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
            && s.matches('-').count() == 4
    };
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|row| {
            // Debug prints a Uuid bare: swap each 36-character UUID for its name.
            let mut named = String::with_capacity(row.len());
            let mut rest = row.as_str();
            while !rest.is_empty() {
                if rest.len() >= 36 && rest.is_char_boundary(36) && uuid(&rest[..36]) {
                    named.push_str(names.get(&rest[..36]).map_or("#", String::as_str));
                    rest = &rest[36..];
                } else {
                    let c = rest.chars().next().unwrap();
                    named.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
            // Serial line ids are the engines' own.
            named
                .split(", ")
                .filter(|field| {
                    !(field.starts_with("Model { id: ")
                        && field[12..].chars().all(|c| c.is_ascii_digit()))
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    out.sort();
    out
}

/// PostgreSQL takes the generated rows by COPY, SQLite by INSERT: both must store exactly the
/// same values in every column of every table (a column COPY encoded wrongly shows here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_store_the_same_generated_rows() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
    let Some(sqlite) = TestApp::spawn(Engine::Sqlite).await else {
        return;
    };
    let Some(postgres) = TestApp::spawn(Engine::Postgres).await else {
        println!("SKIPPED: no PostgreSQL (TILLIT_TEST_DATABASE_URL)");
        sqlite.state.close().await;
        return;
    };
    for app in [&sqlite, &postgres] {
        tillit::features::demo::seed_as_of(&app.state.db, 150, 11, as_of)
            .await
            .unwrap();
    }
    let (a, b) = (all_rows(&sqlite).await, all_rows(&postgres).await);
    assert!(a.len() > 1_000, "{} rows", a.len());
    let differing: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).take(3).collect();
    assert!(
        a.len() == b.len() && differing.is_empty(),
        "{} against {} rows; first differences: {differing:#?}",
        a.len(),
        b.len()
    );
    sqlite.state.close().await;
    postgres.state.close().await;
}
