//! Unit tests: every call's success path, errors and events; royalty splits with exact
//! numbers; the depth limit, dust and revoked-consent rules; the registry hook; the runtime
//! API queries; and the invariant checks themselves.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, Hooks},
};
use provenance_primitives::DatasetRole::{Test as TestRole, Train, Validation};
use sp_runtime::{DispatchError, TokenError};

/// One PROV, as the runtime has it: 12 decimals.
const PROV: Balance = 1_000_000_000_000;

fn pct(n: u32) -> Perbill {
	Perbill::from_percent(n)
}

fn policy(parent: u32, dataset: u32, min: u32) -> RoyaltyPolicy {
	RoyaltyPolicy {
		parent_share: pct(parent),
		dataset_share: pct(dataset),
		min_derivative_share: pct(min),
	}
}

fn credit(account: u64, amount: Balance, model: ModelId, reason: CreditReason) -> CreditOf<Test> {
	Credit { account, amount, model, reason }
}

fn contributor(dataset: u64) -> CreditReason {
	CreditReason::DatasetContributor { dataset }
}

fn data_owner(dataset: u64) -> CreditReason {
	CreditReason::DatasetOwner { dataset }
}

/// This pallet's events, oldest first.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Rewards(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The `Credited` events, as credits.
fn credited() -> Vec<CreditOf<Test>> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::Credited { account, amount, model, reason } => {
				Some(Credit { account, amount, model, reason })
			},
			_ => None,
		})
		.collect()
}

fn pot() -> u64 {
	Rewards::account_id()
}

fn pot_balance() -> Balance {
	Balances::balance(&pot())
}

fn pay(who: u64, model: ModelId, amount: Balance) -> DispatchResult {
	Rewards::pay_usage(RuntimeOrigin::signed(who), model, amount).map(|_| ()).map_err(|e| e.error)
}

fn set_policy(who: u64, model: ModelId, p: RoyaltyPolicy) -> DispatchResult {
	Rewards::set_royalty_policy(RuntimeOrigin::signed(who), model, p)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// A base model owned by `owner`, trained on one dataset of `DAVE`'s with no contributors.
fn base_model(owner: u64) -> ModelId {
	let dataset = add_dataset(DAVE, &[]);
	add_model(owner, &[], &[(dataset, Train)])
}

/// The three-generation lineage of `docs/rewards.md`:
///
/// - `M0`, ALICE's base model, trained on `D0` (contributors C1 60%, C2 40%) and validated
///   on `D1` (DAVE's, no contributors); policy 10% / 30% / min 10%.
/// - `M1`, BOB's fine-tune of `M0` on `D2` (C3 50%, C4 25%, C1 25%); policy 20% / 20% /
///   min 5%.
/// - `M2`, CHARLIE's fine-tune of `M1` on `D3` (FERDIE's, no contributors), tested on `D1`;
///   policy 25% / 20%.
fn three_generations() -> (ModelId, ModelId, ModelId) {
	let d0 = add_dataset(DAVE, &[(C1, pct(60)), (C2, pct(40))]);
	let d1 = add_dataset(DAVE, &[]);
	let d2 = add_dataset(EVE, &[(C3, pct(50)), (C4, pct(25)), (C1, pct(25))]);
	let d3 = add_dataset(FERDIE, &[]);
	assert_eq!((d0, d1, d2, d3), (0, 1, 2, 3));
	let m0 = add_model(ALICE, &[], &[(d0, Train), (d1, Validation)]);
	let m1 = add_model(BOB, &[m0], &[(d2, Train)]);
	let m2 = add_model(CHARLIE, &[m1], &[(d3, Train), (d1, TestRole)]);
	assert_ok!(set_policy(ALICE, m0, policy(10, 30, 10)));
	assert_ok!(set_policy(BOB, m1, policy(20, 20, 5)));
	assert_ok!(set_policy(CHARLIE, m2, policy(25, 20, 0)));
	(m0, m1, m2)
}

// ---------------------------------------------------------------------------------------
// set_royalty_policy

#[test]
fn owner_sets_a_policy() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		assert_eq!(Rewards::policy_of(m), DEFAULT_POLICY);
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
		// A model without a stored policy may not go below the default either.
		let other = base_model(BOB);
		assert_noop!(set_policy(BOB, other, policy(5, 30, 0)), Error::<Test>::ShareLowered);
		assert_noop!(set_policy(BOB, other, policy(10, 19, 0)), Error::<Test>::ShareLowered);
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

#[test]
fn parent_share_must_cover_the_sum_of_the_parents_minimums() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 20)));
		assert_ok!(set_policy(BOB, b, policy(10, 20, 10)));
		let child = add_model(CHARLIE, &[a, b], &[]);
		assert_noop!(
			set_policy(CHARLIE, child, policy(29, 20, 0)),
			Error::<Test>::BelowParentMinimum
		);
		assert_ok!(set_policy(CHARLIE, child, policy(30, 20, 0)));
		// The registry's own minimum (lineage's `RoyaltyRequired`) counts where higher.
		set_registry_min_share(b, Some(pct(15)));
		assert_noop!(
			set_policy(CHARLIE, child, policy(34, 20, 0)),
			Error::<Test>::BelowParentMinimum
		);
		assert_ok!(set_policy(CHARLIE, child, policy(35, 20, 0)));
		assert_eq!(Rewards::ensure_meets_parents(&[a, b], &policy(35, 20, 0)), Ok(()));
		assert_eq!(
			Rewards::ensure_meets_parents(&[a, b], &policy(34, 20, 0)),
			Err(Error::<Test>::BelowParentMinimum.into())
		);
		assert_eq!(
			Rewards::ensure_meets_parents(&[a, 99], &policy(100, 0, 0)),
			Err(Error::<Test>::UnknownModel.into())
		);
		assert_eq!(
			Rewards::ensure_meets_parents(&[], &policy(90, 20, 0)),
			Err(Error::<Test>::InvalidPolicy.into())
		);
	});
}

