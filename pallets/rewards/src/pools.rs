//! Performance-weighted reward pools: open, score, settle in batches.
//!
//! The rule: a model's score is the mean of its evaluators' scores, rounded down; its
//! weight is how far the score is beyond the pool's baseline in the better direction (0 if
//! not beyond); its prize is `amount * weight / total weight`, rounded down. Equal scores
//! win equal prizes. Each prize is paid up the model's lineage like a usage fee, its entry
//! fees taken from it. Whatever is not paid returns to the sponsor.

use super::*;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// What `open_pool` takes.
pub struct PoolSpec<T: Config> {
	pub benchmark: DatasetId,
	pub metric: BoundedVec<u8, T::MaxMetricLen>,
	pub higher_is_better: bool,
	pub baseline: i64,
	pub closes_at: BlockNumberFor<T>,
	pub amount: BalanceOf<T>,
}

/// What one `settle_pool` call did: the weight's components.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Settled {
	/// Entries with a prize, paid or forfeited.
	pub prizes: u32,
	/// Entries without a prize, passed over.
	pub skipped: u32,
	/// Splits computed for the prizes (one or two each).
	pub splits: u32,
}

/// A scored model: its mean score, how many evaluators scored it, and its weight.
pub(crate) struct Scored {
	pub model: ModelId,
	pub score: i64,
	pub evaluations: u32,
	pub weight: u128,
}

impl<T: Config> Pallet<T> {
	/// The mean of `scores`, rounded down (toward negative infinity).
	pub(crate) fn mean(scores: &ScoresOf<T>) -> i64 {
		let count = i128::try_from(scores.len()).unwrap_or(i128::MAX).max(1);
		let sum = scores.iter().fold(0i128, |sum, (_, s)| sum.saturating_add(i128::from(*s)));
		// Between the least and the largest score, so it fits an i64.
		i64::try_from(sum.div_euclid(count)).unwrap_or(if sum < 0 { i64::MIN } else { i64::MAX })
	}

	/// How far `score` is beyond `baseline` in the better direction, or 0.
	pub(crate) fn score_weight(score: i64, baseline: i64, higher_is_better: bool) -> u128 {
		let (score, baseline) = (i128::from(score), i128::from(baseline));
		let beyond = if higher_is_better {
			score.saturating_sub(baseline)
		} else {
			baseline.saturating_sub(score)
		};
		u128::try_from(beyond).unwrap_or(0)
	}

	/// The scores of `model` that still count: by evaluators still accredited that do not
	/// own the model now. An evaluator removed by governance, or one that acquired the
	/// model after scoring it, is not counted.
	pub(crate) fn valid_scores(id: PoolId, model: ModelId) -> ScoresOf<T> {
		let mut scores = PoolScores::<T>::get(id, model);
		let owner = T::Models::model_owner(model);
		scores.retain(|(evaluator, _)| {
			Some(evaluator) != owner.as_ref() && T::Models::is_accredited_evaluator(evaluator)
		});
		scores
	}

	/// A model's standing from its valid scores: the mean (0 with none) and the weight (0
	/// with none).
	pub(crate) fn standing_of(pool: &PoolOf<T>, scores: &ScoresOf<T>) -> (i64, u128) {
		if scores.is_empty() {
			return (0, 0);
		}
		let score = Self::mean(scores);
		(score, Self::score_weight(score, pool.baseline, pool.higher_is_better))
	}

	/// Every entry of `pool` not paid yet with its score and weight, in entry order, and the
	/// total weight (of all entries: fixed when settlement starts).
	pub(crate) fn scored(id: PoolId, pool: &PoolOf<T>) -> (Vec<Scored>, u128) {
		let mut total = 0u128;
		let paid = match pool.state {
			PoolState::Open => 0,
			PoolState::Settling { next, .. } => next as usize,
		};
		let scored: Vec<Scored> = PoolEntries::<T>::get(id)
			.into_iter()
			.skip(paid)
			.map(|model| {
				let scores = Self::valid_scores(id, model);
				let (score, weight) = Self::standing_of(pool, &scores);
				total = total.saturating_add(weight);
				Scored { model, score, evaluations: scores.len() as u32, weight }
			})
			.collect();
		if let PoolState::Settling { total_weight, .. } = pool.state {
			total = total_weight;
		}
		(scored, total)
	}

	/// A prize: `amount * weight / total`, rounded down; nothing if no weight.
	pub(crate) fn prize(amount: BalanceOf<T>, weight: u128, total: u128) -> BalanceOf<T> {
		if total == 0 {
			return Zero::zero();
		}
		mul_div_floor_u128::<T>(amount, weight, total)
	}

