use super::*;

#[test]
fn records_holds_and_emits() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		accredit(&[BOB, CHARLIE]);
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
				accredited: true,
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
				accredited: true,
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
				accredited: true,
			}
			.into(),
		);
	});
}

#[test]
fn consumes_the_benchmark_grant_for_evaluation() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		accredit(&[BOB, CHARLIE]);
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
		accredit(&[BOB, CHARLIE]);
		assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m));
		assert_ok!(evaluate(BOB, m, None));
	});
}

/// Attack: a stranger fills a model's evaluation slots with made-up values.
#[test]
fn strangers_may_not_evaluate() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_noop!(evaluate(EVE, m, None), Error::<Test>::NotEvaluator);
		// The owner may; an account the owner allowed may; accreditation is enough.
		assert_ok!(evaluate(ALICE, m, None));
		assert!(!Evaluations::<Test>::get(m, 0).unwrap().accredited);
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, EVE));
		assert_ok!(evaluate(EVE, m, None));
		assert!(!Evaluations::<Test>::get(m, 1).unwrap().accredited);
		// Allowed on one model is not allowed on another.
		let (other, _) = pretrained(ALICE, 2);
		assert_noop!(evaluate(EVE, other, None), Error::<Test>::NotEvaluator);
		// Disallowed again: refused again.
		assert_ok!(Lineage::disallow_evaluator(RuntimeOrigin::signed(ALICE), m, EVE));
		assert_noop!(evaluate(EVE, m, None), Error::<Test>::NotEvaluator);
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
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB));
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, CHARLIE));
		for _ in 0..MAX_EVALUATIONS_PER_EVALUATOR {
			assert_ok!(evaluate(BOB, m, None));
		}
		// One evaluator cannot fill the model's slots.
		assert_noop!(evaluate(BOB, m, None), Error::<Test>::TooManyEvaluationsBy);
		for _ in MAX_EVALUATIONS_PER_EVALUATOR..MAX_EVALUATIONS {
			assert_ok!(evaluate(CHARLIE, m, None));
		}
		assert_noop!(evaluate(CHARLIE, m, None), Error::<Test>::TooManyEvaluations);
		// Removing one frees its slot, for any evaluator.
		assert_ok!(Lineage::remove_evaluation(RuntimeOrigin::signed(ALICE), m, 0));
		assert_ok!(evaluate(BOB, m, None));
	});
}

#[test]
fn consent_errors_pass_through() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		accredit(&[BOB, CHARLIE]);
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
		accredit(&[BOB, CHARLIE]);
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, POOR));
		let bench = consented(POOR, &[Purpose::Evaluation]);
		assert_noop!(
			evaluate(POOR, m, Some((bench.dataset, bench.grant))),
			Error::<Test>::InsufficientDeposit
		);
		assert_eq!(uses(bench.grant), vec![]);
	});
}
