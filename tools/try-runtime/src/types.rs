//! The chain's block types, seen opaquely, and the arguments of the `TryRuntime` runtime API.
//!
//! The tool does not link the runtime: it runs whatever Wasm it is given. It only needs the
//! header format (`u32` block numbers, BLAKE2-256), which every FRAME solochain built from this
//! repository shares, and the SCALE encoding of the `TryRuntime` API's arguments.

use std::str::FromStr;

use codec::{Decode, Encode};
use sp_runtime::{
	generic::{self, DigestItem},
	traits::{BlakeTwo256, Header as _},
	OpaqueExtrinsic,
};

/// The runtime's `BlockNumber`.
pub type BlockNumber = u32;
/// The runtime's block hash.
pub type Hash = sp_core::H256;
/// The runtime's header (`runtime/src/lib.rs`: `generic::Header<BlockNumber, BlakeTwo256>`).
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block whose extrinsics are kept as opaque bytes.
///
/// Its SCALE encoding is the one the runtime decodes as `<Block as BlockT>::LazyBlock`
/// (`sp_runtime::generic::LazyBlock`): the header, then a `Vec` of extrinsics, each an
/// `OpaqueExtrinsic` (the extrinsic's own length-prefixed encoding). `chain_getBlock` returns
/// each extrinsic as exactly those bytes.
pub type Block = generic::Block<Header, OpaqueExtrinsic>;

/// Which checks `TryRuntime_on_runtime_upgrade` runs.
///
/// The same SCALE encoding as `frame_try_runtime::UpgradeCheckSelect`, which FRAME compiles
/// only with its `try-runtime` feature. Enabling that feature natively here would, through
/// workspace feature unification, change `frame-support` for every crate of a workspace build;
/// the tool only needs the encoding.
#[derive(Encode, Decode, Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UpgradeChecks {
	/// No checks: only the migrations.
	#[codec(index = 0)]
	None,
	/// `pre_upgrade`/`post_upgrade` hooks, decoding the whole state, and every pallet's
	/// `try_state`.
	#[codec(index = 1)]
	All,
	/// `pre_upgrade`/`post_upgrade` hooks and decoding the whole state.
	#[codec(index = 2)]
	PreAndPost,
	/// Decoding the whole state and every pallet's `try_state`.
	#[codec(index = 3)]
	TryState,
}

/// Which pallets' `try_state` hooks `TryRuntime_execute_block` runs.
///
/// The same SCALE encoding (and command-line syntax) as `frame_try_runtime::TryStateSelect`
/// (`frame_support::traits::try_runtime::Select`), for the reason given at [`UpgradeChecks`].
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub enum TryStateSelect {
	/// None of them.
	#[codec(index = 0)]
	None,
	/// All of them.
	#[codec(index = 1)]
	All,
	/// A fixed number of them, round robin by block number.
	#[codec(index = 2)]
	RoundRobin(u32),
	/// Only the pallets with these names (as in `construct_runtime`).
	#[codec(index = 3)]
	Only(Vec<Vec<u8>>),
	/// All pallets but these.
	#[codec(index = 4)]
	AllExcept(Vec<Vec<u8>>),
}

impl FromStr for TryStateSelect {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		let names = |list: &str| -> Result<Vec<Vec<u8>>, String> {
			let names: Vec<Vec<u8>> = list
				.split(',')
				.map(str::trim)
				.filter(|name| !name.is_empty())
				.map(|name| name.as_bytes().to_vec())
				.collect();
			if names.is_empty() {
				Err(format!("no pallet names in `{s}`"))
			} else {
				Ok(names)
			}
		};
		match s {
			"all" | "All" => Ok(Self::All),
			"none" | "None" => Ok(Self::None),
			_ => {
				if let Some(count) = s.strip_prefix("rr-") {
					count
						.parse()
						.map(Self::RoundRobin)
						.map_err(|_| format!("`{s}`: expected rr-<number of pallets>"))
				} else if let Some(list) = s.strip_prefix("all-except-") {
					names(list).map(Self::AllExcept)
				} else {
					names(s).map(Self::Only)
				}
			},
		}
	}
}

/// Removes the block author's seal, the last digest item of an imported header.
///
/// The node strips it before executing a block (the seal signs the rest of the header, so the
/// runtime never sees it), and `frame_executive` compares the header's digest item by item with
/// the one it computes. Returns whether there was a seal.
pub fn strip_seal(header: &mut Header) -> bool {
	if matches!(header.digest().logs().last(), Some(DigestItem::Seal(..))) {
		header.digest_mut().pop();
		true
	} else {
		false
	}
}

/// The SCALE arguments of `TryRuntime_execute_block(block, state_root_check, signature_check,
/// select)`.
pub fn execute_block_args(
	block: &Block,
	state_root_check: bool,
	signature_check: bool,
	select: &TryStateSelect,
) -> Vec<u8> {
	(block, state_root_check, signature_check, select).encode()
}

