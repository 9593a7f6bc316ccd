//! `pay_usage`: how a payment is split, its errors and bounds, the pallet account.

use super::*;
use sp_runtime::TokenError;

#[test]
fn a_model_without_parents_or_inputs_pays_its_owner_everything() {
	build_and_execute(|| {
		let m = add_model(ALICE, &[], &[]);
		System::reset_events();
		assert_ok!(pay(BOB, m, 1_000));
		// Two new entries for ALICE: her claimable balance and her earnings from `m`.
		let fees = 2 * ENTRY_FEE;
		assert_eq!(
			events(),
			vec![
				Event::UsagePaid { model: m, payer: BOB, amount: 1_000, entry_fees: fees },
				Event::Credited {
					account: ALICE,
					amount: 1_000,
					model: m,
					reason: CreditReason::ModelOwner
				},
				Event::Credited {
					account: ALICE,
					amount: fees,
					model: m,
					reason: CreditReason::EntryFee
				},
			]
		);
		assert_eq!(Claimable::<Test>::get(ALICE), 1_000 + fees);
		assert_eq!(Earnings::<Test>::get(ALICE, Source::Model(m)), 1_000);
		assert_eq!(TotalClaimable::<Test>::get(), 1_000 + fees);
		assert_eq!(Balances::balance(&BOB), FUNDS - 1_000 - fees);
		assert_eq!(pot_balance(), ED + 1_000 + fees);
	});
}

#[test]
fn datasets_are_weighted_by_role_and_contributors_by_share() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[(C1, pct(75)), (C2, pct(25))]);
		let d1 = add_dataset(EVE, &[]);
		let d2 = add_dataset(FERDIE, &[]);
		let m = add_model(ALICE, &[], &[(d0, Train), (d1, Validation), (d2, TestRole)]);
		assert_ok!(set_policy(ALICE, m, policy(10, 50, 0)));
		// Pool 500 by weights 8:1:1 is 400, 50, 50; D0's 400 is 300 and 100.
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(
			credited(),
			vec![
				credit(ALICE, 500, m, CreditReason::ModelOwner),
				credit(C1, 300, m, contributor(d0)),
				credit(C2, 100, m, contributor(d0)),
				credit(EVE, 50, m, data_owner(d1)),
				credit(FERDIE, 50, m, data_owner(d2)),
			]
		);
	});
}

#[test]
fn three_generations_split_exactly_as_documented() {
	build_and_execute(|| {
		let (m0, m1, m2) = three_generations();
		System::reset_events();
		let amount = 1_000 * PROV;
		let quote = Rewards::quote(m2, amount).unwrap();
		assert_ok!(pay(EVE, m2, amount));
		let expected = vec![
			// M2 keeps 55%, passes 20% to D3 and D1 (8:1) and 25% to M1.
			credit(CHARLIE, 550 * PROV, m2, CreditReason::ModelOwner),
			credit(FERDIE, 177_777_777_777_777, m2, data_owner(3)),
			credit(DAVE, 22_222_222_222_222, m2, data_owner(1)),
			// M1 gets 250: keeps 60%, 20% to D2's contributors, 20% to M0.
			credit(BOB, 150 * PROV, m1, CreditReason::ModelOwner),
			credit(C3, 25 * PROV, m1, contributor(2)),
			credit(C4, 12_500_000_000_000, m1, contributor(2)),
			credit(C1, 12_500_000_000_000, m1, contributor(2)),
			// M0 gets 50: keeps 70% (it has no parents), 30% to D0 and D1 (8:1).
			credit(ALICE, 35 * PROV, m0, CreditReason::ModelOwner),
			credit(C1, 7_999_999_999_999, m0, contributor(0)),
			credit(C2, 5_333_333_333_333, m0, contributor(0)),
			credit(DAVE, 1_666_666_666_666, m0, data_owner(1)),
			// Three units lost to rounding, one in each 8:1 split and one in D0's.
			credit(CHARLIE, 3, m2, CreditReason::Dust),
		];
		assert_eq!(credited(), expected);
		assert_eq!(Rewards::breakdown(m2, amount), Ok(expected.clone()));
		assert_eq!(quote.credits, expected);
		assert_eq!(expected.iter().map(|c| c.amount).sum::<Balance>(), amount);
		// Nine accounts, each a claimable entry and one earnings entry per source; C1 earns
		// from two datasets.
		assert_eq!(quote.charged, amount + 19 * ENTRY_FEE);
		assert_eq!(fees_of(C1), 3 * ENTRY_FEE);
		for (who, total) in [
			(CHARLIE, 550_000_000_000_003),
			(FERDIE, 177_777_777_777_777),
			(DAVE, 23_888_888_888_888),
			(BOB, 150 * PROV),
			(C3, 25 * PROV),
			(C4, 12_500_000_000_000),
			(C1, 20_499_999_999_999),
			(ALICE, 35 * PROV),
			(C2, 5_333_333_333_333),
		] {
			assert_eq!(earned(who), total, "account {who}");
			assert_eq!(Rewards::claimable(&who), total + fees_of(who), "account {who}");
		}
		assert_eq!(Earnings::<Test>::get(C1, Source::Dataset(0)), 7_999_999_999_999);
		assert_eq!(Earnings::<Test>::get(C1, Source::Dataset(2)), 12_500_000_000_000);
		assert_eq!(TotalClaimable::<Test>::get(), quote.charged);
		assert_eq!(pot_balance(), ED + quote.charged);
	});
}

