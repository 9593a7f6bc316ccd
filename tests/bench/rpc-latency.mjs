// RPC latency on a real `--dev` node: builds a fine-tune lineage `--depth` models deep, then
// times `lineage_ancestors` and `lineage_exportProv` of its deepest model, and two standard
// methods, over WebSocket and over HTTP, one request at a time. Prints p50/p99 per method and
// transport. A benchmark, not a test: run it on a quiet machine and record the figures.
//   node bench/rpc-latency.mjs [--depth 32] [--rounds 200]     (from tests/, with
//   PROVENANCE_NODE_BIN set; scripts/rpc-latency.sh does both)
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { WsProvider } from '@polkadot/api';

import { connect, devAccounts, submit } from '../e2e/lib/chain.js';
import { rawRpc, startNode } from '../e2e/lib/node.js';

const { values } = parseArgs({
  options: { depth: { type: 'string', default: '32' }, rounds: { type: 'string', default: '200' } },
});
const depth = Number(values.depth);
const rounds = Number(values.rounds);
if (!(depth >= 1 && depth <= 64) || !(rounds >= 10)) throw new Error('want 1 <= --depth <= 64 and --rounds >= 10');

const hex = () => `0x${randomBytes(32).toString('hex')}`;
const FULL_SHARE = 1_000_000_000;

// @polkadot/api's provider sends raw JSON-RPC over one WebSocket, as a wallet's would.
async function wsClient(url) {
  const provider = new WsProvider(url, false);
  await provider.connect();
  await provider.isReady;
  return {
    call: async (method, params) => {
      try {
        return { result: await provider.send(method, params) };
      } catch (error) {
        return { error: String(error) };
      }
    },
    close: () => provider.disconnect(),
  };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function time(call) {
  const samples = [];
  let bytes = 0;
  for (let i = 0; i < rounds + 10; i += 1) {
    const start = process.hrtime.bigint();
    const reply = await call();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (reply.error) throw new Error(JSON.stringify(reply.error));
    bytes = JSON.stringify(reply.result).length;
    if (i >= 10) samples.push(ms); // the first ten warm up
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), bytes };
}

const node = await startNode();
const api = await connect(node.wsUrl);
try {
  const { alice, bob } = devAccounts();
  const registered = await submit(
    api, api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://latency', 'MIT', 'Public', null, []), alice,
  );
  const dataset = registered.events.find(({ event }) => event.method === 'DatasetRegistered').event.data[0].toNumber();
  const granted = await submit(
    api, api.tx.consent.grantConsent(dataset, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() }), alice,
  );
  const grant = granted.events.find(({ event }) => event.method === 'ConsentGranted').event.data[0].toNumber();

  // The chain: a pretrained base and depth-1 fine-tunes, each of the one before, in one go.
  const first = (await api.query.lineage.nextModelId()).toNumber();
  let nonce = (await api.rpc.system.accountNextIndex(bob.address)).toNumber();
  const model = (i) => api.tx.lineage.registerModel(
    hex(), `latency-${i}`, '1', '', 'MIT', hex(), 'Open',
    i === 0 ? 'Pretrain' : 'FineTune',
    i === 0 ? [] : [[first + i - 1, 'FineTune']],
    i === 0 ? [{ dataset, role: 'Train', grant }] : [],
    'Training', hex(), hex(), null, FULL_SHARE,
  );
  const results = await Promise.all(
    Array.from({ length: depth }, (_, i) => submit(api, model(i), bob, { nonce: nonce++ })),
  );
  const failed = results.find((r) => r.dispatchError);
  if (failed) throw new Error(`a registration failed: ${failed.dispatchError}`);
  const deepest = first + depth - 1;

  const methods = [
    ['lineage_ancestors', [deepest, depth, null]],
    ['lineage_exportProv', [deepest, depth, null]],
    ['system_health', []],
    ['state_getMetadata', []],
  ];
  const ws = await wsClient(node.wsUrl);
  console.log(`node: ${process.env.PROVENANCE_NODE_BIN}`);
  console.log(`lineage: ${depth} models deep (model ${deepest}); ${rounds} sequential requests each, after 10 to warm up`);
  console.log('| method | answer (bytes) | WebSocket p50 | WebSocket p99 | HTTP p50 | HTTP p99 |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  let id = 0;
  for (const [method, params] of methods) {
    const overWs = await time(() => ws.call(method, params));
    const overHttp = await time(async () => (await rawRpc(node.httpUrl, { jsonrpc: '2.0', id: ++id, method, params })).json);
    const f = (ms) => `${ms.toFixed(2)} ms`;
    console.log(`| \`${method}\` | ${overWs.bytes} | ${f(overWs.p50)} | ${f(overWs.p99)} | ${f(overHttp.p50)} | ${f(overHttp.p99)} |`);
  }
  await ws.close();
} finally {
  await api.disconnect();
  await node.stop();
}
