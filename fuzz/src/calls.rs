//! Call generators: for each call of each pallet, arguments that are mostly plausible (ids
//! that exist, the account that may act, values in range), sometimes at their bounds and
//! sometimes garbage; and the privileged routes (Root, sudo, council motions) a governed call
//! takes.

use std::collections::BTreeSet;

use codec::Encode;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{Get, KeyOwnerProofSystem},
	weights::Weight,
	BoundedVec,
};
use pallet_collective::Instance1;
use provenance_primitives::{
	DatasetId, DerivationKind, DerivativeScope, GrantId, ModelId, Purpose, Purposes,
	RevocationEffect, Sensitivity,
};
use provenance_runtime::{
	configs::{
		dynamic_params::{chain, registry, rewards},
		parameters::RuntimeParameters,
		ProxyType,
	},
	AccountId, Balance, BlockNumber, OriginCaller, Runtime, RuntimeCall, RuntimeOrigin, System,
	EXISTENTIAL_DEPOSIT, MILLI_UNIT, UNIT,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, Saturating},
	MultiAddress, Perbill,
};

use crate::{
	typed::{decode_call, remark, Typed},
	world::{Accounts, Memory},
};

/// Wrappers (batches, sudo, proxies, motions) nest at most this deep.
const MAX_DEPTH: u32 = 2;

type SystemCall = frame_system::Call<Runtime>;
type BalancesCall = pallet_balances::Call<Runtime>;
type DatasetsCall = pallet_datasets::Call<Runtime>;
type ConsentCall = pallet_consent::Call<Runtime>;
type LineageCall = pallet_lineage::Call<Runtime>;
type RewardsCall = pallet_rewards::Call<Runtime>;
type CouncilCall = pallet_collective::Call<Runtime, Instance1>;
type MembershipCall = pallet_membership::Call<Runtime, pallet_membership::Instance1>;
type SchedulerCall = pallet_scheduler::Call<Runtime>;
type WhitelistCall = pallet_whitelist::Call<Runtime>;
type UtilityCall = pallet_utility::Call<Runtime>;
type TreasuryCall = pallet_treasury::Call<Runtime>;
type ProxyCall = pallet_proxy::Call<Runtime>;
type SudoCall = pallet_sudo::Call<Runtime>;
type PreimageCall = pallet_preimage::Call<Runtime>;
type GrandpaCall = pallet_grandpa::Call<Runtime>;
type SessionCall = pallet_session::Call<Runtime>;
type ValidatorSetCall = pallet_validator_set::Call<Runtime>;

/// Who a call is dispatched as.
#[derive(Clone, Debug)]
pub enum Who {
	Signed(AccountId),
	Root,
	None,
}

impl Who {
	pub fn origin(&self) -> RuntimeOrigin {
		match self {
			Who::Signed(who) => RuntimeOrigin::signed(who.clone()),
			Who::Root => RuntimeOrigin::root(),
			Who::None => RuntimeOrigin::none(),
		}
	}
}

/// Where a call came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
	Structured,
	Typed,
	Raw,
}

/// A generated call; `call` is `None` when the bytes did not decode to one.
pub struct Step {
	pub source: Source,
	pub who: Who,
	pub call: Option<RuntimeCall>,
}

type Made = Option<(Who, RuntimeCall)>;

/// The generator's state: the seeded randomness, who exists, and what the episode made.
pub struct Gen<'w> {
	pub rng: &'w mut ChaCha8Rng,
	pub accounts: &'w Accounts,
	pub mem: &'w mut Memory,
	pub typed: &'w Typed,
	/// How many wrappers enclose the call being made.
	depth: u32,
}

fn call_hash(call: &RuntimeCall) -> H256 {
	BlakeTwo256::hash_of(call)
}

fn addr(who: AccountId) -> MultiAddress<AccountId, ()> {
	MultiAddress::Id(who)
}

fn signed(who: AccountId, call: RuntimeCall) -> Made {
	Some((Who::Signed(who), call))
}

impl<'w> Gen<'w> {
	pub fn new(
		rng: &'w mut ChaCha8Rng,
		accounts: &'w Accounts,
		mem: &'w mut Memory,
		typed: &'w Typed,
	) -> Self {
		Self { rng, accounts, mem, typed, depth: 0 }
	}

	// --- Randomness -------------------------------------------------------------------

	pub fn chance(&mut self, p: f64) -> bool {
		self.rng.gen_bool(p)
	}

	pub fn below(&mut self, n: u64) -> u64 {
		if n == 0 {
			0
		} else {
			self.rng.gen_range(0..n)
		}
	}

	fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
		if items.is_empty() {
			None
		} else {
			let i = self.rng.gen_range(0..items.len());
			Some(items[i].clone())
		}
	}

	fn hash(&mut self) -> H256 {
		if self.chance(0.03) {
			H256::zero()
		} else {
			H256(self.rng.gen())
		}
	}

	/// A fresh content or weights hash, or now and then one already used.
	fn fresh_hash(&mut self) -> H256 {
		if self.chance(0.03) {
			let used = self.mem.hashes.clone();
			if let Some(h) = self.pick(&used) {
				return h;
			}
		}
		self.hash()
	}

	/// Bytes of a length mostly short, sometimes exactly `cap`, rarely just over it.
	fn bytes(&mut self, cap: usize) -> Vec<u8> {
		let len = match self.below(100) {
			0..=19 => 0,
			20..=79 => self.below(24) as usize,
			80..=94 => self.below(cap as u64 + 1) as usize,
			_ => cap,
		};
		(0..len.min(cap)).map(|_| self.rng.gen()).collect()
	}

	fn bounded<S: Get<u32>>(&mut self) -> BoundedVec<u8, S> {
		BoundedVec::truncate_from(self.bytes(S::get() as usize))
	}

	/// A readable name, sometimes at its cap.
	fn text<S: Get<u32>>(&mut self) -> BoundedVec<u8, S> {
		let cap = S::get() as usize;
		let len = if self.chance(0.05) { cap } else { self.below(cap.min(20) as u64 + 1) as usize };
		BoundedVec::truncate_from((0..len).map(|_| self.rng.gen_range(b'a'..=b'z')).collect())
	}

	fn license<S: Get<u32>>(&mut self) -> BoundedVec<u8, S> {
		const GOOD: [&[u8]; 6] =
			[b"MIT", b"Apache-2.0", b"CC-BY-4.0", b"(MIT OR Apache-2.0)", b"GPL-2.0+", b"CC0-1.0"];
		const BAD: [&[u8]; 4] = [b"", b"MIT;", b"<script>", "Lizenz-\u{e4}".as_bytes()];
		let cap = S::get() as usize;
		let bytes = match self.below(100) {
			0..=89 => GOOD[self.below(GOOD.len() as u64) as usize].to_vec(),
			90..=94 => BAD[self.below(BAD.len() as u64) as usize].to_vec(),
			_ => vec![b'A'; cap],
		};
		BoundedVec::truncate_from(bytes)
	}

	fn perbill(&mut self) -> Perbill {
		match self.below(10) {
			0 => Perbill::zero(),
			1 => Perbill::one(),
			2..=6 => Perbill::from_percent(self.below(40) as u32),
			_ => Perbill::from_parts(self.below(1_000_000_001) as u32),
		}
	}

	/// An amount: mostly modest, sometimes dust, sometimes absurd.
	fn balance(&mut self) -> Balance {
		match self.below(20) {
			0 => 0,
			1 => EXISTENTIAL_DEPOSIT - 1,
			2 => EXISTENTIAL_DEPOSIT,
			3 => u128::MAX,
			4 => self.rng.gen(),
			5..=9 => MILLI_UNIT * u128::from(self.below(1_000)),
			10..=17 => UNIT * u128::from(self.below(100) + 1),
			_ => UNIT * 1_000 * u128::from(self.below(2_000)),
		}
	}

	fn weight(&mut self) -> Weight {
		match self.below(4) {
			0 => Weight::zero(),
			1 => Weight::MAX,
			_ => Weight::from_parts(self.rng.gen_range(0..5_000_000_000), self.below(1 << 20)),
		}
	}

	fn purpose(&mut self) -> Purpose {
		Purpose::ALL[self.below(Purpose::ALL.len() as u64) as usize]
	}

	fn purposes(&mut self) -> Purposes {
		let mut set = BTreeSet::new();
		if !self.chance(0.03) {
			let n = self.below(3) + 1;
			for _ in 0..n {
				set.insert(self.purpose());
			}
		}
		Purposes::try_from(set).unwrap_or_default()
	}

	fn sensitivity(&mut self) -> Sensitivity {
		[Sensitivity::Public, Sensitivity::Personal, Sensitivity::SpecialCategory]
			[self.below(3) as usize]
	}

	fn now(&self) -> BlockNumber {
		System::block_number()
	}

	/// A block near now: mostly ahead, sometimes now or past, rarely far off.
	fn block_ahead(&mut self) -> BlockNumber {
		let now = self.now();
		match self.below(20) {
			0 => now,
			1 => now.saturating_sub(1),
			2 => u32::MAX,
			_ => now + 1 + self.below(30) as u32,
		}
	}

	/// An id below `next` (ids `0..next` exist), or now and then one that does not.
	fn id(&mut self, next: u64) -> u64 {
		if next == 0 || self.chance(0.05) {
			match self.below(3) {
				0 => next,
				1 => u64::MAX,
				_ => self.rng.gen(),
			}
		} else {
			// Recent ids more often: they are the ones with live state.
			if self.chance(0.5) {
				next - 1 - self.below(next.min(8))
			} else {
				self.below(next)
			}
		}
	}

	// --- Accounts ----------------------------------------------------------------------

	/// A signer from the pool.
	pub fn actor(&mut self) -> AccountId {
		let i = self.below(self.accounts.actors.len() as u64) as usize;
		self.accounts.actors[i].account.clone()
	}

	/// Anyone a call may name: signers, pallet accounts, pure proxies, strangers.
	fn target(&mut self) -> AccountId {
		match self.below(100) {
			0..=84 => self.actor(),
			85..=92 => {
				let sinks = self.accounts.sinks.clone();
				self.pick(&sinks).unwrap_or_else(|| self.actor())
			},
			93..=97 => {
				let pures: Vec<_> = self.mem.pures.iter().map(|p| p.pure.clone()).collect();
				self.pick(&pures).unwrap_or_else(|| self.actor())
			},
			_ => AccountId::from(self.rng.gen::<[u8; 32]>()),
		}
	}

	/// `who` most of the time, else a random signer: the wrong-origin paths. Only accounts
	/// with a key sign: a pallet account or a pure proxy named owner cannot.
	fn mostly(&mut self, who: Option<AccountId>) -> AccountId {
		match who {
			Some(who) if self.accounts.actor(&who).is_some() && self.chance(0.88) => who,
			_ => self.actor(),
		}
	}

	fn address(&mut self) -> MultiAddress<AccountId, ()> {
		match self.below(40) {
			0 => MultiAddress::Index(()),
			1 => MultiAddress::Raw(self.bytes(40)),
			2 => MultiAddress::Address32(self.rng.gen()),
			_ => addr(self.target()),
		}
	}

	/// An address for Root's forced balance changes: never a pallet account, whose books
	/// (the rewards pot owes every claimable reward) Root can always break this way.
	fn forced_address(&mut self) -> MultiAddress<AccountId, ()> {
		match self.below(40) {
			0 => MultiAddress::Index(()),
			1 => MultiAddress::Address32(self.rng.gen()),
			_ => addr(self.actor()),
		}
	}

	fn council(&mut self) -> AccountId {
		let members = pallet_collective::Members::<Runtime, Instance1>::get();
		let who = self.pick(&members);
		self.mostly(who)
	}

	fn sudo_key(&mut self) -> AccountId {
		let key = pallet_sudo::Key::<Runtime>::get();
		self.mostly(key)
	}

	fn attestor(&mut self) -> AccountId {
		let attestors: Vec<AccountId> = self
			.accounts
			.actors
			.iter()
			.map(|a| a.account.clone())
			.filter(|a| pallet_datasets::Attestors::<Runtime>::contains_key(a))
			.collect();
		let who = self.pick(&attestors);
		self.mostly(who)
	}

	fn evaluators(&self) -> Vec<AccountId> {
		self.accounts
			.actors
			.iter()
			.map(|a| a.account.clone())
			.filter(|a| pallet_lineage::Evaluators::<Runtime>::contains_key(a))
			.collect()
	}

	// --- Registry reads ----------------------------------------------------------------

	fn dataset(&mut self) -> DatasetId {
		let next = pallet_datasets::NextDatasetId::<Runtime>::get();
		self.id(next)
	}

	fn grant(&mut self) -> GrantId {
		let next = pallet_consent::NextGrantId::<Runtime>::get();
		self.id(next)
	}

	fn model(&mut self) -> ModelId {
		let next = pallet_lineage::NextModelId::<Runtime>::get();
		self.id(next)
	}

	fn pool(&mut self) -> u32 {
		let next = u64::from(pallet_rewards::NextPoolId::<Runtime>::get());
		self.id(next) as u32
	}

	fn dataset_owner(id: DatasetId) -> Option<AccountId> {
		pallet_datasets::Datasets::<Runtime>::get(id).map(|d| d.owner)
	}

	/// The owner or, now and then, the delegate: who may manage consent.
	fn dataset_manager(&mut self, id: DatasetId) -> Option<AccountId> {
		let record = pallet_datasets::Datasets::<Runtime>::get(id)?;
		match record.delegate {
			Some(delegate) if self.chance(0.3) => Some(delegate),
			_ => Some(record.owner),
		}
	}

	fn model_owner(id: ModelId) -> Option<AccountId> {
		pallet_lineage::Models::<Runtime>::get(id).map(|m| m.owner)
	}

	fn grantee_of(id: GrantId) -> Option<AccountId> {
		match pallet_consent::Grants::<Runtime>::get(id)?.grantee {
			pallet_consent::Grantee::Account(who) => Some(who),
			pallet_consent::Grantee::Anyone => None,
		}
	}

	// --- Composition -------------------------------------------------------------------

	/// The next step: mostly a structured call, sometimes a typed or raw-bytes one.
	pub fn step(&mut self) -> Step {
		match self.below(1000) {
			0..=99 => {
				let typed = self.typed;
				let call = typed.call(self, 0);
				let who = self.random_origin();
				Step { source: Source::Typed, who, call }
			},
			100..=139 => {
				let bytes = self.typed.raw_bytes(self.rng);
				let who = self.random_origin();
				Step { source: Source::Raw, who, call: decode_call(&bytes, false) }
			},
			_ => {
				let (who, call) = self.structured();
				Step { source: Source::Structured, who, call: Some(call) }
			},
		}
	}

	fn random_origin(&mut self) -> Who {
		match self.below(100) {
			0..=79 => Who::Signed(self.actor()),
			80..=96 => Who::Root,
			_ => Who::None,
		}
	}

	/// A structured call and its origin.
	pub fn structured(&mut self) -> (Who, RuntimeCall) {
		let total: u32 = TABLE.iter().map(|(w, _)| w).sum();
		for _ in 0..20 {
			let mut r = self.below(u64::from(total)) as u32;
			for (weight, make) in TABLE {
				if r < *weight {
					if let Some(made) = make(self) {
						return made;
					}
					break;
				}
				r -= weight;
			}
		}
		(Who::Signed(self.actor()), remark())
	}

	/// A call to nest in a wrapper at `depth`: a structured one without its origin.
	pub fn nested_call(&mut self, depth: u32) -> Option<RuntimeCall> {
		let saved = self.depth;
		self.depth = depth.max(self.depth);
		let call = self.inner();
		self.depth = saved;
		call
	}

	/// A call for a wrapper to carry, one level deeper.
	fn inner(&mut self) -> Option<RuntimeCall> {
		if self.depth >= MAX_DEPTH {
			return None;
		}
		self.depth += 1;
		let (_, call) = self.structured();
		self.depth -= 1;
		Some(call)
	}

	/// How a governed call reaches its origin: Root itself, sudo, a council motion, or
	/// (to check the refusal) an ordinary signer.
	fn privileged(&mut self, call: RuntimeCall) -> Made {
		match self.below(100) {
			0..=34 => Some((Who::Root, call)),
			35..=64 => {
				let key = self.sudo_key();
				signed(key, RuntimeCall::Sudo(SudoCall::sudo { call: Box::new(call) }))
			},
			65..=91 => {
				let member = self.council();
				let members = pallet_collective::Members::<Runtime, Instance1>::get().len();
				let threshold = match self.below(10) {
					0 => 0,
					1 => members as u32 + 1,
					_ => 1 + self.below(members.max(1) as u64) as u32,
				};
				let len = call.encoded_size() as u32;
				let length_bound = if self.chance(0.95) { len } else { len.saturating_sub(1) };
				signed(
					member,
					RuntimeCall::Council(CouncilCall::propose {
						threshold,
						proposal: Box::new(call),
						length_bound,
					}),
				)
			},
			_ => signed(self.actor(), call),
		}
	}
}

// --- Datasets ------------------------------------------------------------------------------

type MaxContributors = <Runtime as pallet_datasets::Config>::MaxContributors;

fn contributors(g: &mut Gen) -> BoundedVec<(AccountId, Perbill), MaxContributors> {
	if g.chance(0.6) {
		return BoundedVec::default();
	}
	let cap = <MaxContributors as Get<u32>>::get() as usize;
	let n = if g.chance(0.04) { cap } else { 1 + g.below(4) as usize };
	let mut who: Vec<AccountId> = g.accounts.actors.iter().map(|a| a.account.clone()).collect();
	while who.len() < n {
		who.push(AccountId::from([who.len() as u8; 32]));
	}
	// Distinct contributors, shares of random sizes that add up to exactly 100%.
	let start = g.below(who.len() as u64) as usize;
	who.rotate_left(start);
	let weights: Vec<u64> = (0..n).map(|_| 1 + g.below(100)).collect();
	let total: u64 = weights.iter().sum();
	let mut shares: Vec<u32> =
		weights.iter().map(|w| (1_000_000_000u64 * w / total) as u32).collect();
	let sum: u32 = shares.iter().sum();
	shares[n - 1] += 1_000_000_000 - sum;
	let mut list: Vec<(AccountId, Perbill)> =
		who.into_iter().zip(shares).map(|(a, s)| (a, Perbill::from_parts(s))).collect();
	match g.below(30) {
		0 => list[0].1 = Perbill::from_percent(50),
		1 if n > 1 => list[1].0 = list[0].0.clone(),
		2 => list[n - 1].1 = Perbill::zero(),
		_ => {},
	}
	BoundedVec::truncate_from(list)
}

