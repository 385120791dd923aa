//! Opening the database: SQLCipher-encrypted SQLite by default, PostgreSQL when `DATABASE_URL`
//! says `postgres://`. Migrations run here, at start-up and from `tillit migrate`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QuerySelect, SqlxPostgresConnector, SqlxSqliteConnector, Statement, Value,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Config;
use crate::crypto::{KeyPurpose, Keyring};

/// Where the SQLite database lives, if the configuration selects SQLite.
pub fn sqlite_path(config: &Config) -> Option<PathBuf> {
    if config.is_postgres() {
        return None;
    }
    Some(match config.database_url.as_deref() {
        Some(url) => PathBuf::from(
            url.trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:")
                .split('?')
                .next()
                .unwrap_or_default(),
        ),
        None => config.data_dir.join("tillit.db"),
    })
}

/// The pool requests use. On SQLite every connection has its own page cache and its own worker
/// thread, so more connections than about two per core only split the cache (every miss costs a
/// page decryption) and add context switches; the pool is capped there.
pub async fn connect(config: &Config, keyring: &Keyring) -> anyhow::Result<DatabaseConnection> {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let sqlite_cap = u32::try_from((2 * cores).max(4)).unwrap_or(4);
    // 8 MB of decrypted pages per connection: the database is far larger, so random lookups
    // miss either way and what hits is the upper B-tree levels; 16 MB each cost 15-30 MB more
    // peak memory under W1 and W3 and bought no latency (docs/benchmarks.md, 2026-12-02 12:21).
    open_pool(
        config,
        keyring,
        config.db_max_connections.max(2).min(sqlite_cap),
        config.db_max_connections.max(2),
        "-8000",
    )
    .await
}

/// A pool of its own for the audit writer (`audit::writer`): its commits never wait for a
/// connection behind the reads they serve. One connection: there is one writer.
pub async fn connect_writer(
    config: &Config,
    keyring: &Keyring,
) -> anyhow::Result<DatabaseConnection> {
    // 4 MB of page cache: it appends access-log rows, so the pages it needs are the tables' and
    // indexes' right edges and the upper levels.
    open_pool(config, keyring, 1, 1, "-4000").await
}

async fn open_pool(
    config: &Config,
    keyring: &Keyring,
    sqlite_connections: u32,
    postgres_connections: u32,
    sqlite_cache_size: &'static str,
) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(config) {
        // Deleted and overwritten content (anonymization) is zeroed, not left in free pages.
        return sqlite_pool(&path, keyring, sqlite_connections, sqlite_cache_size, true).await;
    }
    let url = config.database_url.as_deref().unwrap_or_default();
    let options = PgConnectOptions::from_str(url).context("parsing DATABASE_URL")?;
    let pool = PgPoolOptions::new()
        .max_connections(postgres_connections)
        .acquire_timeout(Duration::from_secs(15))
        .connect_with(options)
        .await
        .context("connecting to PostgreSQL")?;
    Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
}

/// The durable queue of the access-log rows of reads on SQLite (`audit::spool`): a second
/// encrypted database file next to the main one, so its commits leave the main database's page
/// caches alone. `None` on PostgreSQL.
pub fn audit_spool_path(config: &Config) -> Option<PathBuf> {
    let mut path = sqlite_path(config)?.into_os_string();
    path.push(".audit-spool");
    Some(PathBuf::from(path))
}

/// Opens the audit spool's database, `None` on PostgreSQL. Two connections: the audit writer
/// commits into it while the mover reads and deletes what it moved.
pub async fn connect_audit_spool(
    config: &Config,
    keyring: &Keyring,
) -> anyhow::Result<Option<DatabaseConnection>> {
    match audit_spool_path(config) {
        // 2 MB of page cache: the spool holds a few hundred rows at a time. No secure delete:
        // its rows are copies of rows that stay in `audit_events`, in an encrypted file, and
        // zeroing every page the mover frees would double the spool's writes.
        Some(path) => Ok(Some(sqlite_pool(&path, keyring, 2, "-2000", false).await?)),
        None => Ok(None),
    }
}

/// A pool over the SQLCipher database at `path` (created if missing), `cache_size` as the pragma
/// takes it (negative: KiB), with or without `secure_delete`.
async fn sqlite_pool(
    path: &std::path::Path,
    keyring: &Keyring,
    connections: u32,
    cache_size: &'static str,
    secure_delete: bool,
) -> anyhow::Result<DatabaseConnection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let key = keyring.derive(KeyPurpose::DatabaseEncryption);
    // A raw 256-bit key (x'…') skips SQLCipher's PBKDF2, so opening a connection is cheap.
    // sqlx applies `key` before any other pragma on every new pooled connection.
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .pragma("key", format!("\"x'{}'\"", hex::encode(*key)))
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("secure_delete", if secure_delete { "on" } else { "off" })
        .pragma("temp_store", "memory")
        .pragma("cache_size", cache_size)
        // The main database is checkpointed every second by `serve`, the spool after each move;
        // the automatic checkpoint on commit is only the safety net (at 16 MB of log, not 4).
        .pragma("wal_autocheckpoint", "4000");
    let pool = SqlitePoolOptions::new()
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(15))
        .connect_with(options)
        .await
        .with_context(|| {
            format!(
                "opening the encrypted database {} (wrong master key?)",
                path.display()
            )
        })?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("running migrations")?;
    Ok(())
}

/// SQLite: a passive WAL checkpoint (see `cli::spawn_wal_checkpoint`).
pub async fn checkpoint(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
        .await
        .map(|_| ())
}

/// `true` when the database answers a trivial query (used by `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of one failing when its
/// read snapshot turns out to be stale. On PostgreSQL it is a plain `BEGIN`.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// The most values one `IN (…)` list binds: far below SQLite's 32 766 bound values and
/// PostgreSQL's 65 535, so a statement can bind a list and a few more values.
pub const IN_LIST_MAX: usize = 1_000;

/// How many rows of `E` match `filter` for each of `keys` (`SELECT key, COUNT(*) … GROUP BY
/// key`, in chunks of [`IN_LIST_MAX`]); keys without rows are left out.
pub async fn count_per<E: EntityTrait>(
    db: &impl ConnectionTrait,
    key: E::Column,
    keys: &[uuid::Uuid],
    filter: Condition,
) -> Result<HashMap<uuid::Uuid, u64>, sea_orm::DbErr> {
    let mut out = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(IN_LIST_MAX) {
        let rows: Vec<(uuid::Uuid, i64)> = E::find()
            .select_only()
            .column(key)
            .column_as(key.count(), "n")
            .filter(key.is_in(chunk.iter().copied()))
            .filter(filter.clone())
            .group_by(key)
            .into_tuple()
            .all(db)
            .await?;
        out.extend(
            rows.into_iter()
                .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))),
        );
    }
    Ok(out)
}

/// Hand-written SQL for both engines: `bind` appends a value with the backend's placeholder
/// (`$n` on PostgreSQL, `?` on SQLite), so one builder serves both dialects.
pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    pub fn push(&mut self, sql: &str) -> &mut Sql {
        self.text.push_str(sql);
        self
    }

    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Sql {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                let n = self.values.len();
                self.text.push_str(&format!("${n}"));
            }
            _ => self.text.push('?'),
        }
        self
    }

    pub fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// A Rust enum stored as a lower-case string column and exposed to GraphQL:
/// `as_str` for writing, `from_db` (`None` for a value this version does not know) for reading.
macro_rules! db_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// `None` for a value this version does not know.
            pub fn from_db(value: &str) -> Option<$name> {
                match value {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use db_enum;
