//! GraphQL for signing in (password, then a TOTP or recovery code), MFA enrolment, recovery
//! codes, signing out, and the first-administrator setup.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use secrecy::{ExposeSecret, SecretString};

use super::Viewer;
use super::service::{self, IssuedSession, LoginStep, NewUser};
use crate::error::GqlResultExt;
use crate::features::access::Right;
use crate::graphql::{actor, parse_id, pending_viewer, request, state, viewer};

#[derive(SimpleObject)]
#[graphql(name = "Viewer")]
pub struct ViewerObject {
    id: ID,
    email: String,
    name: String,
    is_admin: bool,
    /// Whether an authenticator app is set up (always true for a full session).
    mfa_enabled: bool,
    /// Effective rights (administrators: all).
    rights: Vec<Right>,
    /// The access groups the user is a member of.
    group_ids: Vec<ID>,
}

impl From<&Viewer> for ViewerObject {
    fn from(v: &Viewer) -> Self {
        ViewerObject {
            id: ID(v.user_id.to_string()),
            email: v.email.clone(),
            name: v.name.clone(),
            is_admin: v.access.is_admin,
            mfa_enabled: v.mfa_enabled,
            rights: v.access.rights().iter().collect(),
            group_ids: v.access.groups.iter().map(|g| ID(g.to_string())).collect(),
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
    /// What to do next; anything but `DONE` means the session can only finish the second factor.
    next: LoginStep,
}

/// What an authenticator app needs. Shown once, during enrolment.
#[derive(SimpleObject)]
pub struct TotpEnrollment {
    /// Base32, for typing into the app.
    secret: String,
    otpauth_uri: String,
    /// An SVG document with the QR code of `otpauthUri`.
    qr_svg: String,
}

#[derive(SimpleObject)]
pub struct MfaEnrolled {
    viewer: ViewerObject,
    /// Ten single-use codes for when the phone is lost. Shown only now.
    recovery_codes: Vec<String>,
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

pub(crate) fn set_session_cookie(
    ctx: &Context<'_>,
    issued: &IssuedSession,
) -> async_graphql::Result<()> {
    let state = state(ctx)?;
    let max_age = match issued.next {
        LoginStep::Done => u64::from(state.config.session_absolute_hours) * 3600,
        _ => u64::try_from(service::PENDING_SESSION_MINUTES * 60).unwrap_or(600),
    };
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

fn payload(ctx: &Context<'_>, issued: IssuedSession) -> async_graphql::Result<LoginPayload> {
    set_session_cookie(ctx, &issued)?;
    Ok(LoginPayload {
        viewer: (&issued.viewer).into(),
        next: issued.next,
    })
}

#[Object]
impl AuthMutation {
    /// The password step of signing in. Sets a session cookie that, until the second factor is
    /// done (see `next`), only allows `verifyTotp`, `useRecoveryCode` or the enrolment mutations.
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<LoginPayload> {
        let state = state(ctx)?;
        let issued = service::login(
            state,
            &input.email,
            &SecretString::from(input.password),
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        payload(ctx, issued)
    }

    /// The second step of signing in: a 6-digit code from the authenticator app.
    async fn verify_totp(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<LoginPayload> {
        let issued = service::verify_totp(
            state(ctx)?,
            pending_viewer(ctx)?,
            &code,
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        payload(ctx, issued)
    }

    /// The second step of signing in with a recovery code instead (each works once).
    async fn use_recovery_code(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<LoginPayload> {
        let issued = service::use_recovery_code(
            state(ctx)?,
            pending_viewer(ctx)?,
            &code,
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        payload(ctx, issued)
    }

    /// Starts setting up an authenticator app (again replaces the previous attempt).
    async fn begin_totp_enrollment(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<TotpEnrollment> {
        let enrolment =
            service::begin_enrolment(state(ctx)?, pending_viewer(ctx)?, &request(ctx)?.meta)
                .await
                .gql()?;
        Ok(TotpEnrollment {
            secret: enrolment.secret.expose_secret().to_owned(),
            otpauth_uri: enrolment.otpauth_uri.expose_secret().to_owned(),
            qr_svg: enrolment.qr_svg,
        })
    }

    /// Finishes the set-up with a first code; signs in fully and returns the recovery codes.
    async fn confirm_totp_enrollment(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<MfaEnrolled> {
        let (issued, codes) = service::confirm_enrolment(
            state(ctx)?,
            pending_viewer(ctx)?,
            &code,
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        set_session_cookie(ctx, &issued)?;
        Ok(MfaEnrolled {
            viewer: (&issued.viewer).into(),
            recovery_codes: codes,
        })
    }

    /// Replaces all recovery codes, after re-entering the password and a current code.
    async fn regenerate_recovery_codes(
        &self,
        ctx: &Context<'_>,
        password: String,
        code: String,
    ) -> async_graphql::Result<Vec<String>> {
        service::regenerate_recovery_codes(
            state(ctx)?,
            viewer(ctx)?,
            &SecretString::from(password),
            &code,
            &request(ctx)?.meta,
        )
        .await
        .gql()
    }

    /// `MANAGE_USERS` (an administrator's MFA: administrators only): removes a user's MFA (e.g.
    /// a lost phone) and ends their sessions; they set it up again at their next login.
    async fn reset_user_mfa(&self, ctx: &Context<'_>, user_id: ID) -> async_graphql::Result<bool> {
        let user_id = parse_id(&user_id, "userId")?;
        service::reset_mfa(state(ctx)?, &actor(ctx)?, user_id)
            .await
            .gql()?;
        Ok(true)
    }

    /// Ends the current session (server-side) and clears the cookie.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let state = state(ctx)?;
        let req = request(ctx)?;
        if let Some(v) = &req.viewer {
            let actor = crate::features::auth::Actor::user(v, &req.meta);
            service::logout(&state.db, &actor, v.session_id)
                .await
                .gql()?;
        }
        req.set_cookie(format!(
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

    /// Creates the first administrator with the one-time link printed at start-up; continues
    /// with MFA enrolment.
    async fn complete_setup(
        &self,
        ctx: &Context<'_>,
        input: CompleteSetupInput,
    ) -> async_graphql::Result<LoginPayload> {
        let issued = service::complete_setup(
            state(ctx)?,
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
        payload(ctx, issued)
    }
}
