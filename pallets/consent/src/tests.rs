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
		TERMS
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

mod grant_consent {
	use super::*;

	#[test]
	fn stores_indexes_holds_and_emits() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			run_to_block(4);
			assert_ok!(Consent::grant_consent(
				RuntimeOrigin::signed(ALICE),
				dataset,
				to(BOB),
				purposes(&[Research, Training]),
				Some(10),
				Some(3),
				TERMS
			));
			assert_eq!(
				Grants::<Test>::get(0),
				Some(Grant {
					dataset,
					grantee: to(BOB),
					purposes: purposes(&[Training, Research]),
					expires_at: Some(10),
					max_uses: Some(3),
					uses: 0,
					terms_hash: TERMS,
					grantor: ALICE,
					granted_at: 4,
					revoked_at: None,
					deposit: GRANT_DEPOSIT,
				})
			);
			assert_eq!(NextGrantId::<Test>::get(), 1);
			assert_eq!(live_list(dataset, to(BOB)), vec![0]);
			assert!(DatasetGrants::<Test>::contains_key(dataset, GrantKey::from(0)));
			assert!(GranteeGrants::<Test>::contains_key(to(BOB), GrantKey::from(0)));
			assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
			assert_eq!(free(ALICE), FUNDS - GRANT_DEPOSIT);
			assert_eq!(grant_held(BOB), 0);
			System::assert_last_event(
				Event::ConsentGranted {
					grant: 0,
					dataset,
					grantee: to(BOB),
					grantor: ALICE,
					purposes: purposes(&[Training, Research]),
					expires_at: Some(10),
					max_uses: Some(3),
				}
				.into(),
			);

			// A second grant holds a second deposit and gets the next id.
			let second = grant(ALICE, dataset, Grantee::Anyone, &[Evaluation], None, None);
			assert_eq!(second, 1);
			assert_eq!(grant_held(ALICE), 2 * GRANT_DEPOSIT);
			assert_eq!(free(ALICE), FUNDS - 2 * GRANT_DEPOSIT);
			assert_eq!(live_list(dataset, Grantee::Anyone), vec![1]);
			System::assert_last_event(
				Event::ConsentGranted {
					grant: 1,
					dataset,
					grantee: Grantee::Anyone,
					grantor: ALICE,
					purposes: purposes(&[Evaluation]),
					expires_at: None,
					max_uses: None,
				}
				.into(),
			);
		});
	}

	#[test]
	fn delegate_grants_and_pays() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			set_delegate(dataset, Some(CHARLIE));
			let id = grant(CHARLIE, dataset, to(BOB), &[Inference], None, None);
			assert_eq!(Grants::<Test>::get(id).unwrap().grantor, CHARLIE);
			assert_eq!(grant_held(CHARLIE), GRANT_DEPOSIT);
			assert_eq!(free(CHARLIE), FUNDS - GRANT_DEPOSIT);
			assert_eq!(grant_held(ALICE), 0);
			System::assert_last_event(
				Event::ConsentGranted {
					grant: id,
					dataset,
					grantee: to(BOB),
					grantor: CHARLIE,
					purposes: purposes(&[Inference]),
					expires_at: None,
					max_uses: None,
				}
				.into(),
			);
		});
	}

	#[test]
	fn unknown_dataset() {
		build_and_execute(|| {
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					42,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::UnknownDataset
			);
		});
	}

	#[test]
	fn only_owner_or_current_delegate() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let call = |who| {
				Consent::grant_consent(
					RuntimeOrigin::signed(who),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS,
				)
			};
			assert_noop!(call(BOB), Error::<Test>::NotAllowed);
			set_delegate(dataset, Some(CHARLIE));
			assert_ok!(call(CHARLIE));
			// A transfer clears the delegate, and the old owner loses the right too.
			transfer_dataset(dataset, DAVE);
			assert_noop!(call(CHARLIE), Error::<Test>::NotAllowed);
			assert_noop!(call(ALICE), Error::<Test>::NotAllowed);
			assert_ok!(call(DAVE));
		});
	}

	#[test]
	fn retired_dataset_takes_no_grants() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			retire_dataset(dataset);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::DatasetRetired
			);
		});
	}

	#[test]
	fn no_purposes() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					Purposes::new(),
					None,
					None,
					TERMS
				),
				Error::<Test>::NoPurposes
			);
		});
	}

	#[test]
	fn expiry_must_be_after_now() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			run_to_block(5);
			let call = |expires_at| {
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					Some(expires_at),
					None,
					TERMS,
				)
			};
			assert_noop!(call(4), Error::<Test>::ExpiryInPast);
			// Expiring at the current block would never be live.
			assert_noop!(call(5), Error::<Test>::ExpiryInPast);
			assert_ok!(call(6));
		});
	}

	#[test]
	fn zero_max_uses() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					Some(0),
					TERMS
				),
				Error::<Test>::ZeroMaxUses
			);
		});
	}

	#[test]
	fn special_category_only_to_named_accounts() {
		build_and_execute(|| {
			let health = add_dataset(ALICE, Sensitivity::SpecialCategory);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					health,
					Grantee::Anyone,
					purposes(&[Research]),
					None,
					None,
					TERMS
				),
				Error::<Test>::OpenGrantOnSpecialCategory
			);
			grant(ALICE, health, to(BOB), &[Research], None, None);
			// Open grants are fine on other datasets.
			let public = add_dataset(ALICE, Sensitivity::Public);
			grant(ALICE, public, Grantee::Anyone, &[Research], None, None);
			let personal = add_dataset(ALICE, Sensitivity::Personal);
			grant(ALICE, personal, Grantee::Anyone, &[Research], None, None);
		});
	}

	#[test]
	fn too_many_live_grants_per_pair() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			for _ in 0..MAX_LIVE_GRANTS {
				grant(ALICE, dataset, to(BOB), &[Training], None, None);
			}
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::TooManyLiveGrants
			);
			// The bound is per (dataset, grantee).
			grant(ALICE, dataset, to(CHARLIE), &[Training], None, None);
			grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
			let other = add_dataset(ALICE, Sensitivity::Personal);
			grant(ALICE, other, to(BOB), &[Training], None, None);
		});
	}

	#[test]
	fn insufficient_deposit() {
		build_and_execute(|| {
			let dataset = add_dataset(POOR, Sensitivity::Personal);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(POOR),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::InsufficientDeposit
			);
			let dataset = add_dataset(NOBODY, Sensitivity::Personal);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(NOBODY),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::InsufficientDeposit
			);
		});
	}

	#[test]
	fn no_ids_left() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			NextGrantId::<Test>::put(GrantId::MAX);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::NoIdsLeft
			);
			// The last id is usable; only the one after it is not.
			NextGrantId::<Test>::put(GrantId::MAX - 1);
			assert_eq!(grant(ALICE, dataset, to(BOB), &[Training], None, None), GrantId::MAX - 1);
		});
	}

	#[test]
	fn prunes_expired_and_used_up_grants_when_adding() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let expiring = grant(ALICE, dataset, to(BOB), &[Training], Some(5), None);
			let once = grant(ALICE, dataset, to(BOB), &[Training], None, Some(1));
			let lasting = grant(ALICE, dataset, to(BOB), &[Training], None, None);
			assert_ok!(use_grant(BOB, once, Training));
			// Used up, but still listed until the next grant to the pair prunes it.
			assert_eq!(live_list(dataset, to(BOB)), vec![expiring, once, lasting]);

			let fourth = grant(ALICE, dataset, to(BOB), &[Training], None, None);
			assert_eq!(live_list(dataset, to(BOB)), vec![expiring, lasting, fourth]);
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::TooManyLiveGrants
			);

			run_to_block(5);
			let fifth = grant(ALICE, dataset, to(BOB), &[Training], None, None);
			assert_eq!(live_list(dataset, to(BOB)), vec![lasting, fourth, fifth]);
			// Pruned grants keep their records, indexes and deposits.
			assert!(Grants::<Test>::contains_key(expiring));
			assert!(Grants::<Test>::contains_key(once));
			assert_eq!(grant_held(ALICE), 5 * GRANT_DEPOSIT);
			assert_eq!(
				ids(&Consent::dataset_grants(dataset, None, 10).unwrap()),
				vec![expiring, once, lasting, fourth, fifth]
			);
		});
	}
}

