//! The split: one pure function from a payment to its credits, and the terms it follows,
//! fixed when each model is registered.

use super::*;
use codec::{Encode, MaxEncodedLen};

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
	terms: TermsOf<T>,
	policy: RoyaltyPolicy,
	portion: BalanceOf<T>,
	/// Parent hops from the paid model.
	depth: u32,
}

/// Who a dataset's part goes to, as the model's terms say.
enum Payees<T: Config> {
	/// The contributors snapshot at the model's registration.
	Contributors(ContributorsOf<T>),
	/// The dataset's current owner: it listed no contributors at the model's registration.
	Owner(T::AccountId),
}

/// `amount * numerator / denominator`, rounded down, without intermediate overflow.
pub(crate) fn mul_div_floor<B>(amount: B, numerator: u128, denominator: u128) -> Option<B>
where
	B: TryInto<u128> + TryFrom<u128>,
{
	let amount: u128 = amount.try_into().ok()?;
	let result = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
		amount,
		numerator,
		denominator,
		Rounding::Down,
	)?;
	B::try_from(result).ok()
}

fn parts(share: Perbill) -> u64 {
	u64::from(share.deconstruct())
}

/// The storage key of the benchmark-only switch behind
/// [`RoyaltyRegistration::benchmark_any_lineage`].
#[cfg(feature = "runtime-benchmarks")]
const BENCHMARK_ANY_LINEAGE: &[u8] = b":provenance:rewards:benchmark-any-lineage";

/// What registering a model would store in this pallet.
pub(crate) struct TermsPlan<T: Config> {
	pub policy: RoyaltyPolicy,
	pub terms: TermsOf<T>,
	/// Contributor snapshots not stored yet.
	pub snapshots: Vec<(H256, ContributorsOf<T>)>,
	/// The bytes all of this takes: the registrant's deposit pays for them.
	pub bytes: u32,
}

impl<T: Config> Pallet<T> {
	/// The policy `model` splits by: its stored one, or `DefaultPolicy` for a model whose
	/// registration stored none. Does not check that the model exists.
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

	/// The least share a new derivative owes a model now: the higher of its policy's
	/// `min_derivative_share` and the registry's own minimum for it.
	pub fn required_share(info: &ModelSummaryOf<T>, policy: &RoyaltyPolicy) -> Perbill {
		policy.min_derivative_share.max(info.min_derivative_share.unwrap_or_default())
	}

	/// The key of a contributor snapshot.
	pub fn snapshot_key(contributors: &ContributorsOf<T>) -> H256 {
		<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash_of(contributors)
	}

