//! The tamper-evident chain over the audit log.
//!
//! Requests insert audit rows without touching the chain (no lock on the hot path). The sealer
//! ([`Sealer`], run every two seconds by the server, and [`seal`] before `verify`) takes unlinked
//! events in id order and appends one row per event to `audit_links`: the next `seq`, the event's
//! id and `hash = HMAC-SHA256(key, previous link's hash ‖ seq ‖ canonical(event))` with a keyring
//! key that is not in the database — so someone who can write to the database cannot recompute a
//! consistent chain. Links are only ever inserted (an UPDATE of the event would write the whole
//! row and its index entries a second time). [`verify`] walks the links and reports the first
//! one whose event was changed or removed, or whose position or hash is wrong.
//!
//! **Finding unlinked events.** Nothing on an event says it is unlinked, so the sealer looks for
//! events above a *floor* that have no link (an anti-join over a short id range). On PostgreSQL a
//! lower id can commit after a higher one (two transactions take ids, the later one commits
//! first), and an id whose transaction rolled back never appears at all. So when a round links
//! events up to id N, every id below N it did not see is remembered as a *gap* and looked at
//! again in the next rounds: a straggler that commits is linked then (after the higher ids: the
//! chain's order is the sealing order, not strictly id order); a gap still empty after
//! [`GAP_PATIENCE`] was a rollback and is forgotten. The server's sealer keeps floor and gaps in
//! memory; when it starts (or takes the job over from another replica) it sweeps the last
//! [`RESCAN`] of events once. [`seal`] sweeps the whole log, so `tillit audit verify` links any
//! event whose transaction stayed open longer than that.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use sha2::Sha256;
use tokio::sync::Mutex;

use crate::crypto::{KeyPurpose, Keyring};
use crate::db::Sql;
use crate::entities::{audit_event, audit_link};
use crate::error::{AppError, AppResult};

const GENESIS: &str = "genesis";
const SEAL_BATCH: u64 = 1_000;
/// Links per INSERT (3 bound values each).
const LINKS_PER_INSERT: usize = 1_000;
/// Rows younger than this are left for the next round: on PostgreSQL a lower id can commit after
/// a higher one, and waiting lets most of them arrive so the chain mostly follows id order.
const SETTLE_MS: i64 = 1_000;
/// How long an id the sealer skipped is looked for again before it counts as rolled back.
pub const GAP_PATIENCE: Duration = Duration::from_secs(600);
/// The most gap ranges remembered; beyond that the closest ones are merged (a merged range also
/// covers ids that were linked: they cost a look-up each round, nothing else).
const MAX_GAPS: usize = 256;
/// How far back a sealer that starts (or has not run for this long) looks for unlinked events.
pub const RESCAN: Duration = Duration::from_secs(900);

/// Deterministic JSON: object keys sorted at every level.
fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::Value::String(k.clone()),
                        canonical_json(&map[k])
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(canonical_json)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
        other => other.to_string(),
    }
}

/// Everything a row says, in a fixed order with unambiguous separators.
fn canonical(row: &audit_event::Model) -> String {
    let field =
        |v: Option<&str>| v.map_or_else(|| "\u{0}".to_owned(), |s| s.replace('\u{1f}', " "));
    [
        row.id.to_string(),
        row.occurred_at.timestamp_micros().to_string(),
        field(Some(&row.actor_kind)),
        field(row.actor_id.as_deref()),
        field(Some(&row.action)),
        field(row.entity_type.as_deref()),
        field(row.entity_id.as_deref()),
        field(Some(&row.outcome)),
        field(row.ip.as_deref()),
        field(row.request_id.as_deref()),
        row.details
            .as_ref()
            .map_or_else(|| "\u{0}".to_owned(), canonical_json),
    ]
    .join("\u{1f}")
}

type HmacSha256 = Hmac<Sha256>;

/// The keyed MAC every link starts from (the key is derived once per round, not per row).
fn chain_mac(keyring: &Keyring) -> AppResult<HmacSha256> {
    let key = keyring.derive(KeyPurpose::AuditChain);
    HmacSha256::new_from_slice(key.as_ref()).map_err(AppError::internal)
}

