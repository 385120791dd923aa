//! Backups: taken while the server runs, copied to every destination and checked there, restored
//! into fresh SQLite and PostgreSQL databases equal to the source table by table, refused when
//! damaged, foreign or too new, and rehearsed by drills that notice a corrupted copy.

mod common;

use std::path::{Path, PathBuf};

use common::{Engine, Options, TestApp, error_code};
use serde_json::{Value, json};
use tillit::config::{BackupConfig, DestinationConfig};
use tillit::features::auth::Actor;
use tillit::features::backups::archive::{self, FORMAT_VERSION, Header};
use tillit::features::backups::service::{self, BackupKind, DrillScenario};
use tillit::features::backups::{BackupError, tables};

/// Timestamps to microseconds (PostgreSQL keeps microseconds, SQLite whatever it is given),
/// everything else as it is.
fn normalized(value: &Value) -> Value {
    match value {
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => Value::String(
                t.with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            ),
            Err(_) => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every table's rows, normalized; the audit events of backing up and restoring left out.
async fn contents(db: &sea_orm::DatabaseConnection) -> Vec<(&'static str, Vec<Value>)> {
    tables::dump_values(db)
        .await
        .unwrap()
        .into_iter()
        .map(|(table, rows)| {
            let rows = rows
                .iter()
                .filter(|r| {
                    !(table == "audit_events"
                        && r["action"]
                            .as_str()
                            .is_some_and(|a| a.starts_with("backup.")))
                })
                .map(normalized)
                .collect();
            (table, rows)
        })
        .collect()
}

fn assert_same(source: &[(&str, Vec<Value>)], restored: &[(&str, Vec<Value>)], target: &str) {
    assert_eq!(source.len(), restored.len());
    for ((table, want), (_, got)) in source.iter().zip(restored) {
        assert_eq!(
            want.len(),
            got.len(),
            "{table}: {} rows in the source, {} restored into {target}",
            want.len(),
            got.len()
        );
        for (a, b) in want.iter().zip(got) {
            assert_eq!(a, b, "{table} differs after the restore into {target}");
        }
    }
}

fn copy_dir(app: &TestApp, n: u32) -> PathBuf {
    app.data_dir().join("backups").join(format!("copy-{n}"))
}

async fn take(app: &TestApp) -> service::Created {
    let created = service::create(&app.state, &Actor::System, BackupKind::Manual, "test")
        .await
        .unwrap();
    assert_eq!(created.backup.status, "complete", "{:?}", created.copies);
    created
}

async fn customers(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM customers").await
}

dual_test!(
    a_backup_restores_into_fresh_sqlite_and_postgresql_equal_to_the_source,
    |app| {
        common::everything::populate_everything(&app).await;
        let before = contents(&app.state.db).await;
        let created = take(&app).await;
        assert_eq!(created.copies.len(), 3);
        assert!(created.copies.iter().all(|c| c.verified));
        let file = copy_dir(&app, 1).join(&created.backup.file_name);
        // The three local copies are the same bytes.
        for n in 2..=3 {
            assert_eq!(
                std::fs::read(&file).unwrap(),
                std::fs::read(copy_dir(&app, n).join(&created.backup.file_name)).unwrap()
            );
        }
        for engine in [Engine::Sqlite, Engine::Postgres] {
            let Some(target) = TestApp::spawn(engine).await else {
                continue;
            };
            let indexes = "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()";
            let indexes_before = match engine {
                Engine::Postgres => target.scalar(indexes).await,
                Engine::Sqlite => 0,
            };
            let restored = service::restore_file(
                &target.state.db,
                &target.state.keyring,
                &file,
                false,
                vec![],
            )
            .await
            .unwrap();
            if engine == Engine::Postgres {
                // The secondary indexes dropped for the load are all back.
                assert_eq!(target.scalar(indexes).await, indexes_before);
            }
            assert_eq!(restored.reapplied, 0);
            let after = contents(&target.state.db).await;
            assert_same(&before, &after, &format!("{engine:?}"));
            // The restored database works: the admin signs in with the TOTP seed enrolled on the
            // source (field-encrypted under a rotated key), the audit chain verifies.
            *target.mfa.lock().unwrap() = app.mfa.lock().unwrap().clone();
            target
                .login_as(&target.client, common::ADMIN_EMAIL, common::ADMIN_PASSWORD)
                .await;
            // Search works (on SQLite its index is rebuilt from the restored customers).
            let customers = &before.iter().find(|(t, _)| *t == "customers").unwrap().1;
            let name = customers
                .iter()
                .find(|c| c["state"] == "active" && c["restricted"] == false)
                .unwrap()["display_name"]
                .as_str()
                .unwrap()
                .to_owned();
            let hits = common::search_names(&target, &name).await;
            assert!(
                hits.contains(&name),
                "{name} not found after the restore: {hits:?}"
            );
            let chain =
                tillit::features::audit::chain::verify(&target.state.db, &target.state.keyring)
                    .await
                    .unwrap();
            assert!(chain.broken.is_none(), "{:?}", chain.broken);
            target.state.close().await;
        }
    }
);

dual_test!(
    damaged_foreign_and_too_new_backups_are_refused_before_anything_is_written,
    |app| {
        tillit::features::demo::seed(&app.state.db, 30, 3)
            .await
            .unwrap();
        let created = take(&app).await;
        let file = copy_dir(&app, 1).join(&created.backup.file_name);
        let bytes = std::fs::read(&file).unwrap();
        let target = TestApp::spawn(Engine::Sqlite).await.unwrap();
        let restore = |path: PathBuf| {
            let state = target.state.clone();
            async move { service::restore_file(&state.db, &state.keyring, &path, false, vec![]).await }
        };
        let dir = tempfile::tempdir().unwrap();
        // A flipped bit in the middle: a part fails its checksum.
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x01;
        std::fs::write(dir.path().join("flipped.tbk"), &flipped).unwrap();
        let err = restore(dir.path().join("flipped.tbk")).await.unwrap_err();
        assert!(matches!(err, BackupError::Corrupt(_)), "{err}");
        // Cut short.
        std::fs::write(dir.path().join("cut.tbk"), &bytes[..bytes.len() - 100]).unwrap();
        let err = restore(dir.path().join("cut.tbk")).await.unwrap_err();
        assert!(matches!(err, BackupError::Truncated), "{err}");
        assert_eq!(customers(&target).await, 0, "nothing may be written");
        // Another installation's master key.
        let foreign = TestApp::spawn_with(
            Engine::Sqlite,
            Options {
                master_key: Some("22".repeat(32)),
                ..Options::default()
            },
        )
        .await
        .unwrap();
        let err = service::restore_file(
            &foreign.state.db,
            &foreign.state.keyring,
            &file,
            false,
            vec![],
        )
        .await
        .unwrap_err();
        assert!(matches!(err, BackupError::WrongKey { .. }), "{err}");
        assert!(err.to_string().contains("master key"), "{err}");
        foreign.state.close().await;
        // A backup from a newer Tillit.
        let future = dir.path().join("future.tbk");
        let mut writer = archive::Writer::create(
            &future,
            &app.state.keyring,
            Header {
                format_version: FORMAT_VERSION,
                backup_id: uuid::Uuid::new_v4(),
                created_at: chrono::Utc::now(),
                key_id: app.state.keyring.current_id().to_owned(),
                source_engine: "sqlite".into(),
                schema_version: "m29991231_000001_from_the_future".into(),
                app_version: "99.0.0".into(),
            },
        )
        .unwrap();
        writer.begin_table("customers").unwrap();
        writer.finish().unwrap();
        let err = restore(future).await.unwrap_err();
        assert!(matches!(err, BackupError::NewerSchema { .. }), "{err}");
        // Not a backup at all.
        std::fs::write(dir.path().join("text.tbk"), b"hello, world").unwrap();
        let err = restore(dir.path().join("text.tbk")).await.unwrap_err();
        assert!(matches!(err, BackupError::NotABackup), "{err}");
        assert_eq!(customers(&target).await, 0, "nothing may be written");
        // A good one restores; restoring again into the now non-empty database is refused …
        restore(file.clone()).await.unwrap();
        assert_eq!(customers(&target).await, 30);
        let err = restore(file.clone()).await.unwrap_err();
        assert!(matches!(err, BackupError::NotEmpty { .. }), "{err}");
        // … unless forced, which replaces everything.
        target.exec("DELETE FROM tasks").await;
        service::restore_file(&target.state.db, &target.state.keyring, &file, true, vec![])
            .await
            .unwrap();
        assert!(target.scalar("SELECT COUNT(*) FROM tasks").await > 0);
        target.state.close().await;
    }
);

dual_test!(
    a_restore_that_fails_half_way_leaves_the_target_empty,
    |app| {
        // An archive whose customers are fine but whose contacts point at a customer that does
        // not exist: the restore fails after writing the customers — at the contacts on SQLite,
        // where foreign keys are checked row by row, and on PostgreSQL when the foreign keys set
        // aside for the load are added back.
        tillit::features::demo::seed(&app.state.db, 10, 5)
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.tbk");
        let source = tables::dump_values(&app.state.db).await.unwrap();
        let mut writer = archive::Writer::create(
            &path,
            &app.state.keyring,
            Header {
                format_version: FORMAT_VERSION,
                backup_id: uuid::Uuid::new_v4(),
                created_at: chrono::Utc::now(),
                key_id: app.state.keyring.current_id().to_owned(),
                source_engine: "sqlite".into(),
                schema_version: service::schema_version(),
                app_version: "test".into(),
            },
        )
        .unwrap();
        for (table, rows) in &source {
            writer.begin_table(table).unwrap();
            for row in rows {
                let mut row = row.clone();
                if *table == "contacts" {
                    row["customer_id"] = json!(uuid::Uuid::new_v4());
                }
                writer.row(&row).unwrap();
            }
        }
        writer.finish().unwrap();
        let target = TestApp::spawn(app.engine).await.unwrap();
        let err = service::restore_file(
            &target.state.db,
            &target.state.keyring,
            &path,
            false,
            vec![],
        )
        .await
        .unwrap_err();
        assert!(matches!(err, BackupError::Db(_)), "{err}");
        assert_eq!(
            customers(&target).await,
            0,
            "the target must be left empty, never half"
        );
        target.state.close().await;
    }
);

dual_test!(a_backup_while_another_runs_is_refused, |app| {
    use tillit::features::jobs::lease;
    tillit::features::demo::seed(&app.state.db, 20, 2)
        .await
        .unwrap();
    // Another process (a `tillit backup create`, another replica) holds the backup lease.
    assert!(
        lease::acquire(&app.state.db, service::LEASE, chrono::Duration::minutes(5))
            .await
            .unwrap()
    );
    let err = service::create(&app.state, &Actor::System, BackupKind::Manual, "test")
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Busy), "{err}");
    let file = std::env::temp_dir().join("never-restored.tbk");
    let err = service::restore_file(&app.state.db, &app.state.keyring, &file, true, vec![])
        .await
        .unwrap_err();
    assert!(
        matches!(err, BackupError::Busy),
        "a restore waits too: {err}"
    );
    app.login_admin().await;
    let res = app.gql("mutation { runBackup }", json!({})).await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM backups").await, 0);
    // When it is done, the next one runs.
    lease::release(&app.state.db, service::LEASE).await.unwrap();
    take(&app).await;
});

