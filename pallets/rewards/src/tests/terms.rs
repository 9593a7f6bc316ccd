//! The registry hook: terms fixed at registration, the slippage bound, payable lineages.
//! Problems 1 to 4 of issue 12.

use super::*;
use codec::{Encode, MaxEncodedLen};
use provenance_primitives::RoyaltyRegistration;

#[test]
fn a_new_model_starts_on_the_default_raised_to_its_parents_minimums() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		// No minimums: the default, stored with terms owing each parent nothing.
		let plain = add_model(CHARLIE, &[a, b], &[]);
		assert_eq!(Policies::<Test>::get(plain), Some(DEFAULT_POLICY));
		assert_eq!(Rewards::parent_minimums(plain), Some(vec![pct(0), pct(0)]));

		// Minimums of 20% and 15%: the parent share rises to 35%.
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 20)));
		set_registry_min_share(b, Some(pct(15)));
		System::reset_events();
		let child = add_model(CHARLIE, &[a, b], &[]);
		assert_eq!(Policies::<Test>::get(child), Some(policy(35, 20, 0)));
		assert_eq!(Rewards::parent_minimums(child), Some(vec![pct(20), pct(15)]));
		assert_eq!(
			events(),
			vec![Event::RoyaltyTermsFixed {
				model: child,
				policy: policy(35, 20, 0),
				parent_minimums: vec![pct(20), pct(15)],
			}]
		);
	});
}

#[test]
fn a_derivative_that_cannot_meet_its_parents_is_refused() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 50)));
		assert_ok!(set_policy(BOB, b, policy(10, 20, 31)));
		let may_derive = |parents: &[ModelId]| {
			<Rewards as RoyaltyRegistration>::ensure_may_derive(parents, &[], Perbill::one())
		};
		// 81% to parents and the default's 20% to datasets is more than everything.
		assert_noop!(may_derive(&[a, b]), Error::<Test>::BelowParentMinimum);
		assert_ok!(may_derive(&[a]));
		assert_noop!(may_derive(&[a, 99]), Error::<Test>::UnknownModel);
		// Minimums adding up to more than 100% cannot be met at all.
		set_registry_min_share(b, Some(pct(60)));
		assert_noop!(may_derive(&[a, b]), Error::<Test>::BelowParentMinimum);
	});
}

/// Problem 1: `MaxInputs`, `MaxSplitDatasets` and the depth did not fit together, so the
/// registry accepted lineages no payment could split. Now registration refuses them.
#[test]
fn problem_1_the_registry_accepts_only_payable_lineages() {
	build_and_execute(|| {
		let datasets =
			|n: usize| -> Vec<_> { (0..n).map(|_| (add_dataset(DAVE, &[]), Train)).collect() };
		// 3 + 3 + 3 = 9 dataset visits within MAX_DEPTH: over 8. This used to register and
		// then fail every payment with `TooComplex`.
		let m0 = add_model(ALICE, &[], &datasets(3));
		let m1 = add_model(BOB, &[m0], &datasets(3));
		assert_noop!(
			try_add_model(CHARLIE, &[m1], &datasets(3), Perbill::one()),
			Error::<Test>::TooComplex
		);
		// 3 + 3 + 2 = 8 fits, and is paid.
		let m2 = add_model(CHARLIE, &[m1], &datasets(2));
		assert_eq!(Rewards::split(m2, 1_000).map(|s| (s.models, s.datasets)), Ok((3, 8)));
		assert_ok!(pay(EVE, m2, 1_000));
		assert_eq!(Terms::<Test>::get(m2).unwrap().costs.to_vec().last().unwrap().datasets, 8);

		// 1 + 3 + 9 = 13 model visits within depth 2: over 8.
		let leaves: Vec<_> = (0..9).map(|_| add_model(ALICE, &[], &[])).collect();
		let middle: Vec<_> = leaves.chunks(3).map(|c| add_model(BOB, c, &[])).collect();
		assert_noop!(
			try_add_model(CHARLIE, &middle, &[], Perbill::one()),
			Error::<Test>::TooComplex
		);
		// Exactly 8 visits are fine.
		let small = add_model(BOB, &leaves[..2], &[]);
		let eight = add_model(CHARLIE, &[middle[0], small], &[]);
		assert_eq!(Rewards::split(eight, 1_000).map(|s| s.models), Ok(8));
		assert_ok!(pay(EVE, eight, 1_000));

		// Costs count only the generations a payment reaches: a chain of any length of
		// 2-input fine-tunes stays payable.
		let mut tip = add_model(ALICE, &[], &datasets(2));
		for _ in 0..6 {
			tip = add_model(BOB, &[tip], &datasets(2));
			assert_ok!(pay(EVE, tip, 1_000));
		}
		assert_eq!(Rewards::split(tip, 1_000).map(|s| (s.models, s.datasets)), Ok((3, 6)));
	});
}

