//! # Rewards pallet
//!
//! Usage fees and royalties for models, split up the lineage to the models they derive from
//! and the datasets they were trained on, down to each dataset's contributors. Nothing is
//! lost: every payment is credited in full, to the last unit, and stays in the pallet's
//! account until its recipients claim it.
//!
//! - Each model has a [`RoyaltyPolicy`]: the share of what it receives that goes to its
//!   parent models, the share that goes to its own training datasets (weighted by input role,
//!   then by each dataset's contributor shares), and the least share its derivatives must
//!   pass up to it. A model without a stored policy follows `DefaultPolicy`. The owner may
//!   raise shares but never lower them.
//! - A derivative's parent share must cover the sum of its parents' minimums, and each
//!   parent is always passed at least its own minimum. The model registry asks this pallet
//!   at registration through [`provenance_primitives::RoyaltyRegistration`].
//! - [`Pallet::pay_usage`] splits a fee by one pure function, [`Pallet::split`], and credits
//!   the result to `Claimable` balances; the runtime API's `breakdown` runs the same
//!   function as a dry run. A parent's part splits again by the parent's own policy, up to
//!   `MaxRoyaltyDepth` hops; fan-out is bounded by `MaxSplitModels` and `MaxSplitDatasets`,
//!   and a lineage larger than that is refused (`TooComplex`) rather than under-weighed.
//! - Arithmetic is exact in integers: every share is rounded down, and the rounding dust of
//!   the whole split goes to the paid model's owner, so the credits sum to the payment.
//! - A dataset whose grant, as used by the model's run, has been revoked is not paid: its
//!   part goes to the model's other, still consented, inputs by their weights (to the
//!   model's owner if none is left). See `docs/rewards.md` for why.
//! - [`Pallet::claim_rewards`] pays a caller's claimable balance out of the pallet account,
//!   which always keeps the existential deposit, so it is never reaped.
//!
//! Models are read through [`provenance_primitives::ModelInspect`], dataset payees through
//! [`provenance_primitives::ContributorsInspect`], revocations through
//! [`provenance_primitives::ConsentInspect`]; wallets and auditors query through the runtime
//! API in `pallet-rewards-runtime-api`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult, Get},
	traits::{
		fungible::{self, Mutate},
		tokens::Preservation,
	},
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	ConsentInspect, ContributorsInspect, DatasetRole, ModelId, ModelInspect, ModelSummary,
	RoyaltyRegistration,
};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedSub, Saturating, Zero},
	Perbill, Rounding, TokenError,
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

/// What the model registry says about a model, in a runtime.
pub type ModelSummaryOf<T> = ModelSummary<
	<T as frame_system::Config>::AccountId,
	<<T as Config>::Models as ModelInspect<<T as frame_system::Config>::AccountId>>::MaxParents,
	<<T as Config>::Models as ModelInspect<<T as frame_system::Config>::AccountId>>::MaxInputs,
