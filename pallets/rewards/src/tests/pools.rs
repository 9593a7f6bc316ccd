//! Reward pools: `open_pool`, `submit_score`, `settle_pool`, and their queries.

use super::*;
use frame_support::traits::fungible::InspectHold;
use provenance_primitives::Purpose;

const AMOUNT: Balance = 1_000_000;
const CLOSES: u64 = 10;

fn metric() -> BoundedVec<u8, ConstU32<16>> {
	BoundedVec::truncate_from(b"accuracy-ppm".to_vec())
}

fn open(
	sponsor: u64,
	benchmark: DatasetId,
	higher: bool,
	baseline: i64,
	amount: Balance,
) -> PoolId {
	let id = NextPoolId::<Test>::get();
	assert_ok!(Rewards::open_pool(
		RuntimeOrigin::signed(sponsor),
		benchmark,
		metric(),
		higher,
		baseline,
		CLOSES,
		amount
	));
	id
}

fn score(judge: u64, pool: PoolId, model: ModelId, value: i64) -> DispatchResult {
	let grant = add_grant(Pools::<Test>::get(pool).map_or(0, |p| p.benchmark));
	Rewards::submit_score(RuntimeOrigin::signed(judge), pool, model, value, grant)
}

fn settle(pool: PoolId, max: u32) -> DispatchResult {
	Rewards::settle_pool(RuntimeOrigin::signed(FERDIE), pool, max).map(|_| ()).map_err(|e| e.error)
}

fn held(who: u64, reason: HoldReason) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Rewards(reason), &who)
}

use frame_support::traits::ConstU32;

#[test]
fn a_full_round_pays_exactly_what_the_dry_run_said() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let m1 = base_model(ALICE);
		let m2 = base_model(BOB);
		let m3 = base_model(CHARLIE);
		let pool = open(EVE, benchmark, true, 100, AMOUNT);
		assert_eq!(held(EVE, HoldReason::PoolPrize), AMOUNT);
		assert_eq!(held(EVE, HoldReason::PoolDeposit), POOL_DEPOSIT);
		assert_ok!(score(JUDGE, pool, m1, 300));
		assert_ok!(score(JUDGE, pool, m2, 200));
		assert_ok!(score(JUDGE2, pool, m2, 100));
		assert_ok!(score(JUDGE, pool, m3, 50));
		// Every score used the benchmark under an evaluation grant.
		assert!(consumed().iter().all(|(_, d, _, p)| *d == benchmark && *p == Purpose::Evaluation));
		assert_eq!(consumed().len(), 4);

		// m1 300 (200 beyond the baseline), m2 the mean of 200 and 100 (50 beyond), m3
		// below: 4/5 and 1/5 of the amount.
		let standings = Rewards::pool_standings(pool).unwrap();
		assert_eq!(
			standings,
			vec![
				Standing { model: m1, score: 300, evaluations: 1, weight: 200, prize: 800_000 },
				Standing { model: m2, score: 150, evaluations: 2, weight: 50, prize: 200_000 },
				Standing { model: m3, score: 50, evaluations: 1, weight: 0, prize: 0 },
			]
		);
		let payout = Rewards::pool_payout(pool).unwrap();
		let quote = |at: usize| match &payout.prizes[at].outcome {
			PrizeOutcome::Paid(q) => q.clone(),
			other => panic!("not paid: {other:?}"),
		};
		// m1's 800_000: ALICE and DAVE open two entries each (20 in fees), so 799_980 is
		// split 80/20. m2's 200_000: BOB opens two, DAVE one new source (15).
		assert_eq!(
			quote(0).credits,
			vec![
				credit(ALICE, 639_984, m1, CreditReason::ModelOwner),
				credit(DAVE, 159_996, m1, data_owner(1)),
			]
		);
		assert_eq!(quote(0).charged, 800_000);
		assert_eq!(
			quote(1).credits,
			vec![
				credit(BOB, 159_988, m2, CreditReason::ModelOwner),
				credit(DAVE, 39_997, m2, data_owner(2)),
			]
		);
		assert_eq!(quote(1).charged, 200_000);
		assert_eq!(payout.prizes.len(), 2);
		assert_eq!(payout.returned, 0);

		// Not before the closing block.
		assert_noop!(settle(pool, 2), Error::<Test>::PoolOpen);
		System::set_block_number(CLOSES);
		assert_noop!(score(JUDGE, pool, m3, 500), Error::<Test>::PoolClosed);
		assert_eq!(Rewards::pool_payout(pool), Some(payout.clone()));
		System::reset_events();
		// Two entries per call: m1 and m2, then m3 (no prize) and the end.
		assert_ok!(settle(pool, 2));
		assert_eq!(
			Pools::<Test>::get(pool).unwrap().state,
			PoolState::Settling { total_weight: 250, next: 2, spent: AMOUNT }
		);
		Rewards::do_try_state().unwrap();
		assert_ok!(settle(pool, 2));
		let expected: Vec<_> = [quote(0), quote(1)].into_iter().flat_map(|q| q.credits).collect();
		assert_eq!(credited(), expected);
		assert!(events().contains(&Event::PrizePaid {
			pool,
			model: m1,
			prize: 800_000,
			charged: 800_000
		}));
		assert_eq!(events().last(), Some(&Event::PoolSettled { pool, paid: AMOUNT, returned: 0 }));
		assert_eq!(Claimable::<Test>::get(ALICE), 639_984 + 2 * ENTRY_FEE);
		assert_eq!(Earnings::<Test>::get(DAVE, Source::Dataset(1)), 159_996);
		// Everything left the sponsor's hold; the deposit is back; the pool is gone.
		assert_eq!(held(EVE, HoldReason::PoolPrize), 0);
		assert_eq!(held(EVE, HoldReason::PoolDeposit), 0);
		assert_eq!(Balances::balance(&EVE), FUNDS - AMOUNT);
		assert!(Pools::<Test>::get(pool).is_none());
		assert!(PoolEntries::<Test>::get(pool).is_empty());
		assert!(PoolScores::<Test>::get(pool, m2).is_empty());
		assert_eq!(Rewards::pool(pool), None);
		assert_noop!(settle(pool, 2), Error::<Test>::UnknownPool);
		// The winners claim.
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(ALICE)));
	});
}

