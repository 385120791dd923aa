//! GraphQL of My page (a portal session: no ids, only the contact's own data) and staff's
//! invitation.

use std::collections::HashMap;

use async_graphql::{Context, ErrorExtensions, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use uuid::Uuid;

use super::PortalViewer;
use super::service::{self, IssuedPortalSession, Overview};
use crate::error::{AppError, GqlResultExt};
use crate::features::consents::graphql::ConsentPurpose;
use crate::features::consents::{ConsentDecision, ConsentSource, ConsentStatus};
use crate::features::outbox::MessageStatus;
use crate::graphql::{actor, parse_id, request, state};

/// The contact's consent for one active purpose.
#[derive(SimpleObject)]
pub struct PortalConsent {
    purpose: ConsentPurpose,
    status: ConsentStatus,
    source: Option<ConsentSource>,
    declaration_version: Option<i32>,
    changed_at: Option<DateTime<Utc>>,
}

/// One change in the contact's history.
#[derive(SimpleObject)]
pub struct PortalEvent {
    id: ID,
    purpose: ConsentPurpose,
    decision: ConsentDecision,
    source: ConsentSource,
    declaration_version: i32,
    occurred_at: DateTime<Utc>,
}

/// My page: who is signed in, the declaration in force, consents and history.
#[derive(SimpleObject)]
pub struct PortalOverview {
    name: String,
    email: Option<String>,
    customer_name: String,
    declaration_version: i32,
    declaration_text: String,
    consents: Vec<PortalConsent>,
    history: Vec<PortalEvent>,
}

impl From<Overview> for PortalOverview {
    fn from(o: Overview) -> Self {
        let now = Utc::now();
        let by_purpose: HashMap<Uuid, _> = o.current.iter().map(|c| (c.purpose_id, c)).collect();
        let all: HashMap<Uuid, _> = o.all_purposes.iter().map(|p| (p.id, p.clone())).collect();
        PortalOverview {
            name: o.contact.name,
            email: o.contact.email,
            customer_name: o.customer.display_name,
            declaration_version: o.declaration.version,
            declaration_text: o.declaration.text,
            consents: o
                .purposes
                .into_iter()
                .map(|p| {
                    let current = by_purpose.get(&p.id).copied();
                    PortalConsent {
                        status: ConsentStatus::of(current, o.declaration.version, now),
                        source: current.and_then(|c| ConsentSource::from_db(&c.source)),
                        declaration_version: current.map(|c| c.declaration_version),
                        changed_at: current.map(|c| c.changed_at),
                        purpose: p.into(),
                    }
                })
                .collect(),
            history: o
                .history
                .into_iter()
                .filter_map(|e| {
                    Some(PortalEvent {
                        id: ID(e.id.to_string()),
                        purpose: all.get(&e.purpose_id).cloned()?.into(),
                        decision: ConsentDecision::from_db(&e.decision)?,
                        source: ConsentSource::from_db(&e.source)?,
                        declaration_version: e.declaration_version,
                        occurred_at: e.occurred_at,
                    })
                })
                .collect(),
        }
    }
}

/// An invitation as staff see it.
#[derive(SimpleObject)]
pub struct PortalInvitation {
    /// The link to hand over (it is also in the outbox message).
    link: String,
    expires_at: DateTime<Utc>,
    /// `SENT`/`PENDING` when e-mail is configured, `STORED` (for administrators) when not.
    message_status: MessageStatus,
    message_id: ID,
}

fn portal<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a PortalViewer> {
    request(ctx)?
        .portal
        .as_ref()
        .ok_or_else(|| AppError::Unauthenticated.extend())
}

fn set_portal_cookie(ctx: &Context<'_>, issued: &IssuedPortalSession) -> async_graphql::Result<()> {
    use secrecy::ExposeSecret;
    let state = state(ctx)?;
    let max_age = (issued.expires_at - Utc::now()).num_seconds().max(0);
    request(ctx)?.set_cookie(format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        state.config.portal_cookie_name(),
        issued.token.expose_secret(),
        if state.config.cookies_secure() {
            "; Secure"
        } else {
            ""
        },
    ));
    Ok(())
}

#[derive(Default)]
pub struct PortalQuery;

