use super::*;

#[test]
fn stores_the_record_and_holds_the_deposit() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_eq!(id, 0);
		assert_eq!(NextDatasetId::<Test>::get(), 1);
		let record = Storage::get(id).unwrap();
		assert_eq!(record.owner, ALICE);
		assert_eq!(record.content_hash, hash(1));
		assert_eq!(record.metadata_hash, hash(1001));
		assert_eq!(record.uri.to_vec(), URI.to_vec());
		assert_eq!(record.license.to_vec(), LICENSE.to_vec());
		assert_eq!(record.sensitivity, Sensitivity::Personal);
		assert_eq!(record.parent, None);
		assert!(record.contributors.is_empty());
		assert_eq!(record.delegate, None);
		assert_eq!(record.status, DatasetStatus::Active);
		assert_eq!(record.created_at, 1);
		assert_eq!(record.deposit, SMALL_DEPOSIT);
		assert_eq!(DatasetByContentHash::<Test>::get(hash(1)), Some(id));
		assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
		assert_eq!(free(ALICE), FUNDS - SMALL_DEPOSIT);
		System::assert_last_event(
			Event::DatasetRegistered {
				id,
				owner: ALICE,
				content_hash: hash(1),
				parent: None,
				deposit: SMALL_DEPOSIT,
			}
			.into(),
		);
	});
}

#[test]
fn ids_count_up_and_deposits_add_up() {
	build_and_execute(|| {
		assert_eq!(register(ALICE, 1), 0);
		assert_eq!(register(ALICE, 2), 1);
		assert_eq!(register(BOB, 3), 2);
		assert_eq!(dataset_held(ALICE), 2 * SMALL_DEPOSIT);
		assert_eq!(dataset_held(BOB), SMALL_DEPOSIT);
	});
}

#[test]
fn records_parent_edge_and_contributors() {
	build_and_execute(|| {
		let parent = register(ALICE, 1);
		System::set_block_number(7);
		let child = register_full(
			ALICE,
			2,
			URI,
			Some((parent, DerivationKind::Subset)),
			two_contributors(),
		);
		let record = Storage::get(child).unwrap();
		assert_eq!(record.parent, Some((parent, DerivationKind::Subset)));
		assert_eq!(record.contributors, two_contributors());
		assert_eq!(record.created_at, 7);
		assert_eq!(Derivations::<Test>::get(parent, child), Some(DerivationKind::Subset));
		let deposit = deposit_for(URI.len(), LICENSE.len(), 2);
		assert_eq!(deposit, 10 + 11 + 3 + 25);
		assert_eq!(record.deposit, deposit);
		assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT + deposit);
		assert_eq!(free(ALICE), FUNDS - SMALL_DEPOSIT - deposit);
		System::assert_last_event(
			Event::DatasetRegistered {
				id: child,
				owner: ALICE,
				content_hash: hash(2),
				parent: Some((parent, DerivationKind::Subset)),
				deposit,
			}
			.into(),
		);
	});
}

#[test]
fn a_retired_dataset_can_have_a_new_version() {
	build_and_execute(|| {
		let parent = register(ALICE, 1);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), parent));
		let child = register_full(
			ALICE,
			2,
			URI,
			Some((parent, DerivationKind::NewVersion)),
			Default::default(),
		);
		assert_eq!(Derivations::<Test>::get(parent, child), Some(DerivationKind::NewVersion));
	});
}

