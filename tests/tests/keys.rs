//! Rotating the field-encryption key: 10 000 secrets, TOTP seeds and a webhook signing secret
//! move to a new key and still decrypt; an interrupted rotation keeps everything readable and
//! resumes where it stopped; older keys are retired, not lost.

mod common;

use common::*;
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use serde_json::json;
use tillit::crypto::KeyPurpose;
use tillit::crypto::field::{self, FieldRef};
use tillit::entities::{customer_secret, field_key};
use tillit::features::keys::service::rotate;
use uuid::Uuid;

const SECRETS: usize = 10_000;

fn place(id: &str) -> FieldRef<'_> {
    FieldRef {
        table: "customer_secrets",
        column: "value",
        row_id: id,
    }
}

/// Inserts `count` secrets for one customer straight into the table (encrypted as the service
/// does); returns their ids and values.
async fn many_secrets(app: &TestApp, customer: &str, count: usize) -> Vec<(Uuid, String)> {
    let customer = Uuid::parse_str(customer).unwrap();
    let keyring = &app.state.keyring;
    let now = chrono::Utc::now();
    let mut made = Vec::with_capacity(count);
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<customer_secret::ActiveModel> = chunk
            .iter()
            .map(|i| {
                let id = Uuid::now_v7();
                let value = format!("door code {i:05} #");
                let stored = field::encrypt(
                    keyring,
                    KeyPurpose::FieldEncryption,
                    place(&id.to_string()),
                    value.as_bytes(),
                );
                made.push((id, value));
                customer_secret::ActiveModel {
                    id: Set(id),
                    customer_id: Set(customer),
                    title: Set(format!("Door {i}")),
                    kind: Set("code".to_owned()),
                    username: Set(None),
                    url: Set(None),
                    notes: Set(None),
                    value: Set(stored),
                    created_at: Set(now),
                    updated_at: Set(now),
                    created_by: Set(None),
                    updated_by: Set(None),
                    version: Set(1),
                }
            })
            .collect();
        customer_secret::Entity::insert_many(rows)
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    made
}

async fn all_decrypt(app: &TestApp, made: &[(Uuid, String)]) -> usize {
    let stored: std::collections::HashMap<Uuid, String> = customer_secret::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.value))
        .collect();
    let mut ok = 0;
    for (id, value) in made {
        let plain = field::decrypt(
            &app.state.keyring,
            KeyPurpose::FieldEncryption,
            place(&id.to_string()),
            &stored[id],
        )
        .unwrap_or_else(|e| panic!("{id} does not decrypt: {e}"));
        assert_eq!(plain.as_slice(), value.as_bytes());
        ok += 1;
    }
    ok
}

async fn under_key(app: &TestApp, key: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM customer_secrets WHERE value LIKE 'v1:{key}:%'"
    ))
    .await
}

