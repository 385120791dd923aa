//! GraphQL for secrets: `Customer.secrets`, the reveal (`revealSecret`, or the `value` field
//! with a reason), and create/update/delete. Details of a secret resolve only for allowed
//! users; everyone else gets `null` and `FORBIDDEN` on that field while the rest of the query
//! succeeds.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::SecretKind;
use super::service::{self, SecretInput as SecretData, SecretView};
use crate::error::{AppError, GqlResultExt};
use crate::features::access::graphql::AccessGroupRef;
use crate::features::customers::loader;
use crate::graphql::{actor, parse_id, state};

/// A sensitive item on a customer card. Title and kind are listed to everyone with
/// `READ_SECRETS` who sees the customer; the rest only to allowed users (`canReveal`).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Secret {
    id: ID,
    customer_id: ID,
    title: String,
    kind: SecretKind,
    /// Groups whose members (with `READ_SECRETS`) may reveal it; empty: administrators only.
    allowed_groups: Vec<AccessGroupRef>,
    /// Whether you may see its details and reveal its value.
    can_reveal: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
    #[graphql(skip)]
    view: SecretView,
}

impl From<SecretView> for Secret {
    fn from(view: SecretView) -> Self {
        let s = &view.secret;
        Secret {
            id: ID(s.id.to_string()),
            customer_id: ID(s.customer_id.to_string()),
            title: s.title.clone(),
            kind: SecretKind::from_db(&s.kind).unwrap_or(SecretKind::Note),
            allowed_groups: view
                .groups
                .iter()
                .map(|g| AccessGroupRef::from((g.id, g.name.clone())))
                .collect(),
            can_reveal: view.allowed,
            created_at: s.created_at,
            updated_at: s.updated_at,
            version: s.version,
            view,
        }
    }
}

impl Secret {
    fn detail(&self, value: &Option<String>) -> async_graphql::Result<Option<String>> {
        if self.view.allowed {
            Ok(value.clone())
        } else {
            Err(AppError::Forbidden).gql()
        }
    }
}

#[ComplexObject]
impl Secret {
    /// Allowed users only.
    async fn username(&self) -> async_graphql::Result<Option<String>> {
        self.detail(&self.view.secret.username)
    }

    /// Allowed users only.
    async fn url(&self) -> async_graphql::Result<Option<String>> {
        self.detail(&self.view.secret.url)
    }

    /// Allowed users only.
    async fn notes(&self) -> async_graphql::Result<Option<String>> {
        self.detail(&self.view.secret.notes)
    }

    /// The value, revealed: like `revealSecret`, for allowed users, with a reason (and a TOTP
    /// code when the organization requires one); every reveal is recorded.
    async fn value(
        &self,
        ctx: &Context<'_>,
        reason: String,
        totp_code: Option<String>,
    ) -> async_graphql::Result<Option<String>> {
        let revealed = service::reveal(
            state(ctx)?,
            &actor(ctx)?,
            self.view.secret.id,
            &reason,
            totp_code.as_deref(),
        )
        .await
        .gql()?;
        Ok(Some(revealed.value.to_string()))
    }

    /// The latest reveals (allowed users only), newest first.
    async fn recent_reveals(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<SecretReveal>>> {
        let reveals = service::recent_reveals(&state(ctx)?.db, &self.view)
            .await
            .gql()?;
        Ok(Some(
            reveals
                .into_iter()
                .map(|r| SecretReveal {
                    revealed_at: r.revealed_at,
                    user_name: r.user_name,
                    reason: r.reason,
                })
                .collect(),
        ))
    }
}

/// One reveal of a secret.
#[derive(SimpleObject)]
pub struct SecretReveal {
    revealed_at: DateTime<Utc>,
    /// The user who revealed it (null if the user was deleted).
    user_name: Option<String>,
    reason: String,
}

/// A revealed value: show it briefly, never store it.
#[derive(SimpleObject)]
pub struct RevealedSecret {
    secret_id: ID,
    value: String,
    revealed_at: DateTime<Utc>,
}

#[derive(InputObject)]
pub struct SecretInput {
    title: String,
    kind: SecretKind,
    username: Option<String>,
    /// `https://…` or `http://…`.
    url: Option<String>,
    notes: Option<String>,
    /// Required when creating; omitted or null on update keeps the stored value. Kept exactly
    /// as typed (up to 16 KiB).
    value: Option<String>,
    /// Who may reveal it. Omitted when creating: your groups; omitted on update: unchanged.
    /// A non-administrator may only choose groups they are a member of.
    group_ids: Option<Vec<ID>>,
}

fn data(input: SecretInput) -> async_graphql::Result<SecretData> {
    let group_ids = match input.group_ids {
        Some(ids) => Some(
            ids.iter()
                .map(|id| parse_id(id, "groupIds"))
                .collect::<async_graphql::Result<Vec<Uuid>>>()?,
        ),
        None => None,
    };
    Ok(SecretData {
        title: input.title,
        kind: input.kind,
        username: input.username,
        url: input.url,
        notes: input.notes,
        value: input.value,
        group_ids,
    })
}

/// `Customer.secrets`, batched for the whole response.
pub async fn secrets_of(
    ctx: &Context<'_>,
    customer_id: Uuid,
) -> async_graphql::Result<Vec<Secret>> {
    Ok(loader::load(ctx, loader::SecretsOf(customer_id))
        .await?
        .into_iter()
        .map(Secret::from)
        .collect())
}

#[derive(Default)]
pub struct SecretMutation;

#[Object]
impl SecretMutation {
    /// Adds a secret to a customer (`MANAGE_SECRETS`).
    async fn create_secret(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        input: SecretInput,
    ) -> async_graphql::Result<Secret> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        let input = data(input)?;
        Ok(
            service::create(state(ctx)?, &actor(ctx)?, customer_id, &input)
                .await
                .gql()?
                .into(),
        )
    }

    /// Changes a secret (`MANAGE_SECRETS`, and allowed on it unless an administrator);
    /// `CONFLICT` on a stale version.
    async fn update_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: SecretInput,
    ) -> async_graphql::Result<Secret> {
        let id = parse_id(&id, "id")?;
        let input = data(input)?;
        Ok(
            service::update(state(ctx)?, &actor(ctx)?, id, expected_version, &input)
                .await
                .gql()?
                .into(),
        )
    }

    /// Deletes a secret and its reveal log (`MANAGE_SECRETS`, and allowed on it unless an
    /// administrator).
    async fn delete_secret(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id(&id, "id")?;
        service::delete(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(true)
    }

    /// Reveals a secret's value (`READ_SECRETS` and a member of one of its groups, or an
    /// administrator), with a reason and, when the organization requires it, a current TOTP
    /// code. Recorded in the reveal log and the audit log.
    async fn reveal_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        totp_code: Option<String>,
    ) -> async_graphql::Result<RevealedSecret> {
        let id = parse_id(&id, "id")?;
        let revealed =
            service::reveal(state(ctx)?, &actor(ctx)?, id, &reason, totp_code.as_deref())
                .await
                .gql()?;
        Ok(RevealedSecret {
            secret_id: ID(id.to_string()),
            value: revealed.value.to_string(),
            revealed_at: revealed.revealed_at,
        })
    }
}
