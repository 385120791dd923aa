//! Customer search: any fragment of name, number, e-mail, phone or identity number, in the
//! customer or its contacts; case- and accent-insensitive; best matches first; paged.

mod common;

use common::*;
use serde_json::json;

async fn seed(app: &TestApp) -> (String, String) {
    app.login_admin().await;
    let björn = create_customer(
        app,
        json!({ "kind": "PRIVATE", "firstName": "Björn", "lastName": "Åström", "phone": "070-765 43 21",
                "identityNumber": "811218-9876", "email": "bjorn@example.se" }),
    )
    .await;
    create_customer(
        app,
        json!({ "kind": "PRIVATE", "country": "NO", "firstName": "Øystein", "lastName": "Sørensen",
                "phone": "912 34 567" }),
    )
    .await;
    let shop = create_customer(app, business("Ærlig Handel AB")).await;
    create_contact(
        app,
        shop["id"].as_str().unwrap(),
        json!({ "name": "Kari Nordmann", "email": "kari.nordmann@aerlig.no", "phone": "+47 40 00 00 01" }),
    )
    .await;
    (
        björn["number"].to_string(),
        shop["id"].as_str().unwrap().to_owned(),
    )
}

dual_test!(finds_by_any_fragment_without_case_or_accents, |app| {
    let (björn_number, _) = seed(&app).await;
    assert_eq!(search_names(&app, "björn").await, vec!["Björn Åström"]);
    assert_eq!(search_names(&app, "BJORN").await, vec!["Björn Åström"]);
    assert_eq!(search_names(&app, "astr").await, vec!["Björn Åström"]);
    assert_eq!(
        search_names(&app, "ÅSTRÖM björn").await,
        vec!["Björn Åström"]
    );
    assert_eq!(search_names(&app, "sorens").await, vec!["Øystein Sørensen"]);
    assert_eq!(
        search_names(&app, "Sørensen").await,
        vec!["Øystein Sørensen"]
    );
    assert_eq!(search_names(&app, "aerlig").await, vec!["Ærlig Handel AB"]);
    assert_eq!(search_names(&app, "ærlig").await, vec!["Ærlig Handel AB"]);
    // Contact person fields find the customer.
    assert_eq!(
        search_names(&app, "nordmann@aer").await,
        vec!["Ærlig Handel AB"]
    );
    assert_eq!(search_names(&app, "kari").await, vec!["Ærlig Handel AB"]);
    // Phones in national or international form, with any punctuation.
    assert_eq!(search_names(&app, "070-765").await, vec!["Björn Åström"]);
    assert_eq!(
        search_names(&app, "46707654321").await,
        vec!["Björn Åström"]
    );
    assert_eq!(
        search_names(&app, "4000 0001").await,
        vec!["Ærlig Handel AB"]
    );
    // Identity numbers with or without the dash; customer number.
    assert_eq!(search_names(&app, "811218-98").await, vec!["Björn Åström"]);
    assert_eq!(
        search_names(&app, "5560360793").await,
        vec!["Ærlig Handel AB"]
    );
    assert_eq!(
        search_names(&app, &björn_number).await,
        vec!["Björn Åström"]
    );
    // Short prefixes search the start of the name.
    assert_eq!(search_names(&app, "øy").await, vec!["Øystein Sørensen"]);
    assert!(search_names(&app, "zzzz-nothing").await.is_empty());
    // Characters with meaning in SQL or FTS syntax are just text.
    for hostile in ["%", "_", "\"", "' OR 1=1 --", "a*", "NEAR(a b)", "\\"] {
        let res = app
            .gql(
                "query($q: String) { customers(search: $q) { nodes { id } } }",
                json!({ "q": hostile }),
            )
            .await;
        assert!(res["errors"].is_null(), "{hostile}: {res}");
    }
});

dual_test!(exact_matches_rank_first, |app| {
    app.login_admin().await;
    for i in 0..5 {
        create_customer(
            &app,
            json!({ "kind": "PRIVATE", "firstName": "Anna", "lastName": format!("Andersson{i}"),
                    "email": format!("anna.andersson{i}@example.se") }),
        )
        .await;
    }
    // "Zeta" sorts last alphabetically but its contact's e-mail is an exact match.
    let zeta = create_customer(&app, business("Zeta AB")).await;
    create_contact(
        &app,
        zeta["id"].as_str().unwrap(),
        json!({ "name": "Anna", "email": "anna.andersson@example.se" }),
    )
    .await;
    let names = search_names(&app, "anna.andersson@example.se").await;
    assert_eq!(names.first().map(String::as_str), Some("Zeta AB"));

    let number = zeta["number"].as_i64().unwrap().to_string();
    assert_eq!(
        search_names(&app, &number)
            .await
            .first()
            .map(String::as_str),
        Some("Zeta AB")
    );
});

