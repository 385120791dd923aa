//! GraphQL for the data-subject export.

use async_graphql::{Context, ID, Json, Object};

use super::service;
use crate::error::GqlResultExt;
use crate::graphql::{actor, parse_id, state};

#[derive(Default)]
pub struct SubjectExportQuery;

#[Object]
impl SubjectExportQuery {
    /// Everything stored about a customer and its contacts, as one JSON document
    /// (`docs/data-subject-export.md`; `EXPORT_PERSONAL_DATA`; audited). Secrets are never
    /// included.
    async fn customer_export(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> async_graphql::Result<Json<serde_json::Value>> {
        let customer_id = parse_id(&customer_id, "customerId")?;
        Ok(Json(
            service::customer_document(&state(ctx)?.db, &actor(ctx)?, customer_id)
                .await
                .gql()?,
        ))
    }
}
