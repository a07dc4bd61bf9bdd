//! `vestibule`: reads the settings once, sets up logging and runs the chosen command.

use clap::Parser;
use std::process::ExitCode;
use vestibule_server::cli::{Cli, run};
use vestibule_service::Settings;

// `VESTIBULE_RUNTIME` picks the runtime: async work on every core (the default), or on one thread.
// argon2, image decoding and SQLite run on blocking threads either way. `cargo xtask stress` showed
// both finishing 20,000 of 20,000 pages, every core with 39% more of them a second (BENCHMARKS.md).
// mimalloc returns freed memory to the system. glibc's malloc raises its mmap and trim thresholds
// after the first 19 MiB argon2 block is freed, and from then on every thread's arena keeps up to
// twice that: a burst of 200 log-ins left 204 MiB resident instead of 33 (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("vestibule: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    let mut builder = if settings.multi_thread {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("vestibule: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vestibule: {e}");
            ExitCode::FAILURE
        }
    }
}
