//! A test runtime with small limits, so that every bound can be reached, and models,
//! datasets and revocations kept in thread-local maps instead of their pallets.

use crate as pallet_rewards;
use crate::RoyaltyPolicy;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	BoundedVec, PalletId,
};
use provenance_primitives::{
	ConsentInspect, ContributorsInspect, DatasetId, DatasetPayees, DatasetRole, GrantId, ModelId,
	ModelInput, ModelInspect, ModelSummary, Purpose, Purposes,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchResult, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u64;

/// Funded accounts.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
pub const EVE: u64 = 5;
pub const FERDIE: u64 = 6;
/// Has only the existential deposit and a little more.
pub const POOR: u64 = 7;
/// Has no account.
pub const NOBODY: u64 = 8;
/// Contributors, unfunded: they exist only through their claims.
pub const C1: u64 = 101;
pub const C2: u64 = 102;
pub const C3: u64 = 103;
pub const C4: u64 = 104;

pub const FUNDS: Balance = 10_000_000_000_000_000;
pub const POOR_FUNDS: Balance = 12;
pub const ED: Balance = 5;
pub const MIN_PAYMENT: Balance = 10;
pub const TRAIN_WEIGHT: u32 = 8;
pub const VALIDATION_WEIGHT: u32 = 1;
pub const TEST_WEIGHT: u32 = 1;
pub const MAX_DEPTH: u32 = 2;
pub const MAX_SPLIT_MODELS: u32 = 8;
pub const MAX_SPLIT_DATASETS: u32 = 8;
pub const MAX_PARENTS: u32 = 3;
pub const MAX_INPUTS: u32 = 3;
pub const MAX_CONTRIBUTORS: u32 = 4;
pub const MAX_BASIS: u32 = 16;
pub const ENTRY_FEE: Balance = ED;
pub const MAX_POOL_ENTRIES: u32 = 4;
pub const MAX_SCORES: u32 = 2;
pub const MAX_POOL_DURATION: u64 = 100;
pub const POOL_DEPOSIT: Balance = 50;
pub const MAX_SETTLE_BATCH: u32 = 2;
/// Accredited evaluators.
pub const JUDGE: u64 = 201;
pub const JUDGE2: u64 = 202;
pub const JUDGE3: u64 = 203;

/// The default policy: 10% to parents, 20% to datasets, no minimum for derivatives.
pub const DEFAULT_POLICY: RoyaltyPolicy = RoyaltyPolicy {
	parent_share: Perbill::from_percent(10),
	dataset_share: Perbill::from_percent(20),
	min_derivative_share: Perbill::zero(),
};

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(2)]
	pub type Rewards = pallet_rewards;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	// So that weights charge for reads, as the revocation scan does.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const RewardsPalletId: PalletId = PalletId(*b"prv/rwds");
	pub const DefaultPolicy: RoyaltyPolicy = DEFAULT_POLICY;
}

impl pallet_rewards::Config for Test {
	type Currency = Balances;
	type Models = MockModels;
	type Datasets = MockDatasets;
	type Consent = MockConsent;
	type PalletId = RewardsPalletId;
	type DefaultPolicy = DefaultPolicy;
	type TrainWeight = ConstU32<TRAIN_WEIGHT>;
	type ValidationWeight = ConstU32<VALIDATION_WEIGHT>;
	type TestWeight = ConstU32<TEST_WEIGHT>;
	type MaxRoyaltyDepth = ConstU32<MAX_DEPTH>;
	type MaxSplitModels = ConstU32<MAX_SPLIT_MODELS>;
	type MaxSplitDatasets = ConstU32<MAX_SPLIT_DATASETS>;
	type MinPayment = ConstU64<MIN_PAYMENT>;
	type EntryFee = ConstU64<ENTRY_FEE>;
	type MaxPoolEntries = ConstU32<MAX_POOL_ENTRIES>;
	type MaxScoresPerModel = ConstU32<MAX_SCORES>;
	type MaxMetricLen = ConstU32<16>;
	type MaxPoolDuration = ConstU64<MAX_POOL_DURATION>;
	type PoolDeposit = ConstU64<POOL_DEPOSIT>;
	type MaxSettleBatch = ConstU32<MAX_SETTLE_BATCH>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = ();
}

/// A model as the mock registry keeps it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MockModel {
	pub owner: u64,
	pub parents: Vec<ModelId>,
	pub inputs: Vec<ModelInput>,
	pub min_share: Option<Perbill>,
}

/// A dataset as the mock keeps it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MockDataset {
	pub owner: u64,
	pub contributors: Vec<(u64, Perbill)>,
}

