//! A user's own sessions and password, and user administration: only administrators manage
//! users, there is always an active administrator, and disabling or a password change ends
//! sessions.

mod common;

use common::*;
use serde_json::json;

const STAFF: &str = "staff@tillit.test";
const STAFF_PASSWORD: &str = "a long and unusual passphrase";

dual_test!(users_see_and_end_their_own_sessions, |app| {
    app.login_admin().await;
    let laptop = app.new_client();
    app.login_as(&laptop, ADMIN_EMAIL, ADMIN_PASSWORD).await;

    let sessions = app.gql("{ mySessions { id current } }", json!({})).await;
    let sessions = sessions["data"]["mySessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);

    let res = app.gql("mutation { endOtherSessions }", json!({})).await;
    assert_eq!(res["data"]["endOtherSessions"], 1);
    let res = app.gql_with(&laptop, "{ me { id } }", json!({})).await;
    assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
    assert_eq!(
        app.gql("{ me { email } }", json!({})).await["data"]["me"]["email"],
        ADMIN_EMAIL
    );

    // Someone else's session is not yours to end (answered as unknown).
    app.create_user(STAFF, STAFF_PASSWORD, false).await;
    let staff = app.new_client();
    app.login_as(&staff, STAFF, STAFF_PASSWORD).await;
    let mine =
        app.gql("{ mySessions { id } }", json!({})).await["data"]["mySessions"][0]["id"].clone();
    let res = app
        .gql_with(
            &staff,
            "mutation($id: ID!) { endSession(id: $id) }",
            json!({ "id": mine }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"));
    assert_eq!(
        app.gql("{ me { email } }", json!({})).await["data"]["me"]["email"],
        ADMIN_EMAIL
    );
});

dual_test!(
    changing_the_password_needs_both_factors_and_ends_other_sessions,
    |app| {
        app.create_user(STAFF, STAFF_PASSWORD, false).await;
        app.login_as(&app.client, STAFF, STAFF_PASSWORD).await;
        let other = app.new_client();
        app.login_as(&other, STAFF, STAFF_PASSWORD).await;
        let secret = app.mfa.lock().unwrap()[STAFF].0.clone();
        let change = "mutation($p: String!, $c: String!, $n: String!) { changePassword(currentPassword: $p, code: $c, newPassword: $n) }";
        let new_password = "another very long passphrase";

        let res = app
            .gql(
                change,
                json!({ "p": "wrong password here", "c": totp_code(&secret), "n": new_password }),
            )
            .await;
        assert_eq!(error_field(&res), Some("currentPassword"));
        let res = app
            .gql(
                change,
                json!({ "p": STAFF_PASSWORD, "c": "000000", "n": new_password }),
            )
            .await;
        assert_eq!(error_field(&res), Some("code"));
        for weak in ["short", "1qaz2wsx3edc", "my staff@tillit.test pass"] {
            app.exec(&format!(
                "UPDATE users SET totp_last_step = NULL WHERE email = '{STAFF}'"
            ))
            .await;
            let res = app
                .gql(
                    change,
                    json!({ "p": STAFF_PASSWORD, "c": totp_code(&secret), "n": weak }),
                )
                .await;
            assert_eq!(error_field(&res), Some("newPassword"), "{weak}: {res}");
        }
        app.exec(&format!(
            "UPDATE users SET totp_last_step = NULL WHERE email = '{STAFF}'"
        ))
        .await;
        let res = app
            .gql(
                change,
                json!({ "p": STAFF_PASSWORD, "c": totp_code(&secret), "n": new_password }),
            )
            .await;
        assert_eq!(res["data"]["changePassword"], true, "{res}");

        // This browser continues with a fresh session; the other one is signed out.
        assert_eq!(
            app.gql("{ me { email } }", json!({})).await["data"]["me"]["email"],
            STAFF
        );
        assert_eq!(
            error_code(&app.gql_with(&other, "{ me { id } }", json!({})).await),
            Some("UNAUTHENTICATED")
        );
        let res = app.login(&app.new_client(), STAFF, STAFF_PASSWORD).await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"));
        let res = app.login(&app.new_client(), STAFF, new_password).await;
        assert_eq!(res["data"]["login"]["next"], "MFA_REQUIRED");
    }
);

dual_test!(
    only_admins_manage_users_and_an_admin_always_remains,
    |app| {
        app.login_admin().await;
        let admin_id = app.gql("{ me { id } }", json!({})).await["data"]["me"]["id"].clone();
        let create = "mutation($i: CreateUserInput!) { createUser(input: $i) { id email isAdmin active mfaEnabled activeSessions } }";
        let res = app
        .gql(create, json!({ "i": { "email": "Staff@Tillit.test", "name": "Sara Staff", "password": STAFF_PASSWORD } }))
        .await;
        let created = res["data"]["createUser"].clone();
        assert_eq!(
            json!({ "email": created["email"], "isAdmin": created["isAdmin"], "active": created["active"], "mfaEnabled": created["mfaEnabled"] }),
            json!({ "email": STAFF, "isAdmin": false, "active": true, "mfaEnabled": false }),
            "{res}"
        );
        let res = app
            .gql(
                create,
                json!({ "i": { "email": STAFF, "name": "Again", "password": STAFF_PASSWORD } }),
            )
            .await;
        assert_eq!(
            (error_code(&res), error_field(&res)),
            (Some("CONFLICT"), Some("email"))
        );
        let res = app
        .gql(create, json!({ "i": { "email": "weak@tillit.test", "name": "Weak", "password": "1qaz2wsx3edc" } }))
        .await;
        assert_eq!(error_field(&res), Some("password"));

        // Staff cannot administer.
        let staff = app.new_client();
        app.login_as(&staff, STAFF, STAFF_PASSWORD).await;
        for op in [
            "{ users { id } }",
            "mutation { createUser(input: { email: \"x@tillit.test\", name: \"X\", password: \"correct horse battery staple\" }) { id } }",
        ] {
            assert_eq!(
                error_code(&app.gql_with(&staff, op, json!({})).await),
                Some("FORBIDDEN"),
                "{op}"
            );
        }
        let res = app
            .gql_with(
                &staff,
                "mutation($u: ID!) { setUserAdmin(userId: $u, isAdmin: true) { isAdmin } }",
                json!({ "u": created["id"] }),
            )
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"));

        // The last administrator can neither be demoted nor disable themselves.
        let res = app
            .gql(
                "mutation($u: ID!) { setUserAdmin(userId: $u, isAdmin: false) { id } }",
                json!({ "u": admin_id }),
            )
            .await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        let res = app
            .gql(
                "mutation($u: ID!) { setUserActive(userId: $u, active: false) { id } }",
                json!({ "u": admin_id }),
            )
            .await;
        assert_eq!(error_code(&res), Some("CONFLICT"));
        let res = app
            .gql("{ users { email isAdmin activeSessions } }", json!({}))
            .await;
        assert_eq!(res["data"]["users"].as_array().unwrap().len(), 2);
        let listed = app
            .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'user.list' AND CAST(details AS TEXT) NOT LIKE '%tillit.test%'")
            .await;
        assert_eq!(listed, 1, "the list is in the access log, by ids only");

        // Disabling a user ends their sessions and their sign-ins.
        let res = app
        .gql("mutation($u: ID!) { setUserActive(userId: $u, active: false) { active activeSessions } }", json!({ "u": created["id"] }))
        .await;
        assert_eq!(
            res["data"]["setUserActive"],
            json!({ "active": false, "activeSessions": 0 })
        );
        assert_eq!(
            error_code(&app.gql_with(&staff, "{ me { id } }", json!({})).await),
            Some("UNAUTHENTICATED")
        );
        assert_eq!(
            error_code(&app.login(&app.new_client(), STAFF, STAFF_PASSWORD).await),
            Some("UNAUTHENTICATED")
        );

        // With a second administrator, the first may step down.
        app.gql(
            "mutation($u: ID!) { setUserActive(userId: $u, active: true) { id } }",
            json!({ "u": created["id"] }),
        )
        .await;
        let res = app
            .gql(
                "mutation($u: ID!) { setUserAdmin(userId: $u, isAdmin: true) { isAdmin } }",
                json!({ "u": created["id"] }),
            )
            .await;
        assert_eq!(res["data"]["setUserAdmin"]["isAdmin"], true);
        let res = app
            .gql(
                "mutation($u: ID!) { setUserAdmin(userId: $u, isAdmin: false) { isAdmin } }",
                json!({ "u": admin_id }),
            )
            .await;
        assert_eq!(res["data"]["setUserAdmin"]["isAdmin"], false, "{res}");
        let audited = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action IN ('user.disable', 'user.enable', 'user.admin.grant', 'user.admin.revoke')")
        .await;
        assert_eq!(audited, 4);
    }
);

dual_test!(changing_the_e_mail_needs_both_factors, |app| {
    app.create_user(STAFF, STAFF_PASSWORD, false).await;
    app.create_user("taken@tillit.test", STAFF_PASSWORD, false)
        .await;
    app.login_as(&app.client, STAFF, STAFF_PASSWORD).await;
    let secret = app.mfa.lock().unwrap()[STAFF].0.clone();
    let change = "mutation($p: String!, $c: String!, $e: String!) { changeEmail(password: $p, code: $c, newEmail: $e) { email } }";
    let res = app
        .gql(
            change,
            json!({ "p": "not my password!!", "c": totp_code(&secret), "e": "sara@tillit.test" }),
        )
        .await;
    assert_eq!(error_field(&res), Some("password"));
    let res = app
        .gql(
            change,
            json!({ "p": STAFF_PASSWORD, "c": "000000", "e": "sara@tillit.test" }),
        )
        .await;
    assert_eq!(error_field(&res), Some("code"));
    let res = app
        .gql(
            change,
            json!({ "p": STAFF_PASSWORD, "c": totp_code(&secret), "e": "not an e-mail" }),
        )
        .await;
    assert_eq!(error_field(&res), Some("newEmail"));
    app.exec("UPDATE users SET totp_last_step = NULL").await;
    let res = app
        .gql(
            change,
            json!({ "p": STAFF_PASSWORD, "c": totp_code(&secret), "e": "taken@tillit.test" }),
        )
        .await;
    assert_eq!(
        (error_code(&res), error_field(&res)),
        (Some("CONFLICT"), Some("newEmail"))
    );
    app.exec("UPDATE users SET totp_last_step = NULL").await;
    let res = app
        .gql(
            change,
            json!({ "p": STAFF_PASSWORD, "c": totp_code(&secret), "e": "Sara@Tillit.test" }),
        )
        .await;
    assert_eq!(
        res["data"]["changeEmail"]["email"], "sara@tillit.test",
        "{res}"
    );
    assert_eq!(
        app.gql("{ me { email } }", json!({})).await["data"]["me"]["email"],
        "sara@tillit.test"
    );
    assert_eq!(
        error_code(&app.login(&app.new_client(), STAFF, STAFF_PASSWORD).await),
        Some("UNAUTHENTICATED")
    );
    let res = app
        .login(&app.new_client(), "sara@tillit.test", STAFF_PASSWORD)
        .await;
    assert_eq!(res["data"]["login"]["next"], "MFA_REQUIRED");
});

dual_test!(
    two_admins_demoting_each_other_at_once_leave_one_admin,
    |app| {
        app.login_admin().await;
        app.create_user(STAFF, STAFF_PASSWORD, true).await;
        let other = app.new_client();
        app.login_as(&other, STAFF, STAFF_PASSWORD).await;
        let first = app.gql("{ me { id } }", json!({})).await["data"]["me"]["id"].clone();
        let second =
            app.gql_with(&other, "{ me { id } }", json!({})).await["data"]["me"]["id"].clone();
        let demote = "mutation($u: ID!) { setUserAdmin(userId: $u, isAdmin: false) { isAdmin } }";
        let (a, b) = tokio::join!(
            app.gql(demote, json!({ "u": second })),
            app.gql_with(&other, demote, json!({ "u": first })),
        );
        let outcomes = [error_code(&a), error_code(&b)];
        assert!(outcomes.contains(&None), "one demotion succeeds: {a} {b}");
        // The other is refused: as the last admin (it passed the admin check first), or because
        // it was no longer an admin when its request arrived (rights are read per request).
        assert!(
            outcomes.contains(&Some("CONFLICT")) || outcomes.contains(&Some("FORBIDDEN")),
            "the other is refused: {a} {b}"
        );
        let admins = app
            .scalar("SELECT COUNT(*) FROM users WHERE is_admin = true AND active = true")
            .await;
        assert_eq!(admins, 1);
    }
);
