//! Entry fees, per-source earnings and claims. Problem 6 of issue 12.

use super::*;
use provenance_primitives::{Page, QueryError, MAX_PAGE_SIZE};

/// Problem 6: a credit below the existential deposit could not be claimed into a new
/// account, and payments wrote permanent entries nobody paid for.
#[test]
fn problem_6_every_credit_can_be_claimed_and_the_payer_pays_for_the_entries() {
	build_and_execute(|| {
		// NOBODY has no account and earns 2 from a payment of 10: below ED = 5.
		let d = add_dataset(NOBODY, &[]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		assert_ok!(pay(BOB, m, 10));
		assert_eq!(earned(NOBODY), 2);
		// Its claimable entry and its earnings entry cost the payer one fee each, credited
		// to NOBODY: the entry is at least the existential deposit.
		assert_eq!(Claimable::<Test>::get(NOBODY), 2 + 2 * ENTRY_FEE);
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(NOBODY)));
		assert_eq!(Balances::balance(&NOBODY), 2 + 2 * ENTRY_FEE);
		assert_eq!(Balances::balance(&BOB), FUNDS - 10 - 4 * ENTRY_FEE);
	});
}

#[test]
fn entry_fees_are_charged_once_per_entry_created() {
	build_and_execute(|| {
		let d = add_dataset(DAVE, &[(C1, pct(50)), (C2, pct(50))]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		// ALICE, C1, C2: a claimable entry and an earnings entry each.
		let quote = Rewards::quote(m, 1_000).unwrap();
		assert_eq!(
			quote.entry_fees,
			vec![
				EntryFeeLine { account: ALICE, entries: 2, amount: 2 * ENTRY_FEE },
				EntryFeeLine { account: C1, entries: 2, amount: 2 * ENTRY_FEE },
				EntryFeeLine { account: C2, entries: 2, amount: 2 * ENTRY_FEE },
			]
		);
		assert_eq!(quote.charged, 1_000 + 6 * ENTRY_FEE);
		assert_ok!(pay(BOB, m, 1_000));
		// Every entry exists now: the next payment charges none.
		let again = Rewards::quote(m, 1_000).unwrap();
		assert_eq!((again.entry_fees, again.charged), (vec![], 1_000));
		let balance = Balances::balance(&BOB);
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(Balances::balance(&BOB), balance - 1_000);
		// A claim removes the claimable entry (the earnings stay): the next payment pays for
		// it again.
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(C1)));
		let quote = Rewards::quote(m, 1_000).unwrap();
		assert_eq!(
			quote.entry_fees,
			vec![EntryFeeLine { account: C1, entries: 1, amount: ENTRY_FEE }]
		);
	});
}

#[test]
fn earnings_are_kept_per_source_and_paged() {
	build_and_execute(|| {
		let (m0, m1, m2) = three_generations();
		assert_ok!(pay(EVE, m2, 1_000 * PROV));
		// C1 earned from D0 (through M0) and D2 (through M1).
		let page = Rewards::earnings(&C1, None, 10).unwrap();
		let mut sources = page.items.clone();
		sources.sort();
		assert_eq!(
			sources,
			vec![(Source::Dataset(0), 7_999_999_999_999), (Source::Dataset(2), 12_500_000_000_000)]
		);
		assert_eq!(page.next, None);
		// One at a time, with a cursor.
		let first = Rewards::earnings(&C1, None, 1).unwrap();
		assert_eq!(first.items.len(), 1);
		let cursor = first.next.unwrap();
		assert_eq!(first.items[0].0, cursor);
		let second = Rewards::earnings(&C1, Some(cursor), 1).unwrap();
		assert_eq!(second.items.len(), 1);
		assert_ne!(second.items[0], first.items[0]);
		assert_eq!(second.next, None);
		// Model owners earn from their models.
		assert_eq!(
			Rewards::earnings(&BOB, None, 10).unwrap().items,
			vec![(Source::Model(m1), 150 * PROV)]
		);
		assert_eq!(
			Rewards::earnings(&ALICE, None, 10).unwrap().items,
			vec![(Source::Model(m0), 35 * PROV)]
		);
		assert_eq!(Rewards::earnings(&NOBODY, None, 10), Ok(Page { items: vec![], next: None }));
		assert_eq!(
			Rewards::earnings(&C1, None, MAX_PAGE_SIZE + 1),
			Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
		);
		// Claiming leaves the record of earnings.
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(C1)));
		assert_eq!(earned(C1), 20_499_999_999_999);
	});
}

#[test]
fn claims_pay_out_the_whole_balance_and_keep_the_pallet_account_alive() {
	build_and_execute(|| {
		let d = add_dataset(DAVE, &[(C1, pct(100))]);
		let m = add_model(ALICE, &[], &[(d, Train)]);
		assert_ok!(pay(BOB, m, 1_000));
		assert_ok!(pay(EVE, m, 500));
		let owed = 300 + 2 * ENTRY_FEE;
		assert_eq!(Claimable::<Test>::get(C1), owed);
		System::reset_events();

		// C1 had no account: the claim creates it.
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(C1)));
		assert_eq!(Balances::balance(&C1), owed);
		assert!(!Claimable::<Test>::contains_key(C1));
		assert_eq!(events(), vec![Event::RewardsClaimed { who: C1, amount: owed }]);

		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Balances::balance(&ALICE), FUNDS + 1_200 + 2 * ENTRY_FEE);
		// Everything claimed: the pallet account keeps exactly its existential deposit.
		assert_eq!(TotalClaimable::<Test>::get(), 0);
		assert_eq!(pot_balance(), ED);
		assert!(frame_system::Account::<Test>::contains_key(pot()));
	});
}

#[test]
fn claim_errors() {
	build_and_execute(|| {
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(Rewards::claim_rewards(RuntimeOrigin::none()), DispatchError::BadOrigin);
		// Claiming twice: the second finds nothing.
		let m = base_model(ALICE);
		assert_ok!(pay(BOB, m, 1_000));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)));
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn queries() {
	build_and_execute(|| {
		let m = base_model(ALICE);
		assert_eq!(Rewards::royalty_policy(m), Some(DEFAULT_POLICY));
		assert_eq!(Rewards::royalty_policy(99), None);
		assert_eq!(Rewards::parent_minimums(99), None);
		assert_eq!(Rewards::claimable(&ALICE), 0);
		assert_ok!(pay(BOB, m, 1_000));
		assert_eq!(Rewards::claimable(&ALICE), 800 + 2 * ENTRY_FEE);
		assert_eq!(Rewards::claimable(&DAVE), 200 + 2 * ENTRY_FEE);
		assert_eq!(Rewards::total_claimable(), 1_000 + 4 * ENTRY_FEE);
		// A dry run writes nothing.
		let before = Rewards::total_claimable();
		assert_eq!(Rewards::breakdown(m, 50).unwrap().len(), 2);
		assert_eq!(Rewards::total_claimable(), before);
	});
}
