use super::*;

fn broken(expected: &'static str) {
	assert_eq!(Lineage::do_try_state(), Err(DispatchError::Other(expected)));
}

/// Two models, the second derived from the first, with an evaluation and an anchor.
fn setup() -> (ModelId, ModelId, TrainingInput, TrainingInput) {
	let (a, in_a) = pretrained(ALICE, 1);
	let in_b = consented(BOB, &[Training]);
	let b = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[in_b]).ok(BOB);
	accredit(&[CHARLIE]);
	assert_ok!(evaluate(CHARLIE, b, None));
	assert_ok!(anchor(BOB, b, 3));
	assert_ok!(Lineage::do_try_state());
	(a, b, in_a, in_b)
}

fn mutate(id: ModelId, f: impl FnOnce(&mut ModelRecordOf<Test>)) {
	Models::<Test>::mutate(id, |m| f(m.as_mut().unwrap()));
}

#[test]
fn id_not_below_next() {
	new_test_ext().execute_with(|| {
		setup();
		NextModelId::<Test>::put(1);
		broken("model id not below NextModelId");
	});
}

#[test]
fn weights_index_missing_or_stray() {
	new_test_ext().execute_with(|| {
		setup();
		ModelByWeightsHash::<Test>::remove(hash(1));
		broken("model not indexed by its weights hash");
	});
	new_test_ext().execute_with(|| {
		setup();
		ModelByWeightsHash::<Test>::insert(hash(9), 0);
		broken("weights hash index points to another model");
	});
}

#[test]
fn parent_after_child() {
	new_test_ext().execute_with(|| {
		let (a, b, _, _) = setup();
		mutate(a, |m| m.run.parents = vec![(b, RunKind::Merge)].try_into().unwrap());
		broken("parent registered after its child");
	});
}

#[test]
fn child_edges() {
	new_test_ext().execute_with(|| {
		let (a, b, _, _) = setup();
		Children::<Test>::insert(a, b, RunKind::Merge);
		broken("child edge missing or of another kind");
	});
	new_test_ext().execute_with(|| {
		let (a, b, _, _) = setup();
		Children::<Test>::insert(a, 7, RunKind::Merge);
		let _ = b;
		broken("child edge disagrees with the child's parents");
	});
}

#[test]
fn dataset_index() {
	new_test_ext().execute_with(|| {
		let (_, b, _, in_b) = setup();
		DatasetModels::<Test>::remove(in_b.dataset, b);
		broken("dataset index missing or of another role");
	});
	new_test_ext().execute_with(|| {
		let (_, b, in_a, _) = setup();
		DatasetModels::<Test>::insert(in_a.dataset, b, InputRole::Test);
		broken("dataset index disagrees with the model's inputs");
	});
}

#[test]
fn grant_index() {
	new_test_ext().execute_with(|| {
		let (_, b, in_a, _) = setup();
		GrantModels::<Test>::remove(in_a.grant, b);
		broken("basis grant missing from the grant index");
	});
	new_test_ext().execute_with(|| {
		let (a, _, _, in_b) = setup();
		GrantModels::<Test>::insert(in_b.grant, a, ());
		broken("grant index disagrees with the model's consent basis");
	});
}

#[test]
fn basis() {
	new_test_ext().execute_with(|| {
		let (_, b, in_a, in_b) = setup();
		mutate(b, |m| m.consent_basis = vec![in_b.grant, in_a.grant].try_into().unwrap());
		broken("consent basis not sorted or with repeats");
	});
	new_test_ext().execute_with(|| {
		let (_, b, _, in_b) = setup();
		// Losing the inherited grant.
		mutate(b, |m| m.consent_basis = vec![in_b.grant].try_into().unwrap());
		broken("consent basis differs from the inputs' grants and bases and the parents' bases");
	});
}

