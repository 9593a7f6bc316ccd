use super::*;

#[test]
fn deprecates_and_emits() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m));
		assert_eq!(model(m).status, ModelStatus::Deprecated);
		System::assert_last_event(Event::ModelDeprecated { model: m }.into());
	});
}

#[test]
fn errors() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_noop!(
			Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Lineage::deprecate_model(RuntimeOrigin::signed(BOB), m),
			Error::<Test>::NotOwner
		);
		assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m));
		assert_noop!(
			Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m),
			Error::<Test>::NotActive
		);
		assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), m));
		assert_noop!(
			Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), m),
			Error::<Test>::NotActive
		);
	});
}
