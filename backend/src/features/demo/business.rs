//! Demo orders, invoices and planning entries for generated customers: a Nordic service
//! business (cleaning, gardening, heat-pump service), deterministic from the seed.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::domain::money::{self, Line};
use crate::entities::{customer, invoice, invoice_line, order, order_line, task};
use crate::features::customers::service::address_from_json;
use crate::features::invoices::service::{DEFAULT_RETENTION_YEARS, retain_until};

/// (description, unit price in öre, VAT in basis points)
const SERVICES: &[(&str, i64, i32)] = &[
    ("Fönsterputs", 45_000, 2500),
    ("Storstädning", 189_000, 2500),
    ("Trädgårdsskötsel per timme", 52_000, 2500),
    ("Service av värmepump", 249_000, 2500),
    ("Hemstädning per timme", 42_000, 2500),
    ("Bortforsling av trädgårdsavfall", 95_000, 2500),
];

/// The business records of one batch, ready to insert.
#[derive(Default)]
pub struct Records {
    pub orders: Vec<order::Model>,
    pub order_lines: Vec<order_line::ActiveModel>,
    pub invoices: Vec<invoice::Model>,
    pub invoice_lines: Vec<invoice_line::ActiveModel>,
    pub tasks: Vec<task::Model>,
}

/// Numbers to continue from.
pub struct Counters {
    pub order: i64,
    pub invoice: i64,
}

fn line_models(lines: &[Line]) -> impl Iterator<Item = (i32, &Line)> {
    (1..).zip(lines)
}

pub fn generate(
    rng: &mut ChaCha8Rng,
    customers: &[customer::Model],
    counters: &mut Counters,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Records {
    let mut out = Records::default();
    for c in customers {
        let orders = match rng.gen_range(0..10) {
            0..=3 => 0,
            4..=7 => 1,
            _ => rng.gen_range(2..=3),
        };
        for _ in 0..orders {
            let date = today
                .checked_sub_days(Days::new(rng.gen_range(1..720)))
                .unwrap_or(today);
            let lines: Vec<Line> = (0..rng.gen_range(1..=3))
                .map(|_| {
                    let (text, price, vat) = SERVICES[rng.gen_range(0..SERVICES.len())];
                    Line {
                        description: text.to_owned(),
                        quantity_milli: rng.gen_range(1..=4) * 1000,
                        unit_price_minor: price,
                        vat_rate_bp: vat,
                    }
                })
                .collect();
            let order_id = Uuid::now_v7();
            let done = date < today.checked_sub_days(Days::new(14)).unwrap_or(today);
            out.orders.push(order::Model {
                id: order_id,
                number: counters.order,
                customer_id: c.id,
                order_date: date,
                status: if done { "completed" } else { "open" }.to_owned(),
                description: None,
                currency: if c.country == "NO" { "NOK" } else { "SEK" }.to_owned(),
                created_at: now,
                updated_at: now,
                created_by: None,
                version: 1,
            });
            counters.order += 1;
            for (position, l) in line_models(&lines) {
                out.order_lines.push(order_line::ActiveModel {
                    order_id: sea_orm::Set(order_id),
                    position: sea_orm::Set(position),
                    description: sea_orm::Set(l.description.clone()),
                    quantity_milli: sea_orm::Set(l.quantity_milli),
                    unit_price_minor: sea_orm::Set(l.unit_price_minor),
                    vat_rate_bp: sea_orm::Set(l.vat_rate_bp),
                    ..Default::default()
                });
            }
            if !done {
                continue;
            }
            let totals = money::totals(&lines);
            let invoice_id = Uuid::now_v7();
            let invoice_date = date.checked_add_days(Days::new(3)).unwrap_or(date);
            let address = address_from_json(c.invoice_address.as_ref()).map(|a| {
                format!(
                    "{}\n{} {}\n{}",
                    a.line1,
                    a.postal_code,
                    a.city,
                    a.country.code()
                )
            });
            out.invoices.push(invoice::Model {
                id: invoice_id,
                number: counters.invoice,
                customer_id: c.id,
                order_id: Some(order_id),
                invoice_date,
                due_date: invoice_date
                    .checked_add_days(Days::new(30))
                    .unwrap_or(invoice_date),
                description: None,
                currency: if c.country == "NO" { "NOK" } else { "SEK" }.to_owned(),
                net_minor: totals.net_minor,
                vat_minor: totals.vat_minor,
                total_minor: totals.total_minor,
                paid_at: rng.gen_bool(0.85).then_some(now),
                buyer_name: Some(c.display_name.clone()),
                buyer_address: address,
                retain_until: retain_until(invoice_date, DEFAULT_RETENTION_YEARS),
                buyer_purged_at: None,
                created_at: now,
                created_by: None,
            });
            counters.invoice += 1;
            for (position, l) in line_models(&lines) {
                out.invoice_lines.push(invoice_line::ActiveModel {
                    invoice_id: sea_orm::Set(invoice_id),
                    position: sea_orm::Set(position),
                    description: sea_orm::Set(l.description.clone()),
                    quantity_milli: sea_orm::Set(l.quantity_milli),
                    unit_price_minor: sea_orm::Set(l.unit_price_minor),
                    vat_rate_bp: sea_orm::Set(l.vat_rate_bp),
                    ..Default::default()
                });
            }
        }
        if rng.gen_range(0..10) < 2 {
            let (service, _, _) = SERVICES[rng.gen_range(0..SERVICES.len())];
            let start = now + chrono::Duration::hours(rng.gen_range(24..24 * 21));
            out.tasks.push(task::Model {
                id: Uuid::now_v7(),
                kind: "block".to_owned(),
                customer_id: Some(c.id),
                title: format!("Besök: {service}"),
                body: None,
                starts_at: Some(start),
                ends_at: Some(start + chrono::Duration::hours(2)),
                done: false,
                assigned_to: None,
                created_at: now,
                updated_at: now,
                created_by: None,
                version: 1,
            });
        }
    }
    out
}
