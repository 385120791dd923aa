//! What a backup holds: every table, in an order where a row's foreign keys point at rows already
//! restored, read and written through the entities so values keep their types on either engine.
//!
//! Not included: sessions (`sessions`, `portal_sessions`: everyone signs in again after a
//! restore), the backup bookkeeping itself (`backups`, `backup_copies`, `backup_drills`,
//! `job_leases`: they describe this installation, not its data) and the SQLite search index
//! (`customer_search`, rebuilt from `customers.search_doc`).

use futures::StreamExt;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityName, EntityTrait,
    IntoActiveModel, Iterable, PrimaryKeyToColumn, QueryOrder, Statement,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::BackupError;
use super::archive::Writer;
use crate::entities as e;

/// Parameters per multi-row INSERT (SQLite allows 32 766, PostgreSQL 65 535).
const MAX_PARAMS: usize = 30_000;

macro_rules! backup_tables {
    ($($module:ident),+ $(,)?) => {
        /// The tables a backup holds, parents before children.
        pub fn names() -> Vec<&'static str> {
            vec![$(e::$module::Entity.table_name()),+]
        }

        /// Writes every table from the snapshot `txn` into `writer`.
        pub async fn dump_all(
            txn: &DatabaseTransaction,
            writer: &mut Writer,
        ) -> Result<(), BackupError> {
            $(dump::<e::$module::Entity>(txn, writer).await?;)+
            Ok(())
        }

        /// Every row of every table as JSON, the way a backup writes it (for comparing databases).
        pub async fn dump_values(
            db: &DatabaseConnection,
        ) -> Result<Vec<(&'static str, Vec<serde_json::Value>)>, BackupError> {
            Ok(vec![$((
                e::$module::Entity.table_name(),
                values::<e::$module::Entity>(db).await?,
            )),+])
        }

        /// Inserts `lines` (JSON lines of `table`) in `txn` (SQLite; PostgreSQL restores with `COPY`,
        /// see [`super::copy`]).
        pub async fn insert(
            txn: &impl ConnectionTrait,
            table: &str,
            lines: &[u8],
        ) -> Result<u64, BackupError> {
            $(if table == e::$module::Entity.table_name() {
                return insert_rows::<e::$module::Entity>(txn, lines).await;
            })+
            Err(BackupError::Corrupt(format!("the backup holds an unknown table {table}")))
        }
    };
}

backup_tables![
    user,
    setup_token,
    recovery_code,
    access_group,
    group_member,
    customer,
    contact,
    customer_group,
    consent_purpose,
    consent_declaration,
    consent_event,
    current_consent,
    organization_settings,
    data_partner,
    api_key,
    api_key_group,
    idempotency_key,
    portal_account,
    portal_token,
    outgoing_message,
    webhook_endpoint,
    webhook_delivery,
    order,
    order_line,
    invoice,
    invoice_line,
    task,
    anonymization_receipt,
    anonymization_ledger,
    retention_rule,
    customer_secret,
    secret_group,
    secret_reveal,
    master_key,
    field_key,
    audit_event,
    audit_link,
    audit_subject,
];

/// Tables a restore empties too although a backup does not carry them (they refer to rows it
/// replaces).
pub const CLEARED_NOT_RESTORED: &[&str] = &["sessions", "portal_sessions"];

/// Every table a backup deliberately leaves out (a test checks that each table of the schema is
/// either backed up or listed here).
pub const NOT_BACKED_UP: &[&str] = &[
    "sessions",
    "portal_sessions",
    "backups",
    "backup_copies",
    "backup_drills",
    "job_leases",
    "customer_search",
    "seaql_migrations",
    // SQLite: how far this machine's audit spool file was moved (`audit::spool`), not data.
    "audit_spool_marks",
];

/// Tables a fresh, migrated database already has rows in (migrations seed them; the first start
/// records its master key): they do not make a database "non-empty".
pub const SEEDED: &[&str] = &[
    "consent_purposes",
    "consent_declarations",
    "organization_settings",
    "master_keys",
];

/// Tables with an auto-increment id, whose PostgreSQL sequence must move past restored ids.
pub const SERIAL: &[&str] = &[
    "audit_events",
    "consent_events",
    "webhook_deliveries",
    "order_lines",
    "invoice_lines",
];

async fn dump<E>(txn: &DatabaseTransaction, writer: &mut Writer) -> Result<(), BackupError>
where
    E: EntityTrait,
    E::Model: Serialize + Sync,
{
    writer.begin_table(E::default().table_name())?;
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    let mut rows = query.stream(txn).await?;
    while let Some(row) = rows.next().await {
        writer.row(&row?)?;
    }
    Ok(())
}

async fn values<E>(db: &DatabaseConnection) -> Result<Vec<serde_json::Value>, BackupError>
where
    E: EntityTrait,
    E::Model: Serialize,
{
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    query
        .all(db)
        .await?
        .iter()
        .map(|row| serde_json::to_value(row).map_err(|e| BackupError::internal(e.into())))
        .collect()
}

async fn insert_rows<E>(txn: &impl ConnectionTrait, lines: &[u8]) -> Result<u64, BackupError>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<E::ActiveModel>,
{
    let table = E::default().table_name();
    let per_insert = (MAX_PARAMS / E::Column::iter().count().max(1)).clamp(1, 1000);
    let mut batch = Vec::with_capacity(per_insert);
    let mut inserted = 0u64;
    for line in lines.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let model: E::Model = serde_json::from_slice(line).map_err(|e| {
            BackupError::Corrupt(format!("a row of {table} does not fit this schema: {e}"))
        })?;
        batch.push(model.into_active_model());
        if batch.len() == per_insert {
            inserted += flush::<E>(txn, &mut batch).await?;
        }
    }
    if !batch.is_empty() {
        inserted += flush::<E>(txn, &mut batch).await?;
    }
    Ok(inserted)
}

