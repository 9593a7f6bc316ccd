//! Weights for `pallet_datasets`.
//!
//! PROVISIONAL until regenerated: these figures are estimates, not measurements. Regenerate
//! with `scripts/benchmark.sh pallet_datasets <this file>` (the node's `benchmark pallet`
//! with `scripts/weight-template.hbs`), which overwrites this file in the same shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(clippy::unnecessary_cast)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_datasets`.
pub trait WeightInfo {
	fn register_dataset(u: u32, l: u32, c: u32, ) -> Weight;
	fn update_metadata(u: u32, ) -> Weight;
	fn set_contributors(c: u32, ) -> Weight;
	fn transfer_ownership() -> Weight;
	fn accept_ownership() -> Weight;
	fn set_delegate() -> Weight;
	fn retire_dataset() -> Weight;
	fn attest_dataset(k: u32, ) -> Weight;
	fn add_attestor() -> Weight;
	fn remove_attestor() -> Weight;
}

/// Weights for `pallet_datasets` measured on this chain's runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Datasets::DatasetByContentHash` (r:1 w:1), `Datasets::Datasets` (r:1 w:1),
	/// `Datasets::NextDatasetId` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `Datasets::Derivations` (r:0 w:1)
	/// The range of component `u` is `[0, 512]`.
	/// The range of component `l` is `[1, 64]`.
	/// The range of component `c` is `[0, 64]`.
	fn register_dataset(u: u32, l: u32, c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Datasets::Datasets` (r:1 w:1), `Balances::Holds` (r:1 w:1)
	/// The range of component `u` is `[0, 512]`.
	fn update_metadata(u: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 7_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(u.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Datasets::Datasets` (r:1 w:1), `Balances::Holds` (r:1 w:1)
	/// The range of component `c` is `[0, 64]`.
	fn set_contributors(c: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 7_000)
			.saturating_add(Weight::from_parts(600_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Datasets::Datasets` (r:1 w:0), `Datasets::PendingOwner` (r:0 w:1)
	fn transfer_ownership() -> Weight {
		Weight::from_parts(25_000_000, 7_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Datasets::Datasets` (r:1 w:1), `Datasets::PendingOwner` (r:1 w:1),
	/// `Balances::Holds` (r:2 w:2), `System::Account` (r:2 w:2)
	fn accept_ownership() -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Datasets::Datasets` (r:1 w:1)
	fn set_delegate() -> Weight {
		Weight::from_parts(25_000_000, 7_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Datasets::Datasets` (r:1 w:1), `Datasets::PendingOwner` (r:0 w:1)
	fn retire_dataset() -> Weight {
		Weight::from_parts(25_000_000, 7_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Datasets::Attestors` (r:1 w:0), `Datasets::Datasets` (r:1 w:0),
	/// `Datasets::AttestationCount` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `Datasets::Attestations` (r:0 w:1)
	/// The range of component `k` is `[0, 32]`.
	fn attest_dataset(k: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Datasets::Attestors` (r:1 w:1), `Datasets::CounterForAttestors` (r:1 w:1)
	fn add_attestor() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Datasets::Attestors` (r:1 w:1), `Datasets::CounterForAttestors` (r:1 w:1)
	fn remove_attestor() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For tests and mocks: the same figures with the reference database weights.
impl WeightInfo for () {
	fn register_dataset(u: u32, l: u32, c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn update_metadata(u: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 7_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(u.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn set_contributors(c: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 7_000)
			.saturating_add(Weight::from_parts(600_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn transfer_ownership() -> Weight {
		Weight::from_parts(25_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn accept_ownership() -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn set_delegate() -> Weight {
		Weight::from_parts(25_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn retire_dataset() -> Weight {
		Weight::from_parts(25_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn attest_dataset(k: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn add_attestor() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn remove_attestor() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
