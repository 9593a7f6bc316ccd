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
	Purpose::{self, Commercial, Research, Training},
	MAX_PAGE_SIZE,
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
/// a compact length byte and 9, 17 and 8 bytes per entry.
fn expected_deposit(p: u64, i: u64, b: u64) -> Balance {
	MODEL_DEPOSIT_BASE + MODEL_DEPOSIT_PER_BYTE * (TEXT_LEN + 1 + 9 * p + 1 + 17 * i + 1 + 8 * b)
}

/// A dataset owned by `DAVE` and a grant on it to `who` for `list`, as a training input.
fn consented(who: u64, list: &[Purpose]) -> TrainingInput {
	let dataset = add_dataset(DAVE);
	TrainingInput { dataset, role: InputRole::Train, grant: add_grant(dataset, who, list) }
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
		}
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

mod register_model {
	use super::*;

	#[test]
	fn pretrain_stores_indexes_consumes_holds_and_emits() {
		build_and_execute(|| {
			let input = consented(ALICE, &[Training]);
			let validation = TrainingInput {
				role: InputRole::Validation,
				..consented(ALICE, &[Training, Research])
			};
			run_to_block(3);
			let mut reg = Reg::new(1).inputs(&[input, validation]);
			reg.compute_provider = Some(EVE);
			let id = reg.ok(ALICE);
			assert_eq!(id, 0);
			let deposit = expected_deposit(0, 2, 2);
			assert_eq!(
				Models::<Test>::get(0),
				Some(ModelRecord {
					owner: ALICE,
					weights_hash: hash(1),
					name: bv(b"gpt-mini"),
					version: bv(b"1.0"),
					uri: bv(b"ipfs://w"),
					license: bv(b"MIT"),
					card_hash: CARD,
					policy: DerivativePolicy::Open,
					status: ModelStatus::Active,
					created_at: 3,
					deposit,
					run: TrainingRun {
						trainer: ALICE,
						kind: RunKind::Pretrain,
						parents: BoundedVec::default(),
						inputs: vec![input, validation].try_into().unwrap(),
						purpose: Training,
						config_hash: CONFIG,
						code_hash: CODE,
						compute_provider: Some(EVE),
						at: 3,
					},
					consent_basis: vec![input.grant, validation.grant].try_into().unwrap(),
				})
			);
			assert_eq!(NextModelId::<Test>::get(), 1);
			assert_eq!(ModelByWeightsHash::<Test>::get(hash(1)), Some(0));
			assert_eq!(DatasetModels::<Test>::get(input.dataset, 0), Some(InputRole::Train));
			assert_eq!(
				DatasetModels::<Test>::get(validation.dataset, 0),
				Some(InputRole::Validation)
			);
			assert_eq!(grant_models(input.grant), vec![0]);
			assert_eq!(grant_models(validation.grant), vec![0]);
			// Each grant was used once, by the trainer, for the run's purpose.
			let job_hash = Lineage::training_job_hash(&hash(1), &CONFIG);
			for grant in [input.grant, validation.grant] {
				assert_eq!(uses(grant), vec![MockUse { who: ALICE, purpose: Training, job_hash }]);
			}
			assert_eq!(model_held(ALICE), deposit);
			assert_eq!(free(ALICE), FUNDS - deposit);
			System::assert_last_event(
				Event::ModelRegistered {
					id: 0,
					owner: ALICE,
					weights_hash: hash(1),
					kind: RunKind::Pretrain,
					parents: 0,
					inputs: 2,
					deposit,
				}
				.into(),
			);
		});
	}

	#[test]
	fn derived_model_inherits_its_parents_bases() {
		build_and_execute(|| {
			let (a, in_a) = pretrained(ALICE, 1);
			let (b, in_b) = pretrained(BOB, 2);
			let own = consented(CHARLIE, &[Training]);
			let child = Reg::new(3)
				.parents(&[(b, RunKind::Merge), (a, RunKind::FineTune)])
				.inputs(&[own])
				.ok(CHARLIE);
			assert_eq!(child, 2);
			let mut expected = vec![in_a.grant, in_b.grant, own.grant];
			expected.sort();
			assert_eq!(basis(child), expected);
			assert_eq!(Children::<Test>::get(a, child), Some(RunKind::FineTune));
			assert_eq!(Children::<Test>::get(b, child), Some(RunKind::Merge));
			assert_eq!(grant_models(in_a.grant), vec![a, child]);
			assert_eq!(grant_models(in_b.grant), vec![b, child]);
			assert_eq!(grant_models(own.grant), vec![child]);
			// Inherited grants are not consumed again: only the run's own input is.
			assert_eq!(uses(in_a.grant).len(), 1);
			assert_eq!(uses(own.grant).len(), 1);
			let deposit = expected_deposit(2, 1, 3);
			assert_eq!(model(child).deposit, deposit);
			assert_eq!(model_held(CHARLIE), deposit);
			assert_eq!(free(CHARLIE), FUNDS - deposit);
			System::assert_last_event(
				Event::ModelRegistered {
					id: child,
					owner: CHARLIE,
					weights_hash: hash(3),
					kind: RunKind::FineTune,
					parents: 2,
					inputs: 1,
					deposit,
				}
				.into(),
			);

			// A grandchild without inputs carries the whole ancestry's basis.
			let mut quantized = Reg::new(4).parents(&[(child, RunKind::Quantize)]);
			quantized.kind = RunKind::Quantize;
			let grandchild = quantized.ok(DAVE);
			assert_eq!(basis(grandchild), expected);
			assert_eq!(grant_models(in_a.grant), vec![a, child, grandchild]);
			assert_eq!(model(grandchild).deposit, expected_deposit(1, 0, 3));
		});
	}

