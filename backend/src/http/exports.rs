//! Streamed exports for reporting tools (see `features::exports`):
//!
//! `GET /exports/customers.ndjson?includeArchived=true&after=N&chunk=N` — every customer the
//! caller may see, one JSON object a line, in customer-number order, with an API key
//! (`Authorization: Bearer …`, scopes `reports:read` and `customers:read`) or a staff session
//! (a plain GET like the PDF downloads: the cookie is `SameSite=Strict`).
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

/// The chunks as body frames: each chunk's audit row commits while the next chunk is read, and
/// the chunk is handed out only after its row is committed. The stream ends after the last
/// chunk, or with an error (which aborts the response).
fn stream(
    state: AppState,
    actor: Actor,
    export: Export,
    first: Chunk,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    futures::stream::try_unfold(Some(first), move |pending| {
        let (state, actor) = (state.clone(), actor.clone());
        async move {
            let Some(chunk) = pending else {
                return Ok(None);
            };
            let audited = service::audit_chunk(&state.db, &actor, &chunk);
            let next = if chunk.more {
                let read = service::read_chunk(&state.db, &actor, &export, chunk.last);
                let (audited, next) = futures::join!(audited, read);
                audited.map_err(aborted)?;
                Some(next.map_err(aborted)?)
            } else {
                audited.await.map_err(aborted)?;
                None
            };
            Ok(Some((Bytes::from(chunk.lines), next)))
        }
    })
}

fn aborted(error: AppError) -> std::io::Error {
    tracing::error!(error = %format!("{:#}", error.into_anyhow()), "a customer export failed midway; the response is aborted");
    std::io::Error::other("the export failed")
}
