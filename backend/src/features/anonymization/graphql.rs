//! GraphQL for anonymization: the preview, redacting a mention, anonymizing, receipts.

use std::collections::BTreeMap;

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;

use super::mentions::MentionSource;
use super::retention::{self, Blocked};
use super::service::{self, Preview};
use crate::domain::mention::{self, TermKind};
use crate::entities::anonymization_receipt;
use crate::error::GqlResultExt;
use crate::features::customers::graphql::Customer;
use crate::graphql::{actor, parse_id, state};

/// What kind of personal data a mention is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Email,
    Phone,
    IdentityNumber,
}

impl From<TermKind> for MentionKind {
    fn from(k: TermKind) -> Self {
        match k {
            TermKind::Name => MentionKind::Name,
            TermKind::Email => MentionKind::Email,
            TermKind::Phone => MentionKind::Phone,
            TermKind::IdentityNumber => MentionKind::IdentityNumber,
        }
    }
}

#[derive(SimpleObject)]
pub struct CategoryCount {
    /// `name`, `email`, `contactPersons`, `orders`, …
    category: String,
    count: u64,
}

fn categories(map: impl IntoIterator<Item = (String, u64)>) -> Vec<CategoryCount> {
    map.into_iter()
        .map(|(category, count)| CategoryCount { category, count })
        .collect()
}

fn from_json(value: &serde_json::Value) -> Vec<CategoryCount> {
    categories(
        value
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0))),
    )
}

fn from_map(map: BTreeMap<&'static str, u64>) -> Vec<CategoryCount> {
    categories(map.into_iter().map(|(k, v)| (k.to_owned(), v)))
}

/// A place in free text where the customer's people are still named.
#[derive(SimpleObject)]
pub struct FreeTextMention {
    source: MentionSource,
    record_id: ID,
    /// "Order 100023", "Invoice 5000012 line 2", "Task", "Customer 10042".
    label: String,
    /// The field: `description`, `title`, `body` or `note`.
    field: String,
    /// The record's customer, to link to its card.
    customer_id: Option<ID>,
    /// The text around the first mention.
    excerpt: String,
    kinds: Vec<MentionKind>,
    count: i32,
}

/// What anonymizing a customer would remove and keep.
#[derive(SimpleObject)]
pub struct AnonymizationPreview {
    customer_id: ID,
    customer_number: i64,
    display_name: String,
    removes: Vec<CategoryCount>,
    keeps: Vec<CategoryCount>,
    mentions: Vec<FreeTextMention>,
    /// Mentions in records of customers you cannot see (not shown).
    hidden_mentions: u64,
}

impl From<Preview> for AnonymizationPreview {
    fn from(p: Preview) -> Self {
        AnonymizationPreview {
            customer_id: ID(p.customer.id.to_string()),
            customer_number: p.customer.number,
            display_name: p.customer.display_name,
            removes: from_map(p.removes),
            keeps: from_map(p.keeps),
            mentions: p
                .mentions
                .into_iter()
                .map(|f| FreeTextMention {
                    source: f.source,
                    record_id: ID(f.record_id.clone()),
                    label: f.label.clone(),
                    field: f.field.to_owned(),
                    customer_id: f.customer_id.map(|id| ID(id.to_string())),
                    excerpt: f
                        .mentions
                        .first()
                        .map(|m| mention::excerpt(&f.text, m, 40))
                        .unwrap_or_default(),
                    kinds: f.kinds().into_iter().map(Into::into).collect(),
                    count: i32::try_from(f.mentions.len()).unwrap_or(i32::MAX),
                })
                .collect(),
            hidden_mentions: p.hidden_mentions,
        }
    }
}

/// A mention left in free text, by reference (no text).
#[derive(SimpleObject)]
pub struct MentionRef {
    source: MentionSource,
    record_id: ID,
    label: String,
    field: String,
}

/// The record of one anonymization. Holds no personal data.
#[derive(SimpleObject)]
pub struct AnonymizationReceipt {
    id: ID,
    customer_id: ID,
    customer_number: i64,
    /// `A*** A******`.
    masked_name: String,
    performed_at: DateTime<Utc>,
    /// `user`, `system`, …
    actor_kind: String,
    actor_id: Option<ID>,
    removed: Vec<CategoryCount>,
    kept: Vec<CategoryCount>,
    mentions_left: Vec<MentionRef>,
}

