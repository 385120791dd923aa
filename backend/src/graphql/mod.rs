//! The GraphQL schema: per-domain Query/Mutation objects merged once, with the limits from
//! SECURITY.md (depth, aliases, fields and nesting in `limits`, the rest here), and the helpers resolvers use to reach the request's state and actor.

pub mod limits;

use std::sync::{Arc, Mutex};

use async_graphql::{Context, ErrorExtensions, ID, MergedObject, MergedSubscription, Schema};
use uuid::Uuid;

use crate::error::AppError;
use crate::features::auth::{Actor, RequestMeta, SessionStage, Viewer};
use crate::features::{
    access, anonymization, api_keys, audit, auth, backups, consents, contacts, customers, invoices,
    orders, outbox, portal, privacy, secrets, subject_export, tasks, users, webhooks, webshop,
};
use crate::state::AppState;

pub const MAX_COMPLEXITY: usize = 1000;
pub const MAX_RECURSIVE_DEPTH: usize = 32;
pub const MAX_DIRECTIVES: usize = 5;
/// Largest page a staff client may ask for.
pub const MAX_PAGE_SIZE: i32 = 100;
/// Reporting tools page through everything; larger pages than the staff lists allow.
pub const MAX_REPORT_PAGE: i32 = 1_000;

#[derive(MergedObject, Default)]
pub struct Query(
    auth::graphql::AuthQuery,
    access::graphql::AccessQuery,
    api_keys::graphql::ApiKeyQuery,
    audit::graphql::AuditQuery,
    customers::graphql::CustomerQuery,
    contacts::graphql::ContactQuery,
    consents::graphql::ConsentQuery,
    consents::report_graphql::ConsentReportQuery,
    privacy::graphql::PrivacyQuery,
    users::graphql::UserQuery,
    outbox::graphql::OutboxQuery,
    portal::graphql::PortalQuery,
    webhooks::graphql::WebhookQuery,
    webshop::graphql::WebshopQuery,
    orders::graphql::OrderQuery,
    invoices::graphql::InvoiceQuery,
    tasks::graphql::TaskQuery,
    anonymization::graphql::AnonymizationQuery,
    subject_export::graphql::SubjectExportQuery,
    backups::graphql::BackupQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::graphql::AuthMutation,
    access::graphql::AccessMutation,
    api_keys::graphql::ApiKeyMutation,
    customers::graphql::CustomerMutation,
    contacts::graphql::ContactMutation,
    consents::graphql::ConsentMutation,
    privacy::graphql::PrivacyMutation,
    users::graphql::UserMutation,
    portal::graphql::PortalMutation,
    webhooks::graphql::WebhookMutation,
    webshop::graphql::WebshopMutation,
    orders::graphql::OrderMutation,
    invoices::graphql::InvoiceMutation,
    tasks::graphql::TaskMutation,
    anonymization::graphql::AnonymizationMutation,
    secrets::graphql::SecretMutation,
    backups::graphql::BackupMutation,
);

/// Served over WebSocket only (`/graphql/ws`); the HTTP endpoint refuses subscriptions.
#[derive(MergedSubscription, Default)]
pub struct Subscription(consents::subscription::ConsentSubscription);

pub type TillitSchema = Schema<Query, Mutation, Subscription>;

pub fn build_schema() -> TillitSchema {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_complexity(MAX_COMPLEXITY)
    .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
    .limit_directives(MAX_DIRECTIVES)
    .disable_suggestions()
    .extension(limits::QueryLimits::default())
    .finish()
}

/// The committed `backend/schema.graphql`.
pub fn sdl() -> String {
    build_schema().sdl()
}

/// Per-request data the HTTP handler puts into every GraphQL request.
pub struct RequestContext {
    pub viewer: Option<Viewer>,
    /// The API key the request authenticated with (then there is no viewer).
    pub api_key: Option<Actor>,
    /// The contact signed in to My page, if any (never an actor for staff fields).
    pub portal: Option<crate::features::portal::PortalViewer>,
    pub meta: RequestMeta,
    set_cookies: Arc<Mutex<Vec<String>>>,
}

impl RequestContext {
    pub fn new(
        viewer: Option<Viewer>,
        meta: RequestMeta,
    ) -> (RequestContext, Arc<Mutex<Vec<String>>>) {
        let cookies = Arc::new(Mutex::new(Vec::new()));
        (
            RequestContext {
                viewer,
                api_key: None,
                portal: None,
                meta,
                set_cookies: cookies.clone(),
            },
            cookies,
        )
    }

    /// A request authenticated with an API key.
    pub fn with_api_key(mut self, actor: Actor) -> RequestContext {
        self.api_key = Some(actor);
        self
    }

