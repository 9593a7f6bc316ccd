//! The session manager: hands the session pallet the set when it changed, and prunes
//! historical roots.
//!
//! The session pallet, when session `s` ends, starts `s + 1` with the set it queued before,
//! and asks for the set of `s + 2` ([`pallet_session::SessionManager::new_session`] with
//! `s + 2`): a change made during `s` takes effect in `s + 2`.

use super::*;
use pallet_session::historical;

impl<T: Config> Pallet<T> {
	/// The set for a new session, if it changed since the last one was planned (or at
	/// genesis), and is not empty. Clears [`SetChanged`].
	fn plan(session: SessionIndex, genesis: bool) -> Option<Vec<T::AccountId>> {
		if !genesis && !SetChanged::<T>::get() {
			return None;
		}
		SetChanged::<T>::kill();
		let validators = Validators::<T>::get();
		if validators.is_empty() {
			// Never hand over an empty set: the session pallet keeps the one it has.
			return None;
		}
		if !genesis {
			Self::deposit_event(Event::NewSetPlanned {
				session,
				validators: validators.len() as u32,
			});
		}
		Some(validators.into_inner())
	}

	/// Prunes the historical roots of sessions more than `HistoryDepth` before `session`.
	fn prune_history(session: SessionIndex) {
		let up_to = session.saturating_sub(T::HistoryDepth::get());
		// Nothing older is stored (or nothing at all): skip the write and the event.
		let stale = historical::StoredRange::<T>::get().is_some_and(|(start, _)| start < up_to);
		if stale {
			historical::Pallet::<T>::prune_up_to(up_to);
		}
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The set, if it changed since the last planned session; otherwise `None`, so that the
	/// session pallet keeps the set it has (and GRANDPA does not change authorities).
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan(new_index, false)
	}

	/// The set, if it is not empty.
	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan(new_index, true)
	}

	fn end_session(_end_index: SessionIndex) {}

	/// Prunes historical roots older than `HistoryDepth` sessions before `start_index`.
	fn start_session(start_index: SessionIndex) {
		Self::prune_history(start_index)
	}
}

/// The full identification of a validator is its account.
impl<T: Config> historical::SessionManager<T::AccountId, T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<(T::AccountId, T::AccountId)>> {
		<Self as pallet_session::SessionManager<_>>::new_session(new_index).map(with_identity)
	}

	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<(T::AccountId, T::AccountId)>> {
		<Self as pallet_session::SessionManager<_>>::new_session_genesis(new_index)
			.map(with_identity)
	}

	fn start_session(start_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(start_index)
	}

	fn end_session(end_index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::end_session(end_index)
	}
}

fn with_identity<A: Clone>(validators: Vec<A>) -> Vec<(A, A)> {
	validators.into_iter().map(|v| (v.clone(), v)).collect()
}
