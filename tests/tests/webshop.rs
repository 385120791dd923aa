//! The webshop consent API and the API keys it uses, acting as a webshop backend would: over
//! HTTP with `Authorization: Bearer`, never a cookie.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const TERMS: &str =
    "{ webshopConsentTerms { declarationVersion declarationHash purposes { key nameSv } } }";
const LOOKUP: &str = "query($l: ContactLookupInput!) { webshopContacts(lookup: $l) { id customerId externalId consents { purpose status decision source declarationVersion } } }";
const RECORD: &str = "mutation($i: WebshopConsentInput!) { recordWebshopConsent(input: $i) { replayed eventIds contact { id consents { purpose status source } } } }";

/// A customer with one contact the webshop knows by e-mail, phone and its own id.
async fn shop_customer(app: &TestApp) -> (String, String) {
    let customer = create_customer(app, business("Webbkund AB")).await;
    let customer_id = customer["id"].as_str().unwrap().to_owned();
    let contact = create_contact(
        app,
        &customer_id,
        json!({ "name": "Wilma Webb", "email": "Wilma.Webb@Example.se", "phone": "070-123 45 67", "externalId": "shop-42" }),
    )
    .await;
    (customer_id, contact["id"].as_str().unwrap().to_owned())
}

fn change(contact: &str, key: &str) -> Value {
    json!({ "i": {
        "contactId": contact,
        "changes": [
            { "purpose": "marketing_email", "decision": "GRANTED" },
            { "purpose": "sms", "decision": "WITHDRAWN" },
        ],
        "declarationVersion": 1,
        "userAgent": "Mozilla/5.0 (Webshop checkout)",
        "idempotencyKey": key,
    } })
}

fn status_of<'a>(contact: &'a Value, purpose: &str) -> &'a Value {
    contact["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == purpose)
        .unwrap_or_else(|| panic!("{purpose} missing: {contact}"))
}

async fn events(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM consent_events").await
}

