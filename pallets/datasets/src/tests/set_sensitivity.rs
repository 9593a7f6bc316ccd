use super::*;

fn set(who: u64, id: DatasetId, sensitivity: Sensitivity) -> Result<(), DispatchError> {
	Datasets::set_sensitivity(RuntimeOrigin::signed(who), id, sensitivity)
}

#[test]
fn raising_is_always_allowed() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(set(ALICE, id, Sensitivity::SpecialCategory));
		System::assert_last_event(
			Event::SensitivityChanged { id, sensitivity: Sensitivity::SpecialCategory }.into(),
		);
		assert_eq!(Storage::get(id).unwrap().sensitivity, Sensitivity::SpecialCategory);
	});
}

/// Attack: lower a dataset's sensitivity to open it to grants to anyone.
#[test]
fn lowering_needs_a_current_attestors_deidentification() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(set(ALICE, id, Sensitivity::Public), Error::<Test>::NotDeidentified);
		// Another kind of attestation does not count.
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			id,
			AttestationKind::QualityAudit,
			hash(7)
		));
		assert_noop!(set(ALICE, id, Sensitivity::Public), Error::<Test>::NotDeidentified);
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			id,
			AttestationKind::Deidentified,
			hash(8)
		));
		// Nor does one by an attestor who has since been removed.
		assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), EVE));
		assert_noop!(set(ALICE, id, Sensitivity::Public), Error::<Test>::NotDeidentified);
		assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), EVE));
		assert_ok!(set(ALICE, id, Sensitivity::Public));
		assert_eq!(Storage::get(id).unwrap().sensitivity, Sensitivity::Public);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_noop!(set(ALICE, 9, Sensitivity::Public), Error::<Test>::UnknownDataset);
		assert_noop!(set(BOB, id, Sensitivity::SpecialCategory), Error::<Test>::NotOwner);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(set(ALICE, id, Sensitivity::SpecialCategory), Error::<Test>::Retired);
	});
}
