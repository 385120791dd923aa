//! Configuration: built-in defaults, then an optional `tillit.toml`, then `TILLIT_*` environment
//! variables and command-line flags (clap resolves those two; flags win).

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, for a terminal.
    Pretty,
    /// One JSON object per line, for log shippers.
    Json,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// Directory for the embedded database and the generated master key.
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; `sqlite://path` an explicit SQLite file; unset means
    /// `<data_dir>/tillit.db`.
    pub database_url: Option<String>,
    /// Where the built SPA lives (`frontend/dist`).
    pub static_dir: PathBuf,
    /// The externally visible base URL, used in links printed to the log (e.g. the setup link).
    pub public_url: Option<String>,
    pub log_format: LogFormat,
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: u32,
    /// A session ends this many hours after login, whatever the activity.
    pub session_absolute_hours: u32,
    /// Mark cookies `Secure` with the `__Host-` prefix. Default: on unless bound to loopback.
    pub secure_cookies: Option<bool>,
    /// Maximum pooled database connections (on SQLite also at most two per core, see
    /// `db::connect`); the audit writer has one more of its own.
    pub db_max_connections: u32,
    /// Seed demo data into an empty database at start-up.
    pub demo: bool,
    /// Authentication attempts (login, codes, setup) one IP may make at once …
    pub auth_burst: u32,
    /// … and per minute after that.
    pub auth_per_minute: u32,
    /// argon2id hashes computed at once; `0` = one per CPU. The hashing threads run at low CPU
    /// priority, so during a login flood requests still get the CPU first.
    pub password_hashers: u32,
    /// Where e-mail goes (`smtps://user:password@host` for TLS, `smtp://…:587?tls=required` for
    /// STARTTLS, plain `smtp://host:25` only for a local relay);
    /// without it, outgoing messages are stored in the outbox for administrators to see.
    pub smtp_url: Option<String>,
    /// The sender of outgoing e-mail.
    pub mail_from: String,
    /// Browser origins (e.g. a webshop's `https://shop.example.se`) allowed to call `/graphql`
    /// cross-origin; empty = none (the bundled SPA is same-origin and needs no CORS).
    pub cors_origins: Vec<String>,
    /// Let webhooks reach private, loopback and link-local addresses. Default: only when the
    /// server itself is bound to loopback (development).
    pub allow_private_webhooks: Option<bool>,
    /// PEM certificate chain: with `tls_key`, the server speaks HTTPS itself (TLS 1.2+).
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of `tls_cert`.
    pub tls_key: Option<PathBuf>,
    /// Seconds between checks for a renewed certificate on disk.
    pub tls_reload_seconds: u32,
    /// With TLS: also listen here (e.g. `0.0.0.0:80`) and redirect every request to HTTPS.
    pub http_redirect_bind: Option<SocketAddr>,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed; from
    /// anyone else the header is ignored and the connection's address is the client's.
    pub trusted_proxies: Vec<String>,
    /// Seconds a client gets to send a request's line and headers (and an idle keep-alive
    /// connection stays open).
    pub header_timeout_seconds: u32,
    /// Seconds a request may take from its headers to the end of the answer, reading the body
    /// included (a client that trickles its body is cut off with 408).
    pub request_timeout_seconds: u32,
    /// Connections served at once; more wait in the kernel's backlog.
    pub max_connections: u32,
    /// GraphQL requests one client address may make at once … (0 = no limit)
    pub ip_burst: u32,
    /// … and per minute after that.
    pub ip_per_minute: u32,
    /// GraphQL requests one API key may make at once … (0 = no limit)
    pub api_key_burst: u32,
    /// … and per minute after that.
    pub api_key_per_minute: u32,
    /// Backups: schedule, retention, destinations (`[backup]` in `tillit.toml`).
    #[serde(default)]
    pub backup: BackupConfig,
    /// The master key (hex or base64 of 32 bytes). Never read from `tillit.toml`.
    #[serde(skip)]
    pub master_key: Option<SecretString>,
    /// Bearer token `/metrics` asks for; without one only loopback clients are answered.
    /// Never read from `tillit.toml`.
    #[serde(skip)]
    pub metrics_token: Option<SecretString>,
    /// How long a batched nested read (the contacts, orders, … of a page of customers) waits
    /// for the rest of its keys before it runs. Tests of batching widen it: a debug build
    /// under load may take longer than the default to ask for every key.
    #[serde(skip)]
    pub loader_window: std::time::Duration,
}