>;

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
		/// Moves fees into the pallet account and rewards out of it.
		type Currency: fungible::Inspect<Self::AccountId> + fungible::Mutate<Self::AccountId>;

		/// The model registry: owners, parents, inputs.
		type Models: ModelInspect<Self::AccountId>;

		/// Dataset owners and contributors.
		type Datasets: ContributorsInspect<Self::AccountId>;

		/// Whether the grant a model's run used a dataset under has been revoked.
		type Consent: ConsentInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// Names the pallet account, which holds every unclaimed reward and the existential
		/// deposit.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The policy of a model that has not stored its own. Must be valid
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
		/// away keeps its parent share (`CreditReason::DepthLimit`).
		#[pallet::constant]
		type MaxRoyaltyDepth: Get<u32>;

		/// The most model visits one split makes (a model reached by two paths counts
		/// twice), the paid model included. A larger lineage is refused.
		#[pallet::constant]
		type MaxSplitModels: Get<u32>;

		/// The most dataset visits (inputs of visited models) one split makes. A larger
		/// lineage is refused.
		#[pallet::constant]
		type MaxSplitDatasets: Get<u32>;

		/// The least `pay_usage` takes. Makes spamming claimable entries cost real money.
		#[pallet::constant]
		type MinPayment: Get<BalanceOf<Self>>;

		type WeightInfo: WeightInfo;
	}

	/// The royalty policy each model has stored. Models without one follow `DefaultPolicy`.
	#[pallet::storage]
	pub type Policies<T> = StorageMap<_, Twox64Concat, ModelId, RoyaltyPolicy>;

	/// What each account may claim. Never holds a zero entry.
	#[pallet::storage]
	pub type Claimable<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// The sum of every `Claimable` entry: what the pallet account owes, above its
	/// existential deposit.
	#[pallet::storage]
	pub type TotalClaimable<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

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
		/// `model` now splits its royalties by `policy`.
		RoyaltyPolicySet { model: ModelId, policy: RoyaltyPolicy },
		/// `payer` paid `amount` for using `model`; the `Credited` events that follow say
		/// where it went.
		UsagePaid { model: ModelId, payer: T::AccountId, amount: BalanceOf<T> },
		/// `account` may claim `amount` more, as part of `model`'s royalty, for `reason`.
		/// One per credit of the split, in the split's order.
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
		/// The parent share does not cover the sum of the parents' minimum shares.
		BelowParentMinimum,
		/// The payment is below `MinPayment`.
		BelowMinimumPayment,
		/// The lineage is larger than one split may visit (`MaxSplitModels`,
		/// `MaxSplitDatasets`).
		TooComplex,
		/// The caller has nothing to claim.
		NothingToClaim,
		/// The caller's account does not exist and the claim is below the existential
		/// deposit: wait until more accrues, or fund the account first.
		ClaimBelowExistentialDeposit,
		/// An amount overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::DefaultPolicy::get().is_valid(), "DefaultPolicy shares exceed 100%");
			assert!(T::TrainWeight::get() > 0, "TrainWeight must be at least 1");
			assert!(T::MaxSplitModels::get() > 0, "MaxSplitModels must be at least 1");
			assert!(!T::MinPayment::get().is_zero(), "MinPayment must be above 0");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the royalty policy of `model`. Every share must be at least the model's
		/// current one (stored, or `DefaultPolicy`), and the parent share must cover the sum
		/// of the parents' minimum shares.
		///
		/// - Origin: signed by the model's owner.
		/// - Errors: `UnknownModel`, `NotModelOwner`, `InvalidPolicy`, `ShareLowered`,
		///   `BelowParentMinimum`.
		/// - Events: `RoyaltyPolicySet`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_royalty_policy(
			<T::Models as ModelInspect<T::AccountId>>::MaxParents::get()
		))]
		pub fn set_royalty_policy(
			origin: OriginFor<T>,
			model: ModelId,
			policy: RoyaltyPolicy,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let parents = Self::do_set_royalty_policy(&who, model, policy)?;
			Ok(Some(T::WeightInfo::set_royalty_policy(parents)).into())
		}

		/// Pays `amount` for using `model`. The amount moves from the signer to the pallet
		/// account (the signer's account is kept alive) and is credited, all of it, by
		/// [`Pallet::split`]: see the crate docs and `docs/rewards.md`. If the pallet account
		/// is below the existential deposit, the signer also pays the difference.
		///
		/// Nothing is charged or credited unless the whole split succeeds.
		///
		/// - Origin: signed.
		/// - Errors: `BelowMinimumPayment`, `UnknownModel`, `TooComplex`, `Overflow`; the
		///   currency's error if the signer cannot pay (`Token(FundsUnavailable)`, or
		///   `Arithmetic(Underflow)` for an amount above the total issuance).
		/// - Events: `PotEndowed` if needed, `UsagePaid`, then one `Credited` per credit.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::pay_usage(
			T::MaxSplitModels::get(),
			T::MaxSplitDatasets::get(),
		))]
		pub fn pay_usage(
			origin: OriginFor<T>,
			model: ModelId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let split = Self::do_pay_usage(who, model, amount)?;
			// Charge for the lineage actually walked, not the largest one.
			Ok(Some(T::WeightInfo::pay_usage(split.models, split.datasets)).into())
		}

		/// Pays the signer their whole claimable balance from the pallet account.
		///
		/// - Origin: signed.
		/// - Errors: `NothingToClaim`, `ClaimBelowExistentialDeposit`.
		/// - Events: `RewardsClaimed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_rewards(who).map(|_| ())
		}
	}
}

