//! `add_validator`.

use super::*;

#[test]
fn governance_adds_a_validator_with_keys() {
	build_and_execute(|| {
		assert_ok!(add(CANDIDATE));
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, CANDIDATE]);
		assert!(ValidatorSet::is_validator(&CANDIDATE));
		assert!(SetChanged::<Test>::get());
		assert_eq!(events(), vec![Event::ValidatorAdded { who: CANDIDATE }]);
	});
}

#[test]
fn an_added_validator_validates_from_the_session_after_next() {
	build_and_execute(|| {
		assert_ok!(add(CANDIDATE));
		// Session 1 was queued at genesis, without it.
		next_session();
		assert_eq!(active(), vec![1, 2, 3]);
		assert_eq!(queued(), vec![1, 2, 3, CANDIDATE]);
		assert_eq!(planned(), vec![(2, 4)]);
		assert!(!SetChanged::<Test>::get());
		next_session();
		assert_eq!(active(), vec![1, 2, 3, CANDIDATE]);
		assert_eq!(active_authorities(), vec![1, 2, 3, CANDIDATE]);
	});
}

#[test]
fn a_validator_registering_keys_later_can_be_added() {
	build_and_execute(|| {
		assert_noop!(add(NO_KEYS), Error::<Test>::NoKeys);
		register_keys(NO_KEYS);
		assert_ok!(add(NO_KEYS));
		assert_eq!(events(), vec![Event::ValidatorAdded { who: NO_KEYS }]);
	});
}

#[test]
fn add_errors() {
	build_and_execute(|| {
		assert_noop!(add(1), Error::<Test>::AlreadyValidator);
		assert_noop!(add(NO_KEYS), Error::<Test>::NoKeys);
		// An account that does not even exist has no keys either.
		assert_noop!(add(999), Error::<Test>::NoKeys);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), CANDIDATE),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::none(), CANDIDATE),
			DispatchError::BadOrigin
		);
		assert!(events().is_empty());
		assert!(!SetChanged::<Test>::get());
	});
}

#[test]
fn the_set_holds_at_most_max_validators() {
	build_and_execute(|| {
		assert_ok!(add(CANDIDATE));
		assert_ok!(add(CANDIDATE2));
		for who in 7..=9 {
			register_keys(who);
			assert_ok!(add(who));
		}
		assert_eq!(ValidatorSet::validators().len(), MAX_VALIDATORS as usize);
		register_keys(10);
		assert_noop!(add(10), Error::<Test>::TooManyValidators);
		// A member is still told it is one.
		assert_noop!(add(1), Error::<Test>::AlreadyValidator);
		// Once a seat is free, it can be taken.
		assert_ok!(remove(9));
		assert_ok!(add(10));
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2, 3, CANDIDATE, CANDIDATE2, 7, 8, 10]);
	});
}

#[test]
fn the_weight_is_the_weight_infos() {
	let call = crate::Call::<Test>::add_validator { who: CANDIDATE };
	let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
	assert_eq!(info.call_weight, <() as WeightInfo>::add_validator());
	let call = crate::Call::<Test>::remove_validator { who: 1 };
	let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
	assert_eq!(info.call_weight, <() as WeightInfo>::remove_validator());
}
