use crate::{Aura, Runtime, SLOT_DURATION};

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	/// Aura requires two blocks per slot at the least to be impossible.
	type MinimumPeriod = frame_support::traits::ConstU64<{ SLOT_DURATION / 2 }>;
	// With this chain's `DbWeight`, not the defaults' RocksDB costs.
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}
