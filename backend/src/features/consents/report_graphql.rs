//! GraphQL for consent reports (staff and reporting tools).

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ConsentStatus;
use super::graphql::ConsentPurpose;
use super::reports::{self, ContactFilter, PurposeCounts, ReportInterval, ReportRow};
use crate::error::GqlResultExt;
use crate::features::contacts::graphql::Contact;
use crate::graphql::{MAX_REPORT_PAGE, actor, parse_id, state};

const DEFAULT_PAGE_SIZE: i32 = 50;

/// Counts for one purpose over the contacts you may see (active customers, contacts not
/// archived).
#[derive(SimpleObject)]
pub struct ConsentPurposeStatistics {
    purpose: ConsentPurpose,
    granted: i64,
    withdrawn: i64,
    denied: i64,
    not_asked: i64,
    outdated: i64,
    expired: i64,
}

#[derive(SimpleObject)]
pub struct ConsentStatistics {
    /// Contacts counted: of active customers you may see, not archived.
    contacts: i64,
    /// One entry per active purpose, in purpose order.
    purposes: Vec<ConsentPurposeStatistics>,
    /// The declaration version in force when counted.
    declaration_version: i32,
}

/// Consent changes recorded in one period for one purpose.
#[derive(SimpleObject)]
pub struct ConsentChangeBucket {
    /// Start of the period (UTC; weeks start on Monday).
    period_start: DateTime<Utc>,
    purpose: ConsentPurpose,
    granted: i64,
    withdrawn: i64,
    denied: i64,
}

#[derive(InputObject)]
pub struct ConsentContactFilter {
    purpose_id: ID,
    /// Only contacts whose consent for the purpose has this status.
    status: Option<ConsentStatus>,
    /// Only contacts whose grant for the purpose runs out before this time (and has not yet).
    expiring_before: Option<DateTime<Utc>>,
}

impl ConsentContactFilter {
    fn parse(&self) -> async_graphql::Result<ContactFilter> {
        Ok(ContactFilter {
            purpose_id: parse_id(&self.purpose_id, "filter.purposeId")?,
            status: self.status,
            expiring_before: self.expiring_before,
        })
    }
}

/// A contact in a consent report, with its customer.
#[derive(SimpleObject)]
pub struct ConsentReportRow {
    contact: Contact,
    customer_id: ID,
    customer_number: i64,
    customer_name: String,
}

impl From<ReportRow> for ConsentReportRow {
    fn from(r: ReportRow) -> Self {
        ConsentReportRow {
            customer_id: ID(r.contact.customer_id.to_string()),
            customer_number: r.customer_number,
            customer_name: r.customer_name,
            contact: r.contact.into(),
        }
    }
}

fn statistics_object(p: ConsentPurpose, c: PurposeCounts) -> ConsentPurposeStatistics {
    ConsentPurposeStatistics {
        purpose: p,
        granted: c.granted,
        withdrawn: c.withdrawn,
        denied: c.denied,
        not_asked: c.not_asked,
        outdated: c.outdated,
        expired: c.expired,
    }
}

#[derive(Default)]
pub struct ConsentReportQuery;

#[Object]
impl ConsentReportQuery {
    /// Counts per purpose and status (`READ_CUSTOMERS`; respects access-group restrictions).
    async fn consent_statistics(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<ConsentStatistics> {
        let stats = reports::statistics(&state(ctx)?.db, &actor(ctx)?)
            .await
            .gql()?;
        Ok(ConsentStatistics {
            contacts: stats.contacts,
            declaration_version: stats.declaration_version,
            purposes: stats
                .purposes
                .into_iter()
                .map(|(p, c)| statistics_object(p.into(), c))
                .collect(),
        })
    }

    /// Changes per period and purpose between `from` (inclusive) and `to` (exclusive), at most
    /// 400 days (`READ_CUSTOMERS`).
    async fn consent_changes(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        #[graphql(default_with = "ReportInterval::Day")] interval: ReportInterval,
    ) -> async_graphql::Result<Vec<ConsentChangeBucket>> {
        let rows = reports::changes(&state(ctx)?.db, &actor(ctx)?, from, to, interval)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|(start, p, c)| ConsentChangeBucket {
                period_start: start,
                purpose: p.into(),
                granted: c.granted,
                withdrawn: c.withdrawn,
                denied: c.denied,
            })
            .collect())
    }

    /// Contacts with their current consents, filtered by purpose and status: the list a campaign
    /// sends to. Ordered by contact id; at most 1 000 per page (`READ_CUSTOMERS`; the read is
    /// logged).
    #[graphql(
        complexity = "crate::graphql::list_complexity(first, DEFAULT_PAGE_SIZE, MAX_REPORT_PAGE, child_complexity)"
    )]
    async fn consent_contacts(
        &self,
        ctx: &Context<'_>,
        filter: ConsentContactFilter,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<
        Connection<OpaqueCursor<Uuid>, ConsentReportRow, EmptyFields, EmptyFields>,
    > {
        let first = crate::graphql::page_size(first, DEFAULT_PAGE_SIZE, MAX_REPORT_PAGE)?;
        let after = crate::graphql::after_cursor::<Uuid>(after.as_deref())?;
        let filter = filter.parse()?;
        let (rows, more) = reports::contacts_page(
            &state(ctx)?.db,
            &actor(ctx)?,
            &filter,
            after,
            u64::try_from(first).unwrap_or(0),
        )
        .await
        .gql()?;
        let mut connection = Connection::new(after.is_some(), more);
        connection.edges.extend(
            rows.into_iter()
                .map(|r| Edge::new(OpaqueCursor(r.contact.id), ConsentReportRow::from(r))),
        );
        Ok(connection)
    }

    /// The same list as CSV (header row; customer number, customer name, contact name, e-mail,
    /// phone, then one status column per active purpose, by key), at most 50 000 rows
    /// (`EXPORT_PERSONAL_DATA`; logged as an export).
    async fn consent_contacts_csv(
        &self,
        ctx: &Context<'_>,
        filter: ConsentContactFilter,
    ) -> async_graphql::Result<String> {
        let filter = filter.parse()?;
        reports::contacts_csv(&state(ctx)?.db, &actor(ctx)?, &filter)
            .await
            .gql()
    }
}
