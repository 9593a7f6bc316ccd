use super::*;

#[test]
fn replaces_uri_and_metadata_and_raises_the_deposit() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		let longer = b"https://example.org/datasets/1/manifest.json";
		assert_ok!(Datasets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			hash(77),
			bounded(longer)
		));
		let record = Storage::get(id).unwrap();
		let deposit = deposit_for(longer.len(), LICENSE.len(), 0);
		assert_eq!(record.uri.to_vec(), longer.to_vec());
		assert_eq!(record.metadata_hash, hash(77));
		assert_eq!(record.content_hash, hash(1));
		assert_eq!(record.deposit, deposit);
		assert_eq!(dataset_held(ALICE), deposit);
		assert_eq!(free(ALICE), FUNDS - deposit);
		System::assert_last_event(
			Event::MetadataUpdated { id, metadata_hash: hash(77), deposit }.into(),
		);
	});
}

#[test]
fn a_shorter_uri_releases_part_of_the_deposit() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			hash(5),
			bounded(b"")
		));
		let deposit = deposit_for(0, LICENSE.len(), 0);
		assert_eq!(deposit, SMALL_DEPOSIT - 11);
		assert_eq!(Storage::get(id).unwrap().deposit, deposit);
		assert_eq!(dataset_held(ALICE), deposit);
		assert_eq!(free(ALICE), FUNDS - deposit);
		System::assert_last_event(
			Event::MetadataUpdated { id, metadata_hash: hash(5), deposit }.into(),
		);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), 9, hash(2), bounded(URI)),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, hash(2), bounded(URI)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, hash(2), bounded(URI)),
			Error::<Test>::Retired
		);
	});
}

#[test]
fn fails_when_the_owner_cannot_pay_the_increase() {
	build_and_execute(|| {
		let id = register_full(POOR, 1, b"", None, Default::default());
		// 6 free, 5 can be held: a 6-byte URI costs 6 more.
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(POOR), id, hash(2), bounded(b"ipfs:/")),
			Error::<Test>::InsufficientDeposit
		);
		assert_ok!(Datasets::update_metadata(
			RuntimeOrigin::signed(POOR),
			id,
			hash(2),
			bounded(b"ipfs:")
		));
		assert_eq!(dataset_held(POOR), 19);
		assert_eq!(free(POOR), 1);
	});
}
