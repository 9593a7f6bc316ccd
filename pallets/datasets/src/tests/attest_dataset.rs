use super::*;

#[test]
fn records_the_attestation_and_holds_the_deposit() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		System::set_block_number(3);
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			id,
			AttestationKind::QualityAudit,
			hash(50)
		));
		let attestation = Attestations::<Test>::get(id, 0).unwrap();
		assert_eq!(attestation.attestor, EVE);
		assert_eq!(attestation.kind, AttestationKind::QualityAudit);
		assert_eq!(attestation.evidence_hash, hash(50));
		assert_eq!(attestation.at, 3);
		assert_eq!(attestation.deposit, 5);
		assert_eq!(AttestationCount::<Test>::get(id), 1);
		assert_eq!(attestation_held(EVE), 5);
		assert_eq!(free(EVE), FUNDS - 5);
		System::assert_last_event(
			Event::DatasetAttested {
				id,
				attestor: EVE,
				index: 0,
				kind: AttestationKind::QualityAudit,
			}
			.into(),
		);

		let custom = AttestationKind::Custom(bounded(b"bias-review"));
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			id,
			custom.clone(),
			hash(51)
		));
		assert_eq!(Attestations::<Test>::get(id, 1).unwrap().kind, custom);
		assert_eq!(attestation_held(EVE), 10);
		System::assert_last_event(
			Event::DatasetAttested { id, attestor: EVE, index: 1, kind: custom }.into(),
		);
	});
}

#[test]
fn a_retired_dataset_can_be_attested() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			id,
			AttestationKind::Deidentified,
			hash(50)
		));
		assert_eq!(AttestationCount::<Test>::get(id), 1);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		let attest = |who: u64, id: DatasetId| {
			Datasets::attest_dataset(
				RuntimeOrigin::signed(who),
				id,
				AttestationKind::LicenseVerified,
				hash(9),
			)
		};
		assert_noop!(attest(ALICE, id), Error::<Test>::NotAttestor);
		assert_noop!(attest(EVE, 6), Error::<Test>::UnknownDataset);
		for _ in 0..3 {
			assert_ok!(attest(EVE, id));
		}
		assert_noop!(attest(EVE, id), Error::<Test>::TooManyAttestations);
		// Another dataset has its own limit.
		let other = register(ALICE, 2);
		assert_ok!(attest(EVE, other));

		assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), NOBODY));
		assert_noop!(attest(NOBODY, other), Error::<Test>::InsufficientDeposit);
	});
}

#[test]
fn a_removed_attestor_keeps_their_attestations_but_cannot_add_more() {
	build_and_execute(|| {
		let id = register(ALICE, 1);
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			id,
			AttestationKind::QualityAudit,
			hash(9)
		));
		assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), EVE));
		assert_eq!(Attestations::<Test>::get(id, 0).unwrap().attestor, EVE);
		assert_eq!(attestation_held(EVE), 5);
		assert_noop!(
			Datasets::attest_dataset(
				RuntimeOrigin::signed(EVE),
				id,
				AttestationKind::QualityAudit,
				hash(9)
			),
			Error::<Test>::NotAttestor
		);
	});
}
