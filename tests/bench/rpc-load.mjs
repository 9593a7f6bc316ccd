// RPC load on a real `--dev` node: builds state that puts the costliest auditor queries at
// their caps (a PROV export of a 500-node ancestry, the graph cap, 32 model hops deep, with
// 1,000 evaluations; graph queries at 500 nodes; full pages of 100), then has several
// concurrent clients, over WebSocket and HTTP, send JSON-RPC batches of 64 of those calls (the
// public-RPC batch cap; a batch of 65 must be refused) for a bounded time. Meanwhile it
// measures, against a baseline window without load and a cooldown window after it:
// - block intervals from each block's on-chain timestamp, against the Aura slot;
// - finality lag (best - finalized) and the longest wait for finality to advance;
// - the node's memory (VmRSS, VmHWM, threads from /proc/<pid>/status) and CPU, every second;
// - throughput and errors by kind of the load, and the latency of a cheap call sent by a
//   separate client (does the node stay responsive?);
// - a steady transfer submitted at every new block: is it in the next one?
// Batches are "mixed" (every costly call in turn; all answered) or "export" (64 PROV
// exports: about 67 MiB, over the 15 MiB response cap, so the server gives up on the batch
// once its answer passes the cap); by default ("both") every other client sends each kind.
// Each client keeps `--in-flight` batches in flight (over WebSocket on its one connection).
// Fails (exit 1) when fewer than 95% of the block intervals under load are within 10% of the
// slot, finality stalls, or the node exits; prints the figures either way (exit 2: the run
// itself failed, 3: over its time budget). A benchmark: run it on a quiet machine and record
// the figures. The load clients share the machine with the node.
//   node bench/rpc-load.mjs [--duration 120] [--clients 8] [--ws-clients 4] [--baseline 60]
//     [--cooldown 30] [--mix both|mixed|export] [--in-flight 1] [--request-timeout 60]
//   (from tests/, with PROVENANCE_NODE_BIN set; scripts/rpc-load.sh does both)
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from '@polkadot/x-ws';

const quantile = (sorted, q) => (sorted.length
  ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const sortNum = (xs) => [...xs].sort((a, b) => a - b);
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * One WebSocket, raw JSON both ways. Requests in flight are told apart by their first id (a
 * batch's answers come back in the order of its calls); an answer with a null id (a whole
 * batch refused) goes to the oldest request in flight.
 */
class RawWs {
  static open(url, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error('connect timeout'));
      }, timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new RawWs(ws));
      };
      ws.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(`connect failed: ${e.message ?? e}`));
      };
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.pending = new Map(); // first id -> { resolve, reject }
    ws.onmessage = ({ data }) => {
      const text = typeof data === 'string' ? data : data.toString();
      // The id is near the start of the text; parsing a megabyte answer twice would cost.
      const m = text.slice(0, 200).match(/"id":\s*(null|\d+)/);
      const id = m && m[1] !== 'null' ? Number(m[1]) : this.pending.keys().next().value;
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.resolve(text);
    };
    ws.onclose = () => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
    };
    ws.onerror = () => {};
  }

  /** Sends `text` (a call or batch whose first id is `id`), resolves to its answer's text. */
  request(text, id, timeoutMs) {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('timeout'));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(text);
    });
  }

  close() {
    try { this.ws.close(); } catch { /* already gone */ }
  }
}

async function httpRequest(url, text, timeoutMs) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text() };
}

const errorKey = (e) => `${e.code} ${String(e.message).replace(/\d+/g, 'N').slice(0, 90)}`;

// ---- A load client, in its own thread so that parsing megabytes of answers does not delay
// ---- the measurements on the main thread. It keeps `inFlight` batches in flight: over
// ---- WebSocket on its one connection, over HTTP one connection each.
async function loadClient({ transport, mix, wsUrl, httpUrl, calls, endAt, timeoutMs, inFlight }) {
  const stats = {
    transport, mix, batches: 0, calls: 0, ok: 0, failed: 0, bytes: 0, errors: {}, latencies: [],
  };
  const count = (key, n = 1) => { stats.errors[key] = (stats.errors[key] ?? 0) + n; };
  let ws = null;
  let connecting = null;
  let seq = 0;
  const connection = async () => {
    if (ws && !ws.closed) return ws;
    connecting ??= RawWs.open(wsUrl).then((c) => { ws = c; return c; }).finally(() => { connecting = null; });
    return connecting;
  };
  const loop = async () => {
    while (Date.now() < endAt) {
      const first = seq + 1;
      const batch = calls.map(([method, params]) => ({ jsonrpc: '2.0', id: ++seq, method, params }));
      const text = JSON.stringify(batch);
      const start = performance.now();
      let reply;
      try {
        if (transport === 'ws') {
          reply = { status: 200, text: await (await connection()).request(text, first, timeoutMs) };
        } else {
          reply = await httpRequest(httpUrl, text, timeoutMs);
        }
      } catch (e) {
        const kind = e.name === 'TimeoutError' ? 'timeout' : String(e.message ?? e).slice(0, 60);
        count(`transport: ${kind}`);
        stats.failed += calls.length;
        stats.calls += calls.length;
        if (transport === 'ws' && kind === 'timeout') ws?.close();
        await sleep(250);
        continue;
      }
      const ms = performance.now() - start;
      stats.batches += 1;
      stats.calls += calls.length;
      stats.bytes += reply.text.length;
      stats.latencies.push(ms);
      let json;
      try {
        json = JSON.parse(reply.text);
      } catch {
        count(`http ${reply.status}: ${reply.text.slice(0, 60)}`);
        stats.failed += calls.length;
        continue;
      }
      if (Array.isArray(json)) {
        let ok = 0;
        for (const answer of json) {
          if (answer.error) count(errorKey(answer.error));
          else ok += 1;
        }
        stats.ok += ok;
        stats.failed += calls.length - ok;
      } else {
        // One error for the whole batch (too many calls, an answer over the size cap, ...).
        count(`whole batch: ${json.error ? errorKey(json.error) : reply.text.slice(0, 60)}`);
        stats.failed += calls.length;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  ws?.close();
  return stats;
}

if (!isMainThread) {
  const stats = await loadClient(workerData);
  parentPort.postMessage(stats);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------
// The main thread: the node, the state, the monitors and the report.

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '120' },
    clients: { type: 'string', default: '8' },
    'ws-clients': { type: 'string' },
    baseline: { type: 'string', default: '60' },
    cooldown: { type: 'string', default: '30' },
    batch: { type: 'string', default: '64' },
    mix: { type: 'string', default: 'both' },
    'in-flight': { type: 'string', default: '1' },
    'request-timeout': { type: 'string', default: '60' },
    'setup-timeout': { type: 'string', default: '900' },
    'max-finality-gap': { type: 'string', default: '30' },
  },
});
const duration = Number(values.duration);
const clients = Number(values.clients);
const wsClients = values['ws-clients'] === undefined ? Math.ceil(clients / 2) : Number(values['ws-clients']);
const baseline = Number(values.baseline);
const cooldown = Number(values.cooldown);
const batchLen = Number(values.batch);
const inFlight = Number(values['in-flight']);
const requestTimeout = Number(values['request-timeout']) * 1000;
const setupTimeout = Number(values['setup-timeout']) * 1000;
const maxFinalityGap = Number(values['max-finality-gap']) * 1000;
if (!(duration >= 5 && duration <= 3600) || !(clients >= 1 && clients <= 90)
  || !(wsClients >= 0 && wsClients <= clients) || !(baseline >= 12) || !(cooldown >= 6)
  || !(batchLen >= 1) || !['mixed', 'export', 'both'].includes(values.mix) || !(inFlight >= 1 && inFlight <= 64)) {
  throw new Error('want 5 <= --duration <= 3600, 1 <= --clients <= 90, 0 <= --ws-clients <= --clients, '
    + '--baseline >= 12, --cooldown >= 6, --batch >= 1, --mix mixed|export|both, 1 <= --in-flight <= 64');
}

