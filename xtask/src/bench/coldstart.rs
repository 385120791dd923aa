//! W8, `--workload coldstart`: how long `tillit serve` takes from the spawn to its first
//! `/readyz` 200 on an existing database (migrations checked, keys loaded, pool open), as the
//! median of five starts, and how much memory it holds when idle (`VmRSS` ten seconds after the
//! last start, before any request but the readiness probe).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use super::{Dataset, grouped, ms, procstat};
use crate::util;

const STARTS: usize = 5;
const IDLE: Duration = Duration::from_secs(10);

pub(super) fn measure(tillit: &Path, dataset: &Dataset) -> Result<String> {
    let mut starts = Vec::new();
    let mut idle_kib = 0;
    for i in 0..STARTS {
        let port = util::free_port()?;
        let bind = format!("127.0.0.1:{port}");
        let serve = dataset.tillit(tillit, &["serve", "--bind", &bind]);
        let mut server = util::Server::start(serve, port, &dataset.dir.join("server.log"))?;
        let ready = server.wait_ready(Duration::from_secs(120));
        let ready = server.stop_with(ready.inspect(|_| {
            if i + 1 == STARTS {
                std::thread::sleep(IDLE);
                idle_kib = procstat::rss_kib(server.pid()).unwrap_or(0);
            }
        }))?;
        starts.push(ready);
    }
    starts.sort();
    let median = starts
        .get(STARTS / 2)
        .copied()
        .context("no start was measured")?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### W8 cold start and idle memory — {}, {} customers\n\n\
         | starts | ready after (median) | fastest | slowest | idle RSS after {} s |\n|---:|---:|---:|---:|---:|\n\
         | {STARTS} | {:.0} ms | {:.0} ms | {:.0} ms | {:.1} MiB |",
        dataset.engine.label(),
        grouped(dataset.seeding.customers),
        IDLE.as_secs(),
        ms(median),
        ms(starts[0]),
        ms(starts[STARTS - 1]),
        idle_kib as f64 / 1024.0,
    );
    Ok(out)
}
