//! Staff authentication: every field but login needs a session; login failures all look the
//! same; sessions are HttpOnly SameSite=Strict cookies with idle and absolute timeouts, ended on
//! logout; the one-time setup link creates the first administrator exactly once.

mod common;

use chrono::{Duration, Utc};
use common::*;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use tillit::entities::{session, user};
use tillit::features::auth::service as auth;

/// A sample operation for every root field. A new field without an entry fails this test, so
/// nothing reaches data without the session check being exercised.
fn root_field_operations() -> Vec<(&'static str, &'static str)> {
    let id = "\"00000000-0000-7000-8000-000000000000\"";
    vec![
        ("me", "query { me { id } }"),
        ("customer", Box::leak(format!("query {{ customer(id: {id}) {{ id }} }}").into_boxed_str())),
        ("customers", "query { customers { nodes { id } } }"),
        ("reportCustomers", "query { reportCustomers { nodes { id } } }"),
        ("createCustomer", "mutation { createCustomer(input: { kind: BUSINESS, companyName: \"X AB\" }) { id } }"),
        ("updateCustomer", Box::leak(format!("mutation {{ updateCustomer(id: {id}, expectedVersion: 1, input: {{ kind: BUSINESS, companyName: \"X AB\" }}) {{ id }} }}").into_boxed_str())),
        ("archiveCustomer", Box::leak(format!("mutation {{ archiveCustomer(id: {id}, expectedVersion: 1) {{ id }} }}").into_boxed_str())),
        ("restoreCustomer", Box::leak(format!("mutation {{ restoreCustomer(id: {id}, expectedVersion: 1) {{ id }} }}").into_boxed_str())),
        ("order", Box::leak(format!("query {{ order(id: {id}) {{ id }} }}").into_boxed_str())),
        ("invoice", Box::leak(format!("query {{ invoice(id: {id}) {{ id }} }}").into_boxed_str())),
        ("tasks", "query { tasks { id } }"),
        ("task", Box::leak(format!("query {{ task(id: {id}) {{ id }} }}").into_boxed_str())),
        ("createOrder", Box::leak(format!("mutation {{ createOrder(customerId: {id}, input: {{ orderDate: \"2026-11-29\", lines: [] }}) {{ id }} }}").into_boxed_str())),
        ("updateOrder", Box::leak(format!("mutation {{ updateOrder(id: {id}, expectedVersion: 1, status: OPEN, input: {{ orderDate: \"2026-11-29\", lines: [] }}) {{ id }} }}").into_boxed_str())),
        ("createInvoice", Box::leak(format!("mutation {{ createInvoice(customerId: {id}, input: {{ invoiceDate: \"2026-11-29\", dueDate: \"2026-12-29\" }}) {{ id }} }}").into_boxed_str())),
        ("setInvoicePaid", Box::leak(format!("mutation {{ setInvoicePaid(id: {id}, paid: true) {{ id }} }}").into_boxed_str())),
        ("createTask", "mutation { createTask(input: { title: \"X\" }) { id } }"),
        ("updateTask", Box::leak(format!("mutation {{ updateTask(id: {id}, expectedVersion: 1, done: false, input: {{ title: \"X\" }}) {{ id }} }}").into_boxed_str())),
        ("anonymizationPreview", Box::leak(format!("query {{ anonymizationPreview(customerId: {id}) {{ customerId }} }}").into_boxed_str())),
        ("customerExport", Box::leak(format!("query {{ customerExport(customerId: {id}) }}").into_boxed_str())),
        ("retentionRule", "query { retentionRule { inactiveMonths } }"),
        ("retentionPreview", "query { retentionPreview(inactiveMonths: 24) { eligible } }"),
        ("setRetentionRule", "mutation { setRetentionRule(inactiveMonths: 24, autoRun: false) { inactiveMonths } }"),
        ("runRetention", "mutation { runRetention(inactiveMonths: 24) { anonymized } }"),
        ("createSecret", Box::leak(format!("mutation {{ createSecret(customerId: {id}, input: {{ title: \"X\", kind: CODE, value: \"1234\" }}) {{ id }} }}").into_boxed_str())),
        ("updateSecret", Box::leak(format!("mutation {{ updateSecret(id: {id}, expectedVersion: 1, input: {{ title: \"X\", kind: CODE }}) {{ id }} }}").into_boxed_str())),
        ("deleteSecret", Box::leak(format!("mutation {{ deleteSecret(id: {id}) }}").into_boxed_str())),
        ("revealSecret", Box::leak(format!("mutation {{ revealSecret(id: {id}, reason: \"support call\") {{ value }} }}").into_boxed_str())),
        ("anonymizationReceipts", "query { anonymizationReceipts { id } }"),
        ("backupOverview", "query { backupOverview { running } }"),
        ("runBackup", "mutation { runBackup }"),
        ("runBackupDrill", "mutation { runBackupDrill }"),
        ("redactMentions", Box::leak(format!("mutation {{ redactMentions(customerId: {id}, source: TASK, recordId: {id}, field: \"body\") }}").into_boxed_str())),
        ("anonymizeCustomer", Box::leak(format!("mutation {{ anonymizeCustomer(id: {id}, confirmNumber: 1) {{ alreadyAnonymized }} }}").into_boxed_str())),
        ("createContact", Box::leak(format!("mutation {{ createContact(customerId: {id}, input: {{ name: \"X\" }}) {{ id }} }}").into_boxed_str())),
        ("updateContact", Box::leak(format!("mutation {{ updateContact(id: {id}, expectedVersion: 1, input: {{ name: \"X\" }}) {{ id }} }}").into_boxed_str())),
        ("archiveContact", Box::leak(format!("mutation {{ archiveContact(id: {id}, expectedVersion: 1) {{ id }} }}").into_boxed_str())),
        ("restoreContact", Box::leak(format!("mutation {{ restoreContact(id: {id}, expectedVersion: 1) {{ id }} }}").into_boxed_str())),
        ("verifyTotp", "mutation { verifyTotp(code: \"123456\") { next } }"),
        ("useRecoveryCode", "mutation { useRecoveryCode(code: \"aaaa-bbbb-cccc\") { next } }"),
        ("beginTotpEnrollment", "mutation { beginTotpEnrollment { secret } }"),
        ("confirmTotpEnrollment", "mutation { confirmTotpEnrollment(code: \"123456\") { recoveryCodes } }"),
        ("regenerateRecoveryCodes", "mutation { regenerateRecoveryCodes(password: \"x\", code: \"123456\") }"),
        ("resetUserMfa", Box::leak(format!("mutation {{ resetUserMfa(userId: {id}) }}").into_boxed_str())),
        ("mySessions", "query { mySessions { id } }"),
        ("users", "query { users { id } }"),
        ("endSession", Box::leak(format!("mutation {{ endSession(id: {id}) }}").into_boxed_str())),
        ("endOtherSessions", "mutation { endOtherSessions }"),
        ("changeEmail", "mutation { changeEmail(password: \"x\", code: \"123456\", newEmail: \"n@tillit.test\") { id } }"),
        ("changePassword", "mutation { changePassword(currentPassword: \"x\", code: \"123456\", newPassword: \"y\") }"),
        ("createUser", "mutation { createUser(input: { email: \"a@b.se\", name: \"A\", password: \"correct horse battery staple\" }) { id } }"),
        ("setUserActive", Box::leak(format!("mutation {{ setUserActive(userId: {id}, active: false) {{ id }} }}").into_boxed_str())),
        ("setUserAdmin", Box::leak(format!("mutation {{ setUserAdmin(userId: {id}, isAdmin: true) {{ id }} }}").into_boxed_str())),
        ("endUserSessions", Box::leak(format!("mutation {{ endUserSessions(userId: {id}) }}").into_boxed_str())),
        ("accessGroups", "query { accessGroups { id } }"),
        ("consentPurposes", "query { consentPurposes { id } }"),
        ("consentForm", "query { consentForm { title } }"),
        ("organizationSettings", "query { organizationSettings { companyName } }"),
        ("dataPartners", "query { dataPartners { id } }"),
        ("updateOrganizationSettings", "mutation { updateOrganizationSettings(expectedVersion: 1, input: { companyName: \"X\", supervisoryAuthority: IMY }) { version } }"),
        ("createDataPartner", "mutation { createDataPartner(input: { name: \"X\", country: \"SE\", role: PROCESSOR, agreementStatus: MISSING }) { id } }"),
        ("updateDataPartner", Box::leak(format!("mutation {{ updateDataPartner(id: {id}, expectedVersion: 1, input: {{ name: \"X\", country: \"SE\", role: PROCESSOR, agreementStatus: MISSING }}) {{ id }} }}").into_boxed_str())),
        ("deleteDataPartner", Box::leak(format!("mutation {{ deleteDataPartner(id: {id}) }}").into_boxed_str())),
        ("consentStatistics", "query { consentStatistics { contacts } }"),
        ("consentChanges", "query { consentChanges(from: \"2026-01-01T00:00:00Z\", to: \"2026-02-01T00:00:00Z\") { granted } }"),
        ("consentContacts", Box::leak(format!("query {{ consentContacts(filter: {{ purposeId: {id} }}) {{ nodes {{ customerId }} }} }}").into_boxed_str())),
        ("consentContactsCsv", Box::leak(format!("query {{ consentContactsCsv(filter: {{ purposeId: {id} }}) }}").into_boxed_str())),
        ("contact", Box::leak(format!("query {{ contact(id: {id}) {{ id }} }}").into_boxed_str())),
        ("consentDeclaration", "query { consentDeclaration { id } }"),
        ("consentDeclarations", "query { consentDeclarations { id } }"),
        ("recordConsents", Box::leak(format!("mutation {{ recordConsents(customerId: {id}, input: {{ changes: [], source: PAPER_FORM, evidence: \"x\" }}) {{ events {{ id }} }} }}").into_boxed_str())),
        ("createConsentPurpose", "mutation { createConsentPurpose(input: { key: \"k\", nameSv: \"K\", nameEn: \"K\", channel: OTHER, requiresOptIn: true }) { id } }"),
        ("updateConsentPurpose", Box::leak(format!("mutation {{ updateConsentPurpose(id: {id}, expectedVersion: 1, input: {{ key: \"k\", nameSv: \"K\", nameEn: \"K\", channel: OTHER, requiresOptIn: true }}) {{ id }} }}").into_boxed_str())),
        ("publishConsentDeclaration", "mutation { publishConsentDeclaration(text: \"x\") { id } }"),
        ("auditEvents", "query { auditEvents { nodes { id } } }"),
        ("createAccessGroup", "mutation { createAccessGroup(input: { name: \"G\", rights: [] }) { id } }"),
        ("updateAccessGroup", Box::leak(format!("mutation {{ updateAccessGroup(id: {id}, expectedVersion: 1, input: {{ name: \"G\", rights: [] }}) {{ id }} }}").into_boxed_str())),
        ("deleteAccessGroup", Box::leak(format!("mutation {{ deleteAccessGroup(id: {id}) }}").into_boxed_str())),
        ("setUserGroups", Box::leak(format!("mutation {{ setUserGroups(userId: {id}, groupIds: []) {{ id }} }}").into_boxed_str())),
        ("setCustomerGroups", Box::leak(format!("mutation {{ setCustomerGroups(id: {id}, expectedVersion: 1, groupIds: []) {{ id }} }}").into_boxed_str())),
        ("apiKeys", "query { apiKeys { id } }"),
        ("createApiKey", "mutation { createApiKey(input: { name: \"K\", scopes: [CONSENT_READ] }) { secret } }"),
        ("revokeApiKey", Box::leak(format!("mutation {{ revokeApiKey(id: {id}) {{ id }} }}").into_boxed_str())),
        ("webshopConsentTerms", "query { webshopConsentTerms { declarationVersion } }"),
        ("webshopContacts", "query { webshopContacts(lookup: { email: \"a@b.se\" }) { id } }"),
        ("webhookEndpoints", "query { webhookEndpoints { id } }"),
        ("webhookDeliveries", Box::leak(format!("query {{ webhookDeliveries(endpointId: {id}) {{ id }} }}").into_boxed_str())),
        ("createWebhookEndpoint", "mutation { createWebhookEndpoint(url: \"https://example.com/h\", events: [CONSENT_CHANGED]) { secret } }"),
        ("deleteWebhookEndpoint", Box::leak(format!("mutation {{ deleteWebhookEndpoint(id: {id}) }}").into_boxed_str())),
        ("portalMe", "query { portalMe { name } }"),
        ("portalMyData", "query { portalMyData }"),
        ("outgoingMessages", "query { outgoingMessages { id } }"),
        ("inviteContactToPortal", Box::leak(format!("mutation {{ inviteContactToPortal(contactId: {id}) {{ link }} }}").into_boxed_str())),
        ("portalSetConsent", "mutation { portalSetConsent(purpose: \"sms\", decision: WITHDRAWN) { name } }"),
        ("recordWebshopConsent", Box::leak(format!("mutation {{ recordWebshopConsent(input: {{ contactId: {id}, changes: [], declarationVersion: 1, idempotencyKey: \"k\" }}) {{ replayed }} }}").into_boxed_str())),
    ]
}

