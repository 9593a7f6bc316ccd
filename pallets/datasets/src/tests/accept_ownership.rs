use super::*;

#[test]
fn moves_ownership_and_deposit_and_clears_the_delegate() {
	build_and_execute(|| {
		let id = register_full(ALICE, 1, URI, None, two_contributors());
		let deposit = deposit_for(URI.len(), LICENSE.len(), 2);
		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(DAVE)));
		assert!(Pallet::dataset_access(id).unwrap().may_manage_consent(&DAVE));
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));

		assert_ok!(Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id));
		let record = Storage::get(id).unwrap();
		assert_eq!(record.owner, BOB);
		assert_eq!(record.delegate, None);
		assert_eq!(record.deposit, deposit);
		assert_eq!(PendingOwner::<Test>::get(id), None);
		assert_eq!(dataset_held(ALICE), 0);
		assert_eq!(free(ALICE), FUNDS);
		assert_eq!(dataset_held(BOB), deposit);
		assert_eq!(free(BOB), FUNDS - deposit);
		System::assert_last_event(Event::OwnershipTransferred { id, from: ALICE, to: BOB }.into());

		// The old delegate and the old owner lost their rights.
		let access = Pallet::dataset_access(id).unwrap();
		assert!(!access.may_manage_consent(&DAVE));
		assert!(!access.may_manage_consent(&ALICE));
		assert!(access.may_manage_consent(&BOB));
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, hash(2), bounded(URI)),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(BOB), 4),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NoPendingTransfer
		);
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotPendingOwner
		);
		// Accepted once, there is nothing left to accept.
		assert_ok!(Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id));
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NoPendingTransfer
		);
	});
}

#[test]
fn a_new_owner_who_cannot_pay_changes_nothing() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(DAVE)));
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, NOBODY));
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(NOBODY), id),
			Error::<Test>::InsufficientDeposit
		);
		let record = Storage::get(id).unwrap();
		assert_eq!(record.owner, ALICE);
		assert_eq!(record.delegate, Some(DAVE));
		assert_eq!(PendingOwner::<Test>::get(id), Some(NOBODY));
		assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
	});
}

#[test]
fn retiring_withdraws_the_offer() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(PendingOwner::<Test>::get(id), None);
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NoPendingTransfer
		);
	});
}
