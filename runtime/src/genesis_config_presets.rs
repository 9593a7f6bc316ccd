//! Genesis presets.
//!
//! - `development`: Alice is the one validator; Alice, Bob and Charlie are the council;
//!   Alice holds sudo; the well-known accounts are funded; Ferdie attests datasets.
//! - `local_testnet`: Alice, Bob, Charlie and Dave are the validators; otherwise as above.
//!
//! A validator's account is its stash (`//Alice//stash`), which receives its block fees; its
//! session keys are `//Alice`'s, which `--alice` (and `--dev`) put in the node's keystore.
//! So the accounts the tests transact with are never paid as authors.
//! - `production`: no sudo, no funded accounts, no validators and no council. The operator
//!   supplies them in the chain spec (`docs/validator.md`);
//!   a spec left empty fails to build, loudly, instead of starting a chain nobody governs.

use alloc::{vec, vec::Vec};

use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, Balance, BalancesConfig, CouncilMembershipConfig, DatasetsConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, ValidatorSetConfig, UNIT,
};

/// What each well-known development account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The name of the preset without sudo or development accounts.
pub const PRODUCTION_RUNTIME_PRESET: &str = "production";

/// A validator: its account and its session keys.
pub type Validator = (AccountId, AuraId, GrandpaId);

fn session_keys(aura: AuraId, grandpa: GrandpaId) -> SessionKeys {
	SessionKeys { aura, grandpa }
}

fn development_genesis(validators: Vec<Validator>) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: well_known_accounts().into_iter().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		validator_set: ValidatorSetConfig {
			initial_validators: validators.iter().map(|(a, _, _)| a.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, aura, grandpa)| {
					(account.clone(), account, session_keys(aura, grandpa))
				})
				.collect::<Vec<_>>(),
		},
		council_membership: CouncilMembershipConfig {
			members: vec![
				Sr25519Keyring::Alice.to_account_id(),
				Sr25519Keyring::Bob.to_account_id(),
				Sr25519Keyring::Charlie.to_account_id(),
			]
			.try_into()
			.unwrap_or_default(),
		},
		sudo: SudoConfig { key: Some(Sr25519Keyring::Alice.to_account_id()) },
		// Ferdie audits datasets on development chains.
		datasets: DatasetsConfig { attestors: vec![Sr25519Keyring::Ferdie.to_account_id()] },
	})
}

fn validator(stash: Sr25519Keyring, sr: Sr25519Keyring, ed: Ed25519Keyring) -> Validator {
	(stash.to_account_id(), sr.public().into(), ed.public().into())
}

fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// `development`: Alice alone produces and finalizes blocks and holds sudo.
pub fn development_config_genesis() -> Value {
	development_genesis(vec![validator(
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::Alice,
		Ed25519Keyring::Alice,
	)])
}

/// `local_testnet`: Alice, Bob, Charlie and Dave are the validators; Alice holds sudo.
pub fn local_config_genesis() -> Value {
	development_genesis(vec![
		validator(Sr25519Keyring::AliceStash, Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		validator(Sr25519Keyring::BobStash, Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		validator(Sr25519Keyring::CharlieStash, Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		validator(Sr25519Keyring::DaveStash, Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	])
}

/// `production`: no sudo key and nothing funded; every list is the operator's to fill.
pub fn production_config_genesis() -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: Vec::<(AccountId, Balance)>::new() },
		validator_set: ValidatorSetConfig { initial_validators: Vec::<AccountId>::new() },
		session: SessionConfig { keys: Vec::<(AccountId, AccountId, SessionKeys)>::new() },
		council_membership: CouncilMembershipConfig { members: Default::default() },
		sudo: SudoConfig { key: None },
		datasets: DatasetsConfig { attestors: Vec::<AccountId>::new() },
	})
}

/// Builds the genesis state from `config`, then refuses a genesis no one could run: one
/// without validators (no block would ever be produced) or whose validators lack session
/// keys. So `build-spec --raw` of an unfilled production spec fails with the reason.
pub fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
	frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(config)?;
	let validators = crate::Session::validators();
	if validators.is_empty() {
		return Err("the genesis names no validators: fill `validatorSet.initialValidators` and \
			 `session.keys` (see docs/validator.md)"
			.into());
	}
	if crate::Aura::authorities_len() != validators.len() {
		return Err("every genesis validator needs session keys in `session.keys`".into());
	}
	// Governance manages the set `validatorSet` holds; a set that only `session.keys` names
	// would be replaced wholesale by the first `add_validator`.
	if crate::ValidatorSet::validators() != validators {
		return Err("`validatorSet.initialValidators` must list exactly the accounts in \
		            `session.keys`, in the same order"
			.into());
	}
	Ok(())
}

/// The JSON patch of the preset with this id, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		PRODUCTION_RUNTIME_PRESET => production_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
	]
}
