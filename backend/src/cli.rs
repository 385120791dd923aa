//! The command line: `tillit [serve]`, `tillit migrate`, `tillit user create`, `tillit seed`,
//! `tillit backup …`, `tillit keys rotate`, `tillit retention run`, `tillit audit verify`.
//! Every option can also come from a `TILLIT_*` environment variable or `tillit.toml`.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};

use crate::config::{Config, ConfigOverrides, LogFormat};
use crate::error::AppError;
use crate::features::audit::chain;
use crate::features::auth::{Actor, service as auth};
use crate::features::demo;

const AFTER_HELP: &str = "\
Environment:
  TILLIT_MASTER_KEY   The master key (64 hex characters or base64 of 32 bytes). Without it, the key
                      is read from (or created in) <data-dir>/master.key with mode 0600. It encrypts
                      the embedded database; keep a copy outside the server.
  RUST_LOG            Log filter, e.g. `info` or `tillit=debug`.

Configuration is read from built-in defaults, then the TOML file (--config), then environment
variables and flags (flags win). TOML keys are the flag names with underscores, e.g. `bind`,
`data_dir`, `database_url`, `session_idle_minutes`.";

#[derive(Debug, Parser)]
#[command(name = "tillit", version, about = "Tillit: customer register with provable GDPR consent", after_help = AFTER_HELP)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Options of `serve`, accepted without the subcommand too (`serve` is the default).
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Configuration file (TOML); a missing file is fine.
    #[arg(
        long,
        env = "TILLIT_CONFIG",
        default_value = "tillit.toml",
        global = true
    )]
    pub config: PathBuf,
    /// Directory for the embedded database and the generated master key [default: ./data].
    #[arg(long, env = "TILLIT_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// `postgres://user@host/db` to use PostgreSQL; unset = encrypted SQLite in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log format [default: pretty].
    #[arg(long, env = "TILLIT_LOG_FORMAT", global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Maximum pooled database connections [default: 16].
    #[arg(long, env = "TILLIT_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,
}

#[derive(Debug, Args, Default, Clone)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "TILLIT_BIND")]
    pub bind: Option<SocketAddr>,
    /// Directory of the built web app [default: ./frontend/dist].
    #[arg(long, env = "TILLIT_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Externally visible base URL, used in printed links [default: http://<bind>].
    #[arg(long, env = "TILLIT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seed a realistic demo data set into an empty database.
    #[arg(long, env = "TILLIT_DEMO")]
    pub demo: bool,
    /// Force `Secure` + `__Host-` session cookies on or off [default: on unless bound to loopback].
    #[arg(long, env = "TILLIT_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// Minutes without activity after which a session ends [default: 30].
    #[arg(long, env = "TILLIT_SESSION_IDLE_MINUTES")]
    pub session_idle_minutes: Option<u32>,
    /// Hours after login after which a session ends regardless [default: 10].
    #[arg(long, env = "TILLIT_SESSION_ABSOLUTE_HOURS")]
    pub session_absolute_hours: Option<u32>,
    /// Authentication attempts (login, codes, setup) one IP may make at once [default: 20] …
    #[arg(long, env = "TILLIT_AUTH_BURST")]
    pub auth_burst: Option<u32>,
    /// … and per minute after that [default: 10].
    #[arg(long, env = "TILLIT_AUTH_PER_MINUTE")]
    pub auth_per_minute: Option<u32>,
    /// argon2id hashes computed at once, at low CPU priority [default: one per CPU].
    #[arg(long, env = "TILLIT_PASSWORD_HASHERS")]
    pub password_hashers: Option<u32>,
    /// SMTP server for outgoing e-mail (`smtps://user:password@host`, or STARTTLS:
    /// `smtp://user:password@host:587?tls=required`); without
    /// it, messages are kept in the outbox (Admin → Outbox).
    #[arg(long, env = "TILLIT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of outgoing e-mail [default: Tillit <no-reply@tillit.invalid>].
    #[arg(long, env = "TILLIT_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Let webhooks reach private and loopback addresses [default: only when bound to loopback].
    #[arg(long, env = "TILLIT_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: Option<bool>,
    /// Browser origins allowed to call the API cross-origin (comma-separated, e.g.
    /// `https://shop.example.se`) [default: none].
    #[arg(long, env = "TILLIT_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Option<Vec<String>>,
    /// Bearer token for `/metrics` [default: none, only loopback clients may scrape].
    #[arg(long, env = "TILLIT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// PEM certificate chain; with --tls-key the server speaks HTTPS (TLS 1.2+) and picks up a
    /// renewed certificate without a restart.
    #[arg(long, env = "TILLIT_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "TILLIT_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// With TLS: also listen on this address (e.g. 0.0.0.0:80) and redirect to HTTPS.
    #[arg(long, env = "TILLIT_HTTP_REDIRECT_BIND")]
    pub http_redirect_bind: Option<SocketAddr>,
    /// Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR
    /// ranges) [default: none].
    #[arg(long, env = "TILLIT_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
    /// GraphQL requests one client address may make at once, 0 = unlimited [default: 300] …
    #[arg(long, env = "TILLIT_IP_BURST")]
    pub ip_burst: Option<u32>,
    /// … and per minute after that [default: 3000].
    #[arg(long, env = "TILLIT_IP_PER_MINUTE")]
    pub ip_per_minute: Option<u32>,
    /// GraphQL requests one API key may make at once, 0 = unlimited [default: 1000] …
    #[arg(long, env = "TILLIT_API_KEY_BURST")]
    pub api_key_burst: Option<u32>,
    /// … and per minute after that [default: 60000].
    #[arg(long, env = "TILLIT_API_KEY_PER_MINUTE")]
    pub api_key_per_minute: Option<u32>,
}

