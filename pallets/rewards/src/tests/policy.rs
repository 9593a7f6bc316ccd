//! `set_royalty_policy`.

use super::*;

#[test]
fn owner_raises_a_policy() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		// Registration stored the starting policy.
		assert_eq!(Policies::<Test>::get(m), Some(DEFAULT_POLICY));
		System::reset_events();
		assert_ok!(set_policy(ALICE, m, policy(15, 25, 5)));
		assert_eq!(Policies::<Test>::get(m), Some(policy(15, 25, 5)));
		assert_eq!(Rewards::royalty_policy(m), Some(policy(15, 25, 5)));
		assert_eq!(events(), vec![Event::RoyaltyPolicySet { model: m, policy: policy(15, 25, 5) }]);
	});
}

#[test]
fn shares_may_rise_or_stay_but_never_fall() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		assert_ok!(set_policy(ALICE, m, policy(15, 25, 5)));
		// Keeping every share is allowed, and so is raising any.
		assert_ok!(set_policy(ALICE, m, policy(15, 25, 5)));
		assert_ok!(set_policy(ALICE, m, policy(20, 30, 10)));
		for lower in [policy(19, 30, 10), policy(20, 29, 10), policy(20, 30, 9)] {
			assert_noop!(set_policy(ALICE, m, lower), Error::<Test>::ShareLowered);
		}
		// Nor below the starting policy.
		let other = base_model(BOB);
		assert_noop!(set_policy(BOB, other, policy(5, 30, 0)), Error::<Test>::ShareLowered);
		assert_noop!(set_policy(BOB, other, policy(10, 19, 0)), Error::<Test>::ShareLowered);
	});
}

#[test]
fn a_derivative_cannot_lower_its_parent_share_below_what_its_parents_were_promised() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 20)));
		assert_ok!(set_policy(BOB, b, policy(10, 20, 10)));
		let child = add_model(CHARLIE, &[a, b], &[]);
		assert_eq!(Rewards::policy_of(child), policy(30, 20, 0));
		assert_noop!(set_policy(CHARLIE, child, policy(29, 20, 0)), Error::<Test>::ShareLowered);
		assert_ok!(set_policy(CHARLIE, child, policy(30, 20, 0)));
	});
}

#[test]
fn set_policy_errors() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		assert_noop!(set_policy(ALICE, 99, policy(10, 20, 0)), Error::<Test>::UnknownModel);
		assert_noop!(set_policy(BOB, m, policy(10, 20, 0)), Error::<Test>::NotModelOwner);
		assert_noop!(set_policy(ALICE, m, policy(60, 41, 0)), Error::<Test>::InvalidPolicy);
		assert_noop!(
			Rewards::set_royalty_policy(RuntimeOrigin::none(), m, policy(10, 20, 0)),
			DispatchError::BadOrigin
		);
		// 100% in all is fine: nothing left for the owner is their choice.
		assert_ok!(set_policy(ALICE, m, policy(60, 40, 100)));
	});
}
