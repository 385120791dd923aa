//! Portal accounts, invitations, login (password or link), sessions, and the contact's own data.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use secrecy::SecretString;
use uuid::Uuid;

use super::PortalViewer;
use crate::crypto::password::check_password_policy;
use crate::crypto::token;
use crate::entities::{
    consent_declaration, consent_event, consent_purpose, contact, current_consent, customer,
    outgoing_message, portal_account, portal_session, portal_token,
};
use crate::error::{AppError, AppResult};
use crate::features::access::Right;
use crate::features::audit::{self, AuditTarget, Outcome};
use crate::features::auth::{Actor, RequestMeta, service as auth};
use crate::features::consents::service::{self as consents, Change, RecordInput};
use crate::features::consents::{ConsentDecision, ConsentSource, declaration, purposes};
use crate::features::customers::CustomerState;
use crate::features::{contacts, outbox};
use crate::state::AppState;

pub const INVITATION_HOURS: i64 = 72;
pub const LOGIN_LINK_MINUTES: i64 = 10;
const INVITE: &str = "invite";
const LOGIN: &str = "login";

pub fn actor_of(viewer: &PortalViewer, meta: &RequestMeta) -> Actor {
    Actor::Portal {
        account_id: viewer.account_id,
        contact_id: viewer.contact_id,
        customer_id: viewer.customer_id,
        meta: meta.clone(),
    }
}

/// What staff get back from an invitation: the link (to hand over themselves) and the message.
pub struct Invitation {
    pub link: String,
    pub expires_at: DateTime<Utc>,
    pub message: outgoing_message::Model,
}

fn invitation_text(name: &str, link: &str) -> (String, String) {
    (
        "Mina sidor / My page".to_owned(),
        format!(
            "Hej {name}!\n\nDu är inbjuden till Mina sidor, där du ser och ändrar dina samtycken. \
             Välj ett lösenord här (länken gäller i {INVITATION_HOURS} timmar och kan användas en \
             gång):\n\n{link}\n\n---\n\nHello {name},\n\nYou are invited to My page, where you see \
             and change your consents. Choose a password here (the link works for \
             {INVITATION_HOURS} hours, once):\n\n{link}\n"
        ),
    )
}

fn login_text(link: &str) -> (String, String) {
    (
        "Logga in på Mina sidor / Sign in to My page".to_owned(),
        format!(
            "Logga in på Mina sidor med den här länken (gäller i {LOGIN_LINK_MINUTES} minuter, en \
             gång):\n\n{link}\n\nSign in to My page with this link (valid for {LOGIN_LINK_MINUTES} \
             minutes, once):\n\n{link}\n\nHar du inte bett om länken kan du bortse från det här \
             meddelandet. / If you did not ask for it, ignore this message.\n"
        ),
    )
}

