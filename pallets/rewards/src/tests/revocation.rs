//! Revoked consent and earnings. Problem 5 of issue 12.

use super::*;

/// Problem 5: `pay_usage` ignored revocations, and a revoked dataset's share went to the
/// model's owner once no consented input was left: revoking paid the owner more.
#[test]
fn problem_5_a_stop_use_revocation_refuses_payment_for_the_model_and_its_descendants() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[]);
		let d1 = add_dataset(EVE, &[]);
		let parent = add_model(ALICE, &[], &[(d0, Train)]);
		let child = add_model(BOB, &[parent], &[(d1, Train)]);
		assert_ok!(pay(FERDIE, child, 1_000));
		let grant = grant_of(parent, d0);
		revoke(grant, 2);
		// The owner gets nothing more, nor does anyone else.
		let before = TotalClaimable::<Test>::get();
		for model in [parent, child] {
			assert_eq!(
				Rewards::breakdown(model, 1_000),
				Err(SplitError::ConsentWithdrawn { grant })
			);
			assert_eq!(Rewards::quote(model, 1_000), Err(SplitError::ConsentWithdrawn { grant }));
			assert_noop!(pay(FERDIE, model, 1_000), Error::<Test>::ConsentWithdrawn);
		}
		assert_eq!(TotalClaimable::<Test>::get(), before);
		// Past credits are not clawed back.
		assert!(Claimable::<Test>::get(DAVE) > 0);
		// A new version trained without the withdrawn data is paid.
		let d2 = add_dataset(DAVE, &[]);
		let clean = add_model(ALICE, &[], &[(d2, Train)]);
		assert_ok!(pay(FERDIE, clean, 1_000));
	});
}

#[test]
fn a_keep_trained_revocation_goes_on_paying_the_datasets_contributors() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[(C1, pct(100))]);
		let d1 = add_dataset(EVE, &[]);
		let m = add_model(ALICE, &[], &[(d0, Train), (d1, Validation)]);
		let child = add_model(BOB, &[m], &[]);
		let before = Rewards::breakdown(child, 1_000).unwrap();
		let grant = grant_of(m, d0);
		keep_trained(grant);
		revoke(grant, 2);
		// Same split to the planck: the owner's share does not rise, C1 is still paid.
		assert_eq!(Rewards::breakdown(child, 1_000).unwrap(), before);
		assert_ok!(pay(FERDIE, child, 1_000));
		assert_eq!(credited(), before);
		assert!(before.iter().any(|c| c.account == C1 && c.amount > 0));
	});
}

#[test]
fn no_revocation_raises_the_model_owners_share() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[]);
		let d1 = add_dataset(EVE, &[]);
		let m = add_model(ALICE, &[], &[(d0, Train), (d1, TestRole)]);
		let owner_part = |credits: &[CreditOf<Test>]| -> Balance {
			credits.iter().filter(|c| c.account == ALICE).map(|c| c.amount).sum()
		};
		let before = owner_part(&Rewards::breakdown(m, 1_000).unwrap());
		// Every grant revoked, keep-trained: the owner's part is unchanged (it used to get
		// the whole dataset share as `NoEligibleDatasets`).
		for d in [d0, d1] {
			keep_trained(grant_of(m, d));
			revoke(grant_of(m, d), 3);
		}
		assert_eq!(owner_part(&Rewards::breakdown(m, 1_000).unwrap()), before);
		// Stop-use: the owner is paid nothing at all.
		let d2 = add_dataset(DAVE, &[]);
		let other = add_model(ALICE, &[], &[(d2, Train)]);
		revoke(grant_of(other, d2), 3);
		assert!(Rewards::breakdown(other, 1_000).is_err());
	});
}