fn derivation_kind(g: &mut Gen) -> DerivationKind {
	[
		DerivationKind::NewVersion,
		DerivationKind::Subset,
		DerivationKind::Deidentified,
		DerivationKind::Augmented,
		DerivationKind::Merged,
	][g.below(5) as usize]
}

fn register_dataset(g: &mut Gen) -> Made {
	let mut who = g.actor();
	let parent = match g.below(10) {
		0..=4 => None,
		5..=6 => {
			let id = g.dataset();
			let owner = Gen::dataset_owner(id);
			who = g.mostly(owner);
			Some((id, derivation_kind(g)))
		},
		_ => {
			// Under a derivation grant, as its grantee.
			let grant = g.grant();
			match pallet_consent::Grants::<Runtime>::get(grant) {
				Some(gr) => {
					if let pallet_consent::Grantee::Account(grantee) = gr.grantee {
						who = g.mostly(Some(grantee));
					}
					let kind =
						if g.chance(0.8) { DerivationKind::Subset } else { derivation_kind(g) };
					Some((gr.dataset, kind))
				},
				None => Some((g.dataset(), derivation_kind(g))),
			}
		},
	};
	let call = DatasetsCall::register_dataset {
		content_hash: g.fresh_hash(),
		metadata_hash: g.hash(),
		uri: g.bounded(),
		license: g.license(),
		sensitivity: g.sensitivity(),
		parent,
		contributors: contributors(g),
	};
	signed(who, RuntimeCall::Datasets(call))
}

/// A dataset and, mostly, its owner.
fn dataset_and_owner(g: &mut Gen) -> (DatasetId, AccountId) {
	let id = g.dataset();
	let owner = Gen::dataset_owner(id);
	(id, g.mostly(owner))
}

fn datasets_owner_call(g: &mut Gen) -> Made {
	let (id, who) = dataset_and_owner(g);
	let call = match g.below(8) {
		0 => DatasetsCall::update_metadata { id, metadata_hash: g.hash(), uri: g.bounded() },
		1 => DatasetsCall::set_contributors { id, contributors: contributors(g) },
		2 => DatasetsCall::transfer_ownership { id, new_owner: g.target() },
		3 => DatasetsCall::set_delegate {
			id,
			delegate: if g.chance(0.8) { Some(g.actor()) } else { None },
		},
		4 => DatasetsCall::retire_dataset { id },
		5 => DatasetsCall::cancel_ownership_transfer { id },
		_ => DatasetsCall::set_sensitivity { id, sensitivity: g.sensitivity() },
	};
	signed(who, RuntimeCall::Datasets(call))
}

fn accept_ownership(g: &mut Gen) -> Made {
	let id = g.dataset();
	let pending = pallet_datasets::PendingOwner::<Runtime>::get(id);
	let who = g.mostly(pending);
	signed(who, RuntimeCall::Datasets(DatasetsCall::accept_ownership { id }))
}

fn attest_dataset(g: &mut Gen) -> Made {
	let who = g.attestor();
	let kind = match g.below(4) {
		0 => pallet_datasets::AttestationKind::QualityAudit,
		1 => pallet_datasets::AttestationKind::Deidentified,
		2 => pallet_datasets::AttestationKind::LicenseVerified,
		_ => pallet_datasets::AttestationKind::Custom(g.bounded()),
	};
	let call = DatasetsCall::attest_dataset { id: g.dataset(), kind, evidence_hash: g.hash() };
	signed(who, RuntimeCall::Datasets(call))
}

fn datasets_governance(g: &mut Gen) -> Made {
	let call = match g.below(5) {
		0 => DatasetsCall::add_attestor { who: g.actor() },
		1 => DatasetsCall::remove_attestor { who: g.actor() },
		2 | 3 => DatasetsCall::dispute_dataset { id: g.dataset(), evidence_hash: g.hash() },
		_ => DatasetsCall::resolve_dataset_dispute {
			id: g.dataset(),
			reassign_to: if g.chance(0.5) { Some(g.target()) } else { None },
		},
	};
	g.privileged(RuntimeCall::Datasets(call))
}

// --- Consent -------------------------------------------------------------------------------

fn terms(g: &mut Gen) -> pallet_consent::GrantTerms<AccountId> {
	let mut terms = pallet_consent::GrantTerms::with_hash(g.hash());
	terms.derivatives =
		[DerivativeScope::GranteeOnly, DerivativeScope::NoOne, DerivativeScope::Anyone]
			[g.below(3) as usize];
	terms.on_revoke =
		if g.chance(0.7) { RevocationEffect::StopUse } else { RevocationEffect::NoNewTraining };
	if g.chance(0.3) {
		terms.data_subject = Some(g.hash());
		terms.controller = Some(g.actor());
		terms.legal_basis = pallet_consent::LegalBasis::Contract;
		terms.jurisdiction =
			Some(pallet_consent::CountryCode(if g.chance(0.9) { *b"DE" } else { g.rng.gen() }));
		terms.notice_version = Some(g.hash());
	}
	terms
}

fn grant_consent(g: &mut Gen) -> Made {
	let dataset = g.dataset();
	let manager = g.dataset_manager(dataset);
	let who = g.mostly(manager);
	let grantee = if g.chance(0.85) {
		pallet_consent::Grantee::Account(g.actor())
	} else {
		pallet_consent::Grantee::Anyone
	};
	let expires_at = if g.chance(0.6) { None } else { Some(g.block_ahead()) };
	let max_uses = match g.below(10) {
		0..=5 => None,
		6 => Some(0),
		_ => Some(1 + g.below(5) as u32),
	};
	let call = ConsentCall::grant_consent {
		dataset,
		grantee,
		purposes: g.purposes(),
		expires_at,
		max_uses,
		terms: terms(g),
	};
	signed(who, RuntimeCall::Consent(call))
}

/// A grant for one purpose to one account: what registrations, evaluations and pool
/// scores need.
fn grant_for(g: &mut Gen, dataset: DatasetId, grantee: AccountId, purpose: Purpose) -> Made {
	let manager = g.dataset_manager(dataset);
	let who = g.mostly(manager);
	let mut set = BTreeSet::from([purpose]);
	if g.chance(0.3) {
		set.insert(Purpose::Derivation);
	}
	let call = ConsentCall::grant_consent {
		dataset,
		grantee: pallet_consent::Grantee::Account(grantee),
		purposes: Purposes::try_from(set).unwrap_or_default(),
		expires_at: None,
		max_uses: None,
		terms: terms(g),
	};
	signed(who, RuntimeCall::Consent(call))
}

fn targeted_grant(g: &mut Gen) -> Made {
	match g.below(3) {
		// An evaluation grant on an open pool's benchmark, to an accredited evaluator.
		0 => {
			let pool = g.pool();
			let benchmark = pallet_rewards::Pools::<Runtime>::get(pool)
				.map(|p| p.benchmark)
				.unwrap_or_else(|| g.dataset());
			let evaluators = g.evaluators();
			let grantee = g.pick(&evaluators).unwrap_or_else(|| g.actor());
			grant_for(g, benchmark, grantee, Purpose::Evaluation)
		},
		_ => {
			let (dataset, grantee) = (g.dataset(), g.actor());
			let purpose = if g.chance(0.6) { Purpose::Training } else { g.purpose() };
			grant_for(g, dataset, grantee, purpose)
		},
	}
}

fn revoke_consent(g: &mut Gen) -> Made {
	let grant = g.grant();
	let manager =
		pallet_consent::Grants::<Runtime>::get(grant).and_then(|gr| g.dataset_manager(gr.dataset));
	let who = g.mostly(manager);
	signed(who, RuntimeCall::Consent(ConsentCall::revoke_consent { grant }))
}

fn record_access(g: &mut Gen) -> Made {
	let grant = g.grant();
	let record = pallet_consent::Grants::<Runtime>::get(grant);
	let who = g.mostly(Gen::grantee_of(grant));
	let purposes: Vec<Purpose> =
		record.map(|r| r.purposes.into_iter().collect()).unwrap_or_default();
	let purpose = match g.pick(&purposes) {
		Some(p) if g.chance(0.9) => p,
		_ => g.purpose(),
	};
	let call = ConsentCall::record_access { grant, purpose, job_hash: g.hash() };
	signed(who, RuntimeCall::Consent(call))
}

// --- Lineage -------------------------------------------------------------------------------

fn run_kind(g: &mut Gen) -> pallet_lineage::RunKind {
	use pallet_lineage::RunKind::*;
	[Pretrain, FineTune, Adapter, Merge, Distill, Quantize][g.below(6) as usize]
}

