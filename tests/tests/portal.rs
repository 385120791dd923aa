//! My page: staff invite a contact, the contact sets a password (or signs in with an e-mailed
//! link) and changes their own consents; a portal session reaches nothing but its own contact.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const INVITE: &str = "mutation($c: ID!) { inviteContactToPortal(contactId: $c) { link expiresAt messageStatus messageId } }";
const ACCEPT: &str =
    "mutation($t: String!, $p: String!) { portalAcceptInvitation(token: $t, password: $p) }";
const ME: &str = "{ portalMe { name email customerName declarationVersion consents { purpose { key } status source } history { purpose { key } decision source } } }";
const SET: &str = "mutation($p: String!, $d: ConsentDecision!) { portalSetConsent(purpose: $p, decision: $d) { consents { purpose { key } status source } } }";
const PASSWORD: &str = "a long and private passphrase";

fn token_of(link: &str) -> String {
    link.split_once("#token=")
        .map(|(_, t)| t.to_owned())
        .unwrap_or_else(|| panic!("no token in {link}"))
}

fn status<'a>(consents: &'a Value, key: &str) -> &'a Value {
    consents
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"]["key"] == key)
        .unwrap_or_else(|| panic!("{key} missing: {consents}"))
}

/// A customer with a contact who has an e-mail address; returns (customer id, contact id).
async fn customer_with_contact(app: &TestApp, email: &str) -> (String, String) {
    let customer = create_customer(app, business("Mina Sidor AB")).await;
    let id = customer["id"].as_str().unwrap().to_owned();
    let contact = create_contact(app, &id, json!({ "name": "Maja Portal", "email": email })).await;
    (id, contact["id"].as_str().unwrap().to_owned())
}

