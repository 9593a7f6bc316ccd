//! A property test of the chain's central promise, against the real datasets, consent and
//! lineage pallets: random sequences of grants, revocations, expiries, derived datasets,
//! model registrations and transfers, each checked against a reference model written here
//! from the documented rules.
//!
//! The invariants:
//! - a model is registered if and only if, at that block, every grant its run names is live
//!   for the trainer and the purpose, every grant in its full ancestry (its parents' and its
//!   inputs' derivations included) is live, covers its purpose and lets its registrant
//!   derive, and a payment on it fits one split's bounds;
//! - every registered model can be paid, unless a grant in its ancestry was revoked (with
//!   the default effect, `StopUse`): then the payment is refused naming the first such grant;
//! - a dataset is derived if and only if the deriver owns the parent or holds a live grant
//!   on it for derivation, and every grant the parent was derived under is live, covers
//!   derivation and lets the deriver derive;
//! - `try_state` holds after every step.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use std::collections::{BTreeMap, BTreeSet};

use frame_support::{
	traits::{fungible::Mutate, Get},
	BoundedVec,
};
use pallet_consent::{GrantTerms, Grantee};
use pallet_lineage::{DerivativePolicy, InputRole, ModelSpec, RunKind, RunSpec, TrainingInput};
use proptest::prelude::*;
use provenance_primitives::{
	DatasetId, DerivativeScope, GrantId, ModelId, Purpose, Purposes, Sensitivity,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

use crate::{
	AccountId, Balance, Balances, Consent, Datasets, Lineage, Rewards, Runtime,
	RuntimeGenesisConfig, System, UNIT,
};

type MaxSplitModels = <Runtime as pallet_rewards::Config>::MaxSplitModels;
type MaxSplitDatasets = <Runtime as pallet_rewards::Config>::MaxSplitDatasets;
type MaxRoyaltyDepth = <Runtime as pallet_rewards::Config>::MaxRoyaltyDepth;
type MinPayment = <Runtime as pallet_rewards::Config>::MinPayment;

/// Trainers and derivers: few, so that grantees and registrants collide.
const PEOPLE: [Sr25519Keyring; 3] =
	[Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
/// The purposes runs draw from: few, so that they collide. Grants also draw `Derivation`.
const PURPOSES: [Purpose; 3] = [Purpose::Training, Purpose::Research, Purpose::Commercial];
const GRANT_PURPOSES: [Purpose; 4] =
	[Purpose::Training, Purpose::Research, Purpose::Commercial, Purpose::Derivation];
const SCOPES: [DerivativeScope; 3] =
	[DerivativeScope::GranteeOnly, DerivativeScope::NoOne, DerivativeScope::Anyone];
const DATASETS: u64 = 3;

#[derive(Clone, Debug)]
enum Op {
	/// The owner of the `dataset`-th dataset grants `PEOPLE[grantee]` consent on it for the
	/// purposes in `mask`, expiring `expires_in` blocks from now if given, with derivatives
	/// by `scope`.
	Grant {
		dataset: prop::sample::Index,
		grantee: usize,
		mask: u8,
		expires_in: Option<u32>,
		scope: usize,
	},
	/// The owner of the grant's dataset revokes the `grant`-th grant made so far.
	Revoke { grant: prop::sample::Index },
	/// `PEOPLE[who]` derives a subset of the `parent`-th dataset.
	Derive { who: usize, parent: prop::sample::Index },
	/// Time passes.
	Advance { blocks: u32 },
	/// `PEOPLE[who]` registers a model for `PURPOSES[purpose]` from the chosen parents and
	/// inputs (grants made so far, named with their dataset).
	Register {
		who: usize,
		purpose: usize,
		parents: Vec<prop::sample::Index>,
		inputs: Vec<prop::sample::Index>,
	},
	/// The model's owner gives it to `PEOPLE[to]`, who accepts.
	Transfer { model: prop::sample::Index, to: usize },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => (any::<prop::sample::Index>(), 0..PEOPLE.len(), 1u8..16, prop::option::of(1u32..6), 0..SCOPES.len())
			.prop_map(|(dataset, grantee, mask, expires_in, scope)| Op::Grant {
				dataset,
				grantee,
				mask,
				expires_in,
				scope,
			}),
		1 => any::<prop::sample::Index>().prop_map(|grant| Op::Revoke { grant }),
		3 => (0..PEOPLE.len(), any::<prop::sample::Index>())
			.prop_map(|(who, parent)| Op::Derive { who, parent }),
		1 => (1u32..4).prop_map(|blocks| Op::Advance { blocks }),
		5 => (
			0..PEOPLE.len(),
			0..PURPOSES.len(),
			prop::collection::vec(any::<prop::sample::Index>(), 0..3),
			prop::collection::vec(any::<prop::sample::Index>(), 0..3),
		)
			.prop_map(|(who, purpose, parents, inputs)| Op::Register { who, purpose, parents, inputs }),
		1 => (any::<prop::sample::Index>(), 0..PEOPLE.len())
			.prop_map(|(model, to)| Op::Transfer { model, to }),
	]
}

/// A grant as the reference model keeps it.
#[derive(Clone, Debug)]
struct RefGrant {
	id: GrantId,
	dataset: DatasetId,
	grantee: AccountId,
	purposes: BTreeSet<Purpose>,
	expires_at: Option<u32>,
	revoked: bool,
	scope: DerivativeScope,
}

impl RefGrant {
	fn live(&self, now: u32) -> bool {
		!self.revoked && self.expires_at.is_none_or(|at| now < at)
	}
}

/// A model as the reference model keeps it.
#[derive(Clone, Debug)]
struct RefModel {
	id: ModelId,
	owner: AccountId,
	/// Every grant in its ancestry, its own run's included.
	basis: BTreeSet<GrantId>,
	/// What a payment on it visits, (models, datasets), for each number of parent hops
	/// left, from 0 to `MaxRoyaltyDepth`.
	costs: Vec<(u32, u32)>,
}

/// A dataset as the reference model keeps it.
#[derive(Clone, Debug)]
struct RefDataset {
	id: DatasetId,
	owner: AccountId,
	/// The grants it or an ancestor was derived under by a non-owner.
	basis: BTreeSet<GrantId>,
}

#[derive(Default)]
struct Reference {
	datasets: Vec<RefDataset>,
	grants: Vec<RefGrant>,
	models: Vec<RefModel>,
}

impl Reference {
	fn grant(&self, id: GrantId) -> &RefGrant {
		self.grants.iter().find(|g| g.id == id).expect("the reference knows every grant")
	}

	fn dataset(&self, id: DatasetId) -> &RefDataset {
		self.datasets.iter().find(|d| d.id == id).expect("the reference knows every dataset")
	}

	/// Whether `who` may build on what was made under `id` for `purpose` at `now`.
	fn inheritable(&self, id: GrantId, who: &AccountId, purpose: Purpose, now: u32) -> bool {
		let g = self.grant(id);
		let may_derive = match g.scope {
			DerivativeScope::NoOne => false,
			DerivativeScope::GranteeOnly => &g.grantee == who,
			DerivativeScope::Anyone => true,
		};
		g.live(now) && g.purposes.contains(&purpose) && may_derive
	}

	/// The derivation basis a subset of `parent` by `who` would get at `now`, if the rules
	/// accept it.
	fn derivation(
		&self,
		who: &AccountId,
		parent: DatasetId,
		now: u32,
	) -> Option<BTreeSet<GrantId>> {
		let p = self.dataset(parent);
		if !p.basis.iter().all(|g| self.inheritable(*g, who, Purpose::Derivation, now)) {
			return None;
		}
		let mut basis = p.basis.clone();
		if &p.owner != who {
			// The first live derivation grant to `who`, in the order they were made.
			let grant = self.grants.iter().find(|g| {
				g.dataset == parent
					&& &g.grantee == who
					&& g.live(now) && g.purposes.contains(&Purpose::Derivation)
			})?;
			basis.insert(grant.id);
		}
		(basis.len() <= 16).then_some(basis)
	}

	/// What a payment on a model deriving from `parents`, with `inputs` inputs of its own,
	/// would visit: see [`split_costs`].
	fn costs(&self, parents: &[ModelId], inputs: u32) -> Vec<(u32, u32)> {
		let parents =
			parents.iter().map(|p| &self.models.iter().find(|m| m.id == *p).expect("known").costs);
		split_costs(parents, inputs)
	}

	/// Whether the documented rules accept this registration at block `now`.
	fn accepts(
		&self,
		who: &AccountId,
		purpose: Purpose,
		parents: &[ModelId],
		inputs: &[GrantId],
		now: u32,
	) -> bool {
		let direct = inputs.iter().all(|id| {
			let g = self.grant(*id);
			g.live(now) && &g.grantee == who && g.purposes.contains(&purpose)
		});
		let inherited = parents
			.iter()
			.flat_map(|p| {
				self.models.iter().find(|m| m.id == *p).expect("parent known").basis.iter()
			})
			.chain(inputs.iter().flat_map(|id| self.dataset(self.grant(*id).dataset).basis.iter()))
			.all(|id| self.inheritable(*id, who, purpose, now));
		direct && inherited
	}
}

/// What a payment on a model would visit, (models, datasets), for each number of parent hops
/// left from 0 to `MaxRoyaltyDepth`: itself and its `inputs`, and with a hop left each
/// parent's visits with one hop fewer (`parents` gives each parent's own costs).
fn split_costs<'a>(
	parents: impl Iterator<Item = &'a Vec<(u32, u32)>> + Clone,
	inputs: u32,
) -> Vec<(u32, u32)> {
	let depth: u32 = MaxRoyaltyDepth::get();
	(0..=depth as usize)
		.map(|left| {
			let mut cost = (1, inputs);
			if left > 0 {
				for parent in parents.clone() {
					let (m, d) = parent[left - 1];
					cost = (cost.0 + m, cost.1 + d);
				}
			}
			cost
		})
		.collect()
}