mod revoke_consent {
	use super::*;

	#[test]
	fn owner_revokes_at_once_and_record_stays() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			run_to_block(3);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			let record = Grants::<Test>::get(id).unwrap();
			assert_eq!(record.revoked_at, Some(3));
			assert_eq!(record.grantee, to(BOB));
			// Out of the live index, and the empty list is not kept.
			assert!(!LiveGrants::<Test>::contains_key(dataset, to(BOB)));
			assert!(DatasetGrants::<Test>::contains_key(dataset, GrantKey::from(id)));
			assert!(GranteeGrants::<Test>::contains_key(to(BOB), GrantKey::from(id)));
			// The deposit pays for the permanent record.
			assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
			assert_eq!(free(ALICE), FUNDS - GRANT_DEPOSIT);
			System::assert_last_event(
				Event::ConsentRevoked { grant: id, dataset, by: ALICE }.into(),
			);
			// Refused in the same block.
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentRevoked);
		});
	}

	#[test]
	fn leaves_other_grants_listed() {
		build_and_execute(|| {
			let (dataset, first) = simple_grant();
			let second = grant(ALICE, dataset, to(BOB), &[Inference], None, None);
			let third = grant(ALICE, dataset, to(BOB), &[Evaluation], None, None);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), second));
			assert_eq!(live_list(dataset, to(BOB)), vec![first, third]);
			// The freed slot takes a new grant.
			let fourth = grant(ALICE, dataset, to(BOB), &[Commercial], None, None);
			assert_eq!(live_list(dataset, to(BOB)), vec![first, third, fourth]);
		});
	}

	#[test]
	fn current_delegate_revokes() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			set_delegate(dataset, Some(CHARLIE));
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), id));
			System::assert_last_event(
				Event::ConsentRevoked { grant: id, dataset, by: CHARLIE }.into(),
			);
		});
	}

	#[test]
	fn new_owner_revokes_the_old_owners_grant() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			transfer_dataset(dataset, DAVE);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(DAVE), id));
			System::assert_last_event(
				Event::ConsentRevoked { grant: id, dataset, by: DAVE }.into(),
			);
			// The deposit stays with the grantor.
			assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
			assert_eq!(grant_held(DAVE), 0);
		});
	}

	#[test]
	fn grantor_revokes_after_losing_the_dataset() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			set_delegate(dataset, Some(CHARLIE));
			let by_delegate = grant(CHARLIE, dataset, to(BOB), &[Inference], None, None);
			transfer_dataset(dataset, DAVE);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			System::assert_last_event(
				Event::ConsentRevoked { grant: id, dataset, by: ALICE }.into(),
			);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), by_delegate));
			System::assert_last_event(
				Event::ConsentRevoked { grant: by_delegate, dataset, by: CHARLIE }.into(),
			);
		});
	}

	#[test]
	fn not_allowed() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			// Not the grantee, nor a stranger.
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NotAllowed
			);
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(EVE), id),
				Error::<Test>::NotAllowed
			);
			// A delegate that is replaced, and never granted, loses the right.
			set_delegate(dataset, Some(CHARLIE));
			set_delegate(dataset, Some(EVE));
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), id),
				Error::<Test>::NotAllowed
			);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(EVE), id));
		});
	}

	#[test]
	fn only_grantor_once_the_dataset_is_gone() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			set_delegate(dataset, Some(CHARLIE));
			let id = grant(CHARLIE, dataset, to(BOB), &[Training], None, None);
			remove_dataset(dataset);
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::NotAllowed
			);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(CHARLIE), id));
			System::assert_last_event(
				Event::ConsentRevoked { grant: id, dataset, by: CHARLIE }.into(),
			);
		});
	}

	#[test]
	fn unknown_grant() {
		build_and_execute(|| {
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::UnknownGrant
			);
		});
	}

	#[test]
	fn twice_is_an_error() {
		build_and_execute(|| {
			let (_, id) = simple_grant();
			run_to_block(2);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			run_to_block(3);
			assert_noop!(
				Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::AlreadyRevoked
			);
			assert_eq!(Grants::<Test>::get(id).unwrap().revoked_at, Some(2));
		});
	}

	#[test]
	fn expired_grant_can_still_be_revoked() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let id = grant(ALICE, dataset, to(BOB), &[Training], Some(3), None);
			run_to_block(10);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(Grants::<Test>::get(id).unwrap().revoked_at, Some(10));
			assert!(!LiveGrants::<Test>::contains_key(dataset, to(BOB)));
		});
	}
}

