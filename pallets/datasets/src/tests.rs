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
	DatasetAccess, DatasetId, DatasetInspect, QueryError, Sensitivity, MAX_PAGE_SIZE,
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

mod register_dataset {
	use super::*;

	#[test]
	fn stores_the_record_and_holds_the_deposit() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_eq!(id, 0);
			assert_eq!(NextDatasetId::<Test>::get(), 1);
			let record = Storage::get(id).unwrap();
			assert_eq!(record.owner, ALICE);
			assert_eq!(record.content_hash, hash(1));
			assert_eq!(record.metadata_hash, hash(1001));
			assert_eq!(record.uri.to_vec(), URI.to_vec());
			assert_eq!(record.license.to_vec(), LICENSE.to_vec());
			assert_eq!(record.sensitivity, Sensitivity::Personal);
			assert_eq!(record.parent, None);
			assert!(record.contributors.is_empty());
			assert_eq!(record.delegate, None);
			assert_eq!(record.status, DatasetStatus::Active);
			assert_eq!(record.created_at, 1);
			assert_eq!(record.deposit, SMALL_DEPOSIT);
			assert_eq!(DatasetByContentHash::<Test>::get(hash(1)), Some(id));
			assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
			assert_eq!(free(ALICE), FUNDS - SMALL_DEPOSIT);
			System::assert_last_event(
				Event::DatasetRegistered {
					id,
					owner: ALICE,
					content_hash: hash(1),
					parent: None,
					deposit: SMALL_DEPOSIT,
				}
				.into(),
			);
		});
	}

	#[test]
	fn ids_count_up_and_deposits_add_up() {
		build_and_execute(|| {
			assert_eq!(register(ALICE, 1), 0);
			assert_eq!(register(ALICE, 2), 1);
			assert_eq!(register(BOB, 3), 2);
			assert_eq!(dataset_held(ALICE), 2 * SMALL_DEPOSIT);
			assert_eq!(dataset_held(BOB), SMALL_DEPOSIT);
		});
	}

	#[test]
	fn records_parent_edge_and_contributors() {
		build_and_execute(|| {
			let parent = register(ALICE, 1);
			System::set_block_number(7);
			let child = register_full(
				BOB,
				2,
				URI,
				Some((parent, DerivationKind::Subset)),
				two_contributors(),
			);
			let record = Storage::get(child).unwrap();
			assert_eq!(record.parent, Some((parent, DerivationKind::Subset)));
			assert_eq!(record.contributors, two_contributors());
			assert_eq!(record.created_at, 7);
			assert_eq!(Derivations::<Test>::get(parent, child), Some(DerivationKind::Subset));
			let deposit = deposit_for(URI.len(), LICENSE.len(), 2);
			assert_eq!(deposit, 10 + 11 + 3 + 25);
			assert_eq!(record.deposit, deposit);
			assert_eq!(dataset_held(BOB), deposit);
			assert_eq!(free(BOB), FUNDS - deposit);
			System::assert_last_event(
				Event::DatasetRegistered {
					id: child,
					owner: BOB,
					content_hash: hash(2),
					parent: Some((parent, DerivationKind::Subset)),
					deposit,
				}
				.into(),
			);
		});
	}

	#[test]
	fn a_retired_dataset_can_have_a_new_version() {
		build_and_execute(|| {
			let parent = register(ALICE, 1);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), parent));
			let child = register_full(
				ALICE,
				2,
				URI,
				Some((parent, DerivationKind::NewVersion)),
				Default::default(),
			);
			assert_eq!(Derivations::<Test>::get(parent, child), Some(DerivationKind::NewVersion));
		});
	}

	#[test]
	fn needs_a_signed_origin() {
		build_and_execute(|| {
			assert_noop!(
				Datasets::register_dataset(
					RuntimeOrigin::none(),
					hash(1),
					hash(0),
					bounded(URI),
					bounded(LICENSE),
					Sensitivity::Public,
					None,
					Default::default(),
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn rejects_a_registered_content_hash() {
		build_and_execute(|| {
			register(ALICE, 1);
			assert_noop!(
				register_call(BOB, 1, LICENSE, None, Default::default()),
				Error::<Test>::DuplicateContent
			);
		});
	}

	#[test]
	fn rejects_an_unknown_parent() {
		build_and_execute(|| {
			register(ALICE, 1);
			assert_noop!(
				register_call(
					ALICE,
					2,
					LICENSE,
					Some((1, DerivationKind::Merged)),
					Default::default()
				),
				Error::<Test>::UnknownParent
			);
		});
	}

	#[test]
	fn accepts_spdx_expressions() {
		build_and_execute(|| {
			let licenses: [&[u8]; 5] = [
				b"MIT",
				b"Apache-2.0",
				b"GPL-2.0+",
				b"(MIT OR Apache-2.0) AND CC0-1.0",
				b"DocumentRef-a:LicenseRef-b.1",
			];
			for (n, license) in licenses.into_iter().enumerate() {
				assert_ok!(register_call(ALICE, n as u64, license, None, Default::default()));
			}
		});
	}

	#[test]
	fn rejects_an_invalid_license() {
		build_and_execute(|| {
			let licenses: [&[u8]; 6] =
				[b"", b"MIT/X11", b"MIT_1", b"MIT\n", b"M\xc3\xa9", b"MIT, BSD"];
			for license in licenses {
				assert_noop!(
					register_call(ALICE, 1, license, None, Default::default()),
					Error::<Test>::InvalidLicense
				);
			}
		});
	}

	#[test]
	fn rejects_shares_not_adding_up_to_one() {
		build_and_execute(|| {
			for list in [
				&[(CHARLIE, 600_000_000), (DAVE, 399_999_999)][..],
				&[(CHARLIE, 600_000_000), (DAVE, 400_000_001)][..],
				&[(CHARLIE, 999_999_999)][..],
			] {
				assert_noop!(
					register_call(ALICE, 1, LICENSE, None, shares(list)),
					Error::<Test>::SharesNotWhole
				);
			}
			// The whole to one contributor is fine.
			assert_ok!(register_call(ALICE, 1, LICENSE, None, shares(&[(CHARLIE, 1_000_000_000)])));
		});
	}

	#[test]
	fn rejects_a_zero_share() {
		build_and_execute(|| {
			assert_noop!(
				register_call(
					ALICE,
					1,
					LICENSE,
					None,
					shares(&[(CHARLIE, 1_000_000_000), (DAVE, 0)])
				),
				Error::<Test>::ZeroShare
			);
		});
	}

	#[test]
	fn rejects_a_duplicate_contributor() {
		build_and_execute(|| {
			assert_noop!(
				register_call(
					ALICE,
					1,
					LICENSE,
					None,
					shares(&[(CHARLIE, 500_000_000), (CHARLIE, 500_000_000)])
				),
				Error::<Test>::DuplicateContributor
			);
		});
	}

	#[test]
	fn rejects_an_owner_who_cannot_pay() {
		build_and_execute(|| {
			assert_noop!(
				register_call(NOBODY, 1, LICENSE, None, Default::default()),
				Error::<Test>::InsufficientDeposit
			);
			// 20 free, ED 1: 19 can be held, the deposit is 25.
			assert_noop!(
				register_call(POOR, 1, LICENSE, None, Default::default()),
				Error::<Test>::InsufficientDeposit
			);
			// Without a URI it costs 14.
			register_full(POOR, 1, b"", None, Default::default());
			assert_eq!(dataset_held(POOR), 14);
			assert_eq!(free(POOR), POOR_FUNDS - 14);
		});
	}

	#[test]
	fn fails_when_ids_run_out() {
		build_and_execute(|| {
			NextDatasetId::<Test>::put(u64::MAX - 1);
			assert_eq!(register(ALICE, 1), u64::MAX - 1);
			assert_noop!(
				register_call(ALICE, 2, LICENSE, None, Default::default()),
				Error::<Test>::NoIdsLeft
			);
		});
	}

	#[test]
	fn weight_grows_with_the_variable_length_arguments() {
		use crate::weights::WeightInfo;
		let call = |uri: &[u8], contributors| {
			RuntimeCall::Datasets(crate::Call::register_dataset {
				content_hash: hash(1),
				metadata_hash: hash(2),
				uri: bounded(uri),
				license: bounded(b"Apache-2.0"),
				sensitivity: Sensitivity::Public,
				parent: None,
				contributors,
			})
			.get_dispatch_info()
			.call_weight
		};
		assert_eq!(call(URI, two_contributors()), <()>::register_dataset(11, 10, 2));
		assert!(
			call(URI, two_contributors()).ref_time() > call(b"", Default::default()).ref_time()
		);
	}
}

mod update_metadata {
	use super::*;

	#[test]
	fn replaces_uri_and_metadata_and_raises_the_deposit() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			let longer = b"https://example.org/datasets/1/manifest.json";
			assert_ok!(Datasets::update_metadata(
				RuntimeOrigin::signed(ALICE),
				id,
				hash(77),
				bounded(longer)
			));
			let record = Storage::get(id).unwrap();
			let deposit = deposit_for(longer.len(), LICENSE.len(), 0);
			assert_eq!(record.uri.to_vec(), longer.to_vec());
			assert_eq!(record.metadata_hash, hash(77));
			assert_eq!(record.content_hash, hash(1));
			assert_eq!(record.deposit, deposit);
			assert_eq!(dataset_held(ALICE), deposit);
			assert_eq!(free(ALICE), FUNDS - deposit);
			System::assert_last_event(
				Event::MetadataUpdated { id, metadata_hash: hash(77), deposit }.into(),
			);
		});
	}

	#[test]
	fn a_shorter_uri_releases_part_of_the_deposit() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::update_metadata(
				RuntimeOrigin::signed(ALICE),
				id,
				hash(5),
				bounded(b"")
			));
			let deposit = deposit_for(0, LICENSE.len(), 0);
			assert_eq!(deposit, SMALL_DEPOSIT - 11);
			assert_eq!(Storage::get(id).unwrap().deposit, deposit);
			assert_eq!(dataset_held(ALICE), deposit);
			assert_eq!(free(ALICE), FUNDS - deposit);
			System::assert_last_event(
				Event::MetadataUpdated { id, metadata_hash: hash(5), deposit }.into(),
			);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_noop!(
				Datasets::update_metadata(RuntimeOrigin::signed(ALICE), 9, hash(2), bounded(URI)),
				Error::<Test>::UnknownDataset
			);
			assert_noop!(
				Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, hash(2), bounded(URI)),
				Error::<Test>::NotOwner
			);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, hash(2), bounded(URI)),
				Error::<Test>::Retired
			);
		});
	}

	#[test]
	fn fails_when_the_owner_cannot_pay_the_increase() {
		build_and_execute(|| {
			let id = register_full(POOR, 1, b"", None, Default::default());
			// 6 free, 5 can be held: a 6-byte URI costs 6 more.
			assert_noop!(
				Datasets::update_metadata(
					RuntimeOrigin::signed(POOR),
					id,
					hash(2),
					bounded(b"ipfs:/")
				),
				Error::<Test>::InsufficientDeposit
			);
			assert_ok!(Datasets::update_metadata(
				RuntimeOrigin::signed(POOR),
				id,
				hash(2),
				bounded(b"ipfs:")
			));
			assert_eq!(dataset_held(POOR), 19);
			assert_eq!(free(POOR), 1);
		});
	}
}