/// Whether a payment on a model with these costs fits one split's bounds.
fn fits(costs: &[(u32, u32)]) -> bool {
	let (max_models, max_datasets): (u32, u32) = (MaxSplitModels::get(), MaxSplitDatasets::get());
	costs.last().is_some_and(|(m, d)| *m <= max_models && *d <= max_datasets)
}

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig::default().build_storage().expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		for k in [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		] {
			Balances::set_balance(&account(k), 100_000 * UNIT);
		}
		for n in 0..DATASETS {
			Datasets::do_register_dataset(
				account(Sr25519Keyring::Alice),
				H256::from_low_u64_be(1_000 + n),
				H256::zero(),
				BoundedVec::default(),
				BoundedVec::truncate_from(b"CC-BY-4.0".to_vec()),
				Sensitivity::Personal,
				None,
				BoundedVec::default(),
			)
			.expect("dataset registers");
		}
	});
	ext
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
	ext().execute_with(|| {
		let mut reference = Reference::default();
		let alice = account(Sr25519Keyring::Alice);
		for id in 0..DATASETS {
			reference.datasets.push(RefDataset {
				id,
				owner: alice.clone(),
				basis: BTreeSet::new(),
			});
		}
		let mut seed = 0u64;
		for op in ops {
			let now = System::block_number();
			match op {
				Op::Grant { dataset, grantee, mask, expires_in, scope } => {
					let d = &reference.datasets[dataset.index(reference.datasets.len())];
					let (dataset, grantor) = (d.id, d.owner.clone());
					let purposes: BTreeSet<Purpose> = GRANT_PURPOSES
						.iter()
						.enumerate()
						.filter(|(i, _)| mask & (1 << i) != 0)
						.map(|(_, p)| *p)
						.collect();
					let grantee = account(PEOPLE[grantee]);
					let expires_at = expires_in.map(|d| now + d);
					let id = Consent::do_grant_consent(
						grantor,
						dataset,
						Grantee::Account(grantee.clone()),
						Purposes::try_from(purposes.clone()).expect("few purposes"),
						expires_at,
						None,
						GrantTerms {
							derivatives: SCOPES[scope],
							..GrantTerms::with_hash(H256::zero())
						},
					)
					.map_err(|e| TestCaseError::fail(format!("grant refused: {e:?}")))?;
					reference.grants.push(RefGrant {
						id,
						dataset,
						grantee,
						purposes,
						expires_at,
						revoked: false,
						scope: SCOPES[scope],
					});
				},
				Op::Revoke { grant } => {
					if reference.grants.is_empty() {
						continue;
					}
					let i = grant.index(reference.grants.len());
					let owner = reference.dataset(reference.grants[i].dataset).owner.clone();
					let result = Consent::do_revoke_consent(owner, reference.grants[i].id);
					prop_assert_eq!(result.is_ok(), !reference.grants[i].revoked);
					reference.grants[i].revoked = true;
				},
				Op::Advance { blocks } => System::set_block_number(now + blocks),
				Op::Derive { who, parent } => {
					let who = account(PEOPLE[who]);
					let parent = reference.datasets[parent.index(reference.datasets.len())].id;
					let expected = reference.derivation(&who, parent, now);
					seed += 1;
					let result = Datasets::do_register_dataset(
						who.clone(),
						H256::from_low_u64_be(1_000_000 + seed),
						H256::zero(),
						BoundedVec::default(),
						BoundedVec::truncate_from(b"CC-BY-4.0".to_vec()),
						Sensitivity::Personal,
						Some((parent, provenance_primitives::DerivationKind::Subset)),
						BoundedVec::default(),
					);
					prop_assert_eq!(
						result.is_ok(),
						expected.is_some(),
						"derive by {:?} from {} at {}: {:?}",
						who,
						parent,
						now,
						result
					);
					if let (Ok(id), Some(basis)) = (result, expected) {
						let stored = pallet_datasets::DerivationBasis::<Runtime>::get(id);
						prop_assert_eq!(
							stored.iter().copied().collect::<BTreeSet<_>>(),
							basis.clone()
						);
						reference.datasets.push(RefDataset { id, owner: who, basis });
					}
				},
				Op::Register { who, purpose, parents, inputs } => {
					let who = account(PEOPLE[who]);
					let purpose = PURPOSES[purpose];
					let parents: BTreeSet<ModelId> = if reference.models.is_empty() {
						BTreeSet::new()
					} else {
						parents
							.iter()
							.map(|p| reference.models[p.index(reference.models.len())].id)
							.collect()
					};
					// At most one input per dataset, as the registry requires.
					let mut by_dataset = BTreeMap::new();
					if !reference.grants.is_empty() {
						for i in &inputs {
							let g = &reference.grants[i.index(reference.grants.len())];
							by_dataset.entry(g.dataset).or_insert(g.id);
						}
					}
					if parents.is_empty() && by_dataset.is_empty() {
						continue;
					}
					let parents: Vec<ModelId> = parents.into_iter().collect();
					let inputs: Vec<GrantId> = by_dataset.values().copied().collect();
					let costs = reference.costs(&parents, inputs.len() as u32);
					let payable = fits(&costs);
					let expected =
						reference.accepts(&who, purpose, &parents, &inputs, now) && payable;
					seed += 1;
					let result = Lineage::do_register_model(
						who.clone(),
						ModelSpec {
							weights_hash: H256::from_low_u64_be(seed),
							name: BoundedVec::default(),
							version: BoundedVec::default(),
							uri: BoundedVec::default(),
							license: BoundedVec::truncate_from(b"MIT".to_vec()),
							card_hash: H256::zero(),
							policy: DerivativePolicy::Open,
						},
						RunSpec {
							kind: if parents.is_empty() {
								RunKind::Pretrain
							} else {
								RunKind::FineTune
							},
							parents: BoundedVec::truncate_from(
								parents.iter().map(|p| (*p, RunKind::FineTune)).collect(),
							),
							inputs: BoundedVec::truncate_from(
								by_dataset
									.iter()
									.map(|(dataset, grant)| TrainingInput {
										dataset: *dataset,
										role: InputRole::Train,
										grant: *grant,
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
					);
					prop_assert_eq!(
						result.is_ok(),
						expected,
						"register by {:?} for {:?} from {:?} with {:?} at {}: {:?}",
						who,
						purpose,
						parents,
						inputs,
						now,
						result
					);
					if let Ok(id) = result {
						let mut basis: BTreeSet<GrantId> = inputs.iter().copied().collect();
						for input in &inputs {
							let dataset = reference.grant(*input).dataset;
							basis.extend(reference.dataset(dataset).basis.iter().copied());
						}
						for p in &parents {
							let parent =
								reference.models.iter().find(|m| m.id == *p).expect("known");
							basis.extend(parent.basis.iter().copied());
						}
						let stored = pallet_lineage::Models::<Runtime>::get(id).expect("stored");
						prop_assert_eq!(
							stored.consent_basis.iter().copied().collect::<BTreeSet<_>>(),
							basis.clone()
						);
						reference.models.push(RefModel { id, owner: who, basis, costs });
					}
				},
				Op::Transfer { model, to } => {
					if reference.models.is_empty() {
						continue;
					}
					let i = model.index(reference.models.len());
					let to = account(PEOPLE[to]);
					let m = &mut reference.models[i];
					if m.owner == to {
						continue;
					}
					Lineage::do_transfer_model(m.owner.clone(), m.id, to.clone())
						.map_err(|e| TestCaseError::fail(format!("transfer refused: {e:?}")))?;
					Lineage::do_accept_model(to.clone(), m.id)
						.map_err(|e| TestCaseError::fail(format!("accept refused: {e:?}")))?;
					m.owner = to;
				},
			}
			Lineage::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
			Datasets::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
			Consent::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
			Rewards::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
		}
		// Payable by construction, until consent is withdrawn.
		let amount: Balance = MinPayment::get();
		for m in &reference.models {
			let withdrawn = m.basis.iter().copied().find(|g| reference.grant(*g).revoked);
			let quote = Rewards::quote(m.id, amount);
			match withdrawn {
				None => {
					let quote = quote.map_err(|e| {
						TestCaseError::fail(format!("model {} not payable: {e:?}", m.id))
					})?;
					let sum: Balance = quote.credits.iter().map(|c| c.amount).sum();
					prop_assert_eq!(sum, amount);
				},
				Some(grant) => prop_assert_eq!(
					quote.map(|_| ()),
					Err(pallet_rewards::SplitError::ConsentWithdrawn { grant }),
					"model {}",
					m.id
				),
			}
		}
		Ok(())
	})
}

/// One registration of [`lineages_register_iff_a_payment_fits_one_split`]: Bob's model
/// deriving from some of the models so far, trained on `inputs` fresh datasets.
#[derive(Clone, Debug)]
struct Build {
	parents: Vec<prop::sample::Index>,
	inputs: u32,
}

fn build() -> impl Strategy<Value = Build> {
	// Mostly no inputs of its own, so that merges reach the model bound too.
	let inputs = prop_oneof![2 => Just(0u32), 1 => 1u32..9];
	(prop::collection::vec(any::<prop::sample::Index>(), 0..5), inputs)
		.prop_map(|(parents, inputs)| Build { parents, inputs })
}

/// Every consent in order, lineages of random shape: a model registers iff a payment on it
/// fits one split's bounds, and then a payment visits exactly what the reference says.
fn run_lineage(builds: Vec<Build>) -> Result<(), TestCaseError> {
	ext().execute_with(|| {
		let (alice, bob) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Bob));
		let amount: Balance = MinPayment::get();
		let mut models: Vec<(ModelId, Vec<(u32, u32)>)> = Vec::new();
		let mut seed = 0u64;
		for b in builds {
			let parents: BTreeSet<ModelId> = if models.is_empty() {
				BTreeSet::new()
			} else {
				b.parents.iter().map(|p| models[p.index(models.len())].0).collect()
			};
			if parents.is_empty() && b.inputs == 0 {
				continue;
			}
			let mut inputs = Vec::new();
			for _ in 0..b.inputs {
				seed += 1;
				let dataset = Datasets::do_register_dataset(
					alice.clone(),
					H256::from_low_u64_be(2_000_000 + seed),
					H256::zero(),
					BoundedVec::default(),
					BoundedVec::truncate_from(b"CC-BY-4.0".to_vec()),
					Sensitivity::Public,
					None,
					BoundedVec::default(),
				)
				.map_err(|e| TestCaseError::fail(format!("dataset refused: {e:?}")))?;
				let grant = Consent::do_grant_consent(
					alice.clone(),
					dataset,
					Grantee::Account(bob.clone()),
					Purposes::try_from(BTreeSet::from([Purpose::Training])).expect("one purpose"),
					None,
					None,
					GrantTerms {
						derivatives: DerivativeScope::Anyone,
						..GrantTerms::with_hash(H256::zero())
					},
				)
				.map_err(|e| TestCaseError::fail(format!("grant refused: {e:?}")))?;
				inputs.push(TrainingInput { dataset, role: InputRole::Train, grant });
			}
			let parents: Vec<ModelId> = parents.into_iter().collect();
			let costs = split_costs(
				parents.iter().map(|p| &models.iter().find(|(m, _)| m == p).expect("known").1),
				b.inputs,
			);
			seed += 1;
			let result = Lineage::do_register_model(
				bob.clone(),
				ModelSpec {
					weights_hash: H256::from_low_u64_be(seed),
					name: BoundedVec::default(),
					version: BoundedVec::default(),
					uri: BoundedVec::default(),
					license: BoundedVec::truncate_from(b"MIT".to_vec()),
					card_hash: H256::zero(),
					policy: DerivativePolicy::Open,
				},
				RunSpec {
					kind: if parents.is_empty() { RunKind::Pretrain } else { RunKind::FineTune },
					parents: BoundedVec::truncate_from(
						parents.iter().map(|p| (*p, RunKind::FineTune)).collect(),
					),
					inputs: BoundedVec::truncate_from(inputs),
					purpose: Purpose::Training,
					config_hash: H256::zero(),
					code_hash: H256::zero(),
					compute_provider: None,
					max_parent_share: sp_runtime::Perbill::one(),
					max_basis: u32::MAX,
				},
			);
			match result {
				Ok(id) => {
					prop_assert!(fits(&costs), "{:?} registered with costs {:?}", parents, costs);
					let split = Rewards::split(id, amount).map_err(|e| {
						TestCaseError::fail(format!("model {id} not payable: {e:?}"))
					})?;
					prop_assert_eq!(Some(&(split.models, split.datasets)), costs.last());
					models.push((id, costs));
				},
				Err(e) => {
					prop_assert!(
						!fits(&costs),
						"{:?} refused with costs {:?}: {:?}",
						parents,
						costs,
						e
					);
					prop_assert_eq!(e, pallet_rewards::Error::<Runtime>::TooComplex.into());
				},
			}
			Rewards::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
		}
		Ok(())
	})
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn lineages_register_iff_a_payment_fits_one_split(
		builds in prop::collection::vec(build(), 1..30)
	) {
		run_lineage(builds)?;
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

	#[test]
	fn models_and_datasets_register_iff_their_whole_ancestry_was_consented(
		ops in prop::collection::vec(op(), 1..60)
	) {
		run(ops)?;
	}
}
