//! The authorization matrix: every query, mutation and subscription field, with every nested
//! field selected, run as each role against the real server on both engines (subscriptions over
//! WebSocket); each cell says what must happen.
//!
//! A second test walks the schema: every field of every object type must be selected by some
//! operation in the matrix, so no field can ship without an authorization decision here.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use async_graphql::parser::types::{
    BaseType, DocumentOperations, OperationType, Selection, SelectionSet, Type, TypeKind,
    TypeSystemDefinition,
};
use async_graphql::parser::{parse_query, parse_schema};
use common::*;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Admin,
    /// MANAGE_USERS
    Manager,
    /// READ_CUSTOMERS
    Reader,
    /// READ_CUSTOMERS + EDIT_CUSTOMERS + EDIT_CONSENTS
    Editor,
    /// READ_AUDIT_LOG
    Auditor,
    /// Signed in, in no group.
    Nobody,
    /// API keys (`Authorization: Bearer`), one per scope.
    KeyConsentRead,
    KeyConsentWrite,
    KeyCustomersRead,
    KeyReportsRead,
}

const ROLE_COUNT: usize = 10;

const ROLES: [Role; ROLE_COUNT] = [
    Role::Admin,
    Role::Manager,
    Role::Reader,
    Role::Editor,
    Role::Auditor,
    Role::Nobody,
    Role::KeyConsentRead,
    Role::KeyConsentWrite,
    Role::KeyCustomersRead,
    Role::KeyReportsRead,
];

impl Role {
    fn email(self) -> String {
        match self {
            Role::Admin => ADMIN_EMAIL.to_owned(),
            other => format!("{other:?}@tillit.test").to_lowercase(),
        }
    }

    /// The API key's scope, for the key roles.
    fn scope(self) -> Option<&'static str> {
        match self {
            Role::KeyConsentRead => Some("CONSENT_READ"),
            Role::KeyConsentWrite => Some("CONSENT_WRITE"),
            Role::KeyCustomersRead => Some("CUSTOMERS_READ"),
            Role::KeyReportsRead => Some("REPORTS_READ"),
            _ => None,
        }
    }

    fn rights(self) -> &'static [&'static str] {
        match self {
            Role::Admin | Role::Nobody => &[],
            Role::KeyConsentRead
            | Role::KeyConsentWrite
            | Role::KeyCustomersRead
            | Role::KeyReportsRead => &[],
            Role::Manager => &["MANAGE_USERS"],
            Role::Reader => &["READ_CUSTOMERS"],
            Role::Editor => &["READ_CUSTOMERS", "EDIT_CUSTOMERS", "EDIT_CONSENTS"],
            Role::Auditor => &["READ_AUDIT_LOG"],
        }
    }
}

/// What must happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Data for the field and no error anywhere (also not in nested fields).
    Ok,
    /// This error code, and no data for the field.
    Error(&'static str),
}

const OK: Expect = Expect::Ok;
const FORBIDDEN: Expect = Expect::Error("FORBIDDEN");

/// `Ok` for the listed roles, `FORBIDDEN` for the rest.
fn only(roles: &[Role]) -> [Expect; ROLE_COUNT] {
    ROLES.map(|r| if roles.contains(&r) { OK } else { FORBIDDEN })
}

/// Public entry points: the same for staff and keys.
fn everyone(expect: Expect) -> [Expect; ROLE_COUNT] {
    [expect; ROLE_COUNT]
}

/// `expect` for every staff role; API keys get `keys`.
fn staff(expect: Expect, keys: Expect) -> [Expect; ROLE_COUNT] {
    ROLES.map(|r| if r.scope().is_some() { keys } else { expect })
}

/// A staff user's own session and account: an API key has no session.
fn own_session(expect: Expect) -> [Expect; ROLE_COUNT] {
    staff(expect, UNAUTHENTICATED)
}

const UNAUTHENTICATED: Expect = Expect::Error("UNAUTHENTICATED");

struct Case {
    field: &'static str,
    operation: &'static str,
    expect: [Expect; ROLE_COUNT],
}

const CUSTOMER: &str = "id number kind country firstName lastName companyName displayName identityNumber \
    email phone note state version createdAt updatedAt \
    invoiceAddress { line1 line2 postalCode city country } postalAddress { line1 line2 postalCode city country } \
    accessGroups { id name } \
    contacts(includeArchived: true) { id customerId name title email phone recipientOf externalId archived version createdAt updatedAt \
    consents { purpose { id key nameSv nameEn descriptionSv descriptionEn channel requiresOptIn active sortOrder version createdAt updatedAt } \
    status decision declarationVersion validUntil changedAt source } \
    consentHistory { id contactId purpose { id } decision legalBasis source actorKind actorName declarationVersion evidence validUntil occurredAt } } \
    anonymizedAt orders { id } invoices { id } tasks(includeDone: true) { id }";
const SECRET: &str = "id customerId title kind allowedGroups { id name } canReveal createdAt updatedAt version \
    username url notes value(reason: \"matrix check\") recentReveals { revealedAt userName reason }";
const ORDER: &str = "id number customerId orderDate status description currency net vat total createdAt updatedAt version \
    lines { position description quantity unitPrice vatRate net vat }";
const INVOICE: &str = "id number customerId orderId invoiceDate dueDate description currency net vat total status paidAt \
    buyerName buyerAddress retainUntil buyerPurgedAt createdAt lines { position }";
const TASK: &str = "id kind customerId title body startsAt endsAt done assignedTo createdAt updatedAt version customer { id number displayName }";
const RECEIPT: &str = "id customerId customerNumber maskedName performedAt actorKind actorId \
    removed { category count } kept { category count } mentionsLeft { source recordId label field }";
const CONTACT: &str = "id customerId name title email phone recipientOf externalId archived version createdAt updatedAt";
const GROUP: &str = "id name description rights restrictedCustomerCount version createdAt updatedAt \
    members { id name email active }";
const USER: &str = "id email name isAdmin active mfaEnabled lockedUntil createdAt activeSessions groups { id name }";
const VIEWER: &str = "id email name isAdmin mfaEnabled rights groupIds";
const API_KEY: &str =
    "id name prefix scopes groups { id name } status expiresAt createdAt lastUsedAt revokedAt";
