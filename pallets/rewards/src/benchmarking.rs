//! Benchmarks for every call, each at the worst case the bounds allow.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_system::RawOrigin;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn max_parents<T: Config>() -> u32 {
	<T::Models as ModelInspect<T::AccountId>>::MaxParents::get()
}

fn max_inputs<T: Config>() -> u32 {
	<T::Models as ModelInspect<T::AccountId>>::MaxInputs::get()
}

fn max_contributors<T: Config>() -> u32 {
	<T::Datasets as ContributorsInspect<T::AccountId>>::MaxContributors::get()
}

/// A policy passing something to parents and datasets alike, with a minimum for
/// derivatives, so that every branch of the split is taken.
fn busy_policy() -> RoyaltyPolicy {
	RoyaltyPolicy {
		parent_share: Perbill::from_percent(40),
		dataset_share: Perbill::from_percent(30),
		min_derivative_share: Perbill::from_percent(5),
	}
}

/// `count` fresh accounts with shares adding up to 100%, for dataset `n`.
fn contributors<T: Config>(n: u32, count: u32) -> Vec<(T::AccountId, Perbill)> {
	let count = count.max(1);
	let billion = Perbill::one().deconstruct();
	let each = billion.checked_div(count).unwrap_or(billion);
	(0..count)
		.map(|i| {
			let share = if i == 0 {
				billion.saturating_sub(each.saturating_mul(count.saturating_sub(1)))
			} else {
				each
			};
			(account("contributor", n, i), Perbill::from_parts(share))
		})
		.collect()
}

/// A lineage for the paid model to reach `m` model visits and about `d` dataset visits: a
/// spider of `m` distinct models, the paid model in the middle and its parents the heads of
/// legs, each leg a chain of up to `MaxRoyaltyDepth` models (so the fewest leaves). Every
/// model has its own owner, every input dataset `per_dataset` contributors of its own, so
/// that every credit is to a new account. Each leg's last model needs an input (the
/// registry refuses a model with neither parents nor inputs); the rest of the `d` inputs go
/// to the paid model first, then along the legs, up to `MaxInputs` each. Returns the paid
/// model and the dataset visits its split makes.
fn lineage<T: Config>(m: u32, d: u32, per_dataset: u32) -> Result<(ModelId, u32), BenchmarkError> {
	let depth = T::MaxRoyaltyDepth::get().max(1);
	let others = m.saturating_sub(1);
	let legs: Vec<u32> = (0..others.div_ceil(depth))
		.map(|l| others.saturating_sub(l.saturating_mul(depth)).min(depth))
		.collect();
	if legs.len() > max_parents::<T>() as usize {
		return Err(BenchmarkError::Stop("m too large for MaxParents and MaxRoyaltyDepth"));
	}
	// Inputs per model, in visiting order: the paid model, then each leg from its head.
	let mut inputs = vec![u32::from(legs.is_empty())];
	for len in &legs {
		inputs.extend((1..=*len).map(|at| u32::from(at == *len)));
	}
	let mut left = d.saturating_sub(inputs.iter().sum());
	for slot in inputs.iter_mut() {
		let room = max_inputs::<T>().saturating_sub(*slot).min(left);
		*slot = slot.saturating_add(room);
		left = left.saturating_sub(room);
	}
	let dataset_visits = inputs.iter().sum();

	let mut dataset_index = 0u32;
	let mut register = |node: u32, parents: Vec<ModelId>| -> Result<ModelId, BenchmarkError> {
		let owner: T::AccountId = account("owner", node, 0);
		let count = inputs.get(node as usize).copied().unwrap_or(0);
		let (id, datasets) = T::Models::benchmark_model(&owner, &parents, count)
			.map_err(|_| BenchmarkError::Stop("registering a model failed"))?;
		// Contributors as if listed before the model registered: in its terms' snapshots.
		let mut keys = Vec::new();
		for _ in datasets {
			let list: ContributorsOf<T> =
				BoundedVec::try_from(contributors::<T>(dataset_index, per_dataset))
					.map_err(|_| BenchmarkError::Stop("too many contributors"))?;
			let key = Pallet::<T>::snapshot_key(&list);
			ContributorSnapshots::<T>::insert(key, list);
			keys.push(Some(key));
			dataset_index = dataset_index.saturating_add(1);
		}
		Terms::<T>::try_mutate(id, |terms| -> Result<(), BenchmarkError> {
			let terms = terms.as_mut().ok_or(BenchmarkError::Stop("no terms"))?;
			terms.contributors =
				BoundedVec::try_from(keys).map_err(|_| BenchmarkError::Stop("too many inputs"))?;
			Ok(())
		})?;
		Policies::<T>::insert(id, busy_policy());
		Ok(id)
	};
	// Each leg from its last model to its head, so that parents exist before derivatives.
	let mut heads = Vec::new();
	let mut first = 1u32;
	for len in &legs {
		let mut parent = None;
		for node in (first..first.saturating_add(*len)).rev() {
			parent = Some(register(node, parent.into_iter().collect())?);
		}
		heads.extend(parent);
		first = first.saturating_add(*len);
	}
	let root = register(0, heads)?;
	Ok((root, dataset_visits))
}