/// Problem 2: when the parents' minimums exceeded the child's parent share, the pool was
/// split in proportion to them, so one parent raising its minimum took from its co-parent.
#[test]
fn problem_2_a_parent_cannot_take_from_its_co_parents() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 5)));
		assert_ok!(set_policy(BOB, b, policy(10, 20, 5)));
		let child = add_model(CHARLIE, &[a, b], &[]);
		assert_ok!(set_policy(CHARLIE, child, policy(20, 20, 0)));
		let portion = |m: ModelId| -> Balance {
			Rewards::breakdown(child, 1_000_000)
				.unwrap()
				.iter()
				.filter(|c| c.model == m)
				.map(|c| c.amount)
				.sum()
		};
		// 5% each, then the other 10% equally: 10% each.
		assert_eq!((portion(a), portion(b)), (100_000, 100_000));
		let before = Rewards::breakdown(child, 1_000_000).unwrap();

		// A raises its minimum to 100% (it used to move B from 10% to about 1%).
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 100)));
		set_registry_min_share(a, Some(pct(100)));
		assert_eq!(Rewards::breakdown(child, 1_000_000).unwrap(), before);
		assert_eq!(Rewards::parent_minimums(child), Some(vec![pct(5), pct(5)]));
		assert_ok!(pay(EVE, child, 1_000_000));
		assert_eq!(credited(), before);
		// Only derivatives registered from now on owe A its new minimum.
		assert_noop!(
			try_add_model(DAVE, &[a, b], &[], Perbill::one()),
			Error::<Test>::BelowParentMinimum
		);
	});
}

/// Problem 3: a parent owner who saw a `register_model` coming could raise its minimum
/// first, and the derivative started with all of it. Now the registrant's bound refuses it.
#[test]
fn problem_3_a_front_run_minimum_is_refused_by_the_registrants_bound() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 5)));
		// CHARLIE signs a registration expecting 10% to parents at most; ALICE front-runs.
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 80)));
		assert_noop!(
			try_add_model(CHARLIE, &[a], &[], pct(10)),
			Error::<Test>::ParentShareAboveBound
		);
		// The bound is on the total: exactly at it is fine.
		assert_ok!(try_add_model(CHARLIE, &[a], &[], pct(80)));
		// Without parents the bound does not apply: there is nobody to pay.
		assert_ok!(try_add_model(CHARLIE, &[], &[], Perbill::zero()));
		// The default parent share counts too: a bound below it refuses any derivative.
		let b = base_model(BOB);
		assert_noop!(
			try_add_model(CHARLIE, &[b], &[], pct(9)),
			Error::<Test>::ParentShareAboveBound
		);
	});
}

/// Problem 4: contributor lists were read at payment time, so a dataset owner could swap
/// out the contributors of models already trained.
#[test]
fn problem_4_contributors_are_fixed_when_a_model_registers() {
	build_and_execute(|| {
		let d = add_dataset(DAVE, &[(C1, pct(60)), (C2, pct(40))]);
		let old = add_model(ALICE, &[], &[(d, Train)]);
		// DAVE replaces the contributors with himself.
		set_contributors(d, &[(DAVE, pct(100))]);
		assert_ok!(pay(BOB, old, 1_000));
		assert_eq!(
			credited(),
			vec![
				credit(ALICE, 800, old, CreditReason::ModelOwner),
				credit(C1, 120, old, contributor(d)),
				credit(C2, 80, old, contributor(d)),
			]
		);
		// A model trained afterwards takes the new list.
		let new = add_model(ALICE, &[], &[(d, Train)]);
		assert_eq!(
			Rewards::breakdown(new, 1_000).unwrap(),
			vec![
				credit(ALICE, 800, new, CreditReason::ModelOwner),
				credit(DAVE, 200, new, contributor(d)),
			]
		);
		// One snapshot per distinct list, shared by every model that took it.
		let again = add_model(BOB, &[], &[(d, Train)]);
		assert_eq!(ContributorSnapshots::<Test>::iter().count(), 2);
		assert_eq!(
			Terms::<Test>::get(again).unwrap().contributors,
			Terms::<Test>::get(new).unwrap().contributors
		);
	});
}

#[test]
fn a_dataset_without_contributors_pays_its_current_owner() {
	build_and_execute(|| {
		let d = add_dataset(DAVE, &[]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		assert_eq!(Terms::<Test>::get(m).unwrap().contributors.to_vec(), vec![None]);
		// The dataset is sold: its owner's income goes with it.
		set_dataset_owner(d, EVE);
		assert_eq!(
			Rewards::breakdown(m, 1_000).unwrap(),
			vec![
				credit(ALICE, 800, m, CreditReason::ModelOwner),
				credit(EVE, 200, m, data_owner(d)),
			]
		);
	});
}

#[test]
fn the_registrant_pays_for_the_terms_in_bytes() {
	build_and_execute(|| {
		let d = add_dataset(DAVE, &[(C1, pct(60)), (C2, pct(40))]);
		let a = base_model(ALICE);
		let bytes = <Rewards as RoyaltyRegistration>::ensure_may_derive(&[a], &[d], Perbill::one())
			.unwrap();
		let plan = Rewards::plan_terms(&[a], &[d], Perbill::one()).unwrap();
		assert_eq!(plan.snapshots.len(), 1);
		let expected = RoyaltyPolicy::max_encoded_len()
			+ plan.terms.encoded_size()
			+ plan.snapshots[0].encoded_size();
		assert_eq!(bytes as usize, expected);
		assert!(bytes <= <Rewards as RoyaltyRegistration>::max_record_bytes());
		// Once the snapshot is stored, the next model on the same list pays only its terms.
		let m = add_model(BOB, &[a], &[(d, Train)]);
		let again = <Rewards as RoyaltyRegistration>::ensure_may_derive(&[a], &[d], Perbill::one())
			.unwrap();
		assert_eq!(
			again as usize,
			RoyaltyPolicy::max_encoded_len() + Terms::<Test>::get(m).unwrap().encoded_size()
		);
	});
}
