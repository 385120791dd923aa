//! argon2id password hashing on threads of its own at low CPU priority, so a login flood uses
//! the CPU that requests leave idle instead of taking it from them.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{OnceCell, oneshot};

use crate::error::{AppError, AppResult};

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// The hashing threads' nice value. The kernel shares a busy core between threads by weight:
/// at nice 10 a hasher gets about a tenth of what a request handler (nice 0) gets, and all of a
/// core nobody else wants, so logins still finish under full load, only slower. (The idle
/// scheduling class was tried too: no better for requests during a flood, and it would stall
/// logins completely on a machine that is busy all the time; docs/benchmarks.md, W5.)
const HASHER_NICENESS: i32 = 10;

#[derive(Clone)]
pub struct PasswordHasher {
    pool: Arc<Pool>,
    dummy: Arc<OnceCell<String>>,
}

fn argon2() -> Argon2<'static> {
    // m = 19456 KiB, t = 2, p = 1: the OWASP minimum and the crate default.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

type Job = Box<dyn FnOnce() + Send>;

/// `size` threads that only hash, started on the first hash; each takes the next job from one
/// queue. They stop when the last handle to the pool is gone (the queue closes).
struct Pool {
    size: usize,
    queue: OnceLock<Sender<Job>>,
}

impl Pool {
    fn submit(&self, job: Job) -> AppResult<()> {
        let queue = self.queue.get_or_init(|| {
            let (sender, receiver) = std::sync::mpsc::channel::<Job>();
            let receiver = Arc::new(Mutex::new(receiver));
            for n in 0..self.size {
                let receiver = receiver.clone();
                // A thread that cannot start leaves the others; with none, jobs wait in the
                // queue and their requests fail on their own timeouts.
                let _ = std::thread::Builder::new()
                    .name(format!("argon2-{n}"))
                    .spawn(move || work(&receiver));
            }
            sender
        });
        queue
            .send(job)
            .map_err(|_| AppError::internal(anyhow::anyhow!("the password hasher has stopped")))
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    lower_priority();
    loop {
        let job = match queue.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return;
        };
        // A panicking job fails its own request (its answer channel is dropped), not the thread.
        let _ = catch_unwind(AssertUnwindSafe(job));
    }
}

/// Lowers the calling thread's CPU priority to [`HASHER_NICENESS`] unless it is lower already
/// (on Linux the nice value is per thread; a new thread starts with its parent's).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let lowered = getpriority_process(None).and_then(|now| {
            if now < HASHER_NICENESS {
                setpriority_process(None, HASHER_NICENESS)
            } else {
                Ok(())
            }
        });
        if let Err(error) = lowered {
            tracing::warn!(%error, "could not lower the password hashers' CPU priority");
        }
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        PasswordHasher::new(0)
    }
}

impl PasswordHasher {
    /// At most `concurrency` hashes at once; `0` = one per CPU. The hashing threads run at low
    /// priority, so a login flood slows logins down rather than everything else.
    pub fn new(concurrency: u32) -> PasswordHasher {
        let size = match usize::try_from(concurrency) {
            Ok(n) if n > 0 => n,
            _ => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        };
        PasswordHasher {
            pool: Arc::new(Pool {
                size,
                queue: OnceLock::new(),
            }),
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
        let (answer, answered) = oneshot::channel();
        self.pool.submit(Box::new(move || {
            let _ = answer.send(job());
        }))?;
        answered
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

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_at_low_priority_and_no_more_than_asked_at_once() {
        let caller = rustix::process::getpriority_process(None).unwrap();
        let hasher = PasswordHasher::new(2);
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let jobs = (0..6).map(|_| {
            let (hasher, running, most) = (hasher.clone(), running.clone(), most.clone());
            async move {
                hasher
                    .run(move || {
                        use std::sync::atomic::Ordering::SeqCst;
                        let now = running.fetch_add(1, SeqCst) + 1;
                        most.fetch_max(now, SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(30));
                        running.fetch_sub(1, SeqCst);
                        Ok(rustix::process::getpriority_process(None)?)
                    })
                    .await
            }
        });
        for niceness in futures::future::join_all(jobs).await {
            assert_eq!(niceness.unwrap(), HASHER_NICENESS.max(caller));
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2);
        // The caller's own thread keeps its priority.
        assert_eq!(rustix::process::getpriority_process(None).unwrap(), caller);
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
