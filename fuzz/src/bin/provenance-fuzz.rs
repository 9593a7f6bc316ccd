//! Long mode: `provenance-fuzz --seed S --calls N --seeds K` runs seeds S, S+1, ... S+K-1,
//! N calls each, prints progress and a summary, and exits non-zero on a finding.

// A tool: its arithmetic is on counters.
#![allow(clippy::arithmetic_side_effects)]

use std::{process::ExitCode, time::Duration};

use clap::Parser;
use provenance_fuzz::{Config, Fuzzer, Stats, DEFAULT_EPISODE_CALLS};

#[derive(Parser, Debug)]
#[command(name = "provenance-fuzz", about = "Fuzzes the Provenance Chain runtime natively")]
struct Args {
	/// The first seed; the run is a function of it.
	#[arg(long, default_value_t = 0)]
	seed: u64,
	/// Calls to generate per seed.
	#[arg(long, default_value_t = 1_000_000)]
	calls: u64,
	/// How many seeds to run, from `--seed` up.
	#[arg(long, default_value_t = 1)]
	seeds: u64,
	/// Calls per episode; each episode starts again from genesis.
	#[arg(long, default_value_t = DEFAULT_EPISODE_CALLS)]
	episode_calls: u64,
	/// Seconds between progress lines (0: none).
	#[arg(long, default_value_t = 10)]
	progress: u64,
	/// Print every dispatched call and its outcome (to follow a finding).
	#[arg(long)]
	trace: bool,
	/// List every distinct (pallet, call, outcome) seen.
	#[arg(long)]
	paths: bool,
}

fn main() -> ExitCode {
	let args = Args::parse();
	let fuzzer = Fuzzer::new();
	let mut total = Stats::default();
	for seed in args.seed..args.seed.saturating_add(args.seeds) {
		let config = Config {
			seed,
			calls: args.calls,
			episode_calls: args.episode_calls.max(1),
			progress: (args.progress > 0).then(|| Duration::from_secs(args.progress)),
			trace: args.trace,
		};
		let stats = fuzzer.run(&config);
		eprintln!(
			"seed {seed}: {} calls, {} blocks, {:.0} calls/s, {} finding(s)",
			stats.calls,
			stats.blocks,
			stats.rate(),
			stats.findings.len()
		);
		for finding in &stats.findings {
			eprintln!("{finding}");
		}
		total.merge(stats);
	}
	if args.paths {
		for (pallet, call, outcome) in &total.paths {
			println!("{pallet}.{call} => {outcome}");
		}
	}
	println!("{}", total.report(fuzzer.all_calls()));
	if total.findings.is_empty() {
		ExitCode::SUCCESS
	} else {
		ExitCode::FAILURE
	}
}
