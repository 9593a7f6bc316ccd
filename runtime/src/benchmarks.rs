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
	[pallet_validator_set, ValidatorSet]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_collective, Council]
	[pallet_membership, CouncilMembership]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_whitelist, Whitelist]
	[pallet_utility, Utility]
	[pallet_parameters, Parameters]
	[pallet_treasury, Treasury]
	[pallet_proxy, Proxy]
);

/// The session pallet's benchmarks without staking.
pub type SessionBench<T> = cumulus_pallet_session_benchmarking::Pallet<T>;

impl cumulus_pallet_session_benchmarking::Config for crate::Runtime {
	fn generate_session_keys_and_proof(
		owner: crate::AccountId,
	) -> (crate::SessionKeys, alloc::vec::Vec<u8>) {
		use codec::Encode;
		let generated = crate::SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

// Declared at module level: inside `dispatch_benchmark` they would be non-local impls.
impl frame_system_benchmarking::Config for crate::Runtime {}
impl frame_benchmarking::baseline::Config for crate::Runtime {}
