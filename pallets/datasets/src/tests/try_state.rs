use super::*;

/// A populated state: datasets with a parent, contributors, a delegate, a pending
/// transfer and attestations.
fn populate() -> (DatasetId, DatasetId) {
	let parent = register(ALICE, 1);
	let child =
		register_full(BOB, 2, URI, Some((parent, DerivationKind::Subset)), two_contributors());
	assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(BOB), child, Some(DAVE)));
	assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), child, CHARLIE));
	assert_ok!(Datasets::attest_dataset(
		RuntimeOrigin::signed(EVE),
		child,
		AttestationKind::QualityAudit,
		hash(3)
	));
	assert_ok!(Pallet::do_try_state());
	(parent, child)
}

fn assert_broken(message: &'static str) {
	assert_eq!(Pallet::do_try_state(), Err(DispatchError::Other(message)));
}

#[test]
fn bad_shares() {
	new_test_ext().execute_with(|| {
		let (_, child) = populate();
		Storage::mutate(child, |r| {
			r.as_mut().unwrap().contributors = shares(&[(CHARLIE, 500_000_000)])
		});
		assert_broken("contributor shares invalid");
	});
}

#[test]
fn id_not_below_next_id() {
	new_test_ext().execute_with(|| {
		populate();
		NextDatasetId::<Test>::put(1);
		assert_broken("dataset id not below NextDatasetId");
	});
}

#[test]
fn dataset_missing_from_the_content_index() {
	new_test_ext().execute_with(|| {
		populate();
		DatasetByContentHash::<Test>::remove(hash(1));
		assert_broken("dataset not indexed by its content hash");
	});
}

#[test]
fn content_index_entry_without_its_dataset() {
	new_test_ext().execute_with(|| {
		populate();
		DatasetByContentHash::<Test>::insert(hash(99), 0);
		assert_broken("content hash index points to another dataset");
	});
}

#[test]
fn missing_derivation_edge() {
	new_test_ext().execute_with(|| {
		let (parent, child) = populate();
		Derivations::<Test>::remove(parent, child);
		assert_broken("derivation edge missing or of another kind");
	});
}

#[test]
fn stray_derivation_edge() {
	new_test_ext().execute_with(|| {
		let (parent, child) = populate();
		Derivations::<Test>::insert(child, parent, DerivationKind::Merged);
		assert_broken("derivation edge disagrees with the child's parent");
	});
}

#[test]
fn pending_transfer_of_a_missing_dataset() {
	new_test_ext().execute_with(|| {
		populate();
		PendingOwner::<Test>::insert(42, ALICE);
		assert_broken("pending transfer of a missing dataset");
	});
}

#[test]
fn owner_is_own_delegate() {
	new_test_ext().execute_with(|| {
		let (_, child) = populate();
		Storage::mutate(child, |r| r.as_mut().unwrap().delegate = Some(BOB));
		assert_broken("owner is own delegate");
	});
}

#[test]
fn attestation_count_wrong() {
	new_test_ext().execute_with(|| {
		let (_, child) = populate();
		AttestationCount::<Test>::insert(child, 2);
		assert_broken("attestation count disagrees with the attestations stored");
	});
}

#[test]
fn attestation_beyond_count() {
	new_test_ext().execute_with(|| {
		let (_, child) = populate();
		let a = Attestations::<Test>::get(child, 0).unwrap();
		Attestations::<Test>::insert(child, 1, a);
		assert_broken("attestation index not below count");
	});
}

#[test]
fn dataset_deposit_not_held() {
	new_test_ext().execute_with(|| {
		let (parent, _) = populate();
		Storage::mutate(parent, |r| r.as_mut().unwrap().deposit += 1);
		assert_broken("dataset deposit held differs from the deposits of the datasets owned");
	});
}

#[test]
fn dataset_hold_without_a_dataset() {
	new_test_ext().execute_with(|| {
		populate();
		assert_ok!(Balances::hold(&HoldReason::DatasetDeposit.into(), &DAVE, 3));
		assert_broken("dataset deposit held differs from the deposits of the datasets owned");
	});
}

#[test]
fn attestation_deposit_released() {
	new_test_ext().execute_with(|| {
		populate();
		assert_ok!(Balances::release(
			&HoldReason::AttestationDeposit.into(),
			&EVE,
			1,
			Precision::Exact
		));
		assert_broken(
			"attestation deposit held differs from the deposits of the attestations made",
		);
	});
}

#[test]
fn too_many_attestors() {
	new_test_ext().execute_with(|| {
		populate();
		for who in [ALICE, BOB, CHARLIE] {
			Attestors::<Test>::insert(who, ());
		}
		assert_broken("more attestors than MaxAttestors");
	});
}
