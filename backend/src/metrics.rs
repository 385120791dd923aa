//! This process's own counters for `/metrics` (Prometheus text format): HTTP requests by status
//! class and their latency histogram, SQL statements run (with failures and time spent), the
//! connection pool's size and idle connections, and the process's CPU time and resident memory.
//! Plain atomics, updated on the request path without locks; the backup gauges that every
//! replica reads from the database live in `features::backups::metrics`.
//!
//! Statements are also counted per HTTP request: [`Metrics::observe`] runs the request inside a
//! task-local counter, which the statement callback adds to, and [`spawn_counted`] carries it into
//! the tasks a request spawns (the DataLoader's batches). So `tillit_http_request_statements_total`
//! counts only what requests ran — not the periodic jobs, nor the audit writer's own task.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::features::audit::writer::AuditQueue;

/// Upper bounds of the request-duration histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];
/// Status classes 1xx … 5xx.
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

tokio::task_local! {
    /// The statements of the HTTP request this task works for.
    static REQUEST_STATEMENTS: std::sync::Arc<AtomicU64>;
}

/// Spawns `task` (a DataLoader batch) so that its statements count towards the request that
/// spawned it; outside a request, a plain `tokio::spawn`.
pub fn spawn_counted(task: futures::future::BoxFuture<'static, ()>) -> tokio::task::JoinHandle<()> {
    match REQUEST_STATEMENTS.try_with(std::sync::Arc::clone) {
        Ok(counter) => tokio::spawn(REQUEST_STATEMENTS.scope(counter, task)),
        Err(_) => tokio::spawn(task),
    }
}

#[derive(Default)]
pub struct Metrics {
    statements: AtomicU64,
    /// Statements run on behalf of HTTP requests (see the module's documentation).
    request_statements: AtomicU64,
    statement_errors: AtomicU64,
    statement_micros: AtomicU64,
    requests: [AtomicU64; 5],
    /// Cumulative counts are computed when rendering; each slot counts its own bucket, the last
    /// one everything above the largest bound.
    duration_buckets: [AtomicU64; BUCKETS.len() + 1],
    duration_micros: AtomicU64,
    /// Runs of the periodic jobs by job and outcome (a few per minute: a lock is fine).
    jobs: std::sync::Mutex<std::collections::BTreeMap<(&'static str, JobOutcome), u64>>,
}

/// How a tick of a periodic job ended on this replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JobOutcome {
    Succeeded,
    Failed,
    /// Another replica holds the job's lease.
    OtherReplica,
}

impl JobOutcome {
    fn label(self) -> &'static str {
        match self {
            JobOutcome::Succeeded => "succeeded",
            JobOutcome::Failed => "failed",
            JobOutcome::OtherReplica => "other_replica",
        }
    }
}

impl Metrics {
    /// Counts every statement `db` runs from now on (also inside transactions begun later).
    pub fn attach(self: &std::sync::Arc<Self>, db: &mut DatabaseConnection) {
        let metrics = self.clone();
        db.set_metric_callback(move |info| {
            metrics.statements.fetch_add(1, Ordering::Relaxed);
            let _ = REQUEST_STATEMENTS.try_with(|n| n.fetch_add(1, Ordering::Relaxed));
            if info.failed {
                metrics.statement_errors.fetch_add(1, Ordering::Relaxed);
            }
            metrics
                .statement_micros
                .fetch_add(micros(info.elapsed), Ordering::Relaxed);
        });
    }

    /// SQL statements run so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// SQL statements run on behalf of HTTP requests so far.
    pub fn request_statements(&self) -> u64 {
        self.request_statements.load(Ordering::Relaxed)
    }

    /// Runs `request` with its own statement counter and counts its status and latency.
    pub async fn observe<F>(&self, request: F) -> axum::response::Response
    where
        F: std::future::Future<Output = axum::response::Response>,
    {
        let started = std::time::Instant::now();
        let statements = std::sync::Arc::new(AtomicU64::new(0));
        let response = REQUEST_STATEMENTS.scope(statements.clone(), request).await;
        self.request_statements
            .fetch_add(statements.load(Ordering::Relaxed), Ordering::Relaxed);
        self.observe_request(response.status().as_u16(), started.elapsed());
        response
    }

