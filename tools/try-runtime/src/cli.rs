//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::types::{parse_hash, Hash, TryStateSelect, UpgradeChecks};

/// The RPC address of a node on this machine.
pub const LOCAL_URI: &str = "ws://127.0.0.1:9944";

const EXAMPLES: &str = "\
Examples:
  # Build the runtime to test, with the try-runtime feature (only the Wasm is needed):
  CARGO_TARGET_DIR=target-try-runtime WASM_BUILD_TYPE=release \\
    cargo check --release --locked -p provenance-runtime --features try-runtime
  WASM=target-try-runtime/release/wbuild/provenance-runtime/provenance_runtime.compact.compressed.wasm

  # Snapshot the finalized state of your own node (keep its RPC on localhost):
  provenance-try-runtime snapshot --uri ws://127.0.0.1:9944 --path chain.snap

  # Dry-run the upgrade on it: migrations, pre/post-upgrade hooks, every try_state:
  provenance-try-runtime on-runtime-upgrade --runtime $WASM --snapshot chain.snap

  # Or straight from the node, at a given block:
  provenance-try-runtime on-runtime-upgrade --runtime $WASM --uri ws://127.0.0.1:9944 --at 0x1234…

  # Re-execute a real finalized block with the new runtime:
  provenance-try-runtime execute-block --runtime $WASM --uri ws://127.0.0.1:9944 --at 0xabcd…

Exit status: 0 when every check passed, 1 when one failed or the tool could not run, 2 for a
usage error. Logs go to standard error (RUST_LOG=debug for more); results to standard output.";

/// Dry-runs a Provenance Chain runtime upgrade against real chain state.
#[derive(Parser, Debug)]
#[command(
	name = "provenance-try-runtime",
	version,
	about = "Dry-runs a Provenance Chain runtime upgrade against real chain state",
	long_about = "Dry-runs a Provenance Chain runtime upgrade against real chain state.\n\n\
		The Wasm runtime to test must be built with the `try-runtime` feature. It always runs as \
		Wasm, in the same executor and with the same host functions as provenance-node: the same \
		source as the blob proposed, plus the check code (not byte-identical). State comes from a node's RPC (every key at a block, \
		checked against that block's state root) or from a snapshot file written by `snapshot`.",
	after_help = EXAMPLES
)]
pub struct Cli {
	/// What to do.
	#[command(subcommand)]
	pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
	/// Download the full state at a block into a snapshot file.
	Snapshot(SnapshotArgs),
	/// Run a runtime's `on_runtime_upgrade` (migrations and checks) over a state.
	OnRuntimeUpgrade(OnRuntimeUpgradeArgs),
	/// Re-execute a real block with a runtime, over its parent's state, with the checks.
	ExecuteBlock(ExecuteBlockArgs),
	/// Print what a snapshot holds: its block, its runtime, its keys and bytes by pallet.
	Info(InfoArgs),
}

/// `snapshot`.
#[derive(Args, Debug)]
pub struct SnapshotArgs {
	/// The node's WebSocket RPC. Use your own node, on a trusted (local) connection.
	#[arg(long, default_value = LOCAL_URI)]
	pub uri: String,
	/// The block whose state to take (default: the finalized head).
	#[arg(long, value_parser = parse_hash)]
	pub at: Option<Hash>,
	/// The snapshot file to write.
	#[arg(long)]
	pub path: PathBuf,
}

/// Where `on-runtime-upgrade` takes the state from: exactly one of the two.
#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
pub struct StateSource {
	/// A snapshot file written by `snapshot`.
	#[arg(long)]
	pub snapshot: Option<PathBuf>,
	/// A node's WebSocket RPC, to download the state from.
	#[arg(long)]
	pub uri: Option<String>,
}

/// `on-runtime-upgrade`.
#[derive(Args, Debug)]
pub struct OnRuntimeUpgradeArgs {
	/// The Wasm runtime to test (built with `--features try-runtime`), compressed or not.
	#[arg(long)]
	pub runtime: PathBuf,
	/// Where the state comes from.
	#[command(flatten)]
	pub source: StateSource,
	/// With --uri: the block whose state to use (default: the finalized head).
	#[arg(long, value_parser = parse_hash, conflicts_with = "snapshot")]
	pub at: Option<Hash>,
	/// The checks: `all` (pre/post-upgrade hooks, decoding every storage value, every
	/// pallet's try_state), `pre-and-post`, `try-state` or `none`.
	#[arg(long, value_enum, default_value = "all")]
	pub checks: UpgradeChecks,
	/// Skip running the upgrade a second time on its own result (which must change nothing).
	#[arg(long)]
	pub no_idempotency_check: bool,
}

