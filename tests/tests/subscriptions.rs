//! `subscription { consentChanged }` over WebSocket (`/graphql/ws`, graphql-transport-ws), as a
//! webshop backend and a staff browser would use it: authenticated on `connection_init`, only
//! the customers the subscriber may see, refusals that say why.

mod common;

use std::time::Duration;

use common::ws::{Socket, error_of, init, next, open, send};
use common::*;
use serde_json::{Value, json};

const SUBSCRIBE: &str = "subscription($c: ID, $p: ID) { consentChanged(customerId: $c, contactId: $p) { eventId customerId contactId purpose { key } decision source declarationVersion occurredAt } }";
const WEBSHOP_RECORD: &str =
    "mutation($i: WebshopConsentInput!) { recordWebshopConsent(input: $i) { replayed eventIds } }";
const STAFF_RECORD: &str = "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }";

async fn subscribe_as_key(app: &TestApp, secret: &str, variables: Value) -> Socket {
    let (mut socket, ack) = init(
        app,
        &[],
        json!({ "authorization": format!("Bearer {secret}") }),
    )
    .await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIBE, "variables": variables } }),
    )
    .await;
    socket
}

/// The payload of the next `next` message for subscription "1".
async fn next_change(socket: &mut Socket) -> Value {
    let message = next(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["id"], "1");
    message["payload"].clone()
}

async fn purpose_ids(app: &TestApp) -> Value {
    let res = app.gql("{ consentPurposes { id key } }", json!({})).await;
    let mut ids = serde_json::Map::new();
    for p in res["data"]["consentPurposes"].as_array().unwrap() {
        ids.insert(p["key"].as_str().unwrap().to_owned(), p["id"].clone());
    }
    Value::Object(ids)
}