// ---------------------------------------------------------------------------------------
// The registry hook

#[test]
fn a_new_model_starts_on_the_default_raised_to_its_parents_minimums() {
	build_and_execute(|| {
		let a = base_model(ALICE);
		let b = base_model(BOB);
		// No minimums: the default, not stored.
		assert_eq!(Rewards::starting_policy(&[a, b]), Ok(DEFAULT_POLICY));
		assert_ok!(Rewards::ensure_may_derive(&[a, b]));
		let plain = add_model(CHARLIE, &[a, b], &[]);
		Rewards::on_model_registered(plain, &[a, b]);
		assert_eq!(Policies::<Test>::get(plain), None);

		// Minimums of 20% and 15%: the parent share rises to 35%, and is stored.
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 20)));
		set_registry_min_share(b, Some(pct(15)));
		assert_eq!(Rewards::starting_policy(&[a, b]), Ok(policy(35, 20, 0)));
		let child = add_model(CHARLIE, &[a, b], &[]);
		Rewards::on_model_registered(child, &[a, b]);
		assert_eq!(Policies::<Test>::get(child), Some(policy(35, 20, 0)));
		assert_eq!(
			events().last(),
			Some(&Event::RoyaltyPolicySet { model: child, policy: policy(35, 20, 0) })
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
		// 81% to parents and the default's 20% to datasets is more than everything.
		assert_noop!(Rewards::ensure_may_derive(&[a, b]), Error::<Test>::BelowParentMinimum);
		assert_ok!(Rewards::ensure_may_derive(&[a]));
		assert_noop!(Rewards::ensure_may_derive(&[a, 99]), Error::<Test>::UnknownModel);
		// Minimums adding up to more than 100% cannot be met at all.
		set_registry_min_share(b, Some(pct(60)));
		assert_noop!(Rewards::ensure_may_derive(&[a, b]), Error::<Test>::BelowParentMinimum);
	});
}