mod record_access {
	use super::*;

	#[test]
	fn logs_counts_holds_and_emits() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			run_to_block(6);
			assert_ok!(use_grant(BOB, id, Research));
			assert_eq!(
				AccessLog::<Test>::get(id, 0),
				Some(AccessRecord {
					accessor: BOB,
					purpose: Research,
					job_hash: JOB,
					at: 6,
					deposit: ACCESS_DEPOSIT
				})
			);
			assert_eq!(Grants::<Test>::get(id).unwrap().uses, 1);
			assert_eq!(access_held(BOB), ACCESS_DEPOSIT);
			assert_eq!(free(BOB), FUNDS - ACCESS_DEPOSIT);
			System::assert_last_event(
				Event::AccessRecorded {
					grant: id,
					dataset,
					accessor: BOB,
					purpose: Research,
					job_hash: JOB,
					index: 0,
				}
				.into(),
			);

			run_to_block(7);
			assert_ok!(use_grant(BOB, id, Training));
			assert_eq!(AccessLog::<Test>::get(id, 1).unwrap().purpose, Training);
			assert_eq!(Grants::<Test>::get(id).unwrap().uses, 2);
			assert_eq!(access_held(BOB), 2 * ACCESS_DEPOSIT);
			assert_eq!(free(BOB), FUNDS - 2 * ACCESS_DEPOSIT);
			// The grantor's deposit is untouched.
			assert_eq!(grant_held(ALICE), GRANT_DEPOSIT);
			System::assert_last_event(
				Event::AccessRecorded {
					grant: id,
					dataset,
					accessor: BOB,
					purpose: Training,
					job_hash: JOB,
					index: 1,
				}
				.into(),
			);
		});
	}

	#[test]
	fn anyone_grant_serves_any_account() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Public);
			let id = grant(ALICE, dataset, Grantee::Anyone, &[Research], None, Some(2));
			assert_ok!(use_grant(CHARLIE, id, Research));
			assert_ok!(use_grant(EVE, id, Research));
			assert_eq!(AccessLog::<Test>::get(id, 0).unwrap().accessor, CHARLIE);
			assert_eq!(AccessLog::<Test>::get(id, 1).unwrap().accessor, EVE);
			assert_eq!(access_held(CHARLIE), ACCESS_DEPOSIT);
			assert_eq!(access_held(EVE), ACCESS_DEPOSIT);
			assert_noop!(use_grant(DAVE, id, Research), Error::<Test>::UsesExhausted);
		});
	}

	#[test]
	fn unknown_grant() {
		build_and_execute(|| {
			assert_noop!(use_grant(BOB, 0, Training), Error::<Test>::UnknownGrant);
		});
	}

	#[test]
	fn not_grantee() {
		build_and_execute(|| {
			let (_, id) = simple_grant();
			assert_noop!(use_grant(CHARLIE, id, Training), Error::<Test>::NotGrantee);
			// Not even the grantor.
			assert_noop!(use_grant(ALICE, id, Training), Error::<Test>::NotGrantee);
		});
	}

	#[test]
	fn consent_revoked() {
		build_and_execute(|| {
			let (_, id) = simple_grant();
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentRevoked);
		});
	}

	#[test]
	fn expiry_boundary() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let id = grant(ALICE, dataset, to(BOB), &[Training], Some(5), None);
			// Usable up to the block before `expires_at`...
			run_to_block(4);
			assert_ok!(use_grant(BOB, id, Training));
			assert!(Consent::grant_info(id).unwrap().live);
			assert_eq!(live_grant(dataset, BOB, Training), Some(id));
			// ...and not at it.
			run_to_block(5);
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentExpired);
			assert!(!Consent::grant_info(id).unwrap().live);
			assert_eq!(live_grant(dataset, BOB, Training), None);
			assert_noop!(consume(id, dataset, BOB, Training), Error::<Test>::ConsentExpired);
			run_to_block(50);
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentExpired);
		});
	}

	#[test]
	fn purpose_not_covered() {
		build_and_execute(|| {
			let (_, id) = simple_grant();
			assert_noop!(use_grant(BOB, id, Commercial), Error::<Test>::PurposeNotCovered);
		});
	}

	#[test]
	fn uses_exhausted() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let id = grant(ALICE, dataset, to(BOB), &[Training], None, Some(2));
			assert_ok!(use_grant(BOB, id, Training));
			assert_ok!(use_grant(BOB, id, Training));
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::UsesExhausted);
			assert_eq!(Grants::<Test>::get(id).unwrap().uses, 2);
		});
	}

	#[test]
	fn unlimited_grant_stops_at_the_counters_limit() {
		build_and_execute(|| {
			let (_, id) = simple_grant();
			// Pretend u32::MAX - 1 uses were logged (log entries included, for try_state).
			Grants::<Test>::mutate(id, |g| g.as_mut().unwrap().uses = u32::MAX - 1);
			assert_ok!(use_grant(BOB, id, Training));
			assert_eq!(Grants::<Test>::get(id).unwrap().uses, u32::MAX);
			assert!(AccessLog::<Test>::contains_key(id, u32::MAX - 1));
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::UsesExhausted);
			// Undo the pretence so that the invariants hold again.
			AccessLog::<Test>::remove(id, u32::MAX - 1);
			assert_ok!(Balances::release(
				&RuntimeHoldReason::Consent(HoldReason::AccessDeposit),
				&BOB,
				ACCESS_DEPOSIT,
				frame_support::traits::tokens::Precision::Exact
			));
			Grants::<Test>::mutate(id, |g| g.as_mut().unwrap().uses = 0);
		});
	}

	#[test]
	fn insufficient_deposit() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Public);
			let id = grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
			assert_noop!(use_grant(POOR, id, Training), Error::<Test>::InsufficientDeposit);
			assert_noop!(use_grant(NOBODY, id, Training), Error::<Test>::InsufficientDeposit);
		});
	}

	#[test]
	fn checks_in_order() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			// Expires at 5, covers training only, one use left after this one.
			let id = grant(ALICE, dataset, to(BOB), &[Training], Some(5), Some(1));
			assert_ok!(use_grant(BOB, id, Training));
			// Used up and for another purpose: the purpose is named.
			assert_noop!(use_grant(BOB, id, Research), Error::<Test>::PurposeNotCovered);
			run_to_block(5);
			// Expired too: expiry comes first.
			assert_noop!(use_grant(BOB, id, Research), Error::<Test>::ConsentExpired);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			// Revoked too: revocation comes first.
			assert_noop!(use_grant(BOB, id, Research), Error::<Test>::ConsentRevoked);
			// Another account: not being the grantee comes before everything about the grant.
			assert_noop!(use_grant(CHARLIE, id, Research), Error::<Test>::NotGrantee);
			// And the deposit is checked last: a poor grantee gets the grant's error.
			let poor_grant = grant(ALICE, dataset, to(POOR), &[Training], None, Some(1));
			assert_noop!(use_grant(POOR, poor_grant, Research), Error::<Test>::PurposeNotCovered);
			assert_noop!(use_grant(POOR, poor_grant, Training), Error::<Test>::InsufficientDeposit);
		});
	}

	#[test]
	fn retired_dataset_grants_stay_usable_until_revoked() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			retire_dataset(dataset);
			assert_ok!(use_grant(BOB, id, Training));
			assert_eq!(live_grant(dataset, BOB, Training), Some(id));
			assert_ok!(consume(id, dataset, BOB, Research));
			assert_eq!(Consent::consent_status(dataset, &BOB, Training), Ok(Some(id)));
			// Retirement only stops new grants.
			assert_noop!(
				Consent::grant_consent(
					RuntimeOrigin::signed(ALICE),
					dataset,
					to(BOB),
					purposes(&[Training]),
					None,
					None,
					TERMS
				),
				Error::<Test>::DatasetRetired
			);
			// The owner of a retired dataset may still revoke.
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(use_grant(BOB, id, Training), Error::<Test>::ConsentRevoked);
		});
	}
}

