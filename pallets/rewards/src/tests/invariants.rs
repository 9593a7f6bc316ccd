//! Configuration, invariants and the checks themselves.

use super::*;
use frame_support::traits::Hooks;

#[test]
fn the_role_weights_are_the_configured_ones() {
	build_and_execute(|| {
		assert_eq!(Rewards::role_weight(Train), u64::from(TRAIN_WEIGHT));
		assert_eq!(Rewards::role_weight(Validation), u64::from(VALIDATION_WEIGHT));
		assert_eq!(Rewards::role_weight(TestRole), u64::from(TEST_WEIGHT));
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<Rewards as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn policy_validity() {
	assert!(policy(60, 40, 100).is_valid());
	assert!(!policy(60, 41, 0).is_valid());
	assert!(policy(20, 30, 10).raises_or_keeps(&policy(20, 30, 10)));
	assert!(!policy(20, 30, 9).raises_or_keeps(&policy(20, 30, 10)));
}

#[test]
fn try_state_catches_broken_invariants() {
	new_test_ext().execute_with(|| {
		let a = base_model(ALICE);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 20)));
		let d = add_dataset(DAVE, &[(C1, pct(100))]);
		let m = add_model(BOB, &[a], &[(d, Train)]);
		assert_ok!(pay(EVE, m, 1_000));
		Rewards::do_try_state().unwrap();
		let total = TotalClaimable::<Test>::get();

		TotalClaimable::<Test>::put(total - 1);
		assert!(Rewards::do_try_state().is_err());
		TotalClaimable::<Test>::put(total);

		// An entry below the entry fee could not open an account.
		Claimable::<Test>::insert(EVE, ENTRY_FEE - 1);
		TotalClaimable::<Test>::put(total + ENTRY_FEE - 1);
		assert!(Rewards::do_try_state().is_err());
		Claimable::<Test>::remove(EVE);
		TotalClaimable::<Test>::put(total);

		Policies::<Test>::insert(99, policy(10, 20, 0));
		assert!(Rewards::do_try_state().is_err());
		Policies::<Test>::remove(99);

		Policies::<Test>::insert(m, policy(90, 20, 0));
		assert!(Rewards::do_try_state().is_err());
		// A parent share below the minimums fixed at registration.
		Policies::<Test>::insert(m, policy(19, 20, 0));
		assert!(Rewards::do_try_state().is_err());
		Policies::<Test>::insert(m, policy(20, 20, 0));
		Rewards::do_try_state().unwrap();

		let key = Terms::<Test>::get(m).unwrap().contributors[0].unwrap();
		let snapshot = ContributorSnapshots::<Test>::take(key).unwrap();
		assert!(Rewards::do_try_state().is_err());
		ContributorSnapshots::<Test>::insert(key, snapshot);

		let terms = Terms::<Test>::take(m).unwrap();
		assert!(Rewards::do_try_state().is_err());
		Terms::<Test>::insert(m, terms);

		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(&pot(), ED + total - 1);
		assert!(Rewards::do_try_state().is_err());
		// A donation to the pallet account is surplus, not a broken invariant.
		Balances::set_balance(&pot(), ED + total + 1_000);
		Rewards::do_try_state().unwrap();

		// A pool whose sponsor's hold does not cover it.
		let pool = Pool {
			sponsor: FERDIE,
			benchmark: d,
			metric: BoundedVec::default(),
			higher_is_better: true,
			baseline: 0,
			closes_at: 10,
			amount: 100,
			deposit: 0,
			state: PoolState::Open,
		};
		Pools::<Test>::insert(7, pool);
		assert!(Rewards::do_try_state().is_err());
		Pools::<Test>::remove(7);
		Rewards::do_try_state().unwrap();
	});
}
