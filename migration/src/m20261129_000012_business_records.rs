//! The business records a customer is linked to, which anonymization keeps: orders and their
//! lines, invoices (with the buyer as printed, kept for the bookkeeping period) and their lines,
//! and tasks and blocks on the planning board. Money is in minor units (öre/øre), quantities in
//! thousandths, VAT rates in basis points: exact integers on both engines.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    Number,
    CustomerId,
    OrderDate,
    Status,
    Description,
    Currency,
    CreatedAt,
    UpdatedAt,
    CreatedBy,
    Version,
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    Position,
    Description,
    QuantityMilli,
    UnitPriceMinor,
    VatRateBp,
}

#[derive(DeriveIden)]
enum Invoices {
    Table,
    Id,
    Number,
    CustomerId,
    OrderId,
    InvoiceDate,
    DueDate,
    Description,
    Currency,
    NetMinor,
    VatMinor,
    TotalMinor,
    PaidAt,
    BuyerName,
    BuyerAddress,
    RetainUntil,
    BuyerPurgedAt,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum InvoiceLines {
    Table,
    Id,
    InvoiceId,
    Position,
    Description,
    QuantityMilli,
    UnitPriceMinor,
    VatRateBp,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    Kind,
    CustomerId,
    Title,
    Body,
    StartsAt,
    EndsAt,
    Done,
    AssignedTo,
    CreatedAt,
    UpdatedAt,
    CreatedBy,
    Version,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn ts(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn big(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

fn uuid_pk(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn serial_pk(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(uuid_pk(Orders::Id))
                    .col(big(Orders::Number))
                    .col(ColumnDef::new(Orders::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Orders::OrderDate).date().not_null())
                    .col(ColumnDef::new(Orders::Status).string().not_null())
                    .col(ColumnDef::new(Orders::Description).text().null())
                    .col(ColumnDef::new(Orders::Currency).string().not_null())
                    .col(ts(Orders::CreatedAt))
                    .col(ts(Orders::UpdatedAt))
                    .col(ColumnDef::new(Orders::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(Orders::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_orders_number",
            Orders::Table,
            &["number"],
            true,
        )
        .await?;
        index(
            manager,
            "ix_orders_customer",
            Orders::Table,
            &["customer_id", "order_date"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderLines::Table)
                    .col(serial_pk(OrderLines::Id))
                    .col(ColumnDef::new(OrderLines::OrderId).uuid().not_null())
                    .col(ColumnDef::new(OrderLines::Position).integer().not_null())
                    .col(ColumnDef::new(OrderLines::Description).text().not_null())
                    .col(big(OrderLines::QuantityMilli))
                    .col(big(OrderLines::UnitPriceMinor))
                    .col(ColumnDef::new(OrderLines::VatRateBp).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderLines::Table, OrderLines::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_order_lines_order",
            OrderLines::Table,
            &["order_id", "position"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invoices::Table)
                    .col(uuid_pk(Invoices::Id))
                    .col(big(Invoices::Number))
                    .col(ColumnDef::new(Invoices::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Invoices::OrderId).uuid().null())
                    .col(ColumnDef::new(Invoices::InvoiceDate).date().not_null())
                    .col(ColumnDef::new(Invoices::DueDate).date().not_null())
                    .col(ColumnDef::new(Invoices::Description).text().null())
                    .col(ColumnDef::new(Invoices::Currency).string().not_null())
                    .col(big(Invoices::NetMinor))
                    .col(big(Invoices::VatMinor))
                    .col(big(Invoices::TotalMinor))
                    .col(ts_null(Invoices::PaidAt))
                    .col(ColumnDef::new(Invoices::BuyerName).text().null())
                    .col(ColumnDef::new(Invoices::BuyerAddress).text().null())
                    .col(ColumnDef::new(Invoices::RetainUntil).date().not_null())
                    .col(ts_null(Invoices::BuyerPurgedAt))
                    .col(ts(Invoices::CreatedAt))
                    .col(ColumnDef::new(Invoices::CreatedBy).uuid().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invoices::Table, Invoices::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invoices::Table, Invoices::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invoices::Table, Invoices::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_invoices_number",
            Invoices::Table,
            &["number"],
            true,
        )
        .await?;
        index(
            manager,
            "ix_invoices_customer",
            Invoices::Table,
            &["customer_id", "invoice_date"],
            false,
        )
        .await?;
        index(
            manager,
            "ix_invoices_retain",
            Invoices::Table,
            &["retain_until"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(InvoiceLines::Table)
                    .col(serial_pk(InvoiceLines::Id))
                    .col(ColumnDef::new(InvoiceLines::InvoiceId).uuid().not_null())
                    .col(ColumnDef::new(InvoiceLines::Position).integer().not_null())
                    .col(ColumnDef::new(InvoiceLines::Description).text().not_null())
                    .col(big(InvoiceLines::QuantityMilli))
                    .col(big(InvoiceLines::UnitPriceMinor))
                    .col(ColumnDef::new(InvoiceLines::VatRateBp).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(InvoiceLines::Table, InvoiceLines::InvoiceId)
                            .to(Invoices::Table, Invoices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_invoice_lines_invoice",
            InvoiceLines::Table,
            &["invoice_id", "position"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(uuid_pk(Tasks::Id))
                    .col(ColumnDef::new(Tasks::Kind).string().not_null())
                    .col(ColumnDef::new(Tasks::CustomerId).uuid().null())
                    .col(ColumnDef::new(Tasks::Title).text().not_null())
                    .col(ColumnDef::new(Tasks::Body).text().null())
                    .col(ts_null(Tasks::StartsAt))
                    .col(ts_null(Tasks::EndsAt))
                    .col(
                        ColumnDef::new(Tasks::Done)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(Tasks::AssignedTo).uuid().null())
                    .col(ts(Tasks::CreatedAt))
                    .col(ts(Tasks::UpdatedAt))
                    .col(ColumnDef::new(Tasks::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(Tasks::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tasks::Table, Tasks::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tasks::Table, Tasks::AssignedTo)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tasks::Table, Tasks::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_tasks_customer",
            Tasks::Table,
            &["customer_id", "starts_at"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "tasks",
            "invoice_lines",
            "invoices",
            "order_lines",
            "orders",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
