// Block throughput per kind of extrinsic on a real `--dev` node (issue 17): for each kind in
// turn, keeps the transaction pool offered more than a block takes and counts, block by block,
// how many of that kind fit, the weight they use and how long the node takes to build the
// block. All kinds run side by side on one node (6 s blocks, Alice the only authority):
//   transfer  balances.transferKeepAlive (the reference)   remark   system.remark (32 bytes)
//   dataset   datasets.registerDataset                     grant    consent.grantConsent
//   model     lineage.registerModel, one consented input   pay      rewards.payUsage (3 generations)
//   revoke    consent.revokeConsent
// Setup (not measured): 64 funded senders (`//Sender/<i>`) and what each kind needs. Then per
// kind: `--count` extrinsics pre-signed with explicit nonces (immortal), spread over the
// senders, submitted by `author_submitExtrinsic` in nonce order per sender, each nonce only
// once the one before was accepted and with at most `--in-pool` outstanding (under the pool's
// 8,192 ready / 819 future limits, see docs/validator.md), refilled as blocks include them.
// Steady state: the blocks holding the kind, less the first 2 and the last 2. Reported per
// kind: medians of extrinsics per block, normal-class weight used (% of its budget), weight
// charged per extrinsic, the block's build time from the node's log ("Prepared block for
// proposing at N (T ms)") per block and per extrinsic, and weight / build time. Then, unless
// `--skip-import`, a second node syncs the whole chain from the first while no load is sent,
// and each block's import time (verification, execution and the database commit, from its
// Prometheus histogram `substrate_block_verification_and_import_time`) gives weight / import time.
// Each kind's storage calls per extrinsic come from its fullest block holding it alone, re-executed
// with storage tracing (`state_traceBlock`), less an empty block's: reads and writes by item.
// A benchmark, not a test: run it on a quiet machine and record the figures. Exits 1 when a
// kind got no steady-state blocks, did not all get in, or failed to dispatch; 2 when the run
// itself failed (the node died, ...).
//   node bench/throughput.mjs [--count 6000] [--kinds transfer,remark,dataset,grant,model,pay,revoke]
//     [--in-pool 4000] [--pool-limit <n>] [--pool-type single-state] [--lineages 1024] [--skip-import]
//     [--json <file>] [--keep]   (from tests/, with PROVENANCE_NODE_BIN set;
//   scripts/throughput.sh does both)
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from '@polkadot/x-ws';
import { Keyring } from '@polkadot/keyring';
import { encodeAddress } from '@polkadot/util-crypto';

import { connect, devAccounts, submit } from '../e2e/lib/chain.js';
import { freePort, rawRpc, startNode } from '../e2e/lib/node.js';
import { perExtrinsic, storageNames, traceStorage } from './lib/storage-trace.mjs';

const KINDS = ['transfer', 'remark', 'dataset', 'grant', 'model', 'pay', 'revoke'];
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '6000' },
    kinds: { type: 'string', default: KINDS.join(',') },
    'in-pool': { type: 'string', default: '4000' },
    // The node's own pool limits (its defaults: 8,192 extrinsics, 20 MiB): a kind that fits
    // more than about 4,000 per block needs them raised to be offered more than fits.
    'pool-limit': { type: 'string' },
    // How many 3-generation lineages `pay` spreads its payments over: 1 pays one model over and
    // over, whose entries then stay in the block's overlay; the default gives a full block of
    // payments (about 600) a lineage each, as payments for different models would.
    lineages: { type: 'string', default: '1024' },
    // The node's transaction pool. The fork-aware pool (the node's default) can hide a sender's
    // last few hundred outstanding extrinsics for many blocks under this load (docs/validator.md),
    // which stalls a kind's run; block building and weights are the same with either pool.
    'pool-type': { type: 'string', default: 'single-state' },
    // Skip the import measurement (a second node syncing the run's blocks afterwards).
    'skip-import': { type: 'boolean', default: false },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const kinds = values.kinds.split(',').map((k) => k.trim()).filter(Boolean);
const inPool = Number(values['in-pool']);
const poolLimit = values['pool-limit'] === undefined ? null : Number(values['pool-limit']);
const lineages = Number(values.lineages);
const poolType = values['pool-type'];
if (!(Number.isInteger(count) && count >= 64) || !kinds.length || kinds.some((k) => !KINDS.includes(k))
  || new Set(kinds).size !== kinds.length || !(inPool >= 64 && inPool <= Math.max(7000, (poolLimit ?? 0) / 2))
  || !(poolLimit === null || poolLimit >= 8192) || !(Number.isInteger(lineages) && lineages >= 1 && lineages <= 4096)
  || !['single-state', 'fork-aware'].includes(poolType)) {
  console.error(`want --count >= 64, --kinds a subset of ${KINDS.join(',')}, 64 <= --in-pool <= 7000 (or half `
    + '--pool-limit), --pool-limit >= 8192, 1 <= --lineages <= 4096, --pool-type single-state or fork-aware');
  process.exit(2);
}

