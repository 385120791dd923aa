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

/** What "Invite to My page" answers: the link to hand over and what happened to the e-mail. */
export const PortalInvitationFieldsFragment = graphql(`
  fragment PortalInvitationFields on PortalInvitation {
    link
    expiresAt
    messageStatus
    messageId
  }
`);
