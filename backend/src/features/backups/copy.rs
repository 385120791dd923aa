//! PostgreSQL: a restore's transaction on a connection of its own, so its rows can go in with
//! `COPY … FROM STDIN` — the server's fastest way in, and what `pg_restore` uses — while every
//! other statement of the restore still goes through sea-orm in the same transaction.
//!
//! sea-orm's [`sea_orm::DatabaseTransaction`] does not lend out its connection, so the restore
//! opens a pool of exactly one connection (no idle timeout, no lifetime limit: it never
//! reconnects), wraps it in a [`DatabaseConnection`] and brackets the work with `BEGIN` and
//! `COMMIT`. sea-orm's statements and the COPYs then run on that one connection, one after the
//! other. If the restore fails or is dropped, the connection is closed without `COMMIT` and the
//! server rolls everything back.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr, SqlxPostgresConnector,
    Statement,
};
use serde_json::value::RawValue;
use sqlx::postgres::{PgPool, PgPoolCopyExt, PgPoolOptions};

use super::BackupError;
use super::tables::quoted;

/// Bytes of COPY text sent at a time: the server parses one chunk while the next is converted.
const CHUNK: usize = 1 << 20;

/// A transaction on a PostgreSQL connection of its own; see the module documentation.
#[derive(Debug)]
pub struct CopyTransaction {
    pool: PgPool,
    conn: DatabaseConnection,
}

impl CopyTransaction {
    /// Opens a connection like `db`'s and starts a transaction on it.
    pub async fn begin(db: &DatabaseConnection) -> Result<Self, BackupError> {
        let options = db.get_postgres_connection_pool().connect_options();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(Duration::from_secs(15))
            .connect_with((*options).clone())
            .await
            .map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e))))?;
        let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool.clone());
        conn.execute_unprepared("BEGIN").await?;
        Ok(Self { pool, conn })
    }

    /// The transaction, for sea-orm's statements.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Commits and closes the connection.
    pub async fn commit(self) -> Result<(), BackupError> {
        self.conn.execute_unprepared("COMMIT").await?;
        self.pool.close().await;
        Ok(())
    }

    /// Closes the connection without committing: the server rolls the transaction back.
    pub async fn rollback(self) {
        self.pool.close().await;
    }

    /// Inserts `lines` (JSON lines of `table`, a name from [`super::tables::names`]) with one
    /// `COPY`. Columns are matched by name (a column the row lacks is NULL, a key the table lacks
    /// is ignored) and each value is parsed by the server as its column's type, so a value that
    /// does not fit fails the COPY, and the restore. Timestamps are cut to PostgreSQL's
    /// microseconds the way binding them does (an archive from SQLite may carry nanoseconds,
    /// which PostgreSQL's own parsing would round instead).
    pub async fn copy(&self, table: &str, lines: &[u8]) -> Result<u64, BackupError> {
        let text = std::str::from_utf8(lines)
            .map_err(|_| BackupError::Corrupt(format!("a part of {table} is not UTF-8 text")))?;
        let columns = self.columns(table).await?;
        let names: Vec<String> = columns.iter().map(|c| quoted(&c.name)).collect();
        let statement = format!("COPY {table} ({}) FROM STDIN", names.join(", "));
        let db_err =
            |e: sqlx::Error| BackupError::Db(DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e))));
        let mut copy = self.pool.copy_in_raw(&statement).await.map_err(db_err)?;
        let mut buffer = String::with_capacity(CHUNK + 64 * 1024);
        let mut rows = 0u64;
        let converted: Result<(), BackupError> = async {
            for line in text.split('\n').filter(|l| !l.is_empty()) {
                copy_row(&mut buffer, table, &columns, line)?;
                rows += 1;
                if buffer.len() >= CHUNK {
                    copy.send(buffer.as_bytes()).await.map_err(db_err)?;
                    buffer.clear();
                }
            }
            if !buffer.is_empty() {
                copy.send(buffer.as_bytes()).await.map_err(db_err)?;
            }
            Ok(())
        }
        .await;
        if let Err(error) = converted {
            // Ends the COPY so the connection answers again; the transaction is aborted.
            let _ = copy.abort("the backup's rows could not be read").await;
            return Err(error);
        }
        let copied = copy.finish().await.map_err(db_err)?;
        if copied != rows {
            return Err(BackupError::Corrupt(format!(
                "{rows} rows of {table} were read, PostgreSQL took {copied}"
            )));
        }
        Ok(copied)
    }

    /// `table`'s columns as the catalog lists them.
    async fn columns(&self, table: &str) -> Result<Vec<Column>, BackupError> {
        let rows = self
            .conn
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a \
                 WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped \
                 ORDER BY a.attnum",
                [table.into()],
            ))
            .await?;
        rows.into_iter()
            .map(|row| {
                let name: String = row.try_get_by_index(0)?;
                let kind: String = row.try_get_by_index(1)?;
                let kind = if kind.starts_with("timestamp") {
                    Kind::Timestamp
                } else if kind == "json" || kind == "jsonb" {
                    Kind::Json
                } else {
                    Kind::Plain
                };
                Ok(Column { name, kind })
            })
            .collect()
    }
}

