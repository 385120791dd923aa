//! Field-level encryption for values that must never sit in the database in clear (TOTP seeds,
//! later customer secrets), on SQLite and PostgreSQL alike.
//!
//! XChaCha20-Poly1305 with a per-purpose key from the [`Keyring`], a random 192-bit nonce, and
//! associated data binding the ciphertext to its place (`table.column:row-id`), so a value copied
//! into another row or column does not decrypt. Stored as `v1:<key-id>:<nonce>:<ciphertext>`
//! (base64url); the key id says which key generation encrypted it, so keys can rotate.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use zeroize::Zeroizing;

use super::{KeyPurpose, Keyring};

const VERSION: &str = "v1";

/// Where an encrypted value lives; part of the associated data.
#[derive(Debug, Clone, Copy)]
pub struct FieldRef<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub row_id: &'a str,
}

impl FieldRef<'_> {
    fn associated_data(&self) -> Vec<u8> {
        format!("{}.{}:{}", self.table, self.column, self.row_id).into_bytes()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldError {
    #[error("the stored value is not in the v1 field-encryption format")]
    Malformed,
    #[error("the value was encrypted with key {0}, which this keyring does not hold")]
    UnknownKey(String),
    #[error("the value does not decrypt with its key and place (tampered or moved)")]
    Forged,
}

pub fn encrypt(
    keyring: &Keyring,
    purpose: KeyPurpose,
    at: FieldRef<'_>,
    plaintext: &[u8],
) -> String {
    let (key_id, key) = keyring.current(purpose);
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let key_id = key_id.as_str();
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let aad = at.associated_data();
    // Encryption with a valid key and nonce cannot fail for inputs far below 256 GiB.
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .unwrap_or_default();
    format!(
        "{VERSION}:{key_id}:{}:{}",
        B64.encode(nonce),
        B64.encode(ciphertext)
    )
}

pub fn decrypt(
    keyring: &Keyring,
    purpose: KeyPurpose,
    at: FieldRef<'_>,
    stored: &str,
) -> Result<Zeroizing<Vec<u8>>, FieldError> {
    let mut parts = stored.split(':');
    let (Some(VERSION), Some(key_id), Some(nonce), Some(ciphertext), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(FieldError::Malformed);
    };
    let nonce = B64.decode(nonce).map_err(|_| FieldError::Malformed)?;
    let ciphertext = B64.decode(ciphertext).map_err(|_| FieldError::Malformed)?;
    if nonce.len() != 24 {
        return Err(FieldError::Malformed);
    }
    let key = keyring
        .by_id(purpose, key_id)
        .ok_or_else(|| FieldError::UnknownKey(key_id.to_owned()))?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let aad = at.associated_data();
    cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| FieldError::Forged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: FieldRef<'static> = FieldRef {
        table: "users",
        column: "totp_secret",
        row_id: "42",
    };

    #[test]
    fn round_trips_and_binds_to_its_place() {
        let keyring = Keyring::from_bytes([9u8; 32]);
        let stored = encrypt(
            &keyring,
            KeyPurpose::FieldEncryption,
            AT,
            b"JBSWY3DPEHPK3PXP",
        );
        assert!(stored.starts_with("v1:"));
        assert!(!stored.contains("JBSWY3DP"));
        let plain = decrypt(&keyring, KeyPurpose::FieldEncryption, AT, &stored).unwrap();
        assert_eq!(plain.as_slice(), b"JBSWY3DPEHPK3PXP");
        // Same plaintext, fresh nonce: different ciphertext.
        assert_ne!(
            stored,
            encrypt(
                &keyring,
                KeyPurpose::FieldEncryption,
                AT,
                b"JBSWY3DPEHPK3PXP"
            )
        );

        let other_row = FieldRef { row_id: "43", ..AT };
        assert_eq!(
            decrypt(&keyring, KeyPurpose::FieldEncryption, other_row, &stored),
            Err(FieldError::Forged)
        );
        let other_key = Keyring::from_bytes([8u8; 32]);
        assert!(matches!(
            decrypt(&other_key, KeyPurpose::FieldEncryption, AT, &stored),
            Err(FieldError::UnknownKey(_))
        ));
        let mut tampered = stored.clone();
        tampered.push('A');
        assert!(decrypt(&keyring, KeyPurpose::FieldEncryption, AT, &tampered).is_err());
        assert_eq!(
            decrypt(&keyring, KeyPurpose::FieldEncryption, AT, "plain text"),
            Err(FieldError::Malformed)
        );
    }
}
