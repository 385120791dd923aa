//! The retention rule: private customers with no orders, invoices or consent activity (and no
//! change to the customer itself) for `inactive_months` are anonymized — listed first (dry run),
//! then in batches. A batch finds its candidates with grouped queries, scans the free text once
//! for all of them, and anonymizes them in transactions of up to 500 customers with a few
//! statements per table each; a transaction commits or rolls back whole, so a crash leaves every
//! customer either fully anonymized or untouched. Customers with open orders or unpaid invoices
//! are blocked, with the reason.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, Set, Statement,
};
use uuid::Uuid;

use super::mentions;
use super::service::{Prescan, contacts_of, erase, lock_customers, own};
use crate::db::{IN_LIST_MAX, Sql};
use crate::domain::mention::Term;
use crate::entities::{customer, retention_rule};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::{CustomerKind, CustomerState};
use crate::features::orders::OrderStatus;

pub const MAX_MONTHS: i32 = 1200;
/// The most customers one call anonymizes (the UI asks for fewer, to show progress).
pub const MAX_BATCH: u64 = 10_000;
/// Customers anonymized per transaction: each commits or rolls back whole, so a crash leaves
/// every customer either fully anonymized or untouched.
const ERASE_CHUNK: usize = 500;

/// Why a customer past the limit is not anonymized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    OpenOrders,
    UnpaidInvoices,
}

/// A private customer past the limit: anonymized by the next run, or kept (`blocked`).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: Uuid,
    pub number: i64,
    pub display_name: String,
    pub last_activity: DateTime<Utc>,
    pub blocked: Option<Blocked>,
}

fn valid_months(months: i32) -> AppResult<u32> {
    if !(1..=MAX_MONTHS).contains(&months) {
        return Err(AppError::bad_input(
            "inactiveMonths",
            format!("must be between 1 and {MAX_MONTHS}"),
        ));
    }
    u32::try_from(months).map_err(|_| AppError::bad_input("inactiveMonths", "is out of range"))
}

fn day_start(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0)
        .map_or_else(Utc::now, |d| d.and_utc())
}

/// Each private, not yet anonymized customer unchanged since `limit`, with its latest order,
/// invoice, payment and consent event and whether it has open orders or unpaid invoices: one
/// statement, each figure an index seek per customer (`ix_orders_customer`,
/// `ix_invoices_customer`, `idx_consent_events_customer_occurred`), so the cost follows the
/// number of customers, not of their orders and events.
fn inactive_sql(backend: DbBackend, limit: DateTime<Utc>) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT c.id, c.number, c.display_name, c.restricted, c.created_at, c.updated_at, \
         (SELECT MAX(o.order_date) FROM orders o WHERE o.customer_id = c.id), \
         (SELECT MAX(i.invoice_date) FROM invoices i WHERE i.customer_id = c.id), \
         (SELECT MAX(i.paid_at) FROM invoices i WHERE i.customer_id = c.id), \
         (SELECT MAX(e.occurred_at) FROM consent_events e WHERE e.customer_id = c.id), \
         EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = ",
    )
    .bind(OrderStatus::Open.as_str())
    .push(
        "), \
         EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.paid_at IS NULL) \
         FROM customers c WHERE c.kind = ",
    )
    .bind(CustomerKind::Private.as_str())
    .push(" AND c.state <> ")
    .bind(CustomerState::Anonymized.as_str())
    .push(" AND c.updated_at < ")
    .bind(limit);
    sql.build()
}