dual_test!(
    a_drill_fails_on_a_corrupted_copy_and_passes_on_another,
    |app| {
        tillit::features::demo::seed(&app.state.db, 15, 4)
            .await
            .unwrap();
        let older = take(&app).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let newest = take(&app).await;
        // Damage the newest backup's copy on the first disk.
        let damaged = copy_dir(&app, 1).join(&newest.backup.file_name);
        let mut bytes = std::fs::read(&damaged).unwrap();
        let at = bytes.len() / 3;
        bytes[at] ^= 0x40;
        std::fs::write(&damaged, &bytes).unwrap();

        let drills = service::drill(
            &app.state,
            &Actor::System,
            Some("local-1"),
            Some(DrillScenario::CorruptedBackup),
            "test",
        )
        .await
        .unwrap();
        assert_eq!(drills.len(), 2, "{drills:?}");
        assert!(!drills[0].passed);
        assert_eq!(
            drills[0].backup_file.as_deref(),
            Some(newest.backup.file_name.as_str())
        );
        assert!(
            drills[0].checks.to_string().contains("checksum"),
            "{}",
            drills[0].checks
        );
        assert!(drills[1].passed, "{:?}", drills[1]);
        assert_eq!(
            drills[1].backup_file.as_deref(),
            Some(older.backup.file_name.as_str())
        );
        // The damaged copy is marked and the backup no longer counts as complete …
        let status = app
        .scalar("SELECT COUNT(*) FROM backup_copies WHERE status = 'corrupt' AND destination = 'local-1'")
        .await;
        assert_eq!(status, 1);
        // … while the same backup from the second disk passes every check.
        let drills = service::drill(&app.state, &Actor::System, Some("local-2"), None, "test")
            .await
            .unwrap();
        assert_eq!(drills.len(), 1);
        assert!(drills[0].passed, "{:?}", drills[0]);
        assert_eq!(drills[0].scenario, "lost-disk");
        let checks = drills[0].checks.to_string();
        for name in [
            "checksums",
            "restore",
            "row counts",
            "foreign keys",
            "audit hash chain",
            "consent projection",
            "anonymization ledger",
        ] {
            assert!(checks.contains(name), "{name} missing from {checks}");
        }
        // The schedule's retry copies it again from a good copy; then the first disk passes too.
        assert_eq!(service::retry_incomplete(&app.state).await.unwrap(), 1);
        let drills = service::drill(&app.state, &Actor::System, Some("local-1"), None, "test")
            .await
            .unwrap();
        assert!(drills[0].passed, "{:?}", drills[0]);
    }
);

