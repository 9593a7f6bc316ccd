//! The runtime API's queries. Each reads a bounded amount of state.

use super::*;
use provenance_primitives::{check_page_size, Page, QueryError};

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
		// `model`, not `model_exists` (`contains_key`): a light client verifying this call
		// needs the record itself in the call proof (see the lineage pallet's queries).
		T::Models::model(model).is_some().then(|| Self::policy_of(model))
	}

	/// The parents' minimums fixed at `model`'s registration, in the run's order, or
	/// `None` if it has no terms.
	pub fn parent_minimums(model: ModelId) -> Option<Vec<Perbill>> {
		Terms::<T>::get(model).map(|terms| terms.parent_minimums.into_inner())
	}

	/// Who would be credited what if `amount` were paid for `model` now: the credits
	/// `pay_usage` would make, in the order it would make them (entry fees aside).
	pub fn breakdown(
		model: ModelId,
		amount: BalanceOf<T>,
	) -> Result<Vec<CreditOf<T>>, SplitErrorOf<T>> {
		Self::split(model, amount).map(|split| split.credits)
	}

	/// What `who` has earned, per source, ever: at most `limit` sources after
	/// `start_after`, in storage order. `next` is the cursor for the following page.
	pub fn earnings(
		who: &T::AccountId,
		start_after: Option<Source>,
		limit: u32,
	) -> Result<Page<(Source, BalanceOf<T>), Source>, QueryError> {
		let limit = check_page_size(limit)? as usize;
		let iter = match start_after {
			Some(after) => {
				Earnings::<T>::iter_prefix_from(who, Earnings::<T>::hashed_key_for(who, after))
			},
			None => Earnings::<T>::iter_prefix(who),
		};
		// One more than the page, to know whether another follows.
		let mut items: Vec<(Source, BalanceOf<T>)> = iter.take(limit.saturating_add(1)).collect();
		let next = if items.len() > limit {
			items.truncate(limit);
			items.last().map(|(source, _)| *source)
		} else {
			None
		};
		Ok(Page { items, next })
	}

	/// A pool, or `None` if no open or settling pool has this id.
	pub fn pool(id: PoolId) -> Option<PoolInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Pools::<T>::get(id).map(|pool| PoolInfo {
			sponsor: pool.sponsor,
			benchmark: pool.benchmark,
			metric: pool.metric.into_inner(),
			higher_is_better: pool.higher_is_better,
			baseline: pool.baseline,
			closes_at: pool.closes_at,
			amount: pool.amount,
			deposit: pool.deposit,
			state: pool.state,
			entries: PoolEntries::<T>::decode_len(id).unwrap_or(0) as u32,
		})
	}

	/// Every scored model of a pool not paid yet, in entry order, with the prize it would
	/// win if the pool were settled with the scores as they stand. At most
	/// `MaxPoolEntries`.
	pub fn pool_standings(id: PoolId) -> Option<Vec<Standing<BalanceOf<T>>>> {
		let pool = Pools::<T>::get(id)?;
		let (scored, total) = Self::scored(id, &pool);
		Some(
			scored
				.into_iter()
				.map(|s| Standing {
					model: s.model,
					score: s.score,
					evaluations: s.evaluations,
					weight: s.weight,
					prize: Self::prize(pool.amount, s.weight, total),
				})
				.collect(),
		)
	}

	/// A dry run of settling the rest of a pool now, in one go: each unpaid entry's prize
	/// and what paying it would credit, or why it would be forfeited, and what would return
	/// to the sponsor. At most `MaxPoolEntries` splits.
	pub fn pool_payout(id: PoolId) -> Option<PoolPayout<T::AccountId, BalanceOf<T>>> {
		use frame_support::storage::{with_transaction, TransactionOutcome};
		let pool = Pools::<T>::get(id)?;
		let (scored, total) = Self::scored(id, &pool);
		let spent = match pool.state {
			PoolState::Open => Zero::zero(),
			PoolState::Settling { spent, .. } => spent,
		};
		// Each prize's entry fees depend on the entries the prizes before it create: credit
		// them as settlement would, then roll everything back.
		let payout = with_transaction(|| {
			let mut used: BalanceOf<T> = spent;
			let mut prizes = Vec::new();
			for s in scored {
				let prize = Self::prize(pool.amount, s.weight, total);
				if prize.is_zero() {
					continue;
				}
				let (outcome, _) = Self::plan_prize(s.model, prize);
				if let PrizeOutcome::Paid(quote) = &outcome {
					used = used.saturating_add(quote.charged);
					if let Err(e) = Self::apply(s.model, quote) {
						return TransactionOutcome::Rollback(Err(e));
					}
				}
				prizes.push(PrizePayout { model: s.model, prize, outcome });
			}
			let returned = pool.amount.saturating_sub(used);
			TransactionOutcome::Rollback(Ok(PoolPayout { prizes, returned }))
		});
		payout.ok()
	}
}
