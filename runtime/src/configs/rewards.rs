use frame_support::{parameter_types, traits::ConstU32, PalletId};
use pallet_rewards::RoyaltyPolicy;
use sp_runtime::Perbill;

use crate::{Balance, Balances, Consent, Datasets, Lineage, Runtime, MILLI_UNIT};

parameter_types! {
	/// Holds every unclaimed reward (and its existential deposit, which it never pays out).
	pub const RewardsPalletId: PalletId = PalletId(*b"prv/rwds");
	/// What a model without a stored policy passes up: 10% to its parents, 20% to its
	/// training datasets; it asks nothing of its derivatives beyond their own policies.
	pub const DefaultRoyaltyPolicy: RoyaltyPolicy = RoyaltyPolicy {
		parent_share: Perbill::from_percent(10),
		dataset_share: Perbill::from_percent(20),
		min_derivative_share: Perbill::zero(),
	};
	/// Ten existential deposits: every payment, and each claimable entry it creates, costs
	/// real money, all of which goes to its recipients.
	pub const MinUsagePayment: Balance = 10 * MILLI_UNIT;
}

impl pallet_rewards::Config for Runtime {
	type Currency = Balances;
	type Models = Lineage;
	type Datasets = Datasets;
	type Consent = Consent;
	type PalletId = RewardsPalletId;
	type DefaultPolicy = DefaultRoyaltyPolicy;
	// Training data earns most; validation and test data a share each.
	type TrainWeight = ConstU32<8>;
	type ValidationWeight = ConstU32<1>;
	type TestWeight = ConstU32<1>;
	// Royalties travel four generations; the split's bounds cap its weight.
	type MaxRoyaltyDepth = ConstU32<4>;
	type MaxSplitModels = ConstU32<32>;
	type MaxSplitDatasets = ConstU32<16>;
	type MinPayment = MinUsagePayment;
	type WeightInfo = pallet_rewards::weights::SubstrateWeight<Runtime>;
}
