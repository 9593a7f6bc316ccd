// Rewards on the real node: a three-generation lineage with multi-contributor datasets, a
// derivative refused for passing its parent too little, a raise-only royalty policy, a usage
// payment on the grandchild whose credits match `rewards_breakdown` account by account,
// claims that pay out exactly the claimable balances, the revoked-consent rule, and clear
// errors for bad input.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';

import { devAccounts, submit } from './lib/chain.js';
import { devNodeSuite } from './lib/suite.js';

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
const PERCENT = 10_000_000; // parts per billion
const EXISTENTIAL_DEPOSIT = 1_000_000_000n;
// 1000 PROV and 7 planck: the odd planck makes rounding dust.
const AMOUNT = 1_000_000_000_000_007n;
// The pallet account: "modl" ++ PalletId(b"prv/rwds"), zero-padded to 32 bytes.
const POT = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('prv/rwds'), new Uint8Array(20)), 42);

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
    assert.equal(result.dispatchError, null);
    return result;
  };
  const free = async (address, at) => {
    const account = at ? await (await api.at(at)).query.system.account(address) : await api.query.system.account(address);
    return account.data.free.toBigInt();
  };
  const claimable = async (address, at = null) => BigInt(await ok('rewards_claimable', [address, at]));

  const registerModel = (signer, { name, kind, parents = [], inputs = [], policy = 'Open' }) =>
    submit(
      api,
      api.tx.lineage.registerModel(
        hex(), name, '1.0', `hf://provenance/${name}`, 'Apache-2.0', hex(), policy,
        kind, parents, inputs, 'Training', hex(), hex(), null,
      ),
      signer,
    );
  const modelId = (result) => event(result.events, 'lineage', 'ModelRegistered').id.toNumber();


  const datasets = {};
  const grants = {};
  const models = {};
  let breakdown;
  let paidAt;

  test('three generations register under their parents\' royalty minimums', async () => {
    // D0: two contributors; D1: none (its owner is paid); D2: three contributors.
    const specs = {
      d0: [[charlie.address, 60 * PERCENT], [dave.address, 40 * PERCENT]],
      d1: [],
      d2: [[eve.address, 50 * PERCENT], [charlie.address, 25 * PERCENT], [ferdie.address, 25 * PERCENT]],
    };
    for (const [key, contributors] of Object.entries(specs)) {
      const { events: evs } = await mustPass(
        api.tx.datasets.registerDataset(hex(), hex(), `ipfs://${key}`, 'CC-BY-4.0', 'Public', null, contributors),
        alice,
      );
      datasets[key] = event(evs, 'datasets', 'DatasetRegistered').id.toNumber();
    }
    // The lineage crosses owners (Charlie builds on Bob's model, Dave on Charlie's), so every
    // grant lets anyone derive from what is trained under it.
    for (const [key, dataset, grantee] of [['g0', 'd0', bob], ['g1', 'd1', bob], ['g2', 'd2', charlie], ['g3', 'd1', dave]]) {
      const { events: evs } = await mustPass(
        api.tx.consent.grantConsent(
          datasets[dataset], { Account: grantee.address }, ['Training'], null, null,
          { termsHash: hex(), derivatives: 'Anyone' },
        ),
        alice,
      );
      grants[key] = event(evs, 'consent', 'ConsentGranted').grant.toNumber();
    }

    // M0 (Bob) asks 10% of its derivatives.
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
    // A greedy parent asking 85%: with the default 20% dataset share no derivative can pay it.
    const greedy = await registerModel(bob, {
      name: 'greedy', kind: 'Pretrain', inputs: [],
      parents: [[models.m0, 'FineTune']],
      policy: { RoyaltyRequired: { minShare: 85 * PERCENT } },
    });
    assert.equal(greedy.dispatchError, null);
    const refused = await registerModel(dave, {
      name: 'starved', kind: 'FineTune', parents: [[modelId(greedy), 'FineTune']],
      inputs: [{ dataset: datasets.d1, role: 'Train', grant: grants.g3 }],
    });
    assert.equal(refused.dispatchError, 'rewards.BelowParentMinimum');
    // Nothing was consumed: the grant is still unused.
    assert.equal((await ok('consent_getGrant', [grants.g3])).uses, 0);

    // M1 (Charlie) fine-tunes M0 on D2 and raises its policy: 20% up, 25% to data, 5% asked.
    const m1 = await registerModel(charlie, {
      name: 'tuned', kind: 'FineTune', parents: [[models.m0, 'FineTune']],
      inputs: [{ dataset: datasets.d2, role: 'Train', grant: grants.g2 }],
    });
    assert.equal(m1.dispatchError, null);
    models.m1 = modelId(m1);
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

    // M2 (Dave) quantizes M1: the grandchild, with the default policy.
    const m2 = await registerModel(dave, { name: 'small', kind: 'Quantize', parents: [[models.m1, 'Quantize']] });
    assert.equal(m2.dispatchError, null);
    models.m2 = modelId(m2);
    assert.deepEqual(await ok('rewards_royaltyPolicy', [models.m2]), {
      parentSharePartsPerBillion: 10 * PERCENT,
      datasetSharePartsPerBillion: 20 * PERCENT,
      minDerivativeSharePartsPerBillion: 0,
      ownerSharePartsPerBillion: 70 * PERCENT,
    });
  });

  test('a usage payment on the grandchild credits every account what rewards_breakdown said', async () => {
    const before = {};
    for (const who of everyone) before[who.address] = await claimable(who.address);
    assert.equal(await ok('rewards_totalClaimable', []), '0');

    breakdown = await ok('rewards_breakdown', [models.m2, AMOUNT.toString(), null]);
    assert.equal(breakdown.model, models.m2);
    assert.equal(breakdown.amount, AMOUNT.toString());
    const sum = breakdown.credits.reduce((s, c) => s + BigInt(c.amount), 0n);
    assert.equal(sum, AMOUNT, 'the credits add up to the payment, to the planck');
    assert.ok(breakdown.credits.every((c) => BigInt(c.amount) > 0n), 'no zero credits');
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
    // The per-account totals are the credits summed.
    for (const { account, amount } of breakdown.perAccount) {
      const summed = breakdown.credits.filter((c) => c.account === account).reduce((s, c) => s + BigInt(c.amount), 0n);
      assert.equal(BigInt(amount), summed, account);
    }

    const payer = ferdie;
    const potBefore = await free(POT);
    const paid = await mustPass(api.tx.rewards.payUsage(models.m2, AMOUNT), payer);
    paidAt = paid.blockHash;
    const usage = event(paid.events, 'rewards', 'UsagePaid');
    assert.equal(usage.model.toNumber(), models.m2);
    assert.equal(usage.payer.toString(), payer.address);
    assert.equal(usage.amount.toBigInt(), AMOUNT);
    // One Credited event per credit of the breakdown, in its order.
    const credited = events(paid.events, 'rewards', 'Credited').map((d) => ({
      account: d.account.toString(),
      amount: d.amount.toBigInt().toString(),
      model: d.model.toNumber(),
    }));
    assert.deepEqual(
      credited,
      breakdown.credits.map(({ account, amount, model }) => ({ account, amount, model })),
    );

    for (const who of everyone) {
      const expected = BigInt(breakdown.perAccount.find((p) => p.account === who.address)?.amount ?? '0');
      assert.equal(await claimable(who.address), before[who.address] + expected, `claimable of ${who.address}`);
    }
    assert.equal(await ok('rewards_totalClaimable', []), AMOUNT.toString());
    assert.equal(await free(POT), potBefore + AMOUNT);
    // At the block before the payment nothing was claimable.
    const header = await api.rpc.chain.getHeader(paidAt);
    const parent = header.parentHash.toHex();
    assert.equal(await claimable(dave.address, parent), 0n);
    assert.equal(await ok('rewards_totalClaimable', [parent]), '0');
  });

  test('claims pay out exactly the claimable balances and leave the pot its deposit', async () => {
    for (const who of everyone) {
      const owed = await claimable(who.address);
      if (owed === 0n) {
        const none = await submit(api, api.tx.rewards.claimRewards(), who);
        assert.equal(none.dispatchError, 'rewards.NothingToClaim');
        continue;
      }
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

  test('after a revocation, the revoked dataset\'s share goes to the model\'s other data or its owner', async () => {
    await mustPass(api.tx.consent.revokeConsent(grants.g2), alice);
    const after = await ok('rewards_breakdown', [models.m2, AMOUNT.toString(), null]);
    // M1 trained only on D2: its dataset pool now stays with Charlie as the owner.
    assert.ok(!after.credits.some((c) => c.dataset === datasets.d2), 'D2 is no longer paid');
    const kept = after.credits.find((c) => c.model === models.m1 && c.reason === 'noEligibleDatasets');
    assert.ok(kept, 'M1 keeps its dataset pool');
    assert.equal(kept.account, charlie.address);
    const wasPool = breakdown.credits
      .filter((c) => c.model === models.m1 && c.dataset === datasets.d2)
      .reduce((s, c) => s + BigInt(c.amount), 0n);
    // The pool is what D2's contributors got, plus at most the few planck of their dust.
    assert.ok(BigInt(kept.amount) >= wasPool && BigInt(kept.amount) - wasPool < 3n, `${kept.amount} vs ${wasPool}`);
    assert.equal(after.credits.reduce((s, c) => s + BigInt(c.amount), 0n), AMOUNT);
    // The older block still shows the split as it was.
    assert.deepEqual(await ok('rewards_breakdown', [models.m2, AMOUNT.toString(), paidAt]), breakdown);
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
    e = await rpcError('rewards_claimable', ['not-an-address', null]);
    assert.equal(e.code, -32602);

    const before = await free(eve.address);
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
    const fees = [below, unknown, broke, tooMuch].reduce(
      (s, r) => s + event(r.events, 'transactionPayment', 'TransactionFeePaid').actualFee.toBigInt(), 0n,
    );
    assert.equal(await free(eve.address, tooMuch.blockHash), before - fees);
    assert.equal(await ok('rewards_totalClaimable', []), '0');
  });
});