/// Fields that work without a session.
const PUBLIC_FIELDS: &[&str] = &[
    "login",
    "logout",
    "completeSetup",
    // My page's own sign-in (its session is not a staff session; see tests/tests/portal.rs).
    "portalAcceptInvitation",
    "portalLogin",
    "portalRequestLoginLink",
    "portalRedeemLoginLink",
    "portalLogout",
];

fn schema_root_fields() -> Vec<String> {
    let sdl = tillit::graphql::sdl();
    let mut fields = Vec::new();
    let mut in_root = false;
    let mut in_doc = false;
    for line in sdl.lines() {
        let t = line.trim();
        if t.starts_with("\"\"\"") {
            if t == "\"\"\"" {
                in_doc = !in_doc;
            }
            continue;
        }
        if in_doc {
            continue;
        }
        if t == "type Query {" || t == "type Mutation {" {
            in_root = true;
        } else if t == "}" {
            in_root = false;
        } else if in_root
            && !t.starts_with('"')
            && !t.is_empty()
            && let Some(name) = t.split(['(', ':']).next()
        {
            fields.push(name.trim().to_owned());
        }
    }
    fields
}

#[test]
fn every_root_field_is_covered_by_the_session_check() {
    let covered: Vec<&str> = root_field_operations().iter().map(|(f, _)| *f).collect();
    for field in schema_root_fields() {
        assert!(
            covered.contains(&field.as_str()) || PUBLIC_FIELDS.contains(&field.as_str()),
            "root field `{field}` has no unauthenticated-access test in root_field_operations()"
        );
    }
}

