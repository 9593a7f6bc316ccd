//! Offences: offenders lose their seat, never below `MinValidators`; no funds slashed.

use super::*;

#[test]
fn an_offender_is_removed() {
	build_and_execute(|| {
		let balance =
			<Balances as frame_support::traits::fungible::Inspect<u64>>::total_balance(&3);
		let weight = report(&[(3, slash())], 0);
		assert_eq!(ValidatorSet::validators(), vec![1, 2]);
		assert!(SetChanged::<Test>::get());
		assert_eq!(events(), vec![Event::OffenderRemoved { who: 3, session: 0 }]);
		// One read of the set; the set, the flag and the event written.
		assert_eq!(weight, <Test as frame_system::Config>::DbWeight::get().reads_writes(1, 3));
		// Nothing is slashed.
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<u64>>::total_balance(&3),
			balance
		);
	});
}

#[test]
fn an_offender_validates_until_the_session_after_next() {
	build_and_execute(|| {
		next_session();
		report(&[(2, slash())], 1);
		assert_eq!(active(), vec![1, 2, 3]);
		next_session();
		assert_eq!(active(), vec![1, 2, 3]);
		assert_eq!(planned(), vec![(3, 2)]);
		next_session();
		assert_eq!(active(), vec![1, 3]);
		assert_eq!(active_authorities(), vec![1, 3]);
	});
}

#[test]
fn a_zero_fraction_offender_stays() {
	build_and_execute(|| {
		let weight = report(&[(3, Perbill::zero())], 0);
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
		assert!(!SetChanged::<Test>::get());
		assert!(events().is_empty());
		assert_eq!(weight, <Test as frame_system::Config>::DbWeight::get().reads(1));
	});
}

#[test]
fn an_offender_is_kept_at_min_validators() {
	build_and_execute(|| {
		// Two offenders in one report: the first goes, the second would leave one.
		report(&[(1, slash()), (2, slash())], 4);
		assert_eq!(ValidatorSet::validators(), vec![2, 3]);
		assert_eq!(
			events(),
			vec![
				Event::OffenderRemoved { who: 1, session: 4 },
				Event::OffenderKept { who: 2, session: 4 },
			]
		);
		// A later offence at the minimum keeps the offender, and changes nothing.
		SetChanged::<Test>::kill();
		let weight = report(&[(3, slash())], 5);
		assert_eq!(ValidatorSet::validators(), vec![2, 3]);
		assert!(!SetChanged::<Test>::get());
		assert_eq!(events().last(), Some(&Event::OffenderKept { who: 3, session: 5 }));
		assert_eq!(weight, <Test as frame_system::Config>::DbWeight::get().reads_writes(1, 1));
	});
}

#[test]
fn an_offender_reported_twice_is_removed_once() {
	build_and_execute(|| {
		// `pallet-offences` reports earlier offenders of the same kind again.
		report(&[(3, slash())], 0);
		report(&[(3, slash()), (2, Perbill::zero())], 0);
		// And the same offender twice in one report.
		report(&[(1, slash()), (1, slash())], 0);
		assert_eq!(ValidatorSet::validators(), vec![1, 2]);
		assert_eq!(
			events(),
			vec![
				Event::OffenderRemoved { who: 3, session: 0 },
				Event::OffenderKept { who: 1, session: 0 },
			]
		);
	});
}

#[test]
fn an_offender_outside_the_set_is_passed_over() {
	build_and_execute(|| {
		let weight = report(&[(CANDIDATE, slash())], 0);
		assert!(events().is_empty());
		assert!(!SetChanged::<Test>::get());
		assert_eq!(weight, <Test as frame_system::Config>::DbWeight::get().reads(1));
	});
}

#[test]
fn a_removed_offender_can_be_added_back_by_governance() {
	build_and_execute(|| {
		report(&[(3, slash())], 0);
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2]);
		assert_ok!(add(3));
		next_session();
		next_session();
		assert_eq!(active(), vec![1, 2, 3]);
	});
}