thread_local! {
	static MODELS: RefCell<BTreeMap<ModelId, MockModel>> = const { RefCell::new(BTreeMap::new()) };
	static DATASETS: RefCell<BTreeMap<DatasetId, MockDataset>> =
		const { RefCell::new(BTreeMap::new()) };
	/// Grant -> (dataset, revoked at).
	static GRANTS: RefCell<BTreeMap<GrantId, (DatasetId, Option<u64>)>> =
		const { RefCell::new(BTreeMap::new()) };
	/// Grants whose revocation lets trained models keep being used.
	static KEEP_TRAINED: RefCell<std::collections::BTreeSet<GrantId>> =
		const { RefCell::new(std::collections::BTreeSet::new()) };
	/// Grant uses for evaluation: (grant, dataset, who, purpose).
	static CONSUMED: RefCell<Vec<(GrantId, DatasetId, u64, Purpose)>> =
		const { RefCell::new(Vec::new()) };
	/// Evaluators accredited by benchmarks.
	static ACCREDITED: RefCell<std::collections::BTreeSet<u64>> =
		const { RefCell::new(std::collections::BTreeSet::new()) };
	/// Evaluators governance removed.
	static UNACCREDITED: RefCell<std::collections::BTreeSet<u64>> =
		const { RefCell::new(std::collections::BTreeSet::new()) };
	/// Consent's refusal of the next `consume`, if set.
	static REFUSE_CONSUME: RefCell<bool> = const { RefCell::new(false) };
}

/// The model registry for the tests: what `pallet-lineage` would answer.
pub struct MockModels;

impl ModelInspect<u64> for MockModels {
	type MaxParents = ConstU32<MAX_PARENTS>;
	type MaxInputs = ConstU32<MAX_INPUTS>;

	fn model(
		id: ModelId,
	) -> Option<ModelSummary<u64, ConstU32<MAX_PARENTS>, ConstU32<MAX_INPUTS>>> {
		MODELS.with(|m| {
			m.borrow().get(&id).map(|m| ModelSummary {
				owner: m.owner,
				parents: BoundedVec::truncate_from(m.parents.clone()),
				inputs: BoundedVec::truncate_from(m.inputs.clone()),
				min_derivative_share: m.min_share,
			})
		})
	}

	type MaxBasis = ConstU32<MAX_BASIS>;

	fn consent_basis(id: ModelId) -> Option<BoundedVec<GrantId, ConstU32<MAX_BASIS>>> {
		MODELS.with(|m| {
			let models = m.borrow();
			models.get(&id)?;
			// The run's grants and every ancestor's, as the registry's basis is.
			let mut basis = std::collections::BTreeSet::new();
			let mut todo = vec![id];
			while let Some(next) = todo.pop() {
				if let Some(model) = models.get(&next) {
					basis.extend(model.inputs.iter().map(|i| i.grant));
					todo.extend(model.parents.iter().copied());
				}
			}
			Some(BoundedVec::truncate_from(basis.into_iter().collect()))
		})
	}

