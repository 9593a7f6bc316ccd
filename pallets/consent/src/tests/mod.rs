//! Unit tests: every call's success path, errors and events, the `ConsentInspect`
//! implementation, the runtime API queries, and the invariant checks themselves.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use provenance_primitives::{Purpose::*, MAX_PAGE_SIZE};
use sp_runtime::DispatchError;
use std::collections::BTreeSet;

const TERMS: H256 = H256::repeat_byte(7);
const JOB: H256 = H256::repeat_byte(9);

fn purposes(list: &[Purpose]) -> Purposes {
	Purposes::try_from(list.iter().copied().collect::<BTreeSet<_>>()).unwrap()
}

fn to(who: u64) -> Grantee<u64> {
	Grantee::Account(who)
}

/// Grants through the call and returns the new grant's id.
fn grant(
	grantor: u64,
	dataset: DatasetId,
	grantee: Grantee<u64>,
	list: &[Purpose],
	expires_at: Option<u64>,
	max_uses: Option<u32>,
) -> GrantId {
	let id = NextGrantId::<Test>::get();
	assert_ok!(Consent::grant_consent(
		RuntimeOrigin::signed(grantor),
		dataset,
		grantee,
		purposes(list),
		expires_at,
		max_uses,
		GrantTerms::with_hash(TERMS)
	));
	id
}

/// A grant from `ALICE` to `BOB` for training and research on a new personal dataset.
fn simple_grant() -> (DatasetId, GrantId) {
	let dataset = add_dataset(ALICE, Sensitivity::Personal);
	let id = grant(ALICE, dataset, to(BOB), &[Training, Research], None, None);
	(dataset, id)
}

fn use_grant(who: u64, id: GrantId, purpose: Purpose) -> DispatchResult {
	Consent::record_access(RuntimeOrigin::signed(who), id, purpose, JOB)
}

/// The `ConsentRevoked` event of a grant with default terms that taints no model.
fn revoked(grant: GrantId, dataset: DatasetId, by: u64) -> RuntimeEvent {
	Event::ConsentRevoked {
		grant,
		dataset,
		by,
		tainted_models: 0,
		tainted_datasets: 0,
		effect: RevocationEffect::StopUse,
	}
	.into()
}

fn grant_held(who: u64) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::GrantDeposit), &who)
}

fn access_held(who: u64) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::AccessDeposit), &who)
}

fn free(who: u64) -> Balance {
	Balances::balance(&who)
}

fn live_list(dataset: DatasetId, grantee: Grantee<u64>) -> Vec<GrantId> {
	LiveGrants::<Test>::get(dataset, grantee).into_inner()
}

fn live_grant(dataset: DatasetId, who: u64, purpose: Purpose) -> Option<GrantId> {
	<Consent as ConsentInspect<u64, u64>>::live_grant(dataset, &who, purpose)
}

fn consume(id: GrantId, dataset: DatasetId, who: u64, purpose: Purpose) -> DispatchResult {
	<Consent as ConsentInspect<u64, u64>>::consume(id, dataset, &who, purpose, JOB)
}

fn ids(page: &Page<GrantInfo<u64, u64, Balance>, GrantId>) -> Vec<GrantId> {
	page.items.iter().map(|g| g.id).collect()
}

mod grant_consent;

mod revoke_consent;

mod record_access;

mod consent_inspect;

mod queries;

mod try_state;

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		<Consent as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn purposes_helper_covers_every_purpose() {
	assert_eq!(all_purposes().into_iter().collect::<Vec<_>>(), Purpose::ALL.to_vec());
}

mod terms;
