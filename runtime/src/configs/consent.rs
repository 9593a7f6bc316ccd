use frame_support::{parameter_types, traits::ConstU32};

use crate::{Balance, Balances, Datasets, Lineage, Runtime, RuntimeHoldReason, MILLI_UNIT};

parameter_types! {
	/// Held from the grantor per grant; grants are kept forever, revoked or not.
	pub const GrantDeposit: Balance = 10 * MILLI_UNIT;
	/// Held from the grantee per logged access.
	pub const AccessDeposit: Balance = MILLI_UNIT;
}

impl pallet_consent::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datasets = Datasets;
	// The registries count the models and derived datasets each grant reaches, for
	// `ConsentRevoked`.
	type Dependents = (Lineage, Datasets);
	type GrantDeposit = GrantDeposit;
	type AccessDeposit = AccessDeposit;
	// Live grants per (dataset, grantee): the bound of every consent lookup.
	type MaxLiveGrants = ConstU32<16>;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
}
