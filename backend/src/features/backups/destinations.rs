//! Where backups go: local directories (an operator points each at a different disk) and
//! S3-compatible object stores (the off-site copy). Every write is checked by reading the copy
//! back and comparing its SHA-256 with the original's.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::BackupError;
use crate::config::{BackupConfig, DestinationConfig};

/// A stored backup as a destination lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub file_name: String,
    pub size: u64,
}

pub const EXTENSION: &str = ".tbk";
const S3_CHUNK: usize = 8 << 20;

#[derive(Clone)]
pub enum Target {
    Local(PathBuf),
    S3 {
        store: Arc<dyn ObjectStore>,
        prefix: String,
        bucket: String,
    },
}

#[derive(Clone)]
pub struct Destination {
    pub name: String,
    pub target: Target,
}

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.describe())
    }
}

/// The destinations of `config`; without any configured, three local directories under
/// `<data_dir>/backups` (which an operator should point at three different disks).
pub fn from_config(
    config: &BackupConfig,
    data_dir: &Path,
) -> Result<Vec<Destination>, BackupError> {
    if config.destinations.is_empty() {
        return Ok((1..=3)
            .map(|i| Destination {
                name: format!("local-{i}"),
                target: Target::Local(data_dir.join("backups").join(format!("copy-{i}"))),
            })
            .collect());
    }
    let mut seen = std::collections::HashSet::new();
    config
        .destinations
        .iter()
        .map(|d| {
            let name = d.name().to_owned();
            if name.is_empty() || !seen.insert(name.clone()) {
                return Err(BackupError::Config(format!(
                    "backup destination names must be unique and non-empty (`{name}`)"
                )));
            }
            Ok(Destination {
                name,
                target: match d {
                    DestinationConfig::Local { path, .. } => Target::Local(path.clone()),
                    DestinationConfig::S3 { .. } => s3(d)?,
                },
            })
        })
        .collect()
}

fn s3(config: &DestinationConfig) -> Result<Target, BackupError> {
    let DestinationConfig::S3 {
        name,
        endpoint,
        bucket,
        region,
        prefix,
        access_key_id,
        secret_access_key,
        allow_http,
    } = config
    else {
        return Err(BackupError::Config("not an S3 destination".into()));
    };
    let env = |var: &str| std::env::var(var).ok().filter(|v| !v.is_empty());
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(bucket)
        .with_region(region.clone().unwrap_or_else(|| "us-east-1".to_owned()))
        .with_allow_http(*allow_http)
        .with_retry(RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(60),
            ..RetryConfig::default()
        })
        .with_client_options(
            ClientOptions::new()
                .with_allow_http(*allow_http)
                .with_connect_timeout(Duration::from_secs(10))
                .with_timeout(Duration::from_secs(300)),
        );
    if let Some(endpoint) = endpoint {
        builder = builder.with_endpoint(endpoint);
    }
    if let Some(key) = access_key_id
        .clone()
        .or_else(|| env("TILLIT_BACKUP_S3_ACCESS_KEY_ID"))
    {
        builder = builder.with_access_key_id(key);
    }
    if let Some(secret) = secret_access_key
        .clone()
        .or_else(|| env("TILLIT_BACKUP_S3_SECRET_ACCESS_KEY"))
    {
        builder = builder.with_secret_access_key(secret);
    }
    let store = builder.build().map_err(|e| {
        BackupError::Config(format!(
            "backup destination {name}: the S3 settings are invalid: {e}"
        ))
    })?;
    Ok(Target::S3 {
        store: Arc::new(store),
        prefix: prefix
            .clone()
            .unwrap_or_default()
            .trim_matches('/')
            .to_owned(),
        bucket: bucket.clone(),
    })
}

fn object_path(prefix: &str, file_name: &str) -> ObjectPath {
    if prefix.is_empty() {
        ObjectPath::from(file_name)
    } else {
        ObjectPath::from(format!("{prefix}/{file_name}"))
    }
}

/// A backup file name we wrote (no directories, no tricks).
pub fn valid_file_name(name: &str) -> bool {
    name.starts_with("tillit-")
        && name.ends_with(EXTENSION)
        && name.len() < 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
}

