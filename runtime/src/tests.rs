//! Runtime-level checks that need no node: presets, version, constants.

use serde_json::Value;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{genesis_config_presets as presets, VERSION};

fn preset(name: &str) -> Value {
	let bytes = presets::get_preset(&name.into()).unwrap_or_else(|| panic!("preset {name}"));
	serde_json::from_slice(&bytes).expect("presets are JSON")
}

fn ss58(k: Sr25519Keyring) -> String {
	use sp_core::crypto::Ss58Codec;
	k.to_account_id().to_ss58check()
}

#[test]
fn version_names_the_chain() {
	assert_eq!(VERSION.spec_name, "provenance");
}

#[test]
fn offers_development_local_testnet_and_production_presets() {
	let names = presets::preset_names();
	assert_eq!(
		names,
		vec!["development".to_string(), "local_testnet".to_string(), "production".to_string()]
	);
	assert!(presets::get_preset(&"no-such-preset".into()).is_none());
}

/// The validators a preset names: (account, aura key, grandpa key), from `session.keys`.
fn session_keys_of(p: &Value) -> Vec<(String, String, String)> {
	p["session"]["keys"]
		.as_array()
		.expect("session keys")
		.iter()
		.map(|k| {
			assert_eq!(k[0], k[1], "validator id is the account");
			(
				k[0].as_str().expect("account").to_string(),
				k[2]["aura"].as_str().expect("aura key").to_string(),
				k[2]["grandpa"].as_str().expect("grandpa key").to_string(),
			)
		})
		.collect()
}

fn ed_ss58(k: Ed25519Keyring) -> String {
	use sp_core::crypto::Ss58Codec;
	k.public().to_ss58check()
}

#[test]
fn development_preset_has_alice_as_sole_validator_and_sudo() {
	let p = preset("development");
	// Alice's keys, for the account Alice//stash: fees do not flow to the account tests use.
	assert_eq!(
		session_keys_of(&p),
		vec![(
			ss58(Sr25519Keyring::AliceStash),
			ss58(Sr25519Keyring::Alice),
			ed_ss58(Ed25519Keyring::Alice)
		)]
	);
	assert_eq!(p["validatorSet"]["initialValidators"][0], ss58(Sr25519Keyring::AliceStash));
	// Consensus pallets start empty: the session pallet hands them the keys.
	assert!(p.get("aura").is_none() && p.get("grandpa").is_none());
	assert_eq!(p["sudo"]["key"], ss58(Sr25519Keyring::Alice));
	let council: Vec<&str> = p["councilMembership"]["members"]
		.as_array()
		.expect("council")
		.iter()
		.filter_map(Value::as_str)
		.collect();
	assert_eq!(
		council,
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie].map(ss58).to_vec()
	);
}

#[test]
fn local_testnet_preset_has_four_validators() {
	let p = preset("local_testnet");
	let validators: Vec<String> = session_keys_of(&p).into_iter().map(|(a, _, _)| a).collect();
	let expected: Vec<String> = [
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::BobStash,
		Sr25519Keyring::CharlieStash,
		Sr25519Keyring::DaveStash,
	]
	.into_iter()
	.map(ss58)
	.collect();
	assert_eq!(validators, expected);
	let listed: Vec<&str> = p["validatorSet"]["initialValidators"]
		.as_array()
		.expect("validators")
		.iter()
		.filter_map(Value::as_str)
		.collect();
	assert_eq!(listed, expected);
}

#[test]
fn presets_endow_every_well_known_account() {
	for name in ["development", "local_testnet"] {
		let p = preset(name);
		let balances = p["balances"]["balances"].as_array().expect("balances");
		assert_eq!(balances.len(), Sr25519Keyring::well_known().count(), "{name}");
		for entry in balances {
			assert_eq!(entry[1].as_u64().map(u128::from), Some(presets::ENDOWMENT), "{name}");
		}
	}
}

/// The production preset has no sudo key, funds nobody, and names no validators, council or
/// attestors: the operator supplies them all.
#[test]
fn production_preset_has_no_sudo_and_no_development_accounts() {
	let p = preset("production");
	assert_eq!(p["sudo"]["key"], Value::Null);
	let text = p.to_string();
	for k in Sr25519Keyring::iter() {
		assert!(!text.contains(&ss58(k)), "{k:?} appears in the production preset");
	}
	for path in [
		&p["balances"]["balances"],
		&p["session"]["keys"],
		&p["validatorSet"]["initialValidators"],
		&p["councilMembership"]["members"],
		&p["datasets"]["attestors"],
	] {
		assert_eq!(path.as_array().map(Vec::len), Some(0), "{path}");
	}
}

/// Overlays a preset's patch on the default config, as the node's chain-spec builder does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The genesis config of a preset, with `patch` applied on top.
pub(crate) fn genesis_of(name: &str, patch: Value) -> crate::RuntimeGenesisConfig {
	let mut config = serde_json::to_value(crate::RuntimeGenesisConfig::default()).expect("default");
	merge(&mut config, preset(name));
	if !patch.is_null() {
		merge(&mut config, patch);
	}
	serde_json::from_value(config).expect(name)
}

#[test]
fn every_preset_builds_a_genesis_state() {
	use crate::{Aura, Balances, BuildStorage, Grandpa, Session};

	for (name, authorities) in [("development", 1), ("local_testnet", 4)] {
		let storage = genesis_of(name, Value::Null).build_storage().expect(name);
		sp_io::TestExternalities::new(storage).execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<crate::Runtime>::get().len(), authorities);
			assert_eq!(Grandpa::grandpa_authorities().len(), authorities);
			assert_eq!(Session::validators().len(), authorities);
			let alice = Sr25519Keyring::Alice.to_account_id();
			assert_eq!(Balances::free_balance(&alice), presets::ENDOWMENT);
			assert_eq!(pallet_sudo::Key::<crate::Runtime>::get(), Some(alice));
			assert_eq!(Aura::slot_duration(), crate::SLOT_DURATION);
			assert_eq!(
				pallet_membership::Members::<crate::Runtime, pallet_membership::Instance1>::get()
					.len(),
				3
			);
			assert_eq!(
				pallet_collective::Members::<crate::Runtime, pallet_collective::Instance1>::get()
					.len(),
				3
			);
		});
	}
}

/// An unfilled production spec cannot become a chain: it has no validators.
#[test]
fn production_preset_refuses_to_build_without_validators() {
	use crate::genesis_config_presets::build_state;
	let config = serde_json::to_vec(&genesis_of("production", Value::Null)).expect("json");
	sp_io::TestExternalities::default().execute_with(|| {
		let built = build_state(config);
		let err = built.expect_err("an empty production genesis built");
		assert!(err.contains("names no validators"), "{err}");
	});
	// The development presets pass the same check.
	for name in ["development", "local_testnet"] {
		let config = serde_json::to_vec(&genesis_of(name, Value::Null)).expect("json");
		sp_io::TestExternalities::default().execute_with(|| {
			build_state(config).unwrap_or_else(|e| panic!("{name}: {e}"));
		});
	}
}