mod consent_inspect {
	use super::*;

	#[test]
	fn live_grant_prefers_a_named_grant() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let open = grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
			let named = grant(ALICE, dataset, to(BOB), &[Training], None, None);
			assert_eq!(live_grant(dataset, BOB, Training), Some(named));
			// Others fall back to the open grant.
			assert_eq!(live_grant(dataset, CHARLIE, Training), Some(open));
			// So does BOB once his own is gone.
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), named));
			assert_eq!(live_grant(dataset, BOB, Training), Some(open));
		});
	}

	#[test]
	fn live_grant_skips_grants_that_are_not_usable() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let revoked = grant(ALICE, dataset, to(BOB), &[Training], None, None);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), revoked));
			let expiring = grant(ALICE, dataset, to(BOB), &[Training], Some(3), None);
			let once = grant(ALICE, dataset, to(BOB), &[Training], None, Some(1));
			let other_purpose = grant(ALICE, dataset, to(BOB), &[Inference], None, None);
			assert_eq!(live_list(dataset, to(BOB)), vec![expiring, once, other_purpose]);

			assert_eq!(live_grant(dataset, BOB, Training), Some(expiring));
			run_to_block(3);
			assert_eq!(live_grant(dataset, BOB, Training), Some(once));
			assert_ok!(use_grant(BOB, once, Training));
			assert_eq!(live_grant(dataset, BOB, Training), None);
			assert_eq!(live_grant(dataset, BOB, Inference), Some(other_purpose));
			// A grant to BOB is nobody else's.
			assert_eq!(live_grant(dataset, CHARLIE, Inference), None);
			// An open grant for another purpose does not help either.
			grant(ALICE, dataset, Grantee::Anyone, &[Commercial], None, None);
			assert_eq!(live_grant(dataset, BOB, Training), None);
			let open = grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
			assert_eq!(live_grant(dataset, BOB, Training), Some(open));
		});
	}

	#[test]
	fn live_grant_on_unknown_dataset_is_none() {
		build_and_execute(|| {
			let (dataset, _) = simple_grant();
			assert_eq!(live_grant(dataset + 1, BOB, Training), None);
			remove_dataset(dataset);
			assert_eq!(live_grant(dataset, BOB, Training), None);
		});
	}

	#[test]
	fn consume_logs_without_a_deposit() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			run_to_block(8);
			assert_ok!(consume(id, dataset, BOB, Training));
			assert_eq!(
				AccessLog::<Test>::get(id, 0),
				Some(AccessRecord {
					accessor: BOB,
					purpose: Training,
					job_hash: JOB,
					at: 8,
					deposit: 0
				})
			);
			assert_eq!(Grants::<Test>::get(id).unwrap().uses, 1);
			assert_eq!(access_held(BOB), 0);
			assert_eq!(free(BOB), FUNDS);
			System::assert_last_event(
				Event::AccessRecorded {
					grant: id,
					dataset,
					accessor: BOB,
					purpose: Training,
					job_hash: JOB,
					index: 0,
				}
				.into(),
			);
			// Uses from both paths share one log and one counter.
			assert_ok!(use_grant(BOB, id, Research));
			assert_eq!(AccessLog::<Test>::get(id, 1).unwrap().deposit, ACCESS_DEPOSIT);
			assert_eq!(Grants::<Test>::get(id).unwrap().uses, 2);
			// A poor accessor can consume: the caller charges.
			let poor = grant(ALICE, dataset, to(POOR), &[Training], None, None);
			assert_ok!(consume(poor, dataset, POOR, Training));
		});
	}

	#[test]
	fn consume_refuses_like_record_access() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			let other = add_dataset(ALICE, Sensitivity::Personal);
			assert_noop!(consume(99, dataset, BOB, Training), Error::<Test>::UnknownGrant);
			assert_noop!(consume(id, other, BOB, Training), Error::<Test>::GrantDatasetMismatch);
			// The dataset is checked before the grantee.
			assert_noop!(
				consume(id, other, CHARLIE, Training),
				Error::<Test>::GrantDatasetMismatch
			);
			assert_noop!(consume(id, dataset, CHARLIE, Training), Error::<Test>::NotGrantee);
			assert_noop!(consume(id, dataset, BOB, Commercial), Error::<Test>::PurposeNotCovered);

			let once = grant(ALICE, dataset, to(BOB), &[Training], Some(4), Some(1));
			assert_ok!(consume(once, dataset, BOB, Training));
			assert_noop!(consume(once, dataset, BOB, Training), Error::<Test>::UsesExhausted);
			run_to_block(4);
			assert_noop!(consume(once, dataset, BOB, Training), Error::<Test>::ConsentExpired);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(consume(id, dataset, BOB, Training), Error::<Test>::ConsentRevoked);
		});
	}

	#[test]
	fn revoked_at_and_purposes() {
		build_and_execute(|| {
			let (_, id) = simple_grant();
			assert_eq!(<Consent as ConsentInspect<u64, u64>>::revoked_at(id), None);
			assert_eq!(
				<Consent as ConsentInspect<u64, u64>>::purposes(id),
				Some(purposes(&[Training, Research]))
			);
			run_to_block(9);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(<Consent as ConsentInspect<u64, u64>>::revoked_at(id), Some(9));
			assert_eq!(<Consent as ConsentInspect<u64, u64>>::revoked_at(id + 1), None);
			assert_eq!(<Consent as ConsentInspect<u64, u64>>::purposes(id + 1), None);
		});
	}

	#[cfg(feature = "runtime-benchmarks")]
	#[test]
	fn benchmark_grant_grants_every_purpose() {
		build_and_execute(|| {
			let (dataset, id) =
				<Consent as ConsentInspect<u64, u64>>::benchmark_grant(&NOBODY, &BOB).unwrap();
			let record = Grants::<Test>::get(id).unwrap();
			assert_eq!(record.dataset, dataset);
			assert_eq!(record.grantee, to(BOB));
			assert_eq!(record.purposes, all_purposes());
			assert_eq!((record.expires_at, record.max_uses), (None, None));
			for purpose in Purpose::ALL {
				assert_eq!(live_grant(dataset, BOB, purpose), Some(id));
			}
		});
	}
}

