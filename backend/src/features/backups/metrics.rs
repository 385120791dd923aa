//! Backup and drill gauges in the Prometheus text format, read from the database on each scrape
//! (so every replica reports the same truth): alert when `tillit_backup_last_verified_timestamp_seconds`
//! of a destination grows old, when copies stay unverified, or when the last drill failed.

use std::fmt::Write;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::BackupError;
use crate::config::Config;
use crate::entities::{backup, backup_copy, backup_drill};

fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

pub async fn render(db: &DatabaseConnection, config: &Config) -> Result<String, BackupError> {
    let mut out = String::new();
    let destinations = super::service::destinations(config)?;
    let _ = writeln!(
        out,
        "# HELP tillit_backup_last_verified_timestamp_seconds When the newest verified copy in a destination was verified.\n\
         # TYPE tillit_backup_last_verified_timestamp_seconds gauge"
    );
    for d in &destinations {
        let last = backup_copy::Entity::find()
            .filter(backup_copy::Column::Destination.eq(d.name.as_str()))
            .filter(backup_copy::Column::Status.eq("verified"))
            .order_by_desc(backup_copy::Column::VerifiedAt)
            .one(db)
            .await?
            .and_then(|c| c.verified_at)
            .map_or(0, |t| t.timestamp());
        let _ = writeln!(
            out,
            "tillit_backup_last_verified_timestamp_seconds{{destination=\"{}\",kind=\"{}\"}} {last}",
            label(&d.name),
            d.kind()
        );
    }
    let _ = writeln!(
        out,
        "# HELP tillit_backup_copies_unverified Copies of kept backups that are failed or corrupt (retried by the schedule).\n\
         # TYPE tillit_backup_copies_unverified gauge"
    );
    for d in &destinations {
        let unverified = backup_copy::Entity::find()
            .filter(backup_copy::Column::Destination.eq(d.name.as_str()))
            .filter(backup_copy::Column::Status.is_in(["failed", "corrupt"]))
            .count(db)
            .await?;
        let _ = writeln!(
            out,
            "tillit_backup_copies_unverified{{destination=\"{}\"}} {unverified}",
            label(&d.name)
        );
    }
    let _ = writeln!(
        out,
        "# HELP tillit_backups Backup runs by status.\n# TYPE tillit_backups gauge"
    );
    for status in ["complete", "incomplete", "failed", "running", "pruned"] {
        let n = backup::Entity::find()
            .filter(backup::Column::Status.eq(status))
            .count(db)
            .await?;
        let _ = writeln!(out, "tillit_backups{{status=\"{status}\"}} {n}");
    }
    let newest = backup::Entity::find()
        .filter(backup::Column::Status.is_in(["complete", "incomplete"]))
        .order_by_desc(backup::Column::StartedAt)
        .one(db)
        .await?;
    if let Some(b) = newest {
        let _ = writeln!(
            out,
            "# HELP tillit_backup_last_size_bytes Size of the newest backup.\n\
             # TYPE tillit_backup_last_size_bytes gauge\n\
             tillit_backup_last_size_bytes {}\n\
             # HELP tillit_backup_last_rows Rows in the newest backup.\n\
             # TYPE tillit_backup_last_rows gauge\n\
             tillit_backup_last_rows {}\n\
             # HELP tillit_backup_last_duration_seconds How long the newest backup took.\n\
             # TYPE tillit_backup_last_duration_seconds gauge\n\
             tillit_backup_last_duration_seconds {:.3}",
            b.size_bytes.unwrap_or(0),
            b.rows.unwrap_or(0),
            b.duration_ms.unwrap_or(0) as f64 / 1000.0
        );
    }
    let drill = backup_drill::Entity::find()
        .order_by_desc(backup_drill::Column::StartedAt)
        .one(db)
        .await?;
    if let Some(d) = drill {
        let _ = writeln!(
            out,
            "# HELP tillit_backup_drill_last_timestamp_seconds When the newest restore drill ran.\n\
             # TYPE tillit_backup_drill_last_timestamp_seconds gauge\n\
             tillit_backup_drill_last_timestamp_seconds {}\n\
             # HELP tillit_backup_drill_last_passed 1 when the newest restore drill passed.\n\
             # TYPE tillit_backup_drill_last_passed gauge\n\
             tillit_backup_drill_last_passed {}",
            d.started_at.timestamp(),
            u8::from(d.passed)
        );
    }
    Ok(out)
}
