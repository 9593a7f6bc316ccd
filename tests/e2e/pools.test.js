// A reward pool round on the real node, as a sponsor, evaluators and model owners would play
// it: Alice opens a pool on a benchmark, governance (Alice's sudo) accredits two evaluators,
// who score four models under evaluation grants on the benchmark (two of them one model, one
// of those below the baseline; one model wholly below it); one model's consent is withdrawn
// before settlement. After the closing block `rewards_poolStandings` and the dry run
// `rewards_poolPayout` say who wins what; anyone settles the pool in batches, and every
// `PrizePaid`/`PrizeForfeited`/`Credited` event, every claimable balance and the sponsor's
// returned amount match the dry run to the planck; then the winners claim. And the refusals:
// a stranger's score, an evaluator scoring its own model, settling too early, scoring too late.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';

import { devAccounts, submit } from './lib/chain.js';
import { devNodeSuite } from './lib/suite.js';

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
const PERCENT = 10_000_000; // parts per billion
const ALL = 100 * PERCENT;
const EXISTENTIAL_DEPOSIT = 1_000_000_000n;
const ENTRY_FEE = EXISTENTIAL_DEPOSIT;
// 1000 PROV and a planck: the odd planck is rounding that returns to the sponsor.
const POOL_AMOUNT = 1_000_000_000_000_001n;
const BASELINE = 500_000;
const METRIC = 'accuracy-ppm';
// The pallet account: "modl" ++ PalletId(b"prv/rwds"), zero-padded to 32 bytes.
const POT = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('prv/rwds'), new Uint8Array(20)), 42);
const sum = (xs) => xs.reduce((s, x) => s + BigInt(x), 0n);

