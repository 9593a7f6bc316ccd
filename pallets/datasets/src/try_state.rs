//! The pallet's invariants, checked by `try_state` and after every unit test.

use super::*;

// Always compiled, so that the runtime's own tests can check the invariants too.
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants; see the crate docs and the checks below.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let next_id = NextDatasetId::<T>::get();
		let mut dataset_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut attestation_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();

		let mut datasets = 0u64;
		for (id, record) in Datasets::<T>::iter() {
			datasets = datasets.saturating_add(1);
			ensure!(id < next_id, "dataset id not below NextDatasetId");
			Self::ensure_valid_contributors(&record.contributors)
				.map_err(|_| "contributor shares invalid")?;
			ensure!(
				DatasetByContentHash::<T>::get(record.content_hash) == Some(id),
				"dataset not indexed by its content hash"
			);
			let basis = DerivationBasis::<T>::get(id);
			ensure!(
				basis.windows(2).all(|w| matches!(w, [a, b] if a < b)),
				"derivation basis not sorted or with repeats"
			);
			if let Some((parent, kind)) = record.parent {
				ensure!(parent < id, "parent registered after its child");
				ensure!(Datasets::<T>::contains_key(parent), "parent dataset missing");
				ensure!(
					Derivations::<T>::get(parent, id) == Some(kind),
					"derivation edge missing or of another kind"
				);
				let inherited = DerivationBasis::<T>::get(parent);
				ensure!(
					inherited.iter().all(|g| basis.binary_search(g).is_ok()),
					"derivation basis lacks its parent's"
				);
				// At most the one grant it was derived under on top of the parent's.
				ensure!(
					basis.len() <= inherited.len().saturating_add(1),
					"derivation basis holds grants from nowhere"
				);
			} else {
				ensure!(basis.is_empty(), "root dataset with a derivation basis");
			}
			for grant in &basis {
				ensure!(
					GrantDatasets::<T>::contains_key(grant, id),
					"basis grant missing from the grant index"
				);
			}
			ensure!(record.delegate.as_ref() != Some(&record.owner), "owner is own delegate");
			let held = dataset_deposits.entry(record.owner).or_default();
			*held = held.saturating_add(record.deposit);
		}

		let mut datasets_per_grant: BTreeMap<GrantId, u32> = BTreeMap::new();
		for (grant, id, ()) in GrantDatasets::<T>::iter() {
			ensure!(
				DerivationBasis::<T>::get(id).binary_search(&grant).is_ok(),
				"grant index disagrees with the derivation basis"
			);
			let n = datasets_per_grant.entry(grant).or_default();
			*n = n.saturating_add(1);
		}
		for (grant, count) in GrantDatasetCount::<T>::iter() {
			ensure!(
				datasets_per_grant.get(&grant).copied().unwrap_or(0) == count,
				"grant dataset count disagrees with the grant index"
			);
		}
		for (grant, count) in &datasets_per_grant {
			ensure!(GrantDatasetCount::<T>::get(grant) == *count, "grant index entry not counted");
		}
		for (id, dispute) in Disputes::<T>::iter() {
			ensure!(Datasets::<T>::contains_key(id), "dispute over a missing dataset");
			ensure!(
				dispute.reassigned_to.is_none() || dispute.resolved_at.is_some(),
				"reassigned by an open dispute"
			);
		}

		let mut indexed = 0u64;
		for (hash, id) in DatasetByContentHash::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Datasets::<T>::get(id).map(|r| r.content_hash) == Some(hash),
				"content hash index points to another dataset"
			);
		}
		ensure!(indexed == datasets, "content hash index and datasets differ in number");

		for (parent, child, kind) in Derivations::<T>::iter() {
			ensure!(Datasets::<T>::contains_key(parent), "derivation from a missing dataset");
			ensure!(
				Datasets::<T>::get(child).and_then(|r| r.parent) == Some((parent, kind)),
				"derivation edge disagrees with the child's parent"
			);
		}

		for (id, pending) in PendingOwner::<T>::iter() {
			let record = Datasets::<T>::get(id).ok_or("pending transfer of a missing dataset")?;
			ensure!(
				record.status == DatasetStatus::Active,
				"pending transfer of a retired dataset"
			);
			ensure!(record.owner != pending, "ownership offered to the owner");
		}

		let mut attestations_per_dataset: BTreeMap<DatasetId, u32> = BTreeMap::new();
		for (id, index, attestation) in Attestations::<T>::iter() {
			ensure!(Datasets::<T>::contains_key(id), "attestation on a missing dataset");
			ensure!(index < AttestationCount::<T>::get(id), "attestation index not below count");
			let n = attestations_per_dataset.entry(id).or_default();
			*n = n.saturating_add(1);
			let held = attestation_deposits.entry(attestation.attestor).or_default();
			*held = held.saturating_add(attestation.deposit);
		}
		for (id, count) in AttestationCount::<T>::iter() {
			ensure!(Datasets::<T>::contains_key(id), "attestation count of a missing dataset");
			ensure!(count <= T::MaxAttestations::get(), "more attestations than MaxAttestations");
			ensure!(
				attestations_per_dataset.get(&id).copied().unwrap_or(0) == count,
				"attestation count disagrees with the attestations stored"
			);
		}

		// Every account: those that owe deposits, and any other that holds something.
		let accounts = frame_system::Account::<T>::iter_keys()
			.chain(dataset_deposits.keys().cloned())
			.chain(attestation_deposits.keys().cloned())
			.collect::<alloc::collections::BTreeSet<_>>();
		for who in accounts {
			let dataset_reason: T::RuntimeHoldReason = HoldReason::DatasetDeposit.into();
			let attestation_reason: T::RuntimeHoldReason = HoldReason::AttestationDeposit.into();
			ensure!(
				T::Currency::balance_on_hold(&dataset_reason, &who)
					== dataset_deposits.get(&who).copied().unwrap_or_default(),
				"dataset deposit held differs from the deposits of the datasets owned"
			);
			ensure!(
				T::Currency::balance_on_hold(&attestation_reason, &who)
					== attestation_deposits.get(&who).copied().unwrap_or_default(),
				"attestation deposit held differs from the deposits of the attestations made"
			);
		}

		let attestors = Attestors::<T>::count();
		ensure!(attestors <= T::MaxAttestors::get(), "more attestors than MaxAttestors");
		ensure!(
			Attestors::<T>::iter_keys().count() == attestors as usize,
			"attestor counter disagrees with the attestors stored"
		);
		Ok(())
	}
}