mod set_contributors {
	use super::*;

	#[test]
	fn replaces_the_list_and_adjusts_the_deposit() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::set_contributors(
				RuntimeOrigin::signed(ALICE),
				id,
				two_contributors()
			));
			let deposit = deposit_for(URI.len(), LICENSE.len(), 2);
			let record = Storage::get(id).unwrap();
			assert_eq!(record.contributors, two_contributors());
			assert_eq!(record.deposit, deposit);
			assert_eq!(dataset_held(ALICE), deposit);
			assert_eq!(free(ALICE), FUNDS - deposit);
			System::assert_last_event(Event::ContributorsSet { id, count: 2, deposit }.into());

			// Emptying the list releases the difference.
			assert_ok!(Datasets::set_contributors(
				RuntimeOrigin::signed(ALICE),
				id,
				Default::default()
			));
			assert!(Storage::get(id).unwrap().contributors.is_empty());
			assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
			assert_eq!(free(ALICE), FUNDS - SMALL_DEPOSIT);
			System::assert_last_event(
				Event::ContributorsSet { id, count: 0, deposit: SMALL_DEPOSIT }.into(),
			);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			let set = |who: u64, id: DatasetId, list: ContributorsOf<Test>| {
				Datasets::set_contributors(RuntimeOrigin::signed(who), id, list)
			};
			assert_noop!(set(ALICE, 5, two_contributors()), Error::<Test>::UnknownDataset);
			assert_noop!(set(BOB, id, two_contributors()), Error::<Test>::NotOwner);
			assert_noop!(
				set(ALICE, id, shares(&[(CHARLIE, 500_000_000)])),
				Error::<Test>::SharesNotWhole
			);
			assert_noop!(
				set(ALICE, id, shares(&[(CHARLIE, 0), (DAVE, 1_000_000_000)])),
				Error::<Test>::ZeroShare
			);
			assert_noop!(
				set(ALICE, id, shares(&[(DAVE, 300_000_000), (DAVE, 700_000_000)])),
				Error::<Test>::DuplicateContributor
			);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(set(ALICE, id, two_contributors()), Error::<Test>::Retired);

			let poor = register_full(POOR, 2, b"", None, Default::default());
			assert_noop!(
				set(POOR, poor, shares(&[(CHARLIE, 1_000_000_000)])),
				Error::<Test>::InsufficientDeposit
			);
		});
	}
}

