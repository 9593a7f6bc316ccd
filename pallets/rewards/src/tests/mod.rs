//! Unit tests, by call or concern: every call's success path, errors and events; splits
//! with exact numbers; the terms fixed at registration; revocations; entry fees, earnings
//! and claims; reward pools; the invariant checks themselves. Each of issue 12's six
//! problems has a test named `problem_<n>_...` that replays the attack.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use provenance_primitives::DatasetRole::{Test as TestRole, Train, Validation};
use sp_runtime::DispatchError;

mod fees;
mod invariants;
mod policy;
mod pools;
mod revocation;
mod split;
mod terms;

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

/// The `Credited` events of the splits (entry fees left out), as credits.
fn credited() -> Vec<CreditOf<Test>> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::Credited { account, amount, model, reason }
				if reason != CreditReason::EntryFee =>
			{
				Some(Credit { account, amount, model, reason })
			},
			_ => None,
		})
		.collect()
}

/// The entry fees credited to `who`, from the events.
fn fees_of(who: u64) -> Balance {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::Credited { account, amount, reason: CreditReason::EntryFee, .. }
				if account == who =>
			{
				Some(amount)
			},
			_ => None,
		})
		.sum()
}

/// Everything `who` has earned, over every source.
fn earned(who: u64) -> Balance {
	Earnings::<Test>::iter_prefix(who).map(|(_, amount)| amount).sum()
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
	// Each policy is set before its derivative registers, so that the derivative's terms
	// take its minimum in.
	let m0 = add_model(ALICE, &[], &[(d0, Train), (d1, Validation)]);
	assert_ok!(set_policy(ALICE, m0, policy(10, 30, 10)));
	let m1 = add_model(BOB, &[m0], &[(d2, Train)]);
	assert_ok!(set_policy(BOB, m1, policy(20, 20, 5)));
	let m2 = add_model(CHARLIE, &[m1], &[(d3, Train), (d1, TestRole)]);
	assert_ok!(set_policy(CHARLIE, m2, policy(25, 20, 0)));
	(m0, m1, m2)
}
