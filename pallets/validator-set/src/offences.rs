//! Offences: an offender loses its seat (no funds are slashed), unless the set is at its
//! minimum.

use super::*;
use alloc::collections::BTreeSet;
use frame_support::weights::Weight;
use pallet_session::historical::IdentificationTuple;
use sp_runtime::Perbill;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

impl<T: Config> OnOffenceHandler<T::AccountId, IdentificationTuple<T>, Weight> for Pallet<T> {
	/// Removes from the set each offender with a non-zero slash fraction that is still in
	/// it ([`Event::OffenderRemoved`]), unless the set is at `MinValidators`: then the
	/// offender stays ([`Event::OffenderKept`]) for governance to deal with. An offender
	/// reported again (`pallet-offences` repeats earlier offenders of the same kind and
	/// session) and no longer in the set is passed over.
	///
	/// Like a removal by governance, the removal takes effect when the next session is
	/// planned: the offender validates for the rest of this session and all of the next,
	/// and the session after next becomes active without it. (Disabling it sooner is the
	/// session pallet's `DisablingStrategy`'s business.)
	///
	/// Returns the weight of the reads, writes and events.
	fn on_offence(
		offenders: &[OffenceDetails<T::AccountId, IdentificationTuple<T>>],
		slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		let mut validators = Validators::<T>::get();
		let mut removed = false;
		let mut events: u64 = 0;
		// An offender listed twice in one report is dealt with once.
		let mut handled = BTreeSet::new();
		for (details, fraction) in offenders.iter().zip(slash_fraction) {
			let who = &details.offender.0;
			if fraction.is_zero() || !validators.contains(who) || !handled.insert(who) {
				continue;
			}
			if validators.len() > Self::floor() {
				validators.retain(|v| v != who);
				removed = true;
				Self::deposit_event(Event::OffenderRemoved { who: who.clone(), session });
			} else {
				Self::deposit_event(Event::OffenderKept { who: who.clone(), session });
			}
			events = events.saturating_add(1);
		}
		// Each event is a write to the system pallet's events.
		let mut writes = events;
		if removed {
			Validators::<T>::put(validators);
			SetChanged::<T>::put(true);
			writes = writes.saturating_add(2);
		}
		T::DbWeight::get().reads_writes(1, writes)
	}
}