mod transfer_ownership {
	use super::*;

	#[test]
	fn proposes_and_a_new_proposal_replaces_the_old() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
			assert_eq!(PendingOwner::<Test>::get(id), Some(BOB));
			assert_eq!(Storage::get(id).unwrap().owner, ALICE);
			System::assert_last_event(
				Event::OwnershipTransferProposed { id, from: ALICE, to: BOB }.into(),
			);
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, CHARLIE));
			assert_eq!(PendingOwner::<Test>::get(id), Some(CHARLIE));
			System::assert_last_event(
				Event::OwnershipTransferProposed { id, from: ALICE, to: CHARLIE }.into(),
			);
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NotPendingOwner
			);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_noop!(
				Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), 3, BOB),
				Error::<Test>::UnknownDataset
			);
			assert_noop!(
				Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), id, BOB),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
				Error::<Test>::AlreadyOwner
			);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB),
				Error::<Test>::Retired
			);
		});
	}
}

mod accept_ownership {
	use super::*;

	#[test]
	fn moves_ownership_and_deposit_and_clears_the_delegate() {
		build_and_execute(|| {
			let id = register_full(ALICE, 1, URI, None, two_contributors());
			let deposit = deposit_for(URI.len(), LICENSE.len(), 2);
			assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(DAVE)));
			assert!(Pallet::dataset_access(id).unwrap().may_manage_consent(&DAVE));
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));

			assert_ok!(Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id));
			let record = Storage::get(id).unwrap();
			assert_eq!(record.owner, BOB);
			assert_eq!(record.delegate, None);
			assert_eq!(record.deposit, deposit);
			assert_eq!(PendingOwner::<Test>::get(id), None);
			assert_eq!(dataset_held(ALICE), 0);
			assert_eq!(free(ALICE), FUNDS);
			assert_eq!(dataset_held(BOB), deposit);
			assert_eq!(free(BOB), FUNDS - deposit);
			System::assert_last_event(
				Event::OwnershipTransferred { id, from: ALICE, to: BOB }.into(),
			);

			// The old delegate and the old owner lost their rights.
			let access = Pallet::dataset_access(id).unwrap();
			assert!(!access.may_manage_consent(&DAVE));
			assert!(!access.may_manage_consent(&ALICE));
			assert!(access.may_manage_consent(&BOB));
			assert_noop!(
				Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, hash(2), bounded(URI)),
				Error::<Test>::NotOwner
			);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(BOB), 4),
				Error::<Test>::UnknownDataset
			);
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NoPendingTransfer
			);
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(CHARLIE), id),
				Error::<Test>::NotPendingOwner
			);
			// Accepted once, there is nothing left to accept.
			assert_ok!(Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id));
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NoPendingTransfer
			);
		});
	}

	#[test]
	fn a_new_owner_who_cannot_pay_changes_nothing() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(DAVE)));
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, NOBODY));
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(NOBODY), id),
				Error::<Test>::InsufficientDeposit
			);
			let record = Storage::get(id).unwrap();
			assert_eq!(record.owner, ALICE);
			assert_eq!(record.delegate, Some(DAVE));
			assert_eq!(PendingOwner::<Test>::get(id), Some(NOBODY));
			assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
		});
	}

	#[test]
	fn retiring_withdraws_the_offer() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(PendingOwner::<Test>::get(id), None);
			assert_noop!(
				Datasets::accept_ownership(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NoPendingTransfer
			);
		});
	}
}

