use super::*;

#[test]
fn from_active_or_deprecated_keeping_the_record_and_deposit() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let (b, _) = pretrained(ALICE, 2);
		let before = model_held(ALICE);
		assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), a));
		assert_eq!(model(a).status, ModelStatus::Withdrawn);
		System::assert_last_event(Event::ModelWithdrawn { model: a }.into());
		assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), b));
		assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), b));
		assert_eq!(model(b).status, ModelStatus::Withdrawn);
		System::assert_last_event(Event::ModelWithdrawn { model: b }.into());
		assert_eq!(model_held(ALICE), before);
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_noop!(
			Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Lineage::withdraw_model(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NotOwner
		);
		assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m));
		assert_noop!(
			Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m),
			Error::<Test>::AlreadyWithdrawn
		);
	});
}
