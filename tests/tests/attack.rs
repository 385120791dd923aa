//! An attacker's first hour, as tests: what public GraphQL scanners (graphql-cop, InQL,
//! BatchQL, …) try first, injection through every string a search or a create takes, and the
//! transport tricks (oversized bodies, a forged client address, rate limits). Each is tried and
//! must be refused — with a code, without internals, and without the server going down.
//! Slow clients and connection floods are in `attack_load.rs`, TLS in `tls.rs`.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

/// Anything that would tell an attacker how the server is built.
const INTERNALS: &[&str] = &[
    "sqlx",
    "sqlite",
    "postgres",
    "SELECT ",
    "INSERT ",
    "panicked",
    "backtrace",
    "src/",
    ".rs:",
    "sea_orm",
    "Did you mean",
];

fn assert_no_internals(body: &str) {
    for needle in INTERNALS {
        assert!(
            !body.to_lowercase().contains(&needle.to_lowercase()),
            "the response gives away {needle:?}: {body}"
        );
    }
}

/// Posts `query` anonymously and returns the status and body.
async fn anonymous(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let res = app
        .post_graphql(&reqwest::Client::new(), &json!({ "query": query }))
        .await;
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_no_internals(&text);
    (status, serde_json::from_str(&text).unwrap())
}

/// A refusal before anything ran: no data, a coded error whose message mentions `about`.
fn assert_refused(res: &Value, about: &str) {
    assert!(res["data"].is_null(), "data despite a refusal: {res}");
    let message = res["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(about),
        "expected a refusal about {about:?}: {res}"
    );
    assert!(res["errors"][0]["extensions"]["code"].is_string(), "{res}");
}

