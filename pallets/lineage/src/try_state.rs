//! The pallet's invariants, checked by `try_state` and after every unit test.

use super::*;

// Always compiled, so that the runtime's own tests can check the invariants too.
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants; see the storage docs and the checks below.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let next_id = NextModelId::<T>::get();
		let mut model_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut evaluation_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut anchor_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();

		let mut models = 0u64;
		for (id, record) in Models::<T>::iter() {
			models = models.saturating_add(1);
			ensure!(id < next_id, "model id not below NextModelId");
			ensure!(
				ModelByWeightsHash::<T>::get(record.weights_hash) == Some(id),
				"model not indexed by its weights hash"
			);
			let mut expected_basis = BTreeSet::new();
			for (parent, kind) in &record.run.parents {
				ensure!(*parent < id, "parent registered after its child");
				let parent_record = Models::<T>::get(parent).ok_or("parent model missing")?;
				ensure!(
					Children::<T>::get(parent, id) == Some(*kind),
					"child edge missing or of another kind"
				);
				expected_basis.extend(parent_record.consent_basis);
			}
			for input in &record.run.inputs {
				ensure!(
					DatasetModels::<T>::get(input.dataset, id) == Some(input.role),
					"dataset index missing or of another role"
				);
				expected_basis.insert(input.grant);
				expected_basis.extend(T::Datasets::derivation_basis(input.dataset));
			}
			ensure!(
				record.consent_basis.windows(2).all(|w| matches!(w, [a, b] if a < b)),
				"consent basis not sorted or with repeats"
			);
			ensure!(
				record.consent_basis.len() <= T::MaxBasisGrants::get() as usize,
				"consent basis over MaxBasisGrants"
			);
			ensure!(
				record.consent_basis.iter().copied().collect::<BTreeSet<_>>() == expected_basis,
				"consent basis differs from the inputs' grants and bases and the parents' bases"
			);
			for grant in &record.consent_basis {
				ensure!(
					GrantModels::<T>::contains_key(grant, id),
					"basis grant missing from the grant index"
				);
			}
			let held = model_deposits.entry(record.owner).or_default();
			*held = held.saturating_add(record.deposit);
		}

		let mut indexed = 0u64;
		for (hash, id) in ModelByWeightsHash::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Models::<T>::get(id).map(|r| r.weights_hash) == Some(hash),
				"weights hash index points to another model"
			);
		}
		ensure!(indexed == models, "weights hash index and models differ in number");

		for (parent, child, kind) in Children::<T>::iter() {
			ensure!(Models::<T>::contains_key(parent), "child edge from a missing model");
			ensure!(
				Models::<T>::get(child).is_some_and(|r| r.run.parents.contains(&(parent, kind))),
				"child edge disagrees with the child's parents"
			);
		}
		for (dataset, model, role) in DatasetModels::<T>::iter() {
			ensure!(
				Models::<T>::get(model).is_some_and(|r| r
					.run
					.inputs
					.iter()
					.any(|i| i.dataset == dataset && i.role == role)),
				"dataset index disagrees with the model's inputs"
			);
		}
		let mut models_per_grant: BTreeMap<GrantId, u32> = BTreeMap::new();
		for (grant, model, ()) in GrantModels::<T>::iter() {
			ensure!(
				Models::<T>::get(model)
					.is_some_and(|r| r.consent_basis.binary_search(&grant).is_ok()),
				"grant index disagrees with the model's consent basis"
			);
			let n = models_per_grant.entry(grant).or_default();
			*n = n.saturating_add(1);
		}
		for (grant, count) in GrantModelCount::<T>::iter() {
			ensure!(
				models_per_grant.get(&grant).copied().unwrap_or(0) == count,
				"grant model count disagrees with the grant index"
			);
		}
		for (grant, count) in &models_per_grant {
			ensure!(GrantModelCount::<T>::get(grant) == *count, "grant index entry not counted");
		}

		for (model, dispute) in ModelDisputes::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "dispute over a missing model");
			ensure!(
				dispute.reassigned_to.is_none() || dispute.resolved_at.is_some(),
				"reassigned by an open dispute"
			);
		}

		for (model, to) in PendingModelOwner::<T>::iter() {
			let record = Models::<T>::get(model).ok_or("pending transfer of a missing model")?;
			ensure!(record.owner != to, "model offered to its own owner");
		}

		ensure!(
			Evaluators::<T>::count() <= T::MaxEvaluators::get(),
			"more evaluators than MaxEvaluators"
		);
		let mut allowance_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut allowed_per_model: BTreeMap<ModelId, u32> = BTreeMap::new();
		for (model, _who, allowance) in AllowedEvaluators::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "allowance on a missing model");
			let n = allowed_per_model.entry(model).or_default();
			*n = n.saturating_add(1);
			let held = allowance_deposits.entry(allowance.by).or_default();
			*held = held.saturating_add(allowance.deposit);
		}
		for (model, count) in AllowedEvaluatorCount::<T>::iter() {
			ensure!(
				count <= T::MaxAllowedEvaluators::get(),
				"more allowed evaluators than MaxAllowedEvaluators"
			);
			ensure!(
				allowed_per_model.get(&model).copied().unwrap_or(0) == count,
				"allowed evaluator count disagrees with the allowances stored"
			);
		}
		for (model, count) in &allowed_per_model {
			ensure!(AllowedEvaluatorCount::<T>::get(model) == *count, "allowance not counted");
		}

		let mut evaluations_per_model: BTreeMap<ModelId, u32> = BTreeMap::new();
		let mut evaluations_per_evaluator: BTreeMap<(ModelId, T::AccountId), u32> = BTreeMap::new();
		for (model, index, evaluation) in Evaluations::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "evaluation of a missing model");
			ensure!(
				index < NextEvaluationIndex::<T>::get(model),
				"evaluation index not below the next index"
			);
			let n = evaluations_per_model.entry(model).or_default();
			*n = n.saturating_add(1);
			let n =
				evaluations_per_evaluator.entry((model, evaluation.evaluator.clone())).or_default();
			*n = n.saturating_add(1);
			let held = evaluation_deposits.entry(evaluation.evaluator).or_default();
			*held = held.saturating_add(evaluation.deposit);
		}
		for (model, count) in EvaluationCount::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "evaluation count of a missing model");
			ensure!(count <= T::MaxEvaluations::get(), "more evaluations than MaxEvaluations");
			ensure!(
				evaluations_per_model.get(&model).copied().unwrap_or(0) == count,
				"evaluation count disagrees with the evaluations stored"
			);
		}
		for (model, count) in &evaluations_per_model {
			ensure!(EvaluationCount::<T>::get(model) == *count, "evaluations not counted");
		}
		for (model, who, count) in EvaluationsBy::<T>::iter() {
			ensure!(
				count <= T::MaxEvaluationsPerEvaluator::get(),
				"more evaluations by one evaluator than MaxEvaluationsPerEvaluator"
			);
			ensure!(
				evaluations_per_evaluator.get(&(model, who)).copied().unwrap_or(0) == count,
				"per-evaluator count disagrees with the evaluations stored"
			);
		}
		for ((model, who), count) in &evaluations_per_evaluator {
			ensure!(
				EvaluationsBy::<T>::get(model, who) == *count,
				"evaluations by an evaluator not counted"
			);
		}

		let mut anchors_per_model: BTreeMap<ModelId, u32> = BTreeMap::new();
		for (model, index, anchor) in DecisionAnchors::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "anchor of a missing model");
			ensure!(index < AnchorCount::<T>::get(model), "anchor index not below count");
			ensure!(anchor.count > 0, "anchor of no decisions");
			let n = anchors_per_model.entry(model).or_default();
			*n = n.saturating_add(1);
			let held = anchor_deposits.entry(anchor.submitter).or_default();
			*held = held.saturating_add(anchor.deposit);
		}
		for (model, count) in AnchorCount::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "anchor count of a missing model");
			ensure!(count <= T::MaxAnchors::get(), "more anchors than MaxAnchors");
			ensure!(
				anchors_per_model.get(&model).copied().unwrap_or(0) == count,
				"anchor count disagrees with the anchors stored"
			);
		}

		// Every account: those that owe deposits, and any other that holds something.
		let accounts = frame_system::Account::<T>::iter_keys()
			.chain(model_deposits.keys().cloned())
			.chain(evaluation_deposits.keys().cloned())
			.chain(anchor_deposits.keys().cloned())
			.chain(allowance_deposits.keys().cloned())
			.collect::<BTreeSet<_>>();
		let checks = [
			(
				HoldReason::ModelDeposit,
				&model_deposits,
				"model deposit held differs from the models owned",
			),
			(
				HoldReason::EvaluationDeposit,
				&evaluation_deposits,
				"evaluation deposit held differs from the evaluations made",
			),
			(
				HoldReason::AnchorDeposit,
				&anchor_deposits,
				"anchor deposit held differs from the anchors made",
			),
			(
				HoldReason::AllowanceDeposit,
				&allowance_deposits,
				"allowance deposit held differs from the evaluators allowed",
			),
		];
		for who in accounts {
			for (reason, deposits, message) in &checks {
				let reason: T::RuntimeHoldReason = (*reason).into();
				ensure!(
					T::Currency::balance_on_hold(&reason, &who)
						== deposits.get(&who).copied().unwrap_or_default(),
					*message
				);
			}
		}
		Ok(())
	}
}
