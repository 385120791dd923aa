//! Webhooks: a receiver started by the test gets signed consent changes in order, including the
//! ones queued while it was down; URLs to private addresses are refused when not allowed.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::*;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tillit::features::webhooks::dispatch::Dispatcher;

#[derive(Default)]
struct Receiver {
    up: bool,
    received: Vec<(HeaderMap, String)>,
    refused: usize,
}

/// An HTTP receiver on a random port that answers 503 while it is "down".
async fn receiver() -> (String, Arc<Mutex<Receiver>>) {
    let state = Arc::new(Mutex::new(Receiver {
        up: true,
        ..Receiver::default()
    }));
    let shared = state.clone();
    let app = Router::new().route(
        "/hooks",
        post(move |headers: HeaderMap, body: String| {
            let shared = shared.clone();
            async move {
                let mut r = shared.lock().unwrap();
                if r.up {
                    r.received.push((headers, body));
                    StatusCode::NO_CONTENT
                } else {
                    r.refused += 1;
                    StatusCode::SERVICE_UNAVAILABLE
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, state)
}

fn verify(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let signature = headers["tillit-signature"].to_str().unwrap();
    let (t, v1) = signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    mac.verify_slice(&hex_decode(v1)).is_ok()
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

const CREATE: &str = "mutation($u: String!) { createWebhookEndpoint(url: $u, events: [CONSENT_CHANGED]) { secret endpoint { id url events pendingDeliveries } } }";
const RECORD: &str = "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }";

dual_test!(
    signed_deliveries_arrive_in_order_even_after_downtime,
    |app| {
        app.login_admin().await;
        let (url, receiver) = receiver().await;
        let res = app.gql(CREATE, json!({ "u": url })).await;
        let created = &res["data"]["createWebhookEndpoint"];
        let secret = created["secret"]
            .as_str()
            .unwrap_or_else(|| panic!("{res}"))
            .to_owned();
        assert!(secret.starts_with("whsec_"));
        let endpoint = created["endpoint"]["id"].as_str().unwrap().to_owned();

        let customer = create_customer(&app, business("Krok AB")).await;
        let customer_id = customer["id"].as_str().unwrap();
        let contact = create_contact(&app, customer_id, json!({ "name": "Hanna Hook" })).await;
        let purposes = app.gql("{ consentPurposes { id key } }", json!({})).await;
        let purpose = purposes["data"]["consentPurposes"][1]["id"].clone();
        let record = |decision: &str, evidence: &str| json!({ "c": customer_id, "i": { "changes": [{ "contactId": contact["id"], "purposeId": purpose, "decision": decision }], "source": "PHONE", "evidence": evidence } });
        let dispatcher = Dispatcher::new(true).unwrap();

        let res = app.gql(RECORD, record("GRANTED", "Call 1")).await;
        assert!(res["errors"].is_null(), "{res}");
        assert_eq!(
            dispatcher
                .run_once(&app.state.db, &app.state.keyring)
                .await
                .unwrap(),
            1
        );
        {
            let r = receiver.lock().unwrap();
            assert_eq!(r.received.len(), 1);
            let (headers, body) = &r.received[0];
            assert!(verify(&secret, headers, body), "the signature verifies");
            assert!(!verify("whsec_wrong", headers, body));
            assert_eq!(headers["tillit-event"], "consent.changed");
            let payload: Value = serde_json::from_str(body).unwrap();
            assert_eq!(payload["type"], "consent.changed");
            assert_eq!(payload["data"]["contactId"], contact["id"]);
            assert_eq!(payload["data"]["decision"], "granted");
            assert_eq!(payload["data"]["source"], "phone");
            // Ids only: no names, no evidence.
            assert!(
                !body.contains("Hanna") && !body.contains("Call 1"),
                "{body}"
            );
        }

        // The receiver goes down; three changes queue and wait, in order.
        receiver.lock().unwrap().up = false;
        for (i, decision) in ["WITHDRAWN", "GRANTED", "WITHDRAWN"].iter().enumerate() {
            app.gql(RECORD, record(decision, &format!("Call {}", i + 2)))
                .await;
        }
        assert_eq!(
            dispatcher
                .run_once(&app.state.db, &app.state.keyring)
                .await
                .unwrap(),
            0
        );
        // Only the oldest is tried; the others wait behind it.
        assert_eq!(receiver.lock().unwrap().refused, 1);
        let res = app
        .gql(
            "query($e: ID!) { webhookEndpoints { id pendingDeliveries lastDeliveredAt } webhookDeliveries(endpointId: $e) { id status attempts lastError nextAttemptAt } }",
            json!({ "e": endpoint }),
        )
        .await;
        assert_eq!(
            res["data"]["webhookEndpoints"][0]["pendingDeliveries"], 3,
            "{res}"
        );
        let newest_first = res["data"]["webhookDeliveries"].as_array().unwrap();
        assert_eq!(newest_first.len(), 4);
        assert_eq!(newest_first[2]["attempts"], 1);
        assert_eq!(newest_first[2]["lastError"], "HTTP 503");
        // Before the backoff ends nothing is sent again.
        assert_eq!(
            dispatcher
                .run_once(&app.state.db, &app.state.keyring)
                .await
                .unwrap(),
            0
        );
        assert_eq!(receiver.lock().unwrap().refused, 1);

        // Back up (an hour later, as far as the queue knows): all three arrive, in order.
        receiver.lock().unwrap().up = true;
        app.exec("UPDATE webhook_deliveries SET next_attempt_at = created_at")
            .await;
        assert_eq!(
            dispatcher
                .run_once(&app.state.db, &app.state.keyring)
                .await
                .unwrap(),
            3
        );
        let r = receiver.lock().unwrap();
        let decisions: Vec<String> = r
            .received
            .iter()
            .map(|(_, body)| {
                let v: Value = serde_json::from_str(body).unwrap();
                v["data"]["decision"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(decisions, ["granted", "withdrawn", "granted", "withdrawn"]);
        let ids: Vec<i64> = r
            .received
            .iter()
            .map(|(h, _)| h["tillit-delivery"].to_str().unwrap().parse().unwrap())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order: {ids:?}");
        assert!(r.received.iter().all(|(h, b)| verify(&secret, h, b)));
    }
);

dual_test!(webhook_urls_are_checked, |app| {
    app.login_admin().await;
    for (url, message) in [
        ("not a url", "is not a URL"),
        ("ftp://example.com/hook", "https"),
        ("https://user:pw@example.com/hook", "user name"),
        ("https://no-such-host.invalid/hook", "does not resolve"),
    ] {
        let res = app.gql(CREATE, json!({ "u": url })).await;
        assert_eq!(error_field(&res), Some("url"), "{url}: {res}");
        assert!(
            res["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{res}"
        );
    }
    let res = app
        .gql("mutation { createWebhookEndpoint(url: \"https://example.com/h\", events: []) { secret } }", json!({}))
        .await;
    assert_eq!(error_field(&res), Some("events"), "{res}");
    // Staff who are not administrators cannot register or read webhooks.
    let everything = create_group(
        &app,
        "All but admin",
        &[
            "READ_CUSTOMERS",
            "EDIT_CUSTOMERS",
            "EDIT_CONSENTS",
            "MANAGE_SETTINGS",
            "MANAGE_API_KEYS",
        ],
    )
    .await;
    let staff = staff_in(&app, "staff@tillit.test", &[&everything]).await;
    let res = app
        .gql_with(&staff, CREATE, json!({ "u": "http://127.0.0.1:9/h" }))
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_are_refused_in_production() {
    let Some(app) = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            allow_private_webhooks: Some(false),
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    app.login_admin().await;
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
    ] {
        let res = app.gql(CREATE, json!({ "u": url })).await;
        assert_eq!(error_field(&res), Some("url"), "{url}: {res}");
        assert!(
            res["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("private"),
            "{res}"
        );
    }
    // And at delivery time too (a host that resolved publicly when registered may not later).
    let dispatcher = Dispatcher::new(false).unwrap();
    assert_eq!(
        dispatcher
            .run_once(&app.state.db, &app.state.keyring)
            .await
            .unwrap(),
        0
    );
    app.state.close().await;
}
