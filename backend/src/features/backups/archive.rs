//! The backup archive, format version 1: one file, engine-independent, compressed, encrypted,
//! with a manifest that lets a reader check every byte before it trusts any of it.
//!
//! ```text
//! "TILLITBK" | u32 LE header length | header (JSON, clear)
//! part 0 | part 1 | …                   each: 24-byte nonce | XChaCha20-Poly1305(zstd(JSON lines))
//! manifest: 24-byte nonce | XChaCha20-Poly1305(JSON)
//! u64 LE manifest length | "TBKEND01"
//! ```
//!
//! - The header says what the file is (format and schema version, source engine, which master
//!   key) without the key, so a wrong key or a too-new backup is named before anything else.
//! - The key is `KeyPurpose::Backup`, derived from the master key: the restored database needs
//!   that master key anyway (its field keys are wrapped under it).
//! - A part holds up to [`PART_TARGET_BYTES`] of JSON lines of one table (one row per line, the
//!   entity's column names as keys). Its associated data binds it to the backup, its index and
//!   its table, so parts cannot be swapped or moved between backups.
//! - The manifest (associated data: the header) lists every table's row count and every part's
//!   offset, length, row count and SHA-256, so tampering with the header breaks the manifest and
//!   tampering with a part breaks its checksum.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::BackupError;
use crate::crypto::{KeyPurpose, Keyring};

pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"TILLITBK";
const END_MAGIC: &[u8; 8] = b"TBKEND01";
/// Uncompressed JSON per part: small enough to hold in memory twice, large enough to compress well.
pub const PART_TARGET_BYTES: usize = 4 << 20;
const NONCE_LEN: usize = 24;
/// A header or manifest larger than this is not one we wrote.
const MAX_META_BYTES: u64 = 64 << 20;
const ZSTD_LEVEL: i32 = 3;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub format_version: u32,
    pub backup_id: Uuid,
    pub created_at: DateTime<Utc>,
    /// The public id of the master key the backup key derives from.
    pub key_id: String,
    /// `sqlite` or `postgres`.
    pub source_engine: String,
    /// The name of the newest migration of the source database.
    pub schema_version: String,
    pub app_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TableEntry {
    pub name: String,
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PartEntry {
    pub table: String,
    pub offset: u64,
    pub length: u64,
    pub rows: u64,
    /// Uncompressed size of the JSON lines.
    pub plain_bytes: u64,
    /// SHA-256 of the stored (encrypted) bytes, hex.
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub backup_id: Uuid,
    pub tables: Vec<TableEntry>,
    pub parts: Vec<PartEntry>,
}

impl Manifest {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    pub fn rows_of(&self, table: &str) -> Option<u64> {
        self.tables.iter().find(|t| t.name == table).map(|t| t.rows)
    }
}

fn cipher(keyring: &Keyring) -> XChaCha20Poly1305 {
    let key = keyring.derive(KeyPurpose::Backup);
    XChaCha20Poly1305::new(key.as_ref().into())
}

fn part_aad(backup_id: Uuid, index: usize, table: &str) -> Vec<u8> {
    format!("tillit-backup-part:{backup_id}:{index}:{table}").into_bytes()
}

fn header_bytes(header: &Header) -> Result<Vec<u8>, BackupError> {
    let json = serde_json::to_vec(header).map_err(|e| BackupError::internal(e.into()))?;
    let mut bytes = Vec::with_capacity(12 + json.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&u32::try_from(json.len()).unwrap_or(u32::MAX).to_le_bytes());
    bytes.extend_from_slice(&json);
    Ok(bytes)
}

fn seal(cipher: &XChaCha20Poly1305, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, BackupError> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
        .map_err(|_| BackupError::internal(anyhow::anyhow!("encrypting a backup part failed")))?;
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

fn open_sealed(cipher: &XChaCha20Poly1305, stored: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    if stored.len() < NONCE_LEN {
        return None;
    }
    let (nonce, sealed) = stored.split_at(NONCE_LEN);
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad })
        .ok()
}

/// Writes an archive: rows go in table by table through [`Writer::row`]; [`Writer::finish`]
/// writes the manifest and syncs the file.
pub struct Writer {
    file: BufWriter<File>,
    cipher: XChaCha20Poly1305,
    header: Header,
    offset: u64,
    manifest: Manifest,
    table: Option<String>,
    buffer: Vec<u8>,
    buffer_rows: u64,
    hasher: Sha256,
}

