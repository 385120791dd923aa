//! Tasks and blocks on the planning board: a title, free text, optional time span, optional
//! customer and assignee. Their free text may name people; anonymization finds those mentions
//! and offers to redact them, but never changes them on its own.

pub mod graphql;
pub mod service;

use crate::db::db_enum;

db_enum!(
    TaskKind {
        /// Something to do.
        Task => "task",
        /// Time reserved on the board (a visit, a job).
        Block => "block",
    }
);