#[test]
fn needs_a_signed_origin() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::register_dataset(
				RuntimeOrigin::none(),
				hash(1),
				hash(0),
				bounded(URI),
				bounded(LICENSE),
				Sensitivity::Public,
				None,
				Default::default(),
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn rejects_a_registered_content_hash() {
	build_and_execute(|| {
		register(ALICE, 1);
		assert_noop!(
			register_call(BOB, 1, LICENSE, None, Default::default()),
			Error::<Test>::DuplicateContent
		);
	});
}

#[test]
fn rejects_an_unknown_parent() {
	build_and_execute(|| {
		register(ALICE, 1);
		assert_noop!(
			register_call(ALICE, 2, LICENSE, Some((1, DerivationKind::Merged)), Default::default()),
			Error::<Test>::UnknownParent
		);
	});
}

#[test]
fn accepts_spdx_expressions() {
	build_and_execute(|| {
		let licenses: [&[u8]; 5] = [
			b"MIT",
			b"Apache-2.0",
			b"GPL-2.0+",
			b"(MIT OR Apache-2.0) AND CC0-1.0",
			b"DocumentRef-a:LicenseRef-b.1",
		];
		for (n, license) in licenses.into_iter().enumerate() {
			assert_ok!(register_call(ALICE, n as u64, license, None, Default::default()));
		}
	});
}

#[test]
fn rejects_an_invalid_license() {
	build_and_execute(|| {
		let licenses: [&[u8]; 6] = [b"", b"MIT/X11", b"MIT_1", b"MIT\n", b"M\xc3\xa9", b"MIT, BSD"];
		for license in licenses {
			assert_noop!(
				register_call(ALICE, 1, license, None, Default::default()),
				Error::<Test>::InvalidLicense
			);
		}
	});
}

#[test]
fn rejects_shares_not_adding_up_to_one() {
	build_and_execute(|| {
		for list in [
			&[(CHARLIE, 600_000_000), (DAVE, 399_999_999)][..],
			&[(CHARLIE, 600_000_000), (DAVE, 400_000_001)][..],
			&[(CHARLIE, 999_999_999)][..],
		] {
			assert_noop!(
				register_call(ALICE, 1, LICENSE, None, shares(list)),
				Error::<Test>::SharesNotWhole
			);
		}
		// The whole to one contributor is fine.
		assert_ok!(register_call(ALICE, 1, LICENSE, None, shares(&[(CHARLIE, 1_000_000_000)])));
	});
}

#[test]
fn rejects_a_zero_share() {
	build_and_execute(|| {
		assert_noop!(
			register_call(ALICE, 1, LICENSE, None, shares(&[(CHARLIE, 1_000_000_000), (DAVE, 0)])),
			Error::<Test>::ZeroShare
		);
	});
}

#[test]
fn rejects_a_duplicate_contributor() {
	build_and_execute(|| {
		assert_noop!(
			register_call(
				ALICE,
				1,
				LICENSE,
				None,
				shares(&[(CHARLIE, 500_000_000), (CHARLIE, 500_000_000)])
			),
			Error::<Test>::DuplicateContributor
		);
	});
}

#[test]
fn rejects_an_owner_who_cannot_pay() {
	build_and_execute(|| {
		assert_noop!(
			register_call(NOBODY, 1, LICENSE, None, Default::default()),
			Error::<Test>::InsufficientDeposit
		);
		// 20 free, ED 1: 19 can be held, the deposit is 25.
		assert_noop!(
			register_call(POOR, 1, LICENSE, None, Default::default()),
			Error::<Test>::InsufficientDeposit
		);
		// Without a URI it costs 14.
		register_full(POOR, 1, b"", None, Default::default());
		assert_eq!(dataset_held(POOR), 14);
		assert_eq!(free(POOR), POOR_FUNDS - 14);
	});
}

#[test]
fn fails_when_ids_run_out() {
	build_and_execute(|| {
		NextDatasetId::<Test>::put(u64::MAX - 1);
		assert_eq!(register(ALICE, 1), u64::MAX - 1);
		assert_noop!(
			register_call(ALICE, 2, LICENSE, None, Default::default()),
			Error::<Test>::NoIdsLeft
		);
	});
}

#[test]
fn weight_grows_with_the_variable_length_arguments() {
	use crate::weights::WeightInfo;
	let call = |uri: &[u8], contributors| {
		RuntimeCall::Datasets(crate::Call::register_dataset {
			content_hash: hash(1),
			metadata_hash: hash(2),
			uri: bounded(uri),
			license: bounded(b"Apache-2.0"),
			sensitivity: Sensitivity::Public,
			parent: None,
			contributors,
		})
		.get_dispatch_info()
		.call_weight
	};
	assert_eq!(call(URI, two_contributors()), <()>::register_dataset(11, 10, 2));
	assert!(call(URI, two_contributors()).ref_time() > call(b"", Default::default()).ref_time());
}