fn link(mac: &HmacSha256, prev_hash: &str, seq: i64, row: &audit_event::Model) -> String {
    let mut mac = mac.clone();
    mac.update(prev_hash.as_bytes());
    mac.update(b"\x1e");
    mac.update(seq.to_string().as_bytes());
    mac.update(b"\x1e");
    mac.update(canonical(row).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Ids the sealer skipped below what it linked: `from..=to`, first seen at `seen`.
#[derive(Debug, Clone, Copy)]
struct Gap {
    from: i64,
    to: i64,
    seen: Instant,
}

#[derive(Debug, Default)]
struct Progress {
    /// Every event id up to here is linked, or lies in a gap. `None`: not known yet.
    floor: Option<i64>,
    gaps: Vec<Gap>,
    /// The highest linked event id when this sealer started: below it, ids a round skips are
    /// mostly linked already (the sweep after a start looks at them anyway), so they are not
    /// remembered as gaps. `i64::MAX` for a whole-log sweep, which remembers none.
    linked_before: i64,
    last_round: Option<Instant>,
}

/// The server's sealer: links new events every round, remembering where it stopped and which
/// ids it skipped (see the module documentation). One per server; rounds run one at a time.
#[derive(Debug, Default)]
pub struct Sealer {
    progress: Mutex<Progress>,
}

impl Sealer {
    pub fn new() -> Sealer {
        Sealer::default()
    }

    /// Links every settled unlinked event; returns how many. Reads through `db` and links
    /// through `writes` (the server passes the audit writer's own connection on SQLite, so
    /// sealing queues behind the writer's commits). Safe to run from several servers at once:
    /// on PostgreSQL an advisory lock lets one link at a time, on SQLite the write transaction
    /// does, and a round whose head moved meanwhile links nothing.
    pub async fn seal(
        &self,
        db: &DatabaseConnection,
        writes: &DatabaseConnection,
        keyring: &Keyring,
    ) -> AppResult<u64> {
        let mut progress = self.progress.lock().await;
        let stale = progress
            .last_round
            .is_none_or(|last| last.elapsed() > RESCAN);
        if stale {
            // A new sealer, or one that lost the job to another replica for a while: sweep the
            // recent past once instead of trusting a floor it may not have moved.
            let since = Utc::now() - chrono::Duration::from_std(RESCAN).unwrap_or_default();
            progress.floor = Some(recent_floor(db, since).await?);
            progress.linked_before = max_of::<audit_link::Entity>(db, audit_link::Column::EventId)
                .await?
                .unwrap_or(0);
            progress.gaps.clear();
        }
        let total = rounds(db, writes, keyring, &mut progress).await?;
        progress.last_round = Some(Instant::now());
        Ok(total)
    }
}

/// Links every settled unlinked event in the whole log; returns how many. For `tillit audit
/// verify` and tests: the server uses a [`Sealer`], which looks at recent ids only.
pub async fn seal(db: &DatabaseConnection, keyring: &Keyring) -> AppResult<u64> {
    let mut progress = Progress {
        floor: Some(0),
        linked_before: i64::MAX,
        ..Progress::default()
    };
    rounds(db, db, keyring, &mut progress).await
}

/// Runs rounds until one finds nothing more waiting; returns how many events were linked.
async fn rounds(
    db: &DatabaseConnection,
    writes: &DatabaseConnection,
    keyring: &Keyring,
    progress: &mut Progress,
) -> AppResult<u64> {
    let mac = chain_mac(keyring)?;
    let mut total = 0;
    loop {
        let (sealed, more) = round(db, writes, &mac, progress).await?;
        total += sealed;
        if !more {
            return Ok(total);
        }
    }
}

/// The largest value of an integer column of `E` (`None` when the table is empty).
async fn max_of<E: EntityTrait>(
    db: &DatabaseConnection,
    column: E::Column,
) -> AppResult<Option<i64>> {
    Ok(E::find()
        .select_only()
        .column_as(column.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten())
}

/// The last link: its `seq` and hash (`0` and the genesis value before the first).
async fn head(db: &impl ConnectionTrait) -> AppResult<(i64, String)> {
    let last = audit_link::Entity::find()
        .order_by_desc(audit_link::Column::Seq)
        .one(db)
        .await?;
    Ok(match last {
        Some(link) => (link.seq, link.hash),
        None => (0, GENESIS.to_owned()),
    })
}

/// `NOT EXISTS (a link for this event)`.
fn unlinked() -> sea_orm::sea_query::SimpleExpr {
    // In this function only: its `max` would shadow `Ord::max` on integers elsewhere.
    use sea_orm::sea_query::ExprTrait;
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(audit_link::Entity)
            .and_where(
                Expr::col((audit_link::Entity, audit_link::Column::EventId))
                    .equals((audit_event::Entity, audit_event::Column::Id)),
            )
            .to_owned(),
    )
    .not()
}

/// The newest id older than `since`, found by bisecting the id range (ids are handed out in
/// nearly the order of `occurred_at`, which has no index of its own); 0 if there is none.
async fn recent_floor(db: &DatabaseConnection, since: DateTime<Utc>) -> AppResult<i64> {
    let first_from = |id: i64| {
        audit_event::Entity::find()
            .select_only()
            .column(audit_event::Column::Id)
            .column(audit_event::Column::OccurredAt)
            .filter(audit_event::Column::Id.gte(id))
            .order_by_asc(audit_event::Column::Id)
            .into_tuple::<(i64, DateTime<Utc>)>()
            .one(db)
    };
    let Some((mut lo, at)) = first_from(i64::MIN).await? else {
        return Ok(0);
    };
    if at >= since {
        return Ok(0);
    }
    let mut hi = max_of::<audit_event::Entity>(db, audit_event::Column::Id)
        .await?
        .unwrap_or(lo)
        .saturating_add(1);
    // The answer lies in [lo, hi): every id below `lo` is older than `since`, `hi` is not.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match first_from(mid).await? {
            Some((id, at)) if at < since && id < hi => lo = id,
            _ => hi = mid,
        }
    }
    Ok(lo)
}

