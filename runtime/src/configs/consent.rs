use frame_support::traits::ConstU32;

use super::parameters::dynamic_params::registry::{AccessDeposit, GrantDeposit};
use crate::{Balances, Datasets, Lineage, Runtime, RuntimeHoldReason};

impl pallet_consent::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datasets = Datasets;
	// The registries count the models and derived datasets each grant reaches, for
	// `ConsentRevoked`.
	type Dependents = (Lineage, Datasets);
	// Dynamic parameters; each grant and access record keeps what it held.
	type GrantDeposit = GrantDeposit;
	type AccessDeposit = AccessDeposit;
	// Live grants per (dataset, grantee): the bound of every consent lookup.
	type MaxLiveGrants = ConstU32<16>;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
}
