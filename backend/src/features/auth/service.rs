//! Users, sessions, the two-step login (password, then TOTP or a recovery code), enrolment,
//! lockouts, and the first-administrator setup.
//!
//! A password alone yields a *pending* session (stage `mfa` or `enroll`, 10 minutes) that can
//! only complete the second factor; the full session gets a new token (no fixation).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::mfa;
use super::{Actor, RequestMeta, SessionStage, Viewer};
use crate::crypto::field::{self, FieldRef};
use crate::crypto::password::check_password_policy;
use crate::crypto::{KeyPurpose, token};
use crate::domain::{Email, text};
use crate::entities::{recovery_code, session, setup_token, user};
use crate::error::{AppError, AppResult};
use crate::features::access::{self, Access, Right};
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::state::AppState;

/// Only touch `last_seen_at` when it is older than this, so reads do not write on every request.
const LAST_SEEN_GRANULARITY_SECS: i64 = 60;
const SETUP_TOKEN_HOURS: i64 = 24;
const NAME_MAX: usize = 200;
const MAX_USER_AGENT: usize = 400;
/// A pending (password-only) session must complete the second factor within this time.
pub const PENDING_SESSION_MINUTES: i64 = 10;
/// Consecutive wrong passwords, or wrong codes in one pending session, before the account locks.
pub const MAX_FAILURES: i32 = 5;
const FIRST_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 15 * 60;

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: SecretString,
    pub is_admin: bool,
}

/// What the client must do after a login step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum LoginStep {
    /// Signed in.
    Done,
    /// Enter a code from the authenticator app (or a recovery code).
    MfaRequired,
    /// Set up an authenticator app first (MFA is mandatory).
    MfaEnrollmentRequired,
}

/// A fresh session: the token goes into the cookie, never into the database or the log.
pub struct IssuedSession {
    pub viewer: Viewer,
    pub token: SecretString,
    pub next: LoginStep,
}

fn parse_new_user(input: &NewUser) -> AppResult<(Email, String)> {
    let email = Email::parse(&input.email).map_err(|e| AppError::bad_input("email", e))?;
    let name = text::clean(Some(&input.name), NAME_MAX, true, false)
        .map_err(|e| AppError::bad_input("name", e))?
        .unwrap_or_default();
    check_password_policy(
        input.password.expose_secret(),
        email.as_str(),
        &name,
        "password",
    )?;
    Ok((email, name))
}

async fn insert_user(
    db: &impl ConnectionTrait,
    state: &AppState,
    input: &NewUser,
) -> AppResult<user::Model> {
    let (email, name) = parse_new_user(input)?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .count(db)
        .await?;
    if existing > 0 {
        return Err(AppError::Conflict {
            field: Some("email".into()),
            message: "a user with this e-mail already exists".into(),
        });
    }
    let hash = state.passwords.hash(&input.password).await?;
    let now = Utc::now();
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.into_inner()),
        name: Set(name),
        password_hash: Set(hash),
        is_admin: Set(input.is_admin),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        totp_secret: Set(None),
        totp_pending_secret: Set(None),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        lock_count: Set(0),
        totp_failures: Set(0),
    }
    .insert(db)
    .await?;
    Ok(model)
}