dual_test!(
    a_rotation_moves_every_value_and_an_interrupted_one_resumes,
    |app| {
        app.login_admin().await;
        let customer = create_customer(&app, business("Lås & Larm AB")).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let res = app
        .gql(
            "mutation { createWebhookEndpoint(url: \"http://127.0.0.1:9/hook\", events: [CONSENT_CHANGED]) { endpoint { id } } }",
            json!({}),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        let made = many_secrets(&app, &customer, SECRETS).await;
        let db = &app.state.db;
        let keyring = &app.state.keyring;
        let master = keyring.current_id().to_owned();
        assert_eq!(under_key(&app, &master).await, SECRETS as i64);

        // Interrupted after the first batch of secrets: some values moved, all still decrypt.
        let mut batches = 0;
        let report = rotate(db, keyring, 1_000, |_| {
            batches += 1;
            batches < 3
        })
        .await
        .unwrap();
        assert!(report.new_key && !report.finished, "{report:?}");
        let new_key = report.key_id.clone();
        assert_ne!(new_key, master);
        let moved = under_key(&app, &new_key).await;
        assert!(moved > 0 && moved < SECRETS as i64, "{moved}");
        assert_eq!(all_decrypt(&app, &made).await, SECRETS);

        // New values are written under the new key meanwhile.
        let res = app
        .gql(
            "mutation($c: ID!) { createSecret(customerId: $c, input: { title: \"Alarm\", kind: CODE, value: \"8642\" }) { id } }",
            json!({ "c": customer }),
        )
        .await;
        let fresh = res["data"]["createSecret"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(under_key(&app, &new_key).await, moved + 1);

        // Resumed: no second new key, everything under the new one, the master-derived key retired
        // from use.
        let mut seen = Vec::new();
        let report = rotate(db, keyring, 1_000, |p| {
            seen.push(p);
            true
        })
        .await
        .unwrap();
        assert!(!report.new_key && report.finished, "{report:?}");
        assert_eq!(report.key_id, new_key);
        assert!(report.unreadable.is_empty());
        assert!(seen.windows(2).all(|w| w[0].done <= w[1].done), "{seen:?}");
        assert_eq!(under_key(&app, &new_key).await, SECRETS as i64 + 1);
        assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM webhook_endpoints WHERE secret_encrypted LIKE 'v1:{new_key}:%'"
        ))
        .await,
        1
    );
        assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1:{new_key}:%'"
        ))
        .await,
        0
    );
        assert_eq!(all_decrypt(&app, &made).await, SECRETS);
        assert_eq!(field_key::Entity::find().count(db).await.unwrap(), 1);

        // Every secret reveals through the API; the TOTP seed still signs the admin in.
        for (id, value) in made.iter().step_by(997) {
            let res = app
            .gql(
                "mutation($id: ID!) { revealSecret(id: $id, reason: \"after rotation\") { value } }",
                json!({ "id": id.to_string() }),
            )
            .await;
            assert_eq!(
                res["data"]["revealSecret"]["value"],
                value.as_str(),
                "{res}"
            );
        }
        let res = app
        .gql(
            "mutation($id: ID!) { revealSecret(id: $id, reason: \"after rotation\") { value } }",
            json!({ "id": fresh }),
        )
        .await;
        assert_eq!(res["data"]["revealSecret"]["value"], "8642", "{res}");
        let again = app.new_client();
        app.login_as(&again, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let res = app.gql_with(&again, "{ me { email } }", json!({})).await;
        assert_eq!(res["data"]["me"]["email"], ADMIN_EMAIL);

        // A second rotation adds another key; the first is retired but still decrypts.
        let report = rotate(db, keyring, 5_000, |_| true).await.unwrap();
        assert!(report.new_key && report.finished, "{report:?}");
        assert_ne!(report.key_id, new_key);
        assert_eq!(field_key::Entity::find().count(db).await.unwrap(), 2);
        assert_eq!(all_decrypt(&app, &made).await, SECRETS);

        // A restarted server (keys loaded from the database) reads everything too.
        let reopened = tillit::open((*app.state.config).clone()).await.unwrap();
        let stored = customer_secret::Entity::find_by_id(made[0].0)
            .one(&reopened.db)
            .await
            .unwrap()
            .unwrap();
        let plain = field::decrypt(
            &reopened.keyring,
            KeyPurpose::FieldEncryption,
            place(&made[0].0.to_string()),
            &stored.value,
        )
        .unwrap();
        assert_eq!(plain.as_slice(), made[0].1.as_bytes());
        reopened.close().await;
    }
);

dual_test!(
    a_value_that_does_not_decrypt_leaves_the_rotation_unfinished,
    |app| {
        app.login_admin().await;
        let customer = create_customer(&app, business("Trasig AB")).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let made = many_secrets(&app, &customer, 3).await;
        app.exec("UPDATE customer_secrets SET value = value || 'x' WHERE title = 'Door 1'")
            .await;
        let report = rotate(&app.state.db, &app.state.keyring, 100, |_| true)
            .await
            .unwrap();
        assert!(!report.finished, "{report:?}");
        assert_eq!(report.unreadable.len(), 1, "{report:?}");
        assert!(report.unreadable[0].starts_with("customer_secrets.value:"));
        assert!(!report.unreadable[0].contains("door code"));
        // The others moved and still decrypt; nothing was retired.
        assert_eq!(under_key(&app, &report.key_id).await, 2);
        let intact = [made[0].clone(), made[2].clone()];
        assert_eq!(all_decrypt(&app, &intact).await, 2);
        assert_eq!(
            field_key::Entity::find()
                .all(&app.state.db)
                .await
                .unwrap()
                .iter()
                .filter(|k| k.retired_at.is_some())
                .count(),
            0
        );
    }
);
