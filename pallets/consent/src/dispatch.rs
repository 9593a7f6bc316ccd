//! The dispatchables' bodies: every `do_*` a call delegates to, and their shared checks.

use super::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Holds `amount` from `who`, reporting a shortfall as `InsufficientDeposit`.
	pub(crate) fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount).map_err(|e| match e {
			DispatchError::Token(_) => Error::<T>::InsufficientDeposit.into(),
			other => other,
		})
	}

	/// Creates a grant by `grantor`; returns its id. See [`Pallet::grant_consent`].
	pub fn do_grant_consent(
		grantor: T::AccountId,
		dataset: DatasetId,
		grantee: GranteeOf<T>,
		purposes: Purposes,
		expires_at: Option<BlockNumberFor<T>>,
		max_uses: Option<u32>,
		terms: GrantTermsOf<T>,
	) -> Result<GrantId, DispatchError> {
		let access = T::Datasets::dataset_access(dataset).ok_or(Error::<T>::UnknownDataset)?;
		ensure!(access.may_manage_consent(&grantor), Error::<T>::NotAllowed);
		ensure!(access.active, Error::<T>::DatasetRetired);
		ensure!(!purposes.is_empty(), Error::<T>::NoPurposes);
		let now = Self::now();
		if let Some(expires_at) = &expires_at {
			ensure!(*expires_at > now, Error::<T>::ExpiryInPast);
		}
		ensure!(max_uses != Some(0), Error::<T>::ZeroMaxUses);
		ensure!(
			terms.jurisdiction.as_ref().is_none_or(CountryCode::is_well_formed),
			Error::<T>::InvalidJurisdiction
		);
		ensure!(
			!(grantee == Grantee::Anyone && access.sensitivity == Sensitivity::SpecialCategory),
			Error::<T>::OpenGrantOnSpecialCategory
		);

		let id = NextGrantId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoIdsLeft)?;
		// Bounded: the list holds at most `MaxLiveGrants` ids.
		let mut live = LiveGrants::<T>::get(dataset, &grantee);
		live.retain(|other| Grants::<T>::get(other).is_some_and(|g| g.is_live_at(&now)));
		live.try_push(id).map_err(|_| Error::<T>::TooManyLiveGrants)?;

		let deposit = T::GrantDeposit::get();
		Self::hold(HoldReason::GrantDeposit, &grantor, deposit)?;

		Grants::<T>::insert(
			id,
			Grant {
				dataset,
				grantee: grantee.clone(),
				purposes: purposes.clone(),
				expires_at,
				max_uses,
				uses: 0,
				terms,
				grantor: grantor.clone(),
				granted_at: now,
				revoked_at: None,
				deposit,
			},
		);
		LiveGrants::<T>::insert(dataset, &grantee, live);
		DatasetGrants::<T>::insert(dataset, GrantKey::from(id), ());
		GranteeGrants::<T>::insert(&grantee, GrantKey::from(id), ());
		NextGrantId::<T>::put(next_id);
		Self::deposit_event(Event::ConsentGranted {
			grant: id,
			dataset,
			grantee,
			grantor,
			purposes,
			expires_at,
			max_uses,
		});
		Ok(id)
	}

	/// See [`Pallet::revoke_consent`].
	pub fn do_revoke_consent(who: T::AccountId, id: GrantId) -> DispatchResult {
		let mut grant = Grants::<T>::get(id).ok_or(Error::<T>::UnknownGrant)?;
		// Authority is the dataset's, not the grantor's: a former owner or delegate has none.
		let manages = T::Datasets::dataset_access(grant.dataset)
			.is_some_and(|access| access.may_manage_consent(&who));
		ensure!(manages, Error::<T>::NotAllowed);
		ensure!(grant.revoked_at.is_none(), Error::<T>::AlreadyRevoked);

		grant.revoked_at = Some(Self::now());
		let mut live = LiveGrants::<T>::get(grant.dataset, &grant.grantee);
		live.retain(|other| *other != id);
		if live.is_empty() {
			LiveGrants::<T>::remove(grant.dataset, &grant.grantee);
		} else {
			LiveGrants::<T>::insert(grant.dataset, &grant.grantee, live);
		}
		let (dataset, effect) = (grant.dataset, grant.terms.on_revoke);
		Grants::<T>::insert(id, grant);
		Self::deposit_event(Event::ConsentRevoked {
			grant: id,
			dataset,
			by: who,
			tainted_models: T::Dependents::tainted_models(id),
			tainted_datasets: T::Dependents::tainted_datasets(id),
			effect,
		});
		Ok(())
	}

	/// Checks that `who` may use grant `id` for `purpose` now (and, if `dataset` is given,
	/// that the grant is for it); returns the grant. `record_access` and
	/// `ConsentInspect::consume` share it, so they refuse exactly the same uses.
	///
	/// Errors, in the order checked: `UnknownGrant`, `GrantDatasetMismatch`, `NotGrantee`,
	/// `ConsentRevoked`, `ConsentExpired`, `PurposeNotCovered`, `UsesExhausted`.
	pub fn ensure_usable(
		id: GrantId,
		dataset: Option<DatasetId>,
		who: &T::AccountId,
		purpose: Purpose,
	) -> Result<GrantOf<T>, DispatchError> {
		let grant = Grants::<T>::get(id).ok_or(Error::<T>::UnknownGrant)?;
		if let Some(dataset) = dataset {
			ensure!(grant.dataset == dataset, Error::<T>::GrantDatasetMismatch);
		}
		ensure!(grant.grantee.covers(who), Error::<T>::NotGrantee);
		grant.usable_for(purpose, &Self::now()).map_err(|unusable| match unusable {
			Unusable::Revoked => Error::<T>::ConsentRevoked,
			Unusable::Expired => Error::<T>::ConsentExpired,
			Unusable::PurposeNotCovered => Error::<T>::PurposeNotCovered,
			Unusable::UsesExhausted => Error::<T>::UsesExhausted,
		})?;
		Ok(grant)
	}

	/// Checks a use as [`Self::ensure_usable`] does and logs it, holding `deposit` from
	/// `who`. Returns the log index.
	pub(crate) fn do_use(
		who: T::AccountId,
		id: GrantId,
		dataset: Option<DatasetId>,
		purpose: Purpose,
		job_hash: H256,
		deposit: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		let mut grant = Self::ensure_usable(id, dataset, &who, purpose)?;
		let index = grant.uses;
		// `ensure_usable` refused a grant at `u32::MAX` uses, so this cannot fail.
		grant.uses = index.checked_add(1).ok_or(Error::<T>::UsesExhausted)?;
		Self::hold(HoldReason::AccessDeposit, &who, deposit)?;

		let dataset = grant.dataset;
		AccessLog::<T>::insert(
			id,
			index,
			AccessRecord { accessor: who.clone(), purpose, job_hash, at: Self::now(), deposit },
		);
		Grants::<T>::insert(id, grant);
		Self::deposit_event(Event::AccessRecorded {
			grant: id,
			dataset,
			accessor: who,
			purpose,
			job_hash,
			index,
		});
		Ok(index)
	}

	/// Logs a use by `who`, holding `AccessDeposit`; returns its log index. See
	/// [`Pallet::record_access`].
	pub fn do_record_access(
		who: T::AccountId,
		id: GrantId,
		purpose: Purpose,
		job_hash: H256,
	) -> Result<u32, DispatchError> {
		Self::do_use(who, id, None, purpose, job_hash, T::AccessDeposit::get())
	}

	/// The block queries answer for: the next one, where a use submitted now lands at the
	/// earliest.
	pub(crate) fn query_block() -> BlockNumberFor<T> {
		use sp_runtime::traits::{One, Saturating};
		Self::now().saturating_add(One::one())
	}

	/// The first grant in `LiveGrants[(dataset, grantee)]` usable for `purpose` at `at`.
	pub(crate) fn first_live(
		dataset: DatasetId,
		grantee: &GranteeOf<T>,
		purpose: Purpose,
		at: &BlockNumberFor<T>,
	) -> Option<GrantId> {
		LiveGrants::<T>::get(dataset, grantee)
			.into_iter()
			.find(|id| Grants::<T>::get(id).is_some_and(|grant| grant.is_live_for(purpose, at)))
	}

	/// The grant under which `who` may use `dataset` for `purpose` at `at`: grants to `who`
	/// by name first, then grants to anyone. At most `2 * MaxLiveGrants` grants read.
	pub(crate) fn live_grant_at(
		dataset: DatasetId,
		who: &T::AccountId,
		purpose: Purpose,
		at: &BlockNumberFor<T>,
	) -> Option<GrantId> {
		T::Datasets::dataset_access(dataset)?;
		Self::first_live(dataset, &Grantee::Account(who.clone()), purpose, at)
			.or_else(|| Self::first_live(dataset, &Grantee::Anyone, purpose, at))
	}
}
