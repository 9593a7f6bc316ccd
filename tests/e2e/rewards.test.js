// Rewards on the real node: a three-generation lineage with multi-contributor datasets, each
// model's royalty terms fixed at its registration, a derivative refused for passing its parent
// too little, a raise-only royalty policy, a usage payment on the grandchild whose credits and
// entry fees match `rewards_breakdown` account by account, claims that pay out exactly the
// claimable balances, earnings per source paged by cursor, a merge whose split a parent cannot
// change afterwards, a registration refused by its slippage bound after a front-run, the two
// revocation effects, and clear errors for bad input.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';

import { devAccounts, submit } from './lib/chain.js';
import { devNodeSuite } from './lib/suite.js';

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
const PERCENT = 10_000_000; // parts per billion
const ALL = 100 * PERCENT;
const EXISTENTIAL_DEPOSIT = 1_000_000_000n;
// What a payment pays for each storage entry it creates: the existential deposit.
const ENTRY_FEE = EXISTENTIAL_DEPOSIT;
// 1000 PROV and 7 planck: the odd planck makes rounding dust.
const AMOUNT = 1_000_000_000_000_007n;
// The pallet account: "modl" ++ PalletId(b"prv/rwds"), zero-padded to 32 bytes.
const POT = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('prv/rwds'), new Uint8Array(20)), 42);
const sum = (xs) => xs.reduce((s, x) => s + BigInt(x), 0n);

