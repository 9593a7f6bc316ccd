//! Unit tests, by concern: genesis; each call's success path, errors and events; the
//! session manager (timing, no churn, historical roots and their pruning); offences; attacks
//! on the set; the invariant checks.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks, weights::Weight};
use pallet_session::historical::{HistoricalSessions, StoredRange};
use sp_runtime::{testing::UintAuthorityId, DispatchError, Perbill};
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

mod add;
mod attacks;
mod genesis;
mod invariants;
mod offences;
mod remove;
mod session;

/// This pallet's events, oldest first.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ValidatorSet(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The session pallet's events, oldest first.
fn session_events() -> Vec<pallet_session::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Session(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The `NewSetPlanned` events, as `(session, validators)`.
fn planned() -> Vec<(SessionIndex, u32)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::NewSetPlanned { session, validators } => Some((session, validators)),
			_ => None,
		})
		.collect()
}

fn add(who: u64) -> DispatchResult {
	ValidatorSet::add_validator(RuntimeOrigin::root(), who)
}

fn remove(who: u64) -> DispatchResult {
	ValidatorSet::remove_validator(RuntimeOrigin::root(), who)
}

/// Registers `who`'s session keys, `UintAuthorityId(who)`, as `who` would.
fn register_keys(who: u64) {
	assert_ok!(Session::set_keys(RuntimeOrigin::signed(who), UintAuthorityId(who), vec![]));
}

/// Runs blocks up to the next session rotation.
fn next_session() {
	let now = System::block_number();
	let target = (now / SESSION_LENGTH + 1) * SESSION_LENGTH;
	let index = Session::current_index();
	System::run_to_block::<AllPalletsWithSystem>(target);
	assert_eq!(Session::current_index(), index + 1);
}

/// The validators of the active session, as the session pallet has them.
fn active() -> Vec<u64> {
	pallet_session::Validators::<Test>::get()
}

/// The validators queued for the next session.
fn queued() -> Vec<u64> {
	Session::queued_keys().into_iter().map(|(v, _)| v).collect()
}

/// Reports one offence in `session` by each `(offender, slash fraction)`, as
/// `pallet-offences` would.
fn report(offenders: &[(u64, Perbill)], session: SessionIndex) -> Weight {
	let details: Vec<OffenceDetails<u64, (u64, u64)>> = offenders
		.iter()
		.map(|(who, _)| OffenceDetails { offender: (*who, *who), reporters: vec![] })
		.collect();
	let fractions: Vec<Perbill> = offenders.iter().map(|(_, f)| *f).collect();
	<ValidatorSet as OnOffenceHandler<u64, (u64, u64), Weight>>::on_offence(
		&details, &fractions, session,
	)
}

fn slash() -> Perbill {
	Perbill::from_percent(10)
}