/// A customer (optionally restricted to groups) with one contact.
async fn customer_with_contact(app: &TestApp, name: &str, groups: &[&str]) -> (String, String) {
    let res = app
        .gql(
            "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id } }",
            json!({ "i": business(name), "g": groups }),
        )
        .await;
    let customer = res["data"]["createCustomer"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{res}"))
        .to_owned();
    let contact = create_contact(
        app,
        &customer,
        json!({ "name": format!("Kontakt {name}"), "email": format!("{}@example.se", name.len()) }),
    )
    .await;
    (customer, contact["id"].as_str().unwrap().to_owned())
}

async fn staff_records(app: &TestApp, customer: &str, contact: &str, purpose: &Value) {
    let res = app
        .gql(
            STAFF_RECORD,
            json!({ "c": customer, "i": {
                "changes": [{ "contactId": contact, "purposeId": purpose, "decision": "GRANTED" }],
                "source": "PHONE", "evidence": "Called 2026-11-29",
            } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
}

fn webshop_change(contact: &str, key: &str, decision: &str) -> Value {
    json!({ "i": {
        "contactId": contact,
        "changes": [
            { "purpose": "marketing_email", "decision": decision },
            { "purpose": "sms", "decision": "WITHDRAWN" },
        ],
        "declarationVersion": 1,
        "idempotencyKey": key,
    } })
}

dual_test!(a_webshop_key_hears_committed_changes_in_order, |app| {
    app.login_admin().await;
    let (customer, contact) = customer_with_contact(&app, "Live AB", &[]).await;
    let (read_id, read_secret) = create_api_key(&app, "Listener", &["CONSENT_READ"], &[]).await;
    let (_, write_secret) = create_api_key(&app, "Webshop", &["CONSENT_WRITE"], &[]).await;
    let writer = key_client(&write_secret);

    let mut socket = subscribe_as_key(&app, &read_secret, json!({})).await;
    // The subscription is registered once its audit row is written.
    subscribed(&app, 1).await;

    let res = app
        .gql_with(
            &writer,
            WEBSHOP_RECORD,
            webshop_change(&contact, "order-1", "GRANTED"),
        )
        .await;
    let ids = res["data"]["recordWebshopConsent"]["eventIds"].clone();
    let first = next_change(&mut socket).await;
    let change = &first["data"]["consentChanged"];
    assert_eq!(change["eventId"], ids[0], "{first}");
    assert_eq!(change["customerId"], customer.as_str());
    assert_eq!(change["contactId"], contact.as_str());
    assert_eq!(change["purpose"]["key"], "marketing_email");
    assert_eq!(change["decision"], "GRANTED");
    assert_eq!(change["source"], "WEBSHOP");
    assert_eq!(change["declarationVersion"], 1);
    let second = next_change(&mut socket).await;
    assert_eq!(second["data"]["consentChanged"]["eventId"], ids[1]);
    assert_eq!(second["data"]["consentChanged"]["purpose"]["key"], "sms");
    assert_eq!(second["data"]["consentChanged"]["decision"], "WITHDRAWN");

    // A retry with the same idempotency key records nothing and announces nothing: the next
    // message is the staff change that follows it.
    let res = app
        .gql_with(
            &writer,
            WEBSHOP_RECORD,
            webshop_change(&contact, "order-1", "GRANTED"),
        )
        .await;
    assert_eq!(
        res["data"]["recordWebshopConsent"]["replayed"], true,
        "{res}"
    );
    let purposes = purpose_ids(&app).await;
    staff_records(&app, &customer, &contact, &purposes["phone"]).await;
    let third = next_change(&mut socket).await;
    assert_eq!(
        third["data"]["consentChanged"]["purpose"]["key"], "phone",
        "{third}"
    );
    assert_eq!(third["data"]["consentChanged"]["source"], "PHONE");

    // Every delivery is in the access log under the key, with the customer as subject.
    let delivered = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'consent.subscription.deliver' \
             AND actor_id = '{read_id}' AND entity_type = 'customer' AND entity_id = '{customer}'"
        ))
        .await;
    assert_eq!(delivered, 3);

    // Completing the subscription is confirmed; the connection stays usable.
    send(&mut socket, json!({ "id": "1", "type": "complete" })).await;
    assert_eq!(next(&mut socket).await["type"], "complete");
    send(&mut socket, json!({ "type": "ping" })).await;
    assert_eq!(next(&mut socket).await["type"], "pong");
});

dual_test!(a_subscriber_hears_only_the_customers_it_may_see, |app| {
    app.login_admin().await;
    let north = create_group(&app, "Nord", &["READ_CUSTOMERS"]).await;
    let south = create_group(&app, "Syd", &["READ_CUSTOMERS"]).await;
    let (hidden, hidden_contact) = customer_with_contact(&app, "Syd AB", &[&south]).await;
    let (open_customer, open_contact) = customer_with_contact(&app, "Öppen AB", &[]).await;
    let (_, secret) = create_api_key(&app, "Nord-lyssnare", &["CONSENT_READ"], &[&north]).await;
    let purposes = purpose_ids(&app).await;

    // Asking for the hidden customer by id is answered like an unknown one.
    let mut refused = subscribe_as_key(&app, &secret, json!({ "c": hidden })).await;
    let answer = next(&mut refused).await;
    assert_eq!(error_of(&answer), "NOT_FOUND", "{answer}");
    assert_eq!(next(&mut refused).await["type"], "complete");

    let mut socket = subscribe_as_key(&app, &secret, json!({})).await;
    subscribed(&app, 1).await;
    staff_records(&app, &hidden, &hidden_contact, &purposes["marketing_email"]).await;
    staff_records(
        &app,
        &open_customer,
        &open_contact,
        &purposes["marketing_email"],
    )
    .await;
    let change = next_change(&mut socket).await;
    assert_eq!(
        change["data"]["consentChanged"]["customerId"],
        open_customer.as_str(),
        "the change to the hidden customer must not reach this key: {change}"
    );

    // A filter on one contact passes nothing else.
    let mut one = subscribe_as_key(&app, &secret, json!({ "p": open_contact })).await;
    subscribed(&app, 2).await;
    let (other, other_contact) = customer_with_contact(&app, "Annan AB", &[]).await;
    staff_records(&app, &other, &other_contact, &purposes["sms"]).await;
    staff_records(&app, &open_customer, &open_contact, &purposes["sms"]).await;
    let change = next_change(&mut one).await;
    assert_eq!(
        change["data"]["consentChanged"]["contactId"],
        open_contact.as_str()
    );
    assert_eq!(change["data"]["consentChanged"]["purpose"]["key"], "sms");
});

dual_test!(staff_subscribe_with_their_session_cookie, |app| {
    app.login_admin().await;
    let (customer, contact) = customer_with_contact(&app, "Kaka AB", &[]).await;
    let purposes = purpose_ids(&app).await;
    let cookie = app.cookie_login(ADMIN_EMAIL, ADMIN_PASSWORD).await;

    // From this server's own origin, with the cookie of a full session.
    let host = app.url.trim_start_matches("http://").to_owned();
    let origin = app.url.clone();
    let (mut socket, ack) = init(
        &app,
        &[("cookie", &cookie), ("origin", &origin), ("host", &host)],
        json!({}),
    )
    .await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIBE, "variables": { "c": customer } } }),
    )
    .await;
    subscribed(&app, 1).await;
    staff_records(&app, &customer, &contact, &purposes["post"]).await;
    let change = next_change(&mut socket).await;
    assert_eq!(
        change["data"]["consentChanged"]["purpose"]["key"], "post",
        "{change}"
    );

    // Signing out ends the subscription at the next change.
    let res = app
        .post_graphql(
            &cookie_client(&cookie),
            &json!({ "query": "mutation { logout }" }),
        )
        .await;
    assert!(res.status().is_success());
    staff_records(&app, &customer, &contact, &purposes["phone"]).await;
    let ended = next(&mut socket).await;
    assert_eq!(error_of(&ended), "UNAUTHENTICATED", "{ended}");
    assert_eq!(next(&mut socket).await["type"], "complete");
});

