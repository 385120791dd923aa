//! Loading a user's access, managing groups and memberships, and deciding customer visibility.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

use super::{Access, CustomerScope, Rights};
use crate::db::Sql;
use crate::domain::text;
use crate::entities::{access_group, customer, customer_group, group_member, user};
use crate::error::{AppError, AppResult};
use crate::features::audit::{self, Outcome};
use crate::features::auth::Actor;
use crate::features::customers::service::is_unique_violation;

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 1_000;
/// More groups than any organization needs; bounds the size of membership lists and filters.
pub const MAX_GROUPS_PER_LIST: usize = 200;

/// The rights and groups of a user, read with their session on every request (one query).
pub async fn load(db: &impl ConnectionTrait, user_id: Uuid, is_admin: bool) -> AppResult<Access> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT g.id, g.rights FROM group_members m JOIN access_groups g ON g.id = m.group_id \
             WHERE m.user_id = $1"
        }
        _ => {
            "SELECT g.id, g.rights FROM group_members m JOIN access_groups g ON g.id = m.group_id \
             WHERE m.user_id = ?"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [user_id.into()],
        ))
        .await?;
    let mut access = Access {
        is_admin,
        group_rights: Rights::NONE,
        groups: Vec::with_capacity(rows.len()),
    };
    for row in rows {
        let id: Uuid = row.try_get_by_index(0)?;
        let rights: serde_json::Value = row.try_get_by_index(1)?;
        access.group_rights = access.group_rights.union(Rights::from_json(&rights));
        access.groups.push(id);
    }
    Ok(access)
}

/// A group with its members and how many customers it restricts.
pub struct GroupRow {
    pub group: access_group::Model,
    pub members: Vec<user::Model>,
    pub restricted_customers: u64,
}

/// Every group for those who manage users; otherwise the caller's own groups. Members' names
/// and e-mails are staff personal data: the read is logged, by user ids.
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<GroupRow>> {
    let rows = match actor {
        Actor::User { access, .. } if !actor.rights().contains(super::Right::ManageUsers) => {
            list_where(db, Some(&access.groups)).await?
        }
        _ => {
            actor.require_staff()?;
            list_where(db, None).await?
        }
    };
    let mut members: Vec<String> = rows
        .iter()
        .flat_map(|r| r.members.iter().map(|u| u.id.to_string()))
        .collect();
    members.sort();
    members.dedup();
    audit::record(
        db,
        actor,
        "access_group.list",
        None,
        Outcome::Success,
        Some(serde_json::json!({ "userIds": members })),
    )
    .await?;
    Ok(rows)
}

