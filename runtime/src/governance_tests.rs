//! The governed paths, end to end in the runtime: council motions for the registries'
//! privileged acts, dynamic parameters, the validator set and its offences, and where fees go.
#![allow(clippy::arithmetic_side_effects)]

use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{Balanced, InspectHold, Mutate},
		Get, Hooks, OnUnbalanced,
	},
};
use pallet_collective::Instance1;
use serde_json::Value;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::H256;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	BuildStorage, Digest, DigestItem, DispatchError, Perbill,
};

use crate::{
	configs::{
		dynamic_params::{chain, registry, rewards},
		parameters::RuntimeParameters,
		parameters::{built_in_royalty_policy, SessionPeriod, MIN_SESSION_PERIOD},
		DealWithFees,
	},
	tests::genesis_of,
	AccountId, Balance, Balances, Council, Datasets, Grandpa, Historical, Parameters, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, Session, System, Treasury, ValidatorSet, UNIT,
};

use Sr25519Keyring::{
	Alice, AliceStash, Bob, BobStash, Charlie, CharlieStash, Dave, DaveStash, Eve, Ferdie,
};

fn acct(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(acct(k))
}

/// A development chain (council Alice, Bob, Charlie; validator Alice), or the local testnet
/// (validators Alice, Bob, Charlie, Dave), at block 1.
fn ext(preset: &str) -> sp_io::TestExternalities {
	let storage = genesis_of(preset, Value::Null).build_storage().expect(preset);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// What a council motion did: `Ok` if it passed and its call succeeded, the call's error if
/// it passed and its call failed, and `None` if it did not pass.
fn motion(
	call: RuntimeCall,
	threshold: u32,
	ayes: &[Sr25519Keyring],
) -> Option<Result<(), DispatchError>> {
	System::reset_events();
	let len = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = BlakeTwo256::hash_of(&call);
	let proposer = *ayes.first().expect("a proposer");
	assert_ok!(Council::propose(signed(proposer), threshold, Box::new(call), len));
	if threshold > 1 {
		let index = pallet_collective::ProposalCount::<Runtime, Instance1>::get() - 1;
		for who in ayes {
			assert_ok!(Council::vote(signed(*who), hash, index, true));
		}
		// Closing before the end needs the threshold met; afterwards, anyone may close.
		if Council::close(signed(proposer), hash, index, weight, len).is_err() {
			return None;
		}
	}
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
		_ => None,
	})
}

fn add_attestor(who: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Datasets(pallet_datasets::Call::add_attestor { who: acct(who) })
}

#[test]
fn a_council_majority_adds_an_attestor_and_an_evaluator() {
	ext("development").execute_with(|| {
		assert_eq!(motion(add_attestor(Dave), 2, &[Alice, Bob]), Some(Ok(())));
		assert!(Datasets::is_attestor(&acct(Dave)));
		let evaluator =
			RuntimeCall::Lineage(pallet_lineage::Call::add_evaluator { who: acct(Eve) });
		assert_eq!(motion(evaluator, 2, &[Bob, Charlie]), Some(Ok(())));
		assert!(pallet_lineage::Evaluators::<Runtime>::contains_key(acct(Eve)));
	});
}

#[test]
fn an_ordinary_account_or_a_minority_cannot_add_an_attestor() {
	ext("development").execute_with(|| {
		// Not a council member, not Root.
		assert_noop!(Datasets::add_attestor(signed(Dave), acct(Dave)), DispatchError::BadOrigin);
		// A non-member cannot propose at all.
		assert_noop!(
			Council::propose(signed(Dave), 1, Box::new(add_attestor(Dave)), 100),
			pallet_collective::Error::<Runtime, Instance1>::NotMember
		);
		// One member alone (threshold 1) passes a motion whose call then fails: 1 of 3 is no
		// majority.
		assert_eq!(motion(add_attestor(Dave), 1, &[Alice]), Some(Err(DispatchError::BadOrigin)));
		// A two-member motion cannot close while only one has voted aye.
		let call = add_attestor(Dave);
		let len = call.encoded_size() as u32;
		let hash = BlakeTwo256::hash_of(&call);
		assert_ok!(Council::propose(signed(Alice), 2, Box::new(call.clone()), len));
		let index = pallet_collective::ProposalCount::<Runtime, Instance1>::get() - 1;
		assert_ok!(Council::vote(signed(Alice), hash, index, true));
		assert_noop!(
			Council::close(signed(Alice), hash, index, call.get_dispatch_info().call_weight, len),
			pallet_collective::Error::<Runtime, Instance1>::TooEarly
		);
		// A member cannot vote twice to make up the numbers.
		assert_noop!(
			Council::vote(signed(Alice), hash, index, true),
			pallet_collective::Error::<Runtime, Instance1>::DuplicateVote
		);
		assert!(!Datasets::is_attestor(&acct(Dave)));
	});
}

