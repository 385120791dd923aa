//! Orders, invoices and tasks on the customer card: exact money, the buyer kept as printed, the
//! bookkeeping period, and the usual refusals (bad lines, stale versions, hidden customers).

mod common;

use common::*;
use serde_json::{Value, json};

const ORDER: &str = "id number customerId orderDate status description currency net vat total version \
    lines { position description quantity unitPrice vatRate net vat }";
const INVOICE: &str = "id number customerId orderId invoiceDate dueDate description currency net vat total \
    status paidAt buyerName buyerAddress retainUntil buyerPurgedAt lines { position description net vat }";

async fn create_order(app: &TestApp, customer: &str, input: Value) -> Value {
    app.gql(
        &format!("mutation($c: ID!, $i: OrderInput!) {{ createOrder(customerId: $c, input: $i) {{ {ORDER} }} }}"),
        json!({ "c": customer, "i": input }),
    )
    .await
}

fn two_lines() -> Value {
    json!([
        // 1.5 × 999.50 = 1499.25; 25 % VAT = 374.8125 → 374.81
        { "description": "Service visit", "quantity": 1.5, "unitPrice": 99950, "vatRate": 2500 },
        // -100.00; VAT -25.00
        { "description": "Loyalty discount", "quantity": 1, "unitPrice": -10000, "vatRate": 2500 },
    ])
}

dual_test!(orders_and_invoices_are_exact_and_keep_the_buyer, |app| {
    app.login_admin().await;
    let customer = create_customer(&app, business("Ordning AB")).await;
    let customer_id = customer["id"].as_str().unwrap();

    let res = create_order(
        &app,
        customer_id,
        json!({ "orderDate": "2026-11-20", "description": "Årlig service", "lines": two_lines() }),
    )
    .await;
    let order = &res["data"]["createOrder"];
    assert_eq!(order["status"], "OPEN", "{res}");
    assert_eq!(order["currency"], "SEK");
    assert_eq!(order["lines"][0]["net"], 149925);
    assert_eq!(order["lines"][0]["vat"], 37481);
    assert_eq!(order["lines"][1]["net"], -10000);
    assert_eq!(order["net"], 139925);
    assert_eq!(order["vat"], 34981);
    assert_eq!(order["total"], 174906);
    let order_id = order["id"].as_str().unwrap().to_owned();
    let number = order["number"].as_i64().unwrap();
    let second = create_order(
        &app,
        customer_id,
        json!({ "orderDate": "2026-11-21", "lines": two_lines() }),
    )
    .await;
    assert_eq!(
        second["data"]["createOrder"]["number"],
        number + 1,
        "{second}"
    );

    // An invoice of the order: its lines, its totals, the buyer as printed.
    let res = app
        .gql(
            &format!("mutation($c: ID!, $i: InvoiceInput!) {{ createInvoice(customerId: $c, input: $i) {{ {INVOICE} }} }}"),
            json!({ "c": customer_id, "i": { "orderId": order_id, "invoiceDate": "2026-11-25", "dueDate": "2026-12-25", "description": "Tack för ordern" } }),
        )
        .await;
    let invoice = &res["data"]["createInvoice"];
    assert_eq!(invoice["total"], 174906, "{res}");
    assert_eq!(invoice["lines"].as_array().unwrap().len(), 2);
    assert_eq!(invoice["buyerName"], "Ordning AB");
    assert_eq!(invoice["buyerAddress"], "Storgatan 1\n111 22 Stockholm\nSE");
    assert_eq!(invoice["retainUntil"], "2033-12-31");
    assert_eq!(invoice["paidAt"], Value::Null);
    let invoice_id = invoice["id"].as_str().unwrap().to_owned();

    // Renaming the customer later does not change what was printed.
    let res = app
        .gql(
            "mutation($id: ID!, $i: CustomerInput!) { updateCustomer(id: $id, expectedVersion: 1, input: $i) { displayName } }",
            json!({ "id": customer_id, "i": business("Omdöpt AB") }),
        )
        .await;
    assert_eq!(
        res["data"]["updateCustomer"]["displayName"], "Omdöpt AB",
        "{res}"
    );
    let res = app
        .gql(
            "mutation($id: ID!) { setInvoicePaid(id: $id, paid: true) { status paidAt buyerName } }",
            json!({ "id": invoice_id }),
        )
        .await;
    assert_eq!(res["data"]["setInvoicePaid"]["status"], "PAID", "{res}");
    assert_eq!(res["data"]["setInvoicePaid"]["buyerName"], "Ordning AB");

    // The customer card lists both, newest first.
    let res = app
        .gql(
            "query($id: ID!) { customer(id: $id) { orders { number total } invoices { number status } } }",
            json!({ "id": customer_id }),
        )
        .await;
    let card = &res["data"]["customer"];
    assert_eq!(card["orders"][0]["number"], number + 1, "{res}");
    assert_eq!(card["orders"][1]["total"], 174906);
    assert_eq!(card["invoices"][0]["status"], "PAID");

    // Updating with the version read before works once; the second writer gets CONFLICT.
    let update = "mutation($id: ID!, $i: OrderInput!) { updateOrder(id: $id, expectedVersion: 1, status: COMPLETED, input: $i) { version status total } }";
    let input = json!({ "id": order_id, "i": { "orderDate": "2026-11-20", "lines": [{ "description": "Service visit", "quantity": 1, "unitPrice": 100000, "vatRate": 2500 }] } });
    let res = app.gql(update, input.clone()).await;
    assert_eq!(res["data"]["updateOrder"]["total"], 125000, "{res}");
    assert_eq!(res["data"]["updateOrder"]["status"], "COMPLETED");
    let res = app.gql(update, input).await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    assert_eq!(error_field(&res), Some("expectedVersion"));

    // After the bookkeeping period the buyer snapshot is purged; the amounts stay.
    app.exec("UPDATE invoices SET retain_until = '2020-12-31'")
        .await;
    let purged = tillit::features::invoices::service::purge_expired_buyers(
        &app.state.db,
        chrono::Utc::now().date_naive(),
    )
    .await
    .unwrap();
    assert_eq!(purged, 1);
    let res = app
        .gql(
            &format!("query($id: ID!) {{ invoice(id: $id) {{ {INVOICE} }} }}"),
            json!({ "id": invoice_id }),
        )
        .await;
    let invoice = &res["data"]["invoice"];
    assert_eq!(invoice["buyerName"], Value::Null, "{res}");
    assert_eq!(invoice["buyerAddress"], Value::Null);
    assert!(invoice["buyerPurgedAt"].is_string());
    assert_eq!(invoice["total"], 174906);
});