mod set_delegate {
	use super::*;

	#[test]
	fn sets_and_removes_the_delegate() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(CHARLIE)));
			assert_eq!(Storage::get(id).unwrap().delegate, Some(CHARLIE));
			System::assert_last_event(Event::DelegateSet { id, delegate: Some(CHARLIE) }.into());
			assert_eq!(
				Pallet::dataset_access(id),
				Some(DatasetAccess {
					owner: ALICE,
					delegate: Some(CHARLIE),
					sensitivity: Sensitivity::Personal,
					active: true,
				})
			);

			assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, None));
			assert_eq!(Storage::get(id).unwrap().delegate, None);
			System::assert_last_event(Event::DelegateSet { id, delegate: None }.into());
			assert!(!Pallet::dataset_access(id).unwrap().may_manage_consent(&CHARLIE));
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_noop!(
				Datasets::set_delegate(RuntimeOrigin::signed(ALICE), 8, Some(BOB)),
				Error::<Test>::UnknownDataset
			);
			assert_noop!(
				Datasets::set_delegate(RuntimeOrigin::signed(BOB), id, Some(BOB)),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(ALICE)),
				Error::<Test>::DelegateIsOwner
			);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(BOB)),
				Error::<Test>::Retired
			);
		});
	}
}

mod retire_dataset {
	use super::*;

	#[test]
	fn retires_and_keeps_the_record_and_deposit() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			let record = Storage::get(id).unwrap();
			assert_eq!(record.status, DatasetStatus::Retired);
			assert_eq!(dataset_held(ALICE), SMALL_DEPOSIT);
			assert!(!Pallet::dataset_access(id).unwrap().active);
			assert_eq!(Pallet::dataset_info(id).unwrap().status, DatasetStatus::Retired);
			assert_eq!(Pallet::dataset_by_content_hash(hash(1)).unwrap().id, id);
			System::assert_last_event(Event::DatasetRetired { id }.into());
			// The content hash stays taken.
			assert_noop!(
				register_call(BOB, 1, LICENSE, None, Default::default()),
				Error::<Test>::DuplicateContent
			);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_noop!(
				Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), 2),
				Error::<Test>::UnknownDataset
			);
			assert_noop!(
				Datasets::retire_dataset(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NotOwner
			);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::Retired
			);
		});
	}
}

