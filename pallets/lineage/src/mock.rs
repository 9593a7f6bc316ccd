//! A test runtime with small limits, so that every bound can be reached, and datasets and
//! consent grants kept in thread-local maps instead of their pallets. Grant uses are kept in
//! storage, so that a failed call rolls them back as it would in the consent pallet.

use crate as pallet_lineage;
use codec::{Decode, Encode};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use provenance_primitives::{
	ConsentInspect, DatasetAccess, DatasetId, DatasetInspect, DerivationKind, DerivativeScope,
	GrantId, InheritRefusal, ModelId, Purpose, Purposes, RevocationEffect, RoyaltyRegistration,
	Sensitivity,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u64;

/// Funded accounts.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
pub const EVE: u64 = 5;
/// Has only a little: cannot hold any deposit.
pub const POOR: u64 = 6;
/// Has nothing.
pub const NOBODY: u64 = 7;

pub const FUNDS: Balance = 10_000;
pub const POOR_FUNDS: Balance = 2;
pub const MODEL_DEPOSIT_BASE: Balance = 100;
pub const MODEL_DEPOSIT_PER_BYTE: Balance = 1;
pub const EVALUATION_DEPOSIT: Balance = 5;
pub const ANCHOR_DEPOSIT: Balance = 3;
pub const MAX_PARENTS: u32 = 3;
pub const MAX_INPUTS: u32 = 3;
pub const MAX_BASIS_GRANTS: u32 = 6;
pub const MAX_NAME_LEN: u32 = 16;
pub const MAX_VERSION_LEN: u32 = 8;
pub const MAX_URI_LEN: u32 = 32;
pub const MAX_LICENSE_LEN: u32 = 16;
pub const MAX_METRIC_LEN: u32 = 16;
pub const MAX_EVALUATIONS: u32 = 3;
pub const MAX_EVALUATORS: u32 = 2;
pub const MAX_EVALUATIONS_PER_EVALUATOR: u32 = 2;
pub const MAX_ALLOWED_EVALUATORS: u32 = 2;
pub const ALLOWANCE_DEPOSIT: Balance = 4;
pub const MAX_ANCHORS: u32 = 2;

/// What the mock consent returns where the consent pallet returns its errors.
pub const UNKNOWN_GRANT: DispatchError = DispatchError::Other("UnknownGrant");
pub const GRANT_DATASET_MISMATCH: DispatchError = DispatchError::Other("GrantDatasetMismatch");
pub const NOT_GRANTEE: DispatchError = DispatchError::Other("NotGrantee");
pub const CONSENT_REVOKED: DispatchError = DispatchError::Other("ConsentRevoked");
pub const PURPOSE_NOT_COVERED: DispatchError = DispatchError::Other("PurposeNotCovered");
pub const CONSENT_EXPIRED: DispatchError = DispatchError::Other("ConsentExpired");

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
	pub type Lineage = pallet_lineage;
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
	pub const ModelDepositBase: Balance = MODEL_DEPOSIT_BASE;
	pub const ModelDepositPerByte: Balance = MODEL_DEPOSIT_PER_BYTE;
	pub const EvaluationDeposit: Balance = EVALUATION_DEPOSIT;
	pub const AnchorDeposit: Balance = ANCHOR_DEPOSIT;
	pub const AllowanceDeposit: Balance = ALLOWANCE_DEPOSIT;
}

impl pallet_lineage::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Consent = MockConsent;
	type Datasets = MockDatasets;
	type Royalties = MockRoyalties;
	type EvaluatorOrigin = frame_system::EnsureRoot<u64>;
	type DisputeOrigin = frame_system::EnsureRoot<u64>;
	type MaxEvaluators = ConstU32<MAX_EVALUATORS>;
	type MaxEvaluationsPerEvaluator = ConstU32<MAX_EVALUATIONS_PER_EVALUATOR>;
	type MaxAllowedEvaluators = ConstU32<MAX_ALLOWED_EVALUATORS>;
	type AllowanceDeposit = AllowanceDeposit;
	type ModelDepositBase = ModelDepositBase;
	type ModelDepositPerByte = ModelDepositPerByte;
	type EvaluationDeposit = EvaluationDeposit;
	type AnchorDeposit = AnchorDeposit;
	type MaxParents = ConstU32<MAX_PARENTS>;
	type MaxInputs = ConstU32<MAX_INPUTS>;
	type MaxBasisGrants = ConstU32<MAX_BASIS_GRANTS>;
	type MaxNameLen = ConstU32<MAX_NAME_LEN>;
	type MaxVersionLen = ConstU32<MAX_VERSION_LEN>;
	type MaxUriLen = ConstU32<MAX_URI_LEN>;
	type MaxLicenseLen = ConstU32<MAX_LICENSE_LEN>;
	type MaxMetricLen = ConstU32<MAX_METRIC_LEN>;
	type MaxEvaluations = ConstU32<MAX_EVALUATIONS>;
	type MaxAnchors = ConstU32<MAX_ANCHORS>;
	type WeightInfo = ();
}

