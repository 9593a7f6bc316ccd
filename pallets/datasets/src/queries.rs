//! Queries for the runtime API.
//!
//! An existence check reads the record (`get(..).is_some()`), never `contains_key` alone: a
//! node proves `contains_key` with the value's hash only, and a light client re-running the
//! call on that proof (smoldot reads the whole value) then cannot verify the answer.

use super::*;

/// Queries for the runtime API. Each reads a bounded number of storage items.
impl<T: Config> Pallet<T> {
	fn to_info(
		id: DatasetId,
		record: DatasetRecordOf<T>,
	) -> DatasetInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> {
		DatasetInfo {
			id,
			owner: record.owner,
			content_hash: record.content_hash,
			metadata_hash: record.metadata_hash,
			uri: record.uri.into_inner(),
			license: record.license.into_inner(),
			sensitivity: record.sensitivity,
			parent: record.parent,
			contributors: record.contributors.into_inner(),
			delegate: record.delegate,
			pending_owner: PendingOwner::<T>::get(id),
			status: record.status,
			created_at: record.created_at,
			deposit: record.deposit,
			derivation_basis: DerivationBasis::<T>::get(id).into_inner(),
			dispute: Disputes::<T>::get(id),
		}
	}

	/// The dataset with this id.
	pub fn dataset_info(
		id: DatasetId,
	) -> Option<DatasetInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Datasets::<T>::get(id).map(|record| Self::to_info(id, record))
	}

	/// The dataset registered with this content hash.
	pub fn dataset_by_content_hash(
		content_hash: H256,
	) -> Option<DatasetInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		DatasetByContentHash::<T>::get(content_hash).and_then(Self::dataset_info)
	}

	/// The datasets derived directly from `id`, at most `limit` of them after the child
	/// `start_after`, in storage order (which is not id order). `next` is the cursor for the
	/// following page; a `limit` of 0 gives an empty page without one.
	pub fn derivations(
		id: DatasetId,
		start_after: Option<DatasetId>,
		limit: u32,
	) -> Result<Page<(DatasetId, DerivationKind), DatasetId>, QueryError> {
		let limit = check_page_size(limit)? as usize;
		ensure!(Datasets::<T>::get(id).is_some(), QueryError::UnknownDataset(id));
		let mut children = match start_after {
			Some(after) => {
				Derivations::<T>::iter_prefix_from(id, Derivations::<T>::hashed_key_for(id, after))
			},
			None => Derivations::<T>::iter_prefix(id),
		};
		let items: Vec<_> = children.by_ref().take(limit).collect();
		let next = match items.last() {
			Some((last, _)) if items.len() == limit && children.next().is_some() => Some(*last),
			_ => None,
		};
		Ok(Page { items, next })
	}

	/// The parents of `id`, nearest first, up to the root or `max_depth` of them.
	pub fn ancestry(
		id: DatasetId,
		max_depth: u32,
	) -> Result<Vec<(DatasetId, DerivationKind)>, QueryError> {
		if max_depth > MAX_PAGE_SIZE {
			return Err(QueryError::LimitTooLarge { requested: max_depth, max: MAX_PAGE_SIZE });
		}
		let mut record = Datasets::<T>::get(id).ok_or(QueryError::UnknownDataset(id))?;
		let mut chain = Vec::new();
		while (chain.len() as u32) < max_depth {
			let Some((parent, kind)) = record.parent else { break };
			chain.push((parent, kind));
			let Some(parent_record) = Datasets::<T>::get(parent) else { break };
			record = parent_record;
		}
		Ok(chain)
	}

	/// The attestations on `id` in the order they were made, at most `limit` of them after
	/// index `start_after`. `next` is the cursor for the following page; a `limit` of 0
	/// gives an empty page without one.
	pub fn attestations(
		id: DatasetId,
		start_after: Option<u32>,
		limit: u32,
	) -> Result<Page<AttestationInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>, u32>, QueryError>
	{
		let limit = check_page_size(limit)?;
		ensure!(Datasets::<T>::get(id).is_some(), QueryError::UnknownDataset(id));
		let count = AttestationCount::<T>::get(id);
		let start = start_after.map_or(0, |after| after.saturating_add(1));
		let end = start.saturating_add(limit).min(count);
		let items = (start..end)
			.filter_map(|index| {
				Attestations::<T>::get(id, index).map(|a| AttestationInfo {
					index,
					attestor: a.attestor,
					kind: a.kind.map_custom(BoundedVec::into_inner),
					evidence_hash: a.evidence_hash,
					at: a.at,
					deposit: a.deposit,
				})
			})
			.collect();
		let next = if end < count { end.checked_sub(1).filter(|_| limit > 0) } else { None };
		Ok(Page { items, next })
	}

	/// Whether `who` is in the attestor set.
	pub fn is_attestor(who: &T::AccountId) -> bool {
		Attestors::<T>::contains_key(who)
	}
}
