//! A database with something in every table a backup holds, made the way users make it.

use serde_json::{Value, json};

use super::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, business, create_api_key, create_contact, create_group,
    key_client, set_groups_of,
};

/// The tables a backup holds that [`populate_everything`] fills (all but `setup_tokens`).
pub const FILLED_TABLES: &[&str] = &[
    "users",
    "recovery_codes",
    "access_groups",
    "group_members",
    "customers",
    "contacts",
    "customer_groups",
    "consent_purposes",
    "consent_declarations",
    "consent_events",
    "current_consents",
    "organization_settings",
    "data_partners",
    "api_keys",
    "api_key_groups",
    "idempotency_keys",
    "portal_accounts",
    "portal_tokens",
    "outgoing_messages",
    "webhook_endpoints",
    "webhook_deliveries",
    "orders",
    "order_lines",
    "invoices",
    "invoice_lines",
    "tasks",
    "anonymization_receipts",
    "anonymization_ledger",
    "retention_rules",
    "customer_secrets",
    "secret_groups",
    "secret_reveals",
    "master_keys",
    "field_keys",
    "audit_events",
    "audit_subjects",
];

/// Runs a GraphQL request with `client` and returns `data.<field>`, panicking on any error.
async fn ok_with(
    app: &TestApp,
    client: &reqwest::Client,
    field: &str,
    query: &str,
    variables: Value,
) -> Value {
    let res = app.gql_with(client, query, variables).await;
    assert!(res["errors"].is_null(), "{field} failed: {res}");
    res["data"][field].clone()
}

/// The same as the signed-in administrator (`app.client`).
async fn ok(app: &TestApp, field: &str, query: &str, variables: Value) -> Value {
    ok_with(app, &app.client, field, query, variables).await
}

fn id_of(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}

