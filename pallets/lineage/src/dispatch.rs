//! The dispatchables' bodies: every `do_*` a call delegates to, and the specs `register_model` takes.

use super::*;

/// The model's own fields, as `register_model` takes them.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct ModelSpec<T: Config> {
	pub weights_hash: H256,
	pub name: BoundedVec<u8, T::MaxNameLen>,
	pub version: BoundedVec<u8, T::MaxVersionLen>,
	pub uri: BoundedVec<u8, T::MaxUriLen>,
	pub license: BoundedVec<u8, T::MaxLicenseLen>,
	pub card_hash: H256,
	pub policy: DerivativePolicy,
}

/// The training run's fields, as `register_model` takes them.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct RunSpec<T: Config> {
	pub kind: RunKind,
	pub parents: ParentsOf<T>,
	pub inputs: InputsOf<T>,
	pub purpose: Purpose,
	pub config_hash: H256,
	pub code_hash: H256,
	pub compute_provider: Option<T::AccountId>,
	/// The most the registrant agrees to pass its parents together: a slippage bound, so
	/// that a parent raising its minimum share just before cannot impose more.
	pub max_parent_share: Perbill,
	/// The most grants the registrant expects the consent basis to hold: the call is
	/// charged for that many up front, and refused (`BasisAboveBound`) if it would hold
	/// more. A bound above `MaxBasisGrants` bounds nothing more.
	pub max_basis: u32,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The weight of registering a model with `n` bytes of text, `p` parents, `i` inputs
	/// and a consent basis of `b` grants. A first-generation model (no parent, no
	/// inherited grant: `b <= i`) is `register_model(n, i)`; parents and inherited grants
	/// add what `register_derivative(p, b)` measured beyond `register_model`'s fixed part,
	/// counting every grant of the basis as inherited.
	pub fn register_weight(n: u32, p: u32, i: u32, b: u32) -> frame_support::weights::Weight {
		let first = T::WeightInfo::register_model(n, i);
		if p == 0 && b <= i {
			return first;
		}
		let derived = T::WeightInfo::register_derivative(p.max(1), b)
			.saturating_sub(T::WeightInfo::register_model(0, 0));
		first.saturating_add(derived)
	}

	/// The bytes of a model's name, version and URI: the weight's `n` component.
	pub fn text_len(
		name: &BoundedVec<u8, T::MaxNameLen>,
		version: &BoundedVec<u8, T::MaxVersionLen>,
		uri: &BoundedVec<u8, T::MaxUriLen>,
	) -> u32 {
		u32::try_from(name.len().saturating_add(version.len()).saturating_add(uri.len()))
			.unwrap_or(u32::MAX)
	}

	/// The deposit for a model record with these variable-length fields, and for the
	/// [`GrantModels`] entry each grant of its consent basis gets.
	pub fn model_deposit(
		text_len: usize,
		license_len: usize,
		parents: &ParentsOf<T>,
		inputs: &InputsOf<T>,
		basis: &BasisOf<T>,
	) -> BalanceOf<T> {
		let bytes = text_len
			.saturating_add(license_len)
			.saturating_add(parents.encoded_size())
			.saturating_add(inputs.encoded_size())
			.saturating_add(basis.encoded_size())
			.saturating_add(basis.len().saturating_mul(BASIS_INDEX_BYTES));
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::ModelDepositBase::get()
			.saturating_add(T::ModelDepositPerByte::get().saturating_mul(bytes.into()))
	}

	/// The deposit for the bytes the royalty pallet stores for a model: its royalty terms,
	/// paid for with the model record.
	pub fn royalty_deposit(bytes: u32) -> BalanceOf<T> {
		T::ModelDepositPerByte::get().saturating_mul(bytes.into())
	}

	/// The hash a training run's consent uses are logged with.
	pub fn training_job_hash(weights_hash: &H256, config_hash: &H256) -> H256 {
		BlakeTwo256::hash_of(&(weights_hash, config_hash))
	}

	/// The hash an evaluation's consent use is logged with.
	pub fn evaluation_job_hash(model: ModelId, index: u32, evidence_hash: &H256) -> H256 {
		BlakeTwo256::hash_of(&(model, index, evidence_hash))
	}

	/// Holds `amount` from `who`, reporting a shortfall as `InsufficientDeposit`.
	pub(crate) fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount).map_err(|e| match e {
			DispatchError::Token(_) => Error::<T>::InsufficientDeposit.into(),
			other => other,
		})
	}

	/// Releases exactly `amount` held from `who`.
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Registers a model for `owner`; returns its id. See [`Pallet::register_model`].
	///
	/// Runs in its own storage layer, so that a failure after some grants were consumed
	/// undoes those uses even when called from outside a dispatchable.
	pub fn do_register_model(
		owner: T::AccountId,
		model: ModelSpec<T>,
		run: RunSpec<T>,
	) -> Result<ModelId, DispatchError> {
		frame_support::storage::with_storage_layer(|| Self::register(owner, model, run))
	}

	fn register(
		owner: T::AccountId,
		model: ModelSpec<T>,
		run: RunSpec<T>,
	) -> Result<ModelId, DispatchError> {
		let ModelSpec { weights_hash, name, version, uri, license, card_hash, policy } = model;
		let RunSpec {
			kind,
			parents,
			inputs,
			purpose,
			config_hash,
			code_hash,
			compute_provider,
			max_parent_share,
			max_basis,
		} = run;
		ensure!(!ModelByWeightsHash::<T>::contains_key(weights_hash), Error::<T>::DuplicateWeights);
		ensure!(provenance_primitives::is_valid_license(&license), Error::<T>::InvalidLicense);
		ensure!(!(parents.is_empty() && inputs.is_empty()), Error::<T>::NoInputs);
		let mut seen = BTreeSet::new();
		ensure!(parents.iter().all(|(p, _)| seen.insert(*p)), Error::<T>::DuplicateParent);
		let mut seen = BTreeSet::new();
		ensure!(inputs.iter().all(|i| seen.insert(i.dataset)), Error::<T>::DuplicateInput);

		// Parents must exist already, so no model can be its own ancestor.
		let mut inherited = BTreeSet::new();
		for (parent_id, _) in &parents {
			let parent = Models::<T>::get(parent_id).ok_or(Error::<T>::UnknownParent)?;
			ensure!(parent.status != ModelStatus::Withdrawn, Error::<T>::ParentWithdrawn);
			ensure!(
				parent.policy != DerivativePolicy::OwnerOnly || parent.owner == owner,
				Error::<T>::DerivativeNotAllowed
			);
			inherited.extend(parent.consent_basis);
		}
		// A derived dataset's basis comes with it: the grants its derivation used on its
		// ancestors are inherited like a parent model's.
		for input in &inputs {
			inherited.extend(T::Datasets::derivation_basis(input.dataset));
		}
		// Bounding the basis before the taint scan bounds the scan's reads too.
		let mut basis = inherited.clone();
		basis.extend(inputs.iter().map(|i| i.grant));
		let basis: BasisOf<T> = BoundedVec::try_from(basis.into_iter().collect::<Vec<_>>())
			.map_err(|_| Error::<T>::TooManyBasisGrants)?;
		// Checked before the per-grant work the up-front charge did not pay for.
		ensure!(basis.len() as u32 <= max_basis, Error::<T>::BasisAboveBound);
		// Inherited consent is checked like direct consent, whoever owns the parents.
		for grant in &inherited {
			T::Consent::ensure_inheritable(*grant, &owner, purpose).map_err(|refusal| {
				match refusal {
					// A grant that no longer exists backs nothing: treat it as revoked.
					InheritRefusal::Revoked | InheritRefusal::UnknownGrant => {
						Error::<T>::TaintedParent
					},
					InheritRefusal::Expired => Error::<T>::InheritedConsentExpired,
					InheritRefusal::PurposeNotCovered => Error::<T>::InheritedPurposeNotCovered,
					InheritRefusal::DerivationNotAllowed => {
						Error::<T>::InheritedDerivationNotAllowed
					},
				}
			})?;
		}
		let parent_ids: Vec<ModelId> = parents.iter().map(|(parent, _)| *parent).collect();
		let dataset_ids: Vec<DatasetId> = inputs.iter().map(|input| input.dataset).collect();
		let royalty_bytes =
			T::Royalties::ensure_may_derive(&parent_ids, &dataset_ids, max_parent_share)?;
		let id = NextModelId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoIdsLeft)?;

		let job_hash = Self::training_job_hash(&weights_hash, &config_hash);
		for input in &inputs {
			T::Consent::consume(input.grant, input.dataset, &owner, purpose, job_hash)?;
		}
		let text_len = Self::text_len(&name, &version, &uri) as usize;
		let deposit = Self::model_deposit(text_len, license.len(), &parents, &inputs, &basis)
			.saturating_add(Self::royalty_deposit(royalty_bytes));
		Self::hold(HoldReason::ModelDeposit, &owner, deposit)?;

		for (parent_id, parent_kind) in &parents {
			Children::<T>::insert(parent_id, id, parent_kind);
		}
		for input in &inputs {
			DatasetModels::<T>::insert(input.dataset, id, input.role);
		}
		for grant in &basis {
			GrantModels::<T>::insert(grant, id, ());
			GrantModelCount::<T>::mutate(grant, |n| *n = n.saturating_add(1));
		}
		let (parent_count, input_count) = (parents.len() as u32, inputs.len() as u32);
		let now = Self::now();
		Models::<T>::insert(
			id,
			ModelRecord {
				owner: owner.clone(),
				weights_hash,
				name,
				version,
				uri,
				license,
				card_hash,
				policy,
				status: ModelStatus::Active,
				created_at: now,
				deposit,
				run: TrainingRun {
					trainer: owner.clone(),
					kind,
					parents,
					inputs,
					purpose,
					config_hash,
					code_hash,
					compute_provider,
					at: now,
				},
				consent_basis: basis,
			},
		);
		ModelByWeightsHash::<T>::insert(weights_hash, id);
		NextModelId::<T>::put(next_id);
		Self::deposit_event(Event::ModelRegistered {
			id,
			owner,
			weights_hash,
			kind,
			parents: parent_count,
			inputs: input_count,
			deposit,
		});
		T::Royalties::on_model_registered(id, &parent_ids, &dataset_ids)?;
		Ok(id)
	}

	/// Records an evaluation by `evaluator`; returns its index. See
	/// [`Pallet::record_evaluation`]. Runs in its own storage layer, like
	/// [`Self::do_register_model`].
	pub fn do_record_evaluation(
		evaluator: T::AccountId,
		model: ModelId,
		benchmark: Option<(DatasetId, GrantId)>,
		metric: BoundedVec<u8, T::MaxMetricLen>,
		value: i64,
		evidence_hash: H256,
	) -> Result<u32, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let record = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
			let accredited = Evaluators::<T>::contains_key(&evaluator);
			ensure!(
				accredited
					|| record.owner == evaluator
					|| AllowedEvaluators::<T>::contains_key(model, &evaluator),
				Error::<T>::NotEvaluator
			);
			let count = EvaluationCount::<T>::get(model);
			ensure!(count < T::MaxEvaluations::get(), Error::<T>::TooManyEvaluations);
			let by = EvaluationsBy::<T>::get(model, &evaluator);
			ensure!(by < T::MaxEvaluationsPerEvaluator::get(), Error::<T>::TooManyEvaluationsBy);
			let index = NextEvaluationIndex::<T>::get(model);
			let next_index = index.checked_add(1).ok_or(Error::<T>::TooManyEvaluations)?;
			if let Some((dataset, grant)) = benchmark {
				let job_hash = Self::evaluation_job_hash(model, index, &evidence_hash);
				T::Consent::consume(grant, dataset, &evaluator, Purpose::Evaluation, job_hash)?;
			}
			let deposit = T::EvaluationDeposit::get();
			Self::hold(HoldReason::EvaluationDeposit, &evaluator, deposit)?;
			Evaluations::<T>::insert(
				model,
				index,
				Evaluation {
					evaluator: evaluator.clone(),
					dataset: benchmark,
					metric: metric.clone(),
					value,
					evidence_hash,
					at: Self::now(),
					deposit,
					accredited,
				},
			);
			NextEvaluationIndex::<T>::insert(model, next_index);
			EvaluationCount::<T>::insert(model, count.saturating_add(1));
			EvaluationsBy::<T>::insert(model, &evaluator, by.saturating_add(1));
			Self::deposit_event(Event::EvaluationRecorded {
				model,
				index,
				evaluator,
				metric,
				value,
				accredited,
			});
			Ok(index)
		})
	}

	/// See [`Pallet::deprecate_model`].
	pub fn do_deprecate_model(who: &T::AccountId, model: ModelId) -> DispatchResult {
		Models::<T>::try_mutate(model, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownModel)?;
			ensure!(&record.owner == who, Error::<T>::NotOwner);
			ensure!(record.status == ModelStatus::Active, Error::<T>::NotActive);
			record.status = ModelStatus::Deprecated;
			Ok(())
		})?;
		Self::deposit_event(Event::ModelDeprecated { model });
		Ok(())
	}

	/// See [`Pallet::withdraw_model`].
	pub fn do_withdraw_model(who: &T::AccountId, model: ModelId) -> DispatchResult {
		Models::<T>::try_mutate(model, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownModel)?;
			ensure!(&record.owner == who, Error::<T>::NotOwner);
			ensure!(record.status != ModelStatus::Withdrawn, Error::<T>::AlreadyWithdrawn);
			record.status = ModelStatus::Withdrawn;
			Ok(())
		})?;
		Self::deposit_event(Event::ModelWithdrawn { model });
		Ok(())
	}

	/// The model's record, if `who` owns it.
	pub(crate) fn owned(
		who: &T::AccountId,
		model: ModelId,
	) -> Result<ModelRecordOf<T>, DispatchError> {
		let record = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(&record.owner == who, Error::<T>::NotOwner);
		Ok(record)
	}

	/// See [`Pallet::transfer_model`].
	pub fn do_transfer_model(
		who: T::AccountId,
		model: ModelId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		Self::owned(&who, model)?;
		ensure!(new_owner != who, Error::<T>::AlreadyOwner);
		PendingModelOwner::<T>::insert(model, &new_owner);
		Self::deposit_event(Event::ModelTransferProposed { model, from: who, to: new_owner });
		Ok(())
	}

	/// See [`Pallet::accept_model`].
	pub fn do_accept_model(who: T::AccountId, model: ModelId) -> DispatchResult {
		let from =
			Models::<T>::try_mutate(model, |maybe| -> Result<T::AccountId, DispatchError> {
				let record = maybe.as_mut().ok_or(Error::<T>::UnknownModel)?;
				let pending =
					PendingModelOwner::<T>::get(model).ok_or(Error::<T>::NoPendingTransfer)?;
				ensure!(pending == who, Error::<T>::NotPendingOwner);
				// Hold from the new owner first: if they cannot pay, nothing has moved.
				Self::hold(HoldReason::ModelDeposit, &who, record.deposit)?;
				Self::release(HoldReason::ModelDeposit, &record.owner, record.deposit)?;
				Ok(core::mem::replace(&mut record.owner, who.clone()))
			})?;
		PendingModelOwner::<T>::remove(model);
		Self::clear_allowances(model)?;
		Self::deposit_event(Event::ModelTransferred { model, from, to: who });
		Ok(())
	}

	/// Removes every account allowed to evaluate `model`, releasing each deposit to whoever
	/// paid it: a new owner starts with no allowances it did not make. At most
	/// `MaxAllowedEvaluators` entries.
	fn clear_allowances(model: ModelId) -> DispatchResult {
		for (_, allowance) in AllowedEvaluators::<T>::drain_prefix(model) {
			Self::release(HoldReason::AllowanceDeposit, &allowance.by, allowance.deposit)?;
		}
		AllowedEvaluatorCount::<T>::remove(model);
		Ok(())
	}

	/// See [`Pallet::cancel_model_transfer`].
	pub fn do_cancel_model_transfer(who: &T::AccountId, model: ModelId) -> DispatchResult {
		Self::owned(who, model)?;
		let to = PendingModelOwner::<T>::take(model).ok_or(Error::<T>::NoPendingTransfer)?;
		Self::deposit_event(Event::ModelTransferCancelled { model, to });
		Ok(())
	}

	/// See [`Pallet::dispute_model`].
	pub fn do_dispute_model(model: ModelId, evidence_hash: H256) -> DispatchResult {
		ensure!(Models::<T>::contains_key(model), Error::<T>::UnknownModel);
		ensure!(
			ModelDisputes::<T>::get(model).is_none_or(|d| d.resolved_at.is_some()),
			Error::<T>::AlreadyDisputed
		);
		ModelDisputes::<T>::insert(
			model,
			provenance_primitives::Dispute {
				evidence_hash,
				opened_at: Self::now(),
				resolved_at: None,
				reassigned_to: None,
			},
		);
		Self::deposit_event(Event::ModelDisputed { model, evidence_hash });
		Ok(())
	}

	/// See [`Pallet::resolve_model_dispute`].
	pub fn do_resolve_model_dispute(
		model: ModelId,
		reassign_to: Option<T::AccountId>,
	) -> DispatchResult {
		use frame_support::traits::tokens::{Fortitude, Restriction};
		let mut record = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
		let mut dispute = ModelDisputes::<T>::get(model)
			.filter(|d| d.resolved_at.is_none())
			.ok_or(Error::<T>::NotDisputed)?;
		dispute.resolved_at = Some(Self::now());
		match reassign_to {
			Some(to) if to != record.owner => {
				// The squatter's deposit pays for the record under its rightful owner.
				T::Currency::transfer_on_hold(
					&HoldReason::ModelDeposit.into(),
					&record.owner,
					&to,
					record.deposit,
					Precision::Exact,
					Restriction::OnHold,
					Fortitude::Force,
				)?;
				let from = core::mem::replace(&mut record.owner, to.clone());
				PendingModelOwner::<T>::remove(model);
				dispute.reassigned_to = Some(to.clone());
				Models::<T>::insert(model, record);
				Self::deposit_event(Event::ModelReassigned { model, from, to });
			},
			_ => Self::deposit_event(Event::ModelDisputeDismissed { model }),
		}
		ModelDisputes::<T>::insert(model, dispute);
		Ok(())
	}

	/// See [`Pallet::add_evaluator`].
	pub fn do_add_evaluator(who: T::AccountId) -> DispatchResult {
		ensure!(!Evaluators::<T>::contains_key(&who), Error::<T>::AlreadyEvaluator);
		ensure!(Evaluators::<T>::count() < T::MaxEvaluators::get(), Error::<T>::TooManyEvaluators);
		Evaluators::<T>::insert(&who, ());
		Self::deposit_event(Event::EvaluatorAdded { who });
		Ok(())
	}

	/// See [`Pallet::remove_evaluator`].
	pub fn do_remove_evaluator(who: T::AccountId) -> DispatchResult {
		ensure!(Evaluators::<T>::contains_key(&who), Error::<T>::UnknownEvaluator);
		Evaluators::<T>::remove(&who);
		Self::deposit_event(Event::EvaluatorRemoved { who });
		Ok(())
	}

	/// See [`Pallet::allow_evaluator`].
	pub fn do_allow_evaluator(
		owner: T::AccountId,
		model: ModelId,
		who: T::AccountId,
	) -> DispatchResult {
		Self::owned(&owner, model)?;
		ensure!(who != owner, Error::<T>::AlreadyOwner);
		ensure!(!AllowedEvaluators::<T>::contains_key(model, &who), Error::<T>::AlreadyAllowed);
		let count = AllowedEvaluatorCount::<T>::get(model);
		ensure!(count < T::MaxAllowedEvaluators::get(), Error::<T>::TooManyAllowedEvaluators);
		let deposit = T::AllowanceDeposit::get();
		Self::hold(HoldReason::AllowanceDeposit, &owner, deposit)?;
		AllowedEvaluators::<T>::insert(model, &who, Allowance { by: owner, deposit });
		AllowedEvaluatorCount::<T>::insert(model, count.saturating_add(1));
		Self::deposit_event(Event::EvaluatorAllowed { model, who });
		Ok(())
	}

	/// See [`Pallet::disallow_evaluator`].
	pub fn do_disallow_evaluator(
		owner: &T::AccountId,
		model: ModelId,
		who: T::AccountId,
	) -> DispatchResult {
		Self::owned(owner, model)?;
		let allowance =
			AllowedEvaluators::<T>::take(model, &who).ok_or(Error::<T>::NotAllowedEvaluator)?;
		Self::release(HoldReason::AllowanceDeposit, &allowance.by, allowance.deposit)?;
		AllowedEvaluatorCount::<T>::mutate(model, |n| *n = n.saturating_sub(1));
		Self::deposit_event(Event::EvaluatorDisallowed { model, who });
		Ok(())
	}

	/// See [`Pallet::remove_evaluation`].
	pub fn do_remove_evaluation(
		owner: &T::AccountId,
		model: ModelId,
		index: u32,
	) -> DispatchResult {
		Self::owned(owner, model)?;
		let evaluation =
			Evaluations::<T>::take(model, index).ok_or(Error::<T>::UnknownEvaluation)?;
		// An owner may not bury an accredited evaluator's unfavourable result.
		ensure!(!evaluation.accredited, Error::<T>::AccreditedEvaluation);
		Self::release(HoldReason::EvaluationDeposit, &evaluation.evaluator, evaluation.deposit)?;
		EvaluationCount::<T>::mutate(model, |n| *n = n.saturating_sub(1));
		EvaluationsBy::<T>::mutate_exists(model, &evaluation.evaluator, |n| {
			*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
		Self::deposit_event(Event::EvaluationRemoved {
			model,
			index,
			evaluator: evaluation.evaluator,
		});
		Ok(())
	}

	/// Anchors a batch of decisions by `who`; returns its index. See
	/// [`Pallet::anchor_decisions`].
	pub fn do_anchor_decisions(
		who: T::AccountId,
		model: ModelId,
		merkle_root: H256,
		count: u32,
	) -> Result<u32, DispatchError> {
		let record = Self::owned(&who, model)?;
		ensure!(count > 0, Error::<T>::EmptyAnchor);
		ensure!(record.status != ModelStatus::Withdrawn, Error::<T>::Withdrawn);
		let index = AnchorCount::<T>::get(model);
		ensure!(index < T::MaxAnchors::get(), Error::<T>::TooManyAnchors);
		let deposit = T::AnchorDeposit::get();
		Self::hold(HoldReason::AnchorDeposit, &who, deposit)?;
		DecisionAnchors::<T>::insert(
			model,
			index,
			DecisionAnchor { submitter: who, merkle_root, count, at: Self::now(), deposit },
		);
		AnchorCount::<T>::insert(model, index.saturating_add(1));
		Self::deposit_event(Event::DecisionsAnchored { model, index, merkle_root, count });
		Ok(index)
	}
}
