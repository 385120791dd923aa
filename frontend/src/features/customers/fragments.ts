//! The customer fields the card, the edit form and the mutations all read.
import { graphql } from '../../gql';

export const AddressFieldsFragment = graphql(`
  fragment AddressFields on Address {
    line1
    line2
    postalCode
    city
    country
  }
`);

export const CustomerFieldsFragment = graphql(`
  fragment CustomerFields on Customer {
    id
    number
    kind
    country
    firstName
    lastName
    companyName
    displayName
    identityNumber
    email
    phone
    invoiceAddress {
      ...AddressFields
    }
    postalAddress {
      ...AddressFields
    }
    note
    state
    anonymizedAt
    accessGroups {
      id
      name
    }
    version
    createdAt
    updatedAt
  }
`);