/// Credits being collected, merged by (account, model, reason), in first-seen order.
struct CreditBook<T: Config> {
	credits: Vec<CreditOf<T>>,
	index: BTreeMap<(T::AccountId, ModelId, CreditReason), usize>,
}

impl<T: Config> CreditBook<T> {
	fn new() -> Self {
		Self { credits: Vec::new(), index: BTreeMap::new() }
	}

	fn add(
		&mut self,
		account: &T::AccountId,
		amount: BalanceOf<T>,
		model: ModelId,
		reason: CreditReason,
	) -> Result<(), SplitErrorOf<T>> {
		if amount.is_zero() {
			return Ok(());
		}
		let key = (account.clone(), model, reason);
		if let Some(credit) = self.index.get(&key).and_then(|at| self.credits.get_mut(*at)) {
			credit.amount = credit.amount.checked_add(&amount).ok_or(SplitError::Overflow)?;
		} else {
			self.index.insert(key, self.credits.len());
			self.credits.push(Credit { account: account.clone(), amount, model, reason });
		}
		Ok(())
	}
}

/// A model reached by a split, with what it is to split.
struct Visit<T: Config> {
	id: ModelId,
	info: ModelSummaryOf<T>,
	policy: RoyaltyPolicy,
	portion: BalanceOf<T>,
	/// Parent hops from the paid model.
	depth: u32,
}

/// `amount * numerator / denominator`, rounded down, without intermediate overflow.
fn mul_div_floor<B>(amount: B, numerator: u64, denominator: u64) -> Option<B>
where
	B: TryInto<u128> + TryFrom<u128>,
{
	let amount: u128 = amount.try_into().ok()?;
	let result = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
		amount,
		u128::from(numerator),
		u128::from(denominator),
		Rounding::Down,
	)?;
	B::try_from(result).ok()
}

fn parts(share: Perbill) -> u64 {
	u64::from(share.deconstruct())
}

impl<T: Config> Pallet<T> {
	/// The pallet account: holds every unclaimed reward and the existential deposit.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The policy `model` splits by: its stored one, or `DefaultPolicy`. Does not check
	/// that the model exists.
	pub fn policy_of(model: ModelId) -> RoyaltyPolicy {
		Policies::<T>::get(model).unwrap_or_else(T::DefaultPolicy::get)
	}

	/// How much an input in `role` weighs in its model's dataset share.
	pub fn role_weight(role: DatasetRole) -> u64 {
		u64::from(match role {
			DatasetRole::Train => T::TrainWeight::get(),
			DatasetRole::Validation => T::ValidationWeight::get(),
			DatasetRole::Test => T::TestWeight::get(),
		})
	}

	/// The least share a derivative owes a model: the higher of its policy's
	/// `min_derivative_share` and the registry's own minimum for it.
	fn required_share(info: &ModelSummaryOf<T>, policy: &RoyaltyPolicy) -> Perbill {
		policy.min_derivative_share.max(info.min_derivative_share.unwrap_or_default())
	}

	/// The sum of the minimum shares `parents` require, in parts per billion (it may exceed
	/// a billion).
	fn required_by_parents(parents: &[ModelId]) -> Result<u64, DispatchError> {
		parents.iter().try_fold(0u64, |sum, parent| {
			let info = T::Models::model(*parent).ok_or(Error::<T>::UnknownModel)?;
			let share = Self::required_share(&info, &Self::policy_of(*parent));
			Ok(sum.saturating_add(parts(share)))
		})
	}

	/// Checks that `policy` is valid and passes `parents` at least what they require: its
	/// parent share covers the sum of their minimum shares.
	///
	/// `set_royalty_policy` checks this; the model registry checks it (through
	/// [`RoyaltyRegistration::ensure_may_derive`]) for the policy a new model starts with.
	pub fn ensure_meets_parents(parents: &[ModelId], policy: &RoyaltyPolicy) -> DispatchResult {
		ensure!(policy.is_valid(), Error::<T>::InvalidPolicy);
		let required = Self::required_by_parents(parents)?;
		ensure!(parts(policy.parent_share) >= required, Error::<T>::BelowParentMinimum);
		Ok(())
	}

