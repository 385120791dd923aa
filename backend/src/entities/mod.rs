//! sea-orm entities: the shape of the tables, no logic. GraphQL never exposes these directly.

pub mod access_group;
pub mod api_key;
pub mod api_key_group;
pub mod audit_event;
pub mod audit_subject;
pub mod consent_declaration;
pub mod consent_event;
pub mod consent_purpose;
pub mod contact;
pub mod current_consent;
pub mod customer;
pub mod customer_group;
pub mod data_partner;
pub mod group_member;
pub mod idempotency_key;
pub mod organization_settings;
pub mod outgoing_message;
pub mod portal_account;
pub mod portal_session;
pub mod portal_token;
pub mod recovery_code;
pub mod session;
pub mod setup_token;
pub mod user;
pub mod webhook_delivery;
pub mod webhook_endpoint;