    /// Queues a `Set-Cookie` header for the HTTP response.
    pub fn set_cookie(&self, cookie: String) {
        if let Ok(mut cookies) = self.set_cookies.lock() {
            cookies.push(cookie);
        }
    }
}

/// How a WebSocket connection authenticated on `connection_init`. The credential is kept, not
/// the identity it resolved to: a subscription checks it again before every delivery, so a
/// logout, a revoked key or a changed group takes effect on an open connection too.
#[derive(Clone)]
pub struct Subscriber {
    pub credential: SubscriberCredential,
    pub meta: RequestMeta,
}

#[derive(Clone)]
pub enum SubscriberCredential {
    /// A staff session cookie (sent with the upgrade request).
    Session(String),
    /// An API key (sent in the `connection_init` payload).
    ApiKey(String),
}

impl Subscriber {
    /// The actor the credential stands for now, or `UNAUTHENTICATED` once it no longer does.
    pub async fn actor(&self, state: &AppState) -> Result<Actor, AppError> {
        match &self.credential {
            SubscriberCredential::Session(token) => {
                match auth::service::check_session(&state.db, &state.config, token).await? {
                    Some(viewer) if viewer.stage == SessionStage::Full => {
                        Ok(Actor::user(&viewer, &self.meta))
                    }
                    _ => Err(AppError::Unauthenticated),
                }
            }
            SubscriberCredential::ApiKey(token) => {
                api_keys::service::authenticate(&state.db, &state.api_key_cache, token, &self.meta)
                    .await?
                    .map_err(|_| AppError::Unauthenticated)
            }
        }
    }
}

pub fn state<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a AppState> {
    ctx.data::<AppState>()
}

pub fn request<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestContext> {
    ctx.data::<RequestContext>()
}

/// The signed-in staff user with a full session (password and second factor), or
/// `UNAUTHENTICATED`.
pub fn viewer<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Viewer> {
    request(ctx)?
        .viewer
        .as_ref()
        .filter(|v| v.stage == SessionStage::Full)
        .ok_or_else(|| AppError::Unauthenticated.extend())
}

/// The user behind the session even if it still waits for the second factor (only the MFA
/// mutations use this).
pub fn pending_viewer<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Viewer> {
    request(ctx)?
        .viewer
        .as_ref()
        .ok_or_else(|| AppError::Unauthenticated.extend())
}

/// The actor for service calls: the request's API key, or the staff user of a full session.
pub fn actor(ctx: &Context<'_>) -> async_graphql::Result<Actor> {
    let req = request(ctx)?;
    if let Some(key) = &req.api_key {
        return Ok(key.clone());
    }
    let viewer = viewer(ctx)?;
    Ok(Actor::user(viewer, &req.meta))
}

/// The complexity of a list field asked for `first` of at most `max` items: its selection counts
/// once per tenth of a full page, so `limit_complexity` weighs a full page ten times one row's
/// worth. An out-of-range `first` counts as a full page, so the resolver can refuse it with a
/// `BAD_USER_INPUT` on `first` rather than a bare "too complex".
pub fn list_complexity(
    first: Option<i32>,
    default: i32,
    max: i32,
    child_complexity: usize,
) -> usize {
    let max = usize::try_from(max.max(1)).unwrap_or(1);
    let items = usize::try_from(first.unwrap_or(default))
        .unwrap_or(0)
        .min(max);
    (items * 10)
        .div_ceil(max)
        .max(1)
        .saturating_mul(child_complexity)
}

/// `first` checked against a page-size cap (`MAX_PAGE_SIZE`, or `MAX_REPORT_PAGE` for the
/// reporting lists): out of range is `BAD_USER_INPUT` on `first`, never silently clamped.
pub fn page_size(first: Option<i32>, default: i32, max: i32) -> async_graphql::Result<i32> {
    let first = first.unwrap_or(default);
    if (0..=max).contains(&first) {
        Ok(first)
    } else {
        Err(AppError::bad_input("first", format!("must be between 0 and {max}")).extend())
    }
}

/// What an `after` cursor (an `OpaqueCursor<T>` this server gave out) points at; anything else
/// is `BAD_USER_INPUT` on `after`.
pub fn after_cursor<T>(after: Option<&str>) -> async_graphql::Result<Option<T>>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync,
{
    use async_graphql::connection::{CursorType, OpaqueCursor};
    after
        .map(|cursor| {
            OpaqueCursor::<T>::decode_cursor(cursor)
                .map(|c| c.0)
                .map_err(|_| AppError::bad_input("after", "is not a valid cursor").extend())
        })
        .transpose()
}

pub fn parse_id(id: &ID, field: &str) -> async_graphql::Result<Uuid> {
    Uuid::parse_str(id.as_str())
        .map_err(|_| AppError::bad_input(field, "is not a valid id").extend())
}
