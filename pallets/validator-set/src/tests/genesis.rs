//! The genesis set, handed to the session pallet's genesis; bad genesis sets refused.

use super::*;

#[test]
fn genesis_set_is_stored_and_taken_by_the_session_pallet() {
	build_and_execute(|| {
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
		// The session pallet's genesis took the set, clearing the flag.
		assert!(!SetChanged::<Test>::get());
		assert_eq!(active(), vec![1, 2, 3]);
		assert_eq!(queued(), vec![1, 2, 3]);
		assert_eq!(active_authorities(), vec![1, 2, 3]);
		// Both genesis sessions have historical roots.
		assert_eq!(StoredRange::<Test>::get(), Some((0, 2)));
		assert!(HistoricalSessions::<Test>::get(0).is_some());
		assert!(HistoricalSessions::<Test>::get(1).is_some());
		// Genesis deposits no events.
		assert!(events().is_empty());
	});
}

#[test]
fn genesis_set_other_than_the_session_keys_wins() {
	new_test_ext_with(vec![2, 3, CANDIDATE]).execute_with(|| {
		assert_eq!(ValidatorSet::validators(), vec![2, 3, CANDIDATE]);
		assert_eq!(active(), vec![2, 3, CANDIDATE]);
		assert_eq!(active_authorities(), vec![2, 3, CANDIDATE]);
	});
}

#[test]
fn empty_genesis_leaves_the_set_to_the_session_keys() {
	new_test_ext_with(vec![]).execute_with(|| {
		assert!(ValidatorSet::validators().is_empty());
		assert!(!SetChanged::<Test>::get());
		// The session pallet fell back to its genesis keys.
		assert_eq!(active(), vec![1, 2, 3]);
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2, 3]);
		assert!(planned().is_empty());
		assert_ok!(ValidatorSet::do_try_state());
	});
}

#[test]
#[should_panic(expected = "listed twice")]
fn genesis_with_a_duplicate_is_refused() {
	let _ = new_test_ext_with(vec![1, 2, 1]);
}

#[test]
#[should_panic(expected = "more initial validators than MaxValidators")]
fn genesis_above_max_is_refused() {
	let _ = new_test_ext_with((1..=u64::from(MAX_VALIDATORS) + 1).collect());
}

#[test]
#[should_panic(expected = "fewer initial validators than MinValidators")]
fn genesis_below_min_is_refused() {
	let _ = new_test_ext_with(vec![1]);
}

#[test]
fn genesis_at_the_bounds_is_accepted() {
	new_test_ext_with(vec![1, 2]).execute_with(|| {
		assert_eq!(active(), vec![1, 2]);
	});
	new_test_ext_with((1..=u64::from(MAX_VALIDATORS)).collect()).execute_with(|| {
		assert_eq!(active().len(), MAX_VALIDATORS as usize);
	});
}

#[test]
fn building_a_genesis_with_a_duplicate_fails() {
	let result = std::panic::catch_unwind(|| genesis_storage(vec![3, 3]));
	assert!(result.is_err());
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<ValidatorSet as Hooks<u64>>::integrity_test();
	});
}