describe('rewards over RPC', () => {
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
  const free = async (address, at) => {
    const account = at ? await (await api.at(at)).query.system.account(address) : await api.query.system.account(address);
    return account.data.free.toBigInt();
  };
  const claimable = async (address, at = null) => BigInt(await ok('rewards_claimable', [address, at]));
  const totalClaimable = async (at = null) => BigInt(await ok('rewards_totalClaimable', [at]));
  const txFee = (result) => event(result.events, 'transactionPayment', 'TransactionFeePaid').actualFee.toBigInt();
  const parentOf = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).parentHash.toHex();

  const registerTx = (name, { kind, parents = [], inputs = [], policy = 'Open', maxParentShare = ALL }) =>
    api.tx.lineage.registerModel(
      hex(), name, '1.0', `hf://provenance/${name}`, 'Apache-2.0', hex(), policy,
      kind, parents, inputs, 'Training', hex(), hex(), null, maxParentShare, api.consts.lineage.maxBasisGrants,
    );
  const registerModel = (signer, { name, ...spec }) => submit(api, registerTx(name, spec), signer);
  const modelId = (result) => event(result.events, 'lineage', 'ModelRegistered').id.toNumber();
  /** Registers a model that must pass; returns its id. */
  const newModel = async (signer, spec) => {
    const result = await registerModel(signer, spec);
    assert.equal(result.dispatchError, null, `registering ${spec.name}`);
    return modelId(result);
  };
  /** A public dataset of Alice's with `contributors`; returns its id. */
  const newDataset = async (contributors = [], uri = 'ipfs://rewards') => {
    const { events: evs } = await mustPass(
      api.tx.datasets.registerDataset(hex(), hex(), uri, 'CC-BY-4.0', 'Public', null, contributors),
      alice,
    );
    return event(evs, 'datasets', 'DatasetRegistered').id.toNumber();
  };
  /** Alice's training grant on `dataset` to `grantee`; anyone may build on what is trained. */
  const newGrant = async (dataset, grantee, terms = {}) => {
    const { events: evs } = await mustPass(
      api.tx.consent.grantConsent(
        dataset, { Account: grantee.address }, ['Training'], null, null,
        { termsHash: hex(), derivatives: 'Anyone', ...terms },
      ),
      alice,
    );
    return event(evs, 'consent', 'ConsentGranted').grant.toNumber();
  };
  /** The `RoyaltyTermsFixed` event of a registration, in plain numbers. */
  const termsFixed = (result) => {
    const data = event(result.events, 'rewards', 'RoyaltyTermsFixed');
    return {
      model: data.model.toNumber(),
      policy: {
        parentShare: data.policy.parentShare.toNumber(),
        datasetShare: data.policy.datasetShare.toNumber(),
        minDerivativeShare: data.policy.minDerivativeShare.toNumber(),
      },
      parentMinimums: data.parentMinimums.map((p) => p.toNumber()),
    };
  };
  const DEFAULT_POLICY = { parentShare: 10 * PERCENT, datasetShare: 20 * PERCENT, minDerivativeShare: 0 };

  /** A `Credited` event as `rewards_breakdown` shows a credit. */
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
  const credited = (evs) => events(evs, 'rewards', 'Credited').map(asCredit);
  /** The `Credited` events a payment on `model` with this breakdown must emit, in order. */
  const expectedCredited = (model, { credits, entryFees }) => [
    ...credits,
    ...entryFees.map(({ account, amount }) => ({ account, amount, model, reason: 'entryFee', dataset: null })),
  ];
  /** Where a credit's income comes from, as `rewards_earnings` names it. */
  const sourceOf = (c) =>
    c.reason === 'datasetContributor' || c.reason === 'datasetOwner' ? { dataset: c.dataset } : { model: c.model };
  const key = (source) => JSON.stringify(source);
  /** Every page of `account`'s earnings, `limit` at a time, as [{ source, amount }]. */
  const allEarnings = async (account, limit = 100, at = null) => {
    const items = [];
    let cursor = null;
    for (let pages = 0; ; pages += 1) {
      assert.ok(pages < 100, 'the cursor ends');
      const page = await ok('rewards_earnings', [account, cursor, limit, at]);
      assert.ok(page.items.length <= limit);
      items.push(...page.items);
      if (page.next === null) return items;
      assert.deepEqual(page.next, page.items.at(-1).source, 'the cursor is the last source of the page');
      cursor = page.next;
    }
  };
  /**
   * The entry fees a payment with `credits` must charge, worked out from the chain's state,
   * not from the breakdown: per account in first-seen order, one entry if it has no claimable
   * balance and one per source it never earned from, at the existential deposit each.
   */
  const entryFeesFor = async (credits, at = null) => {
    const lines = [];
    for (const c of credits) {
      let line = lines.find((l) => l.account === c.account);
      if (!line) {
        const earned = new Set((await allEarnings(c.account, 100, at)).map((e) => key(e.source)));
        line = { account: c.account, entries: (await claimable(c.account, at)) === 0n ? 1 : 0, earned };
        lines.push(line);
      }
      const source = key(sourceOf(c));
      if (!line.earned.has(source)) {
        line.earned.add(source);
        line.entries += 1;
      }
    }
    return lines
      .filter((l) => l.entries > 0)
      .map(({ account, entries }) => ({ account, entries, amount: (ENTRY_FEE * BigInt(entries)).toString() }));
  };
  /** What each account's claimable balance must rise by: its credits and its entry fee. */
  const risesBy = (breakdown, account) =>
    sum(breakdown.credits.filter((c) => c.account === account).map((c) => c.amount)) +
    sum(breakdown.entryFees.filter((l) => l.account === account).map((l) => l.amount));
  /** Checks a breakdown's own arithmetic and its entry fees against the chain's state. */
  const checkBreakdown = async (breakdown, model, amount, at = null) => {
    assert.equal(breakdown.model, model);
    assert.equal(breakdown.amount, amount.toString());
    assert.equal(sum(breakdown.credits.map((c) => c.amount)), amount, 'the credits add up to the payment, to the planck');
    assert.ok(breakdown.credits.every((c) => BigInt(c.amount) > 0n), 'no zero credits');
    for (const { account, amount: total } of breakdown.perAccount) {
      assert.equal(BigInt(total), sum(breakdown.credits.filter((c) => c.account === account).map((c) => c.amount)), account);
    }
    assert.deepEqual(breakdown.entryFees, await entryFeesFor(breakdown.credits, at));
    assert.equal(BigInt(breakdown.charged), amount + sum(breakdown.entryFees.map((l) => l.amount)));
  };
  /**
   * Pays `amount` for `model` as `payer`, checking that exactly what `breakdown` said was
   * charged and credited: the events, every claimable balance, the total and the pot.
   */
  const payAsBreakdownSays = async (model, amount, payer, breakdown) => {
    const claimableBefore = {};
    for (const who of everyone) claimableBefore[who.address] = await claimable(who.address);
    const [totalBefore, potBefore, payerBefore] = [await totalClaimable(), await free(POT), await free(payer.address)];
    const paid = await mustPass(api.tx.rewards.payUsage(model, amount), payer);
    const charged = BigInt(breakdown.charged);
    const usage = event(paid.events, 'rewards', 'UsagePaid');
    assert.equal(usage.model.toNumber(), model);
    assert.equal(usage.payer.toString(), payer.address);
    assert.equal(usage.amount.toBigInt(), amount);
    assert.equal(usage.entryFees.toBigInt(), charged - amount);
    // One `Credited` per credit of the breakdown, in its order, then one per entry fee.
    assert.deepEqual(credited(paid.events), expectedCredited(model, breakdown));
    for (const who of everyone) {
      assert.equal(
        await claimable(who.address, paid.blockHash),
        claimableBefore[who.address] + risesBy(breakdown, who.address),
        `claimable of ${who.address}`,
      );
    }
    assert.equal(await totalClaimable(paid.blockHash), totalBefore + charged);
    assert.equal(await free(POT, paid.blockHash), potBefore + charged);
    assert.equal(await free(payer.address, paid.blockHash), payerBefore - charged - txFee(paid));
    return paid;
  };

  const datasets = {};
  const grants = {};
  const models = {};
  let breakdown;
  let firstPaidAt;

  test('three generations register under their parents\' royalty minimums, each with its terms fixed', async () => {
    // D0: two contributors; D1: none (its owner is paid); D2: three contributors.
    datasets.d0 = await newDataset([[charlie.address, 60 * PERCENT], [dave.address, 40 * PERCENT]], 'ipfs://d0');
    datasets.d1 = await newDataset([], 'ipfs://d1');
    datasets.d2 = await newDataset(
      [[eve.address, 50 * PERCENT], [charlie.address, 25 * PERCENT], [ferdie.address, 25 * PERCENT]], 'ipfs://d2',
    );
    // The lineage crosses owners (Charlie builds on Bob's model, Dave on Charlie's), so every
    // grant lets anyone derive from what is trained under it.
    for (const [name, dataset, grantee] of [['g0', 'd0', bob], ['g1', 'd1', bob], ['g2', 'd2', charlie], ['g3', 'd1', dave]]) {
      grants[name] = await newGrant(datasets[dataset], grantee);
    }

    // M0 (Bob) asks 10% of its derivatives. Its terms are fixed at registration: no parents,
    // and the default policy. No `RoyaltyPolicySet`: that is for raises only.
    const m0 = await registerModel(bob, {
      name: 'base', kind: 'Pretrain',
      inputs: [
        { dataset: datasets.d0, role: 'Train', grant: grants.g0 },
        { dataset: datasets.d1, role: 'Validation', grant: grants.g1 },
      ],
      policy: { RoyaltyRequired: { minShare: 10 * PERCENT } },
    });
    assert.equal(m0.dispatchError, null);
    models.m0 = modelId(m0);
    assert.deepEqual(termsFixed(m0), { model: models.m0, policy: DEFAULT_POLICY, parentMinimums: [] });
    assert.equal(events(m0.events, 'rewards', 'RoyaltyPolicySet').length, 0);
    assert.deepEqual(await ok('rewards_parentMinimums', [models.m0, null]), []);
    // A greedy parent asking 85%: with the default 20% dataset share no derivative can pay it.
    const greedy = await registerModel(bob, {
      name: 'greedy', kind: 'Pretrain', inputs: [],
      parents: [[models.m0, 'FineTune']],
      policy: { RoyaltyRequired: { minShare: 85 * PERCENT } },
    });
    assert.equal(greedy.dispatchError, null);
    assert.deepEqual(termsFixed(greedy).parentMinimums, [10 * PERCENT]);
    // Refused whatever bound the registrant gives: even 100% cannot pay 85% and 20%.
    const refused = await registerModel(dave, {
      name: 'starved', kind: 'FineTune', parents: [[modelId(greedy), 'FineTune']],
      inputs: [{ dataset: datasets.d1, role: 'Train', grant: grants.g3 }],
    });
    assert.equal(refused.dispatchError, 'rewards.BelowParentMinimum');
    // Nothing was consumed: the grant is still unused.
    assert.equal((await ok('consent_getGrant', [grants.g3])).uses, 0);

    // M1 (Charlie) fine-tunes M0 on D2, owing M0 its 10%, then raises its policy: 20% up, 25%
    // to data, 5% asked.
    const m1 = await registerModel(charlie, {
      name: 'tuned', kind: 'FineTune', parents: [[models.m0, 'FineTune']],
      inputs: [{ dataset: datasets.d2, role: 'Train', grant: grants.g2 }],
      maxParentShare: 10 * PERCENT,
    });
    assert.equal(m1.dispatchError, null);
    models.m1 = modelId(m1);
    assert.deepEqual(termsFixed(m1), { model: models.m1, policy: DEFAULT_POLICY, parentMinimums: [10 * PERCENT] });
    assert.deepEqual(await ok('rewards_parentMinimums', [models.m1, null]), [10 * PERCENT]);
    const policy = { parentShare: 20 * PERCENT, datasetShare: 25 * PERCENT, minDerivativeShare: 5 * PERCENT };
    const set = await mustPass(api.tx.rewards.setRoyaltyPolicy(models.m1, policy), charlie);
    assert.equal(event(set.events, 'rewards', 'RoyaltyPolicySet').model.toNumber(), models.m1);
    assert.deepEqual(await ok('rewards_royaltyPolicy', [models.m1]), {
      parentSharePartsPerBillion: 20 * PERCENT,
      datasetSharePartsPerBillion: 25 * PERCENT,
      minDerivativeSharePartsPerBillion: 5 * PERCENT,
      ownerSharePartsPerBillion: 55 * PERCENT,
    });
    // Shares only rise.
    const lowered = await submit(api, api.tx.rewards.setRoyaltyPolicy(models.m1, { ...policy, datasetShare: 0 }), charlie);
    assert.equal(lowered.dispatchError, 'rewards.ShareLowered');
    // Only the owner sets it.
    const stranger = await submit(api, api.tx.rewards.setRoyaltyPolicy(models.m1, policy), dave);
    assert.equal(stranger.dispatchError, 'rewards.NotModelOwner');

    // M2 (Dave) quantizes M1: the grandchild, with the default policy, owing M1 the 5% it
    // asks now.
    const m2 = await registerModel(dave, { name: 'small', kind: 'Quantize', parents: [[models.m1, 'Quantize']] });
    assert.equal(m2.dispatchError, null);
    models.m2 = modelId(m2);
    assert.deepEqual(termsFixed(m2), { model: models.m2, policy: DEFAULT_POLICY, parentMinimums: [5 * PERCENT] });
    assert.deepEqual(await ok('rewards_parentMinimums', [models.m2, null]), [5 * PERCENT]);
    assert.deepEqual(await ok('rewards_royaltyPolicy', [models.m2]), {
      parentSharePartsPerBillion: 10 * PERCENT,
      datasetSharePartsPerBillion: 20 * PERCENT,
      minDerivativeSharePartsPerBillion: 0,
      ownerSharePartsPerBillion: 70 * PERCENT,
    });
  });

  test('a usage payment on the grandchild credits every account what rewards_breakdown said, entry fees included', async () => {
    assert.equal(await ok('rewards_totalClaimable', []), '0');

    breakdown = await ok('rewards_breakdown', [models.m2, AMOUNT.toString(), null]);
    await checkBreakdown(breakdown, models.m2, AMOUNT);
    // Every generation, both datasets' contributors and the contributor-less dataset's owner.
    const has = (model, reason, dataset = null) =>
      breakdown.credits.some((c) => c.model === model && c.reason === reason && c.dataset === dataset);
    assert.ok(has(models.m2, 'modelOwner'));
    assert.ok(has(models.m1, 'modelOwner'));
    assert.ok(has(models.m0, 'modelOwner'));
    assert.ok(has(models.m1, 'datasetContributor', datasets.d2));
    assert.ok(has(models.m0, 'datasetContributor', datasets.d0));
    assert.ok(has(models.m0, 'datasetOwner', datasets.d1));
    // M2 used no datasets of its own, so keeps its dataset share too: all but its 10% parent
    // share. M1 gets that 10% (its 5% minimum plus the rest of the pool) and keeps 55% of it.
    const ownerOf = (model) => breakdown.credits.find((c) => c.model === model && c.reason === 'modelOwner');
    assert.equal(BigInt(ownerOf(models.m2).amount), AMOUNT - AMOUNT / 10n);
    assert.equal(ownerOf(models.m2).account, dave.address);
    assert.equal(BigInt(ownerOf(models.m1).amount), ((AMOUNT / 10n) * 55n) / 100n);
    // Nobody was ever credited: every payee gets a claimable balance and an entry per source
    // (Charlie: M1 as its owner, D0 and D2 as a contributor), at the existential deposit each.
    const charlieFee = breakdown.entryFees.find((l) => l.account === charlie.address);
    assert.deepEqual(charlieFee, { account: charlie.address, entries: 4, amount: (4n * ENTRY_FEE).toString() });
    assert.deepEqual(
      breakdown.entryFees.map((l) => l.account),
      breakdown.perAccount.map((p) => p.account),
      'every payee is new',
    );

    const paid = await payAsBreakdownSays(models.m2, AMOUNT, ferdie, breakdown);
    firstPaidAt = paid.blockHash;
    assert.equal(await totalClaimable(), BigInt(breakdown.charged));
    // Every claimable balance is at least the existential deposit.
    for (const { account } of breakdown.perAccount) assert.ok((await claimable(account)) >= EXISTENTIAL_DEPOSIT);
    // At the block before the payment nothing was claimable.
    const parent = await parentOf(firstPaidAt);
    assert.equal(await claimable(dave.address, parent), 0n);
    assert.equal(await ok('rewards_totalClaimable', [parent]), '0');
    // The block before still shows the breakdown as it was, entry fees and all.
    assert.deepEqual(await ok('rewards_breakdown', [models.m2, AMOUNT.toString(), parent]), breakdown);
  });

  test('a second payment creates no storage entries and pays no entry fees', async () => {
    const again = await ok('rewards_breakdown', [models.m2, AMOUNT.toString(), null]);
    assert.deepEqual(again.credits, breakdown.credits, 'the same split');
    assert.deepEqual(again.entryFees, []);
    assert.equal(again.charged, AMOUNT.toString());
    const paid = await payAsBreakdownSays(models.m2, AMOUNT, eve, again);
    assert.equal(events(paid.events, 'rewards', 'Credited').filter((d) => d.reason.isEntryFee).length, 0);
    assert.equal(event(paid.events, 'rewards', 'UsagePaid').entryFees.toBigInt(), 0n);
  });

  test('claims pay out exactly the claimable balances and leave the pot its deposit', async () => {
    for (const who of everyone) {
      const owed = await claimable(who.address);
      if (owed === 0n) {
        const none = await submit(api, api.tx.rewards.claimRewards(), who);
        assert.equal(none.dispatchError, 'rewards.NothingToClaim');
        continue;
      }
      assert.ok(owed >= EXISTENTIAL_DEPOSIT, 'no claimable balance is below the existential deposit');
      const before = await free(who.address);
      const result = await mustPass(api.tx.rewards.claimRewards(), who);
      const claimed = event(result.events, 'rewards', 'RewardsClaimed');
      assert.equal(claimed.who.toString(), who.address);
      assert.equal(claimed.amount.toBigInt(), owed);
      const fee = event(result.events, 'transactionPayment', 'TransactionFeePaid');
      assert.equal(fee.who.toString(), who.address);
      assert.equal(await free(who.address, result.blockHash), before + owed - fee.actualFee.toBigInt());
      assert.equal(await claimable(who.address, result.blockHash), 0n);
      // A second claim has nothing left.
      const again = await submit(api, api.tx.rewards.claimRewards(), who);
      assert.equal(again.dispatchError, 'rewards.NothingToClaim');
    }
    assert.equal(await ok('rewards_totalClaimable', []), '0');
    assert.equal(await free(POT), EXISTENTIAL_DEPOSIT);
  });

  test('rewards_earnings pages a contributor\'s income per source by cursor, claims aside', async () => {
    // Charlie earned from M1 (its owner), D0 and D2 (a contributor), twice each.
    const expected = new Map();
    for (const c of breakdown.credits.filter((c) => c.account === charlie.address)) {
      const k = key(sourceOf(c));
      expected.set(k, (expected.get(k) ?? 0n) + 2n * BigInt(c.amount));
    }
    assert.deepEqual(
      [...expected.keys()].sort(),
      [{ model: models.m1 }, { dataset: datasets.d0 }, { dataset: datasets.d2 }].map(key).sort(),
    );

    const whole = await ok('rewards_earnings', [charlie.address, null, 100, null]);
    assert.equal(whole.next, null);
    assert.equal(whole.items.length, 3);
    assert.deepEqual(new Map(whole.items.map((i) => [key(i.source), BigInt(i.amount)])), expected);

    // One at a time: each page one source, its cursor the source to start after.
    const first = await ok('rewards_earnings', [charlie.address, null, 1, null]);
    assert.deepEqual(first.items, whole.items.slice(0, 1));
    assert.deepEqual(first.next, whole.items[0].source);
    const second = await ok('rewards_earnings', [charlie.address, first.next, 1, null]);
    assert.deepEqual(second.items, whole.items.slice(1, 2));
    assert.deepEqual(await allEarnings(charlie.address, 1), whole.items);
    // A cursor of each kind is taken as given.
    const afterLast = await ok('rewards_earnings', [charlie.address, whole.items[2].source, 1, null]);
    assert.deepEqual(afterLast, { items: [], next: null });
    // At the block before the first payment there was nothing.
    assert.deepEqual(await ok('rewards_earnings', [charlie.address, null, 10, await parentOf(firstPaidAt)]), { items: [], next: null });
    // Claims did not touch the income: Bob's is still his owner's part of M0, twice.
    const bobsPart = sum(breakdown.credits.filter((c) => c.account === bob.address).map((c) => c.amount));
    assert.deepEqual(await ok('rewards_earnings', [bob.address, null, 10, null]), {
      items: [{ source: { model: models.m0 }, amount: (2n * bobsPart).toString() }],
      next: null,
    });
    // An account that never earned has no sources.
    assert.deepEqual(await ok('rewards_earnings', [POT, null, 10, null]), { items: [], next: null });

    // A page over the cap of 100 is refused, saying so.
    let e = await rpcError('rewards_earnings', [charlie.address, null, 101, null]);
    assert.equal(e.code, 8002);
    assert.equal(e.message, 'page size 101 is over the cap of 100');
    // A cursor that is not a source is invalid params.
    e = await rpcError('rewards_earnings', [charlie.address, { grant: 1 }, 1, null]);
    assert.equal(e.code, -32602);
  });

  const merge = {};

  test('a merge\'s split is fixed at registration: a parent raising its minimum to 100% changes nothing for it', async () => {
    // A (Bob) is trained on DA and asks 10% of its derivatives; B (Charlie) is trained on DB
    // and asks 5% through its royalty policy.
    const da = await newDataset([[eve.address, ALL]], 'ipfs://da');
    const db = await newDataset([[ferdie.address, 70 * PERCENT], [charlie.address, 30 * PERCENT]], 'ipfs://db');
    merge.a = await newModel(bob, {
      name: 'parent-a', kind: 'Pretrain', inputs: [{ dataset: da, role: 'Train', grant: await newGrant(da, bob) }],
      policy: { RoyaltyRequired: { minShare: 10 * PERCENT } },
    });
    merge.b = await newModel(charlie, {
      name: 'parent-b', kind: 'Pretrain', inputs: [{ dataset: db, role: 'Train', grant: await newGrant(db, charlie) }],
    });
    merge.bPolicy = { parentShare: 10 * PERCENT, datasetShare: 30 * PERCENT, minDerivativeShare: 5 * PERCENT };
    await mustPass(api.tx.rewards.setRoyaltyPolicy(merge.b, merge.bPolicy), charlie);

    // Dave merges them, agreeing to pass at most 20% up: they ask 15% together.
    const registered = await registerModel(dave, {
      name: 'merged', kind: 'Merge', parents: [[merge.a, 'Merge'], [merge.b, 'Merge']], maxParentShare: 20 * PERCENT,
    });
    assert.equal(registered.dispatchError, null);
    merge.m = modelId(registered);
    assert.deepEqual(termsFixed(registered), {
      model: merge.m,
      policy: { ...DEFAULT_POLICY, parentShare: 15 * PERCENT },
      parentMinimums: [10 * PERCENT, 5 * PERCENT],
    });
    assert.deepEqual(await ok('rewards_parentMinimums', [merge.m, null]), [10 * PERCENT, 5 * PERCENT]);

    merge.amount = 500_000_000_000_003n;
    merge.before = await ok('rewards_breakdown', [merge.m, merge.amount.toString(), null]);
    await checkBreakdown(merge.before, merge.m, merge.amount);
    // B's share: its 5% of the merge's income, split by B's own policy.
    const ofB = (b) => b.credits.filter((c) => c.model === merge.b);
    merge.bShare = sum(ofB(merge.before).map((c) => c.amount));
    assert.equal(merge.bShare, (merge.amount * 5n) / 100n);
    assert.ok(ofB(merge.before).some((c) => c.reason === 'datasetContributor' && c.account === ferdie.address));

    // A's owner raises A's minimum to 100%.
    const raised = { parentShare: 10 * PERCENT, datasetShare: 20 * PERCENT, minDerivativeShare: ALL };
    const set = await mustPass(api.tx.rewards.setRoyaltyPolicy(merge.a, raised), bob);
    assert.equal(event(set.events, 'rewards', 'RoyaltyPolicySet').model.toNumber(), merge.a);
    assert.equal((await ok('rewards_royaltyPolicy', [merge.a])).minDerivativeSharePartsPerBillion, ALL);

    // The merge's terms, its whole split and B's share in it are what they were, to the planck.
    assert.deepEqual(await ok('rewards_parentMinimums', [merge.m, null]), [10 * PERCENT, 5 * PERCENT]);
    const after = await ok('rewards_breakdown', [merge.m, merge.amount.toString(), null]);
    assert.deepEqual(after, merge.before);
    assert.equal(sum(ofB(after).map((c) => c.amount)), merge.bShare);

    // And an actual payment credits B's side exactly that.
    const paid = await payAsBreakdownSays(merge.m, merge.amount, eve, after);
    const paidToB = credited(paid.events).filter((c) => c.model === merge.b && c.reason !== 'entryFee');
    assert.deepEqual(paidToB, ofB(merge.before));

    // A new derivative of A would owe it 100%: no derivative can pay that and its datasets.
    const d = await newDataset([], 'ipfs://late');
    const late = await registerModel(dave, {
      name: 'late', kind: 'FineTune', parents: [[merge.a, 'FineTune']],
      inputs: [{ dataset: d, role: 'Train', grant: await newGrant(d, dave) }],
    });
    assert.equal(late.dispatchError, 'rewards.BelowParentMinimum');
  });

  test('a registration whose parent raised its minimum just before is refused by its bound and consumes nothing', async () => {
    // Dave prepares a fine-tune of B, which asks 5% (so the default 10% parent share covers
    // it): he agrees to pass up at most 10%.
    const dc = await newDataset([[eve.address, ALL]], 'ipfs://dc');
    const gc = await newGrant(dc, dave);
    assert.equal((await ok('rewards_royaltyPolicy', [merge.b])).minDerivativeSharePartsPerBillion, 5 * PERCENT);
    const spec = {
      name: 'front-run', kind: 'FineTune', parents: [[merge.b, 'FineTune']],
      inputs: [{ dataset: dc, role: 'Train', grant: gc }],
    };

    // Charlie, B's owner, raises B's minimum to 40% first.
    await mustPass(api.tx.rewards.setRoyaltyPolicy(merge.b, { ...merge.bPolicy, minDerivativeShare: 40 * PERCENT }), charlie);
    const nextId = (await api.query.lineage.nextModelId()).toNumber();
    const [daveFree, daveReserved] = await api.query.system.account(dave.address)
      .then(({ data }) => [data.free.toBigInt(), data.reserved.toBigInt()]);
    const refused = await registerModel(dave, { ...spec, maxParentShare: 10 * PERCENT });
    assert.equal(refused.dispatchError, 'rewards.ParentShareAboveBound');
    // Nothing was consumed or registered: the grant is unused and its access log empty, no id
    // was taken, no deposit held; Dave paid the transaction fee only.
    assert.equal((await ok('consent_getGrant', [gc])).uses, 0);
    assert.deepEqual((await ok('consent_accessLog', [gc, null, null])).items, []);
    assert.equal((await api.query.lineage.nextModelId()).toNumber(), nextId);
    const { data } = await (await api.at(refused.blockHash)).query.system.account(dave.address);
    assert.equal(data.free.toBigInt(), daveFree - txFee(refused));
    assert.equal(data.reserved.toBigInt(), daveReserved);
    assert.ok(!refused.events.some(({ event: e }) => e.section === 'rewards' && e.method === 'RoyaltyTermsFixed'));

    // Accepting the new terms, the same registration passes and owes B the 40% it asks now.
    const accepted = await registerModel(dave, { ...spec, maxParentShare: 40 * PERCENT });
    assert.equal(accepted.dispatchError, null);
    const id = modelId(accepted);
    assert.deepEqual(termsFixed(accepted), {
      model: id,
      policy: { ...DEFAULT_POLICY, parentShare: 40 * PERCENT },
      parentMinimums: [40 * PERCENT],
    });
    assert.equal((await ok('consent_getGrant', [gc])).uses, 1);
    // The merge registered before either raise still splits as it did.
    assert.deepEqual(await ok('rewards_parentMinimums', [merge.m, null]), [10 * PERCENT, 5 * PERCENT]);
    const now = await ok('rewards_breakdown', [merge.m, merge.amount.toString(), null]);
    assert.deepEqual(now.credits, merge.before.credits);
  });

  test('a stop-use revocation stops payment for the model and its derivatives, with a clear RPC error', async () => {
    const ds = await newDataset([[eve.address, ALL]], 'ipfs://stop');
    const grant = await newGrant(ds, bob);
    const model = await newModel(bob, { name: 'stopped', kind: 'Pretrain', inputs: [{ dataset: ds, role: 'Train', grant }] });
    const child = await newModel(charlie, { name: 'stopped-child', kind: 'FineTune', parents: [[model, 'FineTune']] });
    const amount = 10_000_000_000_000n;
    for (const m of [model, child]) await ok('rewards_breakdown', [m, amount.toString(), null]);

    const revoked = await mustPass(api.tx.consent.revokeConsent(grant), alice);
    assert.equal(event(revoked.events, 'consent', 'ConsentRevoked').effect.toString(), 'StopUse');
    const [totalBefore, ferdieBefore] = [await totalClaimable(), await free(ferdie.address)];
    let fees = 0n;
    for (const m of [model, child]) {
      const refused = await submit(api, api.tx.rewards.payUsage(m, amount), ferdie);
      assert.equal(refused.dispatchError, 'rewards.ConsentWithdrawn', `model ${m}`);
      assert.equal(events(refused.events, 'rewards', 'Credited').length, 0);
      fees += txFee(refused);
      const e = await rpcError('rewards_breakdown', [m, amount.toString(), null]);
      assert.equal(e.code, 8005);
      assert.equal(
        e.message,
        `grant ${grant} in the consent basis of model ${m} was revoked with effect StopUse: ` +
          'the model may not be paid until a version without it is registered',
      );
      // Before the revocation the model could be paid.
      await ok('rewards_breakdown', [m, amount.toString(), await parentOf(revoked.blockHash)]);
    }
    assert.equal(await free(ferdie.address), ferdieBefore - fees);
    assert.equal(await totalClaimable(), totalBefore);
  });

  test('a keep-trained revocation goes on paying the dataset\'s contributors exactly what they were paid before', async () => {
    const dk = await newDataset([[charlie.address, 70 * PERCENT], [ferdie.address, 30 * PERCENT]], 'ipfs://kept');
    const grant = await newGrant(dk, bob, { onRevoke: 'NoNewTraining' });
    assert.equal((await ok('consent_getGrant', [grant])).onRevoke, 'NoNewTraining');
    const model = await newModel(bob, { name: 'kept', kind: 'Pretrain', inputs: [{ dataset: dk, role: 'Train', grant }] });
    const child = await newModel(dave, { name: 'kept-child', kind: 'FineTune', parents: [[model, 'FineTune']] });
    const amount = 20_000_000_000_011n;
    const before = {};
    for (const m of [model, child]) {
      before[m] = await ok('rewards_breakdown', [m, amount.toString(), null]);
      await checkBreakdown(before[m], m, amount);
    }
    const toContributors = (b) => b.credits.filter((c) => c.dataset === dk);
    assert.deepEqual(toContributors(before[child]).map((c) => [c.account, c.reason]), [
      [charlie.address, 'datasetContributor'],
      [ferdie.address, 'datasetContributor'],
    ]);

    const revoked = await mustPass(api.tx.consent.revokeConsent(grant), alice);
    assert.equal(event(revoked.events, 'consent', 'ConsentRevoked').effect.toString(), 'NoNewTraining');
    // The split is the same, to the planck: no revocation raises the owner's share.
    for (const m of [model, child]) assert.deepEqual(await ok('rewards_breakdown', [m, amount.toString(), null]), before[m]);
    const paid = await payAsBreakdownSays(child, amount, eve, before[child]);
    assert.deepEqual(credited(paid.events).filter((c) => c.dataset === dk), toContributors(before[child]));
    // The model itself goes on being paid too; its contributors get the same shares again.
    const again = await ok('rewards_breakdown', [model, amount.toString(), null]);
    assert.deepEqual(again.credits, before[model].credits);
    const paidModel = await payAsBreakdownSays(model, amount, eve, again);
    assert.deepEqual(credited(paidModel.events).filter((c) => c.dataset === dk), toContributors(before[model]));
  });

  test('bad input gets clear errors and moves no funds', async () => {
    let e = await rpcError('rewards_breakdown', [999, '1000000000000', null]);
    assert.equal(e.code, 8001);
    assert.equal(e.message, 'unknown model 999');
    e = await rpcError('rewards_breakdown', [models.m2, 'a lot', null]);
    assert.equal(e.code, -32602);
    assert.match(e.message, /invalid amount "a lot": it is not a non-negative decimal integer/);
    e = await rpcError('rewards_breakdown', [models.m2, '340282366920938463463374607431768211456', null]);
    assert.equal(e.code, -32602);
    assert.match(e.message, /does not fit a balance/);
    e = await rpcError('rewards_breakdown', [models.m2, '5', null]);
    assert.equal(e.code, -32602);
    assert.equal(e.message, 'amount is below the minimum usage payment of 10000000000 planck');
    e = await rpcError('rewards_breakdown', [models.m2, '1000000000000', hex()]);
    assert.equal(e.code, 8003);
    e = await rpcError('rewards_royaltyPolicy', [999, null]);
    assert.equal(e.code, 8001);
    assert.equal(e.message, 'unknown model 999');
    e = await rpcError('rewards_parentMinimums', [999, null]);
    assert.equal(e.code, 8001);
    assert.equal(e.message, 'unknown model 999');
    e = await rpcError('rewards_claimable', ['not-an-address', null]);
    assert.equal(e.code, -32602);

    const [before, totalBefore] = [await free(eve.address), await totalClaimable()];
    const below = await submit(api, api.tx.rewards.payUsage(models.m2, 5), eve);
    assert.equal(below.dispatchError, 'rewards.BelowMinimumPayment');
    const unknown = await submit(api, api.tx.rewards.payUsage(999, AMOUNT), eve);
    assert.equal(unknown.dispatchError, 'rewards.UnknownModel');
    // More than Eve has: refused by the balances pallet.
    const broke = await submit(api, api.tx.rewards.payUsage(models.m2, 2_000_000n * 10n ** 12n), eve);
    assert.equal(broke.dispatchError, 'token.FundsUnavailable');
    // More than exists at all: refused by its withdrawal check.
    const tooMuch = await submit(api, api.tx.rewards.payUsage(models.m2, 10n ** 30n), eve);
    assert.equal(tooMuch.dispatchError, 'arithmetic.Underflow');
    // Only the four fees were paid; nothing was credited.
    const fees = [below, unknown, broke, tooMuch].reduce((s, r) => s + txFee(r), 0n);
    assert.equal(await free(eve.address, tooMuch.blockHash), before - fees);
    assert.equal(await totalClaimable(), totalBefore);
  });
});
