//! Who the fuzzer acts as, the genesis it starts each episode from, and what it remembers of
//! an episode so far (hashes and handles that no storage lookup gives back cheaply).

use codec::Encode;
use frame_support::weights::Weight;
use provenance_runtime::{
	configs::ProxyType, AccountId, Balance, BlockNumber, BuildStorage, RuntimeEvent,
	RuntimeGenesisConfig, SessionKeys,
};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What the genesis gives every extra account, like the preset's own.
pub const ENDOWMENT: Balance = provenance_runtime::genesis_config_presets::ENDOWMENT;

/// Funded accounts beyond the preset's well-known ones: more owners, grantees and trainers.
const EXTRA_FUNDED: usize = 6;
/// Accounts with no funds at genesis: every deposit and fee path meets an empty account.
const PAUPERS: usize = 3;
/// How much of each kind of handle the memory keeps; older ones are forgotten.
const MEMORY: usize = 64;

/// An account the fuzzer signs for, with session keys it may register and their proof.
pub struct Actor {
	pub account: AccountId,
	pub keys: SessionKeys,
	/// `session.set_keys`'s ownership proof of `keys` for `account`.
	pub proof: Vec<u8>,
	/// The GRANDPA key, to sign equivocations with.
	pub grandpa: ed25519::Pair,
}

/// Everyone the fuzzer knows: signers, and accounts that only receive.
pub struct Accounts {
	pub actors: Vec<Actor>,
	/// Pallet accounts (treasury, rewards pot): transfer targets, never signers.
	pub sinks: Vec<AccountId>,
}

fn session_actor(account: AccountId, aura: sr25519::Pair, grandpa: ed25519::Pair) -> Actor {
	let keys = SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() };
	// As `impl_opaque_keys` checks it: each key signs "POP_" and the encoded owner.
	let statement = [&b"POP_"[..], &account.encode()].concat();
	let proof = (aura.sign(&statement), grandpa.sign(&statement)).encode();
	Actor { account, keys, proof, grandpa }
}

fn derived<P: Pair>(path: &str) -> P {
	P::from_string(path, None).expect("a valid derivation path")
}

impl Accounts {
	pub fn new() -> Self {
		let alice_stash = Sr25519Keyring::AliceStash.to_account_id();
		let mut actors = Vec::new();
		for (i, k) in Sr25519Keyring::well_known().enumerate() {
			let account = k.to_account_id();
			// The genesis validator's keys are Alice's: registering them again collides.
			let (aura, grandpa) = if account == alice_stash {
				(Sr25519Keyring::Alice.pair(), Ed25519Keyring::Alice.pair())
			} else {
				(derived(&format!("//fuzz-aura-{i}")), derived(&format!("//fuzz-grandpa-{i}")))
			};
			actors.push(session_actor(account, aura, grandpa));
		}
		for i in 0..EXTRA_FUNDED + PAUPERS {
			let signer: sr25519::Pair = derived(&format!("//fuzz-{i}"));
			let account = AccountId::from(signer.public());
			actors.push(session_actor(
				account,
				derived(&format!("//fuzz-aura-x{i}")),
				derived(&format!("//fuzz-grandpa-x{i}")),
			));
		}
		let sinks = vec![
			provenance_runtime::Treasury::account_id(),
			provenance_runtime::Rewards::account_id(),
		];
		Self { actors, sinks }
	}

	/// Accounts the genesis funds on top of the preset's.
	fn extra_funded(&self) -> impl Iterator<Item = &AccountId> {
		let known = Sr25519Keyring::well_known().count();
		self.actors.iter().skip(known).take(EXTRA_FUNDED).map(|a| &a.account)
	}

	pub fn actor(&self, who: &AccountId) -> Option<&Actor> {
		self.actors.iter().find(|a| &a.account == who)
	}
}

impl Default for Accounts {
	fn default() -> Self {
		Self::new()
	}
}