dual_test!(bad_orders_and_invoices_are_refused_by_field, |app| {
    app.login_admin().await;
    let customer = create_customer(&app, business("Felaktig AB")).await;
    let other = create_customer(&app, business("Annan AB")).await;
    let customer_id = customer["id"].as_str().unwrap();
    let bad_line = |line: Value| {
        json!({ "orderDate": "2026-11-20", "lines": [
        { "description": "OK", "quantity": 1, "unitPrice": 100, "vatRate": 2500 }, line ] })
    };
    for (line, field) in [
        (
            json!({ "description": "x", "quantity": 0, "unitPrice": 100, "vatRate": 2500 }),
            "lines[1].quantity",
        ),
        (
            json!({ "description": "x", "quantity": -2, "unitPrice": 100, "vatRate": 2500 }),
            "lines[1].quantity",
        ),
        (
            json!({ "description": " ", "quantity": 1, "unitPrice": 100, "vatRate": 2500 }),
            "lines[1].description",
        ),
        (
            json!({ "description": "x", "quantity": 1, "unitPrice": 100, "vatRate": 9999 }),
            "lines[1].vatRate",
        ),
        (
            json!({ "description": "x", "quantity": 1, "unitPrice": 9_000_000_000_000_i64, "vatRate": 0 }),
            "lines[1].unitPrice",
        ),
        (
            json!({ "description": "x".repeat(501), "quantity": 1, "unitPrice": 1, "vatRate": 0 }),
            "lines[1].description",
        ),
    ] {
        let res = create_order(&app, customer_id, bad_line(line.clone())).await;
        assert_eq!(error_code(&res), Some("BAD_USER_INPUT"), "{line}: {res}");
        assert_eq!(error_field(&res), Some(field), "{line}: {res}");
    }
    let res = create_order(
        &app,
        customer_id,
        json!({ "orderDate": "2026-11-20", "description": "é".repeat(4001), "lines": two_lines() }),
    )
    .await;
    assert_eq!(error_field(&res), Some("description"), "{res}");
    // A wrong type is refused before anything runs.
    let res = create_order(
        &app,
        customer_id,
        json!({ "orderDate": "yesterday", "lines": [] }),
    )
    .await;
    assert_eq!(error_code(&res), Some("BAD_REQUEST"), "{res}");
    let res = create_order(
        &app,
        customer_id,
        json!({ "orderDate": "2026-11-20", "lines": [] }),
    )
    .await;
    assert_eq!(
        error_field(&res),
        Some("lines"),
        "an order needs a line: {res}"
    );
    let res = create_order(
        &app,
        "00000000-0000-7000-8000-000000000000",
        json!({ "orderDate": "2026-11-20", "lines": two_lines() }),
    )
    .await;
    assert_eq!(error_code(&res), Some("NOT_FOUND"), "{res}");

    let res = create_order(
        &app,
        other["id"].as_str().unwrap(),
        json!({ "orderDate": "2026-11-20", "lines": two_lines() }),
    )
    .await;
    let foreign_order = res["data"]["createOrder"]["id"].clone();
    let invoice = |input: Value| {
        let app = &app;
        async move {
            app.gql(
                "mutation($c: ID!, $i: InvoiceInput!) { createInvoice(customerId: $c, input: $i) { id } }",
                json!({ "c": customer_id, "i": input }),
            )
            .await
        }
    };
    let res = invoice(
        json!({ "invoiceDate": "2026-11-25", "dueDate": "2026-11-24", "lines": two_lines() }),
    )
    .await;
    assert_eq!(error_field(&res), Some("dueDate"), "{res}");
    let res = invoice(json!({ "invoiceDate": "2026-11-25", "dueDate": "2026-12-25" })).await;
    assert_eq!(error_field(&res), Some("lines"), "{res}");
    let res = invoice(
        json!({ "orderId": foreign_order, "invoiceDate": "2026-11-25", "dueDate": "2026-12-25" }),
    )
    .await;
    assert_eq!(error_field(&res), Some("orderId"), "{res}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM invoices").await, 0);

    // An order in NOK is invoiced in NOK, and only once.
    let res = create_order(
        &app,
        customer_id,
        json!({ "orderDate": "2026-11-20", "currency": "NOK", "lines": two_lines() }),
    )
    .await;
    let nok_order = res["data"]["createOrder"]["id"].clone();
    let res = invoice(json!({ "orderId": nok_order, "currency": "SEK", "invoiceDate": "2026-11-25", "dueDate": "2026-12-25" })).await;
    assert_eq!(error_field(&res), Some("currency"), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!, $i: InvoiceInput!) { createInvoice(customerId: $c, input: $i) { currency total } }",
            json!({ "c": customer_id, "i": { "orderId": nok_order, "invoiceDate": "2026-11-25", "dueDate": "2026-12-25" } }),
        )
        .await;
    assert_eq!(res["data"]["createInvoice"]["currency"], "NOK", "{res}");
    let res = invoice(
        json!({ "orderId": nok_order, "invoiceDate": "2026-11-26", "dueDate": "2026-12-26" }),
    )
    .await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    assert_eq!(error_field(&res), Some("orderId"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM invoices").await, 1);
});

