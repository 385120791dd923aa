//! The test harness: a real Tillit server on a random port, over a fresh database per test —
//! an encrypted SQLite file in a temp dir, or a new PostgreSQL database — reached over HTTP.
//!
//! `dual_test!(name, |app| async move { … })` runs one body on both engines. PostgreSQL tests
//! use `TILLIT_TEST_DATABASE_URL` (a server URL; a database per test is created on it) and print a
//! SKIPPED line when it is not set.

#![allow(dead_code)]

pub mod everything;
pub mod ws;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::Connection;
use tillit::features::auth::{Actor, service as auth};
use tillit::{AppState, Config};

pub const ADMIN_EMAIL: &str = "admin@tillit.test";
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub engine: Engine,
    pub url: String,
    pub state: AppState,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// TOTP secrets and recovery codes of users enrolled through [`TestApp::login_as`].
    pub mfa: Mutex<HashMap<String, (String, Vec<String>)>>,
}

/// `None` when PostgreSQL tests should be skipped.
pub fn postgres_base_url() -> Option<String> {
    std::env::var("TILLIT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

/// A change to the server's configuration before it starts.
pub type Tweak = Box<dyn FnOnce(&mut Config) + Send>;

pub struct Options {
    pub static_dir: Option<PathBuf>,
    pub session_idle_minutes: u32,
    pub auth_burst: u32,
    pub auth_per_minute: u32,
    pub smtp_url: Option<String>,
    pub allow_private_webhooks: Option<bool>,
    pub cors_origins: Vec<String>,
    pub backup: tillit::config::BackupConfig,
    /// 64 hex characters [default: "11" × 32].
    pub master_key: Option<String>,
    pub metrics_token: Option<String>,
    /// Any other setting, applied last.
    pub tweak: Option<Tweak>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            static_dir: None,
            session_idle_minutes: 30,
            auth_burst: 1000,
            auth_per_minute: 1000,
            smtp_url: None,
            allow_private_webhooks: None,
            cors_origins: Vec::new(),
            backup: tillit::config::BackupConfig::default(),
            master_key: None,
            metrics_token: None,
            tweak: None,
        }
    }
}

/// The current TOTP code for a base32 secret, computed independently of the server.
pub fn totp_code(secret: &str) -> String {
    totp_code_at(secret, 0)
}

