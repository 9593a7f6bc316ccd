//! Inherited consent is checked like direct consent: every grant in the parents' bases must
//! be live, cover the run's purpose and let the registrant derive.

use super::*;

/// Dataset D granted to BOB for research only (grantee-only derivatives); BOB's model M.
fn research_model() -> (ModelId, TrainingInput) {
	let input = scoped(BOB, &[Research], DerivativeScope::GranteeOnly);
	(Reg::new(1).inputs(&[input]).purpose(Research).ok(BOB), input)
}

/// Attack: CHARLIE, who holds no grant, fine-tunes BOB's model for commercial use with
/// no inputs of his own.
#[test]
fn purpose_launder_through_a_parent_is_refused() {
	build_and_execute(|| {
		let (m, input) = research_model();
		assert_noop!(
			Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Commercial).call(CHARLIE),
			Error::<Test>::InheritedPurposeNotCovered
		);
		// Nor may BOB himself widen the purpose through his own model.
		assert_noop!(
			Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Commercial).call(BOB),
			Error::<Test>::InheritedPurposeNotCovered
		);
		// A fresh input of one's own does not launder the inherited grant either.
		let own = consented(CHARLIE, &[Commercial]);
		assert_noop!(
			Reg::new(2)
				.parents(&[(m, RunKind::FineTune)])
				.inputs(&[own])
				.purpose(Commercial)
				.call(CHARLIE),
			Error::<Test>::InheritedPurposeNotCovered
		);
		assert_eq!(uses(own.grant), vec![]);
		assert_eq!(uses(input.grant).len(), 1);
	});
}

/// Attack: CHARLIE, not the grantee, derives for the granted purpose.
#[test]
fn grantee_launder_through_a_parent_is_refused() {
	build_and_execute(|| {
		let (m, _) = research_model();
		assert_noop!(
			Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Research).call(CHARLIE),
			Error::<Test>::InheritedDerivationNotAllowed
		);
		// The grantee may, for the granted purpose.
		let child = Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Research).ok(BOB);
		// Two generations down the rule still holds.
		assert_noop!(
			Reg::new(3).parents(&[(child, RunKind::Distill)]).purpose(Research).call(CHARLIE),
			Error::<Test>::InheritedDerivationNotAllowed
		);
		assert_noop!(
			Reg::new(3).parents(&[(child, RunKind::Distill)]).purpose(Training).call(BOB),
			Error::<Test>::InheritedPurposeNotCovered
		);
	});
}

/// Attack: the model is given away; the new owner is not the grantee.
#[test]
fn a_new_owner_is_not_the_grantee() {
	build_and_execute(|| {
		let (m, _) = research_model();
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(BOB), m, CHARLIE));
		assert_ok!(Lineage::accept_model(RuntimeOrigin::signed(CHARLIE), m));
		assert_noop!(
			Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Research).call(CHARLIE),
			Error::<Test>::InheritedDerivationNotAllowed
		);
	});
}

#[test]
fn scopes_no_one_and_anyone() {
	build_and_execute(|| {
		let closed = scoped(BOB, &[Research], DerivativeScope::NoOne);
		let m = Reg::new(1).inputs(&[closed]).purpose(Research).ok(BOB);
		// Not even the grantee may build on it.
		assert_noop!(
			Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Research).call(BOB),
			Error::<Test>::InheritedDerivationNotAllowed
		);
		let open = scoped(BOB, &[Research], DerivativeScope::Anyone);
		let n = Reg::new(3).inputs(&[open]).purpose(Research).ok(BOB);
		assert_ok!(Reg::new(4).parents(&[(n, RunKind::FineTune)]).purpose(Research).call(EVE));
		// Anyone, but still only for the granted purposes.
		assert_noop!(
			Reg::new(5).parents(&[(n, RunKind::FineTune)]).purpose(Inference).call(EVE),
			Error::<Test>::InheritedPurposeNotCovered
		);
	});
}

/// Attack: derive from a model whose grant has expired, at the exact block.
#[test]
fn expired_inherited_grant_is_refused_from_its_expiry_block() {
	build_and_execute(|| {
		let (m, input) = research_model();
		set_grant_terms(
			input.grant,
			DerivativeScope::GranteeOnly,
			RevocationEffect::StopUse,
			Some(5),
		);
		run_to_block(4);
		let child = Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Research).ok(BOB);
		run_to_block(5);
		for parent in [m, child] {
			assert_noop!(
				Reg::new(3).parents(&[(parent, RunKind::FineTune)]).purpose(Research).call(BOB),
				Error::<Test>::InheritedConsentExpired
			);
		}
	});
}

/// The order: revocation, expiry, purpose, scope; for the lowest grant id first.
#[test]
fn revocation_is_reported_before_the_other_refusals() {
	build_and_execute(|| {
		let (m, input) = research_model();
		set_grant_terms(input.grant, DerivativeScope::NoOne, RevocationEffect::StopUse, Some(3));
		run_to_block(9);
		revoke_grant(input.grant, 9);
		assert_noop!(
			Reg::new(2).parents(&[(m, RunKind::FineTune)]).purpose(Commercial).call(CHARLIE),
			Error::<Test>::TaintedParent
		);
	});
}
