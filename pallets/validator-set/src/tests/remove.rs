//! `remove_validator`.

use super::*;

#[test]
fn governance_removes_a_validator() {
	build_and_execute(|| {
		assert_ok!(remove(2));
		assert_eq!(ValidatorSet::validators(), vec![1, 3]);
		assert!(!ValidatorSet::is_validator(&2));
		assert!(SetChanged::<Test>::get());
		assert_eq!(events(), vec![Event::ValidatorRemoved { who: 2 }]);
	});
}

#[test]
fn a_removed_validator_validates_until_the_session_after_next() {
	build_and_execute(|| {
		assert_ok!(remove(3));
		// It still validates for the rest of this session...
		assert_eq!(active(), vec![1, 2, 3]);
		next_session();
		// ...and all of the next, which was queued with it.
		assert_eq!(Session::current_index(), 1);
		assert_eq!(active(), vec![1, 2, 3]);
		assert_eq!(active_authorities(), vec![1, 2, 3]);
		assert_eq!(queued(), vec![1, 2]);
		next_session();
		assert_eq!(Session::current_index(), 2);
		assert_eq!(active(), vec![1, 2]);
		assert_eq!(active_authorities(), vec![1, 2]);
	});
}

#[test]
fn removal_leaves_the_session_keys() {
	build_and_execute(|| {
		assert_ok!(remove(3));
		assert_eq!(pallet_session::NextKeys::<Test>::get(3), Some(UintAuthorityId(3)));
		// So it can be added back without registering again.
		assert_ok!(add(3));
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
	});
}

#[test]
fn remove_errors() {
	build_and_execute(|| {
		assert_noop!(remove(CANDIDATE), Error::<Test>::NotValidator);
		assert_noop!(remove(999), Error::<Test>::NotValidator);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::none(), 2),
			DispatchError::BadOrigin
		);
		assert!(events().is_empty());
	});
}

#[test]
fn the_set_never_falls_below_min_validators() {
	build_and_execute(|| {
		assert_ok!(remove(1));
		assert_eq!(ValidatorSet::validators().len(), MIN_VALIDATORS as usize);
		assert_noop!(remove(2), Error::<Test>::TooFewValidators);
		assert_noop!(remove(3), Error::<Test>::TooFewValidators);
		// A non-member is told so first.
		assert_noop!(remove(1), Error::<Test>::NotValidator);
		// With one more, one may go again.
		assert_ok!(add(CANDIDATE));
		assert_ok!(remove(2));
		assert_eq!(ValidatorSet::validators(), vec![3, CANDIDATE]);
	});
}
