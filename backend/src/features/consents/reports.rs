//! Consent reports for staff and reporting tools: counts per purpose and status, changes per
//! period, and the list of contacts by purpose and status (the list a campaign sends to), also as
//! CSV. Every query applies need-to-know to the customers and counts only active customers'
//! contacts that are not archived.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{ConsentDecision, ConsentStatus, declaration, purposes};
use crate::db::Sql;
use crate::entities::{consent_purpose, contact, current_consent};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::Actor;

/// Longest period `changes` covers.
pub const MAX_PERIOD_DAYS: i64 = 400;
pub const MAX_CSV_ROWS: usize = 50_000;

/// Counts for one purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurposeCounts {
    pub granted: i64,
    pub withdrawn: i64,
    pub denied: i64,
    pub not_asked: i64,
    pub outdated: i64,
    pub expired: i64,
}

pub struct Statistics {
    pub contacts: i64,
    pub declaration_version: i32,
    pub purposes: Vec<(consent_purpose::Model, PurposeCounts)>,
}

/// Contacts of active customers the actor may see, not archived: `FROM contacts k JOIN
/// customers c … WHERE …` (callers append more conditions).
fn visible_contacts(sql: &mut Sql, actor: &Actor) {
    sql.push(
        " FROM contacts k JOIN customers c ON c.id = k.customer_id \
         WHERE NOT k.archived AND c.state = 'active'",
    );
    access::service::push_scope(sql, &actor.customer_scope(), "c");
}