dual_test!(staff_run_backups_and_drills_from_the_web_app, |app| {
    tillit::features::demo::seed(&app.state.db, 10, 6)
        .await
        .unwrap();
    app.login_admin().await;
    const OVERVIEW: &str = "{ backupOverview { running drillRunning offSite scheduled \
        destinations { name kind location lastVerified { fileName } lastCopy { status } } \
        backups { fileName status kind trigger sizeBytes rows copies { destination status } } \
        drills { passed scenario destination backupFile checks { name passed detail } } } }";
    let res = app.gql("mutation { runBackup }", json!({})).await;
    assert_eq!(res["data"]["runBackup"], true, "{res}");
    // A second one while the first runs is refused (or the first has already finished).
    let again = app.gql("mutation { runBackup }", json!({})).await;
    if again["errors"].is_array() {
        assert_eq!(error_code(&again), Some("CONFLICT"), "{again}");
    }
    let overview = poll(&app, OVERVIEW, |o| {
        o["running"] == false && o["backups"][0]["status"] == "complete"
    })
    .await;
    assert_eq!(overview["offSite"], false);
    assert_eq!(overview["destinations"].as_array().unwrap().len(), 3);
    assert_eq!(overview["backups"][0]["trigger"], "user");
    assert_eq!(overview["backups"][0]["kind"], "MANUAL");
    assert!(overview["backups"][0]["rows"].as_f64().unwrap() > 10.0);
    assert!(
        overview["destinations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["lastVerified"]["fileName"].is_string())
    );
    let res = app
        .gql(
            "mutation { runBackupDrill(scenario: LOST_DISK) }",
            json!({}),
        )
        .await;
    assert_eq!(res["data"]["runBackupDrill"], true, "{res}");
    let overview = poll(&app, OVERVIEW, |o| {
        o["drillRunning"] == false && o["drills"].as_array().is_some_and(|d| !d.is_empty())
    })
    .await;
    assert_eq!(overview["drills"][0]["passed"], true, "{overview}");
    assert_eq!(overview["drills"][0]["destination"], "local-2");
    let res = app
        .gql(
            "mutation { runBackupDrill(destination: \"nowhere\") }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res), Some("BAD_USER_INPUT"));
    assert_eq!(common::error_field(&res), Some("destination"));
    // Without an off-site copy there is no lost-data-centre drill to run.
    let res = app
        .gql(
            "mutation { runBackupDrill(scenario: LOST_DATA_CENTRE) }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{res}");
    assert_eq!(common::error_field(&res), Some("scenario"));
    // Staff without the backup right see nothing and start nothing.
    let group = common::create_group(&app, "Sales", &["READ_CUSTOMERS"]).await;
    let sales = common::staff_in(&app, "sales@tillit.test", &[group.as_str()]).await;
    for query in [
        OVERVIEW,
        "mutation { runBackup }",
        "mutation { runBackupDrill }",
    ] {
        let res = app.gql_with(&sales, query, json!({})).await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{query}: {res}");
    }
    // The backup right alone (no administrator) is enough to see them.
    let group = common::create_group(&app, "Operations", &["RUN_BACKUPS"]).await;
    let operator = common::staff_in(&app, "ops@tillit.test", &[group.as_str()]).await;
    let res = app.gql_with(&operator, OVERVIEW, json!({})).await;
    assert!(res["errors"].is_null(), "{res}");
    assert_eq!(
        res["data"]["backupOverview"]["backups"][0]["status"],
        "complete"
    );
});

async fn poll(app: &TestApp, query: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..300 {
        let res = app.gql(query, json!({})).await;
        let overview = res["data"]["backupOverview"].clone();
        assert!(overview.is_object(), "{res}");
        if done(&overview) {
            return overview;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the background job did not finish");
}

/// An S3-compatible server (s3s-fs over a temp directory) on a random loopback port.
async fn s3_server(root: &Path) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    s3_server_on(root, listener).await
}

async fn s3_server_on(root: &Path, listener: tokio::net::TcpListener) -> String {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder;
    use s3s::auth::SimpleAuth;
    use s3s::service::S3ServiceBuilder;
    let fs = s3s_fs::FileSystem::new(root).unwrap();
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single("tillit-test", "tillit-test-secret"));
    let service = builder.build();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            let service = service.clone();
            tokio::spawn(async move {
                let _ = Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    url
}

fn s3_destination(endpoint: &str, bucket: &str) -> DestinationConfig {
    DestinationConfig::S3 {
        name: "off-site".into(),
        endpoint: Some(endpoint.to_owned()),
        bucket: bucket.to_owned(),
        region: Some("eu-north-1".into()),
        prefix: Some("tillit/prod".into()),
        access_key_id: Some("tillit-test".into()),
        secret_access_key: Some("tillit-test-secret".into()),
        allow_http: true,
    }
}

async fn spawn_with_s3(
    engine: Engine,
    local: &Path,
    endpoint: &str,
    bucket: &str,
) -> Option<TestApp> {
    TestApp::spawn_with(
        engine,
        Options {
            backup: BackupConfig {
                destinations: vec![
                    DestinationConfig::Local {
                        name: "disk-a".into(),
                        path: local.to_owned(),
                    },
                    s3_destination(endpoint, bucket),
                ],
                ..BackupConfig::default()
            },
            ..Options::default()
        },
    )
    .await
}

dual_test!(
    the_off_site_copy_goes_to_s3_and_a_lost_data_centre_is_restored_from_it,
    |app| {
        let s3_root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(s3_root.path().join("backups")).unwrap();
        let endpoint = s3_server(s3_root.path()).await;
        let local = tempfile::tempdir().unwrap();
        let Some(app) = spawn_with_s3(app.engine, local.path(), &endpoint, "backups").await else {
            return;
        };
        tillit::features::demo::seed(&app.state.db, 12, 8)
            .await
            .unwrap();
        let before = contents(&app.state.db).await;
        let created = take(&app).await;
        assert_eq!(created.copies.len(), 2);
        let off_site = service::destinations(&app.state.config)
            .unwrap()
            .into_iter()
            .find(|d| d.name == "off-site")
            .unwrap();
        let listed = off_site.list().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].file_name, created.backup.file_name);
        assert_eq!(listed[0].size as i64, created.backup.size_bytes.unwrap());
        // The object store holds ciphertext: no customer name is readable in it.
        let object = s3_root
            .path()
            .join("backups/tillit/prod")
            .join(&created.backup.file_name);
        let stored = std::fs::read(&object).unwrap();
        let name = before.iter().find(|(t, _)| *t == "customers").unwrap().1[0]["display_name"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(!stored.windows(name.len()).any(|w| w == name.as_bytes()));

        let drills = service::drill(
            &app.state,
            &Actor::System,
            None,
            Some(DrillScenario::LostDataCentre),
            "test",
        )
        .await
        .unwrap();
        assert_eq!(drills[0].destination, "off-site");
        assert!(drills[0].passed, "{:?}", drills[0]);

        // The data centre is gone: a new installation restores from the off-site copy alone.
        let empty_local = tempfile::tempdir().unwrap();
        let target = spawn_with_s3(Engine::Sqlite, empty_local.path(), &endpoint, "backups")
            .await
            .unwrap();
        service::restore_from(&target.state, "off-site", None, false)
            .await
            .unwrap();
        assert_same(&before, &contents(&target.state.db).await, "SQLite from S3");
        target.state.close().await;
        app.state.close().await;
    }
);

dual_test!(
    an_unreachable_destination_is_reported_retried_and_completed_later,
    |app| {
        // Nothing listens at the off-site address yet: every upload fails.
        let address = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let endpoint = format!("http://{address}");
        let local = tempfile::tempdir().unwrap();
        let Some(app) = spawn_with_s3(app.engine, local.path(), &endpoint, "later").await else {
            return;
        };
        tillit::features::demo::seed(&app.state.db, 5, 9)
            .await
            .unwrap();
        let created = service::create(&app.state, &Actor::System, BackupKind::Manual, "test")
            .await
            .unwrap();
        assert_eq!(created.backup.status, "incomplete");
        let failed = created
            .copies
            .iter()
            .find(|c| c.destination == "off-site")
            .unwrap();
        assert!(!failed.verified);
        assert_eq!(failed.attempts, 3);
        assert!(
            failed.error.as_deref().unwrap().contains("off-site"),
            "{failed:?}"
        );
        assert!(
            created
                .copies
                .iter()
                .any(|c| c.destination == "disk-a" && c.verified)
        );
        // The store comes back; the schedule's retry completes the backup.
        let s3_root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(s3_root.path().join("later")).unwrap();
        let listener = tokio::net::TcpListener::bind(address).await.unwrap();
        s3_server_on(s3_root.path(), listener).await;
        assert_eq!(service::retry_incomplete(&app.state).await.unwrap(), 1);
        let status = app
            .scalar("SELECT COUNT(*) FROM backups WHERE status = 'complete'")
            .await;
        assert_eq!(status, 1);
        app.state.close().await;
    }
);

dual_test!(
    the_schedule_takes_one_backup_per_slot_even_with_two_replicas_and_prunes_old_ones,
    |app| {
        use tillit::features::backups::schedule;
        let Some(app) = TestApp::spawn_with(
            app.engine,
            Options {
                backup: BackupConfig {
                    hourly_keep: 2,
                    ..BackupConfig::default()
                },
                ..Options::default()
            },
        )
        .await
        else {
            return;
        };
        tillit::features::demo::seed(&app.state.db, 8, 11)
            .await
            .unwrap();
        // Two replicas wake at the same minute: one takes the backup.
        let (a, b) = tokio::join!(schedule::run_due(&app.state), schedule::run_due(&app.state));
        a.unwrap();
        b.unwrap();
        assert_eq!(app.scalar("SELECT COUNT(*) FROM backups").await, 1);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM backups WHERE kind = 'daily' AND status = 'complete'")
                .await,
            1
        );
        // A minute later: the daily backup is also this hour's, so no backup is due; the first
        // drill (due since there is a complete backup) runs.
        schedule::run_due(&app.state).await.unwrap();
        assert_eq!(app.scalar("SELECT COUNT(*) FROM backups").await, 1);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM backup_drills WHERE trigger = 'schedule' AND passed")
                .await,
            1
        );
        let plan = schedule::plan(&app.state.db, &app.state.config.backup)
            .await
            .unwrap();
        let (kind, at) = plan.next_backup.unwrap();
        assert_eq!(kind, BackupKind::Hourly);
        assert!(at > chrono::Utc::now() + chrono::Duration::minutes(59));
        // Retention keeps the newest two hourly backups in every destination.
        let mut hourly = Vec::new();
        for _ in 0..4 {
            let created = service::create(&app.state, &Actor::System, BackupKind::Hourly, "test")
                .await
                .unwrap();
            hourly.push(created.backup.file_name);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(service::prune(&app.state).await.unwrap(), 2);
        for n in 1..=3 {
            let dir = copy_dir(&app, n);
            for (i, name) in hourly.iter().enumerate() {
                assert_eq!(dir.join(name).exists(), i >= 2, "{name} in copy-{n}");
            }
        }
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM backups WHERE status = 'pruned'")
                .await,
            2
        );
        // The metrics say the same to a scraper on this machine.
        let metrics = app
            .client
            .get(format!("{}/metrics", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(metrics.status(), 200);
        let text = metrics.text().await.unwrap();
        assert!(
            text.contains("tillit_backups{status=\"pruned\"} 2"),
            "{text}"
        );
        assert!(text.contains("tillit_backup_drill_last_passed 1"), "{text}");
        assert!(
        text.contains("tillit_backup_last_verified_timestamp_seconds{destination=\"local-3\",kind=\"local\"}"),
        "{text}"
    );
        app.state.close().await;
    }
);

#[tokio::test]
async fn metrics_with_a_token_are_refused_without_it() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Options {
            metrics_token: Some("scrape-me-please".into()),
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let url = format!("{}/metrics", app.url);
    let none = app.client.get(&url).send().await.unwrap();
    assert_eq!(none.status(), 403);
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("scrape-me-not")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let right = app
        .client
        .get(&url)
        .bearer_auth("scrape-me-please")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("tillit_backups{status=\"complete\"} 0")
    );
    app.state.close().await;
}

dual_test!(every_table_is_backed_up_or_deliberately_left_out, |app| {
    let sql = match app.engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'customer_search_%'"
        }
        Engine::Postgres => {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_type = 'BASE TABLE'"
        }
    };
    use sea_orm::ConnectionTrait;
    let rows = app
        .state
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap();
    let backed_up = tables::names();
    for row in rows {
        let table: String = row.try_get_by_index(0).unwrap();
        assert!(
            backed_up.contains(&table.as_str()) || tables::NOT_BACKED_UP.contains(&table.as_str()),
            "table {table} is neither backed up (features::backups::tables) nor listed as left out"
        );
    }
});

