//! # Datasets pallet
//!
//! Data owners register the datasets AI models are trained on: a manifest hash that
//! identifies the content, where to fetch it, its licence and sensitivity, the dataset it was
//! derived from, and who contributed to it. Attestors vouch for datasets (quality audits,
//! de-identification, licence checks).
//!
//! - A content hash names one dataset chain-wide. New content is a new version: a new
//!   dataset whose parent is the old one, so lineage is a tree that auditors can walk.
//! - Records are never deleted. Retiring a dataset stops new consent grants on it (see
//!   `pallet-consent`) but keeps it and its history queryable.
//! - Every record is paid for with a deposit held from its owner (or attestor), sized by
//!   the bytes it stores. A change of ownership moves the deposit to the new owner.
//! - Ownership moves in two steps (propose, accept). The delegate, who may manage consent
//!   for the owner, is cleared on a transfer.
//!
//! Other pallets read datasets through [`provenance_primitives::DatasetInspect`]; auditors
//! through the runtime API in `pallet-datasets-runtime-api`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult, Get},
	traits::{
		fungible::{self, MutateHold},
		tokens::Precision,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	check_page_size, DatasetAccess, DatasetId, DatasetInspect, Page, QueryError, Sensitivity,
	MAX_PAGE_SIZE,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A dataset's contributors and their shares, as calls take them and storage holds them.
pub type ContributorsOf<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, Perbill), <T as Config>::MaxContributors>;