#[test]
fn the_depth_limit_leaves_the_parent_share_with_the_last_model_reached() {
	build_and_execute(|| {
		// A chain of four on the default policy (10% to parents, 20% to datasets).
		let m0 = base_model(ALICE);
		let m1 = add_model(BOB, &[m0], &[]);
		let m2 = add_model(CHARLIE, &[m1], &[]);
		let m3 = add_model(DAVE, &[m2], &[]);
		assert_ok!(pay(EVE, m3, 1_000));
		// M1 is MAX_DEPTH (2) hops from M3: it keeps its parent share; M0 is not reached.
		assert_eq!(
			credited(),
			vec![
				credit(DAVE, 900, m3, CreditReason::ModelOwner),
				credit(CHARLIE, 90, m2, CreditReason::ModelOwner),
				credit(BOB, 9, m1, CreditReason::ModelOwner),
				credit(BOB, 1, m1, CreditReason::DepthLimit),
			]
		);
		assert_eq!(Claimable::<Test>::get(ALICE), 0);
	});
}

#[test]
fn rounding_dust_goes_to_the_paid_models_owner() {
	build_and_execute(|| {
		let third = Perbill::from_parts(333_333_333);
		let d =
			add_dataset(DAVE, &[(C1, Perbill::from_parts(333_333_334)), (C2, third), (C3, third)]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		assert_ok!(set_policy(ALICE, m, policy(10, 90, 0)));
		// The pool of 9 is 3.000000006, 2.999999997 and 2.999999997: 3, 2 and 2, and the
		// 2 left over is dust. (The model has no parents: its owner keeps the other 1.)
		assert_ok!(pay(BOB, m, 10));
		assert_eq!(
			credited(),
			vec![
				credit(ALICE, 1, m, CreditReason::ModelOwner),
				credit(C1, 3, m, contributor(d)),
				credit(C2, 2, m, contributor(d)),
				credit(C3, 2, m, contributor(d)),
				credit(ALICE, 2, m, CreditReason::Dust),
			]
		);
		assert_eq!(TotalClaimable::<Test>::get(), 10 + 8 * ENTRY_FEE);
	});
}

#[test]
fn each_parent_gets_its_fixed_minimum_and_the_rest_is_shared_equally() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		let c = base_model(EVE);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 20)));
		let child = add_model(CHARLIE, &[a, b, c], &[]);
		assert_ok!(set_policy(CHARLIE, child, policy(50, 20, 0)));
		let portions = |credits: Vec<CreditOf<Test>>| -> Vec<(ModelId, Balance)> {
			[a, b, c]
				.into_iter()
				.map(|m| (m, credits.iter().filter(|x| x.model == m).map(|x| x.amount).sum()))
				.collect()
		};
		// Pool 500: A its 20% (200), then 300 among three (100 each).
		let credits = Rewards::breakdown(child, 1_000).unwrap();
		assert_eq!(portions(credits), vec![(a, 300), (b, 100), (c, 100)]);
	});
}

