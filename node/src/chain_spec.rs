//! Built-in chain specifications, made from the runtime's genesis presets.

use provenance_runtime::WASM_BINARY;
use sc_service::ChainType;

/// A chain specification for this runtime. No client extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> sc_service::Properties {
	let mut p = sc_service::Properties::new();
	p.insert("tokenSymbol".into(), "PROV".into());
	p.insert("tokenDecimals".into(), 12.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's Wasm binary is not available. It was built with SKIP_WASM_BUILD set; \
		 rebuild without it (see scripts/setup.sh)."
			.to_string()
	})
}

/// `--dev`: one authority (Alice), a temporary chain for development.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Provenance Development")
		.with_id("provenance_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: four authorities (Alice, Bob, Charlie, Dave) for a local network.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Provenance Local Testnet")
		.with_id("provenance_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain production`: the template of a live network, without sudo or development
/// accounts. Its validators, council and balances are empty until the operator fills them in
/// (docs/validator.md); building its genesis before then fails with the reason.
pub fn production_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Provenance")
		.with_id("provenance")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(
			provenance_runtime::genesis_config_presets::PRODUCTION_RUNTIME_PRESET,
		)
		.with_properties(properties())
		.build())
}
