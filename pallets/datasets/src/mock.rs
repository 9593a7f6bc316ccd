//! A test runtime with small limits, so that every bound can be reached.

use crate as pallet_datasets;
use codec::Encode;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use provenance_primitives::{
	ConsentInspect, DatasetId, DerivativeScope, GrantId, InheritRefusal, Purpose, Purposes,
	RevocationEffect,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};
use std::collections::BTreeMap;

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
	type DisputeOrigin = EnsureRoot<u64>;
	type Consent = MockConsent;
	type MaxDerivationBasis = ConstU32<MAX_DERIVATION_BASIS>;
	type WeightInfo = ();
}

pub const MAX_DERIVATION_BASIS: u32 = 3;

/// A grant as the mock consent keeps it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MockGrant {
	pub dataset: DatasetId,
	pub grantee: u64,
	pub purposes: Vec<Purpose>,
	pub revoked: bool,
	/// The first block it is not live at.
	pub expires_at: Option<u64>,
	pub derivatives: DerivativeScope,
}

thread_local! {
	static GRANTS: RefCell<BTreeMap<GrantId, MockGrant>> = const { RefCell::new(BTreeMap::new()) };
}

/// What the consent pallet would answer, without use limits. Uses are kept in storage, so
/// that a failed call rolls them back.
pub struct MockConsent;

fn uses_key(grant: GrantId) -> Vec<u8> {
	(b"mock-consent-uses", grant).encode()
}

/// The `(who, purpose, job_hash)` uses logged for `grant`, oldest first.
pub fn uses(grant: GrantId) -> Vec<(u64, Purpose, H256)> {
	frame_support::storage::unhashed::get(&uses_key(grant)).unwrap_or_default()
}

fn mock_grant(id: GrantId) -> Option<MockGrant> {
	GRANTS.with(|g| g.borrow().get(&id).cloned())
}

fn live(g: &MockGrant) -> bool {
	!g.revoked && g.expires_at.is_none_or(|at| System::block_number() < at)
}

impl ConsentInspect<u64, u64> for MockConsent {
	fn live_grant(dataset: DatasetId, who: &u64, purpose: Purpose) -> Option<GrantId> {
		GRANTS.with(|g| {
			g.borrow()
				.iter()
				.find(|(_, g)| {
					g.dataset == dataset
						&& g.grantee == *who
						&& live(g) && g.purposes.contains(&purpose)
				})
				.map(|(id, _)| *id)
		})
	}

	fn consume(
		id: GrantId,
		dataset: DatasetId,
		who: &u64,
		purpose: Purpose,
		job_hash: H256,
	) -> DispatchResult {
		let g = mock_grant(id).ok_or(DispatchError::Other("UnknownGrant"))?;
		if g.dataset != dataset || g.grantee != *who || !live(&g) || !g.purposes.contains(&purpose)
		{
			return Err(DispatchError::Other("not usable"));
		}
		let mut logged = uses(id);
		logged.push((*who, purpose, job_hash));
		frame_support::storage::unhashed::put(&uses_key(id), &logged);
		Ok(())
	}

	fn ensure_inheritable(id: GrantId, who: &u64, purpose: Purpose) -> Result<(), InheritRefusal> {
		let g = mock_grant(id).ok_or(InheritRefusal::UnknownGrant)?;
		if g.revoked {
			return Err(InheritRefusal::Revoked);
		}
		if !live(&g) {
			return Err(InheritRefusal::Expired);
		}
		if !g.purposes.contains(&purpose) {
			return Err(InheritRefusal::PurposeNotCovered);
		}
		match g.derivatives {
			DerivativeScope::Anyone => Ok(()),
			DerivativeScope::GranteeOnly if g.grantee == *who => Ok(()),
			_ => Err(InheritRefusal::DerivationNotAllowed),
		}
	}

	fn revocation_effect(id: GrantId) -> Option<RevocationEffect> {
		mock_grant(id).map(|_| RevocationEffect::StopUse)
	}

	fn grant_dataset(id: GrantId) -> Option<DatasetId> {
		mock_grant(id).map(|g| g.dataset)
	}

	fn revoked_at(id: GrantId) -> Option<u64> {
		mock_grant(id).and_then(|g| g.revoked.then_some(1))
	}

	fn purposes(id: GrantId) -> Option<Purposes> {
		mock_grant(id).map(|g| {
			let mut set = Purposes::new();
			for p in g.purposes {
				let _ = set.try_insert(p);
			}
			set
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(owner: &u64, grantee: &u64) -> Result<(DatasetId, GrantId), DispatchError> {
		use provenance_primitives::DatasetInspect;
		let dataset = Datasets::benchmark_dataset(owner)?;
		Ok((dataset, add_grant(dataset, *grantee, &Purpose::ALL, DerivativeScope::Anyone)))
	}
}

/// Grants `grantee` consent on `dataset` for `purposes` with derivatives by `scope`.
pub fn add_grant(
	dataset: DatasetId,
	grantee: u64,
	purposes: &[Purpose],
	scope: DerivativeScope,
) -> GrantId {
	GRANTS.with(|g| {
		let mut g = g.borrow_mut();
		let id = g.keys().next_back().map_or(0, |last| last.saturating_add(1));
		g.insert(
			id,
			MockGrant {
				dataset,
				grantee,
				purposes: purposes.to_vec(),
				revoked: false,
				expires_at: None,
				derivatives: scope,
			},
		);
		id
	})
}

/// Changes a grant as the consent pallet would.
pub fn change_grant(id: GrantId, f: impl FnOnce(&mut MockGrant)) {
	GRANTS.with(|g| f(g.borrow_mut().get_mut(&id).expect("grant exists")));
}

/// Genesis: accounts 1..=5 funded, `POOR` with a little, `EVE` an attestor; at block 1 so
/// that events are recorded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	GRANTS.with(|g| g.borrow_mut().clear());
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

/// Moves to block `n`.
pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}