/// Parses a block hash given as `0x`-prefixed (or bare) hex.
pub fn parse_hash(s: &str) -> Result<Hash, String> {
	let hex = s.strip_prefix("0x").unwrap_or(s);
	let bytes = hex::decode(hex).map_err(|e| format!("`{s}` is not hex: {e}"))?;
	let bytes: [u8; 32] = bytes
		.try_into()
		.map_err(|b: Vec<u8>| format!("`{s}` is {} bytes; a block hash is 32", b.len()))?;
	Ok(Hash::from(bytes))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::{generic::LazyBlock, traits::LazyBlock as _, Digest};

	/// A signed-looking extrinsic: its encoding is a compact length then the body.
	fn extrinsic(body: &[u8]) -> Vec<u8> {
		let mut xt = codec::Compact(body.len() as u32).encode();
		xt.extend_from_slice(body);
		xt
	}

	fn header() -> Header {
		Header::new(
			7,
			Hash::repeat_byte(1),
			Hash::repeat_byte(2),
			Hash::repeat_byte(3),
			Digest {
				logs: vec![
					DigestItem::PreRuntime(*b"aura", vec![1, 2, 3]),
					DigestItem::Seal(*b"aura", vec![9; 64]),
				],
			},
		)
	}

	#[test]
	fn upgrade_checks_encode_like_frame() {
		// frame_support::traits::UpgradeCheckSelect: None, All, PreAndPost, TryState.
		assert_eq!(UpgradeChecks::None.encode(), vec![0]);
		assert_eq!(UpgradeChecks::All.encode(), vec![1]);
		assert_eq!(UpgradeChecks::PreAndPost.encode(), vec![2]);
		assert_eq!(UpgradeChecks::TryState.encode(), vec![3]);
	}

	#[test]
	fn try_state_select_parses_and_encodes_like_frame() {
		assert_eq!("all".parse::<TryStateSelect>().unwrap().encode(), vec![1]);
		assert_eq!("none".parse::<TryStateSelect>().unwrap().encode(), vec![0]);
		assert_eq!("rr-3".parse::<TryStateSelect>().unwrap(), TryStateSelect::RoundRobin(3));
		assert_eq!("rr-3".parse::<TryStateSelect>().unwrap().encode(), vec![2, 3, 0, 0, 0]);
		assert_eq!(
			"Datasets,Lineage".parse::<TryStateSelect>().unwrap(),
			TryStateSelect::Only(vec![b"Datasets".to_vec(), b"Lineage".to_vec()])
		);
		assert_eq!(
			"all-except-Balances".parse::<TryStateSelect>().unwrap(),
			TryStateSelect::AllExcept(vec![b"Balances".to_vec()])
		);
		assert!("rr-x".parse::<TryStateSelect>().is_err());
		assert!("all-except-".parse::<TryStateSelect>().is_err());
	}

	#[test]
	fn opaque_block_decodes_as_the_runtime_lazy_block() {
		let xts = [extrinsic(b"first"), extrinsic(&[7; 300])];
		let block = Block {
			header: header(),
			extrinsics: xts
				.iter()
				.map(|xt| OpaqueExtrinsic::try_from_encoded_extrinsic(xt).unwrap())
				.collect(),
		};
		let args = execute_block_args(&block, true, false, &TryStateSelect::All);
		let mut input = &args[..];
		let lazy = LazyBlock::<Header, OpaqueExtrinsic>::decode(&mut input).unwrap();
		assert!(bool::decode(&mut input).unwrap(), "state_root_check");
		assert!(!bool::decode(&mut input).unwrap(), "signature_check");
		assert_eq!(TryStateSelect::decode(&mut input).unwrap(), TryStateSelect::All);
		assert!(input.is_empty());
		assert_eq!(lazy.header(), &block.header);
		// The runtime decodes each extrinsic from its bytes without the outer length prefix.
		let bodies: Vec<Vec<u8>> =
			lazy.extrinsics().map(|xt| xt.unwrap().inner().to_vec()).collect();
		assert_eq!(bodies, vec![b"first".to_vec(), vec![7; 300]]);
	}

	#[test]
	fn block_from_rpc_json_keeps_extrinsic_bytes() {
		let xt = extrinsic(b"hello");
		let json = serde_json::json!({
			"header": {
				"parentHash": format!("0x{}", "11".repeat(32)),
				"number": "0x7",
				"stateRoot": format!("0x{}", "22".repeat(32)),
				"extrinsicsRoot": format!("0x{}", "33".repeat(32)),
				"digest": { "logs": [] },
			},
			"extrinsics": [format!("0x{}", hex::encode(&xt))],
		});
		let block: Block = serde_json::from_value(json).unwrap();
		assert_eq!(block.header.number, 7);
		assert_eq!(block.extrinsics.len(), 1);
		assert_eq!(block.extrinsics[0].encode(), xt);
	}

	#[test]
	fn strips_only_a_seal() {
		let mut h = header();
		assert!(strip_seal(&mut h));
		assert_eq!(h.digest().logs().len(), 1);
		assert!(!strip_seal(&mut h));
		assert_eq!(h.digest().logs().len(), 1);
	}

	#[test]
	fn parses_hashes() {
		let hex = format!("0x{}", "ab".repeat(32));
		assert_eq!(parse_hash(&hex).unwrap(), Hash::repeat_byte(0xab));
		assert_eq!(parse_hash(&"ab".repeat(32)).unwrap(), Hash::repeat_byte(0xab));
		assert!(parse_hash("0x1234").unwrap_err().contains("2 bytes"));
		assert!(parse_hash("0xzz").is_err());
	}
}