async fn list_where(db: &DatabaseConnection, only: Option<&[Uuid]>) -> AppResult<Vec<GroupRow>> {
    let mut query = access_group::Entity::find();
    if let Some(ids) = only {
        query = query.filter(access_group::Column::Id.is_in(ids.iter().copied()));
    }
    let groups = query
        .order_by_asc(access_group::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let memberships = group_member::Entity::find()
        .filter(group_member::Column::GroupId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let user_ids: Vec<Uuid> = memberships.iter().map(|m| m.user_id).collect();
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let counts: HashMap<Uuid, i64> = customer_group::Entity::find()
        .select_only()
        .column(customer_group::Column::GroupId)
        .column_as(customer_group::Column::CustomerId.count(), "restricted")
        .filter(customer_group::Column::GroupId.is_in(ids.iter().copied()))
        .group_by(customer_group::Column::GroupId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut rows = Vec::with_capacity(groups.len());
    for group in groups {
        let mut members: Vec<user::Model> = memberships
            .iter()
            .filter(|m| m.group_id == group.id)
            .filter_map(|m| users.get(&m.user_id).cloned())
            .collect();
        members.sort_by(|a, b| (&a.name, &a.email).cmp(&(&b.name, &b.email)));
        let restricted_customers = counts
            .get(&group.id)
            .and_then(|n| u64::try_from(*n).ok())
            .unwrap_or(0);
        rows.push(GroupRow {
            group,
            members,
            restricted_customers,
        });
    }
    Ok(rows)
}

/// Unvalidated group input.
pub struct GroupInput {
    pub name: String,
    pub description: Option<String>,
    pub rights: Rights,
}

struct ValidGroup {
    name: String,
    description: Option<String>,
    rights: Rights,
}

fn validate(input: &GroupInput) -> AppResult<ValidGroup> {
    let name = text::clean(Some(&input.name), NAME_MAX, true, false)
        .map_err(|e| AppError::bad_input("name", e))?
        .unwrap_or_default();
    let description = text::clean(input.description.as_deref(), DESCRIPTION_MAX, false, true)
        .map_err(|e| AppError::bad_input("description", e))?;
    Ok(ValidGroup {
        name,
        description,
        rights: input.rights,
    })
}

/// Managing groups needs `MANAGE_USERS`, and a non-administrator may only touch groups whose
/// rights they hold themselves (before and after the change).
fn require_grantable(actor: &Actor, rights: Rights) -> AppResult<()> {
    actor.require(super::Right::ManageUsers)?;
    if rights.is_subset_of(actor.rights()) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn name_taken() -> AppError {
    AppError::Conflict {
        field: Some("name".into()),
        message: "another group already has this name".into(),
    }
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> AppResult<access_group::Model> {
    access_group::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound {
            entity: "access group",
        })
}

async fn row_of(db: &DatabaseConnection, id: Uuid) -> AppResult<GroupRow> {
    let mut rows = list_where(db, Some(&[id])).await?;
    rows.pop().ok_or(AppError::NotFound {
        entity: "access group",
    })
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &GroupInput,
) -> AppResult<GroupRow> {
    actor.require(super::Right::ManageUsers)?;
    let valid = validate(input)?;
    require_grantable(actor, valid.rights)?;
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let created = access_group::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(valid.name),
        description: Set(valid.description),
        rights: Set(valid.rights.to_json()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            name_taken()
        } else {
            e.into()
        }
    })?;
    audit::record(
        &txn,
        actor,
        "access_group.create",
        Some(("access_group", created.id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({ "rights": valid.rights.to_json() })),
    )
    .await?;
    txn.commit().await?;
    row_of(db, created.id).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    input: &GroupInput,
) -> AppResult<GroupRow> {
    actor.require(super::Right::ManageUsers)?;
    let valid = validate(input)?;
    let txn = crate::db::begin_write(db).await?;
    let current = find(&txn, id).await?;
    require_grantable(
        actor,
        Rights::from_json(&current.rights).union(valid.rights),
    )?;
    let result = access_group::Entity::update_many()
        .set(access_group::ActiveModel {
            name: Set(valid.name),
            description: Set(valid.description),
            rights: Set(valid.rights.to_json()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .col_expr(
            access_group::Column::Version,
            Expr::col(access_group::Column::Version).add(1),
        )
        .filter(access_group::Column::Id.eq(id))
        .filter(access_group::Column::Version.eq(expected_version))
        .exec(&txn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                name_taken()
            } else {
                AppError::from(e)
            }
        })?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict {
            field: Some("expectedVersion".into()),
            message: "this group was changed by someone else; reload to see their changes".into(),
        });
    }
    audit::record(
        &txn,
        actor,
        "access_group.update",
        Some(("access_group", id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "rightsBefore": Rights::from_json(&current.rights).to_json(),
            "rights": valid.rights.to_json(),
        })),
    )
    .await?;
    txn.commit().await?;
    row_of(db, id).await
}

/// Deletes a group and its memberships. Refused while customers are restricted to it: deleting
/// it would silently change who can see them.
pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> AppResult<()> {
    actor.require(super::Right::ManageUsers)?;
    let txn = crate::db::begin_write(db).await?;
    let current = find(&txn, id).await?;
    require_grantable(actor, Rights::from_json(&current.rights))?;
    let restricted = customer_group::Entity::find()
        .filter(customer_group::Column::GroupId.eq(id))
        .count(&txn)
        .await?;
    if restricted > 0 {
        return Err(AppError::Conflict {
            field: Some("id".into()),
            message: format!(
                "{restricted} customer(s) are restricted to this group; remove the group from them first"
            ),
        });
    }
    let members: Vec<String> = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.user_id.to_string())
        .collect();
    group_member::Entity::delete_many()
        .filter(group_member::Column::GroupId.eq(id))
        .exec(&txn)
        .await?;
    access_group::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "access_group.delete",
        Some(("access_group", id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "rights": Rights::from_json(&current.rights).to_json(),
            "memberIds": members,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Loads the groups named by `ids` (deduplicated), or `NOT_FOUND` naming `field`.
pub async fn groups_by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    field: &str,
) -> AppResult<Vec<access_group::Model>> {
    let mut wanted = ids.to_vec();
    wanted.sort();
    wanted.dedup();
    if wanted.len() > MAX_GROUPS_PER_LIST {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_GROUPS_PER_LIST} groups"),
        ));
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let found = access_group::Entity::find()
        .filter(access_group::Column::Id.is_in(wanted.iter().copied()))
        .all(db)
        .await?;
    if found.len() != wanted.len() {
        return Err(AppError::bad_input(
            field,
            "names a group that does not exist",
        ));
    }
    Ok(found)
}