/// The most models a spider within `MaxParents` legs of `MaxRoyaltyDepth` holds, capped at
/// `MaxSplitModels`.
fn reachable_models<T: Config>() -> u32 {
	max_parents::<T>()
		.saturating_mul(T::MaxRoyaltyDepth::get().max(1))
		.saturating_add(1)
		.min(T::MaxSplitModels::get())
}

/// A payer with twice what it pays, and the pallet account endowed.
fn payer<T: Config>() -> (T::AccountId, BalanceOf<T>) {
	let payer: T::AccountId = account("payer", 0, 0);
	let minimum = T::Currency::minimum_balance();
	let amount = T::MinPayment::get().max(minimum).saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&payer, amount.saturating_mul(2u32.into()));
	T::Currency::set_balance(&Pallet::<T>::account_id(), minimum);
	(payer, amount)
}

/// An account with plenty of funds.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let plenty =
		prize_amount::<T>().saturating_mul(1_000u32.into()).saturating_add(T::PoolDeposit::get());
	T::Currency::set_balance(&who, plenty);
	T::Currency::set_balance(&Pallet::<T>::account_id(), T::Currency::minimum_balance());
	who
}

/// A pool amount large enough to pay every entry's lineage and fees.
fn prize_amount<T: Config>() -> BalanceOf<T> {
	T::MinPayment::get().max(T::Currency::minimum_balance()).saturating_mul(1_000_000u32.into())
}

/// Opens a pool on `benchmark`, closing ten blocks on.
fn open_benchmark_pool<T: Config>(
	sponsor: &T::AccountId,
	benchmark: DatasetId,
) -> Result<PoolId, BenchmarkError> {
	let closes_at = frame_system::Pallet::<T>::block_number().saturating_add(10u32.into());
	Pallet::<T>::do_open_pool(
		sponsor.clone(),
		PoolSpec {
			benchmark,
			metric: BoundedVec::default(),
			higher_is_better: true,
			baseline: 0,
			closes_at,
			amount: prize_amount::<T>(),
		},
	)
	.map_err(|_| BenchmarkError::Stop("opening the pool failed"))
}

/// Fills `pool` with `entries` models of one input each, each scored by `scores`
/// evaluators (at least one).
fn fill_pool<T: Config>(pool: PoolId, entries: u32, scores: u32) -> Result<(), BenchmarkError> {
	let mut models = Vec::new();
	for i in 0..entries {
		let owner: T::AccountId = account("entry-owner", i, 0);
		let (model, _) = T::Models::benchmark_model(&owner, &[], 1)
			.map_err(|_| BenchmarkError::Stop("registering an entry failed"))?;
		let list: Vec<(T::AccountId, i64)> = (0..scores.max(1))
			.map(|j| {
				let evaluator: T::AccountId = account("entry-evaluator", j, 0);
				// Accredited, so that every score counts at settlement.
				T::Models::benchmark_accredit(&evaluator);
				(evaluator, i64::from(i).saturating_add(10))
			})
			.collect();
		PoolScores::<T>::insert(
			pool,
			model,
			ScoresOf::<T>::try_from(list).map_err(|_| BenchmarkError::Stop("scores"))?,
		);
		models.push(model);
	}
	PoolEntries::<T>::insert(
		pool,
		BoundedVec::try_from(models).map_err(|_| BenchmarkError::Stop("entries"))?,
	);
	Ok(())
}