    pub fn observe_request(&self, status: u16, took: Duration) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.requests[class].fetch_add(1, Ordering::Relaxed);
        let seconds = took.as_secs_f64();
        let slot = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        self.duration_buckets[slot].fetch_add(1, Ordering::Relaxed);
        self.duration_micros
            .fetch_add(micros(took), Ordering::Relaxed);
    }

    pub fn job(&self, job: &'static str, outcome: JobOutcome) {
        if let Ok(mut jobs) = self.jobs.lock() {
            *jobs.entry((job, outcome)).or_default() += 1;
        }
    }

    /// The text exposition of everything above.
    pub fn render(&self, db: &DatabaseConnection, audit: &AuditQueue, out: &mut String) {
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP tillit_http_requests_total HTTP requests answered, by status class.\n\
             # TYPE tillit_http_requests_total counter"
        );
        for (class, count) in CLASSES.iter().zip(&self.requests) {
            let _ = writeln!(
                out,
                "tillit_http_requests_total{{status=\"{class}\"}} {}",
                load(count)
            );
        }
        let _ = writeln!(
            out,
            "# HELP tillit_http_request_duration_seconds Time from the request's arrival to its response headers.\n\
             # TYPE tillit_http_request_duration_seconds histogram"
        );
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(&self.duration_buckets) {
            cumulative += load(count);
            let _ = writeln!(
                out,
                "tillit_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        cumulative += load(&self.duration_buckets[BUCKETS.len()]);
        let _ = writeln!(
            out,
            "tillit_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {cumulative}\n\
             tillit_http_request_duration_seconds_sum {}\n\
             tillit_http_request_duration_seconds_count {cumulative}",
            seconds(load(&self.duration_micros))
        );
        let _ = writeln!(
            out,
            "# HELP tillit_db_statements_total SQL statements run.\n\
             # TYPE tillit_db_statements_total counter\n\
             tillit_db_statements_total {}\n\
             # HELP tillit_http_request_statements_total SQL statements run on behalf of HTTP requests (not by periodic jobs or the audit writer).\n\
             # TYPE tillit_http_request_statements_total counter\n\
             tillit_http_request_statements_total {}\n\
             # HELP tillit_db_statement_errors_total SQL statements that failed.\n\
             # TYPE tillit_db_statement_errors_total counter\n\
             tillit_db_statement_errors_total {}\n\
             # HELP tillit_db_statement_seconds_total Time spent in SQL statements.\n\
             # TYPE tillit_db_statement_seconds_total counter\n\
             tillit_db_statement_seconds_total {}",
            load(&self.statements),
            load(&self.request_statements),
            load(&self.statement_errors),
            seconds(load(&self.statement_micros)),
        );
        let stats = audit.stats();
        let _ = writeln!(
            out,
            "# HELP tillit_audit_queue_depth Audit rows of reads waiting for the writer.\n\
             # TYPE tillit_audit_queue_depth gauge\n\
             tillit_audit_queue_depth {}\n\
             # HELP tillit_audit_batches_total Commits of the audit writer.\n\
             # TYPE tillit_audit_batches_total counter\n\
             tillit_audit_batches_total {}\n\
             # HELP tillit_audit_rows_total Audit rows written by the writer (rows per commit = rows / batches).\n\
             # TYPE tillit_audit_rows_total counter\n\
             tillit_audit_rows_total {}\n\
             # HELP tillit_audit_spool_moved_total Audit rows moved from the SQLite spool into the access log.\n\
             # TYPE tillit_audit_spool_moved_total counter\n\
             tillit_audit_spool_moved_total {}",
            audit.depth(),
            load(&stats.batches),
            load(&stats.rows),
            load(&stats.moved),
        );
        let _ = writeln!(
            out,
            "# HELP tillit_job_runs_total Ticks of the periodic jobs on this replica, by outcome (other_replica: another replica holds the job's lease).\n\
             # TYPE tillit_job_runs_total counter"
        );
        if let Ok(jobs) = self.jobs.lock() {
            for ((job, outcome), count) in jobs.iter() {
                let _ = writeln!(
                    out,
                    "tillit_job_runs_total{{job=\"{job}\",outcome=\"{}\"}} {count}",
                    outcome.label()
                );
            }
        }
        let (size, idle) = pool_use(db);
        let _ = writeln!(
            out,
            "# HELP tillit_db_pool_connections Database connections in the pool, by state.\n\
             # TYPE tillit_db_pool_connections gauge\n\
             tillit_db_pool_connections{{state=\"idle\"}} {idle}\n\
             tillit_db_pool_connections{{state=\"busy\"}} {}",
            size.saturating_sub(idle)
        );
        if let Some((cpu, rss)) = process() {
            let _ = writeln!(
                out,
                "# HELP process_cpu_seconds_total User and system CPU time of this process.\n\
                 # TYPE process_cpu_seconds_total counter\n\
                 process_cpu_seconds_total {cpu}\n\
                 # HELP process_resident_memory_bytes Resident memory of this process.\n\
                 # TYPE process_resident_memory_bytes gauge\n\
                 process_resident_memory_bytes {rss}"
            );
        }
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

fn seconds(micros: u64) -> f64 {
    micros as f64 / 1e6
}

/// (pool size, idle connections).
fn pool_use(db: &DatabaseConnection) -> (u32, u32) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(0))
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(0))
        }
    }
}

/// (CPU seconds, resident bytes) from `/proc/self` on Linux; `None` elsewhere.
fn process() -> Option<(f64, u64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest: Vec<&str> = stat
        .get(stat.rfind(')')? + 2..)?
        .split_whitespace()
        .collect();
    let ticks: u64 = rest.get(11)?.parse::<u64>().ok()? + rest.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux for every architecture we ship.
    let cpu = ticks as f64 / 100.0;
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some((cpu, kib * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_land_in_their_class_and_bucket() {
        let m = Metrics::default();
        m.observe_request(200, Duration::from_micros(300));
        m.observe_request(204, Duration::from_millis(3));
        m.observe_request(429, Duration::from_secs(9));
        assert_eq!(m.requests[1].load(Ordering::Relaxed), 2);
        assert_eq!(m.requests[3].load(Ordering::Relaxed), 1);
        assert_eq!(m.duration_buckets[0].load(Ordering::Relaxed), 1);
        assert_eq!(m.duration_buckets[3].load(Ordering::Relaxed), 1);
        assert_eq!(m.duration_buckets[BUCKETS.len()].load(Ordering::Relaxed), 1);
    }
}