/// Replaces a user's group memberships; returns the user.
pub async fn set_user_groups(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: Uuid,
    group_ids: &[Uuid],
) -> AppResult<user::Model> {
    actor.require(super::Right::ManageUsers)?;
    let txn = crate::db::begin_write(db).await?;
    let target = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "user" })?;
    if target.is_admin && !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let wanted = groups_by_ids(&txn, group_ids, "groupIds").await?;
    let current = group_member::Entity::find()
        .filter(group_member::Column::UserId.eq(user_id))
        .all(&txn)
        .await?;
    let current_ids: Vec<Uuid> = current.iter().map(|m| m.group_id).collect();
    let wanted_ids: Vec<Uuid> = wanted.iter().map(|g| g.id).collect();
    let added: Vec<&access_group::Model> = wanted
        .iter()
        .filter(|g| !current_ids.contains(&g.id))
        .collect();
    let removed: Vec<Uuid> = current_ids
        .iter()
        .copied()
        .filter(|id| !wanted_ids.contains(id))
        .collect();
    // Adding or removing a membership in a group is managing that group.
    let removed_groups = groups_by_ids(&txn, &removed, "groupIds").await?;
    let touched = added
        .iter()
        .map(|g| Rights::from_json(&g.rights))
        .chain(removed_groups.iter().map(|g| Rights::from_json(&g.rights)))
        .fold(Rights::NONE, Rights::union);
    require_grantable(actor, touched)?;
    if !removed.is_empty() {
        group_member::Entity::delete_many()
            .filter(group_member::Column::UserId.eq(user_id))
            .filter(group_member::Column::GroupId.is_in(removed.iter().copied()))
            .exec(&txn)
            .await?;
    }
    let now = Utc::now();
    for group in &added {
        group_member::ActiveModel {
            group_id: Set(group.id),
            user_id: Set(user_id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        actor,
        "user.groups.set",
        Some(("user", user_id.to_string())),
        Outcome::Success,
        Some(serde_json::json!({
            "added": added.iter().map(|g| g.id.to_string()).collect::<Vec<_>>(),
            "removed": removed.iter().map(Uuid::to_string).collect::<Vec<_>>(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(target)
}

/// `(id, name)` of the groups of each user in `user_ids`, by name.
pub async fn groups_of_users(
    db: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<(Uuid, String)>>> {
    let memberships = group_member::Entity::find()
        .filter(group_member::Column::UserId.is_in(user_ids.iter().copied()))
        .all(db)
        .await?;
    names_by_owner(db, memberships.into_iter().map(|m| (m.user_id, m.group_id))).await
}

/// `(id, name)` of the groups each customer in `customer_ids` is restricted to, by name.
pub async fn groups_of_customers(
    db: &impl ConnectionTrait,
    customer_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<(Uuid, String)>>> {
    let links = customer_group::Entity::find()
        .filter(customer_group::Column::CustomerId.is_in(customer_ids.iter().copied()))
        .all(db)
        .await?;
    names_by_owner(db, links.into_iter().map(|l| (l.customer_id, l.group_id))).await
}

async fn names_by_owner(
    db: &impl ConnectionTrait,
    pairs: impl Iterator<Item = (Uuid, Uuid)>,
) -> AppResult<HashMap<Uuid, Vec<(Uuid, String)>>> {
    let pairs: Vec<(Uuid, Uuid)> = pairs.collect();
    let mut out: HashMap<Uuid, Vec<(Uuid, String)>> = HashMap::new();
    if pairs.is_empty() {
        return Ok(out);
    }
    let names: HashMap<Uuid, String> = access_group::Entity::find()
        .filter(access_group::Column::Id.is_in(pairs.iter().map(|(_, g)| *g)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    for (owner, group) in pairs {
        if let Some(name) = names.get(&group) {
            out.entry(owner).or_default().push((group, name.clone()));
        }
    }
    for groups in out.values_mut() {
        groups.sort_by(|a, b| a.1.cmp(&b.1));
    }
    Ok(out)
}

/// The group ids a customer is restricted to.
pub async fn customer_group_ids(
    db: &impl ConnectionTrait,
    customer_id: Uuid,
) -> AppResult<Vec<Uuid>> {
    Ok(customer_group::Entity::find()
        .filter(customer_group::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.group_id)
        .collect())
}

/// Whether `actor` may see `customer`.
pub async fn can_see(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer: &customer::Model,
) -> AppResult<bool> {
    let scope = actor.customer_scope();
    if scope == CustomerScope::All || !customer.restricted {
        return Ok(true);
    }
    Ok(scope.allows(true, &customer_group_ids(db, customer.id).await?))
}

/// The customers among `ids` the actor may see; unknown and hidden ones are left out. Two
/// statements at most, however many ids (the batched nested lists of a customer page).
pub async fn visible_customer_ids(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> AppResult<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<(Uuid, bool)> = customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .column(customer::Column::Restricted)
        .filter(customer::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let scope = actor.customer_scope();
    let restricted: Vec<Uuid> = found
        .iter()
        .filter(|(_, restricted)| *restricted && scope != CustomerScope::All)
        .map(|(id, _)| *id)
        .collect();
    let mut groups: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if !restricted.is_empty() {
        for link in customer_group::Entity::find()
            .filter(customer_group::Column::CustomerId.is_in(restricted))
            .all(db)
            .await?
        {
            groups
                .entry(link.customer_id)
                .or_default()
                .push(link.group_id);
        }
    }
    Ok(found
        .into_iter()
        .filter(|(id, restricted)| {
            scope.allows(*restricted, groups.get(id).map_or(&[][..], Vec::as_slice))
        })
        .map(|(id, _)| id)
        .collect())
}

/// `items` grouped by their customer, with an empty list for every visible customer that has
/// none (the answer of a batched nested list: missing means hidden).
pub fn by_customer<T>(
    visible: &[Uuid],
    items: impl IntoIterator<Item = T>,
    customer: impl Fn(&T) -> Option<Uuid>,
) -> HashMap<Uuid, Vec<T>> {
    let mut out: HashMap<Uuid, Vec<T>> = visible.iter().map(|id| (*id, Vec::new())).collect();
    for item in items {
        if let Some(list) = customer(&item).and_then(|c| out.get_mut(&c)) {
            list.push(item);
        }
    }
    out
}

/// A customer the actor may see, or `NOT_FOUND` exactly as if it did not exist.
pub async fn visible_customer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer_id: Uuid,
) -> AppResult<customer::Model> {
    let found = customer::Entity::find_by_id(customer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "customer" })?;
    if can_see(db, actor, &found).await? {
        Ok(found)
    } else {
        Err(AppError::NotFound { entity: "customer" })
    }
}

/// Replaces the groups a customer is restricted to (inside the caller's transaction). A
/// non-administrator may only add or remove groups they are a member of.
pub async fn replace_customer_groups(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer_id: Uuid,
    group_ids: &[Uuid],
) -> AppResult<(Vec<Uuid>, Vec<Uuid>)> {
    let wanted: Vec<Uuid> = groups_by_ids(db, group_ids, "groupIds")
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    let current = customer_group_ids(db, customer_id).await?;
    let added: Vec<Uuid> = wanted
        .iter()
        .copied()
        .filter(|g| !current.contains(g))
        .collect();
    let removed: Vec<Uuid> = current
        .iter()
        .copied()
        .filter(|g| !wanted.contains(g))
        .collect();
    if let CustomerScope::Groups(mine) = actor.customer_scope()
        && added
            .iter()
            .chain(removed.iter())
            .any(|g| !mine.contains(g))
    {
        return Err(AppError::Forbidden);
    }
    if !removed.is_empty() {
        customer_group::Entity::delete_many()
            .filter(customer_group::Column::CustomerId.eq(customer_id))
            .filter(customer_group::Column::GroupId.is_in(removed.iter().copied()))
            .exec(db)
            .await?;
    }
    for group_id in &added {
        customer_group::ActiveModel {
            customer_id: Set(customer_id),
            group_id: Set(*group_id),
        }
        .insert(db)
        .await?;
    }
    Ok((added, removed))
}

/// Appends need-to-know for the customers aliased `alias`: nothing for administrators;
/// otherwise unrestricted customers and those restricted to one of the actor's groups.
pub fn push_scope(sql: &mut Sql, scope: &CustomerScope, alias: &str) {
    let CustomerScope::Groups(groups) = scope else {
        return;
    };
    if groups.is_empty() {
        sql.push(&format!(" AND NOT {alias}.restricted"));
        return;
    }
    sql.push(&format!(
        " AND (NOT {alias}.restricted OR EXISTS (SELECT 1 FROM customer_groups cg \
         WHERE cg.customer_id = {alias}.id AND cg.group_id IN ("
    ));
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*group);
    }
    sql.push(")))");
}