/// `[backup]` in `tillit.toml`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupConfig {
    /// Take backups and run drills on a schedule inside the server.
    pub schedule: bool,
    /// Hourly backups to keep (0 = take none).
    pub hourly_keep: u32,
    /// Daily backups to keep (0 = take none).
    pub daily_keep: u32,
    /// Hours between scheduled restore drills (0 = none).
    pub drill_interval_hours: u32,
    /// Where archives are built before they are copied out [default: <data_dir>/backups/staging].
    pub staging_dir: Option<PathBuf>,
    /// Where copies go. Empty: three local directories under `<data_dir>/backups`.
    pub destinations: Vec<DestinationConfig>,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            schedule: true,
            hourly_keep: 24,
            daily_keep: 14,
            drill_interval_hours: 24 * 7,
            staging_dir: None,
            destinations: Vec::new(),
        }
    }
}

/// One `[[backup.destinations]]` entry.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum DestinationConfig {
    /// A directory (point each at a different disk).
    Local { name: String, path: PathBuf },
    /// An S3-compatible bucket (the off-site copy). Credentials may instead come from
    /// `TILLIT_BACKUP_S3_ACCESS_KEY_ID` and `TILLIT_BACKUP_S3_SECRET_ACCESS_KEY`.
    S3 {
        name: String,
        /// e.g. `https://s3.eu-north-1.amazonaws.com` or a MinIO/Ceph URL.
        endpoint: Option<String>,
        bucket: String,
        region: Option<String>,
        prefix: Option<String>,
        access_key_id: Option<String>,
        secret_access_key: Option<String>,
        /// Allow a plain `http://` endpoint (tests, a store on the same private network).
        #[serde(default)]
        allow_http: bool,
    },
}

impl DestinationConfig {
    pub fn name(&self) -> &str {
        match self {
            DestinationConfig::Local { name, .. } | DestinationConfig::S3 { name, .. } => name,
        }
    }
}

impl fmt::Debug for BackupConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let destinations: Vec<String> = self
            .destinations
            .iter()
            .map(|d| match d {
                DestinationConfig::Local { name, path } => format!("{name}: {}", path.display()),
                DestinationConfig::S3 { name, bucket, .. } => format!("{name}: s3://{bucket}"),
            })
            .collect();
        f.debug_struct("BackupConfig")
            .field("schedule", &self.schedule)
            .field("hourly_keep", &self.hourly_keep)
            .field("daily_keep", &self.daily_keep)
            .field("drill_interval_hours", &self.drill_interval_hours)
            .field("destinations", &destinations)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            static_dir: PathBuf::from("./frontend/dist"),
            public_url: None,
            log_format: LogFormat::Pretty,
            session_idle_minutes: 30,
            session_absolute_hours: 10,
            secure_cookies: None,
            db_max_connections: 16,
            demo: false,
            auth_burst: 20,
            auth_per_minute: 10,
            password_hashers: 0,
            smtp_url: None,
            mail_from: "Tillit <no-reply@tillit.invalid>".to_owned(),
            allow_private_webhooks: None,
            cors_origins: Vec::new(),
            tls_cert: None,
            tls_key: None,
            tls_reload_seconds: 30,
            http_redirect_bind: None,
            trusted_proxies: Vec::new(),
            header_timeout_seconds: 15,
            request_timeout_seconds: 30,
            max_connections: 10_000,
            ip_burst: 300,
            ip_per_minute: 3_000,
            api_key_burst: 1_000,
            api_key_per_minute: 60_000,
            backup: BackupConfig::default(),
            master_key: None,
            metrics_token: None,
            loader_window: std::time::Duration::from_millis(1),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database", &self.database_kind())
            .field("static_dir", &self.static_dir)
            .field("public_url", &self.public_url)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field("secure_cookies", &self.cookies_secure())
            .field("smtp", &self.smtp_url.as_ref().map(|_| "[set]"))
            .field("mail_from", &self.mail_from)
            .field("cors_origins", &self.cors_origins)
            .field("tls", &self.tls_files().map(|(c, _)| c))
            .field("http_redirect_bind", &self.http_redirect_bind)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("backup", &self.backup)
            .field("master_key", &self.master_key.as_ref().map(|_| "[set]"))
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "[set]"),
            )
            .finish()
    }
}