	fn is_accredited_evaluator(who: &u64) -> bool {
		(matches!(*who, JUDGE | JUDGE2 | JUDGE3) || ACCREDITED.with(|a| a.borrow().contains(who)))
			&& !UNACCREDITED.with(|a| a.borrow().contains(who))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_accredit(who: &u64) {
		ACCREDITED.with(|a| a.borrow_mut().insert(*who));
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_model(
		owner: &u64,
		parents: &[ModelId],
		inputs: u32,
	) -> Result<(ModelId, Vec<DatasetId>), sp_runtime::DispatchError> {
		let datasets: Vec<_> = (0..inputs).map(|_| add_dataset(*owner, &[])).collect();
		let roles: Vec<_> = datasets.iter().map(|d| (*d, DatasetRole::Train)).collect();
		try_add_model(*owner, parents, &roles, Perbill::one()).map(|model| (model, datasets))
	}
}

/// Dataset payees for the tests: what `pallet-datasets` would answer.
pub struct MockDatasets;

impl ContributorsInspect<u64> for MockDatasets {
	type MaxContributors = ConstU32<MAX_CONTRIBUTORS>;

	fn payees(id: DatasetId) -> Option<DatasetPayees<u64, ConstU32<MAX_CONTRIBUTORS>>> {
		DATASETS.with(|d| {
			d.borrow().get(&id).map(|d| DatasetPayees {
				owner: d.owner,
				contributors: BoundedVec::truncate_from(d.contributors.clone()),
			})
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_set_contributors(
		id: DatasetId,
		contributors: Vec<(u64, Perbill)>,
	) -> DispatchResult {
		DATASETS.with(|d| {
			let mut d = d.borrow_mut();
			let dataset =
				d.get_mut(&id).ok_or(sp_runtime::DispatchError::Other("UnknownDataset"))?;
			dataset.contributors = contributors;
			Ok(())
		})
	}
}

/// Consent for the tests: only revocations matter to this pallet.
pub struct MockConsent;

impl ConsentInspect<u64, u64> for MockConsent {
	fn live_grant(_dataset: DatasetId, _who: &u64, _purpose: Purpose) -> Option<GrantId> {
		None
	}

	fn consume(
		grant: GrantId,
		dataset: DatasetId,
		who: &u64,
		purpose: Purpose,
		_job_hash: H256,
	) -> DispatchResult {
		if REFUSE_CONSUME.with(|r| *r.borrow()) {
			return Err(sp_runtime::DispatchError::Other("ConsentRevoked"));
		}
		CONSUMED.with(|c| c.borrow_mut().push((grant, dataset, *who, purpose)));
		Ok(())
	}

	fn ensure_inheritable(
		grant: GrantId,
		_who: &u64,
		_purpose: Purpose,
	) -> Result<(), provenance_primitives::InheritRefusal> {
		match Self::revoked_at(grant) {
			Some(_) => Err(provenance_primitives::InheritRefusal::Revoked),
			None => Ok(()),
		}
	}

	fn revocation_effect(grant: GrantId) -> Option<provenance_primitives::RevocationEffect> {
		GRANTS.with(|g| g.borrow().contains_key(&grant)).then(|| {
			if KEEP_TRAINED.with(|k| k.borrow().contains(&grant)) {
				provenance_primitives::RevocationEffect::NoNewTraining
			} else {
				provenance_primitives::RevocationEffect::StopUse
			}
		})
	}

	fn grant_dataset(grant: GrantId) -> Option<DatasetId> {
		GRANTS.with(|g| g.borrow().get(&grant).map(|(dataset, _)| *dataset))
	}

	fn revoked_at(grant: GrantId) -> Option<u64> {
		GRANTS.with(|g| g.borrow().get(&grant).and_then(|(_, at)| *at))
	}

	fn purposes(grant: GrantId) -> Option<Purposes> {
		GRANTS.with(|g| g.borrow().contains_key(&grant)).then(Purposes::new)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(
		owner: &u64,
		_grantee: &u64,
	) -> Result<(DatasetId, GrantId), sp_runtime::DispatchError> {
		let dataset = add_dataset(*owner, &[]);
		Ok((dataset, add_grant(dataset)))
	}
}

fn next_key<V>(map: &BTreeMap<u64, V>) -> u64 {
	map.keys().next_back().map_or(0, |last| last.saturating_add(1))
}

/// Adds a dataset owned by `owner` with `contributors`; returns its id.
pub fn add_dataset(owner: u64, contributors: &[(u64, Perbill)]) -> DatasetId {
	DATASETS.with(|d| {
		let mut d = d.borrow_mut();
		let id = next_key(&d);
		d.insert(id, MockDataset { owner, contributors: contributors.to_vec() });
		id
	})
}

/// Adds a grant on `dataset`; returns its id.
pub fn add_grant(dataset: DatasetId) -> GrantId {
	GRANTS.with(|g| {
		let mut g = g.borrow_mut();
		let id = next_key(&g);
		g.insert(id, (dataset, None));
		id
	})
}

/// Registers a model owned by `owner` with `parents`, trained on `inputs` (each under a new
/// grant), as the registry would: asks the royalty hook, stores the model, reports it.
/// Panics if the hook refuses; see [`try_add_model`].
pub fn add_model(owner: u64, parents: &[ModelId], inputs: &[(DatasetId, DatasetRole)]) -> ModelId {
	try_add_model(owner, parents, inputs, Perbill::one()).expect("the royalty hook accepts")
}

/// [`add_model`] with the registrant's bound on the parent share, returning the hook's
/// refusal.
pub fn try_add_model(
	owner: u64,
	parents: &[ModelId],
	inputs: &[(DatasetId, DatasetRole)],
	max_parent_share: Perbill,
) -> Result<ModelId, sp_runtime::DispatchError> {
	use provenance_primitives::RoyaltyRegistration;
	let datasets: Vec<DatasetId> = inputs.iter().map(|(d, _)| *d).collect();
	<Rewards as RoyaltyRegistration>::ensure_may_derive(parents, &datasets, max_parent_share)?;
	let id = add_model_unhooked(owner, parents, inputs);
	<Rewards as RoyaltyRegistration>::on_model_registered(id, parents, &datasets)?;
	Ok(id)
}

/// Stores a model in the mock registry without telling the royalty hook: a model the
/// pallet has no terms for.
pub fn add_model_unhooked(
	owner: u64,
	parents: &[ModelId],
	inputs: &[(DatasetId, DatasetRole)],
) -> ModelId {
	let inputs = inputs
		.iter()
		.map(|(dataset, role)| ModelInput {
			dataset: *dataset,
			role: *role,
			grant: add_grant(*dataset),
		})
		.collect();
	MODELS.with(|m| {
		let mut m = m.borrow_mut();
		let id = next_key(&m);
		m.insert(id, MockModel { owner, parents: parents.to_vec(), inputs, min_share: None });
		id
	})
}

/// Sets the registry's own minimum share for derivatives of `model`.
pub fn set_registry_min_share(model: ModelId, share: Option<Perbill>) {
	MODELS.with(|m| m.borrow_mut().get_mut(&model).expect("model exists").min_share = share);
}

/// The grant `model`'s run used `dataset` under.
pub fn grant_of(model: ModelId, dataset: DatasetId) -> GrantId {
	MODELS.with(|m| {
		m.borrow()[&model].inputs.iter().find(|i| i.dataset == dataset).expect("input").grant
	})
}

/// Makes `grant`'s revocation let trained models keep being used.
pub fn keep_trained(grant: GrantId) {
	KEEP_TRAINED.with(|k| k.borrow_mut().insert(grant));
}

/// Removes `who` from the accredited evaluators.
pub fn unaccredit(who: u64) {
	UNACCREDITED.with(|a| a.borrow_mut().insert(who));
}

/// Transfers a model in the mock registry.
pub fn set_model_owner(model: ModelId, owner: u64) {
	MODELS.with(|m| m.borrow_mut().get_mut(&model).expect("model exists").owner = owner);
}

/// Removes a dataset from the mock registry.
pub fn remove_dataset(dataset: DatasetId) {
	DATASETS.with(|d| d.borrow_mut().remove(&dataset));
}

/// Transfers a dataset in the mock registry.
pub fn set_dataset_owner(dataset: DatasetId, owner: u64) {
	DATASETS.with(|d| d.borrow_mut().get_mut(&dataset).expect("dataset exists").owner = owner);
}

/// Replaces a dataset's contributors in the mock registry.
pub fn set_contributors(dataset: DatasetId, contributors: &[(u64, Perbill)]) {
	DATASETS.with(|d| {
		d.borrow_mut().get_mut(&dataset).expect("dataset exists").contributors =
			contributors.to_vec()
	});
}

/// The grant uses the consent mock recorded.
pub fn consumed() -> Vec<(GrantId, DatasetId, u64, Purpose)> {
	CONSUMED.with(|c| c.borrow().clone())
}

/// Makes the consent mock refuse every `consume`.
pub fn refuse_consume(refuse: bool) {
	REFUSE_CONSUME.with(|r| *r.borrow_mut() = refuse);
}

/// Revokes a grant as of block `at`.
pub fn revoke(grant: GrantId, at: u64) {
	GRANTS.with(|g| g.borrow_mut().get_mut(&grant).expect("grant exists").1 = Some(at));
}

/// Genesis: accounts `ALICE..=FERDIE` funded, `POOR` with a little, the pallet account
/// endowed (unless `endow` is false); at block 1 so that events are recorded.
pub fn new_test_ext_with(endow: bool) -> sp_io::TestExternalities {
	MODELS.with(|m| m.borrow_mut().clear());
	DATASETS.with(|d| d.borrow_mut().clear());
	GRANTS.with(|g| g.borrow_mut().clear());
	KEEP_TRAINED.with(|k| k.borrow_mut().clear());
	ACCREDITED.with(|a| a.borrow_mut().clear());
	UNACCREDITED.with(|a| a.borrow_mut().clear());
	CONSUMED.with(|c| c.borrow_mut().clear());
	REFUSE_CONSUME.with(|r| *r.borrow_mut() = false);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (ALICE..=FERDIE)
			.chain([JUDGE, JUDGE2, JUDGE3])
			.map(|who| (who, FUNDS))
			.chain([(POOR, POOR_FUNDS)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	if endow {
		pallet_rewards::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	}
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The usual genesis, with the pallet account endowed.
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(true)
}

/// Runs `test` on a fresh genesis, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Rewards::do_try_state().expect("invariants hold after the test");
	});
}
