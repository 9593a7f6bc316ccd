//! Where the state comes from: a node's RPC (`frame-remote-externalities`' online mode, which
//! downloads every key at a block and checks the result against the header's state root), or a
//! snapshot file that such a download wrote.

use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
	time::Instant,
};

use anyhow::{anyhow, bail, Context as _};
use frame_remote_externalities::{
	Builder, Mode, OfflineConfig, OnlineConfig, RemoteExternalities, SnapshotConfig,
};
use sp_runtime::traits::{BlakeTwo256, Header as _};
use sp_state_machine::{Backend, IterArgs, TestExternalities};
use substrate_rpc_client::{ws_client, ChainApi, WsClient};

use crate::types::{Block, BlockNumber, Hash, Header};

/// A state loaded in memory, with the header of the block it is the state of.
pub type State = RemoteExternalities<Block>;

/// The signed block `chain_getBlock` returns.
type SignedBlock = sp_runtime::generic::SignedBlock<Block>;

/// Connects to a node's WebSocket RPC.
pub async fn connect(uri: &str) -> anyhow::Result<WsClient> {
	ws_client(uri).await.map_err(|e| {
		anyhow!(
			"cannot connect to {uri}: {e}\n  is the node running, with its RPC on that port \
			 (e.g. --rpc-port 9944), and is the address a ws:// one?"
		)
	})
}

/// The header of block `at`, or of the finalized head when `at` is `None`.
pub async fn header(client: &WsClient, uri: &str, at: Option<Hash>) -> anyhow::Result<Header> {
	let hash = match at {
		Some(hash) => hash,
		None => ChainApi::<BlockNumber, Hash, Header, SignedBlock>::finalized_head(client)
			.await
			.with_context(|| format!("chain_getFinalizedHead on {uri}"))?,
	};
	ChainApi::<BlockNumber, Hash, Header, SignedBlock>::header(client, Some(hash))
		.await
		.with_context(|| format!("chain_getHeader({hash:?}) on {uri}"))?
		.ok_or_else(|| anyhow!("{uri} does not know block {hash:?}"))
}

/// The block `hash`, with its author's seal still in the header.
pub async fn block(client: &WsClient, uri: &str, hash: Hash) -> anyhow::Result<Block> {
	Ok(ChainApi::<BlockNumber, Hash, Header, SignedBlock>::block(client, Some(hash))
		.await
		.with_context(|| format!("chain_getBlock({hash:?}) on {uri}"))?
		.ok_or_else(|| anyhow!("{uri} does not know block {hash:?}"))?
		.block)
}

/// Downloads the whole state (top trie and child tries) of block `at` from `uri`, checks it
/// against the header's state root, and writes it to `snapshot` if given.
pub async fn download(uri: &str, at: Hash, snapshot: Option<&Path>) -> anyhow::Result<State> {
	let started = Instant::now();
	let config = OnlineConfig {
		at: Some(at),
		state_snapshot: snapshot.map(SnapshotConfig::new),
		pallets: Vec::new(),
		transport_uris: vec![uri.to_owned()],
		child_trie: true,
		hashed_prefixes: Vec::new(),
		hashed_keys: Vec::new(),
		disable_root_check: false,
	};
	let state = Builder::<Block>::new().mode(Mode::Online(config)).build().await.map_err(|e| {
		anyhow!(
			"downloading the state of block {at:?} from {uri} failed: {e}\n  the node must still \
			 have that block's state: use an archive node (--state-pruning archive) or a block \
			 within its pruning window (256 blocks by default)"
		)
	})?;
	log::info!(
		target: crate::LOG_TARGET,
		"downloaded the state of #{} in {:.1} s",
		state.header.number(),
		started.elapsed().as_secs_f64()
	);
	Ok(state)
}

/// Loads a snapshot file.
pub async fn load_snapshot(path: &Path) -> anyhow::Result<State> {
	if !path.is_file() {
		bail!("no snapshot at {}", path.display());
	}
	let config = OfflineConfig { state_snapshot: SnapshotConfig::new(PathBuf::from(path)) };
	Builder::<Block>::new()
		.mode(Mode::Offline(config))
		.build()
		.await
		.map_err(|e| anyhow!("cannot load the snapshot {}: {e}", path.display()))
}

/// What a state holds: its keys and their bytes, by pallet.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
	/// Keys in the top trie.
	pub keys: u64,
	/// Bytes of the keys and values, together.
	pub bytes: u64,
	/// Bytes of `:code`.
	pub code_bytes: u64,
	/// Keys and bytes by storage prefix: a pallet's name where it is known, else the
	/// prefix in hex.
	pub by_prefix: BTreeMap<String, (u64, u64)>,
}

/// The pallet names of `runtime/src/lib.rs`, to name storage prefixes in a summary.
const PALLETS: &[&str] = &[
	"System",
	"Timestamp",
	"Aura",
	"Grandpa",
	"Balances",
	"TransactionPayment",
	"Sudo",
	"Datasets",
	"Consent",
	"Lineage",
	"Rewards",
	"Proxy",
	"Council",
	"CouncilMembership",
	"Preimage",
	"Scheduler",
	"Whitelist",
	"Utility",
	"Parameters",
	"Treasury",
	"Authorship",
	"ValidatorSet",
	"Session",
	"Historical",
	"Offences",
];

