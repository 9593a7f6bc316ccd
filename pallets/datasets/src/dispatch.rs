//! The dispatchables' bodies: every `do_*` a call delegates to, and their shared checks.

use super::*;

impl<T: Config> Pallet<T> {
	/// The deposit for a dataset record with these variable-length fields.
	pub fn dataset_deposit(
		uri_len: usize,
		license_len: usize,
		contributors: &ContributorsOf<T>,
	) -> BalanceOf<T> {
		let bytes = uri_len.saturating_add(license_len).saturating_add(contributors.encoded_size());
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
	}

	/// Checks a contributor list: empty, or distinct accounts with non-zero shares adding up
	/// to exactly 100%.
	pub fn ensure_valid_contributors(contributors: &[(T::AccountId, Perbill)]) -> DispatchResult {
		let mut seen = alloc::collections::BTreeSet::new();
		let mut total: u64 = 0;
		for (who, share) in contributors {
			ensure!(!share.is_zero(), Error::<T>::ZeroShare);
			ensure!(seen.insert(who), Error::<T>::DuplicateContributor);
			total = total.saturating_add(u64::from(share.deconstruct()));
		}
		ensure!(
			contributors.is_empty() || total == u64::from(Perbill::one().deconstruct()),
			Error::<T>::SharesNotWhole
		);
		Ok(())
	}

	/// The length of a custom attestation kind's name, 0 for the built-in kinds.
	pub fn custom_kind_len(kind: &AttestationKindOf<T>) -> u32 {
		match kind {
			AttestationKind::Custom(name) => name.len() as u32,
			_ => 0,
		}
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

	/// Releases exactly `amount` held from `who`.
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Brings a dataset deposit held from `who` from `old` to `new`.
	pub(crate) fn adjust_dataset_deposit(
		who: &T::AccountId,
		old: BalanceOf<T>,
		new: BalanceOf<T>,
	) -> DispatchResult {
		if new > old {
			Self::hold(HoldReason::DatasetDeposit, who, new.saturating_sub(old))
		} else {
			Self::release(HoldReason::DatasetDeposit, who, old.saturating_sub(new))
		}
	}

	/// Checks that `who` owns the dataset and that it is active.
	pub(crate) fn ensure_owner_of_active(
		record: &DatasetRecordOf<T>,
		who: &T::AccountId,
	) -> DispatchResult {
		ensure!(&record.owner == who, Error::<T>::NotOwner);
		ensure!(record.status == DatasetStatus::Active, Error::<T>::Retired);
		Ok(())
	}

	/// Registers a dataset for `owner`; see [`Pallet::register_dataset`].
	pub fn do_register_dataset(
		owner: T::AccountId,
		content_hash: H256,
		metadata_hash: H256,
		uri: BoundedVec<u8, T::MaxUriLen>,
		license: BoundedVec<u8, T::MaxLicenseLen>,
		sensitivity: Sensitivity,
		parent: Option<(DatasetId, DerivationKind)>,
		contributors: ContributorsOf<T>,
	) -> Result<DatasetId, DispatchError> {
		ensure!(
			!DatasetByContentHash::<T>::contains_key(content_hash),
			Error::<T>::DuplicateContent
		);
		if let Some((parent_id, _)) = parent {
			ensure!(Datasets::<T>::contains_key(parent_id), Error::<T>::UnknownParent);
		}
		ensure!(provenance_primitives::is_valid_license(&license), Error::<T>::InvalidLicense);
		Self::ensure_valid_contributors(&contributors)?;
		let id = NextDatasetId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoIdsLeft)?;

		let deposit = Self::dataset_deposit(uri.len(), license.len(), &contributors);
		Self::hold(HoldReason::DatasetDeposit, &owner, deposit)?;

		Datasets::<T>::insert(
			id,
			DatasetRecord {
				owner: owner.clone(),
				content_hash,
				metadata_hash,
				uri,
				license,
				sensitivity,
				parent,
				contributors,
				delegate: None,
				status: DatasetStatus::Active,
				created_at: frame_system::Pallet::<T>::block_number(),
				deposit,
			},
		);
		DatasetByContentHash::<T>::insert(content_hash, id);
		if let Some((parent_id, kind)) = parent {
			Derivations::<T>::insert(parent_id, id, kind);
		}
		NextDatasetId::<T>::put(next_id);
		Self::deposit_event(Event::DatasetRegistered { id, owner, content_hash, parent, deposit });
		Ok(id)
	}

