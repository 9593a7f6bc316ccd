//! What other pallets ask of consent: `ConsentInspect`, and helpers for their benchmarks.

use super::*;

impl<T: Config> ConsentInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	/// Looks at the grants to `who` by name first, then at grants to anyone: at most
	/// `2 * MaxLiveGrants` grants read. Grants on retired datasets count; on datasets that
	/// do not exist, none do.
	fn live_grant(dataset: DatasetId, who: &T::AccountId, purpose: Purpose) -> Option<GrantId> {
		Self::live_grant_at(dataset, who, purpose, &Self::now())
	}

	/// The dataset's access, then both live lists and every grant in them.
	fn live_grant_reads() -> u32 {
		T::MaxLiveGrants::get().saturating_mul(2).saturating_add(3)
	}

	/// Logs the use like `record_access` but holds no deposit: the calling pallet charges
	/// for it.
	fn consume(
		grant: GrantId,
		dataset: DatasetId,
		who: &T::AccountId,
		purpose: Purpose,
		job_hash: H256,
	) -> DispatchResult {
		Self::do_use(who.clone(), grant, Some(dataset), purpose, job_hash, Zero::zero()).map(|_| ())
	}

	fn ensure_inheritable(
		grant: GrantId,
		who: &T::AccountId,
		purpose: Purpose,
	) -> Result<(), InheritRefusal> {
		Grants::<T>::get(grant).ok_or(InheritRefusal::UnknownGrant)?.inheritable_by(
			who,
			purpose,
			&Self::now(),
		)
	}

	fn revocation_effect(grant: GrantId) -> Option<RevocationEffect> {
		Grants::<T>::get(grant).map(|g| g.terms.on_revoke)
	}

	fn grant_dataset(grant: GrantId) -> Option<DatasetId> {
		Grants::<T>::get(grant).map(|g| g.dataset)
	}

	fn revoked_at(grant: GrantId) -> Option<BlockNumberFor<T>> {
		Grants::<T>::get(grant).and_then(|g| g.revoked_at)
	}

	fn purposes(grant: GrantId) -> Option<Purposes> {
		Grants::<T>::get(grant).map(|g| g.purposes)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(
		owner: &T::AccountId,
		grantee: &T::AccountId,
	) -> Result<(DatasetId, GrantId), DispatchError> {
		let dataset = T::Datasets::benchmark_dataset(owner)?;
		fund_for_benchmark::<T>(owner, T::GrantDeposit::get());
		let grant = Self::do_grant_consent(
			owner.clone(),
			dataset,
			Grantee::Account(grantee.clone()),
			all_purposes(),
			None,
			None,
			GrantTerms {
				derivatives: provenance_primitives::DerivativeScope::Anyone,
				..GrantTerms::with_hash(H256::zero())
			},
		)?;
		Ok((dataset, grant))
	}
}

/// Every purpose.
pub fn all_purposes() -> Purposes {
	let mut purposes = Purposes::new();
	for purpose in Purpose::ALL {
		// Cannot fail: the bound is the number of purposes.
		let _ = purposes.try_insert(purpose);
	}
	purposes
}

/// Makes sure `who` can hold `amount` more, for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn fund_for_benchmark<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) {
	use frame_support::traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
	};
	use sp_runtime::traits::Saturating;
	let spendable = T::Currency::reducible_balance(who, Preservation::Protect, Fortitude::Polite);
	if spendable < amount {
		let topped_up = T::Currency::balance(who)
			.saturating_add(T::Currency::minimum_balance())
			.saturating_add(amount);
		T::Currency::set_balance(who, topped_up);
	}
}