/// Filled in by the operator, the production preset builds a chain whose sudo has no key:
/// no account can dispatch as Root through sudo.
#[test]
fn filled_production_preset_has_no_sudo_key() {
	use crate::{BuildStorage, Runtime, RuntimeCall, RuntimeOrigin, Sudo};
	use frame_support::{assert_noop, dispatch::GetDispatchInfo};

	let acct = |k: Sr25519Keyring| ss58(k);
	let patch = serde_json::json!({
		"balances": { "balances": [[acct(Sr25519Keyring::One), 1_000_000_000_000_000u64]] },
		"validatorSet": { "initialValidators": [acct(Sr25519Keyring::One)] },
		"session": { "keys": [[acct(Sr25519Keyring::One), acct(Sr25519Keyring::One), {
			"aura": ss58(Sr25519Keyring::One),
			"grandpa": ed_ss58(Ed25519Keyring::One),
		}]] },
		"councilMembership": { "members": [acct(Sr25519Keyring::Two)] },
	});
	let storage = genesis_of("production", patch).build_storage().expect("filled production");
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(crate::Session::validators(), vec![Sr25519Keyring::One.to_account_id()]);
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		let _ = call.get_dispatch_info();
		for k in Sr25519Keyring::iter() {
			assert_noop!(
				Sudo::sudo(RuntimeOrigin::signed(k.to_account_id()), Box::new(call.clone())),
				pallet_sudo::Error::<Runtime>::RequireSudo
			);
		}
	});
}

/// The lineage pallet against the real datasets and consent pallets: every consent failure
/// refuses a training run, and a revocation taints three generations.
pub(crate) mod consent_checked_training {
	use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate, BoundedVec};
	use pallet_consent::{GrantTerms, Grantee};
	use pallet_lineage::{
		ConsentStatus, DerivativePolicy, InputRole, ModelSpec, RunKind, RunSpec, TaintedGrant,
		TrainingInput,
	};
	use provenance_primitives::{
		DatasetId, DerivativeScope, GrantId, ModelId, Purpose, Purposes, RevocationEffect,
		Sensitivity,
	};
	use sp_core::H256;
	use sp_keyring::Sr25519Keyring;
	use sp_runtime::{BuildStorage, DispatchError};

	use crate::{
		AccountId, Balances, Consent, Datasets, Lineage, Runtime, RuntimeGenesisConfig, System,
		UNIT,
	};

	type ConsentError = pallet_consent::Error<Runtime>;
	type LineageError = pallet_lineage::Error<Runtime>;

	pub(crate) fn account(k: Sr25519Keyring) -> AccountId {
		k.to_account_id()
	}

	pub(crate) fn new_ext() -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig::default().build_storage().expect("genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			for k in [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie] {
				Balances::set_balance(&account(k), 1_000 * UNIT);
			}
		});
		ext
	}

	pub(super) fn h(n: u64) -> H256 {
		H256::from_low_u64_be(n)
	}

	/// A dataset owned by Alice.
	pub(crate) fn dataset(n: u64) -> DatasetId {
		Datasets::do_register_dataset(
			account(Sr25519Keyring::Alice),
			h(1_000_u64.saturating_add(n)),
			h(2_000_u64.saturating_add(n)),
			BoundedVec::truncate_from(b"ipfs://data".to_vec()),
			BoundedVec::truncate_from(b"CC-BY-4.0".to_vec()),
			Sensitivity::Public,
			None,
			BoundedVec::default(),
		)
		.expect("dataset registers")
	}

	/// Alice's grant on `dataset` to `grantee`, letting anyone derive.
	pub(crate) fn grant(
		dataset: DatasetId,
		grantee: Sr25519Keyring,
		purposes: &[Purpose],
		expires_at: Option<u32>,
		max_uses: Option<u32>,
	) -> GrantId {
		grant_with(dataset, grantee, purposes, expires_at, max_uses, DerivativeScope::Anyone)
	}

	/// Alice's grant on `dataset` to `grantee`, with derivatives by `scope`.
	pub(super) fn grant_with(
		dataset: DatasetId,
		grantee: Sr25519Keyring,
		purposes: &[Purpose],
		expires_at: Option<u32>,
		max_uses: Option<u32>,
		scope: DerivativeScope,
	) -> GrantId {
		let purposes: Purposes = purposes
			.iter()
			.copied()
			.collect::<std::collections::BTreeSet<_>>()
			.try_into()
			.expect("purposes fit");
		Consent::do_grant_consent(
			account(Sr25519Keyring::Alice),
			dataset,
			Grantee::Account(account(grantee)),
			purposes,
			expires_at,
			max_uses,
			GrantTerms { derivatives: scope, ..GrantTerms::with_hash(H256::zero()) },
		)
		.expect("grant made")
	}

	/// Bob's training run for `purpose`, with `parents` and `inputs`.
	pub(crate) fn train(
		seed: u64,
		purpose: Purpose,
		parents: Vec<(ModelId, RunKind)>,
		inputs: Vec<(DatasetId, GrantId)>,
	) -> Result<ModelId, DispatchError> {
		train_as(Sr25519Keyring::Bob, seed, purpose, parents, inputs)
	}

	/// `who`'s training run for `purpose`, with `parents` and `inputs`.
	fn train_as(
		who: Sr25519Keyring,
		seed: u64,
		purpose: Purpose,
		parents: Vec<(ModelId, RunKind)>,
		inputs: Vec<(DatasetId, GrantId)>,
	) -> Result<ModelId, DispatchError> {
		Lineage::do_register_model(
			account(who),
			ModelSpec {
				weights_hash: h(seed),
				name: BoundedVec::truncate_from(b"model".to_vec()),
				version: BoundedVec::truncate_from(b"1".to_vec()),
				uri: BoundedVec::default(),
				license: BoundedVec::truncate_from(b"MIT".to_vec()),
				card_hash: H256::zero(),
				policy: DerivativePolicy::Open,
			},
			RunSpec {
				kind: if parents.is_empty() { RunKind::Pretrain } else { RunKind::FineTune },
				parents: BoundedVec::truncate_from(parents),
				inputs: BoundedVec::truncate_from(
					inputs
						.into_iter()
						.map(|(dataset, grant)| TrainingInput {
							dataset,
							role: InputRole::Train,
							grant,
						})
						.collect(),
				),
				purpose,
				config_hash: H256::zero(),
				code_hash: H256::zero(),
				compute_provider: None,
				max_parent_share: sp_runtime::Perbill::one(),
				max_basis: u32::MAX,
			},
		)
	}

	fn uses(grant: GrantId) -> u32 {
		Consent::grant_info(grant).map_or(0, |g| g.uses)
	}

	#[test]
	fn every_consent_failure_refuses_the_run_and_writes_nothing() {
		new_ext().execute_with(|| {
			let d = dataset(1);
			let refused = |input: (DatasetId, GrantId), purpose, error: ConsentError| {
				assert_noop!(train(9, purpose, vec![], vec![input]), error);
			};
			// No consent: a grant that does not exist.
			refused((d, 999), Purpose::Training, ConsentError::UnknownGrant);
			// Consent for someone else.
			let charlies = grant(d, Sr25519Keyring::Charlie, &[Purpose::Training], None, None);
			refused((d, charlies), Purpose::Training, ConsentError::NotGrantee);
			// Consent for another purpose.
			let eval_only = grant(d, Sr25519Keyring::Bob, &[Purpose::Evaluation], None, None);
			refused((d, eval_only), Purpose::Training, ConsentError::PurposeNotCovered);
			// Expired consent: live before block 5, not at it.
			let expiring = grant(d, Sr25519Keyring::Bob, &[Purpose::Training], Some(5), None);
			System::set_block_number(5);
			refused((d, expiring), Purpose::Training, ConsentError::ConsentExpired);
			// Consent with its only use spent.
			let once = grant(d, Sr25519Keyring::Bob, &[Purpose::Training], None, Some(1));
			assert_ok!(train(1, Purpose::Training, vec![], vec![(d, once)]));
			assert_eq!(uses(once), 1);
			refused((d, once), Purpose::Training, ConsentError::UsesExhausted);
			// Revoked consent.
			let revoked = grant(d, Sr25519Keyring::Bob, &[Purpose::Training], None, None);
			assert_ok!(Consent::do_revoke_consent(account(Sr25519Keyring::Alice), revoked));
			refused((d, revoked), Purpose::Training, ConsentError::ConsentRevoked);
			// A live grant after a failing one: the whole run is refused, the live grant unused.
			let live = grant(d, Sr25519Keyring::Bob, &[Purpose::Training], None, None);
			let other = dataset(2);
			assert_noop!(
				train(9, Purpose::Training, vec![], vec![(d, live), (other, revoked)]),
				ConsentError::GrantDatasetMismatch
			);
			assert_eq!(uses(live), 0);
			assert_eq!(pallet_lineage::NextModelId::<Runtime>::get(), 1);
		});
	}

	#[test]
	fn a_revocation_taints_three_generations_from_its_block_on() {
		new_ext().execute_with(|| {
			let (d1, d2) = (dataset(1), dataset(2));
			let g1 = grant(d1, Sr25519Keyring::Bob, &[Purpose::Training], None, None);
			let g2 = grant(d2, Sr25519Keyring::Bob, &[Purpose::Training], None, None);
			let base = train(1, Purpose::Training, vec![], vec![(d1, g1)]).expect("base");
			let tuned =
				train(2, Purpose::Training, vec![(base, RunKind::FineTune)], vec![(d2, g2)])
					.expect("tuned");
			let small = train(3, Purpose::Training, vec![(tuned, RunKind::Quantize)], vec![])
				.expect("small");
			for m in [base, tuned, small] {
				assert_eq!(Lineage::consent_status(m), Ok(ConsentStatus::Clean));
			}

			System::set_block_number(7);
			assert_ok!(Consent::do_revoke_consent(account(Sr25519Keyring::Alice), g1));
			// The event counts every model the revocation taints.
			System::assert_last_event(
				pallet_consent::Event::<Runtime>::ConsentRevoked {
					grant: g1,
					dataset: d1,
					by: account(Sr25519Keyring::Alice),
					tainted_models: 3,
					tainted_datasets: 0,
					effect: RevocationEffect::StopUse,
				}
				.into(),
			);
			let tainted = ConsentStatus::Tainted(vec![TaintedGrant {
				grant: g1,
				revoked_at: 7,
				effect: RevocationEffect::StopUse,
			}]);
			for m in [base, tuned, small] {
				assert_eq!(Lineage::consent_status(m), Ok(tainted.clone()), "model {m}");
			}
			let mut impact = Lineage::impact(g1, None, 100).expect("impact").items;
			impact.sort();
			assert_eq!(impact, vec![base, tuned, small]);
			assert_eq!(Lineage::impact(g2, None, 100).map(|p| p.items.len()), Ok(2));

			// No new training run may derive from them, for any purpose: not even one g1
			// never covered.
			for purpose in Purpose::ALL {
				assert_noop!(
					train(4, purpose, vec![(small, RunKind::Distill)], vec![]),
					LineageError::TaintedParent
				);
			}
		});
	}

	/// The launder from issue 11, against the real pallets: D is granted to Bob for
	/// research only; Charlie, with no grant, fine-tunes Bob's model for commercial use.
	#[test]
	fn purpose_and_grantee_cannot_be_laundered_through_a_parent() {
		new_ext().execute_with(|| {
			use Sr25519Keyring::{Bob, Charlie};
			let d = dataset(1);
			let g =
				grant_with(d, Bob, &[Purpose::Research], None, None, DerivativeScope::GranteeOnly);
			let m = train(1, Purpose::Research, vec![], vec![(d, g)]).expect("Bob's model");
			assert_noop!(
				train_as(Charlie, 2, Purpose::Commercial, vec![(m, RunKind::FineTune)], vec![]),
				LineageError::InheritedPurposeNotCovered
			);
			assert_noop!(
				train_as(Charlie, 2, Purpose::Research, vec![(m, RunKind::FineTune)], vec![]),
				LineageError::InheritedDerivationNotAllowed
			);
			assert_noop!(
				train(2, Purpose::Commercial, vec![(m, RunKind::FineTune)], vec![]),
				LineageError::InheritedPurposeNotCovered
			);
			assert_ok!(train(2, Purpose::Research, vec![(m, RunKind::FineTune)], vec![]));
			// After the revocation, no purpose works, the ones never granted included.
			assert_ok!(Consent::do_revoke_consent(account(Sr25519Keyring::Alice), g));
			for purpose in Purpose::ALL {
				assert_noop!(
					train(3, purpose, vec![(m, RunKind::FineTune)], vec![]),
					LineageError::TaintedParent
				);
			}
		});
	}
}

