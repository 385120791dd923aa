import { graphql } from '../../gql';

/** A row of the users table, and what every user mutation returns (so the cache updates). */
export const UserFieldsFragment = graphql(`
  fragment UserFields on User {
    id
    email
    name
    isAdmin
    active
    mfaEnabled
    lockedUntil
    createdAt
    activeSessions
    groups {
      id
      name
    }
  }
`);
