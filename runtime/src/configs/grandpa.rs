use frame_support::traits::{ConstU32, ConstU64};
use sp_core::Void;

use super::aura::MAX_AUTHORITIES;
use crate::{Runtime, RuntimeEvent};

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// No session pallet: equivocation reports are not accepted, so no key-ownership proofs.
	type KeyOwnerProof = Void;
	type EquivocationReportSystem = ();
}