#[test]
fn a_former_council_member_has_no_vote() {
	ext("development").execute_with(|| {
		let remove = RuntimeCall::CouncilMembership(pallet_membership::Call::remove_member {
			who: sp_runtime::MultiAddress::Id(acct(Charlie)),
		});
		// Two thirds of three: two ayes.
		assert_eq!(motion(remove, 2, &[Alice, Bob]), Some(Ok(())));
		let mut members = pallet_collective::Members::<Runtime, Instance1>::get();
		members.sort();
		let mut expected = vec![acct(Alice), acct(Bob)];
		expected.sort();
		assert_eq!(members, expected);
		assert_noop!(
			Council::propose(signed(Charlie), 1, Box::new(add_attestor(Charlie)), 100),
			pallet_collective::Error::<Runtime, Instance1>::NotMember
		);
	});
}

#[test]
fn the_council_is_only_set_through_its_membership() {
	ext("development").execute_with(|| {
		let before = pallet_collective::Members::<Runtime, Instance1>::get();
		// Not even Root seats a council directly: duplicates, a non-member prime, or more than
		// `MaxMembers` would disagree with `CouncilMembership`.
		let seat = |origin: RuntimeOrigin, prime: Option<AccountId>| {
			Council::set_members(origin, vec![acct(Eve), acct(Eve)], prime, before.len() as u32)
		};
		assert_noop!(seat(RuntimeOrigin::root(), Some(acct(Ferdie))), DispatchError::BadOrigin);
		assert_noop!(seat(signed(Alice), None), DispatchError::BadOrigin);
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(RuntimeCall::Council(pallet_collective::Call::set_members {
				new_members: vec![acct(Eve)],
				prime: None,
				old_count: before.len() as u32,
			})),
		});
		assert_ok!(sudo.dispatch(signed(Alice)));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid {
				sudo_result: Err(DispatchError::BadOrigin)
			})
		)));
		assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get(), before);
	});
}

#[test]
fn adding_a_council_member_keeps_the_prime() {
	ext("development").execute_with(|| {
		let membership = |call| RuntimeCall::CouncilMembership(call);
		let id = |k| sp_runtime::MultiAddress::Id(acct(k));
		assert_eq!(
			motion(
				membership(pallet_membership::Call::set_prime { who: id(Bob) }),
				2,
				&[Alice, Bob]
			),
			Some(Ok(()))
		);
		assert_eq!(pallet_collective::Prime::<Runtime, Instance1>::get(), Some(acct(Bob)));
		// pallet-collective clears its prime on every change; the council must keep Bob.
		assert_eq!(
			motion(
				membership(pallet_membership::Call::add_member { who: id(Dave) }),
				2,
				&[Alice, Bob]
			),
			Some(Ok(()))
		);
		assert!(pallet_collective::Members::<Runtime, Instance1>::get().contains(&acct(Dave)));
		assert_eq!(pallet_collective::Prime::<Runtime, Instance1>::get(), Some(acct(Bob)));
		assert_eq!(pallet_membership::Prime::<Runtime, Instance1>::get(), Some(acct(Bob)));
		// Removing the prime clears it in both.
		assert_eq!(
			motion(
				membership(pallet_membership::Call::remove_member { who: id(Bob) }),
				3,
				&[Alice, Charlie, Dave]
			),
			Some(Ok(()))
		);
		assert_eq!(pallet_collective::Prime::<Runtime, Instance1>::get(), None);
		assert_eq!(pallet_membership::Prime::<Runtime, Instance1>::get(), None);
	});
}

fn set(parameter: RuntimeParameters) -> RuntimeCall {
	RuntimeCall::Parameters(pallet_parameters::Call::set_parameter { key_value: parameter })
}

