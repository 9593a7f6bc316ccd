//! A test runtime with small limits, and datasets kept in a thread-local map instead of a
//! datasets pallet.

use crate as pallet_consent;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use provenance_primitives::{
	DatasetAccess, DatasetId, DatasetInspect, GrantDependents, GrantId, Sensitivity,
};
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u64;

/// Funded accounts.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
pub const EVE: u64 = 5;
/// Has only the existential deposit and a little: cannot hold any deposit.
pub const POOR: u64 = 6;
/// Has nothing.
pub const NOBODY: u64 = 7;

pub const FUNDS: Balance = 1_000;
pub const POOR_FUNDS: Balance = 2;
pub const GRANT_DEPOSIT: Balance = 10;
pub const ACCESS_DEPOSIT: Balance = 2;
pub const MAX_LIVE_GRANTS: u32 = 3;

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
	pub type Consent = pallet_consent;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const GrantDeposit: Balance = GRANT_DEPOSIT;
	pub const AccessDeposit: Balance = ACCESS_DEPOSIT;
}

impl pallet_consent::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datasets = MockDatasets;
	type Dependents = MockDependents;
	type GrantDeposit = GrantDeposit;
	type AccessDeposit = AccessDeposit;
	type MaxLiveGrants = ConstU32<MAX_LIVE_GRANTS>;
	type WeightInfo = ();
}

thread_local! {
	static DATASETS: RefCell<BTreeMap<DatasetId, DatasetAccess<u64>>> =
		const { RefCell::new(BTreeMap::new()) };
	static TAINTED: RefCell<BTreeMap<GrantId, u32>> = const { RefCell::new(BTreeMap::new()) };
}

/// What a lineage registry would count downstream of each grant.
pub struct MockDependents;

impl GrantDependents for MockDependents {
	fn tainted_models(grant: GrantId) -> u32 {
		TAINTED.with(|t| t.borrow().get(&grant).copied().unwrap_or(0))
	}
}

/// Makes the registry report `models` models downstream of `grant`.
pub fn set_tainted_models(grant: GrantId, models: u32) {
	TAINTED.with(|t| t.borrow_mut().insert(grant, models));
}

/// Datasets for the tests: what `pallet-datasets` would answer.
pub struct MockDatasets;

impl DatasetInspect<u64> for MockDatasets {
	fn dataset_access(id: DatasetId) -> Option<DatasetAccess<u64>> {
		DATASETS.with(|d| d.borrow().get(&id).cloned())
	}

	fn dataset_parent(
		_id: DatasetId,
	) -> Option<(DatasetId, provenance_primitives::DerivationKind)> {
		None
	}

	fn derivation_basis(_id: DatasetId) -> Vec<GrantId> {
		Vec::new()
	}

	fn derived_datasets(_id: DatasetId, _limit: u32) -> Vec<DatasetId> {
		Vec::new()
	}

	fn datasets_under_grant(_grant: GrantId, _limit: u32) -> Vec<DatasetId> {
		Vec::new()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_dataset(owner: &u64) -> Result<DatasetId, sp_runtime::DispatchError> {
		Ok(add_dataset(*owner, Sensitivity::Personal))
	}
}

/// Adds an active dataset owned by `owner`, without a delegate; returns its id.
pub fn add_dataset(owner: u64, sensitivity: Sensitivity) -> DatasetId {
	DATASETS.with(|d| {
		let mut d = d.borrow_mut();
		let id = d.keys().next_back().map_or(0, |last| last.saturating_add(1));
		d.insert(
			id,
			DatasetAccess { owner, delegate: None, sensitivity, active: true, disputed: false },
		);
		id
	})
}

fn change(id: DatasetId, f: impl FnOnce(&mut DatasetAccess<u64>)) {
	DATASETS.with(|d| f(d.borrow_mut().get_mut(&id).expect("dataset exists")));
}

/// Retires a dataset: it takes no new grants.
pub fn retire_dataset(id: DatasetId) {
	change(id, |access| access.active = false);
}

/// Gives a dataset to `new_owner`, clearing its delegate as `pallet-datasets` does.
pub fn transfer_dataset(id: DatasetId, new_owner: u64) {
	change(id, |access| {
		access.owner = new_owner;
		access.delegate = None;
	});
}

/// Names (or removes) the dataset's delegate.
pub fn set_delegate(id: DatasetId, delegate: Option<u64>) {
	change(id, |access| access.delegate = delegate);
}

/// Forgets a dataset, which `pallet-datasets` never does.
pub fn remove_dataset(id: DatasetId) {
	DATASETS.with(|d| d.borrow_mut().remove(&id));
}

/// Moves to block `n`.
pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}

/// Genesis: accounts 1..=5 funded, `POOR` with a little; no datasets; at block 1 so that
/// events are recorded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	DATASETS.with(|d| d.borrow_mut().clear());
	TAINTED.with(|t| t.borrow_mut().clear());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (ALICE..=EVE).map(|who| (who, FUNDS)).chain([(POOR, POOR_FUNDS)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on a fresh genesis, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Consent::do_try_state().expect("invariants hold after the test");
	});
}

/// Marks a dataset disputed, as governance would.
pub fn dispute_dataset(id: DatasetId) {
	change(id, |access| access.disputed = true);
}
