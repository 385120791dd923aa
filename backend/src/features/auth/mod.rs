//! Staff authentication: users, password login, opaque session tokens (only their hash is
//! stored), idle and absolute timeouts, and the one-time setup link that creates the first
//! administrator on an empty database.
//!
//! Invariants: every login failure looks the same to the caller; a session token is never
//! logged or stored in clear; every service that touches personal data takes an [`Actor`], and
//! only a *full* session (password and second factor) yields one; TOTP seeds are stored
//! field-encrypted and each code is accepted once.

pub mod graphql;
pub mod mfa;
pub mod service;
pub mod throttle;

use uuid::Uuid;

/// How far a session has come: a password alone gives a pending stage that can only finish the
/// second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    Full,
    /// Password accepted; a TOTP or recovery code is needed.
    Mfa,
    /// Password accepted; the user has no MFA yet and must enrol.
    Enroll,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::Full => "full",
            SessionStage::Mfa => "mfa",
            SessionStage::Enroll => "enroll",
        }
    }

    /// Unknown values count as the most restricted stage.
    pub fn from_db(value: &str) -> SessionStage {
        match value {
            "full" => SessionStage::Full,
            "enroll" => SessionStage::Enroll,
            _ => SessionStage::Mfa,
        }
    }
}

/// The staff user behind a request's session (possibly still pending MFA: see `stage`).
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub mfa_enabled: bool,
    pub stage: SessionStage,
}

/// Where a request came from; recorded in the audit log.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

/// Who performs an operation. Services take an actor so that nothing reaches personal data
/// anonymously, and so the audit log can say who did it.
#[derive(Debug, Clone)]
pub enum Actor {
    User {
        user_id: Uuid,
        is_admin: bool,
        meta: RequestMeta,
    },
    /// Not signed in (only login and setup accept this).
    Anonymous { meta: RequestMeta },
    /// The server itself or an operator at the command line.
    System,
}

impl Actor {
    pub fn user(viewer: &Viewer, meta: &RequestMeta) -> Actor {
        Actor::User {
            user_id: viewer.user_id,
            is_admin: viewer.is_admin,
            meta: meta.clone(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::Anonymous { .. } => "anonymous",
            Actor::System => "system",
        }
    }

    /// The signed-in user, if the actor is one.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User { user_id, .. } => Some(*user_id),
            _ => None,
        }
    }

    fn meta(&self) -> Option<&RequestMeta> {
        match self {
            Actor::User { meta, .. } | Actor::Anonymous { meta } => Some(meta),
            Actor::System => None,
        }
    }

    pub fn ip(&self) -> Option<&str> {
        self.meta().and_then(|m| m.ip.as_deref())
    }

    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }

    /// Administrators and the system; everyone else gets `FORBIDDEN`.
    pub fn require_admin(&self) -> crate::error::AppResult<()> {
        match self {
            Actor::User { is_admin: true, .. } | Actor::System => Ok(()),
            Actor::User { .. } => Err(crate::error::AppError::Forbidden),
            Actor::Anonymous { .. } => Err(crate::error::AppError::Unauthenticated),
        }
    }

    /// Staff and the system may use the customer register; anonymous callers may not.
    pub fn require_staff(&self) -> crate::error::AppResult<()> {
        match self {
            Actor::User { .. } | Actor::System => Ok(()),
            Actor::Anonymous { .. } => Err(crate::error::AppError::Unauthenticated),
        }
    }
}
