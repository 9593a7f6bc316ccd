use super::*;

#[test]
fn pretrain_stores_indexes_consumes_holds_and_emits() {
	build_and_execute(|| {
		let input = consented(ALICE, &[Training]);
		let validation = TrainingInput {
			role: InputRole::Validation,
			..consented(ALICE, &[Training, Research])
		};
		run_to_block(3);
		let mut reg = Reg::new(1).inputs(&[input, validation]);
		reg.compute_provider = Some(EVE);
		let id = reg.ok(ALICE);
		assert_eq!(id, 0);
		let deposit = expected_deposit(0, 2, 2);
		assert_eq!(
			Models::<Test>::get(0),
			Some(ModelRecord {
				owner: ALICE,
				weights_hash: hash(1),
				name: bv(b"gpt-mini"),
				version: bv(b"1.0"),
				uri: bv(b"ipfs://w"),
				license: bv(b"MIT"),
				card_hash: CARD,
				policy: DerivativePolicy::Open,
				status: ModelStatus::Active,
				created_at: 3,
				deposit,
				run: TrainingRun {
					trainer: ALICE,
					kind: RunKind::Pretrain,
					parents: BoundedVec::default(),
					inputs: vec![input, validation].try_into().unwrap(),
					purpose: Training,
					config_hash: CONFIG,
					code_hash: CODE,
					compute_provider: Some(EVE),
					at: 3,
				},
				consent_basis: vec![input.grant, validation.grant].try_into().unwrap(),
			})
		);
		assert_eq!(NextModelId::<Test>::get(), 1);
		assert_eq!(ModelByWeightsHash::<Test>::get(hash(1)), Some(0));
		assert_eq!(DatasetModels::<Test>::get(input.dataset, 0), Some(InputRole::Train));
		assert_eq!(DatasetModels::<Test>::get(validation.dataset, 0), Some(InputRole::Validation));
		assert_eq!(grant_models(input.grant), vec![0]);
		assert_eq!(grant_models(validation.grant), vec![0]);
		// Each grant was used once, by the trainer, for the run's purpose.
		let job_hash = Lineage::training_job_hash(&hash(1), &CONFIG);
		for grant in [input.grant, validation.grant] {
			assert_eq!(uses(grant), vec![MockUse { who: ALICE, purpose: Training, job_hash }]);
		}
		assert_eq!(model_held(ALICE), deposit);
		assert_eq!(free(ALICE), FUNDS - deposit);
		System::assert_last_event(
			Event::ModelRegistered {
				id: 0,
				owner: ALICE,
				weights_hash: hash(1),
				kind: RunKind::Pretrain,
				parents: 0,
				inputs: 2,
				deposit,
			}
			.into(),
		);
	});
}

#[test]
fn derived_model_inherits_its_parents_bases() {
	build_and_execute(|| {
		let (a, in_a) = pretrained(ALICE, 1);
		let (b, in_b) = pretrained(BOB, 2);
		let own = consented(CHARLIE, &[Training]);
		let child = Reg::new(3)
			.parents(&[(b, RunKind::Merge), (a, RunKind::FineTune)])
			.inputs(&[own])
			.ok(CHARLIE);
		assert_eq!(child, 2);
		let mut expected = vec![in_a.grant, in_b.grant, own.grant];
		expected.sort();
		assert_eq!(basis(child), expected);
		assert_eq!(Children::<Test>::get(a, child), Some(RunKind::FineTune));
		assert_eq!(Children::<Test>::get(b, child), Some(RunKind::Merge));
		assert_eq!(grant_models(in_a.grant), vec![a, child]);
		assert_eq!(grant_models(in_b.grant), vec![b, child]);
		assert_eq!(grant_models(own.grant), vec![child]);
		// Inherited grants are not consumed again: only the run's own input is.
		assert_eq!(uses(in_a.grant).len(), 1);
		assert_eq!(uses(own.grant).len(), 1);
		let deposit = expected_deposit(2, 1, 3);
		assert_eq!(model(child).deposit, deposit);
		assert_eq!(model_held(CHARLIE), deposit);
		assert_eq!(free(CHARLIE), FUNDS - deposit);
		System::assert_last_event(
			Event::ModelRegistered {
				id: child,
				owner: CHARLIE,
				weights_hash: hash(3),
				kind: RunKind::FineTune,
				parents: 2,
				inputs: 1,
				deposit,
			}
			.into(),
		);

		// A grandchild without inputs carries the whole ancestry's basis.
		let mut quantized = Reg::new(4).parents(&[(child, RunKind::Quantize)]);
		quantized.kind = RunKind::Quantize;
		let grandchild = quantized.ok(DAVE);
		assert_eq!(basis(grandchild), expected);
		assert_eq!(grant_models(in_a.grant), vec![a, child, grandchild]);
		assert_eq!(model(grandchild).deposit, expected_deposit(1, 0, 3));
	});
}

