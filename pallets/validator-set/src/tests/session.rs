//! The session manager: a set only when it changed, never an empty one; historical roots
//! noted every session and pruned beyond `HistoryDepth`.

use super::*;
use pallet_session::{historical, SessionManager};

#[test]
fn an_unchanged_set_is_not_handed_over_again() {
	build_and_execute(|| {
		let changes = authority_changes();
		for _ in 0..4 {
			next_session();
			assert_eq!(active(), vec![1, 2, 3]);
			assert_eq!(active_authorities(), vec![1, 2, 3]);
		}
		// No new set was planned or queued, and the handler never saw a change (so GRANDPA
		// would not have scheduled an authority set change).
		assert!(planned().is_empty());
		assert!(!session_events().contains(&pallet_session::Event::NewQueued));
		assert_eq!(authority_changes(), changes);
		// Yet every planned session has a historical root: the last one's, carried over.
		let current = Session::current_index();
		assert_eq!(current, 4);
		let genesis_root = HistoricalSessions::<Test>::get(1).expect("genesis root");
		for index in 2..=current + 1 {
			assert_eq!(HistoricalSessions::<Test>::get(index), Some(genesis_root));
		}
	});
}

#[test]
fn a_changed_set_is_handed_over_once() {
	build_and_execute(|| {
		assert_ok!(add(CANDIDATE));
		next_session();
		assert_eq!(planned(), vec![(2, 4)]);
		assert_eq!(
			session_events().iter().filter(|e| **e == pallet_session::Event::NewQueued).count(),
			1
		);
		next_session();
		next_session();
		assert_eq!(planned(), vec![(2, 4)]);
		assert_eq!(active(), vec![1, 2, 3, CANDIDATE]);
		// The new set has a root of its own.
		assert_ne!(HistoricalSessions::<Test>::get(2), HistoricalSessions::<Test>::get(1));
		assert_eq!(
			HistoricalSessions::<Test>::get(2).map(|(_, count)| count),
			Some(4),
			"the root counts the new set"
		);
	});
}

#[test]
fn new_session_returns_the_set_only_when_it_changed() {
	build_and_execute(|| {
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(7), None);
		assert_ok!(add(CANDIDATE));
		assert_eq!(
			<ValidatorSet as SessionManager<u64>>::new_session(7),
			Some(vec![1, 2, 3, CANDIDATE])
		);
		assert!(!SetChanged::<Test>::get());
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(8), None);
		assert_eq!(planned(), vec![(7, 4)]);
		// The historical flavour pairs each validator with itself.
		assert_ok!(remove(CANDIDATE));
		assert_eq!(
			<ValidatorSet as historical::SessionManager<u64, u64>>::new_session(9),
			Some(vec![(1, 1), (2, 2), (3, 3)])
		);
		assert_eq!(<ValidatorSet as historical::SessionManager<u64, u64>>::new_session(10), None);
	});
}

#[test]
fn an_empty_set_is_never_handed_over() {
	build_and_execute(|| {
		Validators::<Test>::kill();
		SetChanged::<Test>::put(true);
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(2), None);
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session_genesis(0), None);
		assert!(planned().is_empty());
		// The session pallet keeps the set it has.
		Validators::<Test>::kill();
		SetChanged::<Test>::put(true);
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2, 3]);
		Validators::<Test>::put(BoundedVec::truncate_from(vec![1, 2, 3]));
	});
}

#[test]
fn genesis_always_gets_the_set() {
	build_and_execute(|| {
		assert!(!SetChanged::<Test>::get());
		assert_eq!(
			<ValidatorSet as SessionManager<u64>>::new_session_genesis(0),
			Some(vec![1, 2, 3])
		);
		assert_eq!(
			<ValidatorSet as historical::SessionManager<u64, u64>>::new_session_genesis(1),
			Some(vec![(1, 1), (2, 2), (3, 3)])
		);
		assert!(!SetChanged::<Test>::get());
	});
}

#[test]
fn historical_roots_are_kept_for_history_depth_sessions() {
	build_and_execute(|| {
		for _ in 0..10 {
			next_session();
			let current = Session::current_index();
			let first = current.saturating_sub(HISTORY_DEPTH);
			// The current session's root, the queued next one's, and at most
			// `HistoryDepth` before the current one.
			assert_eq!(StoredRange::<Test>::get(), Some((first, current + 2)));
			for index in 0..first {
				assert!(HistoricalSessions::<Test>::get(index).is_none(), "{index} pruned");
			}
			for index in first..current + 2 {
				assert!(HistoricalSessions::<Test>::get(index).is_some(), "{index} kept");
			}
		}
		assert_eq!(Session::current_index(), 10);
		assert_eq!(HistoricalSessions::<Test>::iter().count(), HISTORY_DEPTH as usize + 2);
	});
}

#[test]
fn nothing_is_pruned_before_history_depth_sessions_passed() {
	build_and_execute(|| {
		for _ in 0..HISTORY_DEPTH {
			next_session();
			assert_eq!(StoredRange::<Test>::get().map(|(first, _)| first), Some(0));
		}
		let pruned = System::events()
			.into_iter()
			.filter(|r| {
				matches!(r.event, RuntimeEvent::Historical(historical::Event::RootsPruned { .. }))
			})
			.count();
		assert_eq!(pruned, 0);
		next_session();
		assert_eq!(StoredRange::<Test>::get().map(|(first, _)| first), Some(1));
	});
}

#[test]
fn a_validator_that_purges_its_keys_is_skipped_by_the_session_pallet() {
	build_and_execute(|| {
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(3)));
		// Still in this pallet's set, but the session pallet has no keys to queue.
		assert_ok!(add(CANDIDATE));
		next_session();
		next_session();
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, CANDIDATE]);
		assert_eq!(active(), vec![1, 2, CANDIDATE]);
	});
}