	/// What paying `prize` up `model`'s lineage would do: the entry fees come out of the
	/// prize. The fees of the prize's own split are set aside, the rest is split, and only
	/// the entries that split creates are charged; the remainder returns to the sponsor.
	/// Returns the outcome and how many splits it took (one or two), for the weight.
	pub(crate) fn plan_prize(
		model: ModelId,
		prize: BalanceOf<T>,
	) -> (PrizeOutcome<T::AccountId, BalanceOf<T>>, u32) {
		let mut splits = 1u32;
		let mut plan = || -> Result<QuoteOf<T>, SplitErrorOf<T>> {
			let first = Self::split(model, prize)?;
			let (_, reserved) = Self::entry_fees(&first.credits)?;
			let net = prize.checked_sub(&reserved).ok_or(SplitError::BelowMinimum {
				minimum: T::MinPayment::get().saturating_add(reserved),
			})?;
			splits = 2;
			let (quote, _) = Self::quote_with_split(model, net).map_err(|e| match e {
				SplitError::BelowMinimum { minimum } => {
					SplitError::BelowMinimum { minimum: minimum.saturating_add(reserved) }
				},
				other => other,
			})?;
			// Smaller amounts create no more entries, rounding aside; never charge beyond it.
			ensure!(quote.charged <= prize, SplitError::Overflow);
			Ok(quote)
		};
		let outcome = match plan() {
			Ok(quote) => PrizeOutcome::Paid(quote),
			Err(reason) => PrizeOutcome::Forfeited(reason),
		};
		(outcome, splits)
	}