#[test]
fn ties_win_equal_prizes_and_rounding_returns_to_the_sponsor() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let (a, b, c) = (base_model(ALICE), base_model(BOB), base_model(CHARLIE));
		let pool = open(EVE, benchmark, true, 0, 1_000);
		for m in [a, b, c] {
			assert_ok!(score(JUDGE, pool, m, 7));
		}
		let prizes: Vec<_> =
			Rewards::pool_standings(pool).unwrap().iter().map(|s| s.prize).collect();
		assert_eq!(prizes, vec![333, 333, 333]);
		System::set_block_number(CLOSES);
		let payout = Rewards::pool_payout(pool).unwrap();
		assert_ok!(settle(pool, 2));
		assert_ok!(settle(pool, 2));
		let returned = match events().last() {
			Some(Event::PoolSettled { returned, .. }) => *returned,
			other => panic!("{other:?}"),
		};
		assert_eq!(returned, payout.returned);
		assert!(returned >= 1);
		assert_eq!(Balances::balance(&EVE), FUNDS - 1_000 + returned);
	});
}

#[test]
fn lower_is_better_and_negative_scores_follow_the_rule() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let (a, b, c) = (base_model(ALICE), base_model(BOB), base_model(CHARLIE));
		// A loss: lower is better, baseline 0.
		let pool = open(EVE, benchmark, false, 0, 1_000);
		assert_ok!(score(JUDGE, pool, a, -30));
		assert_ok!(score(JUDGE, pool, b, -10));
		assert_ok!(score(JUDGE, pool, c, 5));
		// A mean rounds down: -3 and -4 is -3.5, so -4.
		assert_ok!(score(JUDGE2, pool, b, -11));
		let s = Rewards::pool_standings(pool).unwrap();
		assert_eq!(
			s.iter().map(|s| (s.score, s.weight, s.prize)).collect::<Vec<_>>(),
			vec![(-30, 30, 731), (-11, 11, 268), (5, 0, 0)]
		);
		assert_eq!(Rewards::mean(&BoundedVec::truncate_from(vec![(1, -3), (2, -4)])), -4);
	});
}

