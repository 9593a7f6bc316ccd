//! Weights for `pallet_lineage`.
//!
//! PROVISIONAL until regenerated: these figures are estimates, not measurements. Regenerate
//! with `scripts/benchmark.sh pallet_lineage <this file>` (the node's `benchmark pallet`
//! with `scripts/weight-template.hbs`), which overwrites this file in the same shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(clippy::unnecessary_cast)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_lineage`.
pub trait WeightInfo {
	fn register_model(n: u32, p: u32, i: u32, b: u32, ) -> Weight;
	fn record_evaluation(m: u32, ) -> Weight;
	fn deprecate_model() -> Weight;
	fn withdraw_model() -> Weight;
	fn transfer_model() -> Weight;
	fn anchor_decisions() -> Weight;
}

/// Weights for `pallet_lineage` measured on this chain's runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Lineage::ModelByWeightsHash` (r:1 w:1), `Lineage::Models` (r:p+1 w:1),
	/// `Consent::Grants` (r:b+i w:i), `Consent::AccessLog` (r:0 w:i),
	/// `Lineage::NextModelId` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `Lineage::Children` (r:0 w:p), `Lineage::DatasetModels` (r:0 w:i),
	/// `Lineage::GrantModels` (r:0 w:b+i)
	/// The range of component `n` is `[0, 448]`.
	/// The range of component `p` is `[1, 8]`.
	/// The range of component `i` is `[0, 16]`.
	/// The range of component `b` is `[0, 48]`.
	fn register_model(n: u32, p: u32, i: u32, b: u32, ) -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(30_000_000, 0).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(8_000_000, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2_000).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(0, 600).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 600).saturating_mul(b.into()))
	}
	/// Storage: `Lineage::Models` (r:1 w:0), `Lineage::EvaluationCount` (r:1 w:1),
	/// `Consent::Grants` (r:1 w:1), `Consent::AccessLog` (r:0 w:1), `Balances::Holds` (r:1 w:1),
	/// `Lineage::Evaluations` (r:0 w:1)
	/// The range of component `m` is `[0, 64]`.
	fn record_evaluation(m: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Lineage::Models` (r:1 w:1)
	fn deprecate_model() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Lineage::Models` (r:1 w:1)
	fn withdraw_model() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Lineage::Models` (r:1 w:1), `Balances::Holds` (r:2 w:2)
	fn transfer_model() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Lineage::Models` (r:1 w:0), `Lineage::AnchorCount` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `Lineage::DecisionAnchors` (r:0 w:1)
	fn anchor_decisions() -> Weight {
		Weight::from_parts(40_000_000, 7_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For tests and mocks: the same figures with the reference database weights.
impl WeightInfo for () {
	fn register_model(n: u32, p: u32, i: u32, b: u32, ) -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(30_000_000, 0).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(8_000_000, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2_000).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(0, 600).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 600).saturating_mul(b.into()))
	}
	fn record_evaluation(m: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn deprecate_model() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn withdraw_model() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn transfer_model() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn anchor_decisions() -> Weight {
		Weight::from_parts(40_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
