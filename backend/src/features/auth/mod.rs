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

use crate::error::{AppError, AppResult};
use crate::features::access::{Access, CustomerScope, Right, Rights};
use crate::features::api_keys::{self, ApiScope};

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
    /// Administrator flag, rights and groups, read with the session on every request.
    pub access: Access,
    pub mfa_enabled: bool,
    pub stage: SessionStage,
}

/// Where a request came from; recorded in the audit log.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// Where reads outside a transaction hand their audit rows (see `audit::writer`).
    pub audit: Option<crate::features::audit::writer::AuditQueue>,
}

/// Who performs an operation. Services take an actor so that nothing reaches personal data
/// anonymously, and so the audit log can say who did it.
#[derive(Debug, Clone)]
pub enum Actor {
    User {
        user_id: Uuid,
        access: Access,
        meta: RequestMeta,
    },
    /// A webshop or reporting tool with an API key: exactly what its scopes allow, over the
    /// customers its groups allow (unrestricted ones without groups). Never staff.
    ApiKey {
        key_id: Uuid,
        scopes: Vec<ApiScope>,
        groups: Vec<Uuid>,
        meta: RequestMeta,
    },
    /// A contact person on My page: their own contact and nothing else.
    Portal {
        account_id: Uuid,
        contact_id: Uuid,
        customer_id: Uuid,
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
            access: viewer.access.clone(),
            meta: meta.clone(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::ApiKey { .. } => "api_key",
            Actor::Portal { .. } => "portal",
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

    /// The id the audit log and consent events name the actor by: the user's or the key's.
    pub fn id(&self) -> Option<String> {
        match self {
            Actor::User { user_id, .. } => Some(user_id.to_string()),
            Actor::ApiKey { key_id, .. } => Some(key_id.to_string()),
            Actor::Portal { account_id, .. } => Some(account_id.to_string()),
            _ => None,
        }
    }

    /// Whether this is an API key holding `scope` (staff hold no scopes).
    pub fn has_scope(&self, scope: ApiScope) -> bool {
        matches!(self, Actor::ApiKey { scopes, .. } if scopes.contains(&scope))
    }

    /// For the webshop API: an API key with `scope`; staff and keys without it get `FORBIDDEN`.
    pub fn require_scope(&self, scope: ApiScope) -> AppResult<()> {
        match self {
            Actor::Anonymous { .. } => Err(AppError::Unauthenticated),
            _ if self.has_scope(scope) => Ok(()),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Consent reports: staff with `READ_CUSTOMERS`, keys with `reports:read`.
    pub fn require_reports(&self) -> AppResult<()> {
        match self {
            Actor::ApiKey { .. } => self.require_scope(ApiScope::ReportsRead),
            _ => self.require(Right::ReadCustomers),
        }
    }

    fn meta(&self) -> Option<&RequestMeta> {
        match self {
            Actor::User { meta, .. }
            | Actor::ApiKey { meta, .. }
            | Actor::Portal { meta, .. }
            | Actor::Anonymous { meta } => Some(meta),
            Actor::System => None,
        }
    }

    pub fn ip(&self) -> Option<&str> {
        self.meta().and_then(|m| m.ip.as_deref())
    }

    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }

    /// The group-committing audit writer of the request, if it came through the server.
    pub fn audit_queue(&self) -> Option<&crate::features::audit::writer::AuditQueue> {
        self.meta().and_then(|m| m.audit.as_ref())
    }

    pub fn is_admin(&self) -> bool {
        match self {
            Actor::User { access, .. } => access.is_admin,
            Actor::System => true,
            Actor::ApiKey { .. } | Actor::Portal { .. } | Actor::Anonymous { .. } => false,
        }
    }

    /// Effective rights (everything for administrators and the system).
    pub fn rights(&self) -> Rights {
        match self {
            Actor::User { access, .. } => access.rights(),
            Actor::ApiKey { scopes, .. } => api_keys::rights_of(scopes),
            Actor::System => Rights::all(),
            Actor::Portal { .. } | Actor::Anonymous { .. } => Rights::NONE,
        }
    }

    /// Administrators and the system; everyone else gets `FORBIDDEN`.
    pub fn require_admin(&self) -> AppResult<()> {
        match self {
            Actor::Anonymous { .. } => Err(AppError::Unauthenticated),
            _ if self.is_admin() => Ok(()),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Anyone signed in (and the system): for data that is not personal, such as the list of
    /// consent purposes. API keys are not staff.
    pub fn require_staff(&self) -> AppResult<()> {
        match self {
            Actor::Anonymous { .. } => Err(AppError::Unauthenticated),
            Actor::ApiKey { .. } | Actor::Portal { .. } => Err(AppError::Forbidden),
            _ => Ok(()),
        }
    }

    /// `FORBIDDEN` unless the actor holds `right` (`UNAUTHENTICATED` when nobody is signed in).
    pub fn require(&self, right: Right) -> AppResult<()> {
        match self {
            Actor::Anonymous { .. } => Err(AppError::Unauthenticated),
            _ if self.rights().contains(right) => Ok(()),
            _ => Err(AppError::Forbidden),
        }
    }

    /// The customers this actor may see.
    pub fn customer_scope(&self) -> CustomerScope {
        match self {
            Actor::User { access, .. } => access.customer_scope(),
            Actor::ApiKey { groups, .. } => CustomerScope::Groups(groups.clone()),
            Actor::System => CustomerScope::All,
            Actor::Portal { .. } | Actor::Anonymous { .. } => CustomerScope::Groups(Vec::new()),
        }
    }
}
