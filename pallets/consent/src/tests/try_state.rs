//! The invariant checks can fail: each test breaks one invariant on purpose.

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
		LiveGrants::<Test>::insert(dataset, to(DAVE), LiveListOf::<Test>::truncate_from(vec![77]));
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
