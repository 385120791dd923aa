//! GraphQL for user administration and for a user's own sessions and password.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::service::{self, UserRow};
use crate::entities::session;
use crate::error::GqlResultExt;
use crate::features::access::graphql::AccessGroupRef;
use crate::features::auth::service::{self as auth, NewUser};
use crate::graphql::{actor, parse_id, request, state, viewer};

/// A staff user, as administrators see them.
#[derive(SimpleObject)]
pub struct User {
    id: ID,
    email: String,
    name: String,
    is_admin: bool,
    active: bool,
    mfa_enabled: bool,
    /// Set while the account is locked after failed sign-ins.
    locked_until: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    active_sessions: u64,
    /// The user's access groups, by name.
    groups: Vec<AccessGroupRef>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        let now = Utc::now();
        User {
            id: ID(r.user.id.to_string()),
            email: r.user.email,
            name: r.user.name,
            is_admin: r.user.is_admin,
            active: r.user.active,
            mfa_enabled: r.user.totp_secret.is_some(),
            locked_until: r.user.locked_until.filter(|t| *t > now),
            created_at: r.user.created_at,
            active_sessions: r.active_sessions,
            groups: r.groups.into_iter().map(AccessGroupRef::from).collect(),
        }
    }
}

/// A signed-in browser or client of the current user.
#[derive(SimpleObject)]
pub struct Session {
    id: ID,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    ip: Option<String>,
    user_agent: Option<String>,
    /// This request's session.
    current: bool,
}

fn session_object(s: session::Model, current: uuid::Uuid) -> Session {
    Session {
        id: ID(s.id.to_string()),
        created_at: s.created_at,
        last_seen_at: s.last_seen_at,
        expires_at: s.expires_at,
        ip: s.ip,
        user_agent: s.user_agent,
        current: s.id == current,
    }
}

#[derive(InputObject)]
pub struct CreateUserInput {
    email: String,
    name: String,
    /// An initial password; the user sets up MFA at first sign-in and should change it.
    password: String,
    #[graphql(default = false)]
    is_admin: bool,
}

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The signed-in user's sessions, newest first.
    async fn my_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let viewer = viewer(ctx)?;
        let sessions = auth::my_sessions(&state(ctx)?.db, viewer).await.gql()?;
        Ok(sessions
            .into_iter()
            .map(|s| session_object(s, viewer.session_id))
            .collect())
    }

    /// All staff users (`MANAGE_USERS`).
    async fn users(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<User>> {
        let rows = service::list(state(ctx)?, &actor(ctx)?).await.gql()?;
        Ok(rows.into_iter().map(User::from).collect())
    }
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Ends one of your sessions (`MANAGE_USERS`: anyone's).
    async fn end_session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id(&id, "id")?;
        auth::end_session(state(ctx)?, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(true)
    }

    /// Ends all your sessions except this one; returns how many ended.
    async fn end_other_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let viewer = viewer(ctx)?;
        auth::end_sessions_of(
            &state(ctx)?.db,
            &actor(ctx)?,
            viewer.user_id,
            Some(viewer.session_id),
        )
        .await
        .gql()
    }

    /// Changes your password after re-entering it and a current code; all your other sessions
    /// end and this browser gets a new session.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        code: String,
        new_password: String,
    ) -> async_graphql::Result<bool> {
        let issued = auth::change_password(
            state(ctx)?,
            viewer(ctx)?,
            &SecretString::from(current_password),
            &code,
            &SecretString::from(new_password),
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        crate::features::auth::graphql::set_session_cookie(ctx, &issued)?;
        Ok(true)
    }

    /// Changes your e-mail address (your sign-in name) after re-entering your password and a
    /// current code.
    async fn change_email(
        &self,
        ctx: &Context<'_>,
        password: String,
        code: String,
        new_email: String,
    ) -> async_graphql::Result<crate::features::auth::graphql::ViewerObject> {
        let updated = auth::change_email(
            state(ctx)?,
            viewer(ctx)?,
            &SecretString::from(password),
            &code,
            &new_email,
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        Ok((&updated).into())
    }

    /// Creates a staff user (`MANAGE_USERS`; only administrators create administrators).
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> async_graphql::Result<User> {
        let row = service::create(
            state(ctx)?,
            &actor(ctx)?,
            NewUser {
                email: input.email,
                name: input.name,
                password: SecretString::from(input.password),
                is_admin: input.is_admin,
            },
        )
        .await
        .gql()?;
        Ok(row.into())
    }

    /// Disables (ending their sessions) or enables a user (`MANAGE_USERS`; administrators only
    /// by administrators).
    async fn set_user_active(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        active: bool,
    ) -> async_graphql::Result<User> {
        let id = parse_id(&user_id, "userId")?;
        Ok(service::set_active(state(ctx)?, &actor(ctx)?, id, active)
            .await
            .gql()?
            .into())
    }

    /// Grants or revokes the administrator role (administrators only).
    async fn set_user_admin(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        is_admin: bool,
    ) -> async_graphql::Result<User> {
        let id = parse_id(&user_id, "userId")?;
        Ok(service::set_admin(state(ctx)?, &actor(ctx)?, id, is_admin)
            .await
            .gql()?
            .into())
    }

    /// Ends every session of a user (`MANAGE_USERS`; administrators only by administrators);
    /// returns how many ended.
    async fn end_user_sessions(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
    ) -> async_graphql::Result<u64> {
        let id = parse_id(&user_id, "userId")?;
        service::end_sessions(state(ctx)?, &actor(ctx)?, id)
            .await
            .gql()
    }
}