impl Config {
    /// Defaults, overlaid by the TOML file if it exists, overlaid by `overrides` (flags and env).
    pub fn load(file: &Path, overrides: &ConfigOverrides) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if file.exists() {
            figment = figment.merge(Toml::file(file));
        }
        let mut config: Config = figment.merge(Serialized::defaults(overrides)).extract()?;
        config.master_key = overrides.master_key.clone().map(SecretString::from);
        config.metrics_token = overrides.metrics_token.clone().map(SecretString::from);
        Ok(config)
    }

    /// Refuses combinations that would weaken the deployment without saying so (`tillit::open`
    /// calls it, so every command and every test server goes through it).
    pub fn validate(&self) -> anyhow::Result<()> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(_), None) | (None, Some(_)) => {
                anyhow::bail!("--tls-cert and --tls-key go together: give both or neither")
            }
            _ => {}
        }
        if self.http_redirect_bind.is_some() && !self.tls() {
            anyhow::bail!(
                "--http-redirect-bind redirects to HTTPS: it needs --tls-cert and --tls-key"
            );
        }
        if self.secure_cookies == Some(false) && (self.tls() || !self.bind.ip().is_loopback()) {
            anyhow::bail!(
                "--secure-cookies=false is only allowed without TLS on a loopback address (local development)"
            );
        }
        self.trusted_proxy_nets()?;
        Ok(())
    }

    /// Whether the server terminates TLS itself.
    pub fn tls(&self) -> bool {
        self.tls_files().is_some()
    }

    pub fn tls_files(&self) -> Option<(&Path, &Path)> {
        Some((self.tls_cert.as_deref()?, self.tls_key.as_deref()?))
    }

    /// `trusted_proxies` parsed: a bare address is a single-host network.
    pub fn trusted_proxy_nets(&self) -> anyhow::Result<Vec<ipnet::IpNet>> {
        self.trusted_proxies
            .iter()
            .map(|p| {
                let p = p.trim();
                p.parse::<ipnet::IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "trusted proxy {p:?} is neither an IP address nor a CIDR range"
                        )
                    })
            })
            .collect()
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
    }

    fn database_kind(&self) -> &'static str {
        if self.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// `Secure` cookies with the `__Host-` prefix: always under TLS and off loopback; plain
    /// names only for local development over HTTP (see `validate`).
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies
            .unwrap_or_else(|| self.tls() || !self.bind.ip().is_loopback())
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.cookies_secure() {
            "__Host-tillit_session"
        } else {
            "tillit_session"
        }
    }

    pub fn private_webhooks_allowed(&self) -> bool {
        self.allow_private_webhooks
            .unwrap_or_else(|| self.bind.ip().is_loopback())
    }

    /// The My page session cookie (its own name, so staff and portal sessions never mix).
    pub fn portal_cookie_name(&self) -> &'static str {
        if self.cookies_secure() {
            "__Host-tillit_portal"
        } else {
            "tillit_portal"
        }
    }

    /// Where backup archives are built before they are copied to the destinations.
    pub fn backup_staging_dir(&self) -> PathBuf {
        self.backup
            .staging_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("backups").join("staging"))
    }

    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if self.tls() => format!("https://{}", self.bind),
            None => format!("http://{}", self.bind),
        }
    }
}

/// Values given on the command line or in `TILLIT_*` variables; `None` leaves the file/default.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ConfigOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub static_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_idle_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_absolute_hours: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_cookies: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_max_connections: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_burst: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_per_minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_hashers: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_private_webhooks: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cors_origins: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cert: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_key: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_redirect_bind: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_proxies: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_burst: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_per_minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_burst: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_per_minute: Option<u32>,
    #[serde(skip)]
    pub master_key: Option<String>,
    #[serde(skip)]
    pub metrics_token: Option<String>,
}
