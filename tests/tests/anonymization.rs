//! Anonymization: the preview finds the person in free text, a mention can be redacted, the
//! person is removed while orders and invoices stay, the receipt holds no personal data, and a
//! property test shows nothing of randomly generated people survives anywhere reachable.

mod common;

use common::*;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const PREVIEW: &str = "query($c: ID!) { anonymizationPreview(customerId: $c) { customerNumber displayName \
    removes { category count } keeps { category count } hiddenMentions \
    mentions { source recordId label field customerId excerpt kinds count } } }";
const ANONYMIZE: &str = "mutation($id: ID!, $n: Int!) { anonymizeCustomer(id: $id, confirmNumber: $n) { alreadyAnonymized \
    receipt { id customerNumber maskedName actorKind removed { category count } kept { category count } mentionsLeft { source label field } } \
    customer { id displayName state anonymizedAt email phone identityNumber note firstName lastName invoiceAddress { line1 } } } }";
const CARD: &str = "query($id: ID!) { customer(id: $id) { displayName state email phone identityNumber note \
    contacts(includeArchived: true) { name email phone title externalId archived consentHistory { evidence } } \
    orders { number total description } invoices { number total buyerName } tasks(includeDone: true) { title body } } }";

fn private_person(first: &str, last: &str, email: &str, phone: &str, identity: &str) -> Value {
    json!({
        "kind": "PRIVATE",
        "country": "SE",
        "firstName": first,
        "lastName": last,
        "identityNumber": identity,
        "email": email,
        "phone": phone,
        "invoiceAddress": { "line1": "Gränsvägen 7", "postalCode": "41319", "city": "Göteborg", "country": "SE" },
        "note": format!("{first} vill bli kontaktad på kvällen."),
    })
}

fn category<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == name)
        .map_or(&Value::Null, |c| &c["count"])
}

