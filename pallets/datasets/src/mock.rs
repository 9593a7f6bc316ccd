//! A test runtime with small limits, so that every bound can be reached.

use crate as pallet_datasets;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u64;

/// Funded accounts.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
/// Funded, and the attestor at genesis.
pub const EVE: u64 = 5;
/// Has a little: enough for one small dataset.
pub const POOR: u64 = 6;
/// Has nothing.
pub const NOBODY: u64 = 7;

pub const FUNDS: Balance = 1_000;
pub const POOR_FUNDS: Balance = 20;

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
	pub type Datasets = pallet_datasets;
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
	pub const DepositBase: Balance = 10;
	pub const DepositPerByte: Balance = 1;
	pub const AttestationDeposit: Balance = 5;
}

impl pallet_datasets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type AttestationDeposit = AttestationDeposit;
	type MaxUriLen = ConstU32<64>;
	type MaxLicenseLen = ConstU32<32>;
	type MaxContributors = ConstU32<4>;
	type MaxAttestations = ConstU32<3>;
	type MaxCustomKindLen = ConstU32<16>;
	type MaxAttestors = ConstU32<3>;
	type AttestorOrigin = EnsureRoot<u64>;
	type WeightInfo = ();
}

/// Genesis: accounts 1..=5 funded, `POOR` with a little, `EVE` an attestor; at block 1 so
/// that events are recorded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (ALICE..=EVE).map(|who| (who, FUNDS)).chain([(POOR, POOR_FUNDS)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_datasets::GenesisConfig::<Test> { attestors: vec![EVE] }
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
		Datasets::do_try_state().expect("invariants hold after the test");
	});
}
