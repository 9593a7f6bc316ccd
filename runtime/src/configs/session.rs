//! Validators: `pallet-validator-set` (the governed set) feeds `pallet-session`, which hands
//! each session's keys to Aura and GRANDPA. `pallet-session`'s historical module keeps each
//! session's validator root, so a GRANDPA equivocation can be proven for a past session and
//! reported to `pallet-offences`, which removes the offender from the set.

use frame_support::{
	parameter_types,
	traits::{ConstU32, KeyOwnerProofSystem},
};
use sp_core::crypto::KeyTypeId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

use super::{governance::RootOrCouncilTwoThirds, parameters::SessionPeriod};
use crate::{
	AccountId, Aura, Balance, Balances, Historical, Runtime, RuntimeEvent, SessionKeys,
	ValidatorSet, MILLI_UNIT,
};

parameter_types! {
	/// Held from a validator while it has session keys registered.
	pub const SessionKeyDeposit: Balance = 10 * MILLI_UNIT;
}

/// Sessions of validator roots kept for equivocation proofs: a week of the default 10-minute
/// sessions (at the one-minute floor, about 17 hours).
pub const HISTORY_DEPTH: u32 = 1008;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, ConstU32<0>>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, ConstU32<0>>;
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Runtime, ValidatorSet>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// No immediate disabling: Aura would refuse a disabled author's block, costing its slot.
	// An offender is removed from the set instead (see `ValidatorSet`'s offence handler).
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = AccountId;
	type FullIdentificationOf = ConvertInto;
}

impl pallet_validator_set::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddRemoveOrigin = RootOrCouncilTwoThirds;
	// Aura and GRANDPA are bounded at the same size.
	type MaxValidators = ConstU32<{ super::aura::MAX_AUTHORITIES }>;
	type MinValidators = ConstU32<1>;
	type HistoryDepth = ConstU32<HISTORY_DEPTH>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = ValidatorSet;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = ();
}

/// The proof that a GRANDPA key belonged to a validator in some session.
pub type GrandpaKeyOwnerProof =
	<Historical as KeyOwnerProofSystem<(KeyTypeId, sp_consensus_grandpa::AuthorityId)>>::Proof;
