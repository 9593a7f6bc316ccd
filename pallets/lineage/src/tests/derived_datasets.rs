//! Models trained on derived datasets inherit the grants the derivation used: a revocation
//! on the parent dataset reaches them, and the lineage queries show the derivation.

use super::*;

/// Dataset P (DAVE's); BOB derived S from it under grant `g` (training and derivation,
/// grantee-only); BOB grants himself nothing more: he owns S. Returns (P, S, g).
fn derived_by_bob() -> (DatasetId, DatasetId, GrantId) {
	let parent = add_dataset(DAVE);
	let g = add_grant(parent, BOB, &[Purpose::Derivation, Training]);
	let subset = add_derived_dataset(BOB, parent, &[g]);
	(parent, subset, g)
}

/// A grant on `dataset` to `who` for `list` (anyone may derive), as a training input.
fn input_on(dataset: DatasetId, who: u64, list: &[Purpose]) -> TrainingInput {
	let grant = add_grant(dataset, who, list);
	set_grant_terms(grant, DerivativeScope::Anyone, RevocationEffect::StopUse, None);
	TrainingInput { dataset, role: InputRole::Train, grant }
}

#[test]
fn a_model_inherits_the_derivation_grants_of_its_inputs() {
	build_and_execute(|| {
		let (_, subset, g) = derived_by_bob();
		let input = input_on(subset, BOB, &[Training]);
		let m = Reg::new(1).inputs(&[input]).ok(BOB);
		assert_eq!(basis(m), vec![g, input.grant]);
		assert_eq!(grant_models(g), vec![m]);
		assert_eq!(Lineage::tainted_models(g), 1);
	});
}

/// Attack: CHARLIE gets a grant on BOB's subset and trains on it; the parent's owner only
/// let BOB build on the data.
#[test]
fn the_parent_owners_terms_bind_models_trained_on_the_derivative() {
	build_and_execute(|| {
		let (_, subset, g) = derived_by_bob();
		let input = input_on(subset, CHARLIE, &[Training, Commercial]);
		assert_noop!(
			Reg::new(1).inputs(&[input]).call(CHARLIE),
			Error::<Test>::InheritedDerivationNotAllowed
		);
		// Nor for a purpose the parent's grant never covered, even by BOB.
		let own = input_on(subset, BOB, &[Commercial]);
		assert_noop!(
			Reg::new(1).inputs(&[own]).purpose(Commercial).call(BOB),
			Error::<Test>::InheritedPurposeNotCovered
		);
		set_grant_terms(g, DerivativeScope::Anyone, RevocationEffect::StopUse, None);
		assert_ok!(Reg::new(1).inputs(&[input]).call(CHARLIE));
	});
}

/// A revocation on the parent dataset reaches a model trained on a derivative of it.
#[test]
fn a_revocation_on_the_parent_taints_models_of_the_derivative() {
	build_and_execute(|| {
		let (_, subset, g) = derived_by_bob();
		let input = input_on(subset, BOB, &[Training]);
		let m = Reg::new(1).inputs(&[input]).ok(BOB);
		let child = Reg::new(2).parents(&[(m, RunKind::FineTune)]).ok(BOB);
		revoke_grant(g, 4);
		for model in [m, child] {
			assert_eq!(
				Lineage::consent_status(model),
				Ok(ConsentStatus::Tainted(vec![TaintedGrant {
					grant: g,
					revoked_at: 4,
					effect: RevocationEffect::StopUse
				}]))
			);
		}
		let mut impact = Lineage::impact(g, None, 10).unwrap().items;
		impact.sort();
		assert_eq!(impact, vec![m, child]);
		// And no new run may use the derivative.
		let again = input_on(subset, BOB, &[Training]);
		assert_noop!(Reg::new(3).inputs(&[again]).call(BOB), Error::<Test>::TaintedParent);
	});
}

#[test]
fn ancestors_and_descendants_follow_dataset_derivations() {
	build_and_execute(|| {
		let (parent, subset, g) = derived_by_bob();
		let input = input_on(subset, BOB, &[Training]);
		let m = Reg::new(1).inputs(&[input]).ok(BOB);
		let (d_parent, d_subset) = (LineageNode::Dataset(parent), LineageNode::Dataset(subset));

		let up = Lineage::ancestors(m, 32).unwrap();
		assert!(up.nodes.contains(&d_parent) && up.nodes.contains(&LineageNode::Grant(g)));
		let has = |graph: &LineageGraph, from, to, kind| {
			graph.edges.contains(&LineageEdge { from, to, kind })
		};
		assert!(has(&up, d_subset, d_parent, EdgeKind::DatasetDerivedFrom(DerivationKind::Subset)));
		assert!(has(&up, d_subset, LineageNode::Grant(g), EdgeKind::DerivedUnder));
		assert!(has(&up, LineageNode::Grant(g), d_parent, EdgeKind::GrantOn));

		let down = Lineage::descendants(d_parent, 32).unwrap();
		assert!(down.nodes.contains(&d_subset) && down.nodes.contains(&LineageNode::Model(m)));
		assert!(has(
			&down,
			d_subset,
			d_parent,
			EdgeKind::DatasetDerivedFrom(DerivationKind::Subset)
		));
		assert!(has(&down, LineageNode::Model(m), d_subset, EdgeKind::TrainedOn(InputRole::Train)));

		let from_grant = Lineage::descendants(LineageNode::Grant(g), 32).unwrap();
		assert!(from_grant.nodes.contains(&LineageNode::Model(m)));
		assert!(has(&from_grant, d_subset, LineageNode::Grant(g), EdgeKind::DerivedUnder));
	});
}