mod attest_dataset {
	use super::*;

	#[test]
	fn records_the_attestation_and_holds_the_deposit() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			System::set_block_number(3);
			assert_ok!(Datasets::attest_dataset(
				RuntimeOrigin::signed(EVE),
				id,
				AttestationKind::QualityAudit,
				hash(50)
			));
			let attestation = Attestations::<Test>::get(id, 0).unwrap();
			assert_eq!(attestation.attestor, EVE);
			assert_eq!(attestation.kind, AttestationKind::QualityAudit);
			assert_eq!(attestation.evidence_hash, hash(50));
			assert_eq!(attestation.at, 3);
			assert_eq!(attestation.deposit, 5);
			assert_eq!(AttestationCount::<Test>::get(id), 1);
			assert_eq!(attestation_held(EVE), 5);
			assert_eq!(free(EVE), FUNDS - 5);
			System::assert_last_event(
				Event::DatasetAttested {
					id,
					attestor: EVE,
					index: 0,
					kind: AttestationKind::QualityAudit,
				}
				.into(),
			);

			let custom = AttestationKind::Custom(bounded(b"bias-review"));
			assert_ok!(Datasets::attest_dataset(
				RuntimeOrigin::signed(EVE),
				id,
				custom.clone(),
				hash(51)
			));
			assert_eq!(Attestations::<Test>::get(id, 1).unwrap().kind, custom);
			assert_eq!(attestation_held(EVE), 10);
			System::assert_last_event(
				Event::DatasetAttested { id, attestor: EVE, index: 1, kind: custom }.into(),
			);
		});
	}

	#[test]
	fn a_retired_dataset_can_be_attested() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::retire_dataset(RuntimeOrigin::signed(ALICE), id));
			assert_ok!(Datasets::attest_dataset(
				RuntimeOrigin::signed(EVE),
				id,
				AttestationKind::Deidentified,
				hash(50)
			));
			assert_eq!(AttestationCount::<Test>::get(id), 1);
		});
	}

	#[test]
	fn errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			let attest = |who: u64, id: DatasetId| {
				Datasets::attest_dataset(
					RuntimeOrigin::signed(who),
					id,
					AttestationKind::LicenseVerified,
					hash(9),
				)
			};
			assert_noop!(attest(ALICE, id), Error::<Test>::NotAttestor);
			assert_noop!(attest(EVE, 6), Error::<Test>::UnknownDataset);
			for _ in 0..3 {
				assert_ok!(attest(EVE, id));
			}
			assert_noop!(attest(EVE, id), Error::<Test>::TooManyAttestations);
			// Another dataset has its own limit.
			let other = register(ALICE, 2);
			assert_ok!(attest(EVE, other));

			assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), NOBODY));
			assert_noop!(attest(NOBODY, other), Error::<Test>::InsufficientDeposit);
		});
	}

	#[test]
	fn a_removed_attestor_keeps_their_attestations_but_cannot_add_more() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_ok!(Datasets::attest_dataset(
				RuntimeOrigin::signed(EVE),
				id,
				AttestationKind::QualityAudit,
				hash(9)
			));
			assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), EVE));
			assert_eq!(Attestations::<Test>::get(id, 0).unwrap().attestor, EVE);
			assert_eq!(attestation_held(EVE), 5);
			assert_noop!(
				Datasets::attest_dataset(
					RuntimeOrigin::signed(EVE),
					id,
					AttestationKind::QualityAudit,
					hash(9)
				),
				Error::<Test>::NotAttestor
			);
		});
	}
}

mod attestors {
	use super::*;

	#[test]
	fn genesis_attestor() {
		build_and_execute(|| {
			assert!(Pallet::is_attestor(&EVE));
			assert!(!Pallet::is_attestor(&ALICE));
			assert_eq!(Attestors::<Test>::count(), 1);
		});
	}

