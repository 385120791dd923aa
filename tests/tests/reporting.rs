//! The reporting walk: `reportCustomers` pages through every customer a reporting tool may see,
//! by number, with keyset cursors — each customer once, customers added during the walk included,
//! need-to-know applied, nested contacts and consents in the same answer, every page logged.

mod common;

use common::*;
use serde_json::{Value, json};

const WALK: &str = "query($first: Int, $after: String, $archived: Boolean = false) { reportCustomers(first: $first, after: $after, includeArchived: $archived) { nodes { number displayName state contacts { name consents { purpose { key } status } } } pageInfo { hasNextPage hasPreviousPage endCursor } } }";

/// Every page of the walk from the start, `first` at a time: (numbers, names, contacts' consents).
async fn walk(
    app: &TestApp,
    client: &reqwest::Client,
    first: i64,
    archived: bool,
) -> (Vec<i64>, usize, Vec<Value>) {
    let mut numbers = Vec::new();
    let mut pages = 0;
    let mut contacts = Vec::new();
    let mut after = Value::Null;
    loop {
        let res = app
            .gql_with(
                client,
                WALK,
                json!({ "first": first, "after": after, "archived": archived }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        let page = &res["data"]["reportCustomers"];
        pages += 1;
        assert_eq!(page["pageInfo"]["hasPreviousPage"], pages > 1, "{page}");
        for node in page["nodes"].as_array().unwrap() {
            numbers.push(node["number"].as_i64().unwrap());
            contacts.extend(node["contacts"].as_array().unwrap().iter().cloned());
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return (numbers, pages, contacts);
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

dual_test!(
    a_reporting_key_walks_every_visible_customer_once_with_contacts_and_consents,
    |app| {
        app.login_admin().await;
        let mut numbers = Vec::new();
        let mut ids = Vec::new();
        for name in ["Berg AB", "Alm AB", "Ceder AB", "Dal AB", "Ek AB"] {
            let c = create_customer(&app, business(name)).await;
            numbers.push(c["number"].as_i64().unwrap());
            ids.push(c["id"].as_str().unwrap().to_owned());
        }
        let anna = create_contact(
            &app,
            &ids[0],
            json!({ "name": "Anna Berg", "email": "anna@berg.example" }),
        )
        .await;
        let purposes = app.gql("{ consentPurposes { id key } }", json!({})).await;
        let newsletter = purposes["data"]["consentPurposes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "newsletter")
            .unwrap()["id"]
            .clone();
        let res = app
            .gql(
                "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
                json!({ "c": ids[0], "i": { "changes": [{ "contactId": anna["id"], "purposeId": newsletter, "decision": "GRANTED" }], "source": "PAPER_FORM", "evidence": "Signed form" } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        // Dal AB is restricted to a group the key is not in; Ek AB is archived.
        let group = create_group(&app, "Styrelsen", &["READ_CUSTOMERS"]).await;
        restrict_new_customer(&app, &ids[3], &[&group]).await;
        archive_new_customer(&app, &ids[4]).await;

        let (_, secret) =
            create_api_key(&app, "BI", &["REPORTS_READ", "CUSTOMERS_READ"], &[]).await;
        let bi = key_client(&secret);
        let audited_before = app
            .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'customer.report.list'")
            .await;

        // By number, two at a time: the three visible active customers, once each.
        let (walked, pages, contacts) = walk(&app, &bi, 2, false).await;
        assert_eq!(walked, vec![numbers[0], numbers[1], numbers[2]]);
        assert_eq!(pages, 2);
        let anna_seen = contacts
            .iter()
            .find(|c| c["name"] == "Anna Berg")
            .unwrap_or_else(|| panic!("{contacts:?}"));
        let statuses: Vec<(&str, &str)> = anna_seen["consents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["purpose"]["key"].as_str().unwrap(),
                    c["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert!(
            statuses.contains(&("newsletter", "GRANTED")),
            "{statuses:?}"
        );
        assert!(statuses.contains(&("sms", "NOT_ASKED")), "{statuses:?}");
        // Every page is in the access log, with the customers it showed.
        let audited = app
            .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'customer.report.list'")
            .await;
        assert_eq!(audited - audited_before, 2);

        // With the archived ones: Ek AB too; the administrator also sees Dal AB.
        let (walked, _, _) = walk(&app, &bi, 2, true).await;
        assert_eq!(walked, vec![numbers[0], numbers[1], numbers[2], numbers[4]]);
        let admin = app.client.clone();
        let (walked, _, _) = walk(&app, &admin, 10, false).await;
        assert_eq!(walked, vec![numbers[0], numbers[1], numbers[2], numbers[3]]);

        // A customer created in the middle of a walk is not skipped: the cursor is a number.
        let first = app
            .gql_with(&bi, WALK, json!({ "first": 2, "archived": false }))
            .await;
        let cursor = first["data"]["reportCustomers"]["pageInfo"]["endCursor"].clone();
        let late = create_customer(&app, business("Fur AB")).await;
        let rest = app
            .gql_with(
                &bi,
                WALK,
                json!({ "first": 10, "after": cursor, "archived": false }),
            )
            .await;
        let rest: Vec<i64> = rest["data"]["reportCustomers"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{rest}"))
            .iter()
            .map(|n| n["number"].as_i64().unwrap())
            .collect();
        assert_eq!(rest, vec![numbers[2], late["number"].as_i64().unwrap()]);
    }
);

dual_test!(
    the_walk_refuses_keys_without_the_scopes_and_bad_paging,
    |app| {
        app.login_admin().await;
        let customer = create_customer(&app, business("Gran AB")).await;
        create_contact(
            &app,
            customer["id"].as_str().unwrap(),
            json!({ "name": "Gun Gran" }),
        )
        .await;

        // A webshop key may not walk the customers at all.
        let (_, webshop) = create_api_key(&app, "Webshop", &["CONSENT_READ"], &[]).await;
        let res = app
            .gql_with(&key_client(&webshop), WALK, json!({ "first": 5 }))
            .await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
        assert!(res["data"].is_null() || res["data"]["reportCustomers"].is_null());

        // `reports:read` alone: the customers, but not their contacts (a customer read).
        let (_, reports) = create_api_key(&app, "Reports", &["REPORTS_READ"], &[]).await;
        let reports = key_client(&reports);
        let res = app
            .gql_with(
                &reports,
                "query { reportCustomers(first: 5) { nodes { number } } }",
                json!({}),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        assert_eq!(
            res["data"]["reportCustomers"]["nodes"][0]["number"],
            customer["number"]
        );
        let res = app.gql_with(&reports, WALK, json!({ "first": 5 })).await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");

        // Signed out: nothing.
        let res = app
            .gql_with(&app.new_client(), WALK, json!({ "first": 5 }))
            .await;
        assert_eq!(error_code(&res), Some("UNAUTHENTICATED"), "{res}");

        // Paging mistakes are input errors on their argument, not server errors.
        for (variables, field) in [
            (json!({ "first": 1001 }), "first"),
            (json!({ "first": -1 }), "first"),
            (json!({ "first": 5, "after": "not a cursor" }), "after"),
            (json!({ "first": 5, "after": "x".repeat(10_000) }), "after"),
        ] {
            let res = app.gql(WALK, variables.clone()).await;
            assert_eq!(
                error_code(&res),
                Some("BAD_USER_INPUT"),
                "{variables} {res}"
            );
            assert_eq!(error_field(&res), Some(field), "{res}");
        }
        // A cursor past the end is an empty last page.
        let all = app.gql(WALK, json!({ "first": 1000 })).await;
        let end = all["data"]["reportCustomers"]["pageInfo"]["endCursor"].clone();
        let past = app.gql(WALK, json!({ "first": 5, "after": end })).await;
        assert_eq!(
            past["data"]["reportCustomers"]["nodes"],
            json!([]),
            "{past}"
        );
        assert_eq!(
            past["data"]["reportCustomers"]["pageInfo"]["hasNextPage"],
            false
        );
    }
);
