//! TLS built in: HTTPS with HSTS and `__Host-` cookies, TLS 1.2 and 1.3 only, weak offers
//! refused, a renewed certificate served without a restart, the HTTP→HTTPS redirect listener,
//! and the configurations that would quietly weaken all of it refused at start.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A private CA and a way to issue server certificates for localhost from it.
struct Ca {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

impl Ca {
    fn new() -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "Tillit test CA");
        let cert = params.self_signed(&key).unwrap();
        Ca {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// Writes a new leaf certificate (`cn` as its common name) and key; returns its DER.
    fn issue(&self, cn: &str, cert_file: &Path, key_file: &Path) -> Vec<u8> {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, cn);
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        // The key first, so a reload never sees the new certificate with the old key for long.
        std::fs::write(key_file, key.serialize_pem()).unwrap();
        std::fs::write(cert_file, cert.pem()).unwrap();
        cert.der().to_vec()
    }

    fn client(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(self.pem.as_bytes()).unwrap())
            .tls_info(true)
            .cookie_store(true)
            .timeout(Duration::from_secs(10))
    }
}

async fn spawn_tls(
    ca: &Ca,
    dir: &Path,
    more: impl FnOnce(&mut tillit::Config) + Send + 'static,
) -> (TestApp, Vec<u8>) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let der = ca.issue("first.tillit.test", &cert, &key);
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            tweak: Some(Box::new(move |c| {
                c.tls_cert = Some(cert);
                c.tls_key = Some(key);
                c.tls_reload_seconds = 1;
                more(c);
            })),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    assert!(app.url.starts_with("https://"));
    (app, der)
}