	#[test]
	fn add_and_remove() {
		build_and_execute(|| {
			assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), ALICE));
			assert!(Pallet::is_attestor(&ALICE));
			assert_eq!(Attestors::<Test>::count(), 2);
			System::assert_last_event(Event::AttestorAdded { who: ALICE }.into());
			assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), ALICE));
			assert!(!Pallet::is_attestor(&ALICE));
			assert_eq!(Attestors::<Test>::count(), 1);
			System::assert_last_event(Event::AttestorRemoved { who: ALICE }.into());
		});
	}

	#[test]
	fn add_errors() {
		build_and_execute(|| {
			assert_noop!(
				Datasets::add_attestor(RuntimeOrigin::signed(EVE), ALICE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Datasets::add_attestor(RuntimeOrigin::root(), EVE),
				Error::<Test>::AlreadyAttestor
			);
			assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), ALICE));
			assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), BOB));
			assert_noop!(
				Datasets::add_attestor(RuntimeOrigin::root(), CHARLIE),
				Error::<Test>::TooManyAttestors
			);
			// Removing one makes room.
			assert_ok!(Datasets::remove_attestor(RuntimeOrigin::root(), BOB));
			assert_ok!(Datasets::add_attestor(RuntimeOrigin::root(), CHARLIE));
		});
	}

	#[test]
	fn remove_errors() {
		build_and_execute(|| {
			assert_noop!(
				Datasets::remove_attestor(RuntimeOrigin::signed(EVE), EVE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Datasets::remove_attestor(RuntimeOrigin::root(), ALICE),
				Error::<Test>::NotAttestor
			);
		});
	}

	#[test]
	#[should_panic(expected = "more genesis attestors than MaxAttestors")]
	fn genesis_rejects_too_many_attestors() {
		use sp_runtime::BuildStorage;
		let _ = crate::GenesisConfig::<Test> { attestors: vec![1, 2, 3, 4] }.build_storage();
	}

	#[test]
	#[should_panic(expected = "genesis attestor listed twice")]
	fn genesis_rejects_a_repeated_attestor() {
		use sp_runtime::BuildStorage;
		let _ = crate::GenesisConfig::<Test> { attestors: vec![1, 1] }.build_storage();
	}
}

mod queries {
	use super::*;

