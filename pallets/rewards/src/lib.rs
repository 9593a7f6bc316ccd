//! # Rewards pallet
//!
//! Usage fees, royalties and prizes for models, split up the lineage to the models they
//! derive from and the datasets they were trained on, down to each dataset's contributors.
//! Nothing is lost: every payment is credited in full, to the last unit, and stays in the
//! pallet's account until its recipients claim it.
//!
//! - **Terms are fixed at registration.** When the model registry accepts a model it asks
//!   this pallet ([`provenance_primitives::RoyaltyRegistration`]), which fixes the model's
//!   [`ModelTerms`]: each parent's required share as it stands in that block, and a snapshot
//!   of each input dataset's contributors. A parent raising its minimum, or a dataset
//!   changing its contributors, affects only models registered afterwards. The registrant
//!   names the most it agrees to pass its parents (`max_parent_share`), so that a parent
//!   cannot front-run a registration by raising its minimum.
//! - **Every registered model is payable.** Registration is refused (`TooComplex`) unless a
//!   payment on the new model fits one split's bounds (`MaxSplitModels`,
//!   `MaxSplitDatasets`); the terms carry the split's cost per number of hops left, so the
//!   check reads only the parents' terms.
//! - Each model has a [`RoyaltyPolicy`]: the share of what it receives that goes to its
//!   parents, to its own training datasets (by role weight, then by contributor share), and
//!   the least share its derivatives must pass up to it. The owner may raise shares, never
//!   lower them.
//! - [`Pallet::pay_usage`] splits a fee by one pure function, [`Pallet::split`], and credits
//!   the result to `Claimable` balances and each account's per-source `Earnings`. The payer
//!   also pays an `EntryFee` for every storage entry the payment creates, credited to the
//!   account the entry is for: the payer pays for the state, and every claimable balance is
//!   at least the existential deposit, so every claim can pay into any account.
//! - **Revocation:** if a grant anywhere in the model's consent basis was revoked with
//!   `RevocationEffect::StopUse`, the model cannot be paid (`ConsentWithdrawn`) until a new
//!   version without it is registered. Under `NoNewTraining`, the dataset's contributors go
//!   on being paid. No revocation raises the model owner's share.
//! - **Reward pools:** a sponsor holds an amount for a benchmark; accredited evaluators
//!   score models on it under live consent; after the closing block anyone settles the pool
//!   in batches, each model's prize (proportional to its score beyond the baseline) flowing
//!   up its lineage through the same split.
//!
//! See `docs/rewards.md` for every rule with worked examples.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod dispatch;
#[cfg(test)]
mod mock;
mod pools;
#[cfg(test)]
mod proptests;
mod queries;
mod split;
#[cfg(test)]
mod tests;
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use pools::{PoolSpec, Settled};
pub use types::*;
pub use weights::WeightInfo;

use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult, Get},
	traits::{
		fungible::{self, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	ConsentInspect, ContributorsInspect, DatasetId, DatasetRole, GrantId, ModelId, ModelInspect,
	ModelSummary, Purpose, RevocationEffect, RoyaltyRegistration,
};
use sp_core::H256;
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedSub, Saturating, Zero},
	Perbill, Rounding,
};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A credit of a runtime.
pub type CreditOf<T> = Credit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A split of a runtime.
pub type SplitOf<T> = Split<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A split error of a runtime.
pub type SplitErrorOf<T> = SplitError<BalanceOf<T>>;

/// A payment quote of a runtime.
pub type QuoteOf<T> = PaymentQuote<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// The model registry's bound on parents.
pub type MaxParentsOf<T> =
	<<T as Config>::Models as ModelInspect<<T as frame_system::Config>::AccountId>>::MaxParents;

/// The model registry's bound on inputs.
pub type MaxInputsOf<T> =
	<<T as Config>::Models as ModelInspect<<T as frame_system::Config>::AccountId>>::MaxInputs;

/// What the model registry says about a model, in a runtime.
pub type ModelSummaryOf<T> =
	ModelSummary<<T as frame_system::Config>::AccountId, MaxParentsOf<T>, MaxInputsOf<T>>;

/// The royalty terms of a model, in a runtime.
pub type TermsOf<T> = ModelTerms<MaxParentsOf<T>, MaxInputsOf<T>>;

