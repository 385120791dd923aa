//! GraphQL for tasks and blocks.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::TaskKind;
use super::service::{self, TaskInput as TaskData};
use crate::entities::task;
use crate::error::GqlResultExt;
use crate::graphql::{actor, parse_id, state};

/// A task or a block on the planning board.
#[derive(SimpleObject)]
pub struct Task {
    id: ID,
    kind: TaskKind,
    customer_id: Option<ID>,
    title: String,
    /// Free text.
    body: Option<String>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    done: bool,
    assigned_to: Option<ID>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
}

impl From<task::Model> for Task {
    fn from(m: task::Model) -> Self {
        Task {
            id: ID(m.id.to_string()),
            kind: TaskKind::from_db(&m.kind).unwrap_or(TaskKind::Task),
            customer_id: m.customer_id.map(|id| ID(id.to_string())),
            title: m.title,
            body: m.body,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            done: m.done,
            assigned_to: m.assigned_to.map(|id| ID(id.to_string())),
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

#[derive(InputObject)]
pub struct TaskInput {
    #[graphql(default_with = "TaskKind::Task")]
    kind: TaskKind,
    customer_id: Option<ID>,
    title: String,
    body: Option<String>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    assigned_to: Option<ID>,
}

impl TaskInput {
    fn data(self) -> async_graphql::Result<TaskData> {
        Ok(TaskData {
            kind: self.kind,
            customer_id: self
                .customer_id
                .as_ref()
                .map(|id| parse_id(id, "customerId"))
                .transpose()?,
            title: self.title,
            body: self.body,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            assigned_to: self
                .assigned_to
                .as_ref()
                .map(|id| parse_id(id, "assignedTo"))
                .transpose()?,
        })
    }
}

/// `Customer.tasks`.
pub async fn tasks_of(
    ctx: &Context<'_>,
    customer_id: uuid::Uuid,
    include_done: bool,
) -> async_graphql::Result<Vec<Task>> {
    let list = service::list(
        &state(ctx)?.db,
        &actor(ctx)?,
        Some(customer_id),
        include_done,
    )
    .await
    .gql()?;
    Ok(list.into_iter().map(Task::from).collect())
}

#[derive(Default)]
pub struct TaskQuery;

#[Object]
impl TaskQuery {
    /// The planning board: tasks without a customer and those of customers you may see, by
    /// start time (`READ_CUSTOMERS`; at most 500; audited).
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_done: bool,
    ) -> async_graphql::Result<Vec<Task>> {
        let list = service::list(&state(ctx)?.db, &actor(ctx)?, None, include_done)
            .await
            .gql()?;
        Ok(list.into_iter().map(Task::from).collect())
    }

    /// One task (audited).
    async fn task(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Task> {
        let id = parse_id(&id, "id")?;
        Ok(service::get(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?
            .into())
    }
}

#[derive(Default)]
pub struct TaskMutation;

#[Object]
impl TaskMutation {
    /// Creates a task or block (`EDIT_CUSTOMERS`).
    async fn create_task(
        &self,
        ctx: &Context<'_>,
        input: TaskInput,
    ) -> async_graphql::Result<Task> {
        let data = input.data()?;
        Ok(service::create(&state(ctx)?.db, &actor(ctx)?, &data)
            .await
            .gql()?
            .into())
    }

    /// Replaces a task's fields and marks it done or not (`EDIT_CUSTOMERS`).
    async fn update_task(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: TaskInput,
        done: bool,
    ) -> async_graphql::Result<Task> {
        let id = parse_id(&id, "id")?;
        let data = input.data()?;
        Ok(service::update(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            expected_version,
            &data,
            done,
        )
        .await
        .gql()?
        .into())
    }
}