#[test]
fn tells_the_royalty_pallet_of_each_model_and_its_parents() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let (b, _) = pretrained(BOB, 2);
		let child = Reg::new(3).parents(&[(b, RunKind::Merge), (a, RunKind::Merge)]).ok(CHARLIE);
		assert_eq!(royalty_log(), vec![(a, vec![]), (b, vec![]), (child, vec![b, a])]);
	});
}

#[test]
fn royalty_refusal_registers_nothing_and_consumes_no_consent() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let (b, _) = pretrained(BOB, 2);
		refuse_derivatives_of(a);
		let own = consented(CHARLIE, &[Training]);
		let log_before = royalty_log();
		assert_noop!(
			Reg::new(3)
				.parents(&[(b, RunKind::Merge), (a, RunKind::Merge)])
				.inputs(&[own])
				.call(CHARLIE),
			DispatchError::Other("below the parents' royalty minimum")
		);
		assert!(uses(own.grant).is_empty());
		assert_eq!(royalty_log(), log_before);
		// The royalty check comes before any grant is consumed: with an input Charlie may
		// not use, it is still the royalty refusal that is reported.
		let bobs = consented(BOB, &[Training]);
		assert_noop!(
			Reg::new(3).parents(&[(a, RunKind::Merge)]).inputs(&[bobs]).call(CHARLIE),
			DispatchError::Other("below the parents' royalty minimum")
		);
		// A derivative of the other parent alone may register.
		let child = Reg::new(3).parents(&[(b, RunKind::FineTune)]).inputs(&[own]).ok(CHARLIE);
		assert_eq!(royalty_log().last(), Some(&(child, vec![b])));
	});
}

#[test]
fn a_parent_share_bound_below_the_parents_demand_registers_nothing() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let own = consented(CHARLIE, &[Training]);
		let log_before = royalty_log();
		let below = MOCK_PARENT_SHARE.saturating_sub(Perbill::from_parts(1));
		assert_noop!(
			Reg::new(2)
				.parents(&[(a, RunKind::FineTune)])
				.inputs(&[own])
				.max_parent_share(below)
				.call(CHARLIE),
			DispatchError::Other("above the registrant's parent share bound")
		);
		assert!(uses(own.grant).is_empty());
		assert_eq!(royalty_log(), log_before);
		assert_eq!(model_held(CHARLIE), 0);
		// A bound of exactly what the parents demand is met.
		let child = Reg::new(2)
			.parents(&[(a, RunKind::FineTune)])
			.inputs(&[own])
			.max_parent_share(MOCK_PARENT_SHARE)
			.ok(CHARLIE);
		assert_eq!(royalty_log().last(), Some(&(child, vec![a])));
		// Without parents there is nothing to bound: even a zero bound registers.
		let fresh = consented(BOB, &[Training]);
		let root = Reg::new(3).inputs(&[fresh]).max_parent_share(Perbill::zero()).ok(BOB);
		assert_eq!(royalty_log().last(), Some(&(root, vec![])));
	});
}

