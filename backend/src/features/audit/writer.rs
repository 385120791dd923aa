//! Group commit for audit rows written outside a transaction (the reads of personal data).
//!
//! A read must not return personal data before its row is durable, but one commit per read
//! makes the log the bottleneck: every webshop lookup would wait for its own commit (and on
//! SQLite, for the single write lock). Instead each read hands its row to one writer task and
//! waits; the writer takes every row that is waiting (up to [`MAX_BATCH`]), inserts them with one
//! multi-row statement for the events and one for their subjects, commits, and only then
//! answers the waiting requests. Under load a single commit carries hundreds of rows; an idle
//! server commits each row as soon as it arrives. Nothing is ever acknowledged before its commit,
//! so no event is lost: a crash loses only rows whose requests had not been answered yet.
//!
//! If a batch fails, its rows are retried one by one so that one bad row fails only its own
//! request. Writes inside a transaction (changes) never come here: they stay in their own
//! transaction, so a change and its row commit together. At shutdown the writer writes what is
//! queued and stops; a request that arrives after that writes its row itself.
//!
//! On SQLite the writer commits into the spool ([`super::spool`]) rather than the main database
//! and moves the spool into `audit_events` every [`spool::MOVE_EVERY`]; [`AuditQueue::flush`]
//! moves it at once (the access-log viewer and backups call it, so they see every read that was
//! answered before them).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::spool::{self, Spool};
use crate::db::Sql;
use crate::error::{AppError, AppResult};

/// The most rows one commit carries (SQLite allows 32 766 bound values; a row binds 10).
pub const MAX_BATCH: usize = 512;
/// Rows waiting for the writer before new ones wait for room.
const QUEUE: usize = 8_192;

/// One audit row, ready to insert (and as the SQLite spool keeps it, as JSON).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewEvent {
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub outcome: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub details: Option<serde_json::Value>,
    /// The customers the event is about (`audit_subjects`).
    pub subjects: Vec<Uuid>,
}

struct Pending {
    event: NewEvent,
    done: oneshot::Sender<Result<(), String>>,
}

// Nearly every message is a `Write`: boxing it would add an allocation per read and save nothing.
#[allow(clippy::large_enum_variant)]
enum Message {
    /// A row to write.
    Write(Pending),
    /// Answer once everything sent before is in `audit_events`.
    Flush(oneshot::Sender<Result<(), String>>),
}

/// What the writer has done, for `/metrics` and tests.
#[derive(Debug, Default)]
pub struct WriterStats {
    /// Commits (batches) written.
    pub batches: AtomicU64,
    /// Rows written through the writer.
    pub rows: AtomicU64,
    /// SQL statements the writer ran (inserts; not BEGIN/COMMIT).
    pub statements: AtomicU64,
    /// Rows moved from the SQLite spool into `audit_events`.
    pub moved: AtomicU64,
}

/// Where reads hand their rows; cheap to clone.
#[derive(Clone)]
pub struct AuditQueue {
    sender: mpsc::Sender<Message>,
    stats: Arc<WriterStats>,
    /// The writer's own pool, kept to close it.
    db: DatabaseConnection,
    /// SQLite: the spool the writer commits into, kept to close it.
    spool: Option<Spool>,
}

impl std::fmt::Debug for AuditQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditQueue")
    }
}

impl AuditQueue {
    /// Starts the writer on `tasks`; it stops once `shutdown` is cancelled and the queue is
    /// written (and the spool, when there is one, moved).
    pub fn start(
        db: DatabaseConnection,
        spool: Option<Spool>,
        shutdown: tokio_util::sync::CancellationToken,
        tasks: &tokio_util::task::TaskTracker,
    ) -> AuditQueue {
        let (sender, receiver) = mpsc::channel(QUEUE);
        let stats = Arc::new(WriterStats::default());
        let to_spool = spool.clone().map(|spool| {
            let (flushes, received) = mpsc::channel(64);
            // At start the spool may hold what a crash left behind.
            let unmoved = Arc::new(AtomicBool::new(true));
            let mover = Mover {
                db: db.clone(),
                spool: spool.clone(),
                stats: stats.clone(),
                unmoved: unmoved.clone(),
            };
            tasks.spawn(mover.run(received));
            ToSpool {
                spool,
                flushes,
                unmoved,
            }
        });
        let writer = Writer {
            db: db.clone(),
            to_spool,
            stats: stats.clone(),
        };
        tasks.spawn(writer.run(receiver, shutdown));
        AuditQueue {
            sender,
            stats,
            db,
            spool,
        }
    }

    /// Closes the writer's pool and the spool (after the server has drained).
    pub async fn close(&self) -> Result<(), sea_orm::DbErr> {
        // Move what the spool holds while the pools are open: after this the mover has nothing
        // to move, so its timer does not reach for a closed pool (a failed move would keep the
        // rows in the spool until the next start, but log an error at every CLI command's end).
        if let Err(e) = self.flush().await {
            tracing::warn!(error = %e, "moving the audit spool at shutdown failed; the next start moves it");
        }
        if let Some(spool) = &self.spool {
            spool.close().await?;
        }
        self.db.close_by_ref().await
    }

