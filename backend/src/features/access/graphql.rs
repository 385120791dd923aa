//! GraphQL for access groups and memberships.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::service::{self, GroupInput, GroupRow};
use super::{Right, Rights};
use crate::error::GqlResultExt;
use crate::features::users::graphql::User;
use crate::graphql::{actor, parse_id, state};

/// A group's id and name (on users and customers).
#[derive(SimpleObject, Clone)]
pub struct AccessGroupRef {
    id: ID,
    name: String,
}

impl From<(Uuid, String)> for AccessGroupRef {
    fn from((id, name): (Uuid, String)) -> Self {
        AccessGroupRef {
            id: ID(id.to_string()),
            name,
        }
    }
}

/// A member of an access group.
#[derive(SimpleObject)]
pub struct GroupMember {
    id: ID,
    name: String,
    email: String,
    active: bool,
}

/// A named set of rights and the staff users who hold them.
#[derive(SimpleObject)]
pub struct AccessGroup {
    id: ID,
    name: String,
    description: Option<String>,
    rights: Vec<Right>,
    /// Staff users in the group, by name.
    members: Vec<GroupMember>,
    /// How many customers are restricted to this group (such a group cannot be deleted).
    restricted_customer_count: u64,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<GroupRow> for AccessGroup {
    fn from(r: GroupRow) -> Self {
        AccessGroup {
            id: ID(r.group.id.to_string()),
            name: r.group.name,
            description: r.group.description,
            rights: Rights::from_json(&r.group.rights).iter().collect(),
            members: r
                .members
                .into_iter()
                .map(|u| GroupMember {
                    id: ID(u.id.to_string()),
                    name: u.name,
                    email: u.email,
                    active: u.active,
                })
                .collect(),
            restricted_customer_count: r.restricted_customers,
            version: r.group.version,
            created_at: r.group.created_at,
            updated_at: r.group.updated_at,
        }
    }
}

#[derive(InputObject)]
pub struct AccessGroupInput {
    name: String,
    description: Option<String>,
    rights: Vec<Right>,
}

impl From<AccessGroupInput> for GroupInput {
    fn from(i: AccessGroupInput) -> Self {
        GroupInput {
            name: i.name,
            description: i.description,
            rights: i.rights.into_iter().collect(),
        }
    }
}

pub fn parse_ids(ids: &[ID], field: &str) -> async_graphql::Result<Vec<Uuid>> {
    ids.iter().map(|id| parse_id(id, field)).collect()
}

#[derive(Default)]
pub struct AccessQuery;

#[Object]
impl AccessQuery {
    /// `MANAGE_USERS` (and administrators): every group. Everyone else: the groups they are a
    /// member of.
    async fn access_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AccessGroup>> {
        let rows = service::list(&state(ctx)?.db, &actor(ctx)?).await.gql()?;
        Ok(rows.into_iter().map(AccessGroup::from).collect())
    }
}

#[derive(Default)]
pub struct AccessMutation;

#[Object]
impl AccessMutation {
    /// Creates a group (`MANAGE_USERS`; non-administrators may only grant rights they hold).
    async fn create_access_group(
        &self,
        ctx: &Context<'_>,
        input: AccessGroupInput,
    ) -> async_graphql::Result<AccessGroup> {
        let row = service::create(&state(ctx)?.db, &actor(ctx)?, &input.into())
            .await
            .gql()?;
        Ok(row.into())
    }

    /// Renames a group or changes its rights; `CONFLICT` if `expectedVersion` is stale.
    async fn update_access_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: AccessGroupInput,
    ) -> async_graphql::Result<AccessGroup> {
        let id = parse_id(&id, "id")?;
        let row = service::update(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            expected_version,
            &input.into(),
        )
        .await
        .gql()?;
        Ok(row.into())
    }

    /// Deletes a group and its memberships; `CONFLICT` (field `id`) while customers are
    /// restricted to it.
    async fn delete_access_group(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id(&id, "id")?;
        service::delete(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?;
        Ok(true)
    }

    /// Replaces a user's group memberships (`MANAGE_USERS`).
    async fn set_user_groups(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        group_ids: Vec<ID>,
    ) -> async_graphql::Result<User> {
        let id = parse_id(&user_id, "userId")?;
        let groups = parse_ids(&group_ids, "groupIds")?;
        let state = state(ctx)?;
        let user = service::set_user_groups(&state.db, &actor(ctx)?, id, &groups)
            .await
            .gql()?;
        Ok(crate::features::users::service::row(&state.db, user)
            .await
            .gql()?
            .into())
    }
}