// ---------------------------------------------------------------------------------------
// pay_usage: splits

#[test]
fn a_model_without_parents_or_inputs_pays_its_owner_everything() {
	build_and_execute(|| {
		let m = add_model(ALICE, &[], &[]);
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(
			events(),
			vec![
				Event::UsagePaid { model: m, payer: BOB, amount: 1_000 },
				Event::Credited {
					account: ALICE,
					amount: 1_000,
					model: m,
					reason: CreditReason::ModelOwner
				},
			]
		);
		assert_eq!(Claimable::<Test>::get(ALICE), 1_000);
		assert_eq!(TotalClaimable::<Test>::get(), 1_000);
		assert_eq!(Balances::balance(&BOB), FUNDS - 1_000);
		assert_eq!(pot_balance(), ED + 1_000);
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
		assert_eq!(expected.iter().map(|c| c.amount).sum::<Balance>(), amount);
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
			assert_eq!(Claimable::<Test>::get(who), total, "account {who}");
			assert_eq!(Rewards::claimable(&who), total);
		}
		assert_eq!(TotalClaimable::<Test>::get(), amount);
		assert_eq!(pot_balance(), ED + amount);
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
		assert_eq!(TotalClaimable::<Test>::get(), 10);
	});
}

#[test]
fn each_parent_gets_its_minimum_and_the_rest_is_shared_equally() {
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

		// A parent raising its minimum later does not take more than the pool: minimums of
		// 60% and 15% against a 50% share are scaled to it, 400 and 100.
		assert_ok!(set_policy(ALICE, a, policy(10, 20, 60)));
		set_registry_min_share(b, Some(pct(15)));
		let credits = Rewards::breakdown(child, 1_000).unwrap();
		assert_eq!(portions(credits), vec![(a, 400), (b, 100), (c, 0)]);
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
		System::reset_events();
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

// ---------------------------------------------------------------------------------------
// Revoked consent

#[test]
fn a_revoked_datasets_share_goes_to_the_models_other_datasets() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[(C1, pct(100))]);
		let d1 = add_dataset(EVE, &[]);
		let d2 = add_dataset(FERDIE, &[]);
		let m = add_model(ALICE, &[], &[(d0, Train), (d1, Validation), (d2, TestRole)]);
		assert_ok!(set_policy(ALICE, m, policy(10, 50, 0)));
		assert_eq!(
			Rewards::breakdown(m, 1_000).unwrap(),
			vec![
				credit(ALICE, 500, m, CreditReason::ModelOwner),
				credit(C1, 400, m, contributor(d0)),
				credit(EVE, 50, m, data_owner(d1)),
				credit(FERDIE, 50, m, data_owner(d2)),
			]
		);
		// D0's contributor revoked the grant the run used: D0 is paid nothing, and its part
		// of the pool goes to D1 and D2 by their weights (1:1).
		revoke(grant_of(m, d0), 5);
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(
			credited(),
			vec![
				credit(ALICE, 500, m, CreditReason::ModelOwner),
				credit(EVE, 250, m, data_owner(d1)),
				credit(FERDIE, 250, m, data_owner(d2)),
			]
		);
		assert_eq!(Claimable::<Test>::get(C1), 0);
	});
}

#[test]
fn with_every_grant_revoked_the_dataset_share_stays_with_the_owner() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[]);
		let d1 = add_dataset(EVE, &[]);
		let m = add_model(ALICE, &[], &[(d0, Train), (d1, TestRole)]);
		revoke(grant_of(m, d0), 2);
		revoke(grant_of(m, d1), 3);
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(
			credited(),
			vec![
				credit(ALICE, 800, m, CreditReason::ModelOwner),
				credit(ALICE, 200, m, CreditReason::NoEligibleDatasets),
			]
		);
	});
}