/// The rewards pallet in the runtime, through the real lineage, consent and datasets
/// pallets: registration fixes royalty terms (or refuses a model that could not be paid, or
/// that would pass its parents more than its registrant agreed to), a usage payment on a
/// three-generation lineage credits exactly what `quote` says, entry fees included, every
/// planck of it, until claimed, and a `StopUse` revocation stops payment.
// Test arithmetic is on small known values.
#[allow(clippy::arithmetic_side_effects)]
mod royalties {
	use std::collections::{BTreeMap, BTreeSet};

	use codec::{Encode, MaxEncodedLen};
	use frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::Inspect, Get},
		BoundedVec,
	};
	use pallet_consent::{GrantTerms, Grantee};
	use pallet_lineage::{DerivativePolicy, InputRole, ModelSpec, RunKind, RunSpec, TrainingInput};
	use pallet_rewards::{Credit, CreditReason, RoyaltyPolicy, Source, SplitError};
	use provenance_primitives::{
		DatasetId, DerivativeScope, GrantId, ModelId, Purpose, Purposes, RevocationEffect,
	};
	use sp_core::H256;
	use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
	use sp_runtime::{DispatchError, Perbill};

	use super::consent_checked_training::{account, dataset, grant, h, new_ext};
	use crate::{
		AccountId, Balance, Balances, Datasets, Lineage, Rewards, Runtime, RuntimeEvent,
		RuntimeOrigin, System, EXISTENTIAL_DEPOSIT, UNIT,
	};

	type RewardsError = pallet_rewards::Error<Runtime>;
	type EntryFee = <Runtime as pallet_rewards::Config>::EntryFee;

	/// `owner`'s model trained on `inputs` (each `(dataset, grant, role)`), deriving from
	/// `parents`, that asks `min_share` of its derivatives if any, passing its parents at
	/// most `bound`.
	fn register(
		seed: u64,
		owner: Sr25519Keyring,
		parents: &[ModelId],
		inputs: &[(DatasetId, GrantId, InputRole)],
		min_share: Option<Perbill>,
		bound: Perbill,
	) -> Result<ModelId, DispatchError> {
		Lineage::do_register_model(
			account(owner),
			ModelSpec {
				weights_hash: h(seed),
				name: BoundedVec::truncate_from(b"model".to_vec()),
				version: BoundedVec::truncate_from(b"1".to_vec()),
				uri: BoundedVec::default(),
				license: BoundedVec::truncate_from(b"Apache-2.0".to_vec()),
				card_hash: H256::zero(),
				policy: min_share.map_or(DerivativePolicy::Open, |min_share| {
					DerivativePolicy::RoyaltyRequired { min_share }
				}),
			},
			RunSpec {
				kind: if parents.is_empty() { RunKind::Pretrain } else { RunKind::FineTune },
				parents: BoundedVec::truncate_from(
					parents.iter().map(|p| (*p, RunKind::FineTune)).collect(),
				),
				inputs: BoundedVec::truncate_from(
					inputs
						.iter()
						.map(|(dataset, grant, role)| TrainingInput {
							dataset: *dataset,
							role: *role,
							grant: *grant,
						})
						.collect(),
				),
				purpose: Purpose::Training,
				config_hash: H256::zero(),
				code_hash: H256::zero(),
				compute_provider: None,
				max_parent_share: bound,
				max_basis: u32::MAX,
			},
		)
	}

	/// As [`register`], agreeing to whatever the parents ask.
	fn model(
		seed: u64,
		owner: Sr25519Keyring,
		parents: &[ModelId],
		inputs: &[(DatasetId, GrantId, InputRole)],
		min_share: Option<Perbill>,
	) -> Result<ModelId, DispatchError> {
		register(seed, owner, parents, inputs, min_share, Perbill::one())
	}

	/// Alice's dataset `n` with a training grant to `trainer`.
	fn consented(n: u64, trainer: Sr25519Keyring) -> (DatasetId, GrantId) {
		let d = dataset(n);
		(d, grant(d, trainer, &[Purpose::Training], None, None))
	}

	/// Alice's dataset `n` with a training grant to `trainer` whose revocation has `effect`.
	fn consented_with(
		n: u64,
		trainer: Sr25519Keyring,
		effect: RevocationEffect,
	) -> (DatasetId, GrantId) {
		let d = dataset(n);
		let purposes: Purposes = BTreeSet::from([Purpose::Training]).try_into().expect("fits");
		let g = pallet_consent::Pallet::<Runtime>::do_grant_consent(
			account(Alice),
			d,
			Grantee::Account(account(trainer)),
			purposes,
			None,
			None,
			GrantTerms {
				derivatives: DerivativeScope::Anyone,
				on_revoke: effect,
				..GrantTerms::with_hash(H256::zero())
			},
		)
		.expect("grant made");
		(d, g)
	}

	fn pot() -> AccountId {
		Rewards::account_id()
	}

	/// The shared genesis, with Dave, Eve and Ferdie funded too.
	fn ext() -> sp_io::TestExternalities {
		use frame_support::traits::fungible::Mutate;
		let mut ext = new_ext();
		ext.execute_with(|| {
			for k in [Dave, Eve, Ferdie] {
				Balances::set_balance(&account(k), 10_000 * UNIT);
			}
		});
		ext
	}

	/// Every `RoyaltyTermsFixed` event so far.
	fn terms_fixed_events() -> Vec<(ModelId, RoyaltyPolicy, Vec<Perbill>)> {
		System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Rewards(pallet_rewards::Event::RoyaltyTermsFixed {
					model,
					policy,
					parent_minimums,
				}) => Some((model, policy, parent_minimums)),
				_ => None,
			})
			.collect()
	}

	/// Every `Credited` event so far.
	fn credited_events() -> Vec<Credit<AccountId, Balance>> {
		System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Rewards(pallet_rewards::Event::Credited {
					account,
					amount,
					model,
					reason,
				}) => Some(Credit { account, amount, model, reason }),
				_ => None,
			})
			.collect()
	}

	/// Where a credit's income comes from, as the rewards docs define it.
	fn source_of(c: &Credit<AccountId, Balance>) -> Source {
		match c.reason {
			CreditReason::DatasetContributor { dataset }
			| CreditReason::DatasetOwner { dataset } => Source::Dataset(dataset),
			_ => Source::Model(c.model),
		}
	}

	/// The new storage entries paying `credits` now would create, per account in first-seen
	/// order: a first claimable balance, and each source it never earned from.
	fn new_entries(credits: &[Credit<AccountId, Balance>]) -> Vec<(AccountId, u32)> {
		let mut lines: Vec<(AccountId, u32)> = Vec::new();
		let mut sources = BTreeSet::new();
		for c in credits {
			if !lines.iter().any(|(who, _)| *who == c.account) {
				let first = !pallet_rewards::Claimable::<Runtime>::contains_key(&c.account);
				lines.push((c.account.clone(), u32::from(first)));
			}
			let source = source_of(c);
			if sources.insert((c.account.clone(), source))
				&& !pallet_rewards::Earnings::<Runtime>::contains_key(&c.account, source)
			{
				if let Some((_, n)) = lines.iter_mut().find(|(who, _)| *who == c.account) {
					*n += 1;
				}
			}
		}
		lines.retain(|(_, n)| *n > 0);
		lines
	}

	fn sum_of(credits: &[Credit<AccountId, Balance>], who: &AccountId) -> Balance {
		credits.iter().filter(|c| &c.account == who).map(|c| c.amount).sum()
	}

	#[test]
	fn the_largest_payment_settlement_and_registration_fit_in_a_block() {
		use frame_support::dispatch::DispatchClass;
		use pallet_rewards::WeightInfo as _;
		type RewardsWeights = <Runtime as pallet_rewards::Config>::WeightInfo;
		type R = <Runtime as pallet_rewards::Config>::MaxSplitModels;
		type D = <Runtime as pallet_rewards::Config>::MaxSplitDatasets;
		type B = <Runtime as pallet_lineage::Config>::MaxBasisGrants;
		type S = <Runtime as pallet_rewards::Config>::MaxSettleBatch;

		let limits = crate::configs::RuntimeBlockWeights::get();
		let max = limits.get(DispatchClass::Normal).max_extrinsic.unwrap_or(limits.max_block);
		// The bounds `pay_usage` is weighed for before it runs: every credit to a new account.
		type Rewards = pallet_rewards::Pallet<Runtime>;
		let pay = Rewards::max_pay_weight();
		let credits = Rewards::max_credits();
		assert_eq!(credits, 32 * 64 + 3 * 32 + 1);
		assert_eq!(pay, Rewards::pay_weight(R::get(), D::get(), B::get(), credits));
		assert!(pay.all_lte(max), "pay_usage {pay:?} over {max:?}");
		// A settled pool entry takes two of the largest splits: they fit in one extrinsic.
		assert!(pay.ref_time() < max.ref_time() / 2, "pay_usage {pay:?} over half of {max:?}");
		let settle = pallet_rewards::Pallet::<Runtime>::settle_weight(S::get());
		assert!(settle.all_lte(max), "settle_pool {settle:?} over {max:?}");
		println!(
			"pay_usage at its bounds: {pay:?}; settle_pool: {settle:?}; max extrinsic: {max:?}"
		);
		let register =
			pallet_lineage::Pallet::<Runtime>::register_weight(64 + 32 + 512, 8, 32, B::get());
		assert!(register.all_lte(max), "register_model {register:?} over {max:?}");
		for (name, w) in [
			("set_royalty_policy", RewardsWeights::set_royalty_policy()),
			("claim_rewards", RewardsWeights::claim_rewards()),
			("open_pool", RewardsWeights::open_pool()),
			("submit_score", RewardsWeights::submit_score()),
		] {
			assert!(w.all_lte(max), "{name} {w:?} over {max:?}");
		}
	}

	#[test]
	fn the_runtimes_bounds_meet_the_pallets_requirements() {
		use frame_support::traits::Hooks;
		type Inputs = <Runtime as pallet_lineage::Config>::MaxInputs;
		type Parents = <Runtime as pallet_lineage::Config>::MaxParents;
		type D = <Runtime as pallet_rewards::Config>::MaxSplitDatasets;
		type R = <Runtime as pallet_rewards::Config>::MaxSplitModels;
		let (datasets, inputs): (u32, u32) = (D::get(), Inputs::get());
		assert!(datasets >= inputs);
		let (models, parents): (u32, u32) = (R::get(), Parents::get());
		assert!(models > parents);
		let fee: Balance = EntryFee::get();
		assert_eq!(fee, EXISTENTIAL_DEPOSIT);
		ext().execute_with(|| {
			<pallet_rewards::Pallet<Runtime> as Hooks<crate::BlockNumber>>::integrity_test();
		});
	}

	#[test]
	fn the_pool_deposit_covers_a_full_pool() {
		type Entries = <Runtime as pallet_rewards::Config>::MaxPoolEntries;
		type Deposit = <Runtime as pallet_rewards::Config>::PoolDeposit;
		type PerByte = <Runtime as pallet_lineage::Config>::ModelDepositPerByte;
		let full = pallet_rewards::PoolOf::<Runtime>::max_encoded_len()
			+ BoundedVec::<ModelId, Entries>::max_encoded_len()
			+ pallet_rewards::ScoresOf::<Runtime>::max_encoded_len()
				* <Entries as Get<u32>>::get() as usize;
		// The per-byte rate is a dynamic parameter: read it from storage.
		ext().execute_with(|| {
			assert!(Deposit::get() >= PerByte::get() * full as Balance, "{}", Deposit::get());
			// And it is no more than a sponsor should think twice about.
			assert!(Deposit::get() < UNIT, "{}", Deposit::get());
		});
	}

	#[test]
	fn genesis_endows_the_pallet_account_with_the_existential_deposit() {
		ext().execute_with(|| {
			assert_eq!(Balances::balance(&pot()), EXISTENTIAL_DEPOSIT);
			assert_eq!(Rewards::total_claimable(), 0);
			assert_eq!(Rewards::do_try_state(), Ok(()));
		});
	}

	#[test]
	fn a_derivative_below_its_parents_minimums_is_refused_and_consumes_nothing() {
		ext().execute_with(|| {
			let (d0, g0) = consented(1, Bob);
			let (d1, g1) = consented(2, Charlie);
			let half = Perbill::from_percent(50);
			let a = model(1, Bob, &[], &[(d0, g0, InputRole::Train)], Some(half)).expect("a");
			let forty = Perbill::from_percent(40);
			let b = model(2, Charlie, &[], &[(d1, g1, InputRole::Train)], Some(forty)).expect("b");
			// 50% + 40% to the parents and the default 20% to datasets is over 100%.
			let (d2, g2) = consented(3, Dave);
			let next = pallet_lineage::NextModelId::<Runtime>::get();
			assert_noop!(
				model(3, Dave, &[a, b], &[(d2, g2, InputRole::Train)], None),
				RewardsError::BelowParentMinimum
			);
			assert_eq!(pallet_consent::Grants::<Runtime>::get(g2).map(|g| g.uses), Some(0));
			// Checked before consent is: with a grant Dave may not use, the royalty refusal
			// is still what is reported.
			assert_noop!(
				model(3, Dave, &[a, b], &[(d1, g1, InputRole::Train)], None),
				RewardsError::BelowParentMinimum
			);
			assert_eq!(pallet_lineage::NextModelId::<Runtime>::get(), next);

			// One parent's minimum can be met: the child starts with its parent share raised.
			let child = model(4, Dave, &[a], &[(d2, g2, InputRole::Train)], None).expect("child");
			let expected = RoyaltyPolicy {
				parent_share: half,
				dataset_share: Perbill::from_percent(20),
				min_derivative_share: Perbill::zero(),
			};
			assert_eq!(Rewards::royalty_policy(child), Some(expected));
			assert_eq!(Rewards::parent_minimums(child), Some(vec![half]));
			let default = <Runtime as pallet_rewards::Config>::DefaultPolicy::get();
			assert_eq!(
				terms_fixed_events(),
				vec![(a, default, vec![]), (b, default, vec![]), (child, expected, vec![half])]
			);
			// And it may not lower it afterwards.
			assert_noop!(
				Rewards::set_royalty_policy(
					RuntimeOrigin::signed(account(Dave)),
					child,
					RoyaltyPolicy { parent_share: Perbill::from_percent(10), ..expected }
				),
				RewardsError::ShareLowered
			);
		});
	}

	#[test]
	fn a_parent_share_above_the_registrants_bound_is_refused_and_consumes_nothing() {
		ext().execute_with(|| {
			let (d0, g0) = consented(1, Bob);
			let (d1, g1) = consented(2, Charlie);
			let thirty = Perbill::from_percent(30);
			let a = model(1, Bob, &[], &[(d0, g0, InputRole::Train)], Some(thirty)).expect("a");
			let b = model(2, Charlie, &[], &[(d1, g1, InputRole::Train)], None).expect("b");
			let (d2, g2) = consented(3, Dave);
			let input = [(d2, g2, InputRole::Train)];
			// A and B ask 30% together; Dave agreed to 29.9999999%.
			let below = Perbill::from_parts(thirty.deconstruct() - 1);
			let (free, next) =
				(Balances::balance(&account(Dave)), pallet_lineage::NextModelId::<Runtime>::get());
			assert_noop!(
				register(3, Dave, &[a, b], &input, None, below),
				RewardsError::ParentShareAboveBound
			);
			assert_eq!(pallet_consent::Grants::<Runtime>::get(g2).map(|g| g.uses), Some(0));
			assert_eq!(Balances::balance(&account(Dave)), free);
			assert_eq!(pallet_lineage::NextModelId::<Runtime>::get(), next);
			// A bound of exactly what they ask registers, with each parent's share fixed.
			let child = register(3, Dave, &[a, b], &input, None, thirty).expect("child");
			assert_eq!(Rewards::parent_minimums(child), Some(vec![thirty, Perbill::zero()]));
			assert_eq!(Rewards::royalty_policy(child).map(|p| p.parent_share), Some(thirty));
			// The default parent share is what the bound is checked against when it is higher
			// than the parents' minimums.
			let (d3, g3) = consented(4, Dave);
			assert_noop!(
				register(
					4,
					Dave,
					&[b],
					&[(d3, g3, InputRole::Train)],
					None,
					Perbill::from_percent(9)
				),
				RewardsError::ParentShareAboveBound
			);
			// Without parents there is nothing to bound.
			assert_ok!(register(
				4,
				Dave,
				&[],
				&[(d3, g3, InputRole::Train)],
				None,
				Perbill::zero()
			));
		});
	}

	#[test]
	fn a_parent_raising_its_minimum_later_leaves_its_derivatives_terms_alone() {
		ext().execute_with(|| {
			let (d0, g0) = consented(1, Bob);
			let ten = Perbill::from_percent(10);
			let a = model(1, Bob, &[], &[(d0, g0, InputRole::Train)], Some(ten)).expect("a");
			let (d1, g1) = consented(2, Charlie);
			let child =
				model(2, Charlie, &[a], &[(d1, g1, InputRole::Train)], None).expect("child");
			let amount = 100 * UNIT + 3;
			let before = Rewards::quote(child, amount).expect("quote");
			assert_eq!(Rewards::parent_minimums(child), Some(vec![ten]));

			let raised = RoyaltyPolicy {
				min_derivative_share: Perbill::from_percent(40),
				..Rewards::royalty_policy(a).expect("a's policy")
			};
			assert_ok!(Rewards::set_royalty_policy(RuntimeOrigin::signed(account(Bob)), a, raised));
			assert_eq!(Rewards::parent_minimums(child), Some(vec![ten]));
			assert_eq!(Rewards::breakdown(child, amount), Ok(before.credits.clone()));
			assert_eq!(Rewards::quote(child, amount), Ok(before));
			// A derivative registered from now on owes the raised share.
			let (d2, g2) = consented(3, Dave);
			let later = model(3, Dave, &[a], &[(d2, g2, InputRole::Train)], None).expect("later");
			assert_eq!(Rewards::parent_minimums(later), Some(vec![Perbill::from_percent(40)]));
		});
	}

	#[test]
	fn usage_on_a_grandchild_credits_what_quote_says_and_claims_pay_it_out() {
		ext().execute_with(|| {
			// D0 has two contributors, D2 three; D1 none (its owner, Alice, is paid).
			let (d0, g0) = consented(1, Bob);
			let (d1, g1) = consented(2, Bob);
			let (c1, c2, c3) = (account(Eve), account(Ferdie), account(Dave));
			assert_ok!(Datasets::do_set_contributors(
				&account(Alice),
				d0,
				BoundedVec::truncate_from(vec![
					(c1.clone(), Perbill::from_percent(60)),
					(c2.clone(), Perbill::from_percent(40)),
				]),
			));
			let m0 = model(
				1,
				Bob,
				&[],
				&[(d0, g0, InputRole::Train), (d1, g1, InputRole::Validation)],
				Some(Perbill::from_percent(10)),
			)
			.expect("m0");
			let (d2, g2) = consented(3, Charlie);
			assert_ok!(Datasets::do_set_contributors(
				&account(Alice),
				d2,
				BoundedVec::truncate_from(vec![
					(c3.clone(), Perbill::from_percent(50)),
					(c1.clone(), Perbill::from_percent(25)),
					(c2.clone(), Perbill::from_percent(25)),
				]),
			));
			let m1 = model(2, Charlie, &[m0], &[(d2, g2, InputRole::Train)], None).expect("m1");
			let m2 = model(3, Dave, &[m1], &[], None).expect("m2");

			let amount: Balance = 1_000 * UNIT + 7;
			let credits = Rewards::breakdown(m2, amount).expect("breakdown");
			assert_eq!(credits.iter().map(|c| c.amount).sum::<Balance>(), amount);
			// Every kind of payee is reached: owners of three generations, contributors of
			// two datasets, the owner of a dataset without contributors.
			let reasons: Vec<_> = credits.iter().map(|c| (c.model, c.reason)).collect();
			for expected in [
				(m2, CreditReason::ModelOwner),
				(m1, CreditReason::ModelOwner),
				(m0, CreditReason::ModelOwner),
				(m1, CreditReason::DatasetContributor { dataset: d2 }),
				(m0, CreditReason::DatasetContributor { dataset: d0 }),
				(m0, CreditReason::DatasetOwner { dataset: d1 }),
			] {
				assert!(reasons.contains(&expected), "{expected:?} in {reasons:?}");
			}
			// The quote: the same credits, and an entry fee for every entry they create.
			let quote = Rewards::quote(m2, amount).expect("quote");
			assert_eq!(quote.credits, credits);
			let entries = new_entries(&credits);
			assert_eq!(
				quote.entry_fees.iter().map(|l| (l.account.clone(), l.entries)).collect::<Vec<_>>(),
				entries
			);
			for line in &quote.entry_fees {
				assert_eq!(line.amount, EXISTENTIAL_DEPOSIT * Balance::from(line.entries));
			}
			// Every payee is new: a claimable balance each, and one entry per source.
			let payees: BTreeSet<AccountId> = credits.iter().map(|c| c.account.clone()).collect();
			assert_eq!(entries.len(), payees.len());
			let fees: Balance = quote.entry_fees.iter().map(|l| l.amount).sum();
			assert_eq!(quote.charged, amount + fees);
			let fee_of = |who: &AccountId| -> Balance {
				quote.entry_fees.iter().filter(|l| &l.account == who).map(|l| l.amount).sum()
			};

			let payer = account(Eve);
			let before = Balances::balance(&payer);
			System::reset_events();
			assert_ok!(Rewards::pay_usage(RuntimeOrigin::signed(payer.clone()), m2, amount));
			assert_eq!(Balances::balance(&payer), before - quote.charged);
			assert_eq!(Balances::balance(&pot()), quote.charged + EXISTENTIAL_DEPOSIT);
			assert_eq!(Rewards::total_claimable(), quote.charged);
			let everyone = [Alice, Bob, Charlie, Dave, Eve, Ferdie].map(account);
			for who in &everyone {
				assert_eq!(Rewards::claimable(who), sum_of(&credits, who) + fee_of(who), "{who:?}");
			}
			assert!(System::events().iter().any(|r| r.event
				== RuntimeEvent::Rewards(pallet_rewards::Event::UsagePaid {
					model: m2,
					payer: payer.clone(),
					amount,
					entry_fees: fees,
				})));
			// One `Credited` event per credit, in the quote's order, then one per entry fee.
			let mut expected_events = credits.clone();
			expected_events.extend(quote.entry_fees.iter().map(|l| Credit {
				account: l.account.clone(),
				amount: l.amount,
				model: m2,
				reason: CreditReason::EntryFee,
			}));
			assert_eq!(credited_events(), expected_events);
			// Income per source: the credits, entry fees aside.
			for who in &everyone {
				let mut expected: BTreeMap<Source, Balance> = BTreeMap::new();
				for c in credits.iter().filter(|c| &c.account == who) {
					*expected.entry(source_of(c)).or_default() += c.amount;
				}
				let page = Rewards::earnings(who, None, 100).expect("a page");
				assert_eq!(page.next, None);
				assert_eq!(page.items.into_iter().collect::<BTreeMap<_, _>>(), expected, "{who:?}");
			}
			assert_eq!(Rewards::do_try_state(), Ok(()));

			// A second payment creates no entry: no fees.
			let again = Rewards::quote(m2, amount).expect("quote");
			assert_eq!((again.entry_fees.len(), again.charged), (0, amount));

			// Everyone claims; the pot is back to its existential deposit.
			for who in &everyone {
				let (owed, before) = (Rewards::claimable(who), Balances::balance(who));
				if owed == 0 {
					assert_noop!(
						Rewards::claim_rewards(RuntimeOrigin::signed(who.clone())),
						RewardsError::NothingToClaim
					);
					continue;
				}
				assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(who.clone())));
				assert_eq!(Balances::balance(who), before + owed);
				assert_eq!(Rewards::claimable(who), 0);
			}
			assert_eq!(Rewards::total_claimable(), 0);
			assert_eq!(Balances::balance(&pot()), EXISTENTIAL_DEPOSIT);
			assert_eq!(Rewards::do_try_state(), Ok(()));
		});
	}

	#[test]
	fn a_stop_use_revocation_stops_payment_up_and_down_the_lineage_no_new_training_does_not() {
		ext().execute_with(|| {
			let (d0, g0) = consented(1, Bob);
			let stopped = model(1, Bob, &[], &[(d0, g0, InputRole::Train)], None).expect("m");
			let (d1, g1) = consented(2, Charlie);
			let child =
				model(2, Charlie, &[stopped], &[(d1, g1, InputRole::Train)], None).expect("child");
			let (d2, g2) = consented_with(3, Bob, RevocationEffect::NoNewTraining);
			let kept = model(3, Bob, &[], &[(d2, g2, InputRole::Train)], None).expect("kept");
			let (d3, g3) = consented(4, Charlie);
			let kept_child =
				model(4, Charlie, &[kept], &[(d3, g3, InputRole::Train)], None).expect("child");

			System::set_block_number(2);
			assert_ok!(pallet_consent::Pallet::<Runtime>::do_revoke_consent(account(Alice), g0));
			assert_ok!(pallet_consent::Pallet::<Runtime>::do_revoke_consent(account(Alice), g2));
			let amount = 10 * UNIT;
			let payer = RuntimeOrigin::signed(account(Eve));
			for m in [stopped, child] {
				assert_noop!(
					Rewards::pay_usage(payer.clone(), m, amount),
					RewardsError::ConsentWithdrawn
				);
				assert_eq!(
					Rewards::quote(m, amount),
					Err(SplitError::ConsentWithdrawn { grant: g0 }),
					"model {m}"
				);
			}
			// Under `NoNewTraining` the dataset's owner goes on being paid, by the model and
			// by its derivative.
			for m in [kept, kept_child] {
				let quote = Rewards::quote(m, amount).expect("payable");
				assert!(
					quote.credits.iter().any(|c| c.account == account(Alice)
						&& c.reason == CreditReason::DatasetOwner { dataset: d2 }),
					"model {m}: {:?}",
					quote.credits
				);
				let before = Rewards::claimable(&account(Alice));
				assert_ok!(Rewards::pay_usage(payer.clone(), m, amount));
				assert_eq!(
					Rewards::claimable(&account(Alice)),
					before
						+ sum_of(&quote.credits, &account(Alice))
						+ quote
							.entry_fees
							.iter()
							.filter(|l| l.account == account(Alice))
							.map(|l| l.amount)
							.sum::<Balance>()
				);
			}
			assert_eq!(Rewards::do_try_state(), Ok(()));
		});
	}

	#[test]
	fn a_lineage_too_large_for_one_split_is_refused_and_deposits_pay_for_the_terms() {
		ext().execute_with(|| {
			type D = <Runtime as pallet_rewards::Config>::MaxSplitDatasets;
			type Depth = <Runtime as pallet_rewards::Config>::MaxRoyaltyDepth;
			// Generations of 8-input fine-tunes: a payment on generation `n` visits 8 * (n + 1)
			// datasets while within the royalty depth.
			const WIDTH: u64 = 8;
			let (budget, depth): (u32, u32) = (D::get(), Depth::get());
			let generations = u64::from(budget) / WIDTH;
			assert!(generations <= u64::from(depth), "the budget binds before the depth");
			let mut n = 0u64;
			let mut inputs = |trainer: Sr25519Keyring| -> Vec<(DatasetId, GrantId, InputRole)> {
				(0..WIDTH)
					.map(|_| {
						n += 1;
						let (d, g) = consented(n, trainer);
						(d, g, InputRole::Train)
					})
					.collect()
			};
			// The first dataset lists contributors: its snapshot is paid for once.
			let first = inputs(Bob);
			assert_ok!(Datasets::do_set_contributors(
				&account(Alice),
				first[0].0,
				BoundedVec::truncate_from(vec![(account(Ferdie), Perbill::one())]),
			));
			let mut parent = model(1, Bob, &[], &first, None).expect("generation 0");
			let mut lineage = vec![parent];
			for g in 1..generations {
				let own = inputs(Charlie);
				parent = model(1 + g, Charlie, &[parent], &own, None).expect("a generation");
				lineage.push(parent);
			}
			// The last generation that fits is payable, to the last dataset.
			let split = Rewards::split(parent, 10 * UNIT).expect("payable");
			assert_eq!(split.datasets, budget);
			assert_ok!(Rewards::pay_usage(RuntimeOrigin::signed(account(Eve)), parent, 10 * UNIT));

			// One generation more is refused before anything is consumed.
			let own = inputs(Dave);
			let seed = 1 + generations;
			assert_noop!(model(seed, Dave, &[parent], &own, None), RewardsError::TooComplex);
			assert!(own.iter().all(|(_, g, _)| {
				pallet_consent::Grants::<Runtime>::get(g).map(|g| g.uses) == Some(0)
			}));
			// Without inputs of its own it fits.
			let tiny = model(seed, Dave, &[parent], &[], None).expect("no inputs of its own");
			lineage.push(tiny);

			// Each model's deposit pays for its record and for the terms the rewards pallet
			// stored for it: the policy, the terms, and each new contributor snapshot.
			let snapshots: Vec<_> =
				pallet_rewards::ContributorSnapshots::<Runtime>::iter().collect();
			assert_eq!(snapshots.len(), 1);
			let snapshot_bytes = snapshots[0].encoded_size();
			for (i, m) in lineage.iter().enumerate() {
				let record = pallet_lineage::Models::<Runtime>::get(m).expect("record");
				let terms = pallet_rewards::Terms::<Runtime>::get(m).expect("terms");
				let mut bytes = RoyaltyPolicy::max_encoded_len() + terms.encoded_size();
				if i == 0 {
					bytes += snapshot_bytes;
				}
				let text = record.name.len() + record.version.len() + record.uri.len();
				let expected = Lineage::model_deposit(
					text,
					record.license.len(),
					&record.run.parents,
					&record.run.inputs,
					&record.consent_basis,
				) + Lineage::royalty_deposit(bytes as u32);
				assert_eq!(record.deposit, expected, "model {m}");
			}
		});
	}
}

