//! `provenance-try-runtime`: try-runtime for Provenance Chain, on `frame-remote-externalities`.
//!
//! A small equivalent of paritytech's `try-runtime` CLI (which is not published for this
//! polkadot-sdk release) for the checks an operator runs before proposing a runtime upgrade:
//! `snapshot` (download the state at a block), `on-runtime-upgrade` (run the new runtime's
//! migrations and every try-runtime check over that state) and `execute-block` (re-execute a
//! real block with the new runtime). See `tools/try-runtime/README.md`.

// A command-line tool: its arithmetic is on byte counts and timings, for display.
#![allow(clippy::arithmetic_side_effects)]

pub mod cli;
pub mod runtime;
pub mod state;
pub mod types;

use std::{collections::BTreeMap, time::Instant};

use anyhow::{bail, Context as _};
use codec::{Decode, Encode};
use sp_core::storage::well_known_keys;
use sp_runtime::traits::Header as _;
use sp_state_machine::OverlayedChanges;
use sp_weights::Weight;

use crate::{
	cli::{Command, ExecuteBlockArgs, InfoArgs, OnRuntimeUpgradeArgs, SnapshotArgs},
	runtime::{describe, Code},
	types::{strip_seal, UpgradeChecks},
};

/// The log target of the tool's own messages.
pub const LOG_TARGET: &str = "try-runtime";

/// Share of the maximum block weight above which an upgrade's weight is reported as a risk.
const WEIGHT_WARNING_PERCENT: f64 = 80.0;

/// Runs a command. An `Err` is a failed check or a failure to run.
pub async fn run(command: Command) -> anyhow::Result<()> {
	match command {
		Command::Snapshot(args) => snapshot(args).await,
		Command::OnRuntimeUpgrade(args) => on_runtime_upgrade(args).await,
		Command::ExecuteBlock(args) => execute_block(args).await,
		Command::Info(args) => info(args).await,
	}
}

fn print_block(what: &str, header: &types::Header) {
	println!(
		"{what}: #{} {:?} (state root {:?})",
		header.number(),
		header.hash(),
		header.state_root()
	);
}

async fn snapshot(args: SnapshotArgs) -> anyhow::Result<()> {
	let started = Instant::now();
	let client = state::connect(&args.uri).await?;
	let header = state::header(&client, &args.uri, args.at).await?;
	print_block("snapshot of block", &header);
	if let Some(dir) = args.path.parent().filter(|d| !d.as_os_str().is_empty()) {
		std::fs::create_dir_all(dir)
			.with_context(|| format!("cannot create the directory {}", dir.display()))?;
	}
	let state = state::download(&args.uri, header.hash(), Some(&args.path)).await?;
	let file_bytes = std::fs::metadata(&args.path)
		.with_context(|| format!("the snapshot {} was not written", args.path.display()))?
		.len();
	let summary = state::summarize(&state)?;
	println!(
		"wrote {} ({file_bytes} bytes) in {:.1} s",
		args.path.display(),
		started.elapsed().as_secs_f64()
	);
	print!("{summary}");
	Ok(())
}

async fn info(args: InfoArgs) -> anyhow::Result<()> {
	let state = state::load_snapshot(&args.snapshot).await?;
	print_block("snapshot of block", &state.header);
	let executor = runtime::executor();
	let code = Code::from_state(&state.backend)?;
	let version = runtime::embedded_version(&executor, &state.backend, &code)?;
	println!("runtime at :code: {} ({})", describe(&version), code.short_hash());
	print!("{}", state::summarize(&state)?);
	Ok(())
}

/// Loads the state `on-runtime-upgrade` works on.
async fn upgrade_state(args: &OnRuntimeUpgradeArgs) -> anyhow::Result<state::State> {
	match (&args.source.snapshot, &args.source.uri) {
		(Some(path), _) => {
			let state = state::load_snapshot(path).await?;
			print_block("state of block (snapshot)", &state.header);
			Ok(state)
		},
		(None, Some(uri)) => {
			let client = state::connect(uri).await?;
			let header = state::header(&client, uri, args.at).await?;
			print_block("state of block (downloaded)", &header);
			state::download(uri, header.hash(), None).await
		},
		// clap requires one of the two.
		(None, None) => bail!("give --snapshot or --uri"),
	}
}