// FRAME's expansion of the pallet sections uses `expect` (storage prefixes, error encoding);
// the pallet's own logic lives outside this module, where the lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds the dataset and attestation deposits.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Held for every dataset, whatever its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Held per byte of a dataset's URI, licence and encoded contributor list.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Held from an attestor for each attestation.
		#[pallet::constant]
		type AttestationDeposit: Get<BalanceOf<Self>>;

		/// The longest URI, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// The longest SPDX licence expression, in bytes.
		#[pallet::constant]
		type MaxLicenseLen: Get<u32>;

		/// The most contributors a dataset lists.
		#[pallet::constant]
		type MaxContributors: Get<u32>;

		/// The most attestations one dataset takes.
		#[pallet::constant]
		type MaxAttestations: Get<u32>;

		/// The longest custom attestation kind name, in bytes.
		#[pallet::constant]
		type MaxCustomKindLen: Get<u32>;

		/// The most members the attestor set has.
		#[pallet::constant]
		type MaxAttestors: Get<u32>;

		/// May add and remove attestors.
		type AttestorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A dataset record, held from its owner.
		DatasetDeposit,
		/// An attestation, held from its attestor.
		AttestationDeposit,
	}

	/// The id the next registered dataset gets.
	#[pallet::storage]
	pub type NextDatasetId<T> = StorageValue<_, DatasetId, ValueQuery>;

	/// Every dataset ever registered, retired ones included.
	#[pallet::storage]
	pub type Datasets<T: Config> = StorageMap<_, Twox64Concat, DatasetId, DatasetRecordOf<T>>;

	/// The dataset with each content hash. A content hash is registered once.
	#[pallet::storage]
	pub type DatasetByContentHash<T> = StorageMap<_, Blake2_128Concat, H256, DatasetId>;

	/// Lineage edges `(parent, child) -> kind`, so that a parent's children can be listed.
	#[pallet::storage]
	pub type Derivations<T> =
		StorageDoubleMap<_, Twox64Concat, DatasetId, Twox64Concat, DatasetId, DerivationKind>;

	/// Ownership offered by a dataset's owner and not yet accepted.
	#[pallet::storage]
	pub type PendingOwner<T: Config> = StorageMap<_, Twox64Concat, DatasetId, T::AccountId>;

	/// The accounts that may attest datasets.
	#[pallet::storage]
	pub type Attestors<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	/// Attestations on each dataset, numbered from 0 in the order they were made.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DatasetId, Twox64Concat, u32, AttestationOf<T>>;

	/// How many attestations each dataset has.
	#[pallet::storage]
	pub type AttestationCount<T> = StorageMap<_, Twox64Concat, DatasetId, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial attestor set, at most `MaxAttestors`, without repeats.
		pub attestors: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A bad genesis cannot start a chain, so failing loudly here is the convention.
			assert!(
				self.attestors.len() <= T::MaxAttestors::get() as usize,
				"more genesis attestors than MaxAttestors"
			);
			for who in &self.attestors {
				assert!(!Attestors::<T>::contains_key(who), "genesis attestor listed twice");
				Attestors::<T>::insert(who, ());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A dataset was registered, and `deposit` held from its owner.
		DatasetRegistered {
			id: DatasetId,
			owner: T::AccountId,
			content_hash: H256,
			parent: Option<(DatasetId, DerivationKind)>,
			deposit: BalanceOf<T>,
		},
		/// A dataset's metadata hash and URI changed; `deposit` is now held for it.
		MetadataUpdated { id: DatasetId, metadata_hash: H256, deposit: BalanceOf<T> },
		/// A dataset's contributor list was replaced; `deposit` is now held for it.
		ContributorsSet { id: DatasetId, count: u32, deposit: BalanceOf<T> },
		/// The owner offered the dataset to `to`, who has to accept.
		OwnershipTransferProposed { id: DatasetId, from: T::AccountId, to: T::AccountId },
		/// `to` accepted and now owns the dataset and holds its deposit; it has no delegate.
		OwnershipTransferred { id: DatasetId, from: T::AccountId, to: T::AccountId },
		/// The dataset's delegate changed (`None`: removed).
		DelegateSet { id: DatasetId, delegate: Option<T::AccountId> },
		/// The dataset takes no new consent grants from now on.
		DatasetRetired { id: DatasetId },
		/// `attestor` attested the dataset; the attestation is number `index` on it.
		DatasetAttested {
			id: DatasetId,
			attestor: T::AccountId,
			index: u32,
			kind: AttestationKindOf<T>,
		},
		/// `who` joined the attestor set.
		AttestorAdded { who: T::AccountId },
		/// `who` left the attestor set. Their attestations stay.
		AttestorRemoved { who: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No dataset has this id.
		UnknownDataset,
		/// Only the dataset's owner may do this.
		NotOwner,
		/// The dataset is retired.
		Retired,
		/// A dataset with this content hash is already registered.
		DuplicateContent,
		/// The parent dataset does not exist.
		UnknownParent,
		/// The licence is empty or has characters SPDX expressions do not use.
		InvalidLicense,
		/// Contributor shares do not add up to exactly 100%.
		SharesNotWhole,
		/// A contributor has a share of zero.
		ZeroShare,
		/// An account is listed as a contributor twice.
		DuplicateContributor,
		/// The account cannot afford the deposit.
		InsufficientDeposit,
		/// Every dataset id has been used.
		NoIdsLeft,
		/// The account already owns the dataset.
		AlreadyOwner,
		/// No ownership transfer is pending for the dataset.
		NoPendingTransfer,
		/// Ownership was offered to another account.
		NotPendingOwner,
		/// The owner cannot be their own delegate.
		DelegateIsOwner,
		/// The account is not an attestor.
		NotAttestor,
		/// The dataset has the most attestations it can take.
		TooManyAttestations,
		/// The account is already an attestor.
		AlreadyAttestor,
		/// The attestor set is full.
		TooManyAttestors,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// The benchmarks and every registration need a licence of at least one byte.
			assert!(T::MaxLicenseLen::get() > 0, "MaxLicenseLen must be at least 1");
			assert!(T::MaxAttestations::get() > 0, "MaxAttestations must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a dataset owned by the signer, who pays its deposit.
		///
		/// `parent`, if given, is an existing dataset (possibly retired) this one derives
		/// from. `contributors` is empty or has shares adding up to exactly 100%.
		///
		/// - Origin: signed.
		/// - Errors: `DuplicateContent`, `UnknownParent`, `InvalidLicense`, `ZeroShare`,
		///   `DuplicateContributor`, `SharesNotWhole`, `NoIdsLeft`, `InsufficientDeposit`.
		/// - Events: `DatasetRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_dataset(
			uri.len() as u32,
			license.len() as u32,
			contributors.len() as u32,
		))]
		pub fn register_dataset(
			origin: OriginFor<T>,
			content_hash: H256,
			metadata_hash: H256,
			uri: BoundedVec<u8, T::MaxUriLen>,
			license: BoundedVec<u8, T::MaxLicenseLen>,
			sensitivity: Sensitivity,
			parent: Option<(DatasetId, DerivationKind)>,
			contributors: ContributorsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_dataset(
				who,
				content_hash,
				metadata_hash,
				uri,
				license,
				sensitivity,
				parent,
				contributors,
			)
			.map(|_| ())
		}

		/// Replaces a dataset's metadata hash and URI, adjusting the deposit to the new size.
		/// The content hash never changes: new content is registered as a new version.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `Retired`, `InsufficientDeposit`.
		/// - Events: `MetadataUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_metadata(uri.len() as u32))]
		pub fn update_metadata(
			origin: OriginFor<T>,
			id: DatasetId,
			metadata_hash: H256,
			uri: BoundedVec<u8, T::MaxUriLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(&who, id, metadata_hash, uri)
		}

		/// Replaces a dataset's contributor list, adjusting the deposit to the new size.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `Retired`, `ZeroShare`,
		///   `DuplicateContributor`, `SharesNotWhole`, `InsufficientDeposit`.
		/// - Events: `ContributorsSet`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_contributors(contributors.len() as u32))]
		pub fn set_contributors(
			origin: OriginFor<T>,
			id: DatasetId,
			contributors: ContributorsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_contributors(&who, id, contributors)
		}

		/// Offers ownership of a dataset to `new_owner`, replacing any earlier offer.
		/// Nothing changes until they accept.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `Retired`, `AlreadyOwner`.
		/// - Events: `OwnershipTransferProposed`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			id: DatasetId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(&who, id, new_owner)
		}

		/// Accepts ownership offered to the signer. The deposit is held from the signer and
		/// released to the old owner, and the delegate is cleared.
		///
		/// - Origin: signed by the account ownership was offered to.
		/// - Errors: `UnknownDataset`, `NoPendingTransfer`, `NotPendingOwner`,
		///   `InsufficientDeposit`.
		/// - Events: `OwnershipTransferred`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::accept_ownership())]
		pub fn accept_ownership(origin: OriginFor<T>, id: DatasetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_ownership(who, id)
		}

		/// Names (or with `None` removes) the account that may manage consent on the
		/// dataset for its owner.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `Retired`, `DelegateIsOwner`.
		/// - Events: `DelegateSet`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_delegate())]
		pub fn set_delegate(
			origin: OriginFor<T>,
			id: DatasetId,
			delegate: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_delegate(&who, id, delegate)
		}

		/// Retires a dataset: it stays queryable but takes no new consent grants, and any
		/// pending ownership offer is withdrawn. The deposit stays held.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `Retired`.
		/// - Events: `DatasetRetired`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::retire_dataset())]
		pub fn retire_dataset(origin: OriginFor<T>, id: DatasetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire_dataset(&who, id)
		}

		/// Records an attestation on a dataset (retired ones too), holding
		/// `AttestationDeposit` from the attestor.
		///
		/// - Origin: signed by an attestor.
		/// - Errors: `NotAttestor`, `UnknownDataset`, `TooManyAttestations`,
		///   `InsufficientDeposit`.
		/// - Events: `DatasetAttested`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::attest_dataset(Pallet::<T>::custom_kind_len(kind)))]
		pub fn attest_dataset(
			origin: OriginFor<T>,
			id: DatasetId,
			kind: AttestationKindOf<T>,
			evidence_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attest_dataset(who, id, kind, evidence_hash).map(|_| ())
		}

		/// Adds `who` to the attestor set.
		///
		/// - Origin: `AttestorOrigin`.
		/// - Errors: `AlreadyAttestor`, `TooManyAttestors`.
		/// - Events: `AttestorAdded`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::add_attestor())]
		pub fn add_attestor(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AttestorOrigin::ensure_origin(origin)?;
			Self::do_add_attestor(who)
		}

		/// Removes `who` from the attestor set. Their attestations and deposits stay.
		///
		/// - Origin: `AttestorOrigin`.
		/// - Errors: `NotAttestor`.
		/// - Events: `AttestorRemoved`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_attestor())]
		pub fn remove_attestor(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AttestorOrigin::ensure_origin(origin)?;
			Self::do_remove_attestor(who)
		}
	}
}

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
	fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount).map_err(|e| match e {
			DispatchError::Token(_) => Error::<T>::InsufficientDeposit.into(),
			other => other,
		})
	}

	/// Releases exactly `amount` held from `who`.
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Brings a dataset deposit held from `who` from `old` to `new`.
	fn adjust_dataset_deposit(
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
	fn ensure_owner_of_active(record: &DatasetRecordOf<T>, who: &T::AccountId) -> DispatchResult {
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
		ensure!(Datasets::<T>::contains_key(id), QueryError::UnknownDataset(id));
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
		ensure!(Datasets::<T>::contains_key(id), QueryError::UnknownDataset(id));
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

impl<T: Config> DatasetInspect<T::AccountId> for Pallet<T> {
	fn dataset_access(id: DatasetId) -> Option<DatasetAccess<T::AccountId>> {
		Datasets::<T>::get(id).map(|record| DatasetAccess {
			owner: record.owner,
			delegate: record.delegate,
			sensitivity: record.sensitivity,
			active: record.status == DatasetStatus::Active,
		})
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

#[cfg(any(feature = "try-runtime", test))]
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
			if let Some((parent, kind)) = record.parent {
				ensure!(parent < id, "parent registered after its child");
				ensure!(Datasets::<T>::contains_key(parent), "parent dataset missing");
				ensure!(
					Derivations::<T>::get(parent, id) == Some(kind),
					"derivation edge missing or of another kind"
				);
			}
			ensure!(record.delegate.as_ref() != Some(&record.owner), "owner is own delegate");
			let held = dataset_deposits.entry(record.owner).or_default();
			*held = held.saturating_add(record.deposit);
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