/// Counts what `state` holds.
pub fn summarize(state: &TestExternalities<BlakeTwo256>) -> anyhow::Result<Summary> {
	let names: BTreeMap<[u8; 16], &str> =
		PALLETS.iter().map(|name| (sp_crypto_hashing::twox_128(name.as_bytes()), *name)).collect();
	let mut summary = Summary::default();
	let pairs =
		state.backend.pairs(IterArgs::default()).map_err(|e| anyhow!("reading the state: {e}"))?;
	for pair in pairs {
		let (key, value) = pair.map_err(|e| anyhow!("reading the state: {e}"))?;
		let size = (key.len() as u64).saturating_add(value.len() as u64);
		summary.keys = summary.keys.saturating_add(1);
		summary.bytes = summary.bytes.saturating_add(size);
		let prefix = if key.starts_with(b":") {
			String::from_utf8_lossy(&key).into_owned()
		} else {
			match key.get(..16).and_then(|p| <[u8; 16]>::try_from(p).ok()) {
				Some(p) => names.get(&p).map_or_else(|| hex::encode(p), |n| (*n).to_owned()),
				None => hex::encode(&key),
			}
		};
		if key.as_slice() == sp_core::storage::well_known_keys::CODE {
			summary.code_bytes = value.len() as u64;
		}
		let entry = summary.by_prefix.entry(prefix).or_default();
		entry.0 = entry.0.saturating_add(1);
		entry.1 = entry.1.saturating_add(size);
	}
	Ok(summary)
}

impl std::fmt::Display for Summary {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		writeln!(
			f,
			"{} keys, {} bytes of keys and values ({} of them the runtime at :code)",
			self.keys, self.bytes, self.code_bytes
		)?;
		let mut rows: Vec<_> = self.by_prefix.iter().collect();
		rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
		for (prefix, (keys, bytes)) in rows {
			writeln!(f, "  {prefix:<20} {keys:>7} keys {bytes:>10} bytes")?;
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Compact, Encode};
	use sp_runtime::{Digest, StateVersion};

	/// Writes a snapshot in `frame-remote-externalities`' format (version 4): the state's raw
	/// trie nodes, its root, and the header of its block.
	fn write_snapshot(path: &Path, pairs: &[(Vec<u8>, Vec<u8>)], header: &Header) -> Hash {
		let mut ext = TestExternalities::<BlakeTwo256>::new_with_code_and_state(
			&[],
			Default::default(),
			StateVersion::V1,
		);
		for (k, v) in pairs {
			ext.insert(k.clone(), v.clone());
		}
		ext.commit_all().unwrap();
		let (raw, root) = ext.into_raw_snapshot();
		let file = (Compact(4u16), StateVersion::V1, raw, root, header.clone());
		std::fs::write(path, file.encode()).unwrap();
		root
	}

	#[tokio::test]
	async fn a_snapshot_round_trips_and_is_summarized() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("state.snap");
		let datasets = sp_crypto_hashing::twox_128(b"Datasets");
		let pairs = vec![
			(b":code".to_vec(), vec![0xAA; 100]),
			([&datasets[..], b"one"].concat(), vec![1; 10]),
			([&datasets[..], b"two"].concat(), vec![2; 20]),
			([[0x55u8; 16].as_slice(), b"x"].concat(), vec![3]),
		];
		let header = Header::new(
			42,
			Hash::repeat_byte(1),
			Hash::zero(),
			Hash::repeat_byte(3),
			Digest::default(),
		);
		let root = write_snapshot(&path, &pairs, &header);

		let state = load_snapshot(&path).await.unwrap();
		assert_eq!(state.header, header);
		assert_eq!(*state.backend.root(), root);
		assert_eq!(
			state.backend.storage(&pairs[1].0).unwrap(),
			Some(vec![1; 10]),
			"the values are there"
		);

		let summary = summarize(&state).unwrap();
		assert_eq!(summary.keys, 4);
		assert_eq!(summary.code_bytes, 100);
		assert_eq!(summary.by_prefix.get("Datasets"), Some(&(2, 19 + 10 + 19 + 20)));
		assert_eq!(summary.by_prefix.get(":code"), Some(&(1, 5 + 100)));
		assert_eq!(summary.by_prefix.get(&"55".repeat(16)), Some(&(1, 18)));
		assert!(summary.to_string().starts_with("4 keys, "));
	}

	#[tokio::test]
	async fn a_missing_or_corrupt_snapshot_is_a_clear_error() {
		let dir = tempfile::tempdir().unwrap();
		let missing = dir.path().join("missing.snap");
		let err = load_snapshot(&missing).await.err().unwrap().to_string();
		assert!(err.contains("no snapshot at"), "{err}");

		let corrupt = dir.path().join("corrupt.snap");
		std::fs::write(&corrupt, b"not a snapshot").unwrap();
		let err = load_snapshot(&corrupt).await.err().unwrap().to_string();
		assert!(err.contains("cannot load the snapshot"), "{err}");
	}
}
