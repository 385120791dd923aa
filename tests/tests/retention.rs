//! The retention rule: private customers inactive for N months are anonymized — after a dry run
//! that shows who is kept and why — in batches that anonymize each customer exactly as one at a
//! time would.

mod common;

use common::*;
use serde_json::{Value, json};

const PREVIEW: &str = "query($m: Int!) { retentionPreview(inactiveMonths: $m) { inactiveMonths eligible blocked \
    customers { customerNumber displayName lastActivityAt blocked } } }";
const RUN: &str = "mutation($m: Int!, $b: Int!) { runRetention(inactiveMonths: $m, batchSize: $b) { anonymized remaining blocked } }";
const LONG_AGO: &str = "2020-01-01 00:00:00+00:00";

fn person(first: &str) -> Value {
    json!({ "kind": "PRIVATE", "country": "SE", "firstName": first, "lastName": "Arkivsson",
            "email": format!("{}@example.se", first.to_lowercase()) })
}

async fn order(app: &TestApp, customer: &Value, status: &str) {
    let res = app
        .gql(
            "mutation($c: ID!) { createOrder(customerId: $c, input: { orderDate: \"2020-01-01\", \
             lines: [{ description: \"Städning\", quantity: 1, unitPrice: 10000, vatRate: 2500 }] }) { id version } }",
            json!({ "c": customer["id"] }),
        )
        .await;
    let created = &res["data"]["createOrder"];
    if status != "OPEN" {
        let res = app
            .gql(
                "mutation($id: ID!, $s: OrderStatus!) { updateOrder(id: $id, expectedVersion: 1, status: $s, input: { orderDate: \"2020-01-01\", \
                 lines: [{ description: \"Städning\", quantity: 1, unitPrice: 10000, vatRate: 2500 }] }) { id } }",
                json!({ "id": created["id"], "s": status }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
    }
}

dual_test!(
    the_retention_rule_anonymizes_the_inactive_and_keeps_the_blocked,
    |app| {
        app.login_admin().await;
        let idle = create_customer(&app, person("Ida")).await;
        let open_order = create_customer(&app, person("Olle")).await;
        order(&app, &open_order, "OPEN").await;
        let unpaid = create_customer(&app, person("Ulla")).await;
        order(&app, &unpaid, "COMPLETED").await;
        let res = app
        .gql(
            "mutation($c: ID!) { createInvoice(customerId: $c, input: { invoiceDate: \"2020-01-02\", dueDate: \"2020-02-01\", \
             lines: [{ description: \"Städning\", quantity: 1, unitPrice: 10000, vatRate: 2500 }] }) { id } }",
            json!({ "c": unpaid["id"] }),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        let active = create_customer(&app, person("Alva")).await;
        let company = create_customer(&app, business("Gammalt Bolag AB")).await;
        // Everyone was last touched long ago, except Alva's recent consent.
        app.exec(&format!(
            "UPDATE customers SET created_at = '{LONG_AGO}', updated_at = '{LONG_AGO}'"
        ))
        .await;
        let contact = create_contact(
            &app,
            active["id"].as_str().unwrap(),
            json!({ "name": "Alva Arkivsson" }),
        )
        .await;
        let purposes = app.gql("{ consentPurposes { id } }", json!({})).await;
        let res = app
        .gql(
            "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
            json!({ "c": active["id"], "i": { "source": "PHONE", "evidence": "Samtal",
                "changes": [{ "contactId": contact["id"], "purposeId": purposes["data"]["consentPurposes"][0]["id"], "decision": "GRANTED" }] } }),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        app.exec(&format!(
            "UPDATE customers SET updated_at = '{LONG_AGO}' WHERE id <> '{}'",
            active["id"].as_str().unwrap()
        ))
        .await;

        for bad in [0, -3, 5000] {
            let res = app.gql(PREVIEW, json!({ "m": bad })).await;
            assert_eq!(error_field(&res), Some("inactiveMonths"), "{bad}: {res}");
        }
        for bad in [0, 10_001] {
            let res = app.gql(RUN, json!({ "m": 24, "b": bad })).await;
            assert_eq!(error_field(&res), Some("batchSize"), "{bad}: {res}");
        }

        // The dry run: Ida would go; Olle and Ulla are kept, each with the reason; Alva is active
        // and the company is not a private person.
        let res = app.gql(PREVIEW, json!({ "m": 24 })).await;
        let preview = &res["data"]["retentionPreview"];
        assert_eq!(preview["eligible"], 1, "{res}");
        assert_eq!(preview["blocked"], 2);
        let by_name: Vec<(String, Value)> = preview["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["displayName"].as_str().unwrap().to_owned(),
                    c["blocked"].clone(),
                )
            })
            .collect();
        assert!(
            by_name.contains(&("Ida Arkivsson".into(), Value::Null)),
            "{by_name:?}"
        );
        assert!(by_name.contains(&("Olle Arkivsson".into(), json!("OPEN_ORDERS"))));
        assert!(by_name.contains(&("Ulla Arkivsson".into(), json!("UNPAID_INVOICES"))));
        // Longest inactive first, each with its latest activity: Ida's last edit, Olle's order
        // date, Ulla's invoice date (the day after).
        let activity: Vec<(&str, &str)> = preview["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["displayName"].as_str().unwrap(),
                    c["lastActivityAt"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(activity.len(), 3, "{activity:?}");
        assert_eq!(activity[2].0, "Ulla Arkivsson", "{activity:?}");
        assert!(
            activity[2].1.starts_with("2020-01-02T00:00:00"),
            "{activity:?}"
        );
        for (_, at) in &activity[..2] {
            assert!(at.starts_with("2020-01-01T00:00:00"), "{activity:?}");
        }
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM anonymization_receipts")
                .await,
            0
        );

        // The run: one batch, then nothing remains.
        let res = app.gql(RUN, json!({ "m": 24, "b": 10 })).await;
        assert_eq!(
            res["data"]["runRetention"],
            json!({ "anonymized": 1, "remaining": 0, "blocked": 2 }),
            "{res}"
        );
        let res = app.gql(RUN, json!({ "m": 24, "b": 10 })).await;
        assert_eq!(res["data"]["runRetention"]["anonymized"], 0, "{res}");
        for (customer, state) in [
            (&idle, "ANONYMIZED"),
            (&open_order, "ACTIVE"),
            (&unpaid, "ACTIVE"),
            (&active, "ACTIVE"),
            (&company, "ACTIVE"),
        ] {
            let res = app
                .gql(
                    "query($id: ID!) { customer(id: $id) { state } }",
                    json!({ "id": customer["id"] }),
                )
                .await;
            assert_eq!(res["data"]["customer"]["state"], state, "{customer}: {res}");
        }

        // The rule itself: settings people set it; the schedule runs it as the system.
        let res = app
        .gql(
            "mutation { setRetentionRule(inactiveMonths: 24, autoRun: true) { inactiveMonths autoRun } }",
            json!({}),
        )
        .await;
        assert_eq!(res["data"]["setRetentionRule"]["autoRun"], true, "{res}");
        app.exec(&format!(
            "UPDATE orders SET status = 'completed'; UPDATE customers SET updated_at = '{LONG_AGO}'"
        ))
        .await;
        let scheduled = tillit::features::anonymization::retention::scheduled(&app.state.db)
            .await
            .unwrap();
        assert_eq!(
            scheduled, 1,
            "Olle's order is completed now; Ulla's invoice is still unpaid"
        );
        let res = app
            .gql(
                "{ retentionRule { inactiveMonths autoRun lastRunAnonymized lastRunAt } }",
                json!({}),
            )
            .await;
        assert_eq!(
            res["data"]["retentionRule"]["lastRunAnonymized"], 1,
            "{res}"
        );
        let reader = staff_in(
            &app,
            "reader@tillit.test",
            &[&create_group(&app, "Läsare", &["READ_CUSTOMERS"]).await],
        )
        .await;
        let res = app
            .gql_with(&reader, RUN, json!({ "m": 24, "b": 10 }))
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    }
);

const RECEIPTS: &str = "{ anonymizationReceipts(first: 500) { customerNumber maskedName \
    removed { category count } kept { category count } mentionsLeft { source label field } } }";

fn count_of(list: &Value, category: &str) -> i64 {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == category)
        .map_or(0, |c| c["count"].as_i64().unwrap())
}

dual_test!(
    a_bulk_run_anonymizes_each_customer_as_one_at_a_time_would,
    |app| {
        app.login_admin().await;
        // Three inactive people, each with something different to remove or keep, who mention
        // each other; a fourth, kept because of an open order, mentions the first in its note.
        let bo = create_customer(&app, person("Bo")).await;
        let cia = create_customer(
            &app,
            json!({ "kind": "PRIVATE", "country": "SE", "firstName": "Cia", "lastName": "Arkivsson",
                    "note": "Granne med Bo Arkivsson" }),
        )
        .await;
        let dan = create_customer(&app, person("Dan")).await;
        order(&app, &dan, "COMPLETED").await;
        let res = app
            .gql(
                "mutation($id: ID!) { createTask(input: { customerId: $id, title: \"Fråga Dan Arkivsson\" }) { id } }",
                json!({ "id": dan["id"] }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        let kept = create_customer(
            &app,
            json!({ "kind": "PRIVATE", "country": "SE", "firstName": "Eva", "lastName": "Kvarsson",
                    "note": "Ärvde stugan av Bo Arkivsson" }),
        )
        .await;
        order(&app, &kept, "OPEN").await;
        let contact = create_contact(
            &app,
            bo["id"].as_str().unwrap(),
            json!({ "name": "Bosse Arkivsson", "email": "bosse@example.se" }),
        )
        .await;
        let purposes = app.gql("{ consentPurposes { id } }", json!({})).await;
        let res = app
            .gql(
                "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
                json!({ "c": bo["id"], "i": { "source": "PHONE", "evidence": "Bosse ringde",
                    "changes": [{ "contactId": contact["id"], "purposeId": purposes["data"]["consentPurposes"][0]["id"], "decision": "GRANTED" }] } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        let group = create_group(&app, "Tekniker", &["READ_CUSTOMERS"]).await;
        let res = app
            .gql(
                "mutation($c: ID!, $i: SecretInput!) { createSecret(customerId: $c, input: $i) { id } }",
                json!({ "c": bo["id"], "i": { "title": "Portkod", "kind": "NOTE", "value": "1234",
                    "groupIds": [group] } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        app.exec(&format!(
            "UPDATE customers SET created_at = '{LONG_AGO}', updated_at = '{LONG_AGO}'; \
             UPDATE consent_events SET occurred_at = '{LONG_AGO}'"
        ))
        .await;

        // One call, one transaction for the three.
        let res = app.gql(RUN, json!({ "m": 24, "b": 100 })).await;
        assert_eq!(
            res["data"]["runRetention"],
            json!({ "anonymized": 3, "remaining": 0, "blocked": 1 }),
            "{res}"
        );

        // Each receipt counts its own customer's data, and lists the mentions left behind:
        // Eva's note names Bo; Cia's note named Bo too, but it went with Cia.
        let res = app.gql(RECEIPTS, json!({})).await;
        let receipts = res["data"]["anonymizationReceipts"].as_array().unwrap();
        assert_eq!(receipts.len(), 3, "{res}");
        let receipt_of = |customer: &Value| {
            receipts
                .iter()
                .find(|r| r["customerNumber"] == customer["number"])
                .unwrap()
        };
        let of_bo = receipt_of(&bo);
        assert_eq!(of_bo["maskedName"], "B* A********");
        assert_eq!(count_of(&of_bo["removed"], "contactPersons"), 1, "{of_bo}");
        assert_eq!(count_of(&of_bo["removed"], "consentEvidence"), 1);
        assert_eq!(count_of(&of_bo["removed"], "secrets"), 1);
        assert_eq!(count_of(&of_bo["removed"], "email"), 1);
        assert_eq!(count_of(&of_bo["removed"], "note"), 0);
        assert_eq!(count_of(&of_bo["kept"], "consentEvents"), 1);
        assert_eq!(count_of(&of_bo["kept"], "orders"), 0);
        assert_eq!(
            of_bo["mentionsLeft"],
            json!([{ "source": "CUSTOMER_NOTE", "label": format!("Customer {}", kept["number"]), "field": "note" }])
        );
        let of_cia = receipt_of(&cia);
        assert_eq!(count_of(&of_cia["removed"], "note"), 1, "{of_cia}");
        assert_eq!(count_of(&of_cia["removed"], "contactPersons"), 0);
        assert_eq!(count_of(&of_cia["removed"], "secrets"), 0);
        assert_eq!(of_cia["mentionsLeft"], json!([]));
        let of_dan = receipt_of(&dan);
        assert_eq!(count_of(&of_dan["kept"], "orders"), 1, "{of_dan}");
        assert_eq!(count_of(&of_dan["kept"], "tasks"), 1);
        assert_eq!(count_of(&of_dan["removed"], "consentEvidence"), 0);
        assert_eq!(
            of_dan["mentionsLeft"],
            json!([{ "source": "TASK", "label": "Task", "field": "title" }])
        );

        // The people are gone, each under its own number, and out of the search.
        for customer in [&bo, &cia, &dan] {
            let res = app
                .gql(
                    "query($id: ID!) { customer(id: $id) { displayName state email note } }",
                    json!({ "id": customer["id"] }),
                )
                .await;
            assert_eq!(
                res["data"]["customer"],
                json!({ "displayName": format!("Anonymized customer {}", customer["number"]),
                        "state": "ANONYMIZED", "email": null, "note": null }),
                "{res}"
            );
        }
        assert_eq!(search_names(&app, "Arkivsson").await, Vec::<String>::new());
        assert_eq!(search_names(&app, "Kvarsson").await, vec!["Eva Kvarsson"]);
        let res = app
            .gql(
                "query($id: ID!) { customer(id: $id) { contacts(includeArchived: true) { name email } } }",
                json!({ "id": bo["id"] }),
            )
            .await;
        assert_eq!(
            res["data"]["customer"]["contacts"],
            json!([{ "name": "Anonymized contact", "email": null }]),
            "{res}"
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM customer_secrets").await, 0);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM consent_events WHERE evidence IS NOT NULL")
                .await,
            0
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM anonymization_ledger")
                .await,
            3
        );
        // One access-log row per customer, as a one-at-a-time anonymization writes.
        assert_eq!(
            app.scalar(
                "SELECT COUNT(DISTINCT s.customer_id) FROM audit_events e \
                 JOIN audit_subjects s ON s.event_id = e.id WHERE e.action = 'customer.anonymize'"
            )
            .await,
            3
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'customer.anonymize'")
                .await,
            3
        );
    }
);

dual_test!(
    the_retention_rule_passes_over_customers_the_actor_may_not_see,
    |app| {
        app.login_admin().await;
        let mine = create_group(&app, "Mina", &["READ_CUSTOMERS", "ANONYMIZE"]).await;
        let theirs = create_group(&app, "Deras", &["READ_CUSTOMERS"]).await;
        let open = create_customer(&app, person("Ida")).await;
        let res = app
        .gql(
            "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id } }",
            json!({ "i": person("Tora"), "g": [theirs] }),
        )
        .await;
        let hidden = res["data"]["createCustomer"].clone();
        let res = app
        .gql(
            "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id } }",
            json!({ "i": person("Mona"), "g": [mine] }),
        )
        .await;
        let shared = res["data"]["createCustomer"].clone();
        app.exec(&format!(
            "UPDATE customers SET created_at = '{LONG_AGO}', updated_at = '{LONG_AGO}'"
        ))
        .await;
        let eraser = staff_in(&app, "eraser@tillit.test", &[&mine]).await;

        // The restricted customer in a group the user is not in is neither listed nor anonymized;
        // the one restricted to the user's own group is.
        let res = app.gql_with(&eraser, PREVIEW, json!({ "m": 24 })).await;
        let names: Vec<&str> = res["data"]["retentionPreview"]["customers"]
            .as_array()
            .unwrap_or_else(|| panic!("{res}"))
            .iter()
            .map(|c| c["displayName"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"Ida Arkivsson") && names.contains(&"Mona Arkivsson"));
        let res = app
            .gql_with(&eraser, RUN, json!({ "m": 24, "b": 10 }))
            .await;
        assert_eq!(
            res["data"]["runRetention"],
            json!({ "anonymized": 2, "remaining": 0, "blocked": 0 }),
            "{res}"
        );
        for (customer, state) in [
            (&open, "ANONYMIZED"),
            (&shared, "ANONYMIZED"),
            (&hidden, "ACTIVE"),
        ] {
            let res = app
                .gql(
                    "query($id: ID!) { customer(id: $id) { state } }",
                    json!({ "id": customer["id"] }),
                )
                .await;
            assert_eq!(res["data"]["customer"]["state"], state, "{customer}: {res}");
        }
    }
);