const { Keyring } = await import('@polkadot/keyring');
const { encodeAddress } = await import('@polkadot/util-crypto');
const { connect, devAccounts, submit } = await import('../e2e/lib/chain.js');
const { rawRpc, startNode } = await import('../e2e/lib/node.js');

const hex = () => `0x${randomBytes(32).toString('hex')}`;
const FULL_SHARE = 1_000_000_000;
const UNIT = 10n ** 12n;
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// The shape that puts `lineage_ancestors` / `lineage_exportProv` of the deepest model at
// both graph caps (MAX_GRAPH_DEPTH = 32 model hops, MAX_GRAPH_NODES = 500 nodes) while every
// registration stays within the runtime's bounds: 33 models (a pretrained base and 32
// fine-tunes), 6 inputs each (a royalty split visits 5 models, 30 datasets <= MaxSplitDatasets
// 32; the deepest basis holds 198 grants <= MaxBasisGrants 256), each input its own dataset
// (64 contributors, the MaxContributors cap) and grant, and 71 of those datasets derived from
// a parent dataset: 33 + 198 + 198 + 71 = 500 nodes.
const MODELS = 33;
const INPUTS_PER_MODEL = 6;
const INPUTS = MODELS * INPUTS_PER_MODEL;
const GRAPH_NODES = 500;
const PARENTS = GRAPH_NODES - MODELS - 2 * INPUTS;
const CONTRIBUTORS = 64;
const EVALUATIONS = 1000; // MaxEvaluations
const PER_EVALUATOR = 16; // MaxEvaluationsPerEvaluator
const CHAIN = GRAPH_NODES; // a dataset and 499 derived ones, each from the one before
const DATASET_GRANTS = 100; // MAX_PAGE_SIZE

const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

const event = (events, section, method) => events
  .filter(({ event: e }) => e.section === section && e.method === method)
  .map(({ event: e }) => e.data);

async function mustPass(api, tx, signer, options) {
  const result = await submit(api, tx, signer, options);
  if (result.dispatchError) throw new Error(`${tx.method.section}.${tx.method.method} failed: ${result.dispatchError}`);
  return result;
}

/** Submits `calls` as batchAll extrinsics of `size` calls, all at once with consecutive nonces. */
async function batched(api, signer, calls, size) {
  let nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  const chunks = [];
  for (let i = 0; i < calls.length; i += size) chunks.push(calls.slice(i, i + size));
  return Promise.all(chunks.map((chunk) => mustPass(api, api.tx.utility.batchAll(chunk), signer, { nonce: nonce++ })));
}

const registerDataset = (api, uri, parent = null, contributors = []) => api.tx.datasets.registerDataset(
  hex(), hex(), uri, 'CC-BY-4.0', 'Public', parent, contributors,
);

