//! The consent form as PDF (`GET /customers/{id}/consent-form.pdf`, `GET /consent-form.pdf`):
//! what a front desk prints must carry the controller, the policy link, every active purpose,
//! every partner and the declaration version — read back with `pdftotext`, as a person would —
//! and it is only handed to a signed-in member of staff who may see the customer.

mod common;

use std::process::Command;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const UPDATE: &str = "mutation($v: Int!, $i: OrganizationSettingsInput!) { updateOrganizationSettings(expectedVersion: $v, input: $i) { version } }";
const CREATE: &str = "mutation($i: DataPartnerInput!) { createDataPartner(input: $i) { id } }";
const FORM: &str = "query($l: FormLanguage!) { consentForm(language: $l) { purposes { name } declaration { version contentHash } } }";

/// The PDF's text as `pdftotext -layout` extracts it.
fn pdf_text(app: &TestApp, bytes: &[u8], name: &str) -> String {
    let path = app.data_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext could not run ({e}): install it with apt-get install -y poppler-utils"
            )
        });
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

async fn get(client: &reqwest::Client, url: String) -> reqwest::Response {
    client.get(url).send().await.unwrap()
}

async fn pdf(client: &reqwest::Client, url: String) -> Vec<u8> {
    let res = get(client, url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"consent-form-")
    );
    let bytes = res.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    bytes
}

