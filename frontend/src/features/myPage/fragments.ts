//! What My page reads: the signed-in contact, the declaration in force, their consents and history.
//! `portalMe` and `portalSetConsent` answer the same shape, so the page shows either.
import { graphql } from '../../gql';

/** A purpose as My page shows it: its name and description in both languages. */
export const PortalPurposeFieldsFragment = graphql(`
  fragment PortalPurposeFields on ConsentPurpose {
    id
    key
    nameSv
    nameEn
    descriptionSv
    descriptionEn
    channel
    requiresOptIn
  }
`);

export const PortalOverviewFieldsFragment = graphql(`
  fragment PortalOverviewFields on PortalOverview {
    name
    email
    customerName
    declarationVersion
    declarationText
    consents {
      purpose {
        ...PortalPurposeFields
      }
      status
      source
      declarationVersion
      changedAt
    }
    history {
      id
      purpose {
        ...PortalPurposeFields
      }
      decision
      source
      declarationVersion
      occurredAt
    }
  }
`);
