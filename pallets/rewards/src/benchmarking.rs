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

/// `MaxContributors` fresh accounts with shares adding up to 100%, for dataset `n`.
fn contributors<T: Config>(n: u32) -> Vec<(T::AccountId, Perbill)> {
	let count = max_contributors::<T>();
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
/// model has its own owner, every input dataset `MaxContributors` contributors of its own,
/// so that every credit is to a new account. Each leg's last model needs an input (the
/// registry refuses a model with neither parents nor inputs); the rest of the `d` inputs go
/// to the paid model first, then along the legs, up to `MaxInputs` each. Returns the paid
/// model and the dataset visits its split makes.
fn lineage<T: Config>(m: u32, d: u32) -> Result<(ModelId, u32), BenchmarkError> {
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
		for dataset in datasets {
			T::Datasets::benchmark_set_contributors(dataset, contributors::<T>(dataset_index))
				.map_err(|_| BenchmarkError::Stop("setting contributors failed"))?;
			dataset_index = dataset_index.saturating_add(1);
		}
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

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A model with `p` parents, each with a stored policy and a minimum to check.
	#[benchmark]
	fn set_royalty_policy(p: Linear<0, { max_parents::<T>() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = account("caller", 0, 0);
		let mut parents = Vec::new();
		for i in 0..p {
			let owner: T::AccountId = account("parent-owner", i, 0);
			let (parent, _) = T::Models::benchmark_model(&owner, &[], 1)
				.map_err(|_| BenchmarkError::Stop("registering a parent failed"))?;
			Policies::<T>::insert(parent, busy_policy());
			parents.push(parent);
		}
		let (model, _) = T::Models::benchmark_model(&caller, &parents, u32::from(p == 0))
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

	/// `m` model visits and `d` dataset visits, every dataset with `MaxContributors`
	/// contributors and every credit to a new account; the pallet account already endowed.
	#[benchmark]
	fn pay_usage(
		m: Linear<1, { reachable_models::<T>() }>,
		d: Linear<1, { T::MaxSplitDatasets::get() }>,
	) -> Result<(), BenchmarkError> {
		let (model, dataset_visits) = lineage::<T>(m, d)?;
		if dataset_visits > T::MaxSplitDatasets::get() {
			// The legs alone need more inputs than a split may visit: not a reachable case.
			return Err(BenchmarkError::Skip);
		}
		let payer: T::AccountId = account("payer", 0, 0);
		let minimum = T::Currency::minimum_balance();
		let amount = T::MinPayment::get().max(minimum).saturating_mul(1_000_000u32.into());
		T::Currency::set_balance(&payer, amount.saturating_mul(2u32.into()));
		T::Currency::set_balance(&Pallet::<T>::account_id(), minimum);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), model, amount);

		assert_eq!(TotalClaimable::<T>::get(), amount);
		assert!(Claimable::<T>::iter().count() as u32 >= m.saturating_add(dataset_visits));
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

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
