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
fn offers_development_and_local_testnet_presets() {
	let names = presets::preset_names();
	assert_eq!(names, vec!["development".to_string(), "local_testnet".to_string()]);
	assert!(presets::get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn development_preset_has_alice_as_sole_authority_and_sudo() {
	let p = preset("development");
	let aura = p["aura"]["authorities"].as_array().expect("aura authorities");
	assert_eq!(aura.len(), 1);
	assert_eq!(aura[0], ss58(Sr25519Keyring::Alice));
	let grandpa = p["grandpa"]["authorities"].as_array().expect("grandpa authorities");
	assert_eq!(grandpa.len(), 1);
	assert_eq!(grandpa[0][0], {
		use sp_core::crypto::Ss58Codec;
		Ed25519Keyring::Alice.public().to_ss58check()
	});
	assert_eq!(p["sudo"]["key"], ss58(Sr25519Keyring::Alice));
}

#[test]
fn local_testnet_preset_has_four_authorities() {
	let p = preset("local_testnet");
	let aura: Vec<&str> = p["aura"]["authorities"]
		.as_array()
		.expect("aura authorities")
		.iter()
		.filter_map(Value::as_str)
		.collect();
	let expected: Vec<String> =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.into_iter()
			.map(ss58)
			.collect();
	assert_eq!(aura, expected);
	assert_eq!(p["grandpa"]["authorities"].as_array().map(Vec::len), Some(4));
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

#[test]
fn every_preset_builds_a_genesis_state() {
	use crate::{Aura, Balances, BuildStorage, Grandpa, RuntimeGenesisConfig};

	for (name, authorities) in [("development", 1), ("local_testnet", 4)] {
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("default");
		merge(&mut config, preset(name));
		let config: RuntimeGenesisConfig = serde_json::from_value(config).expect(name);
		let storage = config.build_storage().expect(name);
		sp_io::TestExternalities::new(storage).execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<crate::Runtime>::get().len(), authorities);
			assert_eq!(Grandpa::grandpa_authorities().len(), authorities);
			let alice = Sr25519Keyring::Alice.to_account_id();
			assert_eq!(Balances::free_balance(&alice), presets::ENDOWMENT);
			assert_eq!(pallet_sudo::Key::<crate::Runtime>::get(), Some(alice));
			assert_eq!(Aura::slot_duration(), crate::SLOT_DURATION);
		});
	}
}
