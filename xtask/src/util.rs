//! Process helpers shared by the commands: the workspace root, running a command with a printed
//! `$ cmd` line and a failure that names the step, building `tillit`, npm, and a background
//! server that is always stopped.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};

/// The workspace root: the parent of this crate's directory.
/// The checkout `cargo xtask` was run in: the nearest directory at or above the current one
/// with `xtask/Cargo.toml`, else the one this binary was compiled from. (Two checkouts sharing a
/// `CARGO_TARGET_DIR` — CI's fresh clone and a working copy — can run each other's xtask binary,
/// whose compiled-in path would then build and test the other checkout.)
pub fn root() -> PathBuf {
    let from_cwd = std::env::current_dir().ok().and_then(|cwd| {
        cwd.ancestors()
            .find(|dir| dir.join("xtask").join("Cargo.toml").is_file())
            .map(Path::to_path_buf)
    });
    from_cwd.unwrap_or_else(|| {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
    })
}

pub fn frontend() -> PathBuf {
    root().join("frontend")
}

/// The cargo that runs us (cargo sets `CARGO`), so `cargo +toolchain xtask` stays consistent.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// `npm …` in `frontend/`.
pub fn npm(args: &[&str]) -> Command {
    let mut cmd = Command::new("npm");
    cmd.args(args).current_dir(frontend());
    cmd
}

fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The command as a shell line, with the directory it runs in when that isn't the root.
pub fn show(cmd: &Command) -> String {
    let program = cmd.get_program();
    // `$CARGO` is a long toolchain path; `cargo` says the same.
    let is_cargo = std::env::var_os("CARGO").is_some_and(|c| c == program);
    let mut line = if is_cargo {
        "cargo".to_owned()
    } else {
        quote(program)
    };
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    if let Some(dir) = cmd.get_current_dir() {
        let root = root();
        if dir != root {
            let shown = dir.strip_prefix(&root).unwrap_or(dir);
            line = format!("(cd {} && {line})", shown.display());
        }
    }
    line
}

fn spawn_error(step: &str, cmd: &Command, e: std::io::Error) -> anyhow::Error {
    let program = cmd.get_program().to_string_lossy().into_owned();
    if e.kind() == std::io::ErrorKind::NotFound {
        anyhow::anyhow!("{step}: `{program}` was not found; is it installed and on PATH?")
    } else {
        anyhow::anyhow!("{step}: cannot start `{}`: {e}", show(cmd))
    }
}

/// Runs `cmd` with inherited stdio after printing `$ cmd`; fails naming `step` unless it exits 0.
pub fn run(step: &str, cmd: &mut Command) -> Result<()> {
    println!("$ {}", show(cmd));
    let status = cmd.status().map_err(|e| spawn_error(step, cmd, e))?;
    if !status.success() {
        bail!("{step}: `{}` failed ({status})", show(cmd));
    }
    Ok(())
}

/// Like [`run`], but returns what the command printed on stdout (stderr is inherited).
pub fn stdout(step: &str, cmd: &mut Command) -> Result<String> {
    println!("$ {}", show(cmd));
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| spawn_error(step, cmd, e))?;
    if !output.status.success() {
        bail!("{step}: `{}` failed ({})", show(cmd), output.status);
    }
    String::from_utf8(output.stdout)
        .with_context(|| format!("{step}: `{}` printed non-UTF-8", show(cmd)))
}

/// Like [`stdout`], but also prints each line as it comes (for long commands with progress).
pub fn stdout_echoed(step: &str, cmd: &mut Command) -> Result<String> {
    println!("$ {}", show(cmd));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(step, cmd, e))?;
    let mut captured = String::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line =
                line.with_context(|| format!("{step}: reading the output of `{}`", show(cmd)))?;
            println!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{step}: `{}` failed ({status})", show(cmd));
    }
    Ok(captured)
}

