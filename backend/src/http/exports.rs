//! Streamed exports for reporting tools (see `features::exports`):
//!
//! `GET /exports/customers.ndjson?includeArchived=true&after=N&chunk=N` — every customer the
//! caller may see, one JSON object a line, in customer-number order, with an API key
//! (`Authorization: Bearer …`, scopes `reports:read` and `customers:read`) or a staff session
//! with `READ_CUSTOMERS` and `EXPORT_PERSONAL_DATA` (a plain GET like the PDF downloads: the
//! cookie is `SameSite=Strict`).
//!
//! Everything that can be refused is refused before the first byte, with the usual error body
//! (`UNAUTHENTICATED`, `FORBIDDEN`, `BAD_USER_INPUT` with the field). A failure in the middle
//! of the stream aborts the response (the chunked body never ends properly), so a client cannot
//! mistake a cut-off export for a complete one; it resumes with `after` = the last number it got.

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::graphql::{api_key, request_meta, viewer};
use crate::error::{AppError, AppResult};
use crate::features::audit::{self, Outcome};
use crate::features::auth::{Actor, SessionStage};
use crate::features::exports::service::{self, Chunk, Export};
use crate::state::AppState;

fn flag(params: &HashMap<String, String>, name: &str) -> AppResult<bool> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("" | "false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(_) => Err(AppError::bad_input(name, "must be true or false")),
    }
}

fn number<T: std::str::FromStr>(
    params: &HashMap<String, String>,
    name: &str,
) -> AppResult<Option<T>> {
    params
        .get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse()
                .map_err(|_| AppError::bad_input(name, "must be a whole number"))
        })
        .transpose()
}

fn export_of(params: &HashMap<String, String>) -> AppResult<Export> {
    if let Some(unknown) = params
        .keys()
        .find(|k| !["includeArchived", "after", "chunk"].contains(&k.as_str()))
    {
        return Err(AppError::bad_input(
            unknown.clone(),
            "unknown parameter; known are includeArchived, after and chunk",
        ));
    }
    Export::new(
        flag(params, "includeArchived")?,
        number(params, "after")?,
        number(params, "chunk")?,
    )
}

pub async fn customers(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let meta = request_meta(&state, &parts);
    let actor = match api_key(&state, &parts.headers, &meta).await {
        Ok(Some(key)) => key,
        Ok(None) => match viewer(&state, &parts.headers, false).await {
            Ok(Some(v)) if v.stage == SessionStage::Full => Actor::user(&v, &meta),
            Ok(_) => return AppError::Unauthenticated.into_response(),
            Err(response) => return response,
        },
        Err(response) => return response,
    };
    let export = match export_of(&params) {
        Ok(e) => e,
        Err(e) => return e.into_response(),
    };
    // The first chunk is read before the headers go out, so a refusal is a proper response.
    let first = match service::read_chunk(&state.db, &actor, &export, export.after).await {
        Ok(chunk) => chunk,
        Err(AppError::Forbidden) => {
            if let Err(e) = audit::record(
                &state.db,
                &actor,
                "customer.export.read",
                None,
                Outcome::Denied,
                None,
            )
            .await
            {
                tracing::error!(error = %format!("{:#}", e.into_anyhow()), "could not log a refused export");
            }
            return AppError::Forbidden.into_response();
        }
        Err(e) => return e.into_response(),
    };
    let filename = format!(
        "attachment; filename=\"customers-{}.ndjson\"",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&filename)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(stream(state, actor, export, first)),
    )
        .into_response()
}

/// How many chunks the reader may be ahead of the connection: while one chunk is being written
/// to the client, the next ones are read, serialized and logged.
const AHEAD: usize = 2;

/// The chunks as body frames. A task reads the chunks one after another; each chunk's audit row
/// commits while the next chunk is read, and a chunk is handed to the response only after its
/// row is committed. The body ends after the last chunk, or with an error (which aborts the
/// response); the task stops when the client goes away or the server shuts down.
fn stream(
    state: AppState,
    actor: Actor,
    export: Export,
    first: Chunk,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(AHEAD);
    tokio::spawn(async move {
        let mut pending = Some(first);
        while let Some(chunk) = pending.take() {
            let audited = service::audit_chunk(&state.db, &actor, &chunk);
            let step = if chunk.more {
                let read = service::read_chunk(&state.db, &actor, &export, chunk.last);
                match futures::join!(audited, read) {
                    (Ok(()), Ok(next)) => Ok(Some(next)),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                }
            } else {
                audited.await.map(|()| None)
            };
            let frame = match step {
                Ok(next) => {
                    pending = next;
                    Ok(Bytes::from(chunk.lines))
                }
                Err(e) => Err(aborted(e)),
            };
            tokio::select! {
                sent = tx.send(frame) => if sent.is_err() { return },
                () = state.shutdown.cancelled() => return,
            }
        }
    });
    futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|frame| (frame, rx))
    })
}

fn aborted(error: AppError) -> std::io::Error {
    tracing::error!(error = %format!("{:#}", error.into_anyhow()), "a customer export failed midway; the response is aborted");
    std::io::Error::other("the export failed")
}
