import { graphql } from '../../gql';

/** A row of the groups table, and what the group mutations return (so the cache updates). */
export const AccessGroupFieldsFragment = graphql(`
  fragment AccessGroupFields on AccessGroup {
    id
    name
    description
    rights
    members {
      id
      name
      email
      active
    }
    restrictedCustomerCount
    version
    createdAt
    updatedAt
  }
`);