/// One round: reads and hashes a batch of unlinked events without any lock — first those in
/// remembered gaps, then those above the floor — then links them in a short write transaction
/// unless another sealer moved the head meanwhile. The write lock is shared with the audit
/// writer, which every read waits for: it is held for one INSERT, not for reading and hashing
/// a thousand rows. Returns how many were linked and whether more may be waiting.
async fn round(
    db: &DatabaseConnection,
    writes: &DatabaseConnection,
    mac: &HmacSha256,
    progress: &mut Progress,
) -> AppResult<(u64, bool)> {
    let start = head(db).await?;
    let floor = progress.floor.unwrap_or(0);
    let settled = Utc::now() - chrono::Duration::milliseconds(SETTLE_MS);
    progress.gaps.retain(|g| g.seen.elapsed() < GAP_PATIENCE);

    let mut rows = Vec::new();
    if !progress.gaps.is_empty() {
        let mut in_gaps = Condition::any();
        for gap in &progress.gaps {
            in_gaps = in_gaps.add(audit_event::Column::Id.between(gap.from, gap.to));
        }
        rows = audit_event::Entity::find()
            .filter(in_gaps)
            .filter(audit_event::Column::OccurredAt.lt(settled))
            .filter(unlinked())
            .order_by_asc(audit_event::Column::Id)
            .limit(SEAL_BATCH)
            .all(db)
            .await?;
    }
    let above = audit_event::Entity::find()
        .filter(audit_event::Column::Id.gt(floor))
        .filter(audit_event::Column::OccurredAt.lt(settled))
        .filter(unlinked())
        .order_by_asc(audit_event::Column::Id)
        .limit(SEAL_BATCH)
        .all(db)
        .await?;
    let more = above.len() as u64 == SEAL_BATCH;
    let base = floor.max(progress.linked_before);
    let new_gaps = skipped(base, above.iter().map(|r| r.id).filter(|&id| id > base));
    let new_floor = above.last().map_or(floor, |r| r.id);
    rows.extend(above);
    if rows.is_empty() {
        return Ok((0, false));
    }

    let (mut seq, mut prev) = start.clone();
    let mut links = Vec::with_capacity(rows.len());
    for row in &rows {
        seq += 1;
        let hash = link(mac, &prev, seq, row);
        links.push((seq, row.id, hash.clone()));
        prev = hash;
    }
    let txn = crate::db::begin_write(writes).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        let got: bool = txn
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT pg_try_advisory_xact_lock(7469116105116)",
            ))
            .await?
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or(false);
        if !got {
            return Ok((0, false));
        }
    }
    if head(&txn).await? != start {
        return Ok((0, false));
    }
    for chunk in links.chunks(LINKS_PER_INSERT) {
        let mut sql = Sql::new(txn.get_database_backend());
        sql.push("INSERT INTO audit_links (seq, event_id, hash) VALUES ");
        for (i, (seq, event_id, hash)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*seq)
                .push(", ")
                .bind(*event_id)
                .push(", ")
                .bind(hash.clone())
                .push(")");
        }
        txn.execute_raw(sql.build()).await?;
    }
    txn.commit().await?;

    progress.floor = Some(new_floor);
    let now = Instant::now();
    progress
        .gaps
        .extend(new_gaps.into_iter().map(|(from, to)| Gap {
            from,
            to,
            seen: now,
        }));
    merge_gaps(&mut progress.gaps);
    Ok((links.len() as u64, more))
}

