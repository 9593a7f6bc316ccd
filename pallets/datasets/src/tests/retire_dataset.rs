use super::*;

#[test]
fn retires_and_keeps_the_record_and_deposit() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		let record = Storage::get(id).unwrap();
		assert_eq!(record.status, DatasetStatus::Retired);
		assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
		assert!(!Pallet::dataset_access(id).unwrap().active);
		assert_eq!(Pallet::dataset_info(id).unwrap().status, DatasetStatus::Retired);
		assert_eq!(Pallet::dataset_by_content_hash(hash(1)).unwrap().id, id);
		System::assert_last_event(Event::DatasetRetired { id }.into());
		// The content hash stays taken.
		assert_noop!(
			register_call(BOB, 1, LICENSE, None, Default::default()),
			Error::<Test>::DuplicateContent
		);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(
			Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), 2),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::retire_dataset(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::Retired
		);
	});
}
