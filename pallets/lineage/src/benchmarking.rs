//! Benchmarks for every call, each at the worst case the bounds allow.

use super::*;
use alloc::vec;
use codec::MaxEncodedLen;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin,
};
use frame_system::RawOrigin;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// The largest model deposit the bounds allow.
fn max_model_deposit<T: Config>() -> BalanceOf<T> {
	let encoded = ParentsOf::<T>::max_encoded_len()
		.saturating_add(InputsOf::<T>::max_encoded_len())
		.saturating_add(BasisOf::<T>::max_encoded_len());
	let bytes = T::MaxNameLen::get()
		.saturating_add(T::MaxVersionLen::get())
		.saturating_add(T::MaxUriLen::get())
		.saturating_add(T::MaxLicenseLen::get())
		.saturating_add(u32::try_from(encoded).unwrap_or(u32::MAX));
	T::ModelDepositBase::get()
		.saturating_add(T::ModelDepositPerByte::get().saturating_mul(bytes.into()))
}

/// An account with enough for the most models a benchmark sets up, and some evaluations
/// and anchors.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let models = T::MaxBasisGrants::get().saturating_add(T::MaxParents::get()).saturating_add(2);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::EvaluationDeposit::get())
		.saturating_add(T::AnchorDeposit::get())
		.saturating_add(max_model_deposit::<T>().saturating_mul(models.into()));
	T::Currency::set_balance(&who, amount);
	who
}

fn bytes<S: Get<u32>>(len: u32) -> Result<BoundedVec<u8, S>, BenchmarkError> {
	BoundedVec::try_from(vec![b'a'; len as usize])
		.map_err(|_| BenchmarkError::Stop("length over its bound"))
}

/// `n` fresh datasets, each with a grant for every purpose to `trainer`, as training inputs.
fn consented<T: Config>(
	trainer: &T::AccountId,
	n: u32,
) -> Result<Vec<TrainingInput>, BenchmarkError> {
	let owner: T::AccountId = account("data-owner", 0, 0);
	(0..n)
		.map(|_| {
			T::Consent::benchmark_grant(&owner, trainer)
				.map(|(dataset, grant)| TrainingInput { dataset, role: InputRole::Train, grant })
				.map_err(|_| BenchmarkError::Stop("granting consent failed"))
		})
		.collect()
}

/// Registers a small model for `owner`, trained by them.
fn register<T: Config>(
	owner: &T::AccountId,
	kind: RunKind,
	parents: Vec<(ModelId, RunKind)>,
	inputs: Vec<TrainingInput>,
) -> Result<ModelId, BenchmarkError> {
	let seed = NextModelId::<T>::get();
	Pallet::<T>::do_register_model(
		owner.clone(),
		ModelSpec {
			weights_hash: BlakeTwo256::hash_of(&(b"benchmark-model", seed)),
			name: bytes(1)?,
			version: bytes(1)?,
			uri: BoundedVec::default(),
			license: bytes(1)?,
			card_hash: H256::zero(),
			policy: DerivativePolicy::Open,
		},
		RunSpec {
			kind,
			parents: BoundedVec::try_from(parents)
				.map_err(|_| BenchmarkError::Stop("too many parents"))?,
			inputs: BoundedVec::try_from(inputs)
				.map_err(|_| BenchmarkError::Stop("too many inputs"))?,
			purpose: Purpose::Training,
			config_hash: H256::zero(),
			code_hash: H256::zero(),
			compute_provider: None,
			max_parent_share: sp_runtime::Perbill::one(),
			max_basis: T::MaxBasisGrants::get(),
		},
	)
	.map_err(|_| BenchmarkError::Stop("registering a model failed"))
}

/// A model pretrained by `owner` on one consented dataset.
fn pretrained<T: Config>(owner: &T::AccountId) -> Result<ModelId, BenchmarkError> {
	register::<T>(owner, RunKind::Pretrain, vec![], consented::<T>(owner, 1)?)
}

