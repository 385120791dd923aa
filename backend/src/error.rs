//! The one error type of the service layer, with the stable codes clients rely on.
//!
//! Database and internal errors are logged (inside the request's span, which carries the request
//! id) and reach clients only as `INTERNAL` with a generic message.

use async_graphql::ErrorExtensions;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    /// Every login failure (unknown user, wrong password, disabled) looks the same.
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    #[error("you do not have access to this")]
    Forbidden,
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("{field}: {message}")]
    BadUserInput { field: String, message: String },
    #[error("{message}")]
    Conflict {
        field: Option<String>,
        message: String,
    },
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    #[error("internal server error")]
    Internal(anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_input(field: impl Into<String>, message: impl std::fmt::Display) -> Self {
        AppError::BadUserInput {
            field: field.into(),
            message: message.to_string(),
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            field: None,
            message: message.into(),
        }
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(error.into())
    }

    /// For the command line and log lines: internal errors keep their cause (the client-facing
    /// message deliberately does not), everything else keeps its message.
    pub fn into_anyhow(self) -> anyhow::Error {
        match self {
            AppError::Internal(source) => source,
            other => anyhow::anyhow!("{other}"),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => "UNAUTHENTICATED",
            AppError::Forbidden => "FORBIDDEN",
            AppError::NotFound { .. } => "NOT_FOUND",
            AppError::BadUserInput { .. } => "BAD_USER_INPUT",
            AppError::Conflict { .. } => "CONFLICT",
            AppError::RateLimited { .. } => "RATE_LIMITED",
            AppError::Internal(_) => "INTERNAL",
        }
    }

    /// The user-facing message: the field is carried separately in `extensions.field`.
    fn client_message(&self) -> String {
        match self {
            AppError::BadUserInput { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(error: sea_orm::TransactionError<AppError>) -> Self {
        match error {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        if let AppError::Internal(source) = self {
            tracing::error!(error = %format!("{source:#}"), "internal error");
        }
        async_graphql::Error::new(self.client_message()).extend_with(|_, ext| {
            ext.set("code", self.code());
            match self {
                AppError::BadUserInput { field, .. } => ext.set("field", field.as_str()),
                AppError::Conflict { field: Some(f), .. } => ext.set("field", f.as_str()),
                AppError::NotFound { entity } => ext.set("entity", *entity),
                AppError::RateLimited { retry_after_secs } => {
                    ext.set("retryAfter", *retry_after_secs);
                }
                _ => {}
            }
        })
    }
}

/// `.gql()` turns a service result into a GraphQL result without going through async-graphql's
/// blanket `From<Display>` (which would drop the code and could leak internals).
pub trait GqlResultExt<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResultExt<T> for AppResult<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}

/// For the plain HTTP endpoints (downloads): the same codes and shape as a GraphQL error, with
/// the matching status.
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::StatusCode;
        let status = match &self {
            AppError::Unauthenticated | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::BadUserInput { .. } => StatusCode::BAD_REQUEST,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let error = self.extend();
        let body = serde_json::json!({
            "errors": [{ "message": error.message, "extensions": error.extensions }]
        });
        (
            status,
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            axum::Json(body),
        )
            .into_response()
    }
}