	/// Opens a pool for `sponsor`; returns its id. See [`Pallet::open_pool`].
	pub fn do_open_pool(sponsor: T::AccountId, spec: PoolSpec<T>) -> Result<PoolId, DispatchError> {
		let PoolSpec { benchmark, metric, higher_is_better, baseline, closes_at, amount } = spec;
		frame_support::storage::with_storage_layer(|| {
			ensure!(T::Datasets::payees(benchmark).is_some(), Error::<T>::UnknownDataset);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				closes_at > now && closes_at <= now.saturating_add(T::MaxPoolDuration::get()),
				Error::<T>::InvalidClosingBlock
			);
			ensure!(amount >= T::MinPayment::get(), Error::<T>::BelowMinimumPayment);
			let id = NextPoolId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::NoPoolIdsLeft)?;
			Self::endow_pot(&sponsor)?;
			let deposit = T::PoolDeposit::get();
			for (reason, held) in
				[(HoldReason::PoolPrize, amount), (HoldReason::PoolDeposit, deposit)]
			{
				if !held.is_zero() {
					T::Currency::hold(&reason.into(), &sponsor, held)
						.map_err(|_| Error::<T>::InsufficientFunds)?;
				}
			}
			Pools::<T>::insert(
				id,
				Pool {
					sponsor: sponsor.clone(),
					benchmark,
					metric,
					higher_is_better,
					baseline,
					closes_at,
					amount,
					deposit,
					state: PoolState::Open,
				},
			);
			NextPoolId::<T>::put(next);
			Self::deposit_event(Event::PoolOpened {
				pool: id,
				sponsor,
				benchmark,
				amount,
				closes_at,
			});
			Ok(id)
		})
	}

	/// The hash a pool score's consent use is logged with.
	pub fn score_job_hash(pool: PoolId, model: ModelId) -> H256 {
		BlakeTwo256::hash_of(&(b"prv/pool", pool, model))
	}

	/// Records `evaluator`'s score. See [`Pallet::submit_score`].
	pub fn do_submit_score(
		evaluator: T::AccountId,
		id: PoolId,
		model: ModelId,
		score: i64,
		grant: GrantId,
	) -> DispatchResult {
		frame_support::storage::with_storage_layer(|| {
			let pool = Pools::<T>::get(id).ok_or(Error::<T>::UnknownPool)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(pool.state == PoolState::Open && now < pool.closes_at, Error::<T>::PoolClosed);
			ensure!(T::Models::is_accredited_evaluator(&evaluator), Error::<T>::NotAccredited);
			let owner = T::Models::model_owner(model).ok_or(Error::<T>::UnknownModel)?;
			ensure!(owner != evaluator, Error::<T>::OwnModel);
			let (first, rescore) = PoolScores::<T>::try_mutate(id, model, |scores| {
				let first = scores.is_empty();
				let rescore = match scores.iter_mut().find(|(who, _)| *who == evaluator) {
					Some((_, earlier)) => {
						*earlier = score;
						true
					},
					None => {
						scores
							.try_push((evaluator.clone(), score))
							.map_err(|_| Error::<T>::TooManyScores)?;
						false
					},
				};
				Ok::<_, DispatchError>((first, rescore))
			})?;
			if first {
				PoolEntries::<T>::try_mutate(id, |entries| entries.try_push(model))
					.map_err(|_| Error::<T>::TooManyEntries)?;
			}
			// One use of the grant per evaluation of a model in a pool: a corrected score
			// writes no new access record.
			if !rescore {
				let job = Self::score_job_hash(id, model);
				T::Consent::consume(grant, pool.benchmark, &evaluator, Purpose::Evaluation, job)?;
			}
			Self::deposit_event(Event::ScoreSubmitted { pool: id, model, evaluator, score });
			Ok(())
		})
	}

	/// Pays up to `max_entries` more prizes of a closed pool. See [`Pallet::settle_pool`].
	///
	/// Entries without a prize are passed over without counting towards `max_entries`:
	/// they cost a few reads each, so that a pool full of losers settles in few calls.
	pub fn do_settle_pool(id: PoolId, max_entries: u32) -> Result<Settled, DispatchError> {
		ensure!(max_entries > 0, Error::<T>::InvalidBatch);
		// More than a block can take is clamped, not refused: callers need not know the bound.
		let max_entries = max_entries.min(T::MaxSettleBatch::get());
		frame_support::storage::with_storage_layer(|| {
			let mut pool = Pools::<T>::get(id).ok_or(Error::<T>::UnknownPool)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= pool.closes_at, Error::<T>::PoolOpen);
			let entries = PoolEntries::<T>::get(id);
			let (total_weight, next, mut spent) = match pool.state {
				PoolState::Open => (Self::scored(id, &pool).1, 0u32, BalanceOf::<T>::zero()),
				PoolState::Settling { total_weight, next, spent } => (total_weight, next, spent),
			};
			let mut done = Settled::default();
			let pot = Self::account_id();
			let mut at = next;
			while done.prizes < max_entries {
				let Some(model) = entries.get(at as usize).copied() else { break };
				at = at.saturating_add(1);
				let (_, weight) = Self::standing_of(&pool, &Self::valid_scores(id, model));
				let prize = Self::prize(pool.amount, weight, total_weight);
				// Paid entries' scores go as they are paid, so that finishing is O(1).
				PoolScores::<T>::remove(id, model);
				if prize.is_zero() {
					done.skipped = done.skipped.saturating_add(1);
					continue;
				}
				done.prizes = done.prizes.saturating_add(1);
				let (outcome, splits) = Self::plan_prize(model, prize);
				done.splits = done.splits.saturating_add(splits);
				match outcome {
					PrizeOutcome::Paid(quote) => {
						// The funds are committed to the pool: no freeze may keep them back.
						T::Currency::transfer_on_hold(
							&HoldReason::PoolPrize.into(),
							&pool.sponsor,
							&pot,
							quote.charged,
							Precision::Exact,
							Restriction::Free,
							Fortitude::Force,
						)?;
						spent = spent.checked_add(&quote.charged).ok_or(Error::<T>::Overflow)?;
						Self::deposit_event(Event::PrizePaid {
							pool: id,
							model,
							prize,
							charged: quote.charged,
						});
						Self::apply(model, &quote)?;
					},
					PrizeOutcome::Forfeited(reason) => {
						Self::deposit_event(Event::PrizeForfeited {
							pool: id,
							model,
							prize,
							reason,
						});
					},
				}
			}
			if (at as usize) < entries.len() {
				pool.state = PoolState::Settling { total_weight, next: at, spent };
				Pools::<T>::insert(id, pool);
				return Ok(done);
			}
			let returned = pool.amount.checked_sub(&spent).ok_or(Error::<T>::Overflow)?;
			for (reason, held) in
				[(HoldReason::PoolPrize, returned), (HoldReason::PoolDeposit, pool.deposit)]
			{
				if !held.is_zero() {
					T::Currency::release(&reason.into(), &pool.sponsor, held, Precision::Exact)?;
				}
			}
			PoolEntries::<T>::remove(id);
			Pools::<T>::remove(id);
			Self::deposit_event(Event::PoolSettled { pool: id, paid: spent, returned });
			Ok(done)
		})
	}
}

/// `amount * numerator / denominator`, rounded down; 0 if it does not fit (it always does
/// for `numerator <= denominator`).
fn mul_div_floor_u128<T: Config>(
	amount: BalanceOf<T>,
	numerator: u128,
	denominator: u128,
) -> BalanceOf<T> {
	crate::split::mul_div_floor(amount, numerator, denominator).unwrap_or_default()
}
