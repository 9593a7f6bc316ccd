use super::*;

#[test]
fn genesis_attestor() {
	build_and_execute(|| {
		assert!(Pallet::is_attestor(&EVE));
		assert!(!Pallet::is_attestor(&ALICE));
		assert_eq!(Attestors::<Test>::count(), 1);
	});
}

#[test]
fn add_and_remove() {
	build_and_execute(|| {
		assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), ALICE));
		assert!(Pallet::is_attestor(&ALICE));
		assert_eq!(Attestors::<Test>::count(), 2);
		System::assert_last_event(Event::AttestorAdded { who: ALICE }.into());
		assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), ALICE));
		assert!(!Pallet::is_attestor(&ALICE));
		assert_eq!(Attestors::<Test>::count(), 1);
		System::assert_last_event(Event::AttestorRemoved { who: ALICE }.into());
	});
}

#[test]
fn add_errors() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::add_attestor(RuntimeOrigin::signed(EVE), ALICE),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Datasets::add_attestor(RuntimeOrigin::root(), EVE),
			Error::<Test>::AlreadyAttestor
		);
		assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), ALICE));
		assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), BOB));
		assert_noop!(
			Datasets::add_attestor(RuntimeOrigin::root(), CHARLIE),
			Error::<Test>::TooManyAttestors
		);
		// Removing one makes room.
		assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), BOB));
		assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), CHARLIE));
	});
}

#[test]
fn remove_errors() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::remove_attestor(RuntimeOrigin::signed(EVE), EVE),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Datasets::remove_attestor(RuntimeOrigin::root(), ALICE),
			Error::<Test>::NotAttestor
		);
	});
}

#[test]
#[should_panic(expected = "more genesis attestors than MaxAttestors")]
fn genesis_rejects_too_many_attestors() {
	use sp_runtime::BuildStorage;
	let _ = crate::GenesisConfig::<Test> { attestors: vec![1, 2, 3, 4] }.build_storage();
}

#[test]
#[should_panic(expected = "genesis attestor listed twice")]
fn genesis_rejects_a_repeated_attestor() {
	use sp_runtime::BuildStorage;
	let _ = crate::GenesisConfig::<Test> { attestors: vec![1, 1] }.build_storage();
}