dual_test!(
    a_webshop_reads_and_changes_consent_with_the_right_key,
    |app| {
        app.login_admin().await;
        let (customer_id, contact) = shop_customer(&app).await;
        let (read_id, read_secret) =
            create_api_key(&app, "Webshop (read)", &["CONSENT_READ"], &[]).await;
        let (write_id, write_secret) =
            create_api_key(&app, "Webshop", &["CONSENT_WRITE"], &[]).await;
        let reader = key_client(&read_secret);
        let writer = key_client(&write_secret);

        // The terms to show at checkout.
        let res = app.gql_with(&writer, TERMS, json!({})).await;
        let terms = &res["data"]["webshopConsentTerms"];
        assert_eq!(terms["declarationVersion"], 1, "{res}");
        assert_eq!(terms["declarationHash"].as_str().unwrap().len(), 64);
        assert_eq!(terms["purposes"][0]["key"], "marketing_email");

        // Found by e-mail (any case), phone (any format) and the webshop's own id.
        for lookup in [
            json!({ "email": "WILMA.webb@example.SE" }),
            json!({ "phone": "+46 70 123 45 67" }),
            json!({ "externalId": "shop-42" }),
        ] {
            let res = app.gql_with(&reader, LOOKUP, json!({ "l": lookup })).await;
            let found = res["data"]["webshopContacts"]
                .as_array()
                .unwrap_or_else(|| panic!("{res}"));
            assert_eq!(found.len(), 1, "{lookup}: {res}");
            assert_eq!(found[0]["id"], contact.as_str());
            assert_eq!(found[0]["customerId"], customer_id.as_str());
            assert_eq!(found[0]["externalId"], "shop-42");
            assert_eq!(
                status_of(&found[0], "marketing_email")["status"],
                "NOT_ASKED"
            );
            assert_eq!(found[0]["consents"].as_array().unwrap().len(), 5);
        }
        let res = app
            .gql_with(
                &reader,
                LOOKUP,
                json!({ "l": { "email": "nobody@example.se" } }),
            )
            .await;
        assert_eq!(res["data"]["webshopContacts"], json!([]), "{res}");

        // A read key cannot change anything: refused, and the refusal is logged under the key.
        let res = app
            .gql_with(&reader, RECORD, change(&contact, "order-1001"))
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
        assert_eq!(events(&app).await, 0);

        // The write key records; the answer is the contact afterwards.
        let res = app
            .gql_with(&writer, RECORD, change(&contact, "order-1001"))
            .await;
        let first = &res["data"]["recordWebshopConsent"];
        assert_eq!(first["replayed"], false, "{res}");
        assert_eq!(first["eventIds"].as_array().unwrap().len(), 2);
        assert_eq!(
            status_of(&first["contact"], "marketing_email")["status"],
            "GRANTED"
        );
        assert_eq!(
            status_of(&first["contact"], "marketing_email")["source"],
            "WEBSHOP"
        );
        assert_eq!(status_of(&first["contact"], "sms")["status"], "WITHDRAWN");
        assert_eq!(events(&app).await, 2);

        // The retry (a timeout on the webshop's side) records nothing and answers the same.
        let res = app
            .gql_with(&writer, RECORD, change(&contact, "order-1001"))
            .await;
        let retry = &res["data"]["recordWebshopConsent"];
        assert_eq!(retry["replayed"], true, "{res}");
        assert_eq!(retry["eventIds"], first["eventIds"]);
        assert_eq!(events(&app).await, 2);
        // The same key for a different request is a mistake, not a retry.
        let mut other = change(&contact, "order-1001");
        other["i"]["changes"][0]["decision"] = json!("WITHDRAWN");
        let res = app.gql_with(&writer, RECORD, other).await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        assert_eq!(error_field(&res), Some("idempotencyKey"));
        assert_eq!(events(&app).await, 2);

        // Staff see the change on the customer card: source webshop, by the key, with the user agent.
        let res = app
        .gql(
            "query($c: ID!) { customer(id: $c) { contacts { consentHistory { source actorKind purpose { key } } } } }",
            json!({ "c": customer_id }),
        )
        .await;
        let history = &res["data"]["customer"]["contacts"][0]["consentHistory"];
        assert_eq!(history.as_array().map(Vec::len), Some(2), "{res}");
        assert_eq!(history[0]["source"], "WEBSHOP");
        assert_eq!(history[0]["actorKind"], "api_key");
        let agent = app
        .scalar("SELECT COUNT(*) FROM consent_events WHERE user_agent = 'Mozilla/5.0 (Webshop checkout)'")
        .await;
        assert_eq!(agent, 2);

        // Everything the keys read or were refused is in the access log under their ids.
        let log = app
            .gql(
                "{ auditEvents(first: 100) { nodes { actorKind actorId action outcome } } }",
                json!({}),
            )
            .await;
        let nodes = log["data"]["auditEvents"]["nodes"].as_array().unwrap();
        let by = |key: &str, action: &str, outcome: &str| {
            nodes
                .iter()
                .filter(|n| {
                    n["actorKind"] == "api_key"
                        && n["actorId"] == key
                        && n["action"] == action
                        && n["outcome"] == outcome
                })
                .count()
        };
        assert_eq!(by(&read_id, "webshop.lookup", "SUCCESS"), 4, "{log}");
        assert_eq!(by(&read_id, "api_key.forbidden", "DENIED"), 1, "{log}");
        assert_eq!(by(&write_id, "consent.record", "SUCCESS"), 1, "{log}");
        assert_eq!(by(&write_id, "webshop.replay", "SUCCESS"), 1, "{log}");

        // The key list shows when each key was last used; never a secret.
        let res = app
            .gql(
                "{ apiKeys { id name prefix scopes status lastUsedAt } }",
                json!({}),
            )
            .await;
        let keys = res["data"]["apiKeys"].as_array().unwrap();
        assert_eq!(keys.len(), 2, "{res}");
        for key in keys {
            assert_eq!(key["status"], "ACTIVE");
            assert!(key["lastUsedAt"].is_string(), "{key}");
            assert!(
                read_secret.contains(key["prefix"].as_str().unwrap())
                    || write_secret.contains(key["prefix"].as_str().unwrap())
            );
        }
        assert!(!res.to_string().contains(&read_secret[20..]));
    }
);