#[test]
fn a_model_reached_twice_is_credited_once_per_reason() {
	build_and_execute(|| {
		let m0 = add_model(ALICE, &[], &[]);
		let m1 = add_model(BOB, &[m0], &[]);
		let m2 = add_model(CHARLIE, &[m0], &[]);
		let m3 = add_model(DAVE, &[m1, m2], &[]);
		assert_ok!(set_policy(DAVE, m3, policy(50, 20, 0)));
		assert_ok!(set_policy(BOB, m1, policy(50, 20, 0)));
		assert_ok!(set_policy(CHARLIE, m2, policy(50, 20, 0)));
		let split = Rewards::split(m3, 1_000).unwrap();
		assert_eq!((split.models, split.datasets), (5, 0));
		// 500 to M1 and M2, 250 each; each passes 125 to M0: one credit of 250.
		assert_eq!(
			split.credits,
			vec![
				credit(DAVE, 500, m3, CreditReason::ModelOwner),
				credit(BOB, 125, m1, CreditReason::ModelOwner),
				credit(ALICE, 250, m0, CreditReason::ModelOwner),
				credit(CHARLIE, 125, m2, CreditReason::ModelOwner),
			]
		);
	});
}

#[test]
fn with_no_payable_input_the_dataset_share_stays_with_the_owner() {
	build_and_execute(|| {
		// A dataset the registry no longer knows, listing no contributors when the model
		// registered: nobody to pay for it.
		let d = add_dataset(DAVE, &[]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		remove_dataset(d);
		assert_eq!(
			Rewards::breakdown(m, 1_000).unwrap(),
			vec![
				credit(ALICE, 800, m, CreditReason::ModelOwner),
				credit(ALICE, 200, m, CreditReason::NoEligibleDatasets),
			]
		);
	});
}

#[test]
fn pay_usage_errors() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		assert_noop!(pay(BOB, m, MIN_PAYMENT - 1), Error::<Test>::BelowMinimumPayment);
		assert_noop!(pay(BOB, 99, 1_000), Error::<Test>::UnknownModel);
		assert_noop!(Rewards::pay_usage(RuntimeOrigin::none(), m, 1_000), DispatchError::BadOrigin);
		// NOBODY has nothing; POOR would have to go below the existential deposit.
		assert_noop!(pay(NOBODY, m, 1_000), DispatchError::Token(TokenError::FundsUnavailable));
		assert!(matches!(pay(POOR, m, MIN_PAYMENT), Err(DispatchError::Token(_))));
		assert_eq!(Balances::balance(&POOR), POOR_FUNDS);
		assert_eq!(
			Rewards::breakdown(m, MIN_PAYMENT - 1),
			Err(SplitError::BelowMinimum { minimum: MIN_PAYMENT })
		);
		assert_eq!(Rewards::breakdown(99, 1_000), Err(SplitError::UnknownModel(99)));
		// A model the registry never reported to this pallet has no terms.
		let unhooked = add_model_unhooked(ALICE, &[], &[]);
		assert_eq!(Rewards::breakdown(unhooked, 1_000), Err(SplitError::NoTerms(unhooked)));
		assert_noop!(pay(BOB, unhooked, 1_000), Error::<Test>::NoTerms);
		// Nor does any model built on one.
		assert_noop!(
			try_add_model(ALICE, &[unhooked], &[], Perbill::one()),
			Error::<Test>::NoTerms
		);
		assert_noop!(try_add_model(ALICE, &[99], &[], Perbill::one()), Error::<Test>::UnknownModel);
	});
}

/// The credits a payment made, entry fees aside.
fn credits_paid() -> u32 {
	events()
		.iter()
		.filter(
			|e| matches!(e, Event::Credited { reason, .. } if *reason != CreditReason::EntryFee),
		)
		.count() as u32
}

