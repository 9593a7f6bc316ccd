use super::*;

#[test]
fn live_grant_prefers_a_named_grant() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let open = grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
		let named = grant(ALICE, dataset, to(BOB), &[Training], None, None);
		assert_eq!(live_grant(dataset, BOB, Training), Some(named));
		// Others fall back to the open grant.
		assert_eq!(live_grant(dataset, CHARLIE, Training), Some(open));
		// So does BOB once his own is gone.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), named));
		assert_eq!(live_grant(dataset, BOB, Training), Some(open));
	});
}

#[test]
fn live_grant_skips_grants_that_are_not_usable() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let revoked = grant(ALICE, dataset, to(BOB), &[Training], None, None);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), revoked));
		let expiring = grant(ALICE, dataset, to(BOB), &[Training], Some(3), None);
		let once = grant(ALICE, dataset, to(BOB), &[Training], None, Some(1));
		let other_purpose = grant(ALICE, dataset, to(BOB), &[Inference], None, None);
		assert_eq!(live_list(dataset, to(BOB)), vec![expiring, once, other_purpose]);

		assert_eq!(live_grant(dataset, BOB, Training), Some(expiring));
		run_to_block(3);
		assert_eq!(live_grant(dataset, BOB, Training), Some(once));
		assert_ok!(use_grant(BOB, once, Training));
		assert_eq!(live_grant(dataset, BOB, Training), None);
		assert_eq!(live_grant(dataset, BOB, Inference), Some(other_purpose));
		// A grant to BOB is nobody else's.
		assert_eq!(live_grant(dataset, CHARLIE, Inference), None);
		// An open grant for another purpose does not help either.
		grant(ALICE, dataset, Grantee::Anyone, &[Commercial], None, None);
		assert_eq!(live_grant(dataset, BOB, Training), None);
		let open = grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
		assert_eq!(live_grant(dataset, BOB, Training), Some(open));
	});
}

#[test]
fn live_grant_on_unknown_dataset_is_none() {
	build_and_execute(|| {
		let (dataset, _) = simple_grant();
		assert_eq!(live_grant(dataset + 1, BOB, Training), None);
		remove_dataset(dataset);
		assert_eq!(live_grant(dataset, BOB, Training), None);
	});
}

#[test]
fn consume_logs_without_a_deposit() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		run_to_block(8);
		assert_ok!(consume(id, dataset, BOB, Training));
		assert_eq!(
			AccessLog::<Test>::get(id, 0),
			Some(AccessRecord {
				accessor: BOB,
				purpose: Training,
				job_hash: JOB,
				at: 8,
				deposit: 0
			})
		);
		assert_eq!(Grants::<Test>::get(id).unwrap().uses, 1);
		assert_eq!(access_held(BOB), 0);
		assert_eq!(free(BOB), FUNDS);
		System::assert_last_event(
			Event::AccessRecorded {
				grant: id,
				dataset,
				accessor: BOB,
				purpose: Training,
				job_hash: JOB,
				index: 0,
			}
			.into(),
		);
		// Uses from both paths share one log and one counter.
		assert_ok!(use_grant(BOB, id, Research));
		assert_eq!(AccessLog::<Test>::get(id, 1).unwrap().deposit, ACCESS_DEPOSIT);
		assert_eq!(Grants::<Test>::get(id).unwrap().uses, 2);
		// A poor accessor can consume: the caller charges.
		let poor = grant(ALICE, dataset, to(POOR), &[Training], None, None);
		assert_ok!(consume(poor, dataset, POOR, Training));
	});
}

#[test]
fn consume_refuses_like_record_access() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		let other = add_dataset(ALICE, Sensitivity::Personal);
		assert_noop!(consume(99, dataset, BOB, Training), Error::<Test>::UnknownGrant);
		assert_noop!(consume(id, other, BOB, Training), Error::<Test>::GrantDatasetMismatch);
		// The dataset is checked before the grantee.
		assert_noop!(consume(id, other, CHARLIE, Training), Error::<Test>::GrantDatasetMismatch);
		assert_noop!(consume(id, dataset, CHARLIE, Training), Error::<Test>::NotGrantee);
		assert_noop!(consume(id, dataset, BOB, Commercial), Error::<Test>::PurposeNotCovered);

		let once = grant(ALICE, dataset, to(BOB), &[Training], Some(4), Some(1));
		assert_ok!(consume(once, dataset, BOB, Training));
		assert_noop!(consume(once, dataset, BOB, Training), Error::<Test>::UsesExhausted);
		run_to_block(4);
		assert_noop!(consume(once, dataset, BOB, Training), Error::<Test>::ConsentExpired);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(consume(id, dataset, BOB, Training), Error::<Test>::ConsentRevoked);
	});
}

#[test]
fn revoked_at_and_purposes() {
	build_and_execute(|| {
		let (_, id) = simple_grant();
		assert_eq!(<Consent as ConsentInspect<u64, u64>>::revoked_at(id), None);
		assert_eq!(
			<Consent as ConsentInspect<u64, u64>>::purposes(id),
			Some(purposes(&[Training, Research]))
		);
		run_to_block(9);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(<Consent as ConsentInspect<u64, u64>>::revoked_at(id), Some(9));
		assert_eq!(<Consent as ConsentInspect<u64, u64>>::revoked_at(id + 1), None);
		assert_eq!(<Consent as ConsentInspect<u64, u64>>::purposes(id + 1), None);
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_grant_grants_every_purpose() {
	build_and_execute(|| {
		let (dataset, id) =
			<Consent as ConsentInspect<u64, u64>>::benchmark_grant(&NOBODY, &BOB).unwrap();
		let record = Grants::<Test>::get(id).unwrap();
		assert_eq!(record.dataset, dataset);
		assert_eq!(record.grantee, to(BOB));
		assert_eq!(record.purposes, all_purposes());
		assert_eq!((record.expires_at, record.max_uses), (None, None));
		for purpose in Purpose::ALL {
			assert_eq!(live_grant(dataset, BOB, purpose), Some(id));
		}
	});
}
