//! GraphQL for tasks and blocks.

use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::TaskKind;
use super::service::{self, TaskInput as TaskData};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::entities::{customer, task};
use crate::error::{AppError, GqlResultExt};
use crate::features::customers::loader;
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
    /// The customer it is about (number and name, for the board).
    customer: Option<TaskCustomer>,
}

/// The customer a task is about.
#[derive(SimpleObject, Clone)]
pub struct TaskCustomer {
    id: ID,
    number: i64,
    display_name: String,
}

/// Tasks with their customers, read in one query for the whole list. Every task a service
/// returns is one the actor may see, and so is its customer.
async fn with_customers(
    ctx: &Context<'_>,
    tasks: Vec<task::Model>,
) -> async_graphql::Result<Vec<Task>> {
    let ids: Vec<uuid::Uuid> = tasks.iter().filter_map(|t| t.customer_id).collect();
    let customers: std::collections::HashMap<uuid::Uuid, TaskCustomer> = if ids.is_empty() {
        std::collections::HashMap::new()
    } else {
        customer::Entity::find()
            .filter(customer::Column::Id.is_in(ids))
            .all(&state(ctx)?.db)
            .await
            .map_err(|e| AppError::from(e).extend())?
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    TaskCustomer {
                        id: ID(c.id.to_string()),
                        number: c.number,
                        display_name: c.display_name,
                    },
                )
            })
            .collect()
    };
    Ok(tasks
        .into_iter()
        .map(|m| {
            let customer = m.customer_id.and_then(|id| customers.get(&id).cloned());
            Task {
                customer,
                ..Task::from(m)
            }
        })
        .collect())
}

async fn one(ctx: &Context<'_>, task: task::Model) -> async_graphql::Result<Task> {
    with_customers(ctx, vec![task])
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound { entity: "task" }.extend())
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
            customer: None,
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

/// `Customer.tasks`, batched for the whole response; the customer is the one asking.
pub async fn tasks_of(
    ctx: &Context<'_>,
    customer_id: uuid::Uuid,
    number: i64,
    display_name: &str,
    include_done: bool,
) -> async_graphql::Result<Vec<Task>> {
    let list = loader::load(
        ctx,
        loader::TasksOf {
            customer: customer_id,
            include_done,
        },
    )
    .await?;
    let owner = TaskCustomer {
        id: ID(customer_id.to_string()),
        number,
        display_name: display_name.to_owned(),
    };
    Ok(list
        .into_iter()
        .map(|m| Task {
            customer: Some(owner.clone()),
            ..Task::from(m)
        })
        .collect())
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
        with_customers(ctx, list).await
    }

    /// One task (audited).
    async fn task(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Task> {
        let id = parse_id(&id, "id")?;
        let found = service::get(&state(ctx)?.db, &actor(ctx)?, id)
            .await
            .gql()?;
        one(ctx, found).await
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
        let created = service::create(&state(ctx)?.db, &actor(ctx)?, &data)
            .await
            .gql()?;
        one(ctx, created).await
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
        let updated = service::update(
            &state(ctx)?.db,
            &actor(ctx)?,
            id,
            expected_version,
            &data,
            done,
        )
        .await
        .gql()?;
        one(ctx, updated).await
    }
}