    /// The writer's own pool (one connection). On SQLite another writer that uses it queues
    /// behind the writer's commit in the pool, instead of colliding with it on the database's
    /// write lock and sleeping in SQLite's busy handler (up to 100 ms a try) while reads wait.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn stats(&self) -> &WriterStats {
        &self.stats
    }

    /// Rows waiting for the writer now.
    pub fn depth(&self) -> usize {
        QUEUE - self.sender.capacity()
    }

    /// Writes `event` with others waiting at the same time; returns once it is committed.
    /// `Ok(Some(event))` hands the row back when the writer has stopped (the caller writes it).
    pub async fn write(&self, event: NewEvent) -> AppResult<Option<NewEvent>> {
        let (done, committed) = oneshot::channel();
        if let Err(mpsc::error::SendError(message)) = self
            .sender
            .send(Message::Write(Pending { event, done }))
            .await
        {
            return match message {
                Message::Write(pending) => Ok(Some(pending.event)),
                Message::Flush(_) => Ok(None),
            };
        }
        match committed.await {
            Ok(Ok(())) => Ok(None),
            Ok(Err(message)) => Err(AppError::internal(anyhow::anyhow!(
                "writing the audit row failed: {message}"
            ))),
            Err(_) => Err(AppError::internal(anyhow::anyhow!(
                "the audit writer stopped before writing the row"
            ))),
        }
    }

    /// Returns once every row handed to the writer before this call is in `audit_events`
    /// (SQLite: moves the spool now). Without a spool every acknowledged row already is.
    pub async fn flush(&self) -> AppResult<()> {
        if self.spool.is_none() {
            return Ok(());
        }
        let (done, moved) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).await.is_err() {
            // The writer has stopped, after moving the spool.
            return Ok(());
        }
        match moved.await {
            Ok(Ok(())) | Err(_) => Ok(()),
            Ok(Err(message)) => Err(AppError::internal(anyhow::anyhow!(
                "moving the audit spool failed: {message}"
            ))),
        }
    }
}

/// The writer task: commits the rows of reads as they come.
struct Writer {
    db: DatabaseConnection,
    /// SQLite: rows go to the spool instead of `db`.
    to_spool: Option<ToSpool>,
    stats: Arc<WriterStats>,
}

/// The writer's side of the spool and its mover.
struct ToSpool {
    spool: Spool,
    /// Where flushes go, in order after the rows sent before them.
    flushes: mpsc::Sender<Done>,
    /// Tells the mover there are rows to move.
    unmoved: Arc<AtomicBool>,
}

type Done = oneshot::Sender<Result<(), String>>;

impl Writer {
    async fn run(
        self,
        mut receiver: mpsc::Receiver<Message>,
        shutdown: tokio_util::sync::CancellationToken,
    ) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        loop {
            let first = tokio::select! {
                first = receiver.recv() => first,
                () = shutdown.cancelled() => {
                    // No new rows from here on (senders write their own); write what is queued.
                    receiver.close();
                    receiver.recv().await
                }
            };
            // Stopping drops the sender of flushes: the mover moves the spool once more and stops.
            let Some(first) = first else { return };
            let mut flush = None;
            match first {
                Message::Write(pending) => batch.push(pending),
                Message::Flush(done) => flush = Some(done),
            }
            while flush.is_none() && batch.len() < MAX_BATCH {
                match receiver.try_recv() {
                    Ok(Message::Write(pending)) => batch.push(pending),
                    Ok(Message::Flush(done)) => flush = Some(done),
                    Err(_) => break,
                }
            }
            if !batch.is_empty() {
                self.commit(&mut batch).await;
            }
            if let Some(done) = flush {
                match &self.to_spool {
                    // Everything sent before the flush is in the spool now: the mover takes it.
                    Some(to_spool) => {
                        if let Err(mpsc::error::SendError(done)) = to_spool.flushes.send(done).await
                        {
                            let _ =
                                done.send(Err("the audit spool's mover has stopped".to_owned()));
                        }
                    }
                    None => {
                        let _ = done.send(Ok(()));
                    }
                }
            }
        }
    }

    /// Writes `batch` (into the spool or `audit_events`) and answers its requests; empties it.
    async fn commit(&self, batch: &mut Vec<Pending>) {
        let events: Vec<&NewEvent> = batch.iter().map(|p| &p.event).collect();
        match self.insert(&events).await {
            Ok(()) => {
                self.stats.batches.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .rows
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
                for pending in batch.drain(..) {
                    let _ = pending.done.send(Ok(()));
                }
            }
            Err(e) if batch.len() == 1 => {
                for pending in batch.drain(..) {
                    let _ = pending.done.send(Err(e.to_string()));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, rows = batch.len(), "an audit batch failed; writing its rows one by one");
                for pending in batch.drain(..) {
                    let result = self
                        .insert(&[&pending.event])
                        .await
                        .map_err(|e| e.to_string());
                    if result.is_ok() {
                        self.stats.batches.fetch_add(1, Ordering::Relaxed);
                        self.stats.rows.fetch_add(1, Ordering::Relaxed);
                    }
                    let _ = pending.done.send(result);
                }
            }
        }
    }

    /// Commits the rows: into the spool when there is one, else with their subjects into the
    /// database, in one transaction.
    async fn insert(&self, events: &[&NewEvent]) -> Result<(), sea_orm::DbErr> {
        if let Some(to_spool) = &self.to_spool {
            to_spool.spool.append(events).await?;
            self.stats.statements.fetch_add(1, Ordering::Relaxed);
            to_spool.unmoved.store(true, Ordering::Release);
            return Ok(());
        }
        let txn = crate::db::begin_write(&self.db).await?;
        let statements = insert_in(&txn, events).await?.1;
        self.stats
            .statements
            .fetch_add(statements, Ordering::Relaxed);
        txn.commit().await
    }
}