fn role(g: &mut Gen) -> pallet_lineage::InputRole {
	use pallet_lineage::InputRole::*;
	[Train, Train, Validation, Test][g.below(4) as usize]
}

fn register_model(g: &mut Gen) -> Made {
	// A trainer and purpose from a grant, and inputs from grants that trainer holds.
	let first = g.grant();
	let (mut trainer, mut purpose) = (g.actor(), g.purpose());
	if let Some(gr) = pallet_consent::Grants::<Runtime>::get(first) {
		if let pallet_consent::Grantee::Account(who) = &gr.grantee {
			trainer = who.clone();
		}
		let purposes: Vec<Purpose> = gr.purposes.into_iter().collect();
		purpose = g.pick(&purposes).unwrap_or(purpose);
	}
	let max_inputs = <<Runtime as pallet_lineage::Config>::MaxInputs as Get<u32>>::get();
	let max_parents = <<Runtime as pallet_lineage::Config>::MaxParents as Get<u32>>::get();
	let mut inputs = Vec::new();
	let mut datasets = BTreeSet::new();
	let wanted = if g.chance(0.03) { max_inputs } else { g.below(4) as u32 };
	for attempt in 0..(wanted * 3 + 1) {
		if inputs.len() as u32 >= wanted && attempt > 0 {
			break;
		}
		let id = if attempt == 0 { first } else { g.grant() };
		let Some(gr) = pallet_consent::Grants::<Runtime>::get(id) else { continue };
		let usable = gr.grantee.covers(&trainer) && gr.purposes.contains(&purpose);
		// Now and then a grant that does not fit, or a dataset named twice.
		if (usable && datasets.insert(gr.dataset)) || g.chance(0.05) {
			inputs.push(pallet_lineage::TrainingInput {
				dataset: gr.dataset,
				role: role(g),
				grant: id,
			});
		}
	}
	let n_parents = if g.chance(0.03) { max_parents } else { g.below(3) as u32 };
	let parents: Vec<(ModelId, pallet_lineage::RunKind)> =
		(0..n_parents).map(|_| (g.model(), run_kind(g))).collect();
	let policy = match g.below(10) {
		0..=5 => pallet_lineage::DerivativePolicy::Open,
		6..=7 => pallet_lineage::DerivativePolicy::OwnerOnly,
		_ => pallet_lineage::DerivativePolicy::RoyaltyRequired { min_share: g.perbill() },
	};
	let trainer = g.mostly(Some(trainer));
	// Mostly the bound an honest client computes (every parent's basis, every input's
	// derivation basis, every input); now and then the largest, a random or a zero one.
	let honest = parents
		.iter()
		.filter_map(|(p, _)| pallet_lineage::Models::<Runtime>::get(p))
		.map(|m| m.consent_basis.len())
		.chain(
			inputs
				.iter()
				.map(|i| pallet_datasets::DerivationBasis::<Runtime>::get(i.dataset).len()),
		)
		.sum::<usize>()
		.saturating_add(inputs.len());
	let max_basis = match g.below(10) {
		0..=6 => u32::try_from(honest).unwrap_or(u32::MAX),
		7 => <Runtime as pallet_lineage::Config>::MaxBasisGrants::get(),
		8 => g.below(300) as u32,
		_ => 0,
	};
	let call = LineageCall::register_model {
		weights_hash: g.fresh_hash(),
		name: g.text(),
		version: g.text(),
		uri: g.bounded(),
		license: g.license(),
		card_hash: g.hash(),
		policy,
		kind: run_kind(g),
		parents: BoundedVec::truncate_from(parents),
		inputs: BoundedVec::truncate_from(inputs),
		purpose,
		config_hash: g.hash(),
		code_hash: g.hash(),
		compute_provider: if g.chance(0.2) { Some(g.actor()) } else { None },
		max_parent_share: if g.chance(0.7) { Perbill::one() } else { g.perbill() },
		max_basis,
	};
	signed(trainer, RuntimeCall::Lineage(call))
}

fn record_evaluation(g: &mut Gen) -> Made {
	let model = g.model();
	let evaluators = g.evaluators();
	let who = match g.below(3) {
		0 => g.mostly(Gen::model_owner(model)),
		1 => g.pick(&evaluators).unwrap_or_else(|| g.actor()),
		_ => g.actor(),
	};
	let benchmark = if g.chance(0.5) {
		let grant = g.grant();
		let dataset = pallet_consent::Grants::<Runtime>::get(grant)
			.map(|gr| gr.dataset)
			.unwrap_or_else(|| g.dataset());
		Some((dataset, grant))
	} else {
		None
	};
	let value = if g.chance(0.8) { g.rng.gen_range(0..1_000_000) } else { g.rng.gen() };
	let call = LineageCall::record_evaluation {
		model,
		benchmark,
		metric: g.text(),
		value,
		evidence_hash: g.hash(),
	};
	signed(who, RuntimeCall::Lineage(call))
}

fn lineage_owner_call(g: &mut Gen) -> Made {
	let model = g.model();
	let owner = Gen::model_owner(model);
	let who = g.mostly(owner);
	let call = match g.below(9) {
		0 => LineageCall::deprecate_model { model },
		1 => LineageCall::withdraw_model { model },
		2 | 3 => LineageCall::transfer_model { model, new_owner: g.target() },
		4 => LineageCall::cancel_model_transfer { model },
		5 => LineageCall::allow_evaluator { model, who: g.actor() },
		6 => LineageCall::disallow_evaluator { model, who: g.actor() },
		7 => {
			let next = pallet_lineage::NextEvaluationIndex::<Runtime>::get(model);
			LineageCall::remove_evaluation { model, index: g.id(u64::from(next)) as u32 }
		},
		_ => LineageCall::anchor_decisions {
			model,
			merkle_root: g.hash(),
			count: if g.chance(0.05) { 0 } else { 1 + g.below(1_000) as u32 },
		},
	};
	signed(who, RuntimeCall::Lineage(call))
}

fn accept_model(g: &mut Gen) -> Made {
	let model = g.model();
	let pending = pallet_lineage::PendingModelOwner::<Runtime>::get(model);
	let who = g.mostly(pending);
	signed(who, RuntimeCall::Lineage(LineageCall::accept_model { model }))
}

fn lineage_governance(g: &mut Gen) -> Made {
	let call = match g.below(5) {
		0 | 1 => LineageCall::add_evaluator { who: g.actor() },
		2 => LineageCall::remove_evaluator { who: g.actor() },
		3 => LineageCall::dispute_model { model: g.model(), evidence_hash: g.hash() },
		_ => LineageCall::resolve_model_dispute {
			model: g.model(),
			reassign_to: if g.chance(0.5) { Some(g.target()) } else { None },
		},
	};
	g.privileged(RuntimeCall::Lineage(call))
}

// --- Rewards -------------------------------------------------------------------------------

fn set_royalty_policy(g: &mut Gen) -> Made {
	let model = g.model();
	let who = g.mostly(Gen::model_owner(model));
	let current = pallet_rewards::Policies::<Runtime>::get(model).unwrap_or_default();
	let raise = |g: &mut Gen, p: Perbill| {
		if g.chance(0.8) {
			p.saturating_add(Perbill::from_percent(g.below(10) as u32))
		} else {
			g.perbill()
		}
	};
	let policy = pallet_rewards::RoyaltyPolicy {
		parent_share: raise(g, current.parent_share),
		dataset_share: raise(g, current.dataset_share),
		min_derivative_share: raise(g, current.min_derivative_share),
	};
	signed(who, RuntimeCall::Rewards(RewardsCall::set_royalty_policy { model, policy }))
}

fn pay_usage(g: &mut Gen) -> Made {
	let model = g.model();
	let min: Balance = <<Runtime as pallet_rewards::Config>::MinPayment as Get<Balance>>::get();
	let amount = match g.below(20) {
		0 => min.saturating_sub(1),
		1 => g.balance(),
		2 => u128::MAX,
		_ => min + MILLI_UNIT * u128::from(g.below(10_000)),
	};
	signed(g.actor(), RuntimeCall::Rewards(RewardsCall::pay_usage { model, amount }))
}

fn claim_rewards(g: &mut Gen) -> Made {
	let owed: Vec<AccountId> = g
		.accounts
		.actors
		.iter()
		.map(|a| a.account.clone())
		.filter(|a| pallet_rewards::Claimable::<Runtime>::get(a) > 0)
		.collect();
	let who = g.pick(&owed);
	let who = g.mostly(who);
	signed(who, RuntimeCall::Rewards(RewardsCall::claim_rewards {}))
}

fn open_pool(g: &mut Gen) -> Made {
	let max_duration = <<Runtime as pallet_rewards::Config>::MaxPoolDuration as Get<u32>>::get();
	let now = g.now();
	let closes_at = match g.below(20) {
		0 => now,
		1 => now + max_duration + 1,
		2 => now + max_duration,
		_ => now + 1 + g.below(20) as u32,
	};
	let amount = if g.chance(0.9) { UNIT * u128::from(1 + g.below(50)) } else { g.balance() };
	let call = RewardsCall::open_pool {
		benchmark: g.dataset(),
		metric: g.text(),
		higher_is_better: g.chance(0.7),
		baseline: if g.chance(0.8) { g.rng.gen_range(-1_000..500_000) } else { g.rng.gen() },
		closes_at,
		amount,
	};
	signed(g.actor(), RuntimeCall::Rewards(call))
}

