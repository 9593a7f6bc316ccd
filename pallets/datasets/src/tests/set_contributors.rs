use super::*;

#[test]
fn replaces_the_list_and_adjusts_the_deposit() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::set_contributors(
			RuntimeOrigin::signed(ALICE),
			id,
			two_contributors()
		));
		let deposit = deposit_for(URI.len(), LICENSE.len(), 2);
		let record = Storage::get(id).unwrap();
		assert_eq!(record.contributors, two_contributors());
		assert_eq!(record.deposit, deposit);
		assert_eq!(dataset_held(ALICE), deposit);
		assert_eq!(free(ALICE), FUNDS - deposit);
		System::assert_last_event(Event::ContributorsSet { id, count: 2, deposit }.into());

		// Emptying the list releases the difference.
		assert_ok!(Datasets::set_contributors(
			RuntimeOrigin::signed(ALICE),
			id,
			Default::default()
		));
		assert!(Storage::get(id).unwrap().contributors.is_empty());
		assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
		assert_eq!(free(ALICE), FUNDS - SMALL_DEPOSIT);
		System::assert_last_event(
			Event::ContributorsSet { id, count: 0, deposit: SMALL_DEPOSIT }.into(),
		);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		let set = |who: u64, id: DatasetId, list: ContributorsOf<Test>| {
			Datasets::set_contributors(RuntimeOrigin::signed(who), id, list)
		};
		assert_noop!(set(ALICE, 5, two_contributors()), Error::<Test>::UnknownDataset);
		assert_noop!(set(BOB, id, two_contributors()), Error::<Test>::NotOwner);
		assert_noop!(
			set(ALICE, id, shares(&[(CHARLIE, 500_000_000)])),
			Error::<Test>::SharesNotWhole
		);
		assert_noop!(
			set(ALICE, id, shares(&[(CHARLIE, 0), (DAVE, 1_000_000_000)])),
			Error::<Test>::ZeroShare
		);
		assert_noop!(
			set(ALICE, id, shares(&[(DAVE, 300_000_000), (DAVE, 700_000_000)])),
			Error::<Test>::DuplicateContributor
		);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(set(ALICE, id, two_contributors()), Error::<Test>::Retired);

		let poor = register_full(POOR, 2, b"", None, Default::default());
		assert_noop!(
			set(POOR, poor, shares(&[(CHARLIE, 1_000_000_000)])),
			Error::<Test>::InsufficientDeposit
		);
	});
}
