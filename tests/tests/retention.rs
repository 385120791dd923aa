//! The retention rule: private customers inactive for N months are anonymized — after a dry run
//! that shows who is kept and why — in batches, each customer on its own.

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
        let res = app.gql(RUN, json!({ "m": 24, "b": 0 })).await;
        assert_eq!(error_field(&res), Some("batchSize"), "{res}");

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
