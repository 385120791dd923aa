//! What a workload cost the machine, read from `/proc` and from the server's `/metrics`:
//! CPU time of the server process and of every PostgreSQL process (the database works for the
//! server, so both are reported per request), the server's peak resident memory during the run
//! (`VmHWM`, reset before the run through `clear_refs`), and the SQL statements the server ran
//! (`tillit_db_statements_total`). The load generator's own CPU share is reported too: it runs on
//! the same two cores, and a generator that eats a core caps what any server can show.

use std::collections::HashMap;

use anyhow::{Context, Result};

/// Clock ticks per second of `/proc/<pid>/stat` (`USER_HZ`, 100 on every Linux we run on;
/// `getconf` tells if it is not).
fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

/// `(comm, utime + stime)` from the text of `/proc/<pid>/stat`. The command name is in
/// parentheses and may itself contain spaces and parentheses, so the fields are counted from
/// the last `)`.
fn parse_stat(text: &str) -> Option<(String, u64)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_owned();
    // After ") ": state(3) ppid(4) … utime(14) stime(15): indexes 11 and 12 of the rest.
    let rest: Vec<&str> = text.get(close + 2..)?.split_whitespace().collect();
    let utime: u64 = rest.get(11)?.parse().ok()?;
    let stime: u64 = rest.get(12)?.parse().ok()?;
    Some((comm, utime + stime))
}

fn ticks_of(pid: u32) -> Option<(String, u64)> {
    parse_stat(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// CPU ticks of every process named `postgres` (the server and its backends).
fn postgres_ticks() -> HashMap<u32, u64> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let (comm, ticks) = ticks_of(pid)?;
            (comm == "postgres").then_some((pid, ticks))
        })
        .collect()
}

/// `VmHWM` (peak resident set) of a process in KiB, from the text of `/proc/<pid>/status`.
fn parse_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// `VmRSS` (current resident set) in KiB.
pub(crate) fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The value of an unlabelled counter in Prometheus text.
pub(crate) fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))?
        .trim()
        .parse()
        .ok()
}

fn statements(base_url: &str) -> Option<f64> {
    let body = ureq::get(&format!("{base_url}/metrics"))
        .call()
        .ok()?
        .into_string()
        .ok()?;
    metric(&body, "tillit_db_statements_total")
}

/// Readings at the start of a run; [`Probe::finish`] turns them into [`Costs`].
pub(crate) struct Probe {
    pid: u32,
    base_url: String,
    hz: f64,
    server: u64,
    own: u64,
    postgres: HashMap<u32, u64>,
    statements: Option<f64>,
}

/// What a run cost, per request where that makes sense.
#[derive(Clone, Copy, Default)]
pub(crate) struct Costs {
    /// Server CPU, µs per request.
    pub server_us: f64,
    /// PostgreSQL CPU (all its processes), µs per request; 0 on SQLite.
    pub database_us: f64,
    /// The load generator's CPU in % of one core.
    pub generator_pct: f64,
    /// The server's peak resident memory during the run, MiB.
    pub peak_rss_mib: f64,
    /// SQL statements per request, if the server reports them.
    pub statements: Option<f64>,
}

impl Probe {
    /// Resets the server's peak-RSS mark and reads the counters.
    pub(crate) fn start(pid: u32, base_url: &str) -> Result<Probe> {
        // "5" resets VmHWM to the current RSS (proc(5), /proc/pid/clear_refs).
        std::fs::write(format!("/proc/{pid}/clear_refs"), "5")
            .with_context(|| format!("resetting the peak RSS of process {pid}"))?;
        Ok(Probe {
            pid,
            base_url: base_url.to_owned(),
            hz: ticks_per_second(),
            server: ticks_of(pid).map_or(0, |t| t.1),
            own: ticks_of(std::process::id()).map_or(0, |t| t.1),
            postgres: postgres_ticks(),
            statements: statements(base_url),
        })
    }

    pub(crate) fn finish(&self, requests: u64, seconds: f64) -> Costs {
        let per_request = |ticks: u64| {
            if requests == 0 {
                return 0.0;
            }
            ticks as f64 / self.hz * 1e6 / requests as f64
        };
        let server = ticks_of(self.pid).map_or(0, |t| t.1);
        let own = ticks_of(std::process::id()).map_or(0, |t| t.1);
        let postgres: u64 = postgres_ticks()
            .into_iter()
            .map(|(pid, now)| now.saturating_sub(self.postgres.get(&pid).copied().unwrap_or(0)))
            .sum();
        let hwm = std::fs::read_to_string(format!("/proc/{}/status", self.pid))
            .ok()
            .as_deref()
            .and_then(parse_hwm)
            .unwrap_or(0);
        let statements = match (self.statements, statements(&self.base_url)) {
            (Some(before), Some(after)) if requests > 0 => {
                // The /metrics scrape itself runs no statement.
                Some((after - before) / requests as f64)
            }
            _ => None,
        };
        Costs {
            server_us: per_request(server.saturating_sub(self.server)),
            database_us: per_request(postgres),
            generator_pct: own.saturating_sub(self.own) as f64 / self.hz / seconds.max(0.001)
                * 100.0,
            peak_rss_mib: hwm as f64 / 1024.0,
            statements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let line = "4242 (tokio (worker) 1) S 1 4242 4242 0 -1 4194560 2000 0 0 0 \
                    1234 567 0 0 20 0 9 0 100 300000000 5000 18446744073709551615";
        assert_eq!(
            parse_stat(line),
            Some(("tokio (worker) 1".to_owned(), 1234 + 567))
        );
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn peak_rss_is_read_from_vmhwm() {
        let status =
            "Name:\ttillit\nVmPeak:\t  900000 kB\nVmHWM:\t   48120 kB\nVmRSS:\t   40000 kB\n";
        assert_eq!(parse_hwm(status), Some(48120));
        assert_eq!(parse_hwm("Name:\tx\n"), None);
    }

    #[test]
    fn counters_are_read_by_exact_name() {
        let text = "# HELP tillit_db_statements_total SQL statements\n\
                    # TYPE tillit_db_statements_total counter\n\
                    tillit_db_statements_total_x 9\n\
                    tillit_db_statements_total 1234\n";
        assert_eq!(metric(text, "tillit_db_statements_total"), Some(1234.0));
        assert_eq!(metric(text, "tillit_missing"), None);
    }

    #[test]
    fn this_process_can_be_read() {
        let (comm, _) = ticks_of(std::process::id()).expect("own stat");
        assert!(!comm.is_empty());
        assert!(rss_kib(std::process::id()).is_some_and(|kib| kib > 0));
    }
}