const PORTAL_OVERVIEW: &str = "name email customerName declarationVersion declarationText \
    consents { purpose { id key nameSv nameEn descriptionSv descriptionEn channel requiresOptIn active sortOrder version createdAt updatedAt } status source declarationVersion changedAt } \
    history { id purpose { id } decision source declarationVersion occurredAt }";
const CONSENT_CHANGED: &str = "eventId customerId contactId decision source declarationVersion occurredAt \
    purpose { id key nameSv nameEn descriptionSv descriptionEn channel requiresOptIn active sortOrder version createdAt updatedAt }";
const WEBSHOP_CONTACT: &str = "id customerId externalId consents { purpose status decision source declarationVersion changedAt }";

/// Every root field, in the order it runs (reads, then changes, then the session itself).
fn cases() -> Vec<Case> {
    use Role::*;
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let customer_and_contact_editors = only(&[Admin, Editor]);
    let user_managers = only(&[Admin, Manager]);
    vec![
        Case {
            field: "consentChanged",
            operation: leak(format!(
                "subscription($customer: ID!) {{ consentChanged(customerId: $customer) {{ {CONSENT_CHANGED} }} }}"
            )),
            expect: only(&[Admin, Reader, Editor, KeyConsentRead, KeyConsentWrite]),
        },
        Case {
            field: "me",
            operation: leak(format!("query {{ me {{ {VIEWER} }} }}")),
            expect: own_session(OK),
        },
        Case {
            field: "mySessions",
            operation: "query { mySessions { id createdAt lastSeenAt expiresAt ip userAgent current } }",
            expect: own_session(OK),
        },
        Case {
            field: "accessGroups",
            operation: leak(format!("query {{ accessGroups {{ {GROUP} }} }}")),
            expect: staff(OK, FORBIDDEN),
        },
        Case {
            field: "users",
            operation: leak(format!("query {{ users {{ {USER} }} }}")),
            expect: user_managers,
        },
        Case {
            field: "customer",
            operation: leak(format!(
                "query($customer: ID!) {{ customer(id: $customer) {{ {CUSTOMER} }} }}"
            )),
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "customers",
            operation: leak(format!(
                "query {{ customers(search: \"matrix\", first: 5) {{ nodes {{ {CUSTOMER} }} edges {{ cursor node {{ id }} }} \
                 pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
            )),
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "reportCustomers",
            operation: "query { reportCustomers(first: 3) { nodes { id number displayName } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
            expect: only(&[Admin, Reader, Editor, KeyReportsRead]),
        },
        Case {
            field: "auditEvents",
            operation: "query { auditEvents(first: 5) { nodes { id seq occurredAt actorKind actorId actorName action \
                        entityType entityId outcome ip requestId details } edges { cursor node { id } } \
                        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
            expect: only(&[Admin, Auditor]),
        },
        Case {
            field: "createCustomer",
            operation: leak(format!(
                "mutation($suffix: String!) {{ createCustomer(input: {{ kind: BUSINESS, companyName: $suffix }}) {{ {CUSTOMER} }} }}"
            )),
            expect: customer_and_contact_editors,
        },
        Case {
            field: "updateCustomer",
            operation: leak(format!(
                "mutation($customer: ID!) {{ updateCustomer(id: $customer, expectedVersion: 1, input: {{ kind: BUSINESS, companyName: \"Matrix Updated AB\" }}) {{ {CUSTOMER} }} }}"
            )),
            expect: customer_and_contact_editors,
        },
        Case {
            field: "archiveCustomer",
            operation: "mutation($toArchive: ID!) { archiveCustomer(id: $toArchive, expectedVersion: 1) { id state } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "restoreCustomer",
            operation: "mutation($archived: ID!) { restoreCustomer(id: $archived, expectedVersion: 2) { id state } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "setCustomerGroups",
            operation: "mutation($toRestrict: ID!) { setCustomerGroups(id: $toRestrict, expectedVersion: 1, groupIds: []) { id accessGroups { id } } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "createContact",
            operation: leak(format!(
                "mutation($customer: ID!) {{ createContact(customerId: $customer, input: {{ name: \"Matrix Person\" }}) {{ {CONTACT} }} }}"
            )),
            expect: customer_and_contact_editors,
        },
        Case {
            field: "updateContact",
            operation: "mutation($contact: ID!) { updateContact(id: $contact, expectedVersion: 1, input: { name: \"Matrix Renamed\" }) { id name } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "archiveContact",
            operation: "mutation($contactToArchive: ID!) { archiveContact(id: $contactToArchive, expectedVersion: 1) { id archived } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "restoreContact",
            operation: "mutation($archivedContact: ID!) { restoreContact(id: $archivedContact, expectedVersion: 2) { id archived } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "order",
            operation: leak(format!(
                "query($order: ID!) {{ order(id: $order) {{ {ORDER} }} }}"
            )),
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "invoice",
            operation: leak(format!(
                "query($invoice: ID!) {{ invoice(id: $invoice) {{ {INVOICE} }} }}"
            )),
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "tasks",
            operation: leak(format!("query {{ tasks(includeDone: true) {{ {TASK} }} }}")),
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "task",
            operation: leak(format!(
                "query($task: ID!) {{ task(id: $task) {{ {TASK} }} }}"
            )),
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "createOrder",
            operation: "mutation($customer: ID!) { createOrder(customerId: $customer, input: { orderDate: \"2026-11-29\", \
                lines: [{ description: \"Service\", quantity: 1, unitPrice: 10000, vatRate: 2500 }] }) { id } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "updateOrder",
            operation: "mutation($order: ID!) { updateOrder(id: $order, expectedVersion: 1, status: COMPLETED, input: { orderDate: \"2026-11-29\", \
                lines: [{ description: \"Service\", quantity: 2, unitPrice: 10000, vatRate: 2500 }] }) { id version } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "createInvoice",
            operation: "mutation($customer: ID!, $orderToInvoice: ID!) { createInvoice(customerId: $customer, input: { orderId: $orderToInvoice, \
                invoiceDate: \"2026-11-29\", dueDate: \"2026-12-29\" }) { id } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "setInvoicePaid",
            operation: "mutation($invoice: ID!) { setInvoicePaid(id: $invoice, paid: true) { id status } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "createTask",
            operation: "mutation($customer: ID!) { createTask(input: { customerId: $customer, title: \"Call back\" }) { id } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "updateTask",
            operation: "mutation($task: ID!) { updateTask(id: $task, expectedVersion: 1, done: true, input: { title: \"Called\" }) { id done } }",
            expect: customer_and_contact_editors,
        },
        Case {
            field: "customer",
            operation: leak(format!(
                "query($customer: ID!) {{ customer(id: $customer) {{ id secrets {{ {SECRET} }} }} }}"
            )),
            expect: only(&[Admin]),
        },
        Case {
            field: "createSecret",
            operation: leak(format!(
                "mutation($customer: ID!) {{ createSecret(customerId: $customer, input: {{ title: \"Alarm\", kind: CODE, value: \"2468\" }}) {{ {SECRET} }} }}"
            )),
            expect: only(&[Admin]),
        },
        Case {
            field: "updateSecret",
            operation: "mutation($secret: ID!) { updateSecret(id: $secret, expectedVersion: 1, input: { title: \"Router (new)\", kind: CREDENTIAL }) { id version } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "revealSecret",
            operation: "mutation($secret: ID!) { revealSecret(id: $secret, reason: \"matrix check\") { secretId value revealedAt } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "deleteSecret",
            operation: "mutation($secretToDelete: ID!) { deleteSecret(id: $secretToDelete) }",
            expect: only(&[Admin]),
        },
        Case {
            field: "customerExport",
            operation: "query($customer: ID!) { customerExport(customerId: $customer) }",
            expect: only(&[Admin]),
        },
        Case {
            field: "retentionPreview",
            operation: "query { retentionPreview(inactiveMonths: 24) { inactiveMonths eligible blocked \
                customers { customerId customerNumber displayName lastActivityAt blocked } } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "setRetentionRule",
            operation: "mutation { setRetentionRule(inactiveMonths: 600, autoRun: false) { inactiveMonths } }",
            expect: only(&[Admin]),
        },
        // After setRetentionRule: before any rule is set the answer is null.
        Case {
            field: "retentionRule",
            operation: "query { retentionRule { inactiveMonths autoRun updatedAt lastRunAt lastRunAnonymized } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "backupOverview",
            operation: "query { backupOverview(first: 5) { scheduled hourlyKeep dailyKeep drillIntervalHours nextBackupAt \
                nextBackupKind nextDrillAt running drillRunning offSite \
                destinations { name kind location lastVerified { id fileName kind trigger status startedAt finishedAt sizeBytes rows durationMs error \
                copies { destination status attempts verifiedAt error } } lastCopy { destination status attempts verifiedAt error } } \
                backups { id fileName kind trigger status startedAt finishedAt sizeBytes rows durationMs error \
                copies { destination status attempts verifiedAt error } } \
                drills { id startedAt finishedAt scenario destination backupFile passed checks { name passed detail } durationMs rows error trigger } } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "runBackup",
            operation: "mutation { runBackup }",
            expect: only(&[Admin]),
        },
        Case {
            field: "runBackupDrill",
            operation: "mutation { runBackupDrill(scenario: LOST_DISK) }",
            expect: only(&[Admin]),
        },
        Case {
            field: "runRetention",
            operation: "mutation { runRetention(inactiveMonths: 1200, batchSize: 1) { anonymized remaining blocked } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "anonymizationPreview",
            operation: "query($customer: ID!) { anonymizationPreview(customerId: $customer) { customerId customerNumber displayName \
                removes { category count } keeps { category count } hiddenMentions \
                mentions { source recordId label field customerId excerpt kinds count } } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "redactMentions",
            operation: "mutation($customer: ID!, $task: ID!) { redactMentions(customerId: $customer, source: TASK, recordId: $task, field: \"body\") }",
            expect: only(&[Admin]),
        },
        Case {
            field: "anonymizeCustomer",
            operation: leak(format!(
                "mutation($toAnonymize: ID!, $toAnonymizeNumber: Int!) {{ anonymizeCustomer(id: $toAnonymize, confirmNumber: $toAnonymizeNumber) \
                 {{ alreadyAnonymized receipt {{ {RECEIPT} }} customer {{ id state anonymizedAt }} }} }}"
            )),
            expect: only(&[Admin]),
        },
        Case {
            field: "anonymizationReceipts",
            operation: leak(format!("query {{ anonymizationReceipts {{ {RECEIPT} }} }}")),
            expect: only(&[Admin]),
        },
        Case {
            field: "contact",
            operation: "query($contact: ID!) { contact(id: $contact) { id name } }",
            expect: only(&[Admin, Reader, Editor, KeyCustomersRead]),
        },
        Case {
            field: "consentStatistics",
            operation: "query { consentStatistics { contacts declarationVersion purposes { purpose { id } granted withdrawn denied notAsked outdated expired } } }",
            expect: only(&[Admin, Reader, Editor, KeyReportsRead]),
        },
        Case {
            field: "consentChanges",
            operation: "query { consentChanges(from: \"2026-01-01T00:00:00Z\", to: \"2026-12-31T00:00:00Z\", interval: WEEK) { periodStart purpose { id } granted withdrawn denied } }",
            expect: only(&[Admin, Reader, Editor, KeyReportsRead]),
        },
        Case {
            field: "consentContacts",
            operation: "query($purpose: ID!) { consentContacts(filter: { purposeId: $purpose, status: NOT_ASKED }, first: 3) { nodes { customerId customerNumber customerName contact { id } } edges { cursor node { customerId } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
            expect: only(&[Admin, Reader, Editor, KeyReportsRead]),
        },
        Case {
            field: "consentContactsCsv",
            operation: "query($purpose: ID!) { consentContactsCsv(filter: { purposeId: $purpose, expiringBefore: \"2030-01-01T00:00:00Z\" }) }",
            expect: only(&[Admin, KeyReportsRead]),
        },
        Case {
            field: "organizationSettings",
            operation: "query { organizationSettings { companyName orgNumber address email phone privacyPolicyUrl dpoName dpoEmail supervisoryAuthority bookkeepingRetentionYears auditLogRetentionMonths secretRevealRequiresTotp version updatedAt } }",
            expect: staff(OK, FORBIDDEN),
        },
        Case {
            field: "dataPartners",
            operation: "query { dataPartners { id name orgNumber country role purpose dataCategories thirdCountryTransfer transferSafeguard agreementStatus signedOn reviewOn documentReference notes attention version createdAt updatedAt } }",
            expect: staff(OK, FORBIDDEN),
        },
        Case {
            field: "updateOrganizationSettings",
            operation: "mutation($suffix: String!) { updateOrganizationSettings(expectedVersion: 1, input: { companyName: $suffix, supervisoryAuthority: IMY }) { version } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "createDataPartner",
            operation: "mutation($suffix: String!) { createDataPartner(input: { name: $suffix, country: \"SE\", role: PROCESSOR, agreementStatus: MISSING }) { id } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "updateDataPartner",
            operation: "mutation($partner: ID!) { updateDataPartner(id: $partner, expectedVersion: 1, input: { name: \"Matrix Partner 2\", country: \"NO\", role: JOINT_CONTROLLER, agreementStatus: EXPIRED }) { id } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "deleteDataPartner",
            operation: "mutation($partnerToDelete: ID!) { deleteDataPartner(id: $partnerToDelete) }",
            expect: only(&[Admin]),
        },
        Case {
            field: "consentForm",
            operation: "query($customer: ID!) { consentForm(customerId: $customer, language: EN) { language title controller { companyName } supervisoryAuthorityName supervisoryAuthorityUrl purposes { key name description requiresOptIn } recipients { id name } declaration { version contentHash } customer { id number displayName contactNames } sections { heading paragraphs } generatedAt } }",
            expect: only(&[Admin, Reader, Editor]),
        },
        Case {
            field: "consentPurposes",
            operation: "query { consentPurposes(includeInactive: true) { id key } }",
            expect: staff(OK, FORBIDDEN),
        },
        Case {
            field: "consentDeclaration",
            operation: "query { consentDeclaration { id version text contentHash createdAt createdByName current } }",
            expect: staff(OK, FORBIDDEN),
        },
        Case {
            field: "consentDeclarations",
            operation: "query { consentDeclarations { id version } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "recordConsents",
            operation: "mutation($customer: ID!, $contact: ID!, $purpose: ID!) { recordConsents(customerId: $customer, input: { changes: [{ contactId: $contact, purposeId: $purpose, decision: GRANTED }], source: PAPER_FORM, evidence: \"Form 1\" }) { events { id } contacts { id } } }",
            expect: only(&[Admin, Editor]),
        },
        Case {
            field: "createConsentPurpose",
            operation: "mutation($purposeKey: String!) { createConsentPurpose(input: { key: $purposeKey, nameSv: \"X\", nameEn: \"X\", channel: OTHER, requiresOptIn: true }) { id } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "updateConsentPurpose",
            operation: "mutation($purposeToUpdate: ID!, $purposeKey2: String!) { updateConsentPurpose(id: $purposeToUpdate, expectedVersion: 1, input: { key: $purposeKey2, nameSv: \"Y\", nameEn: \"Y\", channel: OTHER, requiresOptIn: false }) { id } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "publishConsentDeclaration",
            operation: "mutation($suffix: String!) { publishConsentDeclaration(text: $suffix) { id } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "apiKeys",
            operation: leak(format!("query {{ apiKeys {{ {API_KEY} }} }}")),
            expect: only(&[Admin]),
        },
        Case {
            field: "createApiKey",
            operation: leak(format!(
                "mutation($suffix: String!, $group: ID!) {{ createApiKey(input: {{ name: $suffix, scopes: [CONSENT_READ], groupIds: [$group], expiresAt: \"2099-01-01T00:00:00Z\" }}) {{ secret apiKey {{ {API_KEY} }} }} }}"
            )),
            expect: only(&[Admin]),
        },
        Case {
            field: "revokeApiKey",
            operation: leak(format!(
                "mutation($keyToRevoke: ID!) {{ revokeApiKey(id: $keyToRevoke) {{ {API_KEY} }} }}"
            )),
            expect: only(&[Admin]),
        },
        Case {
            field: "webshopConsentTerms",
            operation: "query { webshopConsentTerms { declarationVersion declarationText declarationHash \
                        purposes { id key nameSv nameEn descriptionSv descriptionEn channel requiresOptIn active sortOrder version createdAt updatedAt } } }",
            expect: only(&[KeyConsentRead, KeyConsentWrite]),
        },
        Case {
            field: "webshopContacts",
            operation: leak(format!(
                "query($contactEmail: String!) {{ webshopContacts(lookup: {{ email: $contactEmail }}) {{ {WEBSHOP_CONTACT} }} }}"
            )),
            expect: only(&[KeyConsentRead, KeyConsentWrite]),
        },
        Case {
            field: "recordWebshopConsent",
            operation: leak(format!(
                "mutation($contact: ID!) {{ recordWebshopConsent(input: {{ contactId: $contact, \
                 changes: [{{ purpose: \"marketing_email\", decision: GRANTED }}], declarationVersion: 1, \
                 userAgent: \"Matrix/1.0\", idempotencyKey: \"matrix-1\" }}) {{ replayed eventIds contact {{ {WEBSHOP_CONTACT} }} }} }}"
            )),
            expect: only(&[KeyConsentWrite]),
        },
        Case {
            field: "createAccessGroup",
            operation: leak(format!(
                "mutation($suffix: String!) {{ createAccessGroup(input: {{ name: $suffix, rights: [] }}) {{ {GROUP} }} }}"
            )),
            expect: user_managers,
        },
        Case {
            field: "updateAccessGroup",
            operation: "mutation($group: ID!, $renamed: String!) { updateAccessGroup(id: $group, expectedVersion: 1, input: { name: $renamed, description: \"updated\", rights: [] }) { id version } }",
            expect: user_managers,
        },
        Case {
            field: "deleteAccessGroup",
            operation: "mutation($groupToDelete: ID!) { deleteAccessGroup(id: $groupToDelete) }",
            expect: user_managers,
        },
        Case {
            field: "setUserGroups",
            operation: leak(format!(
                "mutation($target: ID!) {{ setUserGroups(userId: $target, groupIds: []) {{ {USER} }} }}"
            )),
            expect: user_managers,
        },
        Case {
            field: "createUser",
            operation: "mutation($email: String!) { createUser(input: { email: $email, name: \"Matrix User\", password: \"a long and unguessable passphrase\" }) { id } }",
            expect: user_managers,
        },
        Case {
            field: "setUserActive",
            operation: "mutation($target: ID!) { setUserActive(userId: $target, active: true) { id active } }",
            expect: user_managers,
        },
        Case {
            field: "setUserAdmin",
            operation: "mutation($target: ID!) { setUserAdmin(userId: $target, isAdmin: false) { id isAdmin } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "endUserSessions",
            operation: "mutation($target: ID!) { endUserSessions(userId: $target) }",
            expect: user_managers,
        },
        Case {
            field: "resetUserMfa",
            operation: "mutation($target: ID!) { resetUserMfa(userId: $target) }",
            expect: user_managers,
        },
        // Self-service: the same for everyone signed in; no right is involved (a wrong password is
        // named as the field at fault).
        Case {
            field: "endSession",
            operation: "mutation { endSession(id: \"00000000-0000-7000-8000-000000000000\") }",
            expect: staff(Expect::Error("NOT_FOUND"), FORBIDDEN),
        },
        Case {
            field: "endOtherSessions",
            operation: "mutation { endOtherSessions }",
            expect: own_session(OK),
        },
        Case {
            field: "changePassword",
            operation: "mutation { changePassword(currentPassword: \"wrong password here\", code: \"000000\", newPassword: \"another long passphrase\") }",
            expect: own_session(Expect::Error("BAD_USER_INPUT")),
        },
        Case {
            field: "changeEmail",
            operation: leak(format!(
                "mutation {{ changeEmail(password: \"wrong password here\", code: \"000000\", newEmail: \"new@tillit.test\") {{ {VIEWER} }} }}"
            )),
            expect: own_session(Expect::Error("BAD_USER_INPUT")),
        },
        Case {
            field: "regenerateRecoveryCodes",
            operation: "mutation { regenerateRecoveryCodes(password: \"wrong password here\", code: \"000000\") }",
            expect: own_session(Expect::Error("BAD_USER_INPUT")),
        },
        // The second-factor steps belong to pending sessions; a full session has nothing to finish.
        Case {
            field: "verifyTotp",
            operation: leak(format!(
                "mutation {{ verifyTotp(code: \"000000\") {{ next viewer {{ {VIEWER} }} }} }}"
            )),
            expect: own_session(Expect::Error("CONFLICT")),
        },
        Case {
            field: "useRecoveryCode",
            operation: "mutation { useRecoveryCode(code: \"aaaa-bbbb-cccc\") { next } }",
            expect: own_session(Expect::Error("CONFLICT")),
        },
        Case {
            field: "beginTotpEnrollment",
            operation: "mutation { beginTotpEnrollment { secret otpauthUri qrSvg } }",
            expect: own_session(Expect::Error("CONFLICT")),
        },
        Case {
            field: "confirmTotpEnrollment",
            operation: leak(format!(
                "mutation {{ confirmTotpEnrollment(code: \"000000\") {{ recoveryCodes viewer {{ {VIEWER} }} }} }}"
            )),
            expect: own_session(Expect::Error("CONFLICT")),
        },
        Case {
            field: "outgoingMessages",
            operation: "query { outgoingMessages(first: 5) { id kind toAddress subject body status attempts lastError createdAt sentAt } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "inviteContactToPortal",
            operation: "mutation($portalContact: ID!) { inviteContactToPortal(contactId: $portalContact) { link expiresAt messageStatus messageId } }",
            expect: only(&[Admin, Editor]),
        },
        Case {
            field: "webhookEndpoints",
            operation: "query { webhookEndpoints { id url events active createdAt pendingDeliveries lastDeliveredAt } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "webhookDeliveries",
            operation: "query($webhook: ID!) { webhookDeliveries(endpointId: $webhook) { id eventType status attempts lastStatus lastError nextAttemptAt createdAt deliveredAt } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "createWebhookEndpoint",
            operation: "mutation { createWebhookEndpoint(url: \"http://127.0.0.1:9/matrix\", events: [CONSENT_CHANGED]) { secret endpoint { id url events active createdAt pendingDeliveries lastDeliveredAt } } }",
            expect: only(&[Admin]),
        },
        Case {
            field: "deleteWebhookEndpoint",
            operation: "mutation($webhook: ID!) { deleteWebhookEndpoint(id: $webhook) }",
            expect: only(&[Admin]),
        },
        // My page: a staff session or an API key is not a My page session.
        Case {
            field: "portalMe",
            operation: leak(format!("query {{ portalMe {{ {PORTAL_OVERVIEW} }} }}")),
            expect: everyone(UNAUTHENTICATED),
        },
        Case {
            field: "portalMyData",
            operation: "query { portalMyData }",
            expect: everyone(UNAUTHENTICATED),
        },
        Case {
            field: "portalSetConsent",
            operation: leak(format!(
                "mutation {{ portalSetConsent(purpose: \"sms\", decision: WITHDRAWN) {{ {PORTAL_OVERVIEW} }} }}"
            )),
            expect: everyone(UNAUTHENTICATED),
        },
        // Public entry points, tried while signed in.
        Case {
            field: "completeSetup",
            operation: "mutation { completeSetup(input: { token: \"not-a-token\", email: \"x@tillit.test\", name: \"X\", password: \"a long and unguessable passphrase\" }) { next } }",
            expect: everyone(Expect::Error("BAD_USER_INPUT")),
        },
        Case {
            field: "login",
            operation: "mutation { login(input: { email: \"nobody-at-all@tillit.test\", password: \"wrong password here\" }) { next } }",
            expect: everyone(Expect::Error("UNAUTHENTICATED")),
        },
        Case {
            field: "portalAcceptInvitation",
            operation: "mutation { portalAcceptInvitation(token: \"not-a-token\", password: \"a long and unguessable passphrase\") }",
            expect: everyone(Expect::Error("BAD_USER_INPUT")),
        },
        Case {
            field: "portalLogin",
            operation: "mutation { portalLogin(email: \"nobody-at-all@example.se\", password: \"wrong password here\") }",
            expect: everyone(UNAUTHENTICATED),
        },
        Case {
            field: "portalRequestLoginLink",
            operation: "mutation { portalRequestLoginLink(email: \"nobody-at-all@example.se\") }",
            expect: everyone(OK),
        },
        Case {
            field: "portalRedeemLoginLink",
            operation: "mutation { portalRedeemLoginLink(token: \"not-a-token\") }",
            expect: everyone(Expect::Error("BAD_USER_INPUT")),
        },
        Case {
            field: "portalLogout",
            operation: "mutation { portalLogout }",
            expect: everyone(OK),
        },
        Case {
            field: "logout",
            operation: "mutation { logout }",
            expect: everyone(OK),
        },
    ]
}