fn submit_score(g: &mut Gen) -> Made {
	let pool = g.pool();
	let benchmark = pallet_rewards::Pools::<Runtime>::get(pool).map(|p| p.benchmark);
	let evaluators = g.evaluators();
	let evaluator = g.pick(&evaluators);
	let evaluator = g.mostly(evaluator);
	// Its evaluation grant on the benchmark, if a sample of grants holds one.
	let mut grant = g.grant();
	for _ in 0..12 {
		let id = g.grant();
		if let Some(gr) = pallet_consent::Grants::<Runtime>::get(id) {
			if Some(gr.dataset) == benchmark
				&& gr.grantee.covers(&evaluator)
				&& gr.purposes.contains(&Purpose::Evaluation)
			{
				grant = id;
				break;
			}
		}
	}
	let score = if g.chance(0.9) { g.rng.gen_range(-10_000..1_000_000) } else { g.rng.gen() };
	let call = RewardsCall::submit_score { pool, model: g.model(), score, grant };
	signed(evaluator, RuntimeCall::Rewards(call))
}

fn settle_pool(g: &mut Gen) -> Made {
	let max_entries = match g.below(10) {
		0 => 0,
		1 => u32::MAX,
		2 => 2,
		_ => 1,
	};
	let call = RewardsCall::settle_pool { pool: g.pool(), max_entries };
	signed(g.actor(), RuntimeCall::Rewards(call))
}

// --- Validators and session keys ----------------------------------------------------------

fn validator_set(g: &mut Gen) -> Made {
	let with_keys: Vec<AccountId> = g
		.accounts
		.actors
		.iter()
		.map(|a| a.account.clone())
		.filter(|a| pallet_session::NextKeys::<Runtime>::contains_key(a))
		.collect();
	let who = g.pick(&with_keys);
	let who = g.mostly(who);
	let call = if g.chance(0.6) {
		ValidatorSetCall::add_validator { who }
	} else {
		let current = pallet_validator_set::Validators::<Runtime>::get().into_inner();
		let who = g.pick(&current);
		ValidatorSetCall::remove_validator { who: g.mostly(who) }
	};
	g.privileged(RuntimeCall::ValidatorSet(call))
}

fn session(g: &mut Gen) -> Made {
	let accounts = g.accounts;
	let i = g.below(accounts.actors.len() as u64) as usize;
	let actor = &accounts.actors[i];
	let who = actor.account.clone();
	if g.chance(0.15) {
		return signed(who, RuntimeCall::Session(SessionCall::purge_keys {}));
	}
	let (keys, proof) = match g.below(20) {
		// Another account's keys, with its proof (not valid for this owner).
		0..=2 => {
			let j = g.below(accounts.actors.len() as u64) as usize;
			let other = &accounts.actors[j];
			(other.keys.clone(), other.proof.clone())
		},
		3 => (actor.keys.clone(), g.bytes(128)),
		_ => (actor.keys.clone(), actor.proof.clone()),
	};
	signed(who, RuntimeCall::Session(SessionCall::set_keys { keys, proof }))
}

/// A GRANDPA equivocation by a current validator whose key the fuzzer holds: a real one, or
/// one whose second vote another key signed.
fn grandpa(g: &mut Gen) -> Made {
	if g.chance(0.3) {
		let call = GrandpaCall::note_stalled {
			delay: g.below(20) as u32,
			best_finalized_block_number: g.now().saturating_sub(g.below(5) as u32),
		};
		return g.privileged(RuntimeCall::Grandpa(call));
	}
	let accounts = g.accounts;
	let validators = pallet_session::Validators::<Runtime>::get();
	let offender = g.pick(&validators)?;
	let actor = accounts.actor(&offender)?;
	let key: sp_consensus_grandpa::AuthorityId = actor.keys.grandpa.clone();
	let key_owner_proof =
		provenance_runtime::Historical::prove((sp_consensus_grandpa::KEY_TYPE, key.clone()))?;
	let set_id = provenance_runtime::Grandpa::current_set_id();
	let round = g.below(4) + 1;
	let number = g.now();
	let forger = if g.chance(0.8) {
		actor.grandpa
	} else {
		let j = g.below(accounts.actors.len() as u64) as usize;
		accounts.actors[j].grandpa
	};
	let vote = |hash: H256, signer: &sp_core::ed25519::Pair| {
		use sp_core::Pair;
		let prevote = finality_grandpa::Prevote { target_hash: hash, target_number: number };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
		(prevote, signer.sign(&payload).into())
	};
	let proof = sp_consensus_grandpa::EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity: key,
			first: vote(H256::repeat_byte(1), &actor.grandpa),
			second: vote(H256::repeat_byte(if g.chance(0.9) { 2 } else { 1 }), &forger),
		}),
	);
	if g.chance(0.7) {
		let call = GrandpaCall::report_equivocation_unsigned {
			equivocation_proof: Box::new(proof),
			key_owner_proof,
		};
		Some((Who::None, RuntimeCall::Grandpa(call)))
	} else {
		let call = GrandpaCall::report_equivocation {
			equivocation_proof: Box::new(proof),
			key_owner_proof,
		};
		signed(g.actor(), RuntimeCall::Grandpa(call))
	}
}

// --- Balances and system -------------------------------------------------------------------

fn transfer_amount(g: &mut Gen, from: &AccountId) -> Balance {
	let free = pallet_balances::Pallet::<Runtime>::free_balance(from);
	match g.below(20) {
		0 => free,
		1 => free.saturating_sub(EXISTENTIAL_DEPOSIT / 2),
		2 => free + 1,
		_ => g.balance(),
	}
}

fn balances(g: &mut Gen) -> Made {
	let from = g.actor();
	let call = match g.below(20) {
		0..=6 => BalancesCall::transfer_allow_death {
			dest: g.address(),
			value: transfer_amount(g, &from),
		},
		7..=13 => BalancesCall::transfer_keep_alive {
			dest: g.address(),
			value: transfer_amount(g, &from),
		},
		14 => BalancesCall::transfer_all { dest: g.address(), keep_alive: g.chance(0.5) },
		15 => BalancesCall::burn { value: transfer_amount(g, &from), keep_alive: g.chance(0.5) },
		16 => {
			let n = g.below(4);
			BalancesCall::upgrade_accounts { who: (0..n).map(|_| g.target()).collect() }
		},
		_ => {
			let call = match g.below(3) {
				0 => BalancesCall::force_transfer {
					source: g.forced_address(),
					dest: g.address(),
					value: transfer_amount(g, &from),
				},
				1 => BalancesCall::force_set_balance {
					who: g.forced_address(),
					new_free: g.balance().min(u128::MAX >> 8),
				},
				_ => BalancesCall::force_adjust_total_issuance {
					direction: if g.chance(0.5) {
						pallet_balances::AdjustmentDirection::Increase
					} else {
						pallet_balances::AdjustmentDirection::Decrease
					},
					// Mostly small: an issuance forced to zero fails every later withdrawal.
					delta: if g.chance(0.95) {
						UNIT * u128::from(g.below(1_000))
					} else {
						g.balance().min(u128::MAX >> 8)
					},
				},
			};
			return g.privileged(RuntimeCall::Balances(call));
		},
	};
	signed(from, RuntimeCall::Balances(call))
}

fn system(g: &mut Gen) -> Made {
	let call = match g.below(12) {
		0..=3 => {
			return signed(
				g.actor(),
				RuntimeCall::System(SystemCall::remark { remark: g.bytes(256) }),
			)
		},
		4 => {
			return signed(
				g.actor(),
				RuntimeCall::System(SystemCall::remark_with_event { remark: g.bytes(64) }),
			)
		},
		5 => SystemCall::set_heap_pages { pages: g.below(4096) },
		6 => SystemCall::set_code { code: g.bytes(64) },
		7 => SystemCall::set_code_without_checks { code: g.bytes(64) },
		8 | 9 => {
			let code = g.bytes(64);
			let code_hash = BlakeTwo256::hash(&code);
			g.mem.note_code(code);
			if g.chance(0.5) {
				SystemCall::authorize_upgrade { code_hash }
			} else {
				SystemCall::authorize_upgrade_without_checks { code_hash }
			}
		},
		_ => {
			let codes = g.mem.codes.clone();
			let code = g.pick(&codes).unwrap_or_else(|| g.bytes(64));
			let call = SystemCall::apply_authorized_upgrade { code };
			// Valid unsigned: anyone may apply an authorized upgrade.
			let who = if g.chance(0.5) { Who::None } else { Who::Signed(g.actor()) };
			return Some((who, RuntimeCall::System(call)));
		},
	};
	g.privileged(RuntimeCall::System(call))
}

// --- Governance ----------------------------------------------------------------------------

