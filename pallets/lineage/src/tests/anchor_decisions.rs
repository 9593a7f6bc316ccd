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
			Event::DecisionsAnchored { model: m, index: 0, merkle_root: ROOT, count: 250 }.into(),
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
		assert_ok!(Lineage::accept_model(RuntimeOrigin::signed(BOB), m));
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