/// The top-trie changes an overlay holds, for a diff.
fn changes(
	overlay: &mut OverlayedChanges<sp_runtime::traits::BlakeTwo256>,
) -> BTreeMap<Vec<u8>, Option<Vec<u8>>> {
	overlay.changes_mut().map(|(k, v)| (k.clone(), v.value().cloned())).collect()
}

async fn on_runtime_upgrade(args: OnRuntimeUpgradeArgs) -> anyhow::Result<()> {
	let new = Code::from_file(&args.runtime)?;
	let mut state = upgrade_state(&args).await?;
	let summary = state::summarize(&state)?;
	println!("state: {} keys, {} bytes", summary.keys, summary.bytes);

	let executor = runtime::executor();
	let old = Code::from_state(&state.backend)?;
	let old_version = runtime::embedded_version(&executor, &state.backend, &old)
		.context("cannot read the version of the on-chain runtime")?;
	let new_version = runtime::version(&executor, &state.backend, &new)
		.with_context(|| format!("cannot read the version of {}", args.runtime.display()))?;
	println!("on-chain runtime: {} ({})", describe(&old_version), old.short_hash());
	println!("new runtime:      {} ({})", describe(&new_version), new.short_hash());
	if new_version.spec_name != old_version.spec_name {
		bail!(
			"the new runtime's spec_name `{}` is not the chain's `{}`: System::set_code would \
			 reject it",
			new_version.spec_name,
			old_version.spec_name
		);
	}
	if new_version.spec_version <= old_version.spec_version {
		println!(
			"WARNING: the new spec_version {} is not higher than the on-chain {}: \
			 System::set_code (and so authorize_upgrade/apply_authorized_upgrade) would reject \
			 this runtime, and nodes would not run its migrations. Bump spec_version before \
			 proposing it.",
			new_version.spec_version, old_version.spec_version
		);
	}
	if !runtime::has_try_runtime_api(&new_version) {
		bail!(
			"{} has no TryRuntime API: build it with `--features try-runtime` (see --help)",
			args.runtime.display()
		);
	}

	// The state as right after `System::set_code`: the new code at `:code`.
	state.insert(well_known_keys::CODE.to_vec(), new.wasm.clone());
	let mut overlay = OverlayedChanges::default();
	println!("running TryRuntime_on_runtime_upgrade (checks: {:?}) …", args.checks);
	let started = Instant::now();
	let result = runtime::call(
		&executor,
		&state.backend,
		&mut overlay,
		&new,
		"TryRuntime_on_runtime_upgrade",
		&args.checks.encode(),
	)
	.context(
		"the runtime upgrade failed: a migration, a pre/post-upgrade hook, decoding the state \
		 or a try_state check panicked (the runtime's log lines above say which, and why)",
	)?;
	let elapsed = started.elapsed();
	let (used, max) = <(Weight, Weight)>::decode(&mut &result[..])
		.context("cannot decode the (Weight, Weight) TryRuntime_on_runtime_upgrade returned")?;
	let percent = runtime::percent(used, max);
	println!(
		"on-runtime-upgrade: OK in {} ms; weight {} = {percent:.2}% of the maximum block ({})",
		elapsed.as_millis(),
		runtime::weight(used),
		runtime::weight(max)
	);
	println!("  changed {} storage keys", changes(&mut overlay).len());
	if used.any_gt(max) {
		bail!("the upgrade's weight is above the maximum block weight: the upgrade block would be overweight");
	}
	if percent >= WEIGHT_WARNING_PERCENT {
		println!(
			"WARNING: the upgrade takes {percent:.0}% of a block (≥ {WEIGHT_WARNING_PERCENT}%): \
			 consider a multi-block migration"
		);
	}

	if args.no_idempotency_check {
		return Ok(());
	}
	// The same upgrade again, on its own result: it must not change anything.
	let (root_before, _) = overlay.storage_root(&state.backend, state.state_version);
	let before = changes(&mut overlay);
	runtime::call(
		&executor,
		&state.backend,
		&mut overlay,
		&new,
		"TryRuntime_on_runtime_upgrade",
		&UpgradeChecks::None.encode(),
	)
	.context("the migrations are not idempotent: running them a second time failed")?;
	let (root_after, _) = overlay.storage_root(&state.backend, state.state_version);
	if root_before != root_after {
		let after = changes(&mut overlay);
		let mut differing: Vec<String> = after
			.iter()
			.filter(|(k, v)| before.get(*k) != Some(*v))
			.map(|(k, _)| format!("0x{}", hex::encode(k)))
			.collect();
		differing.truncate(20);
		bail!(
			"the migrations are not idempotent: a second run changed the state root ({root_before:?} \
			 -> {root_after:?}); first changed keys: {}",
			differing.join(", ")
		);
	}
	println!("idempotency: OK (a second run leaves the state root at {root_after:?})");
	Ok(())
}

