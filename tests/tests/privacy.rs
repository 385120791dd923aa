//! Privacy settings and the data-partner register: validation, versions, flags for partners that
//! need attention, rights, and the audit trail of a removed partner.

mod common;

use common::*;
use serde_json::{Value, json};

const SETTINGS: &str = "{ organizationSettings { companyName orgNumber address email phone privacyPolicyUrl dpoName dpoEmail supervisoryAuthority bookkeepingRetentionYears auditLogRetentionMonths version } }";
const UPDATE: &str = "mutation($v: Int!, $i: OrganizationSettingsInput!) { updateOrganizationSettings(expectedVersion: $v, input: $i) { companyName privacyPolicyUrl email dpoEmail supervisoryAuthority version } }";
const CREATE: &str = "mutation($i: DataPartnerInput!) { createDataPartner(input: $i) { id name country role agreementStatus attention version } }";

fn settings_input() -> Value {
    json!({
        "companyName": "Städbolaget i Norr AB",
        "orgNumber": "556036-0793",
        "address": "Storgatan 1\n111 22 Stockholm",
        "email": "Info@Stadbolaget.example",
        "privacyPolicyUrl": "https://stadbolaget.example/integritet",
        "dpoName": "Dagny Dataskydd",
        "dpoEmail": "dpo@stadbolaget.example",
        "supervisoryAuthority": "IMY",
    })
}

fn partner(name: &str, status: &str) -> Value {
    json!({ "name": name, "country": "se", "role": "PROCESSOR", "purpose": "Sending newsletters", "dataCategories": "Name, e-mail", "agreementStatus": status })
}

dual_test!(settings_are_validated_versioned_and_audited, |app| {
    app.login_admin().await;
    let res = app.gql(SETTINGS, json!({})).await;
    assert_eq!(res["data"]["organizationSettings"]["version"], 1, "{res}");
    assert_eq!(
        res["data"]["organizationSettings"]["bookkeepingRetentionYears"],
        7
    );
    assert_eq!(
        res["data"]["organizationSettings"]["supervisoryAuthority"],
        "IMY"
    );

    let res = app
        .gql(UPDATE, json!({ "v": 1, "i": settings_input() }))
        .await;
    let saved = &res["data"]["updateOrganizationSettings"];
    assert_eq!(saved["version"], 2, "{res}");
    assert_eq!(saved["email"], "info@stadbolaget.example");
    assert_eq!(
        saved["privacyPolicyUrl"],
        "https://stadbolaget.example/integritet"
    );
    // A stale version is refused.
    let res = app
        .gql(UPDATE, json!({ "v": 1, "i": settings_input() }))
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");

    for (field, value) in [
        ("privacyPolicyUrl", json!("javascript:alert(1)")),
        ("privacyPolicyUrl", json!("stadbolaget.example")),
        ("email", json!("not an address")),
        ("dpoEmail", json!("dpo@")),
        ("companyName", json!("x".repeat(201))),
        ("bookkeepingRetentionYears", json!(0)),
    ] {
        let mut input = settings_input();
        input[field] = value;
        let res = app.gql(UPDATE, json!({ "v": 2, "i": input })).await;
        assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{field}: {res}");
        assert_eq!(error_field(&res), Some(field), "{res}");
    }
    let log = app
        .gql(
            "{ auditEvents(filter: { action: \"settings.\" }) { nodes { action outcome } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        log["data"]["auditEvents"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{log}"
    );

    // Everyone signed in reads them (the consent form prints them); only MANAGE_SETTINGS writes.
    let staff = staff_in(&app, "staff@tillit.test", &[]).await;
    let res = app.gql_with(&staff, SETTINGS, json!({})).await;
    assert_eq!(
        res["data"]["organizationSettings"]["companyName"],
        "Städbolaget i Norr AB"
    );
    let res = app
        .gql_with(&staff, UPDATE, json!({ "v": 2, "i": settings_input() }))
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
});