impl Writer {
    pub fn create(path: &Path, keyring: &Keyring, header: Header) -> Result<Writer, BackupError> {
        let file = File::create(path)?;
        let mut file = BufWriter::with_capacity(1 << 20, file);
        let head = header_bytes(&header)?;
        file.write_all(&head)?;
        let mut hasher = Sha256::new();
        hasher.update(&head);
        Ok(Writer {
            file,
            cipher: cipher(keyring),
            offset: head.len() as u64,
            manifest: Manifest {
                backup_id: header.backup_id,
                tables: Vec::new(),
                parts: Vec::new(),
            },
            header,
            table: None,
            buffer: Vec::with_capacity(PART_TARGET_BYTES + (64 << 10)),
            buffer_rows: 0,
            hasher,
        })
    }

    /// Starts the next table (every table gets an entry, also an empty one).
    pub fn begin_table(&mut self, name: &str) -> Result<(), BackupError> {
        self.flush_part()?;
        self.table = Some(name.to_owned());
        self.manifest.tables.push(TableEntry {
            name: name.to_owned(),
            rows: 0,
        });
        Ok(())
    }

    /// Adds one row (a JSON object) to the current table.
    pub fn row(&mut self, row: &impl Serialize) -> Result<(), BackupError> {
        serde_json::to_writer(&mut self.buffer, row)
            .map_err(|e| BackupError::internal(e.into()))?;
        self.buffer.push(b'\n');
        self.buffer_rows += 1;
        if let Some(entry) = self.manifest.tables.last_mut() {
            entry.rows += 1;
        }
        if self.buffer.len() >= PART_TARGET_BYTES {
            self.flush_part()?;
        }
        Ok(())
    }

    fn flush_part(&mut self) -> Result<(), BackupError> {
        if self.buffer_rows == 0 {
            return Ok(());
        }
        let table = self.table.clone().unwrap_or_default();
        let compressed = zstd::bulk::compress(&self.buffer, ZSTD_LEVEL)?;
        let index = self.manifest.parts.len();
        let stored = seal(
            &self.cipher,
            &compressed,
            &part_aad(self.header.backup_id, index, &table),
        )?;
        self.file.write_all(&stored)?;
        self.hasher.update(&stored);
        self.manifest.parts.push(PartEntry {
            table,
            offset: self.offset,
            length: stored.len() as u64,
            rows: self.buffer_rows,
            plain_bytes: self.buffer.len() as u64,
            sha256: hex::encode(Sha256::digest(&stored)),
        });
        self.offset += stored.len() as u64;
        self.buffer.clear();
        self.buffer_rows = 0;
        Ok(())
    }

    /// Writes the manifest and the trailer and syncs the file to disk. Returns the manifest,
    /// the file size and the SHA-256 of the whole file.
    pub fn finish(mut self) -> Result<(Manifest, u64, String), BackupError> {
        self.flush_part()?;
        let manifest_json =
            serde_json::to_vec(&self.manifest).map_err(|e| BackupError::internal(e.into()))?;
        let sealed = seal(&self.cipher, &manifest_json, &header_bytes(&self.header)?)?;
        let mut trailer = sealed;
        trailer.extend_from_slice(&((trailer.len()) as u64).to_le_bytes());
        trailer.extend_from_slice(END_MAGIC);
        self.file.write_all(&trailer)?;
        self.hasher.update(&trailer);
        let size = self.offset + trailer.len() as u64;
        let file = self
            .file
            .into_inner()
            .map_err(|e| BackupError::Io(e.into_error()))?;
        file.sync_all()?;
        Ok((self.manifest, size, hex::encode(self.hasher.finalize())))
    }
}

/// Reads the header of an archive without any key (what is it, whose key, which schema).
pub fn read_header(file: &mut File) -> Result<(Header, Vec<u8>), BackupError> {
    file.seek(SeekFrom::Start(0))?;
    let mut magic = [0u8; 12];
    if file.read_exact(&mut magic).is_err() {
        return Err(BackupError::NotABackup);
    }
    if &magic[..8] != MAGIC {
        return Err(BackupError::NotABackup);
    }
    let mut len = [0u8; 4];
    len.copy_from_slice(&magic[8..12]);
    let len = u64::from(u32::from_le_bytes(len));
    if len > MAX_META_BYTES {
        return Err(BackupError::Corrupt(
            "the header length is implausible".into(),
        ));
    }
    let mut json = vec![0u8; len as usize];
    file.read_exact(&mut json)
        .map_err(|_| BackupError::Truncated)?;
    let header: Header = serde_json::from_slice(&json)
        .map_err(|_| BackupError::Corrupt("the header is not readable".into()))?;
    let mut bytes = magic.to_vec();
    bytes.extend_from_slice(&json);
    Ok((header, bytes))
}