impl Destination {
    pub fn kind(&self) -> &'static str {
        match self.target {
            Target::Local(_) => "local",
            Target::S3 { .. } => "s3",
        }
    }

    /// Where it is, for people (no credentials).
    pub fn describe(&self) -> String {
        match &self.target {
            Target::Local(path) => path.display().to_string(),
            Target::S3 { bucket, prefix, .. } => format!("s3://{bucket}/{prefix}"),
        }
    }

    fn error(&self, message: impl std::fmt::Display) -> BackupError {
        BackupError::Destination {
            name: self.name.clone(),
            message: message.to_string(),
        }
    }

    /// Stores `source` as `file_name`: written under a temporary name and renamed (local), or
    /// uploaded in parts (S3), so a reader never sees half a file under the real name.
    pub async fn put(&self, file_name: &str, source: &Path) -> Result<(), BackupError> {
        match &self.target {
            Target::Local(dir) => {
                let (dir, source, name) = (dir.clone(), source.to_owned(), file_name.to_owned());
                tokio::task::spawn_blocking(move || local_put(&dir, &source, &name))
                    .await
                    .map_err(|e| BackupError::internal(e.into()))?
                    .map_err(|e| self.error(e))
            }
            Target::S3 { store, prefix, .. } => {
                let path = object_path(prefix, file_name);
                let size = tokio::fs::metadata(source).await?.len();
                let mut file = tokio::fs::File::open(source).await?;
                if size <= S3_CHUNK as u64 {
                    let bytes = tokio::fs::read(source).await?;
                    store
                        .put(&path, bytes.into())
                        .await
                        .map_err(|e| self.error(e))?;
                    return Ok(());
                }
                let upload = store
                    .put_multipart(&path)
                    .await
                    .map_err(|e| self.error(e))?;
                let mut writer = WriteMultipart::new_with_chunk_size(upload, S3_CHUNK);
                let mut buffer = vec![0u8; 1 << 20];
                loop {
                    use tokio::io::AsyncReadExt;
                    let n = file.read(&mut buffer).await?;
                    if n == 0 {
                        break;
                    }
                    writer
                        .wait_for_capacity(4)
                        .await
                        .map_err(|e| self.error(e))?;
                    writer.write(&buffer[..n]);
                }
                writer.finish().await.map_err(|e| self.error(e))?;
                Ok(())
            }
        }
    }

    /// SHA-256 of the stored copy, read back in full.
    pub async fn sha256(&self, file_name: &str) -> Result<String, BackupError> {
        match &self.target {
            Target::Local(dir) => {
                let path = dir.join(file_name);
                tokio::task::spawn_blocking(move || super::archive::file_sha256(&path))
                    .await
                    .map_err(|e| BackupError::internal(e.into()))?
                    .map_err(|e| self.error(e))
            }
            Target::S3 { store, prefix, .. } => {
                let got = store
                    .get(&object_path(prefix, file_name))
                    .await
                    .map_err(|e| self.error(e))?;
                let mut stream = got.into_stream();
                let mut hasher = Sha256::new();
                while let Some(chunk) = stream.next().await {
                    hasher.update(chunk.map_err(|e| self.error(e))?);
                }
                Ok(hex::encode(hasher.finalize()))
            }
        }
    }

    /// Copies the stored `file_name` to the local file `to`.
    pub async fn fetch(&self, file_name: &str, to: &Path) -> Result<(), BackupError> {
        match &self.target {
            Target::Local(dir) => {
                tokio::fs::copy(dir.join(file_name), to)
                    .await
                    .map_err(|e| self.error(e))?;
                Ok(())
            }
            Target::S3 { store, prefix, .. } => {
                let got = store
                    .get(&object_path(prefix, file_name))
                    .await
                    .map_err(|e| self.error(e))?;
                let mut stream = got.into_stream();
                let mut out = tokio::fs::File::create(to).await?;
                while let Some(chunk) = stream.next().await {
                    out.write_all(&chunk.map_err(|e| self.error(e))?).await?;
                }
                out.flush().await?;
                Ok(())
            }
        }
    }

    /// The backups stored here, oldest first.
    pub async fn list(&self) -> Result<Vec<Stored>, BackupError> {
        let mut found = Vec::new();
        match &self.target {
            Target::Local(dir) => {
                let mut entries = match tokio::fs::read_dir(dir).await {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
                    Err(e) => return Err(self.error(e)),
                };
                while let Some(entry) = entries.next_entry().await.map_err(|e| self.error(e))? {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if valid_file_name(&name) {
                        let size = entry.metadata().await.map_err(|e| self.error(e))?.len();
                        found.push(Stored {
                            file_name: name,
                            size,
                        });
                    }
                }
            }
            Target::S3 { store, prefix, .. } => {
                let prefix_path = (!prefix.is_empty()).then(|| ObjectPath::from(prefix.as_str()));
                let mut listing = store.list(prefix_path.as_ref());
                while let Some(meta) = listing.next().await {
                    let meta = meta.map_err(|e| self.error(e))?;
                    let name = meta.location.filename().unwrap_or_default().to_owned();
                    if valid_file_name(&name) {
                        found.push(Stored {
                            file_name: name,
                            size: meta.size,
                        });
                    }
                }
            }
        }
        found.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        Ok(found)
    }

    pub async fn delete(&self, file_name: &str) -> Result<(), BackupError> {
        match &self.target {
            Target::Local(dir) => match tokio::fs::remove_file(dir.join(file_name)).await {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(self.error(e)),
            },
            Target::S3 { store, prefix, .. } => store
                .delete(&object_path(prefix, file_name))
                .await
                .map_err(|e| self.error(e)),
        }
    }
}

fn local_put(dir: &Path, source: &Path, file_name: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let partial = dir.join(format!(".{file_name}.partial"));
    let result = (|| {
        std::fs::copy(source, &partial)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, dir.join(file_name))?;
        // The rename itself must reach the disk.
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_file_names_are_accepted() {
        assert!(valid_file_name(
            "tillit-20261130T010203Z-hourly-0a1b2c3d.tbk"
        ));
        assert!(!valid_file_name("../tillit-x.tbk"));
        assert!(!valid_file_name("tillit-x/../../etc.tbk"));
        assert!(!valid_file_name("other.tbk"));
        assert!(!valid_file_name("tillit-x.tbk.partial"));
    }
}
