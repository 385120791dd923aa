//! The consent fields the views read. `ContactConsentFields` is part of `ContactFields`, so the
//! contacts table, the consent screen and every contact mutation carry the current consents.
import { graphql } from '../../gql';

/** A consent purpose as the columns and cells need it: its id and its name in both languages. */
export const ConsentPurposeRefFragment = graphql(`
  fragment ConsentPurposeRef on ConsentPurpose {
    id
    key
    nameSv
    nameEn
  }
`);

export const ContactConsentFieldsFragment = graphql(`
  fragment ContactConsentFields on ContactConsent {
    purpose {
      ...ConsentPurposeRef
    }
    status
    decision
    declarationVersion
    validUntil
    changedAt
    source
  }
`);

export const ConsentEventFieldsFragment = graphql(`
  fragment ConsentEventFields on ConsentEvent {
    id
    contactId
    purpose {
      ...ConsentPurposeRef
    }
    decision
    legalBasis
    source
    actorKind
    actorName
    declarationVersion
    evidence
    validUntil
    occurredAt
  }
`);

/** A change as `subscription { consentChanged }` delivers it (see useLiveConsents). */
export const ConsentChangedFieldsFragment = graphql(`
  fragment ConsentChangedFields on ConsentChanged {
    eventId
    customerId
    contactId
    purpose {
      ...ConsentPurposeRef
    }
    decision
    source
    declarationVersion
    occurredAt
  }
`);

/** A row of the purposes table in the consent settings, and what its mutations return. */
export const ConsentPurposeFieldsFragment = graphql(`
  fragment ConsentPurposeFields on ConsentPurpose {
    id
    key
    nameSv
    nameEn
    descriptionSv
    descriptionEn
    channel
    requiresOptIn
    active
    sortOrder
    version
    createdAt
    updatedAt
  }
`);

export const ConsentDeclarationFieldsFragment = graphql(`
  fragment ConsentDeclarationFields on ConsentDeclaration {
    id
    version
    text
    contentHash
    createdAt
    createdByName
    current
  }
`);