const SENDERS = 64;
const UNIT = 10n ** 12n;
const FUNDS = 5_000n * UNIT; // per sender: deposits for ~100 registrations, fees, payments
const PAY_AMOUNT = UNIT / 10n; // ten times the minimum usage payment
const FULL_SHARE = 1_000_000_000;
const STALL_BLOCKS = 5; // blocks without progress before a kind is given up
const TRIM = 2; // blocks dropped at each end of a kind's run

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Raw JSON-RPC over one WebSocket: no decoding, so that big blocks and many submissions are cheap. */
class RawRpc {
  static open(url) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new RawRpc(ws));
      ws.onerror = (e) => reject(new Error(`connect failed: ${e.message ?? e}`));
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.id = 0;
    this.pending = new Map(); // id -> { resolve, reject }
    ws.onmessage = ({ data }) => {
      const msg = JSON.parse(typeof data === 'string' ? data : data.toString());
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg);
    };
    ws.onclose = () => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
    };
    ws.onerror = () => {};
  }

  /** Resolves to the whole answer ({ result } or { error }). */
  send(method, params) {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const id = ++this.id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async call(method, params) {
    const { result, error } = await this.send(method, params);
    if (error) throw new Error(`${method}: ${error.code} ${error.message}`);
    return result;
  }

  close() {
    try { this.ws.close(); } catch { /* already gone */ }
  }
}

// ---------------------------------------------------------------------------------------

let exitCode = 0;
const poolArgs = poolLimit ? ['--pool-limit', String(poolLimit), '--pool-kbytes', String(Math.ceil(poolLimit * 2.5))] : [];
// `state_traceBlock` (unsafe, on loopback only) answers 100 MB for a full block.
const node = await startNode({
  args: ['--dev', '-lsub-libp2p=warn', '--pool-type', poolType, '--rpc-methods', 'unsafe', '--rpc-max-response-size', '1024', ...poolArgs],
});
const api = await connect(node.wsUrl);
const rpc = await RawRpc.open(node.wsUrl);
const started = Date.now();

// The node's log, parsed as it grows (node.js keeps its last megabytes only); keyed by block
// number, so that reading a line twice does no harm.
const prepared = new Map(); // number -> { ms, end, extrinsics }
const imported = new Set();
let logSeen = 0;
const readLog = () => {
  const text = node.logs();
  const end = text.lastIndexOf('\n') + 1; // whole lines only
  const from = end >= logSeen ? logSeen : 0; // shorter: node.js trimmed it, read it all again
  logSeen = end;
  for (const line of text.slice(from, end).split('\n')) {
    let m = line.match(/Prepared block for proposing at (\d+) \((\d+) ms\).*?end: (\w+); extrinsics_count: (\d+)/);
    if (m) prepared.set(Number(m[1]), { ms: Number(m[2]), end: m[3], extrinsics: Number(m[4]) });
    m = line.match(/Imported #(\d+)/);
    if (m) imported.add(Number(m[1]));
  }
};

// Blocks as they come, from raw `chain_getBlock`: each extrinsic is looked up by its hex in
// `owned` (what this run signed, by kind), which counts ours without decoding anything.
const owned = new Map(); // extrinsic hex -> kind
const blocks = new Map(); // number -> { number, hash, extrinsics, bytes, ours: { kind: n }, index: [kind per extrinsic] }
let scanned = 0;
const nodeDied = () => {
  const exited = node.exited();
  if (exited) throw new Error(`the node died: ${JSON.stringify(exited)}\n${node.logs().slice(-3000)}`);
};
async function scan() {
  nodeDied();
  const best = Number.parseInt((await rpc.call('chain_getHeader', [])).number, 16);
  for (let n = scanned + 1; n <= best; n += 1) {
    const hash = await rpc.call('chain_getBlockHash', [n]);
    const { block } = await rpc.call('chain_getBlock', [hash]);
    const ours = {};
    let bytes = api.createType('Header', block.header).encodedLength
      + api.createType('Compact<u32>', block.extrinsics.length).encodedLength;
    const index = block.extrinsics.map((x) => {
      bytes += (x.length - 2) / 2;
      const kind = owned.get(x);
      if (kind) ours[kind] = (ours[kind] ?? 0) + 1;
      return kind ?? null;
    });
    blocks.set(n, { number: n, hash, extrinsics: block.extrinsics.length, bytes, ours, index });
    scanned = n;
  }
  readLog();
  return best;
}

// ---- Senders and what each kind needs.

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const { alice } = devAccounts();
const senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(`//Sender/${i}`));
// Each sender's share of `count`, as even as can be.
const share = (i) => Math.floor(count / SENDERS) + (i < count % SENDERS ? 1 : 0);

const event = (events, section, method) => events
  .filter(({ event: e }) => e.section === section && e.method === method)
  .map(({ event: e }) => e.data);