fn parameters(g: &mut Gen) -> Made {
	let deposit = |g: &mut Gen| -> Option<Balance> {
		match g.below(10) {
			0 => None,
			1 => Some(0),
			2 => Some(g.balance()),
			_ => Some(MILLI_UNIT * u128::from(g.below(200))),
		}
	};
	let value = match g.below(14) {
		0 => RuntimeParameters::Registry(registry::Parameters::DatasetDepositBase(
			registry::DatasetDepositBase,
			deposit(g),
		)),
		1 => RuntimeParameters::Registry(registry::Parameters::DatasetDepositPerByte(
			registry::DatasetDepositPerByte,
			deposit(g),
		)),
		2 => RuntimeParameters::Registry(registry::Parameters::AttestationDeposit(
			registry::AttestationDeposit,
			deposit(g),
		)),
		3 => RuntimeParameters::Registry(registry::Parameters::GrantDeposit(
			registry::GrantDeposit,
			deposit(g),
		)),
		4 => RuntimeParameters::Registry(registry::Parameters::AccessDeposit(
			registry::AccessDeposit,
			deposit(g),
		)),
		5 => RuntimeParameters::Registry(registry::Parameters::ModelDepositBase(
			registry::ModelDepositBase,
			deposit(g),
		)),
		6 => RuntimeParameters::Registry(registry::Parameters::ModelDepositPerByte(
			registry::ModelDepositPerByte,
			deposit(g),
		)),
		7 => RuntimeParameters::Registry(registry::Parameters::EvaluationDeposit(
			registry::EvaluationDeposit,
			deposit(g),
		)),
		8 => RuntimeParameters::Registry(registry::Parameters::AnchorDeposit(
			registry::AnchorDeposit,
			deposit(g),
		)),
		9 => RuntimeParameters::Registry(registry::Parameters::AllowanceDeposit(
			registry::AllowanceDeposit,
			deposit(g),
		)),
		10 => {
			let policy = pallet_rewards::RoyaltyPolicy {
				parent_share: g.perbill(),
				dataset_share: g.perbill(),
				min_derivative_share: g.perbill(),
			};
			let value = if g.chance(0.9) { Some(policy) } else { None };
			RuntimeParameters::Rewards(rewards::Parameters::DefaultRoyaltyPolicy(
				rewards::DefaultRoyaltyPolicy,
				value,
			))
		},
		11 => RuntimeParameters::Rewards(rewards::Parameters::MinUsagePayment(
			rewards::MinUsagePayment,
			deposit(g),
		)),
		12 => {
			let period = match g.below(5) {
				0 => None,
				1 => Some(0),
				_ => Some(g.below(40) as u32),
			};
			RuntimeParameters::Chain(chain::Parameters::SessionPeriod(chain::SessionPeriod, period))
		},
		_ => RuntimeParameters::Chain(chain::Parameters::TreasuryFeeShare(
			chain::TreasuryFeeShare,
			if g.chance(0.9) { Some(g.perbill()) } else { None },
		)),
	};
	g.privileged(RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
		key_value: value,
	}))
}

/// A proposal open in the council, with its index.
fn open_proposal(g: &mut Gen) -> Option<(H256, u32)> {
	let proposals = pallet_collective::Proposals::<Runtime, Instance1>::get().into_inner();
	let hash = g.pick(&proposals)?;
	// `Votes` keeps its fields private; its index is encoded first.
	let votes = pallet_collective::Voting::<Runtime, Instance1>::get(hash)?.encode();
	let index = codec::Decode::decode(&mut &votes[..]).ok()?;
	Some((hash, index))
}

fn council(g: &mut Gen) -> Made {
	match g.below(20) {
		0..=7 => {
			let (hash, index) = match open_proposal(g) {
				Some(p) => p,
				None => (g.hash(), g.below(4) as u32),
			};
			let approve = g.chance(0.85);
			let who = g.council();
			signed(who, RuntimeCall::Council(CouncilCall::vote { proposal: hash, index, approve }))
		},
		8..=12 => {
			let (hash, index) = open_proposal(g)?;
			let proposal = pallet_collective::ProposalOf::<Runtime, Instance1>::get(hash)?;
			let weight = proposal.get_dispatch_info().call_weight;
			let len = proposal.encoded_size() as u32;
			let (proposal_weight_bound, length_bound) = match g.below(10) {
				0 => (Weight::zero(), len),
				1 => (weight, 0),
				_ => (weight, len),
			};
			let call = CouncilCall::close {
				proposal_hash: hash,
				index,
				proposal_weight_bound,
				length_bound,
			};
			signed(g.actor(), RuntimeCall::Council(call))
		},
		13 => {
			let call = g.inner()?;
			let length_bound = call.encoded_size() as u32;
			let who = g.council();
			signed(
				who,
				RuntimeCall::Council(CouncilCall::execute {
					proposal: Box::new(call),
					length_bound,
				}),
			)
		},
		14 => {
			let call = g.inner()?;
			g.privileged(call)
		},
		15 => {
			let hash = open_proposal(g).map(|p| p.0).unwrap_or_else(|| g.hash());
			let call = match g.below(3) {
				0 => CouncilCall::disapprove_proposal { proposal_hash: hash },
				1 => CouncilCall::kill { proposal_hash: hash },
				_ => {
					return signed(
						g.actor(),
						RuntimeCall::Council(CouncilCall::release_proposal_cost {
							proposal_hash: hash,
						}),
					)
				},
			};
			g.privileged(RuntimeCall::Council(call))
		},
		16 => {
			let n = g.below(5);
			let new_members: Vec<AccountId> = (0..n).map(|_| g.actor()).collect();
			let prime = if g.chance(0.3) { g.pick(&new_members) } else { None };
			let old_count = pallet_collective::Members::<Runtime, Instance1>::get().len() as u32;
			let call = CouncilCall::set_members { new_members, prime, old_count };
			g.privileged(RuntimeCall::Council(call))
		},
		_ => {
			let call = match g.below(7) {
				0 => MembershipCall::add_member { who: addr(g.actor()) },
				1 => MembershipCall::remove_member { who: addr(g.council()) },
				2 => {
					MembershipCall::swap_member { remove: addr(g.council()), add: addr(g.actor()) }
				},
				3 => {
					let n = 1 + g.below(4);
					MembershipCall::reset_members { members: (0..n).map(|_| g.actor()).collect() }
				},
				4 => {
					let who = g.council();
					return signed(
						who,
						RuntimeCall::CouncilMembership(MembershipCall::change_key {
							new: addr(g.actor()),
						}),
					);
				},
				5 => MembershipCall::set_prime { who: addr(g.council()) },
				_ => MembershipCall::clear_prime {},
			};
			g.privileged(RuntimeCall::CouncilMembership(call))
		},
	}
}

fn treasury(g: &mut Gen) -> Made {
	let count = u64::from(pallet_treasury::SpendCount::<Runtime, ()>::get());
	match g.below(10) {
		0..=3 => {
			let amount = if g.chance(0.8) { UNIT * u128::from(g.below(100)) } else { g.balance() };
			// Not near `u32::MAX`: pallet-treasury saturates `expire_at` to `valid_from` there,
			// breaking its own `try_state` (reported; Root's or the council's doing only).
			let valid_from = match g.below(4) {
				0 => Some(g.now() + g.below(30) as u32),
				_ => None,
			};
			let call = TreasuryCall::spend {
				asset_kind: Box::new(()),
				amount,
				beneficiary: Box::new(g.target()),
				valid_from,
			};
			g.privileged(RuntimeCall::Treasury(call))
		},
		4..=5 => {
			let index = g.id(count) as u32;
			signed(g.actor(), RuntimeCall::Treasury(TreasuryCall::payout { index }))
		},
		6 => {
			let index = g.id(count) as u32;
			signed(g.actor(), RuntimeCall::Treasury(TreasuryCall::check_status { index }))
		},
		7 => {
			let index = g.id(count) as u32;
			g.privileged(RuntimeCall::Treasury(TreasuryCall::void_spend { index }))
		},
		8 => {
			#[allow(deprecated)]
			let call = TreasuryCall::spend_local { amount: g.balance(), beneficiary: addr(g.target()) };
			g.privileged(RuntimeCall::Treasury(call))
		},
		_ => {
			#[allow(deprecated)]
			let call = TreasuryCall::remove_approval { proposal_id: g.below(4) as u32 };
			g.privileged(RuntimeCall::Treasury(call))
		},
	}
}

fn preimage(g: &mut Gen) -> Made {
	let noted: Vec<H256> = g.mem.calls.iter().map(|c| c.0).collect();
	let known = |g: &mut Gen| g.pick(&noted).unwrap_or_else(|| g.hash());
	match g.below(10) {
		0..=4 => {
			// Mostly a call, so that whitelisted dispatches and motions can find it.
			let bytes = match g.inner() {
				Some(call) if g.chance(0.8) => {
					let bytes = call.encode();
					g.mem.note_call(
						BlakeTwo256::hash(&bytes),
						bytes.len() as u32,
						call.get_dispatch_info().call_weight,
					);
					bytes
				},
				_ => g.bytes(512),
			};
			signed(g.actor(), RuntimeCall::Preimage(PreimageCall::note_preimage { bytes }))
		},
		5 => {
			let hash = known(g);
			signed(g.actor(), RuntimeCall::Preimage(PreimageCall::unnote_preimage { hash }))
		},
		6 => {
			let hash = known(g);
			g.privileged(RuntimeCall::Preimage(PreimageCall::request_preimage { hash }))
		},
		7 => {
			let hash = known(g);
			g.privileged(RuntimeCall::Preimage(PreimageCall::unrequest_preimage { hash }))
		},
		_ => {
			let n = g.below(4);
			let hashes = (0..n).map(|_| known(g)).collect();
			signed(g.actor(), RuntimeCall::Preimage(PreimageCall::ensure_updated { hashes }))
		},
	}
}

