//! The hot paths stay cheap, and stay correct while they do: a webshop's consent lookup is one
//! SQL statement (its key comes from the key cache, purposes and declaration come with the
//! contacts); the access-log rows of concurrent reads are committed together, and every one of
//! them is written before its answer; a revoked key is refused at once, although accepted keys
//! are cached. `/metrics` reports what the server does.

mod common;

use std::sync::atomic::Ordering;

use common::*;
use serde_json::{Value, json};

const LOOKUP: &str = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id consents { purpose status } } }";

/// Statements requests ran (not the periodic jobs nor the audit writer), and the audit writer's
/// statements and commits so far.
fn counts(app: &TestApp) -> (u64, u64, u64) {
    let stats = app.state.audit.stats();
    let writer = stats.statements.load(Ordering::Relaxed);
    let batches = stats.batches.load(Ordering::Relaxed);
    (app.state.metrics.request_statements(), writer, batches)
}

/// `n` customers, each with a contact `shopper{i}@example.se`.
async fn shoppers(app: &TestApp, n: usize) -> Vec<String> {
    let mut emails = Vec::new();
    for i in 0..n {
        let customer = create_customer(app, business(&format!("Kund {i} AB"))).await;
        let email = format!("shopper{i}@example.se");
        create_contact(
            app,
            customer["id"].as_str().unwrap(),
            json!({ "name": format!("Shopper {i}"), "email": email }),
        )
        .await;
        emails.push(email);
    }
    emails
}

async fn lookup(app: &TestApp, client: &reqwest::Client, email: &str) -> Value {
    let res = app.gql_with(client, LOOKUP, json!({ "e": email })).await;
    let found = res["data"]["webshopContacts"]
        .as_array()
        .unwrap_or_else(|| panic!("{res}"));
    assert_eq!(found.len(), 1, "{email}: {res}");
    assert_eq!(found[0]["consents"].as_array().unwrap().len(), 5, "{res}");
    found[0].clone()
}

dual_test!(a_webshop_lookup_is_one_statement, |app| {
    app.login_admin().await;
    let emails = shoppers(&app, 3).await;
    let (_, secret) = create_api_key(&app, "Webshop", &["CONSENT_READ"], &[]).await;
    let shop = key_client(&secret);
    // The first request reads the key; the following ones find it in the cache.
    lookup(&app, &shop, &emails[0]).await;

    let (before, _, _) = counts(&app);
    for email in &emails {
        lookup(&app, &shop, email).await;
    }
    let (after, _, _) = counts(&app);
    assert_eq!(
        after - before,
        emails.len() as u64,
        "one statement per lookup (besides its audit row)"
    );

    // Every lookup is in the access log, with the customer it found.
    let logged = app
        .scalar(
            "SELECT COUNT(*) FROM audit_events e JOIN audit_subjects s ON s.event_id = e.id \
             WHERE e.action = 'webshop.lookup'",
        )
        .await;
    assert_eq!(logged, emails.len() as i64 + 1);
});

dual_test!(concurrent_reads_share_audit_commits_and_lose_none, |app| {
    app.login_admin().await;
    let emails = shoppers(&app, 4).await;
    let (_, secret) = create_api_key(&app, "Webshop", &["CONSENT_READ"], &[]).await;
    let shop = key_client(&secret);
    lookup(&app, &shop, &emails[0]).await;
    let logged_before = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'webshop.lookup'")
        .await;

    let (reads_before, _, _) = counts(&app);
    let requests = 200;
    let answers = futures::future::join_all((0..requests).map(|i| {
        let email = emails[i % emails.len()].clone();
        let (app, shop) = (&app, &shop);
        async move { lookup(app, shop, &email).await }
    }))
    .await;
    assert_eq!(answers.len(), requests);
    let (reads_after, _, _) = counts(&app);
    assert_eq!(reads_after - reads_before, requests as u64);

    // Each answered lookup has its row and its subject.
    let logged = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'webshop.lookup'")
        .await;
    assert_eq!(logged - logged_before, requests as i64);
    let subjects = app
        .scalar(
            "SELECT COUNT(*) FROM audit_subjects s JOIN audit_events e ON e.id = s.event_id \
             WHERE e.action = 'webshop.lookup'",
        )
        .await;
    assert_eq!(subjects, logged);

    // The access log's chain seals the rows the writer wrote, and they verify.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let sealed = tillit::features::audit::chain::seal(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    assert!(sealed >= requests as u64, "{sealed} sealed");
    let verified = tillit::features::audit::chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
    assert_eq!(verified.unsealed, 0);
});

dual_test!(
    a_revoked_key_is_refused_at_once_although_keys_are_cached,
    |app| {
        app.login_admin().await;
        let emails = shoppers(&app, 1).await;
        let (id, secret) = create_api_key(&app, "Webshop", &["CONSENT_READ"], &[]).await;
        let shop = key_client(&secret);
        lookup(&app, &shop, &emails[0]).await;
        lookup(&app, &shop, &emails[0]).await;

        let res = app
            .gql(
                "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        let res = app
            .post_graphql(
                &shop,
                &json!({ "query": LOOKUP, "variables": { "e": emails[0] } }),
            )
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);
    }
);

dual_test!(
    a_key_revoked_by_another_replica_is_refused_within_a_second,
    |app| {
        app.login_admin().await;
        let emails = shoppers(&app, 1).await;
        let (_, secret) = create_api_key(&app, "Webshop on replica", &["CONSENT_READ"], &[]).await;
        let shop = key_client(&secret);
        lookup(&app, &shop, &emails[0]).await;

        // Another replica revokes the key: this one's cache does not hear of it. (`created_at`
        // is a past timestamp in the engine's own format.)
        app.exec("UPDATE api_keys SET revoked_at = created_at WHERE name = 'Webshop on replica'")
            .await;
        tokio::time::sleep(
            tillit::features::api_keys::cache::TTL + std::time::Duration::from_millis(100),
        )
        .await;
        let res = app
            .post_graphql(
                &shop,
                &json!({ "query": LOOKUP, "variables": { "e": emails[0] } }),
            )
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);
    }
);

dual_test!(metrics_report_requests_statements_pool_and_audit, |app| {
    app.login_admin().await;
    let emails = shoppers(&app, 1).await;
    let (_, secret) = create_api_key(&app, "Webshop", &["CONSENT_READ"], &[]).await;
    lookup(&app, &key_client(&secret), &emails[0]).await;
    let text = app
        .client
        .get(format!("{}/metrics", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
            .parse()
            .unwrap()
    };
    assert!(value("tillit_http_requests_total{status=\"2xx\"}") >= 5.0);
    assert!(value("tillit_http_request_duration_seconds_count") >= 5.0);
    assert!(value("tillit_db_statements_total") > 10.0);
    let by_requests = value("tillit_http_request_statements_total");
    assert!(
        by_requests > 5.0 && by_requests <= value("tillit_db_statements_total"),
        "{text}"
    );
    assert!(value("tillit_db_statement_errors_total").is_finite());
    assert!(value("tillit_audit_rows_total") >= 1.0);
    assert!(value("tillit_audit_batches_total") >= 1.0);
    assert_eq!(value("tillit_audit_queue_depth"), 0.0);
    assert!(value("tillit_db_pool_connections{state=\"idle\"}") >= 0.0);
    assert!(value("process_resident_memory_bytes") > 1e6);
});