#[test]
fn a_revocation_in_a_parents_run_only_affects_that_parents_split() {
	build_and_execute(|| {
		let d0 = add_dataset(DAVE, &[]);
		let d1 = add_dataset(EVE, &[]);
		let parent = add_model(ALICE, &[], &[(d0, Train)]);
		let child = add_model(BOB, &[parent], &[(d1, Train)]);
		revoke(grant_of(parent, d0), 2);
		// Child: 700 own, 200 to D1, 100 to the parent; parent: 80 own, 20 kept as its
		// dataset share since D0's grant is revoked.
		assert_eq!(
			Rewards::breakdown(child, 1_000).unwrap(),
			vec![
				credit(BOB, 700, child, CreditReason::ModelOwner),
				credit(EVE, 200, child, data_owner(d1)),
				credit(ALICE, 80, parent, CreditReason::ModelOwner),
				credit(ALICE, 20, parent, CreditReason::NoEligibleDatasets),
			]
		);
	});
}

// ---------------------------------------------------------------------------------------
// pay_usage: errors, bounds, the pallet account

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
	});
}

#[test]
fn a_lineage_beyond_the_visit_bounds_is_refused() {
	build_and_execute(|| {
		let too_complex = SplitError::TooComplex {
			max_models: MAX_SPLIT_MODELS,
			max_datasets: MAX_SPLIT_DATASETS,
		};
		// 1 + 3 + 9 = 13 model visits within depth 2: over 8.
		let leaves: Vec<_> = (0..9).map(|_| add_model(ALICE, &[], &[])).collect();
		let middle: Vec<_> = leaves.chunks(3).map(|c| add_model(BOB, c, &[])).collect();
		let wide = add_model(CHARLIE, &middle, &[]);
		assert_eq!(Rewards::breakdown(wide, 1_000), Err(too_complex.clone()));
		assert_noop!(pay(EVE, wide, 1_000), Error::<Test>::TooComplex);
		// Exactly 8 visits are fine.
		let small = add_model(BOB, &leaves[..2], &[]);
		let eight = add_model(CHARLIE, &[middle[0], small], &[]);
		assert_eq!(Rewards::split(eight, 1_000).map(|s| s.models), Ok(8));

		// 3 + 3 + 3 = 9 dataset visits: over 8.
		let datasets =
			|n: usize| -> Vec<_> { (0..n).map(|_| (add_dataset(DAVE, &[]), Train)).collect() };
		let m0 = add_model(ALICE, &[], &datasets(3));
		let m1 = add_model(BOB, &[m0], &datasets(3));
		let m2 = add_model(CHARLIE, &[m1], &datasets(3));
		assert_eq!(Rewards::breakdown(m2, 1_000), Err(too_complex));
		assert_noop!(pay(EVE, m2, 1_000), Error::<Test>::TooComplex);
		assert_eq!(Rewards::split(m1, 1_000).map(|s| s.datasets), Ok(6));
	});
}

#[test]
fn pay_usage_charges_for_the_lineage_walked() {
	build_and_execute(|| {
		let m0 = base_model(ALICE);
		let m1 = add_model(BOB, &[m0], &[]);
		let info = Rewards::pay_usage(RuntimeOrigin::signed(EVE), m1, 1_000).unwrap();
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::pay_usage(2, 1)));
		let info =
			Rewards::set_royalty_policy(RuntimeOrigin::signed(BOB), m1, policy(10, 20, 0)).unwrap();
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::set_royalty_policy(1)));
	});
}

#[test]
fn the_first_payment_endows_an_unendowed_pallet_account() {
	new_test_ext_with(false).execute_with(|| {
		let m = add_model(ALICE, &[], &[]);
		assert_eq!(pot_balance(), 0);
		Rewards::do_try_state().unwrap();
		assert_ok!(pay(BOB, m, 100));
		assert_eq!(pot_balance(), ED + 100);
		assert_eq!(Balances::balance(&BOB), FUNDS - 100 - ED);
		assert_eq!(
			events()[..2],
			[
				Event::PotEndowed { from: BOB, amount: ED },
				Event::UsagePaid { model: m, payer: BOB, amount: 100 },
			]
		);
		// Only once.
		assert_ok!(pay(BOB, m, 100));
		assert_eq!(pot_balance(), ED + 200);
		Rewards::do_try_state().unwrap();
	});
}

