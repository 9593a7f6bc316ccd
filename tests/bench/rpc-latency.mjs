// RPC latency on a real `--dev` node: builds a fine-tune lineage `--depth` models deep (each
// fine-tune with `--inputs` fresh datasets of its own, under a grant each), then times
// `lineage_ancestors` and `lineage_exportProv` of its deepest model, and two standard methods,
// over WebSocket and over HTTP, one request at a time. Then it times a client that reads the
// same storage itself over the same WebSocket (@polkadot/api's `query`, one breadth-first
// level at a time, each level's reads in parallel): models, then their datasets and grants.
// Prints p50/p99 per method and transport, and the node's speed-up over the client walk.
// A benchmark, not a test: run it on a quiet machine and record the figures.
//   node bench/rpc-latency.mjs [--depth 32] [--inputs 1] [--rounds 200] [--walk-rounds 30]
//   (from tests/, with PROVENANCE_NODE_BIN set; scripts/rpc-latency.sh does both)
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';

import { connect, devAccounts, submit } from '../e2e/lib/chain.js';
import { time, wsClient } from './lib/timing.mjs';
import { rawRpc, startNode } from '../e2e/lib/node.js';

const { values } = parseArgs({
  options: {
    depth: { type: 'string', default: '32' },
    inputs: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '200' },
    'walk-rounds': { type: 'string', default: '30' },
  },
});
const depth = Number(values.depth);
const inputs = Number(values.inputs);
const rounds = Number(values.rounds);
const walkRounds = Number(values['walk-rounds']);
if (!(depth >= 1 && depth <= 64) || !(rounds >= 10) || !(inputs >= 0 && inputs <= 3) || !(walkRounds >= 1)) {
  throw new Error('want 1 <= --depth <= 64, 0 <= --inputs <= 3, --rounds >= 10, --walk-rounds >= 1');
}

const hex = () => `0x${randomBytes(32).toString('hex')}`;
const FULL_SHARE = 1_000_000_000;


