//! The master key and the keys derived from it.
//!
//! The master key comes from `TILLIT_MASTER_KEY` (64 hex characters or base64 of 32 bytes) or from
//! `<data_dir>/master.key`, which is created with mode 0600 on first start. Every purpose gets its
//! own key through HKDF-SHA256, so a key used for one thing never protects another.

use std::path::Path;

use anyhow::{Context, bail};
use base64::Engine;
use hkdf::Hkdf;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;
use zeroize::Zeroizing;

pub const MASTER_KEY_FILE: &str = "master.key";

/// What a derived key is for. The string is part of the HKDF info and must never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPurpose {
    /// The SQLCipher page key of the embedded database.
    DatabaseEncryption,
    /// Field-level encryption (TOTP seeds, secrets): see `crypto::field`.
    FieldEncryption,
    /// HMAC keys for one-time codes stored as digests (recovery codes).
    CodeDigest,
    /// The keyed hash chain of the audit log.
    AuditChain,
    /// Wrapping the rotatable field-encryption keys stored in the database (`field_keys`), and
    /// the master key check.
    KeyWrapping,
    /// Backup archives (`features::backups::archive`).
    Backup,
}

impl KeyPurpose {
    fn info(self) -> &'static [u8] {
        match self {
            KeyPurpose::DatabaseEncryption => b"tillit/v1/sqlcipher",
            KeyPurpose::FieldEncryption => b"tillit/v1/field-encryption",
            KeyPurpose::CodeDigest => b"tillit/v1/code-digest",
            KeyPurpose::AuditChain => b"tillit/v1/audit-chain",
            KeyPurpose::KeyWrapping => b"tillit/v1/key-wrapping",
            KeyPurpose::Backup => b"tillit/v1/backup",
        }
    }
}

/// The master key and the keys derived from it. Each master key has a short public id (derived,
/// so it reveals nothing) that is stored beside everything it encrypts.
///
/// Field encryption can rotate: `tillit keys rotate` adds random field keys, stored in the
/// database wrapped under the master key (`features::keys`), and installs them here; the newest
/// encrypts, every installed one (and the master-derived key, generation zero) decrypts.
pub struct Keyring {
    master: SecretBox<[u8; 32]>,
    id: String,
    field_keys: std::sync::RwLock<FieldKeys>,
}

#[derive(Default)]
struct FieldKeys {
    /// The key new values are encrypted with; `None`: the master-derived key.
    current: Option<String>,
    keys: std::collections::HashMap<String, Zeroizing<[u8; 32]>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring([redacted])")
    }
}

impl Keyring {
    pub fn from_bytes(bytes: [u8; 32]) -> Keyring {
        let master = SecretBox::new(Box::new(bytes));
        let id = hex::encode(*derive_from(&master, b"tillit/v1/key-id"))[..8].to_owned();
        Keyring {
            master,
            id,
            field_keys: std::sync::RwLock::new(FieldKeys::default()),
        }
    }

    /// The master key's public id.
    pub fn current_id(&self) -> &str {
        &self.id
    }

    /// The key new values for `purpose` are encrypted with, and its id: the newest installed
    /// field key for field encryption, else the master-derived key.
    pub fn current(&self, purpose: KeyPurpose) -> (String, Zeroizing<[u8; 32]>) {
        if purpose == KeyPurpose::FieldEncryption
            && let Ok(field) = self.field_keys.read()
            && let Some(id) = &field.current
            && let Some(key) = field.keys.get(id)
        {
            return (id.clone(), key.clone());
        }
        (self.id.clone(), self.derive(purpose))
    }

    /// The key for `purpose` with `id`, if this keyring holds it.
    pub fn by_id(&self, purpose: KeyPurpose, id: &str) -> Option<Zeroizing<[u8; 32]>> {
        if id == self.id {
            return Some(self.derive(purpose));
        }
        if purpose != KeyPurpose::FieldEncryption {
            return None;
        }
        self.field_keys.read().ok()?.keys.get(id).cloned()
    }

    /// Installs the field keys read from the database (`current` encrypts from now on).
    pub fn install_field_keys(
        &self,
        current: Option<String>,
        keys: Vec<(String, Zeroizing<[u8; 32]>)>,
    ) {
        if let Ok(mut field) = self.field_keys.write() {
            field.keys = keys.into_iter().collect();
            field.current = current.filter(|id| field.keys.contains_key(id));
        }
    }