/// Like [`run`], feeding `input` to the command's stdin (used for passwords, never printed).
pub fn run_with_stdin(step: &str, cmd: &mut Command, input: &str) -> Result<()> {
    println!("$ {}", show(cmd));
    let mut child = cmd
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(step, cmd, e))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .with_context(|| format!("{step}: writing to the stdin of `{}`", show(cmd)))?;
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{step}: `{}` failed ({status})", show(cmd));
    }
    Ok(())
}

/// `true` when the command runs and exits 0; prints nothing (for probes like `npm --version`).
pub fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Builds the `tillit` binary and returns its path (read from cargo's JSON messages, so a
/// `CARGO_TARGET_DIR` or `build.target-dir` anywhere is respected).
pub fn build_tillit(release: bool) -> Result<PathBuf> {
    build_executable(release, "--bin", "tillit")
}

/// Builds the `tillit` binary and the benchmarks' raw-SQL baseline example in one cargo run
/// (built separately, an example's dev-dependencies change the feature set and cargo would
/// compile the server twice).
pub fn build_bench() -> Result<(PathBuf, PathBuf)> {
    let mut built =
        build_executables(true, &[("--bin", "tillit"), ("--example", "sql_baseline")])?.into_iter();
    match (built.next(), built.next()) {
        (Some(tillit), Some(baseline)) => Ok((tillit, baseline)),
        _ => bail!("build: cargo built fewer executables than asked for"),
    }
}

fn build_executable(release: bool, kind: &str, name: &str) -> Result<PathBuf> {
    build_executables(release, &[(kind, name)])?
        .pop()
        .context("build: cargo built no executable")
}

/// Builds the named targets of the `tillit` package; their paths in the order asked.
fn build_executables(release: bool, targets: &[(&str, &str)]) -> Result<Vec<PathBuf>> {
    let names: Vec<&str> = targets.iter().map(|(_, name)| *name).collect();
    let step = format!("build {}", names.join(", "));
    let mut cmd = cargo();
    cmd.arg("build");
    if release {
        cmd.arg("--release");
    }
    cmd.args(["--package", "tillit"]);
    for (kind, name) in targets {
        cmd.args([kind, name]);
    }
    cmd.arg("--message-format=json-render-diagnostics");
    let messages = stdout(&step, &mut cmd)?;
    let mut found: Vec<Option<PathBuf>> = vec![None; targets.len()];
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        let Some(executable) = message["executable"].as_str() else {
            continue;
        };
        if let Some(i) = names.iter().position(|n| message["target"]["name"] == *n) {
            found[i] = Some(PathBuf::from(executable));
        }
    }
    found
        .into_iter()
        .zip(&names)
        .map(|(path, name)| {
            path.with_context(|| format!("{step}: cargo built no `{name}` executable"))
        })
        .collect()
}