struct Column {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text the column's type parses (strings unquoted, numbers and booleans as JSON writes them).
    Plain,
    /// A JSON value, kept as JSON text.
    Json,
    /// A timestamp, cut to microseconds.
    Timestamp,
}

/// Appends `line` (one JSON object) to `out` as a row of COPY's text format.
fn copy_row(
    out: &mut String,
    table: &str,
    columns: &[Column],
    line: &str,
) -> Result<(), BackupError> {
    let corrupt = |e: serde_json::Error| {
        BackupError::Corrupt(format!("a row of {table} does not fit this schema: {e}"))
    };
    // Column names never need escapes, so the keys borrow from the line.
    let fields: BTreeMap<&str, &RawValue> = serde_json::from_str(line).map_err(corrupt)?;
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        let raw = match fields.get(column.name.as_str()) {
            Some(raw) if raw.get() != "null" => raw.get(),
            _ => {
                out.push_str("\\N");
                continue;
            }
        };
        if column.kind == Kind::Json || !raw.starts_with('"') {
            escape_into(out, raw);
            continue;
        }
        let text: Cow<'_, str> = if raw.contains('\\') {
            Cow::Owned(serde_json::from_str::<String>(raw).map_err(corrupt)?)
        } else {
            Cow::Borrowed(&raw[1..raw.len() - 1])
        };
        if column.kind == Kind::Timestamp {
            escape_into(out, &microseconds(&text));
        } else {
            escape_into(out, &text);
        }
    }
    out.push('\n');
    Ok(())
}

/// `value` with at most six digits after the seconds' decimal point (more are dropped, not
/// rounded).
fn microseconds(value: &str) -> Cow<'_, str> {
    let Some(dot) = value.find('.') else {
        return Cow::Borrowed(value);
    };
    let digits = value[dot + 1..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits <= 6 {
        return Cow::Borrowed(value);
    }
    let mut cut = String::with_capacity(value.len());
    cut.push_str(&value[..dot + 7]);
    cut.push_str(&value[dot + 1 + digits..]);
    Cow::Owned(cut)
}

/// Appends `value` with COPY text format's escapes (backslash, tab, newline, carriage return).
fn escape_into(out: &mut String, value: &str) {
    if !value.contains(['\\', '\t', '\n', '\r']) {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Vec<Column> {
        [
            ("id", Kind::Plain),
            ("name", Kind::Plain),
            ("at", Kind::Timestamp),
            ("details", Kind::Json),
            ("active", Kind::Plain),
        ]
        .into_iter()
        .map(|(name, kind)| Column {
            name: name.to_owned(),
            kind,
        })
        .collect()
    }

    fn row(line: &str) -> String {
        let mut out = String::new();
        copy_row(&mut out, "t", &columns(), line).unwrap();
        out
    }

    #[test]
    fn values_become_copy_text_in_the_tables_column_order() {
        assert_eq!(
            row(
                r#"{"active":true,"at":"2026-12-02T01:02:03.123456789Z","name":"Åsa \"Ö\"\tx\\y\nz","id":7,"details":{"a":"b\tc"},"extra":1}"#
            ),
            // The JSON column keeps JSON's own escape, whose backslash COPY text escapes again.
            "7\tÅsa \"Ö\"\\tx\\\\y\\nz\t2026-12-02T01:02:03.123456Z\t{\"a\":\"b\\\\tc\"}\ttrue\n"
        );
    }

    #[test]
    fn null_and_missing_values_are_null() {
        assert_eq!(
            row(r#"{"id":1,"name":null,"details":null}"#),
            "1\t\\N\t\\N\t\\N\t\\N\n"
        );
    }

    #[test]
    fn a_json_string_stays_json() {
        assert_eq!(
            row(r#"{"id":1,"name":"n","at":"2026-01-01T00:00:00Z","details":"x","active":false}"#),
            "1\tn\t2026-01-01T00:00:00Z\t\"x\"\tfalse\n"
        );
    }

    #[test]
    fn a_line_that_is_not_an_object_is_refused() {
        let mut out = String::new();
        assert!(matches!(
            copy_row(&mut out, "t", &columns(), "[1,2]"),
            Err(BackupError::Corrupt(_))
        ));
    }

    #[test]
    fn microseconds_cut_without_rounding() {
        assert_eq!(
            microseconds("12:00:00.9999999+01:00"),
            "12:00:00.999999+01:00"
        );
        assert_eq!(microseconds("12:00:00.5Z"), "12:00:00.5Z");
        assert_eq!(microseconds("12:00:00Z"), "12:00:00Z");
    }
}
