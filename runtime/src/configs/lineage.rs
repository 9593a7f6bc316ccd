use frame_support::traits::ConstU32;

use super::{
	governance::RootOrCouncilMajority,
	parameters::dynamic_params::registry::{
		AllowanceDeposit, AnchorDeposit, EvaluationDeposit, ModelDepositBase, ModelDepositPerByte,
	},
};
use crate::{Balances, Consent, Datasets, Rewards, Runtime, RuntimeHoldReason};

impl pallet_lineage::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Consent = Consent;
	type Datasets = Datasets;
	// Derivatives must pass their parents the royalty shares they require.
	type Royalties = Rewards;
	// Accrediting evaluators and ruling on squatted weights hashes are the council's.
	type EvaluatorOrigin = RootOrCouncilMajority;
	type DisputeOrigin = RootOrCouncilMajority;
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
