//! The pallets `benchmark pallet` can run against this runtime.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_datasets, Datasets]
	[pallet_consent, Consent]
	[pallet_lineage, Lineage]
	[pallet_rewards, Rewards]
);

// Declared at module level: inside `dispatch_benchmark` they would be non-local impls.
impl frame_system_benchmarking::Config for crate::Runtime {}
impl frame_benchmarking::baseline::Config for crate::Runtime {}
