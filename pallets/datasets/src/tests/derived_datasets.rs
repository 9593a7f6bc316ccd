//! Deriving a dataset from someone else's needs their consent, keeps its sensitivity, and
//! carries the grants it was derived under, so that revoking them reaches it.

use super::*;
use crate::{DerivationBasis, GrantDatasets};
use provenance_primitives::{DerivativeScope, GrantDependents, Purpose};

fn derive(
	who: u64,
	content: u64,
	parent: DatasetId,
	kind: DerivationKind,
	sensitivity: Sensitivity,
) -> Result<(), DispatchError> {
	Datasets::register_dataset(
		RuntimeOrigin::signed(who),
		hash(content),
		hash(0),
		bounded(URI),
		bounded(LICENSE),
		sensitivity,
		Some((parent, kind)),
		ContributorsOf::<Test>::default(),
	)
}

/// Attack: BOB publishes a subset, a de-identified copy and a new version of ALICE's
/// dataset without asking her.
#[test]
fn a_stranger_may_not_derive() {
	build_and_execute(|| {
		let d = register(ALICE, 1);
		for (content, kind) in [
			(2, DerivationKind::Subset),
			(3, DerivationKind::Deidentified),
			(4, DerivationKind::Merged),
		] {
			assert_noop!(
				derive(BOB, content, d, kind, Sensitivity::Personal),
				Error::<Test>::NoDerivationConsent
			);
		}
		// A grant for training is not consent to derive.
		add_grant(d, BOB, &[Purpose::Training], DerivativeScope::Anyone);
		assert_noop!(
			derive(BOB, 2, d, DerivationKind::Subset, Sensitivity::Personal),
			Error::<Test>::NoDerivationConsent
		);
		// A new version is the owner's to publish, even with a derivation grant.
		add_grant(d, BOB, &[Purpose::Derivation], DerivativeScope::Anyone);
		assert_noop!(
			derive(BOB, 4, d, DerivationKind::NewVersion, Sensitivity::Personal),
			Error::<Test>::NewVersionByOwnerOnly
		);
	});
}

#[test]
fn the_owner_derives_without_a_grant() {
	build_and_execute(|| {
		let d = register(ALICE, 1);
		assert_ok!(derive(ALICE, 2, d, DerivationKind::NewVersion, Sensitivity::Personal));
		assert_ok!(derive(ALICE, 3, d, DerivationKind::Subset, Sensitivity::Personal));
		assert!(DerivationBasis::<Test>::get(1).is_empty());
		assert!(DerivationBasis::<Test>::get(2).is_empty());
	});
}

/// Attack: a delegate derives a copy it owns outright, beyond the owner's reach, then
/// keeps it after being removed. A delegate derives only under a grant (it may issue one
/// to itself), which the owner can revoke, and never publishes a new version.
#[test]
fn a_delegate_derives_only_under_a_revocable_grant() {
	build_and_execute(|| {
		let d = register(ALICE, 1);
		assert_ok!(Datasets::set_delegate(RuntimeOrigin::signed(ALICE), d, Some(CHARLIE)));
		assert_noop!(
			derive(CHARLIE, 3, d, DerivationKind::Subset, Sensitivity::Personal),
			Error::<Test>::NoDerivationConsent
		);
		assert_noop!(
			derive(CHARLIE, 3, d, DerivationKind::NewVersion, Sensitivity::Personal),
			Error::<Test>::NewVersionByOwnerOnly
		);
		let g = add_grant(d, CHARLIE, &[Purpose::Derivation], DerivativeScope::GranteeOnly);
		let sub = NextDatasetId::<Test>::get();
		assert_ok!(derive(CHARLIE, 3, d, DerivationKind::Subset, Sensitivity::Personal));
		assert_eq!(DerivationBasis::<Test>::get(sub).into_inner(), vec![g]);
	});
}

#[test]
fn a_grantee_derives_consuming_the_grant_and_inheriting_it() {
	build_and_execute(|| {
		let d = register(ALICE, 1);
		let g =
			add_grant(d, BOB, &[Purpose::Derivation, Purpose::Training], DerivativeScope::Anyone);
		let sub = NextDatasetId::<Test>::get();
		assert_ok!(derive(BOB, 2, d, DerivationKind::Subset, Sensitivity::Personal));
		assert_eq!(Storage::get(sub).unwrap().owner, BOB);
		assert_eq!(DerivationBasis::<Test>::get(sub).into_inner(), vec![g]);
		assert!(GrantDatasets::<Test>::contains_key(g, sub));
		assert_eq!(<Pallet as GrantDependents>::tainted_datasets(g), 1);
		assert_eq!(Pallet::derivation_basis(sub), vec![g]);
		// The use is logged like a training use.
		assert_eq!(uses(g).len(), 1);
		assert_eq!(uses(g)[0].0, BOB);
		assert_eq!(uses(g)[0].1, Purpose::Derivation);
		// The basis is paid for: one compact byte and eight bytes a grant.
		assert_eq!(Storage::get(sub).unwrap().deposit, SMALL_DEPOSIT + 9);
		assert_eq!(Pallet::dataset_info(sub).unwrap().derivation_basis, vec![g]);

		// A subset of the subset, by its owner: inherits the grant without a new one.
		let subsub = NextDatasetId::<Test>::get();
		assert_ok!(derive(BOB, 3, sub, DerivationKind::Subset, Sensitivity::Personal));
		assert_eq!(DerivationBasis::<Test>::get(subsub).into_inner(), vec![g]);
		assert_eq!(<Pallet as GrantDependents>::tainted_datasets(g), 2);
		assert_eq!(Pallet::derived_datasets(sub, 10), vec![subsub]);
		assert_eq!(Pallet::dataset_parent(subsub), Some((sub, DerivationKind::Subset)));
	});
}

