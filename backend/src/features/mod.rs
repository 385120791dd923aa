//! One vertical slice per domain: GraphQL types and resolvers (`graphql.rs`, thin) over the domain
//! logic (`service.rs`, plain async functions over a database connection).

pub mod access;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod consents;
pub mod contacts;
pub mod customers;
pub mod demo;
pub mod outbox;
pub mod portal;
pub mod privacy;
pub mod users;
pub mod webhooks;
pub mod webshop;
