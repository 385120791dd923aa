import { graphql } from '../../gql';

/** The organization's privacy settings, as the settings form and the consent form read them. */
export const OrganizationSettingsFieldsFragment = graphql(`
  fragment OrganizationSettingsFields on OrganizationSettings {
    companyName
    orgNumber
    address
    email
    phone
    privacyPolicyUrl
    dpoName
    dpoEmail
    supervisoryAuthority
    bookkeepingRetentionYears
    auditLogRetentionMonths
    secretRevealRequiresTotp
    version
    updatedAt
  }
`);

/** A row of the data-partner register, and what the partner mutations return. */
export const DataPartnerFieldsFragment = graphql(`
  fragment DataPartnerFields on DataPartner {
    id
    name
    orgNumber
    country
    role
    purpose
    dataCategories
    thirdCountryTransfer
    transferSafeguard
    agreementStatus
    signedOn
    reviewOn
    documentReference
    notes
    attention
    version
    createdAt
    updatedAt
  }
`);