	/// The terms a model registered now with `parents` and `inputs` would get, refused if
	/// it could not be paid or would pass its parents more than `max_parent_share`.
	///
	/// - Each parent's minimum is its required share now; their sum must leave a valid
	///   policy with the default dataset share (`BelowParentMinimum`).
	/// - The policy is `DefaultPolicy` with its parent share raised to that sum if higher;
	///   with parents, it must be at most `max_parent_share` (`ParentShareAboveBound`).
	/// - The split's cost, from the parents' terms, must fit its bounds (`TooComplex`).
	pub(crate) fn plan_terms(
		parents: &[ModelId],
		inputs: &[DatasetId],
		max_parent_share: Perbill,
	) -> Result<TermsPlan<T>, DispatchError> {
		let depth = T::MaxRoyaltyDepth::get() as usize;
		let own_inputs = u32::try_from(inputs.len()).map_err(|_| Error::<T>::TooComplex)?;
		let mut costs =
			alloc::vec![SplitCost { models: 1, datasets: own_inputs }; depth.saturating_add(1)];
		let mut minimums = Vec::with_capacity(parents.len());
		let mut required = 0u64;
		for parent in parents {
			let info = T::Models::model(*parent).ok_or(Error::<T>::UnknownModel)?;
			let share = Self::required_share(&info, &Self::policy_of(*parent));
			required = required.saturating_add(parts(share));
			minimums.push(share);
			let parent_terms = Terms::<T>::get(parent).ok_or(Error::<T>::NoTerms)?;
			// With r hops left, a parent is visited with r - 1 left.
			for (left, cost) in costs.iter_mut().enumerate().skip(1) {
				let theirs = parent_terms
					.costs
					.get(left.saturating_sub(1))
					.copied()
					.ok_or(Error::<T>::NoTerms)?;
				cost.models = cost.models.saturating_add(theirs.models);
				cost.datasets = cost.datasets.saturating_add(theirs.datasets);
			}
		}
		let mut policy = T::DefaultPolicy::get();
		if required > parts(policy.parent_share) {
			let required = u32::try_from(required)
				.ok()
				.filter(|r| *r <= Perbill::one().deconstruct())
				.ok_or(Error::<T>::BelowParentMinimum)?;
			policy.parent_share = Perbill::from_parts(required);
		}
		ensure!(policy.is_valid(), Error::<T>::BelowParentMinimum);
		ensure!(
			parents.is_empty() || policy.parent_share <= max_parent_share,
			Error::<T>::ParentShareAboveBound
		);
		let full = costs.last().copied().unwrap_or_default();
		let fits =
			full.models <= T::MaxSplitModels::get() && full.datasets <= T::MaxSplitDatasets::get();
		ensure!(fits || Self::benchmarking_any_lineage(), Error::<T>::TooComplex);

		let mut snapshots: Vec<(H256, ContributorsOf<T>)> = Vec::new();
		let mut keys = Vec::with_capacity(inputs.len());
		for dataset in inputs {
			let key = match T::Datasets::payees(*dataset) {
				Some(payees) if !payees.contributors.is_empty() => {
					let list: ContributorsOf<T> = payees.contributors;
					let key = Self::snapshot_key(&list);
					if !ContributorSnapshots::<T>::contains_key(key)
						&& !snapshots.iter().any(|(k, _)| *k == key)
					{
						snapshots.push((key, list));
					}
					Some(key)
				},
				_ => None,
			};
			keys.push(key);
		}
		let terms = ModelTerms {
			parent_minimums: BoundedVec::try_from(minimums).map_err(|_| Error::<T>::TooComplex)?,
			contributors: BoundedVec::try_from(keys).map_err(|_| Error::<T>::TooComplex)?,
			costs: BoundedVec::try_from(costs).map_err(|_| Error::<T>::TooComplex)?,
		};
		let bytes = snapshots.iter().fold(
			RoyaltyPolicy::max_encoded_len().saturating_add(terms.encoded_size()),
			|sum, s| sum.saturating_add(s.encoded_size()),
		);
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		Ok(TermsPlan { policy, terms, snapshots, bytes })
	}

	/// Whether the registry's benchmarks asked for lineages of any size; never outside
	/// benchmark builds.
	fn benchmarking_any_lineage() -> bool {
		#[cfg(feature = "runtime-benchmarks")]
		{
			frame_support::storage::unhashed::get_or_default::<bool>(BENCHMARK_ANY_LINEAGE)
		}
		#[cfg(not(feature = "runtime-benchmarks"))]
		{
			false
		}
	}

	/// Refuses a payment on a model whose consent basis holds a grant revoked with
	/// `StopUse`. The basis holds every grant of the model's ancestors and derived inputs
	/// too, so this covers every model a split visits. Returns the basis size.
	fn ensure_usable(model: ModelId) -> Result<u32, SplitErrorOf<T>> {
		let basis = T::Models::consent_basis(model).unwrap_or_default();
		for grant in basis.iter() {
			if T::Consent::revoked_at(*grant).is_some()
				&& T::Consent::revocation_effect(*grant) != Some(RevocationEffect::NoNewTraining)
			{
				return Err(SplitError::ConsentWithdrawn { grant: *grant });
			}
		}
		Ok(basis.len() as u32)
	}

