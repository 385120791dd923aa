//! Named leases in the database (`job_leases`): a job runs only while its runner holds an
//! unexpired lease, so two backups never run at once (a `tillit backup create` beside a server's
//! schedule, or two replicas), a periodic job runs on one replica ([`lead`]), and a lease left
//! by a crashed process expires by itself.

use std::sync::OnceLock;

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::Sql;

/// This process's holder id.
pub fn holder() -> &'static str {
    static HOLDER: OnceLock<String> = OnceLock::new();
    HOLDER.get_or_init(|| {
        format!(
            "pid{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        )
    })
}

/// Takes the lease `name` for `ttl`; `false` while anyone (this process too) holds it.
pub async fn acquire(db: &impl ConnectionTrait, name: &str, ttl: Duration) -> Result<bool, DbErr> {
    take(db, name, ttl, false).await
}

/// Takes the lease `name` for `ttl`, or extends it if this process holds it already: the
/// leader of a periodic job stays leader while it keeps running, and another replica takes
/// over once it has been silent for `ttl`. `false` while another process holds it.
pub async fn lead(db: &impl ConnectionTrait, name: &str, ttl: Duration) -> Result<bool, DbErr> {
    take(db, name, ttl, true).await
}

/// Inserts the lease, or takes over an expired one (with `extend`, also one this process holds).
async fn take(
    db: &impl ConnectionTrait,
    name: &str,
    ttl: Duration,
    extend: bool,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("INSERT INTO job_leases (name, holder, expires_at) VALUES (")
        .bind(name)
        .push(", ")
        .bind(holder())
        .push(", ")
        .bind(now + ttl)
        .push(
            ") ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
             expires_at = excluded.expires_at WHERE job_leases.expires_at < ",
        )
        .bind(now);
    if extend {
        sql.push(" OR job_leases.holder = ").bind(holder());
    }
    Ok(db.execute_raw(sql.build()).await?.rows_affected() == 1)
}

/// Gives the lease back (only if this process holds it).
pub async fn release(db: &impl ConnectionTrait, name: &str) -> Result<(), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("DELETE FROM job_leases WHERE name = ")
        .bind(name)
        .push(" AND holder = ")
        .bind(holder());
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Whether someone holds an unexpired lease `name` (for status pages).
pub async fn held(db: &impl ConnectionTrait, name: &str) -> Result<bool, DbErr> {
    use sea_orm::EntityTrait;
    Ok(
        crate::entities::job_lease::Entity::find_by_id(name.to_owned())
            .one(db)
            .await?
            .is_some_and(|l| l.expires_at > Utc::now()),
    )
}