const node = await startNode();
const api = await connect(node.wsUrl);
try {
  const { alice, bob } = devAccounts();
  // A dataset and a grant to Bob for each input of each generation.
  const needed = 1 + Math.max(0, depth - 1) * inputs;
  const firstDataset = (await api.query.datasets.nextDatasetId()).toNumber();
  const firstGrant = (await api.query.consent.nextGrantId()).toNumber();
  let aliceNonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  const setup = [];
  for (let i = 0; i < needed; i += 1) {
    setup.push(submit(api, api.tx.utility.batchAll([
      api.tx.datasets.registerDataset(hex(), hex(), `ipfs://latency-${i}`, 'MIT', 'Public', null, []),
      api.tx.consent.grantConsent(firstDataset + i, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() }),
    ]), alice, { nonce: aliceNonce++ }));
  }
  const made = await Promise.all(setup);
  if (made.some((r) => r.dispatchError)) throw new Error(`setup failed: ${made.find((r) => r.dispatchError).dispatchError}`);
  const input = (k) => ({ dataset: firstDataset + k, role: 'Train', grant: firstGrant + k });

  // The chain: a pretrained base and depth-1 fine-tunes, each of the one before, in one go.
  const first = (await api.query.lineage.nextModelId()).toNumber();
  let nonce = (await api.rpc.system.accountNextIndex(bob.address)).toNumber();
  const model = (i) => api.tx.lineage.registerModel(
    hex(), `latency-${i}`, '1', '', 'MIT', hex(), 'Open',
    i === 0 ? 'Pretrain' : 'FineTune',
    i === 0 ? [] : [[first + i - 1, 'FineTune']],
    i === 0 ? [input(0)] : Array.from({ length: inputs }, (_, k) => input(1 + (i - 1) * inputs + k)),
    'Training', hex(), hex(), null, FULL_SHARE, api.consts.lineage.maxBasisGrants,
  );
  const results = [];
  // In order, a few at a time: each names the one before as its parent.
  for (let i = 0; i < depth; i += 8) {
    const wave = Array.from({ length: Math.min(8, depth - i) }, (_, k) => submit(api, model(i + k), bob, { nonce: nonce++ }));
    results.push(...await Promise.all(wave));
  }
  const failed = results.find((r) => r.dispatchError);
  if (failed) throw new Error(`a registration failed: ${failed.dispatchError}`);
  const deepest = first + depth - 1;

  const hops = Math.min(depth, 32); // the runtime's cap per query
  const methods = [
    ['lineage_ancestors', [deepest, hops, null]],
    ['lineage_exportProv', [deepest, null, null]],
    ['system_health', []],
    ['state_getMetadata', []],
  ];
  const ws = await wsClient(node.wsUrl);
  console.log(`node: ${process.env.PROVENANCE_NODE_BIN}`);
  console.log(`lineage: ${depth} models deep (model ${deepest}), ${inputs} dataset(s) per fine-tune; ${rounds} sequential requests each, after 10 to warm up`);
  console.log('| method | answer (bytes) | WebSocket p50 | WebSocket p99 | HTTP p50 | HTTP p99 |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const f = (ms) => `${ms.toFixed(2)} ms`;
  const node99 = {};
  let id = 0;
  for (const [method, params] of methods) {
    const overWs = await time(() => ws.call(method, params), rounds);
    const overHttp = await time(async () => (await rawRpc(node.httpUrl, { jsonrpc: '2.0', id: ++id, method, params })).json, rounds);
    node99[method] = overWs;
    console.log(`| \`${method}\` | ${overWs.bytes} | ${f(overWs.p50)} | ${f(overWs.p99)} | ${f(overHttp.p50)} | ${f(overHttp.p99)} |`);
  }

  // The same answers read by a client from storage: what the node's queries save it.
  const reads = { n: 0 };
  const walk = async (maxHops, records) => {
    const seen = new Set([deepest]);
    let level = [deepest];
    for (let hop = 0; level.length; hop += 1) {
      const found = await Promise.all(level.map((m) => api.query.lineage.models(m)));
      reads.n += level.length;
      const next = [];
      const datasets = [];
      const grants = [];
      for (const opt of found) {
        const m = opt.unwrap();
        for (const i of m.run.inputs) {
          datasets.push(i.dataset.toNumber());
          grants.push(i.grant.toNumber());
        }
        if (hop < maxHops) {
          for (const [p] of m.run.parents) {
            const pid = p.toNumber();
            if (!seen.has(pid)) {
              seen.add(pid);
              next.push(pid);
            }
          }
        }
      }
      // The graph needs each grant's dataset (in the model's input already); the export
      // needs every record.
      if (records) {
        await Promise.all([
          ...datasets.map((d) => api.query.datasets.datasets(d)),
          ...grants.map((g) => api.query.consent.grants(g)),
        ]);
        reads.n += datasets.length + grants.length;
      }
      level = next;
    }
    return { result: seen.size };
  };
  const walks = [
    ['lineage_ancestors', () => walk(hops, false)],
    ['lineage_exportProv', () => walk(64, true)],
  ];
  console.log('');
  console.log(`A client reading the same storage over the same WebSocket (${walkRounds} rounds, after 10):`);
  console.log('| the answer of | storage reads | client walk p50 | client walk p99 | node p99 | node faster by (p99) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [method, run] of walks) {
    reads.n = 0;
    await run();
    const count = reads.n;
    const t = await time(run, walkRounds);
    const ratio = t.p99 / node99[method].p99;
    console.log(`| \`${method}\` | ${count} | ${f(t.p50)} | ${f(t.p99)} | ${f(node99[method].p99)} | ${ratio.toFixed(1)}× |`);
  }
  await ws.close();
} finally {
  await api.disconnect();
  await node.stop();
}
