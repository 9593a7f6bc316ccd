//! On-chain governance: a council of named members (`pallet-collective` driven by
//! `pallet-membership`) whose motions pass at a stated proportion, with preimages, a scheduler
//! and a whitelist that lets a three-quarters motion act as Root (runtime upgrades).
//!
//! A consortium of hospitals, data unions and labs decides by named members, not by token
//! weight, so the council is the whole of governance; see `docs/governance.md`.

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, ChangeMembers, ConstU32, EitherOfDiverse, EqualPrivilegeOnly,
		LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::{EnsureNever, EnsureRoot};
use pallet_collective::{EnsureProportionAtLeast, EnsureProportionMoreThan};
use sp_runtime::Perbill;

use super::system::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, Council, OriginCaller, Preimage, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, System, DAYS, MICRO_UNIT,
	MILLI_UNIT,
};

/// `part` of a block's maximum weight, in both dimensions.
fn share_of_block(part: Perbill) -> Weight {
	let max = RuntimeBlockWeights::get().max_block;
	Weight::from_parts(part.mul_floor(max.ref_time()), part.mul_floor(max.proof_size()))
}

/// The council's instance of `pallet-collective` and `pallet-membership`.
pub type CouncilInstance = pallet_collective::Instance1;
pub type CouncilMembershipInstance = pallet_membership::Instance1;

/// The council as `CouncilMembership` changes it, keeping the prime.
///
/// `pallet-collective` clears its prime on every membership change and `pallet-membership`'s
/// `add_member` does not set it again, so after an `add_member` the council had no prime while
/// `CouncilMembership` still named one, and absent members no longer voted with it (found by
/// the runtime fuzzer).
pub struct CouncilKeepingPrime;

impl ChangeMembers<AccountId> for CouncilKeepingPrime {
	fn change_members_sorted(incoming: &[AccountId], outgoing: &[AccountId], new: &[AccountId]) {
		<Council as ChangeMembers<AccountId>>::change_members_sorted(incoming, outgoing, new);
		let prime = pallet_membership::Prime::<Runtime, CouncilMembershipInstance>::get()
			.filter(|prime| new.binary_search(prime).is_ok());
		<Council as ChangeMembers<AccountId>>::set_prime(prime);
	}

	fn set_prime(prime: Option<AccountId>) {
		<Council as ChangeMembers<AccountId>>::set_prime(prime);
	}

	fn get_prime() -> Option<AccountId> {
		<Council as ChangeMembers<AccountId>>::get_prime()
	}
}

/// More than half of the council.
pub type CouncilMajority = EnsureProportionMoreThan<AccountId, CouncilInstance, 1, 2>;
/// At least two thirds of the council.
pub type CouncilTwoThirds = EnsureProportionAtLeast<AccountId, CouncilInstance, 2, 3>;
/// At least three quarters of the council: the threshold for acting as Root.
pub type CouncilThreeQuarters = EnsureProportionAtLeast<AccountId, CouncilInstance, 3, 4>;

/// Root (sudo on development chains, or a whitelisted call) or a council majority: the
/// registries' privileged acts (attestors, evaluators, disputes).
pub type RootOrCouncilMajority = EitherOfDiverse<EnsureRoot<AccountId>, CouncilMajority>;
/// Root or two thirds of the council: parameters, validators and council membership.
pub type RootOrCouncilTwoThirds = EitherOfDiverse<EnsureRoot<AccountId>, CouncilTwoThirds>;

parameter_types! {
	/// How long a motion stays open. A motion that reaches its threshold can be closed at once.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	pub const CouncilMaxProposals: u32 = 100;
	pub const CouncilMaxMembers: u32 = 32;
	/// A motion may dispatch at most half a block.
	pub MaxProposalWeight: Weight =
		share_of_block(Perbill::from_percent(50));
}

impl pallet_collective::Config<CouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	// A member who does not vote counts as voting with the prime member, if there is one.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// Membership changes go through `CouncilMembership` only, which calls `set_members` itself.
	// Not even Root calls it directly: that let Root seat duplicates, more than `MaxMembers`, or
	// a prime who is not a member, and leave `CouncilMembership` disagreeing with the council
	// (found by the runtime fuzzer; `governance_tests::the_council_is_only_set_through_its_membership`).
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = RootOrCouncilTwoThirds;
	type KillOrigin = RootOrCouncilTwoThirds;
	// Members are known institutions: no deposit per proposal.
	type Consideration = ();
}

impl pallet_membership::Config<CouncilMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = RootOrCouncilTwoThirds;
	type RemoveOrigin = RootOrCouncilTwoThirds;
	type SwapOrigin = RootOrCouncilTwoThirds;
	type ResetOrigin = RootOrCouncilTwoThirds;
	type PrimeOrigin = RootOrCouncilTwoThirds;
	type MembershipInitialized = Council;
	type MembershipChanged = CouncilKeepingPrime;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A preimage holds a deposit for every byte the chain keeps.
	pub const PreimageBaseDeposit: Balance = 10 * MILLI_UNIT;
	pub const PreimageByteDeposit: Balance = 10 * MICRO_UNIT;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may use 80% of a block.
	pub MaximumSchedulerWeight: Weight =
		share_of_block(Perbill::from_percent(80));
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeEvent = RuntimeEvent;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	// A scheduled call runs with the origin that scheduled it.
	type ScheduleOrigin = RootOrCouncilMajority;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// How long `pallet-whitelist` keeps a dispatch it was asked for before the call was
	/// whitelisted.
	pub const DeferredDispatchExpiration: BlockNumber = 7 * DAYS;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	// Three quarters of the council may whitelist a call and dispatch it as Root: the one
	// path from the council to Root-only calls such as `system.authorize_upgrade`.
	type WhitelistOrigin = EitherOfDiverse<EnsureRoot<AccountId>, CouncilThreeQuarters>;
	type DispatchWhitelistedOrigin = EitherOfDiverse<EnsureRoot<AccountId>, CouncilThreeQuarters>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}