mod queries {
	use super::*;

	#[test]
	fn grant_info_reports_liveness_now() {
		build_and_execute(|| {
			assert_eq!(Consent::grant_info(0), None);
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			run_to_block(2);
			let id = grant(ALICE, dataset, to(BOB), &[Research, Training], Some(6), Some(1));
			assert_eq!(
				Consent::grant_info(id),
				Some(GrantInfo {
					id,
					dataset,
					grantee: to(BOB),
					purposes: vec![Training, Research],
					expires_at: Some(6),
					max_uses: Some(1),
					uses: 0,
					terms_hash: TERMS,
					grantor: ALICE,
					granted_at: 2,
					revoked_at: None,
					deposit: GRANT_DEPOSIT,
					live: true,
				})
			);
			assert_ok!(use_grant(BOB, id, Training));
			let info = Consent::grant_info(id).unwrap();
			assert_eq!((info.uses, info.live), (1, false));

			let expiring = grant(ALICE, dataset, to(BOB), &[Training], Some(6), None);
			assert!(Consent::grant_info(expiring).unwrap().live);
			run_to_block(6);
			assert!(!Consent::grant_info(expiring).unwrap().live);

			let revoked = grant(ALICE, dataset, to(BOB), &[Training], None, None);
			assert!(Consent::grant_info(revoked).unwrap().live);
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), revoked));
			let info = Consent::grant_info(revoked).unwrap();
			assert_eq!((info.revoked_at, info.live), (Some(6), false));
		});
	}

	#[test]
	fn consent_status() {
		build_and_execute(|| {
			assert_eq!(
				Consent::consent_status(0, &BOB, Training),
				Err(QueryError::UnknownDataset(0))
			);
			let (dataset, id) = simple_grant();
			assert_eq!(Consent::consent_status(dataset, &BOB, Training), Ok(Some(id)));
			assert_eq!(Consent::consent_status(dataset, &BOB, Commercial), Ok(None));
			assert_eq!(Consent::consent_status(dataset, &CHARLIE, Training), Ok(None));
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(Consent::consent_status(dataset, &BOB, Training), Ok(None));
		});
	}

	/// Grants on `dataset` to several grantees: 15 of them, ids in `first..first + 15`.
	fn many_grants(dataset: DatasetId) -> Vec<GrantId> {
		let mut made = Vec::new();
		for _ in 0..MAX_LIVE_GRANTS {
			for grantee in [to(BOB), to(CHARLIE), to(DAVE), to(EVE), Grantee::Anyone] {
				made.push(grant(ALICE, dataset, grantee, &[Training], None, None));
			}
		}
		made
	}

	#[test]
	fn dataset_grants_pages_in_id_order() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let other = add_dataset(BOB, Sensitivity::Personal);
			grant(BOB, other, to(ALICE), &[Training], None, None);
			let made = many_grants(dataset);
			grant(BOB, other, to(ALICE), &[Training], None, None);
			assert_eq!(made.len(), 15);

			let page = Consent::dataset_grants(dataset, None, 100).unwrap();
			assert_eq!(ids(&page), made);
			assert_eq!(page.next, None);
			assert_eq!(page.items[0], Consent::grant_info(made[0]).unwrap());

			let mut seen = Vec::new();
			let mut cursor = None;
			loop {
				let page = Consent::dataset_grants(dataset, cursor, 4).unwrap();
				assert!(page.items.len() <= 4);
				seen.extend(ids(&page));
				match page.next {
					Some(next) => {
						assert_eq!(Some(&next), seen.last());
						cursor = Some(next);
					},
					None => break,
				}
			}
			assert_eq!(seen, made);

			// A page that ends exactly at the last grant has no cursor.
			let page = Consent::dataset_grants(dataset, Some(made[10]), 4).unwrap();
			assert_eq!(ids(&page), made[11..15].to_vec());
			assert_eq!(page.next, None);
			let page = Consent::dataset_grants(dataset, Some(made[9]), 4).unwrap();
			assert_eq!(ids(&page), made[10..14].to_vec());
			assert_eq!(page.next, Some(made[13]));
			// After the last, and with a limit of 0: empty.
			let page = Consent::dataset_grants(dataset, Some(made[14]), 4).unwrap();
			assert_eq!((page.items.len(), page.next), (0, None));
			let page = Consent::dataset_grants(dataset, None, 0).unwrap();
			assert_eq!((page.items.len(), page.next), (0, None));
		});
	}

	#[test]
	fn dataset_grants_errors() {
		build_and_execute(|| {
			assert_eq!(
				Consent::dataset_grants(3, None, 10).map(|p| p.items.len()),
				Err(QueryError::UnknownDataset(3))
			);
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			assert_eq!(
				Consent::dataset_grants(dataset, None, MAX_PAGE_SIZE + 1).map(|p| p.items.len()),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
			assert_eq!(
				Consent::dataset_grants(dataset, None, MAX_PAGE_SIZE).map(|p| p.items.len()),
				Ok(0)
			);
		});
	}

	#[test]
	fn account_grants_lists_named_grants_only() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let other = add_dataset(DAVE, Sensitivity::Personal);
			let mut to_bob = Vec::new();
			for _ in 0..MAX_LIVE_GRANTS {
				to_bob.push(grant(ALICE, dataset, to(BOB), &[Training], None, None));
				grant(ALICE, dataset, Grantee::Anyone, &[Training], None, None);
				grant(ALICE, dataset, to(CHARLIE), &[Training], None, None);
				to_bob.push(grant(DAVE, other, to(BOB), &[Training], None, None));
			}
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), to_bob[0]));

			// Revoked grants are listed too: the index is of every grant ever made.
			let page = Consent::account_grants(&BOB, None, 100).unwrap();
			assert_eq!(ids(&page), to_bob);
			assert_eq!(page.next, None);
			assert!(!page.items[0].live);

			let first = Consent::account_grants(&BOB, None, 4).unwrap();
			assert_eq!(ids(&first), to_bob[..4].to_vec());
			assert_eq!(first.next, Some(to_bob[3]));
			let second = Consent::account_grants(&BOB, first.next, 4).unwrap();
			assert_eq!(ids(&second), to_bob[4..].to_vec());
			assert_eq!(second.next, None);

			let none = Consent::account_grants(&NOBODY, None, 10).unwrap();
			assert_eq!((none.items.len(), none.next), (0, None));
			assert_eq!(
				Consent::account_grants(&BOB, None, MAX_PAGE_SIZE + 1).map(|p| p.items.len()),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}

	#[test]
	fn access_log_pages_in_order() {
		build_and_execute(|| {
			let (dataset, id) = simple_grant();
			for block in 2..=6 {
				run_to_block(block);
				assert_ok!(use_grant(BOB, id, Training));
			}
			assert_ok!(consume(id, dataset, BOB, Research));
			let all = Consent::access_log(id, None, 100).unwrap();
			assert_eq!(all.items.len(), 6);
			assert_eq!(all.next, None);
			assert_eq!(all.items.iter().map(|r| r.at).collect::<Vec<_>>(), vec![2, 3, 4, 5, 6, 6]);
			assert_eq!(
				all.items[5],
				AccessRecord { accessor: BOB, purpose: Research, job_hash: JOB, at: 6, deposit: 0 }
			);

			let first = Consent::access_log(id, None, 4).unwrap();
			assert_eq!(first.items, all.items[..4].to_vec());
			assert_eq!(first.next, Some(3));
			let second = Consent::access_log(id, first.next, 4).unwrap();
			assert_eq!(second.items, all.items[4..].to_vec());
			assert_eq!(second.next, None);
			// Exactly to the end: no cursor.
			let exact = Consent::access_log(id, Some(1), 4).unwrap();
			assert_eq!(exact.items, all.items[2..].to_vec());
			assert_eq!(exact.next, None);
			let empty = Consent::access_log(id, None, 0).unwrap();
			assert_eq!((empty.items.len(), empty.next), (0, None));
			let past = Consent::access_log(id, Some(40), 4).unwrap();
			assert_eq!((past.items.len(), past.next), (0, None));
		});
	}

	#[test]
	fn access_log_errors() {
		build_and_execute(|| {
			assert_eq!(
				Consent::access_log(0, None, 10).map(|p| p.items.len()),
				Err(QueryError::UnknownGrant(0))
			);
			let (_, id) = simple_grant();
			assert_eq!(
				Consent::access_log(id, None, MAX_PAGE_SIZE + 1).map(|p| p.items.len()),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
			assert_eq!(Consent::access_log(id, None, 10).map(|p| p.items.len()), Ok(0));
		});
	}
}

