//! Weights for `pallet_consent`.
//!
//! PROVISIONAL until regenerated: these figures are estimates, not measurements. Regenerate
//! with `scripts/benchmark.sh pallet_consent <this file>` (the node's `benchmark pallet`
//! with `scripts/weight-template.hbs`), which overwrites this file in the same shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(clippy::unnecessary_cast)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_consent`.
pub trait WeightInfo {
	fn grant_consent(p: u32, ) -> Weight;
	fn revoke_consent() -> Weight;
	fn record_access() -> Weight;
}

/// Weights for `pallet_consent` measured on this chain's runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Datasets::Datasets` (r:1 w:0), `Consent::NextGrantId` (r:1 w:1),
	/// `Consent::LiveGrants` (r:1 w:1), `Consent::Grants` (r:p w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:1 w:1), `Consent::DatasetGrants` (r:0 w:1),
	/// `Consent::GranteeGrants` (r:0 w:1)
	/// The range of component `p` is `[0, 16]`.
	fn grant_consent(p: u32, ) -> Weight {
		Weight::from_parts(55_000_000, 7_000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 600).saturating_mul(p.into()))
	}
	/// Storage: `Consent::Grants` (r:1 w:1), `Datasets::Datasets` (r:1 w:0),
	/// `Consent::LiveGrants` (r:1 w:1)
	fn revoke_consent() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consent::Grants` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:1 w:1), `Consent::AccessLog` (r:0 w:1)
	fn record_access() -> Weight {
		Weight::from_parts(40_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For tests and mocks: the same figures with the reference database weights.
impl WeightInfo for () {
	fn grant_consent(p: u32, ) -> Weight {
		Weight::from_parts(55_000_000, 7_000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 600).saturating_mul(p.into()))
	}
	fn revoke_consent() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn record_access() -> Weight {
		Weight::from_parts(40_000_000, 5_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