	#[test]
	fn tells_the_royalty_pallet_of_each_model_and_its_parents() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			let (b, _) = pretrained(BOB, 2);
			let child =
				Reg::new(3).parents(&[(b, RunKind::Merge), (a, RunKind::Merge)]).ok(CHARLIE);
			assert_eq!(royalty_log(), vec![(a, vec![]), (b, vec![]), (child, vec![b, a])]);
		});
	}

	#[test]
	fn royalty_refusal_registers_nothing_and_consumes_no_consent() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			let (b, _) = pretrained(BOB, 2);
			refuse_derivatives_of(a);
			let own = consented(CHARLIE, &[Training]);
			let log_before = royalty_log();
			assert_noop!(
				Reg::new(3)
					.parents(&[(b, RunKind::Merge), (a, RunKind::Merge)])
					.inputs(&[own])
					.call(CHARLIE),
				DispatchError::Other("below the parents' royalty minimum")
			);
			assert!(uses(own.grant).is_empty());
			assert_eq!(royalty_log(), log_before);
			// The royalty check comes before any grant is consumed: with an input Charlie may
			// not use, it is still the royalty refusal that is reported.
			let bobs = consented(BOB, &[Training]);
			assert_noop!(
				Reg::new(3).parents(&[(a, RunKind::Merge)]).inputs(&[bobs]).call(CHARLIE),
				DispatchError::Other("below the parents' royalty minimum")
			);
			// A derivative of the other parent alone may register.
			let child = Reg::new(3).parents(&[(b, RunKind::FineTune)]).inputs(&[own]).ok(CHARLIE);
			assert_eq!(royalty_log().last(), Some(&(child, vec![b])));
		});
	}

	#[test]
	fn charges_the_weight_of_the_basis_written() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			let info = Reg::new(2).parents(&[(a, RunKind::FineTune)]).call(ALICE).unwrap();
			let n = 8 + 3 + 8;
			assert_eq!(info.actual_weight, Some(<() as WeightInfo>::register_model(n, 1, 0, 1)));
		});
	}

	#[test]
	fn duplicate_weights() {
		build_and_execute(|| {
			pretrained(ALICE, 1);
			let input = consented(BOB, &[Training]);
			assert_noop!(Reg::new(1).inputs(&[input]).call(BOB), Error::<Test>::DuplicateWeights);
		});
	}

	#[test]
	fn invalid_license() {
		build_and_execute(|| {
			let input = consented(ALICE, &[Training]);
			for bad in [&b""[..], b"MIT/X11", b"MIT;"] {
				let mut reg = Reg::new(1).inputs(&[input]);
				reg.license = bad.to_vec();
				assert_noop!(reg.call(ALICE), Error::<Test>::InvalidLicense);
			}
			let mut reg = Reg::new(1).inputs(&[input]);
			reg.license = b"(GPL-2.0+ OR X)".to_vec();
			assert_ok!(reg.call(ALICE));
		});
	}

	#[test]
	fn no_inputs() {
		build_and_execute(|| {
			assert_noop!(Reg::new(1).call(ALICE), Error::<Test>::NoInputs);
		});
	}

	#[test]
	fn duplicate_parent() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			assert_noop!(
				Reg::new(2).parents(&[(a, RunKind::FineTune), (a, RunKind::Merge)]).call(ALICE),
				Error::<Test>::DuplicateParent
			);
		});
	}

	#[test]
	fn duplicate_input() {
		build_and_execute(|| {
			let input = consented(ALICE, &[Training]);
			let other_grant = add_grant(input.dataset, ALICE, &[Training]);
			let again = TrainingInput { grant: other_grant, role: InputRole::Test, ..input };
			assert_noop!(
				Reg::new(1).inputs(&[input, again]).call(ALICE),
				Error::<Test>::DuplicateInput
			);
		});
	}

	#[test]
	fn unknown_parent() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			assert_noop!(
				Reg::new(2).parents(&[(a, RunKind::FineTune), (9, RunKind::Merge)]).call(ALICE),
				Error::<Test>::UnknownParent
			);
		});
	}

	#[test]
	fn cannot_cite_itself_so_no_cycles() {
		build_and_execute(|| {
			pretrained(ALICE, 1);
			// The id the new model would get does not exist yet.
			let own_id = NextModelId::<Test>::get();
			assert_noop!(
				Reg::new(2).parents(&[(own_id, RunKind::FineTune)]).call(ALICE),
				Error::<Test>::UnknownParent
			);
		});
	}

	#[test]
	fn parent_withdrawn_but_deprecated_is_fine() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			let (b, _) = pretrained(ALICE, 2);
			assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), a));
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), b));
			assert_noop!(
				Reg::new(3).parents(&[(a, RunKind::FineTune), (b, RunKind::Merge)]).call(BOB),
				Error::<Test>::ParentWithdrawn
			);
			assert_ok!(Reg::new(3).parents(&[(a, RunKind::FineTune)]).call(BOB));
		});
	}

	#[test]
	fn derivative_policies() {
		build_and_execute(|| {
			let input = consented(ALICE, &[Training]);
			let closed = Reg::new(1).inputs(&[input]).policy(DerivativePolicy::OwnerOnly).ok(ALICE);
			let royalty = DerivativePolicy::RoyaltyRequired {
				min_share: sp_runtime::Perbill::from_percent(5),
			};
			let input = consented(ALICE, &[Training]);
			let paid = Reg::new(2).inputs(&[input]).policy(royalty).ok(ALICE);
			assert_eq!(model(paid).policy, royalty);

			assert_noop!(
				Reg::new(3).parents(&[(closed, RunKind::Adapter)]).call(BOB),
				Error::<Test>::DerivativeNotAllowed
			);
			// The owner may derive from their own model, anyone from a royalty-bearing one.
			assert_ok!(Reg::new(3).parents(&[(closed, RunKind::Adapter)]).call(ALICE));
			assert_ok!(Reg::new(4).parents(&[(paid, RunKind::Distill)]).call(BOB));
		});
	}

	#[test]
	fn tainted_parent_only_for_a_purpose_the_revoked_grant_covered() {
		build_and_execute(|| {
			// The grant covers training and research.
			let (a, input) = pretrained(ALICE, 1);
			let child = Reg::new(2).parents(&[(a, RunKind::FineTune)]).ok(BOB);
			revoke_grant(input.grant, 5);
			for (parent, seed) in [(a, 3), (child, 4)] {
				for purpose in [Training, Research] {
					assert_noop!(
						Reg::new(seed)
							.parents(&[(parent, RunKind::FineTune)])
							.purpose(purpose)
							.call(BOB),
						Error::<Test>::TaintedParent
					);
				}
			}
			// Commercial use was never covered, so the revocation does not bear on it.
			assert_ok!(Reg::new(3)
				.parents(&[(child, RunKind::Distill)])
				.purpose(Commercial)
				.call(BOB));
		});
	}

	#[test]
	fn too_many_basis_grants() {
		build_and_execute(|| {
			let three = || (0..3).map(|_| consented(ALICE, &[Training])).collect::<Vec<_>>();
			let a = Reg::new(1).inputs(&three()).ok(ALICE);
			let b = Reg::new(2).inputs(&three()).ok(ALICE);
			// Exactly the bound: the union of the two bases.
			let full = Reg::new(3).parents(&[(a, RunKind::Merge), (b, RunKind::Merge)]).ok(ALICE);
			assert_eq!(basis(full).len() as u32, MAX_BASIS_GRANTS);
			let extra = consented(ALICE, &[Training]);
			assert_noop!(
				Reg::new(4)
					.parents(&[(a, RunKind::Merge), (b, RunKind::Merge)])
					.inputs(&[extra])
					.call(ALICE),
				Error::<Test>::TooManyBasisGrants
			);
			// A grant already in the basis does not count twice.
			let reused = model(a).run.inputs[0];
			assert_ok!(Reg::new(4)
				.parents(&[(a, RunKind::Merge), (b, RunKind::Merge)])
				.inputs(&[reused])
				.call(ALICE));
			assert_eq!(uses(extra.grant), vec![]);
		});
	}

	#[test]
	fn consent_errors_pass_through() {
		build_and_execute(|| {
			let good = consented(ALICE, &[Training]);
			let cases = [
				(TrainingInput { grant: 99, ..good }, UNKNOWN_GRANT),
				(TrainingInput { dataset: add_dataset(DAVE), ..good }, GRANT_DATASET_MISMATCH),
				(consented(BOB, &[Training]), NOT_GRANTEE),
				(consented(ALICE, &[Research]), PURPOSE_NOT_COVERED),
			];
			for (input, error) in cases {
				assert_noop!(Reg::new(1).inputs(&[input]).call(ALICE), error);
			}
			let revoked = consented(ALICE, &[Training]);
			revoke_grant(revoked.grant, 1);
			assert_noop!(Reg::new(1).inputs(&[revoked]).call(ALICE), CONSENT_REVOKED);
			assert_ok!(Reg::new(1).inputs(&[good]).call(ALICE));
		});
	}

	#[test]
	fn a_failing_input_undoes_the_uses_before_it() {
		build_and_execute(|| {
			let first = consented(ALICE, &[Training]);
			let second = consented(ALICE, &[Training]);
			revoke_grant(second.grant, 1);
			assert_noop!(Reg::new(1).inputs(&[first, second]).call(ALICE), CONSENT_REVOKED);
			assert_eq!(uses(first.grant), vec![]);
			// The same through `do_register_model`, outside a dispatchable.
			let reg = Reg::new(1);
			assert_eq!(
				Lineage::do_register_model(
					ALICE,
					ModelSpec {
						weights_hash: reg.weights,
						name: bv(b"x"),
						version: bv(b""),
						uri: bv(b""),
						license: bv(b"MIT"),
						card_hash: CARD,
						policy: DerivativePolicy::Open,
					},
					RunSpec {
						kind: RunKind::Pretrain,
						parents: BoundedVec::default(),
						inputs: vec![first, second].try_into().unwrap(),
						purpose: Training,
						config_hash: CONFIG,
						code_hash: CODE,
						compute_provider: None,
					},
				),
				Err(CONSENT_REVOKED)
			);
			assert_eq!(uses(first.grant), vec![]);
		});
	}

	#[test]
	fn insufficient_deposit() {
		build_and_execute(|| {
			let input = consented(POOR, &[Training]);
			assert_noop!(
				Reg::new(1).inputs(&[input]).call(POOR),
				Error::<Test>::InsufficientDeposit
			);
			assert_eq!(uses(input.grant), vec![]);
			assert_eq!(free(POOR), POOR_FUNDS);
		});
	}

	#[test]
	fn no_ids_left() {
		build_and_execute(|| {
			NextModelId::<Test>::put(ModelId::MAX);
			let input = consented(ALICE, &[Training]);
			assert_noop!(Reg::new(1).inputs(&[input]).call(ALICE), Error::<Test>::NoIdsLeft);
		});
	}

	#[test]
	fn non_consuming_checks_come_first() {
		build_and_execute(|| {
			let (a, input) = pretrained(ALICE, 1);
			revoke_grant(input.grant, 1);
			// A revoked input and a tainted parent: the taint is reported, nothing consumed.
			let other = consented(ALICE, &[Training]);
			assert_noop!(
				Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[other]).call(ALICE),
				Error::<Test>::TaintedParent
			);
			assert_eq!(uses(other.grant), vec![]);
		});
	}

	#[test]
	fn unsigned_is_refused() {
		build_and_execute(|| {
			let reg = Reg::new(1);
			assert_noop!(
				Lineage::register_model(
					RuntimeOrigin::none(),
					reg.weights,
					bv(b"x"),
					bv(b""),
					bv(b""),
					bv(b"MIT"),
					CARD,
					DerivativePolicy::Open,
					RunKind::Pretrain,
					BoundedVec::default(),
					BoundedVec::default(),
					Training,
					CONFIG,
					CODE,
					None,
				),
				DispatchError::BadOrigin
			);
		});
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

mod record_evaluation {
	use super::*;

	#[test]
	fn records_holds_and_emits() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			run_to_block(7);
			assert_ok!(evaluate(BOB, m, None));
			assert_eq!(
				Evaluations::<Test>::get(m, 0),
				Some(Evaluation {
					evaluator: BOB,
					dataset: None,
					metric: bv(b"accuracy"),
					value: 912_300,
					evidence_hash: EVIDENCE,
					at: 7,
					deposit: EVALUATION_DEPOSIT,
				})
			);
			assert_eq!(EvaluationCount::<Test>::get(m), 1);
			assert_eq!(held(HoldReason::EvaluationDeposit, BOB), EVALUATION_DEPOSIT);
			assert_eq!(free(BOB), FUNDS - EVALUATION_DEPOSIT);
			System::assert_last_event(
				Event::EvaluationRecorded {
					model: m,
					index: 0,
					evaluator: BOB,
					metric: bv(b"accuracy"),
					value: 912_300,
				}
				.into(),
			);

			// Negative values are fine; the next evaluation gets the next index.
			assert_ok!(Lineage::record_evaluation(
				RuntimeOrigin::signed(CHARLIE),
				m,
				None,
				bv(b"loss-delta"),
				-1_500,
				EVIDENCE
			));
			assert_eq!(Evaluations::<Test>::get(m, 1).unwrap().value, -1_500);
			System::assert_last_event(
				Event::EvaluationRecorded {
					model: m,
					index: 1,
					evaluator: CHARLIE,
					metric: bv(b"loss-delta"),
					value: -1_500,
				}
				.into(),
			);
		});
	}

	#[test]
	fn consumes_the_benchmark_grant_for_evaluation() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			let bench = consented(BOB, &[Purpose::Evaluation]);
			assert_ok!(evaluate(BOB, m, Some((bench.dataset, bench.grant))));
			assert_eq!(
				uses(bench.grant),
				vec![MockUse {
					who: BOB,
					purpose: Purpose::Evaluation,
					job_hash: Lineage::evaluation_job_hash(m, 0, &EVIDENCE),
				}]
			);
			assert_eq!(
				Evaluations::<Test>::get(m, 0).unwrap().dataset,
				Some((bench.dataset, bench.grant))
			);
		});
	}

	#[test]
	fn withdrawn_models_may_be_evaluated() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m));
			assert_ok!(evaluate(BOB, m, None));
		});
	}

	#[test]
	fn unknown_model() {
		build_and_execute(|| {
			assert_noop!(evaluate(BOB, 0, None), Error::<Test>::UnknownModel);
		});
	}

	#[test]
	fn too_many_evaluations() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			for _ in 0..MAX_EVALUATIONS {
				assert_ok!(evaluate(BOB, m, None));
			}
			assert_noop!(evaluate(BOB, m, None), Error::<Test>::TooManyEvaluations);
		});
	}

	#[test]
	fn consent_errors_pass_through() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			let training_only = consented(BOB, &[Training]);
			assert_noop!(
				evaluate(BOB, m, Some((training_only.dataset, training_only.grant))),
				PURPOSE_NOT_COVERED
			);
			let bench = consented(BOB, &[Purpose::Evaluation]);
			assert_noop!(evaluate(CHARLIE, m, Some((bench.dataset, bench.grant))), NOT_GRANTEE);
			assert_noop!(evaluate(BOB, m, Some((bench.dataset, 99))), UNKNOWN_GRANT);
			revoke_grant(bench.grant, 1);
			assert_noop!(evaluate(BOB, m, Some((bench.dataset, bench.grant))), CONSENT_REVOKED);
		});
	}

	#[test]
	fn insufficient_deposit_undoes_the_use() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			let bench = consented(POOR, &[Purpose::Evaluation]);
			assert_noop!(
				evaluate(POOR, m, Some((bench.dataset, bench.grant))),
				Error::<Test>::InsufficientDeposit
			);
			assert_eq!(uses(bench.grant), vec![]);
		});
	}
}