async function mustPass(tx, signer, options) {
  const result = await submit(api, tx, signer, options);
  if (result.dispatchError) throw new Error(`${tx.method.section}.${tx.method.method} failed: ${result.dispatchError}`);
  return result;
}

/** `calls` by `signer`, in batchAll extrinsics of `size`, queued together with consecutive nonces. */
async function batched(signer, calls, size = 100) {
  let nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  const chunks = [];
  for (let i = 0; i < calls.length; i += size) chunks.push(calls.slice(i, i + size));
  const results = await Promise.all(chunks.map((c) => mustPass(api.tx.utility.batchAll(c), signer, { nonce: nonce++ })));
  return results.flatMap((r) => r.events);
}

const registerDataset = (uri) => api.tx.datasets.registerDataset(hex(), hex(), uri, 'CC-BY-4.0', 'Public', null, []);
const grantTraining = (dataset, grantee) => api.tx.consent.grantConsent(
  dataset, { Account: grantee }, ['Training'], null, null, { termsHash: hex(), derivatives: 'Anyone' },
);
// `maxBasis`: the most grants the new model's consent basis can hold, which it is charged
// for up front: its inputs' for a first generation, else the largest.
// A caller that knows the basis size passes it as `maxBasis` (the witness) and is charged that.
const registerModel = (name, { kind = 'Pretrain', parents = [], inputs = [], maxBasis }) => api.tx.lineage.registerModel(
  hex(), name, '1', '', 'MIT', hex(), 'Open', kind, parents, inputs, 'Training', hex(), hex(), null, FULL_SHARE,
  maxBasis ?? (parents.length === 0 ? inputs.length : api.consts.lineage.maxBasisGrants),
);
const stranger = () => encodeAddress(randomBytes(32), 42);

async function setup() {
  const ctx = {};
  log(`funding ${SENDERS} senders from Alice`);
  await mustPass(api.tx.utility.batchAll(senders.map((s) => api.tx.balances.transferKeepAlive(s.address, FUNDS))), alice);

  // Each sender's own dataset, for grants, models and revocations.
  const needHome = kinds.some((k) => ['grant', 'model', 'revoke'].includes(k));
  const senderSide = async () => {
    if (!needHome) return;
    log('registering a dataset for each sender');
    ctx.home = await Promise.all(senders.map(async (s, i) => {
      const [d] = event((await mustPass(registerDataset(`ipfs://bench/home/${i}`), s)).events, 'datasets', 'DatasetRegistered');
      return d.id.toNumber();
    }));
    // A grant to itself for training (reused by all its models: uses are unlimited), and the
    // grants `revoke` takes back, each to a stranger (at most 16 live grants per grantee).
    log(`granting${kinds.includes('model') ? ' each sender training on its dataset' : ''}`
      + `${kinds.includes('revoke') ? `${kinds.includes('model') ? ' and' : ''} ${count} grants to revoke` : ''}`);
    const grants = await Promise.all(senders.map(async (s, i) => {
      const calls = [];
      if (kinds.includes('model')) calls.push(grantTraining(ctx.home[i], s.address));
      if (kinds.includes('revoke')) for (let k = 0; k < share(i); k += 1) calls.push(grantTraining(ctx.home[i], stranger()));
      if (!calls.length) return [];
      const ids = event(await batched(s, calls), 'consent', 'ConsentGranted').map((g) => g.grant.toNumber());
      if (ids.length !== calls.length) throw new Error(`sender ${i}: ${ids.length} grants of ${calls.length}`);
      return ids;
    }));
    if (kinds.includes('model')) ctx.selfGrant = grants.map((g) => g.shift());
    if (kinds.includes('revoke')) ctx.toRevoke = grants;
  };

  // `--lineages` of Alice's: each a pretrained model, a fine-tune of it and a fine-tune of that,
  // each generation trained on its own consented dataset; `pay` pays for the last ones in turn.
  const lineageSide = async () => {
    if (!kinds.includes('pay')) return;
    log(`building ${lineages} 3-generation lineage${lineages === 1 ? '' : 's'}`);
    const ids = (events, section, method, field) => event(events, section, method).map((d) => d[field].toNumber());
    // Dataset and grant 3l + g are lineage l's generation g.
    const ds = ids(await batched(alice, Array.from({ length: 3 * lineages }, (_, i) => registerDataset(`ipfs://bench/lineage/${i}`))),
      'datasets', 'DatasetRegistered', 'id');
    const gs = ids(await batched(alice, ds.map((d) => grantTraining(d, alice.address))), 'consent', 'ConsentGranted', 'grant');
    if (ds.length !== 3 * lineages || gs.length !== 3 * lineages) throw new Error(`lineages: ${ds.length} datasets, ${gs.length} grants`);
    let last = [];
    for (let g = 0; g < 3; g += 1) {
      const parents = last;
      last = ids(await batched(alice, Array.from({ length: lineages }, (_, l) => registerModel(`bench-${l}-gen-${g}`, {
        kind: g ? 'FineTune' : 'Pretrain',
        parents: g ? [[parents[l], 'FineTune']] : [],
        inputs: [{ dataset: ds[3 * l + g], role: 'Train', grant: gs[3 * l + g] }],
        maxBasis: g + 1, // one grant per generation
      }))), 'lineage', 'ModelRegistered', 'id');
      if (last.length !== lineages) throw new Error(`generation ${g}: ${last.length} models of ${lineages}`);
    }
    ctx.payModels = last;
  };

  await Promise.all([senderSide(), lineageSide()]);
  return ctx;
}