dual_test!(tasks_and_blocks_follow_customer_visibility, |app| {
    app.login_admin().await;
    let north = create_group(&app, "Nord", &["READ_CUSTOMERS", "EDIT_CUSTOMERS"]).await;
    let south = create_group(&app, "Syd", &["READ_CUSTOMERS"]).await;
    let open = create_customer(&app, business("Öppen AB")).await;
    let res = app
        .gql(
            "mutation($i: CustomerInput!, $g: [ID!]!) { createCustomer(input: $i, groupIds: $g) { id } }",
            json!({ "i": business("Hemlig AB"), "g": [south] }),
        )
        .await;
    let hidden = res["data"]["createCustomer"]["id"].clone();
    let create = "mutation($i: TaskInput!) { createTask(input: $i) { id kind title body startsAt endsAt done version customerId } }";
    for (input, field) in [
        (json!({ "kind": "BLOCK", "title": "Besök" }), "startsAt"),
        (
            json!({ "title": "x", "startsAt": "2026-12-01T10:00:00Z", "endsAt": "2026-12-01T09:00:00Z" }),
            "endsAt",
        ),
        (json!({ "title": "" }), "title"),
        (
            json!({ "title": "x", "assignedTo": "00000000-0000-7000-8000-000000000000" }),
            "assignedTo",
        ),
    ] {
        let res = app.gql(create, json!({ "i": input })).await;
        assert_eq!(error_field(&res), Some(field), "{input}: {res}");
    }
    let res = app
        .gql(
            create,
            json!({ "i": { "kind": "BLOCK", "title": "Service", "customerId": open["id"], "startsAt": "2026-12-01T08:00:00Z", "endsAt": "2026-12-01T10:00:00Z" } }),
        )
        .await;
    let block = res["data"]["createTask"].clone();
    assert_eq!(block["kind"], "BLOCK", "{res}");
    let res = app
        .gql(create, json!({ "i": { "title": "Hemligt jobb", "customerId": hidden, "startsAt": "2026-12-02T08:00:00Z" } }))
        .await;
    assert!(res["errors"].is_null(), "{res}");
    let res = app
        .gql(
            create,
            json!({ "i": { "title": "Beställ material", "body": "Till lagret" } }),
        )
        .await;
    assert!(res["errors"].is_null(), "{res}");

    // A member of the north group sees the board without the south group's customer.
    let staff = staff_in(&app, "nora@tillit.test", &[&north]).await;
    let res = app
        .gql_with(
            &staff,
            "{ tasks { title customerId customer { id number displayName } } }",
            json!({}),
        )
        .await;
    let titles: Vec<&str> = res["data"]["tasks"]
        .as_array()
        .unwrap_or_else(|| panic!("{res}"))
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["Service", "Beställ material"], "{res}");
    // The board names each task's customer, so nobody has to open cards to know whose it is.
    let service = &res["data"]["tasks"][0];
    assert_eq!(service["customer"]["displayName"], "Öppen AB", "{res}");
    assert_eq!(service["customer"]["number"], open["number"], "{res}");
    assert_eq!(service["customer"]["id"], service["customerId"]);
    assert!(res["data"]["tasks"][1]["customer"].is_null(), "{res}");
    let res = app
        .gql_with(
            &staff,
            "mutation($i: TaskInput!) { createTask(input: $i) { id } }",
            json!({ "i": { "title": "x", "customerId": hidden } }),
        )
        .await;
    assert_eq!(error_field(&res), Some("customerId"), "{res}");

    // Done: off the board unless asked for; a stale version is a conflict.
    let update = "mutation($id: ID!, $c: ID!) { updateTask(id: $id, expectedVersion: 1, done: true, input: { kind: BLOCK, customerId: $c, title: \"Service\", startsAt: \"2026-12-01T08:00:00Z\" }) { done version } }";
    let vars = json!({ "id": block["id"], "c": open["id"] });
    let res = app.gql_with(&staff, update, vars.clone()).await;
    assert_eq!(res["data"]["updateTask"]["done"], true, "{res}");
    let res = app.gql_with(&staff, update, vars).await;
    assert_eq!(error_code(&res), Some("CONFLICT"), "{res}");
    let res = app
        .gql(
            "query($id: ID!) { customer(id: $id) { open: tasks { id } all: tasks(includeDone: true) { id done } } }",
            json!({ "id": open["id"] }),
        )
        .await;
    assert_eq!(res["data"]["customer"]["open"], json!([]), "{res}");
    assert_eq!(res["data"]["customer"]["all"][0]["done"], true);
});
