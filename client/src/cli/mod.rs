//! The `provenance` command line: one subcommand group per thing on chain, each usable by the
//! persona that owns it (data owners: `dataset`, `consent`; trainers: `model`; auditors:
//! `lineage` and every `show`; contributors: `rewards`).

mod commands;
mod output;
pub mod parse;

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

pub use commands::run;

use crate::{client::BlockSpec, tx::Wait};

const EXAMPLES: &str = "\
Examples:
  provenance dataset register --suri //Alice --content-hash 0x… --uri ipfs://… --license CC-BY-4.0
  provenance consent grant 0 --suri //Alice --grantee //Bob --purpose training --expires-in 100000
  provenance model register --suri //Bob --manifest run.toml
  provenance lineage export 2 --format spdx -o model-2.spdx.json
  provenance lineage status 2 --at 120
  provenance --light chain-spec.json lineage ancestors 2
  provenance rewards pay 2 1.5PROV --suri //Dave

Accounts: --suri (or PROVENANCE_SURI) takes a secret URI such as //Alice or a mnemonic;
--key-file takes a polkadot.js JSON key file, its password from PROVENANCE_KEY_PASSWORD or a
prompt. Amounts are planck (1500000000000) or PROV with the unit (1.5PROV).";

/// Provenance Chain from the shell: register datasets and consent, register models and
/// their training runs, audit lineage at any block, export it, and get paid.
#[derive(Debug, Parser)]
#[command(name = "provenance", version, about, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
	#[command(flatten)]
	pub global: Global,
	#[command(subcommand)]
	pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
	/// The node's JSON-RPC endpoint.
	#[arg(
		long,
		global = true,
		env = "PROVENANCE_URL",
		hide_env_values = true,
		default_value = "ws://127.0.0.1:9944"
	)]
	pub url: String,
	/// Run queries through an embedded light client for the chain this spec (JSON, with
	/// bootNodes) describes, checking every answer by proof instead of trusting a node.
	/// Takes precedence over --url and PROVENANCE_URL.
	#[arg(long, global = true, value_name = "CHAIN_SPEC")]
	pub light: Option<PathBuf>,
	/// Print JSON for scripts instead of text for people.
	#[arg(long, global = true)]
	pub json: bool,
	/// Read at this block (a number or a 0x hash) instead of the latest finalized one.
	#[arg(long, global = true, value_name = "HASH|NUMBER", value_parser = parse_block)]
	pub at: Option<BlockSpec>,
	/// The signing account's secret URI (`//Alice`, a mnemonic). Never printed.
	#[arg(long, global = true, env = crate::keys::SURI_ENV, hide_env_values = true)]
	pub suri: Option<String>,
	/// A polkadot.js JSON key file to sign with (password from PROVENANCE_KEY_PASSWORD or a
	/// prompt).
	#[arg(long, global = true, value_name = "FILE")]
	pub key_file: Option<PathBuf>,
	/// How long a transaction waits: until it is in a block, or until that block is final.
	#[arg(long, global = true, value_enum, default_value = "finalized")]
	pub wait: Wait,
	/// No progress spinner.
	#[arg(long, short, global = true)]
	pub quiet: bool,
}

/// `provenance explore`'s options.
#[derive(Debug, Args)]
pub struct ExploreArgs {
	/// The address to serve on. Port 0 picks a free port; the address is printed once bound.
	/// Anything but loopback exposes the explorer to the network: it is read-only, but put it
	/// behind a reverse proxy with TLS for that.
	#[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
	pub listen: std::net::SocketAddr,
	/// How many pages are read from the chain at once; more visitors wait their turn.
	#[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
	pub concurrency: u16,
	/// The most seconds a page may take before the visitor gets a "took too long" page.
	#[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600), value_name = "SECONDS")]
	pub page_timeout: u64,
}

