use super::*;

#[test]
fn proposes_and_a_new_proposal_replaces_the_old() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_eq!(PendingOwner::<Test>::get(id), Some(BOB));
		assert_eq!(Storage::get(id).unwrap().owner, ALICE);
		System::assert_last_event(
			Event::OwnershipTransferProposed { id, from: ALICE, to: BOB }.into(),
		);
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_eq!(PendingOwner::<Test>::get(id), Some(CHARLIE));
		System::assert_last_event(
			Event::OwnershipTransferProposed { id, from: ALICE, to: CHARLIE }.into(),
		);
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotPendingOwner
		);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), 3, BOB),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::AlreadyOwner
		);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB),
			Error::<Test>::Retired
		);
	});
}
