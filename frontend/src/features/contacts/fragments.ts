//! The contact fields the customer card, the consent screen and the contact mutations read.
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
    consents {
      ...ContactConsentFields
    }
    version
    createdAt
    updatedAt
  }
`);
