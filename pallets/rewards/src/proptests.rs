//! Property tests over random lineages, policies, revocations and sequences of payments and
//! claims:
//!
//! - a split's credits sum to exactly the amount paid, none is zero, none repeats, and no
//!   split makes more credits, or weighs more, than `pay_usage` is charged up front;
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
	Pay {
		payer: prop::sample::Index,
		model: prop::sample::Index,
		amount: u64,
	},
	Claim {
		who: prop::sample::Index,
	},
	/// A model's owner raises its minimum for derivatives (and its shares as needed).
	RaiseMinimum {
		model: prop::sample::Index,
		min: u32,
	},
	/// A dataset's owner replaces its contributors.
	Contributors {
		dataset: prop::sample::Index,
		contributors: Vec<(prop::sample::Index, u32)>,
	},
	/// A grant a model's run used is revoked, stop-use or keep-trained.
	Revoke {
		model: prop::sample::Index,
		input: prop::sample::Index,
		keep: bool,
	},
	/// A model registers later, on the current state.
	Register(ModelGen),
	/// A pool is opened, scored, closed and settled in batches.
	Pool {
		amount: u64,
		baseline: i64,
		higher: bool,
		scores: Vec<(prop::sample::Index, i64)>,
	},
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
	let index = any::<prop::sample::Index>;
	prop_oneof![
		4 => (index(), index(), MIN_PAYMENT..=1_000_000_000_000u64)
			.prop_map(|(payer, model, amount)| Op::Pay { payer, model, amount }),
		2 => index().prop_map(|who| Op::Claim { who }),
		1 => (index(), 0..=BILLION).prop_map(|(model, min)| Op::RaiseMinimum { model, min }),
		1 => (index(), prop::collection::vec((index(), 1u32..100), 0..=4))
			.prop_map(|(dataset, contributors)| Op::Contributors { dataset, contributors }),
		1 => (index(), index(), any::<bool>())
			.prop_map(|(model, input, keep)| Op::Revoke { model, input, keep }),
		1 => model_gen().prop_map(Op::Register),
		1 => (
			MIN_PAYMENT..=1_000_000_000u64,
			-50i64..50,
			any::<bool>(),
			prop::collection::vec((index(), -100i64..100), 0..=6),
		)
			.prop_map(|(amount, baseline, higher, scores)| Op::Pool { amount, baseline, higher, scores }),
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

/// Registers one generated model through the royalty hook, if it accepts it; then stores a
/// random (valid, not lower) policy and a registry minimum. Returns the id if registered.
fn register(m: &ModelGen, ids: &[ModelId], dataset_ids: &[DatasetId]) -> Option<ModelId> {
	let mut parents: Vec<ModelId> =
		if ids.is_empty() { vec![] } else { m.parents.iter().map(|p| *p.get(ids)).collect() };
	parents.sort();
	parents.dedup();
	let mut inputs: Vec<(DatasetId, DatasetRole)> = if dataset_ids.is_empty() {
		vec![]
	} else {
		m.inputs
			.iter()
			.map(|(d, role, _)| {
				let role = [DatasetRole::Train, DatasetRole::Validation, DatasetRole::Test]
					[*role as usize];
				(*d.get(dataset_ids), role)
			})
			.collect()
	};
	inputs.sort_by_key(|(d, _)| *d);
	inputs.dedup_by_key(|(d, _)| *d);
	let owner = *m.owner.get(&ACCOUNTS);
	let id = match try_add_model(owner, &parents, &inputs, Perbill::one()) {
		Ok(id) => id,
		Err(e) => {
			// Refused only for what the split could not honour.
			assert!(
				e == Error::<Test>::TooComplex.into()
					|| e == Error::<Test>::BelowParentMinimum.into(),
				"unexpected refusal {e:?}"
			);
			return None;
		},
	};
	for ((d, _), (_, _, revoked)) in inputs.iter().zip(&m.inputs) {
		if *revoked {
			keep_trained(grant_of(id, *d));
			revoke(grant_of(id, *d), 1);
		}
	}
	let (parent, dataset, min, registry_min) = m.policy;
	let current = Rewards::policy_of(id);
	let parent = Perbill::from_parts(parent).max(current.parent_share);
	let room = BILLION - parent.deconstruct();
	let dataset = Perbill::from_parts(dataset % (room + 1)).max(current.dataset_share);
	let raised = RoyaltyPolicy {
		parent_share: parent,
		dataset_share: dataset,
		min_derivative_share: Perbill::from_parts(min),
	};
	if raised.is_valid() {
		assert_eq!(Rewards::do_set_royalty_policy(&owner, id, raised), Ok(()));
	}
	set_registry_min_share(id, registry_min.map(Perbill::from_parts));
	Some(id)
}

/// Builds the lineage: datasets, then models registered in order. Returns both id lists.
fn build(datasets: &[DatasetGen], models: &[ModelGen]) -> (Vec<DatasetId>, Vec<ModelId>) {
	let dataset_ids: Vec<DatasetId> = datasets
		.iter()
		.map(|d| add_dataset(*d.owner.get(&ACCOUNTS), &shares(&d.contributors)))
		.collect();
	let mut ids: Vec<ModelId> = Vec::new();
	for m in models {
		if let Some(id) = register(m, &ids, &dataset_ids) {
			ids.push(id);
		}
	}
	(dataset_ids, ids)
}

fn f(share: Perbill) -> f64 {
	f64::from(share.deconstruct()) / f64::from(BILLION)
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
		let terms = Terms::<Test>::get(model).unwrap();
		let total: u64 = info.inputs.iter().map(|i| Rewards::role_weight(i.role)).sum();
		if total == 0 {
			owner += pool;
		}
		for (at, input) in info.inputs.iter().enumerate() {
			let part = pool * Rewards::role_weight(input.role) as f64 / total as f64;
			// The contributors snapshot at registration, or the dataset's current owner.
			match terms.contributors[at] {
				Some(key) => {
					for (who, share) in ContributorSnapshots::<Test>::get(key).unwrap().iter() {
						*owed.entry(*who).or_default() += part * f(*share);
					}
				},
				None => {
					let payees = MockDatasets::payees(input.dataset).unwrap();
					*owed.entry(payees.owner).or_default() += part;
				},
			}
		}
	}
	if !info.parents.is_empty() {
		let pool = f(policy.parent_share) * x;
		owner -= pool;
		if depth >= MAX_DEPTH {
			owner += pool;
		} else {
			// The minimums fixed when the model registered.
			let mins: Vec<f64> =
				Rewards::parent_minimums(model).unwrap().into_iter().map(f).collect();
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
	// The up-front weight's credit count bounds every split: no payment is under-charged.
	prop_assert!(split.credits.len() as u32 <= Rewards::max_credits(), "more credits than charged");
	prop_assert!(Rewards::split_weight(split).all_lte(Rewards::max_pay_weight()));
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

/// The split of `amount` for `model` as `pay_usage` would make it now, checked.
fn pay_checked(payer: u64, model: ModelId, amount: u64) -> Result<u64, TestCaseError> {
	let planned = Rewards::quote_with_split(model, amount);
	let before = Rewards::total_claimable();
	System::reset_events();
	let result = Rewards::do_pay_usage(payer, model, amount);
	match planned {
		Ok((quote, split)) => {
			check_split(model, amount, &split)?;
			let done = result.expect("a split that plans pays");
			prop_assert_eq!(&done, &split);
			let credited: Vec<_> = System::events()
				.into_iter()
				.filter_map(|r| match r.event {
					RuntimeEvent::Rewards(Event::Credited { account, amount, model, reason })
						if reason != CreditReason::EntryFee =>
					{
						Some(Credit { account, amount, model, reason })
					},
					_ => None,
				})
				.collect();
			prop_assert_eq!(credited, split.credits);
			prop_assert_eq!(Rewards::total_claimable(), before + quote.charged);
			Ok(quote.charged)
		},
		Err(e) => {
			// Every registered model is payable unless its consent was withdrawn, or the
			// payer cannot pay.
			prop_assert!(matches!(e, SplitError::ConsentWithdrawn { .. }), "unexpected {:?}", e);
			prop_assert_eq!(result, Err(Error::<Test>::ConsentWithdrawn.into()));
			prop_assert_eq!(Rewards::total_claimable(), before);
			Ok(0)
		},
	}
}

/// Runs a whole pool round on `models`; returns what it paid into the pallet account.
fn pool_round(
	ids: &[ModelId],
	benchmark: DatasetId,
	(amount, baseline, higher): (u64, i64, bool),
	scores: &[(prop::sample::Index, i64)],
) -> Result<u64, TestCaseError> {
	let start = System::block_number();
	let pool = Rewards::do_open_pool(
		EVE,
		PoolSpec {
			benchmark,
			metric: BoundedVec::default(),
			higher_is_better: higher,
			baseline,
			closes_at: start + 1,
			amount,
		},
	)
	.map_err(|e| TestCaseError::fail(format!("open: {e:?}")))?;
	for (model, score) in scores {
		let model = *model.get(ids);
		// Refused only for the bounds (or an evaluator's own model: JUDGE owns none).
		let _ = Rewards::do_submit_score(JUDGE, pool, model, *score, 0);
	}
	System::set_block_number(start + 1);
	let payout = Rewards::pool_payout(pool).unwrap();
	let before = Rewards::total_claimable();
	let sponsor = Balances::balance(&EVE);
	let mut calls = 0;
	while Pools::<Test>::contains_key(pool) {
		Rewards::do_settle_pool(pool, MAX_SETTLE_BATCH)
			.map_err(|e| TestCaseError::fail(format!("settle: {e:?}")))?;
		calls += 1;
		prop_assert!(calls <= MAX_POOL_ENTRIES, "settlement does not end");
	}
	let paid = amount - payout.returned;
	// Exactly the dry run: paid in, and the rest back to the sponsor with the deposit.
	prop_assert_eq!(Rewards::total_claimable(), before + paid);
	prop_assert_eq!(Balances::balance(&EVE), sponsor + payout.returned + POOL_DEPOSIT);
	Ok(paid)
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

	#[test]
	fn any_accepted_lineage_is_payable_splits_are_exact_and_the_books_balance(
		datasets in prop::collection::vec(dataset_gen(), 1..=5),
		models in prop::collection::vec(model_gen(), 1..=8),
		ops in prop::collection::vec(op_gen(), 1..=14),
	) {
		new_test_ext().execute_with(|| -> Result<(), TestCaseError> {
			let (dataset_ids, mut ids) = build(&datasets, &models);
			let benchmark = add_dataset(FERDIE, &[]);
			// Every registered model can be paid the largest amount.
			for id in &ids {
				prop_assert!(Rewards::split(*id, u64::MAX / 4).is_ok(), "model {} unpayable", id);
			}
			let mut paid_in = 0u64;
			let mut paid_out = 0u64;
			for op in ops {
				match op {
					Op::Pay { payer, model, amount } if !ids.is_empty() => {
						paid_in += pay_checked(*payer.get(&PAYERS), *model.get(&ids), amount)?;
					},
					Op::Claim { who } => {
						let who = *who.get(&ACCOUNTS);
						let owed = Rewards::claimable(&who);
						match Rewards::do_claim_rewards(who) {
							Ok(amount) => {
								prop_assert_eq!(amount, owed);
								paid_out += amount;
							},
							// Every entry opens an account: only an empty one is refused.
							Err(e) => prop_assert!(
								owed == 0 && e == Error::<Test>::NothingToClaim.into(),
								"claim of {} refused: {:?}", owed, e
							),
						}
					},
					Op::RaiseMinimum { model, min } if !ids.is_empty() => {
						let model = *model.get(&ids);
						let owner = MockModels::model(model).unwrap().owner;
						let mut p = Rewards::policy_of(model);
						let before: Vec<_> =
							Children::of(&ids, model).into_iter().map(Rewards::breakdown_of).collect();
						p.min_derivative_share = p.min_derivative_share.max(Perbill::from_parts(min));
						prop_assert_eq!(Rewards::do_set_royalty_policy(&owner, model, p), Ok(()));
						// Derivatives already registered split exactly as before.
						let after: Vec<_> =
							Children::of(&ids, model).into_iter().map(Rewards::breakdown_of).collect();
						prop_assert_eq!(before, after);
					},
					Op::Contributors { dataset, contributors } => {
						let dataset = *dataset.get(&dataset_ids);
						let before: Vec<_> = ids.iter().map(|m| Rewards::breakdown_of(*m)).collect();
						set_contributors(dataset, &shares(&contributors));
						let after: Vec<_> = ids.iter().map(|m| Rewards::breakdown_of(*m)).collect();
						// Contributors of registered models are fixed; only a dataset's owner
						// (for a dataset listing none) is read at payment time, and owners do
						// not change here.
						prop_assert_eq!(before, after);
					},
					Op::Revoke { model, input, keep } if !ids.is_empty() => {
						let model = *model.get(&ids);
						let inputs = MockModels::model(model).unwrap().inputs;
						if !inputs.is_empty() {
							let grant = input.get(&inputs).grant;
							if keep {
								keep_trained(grant);
							}
							if MockConsent::revoked_at(grant).is_none() {
								revoke(grant, System::block_number());
							}
						}
					},
					Op::Register(m) => {
						if let Some(id) = register(&m, &ids, &dataset_ids) {
							let ok = Rewards::split(id, u64::MAX / 4);
							prop_assert!(
								ok.is_ok() || matches!(ok, Err(SplitError::ConsentWithdrawn { .. })),
								"registered model {} unpayable: {:?}", id, ok
							);
							ids.push(id);
						}
					},
					Op::Pool { amount, baseline, higher, scores } if !ids.is_empty() => {
						paid_in += pool_round(&ids, benchmark, (amount, baseline, higher), &scores)?;
					},
					_ => {},
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

/// Test-only shortcuts.
impl Pallet<Test> {
	/// The split of a fixed amount, or its error: what a model pays whom.
	fn breakdown_of(model: ModelId) -> Result<Vec<CreditOf<Test>>, SplitErrorOf<Test>> {
		Self::breakdown(model, 1_000_000_000_000)
	}
}

/// The registered models with `parent` among their parents.
struct Children;

impl Children {
	fn of(ids: &[ModelId], parent: ModelId) -> Vec<ModelId> {
		ids.iter()
			.copied()
			.filter(|id| MockModels::model(*id).unwrap().parents.contains(&parent))
			.collect()
	}
}
