//! The tamper-evident chain over the audit log.
//!
//! Requests insert audit rows without touching the chain (no lock on the hot path). The sealer
//! ([`seal`], run every few seconds by the server and before `verify`) takes unsealed rows in id
//! order and gives each the next `seq`, the previous row's hash, and
//! `hash = HMAC-SHA256(key, prev_hash ‖ canonical(row))` with a keyring key that is not in the
//! database — so someone who can write to the database cannot recompute a consistent chain.
//! [`verify`] walks the chain and reports the first row whose content, link or position is wrong.

use hmac::{Hmac, Mac};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use sha2::Sha256;

use crate::crypto::{KeyPurpose, Keyring};
use crate::db::Sql;
use crate::entities::audit_event;
use crate::error::{AppError, AppResult};

const GENESIS: &str = "genesis";
const SEAL_BATCH: u64 = 1_000;
/// Rows linked per UPDATE statement (4 bound values each).
const LINKS_PER_UPDATE: usize = 250;
/// Rows younger than this are left for the next round: on PostgreSQL a lower id can commit after
/// a higher one, and waiting lets it arrive so the chain follows id order.
const SETTLE_MS: i64 = 1_000;

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

fn link(
    keyring: &Keyring,
    prev_hash: &str,
    seq: i64,
    row: &audit_event::Model,
) -> AppResult<String> {
    let key = keyring.derive(KeyPurpose::AuditChain);
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_ref()).map_err(AppError::internal)?;
    mac.update(prev_hash.as_bytes());
    mac.update(b"\x1e");
    mac.update(seq.to_string().as_bytes());
    mac.update(b"\x1e");
    mac.update(canonical(row).as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// Chains every settled unsealed row; returns how many were sealed. Safe to run concurrently
/// from several servers: on PostgreSQL an advisory lock lets one seal at a time, on SQLite the
/// write transaction does.
pub async fn seal(db: &DatabaseConnection, keyring: &Keyring) -> AppResult<u64> {
    seal_with(db, db, keyring).await
}

/// [`seal`], reading through `db` and linking through `writes` (the server passes the audit
/// writer's own connection on SQLite, so sealing queues behind the writer's commits).
pub async fn seal_with(
    db: &DatabaseConnection,
    writes: &DatabaseConnection,
    keyring: &Keyring,
) -> AppResult<u64> {
    let mut total = 0;
    loop {
        let sealed = seal_batch(db, writes, keyring).await?;
        total += sealed;
        if sealed < SEAL_BATCH {
            return Ok(total);
        }
    }
}

/// The last link: its `seq` and hash (`0` and the genesis value before the first).
async fn head(db: &impl ConnectionTrait) -> AppResult<(i64, String)> {
    let last = audit_event::Entity::find()
        .filter(audit_event::Column::Seq.is_not_null())
        .order_by_desc(audit_event::Column::Seq)
        .one(db)
        .await?;
    Ok(match last {
        Some(row) => (row.seq.unwrap_or(0), row.hash.unwrap_or_default()),
        None => (0, GENESIS.to_owned()),
    })
}

/// Reads and hashes a batch without any lock, then links it in a short write transaction
/// unless another sealer moved the head meanwhile (then the next round starts from there). The
/// write lock is shared with the audit writer, which every read waits for: it is held for the
/// few UPDATEs only, not for reading and hashing a thousand rows.
async fn seal_batch(
    db: &DatabaseConnection,
    writes: &DatabaseConnection,
    keyring: &Keyring,
) -> AppResult<u64> {
    let start = head(db).await?;
    let (mut seq, mut prev) = start.clone();
    let settled = chrono::Utc::now() - chrono::Duration::milliseconds(SETTLE_MS);
    let rows = audit_event::Entity::find()
        .filter(audit_event::Column::Seq.is_null())
        .filter(audit_event::Column::OccurredAt.lt(settled))
        .order_by_asc(audit_event::Column::Id)
        .limit(SEAL_BATCH)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let count = rows.len() as u64;
    let mut links = Vec::with_capacity(rows.len());
    for row in rows {
        seq += 1;
        let hash = link(keyring, &prev, seq, &row)?;
        links.push((
            row.id,
            seq,
            std::mem::replace(&mut prev, hash.clone()),
            hash,
        ));
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
            return Ok(0);
        }
    }
    if head(&txn).await? != start {
        return Ok(0);
    }
    // A few statements per batch rather than one per row, for the same reason.
    for chunk in links.chunks(LINKS_PER_UPDATE) {
        let mut sql = Sql::new(txn.get_database_backend());
        sql.push("WITH v (id, seq, prev_hash, hash) AS (VALUES ");
        for (i, (id, seq, prev_hash, hash)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*id)
                .push(", ")
                .bind(*seq)
                .push(", ")
                .bind(prev_hash.clone())
                .push(", ")
                .bind(hash.clone())
                .push(")");
        }
        sql.push(
            ") UPDATE audit_events SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash \
             FROM v WHERE audit_events.id = v.id AND audit_events.seq IS NULL",
        );
        txn.execute_raw(sql.build()).await?;
    }
    txn.commit().await?;
    Ok(count)
}

/// The result of walking the chain.
#[derive(Debug, PartialEq, Eq)]
pub struct Verification {
    /// Rows whose chain checked out.
    pub verified: u64,
    /// The first problem, with the id of the row where the chain breaks.
    pub broken: Option<(i64, String)>,
    /// Rows not sealed yet (normally only the last second's).
    pub unsealed: u64,
    /// The last link `(seq, hash)`: kept outside the database, it also reveals a truncated tail.
    pub head: Option<(i64, String)>,
}

/// Recomputes the chain from the start.
pub async fn verify(db: &DatabaseConnection, keyring: &Keyring) -> AppResult<Verification> {
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut verified = 0u64;
    loop {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_event::Column::Seq)
            .limit(SEAL_BATCH)
            .all(db)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq = row.seq.unwrap_or(-1);
            let problem = if seq != expected_seq {
                Some(format!(
                    "sequence jumps from {} to {seq}: rows were removed",
                    expected_seq - 1
                ))
            } else if row.prev_hash.as_deref() != Some(prev.as_str()) {
                Some("the link to the previous row does not match".to_owned())
            } else if row.hash.as_deref() != Some(link(keyring, &prev, seq, row)?.as_str()) {
                Some("the row's content was changed after it was written".to_owned())
            } else {
                None
            };
            if let Some(problem) = problem {
                return Ok(Verification {
                    verified,
                    broken: Some((row.id, problem)),
                    unsealed: unsealed(db).await?,
                    head: None,
                });
            }
            prev = row.hash.clone().unwrap_or_default();
            expected_seq += 1;
            verified += 1;
        }
    }
    Ok(Verification {
        verified,
        broken: None,
        unsealed: unsealed(db).await?,
        head: (verified > 0).then(|| (expected_seq - 1, prev)),
    })
}

async fn unsealed(db: &DatabaseConnection) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::Seq.is_null())
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