#[test]
fn with_nobody_beyond_the_baseline_everything_returns() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let a = base_model(ALICE);
		let pool = open(EVE, benchmark, true, 1_000, 5_000);
		let empty = open(EVE, benchmark, true, 0, 100);
		assert_ok!(score(JUDGE, pool, a, 999));
		System::set_block_number(CLOSES);
		assert_eq!(
			Rewards::pool_payout(pool).unwrap(),
			PoolPayout { prizes: vec![], returned: 5_000 }
		);
		assert_ok!(settle(pool, 1));
		assert_eq!(events().last(), Some(&Event::PoolSettled { pool, paid: 0, returned: 5_000 }));
		assert_eq!(Balances::balance(&EVE), FUNDS - 100 - POOL_DEPOSIT);
		// A pool nobody scored settles the same way.
		assert_ok!(settle(empty, 1));
		assert_eq!(Balances::balance(&EVE), FUNDS);
	});
}

#[test]
fn a_prize_that_cannot_be_paid_returns_to_the_sponsor() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let d = add_dataset(DAVE, &[]);
		let withdrawn = add_model(ALICE, &[], &[(d, Train)]);
		let fine = base_model(BOB);
		let pool = open(EVE, benchmark, true, 0, 1_000);
		assert_ok!(score(JUDGE, pool, withdrawn, 10));
		assert_ok!(score(JUDGE, pool, fine, 10));
		// The data behind the winner is withdrawn, stop-use, before settlement.
		let grant = grant_of(withdrawn, d);
		revoke(grant, 3);
		System::set_block_number(CLOSES);
		let payout = Rewards::pool_payout(pool).unwrap();
		assert_eq!(
			payout.prizes[0].outcome,
			PrizeOutcome::Forfeited(SplitError::ConsentWithdrawn { grant })
		);
		assert_ok!(settle(pool, 2));
		assert!(events().contains(&Event::PrizeForfeited {
			pool,
			model: withdrawn,
			prize: 500,
			reason: SplitError::ConsentWithdrawn { grant },
		}));
		assert_eq!(Claimable::<Test>::get(ALICE), 0);
		assert_eq!(events().last(), Some(&Event::PoolSettled { pool, paid: 500, returned: 500 }));
		assert_eq!(Balances::balance(&EVE), FUNDS - 500);
	});
}

#[test]
fn a_prize_too_small_for_its_entry_fees_returns_to_the_sponsor() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let a = base_model(ALICE);
		// 20 covers ALICE's and DAVE's four new entries and nothing more.
		let pool = open(EVE, benchmark, true, 0, 20);
		assert_ok!(score(JUDGE, pool, a, 1));
		System::set_block_number(CLOSES);
		assert_eq!(
			Rewards::pool_payout(pool).unwrap().prizes[0].outcome,
			PrizeOutcome::Forfeited(SplitError::BelowMinimum {
				minimum: MIN_PAYMENT + 4 * ENTRY_FEE
			})
		);
		assert_ok!(settle(pool, 1));
		assert_eq!(Balances::balance(&EVE), FUNDS);
	});
}

#[test]
fn open_pool_errors() {
	build_and_execute(|| {
		let b = add_dataset(FERDIE, &[]);
		let open_with = |who: u64, dataset: DatasetId, closes: u64, amount: Balance| {
			Rewards::open_pool(
				RuntimeOrigin::signed(who),
				dataset,
				metric(),
				true,
				0,
				closes,
				amount,
			)
		};
		assert_noop!(open_with(EVE, 99, CLOSES, 100), Error::<Test>::UnknownDataset);
		assert_noop!(open_with(EVE, b, 1, 100), Error::<Test>::InvalidClosingBlock);
		assert_noop!(
			open_with(EVE, b, 2 + MAX_POOL_DURATION, 100),
			Error::<Test>::InvalidClosingBlock
		);
		assert_ok!(open_with(EVE, b, 1 + MAX_POOL_DURATION, 100));
		assert_noop!(
			open_with(EVE, b, CLOSES, MIN_PAYMENT - 1),
			Error::<Test>::BelowMinimumPayment
		);
		assert_noop!(open_with(POOR, b, CLOSES, MIN_PAYMENT), Error::<Test>::InsufficientFunds);
		assert_noop!(open_with(EVE, b, CLOSES, FUNDS), Error::<Test>::InsufficientFunds);
		assert_noop!(
			Rewards::open_pool(RuntimeOrigin::none(), b, metric(), true, 0, CLOSES, 100),
			DispatchError::BadOrigin
		);
		NextPoolId::<Test>::put(PoolId::MAX);
		assert_noop!(open_with(EVE, b, CLOSES, 100), Error::<Test>::NoPoolIdsLeft);
	});
}

