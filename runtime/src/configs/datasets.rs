use frame_support::traits::ConstU32;

use super::{
	governance::RootOrCouncilMajority,
	parameters::dynamic_params::registry::{
		AttestationDeposit, DatasetDepositBase, DatasetDepositPerByte,
	},
};
use crate::{Balances, Consent, Runtime, RuntimeHoldReason};

impl pallet_datasets::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Deposits are dynamic parameters; each record keeps what it held.
	type DepositBase = DatasetDepositBase;
	type DepositPerByte = DatasetDepositPerByte;
	type AttestationDeposit = AttestationDeposit;
	type MaxUriLen = ConstU32<512>;
	type MaxLicenseLen = ConstU32<64>;
	type MaxContributors = ConstU32<64>;
	type MaxAttestations = ConstU32<32>;
	type MaxCustomKindLen = ConstU32<32>;
	type MaxAttestors = ConstU32<100>;
	// The attestor set and rulings on squatted content hashes are the council's.
	type AttestorOrigin = RootOrCouncilMajority;
	type DisputeOrigin = RootOrCouncilMajority;
	// Deriving from someone else's dataset consumes a grant for `Purpose::Derivation`.
	type Consent = Consent;
	// Stranger-derived generations a dataset's derivation can carry; each adds a grant.
	type MaxDerivationBasis = ConstU32<16>;
	type WeightInfo = pallet_datasets::weights::SubstrateWeight<Runtime>;
}