/// Invites a contact to My page (`EDIT_CUSTOMERS` on a customer the actor may see). The contact
/// needs an e-mail address; its account is created on the first invitation.
pub async fn invite(state: &AppState, actor: &Actor, contact_id: Uuid) -> AppResult<Invitation> {
    actor.require_staff()?;
    actor.require(Right::EditCustomers)?;
    let db = &state.db;
    let txn = crate::db::begin_write(db).await?;
    let (found, owner) = contacts::service::visible(&txn, actor, contact_id).await?;
    if CustomerState::from_db(&owner.state) == CustomerState::Anonymized || found.archived {
        return Err(AppError::bad_input(
            "contactId",
            "an archived contact cannot be invited",
        ));
    }
    let Some(email) = found.email.clone() else {
        return Err(AppError::bad_input(
            "contactId",
            "the contact has no e-mail address to sign in with",
        ));
    };
    let existing = portal_account::Entity::find()
        .filter(portal_account::Column::ContactId.eq(found.id))
        .one(&txn)
        .await?;
    let taken = portal_account::Entity::find()
        .filter(portal_account::Column::Email.eq(email.as_str()))
        .filter(portal_account::Column::ContactId.ne(found.id))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::Conflict {
            field: Some("contactId".into()),
            message: "another contact already signs in to My page with this e-mail address".into(),
        });
    }
    let now = Utc::now();
    let account = match existing {
        Some(account) => {
            let mut active: portal_account::ActiveModel = account.into();
            active.email = Set(email.clone());
            active.active = Set(true);
            active.update(&txn).await?
        }
        None => {
            portal_account::ActiveModel {
                id: Set(Uuid::now_v7()),
                contact_id: Set(found.id),
                email: Set(email.clone()),
                password_hash: Set(None),
                active: Set(true),
                failed_logins: Set(0),
                locked_until: Set(None),
                lock_count: Set(0),
                created_at: Set(now),
                password_set_at: Set(None),
                last_login_at: Set(None),
            }
            .insert(&txn)
            .await?
        }
    };
    let (secret, hash) = token::generate();
    let expires_at = now + Duration::hours(INVITATION_HOURS);
    portal_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account.id),
        purpose: Set(INVITE.to_owned()),
        token_hash: Set(hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        created_by: Set(actor.user_id()),
    }
    .insert(&txn)
    .await?;
    let link = format!("{}/my/invitation#token={secret}", state.config.base_url());
    let (subject, body) = invitation_text(&found.name, &link);
    let message = outbox::enqueue(
        &txn,
        state.config.smtp_url.is_some(),
        outbox::NewMessage {
            kind: "portal_invite",
            to: &email,
            subject,
            body,
            contact_id: Some(found.id),
        },
    )
    .await?;
    audit::record(
        &txn,
        actor,
        "portal.invite",
        Some(("contact", found.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "customerId": found.customer_id.to_string(),
            "accountId": account.id.to_string(),
            "messageId": message.id.to_string(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(Invitation {
        link,
        expires_at,
        message,
    })
}

/// A new portal session: the cookie token and the viewer.
pub struct IssuedPortalSession {
    pub token: SecretString,
    pub viewer: PortalViewer,
    pub expires_at: DateTime<Utc>,
}

async fn issue(
    db: &impl ConnectionTrait,
    state: &AppState,
    account: &portal_account::Model,
) -> AppResult<IssuedPortalSession> {
    let found = contact::Entity::find_by_id(account.contact_id)
        .one(db)
        .await?
        .ok_or(AppError::InvalidCredentials)?;
    let (secret, hash) = token::generate();
    let now = Utc::now();
    let expires_at = now + Duration::hours(i64::from(state.config.session_absolute_hours));
    let session = portal_session::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account.id),
        token_hash: Set(hash),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
    }
    .insert(db)
    .await?;
    portal_account::Entity::update_many()
        .col_expr(portal_account::Column::LastLoginAt, Expr::value(now))
        .col_expr(portal_account::Column::FailedLogins, Expr::value(0))
        .col_expr(portal_account::Column::LockCount, Expr::value(0))
        .col_expr(
            portal_account::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(portal_account::Column::Id.eq(account.id))
        .exec(db)
        .await?;
    Ok(IssuedPortalSession {
        token: SecretString::from(secret),
        viewer: PortalViewer {
            session_id: session.id,
            account_id: account.id,
            contact_id: found.id,
            customer_id: found.customer_id,
        },
        expires_at,
    })
}

/// A single-use token of `purpose`, unused and unexpired; marks it used.
async fn redeem(
    db: &impl ConnectionTrait,
    secret: &str,
    purpose: &str,
) -> AppResult<portal_account::Model> {
    let invalid = || {
        AppError::bad_input(
            "token",
            if purpose == INVITE {
                "this invitation link is not valid: it has been used or has expired; ask for a new one"
            } else {
                "this sign-in link is not valid: it has been used or has expired; ask for a new one"
            },
        )
    };
    if secret.is_empty() || secret.len() > 128 {
        return Err(invalid());
    }
    let now = Utc::now();
    let found = portal_token::Entity::find()
        .filter(portal_token::Column::TokenHash.eq(token::hash(secret)))
        .filter(portal_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or_else(invalid)?;
    // Used exactly once, even by two requests at the same moment.
    let claimed = portal_token::Entity::update_many()
        .col_expr(portal_token::Column::UsedAt, Expr::value(now))
        .filter(portal_token::Column::Id.eq(found.id))
        .filter(portal_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    portal_account::Entity::find_by_id(found.account_id)
        .one(db)
        .await?
        .filter(|a| a.active)
        .ok_or_else(invalid)
}

/// Accepts an invitation: sets the password (the staff password policy) and signs in.
pub async fn accept_invitation(
    state: &AppState,
    secret: &str,
    password: &SecretString,
    meta: &RequestMeta,
) -> AppResult<IssuedPortalSession> {
    use secrecy::ExposeSecret;
    state.throttle.take(meta.ip.as_deref())?;
    let db = &state.db;
    // Check the password before spending the link, so a too-short one can be corrected.
    let peek = portal_token::Entity::find()
        .filter(portal_token::Column::TokenHash.eq(token::hash(secret)))
        .one(db)
        .await?;
    if let Some(t) = &peek
        && let Some(account) = portal_account::Entity::find_by_id(t.account_id)
            .one(db)
            .await?
    {
        let name = contact::Entity::find_by_id(account.contact_id)
            .one(db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        check_password_policy(password.expose_secret(), &account.email, &name, "password")?;
    }
    let hash = state.passwords.hash(password).await?;
    let txn = crate::db::begin_write(db).await?;
    let account = redeem(&txn, secret, INVITE).await?;
    let mut active: portal_account::ActiveModel = account.clone().into();
    active.password_hash = Set(Some(hash));
    active.password_set_at = Set(Some(Utc::now()));
    let account = active.update(&txn).await?;
    let issued = issue(&txn, state, &account).await?;
    audit::record(
        &txn,
        &actor_of(&issued.viewer, meta),
        "portal.invitation_accepted",
        Some(("contact", account.contact_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "customerId": issued.viewer.customer_id.to_string() })),
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// Counts a wrong password; the fifth in a row locks the account like a staff account
/// ([`auth::lock_duration`]). While locked, even the right password is refused, with the same
/// answer as every other failure. Returns the audit details of a new lock.
async fn count_failure(
    db: &impl ConnectionTrait,
    account: &portal_account::Model,
) -> AppResult<Option<serde_json::Value>> {
    let failures = account.failed_logins + 1;
    let mut changes = portal_account::ActiveModel {
        id: Set(account.id),
        ..Default::default()
    };
    let lock = failures >= auth::MAX_FAILURES;
    if lock {
        changes.locked_until = Set(Some(Utc::now() + auth::lock_duration(account.lock_count)));
        changes.lock_count = Set(account.lock_count + 1);
        changes.failed_logins = Set(0);
    } else {
        changes.failed_logins = Set(failures);
    }
    changes.update(db).await?;
    Ok(lock.then(|| serde_json::json!({ "locked": true })))
}

/// Signs in with e-mail and password. Every failure looks the same and costs the same.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &SecretString,
    meta: &RequestMeta,
) -> AppResult<IssuedPortalSession> {
    state.throttle.take(meta.ip.as_deref())?;
    let db = &state.db;
    let normalized = email.trim().to_lowercase();
    let found = if normalized.len() > 254 {
        None
    } else {
        portal_account::Entity::find()
            .filter(portal_account::Column::Email.eq(normalized.as_str()))
            .one(db)
            .await?
    };
    let ok = state
        .passwords
        .verify(
            password,
            found.as_ref().and_then(|a| a.password_hash.as_deref()),
        )
        .await?;
    let now = Utc::now();
    let locked = |a: &portal_account::Model| a.locked_until.is_some_and(|until| until > now);
    let account = match found {
        Some(account) if ok && account.active && !locked(&account) => account,
        other => {
            let details = match &other {
                Some(a) if locked(a) => Some(serde_json::json!({ "whileLocked": true })),
                Some(a) if a.active && !ok => count_failure(db, a).await?,
                _ => None,
            };
            audit::record(
                db,
                &Actor::Anonymous { meta: meta.clone() },
                "portal.login",
                other.map(|a| ("portal_account", a.id.to_string())),
                Outcome::Failure,
                details,
            )
            .await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    let txn = crate::db::begin_write(db).await?;
    let issued = issue(&txn, state, &account).await?;
    audit::record(
        &txn,
        &actor_of(&issued.viewer, meta),
        "portal.login",
        Some(("portal_account", account.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "method": "password" })),
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// E-mails a one-time sign-in link if the address belongs to an active account. The answer is
/// the same either way (nobody learns who has an account).
pub async fn request_login_link(
    state: &AppState,
    email: &str,
    meta: &RequestMeta,
) -> AppResult<()> {
    state.throttle.take(meta.ip.as_deref())?;
    let normalized = email.trim().to_lowercase();
    if normalized.len() > 254 {
        return Ok(());
    }
    let db = &state.db;
    let Some(account) = portal_account::Entity::find()
        .filter(portal_account::Column::Email.eq(normalized.as_str()))
        .filter(portal_account::Column::Active.eq(true))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let txn = crate::db::begin_write(db).await?;
    let (secret, hash) = token::generate();
    let now = Utc::now();
    portal_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account.id),
        purpose: Set(LOGIN.to_owned()),
        token_hash: Set(hash),
        expires_at: Set(now + Duration::minutes(LOGIN_LINK_MINUTES)),
        used_at: Set(None),
        created_at: Set(now),
        created_by: Set(None),
    }
    .insert(&txn)
    .await?;
    let link = format!("{}/my/link#token={secret}", state.config.base_url());
    let (subject, body) = login_text(&link);
    let message = outbox::enqueue(
        &txn,
        state.config.smtp_url.is_some(),
        outbox::NewMessage {
            kind: "portal_login",
            to: &account.email,
            subject,
            body,
            contact_id: Some(account.contact_id),
        },
    )
    .await?;
    audit::record(
        &txn,
        &Actor::Anonymous { meta: meta.clone() },
        "portal.login_link",
        Some(("portal_account", account.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "messageId": message.id.to_string() })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Signs in with an e-mailed link.
pub async fn redeem_login_link(
    state: &AppState,
    secret: &str,
    meta: &RequestMeta,
) -> AppResult<IssuedPortalSession> {
    state.throttle.take(meta.ip.as_deref())?;
    let txn = crate::db::begin_write(&state.db).await?;
    let account = redeem(&txn, secret, LOGIN).await?;
    let issued = issue(&txn, state, &account).await?;
    audit::record(
        &txn,
        &actor_of(&issued.viewer, meta),
        "portal.login",
        Some(("portal_account", account.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "method": "link" })),
    )
    .await?;
    txn.commit().await?;
    Ok(issued)
}

/// The portal session behind a cookie (idle and absolute timeouts as for staff).
pub async fn resolve(
    db: &DatabaseConnection,
    config: &crate::config::Config,
    secret: &str,
) -> AppResult<Option<PortalViewer>> {
    if secret.is_empty() || secret.len() > 128 {
        return Ok(None);
    }
    let now = Utc::now();
    let Some(session) = portal_session::Entity::find()
        .filter(portal_session::Column::TokenHash.eq(token::hash(secret)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let idle = Duration::minutes(i64::from(config.session_idle_minutes));
    if session.expires_at <= now || session.last_seen_at + idle <= now {
        portal_session::Entity::delete_by_id(session.id)
            .exec(db)
            .await?;
        return Ok(None);
    }
    let Some(account) = portal_account::Entity::find_by_id(session.account_id)
        .one(db)
        .await?
        .filter(|a| a.active)
    else {
        return Ok(None);
    };
    let Some(found) = contact::Entity::find_by_id(account.contact_id)
        .one(db)
        .await?
        .filter(|c| !c.archived)
    else {
        return Ok(None);
    };
    if now - session.last_seen_at > Duration::seconds(60) {
        portal_session::Entity::update_many()
            .col_expr(portal_session::Column::LastSeenAt, Expr::value(now))
            .filter(portal_session::Column::Id.eq(session.id))
            .exec(db)
            .await?;
    }
    Ok(Some(PortalViewer {
        session_id: session.id,
        account_id: account.id,
        contact_id: found.id,
        customer_id: found.customer_id,
    }))
}

pub async fn logout(db: &DatabaseConnection, viewer: &PortalViewer) -> AppResult<()> {
    portal_session::Entity::delete_by_id(viewer.session_id)
        .exec(db)
        .await?;
    Ok(())
}

/// Everything My page shows: the contact, the declaration in force, the active purposes, the
/// current consents and every event, newest first.
pub struct Overview {
    pub contact: contact::Model,
    pub customer: customer::Model,
    pub declaration: consent_declaration::Model,
    pub purposes: Vec<consent_purpose::Model>,
    pub current: Vec<current_consent::Model>,
    pub history: Vec<consent_event::Model>,
    pub all_purposes: Vec<consent_purpose::Model>,
}

pub async fn overview(
    db: &impl AuditTarget,
    viewer: &PortalViewer,
    meta: &RequestMeta,
    action: &str,
) -> AppResult<Overview> {
    let found = contact::Entity::find_by_id(viewer.contact_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let owner = customer::Entity::find_by_id(viewer.customer_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut current = consents::current_for_contacts(db, &[found.id]).await?;
    let history = consent_event::Entity::find()
        .filter(consent_event::Column::ContactId.eq(found.id))
        .order_by_desc(consent_event::Column::Id)
        .all(db)
        .await?;
    audit::record(
        db,
        &actor_of(viewer, meta),
        action,
        Some(("contact", found.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "customerId": found.customer_id.to_string() })),
    )
    .await?;
    Ok(Overview {
        current: current.remove(&found.id).unwrap_or_default(),
        contact: found,
        customer: owner,
        declaration: declaration::current(db).await?,
        purposes: purposes::active_or_all(db, false).await?,
        all_purposes: purposes::active_or_all(db, true).await?,
        history,
    })
}

/// Grants or withdraws one purpose for the signed-in contact, as a My page event.
pub async fn set_consent(
    state: &AppState,
    viewer: &PortalViewer,
    meta: &RequestMeta,
    purpose_key: &str,
    decision: ConsentDecision,
) -> AppResult<()> {
    if decision == ConsentDecision::Denied {
        return Err(AppError::bad_input("decision", "grant or withdraw"));
    }
    let db = &state.db;
    let purpose = purposes::active_or_all(db, false)
        .await?
        .into_iter()
        .find(|p| p.key == purpose_key.trim())
        .ok_or_else(|| AppError::bad_input("purpose", "is not an active consent purpose"))?;
    let actor = actor_of(viewer, meta);
    let txn = crate::db::begin_write(db).await?;
    let events = consents::record_in(
        &txn,
        &actor,
        viewer.customer_id,
        &RecordInput {
            changes: vec![Change {
                contact_id: viewer.contact_id,
                purpose_id: purpose.id,
                decision,
            }],
            source: ConsentSource::MyPage,
            evidence: None,
            valid_until: None,
            user_agent: meta
                .user_agent
                .clone()
                .map(|ua| ua.chars().take(500).collect()),
            declaration_version: None,
        },
    )
    .await?;
    txn.commit().await?;
    state.consent_feed.publish(&events);
    Ok(())
}