async fn order_for(app: &TestApp, customer: &str, description: &str) -> Value {
    let res = app
        .gql(
            "mutation($c: ID!, $d: String) { createOrder(customerId: $c, input: { orderDate: \"2026-11-10\", description: $d, \
             lines: [{ description: \"Fönsterputs\", quantity: 2, unitPrice: 45000, vatRate: 2500 }] }) { id number total } }",
            json!({ "c": customer, "d": description }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    res["data"]["createOrder"].clone()
}

dual_test!(the_person_goes_and_the_business_records_stay, |app| {
    app.login_admin().await;
    let customer = create_customer(
        &app,
        private_person(
            "Åsa",
            "Öberg",
            "asa.oberg@example.se",
            "070-123 45 67",
            "19811218-9876",
        ),
    )
    .await;
    let id = customer["id"].as_str().unwrap().to_owned();
    let number = customer["number"].as_i64().unwrap();
    let contact = create_contact(
        &app,
        &id,
        json!({ "name": "Per Öberg", "email": "per.oberg@example.se", "phone": "0739876543", "externalId": "shop-9" }),
    )
    .await;
    let contact_id = contact["id"].as_str().unwrap().to_owned();
    // A My page account, a consent with evidence naming the person.
    let res = app
        .gql(
            "mutation($c: ID!) { inviteContactToPortal(contactId: $c) { link } }",
            json!({ "c": contact_id }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let purposes = app.gql("{ consentPurposes { id } }", json!({})).await;
    let res = app
        .gql(
            "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
            json!({ "c": id, "i": { "source": "PHONE", "evidence": "Per Öberg ringde 2026-11-01",
                "changes": [{ "contactId": contact_id, "purposeId": purposes["data"]["consentPurposes"][0]["id"], "decision": "GRANTED" }] } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    // Business records, some naming the person in free text.
    let order = order_for(
        &app,
        &id,
        "Leverans till ÅSA ÖBERG, portkod via 070-1234567",
    )
    .await;
    let res = app
        .gql(
            "mutation($c: ID!, $o: ID!) { createInvoice(customerId: $c, input: { orderId: $o, invoiceDate: \"2026-11-11\", dueDate: \"2026-12-11\" }) { id total buyerName } }",
            json!({ "c": id, "o": order["id"] }),
        )
        .await;
    let invoice = res["data"]["createInvoice"].clone();
    assert_eq!(invoice["buyerName"], "Åsa Öberg", "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createTask(input: { customerId: $c, title: \"Återkoppla\", body: \"Ring asa oberg om offerten\" }) { id } }",
            json!({ "c": id }),
        )
        .await;
    let task = res["data"]["createTask"]["id"].clone();
    let neighbour = create_customer(&app, business("Grannen AB")).await;
    let res = app
        .gql(
            "mutation($id: ID!, $i: CustomerInput!) { updateCustomer(id: $id, expectedVersion: 1, input: $i) { id } }",
            json!({ "id": neighbour["id"], "i": { "kind": "BUSINESS", "companyName": "Grannen AB", "note": "Känner Per.Oberg@example.se" } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");

    // The preview: what goes, what stays, and every mention with where it is.
    let res = app.gql(PREVIEW, json!({ "c": id })).await;
    let preview = &res["data"]["anonymizationPreview"];
    assert_eq!(preview["displayName"], "Åsa Öberg", "{res}");
    assert_eq!(category(&preview["removes"], "contactPersons"), 1);
    assert_eq!(category(&preview["removes"], "myPageAccounts"), 1);
    assert_eq!(category(&preview["removes"], "consentEvidence"), 1);
    assert_eq!(category(&preview["keeps"], "orders"), 1);
    assert_eq!(category(&preview["keeps"], "invoices"), 1);
    let mentions = preview["mentions"].as_array().unwrap();
    let labels: Vec<(&str, &str)> = mentions
        .iter()
        .map(|m| (m["source"].as_str().unwrap(), m["field"].as_str().unwrap()))
        .collect();
    assert!(labels.contains(&("ORDER", "description")), "{labels:?}");
    assert!(labels.contains(&("TASK", "body")), "{labels:?}");
    assert!(labels.contains(&("CUSTOMER_NOTE", "note")), "{labels:?}");
    let order_mention = mentions.iter().find(|m| m["source"] == "ORDER").unwrap();
    assert_eq!(order_mention["kinds"], json!(["NAME", "PHONE"]));
    assert_eq!(order_mention["count"], 2);
    assert!(
        order_mention["excerpt"]
            .as_str()
            .unwrap()
            .contains("ÅSA ÖBERG")
    );
    assert_eq!(order_mention["label"], format!("Order {}", order["number"]));

    // Redact the task's mention: it leaves the list.
    let res = app
        .gql(
            "mutation($c: ID!, $r: ID!) { redactMentions(customerId: $c, source: TASK, recordId: $r, field: \"body\") }",
            json!({ "c": id, "r": task }),
        )
        .await;
    assert_eq!(res["data"]["redactMentions"], 1, "{res}");
    let res = app.gql(PREVIEW, json!({ "c": id })).await;
    assert!(
        res["data"]["anonymizationPreview"]["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["source"] != "TASK"),
        "{res}"
    );

    // The confirmation must name the customer's number.
    let res = app
        .gql(ANONYMIZE, json!({ "id": id, "n": number + 1 }))
        .await;
    assert_eq!(error_field(&res), Some("confirmNumber"), "{res}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM anonymization_receipts")
            .await,
        0
    );

    let res = app.gql(ANONYMIZE, json!({ "id": id, "n": number })).await;
    let done = &res["data"]["anonymizeCustomer"];
    assert_eq!(done["alreadyAnonymized"], false, "{res}");
    let receipt = &done["receipt"];
    assert_eq!(receipt["maskedName"], "Å** Ö****");
    assert_eq!(receipt["customerNumber"], number);
    assert_eq!(receipt["actorKind"], "user");
    assert_eq!(category(&receipt["kept"], "orders"), 1);
    let left: Vec<&str> = receipt["mentionsLeft"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source"].as_str().unwrap())
        .collect();
    assert!(
        left.contains(&"ORDER") && left.contains(&"CUSTOMER_NOTE"),
        "{left:?}"
    );
    assert!(!left.contains(&"TASK"));
    assert!(
        !receipt.to_string().contains("Öberg"),
        "the receipt holds no personal data"
    );
    let anonymized = &done["customer"];
    assert_eq!(
        anonymized["displayName"],
        format!("Anonymized customer {number}")
    );
    assert_eq!(anonymized["state"], "ANONYMIZED");
    for field in [
        "email",
        "phone",
        "identityNumber",
        "note",
        "firstName",
        "lastName",
        "invoiceAddress",
    ] {
        assert_eq!(anonymized[field], Value::Null, "{field}");
    }

    // The card: no person, the business records intact; the invoice keeps its buyer.
    let res = app.gql(CARD, json!({ "id": id })).await;
    let card = &res["data"]["customer"];
    let contact = &card["contacts"][0];
    assert_eq!(contact["name"], "Anonymized contact", "{res}");
    for field in ["email", "phone", "title", "externalId"] {
        assert_eq!(contact[field], Value::Null, "{field}");
    }
    assert_eq!(contact["consentHistory"][0]["evidence"], Value::Null);
    assert_eq!(card["orders"][0]["total"], order["total"]);
    assert_eq!(card["invoices"][0]["total"], invoice["total"]);
    assert_eq!(card["invoices"][0]["buyerName"], "Åsa Öberg");
    assert_eq!(card["tasks"][0]["body"], "Ring [redacted] om offerten");
    assert!(search_names(&app, "Öberg").await.is_empty());
    assert!(search_names(&app, "asa.oberg").await.is_empty());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM portal_accounts").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM portal_tokens").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outgoing_messages").await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM anonymization_ledger")
            .await,
        1
    );

    // Editing or selling to it is refused; anonymizing again answers with the same receipt.
    let res = app
        .gql(
            "mutation($id: ID!, $i: CustomerInput!) { updateCustomer(id: $id, expectedVersion: 2, input: $i) { id } }",
            json!({ "id": id, "i": business("Tillbaka AB") }),
        )
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createOrder(customerId: $c, input: { orderDate: \"2026-11-29\", lines: [{ description: \"x\", quantity: 1, unitPrice: 100, vatRate: 2500 }] }) { id } }",
            json!({ "c": id }),
        )
        .await;
    assert_eq!(error_field(&res), Some("customerId"), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createTask(input: { customerId: $c, title: \"Ring Åsa\" }) { id } }",
            json!({ "c": id }),
        )
        .await;
    assert_eq!(error_field(&res), Some("customerId"), "{res}");
    // Its existing task can still be ticked off, but takes no new text.
    let update = "mutation($id: ID!, $c: ID!, $b: String) { updateTask(id: $id, expectedVersion: 2, done: true, \
        input: { customerId: $c, title: \"Återkoppla\", body: $b }) { done version } }";
    let res = app
        .gql(
            update,
            json!({ "id": task, "c": id, "b": "Ring Åsa Öberg igen" }),
        )
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    let res = app
        .gql(
            update,
            json!({ "id": task, "c": id, "b": "Ring [redacted] om offerten" }),
        )
        .await;
    assert_eq!(res["data"]["updateTask"]["done"], true, "{res}");
    let res = app.gql(ANONYMIZE, json!({ "id": id, "n": 0 })).await;
    assert_eq!(
        res["data"]["anonymizeCustomer"]["alreadyAnonymized"], true,
        "{res}"
    );
    assert_eq!(
        res["data"]["anonymizeCustomer"]["receipt"]["id"],
        receipt["id"]
    );
    let res = app
        .gql(
            "{ anonymizationReceipts { customerNumber maskedName } }",
            json!({}),
        )
        .await;
    assert_eq!(
        res["data"]["anonymizationReceipts"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{res}"
    );
});

dual_test!(only_those_allowed_may_anonymize, |app| {
    app.login_admin().await;
    let mine = create_group(&app, "Mina", &["READ_CUSTOMERS", "ANONYMIZE"]).await;
    let theirs = create_group(&app, "Deras", &["READ_CUSTOMERS"]).await;
    let res = app
        .gql(
            "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id number } }",
            json!({ "i": business("Deras AB"), "g": [theirs] }),
        )
        .await;
    let restricted = res["data"]["createCustomer"].clone();
    let open = create_customer(&app, business("Allmän AB")).await;
    let reader = staff_in(&app, "reader@tillit.test", &[&theirs]).await;
    let eraser = staff_in(&app, "eraser@tillit.test", &[&mine]).await;

    // Without the right: FORBIDDEN, nothing changes.
    let res = app
        .gql_with(
            &reader,
            ANONYMIZE,
            json!({ "id": open["id"], "n": open["number"] }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app
        .gql_with(&reader, PREVIEW, json!({ "c": open["id"] }))
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    // With the right, but the customer is restricted to a group the user is not in.
    let res = app
        .gql_with(
            &eraser,
            ANONYMIZE,
            json!({ "id": restricted["id"], "n": restricted["number"] }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers WHERE state = 'anonymized'")
            .await,
        0
    );
    // Receipts are for administrators.
    let res = app
        .gql_with(&eraser, "{ anonymizationReceipts { id } }", json!({}))
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app
        .gql_with(
            &eraser,
            ANONYMIZE,
            json!({ "id": open["id"], "n": open["number"] }),
        )
        .await;
    assert_eq!(
        res["data"]["anonymizeCustomer"]["alreadyAnonymized"], false,
        "{res}"
    );
});

dual_test!(a_restore_cannot_bring_a_person_back, |app| {
    app.login_admin().await;
    let customer = create_customer(
        &app,
        private_person(
            "Ture",
            "Sventon",
            "ture@example.se",
            "0701112233",
            "19811218-9876",
        ),
    )
    .await;
    let id = customer["id"].as_str().unwrap().to_owned();
    let res = app
        .gql(ANONYMIZE, json!({ "id": id, "n": customer["number"] }))
        .await;
    assert!(res["errors"].is_null(), "{res}");
    // A backup from before the anonymization is restored: the person is back in the table …
    app.exec(&format!(
        "UPDATE customers SET state = 'active', first_name = 'Ture', last_name = 'Sventon', \
         display_name = 'Ture Sventon', email = 'ture@example.se' WHERE number = {}",
        customer["number"]
    ))
    .await;
    // … and the ledger anonymizes them again.
    let again = tillit::features::anonymization::service::reapply_ledger(&app.state.db)
        .await
        .unwrap();
    assert_eq!(again, 1);
    let res = app
        .gql(
            "query($id: ID!) { customer(id: $id) { displayName state email } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(res["data"]["customer"]["state"], "ANONYMIZED", "{res}");
    assert_eq!(res["data"]["customer"]["email"], Value::Null);
    assert_eq!(
        tillit::features::anonymization::service::reapply_ledger(&app.state.db)
            .await
            .unwrap(),
        0
    );
});

/// A small deterministic generator (xorshift) for the property test.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self, len: usize) -> String {
        let letters = "abcdefghijklmnoprstuvyzåäö";
        let chars: Vec<char> = letters.chars().collect();
        let mut w: String = (0..len)
            .map(|_| chars[(self.next() % chars.len() as u64) as usize])
            .collect();
        if let Some(first) = w.chars().next() {
            w = first.to_uppercase().collect::<String>() + &w[first.len_utf8()..];
        }
        w
    }

    /// Lower-case ASCII, for e-mail addresses.
    fn ascii(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + (self.next() % 26) as u8))
            .collect()
    }

    fn digits(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'0' + (self.next() % 10) as u8))
            .collect()
    }
}

/// Every text value in every table, as one lower-cased string per row.
async fn all_text(app: &TestApp) -> String {
    let mut out = String::new();
    for (table, columns) in [
        (
            "customers",
            "coalesce(first_name,'') || coalesce(last_name,'') || display_name || coalesce(email,'') || coalesce(phone,'') || coalesce(identity_number,'') || coalesce(note,'') || search_doc || coalesce(cast(invoice_address as text),'')",
        ),
        (
            "contacts",
            "name || coalesce(email,'') || coalesce(phone,'') || coalesce(title,'') || coalesce(external_id,'')",
        ),
        (
            "consent_events",
            "coalesce(evidence,'') || coalesce(user_agent,'') || coalesce(ip,'')",
        ),
        ("portal_accounts", "email"),
        ("outgoing_messages", "to_address || subject || body"),
        (
            "anonymization_receipts",
            "masked_name || cast(removed as text) || cast(mentions_left as text)",
        ),
        ("audit_events", "coalesce(cast(details as text),'')"),
    ] {
        let db = &app.state.db;
        let rows: Vec<String> = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT {columns} AS t FROM {table}"),
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.try_get::<String>("", "t").unwrap())
            .collect();
        for t in rows {
            out.push_str(&t.to_lowercase());
            out.push('\n');
        }
    }
    out
}

dual_test!(nothing_of_a_random_person_survives_anonymization, |app| {
    app.login_admin().await;
    let mut g = Gen(0x5eed_1234_abcd_0042);
    let purposes = app.gql("{ consentPurposes { id } }", json!({})).await;
    let purpose = purposes["data"]["consentPurposes"][0]["id"].clone();
    let mut secrets: Vec<String> = Vec::new();
    let mut customers = Vec::new();
    for _ in 0..6 {
        let first = g.word(7);
        let last = g.word(9);
        let email = format!("{}.{}@{}.se", g.ascii(6), g.ascii(5), g.ascii(6));
        let phone = format!("070{}", g.digits(7));
        let street = format!("{}gatan {}", g.word(8), g.next() % 90 + 1);
        let contact_name = format!("{} {}", g.word(6), g.word(8));
        let contact_email = format!("{}@{}.se", g.ascii(8), g.ascii(7));
        let customer = create_customer(
            &app,
            json!({
                "kind": "PRIVATE", "country": "SE", "firstName": first, "lastName": last,
                "email": email, "phone": phone,
                "invoiceAddress": { "line1": street, "postalCode": "11122", "city": "Stockholm", "country": "SE" },
                "note": format!("Anteckning om {first}"),
            }),
        )
        .await;
        let id = customer["id"].as_str().unwrap().to_owned();
        let contact = create_contact(
            &app,
            &id,
            json!({ "name": contact_name, "email": contact_email, "phone": format!("073{}", g.digits(7)) }),
        )
        .await;
        let res = app
            .gql(
                "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
                json!({ "c": id, "i": { "source": "PHONE", "evidence": format!("{contact_name} sa ja"),
                    "changes": [{ "contactId": contact["id"], "purposeId": purpose, "decision": "GRANTED" }] } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        order_for(&app, &id, "Fönsterputs").await;
        secrets.extend([
            first.to_lowercase(),
            last.to_lowercase(),
            email.to_lowercase(),
            phone[1..].to_owned(),
            street.to_lowercase(),
            contact_name.to_lowercase(),
            contact_email.to_lowercase(),
        ]);
        customers.push(customer);
    }
    let orders_before = app.scalar("SELECT COUNT(*) FROM orders").await;
    let sum_before = app
        .scalar("SELECT CAST(SUM(quantity_milli * unit_price_minor) AS BIGINT) FROM order_lines")
        .await;
    for c in &customers {
        let res = app
            .gql(ANONYMIZE, json!({ "id": c["id"], "n": c["number"] }))
            .await;
        assert!(res["errors"].is_null(), "{res}");
    }
    // Nothing reachable through the API or the export …
    for c in &customers {
        let res = app.gql(CARD, json!({ "id": c["id"] })).await;
        let export = app
            .gql(
                "query($c: ID!) { customerExport(customerId: $c) }",
                json!({ "c": c["id"] }),
            )
            .await;
        assert_eq!(
            export["data"]["customerExport"]["orders"]
                .as_array()
                .map(Vec::len),
            Some(1),
            "{export}"
        );
        let text = format!("{res}{export}").to_lowercase();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{s} is still reachable: {text}");
        }
    }
    for s in &secrets {
        assert!(
            search_names(&app, s).await.is_empty(),
            "{s} is still found by search"
        );
    }
    // … nor anywhere in the database.
    let stored = all_text(&app).await;
    for s in &secrets {
        assert!(!stored.contains(s.as_str()), "{s} is still stored");
    }
    // The business records are unchanged.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders").await,
        orders_before
    );
    assert_eq!(
        app.scalar(
            "SELECT CAST(SUM(quantity_milli * unit_price_minor) AS BIGINT) FROM order_lines"
        )
        .await,
        sum_before
    );
});