mod deprecate_model {
	use super::*;

	#[test]
	fn deprecates_and_emits() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m));
			assert_eq!(model(m).status, ModelStatus::Deprecated);
			System::assert_last_event(Event::ModelDeprecated { model: m }.into());
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_noop!(
				Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), 9),
				Error::<Test>::UnknownModel
			);
			assert_noop!(
				Lineage::deprecate_model(RuntimeOrigin::signed(BOB), m),
				Error::<Test>::NotOwner
			);
			assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m));
			assert_noop!(
				Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m),
				Error::<Test>::NotActive
			);
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m));
			assert_noop!(
				Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m),
				Error::<Test>::NotActive
			);
		});
	}
}

mod withdraw_model {
	use super::*;

	#[test]
	fn from_active_or_deprecated_keeping_the_record_and_deposit() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			let (b, _) = pretrained(ALICE, 2);
			let before = model_held(ALICE);
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), a));
			assert_eq!(model(a).status, ModelStatus::Withdrawn);
			System::assert_last_event(Event::ModelWithdrawn { model: a }.into());
			assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), b));
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), b));
			assert_eq!(model(b).status, ModelStatus::Withdrawn);
			System::assert_last_event(Event::ModelWithdrawn { model: b }.into());
			assert_eq!(model_held(ALICE), before);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_noop!(
				Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), 9),
				Error::<Test>::UnknownModel
			);
			assert_noop!(
				Lineage::withdraw_model(RuntimeOrigin::signed(BOB), m),
				Error::<Test>::NotOwner
			);
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m));
			assert_noop!(
				Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m),
				Error::<Test>::AlreadyWithdrawn
			);
		});
	}
}

