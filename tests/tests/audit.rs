//! The access log is tamper-evident: rows are sealed into a keyed hash chain, and verification
//! finds a row that was changed or removed directly in the database.

mod common;

use common::*;
use serde_json::json;
use tillit::features::audit::chain;

async fn sealed_log(app: &TestApp) -> u64 {
    app.login_admin().await;
    for i in 0..3 {
        let c = create_customer(app, business(&format!("Kedja {i} AB"))).await;
        app.gql(
            "query($id: ID!) { customer(id: $id) { id } }",
            json!({ "id": c["id"] }),
        )
        .await;
    }
    // Rows settle for a second before they are chained.
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    chain::seal(&app.state.db, &app.state.keyring)
        .await
        .unwrap()
}

dual_test!(a_fresh_log_verifies, |app| {
    let sealed = sealed_log(&app).await;
    assert!(sealed >= 8, "sealed {sealed}");
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(report.verified, sealed);
    assert_eq!(report.head.as_ref().map(|h| h.0), Some(sealed as i64));
    // Sealing again adds nothing and keeps the chain intact.
    assert_eq!(
        chain::seal(&app.state.db, &app.state.keyring)
            .await
            .unwrap(),
        0
    );
});

dual_test!(a_changed_row_is_found, |app| {
    sealed_log(&app).await;
    let victim = app
        .scalar("SELECT id FROM audit_events WHERE action = 'customer.read' ORDER BY id LIMIT 1")
        .await;
    app.exec(&format!(
        "UPDATE audit_events SET actor_id = NULL WHERE id = {victim}"
    ))
    .await;
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    let (id, problem) = report.broken.expect("tampering must be detected");
    assert_eq!(id, victim);
    assert!(problem.contains("changed"), "{problem}");
});

dual_test!(a_removed_row_is_found, |app| {
    sealed_log(&app).await;
    let victim = app
        .scalar("SELECT id FROM audit_events WHERE action = 'customer.create' ORDER BY id LIMIT 1")
        .await;
    app.exec(&format!("DELETE FROM audit_events WHERE id = {victim}"))
        .await;
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    let (id, problem) = report.broken.expect("a removed row must be detected");
    assert!(id > victim);
    assert!(problem.contains("removed"), "{problem}");
});

dual_test!(a_recomputed_plain_hash_does_not_pass, |app| {
    // Someone with database access rewrites a row and "fixes" its hash without the keyring key.
    sealed_log(&app).await;
    let victim = app.scalar("SELECT MAX(id) FROM audit_events").await;
    app.exec(&format!(
        "UPDATE audit_events SET outcome = 'failure', hash = '{}' WHERE id = {victim}",
        "0".repeat(64)
    ))
    .await;
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    assert_eq!(report.broken.map(|b| b.0), Some(victim));
});
