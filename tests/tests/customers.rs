//! Customers and contact persons through GraphQL: create, read, edit, archive, validation
//! errors, optimistic concurrency, and the access log rows those reads and writes leave.

mod common;

use common::*;
use serde_json::json;

dual_test!(creates_and_reads_a_customer_with_normalized_fields, |app| {
    app.login_admin().await;
    let created = create_customer(
        &app,
        json!({
            "kind": "PRIVATE",
            "firstName": "  Åsa ",
            "lastName": "Öberg",
            "identityNumber": "811218-9876",
            "email": "Asa.Oberg@Example.SE",
            "phone": "070-123 45 67",
            "invoiceAddress": { "line1": "Sjövägen 3", "postalCode": "41105", "city": "Göteborg", "country": "SE" }
        }),
    )
    .await;
    assert_eq!(created["displayName"], "Åsa Öberg");
    assert_eq!(created["firstName"], "Åsa");
    assert_eq!(created["identityNumber"], "19811218-9876");
    assert_eq!(created["email"], "asa.oberg@example.se");
    assert_eq!(created["phone"], "+46701234567");
    assert_eq!(created["invoiceAddress"]["postalCode"], "411 05");
    assert_eq!(created["state"], "ACTIVE");
    assert_eq!(created["version"], 1);
    assert!(created["number"].as_i64().unwrap() >= 10_001);

    let id = created["id"].as_str().unwrap();
    let res = app
        .gql(
            &format!("query($id: ID!) {{ customer(id: $id) {{ {CUSTOMER_FIELDS} }} }}"),
            json!({ "id": id }),
        )
        .await;
    assert_eq!(res["data"]["customer"], created);

    // Opening the card is in the access log, by id only.
    let reads = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'customer.read' AND entity_id = '{id}'"
        ))
        .await;
    assert_eq!(reads, 1);
    let leaked = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE CAST(details AS TEXT) LIKE '%Öberg%' OR CAST(details AS TEXT) LIKE '%oberg%'")
        .await;
    assert_eq!(leaked, 0, "audit rows must hold ids, not names");
});