/// Overlays a preset's patch on the default config, as the node's chain-spec builder does.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The development preset's genesis state, with the extra accounts funded.
pub fn genesis_storage(accounts: &Accounts) -> sp_runtime::Storage {
	let preset = provenance_runtime::genesis_config_presets::get_preset(&"development".into())
		.expect("the development preset");
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).expect("the default config");
	merge(&mut config, serde_json::from_slice(&preset).expect("presets are JSON"));
	let mut config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("the preset's config");
	for who in accounts.extra_funded() {
		config.balances.balances.push((who.clone(), ENDOWMENT));
	}
	config.build_storage().expect("the development genesis builds")
}

/// A pure proxy the episode created, with what `kill_pure` needs to name it.
#[derive(Clone, Debug)]
pub struct Pure {
	pub pure: AccountId,
	pub spawner: AccountId,
	pub proxy_type: ProxyType,
	pub index: u16,
	pub height: BlockNumber,
	pub ext_index: u32,
}

/// A proxy relation the episode created.
#[derive(Clone, Debug)]
pub struct Proxy {
	pub real: AccountId,
	pub delegate: AccountId,
	pub proxy_type: ProxyType,
	pub delay: BlockNumber,
}

/// Handles from the episode's events, for plausible arguments. Bounded; oldest dropped first.
#[derive(Default)]
pub struct Memory {
	/// Calls noted as preimages (safe to dispatch as Root): hash, length, declared weight.
	pub calls: Vec<(H256, u32, Weight)>,
	/// Code blobs whose hash an upgrade authorization may name.
	pub codes: Vec<Vec<u8>>,
	/// Scheduled tasks, `(when, index)`, and task names.
	pub tasks: Vec<(BlockNumber, u32)>,
	pub task_names: Vec<[u8; 32]>,
	pub proxies: Vec<Proxy>,
	pub pures: Vec<Pure>,
	/// Announcements: real, delegate, call hash.
	pub announcements: Vec<(AccountId, AccountId, H256)>,
	/// Content and weights hashes already registered, to collide with.
	pub hashes: Vec<H256>,
}

fn remember<T>(list: &mut Vec<T>, item: T) {
	if list.len() >= MEMORY {
		list.remove(0);
	}
	list.push(item);
}

impl Memory {
	pub fn note_call(&mut self, hash: H256, len: u32, weight: Weight) {
		remember(&mut self.calls, (hash, len, weight));
	}

	pub fn note_code(&mut self, code: Vec<u8>) {
		remember(&mut self.codes, code);
	}

	pub fn note_task_name(&mut self, name: [u8; 32]) {
		remember(&mut self.task_names, name);
	}

	/// Learns from one event what later calls may name.
	pub fn observe(&mut self, event: &RuntimeEvent) {
		match event {
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Scheduled { when, index }) => {
				remember(&mut self.tasks, (*when, *index))
			},
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyAdded {
				delegator,
				delegatee,
				proxy_type,
				delay,
			}) => remember(
				&mut self.proxies,
				Proxy {
					real: delegator.clone(),
					delegate: delegatee.clone(),
					proxy_type: *proxy_type,
					delay: *delay,
				},
			),
			RuntimeEvent::Proxy(pallet_proxy::Event::PureCreated {
				pure,
				who,
				proxy_type,
				disambiguation_index,
				at,
				extrinsic_index,
			}) => remember(
				&mut self.pures,
				Pure {
					pure: pure.clone(),
					spawner: who.clone(),
					proxy_type: *proxy_type,
					index: *disambiguation_index,
					height: *at,
					ext_index: *extrinsic_index,
				},
			),
			RuntimeEvent::Proxy(pallet_proxy::Event::Announced { real, proxy, call_hash }) => {
				remember(&mut self.announcements, (real.clone(), proxy.clone(), *call_hash))
			},
			RuntimeEvent::Datasets(pallet_datasets::Event::DatasetRegistered {
				content_hash,
				..
			}) => remember(&mut self.hashes, *content_hash),
			_ => {},
		}
	}
}