/// A consent grant as the mock keeps it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MockGrant {
	pub dataset: DatasetId,
	pub grantee: u64,
	pub purposes: Purposes,
	pub revoked_at: Option<u64>,
	/// The first block it is not live at.
	pub expires_at: Option<u64>,
	pub derivatives: DerivativeScope,
	pub on_revoke: RevocationEffect,
}

/// One logged use of a grant.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
pub struct MockUse {
	pub who: u64,
	pub purpose: Purpose,
	pub job_hash: H256,
}

thread_local! {
	static DATASETS: RefCell<BTreeMap<DatasetId, DatasetAccess<u64>>> =
		const { RefCell::new(BTreeMap::new()) };
	static GRANTS: RefCell<BTreeMap<GrantId, MockGrant>> = const { RefCell::new(BTreeMap::new()) };
	/// `child -> (parent, kind, derivation basis)`.
	static DERIVED: RefCell<BTreeMap<DatasetId, (DatasetId, DerivationKind, Vec<GrantId>)>> =
		const { RefCell::new(BTreeMap::new()) };
	static REFUSED_PARENT: RefCell<Option<ModelId>> = const { RefCell::new(None) };
	static ROYALTY_LOG: RefCell<Vec<(ModelId, Vec<ModelId>)>> = const { RefCell::new(Vec::new()) };
	static ROYALTY_BYTES: RefCell<u32> = const { RefCell::new(0) };
}

/// The royalty hook for the tests: refuses any derivative of [`refuse_derivatives_of`]'s
/// model, and logs every registration it is told of.
pub struct MockRoyalties;

impl RoyaltyRegistration for MockRoyalties {
	fn ensure_may_derive(
		parents: &[ModelId],
		_inputs: &[DatasetId],
		max_parent_share: Perbill,
	) -> Result<u32, DispatchError> {
		let refused = REFUSED_PARENT.with(|r| *r.borrow());
		match refused {
			Some(model) if parents.contains(&model) => {
				Err(DispatchError::Other("below the parents' royalty minimum"))
			},
			// Stands for a parent demanding more than the registrant's bound.
			_ if !parents.is_empty() && max_parent_share < MOCK_PARENT_SHARE => {
				Err(DispatchError::Other("above the registrant's parent share bound"))
			},
			_ => Ok(ROYALTY_BYTES.with(|b| *b.borrow())),
		}
	}

	fn on_model_registered(
		model: ModelId,
		parents: &[ModelId],
		_inputs: &[DatasetId],
	) -> DispatchResult {
		ROYALTY_LOG.with(|log| log.borrow_mut().push((model, parents.to_vec())));
		Ok(())
	}

	fn max_record_bytes() -> u32 {
		ROYALTY_BYTES.with(|b| *b.borrow())
	}
}

/// The parent share the mock royalty hook says every derivative starts with.
pub const MOCK_PARENT_SHARE: Perbill = Perbill::from_percent(10);
/// Makes the royalty hook say it stores `bytes` per model, paid for in the deposit.
pub fn set_royalty_bytes(bytes: u32) {
	ROYALTY_BYTES.with(|b| *b.borrow_mut() = bytes);
}

/// Makes the royalty hook refuse derivatives of `model`.
pub fn refuse_derivatives_of(model: ModelId) {
	REFUSED_PARENT.with(|r| *r.borrow_mut() = Some(model));
}

