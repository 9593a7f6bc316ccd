use super::*;

#[test]
fn sets_and_removes_the_delegate() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(CHARLIE)));
		assert_eq!(Storage::get(id).unwrap().delegate, Some(CHARLIE));
		System::assert_last_event(Event::DelegateSet { id, delegate: Some(CHARLIE) }.into());
		assert_eq!(
			Pallet::dataset_access(id),
			Some(DatasetAccess {
				owner: ALICE,
				delegate: Some(CHARLIE),
				sensitivity: Sensitivity::Personal,
				active: true,
				disputed: false,
			})
		);

		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, None));
		assert_eq!(Storage::get(id).unwrap().delegate, None);
		System::assert_last_event(Event::DelegateSet { id, delegate: None }.into());
		assert!(!Pallet::dataset_access(id).unwrap().may_manage_consent(&CHARLIE));
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(
			Datasets::set_delegate(RuntimeOrigin::signed(ALICE), 8, Some(BOB)),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::set_delegate(RuntimeOrigin::signed(BOB), id, Some(BOB)),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(ALICE)),
			Error::<Test>::DelegateIsOwner
		);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(BOB)),
			Error::<Test>::Retired
		);
	});
}