/// Ids each role's operations act on, created by the admin so every role starts alike.
async fn fixtures(app: &TestApp, role: Role, target: &str) -> Value {
    let tag = format!("{role:?}");
    let customer = create_customer(app, business(&format!("Matrix {tag} AB"))).await;
    let customer_id = customer["id"].as_str().unwrap();
    let contact_email = format!("matrix-{}@example.com", tag.to_lowercase());
    let contact = create_contact(
        app,
        customer_id,
        json!({ "name": "Matrix Contact", "email": contact_email }),
    )
    .await;
    let portal_contact = create_contact(
        app,
        customer_id,
        json!({ "name": "Matrix Portal", "email": format!("portal-{}@example.com", tag.to_lowercase()) }),
    )
    .await;
    let contact_to_archive =
        create_contact(app, customer_id, json!({ "name": "Matrix Two" })).await;
    let archived_contact =
        create_contact(app, customer_id, json!({ "name": "Matrix Three" })).await;
    let res = app
        .gql(
            "mutation($id: ID!) { archiveContact(id: $id, expectedVersion: 1) { version } }",
            json!({ "id": archived_contact["id"] }),
        )
        .await;
    assert_eq!(res["data"]["archiveContact"]["version"], 2, "{res}");
    let to_archive = create_customer(app, business(&format!("Matrix {tag} Archive AB"))).await;
    let archived = create_customer(app, business(&format!("Matrix {tag} Archived AB"))).await;
    let res = app
        .gql(
            "mutation($id: ID!) { archiveCustomer(id: $id, expectedVersion: 1) { version } }",
            json!({ "id": archived["id"] }),
        )
        .await;
    assert_eq!(res["data"]["archiveCustomer"]["version"], 2, "{res}");
    let to_restrict = create_customer(app, business(&format!("Matrix {tag} Restrict AB"))).await;
    let to_anonymize = create_customer(app, business(&format!("Matrix {tag} Anonymize AB"))).await;
    let res = app
        .gql(
            "mutation($c: ID!) { createOrder(customerId: $c, input: { orderDate: \"2026-11-01\", description: \"Matrix order\", \
             lines: [{ description: \"Work\", quantity: 1.5, unitPrice: 50000, vatRate: 2500 }] }) { id } }",
            json!({ "c": customer_id }),
        )
        .await;
    let order = res["data"]["createOrder"]["id"].clone();
    assert!(order.is_string(), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createOrder(customerId: $c, input: { orderDate: \"2026-11-03\", \
             lines: [{ description: \"More work\", quantity: 1, unitPrice: 50000, vatRate: 2500 }] }) { id } }",
            json!({ "c": customer_id }),
        )
        .await;
    let order_to_invoice = res["data"]["createOrder"]["id"].clone();
    let res = app
        .gql(
            "mutation($c: ID!, $o: ID!) { createInvoice(customerId: $c, input: { orderId: $o, invoiceDate: \"2026-11-02\", dueDate: \"2026-12-02\" }) { id } }",
            json!({ "c": customer_id, "o": order }),
        )
        .await;
    let invoice = res["data"]["createInvoice"]["id"].clone();
    assert!(invoice.is_string(), "{res}");
    let res = app
        .gql(
            "mutation($c: ID!) { createTask(input: { customerId: $c, title: \"Matrix task\", body: \"Matrix Contact called\" }) { id } }",
            json!({ "c": customer_id }),
        )
        .await;
    let task = res["data"]["createTask"]["id"].clone();
    assert!(task.is_string(), "{res}");
    let secret = "mutation($c: ID!, $t: String!) { createSecret(customerId: $c, input: { title: $t, kind: CREDENTIAL, username: \"admin\", url: \"https://router.example.se\", notes: \"Matrix\", value: \"s3cret pass\" }) { id } }";
    let res = app
        .gql(secret, json!({ "c": customer_id, "t": "Router" }))
        .await;
    let secret_id = res["data"]["createSecret"]["id"].clone();
    assert!(secret_id.is_string(), "{res}");
    let res = app
        .gql(secret, json!({ "c": customer_id, "t": "Old router" }))
        .await;
    let secret_to_delete = res["data"]["createSecret"]["id"].clone();
    assert!(secret_to_delete.is_string(), "{res}");
    let group = create_group(app, &format!("Matrix {tag} group"), &[]).await;
    let purposes = app.gql("{ consentPurposes { id } }", json!({})).await;
    let key = tag.to_lowercase();
    let res = app
        .gql(
            "mutation($k: String!) { createConsentPurpose(input: { key: $k, nameSv: \"M\", nameEn: \"M\", channel: OTHER, requiresOptIn: true }) { id } }",
            json!({ "k": format!("matrix_update_{key}") }),
        )
        .await;
    let purpose_to_update = res["data"]["createConsentPurpose"]["id"].clone();
    let partner = "mutation($n: String!) { createDataPartner(input: { name: $n, country: \"SE\", role: PROCESSOR, agreementStatus: MISSING }) { id } }";
    let res = app
        .gql(partner, json!({ "n": format!("Matrix {tag} partner") }))
        .await;
    let partner_id = res["data"]["createDataPartner"]["id"].clone();
    let res = app
        .gql(partner, json!({ "n": format!("Matrix {tag} gone") }))
        .await;
    let partner_to_delete = res["data"]["createDataPartner"]["id"].clone();
    assert!(partner_to_delete.is_string(), "{res}");
    assert!(purpose_to_update.is_string(), "{res}");
    let group_to_delete = create_group(app, &format!("Matrix {tag} delete"), &[]).await;
    let res = app
        .gql(
            "mutation { createWebhookEndpoint(url: \"http://127.0.0.1:9/fixture\", events: [CONSENT_CHANGED]) { endpoint { id } } }",
            json!({}),
        )
        .await;
    let webhook = res["data"]["createWebhookEndpoint"]["endpoint"]["id"].clone();
    assert!(webhook.is_string(), "{res}");
    let (key_to_revoke, _) =
        create_api_key(app, &format!("Matrix {tag} key"), &["REPORTS_READ"], &[]).await;
    json!({
        "customer": customer["id"],
        "contact": contact["id"],
        "contactEmail": contact_email,
        "portalContact": portal_contact["id"],
        "keyToRevoke": key_to_revoke,
        "webhook": webhook,
        "contactToArchive": contact_to_archive["id"],
        "archivedContact": archived_contact["id"],
        "toArchive": to_archive["id"],
        "archived": archived["id"],
        "toRestrict": to_restrict["id"],
        "toAnonymize": to_anonymize["id"],
        "toAnonymizeNumber": to_anonymize["number"],
        "order": order,
        "orderToInvoice": order_to_invoice,
        "invoice": invoice,
        "task": task,
        "secret": secret_id,
        "secretToDelete": secret_to_delete,
        "group": group,
        "groupToDelete": group_to_delete,
        "target": target,
        "purpose": purposes["data"]["consentPurposes"][0]["id"],
        "purposeToUpdate": purpose_to_update,
        "partner": partner_id,
        "partnerToDelete": partner_to_delete,
        "purposeKey": format!("matrix_new_{key}"),
        "purposeKey2": format!("matrix_changed_{key}"),
        "suffix": format!("Matrix {tag} new"),
        "renamed": format!("Matrix {tag} renamed"),
        "email": format!("new-{}@tillit.test", tag.to_lowercase()),
    })
}

/// Only the variables an operation declares (GraphQL refuses undeclared ones).
fn variables_for(operation: &str, all: &Value) -> Value {
    let doc = parse_query(operation).unwrap();
    let mut vars = serde_json::Map::new();
    for (_, op) in doc.operations.iter() {
        for var in &op.node.variable_definitions {
            let name = var.node.name.node.as_str();
            vars.insert(name.to_owned(), all[name].clone());
        }
    }
    Value::Object(vars)
}

fn outcome(res: &Value, field: &str) -> Expect {
    match res["errors"].as_array().and_then(|e| e.first()) {
        None if !res["data"][field].is_null() => Expect::Ok,
        None => panic!("{field}: no data and no error: {res}"),
        Some(e) => {
            // A refused nested field (field-level authorization, e.g. `Customer.secrets`) is
            // null with its error while its parent resolves; anything else nulls the root.
            let nested = e["path"].as_array().is_some_and(|p| p.len() > 1);
            assert!(
                nested || res["data"].is_null() || res["data"][field].is_null(),
                "{field}: an error, yet data: {res}"
            );
            let code = e["extensions"]["code"]
                .as_str()
                .unwrap_or_else(|| panic!("{field}: error without code: {res}"));
            Expect::Error(Box::leak(code.to_owned().into_boxed_str()))
        }
    }
}

dual_test!(every_field_answers_each_role_as_the_matrix_says, |app| {
    app.login_admin().await;
    app.create_user(
        "target@tillit.test",
        "a long and unguessable passphrase",
        false,
    )
    .await;
    let target = user_id(&app, "target@tillit.test").await;
    let mut clients = HashMap::new();
    for role in ROLES {
        if role == Role::Admin {
            continue;
        }
        let client = match enroll(&app, role).await {
            Enrolled::Staff(client) => client,
            Enrolled::Key(secret) => key_client(&secret),
        };
        clients.insert(format!("{role:?}"), client);
    }
    // The admin's own cases run in a second browser, like every other role's.
    let admin = app.new_client();
    app.login_as(&admin, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let mut failures = Vec::new();
    // Every role's fixtures first: the admin's own cases end its other sessions.
    let mut all_vars = Vec::new();
    for role in ROLES {
        all_vars.push(fixtures(&app, role, &target).await);
    }
    for ((i, role), vars) in ROLES.into_iter().enumerate().zip(all_vars) {
        let client = match role {
            Role::Admin => &admin,
            other => &clients[&format!("{other:?}")],
        };
        for case in cases().into_iter().filter(|c| !is_subscription(c)) {
            let res = app
                .gql_with(client, case.operation, variables_for(case.operation, &vars))
                .await;
            let got = outcome(&res, case.field);
            if got != case.expect[i] {
                failures.push(format!(
                    "{role:?} × {}: expected {:?}, got {got:?}: {res}",
                    case.field, case.expect[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
});

enum Enrolled {
    /// A signed-in browser (MFA enrolled).
    Staff(reqwest::Client),
    /// An API key's secret.
    Key(String),
}

/// Creates a non-admin role: a staff user in a group with the role's rights, or an API key.
async fn enroll(app: &TestApp, role: Role) -> Enrolled {
    if let Some(scope) = role.scope() {
        let (_, secret) = create_api_key(app, &format!("{role:?}"), &[scope], &[]).await;
        return Enrolled::Key(secret);
    }
    let group = create_group(app, &format!("{role:?}s"), role.rights()).await;
    let groups: Vec<&str> = if role == Role::Nobody {
        vec![]
    } else {
        vec![group.as_str()]
    };
    Enrolled::Staff(staff_in(app, &role.email(), &groups).await)
}

fn is_subscription(case: &Case) -> bool {
    case.operation.trim_start().starts_with("subscription")
}

/// What a subscription answers: its first message. A refused one answers at once; an accepted
/// one once a change happens, so changes are made until something arrives.
async fn subscription_outcome(
    app: &TestApp,
    socket: &mut common::ws::Socket,
    case: &Case,
    vars: &Value,
) -> (Expect, Value) {
    common::ws::send(
        socket,
        json!({ "id": "m", "type": "subscribe", "payload": {
            "query": case.operation,
            "variables": variables_for(case.operation, vars),
        } }),
    )
    .await;
    let purpose = vars["purpose"].clone();
    for attempt in 0..40 {
        let decision = if attempt % 2 == 0 {
            "GRANTED"
        } else {
            "WITHDRAWN"
        };
        let res = app
            .gql(
                "mutation($c: ID!, $i: RecordConsentsInput!) { recordConsents(customerId: $c, input: $i) { events { id } } }",
                json!({ "c": vars["customer"], "i": {
                    "changes": [{ "contactId": vars["contact"], "purposeId": purpose, "decision": decision }],
                    "source": "PHONE", "evidence": "Matrix",
                } }),
            )
            .await;
        assert!(res["errors"].is_null(), "{res}");
        if let Some(message) = common::ws::next_within(socket, Duration::from_millis(500)).await {
            assert_eq!(message["id"], "m", "{message}");
            let outcome = outcome(&message["payload"], case.field);
            return (outcome, message);
        }
    }
    panic!("{}: no answer", case.field);
}

dual_test!(
    every_subscription_answers_each_role_as_the_matrix_says,
    |app| {
        app.login_admin().await;
        let mut failures = Vec::new();
        for (i, role) in ROLES.into_iter().enumerate() {
            let vars = fixtures(&app, role, "").await;
            let (headers, payload) = match role {
                Role::Admin => (
                    Some(app.cookie_login(ADMIN_EMAIL, ADMIN_PASSWORD).await),
                    json!({}),
                ),
                other => match enroll(&app, other).await {
                    Enrolled::Staff(_) => (
                        Some(
                            app.cookie_login(&other.email(), "a long and unguessable passphrase")
                                .await,
                        ),
                        json!({}),
                    ),
                    Enrolled::Key(secret) => {
                        (None, json!({ "authorization": format!("Bearer {secret}") }))
                    }
                },
            };
            let cookie;
            let headers: Vec<(&str, &str)> = match headers {
                Some(c) => {
                    cookie = c;
                    vec![("cookie", cookie.as_str())]
                }
                None => vec![],
            };
            for case in cases().into_iter().filter(is_subscription) {
                let (mut socket, ack) = common::ws::init(&app, &headers, payload.clone()).await;
                assert_eq!(ack["type"], "connection_ack", "{role:?}: {ack}");
                let (got, message) = subscription_outcome(&app, &mut socket, &case, &vars).await;
                if got != case.expect[i] {
                    failures.push(format!(
                        "{role:?} × {}: expected {:?}, got {got:?}: {message}",
                        case.field, case.expect[i]
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }
);

/// `Type.field` for every field of every object type in the schema.
fn schema_fields() -> (BTreeSet<String>, HashMap<String, HashMap<String, String>>) {
    fn named(ty: &Type) -> String {
        match &ty.base {
            BaseType::Named(name) => name.to_string(),
            BaseType::List(inner) => named(inner),
        }
    }
    let doc = parse_schema(tillit::graphql::sdl()).unwrap();
    let mut all = BTreeSet::new();
    let mut types: HashMap<String, HashMap<String, String>> = HashMap::new();
    for def in doc.definitions {
        if let TypeSystemDefinition::Type(t) = def
            && let TypeKind::Object(object) = &t.node.kind
        {
            let type_name = t.node.name.node.to_string();
            for f in &object.fields {
                let field = f.node.name.node.to_string();
                all.insert(format!("{type_name}.{field}"));
                types
                    .entry(type_name.clone())
                    .or_default()
                    .insert(field, named(&f.node.ty.node));
            }
        }
    }
    (all, types)
}

fn walk(
    set: &SelectionSet,
    on: &str,
    types: &HashMap<String, HashMap<String, String>>,
    out: &mut BTreeSet<String>,
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let name = f.node.name.node.as_str();
                if name.starts_with("__") {
                    continue;
                }
                out.insert(format!("{on}.{name}"));
                if let Some(ty) = types.get(on).and_then(|fields| fields.get(name)) {
                    walk(&f.node.selection_set.node, ty, types, out);
                }
            }
            Selection::InlineFragment(fragment) => {
                let ty = fragment
                    .node
                    .type_condition
                    .as_ref()
                    .map_or(on.to_owned(), |c| c.node.on.node.to_string());
                walk(&fragment.node.selection_set.node, &ty, types, out);
            }
            Selection::FragmentSpread(_) => panic!("the matrix spells out its selections"),
        }
    }
}

#[test]
fn the_matrix_covers_every_field_of_the_schema() {
    let (all, types) = schema_fields();
    let mut covered = BTreeSet::new();
    let mut roots = Vec::new();
    for case in cases() {
        let doc = parse_query(case.operation).unwrap_or_else(|e| panic!("{}: {e}", case.operation));
        let DocumentOperations::Single(op) = doc.operations else {
            panic!("{}: one operation per case", case.field);
        };
        let root = match op.node.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        roots.push(format!("{root}.{}", case.field));
        walk(&op.node.selection_set.node, root, &types, &mut covered);
    }
    for root in &roots {
        assert!(
            covered.contains(root),
            "case {root} does not select its own field"
        );
    }
    let missing: Vec<&String> = all.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "fields without an authorization decision in tests/tests/authorization.rs: {missing:?}"
    );
}

#[test]
fn no_mutation_touches_the_access_log() {
    let (all, _) = schema_fields();
    let writers: Vec<&String> = all
        .iter()
        .filter(|f| f.starts_with("Mutation.") && f.to_lowercase().contains("audit"))
        .collect();
    assert!(
        writers.is_empty(),
        "the access log must stay append-only: {writers:?}"
    );
}
