//! argon2id password hashing on blocking threads, with a bound on how many run at once so a
//! login flood cannot starve the server.

use std::sync::Arc;

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{OnceCell, Semaphore};

use crate::error::{AppError, AppResult};

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    dummy: Arc<OnceCell<String>>,
}

fn argon2() -> Argon2<'static> {
    // m = 19456 KiB, t = 2, p = 1: the OWASP minimum and the crate default.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

impl Default for PasswordHasher {
    fn default() -> Self {
        PasswordHasher::new(0)
    }
}

impl PasswordHasher {
    /// At most `concurrency` hashes at once; `0` = half the CPUs, at least one. A login flood
    /// then occupies at most that share of the machine (see the login-flood benchmark).
    pub fn new(concurrency: u32) -> PasswordHasher {
        let permits = match usize::try_from(concurrency) {
            Ok(n) if n > 0 => n,
            _ => std::thread::available_parallelism()
                .map_or(1, |n| n.get() / 2)
                .max(1),
        };
        PasswordHasher {
            permits: Arc::new(Semaphore::new(permits)),
            dummy: Arc::new(OnceCell::new()),
        }
    }

    pub async fn hash(&self, password: &SecretString) -> AppResult<String> {
        let password = password.clone();
        self.run(move || {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            argon2()
                .hash_password(password.expose_secret().as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
        })
        .await
    }

    /// Verifies `password` against `hash`. With `hash = None` a dummy hash is checked so that an
    /// unknown account costs the same time as a known one; the answer is then always `false`.
    pub async fn verify(&self, password: &SecretString, hash: Option<&str>) -> AppResult<bool> {
        let (hash, real) = match hash {
            Some(h) => (h.to_owned(), true),
            None => (self.dummy_hash().await?, false),
        };
        let password = password.clone();
        let ok = self
            .run(move || {
                let parsed = PasswordHash::new(&hash)
                    .map_err(|e| anyhow::anyhow!("stored password hash is malformed: {e}"))?;
                Ok(argon2()
                    .verify_password(password.expose_secret().as_bytes(), &parsed)
                    .is_ok())
            })
            .await?;
        Ok(ok && real)
    }

    async fn dummy_hash(&self) -> AppResult<String> {
        self.dummy
            .get_or_try_init(|| async {
                self.hash(&SecretString::from("tillit-dummy-password-for-timing"))
                    .await
            })
            .await
            .cloned()
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> AppResult<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .context("password hasher closed")
            .map_err(AppError::internal)?;
        tokio::task::spawn_blocking(job)
            .await
            .context("password hashing task failed")
            .map_err(AppError::internal)?
            .map_err(AppError::internal)
    }
}

/// The 10,000 most common passwords (lower case), shipped with the binary.
static COMMON_PASSWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("../../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });

/// The password rules (SECURITY.md): 12..=128 characters, no composition rules, not one of the
/// 10,000 most common passwords, and not containing the user's e-mail, its local part or (a part
/// of) their name.
pub fn check_password_policy(
    password: &str,
    email: &str,
    name: &str,
    field: &str,
) -> AppResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::bad_input(
            field,
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::bad_input(
            field,
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(lower.as_str()) {
        return Err(AppError::bad_input(
            field,
            "is one of the most common passwords; choose another",
        ));
    }
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_owned();
    let name = name.trim().to_lowercase();
    let personal = [email.clone(), local]
        .into_iter()
        .chain(std::iter::once(name.clone()))
        .chain(name.split_whitespace().map(str::to_owned))
        .filter(|part| part.chars().count() >= 4);
    for part in personal {
        if lower.contains(&part) {
            return Err(AppError::bad_input(
                field,
                "must not contain your e-mail address or name",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_users_never_match() {
        let hasher = PasswordHasher::default();
        let pw = SecretString::from("correct horse battery staple");
        let hash = hasher.hash(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify(&pw, Some(&hash)).await.unwrap());
        assert!(
            !hasher
                .verify(&SecretString::from("wrong"), Some(&hash))
                .await
                .unwrap()
        );
        assert!(!hasher.verify(&pw, None).await.unwrap());
    }

    fn check(password: &str) -> AppResult<()> {
        check_password_policy(password, "anna.berg@example.se", "Anna Berg", "password")
    }

    #[test]
    fn length_policy() {
        assert!(check("short").is_err());
        assert!(check(&"x".repeat(12)).is_ok());
        assert!(check(&"å".repeat(128)).is_ok());
        assert!(check(&"x".repeat(129)).is_err());
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert_eq!(COMMON_PASSWORDS.len(), 10_000);
        assert!(check("1qaz2wsx3edc").is_err());
        assert!(
            check("Q1W2E3R4T5Y6").is_err(),
            "the list is compared case-insensitively"
        );
        assert!(check("my anna.berg password").is_err());
        assert!(check("BERG is my middle name").is_err());
        assert!(check("anna.berg@example.se!!").is_err());
        assert!(check("correct horse battery staple").is_ok());
    }
}