#[test]
fn the_deposit_pays_for_the_royalty_pallets_bytes() {
	build_and_execute(|| {
		const BYTES: u32 = 321;
		set_royalty_bytes(BYTES);
		let input = consented(ALICE, &[Training]);
		let id = Reg::new(1).inputs(&[input]).ok(ALICE);
		let deposit = expected_deposit(0, 1, 1) + MODEL_DEPOSIT_PER_BYTE * Balance::from(BYTES);
		assert_eq!(Lineage::royalty_deposit(BYTES), MODEL_DEPOSIT_PER_BYTE * Balance::from(BYTES));
		assert_eq!(model(id).deposit, deposit);
		assert_eq!(model_held(ALICE), deposit);
		assert_eq!(free(ALICE), FUNDS - deposit);
		System::assert_last_event(
			Event::ModelRegistered {
				id,
				owner: ALICE,
				weights_hash: hash(1),
				kind: RunKind::Pretrain,
				parents: 0,
				inputs: 1,
				deposit,
			}
			.into(),
		);
		// A transfer moves all of it to the new owner.
		assert_ok!(Lineage::transfer_model(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Lineage::accept_model(RuntimeOrigin::signed(BOB), id));
		assert_eq!((model_held(ALICE), model_held(BOB)), (0, deposit));
		// A model the royalty pallet stores nothing for pays for its record alone.
		set_royalty_bytes(0);
		let (a, _) = pretrained(CHARLIE, 2);
		assert_eq!(model(a).deposit, expected_deposit(0, 1, 1));
	});
}

#[test]
fn charges_the_weight_of_the_basis_written() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let info = Reg::new(2).parents(&[(a, RunKind::FineTune)]).call(ALICE).unwrap();
		let n = 8 + 3 + 8;
		let actual = Lineage::register_weight(n, 1, 0, 1);
		assert_eq!(info.actual_weight, Some(actual));
		// A derivative pays its parents' and inherited grants' work on top of a first
		// generation's, and less than the full basis it was charged for up front.
		assert!(<() as WeightInfo>::register_model(n, 0).ref_time() < actual.ref_time());
		let reserved = Lineage::register_weight(n, 1, 0, MAX_BASIS_GRANTS);
		assert!(actual.all_lte(reserved) && actual.ref_time() < reserved.ref_time());
	});
}

#[test]
fn a_first_generation_model_is_charged_for_its_inputs_alone() {
	build_and_execute(|| {
		let input = consented(BOB, &[Training]);
		let info = Reg::new(3).inputs(&[input]).call(BOB).unwrap();
		let n = 8 + 3 + 8;
		// No parent and no inherited grant: none of `register_derivative`'s work.
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::register_model(n, 1)));
		assert_eq!(Lineage::register_weight(n, 0, 1, 1), <() as WeightInfo>::register_model(n, 1));
	});
}

#[test]
fn the_basis_bound_is_what_is_charged_up_front() {
	use frame_support::dispatch::GetDispatchInfo;
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let input = consented(ALICE, &[Training]);
		let reg = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[input]);
		let call = |bound: u32| {
			let r = reg.clone().max_basis(bound);
			RuntimeCall::Lineage(crate::Call::<Test>::register_model {
				weights_hash: r.weights,
				name: bv(&r.name),
				version: bv(b"1.0"),
				uri: bv(b"ipfs://w"),
				license: bv(&r.license),
				card_hash: CARD,
				policy: r.policy,
				kind: r.kind,
				parents: r.parents.clone().try_into().unwrap(),
				inputs: r.inputs.clone().try_into().unwrap(),
				purpose: r.purpose,
				config_hash: CONFIG,
				code_hash: CODE,
				compute_provider: None,
				max_parent_share: Perbill::one(),
				max_basis: bound,
			})
			.get_dispatch_info()
			.call_weight
		};
		let n = 8 + 3 + 8;
		assert_eq!(call(2), Lineage::register_weight(n, 1, 1, 2));
		assert_eq!(call(MAX_BASIS_GRANTS), Lineage::register_weight(n, 1, 1, MAX_BASIS_GRANTS));
		// A bound above the largest basis is charged as the largest basis.
		assert_eq!(call(u32::MAX), call(MAX_BASIS_GRANTS));
		assert!(call(2).ref_time() < call(MAX_BASIS_GRANTS).ref_time());
		// The exact bound is enough.
		let info = reg.clone().max_basis(2).call(ALICE).unwrap();
		assert_eq!(info.actual_weight, Some(Lineage::register_weight(n, 1, 1, 2)));
	});
}

