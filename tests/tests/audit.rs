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
    assert_eq!(id, victim);
    assert!(problem.contains("removed"), "{problem}");
});

dual_test!(a_removed_link_is_found, |app| {
    // Removing an event together with its link leaves a hole in the sequence.
    sealed_log(&app).await;
    let victim = app
        .scalar("SELECT id FROM audit_events WHERE action = 'customer.read' ORDER BY id LIMIT 1")
        .await;
    app.exec(&format!(
        "DELETE FROM audit_links WHERE event_id = {victim}"
    ))
    .await;
    app.exec(&format!("DELETE FROM audit_events WHERE id = {victim}"))
        .await;
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    let (id, problem) = report.broken.expect("a removed link must be detected");
    assert!(id > victim);
    assert!(problem.contains("removed"), "{problem}");
});

dual_test!(a_recomputed_plain_hash_does_not_pass, |app| {
    // Someone with database access rewrites a row and "fixes" its link without the keyring key.
    sealed_log(&app).await;
    let victim = app.scalar("SELECT MAX(id) FROM audit_events").await;
    app.exec(&format!(
        "UPDATE audit_events SET outcome = 'failure' WHERE id = {victim}"
    ))
    .await;
    app.exec(&format!(
        "UPDATE audit_links SET hash = '{}' WHERE event_id = {victim}",
        "0".repeat(64)
    ))
    .await;
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    assert_eq!(report.broken.map(|b| b.0), Some(victim));
});

/// Inserts an audit event with a chosen id and time, as a transaction that took its id early
/// and committed late would leave it.
async fn insert_event(app: &TestApp, id: i64, seconds_ago: i64) {
    let at = (chrono::Utc::now() - chrono::Duration::seconds(seconds_ago))
        .format("%Y-%m-%d %H:%M:%S%.6f+00:00");
    app.exec(&format!(
        "INSERT INTO audit_events (id, occurred_at, actor_kind, action, outcome) \
         VALUES ({id}, '{at}', 'system', 'test.straggler', 'success')"
    ))
    .await;
}

/// One call of the server's sealer, as its job makes every two seconds.
async fn server_round(app: &TestApp, sealer: &chain::Sealer) -> u64 {
    sealer
        .seal(&app.state.db, &app.state.db, &app.state.keyring)
        .await
        .unwrap()
}

/// The chain verifies and every event is linked.
async fn assert_intact(app: &TestApp) -> chain::Verification {
    let report = chain::verify(&app.state.db, &app.state.keyring)
        .await
        .unwrap();
    assert_eq!((&report.broken, report.unsealed), (&None, 0));
    report
}

dual_test!(
    the_server_sealer_links_an_event_that_commits_after_higher_ids,
    |app| {
        sealed_log(&app).await;
        let sealer = chain::Sealer::new();
        // The server's sealer started a while ago: its first round (a sweep) is behind it.
        create_customer(&app, business("Före luckan AB")).await;
        tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
        assert!(server_round(&app, &sealer).await >= 1);
        let last = app.scalar("SELECT MAX(id) FROM audit_events").await;
        // Ids last+1 and last+2 are taken; only last+2 has committed when the sealer runs.
        insert_event(&app, last + 2, 5).await;
        assert_eq!(server_round(&app, &sealer).await, 1);
        assert_intact(&app).await;
        // Then the earlier transaction commits: the next round finds its event in the gap.
        insert_event(&app, last + 1, 5).await;
        assert_eq!(server_round(&app, &sealer).await, 1);
        assert_intact(&app).await;
        let order = app
            .scalar(&format!(
                "SELECT seq FROM audit_links WHERE event_id = {}",
                last + 1
            ))
            .await;
        let head = app.scalar("SELECT MAX(seq) FROM audit_links").await;
        assert_eq!(order, head, "the straggler is appended to the chain");
    }
);

dual_test!(
    a_new_server_sealer_links_what_the_last_one_left_behind,
    |app| {
        // Events written while no server ran (or by a replica that stopped mid-way) are recent:
        // a sealer that starts sweeps them up, wherever they are in the id range.
        app.login_admin().await;
        create_customer(&app, business("Efter omstart AB")).await;
        tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
        let sealed = server_round(&app, &chain::Sealer::new()).await;
        assert!(sealed >= 2, "sealed {sealed}");
        assert_eq!(assert_intact(&app).await.verified, sealed);
    }
);
