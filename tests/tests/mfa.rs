//! Mandatory MFA for staff: enrolment is forced, TOTP codes work once, recovery codes work once,
//! wrong codes and wrong passwords lock the account, a flood from one address is rate limited,
//! and TOTP seeds never sit in the database in clear.

mod common;

use chrono::{Duration, Utc};
use common::*;
use serde_json::{Value, json};

const USER: &str = "staff@tillit.test";
const PASSWORD: &str = "a long and unusual passphrase";

async fn verify(app: &TestApp, code: &str) -> Value {
    app.gql(
        "mutation($c: String!) { verifyTotp(code: $c) { next viewer { email } } }",
        json!({ "c": code }),
    )
    .await
}

async fn recover(app: &TestApp, code: &str) -> Value {
    app.gql(
        "mutation($c: String!) { useRecoveryCode(code: $c) { next } }",
        json!({ "c": code }),
    )
    .await
}

async fn logout(app: &TestApp) {
    app.gql("mutation { logout }", json!({})).await;
}

async fn password_step(app: &TestApp) -> String {
    let res = app.login(&app.client, USER, PASSWORD).await;
    res["data"]["login"]["next"]
        .as_str()
        .unwrap_or_else(|| panic!("{res}"))
        .to_owned()
}

dual_test!(enrolment_is_forced_and_each_code_works_once, |app| {
    app.create_user(USER, PASSWORD, false).await;
    assert_eq!(password_step(&app).await, "MFA_ENROLLMENT_REQUIRED");

    // A pending session reaches nothing but the second factor.
    for op in ["{ me { id } }", "{ customers { nodes { id } } }"] {
        assert_eq!(
            error_code(&app.gql(op, json!({})).await),
            Some("UNAUTHENTICATED"),
            "{op}"
        );
    }
    assert_eq!(error_code(&verify(&app, "123456").await), Some("CONFLICT"));

    let res = app
        .gql(
            "mutation { beginTotpEnrollment { secret otpauthUri qrSvg } }",
            json!({}),
        )
        .await;
    let enrolment = &res["data"]["beginTotpEnrollment"];
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 32, "a 160-bit secret");
    assert!(
        enrolment["otpauthUri"]
            .as_str()
            .unwrap()
            .contains(&format!("secret={secret}"))
    );
    assert!(enrolment["qrSvg"].as_str().unwrap().starts_with("<svg"));
    let pending = app.scalar(&format!(
        "SELECT COUNT(*) FROM users WHERE totp_pending_secret LIKE 'v1:%' AND totp_pending_secret NOT LIKE '%{secret}%'"
    ))
    .await;
    assert_eq!(pending, 1, "the pending secret is stored encrypted");

    let confirm = "mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes viewer { mfaEnabled } } }";
    for bad in ["000000", "12345", "abcdef", ""] {
        let res = app.gql(confirm, json!({ "c": bad })).await;
        assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{bad}: {res}");
        assert_eq!(error_field(&res), Some("code"));
    }
    let first_code = totp_code(&secret);
    let res = app.gql(confirm, json!({ "c": first_code })).await;
    let codes: Vec<String> =
        serde_json::from_value(res["data"]["confirmTotpEnrollment"]["recoveryCodes"].clone())
            .unwrap_or_else(|_| panic!("{res}"));
    assert_eq!(codes.len(), 10);
    assert_eq!(
        res["data"]["confirmTotpEnrollment"]["viewer"]["mfaEnabled"],
        true
    );
    assert_eq!(
        app.gql("{ me { email } }", json!({})).await["data"]["me"]["email"],
        USER
    );
    let stored = app.scalar(&format!(
        "SELECT COUNT(*) FROM users WHERE totp_secret LIKE 'v1:%' AND totp_secret NOT LIKE '%{secret}%' AND totp_pending_secret IS NULL"
    ))
    .await;
    assert_eq!(stored, 1, "the TOTP secret is stored encrypted");
    let plain_codes = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM recovery_codes WHERE code_digest LIKE '%{}%'",
            &codes[0][..4]
        ))
        .await;
    assert!(plain_codes <= 1, "recovery codes are stored as digests");

    // Next login: a code is required, and the one used at enrolment cannot be replayed.
    logout(&app).await;
    assert_eq!(password_step(&app).await, "MFA_REQUIRED");
    assert_eq!(error_field(&verify(&app, &first_code).await), Some("code"));
    let res = verify(&app, &totp_code_at(&secret, 1)).await;
    assert_eq!(res["data"]["verifyTotp"]["next"], "DONE", "{res}");
    assert_eq!(
        app.gql("{ me { email } }", json!({})).await["data"]["me"]["email"],
        USER
    );

    // A recovery code works once.
    logout(&app).await;
    assert_eq!(password_step(&app).await, "MFA_REQUIRED");
    assert_eq!(
        recover(&app, &codes[0].to_uppercase()).await["data"]["useRecoveryCode"]["next"],
        "DONE"
    );
    logout(&app).await;
    assert_eq!(password_step(&app).await, "MFA_REQUIRED");
    let res = recover(&app, &codes[0]).await;
    assert_eq!(error_field(&res), Some("code"), "{res}");
    assert_eq!(
        recover(&app, &codes[1]).await["data"]["useRecoveryCode"]["next"],
        "DONE"
    );

    // New recovery codes need the password and a current code; the old ones stop working.
    let regenerate =
        "mutation($p: String!, $c: String!) { regenerateRecoveryCodes(password: $p, code: $c) }";
    let res = app
        .gql(
            regenerate,
            json!({ "p": "wrong password!!", "c": totp_code(&secret) }),
        )
        .await;
    assert_eq!(error_field(&res), Some("password"));
    app.exec(&format!(
        "UPDATE users SET totp_last_step = NULL WHERE email = '{USER}'"
    ))
    .await;
    let res = app
        .gql(
            regenerate,
            json!({ "p": PASSWORD, "c": totp_code(&secret) }),
        )
        .await;
    let fresh: Vec<String> = serde_json::from_value(res["data"]["regenerateRecoveryCodes"].clone())
        .unwrap_or_else(|_| panic!("{res}"));
    assert_eq!(fresh.len(), 10);
    logout(&app).await;
    password_step(&app).await;
    assert_eq!(error_field(&recover(&app, &codes[2]).await), Some("code"));
    assert_eq!(
        recover(&app, &fresh[0]).await["data"]["useRecoveryCode"]["next"],
        "DONE"
    );
});