/// An archive opened for reading: header and manifest checked, parts read on demand.
pub struct Archive {
    file: File,
    cipher: XChaCha20Poly1305,
    pub header: Header,
    pub manifest: Manifest,
    pub size: u64,
}

impl Archive {
    /// Opens an archive: checks the magic, the format version, the key and the manifest's
    /// integrity. Parts are checked by [`Archive::verify`] / [`Archive::part`].
    pub fn open(path: &Path, keyring: &Keyring) -> Result<Archive, BackupError> {
        let mut file = File::open(path)?;
        let size = file.metadata()?.len();
        let (header, head) = read_header(&mut file)?;
        if header.format_version > FORMAT_VERSION {
            return Err(BackupError::UnsupportedFormat(header.format_version));
        }
        if header.key_id != keyring.current_id() {
            return Err(BackupError::WrongKey {
                backup: header.key_id.clone(),
                ours: keyring.current_id().to_owned(),
            });
        }
        if size < head.len() as u64 + 16 {
            return Err(BackupError::Truncated);
        }
        let mut trailer = [0u8; 16];
        file.seek(SeekFrom::End(-16))?;
        file.read_exact(&mut trailer)?;
        if &trailer[8..] != END_MAGIC {
            return Err(BackupError::Truncated);
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&trailer[..8]);
        let manifest_len = u64::from_le_bytes(len);
        if manifest_len > MAX_META_BYTES || manifest_len + 16 + head.len() as u64 > size {
            return Err(BackupError::Corrupt(
                "the manifest length is implausible".into(),
            ));
        }
        let manifest_at = size - 16 - manifest_len;
        let mut sealed = vec![0u8; manifest_len as usize];
        file.seek(SeekFrom::Start(manifest_at))?;
        file.read_exact(&mut sealed)?;
        let cipher = cipher(keyring);
        let json = open_sealed(&cipher, &sealed, &head).ok_or_else(|| {
            BackupError::Corrupt("the manifest does not authenticate (damaged or altered)".into())
        })?;
        let manifest: Manifest = serde_json::from_slice(&json)
            .map_err(|_| BackupError::Corrupt("the manifest is not readable".into()))?;
        if manifest.backup_id != header.backup_id {
            return Err(BackupError::Corrupt(
                "the manifest belongs to another backup".into(),
            ));
        }
        let mut expected = head.len() as u64;
        for part in &manifest.parts {
            if part.offset != expected {
                return Err(BackupError::Corrupt(
                    "the parts do not follow each other".into(),
                ));
            }
            expected += part.length;
        }
        if expected != manifest_at {
            return Err(BackupError::Corrupt(
                "the parts do not fill the file".into(),
            ));
        }
        Ok(Archive {
            file,
            cipher,
            header,
            manifest,
            size,
        })
    }

    /// Part `index`: checksum checked, decrypted, decompressed (JSON lines).
    pub fn part(&mut self, index: usize) -> Result<Vec<u8>, BackupError> {
        let entry = self
            .manifest
            .parts
            .get(index)
            .ok_or_else(|| BackupError::Corrupt(format!("there is no part {index}")))?
            .clone();
        let damaged = || {
            BackupError::Corrupt(format!(
                "part {index} (table {}) fails its checksum",
                entry.table
            ))
        };
        let mut stored = vec![0u8; usize::try_from(entry.length).map_err(|_| damaged())?];
        self.file.seek(SeekFrom::Start(entry.offset))?;
        self.file.read_exact(&mut stored)?;
        if hex::encode(Sha256::digest(&stored)) != entry.sha256 {
            return Err(damaged());
        }
        let compressed = open_sealed(
            &self.cipher,
            &stored,
            &part_aad(self.header.backup_id, index, &entry.table),
        )
        .ok_or_else(damaged)?;
        let capacity = usize::try_from(entry.plain_bytes).map_err(|_| damaged())?;
        if capacity > 4 * PART_TARGET_BYTES {
            return Err(damaged());
        }
        let plain = zstd::bulk::decompress(&compressed, capacity).map_err(|_| damaged())?;
        if plain.len() != capacity {
            return Err(damaged());
        }
        Ok(plain)
    }

