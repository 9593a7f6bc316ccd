//! Attacks on the set: only governance changes it.

use super::*;

#[test]
fn an_ordinary_account_cannot_add_itself() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(CANDIDATE), CANDIDATE),
			DispatchError::BadOrigin
		);
		// Registering keys does not make it a validator either.
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2, 3]);
		assert!(!ValidatorSet::is_validator(&CANDIDATE));
	});
}

#[test]
fn a_validator_cannot_add_others_or_remove_a_rival() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), CANDIDATE),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_removed_validator_cannot_add_itself_back() {
	build_and_execute(|| {
		assert_ok!(remove(3));
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(3), 3),
			DispatchError::BadOrigin
		);
		// Nor by re-registering its keys.
		register_keys(3);
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2]);
	});
}

#[test]
fn an_offence_cannot_empty_the_set() {
	build_and_execute(|| {
		report(&[(1, slash()), (2, slash()), (3, slash())], 0);
		assert_eq!(ValidatorSet::validators().len(), MIN_VALIDATORS as usize);
		next_session();
		next_session();
		assert_eq!(active().len(), MIN_VALIDATORS as usize);
	});
}
