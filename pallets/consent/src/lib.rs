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
//! - Revocation takes effect at once. The dataset's current owner or delegate, or the grant's
//!   original grantor, may revoke.
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
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult, Get},
	traits::fungible::{self, MutateHold},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	check_page_size, ConsentInspect, DatasetId, DatasetInspect, GrantId, Page, Purpose, Purposes,
	QueryError, Sensitivity,
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
		/// `by` revoked the grant; it is no longer usable.
		ConsentRevoked { grant: GrantId, dataset: DatasetId, by: T::AccountId },
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
		/// Only the dataset's owner or delegate (or, to revoke, the grantor) may do this.
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
		/// first block at which it is no longer live) and for `max_uses` uses, under the
		/// terms hashed in `terms_hash`. Holds `GrantDeposit` from the signer. Expired and
		/// used-up grants to the same (dataset, grantee) are pruned from the live index.
		///
		/// - Origin: signed by the dataset's owner or its delegate.
		/// - Errors: `UnknownDataset`, `NotAllowed`, `DatasetRetired`, `NoPurposes`,
		///   `ExpiryInPast`, `ZeroMaxUses`, `OpenGrantOnSpecialCategory`,
		///   `TooManyLiveGrants`, `NoIdsLeft`, `InsufficientDeposit`.
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
			terms_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_consent(
				who, dataset, grantee, purposes, expires_at, max_uses, terms_hash,
			)
			.map(|_| ())
		}

		/// Revokes a grant from this block on. The record stays, with `revoked_at` set, and
		/// so does its deposit.
		///
		/// - Origin: signed by the dataset's current owner or delegate, or by the grant's
		///   grantor.
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

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
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

	/// Creates a grant by `grantor`; returns its id. See [`Pallet::grant_consent`].
	pub fn do_grant_consent(
		grantor: T::AccountId,
		dataset: DatasetId,
		grantee: GranteeOf<T>,
		purposes: Purposes,
		expires_at: Option<BlockNumberFor<T>>,
		max_uses: Option<u32>,
		terms_hash: H256,
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
				terms_hash,
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
		// A dataset gone from the datasets pallet leaves only the grantor able to revoke.
		let manages = T::Datasets::dataset_access(grant.dataset)
			.is_some_and(|access| access.may_manage_consent(&who));
		ensure!(manages || grant.grantor == who, Error::<T>::NotAllowed);
		ensure!(grant.revoked_at.is_none(), Error::<T>::AlreadyRevoked);

		grant.revoked_at = Some(Self::now());
		let mut live = LiveGrants::<T>::get(grant.dataset, &grant.grantee);
		live.retain(|other| *other != id);
		if live.is_empty() {
			LiveGrants::<T>::remove(grant.dataset, &grant.grantee);
		} else {
			LiveGrants::<T>::insert(grant.dataset, &grant.grantee, live);
		}
		let dataset = grant.dataset;
		Grants::<T>::insert(id, grant);
		Self::deposit_event(Event::ConsentRevoked { grant: id, dataset, by: who });
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
	fn do_use(
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

	/// The first grant in `LiveGrants[(dataset, grantee)]` usable for `purpose` now.
	fn first_live(dataset: DatasetId, grantee: &GranteeOf<T>, purpose: Purpose) -> Option<GrantId> {
		let now = Self::now();
		LiveGrants::<T>::get(dataset, grantee)
			.into_iter()
			.find(|id| Grants::<T>::get(id).is_some_and(|grant| grant.is_live_for(purpose, &now)))
	}
}

impl<T: Config> ConsentInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	/// Looks at the grants to `who` by name first, then at grants to anyone: at most
	/// `2 * MaxLiveGrants` grants read. Grants on retired datasets count; on datasets that
	/// do not exist, none do.
	fn live_grant(dataset: DatasetId, who: &T::AccountId, purpose: Purpose) -> Option<GrantId> {
		T::Datasets::dataset_access(dataset)?;
		Self::first_live(dataset, &Grantee::Account(who.clone()), purpose)
			.or_else(|| Self::first_live(dataset, &Grantee::Anyone, purpose))
	}

	/// Logs the use like `record_access` but holds no deposit: the calling pallet charges
	/// for it.
	fn consume(
		grant: GrantId,
		dataset: DatasetId,
		who: &T::AccountId,
		purpose: Purpose,
		job_hash: H256,
	) -> DispatchResult {
		Self::do_use(who.clone(), grant, Some(dataset), purpose, job_hash, Zero::zero()).map(|_| ())
	}

	fn revoked_at(grant: GrantId) -> Option<BlockNumberFor<T>> {
		Grants::<T>::get(grant).and_then(|g| g.revoked_at)
	}

	fn purposes(grant: GrantId) -> Option<Purposes> {
		Grants::<T>::get(grant).map(|g| g.purposes)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(
		owner: &T::AccountId,
		grantee: &T::AccountId,
	) -> Result<(DatasetId, GrantId), DispatchError> {
		let dataset = T::Datasets::benchmark_dataset(owner)?;
		fund_for_benchmark::<T>(owner, T::GrantDeposit::get());
		let grant = Self::do_grant_consent(
			owner.clone(),
			dataset,
			Grantee::Account(grantee.clone()),
			all_purposes(),
			None,
			None,
			H256::zero(),
		)?;
		Ok((dataset, grant))
	}
}

/// Every purpose.
pub fn all_purposes() -> Purposes {
	let mut purposes = Purposes::new();
	for purpose in Purpose::ALL {
		// Cannot fail: the bound is the number of purposes.
		let _ = purposes.try_insert(purpose);
	}
	purposes
}

/// Makes sure `who` can hold `amount` more, for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn fund_for_benchmark<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) {
	use frame_support::traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
	};
	use sp_runtime::traits::Saturating;
	let spendable = T::Currency::reducible_balance(who, Preservation::Protect, Fortitude::Polite);
	if spendable < amount {
		let topped_up = T::Currency::balance(who)
			.saturating_add(T::Currency::minimum_balance())
			.saturating_add(amount);
		T::Currency::set_balance(who, topped_up);
	}
}

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
			terms_hash: grant.terms_hash,
			grantor: grant.grantor,
			granted_at: grant.granted_at,
			revoked_at: grant.revoked_at,
			deposit: grant.deposit,
			live,
		}
	}

	/// The grant with this id, with whether it is live at the current block.
	pub fn grant_info(
		id: GrantId,
	) -> Option<GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>> {
		Grants::<T>::get(id).map(|grant| Self::to_info(id, grant, &Self::now()))
	}

	/// The grant under which `who` may use `dataset` for `purpose` now, if any; see
	/// [`ConsentInspect::live_grant`].
	pub fn consent_status(
		dataset: DatasetId,
		who: &T::AccountId,
		purpose: Purpose,
	) -> Result<Option<GrantId>, QueryError> {
		ensure!(
			T::Datasets::dataset_access(dataset).is_some(),
			QueryError::UnknownDataset(dataset)
		);
		Ok(<Self as ConsentInspect<_, _>>::live_grant(dataset, who, purpose))
	}

	/// At most `limit` grants from an index prefix, ascending by id, after `start_after`.
	fn grant_page(
		mut keys: impl Iterator<Item = GrantKey>,
		limit: u32,
	) -> Page<GrantInfo<T::AccountId, BlockNumberFor<T>, BalanceOf<T>>, GrantId> {
		let now = Self::now();
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

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants; see the storage docs and the checks below.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{BTreeMap, BTreeSet};
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::traits::Saturating;

		let now = Self::now();
		let next_id = NextGrantId::<T>::get();
		let mut grant_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut access_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();

		let mut grants = 0u64;
		for (id, grant) in Grants::<T>::iter() {
			grants = grants.saturating_add(1);
			ensure!(id < next_id, "grant id not below NextGrantId");
			ensure!(!grant.purposes.is_empty(), "grant without purposes");
			ensure!(grant.max_uses != Some(0), "grant allowing no uses");
			ensure!(
				grant.uses <= grant.max_uses.unwrap_or(u32::MAX),
				"grant used more than max_uses"
			);
			ensure!(
				DatasetGrants::<T>::contains_key(grant.dataset, GrantKey::from(id)),
				"grant missing from its dataset's index"
			);
			ensure!(
				GranteeGrants::<T>::contains_key(&grant.grantee, GrantKey::from(id)),
				"grant missing from its grantee's index"
			);
			let listed = LiveGrants::<T>::get(grant.dataset, &grant.grantee).contains(&id);
			if grant.revoked_at.is_some() {
				ensure!(!listed, "revoked grant in the live index");
			} else if grant.is_live_at(&now) && T::Datasets::dataset_access(grant.dataset).is_some()
			{
				ensure!(listed, "live grant missing from the live index");
			}
			let logged = AccessLog::<T>::iter_key_prefix(id).count();
			ensure!(logged == grant.uses as usize, "access log size differs from uses");
			let held = grant_deposits.entry(grant.grantor).or_default();
			*held = held.saturating_add(grant.deposit);
		}

		for (dataset, grantee, list) in LiveGrants::<T>::iter() {
			ensure!(!list.is_empty(), "empty live list stored");
			let mut seen = BTreeSet::new();
			for id in list {
				ensure!(seen.insert(id), "grant listed twice in a live list");
				let grant = Grants::<T>::get(id).ok_or("live index points to a missing grant")?;
				ensure!(grant.revoked_at.is_none(), "live index points to a revoked grant");
				ensure!(
					grant.dataset == dataset && grant.grantee == grantee,
					"live index points to a grant of another dataset or grantee"
				);
			}
		}

		let mut indexed = 0u64;
		for (dataset, key, ()) in DatasetGrants::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Grants::<T>::get(key.id()).is_some_and(|g| g.dataset == dataset),
				"dataset index points to a missing grant or one of another dataset"
			);
		}
		ensure!(indexed == grants, "dataset index and grants differ in number");

		let mut indexed = 0u64;
		for (grantee, key, ()) in GranteeGrants::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Grants::<T>::get(key.id()).is_some_and(|g| g.grantee == grantee),
				"grantee index points to a missing grant or one of another grantee"
			);
		}
		ensure!(indexed == grants, "grantee index and grants differ in number");

		for (id, index, record) in AccessLog::<T>::iter() {
			let grant = Grants::<T>::get(id).ok_or("access log of a missing grant")?;
			// With the count check above, this makes the indices exactly 0..uses.
			ensure!(index < grant.uses, "access log index not below uses");
			let held = access_deposits.entry(record.accessor).or_default();
			*held = held.saturating_add(record.deposit);
		}

		// Every account: those that owe deposits, and any other that holds something.
		let accounts = frame_system::Account::<T>::iter_keys()
			.chain(grant_deposits.keys().cloned())
			.chain(access_deposits.keys().cloned())
			.collect::<BTreeSet<_>>();
		for who in accounts {
			let grant_reason: T::RuntimeHoldReason = HoldReason::GrantDeposit.into();
			let access_reason: T::RuntimeHoldReason = HoldReason::AccessDeposit.into();
			ensure!(
				T::Currency::balance_on_hold(&grant_reason, &who)
					== grant_deposits.get(&who).copied().unwrap_or_default(),
				"grant deposit held differs from the deposits of the grants made"
			);
			ensure!(
				T::Currency::balance_on_hold(&access_reason, &who)
					== access_deposits.get(&who).copied().unwrap_or_default(),
				"access deposit held differs from the deposits of the uses logged"
			);
		}
		Ok(())
	}
}