    /// Checks every part (checksum, authentication, decompression, row count) and every
    /// table's row count, writing nothing. Returns the number of rows.
    pub fn verify(&mut self) -> Result<u64, BackupError> {
        let mut per_table: std::collections::HashMap<String, u64> = Default::default();
        for index in 0..self.manifest.parts.len() {
            let plain = self.part(index)?;
            let rows = plain
                .split(|b| *b == b'\n')
                .filter(|l| !l.is_empty())
                .count() as u64;
            let entry = &self.manifest.parts[index];
            if rows != entry.rows {
                return Err(BackupError::Corrupt(format!(
                    "part {index} holds {rows} rows, the manifest says {}",
                    entry.rows
                )));
            }
            *per_table.entry(entry.table.clone()).or_default() += rows;
        }
        for table in &self.manifest.tables {
            let found = per_table.get(&table.name).copied().unwrap_or(0);
            if found != table.rows {
                return Err(BackupError::Corrupt(format!(
                    "table {} has {found} rows in its parts, the manifest says {}",
                    table.name, table.rows
                )));
            }
        }
        Ok(self.manifest.total_rows())
    }

    /// The indexes of `table`'s parts, in order.
    pub fn parts_of(&self, table: &str) -> Vec<usize> {
        self.manifest
            .parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.table == table)
            .map(|(i, _)| i)
            .collect()
    }
}

/// SHA-256 of a whole file, hex (how a copy in a destination is checked against the original).
pub fn file_sha256(path: &Path) -> Result<String, BackupError> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(keyring: &Keyring) -> Header {
        Header {
            format_version: FORMAT_VERSION,
            backup_id: Uuid::new_v4(),
            created_at: Utc::now(),
            key_id: keyring.current_id().to_owned(),
            source_engine: "sqlite".into(),
            schema_version: "m1".into(),
            app_version: "test".into(),
        }
    }

    fn write_sample(path: &Path, keyring: &Keyring) -> Manifest {
        let mut writer = Writer::create(path, keyring, header(keyring)).unwrap();
        writer.begin_table("customers").unwrap();
        for i in 0..5000 {
            writer
                .row(&serde_json::json!({"id": i, "name": format!("Kund {i}")}))
                .unwrap();
        }
        writer.begin_table("empty").unwrap();
        writer.begin_table("notes").unwrap();
        writer.row(&serde_json::json!({"id": 1})).unwrap();
        writer.finish().unwrap().0
    }

    #[test]
    fn round_trips_and_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.tbk");
        let keyring = Keyring::from_bytes([3; 32]);
        let manifest = write_sample(&path, &keyring);
        let mut archive = Archive::open(&path, &keyring).unwrap();
        assert_eq!(archive.manifest, manifest);
        assert_eq!(archive.verify().unwrap(), 5001);
        assert_eq!(archive.manifest.rows_of("empty"), Some(0));
        let notes = archive.parts_of("notes");
        assert_eq!(archive.part(notes[0]).unwrap(), b"{\"id\":1}\n");
    }

    #[test]
    fn refuses_the_wrong_key_truncation_and_every_flipped_byte_region() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.tbk");
        let keyring = Keyring::from_bytes([3; 32]);
        write_sample(&path, &keyring);
        let other = Keyring::from_bytes([4; 32]);
        assert!(matches!(
            Archive::open(&path, &other),
            Err(BackupError::WrongKey { .. })
        ));
        let bytes = std::fs::read(&path).unwrap();
        let cut = dir.path().join("cut.tbk");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        assert!(matches!(
            Archive::open(&cut, &keyring),
            Err(BackupError::Truncated)
        ));
        // A flipped bit anywhere is found by `open` or `verify`.
        for at in [20, 200, bytes.len() / 2, bytes.len() - 40] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x10;
            let bad = dir.path().join("bad.tbk");
            std::fs::write(&bad, &flipped).unwrap();
            let result = Archive::open(&bad, &keyring).and_then(|mut a| a.verify());
            assert!(result.is_err(), "a flip at byte {at} went unnoticed");
        }
        let not = dir.path().join("not.tbk");
        std::fs::write(&not, b"hello").unwrap();
        assert!(matches!(
            Archive::open(&not, &keyring),
            Err(BackupError::NotABackup)
        ));
    }
}
