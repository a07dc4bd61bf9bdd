//! `vestibule`: reads the settings once, sets up logging and runs the chosen command.

use clap::Parser;
use std::process::ExitCode;
use vestibule_server::cli::{Cli, run};
use vestibule_service::Settings;

// One thread runs the async work; argon2, image decoding and SQLite run on blocking/worker threads.
// Leptos 0.8.23 has a lost-wakeup race between threads in streamed <Suspense> (leptos#4851, #4698)
// that leaves about one page in a few thousand unfinished; on a single-threaded runtime it cannot happen.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
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
    match run(cli, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vestibule: {e}");
            ExitCode::FAILURE
        }
    }
}