/// Account-level delegation with `pallet-proxy`: a hospital's data-protection officer
/// manages consent on every dataset the hospital owns, and can do nothing else for it.
mod proxies {
	use frame_support::{assert_ok, traits::fungible::Inspect, BoundedVec};
	use pallet_consent::{GrantTerms, Grantee};
	use provenance_primitives::{DatasetId, Purpose, Purposes};
	use sp_core::H256;
	use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
	use sp_runtime::{traits::Dispatchable, DispatchError};

	use super::consent_checked_training::{account, dataset, grant, new_ext};
	use crate::{
		configs::ProxyType, Balances, Consent, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
		System, UNIT,
	};

	/// Alice (the hospital) names Dave (its DPO) her consent manager.
	fn with_manager() {
		assert_ok!(pallet_proxy::Pallet::<Runtime>::add_proxy(
			RuntimeOrigin::signed(account(Alice)),
			sp_runtime::MultiAddress::Id(account(Dave)),
			ProxyType::ConsentManager,
			0,
		));
	}

	/// Dave calls `call` as Alice; returns what the proxied call returned.
	fn as_alice(call: RuntimeCall) -> Result<(), DispatchError> {
		System::reset_events();
		assert_ok!(RuntimeCall::Proxy(pallet_proxy::Call::proxy {
			real: sp_runtime::MultiAddress::Id(account(Alice)),
			force_proxy_type: None,
			call: Box::new(call),
		})
		.dispatch(RuntimeOrigin::signed(account(Dave))));
		System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
				_ => None,
			})
			.expect("the proxy call ran")
	}

	fn purposes(list: &[Purpose]) -> Purposes {
		list.iter().copied().collect::<std::collections::BTreeSet<_>>().try_into().expect("fit")
	}

	#[test]
	fn the_manager_grants_and_revokes_on_every_dataset_of_the_organisation() {
		new_ext().execute_with(|| {
			let (d1, d2): (DatasetId, DatasetId) = (dataset(1), dataset(2));
			let old = grant(d1, Bob, &[Purpose::Research], None, None);
			with_manager();
			for d in [d1, d2] {
				assert_ok!(as_alice(RuntimeCall::Consent(pallet_consent::Call::grant_consent {
					dataset: d,
					grantee: Grantee::Account(account(Charlie)),
					purposes: purposes(&[Purpose::Training]),
					expires_at: None,
					max_uses: None,
					terms: GrantTerms::with_hash(H256::zero()),
				})));
			}
			// Grants made through the proxy are Alice's, and so is the deposit.
			let info = Consent::grant_info(old + 1).expect("granted");
			assert_eq!(info.grantor, account(Alice));
			assert_ok!(as_alice(RuntimeCall::Consent(pallet_consent::Call::revoke_consent {
				grant: old
			})));
			assert!(Consent::grant_info(old).expect("kept").revoked_at.is_some());
			// Dave on his own has no say over Alice's datasets.
			assert_eq!(
				Consent::revoke_consent(RuntimeOrigin::signed(account(Dave)), old + 1),
				Err(pallet_consent::Error::<Runtime>::NotAllowed.into())
			);
		});
	}

	/// Attack: the consent manager tries to move funds, hand away a dataset, register or
	/// transfer models, claim rewards, or add proxies, all as the hospital.
	#[test]
	fn the_manager_can_do_nothing_else() {
		new_ext().execute_with(|| {
			let d = dataset(1);
			with_manager();
			let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
			let before = Balances::balance(&account(Alice));
			let forbidden = [
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: sp_runtime::MultiAddress::Id(account(Dave)),
					value: UNIT,
				}),
				RuntimeCall::Datasets(pallet_datasets::Call::transfer_ownership {
					id: d,
					new_owner: account(Dave),
				}),
				RuntimeCall::Lineage(pallet_lineage::Call::transfer_model {
					model: 0,
					new_owner: account(Dave),
				}),
				RuntimeCall::Lineage(pallet_lineage::Call::deprecate_model { model: 0 }),
				RuntimeCall::Rewards(pallet_rewards::Call::claim_rewards {}),
				RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
					delegate: sp_runtime::MultiAddress::Id(account(Charlie)),
					proxy_type: ProxyType::Any,
					delay: 0,
				}),
				RuntimeCall::System(frame_system::Call::remark { remark: vec![1] }),
				// Naming itself delegate would outlast its removal as a proxy.
				RuntimeCall::Datasets(pallet_datasets::Call::set_delegate {
					id: d,
					delegate: Some(account(Dave)),
				}),
				// Naming itself contributor would redirect the dataset's rewards.
				RuntimeCall::Datasets(pallet_datasets::Call::set_contributors {
					id: d,
					contributors: BoundedVec::truncate_from(vec![(
						account(Dave),
						sp_runtime::Perbill::one(),
					)]),
				}),
			];
			for call in forbidden {
				assert_eq!(as_alice(call.clone()), Err(filtered), "{call:?}");
			}
			assert_eq!(Balances::balance(&account(Alice)), before);
			assert_eq!(pallet_datasets::PendingOwner::<Runtime>::get(d), None);
			// Dataset management that keeps ownership is allowed.
			assert_ok!(as_alice(RuntimeCall::Datasets(pallet_datasets::Call::update_metadata {
				id: d,
				metadata_hash: H256::repeat_byte(3),
				uri: BoundedVec::truncate_from(b"ipfs://v2".to_vec()),
			})));
		});
	}

	#[test]
	fn a_consent_manager_cannot_be_forced_to_act_as_any() {
		new_ext().execute_with(|| {
			with_manager();
			System::reset_events();
			let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
			assert!(RuntimeCall::Proxy(pallet_proxy::Call::proxy {
				real: sp_runtime::MultiAddress::Id(account(Alice)),
				force_proxy_type: Some(ProxyType::Any),
				call: Box::new(call),
			})
			.dispatch(RuntimeOrigin::signed(account(Dave)))
			.is_err());
		});
	}
}

/// The metadata the `provenance` client is generated from (`client/metadata/provenance.scale`)
/// must be this runtime's. `scripts/update-metadata.sh` rewrites it.
#[test]
fn client_metadata_is_current() {
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../client/metadata/provenance.scale");
	// Constants that are dynamic parameters read storage (their defaults, here).
	let metadata = sp_io::TestExternalities::default()
		.execute_with(|| crate::Runtime::metadata_at_version(CLIENT_METADATA_VERSION))
		.expect("the runtime offers this metadata version");
	// The prefixed metadata's encoding, as subxt reads it from a file.
	let bytes: Vec<u8> = (*metadata).clone();
	if std::env::var_os("PROVENANCE_WRITE_METADATA").is_some() {
		std::fs::write(path, &bytes).expect("write the client metadata");
	}
	let stored = std::fs::read(path).unwrap_or_default();
	assert!(
		stored == bytes,
		"client/metadata/provenance.scale is stale: run scripts/update-metadata.sh and rebuild the client"
	);
}

/// The metadata version the client is generated from.
const CLIENT_METADATA_VERSION: u32 = 16;
