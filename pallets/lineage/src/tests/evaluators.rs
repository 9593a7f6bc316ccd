use super::*;

#[test]
fn root_accredits_and_withdraws() {
	build_and_execute(|| {
		assert_noop!(
			Lineage::add_evaluator(RuntimeOrigin::signed(ALICE), BOB),
			DispatchError::BadOrigin
		);
		assert_ok!(Lineage::add_evaluator(RuntimeOrigin::root(), BOB));
		System::assert_last_event(Event::EvaluatorAdded { who: BOB }.into());
		assert_noop!(
			Lineage::add_evaluator(RuntimeOrigin::root(), BOB),
			Error::<Test>::AlreadyEvaluator
		);
		assert_ok!(Lineage::add_evaluator(RuntimeOrigin::root(), CHARLIE));
		assert_noop!(
			Lineage::add_evaluator(RuntimeOrigin::root(), DAVE),
			Error::<Test>::TooManyEvaluators
		);
		assert_noop!(
			Lineage::remove_evaluator(RuntimeOrigin::signed(BOB), BOB),
			DispatchError::BadOrigin
		);
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(evaluate(BOB, m, None));
		assert_ok!(Lineage::remove_evaluator(RuntimeOrigin::root(), BOB));
		System::assert_last_event(Event::EvaluatorRemoved { who: BOB }.into());
		assert_noop!(
			Lineage::remove_evaluator(RuntimeOrigin::root(), BOB),
			Error::<Test>::UnknownEvaluator
		);
		// The evaluation stays, marked as made by an accredited evaluator; no new ones.
		assert!(Evaluations::<Test>::get(m, 0).unwrap().accredited);
		assert_noop!(evaluate(BOB, m, None), Error::<Test>::NotEvaluator);
	});
}

#[test]
fn the_owner_allows_and_disallows_paying_a_deposit() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB));
		System::assert_last_event(Event::EvaluatorAllowed { model: m, who: BOB }.into());
		assert_eq!(held(HoldReason::AllowanceDeposit, ALICE), ALLOWANCE_DEPOSIT);
		assert_noop!(
			Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB),
			Error::<Test>::AlreadyAllowed
		);
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, CHARLIE));
		assert_noop!(
			Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, DAVE),
			Error::<Test>::TooManyAllowedEvaluators
		);
		assert_ok!(Lineage::disallow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB));
		System::assert_last_event(Event::EvaluatorDisallowed { model: m, who: BOB }.into());
		assert_eq!(held(HoldReason::AllowanceDeposit, ALICE), ALLOWANCE_DEPOSIT);
		assert_noop!(
			Lineage::disallow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB),
			Error::<Test>::NotAllowedEvaluator
		);
	});
}

#[test]
fn allowance_errors() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_noop!(
			Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), 9, BOB),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Lineage::allow_evaluator(RuntimeOrigin::signed(BOB), m, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, ALICE),
			Error::<Test>::AlreadyOwner
		);
		assert_noop!(
			Lineage::disallow_evaluator(RuntimeOrigin::signed(BOB), m, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Lineage::disallow_evaluator(RuntimeOrigin::signed(ALICE), 9, BOB),
			Error::<Test>::UnknownModel
		);
		// An owner who cannot hold the allowance deposit.
		Balances::set_balance(&ALICE, 1);
		assert_noop!(
			Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB),
			Error::<Test>::InsufficientDeposit
		);
	});
}

/// The allowance's deposit stays with whoever paid it, across a transfer.
/// Attack: the old owner's allowances outlive the sale, letting accounts the new owner never
/// chose evaluate its model, and tying the old owner's deposit to the new owner's goodwill.
#[test]
fn a_transfer_clears_the_old_owners_allowances_and_releases_their_deposits() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, EVE));
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, DAVE));
		assert_eq!(held(HoldReason::AllowanceDeposit, ALICE), 2 * ALLOWANCE_DEPOSIT);
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
		// Still allowed while the offer is pending.
		assert_ok!(evaluate(EVE, m, None));
		assert_ok!(Lineage::accept_model(RuntimeOrigin::signed(BOB), m));
		assert_eq!(held(HoldReason::AllowanceDeposit, ALICE), 0);
		assert_eq!(held(HoldReason::AllowanceDeposit, BOB), 0);
		assert_eq!(AllowedEvaluatorCount::<Test>::get(m), 0);
		assert_noop!(evaluate(EVE, m, None), Error::<Test>::NotEvaluator);
		assert_noop!(
			Lineage::disallow_evaluator(RuntimeOrigin::signed(BOB), m, EVE),
			Error::<Test>::NotAllowedEvaluator
		);
		// The evaluation made while allowed stays.
		assert_eq!(Evaluations::<Test>::get(m, 0).unwrap().evaluator, EVE);
	});
}

#[test]
fn the_owner_removes_spam_and_the_deposit_goes_back() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(ALICE), m, BOB));
		assert_ok!(evaluate(BOB, m, None));
		assert_ok!(evaluate(BOB, m, None));
		assert_eq!(held(HoldReason::EvaluationDeposit, BOB), 2 * EVALUATION_DEPOSIT);
		assert_noop!(
			Lineage::remove_evaluation(RuntimeOrigin::signed(BOB), m, 0),
			Error::<Test>::NotOwner
		);
		assert_ok!(Lineage::remove_evaluation(RuntimeOrigin::signed(ALICE), m, 0));
		System::assert_last_event(
			Event::EvaluationRemoved { model: m, index: 0, evaluator: BOB }.into(),
		);
		assert_eq!(held(HoldReason::EvaluationDeposit, BOB), EVALUATION_DEPOSIT);
		assert_eq!(EvaluationCount::<Test>::get(m), 1);
		assert_eq!(EvaluationsBy::<Test>::get(m, BOB), 1);
		assert_noop!(
			Lineage::remove_evaluation(RuntimeOrigin::signed(ALICE), m, 0),
			Error::<Test>::UnknownEvaluation
		);
		assert_noop!(
			Lineage::remove_evaluation(RuntimeOrigin::signed(ALICE), 9, 0),
			Error::<Test>::UnknownModel
		);
		// Indices are not reused: the next one is 2, and the page skips the gap.
		assert_ok!(evaluate(BOB, m, None));
		let page = Lineage::evaluations(m, None, 10).unwrap();
		assert_eq!(page.items.iter().map(|e| e.index).collect::<Vec<_>>(), vec![1, 2]);
	});
}

/// Attack: the owner deletes an accredited evaluator's unfavourable result.
#[test]
fn accredited_evaluations_cannot_be_removed_by_the_owner() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		accredit(&[BOB]);
		assert_ok!(evaluate(BOB, m, None));
		assert_noop!(
			Lineage::remove_evaluation(RuntimeOrigin::signed(ALICE), m, 0),
			Error::<Test>::AccreditedEvaluation
		);
		// Even once the evaluator is no longer accredited: it was when it evaluated.
		assert_ok!(Lineage::remove_evaluator(RuntimeOrigin::root(), BOB));
		assert_noop!(
			Lineage::remove_evaluation(RuntimeOrigin::signed(ALICE), m, 0),
			Error::<Test>::AccreditedEvaluation
		);
	});
}
