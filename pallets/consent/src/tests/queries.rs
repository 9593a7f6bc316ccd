use super::*;

#[test]
fn grant_info_reports_liveness_in_the_next_block() {
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
				terms: GrantTerms::with_hash(TERMS),
				grantor: ALICE,
				granted_at: 2,
				revoked_at: None,
				deposit: GRANT_DEPOSIT,
				live: true,
				dataset_disputed: false,
			})
		);
		assert_ok!(use_grant(BOB, id, Training));
		let info = Consent::grant_info(id).unwrap();
		assert_eq!((info.uses, info.live), (1, false));

		let expiring = grant(ALICE, dataset, to(BOB), &[Training], Some(6), None);
		run_to_block(4);
		assert!(Consent::grant_info(expiring).unwrap().live);
		// At block 5 a use still passes, but one submitted now lands in block 6 at the
		// earliest, where the grant has expired: the query says so.
		run_to_block(5);
		assert!(live_grant(dataset, BOB, Training).is_some());
		assert!(!Consent::grant_info(expiring).unwrap().live);
		assert_eq!(Consent::consent_status(dataset, &BOB, Training), Ok(None));
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
		assert_eq!(Consent::consent_status(0, &BOB, Training), Err(QueryError::UnknownDataset(0)));
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

#[test]
fn grants_on_a_disputed_dataset_are_flagged_and_stay_usable() {
	build_and_execute(|| {
		let (dataset, id) = simple_grant();
		assert!(!Consent::grant_info(id).unwrap().dataset_disputed);
		dispute_dataset(dataset);
		let info = Consent::grant_info(id).unwrap();
		assert!(info.dataset_disputed && info.live);
		assert!(Consent::dataset_grants(dataset, None, 10).unwrap().items[0].dataset_disputed);
		assert_ok!(use_grant(BOB, id, Training));
	});
}
