//! `provenance-try-runtime`: see `--help` and `tools/try-runtime/README.md`.

use std::process::ExitCode;

use clap::Parser;
use provenance_try_runtime::{cli::Cli, run};

/// Logs (the tool's, `frame-remote-externalities`' and the runtime's own, which the Wasm sends
/// through the `log` host function) go to standard error; `RUST_LOG` filters them.
fn init_logging() {
	let filter = tracing_subscriber::EnvFilter::builder()
		.with_default_directive(tracing_subscriber::filter::LevelFilter::INFO.into())
		.from_env_lossy();
	// `try_init` also forwards the `log` crate's records; a second call is a no-op.
	let _ = tracing_subscriber::fmt()
		.with_env_filter(filter)
		.with_writer(std::io::stderr)
		.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
		.with_target(true)
		.try_init();
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	init_logging();
	match run(cli.command).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e:#}");
			ExitCode::FAILURE
		},
	}
}
