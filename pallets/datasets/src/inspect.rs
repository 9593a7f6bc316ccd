//! What other pallets ask of datasets: `DatasetInspect` and `ContributorsInspect`.

use super::*;

impl<T: Config> DatasetInspect<T::AccountId> for Pallet<T> {
	fn dataset_access(id: DatasetId) -> Option<DatasetAccess<T::AccountId>> {
		Datasets::<T>::get(id).map(|record| DatasetAccess {
			owner: record.owner,
			delegate: record.delegate,
			sensitivity: record.sensitivity,
			active: record.status == DatasetStatus::Active,
			disputed: Disputes::<T>::get(id).is_some_and(|d| d.flags()),
		})
	}

	fn dataset_parent(id: DatasetId) -> Option<(DatasetId, DerivationKind)> {
		Datasets::<T>::get(id).and_then(|record| record.parent)
	}

	fn derivation_basis(id: DatasetId) -> Vec<GrantId> {
		DerivationBasis::<T>::get(id).into_inner()
	}

	fn derived_datasets(id: DatasetId, limit: u32) -> Vec<DatasetId> {
		Derivations::<T>::iter_key_prefix(id).take(limit as usize).collect()
	}

	fn datasets_under_grant(grant: GrantId, limit: u32) -> Vec<DatasetId> {
		GrantDatasets::<T>::iter_key_prefix(grant).take(limit as usize).collect()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_dataset(owner: &T::AccountId) -> Result<DatasetId, DispatchError> {
		use frame_support::traits::{
			fungible::{Inspect, Mutate},
			tokens::{Fortitude, Preservation},
		};
		let id = NextDatasetId::<T>::get();
		// Unique per id, and unlike any real manifest hash.
		let hash = benchmark_hash(b"benchmark-dataset", id);
		let license: BoundedVec<u8, T::MaxLicenseLen> =
			BoundedVec::try_from(b"MIT".to_vec()).map_err(|_| Error::<T>::InvalidLicense)?;
		let contributors = ContributorsOf::<T>::default();
		let deposit = Self::dataset_deposit(0, license.len(), &contributors);
		let spendable =
			T::Currency::reducible_balance(owner, Preservation::Protect, Fortitude::Polite);
		if spendable < deposit {
			let topped_up = T::Currency::balance(owner)
				.saturating_add(T::Currency::minimum_balance())
				.saturating_add(deposit);
			T::Currency::set_balance(owner, topped_up);
		}
		Self::do_register_dataset(
			owner.clone(),
			hash,
			H256::zero(),
			BoundedVec::default(),
			license,
			Sensitivity::Personal,
			None,
			contributors,
		)
	}
}

/// A hash starting with `tag` and ending with `n`, big-endian: distinct for distinct `n`.
#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn benchmark_hash(tag: &[u8], n: u64) -> H256 {
	let mut bytes = [0u8; 32];
	bytes.iter_mut().zip(tag).for_each(|(byte, t)| *byte = *t);
	bytes.iter_mut().rev().zip(n.to_le_bytes()).for_each(|(byte, b)| *byte = b);
	H256(bytes)
}

/// Who the rewards pallet pays for a dataset: one record read.
impl<T: Config> provenance_primitives::ContributorsInspect<T::AccountId> for Pallet<T> {
	type MaxContributors = T::MaxContributors;

	fn payees(
		id: DatasetId,
	) -> Option<provenance_primitives::DatasetPayees<T::AccountId, T::MaxContributors>> {
		Datasets::<T>::get(id).map(|record| provenance_primitives::DatasetPayees {
			owner: record.owner,
			contributors: record.contributors,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_set_contributors(
		id: DatasetId,
		contributors: Vec<(T::AccountId, Perbill)>,
	) -> DispatchResult {
		use frame_support::traits::fungible::{Inspect, Mutate};

		let record = Datasets::<T>::get(id).ok_or(Error::<T>::UnknownDataset)?;
		let contributors = ContributorsOf::<T>::try_from(contributors)
			.map_err(|_| DispatchError::Other("too many contributors"))?;
		let deposit = Self::dataset_deposit(record.uri.len(), record.license.len(), &contributors);
		let topped_up = T::Currency::balance(&record.owner)
			.saturating_add(T::Currency::minimum_balance())
			.saturating_add(deposit);
		T::Currency::set_balance(&record.owner, topped_up);
		Self::do_set_contributors(&record.owner, id, contributors)
	}
}

/// What a revocation taints among datasets, for the consent pallet's `ConsentRevoked`
/// event: one read.
impl<T: Config> GrantDependents for Pallet<T> {
	fn tainted_datasets(grant: GrantId) -> u32 {
		GrantDatasetCount::<T>::get(grant)
	}
}
