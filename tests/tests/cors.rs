//! CORS: only configured browser origins may call the API cross-origin; everyone else gets no
//! CORS headers (so browsers refuse to hand them the answer).

mod common;

use common::*;
use reqwest::Method;

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(Method::OPTIONS, format!("{}/graphql", app.url))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,authorization",
        )
        .send()
        .await
        .unwrap()
}

async fn run(engine: Engine) {
    let Some(app) = TestApp::spawn_with(
        engine,
        Options {
            cors_origins: vec!["https://shop.example.se".into(), "not an origin".into()],
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    let allowed = preflight(&app, "https://shop.example.se").await;
    let headers = allowed.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://shop.example.se"
    );
    assert_eq!(headers["access-control-allow-credentials"], "true");
    let allowed_headers = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed_headers.contains("authorization"),
        "{allowed_headers}"
    );
    assert!(
        allowed_headers.contains("x-tillit-csrf"),
        "{allowed_headers}"
    );

    for stranger in ["https://evil.example", "http://shop.example.se", "null"] {
        let refused = preflight(&app, stranger).await;
        assert!(
            refused
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "{stranger} got CORS headers"
        );
    }
    // A real request from the allowed origin carries the header too.
    let res = reqwest::Client::new()
        .post(format!("{}/graphql", app.url))
        .header("origin", "https://shop.example.se")
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://shop.example.se"
    );
    app.state.close().await;

    // Without configured origins, nobody gets CORS headers.
    let Some(app) = TestApp::spawn(engine).await else {
        return;
    };
    let res = preflight(&app, "https://shop.example.se").await;
    assert!(res.headers().get("access-control-allow-origin").is_none());
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_configured_origins_on_sqlite() {
    run(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_configured_origins_on_postgres() {
    run(Engine::Postgres).await;
}
