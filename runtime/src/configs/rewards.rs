use codec::MaxEncodedLen;
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, Get},
	BoundedVec, PalletId,
};
use provenance_primitives::ModelId;

use super::parameters::{
	dynamic_params::registry::{ModelDepositBase, ModelDepositPerByte},
	DefaultRoyaltyPolicy, MinUsagePayment,
};
use crate::{
	Balance, Balances, BlockNumber, Consent, Datasets, Lineage, Runtime, RuntimeHoldReason, DAYS,
	EXISTENTIAL_DEPOSIT,
};

parameter_types! {
	/// Holds every unclaimed reward (and its existential deposit, which it never pays out).
	pub const RewardsPalletId: PalletId = PalletId(*b"prv/rwds");
	/// A pool runs for at most a month.
	pub const MaxPoolDuration: BlockNumber = 30 * DAYS;
}

/// The most models one pool scores.
pub type MaxPoolEntries = ConstU32<16>;
/// The most evaluators scoring one model in one pool.
pub type MaxScoresPerModel = ConstU32<8>;

/// A pool's storage deposit, priced like a model record (the same base and per-byte rate):
/// the base for the record, and every byte the pool can store at its bounds (its record
/// with the longest metric, its entry list and `MaxPoolEntries` full score lists), held
/// until settlement removes them all. About 0.64 UNIT.
pub struct PoolDeposit;

impl Get<Balance> for PoolDeposit {
	fn get() -> Balance {
		let entries = <MaxPoolEntries as Get<u32>>::get() as usize;
		let bytes = pallet_rewards::PoolOf::<Runtime>::max_encoded_len()
			.saturating_add(BoundedVec::<ModelId, MaxPoolEntries>::max_encoded_len())
			.saturating_add(
				pallet_rewards::ScoresOf::<Runtime>::max_encoded_len().saturating_mul(entries),
			);
		let bytes = Balance::try_from(bytes).unwrap_or(Balance::MAX);
		ModelDepositBase::get().saturating_add(ModelDepositPerByte::get().saturating_mul(bytes))
	}
}

impl pallet_rewards::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = Lineage;
	type Datasets = Datasets;
	type Consent = Consent;
	type PalletId = RewardsPalletId;
	// Dynamic parameters, checked on read.
	type DefaultPolicy = DefaultRoyaltyPolicy;
	// Training data earns most; validation and test data a share each.
	type TrainWeight = ConstU32<8>;
	type ValidationWeight = ConstU32<1>;
	type TestWeight = ConstU32<1>;
	// Royalties travel four generations; the split's bounds cap its weight. Registration
	// refuses a lineage beyond them, so the dataset bound is at least lineage's `MaxInputs`
	// (every model without parents is payable) and the model bound above `MaxParents`.
	type MaxRoyaltyDepth = ConstU32<4>;
	type MaxSplitModels = ConstU32<32>;
	type MaxSplitDatasets = ConstU32<32>;
	type MinPayment = MinUsagePayment;
	// Each storage entry a payment creates costs the existential deposit, credited to the
	// account it is for: every claimable balance can open an account.
	type EntryFee = ConstU128<EXISTENTIAL_DEPOSIT>;
	type MaxPoolEntries = MaxPoolEntries;
	type MaxScoresPerModel = MaxScoresPerModel;
	type MaxMetricLen = ConstU32<32>;
	type MaxPoolDuration = MaxPoolDuration;
	type PoolDeposit = PoolDeposit;
	// Each settled entry may take two splits of the largest lineage.
	type MaxSettleBatch = ConstU32<1>;
	type WeightInfo = pallet_rewards::weights::SubstrateWeight<Runtime>;
}
