//! What other pallets ask of the registry: `GrantDependents` and `ModelInspect`.

use super::*;

/// What a revocation taints, for the consent pallet's `ConsentRevoked` event: one read.
impl<T: Config> GrantDependents for Pallet<T> {
	fn tainted_models(grant: GrantId) -> u32 {
		GrantModelCount::<T>::get(grant)
	}
}

/// What other pallets (the rewards pallet) read about a model: one record read.
impl<T: Config> provenance_primitives::ModelInspect<T::AccountId> for Pallet<T> {
	type MaxParents = T::MaxParents;
	type MaxInputs = T::MaxInputs;

	fn model(
		id: ModelId,
	) -> Option<provenance_primitives::ModelSummary<T::AccountId, T::MaxParents, T::MaxInputs>> {
		Models::<T>::get(id).map(|record| provenance_primitives::ModelSummary {
			owner: record.owner,
			// Same bounds as the record's, so nothing is cut.
			parents: BoundedVec::truncate_from(
				record.run.parents.iter().map(|(parent, _)| *parent).collect(),
			),
			inputs: BoundedVec::truncate_from(
				record
					.run
					.inputs
					.iter()
					.map(|input| provenance_primitives::ModelInput {
						dataset: input.dataset,
						role: input.role,
						grant: input.grant,
					})
					.collect(),
			),
			min_derivative_share: match record.policy {
				DerivativePolicy::RoyaltyRequired { min_share } => Some(min_share),
				DerivativePolicy::Open | DerivativePolicy::OwnerOnly => None,
			},
		})
	}

	fn model_exists(id: ModelId) -> bool {
		Models::<T>::contains_key(id)
	}

	type MaxBasis = T::MaxBasisGrants;

	fn consent_basis(id: ModelId) -> Option<BasisOf<T>> {
		Models::<T>::get(id).map(|record| record.consent_basis)
	}

	fn is_accredited_evaluator(who: &T::AccountId) -> bool {
		Evaluators::<T>::contains_key(who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_accredit(who: &T::AccountId) {
		Evaluators::<T>::insert(who, ());
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_model(
		owner: &T::AccountId,
		parents: &[ModelId],
		inputs: u32,
	) -> Result<(ModelId, Vec<DatasetId>), DispatchError> {
		use codec::MaxEncodedLen;
		use frame_support::traits::fungible::{Inspect, Mutate};

		let mut run_inputs = Vec::new();
		for _ in 0..inputs {
			let (dataset, grant) = T::Consent::benchmark_grant(owner, owner)?;
			run_inputs.push(TrainingInput { dataset, role: InputRole::Train, grant });
		}
		let datasets = run_inputs.iter().map(|input| input.dataset).collect();
		let parents: ParentsOf<T> = BoundedVec::try_from(
			parents.iter().map(|p| (*p, RunKind::FineTune)).collect::<Vec<_>>(),
		)
		.map_err(|_| DispatchError::Other("too many parents"))?;
		let inputs: InputsOf<T> = BoundedVec::try_from(run_inputs)
			.map_err(|_| DispatchError::Other("too many inputs"))?;
		// Enough for the largest deposit a record with these parents and inputs can take.
		let license: BoundedVec<u8, T::MaxLicenseLen> =
			BoundedVec::try_from(b"MIT".to_vec()).map_err(|_| Error::<T>::InvalidLicense)?;
		let bytes = license
			.len()
			.saturating_add(parents.encoded_size())
			.saturating_add(inputs.encoded_size())
			.saturating_add(BasisOf::<T>::max_encoded_len())
			.saturating_add(
				usize::try_from(T::Royalties::max_record_bytes()).unwrap_or(usize::MAX),
			);
		let deposit = T::ModelDepositBase::get().saturating_add(
			T::ModelDepositPerByte::get()
				.saturating_mul(u32::try_from(bytes).unwrap_or(u32::MAX).into()),
		);
		let topped_up = T::Currency::balance(owner)
			.saturating_add(T::Currency::minimum_balance())
			.saturating_add(deposit);
		T::Currency::set_balance(owner, topped_up);
		let seed = NextModelId::<T>::get();
		let id = Self::do_register_model(
			owner.clone(),
			ModelSpec {
				weights_hash: BlakeTwo256::hash_of(&(b"benchmark-royalty-model", seed)),
				name: BoundedVec::default(),
				version: BoundedVec::default(),
				uri: BoundedVec::default(),
				license,
				card_hash: H256::zero(),
				policy: DerivativePolicy::Open,
			},
			RunSpec {
				kind: if parents.is_empty() { RunKind::Pretrain } else { RunKind::FineTune },
				parents,
				inputs,
				purpose: Purpose::Training,
				config_hash: H256::zero(),
				code_hash: H256::zero(),
				compute_provider: None,
				max_parent_share: sp_runtime::Perbill::one(),
				max_basis: T::MaxBasisGrants::get(),
			},
		)?;
		Ok((id, datasets))
	}
}