#[derive(Debug, Subcommand)]
// Parsed once at start-up: boxing `ServeArgs` would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Manage staff users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Generate deterministic demo customers (also used by the benchmarks).
    Seed(SeedArgs),
    /// Print the GraphQL schema (SDL); `cargo xtask schema` writes it to backend/schema.graphql.
    Schema,
    /// The tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The field-encryption key (TOTP seeds, webhook signing secrets, customer secrets).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The retention rule, run by an operator (e.g. from cron) instead of the hourly schedule.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Backups: take one, list them, check a file, restore, rehearse a restore.
    Backup {
        #[command(subcommand)]
        command: BackupCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Takes a backup now from one consistent snapshot (the server may keep running) and copies
    /// it to every configured destination, each copy read back and checked. Exit code 1 unless
    /// every destination holds a verified copy.
    Create,
    /// Lists the backups stored in each destination (or one).
    List {
        /// Only this destination.
        #[arg(long)]
        destination: Option<String>,
    },
    /// Checks a backup file: format, key, manifest and every part's checksum. Writes nothing.
    Verify { file: PathBuf },
    /// Restores a backup into the configured database, which must be empty (a new SQLite data
    /// directory or a new PostgreSQL database) unless --force. Everything is checked before
    /// anything is written, and all is written in one transaction. Needs the master key of the
    /// installation that made the backup.
    Restore {
        /// A destination to restore from (its newest backup unless --backup names one).
        #[arg(long, conflicts_with = "file")]
        from: Option<String>,
        /// A backup file to restore.
        #[arg(long)]
        file: Option<PathBuf>,
        /// The file name of the backup in the destination.
        #[arg(long, requires = "from")]
        backup: Option<String>,
        /// Replace everything in a non-empty database.
        #[arg(long)]
        force: bool,
    },
    /// Rehearses a restore into a scratch database and records the result (shown in the web
    /// app). Exit code 1 when the newest backup fails its drill.
    Drill {
        /// The destination to restore from [default: what the scenario calls for].
        #[arg(long)]
        from: Option<String>,
        /// lost-disk (another local copy), lost-data-centre (the off-site copy) or
        /// corrupted-backup.
        #[arg(long, value_parser = ["lost-disk", "lost-data-centre", "corrupted-backup"])]
        scenario: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Adds a new field-encryption key and re-encrypts every value under it in batches, with
    /// progress, while servers keep running. Interrupted, it resumes where it stopped when run
    /// again; older keys keep decrypting until a later rotation destroys them (24 hours after
    /// they were retired at the earliest).
    Rotate {
        /// Values per batch (each batch is one transaction).
        #[arg(long, default_value_t = 500)]
        batch_size: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Anonymize every private customer with no orders, invoices or consent activity for the
    /// given months (open orders and unpaid invoices block), in batches of transactions that
    /// each commit whole: interrupted, it leaves every customer fully anonymized or untouched,
    /// and running it again finishes the job.
    Run {
        /// Months of inactivity (1–1200) [default: the stored rule's].
        #[arg(long)]
        inactive_months: Option<i32>,
        /// Customers per batch (1–10 000).
        #[arg(long, default_value_t = 100)]
        batch_size: u64,
        /// Only report who would be anonymized and who is kept.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Seal pending rows, then recompute the whole chain and report the first broken link
    /// (exit code 1). Prints the head of the chain: note it elsewhere to detect a truncated log.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a staff user. Prompts for the password, or reads one line from stdin.
    Create {
        #[arg(long)]
        email: String,
        /// Display name [default: the part of the e-mail before @].
        #[arg(long)]
        name: Option<String>,
        /// Make the user an administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of stdin instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove a user's MFA (lost phone) and end their sessions; they enrol again at next login.
    ResetMfa {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Number of customers to add.
    #[arg(long, default_value_t = 300)]
    pub customers: u64,
    /// Random seed; the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seed as if it were this date (YYYY-MM-DD, not in the future): customers created then,
    /// orders and invoices before it. For trying out the retention rule.
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
}

fn overrides(global: &GlobalArgs, serve: &ServeArgs) -> ConfigOverrides {
    ConfigOverrides {
        bind: serve.bind,
        data_dir: global.data_dir.clone(),
        database_url: global.database_url.clone(),
        static_dir: serve.static_dir.clone(),
        public_url: serve.public_url.clone(),
        log_format: global.log_format,
        session_idle_minutes: serve.session_idle_minutes,
        session_absolute_hours: serve.session_absolute_hours,
        secure_cookies: serve.secure_cookies,
        db_max_connections: global.db_max_connections,
        demo: serve.demo.then_some(true),
        auth_burst: serve.auth_burst,
        auth_per_minute: serve.auth_per_minute,
        password_hashers: serve.password_hashers,
        smtp_url: serve.smtp_url.clone(),
        mail_from: serve.mail_from.clone(),
        allow_private_webhooks: serve.allow_private_webhooks,
        cors_origins: serve.cors_origins.clone(),
        tls_cert: serve.tls_cert.clone(),
        tls_key: serve.tls_key.clone(),
        http_redirect_bind: serve.http_redirect_bind,
        trusted_proxies: serve.trusted_proxies.clone(),
        ip_burst: serve.ip_burst,
        ip_per_minute: serve.ip_per_minute,
        api_key_burst: serve.api_key_burst,
        api_key_per_minute: serve.api_key_per_minute,
        metrics_token: serve.metrics_token.clone().filter(|t| !t.is_empty()),
        master_key: std::env::var("TILLIT_MASTER_KEY")
            .ok()
            .filter(|k| !k.is_empty()),
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let serve_args = match &cli.command {
        Some(Command::Serve(args)) => args.clone(),
        _ => cli.serve.clone(),
    };
    if let Some(Command::Schema) = cli.command {
        print!("{}", crate::graphql::sdl());
        return Ok(());
    }
    let config = Config::load(&cli.global.config, &overrides(&cli.global, &serve_args))?;
    crate::telemetry::init(config.log_format);
    match cli.command {
        None | Some(Command::Serve(_)) => serve(config).await,
        Some(Command::Migrate) => {
            crate::open(config).await?.close().await;
            tracing::info!("migrations applied");
            Ok(())
        }
        Some(Command::User {
            command:
                UserCommand::Create {
                    email,
                    name,
                    admin,
                    password_stdin,
                },
        }) => {
            let password = read_password(password_stdin)?;
            let state = crate::open(config).await?;
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let user = auth::create_user(
                &state,
                &Actor::System,
                auth::NewUser {
                    email,
                    name,
                    password,
                    is_admin: admin,
                },
            )
            .await;
            state.close().await;
            let user = user.map_err(AppError::into_anyhow)?;
            println!(
                "created user {} ({}); they set up MFA at their first login",
                user.email, user.id
            );
            Ok(())
        }
        Some(Command::User {
            command: UserCommand::ResetMfa { email },
        }) => {
            let state = crate::open(config).await?;
            let user = auth::find_by_email(&state.db, &email)
                .await
                .map_err(AppError::into_anyhow)?;
            let reset = auth::reset_mfa(&state, &Actor::System, user.id).await;
            state.close().await;
            reset.map_err(AppError::into_anyhow)?;
            println!(
                "MFA removed for {}; they set it up again at their next login",
                user.email
            );
            Ok(())
        }
        Some(Command::Schema) => Ok(()),
        Some(Command::Audit {
            command: AuditCommand::Verify,
        }) => {
            let state = crate::open(config).await?;
            let sealed = chain::seal(&state.db, &state.keyring)
                .await
                .map_err(AppError::into_anyhow)?;
            let report = chain::verify(&state.db, &state.keyring).await;
            state.close().await;
            let report = report.map_err(AppError::into_anyhow)?;
            println!(
                "sealed {sealed} new rows; verified {} rows; {} not yet sealed",
                report.verified, report.unsealed
            );
            if let Some((seq, hash)) = &report.head {
                println!("head of the chain: seq {seq}, hash {hash}");
            }
            match report.broken {
                None => {
                    println!("the audit log is intact");
                    Ok(())
                }
                Some((id, problem)) => bail!("the audit log is broken at row id {id}: {problem}"),
            }
        }
        Some(Command::Keys {
            command: KeysCommand::Rotate { batch_size },
        }) => {
            let state = crate::open(config).await?;
            let result = rotate_keys(&state, batch_size).await;
            state.close().await;
            result
        }
        Some(Command::Retention {
            command:
                RetentionCommand::Run {
                    inactive_months,
                    batch_size,
                    dry_run,
                },
        }) => {
            let state = crate::open(config).await?;
            let result = retention_run(&state.db, inactive_months, batch_size, dry_run).await;
            state.close().await;
            result
        }
        Some(Command::Backup { command }) => {
            let state = crate::open(config).await?;
            let result = backup_command(&state, command).await;
            state.close().await;
            result
        }
        Some(Command::Seed(args)) => {
            let state = crate::open(config).await?;
            let report = match args.as_of {
                Some(date) => demo::seed_as_of(&state.db, args.customers, args.seed, date).await,
                None => demo::seed(&state.db, args.customers, args.seed).await,
            };
            state.close().await;
            let report = report?;
            println!(
                "seeded {} customers, {} contacts, {} orders, {} invoices, {} consent events and \
                 {} current consents in {:.1} s",
                report.customers,
                report.contacts,
                report.orders,
                report.invoices,
                report.consent_events,
                report.current_consents,
                report.elapsed.as_secs_f64()
            );
            Ok(())
        }
    }
}

fn read_password(from_stdin: bool) -> anyhow::Result<SecretString> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            bail!("no password on stdin");
        }
        return Ok(SecretString::from(line));
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let second = rpassword::prompt_password("Repeat password: ").context("reading the password")?;
    if first != second {
        bail!("the passwords do not match");
    }
    Ok(SecretString::from(first))
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let demo_wanted = config.demo;
    let state = crate::open(config).await?;
    if demo_wanted {
        let seeded = demo::seed_if_empty(&state.db, demo::DEMO_CUSTOMERS, 1).await?;
        if let Some(report) = seeded {
            tracing::info!(
                customers = report.customers,
                contacts = report.contacts,
                orders = report.orders,
                invoices = report.invoices,
                consent_events = report.consent_events,
                "demo data seeded"
            );
        }
    }
    if let Some(token) = auth::ensure_setup_token(&state.db)
        .await
        .map_err(AppError::into_anyhow)?
    {
        let link = format!(
            "{}/setup#token={}",
            state.config.base_url(),
            token.expose_secret()
        );
        tracing::info!(
            "no users yet: create the first administrator at {link} (valid 24 hours, once)"
        );
    }
    // A restored backup may hold people anonymized after it was taken: anonymize them again
    // before serving anyone.
    let reapplied = crate::features::anonymization::service::reapply_ledger(&state.db)
        .await
        .map_err(AppError::into_anyhow)?;
    if reapplied > 0 {
        tracing::warn!(
            customers = reapplied,
            "anonymized again from the anonymization ledger"
        );
    }
    spawn_audit_sealer(&state);
    spawn_wal_checkpoint(&state);
    spawn_retention(&state);
    spawn_key_refresh(&state);
    crate::features::backups::schedule::spawn(&state);
    let dispatcher = crate::features::webhooks::dispatch::Dispatcher::new(
        state.config.private_webhooks_allowed(),
    )?;
    crate::features::webhooks::dispatch::spawn(&state, dispatcher);
    if let Some(url) = &state.config.smtp_url {
        let sender = crate::features::outbox::sender::Sender::new(url, &state.config.mail_from)?;
        crate::features::outbox::sender::spawn(&state, sender);
        tracing::info!("outgoing e-mail is sent over SMTP");
    } else {
        tracing::info!("no SMTP server configured: outgoing e-mail is kept in the outbox");
    }
    let listener = tokio::net::TcpListener::bind(state.config.bind)
        .await
        .with_context(|| format!("binding {}", state.config.bind))?;
    // Every connection is a file descriptor: take the hard limit, not the shell's soft 1024.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => tracing::debug!(limit = n, "open file limit"),
        Err(e) => tracing::warn!(error = %e, "could not raise the open file limit"),
    }
    let scheme = if state.config.tls() { "https" } else { "http" };
    tracing::info!(config = ?state.config, "Tillit is listening on {scheme}://{}", listener.local_addr()?);
    crate::serve(listener, state.clone(), shutdown_signal()).await?;
    state.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Chains new audit rows every few seconds (see `features::audit::chain`), on one replica.
fn spawn_audit_sealer(state: &crate::AppState) {
    let sealer = std::sync::Arc::new(chain::Sealer::new());
    crate::features::jobs::every_on_one_replica(
        state,
        "audit-seal",
        std::time::Duration::from_secs(2),
        move |state| {
            let sealer = sealer.clone();
            async move {
                // On SQLite the links are written through the audit writer's own connection, so
                // they queue behind its commits (PostgreSQL has no such lock to share).
                let writes = if state.config.is_postgres() {
                    &state.db
                } else {
                    state.audit.connection()
                };
                sealer
                    .seal(&state.db, writes, &state.keyring)
                    .await
                    .map_err(AppError::into_anyhow)?;
                Ok(())
            }
        },
    );
}

/// SQLite only: copies the write-ahead log into the database every second from a pool
/// connection, so the automatic checkpoint (which runs on whichever connection commits, i.e.
/// mostly the audit writer, and makes every read waiting for its audit row wait with it) rarely
/// has anything to do. PASSIVE never waits for readers or writers.
fn spawn_wal_checkpoint(state: &crate::AppState) {
    if state.config.is_postgres() {
        return;
    }
    state.every(std::time::Duration::from_secs(1), |state| async move {
        if let Err(e) = crate::db::checkpoint(&state.db).await {
            tracing::warn!(error = %e, "the WAL checkpoint failed; will retry");
        }
    });
}

/// Hourly: removes the buyer snapshot of invoices whose bookkeeping period has ended, and applies
/// the retention rule when it is set to run automatically.
/// `tillit keys rotate`, with a progress line per batch.
async fn rotate_keys(state: &crate::AppState, batch_size: u64) -> anyhow::Result<()> {
    use crate::features::keys::service;
    let report = service::rotate(&state.db, &state.keyring, batch_size, |p| {
        println!("re-encrypted {} of {}", p.done, p.total);
        true
    })
    .await
    .map_err(AppError::into_anyhow)?;
    if report.destroyed > 0 {
        println!(
            "destroyed {} retired keys nothing used any more",
            report.destroyed
        );
    }
    println!(
        "{} key {}: {} values re-encrypted",
        if report.new_key {
            "new"
        } else {
            "resumed the rotation to"
        },
        report.key_id,
        report.reencrypted
    );
    crate::features::audit::record(
        &state.db,
        &Actor::System,
        "keys.rotate",
        None,
        if report.finished {
            crate::features::audit::Outcome::Success
        } else {
            crate::features::audit::Outcome::Failure
        },
        Some(serde_json::json!({
            "keyId": report.key_id,
            "newKey": report.new_key,
            "reencrypted": report.reencrypted,
            "unreadable": report.unreadable.len(),
        })),
    )
    .await
    .map_err(AppError::into_anyhow)?;
    if !report.unreadable.is_empty() {
        bail!(
            "{} values do not decrypt with any key and were left as they are: {}; the rotation \
             is unfinished (older keys stay)",
            report.unreadable.len(),
            report.unreadable.join(", ")
        );
    }
    println!(
        "every value is under key {}; the older keys are retired",
        report.key_id
    );
    Ok(())
}

/// `tillit retention run`: as the system, with a progress line per batch.
async fn retention_run(
    db: &sea_orm::DatabaseConnection,
    inactive_months: Option<i32>,
    batch_size: u64,
    dry_run: bool,
) -> anyhow::Result<()> {
    use crate::features::anonymization::retention;
    let actor = crate::features::auth::Actor::System;
    let months = match inactive_months {
        Some(months) => months,
        None => retention::rule(db, &actor)
            .await
            .map_err(AppError::into_anyhow)?
            .map(|r| r.inactive_months)
            .context("no retention rule is set: pass --inactive-months")?,
    };
    if dry_run {
        let found = retention::candidates(db, &actor, months)
            .await
            .map_err(AppError::into_anyhow)?;
        let blocked = found.iter().filter(|c| c.blocked.is_some()).count();
        println!(
            "{} customers would be anonymized, {blocked} are kept (open orders or unpaid invoices)",
            found.len() - blocked
        );
        return Ok(());
    }
    let mut total = 0;
    loop {
        let report = retention::run(db, &actor, months, batch_size)
            .await
            .map_err(AppError::into_anyhow)?;
        total += report.anonymized;
        println!(
            "anonymized {total}, {} remaining, {} kept",
            report.remaining, report.blocked
        );
        if report.remaining == 0 || report.anonymized == 0 {
            break;
        }
    }
    println!("the retention rule ({months} months) anonymized {total} customers");
    Ok(())
}

async fn backup_command(state: &crate::AppState, command: BackupCommand) -> anyhow::Result<()> {
    use crate::features::backups::service::{self, BackupKind, DrillScenario};
    match command {
        BackupCommand::Create => {
            let created = service::create(state, &Actor::System, BackupKind::Manual, "cli").await?;
            let b = &created.backup;
            println!(
                "backup {}: {} rows, {} bytes, {} ms",
                b.file_name,
                b.rows.unwrap_or(0),
                b.size_bytes.unwrap_or(0),
                b.duration_ms.unwrap_or(0)
            );
            for copy in &created.copies {
                match &copy.error {
                    None => println!("  {}: verified", copy.destination),
                    Some(e) => println!(
                        "  {}: FAILED after {} attempts: {e}",
                        copy.destination, copy.attempts
                    ),
                }
            }
            if b.status != "complete" {
                bail!(
                    "the backup is incomplete: not every destination holds a verified copy; the server's schedule retries them"
                );
            }
            Ok(())
        }
        BackupCommand::List { destination } => {
            for d in service::destinations(&state.config)? {
                if destination.as_ref().is_some_and(|name| name != &d.name) {
                    continue;
                }
                println!("{} ({}, {})", d.name, d.kind(), d.describe());
                match d.list().await {
                    Ok(stored) if stored.is_empty() => println!("  no backups"),
                    Ok(stored) => {
                        for s in stored {
                            println!("  {}  {} bytes", s.file_name, s.size);
                        }
                    }
                    Err(e) => println!("  unreachable: {e}"),
                }
            }
            Ok(())
        }
        BackupCommand::Verify { file } => {
            let archive = service::open_verified(&file, &state.keyring).await?;
            let h = &archive.header;
            println!(
                "{} is intact: backup {} taken {} from {} (schema {}), {} rows in {} tables, {} parts",
                file.display(),
                h.backup_id,
                h.created_at.to_rfc3339(),
                h.source_engine,
                h.schema_version,
                archive.manifest.total_rows(),
                archive.manifest.tables.len(),
                archive.manifest.parts.len()
            );
            Ok(())
        }
        BackupCommand::Restore {
            from,
            file,
            backup,
            force,
        } => {
            let restored = match (from, file) {
                (Some(from), _) => {
                    service::restore_from(state, &from, backup.as_deref(), force).await?
                }
                (None, Some(file)) => {
                    let restored =
                        service::restore_file(&state.db, &state.keyring, &file, force, Vec::new())
                            .await?;
                    service::audit_restore(&state.db, &restored).await?;
                    restored
                }
                (None, None) => bail!("name a destination (--from) or a file (--file)"),
            };
            println!(
                "restored backup {} (taken {} from {}): {} rows in {} tables",
                restored.header.backup_id,
                restored.header.created_at.to_rfc3339(),
                restored.header.source_engine,
                restored.rows,
                restored.tables
            );
            if restored.ledger_added > 0 || restored.reapplied > 0 {
                println!(
                    "anonymized again from the ledger: {} customers ({} ledger entries from newer backups or the replaced database)",
                    restored.reapplied, restored.ledger_added
                );
            }
            println!("sessions were not restored: everyone signs in again");
            Ok(())
        }
        BackupCommand::Drill { from, scenario } => {
            let scenario = scenario.as_deref().and_then(DrillScenario::from_db);
            let records =
                service::drill(state, &Actor::System, from.as_deref(), scenario, "cli").await?;
            for r in &records {
                println!(
                    "{} {} from {} ({}): {} in {} ms",
                    if r.passed { "PASSED" } else { "FAILED" },
                    r.backup_file.as_deref().unwrap_or("(none)"),
                    r.destination,
                    r.scenario,
                    r.error.as_deref().unwrap_or("all checks passed"),
                    r.duration_ms
                );
                let checks: Vec<service::Check> =
                    serde_json::from_value(r.checks.clone()).unwrap_or_default();
                for c in checks {
                    println!(
                        "  [{}] {}: {}",
                        if c.passed { "ok" } else { "FAIL" },
                        c.name,
                        c.detail
                    );
                }
            }
            match records.first() {
                Some(first) if first.passed => Ok(()),
                _ => bail!("the newest backup failed its restore drill"),
            }
        }
    }
}

/// Picks up keys added by `tillit keys rotate` (run by an operator while the server runs).
fn spawn_key_refresh(state: &crate::AppState) {
    state.every(std::time::Duration::from_secs(10), |state| async move {
        if let Err(e) = crate::features::keys::service::load(&state.db, &state.keyring).await {
            tracing::error!(error = %format!("{:#}", e.into_anyhow()), "reloading the field keys failed; will retry");
        }
    });
}

fn spawn_retention(state: &crate::AppState) {
    crate::features::jobs::every_on_one_replica(
        state,
        "retention",
        std::time::Duration::from_secs(3600),
        |state| async move {
            let db = &state.db;
            let today = chrono::Utc::now().date_naive();
            // Each part runs even when the other failed; a failure fails the run.
            let purged = crate::features::invoices::service::purge_expired_buyers(db, today).await;
            if let Ok(n @ 1..) = purged {
                tracing::info!(
                    invoices = n,
                    "purged buyer details past the bookkeeping period"
                );
            }
            let anonymized = crate::features::anonymization::retention::scheduled(db).await;
            if let Ok(n @ 1..) = anonymized {
                tracing::info!(
                    customers = n,
                    "the retention rule anonymized inactive customers"
                );
            }
            purged.map_err(AppError::into_anyhow)?;
            anonymized.map_err(AppError::into_anyhow)?;
            Ok(())
        },
    );
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests and background jobs");
}