/** The call of sender `s`'s `k`-th extrinsic of `kind`. */
function makeCall(kind, ctx, s, k) {
  switch (kind) {
    case 'transfer': return api.tx.balances.transferKeepAlive(senders[(s + 1) % SENDERS].address, UNIT / 1000n);
    case 'remark': return api.tx.system.remark(hex(32));
    case 'dataset': return registerDataset(`ipfs://bench/d/${s}/${k}`);
    case 'grant': return grantTraining(ctx.home[s], stranger());
    case 'model': return registerModel(`bench-${s}-${k}`, { inputs: [{ dataset: ctx.home[s], role: 'Train', grant: ctx.selfGrant[s] }] });
    // Consecutive extrinsics (senders interleave in a block) pay different lineages.
    case 'pay': return api.tx.rewards.payUsage(ctx.payModels[(k * SENDERS + s) % ctx.payModels.length], PAY_AMOUNT);
    case 'revoke': return api.tx.consent.revokeConsent(ctx.toRevoke[s][k]);
    default: throw new Error(kind);
  }
}

// ---- One kind: sign, submit with the pool kept full, wait until all are in.

async function runKind(kind, ctx) {
  const t0 = Date.now();
  const nonces = await Promise.all(senders.map((s) => rpc.call('system_accountNextIndex', [s.address])));
  // What `signAndSend` would fill in itself, for an immortal extrinsic (checked against genesis).
  const signing = {
    blockHash: api.genesisHash, genesisHash: api.genesisHash, runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions, version: api.extrinsicType,
  };
  const queues = senders.map((s, i) => Array.from({ length: share(i) }, (_, k) => {
    const x = makeCall(kind, ctx, i, k).sign(s, { ...signing, nonce: nonces[i] + k }).toHex();
    owned.set(x, kind);
    return x;
  }));
  log(`${kind}: signed ${count} in ${((Date.now() - t0) / 1000).toFixed(1)} s; submitting, at most ${inPool} outstanding`);

  const firstBlock = scanned + 1;
  const included = () => {
    let n = 0;
    for (let b = firstBlock; b <= scanned; b += 1) n += blocks.get(b).ours[kind] ?? 0;
    return n;
  };
  let accepted = 0;
  let done = 0; // included so far
  let stopped = false;
  const rejected = []; // { sender, nonce, error }
  let wake;
  let newBlock = new Promise((r) => { wake = r; });

  // A sender's extrinsics strictly in nonce order: the next goes once the one before is in
  // the pool, so none waits in the future queue. A full pool is retried after a block; any
  // other refusal stops the sender (its later nonces could only wait on the gap).
  const feed = async (i) => {
    for (let k = 0; k < queues[i].length; k += 1) {
      while (!stopped && accepted - done >= inPool) await newBlock;
      for (;;) {
        if (stopped) return;
        const { error } = await rpc.send('author_submitExtrinsic', [queues[i][k]]);
        if (!error || /already imported/i.test(error.message)) break;
        if (error.code === 1014 || error.code === 1016) {
          await newBlock;
          continue;
        }
        rejected.push({ sender: i, nonce: nonces[i] + k, error: `${error.code} ${error.message}${error.data ? `: ${error.data}` : ''}` });
        return;
      }
      accepted += 1;
    }
  };
  let fed = false;
  Promise.all(senders.map((_, i) => feed(i))).then(() => { fed = true; });

  // Watch blocks until all that were accepted are in, or none gets in for STALL_BLOCKS blocks.
  let stall = 0;
  let lastReport = 0;
  while (!(fed && done >= accepted) && stall < STALL_BLOCKS) {
    await sleep(250);
    const seen = scanned;
    const best = await scan();
    if (best === seen) continue;
    const before = done;
    done = included();
    stall = done > before ? 0 : stall + 1;
    wake();
    newBlock = new Promise((r) => { wake = r; });
    if (Date.now() - lastReport > 5000 || (fed && done >= accepted)) {
      lastReport = Date.now();
      log(`${kind}: #${best} took ${blocks.get(best).ours[kind] ?? 0}; submitted ${accepted}/${count}, `
        + `in the pool ${accepted - done}, included ${done}/${count}`);
    }
  }
  stopped = true;
  wake();
  const lastBlock = scanned;
  const pending = (await rpc.call('author_pendingExtrinsics', [])).filter((x) => owned.get(x) === kind).length;
  let stuck = [];
  if (done < count) {
    // Which senders stopped short, and where their nonces stand.
    const next = await Promise.all(senders.map((s) => rpc.call('system_accountNextIndex', [s.address])));
    const onChain = await Promise.all(senders.map(async (s) => (await api.query.system.account(s.address)).nonce.toNumber()));
    stuck = senders.map((_, i) => ({ sender: i, want: nonces[i] + share(i), onChain: onChain[i], pool: next[i] }))
      .filter((x) => x.onChain < x.want);
  }
  log(`${kind}: ${done}/${count} included in blocks #${firstBlock}..#${lastBlock} (${((Date.now() - t0) / 1000).toFixed(0)} s)`
    + `${rejected.length ? `; ${rejected.length} refused, e.g. ${rejected[0].error}` : ''}${stuck.length ? `; ${stuck.length} senders short` : ''}`);
  return { kind, firstBlock, lastBlock, signed: count, accepted, included: done, pending, rejected, stuck };
}

