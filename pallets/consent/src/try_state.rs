//! The pallet's invariants, checked by `try_state` and after every unit test.

use super::*;

// Always compiled, so that the runtime's own tests can check the invariants too.
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants; see the storage docs and the checks below.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{BTreeMap, BTreeSet};
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::traits::Saturating;

		let now = Self::now();
		let next_id = NextGrantId::<T>::get();
		let mut grant_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut access_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();

		let mut grants = 0u64;
		for (id, grant) in Grants::<T>::iter() {
			grants = grants.saturating_add(1);
			ensure!(id < next_id, "grant id not below NextGrantId");
			ensure!(!grant.purposes.is_empty(), "grant without purposes");
			ensure!(grant.max_uses != Some(0), "grant allowing no uses");
			ensure!(
				grant.uses <= grant.max_uses.unwrap_or(u32::MAX),
				"grant used more than max_uses"
			);
			ensure!(
				DatasetGrants::<T>::contains_key(grant.dataset, GrantKey::from(id)),
				"grant missing from its dataset's index"
			);
			ensure!(
				GranteeGrants::<T>::contains_key(&grant.grantee, GrantKey::from(id)),
				"grant missing from its grantee's index"
			);
			let listed = LiveGrants::<T>::get(grant.dataset, &grant.grantee).contains(&id);
			if grant.revoked_at.is_some() {
				ensure!(!listed, "revoked grant in the live index");
			} else if grant.is_live_at(&now) && T::Datasets::dataset_access(grant.dataset).is_some()
			{
				ensure!(listed, "live grant missing from the live index");
			}
			let logged = AccessLog::<T>::iter_key_prefix(id).count();
			ensure!(logged == grant.uses as usize, "access log size differs from uses");
			let held = grant_deposits.entry(grant.grantor).or_default();
			*held = held.saturating_add(grant.deposit);
		}

		for (dataset, grantee, list) in LiveGrants::<T>::iter() {
			ensure!(!list.is_empty(), "empty live list stored");
			let mut seen = BTreeSet::new();
			for id in list {
				ensure!(seen.insert(id), "grant listed twice in a live list");
				let grant = Grants::<T>::get(id).ok_or("live index points to a missing grant")?;
				ensure!(grant.revoked_at.is_none(), "live index points to a revoked grant");
				ensure!(
					grant.dataset == dataset && grant.grantee == grantee,
					"live index points to a grant of another dataset or grantee"
				);
			}
		}

		let mut indexed = 0u64;
		for (dataset, key, ()) in DatasetGrants::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Grants::<T>::get(key.id()).is_some_and(|g| g.dataset == dataset),
				"dataset index points to a missing grant or one of another dataset"
			);
		}
		ensure!(indexed == grants, "dataset index and grants differ in number");

		let mut indexed = 0u64;
		for (grantee, key, ()) in GranteeGrants::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Grants::<T>::get(key.id()).is_some_and(|g| g.grantee == grantee),
				"grantee index points to a missing grant or one of another grantee"
			);
		}
		ensure!(indexed == grants, "grantee index and grants differ in number");

		for (id, index, record) in AccessLog::<T>::iter() {
			let grant = Grants::<T>::get(id).ok_or("access log of a missing grant")?;
			// With the count check above, this makes the indices exactly 0..uses.
			ensure!(index < grant.uses, "access log index not below uses");
			let held = access_deposits.entry(record.accessor).or_default();
			*held = held.saturating_add(record.deposit);
		}

		// Every account: those that owe deposits, and any other that holds something.
		let accounts = frame_system::Account::<T>::iter_keys()
			.chain(grant_deposits.keys().cloned())
			.chain(access_deposits.keys().cloned())
			.collect::<BTreeSet<_>>();
		for who in accounts {
			let grant_reason: T::RuntimeHoldReason = HoldReason::GrantDeposit.into();
			let access_reason: T::RuntimeHoldReason = HoldReason::AccessDeposit.into();
			ensure!(
				T::Currency::balance_on_hold(&grant_reason, &who)
					== grant_deposits.get(&who).copied().unwrap_or_default(),
				"grant deposit held differs from the deposits of the grants made"
			);
			ensure!(
				T::Currency::balance_on_hold(&access_reason, &who)
					== access_deposits.get(&who).copied().unwrap_or_default(),
				"access deposit held differs from the deposits of the uses logged"
			);
		}
		Ok(())
	}
}