/// The id ranges above `floor` and below the last of `ids` (ascending) that `ids` skips.
fn skipped(floor: i64, ids: impl Iterator<Item = i64>) -> Vec<(i64, i64)> {
    let mut gaps = Vec::new();
    let mut next = floor.saturating_add(1);
    for id in ids {
        if id > next {
            gaps.push((next, id - 1));
        }
        next = id.saturating_add(1);
    }
    gaps
}

/// Keeps at most [`MAX_GAPS`] ranges by merging the two closest neighbours (the merged range is
/// as old as its older half).
fn merge_gaps(gaps: &mut Vec<Gap>) {
    gaps.sort_by_key(|g| g.from);
    while gaps.len() > MAX_GAPS {
        let Some(i) = (1..gaps.len()).min_by_key(|&i| gaps[i].from - gaps[i - 1].to) else {
            return;
        };
        let right = gaps.remove(i);
        let left = &mut gaps[i - 1];
        left.to = left.to.max(right.to);
        left.seen = left.seen.min(right.seen);
    }
}

/// The result of walking the chain.
#[derive(Debug, PartialEq, Eq)]
pub struct Verification {
    /// Links whose chain checked out.
    pub verified: u64,
    /// The first problem, with the id of the event where the chain breaks.
    pub broken: Option<(i64, String)>,
    /// Events not linked yet (normally only the last few seconds').
    pub unsealed: u64,
    /// The last link `(seq, hash)`: kept outside the database, it also reveals a truncated tail.
    pub head: Option<(i64, String)>,
}

/// Recomputes the chain from the start.
pub async fn verify(db: &DatabaseConnection, keyring: &Keyring) -> AppResult<Verification> {
    let mac = chain_mac(keyring)?;
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut verified = 0u64;
    let broken = 'walk: loop {
        let links = audit_link::Entity::find()
            .filter(audit_link::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_link::Column::Seq)
            .limit(SEAL_BATCH)
            .all(db)
            .await?;
        if links.is_empty() {
            break None;
        }
        let events: std::collections::HashMap<i64, audit_event::Model> =
            audit_event::Entity::find()
                .filter(audit_event::Column::Id.is_in(links.iter().map(|l| l.event_id)))
                .all(db)
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
        for l in links {
            let problem = if l.seq != expected_seq {
                Some(format!(
                    "sequence jumps from {} to {}: links were removed",
                    expected_seq - 1,
                    l.seq
                ))
            } else {
                match events.get(&l.event_id) {
                    None => Some("the row was removed".to_owned()),
                    Some(event) if link(&mac, &prev, l.seq, event) != l.hash => Some(
                        "the row's content or its link was changed after it was sealed".to_owned(),
                    ),
                    Some(_) => None,
                }
            };
            if let Some(problem) = problem {
                break 'walk Some((l.event_id, problem));
            }
            prev = l.hash;
            expected_seq += 1;
            verified += 1;
        }
    };
    let events = audit_event::Entity::find().count(db).await?;
    let links = audit_link::Entity::find().count(db).await?;
    Ok(Verification {
        verified,
        head: (broken.is_none() && verified > 0).then(|| (expected_seq - 1, prev)),
        broken,
        unsealed: events.saturating_sub(links),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_ids_become_gap_ranges() {
        assert_eq!(
            skipped(10, [11, 12, 15, 16, 20].into_iter()),
            vec![(13, 14), (17, 19)]
        );
        assert_eq!(skipped(10, [13].into_iter()), vec![(11, 12)]);
        assert!(skipped(10, std::iter::empty()).is_empty());
    }

    #[test]
    fn too_many_gaps_merge_the_closest_keeping_every_id() {
        let seen = Instant::now();
        let mut gaps: Vec<Gap> = (0..(MAX_GAPS as i64 + 3))
            .map(|i| Gap {
                from: i * 10,
                to: i * 10 + if i == 5 { 8 } else { 1 },
                seen,
            })
            .collect();
        let covered: Vec<i64> = gaps.iter().flat_map(|g| g.from..=g.to).collect();
        merge_gaps(&mut gaps);
        assert_eq!(gaps.len(), MAX_GAPS);
        for id in covered {
            assert!(gaps.iter().any(|g| g.from <= id && id <= g.to), "{id} lost");
        }
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b":1,"a":{"y":[1,{"d":2,"c":3}],"x":null}}"#).unwrap();
        let b: serde_json::Value =
            serde_json::from_str(r#"{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1}"#
        );
    }
}