async fn execute_block(args: ExecuteBlockArgs) -> anyhow::Result<()> {
	let new = Code::from_file(&args.runtime)?;
	let client = state::connect(&args.uri).await?;
	let header = state::header(&client, &args.uri, args.at).await?;
	if *header.number() == 0 {
		bail!("the genesis block has no parent to execute it on: pick a later block");
	}
	let mut block = state::block(&client, &args.uri, header.hash()).await?;
	print_block("block to execute", &block.header);
	println!("  {} extrinsics", block.extrinsics.len());
	let parent = state::download(&args.uri, block.header.parent_hash, None).await?;
	print_block("on the state of its parent", &parent.header);

	let executor = runtime::executor();
	let old = Code::from_state(&parent.backend)?;
	let old_version = runtime::embedded_version(&executor, &parent.backend, &old)
		.context("cannot read the version of the on-chain runtime")?;
	let new_version = runtime::version(&executor, &parent.backend, &new)
		.with_context(|| format!("cannot read the version of {}", args.runtime.display()))?;
	println!("on-chain runtime: {} ({})", describe(&old_version), old.short_hash());
	println!("new runtime:      {} ({})", describe(&new_version), new.short_hash());
	if !runtime::has_try_runtime_api(&new_version) {
		bail!(
			"{} has no TryRuntime API: build it with `--features try-runtime` (see --help)",
			args.runtime.display()
		);
	}
	let same_spec = new_version.spec_name == old_version.spec_name
		&& new_version.spec_version == old_version.spec_version;
	let same_tx = same_spec && new_version.transaction_version == old_version.transaction_version;
	let state_root_check = args.state_root_check.unwrap_or(same_spec);
	let signature_check = args.signature_check.unwrap_or(same_tx);
	if !same_spec {
		println!(
			"the runtime's spec_version differs from the chain's: the block runs as the first \
			 block after the upgrade (migrations in on_initialize){}",
			if args.state_root_check.is_none() && args.signature_check.is_none() {
				"; state root and signature checks are off by default (the state and the signed \
				 payloads commit to the version)"
			} else {
				""
			}
		);
	}
	println!(
		"running TryRuntime_execute_block (state root check: {state_root_check}, signature \
		 check: {signature_check}, try_state: {:?}) …",
		args.try_state
	);

	// The node strips the author's seal before execution; so must we.
	let had_seal = strip_seal(&mut block.header);
	log::debug!(target: LOG_TARGET, "seal stripped: {had_seal}");
	let call_args =
		types::execute_block_args(&block, state_root_check, signature_check, &args.try_state);
	// `:code` stays the chain's: the state root of the block commits to it.
	let started = Instant::now();
	let result = runtime::call(
		&executor,
		&parent.backend,
		&mut OverlayedChanges::default(),
		&new,
		"TryRuntime_execute_block",
		&call_args,
	)
	.context(
		"executing the block failed: an extrinsic, a hook, a try_state check or the state \
		 root check panicked (the runtime's log lines above say which, and why)",
	)?;
	let elapsed = started.elapsed();
	let used = Weight::decode(&mut &result[..])
		.context("cannot decode the Weight TryRuntime_execute_block returned")?;
	println!(
		"execute-block: OK in {} ms; block weight {}",
		elapsed.as_millis(),
		runtime::weight(used)
	);
	Ok(())
}