async function buildState(api) {
  const contributors = Array.from({ length: CONTRIBUTORS }, () => [encodeAddress(randomBytes(32), 42), FULL_SHARE / CONTRIBUTORS]);
  const evaluators = Array.from({ length: Math.ceil((EVALUATIONS - 8) / PER_EVALUATOR) }, (_, i) => keyring.addFromUri(`//RpcLoadEvaluator${i}`));

  // Alice: parent datasets, input datasets (64 contributors each), grants to Bob.
  const aliceSide = async () => {
    const parentRes = await batched(api, alice, Array.from({ length: PARENTS }, (_, i) => registerDataset(api, `ipfs://load/parent-${i}`)), 50);
    const parents = parentRes.flatMap((r) => event(r.events, 'datasets', 'DatasetRegistered').map((d) => d.id.toNumber()));
    const inputRes = await batched(api, alice, Array.from({ length: INPUTS }, (_, i) => registerDataset(
      api, `ipfs://load/input-${i}`, i < PARENTS ? [parents[i], 'Subset'] : null, contributors,
    )), 20);
    const inputs = inputRes.flatMap((r) => event(r.events, 'datasets', 'DatasetRegistered').map((d) => d.id.toNumber()));
    const grantRes = await batched(api, alice, inputs.map((d) => api.tx.consent.grantConsent(
      d, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() },
    )), 50);
    const grants = grantRes.flatMap((r) => event(r.events, 'consent', 'ConsentGranted').map((g) => g.grant.toNumber()));
    if (parents.length !== PARENTS || inputs.length !== INPUTS || grants.length !== INPUTS) throw new Error('missing registration events');
    // Accredit the evaluators (the council's call; sudo on the dev chain).
    const free = 64 - (await api.query.lineage.counterForEvaluators()).toNumber();
    if (free < evaluators.length) throw new Error(`only ${free} evaluator slots free, want ${evaluators.length}`);
    const sudo = await mustPass(api, api.tx.sudo.sudo(api.tx.utility.batchAll(evaluators.map((e) => api.tx.lineage.addEvaluator(e.address)))), alice);
    const [sudid] = event(sudo.events, 'sudo', 'Sudid');
    if (!sudid?.sudoResult.isOk) throw new Error(`sudo addEvaluator: ${sudid?.sudoResult}`);
    return { parents, inputs, grants };
  };

  // Dave: a chain of 500 datasets, each derived from the one before (ids predicted in a batch).
  const daveSide = async () => {
    const ids = [];
    while (ids.length < CHAIN) {
      const next = (await api.query.datasets.nextDatasetId()).toNumber();
      const n = Math.min(100, CHAIN - ids.length);
      const calls = Array.from({ length: n }, (_, k) => {
        let parent = null;
        if (k > 0) parent = [next + k - 1, 'Subset'];
        else if (ids.length) parent = [ids[ids.length - 1], 'Subset'];
        return registerDataset(api, `ipfs://load/chain-${ids.length + k}`, parent);
      });
      const [res] = await batched(api, dave, calls, n);
      const got = event(res.events, 'datasets', 'DatasetRegistered').map((d) => d.id.toNumber());
      if (got[0] !== next || got.length !== n) throw new Error(`chain ids ${got[0]}.. not the predicted ${next}..`);
      ids.push(...got);
    }
    return ids;
  };

  // Eve: one dataset with 100 grants, to 100 different accounts.
  const eveSide = async () => {
    const reg = await mustPass(api, registerDataset(api, 'ipfs://load/many-grants'), eve);
    const [{ id }] = event(reg.events, 'datasets', 'DatasetRegistered');
    await batched(api, eve, Array.from({ length: DATASET_GRANTS }, () => api.tx.consent.grantConsent(
      id, { Account: encodeAddress(randomBytes(32), 42) }, ['Research'], null, null, { termsHash: hex() },
    )), DATASET_GRANTS);
    return id.toNumber();
  };

  // Ferdie funds the evaluators.
  const ferdieSide = () => batched(api, ferdie, evaluators.map((e) => api.tx.balances.transferKeepAlive(e.address, 5n * UNIT)), 100);

  // The chain's ids are predicted: nobody else registers a dataset meanwhile.
  const [chain] = await Promise.all([daveSide(), ferdieSide()]);
  const [a, manyGrants] = await Promise.all([aliceSide(), eveSide()]);

  // Bob: the 33 models at once, each fine-tuned from the one before.
  const first = (await api.query.lineage.nextModelId()).toNumber();
  let nonce = (await api.rpc.system.accountNextIndex(bob.address)).toNumber();
  const models = await Promise.all(Array.from({ length: MODELS }, (_, i) => mustPass(api, api.tx.lineage.registerModel(
    hex(), `load-${i}`, '1', `hf://load/${i}`, 'MIT', hex(), 'Open',
    i === 0 ? 'Pretrain' : 'FineTune',
    i === 0 ? [] : [[first + i - 1, 'FineTune']],
    Array.from({ length: INPUTS_PER_MODEL }, (_, k) => {
      const j = i * INPUTS_PER_MODEL + k;
      return { dataset: a.inputs[j], role: k === 0 ? 'Validation' : 'Train', grant: a.grants[j] };
    }),
    'Training', hex(), hex(), null, FULL_SHARE, api.consts.lineage.maxBasisGrants,
  ), bob, { nonce: nonce++ })));
  const ids = models.map((r) => event(r.events, 'lineage', 'ModelRegistered')[0].id.toNumber());
  if (ids[0] !== first || ids[MODELS - 1] !== first + MODELS - 1) throw new Error(`model ids ${ids[0]}..${ids[MODELS - 1]} not as predicted`);
  const deepest = first + MODELS - 1;

  // 1,000 evaluations of the deepest model: 16 by each accredited evaluator, the rest by Bob.
  const evaluate = (i) => api.tx.lineage.recordEvaluation(deepest, null, 'accuracy', 900_000 + i, hex());
  await Promise.all([
    ...evaluators.map((e, n) => mustPass(api, api.tx.utility.batchAll(
      Array.from({ length: Math.min(PER_EVALUATOR, EVALUATIONS - 8 - n * PER_EVALUATOR) }, (_, k) => evaluate(n * PER_EVALUATOR + k)),
    ), e)),
    mustPass(api, api.tx.utility.batchAll(Array.from({ length: 8 }, (_, k) => evaluate(992 + k))), bob, { nonce: nonce++ }),
  ]);
  const evaluations = (await api.query.lineage.evaluationCount(deepest)).toNumber();
  return { ...a, chain, manyGrants, first, deepest, evaluations };
}

/** The costly calls, with the parameters that put each at its cap. */
function costlyCalls(s) {
  const amount = (1000n * UNIT).toString();
  return [
    ['lineage_exportProv', [s.deepest, 32, null], '500-node ancestry, 32 hops, 1,000 evaluations'],
    ['lineage_ancestors', [s.deepest, 32, null], '500 nodes (cap), 32 hops (cap)'],
    ['lineage_descendants', [{ type: 'dataset', id: s.chain[0] }, 32, null], '500 nodes (cap): 499 derived datasets'],
    ['lineage_descendants', [{ type: 'grant', id: s.grants[0] }, 32, null], 'a grant in all 33 models\' basis'],
    ['lineage_consentStatus', [s.deepest, null], 'basis of 198 grants'],
    ['lineage_getModel', [s.deepest, null], 'basis of 198 grants'],
    ['lineage_evaluations', [s.deepest, null, 100, null], 'page of 100 (cap)'],
    ['lineage_impact', [s.grants[0], null, 100, null], '33 models'],
    ['datasets_ancestry', [s.chain[s.chain.length - 1], 100, null], '100 parents (cap)'],
    ['datasets_derivations', [s.chain[0], null, 100, null], 'one child'],
    ['datasets_getDataset', [s.inputs[0], null], '64 contributors (cap)'],
    ['consent_datasetGrants', [s.manyGrants, null, 100, null], 'page of 100 grants (cap)'],
    ['consent_accessLog', [s.grants[0], null, 100, null], 'one use'],
    ['rewards_breakdown', [s.deepest, amount, null], 'split over 5 models, 30 datasets, 64 contributors each'],
    ['rewards_parentMinimums', [s.deepest, null], ''],
  ];
}