fn peer_certificate(res: &reqwest::Response) -> Vec<u8> {
    res.extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .unwrap()
        .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_with_hsts_and_host_prefixed_secure_cookies() {
    let ca = Ca::new();
    let dir = tempfile::tempdir().unwrap();
    let (app, der) = spawn_tls(&ca, dir.path(), |_| {}).await;
    let client = ca.client().build().unwrap();
    let res = client
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(peer_certificate(&res), der);
    let hsts = res.headers()["strict-transport-security"].to_str().unwrap();
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");

    app.create_user(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let res = app
        .login_request(&client, ADMIN_EMAIL, ADMIN_PASSWORD)
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-tillit_session="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");

    // Both TLS 1.2 and TLS 1.3 clients are served.
    for version in [
        reqwest::tls::Version::TLS_1_2,
        reqwest::tls::Version::TLS_1_3,
    ] {
        let client = ca
            .client()
            .min_tls_version(version)
            .max_tls_version(version)
            .build()
            .unwrap();
        let res = client
            .get(format!("{}/healthz", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{version:?}");
    }
    app.state.close().await;
}

/// A hand-written ClientHello: `version` in the record and the hello, `suites` offered, no
/// extensions (so no TLS 1.3 and no modern groups).
fn client_hello(version: [u8; 2], suites: &[[u8; 2]]) -> Vec<u8> {
    let mut hello = Vec::new();
    hello.extend_from_slice(&version);
    hello.extend_from_slice(&[7u8; 32]); // random
    hello.push(0); // no session id
    hello.extend_from_slice(&u16::try_from(suites.len() * 2).unwrap().to_be_bytes());
    for s in suites {
        hello.extend_from_slice(s);
    }
    hello.extend_from_slice(&[1, 0]); // null compression only
    let mut handshake = vec![1u8]; // ClientHello
    handshake.extend_from_slice(&u32::try_from(hello.len()).unwrap().to_be_bytes()[1..]);
    handshake.extend_from_slice(&hello);
    let mut record = vec![0x16, version[0], version[1]];
    record.extend_from_slice(&u16::try_from(handshake.len()).unwrap().to_be_bytes());
    record.extend_from_slice(&handshake);
    record
}

/// What the server answers to `hello`: the first record's content type (0x16 = a handshake
/// goes on, 0x15 = an alert), or `None` when it just closes.
async fn answer_to(app: &TestApp, hello: &[u8]) -> Option<u8> {
    let addr = app.url.trim_start_matches("https://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(hello).await.unwrap();
    let mut first = [0u8; 1];
    match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut first)).await {
        Ok(Ok(1)) => Some(first[0]),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_protocols_weak_ciphers_and_plain_http_are_refused() {
    let ca = Ca::new();
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = spawn_tls(&ca, dir.path(), |_| {}).await;
    let weak = [
        [0x00, 0x05], // RSA RC4-SHA
        [0x00, 0x0a], // RSA 3DES-EDE-CBC-SHA
        [0x00, 0x2f], // RSA AES128-CBC-SHA (no forward secrecy)
        [0x00, 0x35], // RSA AES256-CBC-SHA
        [0x00, 0x3c], // RSA AES128-CBC-SHA256
        [0x00, 0x9c], // RSA AES128-GCM (no forward secrecy)
    ];
    for (name, version) in [
        ("SSL 3.0", [3, 0]),
        ("TLS 1.0", [3, 1]),
        ("TLS 1.1", [3, 2]),
    ] {
        let strong = [[0xc0, 0x2b], [0xc0, 0x2f]]; // ECDHE AES128-GCM
        let answer = answer_to(&app, &client_hello(version, &strong)).await;
        assert_ne!(answer, Some(0x16), "{name} was negotiated");
    }
    let answer = answer_to(&app, &client_hello([3, 3], &weak)).await;
    assert_ne!(
        answer,
        Some(0x16),
        "TLS 1.2 with only weak ciphers was negotiated"
    );

    // Plain HTTP on the TLS port gets nothing useful, and the server carries on.
    let res = reqwest::get(app.url.replace("https://", "http://")).await;
    assert!(res.is_err() || !res.unwrap().status().is_success());
    let res = ca
        .client()
        .build()
        .unwrap()
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewed_certificate_is_served_without_a_restart() {
    let ca = Ca::new();
    let dir = tempfile::tempdir().unwrap();
    let (app, first) = spawn_tls(&ca, dir.path(), |_| {}).await;
    let get = || async {
        // A new client per request: a new connection, a new handshake.
        ca.client()
            .build()
            .unwrap()
            .get(format!("{}/healthz", app.url))
            .send()
            .await
            .unwrap()
    };
    assert_eq!(peer_certificate(&get().await), first);

    // A half-renewed pair (new certificate, old key) is not taken: the old one stays.
    let stray = dir.path().join("stray-key.pem");
    let renewed = ca.issue("renewed.tillit.test", &dir.path().join("cert.pem"), &stray);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(peer_certificate(&get().await), first);
    // The matching key arrives: from the next handshake on, the new certificate.
    std::fs::copy(&stray, dir.path().join("key.pem")).unwrap();
    let mut served = Vec::new();
    for _ in 0..100 {
        served = peer_certificate(&get().await);
        if served == renewed {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(served, renewed, "the renewed certificate was never served");
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_is_redirected_to_https() {
    let ca = Ca::new();
    let dir = tempfile::tempdir().unwrap();
    // A free port for the redirect listener.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let redirect = free.local_addr().unwrap();
    drop(free);
    let (app, _) = spawn_tls(&ca, dir.path(), move |c| {
        c.http_redirect_bind = Some(redirect);
    })
    .await;
    let https_port = app.url.rsplit(':').next().unwrap().to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // The redirect listener binds as the server starts: give it a moment.
    let mut res = None;
    for _ in 0..50 {
        match client
            .get(format!("http://{redirect}/customers?search=Anna"))
            .send()
            .await
        {
            Ok(r) => {
                res = Some(r);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let res = res.expect("the redirect listener never answered");
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        res.headers()["location"],
        format!("https://127.0.0.1:{https_port}/customers?search=Anna").as_str()
    );
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    // GraphQL is not answered over plain HTTP either, only redirected.
    let res = client
        .post(format!("http://{redirect}/graphql"))
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    // A Host header that is not a host is not echoed into a Location.
    let res = client
        .get(format!("http://{redirect}/"))
        .header("host", "evil.example/@attacker")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    app.state.close().await;
}

#[test]
fn configurations_that_weaken_tls_are_refused() {
    let base = || tillit::Config {
        tls_cert: Some("cert.pem".into()),
        tls_key: Some("key.pem".into()),
        ..tillit::Config::default()
    };
    assert!(base().validate().is_ok());
    // Plain cookies under TLS.
    let mut c = base();
    c.secure_cookies = Some(false);
    assert!(c.validate().is_err());
    assert!(base().cookies_secure());
    // Plain cookies on a public address without TLS.
    let c = tillit::Config {
        bind: "0.0.0.0:8080".parse().unwrap(),
        secure_cookies: Some(false),
        ..tillit::Config::default()
    };
    assert!(c.validate().is_err());
    // Only local development over HTTP may drop them.
    let c = tillit::Config {
        secure_cookies: Some(false),
        ..tillit::Config::default()
    };
    assert!(c.validate().is_ok());
    // Half a TLS configuration, a redirect without TLS, a proxy that is not an address.
    let mut c = base();
    c.tls_key = None;
    assert!(c.validate().is_err());
    let c = tillit::Config {
        http_redirect_bind: Some("127.0.0.1:8081".parse().unwrap()),
        ..tillit::Config::default()
    };
    assert!(c.validate().is_err());
    let c = tillit::Config {
        trusted_proxies: vec![
            "10.0.0.0/8".into(),
            "192.168.1.1".into(),
            "proxy.local".into(),
        ],
        ..tillit::Config::default()
    };
    assert!(c.validate().is_err());
}
