use super::*;

#[test]
fn logs_counts_holds_and_emits() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		run_to_block(6);
		assert_ok!(use_grant(BOB, id, Research));
		assert_eq!(
			AccessLog::<Test>::get(id, 0),
			Some(AccessRecord {
				accessor: BOB,
				purpose: Research,
				job_hash: JOB,
				at: 6,
				deposit: ACCESS_DEPOSIT
			})
		);
		assert_eq!(Grants::<Test>::get(id).unwrap().uses, 1);
		assert_eq!(access_held(BOB), ACCESS_DEPOSIT);
		assert_eq!(free(BOB), FUNDS - ACCESS_DEPOSIT);
		System::assert_last_event(
			Event::AccessRecorded {
				grant: id,
				dataset,
				accessor: BOB,
				purpose: Research,
				job_hash: JOB,
				index: 0,
			}
			.into(),
		);

		run_to_block(7);
		assert_ok!(use_grant(BOB, id, Training));
		assert_eq!(AccessLog::<Test>::get(id, 1).unwrap().purpose, Training);
		assert_eq!(Grants::<Test>::get(id).unwrap().uses, 2);
		assert_eq!(access_held(BOB), 2 * ACCESS_DEPOSIT);
		assert_eq!(free(BOB), FUNDS - 2 * ACCESS_DEPOSIT);
		// The grantor's deposit is untouched.
		assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
		System::assert_last_event(
			Event::AccessRecorded {
				grant: id,
				dataset,
				accessor: BOB,
				purpose: Training,
				job_hash: JOB,
				index: 1,
			}
			.into(),
		);
	});
}

#[test]
fn anyone_grant_serves_any_account() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Public);
		let id = grant(ALICE, dataset, Grantee::Anyone, &[Research], None, Some(2));
		assert_ok!(use_grant(CHARLIE, id, Research));
		assert_ok!(use_grant(EVE, id, Research));
		assert_eq!(AccessLog::<Test>::get(id, 0).unwrap().accessor, CHARLIE);
		assert_eq!(AccessLog::<Test>::get(id, 1).unwrap().accessor, EVE);
		assert_eq!(access_held(CHARLIE), ACCESS_DEPOSIT);
		assert_eq!(access_held(EVE), ACCESS_DEPOSIT);
		assert_noop!(use_grant(DAVE, id, Research), Error::<Test>::UsesExhausted);
	});
}

#[test]
fn unknown_grant() {
	build_and_execute(|| {
		assert_noop!(use_grant(BOB, 0, Training), Error::<Test>::UnknownGrant);
	});
}

#[test]
fn not_grantee() {
	build_and_execute(|| {
		let (_, id) = simple_grant();
		assert_noop!(use_grant(CHARLIE, id, Training), Error::<Test>::NotGrantee);
		// Not even the grantor.
		assert_noop!(use_grant(ALICE, id, Training), Error::<Test>::NotGrantee);
	});
}

#[test]
fn consent_revoked() {
	build_and_execute(|| {
		let (_, id) = simple_grant();
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentRevoked);
	});
}

#[test]
fn expiry_boundary() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let id = grant(ALICE, dataset, to(BOB), &[Training], Some(5), None);
		// Usable up to the block before `expires_at`...
		run_to_block(4);
		assert_ok!(use_grant(BOB, id, Training));
		assert_eq!(live_grant(dataset, BOB, Training), Some(id));
		// ...though the query at block 4 already answers for block 5, where it is not.
		assert!(!Consent::grant_info(id).unwrap().live);
		run_to_block(3);
		assert!(Consent::grant_info(id).unwrap().live);
		run_to_block(4);
		// ...and not at it.
		run_to_block(5);
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentExpired);
		assert!(!Consent::grant_info(id).unwrap().live);
		assert_eq!(live_grant(dataset, BOB, Training), None);
		assert_noop!(consume(id, dataset, BOB, Training), Error::<Test>::ConsentExpired);
		run_to_block(50);
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentExpired);
	});
}