dual_test!(every_field_but_login_requires_a_session, |app| {
    for (field, op) in root_field_operations() {
        let res = app.gql(op, json!({})).await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{field}: {res}");
        assert!(
            res["data"].is_null() || res["data"][field].is_null(),
            "{field}: {res}"
        );
    }
    // Introspection is closed to anonymous callers and open to staff.
    let res = app
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert!(res["data"]["__schema"].is_null(), "{res}");
    let res = app
        .gql(
            "{ __type(name: \"Customer\") { fields { name } } }",
            json!({}),
        )
        .await;
    assert!(res["data"]["__type"].is_null(), "{res}");
    app.login_admin().await;
    let res = app
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(res["data"]["__schema"]["queryType"]["name"], "Query");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 0);
});

dual_test!(login_failures_look_identical, |app| {
    app.create_user("staff@tillit.test", ADMIN_PASSWORD, false)
        .await;
    app.create_user("gone@tillit.test", ADMIN_PASSWORD, false)
        .await;
    let gone = app.scalar("SELECT COUNT(*) FROM users").await;
    assert_eq!(gone, 2);
    app.exec("UPDATE users SET active = false WHERE email = 'gone@tillit.test'")
        .await;

    let attempts = [
        ("nobody@tillit.test", ADMIN_PASSWORD),
        ("staff@tillit.test", "wrong password entirely"),
        ("gone@tillit.test", ADMIN_PASSWORD),
        ("", ""),
    ];
    let mut answers: Vec<Value> = Vec::new();
    for (email, password) in attempts {
        let client = app.new_client();
        let res = app.login(&client, email, password).await;
        assert!(res["data"].is_null(), "{res}");
        answers.push(res["errors"][0].clone());
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "answers differ: {answers:?}"
    );
    assert_eq!(answers[0]["extensions"]["code"], "UNAUTHENTICATED");
    assert_eq!(answers[0]["message"], "wrong e-mail or password");
    let failures = app
        .scalar(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'auth.login' AND outcome = 'failure'",
        )
        .await;
    assert_eq!(failures, 4);

    // E-mail is case-insensitive; the right password works.
    let res = app
        .login(&app.client, "STAFF@tillit.test", ADMIN_PASSWORD)
        .await;
    assert_eq!(res["data"]["login"]["viewer"]["email"], "staff@tillit.test");
    assert_eq!(res["data"]["login"]["viewer"]["isAdmin"], false);
});