#[test]
fn evaluation_counts() {
	new_test_ext().execute_with(|| {
		let (_, b, _, _) = setup();
		EvaluationCount::<Test>::insert(b, 2);
		broken("evaluation count disagrees with the evaluations stored");
	});
	new_test_ext().execute_with(|| {
		let (_, b, _, _) = setup();
		EvaluationCount::<Test>::remove(b);
		broken("evaluations not counted");
	});
}

#[test]
fn anchor_counts_and_contents() {
	new_test_ext().execute_with(|| {
		let (_, b, _, _) = setup();
		AnchorCount::<Test>::insert(b, 2);
		broken("anchor count disagrees with the anchors stored");
	});
	new_test_ext().execute_with(|| {
		let (_, b, _, _) = setup();
		DecisionAnchors::<Test>::mutate(b, 0, |a| a.as_mut().unwrap().count = 0);
		broken("anchor of no decisions");
	});
}

#[test]
fn deposits() {
	new_test_ext().execute_with(|| {
		let (a, _, _, _) = setup();
		mutate(a, |m| m.deposit += 1);
		broken("model deposit held differs from the models owned");
	});
	new_test_ext().execute_with(|| {
		let (_, b, _, _) = setup();
		Evaluations::<Test>::mutate(b, 0, |e| e.as_mut().unwrap().deposit += 1);
		broken("evaluation deposit held differs from the evaluations made");
	});
	new_test_ext().execute_with(|| {
		let (_, b, _, _) = setup();
		DecisionAnchors::<Test>::mutate(b, 0, |a| a.as_mut().unwrap().deposit = 0);
		broken("anchor deposit held differs from the anchors made");
	});
}

#[test]
fn grant_model_count() {
	new_test_ext().execute_with(|| {
		let (_, _, in_a, _) = setup();
		GrantModelCount::<Test>::insert(in_a.grant, 1);
		broken("grant model count disagrees with the grant index");
	});
	new_test_ext().execute_with(|| {
		let (_, _, in_a, _) = setup();
		GrantModelCount::<Test>::remove(in_a.grant);
		broken("grant index entry not counted");
	});
}

#[test]
fn pending_transfers() {
	new_test_ext().execute_with(|| {
		setup();
		PendingModelOwner::<Test>::insert(9, BOB);
		broken("pending transfer of a missing model");
	});
	new_test_ext().execute_with(|| {
		let (a, ..) = setup();
		PendingModelOwner::<Test>::insert(a, ALICE);
		broken("model offered to its own owner");
	});
}

#[test]
fn evaluator_counts() {
	new_test_ext().execute_with(|| {
		let (_, b, ..) = setup();
		EvaluationsBy::<Test>::insert(b, CHARLIE, 2);
		broken("per-evaluator count disagrees with the evaluations stored");
	});
	new_test_ext().execute_with(|| {
		let (_, b, ..) = setup();
		EvaluationsBy::<Test>::remove(b, CHARLIE);
		broken("evaluations by an evaluator not counted");
	});
	new_test_ext().execute_with(|| {
		let (_, b, ..) = setup();
		NextEvaluationIndex::<Test>::insert(b, 0);
		broken("evaluation index not below the next index");
	});
}

#[test]
fn allowances() {
	new_test_ext().execute_with(|| {
		let (_, b, ..) = setup();
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(BOB), b, EVE));
		assert_ok!(Lineage::do_try_state());
		AllowedEvaluatorCount::<Test>::insert(b, 2);
		broken("allowed evaluator count disagrees with the allowances stored");
	});
	new_test_ext().execute_with(|| {
		let (_, b, ..) = setup();
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(BOB), b, EVE));
		AllowedEvaluatorCount::<Test>::remove(b);
		broken("allowance not counted");
	});
	new_test_ext().execute_with(|| {
		let (_, b, ..) = setup();
		assert_ok!(Lineage::allow_evaluator(RuntimeOrigin::signed(BOB), b, EVE));
		AllowedEvaluators::<Test>::mutate(b, EVE, |a| a.as_mut().unwrap().deposit += 1);
		broken("allowance deposit held differs from the evaluators allowed");
	});
}