/// Creates a staff user (used by `tillit user create`). They enrol MFA at their first login.
pub async fn create_user(
    state: &AppState,
    actor: &Actor,
    input: NewUser,
) -> AppResult<user::Model> {
    let txn = crate::db::begin_write(&state.db).await?;
    let created = insert_user(&txn, state, &input).await?;
    audit::record(
        &txn,
        actor,
        "user.create",
        Some(("user", created.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "admin": created.is_admin })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

fn stage_step(stage: SessionStage) -> LoginStep {
    match stage {
        SessionStage::Full => LoginStep::Done,
        SessionStage::Mfa => LoginStep::MfaRequired,
        SessionStage::Enroll => LoginStep::MfaEnrollmentRequired,
    }
}

async fn issue_session(
    db: &impl ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    stage: SessionStage,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    let (token, hash) = token::generate();
    let now = Utc::now();
    let expires = match stage {
        SessionStage::Full => now + Duration::hours(i64::from(state.config.session_absolute_hours)),
        SessionStage::Mfa | SessionStage::Enroll => {
            now + Duration::minutes(PENDING_SESSION_MINUTES)
        }
    };
    let session = session::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(hash),
        user_id: Set(user.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires),
        ip: Set(meta.ip.clone()),
        user_agent: Set(meta
            .user_agent
            .as_ref()
            .map(|ua| ua.chars().take(MAX_USER_AGENT).collect())),
        stage: Set(stage.as_str().to_owned()),
    }
    .insert(db)
    .await?;
    Ok(IssuedSession {
        viewer: viewer_of(
            user,
            session.id,
            stage,
            access::service::load(db, user.id, user.is_admin).await?,
        ),
        token: SecretString::from(token),
        next: stage_step(stage),
    })
}

fn viewer_of(user: &user::Model, session_id: Uuid, stage: SessionStage, access: Access) -> Viewer {
    Viewer {
        user_id: user.id,
        session_id,
        email: user.email.clone(),
        name: user.name.clone(),
        access,
        mfa_enabled: user.totp_secret.is_some(),
        stage,
    }
}

/// How long the next lock lasts after `locks_in_a_row` earlier ones: 60 s, doubling, at most
/// 15 minutes. Staff and My page accounts lock alike.
pub fn lock_duration(locks_in_a_row: i32) -> Duration {
    let exponent = u32::try_from(locks_in_a_row.clamp(0, 10)).unwrap_or(10);
    Duration::seconds(std::cmp::min(
        FIRST_LOCK_SECS * 2i64.pow(exponent),
        MAX_LOCK_SECS,
    ))
}

fn locked(user: &user::Model, now: DateTime<Utc>) -> bool {
    user.locked_until.is_some_and(|until| until > now)
}

/// Counts a failure; the fifth in a row locks the account for 60 s, doubling with every lock in
/// a row up to 15 minutes. While locked nothing is counted.
async fn count_failure(
    db: &impl ConnectionTrait,
    user: &user::Model,
    totp: bool,
) -> AppResult<bool> {
    let failures = if totp {
        user.totp_failures
    } else {
        user.failed_logins
    } + 1;
    let mut changes = user::ActiveModel {
        id: Set(user.id),
        ..Default::default()
    };
    let lock = failures >= MAX_FAILURES;
    if lock {
        changes.locked_until = Set(Some(Utc::now() + lock_duration(user.lock_count)));
        changes.lock_count = Set(user.lock_count + 1);
        changes.failed_logins = Set(0);
        changes.totp_failures = Set(0);
    } else if totp {
        changes.totp_failures = Set(failures);
    } else {
        changes.failed_logins = Set(failures);
    }
    changes.update(db).await?;
    Ok(lock)
}

/// The password step. Unknown e-mail, wrong password, disabled and locked accounts give the same
/// error and cost the same argon2 verification.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &SecretString,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    state.throttle.take(meta.ip.as_deref())?;
    let db = &state.db;
    let anonymous = Actor::Anonymous { meta: meta.clone() };
    let normalized = email.trim().to_lowercase();
    let found = if normalized.len() > 254 {
        None
    } else {
        user::Entity::find()
            .filter(user::Column::Email.eq(normalized.as_str()))
            .one(db)
            .await?
    };
    let password_ok = state
        .passwords
        .verify(password, found.as_ref().map(|u| u.password_hash.as_str()))
        .await?;
    let now = Utc::now();
    let user = match found {
        Some(user) if password_ok && user.active && !locked(&user, now) => user,
        other => {
            let mut details = None;
            if let Some(u) = &other
                && u.active
                && !locked(u, now)
                && !password_ok
                && count_failure(db, u, false).await?
            {
                details = Some(serde_json::json!({ "locked": true }));
            } else if other.as_ref().is_some_and(|u| locked(u, now)) {
                details = Some(serde_json::json!({ "whileLocked": true }));
            }
            audit::record(
                db,
                &anonymous,
                "auth.login",
                other.map(|u| ("user", u.id.to_string())),
                Outcome::Failure,
                details,
            )
            .await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    let stage = if user.totp_secret.is_some() {
        SessionStage::Mfa
    } else {
        SessionStage::Enroll
    };
    let txn = crate::db::begin_write(db).await?;
    user::ActiveModel {
        id: Set(user.id),
        failed_logins: Set(0),
        totp_failures: Set(0),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let issued = issue_session(&txn, state, &user, stage, meta).await?;
    audit::record(
        &txn,
        &Actor::user(&issued.viewer, meta),
        "auth.password",
        Some(("user", user.id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// Looks up the session behind a cookie token, enforcing the idle and absolute timeouts.
pub async fn resolve_session(
    db: &DatabaseConnection,
    config: &crate::config::Config,
    token: &str,
) -> AppResult<Option<Viewer>> {
    lookup_session(db, config, token, true).await
}

/// [`resolve_session`] without counting as activity: for a long-lived subscription, which must
/// not keep an otherwise idle session alive.
pub async fn check_session(
    db: &DatabaseConnection,
    config: &crate::config::Config,
    token: &str,
) -> AppResult<Option<Viewer>> {
    lookup_session(db, config, token, false).await
}

async fn lookup_session(
    db: &DatabaseConnection,
    config: &crate::config::Config,
    token: &str,
    touch: bool,
) -> AppResult<Option<Viewer>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let hash = token::hash(token);
    let Some((session, Some(user))) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash))
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle_limit = Duration::minutes(i64::from(config.session_idle_minutes));
    if now >= session.expires_at || now - session.last_seen_at >= idle_limit || !user.active {
        session::Entity::delete_by_id(session.id).exec(db).await?;
        return Ok(None);
    }
    if touch && (now - session.last_seen_at).num_seconds() >= LAST_SEEN_GRANULARITY_SECS {
        session::ActiveModel {
            id: Set(session.id),
            last_seen_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    let stage = SessionStage::from_db(&session.stage);
    // Rights and groups are read on every request: a change takes effect on the next one.
    let access = access::service::load(db, user.id, user.is_admin).await?;
    Ok(Some(viewer_of(&user, session.id, stage, access)))
}

pub async fn logout(db: &DatabaseConnection, actor: &Actor, session_id: Uuid) -> AppResult<()> {
    session::Entity::delete_by_id(session_id).exec(db).await?;
    audit::record(db, actor, "auth.logout", None, Outcome::Success, None).await?;
    Ok(())
}

async fn load_user(db: &impl ConnectionTrait, id: Uuid) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)
}

fn secret_ref<'a>(user_id: &'a str, column: &'static str) -> FieldRef<'a> {
    FieldRef {
        table: "users",
        column,
        row_id: user_id,
    }
}

fn decrypt_secret(
    state: &AppState,
    user: &user::Model,
    column: &'static str,
    stored: &str,
) -> AppResult<String> {
    let id = user.id.to_string();
    let plain = field::decrypt(
        &state.keyring,
        KeyPurpose::FieldEncryption,
        secret_ref(&id, column),
        stored,
    )
    .map_err(AppError::internal)?;
    String::from_utf8(plain.to_vec()).map_err(AppError::internal)
}

/// The material an authenticator app needs.
pub struct Enrolment {
    pub secret: SecretString,
    pub otpauth_uri: SecretString,
    pub qr_svg: String,
}

/// Starts (or restarts) TOTP enrolment: a new secret, stored encrypted as pending.
pub async fn begin_enrolment(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
) -> AppResult<Enrolment> {
    if viewer.stage != SessionStage::Enroll {
        return Err(AppError::conflict(
            "MFA is already set up; an administrator can reset it",
        ));
    }
    let secret = mfa::generate_secret();
    let (uri, svg) = mfa::enrolment_material(&secret, &viewer.email)?;
    let id = viewer.user_id.to_string();
    let stored = field::encrypt(
        &state.keyring,
        KeyPurpose::FieldEncryption,
        secret_ref(&id, "totp_pending_secret"),
        secret.as_bytes(),
    );
    user::ActiveModel {
        id: Set(viewer.user_id),
        totp_pending_secret: Set(Some(stored)),
        ..Default::default()
    }
    .update(&state.db)
    .await?;
    audit::record(
        &state.db,
        &Actor::user(viewer, meta),
        "mfa.enrolment.begin",
        Some(("user", id)),
        Outcome::Success,
        None,
    )
    .await?;
    Ok(Enrolment {
        secret: SecretString::from(secret),
        otpauth_uri: SecretString::from(uri),
        qr_svg: svg,
    })
}

fn now_unix() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

fn wrong_code() -> AppError {
    AppError::bad_input("code", "the code is wrong or already used")
}

/// Ends a pending session after too many wrong codes.
async fn give_up(state: &AppState, viewer: &Viewer, meta: &RequestMeta) -> AppResult<AppError> {
    session::Entity::delete_by_id(viewer.session_id)
        .exec(&state.db)
        .await?;
    audit::record(
        &state.db,
        &Actor::user(viewer, meta),
        "auth.mfa",
        Some(("user", viewer.user_id.to_string())),
        Outcome::Denied,
        Some(serde_json::json!({ "locked": true })),
    )
    .await?;
    Ok(AppError::Unauthenticated)
}

/// Replaces a pending session with a full one (new token).
async fn upgrade(
    db: &impl ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    pending: Uuid,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    session::Entity::delete_by_id(pending).exec(db).await?;
    user::ActiveModel {
        id: Set(user.id),
        lock_count: Set(0),
        totp_failures: Set(0),
        ..Default::default()
    }
    .update(db)
    .await?;
    issue_session(db, state, user, SessionStage::Full, meta).await
}

async fn store_recovery_codes(
    db: &impl ConnectionTrait,
    state: &AppState,
    user_id: Uuid,
) -> AppResult<Vec<String>> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let codes = mfa::generate_recovery_codes();
    let now = Utc::now();
    let rows = codes
        .iter()
        .map(|code| {
            mfa::recovery_digest(&state.keyring, code)
                .map(|digest| recovery_code::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    user_id: Set(user_id),
                    code_digest: Set(digest),
                    created_at: Set(now),
                    used_at: Set(None),
                })
                .ok_or_else(|| {
                    AppError::internal(anyhow::anyhow!("generated recovery code is malformed"))
                })
        })
        .collect::<AppResult<Vec<_>>>()?;
    recovery_code::Entity::insert_many(rows).exec(db).await?;
    Ok(codes)
}

/// Confirms enrolment with a first code: the secret becomes active, ten recovery codes are made
/// (returned once) and the session becomes full.
pub async fn confirm_enrolment(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    meta: &RequestMeta,
) -> AppResult<(IssuedSession, Vec<String>)> {
    state.throttle.take(meta.ip.as_deref())?;
    if viewer.stage != SessionStage::Enroll {
        return Err(AppError::conflict("MFA is already set up"));
    }
    let user = load_user(&state.db, viewer.user_id).await?;
    let Some(pending) = &user.totp_pending_secret else {
        return Err(AppError::bad_input("code", "start the set-up first"));
    };
    let secret = decrypt_secret(state, &user, "totp_pending_secret", pending)?;
    let Some(step) =
        mfa::accepted_step(&secret, &user.email, code, now_unix(), user.totp_last_step)?
    else {
        if count_failure(&state.db, &user, true).await? {
            return Err(give_up(state, viewer, meta).await?);
        }
        return Err(wrong_code());
    };
    let id = user.id.to_string();
    let stored = field::encrypt(
        &state.keyring,
        KeyPurpose::FieldEncryption,
        secret_ref(&id, "totp_secret"),
        secret.as_bytes(),
    );
    let txn = crate::db::begin_write(&state.db).await?;
    let updated = user::ActiveModel {
        id: Set(user.id),
        totp_secret: Set(Some(stored)),
        totp_pending_secret: Set(None),
        totp_last_step: Set(Some(step)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let codes = store_recovery_codes(&txn, state, user.id).await?;
    let issued = upgrade(&txn, state, &updated, viewer.session_id, meta).await?;
    audit::record(
        &txn,
        &Actor::user(&issued.viewer, meta),
        "mfa.enrolment.confirm",
        Some(("user", id)),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok((issued, codes))
}

/// Checks a TOTP code of the signed-in (or pending) user and records its time step.
async fn check_totp(state: &AppState, user: &user::Model, code: &str) -> AppResult<bool> {
    let Some(stored) = &user.totp_secret else {
        return Ok(false);
    };
    let secret = decrypt_secret(state, user, "totp_secret", stored)?;
    let Some(step) =
        mfa::accepted_step(&secret, &user.email, code, now_unix(), user.totp_last_step)?
    else {
        return Ok(false);
    };
    // Record the step only if no concurrent request used it first.
    let result = user::Entity::update_many()
        .col_expr(user::Column::TotpLastStep, Expr::value(step))
        .filter(user::Column::Id.eq(user.id))
        .filter(
            user::Column::TotpLastStep
                .is_null()
                .or(user::Column::TotpLastStep.lt(step)),
        )
        .exec(&state.db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The user behind a pending session that is waiting for a code (throttled per IP).
async fn second_factor_user(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
) -> AppResult<user::Model> {
    state.throttle.take(meta.ip.as_deref())?;
    if viewer.stage != SessionStage::Mfa {
        return Err(AppError::conflict("no code is needed for this session"));
    }
    load_user(&state.db, viewer.user_id).await
}

/// Completes a sign-in after an accepted second factor: a new full session, audited.
async fn finish_login(
    state: &AppState,
    user: &user::Model,
    viewer: &Viewer,
    meta: &RequestMeta,
    details: serde_json::Value,
) -> AppResult<IssuedSession> {
    let txn = crate::db::begin_write(&state.db).await?;
    let issued = upgrade(&txn, state, user, viewer.session_id, meta).await?;
    audit::record(
        &txn,
        &Actor::user(&issued.viewer, meta),
        "auth.login",
        Some(("user", user.id.to_string())),
        Outcome::Success,
        Some(details),
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// Re-authentication before a sensitive change: the password (reported on `password_field`)
/// and a current TOTP code, both counted towards the lockout when wrong.
async fn reauthenticate(
    state: &AppState,
    viewer: &Viewer,
    password: &SecretString,
    password_field: &str,
    code: &str,
    meta: &RequestMeta,
) -> AppResult<user::Model> {
    state.throttle.take(meta.ip.as_deref())?;
    let user = load_user(&state.db, viewer.user_id).await?;
    if !state
        .passwords
        .verify(password, Some(&user.password_hash))
        .await?
    {
        count_failure(&state.db, &user, false).await?;
        return Err(AppError::bad_input(password_field, "the password is wrong"));
    }
    if !check_totp(state, &user, code).await? {
        count_failure(&state.db, &user, true).await?;
        return Err(wrong_code());
    }
    Ok(user)
}

/// A fresh TOTP code from a signed-in user before a sensitive read (revealing a secret):
/// throttled, each code accepted once, wrong codes counted towards the lockout and reported
/// on `field`.
pub async fn confirm_totp(
    state: &AppState,
    user_id: Uuid,
    code: &str,
    field: &str,
    ip: Option<&str>,
) -> AppResult<()> {
    state.throttle.take(ip)?;
    let user = load_user(&state.db, user_id).await?;
    if !check_totp(state, &user, code).await? {
        count_failure(&state.db, &user, true).await?;
        return Err(AppError::bad_input(
            field,
            "the code is wrong or already used",
        ));
    }
    Ok(())
}

/// The second login step with a code from the authenticator app.
pub async fn verify_totp(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    let user = second_factor_user(state, viewer, meta).await?;
    if !check_totp(state, &user, code).await? {
        if count_failure(&state.db, &user, true).await? {
            return Err(give_up(state, viewer, meta).await?);
        }
        audit::record(
            &state.db,
            &Actor::user(viewer, meta),
            "auth.mfa",
            Some(("user", user.id.to_string())),
            Outcome::Failure,
            None,
        )
        .await?;
        return Err(wrong_code());
    }
    finish_login(
        state,
        &user,
        viewer,
        meta,
        serde_json::json!({ "factor": "totp" }),
    )
    .await
}

/// The second login step with a single-use recovery code.
pub async fn use_recovery_code(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    let user = second_factor_user(state, viewer, meta).await?;
    let used = match mfa::recovery_digest(&state.keyring, code) {
        Some(digest) => {
            recovery_code::Entity::update_many()
                .col_expr(recovery_code::Column::UsedAt, Expr::value(Utc::now()))
                .filter(recovery_code::Column::UserId.eq(user.id))
                .filter(recovery_code::Column::CodeDigest.eq(digest))
                .filter(recovery_code::Column::UsedAt.is_null())
                .exec(&state.db)
                .await?
                .rows_affected
                == 1
        }
        None => false,
    };
    if !used {
        if count_failure(&state.db, &user, true).await? {
            return Err(give_up(state, viewer, meta).await?);
        }
        return Err(AppError::bad_input(
            "code",
            "the recovery code is wrong or already used",
        ));
    }
    let remaining = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(&state.db)
        .await?;
    finish_login(
        state,
        &user,
        viewer,
        meta,
        serde_json::json!({ "factor": "recovery-code", "remaining": remaining }),
    )
    .await
}

/// New recovery codes (the old ones stop working), after re-authentication with password and code.
pub async fn regenerate_recovery_codes(
    state: &AppState,
    viewer: &Viewer,
    password: &SecretString,
    code: &str,
    meta: &RequestMeta,
) -> AppResult<Vec<String>> {
    let user = reauthenticate(state, viewer, password, "password", code, meta).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let codes = store_recovery_codes(&txn, state, user.id).await?;
    audit::record(
        &txn,
        &Actor::user(viewer, meta),
        "mfa.recovery-codes.regenerate",
        Some(("user", user.id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(codes)
}

/// An administrator removes a user's MFA (lost phone): they enrol again at their next login.
/// All their sessions end.
pub async fn reset_mfa(state: &AppState, actor: &Actor, user_id: Uuid) -> AppResult<()> {
    actor.require(Right::ManageUsers)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let target = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "user" })?;
    if target.is_admin && !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    user::ActiveModel {
        id: Set(target.id),
        totp_secret: Set(None),
        totp_pending_secret: Set(None),
        totp_last_step: Set(None),
        totp_failures: Set(0),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(target.id))
        .exec(&txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(target.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        "mfa.reset",
        Some(("user", target.id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Finds a user by e-mail (for the CLI).
pub async fn find_by_email(db: &DatabaseConnection, email: &str) -> AppResult<user::Model> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "user" })
}

/// On a database without users, creates a one-time setup token and returns it (to be printed as
/// a link). Returns `None` once any user exists.
pub async fn ensure_setup_token(db: &DatabaseConnection) -> AppResult<Option<SecretString>> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let (token, hash) = token::generate();
    let now = Utc::now();
    setup_token::ActiveModel {
        token_hash: Set(hash),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(SETUP_TOKEN_HOURS)),
    }
    .insert(db)
    .await?;
    Ok(Some(SecretString::from(token)))
}

/// Creates the first administrator with a setup token. They continue straight into MFA
/// enrolment (a pending session).
pub async fn complete_setup(
    state: &AppState,
    setup_token_value: &str,
    input: NewUser,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    state.throttle.take(meta.ip.as_deref())?;
    parse_new_user(&input)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let valid = setup_token::Entity::find_by_id(token::hash(setup_token_value))
        .one(&txn)
        .await?
        .is_some_and(|t| t.expires_at > Utc::now());
    if !valid || user::Entity::find().count(&txn).await? > 0 {
        return Err(AppError::bad_input(
            "token",
            "this setup link is invalid, expired or already used",
        ));
    }
    let created = insert_user(
        &txn,
        state,
        &NewUser {
            is_admin: true,
            ..input
        },
    )
    .await?;
    setup_token::Entity::delete_many().exec(&txn).await?;
    let issued = issue_session(&txn, state, &created, SessionStage::Enroll, meta).await?;
    audit::record(
        &txn,
        &Actor::user(&issued.viewer, meta),
        "user.create",
        Some(("user", created.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "admin": true, "via": "setup-link" })),
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// The signed-in user's sessions (full and pending), newest first.
pub async fn my_sessions(
    db: &DatabaseConnection,
    viewer: &Viewer,
) -> AppResult<Vec<session::Model>> {
    use sea_orm::QueryOrder;
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(viewer.user_id))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(session::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Ends one session: your own, or (administrators) anyone's.
pub async fn end_session(state: &AppState, actor: &Actor, session_id: Uuid) -> AppResult<()> {
    // Sessions are staff business: an API key has none and ends none.
    actor.require_staff()?;
    let found = session::Entity::find_by_id(session_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound { entity: "session" })?;
    let owner_is_admin = || async {
        Ok::<bool, AppError>(
            user::Entity::find_by_id(found.user_id)
                .one(&state.db)
                .await?
                .is_some_and(|u| u.is_admin),
        )
    };
    let allowed = match actor {
        Actor::User { user_id, .. } if *user_id == found.user_id => true,
        // Managing users reaches everyone's sessions but an administrator's (those only
        // administrators end), as everywhere else in user administration.
        Actor::User { .. } => {
            actor.rights().contains(Right::ManageUsers)
                && (actor.is_admin() || !owner_is_admin().await?)
        }
        Actor::System => true,
        Actor::ApiKey { .. } | Actor::Portal { .. } | Actor::Anonymous { .. } => false,
    };
    if !allowed {
        // Someone else's session id is answered like an unknown one.
        return Err(AppError::NotFound { entity: "session" });
    }
    session::Entity::delete_by_id(session_id)
        .exec(&state.db)
        .await?;
    audit::record(
        &state.db,
        actor,
        "session.end",
        Some(("user", found.user_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "sessionId": session_id.to_string() })),
    )
    .await?;
    Ok(())
}

/// Ends every session of `user_id` except `keep`; returns how many ended.
pub async fn end_sessions_of(
    db: &impl AuditTarget,
    actor: &Actor,
    user_id: Uuid,
    keep: Option<Uuid>,
) -> AppResult<u64> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(session::Column::Id.ne(keep));
    }
    let ended = query.exec(db).await?.rows_affected;
    audit::record(
        db,
        actor,
        "session.end-all",
        Some(("user", user_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "ended": ended, "keptCurrent": keep.is_some() })),
    )
    .await?;
    Ok(ended)
}

/// Changes the signed-in user's password after re-authentication (password and a current TOTP
/// code). Every session of the user ends; the caller gets a fresh one.
pub async fn change_password(
    state: &AppState,
    viewer: &Viewer,
    current: &SecretString,
    code: &str,
    new_password: &SecretString,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    let user = reauthenticate(state, viewer, current, "currentPassword", code, meta).await?;
    check_password_policy(
        new_password.expose_secret(),
        &user.email,
        &user.name,
        "newPassword",
    )?;
    if state
        .passwords
        .verify(new_password, Some(&user.password_hash))
        .await?
    {
        return Err(AppError::bad_input(
            "newPassword",
            "is the same as the current password",
        ));
    }
    let hash = state.passwords.hash(new_password).await?;
    let actor = Actor::user(viewer, meta);
    let txn = crate::db::begin_write(&state.db).await?;
    let updated = user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(hash),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    end_sessions_of(&txn, &actor, user.id, None).await?;
    let issued = issue_session(&txn, state, &updated, SessionStage::Full, meta).await?;
    audit::record(
        &txn,
        &actor,
        "user.password.change",
        Some(("user", user.id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// Changes the signed-in user's e-mail (their sign-in name) after re-authentication. The
/// password must not contain the new address either.
pub async fn change_email(
    state: &AppState,
    viewer: &Viewer,
    password: &SecretString,
    code: &str,
    new_email: &str,
    meta: &RequestMeta,
) -> AppResult<Viewer> {
    let email = Email::parse(new_email).map_err(|e| AppError::bad_input("newEmail", e))?;
    let user = reauthenticate(state, viewer, password, "password", code, meta).await?;
    if password
        .expose_secret()
        .to_lowercase()
        .contains(email.as_str())
    {
        return Err(AppError::bad_input(
            "newEmail",
            "your password contains this address; change the password first",
        ));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Id.ne(user.id))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(AppError::Conflict {
            field: Some("newEmail".into()),
            message: "another user has this e-mail address".into(),
        });
    }
    let updated = user::ActiveModel {
        id: Set(user.id),
        email: Set(email.into_inner()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::user(viewer, meta),
        "user.email.change",
        Some(("user", user.id.to_string())),
        Outcome::Success,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(viewer_of(
        &updated,
        viewer.session_id,
        viewer.stage,
        viewer.access.clone(),
    ))
}