/// `p` parents owned by `owner` whose bases are the same `b` grants: a chain of models
/// adding `MaxInputs` grants per link, its tip, and `p - 1` quantizations of the tip.
fn parents_with_basis<T: Config>(
	owner: &T::AccountId,
	p: u32,
	b: u32,
) -> Result<Vec<(ModelId, RunKind)>, BenchmarkError> {
	let grants = consented::<T>(owner, b)?;
	let mut tip = None;
	for chunk in grants.chunks(T::MaxInputs::get().max(1) as usize) {
		let parents = tip.map(|t| vec![(t, RunKind::FineTune)]).unwrap_or_default();
		tip = Some(register::<T>(owner, RunKind::FineTune, parents, chunk.to_vec())?);
	}
	let tip = tip.ok_or(BenchmarkError::Stop("a basis needs at least one grant"))?;
	let mut parents = vec![(tip, RunKind::Merge)];
	for _ in 1..p {
		let copy = register::<T>(owner, RunKind::Quantize, vec![(tip, RunKind::Quantize)], vec![])?;
		parents.push((copy, RunKind::Merge));
	}
	// Minimum royalties adding up to above a typical default parent share, so that a
	// royalty pallet checks every parent and stores the derivative's raised policy.
	let min_share = sp_runtime::Perbill::from_rational(11u32, 100u32.saturating_mul(p.max(1)));
	for (parent, _) in &parents {
		Models::<T>::mutate(parent, |record| {
			if let Some(record) = record {
				record.policy = DerivativePolicy::RoyaltyRequired { min_share };
			}
		});
	}
	Ok(parents)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A first-generation model: `n` bytes of name, version and URI, no parent, `i` new
	/// inputs, each consuming a grant. Parents and inherited grants are
	/// `register_derivative`'s.
	#[benchmark]
	fn register_model(
		n: Linear<
			0,
			{
				T::MaxNameLen::get()
					.saturating_add(T::MaxVersionLen::get())
					.saturating_add(T::MaxUriLen::get())
			},
		>,
		i: Linear<1, { T::MaxInputs::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller");
		let inputs = consented::<T>(&caller, i)?;
		let name_len = n.min(T::MaxNameLen::get());
		let version_len = n.saturating_sub(name_len).min(T::MaxVersionLen::get());
		let uri_len = n.saturating_sub(name_len).saturating_sub(version_len);
		let weights_hash = H256::repeat_byte(0xFF);
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			weights_hash,
			bytes(name_len)?,
			bytes(version_len)?,
			bytes(uri_len)?,
			bytes(T::MaxLicenseLen::get())?,
			H256::repeat_byte(1),
			DerivativePolicy::OwnerOnly,
			RunKind::Pretrain,
			BoundedVec::default(),
			BoundedVec::try_from(inputs).map_err(|_| BenchmarkError::Stop("too many inputs"))?,
			Purpose::Training,
			H256::repeat_byte(2),
			H256::repeat_byte(3),
			Some(account("provider", 0, 0)),
			Perbill::one(),
			i,
		);

		let record = Models::<T>::get(id).ok_or(BenchmarkError::Stop("model not stored"))?;
		assert_eq!(record.consent_basis.len() as u32, i);
		frame_system::Pallet::<T>::assert_has_event(
			Event::<T>::ModelRegistered {
				id,
				owner: caller,
				weights_hash,
				kind: RunKind::Pretrain,
				parents: 0,
				inputs: i,
				deposit: record.deposit,
			}
			.into(),
		);
		Ok(())
	}

	/// A derivative with no input of its own: `p` parents whose bases hold the same `b`
	/// grants, every one checked and indexed again. What it costs beyond
	/// `register_model`'s fixed part is what parents and inherited grants cost.
	#[benchmark]
	fn register_derivative(
		p: Linear<1, { T::MaxParents::get() }>,
		b: Linear<1, { T::MaxBasisGrants::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller");
		// The largest parents and basis together make a lineage the royalty hook would
		// refuse as unpayable; its work per parent is what is measured.
		T::Royalties::benchmark_any_lineage();
		let parents = parents_with_basis::<T>(&caller, p, b)?;
		let weights_hash = H256::repeat_byte(0xFF);
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		register_model(
			RawOrigin::Signed(caller.clone()),
			weights_hash,
			bytes(0)?,
			bytes(0)?,
			bytes(0)?,
			bytes(T::MaxLicenseLen::get())?,
			H256::repeat_byte(1),
			DerivativePolicy::OwnerOnly,
			RunKind::Merge,
			BoundedVec::try_from(parents).map_err(|_| BenchmarkError::Stop("too many parents"))?,
			BoundedVec::default(),
			Purpose::Training,
			H256::repeat_byte(2),
			H256::repeat_byte(3),
			Some(account("provider", 0, 0)),
			Perbill::one(),
			b,
		);

		let record = Models::<T>::get(id).ok_or(BenchmarkError::Stop("model not stored"))?;
		assert_eq!(record.consent_basis.len() as u32, b);
		frame_system::Pallet::<T>::assert_has_event(
			Event::<T>::ModelRegistered {
				id,
				owner: caller,
				weights_hash,
				kind: RunKind::Merge,
				parents: p,
				inputs: 0,
				deposit: record.deposit,
			}
			.into(),
		);
		Ok(())
	}

	/// With a benchmark dataset, whose grant is consumed.
	#[benchmark]
	fn record_evaluation(m: Linear<0, { T::MaxMetricLen::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let evaluator = funded::<T>("evaluator");
		let bench = consented::<T>(&evaluator, 1)?
			.pop()
			.ok_or(BenchmarkError::Stop("no benchmark grant"))?;
		let metric = bytes::<T::MaxMetricLen>(m)?;
		// Allowed by the owner, not accredited: every authorisation lookup is made.
		Pallet::<T>::do_allow_evaluator(owner, model, evaluator.clone())
			.map_err(|_| BenchmarkError::Stop("allowing the evaluator failed"))?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(evaluator.clone()),
			model,
			Some((bench.dataset, bench.grant)),
			metric.clone(),
			912_300,
			H256::repeat_byte(4),
		);

		assert_last_event::<T>(Event::EvaluationRecorded {
			model,
			index: 0,
			evaluator,
			metric,
			value: 912_300,
			accredited: false,
		});
		Ok(())
	}

	#[benchmark]
	fn deprecate_model() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model);

		assert_last_event::<T>(Event::ModelDeprecated { model });
		Ok(())
	}

	#[benchmark]
	fn withdraw_model() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model);

		assert_last_event::<T>(Event::ModelWithdrawn { model });
		Ok(())
	}

	#[benchmark]
	fn transfer_model() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let new_owner = funded::<T>("new-owner");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), model, new_owner.clone());

		assert_last_event::<T>(Event::ModelTransferProposed { model, from: owner, to: new_owner });
		Ok(())
	}

	/// With `a` evaluator allowances to clear, each paid by a different account.
	#[benchmark]
	fn accept_model(
		a: Linear<0, { T::MaxAllowedEvaluators::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let new_owner = funded::<T>("new-owner");
		for i in 0..a {
			T::Currency::set_balance(
				&owner,
				T::Currency::balance(&owner).saturating_add(T::AllowanceDeposit::get()),
			);
			Pallet::<T>::do_allow_evaluator(owner.clone(), model, account("allowed", i, 0))
				.map_err(|_| BenchmarkError::Stop("allowing the evaluator failed"))?;
		}
		Pallet::<T>::do_transfer_model(owner.clone(), model, new_owner.clone())
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(new_owner.clone()), model);

		assert_eq!(AllowedEvaluatorCount::<T>::get(model), 0);
		assert_last_event::<T>(Event::ModelTransferred { model, from: owner, to: new_owner });
		Ok(())
	}

	#[benchmark]
	fn cancel_model_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let to: T::AccountId = account("new-owner", 0, 0);
		Pallet::<T>::do_transfer_model(owner.clone(), model, to.clone())
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model);

		assert_last_event::<T>(Event::ModelTransferCancelled { model, to });
		Ok(())
	}

	/// With the set one short of full.
	#[benchmark]
	fn add_evaluator() -> Result<(), BenchmarkError> {
		for i in 1..T::MaxEvaluators::get() {
			Pallet::<T>::do_add_evaluator(account("evaluator", i, 0))
				.map_err(|_| BenchmarkError::Stop("accrediting failed"))?;
		}
		let who: T::AccountId = account("evaluator", 0, 0);
		let origin =
			T::EvaluatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::EvaluatorAdded { who });
		Ok(())
	}

	#[benchmark]
	fn remove_evaluator() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("evaluator", 0, 0);
		Pallet::<T>::do_add_evaluator(who.clone())
			.map_err(|_| BenchmarkError::Stop("accrediting failed"))?;
		let origin =
			T::EvaluatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::EvaluatorRemoved { who });
		Ok(())
	}

	#[benchmark]
	fn allow_evaluator() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		T::Currency::set_balance(
			&owner,
			T::Currency::balance(&owner).saturating_add(T::AllowanceDeposit::get()),
		);
		let who: T::AccountId = account("evaluator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, who.clone());

		assert_last_event::<T>(Event::EvaluatorAllowed { model, who });
		Ok(())
	}

	#[benchmark]
	fn disallow_evaluator() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		T::Currency::set_balance(
			&owner,
			T::Currency::balance(&owner).saturating_add(T::AllowanceDeposit::get()),
		);
		let who: T::AccountId = account("evaluator", 0, 0);
		Pallet::<T>::do_allow_evaluator(owner.clone(), model, who.clone())
			.map_err(|_| BenchmarkError::Stop("allowing the evaluator failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, who.clone());

		assert_last_event::<T>(Event::EvaluatorDisallowed { model, who });
		Ok(())
	}

	#[benchmark]
	fn remove_evaluation() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let evaluator = funded::<T>("evaluator");
		Pallet::<T>::do_allow_evaluator(owner.clone(), model, evaluator.clone())
			.map_err(|_| BenchmarkError::Stop("allowing the evaluator failed"))?;
		let metric = bytes::<T::MaxMetricLen>(T::MaxMetricLen::get())?;
		let index = Pallet::<T>::do_record_evaluation(
			evaluator.clone(),
			model,
			None,
			metric,
			1,
			H256::repeat_byte(4),
		)
		.map_err(|_| BenchmarkError::Stop("recording the evaluation failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, index);

		assert_last_event::<T>(Event::EvaluationRemoved { model, index, evaluator });
		Ok(())
	}

	#[benchmark]
	fn anchor_decisions() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let root = H256::repeat_byte(5);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, root, 1_000);

		assert_last_event::<T>(Event::DecisionsAnchored {
			model,
			index: 0,
			merkle_root: root,
			count: 1_000,
		});
		Ok(())
	}

	#[benchmark]
	fn dispute_model() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, model, H256::repeat_byte(6));

		assert_last_event::<T>(Event::ModelDisputed { model, evidence_hash: H256::repeat_byte(6) });
		Ok(())
	}

	/// Reassigning, with a pending offer to clear.
	#[benchmark]
	fn resolve_model_dispute() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let model = pretrained::<T>(&owner)?;
		Pallet::<T>::do_transfer_model(owner.clone(), model, account("offered", 0, 0))
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;
		Pallet::<T>::do_dispute_model(model, H256::repeat_byte(6))
			.map_err(|_| BenchmarkError::Stop("disputing failed"))?;
		let rightful = funded::<T>("rightful");
		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, model, Some(rightful.clone()));

		assert_last_event::<T>(Event::ModelReassigned { model, from: owner, to: rightful });
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