#[test]
fn a_parameter_change_takes_effect_and_needs_two_thirds() {
	ext("development").execute_with(|| {
		let deposit = 42 * UNIT / 1000;
		let new_deposit = set(RuntimeParameters::Registry(registry::Parameters::GrantDeposit(
			registry::GrantDeposit,
			Some(deposit),
		)));
		// A bare majority is not enough for parameters: 2 of 3 is two thirds, 1 of 3 is not.
		assert_eq!(motion(new_deposit.clone(), 1, &[Alice]), Some(Err(DispatchError::BadOrigin)));
		assert_noop!(
			Parameters::set_parameter(
				signed(Alice),
				RuntimeParameters::Registry(registry::Parameters::GrantDeposit(
					registry::GrantDeposit,
					Some(deposit)
				))
			),
			DispatchError::BadOrigin
		);
		assert_eq!(motion(new_deposit, 2, &[Alice, Bob]), Some(Ok(())));
		assert_eq!(registry::GrantDeposit::get(), deposit);

		// The next grant holds the new deposit, and keeps it on record.
		use crate::tests::consent_checked_training::{dataset, grant};
		let dataset = dataset(1);
		let held_before = Balances::total_balance_on_hold(&acct(Alice));
		let grant = grant(dataset, Bob, &[provenance_primitives::Purpose::Training], None, None);
		assert_eq!(Balances::total_balance_on_hold(&acct(Alice)) - held_before, deposit);
		assert_eq!(crate::Consent::grant_info(grant).map(|g| g.deposit), Some(deposit));
	});
}

#[test]
fn unusable_parameter_values_fall_back_instead_of_breaking_the_chain() {
	ext("development").execute_with(|| {
		// A session length of zero would divide by zero in every block.
		assert_ok!(Parameters::set_parameter(
			RuntimeOrigin::root(),
			RuntimeParameters::Chain(chain::Parameters::SessionPeriod(
				chain::SessionPeriod,
				Some(0)
			))
		));
		assert_eq!(SessionPeriod::get(), MIN_SESSION_PERIOD);
		Session::on_initialize(System::block_number());

		// Shares above 100% are refused on read: the built-in policy applies.
		let invalid = pallet_rewards::RoyaltyPolicy {
			parent_share: Perbill::from_percent(80),
			dataset_share: Perbill::from_percent(80),
			min_derivative_share: Perbill::zero(),
		};
		assert!(!invalid.is_valid());
		assert_ok!(Parameters::set_parameter(
			RuntimeOrigin::root(),
			RuntimeParameters::Rewards(rewards::Parameters::DefaultRoyaltyPolicy(
				rewards::DefaultRoyaltyPolicy,
				Some(invalid)
			))
		));
		assert_eq!(
			<crate::configs::parameters::DefaultRoyaltyPolicy as Get<_>>::get(),
			built_in_royalty_policy()
		);
		// A zero minimum payment is raised to the existential deposit.
		assert_ok!(Parameters::set_parameter(
			RuntimeOrigin::root(),
			RuntimeParameters::Rewards(rewards::Parameters::MinUsagePayment(
				rewards::MinUsagePayment,
				Some(0)
			))
		));
		assert_eq!(
			<crate::configs::parameters::MinUsagePayment as Get<Balance>>::get(),
			crate::EXISTENTIAL_DEPOSIT
		);
	});
}

/// Starts block `n` authored in `slot` (Aura's pre-runtime digest), as the node would.
fn start_block(n: u32, slot: u64) {
	let digest =
		Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
	System::reset_events();
	System::initialize(&n, &H256::zero(), &digest);
	crate::Authorship::on_initialize(n);
}

#[test]
fn fees_go_to_the_author_and_the_treasury_and_tips_to_the_author() {
	ext("local_testnet").execute_with(|| {
		// Slot 5 of four validators: the author is validator 1, Bob (his stash account).
		start_block(2, 5);
		assert_eq!(crate::Authorship::author(), Some(acct(BobStash)));
		let bob_before = Balances::free_balance(acct(BobStash));
		let treasury_before = Balances::free_balance(Treasury::account_id());
		let issuance = Balances::total_issuance();

		let fee = Balances::issue(1_000 * UNIT / 1000);
		let tip = Balances::issue(7 * UNIT / 1000);
		DealWithFees::on_unbalanceds([fee, tip].into_iter());

		// 20% of the fee to the treasury; 80% and the whole tip to the author.
		assert_eq!(
			Balances::free_balance(Treasury::account_id()) - treasury_before,
			200 * UNIT / 1000
		);
		assert_eq!(Balances::free_balance(acct(BobStash)) - bob_before, 807 * UNIT / 1000);
		// Nothing minted or burned on the way.
		assert_eq!(Balances::total_issuance(), issuance + 1_007 * UNIT / 1000);

		// The council moves the split.
		assert_ok!(Parameters::set_parameter(
			RuntimeOrigin::root(),
			RuntimeParameters::Chain(chain::Parameters::TreasuryFeeShare(
				chain::TreasuryFeeShare,
				Some(Perbill::from_percent(50))
			))
		));
		let treasury_before = Balances::free_balance(Treasury::account_id());
		DealWithFees::on_unbalanceds([Balances::issue(UNIT)].into_iter());
		assert_eq!(Balances::free_balance(Treasury::account_id()) - treasury_before, UNIT / 2);
	});
}