	/// The policy a new model with `parents` starts with: `DefaultPolicy`, with its parent
	/// share raised to the sum of the parents' minimums if that is higher. Refused with
	/// `BelowParentMinimum` if that leaves no valid policy.
	pub fn starting_policy(parents: &[ModelId]) -> Result<RoyaltyPolicy, DispatchError> {
		let mut policy = T::DefaultPolicy::get();
		let required = Self::required_by_parents(parents)?;
		if required > parts(policy.parent_share) {
			let required = u32::try_from(required)
				.ok()
				.filter(|r| *r <= Perbill::one().deconstruct())
				.ok_or(Error::<T>::BelowParentMinimum)?;
			policy.parent_share = Perbill::from_parts(required);
		}
		ensure!(policy.is_valid(), Error::<T>::BelowParentMinimum);
		Ok(policy)
	}

	/// Splits `amount` paid for `model` into credits, reading but not writing state: the
	/// one computation behind `pay_usage` and the runtime API's `breakdown`.
	///
	/// From the paid model, depth first through its parents, each model visited splits the
	/// portion `x` it receives (the whole amount for the paid model) by its policy:
	///
	/// 1. Dataset pool `dataset_share * x` (if the run used any dataset): to its eligible
	///    inputs (grant not revoked, dataset known, role weight above 0) by role weight, and
	///    within each dataset to its contributors by their shares, or to its owner if it
	///    lists none. If no input is eligible, the pool goes to the model's owner
	///    (`NoEligibleDatasets`).
	/// 2. Parent pool `parent_share * x` (if the model has parents): if the model is
	///    `MaxRoyaltyDepth` hops from the paid model, to its owner (`DepthLimit`); otherwise
	///    each parent gets its minimum share of `x` (scaled down pro rata if the parents'
	///    minimums, raised since, add up to more than `parent_share`), and what is left of
	///    the pool is split equally among all parents. Each parent then splits what it got
	///    the same way.
	/// 3. The rest of `x` to the model's owner (`ModelOwner`).
	///
	/// Every division rounds down; the remainders (dust) of the whole split go to the paid
	/// model's owner in one `Dust` credit, so the credits sum to exactly `amount`.
	pub fn split(model: ModelId, amount: BalanceOf<T>) -> Result<SplitOf<T>, SplitErrorOf<T>> {
		let minimum = T::MinPayment::get();
		ensure!(amount >= minimum, SplitError::BelowMinimum { minimum });
		let (max_models, max_datasets) = (T::MaxSplitModels::get(), T::MaxSplitDatasets::get());
		let too_complex = SplitError::TooComplex { max_models, max_datasets };
		let root = T::Models::model(model).ok_or(SplitError::UnknownModel(model))?;
		let root_owner = root.owner.clone();

		let mut book = CreditBook::<T>::new();
		let mut dust = BalanceOf::<T>::zero();
		let (mut models, mut datasets) = (1u32, 0u32);
		let mut stack = Vec::from([Visit::<T> {
			id: model,
			info: root,
			policy: Self::policy_of(model),
			portion: amount,
			depth: 0,
		}]);
		while let Some(Visit { id, info, policy, portion, depth }) = stack.pop() {
			datasets = datasets.saturating_add(info.inputs.len() as u32);
			ensure!(datasets <= max_datasets, too_complex.clone());
			let dataset_pool = if info.inputs.is_empty() {
				Zero::zero()
			} else {
				policy.dataset_share.mul_floor(portion)
			};
			let parent_pool = if info.parents.is_empty() {
				Zero::zero()
			} else {
				policy.parent_share.mul_floor(portion)
			};
			let owner_part = portion
				.checked_sub(&dataset_pool)
				.and_then(|rest| rest.checked_sub(&parent_pool))
				.ok_or(SplitError::Overflow)?;
			book.add(&info.owner, owner_part, id, CreditReason::ModelOwner)?;

			// The datasets: eligible inputs by role weight, then contributors by share.
			let mut eligible = Vec::new();
			let mut total_weight = 0u64;
			for input in &info.inputs {
				let weight = Self::role_weight(input.role);
				if weight == 0 || T::Consent::revoked_at(input.grant).is_some() {
					continue;
				}
				if let Some(payees) = T::Datasets::payees(input.dataset) {
					total_weight = total_weight.saturating_add(weight);
					eligible.push((input.dataset, weight, payees));
				}
			}
			if total_weight == 0 {
				book.add(&info.owner, dataset_pool, id, CreditReason::NoEligibleDatasets)?;
			} else {
				let mut paid = BalanceOf::<T>::zero();
				for (dataset, weight, payees) in eligible {
					let part = mul_div_floor(dataset_pool, weight, total_weight)
						.ok_or(SplitError::Overflow)?;
					paid = paid.checked_add(&part).ok_or(SplitError::Overflow)?;
					if payees.contributors.is_empty() {
						let reason = CreditReason::DatasetOwner { dataset };
						book.add(&payees.owner, part, id, reason)?;
						continue;
					}
					let mut given = BalanceOf::<T>::zero();
					for (contributor, share) in &payees.contributors {
						let credit = share.mul_floor(part);
						given = given.checked_add(&credit).ok_or(SplitError::Overflow)?;
						let reason = CreditReason::DatasetContributor { dataset };
						book.add(contributor, credit, id, reason)?;
					}
					let left = part.checked_sub(&given).ok_or(SplitError::Overflow)?;
					dust = dust.checked_add(&left).ok_or(SplitError::Overflow)?;
				}
				let left = dataset_pool.checked_sub(&paid).ok_or(SplitError::Overflow)?;
				dust = dust.checked_add(&left).ok_or(SplitError::Overflow)?;
			}

			// The parents: each its minimum, the rest equally; or kept at the depth limit.
			if info.parents.is_empty() {
				continue;
			}
			if depth >= T::MaxRoyaltyDepth::get() {
				book.add(&info.owner, parent_pool, id, CreditReason::DepthLimit)?;
				continue;
			}
			let mut parents = Vec::with_capacity(info.parents.len());
			for parent in &info.parents {
				models = models.saturating_add(1);
				ensure!(models <= max_models, too_complex.clone());
				let parent_info =
					T::Models::model(*parent).ok_or(SplitError::UnknownModel(*parent))?;
				let parent_policy = Self::policy_of(*parent);
				let required = Self::required_share(&parent_info, &parent_policy);
				parents.push((*parent, parent_info, parent_policy, required));
			}
			let required: Vec<Perbill> = parents.iter().map(|(_, _, _, r)| *r).collect();
			let (allotments, left) =
				Self::allot_to_parents(portion, parent_pool, policy.parent_share, &required)?;
			dust = dust.checked_add(&left).ok_or(SplitError::Overflow)?;
			let next_depth = depth.saturating_add(1);
			// Pushed in reverse, so that the parents are walked in the order the run names them.
			for ((parent, parent_info, parent_policy, _), portion) in
				parents.into_iter().zip(allotments).rev()
			{
				stack.push(Visit {
					id: parent,
					info: parent_info,
					policy: parent_policy,
					portion,
					depth: next_depth,
				});
			}
		}
		book.add(&root_owner, dust, model, CreditReason::Dust)?;

		// The invariant the whole design rests on; a failure here is a bug, not bad input.
		let total = book
			.credits
			.iter()
			.try_fold(BalanceOf::<T>::zero(), |sum, c| sum.checked_add(&c.amount))
			.ok_or(SplitError::Overflow)?;
		ensure!(total == amount, SplitError::Overflow);
		Ok(Split { credits: book.credits, models, datasets })
	}

