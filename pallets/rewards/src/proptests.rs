//! Property tests over random lineages, policies, revocations and sequences of payments and
//! claims:
//!
//! - a split's credits sum to exactly the amount paid, none is zero, none repeats;
//! - no account receives more than its exact (rational) share plus bounded rounding, or
//!   less than its exact share minus the split's rounding; only the paid model's owner gets
//!   the dust;
//! - `pay_usage` credits exactly what `breakdown` shows, and refuses what it refuses;
//! - after every step, the pallet account holds exactly the unclaimed credits plus its
//!   existential deposit, everything paid is either claimed or claimable, and `try_state`
//!   passes.
//!
//! The exact shares come from a reference model of the documented rules in `f64`, which is
//! exact to well under a unit at these magnitudes.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use frame_support::traits::fungible::Inspect;
use proptest::prelude::*;
use provenance_primitives::{DatasetId, DatasetRole};
use std::collections::BTreeMap;

const BILLION: u32 = 1_000_000_000;
/// Accounts that own, contribute and pay: a few, so that they collide across roles.
const ACCOUNTS: [u64; 8] = [ALICE, BOB, CHARLIE, DAVE, C1, C2, C3, C4];
const PAYERS: [u64; 3] = [EVE, FERDIE, ALICE];

#[derive(Clone, Debug)]
struct DatasetGen {
	owner: prop::sample::Index,
	/// Contributor indices and raw weights, normalised to shares adding up to 100%.
	contributors: Vec<(prop::sample::Index, u32)>,
}

#[derive(Clone, Debug)]
struct ModelGen {
	owner: prop::sample::Index,
	parents: Vec<prop::sample::Index>,
	/// Dataset, role (0, 1, 2), whether the grant is revoked.
	inputs: Vec<(prop::sample::Index, u8, bool)>,
	/// Parent share, dataset share (of what parent share leaves), minimum, registry minimum.
	policy: (u32, u32, u32, Option<u32>),
}

#[derive(Clone, Debug)]
enum Op {
	Pay { payer: prop::sample::Index, model: prop::sample::Index, amount: u64 },
	Claim { who: prop::sample::Index },
}

fn dataset_gen() -> impl Strategy<Value = DatasetGen> {
	(
		any::<prop::sample::Index>(),
		prop::collection::vec((any::<prop::sample::Index>(), 1u32..100), 0..=4),
	)
		.prop_map(|(owner, contributors)| DatasetGen { owner, contributors })
}

fn model_gen() -> impl Strategy<Value = ModelGen> {
	(
		any::<prop::sample::Index>(),
		prop::collection::vec(any::<prop::sample::Index>(), 0..=3),
		prop::collection::vec(
			(any::<prop::sample::Index>(), 0u8..3, prop::bool::weighted(0.2)),
			0..=3,
		),
		(0..=BILLION, 0..=BILLION, 0..=BILLION / 2, prop::option::weighted(0.2, 0..=BILLION / 2)),
	)
		.prop_map(|(owner, parents, inputs, policy)| ModelGen { owner, parents, inputs, policy })
}

fn op_gen() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => (any::<prop::sample::Index>(), any::<prop::sample::Index>(), MIN_PAYMENT..=1_000_000_000_000u64)
			.prop_map(|(payer, model, amount)| Op::Pay { payer, model, amount }),
		1 => any::<prop::sample::Index>().prop_map(|who| Op::Claim { who }),
	]
}

/// Shares adding up to exactly 100%, for distinct accounts.
fn shares(raw: &[(prop::sample::Index, u32)]) -> Vec<(u64, Perbill)> {
	let mut weights: BTreeMap<u64, u64> = BTreeMap::new();
	for (index, weight) in raw {
		*weights.entry(*index.get(&ACCOUNTS)).or_default() += u64::from(*weight);
	}
	let total: u64 = weights.values().sum();
	let mut out: Vec<(u64, Perbill)> = weights
		.iter()
		.map(|(who, w)| (*who, Perbill::from_parts((w * u64::from(BILLION) / total) as u32)))
		.collect();
	let given: u32 = out.iter().map(|(_, s)| s.deconstruct()).sum();
	if let Some((_, first)) = out.first_mut() {
		*first = Perbill::from_parts(first.deconstruct() + (BILLION - given));
	}
	out
}

