//! The streamed customer export (`GET /exports/customers.ndjson`): every customer a reporting
//! key or staff member may see, one JSON line each in number order, with the same contacts and
//! consent statuses `reportCustomers` answers; chunked and resumable; one access-log row per
//! chunk naming its customers; refusals before the first byte (staff also need
//! `EXPORT_PERSONAL_DATA`).

mod common;

use common::*;
use serde_json::{Value, json};

const WALK: &str = "query($after: String, $archived: Boolean = false) { reportCustomers(first: 1000, after: $after, includeArchived: $archived) { nodes { number displayName contacts { email consents { purpose { key } status } } } pageInfo { hasNextPage endCursor } } }";

/// `GET /exports/customers.ndjson?{query}`: (status, body).
async fn export(app: &TestApp, client: &reqwest::Client, query: &str) -> (u16, String) {
    let res = client
        .get(format!("{}/exports/customers.ndjson?{query}", app.url))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    if status == 200 {
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/x-ndjson"
        );
        assert_eq!(res.headers()["cache-control"].to_str().unwrap(), "no-store");
    }
    (status, res.text().await.unwrap())
}

fn lines(body: &str) -> Vec<Value> {
    body.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// (number, name, [(e-mail, [(purpose, status)])]) of an exported line or a GraphQL node.
fn shape(customer: &Value) -> Value {
    json!([
        customer["number"],
        customer["displayName"],
        customer["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!([
                c["email"],
                c["consents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| json!([
                        s["purpose"].as_str().or(s["purpose"]["key"].as_str()),
                        s["status"]
                    ]))
                    .collect::<Vec<_>>()
            ]))
            .collect::<Vec<_>>()
    ])
}