/// A snapshot of a dataset's contributors, in a runtime.
pub type ContributorsOf<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, Perbill),
	<<T as Config>::Datasets as ContributorsInspect<
		<T as frame_system::Config>::AccountId,
	>>::MaxContributors,
>;

/// A reward pool of a runtime.
pub type PoolOf<T> = Pool<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxMetricLen,
>;

/// The scores of one model in a pool, by evaluator.
pub type ScoresOf<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, i64), <T as Config>::MaxScoresPerModel>;

// FRAME's expansion of the pallet sections uses `expect` (storage prefixes, error encoding);
// the pallet's own logic lives outside this module, where the lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Moves fees into the pallet account and rewards out of it; holds pool amounts and
		/// deposits.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The model registry: owners, parents, inputs, consent bases, accredited evaluators.
		type Models: ModelInspect<Self::AccountId>;

		/// Dataset owners and contributors.
		type Datasets: ContributorsInspect<Self::AccountId>;

		/// Revocations and their effects; consumes evaluation grants for pool scores.
		type Consent: ConsentInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// Names the pallet account, which holds every unclaimed reward and the existential
		/// deposit.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The policy a new model starts from. Must be valid
		/// (`parent_share + dataset_share <= 100%`).
		#[pallet::constant]
		type DefaultPolicy: Get<RoyaltyPolicy>;

		/// How much a `Train` input weighs in its model's dataset share.
		#[pallet::constant]
		type TrainWeight: Get<u32>;

		/// How much a `Validation` input weighs in its model's dataset share.
		#[pallet::constant]
		type ValidationWeight: Get<u32>;

		/// How much a `Test` input weighs in its model's dataset share.
		#[pallet::constant]
		type TestWeight: Get<u32>;

		/// The most parent hops a royalty travels from the paid model. A model this many hops
		/// away keeps its parent share (`CreditReason::DepthLimit`). Below
		/// [`MAX_COST_ENTRIES`].
		#[pallet::constant]
		type MaxRoyaltyDepth: Get<u32>;

		/// The most model visits one split makes (a model reached by two paths counts
		/// twice), the paid model included. Registration refuses a larger lineage.
		#[pallet::constant]
		type MaxSplitModels: Get<u32>;

		/// The most dataset visits (inputs of visited models) one split makes.
		/// Registration refuses a larger lineage. At least the registry's `MaxInputs`.
		#[pallet::constant]
		type MaxSplitDatasets: Get<u32>;

		/// The least `pay_usage` takes, and the least net prize a pool pays.
		#[pallet::constant]
		type MinPayment: Get<BalanceOf<Self>>;

		/// What a payment pays for each storage entry it creates (a new claimable balance,
		/// a new per-source earnings entry), credited to the account the entry is for. At
		/// least the existential deposit, so that every claimable balance can open an
		/// account.
		#[pallet::constant]
		type EntryFee: Get<BalanceOf<Self>>;

		/// The most models one pool scores.
		#[pallet::constant]
		type MaxPoolEntries: Get<u32>;

		/// The most evaluators that score one model in one pool.
		#[pallet::constant]
		type MaxScoresPerModel: Get<u32>;

		/// The longest metric name of a pool.
		#[pallet::constant]
		type MaxMetricLen: Get<u32>;

		/// The most blocks a pool stays open.
		#[pallet::constant]
		type MaxPoolDuration: Get<BlockNumberFor<Self>>;

		/// Held from a pool's sponsor for the pool's storage (its record, entries and
		/// scores, at their bounds) until it is settled.
		#[pallet::constant]
		type PoolDeposit: Get<BalanceOf<Self>>;

		/// The most entries one `settle_pool` call pays.
		#[pallet::constant]
		type MaxSettleBatch: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A pool's amount, until it is paid out or returned.
		PoolPrize,
		/// A pool's storage deposit.
		PoolDeposit,
	}

	/// The royalty policy of each model, stored when it is registered.
	#[pallet::storage]
	pub type Policies<T> = StorageMap<_, Twox64Concat, ModelId, RoyaltyPolicy>;

	/// The royalty terms fixed when each model was registered.
	#[pallet::storage]
	pub type Terms<T: Config> = StorageMap<_, Twox64Concat, ModelId, TermsOf<T>>;

	/// Snapshots of dataset contributor lists, by the hash of their encoding, as models'
	/// terms refer to them. Shared by every model that snapshot the same list; kept for
	/// good, paid for by the deposit of the model that first stored it.
	#[pallet::storage]
	pub type ContributorSnapshots<T: Config> = StorageMap<_, Identity, H256, ContributorsOf<T>>;

	/// What each account may claim. Never holds an entry below `EntryFee`.
	#[pallet::storage]
	pub type Claimable<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// The sum of every `Claimable` entry: what the pallet account owes, above its
	/// existential deposit.
	#[pallet::storage]
	pub type TotalClaimable<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Everything each account has been credited, per source, ever (entry fees aside).
	#[pallet::storage]
	pub type Earnings<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Source,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// The id the next pool gets.
	#[pallet::storage]
	pub type NextPoolId<T> = StorageValue<_, PoolId, ValueQuery>;

	/// Open and settling pools. Removed once settled.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageMap<_, Twox64Concat, PoolId, PoolOf<T>>;

	/// The models scored in each pool, in the order they were first scored.
	#[pallet::storage]
	pub type PoolEntries<T: Config> =
		StorageMap<_, Twox64Concat, PoolId, BoundedVec<ModelId, T::MaxPoolEntries>, ValueQuery>;

	/// Each scored model's scores in a pool, one per evaluator.
	#[pallet::storage]
	pub type PoolScores<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PoolId, Twox64Concat, ModelId, ScoresOf<T>, ValueQuery>;

	/// Endows the pallet account with the existential deposit, so that it exists before the
	/// first payment and is never reaped.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use frame_support::traits::fungible::Inspect;
			let pot = Pallet::<T>::account_id();
			let minimum = T::Currency::minimum_balance();
			if T::Currency::balance(&pot) < minimum {
				T::Currency::set_balance(&pot, minimum);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `model`'s owner raised its policy to `policy`.
		RoyaltyPolicySet { model: ModelId, policy: RoyaltyPolicy },
		/// `model` was registered: its terms are fixed, and it starts with `policy`, passing
		/// its parents `parent_minimums` (in the run's order) of whatever it receives.
		RoyaltyTermsFixed { model: ModelId, policy: RoyaltyPolicy, parent_minimums: Vec<Perbill> },
		/// `payer` paid `amount` for using `model`, plus `entry_fees` for the storage it
		/// created; the `Credited` events that follow say where it all went.
		UsagePaid {
			model: ModelId,
			payer: T::AccountId,
			amount: BalanceOf<T>,
			entry_fees: BalanceOf<T>,
		},
		/// `account` may claim `amount` more, as part of `model`'s royalty, for `reason`.
		/// One per credit of the split, in the split's order, then one `EntryFee` credit
		/// per account with new entries.
		Credited {
			account: T::AccountId,
			amount: BalanceOf<T>,
			model: ModelId,
			reason: CreditReason,
		},
		/// `from` paid `amount` on top of a payment to bring the pallet account up to the
		/// existential deposit. Happens at most once, and only if genesis did not endow it.
		PotEndowed { from: T::AccountId, amount: BalanceOf<T> },
		/// `who` was paid `amount`, their whole claimable balance.
		RewardsClaimed { who: T::AccountId, amount: BalanceOf<T> },
		/// `sponsor` opened `pool`, holding `amount` for models scored on `benchmark` until
		/// `closes_at`.
		PoolOpened {
			pool: PoolId,
			sponsor: T::AccountId,
			benchmark: DatasetId,
			amount: BalanceOf<T>,
			closes_at: BlockNumberFor<T>,
		},
		/// `evaluator` scored `model` `score` in `pool` (replacing its own earlier score).
		ScoreSubmitted { pool: PoolId, model: ModelId, evaluator: T::AccountId, score: i64 },
		/// `model` won `prize` in `pool`; `charged` of it paid its lineage (the `Credited`
		/// events that follow) and entry fees; the rest returns to the sponsor.
		PrizePaid { pool: PoolId, model: ModelId, prize: BalanceOf<T>, charged: BalanceOf<T> },
		/// `model`'s `prize` in `pool` could not be paid, for `reason`; it returns to the
		/// sponsor.
		PrizeForfeited {
			pool: PoolId,
			model: ModelId,
			prize: BalanceOf<T>,
			reason: SplitError<BalanceOf<T>>,
		},
		/// `pool` is settled: `paid` went to prizes, `returned` back to its sponsor, with
		/// the deposit.
		PoolSettled { pool: PoolId, paid: BalanceOf<T>, returned: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model has this id.
		UnknownModel,
		/// Only the model's owner may do this.
		NotModelOwner,
		/// The parent and dataset shares add up to more than 100%.
		InvalidPolicy,
		/// A share is lower than the model's current policy's: shares may only rise.
		ShareLowered,
		/// The parents' minimum shares cannot all be met: with the default dataset share
		/// they add up to more than 100%.
		BelowParentMinimum,
		/// The parents demand more, together, than the registrant's `max_parent_share`.
		ParentShareAboveBound,
		/// The payment is below `MinPayment`.
		BelowMinimumPayment,
		/// The lineage is larger than one split may visit (`MaxSplitModels`,
		/// `MaxSplitDatasets`).
		TooComplex,
		/// A grant in the model's consent basis was revoked with the effect that trained
		/// models must stop being used.
		ConsentWithdrawn,
		/// The model has no royalty terms: the registry did not report it.
		NoTerms,
		/// The caller has nothing to claim.
		NothingToClaim,
		/// An amount overflowed.
		Overflow,
		/// No dataset has this id.
		UnknownDataset,
		/// The closing block is not after the current block, or more than `MaxPoolDuration`
		/// after it.
		InvalidClosingBlock,
		/// No pool has this id (or it is settled).
		UnknownPool,
		/// No pool ids are left.
		NoPoolIdsLeft,
		/// The caller cannot pay the pool's amount and deposit.
		InsufficientFunds,
		/// Only evaluators accredited by governance score pools.
		NotAccredited,
		/// An evaluator may not score its own model.
		OwnModel,
		/// The pool is closed: no more scores.
		PoolClosed,
		/// The pool is still open: it cannot be settled before its closing block.
		PoolOpen,
		/// The pool already scores `MaxPoolEntries` models.
		TooManyEntries,
		/// The model already has `MaxScoresPerModel` scores in this pool.
		TooManyScores,
		/// `max_entries` must be at least 1.
		InvalidBatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			use frame_support::traits::fungible::Inspect;
			assert!(T::DefaultPolicy::get().is_valid(), "DefaultPolicy shares exceed 100%");
			assert!(T::TrainWeight::get() > 0, "TrainWeight must be at least 1");
			assert!(
				T::MaxRoyaltyDepth::get() < MAX_COST_ENTRIES,
				"MaxRoyaltyDepth must be below MAX_COST_ENTRIES"
			);
			// Every model without parents, and every derivative of such models, is payable.
			assert!(
				T::MaxSplitDatasets::get() >= MaxInputsOf::<T>::get(),
				"MaxSplitDatasets must be at least the registry's MaxInputs"
			);
			assert!(
				T::MaxSplitModels::get() > MaxParentsOf::<T>::get(),
				"MaxSplitModels must be above the registry's MaxParents"
			);
			assert!(!T::MinPayment::get().is_zero(), "MinPayment must be above 0");
			assert!(
				T::EntryFee::get() >= T::Currency::minimum_balance(),
				"EntryFee must be at least the existential deposit"
			);
			assert!(T::MaxPoolEntries::get() > 0, "MaxPoolEntries must be at least 1");
			assert!(T::MaxScoresPerModel::get() > 0, "MaxScoresPerModel must be at least 1");
			assert!(T::MaxSettleBatch::get() > 0, "MaxSettleBatch must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Raises the royalty policy of `model`. Every share must be at least the model's
		/// current one. (The parent share then still covers the parents' minimums fixed at
		/// registration.)
		///
		/// - Origin: signed by the model's owner.
		/// - Errors: `UnknownModel`, `NotModelOwner`, `InvalidPolicy`, `ShareLowered`.
		/// - Events: `RoyaltyPolicySet`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_royalty_policy())]
		pub fn set_royalty_policy(
			origin: OriginFor<T>,
			model: ModelId,
			policy: RoyaltyPolicy,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_royalty_policy(&who, model, policy)
		}

		/// Pays `amount` for using `model`, plus `EntryFee` for each storage entry the
		/// payment creates. Everything moves from the signer to the pallet account (the
		/// signer's account is kept alive); the amount is credited, all of it, by
		/// [`Pallet::split`], and each entry fee to the account its entry is for. If the
		/// pallet account is below the existential deposit, the signer also pays the
		/// difference.
		///
		/// Nothing is charged or credited unless the whole split succeeds.
		///
		/// - Origin: signed.
		/// - Errors: `BelowMinimumPayment`, `UnknownModel`, `ConsentWithdrawn`, `NoTerms`,
		///   `TooComplex`, `Overflow`; the currency's error if the signer cannot pay
		///   (`Token(FundsUnavailable)`, or `Arithmetic(Underflow)` for an amount above the
		///   total issuance).
		/// - Events: `PotEndowed` if needed, `UsagePaid`, then one `Credited` per credit.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::max_pay_weight())]
		pub fn pay_usage(
			origin: OriginFor<T>,
			model: ModelId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let split = Self::do_pay_usage(who, model, amount)?;
			// Charge for the lineage actually walked and the accounts actually credited, not
			// the largest ones.
			Ok(Some(Self::split_weight(&split)).into())
		}

		/// Pays the signer their whole claimable balance from the pallet account. Every
		/// claimable balance is at least `EntryFee`, itself at least the existential
		/// deposit, so this works for an account that does not exist yet.
		///
		/// - Origin: signed.
		/// - Errors: `NothingToClaim`.
		/// - Events: `RewardsClaimed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_rewards(who).map(|_| ())
		}

		/// Opens a reward pool: holds `amount` and `PoolDeposit` from the signer, to be split
		/// among the models accredited evaluators score on `benchmark` by `metric` before
		/// `closes_at` (see `docs/rewards.md` for the rule). If the pallet account is below
		/// the existential deposit, the signer also pays the difference.
		///
		/// - Origin: signed (the sponsor).
		/// - Errors: `UnknownDataset`, `InvalidClosingBlock`, `BelowMinimumPayment`,
		///   `NoPoolIdsLeft`, `InsufficientFunds`.
		/// - Events: `PotEndowed` if needed, `PoolOpened`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::open_pool())]
		pub fn open_pool(
			origin: OriginFor<T>,
			benchmark: DatasetId,
			metric: BoundedVec<u8, T::MaxMetricLen>,
			higher_is_better: bool,
			baseline: i64,
			closes_at: BlockNumberFor<T>,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let sponsor = ensure_signed(origin)?;
			Self::do_open_pool(
				sponsor,
				PoolSpec { benchmark, metric, higher_is_better, baseline, closes_at, amount },
			)
			.map(|_| ())
		}

		/// Records the signer's `score` for `model` in `pool`, replacing its own earlier one.
		/// The evaluation must use the pool's benchmark under `grant`, a live `Evaluation`
		/// grant to the signer, which is consumed. A model's standing is the mean of its
		/// evaluators' scores.
		///
		/// - Origin: signed by an accredited evaluator that does not own `model`.
		/// - Errors: `UnknownPool`, `PoolClosed`, `NotAccredited`, `UnknownModel`, `OwnModel`,
		///   `TooManyScores`, `TooManyEntries`; the consent pallet's refusal of the grant.
		/// - Events: `ScoreSubmitted`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_score())]
		pub fn submit_score(
			origin: OriginFor<T>,
			pool: PoolId,
			model: ModelId,
			score: i64,
			grant: GrantId,
		) -> DispatchResult {
			let evaluator = ensure_signed(origin)?;
			Self::do_submit_score(evaluator, pool, model, score, grant)
		}

		/// Pays up to `max_entries` (at most `MaxSettleBatch`) more of a closed pool's prizes,
		/// in the order the models were first scored; the call that pays the last one returns what is left to the
		/// sponsor, releases the deposit and removes the pool. Each prize flows up its
		/// model's lineage like a usage fee, its entry fees taken from it; a prize that
		/// cannot be paid returns to the sponsor.
		///
		/// - Origin: signed (anyone).
		/// - Errors: `InvalidBatch`, `UnknownPool`, `PoolOpen`, `Overflow`.
		/// - Events: per entry `PrizePaid` (then its `Credited`) or `PrizeForfeited`; at the
		///   end `PoolSettled`.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::settle_weight(*max_entries))]
		pub fn settle_pool(
			origin: OriginFor<T>,
			pool: PoolId,
			max_entries: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let done = Self::do_settle_pool(pool, max_entries)?;
			Ok(Some(Self::settled_weight(done)).into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet account: holds every unclaimed reward and the existential deposit.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The weight of a payment visiting `m` models and `d` datasets, checking `b` basis
	/// grants for revocations (up to two reads each) and crediting `c` accounts.
	///
	/// `pay_usage(m, d)` is measured with every model's owner and each dataset's one
	/// contributor a new account; `pay_usage_credits(c)` with `c` contributors, each a new
	/// account, on one dataset. Each credit beyond those `m + d` is charged what one more
	/// contributor cost there.
	pub fn pay_weight(m: u32, d: u32, b: u32, c: u32) -> frame_support::weights::Weight {
		let extra = c.saturating_sub(m.saturating_add(d));
		let per_credit = T::WeightInfo::pay_usage_credits(extra)
			.saturating_sub(T::WeightInfo::pay_usage_credits(0));
		T::WeightInfo::pay_usage(m, d)
			.saturating_add(per_credit)
			.saturating_add(T::DbWeight::get().reads(u64::from(b).saturating_mul(2)))
	}

	/// The weight of what a split did.
	pub fn split_weight(split: &SplitOf<T>) -> frame_support::weights::Weight {
		let credits = u32::try_from(split.credits.len()).unwrap_or(u32::MAX);
		Self::pay_weight(split.models, split.datasets, split.basis, credits)
	}

	/// The most credits a split makes: three for each visited model's owner (its own part,
	/// a parent share kept at the depth limit, a dataset share kept for want of eligible
	/// inputs), one for each contributor (or owner) of every dataset visit, and the dust.
	pub fn max_credits() -> u32 {
		let contributors =
			<T::Datasets as ContributorsInspect<T::AccountId>>::MaxContributors::get();
		T::MaxSplitDatasets::get()
			.saturating_mul(contributors.max(1))
			.saturating_add(T::MaxSplitModels::get().saturating_mul(3))
			.saturating_add(1)
	}

	/// The weight `pay_usage` is charged before it runs: the largest split.
	pub fn max_pay_weight() -> frame_support::weights::Weight {
		Self::pay_weight(
			T::MaxSplitModels::get(),
			T::MaxSplitDatasets::get(),
			<T::Models as ModelInspect<T::AccountId>>::MaxBasis::get(),
			Self::max_credits(),
		)
	}

	/// The weight of one `settle_pool(pool, n)` at its worst: the call (starting
	/// settlement over `MaxPoolEntries` entries, paying `n` prizes, finishing), passing over
	/// every other entry without a prize, and for each prize two splits of the largest
	/// lineage (the prize's, and the prize net of entry fees').
	pub fn settle_weight(n: u32) -> frame_support::weights::Weight {
		let n = n.min(T::MaxSettleBatch::get());
		Self::settled_weight(Settled {
			prizes: n,
			skipped: T::MaxPoolEntries::get().saturating_sub(n),
			splits: n.saturating_mul(2),
		})
	}

	/// The weight of what a `settle_pool` call did.
	pub fn settled_weight(done: Settled) -> frame_support::weights::Weight {
		let split = Self::max_pay_weight();
		// A passed-over entry reads its scores, its owner and each evaluator's accreditation,
		// and removes its scores.
		let skipped = T::DbWeight::get()
			.reads_writes(u64::from(T::MaxScoresPerModel::get()).saturating_add(2), 1)
			.saturating_mul(u64::from(done.skipped));
		T::WeightInfo::settle_pool()
			.saturating_mul(u64::from(done.prizes.max(1)))
			.saturating_add(T::WeightInfo::finish_pool())
			.saturating_add(skipped)
			.saturating_add(split.saturating_mul(u64::from(done.splits)))
	}
}