#[test]
fn open_pool_holds_and_reports() {
	build_and_execute(|| {
		let b = add_dataset(FERDIE, &[]);
		System::reset_events();
		let pool = open(EVE, b, true, 5, 1_000);
		assert_eq!(
			events(),
			vec![Event::PoolOpened {
				pool,
				sponsor: EVE,
				benchmark: b,
				amount: 1_000,
				closes_at: CLOSES
			}]
		);
		assert_eq!(Balances::balance(&EVE), FUNDS - 1_000 - POOL_DEPOSIT);
		let info = Rewards::pool(pool).unwrap();
		assert_eq!(
			(info.sponsor, info.metric, info.baseline, info.entries, info.state),
			(EVE, b"accuracy-ppm".to_vec(), 5, 0, PoolState::Open)
		);
		assert_eq!(NextPoolId::<Test>::get(), pool + 1);
	});
}

#[test]
fn submit_score_records_and_replaces_the_evaluators_own_score() {
	build_and_execute(|| {
		let b = add_dataset(FERDIE, &[]);
		let m = base_model(ALICE);
		let pool = open(EVE, b, true, 0, 1_000);
		System::reset_events();
		assert_ok!(score(JUDGE, pool, m, 10));
		assert_eq!(
			events(),
			vec![Event::ScoreSubmitted { pool, model: m, evaluator: JUDGE, score: 10 }]
		);
		assert_ok!(score(JUDGE, pool, m, 12));
		assert_eq!(PoolScores::<Test>::get(pool, m).to_vec(), vec![(JUDGE, 12)]);
		assert_eq!(PoolEntries::<Test>::get(pool).to_vec(), vec![m]);
		assert_ok!(score(JUDGE2, pool, m, 20));
		assert_eq!(Rewards::pool_standings(pool).unwrap()[0].score, 16);
	});
}

#[test]
fn submit_score_errors() {
	build_and_execute(|| {
		let b = add_dataset(FERDIE, &[]);
		let m = base_model(ALICE);
		let judged = base_model(JUDGE);
		let pool = open(EVE, b, true, 0, 1_000);
		assert_noop!(score(JUDGE, 99, m, 1), Error::<Test>::UnknownPool);
		// Not accredited: the model's owner, a sponsor, anyone.
		for who in [ALICE, EVE, BOB] {
			assert_noop!(score(who, pool, m, 1), Error::<Test>::NotAccredited);
		}
		assert_noop!(score(JUDGE, pool, 99, 1), Error::<Test>::UnknownModel);
		// An accredited evaluator may not score its own model.
		assert_noop!(score(JUDGE, pool, judged, 1_000), Error::<Test>::OwnModel);
		// Consent refused: nothing recorded.
		refuse_consume(true);
		assert_noop!(score(JUDGE, pool, m, 1), DispatchError::Other("ConsentRevoked"));
		refuse_consume(false);
		assert_noop!(
			Rewards::submit_score(RuntimeOrigin::none(), pool, m, 1, 0),
			DispatchError::BadOrigin
		);
		// MAX_SCORES evaluators per model.
		assert_ok!(score(JUDGE, pool, m, 1));
		assert_ok!(score(JUDGE2, pool, m, 1));
		assert_noop!(score(JUDGE3, pool, m, 1), Error::<Test>::TooManyScores);
		// MAX_POOL_ENTRIES models per pool.
		for _ in 1..MAX_POOL_ENTRIES {
			let other = base_model(BOB);
			assert_ok!(score(JUDGE, pool, other, 1));
		}
		let one_too_many = base_model(BOB);
		assert_noop!(score(JUDGE, pool, one_too_many, 1), Error::<Test>::TooManyEntries);
		System::set_block_number(CLOSES);
		assert_noop!(score(JUDGE, pool, m, 2), Error::<Test>::PoolClosed);
	});
}

