//! sea-orm entities: the shape of the tables, no logic. GraphQL never exposes these directly.

pub mod audit_event;
pub mod contact;
pub mod customer;
pub mod recovery_code;
pub mod session;
pub mod setup_token;
pub mod user;