	/// Divides a model's parent pool `pool` (its `parent_share` of `portion`) among parents
	/// requiring `required` shares each: every parent its required share of `portion` (pro
	/// rata to the requirements if they add up to more than `parent_share`), then what is
	/// left equally. Returns each parent's allotment and the rounding remainder.
	fn allot_to_parents(
		portion: BalanceOf<T>,
		pool: BalanceOf<T>,
		parent_share: Perbill,
		required: &[Perbill],
	) -> Result<(Vec<BalanceOf<T>>, BalanceOf<T>), SplitErrorOf<T>> {
		let total_required = required.iter().fold(0u64, |sum, r| sum.saturating_add(parts(*r)));
		let guaranteed = required
			.iter()
			.map(|r| {
				if total_required <= parts(parent_share) {
					Some(r.mul_floor(portion))
				} else {
					mul_div_floor(pool, parts(*r), total_required)
				}
			})
			.collect::<Option<Vec<_>>>()
			.ok_or(SplitError::Overflow)?;
		let given = guaranteed
			.iter()
			.try_fold(BalanceOf::<T>::zero(), |sum, g| sum.checked_add(g))
			.ok_or(SplitError::Overflow)?;
		let rest = pool.checked_sub(&given).ok_or(SplitError::Overflow)?;
		let count = u64::try_from(required.len()).map_err(|_| SplitError::Overflow)?;
		let each = mul_div_floor(rest, 1, count.max(1)).ok_or(SplitError::Overflow)?;
		let mut left = rest;
		let allotments = guaranteed
			.into_iter()
			.map(|g| {
				left = left.checked_sub(&each)?;
				g.checked_add(&each)
			})
			.collect::<Option<Vec<_>>>()
			.ok_or(SplitError::Overflow)?;
		Ok((allotments, left))
	}

