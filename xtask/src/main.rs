//! `cargo xtask`: the one place that orchestrates npm and cargo (no build.rs does). Each command
//! lives in its own module; this file only dispatches.

mod bench;
mod ci;
mod fuzz;
mod run;
mod schema;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  run [-- ARGS]      Build the web app and the server, then run `tillit serve --demo` on
                     http://127.0.0.1:8080 with its data in ./data (Ctrl-C stops it).
                     ARGS are passed on to `tillit serve`, e.g. `-- --bind 127.0.0.1:9000`.
  schema             Write backend/schema.graphql from the server's schema, then regenerate
                     the web app's typed GraphQL client (frontend/src/gql).
  ci [--skip-e2e] [--only STEP[,STEP…]]
                     Every check CI runs, in order: fmt, clippy, test, frontend, e2e.
                     Stops at the first failure; ends with a table of step times.
  bench [--customers N[,N…]] [--engines sqlite,postgres] [--queries Q] [--write] [--fresh]
        [--workload search|login-flood|consents|webshop|webshop-mix|reporting|anonymize|backup|
                    coldstart]
        [--attackers A] [--runs R]
        [--clients C] [--seconds S] [--targets tillit,raw,pgl5,pgl4] [--sweep C,C…]
                     Staff search by term class against a release build on seeded
                     databases, next to Tillit's search module in a bare handler (raw) and,
                     on PostgreSQL, PostGraphile 5 and 4 (pgl.search_customers): per class
                     and target one connection (latency) and C at once (throughput), S
                     seconds each, R runs in turn (defaults: 100000,1000000 customers; both
                     engines). Seeded databases are kept in ~/.cache/tillit-bench and reused
                     (--fresh seeds them again, e.g. after the search document changed).
                     PostgreSQL: databases tillit_bench_<N> on postgres@127.0.0.1:5432.
                     --write appends the tables to docs/benchmarks.md.
                     --workload login-flood: the cost of one login, and Q W1 lookups (webshop,
                     by e-mail) idle and under A (default 200) concurrent bad-login clients.
                     --workload consents: writing 10 000 consent events, and reading the
                     consents of 1 000 contacts in one request (Q times, default 200).
                     --workload webshop: the webshop's consent lookup by e-mail with an API
                     key from C (default 64) concurrent clients for S (default 10) seconds,
                     next to the same lookup as raw SQL and, on PostgreSQL, PostGraphile 5
                     and 4 on the same database (--targets picks some; npm installs
                     PostGraphile into ~/.cache/tillit-bench). --sweep 1,4,16,64,256: only
                     the closed loop, at each of those connection counts, as a table and an
                     SVG chart of throughput vs concurrency (with --write in docs/, else
                     beside the data set).
                     --workload webshop-mix: 90 % lookups and 10 % consent updates
                     (`recordWebshopConsent`), next to lookups alone on the same server.
                     --workload reporting: a reporting tool's walk through every customer
                     with contacts and consents (`reportCustomers`, 1 000 a page), next to
                     the same reads as raw SQL and PostGraphile's `allCustomers`; R walks
                     each (default 3), customers/s.
                     --workload anonymize: the retention rule's bulk anonymization
                     (customers/s) on a copy of a data set seeded as of 2022-06-30.
                     --workload backup: `tillit backup create/verify/restore` and, on
                     PostgreSQL, `pg_dump -Fc`/`pg_restore` of the same data; R rounds
                     (default 1), medians and the ratios of each round.
                     --workload coldstart: time to ready and idle memory over five starts.
  bench generate [--customers N[,N…]] [--engines sqlite,postgres] [--fresh]
                     Only generate (or reuse) the data sets: customers, contacts, consent
                     histories, orders, invoices and tasks, deterministic from one seed; prints
                     what each holds and how long generating it took.
  fuzz [--cases N] [--examples N]
                     The input parsers' property tests with N cases (default 20000), then
                     schemathesis (from PyPI, into ~/.cache/tillit-fuzz/venv) against a
                     server with demo data, signed in as an administrator: N generated
                     requests per query and mutation (default 20); any 5xx fails.
  help               Print this text.

Environment:
  TILLIT_TEST_DATABASE_URL  PostgreSQL for `ci`'s tests [default: postgres://postgres@127.0.0.1:5432/postgres
                            when that port answers; otherwise the PostgreSQL tests are skipped]
  CHROMIUM_PATH             Browser for the end-to-end tests [default: /usr/bin/chromium]
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "run" => run::main(rest),
        "schema" if rest.is_empty() => schema::main(),
        "ci" => ci::main(rest),
        "bench" => bench::main(rest),
        "fuzz" => fuzz::main(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(usage_error(&format!(
            "unknown command or argument in `{}`",
            args.join(" ")
        ))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// An error for bad arguments; prints the usage first.
pub fn usage_error(message: &str) -> anyhow::Error {
    eprintln!("{USAGE}");
    anyhow::anyhow!("{message}")
}
