//! Access groups and need-to-know: rights from groups, customers restricted to groups and hidden
//! from everyone else on every path (search shapes, card, nested fields, contacts, edits),
//! permission changes on the next request, and no way to hand out a right you do not hold.

mod common;

use common::*;
use serde_json::{Value, json};

const NORTH: &str = "north@tillit.test";
const SOUTH: &str = "south@tillit.test";

async fn search_with(app: &TestApp, client: &reqwest::Client, term: Option<&str>) -> Value {
    app.gql_with(
        client,
        "query($q: String) { customers(search: $q, first: 100) { nodes { id displayName } } }",
        json!({ "q": term }),
    )
    .await
}

fn names(res: &Value) -> Vec<String> {
    res["data"]["customers"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("search failed: {res}"))
        .iter()
        .map(|n| n["displayName"].as_str().unwrap().to_owned())
        .collect()
}

async fn restrict(app: &TestApp, customer: &Value, groups: &[&str]) -> Value {
    let res = app
        .gql(
            "mutation($id: ID!, $v: Int!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: $v, groupIds: $g) { id version accessGroups { id name } } }",
            json!({ "id": customer["id"], "v": customer["version"], "g": groups }),
        )
        .await;
    assert!(res["errors"].is_null(), "setCustomerGroups failed: {res}");
    res["data"]["setCustomerGroups"].clone()
}

