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
			GrantTerms::with_hash(TERMS)
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
				terms: GrantTerms::with_hash(TERMS),
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS),
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS),
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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
				GrantTerms::with_hash(TERMS)
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

#[test]
fn charged_for_the_grants_actually_listed() {
	build_and_execute(|| {
		use frame_support::{dispatch::GetDispatchInfo, traits::UnfilteredDispatchable};
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let call = |grantee| crate::Call::<Test>::grant_consent {
			dataset,
			grantee,
			purposes: purposes(&[Training]),
			expires_at: None,
			max_uses: None,
			terms: GrantTerms::with_hash(TERMS),
		};
		let up_front = call(to(BOB)).get_dispatch_info().call_weight;
		let full = <() as WeightInfo>::grant_consent(<Test as Config>::MaxLiveGrants::get());
		assert_eq!(up_front, full);
		let charged = |grantee| {
			call(grantee)
				.dispatch_bypass_filter(RuntimeOrigin::signed(ALICE))
				.unwrap()
				.actual_weight
				.unwrap()
		};
		// An empty list: charged for none, less than the up-front weight.
		let none = charged(to(BOB));
		assert_eq!(none, <() as WeightInfo>::grant_consent(0));
		assert!(none.ref_time() < up_front.ref_time());
		// Two listed, one of them used up: charged for both, kept or pruned alike.
		grant(ALICE, dataset, to(CHARLIE), &[Training], None, None);
		let once = grant(ALICE, dataset, to(CHARLIE), &[Training], None, Some(1));
		assert_ok!(use_grant(CHARLIE, once, Training));
		assert_eq!(charged(to(CHARLIE)), <() as WeightInfo>::grant_consent(2));
		assert_eq!(live_list(dataset, to(CHARLIE)).len(), 2);
		// A refused grant is charged in full (no post-dispatch weight).
		let refused = crate::Call::<Test>::grant_consent {
			dataset: 99,
			grantee: to(BOB),
			purposes: purposes(&[Training]),
			expires_at: None,
			max_uses: None,
			terms: GrantTerms::with_hash(TERMS),
		}
		.dispatch_bypass_filter(RuntimeOrigin::signed(ALICE))
		.unwrap_err();
		assert_eq!(refused.error, Error::<Test>::UnknownDataset.into());
		assert_eq!(refused.post_info.actual_weight, None);
	});
}
