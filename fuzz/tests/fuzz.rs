//! Short mode: a few fixed seeds, and every seed that once found something.

use provenance_fuzz::{Config, Fuzzer, Stats};

/// Runs that found a bug once, as `(seed, calls, episode calls)`: each stays here so that the
/// bug stays fixed. A finding prints the `--seed`, `--calls` and `--episode-calls` to add.
const REGRESSIONS: &[(u64, u64, u64)] = &[
	// Root seated a council that was not `CouncilMembership`'s (duplicates, above MaxMembers).
	(1, 63, 2_500),
	// `CouncilMembership.add_member` left the council without the prime its membership named.
	(3, 618, 2_500),
	(1, 7_130, 2_500),
];

/// The short run's seeds and calls per seed: about half a minute of release-mode work on two
/// cores, one seed per core at a time.
const SEEDS: &[u64] = &[1, 2, 3, 4];
const CALLS: u64 = 50_000;
/// Short episodes, so that the run also starts from genesis a few times.
const EPISODE_CALLS: u64 = 2_500;

fn run_all(configs: Vec<Config>) -> Stats {
	let owned = Fuzzer::new();
	let fuzzer = &owned;
	let mut total = Stats::default();
	for pair in configs.chunks(2) {
		let results: Vec<Stats> = std::thread::scope(|s| {
			let handles: Vec<_> =
				pair.iter().map(|config| s.spawn(move || fuzzer.run(config))).collect();
			handles
				.into_iter()
				.map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
				.collect()
		});
		for stats in results {
			total.merge(stats);
		}
	}
	println!("{}", total.report(fuzzer.all_calls()));
	total
}

#[test]
fn a_short_run_breaks_no_invariant() {
	let configs = SEEDS
		.iter()
		.map(|&seed| Config { episode_calls: EPISODE_CALLS, ..Config::new(seed, CALLS) })
		.collect();
	let stats = run_all(configs);
	assert!(stats.findings.is_empty(), "{}", stats.report(&[]));
	assert!(stats.dispatched() > 0);
}

#[test]
fn past_findings_stay_fixed() {
	let configs = REGRESSIONS
		.iter()
		.map(|&(seed, calls, episode_calls)| Config { episode_calls, ..Config::new(seed, calls) })
		.collect();
	let stats = run_all(configs);
	assert!(stats.findings.is_empty(), "{}", stats.report(&[]));
}
