use super::*;

#[test]
fn owner_revokes_at_once_and_record_stays() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		run_to_block(3);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		let record = Grants::<Test>::get(id).unwrap();
		assert_eq!(record.revoked_at, Some(3));
		assert_eq!(record.grantee, to(BOB));
		// Out of the live index, and the empty list is not kept.
		assert!(!LiveGrants::<Test>::contains_key(dataset, to(BOB)));
		assert!(DatasetGrants::<Test>::contains_key(dataset, GrantKey::from(id)));
		assert!(GranteeGrants::<Test>::contains_key(to(BOB), GrantKey::from(id)));
		// The deposit pays for the permanent record.
		assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
		assert_eq!(free(ALICE), FUNDS - GRANT_DEPOSIT);
		System::assert_last_event(revoked(id, dataset, ALICE));
		// Refused in the same block.
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentRevoked);
	});
}

#[test]
fn leaves_other_grants_listed() {
	build_and_execute(|| {
		let (dataset, first) = simple_grant();
		let second = grant(ALICE, dataset, to(BOB), &[Inference], None, None);
		let third = grant(ALICE, dataset, to(BOB), &[Evaluation], None, None);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), second));
		assert_eq!(live_list(dataset, to(BOB)), vec![first, third]);
		// The freed slot takes a new grant.
		let fourth = grant(ALICE, dataset, to(BOB), &[Commercial], None, None);
		assert_eq!(live_list(dataset, to(BOB)), vec![first, third, fourth]);
	});
}

#[test]
fn current_delegate_revokes() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		set_delegate(dataset, Some(CHARLIE));
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), id));
		System::assert_last_event(revoked(id, dataset, CHARLIE));
	});
}

#[test]
fn new_owner_revokes_the_old_owners_grant() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		transfer_dataset(dataset, DAVE);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(DAVE), id));
		System::assert_last_event(revoked(id, dataset, DAVE));
		// The deposit stays with the grantor.
		assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
		assert_eq!(grant_held(DAVE), 0);
	});
}

/// Attack: a seller, and the delegate the seller had named, try to revoke the grants
/// they issued after the dataset changed hands, to taint the new owner's models.
#[test]
fn former_owner_and_former_delegate_cannot_revoke() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		set_delegate(dataset, Some(CHARLIE));
		let by_delegate = grant(CHARLIE, dataset, to(BOB), &[Inference], None, None);
		transfer_dataset(dataset, DAVE);
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotAllowed
		);
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), by_delegate),
			Error::<Test>::NotAllowed
		);
		// The new owner has the authority over both.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(DAVE), by_delegate));
		System::assert_last_event(revoked(by_delegate, dataset, DAVE));
	});
}

/// Attack: a delegate is removed and tries to revoke the grant it made.
#[test]
fn removed_delegate_cannot_revoke_its_own_grant() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		set_delegate(dataset, Some(CHARLIE));
		let id = grant(CHARLIE, dataset, to(BOB), &[Training], None, None);
		set_delegate(dataset, None);
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotAllowed
		);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn reports_the_tainted_models_and_the_effect() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let id = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(ALICE),
			dataset,
			to(BOB),
			purposes(&[Training]),
			None,
			None,
			GrantTerms {
				on_revoke: RevocationEffect::NoNewTraining,
				..GrantTerms::with_hash(TERMS)
			}
		));
		set_tainted_models(id, 7);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::ConsentRevoked {
				grant: id,
				dataset,
				by: ALICE,
				tainted_models: 7,
				tainted_datasets: 0,
				effect: RevocationEffect::NoNewTraining,
			}
			.into(),
		);
	});
}

#[test]
fn not_allowed() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		// Not the grantee, nor a stranger.
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotAllowed
		);
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(EVE), id),
			Error::<Test>::NotAllowed
		);
		// A delegate that is replaced, and never granted, loses the right.
		set_delegate(dataset, Some(CHARLIE));
		set_delegate(dataset, Some(EVE));
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotAllowed
		);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(EVE), id));
	});
}

#[test]
fn nobody_once_the_dataset_is_gone() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		set_delegate(dataset, Some(CHARLIE));
		let id = grant(CHARLIE, dataset, to(BOB), &[Training], None, None);
		remove_dataset(dataset);
		for who in [ALICE, CHARLIE] {
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(who), id),
				Error::<Test>::NotAllowed
			);
		}
	});
}

#[test]
fn unknown_grant() {
	build_and_execute(|| {
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::UnknownGrant
		);
	});
}

#[test]
fn twice_is_an_error() {
	build_and_execute(|| {
		let (_, id) = simple_grant();
		run_to_block(2);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		run_to_block(3);
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AlreadyRevoked
		);
		assert_eq!(Grants::<Test>::get(id).unwrap().revoked_at, Some(2));
	});
}

#[test]
fn expired_grant_can_still_be_revoked() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let id = grant(ALICE, dataset, to(BOB), &[Training], Some(3), None);
		run_to_block(10);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Grants::<Test>::get(id).unwrap().revoked_at, Some(10));
		assert!(!LiveGrants::<Test>::contains_key(dataset, to(BOB)));
	});
}
