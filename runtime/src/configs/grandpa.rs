use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

use super::{
	aura::MAX_AUTHORITIES,
	session::{GrandpaKeyOwnerProof, HISTORY_DEPTH},
};
use crate::{Historical, Offences, Runtime, RuntimeEvent, DAYS};

parameter_types! {
	/// How long an equivocation report stays valid in the pool.
	pub const ReportLongevity: u64 = DAYS as u64;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	// Set ids are mapped to sessions for as long as historical roots are kept.
	type MaxSetIdSessionEntries = ConstU64<{ HISTORY_DEPTH as u64 }>;
	type KeyOwnerProof = GrandpaKeyOwnerProof;
	// Equivocations are proven against the session's historical root and reported as
	// offences; the validator set removes the offender.
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}
