//! GraphQL types and resolvers for customers. Thin: parse ids, call the service, convert.

use async_graphql::connection::{
    Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields, OpaqueCursor,
};
use async_graphql::{ComplexObject, Context, ID, InputObject, Object, OutputType, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::loader;
use super::service::{self, AddressInput as AddressData, CustomerInput as CustomerData};
use super::{Address as AddressModel, CustomerKind, CustomerState};
use crate::domain::Country;
use crate::entities::customer;
use crate::error::GqlResultExt;
use crate::features::access::graphql::{AccessGroupRef, parse_ids};
use crate::features::contacts::graphql::Contact;
use crate::features::invoices::graphql::Invoice;
use crate::features::orders::graphql::Order;
use crate::features::secrets::graphql::Secret;
use crate::features::tasks::graphql::Task;
use crate::features::{invoices, orders, secrets, tasks};
use crate::graphql::{MAX_PAGE_SIZE, MAX_REPORT_PAGE, actor, parse_id, state};

const DEFAULT_PAGE_SIZE: i32 = 25;
const REPORT_PAGE_SIZE: i32 = 500;

/// `reportCustomers` pages by number, not by position: its own connection and edge types
/// (`CustomerReportConnection`, `CustomerReportEdge`), so its cursors are not `customers`'.
pub struct ReportConnectionName;

impl ConnectionNameType for ReportConnectionName {
    fn type_name<T: OutputType>() -> String {
        "CustomerReportConnection".to_owned()
    }
}

pub struct ReportEdgeName;

impl EdgeNameType for ReportEdgeName {
    fn type_name<T: OutputType>() -> String {
        "CustomerReportEdge".to_owned()
    }
}

type ReportConnection = Connection<
    OpaqueCursor<i64>,
    Customer,
    EmptyFields,
    EmptyFields,
    ReportConnectionName,
    ReportEdgeName,
>;

/// A postal address.
#[derive(SimpleObject, Clone)]
pub struct Address {
    line1: String,
    line2: Option<String>,
    postal_code: String,
    city: String,
    country: Country,
}

impl From<AddressModel> for Address {
    fn from(a: AddressModel) -> Self {
        Address {
            line1: a.line1,
            line2: a.line2,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
        }
    }
}

#[derive(InputObject)]
pub struct AddressInput {
    line1: String,
    line2: Option<String>,
    postal_code: String,
    city: String,
    country: Country,
}

impl From<AddressInput> for AddressData {
    fn from(a: AddressInput) -> Self {
        AddressData {
            line1: a.line1,
            line2: a.line2,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
        }
    }
}

/// A customer: a private person or a business.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Customer {
    id: ID,
    /// The human customer number (sequential).
    number: i64,
    kind: CustomerKind,
    country: Country,
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    /// "First Last" for private persons, the company name for businesses.
    display_name: String,
    /// Personal identity number (private) or organisation number (business), normalized.
    identity_number: Option<String>,
    email: Option<String>,
    /// E.164, e.g. +46701234567.
    phone: Option<String>,
    invoice_address: Option<Address>,
    postal_address: Option<Address>,
    note: Option<String>,
    state: CustomerState,
    /// When the customer was anonymized (then its personal data is gone).
    anonymized_at: Option<DateTime<Utc>>,
    /// Pass this back as `expectedVersion` when updating.
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    uuid: Uuid,
    /// The contacts (not archived), read for the whole page by the list that returned this
    /// customer (`loader::preload_contacts`); otherwise `contacts` goes through the loader.
    #[graphql(skip)]
    preloaded_contacts: Option<Vec<Contact>>,
}

impl Customer {
    pub fn uuid(&self) -> Uuid {
        self.uuid
    }

    pub fn set_contacts(&mut self, contacts: Vec<Contact>) {
        self.preloaded_contacts = Some(contacts);
    }
}

