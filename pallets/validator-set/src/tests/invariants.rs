//! The invariant checks themselves.

use super::*;

fn put(validators: Vec<u64>) {
	Validators::<Test>::put(BoundedVec::truncate_from(validators));
}

#[test]
fn try_state_accepts_the_genesis_set_and_an_empty_one() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::do_try_state());
		put(vec![]);
		assert_ok!(ValidatorSet::do_try_state());
	});
}

#[test]
fn try_state_refuses_a_repeat() {
	new_test_ext().execute_with(|| {
		put(vec![1, 2, 1]);
		assert!(ValidatorSet::do_try_state().is_err());
	});
}

#[test]
fn try_state_refuses_a_set_below_min() {
	new_test_ext().execute_with(|| {
		put(vec![1]);
		assert!(ValidatorSet::do_try_state().is_err());
	});
}
