//! Keys and hashing: the master key (kept outside the database), per-purpose keys derived from it
//! with HKDF, password hashing (argon2id) and opaque tokens.

pub mod check;
pub mod field;
pub mod keyring;
pub mod password;
pub mod token;

pub use keyring::{KeyPurpose, Keyring};
pub use password::PasswordHasher;
