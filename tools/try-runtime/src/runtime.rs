//! Calls into a Wasm runtime over a state, the way the node does: `sc_executor`'s
//! `WasmExecutor` with the node's host functions (`node/src/service.rs`: `HostFunctions =
//! sp_io::SubstrateHostFunctions`), and never native code, so that what is tested is the exact
//! blob an operator proposes.

use std::borrow::Cow;

use anyhow::{anyhow, bail, Context as _};
use codec::Decode;
use sc_executor::{WasmExecutionMethod, WasmExecutor};
use sp_core::{
	storage::well_known_keys,
	traits::{CallContext, ReadRuntimeVersionExt, RuntimeCode, WrappedRuntimeCode},
};
use sp_externalities::Extensions;
use sp_runtime::traits::BlakeTwo256;
use sp_state_machine::{Backend, OverlayedChanges, StateMachine};
use sp_version::RuntimeVersion;
use sp_weights::Weight;

/// The executor: the node's host functions, and no host function may be missing (as in the
/// node, a runtime that imports one the node lacks fails to instantiate).
pub type Executor = WasmExecutor<sp_io::SubstrateHostFunctions>;

/// The `TryRuntime` runtime API's id, as `decl_runtime_apis!` derives it: the first eight bytes
/// of the BLAKE2-256 hash of the trait's name.
pub fn try_runtime_api_id() -> [u8; 8] {
	sp_crypto_hashing::blake2_64(b"TryRuntime")
}

/// A Wasm executor like the node's (compiled with wasmtime, the default heap strategy).
pub fn executor() -> Executor {
	WasmExecutor::builder()
		.with_execution_method(WasmExecutionMethod::default())
		.with_max_runtime_instances(1)
		.with_runtime_cache_size(2)
		.build()
}

/// A runtime blob (compressed or not) with the hash the executor caches it by.
pub struct Code {
	/// The blob, as stored at `:code`.
	pub wasm: Vec<u8>,
	hash: Vec<u8>,
}

impl Code {
	/// Wraps a blob.
	pub fn new(wasm: Vec<u8>) -> Self {
		let hash = sp_crypto_hashing::blake2_256(&wasm).to_vec();
		Self { wasm, hash }
	}

	/// Reads a blob from a file.
	pub fn from_file(path: &std::path::Path) -> anyhow::Result<Self> {
		let wasm = std::fs::read(path)
			.with_context(|| format!("cannot read the runtime at {}", path.display()))?;
		if wasm.is_empty() {
			bail!("the runtime at {} is empty", path.display());
		}
		Ok(Self::new(wasm))
	}

	/// The `:code` of a state.
	pub fn from_state<B: Backend<BlakeTwo256>>(backend: &B) -> anyhow::Result<Self> {
		let wasm = backend
			.storage(well_known_keys::CODE)
			.map_err(|e| anyhow!("cannot read `:code` from the state: {e}"))?
			.ok_or_else(|| anyhow!("the state has no `:code`"))?;
		Ok(Self::new(wasm))
	}

	/// `0x1234…abcd` of the blob's BLAKE2-256 hash.
	pub fn short_hash(&self) -> String {
		let hex = hex::encode(&self.hash);
		format!("0x{}…{}", hex.get(..8).unwrap_or(""), hex.get(56..).unwrap_or(""))
	}
}

/// The heap pages a state asks for (`:heappages`), as the node reads them.
fn heap_pages<B: Backend<BlakeTwo256>>(backend: &B) -> Option<u64> {
	backend
		.storage(well_known_keys::HEAP_PAGES)
		.ok()
		.flatten()
		.and_then(|bytes| u64::decode(&mut &bytes[..]).ok())
}

