use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	Balance, Balances, Consent, Datasets, Rewards, Runtime, RuntimeHoldReason, MICRO_UNIT,
	MILLI_UNIT,
};

parameter_types! {
	/// Held per model record, plus `ModelDepositPerByte` for its variable-length fields
	/// (text, parents, inputs and consent basis).
	pub const ModelDepositBase: Balance = 100 * MILLI_UNIT;
	pub const ModelDepositPerByte: Balance = 100 * MICRO_UNIT;
	/// Held from the evaluator per evaluation.
	pub const EvaluationDeposit: Balance = 10 * MILLI_UNIT;
	/// Held from the operator per decision anchor.
	pub const AnchorDeposit: Balance = 10 * MILLI_UNIT;
	/// Held from a model's owner per account allowed to evaluate it.
	pub const AllowanceDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_lineage::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Consent = Consent;
	type Datasets = Datasets;
	// Derivatives must pass their parents the royalty shares they require.
	type Royalties = Rewards;
	// Root accredits evaluators until on-chain governance lands.
	type EvaluatorOrigin = frame_system::EnsureRoot<crate::AccountId>;
	// Root rules on squatted weights hashes until on-chain governance lands.
	type DisputeOrigin = frame_system::EnsureRoot<crate::AccountId>;
	type MaxEvaluators = ConstU32<64>;
	type MaxEvaluationsPerEvaluator = ConstU32<16>;
	type MaxAllowedEvaluators = ConstU32<32>;
	type AllowanceDeposit = AllowanceDeposit;
	type ModelDepositBase = ModelDepositBase;
	type ModelDepositPerByte = ModelDepositPerByte;
	type EvaluationDeposit = EvaluationDeposit;
	type AnchorDeposit = AnchorDeposit;
	// A merge of up to 8 models; a run of up to 32 datasets.
	type MaxParents = ConstU32<8>;
	type MaxInputs = ConstU32<32>;
	// The whole ancestry's grants: the bound of every taint check at registration.
	type MaxBasisGrants = ConstU32<256>;
	type MaxNameLen = ConstU32<64>;
	type MaxVersionLen = ConstU32<32>;
	type MaxUriLen = ConstU32<512>;
	type MaxLicenseLen = ConstU32<64>;
	type MaxMetricLen = ConstU32<32>;
	type MaxEvaluations = ConstU32<1_000>;
	type MaxAnchors = ConstU32<100_000>;
	type WeightInfo = pallet_lineage::weights::SubstrateWeight<Runtime>;
}
