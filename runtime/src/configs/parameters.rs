//! Dynamic parameters (`pallet-parameters`): values the council tunes without a runtime
//! upgrade. The ones a bad value could break the chain or a rule with (the session length,
//! the default royalty policy, the smallest payment) are read through a `Get` that checks the
//! stored value and falls back to a safe one. Deposits are used as set: a zero deposit is the
//! council's decision to make storage free.
//!
//! Only values that no stored data depends on are dynamic: every deposit (each record keeps
//! the amount it held, and releases exactly that), the default royalty policy, the smallest
//! usage payment, the session length and the treasury's share of fees. Every `Max*` bound
//! stays a constant: it sizes stored `BoundedVec`s and the benchmarked weights.

use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	traits::Get,
};
use pallet_rewards::RoyaltyPolicy;
use sp_runtime::Perbill;

use super::governance::RootOrCouncilTwoThirds;
use crate::{
	Balance, BlockNumber, Runtime, RuntimeEvent, EXISTENTIAL_DEPOSIT, MICRO_UNIT, MILLI_UNIT,
	MINUTES,
};

#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// Deposits the registries hold for the records users make the chain keep.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod registry {
		/// Held per dataset record, plus `DatasetDepositPerByte` for its variable-length fields.
		#[codec(index = 0)]
		pub static DatasetDepositBase: Balance = 100 * MILLI_UNIT;
		#[codec(index = 1)]
		pub static DatasetDepositPerByte: Balance = 100 * MICRO_UNIT;
		/// Held from the attestor per attestation.
		#[codec(index = 2)]
		pub static AttestationDeposit: Balance = 10 * MILLI_UNIT;
		/// Held from the grantor per grant; grants are kept forever, revoked or not.
		#[codec(index = 3)]
		pub static GrantDeposit: Balance = 10 * MILLI_UNIT;
		/// Held from the grantee per logged access.
		#[codec(index = 4)]
		pub static AccessDeposit: Balance = MILLI_UNIT;
		/// Held per model record, plus `ModelDepositPerByte` for its variable-length fields.
		#[codec(index = 5)]
		pub static ModelDepositBase: Balance = 100 * MILLI_UNIT;
		#[codec(index = 6)]
		pub static ModelDepositPerByte: Balance = 100 * MICRO_UNIT;
		/// Held from the evaluator per evaluation.
		#[codec(index = 7)]
		pub static EvaluationDeposit: Balance = 10 * MILLI_UNIT;
		/// Held from the operator per decision anchor.
		#[codec(index = 8)]
		pub static AnchorDeposit: Balance = 10 * MILLI_UNIT;
		/// Held from a model's owner per account allowed to evaluate it.
		#[codec(index = 9)]
		pub static AllowanceDeposit: Balance = 10 * MILLI_UNIT;
	}

	/// How rewards flow when a model's owner has not said otherwise.
	#[dynamic_pallet_params]
	#[codec(index = 1)]
	pub mod rewards {
		/// What a model without a stored policy passes up: 10% to its parents, 20% to its
		/// training datasets. Read through [`super::DefaultRoyaltyPolicy`], which refuses an
		/// invalid policy.
		#[codec(index = 0)]
		pub static DefaultRoyaltyPolicy: pallet_rewards::RoyaltyPolicy =
			pallet_rewards::RoyaltyPolicy {
				parent_share: Perbill::from_percent(10),
				dataset_share: Perbill::from_percent(20),
				min_derivative_share: Perbill::zero(),
			};
		/// The smallest usage payment. Read through [`super::MinUsagePayment`].
		#[codec(index = 1)]
		pub static MinUsagePayment: Balance = 10 * MILLI_UNIT;
	}

	/// The validators' schedule and pay.
	#[dynamic_pallet_params]
	#[codec(index = 2)]
	pub mod chain {
		/// Blocks per session: validator-set changes take effect at session boundaries. Read
		/// through [`super::SessionPeriod`], which never goes below `MIN_SESSION_PERIOD`.
		#[codec(index = 0)]
		pub static SessionPeriod: BlockNumber = 10 * MINUTES;
		/// The treasury's share of transaction fees (not tips); the block author gets the rest.
		#[codec(index = 1)]
		pub static TreasuryFeeShare: Perbill = Perbill::from_percent(20);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	// The benchmark sets the largest value.
	fn default() -> Self {
		RuntimeParameters::Rewards(dynamic_params::rewards::Parameters::DefaultRoyaltyPolicy(
			dynamic_params::rewards::DefaultRoyaltyPolicy,
			Some(RoyaltyPolicy::default()),
		))
	}
}

impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeParameters = RuntimeParameters;
	type AdminOrigin = frame_support::traits::AsEnsureOriginWithArg<RootOrCouncilTwoThirds>;
	// The pallet exports only its reference weights (on `()`), measured on Parity hardware.
	type WeightInfo = ();
}

/// The shortest session the council may set: a minute of blocks. Zero would halt the chain
/// (`PeriodicSessions` divides by it) and very short sessions churn the validator set.
pub const MIN_SESSION_PERIOD: BlockNumber = MINUTES;

/// The session length in force: the stored value, but at least `MIN_SESSION_PERIOD`.
pub struct SessionPeriod;
impl Get<BlockNumber> for SessionPeriod {
	fn get() -> BlockNumber {
		dynamic_params::chain::SessionPeriod::get().max(MIN_SESSION_PERIOD)
	}
}

/// The default royalty policy in force: the stored one if it is valid, else the built-in one.
pub struct DefaultRoyaltyPolicy;
impl Get<RoyaltyPolicy> for DefaultRoyaltyPolicy {
	fn get() -> RoyaltyPolicy {
		let stored = dynamic_params::rewards::DefaultRoyaltyPolicy::get();
		if stored.is_valid() {
			stored
		} else {
			built_in_royalty_policy()
		}
	}
}

/// The compile-time default, the fallback for an invalid stored policy.
pub fn built_in_royalty_policy() -> RoyaltyPolicy {
	RoyaltyPolicy {
		parent_share: Perbill::from_percent(10),
		dataset_share: Perbill::from_percent(20),
		min_derivative_share: Perbill::zero(),
	}
}

/// The smallest usage payment in force: the stored value, but never zero.
pub struct MinUsagePayment;
impl Get<Balance> for MinUsagePayment {
	fn get() -> Balance {
		dynamic_params::rewards::MinUsagePayment::get().max(EXISTENTIAL_DEPOSIT)
	}
}
