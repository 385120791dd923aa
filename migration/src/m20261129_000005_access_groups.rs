//! Need-to-know: access groups with rights, their members, customers restricted to groups (with a
//! `restricted` flag on the customer so unrestricted rows — the common case — need no join), and
//! an index from customers to the audit events about them for the access-log viewer.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccessGroups {
    Table,
    Id,
    Name,
    Description,
    Rights,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CustomerGroups {
    Table,
    CustomerId,
    GroupId,
}

#[derive(DeriveIden)]
enum AuditSubjects {
    Table,
    EventId,
    CustomerId,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Restricted,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    ActorId,
    Action,
}

fn ts(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccessGroups::Table)
                    .col(
                        ColumnDef::new(AccessGroups::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AccessGroups::Name)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(AccessGroups::Description).text().null())
                    .col(
                        ColumnDef::new(AccessGroups::Rights)
                            .json_binary()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessGroups::Version).integer().not_null())
                    .col(ts(AccessGroups::CreatedAt))
                    .col(ts(AccessGroups::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(ColumnDef::new(GroupMembers::GroupId).uuid().not_null())
                    .col(ColumnDef::new(GroupMembers::UserId).uuid().not_null())
                    .col(ts(GroupMembers::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(GroupMembers::GroupId)
                            .col(GroupMembers::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::GroupId)
                            .to(AccessGroups::Table, AccessGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_members_user")
                    .table(GroupMembers::Table)
                    .col(GroupMembers::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CustomerGroups::Table)
                    .col(ColumnDef::new(CustomerGroups::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(CustomerGroups::GroupId).uuid().not_null())
                    .primary_key(
                        Index::create()
                            .col(CustomerGroups::CustomerId)
                            .col(CustomerGroups::GroupId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerGroups::Table, CustomerGroups::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    // A group that restricts customers cannot be deleted out from under them.
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerGroups::Table, CustomerGroups::GroupId)
                            .to(AccessGroups::Table, AccessGroups::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_customer_groups_group")
                    .table(CustomerGroups::Table)
                    .col(CustomerGroups::GroupId)
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(
                        ColumnDef::new(Customers::Restricted)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DbBackend::Sqlite {
            // The search's candidate phase reads (number, state, sort_name) from a covering
            // index; need-to-know checks need `restricted` and `id` from it as well. (A new name:
            // migration statements may run on different pooled connections, and re-creating a
            // dropped name on another one fails.)
            let db = manager.get_connection();
            db.execute_unprepared(
                "CREATE INDEX idx_customers_candidates \
                 ON customers (number, state, sort_name, restricted, id)",
            )
            .await?;
            db.execute_unprepared("DROP INDEX IF EXISTS idx_customers_number_cover")
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AuditSubjects::Table)
                    .col(ColumnDef::new(AuditSubjects::CustomerId).uuid().not_null())
                    .col(
                        ColumnDef::new(AuditSubjects::EventId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(AuditSubjects::CustomerId)
                            .col(AuditSubjects::EventId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_actor")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::ActorId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_action")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::Action)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