/// Attack: derive from a derivative whose own grant has been revoked, or whose grant lets
/// only its grantee build on it.
#[test]
fn the_inherited_grants_must_let_the_registrant_derive() {
	build_and_execute(|| {
		let d = register(ALICE, 1);
		let g = add_grant(d, BOB, &[Purpose::Derivation], DerivativeScope::GranteeOnly);
		let sub = NextDatasetId::<Test>::get();
		assert_ok!(derive(BOB, 2, d, DerivationKind::Subset, Sensitivity::Personal));
		// BOB gives the subset to CHARLIE, who derives from it as its owner: refused.
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), sub, CHARLIE));
		assert_ok!(Datasets::accept_ownership(RuntimeOrigin::signed(CHARLIE), sub));
		assert_noop!(
			derive(CHARLIE, 3, sub, DerivationKind::Subset, Sensitivity::Personal),
			Error::<Test>::InheritedDerivationNotAllowed
		);
		change_grant(g, |g| g.derivatives = DerivativeScope::Anyone);
		change_grant(g, |g| g.expires_at = Some(1));
		assert_noop!(
			derive(CHARLIE, 3, sub, DerivationKind::Subset, Sensitivity::Personal),
			Error::<Test>::InheritedConsentExpired
		);
		change_grant(g, |g| g.revoked = true);
		assert_noop!(
			derive(CHARLIE, 3, sub, DerivationKind::Subset, Sensitivity::Personal),
			Error::<Test>::TaintedParent
		);
	});
}

/// Attack: a "Public" subset of a special-category dataset, to grant it to anyone.
#[test]
fn a_derivative_is_at_least_as_sensitive_as_its_parent() {
	build_and_execute(|| {
		let d = NextDatasetId::<Test>::get();
		assert_ok!(Datasets::register_dataset(
			RuntimeOrigin::signed(ALICE),
			hash(1),
			hash(0),
			bounded(URI),
			bounded(LICENSE),
			Sensitivity::SpecialCategory,
			None,
			ContributorsOf::<Test>::default(),
		));
		add_grant(d, BOB, &[Purpose::Derivation], DerivativeScope::Anyone);
		for lower in [Sensitivity::Public, Sensitivity::Personal] {
			assert_noop!(
				derive(BOB, 2, d, DerivationKind::Deidentified, lower),
				Error::<Test>::SensitivityBelowParent
			);
			// Not even the owner.
			assert_noop!(
				derive(ALICE, 2, d, DerivationKind::Deidentified, lower),
				Error::<Test>::SensitivityBelowParent
			);
		}
		assert_ok!(derive(BOB, 2, d, DerivationKind::Deidentified, Sensitivity::SpecialCategory));
	});
}

#[test]
fn a_basis_over_the_bound_is_refused() {
	build_and_execute(|| {
		let mut parent = register(ALICE, 1);
		let mut deriver = BOB;
		// Each generation derived by a stranger under a new grant: the basis grows by one.
		for n in 0..MAX_DERIVATION_BASIS as u64 {
			let next_deriver = if deriver == BOB { CHARLIE } else { BOB };
			add_grant(parent, deriver, &[Purpose::Derivation], DerivativeScope::Anyone);
			let id = NextDatasetId::<Test>::get();
			assert_ok!(derive(
				deriver,
				10 + n,
				parent,
				DerivationKind::Subset,
				Sensitivity::Personal
			));
			parent = id;
			deriver = next_deriver;
		}
		add_grant(parent, deriver, &[Purpose::Derivation], DerivativeScope::Anyone);
		assert_noop!(
			derive(deriver, 99, parent, DerivationKind::Subset, Sensitivity::Personal),
			Error::<Test>::TooManyBasisGrants
		);
	});
}

#[test]
fn a_failed_registration_consumes_nothing() {
	build_and_execute(|| {
		let d = register(ALICE, 1);
		let g = add_grant(d, POOR, &[Purpose::Derivation], DerivativeScope::Anyone);
		// POOR cannot hold the deposit: the grant's use is undone too.
		let big_uri = [b'x'; 64];
		assert_noop!(
			Datasets::register_dataset(
				RuntimeOrigin::signed(POOR),
				hash(2),
				hash(0),
				bounded(&big_uri),
				bounded(LICENSE),
				Sensitivity::Personal,
				Some((d, DerivationKind::Subset)),
				ContributorsOf::<Test>::default(),
			),
			Error::<Test>::InsufficientDeposit
		);
		assert!(uses(g).is_empty());
	});
}
