import { graphql } from '../../gql';

/** A row of the webhooks table, and what `createWebhookEndpoint` returns (so the cache updates). */
export const WebhookEndpointFieldsFragment = graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    url
    events
    active
    createdAt
    pendingDeliveries
    lastDeliveredAt
  }
`);
