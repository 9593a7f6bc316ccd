use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;

use crate::{Balance, Balances, Consent, Runtime, RuntimeHoldReason, MICRO_UNIT, MILLI_UNIT};

parameter_types! {
	/// Held per dataset record, plus `DatasetDepositPerByte` for its variable-length fields.
	pub const DatasetDepositBase: Balance = 100 * MILLI_UNIT;
	pub const DatasetDepositPerByte: Balance = 100 * MICRO_UNIT;
	/// Held from the attestor per attestation.
	pub const AttestationDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_datasets::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = DatasetDepositBase;
	type DepositPerByte = DatasetDepositPerByte;
	type AttestationDeposit = AttestationDeposit;
	type MaxUriLen = ConstU32<512>;
	type MaxLicenseLen = ConstU32<64>;
	type MaxContributors = ConstU32<64>;
	type MaxAttestations = ConstU32<32>;
	type MaxCustomKindLen = ConstU32<32>;
	type MaxAttestors = ConstU32<100>;
	// The attestor set is governance's: sudo on this chain.
	type AttestorOrigin = EnsureRoot<crate::AccountId>;
	// Root rules on squatted content hashes until on-chain governance lands.
	type DisputeOrigin = EnsureRoot<crate::AccountId>;
	// Deriving from someone else's dataset consumes a grant for `Purpose::Derivation`.
	type Consent = Consent;
	// Stranger-derived generations a dataset's derivation can carry; each adds a grant.
	type MaxDerivationBasis = ConstU32<16>;
	type WeightInfo = pallet_datasets::weights::SubstrateWeight<Runtime>;
}
