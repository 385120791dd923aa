//! GraphQL for API keys (`MANAGE_API_KEYS`): list, create (the secret is in the answer once),
//! revoke.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::service::{self, ApiKeyStatus, KeyRow, NewApiKey};
use super::{ApiScope, scopes_from_json};
use crate::error::GqlResultExt;
use crate::features::access::graphql::AccessGroupRef;
use crate::graphql::{actor, parse_id, state};

/// A key as the administration shows it; never its secret.
#[derive(SimpleObject)]
pub struct ApiKey {
    id: ID,
    name: String,
    /// The key starts with `tillit_<prefix>_`: enough to recognise it, useless to use it.
    prefix: String,
    scopes: Vec<ApiScope>,
    /// The key sees unrestricted customers plus those restricted to these groups.
    groups: Vec<AccessGroupRef>,
    status: ApiKeyStatus,
    expires_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<KeyRow> for ApiKey {
    fn from(r: KeyRow) -> Self {
        ApiKey {
            id: ID(r.key.id.to_string()),
            status: service::status_of(&r.key, Utc::now()),
            prefix: r.key.prefix.clone(),
            scopes: scopes_from_json(&r.key.scopes),
            groups: r
                .groups
                .into_iter()
                .map(|g| AccessGroupRef::from((g.id, g.name)))
                .collect(),
            name: r.key.name,
            expires_at: r.key.expires_at,
            created_at: r.key.created_at,
            last_used_at: r.key.last_used_at,
            revoked_at: r.key.revoked_at,
        }
    }
}

/// A new key and its secret, shown this once.
#[derive(SimpleObject)]
pub struct CreatedApiKey {
    api_key: ApiKey,
    /// The whole key (`tillit_…`), to send as `Authorization: Bearer …`. It cannot be shown
    /// again: only its hash is stored.
    secret: String,
}

#[derive(InputObject)]
pub struct ApiKeyInput {
    /// What the key is for, e.g. "Webshop production".
    name: String,
    scopes: Vec<ApiScope>,
    /// Restricted customers of these groups become visible to the key.
    #[graphql(default)]
    group_ids: Vec<ID>,
    expires_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct ApiKeyQuery;

#[Object]
impl ApiKeyQuery {
    /// Every API key, newest first (`MANAGE_API_KEYS`).
    async fn api_keys(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiKey>> {
        let rows = service::list(&state(ctx)?.db, &actor(ctx)?).await.gql()?;
        Ok(rows.into_iter().map(ApiKey::from).collect())
    }
}

#[derive(Default)]
pub struct ApiKeyMutation;

#[Object]
impl ApiKeyMutation {
    /// Creates a key (`MANAGE_API_KEYS`; others than administrators only with scopes they could
    /// use themselves and their own groups). The secret is in this answer and nowhere else.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        input: ApiKeyInput,
    ) -> async_graphql::Result<CreatedApiKey> {
        let group_ids = input
            .group_ids
            .iter()
            .map(|g| parse_id(g, "groupIds"))
            .collect::<Result<Vec<_>, _>>()?;
        let (row, secret) = service::create(
            &state(ctx)?.db,
            &actor(ctx)?,
            &NewApiKey {
                name: input.name,
                scopes: input.scopes,
                group_ids,
                expires_at: input.expires_at,
            },
        )
        .await
        .gql()?;
        Ok(CreatedApiKey {
            api_key: row.into(),
            secret,
        })
    }

    /// Revokes a key at once; requests with it are refused from now on.
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ApiKey> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        let row = service::revoke(&state.db, &state.api_key_cache, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(row.into())
    }
}