/// `execute-block`.
#[derive(Args, Debug)]
pub struct ExecuteBlockArgs {
	/// The Wasm runtime to test (built with `--features try-runtime`), compressed or not.
	#[arg(long)]
	pub runtime: PathBuf,
	/// The node's WebSocket RPC: the block and its parent's state come from it.
	#[arg(long, default_value = LOCAL_URI)]
	pub uri: String,
	/// The block to execute (default: the finalized head). The node must still have its
	/// parent's state.
	#[arg(long, value_parser = parse_hash)]
	pub at: Option<Hash>,
	/// The pallets whose try_state runs after the block: `all`, `none`, `rr-<n>`,
	/// `Pallet,Pallet` or `all-except-Pallet,Pallet`.
	#[arg(long, default_value = "all")]
	pub try_state: TryStateSelect,
	/// Check the resulting state root against the block's header. Default: on when the
	/// runtime has the on-chain spec_version (the same logic must give the same state), off
	/// otherwise (a new version writes its own version, so the root differs by design).
	#[arg(long, value_name = "BOOL")]
	pub state_root_check: Option<bool>,
	/// Check the extrinsics' signatures. Default: on when the runtime has the on-chain
	/// spec_version and transaction_version (signatures commit to both), off otherwise.
	#[arg(long, value_name = "BOOL")]
	pub signature_check: Option<bool>,
}

/// `info`.
#[derive(Args, Debug)]
pub struct InfoArgs {
	/// The snapshot file.
	#[arg(long)]
	pub snapshot: PathBuf,
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::CommandFactory;

	fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
		Cli::try_parse_from(std::iter::once("provenance-try-runtime").chain(args.iter().copied()))
	}

	#[test]
	fn the_command_line_is_consistent() {
		Cli::command().debug_assert();
	}

	#[test]
	fn snapshot_defaults_to_the_local_node_and_the_finalized_head() {
		let Command::Snapshot(args) = parse(&["snapshot", "--path", "x.snap"]).unwrap().command
		else {
			panic!("not snapshot")
		};
		assert_eq!(args.uri, LOCAL_URI);
		assert_eq!(args.at, None);
		assert_eq!(args.path, PathBuf::from("x.snap"));
		assert!(parse(&["snapshot"]).is_err(), "--path is required");
	}

	#[test]
	fn on_runtime_upgrade_takes_exactly_one_state_source() {
		let cli = parse(&["on-runtime-upgrade", "--runtime", "r.wasm", "--snapshot", "s.snap"]);
		let Command::OnRuntimeUpgrade(args) = cli.unwrap().command else { panic!() };
		assert_eq!(args.checks, UpgradeChecks::All);
		assert_eq!(args.source.snapshot, Some(PathBuf::from("s.snap")));
		assert!(!args.no_idempotency_check);

		let hash = format!("0x{}", "01".repeat(32));
		let cli = parse(&[
			"on-runtime-upgrade",
			"--runtime",
			"r.wasm",
			"--uri",
			"ws://127.0.0.1:9944",
			"--at",
			&hash,
			"--checks",
			"pre-and-post",
		]);
		let Command::OnRuntimeUpgrade(args) = cli.unwrap().command else { panic!() };
		assert_eq!(args.checks, UpgradeChecks::PreAndPost);
		assert_eq!(args.at, Some(Hash::repeat_byte(1)));

		let both = ["on-runtime-upgrade", "--runtime", "r", "--snapshot", "s", "--uri", "ws://x"];
		assert!(parse(&both).is_err());
		assert!(parse(&["on-runtime-upgrade", "--runtime", "r"]).is_err());
		let at_without_uri =
			["on-runtime-upgrade", "--runtime", "r", "--snapshot", "s", "--at", &hash];
		assert!(parse(&at_without_uri).is_err());
		let bad_checks =
			["on-runtime-upgrade", "--runtime", "r", "--snapshot", "s", "--checks", "x"];
		assert!(parse(&bad_checks).is_err());
	}

	#[test]
	fn execute_block_checks_default_to_automatic() {
		let cli = parse(&["execute-block", "--runtime", "r.wasm"]).unwrap();
		let Command::ExecuteBlock(args) = cli.command else { panic!() };
		assert_eq!(args.uri, LOCAL_URI);
		assert_eq!(args.try_state, TryStateSelect::All);
		assert_eq!(args.state_root_check, None);
		assert_eq!(args.signature_check, None);

		let cli = parse(&[
			"execute-block",
			"--runtime",
			"r.wasm",
			"--state-root-check",
			"false",
			"--try-state",
			"rr-2",
		]);
		let Command::ExecuteBlock(args) = cli.unwrap().command else { panic!() };
		assert_eq!(args.state_root_check, Some(false));
		assert_eq!(args.try_state, TryStateSelect::RoundRobin(2));
		assert!(parse(&["execute-block", "--runtime", "r", "--at", "0x12"]).is_err());
	}

	#[test]
	fn help_shows_examples() {
		let help = Cli::command().render_long_help().to_string();
		assert!(help.contains("Examples:"));
		assert!(help.contains("on-runtime-upgrade --runtime $WASM --snapshot chain.snap"));
	}
}