dual_test!(users_in_different_groups_see_different_customers, |app| {
    app.login_admin().await;
    let rights = ["READ_CUSTOMERS", "EDIT_CUSTOMERS"];
    let north = create_group(&app, "North", &rights).await;
    let south = create_group(&app, "South", &rights).await;
    let shared = create_customer(&app, business("Shared Secretariat AB")).await;
    // Restricted at creation …
    let res = app
        .gql(
            "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id number version accessGroups { name } } }",
            json!({ "i": business("Nordic Secret AB"), "g": [north] }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let nordic = res["data"]["createCustomer"].clone();
    assert_eq!(nordic["accessGroups"], json!([{ "name": "North" }]));
    // … and afterwards.
    let southern = create_customer(&app, business("Southern Secret AB")).await;
    let southern = restrict(&app, &southern, &[&south]).await;
    assert_eq!(southern["accessGroups"][0]["name"], "South");
    let southern_contact = create_contact(
        &app,
        southern["id"].as_str().unwrap(),
        json!({ "name": "Sune Söder", "email": "sune@soder.example" }),
    )
    .await;
    let southern_number = app
        .gql(
            "query($id: ID!) { customer(id: $id) { number } }",
            json!({ "id": southern["id"] }),
        )
        .await["data"]["customer"]["number"]
        .as_i64()
        .unwrap();

    let n = staff_in(&app, NORTH, &[&north]).await;
    let s = staff_in(&app, SOUTH, &[&south]).await;

    // Every search shape: trigram candidates, listing, prefix, exact number, exact contact e-mail.
    assert_eq!(
        names(&search_with(&app, &n, Some("secret")).await),
        vec!["Nordic Secret AB", "Shared Secretariat AB"]
    );
    assert_eq!(
        names(&search_with(&app, &s, Some("secret")).await),
        vec!["Shared Secretariat AB", "Southern Secret AB"]
    );
    assert_eq!(names(&search_with(&app, &n, None).await).len(), 2);
    assert_eq!(names(&search_with(&app, &s, None).await).len(), 2);
    assert_eq!(names(&search_with(&app, &app.client, None).await).len(), 3);
    assert_eq!(
        names(&search_with(&app, &n, Some("so")).await),
        Vec::<String>::new()
    );
    assert_eq!(
        names(&search_with(&app, &s, Some("so")).await),
        vec!["Southern Secret AB"]
    );
    let number = southern_number.to_string();
    assert!(names(&search_with(&app, &n, Some(&number)).await).is_empty());
    assert_eq!(
        names(&search_with(&app, &s, Some(&number)).await),
        vec!["Southern Secret AB"]
    );
    assert!(names(&search_with(&app, &n, Some("sune@soder.example")).await).is_empty());

    // The card, its nested contacts, and every edit path answer as if the customer did not exist.
    let card = "query($id: ID!) { customer(id: $id) { displayName contacts { name } accessGroups { name } } }";
    let res = app
        .gql_with(&n, card, json!({ "id": southern["id"] }))
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    assert!(res["data"].is_null(), "{res}");
    let res = app
        .gql_with(&s, card, json!({ "id": southern["id"] }))
        .await;
    assert_eq!(res["data"]["customer"]["contacts"][0]["name"], "Sune Söder");
    let unknown = app
        .gql_with(
            &n,
            card,
            json!({ "id": "00000000-0000-7000-8000-000000000000" }),
        )
        .await;
    assert_eq!(res["errors"], Value::Null);
    assert_eq!(
        unknown["errors"][0]["message"],
        app.gql_with(&n, card, json!({ "id": southern["id"] }))
            .await["errors"][0]["message"],
        "a hidden customer must look exactly like an unknown one"
    );
    for (op, vars) in [
        (
            "mutation($id: ID!, $i: CustomerInput!) { updateCustomer(id: $id, expectedVersion: 2, input: $i) { id } }",
            json!({ "id": southern["id"], "i": business("Taken Over AB") }),
        ),
        (
            "mutation($id: ID!) { archiveCustomer(id: $id, expectedVersion: 2) { id } }",
            json!({ "id": southern["id"] }),
        ),
        (
            "mutation($id: ID!) { setCustomerGroups(id: $id, expectedVersion: 2, groupIds: []) { id } }",
            json!({ "id": southern["id"] }),
        ),
        (
            "mutation($id: ID!) { createContact(customerId: $id, input: { name: \"Spy\" }) { id } }",
            json!({ "id": southern["id"] }),
        ),
        (
            "mutation($id: ID!) { updateContact(id: $id, expectedVersion: 1, input: { name: \"Spy\" }) { id } }",
            json!({ "id": southern_contact["id"] }),
        ),
        (
            "mutation($id: ID!) { archiveContact(id: $id, expectedVersion: 1) { id } }",
            json!({ "id": southern_contact["id"] }),
        ),
    ] {
        let res = app.gql_with(&n, op, vars).await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{op}: {res}");
    }
    let res = app.gql(card, json!({ "id": southern["id"] })).await;
    assert_eq!(res["data"]["customer"]["displayName"], "Southern Secret AB");
    assert_eq!(res["data"]["customer"]["contacts"][0]["name"], "Sune Söder");

    // The shared customer is editable by both.
    let res = app
        .gql_with(
            &n,
            "mutation($id: ID!) { createContact(customerId: $id, input: { name: \"Nora Norr\" }) { id } }",
            json!({ "id": shared["id"] }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");

    // A member may add or remove only their own groups.
    let res = app
        .gql_with(
            &n,
            "mutation($id: ID!, $g: [ID!]!) { setCustomerGroups(id: $id, expectedVersion: 1, groupIds: $g) { id } }",
            json!({ "id": shared["id"], "g": [south] }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app
        .gql_with(
            &n,
            "mutation($id: ID!, $v: Int!) { setCustomerGroups(id: $id, expectedVersion: $v, groupIds: []) { id accessGroups { id } } }",
            json!({ "id": nordic["id"], "v": nordic["version"] }),
        )
        .await;
    assert_eq!(
        res["data"]["setCustomerGroups"]["accessGroups"],
        json!([]),
        "{res}"
    );
    assert_eq!(
        names(&search_with(&app, &s, Some("secret")).await),
        vec![
            "Nordic Secret AB",
            "Shared Secretariat AB",
            "Southern Secret AB"
        ]
    );

    // Permission changes take effect on the next request.
    set_groups_of(&app, NORTH, &[]).await;
    let res = search_with(&app, &n, Some("secret")).await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let me = app
        .gql_with(&n, "{ me { rights groupIds } }", json!({}))
        .await;
    assert_eq!(me["data"]["me"], json!({ "rights": [], "groupIds": [] }));
});

dual_test!(
    a_common_term_walks_the_name_index_without_hidden_customers,
    |app| {
        app.login_admin().await;
        tillit::features::demo::seed(&app.state.db, 2_500, 11)
            .await
            .unwrap();
        // Every customer matches the marker, so the search walks the name index (the dense path).
        app.exec("UPDATE customers SET search_doc = search_doc || ' | zzqmarker'")
            .await;
        if app.engine == Engine::Sqlite {
            app.exec("DELETE FROM customer_search").await;
            app.exec(
                "INSERT INTO customer_search (rowid, doc) SELECT number, search_doc FROM customers",
            )
            .await;
        }
        let first_page = "query { customers(search: \"zzqmarker\", first: 5) { nodes { id version displayName } } }";
        let admin_page = app.gql(first_page, json!({})).await["data"]["customers"]["nodes"].clone();
        let hidden = admin_page[0].clone();
        let secret = create_group(&app, "Secret", &["READ_CUSTOMERS"]).await;
        let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
        restrict(&app, &hidden, &[&secret]).await;
        let reader = staff_in(&app, NORTH, &[&readers]).await;
        let page = app.gql_with(&reader, first_page, json!({})).await;
        let nodes = page["data"]["customers"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), 5, "{page}");
        assert!(nodes.iter().all(|n| n["id"] != hidden["id"]), "{page}");
        assert_eq!(nodes[0]["id"], admin_page[1]["id"]);
        // The admin still sees it first.
        let again = app.gql(first_page, json!({})).await;
        assert_eq!(again["data"]["customers"]["nodes"][0]["id"], hidden["id"]);
    }
);

dual_test!(groups_cannot_hand_out_rights_their_manager_lacks, |app| {
    app.login_admin().await;
    let managers = create_group(&app, "User managers", &["MANAGE_USERS", "READ_CUSTOMERS"]).await;
    let auditors = create_group(&app, "Auditors", &["READ_AUDIT_LOG"]).await;
    let m = staff_in(&app, "manager@tillit.test", &[&managers]).await;
    let create = "mutation($i: AccessGroupInput!) { createAccessGroup(input: $i) { id name rights version } }";

    // Within their own rights: fine.
    let res = app
        .gql_with(
            &m,
            create,
            json!({ "i": { "name": "Front desk", "rights": ["READ_CUSTOMERS"] } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let front_desk = res["data"]["createAccessGroup"].clone();

    // Beyond them: refused, also by editing or by joining a more powerful group.
    let res = app
        .gql_with(
            &m,
            create,
            json!({ "i": { "name": "Auditors 2", "rights": ["READ_AUDIT_LOG"] } }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let res = app
        .gql_with(
            &m,
            "mutation($id: ID!, $i: AccessGroupInput!) { updateAccessGroup(id: $id, expectedVersion: 1, input: $i) { id } }",
            json!({ "id": front_desk["id"], "i": { "name": "Front desk", "rights": ["READ_CUSTOMERS", "RUN_BACKUPS"] } }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    let me = user_id(&app, "manager@tillit.test").await;
    let res = app
        .gql_with(
            &m,
            "mutation($u: ID!, $g: [ID!]!) { setUserGroups(userId: $u, groupIds: $g) { id } }",
            json!({ "u": me, "g": [managers, auditors] }),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    // Administrators stay out of reach.
    let admin = user_id(&app, ADMIN_EMAIL).await;
    for op in [
        "mutation($u: ID!) { setUserAdmin(userId: $u, isAdmin: true) { id } }",
        "mutation($u: ID!) { setUserActive(userId: $u, active: false) { id } }",
        "mutation($u: ID!) { resetUserMfa(userId: $u) }",
        "mutation($u: ID!) { endUserSessions(userId: $u) }",
        "mutation($u: ID!) { setUserGroups(userId: $u, groupIds: []) { id } }",
    ] {
        let target = if op.contains("isAdmin") { &me } else { &admin };
        let res = app.gql_with(&m, op, json!({ "u": target })).await;
        assert_eq!(error_code(&res), Some("FORBIDDEN"), "{op}: {res}");
    }
    // … also their sessions, answered like an unknown session.
    let admin_session =
        app.gql("{ mySessions { id } }", json!({})).await["data"]["mySessions"][0]["id"].clone();
    let res = app
        .gql_with(
            &m,
            "mutation($id: ID!) { endSession(id: $id) }",
            json!({ "id": admin_session }),
        )
        .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
    assert!(app.gql("{ me { id } }", json!({})).await["errors"].is_null());
    let res = app
        .gql_with(
            &m,
            "mutation { createUser(input: { email: \"boss@tillit.test\", name: \"Boss\", password: \"a long and unguessable passphrase\", isAdmin: true }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");
    // Their own user administration works.
    let res = app
        .gql_with(
            &m,
            "mutation { createUser(input: { email: \"clerk@tillit.test\", name: \"Clerk\", password: \"a long and unguessable passphrase\" }) { id } }",
            json!({}),
        )
        .await;
    let clerk = res["data"]["createUser"]["id"].clone();
    let res = app
        .gql_with(
            &m,
            "mutation($u: ID!, $g: [ID!]!) { setUserGroups(userId: $u, groupIds: $g) { groups { name } } }",
            json!({ "u": clerk, "g": [front_desk["id"]] }),
        )
        .await;
    assert_eq!(
        res["data"]["setUserGroups"]["groups"],
        json!([{ "name": "Front desk" }]),
        "{res}"
    );
    let groups = app
        .gql_with(&m, "{ accessGroups { name members { email } } }", json!({}))
        .await;
    assert_eq!(
        groups["data"]["accessGroups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["Auditors", "Front desk", "User managers"]
    );
    // Someone outside user management sees only their own groups.
    let clerk_client = app.new_client();
    app.login_as(
        &clerk_client,
        "clerk@tillit.test",
        "a long and unguessable passphrase",
    )
    .await;
    let groups = app
        .gql_with(&clerk_client, "{ accessGroups { name } }", json!({}))
        .await;
    assert_eq!(
        groups["data"]["accessGroups"],
        json!([{ "name": "Front desk" }])
    );
});

dual_test!(
    group_input_is_validated_and_deletion_is_refused_while_it_restricts,
    |app| {
        app.login_admin().await;
        let create =
            "mutation($i: AccessGroupInput!) { createAccessGroup(input: $i) { id version } }";
        for (input, code, field) in [
            (
                json!({ "name": "  ", "rights": [] }),
                "BAD_USER_INPUT",
                "name",
            ),
            (
                json!({ "name": "x".repeat(101), "rights": [] }),
                "BAD_USER_INPUT",
                "name",
            ),
            (
                json!({ "name": "Ok", "description": "d".repeat(1001), "rights": [] }),
                "BAD_USER_INPUT",
                "description",
            ),
        ] {
            let res = app.gql(create, json!({ "i": input })).await;
            assert_eq!(error_code(&res), Some(code), "{res}");
            assert_eq!(error_field(&res), Some(field), "{res}");
        }
        // A right outside the allowlist is refused by the schema itself.
        let res = app
            .gql(
                create,
                json!({ "i": { "name": "Ok", "rights": ["DELETE_EVERYTHING"] } }),
            )
            .await;
        assert!(res["errors"].is_array() && res["data"].is_null(), "{res}");

        let team = create_group(&app, "Team", &["READ_CUSTOMERS"]).await;
        let res = app
            .gql(create, json!({ "i": { "name": "Team", "rights": [] } }))
            .await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        assert_eq!(error_field(&res), Some("name"), "{res}");
        let update = "mutation($id: ID!, $v: Int!) { updateAccessGroup(id: $id, expectedVersion: $v, input: { name: \"Team A\", rights: [READ_CUSTOMERS] }) { version } }";
        let res = app.gql(update, json!({ "id": team, "v": 1 })).await;
        assert_eq!(res["data"]["updateAccessGroup"]["version"], 2, "{res}");
        let res = app.gql(update, json!({ "id": team, "v": 1 })).await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        assert_eq!(error_field(&res), Some("expectedVersion"), "{res}");

        let set_groups =
            "mutation($u: ID!, $g: [ID!]!) { setUserGroups(userId: $u, groupIds: $g) { id } }";
        let admin = user_id(&app, ADMIN_EMAIL).await;
        for (groups, field) in [
            (json!(["00000000-0000-7000-8000-000000000000"]), "groupIds"),
            (json!(["not-an-id"]), "groupIds"),
        ] {
            let res = app
                .gql(set_groups, json!({ "u": admin, "g": groups }))
                .await;
            assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{res}");
            assert_eq!(error_field(&res), Some(field), "{res}");
        }
        let res = app
            .gql(
                set_groups,
                json!({ "u": "00000000-0000-7000-8000-000000000000", "g": [] }),
            )
            .await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");

        let customer = create_customer(&app, business("Restricted AB")).await;
        let customer = restrict(&app, &customer, &[&team]).await;
        set_groups_of(&app, ADMIN_EMAIL, &[&team]).await;
        let delete = "mutation($id: ID!) { deleteAccessGroup(id: $id) }";
        let res = app.gql(delete, json!({ "id": team })).await;
        assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
        assert_eq!(error_field(&res), Some("id"), "{res}");
        let groups = app
            .gql(
                "{ accessGroups { restrictedCustomerCount members { email } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            groups["data"]["accessGroups"][0]["restrictedCustomerCount"],
            1
        );
        // Lifting the restriction makes it deletable; memberships go with it.
        restrict(&app, &customer, &[]).await;
        let res = app.gql(delete, json!({ "id": team })).await;
        assert_eq!(res["data"]["deleteAccessGroup"], true, "{res}");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM group_members").await, 0);
        let res = app.gql(delete, json!({ "id": team })).await;
        assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");
        // The deletion is in the log, with the former members.
        let log = app
        .gql(
            "{ auditEvents(filter: { action: \"access_group.delete\" }) { nodes { entityId details } } }",
            json!({}),
        )
        .await;
        assert_eq!(
            log["data"]["auditEvents"]["nodes"][0]["entityId"],
            json!(team)
        );
        assert_eq!(
            log["data"]["auditEvents"]["nodes"][0]["details"]["memberIds"],
            json!([admin])
        );
    }
);

dual_test!(the_access_log_answers_who_saw_a_customer, |app| {
    app.login_admin().await;
    let readers = create_group(&app, "Readers", &["READ_CUSTOMERS"]).await;
    let auditors = create_group(&app, "Auditors", &["READ_AUDIT_LOG"]).await;
    let customer = create_customer(&app, business("Watched AB")).await;
    let other = create_customer(&app, business("Other AB")).await;
    let reader = staff_in(&app, NORTH, &[&readers]).await;
    let auditor = staff_in(&app, "auditor@tillit.test", &[&auditors]).await;
    let reader_id = user_id(&app, NORTH).await;

    app.gql_with(
        &reader,
        "query($id: ID!) { customer(id: $id) { id contacts { id } } }",
        json!({ "id": customer["id"] }),
    )
    .await;
    names(&search_with(&app, &reader, Some("watched")).await);
    app.gql_with(
        &reader,
        "query($id: ID!) { customer(id: $id) { id } }",
        json!({ "id": other["id"] }),
    )
    .await;

    let query = "query($f: AuditFilter, $first: Int, $after: String) { auditEvents(filter: $f, first: $first, after: $after) { nodes { action actorId actorName entityId outcome details seq occurredAt } pageInfo { hasNextPage endCursor } } }";
    // Only with the right.
    let res = app.gql_with(&reader, query, json!({})).await;
    assert_eq!(error_code(&res), Some("FORBIDDEN"), "{res}");

    let res = app
        .gql_with(
            &auditor,
            query,
            json!({ "f": { "customerId": customer["id"], "userId": reader_id } }),
        )
        .await;
    let actions: Vec<&str> = res["data"]["auditEvents"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{res}"))
        .iter()
        .map(|n| n["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["customer.search", "customer.contacts.read", "customer.read"],
        "{res}"
    );
    assert_eq!(
        res["data"]["auditEvents"]["nodes"][0]["actorName"],
        "Test User"
    );
    // Everything about the customer, by anyone: also its creation by the admin.
    let res = app
        .gql_with(
            &auditor,
            query,
            json!({ "f": { "customerId": customer["id"], "action": "customer.create" } }),
        )
        .await;
    assert_eq!(
        res["data"]["auditEvents"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{res}"
    );
    // Paging, newest first, without overlap.
    let page1 = app.gql_with(&auditor, query, json!({ "first": 3 })).await;
    let cursor = page1["data"]["auditEvents"]["pageInfo"]["endCursor"].clone();
    assert_eq!(
        page1["data"]["auditEvents"]["pageInfo"]["hasNextPage"],
        true
    );
    let page2 = app
        .gql_with(&auditor, query, json!({ "first": 3, "after": cursor }))
        .await;
    let t = |p: &Value, i: usize| {
        p["data"]["auditEvents"]["nodes"][i]["occurredAt"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(t(&page1, 2) >= t(&page2, 0), "{page1} {page2}");
    // Reading the log is itself logged.
    let res = app
        .gql_with(
            &auditor,
            query,
            json!({ "f": { "action": "audit." }, "first": 1 }),
        )
        .await;
    assert_eq!(
        res["data"]["auditEvents"]["nodes"][0]["action"], "audit.read",
        "{res}"
    );

    // Bad input is named.
    for (vars, field) in [
        (
            json!({ "f": { "customerId": "nope" } }),
            "filter.customerId",
        ),
        (json!({ "f": { "userId": "nope" } }), "filter.userId"),
        (
            json!({ "f": { "action": "a".repeat(101) } }),
            "filter.action",
        ),
        (
            json!({ "f": { "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z" } }),
            "filter.to",
        ),
        (json!({ "first": 101 }), "first"),
        (json!({ "after": "garbage" }), "after"),
    ] {
        let res = app.gql_with(&auditor, query, vars).await;
        assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{res}");
        assert_eq!(error_field(&res), Some(field), "{res}");
    }
    // A prefix is a prefix, not a pattern.
    let res = app
        .gql_with(&auditor, query, json!({ "f": { "action": "%" } }))
        .await;
    assert_eq!(res["data"]["auditEvents"]["nodes"], json!([]), "{res}");
});