/// Moves to `pool`'s closing block.
fn close<T: Config>(pool: PoolId) {
	if let Some(p) = Pools::<T>::get(pool) {
		frame_system::Pallet::<T>::set_block_number(p.closes_at);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A model whose owner raises its policy.
	#[benchmark]
	fn set_royalty_policy() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = account("caller", 0, 0);
		let (model, _) = T::Models::benchmark_model(&caller, &[], 1)
			.map_err(|_| BenchmarkError::Stop("registering the model failed"))?;
		let current = Pallet::<T>::policy_of(model);
		let policy = RoyaltyPolicy {
			parent_share: current.parent_share.max(Perbill::from_percent(60)),
			dataset_share: current.dataset_share,
			min_derivative_share: current.min_derivative_share.max(Perbill::from_percent(10)),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), model, policy);

		assert_eq!(Policies::<T>::get(model), Some(policy));
		assert_last_event::<T>(Event::RoyaltyPolicySet { model, policy });
		Ok(())
	}

	/// `m` model visits and `d` dataset visits, every dataset with one contributor and
	/// every credit to a new account; the pallet account already endowed. Contributors
	/// beyond one per dataset are `pay_usage_credits`.
	#[benchmark]
	fn pay_usage(
		m: Linear<1, { reachable_models::<T>() }>,
		d: Linear<1, { T::MaxSplitDatasets::get() }>,
	) -> Result<(), BenchmarkError> {
		let (model, dataset_visits) = lineage::<T>(m, d, 1)?;
		if dataset_visits > T::MaxSplitDatasets::get() {
			// The legs alone need more inputs than a split may visit: not a reachable case.
			return Err(BenchmarkError::Skip);
		}
		let (payer, amount) = payer::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), model, amount);

		assert!(TotalClaimable::<T>::get() > amount, "entry fees were charged");
		assert!(Claimable::<T>::iter().count() as u32 >= m.saturating_add(dataset_visits));
		Ok(())
	}

	/// One model with one input whose dataset has `c` contributors, every one a new
	/// account: what each credit beyond one per dataset visit costs.
	#[benchmark]
	fn pay_usage_credits(c: Linear<1, { max_contributors::<T>() }>) -> Result<(), BenchmarkError> {
		let (model, _) = lineage::<T>(1, 1, c)?;
		let (payer, amount) = payer::<T>();

		#[extrinsic_call]
		pay_usage(RawOrigin::Signed(payer), model, amount);

		// The owner, every contributor and the pallet account.
		assert!(Claimable::<T>::iter().count() as u32 >= c.saturating_add(1));
		Ok(())
	}

	/// A first claim by an account that does not exist yet.
	#[benchmark]
	fn claim_rewards() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = account("claimer", 0, 0);
		let minimum = T::Currency::minimum_balance();
		let amount = T::MinPayment::get().max(minimum).saturating_mul(10u32.into());
		T::Currency::set_balance(&Pallet::<T>::account_id(), minimum.saturating_add(amount));
		Claimable::<T>::insert(&caller, amount);
		TotalClaimable::<T>::put(amount);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert_eq!(T::Currency::balance(&caller), amount);
		assert_last_event::<T>(Event::RewardsClaimed { who: caller, amount });
		Ok(())
	}

	/// A sponsor opening a pool on an existing dataset.
	#[benchmark]
	fn open_pool() -> Result<(), BenchmarkError> {
		let sponsor = funded::<T>("sponsor");
		let (benchmark, _) = T::Consent::benchmark_grant(&sponsor, &sponsor)
			.map_err(|_| BenchmarkError::Stop("registering the benchmark failed"))?;
		let metric = BoundedVec::try_from(vec![b'm'; T::MaxMetricLen::get() as usize])
			.map_err(|_| BenchmarkError::Stop("metric"))?;
		let closes_at = frame_system::Pallet::<T>::block_number().saturating_add(10u32.into());
		let amount = prize_amount::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(sponsor.clone()), benchmark, metric, true, 0, closes_at, amount);

		assert_last_event::<T>(Event::PoolOpened {
			pool: 0,
			sponsor,
			benchmark,
			amount,
			closes_at,
		});
		Ok(())
	}

	/// An accredited evaluator's first score of a model not scored yet: the pool's last
	/// entry, with the evaluation grant consumed.
	#[benchmark]
	fn submit_score() -> Result<(), BenchmarkError> {
		let sponsor = funded::<T>("sponsor");
		let evaluator = funded::<T>("evaluator");
		T::Models::benchmark_accredit(&evaluator);
		let (benchmark, grant) = T::Consent::benchmark_grant(&sponsor, &evaluator)
			.map_err(|_| BenchmarkError::Stop("registering the benchmark failed"))?;
		let pool = open_benchmark_pool::<T>(&sponsor, benchmark)?;
		let owner: T::AccountId = account("model-owner", 0, 0);
		let (model, _) = T::Models::benchmark_model(&owner, &[], 1)
			.map_err(|_| BenchmarkError::Stop("registering the model failed"))?;
		fill_pool::<T>(pool, T::MaxPoolEntries::get().saturating_sub(1), 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(evaluator.clone()), pool, model, 42, grant);

		assert_eq!(PoolEntries::<T>::get(pool).last(), Some(&model));
		assert_last_event::<T>(Event::ScoreSubmitted { pool, model, evaluator, score: 42 });
		Ok(())
	}

	/// Starting a pool's settlement and paying one prize: the total weight over
	/// `MaxPoolEntries` entries of `MaxScoresPerModel` accredited scores each, then one prize
	/// paid up a model of one input. (The splits of larger lineages are charged by
	/// `pay_usage`'s weight; a call paying `n` prizes is charged `n` times this.)
	#[benchmark]
	fn settle_pool() -> Result<(), BenchmarkError> {
		let sponsor = funded::<T>("sponsor");
		let (benchmark, _) = T::Consent::benchmark_grant(&sponsor, &sponsor)
			.map_err(|_| BenchmarkError::Stop("registering the benchmark failed"))?;
		let pool = open_benchmark_pool::<T>(&sponsor, benchmark)?;
		let entries = T::MaxPoolEntries::get().max(2);
		fill_pool::<T>(pool, entries, T::MaxScoresPerModel::get())?;
		close::<T>(pool);
		let caller: T::AccountId = account("settler", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), pool, 1);

		let state = Pools::<T>::get(pool).map(|p| p.state);
		assert!(matches!(state, Some(PoolState::Settling { next: 1, .. })));
		Ok(())
	}

	/// The call that finds every prize paid: returns the rest to the sponsor, releases the
	/// deposit and removes the pool.
	#[benchmark]
	fn finish_pool() -> Result<(), BenchmarkError> {
		let sponsor = funded::<T>("sponsor");
		let (benchmark, _) = T::Consent::benchmark_grant(&sponsor, &sponsor)
			.map_err(|_| BenchmarkError::Stop("registering the benchmark failed"))?;
		let pool = open_benchmark_pool::<T>(&sponsor, benchmark)?;
		let entries = T::MaxPoolEntries::get();
		fill_pool::<T>(pool, entries, 0)?;
		close::<T>(pool);
		Pools::<T>::mutate(pool, |p| {
			if let Some(p) = p {
				p.state =
					PoolState::Settling { total_weight: 1, next: entries, spent: Zero::zero() };
			}
		});
		let caller: T::AccountId = account("settler", 0, 0);

		#[extrinsic_call]
		settle_pool(RawOrigin::Signed(caller), pool, 1);

		assert!(Pools::<T>::get(pool).is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