	fn split_error(e: SplitErrorOf<T>) -> DispatchError {
		match e {
			SplitError::BelowMinimum { .. } => Error::<T>::BelowMinimumPayment,
			SplitError::UnknownModel(_) => Error::<T>::UnknownModel,
			SplitError::TooComplex { .. } => Error::<T>::TooComplex,
			SplitError::Overflow => Error::<T>::Overflow,
		}
		.into()
	}

	/// Sets a model's policy for `who`; returns how many parents the model has. See
	/// [`Pallet::set_royalty_policy`].
	pub fn do_set_royalty_policy(
		who: &T::AccountId,
		model: ModelId,
		policy: RoyaltyPolicy,
	) -> Result<u32, DispatchError> {
		let info = T::Models::model(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(&info.owner == who, Error::<T>::NotModelOwner);
		ensure!(policy.is_valid(), Error::<T>::InvalidPolicy);
		ensure!(policy.raises_or_keeps(&Self::policy_of(model)), Error::<T>::ShareLowered);
		Self::ensure_meets_parents(&info.parents, &policy)?;
		Policies::<T>::insert(model, policy);
		Self::deposit_event(Event::RoyaltyPolicySet { model, policy });
		Ok(info.parents.len() as u32)
	}

	/// Takes `amount` from `payer` for using `model` and credits it; returns the split. See
	/// [`Pallet::pay_usage`]. Runs in its own storage layer, so a failure writes nothing
	/// even when called from outside a dispatchable.
	pub fn do_pay_usage(
		payer: T::AccountId,
		model: ModelId,
		amount: BalanceOf<T>,
	) -> Result<SplitOf<T>, DispatchError> {
		use frame_support::traits::fungible::Inspect;
		frame_support::storage::with_storage_layer(|| {
			let split = Self::split(model, amount).map_err(Self::split_error)?;
			let pot = Self::account_id();
			let shortfall =
				T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pot));
			let total = amount.checked_add(&shortfall).ok_or(Error::<T>::Overflow)?;
			T::Currency::transfer(&payer, &pot, total, Preservation::Preserve)?;
			if !shortfall.is_zero() {
				Self::deposit_event(Event::PotEndowed { from: payer.clone(), amount: shortfall });
			}

			// One write per account, however many credits it has.
			let mut per_account: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			for credit in &split.credits {
				let sum = per_account.entry(credit.account.clone()).or_default();
				*sum = sum.checked_add(&credit.amount).ok_or(Error::<T>::Overflow)?;
			}
			for (who, credited) in per_account {
				Claimable::<T>::try_mutate(&who, |claimable| -> DispatchResult {
					*claimable = claimable.checked_add(&credited).ok_or(Error::<T>::Overflow)?;
					Ok(())
				})?;
			}
			TotalClaimable::<T>::try_mutate(|total| -> DispatchResult {
				*total = total.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;

			Self::deposit_event(Event::UsagePaid { model, payer, amount });
			for Credit { account, amount, model, reason } in split.credits.iter().cloned() {
				Self::deposit_event(Event::Credited { account, amount, model, reason });
			}
			Ok(split)
		})
	}

	/// Pays `who` their whole claimable balance; returns it. See
	/// [`Pallet::claim_rewards`]. Runs in its own storage layer.
	pub fn do_claim_rewards(who: T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let amount = Claimable::<T>::take(&who);
			ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
			// The pallet account keeps its existential deposit: it is never reaped.
			T::Currency::transfer(&Self::account_id(), &who, amount, Preservation::Preserve)
				.map_err(|e| match e {
					DispatchError::Token(TokenError::BelowMinimum) => {
						Error::<T>::ClaimBelowExistentialDeposit.into()
					},
					other => other,
				})?;
			TotalClaimable::<T>::try_mutate(|total| -> DispatchResult {
				*total = total.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			Self::deposit_event(Event::RewardsClaimed { who, amount });
			Ok(amount)
		})
	}
}

/// The registry's hook: a new model starts with [`Pallet::starting_policy`].
impl<T: Config> RoyaltyRegistration for Pallet<T> {
	fn ensure_may_derive(parents: &[ModelId]) -> DispatchResult {
		Self::starting_policy(parents).map(|_| ())
	}

