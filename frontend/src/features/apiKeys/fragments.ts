import { graphql } from '../../gql';

/** A row of the API-keys table, and what the key mutations return (so the cache updates). */
export const ApiKeyFieldsFragment = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    name
    prefix
    scopes
    groups {
      id
      name
    }
    status
    expiresAt
    createdAt
    lastUsedAt
    revokedAt
  }
`);
