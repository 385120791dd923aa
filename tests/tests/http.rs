//! The HTTP surface around GraphQL: health and readiness, the SPA with client-side routes,
//! immutable hashed assets with real 404s, and the security headers on every response.

mod common;

use common::*;
use reqwest::StatusCode;

fn spa_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Tillit SPA</title>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(
        dir.path().join("assets/app-1a2b3c.js"),
        "console.log('tillit')",
    )
    .unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_health_the_spa_and_security_headers() {
    let spa = spa_dir();
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            static_dir: Some(spa.path().to_owned()),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let get = |path: &str| reqwest::get(format!("{}{path}", app.url));

    let res = get("/healthz").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = get("/readyz").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    for route in ["/", "/customers", "/customers/0193/contacts", "/setup"] {
        let res = get(route).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{route}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{route}");
        assert!(res.text().await.unwrap().contains("Tillit SPA"), "{route}");
    }
    let res = get("/assets/app-1a2b3c.js").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let res = get("/assets/missing-000.js").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = get("/customers").await.unwrap();
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(h.contains_key("permissions-policy"));
    assert!(h.contains_key("x-request-id"));

    // The API never falls through to the SPA.
    let res = get("/graphql").await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_compressed_and_graphql_answers_are_not() {
    let spa = spa_dir();
    std::fs::write(
        spa.path().join("assets/big-9f8e7d.js"),
        "const tillit = 1;\n".repeat(2000),
    )
    .unwrap();
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            static_dir: Some(spa.path().to_owned()),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{}/assets/big-9f8e7d.js", app.url))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let res = client
        .post(format!("{}/graphql", app.url))
        .header("accept-encoding", "gzip")
        .json(&serde_json::json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .unwrap();
    assert!(!res.headers().contains_key("content-encoding"));
    app.state.close().await;
}