	/// See [`Pallet::update_metadata`].
	pub fn do_update_metadata(
		who: &T::AccountId,
		id: DatasetId,
		metadata_hash: H256,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> DispatchResult {
		let deposit = Datasets::<T>::try_mutate(id, |maybe| -> Result<_, DispatchError> {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			Self::ensure_owner_of_active(record, who)?;
			let deposit =
				Self::dataset_deposit(uri.len(), record.license.len(), &record.contributors);
			Self::adjust_dataset_deposit(who, record.deposit, deposit)?;
			record.metadata_hash = metadata_hash;
			record.uri = uri;
			record.deposit = deposit;
			Ok(deposit)
		})?;
		Self::deposit_event(Event::MetadataUpdated { id, metadata_hash, deposit });
		Ok(())
	}

	/// See [`Pallet::set_contributors`].
	pub fn do_set_contributors(
		who: &T::AccountId,
		id: DatasetId,
		contributors: ContributorsOf<T>,
	) -> DispatchResult {
		let count = contributors.len() as u32;
		let deposit = Datasets::<T>::try_mutate(id, |maybe| -> Result<_, DispatchError> {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			Self::ensure_owner_of_active(record, who)?;
			Self::ensure_valid_contributors(&contributors)?;
			let deposit =
				Self::dataset_deposit(record.uri.len(), record.license.len(), &contributors);
			Self::adjust_dataset_deposit(who, record.deposit, deposit)?;
			record.contributors = contributors;
			record.deposit = deposit;
			Ok(deposit)
		})?;
		Self::deposit_event(Event::ContributorsSet { id, count, deposit });
		Ok(())
	}

	/// See [`Pallet::transfer_ownership`].
	pub fn do_transfer_ownership(
		who: &T::AccountId,
		id: DatasetId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let record = Datasets::<T>::get(id).ok_or(Error::<T>::UnknownDataset)?;
		Self::ensure_owner_of_active(&record, who)?;
		ensure!(&new_owner != who, Error::<T>::AlreadyOwner);
		PendingOwner::<T>::insert(id, new_owner.clone());
		Self::deposit_event(Event::OwnershipTransferProposed {
			id,
			from: who.clone(),
			to: new_owner,
		});
		Ok(())
	}

	/// See [`Pallet::cancel_ownership_transfer`].
	pub fn do_cancel_ownership_transfer(who: &T::AccountId, id: DatasetId) -> DispatchResult {
		let record = Datasets::<T>::get(id).ok_or(Error::<T>::UnknownDataset)?;
		ensure!(&record.owner == who, Error::<T>::NotOwner);
		let to = PendingOwner::<T>::take(id).ok_or(Error::<T>::NoPendingTransfer)?;
		Self::deposit_event(Event::OwnershipTransferCancelled { id, to });
		Ok(())
	}

	/// See [`Pallet::accept_ownership`].
	pub fn do_accept_ownership(who: T::AccountId, id: DatasetId) -> DispatchResult {
		let from = Datasets::<T>::try_mutate(id, |maybe| -> Result<_, DispatchError> {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			let pending = PendingOwner::<T>::get(id).ok_or(Error::<T>::NoPendingTransfer)?;
			ensure!(pending == who, Error::<T>::NotPendingOwner);
			// Hold from the new owner first: if they cannot pay, nothing has moved.
			Self::hold(HoldReason::DatasetDeposit, &who, record.deposit)?;
			Self::release(HoldReason::DatasetDeposit, &record.owner, record.deposit)?;
			let from = core::mem::replace(&mut record.owner, who.clone());
			// The old owner's delegate must not keep consent rights under the new owner.
			record.delegate = None;
			Ok(from)
		})?;
		PendingOwner::<T>::remove(id);
		Self::deposit_event(Event::OwnershipTransferred { id, from, to: who });
		Ok(())
	}

	/// See [`Pallet::set_delegate`].
	pub fn do_set_delegate(
		who: &T::AccountId,
		id: DatasetId,
		delegate: Option<T::AccountId>,
	) -> DispatchResult {
		Datasets::<T>::try_mutate(id, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			Self::ensure_owner_of_active(record, who)?;
			ensure!(delegate.as_ref() != Some(who), Error::<T>::DelegateIsOwner);
			record.delegate = delegate.clone();
			Ok(())
		})?;
		Self::deposit_event(Event::DelegateSet { id, delegate });
		Ok(())
	}

	/// See [`Pallet::retire_dataset`].
	pub fn do_retire_dataset(who: &T::AccountId, id: DatasetId) -> DispatchResult {
		Datasets::<T>::try_mutate(id, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			Self::ensure_owner_of_active(record, who)?;
			record.status = DatasetStatus::Retired;
			Ok(())
		})?;
		PendingOwner::<T>::remove(id);
		Self::deposit_event(Event::DatasetRetired { id });
		Ok(())
	}

	/// Records an attestation by `attestor`; returns its index. See
	/// [`Pallet::attest_dataset`].
	pub fn do_attest_dataset(
		attestor: T::AccountId,
		id: DatasetId,
		kind: AttestationKindOf<T>,
		evidence_hash: H256,
	) -> Result<u32, DispatchError> {
		ensure!(Attestors::<T>::contains_key(&attestor), Error::<T>::NotAttestor);
		ensure!(Datasets::<T>::contains_key(id), Error::<T>::UnknownDataset);
		let index = AttestationCount::<T>::get(id);
		ensure!(index < T::MaxAttestations::get(), Error::<T>::TooManyAttestations);
		let deposit = T::AttestationDeposit::get();
		Self::hold(HoldReason::AttestationDeposit, &attestor, deposit)?;
		Attestations::<T>::insert(
			id,
			index,
			Attestation {
				attestor: attestor.clone(),
				kind: kind.clone(),
				evidence_hash,
				at: frame_system::Pallet::<T>::block_number(),
				deposit,
			},
		);
		AttestationCount::<T>::insert(id, index.saturating_add(1));
		Self::deposit_event(Event::DatasetAttested { id, attestor, index, kind });
		Ok(index)
	}

	/// See [`Pallet::add_attestor`].
	pub fn do_add_attestor(who: T::AccountId) -> DispatchResult {
		ensure!(!Attestors::<T>::contains_key(&who), Error::<T>::AlreadyAttestor);
		ensure!(Attestors::<T>::count() < T::MaxAttestors::get(), Error::<T>::TooManyAttestors);
		Attestors::<T>::insert(&who, ());
		Self::deposit_event(Event::AttestorAdded { who });
		Ok(())
	}

	/// See [`Pallet::remove_attestor`].
	pub fn do_remove_attestor(who: T::AccountId) -> DispatchResult {
		ensure!(Attestors::<T>::contains_key(&who), Error::<T>::NotAttestor);
		Attestors::<T>::remove(&who);
		Self::deposit_event(Event::AttestorRemoved { who });
		Ok(())
	}
}
