import { graphql } from '../../gql';

export const ContactFieldsFragment = graphql(`
  fragment ContactFields on Contact {
    id
    customerId
    name
    title
    email
    phone
    recipientOf
    externalId
    archived
    version
    createdAt
    updatedAt
  }
`);
