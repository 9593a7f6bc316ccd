use super::*;

#[test]
fn proposes_then_the_recipient_accepts_and_takes_the_deposit() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		let deposit = model(m).deposit;
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
		System::assert_last_event(
			Event::ModelTransferProposed { model: m, from: ALICE, to: BOB }.into(),
		);
		// Nothing moved yet.
		assert_eq!(model(m).owner, ALICE);
		assert_eq!(model_held(ALICE), deposit);
		assert_eq!(PendingModelOwner::<Test>::get(m), Some(BOB));

		assert_ok!(Lineage::accept_model(RuntimeOrigin::signed(BOB), m));
		assert_eq!(model(m).owner, BOB);
		assert_eq!(PendingModelOwner::<Test>::get(m), None);
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

/// Attack: push a model (and its deposit) onto an account that never agreed.
#[test]
fn a_model_cannot_be_pushed_onto_anyone() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
		assert_eq!(model_held(BOB), 0);
		assert_eq!(free(BOB), FUNDS);
		// Only BOB can complete it, not the sender nor a third party.
		for who in [ALICE, CHARLIE] {
			assert_noop!(
				Lineage::accept_model(RuntimeOrigin::signed(who), m),
				Error::<Test>::NotPendingOwner
			);
		}
	});
}

#[test]
fn a_new_offer_replaces_the_old_one() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, CHARLIE));
		assert_noop!(
			Lineage::accept_model(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NotPendingOwner
		);
		assert_ok!(Lineage::accept_model(RuntimeOrigin::signed(CHARLIE), m));
	});
}

#[test]
fn the_owner_cancels() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, BOB));
		assert_noop!(
			Lineage::cancel_model_transfer(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NotOwner
		);
		assert_ok!(Lineage::cancel_model_transfer(RuntimeOrigin::signed(ALICE), m));
		System::assert_last_event(Event::ModelTransferCancelled { model: m, to: BOB }.into());
		assert_noop!(
			Lineage::accept_model(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NoPendingTransfer
		);
		assert_noop!(
			Lineage::cancel_model_transfer(RuntimeOrigin::signed(ALICE), m),
			Error::<Test>::NoPendingTransfer
		);
		assert_noop!(
			Lineage::cancel_model_transfer(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownModel
		);
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
			Lineage::accept_model(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Lineage::accept_model(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NoPendingTransfer
		);
		for poor in [POOR, NOBODY] {
			assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), m, poor));
			assert_noop!(
				Lineage::accept_model(RuntimeOrigin::signed(poor), m),
				Error::<Test>::InsufficientDeposit
			);
		}
		assert_eq!(model(m).owner, ALICE);
	});
}