/// Every private, not yet anonymized customer the actor may see whose last activity is before
/// the limit, oldest activity first.
async fn candidates_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    months: u32,
) -> AppResult<Vec<Candidate>> {
    let limit = Utc::now()
        .checked_sub_months(Months::new(months))
        .ok_or_else(|| AppError::bad_input("inactiveMonths", "is out of range"))?;
    let rows = db
        .query_all_raw(inactive_sql(db.get_database_backend(), limit))
        .await?;
    let mut out = Vec::new();
    let mut restricted_ids = Vec::new();
    for row in rows {
        let id: Uuid = row.try_get_by_index(0)?;
        let restricted: bool = row.try_get_by_index(3)?;
        let created_at: DateTime<Utc> = row.try_get_by_index(4)?;
        let updated_at: DateTime<Utc> = row.try_get_by_index(5)?;
        let last_order: Option<NaiveDate> = row.try_get_by_index(6)?;
        let last_invoice: Option<NaiveDate> = row.try_get_by_index(7)?;
        let last_paid: Option<DateTime<Utc>> = row.try_get_by_index(8)?;
        let last_event: Option<DateTime<Utc>> = row.try_get_by_index(9)?;
        let last_activity = [
            Some(created_at),
            Some(updated_at),
            last_order.map(day_start),
            last_invoice.map(day_start),
            last_paid,
            last_event,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(updated_at);
        if last_activity >= limit {
            continue;
        }
        if restricted {
            restricted_ids.push(id);
        }
        let open_orders: bool = row.try_get_by_index(10)?;
        let unpaid: bool = row.try_get_by_index(11)?;
        out.push(Candidate {
            id,
            number: row.try_get_by_index(1)?,
            display_name: row.try_get_by_index(2)?,
            last_activity,
            blocked: if open_orders {
                Some(Blocked::OpenOrders)
            } else if unpaid {
                Some(Blocked::UnpaidInvoices)
            } else {
                None
            },
        });
    }
    // Need-to-know for the restricted ones, a statement or two per chunk rather than one each.
    let mut hidden: HashSet<Uuid> = restricted_ids.iter().copied().collect();
    for chunk in restricted_ids.chunks(IN_LIST_MAX) {
        for id in access::service::visible_customer_ids(db, actor, chunk).await? {
            hidden.remove(&id);
        }
    }
    out.retain(|c| !hidden.contains(&c.id));
    out.sort_by_key(|c| (c.last_activity, c.number));
    Ok(out)
}

/// The customers with these ids, in the order of `ids` (unknown ones left out).
async fn customers_by_id(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<customer::Model>> {
    let mut by_id = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IN_LIST_MAX) {
        for c in customer::Entity::find()
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            by_id.insert(c.id, c);
        }
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The dry run: who the rule would anonymize now, and who is blocked and why (`ANONYMIZE`).
pub async fn candidates(
    db: &impl AuditTarget,
    actor: &Actor,
    inactive_months: i32,
) -> AppResult<Vec<Candidate>> {
    actor.require(Right::Anonymize)?;
    let months = valid_months(inactive_months)?;
    let found = candidates_for(db, actor, months).await?;
    audit::record(
        db,
        actor,
        "retention.preview",
        None,
        Outcome::Success,
        Some(serde_json::json!({ "inactiveMonths": inactive_months, "candidates": found.len() })),
    )
    .await?;
    Ok(found)
}

/// The free-text hits of a batch of customers, found in one pass over the records.
async fn prescan(
    db: &impl ConnectionTrait,
    batch: &[customer::Model],
) -> AppResult<HashMap<Uuid, Prescan>> {
    let ids: Vec<Uuid> = batch.iter().map(|c| c.id).collect();
    let contacts = contacts_of(db, &ids).await?;
    let owners: Vec<(Uuid, Vec<Term>)> = batch
        .iter()
        .map(|c| (c.id, mentions::terms_of(c, own(&contacts, c.id))))
        .collect();
    let mut found = mentions::scan_many(db, &owners).await?;
    Ok(owners
        .into_iter()
        .map(|(id, terms)| {
            let found = found.remove(&id).unwrap_or_default();
            (id, Prescan { terms, found })
        })
        .collect())
}

/// One batch of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunReport {
    pub anonymized: u64,
    /// Eligible customers left after this batch.
    pub remaining: u64,
    pub blocked: u64,
}

/// Anonymizes up to `batch` eligible customers, up to [`ERASE_CHUNK`] per transaction
/// (`ANONYMIZE`).
/// Call again while `remaining > 0`; a progress bar shows `anonymized` against the dry run.
pub async fn run(
    db: &DatabaseConnection,
    actor: &Actor,
    inactive_months: i32,
    batch: u64,
) -> AppResult<RunReport> {
    actor.require(Right::Anonymize)?;
    let months = valid_months(inactive_months)?;
    if !(1..=MAX_BATCH).contains(&batch) {
        return Err(AppError::bad_input(
            "batchSize",
            format!("must be between 1 and {MAX_BATCH}"),
        ));
    }
    let found = candidates_for(db, actor, months).await?;
    let blocked = found.iter().filter(|c| c.blocked.is_some()).count() as u64;
    let eligible = found.len() as u64 - blocked;
    let ids: Vec<Uuid> = found
        .into_iter()
        .filter(|c| c.blocked.is_none())
        .take(usize::try_from(batch).unwrap_or(usize::MAX))
        .map(|c| c.id)
        .collect();
    let batch = customers_by_id(db, &ids).await?;
    let mut prescans = prescan(db, &batch).await?;
    let mut anonymized = 0;
    for chunk in batch.chunks(ERASE_CHUNK) {
        let ids: Vec<Uuid> = chunk.iter().map(|c| c.id).collect();
        let txn = crate::db::begin_write(db).await?;
        lock_customers(&txn, &ids).await?;
        // Re-read inside the transaction: someone may have anonymized or changed them meanwhile.
        let current = customer::Entity::find()
            .filter(customer::Column::Id.is_in(ids))
            .filter(customer::Column::State.ne(CustomerState::Anonymized.as_str()))
            .all(&txn)
            .await?;
        let scanned = current
            .iter()
            .filter_map(|c| prescans.remove_entry(&c.id))
            .collect();
        anonymized += erase(&txn, actor, current, scanned).await?.len() as u64;
        txn.commit().await?;
    }
    let remaining = eligible.saturating_sub(anonymized);
    audit::record(
        db,
        actor,
        "retention.run",
        None,
        Outcome::Success,
        Some(serde_json::json!({
            "inactiveMonths": inactive_months,
            "anonymized": anonymized,
            "remaining": remaining,
            "blocked": blocked,
        })),
    )
    .await?;
    Ok(RunReport {
        anonymized,
        remaining,
        blocked,
    })
}

async fn stored_rule(db: &impl ConnectionTrait) -> AppResult<Option<retention_rule::Model>> {
    Ok(retention_rule::Entity::find_by_id(1).one(db).await?)
}

/// The rule, for those who run it (`ANONYMIZE`) or set it (`MANAGE_SETTINGS`).
pub async fn rule(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Option<retention_rule::Model>> {
    if actor.require(Right::Anonymize).is_err() {
        actor.require(Right::ManageSettings)?;
    }
    stored_rule(db).await
}

/// Sets the rule (`MANAGE_SETTINGS`).
pub async fn set_rule(
    db: &DatabaseConnection,
    actor: &Actor,
    inactive_months: i32,
    auto_run: bool,
) -> AppResult<retention_rule::Model> {
    actor.require(Right::ManageSettings)?;
    valid_months(inactive_months)?;
    let txn = crate::db::begin_write(db).await?;
    let existing = stored_rule(&txn).await?;
    let saved = match existing {
        Some(current) => {
            let mut active: retention_rule::ActiveModel = current.into();
            active.inactive_months = Set(inactive_months);
            active.auto_run = Set(auto_run);
            active.updated_at = Set(Utc::now());
            active.updated_by = Set(actor.user_id());
            active.update(&txn).await?
        }
        None => {
            retention_rule::ActiveModel {
                id: Set(1),
                inactive_months: Set(inactive_months),
                auto_run: Set(auto_run),
                updated_at: Set(Utc::now()),
                updated_by: Set(actor.user_id()),
                last_run_at: Set(None),
                last_run_anonymized: Set(None),
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        actor,
        "retention.rule.update",
        None,
        Outcome::Success,
        Some(serde_json::json!({ "inactiveMonths": inactive_months, "autoRun": auto_run })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The scheduled run (hourly from `serve` when the rule says so): everything eligible, as the
/// system, in batches.
pub async fn scheduled(db: &DatabaseConnection) -> AppResult<u64> {
    let Some(current) = stored_rule(db).await?.filter(|r| r.auto_run) else {
        return Ok(0);
    };
    let mut total = 0;
    loop {
        let report = run(db, &Actor::System, current.inactive_months, MAX_BATCH).await?;
        total += report.anonymized;
        if report.remaining == 0 || report.anonymized == 0 {
            break;
        }
    }
    let mut active: retention_rule::ActiveModel = current.into();
    active.last_run_at = Set(Some(Utc::now()));
    active.last_run_anonymized = Set(Some(i64::try_from(total).unwrap_or(i64::MAX)));
    active.update(db).await?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_must_be_positive() {
        for bad in [0, -1, MAX_MONTHS + 1] {
            assert!(valid_months(bad).is_err(), "{bad}");
        }
        assert_eq!(valid_months(24).ok(), Some(24));
    }

    #[test]
    fn order_dates_count_from_the_start_of_the_day() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(day_start(d).to_rfc3339(), "2026-03-01T00:00:00+00:00");
    }
}