dual_test!(
    revoked_expired_and_wrong_keys_are_refused_and_logged,
    |app| {
        app.login_admin().await;
        let (id, secret) = create_api_key(&app, "Soon revoked", &["CONSENT_READ"], &[]).await;
        let client = key_client(&secret);
        let res = app.gql_with(&client, TERMS, json!({})).await;
        assert!(res["errors"].is_null(), "{res}");

        let refused = |res: reqwest::Response| async move {
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(res.headers()["www-authenticate"], "Bearer");
            let body: Value = res.json().await.unwrap();
            assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
            body["errors"][0]["message"].as_str().unwrap().to_owned()
        };
        let post = |client: reqwest::Client| {
            let url = format!("{}/graphql", app.url);
            async move {
                client
                    .post(url)
                    .json(&json!({ "query": TERMS }))
                    .send()
                    .await
                    .unwrap()
            }
        };

        // A wrong secret with a real prefix, garbage, and another scheme.
        let wrong = format!("{}x", &secret[..secret.len() - 1]);
        let wrong = if wrong == secret {
            format!("{}y", &secret[..secret.len() - 1])
        } else {
            wrong
        };
        assert_eq!(
            refused(post(key_client(&wrong)).await).await,
            "the API key is not valid"
        );
        assert_eq!(
            refused(post(key_client("tillit_nope")).await).await,
            "the API key is not valid"
        );
        let basic = reqwest::Client::new()
            .post(format!("{}/graphql", app.url))
            .header("authorization", "Basic dXNlcjpwYXNz")
            .json(&json!({ "query": TERMS }))
            .send()
            .await
            .unwrap();
        assert!(refused(basic).await.contains("Bearer"));

        // Revoked: refused at once.
        let res = app
            .gql(
                "mutation($id: ID!) { revokeApiKey(id: $id) { status revokedAt } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(res["data"]["revokeApiKey"]["status"], "REVOKED", "{res}");
        assert_eq!(
            refused(post(client.clone()).await).await,
            "the API key has been revoked"
        );

        // Expired.
        let soon = (chrono::Utc::now() + chrono::Duration::milliseconds(1500)).to_rfc3339();
        let res = app
        .gql(
            "mutation($e: DateTime!) { createApiKey(input: { name: \"Short-lived\", scopes: [CONSENT_READ], expiresAt: $e }) { secret apiKey { id status } } }",
            json!({ "e": soon }),
        )
        .await;
        assert_eq!(
            res["data"]["createApiKey"]["apiKey"]["status"], "ACTIVE",
            "{res}"
        );
        let short = key_client(res["data"]["createApiKey"]["secret"].as_str().unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
        assert_eq!(refused(post(short).await).await, "the API key has expired");

        // Each refusal of an existing key is in the access log.
        let log = app
        .gql(
            "{ auditEvents(filter: { action: \"api_key.authenticate\", outcome: DENIED }) { nodes { entityId details } } }",
            json!({}),
        )
        .await;
        let reasons: Vec<String> = log["data"]["auditEvents"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["details"]["reason"].as_str().unwrap().to_owned())
            .collect();
        let mut sorted = reasons.clone();
        sorted.sort();
        assert_eq!(sorted, vec!["expired", "invalid", "revoked"], "{log}");

        // A key never uses cookies: with a signed-in browser's cookie too, it is still only the key.
        let (_, reports) = create_api_key(&app, "Reports", &["REPORTS_READ"], &[]).await;
        let res = app
            .client
            .post(format!("{}/graphql", app.url))
            .header("authorization", format!("Bearer {reports}"))
            .header("x-tillit-csrf", "1")
            .json(&json!({ "query": "{ me { id } }" }))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
    }
);

dual_test!(keys_see_only_what_their_groups_allow, |app| {
    app.login_admin().await;
    let (customer_id, _) = shop_customer(&app).await;
    let vip = create_group(&app, "VIP", &["READ_CUSTOMERS"]).await;
    let res = app
        .gql(
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": customer_id, "g": [vip] }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let (_, plain) = create_api_key(&app, "Plain", &["CONSENT_READ", "CUSTOMERS_READ"], &[]).await;
    let (_, scoped) = create_api_key(
        &app,
        "VIP shop",
        &["CONSENT_READ", "CUSTOMERS_READ"],
        &[&vip],
    )
    .await;
    let lookup = json!({ "l": { "email": "wilma.webb@example.se" } });
    let res = app
        .gql_with(&key_client(&plain), LOOKUP, lookup.clone())
        .await;
    assert_eq!(res["data"]["webshopContacts"], json!([]), "{res}");
    let res = app
        .gql_with(
            &key_client(&plain),
            "query($id: ID!) { customer(id: $id) { id } }",
            json!({ "id": customer_id }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    let res = app.gql_with(&key_client(&scoped), LOOKUP, lookup).await;
    assert_eq!(
        res["data"]["webshopContacts"].as_array().map(Vec::len),
        Some(1),
        "{res}"
    );
    let res = app
        .gql_with(
            &key_client(&scoped),
            "query($id: ID!) { customer(id: $id) { displayName } }",
            json!({ "id": customer_id }),
        )
        .await;
    assert_eq!(
        res["data"]["customer"]["displayName"], "Webbkund AB",
        "{res}"
    );
});

dual_test!(nobody_hands_a_key_more_than_they_have, |app| {
    app.login_admin().await;
    let keymasters =
        create_group(&app, "Key masters", &["MANAGE_API_KEYS", "READ_CUSTOMERS"]).await;
    let other = create_group(&app, "Other", &[]).await;
    let staff = staff_in(&app, "keys@tillit.test", &[&keymasters]).await;
    let create = "mutation($s: [ApiScope!]!, $g: [ID!]!) { createApiKey(input: { name: \"Mine\", scopes: $s, groupIds: $g }) { apiKey { scopes } } }";
    let res = app
        .gql_with(
            &staff,
            create,
            json!({ "s": ["CONSENT_READ"], "g": [keymasters] }),
        )
        .await;
    assert_eq!(
        res["data"]["createApiKey"]["apiKey"]["scopes"],
        json!(["CONSENT_READ"]),
        "{res}"
    );
    // consent:write needs EDIT_CONSENTS, which this user lacks; a group they are not in.
    let res = app
        .gql_with(&staff, create, json!({ "s": ["CONSENT_WRITE"], "g": [] }))
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app
        .gql_with(
            &staff,
            create,
            json!({ "s": ["CONSENT_READ"], "g": [other] }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
});

dual_test!(bad_input_is_answered_with_the_field, |app| {
    app.login_admin().await;
    let (_, contact) = shop_customer(&app).await;
    let create = "mutation($i: ApiKeyInput!) { createApiKey(input: $i) { secret } }";
    for (input, field) in [
        (
            json!({ "name": "x".repeat(10_000), "scopes": ["CONSENT_READ"] }),
            "name",
        ),
        (json!({ "name": "  ", "scopes": ["CONSENT_READ"] }), "name"),
        (json!({ "name": "K", "scopes": [] }), "scopes"),
        (
            json!({ "name": "K", "scopes": ["CONSENT_READ"], "expiresAt": "2020-01-01T00:00:00Z" }),
            "expiresAt",
        ),
        (
            json!({ "name": "K", "scopes": ["CONSENT_READ"], "groupIds": ["00000000-0000-7000-8000-000000000000"] }),
            "groupIds",
        ),
        (
            json!({ "name": "K", "scopes": ["CONSENT_READ"], "groupIds": ["'; DROP TABLE api_keys; --"] }),
            "groupIds",
        ),
    ] {
        let res = app.gql(create, json!({ "i": input })).await;
        assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{field}: {res}");
        assert_eq!(error_field(&res), Some(field), "{res}");
    }
    let res = app
        .gql(create, json!({ "i": { "name": "K", "scopes": ["ADMIN"] } }))
        .await;
    assert!(
        res["errors"].is_array(),
        "an unknown scope is not a scope: {res}"
    );

    let (_, secret) = create_api_key(&app, "Webshop", &["CONSENT_WRITE"], &[]).await;
    let shop = key_client(&secret);
    for (lookup, field) in [
        (
            json!({ "email": "a@b.se", "phone": "0701234567" }),
            "lookup",
        ),
        (json!({}), "lookup"),
        (json!({ "email": "not an e-mail" }), "lookup.email"),
        (json!({ "phone": "call me" }), "lookup.phone"),
        (
            json!({ "externalId": "x".repeat(101) }),
            "lookup.externalId",
        ),
    ] {
        let res = app.gql_with(&shop, LOOKUP, json!({ "l": lookup })).await;
        assert_eq!(error_field(&res), Some(field), "{res}");
    }
    // Injection attempts are just text that matches nobody.
    let res = app
        .gql_with(
            &shop,
            LOOKUP,
            json!({ "l": { "externalId": "' OR '1'='1" } }),
        )
        .await;
    assert_eq!(res["data"]["webshopContacts"], json!([]), "{res}");

    let mut bad = change(&contact, &"k".repeat(101));
    let res = app.gql_with(&shop, RECORD, bad.clone()).await;
    assert_eq!(error_field(&res), Some("idempotencyKey"), "{res}");
    bad = change(&contact, "with spaces and ünicode");
    let res = app.gql_with(&shop, RECORD, bad).await;
    assert_eq!(error_field(&res), Some("idempotencyKey"), "{res}");
    let mut bad = change(&contact, "k-1");
    bad["i"]["changes"][1]["purpose"] = json!("telepathy");
    let res = app.gql_with(&shop, RECORD, bad).await;
    assert_eq!(error_field(&res), Some("changes[1].purpose"), "{res}");
    let mut bad = change(&contact, "k-2");
    bad["i"]["declarationVersion"] = json!(99);
    let res = app.gql_with(&shop, RECORD, bad).await;
    assert_eq!(error_field(&res), Some("declarationVersion"), "{res}");
    let mut bad = change(&contact, "k-3");
    bad["i"]["userAgent"] = json!("u".repeat(501));
    let res = app.gql_with(&shop, RECORD, bad).await;
    assert_eq!(error_field(&res), Some("userAgent"), "{res}");
    let res = app
        .gql_with(
            &shop,
            RECORD,
            change("00000000-0000-7000-8000-000000000000", "k-4"),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    assert_eq!(
        events(&app).await,
        0,
        "nothing was recorded by the refused requests"
    );
    // A refused request does not use up its idempotency key.
    let res = app.gql_with(&shop, RECORD, change(&contact, "k-1")).await;
    assert_eq!(
        res["data"]["recordWebshopConsent"]["replayed"], false,
        "{res}"
    );
});

dual_test!(concurrent_retries_record_once, |app| {
    app.login_admin().await;
    let (_, contact) = shop_customer(&app).await;
    let (_, secret) = create_api_key(&app, "Webshop", &["CONSENT_WRITE"], &[]).await;
    let shop = key_client(&secret);
    let body = json!({ "query": RECORD, "variables": change(&contact, "order-7") });
    let answers = futures::future::join_all((0..6).map(|_| {
        let shop = shop.clone();
        let url = format!("{}/graphql", app.url);
        let body = body.clone();
        async move {
            let res: Value = shop
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            res
        }
    }))
    .await;
    let mut fresh = 0;
    for res in &answers {
        let result = &res["data"]["recordWebshopConsent"];
        assert!(result.is_object(), "{res}");
        if result["replayed"] == false {
            fresh += 1;
        }
    }
    assert_eq!(fresh, 1, "{answers:?}");
    assert_eq!(events(&app).await, 2);
});