dual_test!(websocket_refusals_say_why, |app| {
    app.login_admin().await;
    let (_, customers_only) = create_api_key(&app, "Kundläsare", &["CUSTOMERS_READ"], &[]).await;
    let (read_id, read_secret) = create_api_key(&app, "Lyssnare", &["CONSENT_READ"], &[]).await;
    let cookie = app.cookie_login(ADMIN_EMAIL, ADMIN_PASSWORD).await;

    // No credential, a wrong key, a malformed authorization: closed with 4403 and the reason.
    for payload in [
        json!({}),
        json!({ "authorization": "Bearer tillit_000000000000_wrong" }),
        json!({ "authorization": "Basic YWxhZGRpbjpvcGVuc2VzYW1l" }),
    ] {
        let (_, answer) = init(&app, &[], payload.clone()).await;
        assert_eq!(answer["close"], 4403, "{payload}: {answer}");
        assert!(!answer["reason"].as_str().unwrap().is_empty());
    }

    // A page on another site cannot ride on the staff cookie.
    let refused = open(
        &app,
        &[("cookie", &cookie), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(refused.err(), Some(403));

    // Not an upgrade, or no GraphQL sub-protocol: refused over plain HTTP.
    let res = app
        .client
        .get(format!("{}/graphql/ws", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);

    // A subscription sent to POST /graphql is pointed to the WebSocket, with a code.
    let res = app
        .gql_with(&key_client(&read_secret), SUBSCRIBE, json!({}))
        .await;
    assert_eq!(error_code(&res), Some("BAD_REQUEST"), "{res}");

    // A key without consent:read is refused the subscription.
    let mut socket = subscribe_as_key(&app, &customers_only, json!({})).await;
    let answer = next(&mut socket).await;
    assert_eq!(error_of(&answer), "FORBIDDEN", "{answer}");
    assert_eq!(next(&mut socket).await["type"], "complete");

    // Queries and mutations belong on POST /graphql.
    send(
        &mut socket,
        json!({ "id": "2", "type": "subscribe", "payload": { "query": "{ consentPurposes { key } }" } }),
    )
    .await;
    let answer = next(&mut socket).await;
    assert_eq!(answer["id"], "2", "{answer}");
    assert_eq!(error_of(&answer), "BAD_REQUEST", "{answer}");

    // A subscribe before connection_init closes the connection.
    let mut early = open(&app, &[]).await.unwrap();
    send(
        &mut early,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIBE } }),
    )
    .await;
    let answer = next(&mut early).await;
    assert!(answer["close"].as_u64().is_some(), "{answer}");

    // Revoking the key ends its open subscription at the next change.
    let mut live = subscribe_as_key(&app, &read_secret, json!({})).await;
    subscribed(&app, 1).await;
    let res = app
        .gql(
            "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
            json!({ "id": read_id }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let (customer, contact) = customer_with_contact(&app, "Sist AB", &[]).await;
    let purposes = purpose_ids(&app).await;
    staff_records(&app, &customer, &contact, &purposes["sms"]).await;
    let ended = next(&mut live).await;
    assert_eq!(error_of(&ended), "UNAUTHENTICATED", "{ended}");
    assert_eq!(next(&mut live).await["type"], "complete");
});

/// A client that sends the given cookie and the CSRF header.
fn cookie_client(cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        reqwest::header::HeaderValue::from_str(cookie).unwrap(),
    );
    headers.insert(
        "x-tillit-csrf",
        reqwest::header::HeaderValue::from_static("1"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Waits until `n` subscriptions have started: each writes its audit row once it listens, so a
/// change made afterwards reaches it.
async fn subscribed(app: &TestApp, n: i64) {
    let sql = "SELECT COUNT(*) FROM audit_events WHERE action = 'consent.subscribe'";
    for _ in 0..400 {
        if app.scalar(sql).await >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{n} subscriptions did not start");
}