impl From<customer::Model> for Customer {
    fn from(m: customer::Model) -> Self {
        Customer {
            id: ID(m.id.to_string()),
            number: m.number,
            kind: CustomerKind::from_db(&m.kind),
            country: Country::from_code(&m.country).unwrap_or(Country::Se),
            first_name: m.first_name,
            last_name: m.last_name,
            company_name: m.company_name,
            display_name: m.display_name,
            identity_number: m.identity_number,
            email: m.email,
            phone: m.phone,
            invoice_address: service::address_from_json(m.invoice_address.as_ref()).map(Into::into),
            postal_address: service::address_from_json(m.postal_address.as_ref()).map(Into::into),
            note: m.note,
            state: CustomerState::from_db(&m.state),
            anonymized_at: m.anonymized_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            uuid: m.id,
            preloaded_contacts: None,
        }
    }
}

#[ComplexObject]
impl Customer {
    /// Groups this customer is restricted to; empty means every user with `READ_CUSTOMERS`
    /// sees it.
    async fn access_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AccessGroupRef>> {
        Ok(loader::load(ctx, loader::GroupsOf(self.uuid))
            .await?
            .into_iter()
            .map(AccessGroupRef::from)
            .collect())
    }

    /// Contact persons, by name.
    async fn contacts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_archived: bool,
    ) -> async_graphql::Result<Vec<Contact>> {
        if let (false, Some(contacts)) = (include_archived, &self.preloaded_contacts) {
            return Ok(contacts.clone());
        }
        let key = loader::ContactsOf {
            customer: self.uuid,
            include_archived,
        };
        Ok(loader::load(ctx, key)
            .await?
            .into_iter()
            .map(Contact::from)
            .collect())
    }

    /// Orders, newest first (audited).
    async fn orders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Order>> {
        orders::graphql::orders_of(ctx, self.uuid).await
    }

    /// Invoices, newest first (audited).
    async fn invoices(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Invoice>> {
        invoices::graphql::invoices_of(ctx, self.uuid).await
    }

    /// Tasks and blocks about this customer, by start time; open ones unless `includeDone`.
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_done: bool,
    ) -> async_graphql::Result<Vec<Task>> {
        tasks::graphql::tasks_of(
            ctx,
            self.uuid,
            self.number,
            &self.display_name,
            include_done,
        )
        .await
    }

    /// Secrets on the card, by title: values only through a reveal. Without `READ_SECRETS`:
    /// null, with `FORBIDDEN` on this field (the rest of the card still resolves).
    async fn secrets(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<Secret>>> {
        secrets::graphql::secrets_of(ctx, self.uuid).await.map(Some)
    }
}

#[derive(InputObject)]
pub struct CustomerInput {
    kind: CustomerKind,
    #[graphql(default_with = "Country::Se")]
    country: Country,
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    identity_number: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    invoice_address: Option<AddressInput>,
    postal_address: Option<AddressInput>,
    note: Option<String>,
}

