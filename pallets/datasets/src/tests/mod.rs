//! Unit tests: every call's success path, errors and events, deposits, the runtime API
//! queries, and the invariants `do_try_state` checks.

// Small test figures: an overflow would panic and fail the test, which is the point.
#![allow(clippy::arithmetic_side_effects)]

use crate::{
	mock::*, AttestationCount, AttestationInfo, AttestationKind, Attestations, Attestors,
	ContributorsOf, DatasetByContentHash, DatasetInfo, DatasetStatus, DerivationKind, Derivations,
	Error, Event, HoldReason, NextDatasetId, PendingOwner,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::Precision,
		Get,
	},
	BoundedVec,
};
use provenance_primitives::{
	DatasetAccess, DatasetId, DatasetInspect, DerivativeScope, Purpose, QueryError, Sensitivity,
	MAX_PAGE_SIZE,
};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill};

type Pallet = crate::Pallet<Test>;
type Storage = crate::Datasets<Test>;

const URI: &[u8] = b"ipfs://data";
const LICENSE: &[u8] = b"MIT";
/// `DepositBase` + URI + licence + one byte for an empty contributor list.
const SMALL_DEPOSIT: Balance = 10 + 11 + 3 + 1;

fn hash(n: u64) -> H256 {
	H256::from_low_u64_be(n)
}

fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

/// Contributors with shares in parts per billion.
fn shares(list: &[(u64, u32)]) -> ContributorsOf<Test> {
	list.iter()
		.map(|(who, ppb)| (*who, Perbill::from_parts(*ppb)))
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

/// Two contributors, 60% and 40%.
fn two_contributors() -> ContributorsOf<Test> {
	shares(&[(CHARLIE, 600_000_000), (DAVE, 400_000_000)])
}

/// The deposit for a URI and licence of these lengths and `n` contributors (8-byte
/// accounts, 4-byte shares, a one-byte length prefix).
fn deposit_for(uri: usize, license: usize, n: usize) -> Balance {
	10 + (uri + license + 1 + 12 * n) as Balance
}

fn dataset_held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::DatasetDeposit.into(), &who)
}

fn attestation_held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::AttestationDeposit.into(), &who)
}

fn free(who: u64) -> Balance {
	Balances::free_balance(who)
}

fn register_full(
	owner: u64,
	content: u64,
	uri: &[u8],
	parent: Option<(DatasetId, DerivationKind)>,
	contributors: ContributorsOf<Test>,
) -> DatasetId {
	let id = NextDatasetId::<Test>::get();
	// Deriving from someone else's dataset needs their consent: grant it.
	if let Some((parent_id, _)) = parent {
		if !Pallet::dataset_access(parent_id).is_some_and(|a| a.may_manage_consent(&owner)) {
			add_grant(parent_id, owner, &[Purpose::Derivation], DerivativeScope::Anyone);
		}
	}
	assert_ok!(Datasets::register_dataset(
		RuntimeOrigin::signed(owner),
		hash(content),
		hash(1000 + content),
		bounded(uri),
		bounded(LICENSE),
		Sensitivity::Personal,
		parent,
		contributors,
	));
	id
}

/// Registers a small dataset with no parent and no contributors.
fn register(owner: u64, content: u64) -> DatasetId {
	register_full(owner, content, URI, None, ContributorsOf::<Test>::default())
}

fn register_call(
	owner: u64,
	content: u64,
	license: &[u8],
	parent: Option<(DatasetId, DerivationKind)>,
	contributors: ContributorsOf<Test>,
) -> Result<(), DispatchError> {
	Datasets::register_dataset(
		RuntimeOrigin::signed(owner),
		hash(content),
		hash(0),
		bounded(URI),
		bounded(license),
		Sensitivity::Public,
		parent,
		contributors,
	)
}

mod register_dataset;

mod update_metadata;

mod set_contributors;

mod transfer_ownership;

mod cancel_ownership_transfer;

mod accept_ownership;

mod set_delegate;

mod retire_dataset;

mod attest_dataset;

mod attestors;

mod queries;

mod derived_datasets;
mod disputes;
mod set_sensitivity;
mod try_state;