fn task_name(g: &mut Gen) -> [u8; 32] {
	let names = g.mem.task_names.clone();
	match g.pick(&names) {
		Some(name) if g.chance(0.6) => name,
		_ => {
			let name: [u8; 32] = g.rng.gen();
			g.mem.note_task_name(name);
			name
		},
	}
}

fn scheduler(g: &mut Gen) -> Made {
	let periodic = |g: &mut Gen| {
		if g.chance(0.2) {
			Some((1 + g.below(5) as u32, 1 + g.below(4) as u32))
		} else {
			None
		}
	};
	let tasks = g.mem.tasks.clone();
	let task = |g: &mut Gen| g.pick(&tasks).unwrap_or((g.block_ahead(), g.below(3) as u32));
	let call = match g.below(12) {
		0..=2 => SchedulerCall::schedule {
			when: g.block_ahead(),
			maybe_periodic: periodic(g),
			priority: g.rng.gen(),
			call: Box::new(g.inner()?),
		},
		3..=4 => SchedulerCall::schedule_after {
			after: g.below(10) as u32,
			maybe_periodic: periodic(g),
			priority: g.rng.gen(),
			call: Box::new(g.inner()?),
		},
		5 => SchedulerCall::schedule_named {
			id: task_name(g),
			when: g.block_ahead(),
			maybe_periodic: periodic(g),
			priority: g.rng.gen(),
			call: Box::new(g.inner()?),
		},
		6 => SchedulerCall::schedule_named_after {
			id: task_name(g),
			after: g.below(10) as u32,
			maybe_periodic: periodic(g),
			priority: g.rng.gen(),
			call: Box::new(g.inner()?),
		},
		7 => {
			let (when, index) = task(g);
			SchedulerCall::cancel { when, index }
		},
		8 => SchedulerCall::cancel_named { id: task_name(g) },
		9 => SchedulerCall::set_retry {
			task: task(g),
			retries: g.below(4) as u8,
			period: g.below(5) as u32,
		},
		10 => SchedulerCall::set_retry_named {
			id: task_name(g),
			retries: g.below(4) as u8,
			period: g.below(5) as u32,
		},
		_ => {
			if g.chance(0.5) {
				SchedulerCall::cancel_retry { task: task(g) }
			} else {
				SchedulerCall::cancel_retry_named { id: task_name(g) }
			}
		},
	};
	g.privileged(RuntimeCall::Scheduler(call))
}

fn whitelist(g: &mut Gen) -> Made {
	let noted = g.mem.calls.clone();
	let (hash, len, weight) = g.pick(&noted).unwrap_or_else(|| (g.hash(), 0, Weight::zero()));
	let call = match g.below(8) {
		0..=2 => WhitelistCall::whitelist_call { call_hash: hash },
		3 => WhitelistCall::remove_whitelisted_call { call_hash: hash },
		4..=5 => WhitelistCall::dispatch_whitelisted_call {
			call_hash: hash,
			call_encoded_len: if g.chance(0.9) { len } else { len.saturating_sub(1) },
			call_weight_witness: if g.chance(0.9) { weight } else { Weight::zero() },
		},
		6 => WhitelistCall::dispatch_whitelisted_call_with_preimage { call: Box::new(g.inner()?) },
		_ => WhitelistCall::remove_deferred_dispatch { call_hash: hash },
	};
	// Deferred dispatches are executed by any signed relayer.
	if g.chance(0.15) {
		return signed(g.actor(), RuntimeCall::Whitelist(call));
	}
	g.privileged(RuntimeCall::Whitelist(call))
}

fn utility(g: &mut Gen) -> Made {
	if g.depth >= MAX_DEPTH {
		return None;
	}
	// The batch's origin is its first call's: the others may or may not share it.
	g.depth += 1;
	let (who, first) = g.structured();
	g.depth -= 1;
	let call = match g.below(10) {
		0..=4 => {
			let mut calls = vec![first];
			for _ in 0..g.below(4) {
				calls.push(g.inner()?);
			}
			match g.below(3) {
				0 => UtilityCall::batch { calls },
				1 => UtilityCall::batch_all { calls },
				_ => UtilityCall::force_batch { calls },
			}
		},
		5 => UtilityCall::as_derivative { index: g.rng.gen(), call: Box::new(first) },
		6 => UtilityCall::if_else { main: Box::new(first), fallback: Box::new(g.inner()?) },
		7 => {
			let call = UtilityCall::with_weight { call: Box::new(first), weight: g.weight() };
			return g.privileged(RuntimeCall::Utility(call));
		},
		_ => {
			let as_origin = match g.below(5) {
				0 => OriginCaller::system(frame_system::RawOrigin::Root),
				1 => OriginCaller::system(frame_system::RawOrigin::None),
				2 => OriginCaller::Council(pallet_collective::RawOrigin::Members(
					1 + g.below(3) as u32,
					3,
				)),
				_ => OriginCaller::system(frame_system::RawOrigin::Signed(g.actor())),
			};
			let call = if g.chance(0.5) {
				UtilityCall::dispatch_as { as_origin: Box::new(as_origin), call: Box::new(first) }
			} else {
				UtilityCall::dispatch_as_fallible {
					as_origin: Box::new(as_origin),
					call: Box::new(first),
				}
			};
			return g.privileged(RuntimeCall::Utility(call));
		},
	};
	Some((who, RuntimeCall::Utility(call)))
}

fn sudo(g: &mut Gen) -> Made {
	let key = g.sudo_key();
	let call = match g.below(20) {
		0..=9 => SudoCall::sudo { call: Box::new(g.inner()?) },
		10..=12 => {
			let call = g.inner()?;
			let weight =
				if g.chance(0.7) { call.get_dispatch_info().call_weight } else { g.weight() };
			SudoCall::sudo_unchecked_weight { call: Box::new(call), weight }
		},
		13..=16 => SudoCall::sudo_as { who: addr(g.actor()), call: Box::new(g.inner()?) },
		// Rare: losing the key ends the sudo paths for the rest of the episode.
		17..=18 => SudoCall::set_key { new: addr(g.actor()) },
		_ if g.chance(0.2) => SudoCall::remove_key {},
		_ => SudoCall::sudo { call: Box::new(remark()) },
	};
	signed(key, RuntimeCall::Sudo(call))
}

fn proxy_type(g: &mut Gen) -> ProxyType {
	if g.chance(0.5) {
		ProxyType::Any
	} else {
		ProxyType::ConsentManager
	}
}

fn proxy(g: &mut Gen) -> Made {
	let proxies = g.mem.proxies.clone();
	let known = g.pick(&proxies);
	match g.below(20) {
		0..=3 => {
			let call = ProxyCall::add_proxy {
				delegate: addr(g.actor()),
				proxy_type: proxy_type(g),
				delay: if g.chance(0.8) { 0 } else { g.below(3) as u32 },
			};
			signed(g.actor(), RuntimeCall::Proxy(call))
		},
		4..=9 => {
			// As a delegate, for its real account.
			let call = g.inner()?;
			let (who, real, force) = match known {
				Some(p) => {
					(p.delegate, p.real, if g.chance(0.5) { Some(p.proxy_type) } else { None })
				},
				None => (g.actor(), g.actor(), None),
			};
			signed(
				who,
				RuntimeCall::Proxy(ProxyCall::proxy {
					real: addr(real),
					force_proxy_type: force,
					call: Box::new(call),
				}),
			)
		},
		10 => {
			let p = known?;
			let call = ProxyCall::remove_proxy {
				delegate: addr(p.delegate),
				proxy_type: p.proxy_type,
				delay: p.delay,
			};
			signed(p.real, RuntimeCall::Proxy(call))
		},
		11 => signed(g.actor(), RuntimeCall::Proxy(ProxyCall::remove_proxies {})),
		12..=13 => {
			let call = ProxyCall::create_pure {
				proxy_type: proxy_type(g),
				delay: 0,
				index: g.below(3) as u16,
			};
			signed(g.actor(), RuntimeCall::Proxy(call))
		},
		14 => {
			// The pure account kills itself, through its spawner.
			let pures = g.mem.pures.clone();
			let p = g.pick(&pures)?;
			let kill = ProxyCall::kill_pure {
				spawner: addr(p.spawner.clone()),
				proxy_type: p.proxy_type,
				index: p.index,
				height: p.height,
				ext_index: p.ext_index,
			};
			signed(
				p.spawner,
				RuntimeCall::Proxy(ProxyCall::proxy {
					real: addr(p.pure),
					force_proxy_type: None,
					call: Box::new(RuntimeCall::Proxy(kill)),
				}),
			)
		},
		15..=16 => {
			let call = g.inner()?;
			let hash = call_hash(&call);
			let (who, real) = match known {
				Some(p) => (p.delegate, p.real),
				None => (g.actor(), g.actor()),
			};
			signed(
				who,
				RuntimeCall::Proxy(ProxyCall::announce { real: addr(real), call_hash: hash }),
			)
		},
		17 => {
			let announcements = g.mem.announcements.clone();
			let (real, delegate, hash) = g.pick(&announcements)?;
			if g.chance(0.5) {
				signed(
					delegate,
					RuntimeCall::Proxy(ProxyCall::remove_announcement {
						real: addr(real),
						call_hash: hash,
					}),
				)
			} else {
				signed(
					real,
					RuntimeCall::Proxy(ProxyCall::reject_announcement {
						delegate: addr(delegate),
						call_hash: hash,
					}),
				)
			}
		},
		18 => {
			let call = g.inner()?;
			let (delegate, real) = match known {
				Some(p) => (p.delegate, p.real),
				None => (g.actor(), g.actor()),
			};
			signed(
				g.actor(),
				RuntimeCall::Proxy(ProxyCall::proxy_announced {
					delegate: addr(delegate),
					real: addr(real),
					force_proxy_type: None,
					call: Box::new(call),
				}),
			)
		},
		_ => signed(g.actor(), RuntimeCall::Proxy(ProxyCall::poke_deposit {})),
	}
}