	#[test]
	fn dataset_info_and_by_content_hash() {
		build_and_execute(|| {
			let parent = register(ALICE, 1);
			let id = register_full(
				ALICE,
				2,
				URI,
				Some((parent, DerivationKind::Augmented)),
				two_contributors(),
			);
			assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), id, Some(DAVE)));
			assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
			let expected = DatasetInfo {
				id,
				owner: ALICE,
				content_hash: hash(2),
				metadata_hash: hash(1002),
				uri: URI.to_vec(),
				license: LICENSE.to_vec(),
				sensitivity: Sensitivity::Personal,
				parent: Some((parent, DerivationKind::Augmented)),
				contributors: two_contributors().into_inner(),
				delegate: Some(DAVE),
				pending_owner: Some(BOB),
				status: DatasetStatus::Active,
				created_at: 1,
				deposit: deposit_for(URI.len(), LICENSE.len(), 2),
			};
			assert_eq!(Pallet::dataset_info(id), Some(expected.clone()));
			assert_eq!(Pallet::dataset_by_content_hash(hash(2)), Some(expected));
			assert_eq!(Pallet::dataset_info(9), None);
			assert_eq!(Pallet::dataset_by_content_hash(hash(9)), None);
			assert_eq!(Pallet::dataset_access(9), None);
		});
	}

	#[test]
	fn derivations_page_through_every_child_once() {
		build_and_execute(|| {
			let root = register(ALICE, 1);
			let kinds = [
				DerivationKind::NewVersion,
				DerivationKind::Subset,
				DerivationKind::Deidentified,
				DerivationKind::Augmented,
				DerivationKind::Merged,
			];
			let mut expected: Vec<_> = kinds
				.iter()
				.enumerate()
				.map(|(n, kind)| {
					(
						register_full(
							BOB,
							10 + n as u64,
							URI,
							Some((root, *kind)),
							Default::default(),
						),
						*kind,
					)
				})
				.collect();
			// A grandchild is not a direct child.
			register_full(
				BOB,
				20,
				URI,
				Some((expected[0].0, DerivationKind::Subset)),
				Default::default(),
			);

			let mut seen = Vec::new();
			let mut cursor = None;
			let mut pages = 0;
			loop {
				let page = Pallet::derivations(root, cursor, 2).unwrap();
				pages += 1;
				assert!(page.items.len() <= 2);
				seen.extend(page.items);
				match page.next {
					Some(next) => cursor = Some(next),
					None => break,
				}
			}
			assert_eq!(pages, 3);
			seen.sort_by_key(|(id, _)| *id);
			expected.sort_by_key(|(id, _)| *id);
			assert_eq!(seen, expected);

			// One page holding everything has no cursor.
			let all = Pallet::derivations(root, None, MAX_PAGE_SIZE).unwrap();
			assert_eq!(all.items.len(), 5);
			assert_eq!(all.next, None);
			// An exact fit has no cursor either.
			assert_eq!(Pallet::derivations(root, None, 5).unwrap().next, None);
			assert_eq!(Pallet::derivations(root, None, 4).unwrap().next, Some(all.items[3].0));
			assert_eq!(Pallet::derivations(root, None, 0).unwrap().items, vec![]);
			assert_eq!(Pallet::derivations(root, None, 0).unwrap().next, None);
			// A leaf has no children.
			let leaf = Pallet::derivations(expected[4].0, None, 10).unwrap();
			assert!(leaf.items.is_empty());
			assert_eq!(leaf.next, None);
		});
	}

	#[test]
	fn derivations_errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_eq!(Pallet::derivations(7, None, 10), Err(QueryError::UnknownDataset(7)));
			assert_eq!(
				Pallet::derivations(id, None, MAX_PAGE_SIZE + 1),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}

	#[test]
	fn ancestry_walks_to_the_root() {
		build_and_execute(|| {
			let a = register(ALICE, 1);
			let b = register_full(
				ALICE,
				2,
				URI,
				Some((a, DerivationKind::NewVersion)),
				Default::default(),
			);
			let c =
				register_full(BOB, 3, URI, Some((b, DerivationKind::Subset)), Default::default());
			let d = register_full(
				BOB,
				4,
				URI,
				Some((c, DerivationKind::Deidentified)),
				Default::default(),
			);
			assert_eq!(
				Pallet::ancestry(d, MAX_PAGE_SIZE),
				Ok(vec![
					(c, DerivationKind::Deidentified),
					(b, DerivationKind::Subset),
					(a, DerivationKind::NewVersion),
				])
			);
			assert_eq!(
				Pallet::ancestry(d, 2),
				Ok(vec![(c, DerivationKind::Deidentified), (b, DerivationKind::Subset)])
			);
			assert_eq!(Pallet::ancestry(d, 0), Ok(vec![]));
			assert_eq!(Pallet::ancestry(a, 10), Ok(vec![]));
			assert_eq!(Pallet::ancestry(9, 10), Err(QueryError::UnknownDataset(9)));
			assert_eq!(
				Pallet::ancestry(d, MAX_PAGE_SIZE + 1),
				Err(QueryError::LimitTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}

	#[test]
	fn attestations_page_in_order() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			let kinds = [
				AttestationKind::QualityAudit,
				AttestationKind::Custom(bounded(b"bias-review")),
				AttestationKind::LicenseVerified,
			];
			for (n, kind) in kinds.iter().enumerate() {
				System::set_block_number(10 + n as u64);
				assert_ok!(Datasets::attest_dataset(
					RuntimeOrigin::signed(EVE),
					id,
					kind.clone(),
					hash(n as u64)
				));
			}
			let info = |index: u32, kind: AttestationKind<Vec<u8>>| AttestationInfo {
				index,
				attestor: EVE,
				kind,
				evidence_hash: hash(index as u64),
				at: 10 + index as u64,
				deposit: 5,
			};
			let first = Pallet::attestations(id, None, 2).unwrap();
			assert_eq!(
				first.items,
				vec![
					info(0, AttestationKind::QualityAudit),
					info(1, AttestationKind::Custom(b"bias-review".to_vec())),
				]
			);
			assert_eq!(first.next, Some(1));
			let second = Pallet::attestations(id, first.next, 2).unwrap();
			assert_eq!(second.items, vec![info(2, AttestationKind::LicenseVerified)]);
			assert_eq!(second.next, None);
			// Exact fit, past the end, and an empty page.
			assert_eq!(Pallet::attestations(id, None, 3).unwrap().next, None);
			assert_eq!(Pallet::attestations(id, Some(2), 3).unwrap().items, vec![]);
			assert_eq!(Pallet::attestations(id, Some(50), 3).unwrap().items, vec![]);
			let empty = Pallet::attestations(id, None, 0).unwrap();
			assert!(empty.items.is_empty());
			assert_eq!(empty.next, None);
			// A dataset without attestations.
			let other = register(ALICE, 2);
			assert!(Pallet::attestations(other, None, 10).unwrap().items.is_empty());
		});
	}

	#[test]
	fn attestations_errors() {
		build_and_execute(|| {
			let id = register(ALICE, 1);
			assert_eq!(Pallet::attestations(3, None, 10), Err(QueryError::UnknownDataset(3)));
			assert_eq!(
				Pallet::attestations(id, None, MAX_PAGE_SIZE + 1),
				Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
			);
		});
	}

	#[cfg(feature = "runtime-benchmarks")]
	#[test]
	fn benchmark_dataset_funds_the_owner_and_registers() {
		build_and_execute(|| {
			let first = Pallet::benchmark_dataset(&NOBODY).unwrap();
			let second = Pallet::benchmark_dataset(&NOBODY).unwrap();
			assert_ne!(first, second);
			assert_eq!(Pallet::dataset_access(first).unwrap().owner, NOBODY);
			assert!(Pallet::dataset_access(second).unwrap().active);
		});
	}
}

