//! Governance marks a squatted registration disputed and gives it to its rightful owner.

use super::*;
use crate::Disputes;

/// Attack: BOB watches the pool and registers ALICE's content hash first. Governance
/// reassigns it; BOB's deposit pays for the record under ALICE, and BOB keeps no power.
#[test]
fn a_squatted_dataset_is_reassigned_with_its_deposit() {
	build_and_execute(|| {
		let id = register(BOB, 1);
		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(BOB), id, Some(DAVE)));
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), id, CHARLIE));
		let deposit = Storage::get(id).unwrap().deposit;
		assert_noop!(
			Datasets::dispute_dataset(RuntimeOrigin::signed(ALICE), id, hash(5)),
			DispatchError::BadOrigin
		);
		run_to_block(3);
		assert_ok!(Datasets::dispute_dataset(RuntimeOrigin::root(), id, hash(5)));
		System::assert_last_event(Event::DatasetDisputed { id, evidence_hash: hash(5) }.into());
		assert!(Pallet::dataset_access(id).unwrap().disputed);
		assert_eq!(Pallet::dataset_info(id).unwrap().dispute.unwrap().opened_at, 3);
		assert_noop!(
			Datasets::dispute_dataset(RuntimeOrigin::root(), id, hash(6)),
			Error::<Test>::AlreadyDisputed
		);

		assert_noop!(
			Datasets::resolve_dataset_dispute(RuntimeOrigin::signed(ALICE), id, Some(ALICE)),
			DispatchError::BadOrigin
		);
		run_to_block(4);
		assert_ok!(Datasets::resolve_dataset_dispute(RuntimeOrigin::root(), id, Some(ALICE)));
		System::assert_last_event(Event::DatasetReassigned { id, from: BOB, to: ALICE }.into());
		let record = Storage::get(id).unwrap();
		assert_eq!(record.owner, ALICE);
		assert_eq!(record.delegate, None);
		assert_eq!(PendingOwner::<Test>::get(id), None);
		assert_eq!(dataset_held(BOB), 0);
		assert_eq!(free(BOB), FUNDS - deposit);
		assert_eq!(dataset_held(ALICE), deposit);
		// Still flagged, with its outcome.
		let dispute = Disputes::<Test>::get(id).unwrap();
		assert_eq!((dispute.resolved_at, dispute.reassigned_to), (Some(4), Some(ALICE)));
		assert!(Pallet::dataset_access(id).unwrap().disputed);
		// BOB has lost every power over it; CHARLIE's offer is gone.
		assert_noop!(
			Datasets::accept_ownership(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NoPendingTransfer
		);
		assert_noop!(
			Datasets::retire_dataset(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert!(!Pallet::dataset_access(id).unwrap().may_manage_consent(&DAVE));
		assert_noop!(
			Datasets::resolve_dataset_dispute(RuntimeOrigin::root(), id, None),
			Error::<Test>::NotDisputed
		);
	});
}

#[test]
fn a_dismissed_dispute_leaves_the_owner_and_can_be_reopened() {
	build_and_execute(|| {
		let id = register(BOB, 1);
		assert_noop!(
			Datasets::resolve_dataset_dispute(RuntimeOrigin::root(), id, None),
			Error::<Test>::NotDisputed
		);
		assert_noop!(
			Datasets::dispute_dataset(RuntimeOrigin::root(), 9, hash(5)),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::resolve_dataset_dispute(RuntimeOrigin::root(), 9, None),
			Error::<Test>::UnknownDataset
		);
		assert_ok!(Datasets::dispute_dataset(RuntimeOrigin::root(), id, hash(5)));
		assert!(Pallet::dataset_access(id).unwrap().disputed);
		assert_ok!(Datasets::resolve_dataset_dispute(RuntimeOrigin::root(), id, None));
		System::assert_last_event(Event::DisputeDismissed { id }.into());
		assert_eq!(Storage::get(id).unwrap().owner, BOB);
		// Dismissed: on record, no longer flagged.
		assert!(Pallet::dataset_info(id).unwrap().dispute.is_some());
		assert!(!Pallet::dataset_access(id).unwrap().disputed);
		// Reassigning to the owner is a dismissal too.
		assert_ok!(Datasets::dispute_dataset(RuntimeOrigin::root(), id, hash(6)));
		assert_ok!(Datasets::resolve_dataset_dispute(RuntimeOrigin::root(), id, Some(BOB)));
		System::assert_last_event(Event::DisputeDismissed { id }.into());
	});
}
