//! The data subject's export (Art. 15/20): everything about a customer in one documented JSON
//! document, for those allowed to export, and in the access log.

mod common;

use common::*;
use serde_json::json;

const EXPORT: &str = "query($c: ID!) { customerExport(customerId: $c) }";

dual_test!(a_customer_export_holds_everything_about_it, |app| {
    app.login_admin().await;
    let customer = create_customer(&app, business("Export AB")).await;
    let id = customer["id"].as_str().unwrap().to_owned();
    let contact = create_contact(
        &app,
        &id,
        json!({ "name": "Eva Export", "email": "eva@example.se", "phone": "0701234567" }),
    )
    .await;
    let purposes = app.gql("{ consentPurposes { id key } }", json!({})).await;
    let purpose = &purposes["data"]["consentPurposes"][0];
    let res = app
        .gql(
            "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
            json!({ "c": id, "i": { "source": "PAPER_FORM", "evidence": "Blankett 7",
                "changes": [{ "contactId": contact["id"], "purposeId": purpose["id"], "decision": "GRANTED" }] } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createOrder(customerId: $c, input: { orderDate: \"2026-11-01\", description: \"Vårstädning\", \
             lines: [{ description: \"Städning\", quantity: 3, unitPrice: 42000, vatRate: 2500 }] }) { id } }",
            json!({ "c": id }),
        )
        .await;
    let order = res["data"]["createOrder"]["id"].clone();
    let res = app
        .gql(
            "mutation($c: ID!, $o: ID!) { createInvoice(customerId: $c, input: { orderId: $o, invoiceDate: \"2026-11-02\", dueDate: \"2026-12-02\" }) { id } }",
            json!({ "c": id, "o": order }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createTask(input: { customerId: $c, title: \"Ring Eva\" }) { id } }",
            json!({ "c": id }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");

    let res = app.gql(EXPORT, json!({ "c": id })).await;
    let doc = &res["data"]["customerExport"];
    assert_eq!(doc["format"], "tillit.data-subject-export", "{res}");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["scope"], "customer");
    assert_eq!(doc["customer"]["displayName"], "Export AB");
    assert_eq!(doc["customer"]["identityNumber"], "556036-0793");
    assert_eq!(doc["customer"]["invoiceAddress"]["city"], "Stockholm");
    let exported_contact = &doc["contacts"][0];
    assert_eq!(exported_contact["name"], "Eva Export");
    assert_eq!(exported_contact["consents"][0]["purpose"], purpose["key"]);
    assert_eq!(
        exported_contact["consentHistory"][0]["evidence"],
        "Blankett 7"
    );
    assert_eq!(doc["orders"][0]["totalMinor"], 157500);
    assert_eq!(doc["orders"][0]["lines"][0]["quantity"], 3.0);
    assert_eq!(doc["invoices"][0]["buyerName"], "Export AB");
    assert_eq!(doc["tasks"][0]["title"], "Ring Eva");
    assert!(doc["controller"].is_object());
    let logged = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'customer.export' AND entity_id = '{id}'"
        ))
        .await;
    assert_eq!(logged, 1);

    // Reading customers is not enough to export them; a hidden customer is not found.
    let readers = create_group(&app, "Läsare", &["READ_CUSTOMERS"]).await;
    let exporters = create_group(
        &app,
        "Exportörer",
        &["READ_CUSTOMERS", "EXPORT_PERSONAL_DATA"],
    )
    .await;
    let reader = staff_in(&app, "reader@tillit.test", &[&readers]).await;
    let res = app.gql_with(&reader, EXPORT, json!({ "c": id })).await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let hidden_group = create_group(&app, "Hemliga", &[]).await;
    let res = app
        .gql(
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": id, "g": [hidden_group] }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let exporter = staff_in(&app, "exporter@tillit.test", &[&exporters]).await;
    let res = app.gql_with(&exporter, EXPORT, json!({ "c": id })).await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    let res = app
        .gql_with(&exporter, EXPORT, json!({ "c": "not-an-id" }))
        .await;
    assert_eq!(error_field(&res), Some("customerId"), "{res}");
});