async fn invite(app: &TestApp, contact: &str) -> String {
    let res = app.gql(INVITE, json!({ "c": contact })).await;
    let invitation = &res["data"]["inviteContactToPortal"];
    assert_eq!(invitation["messageStatus"], "STORED", "{res}");
    invitation["link"]
        .as_str()
        .unwrap_or_else(|| panic!("{res}"))
        .to_owned()
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    let log = app
        .gql(
            "query($a: String!) { auditEvents(first: 100, filter: { action: $a }) { nodes { id actorKind } } }",
            json!({ "a": action }),
        )
        .await;
    log["data"]["auditEvents"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{log}"))
        .len()
}

dual_test!(
    an_invited_contact_sets_a_password_and_withdraws_consent,
    |app| {
        app.login_admin().await;
        let (customer, contact) = customer_with_contact(&app, "Maja.Portal@Example.se").await;
        let link = invite(&app, &contact).await;
        assert!(link.contains("/my/invitation#token="), "{link}");

        // Without SMTP the message waits in the outbox, where administrators see it.
        let res = app
            .gql(
                "{ outgoingMessages { kind toAddress subject body status } }",
                json!({}),
            )
            .await;
        let message = &res["data"]["outgoingMessages"][0];
        assert_eq!(message["kind"], "portal_invite", "{res}");
        assert_eq!(message["toAddress"], "maja.portal@example.se");
        assert_eq!(message["status"], "STORED");
        assert!(message["body"].as_str().unwrap().contains(&link));

        // The contact, in their own browser: a too-short password is refused without spending
        // the link, then a good one signs them in.
        let browser = app.new_client();
        let res = app
            .gql_with(
                &browser,
                ACCEPT,
                json!({ "t": token_of(&link), "p": "short" }),
            )
            .await;
        assert_eq!(error_field(&res), Some("password"), "{res}");
        let res = app
            .gql_with(
                &browser,
                ACCEPT,
                json!({ "t": token_of(&link), "p": PASSWORD }),
            )
            .await;
        assert_eq!(res["data"]["portalAcceptInvitation"], true, "{res}");

        let res = app.gql_with(&browser, ME, json!({})).await;
        let me = &res["data"]["portalMe"];
        assert_eq!(me["name"], "Maja Portal", "{res}");
        assert_eq!(me["customerName"], "Mina Sidor AB");
        assert_eq!(status(&me["consents"], "sms")["status"], "NOT_ASKED");

        // Grant, then withdraw with one click.
        let res = app
            .gql_with(&browser, SET, json!({ "p": "sms", "d": "GRANTED" }))
            .await;
        assert_eq!(
            status(&res["data"]["portalSetConsent"]["consents"], "sms")["status"],
            "GRANTED",
            "{res}"
        );
        let res = app
            .gql_with(&browser, SET, json!({ "p": "sms", "d": "WITHDRAWN" }))
            .await;
        let sms = status(&res["data"]["portalSetConsent"]["consents"], "sms");
        assert_eq!(sms["status"], "WITHDRAWN", "{res}");
        assert_eq!(sms["source"], "MY_PAGE");
        let res = app.gql_with(&browser, ME, json!({})).await;
        assert_eq!(
            res["data"]["portalMe"]["history"].as_array().map(Vec::len),
            Some(2)
        );

        // Staff see the withdrawal, made on My page by the portal account.
        let res = app
        .gql(
            "query($c: ID!) { customer(id: $c) { contacts { consents { purpose { key } status source } consentHistory { source actorKind } } } }",
            json!({ "c": customer }),
        )
        .await;
        let card = &res["data"]["customer"]["contacts"][0];
        assert_eq!(
            status(&card["consents"], "sms")["source"],
            "MY_PAGE",
            "{res}"
        );
        assert_eq!(status(&card["consents"], "sms")["status"], "WITHDRAWN");
        assert_eq!(card["consentHistory"][0]["actorKind"], "portal");

        // The invitation works once.
        let other = app.new_client();
        let res = app
            .gql_with(
                &other,
                ACCEPT,
                json!({ "t": token_of(&link), "p": PASSWORD }),
            )
            .await;
        assert_eq!(error_field(&res), Some("token"), "{res}");

        // Their data, to download.
        let res = app.gql_with(&browser, "{ portalMyData }", json!({})).await;
        let data = &res["data"]["portalMyData"];
        assert_eq!(data["format"], "tillit.data-subject-export", "{res}");
        assert_eq!(data["scope"], "contact");
        assert_eq!(data["contacts"][0]["name"], "Maja Portal", "{res}");
        assert_eq!(
            data["contacts"][0]["consentHistory"]
                .as_array()
                .map(Vec::len),
            Some(2)
        );
        assert_eq!(data["customer"]["displayName"], "Mina Sidor AB");
        assert!(
            data.get("orders").is_none(),
            "a contact's export holds no business records"
        );
        assert_eq!(audit_count(&app, "portal.export").await, 1);

        // Signing out ends the session; the password signs in again.
        let res = app
            .gql_with(&browser, "mutation { portalLogout }", json!({}))
            .await;
        assert_eq!(res["data"]["portalLogout"], true);
        let res = app.gql_with(&browser, ME, json!({})).await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{res}");
        let login = "mutation($e: String!, $p: String!) { portalLogin(email: $e, password: $p) }";
        let res = app
            .gql_with(
                &browser,
                login,
                json!({ "e": "maja.portal@example.se", "p": "wrong wrong wrong" }),
            )
            .await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{res}");
        let res = app
            .gql_with(
                &browser,
                login,
                json!({ "e": "MAJA.portal@example.se", "p": PASSWORD }),
            )
            .await;
        assert_eq!(res["data"]["portalLogin"], true, "{res}");
        let res = app.gql_with(&browser, ME, json!({})).await;
        assert!(res["errors"].is_null(), "{res}");
    }
);

dual_test!(a_portal_session_reaches_only_its_own_contact, |app| {
    app.login_admin().await;
    let (_, contact) = customer_with_contact(&app, "own@example.se").await;
    let (other_customer, other_contact) = customer_with_contact(&app, "other@example.se").await;
    let link = invite(&app, &contact).await;
    let browser = app.new_client();
    let res = app
        .gql_with(
            &browser,
            ACCEPT,
            json!({ "t": token_of(&link), "p": PASSWORD }),
        )
        .await;
    assert_eq!(res["data"]["portalAcceptInvitation"], true, "{res}");

    // Staff fields, another contact by id: refused, and logged.
    for (query, vars) in [
        (
            "query($id: ID!) { contact(id: $id) { name } }",
            json!({ "id": other_contact }),
        ),
        (
            "query($id: ID!) { customer(id: $id) { displayName } }",
            json!({ "id": other_customer }),
        ),
        (
            "{ customers(search: \"Mina\") { nodes { id } } }",
            json!({}),
        ),
        (
            "mutation($c: ID!) { inviteContactToPortal(contactId: $c) { link } }",
            json!({ "c": other_contact }),
        ),
    ] {
        let res = app.gql_with(&browser, query, vars).await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{query}: {res}");
        assert!(res["data"].is_null() || !res.to_string().contains("other@example.se"));
    }
    assert_eq!(audit_count(&app, "portal.refused").await, 4);

    // Without the CSRF header the portal cookie is refused outright.
    let res = browser
        .post(format!("{}/graphql", app.url))
        .json(&json!({ "query": ME }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

dual_test!(a_one_time_link_signs_in_once_within_ten_minutes, |app| {
    app.login_admin().await;
    let (_, contact) = customer_with_contact(&app, "link@example.se").await;
    let link = invite(&app, &contact).await;
    let browser = app.new_client();
    app.gql_with(
        &browser,
        ACCEPT,
        json!({ "t": token_of(&link), "p": PASSWORD }),
    )
    .await;

    let request = "mutation($e: String!) { portalRequestLoginLink(email: $e) }";
    let redeem = "mutation($t: String!) { portalRedeemLoginLink(token: $t) }";
    // Unknown addresses get the same answer, and no message.
    let anonymous = app.new_client();
    let res = app
        .gql_with(&anonymous, request, json!({ "e": "nobody@example.se" }))
        .await;
    assert_eq!(res["data"]["portalRequestLoginLink"], true, "{res}");
    let res = app
        .gql_with(&anonymous, request, json!({ "e": "Link@Example.se" }))
        .await;
    assert_eq!(res["data"]["portalRequestLoginLink"], true, "{res}");
    let res = app
        .gql("{ outgoingMessages { kind body } }", json!({}))
        .await;
    let messages = res["data"]["outgoingMessages"].as_array().unwrap();
    let logins: Vec<&Value> = messages
        .iter()
        .filter(|m| m["kind"] == "portal_login")
        .collect();
    assert_eq!(logins.len(), 1, "{res}");
    let body = logins[0]["body"].as_str().unwrap();
    let token = body
        .split("#token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    assert!(token.len() >= 43, "a 256-bit token");

    let res = app
        .gql_with(&anonymous, redeem, json!({ "t": token }))
        .await;
    assert_eq!(res["data"]["portalRedeemLoginLink"], true, "{res}");
    let res = app.gql_with(&anonymous, ME, json!({})).await;
    assert_eq!(res["data"]["portalMe"]["email"], "link@example.se", "{res}");
    // Once only.
    let res = app
        .gql_with(&app.new_client(), redeem, json!({ "t": token }))
        .await;
    assert_eq!(error_field(&res), Some("token"), "{res}");

    // An expired link is refused.
    app.gql_with(&anonymous, request, json!({ "e": "link@example.se" }))
        .await;
    app.exec("UPDATE portal_tokens SET expires_at = created_at WHERE used_at IS NULL AND purpose = 'login'")
        .await;
    let res = app
        .gql("{ outgoingMessages(first: 1) { body } }", json!({}))
        .await;
    let body = res["data"]["outgoingMessages"][0]["body"].as_str().unwrap();
    let token = body
        .split("#token=")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap();
    let res = app
        .gql_with(&app.new_client(), redeem, json!({ "t": token }))
        .await;
    assert_eq!(error_field(&res), Some("token"), "{res}");
    // Garbage.
    let res = app
        .gql_with(&app.new_client(), redeem, json!({ "t": "x".repeat(5000) }))
        .await;
    assert_eq!(error_field(&res), Some("token"), "{res}");
});

dual_test!(only_staff_who_edit_customers_invite, |app| {
    app.login_admin().await;
    let (customer, contact) = customer_with_contact(&app, "invite@example.se").await;
    let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
    let reader = staff_in(&app, "reader@tillit.test", &[&readers]).await;
    let res = app.gql_with(&reader, INVITE, json!({ "c": contact })).await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app
        .gql_with(&reader, "{ outgoingMessages { id } }", json!({}))
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    // A contact without an e-mail address cannot sign in anywhere.
    let bare = create_contact(&app, &customer, json!({ "name": "Utan Epost" })).await;
    let res = app.gql(INVITE, json!({ "c": bare["id"] })).await;
    assert_eq!(error_field(&res), Some("contactId"), "{res}");
    let res = app
        .gql(
            INVITE,
            json!({ "c": "00000000-0000-7000-8000-000000000000" }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
});

dual_test!(wrong_passwords_lock_a_my_page_account, |app| {
    app.login_admin().await;
    let (_, contact) = customer_with_contact(&app, "lasse.las@example.se").await;
    let link = invite(&app, &contact).await;
    let browser = app.new_client();
    let res = app
        .gql_with(
            &browser,
            ACCEPT,
            json!({ "t": token_of(&link), "p": PASSWORD }),
        )
        .await;
    assert_eq!(res["data"]["portalAcceptInvitation"], true, "{res}");
    let login = "mutation($e: String!, $p: String!) { portalLogin(email: $e, password: $p) }";
    let attempt = |password: &'static str| {
        let app = &app;
        async move {
            app.gql_with(
                &app.new_client(),
                login,
                json!({ "e": "lasse.las@example.se", "p": password }),
            )
            .await
        }
    };

    // Four wrong passwords leave the account open; the fifth locks it.
    for _ in 0..4 {
        let res = attempt("guess guess guess").await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{res}");
    }
    let res = attempt(PASSWORD).await;
    assert_eq!(
        res["data"]["portalLogin"], true,
        "a right password resets the count: {res}"
    );
    let unknown = attempt("guess guess guess").await;
    for _ in 0..5 {
        let res = attempt("guess guess guess").await;
        assert_eq!(res["errors"][0], unknown["errors"][0], "{res}");
    }

    // Locked: the right password gets the same answer as a wrong one, and the lock is logged.
    let res = attempt(PASSWORD).await;
    assert!(res["data"].is_null(), "{res}");
    assert_eq!(res["errors"][0], unknown["errors"][0], "{res}");
    let locks = app
        .scalar(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'portal.login' AND outcome = 'failure' \
             AND details IS NOT NULL",
        )
        .await;
    assert!(
        locks >= 2,
        "the lock and the refusal while locked are logged"
    );

    // When the lock has passed, the right password works again.
    app.exec("UPDATE portal_accounts SET locked_until = NULL")
        .await;
    let res = attempt(PASSWORD).await;
    assert_eq!(res["data"]["portalLogin"], true, "{res}");
});