async fn raw_login(app: &TestApp) -> String {
    app.cookie_login(ADMIN_EMAIL, ADMIN_PASSWORD).await
}

async fn me_with_cookie(app: &TestApp, cookie: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .header("cookie", cookie)
        .header("x-tillit-csrf", "1")
        .json(&json!({ "query": "{ me { email } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

dual_test!(logout_ends_the_session_on_the_server, |app| {
    app.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let cookie = raw_login(&app).await;
    assert_eq!(
        me_with_cookie(&app, &cookie).await["data"]["me"]["email"],
        ADMIN_EMAIL
    );
    // The token is stored only as a hash.
    let token = cookie.split_once('=').unwrap().1;
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(stored, 0);

    let res: Value = reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .header("cookie", &cookie)
        .header("x-tillit-csrf", "1")
        .json(&json!({ "query": "mutation { logout }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(res["data"]["logout"], true);
    // Replaying the old cookie does not work.
    let res = me_with_cookie(&app, &cookie).await;
    assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
});

dual_test!(idle_and_absolute_timeouts_end_sessions, |app| {
    app.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let idle = raw_login(&app).await;
    let absolute = raw_login(&app).await;
    let sessions = session::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(sessions.len(), 2);
    let (first, second) = (&sessions[0], &sessions[1]);
    session::ActiveModel {
        id: Set(first.id),
        last_seen_at: Set(Utc::now() - Duration::minutes(31)),
        ..Default::default()
    }
    .update(&app.state.db)
    .await
    .unwrap();
    session::ActiveModel {
        id: Set(second.id),
        expires_at: Set(Utc::now() - Duration::seconds(1)),
        ..Default::default()
    }
    .update(&app.state.db)
    .await
    .unwrap();
    for cookie in [idle, absolute] {
        let res = me_with_cookie(&app, &cookie).await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{res}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);

    // A disabled user's session stops working at once.
    let cookie = raw_login(&app).await;
    let admin = user::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    user::ActiveModel {
        id: Set(admin.id),
        active: Set(false),
        ..Default::default()
    }
    .update(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        error_code(&me_with_cookie(&app, &cookie).await),
        Some("UNAUTHENTICATED")
    );
});

dual_test!(the_transport_refuses_what_browsers_can_forge, |app| {
    app.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let cookie = raw_login(&app).await;
    let post = |content_type: Option<&'static str>, body: String, csrf: bool| {
        let mut req = reqwest::Client::new()
            .post(format!("{}/graphql", app.url))
            .header("cookie", cookie.clone())
            .body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        if csrf {
            req = req.header("x-tillit-csrf", "1");
        }
        req.send()
    };
    let create = json!({ "query": "mutation { createCustomer(input: { kind: BUSINESS, companyName: \"Forged AB\" }) { id } }" }).to_string();
    // A cross-site form or fetch without our header: refused before anything runs.
    let res = post(Some("application/json"), create.clone(), false)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let res = post(ct, create.clone(), true).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
    }
    let batch = format!("[{create}, {create}]");
    let res = post(Some("application/json"), batch, true).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post(Some("application/json"), "{ not json".into(), true)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = reqwest::get(format!("{}/graphql?query=%7Bme%7Bid%7D%7D", app.url))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 0);

    // With the header and JSON it works.
    let res = post(Some("application/json"), create, true).await.unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 1);
});

dual_test!(the_setup_link_creates_the_first_admin_once, |app| {
    use secrecy::ExposeSecret;
    let token = auth::ensure_setup_token(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let token = token.expose_secret().to_owned();
    let q = "mutation($i: CompleteSetupInput!) { completeSetup(input: $i) { viewer { email isAdmin } next } }";
    let input = |token: &str, password: &str| json!({ "i": { "token": token, "email": "First@Tillit.test", "name": "Första Admin", "password": password } });
    let res = app.gql(q, input("wrong-token", ADMIN_PASSWORD)).await;
    assert_eq!(error_field(&res), Some("token"));
    // The password policy: length, the common-password list, and nothing of the user's own.
    for weak in [
        "short",
        "1qaz2wsx3edc",
        "Q1W2E3R4T5Y6",
        "first@tillit.test!",
        "my name is Första Admin",
    ] {
        let res = app.gql(q, input(&token, weak)).await;
        assert_eq!(error_field(&res), Some("password"), "{weak}: {res}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 0);

    let res = app.gql(q, input(&token, ADMIN_PASSWORD)).await;
    assert_eq!(
        res["data"]["completeSetup"],
        json!({ "viewer": { "email": "first@tillit.test", "isAdmin": true }, "next": "MFA_ENROLLMENT_REQUIRED" })
    );
    // Nothing but MFA enrolment until the second factor is set up.
    let res = app.gql("{ me { email } }", json!({})).await;
    assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
    app.finish_mfa(&app.client, "first@tillit.test", "MFA_ENROLLMENT_REQUIRED")
        .await;
    let res = app.gql("{ me { email mfaEnabled } }", json!({})).await;
    assert_eq!(
        res["data"]["me"],
        json!({ "email": "first@tillit.test", "mfaEnabled": true })
    );
    // The link works once, and no new one is issued once a user exists.
    let other = app.new_client();
    let res = app.gql_with(&other, q, input(&token, ADMIN_PASSWORD)).await;
    assert_eq!(error_code(&res), Some("BAD_USER_INPUT"));
    assert!(
        auth::ensure_setup_token(&app.state.db)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 1);
});