pub async fn statistics(db: &impl AuditTarget, actor: &Actor) -> AppResult<Statistics> {
    actor.require_reports()?;
    let backend = db.get_database_backend();
    let version = declaration::current(db).await?.version;
    let now = Utc::now();

    let mut sql = Sql::new(backend);
    sql.push("SELECT COUNT(*)");
    visible_contacts(&mut sql, actor);
    let contacts: i64 = db
        .query_one_raw(sql.build())
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);

    // Current consents of the visible contacts, by purpose, decision, outdated and ran out.
    let mut outer = Sql::new(backend);
    outer
        .push("SELECT cc.purpose_id, cc.decision, CASE WHEN cc.declaration_version < ")
        .bind(version)
        .push(" THEN 1 ELSE 0 END AS old, CASE WHEN cc.valid_until IS NOT NULL AND cc.valid_until <= ")
        .bind(now)
        .push(" THEN 1 ELSE 0 END AS ran_out, COUNT(*) FROM current_consents cc WHERE cc.contact_id IN (SELECT k.id");
    visible_contacts(&mut outer, actor);
    outer.push(") GROUP BY cc.purpose_id, cc.decision, old, ran_out");
    let mut counts: HashMap<Uuid, PurposeCounts> = HashMap::new();
    for row in db.query_all_raw(outer.build()).await? {
        let purpose: Uuid = row.try_get_by_index(0)?;
        let decision: String = row.try_get_by_index(1)?;
        let old: i32 = row.try_get_by_index(2)?;
        let ran_out: i32 = row.try_get_by_index(3)?;
        let n: i64 = row.try_get_by_index(4)?;
        let entry = counts.entry(purpose).or_default();
        match ConsentDecision::from_db(&decision) {
            Some(ConsentDecision::Granted) if ran_out == 1 => entry.expired += n,
            Some(ConsentDecision::Granted) if old == 1 => entry.outdated += n,
            Some(ConsentDecision::Granted) => entry.granted += n,
            Some(ConsentDecision::Withdrawn) => entry.withdrawn += n,
            Some(ConsentDecision::Denied) | None => entry.denied += n,
        }
    }
    let purposes = purposes::active_or_all(db, false)
        .await?
        .into_iter()
        .map(|p| {
            let mut c = counts.remove(&p.id).unwrap_or_default();
            let asked = c.granted + c.withdrawn + c.denied + c.outdated + c.expired;
            c.not_asked = (contacts - asked).max(0);
            (p, c)
        })
        .collect();
    audit::record(
        db,
        actor,
        "consent.report.statistics",
        None,
        Outcome::Success,
        None,
    )
    .await?;
    Ok(Statistics {
        contacts,
        declaration_version: version,
        purposes,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum ReportInterval {
    Day,
    Week,
    Month,
}

/// The start (UTC midnight) of the period `at` falls in; weeks start on Monday.
pub fn period_start(at: DateTime<Utc>, interval: ReportInterval) -> DateTime<Utc> {
    let date = at.date_naive();
    let start = match interval {
        ReportInterval::Day => date,
        ReportInterval::Week => {
            date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
        }
        ReportInterval::Month => {
            NaiveDate::from_ymd_opt(date.year(), date.month(), 1).unwrap_or(date)
        }
    };
    Utc.from_utc_datetime(&start.and_time(chrono::NaiveTime::MIN))
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub granted: i64,
    pub withdrawn: i64,
    pub denied: i64,
}

/// `(period start, purpose)` → counts, in period then purpose order.
pub async fn changes(
    db: &impl AuditTarget,
    actor: &Actor,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interval: ReportInterval,
) -> AppResult<Vec<(DateTime<Utc>, consent_purpose::Model, ChangeCounts)>> {
    actor.require_reports()?;
    if to <= from {
        return Err(AppError::bad_input("to", "must be after from"));
    }
    if to - from > Duration::days(MAX_PERIOD_DAYS) {
        return Err(AppError::bad_input(
            "to",
            format!("the period may be at most {MAX_PERIOD_DAYS} days"),
        ));
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT e.occurred_at, e.purpose_id, e.decision FROM consent_events e \
         JOIN customers c ON c.id = e.customer_id WHERE e.occurred_at >= ",
    )
    .bind(from)
    .push(" AND e.occurred_at < ")
    .bind(to);
    access::service::push_scope(&mut sql, &actor.customer_scope(), "c");
    let mut buckets: BTreeMap<(DateTime<Utc>, Uuid), ChangeCounts> = BTreeMap::new();
    for row in db.query_all_raw(sql.build()).await? {
        let at: DateTime<Utc> = row.try_get_by_index(0)?;
        let purpose: Uuid = row.try_get_by_index(1)?;
        let decision: String = row.try_get_by_index(2)?;
        let entry = buckets
            .entry((period_start(at, interval), purpose))
            .or_default();
        match ConsentDecision::from_db(&decision) {
            Some(ConsentDecision::Granted) => entry.granted += 1,
            Some(ConsentDecision::Withdrawn) => entry.withdrawn += 1,
            Some(ConsentDecision::Denied) | None => entry.denied += 1,
        }
    }
    let all: Vec<consent_purpose::Model> = purposes::active_or_all(db, true).await?;
    let order: HashMap<Uuid, usize> = all.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let by_id: HashMap<Uuid, consent_purpose::Model> = all.into_iter().map(|p| (p.id, p)).collect();
    let mut out: Vec<(DateTime<Utc>, consent_purpose::Model, ChangeCounts)> = buckets
        .into_iter()
        .filter_map(|((start, purpose), counts)| {
            by_id.get(&purpose).map(|p| (start, p.clone(), counts))
        })
        .collect();
    out.sort_by_key(|(start, p, _)| (*start, order.get(&p.id).copied().unwrap_or(usize::MAX)));
    audit::record(
        db,
        actor,
        "consent.report.changes",
        None,
        Outcome::Success,
        None,
    )
    .await?;
    Ok(out)
}

#[derive(Debug, Clone)]
pub struct ContactFilter {
    pub purpose_id: Uuid,
    pub status: Option<ConsentStatus>,
    pub expiring_before: Option<DateTime<Utc>>,
}

/// One row of the contact list.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub contact: contact::Model,
    pub customer_number: i64,
    pub customer_name: String,
}

/// Contacts matching `filter`, ordered by contact id, after `after`, at most `limit`.
async fn matching_contacts(
    db: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ContactFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<ReportRow>> {
    let purpose = consent_purpose::Entity::find_by_id(filter.purpose_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::bad_input("filter.purposeId", "is not a consent purpose"))?;
    let version = declaration::current(db).await?.version;
    let now = Utc::now();
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT k.id, c.number, c.display_name FROM contacts k JOIN customers c ON c.id = k.customer_id \
         LEFT JOIN current_consents cc ON cc.contact_id = k.id AND cc.purpose_id = ",
    )
    .bind(purpose.id)
    .push(" WHERE NOT k.archived AND c.state = 'active'");
    access::service::push_scope(&mut sql, &actor.customer_scope(), "c");
    let granted = " AND cc.decision = 'granted'";
    match filter.status {
        None => {}
        Some(ConsentStatus::NotAsked) => {
            sql.push(" AND cc.contact_id IS NULL");
        }
        Some(ConsentStatus::Withdrawn) => {
            sql.push(" AND cc.decision = 'withdrawn'");
        }
        Some(ConsentStatus::Denied) => {
            sql.push(" AND cc.decision = 'denied'");
        }
        Some(ConsentStatus::Expired) => {
            sql.push(granted)
                .push(" AND cc.valid_until IS NOT NULL AND cc.valid_until <= ")
                .bind(now);
        }
        Some(status @ (ConsentStatus::Granted | ConsentStatus::Outdated)) => {
            sql.push(granted)
                .push(" AND (cc.valid_until IS NULL OR cc.valid_until > ")
                .bind(now)
                .push(")")
                .push(if status == ConsentStatus::Granted {
                    " AND cc.declaration_version >= "
                } else {
                    " AND cc.declaration_version < "
                })
                .bind(version);
        }
    }
    if let Some(before) = filter.expiring_before {
        sql.push(granted)
            .push(" AND cc.valid_until > ")
            .bind(now)
            .push(" AND cc.valid_until <= ")
            .bind(before);
    }
    if let Some(after) = after {
        sql.push(" AND k.id > ").bind(after);
    }
    sql.push(" ORDER BY k.id LIMIT ")
        .bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let mut heads = Vec::new();
    for row in db.query_all_raw(sql.build()).await? {
        let id: Uuid = row.try_get_by_index(0)?;
        let number: i64 = row.try_get_by_index(1)?;
        let name: String = row.try_get_by_index(2)?;
        heads.push((id, number, name));
    }
    let mut contacts: HashMap<Uuid, contact::Model> = HashMap::new();
    for chunk in heads.chunks(500) {
        for c in contact::Entity::find()
            .filter(contact::Column::Id.is_in(chunk.iter().map(|(id, _, _)| *id)))
            .all(db)
            .await?
        {
            contacts.insert(c.id, c);
        }
    }
    Ok(heads
        .into_iter()
        .filter_map(|(id, number, name)| {
            contacts.remove(&id).map(|contact| ReportRow {
                contact,
                customer_number: number,
                customer_name: name,
            })
        })
        .collect())
}

fn audit_rows(rows: &[ReportRow]) -> serde_json::Value {
    let mut customers: Vec<String> = rows
        .iter()
        .map(|r| r.contact.customer_id.to_string())
        .collect();
    customers.sort();
    customers.dedup();
    serde_json::json!({
        "customerIds": customers,
        "contactIds": rows.iter().map(|r| r.contact.id.to_string()).collect::<Vec<_>>(),
    })
}

/// One page of the contact list (`limit + 1` rows are read to tell whether more follow).
pub async fn contacts_page(
    db: &impl AuditTarget,
    actor: &Actor,
    filter: &ContactFilter,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<(Vec<ReportRow>, bool)> {
    actor.require_reports()?;
    let mut rows = matching_contacts(db, actor, filter, after, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    audit::record(
        db,
        actor,
        "consent.report.list",
        None,
        Outcome::Success,
        Some(audit_rows(&rows)),
    )
    .await?;
    Ok((rows, more))
}

fn csv_field(value: &str) -> String {
    // Formula injection: a cell starting with = + - @ is text, not a formula, in spreadsheets.
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The whole list as CSV: customer number and name, contact name, e-mail, phone, then the status
/// of every active purpose (by key). An export: needs `EXPORT_PERSONAL_DATA` and is logged so.
pub async fn contacts_csv(
    db: &impl AuditTarget,
    actor: &Actor,
    filter: &ContactFilter,
) -> AppResult<String> {
    // Staff need the export right as well; a reporting tool's key exports with `reports:read`.
    if !matches!(actor, Actor::ApiKey { .. }) {
        actor.require(Right::ExportPersonalData)?;
    }
    actor.require_reports()?;
    let rows = matching_contacts(db, actor, filter, None, MAX_CSV_ROWS as u64 + 1).await?;
    if rows.len() > MAX_CSV_ROWS {
        return Err(AppError::bad_input(
            "filter",
            format!("more than {MAX_CSV_ROWS} contacts; narrow the filter"),
        ));
    }
    let active = purposes::active_or_all(db, false).await?;
    let version = declaration::current(db).await?.version;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.contact.id).collect();
    let current = super::service::current_for_contacts(db, &ids).await?;
    let now = Utc::now();
    let mut out = String::new();
    let mut header = vec![
        "customer_number".to_owned(),
        "customer_name".to_owned(),
        "contact_name".to_owned(),
        "email".to_owned(),
        "phone".to_owned(),
    ];
    header.extend(active.iter().map(|p| p.key.clone()));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for r in &rows {
        let mine: &[current_consent::Model] = current.get(&r.contact.id).map_or(&[], Vec::as_slice);
        let mut fields = vec![
            r.customer_number.to_string(),
            csv_field(&r.customer_name),
            csv_field(&r.contact.name),
            csv_field(r.contact.email.as_deref().unwrap_or("")),
            csv_field(r.contact.phone.as_deref().unwrap_or("")),
        ];
        for p in &active {
            let c = mine.iter().find(|c| c.purpose_id == p.id);
            fields.push(
                ConsentStatus::of(c, version, now)
                    .graphql_name()
                    .to_ascii_lowercase(),
            );
        }
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    audit::record(
        db,
        actor,
        "consent.report.export",
        None,
        Outcome::Success,
        Some(audit_rows(&rows)),
    )
    .await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_at_utc_midnight_weeks_on_monday() {
        let at = Utc.with_ymd_and_hms(2026, 11, 29, 15, 30, 0).unwrap(); // a Sunday
        assert_eq!(
            period_start(at, ReportInterval::Day),
            Utc.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).unwrap()
        );
        assert_eq!(
            period_start(at, ReportInterval::Week),
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
        );
        assert_eq!(
            period_start(at, ReportInterval::Month),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Berg, Bo"), "\"Berg, Bo\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+46701234567"), "'+46701234567");
        assert_eq!(csv_field("Åsa"), "Åsa");
    }
}