#[test]
fn a_basis_above_the_bound_is_refused_before_any_grant_is_touched() {
	build_and_execute(|| {
		// A fine-tune of a model trained on two grants, with one input of its own: three.
		let first = consented(ALICE, &[Training]);
		let second = consented(ALICE, &[Training]);
		let a = Reg::new(1).inputs(&[first, second]).ok(ALICE);
		let input = consented(BOB, &[Training]);
		let reg = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[input]);
		// A bound that only counts the call's own input, and zero: both refused, nothing
		// consumed or held.
		for bound in [1, 0, 2] {
			assert_noop!(reg.clone().max_basis(bound).call(BOB), Error::<Test>::BasisAboveBound);
		}
		assert_eq!(uses(input.grant), vec![]);
		let id = reg.max_basis(3).ok(BOB);
		assert_eq!(model(id).consent_basis.len(), 3);
	});
}

#[test]
fn inherited_grants_without_parents_are_charged_as_a_derivative() {
	// A derived dataset brings its derivation's grants: the basis outgrows the inputs.
	let first = <() as WeightInfo>::register_model(0, 1);
	let inherited = Lineage::register_weight(0, 0, 1, 5);
	assert!(first.all_lte(inherited) && first.ref_time() < inherited.ref_time());
	assert_eq!(inherited, Lineage::register_weight(0, 1, 1, 5));
}

#[test]
fn duplicate_weights() {
	build_and_execute(|| {
		pretrained(ALICE, 1);
		let input = consented(BOB, &[Training]);
		assert_noop!(Reg::new(1).inputs(&[input]).call(BOB), Error::<Test>::DuplicateWeights);
	});
}

#[test]
fn invalid_license() {
	build_and_execute(|| {
		let input = consented(ALICE, &[Training]);
		for bad in [&b""[..], b"MIT/X11", b"MIT;"] {
			let mut reg = Reg::new(1).inputs(&[input]);
			reg.license = bad.to_vec();
			assert_noop!(reg.call(ALICE), Error::<Test>::InvalidLicense);
		}
		let mut reg = Reg::new(1).inputs(&[input]);
		reg.license = b"(GPL-2.0+ OR X)".to_vec();
		assert_ok!(reg.call(ALICE));
	});
}

#[test]
fn no_inputs() {
	build_and_execute(|| {
		assert_noop!(Reg::new(1).call(ALICE), Error::<Test>::NoInputs);
	});
}

#[test]
fn duplicate_parent() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		assert_noop!(
			Reg::new(2).parents(&[(a, RunKind::FineTune), (a, RunKind::Merge)]).call(ALICE),
			Error::<Test>::DuplicateParent
		);
	});
}

#[test]
fn duplicate_input() {
	build_and_execute(|| {
		let input = consented(ALICE, &[Training]);
		let other_grant = add_grant(input.dataset, ALICE, &[Training]);
		let again = TrainingInput { grant: other_grant, role: InputRole::Test, ..input };
		assert_noop!(
			Reg::new(1).inputs(&[input, again]).call(ALICE),
			Error::<Test>::DuplicateInput
		);
	});
}

#[test]
fn unknown_parent() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		assert_noop!(
			Reg::new(2).parents(&[(a, RunKind::FineTune), (9, RunKind::Merge)]).call(ALICE),
			Error::<Test>::UnknownParent
		);
	});
}

#[test]
fn cannot_cite_itself_so_no_cycles() {
	build_and_execute(|| {
		pretrained(ALICE, 1);
		// The id the new model would get does not exist yet.
		let own_id = NextModelId::<Test>::get();
		assert_noop!(
			Reg::new(2).parents(&[(own_id, RunKind::FineTune)]).call(ALICE),
			Error::<Test>::UnknownParent
		);
	});
}

#[test]
fn parent_withdrawn_but_deprecated_is_fine() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		let (b, _) = pretrained(ALICE, 2);
		assert_ok!(Lineage::deprecate_model(RuntimeOrigin::signed(ALICE), a));
		assert_ok!(Lineage::withdraw_model(RuntimeOrigin::signed(ALICE), b));
		assert_noop!(
			Reg::new(3).parents(&[(a, RunKind::FineTune), (b, RunKind::Merge)]).call(BOB),
			Error::<Test>::ParentWithdrawn
		);
		assert_ok!(Reg::new(3).parents(&[(a, RunKind::FineTune)]).call(BOB));
	});
}

