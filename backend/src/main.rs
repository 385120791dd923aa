//! The `tillit` binary: parse the command line and hand over to [`tillit::cli::run`].

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc's malloc: a request allocates many small short-lived objects
/// (GraphQL documents, JSON, rows), and glibc spent ~15 % of a webshop lookup's CPU on them.
/// Built without transparent huge pages (`no_thp`): mimalloc commits its arenas eagerly and
/// asks for huge pages on them, so an idle server held eleven 2 MiB pages for 8 MiB of heap
/// (idle RSS 54 instead of 36 MiB; `docs/benchmarks.md`, 2026-12-02).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tillit::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tillit: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(tillit::cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tillit: {e:#}");
            ExitCode::FAILURE
        }
    }
}