function procStatus(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number((status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm')) ?? [])[1]);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return {
      rssKb: field('VmRSS'), hwmKb: field('VmHWM'), anonKb: field('RssAnon'), fileKb: field('RssFile'),
      threads: field('Threads'), cpuTicks: Number(stat[11]) + Number(stat[12]),
    };
  } catch {
    return null;
  }
}

/** Block interval figures against the slot: [mean, max, p95 |dev|, within 10 %, missed]. */
function intervalStats(intervals, slot) {
  if (!intervals.length) return null;
  const devs = sortNum(intervals.map((i) => Math.abs(i - slot)));
  return {
    n: intervals.length,
    mean: mean(intervals),
    max: Math.max(...intervals),
    p95Dev: quantile(devs, 0.95),
    maxDev: devs[devs.length - 1],
    within: intervals.filter((i) => Math.abs(i - slot) <= 0.1 * slot).length / intervals.length,
    missed: intervals.reduce((m, i) => m + Math.max(0, Math.round(i / slot) - 1), 0),
  };
}

const fmtMs = (ms) => (Number.isFinite(ms) ? `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms` : '-');
const fmtMb = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : '-');
const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '-');

// ---------------------------------------------------------------------------------------

const budget = setupTimeout + (baseline + duration + cooldown) * 1000 + requestTimeout + 300_000;
let node;
const watchdog = setTimeout(async () => {
  console.error(`rpc-load: over its time budget of ${Math.round(budget / 1000)} s; killing the node`);
  await node?.kill();
  process.exit(3);
}, budget);