const EXPLORE_EXAMPLES: &str = "\
Examples:
  # Explore a local dev node at http://127.0.0.1:8080/
  provenance explore
  # Another node, on another port
  provenance --url wss://rpc.example.org explore --listen 127.0.0.1:3000
  # Trust no node: every page is checked by the embedded light client
  provenance --light chain-spec.json explore
  # Shareable links: a model as it stood at block 1200
  http://127.0.0.1:8080/model/2?at=1200

Pages: /model/<id>, /dataset/<id>, /grant/<id>, /account/<ss58>, each with ?at=<number|0xhash>.
See docs/explorer.md.";

fn parse_block(s: &str) -> Result<BlockSpec, String> {
	s.parse()
}

#[derive(Debug, Subcommand)]
pub enum Command {
	/// Data owners: register, update, version and derive datasets; contributors, delegates
	/// and ownership.
	#[command(subcommand)]
	Dataset(commands::DatasetCmd),
	/// Data owners: grant and revoke consent; who used a grant; what a revocation taints.
	#[command(subcommand)]
	Consent(commands::ConsentCmd),
	/// Trainers: register models with their runs, record evaluations, anchor decision logs.
	#[command(subcommand)]
	Model(commands::ModelCmd),
	/// Auditors: ancestry, descendants, consent status, exports and pictures, at any block.
	#[command(subcommand)]
	Lineage(commands::LineageCmd),
	/// Contributors: what you can claim, who a payment pays, pay usage, claim.
	#[command(subcommand)]
	Rewards(commands::RewardsCmd),
	/// Decision logs: Merkle roots and inclusion proofs, computed locally.
	#[command(subcommand)]
	Decisions(commands::DecisionsCmd),
	/// Auditors and data owners: a web explorer of lineage, consent and rewards, at any block.
	#[command(after_help = EXPLORE_EXAMPLES)]
	Explore(ExploreArgs),
	/// Print a shell completion script.
	Completions {
		#[arg(value_enum)]
		shell: clap_complete::Shell,
	},
	/// Print the manual page (roff) to standard output.
	Manpage,
}

/// The parsed command line's `clap` command, for completions and the man page.
pub fn command() -> clap::Command {
	Cli::command()
}

/// The reference part of `docs/cli.md`: every command's `--help`, generated from the parser
/// so that the manual cannot fall behind it.
pub fn reference_markdown() -> String {
	fn walk(cmd: &mut clap::Command, path: &str, out: &mut String) {
		let name = if path.is_empty() {
			cmd.get_name().to_string()
		} else {
			format!("{path} {}", cmd.get_name())
		};
		out.push_str(&format!(
			"### `{name}`\n\n```text\n{}\n```\n\n",
			cmd.render_long_help().to_string().trim_end()
		));
		let subs: Vec<String> = cmd
			.get_subcommands()
			.filter(|s| s.get_name() != "help")
			.map(|s| s.get_name().to_string())
			.collect();
		for sub in subs {
			if let Some(s) = cmd.find_subcommand_mut(&sub) {
				walk(s, &name, out);
			}
		}
	}
	let mut cmd = command().term_width(100);
	cmd.build();
	let mut out = String::new();
	walk(&mut cmd, "", &mut out);
	out
}

#[cfg(test)]
mod tests {
	const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md");
	const MARK: &str = "<!-- reference: generated by `PROVENANCE_WRITE_DOCS=1 cargo test -p provenance-client`; do not edit below -->\n";

	#[test]
	fn the_parser_is_consistent() {
		super::command().debug_assert();
	}

	/// `docs/cli.md` ends with every command's help, exactly as the binary prints it.
	#[test]
	fn cli_reference_is_current() {
		let doc = std::fs::read_to_string(DOC).unwrap_or_default();
		let head = doc.split(MARK).next().unwrap_or_default().to_string();
		let want = format!("{head}{MARK}\n{}", super::reference_markdown());
		if std::env::var_os("PROVENANCE_WRITE_DOCS").is_some() {
			std::fs::write(DOC, &want).unwrap();
			return;
		}
		assert!(doc == want, "docs/cli.md's reference is stale: run `PROVENANCE_WRITE_DOCS=1 cargo test --release -p provenance-client cli_reference`");
	}
}