/// Puts at least one row in every table a backup holds, the way users would (GraphQL where the
/// product offers it, service functions of the `tillit` crate otherwise). Returns nothing; panics on failure.
///
/// Signs `app.client` in as the administrator ([`ADMIN_EMAIL`]), creating it first when it does
/// not exist yet (so it may be called before or after [`TestApp::login_admin`]). Meant to run
/// once per database: the names it creates (a group, a user, webhook and key names) are fixed.
/// `setup_tokens` stays empty. The server runs no webhook dispatcher in tests, so the queued
/// delivery stays pending.
pub async fn populate_everything(app: &TestApp) {
    // users, recovery_codes (MFA enrolment), audit_events.
    let admins = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM users WHERE email = '{ADMIN_EMAIL}'"
        ))
        .await;
    if admins == 0 {
        app.login_admin().await;
    } else {
        app.login_as(&app.client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    }

    // customers, contacts, orders, order_lines, invoices, invoice_lines, tasks (demo data, as
    // `tillit seed` makes it).
    let report = tillit::features::demo::seed(&app.state.db, 20, 1)
        .await
        .expect("demo seed");
    assert!(report.customers > 0 && report.orders > 0 && report.invoices > 0);

    // organization_settings (seeded; changed here as an administrator would).
    let version = ok(
        app,
        "organizationSettings",
        "{ organizationSettings { version } }",
        json!({}),
    )
    .await["version"]
        .as_i64()
        .unwrap();
    ok(
        app,
        "updateOrganizationSettings",
        "mutation($v: Int!, $i: OrganizationSettingsInput!) { updateOrganizationSettings(expectedVersion: $v, input: $i) { version } }",
        json!({ "v": version, "i": {
            "companyName": "Allt i Allo AB",
            "orgNumber": "556036-0793",
            // Tab, newline, backslash and quotes: a restore on PostgreSQL copies them as COPY
            // text, where each needs its escape.
            "address": "Storgatan 1\n111 22 Stockholm\tc/o \"Kontoret\" \\ Åsa",
            "email": "info@allt-i-allo.example",
            "privacyPolicyUrl": "https://allt-i-allo.example/integritet",
            "dpoName": "Dagny Dataskydd",
            "dpoEmail": "dpo@allt-i-allo.example",
            "supervisoryAuthority": "IMY",
        } }),
    )
    .await;

    // data_partners.
    ok(
        app,
        "createDataPartner",
        "mutation($i: DataPartnerInput!) { createDataPartner(input: $i) { id } }",
        json!({ "i": {
            "name": "Nyhetsbrev AB", "country": "SE", "role": "PROCESSOR",
            "purpose": "Sending newsletters", "dataCategories": "Name, e-mail",
            "agreementStatus": "SIGNED", "signedOn": "2026-01-15", "reviewOn": "2099-01-15",
        } }),
    )
    .await;

    // access_groups, group_members (a staff user in the group).
    let group = create_group(
        app,
        "Everything: field team",
        &["READ_CUSTOMERS", "EDIT_CONSENTS", "READ_SECRETS"],
    )
    .await;
    app.create_user(
        "field@tillit.test",
        "a long and unguessable passphrase",
        false,
    )
    .await;
    set_groups_of(app, "field@tillit.test", &[&group]).await;

    // customers restricted to the group: customer_groups; its contact for consents and My page.
    let restricted = ok(
        app,
        "createCustomer",
        "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id } }",
        json!({ "i": business("Begränsad Kund AB"), "g": [group] }),
    )
    .await;
    let customer = id_of(&restricted);
    let contact = id_of(
        &create_contact(
            app,
            &customer,
            json!({ "name": "Maja Allt", "email": "Maja.Allt@Example.se", "phone": "070-123 45 67", "externalId": "shop-1" }),
        )
        .await,
    );
    // Business records made through the product too (the demo data has more).
    let order = ok(
        app,
        "createOrder",
        "mutation($c: ID!) { createOrder(customerId: $c, input: { orderDate: \"2026-11-10\", description: \"Fönsterputs\", \
         lines: [{ description: \"Fönsterputs\", quantity: 2, unitPrice: 45000, vatRate: 2500 }] }) { id } }",
        json!({ "c": customer }),
    )
    .await;
    ok(
        app,
        "createInvoice",
        "mutation($c: ID!, $o: ID!) { createInvoice(customerId: $c, input: { orderId: $o, invoiceDate: \"2026-11-11\", dueDate: \"2026-12-11\" }) { id } }",
        json!({ "c": customer, "o": order["id"] }),
    )
    .await;
    ok(
        app,
        "createTask",
        "mutation($c: ID!) { createTask(input: { customerId: $c, title: \"Återkoppla\", body: \"Ring om offerten\" }) { id } }",
        json!({ "c": customer }),
    )
    .await;

    // webhook_endpoints (its delivery is queued by the consent change below).
    ok(
        app,
        "createWebhookEndpoint",
        "mutation { createWebhookEndpoint(url: \"http://127.0.0.1:9/hook\", events: [CONSENT_CHANGED]) { endpoint { id } } }",
        json!({}),
    )
    .await;

    // api_keys, api_key_groups; the webshop records a consent with an idempotency key:
    // consent_events, current_consents, idempotency_keys, webhook_deliveries.
    let (_, secret) = create_api_key(
        app,
        "Everything: webshop",
        &["CONSENT_READ", "CONSENT_WRITE"],
        &[&group],
    )
    .await;
    let shop = key_client(&secret);
    let terms = ok_with(
        app,
        &shop,
        "webshopConsentTerms",
        "{ webshopConsentTerms { declarationVersion purposes { key } } }",
        json!({}),
    )
    .await;
    let purpose = terms["purposes"][0]["key"].clone();
    let recorded = ok_with(
        app,
        &shop,
        "recordWebshopConsent",
        "mutation($i: WebshopConsentInput!) { recordWebshopConsent(input: $i) { replayed eventIds } }",
        json!({ "i": {
            "contactId": contact,
            "changes": [{ "purpose": purpose, "decision": "GRANTED" }],
            "declarationVersion": terms["declarationVersion"],
            "userAgent": "Mozilla/5.0 (Webshop checkout)",
            "idempotencyKey": "everything-order-1",
        } }),
    )
    .await;
    assert_eq!(recorded["replayed"], false, "{recorded}");

    // portal_accounts, portal_tokens, outgoing_messages (an invitation to My page, stored in the
    // outbox without SMTP).
    ok(
        app,
        "inviteContactToPortal",
        "mutation($c: ID!) { inviteContactToPortal(contactId: $c) { link } }",
        json!({ "c": contact }),
    )
    .await;

    // customer_secrets, secret_groups, secret_reveals.
    let created = ok(
        app,
        "createSecret",
        "mutation($c: ID!, $i: SecretInput!) { createSecret(customerId: $c, input: $i) { id } }",
        json!({ "c": customer, "i": {
            "title": "Router admin", "kind": "CREDENTIAL", "username": "admin",
            "url": "https://192.168.1.1", "notes": "Behind the TV", "value": "Tr0ub4dor&3",
            "groupIds": [group],
        } }),
    )
    .await;
    let revealed = ok(
        app,
        "revealSecret",
        "mutation($id: ID!) { revealSecret(id: $id, reason: \"customer on the phone\") { value } }",
        json!({ "id": id_of(&created) }),
    )
    .await;
    assert_eq!(revealed["value"], "Tr0ub4dor&3", "{revealed}");

    // anonymization_receipts, anonymization_ledger (a private customer of its own).
    let person = super::create_customer(
        app,
        json!({ "kind": "PRIVATE", "country": "SE", "firstName": "Åsa", "lastName": "Glömd",
                "email": "asa.glomd@example.se", "phone": "070-765 43 21" }),
    )
    .await;
    let anonymized = ok(
        app,
        "anonymizeCustomer",
        "mutation($id: ID!, $n: Int!) { anonymizeCustomer(id: $id, confirmNumber: $n) { alreadyAnonymized receipt { id } } }",
        json!({ "id": person["id"], "n": person["number"] }),
    )
    .await;
    assert_eq!(anonymized["alreadyAnonymized"], false, "{anonymized}");

    // retention_rules (not run automatically).
    ok(
        app,
        "setRetentionRule",
        "mutation { setRetentionRule(inactiveMonths: 36, autoRun: false) { inactiveMonths } }",
        json!({}),
    )
    .await;

    // field_keys: a key rotation (no GraphQL for it), after the encrypted values above exist so
    // they move to the new key.
    let report =
        tillit::features::keys::service::rotate(&app.state.db, &app.state.keyring, 1_000, |_| true)
            .await
            .expect("key rotation");
    assert!(report.finished, "{report:?}");

    // master_keys (recorded at the first start), consent_purposes and consent_declarations
    // (seeded by the migrations), audit_subjects (every audited act on a customer) need nothing
    // more. A read of the restricted customer adds an audited read of its card.
    ok(
        app,
        "customer",
        "query($id: ID!) { customer(id: $id) { displayName } }",
        json!({ "id": customer }),
    )
    .await;

    for table in FILLED_TABLES {
        let rows = app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await;
        assert!(
            rows >= 1,
            "populate_everything left the table {table} empty"
        );
    }
}