#[test]
fn derivative_policies() {
	build_and_execute(|| {
		let input = consented(ALICE, &[Training]);
		let closed = Reg::new(1).inputs(&[input]).policy(DerivativePolicy::OwnerOnly).ok(ALICE);
		let royalty =
			DerivativePolicy::RoyaltyRequired { min_share: sp_runtime::Perbill::from_percent(5) };
		let input = consented(ALICE, &[Training]);
		let paid = Reg::new(2).inputs(&[input]).policy(royalty).ok(ALICE);
		assert_eq!(model(paid).policy, royalty);

		assert_noop!(
			Reg::new(3).parents(&[(closed, RunKind::Adapter)]).call(BOB),
			Error::<Test>::DerivativeNotAllowed
		);
		// The owner may derive from their own model, anyone from a royalty-bearing one.
		assert_ok!(Reg::new(3).parents(&[(closed, RunKind::Adapter)]).call(ALICE));
		assert_ok!(Reg::new(4).parents(&[(paid, RunKind::Distill)]).call(BOB));
	});
}

/// Attack (the old launder): after the root grant is revoked, derive for a purpose the
/// grant never covered. Refused: a revoked grant in the ancestry stops everything new.
#[test]
fn tainted_parent_for_any_purpose() {
	build_and_execute(|| {
		// The grant covers training and research.
		let (a, input) = pretrained(ALICE, 1);
		let child = Reg::new(2).parents(&[(a, RunKind::FineTune)]).ok(BOB);
		revoke_grant(input.grant, 5);
		for (parent, seed) in [(a, 3), (child, 4)] {
			for purpose in Purpose::ALL {
				assert_noop!(
					Reg::new(seed)
						.parents(&[(parent, RunKind::FineTune)])
						.purpose(purpose)
						.call(BOB),
					Error::<Test>::TaintedParent
				);
			}
		}
	});
}

#[test]
fn too_many_basis_grants() {
	build_and_execute(|| {
		let three = || (0..3).map(|_| consented(ALICE, &[Training])).collect::<Vec<_>>();
		let a = Reg::new(1).inputs(&three()).ok(ALICE);
		let b = Reg::new(2).inputs(&three()).ok(ALICE);
		// Exactly the bound: the union of the two bases.
		let full = Reg::new(3).parents(&[(a, RunKind::Merge), (b, RunKind::Merge)]).ok(ALICE);
		assert_eq!(basis(full).len() as u32, MAX_BASIS_GRANTS);
		let extra = consented(ALICE, &[Training]);
		assert_noop!(
			Reg::new(4)
				.parents(&[(a, RunKind::Merge), (b, RunKind::Merge)])
				.inputs(&[extra])
				.call(ALICE),
			Error::<Test>::TooManyBasisGrants
		);
		// A grant already in the basis does not count twice.
		let reused = model(a).run.inputs[0];
		assert_ok!(Reg::new(4)
			.parents(&[(a, RunKind::Merge), (b, RunKind::Merge)])
			.inputs(&[reused])
			.call(ALICE));
		assert_eq!(uses(extra.grant), vec![]);
	});
}

#[test]
fn consent_errors_pass_through() {
	build_and_execute(|| {
		let good = consented(ALICE, &[Training]);
		let cases = [
			(TrainingInput { grant: 99, ..good }, UNKNOWN_GRANT),
			(TrainingInput { dataset: add_dataset(DAVE), ..good }, GRANT_DATASET_MISMATCH),
			(consented(BOB, &[Training]), NOT_GRANTEE),
			(consented(ALICE, &[Research]), PURPOSE_NOT_COVERED),
		];
		for (input, error) in cases {
			assert_noop!(Reg::new(1).inputs(&[input]).call(ALICE), error);
		}
		let revoked = consented(ALICE, &[Training]);
		revoke_grant(revoked.grant, 1);
		assert_noop!(Reg::new(1).inputs(&[revoked]).call(ALICE), CONSENT_REVOKED);
		assert_ok!(Reg::new(1).inputs(&[good]).call(ALICE));
	});
}