/// The registrations the royalty hook was told of, in order.
pub fn royalty_log() -> Vec<(ModelId, Vec<ModelId>)> {
	ROYALTY_LOG.with(|log| log.borrow().clone())
}

/// Datasets for the tests: what `pallet-datasets` would answer.
pub struct MockDatasets;

impl DatasetInspect<u64> for MockDatasets {
	fn dataset_access(id: DatasetId) -> Option<DatasetAccess<u64>> {
		DATASETS.with(|d| d.borrow().get(&id).cloned())
	}

	fn dataset_parent(id: DatasetId) -> Option<(DatasetId, DerivationKind)> {
		DERIVED.with(|d| d.borrow().get(&id).map(|(parent, kind, _)| (*parent, *kind)))
	}

	fn derivation_basis(id: DatasetId) -> Vec<GrantId> {
		DERIVED.with(|d| d.borrow().get(&id).map(|(_, _, basis)| basis.clone()).unwrap_or_default())
	}

	fn derived_datasets(id: DatasetId, limit: u32) -> Vec<DatasetId> {
		DERIVED.with(|d| {
			d.borrow()
				.iter()
				.filter(|(_, (parent, _, _))| *parent == id)
				.map(|(child, _)| *child)
				.take(limit as usize)
				.collect()
		})
	}

