use super::*;
use provenance_primitives::{DerivativeScope, InheritRefusal};

fn full_terms() -> GrantTerms<u64> {
	GrantTerms {
		terms_hash: TERMS,
		derivatives: DerivativeScope::Anyone,
		on_revoke: RevocationEffect::NoNewTraining,
		data_subject: Some(H256::repeat_byte(1)),
		controller: Some(DAVE),
		legal_basis: LegalBasis::PublicTask,
		jurisdiction: Some(CountryCode(*b"DE")),
		notice_version: Some(H256::repeat_byte(2)),
	}
}

fn grant_with(terms: GrantTerms<u64>, grantee: Grantee<u64>) -> Result<GrantId, DispatchError> {
	let dataset = add_dataset(ALICE, Sensitivity::Personal);
	let id = NextGrantId::<Test>::get();
	Consent::grant_consent(
		RuntimeOrigin::signed(ALICE),
		dataset,
		grantee,
		purposes(&[Training, Research]),
		Some(10),
		None,
		terms,
	)
	.map_err(|e| e.error)?;
	Ok(id)
}

fn inheritable(id: GrantId, who: u64, purpose: Purpose) -> Result<(), InheritRefusal> {
	<Consent as ConsentInspect<u64, u64>>::ensure_inheritable(id, &who, purpose)
}

#[test]
fn every_field_is_stored_and_queried() {
	build_and_execute(|| {
		let id = grant_with(full_terms(), to(BOB)).unwrap();
		assert_eq!(Grants::<Test>::get(id).unwrap().terms, full_terms());
		assert_eq!(Consent::grant_info(id).unwrap().terms, full_terms());
		assert_eq!(
			<Consent as ConsentInspect<u64, u64>>::revocation_effect(id),
			Some(RevocationEffect::NoNewTraining)
		);
		assert_eq!(<Consent as ConsentInspect<u64, u64>>::revocation_effect(id + 1), None);
	});
}

#[test]
fn defaults_are_grantee_only_and_stop_use() {
	let terms = GrantTerms::<u64>::with_hash(TERMS);
	assert_eq!(terms.derivatives, DerivativeScope::GranteeOnly);
	assert_eq!(terms.on_revoke, RevocationEffect::StopUse);
	assert_eq!(terms.legal_basis, LegalBasis::Consent);
}

#[test]
fn jurisdiction_must_be_two_capital_letters() {
	build_and_execute(|| {
		for bad in [*b"de", *b"D1", *b"  ", [0xc3, 0x84]] {
			let terms = GrantTerms { jurisdiction: Some(CountryCode(bad)), ..full_terms() };
			assert_noop!(grant_with(terms, to(BOB)), Error::<Test>::InvalidJurisdiction);
		}
		let terms = GrantTerms { jurisdiction: None, ..full_terms() };
		assert_ok!(grant_with(terms, to(BOB)));
	});
}

/// The inheritance rule, refusal by refusal, in the order checked.
#[test]
fn inheritance_refusals() {
	build_and_execute(|| {
		assert_eq!(inheritable(0, BOB, Training), Err(InheritRefusal::UnknownGrant));

		let grantee_only = grant_with(GrantTerms::with_hash(TERMS), to(BOB)).unwrap();
		assert_eq!(inheritable(grantee_only, BOB, Training), Ok(()));
		// A stranger may not build on it, and nobody for a purpose never granted.
		assert_eq!(
			inheritable(grantee_only, CHARLIE, Training),
			Err(InheritRefusal::DerivationNotAllowed)
		);
		assert_eq!(
			inheritable(grantee_only, BOB, Commercial),
			Err(InheritRefusal::PurposeNotCovered)
		);

		let anyone = grant_with(full_terms(), to(BOB)).unwrap();
		assert_eq!(inheritable(anyone, CHARLIE, Research), Ok(()));
		assert_eq!(
			inheritable(anyone, CHARLIE, Commercial),
			Err(InheritRefusal::PurposeNotCovered)
		);

		let no_one =
			grant_with(GrantTerms { derivatives: DerivativeScope::NoOne, ..full_terms() }, to(BOB))
				.unwrap();
		assert_eq!(inheritable(no_one, BOB, Training), Err(InheritRefusal::DerivationNotAllowed));

		// A grant to anyone, scoped to its grantees, lets anyone derive.
		let dataset = add_dataset(ALICE, Sensitivity::Public);
		let open = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(ALICE),
			dataset,
			Grantee::Anyone,
			purposes(&[Training]),
			None,
			None,
			GrantTerms::with_hash(TERMS)
		));
		assert_eq!(inheritable(open, EVE, Training), Ok(()));

		// Expiry: the block at `expires_at` is the first that refuses.
		run_to_block(9);
		assert_eq!(inheritable(anyone, CHARLIE, Training), Ok(()));
		run_to_block(10);
		assert_eq!(inheritable(anyone, CHARLIE, Training), Err(InheritRefusal::Expired));

		// Revocation wins over everything after it; use limits do not apply.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ALICE), open));
		assert_eq!(inheritable(open, EVE, Training), Err(InheritRefusal::Revoked));
	});
}

#[test]
fn use_limits_do_not_stop_inheritance() {
	build_and_execute(|| {
		let dataset = add_dataset(ALICE, Sensitivity::Personal);
		let id = grant(ALICE, dataset, to(BOB), &[Training], None, Some(1));
		assert_ok!(use_grant(BOB, id, Training));
		assert_noop!(use_grant(BOB, id, Training), Error::<Test>::UsesExhausted);
		assert_eq!(inheritable(id, BOB, Training), Ok(()));
	});
}