async fn error_of(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn count(app: &TestApp, outcome: &str) -> usize {
    let log = app
        .gql(
            "query($o: AuditOutcome!) { auditEvents(filter: { action: \"consent_form.read\", outcome: $o }) { nodes { id } } }",
            json!({ "o": outcome }),
        )
        .await;
    log["data"]["auditEvents"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{log}"))
        .len()
}

dual_test!(the_pdf_carries_everything_the_form_needs, |app| {
    app.login_admin().await;
    let res = app
        .gql(
            UPDATE,
            json!({ "v": 1, "i": {
                "companyName": "Städbolaget i Norr AB",
                "orgNumber": "556036-0793",
                "address": "Storgatan 1\n111 22 Stockholm",
                "email": "info@stadbolaget.example",
                "privacyPolicyUrl": "https://stadbolaget.example/integritet",
                "dpoName": "Dagny Dataskydd",
                "dpoEmail": "dpo@stadbolaget.example",
                "supervisoryAuthority": "IMY",
            } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let partners = ["Molnet Inc", "Nyhetsbrev AB", "Åkeriet Östra Kb"];
    for (i, name) in partners.iter().enumerate() {
        let mut input = json!({ "name": name, "country": "SE", "role": "PROCESSOR", "purpose": "Sending newsletters", "agreementStatus": "SIGNED", "signedOn": "2026-01-01" });
        if i == 0 {
            input["country"] = json!("US");
            input["thirdCountryTransfer"] = json!(true);
            input["transferSafeguard"] = json!("EU standard contractual clauses");
        }
        let res = app.gql(CREATE, json!({ "i": input })).await;
        assert!(res["errors"].is_null(), "{res}");
    }
    let customer = create_customer(&app, business("Formulär AB")).await;
    let id = customer["id"].as_str().unwrap();
    let number = customer["number"].as_i64().unwrap();
    for name in ["Frida Form", "Sven Signatur"] {
        create_contact(&app, id, json!({ "name": name })).await;
    }

    let form = app.gql(FORM, json!({ "l": "SV" })).await;
    let purposes: Vec<String> = form["data"]["consentForm"]["purposes"]
        .as_array()
        .unwrap_or_else(|| panic!("{form}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(purposes.len(), 5);
    let hash = form["data"]["consentForm"]["declaration"]["contentHash"]
        .as_str()
        .unwrap()
        .to_owned();

    let bytes = pdf(
        &app.client,
        format!("{}/customers/{id}/consent-form.pdf?lang=sv", app.url),
    )
    .await;
    let text = pdf_text(&app, &bytes, "form-sv.pdf");
    for expected in [
        "Samtycke till kommunikation",
        "Städbolaget i Norr AB",
        "Org.nr 556036-0793",
        "https://stadbolaget.example/integritet",
        "Dagny Dataskydd, dpo@stadbolaget.example",
        "Integritetsskyddsmyndigheten (IMY) (https://www.imy.se)",
        "Formulär AB",
        &number.to_string(),
        "Frida Form",
        "Sven Signatur",
        "Samtyckestext version 1",
        &hash[..12],
        &hash[56..],
        "Molnet Inc (US): EU standard contractual clauses",
        "Mina sidor",
        "Namnförtydligande",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    for name in purposes.iter().chain(
        partners
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .iter(),
    ) {
        assert!(
            text.contains(name.as_str()),
            "{name:?} missing from:\n{text}"
        );
    }
    assert_eq!(count(&app, "SUCCESS").await, 1);

    // English.
    let bytes = pdf(
        &app.client,
        format!("{}/customers/{id}/consent-form.pdf?lang=EN", app.url),
    )
    .await;
    let text = pdf_text(&app, &bytes, "form-en.pdf");
    for expected in [
        "Consent to communication",
        "Marketing e-mail",
        "Declaration version 1",
        "Name in block letters",
        "Frida Form",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // The blank form for the front desk: no customer, empty lines to fill in.
    let bytes = pdf(&app.client, format!("{}/consent-form.pdf", app.url)).await;
    let text = pdf_text(&app, &bytes, "blank.pdf");
    assert!(text.contains("Samtycke till kommunikation"), "{text}");
    assert!(text.contains("Kundnummer"), "{text}");
    assert!(!text.contains("Formulär AB"), "{text}");
    assert!(!text.contains("Frida Form"), "{text}");
});

dual_test!(long_texts_flow_onto_more_pages, |app| {
    app.login_admin().await;
    // Forty partners with long purposes cannot fit on one page.
    let purpose = "Processing of personal data for delivering and following up the services, \
                   including invoicing, support and statistics. "
        .repeat(4);
    for i in 0..40 {
        let res = app
            .gql(
                CREATE,
                json!({ "i": { "name": format!("Partner {i:02} AB"), "country": "SE", "role": "PROCESSOR", "purpose": purpose, "agreementStatus": "MISSING" } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
    }
    let bytes = pdf(&app.client, format!("{}/consent-form.pdf?lang=en", app.url)).await;
    let text = pdf_text(&app, &bytes, "long.pdf");
    let pages = text.matches("Page ").count();
    assert!(pages >= 3, "expected several pages:\n{text}");
    assert!(text.contains(&format!("Page {pages}/{pages}")), "{text}");
    for i in 0..40 {
        let name = format!("Partner {i:02} AB");
        assert!(text.contains(&name), "{name} missing");
    }
    // The signature block comes last, after the declaration.
    let declaration = text.find("Declaration version 1").unwrap();
    let signature = text.rfind("Name in block letters").unwrap();
    assert!(declaration < signature);
});

dual_test!(the_pdf_is_refused_without_a_session_or_access, |app| {
    app.login_admin().await;
    let customer = create_customer(&app, business("Hemlig AB")).await;
    let id = customer["id"].as_str().unwrap();

    // No session at all.
    let anonymous = app.new_client();
    for url in [
        format!("{}/customers/{id}/consent-form.pdf", app.url),
        format!("{}/consent-form.pdf", app.url),
    ] {
        let (status, body) = error_of(get(&anonymous, url).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
    }
    // A session that has not passed MFA yet.
    app.create_user(
        "pending@tillit.test",
        "a long and unguessable passphrase",
        false,
    )
    .await;
    let pending = app.new_client();
    app.login(
        &pending,
        "pending@tillit.test",
        "a long and unguessable passphrase",
    )
    .await;
    let (status, _) = error_of(get(&pending, format!("{}/consent-form.pdf", app.url)).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Bad input: a language we do not have, an id that is not one.
    let (status, body) =
        error_of(get(&app.client, format!("{}/consent-form.pdf?lang=de", app.url)).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&body), Some("lang"));
    let (status, body) = error_of(
        get(
            &app.client,
            format!("{}/customers/'%20OR%201=1--/consent-form.pdf", app.url),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_field(&body), Some("id"), "{body}");

    // A member of staff who may not see the customer: refused like an unknown id, and logged.
    let hidden = create_group(&app, "Hidden", &["READ_CUSTOMERS"]).await;
    let res = app
        .gql(
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": id, "g": [hidden] }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
    let reader = staff_in(&app, "reader@tillit.test", &[&readers]).await;
    for customer in [id, "00000000-0000-7000-8000-000000000000"] {
        let (status, body) = error_of(
            get(
                &reader,
                format!("{}/customers/{customer}/consent-form.pdf", app.url),
            )
            .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    }
    assert_eq!(count(&app, "DENIED").await, 2);
    // Staff without the customer right get the blank form, but no customer's.
    let nobody = staff_in(&app, "nobody@tillit.test", &[]).await;
    let (status, body) = error_of(
        get(
            &nobody,
            format!("{}/customers/{id}/consent-form.pdf", app.url),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    pdf(&nobody, format!("{}/consent-form.pdf", app.url)).await;
});
