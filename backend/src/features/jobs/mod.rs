//! Background jobs shared by every replica of a deployment: [`lease`] (named leases in the
//! database) and [`every_on_one_replica`], which runs a periodic job on whichever replica holds
//! its lease — so with two or more `tillit serve` processes on one PostgreSQL, the e-mail
//! outbox, webhook deliveries, audit sealing and retention each run in exactly one of them, and
//! another takes over when that one stops. (Per-process work — reloading keys and certificates,
//! SQLite checkpoints — uses `AppState::every` directly.)

pub mod lease;

use std::time::Duration;

use crate::AppState;
use crate::metrics::JobOutcome;

/// How long a leader may stay silent before another replica takes its job over: a few periods,
/// and never less than 30 seconds (a slow run must not hand the job to a second runner).
fn ttl(period: Duration) -> chrono::Duration {
    let ttl = (period * 3).max(Duration::from_secs(30));
    chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::seconds(30))
}

/// Runs `job` every `period` (the first time at once) on the one replica that holds the lease
/// `name`, taken or extended before each run, until the server shuts down; a run in progress
/// finishes first, then the lease is given back so another replica takes over at once.
/// A failed run is logged with the job's name and counted (`tillit_job_runs_total`), and the
/// job is tried again at the next tick.
pub fn every_on_one_replica<F, Fut>(state: &AppState, name: &'static str, period: Duration, job: F)
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let state = state.clone();
    state.tasks.clone().spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = state.shutdown.cancelled() => break,
            }
            match lease::lead(&state.db, name, ttl(period)).await {
                Ok(true) => match job(state.clone()).await {
                    Ok(()) => state.metrics.job(name, JobOutcome::Succeeded),
                    Err(e) => {
                        state.metrics.job(name, JobOutcome::Failed);
                        tracing::error!(job = name, error = %format!("{e:#}"), "a periodic job failed; will retry");
                    }
                },
                Ok(false) => state.metrics.job(name, JobOutcome::OtherReplica),
                Err(e) => {
                    tracing::warn!(job = name, error = %e, "could not take the job's lease; will retry");
                }
            }
        }
        if let Err(e) = lease::release(&state.db, name).await {
            tracing::debug!(job = name, error = %e, "could not give the job's lease back");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_outlives_a_few_periods_and_at_least_half_a_minute() {
        assert_eq!(ttl(Duration::from_secs(2)), chrono::Duration::seconds(30));
        assert_eq!(
            ttl(Duration::from_secs(3600)),
            chrono::Duration::seconds(10_800)
        );
    }
}