mod transfer_model {
	use super::*;

	#[test]
	fn moves_ownership_and_deposit() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			let deposit = model(m).deposit;
			assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
			assert_eq!(model(m).owner, BOB);
			// The trainer stays on record.
			assert_eq!(model(m).run.trainer, ALICE);
			assert_eq!(model_held(ALICE), 0);
			assert_eq!(free(ALICE), FUNDS);
			assert_eq!(model_held(BOB), deposit);
			assert_eq!(free(BOB), FUNDS - deposit);
			System::assert_last_event(
				Event::ModelTransferred { model: m, from: ALICE, to: BOB }.into(),
			);
			// The new owner manages it; the old one no longer does.
			assert_noop!(
				Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m),
				Error::<Test>::NotOwner
			);
			assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(BOB), m));
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_noop!(
				Lineage::transfer_model(RuntimeOrigin::signed(ALICE), 9, BOB),
				Error::<Test>::UnknownModel
			);
			assert_noop!(
				Lineage::transfer_model(RuntimeOrigin::signed(BOB), m, CHARLIE),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, ALICE),
				Error::<Test>::AlreadyOwner
			);
			assert_noop!(
				Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, POOR),
				Error::<Test>::InsufficientDeposit
			);
			assert_noop!(
				Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, NOBODY),
				Error::<Test>::InsufficientDeposit
			);
			assert_eq!(model(m).owner, ALICE);
		});
	}
}

