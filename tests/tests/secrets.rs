//! Secrets on the customer card: who gets values (an allowed group, another group, an
//! administrator), every reveal logged, values never in clear in the database, the audit log
//! or exports, tampered ciphertexts failing closed, and the bad inputs the issue names.

mod common;

use common::*;
use serde_json::{Value, json};

const VALUE: &str = "Tr0ub4dor&3 with spaces ";

const CREATE: &str = "mutation($c: ID!, $i: SecretInput!) { createSecret(customerId: $c, input: $i) { id version canReveal allowedGroups { name } } }";
const LIST: &str = "query($c: ID!) { customer(id: $c) { displayName secrets { id title kind canReveal username url notes } } }";
const REVEAL: &str = "mutation($id: ID!, $r: String!, $t: String) { revealSecret(id: $id, reason: $r, totpCode: $t) { value revealedAt } }";

struct World {
    customer: String,
    secret: String,
    tech: reqwest::Client,
    sales: reqwest::Client,
    tech_group: String,
}

/// A customer with a router password only the technicians may reveal; a technician and a
/// salesperson, both with `READ_SECRETS` in their own groups.
async fn world(app: &TestApp) -> World {
    app.login_admin().await;
    let rights = ["READ_CUSTOMERS", "READ_SECRETS", "MANAGE_SECRETS"];
    let tech_group = create_group(app, "Technicians", &rights).await;
    let sales_group = create_group(app, "Sales", &rights).await;
    let tech = staff_in(app, "tech@tillit.test", &[&tech_group]).await;
    let sales = staff_in(app, "sales@tillit.test", &[&sales_group]).await;
    let customer = create_customer(app, business("Fiber Hemma AB")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .gql(
            CREATE,
            json!({ "c": customer, "i": {
                "title": "Router admin", "kind": "CREDENTIAL", "username": "admin",
                "url": "https://192.168.1.1", "notes": "Behind the TV", "value": VALUE,
                "groupIds": [tech_group],
            } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let created = &res["data"]["createSecret"];
    assert_eq!(created["allowedGroups"][0]["name"], "Technicians");
    World {
        customer,
        secret: created["id"].as_str().unwrap().to_owned(),
        tech,
        sales,
        tech_group,
    }
}

fn error_paths(res: &Value) -> Vec<(String, String)> {
    res["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    let path: Vec<String> = e["path"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p.to_string().trim_matches('"').to_owned())
                        .collect();
                    (
                        path.join("."),
                        e["extensions"]["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

dual_test!(three_users_get_exactly_what_their_groups_allow, |app| {
    let w = world(&app).await;
    let value_query = "query($c: ID!) { customer(id: $c) { displayName secrets { title value(reason: \"customer on the phone\") } } }";

    // The technician: details and the value.
    let res = app
        .gql_with(&w.tech, LIST, json!({ "c": w.customer }))
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let secret = &res["data"]["customer"]["secrets"][0];
    assert_eq!(secret["canReveal"], true);
    assert_eq!(secret["username"], "admin");
    assert_eq!(secret["url"], "https://192.168.1.1/");
    let res = app
        .gql_with(&w.tech, value_query, json!({ "c": w.customer }))
        .await;
    assert!(res["errors"].is_null(), "{res}");
    assert_eq!(res["data"]["customer"]["secrets"][0]["value"], VALUE);

    // The salesperson: the title and kind, and FORBIDDEN on every detail, while the rest of the
    // query succeeds.
    let res = app
        .gql_with(&w.sales, LIST, json!({ "c": w.customer }))
        .await;
    assert_eq!(res["data"]["customer"]["displayName"], "Fiber Hemma AB");
    let secret = &res["data"]["customer"]["secrets"][0];
    assert_eq!(secret["title"], "Router admin");
    assert_eq!(secret["kind"], "CREDENTIAL");
    assert_eq!(secret["canReveal"], false);
    for field in ["username", "url", "notes"] {
        assert!(secret[field].is_null(), "{field}: {res}");
    }
    let errors = error_paths(&res);
    for field in ["username", "url", "notes"] {
        assert!(
            errors.contains(&(
                format!("customer.secrets.0.{field}"),
                "FORBIDDEN".to_owned()
            )),
            "{field}: {errors:?}"
        );
    }
    let res = app
        .gql_with(&w.sales, value_query, json!({ "c": w.customer }))
        .await;
    assert!(
        res["data"]["customer"]["secrets"][0]["value"].is_null(),
        "{res}"
    );
    assert_eq!(
        res["data"]["customer"]["secrets"][0]["title"],
        "Router admin"
    );
    assert_eq!(
        error_paths(&res),
        vec![(
            "customer.secrets.0.value".to_owned(),
            "FORBIDDEN".to_owned()
        )]
    );
    let res = app
        .gql_with(
            &w.sales,
            REVEAL,
            json!({ "id": w.secret, "r": "just curious" }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    assert!(!res.to_string().contains(VALUE.trim()));

    // The administrator: everything.
    let res = app
        .gql(
            REVEAL,
            json!({ "id": w.secret, "r": "audit of the router" }),
        )
        .await;
    assert_eq!(res["data"]["revealSecret"]["value"], VALUE, "{res}");

    // Every reveal is in the log on the card, newest first, with who and why.
    let res = app
        .gql_with(
            &w.tech,
            "query($c: ID!) { customer(id: $c) { secrets { recentReveals { userName reason } } } }",
            json!({ "c": w.customer }),
        )
        .await;
    let reveals = &res["data"]["customer"]["secrets"][0]["recentReveals"];
    assert_eq!(reveals[0]["reason"], "audit of the router", "{res}");
    assert_eq!(reveals[1]["reason"], "customer on the phone");
    assert_eq!(
        reveals.as_array().unwrap().len(),
        2,
        "a refused reveal is not a reveal"
    );
    // … and in the audit log: two reveals and two refusals (the field and the mutation).
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'secret.reveal' AND outcome = 'success'")
            .await,
        2
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'secret.reveal' AND outcome = 'denied'")
            .await,
        2
    );
    let res = app
        .gql_with(
            &w.sales,
            "query($c: ID!) { customer(id: $c) { secrets { recentReveals { reason } } } }",
            json!({ "c": w.customer }),
        )
        .await;
    assert_eq!(
        error_paths(&res),
        vec![(
            "customer.secrets.0.recentReveals".to_owned(),
            "FORBIDDEN".to_owned()
        )]
    );
});

dual_test!(
    a_user_removed_from_the_group_after_listing_cannot_reveal,
    |app| {
        let w = world(&app).await;
        let res = app
            .gql_with(&w.tech, LIST, json!({ "c": w.customer }))
            .await;
        assert_eq!(res["data"]["customer"]["secrets"][0]["canReveal"], true);
        set_groups_of(&app, "tech@tillit.test", &[]).await;
        let res = app
            .gql_with(
                &w.tech,
                REVEAL,
                json!({ "id": w.secret, "r": "still on the list" }),
            )
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
        // Back in the group, the same session may reveal again.
        set_groups_of(&app, "tech@tillit.test", &[&w.tech_group]).await;
        let res = app
            .gql_with(
                &w.tech,
                REVEAL,
                json!({ "id": w.secret, "r": "back in the group" }),
            )
            .await;
        assert_eq!(res["data"]["revealSecret"]["value"], VALUE, "{res}");
    }
);

dual_test!(no_value_is_stored_or_logged_in_clear, |app| {
    let w = world(&app).await;
    let needle = VALUE.trim();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM customer_secrets WHERE value LIKE '%{needle}%'"
        ))
        .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customer_secrets WHERE value LIKE 'v1:%'")
            .await,
        1
    );
    app.gql(REVEAL, json!({ "id": w.secret, "r": "checking the log" }))
        .await;
    for table in ["audit_events", "secret_reveals"] {
        let cast = if app.engine == Engine::Postgres {
            format!("CAST({table}.* AS TEXT)")
        } else {
            "*".to_owned()
        };
        let count = if app.engine == Engine::Postgres {
            app.scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {cast} LIKE '%{needle}%'"
            ))
            .await
        } else {
            // SQLite: every column of the row as text.
            let columns = match table {
                "audit_events" => "coalesce(details, '') || action",
                _ => "reason",
            };
            app.scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {columns} LIKE '%{needle}%'"
            ))
            .await
        };
        assert_eq!(count, 0, "{table}");
    }
    // The embedded database file itself (SQLCipher) holds neither the value nor the title.
    if app.engine == Engine::Sqlite {
        app.exec("PRAGMA wal_checkpoint(TRUNCATE)").await;
        for entry in std::fs::read_dir(app.data_dir()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(needle));
            assert!(!text.contains("Router admin"));
        }
    }
    // Exports leave secrets out.
    let res = app
        .gql(
            "query($c: ID!) { customerExport(customerId: $c) }",
            json!({ "c": w.customer }),
        )
        .await;
    let export = res["data"]["customerExport"].to_string();
    assert!(export.contains("Fiber Hemma AB"), "{res}");
    assert!(!export.contains(needle) && !export.contains("Router admin"));
    // So does search.
    assert!(search_names(&app, "Router").await.is_empty());
});

dual_test!(
    an_altered_ciphertext_fails_closed_and_the_server_keeps_serving,
    |app| {
        let w = world(&app).await;
        let res = app
        .gql(
            CREATE,
            json!({ "c": w.customer, "i": { "title": "Door code", "kind": "CODE", "value": "4711" } }),
        )
        .await;
        let other = res["data"]["createSecret"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // A value moved to another row does not decrypt there (it is bound to its place).
        app.exec(
        "UPDATE customer_secrets SET value = (SELECT value FROM customer_secrets WHERE title = 'Router admin') \
         WHERE title = 'Door code'",
    )
    .await;
        let res = app
            .gql(REVEAL, json!({ "id": other, "r": "after the move" }))
            .await;
        assert_eq!(error_code(&res), Some("INTERNAL"), "{res}");
        assert!(!res.to_string().contains(VALUE.trim()), "{res}");

        // A flipped character in the ciphertext: refused, audited, and nothing else breaks.
        app.exec(
        "UPDATE customer_secrets SET value = substr(value, 1, length(value) - 2) || \
         CASE WHEN substr(value, length(value) - 1, 1) = 'A' THEN 'B' ELSE 'A' END || substr(value, length(value)) \
         WHERE title = 'Router admin'",
    )
    .await;
        let res = app
            .gql(REVEAL, json!({ "id": w.secret, "r": "after tampering" }))
            .await;
        assert_eq!(error_code(&res), Some("INTERNAL"), "{res}");
        assert_eq!(res["errors"][0]["message"], "internal server error");
        assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'secret.reveal' AND outcome = 'failure'")
            .await,
        2
    );
        let res = app.gql("{ me { email } }", json!({})).await;
        assert_eq!(res["data"]["me"]["email"], ADMIN_EMAIL);
        let res = app.gql(LIST, json!({ "c": w.customer })).await;
        assert!(res["errors"].is_null(), "listing still works: {res}");
    }
);

dual_test!(bad_input_gets_a_code_and_the_field, |app| {
    let w = world(&app).await;
    let create = |input: Value| {
        let app = &app;
        let customer = w.customer.clone();
        async move { app.gql(CREATE, json!({ "c": customer, "i": input })).await }
    };
    let base = json!({ "title": "Alarm", "kind": "CODE", "value": "1234" });
    let with = |key: &str, value: Value| {
        let mut input = base.clone();
        input[key] = value;
        input
    };
    for (input, field) in [
        (with("value", json!("x".repeat(16 * 1024 + 1))), "value"),
        (with("value", json!("")), "value"),
        (with("title", json!("   ")), "title"),
        (with("title", json!("t".repeat(201))), "title"),
        (with("url", json!("javascript:alert(1)")), "url"),
        (
            with("groupIds", json!(["00000000-0000-7000-8000-000000000000"])),
            "groupIds",
        ),
        (with("groupIds", json!(["not-an-id"])), "groupIds"),
    ] {
        let res = create(input).await;
        assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{field}: {res}");
        assert_eq!(error_field(&res), Some(field), "{res}");
    }
    // A megabyte is refused before it is read: the server answers 413 as soon as it sees the
    // length and may close the connection before the client has finished sending (its own
    // client, so the closed connection is not reused). Either way nothing is stored.
    let secrets_before = app.scalar("SELECT COUNT(*) FROM customer_secrets").await;
    let res = reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .header("x-tillit-csrf", "1")
        .json(&json!({ "query": CREATE, "variables": { "c": w.customer, "i": with("value", json!("x".repeat(1024 * 1024))) } }))
        .send()
        .await;
    match res {
        Ok(res) => assert_eq!(res.status(), 413),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customer_secrets").await,
        secrets_before
    );

    // A reason is required; unknown and malformed ids.
    let res = app.gql(REVEAL, json!({ "id": w.secret, "r": "x" })).await;
    assert_eq!(error_field(&res), Some("reason"), "{res}");
    let res = app
        .gql(
            REVEAL,
            json!({ "id": "00000000-0000-7000-8000-000000000000", "r": "unknown" }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    let res = app
        .gql(
            REVEAL,
            json!({ "id": "'; DROP TABLE customer_secrets; --", "r": "inject" }),
        )
        .await;
    assert_eq!(error_field(&res), Some("id"), "{res}");

    // A technician may not hand the secret to a group they are not in, nor edit a stale copy.
    let sales_group =
        app.gql("{ accessGroups { id name } }", json!({})).await["data"]["accessGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == "Sales")
            .unwrap()["id"]
            .clone();
    let update = "mutation($id: ID!, $v: Int!, $i: SecretInput!) { updateSecret(id: $id, expectedVersion: $v, input: $i) { version title } }";
    let res = app
        .gql_with(
            &w.tech,
            update,
            json!({ "id": w.secret, "v": 1, "i": { "title": "Router", "kind": "CREDENTIAL", "groupIds": [sales_group] } }),
        )
        .await;
    assert_eq!(error_field(&res), Some("groupIds"), "{res}");
    let res = app
        .gql_with(
            &w.tech,
            update,
            json!({ "id": w.secret, "v": 1, "i": { "title": "Router (renamed)", "kind": "CREDENTIAL" } }),
        )
        .await;
    assert_eq!(res["data"]["updateSecret"]["version"], 2, "{res}");
    let res = app
        .gql_with(
            &w.tech,
            update,
            json!({ "id": w.secret, "v": 1, "i": { "title": "Router (stale)", "kind": "CREDENTIAL" } }),
        )
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    // The value was kept through the rename.
    let res = app
        .gql_with(
            &w.tech,
            REVEAL,
            json!({ "id": w.secret, "r": "after the rename" }),
        )
        .await;
    assert_eq!(res["data"]["revealSecret"]["value"], VALUE, "{res}");
    // The salesperson may not delete a secret of another group.
    let res = app
        .gql_with(
            &w.sales,
            "mutation($id: ID!) { deleteSecret(id: $id) }",
            json!({ "id": w.secret }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    // With the administrator's Sales group added, the technician may keep it but not remove it.
    let res = app
        .gql(
            update,
            json!({ "id": w.secret, "v": 2, "i": { "title": "Router", "kind": "CREDENTIAL", "groupIds": [w.tech_group, sales_group] } }),
        )
        .await;
    assert_eq!(res["data"]["updateSecret"]["version"], 3, "{res}");
    let res = app
        .gql_with(
            &w.tech,
            update,
            json!({ "id": w.secret, "v": 3, "i": { "title": "Router", "kind": "CREDENTIAL", "groupIds": [w.tech_group] } }),
        )
        .await;
    assert_eq!(error_field(&res), Some("groupIds"), "{res}");
    let res = app
        .gql_with(
            &w.tech,
            update,
            json!({ "id": w.secret, "v": 3, "i": { "title": "Router (kept)", "kind": "CREDENTIAL", "groupIds": [sales_group, w.tech_group] } }),
        )
        .await;
    assert_eq!(res["data"]["updateSecret"]["version"], 4, "{res}");
    // Now in the salesperson's group too, the secret is theirs to delete.
    let res = app
        .gql_with(
            &w.sales,
            "mutation($id: ID!) { deleteSecret(id: $id) }",
            json!({ "id": w.secret }),
        )
        .await;
    assert_eq!(res["data"]["deleteSecret"], true, "{res}");
});

dual_test!(a_reveal_can_require_a_fresh_totp_code, |app| {
    let w = world(&app).await;
    let settings = app
        .gql("{ organizationSettings { version } }", json!({}))
        .await;
    let res = app
        .gql(
            "mutation($v: Int!) { updateOrganizationSettings(expectedVersion: $v, input: { companyName: \"Fiber Hemma Service AB\", supervisoryAuthority: IMY, secretRevealRequiresTotp: true }) { secretRevealRequiresTotp } }",
            json!({ "v": settings["data"]["organizationSettings"]["version"] }),
        )
        .await;
    assert_eq!(
        res["data"]["updateOrganizationSettings"]["secretRevealRequiresTotp"], true,
        "{res}"
    );
    let res = app
        .gql_with(&w.tech, REVEAL, json!({ "id": w.secret, "r": "no code" }))
        .await;
    assert_eq!(error_field(&res), Some("totpCode"), "{res}");
    let res = app
        .gql_with(
            &w.tech,
            REVEAL,
            json!({ "id": w.secret, "r": "wrong code", "t": "000000" }),
        )
        .await;
    assert_eq!(error_field(&res), Some("totpCode"), "{res}");
    // The login used this step's code; the next step's is fresh.
    let secret = app.mfa.lock().unwrap()["tech@tillit.test"].0.clone();
    let code = totp_code_at(&secret, 1);
    let res = app
        .gql_with(
            &w.tech,
            REVEAL,
            json!({ "id": w.secret, "r": "with a code", "t": code }),
        )
        .await;
    assert_eq!(res["data"]["revealSecret"]["value"], VALUE, "{res}");
    // A code works once.
    let res = app
        .gql_with(
            &w.tech,
            REVEAL,
            json!({ "id": w.secret, "r": "same code again", "t": code }),
        )
        .await;
    assert_eq!(error_field(&res), Some("totpCode"), "{res}");
});

dual_test!(anonymizing_the_customer_deletes_its_secrets, |app| {
    let w = world(&app).await;
    let number = app
        .gql(
            "query($c: ID!) { customer(id: $c) { number } }",
            json!({ "c": w.customer }),
        )
        .await["data"]["customer"]["number"]
        .clone();
    let res = app
        .gql(
            "query($c: ID!) { anonymizationPreview(customerId: $c) { removes { category count } } }",
            json!({ "c": w.customer }),
        )
        .await;
    let removes = res["data"]["anonymizationPreview"]["removes"].to_string();
    assert!(removes.contains("\"secrets\""), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!, $n: Int!) { anonymizeCustomer(id: $c, confirmNumber: $n) { alreadyAnonymized } }",
            json!({ "c": w.customer, "n": number }),
        )
        .await;
    assert_eq!(
        res["data"]["anonymizeCustomer"]["alreadyAnonymized"], false,
        "{res}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customer_secrets").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM secret_reveals").await, 0);
    let res = app
        .gql(
            REVEAL,
            json!({ "id": w.secret, "r": "after anonymization" }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    let res = app
        .gql(
            CREATE,
            json!({ "c": w.customer, "i": { "title": "New code", "kind": "CODE", "value": "1357" } }),
        )
        .await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
});
