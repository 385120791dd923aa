//! Rotation of the field-encryption key (TOTP seeds, webhook signing secrets, customer
//! secrets). The master key stays; field values move to a new random key, stored in the
//! database wrapped under the master key (envelope encryption), in resumable batches.
//!
//! - `load` (at start) and `refresh` (every 10 s from `serve`, and on an unknown key id)
//!   install every stored key: the newest not retired encrypts, all decrypt.
//! - `rotate` (`tillit keys rotate`): destroys keys retired over 24 hours ago that nothing
//!   uses; then, unless a rotation is unfinished (values under an older key), adds a new key;
//!   re-encrypts every value not under the newest key, batch by batch, each batch one
//!   transaction (an interrupted run resumes where it stopped); finally retires the older keys.
//!   Retired keys still decrypt, so a server that encrypted with the previous key just before
//!   it learnt of the new one loses nothing.

pub mod service;
