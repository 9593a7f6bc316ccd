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
			derivation_basis: vec![],
			dispute: None,
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
						ALICE,
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
		let b =
			register_full(ALICE, 2, URI, Some((a, DerivationKind::NewVersion)), Default::default());
		let c = register_full(BOB, 3, URI, Some((b, DerivationKind::Subset)), Default::default());
		let d =
			register_full(BOB, 4, URI, Some((c, DerivationKind::Deidentified)), Default::default());
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