// ---- The figures of one kind, from its blocks (read while their state is still kept).

async function analyse(run, budget) {
  const held = [];
  for (let n = run.firstBlock; n <= run.lastBlock; n += 1) if (blocks.get(n).ours[run.kind]) held.push(blocks.get(n));
  // The node's output comes through a pipe: the last lines may not be in yet.
  for (let i = 0; i < 20 && held.some((b) => !prepared.has(b.number)); i += 1) {
    await sleep(100);
    readLog();
  }
  const steady = held.slice(TRIM, held.length - TRIM);
  const gaps = held.length ? (held[held.length - 1].number - held[0].number + 1) - held.length : 0;
  let failed = 0;
  let failure = null;
  for (const b of held) {
    const at = await api.at(b.hash);
    const [weight, events] = await Promise.all([at.query.system.blockWeight(), at.query.system.events()]);
    b.weight = {
      normal: weight.normal.refTime.toBigInt(),
      operational: weight.operational.refTime.toBigInt(),
      mandatory: weight.mandatory.refTime.toBigInt(),
    };
    for (const { phase, event: e } of events) {
      if (!(e.section === 'system' && e.method === 'ExtrinsicFailed' && phase.isApplyExtrinsic)) continue;
      if (b.index[phase.asApplyExtrinsic.toNumber()] !== run.kind) continue;
      failed += 1;
      if (!failure) {
        const err = e.data.dispatchError;
        failure = err.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(err.asModule)) : err.toString();
      }
    }
    b.proposal = prepared.get(b.number) ?? null;
    b.imported = imported.has(b.number);
  }
  // Without a steady state (a run too short for the kind), the figures of all its blocks, flagged.
  const measured = steady.length ? steady : held;
  const perBlock = measured.map((b) => {
    const n = b.ours[run.kind];
    const ms = b.proposal?.ms;
    return {
      number: b.number,
      count: n,
      extrinsics: b.extrinsics,
      bytes: b.bytes,
      normalRefTime: Number(b.weight.normal),
      totalRefTime: Number(b.weight.normal + b.weight.operational + b.weight.mandatory),
      normalPct: (100 * Number(b.weight.normal)) / Number(budget.normal),
      weightPerExtUs: Number(b.weight.normal) / n / 1e6,
      proposalMs: ms ?? null,
      proposalEnd: b.proposal?.end ?? null,
      execPerExtUs: ms === undefined ? null : (1000 * ms) / n,
      // Weight is in picoseconds: ref_time / 1e9 is milliseconds.
      weightOverExec: ms ? Number(b.weight.normal) / 1e9 / ms : null,
    };
  });
  const timed = perBlock.filter((b) => b.proposalMs !== null);
  const ends = {};
  for (const b of perBlock) ends[b.proposalEnd ?? 'unknown'] = (ends[b.proposalEnd ?? 'unknown'] ?? 0) + 1;
  return {
    ...run,
    rejected: run.rejected.length,
    firstRefusal: run.rejected[0]?.error ?? null,
    blocksWithKind: held.map((b) => b.number),
    gaps,
    failed,
    failure,
    steadyBlocks: steady.length,
    perBlock,
    steady: steady.length > 0,
    median: {
      perBlock: median(perBlock.map((b) => b.count)),
      normalPct: median(perBlock.map((b) => b.normalPct)),
      weightPerExtUs: median(perBlock.map((b) => b.weightPerExtUs)),
      bytesPerBlock: median(perBlock.map((b) => b.bytes)),
      proposalMs: median(timed.map((b) => b.proposalMs)),
      execPerExtUs: median(timed.map((b) => b.execPerExtUs)),
      weightOverExec: median(timed.filter((b) => b.proposalMs > 0).map((b) => b.weightOverExec)),
    },
    // How many the normal class would take by weight alone: what a full block should hold.
    fitByWeight: Math.floor(Number(budget.normal) / (1e6 * median(perBlock.map((b) => b.weightPerExtUs)))),
    ends,
    notImported: perBlock.filter((b) => !blocks.get(b.number).imported).map((b) => b.number),
  };
}