dual_test!(graphql_scanner_checks_are_refused, |app| {
    app.login_admin().await;
    let staff = |query: String| {
        let app = &app;
        async move { app.gql(&query, json!({})).await }
    };

    // 101 aliases of one field.
    let aliases: String = (0..101).map(|i| format!("a{i}: me {{ id }} ")).collect();
    assert_refused(&staff(format!("{{ {aliases} }}")).await, "aliases");
    // 500 copies of one field.
    assert_refused(
        &staff(format!("{{ {} }}", "me { id } ".repeat(500))).await,
        "fields",
    );
    // 10 repeated directives on one field.
    let directives = "@include(if: true) ".repeat(10);
    assert_refused(
        &staff(format!("{{ me {directives} {{ id }} }}")).await,
        "directives",
    );
    // A circular fragment.
    let res = staff(
        "query { ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }".into(),
    )
    .await;
    assert!(res["data"].is_null() && res["errors"].is_array(), "{res}");
    // A fan-out of fragments (2^40 expansions if walked naively): refused at once.
    let mut bomb = String::from("query { ...F0 }\n");
    for i in 0..40 {
        bomb.push_str(&format!(
            "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    bomb.push_str("fragment F40 on Query { me { id } }\n");
    assert_refused(&staff(bomb).await, "selects more than");
    // Deep nesting: the classic introspection `ofType` ladder …
    let ladder = format!(
        "{{ __schema {{ types {{ fields {{ type {} name {} }} }} }} }}",
        "{ ofType ".repeat(30),
        "}".repeat(30)
    );
    assert_refused(&staff(ladder).await, "nested too deep");
    // … and brackets nested far beyond any real query, in an argument value.
    let deep = format!(
        "{{ customers(search: {}\"x\"{}) {{ nodes {{ id }} }} }}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert_refused(&staff(deep).await, "nests");
    // List fields weigh by their page size: one wide selection passes for 10 customers and is
    // too complex for 100.
    let wide = "id ".repeat(120);
    let res = staff(format!(
        "{{ customers(first: 10) {{ nodes {{ {wide} }} }} }}"
    ))
    .await;
    assert!(res["errors"].is_null(), "{res}");
    assert_refused(
        &staff(format!(
            "{{ customers(first: 100) {{ nodes {{ {wide} }} }} }}"
        ))
        .await,
        "too complex",
    );
    // No field suggestions for a misspelled field.
    let res = staff("{ customerz { id } custmers { nodes { id } } }".into()).await;
    assert!(res["errors"].is_array(), "{res}");
    assert_no_internals(&res.to_string());
    // No tracing or debug output in a successful answer.
    let res = staff("{ me { id } }".into()).await;
    assert!(res["errors"].is_null(), "{res}");
    assert!(res.get("extensions").is_none(), "{res}");

    // Two guesses in one request (aliased logins, or a login beside a code): refused.
    let (status, res) = anonymous(
        &app,
        r#"mutation { a: login(input: { email: "admin@tillit.test", password: "guess-one-000" }) { next }
                      b: login(input: { email: "admin@tillit.test", password: "guess-two-000" }) { next } }"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_refused(&res, "authentication field");
    // A batch of 10 operations.
    let one = json!({ "query": "{ __typename }" });
    let res = reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .header("x-tillit-csrf", "1")
        .json(&vec![one; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&res.json().await.unwrap()), Some("BAD_REQUEST"));
    // A mutation as GET, and a CSRF-style form or text/plain POST.
    let res = reqwest::get(format!("{}/graphql?query=mutation%7Blogout%7D", app.url))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    for content_type in ["application/x-www-form-urlencoded", "text/plain"] {
        let res = reqwest::Client::new()
            .post(format!("{}/graphql", app.url))
            .header("content-type", content_type)
            .body(r#"{"query":"mutation { logout }"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
    }
    // Nothing of the above reached the database.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customers").await, 0);
});

dual_test!(introspection_is_for_staff_and_api_keys_only, |app| {
    let schema = "{ __schema { queryType { name } } }";
    // Without a full session the introspection fields answer null: nothing of the schema.
    let (_, res) = anonymous(&app, schema).await;
    assert!(res["data"]["__schema"].is_null(), "{res}");
    let (_, res) = anonymous(&app, "{ __type(name: \"Customer\") { fields { name } } }").await;
    assert!(res["data"]["__type"].is_null(), "{res}");

    // Half signed in (password, no second factor yet): still no schema.
    app.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let half = app.new_client();
    app.login(&half, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let res = app.gql_with(&half, schema, json!({})).await;
    assert!(res["data"]["__schema"].is_null(), "{res}");

    // Staff with a full session and API keys may look.
    app.login_as(&app.client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let res = app.gql(schema, json!({})).await;
    assert_eq!(
        res["data"]["__schema"]["queryType"]["name"], "Query",
        "{res}"
    );
    // … including the full query GraphQL tools send (deeper than ordinary queries may go).
    let full = include_str!("../data/introspection.graphql");
    let res = app.gql(full, json!({})).await;
    assert!(res["errors"].is_null(), "{}", res["errors"]);
    assert!(res["data"]["__schema"]["types"].as_array().unwrap().len() > 50);
    let (_, key) = create_api_key(&app, "Reporting", &["CUSTOMERS_READ"], &[]).await;
    let res = app.gql_with(&key_client(&key), schema, json!({})).await;
    assert_eq!(
        res["data"]["__schema"]["queryType"]["name"], "Query",
        "{res}"
    );
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_graphiql_or_playground_is_served() {
    let app = TestApp::spawn(Engine::Sqlite).await.unwrap();
    for path in [
        "/graphiql",
        "/playground",
        "/graphql/playground",
        "/altair",
        "/voyager",
    ] {
        let res = reqwest::Client::new()
            .get(format!("{}{path}", app.url))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap().to_lowercase();
        assert!(
            !body.contains("graphiql") && !body.contains("playground"),
            "{path} serves an IDE"
        );
    }
    let res = reqwest::Client::new()
        .get(format!("{}/graphql", app.url))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    app.state.close().await;
}

/// Strings a scanner feeds every argument: SQL and LIKE metacharacters, quoting, encodings and
/// Unicode tricks (bidi overrides, zero-width characters, homoglyphs, combining marks).
const HOSTILE: &[&str] = &[
    "' OR '1'='1",
    "Robert'); DROP TABLE customers;--",
    "\"; DELETE FROM customers; --",
    "%",
    "_",
    "%_%",
    "\\",
    "\\' OR 1=1 --",
    "1; SELECT pg_sleep(10)",
    "' UNION SELECT password_hash FROM users --",
    "$1",
    "?",
    "*",
    "[a-z]",
    "admin\u{202E}gnp.exe",
    "zero\u{200B}width\u{200D}joiner",
    "Ｓｅｌｅｃｔ ｆｕｌｌｗｉｄｔｈ",
    "Аdmin with a Cyrillic А",
    "e\u{301}\u{301}\u{301}\u{301}",
    "🦀 emoji 👩‍👩‍👧",
    "line\nbreak\ttab",
    "<script>alert(1)</script>",
    "{{7*7}} ${7*7}",
    "NUL\u{0}byte",
];

fn is_clean_refusal(res: &Value) -> bool {
    res["errors"].as_array().is_some_and(|e| {
        e.iter()
            .all(|e| e["extensions"]["code"] == "BAD_USER_INPUT")
    })
}

dual_test!(injection_attempts_are_stored_as_data_or_refused, |app| {
    app.login_admin().await;
    let before = app.scalar("SELECT COUNT(*) FROM customers").await;
    let mut created = 0;
    let long = "x".repeat(10_000);
    let mut inputs: Vec<&str> = HOSTILE.to_vec();
    inputs.push(&long);
    for hostile in inputs {
        // Every string of the create input, one at a time (the others valid).
        for field in ["companyName", "identityNumber", "email", "phone", "note"] {
            let mut input = business("Injektion AB");
            input[field] = json!(hostile);
            let res = app
                .gql(
                    "mutation($i: CustomerInput!) { createCustomer(input: $i) { id companyName note } }",
                    json!({ "i": input }),
                )
                .await;
            // (What was stored is echoed back: only the errors are checked for internals.)
            assert_no_internals(&res["errors"].to_string());
            if res["errors"].is_null() {
                created += 1;
                let customer = &res["data"]["createCustomer"];
                if field == "companyName" {
                    // Stored as sent, in Unicode's composed form (NFC).
                    let nfc: String = hostile.trim().nfc().collect();
                    assert_eq!(customer["companyName"], nfc, "{res}");
                }
            } else {
                assert!(is_clean_refusal(&res), "{field} = {hostile:?}: {res}");
                assert_eq!(error_field(&res), Some(field), "{res}");
            }
        }
        // A contact's strings.
        let customer = create_customer(&app, business("Kontakt AB")).await;
        created += 1;
        for field in ["name", "email", "phone", "externalId"] {
            let mut input = json!({ "name": "Anna Andersson", "email": "anna@example.se" });
            input[field] = json!(hostile);
            let res = app
                .gql(
                    "mutation($c: ID!, $i: ContactInput!) { createContact(customerId: $c, input: $i) { id } }",
                    json!({ "c": customer["id"], "i": input }),
                )
                .await;
            assert_no_internals(&res["errors"].to_string());
            assert!(
                res["errors"].is_null() || is_clean_refusal(&res),
                "{field} = {hostile:?}: {res}"
            );
        }
        // Search: results or a clean refusal, never a 500 or a widened match.
        let res = app
            .gql(
                "query($q: String) { customers(search: $q, first: 100) { nodes { companyName } } }",
                json!({ "q": hostile }),
            )
            .await;
        assert_no_internals(&res["errors"].to_string());
        // (Search folds punctuation away, so LIKE and full-text metacharacters never reach
        // SQL unescaped: the property test in `features/customers/search.rs` shows it.)
        assert!(
            res["errors"].is_null() || is_clean_refusal(&res),
            "search {hostile:?}: {res}"
        );
    }
    // The tables are all still there, holding exactly what was created.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers").await,
        before + created
    );
    assert!(app.scalar("SELECT COUNT(*) FROM users").await >= 1);
});

dual_test!(
    wrong_types_unknown_ids_and_oversized_bodies_get_clean_errors,
    |app| {
        app.login_admin().await;
        for (query, variables) in [
            (
                "query($f: Int) { customers(first: $f) { nodes { id } } }",
                json!({ "f": "abc" }),
            ),
            (
                "query($f: Int) { customers(first: $f) { nodes { id } } }",
                json!({ "f": 1e20 }),
            ),
            (
                "query($f: Int) { customers(first: $f) { nodes { id } } }",
                json!({ "f": 101 }),
            ),
            (
                "query($id: ID!) { customer(id: $id) { id } }",
                json!({ "id": "not-a-uuid" }),
            ),
            (
                "query($id: ID!) { customer(id: $id) { id } }",
                json!({ "id": "00000000-0000-0000-0000-000000000000" }),
            ),
            (
                "query($id: ID!) { customer(id: $id) { id } }",
                json!({ "id": "'; DROP TABLE customers; --" }),
            ),
            (
                "query($id: ID!) { customer(id: $id) { id } }",
                json!({ "id": ["a", "b"] }),
            ),
        ] {
            let res = app.gql(query, variables.clone()).await;
            assert!(res["errors"].is_array(), "{variables}: {res}");
            let code = error_code(&res).unwrap_or_default().to_owned();
            assert!(
                ["BAD_USER_INPUT", "BAD_REQUEST", "NOT_FOUND"].contains(&code.as_str()),
                "{variables}: {res}"
            );
            assert_no_internals(&res.to_string());
        }
        // A body over the limit is refused whole.
        let huge =
            json!({ "query": "{ me { id } }", "variables": { "pad": "x".repeat(300 * 1024) } });
        // The server answers 413 as soon as it sees the length, and may close the connection
        // before the client has finished sending: either way nothing of it is read.
        // (Its own client: the connection it used is closed afterwards.)
        let res = reqwest::Client::new()
            .post(format!("{}/graphql", app.url))
            .header("x-tillit-csrf", "1")
            .json(&huge)
            .send()
            .await;
        match res {
            Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
            Err(e) => assert!(e.is_request(), "{e}"),
        }
        // The server is fine afterwards.
        let res = app.gql("{ me { email } }", json!({})).await;
        assert_eq!(res["data"]["me"]["email"], ADMIN_EMAIL);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_per_address_and_per_api_key() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            tweak: Some(Box::new(|c| {
                c.ip_burst = 40;
                c.ip_per_minute = 1;
                c.api_key_burst = 3;
                c.api_key_per_minute = 1;
            })),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    app.login_admin().await;
    let (_, first) = create_api_key(&app, "Webbshop", &["CUSTOMERS_READ"], &[]).await;
    let (_, second) = create_api_key(&app, "Rapporter", &["CUSTOMERS_READ"], &[]).await;
    let query = json!({ "query": "{ customers(first: 1) { nodes { id } } }" });

    // Per key: three requests, then 429 with the RATE_LIMITED code and Retry-After …
    let key = key_client(&first);
    for _ in 0..3 {
        assert_eq!(
            app.post_graphql(&key, &query).await.status(),
            StatusCode::OK
        );
    }
    let res = app.post_graphql(&key, &query).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let body: Value = res.json().await.unwrap();
    assert_eq!(error_code(&body), Some("RATE_LIMITED"));
    assert!(
        body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // … while another key still gets through.
    let other = key_client(&second);
    assert_eq!(
        app.post_graphql(&other, &query).await.status(),
        StatusCode::OK
    );

    // Per address: the rest of the burst, then 429 — but health checks still answer.
    let mut limited = false;
    for _ in 0..40 {
        let res = app.post_graphql(&other, &query).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            let body: Value = res.json().await.unwrap();
            assert_eq!(error_code(&body), Some("RATE_LIMITED"));
            limited = true;
            break;
        }
    }
    assert!(limited, "the per-address limit never answered");
    let res = reqwest::get(format!("{}/healthz", app.url)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    app.state.close().await;
}

/// The address a session was opened from, as its owner sees it.
async fn session_ip(app: &TestApp, forwarded_for: &str) -> String {
    let res = app
        .login_request(&app.new_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
        .header("x-forwarded-for", forwarded_for)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // Newest first: the session just opened is the first one that is not this client's.
    let res = app.gql("{ mySessions { ip current } }", json!({})).await;
    res["data"]["mySessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["current"] == false)
        .filter_map(|s| s["ip"].as_str())
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_is_ignored_unless_the_proxy_is_trusted() {
    // Not trusted: the header is the client's own claim.
    let app = TestApp::spawn(Engine::Sqlite).await.unwrap();
    app.login_admin().await;
    assert_eq!(session_ip(&app, "203.0.113.7").await, "127.0.0.1");
    app.state.close().await;

    // Behind a trusted proxy on loopback: the address the proxy appended.
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            tweak: Some(Box::new(|c| {
                c.trusted_proxies = vec!["127.0.0.1/32".into()]
            })),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    app.login_admin().await;
    assert_eq!(
        session_ip(&app, "198.51.100.1, 203.0.113.7").await,
        "203.0.113.7"
    );
    app.state.close().await;
}

/// Every operation the SPA sends stays well inside the document limits (they are sized from
/// these: the largest SPA operation uses a fraction of each).
#[tokio::test]
async fn the_spa_operations_fit_the_limits_with_room_to_spare() {
    use tillit::graphql::limits;
    let schema = tillit::graphql::build_schema();
    let gql = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src/gql/gql.ts"),
    )
    .unwrap();
    let sources: Vec<String> = gql
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('"')?;
            let (literal, _) = rest.split_once("\": typeof types.")?;
            Some(serde_json::from_str(&format!("\"{literal}\"")).unwrap())
        })
        .collect();
    // Fragments are documents of their own in gql.ts; an operation is sent with them.
    let (fragments, operations): (Vec<&String>, Vec<&String>) = sources
        .iter()
        .partition(|d| d.trim_start().starts_with("fragment"));
    let mut documents = 0;
    let mut widest = limits::Shape::default();
    for operation in operations {
        let mut document = operation.clone();
        for fragment in &fragments {
            let name = fragment.split_whitespace().nth(1).unwrap();
            if !document.contains(&format!("fragment {name} ")) {
                document.push_str(fragment);
            }
        }
        let (_, shape) = limits::check(&document)
            .unwrap_or_else(|e| panic!("an SPA operation is refused: {e:?}\n{document}"));
        // async-graphql's own limits (depth, complexity with list weights), at the page sizes
        // the SPA asks for; without a request context the resolvers themselves just fail.
        let res = schema.execute(document.as_str()).await;
        for error in &res.errors {
            assert!(
                !["too complex", "nested too deep", "recursion", "directives"]
                    .iter()
                    .any(|limit| error.message.contains(limit)),
                "an SPA operation passes a limit: {}\n{document}",
                error.message
            );
        }
        documents += 1;
        widest.fields = widest.fields.max(shape.fields);
        widest.aliases = widest.aliases.max(shape.aliases);
        widest.selections = widest.selections.max(shape.selections);
        widest.nesting = widest.nesting.max(shape.nesting);
        widest.depth = widest.depth.max(shape.depth);
    }
    assert!(documents > 50, "only {documents} SPA documents found");
    eprintln!("the widest SPA operation: {widest:?}");
    assert!(widest.fields * 3 <= limits::MAX_FIELDS, "{widest:?}");
    assert!(
        widest.selections * 3 <= limits::MAX_SELECTIONS,
        "{widest:?}"
    );
    assert!(
        widest.aliases * 3 <= limits::MAX_ALIASES.max(3),
        "{widest:?}"
    );
    assert!(widest.nesting * 2 <= limits::MAX_NESTING, "{widest:?}");
    assert!(widest.depth < limits::MAX_DEPTH, "{widest:?}");
}
