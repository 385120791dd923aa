//! Users, sessions and the first-administrator setup.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::{Actor, RequestMeta, Viewer};
use crate::config::Config;
use crate::crypto::password::check_password_policy;
use crate::crypto::{PasswordHasher, token};
use crate::domain::{Email, text};
use crate::entities::{session, setup_token, user};
use crate::error::{AppError, AppResult};
use crate::features::audit::{self, Outcome};

/// Only touch `last_seen_at` when it is older than this, so reads do not write on every request.
const LAST_SEEN_GRANULARITY_SECS: i64 = 60;
const SETUP_TOKEN_HOURS: i64 = 24;
const NAME_MAX: usize = 200;
const MAX_USER_AGENT: usize = 400;

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: SecretString,
    pub is_admin: bool,
}

/// A fresh session: the token goes into the cookie, never into the database or the log.
pub struct IssuedSession {
    pub viewer: Viewer,
    pub token: SecretString,
}

fn parse_new_user(input: &NewUser) -> AppResult<(Email, String)> {
    let email = Email::parse(&input.email).map_err(|e| AppError::bad_input("email", e))?;
    let name = text::clean(Some(&input.name), NAME_MAX, true, false)
        .map_err(|e| AppError::bad_input("name", e))?
        .unwrap_or_default();
    check_password_policy(input.password.expose_secret(), "password")?;
    Ok((email, name))
}

async fn insert_user(
    db: &impl ConnectionTrait,
    hasher: &PasswordHasher,
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
    let hash = hasher.hash(&input.password).await?;
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
    }
    .insert(db)
    .await?;
    Ok(model)
}

/// Creates a staff user (used by `tillit user create`).
pub async fn create_user(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    actor: &Actor,
    input: NewUser,
) -> AppResult<user::Model> {
    let txn = crate::db::begin_write(db).await?;
    let created = insert_user(&txn, hasher, &input).await?;
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

async fn issue_session(
    db: &impl ConnectionTrait,
    config: &Config,
    user: &user::Model,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    let (token, hash) = token::generate();
    let now = Utc::now();
    let session = session::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(hash),
        user_id: Set(user.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::hours(i64::from(config.session_absolute_hours))),
        ip: Set(meta.ip.clone()),
        user_agent: Set(meta
            .user_agent
            .as_ref()
            .map(|ua| ua.chars().take(MAX_USER_AGENT).collect())),
    }
    .insert(db)
    .await?;
    Ok(IssuedSession {
        viewer: viewer_of(user, session.id),
        token: SecretString::from(token),
    })
}

fn viewer_of(user: &user::Model, session_id: Uuid) -> Viewer {
    Viewer {
        user_id: user.id,
        session_id,
        email: user.email.clone(),
        name: user.name.clone(),
        is_admin: user.is_admin,
    }
}

/// Password login. Unknown e-mail, wrong password and disabled account give the same error and
/// cost the same argon2 verification.
pub async fn login(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    config: &Config,
    email: &str,
    password: &SecretString,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
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
    let password_ok = hasher
        .verify(password, found.as_ref().map(|u| u.password_hash.as_str()))
        .await?;
    let user = match found {
        Some(user) if password_ok && user.active => user,
        other => {
            audit::record(
                db,
                &anonymous,
                "auth.login",
                other.map(|u| ("user", u.id.to_string())),
                Outcome::Failure,
                None,
            )
            .await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    let txn = crate::db::begin_write(db).await?;
    let issued = issue_session(&txn, config, &user, meta).await?;
    audit::record(
        &txn,
        &Actor::user(&issued.viewer, meta),
        "auth.login",
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
    config: &Config,
    token: &str,
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
    if (now - session.last_seen_at).num_seconds() >= LAST_SEEN_GRANULARITY_SECS {
        session::ActiveModel {
            id: Set(session.id),
            last_seen_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(Some(viewer_of(&user, session.id)))
}

pub async fn logout(db: &DatabaseConnection, actor: &Actor, session_id: Uuid) -> AppResult<()> {
    session::Entity::delete_by_id(session_id).exec(db).await?;
    audit::record(db, actor, "auth.logout", None, Outcome::Success, None).await?;
    Ok(())
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

/// Creates the first administrator with a setup token, and signs them in.
pub async fn complete_setup(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    config: &Config,
    setup_token_value: &str,
    input: NewUser,
    meta: &RequestMeta,
) -> AppResult<IssuedSession> {
    parse_new_user(&input)?;
    let txn = crate::db::begin_write(db).await?;
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
        hasher,
        &NewUser {
            is_admin: true,
            ..input
        },
    )
    .await?;
    setup_token::Entity::delete_many().exec(&txn).await?;
    let issued = issue_session(&txn, config, &created, meta).await?;
    let actor = Actor::user(&issued.viewer, meta);
    audit::record(
        &txn,
        &actor,
        "user.create",
        Some(("user", created.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "admin": true, "via": "setup-link" })),
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}