#[test]
fn settle_pool_errors_and_weights() {
	build_and_execute(|| {
		let b = add_dataset(FERDIE, &[]);
		let m = base_model(ALICE);
		let pool = open(EVE, b, true, 0, 1_000);
		assert_ok!(score(JUDGE, pool, m, 1));
		System::set_block_number(CLOSES);
		assert_noop!(settle(pool, 0), Error::<Test>::InvalidBatch);
		// More than a call may pay is clamped.
		assert_eq!(
			Rewards::settle_weight(MAX_SETTLE_BATCH + 5),
			Rewards::settle_weight(MAX_SETTLE_BATCH)
		);
		assert_noop!(settle(99, 1), Error::<Test>::UnknownPool);
		assert_noop!(
			Rewards::settle_pool(RuntimeOrigin::none(), pool, 1),
			DispatchError::BadOrigin
		);
		let info = Rewards::settle_pool(RuntimeOrigin::signed(BOB), pool, 2).unwrap();
		// One prize, two splits, nothing passed over: refunded down from the worst case.
		let done = Settled { prizes: 1, skipped: 0, splits: 2 };
		assert_eq!(info.actual_weight, Some(Rewards::settled_weight(done)));
		assert!(Rewards::settled_weight(done).all_lte(Rewards::settle_weight(1)));
		assert!(Rewards::settle_weight(1).ref_time() < Rewards::settle_weight(2).ref_time());
	});
}

#[test]
fn entries_without_a_prize_do_not_use_up_a_call() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let losers: Vec<_> = (0..3).map(|_| base_model(BOB)).collect();
		let winner = base_model(ALICE);
		let pool = open(EVE, benchmark, true, 100, 1_000);
		for m in &losers {
			assert_ok!(score(JUDGE, pool, *m, 100));
		}
		assert_ok!(score(JUDGE, pool, winner, 200));
		System::set_block_number(CLOSES);
		// One call with room for one prize passes over the three losers and pays the winner.
		let info = Rewards::settle_pool(RuntimeOrigin::signed(BOB), pool, 1).unwrap();
		let done = Settled { prizes: 1, skipped: 3, splits: 2 };
		assert_eq!(info.actual_weight, Some(Rewards::settled_weight(done)));
		assert!(Pools::<Test>::get(pool).is_none());
		assert!(Rewards::settled_weight(Settled { prizes: 0, skipped: 3, splits: 0 })
			.all_lte(Rewards::settled_weight(Settled { prizes: 1, skipped: 0, splits: 2 })));
	});
}

#[test]
fn scores_of_removed_evaluators_and_of_new_owners_do_not_count() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let (a, b) = (base_model(ALICE), base_model(BOB));
		let pool = open(EVE, benchmark, true, 0, 1_000);
		// JUDGE3 goes rogue on `a`; JUDGE scores `a` after JUDGE2 scored `b`.
		assert_ok!(score(JUDGE3, pool, a, i64::MAX));
		assert_ok!(score(JUDGE, pool, a, 10));
		assert_ok!(score(JUDGE2, pool, b, 10));
		// Governance removes JUDGE3; `b` is sold to its own evaluator.
		unaccredit(JUDGE3);
		set_model_owner(b, JUDGE2);
		let standings = Rewards::pool_standings(pool).unwrap();
		assert_eq!(
			standings
				.iter()
				.map(|s| (s.model, s.score, s.evaluations, s.prize))
				.collect::<Vec<_>>(),
			vec![(a, 10, 1, 1_000), (b, 0, 0, 0)]
		);
		System::set_block_number(CLOSES);
		assert_ok!(settle(pool, 2));
		assert_eq!(Claimable::<Test>::get(JUDGE2), 0);
		assert!(events().contains(&Event::PrizePaid {
			pool,
			model: a,
			prize: 1_000,
			charged: 1_000
		}));
	});
}

#[test]
fn a_corrected_score_does_not_use_the_grant_again() {
	build_and_execute(|| {
		let benchmark = add_dataset(FERDIE, &[]);
		let m = base_model(ALICE);
		let pool = open(EVE, benchmark, true, 0, 1_000);
		assert_ok!(score(JUDGE, pool, m, 1));
		assert_ok!(score(JUDGE, pool, m, 2));
		assert_ok!(score(JUDGE, pool, m, 3));
		// One evaluation, one use of consent, one access record.
		assert_eq!(consumed().len(), 1);
		assert_eq!(PoolScores::<Test>::get(pool, m).to_vec(), vec![(JUDGE, 3)]);
	});
}