	fn datasets_under_grant(grant: GrantId, limit: u32) -> Vec<DatasetId> {
		DERIVED.with(|d| {
			d.borrow()
				.iter()
				.filter(|(_, (_, _, basis))| basis.contains(&grant))
				.map(|(child, _)| *child)
				.take(limit as usize)
				.collect()
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_dataset(owner: &u64) -> Result<DatasetId, DispatchError> {
		Ok(add_dataset(*owner))
	}
}

/// Consent for the tests: what `pallet-consent` would answer, refusing uses for the same
/// reasons (without expiry or use limits).
pub struct MockConsent;

fn uses_key(grant: GrantId) -> Vec<u8> {
	(b"mock-consent-uses", grant).encode()
}

/// The uses logged for `grant`, oldest first.
pub fn uses(grant: GrantId) -> Vec<MockUse> {
	frame_support::storage::unhashed::get(&uses_key(grant)).unwrap_or_default()
}

fn grant(id: GrantId) -> Option<MockGrant> {
	GRANTS.with(|g| g.borrow().get(&id).cloned())
}

impl ConsentInspect<u64, u64> for MockConsent {
	fn live_grant(dataset: DatasetId, who: &u64, purpose: Purpose) -> Option<GrantId> {
		GRANTS.with(|g| {
			g.borrow()
				.iter()
				.find(|(_, g)| {
					g.dataset == dataset
						&& g.grantee == *who
						&& g.revoked_at.is_none()
						&& g.purposes.contains(&purpose)
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
		let g = grant(id).ok_or(UNKNOWN_GRANT)?;
		if g.dataset != dataset {
			return Err(GRANT_DATASET_MISMATCH);
		}
		if g.grantee != *who {
			return Err(NOT_GRANTEE);
		}
		if g.revoked_at.is_some() {
			return Err(CONSENT_REVOKED);
		}
		if g.expires_at.is_some_and(|at| System::block_number() >= at) {
			return Err(CONSENT_EXPIRED);
		}
		if !g.purposes.contains(&purpose) {
			return Err(PURPOSE_NOT_COVERED);
		}
		let mut logged = uses(id);
		logged.push(MockUse { who: *who, purpose, job_hash });
		frame_support::storage::unhashed::put(&uses_key(id), &logged);
		Ok(())
	}

	fn ensure_inheritable(id: GrantId, who: &u64, purpose: Purpose) -> Result<(), InheritRefusal> {
		let g = grant(id).ok_or(InheritRefusal::UnknownGrant)?;
		if g.revoked_at.is_some() {
			return Err(InheritRefusal::Revoked);
		}
		if g.expires_at.is_some_and(|at| System::block_number() >= at) {
			return Err(InheritRefusal::Expired);
		}
		if !g.purposes.contains(&purpose) {
			return Err(InheritRefusal::PurposeNotCovered);
		}
		let allowed = match g.derivatives {
			DerivativeScope::NoOne => false,
			DerivativeScope::GranteeOnly => g.grantee == *who,
			DerivativeScope::Anyone => true,
		};
		if allowed {
			Ok(())
		} else {
			Err(InheritRefusal::DerivationNotAllowed)
		}
	}

	fn revocation_effect(id: GrantId) -> Option<RevocationEffect> {
		grant(id).map(|g| g.on_revoke)
	}

	fn grant_dataset(id: GrantId) -> Option<DatasetId> {
		grant(id).map(|g| g.dataset)
	}

	fn revoked_at(id: GrantId) -> Option<u64> {
		grant(id).and_then(|g| g.revoked_at)
	}

	fn purposes(id: GrantId) -> Option<Purposes> {
		grant(id).map(|g| g.purposes)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(owner: &u64, grantee: &u64) -> Result<(DatasetId, GrantId), DispatchError> {
		let dataset = add_dataset(*owner);
		Ok((dataset, add_grant(dataset, *grantee, &Purpose::ALL)))
	}
}

/// Adds an active personal dataset owned by `owner`; returns its id.
pub fn add_dataset(owner: u64) -> DatasetId {
	DATASETS.with(|d| {
		let mut d = d.borrow_mut();
		let id = d.keys().next_back().map_or(0, |last| last.saturating_add(1));
		d.insert(
			id,
			DatasetAccess {
				owner,
				delegate: None,
				sensitivity: Sensitivity::Personal,
				active: true,
				disputed: false,
			},
		);
		id
	})
}

/// A set of purposes.
pub fn purposes(list: &[Purpose]) -> Purposes {
	let mut set = Purposes::new();
	for purpose in list {
		set.try_insert(*purpose).unwrap();
	}
	set
}

/// Grants `grantee` consent to use `dataset` for `list`; returns the grant's id.
pub fn add_grant(dataset: DatasetId, grantee: u64, list: &[Purpose]) -> GrantId {
	GRANTS.with(|g| {
		let mut g = g.borrow_mut();
		let id = g.keys().next_back().map_or(0, |last| last.saturating_add(1));
		g.insert(
			id,
			MockGrant {
				dataset,
				grantee,
				purposes: purposes(list),
				revoked_at: None,
				expires_at: None,
				derivatives: DerivativeScope::GranteeOnly,
				on_revoke: RevocationEffect::StopUse,
			},
		);
		id
	})
}

/// Changes a grant's terms as a grantor would have set them.
pub fn set_grant_terms(
	id: GrantId,
	derivatives: DerivativeScope,
	on_revoke: RevocationEffect,
	expires_at: Option<u64>,
) {
	GRANTS.with(|g| {
		let mut g = g.borrow_mut();
		let grant = g.get_mut(&id).expect("grant exists");
		grant.derivatives = derivatives;
		grant.on_revoke = on_revoke;
		grant.expires_at = expires_at;
	});
}

/// Revokes a grant as of block `at`.
pub fn revoke_grant(id: GrantId, at: u64) {
	GRANTS.with(|g| g.borrow_mut().get_mut(&id).expect("grant exists").revoked_at = Some(at));
}

/// Moves to block `n`.
pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}

/// Genesis: accounts 1..=5 funded, `POOR` with a little; no datasets or grants; at block 1
/// so that events are recorded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	DATASETS.with(|d| d.borrow_mut().clear());
	GRANTS.with(|g| g.borrow_mut().clear());
	DERIVED.with(|d| d.borrow_mut().clear());
	REFUSED_PARENT.with(|r| *r.borrow_mut() = None);
	ROYALTY_BYTES.with(|b| *b.borrow_mut() = 0);
	ROYALTY_LOG.with(|log| log.borrow_mut().clear());
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
		Lineage::do_try_state().expect("invariants hold after the test");
	});
}

/// Adds a dataset owned by `owner`, derived from `parent` under the grants in `basis` (its
/// derivation basis, as the datasets pallet keeps it); returns its id.
pub fn add_derived_dataset(owner: u64, parent: DatasetId, basis: &[GrantId]) -> DatasetId {
	let id = add_dataset(owner);
	DERIVED.with(|d| d.borrow_mut().insert(id, (parent, DerivationKind::Subset, basis.to_vec())));
	id
}
