//! Dispatches the command line to the node or to a subcommand.

use provenance_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Provenance Chain Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/provenance-chain/provenance-chain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			"production" => Box::new(chain_spec::production_chain_spec()?),
			path => {
				let file = std::path::PathBuf::from(path);
				if !file.is_file() {
					return Err(format!(
						"unknown chain '{path}': expected 'dev', 'local', 'production' or the \
						 path of a chain spec JSON file"
					));
				}
				Box::new(chain_spec::ChainSpec::from_json_file(file)?)
			},
		})
	}
}

/// Batch requests a node answers by default: enough for any client we know of, and a cap
/// on how much work one request can ask for.
pub const DEFAULT_RPC_MAX_BATCH_LEN: u32 = 64;
/// Calls per minute per connection a node serving RPC beyond loopback allows by default.
pub const DEFAULT_PUBLIC_RPC_RATE_LIMIT: u32 = 3_000;

/// Defaults for a node whose RPC others can reach, where the operator gave none: batches are
/// capped always, and calls are rate-limited per connection when RPC listens beyond
/// loopback. `--rpc-methods` stays `auto`: unsafe methods (key rotation) are served only by a
/// node whose RPC listens on loopback alone. Explicit flags win. See docs/validator.md.
pub fn apply_rpc_defaults(rpc: &mut sc_cli::RpcParams) {
	if rpc.rpc_max_batch_request_len.is_none() && !rpc.rpc_disable_batch_requests {
		rpc.rpc_max_batch_request_len = Some(DEFAULT_RPC_MAX_BATCH_LEN);
	}
	let external = rpc.rpc_external || rpc.unsafe_rpc_external;
	if external && rpc.rpc_rate_limit.is_none() {
		rpc.rpc_rate_limit = std::num::NonZeroU32::new(DEFAULT_PUBLIC_RPC_RATE_LIMIT);
	}
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	apply_rpc_defaults(&mut cli.run.rpc_params);

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => crate::benchmarking::run(&cli, cmd),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	fn cli() -> Cli {
		Cli::parse_from(["provenance-node"])
	}

	#[test]
	fn built_in_chains_load() {
		let dev = cli().load_spec("dev").expect("dev spec");
		assert_eq!(dev.id(), "provenance_dev");
		assert_eq!(dev.chain_type(), sc_service::ChainType::Development);
		let local = cli().load_spec("local").expect("local spec");
		assert_eq!(local.id(), "provenance_local");
		assert_eq!(cli().load_spec("").expect("default spec").id(), "provenance_local");
		let production = cli().load_spec("production").expect("production spec");
		assert_eq!(production.id(), "provenance");
		assert_eq!(production.chain_type(), sc_service::ChainType::Live);
	}

	fn rpc_defaults(args: &[&str]) -> sc_cli::RpcParams {
		let mut cli =
			Cli::parse_from(std::iter::once("provenance-node").chain(args.iter().copied()));
		apply_rpc_defaults(&mut cli.run.rpc_params);
		cli.run.rpc_params
	}

	#[test]
	fn batches_are_capped_and_public_rpc_is_rate_limited_by_default() {
		let local = rpc_defaults(&[]);
		assert_eq!(local.rpc_max_batch_request_len, Some(DEFAULT_RPC_MAX_BATCH_LEN));
		// Loopback only: no rate limit unless asked for.
		assert_eq!(local.rpc_rate_limit, None);
		for flag in ["--rpc-external", "--unsafe-rpc-external"] {
			let public = rpc_defaults(&[flag]);
			assert_eq!(
				public.rpc_rate_limit.map(|n| n.get()),
				Some(DEFAULT_PUBLIC_RPC_RATE_LIMIT),
				"{flag}"
			);
			assert_eq!(public.rpc_max_batch_request_len, Some(DEFAULT_RPC_MAX_BATCH_LEN));
		}
	}

	#[test]
	fn explicit_rpc_flags_win_over_the_defaults() {
		let set = rpc_defaults(&[
			"--rpc-external",
			"--rpc-rate-limit",
			"10",
			"--rpc-max-batch-request-len",
			"5",
		]);
		assert_eq!(set.rpc_rate_limit.map(|n| n.get()), Some(10));
		assert_eq!(set.rpc_max_batch_request_len, Some(5));
		let disabled = rpc_defaults(&["--rpc-disable-batch-requests"]);
		assert_eq!(disabled.rpc_max_batch_request_len, None);
		assert!(disabled.rpc_disable_batch_requests);
	}

	#[test]
	fn unknown_chain_is_a_clear_error() {
		let Err(err) = cli().load_spec("no-such-chain") else { panic!("must fail") };
		assert!(err.contains("unknown chain 'no-such-chain'"), "{err}");
	}

	#[test]
	fn a_malformed_spec_file_is_an_error() {
		let dir = std::env::temp_dir().join(format!("provenance-spec-{}", std::process::id()));
		std::fs::create_dir_all(&dir).expect("tmp dir");
		let file = dir.join("broken.json");
		std::fs::write(&file, "{ not json").expect("write");
		let Err(err) = cli().load_spec(file.to_str().expect("utf8")) else { panic!("must fail") };
		assert!(!err.is_empty());
		std::fs::remove_dir_all(&dir).ok();
	}
}
