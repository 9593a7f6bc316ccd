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
mod dispatch;
mod inspect;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod try_state;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub(crate) use inspect::benchmark_hash;

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
	check_page_size, ConsentInspect, DatasetAccess, DatasetId, DatasetInspect, GrantDependents,
	GrantId, InheritRefusal, Page, Purpose, QueryError, Sensitivity, MAX_PAGE_SIZE,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A derived dataset's derivation basis.
pub type DerivationBasisOf<T> = BoundedVec<GrantId, <T as Config>::MaxDerivationBasis>;

/// A dispute over a dataset.
pub type DisputeOf<T> = provenance_primitives::Dispute<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

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

		/// May mark a registration disputed and resolve the dispute, reassigning the
		/// dataset (Root until governance lands).
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Checks and consumes the grant under which someone who does not manage a dataset
		/// derives another from it.
		type Consent: ConsentInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// The most grants a derived dataset's derivation basis holds, its ancestors'
		/// included.
		#[pallet::constant]
		type MaxDerivationBasis: Get<u32>;

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

	/// The derivation basis of each derived dataset that has one: every grant under which it
	/// or an ancestor was derived by someone who did not manage the parent, ascending.
	#[pallet::storage]
	pub type DerivationBasis<T: Config> =
		StorageMap<_, Twox64Concat, DatasetId, DerivationBasisOf<T>, ValueQuery>;

	/// `(grant, dataset)`: every dataset whose derivation basis holds the grant.
	#[pallet::storage]
	pub type GrantDatasets<T> =
		StorageDoubleMap<_, Twox64Concat, GrantId, Twox64Concat, DatasetId, ()>;

	/// How many datasets hold each grant in their derivation basis.
	#[pallet::storage]
	pub type GrantDatasetCount<T> = StorageMap<_, Twox64Concat, GrantId, u32, ValueQuery>;

	/// Disputes governance opened over registrations, kept once resolved.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DatasetId, DisputeOf<T>>;

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
		/// The owner withdrew the offer of the dataset to `to`.
		OwnershipTransferCancelled { id: DatasetId, to: T::AccountId },
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
		/// The owner changed the dataset's sensitivity.
		SensitivityChanged { id: DatasetId, sensitivity: Sensitivity },
		/// Governance marked the registration disputed, with the evidence hashed.
		DatasetDisputed { id: DatasetId, evidence_hash: H256 },
		/// Governance resolved the dispute, leaving the dataset with its owner.
		DisputeDismissed { id: DatasetId },
		/// Governance resolved the dispute by giving the dataset, and the deposit held for
		/// it, to `to`. Its delegate and any pending offer are cleared.
		DatasetReassigned { id: DatasetId, from: T::AccountId, to: T::AccountId },
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
		/// Only the parent's owner may publish a new version of it.
		NewVersionByOwnerOnly,
		/// Deriving from a dataset one does not manage needs a live grant on it for
		/// `Purpose::Derivation`.
		NoDerivationConsent,
		/// A derived dataset may not be less sensitive than its parent; lower it later
		/// with `set_sensitivity` once an attestor has attested it de-identified.
		SensitivityBelowParent,
		/// Lowering a dataset's sensitivity needs a `Deidentified` attestation by a current
		/// attestor.
		NotDeidentified,
		/// The derivation basis would hold more than `MaxDerivationBasis` grants.
		TooManyBasisGrants,
		/// The parent's derivation basis holds a revoked grant.
		TaintedParent,
		/// The parent's derivation basis holds an expired grant.
		InheritedConsentExpired,
		/// The parent's derivation basis holds a grant that does not cover derivation.
		InheritedPurposeNotCovered,
		/// The parent's derivation basis holds a grant whose terms do not let the
		/// registrant derive.
		InheritedDerivationNotAllowed,
		/// The registration is already under an open dispute.
		AlreadyDisputed,
		/// The registration has no open dispute.
		NotDisputed,
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
		/// from. Deriving needs the parent owner's consent: the signer owns the parent, or
		/// holds a live grant on it for `Purpose::Derivation` (a delegate may issue one to
		/// itself), which is consumed (logged like a training use) and joins the new
		/// dataset's derivation basis with the parent's, so that the owner can revoke it.
		/// Only the owner may publish a `NewVersion`. A derived
		/// dataset is at least as sensitive as its parent. `contributors` is empty or has
		/// shares adding up to exactly 100%.
		///
		/// - Origin: signed.
		/// - Errors: `DuplicateContent`, `UnknownParent`, `NewVersionByOwnerOnly`,
		///   `SensitivityBelowParent`, per inherited grant `TaintedParent`,
		///   `InheritedConsentExpired`, `InheritedPurposeNotCovered`,
		///   `InheritedDerivationNotAllowed`; `NoDerivationConsent`, `TooManyBasisGrants`,
		///   `InvalidLicense`, `ZeroShare`, `DuplicateContributor`, `SharesNotWhole`,
		///   `NoIdsLeft`, the consent pallet's error for the derivation grant,
		///   `InsufficientDeposit`.
		/// - Events: `DatasetRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_dataset(
			uri.len() as u32,
			license.len() as u32,
			contributors.len() as u32,
		).saturating_add(if parent.is_some() {
			// The benchmark finds the derivation grant at once; a full live list is read in
			// the worst case.
			T::WeightInfo::derive_dataset(T::MaxDerivationBasis::get())
				.saturating_add(T::DbWeight::get().reads(T::Consent::live_grant_reads().into()))
		} else {
			Weight::zero()
		}))]
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

		/// Withdraws the offer of the dataset made with `transfer_ownership`.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `NoPendingTransfer`.
		/// - Events: `OwnershipTransferCancelled`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel_ownership_transfer())]
		pub fn cancel_ownership_transfer(origin: OriginFor<T>, id: DatasetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_ownership_transfer(&who, id)
		}

		/// Changes the dataset's sensitivity. Raising it is always allowed; lowering it
		/// needs a `Deidentified` attestation on the dataset by an account that is an
		/// attestor now.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownDataset`, `NotOwner`, `Retired`, `NotDeidentified`.
		/// - Events: `SensitivityChanged`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_sensitivity(T::MaxAttestations::get()))]
		pub fn set_sensitivity(
			origin: OriginFor<T>,
			id: DatasetId,
			sensitivity: Sensitivity,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_sensitivity(&who, id, sensitivity)
		}

		/// Marks the registration disputed, say a content hash squatted from the pool. The
		/// dataset, its grants and lineage stay usable and readable; every query flags them.
		///
		/// - Origin: `DisputeOrigin`.
		/// - Errors: `UnknownDataset`, `AlreadyDisputed`.
		/// - Events: `DatasetDisputed`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::dispute_dataset())]
		pub fn dispute_dataset(
			origin: OriginFor<T>,
			id: DatasetId,
			evidence_hash: H256,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_dispute_dataset(id, evidence_hash)
		}

		/// Resolves an open dispute: with `reassign_to`, gives the dataset and the deposit
		/// held for it to that account, clearing its delegate and any pending offer;
		/// without, dismisses it. The dispute stays on record either way.
		///
		/// - Origin: `DisputeOrigin`.
		/// - Errors: `UnknownDataset`, `NotDisputed`.
		/// - Events: `DatasetReassigned` or `DisputeDismissed`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::resolve_dataset_dispute())]
		pub fn resolve_dataset_dispute(
			origin: OriginFor<T>,
			id: DatasetId,
			reassign_to: Option<T::AccountId>,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_resolve_dataset_dispute(id, reassign_to)
		}
	}
}