#[test]
fn a_signed_transaction_pays_its_fee_to_the_author() {
	use frame_support::dispatch::DispatchInfo;
	use pallet_transaction_payment::OnChargeTransaction;
	type Adapter = <Runtime as pallet_transaction_payment::Config>::OnChargeTransaction;

	ext("development").execute_with(|| {
		start_block(2, 1);
		assert_eq!(crate::Authorship::author(), Some(acct(AliceStash)));
		let alice_before = Balances::free_balance(acct(AliceStash));
		let treasury_before = Balances::free_balance(Treasury::account_id());
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 32] });
		let info: DispatchInfo = call.get_dispatch_info();
		let fee = 10 * UNIT / 1000;
		let imbalance = <Adapter as OnChargeTransaction<Runtime>>::withdraw_fee(
			&acct(Ferdie),
			&call,
			&info,
			fee,
			0,
		)
		.expect("Ferdie can pay");
		<Adapter as OnChargeTransaction<Runtime>>::correct_and_deposit_fee(
			&acct(Ferdie),
			&info,
			&Default::default(),
			fee,
			0,
			imbalance,
		)
		.expect("deposited");
		assert_eq!(Balances::free_balance(acct(AliceStash)) - alice_before, fee * 8 / 10);
		assert_eq!(Balances::free_balance(Treasury::account_id()) - treasury_before, fee * 2 / 10);
	});
}

#[test]
fn the_treasury_pays_only_what_a_council_majority_approves() {
	ext("development").execute_with(|| {
		let pot = Treasury::account_id();
		Balances::set_balance(&pot, 10 * UNIT);
		let spend = || {
			RuntimeCall::Treasury(pallet_treasury::Call::spend {
				asset_kind: Box::new(()),
				amount: UNIT,
				beneficiary: Box::new(acct(Ferdie)),
				valid_from: None,
			})
		};
		assert_noop!(
			Treasury::spend(signed(Ferdie), Box::new(()), UNIT, Box::new(acct(Ferdie)), None),
			DispatchError::BadOrigin
		);
		// One member of three is no majority.
		assert_eq!(motion(spend(), 1, &[Alice]), Some(Err(DispatchError::BadOrigin)));
		assert_eq!(motion(spend(), 2, &[Alice, Bob]), Some(Ok(())));
		let ferdie = Balances::free_balance(acct(Ferdie));
		assert_ok!(Treasury::payout(signed(Ferdie), 0));
		assert_eq!(Balances::free_balance(acct(Ferdie)) - ferdie, UNIT);
		assert_eq!(Balances::free_balance(&pot), 9 * UNIT);
	});
}

/// Rotates sessions until `index` is current, as block production would.
fn rotate_to(index: u32) {
	while Session::current_index() < index {
		Session::rotate_session();
	}
}

/// Registers `who`'s session keys as `session.set_keys` would. (The ownership proof needs the
/// node's keystore; the zombienet churn test covers `author_rotateKeysWithOwner` and
/// `session.setKeys` on a live network.)
fn set_keys(who: Sr25519Keyring, ed: Ed25519Keyring) {
	let keys = crate::SessionKeys { aura: who.public().into(), grandpa: ed.public().into() };
	pallet_session::NextKeys::<Runtime>::insert(acct(who), keys);
}

#[test]
fn the_council_adds_and_removes_validators_at_session_boundaries() {
	ext("local_testnet").execute_with(|| {
		let four = vec![acct(AliceStash), acct(BobStash), acct(CharlieStash), acct(DaveStash)];
		assert_eq!(Session::validators(), four);
		let add_eve =
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator { who: acct(Eve) });
		// Eve has no session keys yet.
		assert_eq!(
			motion(add_eve.clone(), 2, &[Alice, Bob]),
			Some(Err(pallet_validator_set::Error::<Runtime>::NoKeys.into()))
		);
		set_keys(Eve, Ed25519Keyring::Eve);
		// An ordinary account, even a validator, cannot add one.
		assert_noop!(
			ValidatorSet::add_validator(signed(Alice), acct(Eve)),
			DispatchError::BadOrigin
		);
		assert_eq!(motion(add_eve, 2, &[Alice, Bob]), Some(Ok(())));
		rotate_to(1);
		assert!(!Session::validators().contains(&acct(Eve)));
		rotate_to(2);
		assert!(Session::validators().contains(&acct(Eve)));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 5);

		let remove_alice =
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator {
				who: acct(AliceStash),
			});
		assert_eq!(motion(remove_alice, 2, &[Bob, Charlie]), Some(Ok(())));
		rotate_to(4);
		assert!(!Session::validators().contains(&acct(AliceStash)));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
	});
}