fn anchor(who: u64, model: ModelId, count: u32) -> DispatchResult {
	Lineage::anchor_decisions(RuntimeOrigin::signed(who), model, ROOT, count)
}

mod anchor_decisions {
	use super::*;

	#[test]
	fn anchors_holds_and_emits() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			let model_deposit = model(m).deposit;
			run_to_block(4);
			assert_ok!(anchor(ALICE, m, 250));
			assert_eq!(
				DecisionAnchors::<Test>::get(m, 0),
				Some(DecisionAnchor {
					submitter: ALICE,
					merkle_root: ROOT,
					count: 250,
					at: 4,
					deposit: ANCHOR_DEPOSIT,
				})
			);
			assert_eq!(AnchorCount::<Test>::get(m), 1);
			assert_eq!(held(HoldReason::AnchorDeposit, ALICE), ANCHOR_DEPOSIT);
			assert_eq!(free(ALICE), FUNDS - model_deposit - ANCHOR_DEPOSIT);
			System::assert_last_event(
				Event::DecisionsAnchored { model: m, index: 0, merkle_root: ROOT, count: 250 }
					.into(),
			);
			// Deprecated models are still operated.
			assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m));
			assert_ok!(anchor(ALICE, m, 1));
			System::assert_last_event(
				Event::DecisionsAnchored { model: m, index: 1, merkle_root: ROOT, count: 1 }.into(),
			);
			assert_eq!(held(HoldReason::AnchorDeposit, ALICE), 2 * ANCHOR_DEPOSIT);
		});
	}

	#[test]
	fn anchor_deposits_stay_with_the_submitter_after_a_transfer() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_ok!(anchor(ALICE, m, 1));
			assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
			assert_noop!(anchor(ALICE, m, 1), Error::<Test>::NotOwner);
			assert_ok!(anchor(BOB, m, 1));
			assert_eq!(held(HoldReason::AnchorDeposit, ALICE), ANCHOR_DEPOSIT);
			assert_eq!(held(HoldReason::AnchorDeposit, BOB), ANCHOR_DEPOSIT);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_noop!(anchor(ALICE, 9, 1), Error::<Test>::UnknownModel);
			assert_noop!(anchor(BOB, m, 1), Error::<Test>::NotOwner);
			assert_noop!(anchor(ALICE, m, 0), Error::<Test>::EmptyAnchor);
			for _ in 0..MAX_ANCHORS {
				assert_ok!(anchor(ALICE, m, 1));
			}
			assert_noop!(anchor(ALICE, m, 1), Error::<Test>::TooManyAnchors);

			let (w, _) = pretrained(ALICE, 2);
			assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), w));
			assert_noop!(anchor(ALICE, w, 1), Error::<Test>::Withdrawn);
		});
	}

	#[test]
	fn insufficient_deposit() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			Balances::set_balance(&ALICE, 2);
			assert_noop!(anchor(ALICE, m, 1), Error::<Test>::InsufficientDeposit);
		});
	}
}

mod queries {
	use super::*;
	use LineageNode::{Dataset as D, Grant as G, Model as M};

	fn edge(from: LineageNode, to: LineageNode, kind: EdgeKind) -> LineageEdge {
		LineageEdge { from, to, kind }
	}

