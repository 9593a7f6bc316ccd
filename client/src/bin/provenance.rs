//! `provenance`: the Provenance Chain command line. See `provenance --help` and docs/cli.md.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
	// `provenance … | head` closes the pipe early: stop quietly, as other tools do.
	let default_hook = std::panic::take_hook();
	std::panic::set_hook(Box::new(move |info| {
		if info.to_string().contains("failed printing to stdout") {
			std::process::exit(141);
		}
		default_hook(info);
	}));
	provenance_client::init_logging();
	let cli = provenance_client::cli::Cli::parse();
	match provenance_client::cli::run(cli).await {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e:#}");
			std::process::ExitCode::FAILURE
		},
	}
}
