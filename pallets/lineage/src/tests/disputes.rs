//! Governance marks a squatted model registration disputed and gives it to its rightful
//! owner.

use super::*;

/// Attack: BOB registers the weights hash ALICE was about to register. Governance
/// reassigns the model; BOB's deposit pays for it under ALICE.
#[test]
fn a_squatted_model_is_reassigned_with_its_deposit() {
	build_and_execute(|| {
		let (m, _) = pretrained(BOB, 1);
		let deposit = model(m).deposit;
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(BOB), m, CHARLIE));
		assert_noop!(
			Lineage::dispute_model(RuntimeOrigin::signed(ALICE), m, ROOT),
			DispatchError::BadOrigin
		);
		run_to_block(3);
		assert_ok!(Lineage::dispute_model(RuntimeOrigin::root(), m, ROOT));
		System::assert_last_event(Event::ModelDisputed { model: m, evidence_hash: ROOT }.into());
		assert_eq!(Lineage::model_info(m).unwrap().dispute.unwrap().opened_at, 3);
		assert_noop!(
			Lineage::dispute_model(RuntimeOrigin::root(), m, ROOT),
			Error::<Test>::AlreadyDisputed
		);
		assert_noop!(
			Lineage::resolve_model_dispute(RuntimeOrigin::signed(ALICE), m, Some(ALICE)),
			DispatchError::BadOrigin
		);
		assert_ok!(Lineage::resolve_model_dispute(RuntimeOrigin::root(), m, Some(ALICE)));
		System::assert_last_event(Event::ModelReassigned { model: m, from: BOB, to: ALICE }.into());
		assert_eq!(model(m).owner, ALICE);
		assert_eq!(model_held(BOB), 0);
		assert_eq!(free(BOB), FUNDS - deposit);
		assert_eq!(model_held(ALICE), deposit);
		assert_eq!(PendingModelOwner::<Test>::get(m), None);
		let dispute = Lineage::model_info(m).unwrap().dispute.unwrap();
		assert_eq!((dispute.resolved_at, dispute.reassigned_to), (Some(3), Some(ALICE)));
		// The record, its run and its lineage stay as they were.
		assert_eq!(model(m).run.trainer, BOB);
		assert_noop!(
			Lineage::accept_model(RuntimeOrigin::signed(CHARLIE), m),
			Error::<Test>::NoPendingTransfer
		);
		assert_noop!(
			Lineage::deprecate_model(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn dismissing_and_errors() {
	build_and_execute(|| {
		let (m, _) = pretrained(BOB, 1);
		assert_noop!(
			Lineage::dispute_model(RuntimeOrigin::root(), 9, ROOT),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Lineage::resolve_model_dispute(RuntimeOrigin::root(), 9, None),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Lineage::resolve_model_dispute(RuntimeOrigin::root(), m, None),
			Error::<Test>::NotDisputed
		);
		assert_ok!(Lineage::dispute_model(RuntimeOrigin::root(), m, ROOT));
		assert_ok!(Lineage::resolve_model_dispute(RuntimeOrigin::root(), m, None));
		System::assert_last_event(Event::ModelDisputeDismissed { model: m }.into());
		assert_eq!(model(m).owner, BOB);
		// A resolved dispute may be reopened; the flag stays either way.
		assert_ok!(Lineage::dispute_model(RuntimeOrigin::root(), m, ROOT));
		assert!(Lineage::model_info(m).unwrap().dispute.is_some());
	});
}
