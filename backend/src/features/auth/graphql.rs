//! GraphQL for signing in and out and for the first-administrator setup.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use secrecy::SecretString;

use super::Viewer;
use super::service::{self, IssuedSession, NewUser};
use crate::error::GqlResultExt;
use crate::graphql::{actor, request, state, viewer};

#[derive(SimpleObject)]
#[graphql(name = "Viewer")]
pub struct ViewerObject {
    id: ID,
    email: String,
    name: String,
    is_admin: bool,
}

impl From<&Viewer> for ViewerObject {
    fn from(v: &Viewer) -> Self {
        ViewerObject {
            id: ID(v.user_id.to_string()),
            email: v.email.clone(),
            name: v.name.clone(),
            is_admin: v.is_admin,
        }
    }
}

#[derive(InputObject)]
pub struct LoginInput {
    email: String,
    password: String,
}

#[derive(InputObject)]
pub struct CompleteSetupInput {
    token: String,
    email: String,
    name: String,
    password: String,
}

#[derive(SimpleObject)]
pub struct LoginPayload {
    viewer: ViewerObject,
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The signed-in staff user.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<ViewerObject> {
        Ok(viewer(ctx)?.into())
    }
}

#[derive(Default)]
pub struct AuthMutation;

fn session_cookie(ctx: &Context<'_>, issued: &IssuedSession) -> async_graphql::Result<()> {
    use secrecy::ExposeSecret;
    let state = state(ctx)?;
    let max_age = u64::from(state.config.session_absolute_hours) * 3600;
    request(ctx)?.set_cookie(format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        state.config.session_cookie_name(),
        issued.token.expose_secret(),
        if state.config.cookies_secure() {
            "; Secure"
        } else {
            ""
        },
    ));
    Ok(())
}

#[Object]
impl AuthMutation {
    /// Signs in with e-mail and password; sets the session cookie.
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<LoginPayload> {
        let state = state(ctx)?;
        let issued = service::login(
            &state.db,
            &state.passwords,
            &state.config,
            &input.email,
            &SecretString::from(input.password),
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        session_cookie(ctx, &issued)?;
        Ok(LoginPayload {
            viewer: (&issued.viewer).into(),
        })
    }

    /// Ends the current session (server-side) and clears the cookie.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let state = state(ctx)?;
        if let Some(v) = &request(ctx)?.viewer {
            service::logout(&state.db, &actor(ctx)?, v.session_id)
                .await
                .gql()?;
        }
        request(ctx)?.set_cookie(format!(
            "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
            state.config.session_cookie_name(),
            if state.config.cookies_secure() {
                "; Secure"
            } else {
                ""
            },
        ));
        Ok(true)
    }

    /// Creates the first administrator with the one-time link printed at start-up.
    async fn complete_setup(
        &self,
        ctx: &Context<'_>,
        input: CompleteSetupInput,
    ) -> async_graphql::Result<LoginPayload> {
        let state = state(ctx)?;
        let issued = service::complete_setup(
            &state.db,
            &state.passwords,
            &state.config,
            &input.token,
            NewUser {
                email: input.email,
                name: input.name,
                password: SecretString::from(input.password),
                is_admin: true,
            },
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        session_cookie(ctx, &issued)?;
        Ok(LoginPayload {
            viewer: (&issued.viewer).into(),
        })
    }
}