mod try_state {
	use super::*;

	/// A populated state: datasets with a parent, contributors, a delegate, a pending
	/// transfer and attestations.
	fn populate() -> (DatasetId, DatasetId) {
		let parent = register(ALICE, 1);
		let child =
			register_full(BOB, 2, URI, Some((parent, DerivationKind::Subset)), two_contributors());
		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(BOB), child, Some(DAVE)));
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), child, CHARLIE));
		assert_ok!(Datasets::attest_dataset(
			RuntimeOrigin::signed(EVE),
			child,
			AttestationKind::QualityAudit,
			hash(3)
		));
		assert_ok!(Pallet::do_try_state());
		(parent, child)
	}

	fn assert_broken(message: &'static str) {
		assert_eq!(Pallet::do_try_state(), Err(DispatchError::Other(message)));
	}

	#[test]
	fn bad_shares() {
		new_test_ext().execute_with(|| {
			let (_, child) = populate();
			Storage::mutate(child, |r| {
				r.as_mut().unwrap().contributors = shares(&[(CHARLIE, 500_000_000)])
			});
			assert_broken("contributor shares invalid");
		});
	}

	#[test]
	fn id_not_below_next_id() {
		new_test_ext().execute_with(|| {
			populate();
			NextDatasetId::<Test>::put(1);
			assert_broken("dataset id not below NextDatasetId");
		});
	}

	#[test]
	fn dataset_missing_from_the_content_index() {
		new_test_ext().execute_with(|| {
			populate();
			DatasetByContentHash::<Test>::remove(hash(1));
			assert_broken("dataset not indexed by its content hash");
		});
	}

	#[test]
	fn content_index_entry_without_its_dataset() {
		new_test_ext().execute_with(|| {
			populate();
			DatasetByContentHash::<Test>::insert(hash(99), 0);
			assert_broken("content hash index points to another dataset");
		});
	}

	#[test]
	fn missing_derivation_edge() {
		new_test_ext().execute_with(|| {
			let (parent, child) = populate();
			Derivations::<Test>::remove(parent, child);
			assert_broken("derivation edge missing or of another kind");
		});
	}

	#[test]
	fn stray_derivation_edge() {
		new_test_ext().execute_with(|| {
			let (parent, child) = populate();
			Derivations::<Test>::insert(child, parent, DerivationKind::Merged);
			assert_broken("derivation edge disagrees with the child's parent");
		});
	}

	#[test]
	fn pending_transfer_of_a_missing_dataset() {
		new_test_ext().execute_with(|| {
			populate();
			PendingOwner::<Test>::insert(42, ALICE);
			assert_broken("pending transfer of a missing dataset");
		});
	}

	#[test]
	fn owner_is_own_delegate() {
		new_test_ext().execute_with(|| {
			let (_, child) = populate();
			Storage::mutate(child, |r| r.as_mut().unwrap().delegate = Some(BOB));
			assert_broken("owner is own delegate");
		});
	}

	#[test]
	fn attestation_count_wrong() {
		new_test_ext().execute_with(|| {
			let (_, child) = populate();
			AttestationCount::<Test>::insert(child, 2);
			assert_broken("attestation count disagrees with the attestations stored");
		});
	}

	#[test]
	fn attestation_beyond_count() {
		new_test_ext().execute_with(|| {
			let (_, child) = populate();
			let a = Attestations::<Test>::get(child, 0).unwrap();
			Attestations::<Test>::insert(child, 1, a);
			assert_broken("attestation index not below count");
		});
	}

	#[test]
	fn dataset_deposit_not_held() {
		new_test_ext().execute_with(|| {
			let (parent, _) = populate();
			Storage::mutate(parent, |r| r.as_mut().unwrap().deposit += 1);
			assert_broken("dataset deposit held differs from the deposits of the datasets owned");
		});
	}

	#[test]
	fn dataset_hold_without_a_dataset() {
		new_test_ext().execute_with(|| {
			populate();
			assert_ok!(Balances::hold(&HoldReason::DatasetDeposit.into(), &DAVE, 3));
			assert_broken("dataset deposit held differs from the deposits of the datasets owned");
		});
	}

	#[test]
	fn attestation_deposit_released() {
		new_test_ext().execute_with(|| {
			populate();
			assert_ok!(Balances::release(
				&HoldReason::AttestationDeposit.into(),
				&EVE,
				1,
				Precision::Exact
			));
			assert_broken(
				"attestation deposit held differs from the deposits of the attestations made",
			);
		});
	}

	#[test]
	fn too_many_attestors() {
		new_test_ext().execute_with(|| {
			populate();
			for who in [ALICE, BOB, CHARLIE] {
				Attestors::<Test>::insert(who, ());
			}
			assert_broken("more attestors than MaxAttestors");
		});
	}
}
