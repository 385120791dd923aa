//! Documents downloaded with a staff session (a plain `GET`, so a link or the browser's PDF
//! viewer can open them; the session cookie is `SameSite=Strict`, so another site cannot make a
//! browser send it): the consent form as PDF.
//!
//! - `GET /customers/{id}/consent-form.pdf?lang=sv|en` — pre-filled for one customer (the read is
//!   audited; an unknown or hidden customer is refused as NOT_FOUND and audited DENIED);
//! - `GET /consent-form.pdf?lang=sv|en` — the blank form for the front desk.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::graphql::{request_meta, viewer};
use crate::error::{AppError, AppResult};
use crate::features::auth::{Actor, SessionStage};
use crate::features::privacy::consent_form::{self, FormLanguage};
use crate::features::privacy::consent_form_pdf;
use crate::state::AppState;

#[derive(Debug, serde::Deserialize)]
pub struct FormParams {
    lang: Option<String>,
}

fn language(params: &FormParams) -> AppResult<FormLanguage> {
    match params.lang.as_deref().map(str::trim) {
        None | Some("") => Ok(FormLanguage::Sv),
        Some(l) if l.eq_ignore_ascii_case("sv") => Ok(FormLanguage::Sv),
        Some(l) if l.eq_ignore_ascii_case("en") => Ok(FormLanguage::En),
        Some(_) => Err(AppError::bad_input("lang", "the language must be sv or en")),
    }
}

pub async fn customer_consent_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<FormParams>,
    request: Request,
) -> Response {
    let id = match Uuid::parse_str(id.trim()) {
        Ok(id) => id,
        Err(_) => return AppError::bad_input("id", "not a valid customer id").into_response(),
    };
    consent_form_pdf_response(&state, Some(id), &params, request).await
}

pub async fn blank_consent_form(
    State(state): State<AppState>,
    Query(params): Query<FormParams>,
    request: Request,
) -> Response {
    consent_form_pdf_response(&state, None, &params, request).await
}

async fn consent_form_pdf_response(
    state: &AppState,
    customer_id: Option<Uuid>,
    params: &FormParams,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let viewer = match viewer(state, &parts.headers, false).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let Some(viewer) = viewer.filter(|v| v.stage == SessionStage::Full) else {
        return AppError::Unauthenticated.into_response();
    };
    let actor = Actor::user(&viewer, &request_meta(state, &parts));
    let result = async {
        let language = language(params)?;
        let form = consent_form::generate(&state.db, &actor, customer_id, language).await?;
        let number = form.customer.as_ref().map(|c| c.number);
        // Laying out and compressing a few pages takes milliseconds of CPU: off the async
        // workers all the same.
        let bytes = tokio::task::spawn_blocking(move || consent_form_pdf::render(&form))
            .await
            .map_err(AppError::internal)??;
        Ok::<_, AppError>((bytes, number, language))
    }
    .await;
    match result {
        Ok((bytes, number, language)) => {
            let lang = match language {
                FormLanguage::Sv => "sv",
                FormLanguage::En => "en",
            };
            let filename = match number {
                Some(n) => format!("consent-form-{n}-{lang}.pdf"),
                None => format!("consent-form-blank-{lang}.pdf"),
            };
            let disposition =
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/pdf"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}