/// Builds the lineage in the mock registry and stores the policies; returns the model ids.
fn build(datasets: &[DatasetGen], models: &[ModelGen]) -> Vec<ModelId> {
	let dataset_ids: Vec<DatasetId> = datasets
		.iter()
		.map(|d| add_dataset(*d.owner.get(&ACCOUNTS), &shares(&d.contributors)))
		.collect();
	let mut ids: Vec<ModelId> = Vec::new();
	for m in models {
		let mut parents: Vec<ModelId> =
			if ids.is_empty() { vec![] } else { m.parents.iter().map(|p| *p.get(&ids)).collect() };
		parents.sort();
		parents.dedup();
		let mut inputs: Vec<(DatasetId, DatasetRole, bool)> = if dataset_ids.is_empty() {
			vec![]
		} else {
			m.inputs
				.iter()
				.map(|(d, role, revoked)| {
					let role = [DatasetRole::Train, DatasetRole::Validation, DatasetRole::Test]
						[*role as usize];
					(*d.get(&dataset_ids), role, *revoked)
				})
				.collect()
		};
		inputs.sort_by_key(|(d, _, _)| *d);
		inputs.dedup_by_key(|(d, _, _)| *d);
		let roles: Vec<_> = inputs.iter().map(|(d, r, _)| (*d, *r)).collect();
		let id = add_model(*m.owner.get(&ACCOUNTS), &parents, &roles);
		for (d, _, revoked) in &inputs {
			if *revoked {
				revoke(grant_of(id, *d), 1);
			}
		}
		let (parent, dataset, min, registry_min) = m.policy;
		let dataset = dataset % (BILLION - parent + 1);
		Policies::<Test>::insert(
			id,
			RoyaltyPolicy {
				parent_share: Perbill::from_parts(parent),
				dataset_share: Perbill::from_parts(dataset),
				min_derivative_share: Perbill::from_parts(min),
			},
		);
		set_registry_min_share(id, registry_min.map(Perbill::from_parts));
		ids.push(id);
	}
	ids
}

fn f(share: Perbill) -> f64 {
	f64::from(share.deconstruct()) / f64::from(BILLION)
}

fn required(model: ModelId) -> f64 {
	let info = MockModels::model(model).unwrap();
	let policy = Rewards::policy_of(model);
	f(policy.min_derivative_share.max(info.min_derivative_share.unwrap_or_default()))
}

/// The documented rules over the reals: what each account is owed for `x` reaching `model`
/// `depth` hops from the paid model.
fn reference(model: ModelId, x: f64, depth: u32, owed: &mut BTreeMap<u64, f64>) {
	let info = MockModels::model(model).unwrap();
	let policy = Rewards::policy_of(model);
	let mut owner = x;
	if !info.inputs.is_empty() {
		let pool = f(policy.dataset_share) * x;
		owner -= pool;
		let eligible: Vec<_> = info
			.inputs
			.iter()
			.filter(|i| {
				Rewards::role_weight(i.role) > 0 && MockConsent::revoked_at(i.grant).is_none()
			})
			.collect();
		let total: u64 = eligible.iter().map(|i| Rewards::role_weight(i.role)).sum();
		if total == 0 {
			owner += pool;
		}
		for input in eligible {
			let part = pool * Rewards::role_weight(input.role) as f64 / total as f64;
			let payees = MockDatasets::payees(input.dataset).unwrap();
			if payees.contributors.is_empty() {
				*owed.entry(payees.owner).or_default() += part;
			}
			for (who, share) in payees.contributors.iter() {
				*owed.entry(*who).or_default() += part * f(*share);
			}
		}
	}
	if !info.parents.is_empty() {
		let pool = f(policy.parent_share) * x;
		owner -= pool;
		if depth >= MAX_DEPTH {
			owner += pool;
		} else {
			let mins: Vec<f64> = info.parents.iter().map(|p| required(*p)).collect();
			let total: f64 = mins.iter().sum();
			let guaranteed: Vec<f64> = if total <= f(policy.parent_share) {
				mins.iter().map(|m| m * x).collect()
			} else {
				mins.iter().map(|m| pool * m / total).collect()
			};
			let each = (pool - guaranteed.iter().sum::<f64>()) / info.parents.len() as f64;
			for (parent, g) in info.parents.iter().zip(guaranteed) {
				reference(*parent, g + each, depth + 1, owed);
			}
		}
	}
	*owed.entry(info.owner).or_default() += owner;
}