	/// Splits `amount` paid for `model` into credits, reading but not writing state: the
	/// one computation behind `pay_usage`, pool prizes and the runtime API's dry runs.
	///
	/// From the paid model, depth first through its parents, each model visited splits the
	/// portion `x` it receives (the whole amount for the paid model) by its policy and the
	/// terms fixed at its registration:
	///
	/// 1. Dataset pool `dataset_share * x` (if the run used any dataset): to its inputs by
	///    role weight (inputs whose role weighs 0 are skipped), and within each dataset to
	///    the contributors snapshot at registration by their shares, or to the dataset's
	///    owner if it listed none. If no input weighs anything, the pool goes to the model's
	///    owner (`NoEligibleDatasets`).
	/// 2. Parent pool `parent_share * x` (if the model has parents): if the model is
	///    `MaxRoyaltyDepth` hops from the paid model, to its owner (`DepthLimit`); otherwise
	///    each parent gets the minimum fixed at registration, times `x`, and what is left of
	///    the pool is split equally among all parents. Each parent splits what it got the
	///    same way.
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
		let basis = Self::ensure_usable(model)?;
		let root_terms = Terms::<T>::get(model).ok_or(SplitError::NoTerms(model))?;
		let root_owner = root.owner.clone();

		let mut book = CreditBook::<T>::new();
		let mut dust = BalanceOf::<T>::zero();
		let (mut models, mut datasets) = (1u32, 0u32);
		let mut stack = Vec::from([Visit::<T> {
			id: model,
			info: root,
			terms: root_terms,
			policy: Self::policy_of(model),
			portion: amount,
			depth: 0,
		}]);
		while let Some(Visit { id, info, terms, policy, portion, depth }) = stack.pop() {
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

			// The datasets: by role weight, then the snapshot contributors by share.
			let mut eligible = Vec::new();
			let mut total_weight = 0u64;
			for (at, input) in info.inputs.iter().enumerate() {
				let weight = Self::role_weight(input.role);
				if weight == 0 {
					continue;
				}
				let snapshot = terms.contributors.get(at).copied().flatten();
				let payees = match snapshot.and_then(ContributorSnapshots::<T>::get) {
					Some(list) => Payees::<T>::Contributors(list),
					None => match T::Datasets::payees(input.dataset) {
						Some(payees) => Payees::Owner(payees.owner),
						None => continue,
					},
				};
				total_weight = total_weight.saturating_add(weight);
				eligible.push((input.dataset, weight, payees));
			}
			if total_weight == 0 {
				book.add(&info.owner, dataset_pool, id, CreditReason::NoEligibleDatasets)?;
			} else {
				let mut paid = BalanceOf::<T>::zero();
				for (dataset, weight, payees) in eligible {
					let part =
						mul_div_floor(dataset_pool, u128::from(weight), u128::from(total_weight))
							.ok_or(SplitError::Overflow)?;
					paid = paid.checked_add(&part).ok_or(SplitError::Overflow)?;
					let contributors = match payees {
						Payees::Owner(owner) => {
							book.add(&owner, part, id, CreditReason::DatasetOwner { dataset })?;
							continue;
						},
						Payees::Contributors(list) => list,
					};
					let mut given = BalanceOf::<T>::zero();
					for (contributor, share) in &contributors {
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

			// The parents: each its fixed minimum, the rest equally; or kept at the depth limit.
			if info.parents.is_empty() {
				continue;
			}
			if depth >= T::MaxRoyaltyDepth::get() {
				book.add(&info.owner, parent_pool, id, CreditReason::DepthLimit)?;
				continue;
			}
			let mut parents = Vec::with_capacity(info.parents.len());
			for (at, parent) in info.parents.iter().enumerate() {
				models = models.saturating_add(1);
				ensure!(models <= max_models, too_complex.clone());
				let parent_info =
					T::Models::model(*parent).ok_or(SplitError::UnknownModel(*parent))?;
				let parent_terms = Terms::<T>::get(parent).ok_or(SplitError::NoTerms(*parent))?;
				let minimum = terms.parent_minimums.get(at).copied().unwrap_or_default();
				parents.push((*parent, parent_info, parent_terms, minimum));
			}
			let minimums: Vec<Perbill> = parents.iter().map(|(_, _, _, m)| *m).collect();
			let (allotments, left) =
				Self::allot_to_parents(portion, parent_pool, policy.parent_share, &minimums)?;
			dust = dust.checked_add(&left).ok_or(SplitError::Overflow)?;
			let next_depth = depth.saturating_add(1);
			// Pushed in reverse, so that the parents are walked in the order the run names them.
			for ((parent, parent_info, parent_terms, _), portion) in
				parents.into_iter().zip(allotments).rev()
			{
				stack.push(Visit {
					id: parent,
					info: parent_info,
					terms: parent_terms,
					policy: Self::policy_of(parent),
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
		Ok(Split { credits: book.credits, models, datasets, basis })
	}

	/// Divides a model's parent pool `pool` (its `parent_share` of `portion`) among parents
	/// owed `minimums` each: every parent its minimum of `portion`, then what is left
	/// equally. The minimums fit the parent share (fixed at registration, and shares only
	/// rise); should they not, they are scaled down pro rata. Returns each parent's
	/// allotment and the rounding remainder.
	fn allot_to_parents(
		portion: BalanceOf<T>,
		pool: BalanceOf<T>,
		parent_share: Perbill,
		minimums: &[Perbill],
	) -> Result<(Vec<BalanceOf<T>>, BalanceOf<T>), SplitErrorOf<T>> {
		let total = minimums.iter().fold(0u64, |sum, r| sum.saturating_add(parts(*r)));
		let guaranteed = minimums
			.iter()
			.map(|r| {
				if total <= parts(parent_share) {
					Some(r.mul_floor(portion))
				} else {
					mul_div_floor(pool, u128::from(parts(*r)), u128::from(total))
				}
			})
			.collect::<Option<Vec<_>>>()
			.ok_or(SplitError::Overflow)?;
		let given = guaranteed
			.iter()
			.try_fold(BalanceOf::<T>::zero(), |sum, g| sum.checked_add(g))
			.ok_or(SplitError::Overflow)?;
		let rest = pool.checked_sub(&given).ok_or(SplitError::Overflow)?;
		let count = u128::try_from(minimums.len()).map_err(|_| SplitError::Overflow)?;
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

	pub(crate) fn split_error(e: SplitErrorOf<T>) -> DispatchError {
		match e {
			SplitError::BelowMinimum { .. } => Error::<T>::BelowMinimumPayment,
			SplitError::UnknownModel(_) => Error::<T>::UnknownModel,
			SplitError::TooComplex { .. } => Error::<T>::TooComplex,
			SplitError::Overflow => Error::<T>::Overflow,
			SplitError::ConsentWithdrawn { .. } => Error::<T>::ConsentWithdrawn,
			SplitError::NoTerms(_) => Error::<T>::NoTerms,
		}
		.into()
	}
}

/// The registry's hook: a new model's terms are fixed, or its registration refused.
impl<T: Config> RoyaltyRegistration for Pallet<T> {
	fn ensure_may_derive(
		parents: &[ModelId],
		inputs: &[DatasetId],
		max_parent_share: Perbill,
	) -> Result<u32, DispatchError> {
		Self::plan_terms(parents, inputs, max_parent_share).map(|plan| plan.bytes)
	}

	fn on_model_registered(
		model: ModelId,
		parents: &[ModelId],
		inputs: &[DatasetId],
	) -> DispatchResult {
		// The bound was checked by `ensure_may_derive` in the same registration.
		let TermsPlan { policy, terms, snapshots, .. } =
			Self::plan_terms(parents, inputs, Perbill::one())?;
		for (key, list) in snapshots {
			ContributorSnapshots::<T>::insert(key, list);
		}
		let parent_minimums = terms.parent_minimums.to_vec();
		Policies::<T>::insert(model, policy);
		Terms::<T>::insert(model, terms);
		Self::deposit_event(Event::RoyaltyTermsFixed { model, policy, parent_minimums });
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_any_lineage() {
		frame_support::storage::unhashed::put(BENCHMARK_ANY_LINEAGE, &true);
	}

	fn max_record_bytes() -> u32 {
		let snapshot =
			H256::max_encoded_len().saturating_add(ContributorsOf::<T>::max_encoded_len());
		let bytes = RoyaltyPolicy::max_encoded_len()
			.saturating_add(TermsOf::<T>::max_encoded_len())
			.saturating_add(snapshot.saturating_mul(MaxInputsOf::<T>::get() as usize));
		u32::try_from(bytes).unwrap_or(u32::MAX)
	}
}