dual_test!(
    wrong_codes_end_the_pending_session_and_lock_the_account,
    |app| {
        app.create_user(USER, PASSWORD, false).await;
        app.login_as(&app.client, USER, PASSWORD).await;
        logout(&app).await;
        assert_eq!(password_step(&app).await, "MFA_REQUIRED");
        for attempt in 1..=5 {
            let res = verify(&app, "000000").await;
            let expected = if attempt < 5 {
                "BAD_USER_INPUT"
            } else {
                "UNAUTHENTICATED"
            };
            assert_eq!(error_code(&res), Some(expected), "attempt {attempt}: {res}");
        }
        // The session is gone and the account is locked: even the right password is refused, with
        // the same answer as a wrong one.
        let secret = app.mfa.lock().unwrap()[USER].0.clone();
        assert_eq!(
            error_code(&verify(&app, &totp_code(&secret)).await),
            Some("UNAUTHENTICATED")
        );
        let res = app.login(&app.client, USER, PASSWORD).await;
        assert_eq!(res["errors"][0]["message"], "wrong e-mail or password");
        app.exec(&format!(
            "UPDATE users SET locked_until = '{}' WHERE email = '{USER}'",
            (Utc::now() - Duration::seconds(1)).format("%Y-%m-%d %H:%M:%S%.6f+00:00")
        ))
        .await;
        assert_eq!(password_step(&app).await, "MFA_REQUIRED");
    }
);

dual_test!(
    wrong_passwords_lock_the_account_with_a_growing_lock,
    |app| {
        app.create_user(USER, PASSWORD, false).await;
        for _ in 0..5 {
            let res = app
                .login(&app.client, USER, "not the password at all")
                .await;
            assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
        }
        assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM users WHERE locked_until IS NOT NULL AND lock_count = 1 AND email = '{USER}'"))
            .await,
        1
    );
        // Locked: the right password gets the generic answer, and nothing more is counted.
        let res = app.login(&app.client, USER, PASSWORD).await;
        assert_eq!(res["errors"][0]["message"], "wrong e-mail or password");
        for _ in 0..3 {
            app.login(&app.client, USER, "not the password at all")
                .await;
        }
        assert_eq!(
            app.scalar(&format!(
                "SELECT CAST(failed_logins AS BIGINT) FROM users WHERE email = '{USER}'"
            ))
            .await,
            0,
            "attempts while locked are not counted"
        );
        let failures = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'auth.login' AND outcome = 'failure'")
        .await;
        assert_eq!(failures, 9);
        app.exec(&format!(
            "UPDATE users SET locked_until = '{}' WHERE email = '{USER}'",
            (Utc::now() - Duration::seconds(1)).format("%Y-%m-%d %H:%M:%S%.6f+00:00")
        ))
        .await;
        assert_eq!(password_step(&app).await, "MFA_ENROLLMENT_REQUIRED");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_address_is_rate_limited() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            auth_burst: 3,
            auth_per_minute: 1,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    for _ in 0..3 {
        let res = app
            .login(&app.client, "nobody@tillit.test", "whatever password")
            .await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
    }
    let res = app
        .login(&app.client, "nobody@tillit.test", "whatever password")
        .await;
    assert_eq!(error_code(&res), Some("RATE_LIMITED"), "{res}");
    assert!(
        res["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // The HTTP answer carries it as `Retry-After` too.
    let raw = app
        .post_graphql(
            &app.client,
            &json!({
                "query": "mutation($i: LoginInput!) { login(input: $i) { next } }",
                "variables": { "i": { "email": "nobody@tillit.test", "password": "whatever password" } },
            }),
        )
        .await;
    let seconds: u64 = raw.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(seconds >= 1);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(error_code(&body), Some("RATE_LIMITED"));
    assert_eq!(body["errors"][0]["extensions"]["retryAfter"], seconds);
    app.state.close().await;
}

dual_test!(an_admin_resets_mfa_and_only_an_admin_may, |app| {
    app.login_admin().await;
    app.create_user(USER, PASSWORD, false).await;
    let staff = app.new_client();
    app.login_as(&staff, USER, PASSWORD).await;
    let staff_id =
        app.gql_with(&staff, "{ me { id } }", json!({})).await["data"]["me"]["id"].clone();
    let admin_id = app.gql("{ me { id } }", json!({})).await["data"]["me"]["id"].clone();

    let reset = "mutation($u: ID!) { resetUserMfa(userId: $u) }";
    let res = app.gql_with(&staff, reset, json!({ "u": admin_id })).await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"));
    let res = app.gql(reset, json!({ "u": staff_id })).await;
    assert_eq!(res["data"]["resetUserMfa"], true, "{res}");
    // Their session ended; the next login enrols again.
    let res = app.gql_with(&staff, "{ me { id } }", json!({})).await;
    assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
    let res = app.login(&staff, USER, PASSWORD).await;
    assert_eq!(res["data"]["login"]["next"], "MFA_ENROLLMENT_REQUIRED");
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'mfa.reset'")
        .await;
    assert_eq!(audited, 1);
});
