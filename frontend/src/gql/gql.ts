/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      isAdmin\n      mfaEnabled\n      rights\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $code: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, code: $code, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      expiresAt\n      ip\n      userAgent\n      current\n    }\n  }\n": typeof types.MySessionsDocument,
    "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": typeof types.EndSessionDocument,
    "\n  mutation EndOtherSessions {\n    endOtherSessions\n  }\n": typeof types.EndOtherSessionsDocument,
    "\n  query AnonymizationReceipts($first: Int!) {\n    anonymizationReceipts(first: $first) {\n      id\n      customerId\n      customerNumber\n      maskedName\n      performedAt\n      actorKind\n      actorId\n      removed {\n        category\n        count\n      }\n      kept {\n        category\n        count\n      }\n      mentionsLeft {\n        source\n        recordId\n        label\n        field\n      }\n    }\n  }\n": typeof types.AnonymizationReceiptsDocument,
    "\n  query AnonymizationPreview($customerId: ID!) {\n    anonymizationPreview(customerId: $customerId) {\n      customerId\n      customerNumber\n      displayName\n      removes {\n        category\n        count\n      }\n      keeps {\n        category\n        count\n      }\n      mentions {\n        source\n        recordId\n        label\n        field\n        customerId\n        excerpt\n        kinds\n        count\n      }\n      hiddenMentions\n    }\n  }\n": typeof types.AnonymizationPreviewDocument,
    "\n  mutation RedactMentions($customerId: ID!, $source: MentionSource!, $recordId: ID!, $field: String!) {\n    redactMentions(customerId: $customerId, source: $source, recordId: $recordId, field: $field)\n  }\n": typeof types.RedactMentionsDocument,
    "\n  mutation AnonymizeCustomer($id: ID!, $confirmNumber: Int!) {\n    anonymizeCustomer(id: $id, confirmNumber: $confirmNumber) {\n      alreadyAnonymized\n      receipt {\n        id\n        performedAt\n      }\n      customer {\n        ...CustomerFields\n      }\n    }\n  }\n": typeof types.AnonymizeCustomerDocument,
    "\n  query ApiKeyChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n": typeof types.ApiKeyChoicesDocument,
    "\n  mutation CreateApiKey($input: ApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    groups {\n      id\n      name\n    }\n    status\n    expiresAt\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query AuditUsers {\n    users {\n      id\n      name\n      email\n    }\n  }\n": typeof types.AuditUsersDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int!, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        occurredAt\n        actorKind\n        actorId\n        actorName\n        action\n        entityType\n        entityId\n        outcome\n        ip\n        requestId\n        details\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation CompleteSetup($input: CompleteSetupInput!) {\n    completeSetup(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CompleteSetupDocument,
    "\n  query BackupOverview($first: Int!) {\n    backupOverview(first: $first) {\n      scheduled\n      hourlyKeep\n      dailyKeep\n      drillIntervalHours\n      nextBackupAt\n      nextBackupKind\n      nextDrillAt\n      running\n      drillRunning\n      offSite\n      destinations {\n        name\n        kind\n        location\n        lastVerified {\n          id\n          fileName\n          startedAt\n          sizeBytes\n        }\n        lastCopy {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      backups {\n        id\n        fileName\n        kind\n        trigger\n        status\n        startedAt\n        finishedAt\n        sizeBytes\n        rows\n        durationMs\n        error\n        copies {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      drills {\n        id\n        startedAt\n        finishedAt\n        scenario\n        destination\n        backupFile\n        passed\n        checks {\n          name\n          passed\n          detail\n        }\n        durationMs\n        rows\n        error\n        trigger\n      }\n    }\n  }\n": typeof types.BackupOverviewDocument,
    "\n  mutation RunBackup {\n    runBackup\n  }\n": typeof types.RunBackupDocument,
    "\n  mutation RunBackupDrill($destination: String, $scenario: DrillScenario) {\n    runBackupDrill(destination: $destination, scenario: $scenario)\n  }\n": typeof types.RunBackupDrillDocument,
    "\n  query ConsentForm($customerId: ID, $language: FormLanguage!) {\n    consentForm(customerId: $customerId, language: $language) {\n      language\n      title\n      controller {\n        ...OrganizationSettingsFields\n      }\n      supervisoryAuthorityName\n      supervisoryAuthorityUrl\n      purposes {\n        key\n        name\n        description\n        requiresOptIn\n      }\n      recipients {\n        id\n        name\n        country\n        role\n        purpose\n        thirdCountryTransfer\n        transferSafeguard\n      }\n      declaration {\n        id\n        version\n        text\n        contentHash\n      }\n      customer {\n        id\n        number\n        displayName\n        contactNames\n      }\n      sections {\n        heading\n        paragraphs\n      }\n      generatedAt\n    }\n  }\n": typeof types.ConsentFormDocument,
    "\n  query ConsentChanges($from: DateTime!, $to: DateTime!, $interval: ReportInterval!) {\n    consentChanges(from: $from, to: $to, interval: $interval) {\n      periodStart\n      purpose {\n        ...ConsentPurposeRef\n      }\n      granted\n      withdrawn\n      denied\n    }\n  }\n": typeof types.ConsentChangesDocument,
    "\n  query ConsentReportPurposes {\n    consentPurposes {\n      ...ConsentPurposeRef\n    }\n  }\n": typeof types.ConsentReportPurposesDocument,
    "\n  query ConsentContactsCsv($filter: ConsentContactFilter!) {\n    consentContactsCsv(filter: $filter)\n  }\n": typeof types.ConsentContactsCsvDocument,
    "\n  query ConsentStatistics {\n    consentStatistics {\n      contacts\n      declarationVersion\n      purposes {\n        purpose {\n          ...ConsentPurposeRef\n        }\n        granted\n        withdrawn\n        denied\n        notAsked\n        outdated\n        expired\n      }\n    }\n  }\n": typeof types.ConsentStatisticsDocument,
    "\n  query ConsentContacts($filter: ConsentContactFilter!, $first: Int!, $after: String) {\n    consentContacts(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        customerId\n        customerNumber\n        customerName\n        contact {\n          id\n          name\n          email\n          phone\n          consents {\n            ...ContactConsentFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsentContactsDocument,
    "\n  query ContactConsentHistory($id: ID!, $contactId: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n    }\n    contact(id: $contactId) {\n      id\n      customerId\n      name\n      email\n      archived\n      consents {\n        ...ContactConsentFields\n      }\n      consentHistory {\n        ...ConsentEventFields\n      }\n    }\n  }\n": typeof types.ContactConsentHistoryDocument,
    "\n  query ConsentPurposesAdmin {\n    consentPurposes(includeInactive: true) {\n      ...ConsentPurposeFields\n    }\n  }\n": typeof types.ConsentPurposesAdminDocument,
    "\n  query CustomerConsents($id: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n      state\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n": typeof types.CustomerConsentsDocument,
    "\n  query CurrentConsentDeclaration {\n    consentDeclaration {\n      id\n      version\n    }\n  }\n": typeof types.CurrentConsentDeclarationDocument,
    "\n  mutation RecordConsents($customerId: ID!, $input: RecordConsentsInput!) {\n    recordConsents(customerId: $customerId, input: $input) {\n      events {\n        id\n      }\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n": typeof types.RecordConsentsDocument,
    "\n  query ConsentDeclarations {\n    consentDeclarations {\n      ...ConsentDeclarationFields\n    }\n  }\n": typeof types.ConsentDeclarationsDocument,
    "\n  mutation PublishConsentDeclaration($text: String!) {\n    publishConsentDeclaration(text: $text) {\n      ...ConsentDeclarationFields\n    }\n  }\n": typeof types.PublishConsentDeclarationDocument,
    "\n  mutation CreateConsentPurpose($input: ConsentPurposeInput!) {\n    createConsentPurpose(input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n": typeof types.CreateConsentPurposeDocument,
    "\n  mutation UpdateConsentPurpose($id: ID!, $expectedVersion: Int!, $input: ConsentPurposeInput!) {\n    updateConsentPurpose(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n": typeof types.UpdateConsentPurposeDocument,
    "\n  fragment ConsentPurposeRef on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n  }\n": typeof types.ConsentPurposeRefFragmentDoc,
    "\n  fragment ContactConsentFields on ContactConsent {\n    purpose {\n      ...ConsentPurposeRef\n    }\n    status\n    decision\n    declarationVersion\n    validUntil\n    changedAt\n    source\n  }\n": typeof types.ContactConsentFieldsFragmentDoc,
    "\n  fragment ConsentEventFields on ConsentEvent {\n    id\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    legalBasis\n    source\n    actorKind\n    actorName\n    declarationVersion\n    evidence\n    validUntil\n    occurredAt\n  }\n": typeof types.ConsentEventFieldsFragmentDoc,
    "\n  fragment ConsentChangedFields on ConsentChanged {\n    eventId\n    customerId\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    source\n    declarationVersion\n    occurredAt\n  }\n": typeof types.ConsentChangedFieldsFragmentDoc,
    "\n  fragment ConsentPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n    active\n    sortOrder\n    version\n    createdAt\n    updatedAt\n  }\n": typeof types.ConsentPurposeFieldsFragmentDoc,
    "\n  fragment ConsentDeclarationFields on ConsentDeclaration {\n    id\n    version\n    text\n    contentHash\n    createdAt\n    createdByName\n    current\n  }\n": typeof types.ConsentDeclarationFieldsFragmentDoc,
    "\n  subscription CustomerConsentChanged($customerId: ID!) {\n    consentChanged(customerId: $customerId) {\n      ...ConsentChangedFields\n    }\n  }\n": typeof types.CustomerConsentChangedDocument,
    "\n  mutation CreateContact($customerId: ID!, $input: ContactInput!) {\n    createContact(customerId: $customerId, input: $input) {\n      ...ContactFields\n    }\n  }\n": typeof types.CreateContactDocument,
    "\n  mutation UpdateContact($id: ID!, $expectedVersion: Int!, $input: ContactInput!) {\n    updateContact(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ContactFields\n    }\n  }\n": typeof types.UpdateContactDocument,
    "\n  query CustomerContacts($id: ID!, $includeArchived: Boolean!) {\n    customer(id: $id) {\n      id\n      contacts(includeArchived: $includeArchived) {\n        ...ContactFields\n      }\n    }\n  }\n": typeof types.CustomerContactsDocument,
    "\n  mutation ArchiveContact($id: ID!, $expectedVersion: Int!) {\n    archiveContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n": typeof types.ArchiveContactDocument,
    "\n  mutation RestoreContact($id: ID!, $expectedVersion: Int!) {\n    restoreContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n": typeof types.RestoreContactDocument,
    "\n  mutation InviteContactToPortal($contactId: ID!) {\n    inviteContactToPortal(contactId: $contactId) {\n      ...PortalInvitationFields\n    }\n  }\n": typeof types.InviteContactToPortalDocument,
    "\n  fragment ContactFields on Contact {\n    id\n    customerId\n    name\n    title\n    email\n    phone\n    recipientOf\n    externalId\n    archived\n    consents {\n      ...ContactConsentFields\n    }\n    version\n    createdAt\n    updatedAt\n  }\n": typeof types.ContactFieldsFragmentDoc,
    "\n  fragment PortalInvitationFields on PortalInvitation {\n    link\n    expiresAt\n    messageStatus\n    messageId\n  }\n": typeof types.PortalInvitationFieldsFragmentDoc,
    "\n  query CustomerGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      members {\n        id\n      }\n    }\n  }\n": typeof types.CustomerGroupChoicesDocument,
    "\n  mutation SetCustomerGroups($id: ID!, $expectedVersion: Int!, $groupIds: [ID!]!) {\n    setCustomerGroups(id: $id, expectedVersion: $expectedVersion, groupIds: $groupIds) {\n      ...CustomerFields\n    }\n  }\n": typeof types.SetCustomerGroupsDocument,
    "\n  query CustomerCard($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n": typeof types.CustomerCardDocument,
    "\n  query CustomerExport($customerId: ID!) {\n    customerExport(customerId: $customerId)\n  }\n": typeof types.CustomerExportDocument,
    "\n  mutation ArchiveCustomer($id: ID!, $expectedVersion: Int!) {\n    archiveCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n": typeof types.ArchiveCustomerDocument,
    "\n  mutation RestoreCustomer($id: ID!, $expectedVersion: Int!) {\n    restoreCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n": typeof types.RestoreCustomerDocument,
    "\n  query CustomerForEdit($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n": typeof types.CustomerForEditDocument,
    "\n  mutation CreateCustomer($input: CustomerInput!) {\n    createCustomer(input: $input) {\n      ...CustomerFields\n    }\n  }\n": typeof types.CreateCustomerDocument,
    "\n  mutation UpdateCustomer($id: ID!, $expectedVersion: Int!, $input: CustomerInput!) {\n    updateCustomer(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...CustomerFields\n    }\n  }\n": typeof types.UpdateCustomerDocument,
    "\n  fragment AddressFields on Address {\n    line1\n    line2\n    postalCode\n    city\n    country\n  }\n": typeof types.AddressFieldsFragmentDoc,
    "\n  fragment CustomerFields on Customer {\n    id\n    number\n    kind\n    country\n    firstName\n    lastName\n    companyName\n    displayName\n    identityNumber\n    email\n    phone\n    invoiceAddress {\n      ...AddressFields\n    }\n    postalAddress {\n      ...AddressFields\n    }\n    note\n    state\n    anonymizedAt\n    accessGroups {\n      id\n      name\n    }\n    version\n    createdAt\n    updatedAt\n  }\n": typeof types.CustomerFieldsFragmentDoc,
    "\n  query CustomerSearch($search: String, $includeArchived: Boolean!, $first: Int!, $after: String) {\n    customers(search: $search, includeArchived: $includeArchived, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        displayName\n        kind\n        email\n        phone\n        state\n        invoiceAddress {\n          city\n        }\n        postalAddress {\n          city\n        }\n      }\n    }\n  }\n": typeof types.CustomerSearchDocument,
    "\n  mutation CreateAccessGroup($input: AccessGroupInput!) {\n    createAccessGroup(input: $input) {\n      ...AccessGroupFields\n    }\n  }\n": typeof types.CreateAccessGroupDocument,
    "\n  mutation UpdateAccessGroup($id: ID!, $expectedVersion: Int!, $input: AccessGroupInput!) {\n    updateAccessGroup(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...AccessGroupFields\n    }\n  }\n": typeof types.UpdateAccessGroupDocument,
    "\n  query AccessGroups {\n    accessGroups {\n      ...AccessGroupFields\n    }\n  }\n": typeof types.AccessGroupsDocument,
    "\n  mutation DeleteAccessGroup($id: ID!) {\n    deleteAccessGroup(id: $id)\n  }\n": typeof types.DeleteAccessGroupDocument,
    "\n  fragment AccessGroupFields on AccessGroup {\n    id\n    name\n    description\n    rights\n    members {\n      id\n      name\n      email\n      active\n    }\n    restrictedCustomerCount\n    version\n    createdAt\n    updatedAt\n  }\n": typeof types.AccessGroupFieldsFragmentDoc,
    "\n  mutation CreateInvoice($customerId: ID!, $input: InvoiceInput!) {\n    createInvoice(customerId: $customerId, input: $input) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.CreateInvoiceDocument,
    "\n  query CustomerInvoices($id: ID!) {\n    customer(id: $id) {\n      id\n      invoices {\n        ...InvoiceFields\n      }\n    }\n  }\n": typeof types.CustomerInvoicesDocument,
    "\n  mutation SetInvoicePaid($id: ID!, $paid: Boolean!) {\n    setInvoicePaid(id: $id, paid: $paid) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.SetInvoicePaidDocument,
    "\n  fragment InvoiceFields on Invoice {\n    id\n    number\n    customerId\n    orderId\n    invoiceDate\n    dueDate\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    status\n    paidAt\n    buyerName\n    buyerAddress\n    retainUntil\n    buyerPurgedAt\n    createdAt\n  }\n": typeof types.InvoiceFieldsFragmentDoc,
    "\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrSvg\n    }\n  }\n": typeof types.BeginTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      viewer {\n        id\n        email\n        mfaEnabled\n      }\n      recoveryCodes\n    }\n  }\n": typeof types.ConfirmTotpEnrollmentDocument,
    "\n  mutation CancelEnrollment {\n    logout\n  }\n": typeof types.CancelEnrollmentDocument,
    "\n  mutation RegenerateRecoveryCodes($password: String!, $code: String!) {\n    regenerateRecoveryCodes(password: $password, code: $code)\n  }\n": typeof types.RegenerateRecoveryCodesDocument,
    "\n  mutation VerifyTotp($code: String!) {\n    verifyTotp(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n": typeof types.VerifyTotpDocument,
    "\n  mutation RedeemRecoveryCode($code: String!) {\n    useRecoveryCode(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n": typeof types.RedeemRecoveryCodeDocument,
    "\n  mutation CancelLogin {\n    logout\n  }\n": typeof types.CancelLoginDocument,
    "\n  mutation PortalAcceptInvitation($token: String!, $password: String!) {\n    portalAcceptInvitation(token: $token, password: $password)\n  }\n": typeof types.PortalAcceptInvitationDocument,
    "\n  mutation PortalRedeemLoginLink($token: String!) {\n    portalRedeemLoginLink(token: $token)\n  }\n": typeof types.PortalRedeemLoginLinkDocument,
    "\n  mutation PortalLogin($email: String!, $password: String!) {\n    portalLogin(email: $email, password: $password)\n  }\n": typeof types.PortalLoginDocument,
    "\n  mutation PortalRequestLoginLink($email: String!) {\n    portalRequestLoginLink(email: $email)\n  }\n": typeof types.PortalRequestLoginLinkDocument,
    "\n  query PortalMe {\n    portalMe {\n      ...PortalOverviewFields\n    }\n  }\n": typeof types.PortalMeDocument,
    "\n  mutation PortalSetConsent($purpose: String!, $decision: ConsentDecision!) {\n    portalSetConsent(purpose: $purpose, decision: $decision) {\n      ...PortalOverviewFields\n    }\n  }\n": typeof types.PortalSetConsentDocument,
    "\n  query PortalMyData {\n    portalMyData\n  }\n": typeof types.PortalMyDataDocument,
    "\n  mutation PortalLogout {\n    portalLogout\n  }\n": typeof types.PortalLogoutDocument,
    "\n  fragment PortalPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n  }\n": typeof types.PortalPurposeFieldsFragmentDoc,
    "\n  fragment PortalOverviewFields on PortalOverview {\n    name\n    email\n    customerName\n    declarationVersion\n    declarationText\n    consents {\n      purpose {\n        ...PortalPurposeFields\n      }\n      status\n      source\n      declarationVersion\n      changedAt\n    }\n    history {\n      id\n      purpose {\n        ...PortalPurposeFields\n      }\n      decision\n      source\n      declarationVersion\n      occurredAt\n    }\n  }\n": typeof types.PortalOverviewFieldsFragmentDoc,
    "\n  mutation CreateOrder($customerId: ID!, $input: OrderInput!) {\n    createOrder(customerId: $customerId, input: $input) {\n      ...OrderFields\n    }\n  }\n": typeof types.CreateOrderDocument,
    "\n  mutation UpdateOrder($id: ID!, $expectedVersion: Int!, $input: OrderInput!, $status: OrderStatus!) {\n    updateOrder(id: $id, expectedVersion: $expectedVersion, input: $input, status: $status) {\n      ...OrderFields\n    }\n  }\n": typeof types.UpdateOrderDocument,
    "\n  query CustomerOrders($id: ID!) {\n    customer(id: $id) {\n      id\n      orders {\n        ...OrderFields\n      }\n    }\n  }\n": typeof types.CustomerOrdersDocument,
    "\n  fragment DocumentLineFields on DocumentLine {\n    position\n    description\n    quantity\n    unitPrice\n    vatRate\n    net\n    vat\n  }\n": typeof types.DocumentLineFieldsFragmentDoc,
    "\n  fragment OrderFields on Order {\n    id\n    number\n    customerId\n    orderDate\n    status\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    createdAt\n    updatedAt\n    version\n  }\n": typeof types.OrderFieldsFragmentDoc,
    "\n  query OutboxMessages($first: Int!, $before: DateTime) {\n    outgoingMessages(first: $first, before: $before) {\n      id\n      kind\n      toAddress\n      subject\n      body\n      status\n      attempts\n      lastError\n      createdAt\n      sentAt\n    }\n  }\n": typeof types.OutboxMessagesDocument,
    "\n  mutation CreateDataPartner($input: DataPartnerInput!) {\n    createDataPartner(input: $input) {\n      ...DataPartnerFields\n    }\n  }\n": typeof types.CreateDataPartnerDocument,
    "\n  mutation UpdateDataPartner($id: ID!, $expectedVersion: Int!, $input: DataPartnerInput!) {\n    updateDataPartner(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...DataPartnerFields\n    }\n  }\n": typeof types.UpdateDataPartnerDocument,
    "\n  query DataPartners {\n    dataPartners {\n      ...DataPartnerFields\n    }\n  }\n": typeof types.DataPartnersDocument,
    "\n  mutation DeleteDataPartner($id: ID!) {\n    deleteDataPartner(id: $id)\n  }\n": typeof types.DeleteDataPartnerDocument,
    "\n  query OrganizationSettings {\n    organizationSettings {\n      ...OrganizationSettingsFields\n    }\n  }\n": typeof types.OrganizationSettingsDocument,
    "\n  mutation UpdateOrganizationSettings($expectedVersion: Int!, $input: OrganizationSettingsInput!) {\n    updateOrganizationSettings(expectedVersion: $expectedVersion, input: $input) {\n      ...OrganizationSettingsFields\n    }\n  }\n": typeof types.UpdateOrganizationSettingsDocument,
    "\n  fragment OrganizationSettingsFields on OrganizationSettings {\n    companyName\n    orgNumber\n    address\n    email\n    phone\n    privacyPolicyUrl\n    dpoName\n    dpoEmail\n    supervisoryAuthority\n    bookkeepingRetentionYears\n    auditLogRetentionMonths\n    secretRevealRequiresTotp\n    version\n    updatedAt\n  }\n": typeof types.OrganizationSettingsFieldsFragmentDoc,
    "\n  fragment DataPartnerFields on DataPartner {\n    id\n    name\n    orgNumber\n    country\n    role\n    purpose\n    dataCategories\n    thirdCountryTransfer\n    transferSafeguard\n    agreementStatus\n    signedOn\n    reviewOn\n    documentReference\n    notes\n    attention\n    version\n    createdAt\n    updatedAt\n  }\n": typeof types.DataPartnerFieldsFragmentDoc,
    "\n  query RetentionRule {\n    retentionRule {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n": typeof types.RetentionRuleDocument,
    "\n  query RetentionPreview($inactiveMonths: Int!, $first: Int!) {\n    retentionPreview(inactiveMonths: $inactiveMonths, first: $first) {\n      inactiveMonths\n      eligible\n      blocked\n      customers {\n        customerId\n        customerNumber\n        displayName\n        lastActivityAt\n        blocked\n      }\n    }\n  }\n": typeof types.RetentionPreviewDocument,
    "\n  mutation SetRetentionRule($inactiveMonths: Int!, $autoRun: Boolean!) {\n    setRetentionRule(inactiveMonths: $inactiveMonths, autoRun: $autoRun) {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n": typeof types.SetRetentionRuleDocument,
    "\n  mutation RunRetention($inactiveMonths: Int!, $batchSize: Int!) {\n    runRetention(inactiveMonths: $inactiveMonths, batchSize: $batchSize) {\n      anonymized\n      remaining\n      blocked\n    }\n  }\n": typeof types.RunRetentionDocument,
    "\n  query SecretRevealSettings {\n    organizationSettings {\n      secretRevealRequiresTotp\n    }\n  }\n": typeof types.SecretRevealSettingsDocument,
    "\n  mutation RevealSecret($id: ID!, $reason: String!, $totpCode: String) {\n    revealSecret(id: $id, reason: $reason, totpCode: $totpCode) {\n      secretId\n      value\n      revealedAt\n    }\n  }\n": typeof types.RevealSecretDocument,
    "\n  query SecretGroupChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n": typeof types.SecretGroupChoicesDocument,
    "\n  mutation CreateSecret($customerId: ID!, $input: SecretInput!) {\n    createSecret(customerId: $customerId, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n": typeof types.CreateSecretDocument,
    "\n  mutation UpdateSecret($id: ID!, $expectedVersion: Int!, $input: SecretInput!) {\n    updateSecret(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n": typeof types.UpdateSecretDocument,
    "\n  query CustomerSecrets($id: ID!) {\n    customer(id: $id) {\n      id\n      secrets {\n        ...SecretFields\n      }\n    }\n  }\n": typeof types.CustomerSecretsDocument,
    "\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n": typeof types.DeleteSecretDocument,
    "\n  fragment SecretSummaryFields on Secret {\n    id\n    customerId\n    title\n    kind\n    allowedGroups {\n      id\n      name\n    }\n    canReveal\n    createdAt\n    updatedAt\n    version\n  }\n": typeof types.SecretSummaryFieldsFragmentDoc,
    "\n  fragment SecretFields on Secret {\n    ...SecretSummaryFields\n    username\n    url\n    notes\n    recentReveals {\n      revealedAt\n      userName\n      reason\n    }\n  }\n": typeof types.SecretFieldsFragmentDoc,
    "\n  query PlanningBoard($includeDone: Boolean!) {\n    tasks(includeDone: $includeDone) {\n      ...TaskFields\n    }\n  }\n": typeof types.PlanningBoardDocument,
    "\n  mutation CreateTask($input: TaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  mutation UpdateTask($id: ID!, $expectedVersion: Int!, $input: TaskInput!, $done: Boolean!) {\n    updateTask(id: $id, expectedVersion: $expectedVersion, input: $input, done: $done) {\n      ...TaskFields\n    }\n  }\n": typeof types.UpdateTaskDocument,
    "\n  query CustomerTasks($id: ID!, $includeDone: Boolean!) {\n    customer(id: $id) {\n      id\n      tasks(includeDone: $includeDone) {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.CustomerTasksDocument,
    "\n  fragment TaskFields on Task {\n    id\n    kind\n    customerId\n    title\n    body\n    startsAt\n    endsAt\n    done\n    assignedTo\n    createdAt\n    updatedAt\n    version\n    customer {\n      id\n      number\n      displayName\n    }\n  }\n": typeof types.TaskFieldsFragmentDoc,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  query UserGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      rights\n    }\n  }\n": typeof types.UserGroupChoicesDocument,
    "\n  mutation SetUserGroups($userId: ID!, $groupIds: [ID!]!) {\n    setUserGroups(userId: $userId, groupIds: $groupIds) {\n      ...UserFields\n    }\n  }\n": typeof types.SetUserGroupsDocument,
    "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation SetUserActive($userId: ID!, $active: Boolean!) {\n    setUserActive(userId: $userId, active: $active) {\n      ...UserFields\n    }\n  }\n": typeof types.SetUserActiveDocument,
    "\n  mutation SetUserAdmin($userId: ID!, $isAdmin: Boolean!) {\n    setUserAdmin(userId: $userId, isAdmin: $isAdmin) {\n      ...UserFields\n    }\n  }\n": typeof types.SetUserAdminDocument,
    "\n  mutation ResetUserMfa($userId: ID!) {\n    resetUserMfa(userId: $userId)\n  }\n": typeof types.ResetUserMfaDocument,
    "\n  mutation EndUserSessions($userId: ID!) {\n    endUserSessions(userId: $userId)\n  }\n": typeof types.EndUserSessionsDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    isAdmin\n    active\n    mfaEnabled\n    lockedUntil\n    createdAt\n    activeSessions\n    groups {\n      id\n      name\n    }\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEvent!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n      secret\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($endpointId: ID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      id\n      eventType\n      status\n      attempts\n      lastStatus\n      lastError\n      nextAttemptAt\n      createdAt\n      deliveredAt\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    active\n    createdAt\n    pendingDeliveries\n    lastDeliveredAt\n  }\n": typeof types.WebhookEndpointFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      isAdmin\n      mfaEnabled\n      rights\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $code: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, code: $code, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      expiresAt\n      ip\n      userAgent\n      current\n    }\n  }\n": types.MySessionsDocument,
    "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": types.EndSessionDocument,
    "\n  mutation EndOtherSessions {\n    endOtherSessions\n  }\n": types.EndOtherSessionsDocument,
    "\n  query AnonymizationReceipts($first: Int!) {\n    anonymizationReceipts(first: $first) {\n      id\n      customerId\n      customerNumber\n      maskedName\n      performedAt\n      actorKind\n      actorId\n      removed {\n        category\n        count\n      }\n      kept {\n        category\n        count\n      }\n      mentionsLeft {\n        source\n        recordId\n        label\n        field\n      }\n    }\n  }\n": types.AnonymizationReceiptsDocument,
    "\n  query AnonymizationPreview($customerId: ID!) {\n    anonymizationPreview(customerId: $customerId) {\n      customerId\n      customerNumber\n      displayName\n      removes {\n        category\n        count\n      }\n      keeps {\n        category\n        count\n      }\n      mentions {\n        source\n        recordId\n        label\n        field\n        customerId\n        excerpt\n        kinds\n        count\n      }\n      hiddenMentions\n    }\n  }\n": types.AnonymizationPreviewDocument,
    "\n  mutation RedactMentions($customerId: ID!, $source: MentionSource!, $recordId: ID!, $field: String!) {\n    redactMentions(customerId: $customerId, source: $source, recordId: $recordId, field: $field)\n  }\n": types.RedactMentionsDocument,
    "\n  mutation AnonymizeCustomer($id: ID!, $confirmNumber: Int!) {\n    anonymizeCustomer(id: $id, confirmNumber: $confirmNumber) {\n      alreadyAnonymized\n      receipt {\n        id\n        performedAt\n      }\n      customer {\n        ...CustomerFields\n      }\n    }\n  }\n": types.AnonymizeCustomerDocument,
    "\n  query ApiKeyChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n": types.ApiKeyChoicesDocument,
    "\n  mutation CreateApiKey($input: ApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    groups {\n      id\n      name\n    }\n    status\n    expiresAt\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query AuditUsers {\n    users {\n      id\n      name\n      email\n    }\n  }\n": types.AuditUsersDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int!, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        occurredAt\n        actorKind\n        actorId\n        actorName\n        action\n        entityType\n        entityId\n        outcome\n        ip\n        requestId\n        details\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation CompleteSetup($input: CompleteSetupInput!) {\n    completeSetup(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n": types.CompleteSetupDocument,
    "\n  query BackupOverview($first: Int!) {\n    backupOverview(first: $first) {\n      scheduled\n      hourlyKeep\n      dailyKeep\n      drillIntervalHours\n      nextBackupAt\n      nextBackupKind\n      nextDrillAt\n      running\n      drillRunning\n      offSite\n      destinations {\n        name\n        kind\n        location\n        lastVerified {\n          id\n          fileName\n          startedAt\n          sizeBytes\n        }\n        lastCopy {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      backups {\n        id\n        fileName\n        kind\n        trigger\n        status\n        startedAt\n        finishedAt\n        sizeBytes\n        rows\n        durationMs\n        error\n        copies {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      drills {\n        id\n        startedAt\n        finishedAt\n        scenario\n        destination\n        backupFile\n        passed\n        checks {\n          name\n          passed\n          detail\n        }\n        durationMs\n        rows\n        error\n        trigger\n      }\n    }\n  }\n": types.BackupOverviewDocument,
    "\n  mutation RunBackup {\n    runBackup\n  }\n": types.RunBackupDocument,
    "\n  mutation RunBackupDrill($destination: String, $scenario: DrillScenario) {\n    runBackupDrill(destination: $destination, scenario: $scenario)\n  }\n": types.RunBackupDrillDocument,
    "\n  query ConsentForm($customerId: ID, $language: FormLanguage!) {\n    consentForm(customerId: $customerId, language: $language) {\n      language\n      title\n      controller {\n        ...OrganizationSettingsFields\n      }\n      supervisoryAuthorityName\n      supervisoryAuthorityUrl\n      purposes {\n        key\n        name\n        description\n        requiresOptIn\n      }\n      recipients {\n        id\n        name\n        country\n        role\n        purpose\n        thirdCountryTransfer\n        transferSafeguard\n      }\n      declaration {\n        id\n        version\n        text\n        contentHash\n      }\n      customer {\n        id\n        number\n        displayName\n        contactNames\n      }\n      sections {\n        heading\n        paragraphs\n      }\n      generatedAt\n    }\n  }\n": types.ConsentFormDocument,
    "\n  query ConsentChanges($from: DateTime!, $to: DateTime!, $interval: ReportInterval!) {\n    consentChanges(from: $from, to: $to, interval: $interval) {\n      periodStart\n      purpose {\n        ...ConsentPurposeRef\n      }\n      granted\n      withdrawn\n      denied\n    }\n  }\n": types.ConsentChangesDocument,
    "\n  query ConsentReportPurposes {\n    consentPurposes {\n      ...ConsentPurposeRef\n    }\n  }\n": types.ConsentReportPurposesDocument,
    "\n  query ConsentContactsCsv($filter: ConsentContactFilter!) {\n    consentContactsCsv(filter: $filter)\n  }\n": types.ConsentContactsCsvDocument,
    "\n  query ConsentStatistics {\n    consentStatistics {\n      contacts\n      declarationVersion\n      purposes {\n        purpose {\n          ...ConsentPurposeRef\n        }\n        granted\n        withdrawn\n        denied\n        notAsked\n        outdated\n        expired\n      }\n    }\n  }\n": types.ConsentStatisticsDocument,
    "\n  query ConsentContacts($filter: ConsentContactFilter!, $first: Int!, $after: String) {\n    consentContacts(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        customerId\n        customerNumber\n        customerName\n        contact {\n          id\n          name\n          email\n          phone\n          consents {\n            ...ContactConsentFields\n          }\n        }\n      }\n    }\n  }\n": types.ConsentContactsDocument,
    "\n  query ContactConsentHistory($id: ID!, $contactId: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n    }\n    contact(id: $contactId) {\n      id\n      customerId\n      name\n      email\n      archived\n      consents {\n        ...ContactConsentFields\n      }\n      consentHistory {\n        ...ConsentEventFields\n      }\n    }\n  }\n": types.ContactConsentHistoryDocument,
    "\n  query ConsentPurposesAdmin {\n    consentPurposes(includeInactive: true) {\n      ...ConsentPurposeFields\n    }\n  }\n": types.ConsentPurposesAdminDocument,
    "\n  query CustomerConsents($id: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n      state\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n": types.CustomerConsentsDocument,
    "\n  query CurrentConsentDeclaration {\n    consentDeclaration {\n      id\n      version\n    }\n  }\n": types.CurrentConsentDeclarationDocument,
    "\n  mutation RecordConsents($customerId: ID!, $input: RecordConsentsInput!) {\n    recordConsents(customerId: $customerId, input: $input) {\n      events {\n        id\n      }\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n": types.RecordConsentsDocument,
    "\n  query ConsentDeclarations {\n    consentDeclarations {\n      ...ConsentDeclarationFields\n    }\n  }\n": types.ConsentDeclarationsDocument,
    "\n  mutation PublishConsentDeclaration($text: String!) {\n    publishConsentDeclaration(text: $text) {\n      ...ConsentDeclarationFields\n    }\n  }\n": types.PublishConsentDeclarationDocument,
    "\n  mutation CreateConsentPurpose($input: ConsentPurposeInput!) {\n    createConsentPurpose(input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n": types.CreateConsentPurposeDocument,
    "\n  mutation UpdateConsentPurpose($id: ID!, $expectedVersion: Int!, $input: ConsentPurposeInput!) {\n    updateConsentPurpose(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n": types.UpdateConsentPurposeDocument,
    "\n  fragment ConsentPurposeRef on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n  }\n": types.ConsentPurposeRefFragmentDoc,
    "\n  fragment ContactConsentFields on ContactConsent {\n    purpose {\n      ...ConsentPurposeRef\n    }\n    status\n    decision\n    declarationVersion\n    validUntil\n    changedAt\n    source\n  }\n": types.ContactConsentFieldsFragmentDoc,
    "\n  fragment ConsentEventFields on ConsentEvent {\n    id\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    legalBasis\n    source\n    actorKind\n    actorName\n    declarationVersion\n    evidence\n    validUntil\n    occurredAt\n  }\n": types.ConsentEventFieldsFragmentDoc,
    "\n  fragment ConsentChangedFields on ConsentChanged {\n    eventId\n    customerId\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    source\n    declarationVersion\n    occurredAt\n  }\n": types.ConsentChangedFieldsFragmentDoc,
    "\n  fragment ConsentPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n    active\n    sortOrder\n    version\n    createdAt\n    updatedAt\n  }\n": types.ConsentPurposeFieldsFragmentDoc,
    "\n  fragment ConsentDeclarationFields on ConsentDeclaration {\n    id\n    version\n    text\n    contentHash\n    createdAt\n    createdByName\n    current\n  }\n": types.ConsentDeclarationFieldsFragmentDoc,
    "\n  subscription CustomerConsentChanged($customerId: ID!) {\n    consentChanged(customerId: $customerId) {\n      ...ConsentChangedFields\n    }\n  }\n": types.CustomerConsentChangedDocument,
    "\n  mutation CreateContact($customerId: ID!, $input: ContactInput!) {\n    createContact(customerId: $customerId, input: $input) {\n      ...ContactFields\n    }\n  }\n": types.CreateContactDocument,
    "\n  mutation UpdateContact($id: ID!, $expectedVersion: Int!, $input: ContactInput!) {\n    updateContact(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ContactFields\n    }\n  }\n": types.UpdateContactDocument,
    "\n  query CustomerContacts($id: ID!, $includeArchived: Boolean!) {\n    customer(id: $id) {\n      id\n      contacts(includeArchived: $includeArchived) {\n        ...ContactFields\n      }\n    }\n  }\n": types.CustomerContactsDocument,
    "\n  mutation ArchiveContact($id: ID!, $expectedVersion: Int!) {\n    archiveContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n": types.ArchiveContactDocument,
    "\n  mutation RestoreContact($id: ID!, $expectedVersion: Int!) {\n    restoreContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n": types.RestoreContactDocument,
    "\n  mutation InviteContactToPortal($contactId: ID!) {\n    inviteContactToPortal(contactId: $contactId) {\n      ...PortalInvitationFields\n    }\n  }\n": types.InviteContactToPortalDocument,
    "\n  fragment ContactFields on Contact {\n    id\n    customerId\n    name\n    title\n    email\n    phone\n    recipientOf\n    externalId\n    archived\n    consents {\n      ...ContactConsentFields\n    }\n    version\n    createdAt\n    updatedAt\n  }\n": types.ContactFieldsFragmentDoc,
    "\n  fragment PortalInvitationFields on PortalInvitation {\n    link\n    expiresAt\n    messageStatus\n    messageId\n  }\n": types.PortalInvitationFieldsFragmentDoc,
    "\n  query CustomerGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      members {\n        id\n      }\n    }\n  }\n": types.CustomerGroupChoicesDocument,
    "\n  mutation SetCustomerGroups($id: ID!, $expectedVersion: Int!, $groupIds: [ID!]!) {\n    setCustomerGroups(id: $id, expectedVersion: $expectedVersion, groupIds: $groupIds) {\n      ...CustomerFields\n    }\n  }\n": types.SetCustomerGroupsDocument,
    "\n  query CustomerCard($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n": types.CustomerCardDocument,
    "\n  query CustomerExport($customerId: ID!) {\n    customerExport(customerId: $customerId)\n  }\n": types.CustomerExportDocument,
    "\n  mutation ArchiveCustomer($id: ID!, $expectedVersion: Int!) {\n    archiveCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n": types.ArchiveCustomerDocument,
    "\n  mutation RestoreCustomer($id: ID!, $expectedVersion: Int!) {\n    restoreCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n": types.RestoreCustomerDocument,
    "\n  query CustomerForEdit($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n": types.CustomerForEditDocument,
    "\n  mutation CreateCustomer($input: CustomerInput!) {\n    createCustomer(input: $input) {\n      ...CustomerFields\n    }\n  }\n": types.CreateCustomerDocument,
    "\n  mutation UpdateCustomer($id: ID!, $expectedVersion: Int!, $input: CustomerInput!) {\n    updateCustomer(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...CustomerFields\n    }\n  }\n": types.UpdateCustomerDocument,
    "\n  fragment AddressFields on Address {\n    line1\n    line2\n    postalCode\n    city\n    country\n  }\n": types.AddressFieldsFragmentDoc,
    "\n  fragment CustomerFields on Customer {\n    id\n    number\n    kind\n    country\n    firstName\n    lastName\n    companyName\n    displayName\n    identityNumber\n    email\n    phone\n    invoiceAddress {\n      ...AddressFields\n    }\n    postalAddress {\n      ...AddressFields\n    }\n    note\n    state\n    anonymizedAt\n    accessGroups {\n      id\n      name\n    }\n    version\n    createdAt\n    updatedAt\n  }\n": types.CustomerFieldsFragmentDoc,
    "\n  query CustomerSearch($search: String, $includeArchived: Boolean!, $first: Int!, $after: String) {\n    customers(search: $search, includeArchived: $includeArchived, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        displayName\n        kind\n        email\n        phone\n        state\n        invoiceAddress {\n          city\n        }\n        postalAddress {\n          city\n        }\n      }\n    }\n  }\n": types.CustomerSearchDocument,
    "\n  mutation CreateAccessGroup($input: AccessGroupInput!) {\n    createAccessGroup(input: $input) {\n      ...AccessGroupFields\n    }\n  }\n": types.CreateAccessGroupDocument,
    "\n  mutation UpdateAccessGroup($id: ID!, $expectedVersion: Int!, $input: AccessGroupInput!) {\n    updateAccessGroup(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...AccessGroupFields\n    }\n  }\n": types.UpdateAccessGroupDocument,
    "\n  query AccessGroups {\n    accessGroups {\n      ...AccessGroupFields\n    }\n  }\n": types.AccessGroupsDocument,
    "\n  mutation DeleteAccessGroup($id: ID!) {\n    deleteAccessGroup(id: $id)\n  }\n": types.DeleteAccessGroupDocument,
    "\n  fragment AccessGroupFields on AccessGroup {\n    id\n    name\n    description\n    rights\n    members {\n      id\n      name\n      email\n      active\n    }\n    restrictedCustomerCount\n    version\n    createdAt\n    updatedAt\n  }\n": types.AccessGroupFieldsFragmentDoc,
    "\n  mutation CreateInvoice($customerId: ID!, $input: InvoiceInput!) {\n    createInvoice(customerId: $customerId, input: $input) {\n      ...InvoiceFields\n    }\n  }\n": types.CreateInvoiceDocument,
    "\n  query CustomerInvoices($id: ID!) {\n    customer(id: $id) {\n      id\n      invoices {\n        ...InvoiceFields\n      }\n    }\n  }\n": types.CustomerInvoicesDocument,
    "\n  mutation SetInvoicePaid($id: ID!, $paid: Boolean!) {\n    setInvoicePaid(id: $id, paid: $paid) {\n      ...InvoiceFields\n    }\n  }\n": types.SetInvoicePaidDocument,
    "\n  fragment InvoiceFields on Invoice {\n    id\n    number\n    customerId\n    orderId\n    invoiceDate\n    dueDate\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    status\n    paidAt\n    buyerName\n    buyerAddress\n    retainUntil\n    buyerPurgedAt\n    createdAt\n  }\n": types.InvoiceFieldsFragmentDoc,
    "\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrSvg\n    }\n  }\n": types.BeginTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      viewer {\n        id\n        email\n        mfaEnabled\n      }\n      recoveryCodes\n    }\n  }\n": types.ConfirmTotpEnrollmentDocument,
    "\n  mutation CancelEnrollment {\n    logout\n  }\n": types.CancelEnrollmentDocument,
    "\n  mutation RegenerateRecoveryCodes($password: String!, $code: String!) {\n    regenerateRecoveryCodes(password: $password, code: $code)\n  }\n": types.RegenerateRecoveryCodesDocument,
    "\n  mutation VerifyTotp($code: String!) {\n    verifyTotp(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n": types.VerifyTotpDocument,
    "\n  mutation RedeemRecoveryCode($code: String!) {\n    useRecoveryCode(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n": types.RedeemRecoveryCodeDocument,
    "\n  mutation CancelLogin {\n    logout\n  }\n": types.CancelLoginDocument,
    "\n  mutation PortalAcceptInvitation($token: String!, $password: String!) {\n    portalAcceptInvitation(token: $token, password: $password)\n  }\n": types.PortalAcceptInvitationDocument,
    "\n  mutation PortalRedeemLoginLink($token: String!) {\n    portalRedeemLoginLink(token: $token)\n  }\n": types.PortalRedeemLoginLinkDocument,
    "\n  mutation PortalLogin($email: String!, $password: String!) {\n    portalLogin(email: $email, password: $password)\n  }\n": types.PortalLoginDocument,
    "\n  mutation PortalRequestLoginLink($email: String!) {\n    portalRequestLoginLink(email: $email)\n  }\n": types.PortalRequestLoginLinkDocument,
    "\n  query PortalMe {\n    portalMe {\n      ...PortalOverviewFields\n    }\n  }\n": types.PortalMeDocument,
    "\n  mutation PortalSetConsent($purpose: String!, $decision: ConsentDecision!) {\n    portalSetConsent(purpose: $purpose, decision: $decision) {\n      ...PortalOverviewFields\n    }\n  }\n": types.PortalSetConsentDocument,
    "\n  query PortalMyData {\n    portalMyData\n  }\n": types.PortalMyDataDocument,
    "\n  mutation PortalLogout {\n    portalLogout\n  }\n": types.PortalLogoutDocument,
    "\n  fragment PortalPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n  }\n": types.PortalPurposeFieldsFragmentDoc,
    "\n  fragment PortalOverviewFields on PortalOverview {\n    name\n    email\n    customerName\n    declarationVersion\n    declarationText\n    consents {\n      purpose {\n        ...PortalPurposeFields\n      }\n      status\n      source\n      declarationVersion\n      changedAt\n    }\n    history {\n      id\n      purpose {\n        ...PortalPurposeFields\n      }\n      decision\n      source\n      declarationVersion\n      occurredAt\n    }\n  }\n": types.PortalOverviewFieldsFragmentDoc,
    "\n  mutation CreateOrder($customerId: ID!, $input: OrderInput!) {\n    createOrder(customerId: $customerId, input: $input) {\n      ...OrderFields\n    }\n  }\n": types.CreateOrderDocument,
    "\n  mutation UpdateOrder($id: ID!, $expectedVersion: Int!, $input: OrderInput!, $status: OrderStatus!) {\n    updateOrder(id: $id, expectedVersion: $expectedVersion, input: $input, status: $status) {\n      ...OrderFields\n    }\n  }\n": types.UpdateOrderDocument,
    "\n  query CustomerOrders($id: ID!) {\n    customer(id: $id) {\n      id\n      orders {\n        ...OrderFields\n      }\n    }\n  }\n": types.CustomerOrdersDocument,
    "\n  fragment DocumentLineFields on DocumentLine {\n    position\n    description\n    quantity\n    unitPrice\n    vatRate\n    net\n    vat\n  }\n": types.DocumentLineFieldsFragmentDoc,
    "\n  fragment OrderFields on Order {\n    id\n    number\n    customerId\n    orderDate\n    status\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    createdAt\n    updatedAt\n    version\n  }\n": types.OrderFieldsFragmentDoc,
    "\n  query OutboxMessages($first: Int!, $before: DateTime) {\n    outgoingMessages(first: $first, before: $before) {\n      id\n      kind\n      toAddress\n      subject\n      body\n      status\n      attempts\n      lastError\n      createdAt\n      sentAt\n    }\n  }\n": types.OutboxMessagesDocument,
    "\n  mutation CreateDataPartner($input: DataPartnerInput!) {\n    createDataPartner(input: $input) {\n      ...DataPartnerFields\n    }\n  }\n": types.CreateDataPartnerDocument,
    "\n  mutation UpdateDataPartner($id: ID!, $expectedVersion: Int!, $input: DataPartnerInput!) {\n    updateDataPartner(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...DataPartnerFields\n    }\n  }\n": types.UpdateDataPartnerDocument,
    "\n  query DataPartners {\n    dataPartners {\n      ...DataPartnerFields\n    }\n  }\n": types.DataPartnersDocument,
    "\n  mutation DeleteDataPartner($id: ID!) {\n    deleteDataPartner(id: $id)\n  }\n": types.DeleteDataPartnerDocument,
    "\n  query OrganizationSettings {\n    organizationSettings {\n      ...OrganizationSettingsFields\n    }\n  }\n": types.OrganizationSettingsDocument,
    "\n  mutation UpdateOrganizationSettings($expectedVersion: Int!, $input: OrganizationSettingsInput!) {\n    updateOrganizationSettings(expectedVersion: $expectedVersion, input: $input) {\n      ...OrganizationSettingsFields\n    }\n  }\n": types.UpdateOrganizationSettingsDocument,
    "\n  fragment OrganizationSettingsFields on OrganizationSettings {\n    companyName\n    orgNumber\n    address\n    email\n    phone\n    privacyPolicyUrl\n    dpoName\n    dpoEmail\n    supervisoryAuthority\n    bookkeepingRetentionYears\n    auditLogRetentionMonths\n    secretRevealRequiresTotp\n    version\n    updatedAt\n  }\n": types.OrganizationSettingsFieldsFragmentDoc,
    "\n  fragment DataPartnerFields on DataPartner {\n    id\n    name\n    orgNumber\n    country\n    role\n    purpose\n    dataCategories\n    thirdCountryTransfer\n    transferSafeguard\n    agreementStatus\n    signedOn\n    reviewOn\n    documentReference\n    notes\n    attention\n    version\n    createdAt\n    updatedAt\n  }\n": types.DataPartnerFieldsFragmentDoc,
    "\n  query RetentionRule {\n    retentionRule {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n": types.RetentionRuleDocument,
    "\n  query RetentionPreview($inactiveMonths: Int!, $first: Int!) {\n    retentionPreview(inactiveMonths: $inactiveMonths, first: $first) {\n      inactiveMonths\n      eligible\n      blocked\n      customers {\n        customerId\n        customerNumber\n        displayName\n        lastActivityAt\n        blocked\n      }\n    }\n  }\n": types.RetentionPreviewDocument,
    "\n  mutation SetRetentionRule($inactiveMonths: Int!, $autoRun: Boolean!) {\n    setRetentionRule(inactiveMonths: $inactiveMonths, autoRun: $autoRun) {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n": types.SetRetentionRuleDocument,
    "\n  mutation RunRetention($inactiveMonths: Int!, $batchSize: Int!) {\n    runRetention(inactiveMonths: $inactiveMonths, batchSize: $batchSize) {\n      anonymized\n      remaining\n      blocked\n    }\n  }\n": types.RunRetentionDocument,
    "\n  query SecretRevealSettings {\n    organizationSettings {\n      secretRevealRequiresTotp\n    }\n  }\n": types.SecretRevealSettingsDocument,
    "\n  mutation RevealSecret($id: ID!, $reason: String!, $totpCode: String) {\n    revealSecret(id: $id, reason: $reason, totpCode: $totpCode) {\n      secretId\n      value\n      revealedAt\n    }\n  }\n": types.RevealSecretDocument,
    "\n  query SecretGroupChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n": types.SecretGroupChoicesDocument,
    "\n  mutation CreateSecret($customerId: ID!, $input: SecretInput!) {\n    createSecret(customerId: $customerId, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n": types.CreateSecretDocument,
    "\n  mutation UpdateSecret($id: ID!, $expectedVersion: Int!, $input: SecretInput!) {\n    updateSecret(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n": types.UpdateSecretDocument,
    "\n  query CustomerSecrets($id: ID!) {\n    customer(id: $id) {\n      id\n      secrets {\n        ...SecretFields\n      }\n    }\n  }\n": types.CustomerSecretsDocument,
    "\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n": types.DeleteSecretDocument,
    "\n  fragment SecretSummaryFields on Secret {\n    id\n    customerId\n    title\n    kind\n    allowedGroups {\n      id\n      name\n    }\n    canReveal\n    createdAt\n    updatedAt\n    version\n  }\n": types.SecretSummaryFieldsFragmentDoc,
    "\n  fragment SecretFields on Secret {\n    ...SecretSummaryFields\n    username\n    url\n    notes\n    recentReveals {\n      revealedAt\n      userName\n      reason\n    }\n  }\n": types.SecretFieldsFragmentDoc,
    "\n  query PlanningBoard($includeDone: Boolean!) {\n    tasks(includeDone: $includeDone) {\n      ...TaskFields\n    }\n  }\n": types.PlanningBoardDocument,
    "\n  mutation CreateTask($input: TaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n": types.CreateTaskDocument,
    "\n  mutation UpdateTask($id: ID!, $expectedVersion: Int!, $input: TaskInput!, $done: Boolean!) {\n    updateTask(id: $id, expectedVersion: $expectedVersion, input: $input, done: $done) {\n      ...TaskFields\n    }\n  }\n": types.UpdateTaskDocument,
    "\n  query CustomerTasks($id: ID!, $includeDone: Boolean!) {\n    customer(id: $id) {\n      id\n      tasks(includeDone: $includeDone) {\n        ...TaskFields\n      }\n    }\n  }\n": types.CustomerTasksDocument,
    "\n  fragment TaskFields on Task {\n    id\n    kind\n    customerId\n    title\n    body\n    startsAt\n    endsAt\n    done\n    assignedTo\n    createdAt\n    updatedAt\n    version\n    customer {\n      id\n      number\n      displayName\n    }\n  }\n": types.TaskFieldsFragmentDoc,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": types.CreateUserDocument,
    "\n  query UserGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      rights\n    }\n  }\n": types.UserGroupChoicesDocument,
    "\n  mutation SetUserGroups($userId: ID!, $groupIds: [ID!]!) {\n    setUserGroups(userId: $userId, groupIds: $groupIds) {\n      ...UserFields\n    }\n  }\n": types.SetUserGroupsDocument,
    "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n": types.UsersDocument,
    "\n  mutation SetUserActive($userId: ID!, $active: Boolean!) {\n    setUserActive(userId: $userId, active: $active) {\n      ...UserFields\n    }\n  }\n": types.SetUserActiveDocument,
    "\n  mutation SetUserAdmin($userId: ID!, $isAdmin: Boolean!) {\n    setUserAdmin(userId: $userId, isAdmin: $isAdmin) {\n      ...UserFields\n    }\n  }\n": types.SetUserAdminDocument,
    "\n  mutation ResetUserMfa($userId: ID!) {\n    resetUserMfa(userId: $userId)\n  }\n": types.ResetUserMfaDocument,
    "\n  mutation EndUserSessions($userId: ID!) {\n    endUserSessions(userId: $userId)\n  }\n": types.EndUserSessionsDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    isAdmin\n    active\n    mfaEnabled\n    lockedUntil\n    createdAt\n    activeSessions\n    groups {\n      id\n      name\n    }\n  }\n": types.UserFieldsFragmentDoc,
    "\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEvent!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n      secret\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($endpointId: ID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      id\n      eventType\n      status\n      attempts\n      lastStatus\n      lastError\n      nextAttemptAt\n      createdAt\n      deliveredAt\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    active\n    createdAt\n    pendingDeliveries\n    lastDeliveredAt\n  }\n": types.WebhookEndpointFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      isAdmin\n      mfaEnabled\n      rights\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      email\n      name\n      isAdmin\n      mfaEnabled\n      rights\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $code: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, code: $code, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $code: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, code: $code, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      expiresAt\n      ip\n      userAgent\n      current\n    }\n  }\n"): (typeof documents)["\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastSeenAt\n      expiresAt\n      ip\n      userAgent\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndOtherSessions {\n    endOtherSessions\n  }\n"): (typeof documents)["\n  mutation EndOtherSessions {\n    endOtherSessions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnonymizationReceipts($first: Int!) {\n    anonymizationReceipts(first: $first) {\n      id\n      customerId\n      customerNumber\n      maskedName\n      performedAt\n      actorKind\n      actorId\n      removed {\n        category\n        count\n      }\n      kept {\n        category\n        count\n      }\n      mentionsLeft {\n        source\n        recordId\n        label\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  query AnonymizationReceipts($first: Int!) {\n    anonymizationReceipts(first: $first) {\n      id\n      customerId\n      customerNumber\n      maskedName\n      performedAt\n      actorKind\n      actorId\n      removed {\n        category\n        count\n      }\n      kept {\n        category\n        count\n      }\n      mentionsLeft {\n        source\n        recordId\n        label\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnonymizationPreview($customerId: ID!) {\n    anonymizationPreview(customerId: $customerId) {\n      customerId\n      customerNumber\n      displayName\n      removes {\n        category\n        count\n      }\n      keeps {\n        category\n        count\n      }\n      mentions {\n        source\n        recordId\n        label\n        field\n        customerId\n        excerpt\n        kinds\n        count\n      }\n      hiddenMentions\n    }\n  }\n"): (typeof documents)["\n  query AnonymizationPreview($customerId: ID!) {\n    anonymizationPreview(customerId: $customerId) {\n      customerId\n      customerNumber\n      displayName\n      removes {\n        category\n        count\n      }\n      keeps {\n        category\n        count\n      }\n      mentions {\n        source\n        recordId\n        label\n        field\n        customerId\n        excerpt\n        kinds\n        count\n      }\n      hiddenMentions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedactMentions($customerId: ID!, $source: MentionSource!, $recordId: ID!, $field: String!) {\n    redactMentions(customerId: $customerId, source: $source, recordId: $recordId, field: $field)\n  }\n"): (typeof documents)["\n  mutation RedactMentions($customerId: ID!, $source: MentionSource!, $recordId: ID!, $field: String!) {\n    redactMentions(customerId: $customerId, source: $source, recordId: $recordId, field: $field)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnonymizeCustomer($id: ID!, $confirmNumber: Int!) {\n    anonymizeCustomer(id: $id, confirmNumber: $confirmNumber) {\n      alreadyAnonymized\n      receipt {\n        id\n        performedAt\n      }\n      customer {\n        ...CustomerFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AnonymizeCustomer($id: ID!, $confirmNumber: Int!) {\n    anonymizeCustomer(id: $id, confirmNumber: $confirmNumber) {\n      alreadyAnonymized\n      receipt {\n        id\n        performedAt\n      }\n      customer {\n        ...CustomerFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeyChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n"): (typeof documents)["\n  query ApiKeyChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: ApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: ApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    groups {\n      id\n      name\n    }\n    status\n    expiresAt\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    groups {\n      id\n      name\n    }\n    status\n    expiresAt\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditUsers {\n    users {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  query AuditUsers {\n    users {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilter, $first: Int!, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        occurredAt\n        actorKind\n        actorId\n        actorName\n        action\n        entityType\n        entityId\n        outcome\n        ip\n        requestId\n        details\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditFilter, $first: Int!, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        occurredAt\n        actorKind\n        actorId\n        actorName\n        action\n        entityType\n        entityId\n        outcome\n        ip\n        requestId\n        details\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteSetup($input: CompleteSetupInput!) {\n    completeSetup(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteSetup($input: CompleteSetupInput!) {\n    completeSetup(input: $input) {\n      next\n      viewer {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupOverview($first: Int!) {\n    backupOverview(first: $first) {\n      scheduled\n      hourlyKeep\n      dailyKeep\n      drillIntervalHours\n      nextBackupAt\n      nextBackupKind\n      nextDrillAt\n      running\n      drillRunning\n      offSite\n      destinations {\n        name\n        kind\n        location\n        lastVerified {\n          id\n          fileName\n          startedAt\n          sizeBytes\n        }\n        lastCopy {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      backups {\n        id\n        fileName\n        kind\n        trigger\n        status\n        startedAt\n        finishedAt\n        sizeBytes\n        rows\n        durationMs\n        error\n        copies {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      drills {\n        id\n        startedAt\n        finishedAt\n        scenario\n        destination\n        backupFile\n        passed\n        checks {\n          name\n          passed\n          detail\n        }\n        durationMs\n        rows\n        error\n        trigger\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupOverview($first: Int!) {\n    backupOverview(first: $first) {\n      scheduled\n      hourlyKeep\n      dailyKeep\n      drillIntervalHours\n      nextBackupAt\n      nextBackupKind\n      nextDrillAt\n      running\n      drillRunning\n      offSite\n      destinations {\n        name\n        kind\n        location\n        lastVerified {\n          id\n          fileName\n          startedAt\n          sizeBytes\n        }\n        lastCopy {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      backups {\n        id\n        fileName\n        kind\n        trigger\n        status\n        startedAt\n        finishedAt\n        sizeBytes\n        rows\n        durationMs\n        error\n        copies {\n          destination\n          status\n          attempts\n          verifiedAt\n          error\n        }\n      }\n      drills {\n        id\n        startedAt\n        finishedAt\n        scenario\n        destination\n        backupFile\n        passed\n        checks {\n          name\n          passed\n          detail\n        }\n        durationMs\n        rows\n        error\n        trigger\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunBackup {\n    runBackup\n  }\n"): (typeof documents)["\n  mutation RunBackup {\n    runBackup\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunBackupDrill($destination: String, $scenario: DrillScenario) {\n    runBackupDrill(destination: $destination, scenario: $scenario)\n  }\n"): (typeof documents)["\n  mutation RunBackupDrill($destination: String, $scenario: DrillScenario) {\n    runBackupDrill(destination: $destination, scenario: $scenario)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentForm($customerId: ID, $language: FormLanguage!) {\n    consentForm(customerId: $customerId, language: $language) {\n      language\n      title\n      controller {\n        ...OrganizationSettingsFields\n      }\n      supervisoryAuthorityName\n      supervisoryAuthorityUrl\n      purposes {\n        key\n        name\n        description\n        requiresOptIn\n      }\n      recipients {\n        id\n        name\n        country\n        role\n        purpose\n        thirdCountryTransfer\n        transferSafeguard\n      }\n      declaration {\n        id\n        version\n        text\n        contentHash\n      }\n      customer {\n        id\n        number\n        displayName\n        contactNames\n      }\n      sections {\n        heading\n        paragraphs\n      }\n      generatedAt\n    }\n  }\n"): (typeof documents)["\n  query ConsentForm($customerId: ID, $language: FormLanguage!) {\n    consentForm(customerId: $customerId, language: $language) {\n      language\n      title\n      controller {\n        ...OrganizationSettingsFields\n      }\n      supervisoryAuthorityName\n      supervisoryAuthorityUrl\n      purposes {\n        key\n        name\n        description\n        requiresOptIn\n      }\n      recipients {\n        id\n        name\n        country\n        role\n        purpose\n        thirdCountryTransfer\n        transferSafeguard\n      }\n      declaration {\n        id\n        version\n        text\n        contentHash\n      }\n      customer {\n        id\n        number\n        displayName\n        contactNames\n      }\n      sections {\n        heading\n        paragraphs\n      }\n      generatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentChanges($from: DateTime!, $to: DateTime!, $interval: ReportInterval!) {\n    consentChanges(from: $from, to: $to, interval: $interval) {\n      periodStart\n      purpose {\n        ...ConsentPurposeRef\n      }\n      granted\n      withdrawn\n      denied\n    }\n  }\n"): (typeof documents)["\n  query ConsentChanges($from: DateTime!, $to: DateTime!, $interval: ReportInterval!) {\n    consentChanges(from: $from, to: $to, interval: $interval) {\n      periodStart\n      purpose {\n        ...ConsentPurposeRef\n      }\n      granted\n      withdrawn\n      denied\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentReportPurposes {\n    consentPurposes {\n      ...ConsentPurposeRef\n    }\n  }\n"): (typeof documents)["\n  query ConsentReportPurposes {\n    consentPurposes {\n      ...ConsentPurposeRef\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentContactsCsv($filter: ConsentContactFilter!) {\n    consentContactsCsv(filter: $filter)\n  }\n"): (typeof documents)["\n  query ConsentContactsCsv($filter: ConsentContactFilter!) {\n    consentContactsCsv(filter: $filter)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentStatistics {\n    consentStatistics {\n      contacts\n      declarationVersion\n      purposes {\n        purpose {\n          ...ConsentPurposeRef\n        }\n        granted\n        withdrawn\n        denied\n        notAsked\n        outdated\n        expired\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsentStatistics {\n    consentStatistics {\n      contacts\n      declarationVersion\n      purposes {\n        purpose {\n          ...ConsentPurposeRef\n        }\n        granted\n        withdrawn\n        denied\n        notAsked\n        outdated\n        expired\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentContacts($filter: ConsentContactFilter!, $first: Int!, $after: String) {\n    consentContacts(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        customerId\n        customerNumber\n        customerName\n        contact {\n          id\n          name\n          email\n          phone\n          consents {\n            ...ContactConsentFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsentContacts($filter: ConsentContactFilter!, $first: Int!, $after: String) {\n    consentContacts(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        customerId\n        customerNumber\n        customerName\n        contact {\n          id\n          name\n          email\n          phone\n          consents {\n            ...ContactConsentFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactConsentHistory($id: ID!, $contactId: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n    }\n    contact(id: $contactId) {\n      id\n      customerId\n      name\n      email\n      archived\n      consents {\n        ...ContactConsentFields\n      }\n      consentHistory {\n        ...ConsentEventFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactConsentHistory($id: ID!, $contactId: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n    }\n    contact(id: $contactId) {\n      id\n      customerId\n      name\n      email\n      archived\n      consents {\n        ...ContactConsentFields\n      }\n      consentHistory {\n        ...ConsentEventFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentPurposesAdmin {\n    consentPurposes(includeInactive: true) {\n      ...ConsentPurposeFields\n    }\n  }\n"): (typeof documents)["\n  query ConsentPurposesAdmin {\n    consentPurposes(includeInactive: true) {\n      ...ConsentPurposeFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerConsents($id: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n      state\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerConsents($id: ID!) {\n    customer(id: $id) {\n      id\n      number\n      displayName\n      state\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentConsentDeclaration {\n    consentDeclaration {\n      id\n      version\n    }\n  }\n"): (typeof documents)["\n  query CurrentConsentDeclaration {\n    consentDeclaration {\n      id\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordConsents($customerId: ID!, $input: RecordConsentsInput!) {\n    recordConsents(customerId: $customerId, input: $input) {\n      events {\n        id\n      }\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordConsents($customerId: ID!, $input: RecordConsentsInput!) {\n    recordConsents(customerId: $customerId, input: $input) {\n      events {\n        id\n      }\n      contacts {\n        ...ContactFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentDeclarations {\n    consentDeclarations {\n      ...ConsentDeclarationFields\n    }\n  }\n"): (typeof documents)["\n  query ConsentDeclarations {\n    consentDeclarations {\n      ...ConsentDeclarationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishConsentDeclaration($text: String!) {\n    publishConsentDeclaration(text: $text) {\n      ...ConsentDeclarationFields\n    }\n  }\n"): (typeof documents)["\n  mutation PublishConsentDeclaration($text: String!) {\n    publishConsentDeclaration(text: $text) {\n      ...ConsentDeclarationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateConsentPurpose($input: ConsentPurposeInput!) {\n    createConsentPurpose(input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateConsentPurpose($input: ConsentPurposeInput!) {\n    createConsentPurpose(input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateConsentPurpose($id: ID!, $expectedVersion: Int!, $input: ConsentPurposeInput!) {\n    updateConsentPurpose(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateConsentPurpose($id: ID!, $expectedVersion: Int!, $input: ConsentPurposeInput!) {\n    updateConsentPurpose(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ConsentPurposeFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsentPurposeRef on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n  }\n"): (typeof documents)["\n  fragment ConsentPurposeRef on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactConsentFields on ContactConsent {\n    purpose {\n      ...ConsentPurposeRef\n    }\n    status\n    decision\n    declarationVersion\n    validUntil\n    changedAt\n    source\n  }\n"): (typeof documents)["\n  fragment ContactConsentFields on ContactConsent {\n    purpose {\n      ...ConsentPurposeRef\n    }\n    status\n    decision\n    declarationVersion\n    validUntil\n    changedAt\n    source\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsentEventFields on ConsentEvent {\n    id\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    legalBasis\n    source\n    actorKind\n    actorName\n    declarationVersion\n    evidence\n    validUntil\n    occurredAt\n  }\n"): (typeof documents)["\n  fragment ConsentEventFields on ConsentEvent {\n    id\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    legalBasis\n    source\n    actorKind\n    actorName\n    declarationVersion\n    evidence\n    validUntil\n    occurredAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsentChangedFields on ConsentChanged {\n    eventId\n    customerId\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    source\n    declarationVersion\n    occurredAt\n  }\n"): (typeof documents)["\n  fragment ConsentChangedFields on ConsentChanged {\n    eventId\n    customerId\n    contactId\n    purpose {\n      ...ConsentPurposeRef\n    }\n    decision\n    source\n    declarationVersion\n    occurredAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsentPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n    active\n    sortOrder\n    version\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ConsentPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n    active\n    sortOrder\n    version\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsentDeclarationFields on ConsentDeclaration {\n    id\n    version\n    text\n    contentHash\n    createdAt\n    createdByName\n    current\n  }\n"): (typeof documents)["\n  fragment ConsentDeclarationFields on ConsentDeclaration {\n    id\n    version\n    text\n    contentHash\n    createdAt\n    createdByName\n    current\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CustomerConsentChanged($customerId: ID!) {\n    consentChanged(customerId: $customerId) {\n      ...ConsentChangedFields\n    }\n  }\n"): (typeof documents)["\n  subscription CustomerConsentChanged($customerId: ID!) {\n    consentChanged(customerId: $customerId) {\n      ...ConsentChangedFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContact($customerId: ID!, $input: ContactInput!) {\n    createContact(customerId: $customerId, input: $input) {\n      ...ContactFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateContact($customerId: ID!, $input: ContactInput!) {\n    createContact(customerId: $customerId, input: $input) {\n      ...ContactFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContact($id: ID!, $expectedVersion: Int!, $input: ContactInput!) {\n    updateContact(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ContactFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContact($id: ID!, $expectedVersion: Int!, $input: ContactInput!) {\n    updateContact(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...ContactFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerContacts($id: ID!, $includeArchived: Boolean!) {\n    customer(id: $id) {\n      id\n      contacts(includeArchived: $includeArchived) {\n        ...ContactFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerContacts($id: ID!, $includeArchived: Boolean!) {\n    customer(id: $id) {\n      id\n      contacts(includeArchived: $includeArchived) {\n        ...ContactFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveContact($id: ID!, $expectedVersion: Int!) {\n    archiveContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveContact($id: ID!, $expectedVersion: Int!) {\n    archiveContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreContact($id: ID!, $expectedVersion: Int!) {\n    restoreContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreContact($id: ID!, $expectedVersion: Int!) {\n    restoreContact(id: $id, expectedVersion: $expectedVersion) {\n      ...ContactFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteContactToPortal($contactId: ID!) {\n    inviteContactToPortal(contactId: $contactId) {\n      ...PortalInvitationFields\n    }\n  }\n"): (typeof documents)["\n  mutation InviteContactToPortal($contactId: ID!) {\n    inviteContactToPortal(contactId: $contactId) {\n      ...PortalInvitationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactFields on Contact {\n    id\n    customerId\n    name\n    title\n    email\n    phone\n    recipientOf\n    externalId\n    archived\n    consents {\n      ...ContactConsentFields\n    }\n    version\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ContactFields on Contact {\n    id\n    customerId\n    name\n    title\n    email\n    phone\n    recipientOf\n    externalId\n    archived\n    consents {\n      ...ContactConsentFields\n    }\n    version\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalInvitationFields on PortalInvitation {\n    link\n    expiresAt\n    messageStatus\n    messageId\n  }\n"): (typeof documents)["\n  fragment PortalInvitationFields on PortalInvitation {\n    link\n    expiresAt\n    messageStatus\n    messageId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      members {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      members {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCustomerGroups($id: ID!, $expectedVersion: Int!, $groupIds: [ID!]!) {\n    setCustomerGroups(id: $id, expectedVersion: $expectedVersion, groupIds: $groupIds) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetCustomerGroups($id: ID!, $expectedVersion: Int!, $groupIds: [ID!]!) {\n    setCustomerGroups(id: $id, expectedVersion: $expectedVersion, groupIds: $groupIds) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerCard($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  query CustomerCard($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerExport($customerId: ID!) {\n    customerExport(customerId: $customerId)\n  }\n"): (typeof documents)["\n  query CustomerExport($customerId: ID!) {\n    customerExport(customerId: $customerId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveCustomer($id: ID!, $expectedVersion: Int!) {\n    archiveCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveCustomer($id: ID!, $expectedVersion: Int!) {\n    archiveCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreCustomer($id: ID!, $expectedVersion: Int!) {\n    restoreCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreCustomer($id: ID!, $expectedVersion: Int!) {\n    restoreCustomer(id: $id, expectedVersion: $expectedVersion) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerForEdit($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  query CustomerForEdit($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomer($input: CustomerInput!) {\n    createCustomer(input: $input) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomer($input: CustomerInput!) {\n    createCustomer(input: $input) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCustomer($id: ID!, $expectedVersion: Int!, $input: CustomerInput!) {\n    updateCustomer(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...CustomerFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCustomer($id: ID!, $expectedVersion: Int!, $input: CustomerInput!) {\n    updateCustomer(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...CustomerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AddressFields on Address {\n    line1\n    line2\n    postalCode\n    city\n    country\n  }\n"): (typeof documents)["\n  fragment AddressFields on Address {\n    line1\n    line2\n    postalCode\n    city\n    country\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerFields on Customer {\n    id\n    number\n    kind\n    country\n    firstName\n    lastName\n    companyName\n    displayName\n    identityNumber\n    email\n    phone\n    invoiceAddress {\n      ...AddressFields\n    }\n    postalAddress {\n      ...AddressFields\n    }\n    note\n    state\n    anonymizedAt\n    accessGroups {\n      id\n      name\n    }\n    version\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment CustomerFields on Customer {\n    id\n    number\n    kind\n    country\n    firstName\n    lastName\n    companyName\n    displayName\n    identityNumber\n    email\n    phone\n    invoiceAddress {\n      ...AddressFields\n    }\n    postalAddress {\n      ...AddressFields\n    }\n    note\n    state\n    anonymizedAt\n    accessGroups {\n      id\n      name\n    }\n    version\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerSearch($search: String, $includeArchived: Boolean!, $first: Int!, $after: String) {\n    customers(search: $search, includeArchived: $includeArchived, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        displayName\n        kind\n        email\n        phone\n        state\n        invoiceAddress {\n          city\n        }\n        postalAddress {\n          city\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerSearch($search: String, $includeArchived: Boolean!, $first: Int!, $after: String) {\n    customers(search: $search, includeArchived: $includeArchived, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        displayName\n        kind\n        email\n        phone\n        state\n        invoiceAddress {\n          city\n        }\n        postalAddress {\n          city\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAccessGroup($input: AccessGroupInput!) {\n    createAccessGroup(input: $input) {\n      ...AccessGroupFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAccessGroup($input: AccessGroupInput!) {\n    createAccessGroup(input: $input) {\n      ...AccessGroupFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAccessGroup($id: ID!, $expectedVersion: Int!, $input: AccessGroupInput!) {\n    updateAccessGroup(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...AccessGroupFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAccessGroup($id: ID!, $expectedVersion: Int!, $input: AccessGroupInput!) {\n    updateAccessGroup(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...AccessGroupFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessGroups {\n    accessGroups {\n      ...AccessGroupFields\n    }\n  }\n"): (typeof documents)["\n  query AccessGroups {\n    accessGroups {\n      ...AccessGroupFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccessGroup($id: ID!) {\n    deleteAccessGroup(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteAccessGroup($id: ID!) {\n    deleteAccessGroup(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccessGroupFields on AccessGroup {\n    id\n    name\n    description\n    rights\n    members {\n      id\n      name\n      email\n      active\n    }\n    restrictedCustomerCount\n    version\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment AccessGroupFields on AccessGroup {\n    id\n    name\n    description\n    rights\n    members {\n      id\n      name\n      email\n      active\n    }\n    restrictedCustomerCount\n    version\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInvoice($customerId: ID!, $input: InvoiceInput!) {\n    createInvoice(customerId: $customerId, input: $input) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInvoice($customerId: ID!, $input: InvoiceInput!) {\n    createInvoice(customerId: $customerId, input: $input) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerInvoices($id: ID!) {\n    customer(id: $id) {\n      id\n      invoices {\n        ...InvoiceFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerInvoices($id: ID!) {\n    customer(id: $id) {\n      id\n      invoices {\n        ...InvoiceFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetInvoicePaid($id: ID!, $paid: Boolean!) {\n    setInvoicePaid(id: $id, paid: $paid) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetInvoicePaid($id: ID!, $paid: Boolean!) {\n    setInvoicePaid(id: $id, paid: $paid) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvoiceFields on Invoice {\n    id\n    number\n    customerId\n    orderId\n    invoiceDate\n    dueDate\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    status\n    paidAt\n    buyerName\n    buyerAddress\n    retainUntil\n    buyerPurgedAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment InvoiceFields on Invoice {\n    id\n    number\n    customerId\n    orderId\n    invoiceDate\n    dueDate\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    status\n    paidAt\n    buyerName\n    buyerAddress\n    retainUntil\n    buyerPurgedAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrSvg\n    }\n  }\n"): (typeof documents)["\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrSvg\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      viewer {\n        id\n        email\n        mfaEnabled\n      }\n      recoveryCodes\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      viewer {\n        id\n        email\n        mfaEnabled\n      }\n      recoveryCodes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelEnrollment {\n    logout\n  }\n"): (typeof documents)["\n  mutation CancelEnrollment {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateRecoveryCodes($password: String!, $code: String!) {\n    regenerateRecoveryCodes(password: $password, code: $code)\n  }\n"): (typeof documents)["\n  mutation RegenerateRecoveryCodes($password: String!, $code: String!) {\n    regenerateRecoveryCodes(password: $password, code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyTotp($code: String!) {\n    verifyTotp(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyTotp($code: String!) {\n    verifyTotp(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeemRecoveryCode($code: String!) {\n    useRecoveryCode(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RedeemRecoveryCode($code: String!) {\n    useRecoveryCode(code: $code) {\n      next\n      viewer {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelLogin {\n    logout\n  }\n"): (typeof documents)["\n  mutation CancelLogin {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalAcceptInvitation($token: String!, $password: String!) {\n    portalAcceptInvitation(token: $token, password: $password)\n  }\n"): (typeof documents)["\n  mutation PortalAcceptInvitation($token: String!, $password: String!) {\n    portalAcceptInvitation(token: $token, password: $password)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRedeemLoginLink($token: String!) {\n    portalRedeemLoginLink(token: $token)\n  }\n"): (typeof documents)["\n  mutation PortalRedeemLoginLink($token: String!) {\n    portalRedeemLoginLink(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalLogin($email: String!, $password: String!) {\n    portalLogin(email: $email, password: $password)\n  }\n"): (typeof documents)["\n  mutation PortalLogin($email: String!, $password: String!) {\n    portalLogin(email: $email, password: $password)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRequestLoginLink($email: String!) {\n    portalRequestLoginLink(email: $email)\n  }\n"): (typeof documents)["\n  mutation PortalRequestLoginLink($email: String!) {\n    portalRequestLoginLink(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMe {\n    portalMe {\n      ...PortalOverviewFields\n    }\n  }\n"): (typeof documents)["\n  query PortalMe {\n    portalMe {\n      ...PortalOverviewFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSetConsent($purpose: String!, $decision: ConsentDecision!) {\n    portalSetConsent(purpose: $purpose, decision: $decision) {\n      ...PortalOverviewFields\n    }\n  }\n"): (typeof documents)["\n  mutation PortalSetConsent($purpose: String!, $decision: ConsentDecision!) {\n    portalSetConsent(purpose: $purpose, decision: $decision) {\n      ...PortalOverviewFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMyData {\n    portalMyData\n  }\n"): (typeof documents)["\n  query PortalMyData {\n    portalMyData\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalLogout {\n    portalLogout\n  }\n"): (typeof documents)["\n  mutation PortalLogout {\n    portalLogout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n  }\n"): (typeof documents)["\n  fragment PortalPurposeFields on ConsentPurpose {\n    id\n    key\n    nameSv\n    nameEn\n    descriptionSv\n    descriptionEn\n    channel\n    requiresOptIn\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalOverviewFields on PortalOverview {\n    name\n    email\n    customerName\n    declarationVersion\n    declarationText\n    consents {\n      purpose {\n        ...PortalPurposeFields\n      }\n      status\n      source\n      declarationVersion\n      changedAt\n    }\n    history {\n      id\n      purpose {\n        ...PortalPurposeFields\n      }\n      decision\n      source\n      declarationVersion\n      occurredAt\n    }\n  }\n"): (typeof documents)["\n  fragment PortalOverviewFields on PortalOverview {\n    name\n    email\n    customerName\n    declarationVersion\n    declarationText\n    consents {\n      purpose {\n        ...PortalPurposeFields\n      }\n      status\n      source\n      declarationVersion\n      changedAt\n    }\n    history {\n      id\n      purpose {\n        ...PortalPurposeFields\n      }\n      decision\n      source\n      declarationVersion\n      occurredAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrder($customerId: ID!, $input: OrderInput!) {\n    createOrder(customerId: $customerId, input: $input) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrder($customerId: ID!, $input: OrderInput!) {\n    createOrder(customerId: $customerId, input: $input) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrder($id: ID!, $expectedVersion: Int!, $input: OrderInput!, $status: OrderStatus!) {\n    updateOrder(id: $id, expectedVersion: $expectedVersion, input: $input, status: $status) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOrder($id: ID!, $expectedVersion: Int!, $input: OrderInput!, $status: OrderStatus!) {\n    updateOrder(id: $id, expectedVersion: $expectedVersion, input: $input, status: $status) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerOrders($id: ID!) {\n    customer(id: $id) {\n      id\n      orders {\n        ...OrderFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerOrders($id: ID!) {\n    customer(id: $id) {\n      id\n      orders {\n        ...OrderFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DocumentLineFields on DocumentLine {\n    position\n    description\n    quantity\n    unitPrice\n    vatRate\n    net\n    vat\n  }\n"): (typeof documents)["\n  fragment DocumentLineFields on DocumentLine {\n    position\n    description\n    quantity\n    unitPrice\n    vatRate\n    net\n    vat\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderFields on Order {\n    id\n    number\n    customerId\n    orderDate\n    status\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    createdAt\n    updatedAt\n    version\n  }\n"): (typeof documents)["\n  fragment OrderFields on Order {\n    id\n    number\n    customerId\n    orderDate\n    status\n    description\n    currency\n    lines {\n      ...DocumentLineFields\n    }\n    net\n    vat\n    total\n    createdAt\n    updatedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutboxMessages($first: Int!, $before: DateTime) {\n    outgoingMessages(first: $first, before: $before) {\n      id\n      kind\n      toAddress\n      subject\n      body\n      status\n      attempts\n      lastError\n      createdAt\n      sentAt\n    }\n  }\n"): (typeof documents)["\n  query OutboxMessages($first: Int!, $before: DateTime) {\n    outgoingMessages(first: $first, before: $before) {\n      id\n      kind\n      toAddress\n      subject\n      body\n      status\n      attempts\n      lastError\n      createdAt\n      sentAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDataPartner($input: DataPartnerInput!) {\n    createDataPartner(input: $input) {\n      ...DataPartnerFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDataPartner($input: DataPartnerInput!) {\n    createDataPartner(input: $input) {\n      ...DataPartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDataPartner($id: ID!, $expectedVersion: Int!, $input: DataPartnerInput!) {\n    updateDataPartner(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...DataPartnerFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateDataPartner($id: ID!, $expectedVersion: Int!, $input: DataPartnerInput!) {\n    updateDataPartner(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...DataPartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DataPartners {\n    dataPartners {\n      ...DataPartnerFields\n    }\n  }\n"): (typeof documents)["\n  query DataPartners {\n    dataPartners {\n      ...DataPartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDataPartner($id: ID!) {\n    deleteDataPartner(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteDataPartner($id: ID!) {\n    deleteDataPartner(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationSettings {\n    organizationSettings {\n      ...OrganizationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query OrganizationSettings {\n    organizationSettings {\n      ...OrganizationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganizationSettings($expectedVersion: Int!, $input: OrganizationSettingsInput!) {\n    updateOrganizationSettings(expectedVersion: $expectedVersion, input: $input) {\n      ...OrganizationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOrganizationSettings($expectedVersion: Int!, $input: OrganizationSettingsInput!) {\n    updateOrganizationSettings(expectedVersion: $expectedVersion, input: $input) {\n      ...OrganizationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrganizationSettingsFields on OrganizationSettings {\n    companyName\n    orgNumber\n    address\n    email\n    phone\n    privacyPolicyUrl\n    dpoName\n    dpoEmail\n    supervisoryAuthority\n    bookkeepingRetentionYears\n    auditLogRetentionMonths\n    secretRevealRequiresTotp\n    version\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment OrganizationSettingsFields on OrganizationSettings {\n    companyName\n    orgNumber\n    address\n    email\n    phone\n    privacyPolicyUrl\n    dpoName\n    dpoEmail\n    supervisoryAuthority\n    bookkeepingRetentionYears\n    auditLogRetentionMonths\n    secretRevealRequiresTotp\n    version\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DataPartnerFields on DataPartner {\n    id\n    name\n    orgNumber\n    country\n    role\n    purpose\n    dataCategories\n    thirdCountryTransfer\n    transferSafeguard\n    agreementStatus\n    signedOn\n    reviewOn\n    documentReference\n    notes\n    attention\n    version\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment DataPartnerFields on DataPartner {\n    id\n    name\n    orgNumber\n    country\n    role\n    purpose\n    dataCategories\n    thirdCountryTransfer\n    transferSafeguard\n    agreementStatus\n    signedOn\n    reviewOn\n    documentReference\n    notes\n    attention\n    version\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionRule {\n    retentionRule {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n"): (typeof documents)["\n  query RetentionRule {\n    retentionRule {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionPreview($inactiveMonths: Int!, $first: Int!) {\n    retentionPreview(inactiveMonths: $inactiveMonths, first: $first) {\n      inactiveMonths\n      eligible\n      blocked\n      customers {\n        customerId\n        customerNumber\n        displayName\n        lastActivityAt\n        blocked\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionPreview($inactiveMonths: Int!, $first: Int!) {\n    retentionPreview(inactiveMonths: $inactiveMonths, first: $first) {\n      inactiveMonths\n      eligible\n      blocked\n      customers {\n        customerId\n        customerNumber\n        displayName\n        lastActivityAt\n        blocked\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRetentionRule($inactiveMonths: Int!, $autoRun: Boolean!) {\n    setRetentionRule(inactiveMonths: $inactiveMonths, autoRun: $autoRun) {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n"): (typeof documents)["\n  mutation SetRetentionRule($inactiveMonths: Int!, $autoRun: Boolean!) {\n    setRetentionRule(inactiveMonths: $inactiveMonths, autoRun: $autoRun) {\n      inactiveMonths\n      autoRun\n      updatedAt\n      lastRunAt\n      lastRunAnonymized\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunRetention($inactiveMonths: Int!, $batchSize: Int!) {\n    runRetention(inactiveMonths: $inactiveMonths, batchSize: $batchSize) {\n      anonymized\n      remaining\n      blocked\n    }\n  }\n"): (typeof documents)["\n  mutation RunRetention($inactiveMonths: Int!, $batchSize: Int!) {\n    runRetention(inactiveMonths: $inactiveMonths, batchSize: $batchSize) {\n      anonymized\n      remaining\n      blocked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecretRevealSettings {\n    organizationSettings {\n      secretRevealRequiresTotp\n    }\n  }\n"): (typeof documents)["\n  query SecretRevealSettings {\n    organizationSettings {\n      secretRevealRequiresTotp\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevealSecret($id: ID!, $reason: String!, $totpCode: String) {\n    revealSecret(id: $id, reason: $reason, totpCode: $totpCode) {\n      secretId\n      value\n      revealedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevealSecret($id: ID!, $reason: String!, $totpCode: String) {\n    revealSecret(id: $id, reason: $reason, totpCode: $totpCode) {\n      secretId\n      value\n      revealedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecretGroupChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n"): (typeof documents)["\n  query SecretGroupChoices {\n    accessGroups {\n      id\n      name\n    }\n    me {\n      id\n      groupIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSecret($customerId: ID!, $input: SecretInput!) {\n    createSecret(customerId: $customerId, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSecret($customerId: ID!, $input: SecretInput!) {\n    createSecret(customerId: $customerId, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSecret($id: ID!, $expectedVersion: Int!, $input: SecretInput!) {\n    updateSecret(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSecret($id: ID!, $expectedVersion: Int!, $input: SecretInput!) {\n    updateSecret(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      ...SecretSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerSecrets($id: ID!) {\n    customer(id: $id) {\n      id\n      secrets {\n        ...SecretFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerSecrets($id: ID!) {\n    customer(id: $id) {\n      id\n      secrets {\n        ...SecretFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSecret($id: ID!) {\n    deleteSecret(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecretSummaryFields on Secret {\n    id\n    customerId\n    title\n    kind\n    allowedGroups {\n      id\n      name\n    }\n    canReveal\n    createdAt\n    updatedAt\n    version\n  }\n"): (typeof documents)["\n  fragment SecretSummaryFields on Secret {\n    id\n    customerId\n    title\n    kind\n    allowedGroups {\n      id\n      name\n    }\n    canReveal\n    createdAt\n    updatedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecretFields on Secret {\n    ...SecretSummaryFields\n    username\n    url\n    notes\n    recentReveals {\n      revealedAt\n      userName\n      reason\n    }\n  }\n"): (typeof documents)["\n  fragment SecretFields on Secret {\n    ...SecretSummaryFields\n    username\n    url\n    notes\n    recentReveals {\n      revealedAt\n      userName\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlanningBoard($includeDone: Boolean!) {\n    tasks(includeDone: $includeDone) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  query PlanningBoard($includeDone: Boolean!) {\n    tasks(includeDone: $includeDone) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: TaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($input: TaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTask($id: ID!, $expectedVersion: Int!, $input: TaskInput!, $done: Boolean!) {\n    updateTask(id: $id, expectedVersion: $expectedVersion, input: $input, done: $done) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTask($id: ID!, $expectedVersion: Int!, $input: TaskInput!, $done: Boolean!) {\n    updateTask(id: $id, expectedVersion: $expectedVersion, input: $input, done: $done) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerTasks($id: ID!, $includeDone: Boolean!) {\n    customer(id: $id) {\n      id\n      tasks(includeDone: $includeDone) {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerTasks($id: ID!, $includeDone: Boolean!) {\n    customer(id: $id) {\n      id\n      tasks(includeDone: $includeDone) {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskFields on Task {\n    id\n    kind\n    customerId\n    title\n    body\n    startsAt\n    endsAt\n    done\n    assignedTo\n    createdAt\n    updatedAt\n    version\n    customer {\n      id\n      number\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment TaskFields on Task {\n    id\n    kind\n    customerId\n    title\n    body\n    startsAt\n    endsAt\n    done\n    assignedTo\n    createdAt\n    updatedAt\n    version\n    customer {\n      id\n      number\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      rights\n    }\n  }\n"): (typeof documents)["\n  query UserGroupChoices {\n    accessGroups {\n      id\n      name\n      description\n      rights\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserGroups($userId: ID!, $groupIds: [ID!]!) {\n    setUserGroups(userId: $userId, groupIds: $groupIds) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserGroups($userId: ID!, $groupIds: [ID!]!) {\n    setUserGroups(userId: $userId, groupIds: $groupIds) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserActive($userId: ID!, $active: Boolean!) {\n    setUserActive(userId: $userId, active: $active) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserActive($userId: ID!, $active: Boolean!) {\n    setUserActive(userId: $userId, active: $active) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserAdmin($userId: ID!, $isAdmin: Boolean!) {\n    setUserAdmin(userId: $userId, isAdmin: $isAdmin) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserAdmin($userId: ID!, $isAdmin: Boolean!) {\n    setUserAdmin(userId: $userId, isAdmin: $isAdmin) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetUserMfa($userId: ID!) {\n    resetUserMfa(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation ResetUserMfa($userId: ID!) {\n    resetUserMfa(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndUserSessions($userId: ID!) {\n    endUserSessions(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation EndUserSessions($userId: ID!) {\n    endUserSessions(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    email\n    name\n    isAdmin\n    active\n    mfaEnabled\n    lockedUntil\n    createdAt\n    activeSessions\n    groups {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    email\n    name\n    isAdmin\n    active\n    mfaEnabled\n    lockedUntil\n    createdAt\n    activeSessions\n    groups {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEvent!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEvent!]!) {\n    createWebhookEndpoint(url: $url, events: $events) {\n      endpoint {\n        ...WebhookEndpointFields\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...WebhookEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($endpointId: ID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      id\n      eventType\n      status\n      attempts\n      lastStatus\n      lastError\n      nextAttemptAt\n      createdAt\n      deliveredAt\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($endpointId: ID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      id\n      eventType\n      status\n      attempts\n      lastStatus\n      lastError\n      nextAttemptAt\n      createdAt\n      deliveredAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    active\n    createdAt\n    pendingDeliveries\n    lastDeliveredAt\n  }\n"): (typeof documents)["\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    events\n    active\n    createdAt\n    pendingDeliveries\n    lastDeliveredAt\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;