//! TLS with rustls: TLS 1.3 and 1.2 only, the ring provider's suites (AEAD ciphers with
//! forward-secret key exchange: AES-GCM and ChaCha20-Poly1305 over ECDHE), ALPN `h2` and
//! `http/1.1`, and a certificate that is reloaded from disk when the files change — a renewed
//! certificate (certbot, cert-manager, …) is served from the next handshake on, without a restart.
//! A pair that does not load (a half-written file, a key that does not match) is logged and the
//! previous certificate stays until the files are right.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use anyhow::{Context, bail};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio_rustls::TlsAcceptor;

/// Reads a PEM certificate chain and private key and checks they belong together.
pub fn load_certified_key(
    cert: &Path,
    key: &Path,
    provider: &CryptoProvider,
) -> anyhow::Result<CertifiedKey> {
    let chain = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("reading the certificate {}", cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("parsing the certificate {}", cert.display()))?;
    if chain.is_empty() {
        bail!("{} holds no PEM certificate", cert.display());
    }
    let private = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("reading the private key {}", key.display()))?;
    CertifiedKey::from_der(chain, private, provider).with_context(|| {
        format!(
            "the key {} does not fit the certificate {}",
            key.display(),
            cert.display()
        )
    })
}

/// Serves whatever certificate was loaded last.
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.0.read().ok().map(|k| k.clone())
    }
}

/// A file's identity (modification time and size): when either file changes, the pair is
/// loaded again.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// A TLS acceptor whose certificate follows the files on disk.
pub struct Tls {
    pub acceptor: TlsAcceptor,
    current: Arc<Current>,
    provider: Arc<CryptoProvider>,
    cert: PathBuf,
    key: PathBuf,
    /// The stamps of the pair being served.
    seen: Mutex<(Stamp, Stamp)>,
}

impl Tls {
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Tls> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let certified = load_certified_key(cert, key, &provider)?;
        let current = Arc::new(Current(RwLock::new(Arc::new(certified))));
        let mut config = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
            .context("configuring TLS")?
            .with_no_client_auth()
            .with_cert_resolver(current.clone());
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Tls {
            seen: Mutex::new((stamp(cert), stamp(key))),
            acceptor: TlsAcceptor::from(Arc::new(config)),
            current,
            provider,
            cert: cert.to_owned(),
            key: key.to_owned(),
        })
    }

    /// Swaps in the pair on disk if either file changed since it was last loaded and the new
    /// pair loads. A pair that does not load yet is tried again on the next call (the other
    /// file may still be on its way); until then the previous certificate is served.
    /// `crate::serve` calls this every `tls_reload_seconds`.
    pub fn reload_if_changed(&self) {
        let now = (stamp(&self.cert), stamp(&self.key));
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if *seen == now {
            return;
        }
        match load_certified_key(&self.cert, &self.key, &self.provider) {
            Ok(certified) => {
                if let Ok(mut slot) = self.current.0.write() {
                    *slot = Arc::new(certified);
                }
                *seen = now;
                tracing::info!(cert = %self.cert.display(), "TLS certificate reloaded");
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "the changed TLS certificate does not load yet; still serving the previous one");
            }
        }
    }
}