#[test]
fn pay_usage_charges_for_the_lineage_walked() {
	build_and_execute(|| {
		let m0 = base_model(ALICE);
		let m1 = add_model(BOB, &[m0], &[]);
		System::reset_events();
		let info = Rewards::pay_usage(RuntimeOrigin::signed(EVE), m1, 1_000).unwrap();
		// Two models, one dataset, a basis of one grant, and the credits made.
		let credits = credits_paid();
		assert!(credits >= 2);
		assert_eq!(info.actual_weight, Some(Rewards::pay_weight(2, 1, 1, credits)));
		let (walked, largest) =
			(Rewards::pay_weight(2, 1, 1, credits), Rewards::pay_weight(2, 1, MAX_BASIS, credits));
		assert!(walked.all_lte(largest) && walked.ref_time() < largest.ref_time());
		let charged = Rewards::max_pay_weight();
		assert!(walked.all_lte(charged) && walked.ref_time() < charged.ref_time());
	});
}

#[test]
fn pay_usage_charges_for_the_accounts_it_credits() {
	build_and_execute(|| {
		// One dataset with one contributor, one with the most: the same lineage shape.
		let few = add_dataset(ALICE, &[(C1, Perbill::one())]);
		let many = add_dataset(
			ALICE,
			&[
				(C1, Perbill::from_percent(25)),
				(C2, Perbill::from_percent(25)),
				(C3, Perbill::from_percent(25)),
				(C4, Perbill::from_percent(25)),
			],
		);
		let small = add_model(BOB, &[], &[(few, DatasetRole::Train)]);
		let large = add_model(BOB, &[], &[(many, DatasetRole::Train)]);
		System::reset_events();
		let paid_small = Rewards::pay_usage(RuntimeOrigin::signed(EVE), small, 1_000).unwrap();
		let small_credits = credits_paid();
		System::reset_events();
		let paid_large = Rewards::pay_usage(RuntimeOrigin::signed(EVE), large, 1_000).unwrap();
		let large_credits = credits_paid();
		// The owner and each contributor.
		assert_eq!((small_credits, large_credits), (2, 1 + MAX_CONTRIBUTORS));
		let (small, large) = (paid_small.actual_weight.unwrap(), paid_large.actual_weight.unwrap());
		assert_eq!(large, Rewards::pay_weight(1, 1, 1, large_credits));
		// Three more accounts credited, three more charged for; both within the up-front
		// charge, which is for the most credits a split can make.
		assert!(small.all_lte(large) && small.ref_time() < large.ref_time());
		assert!(large.all_lte(Rewards::max_pay_weight()));
		assert_eq!(
			Rewards::max_credits(),
			MAX_SPLIT_DATASETS * MAX_CONTRIBUTORS + 3 * MAX_SPLIT_MODELS + 1
		);
		// Credits within one per model and dataset visit cost nothing more.
		assert_eq!(Rewards::pay_weight(1, 1, 1, 2), Rewards::pay_weight(1, 1, 1, 0));
	});
}

#[test]
fn the_first_payment_endows_an_unendowed_pallet_account() {
	new_test_ext_with(false).execute_with(|| {
		let m = add_model(ALICE, &[], &[]);
		assert_eq!(pot_balance(), 0);
		Rewards::do_try_state().unwrap();
		System::reset_events();
		assert_ok!(pay(BOB, m, 100));
		let fees = 2 * ENTRY_FEE;
		assert_eq!(pot_balance(), ED + 100 + fees);
		assert_eq!(Balances::balance(&BOB), FUNDS - 100 - fees - ED);
		assert_eq!(
			events()[..2],
			[
				Event::PotEndowed { from: BOB, amount: ED },
				Event::UsagePaid { model: m, payer: BOB, amount: 100, entry_fees: fees },
			]
		);
		// Only once, and the entries exist now: no more fees.
		assert_ok!(pay(BOB, m, 100));
		assert_eq!(pot_balance(), ED + 200 + fees);
		Rewards::do_try_state().unwrap();
	});
}
