//! A test runtime: the validator set feeding the session pallet (with historical roots),
//! sessions of `SESSION_LENGTH` blocks, `UintAuthorityId` session keys, and a session
//! handler that records the active validators the way Aura and GRANDPA would see them.

use crate as pallet_validator_set;
use core::cell::RefCell;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use pallet_session::{historical as pallet_session_historical, PeriodicSessions, SessionHandler};
use sp_runtime::{
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, KeyTypeId, RuntimeAppPublic,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u64;

/// Validators at genesis, with session keys `UintAuthorityId(n)`.
pub const GENESIS_VALIDATORS: [u64; 3] = [1, 2, 3];
/// Funded accounts with session keys registered at genesis but not in the set.
pub const CANDIDATE: u64 = 4;
pub const CANDIDATE2: u64 = 5;
/// A funded account with no session keys.
pub const NO_KEYS: u64 = 6;
/// Funded accounts 1..=`FUNDED`.
pub const FUNDED: u64 = 20;
pub const FUNDS: Balance = 1_000;
pub const KEY_DEPOSIT: Balance = 10;
pub const MAX_VALIDATORS: u32 = 8;
pub const MIN_VALIDATORS: u32 = 2;
pub const HISTORY_DEPTH: u32 = 3;
/// Blocks per session: a session ends at every multiple of it.
pub const SESSION_LENGTH: u64 = 5;

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

	// Before the session pallet, whose genesis asks it for the first set.
	#[runtime::pallet_index(2)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(3)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(4)]
	pub type Historical = pallet_session_historical;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	// So that the offence handler's weight is not zero.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

thread_local! {
	/// The active validators, as the session handler was last told.
	static ACTIVE: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	/// How many new sessions the session handler was told the set changed in.
	static CHANGES: RefCell<u32> = const { RefCell::new(0) };
}

/// Records the validators of each new session, the way a consensus pallet would take its
/// authorities from them.
pub struct TestSessionHandler;
impl SessionHandler<u64> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] = &[UintAuthorityId::ID];

	fn on_genesis_session<Ks: OpaqueKeys>(validators: &[(u64, Ks)]) {
		ACTIVE.with(|a| *a.borrow_mut() = validators.iter().map(|(v, _)| *v).collect());
	}

	fn on_new_session<Ks: OpaqueKeys>(
		changed: bool,
		validators: &[(u64, Ks)],
		_queued_validators: &[(u64, Ks)],
	) {
		ACTIVE.with(|a| *a.borrow_mut() = validators.iter().map(|(v, _)| *v).collect());
		if changed {
			CHANGES.with(|c| c.replace_with(|n| n.saturating_add(1)));
		}
	}

	fn on_disabled(_validator_index: u32) {}
}

/// The active validators, as the session handler was last told.
pub fn active_authorities() -> Vec<u64> {
	ACTIVE.with(|a| a.borrow().clone())
}

/// How many new sessions the session handler was told the set changed in.
pub fn authority_changes() -> u32 {
	CHANGES.with(|c| *c.borrow())
}

type Periodic = PeriodicSessions<ConstU64<SESSION_LENGTH>, ConstU64<0>>;

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Periodic;
	type NextSessionRotation = Periodic;
	type SessionManager = pallet_session_historical::NoteHistoricalRoot<Test, ValidatorSet>;
	type SessionHandler = TestSessionHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<KEY_DEPOSIT>;
}

impl pallet_session_historical::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = u64;
	type FullIdentificationOf = ConvertInto;
}

impl pallet_validator_set::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type AddRemoveOrigin = EnsureRoot<u64>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	type HistoryDepth = ConstU32<HISTORY_DEPTH>;
	type WeightInfo = ();
}

/// Genesis storage with `validators` as the initial set: accounts 1..=`FUNDED` funded;
/// session keys `UintAuthorityId(n)` for the genesis validators and `validators` (the
/// session pallet's fallback set), and for `CANDIDATE` and `CANDIDATE2` (registered only).
pub fn genesis_storage(validators: Vec<u64>) -> Result<sp_runtime::Storage, String> {
	let mut authorities: Vec<u64> = GENESIS_VALIDATORS.to_vec();
	for v in &validators {
		if !authorities.contains(v) {
			authorities.push(*v);
		}
	}
	let candidates: Vec<u64> =
		[CANDIDATE, CANDIDATE2].into_iter().filter(|v| !authorities.contains(v)).collect();
	let keys = |who: u64| (who, who, UintAuthorityId(who));
	RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: (1..=FUNDED).map(|who| (who, FUNDS)).collect(),
			..Default::default()
		},
		validator_set: pallet_validator_set::GenesisConfig { initial_validators: validators },
		session: pallet_session::GenesisConfig {
			keys: authorities.into_iter().map(keys).collect(),
			non_authority_keys: candidates.into_iter().map(keys).collect(),
		},
	}
	.build_storage()
}

/// The test externalities from `genesis_storage(validators)`, at block 1 so that events are
/// recorded.
pub fn new_test_ext_with(validators: Vec<u64>) -> sp_io::TestExternalities {
	ACTIVE.with(|a| a.borrow_mut().clear());
	CHANGES.with(|c| *c.borrow_mut() = 0);
	let storage = genesis_storage(validators).expect("a valid genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The test externalities with the genesis validators `1, 2, 3`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(GENESIS_VALIDATORS.to_vec())
}

/// Runs `test` on the standard genesis, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("invariants hold");
	});
}
