//! Unit tests: every call's success path, errors and events, the runtime API queries, and
//! the invariant checks themselves.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchResultWithPostInfo,
	traits::fungible::{Inspect, InspectHold, Mutate},
};
use provenance_primitives::{
	DerivationKind, DerivativeScope, GrantDependents,
	Purpose::{self, Commercial, Inference, Research, Training},
	RevocationEffect, MAX_PAGE_SIZE,
};
use sp_runtime::DispatchError;

const CARD: H256 = H256::repeat_byte(0xCA);
const CONFIG: H256 = H256::repeat_byte(0xC0);
const CODE: H256 = H256::repeat_byte(0xC1);
const EVIDENCE: H256 = H256::repeat_byte(0xE0);
const ROOT: H256 = H256::repeat_byte(0xAA);

/// Name, version, URI and licence bytes of [`Reg::new`]'s model.
const TEXT_LEN: u64 = 8 + 3 + 8 + 3;

fn hash(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn bv<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

/// The deposit for [`Reg::new`]'s model with `p` parents, `i` inputs and `b` basis grants:
/// a compact length byte and 9, 17 and 8 bytes per entry, and 64 bytes of `GrantModels`
/// index per basis grant.
fn expected_deposit(p: u64, i: u64, b: u64) -> Balance {
	MODEL_DEPOSIT_BASE
		+ MODEL_DEPOSIT_PER_BYTE * (TEXT_LEN + 1 + 9 * p + 1 + 17 * i + 1 + (8 + 64) * b)
}

/// A dataset owned by `DAVE` and a grant on it to `who` for `list`, as a training input.
/// Anyone may derive from what is built with it, so that tests about other rules can
/// derive freely; `inherited_consent` tests the scopes.
fn consented(who: u64, list: &[Purpose]) -> TrainingInput {
	let input = scoped(who, list, DerivativeScope::Anyone);
	set_grant_terms(input.grant, DerivativeScope::Anyone, RevocationEffect::StopUse, None);
	input
}

/// As [`consented`], with the grant's derivative scope `scope`.
fn scoped(who: u64, list: &[Purpose], scope: DerivativeScope) -> TrainingInput {
	let dataset = add_dataset(DAVE);
	let grant = add_grant(dataset, who, list);
	set_grant_terms(grant, scope, RevocationEffect::StopUse, None);
	TrainingInput { dataset, role: InputRole::Train, grant }
}

/// A registration, with defaults for everything the test does not care about.
#[derive(Clone)]
struct Reg {
	weights: H256,
	name: Vec<u8>,
	license: Vec<u8>,
	policy: DerivativePolicy,
	kind: RunKind,
	parents: Vec<(ModelId, RunKind)>,
	inputs: Vec<TrainingInput>,
	purpose: Purpose,
	compute_provider: Option<u64>,
	max_parent_share: Perbill,
	max_basis: u32,
}

impl Reg {
	fn new(seed: u8) -> Self {
		Self {
			weights: hash(seed),
			name: b"gpt-mini".to_vec(),
			license: b"MIT".to_vec(),
			policy: DerivativePolicy::Open,
			kind: RunKind::Pretrain,
			parents: vec![],
			inputs: vec![],
			purpose: Training,
			compute_provider: None,
			max_parent_share: Perbill::one(),
			max_basis: MAX_BASIS_GRANTS,
		}
	}

	fn max_basis(mut self, bound: u32) -> Self {
		self.max_basis = bound;
		self
	}

	fn max_parent_share(mut self, bound: Perbill) -> Self {
		self.max_parent_share = bound;
		self
	}

	fn parents(mut self, parents: &[(ModelId, RunKind)]) -> Self {
		self.parents = parents.to_vec();
		self.kind = RunKind::FineTune;
		self
	}

	fn inputs(mut self, inputs: &[TrainingInput]) -> Self {
		self.inputs = inputs.to_vec();
		self
	}

	fn policy(mut self, policy: DerivativePolicy) -> Self {
		self.policy = policy;
		self
	}

	fn purpose(mut self, purpose: Purpose) -> Self {
		self.purpose = purpose;
		self
	}

	fn call(&self, who: u64) -> DispatchResultWithPostInfo {
		Lineage::register_model(
			RuntimeOrigin::signed(who),
			self.weights,
			bv(&self.name),
			bv(b"1.0"),
			bv(b"ipfs://w"),
			bv(&self.license),
			CARD,
			self.policy,
			self.kind,
			self.parents.clone().try_into().unwrap(),
			self.inputs.clone().try_into().unwrap(),
			self.purpose,
			CONFIG,
			CODE,
			self.compute_provider,
			self.max_parent_share,
			self.max_basis,
		)
	}

	/// Registers and returns the new model's id.
	fn ok(&self, who: u64) -> ModelId {
		let id = NextModelId::<Test>::get();
		assert_ok!(self.call(who));
		id
	}
}

/// A model pretrained by `who` on one fresh consented dataset; returns it and its input.
fn pretrained(who: u64, seed: u8) -> (ModelId, TrainingInput) {
	let input = consented(who, &[Training, Research]);
	(Reg::new(seed).inputs(&[input]).ok(who), input)
}

fn model(id: ModelId) -> ModelRecordOf<Test> {
	Models::<Test>::get(id).unwrap()
}

fn basis(id: ModelId) -> Vec<GrantId> {
	model(id).consent_basis.into_inner()
}

fn held(reason: HoldReason, who: u64) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Lineage(reason), &who)
}

fn model_held(who: u64) -> Balance {
	held(HoldReason::ModelDeposit, who)
}

fn free(who: u64) -> Balance {
	Balances::balance(&who)
}

fn grant_models(grant: GrantId) -> Vec<ModelId> {
	let mut models: Vec<_> = GrantModels::<Test>::iter_key_prefix(grant).collect();
	models.sort();
	models
}

mod register_model;

/// Accredits each account as an evaluator.
fn accredit(who: &[u64]) {
	for w in who {
		assert_ok!(Lineage::add_evaluator(RuntimeOrigin::root(), *w));
	}
}

fn evaluate(who: u64, model: ModelId, benchmark: Option<(DatasetId, GrantId)>) -> DispatchResult {
	Lineage::record_evaluation(
		RuntimeOrigin::signed(who),
		model,
		benchmark,
		bv(b"accuracy"),
		912_300,
		EVIDENCE,
	)
}

mod inherited_consent;

mod record_evaluation;

mod deprecate_model;

mod withdraw_model;

mod transfer_model;

mod evaluators;

fn anchor(who: u64, model: ModelId, count: u32) -> DispatchResult {
	Lineage::anchor_decisions(RuntimeOrigin::signed(who), model, ROOT, count)
}

mod anchor_decisions;

mod queries;

mod derived_datasets;
mod disputes;
mod try_state;

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		<Lineage as Hooks<u64>>::integrity_test();
	});
}