    /// The id new field values are encrypted under.
    pub fn current_field_key_id(&self) -> String {
        self.current(KeyPurpose::FieldEncryption).0
    }

    /// Loads the master key from the configured value, or from (creating if needed) the key file.
    pub fn load(configured: Option<&SecretString>, data_dir: &Path) -> anyhow::Result<Keyring> {
        if let Some(value) = configured {
            return Ok(Keyring::from_bytes(parse_key(value.expose_secret())?));
        }
        let path = data_dir.join(MASTER_KEY_FILE);
        if path.exists() {
            let text = Zeroizing::new(
                std::fs::read_to_string(&path)
                    .with_context(|| format!("reading the master key file {}", path.display()))?,
            );
            return Ok(Keyring::from_bytes(parse_key(text.trim()).with_context(
                || format!("the master key file {} is malformed", path.display()),
            )?));
        }
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        write_key_file(&path, &Zeroizing::new(hex::encode(bytes)))?;
        tracing::warn!(
            path = %path.display(),
            "created a new master key file; in production keep the master key outside the data \
             directory (TILLIT_MASTER_KEY from a secret store) and back it up separately: without \
             it the database and backups cannot be read"
        );
        Ok(Keyring::from_bytes(bytes))
    }

    /// A 32-byte key for `purpose`.
    pub fn derive(&self, purpose: KeyPurpose) -> Zeroizing<[u8; 32]> {
        derive_from(&self.master, purpose.info())
    }
}

fn derive_from(master: &SecretBox<[u8; 32]>, info: &[u8]) -> Zeroizing<[u8; 32]> {
    let hk = Hkdf::<Sha256>::new(Some(b"tillit-keyring"), master.expose_secret());
    let mut out = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's 8160-byte limit, so this cannot fail.
    if hk.expand(info, out.as_mut()).is_err() {
        unreachable!("HKDF output length is valid");
    }
    out
}

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let text = text.trim();
    let bytes = Zeroizing::new(
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text)?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .context("the master key is neither 64 hex characters nor base64")?
        },
    );
    if bytes.len() != 32 {
        bail!("the master key must be 32 bytes, got {}", bytes.len());
    }
    let mut key = [0u8; 32];
    key.copy_from_slice(&bytes);
    Ok(key)
}

fn write_key_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating the master key file {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_and_base64_and_refuses_wrong_lengths() {
        let hex_key = "00".repeat(32);
        assert_eq!(parse_key(&hex_key).unwrap(), [0u8; 32]);
        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert_eq!(parse_key(&b64).unwrap(), [7u8; 32]);
        assert!(parse_key("abcd").is_err());
        assert!(parse_key(&"00".repeat(31)).is_err());
    }

    #[test]
    fn purposes_get_distinct_stable_keys() {
        let a = Keyring::from_bytes([1u8; 32]);
        let b = Keyring::from_bytes([1u8; 32]);
        let c = Keyring::from_bytes([2u8; 32]);
        let ka = a.derive(KeyPurpose::DatabaseEncryption);
        assert_eq!(*ka, *b.derive(KeyPurpose::DatabaseEncryption));
        assert_ne!(*ka, *c.derive(KeyPurpose::DatabaseEncryption));
        assert_ne!(*ka, [1u8; 32]);
        assert_ne!(*ka, *a.derive(KeyPurpose::FieldEncryption));
        assert_eq!(a.current_id(), b.current_id());
        assert_ne!(a.current_id(), c.current_id());
        assert!(
            a.by_id(KeyPurpose::FieldEncryption, c.current_id())
                .is_none()
        );
    }

    #[cfg(unix)]
    #[test]
    fn creates_the_key_file_with_mode_0600_and_reuses_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("tillit-keyring-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = Keyring::load(None, &dir).unwrap();
        let mode = std::fs::metadata(dir.join(MASTER_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let second = Keyring::load(None, &dir).unwrap();
        assert_eq!(
            *first.derive(KeyPurpose::DatabaseEncryption),
            *second.derive(KeyPurpose::DatabaseEncryption)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
