//! The pallet's invariants, checked by `try_state` and by the tests.

#[cfg(any(feature = "try-runtime", feature = "std", test))]
use super::*;

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

	/// Checks the pallet's invariants: `TotalClaimable` is the sum of `Claimable`, whose
	/// entries are each at least `EntryFee`; the pallet account is solvent; every stored
	/// policy is valid, of an existing model with terms, and its parent share covers the
	/// minimums fixed in its terms; every snapshot a model's terms name exists; every pool
	/// is consistent with its entries and what it has spent.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let mut sum = BalanceOf::<T>::zero();
		for (_, amount) in Claimable::<T>::iter() {
			ensure!(amount >= T::EntryFee::get(), "claimable entry below the entry fee");
			sum = sum.checked_add(&amount).ok_or("claimable sum overflows")?;
		}
		ensure!(sum == TotalClaimable::<T>::get(), "TotalClaimable differs from the entries' sum");
		Self::ensure_solvent()?;
		for (model, policy) in Policies::<T>::iter() {
			ensure!(policy.is_valid(), "stored policy shares exceed 100%");
			ensure!(T::Models::model_exists(model), "policy of a missing model");
			let terms = Terms::<T>::get(model).ok_or("policy of a model without terms")?;
			let minimums = terms
				.parent_minimums
				.iter()
				.fold(0u64, |sum, m| sum.saturating_add(u64::from(m.deconstruct())));
			ensure!(
				minimums <= u64::from(policy.parent_share.deconstruct()),
				"parent share below the minimums fixed at registration"
			);
		}
		for (model, terms) in Terms::<T>::iter() {
			ensure!(Policies::<T>::contains_key(model), "terms of a model without a policy");
			for key in terms.contributors.iter().flatten() {
				ensure!(
					ContributorSnapshots::<T>::contains_key(key),
					"missing contributor snapshot"
				);
			}
		}
		ensure!(T::DefaultPolicy::get().is_valid(), "DefaultPolicy shares exceed 100%");
		// Each sponsor's prize hold covers what its pools have not spent.
		let mut owed: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, pool) in Pools::<T>::iter() {
			let entries = PoolEntries::<T>::get(id);
			let paid = match pool.state {
				PoolState::Open => 0,
				PoolState::Settling { next, .. } => next as usize,
			};
			for model in entries.iter().skip(paid) {
				ensure!(!PoolScores::<T>::get(id, model).is_empty(), "pool entry without scores");
			}
			let spent = match pool.state {
				PoolState::Open => Zero::zero(),
				PoolState::Settling { next, spent, .. } => {
					ensure!(next as usize <= entries.len(), "settlement cursor past the entries");
					spent
				},
			};
			let left = pool.amount.checked_sub(&spent).ok_or("pool spent more than its amount")?;
			let sum = owed.entry(pool.sponsor.clone()).or_default();
			*sum = sum.saturating_add(left);
		}
		for (sponsor, left) in owed {
			let held = <T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
				&HoldReason::PoolPrize.into(),
				&sponsor,
			);
			ensure!(held >= left, "a sponsor's prize hold is below its pools' unpaid amounts");
		}
		Ok(())
	}
}
