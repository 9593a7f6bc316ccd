// Fills a running dev chain with realistic provenance state, for try-runtime on real state
// (scripts/try-runtime.sh): datasets with contributors and a derived subset, training,
// evaluation and revoked consent grants, recorded accesses, a three-generation model lineage
// (a base, a fine-tune of it, a merge of both) trained under those grants, an accredited
// evaluator with an open reward pool and a score in it, a usage payment on the merge and the
// rewards claims it funds. Each round adds another such family. Uses the dev accounts, so the
// chain must be a `--dev` one (Alice holds the sudo key).
//   node bench/fill-state.mjs --uri ws://127.0.0.1:9944 [--rounds 3]        (from tests/)
// Waits until every block it wrote to is finalized, then prints one JSON line on stdout:
// { rounds, datasets, grants, models, payments, claims, pools, scores, extrinsics, finalized,
//   blocks: [{ hash, number, calls }], richest: { hash, number, calls } }, where `richest` is
// the finalized block with the most kinds of its calls, then the most calls (the one to
// re-execute).
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';

import { connect, devAccounts, submit, waitForFinalized } from '../e2e/lib/chain.js';

const { values } = parseArgs({
  options: { uri: { type: 'string', default: 'ws://127.0.0.1:9944' }, rounds: { type: 'string', default: '3' } },
});
const rounds = Number(values.rounds);
if (!(rounds >= 1 && rounds <= 50)) throw new Error('want 1 <= --rounds <= 50');

const hex = () => `0x${randomBytes(32).toString('hex')}`;
const PERCENT = 10_000_000; // parts per billion
const ALL = 100 * PERCENT;
const PROV = 1_000_000_000_000n; // 12 decimals
const log = (...args) => console.error('[fill-state]', ...args);

const api = await connect(values.uri);
const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
const counts = { datasets: 0, grants: 0, models: 0, payments: 0, claims: 0, pools: 0, scores: 0, extrinsics: 0 };
const blocks = new Map(); // hash -> { hash, calls }

const label = (tx) => `${tx.method.section}.${tx.method.method}`;
/** Records a result's block; fails on a dispatch error. */
const passed = (tx, result) => {
  if (result.dispatchError) throw new Error(`${label(tx)} failed: ${result.dispatchError}`);
  const entry = blocks.get(result.blockHash) ?? { hash: result.blockHash, calls: [] };
  entry.calls.push(label(tx));
  blocks.set(result.blockHash, entry);
  counts.extrinsics += 1;
  return result;
};
/** Several transactions of one signer, submitted together so that they share blocks. */
const submitMany = async (signer, txs) => {
  const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  const results = await Promise.all(txs.map((tx, i) => submit(api, tx, signer, { nonce: nonce + i })));
  return results.map((r, i) => passed(txs[i], r));
};
const eventData = (result, section, method) => {
  const found = result.events.find(({ event: e }) => e.section === section && e.method === method);
  if (!found) throw new Error(`no ${section}.${method} event`);
  return found.event.data;
};
const datasetId = (r) => eventData(r, 'datasets', 'DatasetRegistered').id.toNumber();
const grantId = (r) => eventData(r, 'consent', 'ConsentGranted').grant.toNumber();
const modelId = (r) => eventData(r, 'lineage', 'ModelRegistered').id.toNumber();

const datasetTx = (uri, { sensitivity = 'Public', parent = null, contributors = [] } = {}) =>
  api.tx.datasets.registerDataset(hex(), hex(), uri, 'CC-BY-4.0', sensitivity, parent, contributors);
const grantTx = (dataset, grantee, purposes) => api.tx.consent.grantConsent(
  dataset, { Account: grantee.address }, purposes, null, null, { termsHash: hex(), derivatives: 'Anyone' },
);
const modelTx = (name, { kind = 'Pretrain', parents = [], inputs = [] }) => api.tx.lineage.registerModel(
  hex(), name, '1.0', `hf://fill/${name}`, 'Apache-2.0', hex(), 'Open',
  kind, parents, inputs, 'Training', hex(), hex(), null, ALL, api.consts.lineage.maxBasisGrants,
);

// Once: Eve becomes an accredited evaluator, so that she can score in reward pools.
const accredit = api.tx.sudo.sudo(api.tx.lineage.addEvaluator(eve.address));
passed(accredit, await submit(api, accredit, alice));