/// Any call, from the type information, at a structured call's rate.
fn typed_any(g: &mut Gen) -> Made {
	let typed = g.typed;
	let depth = g.depth + 1;
	let call = typed.call(g, depth)?;
	Some((g.random_origin(), call))
}

type Maker = fn(&mut Gen<'_>) -> Made;

/// Each generator and how often it runs, out of the total. The provenance pallets get most.
const TABLE: &[(u32, Maker)] = &[
	(10, register_dataset),
	(10, datasets_owner_call),
	(2, accept_ownership),
	(4, attest_dataset),
	(3, datasets_governance),
	(8, grant_consent),
	(6, targeted_grant),
	(3, revoke_consent),
	(5, record_access),
	(10, register_model),
	(4, record_evaluation),
	(8, lineage_owner_call),
	(2, accept_model),
	(4, lineage_governance),
	(3, set_royalty_policy),
	(8, pay_usage),
	(3, claim_rewards),
	(3, open_pool),
	(5, submit_score),
	(3, settle_pool),
	(2, validator_set),
	(2, session),
	(1, grandpa),
	(8, balances),
	(2, system),
	(2, parameters),
	(8, council),
	(2, treasury),
	(2, preimage),
	(2, scheduler),
	(2, whitelist),
	(3, utility),
	(3, sudo),
	(4, proxy),
	(2, typed_any),
];

/// The calls [`forbidden`] refuses by name, for the report.
pub const FORBIDDEN: &[(&str, &str)] = &[
	("System", "set_storage"),
	("System", "kill_storage"),
	("System", "kill_prefix"),
	("Balances", "force_unreserve"),
];

/// Calls never dispatched: they corrupt state by design (Root's raw storage writes;
/// `balances.force_unreserve`, which frees reserved funds that back holds, so that the
/// registries' deposits can no longer be released) or are inherents whose checks are the
/// block builder's (`timestamp.set` asserts it runs once per block). Checked through every
/// wrapper, so that no batch, motion or schedule carries them either.
pub fn forbidden(call: &RuntimeCall) -> bool {
	use frame_system::Call as S;
	match call {
		RuntimeCall::System(
			S::set_storage { .. } | S::kill_storage { .. } | S::kill_prefix { .. },
		) => true,
		RuntimeCall::Balances(pallet_balances::Call::force_unreserve { .. }) => true,
		RuntimeCall::Timestamp(_) => true,
		// Upstream: pallet-treasury saturates `expire_at = valid_from + PayoutPeriod` at
		// `u32::MAX`, then fails its own `try_state` (Root's or a council majority's doing, and
		// such a spend can never be paid). docs/reliability.md, "Findings".
		RuntimeCall::Treasury(pallet_treasury::Call::spend { valid_from: Some(from), .. }) => {
			let period = <<Runtime as pallet_treasury::Config>::PayoutPeriod as Get<u32>>::get();
			from.checked_add(period).is_none()
		},
		_ => inner_calls(call).iter().any(|c| forbidden(c)),
	}
}

/// The calls a wrapper carries.
pub fn inner_calls(call: &RuntimeCall) -> Vec<&RuntimeCall> {
	use pallet_utility::Call as U;
	match call {
		RuntimeCall::Sudo(
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. }
			| pallet_sudo::Call::sudo_as { call, .. },
		) => vec![&**call],
		RuntimeCall::Utility(
			U::batch { calls } | U::batch_all { calls } | U::force_batch { calls },
		) => calls.iter().collect(),
		RuntimeCall::Utility(
			U::as_derivative { call, .. }
			| U::dispatch_as { call, .. }
			| U::with_weight { call, .. }
			| U::dispatch_as_fallible { call, .. },
		) => vec![&**call],
		RuntimeCall::Utility(U::if_else { main, fallback }) => vec![&**main, &**fallback],
		RuntimeCall::Proxy(
			pallet_proxy::Call::proxy { call, .. }
			| pallet_proxy::Call::proxy_announced { call, .. },
		) => vec![&**call],
		RuntimeCall::Scheduler(
			pallet_scheduler::Call::schedule { call, .. }
			| pallet_scheduler::Call::schedule_named { call, .. }
			| pallet_scheduler::Call::schedule_after { call, .. }
			| pallet_scheduler::Call::schedule_named_after { call, .. },
		) => vec![&**call],
		RuntimeCall::Whitelist(
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage { call },
		) => vec![&**call],
		RuntimeCall::Council(
			pallet_collective::Call::execute { proposal, .. }
			| pallet_collective::Call::propose { proposal, .. },
		) => vec![&**proposal],
		_ => Vec::new(),
	}
}

/// Whether the call can reach a privileged origin (sudo, a motion, a whitelisted or
/// dispatched-as call): only then may it mint.
pub fn may_escalate(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Sudo(_)
			| RuntimeCall::Council(
				pallet_collective::Call::execute { .. }
					| pallet_collective::Call::propose { .. }
					| pallet_collective::Call::close { .. }
			) | RuntimeCall::Whitelist(_)
			| RuntimeCall::Utility(
				pallet_utility::Call::dispatch_as { .. }
					| pallet_utility::Call::dispatch_as_fallible { .. }
			)
	) || inner_calls(call).iter().any(|c| may_escalate(c))
}

/// Why the call (or one it carries) may report more weight than it declared without that
/// being this runtime's bug, judged before dispatch: FRAME behaviour, all of it Root's or
/// the council's to trigger.
pub fn upstream_overweight(call: &RuntimeCall) -> Option<&'static str> {
	use frame_system::Call as S;
	use pallet_collective::Call as C;
	type Council = <Runtime as pallet_collective::Config<Instance1>>::MaxProposals;
	let max_proposals = <Council as Get<u32>>::get();
	let max_members =
		<<Runtime as pallet_collective::Config<Instance1>>::MaxMembers as Get<u32>>::get();
	all_calls_in(call).into_iter().find_map(|c| match c {
		RuntimeCall::System(
			S::set_code { .. }
			| S::set_code_without_checks { .. }
			| S::apply_authorized_upgrade { .. },
		) => Some("frame_system: a code upgrade reports the whole block as its weight"),
		RuntimeCall::Council(C::set_members { old_count, .. })
			if (*old_count as usize)
				< pallet_collective::Members::<Runtime, Instance1>::get().len() =>
		{
			Some("pallet_collective: set_members with an understated old_count witness")
		},
		RuntimeCall::Council(C::set_members { new_members, .. })
			if new_members.len() as u32 > max_members =>
		{
			Some("pallet_collective: Root's set_members above MaxMembers (only logged)")
		},
		RuntimeCall::Council(_)
			if pallet_collective::Members::<Runtime, Instance1>::decode_len().unwrap_or(0)
				as u32 > max_members =>
		{
			Some("pallet_collective: a council above MaxMembers (Root's set_members only logs it)")
		},
		RuntimeCall::Council(
			C::disapprove_proposal { proposal_hash } | C::kill { proposal_hash },
		) => {
			let proposals = pallet_collective::Proposals::<Runtime, Instance1>::get();
			(!proposals.contains(proposal_hash) && proposals.len() as u32 >= max_proposals).then_some(
				"pallet_collective: removing an unknown proposal from a full list counts MaxProposals + 1",
			)
		},
		_ => None,
	})
}

/// Every call a wrapper carries, at any depth, with the wrapper itself.
pub fn all_calls_in(call: &RuntimeCall) -> Vec<&RuntimeCall> {
	let mut all = vec![call];
	for inner in inner_calls(call) {
		all.extend(all_calls_in(inner));
	}
	all
}