#[Object]
impl PortalQuery {
    /// My page for the signed-in contact (a portal session); the read is logged.
    async fn portal_me(&self, ctx: &Context<'_>) -> async_graphql::Result<PortalOverview> {
        let viewer = portal(ctx)?;
        let overview =
            service::overview(&state(ctx)?.db, viewer, &request(ctx)?.meta, "portal.read")
                .await
                .gql()?;
        Ok(overview.into())
    }

    /// Everything stored about the signed-in contact, as JSON to download: the data-subject
    /// export (`docs/data-subject-export.md`) for this contact (logged).
    async fn portal_my_data(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Json<serde_json::Value>> {
        let viewer = portal(ctx)?;
        let actor = service::actor_of(viewer, &request(ctx)?.meta);
        Ok(Json(
            crate::features::subject_export::service::contact_document(
                &state(ctx)?.db,
                &actor,
                viewer.contact_id,
            )
            .await
            .gql()?,
        ))
    }
}

#[derive(Default)]
pub struct PortalMutation;

#[Object]
impl PortalMutation {
    /// Staff (`EDIT_CUSTOMERS`): invites a contact with an e-mail address to My page. The link is
    /// in the answer and in the outbox (e-mailed when SMTP is configured).
    async fn invite_contact_to_portal(
        &self,
        ctx: &Context<'_>,
        contact_id: ID,
    ) -> async_graphql::Result<PortalInvitation> {
        let contact_id = parse_id(&contact_id, "contactId")?;
        let invitation = service::invite(state(ctx)?, &actor(ctx)?, contact_id)
            .await
            .gql()?;
        Ok(PortalInvitation {
            link: invitation.link,
            expires_at: invitation.expires_at,
            message_status: MessageStatus::from_db(&invitation.message.status)
                .unwrap_or(MessageStatus::Stored),
            message_id: ID(invitation.message.id.to_string()),
        })
    }

    /// My page: accepts an invitation, sets the password and signs in.
    async fn portal_accept_invitation(
        &self,
        ctx: &Context<'_>,
        token: String,
        password: String,
    ) -> async_graphql::Result<bool> {
        let issued = service::accept_invitation(
            state(ctx)?,
            token.trim(),
            &SecretString::from(password),
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        set_portal_cookie(ctx, &issued)?;
        Ok(true)
    }

    /// My page: signs in with e-mail and password.
    async fn portal_login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<bool> {
        let issued = service::login(
            state(ctx)?,
            &email,
            &SecretString::from(password),
            &request(ctx)?.meta,
        )
        .await
        .gql()?;
        set_portal_cookie(ctx, &issued)?;
        Ok(true)
    }

    /// My page: e-mails a sign-in link valid for 10 minutes, once. Always answers true.
    async fn portal_request_login_link(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<bool> {
        service::request_login_link(state(ctx)?, &email, &request(ctx)?.meta)
            .await
            .gql()?;
        Ok(true)
    }

    /// My page: signs in with the token of an e-mailed link.
    async fn portal_redeem_login_link(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> async_graphql::Result<bool> {
        let issued = service::redeem_login_link(state(ctx)?, token.trim(), &request(ctx)?.meta)
            .await
            .gql()?;
        set_portal_cookie(ctx, &issued)?;
        Ok(true)
    }

    /// My page: grants or withdraws one purpose (by key) for the signed-in contact.
    async fn portal_set_consent(
        &self,
        ctx: &Context<'_>,
        purpose: String,
        decision: ConsentDecision,
    ) -> async_graphql::Result<PortalOverview> {
        let viewer = portal(ctx)?;
        let state = state(ctx)?;
        let meta = &request(ctx)?.meta;
        service::set_consent(state, viewer, meta, &purpose, decision)
            .await
            .gql()?;
        let overview = service::overview(&state.db, viewer, meta, "portal.read")
            .await
            .gql()?;
        Ok(overview.into())
    }

    /// My page: signs out.
    async fn portal_logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let state = state(ctx)?;
        if let Ok(viewer) = portal(ctx) {
            service::logout(&state.db, viewer).await.gql()?;
        }
        request(ctx)?.set_cookie(format!(
            "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
            state.config.portal_cookie_name(),
            if state.config.cookies_secure() {
                "; Secure"
            } else {
                ""
            },
        ));
        Ok(true)
    }
}
