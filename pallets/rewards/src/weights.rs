//! Weights for `pallet_rewards`.
//!
//! PROVISIONAL until regenerated: these figures are estimates, not measurements. Regenerate
//! with `scripts/benchmark.sh pallet_rewards pallets/rewards/src/weights.rs` (the node's
//! `benchmark pallet` with `scripts/weight-template.hbs`), which overwrites this file in the
//! same shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(clippy::unnecessary_cast)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_rewards`.
pub trait WeightInfo {
	fn set_royalty_policy(p: u32, ) -> Weight;
	fn pay_usage(m: u32, d: u32, ) -> Weight;
	fn claim_rewards() -> Weight;
}

/// Weights for `pallet_rewards` measured on this chain's runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Lineage::Models` (r:p+1 w:0), `Rewards::Policies` (r:p+1 w:1)
	/// The range of component `p` is `[0, 8]`.
	fn set_royalty_policy(p: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 7_000)
			.saturating_add(Weight::from_parts(12_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 6_000).saturating_mul(p.into()))
	}
	/// Storage: `Lineage::Models` (r:m w:0), `Rewards::Policies` (r:m w:0),
	/// `Consent::Grants` (r:d w:0), `Datasets::Datasets` (r:d w:0),
	/// `System::Account` (r:2 w:2), `Rewards::Claimable` (r:m+64d w:m+64d),
	/// `Rewards::TotalClaimable` (r:1 w:1)
	/// Each dataset visit at the worst case: 64 contributors (`MaxContributors`), each a
	/// distinct account with its own claimable entry and `Credited` event.
	/// The range of component `m` is `[1, 32]`.
	/// The range of component `d` is `[1, 16]`.
	fn pay_usage(m: u32, d: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			.saturating_add(Weight::from_parts(30_000_000, 0).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(700_000_000, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().reads((66_u64).saturating_mul(d.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes((64_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 6_500).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(0, 2_000).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 160_000).saturating_mul(d.into()))
	}
	/// Storage: `Rewards::Claimable` (r:1 w:1), `System::Account` (r:2 w:2),
	/// `Rewards::TotalClaimable` (r:1 w:1)
	fn claim_rewards() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For tests and mocks: the same figures with the reference database weights.
impl WeightInfo for () {
	fn set_royalty_policy(p: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 7_000)
			.saturating_add(Weight::from_parts(12_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 6_000).saturating_mul(p.into()))
	}
	fn pay_usage(m: u32, d: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			.saturating_add(Weight::from_parts(30_000_000, 0).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(700_000_000, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().reads((66_u64).saturating_mul(d.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().writes((64_u64).saturating_mul(d.into())))
			.saturating_add(Weight::from_parts(0, 6_500).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(0, 2_000).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(0, 160_000).saturating_mul(d.into()))
	}
	fn claim_rewards() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
