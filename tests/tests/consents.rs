//! Consent as evidence: purposes, recording changes from the card, the projection and its rebuild,
//! declaration versions (outdated until re-granted), history, bad input, concurrent saves, rights.

mod common;

use common::*;
use serde_json::{Value, json};

const CONSENTS: &str = "consents { purpose { key } status decision declarationVersion source }";

struct Fixture {
    customer: String,
    anna: String,
    bo: String,
    purposes: Vec<Value>,
}

fn purpose_id(f: &Fixture, key: &str) -> String {
    f.purposes
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("no purpose {key}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn fixture(app: &TestApp) -> Fixture {
    let customer = create_customer(app, business("Samtycke AB")).await;
    let customer = customer["id"].as_str().unwrap().to_owned();
    let anna = create_contact(
        app,
        &customer,
        json!({ "name": "Anna Andersson", "email": "anna@samtycke.example" }),
    )
    .await;
    let bo = create_contact(app, &customer, json!({ "name": "Bo Berg" })).await;
    let res = app
        .gql(
            "{ consentPurposes { id key nameSv nameEn channel requiresOptIn active sortOrder } }",
            json!({}),
        )
        .await;
    Fixture {
        customer,
        anna: anna["id"].as_str().unwrap().to_owned(),
        bo: bo["id"].as_str().unwrap().to_owned(),
        purposes: res["data"]["consentPurposes"].as_array().unwrap().clone(),
    }
}

const RECORD: &str = "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id contactId purpose { key } decision legalBasis source actorKind actorName declarationVersion evidence occurredAt } contacts { id name consents { purpose { key } status } } } }";

async fn record(app: &TestApp, f: &Fixture, changes: Value, evidence: &str) -> Value {
    app.gql(
        RECORD,
        json!({ "c": f.customer, "i": { "changes": changes, "source": "PAPER_FORM", "evidence": evidence } }),
    )
    .await
}

fn change(contact: &str, purpose: &str, decision: &str) -> Value {
    json!({ "contactId": contact, "purposeId": purpose, "decision": decision })
}

async fn statuses(app: &TestApp, f: &Fixture) -> Vec<(String, String, String)> {
    let res = app
        .gql(
            &format!(
                "query($id: ID!) {{ customer(id: $id) {{ contacts {{ name {CONSENTS} }} }} }}"
            ),
            json!({ "id": f.customer }),
        )
        .await;
    let mut out = Vec::new();
    for c in res["data"]["customer"]["contacts"]
        .as_array()
        .unwrap_or_else(|| panic!("{res}"))
    {
        for s in c["consents"].as_array().unwrap() {
            out.push((
                c["name"].as_str().unwrap().to_owned(),
                s["purpose"]["key"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

fn status_of(all: &[(String, String, String)], name: &str, key: &str) -> String {
    all.iter()
        .find(|(n, k, _)| n == name && k == key)
        .unwrap_or_else(|| panic!("no {name}/{key} in {all:?}"))
        .2
        .clone()
}

async fn assert_projection_matches_events(app: &TestApp) {
    let rebuilt = tillit::features::consents::service::rebuild_projection(&app.state.db)
        .await
        .unwrap();
    use sea_orm::{EntityTrait, QueryOrder};
    let mut stored = tillit::entities::current_consent::Entity::find()
        .order_by_asc(tillit::entities::current_consent::Column::ContactId)
        .all(&app.state.db)
        .await
        .unwrap();
    stored.sort_by_key(|r| (r.contact_id, r.purpose_id));
    assert_eq!(
        stored, rebuilt,
        "the projection differs from a rebuild from the events"
    );
}

dual_test!(
    consents_are_recorded_with_their_evidence_and_shown_per_purpose,
    |app| {
        app.login_admin().await;
        let f = fixture(&app).await;
        // Sensible defaults on a new database, in order.
        let keys: Vec<&str> = f
            .purposes
            .iter()
            .map(|p| p["key"].as_str().unwrap())
            .collect();
        assert_eq!(
            keys,
            vec!["marketing_email", "sms", "newsletter", "phone", "post"]
        );
        assert_eq!(f.purposes[0]["requiresOptIn"], true);
        assert_eq!(f.purposes[4]["requiresOptIn"], false);

        let all = statuses(&app, &f).await;
        assert_eq!(all.len(), 10);
        assert!(all.iter().all(|(_, _, s)| s == "NOT_ASKED"), "{all:?}");

        let email = purpose_id(&f, "marketing_email");
        let post = purpose_id(&f, "post");
        let res = record(
            &app,
            &f,
            json!([
                change(&f.anna, &email, "GRANTED"),
                change(&f.bo, &email, "DENIED"),
                change(&f.anna, &post, "GRANTED")
            ]),
            "Paper form 2026-11-29, signed at the counter",
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        let events = res["data"]["recordConsents"]["events"].as_array().unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(events[0]["legalBasis"], "CONSENT");
        assert_eq!(events[2]["legalBasis"], "LEGITIMATE_INTEREST");
        assert_eq!(events[0]["source"], "PAPER_FORM");
        assert_eq!(events[0]["actorKind"], "user");
        assert_eq!(events[0]["actorName"], "Test User");
        assert_eq!(events[0]["declarationVersion"], 1);
        assert_eq!(
            events[0]["evidence"],
            "Paper form 2026-11-29, signed at the counter"
        );

        let all = statuses(&app, &f).await;
        assert_eq!(
            status_of(&all, "Anna Andersson", "marketing_email"),
            "GRANTED"
        );
        assert_eq!(status_of(&all, "Anna Andersson", "post"), "GRANTED");
        assert_eq!(status_of(&all, "Bo Berg", "marketing_email"), "DENIED");
        assert_eq!(status_of(&all, "Bo Berg", "sms"), "NOT_ASKED");

        // Withdrawing is one change like any other; the history keeps both, newest first.
        let res = record(
            &app,
            &f,
            json!([change(&f.anna, &email, "WITHDRAWN")]),
            "Phoned in",
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        let all = statuses(&app, &f).await;
        assert_eq!(
            status_of(&all, "Anna Andersson", "marketing_email"),
            "WITHDRAWN"
        );
        let history = app
        .gql(
            "query($id: ID!) { customer(id: $id) { contacts { name consentHistory { purpose { key } decision source actorName declarationVersion evidence } } } }",
            json!({ "id": f.customer }),
        )
        .await;
        let anna = history["data"]["customer"]["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "Anna Andersson")
            .unwrap()
            .clone();
        let decisions: Vec<(&str, &str)> = anna["consentHistory"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["purpose"]["key"].as_str().unwrap(),
                    e["decision"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            decisions,
            vec![
                ("marketing_email", "WITHDRAWN"),
                ("post", "GRANTED"),
                ("marketing_email", "GRANTED")
            ]
        );
        assert_projection_matches_events(&app).await;

        // Every change and every read is in the access log.
        let log = app
        .gql(
            "query($c: ID!) { auditEvents(filter: { customerId: $c, action: \"con\" }) { nodes { action } } }",
            json!({ "c": f.customer }),
        )
        .await;
        let actions: Vec<&str> = log["data"]["auditEvents"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["action"].as_str().unwrap())
            .collect();
        assert!(actions.contains(&"consent.record"), "{actions:?}");
        assert!(actions.contains(&"contact.consents.read"), "{actions:?}");
        assert!(
            actions.contains(&"contact.consent_history.read"),
            "{actions:?}"
        );
        assert!(actions.contains(&"contact.create"), "{actions:?}");
    }
);

dual_test!(
    a_new_declaration_makes_consents_outdated_until_granted_again,
    |app| {
        app.login_admin().await;
        let f = fixture(&app).await;
        let email = purpose_id(&f, "marketing_email");
        let sms = purpose_id(&f, "sms");
        record(
            &app,
            &f,
            json!([
                change(&f.anna, &email, "GRANTED"),
                change(&f.anna, &sms, "WITHDRAWN")
            ]),
            "Form A-17",
        )
        .await;

        let publish = "mutation($t: String!) { publishConsentDeclaration(text: $t) { version contentHash current createdByName } }";
        let res = app
            .gql(publish, json!({ "t": "Ny samtyckestext, version 2." }))
            .await;
        assert_eq!(
            res["data"]["publishConsentDeclaration"]["version"], 2,
            "{res}"
        );
        assert_eq!(res["data"]["publishConsentDeclaration"]["current"], true);
        assert_eq!(
            res["data"]["publishConsentDeclaration"]["createdByName"],
            "Test User"
        );
        assert_eq!(
            res["data"]["publishConsentDeclaration"]["contentHash"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
        // The same text again is not a new version; an empty one is refused.
        let res = app
            .gql(publish, json!({ "t": "Ny samtyckestext, version 2." }))
            .await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        let res = app.gql(publish, json!({ "t": "   " })).await;
        assert_eq!(error_field(&res), Some("text"), "{res}");
        let res = app.gql(publish, json!({ "t": "x".repeat(20_001) })).await;
        assert_eq!(error_field(&res), Some("text"), "{res}");

        let all = statuses(&app, &f).await;
        assert_eq!(
            status_of(&all, "Anna Andersson", "marketing_email"),
            "OUTDATED"
        );
        // A withdrawal stays a withdrawal whatever the declaration says.
        assert_eq!(status_of(&all, "Anna Andersson", "sms"), "WITHDRAWN");
        record(
            &app,
            &f,
            json!([change(&f.anna, &email, "GRANTED")]),
            "Form A-18 (new text)",
        )
        .await;
        let all = statuses(&app, &f).await;
        assert_eq!(
            status_of(&all, "Anna Andersson", "marketing_email"),
            "GRANTED"
        );

        let versions = app
            .gql(
                "{ consentDeclarations { version current } consentDeclaration { version } }",
                json!({}),
            )
            .await;
        assert_eq!(
            versions["data"]["consentDeclarations"],
            json!([{ "version": 2, "current": true }, { "version": 1, "current": false }])
        );
        assert_eq!(versions["data"]["consentDeclaration"]["version"], 2);
        assert_projection_matches_events(&app).await;
    }
);

dual_test!(
    bad_consent_input_is_named_and_nothing_is_half_saved,
    |app| {
        app.login_admin().await;
        let f = fixture(&app).await;
        let email = purpose_id(&f, "marketing_email");
        let other = create_customer(&app, business("Annan AB")).await;
        let stranger = create_contact(
            &app,
            other["id"].as_str().unwrap(),
            json!({ "name": "Stina Främling" }),
        )
        .await;
        let unknown = "00000000-0000-7000-8000-000000000000";

        // Deactivate a purpose.
        let sms = f
            .purposes
            .iter()
            .find(|p| p["key"] == "sms")
            .unwrap()
            .clone();
        let res = app
        .gql(
            "mutation($id: ID!, $i: ConsentPurposeInput!) { updateConsentPurpose(id: $id, expectedVersion: 1, input: $i) { active version } }",
            json!({ "id": sms["id"], "i": { "key": "sms", "nameSv": "SMS", "nameEn": "Text messages", "channel": "SMS", "requiresOptIn": true, "active": false, "sortOrder": 20 } }),
        )
        .await;
        assert_eq!(
            res["data"]["updateConsentPurpose"]["active"], false,
            "{res}"
        );

        for (changes, evidence, source, field) in [
            (json!([]), "ok", "PAPER_FORM", "changes"),
            (
                json!([change(&f.anna, unknown, "GRANTED")]),
                "ok",
                "PAPER_FORM",
                "changes[0].purposeId",
            ),
            (
                json!([
                    change(&f.anna, &email, "GRANTED"),
                    change(&f.bo, sms["id"].as_str().unwrap(), "GRANTED")
                ]),
                "ok",
                "PAPER_FORM",
                "changes[1].purposeId",
            ),
            (
                json!([change(unknown, &email, "GRANTED")]),
                "ok",
                "PAPER_FORM",
                "changes[0].contactId",
            ),
            (
                json!([change(stranger["id"].as_str().unwrap(), &email, "GRANTED")]),
                "ok",
                "PAPER_FORM",
                "changes[0].contactId",
            ),
            (
                json!([change("nope", &email, "GRANTED")]),
                "ok",
                "PAPER_FORM",
                "changes[0].contactId",
            ),
            // Withdrawn and re-granted in the same save: ambiguous, refused.
            (
                json!([
                    change(&f.anna, &email, "WITHDRAWN"),
                    change(&f.anna, &email, "GRANTED")
                ]),
                "ok",
                "PAPER_FORM",
                "changes[1]",
            ),
            (
                json!([change(&f.anna, &email, "GRANTED")]),
                "",
                "PAPER_FORM",
                "evidence",
            ),
            (
                json!([change(&f.anna, &email, "GRANTED")]),
                &"e".repeat(2_001),
                "PAPER_FORM",
                "evidence",
            ),
            (
                json!([change(&f.anna, &email, "GRANTED")]),
                "ok",
                "WEBSHOP",
                "source",
            ),
        ] {
            let res = app
            .gql(
                RECORD,
                json!({ "c": f.customer, "i": { "changes": changes, "source": source, "evidence": evidence } }),
            )
            .await;
            assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{field}: {res}");
            assert_eq!(error_field(&res), Some(field), "{res}");
        }
        let res = app
        .gql(
            RECORD,
            json!({ "c": f.customer, "i": { "changes": [change(&f.anna, &email, "GRANTED")], "source": "PAPER_FORM", "evidence": "ok", "validUntil": "2020-01-01T00:00:00Z" } }),
        )
        .await;
        assert_eq!(error_field(&res), Some("validUntil"), "{res}");
        let res = app
        .gql(RECORD, json!({ "c": unknown, "i": { "changes": [change(&f.anna, &email, "GRANTED")], "source": "PAPER_FORM", "evidence": "ok" } }))
        .await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
        // Nothing of the refused saves was written.
        assert_eq!(app.scalar("SELECT COUNT(*) FROM consent_events").await, 0);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM current_consents").await, 0);
        // The inactive purpose has no column any more.
        let all = statuses(&app, &f).await;
        assert!(all.iter().all(|(_, k, _)| k != "sms"), "{all:?}");

        // Purpose keys: validated, unique, and fixed once used.
        let create = "mutation($i: ConsentPurposeInput!) { createConsentPurpose(input: $i) { id key version } }";
        let res = app
        .gql(create, json!({ "i": { "key": "Bad Key", "nameSv": "X", "nameEn": "X", "channel": "OTHER", "requiresOptIn": true } }))
        .await;
        assert_eq!(error_field(&res), Some("key"), "{res}");
        let res = app
        .gql(create, json!({ "i": { "key": "post", "nameSv": "X", "nameEn": "X", "channel": "POST", "requiresOptIn": false } }))
        .await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        record(&app, &f, json!([change(&f.anna, &email, "GRANTED")]), "ok").await;
        let marketing = f
            .purposes
            .iter()
            .find(|p| p["key"] == "marketing_email")
            .unwrap();
        let res = app
        .gql(
            "mutation($id: ID!, $i: ConsentPurposeInput!) { updateConsentPurpose(id: $id, expectedVersion: 1, input: $i) { key } }",
            json!({ "id": marketing["id"], "i": { "key": "email_marketing", "nameSv": "E-post", "nameEn": "E-mail", "channel": "EMAIL", "requiresOptIn": true } }),
        )
        .await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        assert_eq!(error_field(&res), Some("key"), "{res}");
    }
);

dual_test!(
    concurrent_saves_keep_every_event_and_end_at_the_latest,
    |app| {
        app.login_admin().await;
        let f = fixture(&app).await;
        let email = purpose_id(&f, "marketing_email");
        let newsletter = purpose_id(&f, "newsletter");
        let other = app.new_client();
        app.login_as(&other, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let mut saves = Vec::new();
        for i in 0..10 {
            let decision = if i % 2 == 0 { "GRANTED" } else { "WITHDRAWN" };
            let client = if i % 2 == 0 {
                app.client.clone()
            } else {
                other.clone()
            };
            let vars = json!({ "c": f.customer, "i": { "changes": [change(&f.anna, &email, decision), change(&f.bo, &newsletter, decision)], "source": "PHONE", "evidence": format!("call {i}") } });
            let url = app.url.clone();
            saves.push(tokio::spawn(async move {
                let res: Value = client
                    .post(format!("{url}/graphql"))
                    .header("x-tillit-csrf", "1")
                    .json(&json!({ "query": RECORD, "variables": vars }))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                res
            }));
        }
        for s in saves {
            let res = s.await.unwrap();
            assert!(res["errors"].is_null(), "{res}");
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM consent_events").await, 20);
        assert_projection_matches_events(&app).await;
    }
);

dual_test!(consent_rights_and_need_to_know, |app| {
    app.login_admin().await;
    let f = fixture(&app).await;
    let email = purpose_id(&f, "marketing_email");
    let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
    let consenters = create_group(&app, "Consent desk", &["READ_CUSTOMERS", "EDIT_CONSENTS"]).await;
    let reader = staff_in(&app, "reader@tillit.test", &[&readers]).await;
    let desk = staff_in(&app, "desk@tillit.test", &[&consenters]).await;
    let vars = json!({ "c": f.customer, "i": { "changes": [change(&f.anna, &email, "GRANTED")], "source": "PHONE", "evidence": "call" } });
    let res = app.gql_with(&reader, RECORD, vars.clone()).await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app.gql_with(&desk, RECORD, vars.clone()).await;
    assert!(res["errors"].is_null(), "{res}");
    // Settings need MANAGE_SETTINGS.
    let res = app
        .gql_with(
            &desk,
            "mutation { publishConsentDeclaration(text: \"Mine now\") { version } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    // Restricted to a group the desk is not in: the customer and its consents are gone for them.
    let hidden = create_group(&app, "Hidden", &["READ_CUSTOMERS"]).await;
    let res = app
        .gql(
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": f.customer, "g": [hidden] }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let res = app.gql_with(&desk, RECORD, vars).await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
});

const STATS: &str = "{ consentStatistics { contacts declarationVersion purposes { purpose { key } granted withdrawn denied notAsked outdated expired } } }";

fn counts(res: &Value, key: &str) -> Value {
    res["data"]["consentStatistics"]["purposes"]
        .as_array()
        .unwrap_or_else(|| panic!("{res}"))
        .iter()
        .find(|p| p["purpose"]["key"] == key)
        .unwrap_or_else(|| panic!("no {key}: {res}"))
        .clone()
}

dual_test!(
    reports_count_list_and_export_only_what_the_viewer_may_see,
    |app| {
        app.login_admin().await;
        let f = fixture(&app).await;
        let email = purpose_id(&f, "marketing_email");
        let post = purpose_id(&f, "post");
        // A third contact, in a customer restricted to a group the reader is not in.
        let hidden_group = create_group(&app, "Hidden", &["READ_CUSTOMERS"]).await;
        let secret = create_customer(&app, business("Hemlig AB")).await;
        let carl = create_contact(
            &app,
            secret["id"].as_str().unwrap(),
            json!({ "name": "=Carl Cell", "email": "carl@hemlig.example" }),
        )
        .await;
        record(
            &app,
            &f,
            json!([
                change(&f.anna, &email, "GRANTED"),
                change(&f.bo, &email, "WITHDRAWN"),
                change(&f.anna, &post, "DENIED")
            ]),
            "Form 9",
        )
        .await;
        let res = app
        .gql(
            RECORD,
            json!({ "c": secret["id"], "i": { "changes": [change(carl["id"].as_str().unwrap(), &email, "GRANTED")], "source": "PHONE", "evidence": "call" } }),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        let res = app
        .gql(
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": secret["id"], "g": [hidden_group] }),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");

        // The admin sees all three contacts.
        let stats = app.gql(STATS, json!({})).await;
        assert_eq!(stats["data"]["consentStatistics"]["contacts"], 3, "{stats}");
        let e = counts(&stats, "marketing_email");
        assert_eq!(
            (
                e["granted"].as_i64(),
                e["withdrawn"].as_i64(),
                e["notAsked"].as_i64()
            ),
            (Some(2), Some(1), Some(0)),
            "{e}"
        );
        let p = counts(&stats, "post");
        assert_eq!(
            (p["denied"].as_i64(), p["notAsked"].as_i64()),
            (Some(1), Some(2)),
            "{p}"
        );

        // A reader outside the group: two contacts, and Carl is in no count or list.
        let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
        let reader = staff_in(&app, "reader@tillit.test", &[&readers]).await;
        let stats = app.gql_with(&reader, STATS, json!({})).await;
        assert_eq!(stats["data"]["consentStatistics"]["contacts"], 2, "{stats}");
        assert_eq!(counts(&stats, "marketing_email")["granted"], 1);
        let list = "query($f: ConsentContactFilter!, $first: Int, $after: String) { consentContacts(filter: $f, first: $first, after: $after) { nodes { customerNumber customerName contact { name consents { purpose { key } status } } } pageInfo { hasNextPage endCursor } } }";
        let granted = app
            .gql_with(
                &reader,
                list,
                json!({ "f": { "purposeId": email, "status": "GRANTED" } }),
            )
            .await;
        let names: Vec<&str> = granted["data"]["consentContacts"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{granted}"))
            .iter()
            .map(|n| n["contact"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["Anna Andersson"]);
        let admin_granted = app
            .gql(
                list,
                json!({ "f": { "purposeId": email, "status": "GRANTED" } }),
            )
            .await;
        assert_eq!(
            admin_granted["data"]["consentContacts"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let not_asked = app
            .gql(
                list,
                json!({ "f": { "purposeId": post, "status": "NOT_ASKED" } }),
            )
            .await;
        assert_eq!(
            not_asked["data"]["consentContacts"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "{not_asked}"
        );
        // Paging: one at a time, without repeats.
        let page1 = app
            .gql(list, json!({ "f": { "purposeId": email }, "first": 2 }))
            .await;
        assert_eq!(
            page1["data"]["consentContacts"]["pageInfo"]["hasNextPage"], true,
            "{page1}"
        );
        let page2 = app
        .gql(list, json!({ "f": { "purposeId": email }, "first": 2, "after": page1["data"]["consentContacts"]["pageInfo"]["endCursor"] }))
        .await;
        assert_eq!(
            page2["data"]["consentContacts"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "{page2}"
        );
        assert_eq!(
            page2["data"]["consentContacts"]["pageInfo"]["hasNextPage"],
            false
        );

        // After a new declaration, the grants are outdated.
        app.gql(
            "mutation { publishConsentDeclaration(text: \"Version två\") { version } }",
            json!({}),
        )
        .await;
        let outdated = app
            .gql(
                list,
                json!({ "f": { "purposeId": email, "status": "OUTDATED" } }),
            )
            .await;
        assert_eq!(
            outdated["data"]["consentContacts"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "{outdated}"
        );
        let stats = app.gql(STATS, json!({})).await;
        assert_eq!(counts(&stats, "marketing_email")["outdated"], 2, "{stats}");
        assert_eq!(counts(&stats, "marketing_email")["granted"], 0);

        // Changes per day: today's three, two and one by purpose.
        let now = chrono::Utc::now();
        let changes = app
        .gql(
            "query($from: DateTime!, $to: DateTime!) { consentChanges(from: $from, to: $to, interval: MONTH) { periodStart purpose { key } granted withdrawn denied } }",
            json!({ "from": (now - chrono::Duration::days(1)).to_rfc3339(), "to": (now + chrono::Duration::days(1)).to_rfc3339() }),
        )
        .await;
        let buckets = changes["data"]["consentChanges"]
            .as_array()
            .unwrap_or_else(|| panic!("{changes}"));
        let email_bucket = buckets
            .iter()
            .find(|b| b["purpose"]["key"] == "marketing_email")
            .unwrap();
        assert_eq!(
            (
                email_bucket["granted"].as_i64(),
                email_bucket["withdrawn"].as_i64()
            ),
            (Some(2), Some(1)),
            "{changes}"
        );

        // CSV is an export: it needs its own right, and cells never become formulas.
        let csv = "query($f: ConsentContactFilter!) { consentContactsCsv(filter: $f) }";
        let res = app
            .gql_with(&reader, csv, json!({ "f": { "purposeId": email } }))
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
        let res = app.gql(csv, json!({ "f": { "purposeId": email } })).await;
        let text = res["data"]["consentContactsCsv"]
            .as_str()
            .unwrap_or_else(|| panic!("{res}"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "customer_number,customer_name,contact_name,email,phone,marketing_email,sms,newsletter,phone,post"
        );
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            text.contains(
                ",'=Carl Cell,carl@hemlig.example,,outdated,not_asked,not_asked,not_asked,not_asked"
            ),
            "{text}"
        );
        let log = app
        .gql("{ auditEvents(filter: { action: \"consent.report.export\" }) { nodes { details } } }", json!({}))
        .await;
        assert_eq!(
            log["data"]["auditEvents"]["nodes"][0]["details"]["contactIds"]
                .as_array()
                .unwrap()
                .len(),
            3,
            "{log}"
        );

        // Bad input.
        let res = app
            .gql(
                list,
                json!({ "f": { "purposeId": "00000000-0000-7000-8000-000000000000" } }),
            )
            .await;
        assert_eq!(error_field(&res), Some("filter.purposeId"), "{res}");
        let res = app
            .gql(list, json!({ "f": { "purposeId": email }, "first": 1001 }))
            .await;
        assert_eq!(error_field(&res), Some("first"), "{res}");
        let res = app
        .gql(
            "query($from: DateTime!, $to: DateTime!) { consentChanges(from: $from, to: $to) { granted } }",
            json!({ "from": "2026-01-01T00:00:00Z", "to": "2027-06-01T00:00:00Z" }),
        )
        .await;
        assert_eq!(error_field(&res), Some("to"), "{res}");
    }
);

dual_test!(
    a_paper_form_records_the_declaration_version_printed_on_it,
    |app| {
        app.login_admin().await;
        let f = fixture(&app).await;
        let email = purpose_id(&f, "marketing_email");
        app.gql(
            "mutation { publishConsentDeclaration(text: \"Version 2\") { version } }",
            json!({}),
        )
        .await;
        let with_version = |v: Value| json!({ "c": f.customer, "i": { "changes": [change(&f.anna, &email, "GRANTED")], "source": "PAPER_FORM", "evidence": "Form printed in October", "declarationVersion": v } });
        // Signed on a form printed before version 2: recorded under version 1, so outdated.
        let res = app.gql(RECORD, with_version(json!(1))).await;
        assert_eq!(
            res["data"]["recordConsents"]["events"][0]["declarationVersion"], 1,
            "{res}"
        );
        let all = statuses(&app, &f).await;
        assert_eq!(
            status_of(&all, "Anna Andersson", "marketing_email"),
            "OUTDATED"
        );
        for bad in [json!(0), json!(3)] {
            let res = app.gql(RECORD, with_version(bad)).await;
            assert_eq!(error_field(&res), Some("declarationVersion"), "{res}");
        }
        let res = app.gql(RECORD, with_version(Value::Null)).await;
        assert_eq!(
            res["data"]["recordConsents"]["events"][0]["declarationVersion"], 2,
            "{res}"
        );
        assert_projection_matches_events(&app).await;
    }
);
