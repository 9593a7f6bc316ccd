//! # Validator set pallet
//!
//! A proof-of-authority validator set, governed on chain, that feeds `pallet-session` (and
//! through it the Aura and GRANDPA authorities). A consortium's validators are admitted and
//! removed by governance ([`Config::AddRemoveOrigin`]); nobody bonds or stakes anything, and an
//! offence costs the offender its seat, not funds.
//!
//! - [`Validators`] is the set the next planned session will use, between
//!   [`Config::MinValidators`] and [`Config::MaxValidators`] accounts without repeats.
//!   [`SetChanged`] says whether it changed since the last planned session.
//! - **Session manager.** The pallet is the session pallet's `SessionManager`, wrapped in
//!   `pallet_session::historical::NoteHistoricalRoot` so that every session's validator set
//!   keeps a historical root (GRANDPA equivocation proofs are checked against it). When a
//!   session ends, the session pallet plans the session after next: the pallet hands it the
//!   set only if it changed ([`Event::NewSetPlanned`]), and otherwise none, so that GRANDPA
//!   does not churn its authority set every session. It never hands over an empty set.
//! - **Timing.** A change made during session `s` (an addition, a removal, an offender
//!   removed) is planned when `s` ends and takes effect in session `s + 2`: the removed
//!   validator still validates for the rest of `s` and for all of `s + 1`, which the session
//!   pallet had already queued.
//! - **Session keys.** Only an account that registered session keys (`session.set_keys`)
//!   can be added ([`Error::NoKeys`]). Removing a validator leaves its keys alone; it may
//!   purge them itself (`session.purge_keys`), or keep them to be added again later. A
//!   validator that purges its keys while in the set is skipped by the session pallet.
//! - **Offences** (GRANDPA equivocations, reported through `pallet-offences`): each
//!   offender with a non-zero slash fraction still in the set is removed
//!   ([`Event::OffenderRemoved`]), unless that would leave fewer than `MinValidators`, in
//!   which case it stays and [`Event::OffenderKept`] tells governance. No funds are slashed.
//! - **History.** When a session starts, the historical roots of sessions more than
//!   [`Config::HistoryDepth`] sessions before it are pruned.
//!
//! ## Genesis
//!
//! `initial_validators` is stored as the set, and handed to the session pallet's genesis
//! (which runs after this pallet's: this pallet must come before `Session` in the runtime).
//! Each initial validator needs keys in the session pallet's genesis `keys`. An empty list
//! leaves the pallet without a set, and the session pallet falls back to its genesis `keys`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod dispatch;
#[cfg(test)]
mod mock;
mod offences;
mod session;
#[cfg(test)]
mod tests;
// Also with `std`, so that the runtime's own tests can check the invariants.
#[cfg(any(feature = "try-runtime", feature = "std", test))]
mod try_state;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, Get},
	traits::ValidatorRegistration,
	BoundedVec,
};
use sp_staking::SessionIndex;

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

	/// The session pallet's validator ids are the validators' accounts, and it keeps
	/// historical roots.
	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
		+ pallet_session::historical::Config
	{
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Adds and removes validators: governance.
		type AddRemoveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most validators the set holds.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators the set holds once it has any, at least 1. Neither
		/// governance nor an offence removes a validator below it.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// How many sessions before the current one keep their historical roots (so that
		/// equivocations in them can still be proven), at least 1. Older roots are pruned
		/// when a session starts.
		#[pallet::constant]
		type HistoryDepth: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The validator set the next planned session will use, without repeats, in the order
	/// they were added.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since the last planned session: if so, the next
	/// planned session gets the new set.
	#[pallet::storage]
	pub type SetChanged<T> = StorageValue<_, bool, ValueQuery>;

	/// The initial validator set.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial validators, between `MinValidators` and `MaxValidators` of them,
		/// without repeats; or none, to leave the set to the session pallet's genesis keys.
		/// Each needs session keys in the session pallet's genesis.
		pub initial_validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A bad genesis cannot start a chain, so failing loudly here is the convention.
			let validators = &self.initial_validators;
			if validators.is_empty() {
				return;
			}
			for (at, who) in validators.iter().enumerate() {
				assert!(
					!validators.iter().skip(at.saturating_add(1)).any(|other| other == who),
					"pallet-validator-set genesis: an initial validator is listed twice"
				);
			}
			assert!(
				validators.len() >= T::MinValidators::get() as usize,
				"pallet-validator-set genesis: fewer initial validators than MinValidators"
			);
			assert!(
				validators.len() <= T::MaxValidators::get() as usize,
				"pallet-validator-set genesis: more initial validators than MaxValidators"
			);
			let bounded =
				BoundedVec::<T::AccountId, T::MaxValidators>::truncate_from(validators.clone());
			Validators::<T>::put(bounded);
			// So that the session pallet's genesis, which runs next, takes the set.
			SetChanged::<T>::put(true);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joined the set; it validates from the session after next.
		ValidatorAdded { who: T::AccountId },
		/// `who` left the set; it validates until the end of the next session.
		ValidatorRemoved { who: T::AccountId },
		/// The changed set, of `validators` accounts, was handed to the session pallet for
		/// `session`.
		NewSetPlanned { session: SessionIndex, validators: u32 },
		/// `who` committed an offence in `session` and was removed from the set; it
		/// validates until the end of the next session.
		OffenderRemoved { who: T::AccountId, session: SessionIndex },
		/// `who` committed an offence in `session` but stays in the set, which is at
		/// `MinValidators`: governance should replace it.
		OffenderKept { who: T::AccountId, session: SessionIndex },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the set.
		AlreadyValidator,
		/// The account is not in the set.
		NotValidator,
		/// The set already holds `MaxValidators` accounts.
		TooManyValidators,
		/// The set holds only `MinValidators` accounts.
		TooFewValidators,
		/// The account has not registered session keys (`session.set_keys`).
		NoKeys,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must be at most MaxValidators"
			);
			assert!(T::HistoryDepth::get() >= 1, "HistoryDepth must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator set. It validates from the session after next (the
		/// next one is already queued).
		///
		/// - Origin: `AddRemoveOrigin`.
		/// - Errors: `AlreadyValidator`, `TooManyValidators`, `NoKeys` (`who` has not
		///   registered session keys).
		/// - Events: `ValidatorAdded`.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Removes `who` from the validator set. It validates until the end of the next
		/// session (already queued with it). Its session keys stay registered: it may be
		/// added again, or purge them itself.
		///
		/// - Origin: `AddRemoveOrigin`.
		/// - Errors: `NotValidator`, `TooFewValidators` (the set holds `MinValidators`).
		/// - Events: `ValidatorRemoved`.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The validator set the next planned session will use.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	/// Whether `who` is in the set the next planned session will use.
	pub fn is_validator(who: &T::AccountId) -> bool {
		Validators::<T>::get().contains(who)
	}

	/// The fewest validators the set may be left with: `MinValidators`, and never none.
	pub(crate) fn floor() -> usize {
		T::MinValidators::get().max(1) as usize
	}

	/// Whether `who` has session keys registered for the next session.
	pub(crate) fn has_keys(who: &T::AccountId) -> bool {
		<pallet_session::Pallet<T> as ValidatorRegistration<T::ValidatorId>>::is_registered(who)
	}
}
