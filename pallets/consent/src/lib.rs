//! # Consent pallet
//!
//! A dataset's owner (or the delegate they named) grants consent to use the dataset: to one
//! account or to anyone, for a set of purposes, optionally until a block and for a number of
//! uses, under terms identified by a hash. Grantees log each use with a job hash, so that an
//! auditor can see who used which data, for what, under which consent.
//!
//! - A grant is live while it is not revoked, `now < expires_at` (`expires_at` is the first
//!   block at which it is no longer live) and it has uses left; using it also needs a purpose
//!   it covers. [`Grant::usable_for`] is the one place this rule lives. Expiry is checked when
//!   a grant is used: no hook sweeps anything.
//! - Revocation takes effect at once. Authority over a grant belongs to the dataset: only its
//!   current owner or delegate may revoke, whoever granted it. A seller or a removed delegate
//!   keeps no power over grants they once made.
//! - A grant records the consent in the sense of ISO/IEC TS 27560 ([`GrantTerms`]: the data
//!   subject reference, controller, legal basis, jurisdiction and notice version) and the
//!   grantor's terms for what is built on it: who may derive ([`provenance_primitives::DerivativeScope`]) and what a
//!   revocation means for models already trained ([`RevocationEffect`]).
//! - Queries answer for the next block: a grant that expires at block `N + 1` is not live
//!   in a query at block `N`, because a use submitted then lands in `N + 1` at the earliest.
//! - Retiring a dataset stops new grants on it; grants made before stay usable until revoked.
//! - Special-category datasets (health, biometric) may only be granted to named accounts.
//! - Nothing is deleted: grants and access logs are permanent, and so are the deposits held
//!   for them (`GrantDeposit` from the grantor, `AccessDeposit` from whoever logs a use with
//!   `record_access`).
//! - Lookups are bounded: [`LiveGrants`] lists at most `MaxLiveGrants` grants per (dataset,
//!   grantee). A revoked grant leaves it at once; expired and used-up grants are pruned when
//!   a grant is added to the same list.
//!
//! Datasets come from another pallet through [`provenance_primitives::DatasetInspect`];
//! other pallets check and consume consent through [`provenance_primitives::ConsentInspect`];
//! auditors query through the runtime API in `pallet-consent-runtime-api`.

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