dual_test!(
    partners_without_a_valid_agreement_are_flagged_and_removal_is_logged,
    |app| {
        app.login_admin().await;
        let res = app
            .gql(CREATE, json!({ "i": partner("Nyhetsbrev AB", "MISSING") }))
            .await;
        let missing = res["data"]["createDataPartner"].clone();
        assert_eq!(missing["attention"], "MISSING_AGREEMENT", "{res}");
        assert_eq!(missing["country"], "SE");
        let mut signed = partner("Bokföring AB", "SIGNED");
        signed["signedOn"] = json!("2025-01-15");
        signed["reviewOn"] = json!("2026-01-15");
        let res = app.gql(CREATE, json!({ "i": signed })).await;
        assert_eq!(
            res["data"]["createDataPartner"]["attention"], "REVIEW_OVERDUE",
            "{res}"
        );
        let mut fine = partner("Molnet AB", "SIGNED");
        fine["signedOn"] = json!("2026-01-15");
        fine["reviewOn"] = json!("2099-01-15");
        fine["thirdCountryTransfer"] = json!(true);
        fine["transferSafeguard"] = json!("EU standard contractual clauses (2021/914)");
        fine["country"] = json!("US");
        let res = app.gql(CREATE, json!({ "i": fine })).await;
        assert_eq!(
            res["data"]["createDataPartner"]["attention"],
            Value::Null,
            "{res}"
        );

        let list = app
            .gql("{ dataPartners { name attention } }", json!({}))
            .await;
        assert_eq!(
            list["data"]["dataPartners"],
            json!([
                { "name": "Bokföring AB", "attention": "REVIEW_OVERDUE" },
                { "name": "Molnet AB", "attention": null },
                { "name": "Nyhetsbrev AB", "attention": "MISSING_AGREEMENT" },
            ])
        );

        // Bad input, each named.
        let mut cases = Vec::new();
        let mut p = partner("X", "SIGNED");
        p["signedOn"] = json!("2026-05-01");
        p["reviewOn"] = json!("2026-04-01");
        cases.push((p, "reviewOn"));
        cases.push((partner("X", "SIGNED"), "signedOn"));
        let mut p = partner("X", "MISSING");
        p["thirdCountryTransfer"] = json!(true);
        cases.push((p, "transferSafeguard"));
        let mut p = partner("X", "MISSING");
        p["country"] = json!("Sweden");
        cases.push((p, "country"));
        cases.push((partner(&"N".repeat(10 * 1024), "MISSING"), "name"));
        cases.push((partner("   ", "MISSING"), "name"));
        for (input, field) in cases {
            let res = app.gql(CREATE, json!({ "i": input })).await;
            assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{field}: {res}");
            assert_eq!(error_field(&res), Some(field), "{res}");
        }
        // A 10 MB name never reaches the service: the body limit answers 413 (and may close the
        // connection before the client has sent everything).
        let huge = json!({ "query": CREATE, "variables": { "i": partner(&"N".repeat(10 * 1024 * 1024), "MISSING") } });
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
        assert_eq!(app.scalar("SELECT COUNT(*) FROM data_partners").await, 3);

        // Versions, then removal, which keeps the partner's last state in the log.
        let update = "mutation($id: ID!, $v: Int!, $i: DataPartnerInput!) { updateDataPartner(id: $id, expectedVersion: $v, input: $i) { version agreementStatus attention } }";
        let mut now_signed = partner("Nyhetsbrev AB", "SIGNED");
        now_signed["signedOn"] = json!("2026-11-01");
        let res = app
            .gql(
                update,
                json!({ "id": missing["id"], "v": 1, "i": now_signed }),
            )
            .await;
        assert_eq!(
            res["data"]["updateDataPartner"]["attention"],
            Value::Null,
            "{res}"
        );
        let res = app
            .gql(
                update,
                json!({ "id": missing["id"], "v": 1, "i": now_signed }),
            )
            .await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        let delete = "mutation($id: ID!) { deleteDataPartner(id: $id) }";
        let res = app.gql(delete, json!({ "id": missing["id"] })).await;
        assert_eq!(res["data"]["deleteDataPartner"], true, "{res}");
        let res = app.gql(delete, json!({ "id": missing["id"] })).await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
        let log = app
        .gql("{ auditEvents(filter: { action: \"data_partner.delete\" }) { nodes { entityId details } } }", json!({}))
        .await;
        let removed = &log["data"]["auditEvents"]["nodes"][0];
        assert_eq!(removed["entityId"], missing["id"]);
        assert_eq!(removed["details"]["name"], "Nyhetsbrev AB");
        assert_eq!(removed["details"]["agreementStatus"], "signed");

        // Rights.
        let staff = staff_in(&app, "staff@tillit.test", &[]).await;
        let res = app
            .gql_with(&staff, CREATE, json!({ "i": partner("Y", "MISSING") }))
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
        let res = app
            .gql_with(&staff, "{ dataPartners { name } }", json!({}))
            .await;
        assert_eq!(
            res["data"]["dataPartners"].as_array().unwrap().len(),
            2,
            "{res}"
        );
    }
);