impl From<CustomerInput> for CustomerData {
    fn from(i: CustomerInput) -> Self {
        CustomerData {
            kind: i.kind,
            country: i.country,
            first_name: i.first_name,
            last_name: i.last_name,
            company_name: i.company_name,
            identity_number: i.identity_number,
            email: i.email,
            phone: i.phone,
            invoice_address: i.invoice_address.map(Into::into),
            postal_address: i.postal_address.map(Into::into),
            note: i.note,
        }
    }
}

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// Opens a customer card (the read is recorded in the access log).
    async fn customer(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Customer> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        Ok(service::get(&state.db, &actor(ctx)?, id)
            .await
            .gql()?
            .into())
    }

    /// Customers matching `search` (any fragment of name, number, e-mail, phone or identity
    /// number, in the customer or its contacts), best matches first; without `search`, all
    /// customers by name.
    #[graphql(
        complexity = "crate::graphql::list_complexity(first, DEFAULT_PAGE_SIZE, crate::graphql::MAX_PAGE_SIZE, child_complexity)"
    )]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        #[graphql(default = false)] include_archived: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<OpaqueCursor<u64>, Customer, EmptyFields, EmptyFields>>
    {
        let first = crate::graphql::page_size(first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?;
        let offset = crate::graphql::after_cursor::<u64>(after.as_deref())?
            .map_or(0, |last| last.saturating_add(1));
        let state = state(ctx)?;
        let page = service::search(
            &state.db,
            &actor(ctx)?,
            search.as_deref(),
            include_archived,
            offset,
            u64::try_from(first).unwrap_or(0),
        )
        .await
        .gql()?;
        let mut customers: Vec<Customer> = page.customers.into_iter().map(Customer::from).collect();
        loader::preload_contacts(ctx, &mut customers).await?;
        let mut connection = Connection::new(offset > 0, page.has_next_page);
        connection.edges.extend(
            customers
                .into_iter()
                .enumerate()
                .map(|(i, c)| Edge::new(OpaqueCursor(offset + i as u64), c)),
        );
        Ok(connection)
    }

    /// Every customer you may see, by number, in pages of up to 1 000: the walk a reporting
    /// tool makes through all customers with their contacts and consents. The cursor is the last
    /// customer's number, so a page costs the same however deep it is and customers added
    /// during the walk are not skipped. Staff with `READ_CUSTOMERS`; API keys with
    /// `reports:read` (and `customers:read` for the contacts and consents). Each page is logged.
    #[graphql(
        complexity = "crate::graphql::list_complexity(first, REPORT_PAGE_SIZE, MAX_REPORT_PAGE, child_complexity)"
    )]
    async fn report_customers(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_archived: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<ReportConnection> {
        let first = crate::graphql::page_size(first, REPORT_PAGE_SIZE, MAX_REPORT_PAGE)?;
        let after = crate::graphql::after_cursor::<i64>(after.as_deref())?;
        let page = service::report_page(
            &state(ctx)?.db,
            &actor(ctx)?,
            include_archived,
            after,
            u64::try_from(first).unwrap_or(0),
        )
        .await
        .gql()?;
        let mut customers: Vec<Customer> = page.customers.into_iter().map(Customer::from).collect();
        loader::preload_contacts(ctx, &mut customers).await?;
        let mut connection = ReportConnection::new(after.is_some(), page.has_next_page);
        connection.edges.extend(
            customers
                .into_iter()
                .map(|c| Edge::new(OpaqueCursor(c.number), c)),
        );
        Ok(connection)
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// Creates a customer. `number` is normally left out (the next free number is used).
    /// `groupIds` restricts the new customer to those groups from the start.
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CustomerInput,
        number: Option<i64>,
        #[graphql(default)] group_ids: Vec<ID>,
    ) -> async_graphql::Result<Customer> {
        let state = state(ctx)?;
        let groups = parse_ids(&group_ids, "groupIds")?;
        let data: CustomerData = input.into();
        Ok(
            service::create(&state.db, &actor(ctx)?, &data, number, &groups)
                .await
                .gql()?
                .into(),
        )
    }

    /// Replaces a customer's details; fails with `CONFLICT` if `expectedVersion` is stale.
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: CustomerInput,
    ) -> async_graphql::Result<Customer> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        let data: CustomerData = input.into();
        Ok(
            service::update(&state.db, &actor(ctx)?, id, expected_version, &data)
                .await
                .gql()?
                .into(),
        )
    }

    /// Hides a customer from the default search; nothing is deleted.
    async fn archive_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Customer> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        Ok(
            service::set_archived(&state.db, &actor(ctx)?, id, expected_version, true)
                .await
                .gql()?
                .into(),
        )
    }

    /// Restricts a customer to groups (empty: no restriction); `CONFLICT` if `expectedVersion`
    /// is stale. Non-administrators may only add or remove groups they belong to.
    async fn set_customer_groups(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        group_ids: Vec<ID>,
    ) -> async_graphql::Result<Customer> {
        let id = parse_id(&id, "id")?;
        let groups = parse_ids(&group_ids, "groupIds")?;
        let state = state(ctx)?;
        Ok(
            service::set_groups(&state.db, &actor(ctx)?, id, expected_version, &groups)
                .await
                .gql()?
                .into(),
        )
    }

    /// Brings an archived customer back into the default search.
    async fn restore_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Customer> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        Ok(
            service::set_archived(&state.db, &actor(ctx)?, id, expected_version, false)
                .await
                .gql()?
                .into(),
        )
    }
}