/// Fails with install advice unless npm and a new enough Node.js are on PATH.
pub fn ensure_node() -> Result<()> {
    const ADVICE: &str = "install Node.js 20.19 or newer with npm (Debian: `apt-get install -y nodejs npm`; \
                          elsewhere https://nodejs.org), then run this again";
    if !succeeds(Command::new("npm").arg("--version")) {
        bail!("npm was not found: {ADVICE}");
    }
    let version = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut parts = version
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (20, 19) {
        bail!("Node.js {version} is too old (the SPA's tools need 20.19 or newer): {ADVICE}");
    }
    Ok(())
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// Runs `npm ci` in `frontend/` when `node_modules` is missing or older than `package-lock.json`.
pub fn npm_ci_if_needed() -> Result<()> {
    let frontend = frontend();
    let lock = modified(&frontend.join("package-lock.json"));
    // npm writes node_modules/.package-lock.json on every install; fall back to the directory.
    let installed = modified(&frontend.join("node_modules/.package-lock.json"))
        .or_else(|| modified(&frontend.join("node_modules")));
    match (installed, lock) {
        (Some(installed), Some(lock)) if installed >= lock => {
            println!("frontend/node_modules is up to date with package-lock.json");
            Ok(())
        }
        _ => run("npm ci", &mut npm(&["ci", "--no-audit", "--no-fund"])),
    }
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

/// `true` when something accepts a TCP connection at `addr` within `timeout`.
pub fn tcp_answers(addr: &str, timeout: Duration) -> bool {
    addr.parse::<SocketAddr>()
        .is_ok_and(|a| TcpStream::connect_timeout(&a, timeout).is_ok())
}

/// `n` random bytes from the operating system.
pub fn random_bytes(n: usize) -> Result<Vec<u8>> {
    let mut bytes = vec![0; n];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom")?;
    Ok(bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The last `n` lines of a text file (for server logs in error output).
pub fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{}m{:02.0}s", (s / 60.0).floor(), s % 60.0)
    }
}

/// A `tillit serve` (or another HTTP server a benchmark compares) running in the background with
/// its output in a log file. Dropping it stops the server (SIGTERM, then SIGKILL after 10 s), so
/// every exit path cleans up.
pub struct Server {
    child: Child,
    spawned: Instant,
    pub base_url: String,
    pub log: PathBuf,
}

impl Server {
    /// Starts `cmd` (a `tillit serve --bind 127.0.0.1:<port> …`) with stdout and stderr in `log`.
    pub fn start(mut cmd: Command, port: u16, log: &Path) -> Result<Server> {
        let file = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        cmd.stdin(Stdio::null())
            .stdout(file.try_clone()?)
            .stderr(file);
        println!("$ {} > {}", show(&cmd), log.display());
        let child = cmd
            .spawn()
            .map_err(|e| spawn_error("start server", &cmd, e))?;
        Ok(Server {
            child,
            spawned: Instant::now(),
            base_url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        })
    }

    /// The server's process id (for its CPU and memory in `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Polls `GET /readyz` until it answers 200 (every 10 ms for the first two seconds, so a
    /// fast start is measured as such); fails early if the server exits. Returns the time from
    /// the spawn to the first 200.
    pub fn wait_ready(&mut self, timeout: Duration) -> Result<Duration> {
        let url = format!("{}/readyz", self.base_url);
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(2))
            .build();
        self.wait_until(&format!("{url} did not answer 200"), timeout, || {
            agent.get(&url).call().is_ok_and(|r| r.status() == 200)
        })
    }

    /// Polls `ready` like [`Server::wait_ready`] (for servers without `/readyz`); `failure` says
    /// what did not happen in time.
    pub fn wait_until(
        &mut self,
        failure: &str,
        timeout: Duration,
        mut ready: impl FnMut() -> bool,
    ) -> Result<Duration> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited ({status}) before it was ready; its log ({}):\n{}",
                    self.log.display(),
                    tail(&self.log, 60)
                );
            }
            if ready() {
                let ready = self.spawned.elapsed();
                println!("server ready at {} after {}", self.base_url, seconds(ready));
                return Ok(ready);
            }
            if started.elapsed() > timeout {
                bail!(
                    "{failure} within {}; the server log ({}):\n{}",
                    seconds(timeout),
                    self.log.display(),
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            let pause = if started.elapsed() < Duration::from_secs(2) {
                10
            } else {
                200
            };
            std::thread::sleep(Duration::from_millis(pause));
        }
    }

    /// Stops the server; when `result` is an error, prints the end of its log first-hand.
    pub fn stop_with<T>(&mut self, result: Result<T>) -> Result<T> {
        self.stop();
        if result.is_err() {
            println!(
                "--- the last lines of {} ---\n{}",
                self.log.display(),
                tail(&self.log, 40)
            );
        }
        result
    }

    pub fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        // A graceful stop lets the server close its database cleanly; std only has SIGKILL.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                println!("server stopped");
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        println!("server killed (it did not stop within 10 s of SIGTERM)");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