/// The mover task (SQLite): moves the spool into `audit_events` every [`spool::MOVE_EVERY`]
/// when rows came in, and at once when a flush asks; on its own connections, so the writer keeps
/// committing reads' rows while a move runs.
struct Mover {
    db: DatabaseConnection,
    spool: Spool,
    stats: Arc<WriterStats>,
    /// Set by the writer after each commit into the spool.
    unmoved: Arc<AtomicBool>,
}

impl Mover {
    async fn run(self, mut flushes: mpsc::Receiver<Done>) {
        let mut tick = tokio::time::interval(spool::MOVE_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if self.unmoved.load(Ordering::Acquire) {
                        // A failure is logged; the rows stay in the spool for the next round.
                        let _ = self.move_spool().await;
                    }
                }
                flush = flushes.recv() => {
                    let Some(first) = flush else {
                        // The writer has stopped: move what it wrote last, then stop.
                        if self.unmoved.load(Ordering::Acquire) {
                            let _ = self.move_spool().await;
                        }
                        return;
                    };
                    let _ = first.send(self.move_spool().await);
                }
            }
        }
    }

    async fn move_spool(&self) -> Result<(), String> {
        self.unmoved.store(false, Ordering::Release);
        match self.spool.move_into(&self.db).await {
            Ok(moved) => {
                self.stats.moved.fetch_add(moved, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                self.unmoved.store(true, Ordering::Release);
                tracing::error!(error = %e, "moving the audit spool into the access log failed; the rows stay in the spool");
                Err(e.to_string())
            }
        }
    }
}

/// Inserts the rows and their subjects on `db` (a transaction) and returns the rows' ids in the
/// order of `events`, and how many statements that took.
pub async fn insert_in(
    db: &impl ConnectionTrait,
    events: &[&NewEvent],
) -> Result<(Vec<i64>, u64), sea_orm::DbErr> {
    let mut statements = 1;
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO audit_events (occurred_at, actor_kind, actor_id, action, entity_type, \
         entity_id, outcome, ip, request_id, details) VALUES ",
    );
    for (i, e) in events.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        sql.bind(e.occurred_at)
            .push(", ")
            .bind(e.actor_kind.clone())
            .push(", ")
            .bind(e.actor_id.clone())
            .push(", ")
            .bind(e.action.clone())
            .push(", ")
            .bind(e.entity_type.clone())
            .push(", ")
            .bind(e.entity_id.clone())
            .push(", ")
            .bind(e.outcome.clone())
            .push(", ")
            .bind(e.ip.clone())
            .push(", ")
            .bind(e.request_id.clone())
            .push(", ")
            .bind(e.details.clone())
            .push(")");
    }
    sql.push(" RETURNING id");
    let mut ids = db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| row.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    // Ids are handed out in the order the rows are inserted, which is the order of the VALUES
    // list; RETURNING itself promises no order.
    ids.sort_unstable();
    if ids.len() != events.len() {
        return Err(sea_orm::DbErr::Custom(format!(
            "{} audit rows inserted, {} ids returned",
            events.len(),
            ids.len()
        )));
    }
    let subjects: Vec<(i64, Uuid)> = events
        .iter()
        .zip(&ids)
        .flat_map(|(e, id)| e.subjects.iter().map(move |s| (*id, *s)))
        .collect();
    for chunk in subjects.chunks(MAX_BATCH * 4) {
        let mut sql = Sql::new(backend);
        sql.push("INSERT INTO audit_subjects (event_id, customer_id) VALUES ");
        for (i, (id, customer)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*id).push(", ").bind(*customer).push(")");
        }
        db.execute_raw(sql.build()).await?;
        statements += 1;
    }
    Ok((ids, statements))
}