dual_test!(pages_through_results, |app| {
    app.login_admin().await;
    for i in 0..7 {
        create_customer(&app, business(&format!("Sidbolaget {i} AB"))).await;
    }
    let q = "query($after: String) { customers(search: \"sidbolaget\", first: 3, after: $after) { nodes { displayName } pageInfo { hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let res = app.gql(q, json!({ "after": after })).await;
        let page = &res["data"]["customers"];
        for n in page["nodes"].as_array().unwrap() {
            seen.push(n["displayName"].as_str().unwrap().to_owned());
        }
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    let expected: Vec<String> = (0..7).map(|i| format!("Sidbolaget {i} AB")).collect();
    assert_eq!(seen, expected);

    let res = app
        .gql(
            "query { customers(first: 101) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&res), Some("first"));
    let res = app
        .gql(
            "query { customers(after: \"garbage\") { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_field(&res), Some("after"));
});

dual_test!(
    edits_are_searchable_at_once_and_old_values_are_gone,
    |app| {
        app.login_admin().await;
        let c = create_customer(&app, business("Gammalt Namn AB")).await;
        let res = app
        .gql(
            "mutation($id: ID!, $i: CustomerInput!) { updateCustomer(id: $id, expectedVersion: 1, input: $i) { id } }",
            json!({ "id": c["id"], "i": business("Nytt Namn AB") }),
        )
        .await;
        assert!(res["errors"].is_null(), "{res}");
        assert!(search_names(&app, "gammalt").await.is_empty());
        assert_eq!(search_names(&app, "nytt namn").await, vec!["Nytt Namn AB"]);
        // Searches are in the access log with the ids they returned.
        let searches = app
            .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'customer.search'")
            .await;
        assert!(searches >= 2);
    }
);

/// The customer numbers of a `customers` page.
fn page_numbers(res: &serde_json::Value) -> Vec<i64> {
    res["data"]["customers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["number"].as_i64().unwrap())
        .collect()
}

/// After `search_doc` was edited in SQL: SQLite's FTS rows follow it (PostgreSQL's trigram index
/// is on the column itself).
async fn refresh_search_index(app: &TestApp) {
    if app.engine == Engine::Sqlite {
        app.exec("DELETE FROM customer_search").await;
        app.exec(
            "INSERT INTO customer_search (rowid, doc) SELECT number, search_doc FROM customers",
        )
        .await;
    }
}

dual_test!(
    common_fragments_page_in_the_same_order_as_rare_ones,
    |app| {
        app.login_admin().await;
        tillit::features::demo::seed(&app.state.db, 2_500, 7)
            .await
            .unwrap();
        // Give every customer a marker term, so it matches more candidates than are sorted in memory
        // and the search walks the name index instead.
        app.exec("UPDATE customers SET search_doc = search_doc || ' | zzqmarker'")
            .await;
        refresh_search_index(&app).await;
        let mut expected: Vec<(String, i64, String)> = Vec::new();
        {
            use sea_orm::{ConnectionTrait, Statement};
            let db = &app.state.db;
            for row in db
                .query_all_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT sort_name, number, search_doc FROM customers WHERE state = 'active'",
                ))
                .await
                .unwrap()
            {
                expected.push((
                    row.try_get_by_index(0).unwrap(),
                    row.try_get_by_index(1).unwrap(),
                    row.try_get_by_index(2).unwrap(),
                ));
            }
        }
        expected.sort();
        let q = "query($after: String) { customers(search: \"zzqmarker\", first: 100, after: $after) { nodes { number } pageInfo { endCursor hasNextPage } } }";
        let mut after = serde_json::Value::Null;
        let mut seen = Vec::new();
        for _ in 0..3 {
            let res = app.gql(q, json!({ "after": after })).await;
            seen.extend(page_numbers(&res));
            let page = &res["data"]["customers"];
            assert_eq!(page["pageInfo"]["hasNextPage"], true);
            after = page["pageInfo"]["endCursor"].clone();
        }
        let want: Vec<i64> = expected.iter().take(300).map(|(_, n, _)| *n).collect();
        assert_eq!(seen, want);
        // A rare term in the same data is sorted in memory, in the same order.
        let (name, _, _) = &expected[1234];
        let first_word = name.split(' ').next().unwrap();
        let res = app
            .gql(
                "query($q: String) { customers(search: $q, first: 100) { nodes { number } } }",
                json!({ "q": name }),
            )
            .await;
        let got = page_numbers(&res);
        // Every customer whose document holds all the words (its own name or a contact's).
        let rare: Vec<i64> = expected
            .iter()
            .filter(|(_, _, doc)| name.split(' ').all(|word| doc.contains(word)))
            .map(|(_, n, _)| *n)
            .collect();
        assert!(!rare.is_empty() && first_word.len() >= 2);
        assert_eq!(
            &got[..rare.len().min(got.len())],
            &rare[..rare.len().min(got.len())]
        );
        // A short word (which the trigram index cannot find) next to the common term: only the
        // customers holding both, alphabetically — checked on every candidate, not by a walk.
        let tagged: Vec<i64> = expected
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 97 == 5)
            .map(|(_, (_, n, _))| *n)
            .collect();
        let list = tagged
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        app.exec(&format!(
            "UPDATE customers SET search_doc = search_doc || ' q7' WHERE number IN ({list})"
        ))
        .await;
        refresh_search_index(&app).await;
        let res = app
            .gql(
                "query { customers(search: \"Q7 zzqmarker\", first: 100) { nodes { number } pageInfo { hasNextPage } } }",
                json!({}),
            )
            .await;
        let got = page_numbers(&res);
        assert!(tagged.len() > 20, "{}", tagged.len());
        assert_eq!(got, tagged);
        assert_eq!(res["data"]["customers"]["pageInfo"]["hasNextPage"], false);
    }
);