/// Calls `method` of `code` with `data` over `backend` plus `overlay`, whose changes the call
/// extends. A trap (a runtime panic, such as a failed try-runtime check) is an error carrying
/// the runtime's panic message.
pub fn call<B: Backend<BlakeTwo256>>(
	executor: &Executor,
	backend: &B,
	overlay: &mut OverlayedChanges<BlakeTwo256>,
	code: &Code,
	method: &str,
	data: &[u8],
) -> anyhow::Result<Vec<u8>> {
	let fetcher = WrappedRuntimeCode(Cow::Borrowed(&code.wasm));
	let runtime_code = RuntimeCode {
		code_fetcher: &fetcher,
		heap_pages: heap_pages(backend),
		hash: code.hash.clone(),
	};
	// For `System::set_code` in an executed block, which reads the new code's version.
	let mut extensions = Extensions::default();
	extensions.register(ReadRuntimeVersionExt::new(executor.clone()));
	let result = StateMachine::new(
		backend,
		overlay,
		executor,
		method,
		data,
		&mut extensions,
		&runtime_code,
		CallContext::Offchain,
	)
	.execute();
	// `Box<dyn Error>` is not `Send`: keep its text.
	result.map_err(|e| anyhow!("{method} failed: {e}"))
}

/// Calls `Core_version` of `code`.
pub fn version<B: Backend<BlakeTwo256>>(
	executor: &Executor,
	backend: &B,
	code: &Code,
) -> anyhow::Result<RuntimeVersion> {
	let encoded = call(executor, backend, &mut Default::default(), code, "Core_version", &[])?;
	RuntimeVersion::decode(&mut &encoded[..]).context("cannot decode the result of Core_version")
}

/// The version a runtime declares in its `runtime_version` custom section, as the node reads
/// it for `System::set_code` (calling `Core_version` if there is none). It needs no compilation
/// of the blob, so it is how the on-chain runtime's version is read.
pub fn embedded_version<B: Backend<BlakeTwo256>>(
	executor: &Executor,
	backend: &B,
	code: &Code,
) -> anyhow::Result<RuntimeVersion> {
	use sp_core::traits::ReadRuntimeVersion as _;
	let mut overlay = OverlayedChanges::default();
	let mut ext = sp_state_machine::Ext::new(&mut overlay, backend, None);
	let encoded = executor.read_runtime_version(&code.wasm, &mut ext).map_err(|e| anyhow!(e))?;
	RuntimeVersion::decode(&mut &encoded[..]).context("cannot decode the runtime's version")
}

/// Whether a runtime was built with the `try-runtime` feature (it then has the API).
pub fn has_try_runtime_api(version: &RuntimeVersion) -> bool {
	version.api_version(&try_runtime_api_id()).is_some()
}

/// `name v<spec_version> (tx v<transaction_version>)`.
pub fn describe(version: &RuntimeVersion) -> String {
	format!(
		"{} spec_version {} (transaction_version {})",
		version.spec_name, version.spec_version, version.transaction_version
	)
}

/// A weight as a person reads it: milliseconds of reference time and proof bytes.
pub fn weight(w: Weight) -> String {
	let ms = w.ref_time() as f64 / 1e9;
	if w.proof_size() == u64::MAX {
		format!("{ms:.3} ms ref_time, no proof_size limit")
	} else {
		format!("{ms:.3} ms ref_time, {} B proof_size", w.proof_size())
	}
}

/// `used` as a percentage of `max`, by reference time.
pub fn percent(used: Weight, max: Weight) -> f64 {
	if max.ref_time() == 0 {
		0.0
	} else {
		used.ref_time() as f64 * 100.0 / max.ref_time() as f64
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_try_runtime_api_id_is_the_one_sp_api_derives() {
		// `decl_runtime_apis!` names an API by blake2_64 of its trait name; e.g. the well-known
		// id of `Core` is 0xdf6acb689907609b.
		assert_eq!(
			sp_crypto_hashing::blake2_64(b"Core"),
			[0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b]
		);
		assert_eq!(try_runtime_api_id(), sp_crypto_hashing::blake2_64(b"TryRuntime"));
	}

	#[test]
	fn weights_read_as_milliseconds() {
		assert_eq!(
			weight(Weight::from_parts(1_500_000_000, 42)),
			"1.500 ms ref_time, 42 B proof_size"
		);
		assert_eq!(
			weight(Weight::from_parts(2_000_000_000_000, u64::MAX)),
			"2000.000 ms ref_time, no proof_size limit"
		);
		assert_eq!(percent(Weight::from_parts(50, 0), Weight::from_parts(200, 0)), 25.0);
		assert_eq!(percent(Weight::from_parts(50, 0), Weight::zero()), 0.0);
	}
}