	fn on_model_registered(model: ModelId, parents: &[ModelId]) {
		// Stored only where it differs from the default, which the model otherwise follows.
		if let Ok(policy) = Self::starting_policy(parents) {
			if policy != T::DefaultPolicy::get() {
				Policies::<T>::insert(model, policy);
				Self::deposit_event(Event::RoyaltyPolicySet { model, policy });
			}
		}
	}
}

/// Queries for the runtime API.
impl<T: Config> Pallet<T> {
	/// What `who` may claim.
	pub fn claimable(who: &T::AccountId) -> BalanceOf<T> {
		Claimable::<T>::get(who)
	}

	/// What every account may claim together.
	pub fn total_claimable() -> BalanceOf<T> {
		TotalClaimable::<T>::get()
	}

	/// The policy `model` splits by, or `None` if it does not exist.
	pub fn royalty_policy(model: ModelId) -> Option<RoyaltyPolicy> {
		T::Models::model_exists(model).then(|| Self::policy_of(model))
	}

	/// Who would be credited what if `amount` were paid for `model` now: the credits
	/// `pay_usage` would make, in the order it would make them.
	pub fn breakdown(
		model: ModelId,
		amount: BalanceOf<T>,
	) -> Result<Vec<CreditOf<T>>, SplitErrorOf<T>> {
		Self::split(model, amount).map(|split| split.credits)
	}
}

// Also with `std`, so that the runtime's own tests can check the invariants.
#[cfg(any(feature = "try-runtime", feature = "std", test))]
impl<T: Config> Pallet<T> {
	/// The O(1) solvency check: the pallet account holds at least every unclaimed reward
	/// and its existential deposit. (It may hold more: anyone can transfer to it. Such
	/// surplus is never credited to anyone.)
	pub fn ensure_solvent() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::Inspect;
		let owed = TotalClaimable::<T>::get();
		let held = T::Currency::balance(&Self::account_id());
		if owed.is_zero() && held.is_zero() {
			// Never endowed and never paid: nothing to cover.
			return Ok(());
		}
		let needed = owed.checked_add(&T::Currency::minimum_balance()).ok_or("owed overflows")?;
		ensure!(held >= needed, "pallet account holds less than owed plus the existential deposit");
		Ok(())
	}

	/// Checks the pallet's invariants: `TotalClaimable` is the sum of `Claimable`, which has
	/// no zero entries; the pallet account is solvent; stored policies are valid and of
	/// existing models.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut sum = BalanceOf::<T>::zero();
		for (_, amount) in Claimable::<T>::iter() {
			ensure!(!amount.is_zero(), "zero claimable entry");
			sum = sum.checked_add(&amount).ok_or("claimable sum overflows")?;
		}
		ensure!(sum == TotalClaimable::<T>::get(), "TotalClaimable differs from the entries' sum");
		Self::ensure_solvent()?;
		for (model, policy) in Policies::<T>::iter() {
			ensure!(policy.is_valid(), "stored policy shares exceed 100%");
			ensure!(T::Models::model_exists(model), "policy of a missing model");
		}
		ensure!(T::DefaultPolicy::get().is_valid(), "DefaultPolicy shares exceed 100%");
		Ok(())
	}
}