	/// `a` pretrained on `in_a`; `b` fine-tuned from `a` on `in_b`; `c` quantized from `b`.
	fn chain() -> (ModelId, ModelId, ModelId, TrainingInput, TrainingInput) {
		let (a, in_a) = pretrained(ALICE, 1);
		let in_b = TrainingInput { role: InputRole::Validation, ..consented(BOB, &[Training]) };
		let b = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[in_b]).ok(BOB);
		let mut quantize = Reg::new(3).parents(&[(b, RunKind::Quantize)]);
		quantize.kind = RunKind::Quantize;
		let c = quantize.ok(CHARLIE);
		(a, b, c, in_a, in_b)
	}

	#[test]
	fn model_info() {
		build_and_execute(|| {
			let (_, b, _, in_a, in_b) = chain();
			let record = model(b);
			let info = Lineage::model_info(b).unwrap();
			assert_eq!(
				info,
				ModelInfo {
					id: b,
					owner: BOB,
					weights_hash: hash(2),
					name: b"gpt-mini".to_vec(),
					version: b"1.0".to_vec(),
					uri: b"ipfs://w".to_vec(),
					license: b"MIT".to_vec(),
					card_hash: CARD,
					policy: DerivativePolicy::Open,
					status: ModelStatus::Active,
					created_at: 1,
					deposit: record.deposit,
					run: TrainingRunInfo {
						trainer: BOB,
						kind: RunKind::FineTune,
						parents: vec![(0, RunKind::FineTune)],
						inputs: vec![in_b],
						purpose: Training,
						config_hash: CONFIG,
						code_hash: CODE,
						compute_provider: None,
						at: 1,
					},
					consent_basis: vec![in_a.grant, in_b.grant],
				}
			);
			assert_eq!(Lineage::model_info(9), None);
		});
	}

	#[test]
	fn ancestors_by_depth() {
		build_and_execute(|| {
			let (a, b, c, in_a, in_b) = chain();
			assert_eq!(
				Lineage::ancestors(c, 0),
				Ok(LineageGraph { nodes: vec![M(c)], edges: vec![] })
			);
			assert_eq!(
				Lineage::ancestors(b, 0),
				Ok(LineageGraph {
					nodes: vec![M(b), D(in_b.dataset), G(in_b.grant)],
					edges: vec![
						edge(M(b), D(in_b.dataset), EdgeKind::TrainedOn(InputRole::Validation)),
						edge(G(in_b.grant), D(in_b.dataset), EdgeKind::GrantOn),
						edge(M(b), G(in_b.grant), EdgeKind::UsedGrant),
					],
				})
			);
			assert_eq!(
				Lineage::ancestors(c, 1),
				Ok(LineageGraph {
					nodes: vec![M(c), M(b), D(in_b.dataset), G(in_b.grant)],
					edges: vec![
						edge(M(c), M(b), EdgeKind::DerivedFrom(RunKind::Quantize)),
						edge(M(b), D(in_b.dataset), EdgeKind::TrainedOn(InputRole::Validation)),
						edge(G(in_b.grant), D(in_b.dataset), EdgeKind::GrantOn),
						edge(M(b), G(in_b.grant), EdgeKind::UsedGrant),
					],
				})
			);
			let full = Lineage::ancestors(c, MAX_GRAPH_DEPTH).unwrap();
			assert_eq!(
				full.nodes,
				vec![
					M(c),
					M(b),
					D(in_b.dataset),
					G(in_b.grant),
					M(a),
					D(in_a.dataset),
					G(in_a.grant)
				]
			);
			assert_eq!(full.edges.len(), 2 + 3 + 3);
			assert!(full.edges.contains(&edge(
				M(b),
				M(a),
				EdgeKind::DerivedFrom(RunKind::FineTune)
			)));
			assert_eq!(Lineage::ancestors(c, 2), Ok(full));
		});
	}

	#[test]
	fn ancestors_list_a_shared_ancestor_once() {
		build_and_execute(|| {
			let (a, in_a) = pretrained(ALICE, 1);
			let left = Reg::new(2).parents(&[(a, RunKind::Adapter)]).ok(ALICE);
			let right = Reg::new(3).parents(&[(a, RunKind::Distill)]).ok(ALICE);
			let merged =
				Reg::new(4).parents(&[(left, RunKind::Merge), (right, RunKind::Merge)]).ok(ALICE);
			let graph = Lineage::ancestors(merged, 5).unwrap();
			assert_eq!(
				graph.nodes,
				vec![M(merged), M(left), M(right), M(a), D(in_a.dataset), G(in_a.grant)]
			);
			// merged->left, merged->right, left->a, right->a, and a's three.
			assert_eq!(graph.edges.len(), 7);
		});
	}

	#[test]
	fn ancestors_errors() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			assert_eq!(Lineage::ancestors(9, 1), Err(QueryError::UnknownModel(9)));
			assert_eq!(
				Lineage::ancestors(a, MAX_GRAPH_DEPTH + 1),
				Err(QueryError::LimitTooLarge {
					requested: MAX_GRAPH_DEPTH + 1,
					max: MAX_GRAPH_DEPTH
				})
			);
		});
	}

	#[test]
	fn descendants_of_a_model() {
		build_and_execute(|| {
			let (a, b, c, _, _) = chain();
			assert_eq!(
				Lineage::descendants(M(a), 0),
				Ok(LineageGraph { nodes: vec![M(a)], edges: vec![] })
			);
			assert_eq!(
				Lineage::descendants(M(a), 1),
				Ok(LineageGraph {
					nodes: vec![M(a), M(b)],
					edges: vec![edge(M(b), M(a), EdgeKind::DerivedFrom(RunKind::FineTune))],
				})
			);
			assert_eq!(
				Lineage::descendants(M(a), 2),
				Ok(LineageGraph {
					nodes: vec![M(a), M(b), M(c)],
					edges: vec![
						edge(M(b), M(a), EdgeKind::DerivedFrom(RunKind::FineTune)),
						edge(M(c), M(b), EdgeKind::DerivedFrom(RunKind::Quantize)),
					],
				})
			);
		});
	}

	#[test]
	fn descendants_of_a_dataset() {
		build_and_execute(|| {
			let (a, b, c, in_a, in_b) = chain();
			assert_eq!(
				Lineage::descendants(D(in_b.dataset), 0),
				Ok(LineageGraph {
					nodes: vec![D(in_b.dataset), M(b)],
					edges: vec![edge(
						M(b),
						D(in_b.dataset),
						EdgeKind::TrainedOn(InputRole::Validation)
					)],
				})
			);
			let graph = Lineage::descendants(D(in_a.dataset), 5).unwrap();
			assert_eq!(graph.nodes, vec![D(in_a.dataset), M(a), M(b), M(c)]);
			assert_eq!(graph.edges.len(), 3);
			// A dataset no model used.
			let unused = add_dataset(DAVE);
			assert_eq!(
				Lineage::descendants(D(unused), 5),
				Ok(LineageGraph { nodes: vec![D(unused)], edges: vec![] })
			);
		});
	}

	#[test]
	fn descendants_of_a_grant_are_every_model_it_taints() {
		build_and_execute(|| {
			let (a, b, c, in_a, _) = chain();
			let graph = Lineage::descendants(G(in_a.grant), 0).unwrap();
			assert_eq!(graph.nodes.len(), 4);
			assert_eq!(graph.nodes[0], G(in_a.grant));
			for m in [a, b, c] {
				assert!(graph.nodes.contains(&M(m)));
				assert!(graph.edges.contains(&edge(M(m), G(in_a.grant), EdgeKind::UsedGrant)));
			}
			assert_eq!(graph.edges.len(), 3);
			// One more hop adds the derivations between them, and no new nodes.
			let graph = Lineage::descendants(G(in_a.grant), 1).unwrap();
			assert_eq!(graph.nodes.len(), 4);
			assert_eq!(graph.edges.len(), 5);
		});
	}

	#[test]
	fn descendants_errors() {
		build_and_execute(|| {
			let (a, _) = pretrained(ALICE, 1);
			assert_eq!(Lineage::descendants(M(9), 1), Err(QueryError::UnknownModel(9)));
			assert_eq!(Lineage::descendants(D(99), 1), Err(QueryError::UnknownDataset(99)));
			assert_eq!(Lineage::descendants(G(99), 1), Err(QueryError::UnknownGrant(99)));
			assert_eq!(
				Lineage::descendants(M(a), MAX_GRAPH_DEPTH + 1),
				Err(QueryError::LimitTooLarge {
					requested: MAX_GRAPH_DEPTH + 1,
					max: MAX_GRAPH_DEPTH
				})
			);
		});
	}

	#[test]
	fn graphs_stop_at_the_node_cap() {
		build_and_execute(|| {
			Balances::set_balance(&ALICE, 1_000_000);
			let input = consented(ALICE, &[Training]);
			// With the dataset, exactly the cap.
			for n in 1..MAX_GRAPH_NODES {
				let mut reg = Reg::new(0).inputs(&[input]);
				reg.weights = H256::from_low_u64_be(n.into());
				reg.ok(ALICE);
			}
			assert_eq!(
				Lineage::descendants(D(input.dataset), 0).unwrap().nodes.len() as u32,
				MAX_GRAPH_NODES
			);
			let mut reg = Reg::new(0).inputs(&[input]);
			reg.weights = H256::from_low_u64_be(0);
			reg.ok(ALICE);
			let over = Err(QueryError::LimitTooLarge {
				requested: MAX_GRAPH_NODES + 1,
				max: MAX_GRAPH_NODES,
			});
			assert_eq!(Lineage::descendants(D(input.dataset), 0), over);
			assert_eq!(Lineage::descendants(G(input.grant), 0), over);
		});
	}

	#[test]
	fn consent_status() {
		build_and_execute(|| {
			let (a, b, c, in_a, in_b) = chain();
			for m in [a, b, c] {
				assert_eq!(Lineage::consent_status(m), Ok(ConsentStatus::Clean));
			}
			revoke_grant(in_b.grant, 5);
			assert_eq!(Lineage::consent_status(a), Ok(ConsentStatus::Clean));
			let tainted =
				ConsentStatus::Tainted(vec![TaintedGrant { grant: in_b.grant, revoked_at: 5 }]);
			assert_eq!(Lineage::consent_status(b), Ok(tainted.clone()));
			assert_eq!(Lineage::consent_status(c), Ok(tainted));
			revoke_grant(in_a.grant, 7);
			assert_eq!(
				Lineage::consent_status(c),
				Ok(ConsentStatus::Tainted(vec![
					TaintedGrant { grant: in_a.grant, revoked_at: 7 },
					TaintedGrant { grant: in_b.grant, revoked_at: 5 },
				]))
			);
			assert_eq!(Lineage::consent_status(9), Err(QueryError::UnknownModel(9)));
		});
	}

	#[test]
	fn impact_pages_through_every_tainted_model() {
		build_and_execute(|| {
			let (a, b, c, in_a, in_b) = chain();
			let mut seen = vec![];
			let mut cursor = None;
			loop {
				let page = Lineage::impact(in_a.grant, cursor, 2).unwrap();
				assert!(page.items.len() <= 2);
				seen.extend(page.items);
				match page.next {
					Some(next) => cursor = Some(next),
					None => break,
				}
			}
			seen.sort();
			assert_eq!(seen, vec![a, b, c]);
			let mut all = Lineage::impact(in_b.grant, None, MAX_PAGE_SIZE).unwrap();
			assert_eq!(all.next, None);
			all.items.sort();
			assert_eq!(all.items, vec![b, c]);
			assert_eq!(
				Lineage::impact(in_a.grant, None, 0),
				Ok(Page { items: vec![], next: None })
			);
			// A grant no model used.
			let unused = consented(ALICE, &[Training]);
			assert_eq!(
				Lineage::impact(unused.grant, None, 10),
				Ok(Page { items: vec![], next: None })
			);
		});
	}

	#[test]
	fn impact_errors() {
		build_and_execute(|| {
			assert_eq!(Lineage::impact(99, None, 10), Err(QueryError::UnknownGrant(99)));
			assert_eq!(
				Lineage::impact(99, None, MAX_PAGE_SIZE + 1),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}

	#[test]
	fn evaluations_page_in_order() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_ok!(evaluate(BOB, m, None));
			run_to_block(2);
			assert_ok!(evaluate(CHARLIE, m, None));
			let page = Lineage::evaluations(m, None, 1).unwrap();
			assert_eq!(
				page.items,
				vec![EvaluationInfo {
					index: 0,
					evaluator: BOB,
					dataset: None,
					metric: b"accuracy".to_vec(),
					value: 912_300,
					evidence_hash: EVIDENCE,
					at: 1,
					deposit: EVALUATION_DEPOSIT,
				}]
			);
			assert_eq!(page.next, Some(0));
			let page = Lineage::evaluations(m, Some(0), 1).unwrap();
			assert_eq!(
				page.items.iter().map(|e| (e.index, e.evaluator, e.at)).collect::<Vec<_>>(),
				vec![(1, CHARLIE, 2)]
			);
			assert_eq!(page.next, None);
			assert_eq!(Lineage::evaluations(m, None, 10).unwrap().items.len(), 2);
			assert_eq!(Lineage::evaluations(m, None, 0), Ok(Page { items: vec![], next: None }));
			assert_eq!(Lineage::evaluations(9, None, 1), Err(QueryError::UnknownModel(9)));
			assert_eq!(
				Lineage::evaluations(m, None, MAX_PAGE_SIZE + 1),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}

	#[test]
	fn anchors_page_in_order() {
		build_and_execute(|| {
			let (m, _) = pretrained(ALICE, 1);
			assert_ok!(anchor(ALICE, m, 10));
			assert_ok!(anchor(ALICE, m, 20));
			let page = Lineage::anchors(m, None, 1).unwrap();
			assert_eq!(
				page.items,
				vec![AnchorInfo {
					index: 0,
					submitter: ALICE,
					merkle_root: ROOT,
					count: 10,
					at: 1,
					deposit: ANCHOR_DEPOSIT,
				}]
			);
			assert_eq!(page.next, Some(0));
			let page = Lineage::anchors(m, Some(0), 5).unwrap();
			assert_eq!(
				page.items.iter().map(|a| (a.index, a.count)).collect::<Vec<_>>(),
				vec![(1, 20)]
			);
			assert_eq!(page.next, None);
			assert_eq!(Lineage::anchors(9, None, 1), Err(QueryError::UnknownModel(9)));
			assert_eq!(
				Lineage::anchors(m, None, MAX_PAGE_SIZE + 1),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}
}

mod try_state {
	use super::*;

	fn broken(expected: &'static str) {
		assert_eq!(Lineage::do_try_state(), Err(DispatchError::Other(expected)));
	}

	/// Two models, the second derived from the first, with an evaluation and an anchor.
	fn setup() -> (ModelId, ModelId, TrainingInput, TrainingInput) {
		let (a, in_a) = pretrained(ALICE, 1);
		let in_b = consented(BOB, &[Training]);
		let b = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[in_b]).ok(BOB);
		assert_ok!(evaluate(CHARLIE, b, None));
		assert_ok!(anchor(BOB, b, 3));
		assert_ok!(Lineage::do_try_state());
		(a, b, in_a, in_b)
	}

	fn mutate(id: ModelId, f: impl FnOnce(&mut ModelRecordOf<Test>)) {
		Models::<Test>::mutate(id, |m| f(m.as_mut().unwrap()));
	}

	#[test]
	fn id_not_below_next() {
		new_test_ext().execute_with(|| {
			setup();
			NextModelId::<Test>::put(1);
			broken("model id not below NextModelId");
		});
	}

	#[test]
	fn weights_index_missing_or_stray() {
		new_test_ext().execute_with(|| {
			setup();
			ModelByWeightsHash::<Test>::remove(hash(1));
			broken("model not indexed by its weights hash");
		});
		new_test_ext().execute_with(|| {
			setup();
			ModelByWeightsHash::<Test>::insert(hash(9), 0);
			broken("weights hash index points to another model");
		});
	}

	#[test]
	fn parent_after_child() {
		new_test_ext().execute_with(|| {
			let (a, b, _, _) = setup();
			mutate(a, |m| m.run.parents = vec![(b, RunKind::Merge)].try_into().unwrap());
			broken("parent registered after its child");
		});
	}

	#[test]
	fn child_edges() {
		new_test_ext().execute_with(|| {
			let (a, b, _, _) = setup();
			Children::<Test>::insert(a, b, RunKind::Merge);
			broken("child edge missing or of another kind");
		});
		new_test_ext().execute_with(|| {
			let (a, b, _, _) = setup();
			Children::<Test>::insert(a, 7, RunKind::Merge);
			let _ = b;
			broken("child edge disagrees with the child's parents");
		});
	}

	#[test]
	fn dataset_index() {
		new_test_ext().execute_with(|| {
			let (_, b, _, in_b) = setup();
			DatasetModels::<Test>::remove(in_b.dataset, b);
			broken("dataset index missing or of another role");
		});
		new_test_ext().execute_with(|| {
			let (_, b, in_a, _) = setup();
			DatasetModels::<Test>::insert(in_a.dataset, b, InputRole::Test);
			broken("dataset index disagrees with the model's inputs");
		});
	}

	#[test]
	fn grant_index() {
		new_test_ext().execute_with(|| {
			let (_, b, in_a, _) = setup();
			GrantModels::<Test>::remove(in_a.grant, b);
			broken("basis grant missing from the grant index");
		});
		new_test_ext().execute_with(|| {
			let (a, _, _, in_b) = setup();
			GrantModels::<Test>::insert(in_b.grant, a, ());
			broken("grant index disagrees with the model's consent basis");
		});
	}

	#[test]
	fn basis() {
		new_test_ext().execute_with(|| {
			let (_, b, in_a, in_b) = setup();
			mutate(b, |m| m.consent_basis = vec![in_b.grant, in_a.grant].try_into().unwrap());
			broken("consent basis not sorted or with repeats");
		});
		new_test_ext().execute_with(|| {
			let (_, b, _, in_b) = setup();
			// Losing the inherited grant.
			mutate(b, |m| m.consent_basis = vec![in_b.grant].try_into().unwrap());
			broken("consent basis differs from the inputs' grants and the parents' bases");
		});
	}

	#[test]
	fn evaluation_counts() {
		new_test_ext().execute_with(|| {
			let (_, b, _, _) = setup();
			EvaluationCount::<Test>::insert(b, 2);
			broken("evaluation count disagrees with the evaluations stored");
		});
		new_test_ext().execute_with(|| {
			let (_, b, _, _) = setup();
			EvaluationCount::<Test>::insert(b, 0);
			broken("evaluation index not below count");
		});
	}

	#[test]
	fn anchor_counts_and_contents() {
		new_test_ext().execute_with(|| {
			let (_, b, _, _) = setup();
			AnchorCount::<Test>::insert(b, 2);
			broken("anchor count disagrees with the anchors stored");
		});
		new_test_ext().execute_with(|| {
			let (_, b, _, _) = setup();
			DecisionAnchors::<Test>::mutate(b, 0, |a| a.as_mut().unwrap().count = 0);
			broken("anchor of no decisions");
		});
	}

	#[test]
	fn deposits() {
		new_test_ext().execute_with(|| {
			let (a, _, _, _) = setup();
			mutate(a, |m| m.deposit += 1);
			broken("model deposit held differs from the models owned");
		});
		new_test_ext().execute_with(|| {
			let (_, b, _, _) = setup();
			Evaluations::<Test>::mutate(b, 0, |e| e.as_mut().unwrap().evaluator = DAVE);
			broken("evaluation deposit held differs from the evaluations made");
		});
		new_test_ext().execute_with(|| {
			let (_, b, _, _) = setup();
			DecisionAnchors::<Test>::mutate(b, 0, |a| a.as_mut().unwrap().deposit = 0);
			broken("anchor deposit held differs from the anchors made");
		});
	}
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		<Lineage as Hooks<u64>>::integrity_test();
	});
}