#[test]
fn a_failing_input_undoes_the_uses_before_it() {
	build_and_execute(|| {
		let first = consented(ALICE, &[Training]);
		let second = consented(ALICE, &[Training]);
		revoke_grant(second.grant, 1);
		assert_noop!(Reg::new(1).inputs(&[first, second]).call(ALICE), CONSENT_REVOKED);
		assert_eq!(uses(first.grant), vec![]);
		// The same through `do_register_model`, outside a dispatchable.
		let reg = Reg::new(1);
		assert_eq!(
			Lineage::do_register_model(
				ALICE,
				ModelSpec {
					weights_hash: reg.weights,
					name: bv(b"x"),
					version: bv(b""),
					uri: bv(b""),
					license: bv(b"MIT"),
					card_hash: CARD,
					policy: DerivativePolicy::Open,
				},
				RunSpec {
					kind: RunKind::Pretrain,
					parents: BoundedVec::default(),
					inputs: vec![first, second].try_into().unwrap(),
					purpose: Training,
					config_hash: CONFIG,
					code_hash: CODE,
					compute_provider: None,
					max_parent_share: sp_runtime::Perbill::one(),
					max_basis: MAX_BASIS_GRANTS,
				},
			),
			Err(CONSENT_REVOKED)
		);
		assert_eq!(uses(first.grant), vec![]);
	});
}

#[test]
fn insufficient_deposit() {
	build_and_execute(|| {
		let input = consented(POOR, &[Training]);
		assert_noop!(Reg::new(1).inputs(&[input]).call(POOR), Error::<Test>::InsufficientDeposit);
		assert_eq!(uses(input.grant), vec![]);
		assert_eq!(free(POOR), POOR_FUNDS);
	});
}

#[test]
fn no_ids_left() {
	build_and_execute(|| {
		NextModelId::<Test>::put(ModelId::MAX);
		let input = consented(ALICE, &[Training]);
		assert_noop!(Reg::new(1).inputs(&[input]).call(ALICE), Error::<Test>::NoIdsLeft);
	});
}

#[test]
fn non_consuming_checks_come_first() {
	build_and_execute(|| {
		let (a, input) = pretrained(ALICE, 1);
		revoke_grant(input.grant, 1);
		// A revoked input and a tainted parent: the taint is reported, nothing consumed.
		let other = consented(ALICE, &[Training]);
		assert_noop!(
			Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[other]).call(ALICE),
			Error::<Test>::TaintedParent
		);
		assert_eq!(uses(other.grant), vec![]);
	});
}

#[test]
fn unsigned_is_refused() {
	build_and_execute(|| {
		let reg = Reg::new(1);
		assert_noop!(
			Lineage::register_model(
				RuntimeOrigin::none(),
				reg.weights,
				bv(b"x"),
				bv(b""),
				bv(b""),
				bv(b"MIT"),
				CARD,
				DerivativePolicy::Open,
				RunKind::Pretrain,
				BoundedVec::default(),
				BoundedVec::default(),
				Training,
				CONFIG,
				CODE,
				None,
				Perbill::one(),
				MAX_BASIS_GRANTS,
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_deposit_pays_for_the_index_entry_of_every_basis_grant() {
	build_and_execute(|| {
		let (a, in_a) = pretrained(ALICE, 1);
		// The constant is the real size of an entry's key (its value is empty).
		let key = GrantModels::<Test>::hashed_key_for(in_a.grant, a);
		assert_eq!(key.len(), BASIS_INDEX_BYTES);
		assert_eq!(GrantModels::<Test>::get(in_a.grant, a), Some(()));
		// A fine-tune indexes its parent's grant and its own: two entries, both paid for.
		let own = consented(ALICE, &[Training]);
		let b = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[own]).ok(ALICE);
		assert_eq!(model(b).consent_basis.len(), 2);
		assert_eq!(model(b).deposit, expected_deposit(1, 1, 2));
		assert_eq!(
			expected_deposit(1, 1, 2) - expected_deposit(1, 1, 0),
			MODEL_DEPOSIT_PER_BYTE * 2 * (8 + BASIS_INDEX_BYTES as u64)
		);
	});
}