for (let round = 0; round < rounds; round += 1) {
  const tag = `r${round}`;
  // Alice's datasets: two with contributors, one she is paid for alone, a personal one with a
  // subset of it derived by her, and a benchmark.
  const ds = await submitMany(alice, [
    datasetTx(`ipfs://fill/${tag}/d0`, { contributors: [[charlie.address, 60 * PERCENT], [dave.address, 40 * PERCENT]] }),
    datasetTx(`ipfs://fill/${tag}/d1`),
    datasetTx(`ipfs://fill/${tag}/d2`, {
      contributors: [[eve.address, 50 * PERCENT], [charlie.address, 25 * PERCENT], [ferdie.address, 25 * PERCENT]],
    }),
    datasetTx(`ipfs://fill/${tag}/personal`, { sensitivity: 'Personal' }),
    datasetTx(`ipfs://fill/${tag}/bench`),
  ]);
  const [d0, d1, d2, personal, bench] = ds.map(datasetId);
  const [subset] = await submitMany(alice, [
    datasetTx(`ipfs://fill/${tag}/personal-subset`, { sensitivity: 'Personal', parent: [personal, 'Subset'] }),
  ]);
  counts.datasets += ds.length + 1;
  log(`${tag}: datasets ${[d0, d1, d2, personal, bench, datasetId(subset)].join(', ')}`);

  // Her grants: training to Bob, Charlie and Dave, evaluation of the benchmark to Eve, and one
  // to Ferdie that she revokes below.
  const gs = await submitMany(alice, [
    grantTx(d0, bob, ['Training']),
    grantTx(d1, charlie, ['Training', 'FineTuning']),
    grantTx(d2, dave, ['Training']),
    grantTx(bench, eve, ['Evaluation']),
    grantTx(d1, ferdie, ['Research']),
  ]);
  const [g0, g1, g2, gEval, gFerdie] = gs.map(grantId);
  counts.grants += gs.length;

  // Bob trains the base under his grant and records the job; Charlie records his.
  const [[base]] = await Promise.all([
    submitMany(bob, [
      modelTx(`${tag}-base`, { inputs: [{ dataset: d0, role: 'Train', grant: g0 }] }),
      api.tx.consent.recordAccess(g0, 'Training', hex()),
    ]),
    submitMany(charlie, [api.tx.consent.recordAccess(g1, 'FineTuning', hex())]),
  ]);
  const baseId = modelId(base);
  // Charlie fine-tunes the base on D1; then Dave merges both, with D2.
  const [tuned] = await submitMany(charlie, [
    modelTx(`${tag}-tuned`, { kind: 'FineTune', parents: [[baseId, 'FineTune']], inputs: [{ dataset: d1, role: 'Train', grant: g1 }] }),
  ]);
  const tunedId = modelId(tuned);
  const [merged] = await submitMany(dave, [
    modelTx(`${tag}-merged`, {
      kind: 'Merge',
      parents: [[baseId, 'Merge'], [tunedId, 'Merge']],
      inputs: [{ dataset: d2, role: 'Train', grant: g2 }],
    }),
  ]);
  const mergedId = modelId(merged);
  counts.models += 3;
  log(`${tag}: models ${baseId} <- ${tunedId} <- ${mergedId}`);

  // Ferdie pays for using the merge; Alice revokes Ferdie's grant and opens a reward pool on
  // the benchmark, closing far ahead so that it stays open in the snapshot.
  const closesAt = (await api.rpc.chain.getHeader()).number.toNumber() + 10_000;
  const [, [, opened]] = await Promise.all([
    submitMany(ferdie, [api.tx.rewards.payUsage(mergedId, 1000n * PROV + BigInt(round))]),
    submitMany(alice, [
      api.tx.consent.revokeConsent(gFerdie),
      api.tx.rewards.openPool(bench, 'accuracy-ppm', true, 500_000, closesAt, 1000n * PROV),
    ]),
  ]);
  counts.payments += 1;
  counts.pools += 1;
  const pool = eventData(opened, 'rewards', 'PoolOpened').pool.toNumber();

  // Those the payment credited claim, and Eve scores the merge in the pool: one block.
  const claimers = [bob, charlie, dave];
  // One extrinsic object per signer: signing one mutates it.
  const claimTxs = claimers.map(() => api.tx.rewards.claimRewards());
  const [claims] = await Promise.all([
    Promise.all(claimers.map((who, i) => submit(api, claimTxs[i], who))),
    submitMany(eve, [api.tx.rewards.submitScore(pool, mergedId, 800_000 + round, gEval)]),
  ]);
  // A claimer the payment did not reach has nothing to claim: that is not a failure here.
  const claimed = claims
    .map((r, i) => [claimTxs[i], r])
    .filter(([, r]) => r.dispatchError !== 'rewards.NothingToClaim')
    .map(([tx, r]) => passed(tx, r));
  counts.claims += claimed.length;
  counts.scores += 1;
  log(`${tag}: paid for model ${mergedId}, ${claimed.length} claims, pool ${pool} scored`);
}

// Wait until every block written to is final: a snapshot of the finalized head then holds it.
const numbered = await Promise.all([...blocks.values()].map(async (b) => ({
  ...b,
  number: (await api.rpc.chain.getHeader(b.hash)).number.toNumber(),
})));
const last = Math.max(...numbered.map((b) => b.number));
const finalized = await waitForFinalized(api, last);
// A block written to may have been retracted in a reorg: keep those on the finalized chain.
const canonical = [];
for (const b of numbered) {
  if ((await api.rpc.chain.getBlockHash(b.number)).toHex() === b.hash) canonical.push(b);
}
canonical.sort((a, b) => a.number - b.number);
// The most kinds of call, then the most calls.
const score = (b) => new Set(b.calls).size * 1000 + b.calls.length;
const richest = canonical.reduce((best, b) => (!best || score(b) > score(best) ? b : best), null);
log(`${counts.extrinsics} extrinsics in ${canonical.length} blocks, all final (finalized #${finalized})`);
await api.disconnect();
console.log(JSON.stringify({ rounds, ...counts, finalized, blocks: canonical, richest }));
process.exit(0);
