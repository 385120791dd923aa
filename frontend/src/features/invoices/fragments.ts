//! The invoice fields the Invoices tab and the invoice mutations read.
import { graphql } from '../../gql';

export const InvoiceFieldsFragment = graphql(`
  fragment InvoiceFields on Invoice {
    id
    number
    customerId
    orderId
    invoiceDate
    dueDate
    description
    currency
    lines {
      ...DocumentLineFields
    }
    net
    vat
    total
    status
    paidAt
    buyerName
    buyerAddress
    retainUntil
    buyerPurgedAt
    createdAt
  }
`);