const FORM: &str = "query($c: ID, $l: FormLanguage!) { consentForm(customerId: $c, language: $l) { title controller { companyName privacyPolicyUrl } supervisoryAuthorityName purposes { key name } recipients { name } declaration { version contentHash } customer { number displayName contactNames } sections { heading paragraphs } } }";

dual_test!(
    the_consent_form_carries_settings_partners_purposes_and_the_declaration,
    |app| {
        app.login_admin().await;
        app.gql(UPDATE, json!({ "v": 1, "i": settings_input() }))
            .await;
        let mut transfer = partner("Molnet Inc", "SIGNED");
        transfer["country"] = json!("US");
        transfer["signedOn"] = json!("2026-01-01");
        transfer["thirdCountryTransfer"] = json!(true);
        transfer["transferSafeguard"] = json!("EU standard contractual clauses");
        app.gql(CREATE, json!({ "i": transfer })).await;
        app.gql(CREATE, json!({ "i": partner("Nyhetsbrev AB", "MISSING") }))
            .await;
        let customer = create_customer(&app, business("Formulär AB")).await;
        create_contact(
            &app,
            customer["id"].as_str().unwrap(),
            json!({ "name": "Frida Form" }),
        )
        .await;

        let res = app
            .gql(FORM, json!({ "c": customer["id"], "l": "SV" }))
            .await;
        let form = &res["data"]["consentForm"];
        assert_eq!(form["title"], "Samtycke till kommunikation", "{res}");
        assert_eq!(
            form["controller"]["privacyPolicyUrl"],
            "https://stadbolaget.example/integritet"
        );
        assert_eq!(
            form["supervisoryAuthorityName"],
            "Integritetsskyddsmyndigheten (IMY)"
        );
        assert_eq!(form["purposes"].as_array().unwrap().len(), 5);
        assert_eq!(form["purposes"][0]["name"], "Marknadsföring via e-post");
        assert_eq!(
            form["recipients"],
            json!([{ "name": "Molnet Inc" }, { "name": "Nyhetsbrev AB" }])
        );
        assert_eq!(form["declaration"]["version"], 1);
        assert_eq!(form["customer"]["displayName"], "Formulär AB");
        assert_eq!(form["customer"]["contactNames"], json!(["Frida Form"]));
        let text = form["sections"].to_string();
        assert!(
            text.contains("Molnet Inc (US): EU standard contractual clauses"),
            "{text}"
        );
        assert!(text.contains("Mina sidor"), "{text}");
        assert!(text.contains("https://www.imy.se"), "{text}");

        // English, and blank for the front desk.
        let res = app.gql(FORM, json!({ "c": null, "l": "EN" })).await;
        assert_eq!(
            res["data"]["consentForm"]["title"], "Consent to communication",
            "{res}"
        );
        assert_eq!(res["data"]["consentForm"]["customer"], Value::Null);
        assert_eq!(
            res["data"]["consentForm"]["purposes"][0]["name"],
            "Marketing e-mail"
        );

        // A restricted customer: refused like an unknown one, and the attempt is logged.
        let hidden = create_group(&app, "Hidden", &["READ_CUSTOMERS"]).await;
        app.gql(
        "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
        json!({ "id": customer["id"], "g": [hidden] }),
    )
    .await;
        let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
        let reader = staff_in(&app, "reader@tillit.test", &[&readers]).await;
        let res = app
            .gql_with(&reader, FORM, json!({ "c": customer["id"], "l": "SV" }))
            .await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
        let res = app
            .gql_with(
                &reader,
                FORM,
                json!({ "c": "00000000-0000-7000-8000-000000000000", "l": "SV" }),
            )
            .await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
        let log = app
        .gql(
            "{ auditEvents(filter: { action: \"consent_form.read\", outcome: DENIED }) { nodes { entityId } } }",
            json!({}),
        )
        .await;
        assert_eq!(
            log["data"]["auditEvents"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "{log}"
        );
        // The blank form needs no customer right.
        let res = app
            .gql_with(&reader, FORM, json!({ "c": null, "l": "SV" }))
            .await;
        assert!(res["errors"].is_null(), "{res}");
    }
);