// ---------------------------------------------------------------------------------------
// claim_rewards

#[test]
fn claims_pay_out_the_whole_balance_and_keep_the_pallet_account_alive() {
	build_and_execute(|| {
		let d = add_dataset(DAVE, &[(C1, pct(100))]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		assert_ok!(pay(BOB, m, 1_000));
		assert_ok!(pay(EVE, m, 500));
		assert_eq!(Claimable::<Test>::get(C1), 300);
		System::reset_events();

		// C1 had no account: the claim creates it.
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(C1)));
		assert_eq!(Balances::balance(&C1), 300);
		assert_eq!(Claimable::<Test>::get(C1), 0);
		assert!(!Claimable::<Test>::contains_key(C1));
		assert_eq!(events(), vec![Event::RewardsClaimed { who: C1, amount: 300 }]);

		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Balances::balance(&ALICE), FUNDS + 1_200);
		// Everything claimed: the pallet account keeps exactly its existential deposit.
		assert_eq!(TotalClaimable::<Test>::get(), 0);
		assert_eq!(pot_balance(), ED);
		assert!(frame_system::Account::<Test>::contains_key(pot()));
	});
}

#[test]
fn claim_errors() {
	build_and_execute(|| {
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(Rewards::claim_rewards(RuntimeOrigin::none()), DispatchError::BadOrigin);
		// NOBODY has no account and is owed 2, under the existential deposit of 5.
		let d = add_dataset(NOBODY, &[]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		assert_ok!(pay(BOB, m, 10));
		assert_eq!(Claimable::<Test>::get(NOBODY), 2);
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(NOBODY)),
			Error::<Test>::ClaimBelowExistentialDeposit
		);
		// Once enough has accrued, the claim goes through.
		assert_ok!(pay(BOB, m, 15));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(NOBODY)));
		assert_eq!(Balances::balance(&NOBODY), 5);
	});
}

// ---------------------------------------------------------------------------------------
// Queries, configuration, invariants

#[test]
fn queries() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		assert_eq!(Rewards::royalty_policy(m), Some(DEFAULT_POLICY));
		assert_eq!(Rewards::royalty_policy(99), None);
		assert_eq!(Rewards::claimable(&ALICE), 0);
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(Rewards::claimable(&ALICE), 800);
		assert_eq!(Rewards::claimable(&DAVE), 200);
		assert_eq!(Rewards::total_claimable(), 1_000);
		// A dry run writes nothing.
		let before = Rewards::total_claimable();
		assert_eq!(Rewards::breakdown(m, 50).unwrap().len(), 2);
		assert_eq!(Rewards::total_claimable(), before);
	});
}

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
		let m = base_model(ALICE);
		assert_ok!(pay(BOB, m, 1_000));
		Rewards::do_try_state().unwrap();

		TotalClaimable::<Test>::put(999);
		assert!(Rewards::do_try_state().is_err());
		TotalClaimable::<Test>::put(1_000);

		Claimable::<Test>::insert(EVE, 0);
		assert!(Rewards::do_try_state().is_err());
		Claimable::<Test>::remove(EVE);

		Policies::<Test>::insert(99, policy(10, 20, 0));
		assert!(Rewards::do_try_state().is_err());
		Policies::<Test>::remove(99);

		Policies::<Test>::insert(m, policy(90, 20, 0));
		assert!(Rewards::do_try_state().is_err());
		Policies::<Test>::remove(m);

		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(&pot(), ED + 999);
		assert!(Rewards::do_try_state().is_err());
		// A donation to the pallet account is surplus, not a broken invariant.
		Balances::set_balance(&pot(), ED + 2_000);
		Rewards::do_try_state().unwrap();
	});
}
