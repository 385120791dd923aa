//! One vertical slice per domain: GraphQL types and resolvers (`graphql.rs`, thin) over the domain
//! logic (`service.rs`, plain async functions over a database connection).

pub mod access;
pub mod anonymization;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod consents;
pub mod contacts;
pub mod customers;
pub mod demo;
pub mod exports;
pub mod invoices;
pub mod jobs;
pub mod keys;
pub mod orders;
pub mod outbox;
pub mod portal;
pub mod privacy;
pub mod secrets;
pub mod subject_export;
pub mod tasks;
pub mod users;
pub mod webhooks;
pub mod webshop;