impl From<anonymization_receipt::Model> for AnonymizationReceipt {
    fn from(m: anonymization_receipt::Model) -> Self {
        let text = |v: &serde_json::Value, k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        AnonymizationReceipt {
            id: ID(m.id.to_string()),
            customer_id: ID(m.customer_id.to_string()),
            customer_number: m.customer_number,
            masked_name: m.masked_name,
            performed_at: m.performed_at,
            actor_kind: m.actor_kind,
            actor_id: m.actor_id.map(ID),
            removed: from_json(&m.removed),
            kept: from_json(&m.kept),
            mentions_left: m
                .mentions_left
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| {
                    Some(MentionRef {
                        source: MentionSource::from_db(&text(v, "source"))?,
                        record_id: ID(text(v, "recordId")),
                        label: text(v, "label"),
                        field: text(v, "field"),
                    })
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct AnonymizeResult {
    /// True when the customer had been anonymized before (nothing was done now).
    already_anonymized: bool,
    receipt: AnonymizationReceipt,
    customer: Customer,
}

/// Why the retention rule does not anonymize a customer past the limit.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RetentionBlock {
    OpenOrders,
    UnpaidInvoices,
}

#[derive(SimpleObject)]
pub struct RetentionCandidate {
    customer_id: ID,
    customer_number: i64,
    display_name: String,
    /// The latest order, invoice, payment, consent change or edit.
    last_activity_at: DateTime<Utc>,
    /// Set when the customer is past the limit but kept.
    blocked: Option<RetentionBlock>,
}

/// The dry run of the retention rule.
#[derive(SimpleObject)]
pub struct RetentionPreview {
    inactive_months: i32,
    /// Customers a run would anonymize now.
    eligible: u64,
    /// Customers past the limit that are kept, with the reason on each.
    blocked: u64,
    /// The first `first` of them, longest inactive first.
    customers: Vec<RetentionCandidate>,
}

#[derive(SimpleObject)]
pub struct RetentionRunResult {
    anonymized: u64,
    /// Eligible customers left; run again while more than 0.
    remaining: u64,
    blocked: u64,
}

#[derive(SimpleObject)]
pub struct RetentionRule {
    inactive_months: i32,
    /// Run every hour by the server.
    auto_run: bool,
    updated_at: DateTime<Utc>,
    last_run_at: Option<DateTime<Utc>>,
    last_run_anonymized: Option<i64>,
}

impl From<crate::entities::retention_rule::Model> for RetentionRule {
    fn from(m: crate::entities::retention_rule::Model) -> Self {
        RetentionRule {
            inactive_months: m.inactive_months,
            auto_run: m.auto_run,
            updated_at: m.updated_at,
            last_run_at: m.last_run_at,
            last_run_anonymized: m.last_run_anonymized,
        }
    }
}

#[derive(Default)]
pub struct AnonymizationQuery;

#[Object]
impl AnonymizationQuery {
    /// What anonymizing a customer would remove and keep, and every place in free text that
    /// still names its people (`ANONYMIZE`; audited).
    async fn anonymization_preview(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> async_graphql::Result<AnonymizationPreview> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        Ok(service::preview(&state(ctx)?.db, &actor(ctx)?, customer_id)
            .await
            .gql()?
            .into())
    }

    /// The retention rule, if one is set (`ANONYMIZE` or `MANAGE_SETTINGS`).
    async fn retention_rule(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<RetentionRule>> {
        Ok(retention::rule(&state(ctx)?.db, &actor(ctx)?)
            .await
            .gql()?
            .map(Into::into))
    }

    /// Who the retention rule would anonymize now, and who is kept and why (`ANONYMIZE`;
    /// audited). `inactiveMonths` must be 1 to 1200.
    async fn retention_preview(
        &self,
        ctx: &Context<'_>,
        inactive_months: i32,
        #[graphql(default = 200)] first: i32,
    ) -> async_graphql::Result<RetentionPreview> {
        let found = retention::candidates(&state(ctx)?.db, &actor(ctx)?, inactive_months)
            .await
            .gql()?;
        let blocked = found.iter().filter(|c| c.blocked.is_some()).count() as u64;
        Ok(RetentionPreview {
            inactive_months,
            eligible: found.len() as u64 - blocked,
            blocked,
            customers: found
                .into_iter()
                .take(usize::try_from(first.clamp(0, 1000)).unwrap_or(0))
                .map(|c| RetentionCandidate {
                    customer_id: ID(c.id.to_string()),
                    customer_number: c.number,
                    display_name: c.display_name,
                    last_activity_at: c.last_activity,
                    blocked: c.blocked.map(|b| match b {
                        Blocked::OpenOrders => RetentionBlock::OpenOrders,
                        Blocked::UnpaidInvoices => RetentionBlock::UnpaidInvoices,
                    }),
                })
                .collect(),
        })
    }

    /// Receipts of anonymizations, newest first (administrators).
    async fn anonymization_receipts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 100)] first: i32,
    ) -> async_graphql::Result<Vec<AnonymizationReceipt>> {
        let list = service::receipts(
            &state(ctx)?.db,
            &actor(ctx)?,
            u64::try_from(first).unwrap_or(1),
        )
        .await
        .gql()?;
        Ok(list.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct AnonymizationMutation;

#[Object]
impl AnonymizationMutation {
    /// Replaces the customer's people in one field of one record with "[redacted]"
    /// (`ANONYMIZE`). Returns how many mentions were replaced.
    async fn redact_mentions(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        source: MentionSource,
        record_id: ID,
        field: String,
    ) -> async_graphql::Result<i32> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        let count = service::redact(
            &state(ctx)?.db,
            &actor(ctx)?,
            customer_id,
            source,
            record_id.as_str(),
            &field,
        )
        .await
        .gql()?;
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }

    /// Sets the retention rule (`MANAGE_SETTINGS`); with `autoRun` the server applies it hourly.
    async fn set_retention_rule(
        &self,
        ctx: &Context<'_>,
        inactive_months: i32,
        auto_run: bool,
    ) -> async_graphql::Result<RetentionRule> {
        Ok(
            retention::set_rule(&state(ctx)?.db, &actor(ctx)?, inactive_months, auto_run)
                .await
                .gql()?
                .into(),
        )
    }

    /// Anonymizes up to `batchSize` (1–10 000) customers the retention rule selects, in
    /// transactions of up to 500 customers that each commit whole (`ANONYMIZE`). Call again
    /// while `remaining` is above 0.
    async fn run_retention(
        &self,
        ctx: &Context<'_>,
        inactive_months: i32,
        #[graphql(default = 50)] batch_size: i32,
    ) -> async_graphql::Result<RetentionRunResult> {
        let batch = u64::try_from(batch_size).unwrap_or(0);
        let report = retention::run(&state(ctx)?.db, &actor(ctx)?, inactive_months, batch)
            .await
            .gql()?;
        Ok(RetentionRunResult {
            anonymized: report.anonymized,
            remaining: report.remaining,
            blocked: report.blocked,
        })
    }

    /// Anonymizes a customer, irreversibly (`ANONYMIZE`): names, identity number, addresses,
    /// e-mail, phone, note and every contact person's data are removed, My page accounts
    /// deleted, consent evidence scrubbed; orders, invoices, tasks and consent events stay.
    /// `confirmNumber` must be the customer's number. Anonymizing again answers with the first
    /// receipt (`alreadyAnonymized: true`).
    async fn anonymize_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        confirm_number: i64,
    ) -> async_graphql::Result<AnonymizeResult> {
        let id = parse_id(&id, "id")?;
        let state = state(ctx)?;
        let actor = actor(ctx)?;
        let done = service::anonymize(&state.db, &actor, id, confirm_number)
            .await
            .gql()?;
        // What is left of the customer holds no personal data: read without a further check.
        let customer = crate::entities::customer::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .map_err(crate::error::AppError::from)
            .gql()?
            .ok_or(crate::error::AppError::NotFound { entity: "customer" })
            .gql()?;
        Ok(AnonymizeResult {
            already_anonymized: done.already,
            receipt: done.receipt.into(),
            customer: customer.into(),
        })
    }
}