/// The invariant checks can fail: each test breaks one invariant on purpose.
mod try_state {
	use super::*;

	fn broken(expected: &'static str) {
		assert_eq!(Consent::do_try_state(), Err(DispatchError::Other(expected)));
	}

	/// One dataset with a grant to BOB used once by him, and a second, unused grant.
	fn setup() -> (DatasetId, GrantId, GrantId) {
		let (dataset, id) = simple_grant();
		assert_ok!(use_grant(BOB, id, Training));
		let second = grant(ALICE, dataset, to(BOB), &[Inference], None, Some(2));
		assert_ok!(Consent::do_try_state());
		(dataset, id, second)
	}

	#[test]
	fn lagging_pruning_is_allowed() {
		build_and_execute(|| {
			let dataset = add_dataset(ALICE, Sensitivity::Personal);
			let expiring = grant(ALICE, dataset, to(BOB), &[Training], Some(3), None);
			run_to_block(3);
			// Listed though expired: allowed.
			assert_eq!(live_list(dataset, to(BOB)), vec![expiring]);
			assert_ok!(Consent::do_try_state());
			// Not listed because expired: allowed too.
			LiveGrants::<Test>::remove(dataset, to(BOB));
			assert_ok!(Consent::do_try_state());
		});
	}

	#[test]
	fn live_grant_missing_from_index() {
		new_test_ext().execute_with(|| {
			let (dataset, _, second) = setup();
			LiveGrants::<Test>::mutate(dataset, to(BOB), |list| list.retain(|id| *id != second));
			broken("live grant missing from the live index");
		});
	}