dual_test!(numbers_are_sequential_and_unique, |app| {
    app.login_admin().await;
    let a = create_customer(&app, business("Alfa AB")).await;
    let b = create_customer(&app, business("Beta AB")).await;
    assert_eq!(
        b["number"].as_i64().unwrap(),
        a["number"].as_i64().unwrap() + 1
    );

    let q = "mutation($i: CustomerInput!, $n: Int) { createCustomer(input: $i, number: $n) { number } }";
    let res = app
        .gql(q, json!({ "i": business("Gamma AB"), "n": 500 }))
        .await;
    assert_eq!(res["data"]["createCustomer"]["number"], 500);
    let before = app.scalar("SELECT COUNT(*) FROM customers").await;
    let res = app
        .gql(q, json!({ "i": business("Delta AB"), "n": 500 }))
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"));
    assert_eq!(error_field(&res), Some("number"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, before);
});

dual_test!(
    bad_input_gets_a_code_and_a_field_and_changes_nothing,
    |app| {
        app.login_admin().await;
        let q = "mutation($i: CustomerInput!) { createCustomer(input: $i) { id } }";
        let mut cases = vec![
            (
                json!({ "kind": "BUSINESS", "companyName": "   " }),
                "companyName",
            ),
            (json!({ "kind": "PRIVATE" }), "lastName"),
            (
                json!({ "kind": "BUSINESS", "companyName": "x".repeat(201) }),
                "companyName",
            ),
            (
                json!({ "kind": "BUSINESS", "companyName": "Ok AB", "email": "not-an-email" }),
                "email",
            ),
            (
                json!({ "kind": "BUSINESS", "companyName": "Ok AB", "email": "a@b@c.se" }),
                "email",
            ),
            (
                json!({ "kind": "BUSINESS", "companyName": "Ok AB", "phone": "call me" }),
                "phone",
            ),
            (
                json!({ "kind": "PRIVATE", "lastName": "Berg", "identityNumber": "121212-1213" }),
                "identityNumber",
            ),
            (
                json!({ "kind": "PRIVATE", "lastName": "Berg", "identityNumber": "991332-1234" }),
                "identityNumber",
            ),
            (
                json!({ "kind": "BUSINESS", "companyName": "Ok AS", "country": "NO", "identityNumber": "923609017" }),
                "identityNumber",
            ),
            (
                json!({ "kind": "BUSINESS", "companyName": "Ok AB", "note": "a\u{0000}b" }),
                "note",
            ),
            (
                json!({ "kind": "BUSINESS", "companyName": "Ok AB",
                 "invoiceAddress": { "line1": "Gatan 1", "postalCode": "1234", "city": "Sthlm", "country": "SE" } }),
                "invoiceAddress.postalCode",
            ),
        ];
        // A 100 000-character name is well inside the body limit but far past the field limit.
        cases.push((
            json!({ "kind": "PRIVATE", "lastName": "y".repeat(100_000) }),
            "lastName",
        ));
        for (input, field) in cases {
            let res = app.gql(q, json!({ "i": input })).await;
            assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{input}: {res}");
            assert_eq!(error_field(&res), Some(field), "{input}: {res}");
            assert!(res["data"].is_null());
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 0);

        // Wrong types are refused by GraphQL validation, not by a crash.
        let res = app
            .gql(q, json!({ "i": { "kind": "ROBOT", "companyName": 5 } }))
            .await;
        assert!(res["errors"].is_array() && res["data"].is_null(), "{res}");
        let res = app
            .gql(
                "query { customers(first: \"ten\") { nodes { id } } }",
                json!({}),
            )
            .await;
        assert!(res["errors"].is_array(), "{res}");

        // A 10 MB name never reaches the resolver: the body limit refuses it.
        let huge = json!({ "query": q, "variables": { "i": { "kind": "PRIVATE", "lastName": "z".repeat(10 * 1024 * 1024) } } });
        // The server answers 413 and may close the connection before the client finishes sending.
        let res = app
            .client
            .post(format!("{}/graphql", app.url))
            .header("x-tillit-csrf", "1")
            .json(&huge)
            .send()
            .await;
        if let Ok(res) = res {
            assert_eq!(res.status(), reqwest::StatusCode::PAYLOAD_TOO_LARGE);
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 0);

        // The server keeps serving.
        let ok = create_customer(&app, business("Still Alive AB")).await;
        assert_eq!(ok["displayName"], "Still Alive AB");
    }
);

dual_test!(unknown_and_malformed_ids, |app| {
    app.login_admin().await;
    let res = app
        .gql(
            "query($id: ID!) { customer(id: $id) { id } }",
            json!({ "id": uuid::Uuid::new_v4().to_string() }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"));
    let res = app
        .gql(
            "query($id: ID!) { customer(id: $id) { id } }",
            json!({ "id": "42; DROP TABLE customers" }),
        )
        .await;
    assert_eq!(error_code(&res), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&res), Some("id"));
    let res = app
        .gql(
            "mutation($c: ID!) { createContact(customerId: $c, input: { name: \"X\" }) { id } }",
            json!({ "c": uuid::Uuid::new_v4().to_string() }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"));
    let res = app
        .gql(
            "mutation($id: ID!) { updateContact(id: $id, expectedVersion: 1, input: { name: \"X\" }) { id } }",
            json!({ "id": uuid::Uuid::new_v4().to_string() }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"));
});

const UPDATE: &str = "mutation($id: ID!, $v: Int!, $i: CustomerInput!) { updateCustomer(id: $id, expectedVersion: $v, input: $i) { displayName version } }";

dual_test!(concurrent_edits_never_overwrite_silently, |app| {
    app.login_admin().await;
    let created = create_customer(&app, business("Original AB")).await;
    let id = created["id"].as_str().unwrap();

    // Two staff members both read version 1 and save at the same time.
    let (a, b) = tokio::join!(
        app.gql(
            UPDATE,
            json!({ "id": id, "v": 1, "i": business("Edited By Anna AB") })
        ),
        app.gql(
            UPDATE,
            json!({ "id": id, "v": 1, "i": business("Edited By Björn AB") })
        ),
    );
    let (winner, loser) = if a["errors"].is_null() {
        (a, b)
    } else {
        (b, a)
    };
    assert_eq!(winner["data"]["updateCustomer"]["version"], 2, "{winner}");
    assert_eq!(error_code(&loser), Some("CONFLICT"), "{loser}");
    assert_eq!(error_field(&loser), Some("expectedVersion"));

    let res = app
        .gql(
            "query($id: ID!) { customer(id: $id) { displayName version } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(res["data"]["customer"], winner["data"]["updateCustomer"]);

    // A stale version after the fact is refused too.
    let res = app
        .gql(
            UPDATE,
            json!({ "id": id, "v": 1, "i": business("Late AB") }),
        )
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"));
});

dual_test!(
    archive_hides_from_default_search_and_restore_brings_back,
    |app| {
        app.login_admin().await;
        let created = create_customer(&app, business("Arkivbolaget AB")).await;
        let id = created["id"].as_str().unwrap();
        let res = app
        .gql("mutation($id: ID!) { archiveCustomer(id: $id, expectedVersion: 1) { state version } }", json!({ "id": id }))
        .await;
        assert_eq!(
            res["data"]["archiveCustomer"],
            json!({ "state": "ARCHIVED", "version": 2 })
        );
        assert!(search_names(&app, "arkivbolaget").await.is_empty());
        let res = app
        .gql(
            "query { customers(search: \"arkivbolaget\", includeArchived: true) { nodes { displayName state } } }",
            json!({}),
        )
        .await;
        assert_eq!(res["data"]["customers"]["nodes"][0]["state"], "ARCHIVED");
        let res = app
            .gql(
                "mutation($id: ID!) { restoreCustomer(id: $id, expectedVersion: 2) { state } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(res["data"]["restoreCustomer"]["state"], "ACTIVE");
        assert_eq!(
            search_names(&app, "arkivbolaget").await,
            vec!["Arkivbolaget AB"]
        );
    }
);

dual_test!(contacts_are_created_edited_and_archived, |app| {
    app.login_admin().await;
    let customer = create_customer(&app, business("Kontakt AB")).await;
    let cid = customer["id"].as_str().unwrap();
    let anna = create_contact(
        &app,
        cid,
        json!({ "name": "Anna Lind", "title": "VD", "email": "Anna.Lind@Kontakt.se", "phone": "0701234567",
                "recipientOf": ["INVOICES", "MARKETING", "INVOICES"], "externalId": "shop-1" }),
    )
    .await;
    assert_eq!(anna["email"], "anna.lind@kontakt.se");
    assert_eq!(anna["phone"], "+46701234567");
    assert_eq!(anna["recipientOf"], json!(["INVOICES", "MARKETING"]));
    create_contact(&app, cid, json!({ "name": "Björn Berg" })).await;

    // External ids are unique across contacts.
    let res = app
        .gql(
            "mutation($c: ID!) { createContact(customerId: $c, input: { name: \"Dup\", externalId: \"shop-1\" }) { id } }",
            json!({ "c": cid }),
        )
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"));
    assert_eq!(error_field(&res), Some("externalId"));

    let res = app
        .gql(
            "mutation($id: ID!) { updateContact(id: $id, expectedVersion: 1, input: { name: \"Anna Lind-Ek\", email: \"bad\" }) { id } }",
            json!({ "id": anna["id"] }),
        )
        .await;
    assert_eq!(error_field(&res), Some("email"));
    let res = app
        .gql(
            "mutation($id: ID!) { updateContact(id: $id, expectedVersion: 1, input: { name: \"Anna Lind-Ek\" }) { name version email } }",
            json!({ "id": anna["id"] }),
        )
        .await;
    assert_eq!(
        res["data"]["updateContact"],
        json!({ "name": "Anna Lind-Ek", "version": 2, "email": null })
    );

    let card = "query($id: ID!) { customer(id: $id) { contacts { name } all: contacts(includeArchived: true) { name archived } } }";
    let res = app.gql(card, json!({ "id": cid })).await;
    assert_eq!(
        res["data"]["customer"]["contacts"],
        json!([{ "name": "Anna Lind-Ek" }, { "name": "Björn Berg" }])
    );

    let res = app
        .gql(
            "mutation($id: ID!) { archiveContact(id: $id, expectedVersion: 2) { archived } }",
            json!({ "id": anna["id"] }),
        )
        .await;
    assert_eq!(res["data"]["archiveContact"]["archived"], true);
    let res = app.gql(card, json!({ "id": cid })).await;
    assert_eq!(
        res["data"]["customer"]["contacts"],
        json!([{ "name": "Björn Berg" }])
    );
    assert_eq!(res["data"]["customer"]["all"].as_array().unwrap().len(), 2);
    // An archived contact no longer makes its customer findable.
    assert!(search_names(&app, "lind-ek").await.is_empty());
});
