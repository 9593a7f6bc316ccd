//! The dispatchables' bodies: every `do_*` a call delegates to, and their shared checks.

use super::*;
use sp_runtime::traits::Hash as _;

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

	/// The deposit for a derivation basis of `len` grants, on top of [`Self::dataset_deposit`].
	pub fn basis_deposit(len: usize) -> BalanceOf<T> {
		// A compact length prefix and eight bytes a grant.
		let bytes = u32::try_from(len.saturating_mul(8).saturating_add(1)).unwrap_or(u32::MAX);
		if len == 0 {
			return Zero::zero();
		}
		T::DepositPerByte::get().saturating_mul(bytes.into())
	}

	/// What deriving `kind` from `parent_id` as `owner` with `sensitivity` inherits: the new
	/// dataset's derivation basis, and the grant to consume, if `owner` does not own the
	/// parent. Writes nothing.
	fn derivation_basis_for(
		owner: &T::AccountId,
		parent_id: DatasetId,
		kind: DerivationKind,
		sensitivity: Sensitivity,
	) -> Result<(DerivationBasisOf<T>, Option<GrantId>), DispatchError> {
		let parent = Datasets::<T>::get(parent_id).ok_or(Error::<T>::UnknownParent)?;
		// Only the owner derives without a grant. A delegate, who would own the derivative,
		// derives under a grant (one it may issue itself), so that the owner can revoke it.
		let owns = &parent.owner == owner;
		ensure!(owns || kind != DerivationKind::NewVersion, Error::<T>::NewVersionByOwnerOnly);
		ensure!(sensitivity >= parent.sensitivity, Error::<T>::SensitivityBelowParent);
		let inherited = DerivationBasis::<T>::get(parent_id);
		// Whoever derives, the grants the parent was derived under must let them.
		for grant in &inherited {
			T::Consent::ensure_inheritable(*grant, owner, Purpose::Derivation).map_err(
				|refusal| match refusal {
					InheritRefusal::Revoked | InheritRefusal::UnknownGrant => {
						Error::<T>::TaintedParent
					},
					InheritRefusal::Expired => Error::<T>::InheritedConsentExpired,
					InheritRefusal::PurposeNotCovered => Error::<T>::InheritedPurposeNotCovered,
					InheritRefusal::DerivationNotAllowed => {
						Error::<T>::InheritedDerivationNotAllowed
					},
				},
			)?;
		}
		let mut basis: alloc::collections::BTreeSet<GrantId> = inherited.into_iter().collect();
		let grant = if owns {
			None
		} else {
			let grant = T::Consent::live_grant(parent_id, owner, Purpose::Derivation)
				.ok_or(Error::<T>::NoDerivationConsent)?;
			basis.insert(grant);
			Some(grant)
		};
		let basis = BoundedVec::try_from(basis.into_iter().collect::<Vec<_>>())
			.map_err(|_| Error::<T>::TooManyBasisGrants)?;
		Ok((basis, grant))
	}

	/// Registers a dataset for `owner`; see [`Pallet::register_dataset`]. Runs in its own
	/// storage layer, so that a failure after the derivation grant was consumed undoes it.
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
		frame_support::storage::with_storage_layer(|| {
			Self::register(
				owner,
				content_hash,
				metadata_hash,
				uri,
				license,
				sensitivity,
				parent,
				contributors,
			)
		})
	}

	#[allow(clippy::too_many_arguments)]
	fn register(
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
		let (basis, derivation_grant) = match parent {
			Some((parent_id, kind)) => {
				Self::derivation_basis_for(&owner, parent_id, kind, sensitivity)?
			},
			None => (BoundedVec::default(), None),
		};
		ensure!(provenance_primitives::is_valid_license(&license), Error::<T>::InvalidLicense);
		Self::ensure_valid_contributors(&contributors)?;
		let id = NextDatasetId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoIdsLeft)?;

		if let (Some(grant), Some((parent_id, _))) = (derivation_grant, parent) {
			let job_hash = sp_runtime::traits::BlakeTwo256::hash_of(&(b"derive", content_hash));
			T::Consent::consume(grant, parent_id, &owner, Purpose::Derivation, job_hash)?;
		}
		let deposit = Self::dataset_deposit(uri.len(), license.len(), &contributors)
			.saturating_add(Self::basis_deposit(basis.len()));
		Self::hold(HoldReason::DatasetDeposit, &owner, deposit)?;
		for grant in &basis {
			GrantDatasets::<T>::insert(grant, id, ());
			GrantDatasetCount::<T>::mutate(grant, |n| *n = n.saturating_add(1));
		}
		if !basis.is_empty() {
			DerivationBasis::<T>::insert(id, basis);
		}

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
				Self::dataset_deposit(uri.len(), record.license.len(), &record.contributors)
					.saturating_add(Self::basis_deposit(
						DerivationBasis::<T>::decode_len(id).unwrap_or(0),
					));
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
				Self::dataset_deposit(record.uri.len(), record.license.len(), &contributors)
					.saturating_add(Self::basis_deposit(
						DerivationBasis::<T>::decode_len(id).unwrap_or(0),
					));
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

	/// Whether a current attestor has attested the dataset de-identified: at most
	/// `MaxAttestations` reads.
	pub fn is_attested_deidentified(id: DatasetId) -> bool {
		(0..AttestationCount::<T>::get(id)).any(|index| {
			Attestations::<T>::get(id, index).is_some_and(|a| {
				a.kind == AttestationKind::Deidentified && Attestors::<T>::contains_key(&a.attestor)
			})
		})
	}

	/// See [`Pallet::set_sensitivity`].
	pub fn do_set_sensitivity(
		who: &T::AccountId,
		id: DatasetId,
		sensitivity: Sensitivity,
	) -> DispatchResult {
		Datasets::<T>::try_mutate(id, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			Self::ensure_owner_of_active(record, who)?;
			ensure!(
				sensitivity >= record.sensitivity || Self::is_attested_deidentified(id),
				Error::<T>::NotDeidentified
			);
			record.sensitivity = sensitivity;
			Ok(())
		})?;
		Self::deposit_event(Event::SensitivityChanged { id, sensitivity });
		Ok(())
	}

	/// See [`Pallet::dispute_dataset`].
	pub fn do_dispute_dataset(id: DatasetId, evidence_hash: H256) -> DispatchResult {
		ensure!(Datasets::<T>::contains_key(id), Error::<T>::UnknownDataset);
		ensure!(
			Disputes::<T>::get(id).is_none_or(|d| d.resolved_at.is_some()),
			Error::<T>::AlreadyDisputed
		);
		Disputes::<T>::insert(
			id,
			provenance_primitives::Dispute {
				evidence_hash,
				opened_at: frame_system::Pallet::<T>::block_number(),
				resolved_at: None,
				reassigned_to: None,
			},
		);
		Self::deposit_event(Event::DatasetDisputed { id, evidence_hash });
		Ok(())
	}

	/// See [`Pallet::resolve_dataset_dispute`].
	pub fn do_resolve_dataset_dispute(
		id: DatasetId,
		reassign_to: Option<T::AccountId>,
	) -> DispatchResult {
		use frame_support::traits::tokens::{Fortitude, Restriction};
		let mut record = Datasets::<T>::get(id).ok_or(Error::<T>::UnknownDataset)?;
		let mut dispute = Disputes::<T>::get(id)
			.filter(|d| d.resolved_at.is_none())
			.ok_or(Error::<T>::NotDisputed)?;
		dispute.resolved_at = Some(frame_system::Pallet::<T>::block_number());
		match reassign_to {
			Some(to) if to != record.owner => {
				// The squatter's deposit pays for the record under its rightful owner.
				T::Currency::transfer_on_hold(
					&HoldReason::DatasetDeposit.into(),
					&record.owner,
					&to,
					record.deposit,
					Precision::Exact,
					Restriction::OnHold,
					Fortitude::Force,
				)?;
				let from = core::mem::replace(&mut record.owner, to.clone());
				record.delegate = None;
				PendingOwner::<T>::remove(id);
				dispute.reassigned_to = Some(to.clone());
				Datasets::<T>::insert(id, record);
				Self::deposit_event(Event::DatasetReassigned { id, from, to });
			},
			_ => Self::deposit_event(Event::DisputeDismissed { id }),
		}
		Disputes::<T>::insert(id, dispute);
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