describe('reward pools over RPC', () => {
  let api;
  const suite = devNodeSuite();
  const { ok, rpcError } = suite;
  before(() => {
    ({ api } = suite);
  });
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  const everyone = [alice, bob, charlie, dave, eve, ferdie];

  const events = (all, section, method) =>
    all.filter(({ event: e }) => e.section === section && e.method === method).map(({ event: e }) => e.data);
  const event = (all, section, method) => {
    const found = events(all, section, method);
    assert.ok(found.length > 0, `${section}.${method} emitted`);
    return found[0];
  };
  const mustPass = async (tx, signer) => {
    const result = await submit(api, tx, signer);
    assert.equal(result.dispatchError, null, `${tx.method.section}.${tx.method.method} failed`);
    return result;
  };
  /** Submits `txs` signed by `signer` at once, with consecutive nonces: usually one block. */
  const submitMany = async (signer, txs) => {
    const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    return Promise.all(txs.map((tx, i) => submit(api, tx, signer, { nonce: nonce + i })));
  };
  const allPass = (results) => {
    results.forEach((r, i) => assert.equal(r.dispatchError, null, `transaction ${i} failed`));
    return results;
  };
  /** Root, through Alice's sudo key on the dev chain; fails the test if the call failed. */
  const sudo = async (call) => {
    const result = await mustPass(api.tx.sudo.sudo(call), alice);
    const { sudoResult } = event(result.events, 'sudo', 'Sudid');
    assert.ok(sudoResult.isOk, `sudo ${call.method.section}.${call.method.method}: ${sudoResult.toString()}`);
    return result;
  };
  const account = async (address, at) => {
    const query = at ? (await api.at(at)).query : api.query;
    const { data } = await query.system.account(address);
    return { free: data.free.toBigInt(), reserved: data.reserved.toBigInt() };
  };
  const heldFor = async (who, reason, at) => {
    const query = at ? (await api.at(at)).query : api.query;
    const holds = await query.balances.holds(who);
    const hold = holds.find((h) => h.id.toHuman()?.Rewards === reason);
    return hold ? hold.amount.toBigInt() : 0n;
  };
  const claimable = async (address, at = null) => BigInt(await ok('rewards_claimable', [address, at]));
  const totalClaimable = async (at = null) => BigInt(await ok('rewards_totalClaimable', [at]));
  const txFee = (result) => event(result.events, 'transactionPayment', 'TransactionFeePaid').actualFee.toBigInt();
  const parentOf = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).parentHash.toHex();
  const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const waitForBest = async (target, timeoutMs = 180_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = await bestNumber();
      if (n >= target) return n;
      assert.ok(Date.now() < deadline, `best block stuck at #${n}, wanted #${target}`);
      await sleep(500);
    }
  };

  /** A `Credited` event as the RPC shows a credit. */
  const asCredit = (d) => {
    const type = d.reason.type;
    const dataset = d.reason.isDatasetContributor
      ? d.reason.asDatasetContributor.dataset.toNumber()
      : d.reason.isDatasetOwner
        ? d.reason.asDatasetOwner.dataset.toNumber()
        : null;
    return {
      account: d.account.toString(),
      amount: d.amount.toBigInt().toString(),
      model: d.model.toNumber(),
      reason: `${type[0].toLowerCase()}${type.slice(1)}`,
      dataset,
    };
  };
  const sourceKey = (c) =>
    JSON.stringify(c.reason === 'datasetContributor' || c.reason === 'datasetOwner' ? { dataset: c.dataset } : { model: c.model });

  const state = {};

  test('models, a benchmark, two accredited evaluators with evaluation grants, and an open pool', async () => {
    // Alice's datasets: the benchmark; D1 with two contributors; D2 with none (she is paid);
    // DS, whose grant will be revoked; DE, Eve's training data.
    const registered = allPass(await submitMany(alice, [
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://benchmark', 'CC-BY-4.0', 'Public', null, []),
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://d1', 'CC-BY-4.0', 'Public', null,
        [[charlie.address, 60 * PERCENT], [dave.address, 40 * PERCENT]]),
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://d2', 'CC-BY-4.0', 'Public', null, []),
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://ds', 'CC-BY-4.0', 'Public', null, [[ferdie.address, ALL]]),
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://de', 'CC-BY-4.0', 'Public', null, []),
    ]));
    const [bench, d1, d2, ds, de] = registered.map((r) => event(r.events, 'datasets', 'DatasetRegistered').id.toNumber());
    Object.assign(state, { bench, d1, d2, ds });
    const grant = (dataset, grantee, purposes) => api.tx.consent.grantConsent(
      dataset, { Account: grantee.address }, purposes, null, null, { termsHash: hex(), derivatives: 'Anyone' },
    );
    const granted = allPass(await submitMany(alice, [
      grant(d1, bob, ['Training']),
      grant(d2, dave, ['Training']),
      grant(ds, bob, ['Training']),
      grant(de, eve, ['Training']),
      // The evaluators' grants: the benchmark, for evaluation.
      grant(bench, eve, ['Evaluation']),
      grant(bench, ferdie, ['Evaluation']),
    ]));
    const [g1, g2, gs, ge, eveEval, ferdieEval] = granted.map((r) => event(r.events, 'consent', 'ConsentGranted').grant.toNumber());
    Object.assign(state, { gs, eveEval, ferdieEval });

    const modelTx = (name, { kind = 'Pretrain', parents = [], inputs = [] }) => api.tx.lineage.registerModel(
      hex(), name, '1.0', `hf://pools/${name}`, 'Apache-2.0', hex(), 'Open',
      kind, parents, inputs, 'Training', hex(), hex(), null, ALL, api.consts.lineage.maxBasisGrants,
    );
    const modelId = (r) => event(r.events, 'lineage', 'ModelRegistered').id.toNumber();
    // A (Bob) on D1, D (Bob) on DS, C (Dave) on D2, E (Eve) on DE; then B (Charlie) tunes A.
    const [[a, d], [c], [e]] = await Promise.all([
      submitMany(bob, [
        modelTx('pool-a', { inputs: [{ dataset: d1, role: 'Train', grant: g1 }] }),
        modelTx('pool-d', { inputs: [{ dataset: ds, role: 'Train', grant: gs }] }),
      ]),
      submitMany(dave, [modelTx('pool-c', { inputs: [{ dataset: d2, role: 'Train', grant: g2 }] })]),
      submitMany(eve, [modelTx('pool-e', { inputs: [{ dataset: de, role: 'Train', grant: ge }] })]),
    ]).then((all) => all.map(allPass));
    state.models = { a: modelId(a), c: modelId(c), d: modelId(d), e: modelId(e) };
    state.models.b = modelId(await mustPass(modelTx('pool-b', { kind: 'FineTune', parents: [[state.models.a, 'FineTune']] }), charlie));

    // Governance accredits Eve and Ferdie.
    for (const who of [eve, ferdie]) {
      const added = await sudo(api.tx.lineage.addEvaluator(who.address));
      assert.equal(event(added.events, 'lineage', 'EvaluatorAdded').who.toString(), who.address);
    }

    // Alice opens the pool: its amount and deposit are held from her.
    const start = await bestNumber();
    state.closesAt = start + 14;
    const before = await account(alice.address);
    // A closing block in the past, or an amount below the minimum payment, is refused.
    const [past, tiny] = await submitMany(alice, [
      api.tx.rewards.openPool(bench, METRIC, true, BASELINE, start, POOL_AMOUNT),
      api.tx.rewards.openPool(bench, METRIC, true, BASELINE, state.closesAt, 5),
    ]);
    assert.equal(past.dispatchError, 'rewards.InvalidClosingBlock');
    assert.equal(tiny.dispatchError, 'rewards.BelowMinimumPayment');
    const beforeOpen = await account(alice.address);
    assert.equal(beforeOpen.free, before.free - txFee(past) - txFee(tiny));
    const opened = await mustPass(
      api.tx.rewards.openPool(bench, METRIC, true, BASELINE, state.closesAt, POOL_AMOUNT),
      alice,
    );
    const data = event(opened.events, 'rewards', 'PoolOpened');
    state.pool = data.pool.toNumber();
    assert.equal(data.sponsor.toString(), alice.address);
    assert.equal(data.benchmark.toNumber(), bench);
    assert.equal(data.amount.toBigInt(), POOL_AMOUNT);
    assert.equal(data.closesAt.toNumber(), state.closesAt);
    const pool = await ok('rewards_pool', [state.pool, null]);
    state.deposit = BigInt(pool.deposit);
    assert.ok(state.deposit > 0n);
    assert.deepEqual(pool, {
      sponsor: alice.address,
      benchmark: bench,
      metric: METRIC,
      higherIsBetter: true,
      baseline: BASELINE,
      closesAt: state.closesAt,
      amount: POOL_AMOUNT.toString(),
      deposit: state.deposit.toString(),
      state: 'open',
      entries: 0,
    });
    assert.equal(await heldFor(alice.address, 'PoolPrize', opened.blockHash), POOL_AMOUNT);
    assert.equal(await heldFor(alice.address, 'PoolDeposit', opened.blockHash), state.deposit);
    const afterOpen = await account(alice.address, opened.blockHash);
    assert.equal(afterOpen.free, beforeOpen.free - POOL_AMOUNT - state.deposit - txFee(opened));
    assert.equal(afterOpen.reserved, beforeOpen.reserved + POOL_AMOUNT + state.deposit);
    assert.equal(await bestNumber() < state.closesAt, true, 'the pool is still open');
  });

  test('accredited evaluators score under their grants; strangers, own models and early settlement are refused', async () => {
    const { pool, models: m, eveEval, ferdieEval } = state;
    const score = (model, value, grant) => api.tx.rewards.submitScore(pool, model, value, grant);
    // Eve scores A, B and D, and tries her own model; Dave, not accredited, tries to score;
    // Bob tries to settle the open pool.
    const maxBatch = api.consts.rewards.maxSettleBatch.toNumber();
    const [[onA, onB, onD, own], stranger, early] = await Promise.all([
      submitMany(eve, [
        score(m.a, 800_000, eveEval),
        score(m.b, 900_001, eveEval),
        score(m.d, 550_000, eveEval),
        score(m.e, 999_999, eveEval),
      ]),
      submit(api, score(m.a, 1_000_000, eveEval), dave),
      submit(api, api.tx.rewards.settlePool(pool, maxBatch), bob),
    ]);
    allPass([onA, onB, onD]);
    assert.equal(own.dispatchError, 'rewards.OwnModel');
    assert.equal(stranger.dispatchError, 'rewards.NotAccredited');
    assert.equal(early.dispatchError, 'rewards.PoolOpen');
    const submitted = event(onB.events, 'rewards', 'ScoreSubmitted');
    assert.deepEqual(
      [submitted.pool.toNumber(), submitted.model.toNumber(), submitted.evaluator.toString(), submitted.score.toNumber()],
      [pool, m.b, eve.address, 900_001],
    );
    // Ferdie scores B below the baseline, and C, wholly below it.
    allPass(await submitMany(ferdie, [score(m.b, 400_000, ferdieEval), score(m.c, 400_000, ferdieEval)]));

    // Every accepted score consumed an evaluation use of the benchmark, logged; the refused
    // ones consumed nothing.
    for (const [grant, who, uses] of [[eveEval, eve, 3], [ferdieEval, ferdie, 2]]) {
      assert.equal((await ok('consent_getGrant', [grant])).uses, uses);
      const log = await ok('consent_accessLog', [grant, null, null]);
      assert.equal(log.items.length, uses);
      assert.ok(log.items.every((i) => i.accessor === who.address && i.purpose === 'Evaluation'), JSON.stringify(log));
    }
    assert.equal((await ok('rewards_pool', [pool, null])).entries, 4);
    assert.ok((await bestNumber()) < state.closesAt, 'scored before the closing block');
  });

  test('the standings follow the rule: floor means, distance beyond the baseline, prizes by weight', async () => {
    const { pool, models: m } = state;
    const standings = await ok('rewards_poolStandings', [pool, null]);
    // Entries in the order first scored: Eve's A, B, D, then Ferdie's C. B's score is the
    // floor of the mean of 900001 and 400000.
    const expected = [
      { model: m.a, scores: [800_000] },
      { model: m.b, scores: [900_001, 400_000] },
      { model: m.d, scores: [550_000] },
      { model: m.c, scores: [400_000] },
    ].map(({ model, scores }) => {
      const score = Math.floor(scores.reduce((s, x) => s + x, 0) / scores.length);
      return { model, score, evaluations: scores.length, weight: BigInt(Math.max(0, score - BASELINE)) };
    });
    assert.equal(expected[1].score, 650_000);
    const total = expected.reduce((s, e) => s + e.weight, 0n);
    assert.deepEqual(
      standings,
      expected.map((e) => ({ ...e, weight: e.weight.toString(), prize: ((POOL_AMOUNT * e.weight) / total).toString() })),
    );
    state.standings = standings;
    state.totalWeight = total;
  });

  test('after the closing block: the dry run, settlement in batches, and claims match to the planck', async () => {
    const { pool, models: m } = state;
    // D's grant is revoked with StopUse: its prize cannot be paid and returns to Alice.
    const revoked = await mustPass(api.tx.consent.revokeConsent(state.gs), alice);
    assert.equal(event(revoked.events, 'consent', 'ConsentRevoked').effect.toString(), 'StopUse');

    await waitForBest(state.closesAt);
    const late = await submit(api, api.tx.rewards.submitScore(pool, m.c, 900_000, state.eveEval), eve);
    assert.equal(late.dispatchError, 'rewards.PoolClosed');
    assert.equal((await ok('consent_getGrant', [state.eveEval])).uses, 3, 'a refused score consumes nothing');
    assert.deepEqual(await ok('rewards_poolStandings', [pool, null]), state.standings, 'the scores are final');

    // The dry run: A and B paid, D forfeited, C (no prize) absent.
    const payout = await ok('rewards_poolPayout', [pool, null]);
    const prizeOf = (model) => state.standings.find((s) => s.model === model).prize;
    assert.deepEqual(
      payout.prizes.map((p) => [p.model, p.prize, p.outcome]),
      [[m.a, prizeOf(m.a), 'paid'], [m.b, prizeOf(m.b), 'paid'], [m.d, prizeOf(m.d), 'forfeited']],
    );
    const forfeited = payout.prizes[2];
    assert.deepEqual([forfeited.credits, forfeited.entryFees, forfeited.charged], [[], [], '0']);
    assert.equal(
      forfeited.reason,
      `grant ${state.gs} in the consent basis of model ${m.d} was revoked with effect StopUse: ` +
        'the model may not be paid until a version without it is registered',
    );
    // Each paid prize: its split and its entry fees, both out of the prize. The entry fees
    // are what the chain's state says, prize after prize: a claimable balance for each new
    // payee and an entry per new source, at the existential deposit each.
    const hasClaimable = new Set();
    const earned = new Set();
    for (const who of everyone) {
      if ((await claimable(who.address)) > 0n) hasClaimable.add(who.address);
      for (const item of (await ok('rewards_earnings', [who.address, null, 100, null])).items) {
        earned.add(`${who.address} ${JSON.stringify(item.source)}`);
      }
    }
    const paid = payout.prizes.filter((p) => p.outcome === 'paid');
    for (const p of paid) {
      const lines = [];
      for (const c of p.credits) {
        let line = lines.find((l) => l.account === c.account);
        if (!line) {
          line = { account: c.account, entries: hasClaimable.has(c.account) ? 0 : 1 };
          hasClaimable.add(c.account);
          lines.push(line);
        }
        const source = `${c.account} ${sourceKey(c)}`;
        if (!earned.has(source)) {
          earned.add(source);
          line.entries += 1;
        }
      }
      const expectedFees = lines
        .filter((l) => l.entries > 0)
        .map((l) => ({ ...l, amount: (ENTRY_FEE * BigInt(l.entries)).toString() }));
      assert.deepEqual(p.entryFees, expectedFees, `entry fees of model ${p.model}'s prize`);
      const charged = sum(p.credits.map((c) => c.amount)) + sum(p.entryFees.map((l) => l.amount));
      assert.equal(BigInt(p.charged), charged);
      assert.ok(charged <= BigInt(p.prize));
      assert.ok(p.credits.every((c) => BigInt(c.amount) > 0n));
      assert.equal(p.reason, null);
    }
    // B's prize flows up its lineage: to A's owner and D1's contributors too.
    const ofB = paid.find((p) => p.model === m.b);
    assert.ok(ofB.credits.some((c) => c.model === m.a && c.account === bob.address && c.reason === 'modelOwner'));
    assert.ok(ofB.credits.some((c) => c.dataset === state.d1 && c.account === dave.address));
    const spent = sum(paid.map((p) => p.charged));
    assert.equal(BigInt(payout.returned), POOL_AMOUNT - spent);
    // The forfeited prize and the rounding return, at least.
    assert.ok(BigInt(payout.returned) >= BigInt(forfeited.prize) + 1n);

    const claimableBefore = {};
    for (const who of everyone) claimableBefore[who.address] = await claimable(who.address);
    const [totalBefore, potBefore] = [await totalClaimable(), (await account(POT)).free];

    // A batch of no entries is refused.
    const zero = await submit(api, api.tx.rewards.settlePool(pool, 0), bob);
    assert.equal(zero.dispatchError, 'rewards.InvalidBatch');

    // Bob settles A alone, then the rest, asking for more entries per call than the runtime's
    // `MaxSettleBatch` (which clamps the batch), until the pool is settled.
    const maxBatch = api.consts.rewards.maxSettleBatch.toNumber();
    assert.ok(maxBatch >= 1);
    const first = await mustPass(api.tx.rewards.settlePool(pool, 1), bob);
    assert.deepEqual(
      events(first.events, 'rewards', 'PrizePaid').map((d) => d.model.toNumber()),
      [m.a],
      'a batch of one pays one prize',
    );
    const settling = await ok('rewards_pool', [pool, null]);
    assert.deepEqual(settling.state, {
      settling: { totalWeight: state.totalWeight.toString(), next: 1, spent: payout.prizes[0].charged },
    });
    // What is left to settle is the rest of the same dry run.
    assert.deepEqual(await ok('rewards_poolPayout', [pool, null]), { prizes: payout.prizes.slice(1), returned: payout.returned });
    assert.deepEqual(await ok('rewards_poolStandings', [pool, null]), state.standings.slice(1));
    const calls = [first];
    while (events(calls.at(-1).events, 'rewards', 'PoolSettled').length === 0) {
      assert.ok(calls.length < 4, 'four entries take at most four calls');
      const call = await mustPass(api.tx.rewards.settlePool(pool, 100), bob);
      const prizes = events(call.events, 'rewards', 'PrizePaid').length + events(call.events, 'rewards', 'PrizeForfeited').length;
      assert.ok(prizes <= maxBatch, `${prizes} prizes in one call, over MaxSettleBatch ${maxBatch}`);
      calls.push(call);
    }
    assert.ok(calls.length >= 1 + Math.ceil(2 / maxBatch), 'B and D take their batches');
    const last = calls.at(-1);
    const sponsorBefore = await account(alice.address, await parentOf(last.blockHash));

    // Every prize event and credit, in order, as the dry run said.
    const outcomes = [];
    for (const r of calls) {
      for (const { event: e } of r.events) {
        if (e.section !== 'rewards') continue;
        if (e.method === 'PrizePaid') {
          assert.equal(e.data.pool.toNumber(), pool);
          outcomes.push({
            model: e.data.model.toNumber(), prize: e.data.prize.toBigInt().toString(), outcome: 'paid',
            charged: e.data.charged.toBigInt().toString(), credited: [],
          });
        } else if (e.method === 'PrizeForfeited') {
          assert.equal(e.data.pool.toNumber(), pool);
          assert.ok(e.data.reason.isConsentWithdrawn, e.data.reason.toString());
          assert.equal(e.data.reason.asConsentWithdrawn.grant.toNumber(), state.gs);
          outcomes.push({
            model: e.data.model.toNumber(), prize: e.data.prize.toBigInt().toString(), outcome: 'forfeited',
            charged: '0', credited: [],
          });
        } else if (e.method === 'Credited') {
          outcomes.at(-1).credited.push(asCredit(e.data));
        }
      }
    }
    assert.deepEqual(outcomes, payout.prizes.map((p) => ({
      model: p.model,
      prize: p.prize,
      outcome: p.outcome,
      charged: p.charged,
      credited: [
        ...p.credits,
        ...p.entryFees.map(({ account: who, amount }) => ({ account: who, amount, model: p.model, reason: 'entryFee', dataset: null })),
      ],
    })));
    const settled = event(last.events, 'rewards', 'PoolSettled');
    assert.equal(settled.pool.toNumber(), pool);
    assert.equal(settled.paid.toBigInt(), spent);
    assert.equal(settled.returned.toBigInt(), BigInt(payout.returned));

    // Every claimable balance rose by its credits and entry fees; the pot holds it all.
    const risesBy = (address) => sum(paid.flatMap((p) => [
      ...p.credits.filter((c) => c.account === address).map((c) => c.amount),
      ...p.entryFees.filter((l) => l.account === address).map((l) => l.amount),
    ]));
    for (const who of everyone) {
      assert.equal(await claimable(who.address, last.blockHash), claimableBefore[who.address] + risesBy(who.address), who.address);
    }
    assert.equal(await totalClaimable(last.blockHash), totalBefore + spent);
    assert.equal((await account(POT, last.blockHash)).free, potBefore + spent);
    // Alice gets back what was not paid out, and her deposit; nothing stays held.
    const sponsorAfter = await account(alice.address, last.blockHash);
    assert.equal(sponsorAfter.free, sponsorBefore.free + BigInt(payout.returned) + state.deposit);
    const chargedInLast = sum(events(last.events, 'rewards', 'PrizePaid').map((d) => d.charged.toBigInt()));
    assert.equal(sponsorAfter.reserved, sponsorBefore.reserved - chargedInLast - BigInt(payout.returned) - state.deposit);
    assert.equal(await heldFor(alice.address, 'PoolPrize', last.blockHash), 0n);
    assert.equal(await heldFor(alice.address, 'PoolDeposit', last.blockHash), 0n);
    // The pool is gone.
    for (const method of ['rewards_pool', 'rewards_poolStandings', 'rewards_poolPayout']) {
      const e = await rpcError(method, [pool, null]);
      assert.equal(e.code, 8001);
      assert.equal(e.message, `unknown pool ${pool}`);
    }
    const again = await submit(api, api.tx.rewards.settlePool(pool, 1), bob);
    assert.equal(again.dispatchError, 'rewards.UnknownPool');

    // The winners claim: each is paid its whole claimable balance.
    for (const who of everyone) {
      const owed = await claimable(who.address);
      if (owed === 0n) continue;
      assert.ok(owed >= EXISTENTIAL_DEPOSIT);
      const before = (await account(who.address)).free;
      const claimed = await mustPass(api.tx.rewards.claimRewards(), who);
      assert.equal(event(claimed.events, 'rewards', 'RewardsClaimed').amount.toBigInt(), owed);
      assert.equal((await account(who.address, claimed.blockHash)).free, before + owed - txFee(claimed));
    }
    assert.equal(await totalClaimable(), 0n);
    assert.equal((await account(POT)).free, EXISTENTIAL_DEPOSIT);
  });
});
