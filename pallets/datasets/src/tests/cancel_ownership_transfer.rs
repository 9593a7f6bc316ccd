use super::*;

#[test]
fn the_owner_withdraws_the_offer() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Datasets::cancel_ownership_transfer(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(PendingOwner::<Test>::get(id), None);
		System::assert_last_event(Event::OwnershipTransferCancelled { id, to: BOB }.into());
		// The offer is gone: BOB can no longer take the dataset.
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NoPendingTransfer
		);
		assert_eq!(Storage::get(id).unwrap().owner, ALICE);
	});
}

/// Attack: the recipient (or a stranger) cancels someone else's offer.
#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(
			Datasets::cancel_ownership_transfer(RuntimeOrigin::signed(ALICE), 4),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::cancel_ownership_transfer(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NoPendingTransfer
		);
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		for who in [BOB, CHARLIE] {
			assert_noop!(
				Datasets::cancel_ownership_transfer(RuntimeOrigin::signed(who), id),
				Error::<Test>::NotOwner
			);
		}
	});
}
