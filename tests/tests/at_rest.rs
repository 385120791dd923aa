//! Encryption at rest: the embedded SQLite file is SQLCipher-encrypted with a key derived from the
//! master key, so the raw bytes hold no readable personal data, and a wrong key opens nothing.

mod common;

use common::*;
use secrecy::SecretString;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_file_holds_no_readable_personal_data() {
    let app = TestApp::spawn(Engine::Sqlite).await.unwrap();
    app.login_admin().await;
    let customer = create_customer(
        &app,
        json!({ "kind": "PRIVATE", "firstName": "Ingeborg", "lastName": "Quarnström",
                "identityNumber": "811218-9876", "email": "ingeborg.quarnstrom@example.se",
                "phone": "070-999 88 77", "note": "Portkod 4711, hund i trädgården" }),
    )
    .await;
    create_contact(
        &app,
        customer["id"].as_str().unwrap(),
        json!({ "name": "Vendela Quarnström", "email": "vendela.q@example.se" }),
    )
    .await;
    // Make sure the data reached the files (WAL and main database).
    app.exec("PRAGMA wal_checkpoint(FULL)").await;
    // An audited read: its access-log row goes to the audit spool (a file of its own) first.
    let id = customer["id"].as_str().unwrap().to_owned();
    let read = app
        .gql(
            "query($id: ID!) { customer(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["data"]["customer"]["id"], id.as_str());

    let needles = [
        "Quarnstr",
        "quarnstrom",
        "Ingeborg",
        "ingeborg",
        "Vendela",
        "vendela",
        "19811218",
        "8112189876",
        "46709998877",
        "Portkod",
        "example.se",
        // The access-log row of the read.
        "customer.read",
        &id,
    ];
    let mut files = 0;
    let mut spool_files = 0;
    for entry in std::fs::read_dir(app.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("tillit.db") {
            continue;
        }
        files += 1;
        if name.starts_with("tillit.db.audit-spool") {
            spool_files += 1;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{name} has a plaintext header"
        );
        for needle in needles {
            let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
            assert!(!found, "{name} contains {needle:?} in clear");
        }
    }
    assert!(files >= 1);
    assert!(spool_files >= 1, "the audit spool is next to the database");
    app.state.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_master_key_cannot_open_the_database() {
    let app = TestApp::spawn(Engine::Sqlite).await.unwrap();
    app.login_admin().await;
    let mut config = (*app.state.config).clone();
    config.master_key = Some(SecretString::from("22".repeat(32)));
    let result = tillit::open(config).await;
    assert!(
        result.is_err(),
        "opened an encrypted database with the wrong key"
    );
    // The right key still works.
    let mut config = (*app.state.config).clone();
    config.master_key = Some(SecretString::from("11".repeat(32)));
    let reopened = tillit::open(config).await.unwrap();
    reopened.close().await;
    app.state.close().await;
}

// PostgreSQL has no page encryption to refuse a wrong key, so the server checks the key
// itself: a missing key (a fresh `master.key` would be generated) or another key refuses to
// start with a message naming the key the database belongs to, and leaves no stray key file.
dual_test!(a_missing_or_wrong_master_key_refuses_to_start, |app| {
    app.login_admin().await;
    let mut wrong = (*app.state.config).clone();
    wrong.master_key = Some(SecretString::from("22".repeat(32)));
    let err = tillit::open(wrong)
        .await
        .err()
        .expect("started with another key");
    let message = format!("{err:#}");
    if app.engine == Engine::Postgres {
        assert!(message.contains("belong to master key"), "{message}");
    }

    let mut missing = (*app.state.config).clone();
    missing.master_key = None;
    let err = tillit::open(missing)
        .await
        .err()
        .expect("started without the key");
    // SQLite: the page key does not open the file; PostgreSQL: the key check names the key.
    assert!(format!("{err:#}").contains("master key"), "{err:#}");
    assert!(
        !app.data_dir().join("master.key").exists(),
        "a key file was left behind"
    );

    // The right key still starts, and every secret still decrypts.
    let right = (*app.state.config).clone();
    let reopened = tillit::open(right).await.unwrap();
    reopened.close().await;
    let res = app.gql("{ me { email } }", json!({})).await;
    assert_eq!(res["data"]["me"]["email"], ADMIN_EMAIL);
});
