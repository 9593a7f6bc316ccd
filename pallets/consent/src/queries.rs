//! Queries for the runtime API.

use super::*;

/// Queries for the runtime API. Each reads a bounded number of storage items.
impl<T: Config> Pallet<T> {
	fn to_info(
		id: GrantId,
		grant: GrantOf<T>,
		now: &BlockNumberFor<T>,
	) -> GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>> {
		let live = grant.is_live_at(now);
		GrantInfo {
			id,
			dataset: grant.dataset,
			grantee: grant.grantee,
			purposes: grant.purposes.into_iter().collect(),
			expires_at: grant.expires_at,
			max_uses: grant.max_uses,
			uses: grant.uses,
			terms: grant.terms,
			grantor: grant.grantor,
			granted_at: grant.granted_at,
			revoked_at: grant.revoked_at,
			dataset_disputed: T::Datasets::dataset_access(grant.dataset)
				.is_some_and(|a| a.disputed),
			deposit: grant.deposit,
			live,
		}
	}

	/// The grant with this id, with whether a use submitted now could pass (live in the
	/// next block).
	pub fn grant_info(
		id: GrantId,
	) -> Option<GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>> {
		Grants::<T>::get(id).map(|grant| Self::to_info(id, grant, &Self::query_block()))
	}

	/// The grant under which a use by `who` of `dataset` for `purpose`, submitted now, would
	/// pass in the next block, if any; see [`ConsentInspect::live_grant`].
	pub fn consent_status(
		dataset: DatasetId,
		who: &T::AccountId,
		purpose: Purpose,
	) -> Result<Option<GrantId>, QueryError> {
		ensure!(
			T::Datasets::dataset_access(dataset).is_some(),
			QueryError::UnknownDataset(dataset)
		);
		Ok(Self::live_grant_at(dataset, who, purpose, &Self::query_block()))
	}

	/// At most `limit` grants from an index prefix, ascending by id, after `start_after`.
	fn grant_page(
		mut keys: impl Iterator<Item = GrantKey>,
		limit: u32,
	) -> Page<GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>, GrantId> {
		let now = Self::query_block();
		let ids: Vec<GrantId> = keys.by_ref().take(limit as usize).map(GrantKey::id).collect();
		let next = match ids.last() {
			Some(last) if keys.next().is_some() => Some(*last),
			_ => None,
		};
		let items = ids
			.into_iter()
			.filter_map(|id| Grants::<T>::get(id).map(|grant| Self::to_info(id, grant, &now)))
			.collect();
		Page { items, next }
	}

	/// Every grant ever made on `dataset`, ascending by id: at most `limit` after
	/// `start_after`. `next` is the cursor for the following page; a `limit` of 0 gives an
	/// empty page without one.
	pub fn dataset_grants(
		dataset: DatasetId,
		start_after: Option<GrantId>,
		limit: u32,
	) -> Result<Page<GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>, GrantId>, QueryError>
	{
		let limit = check_page_size(limit)?;
		ensure!(
			T::Datasets::dataset_access(dataset).is_some(),
			QueryError::UnknownDataset(dataset)
		);
		let page = match start_after {
			Some(after) => Self::grant_page(
				DatasetGrants::<T>::iter_key_prefix_from(
					dataset,
					DatasetGrants::<T>::hashed_key_for(dataset, GrantKey::from(after)),
				),
				limit,
			),
			None => Self::grant_page(DatasetGrants::<T>::iter_key_prefix(dataset), limit),
		};
		Ok(page)
	}

	/// Every grant ever made to `who` by name (not grants to anyone), ascending by id: at
	/// most `limit` after `start_after`. `next` as for [`Self::dataset_grants`].
	pub fn account_grants(
		who: &T::AccountId,
		start_after: Option<GrantId>,
		limit: u32,
	) -> Result<Page<GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>, GrantId>, QueryError>
	{
		let limit = check_page_size(limit)?;
		let grantee = Grantee::Account(who.clone());
		let page = match start_after {
			Some(after) => Self::grant_page(
				GranteeGrants::<T>::iter_key_prefix_from(
					&grantee,
					GranteeGrants::<T>::hashed_key_for(&grantee, GrantKey::from(after)),
				),
				limit,
			),
			None => Self::grant_page(GranteeGrants::<T>::iter_key_prefix(&grantee), limit),
		};
		Ok(page)
	}

	/// The logged uses of `grant`, oldest first: at most `limit` after index `start_after`.
	/// `next` is the cursor for the following page; a `limit` of 0 gives an empty page
	/// without one.
	pub fn access_log(
		grant: GrantId,
		start_after: Option<u32>,
		limit: u32,
	) -> Result<Page<AccessRecordOf<T>, u32>, QueryError> {
		let limit = check_page_size(limit)?;
		let uses = Grants::<T>::get(grant).ok_or(QueryError::UnknownGrant(grant))?.uses;
		// The log is numbered 0..uses without gaps, so a page is a range of direct reads.
		let start = start_after.map_or(0, |after| after.saturating_add(1));
		let end = start.saturating_add(limit).min(uses);
		let items = (start..end).filter_map(|index| AccessLog::<T>::get(grant, index)).collect();
		let next = if end < uses { end.checked_sub(1).filter(|_| limit > 0) } else { None };
		Ok(Page { items, next })
	}
}