	#[test]
	fn revoked_grant_in_index() {
		new_test_ext().execute_with(|| {
			let (dataset, id, _) = setup();
			assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), id));
			LiveGrants::<Test>::mutate(dataset, to(BOB), |list| list.try_push(id).unwrap());
			broken("revoked grant in the live index");
		});
	}

	#[test]
	fn index_of_another_grantee() {
		new_test_ext().execute_with(|| {
			let (dataset, id, _) = setup();
			LiveGrants::<Test>::insert(
				dataset,
				to(CHARLIE),
				LiveListOf::<Test>::truncate_from(vec![id]),
			);
			broken("live index points to a grant of another dataset or grantee");
		});
	}

	#[test]
	fn duplicate_in_index() {
		new_test_ext().execute_with(|| {
			let (dataset, id, _) = setup();
			LiveGrants::<Test>::mutate(dataset, to(BOB), |list| list.try_push(id).unwrap());
			broken("grant listed twice in a live list");
		});
	}

	#[test]
	fn index_of_missing_grant() {
		new_test_ext().execute_with(|| {
			let (dataset, _, _) = setup();
			LiveGrants::<Test>::insert(
				dataset,
				to(DAVE),
				LiveListOf::<Test>::truncate_from(vec![77]),
			);
			broken("live index points to a missing grant");
		});
	}

	#[test]
	fn empty_list_stored() {
		new_test_ext().execute_with(|| {
			let (dataset, _, _) = setup();
			LiveGrants::<Test>::insert(dataset, to(DAVE), LiveListOf::<Test>::default());
			broken("empty live list stored");
		});
	}

	#[test]
	fn dataset_index_missing_or_extra() {
		new_test_ext().execute_with(|| {
			let (dataset, id, _) = setup();
			DatasetGrants::<Test>::remove(dataset, GrantKey::from(id));
			broken("grant missing from its dataset's index");
			DatasetGrants::<Test>::insert(dataset, GrantKey::from(id), ());
			DatasetGrants::<Test>::insert(dataset + 1, GrantKey::from(id), ());
			broken("dataset index points to a missing grant or one of another dataset");
		});
	}

	#[test]
	fn grantee_index_missing_or_extra() {
		new_test_ext().execute_with(|| {
			let (_, id, _) = setup();
			GranteeGrants::<Test>::remove(to(BOB), GrantKey::from(id));
			broken("grant missing from its grantee's index");
			GranteeGrants::<Test>::insert(to(BOB), GrantKey::from(id), ());
			GranteeGrants::<Test>::insert(Grantee::Anyone, GrantKey::from(id), ());
			broken("grantee index points to a missing grant or one of another grantee");
		});
	}

	#[test]
	fn access_log_gaps_and_extras() {
		new_test_ext().execute_with(|| {
			let (_, id, second) = setup();
			let record = AccessLog::<Test>::take(id, 0).unwrap();
			broken("access log size differs from uses");
			AccessLog::<Test>::insert(id, 0, record.clone());
			assert_ok!(Consent::do_try_state());
			// An entry for a grant that does not log uses there.
			Grants::<Test>::mutate(second, |g| g.as_mut().unwrap().uses = 1);
			AccessLog::<Test>::insert(second, 5, record);
			broken("access log index not below uses");
		});
	}

	#[test]
	fn used_beyond_max_uses() {
		new_test_ext().execute_with(|| {
			let (_, _, second) = setup();
			Grants::<Test>::mutate(second, |g| g.as_mut().unwrap().max_uses = Some(0));
			broken("grant allowing no uses");
			Grants::<Test>::mutate(second, |g| {
				let g = g.as_mut().unwrap();
				g.max_uses = Some(1);
				g.uses = 2;
			});
			broken("grant used more than max_uses");
		});
	}

	#[test]
	fn id_not_below_next() {
		new_test_ext().execute_with(|| {
			setup();
			NextGrantId::<Test>::put(1);
			broken("grant id not below NextGrantId");
		});
	}

	#[test]
	fn grant_deposit_mismatch() {
		new_test_ext().execute_with(|| {
			let (_, id, _) = setup();
			Grants::<Test>::mutate(id, |g| g.as_mut().unwrap().deposit = GRANT_DEPOSIT + 1);
			broken("grant deposit held differs from the deposits of the grants made");
		});
	}

	#[test]
	fn access_deposit_mismatch() {
		new_test_ext().execute_with(|| {
			let (_, id, _) = setup();
			AccessLog::<Test>::mutate(id, 0, |r| r.as_mut().unwrap().deposit = 0);
			broken("access deposit held differs from the deposits of the uses logged");
		});
	}

	#[test]
	fn purposes_empty() {
		new_test_ext().execute_with(|| {
			let (_, id, _) = setup();
			Grants::<Test>::mutate(id, |g| g.as_mut().unwrap().purposes = Purposes::new());
			broken("grant without purposes");
		});
	}
}

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