/// Every node of the `reportCustomers` walk.
async fn walk(app: &TestApp, client: &reqwest::Client, archived: bool) -> Vec<Value> {
    let mut nodes = Vec::new();
    let mut after = Value::Null;
    loop {
        let res = app
            .gql_with(
                client,
                WALK,
                json!({ "after": after, "archived": archived }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        let page = &res["data"]["reportCustomers"];
        nodes.extend(page["nodes"].as_array().unwrap().iter().map(shape));
        if page["pageInfo"]["hasNextPage"] != true {
            return nodes;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

async fn audited(app: &TestApp) -> (i64, i64) {
    let rows = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'customer.export.read'")
        .await;
    let subjects = app
        .scalar(
            "SELECT COUNT(*) FROM audit_subjects s JOIN audit_events e ON e.id = s.event_id \
             WHERE e.action = 'customer.export.read'",
        )
        .await;
    (rows, subjects)
}

dual_test!(
    an_export_streams_what_the_reporting_walk_answers_chunk_by_chunk_and_logs_each_chunk,
    |app| {
        app.login_admin().await;
        tillit::features::demo::seed(&app.state.db, 45, 5)
            .await
            .unwrap();
        let (_, secret) =
            create_api_key(&app, "BI", &["REPORTS_READ", "CUSTOMERS_READ"], &[]).await;
        let bi = key_client(&secret);

        let expected = walk(&app, &bi, false).await;
        assert!(expected.len() > 20, "{}", expected.len());
        let before = audited(&app).await;
        let (status, body) = export(&app, &bi, "chunk=7").await;
        assert_eq!(status, 200, "{body}");
        let exported = lines(&body);
        assert_eq!(
            exported.iter().map(shape).collect::<Vec<_>>(),
            expected,
            "the export and the walk differ"
        );
        // Numbers ascend; every line is a whole customer with its contacts' consent details.
        let numbers: Vec<i64> = exported
            .iter()
            .map(|c| c["number"].as_i64().unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        let with_consents = exported
            .iter()
            .flat_map(|c| c["contacts"].as_array().unwrap())
            .find(|c| {
                c["consents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["status"] == "GRANTED")
            })
            .expect("a contact with a granted consent");
        let granted = with_consents["consents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == "GRANTED")
            .unwrap();
        assert!(granted["changedAt"].is_string(), "{granted}");
        assert!(granted["declarationVersion"].is_i64(), "{granted}");
        assert!(exported[0]["id"].is_string() && exported[0]["kind"].is_string());

        // One access-log row per chunk of 7, naming every exported customer once.
        let after = audited(&app).await;
        let chunks = exported.len().div_ceil(7) as i64;
        assert_eq!(after.0 - before.0, chunks);
        assert_eq!(after.1 - before.1, exported.len() as i64);

        // The default chunk gives the same lines in one row.
        let (_, whole) = export(&app, &bi, "").await;
        assert_eq!(whole, body);
        assert_eq!(audited(&app).await.0 - after.0, 1);

        // Resuming after a number gives the rest.
        let cut = numbers[10];
        let (status, rest) = export(&app, &bi, &format!("after={cut}&chunk=4")).await;
        assert_eq!(status, 200);
        let rest: Vec<i64> = lines(&rest)
            .iter()
            .map(|c| c["number"].as_i64().unwrap())
            .collect();
        assert_eq!(rest, numbers[11..].to_vec());
        // Past the end: an empty export, and nothing logged.
        let logged = audited(&app).await;
        let (status, empty) =
            export(&app, &bi, &format!("after={}", numbers.last().unwrap())).await;
        assert_eq!((status, empty.as_str()), (200, ""));
        assert_eq!(audited(&app).await, logged);
    }
);

dual_test!(
    an_export_shows_only_the_customers_the_caller_may_see,
    |app| {
        app.login_admin().await;
        let mut ids = Vec::new();
        let mut numbers = Vec::new();
        for name in ["Alm AB", "Björk AB", "Ceder AB", "Dal AB"] {
            let c = create_customer(&app, business(name)).await;
            ids.push(c["id"].as_str().unwrap().to_owned());
            numbers.push(c["number"].as_i64().unwrap());
        }
        create_contact(
            &app,
            &ids[0],
            json!({ "name": "Anna Alm", "email": "anna@alm.example" }),
        )
        .await;
        // Björk AB is restricted to Styrelsen; Ceder AB is archived.
        let group = create_group(&app, "Styrelsen", &["READ_CUSTOMERS"]).await;
        restrict_new_customer(&app, &ids[1], &[&group]).await;
        archive_new_customer(&app, &ids[2]).await;
        let numbers_of = |body: &str| -> Vec<i64> {
            lines(body)
                .iter()
                .map(|c| c["number"].as_i64().unwrap())
                .collect()
        };

        let (_, secret) =
            create_api_key(&app, "BI", &["REPORTS_READ", "CUSTOMERS_READ"], &[]).await;
        let bi = key_client(&secret);
        let (_, body) = export(&app, &bi, "").await;
        assert_eq!(numbers_of(&body), vec![numbers[0], numbers[3]]);
        let (_, body) = export(&app, &bi, "includeArchived=true").await;
        assert_eq!(numbers_of(&body), vec![numbers[0], numbers[2], numbers[3]]);
        let exported = lines(&body);
        assert_eq!(exported[1]["state"], "ARCHIVED");
        assert_eq!(exported[0]["contacts"][0]["email"], "anna@alm.example");

        // A key in the group sees the restricted customer too.
        let (_, secret) = create_api_key(
            &app,
            "BI board",
            &["REPORTS_READ", "CUSTOMERS_READ"],
            &[&group],
        )
        .await;
        let (_, body) = export(&app, &key_client(&secret), "").await;
        assert_eq!(numbers_of(&body), vec![numbers[0], numbers[1], numbers[3]]);

        // Staff sessions export with a plain GET; a member of no group does not see Björk AB.
        let (status, body) = export(&app, &app.client, "").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(numbers_of(&body), vec![numbers[0], numbers[1], numbers[3]]);
        let reader =
            create_group(&app, "Säljare", &["READ_CUSTOMERS", "EXPORT_PERSONAL_DATA"]).await;
        let seller = staff_in(&app, "seller@example.se", &[&reader]).await;
        let (status, body) = export(&app, &seller, "").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(numbers_of(&body), vec![numbers[0], numbers[3]]);
    }
);

dual_test!(an_export_refuses_before_the_first_byte, |app| {
    app.login_admin().await;
    create_customer(&app, business("Gran AB")).await;
    let refused = |status: u16, body: &str| -> (u16, Option<String>, Option<String>) {
        let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
        (
            status,
            error_code(&v).map(str::to_owned),
            error_field(&v).map(str::to_owned),
        )
    };
    let denied_before = app
            .scalar(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'customer.export.read' AND outcome = 'denied'",
            )
            .await;

    // Signed out, a malformed Authorization header, an unknown key.
    let (status, body) = export(&app, &app.new_client(), "").await;
    assert_eq!(
        refused(status, &body),
        (401, Some("UNAUTHENTICATED".into()), None)
    );
    let (status, body) = export(&app, &key_client("not-a-key"), "").await;
    assert_eq!(status, 401, "{body}");

    // A webshop key, and a reports key without customers:read (contacts are customer data).
    for scopes in [
        &["CONSENT_READ"][..],
        &["REPORTS_READ"][..],
        &["CUSTOMERS_READ"][..],
    ] {
        let (_, secret) = create_api_key(&app, "Other", scopes, &[]).await;
        let (status, body) = export(&app, &key_client(&secret), "").await;
        assert_eq!(
            refused(status, &body),
            (403, Some("FORBIDDEN".into()), None),
            "{scopes:?}"
        );
    }
    // Staff without the right to read customers, and staff who may read them but not export
    // personal data (as for the consent list's CSV).
    let nothing = create_group(&app, "Kassa", &[]).await;
    let cashier = staff_in(&app, "cashier@example.se", &[&nothing]).await;
    let (status, body) = export(&app, &cashier, "").await;
    assert_eq!(
        refused(status, &body),
        (403, Some("FORBIDDEN".into()), None)
    );
    let readers = create_group(&app, "Läsare", &["READ_CUSTOMERS"]).await;
    let reader = staff_in(&app, "reader@example.se", &[&readers]).await;
    let (status, body) = export(&app, &reader, "").await;
    assert_eq!(
        refused(status, &body),
        (403, Some("FORBIDDEN".into()), None)
    );
    let denied = app
            .scalar(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'customer.export.read' AND outcome = 'denied'",
            )
            .await;
    assert_eq!(denied - denied_before, 5, "every refused export is logged");

    // Bad parameters name the parameter.
    let (_, secret) = create_api_key(&app, "BI", &["REPORTS_READ", "CUSTOMERS_READ"], &[]).await;
    let bi = key_client(&secret);
    let long = "9".repeat(5_000);
    for (query, field) in [
        ("chunk=0", "chunk"),
        ("chunk=10001", "chunk"),
        ("chunk=ten", "chunk"),
        ("chunk=-5", "chunk"),
        ("after=abc", "after"),
        (long.as_str(), "after"),
        ("includeArchived=maybe", "includeArchived"),
        ("limit=5", "limit"),
    ] {
        let query = if query == long {
            format!("after={long}")
        } else {
            query.to_owned()
        };
        let (status, body) = export(&app, &bi, &query).await;
        assert_eq!(
            refused(status, &body),
            (400, Some("BAD_USER_INPUT".into()), Some(field.into())),
            "{query}"
        );
    }
    // Only GET.
    let res = bi
        .post(format!("{}/exports/customers.ndjson", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
});