/// Bob's two prevotes in round 1 of the current set, for two different blocks: the first
/// signed by Bob, the second by `second_signer` (Bob, for a real equivocation). With the
/// proof that Bob's GRANDPA key was his in this session.
fn bobs_equivocation(
	second_signer: Ed25519Keyring,
) -> (
	sp_consensus_grandpa::EquivocationProof<H256, crate::BlockNumber>,
	<Runtime as pallet_grandpa::Config>::KeyOwnerProof,
) {
	use frame_support::traits::KeyOwnerProofSystem;
	let set_id = Grandpa::current_set_id();
	let vote = |hash: H256, signer: Ed25519Keyring| {
		let prevote = finality_grandpa::Prevote { target_hash: hash, target_number: 10 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(1, set_id, &message);
		(prevote, signer.sign(&payload).into())
	};
	let proof = sp_consensus_grandpa::EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: 1,
			identity: Ed25519Keyring::Bob.public().into(),
			first: vote(H256::repeat_byte(1), Ed25519Keyring::Bob),
			second: vote(H256::repeat_byte(2), second_signer),
		}),
	);
	let key: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Bob.public().into();
	let key_owner_proof =
		Historical::prove((sp_consensus_grandpa::KEY_TYPE, key)).expect("Bob is a validator");
	(proof, key_owner_proof)
}

#[test]
fn a_grandpa_equivocation_removes_the_offender_from_the_set() {
	ext("local_testnet").execute_with(|| {
		let (proof, key_owner_proof) = bobs_equivocation(Ed25519Keyring::Bob);
		assert_ok!(Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(proof.clone()),
			key_owner_proof.clone(),
		));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Offences(pallet_offences::Event::Offence { .. })
		)));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::ValidatorSet(pallet_validator_set::Event::OffenderRemoved {
				who: acct(BobStash),
				session: 0
			})));
		// The same report again is a duplicate.
		assert!(Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(proof),
			key_owner_proof,
		)
		.is_err());
		// Two sessions on, Bob neither produces nor finalizes blocks.
		rotate_to(2);
		assert!(!Session::validators().contains(&acct(BobStash)));
		assert_eq!(Grandpa::grandpa_authorities().len(), 4, "GRANDPA's change is pending");
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		// No funds were touched: proof of authority. (Genesis keys hold no deposit.)
		assert_eq!(
			Balances::free_balance(acct(BobStash)),
			crate::genesis_config_presets::ENDOWMENT
		);
	});
}

#[test]
fn a_forged_equivocation_is_refused() {
	ext("local_testnet").execute_with(|| {
		// Charlie signs the second vote: Bob did not equivocate.
		let (proof, key_owner_proof) = bobs_equivocation(Ed25519Keyring::Charlie);
		assert!(Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(proof),
			key_owner_proof,
		)
		.is_err());
		rotate_to(2);
		assert!(Session::validators().contains(&acct(BobStash)));
	});
}

#[test]
fn a_whitelisted_three_quarter_motion_authorizes_a_runtime_upgrade() {
	ext("development").execute_with(|| {
		let code_hash = H256::repeat_byte(7);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		// A council motion is not Root: the call itself is refused.
		assert_eq!(
			motion(authorize.clone(), 3, &[Alice, Bob, Charlie]),
			Some(Err(DispatchError::BadOrigin))
		);
		let call_hash = BlakeTwo256::hash_of(&authorize);
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash }),
				RuntimeCall::Whitelist(
					pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
						call: Box::new(authorize),
					},
				),
			],
		});
		// Two of three is not three quarters.
		assert_eq!(motion(batch.clone(), 2, &[Alice, Bob]), Some(Err(DispatchError::BadOrigin)));
		let authorized = || {
			System::events().iter().any(|r| {
				r.event
					== RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
						code_hash,
						check_version: true,
					})
			})
		};
		assert!(!authorized());
		assert_eq!(motion(batch, 3, &[Alice, Bob, Charlie]), Some(Ok(())));
		assert!(authorized());
	});
}