#[test]
fn purpose_not_covered() {
	build_and_execute(|| {
		let (_, id) = simple_grant();
		assert_noop!(use_grant(BOB, id, Commercial), Error::<Test>::PurposeNotCovered);
	});
}

#[test]
fn uses_exhausted() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let id = grant(ALICE, dataset, to(BOB), &[Training], None, Some(2));
		assert_ok!(use_grant(BOB, id, Training));
		assert_ok!(use_grant(BOB, id, Training));
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::UsesExhausted);
		assert_eq!(Grants::<Test>::get(id).unwrap().uses, 2);
	});
}

#[test]
fn unlimited_grant_stops_at_the_counters_limit() {
	build_and_execute(|| {
		let (_, id) = simple_grant();
		// Pretend u32::MAX - 1 uses were logged (log entries included, for try_state).
		Grants::<Test>::mutate(id, |g| g.as_mut().unwrap().uses = u32::MAX - 1);
		assert_ok!(use_grant(BOB, id, Training));
		assert_eq!(Grants::<Test>::get(id).unwrap().uses, u32::MAX);
		assert!(AccessLog::<Test>::contains_key(id, u32::MAX - 1));
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::UsesExhausted);
		// Undo the pretence so that the invariants hold again.
		AccessLog::<Test>::remove(id, u32::MAX - 1);
		assert_ok!(Balances::release(
			&RuntimeHoldReason::Consent(HoldReason::AccessDeposit),
			&BOB,
			ACCESS_DEPOSIT,
			frame_support::traits::tokens::Precision::Exact
		));
		Grants::<Test>::mutate(id, |g| g.as_mut().unwrap().uses = 0);
	});
}

#[test]
fn insufficient_deposit() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Public);
		let id = grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
		assert_noop!(use_grant(POOR, id, Training), Error::<Test>::InsufficientDeposit);
		assert_noop!(use_grant(NOBODY, id, Training), Error::<Test>::InsufficientDeposit);
	});
}

#[test]
fn checks_in_order() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		// Expires at 5, covers training only, one use left after this one.
		let id = grant(ALICE, dataset, to(BOB), &[Training], Some(5), Some(1));
		assert_ok!(use_grant(BOB, id, Training));
		// Used up and for another purpose: the purpose is named.
		assert_noop!(use_grant(BOB, id, Research), Error::<Test>::PurposeNotCovered);
		run_to_block(5);
		// Expired too: expiry comes first.
		assert_noop!(use_grant(BOB, id, Research), Error::<Test>::ConsentExpired);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		// Revoked too: revocation comes first.
		assert_noop!(use_grant(BOB, id, Research), Error::<Test>::ConsentRevoked);
		// Another account: not being the grantee comes before everything about the grant.
		assert_noop!(use_grant(CHARLIE, id, Research), Error::<Test>::NotGrantee);
		// And the deposit is checked last: a poor grantee gets the grant's error.
		let poor_grant = grant(ALICE, dataset, to(POOR), &[Training], None, Some(1));
		assert_noop!(use_grant(POOR, poor_grant, Research), Error::<Test>::PurposeNotCovered);
		assert_noop!(use_grant(POOR, poor_grant, Training), Error::<Test>::InsufficientDeposit);
	});
}

#[test]
fn retired_dataset_grants_stay_usable_until_revoked() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		retire_dataset(dataset);
		assert_ok!(use_grant(BOB, id, Training));
		assert_eq!(live_grant(dataset, BOB, Training), Some(id));
		assert_ok!(consume(id, dataset, BOB, Research));
		assert_eq!(Consent::consent_status(dataset, &BOB, Training), Ok(Some(id)));
		// Retirement only stops new grants.
		assert_noop!(
			Consent::grant_consent(
				RuntimeOrigin::signed(ALICE),
				dataset,
				to(BOB),
				purposes(&[Training]),
				None,
				None,
				GrantTerms::with_hash(TERMS)
			),
			Error::<Test>::DatasetRetired
		);
		// The owner of a retired dataset may still revoke.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentRevoked);
	});
}