fn check_split(model: ModelId, amount: u64, split: &SplitOf<Test>) -> Result<(), TestCaseError> {
	let total: u64 = split.credits.iter().map(|c| c.amount).sum();
	prop_assert_eq!(total, amount, "credits do not sum to the amount");
	let mut keys = std::collections::BTreeSet::new();
	for c in &split.credits {
		prop_assert!(c.amount > 0, "zero credit");
		prop_assert!(keys.insert((c.account, c.model, c.reason)), "repeated credit");
		if c.reason == CreditReason::Dust {
			prop_assert_eq!(c.model, model);
		}
	}
	let mut got: BTreeMap<u64, u64> = BTreeMap::new();
	for c in &split.credits {
		*got.entry(c.account).or_default() += c.amount;
	}
	let mut owed = BTreeMap::new();
	reference(model, amount as f64, 0, &mut owed);
	let root_owner = MockModels::model(model).unwrap().owner;
	let dust: u64 =
		split.credits.iter().filter(|c| c.reason == CreditReason::Dust).map(|c| c.amount).sum();
	// Every rounding loses under a unit: at most this many per split.
	let roundings = u64::from(split.models) * u64::from(2 + 2 * MAX_PARENTS)
		+ u64::from(split.datasets) * u64::from(2 + MAX_CONTRIBUTORS);
	prop_assert!(dust <= roundings, "dust {} over {} roundings", dust, roundings);
	for who in got.keys().chain(owed.keys()) {
		let exact = owed.get(who).copied().unwrap_or(0.0);
		let paid = got.get(who).copied().unwrap_or(0) as f64;
		// An owner keeps the fractions of its pools (under 2 units per visit); the paid
		// model's owner also gets the dust.
		let slack =
			2.0 * f64::from(split.models) + if *who == root_owner { dust as f64 } else { 0.0 };
		prop_assert!(paid <= exact + slack + 0.01, "{} paid {} for {} owed", who, paid, exact);
		prop_assert!(
			paid >= exact - roundings as f64 - 0.01,
			"{} paid {} for {}",
			who,
			paid,
			exact
		);
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

	#[test]
	fn splits_are_exact_and_the_books_balance(
		datasets in prop::collection::vec(dataset_gen(), 0..=5),
		models in prop::collection::vec(model_gen(), 1..=8),
		ops in prop::collection::vec(op_gen(), 1..=12),
	) {
		new_test_ext().execute_with(|| -> Result<(), TestCaseError> {
			let ids = build(&datasets, &models);
			let mut paid_in = 0u64;
			let mut paid_out = 0u64;
			for op in ops {
				match op {
					Op::Pay { payer, model, amount } => {
						let (payer, model) = (*payer.get(&PAYERS), *model.get(&ids));
						let planned = Rewards::split(model, amount);
						let before = Rewards::total_claimable();
						System::reset_events();
						let result = Rewards::do_pay_usage(payer, model, amount);
						match planned {
							Ok(split) => {
								check_split(model, amount, &split)?;
								let done = result.expect("a split that plans pays");
								prop_assert_eq!(&done, &split);
								let credited: Vec<_> = System::events()
									.into_iter()
									.filter_map(|r| match r.event {
										RuntimeEvent::Rewards(Event::Credited {
											account, amount, model, reason,
										}) => Some(Credit { account, amount, model, reason }),
										_ => None,
									})
									.collect();
								prop_assert_eq!(credited, split.credits);
								paid_in += amount;
							},
							Err(e) => {
								prop_assert!(
									matches!(e, SplitError::TooComplex { .. }),
									"unexpected {:?}", e
								);
								prop_assert_eq!(
									result,
									Err(Error::<Test>::TooComplex.into())
								);
								prop_assert_eq!(Rewards::total_claimable(), before);
							},
						}
					},
					Op::Claim { who } => {
						let who = *who.get(&ACCOUNTS);
						let owed = Rewards::claimable(&who);
						match Rewards::do_claim_rewards(who) {
							Ok(amount) => {
								prop_assert_eq!(amount, owed);
								paid_out += amount;
							},
							Err(e) => prop_assert!(
								owed == 0 && e == Error::<Test>::NothingToClaim.into()
									|| owed < ED
										&& e == Error::<Test>::ClaimBelowExistentialDeposit.into(),
								"claim of {} refused: {:?}", owed, e
							),
						}
					},
				}
				let pot = Balances::balance(&Rewards::account_id());
				prop_assert_eq!(pot, ED + Rewards::total_claimable());
				prop_assert_eq!(paid_in, paid_out + Rewards::total_claimable());
				prop_assert!(Rewards::do_try_state().is_ok());
			}
			Ok(())
		})?;
	}
}