pub use inspect::all_purposes;
#[cfg(feature = "runtime-benchmarks")]
pub(crate) use inspect::fund_for_benchmark;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult, Get},
	traits::fungible::{self, MutateHold},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	check_page_size, ConsentInspect, DatasetId, DatasetInspect, GrantDependents, GrantId,
	InheritRefusal, Page, Purpose, Purposes, QueryError, RevocationEffect, Sensitivity,
};
use sp_core::H256;
use sp_runtime::traits::Zero;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The grant ids in one (dataset, grantee) live list.
pub type LiveListOf<T> = BoundedVec<GrantId, <T as Config>::MaxLiveGrants>;

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
		/// Holds the grant and access deposits.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who owns each dataset, who may manage its consent, and whether it takes grants.
		type Datasets: DatasetInspect<Self::AccountId>;

		/// What a revocation taints downstream, for the `ConsentRevoked` event. `()` reports
		/// nothing.
		type Dependents: GrantDependents;

		/// Held from the grantor for every grant, for good: grants are kept forever.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// Held from the accessor for every use logged with `record_access`.
		#[pallet::constant]
		type AccessDeposit: Get<BalanceOf<Self>>;

		/// The most live grants one (dataset, grantee) pair has: the bound of every lookup.
		#[pallet::constant]
		type MaxLiveGrants: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A grant, held from its grantor.
		GrantDeposit,
		/// An access-log entry, held from its accessor.
		AccessDeposit,
	}

	/// The id the next grant gets.
	#[pallet::storage]
	pub type NextGrantId<T> = StorageValue<_, GrantId, ValueQuery>;

	/// Every grant ever made, revoked ones included.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantOf<T>>;

	/// The grants per (dataset, grantee) that may be live: every unrevoked grant that is
	/// neither expired nor used up is here, and no revoked one. Expired and used-up grants
	/// may linger until the next grant to the same pair prunes them. Empty lists are not
	/// stored.
	#[pallet::storage]
	pub type LiveGrants<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatasetId,
		Blake2_128Concat,
		GranteeOf<T>,
		LiveListOf<T>,
		ValueQuery,
	>;

	/// Every grant ever made on each dataset, in ascending id order.
	#[pallet::storage]
	pub type DatasetGrants<T> =
		StorageDoubleMap<_, Twox64Concat, DatasetId, Identity, GrantKey, (), OptionQuery>;

	/// Every grant ever made to each grantee, in ascending id order.
	#[pallet::storage]
	pub type GranteeGrants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, GranteeOf<T>, Identity, GrantKey, (), OptionQuery>;

	/// The uses of each grant, numbered from 0 in the order they were logged.
	#[pallet::storage]
	pub type AccessLog<T: Config> =
		StorageDoubleMap<_, Twox64Concat, GrantId, Twox64Concat, u32, AccessRecordOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `grantor` granted consent to use `dataset`; `GrantDeposit` is held from them.
		ConsentGranted {
			grant: GrantId,
			dataset: DatasetId,
			grantee: GranteeOf<T>,
			grantor: T::AccountId,
			purposes: Purposes,
			expires_at: Option<BlockNumberFor<T>>,
			max_uses: Option<u32>,
		},
		/// `by` revoked the grant; it is no longer usable, and nothing new may be built on
		/// it. `tainted_models` models hold it in their consent basis and `tainted_datasets`
		/// derived datasets in their derivation basis; `effect` says whether the models must
		/// stop being used.
		ConsentRevoked {
			grant: GrantId,
			dataset: DatasetId,
			by: T::AccountId,
			tainted_models: u32,
			tainted_datasets: u32,
			effect: RevocationEffect,
		},
		/// `accessor` used the grant for `purpose`; the use is entry `index` of its log.
		AccessRecorded {
			grant: GrantId,
			dataset: DatasetId,
			accessor: T::AccountId,
			purpose: Purpose,
			job_hash: H256,
			index: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No dataset has this id.
		UnknownDataset,
		/// Only the dataset's current owner or delegate may do this.
		NotAllowed,
		/// The dataset is retired and takes no new grants.
		DatasetRetired,
		/// A grant must name at least one purpose.
		NoPurposes,
		/// The expiry block is not after the current block.
		ExpiryInPast,
		/// A grant must allow at least one use.
		ZeroMaxUses,
		/// Special-category datasets may only be granted to named accounts.
		OpenGrantOnSpecialCategory,
		/// The (dataset, grantee) pair has the most live grants it can have.
		TooManyLiveGrants,
		/// The account cannot afford the deposit.
		InsufficientDeposit,
		/// Every grant id has been used.
		NoIdsLeft,
		/// No grant has this id.
		UnknownGrant,
		/// The grant is already revoked.
		AlreadyRevoked,
		/// The grant is to another account.
		NotGrantee,
		/// The grant was revoked.
		ConsentRevoked,
		/// The grant has expired.
		ConsentExpired,
		/// The grant does not cover this purpose.
		PurposeNotCovered,
		/// The grant's uses are all logged.
		UsesExhausted,
		/// The grant is for another dataset.
		GrantDatasetMismatch,
		/// The jurisdiction is not two ASCII capital letters (ISO 3166-1 alpha-2).
		InvalidJurisdiction,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// A grant must always fit in its (dataset, grantee) list once stale ones are gone.
			assert!(T::MaxLiveGrants::get() > 0, "MaxLiveGrants must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grants `grantee` consent to use `dataset` for `purposes`, until `expires_at` (the
		/// first block at which it is no longer live) and for `max_uses` uses, under `terms`:
		/// the consent record (terms hash, data subject reference, controller, legal basis,
		/// jurisdiction, notice version), who may derive from what is built with it, and what
		/// a revocation means for models already trained. Holds `GrantDeposit` from the
		/// signer. Expired and used-up grants to the same (dataset, grantee) are pruned from
		/// the live index. Weighed for `MaxLiveGrants` listed grants, refunded to the number
		/// listed.
		///
		/// - Origin: signed by the dataset's owner or its delegate.
		/// - Errors: `UnknownDataset`, `NotAllowed`, `DatasetRetired`, `NoPurposes`,
		///   `ExpiryInPast`, `ZeroMaxUses`, `InvalidJurisdiction`,
		///   `OpenGrantOnSpecialCategory`, `TooManyLiveGrants`, `NoIdsLeft`,
		///   `InsufficientDeposit`.
		/// - Events: `ConsentGranted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant_consent(T::MaxLiveGrants::get()))]
		pub fn grant_consent(
			origin: OriginFor<T>,
			dataset: DatasetId,
			grantee: GranteeOf<T>,
			purposes: Purposes,
			expires_at: Option<BlockNumberFor<T>>,
			max_uses: Option<u32>,
			terms: GrantTermsOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			// Charged for a full list up front; refunded to the list actually scanned.
			let listed = LiveGrants::<T>::decode_len(dataset, &grantee).unwrap_or_default();
			let listed = u32::try_from(listed).unwrap_or(u32::MAX).min(T::MaxLiveGrants::get());
			Self::do_grant_consent(who, dataset, grantee, purposes, expires_at, max_uses, terms)?;
			Ok(Some(T::WeightInfo::grant_consent(listed)).into())
		}

		/// Revokes a grant from this block on. The record stays, with `revoked_at` set, and
		/// so does its deposit.
		///
		/// - Origin: signed by the dataset's current owner or delegate, whoever granted it.
		/// - Errors: `UnknownGrant`, `NotAllowed`, `AlreadyRevoked`.
		/// - Events: `ConsentRevoked`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_consent(who, grant)
		}

		/// Logs one use of a grant for `purpose` by the signer, e.g. a compute job identified
		/// by `job_hash`, and holds `AccessDeposit` from them. The use counts towards
		/// `max_uses`. Grants on retired datasets stay usable until revoked.
		///
		/// - Origin: signed by the grantee, or by anyone for a grant to anyone.
		/// - Errors: `UnknownGrant`, `NotGrantee`, `ConsentRevoked`, `ConsentExpired`,
		///   `PurposeNotCovered`, `UsesExhausted`, `InsufficientDeposit`.
		/// - Events: `AccessRecorded`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::record_access())]
		pub fn record_access(
			origin: OriginFor<T>,
			grant: GrantId,
			purpose: Purpose,
			job_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_access(who, grant, purpose, job_hash).map(|_| ())
		}
	}
}