/// `name` as a quoted SQL identifier (names come from the catalog, never from user input).
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn flush<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    batch: &mut Vec<E::ActiveModel>,
) -> Result<u64, BackupError> {
    let n = batch.len() as u64;
    E::insert_many(std::mem::take(batch))
        .exec_without_returning(txn)
        .await?;
    Ok(n)
}

/// Whether `table` (a name from [`names`] or the lists here, never user input) has a row.
pub async fn has_rows(db: &impl ConnectionTrait, table: &str) -> Result<bool, BackupError> {
    Ok(db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT 1 FROM {table} LIMIT 1"),
        ))
        .await?
        .is_some())
}

/// Rows in `table` (a name from [`names`], the lists here or a join of them, never user input).
pub async fn count(db: &impl ConnectionTrait, table: &str) -> Result<u64, BackupError> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) FROM {table}"),
        ))
        .await?;
    let n: i64 = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// PostgreSQL: drops the restored tables' indexes and constraints — primary keys, unique
/// constraints, secondary indexes, and the foreign keys of and to those tables — and returns the
/// statements that put them back, so [`after_restore`] builds each index once over the loaded
/// rows and checks each foreign key with one query, instead of maintaining them row by row (every
/// row inserted under a live foreign key also locks its parent row, which writes the parent's page
/// again). `pg_restore` does the same. In the restore's transaction: an interrupted restore leaves
/// them as they were, and restored rows that break a key fail the restore when it is added back.
/// Check constraints and `NOT NULL` stay: they hold for each row as it is copied.
/// SQLite: nothing.
pub async fn set_aside_indexes_and_constraints(
    txn: &impl ConnectionTrait,
) -> Result<Vec<String>, BackupError> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(Vec::new());
    }
    let tables = names();
    let restored = |table: &str| tables.contains(&table);
    let (mut keys, mut indexes, mut foreign_keys) = (Vec::new(), Vec::new(), Vec::new());
    // Foreign keys first: a primary key or unique constraint cannot go while one points at it.
    let constraints = txn
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT t.relname, c.conname, c.contype::text, pg_get_constraintdef(c.oid), \
               coalesce(r.relname, '') \
             FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
             LEFT JOIN pg_class r ON r.oid = c.confrelid \
             WHERE c.contype IN ('f', 'p', 'u') \
               AND t.relnamespace = current_schema()::regnamespace \
             ORDER BY c.contype <> 'f', t.relname, c.conname",
        ))
        .await?;
    for row in constraints {
        let table: String = row.try_get_by_index(0)?;
        let name: String = row.try_get_by_index(1)?;
        let kind: String = row.try_get_by_index(2)?;
        let definition: String = row.try_get_by_index(3)?;
        let referenced: String = row.try_get_by_index(4)?;
        let set_aside = if kind == "f" {
            restored(&table) || restored(&referenced)
        } else {
            restored(&table)
        };
        if !set_aside {
            continue;
        }
        txn.execute_unprepared(&format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            quoted(&table),
            quoted(&name)
        ))
        .await?;
        let add = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {definition}",
            quoted(&table),
            quoted(&name)
        );
        if kind == "f" {
            foreign_keys.push(add);
        } else {
            keys.push(add);
        }
    }
    // The restored tables' indexes that back no constraint (any left are an exclusion
    // constraint's, which stays).
    let rows = txn
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i \
             WHERE i.schemaname = current_schema() AND NOT EXISTS ( \
               SELECT 1 FROM pg_constraint c \
               WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass) \
             ORDER BY i.tablename, i.indexname",
        ))
        .await?;
    for row in rows {
        let table: String = row.try_get_by_index(0)?;
        let index: String = row.try_get_by_index(1)?;
        let definition: String = row.try_get_by_index(2)?;
        if restored(&table) {
            txn.execute_unprepared(&format!("DROP INDEX {}", quoted(&index)))
                .await?;
            indexes.push(definition);
        }
    }
    // Keys, then indexes, then the foreign keys, whose checks use them.
    keys.extend(indexes);
    keys.extend(foreign_keys);
    Ok(keys)
}

/// After a restore: PostgreSQL gets back what [`set_aside_indexes_and_constraints`] set aside
/// and its sequences continue after the restored ids; SQLite's search index is rebuilt from the
/// restored customers.
pub async fn after_restore(
    txn: &impl ConnectionTrait,
    set_aside: &[String],
) -> Result<(), BackupError> {
    match txn.get_database_backend() {
        DbBackend::Postgres => {
            for statement in set_aside {
                txn.execute_unprepared(statement).await?;
            }
            for table in SERIAL {
                txn.execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .await?;
            }
        }
        _ => {
            txn.execute_unprepared(
                "INSERT INTO customer_search (customer_search) VALUES ('delete-all')",
            )
            .await?;
            txn.execute_unprepared(
                "INSERT INTO customer_search (rowid, doc) \
                 SELECT number, search_doc FROM customers WHERE search_doc <> ''",
            )
            .await?;
        }
    }
    Ok(())
}