let exitCode = 0;
node = await startNode();
const api = await connect(node.wsUrl);
const started = Date.now();
try {
  const slot = Number((await api.call.auraApi.slotDuration()).toString());
  log(`node ${process.env.PROVENANCE_NODE_BIN} (pid ${node.pid}); slot ${slot} ms; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // ---- State.
  log('building the state ...');
  const setupStart = Date.now();
  const state = await Promise.race([
    buildState(api),
    sleep(setupTimeout).then(() => { throw new Error(`state not built within ${setupTimeout / 1000} s`); }),
  ]);
  const setupSeconds = (Date.now() - setupStart) / 1000;
  const header = await api.rpc.chain.getHeader();
  log(`state built in ${setupSeconds.toFixed(0)} s, at block #${header.number.toNumber()}: models ${state.first}..${state.deepest}, `
    + `${state.evaluations} evaluations of model ${state.deepest}`);

  // ---- Check that the calls are at their caps, and what each costs alone.
  let id = 0;
  const http = async (method, params) => (await rawRpc(node.httpUrl, { jsonrpc: '2.0', id: ++id, method, params })).json;
  const ancestors = (await http('lineage_ancestors', [state.deepest, 32, null])).result;
  const descendants = (await http('lineage_descendants', [{ type: 'dataset', id: state.chain[0] }, 32, null])).result;
  const tooDeep = (await http('lineage_ancestors', [state.deepest, 33, null])).error;
  const tooBig = (await http('lineage_evaluations', [state.deepest, null, 101, null])).error;
  const caps = [
    `lineage_ancestors(${state.deepest}, 32): ${ancestors?.nodes.length} nodes (cap ${GRAPH_NODES}), `
      + `${ancestors?.nodes.filter((n) => n.type === 'model').length} models`,
    `lineage_descendants(dataset ${state.chain[0]}): ${descendants?.nodes.length} nodes`,
    `depth 33 refused: ${tooDeep?.message}; page 101 refused: ${tooBig?.message}`,
    `evaluations of model ${state.deepest}: ${state.evaluations}`,
  ];
  for (const line of caps) log(line);
  if (ancestors?.nodes.length !== GRAPH_NODES || descendants?.nodes.length !== GRAPH_NODES || state.evaluations !== EVALUATIONS) {
    throw new Error('the state does not put the queries at their caps');
  }

  const costly = costlyCalls(state);
  const single = [];
  for (const [method, params, note] of costly) {
    const samples = [];
    let bytes = 0;
    let error = null;
    for (let i = 0; i < 5; i += 1) {
      const start = performance.now();
      const reply = await http(method, params);
      samples.push(performance.now() - start);
      bytes = JSON.stringify(reply.result ?? reply.error).length;
      if (reply.error) error = reply.error.message;
    }
    single.push({ method, params, note, bytes, ms: quantile(sortNum(samples), 0.5), error });
  }
  single.sort((x, y) => y.ms - x.ms);

  // ---- The batch cap: 64 answered, 65 refused, over both transports.
  const cheapBatch = (n) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i + 1, method: 'system_health', params: [] })));
  const batchCheck = {};
  {
    const ws = await RawWs.open(node.wsUrl);
    for (const n of [batchLen, batchLen + 1]) {
      const overHttp = JSON.parse((await httpRequest(node.httpUrl, cheapBatch(n), 10_000)).text);
      const overWs = JSON.parse(await ws.request(cheapBatch(n), 1, 10_000));
      batchCheck[n] = [overHttp, overWs].map((j) => (Array.isArray(j)
        ? `${j.filter((a) => a.result).length} answers`
        : `refused: ${j.error?.code} ${j.error?.message}`));
    }
    ws.close();
  }
  const batchCapOk = batchCheck[batchLen].every((s) => s === `${batchLen} answers`)
    && batchCheck[batchLen + 1].every((s) => s.startsWith('refused'));

  // The batches the clients send, 64 calls each: every costly call in turn ("mixed"), or
  // PROV exports only ("export"); with "both", every other client of each transport sends
  // exports.
  const batches = {
    mixed: Array.from({ length: batchLen }, (_, i) => costly[i % costly.length].slice(0, 2)),
    export: Array.from({ length: batchLen }, () => costly.find(([m]) => m === 'lineage_exportProv').slice(0, 2)),
  };
  const clientSpec = (i) => {
    const transport = i < wsClients ? 'ws' : 'http';
    const k = transport === 'ws' ? i : i - wsClients;
    return { transport, mix: values.mix === 'both' ? ['mixed', 'export'][k % 2] : values.mix };
  };

  // ---- Monitors: heads, finality, memory, CPU, a cheap-call probe, steady transfers.
  // Steady transfers: Charlie pays Dave at every new head while measuring (see onHead).
  const transfers = []; // { t, at, nonce, inBlock, error }
  let transferring = false;
  let charlieNonce = (await api.rpc.system.accountNextIndex(charlie.address)).toNumber();
  const heads = new Map(); // hash -> { number, arrival }
  const arrivals = []; // { number, t }
  let best = 0;
  let finalized = 0;
  const finalizedAdvances = []; // { number, t }
  const unsubHeads = await api.rpc.chain.subscribeNewHeads((h) => {
    const t = Date.now();
    heads.set(h.hash.toHex(), { number: h.number.toNumber(), arrival: t });
    arrivals.push({ number: h.number.toNumber(), t });
    best = Math.max(best, h.number.toNumber());
    onHead(h.number.toNumber());
  });
  const unsubFinalized = await api.rpc.chain.subscribeFinalizedHeads((h) => {
    const n = h.number.toNumber();
    if (n > finalized) {
      finalized = n;
      finalizedAdvances.push({ number: n, t: Date.now() });
    }
  });

  const samples = []; // { t, rssKb, hwmKb, threads, cpuTicks, best, finalized }
  // The node's log, read as it grows (node.js keeps only its last megabytes): the lines
  // about block production, warnings and errors, and how much it logged.
  const logLines = []; // { t, line }
  const logBytes = []; // { t, bytes }
  const logKinds = new Map(); // a line with its time and numbers blanked -> [count, bytes, an example]
  // Read up to `logSeen`, which ends with `logMark`. When node.js has dropped the start of
  // its buffer, the mark is looked for where the log's recent rate puts it (a flood of
  // identical lines makes it ambiguous: counts of such lines are then estimates).
  let logSeen = 0;
  let logMark = '';
  let logReadAt = Date.now();
  let logRate = 0; // bytes per ms
  let loadStarted = false;
  const readLog = () => {
    const text = node.logs();
    const now = Date.now();
    const end = text.lastIndexOf('\n') + 1;
    let from = logSeen;
    if (text.slice(logSeen - logMark.length, logSeen) !== logMark) {
      const expected = text.length - logRate * (now - logReadAt);
      from = 0;
      for (let at = text.indexOf(logMark); at >= 0; at = text.indexOf(logMark, at + 1)) {
        if (!from || Math.abs(at + logMark.length - expected) < Math.abs(from - expected)) from = at + logMark.length;
      }
    } else if (now > logReadAt) {
      logRate = 0.5 * logRate + 0.5 * ((end - logSeen) / (now - logReadAt));
    }
    logReadAt = now;
    if (end <= from) return;
    const fresh = text.slice(from, end);
    logSeen = end;
    logMark = text.slice(Math.max(0, end - 300), end);
    const t = Date.now();
    logBytes.push({ t, bytes: fresh.length });
    for (const line of fresh.split('\n')) {
      if (!line) continue;
      if (loadStarted) {
        const key = line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? +/, '').replace(/0x[0-9a-f…]+|\d+/g, 'N').slice(0, 100);
        const kind = logKinds.get(key) ?? [0, 0, line.slice(0, 240)];
        kind[0] += 1;
        kind[1] += line.length + 1;
        logKinds.set(key, kind);
      }
      if (/Prepared block for proposing|Discarding proposal|Ran out of free WASM instances|\b(WARN|ERROR)\b/.test(line)) logLines.push({ t, line });
    }
  };
  readLog();
  logLines.length = 0;
  logBytes.length = 0;

  const sampler = setInterval(() => {
    const s = procStatus(node.pid);
    if (s) samples.push({ t: Date.now(), ...s, best, finalized });
    readLog();
  }, 1000);

  function onHead(number) {
    if (!transferring) return;
    const record = { t: Date.now(), at: number, nonce: charlieNonce, inBlock: null, error: null };
    transfers.push(record);
    api.tx.balances.transferKeepAlive(dave.address, UNIT / 1000n)
      .signAndSend(charlie, { nonce: charlieNonce++ }, ({ status }) => {
        if (status.isInBlock) record.inBlock = status.asInBlock.toHex();
        else if (status.isInvalid || status.isDropped || status.isUsurped) record.error = status.type;
      })
      .catch((e) => { record.error = String(e.message ?? e).slice(0, 60); });
  }

  // The probe: a cheap call at a time over each transport, from its own connection.
  const probes = []; // { t, transport, ms, ok }
  let probing = true;
  const probeWs = await RawWs.open(node.wsUrl);
  const probe = (async () => {
    let ws = probeWs;
    while (probing) {
      for (const transport of ['ws', 'http']) {
        const start = performance.now();
        let ok = false;
        try {
          if (transport === 'ws') {
            ws ??= await RawWs.open(node.wsUrl);
            ok = !!JSON.parse(await ws.request(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [] }), 1, 10_000)).result;
          } else {
            ok = !!JSON.parse((await httpRequest(node.httpUrl, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }), 10_000)).text).result;
          }
        } catch {
          if (transport === 'ws') { ws?.close(); ws = null; }
        }
        probes.push({ t: Date.now(), transport, ms: performance.now() - start, ok });
      }
      await sleep(250);
    }
    ws?.close();
  })();

  const marks = {};
  transferring = true;
  marks.baseline = Date.now();
  log(`baseline: ${baseline} s without load`);
  await sleep(baseline * 1000);

  // ---- The load.
  marks.load = Date.now();
  loadStarted = true;
  const endAt = marks.load + duration * 1000;
  log(`load: ${clients} clients (${wsClients} WebSocket, ${clients - wsClients} HTTP), ${inFlight} batch(es) of ${batchLen} in flight each (${values.mix}), for ${duration} s`);
  const workers = Array.from({ length: clients }, (_, i) => new Worker(new URL(import.meta.url), {
    workerData: {
      ...clientSpec(i), calls: batches[clientSpec(i).mix], wsUrl: node.wsUrl, httpUrl: node.httpUrl,
      endAt, timeoutMs: requestTimeout, inFlight,
    },
  }));
  const results = await Promise.all(workers.map((w) => new Promise((resolve) => {
    const timer = setTimeout(() => { w.terminate(); resolve(null); }, duration * 1000 + requestTimeout + 30_000);
    w.once('message', (m) => { clearTimeout(timer); resolve(m); });
    w.once('error', (e) => { clearTimeout(timer); resolve({ crashed: String(e) }); });
  })));
  marks.loadEnd = Date.now();
  log(`load over after ${((marks.loadEnd - marks.load) / 1000).toFixed(0)} s; cooldown ${cooldown} s`);
  await sleep(cooldown * 1000);
  marks.end = Date.now();
  transferring = false;
  probing = false;
  await probe;
  clearInterval(sampler);
  readLog();
  // Give the last transfers a few blocks.
  const settle = Date.now() + 4 * slot;
  while (transfers.some((r) => !r.inBlock && !r.error) && Date.now() < settle) await sleep(500);
  unsubHeads();
  unsubFinalized();
  const nodeAlive = !node.exited();

  // ---- Analysis.
  const windows = [
    ['baseline', marks.baseline, marks.load],
    ['load', marks.load, marks.loadEnd],
    ['cooldown', marks.loadEnd, marks.end],
  ];
  const windowOf = (t) => windows.find(([, a, b]) => t >= a && t < b)?.[0];

  // On-chain timestamps of every block from the baseline on, by the canonical hash.
  const numbers = arrivals.filter((a) => a.t >= marks.baseline).map((a) => a.number);
  const from = Math.max(1, Math.min(...numbers) - 1);
  const to = Math.max(...numbers);
  const blocks = [];
  for (let n = from; n <= to; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const at = await api.at(hash);
    blocks.push({ number: n, hash: hash.toHex(), ts: (await at.query.timestamp.now()).toNumber() });
  }
  const blockIntervals = Object.fromEntries(windows.map(([w]) => [w, []]));
  for (let i = 1; i < blocks.length; i += 1) {
    const w = windowOf(blocks[i].ts);
    if (w) blockIntervals[w].push(blocks[i].ts - blocks[i - 1].ts);
  }
  const arrivalIntervals = Object.fromEntries(windows.map(([w]) => [w, []]));
  // The first notification is the head at subscription time, not an arrival.
  for (let i = 2; i < arrivals.length; i += 1) {
    const w = windowOf(arrivals[i].t);
    if (w && arrivals[i].number === arrivals[i - 1].number + 1) arrivalIntervals[w].push(arrivals[i].t - arrivals[i - 1].t);
  }
  const blockFigures = Object.fromEntries(windows.map(([w]) => [w, intervalStats(blockIntervals[w], slot)]));
  const arrivalFigures = Object.fromEntries(windows.map(([w]) => [w, intervalStats(arrivalIntervals[w], slot)]));

  // Finality: lag per second, and the longest wait for the finalized head to move.
  const finality = {};
  for (const [w, a, b] of windows) {
    const lags = samples.filter((s) => s.t >= a && s.t < b).map((s) => s.best - s.finalized);
    const moves = [a, ...finalizedAdvances.filter((f) => f.t >= a && f.t < b).map((f) => f.t), b];
    let gap = 0;
    for (let i = 1; i < moves.length; i += 1) gap = Math.max(gap, moves[i] - moves[i - 1]);
    finality[w] = { meanLag: mean(lags), maxLag: lags.length ? Math.max(...lags) : NaN, longestGap: gap };
  }
  const lastSample = samples[samples.length - 1];
  const finalLag = lastSample ? lastSample.best - lastSample.finalized : NaN;

  // Memory, threads and CPU.
  const memory = {};
  for (const [w, a, b] of windows) {
    const ss = samples.filter((s) => s.t >= a && s.t < b);
    // Clock ticks are 1/100 s: ticks per second are percent of one core.
    const cpu = ss.length > 1 ? (ss[ss.length - 1].cpuTicks - ss[0].cpuTicks) / ((ss[ss.length - 1].t - ss[0].t) / 1000) : NaN;
    memory[w] = {
      meanRss: mean(ss.map((s) => s.rssKb)),
      maxRss: ss.length ? Math.max(...ss.map((s) => s.rssKb)) : NaN,
      lastRss: ss.length ? ss[ss.length - 1].rssKb : NaN,
      hwm: ss.length ? ss[ss.length - 1].hwmKb : NaN,
      lastAnon: ss.length ? ss[ss.length - 1].anonKb : NaN,
      lastFile: ss.length ? ss[ss.length - 1].fileKb : NaN,
      maxThreads: ss.length ? Math.max(...ss.map((s) => s.threads)) : NaN,
      cpu,
    };
  }
  // Growth under load: the mean of the last 10 s against the first 10 s.
  const loadSamples = samples.filter((s) => s.t >= marks.load && s.t < marks.loadEnd);
  const growth = mean(loadSamples.slice(-10).map((s) => s.rssKb)) - mean(loadSamples.slice(0, 10).map((s) => s.rssKb));

  // The probe.
  const probeFigures = {};
  for (const [w, a, b] of windows) {
    probeFigures[w] = {};
    for (const transport of ['ws', 'http']) {
      const ps = probes.filter((p) => p.transport === transport && p.t >= a && p.t < b);
      const ms = sortNum(ps.filter((p) => p.ok).map((p) => p.ms));
      probeFigures[w][transport] = { n: ps.length, failed: ps.filter((p) => !p.ok).length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1] };
    }
  }

  // The transfers.
  const transferFigures = {};
  for (const [w, a, b] of windows) {
    const ts = transfers.filter((r) => r.t >= a && r.t < b);
    const delays = [];
    for (const r of ts) {
      if (!r.inBlock) continue;
      let number = heads.get(r.inBlock)?.number;
      if (number === undefined) number = (await api.rpc.chain.getHeader(r.inBlock)).number.toNumber();
      delays.push(number - r.at);
    }
    transferFigures[w] = {
      sent: ts.length,
      included: delays.length,
      next: delays.filter((d) => d <= 1).length,
      maxDelay: delays.length ? Math.max(...delays) : NaN,
      failed: ts.filter((r) => r.error).map((r) => r.error),
    };
  }

  // The load's own figures.
  const load = {};
  const crashed = results.filter((r) => !r || r.crashed);
  for (const r of results.filter((x) => x && !x.crashed)) (load[`${r.transport} ${r.mix}`] ??= []).push(r);
  const loadSeconds = (marks.loadEnd - marks.load) / 1000;
  const errors = {};
  for (const r of results.filter((x) => x && !x.crashed)) {
    for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  }

  // Block production as the node's log tells it.
  const logFigures = {};
  const oddLines = new Map(); // a warning or error, numbers blanked -> [count, an example]
  for (const [w, a, b] of windows) {
    const lines = logLines.filter((l) => l.t >= a && l.t < b + 1000).map((l) => l.line);
    const prepared = lines.map((l) => l.match(/Prepared block for proposing at \d+ \((\d+) ms\)/)).filter(Boolean).map((m) => Number(m[1]));
    const odd = lines.filter((l) => /\b(WARN|ERROR)\b/.test(l) && !/Ran out of free WASM/.test(l));
    for (const l of odd) {
      const key = l.replace(/^\S+ \S+ /, '').replace(/0x[0-9a-f…]+|\d+/g, 'N').slice(0, 160);
      const entry = oddLines.get(key) ?? [0, l.slice(0, 300)];
      entry[0] += 1;
      oddLines.set(key, entry);
    }
    logFigures[w] = {
      prepared: prepared.length,
      meanMs: mean(prepared),
      maxMs: prepared.length ? Math.max(...prepared) : NaN,
      discarded: lines.filter((l) => /Discarding proposal/.test(l)).length,
      warnings: lines.filter((l) => /\b(WARN|ERROR)\b/.test(l)).length,
      freshInstances: lines.filter((l) => /Ran out of free WASM instances/.test(l)).length,
      kb: logBytes.filter((l) => l.t >= a && l.t < b + 1000).reduce((x, l) => x + l.bytes, 0) / 1024,
    };
  }

  // ---- Report.
  const out = [];
  const p = (s = '') => out.push(s);
  p();
  p('## RPC load');
  p();
  p(`- node: \`${process.env.PROVENANCE_NODE_BIN}\`, \`--dev\`, RPC on loopback (no rate limit), defaults otherwise`);
  p(`- machine: ${cpus().length} CPUs; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; the load clients run on the same machine`);
  p(`- slot: ${slot} ms; state built in ${setupSeconds.toFixed(0)} s; ${caps.join('; ')}`);
  p(`- batch cap: a batch of ${batchLen} over HTTP / WebSocket: ${batchCheck[batchLen].join(' / ')}; `
    + `of ${batchLen + 1}: ${batchCheck[batchLen + 1].join(' / ')}`);
  p(`- load: ${clients} clients (${wsClients} WebSocket, ${clients - wsClients} HTTP), each with ${inFlight} batch(es) of ${batchLen} calls in flight, `
    + `for ${loadSeconds.toFixed(0)} s; batches "${values.mix}" ("mixed": the ${costly.length} calls below in turn; "export": all \`lineage_exportProv\`); `
    + `windows: baseline ${baseline} s, load, cooldown ${cooldown} s`);
  p();
  p('### The costly calls, alone (HTTP, median of 5, before the load)');
  p();
  p('| method | params | at its cap | answer (bytes) | time |');
  p('| --- | --- | --- | --- | --- |');
  for (const c of single) p(`| \`${c.method}\` | \`${JSON.stringify(c.params)}\` | ${c.note} | ${c.bytes}${c.error ? ` (error: ${c.error})` : ''} | ${fmtMs(c.ms)} |`);
  const exportBytes = single.find((c) => c.method === 'lineage_exportProv').bytes;
  const mixedBytes = batches.mixed.reduce((a, [m, params]) => a + (single.find((c) => c.method === m && JSON.stringify(c.params) === JSON.stringify(params))?.bytes ?? 0), 0);
  p(`- a batch of ${batchLen} answers about ${(batchLen * exportBytes / 2 ** 20).toFixed(1)} MiB as "export" and `
    + `${(mixedBytes / 2 ** 20).toFixed(1)} MiB as "mixed"; the server's cap on a response (a whole batch) is 15 MiB (\`--rpc-max-response-size\`)`);
  p();
  p('### Throughput of the load');
  p();
  p('| transport | batches | clients | batches answered | calls answered | answered / s | failed calls | batch p50 | batch p99 | MB received |');
  p('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const t of Object.keys(load).sort()) {
    const rs = load[t];
    const lat = sortNum(rs.flatMap((r) => r.latencies));
    const sum = (f) => rs.reduce((a, r) => a + f(r), 0);
    const [transport, mix] = t.split(' ');
    p(`| ${transport === 'ws' ? 'WebSocket' : 'HTTP'} | ${mix} | ${rs.length} | ${sum((r) => r.batches)} | ${sum((r) => r.ok)} | ${(sum((r) => r.ok) / loadSeconds).toFixed(1)} | `
      + `${sum((r) => r.failed)} | ${fmtMs(quantile(lat, 0.5))} | ${fmtMs(quantile(lat, 0.99))} | ${(sum((r) => r.bytes) / 1e6).toFixed(0)} |`);
  }
  if (crashed.length) p(`- ${crashed.length} load clients did not report: ${JSON.stringify(crashed).slice(0, 200)}`);
  p();
  p(`Errors by kind: ${Object.keys(errors).length ? '' : 'none'}`);
  for (const [k, v] of Object.entries(errors).sort((x, y) => y[1] - x[1])) p(`- ${v} × ${k}`);
  p();
  p('### Responsiveness: a cheap call at a time from a separate client');
  p();
  p('| window | WebSocket `chain_getHeader` p50 / p99 / max | failed | HTTP `system_health` p50 / p99 / max | failed |');
  p('| --- | --- | --- | --- | --- |');
  for (const [w] of windows) {
    const { ws, http: h } = probeFigures[w];
    p(`| ${w} | ${fmtMs(ws.p50)} / ${fmtMs(ws.p99)} / ${fmtMs(ws.max)} | ${ws.failed} of ${ws.n} | ${fmtMs(h.p50)} / ${fmtMs(h.p99)} / ${fmtMs(h.max)} | ${h.failed} of ${h.n} |`);
  }
  p();
  p(`### Block production (slot ${slot} ms; "within" is within 10 %, ${Math.round(0.9 * slot)}-${Math.round(1.1 * slot)} ms)`);
  p();
  p('| window | source | intervals | mean | max | p95 deviation | max deviation | within 10 % | missed slots |');
  p('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [w] of windows) {
    for (const [source, f] of [['on-chain timestamps', blockFigures[w]], ['arrival at a client', arrivalFigures[w]]]) {
      if (!f) { p(`| ${w} | ${source} | 0 | | | | | | |`); continue; }
      p(`| ${w} | ${source} | ${f.n} | ${fmtMs(f.mean)} | ${fmtMs(f.max)} | ${fmtMs(f.p95Dev)} | ${fmtMs(f.maxDev)} | ${pct(f.within)} | ${f.missed} |`);
    }
  }
  p();
  p('| window | blocks prepared (node log) | preparation mean / max | proposals discarded | "Ran out of free WASM instances" (≈) | WARN / ERROR lines | log written |');
  p('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [w] of windows) {
    const f = logFigures[w];
    p(`| ${w} | ${f.prepared} | ${fmtMs(f.meanMs)} / ${fmtMs(f.maxMs)} | ${f.discarded} | ${f.freshInstances} | ${f.warnings} | ${f.kb.toFixed(0)} KiB |`);
  }
  for (const [count, example] of [...oddLines.values()].sort((x, y) => y[0] - x[0]).slice(0, 8)) p(`- ${count} × \`${example}\``);
  p('- what the node logged most from the start of the load on (lines alike but for numbers and hashes):');
  for (const [count, bytes, example] of [...logKinds.values()].sort((x, y) => y[1] - x[1]).slice(0, 5)) {
    p(`  - ${count} lines, ${(bytes / 1024).toFixed(0)} KiB, e.g. \`${example.replace(/`/g, "'")}\``);
  }
  p();
  p('### Finality and transactions');
  p();
  p('| window | lag (best - finalized) mean / max | longest wait for finality to advance | transfers sent | in the next block | included | latest (blocks after submission) | failed |');
  p('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [w] of windows) {
    const f = finality[w];
    const t = transferFigures[w];
    p(`| ${w} | ${f.meanLag.toFixed(1)} / ${f.maxLag} | ${(f.longestGap / 1000).toFixed(1)} s | ${t.sent} | ${t.next} | ${t.included} | ${t.maxDelay} | ${t.failed.length ? t.failed.join(', ') : 0} |`);
  }
  p(`- at the end: best #${lastSample?.best}, finalized #${lastSample?.finalized} (lag ${finalLag})`);
  p();
  p('### Node memory and CPU (/proc/<pid>, every second)');
  p();
  p('| window | VmRSS mean | VmRSS max | VmRSS at the end (anonymous + file) | VmHWM at the end | threads max | node CPU (of one core) |');
  p('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [w] of windows) {
    const m = memory[w];
    p(`| ${w} | ${fmtMb(m.meanRss)} | ${fmtMb(m.maxRss)} | ${fmtMb(m.lastRss)} (${fmtMb(m.lastAnon)} + ${fmtMb(m.lastFile)}) | ${fmtMb(m.hwm)} | ${m.maxThreads} | ${Number.isFinite(m.cpu) ? `${m.cpu.toFixed(0)} %` : '-'} |`);
  }
  const timeline = [];
  for (let k = 0; k <= 10; k += 1) {
    const t = marks.load + (k * (marks.end - marks.load)) / 10;
    if (!samples.length) break;
    const near = samples.reduce((b, x) => (Math.abs(x.t - t) < Math.abs(b.t - t) ? x : b), samples[0]);
    timeline.push(`${Math.round((near.t - marks.load) / 1000)} s: ${fmtMb(near.rssKb)}`);
  }
  p(`- VmRSS from the start of the load (the load ends at ${Math.round(loadSeconds)} s): ${timeline.join(', ')}`);
  p(`- under load, the last 10 s against the first 10 s: ${growth >= 0 ? '+' : ''}${fmtMb(growth)}; after the cooldown against the baseline: `
    + `${memory.cooldown.lastRss - memory.baseline.meanRss >= 0 ? '+' : ''}${fmtMb(memory.cooldown.lastRss - memory.baseline.meanRss)}`);
  p();

  // ---- Verdict.
  const verdict = [];
  const underLoad = blockFigures.load;
  if (!nodeAlive) verdict.push(`the node exited: ${JSON.stringify(node.exited())}`);
  if (!underLoad || underLoad.within < 0.95) {
    verdict.push(`block intervals under load: ${underLoad ? pct(underLoad.within) : 'none'} within 10 % of the ${slot} ms slot (want >= 95 %)`);
  }
  const longestGap = Math.max(finality.load.longestGap, finality.cooldown.longestGap);
  if (longestGap > maxFinalityGap) verdict.push(`finality stalled: it did not advance for ${(longestGap / 1000).toFixed(1)} s (limit ${maxFinalityGap / 1000} s)`);
  if (!(finalLag <= 5)) verdict.push(`finality lags ${finalLag} blocks at the end`);
  if (!batchCapOk) verdict.push(`the batch cap is not ${batchLen}: ${JSON.stringify(batchCheck)}`);
  if (verdict.length) {
    exitCode = 1;
    p('### FAILED');
    for (const v of verdict) p(`- ${v}`);
  } else {
    p(`### PASSED: block intervals under load ${pct(underLoad.within)} within 10 % of the slot; finality advanced at least every ${(longestGap / 1000).toFixed(1)} s`);
  }
  console.log(out.join('\n'));
} catch (e) {
  exitCode = 2;
  console.error(`rpc-load: ${e.stack ?? e}`);
  console.error(node.logs().slice(-3000));
} finally {
  await api.disconnect().catch(() => {});
  const status = await node.stop();
  log(`node stopped (${JSON.stringify(status)}); ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  clearTimeout(watchdog);
}
process.exit(exitCode);