/// The code `steps` time steps from now (the server accepts -1..=+1).
pub fn totp_code_at(secret: &str, steps: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    let totp = totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    totp.generate((now + steps * 30) as u64)
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> Option<TestApp> {
        TestApp::spawn_with(engine, Options::default()).await
    }

    pub async fn spawn_with(engine: Engine, options: Options) -> Option<TestApp> {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data_dir: dir.path().join("data"),
            static_dir: options
                .static_dir
                .unwrap_or_else(|| dir.path().join("no-spa")),
            session_idle_minutes: options.session_idle_minutes,
            auth_burst: options.auth_burst,
            auth_per_minute: options.auth_per_minute,
            smtp_url: options.smtp_url,
            allow_private_webhooks: options.allow_private_webhooks,
            cors_origins: options.cors_origins,
            backup: options.backup,
            master_key: Some(SecretString::from(
                options.master_key.unwrap_or_else(|| "11".repeat(32)),
            )),
            metrics_token: options.metrics_token.map(SecretString::from),
            db_max_connections: 4,
            // The rate limits have their own tests; elsewhere they would only make tests flaky.
            ip_burst: 0,
            api_key_burst: 0,
            ..Config::default()
        };
        if let Some(tweak) = options.tweak {
            tweak(&mut config);
        }
        let mut pg = None;
        if engine == Engine::Postgres {
            let Some(base) = postgres_base_url() else {
                eprintln!("SKIPPED: PostgreSQL variant (TILLIT_TEST_DATABASE_URL is not set)");
                return None;
            };
            let name = format!("tillit_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&base).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
            config.database_url = Some(with_database(&base, &name));
            pg = Some((base, name));
        }
        let state = tillit::open(config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let scheme = if state.config.tls() { "https" } else { "http" };
        let url = format!("{scheme}://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = state.clone();
        let served = tokio::spawn(async move {
            tillit::serve(listener, served, async {
                let _ = rx.await;
            })
            .await
        });
        Some(TestApp {
            engine,
            url,
            state,
            client: new_client(),
            dir,
            pg,
            shutdown: Some(tx),
            served: Some(served),
            mfa: Mutex::new(HashMap::new()),
        })
    }

    /// Sends the shutdown signal and waits until the server has drained (in-flight requests
    /// and background jobs finished).
    pub async fn shut_down(&mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.served.take() {
            Some(served) => served.await?,
            None => Ok(()),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.state.config.data_dir
    }

    /// A second, independent browser (its own cookie jar).
    pub fn new_client(&self) -> reqwest::Client {
        new_client()
    }

    pub async fn create_user(&self, email: &str, password: &str, admin: bool) {
        auth::create_user(
            &self.state,
            &Actor::System,
            auth::NewUser {
                email: email.into(),
                name: "Test User".into(),
                password: SecretString::from(password.to_owned()),
                is_admin: admin,
            },
        )
        .await
        .unwrap();
    }

    /// Creates the admin and signs the default client in (enrolling MFA).
    pub async fn login_admin(&self) {
        self.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
        self.login_as(&self.client, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await;
    }

    /// The password step only.
    pub async fn login(&self, client: &reqwest::Client, email: &str, password: &str) -> Value {
        self.gql_with(
            client,
            "mutation($i: LoginInput!) { login(input: $i) { viewer { id email isAdmin } next } }",
            json!({ "i": { "email": email, "password": password } }),
        )
        .await
    }

    /// A full sign-in: password, then MFA enrolment (first time) or a TOTP code.
    pub async fn login_as(&self, client: &reqwest::Client, email: &str, password: &str) {
        let res = self.login(client, email, password).await;
        let next = res["data"]["login"]["next"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {res}"));
        self.finish_mfa(client, email, next).await;
    }

    /// Completes the second factor of a pending session in `client`.
    pub async fn finish_mfa(&self, client: &reqwest::Client, email: &str, next: &str) {
        match next {
            "DONE" => {}
            "MFA_ENROLLMENT_REQUIRED" => {
                let res = self
                    .gql_with(
                        client,
                        "mutation { beginTotpEnrollment { secret } }",
                        json!({}),
                    )
                    .await;
                let secret = res["data"]["beginTotpEnrollment"]["secret"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let res = self
                    .gql_with(
                        client,
                        "mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }",
                        json!({ "c": totp_code(&secret) }),
                    )
                    .await;
                let codes: Vec<String> = serde_json::from_value(
                    res["data"]["confirmTotpEnrollment"]["recoveryCodes"].clone(),
                )
                .unwrap_or_else(|_| panic!("enrolment failed: {res}"));
                self.mfa
                    .lock()
                    .unwrap()
                    .insert(email.to_lowercase(), (secret, codes));
            }
            "MFA_REQUIRED" => {
                let secret = self.mfa.lock().unwrap()[&email.to_lowercase()].0.clone();
                // Each time step is accepted once per account; tests sign in faster than 30 s,
                // so forget the last used step (replay protection has its own tests).
                self.exec(&format!(
                    "UPDATE users SET totp_last_step = NULL WHERE email = '{}'",
                    email.to_lowercase()
                ))
                .await;
                let res = self
                    .gql_with(
                        client,
                        "mutation($c: String!) { verifyTotp(code: $c) { next } }",
                        json!({ "c": totp_code(&secret) }),
                    )
                    .await;
                assert_eq!(
                    res["data"]["verifyTotp"]["next"], "DONE",
                    "verifyTotp failed: {res}"
                );
            }
            other => panic!("unexpected login step {other}"),
        }
    }

    /// A full sign-in with a fresh client; returns the `name=value` of the full session cookie.
    /// The password step as a raw request from `client`, for tests that add headers or look at
    /// the response's own.
    pub fn login_request(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::RequestBuilder {
        client
            .post(format!("{}/graphql", self.url))
            .header("x-tillit-csrf", "1")
            .json(&json!({
                "query": "mutation($i: LoginInput!) { login(input: $i) { next } }",
                "variables": { "i": { "email": email, "password": password } }
            }))
    }

    pub async fn cookie_login(&self, email: &str, password: &str) -> String {
        let client = reqwest::Client::new();
        let res = self
            .login_request(&client, email, password)
            .send()
            .await
            .unwrap();
        let pending = set_cookie(&res);
        let body: Value = res.json().await.unwrap();
        let next = body["data"]["login"]["next"].as_str().unwrap().to_owned();
        let with = |cookie: String, query: &str, variables: Value| {
            client
                .post(format!("{}/graphql", self.url))
                .header("cookie", cookie)
                .header("x-tillit-csrf", "1")
                .json(&json!({ "query": query, "variables": variables }))
                .send()
        };
        let res = match next.as_str() {
            "MFA_ENROLLMENT_REQUIRED" => {
                let begin: Value = with(
                    pending.clone(),
                    "mutation { beginTotpEnrollment { secret } }",
                    json!({}),
                )
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
                let secret = begin["data"]["beginTotpEnrollment"]["secret"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let res = with(
                    pending,
                    "mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }",
                    json!({ "c": totp_code(&secret) }),
                )
                .await
                .unwrap();
                self.mfa
                    .lock()
                    .unwrap()
                    .insert(email.to_lowercase(), (secret, Vec::new()));
                res
            }
            _ => {
                let secret = self.mfa.lock().unwrap()[&email.to_lowercase()].0.clone();
                self.exec(&format!(
                    "UPDATE users SET totp_last_step = NULL WHERE email = '{}'",
                    email.to_lowercase()
                ))
                .await;
                with(
                    pending,
                    "mutation($c: String!) { verifyTotp(code: $c) { next } }",
                    json!({ "c": totp_code(&secret) }),
                )
                .await
                .unwrap()
            }
        };
        set_cookie(&res)
    }

    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_with(&self.client, query, variables).await
    }

    pub async fn gql_with(&self, client: &reqwest::Client, query: &str, variables: Value) -> Value {
        let res = self
            .post_graphql(client, &json!({ "query": query, "variables": variables }))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "GraphQL transport failed");
        res.json().await.unwrap()
    }

    pub async fn post_graphql(&self, client: &reqwest::Client, body: &Value) -> reqwest::Response {
        client
            .post(format!("{}/graphql", self.url))
            .header("x-tillit-csrf", "1")
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Runs SQL returning one integer (e.g. a count) directly against the database.
    pub async fn scalar(&self, sql: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        self.flush_audit().await;
        let db = &self.state.db;
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }

    pub async fn exec(&self, sql: &str) {
        use sea_orm::ConnectionTrait;
        self.flush_audit().await;
        self.state.db.execute_unprepared(sql).await.unwrap();
    }

    /// Moves the access-log rows of answered reads into `audit_events` (on SQLite they wait in
    /// the audit spool for up to `spool::MOVE_EVERY`), so SQL run by a test sees them.
    pub async fn flush_audit(&self) {
        self.state.audit.flush().await.unwrap();
    }
}

/// The `name=value` part of a response's session cookie, after checking its attributes.
pub fn set_cookie(res: &reqwest::Response) -> String {
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "cookie lacks {attr}: {cookie}");
    }
    cookie.split(';').next().unwrap().to_owned()
}

fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((base, name)) = self.pg.take() {
            // Drop the per-test database from a separate thread: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&base).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&mut conn)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(res: &Value) -> Option<&str> {
    res["errors"][0]["extensions"]["code"].as_str()
}

pub fn error_field(res: &Value) -> Option<&str> {
    res["errors"][0]["extensions"]["field"].as_str()
}

/// Runs the same async test body on SQLite and on PostgreSQL; with `options = …` (an
/// expression giving [`Options`]), on servers started with those options.
#[macro_export]
macro_rules! dual_test {
    ($name:ident, |$app:ident| $body:expr) => {
        $crate::dual_test!(
            $name,
            options = $crate::common::Options::default(),
            |$app| $body
        );
    };
    ($name:ident, options = $options:expr, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($app: $crate::common::TestApp) {
                $body
            }

            async fn run(engine: $crate::common::Engine) {
                if let Some(app) = $crate::common::TestApp::spawn_with(engine, $options).await {
                    // Close the pool before the process exits (see `AppState::close`).
                    let state = app.state.clone();
                    body(app).await;
                    state.close().await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::common::Engine::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::common::Engine::Postgres).await;
            }
        }
    };
}

/// A valid business customer input with the given company name.
pub fn business(company: &str) -> Value {
    json!({
        "kind": "BUSINESS",
        "country": "SE",
        "companyName": company,
        "identityNumber": "556036-0793",
        "email": "Info@Example.se",
        "phone": "08-123 456 78",
        "invoiceAddress": {
            "line1": "Storgatan 1",
            "postalCode": "11122",
            "city": "Stockholm",
            "country": "SE"
        },
        "note": "Ring innan besök."
    })
}

pub const CUSTOMER_FIELDS: &str = "id number kind country firstName lastName companyName displayName \
    identityNumber email phone note state version invoiceAddress { line1 line2 postalCode city country } \
    postalAddress { line1 postalCode city country }";

pub async fn create_customer(app: &TestApp, input: Value) -> Value {
    let res = app
        .gql(
            &format!("mutation($i: CustomerInput!) {{ createCustomer(input: $i) {{ {CUSTOMER_FIELDS} }} }}"),
            json!({ "i": input }),
        )
        .await;
    assert!(res["errors"].is_null(), "createCustomer failed: {res}");
    res["data"]["createCustomer"].clone()
}

pub async fn create_contact(app: &TestApp, customer_id: &str, input: Value) -> Value {
    let res = app
        .gql(
            "mutation($c: ID!, $i: ContactInput!) { createContact(customerId: $c, input: $i) { id name email phone recipientOf externalId version archived } }",
            json!({ "c": customer_id, "i": input }),
        )
        .await;
    assert!(res["errors"].is_null(), "createContact failed: {res}");
    res["data"]["createContact"].clone()
}

/// Restricts a new (version 1) customer to `groups`, as the signed-in admin.
pub async fn restrict_new_customer(app: &TestApp, customer_id: &str, groups: &[&str]) {
    let res = app
        .gql(
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": customer_id, "g": groups }),
        )
        .await;
    assert!(res["errors"].is_null(), "setCustomerGroups failed: {res}");
}

/// Archives a new (version 1) customer, as the signed-in admin.
pub async fn archive_new_customer(app: &TestApp, customer_id: &str) {
    let res = app
        .gql(
            "mutation($id: ID!) { archiveCustomer(id: $id, expectedVersion: 1) { state } }",
            json!({ "id": customer_id }),
        )
        .await;
    assert!(res["errors"].is_null(), "archiveCustomer failed: {res}");
}

/// Display names of the first page of a search.
pub async fn search_names(app: &TestApp, term: &str) -> Vec<String> {
    let res = app
        .gql(
            "query($q: String) { customers(search: $q, first: 50) { nodes { displayName } } }",
            json!({ "q": term }),
        )
        .await;
    assert!(res["errors"].is_null(), "search failed: {res}");
    res["data"]["customers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["displayName"].as_str().unwrap().to_owned())
        .collect()
}

/// Creates an access group as the signed-in admin; returns its id.
pub async fn create_group(app: &TestApp, name: &str, rights: &[&str]) -> String {
    let res = app
        .gql(
            "mutation($i: AccessGroupInput!) { createAccessGroup(input: $i) { id } }",
            json!({ "i": { "name": name, "rights": rights } }),
        )
        .await;
    assert!(res["errors"].is_null(), "createAccessGroup failed: {res}");
    res["data"]["createAccessGroup"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The id of a staff user, looked up by the signed-in admin.
pub async fn user_id(app: &TestApp, email: &str) -> String {
    let res = app.gql("{ users { id email } }", json!({})).await;
    res["data"]["users"]
        .as_array()
        .unwrap_or_else(|| panic!("users failed: {res}"))
        .iter()
        .find(|u| u["email"] == email)
        .unwrap_or_else(|| panic!("no user {email}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Puts a user in exactly these groups (as the signed-in admin).
pub async fn set_groups_of(app: &TestApp, email: &str, groups: &[&str]) {
    let id = user_id(app, email).await;
    let res = app
        .gql(
            "mutation($u: ID!, $g: [ID!]!) { setUserGroups(userId: $u, groupIds: $g) { id } }",
            json!({ "u": id, "g": groups }),
        )
        .await;
    assert!(res["errors"].is_null(), "setUserGroups failed: {res}");
}

/// Creates a non-admin user in `groups`, and a client signed in as them.
pub async fn staff_in(app: &TestApp, email: &str, groups: &[&str]) -> reqwest::Client {
    app.create_user(email, "a long and unguessable passphrase", false)
        .await;
    set_groups_of(app, email, groups).await;
    let client = app.new_client();
    app.login_as(&client, email, "a long and unguessable passphrase")
        .await;
    client
}

/// Creates an API key as the signed-in admin; returns its id and secret.
pub async fn create_api_key(
    app: &TestApp,
    name: &str,
    scopes: &[&str],
    groups: &[&str],
) -> (String, String) {
    let res = app
        .gql(
            "mutation($n: String!, $s: [ApiScope!]!, $g: [ID!]!) { createApiKey(input: { name: $n, scopes: $s, groupIds: $g }) { secret apiKey { id } } }",
            json!({ "n": name, "s": scopes, "g": groups }),
        )
        .await;
    let created = &res["data"]["createApiKey"];
    let id = created["apiKey"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("createApiKey failed: {res}"));
    (
        id.to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

/// A client that sends `Authorization: Bearer <secret>` and keeps no cookies, like a webshop
/// backend.
pub fn key_client(secret: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        reqwest::header::HeaderValue::from_str(&format!("Bearer {secret}")).unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}