// ---- Import: a second node syncs the chain from the first once the load is over (the first
// only serves the sync and authors empty blocks). Its Prometheus histogram of verification and
// import time is read every few milliseconds; a sample where the count went up by exactly one
// gives that block's time. The import queue takes blocks one at a time from #1, so the count
// is the block's number.

const metric = (text, name) => {
  const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'));
  return m ? Number(m[1]) : null;
};

async function measureImport(upTo) {
  const peerId = await rpc.call('system_localPeerId', []);
  const promPort = await freePort();
  const importer = await startNode({
    args: ['--chain', 'dev', '-lsub-libp2p=warn', '--bootnodes', `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${peerId}`],
    prometheusPort: promPort,
  });
  log(`import: a second node syncs #1..#${upTo} (pid ${importer.pid})`);
  // Not serving yet, or one failed scrape, reads as no sample: the next sees the same counter.
  const scrape = () => fetch(`http://127.0.0.1:${promPort}/metrics`).then((r) => r.text()).catch(() => '');
  const times = new Map(); // number -> ms
  let last = null;
  let skipped = 0;
  const deadline = Date.now() + 30 * 60_000;
  try {
    for (;;) {
      if (importer.exited()) throw new Error(`the importing node died: ${JSON.stringify(importer.exited())}\n${importer.logs().slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`the importing node did not reach #${upTo} in 30 minutes`);
      const text = await scrape();
      const now = {
        sum: metric(text, 'substrate_block_verification_and_import_time_sum'),
        count: metric(text, 'substrate_block_verification_and_import_time_count'),
      };
      if (now.count !== null && now.sum !== null) {
        if (last && now.count === last.count + 1) times.set(now.count, 1000 * (now.sum - last.sum));
        else if (last && now.count > last.count + 1) skipped += now.count - last.count;
        last = now;
        if (now.count >= upTo) break;
      }
      await sleep(20);
    }
    // Anything else through the import queue (a re-import, a failure) would shift the numbering:
    // with blocks imported one at a time, the count lies between the best block before (less
    // one: a block is best just before its time is recorded) and after.
    const best = async () => Number.parseInt((await rawRpc(importer.httpUrl, {
      jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [],
    })).json.result.number, 16);
    const before = await best();
    const count = metric(await scrape(), 'substrate_block_verification_and_import_time_count');
    const after = await best();
    if (!(before - 1 <= count && count <= after)) throw new Error(`import: ${count} imports counted, best block #${before} then #${after}`);
    log(`import: ${times.size} blocks timed one by one, ${skipped} seen only in groups`);
  } finally {
    await importer.stop();
  }
  return times;
}

// ---------------------------------------------------------------------------------------

const results = [];
const problems = [];
try {
  const weights = api.consts.system.blockWeights;
  const budget = {
    maxBlock: weights.maxBlock.refTime.toBigInt(),
    normal: weights.perClass.normal.maxTotal.unwrap().refTime.toBigInt(),
    baseExtrinsic: weights.perClass.normal.baseExtrinsic.refTime.toBigInt(),
  };
  const maxLength = api.consts.system.blockLength.max.normal.toNumber();
  log(`node ${process.env.PROVENANCE_NODE_BIN} (pid ${node.pid}), base ${node.basePath}; ${cpus().length} CPUs, `
    + `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; normal class: ${Number(budget.normal) / 1e9} ms of `
    + `${Number(budget.maxBlock) / 1e9} ms, ${(maxLength / 2 ** 20).toFixed(2)} MiB; kinds ${kinds.join(',')}, ${count} each`);

  const setupStart = Date.now();
  const ctx = await setup();
  await scan();
  const setupEnd = scanned;
  log(`setup done in ${((Date.now() - setupStart) / 1000).toFixed(0)} s, at #${scanned}`);

  // Storage calls per extrinsic: each kind's fullest block with nothing else in it, traced as
  // soon as the kind is done (the node keeps the last 256 blocks' state), less an empty block
  // (the timestamp alone) from after the setup.
  const names = storageNames(api);
  let empty = null;
  let emptyBlock = null;
  const traceKind = async (r) => {
    if (!empty) {
      emptyBlock = [...blocks.values()].find((b) => b.number > setupEnd && b.extrinsics === 1);
      if (!emptyBlock) throw new Error('no empty block after the setup to subtract');
      empty = await traceStorage(node.httpUrl, emptyBlock.hash, names);
    }
    const alone = r.perBlock.filter((x) => blocks.get(x.number).extrinsics === 1 + x.count);
    const b = alone.reduce((best, x) => (!best || x.count > best.count ? x : best), null);
    if (!b) throw new Error('no block holds the kind alone');
    const per = perExtrinsic(await traceStorage(node.httpUrl, blocks.get(b.number).hash, names), empty, b.count);
    r.storage = {
      block: b.number,
      count: b.count,
      reads: per.reads,
      writes: per.writes,
      items: Object.fromEntries([...per.items].filter(([, v]) => v.reads || v.writes)),
    };
  };

  for (const kind of kinds) {
    const run = await runKind(kind, ctx);
    const r = await analyse(run, budget);
    results.push(r);
    try {
      await traceKind(r);
    } catch (e) {
      problems.push(`${kind}: storage calls not traced: ${e.message.split('\n')[0]}`);
    }
    if (r.rejected) problems.push(`${kind}: ${r.rejected} submissions refused, e.g. ${r.firstRefusal}`);
    if (r.included < count) {
      problems.push(`${kind}: only ${r.included} of ${count} included (${r.pending} still in the pool); senders short: `
        + `${r.stuck.slice(0, 8).map((s) => `${s.sender} at nonce ${s.onChain} (pool says ${s.pool}, want ${s.want})`).join(', ')}`);
    }
    if (r.failed) problems.push(`${kind}: ${r.failed} extrinsics failed to dispatch, e.g. ${r.failure}`);
    if (!r.steadyBlocks) {
      problems.push(`${kind}: no steady-state blocks (${r.blocksWithKind.length} held the kind, ${2 * TRIM} dropped): `
        + `raise --count to about ${6 * r.fitByWeight}`);
    }
  }

  let importTimes = null;
  if (!values['skip-import']) {
    try {
      importTimes = await measureImport(scanned);
    } catch (e) {
      problems.push(`import time not measured: ${e.message.split('\n')[0]}`);
    }
  }
  if (importTimes) {
    for (const r of results) {
      for (const b of r.perBlock) {
        const ms = importTimes.get(b.number);
        b.importMs = ms ?? null;
        b.importPerExtUs = ms === undefined ? null : (1000 * ms) / b.count;
        b.weightOverImport = ms ? b.normalRefTime / 1e9 / ms : null;
      }
      const timed = r.perBlock.filter((b) => b.importMs !== null);
      r.median.importMs = median(timed.map((b) => b.importMs));
      r.median.importPerExtUs = median(timed.map((b) => b.importPerExtUs));
      r.median.weightOverImport = median(timed.filter((b) => b.importMs > 0).map((b) => b.weightOverImport));
      r.importTimed = timed.length;
    }
  }

  // ---- Report.
  // Ratios against transfers measured in steady state only; by weight they are always known.
  const transfer = results.find((r) => r.kind === 'transfer');
  const ref = transfer?.steady ? transfer.median.perBlock : null;
  const refFit = transfer?.fitByWeight;
  const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const out = [];
  const p = (s = '') => out.push(s);
  p();
  p('## Block throughput by kind of extrinsic');
  p();
  p(`- node: \`${process.env.PROVENANCE_NODE_BIN}\`, \`--dev\` (6 s slots, Alice alone), ${poolType} pool (${poolLimit ?? 8192} ready); `
    + `${cpus().length} CPUs, load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  p(`- ${count} pre-signed extrinsics per kind from ${SENDERS} senders, at most ${inPool} outstanding; `
    + `steady state: the blocks holding the kind less the first and last ${TRIM}; medians over those blocks`);
  if (kinds.includes('pay')) p(`- pay: usage payments for the last models of ${lineages} 3-generation lineage${lineages === 1 ? '' : 's'}, in turn`);
  p(`- normal-class budget ${Number(budget.normal) / 1e9} ms of ref_time (of ${Number(budget.maxBlock) / 1e9} ms), `
    + `${(maxLength / 2 ** 20).toFixed(2)} MiB; base extrinsic weight ${Number(budget.baseExtrinsic) / 1e6} µs; `
    + 'build time: "Prepared block for proposing" in the node\'s log'
    + `; import time: ${importTimes ? 'a second node\'s `substrate_block_verification_and_import_time` while it synced the chain after the load' : 'not measured (--skip-import)'}`);
  p();
  p('| kind | per block | vs transfer | weight used (% normal) | weight / extrinsic | fit by weight (vs transfer) | build time / block | build time / extrinsic | weight / build time | import time / block | weight / import time | block size | steady blocks | proposals ended by |');
  p('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const m = r.median;
    const ends = Object.entries(r.ends).map(([k, v]) => `${k} ${v}`).join(', ');
    p(`| ${r.kind}${r.steady ? '' : ' *'} | ${f(m.perBlock)} | ${ref ? f(m.perBlock / ref, 2) : '-'} | ${f(m.normalPct, 1)} % | ${f(m.weightPerExtUs, 1)} µs `
      + `| ${f(r.fitByWeight)}${refFit ? ` (${f(r.fitByWeight / refFit, 2)})` : ''} | ${f(m.proposalMs)} ms | ${f(m.execPerExtUs, 1)} µs | ${f(m.weightOverExec, 2)}× `
      + `| ${f(m.importMs)} ms | ${f(m.weightOverImport, 2)}× | ${f(m.bytesPerBlock / 1024)} KiB `
      + `| ${r.steadyBlocks} of ${r.blocksWithKind.length} | ${ends || '-'} |`);
  }
  p();
  if (results.some((r) => !r.steady)) {
    p('\\* no steady state: the run was too short for the kind (it takes 5 blocks or more: a --count of about 6 × "fit by weight"); '
      + 'its figures are over all the blocks that held it, not full ones, and it has no ratio to transfers.');
  }
  p('"proposals ended by": why the node stopped filling each steady block (HitBlockWeightLimit: the weight budget; '
    + 'HitDeadline: out of time; HitBlockSizeLimit: bytes; NoMoreTransactions: the pool ran dry, the block was not full).');
  const gaps = results.filter((r) => r.gaps);
  if (gaps.length) p(`- blocks without the kind in the middle of its run: ${gaps.map((r) => `${r.kind} ${r.gaps}`).join(', ')}`);
  const dry = results.filter((r) => r.steady && r.ends.NoMoreTransactions);
  if (dry.length) p(`- steady blocks the pool could not fill (raise --in-pool?): ${dry.map((r) => `${r.kind} ${r.ends.NoMoreTransactions}`).join(', ')}`);
  const low = results.filter((r) => r.median.weightOverExec < 1);
  if (low.length) p(`- weight under the build time (under-charged): ${low.map((r) => r.kind).join(', ')}`);
  const lowImport = results.filter((r) => r.median.weightOverImport < 1);
  if (lowImport.length) p(`- weight under the import time (under-charged): ${lowImport.map((r) => r.kind).join(', ')}`);
  const untimed = importTimes ? results.filter((r) => r.steady && !r.importTimed) : [];
  if (untimed.length) p(`- no steady block's import was timed alone: ${untimed.map((r) => r.kind).join(', ')}`);
  const traced = results.filter((r) => r.storage);
  if (traced.length) {
    p();
    p(`### Storage calls per extrinsic (\`state_traceBlock\` of one block holding the kind alone, less empty block #${emptyBlock.number})`);
    p();
    p('Reads are Get, Exists and Hash calls (most hit the block\'s overlay or the cache); writes are Put and Append '
      + '(the trace does not report prefix clears). Every signed extrinsic writes bookkeeping (events and their count, '
      + 'the fee, the extrinsic\'s data and weight); the last column lists each item written at least 0.05 times per extrinsic.');
    p();
    p('| kind | block (extrinsics) | reads | writes | writes by item |');
    p('| --- | --- | --- | --- | --- |');
    for (const r of traced) {
      const { storage: t } = r;
      const items = Object.entries(t.items).filter(([, v]) => v.writes >= 0.05).sort((a, b) => b[1].writes - a[1].writes)
        .map(([k, v]) => `${k} ${f(v.writes, 1)}`).join(', ');
      p(`| ${r.kind} | #${t.block} (${t.count}) | ${f(t.reads, 1)} | ${f(t.writes, 1)} | ${items} |`);
    }
  }
  if (problems.length) {
    p();
    p('### Problems');
    for (const x of problems) p(`- ${x}`);
    exitCode = 1;
  }
  console.log(out.join('\n'));

  if (values.json) {
    const json = {
      node: process.env.PROVENANCE_NODE_BIN,
      at: new Date().toISOString(),
      cpus: cpus().length,
      loadavg: loadavg(),
      count,
      senders: SENDERS,
      inPool,
      lineages,
      poolType,
      trim: TRIM,
      budget: { maxBlockRefTime: Number(budget.maxBlock), normalRefTime: Number(budget.normal), baseExtrinsicRefTime: Number(budget.baseExtrinsic), normalLength: maxLength },
      kinds: Object.fromEntries(results.map((r) => [r.kind, {
        ...r,
        ratioToTransfer: ref ? r.median.perBlock / ref : null,
        fitRatioToTransfer: refFit ? r.fitByWeight / refFit : null,
      }])),
      problems,
    };
    writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
    log(`figures written to ${values.json}`);
  }
} catch (e) {
  exitCode = 2;
  console.error(`throughput: ${e.stack ?? e}`);
  console.error(node.logs().slice(-3000));
} finally {
  rpc.close();
  await api.disconnect().catch(() => {});
  if (values.keep) writeFileSync(join(node.basePath, 'node.log'), node.logs());
  const status = await node.stop({ keepBase: values.keep });
  log(`node stopped (${JSON.stringify(status)})${values.keep ? `; kept ${node.basePath} (log in node.log)` : ''}; `
    + `${((Date.now() - started) / 1000).toFixed(0)} s in all`);
}
process.exit(exitCode);
