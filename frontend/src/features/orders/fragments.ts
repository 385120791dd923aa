//! The order fields the Orders tab, the order dialog and the order mutations read; the line
//! fields orders and invoices share.
import { graphql } from '../../gql';

export const DocumentLineFieldsFragment = graphql(`
  fragment DocumentLineFields on DocumentLine {
    position
    description
    quantity
    unitPrice
    vatRate
    net
    vat
  }
`);

export const OrderFieldsFragment = graphql(`
  fragment OrderFields on Order {
    id
    number
    customerId
    orderDate
    status
    description
    currency
    lines {
      ...DocumentLineFields
    }
    net
    vat
    total
    createdAt
    updatedAt
    version
  }
`);