dual_test!(
    restoring_an_older_backup_does_not_bring_back_someone_anonymized_since,
    |app| {
        tillit::features::demo::seed(&app.state.db, 12, 21)
            .await
            .unwrap();
        app.login_admin().await;
        let older = take(&app).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        // After the older backup, a customer is anonymized (erasure request) …
        let res = app
            .gql(
                "{ customers(first: 1) { nodes { id number displayName } } }",
                json!({}),
            )
            .await;
        let person = res["data"]["customers"]["nodes"][0].clone();
        let name = person["displayName"].as_str().unwrap().to_owned();
        let res = app
        .gql(
            "mutation($id: ID!, $n: Int!) { anonymizeCustomer(id: $id, confirmNumber: $n) { alreadyAnonymized } }",
            json!({ "id": person["id"], "n": person["number"] }),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        // … and a newer backup records it in its ledger.
        take(&app).await;
        // Disaster: a new installation restores the OLDER backup from the same disk.
        let Some(target) = TestApp::spawn_with(
            app.engine,
            Options {
                backup: BackupConfig {
                    destinations: vec![DestinationConfig::Local {
                        name: "disk".into(),
                        path: copy_dir(&app, 1),
                    }],
                    ..BackupConfig::default()
                },
                ..Options::default()
            },
        )
        .await
        else {
            return;
        };
        let restored =
            service::restore_from(&target.state, "disk", Some(&older.backup.file_name), false)
                .await
                .unwrap();
        assert_eq!(restored.ledger_added, 1);
        assert_eq!(restored.reapplied, 1);
        let back = target
            .scalar(&format!(
                "SELECT COUNT(*) FROM customers WHERE display_name = '{}'",
                name.replace('\'', "''")
            ))
            .await;
        assert_eq!(back, 0, "{name} came back with the older backup");
        assert_eq!(
            target
                .scalar("SELECT COUNT(*) FROM customers WHERE state = 'anonymized'")
                .await,
            1
        );
        // The restore itself is in the restored database's access log.
        assert_eq!(
            target
                .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'backup.restore'")
                .await,
            1
        );
        target.state.close().await;
    }
);

dual_test!(
    the_service_refuses_backups_and_drills_to_actors_without_the_right,
    |app| {
        // The right is checked where the work is done, not only in the GraphQL resolvers.
        let nobody = Actor::Anonymous {
            meta: tillit::features::auth::RequestMeta::default(),
        };
        let err = service::create(&app.state, &nobody, BackupKind::Manual, "test")
            .await
            .unwrap_err();
        assert!(matches!(err, BackupError::Refused(_)), "{err}");
        let err = service::drill(&app.state, &nobody, None, None, "test")
            .await
            .unwrap_err();
        assert!(matches!(err, BackupError::Refused(_)), "{err}");
        assert!(
            tillit::features::backups::jobs::start_backup(&app.state, &nobody)
                .await
                .is_err()
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM backups").await, 0);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM backup_drills").await, 0);
    }
);
