// Crash safety of a validator's database: one `--dev` validator on a persistent base path
// (ParityDB, loopback ports only) under a steady load of provenance extrinsics (datasets
// registered, consent granted on them, models registered that cite them) from six dev
// accounts, SIGKILLed `--kills` times, each at a random moment of a round of load (2-30 s
// into it, from a seeded PRNG: the upper end is past the ~3 blocks of GRANDPA's finality lag,
// so that some rounds see their own extrinsics finalized), and restarted on the same base
// path. After every restart:
//   - the database opens (the RPC port answers);
//   - the finalized head seen before the kill is still finalized and canonical;
//   - every extrinsic finalized before the kill is present: its block is still the canonical
//     block at its number and holds it, and its record is in the state (at the best block)
//     with the content it was written with (owner, hashes, references, the block it was
//     made in);
//   - the node finalizes again, past the height finalized before the kill.
// "Finalized before the kill": seen Finalized by the client before the SIGKILL, or in flight
// at an earlier kill and found in the finalized state after that restart (a block imported
// before a kill may be finalized after it). In-flight extrinsics are not promised: they are
// counted, as found later or never landed. Nonces are re-read after every restart.
// Prints a line per kill and a summary; exits non-zero on any violation (2) or failure (1).
// A test that takes about 40 s per kill, not a benchmark:
//   node bench/crash-safety.mjs [--kills 20] [--seed N]     (from tests/, with
//   PROVENANCE_NODE_BIN set; scripts/crash-safety.sh does both)
import { parseArgs } from 'node:util';
import { createHash, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { connect, devAccounts, finalizedNumber } from '../e2e/lib/chain.js';
import { startNode } from '../e2e/lib/node.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    seed: { type: 'string' },
    // The kill comes this many seconds (uniform, seeded) into each round of load.
    'min-delay': { type: 'string', default: '2' },
    'max-delay': { type: 'string', default: '30' },
    // Datasets (and grants, and models) each pair of accounts submits per step.
    batch: { type: 'string', default: '2' },
  },
});
const kills = Number(values.kills);
const seed = values.seed === undefined ? randomInt(2 ** 31) : Number(values.seed);
const minDelay = Number(values['min-delay']);
const maxDelay = Number(values['max-delay']);
const batch = Number(values.batch);
if (!(Number.isInteger(kills) && kills >= 1)) throw new Error('want --kills >= 1');
if (!Number.isInteger(seed)) throw new Error('want an integer --seed');
if (!(minDelay >= 0 && maxDelay >= minDelay)) throw new Error('want 0 <= --min-delay <= --max-delay');
if (!(Number.isInteger(batch) && batch >= 1 && batch <= 8)) throw new Error('want 1 <= --batch <= 8');

// Bounds on every wait, so that a stuck node fails the run rather than hanging it.
const CONNECT_MS = 60_000;
const IN_BLOCK_MS = 90_000; // a step of the load waiting for its block
const FINALIZE_AGAIN_MS = 180_000;
const VERIFY_MS = 300_000;
const FULL_SHARE = 1_000_000_000; // registerModel's bound on the parents' share: 100%

/** mulberry32: a small seeded PRNG, so that a run's kill moments can be repeated. */
function prng(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);

// Content hashes unique to this run (the chain refuses a second dataset or model with the same
// content or weights hash).
let hashes = 0;
const hex = (label) => `0x${createHash('sha256').update(`crash-safety-${seed}-${process.pid}-${label}-${hashes++}`).digest('hex')}`;

class Violation extends Error {}
class Aborted extends Error {}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Whether no process has `pid` any more (signal 0 only probes). */
function processGone(pid) {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const short = (hash) => `${hash.slice(0, 10)}…`;

// ---------------------------------------------------------------------------------------
// State kept across kills.

const accounts = devAccounts();
// Each pair: the owner registers datasets and grants the trainer consent; the trainer
// registers models trained on them. Every account signs in one pair only, so that the
// pair's worker alone decides its nonces.
const PAIRS = [
  [accounts.alice, accounts.bob],
  [accounts.charlie, accounts.dave],
  [accounts.eve, accounts.ferdie],
];

/** Every extrinsic finalized before a kill (seen Finalized, or found finalized after a restart). */
const records = [];
const stats = {
  killsSurvived: 0,
  checks: 0,
  submitted: 0,
  inFlight: 0,
  inFlightFound: 0,
  inFlightLost: 0,
  maxRpcMs: 0,
  maxFinalizeMs: 0,
  maxVerifyMs: 0,
};
const spawned = []; // pids of every node started, all of which must be gone at the end

let node; // the running node
let api;
let basePath;

// @polkadot/api logs each subscription cut off by a kill; those kills are deliberate.
const logError = console.error;
console.error = (...args) => {
  if (/disconnected from ws:\/\/127\.0\.0\.1:\d+: 1006:: Abnormal Closure/.test(args.map(String).join(' '))) return;
  logError(...args);
};

// A node left behind if this script dies or is interrupted would hold the base path.
function killNodeNow() {
  if (node && !node.exited()) {
    try {
      process.kill(node.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
process.on('exit', killNodeNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killNodeNow();
    if (basePath) rmSync(basePath, { recursive: true, force: true });
    console.error(`crash-safety: interrupted by ${signal}`);
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------
// The load.

/**
 * One round of load on one node: a worker per pair of accounts submits extrinsics, each
 * tracked until Finalized. `runAndKill` ends it with the SIGKILL: from then on nothing the
 * old connection says is believed.
 */
class Round {
  constructor(apiOfRound, index) {
    this.api = apiOfRound;
    this.index = index;
    this.dead = false;
    this.pending = new Set(); // submitted, not yet seen Finalized
    this.finalizedHead = null; // the highest finalized head seen, { number, hash }
    this.newRecords = 0;
    this.failure = null;
    this.abort = new Promise((_, reject) => {
      this.abortWith = reject;
    });
    this.abort.catch(() => {});
    this.failed = new Promise((resolve) => {
      this.fail = (error) => {
        if (!this.failure && !this.dead) {
          this.failure = error;
          resolve(error);
        }
      };
    });
  }

  race(promise, ms, what) {
    return Promise.race([withTimeout(promise, ms, what), this.abort]);
  }

  /**
   * Signs and submits `tx` with `nonce`; resolves with the in-block result ({ id, hash,
   * number }), and goes on tracking it: once Finalized it joins `records` with `expect`.
   */
  send(kind, tx, signer, nonce, expect) {
    const entry = { kind, signer: signer.address, nonce, expect, inBlock: null, tx };
    this.pending.add(entry);
    stats.submitted += 1;
    const eventOf = { dataset: 'DatasetRegistered', grant: 'ConsentGranted', model: 'ModelRegistered' }[kind];
    const idOf = (events) => {
      const found = events.find(({ event }) => event.method === eventOf);
      return found && (kind === 'grant' ? found.event.data.grant : found.event.data.id).toNumber();
    };
    return new Promise((resolve, reject) => {
      let unsub;
      let done = false;
      const stop = () => {
        done = true;
        unsub?.();
      };
      tx.signAndSend(signer, { nonce }, (result) => {
        if (this.dead || done) return;
        const { status, dispatchError, events } = result;
        if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
          stop();
          this.pending.delete(entry);
          const error = new Error(`${kind} from ${signer.meta?.name ?? signer.address} nonce ${nonce}: ${status.type}`);
          this.fail(error);
          reject(error);
          return;
        }
        if (!status.isInBlock && !status.isFinalized) return;
        if (result.internalError || result.blockNumber === undefined) {
          const error = new Error(`${kind}: no events for block ${status.toString()}: ${result.internalError}`);
          this.fail(error);
          reject(error);
          return;
        }
        if (dispatchError) {
          stop();
          this.pending.delete(entry);
          let reason = dispatchError.toString();
          if (dispatchError.isModule) {
            const meta = this.api.registry.findMetaError(dispatchError.asModule);
            reason = `${meta.section}.${meta.name}`;
          }
          const error = new Error(`${kind} failed to dispatch: ${reason}`);
          this.fail(error);
          reject(error);
          return;
        }
        const id = idOf(events);
        const hash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        const number = result.blockNumber.toNumber();
        if (status.isInBlock) {
          entry.inBlock = { hash, number, id };
          resolve({ id, hash, number });
          return;
        }
        // Finalized: now promised.
        stop();
        this.pending.delete(entry);
        if (entry.inBlock && entry.inBlock.id !== id) {
          this.fail(new Error(`${kind}: id ${entry.inBlock.id} in block, ${id} when finalized`));
        }
        records.push({
          kind, id, blockHash: hash, number, txHash: result.txHash.toHex(), signer: entry.signer, expect,
          round: this.index, checks: 0,
        });
        this.newRecords += 1;
        if (!entry.inBlock) resolve({ id, hash, number });
      })
        .then((u) => {
          unsub = u;
          if (done) u();
        })
        .catch((error) => {
          if (this.dead) return;
          this.pending.delete(entry);
          this.fail(error);
          reject(error);
        });
    });
  }

  /** A pair's load: `batch` datasets, then a grant on each, then a model citing each. */
  async worker([owner, trainer]) {
    const nextIndex = async (who) => (await this.api.rpc.system.accountNextIndex(who.address)).toNumber();
    let ownerNonce = await this.race(nextIndex(owner), CONNECT_MS, 'accountNextIndex');
    let trainerNonce = await this.race(nextIndex(trainer), CONNECT_MS, 'accountNextIndex');
    let models = Promise.resolve();
    for (;;) {
      const items = Array.from({ length: batch }, () => ({
        contentHash: hex('content'),
        metadataHash: hex('metadata'),
        uri: `ipfs://crash-safety/${seed}/${hashes}`,
        termsHash: hex('terms'),
        weightsHash: hex('weights'),
        name: `crash-${this.index}-${hashes}`,
      }));
      const datasets = await this.race(Promise.all(items.map((it) => this.send(
        'dataset',
        this.api.tx.datasets.registerDataset(it.contentHash, it.metadataHash, it.uri, 'MIT', 'Public', null, []),
        owner, ownerNonce++,
        { owner: owner.address, contentHash: it.contentHash, metadataHash: it.metadataHash, uri: it.uri },
      ))), IN_BLOCK_MS, 'datasets in a block');
      const grants = await this.race(Promise.all(items.map((it, i) => this.send(
        'grant',
        this.api.tx.consent.grantConsent(
          datasets[i].id, { Account: trainer.address }, ['Training'], null, null, { termsHash: it.termsHash },
        ),
        owner, ownerNonce++,
        { dataset: datasets[i].id, grantor: owner.address, grantee: trainer.address, termsHash: it.termsHash },
      ))), IN_BLOCK_MS, 'grants in a block');
      // The trainer's models go on while the owner starts the next datasets.
      await this.race(models, IN_BLOCK_MS, 'models in a block');
      models = Promise.all(items.map((it, i) => this.send(
        'model',
        this.api.tx.lineage.registerModel(
          it.weightsHash, it.name, '1', '', 'MIT', hex('card'), 'Open', 'Pretrain', [],
          [{ dataset: datasets[i].id, role: 'Train', grant: grants[i].id }],
          'Training', hex('config'), hex('code'), null, FULL_SHARE, 1,
        ),
        trainer, trainerNonce++,
        { owner: trainer.address, weightsHash: it.weightsHash, name: it.name, dataset: datasets[i].id, grant: grants[i].id },
      )));
      models.catch(() => {});
    }
  }

  /** Runs the load until `ms` have passed (then kills the node) or a worker fails. */
  async runAndKill(ms) {
    await withTimeout(this.api.rpc.chain.subscribeFinalizedHeads((header) => {
      if (this.dead) return;
      const number = header.number.toNumber();
      if (!this.finalizedHead || number > this.finalizedHead.number) {
        this.finalizedHead = { number, hash: header.hash.toHex() };
      }
    }), CONNECT_MS, 'subscribeFinalizedHeads');
    const workers = PAIRS.map((pair) => this.worker(pair).catch((error) => {
      if (!(error instanceof Aborted)) this.fail(error);
    }));
    const started = Date.now();
    const outcome = await Promise.race([sleep(ms).then(() => null), this.failed]);
    // The kill: in one synchronous step with `dead`, so that nothing the node says after the
    // signal counts as finalized before it.
    this.dead = true;
    const killed = node.kill();
    this.abortWith(new Aborted('killed'));
    const underLoadMs = Date.now() - started;
    await withTimeout(killed, 30_000, 'the killed node to exit');
    await Promise.all(workers);
    if (outcome) throw outcome;
    return { underLoadMs, inFlight: [...this.pending] };
  }
}

// ---------------------------------------------------------------------------------------
// The checks after a restart.

function violation(message) {
  throw new Violation(message);
}

/** The hashes of the extrinsics in block `hash`, once per block per check. */
async function extrinsicsOf(apiNow, hash, cache) {
  if (!cache.has(hash)) {
    const { block } = await apiNow.rpc.chain.getBlock(hash);
    cache.set(hash, new Set(block.extrinsics.map((x) => x.hash.toHex())));
  }
  return cache.get(hash);
}

/**
 * Every record written so far: its block is still the canonical one at its number, at or
 * below the finalized head, and holds the extrinsic; the record is in the state at the best
 * block, as written.
 */
async function verifyRecords(apiNow, finalizedNow) {
  const bodies = new Map();
  for (const r of records) {
    const where = `${r.kind} ${r.id} (finalized in #${r.number} ${short(r.blockHash)}, round ${r.round})`;
    if (r.number > finalizedNow) violation(`${where}: its block is above the finalized head #${finalizedNow}`);
    const canonical = (await apiNow.rpc.chain.getBlockHash(r.number)).toHex();
    if (canonical !== r.blockHash) violation(`${where}: block #${r.number} is now ${canonical}`);
    if (r.txHash && !(await extrinsicsOf(apiNow, r.blockHash, bodies)).has(r.txHash)) {
      violation(`${where}: extrinsic ${r.txHash} is not in the block's body`);
    }
    const e = r.expect;
    if (r.kind === 'dataset') {
      const found = await apiNow.query.datasets.datasets(r.id);
      if (found.isNone) violation(`${where}: datasets.datasets(${r.id}) is gone`);
      const d = found.unwrap();
      if (!d.owner.eq(e.owner) || d.contentHash.toHex() !== e.contentHash || d.metadataHash.toHex() !== e.metadataHash
        || d.uri.toUtf8() !== e.uri || d.createdAt.toNumber() !== r.number) {
        violation(`${where}: the record differs: ${JSON.stringify(d.toHuman())}, wanted ${JSON.stringify(e)}`);
      }
      const byHash = await apiNow.query.datasets.datasetByContentHash(e.contentHash);
      if (byHash.isNone || byHash.unwrap().toNumber() !== r.id) violation(`${where}: datasetByContentHash is ${byHash.toString()}`);
    } else if (r.kind === 'grant') {
      const found = await apiNow.query.consent.grants(r.id);
      if (found.isNone) violation(`${where}: consent.grants(${r.id}) is gone`);
      const g = found.unwrap();
      if (g.dataset.toNumber() !== e.dataset || !g.grantee.isAccount || !g.grantee.asAccount.eq(e.grantee)
        || !g.grantor.eq(e.grantor) || g.terms.termsHash.toHex() !== e.termsHash || g.grantedAt.toNumber() !== r.number
        || g.revokedAt.isSome) {
        violation(`${where}: the record differs: ${JSON.stringify(g.toHuman())}, wanted ${JSON.stringify(e)}`);
      }
    } else {
      const found = await apiNow.query.lineage.models(r.id);
      if (found.isNone) violation(`${where}: lineage.models(${r.id}) is gone`);
      const m = found.unwrap();
      const input = m.run.inputs[0];
      if (!m.owner.eq(e.owner) || m.weightsHash.toHex() !== e.weightsHash || m.name.toUtf8() !== e.name
        || m.createdAt.toNumber() !== r.number || m.run.inputs.length !== 1
        || input.dataset.toNumber() !== e.dataset || input.grant.toNumber() !== e.grant
        || !m.consentBasis.some((grant) => grant.toNumber() === e.grant)) {
        violation(`${where}: the record differs: ${JSON.stringify(m.toHuman())}, wanted ${JSON.stringify(e)}`);
      }
      const byHash = await apiNow.query.lineage.modelByWeightsHash(e.weightsHash);
      if (byHash.isNone || byHash.unwrap().toNumber() !== r.id) violation(`${where}: modelByWeightsHash is ${byHash.toString()}`);
    }
    stats.checks += 1;
    r.checks += 1;
  }
}

/**
 * Where an extrinsic in flight at a kill is in the state at `at` (a finalized block):
 * { id, number } (the block its record says it was made in), or null if it is not there.
 */
async function landed(at, entry) {
  const e = entry.expect;
  if (entry.kind === 'dataset') {
    const id = await at.query.datasets.datasetByContentHash(e.contentHash);
    if (id.isNone) return null;
    const d = await at.query.datasets.datasets(id.unwrap());
    return { id: id.unwrap().toNumber(), number: d.unwrap().createdAt.toNumber() };
  }
  if (entry.kind === 'model') {
    const id = await at.query.lineage.modelByWeightsHash(e.weightsHash);
    if (id.isNone) return null;
    const m = await at.query.lineage.models(id.unwrap());
    return { id: id.unwrap().toNumber(), number: m.unwrap().createdAt.toNumber() };
  }
  for (const id of await at.query.consent.liveGrants(e.dataset, { Account: e.grantee })) {
    const grant = await at.query.consent.grants(id);
    if (grant.isSome && grant.unwrap().terms.termsHash.toHex() === e.termsHash) {
      return { id: id.toNumber(), number: grant.unwrap().grantedAt.toNumber() };
    }
  }
  return null;
}

/**
 * Extrinsics in flight at a kill, not yet resolved: a block imported before the kill may hold
 * them and be finalized after the restart. Each carries `bestAtOpen`, the best block when the
 * node came back: once that is finalized, whatever is not in the state never landed.
 */
let limbo = [];

/** Resolves `limbo` against the finalized state: returns { found, lost, notes }. */
async function resolveLimbo(apiNow) {
  const head = await apiNow.rpc.chain.getFinalizedHead();
  const finalizedNow = (await apiNow.rpc.chain.getHeader(head)).number.toNumber();
  const at = await apiNow.at(head);
  let found = 0;
  let lost = 0;
  const notes = [];
  const still = [];
  for (const entry of limbo) {
    const where = await landed(at, entry);
    if (where) {
      // Finalized now, before any later kill: from here on it is promised like the others.
      const blockHash = (await apiNow.rpc.chain.getBlockHash(where.number)).toHex();
      if (entry.inBlock && (entry.inBlock.hash !== blockHash || entry.inBlock.id !== where.id)) {
        notes.push(`${entry.kind} seen in #${entry.inBlock.number} ${short(entry.inBlock.hash)} as ${entry.inBlock.id} before kill ${entry.kill}, finalized in #${where.number} ${short(blockHash)} as ${where.id}`);
      }
      let txHash = entry.tx.isSigned ? entry.tx.hash.toHex() : null;
      if (txHash && !(await extrinsicsOf(apiNow, blockHash, new Map())).has(txHash)) {
        notes.push(`${entry.kind} ${where.id}: its record says block #${where.number}, which does not hold extrinsic ${txHash}`);
        txHash = null;
      }
      records.push({
        kind: entry.kind, id: where.id, blockHash, number: where.number, txHash, signer: entry.signer,
        expect: entry.expect, round: entry.kill, foundAfterKill: true, checks: 0,
      });
      found += 1;
    } else if (finalizedNow >= entry.bestAtOpen) {
      lost += 1;
    } else {
      still.push(entry);
    }
  }
  limbo = still;
  stats.inFlightFound += found;
  stats.inFlightLost += lost;
  return { found, lost, notes };
}

// ---------------------------------------------------------------------------------------

const NODE_ARGS = ['--dev', '--database', 'paritydb'];

async function start(basePath, ports) {
  const t0 = Date.now();
  try {
    node = await startNode({ args: NODE_ARGS, basePath, rpcPort: ports?.rpc, p2pPort: ports?.p2p });
  } catch (error) {
    violation(`the node did not come back on its base path (the database did not open?): ${error.message}`);
  }
  spawned.push(node.pid);
  const rpcMs = Date.now() - t0;
  api = await withTimeout(connect(node.wsUrl), CONNECT_MS, 'connecting @polkadot/api');
  return { t0, rpcMs };
}

/** Polls until the finalized head reaches `target`; fails with a violation after `ms`. */
async function finalizedReaches(target, ms, what) {
  try {
    return await withTimeout((async () => {
      for (;;) {
        const n = await finalizedNumber(api);
        if (n >= target) return n;
        await sleep(200);
      }
    })(), ms, `finality to reach #${target}`);
  } catch (error) {
    return violation(`${what}: ${error.message}`);
  }
}

async function main() {
  basePath = mkdtempSync(join(tmpdir(), 'provenance-crash-safety-'));
  console.log(`node: ${process.env.PROVENANCE_NODE_BIN}`);
  console.log(`base path: ${basePath} (${NODE_ARGS.join(' ')})`);
  console.log(`seed ${seed}: ${kills} kills, each ${minDelay}-${maxDelay} s into a round of load by ${PAIRS.length} pairs of accounts, ${batch} records of each kind per step`);
  const began = Date.now();
  let ok = false;
  let lastLogs = '';
  try {
    await start(basePath);
    const ports = { rpc: node.rpcPort, p2p: node.p2pPort };
    // Load needs a block to be built on; wait for the first finalized one.
    await finalizedReaches(1, FINALIZE_AGAIN_MS, 'a fresh node');

    for (let k = 1; k <= kills; k += 1) {
      const delayMs = Math.round((minDelay + random() * (maxDelay - minDelay)) * 1000);
      const round = new Round(api, k);
      const { underLoadMs, inFlight } = await round.runAndKill(delayMs);
      const victim = node;
      if (!processGone(victim.pid)) violation(`node pid ${victim.pid} still exists after SIGKILL`);
      lastLogs = victim.logs();
      await api.disconnect().catch(() => {});
      const preKill = round.finalizedHead;
      stats.inFlight += inFlight.length;

      // Restart on the same base path and ports: the database opens.
      const { t0, rpcMs } = await start(basePath, ports);
      stats.maxRpcMs = Math.max(stats.maxRpcMs, rpcMs);
      const finalizedAtOpen = await finalizedNumber(api);
      const bestAtOpen = (await api.rpc.chain.getHeader()).number.toNumber();
      for (const entry of inFlight) limbo.push({ ...entry, kill: k, bestAtOpen });

      // What was finalized before the kill still is.
      if (preKill) {
        if (finalizedAtOpen < preKill.number) {
          violation(`kill ${k}: finalized head #${finalizedAtOpen} after restart, but #${preKill.number} (${preKill.hash}) was finalized before the kill`);
        }
        const canonical = (await api.rpc.chain.getBlockHash(preKill.number)).toHex();
        if (canonical !== preKill.hash) {
          violation(`kill ${k}: block #${preKill.number} was finalized as ${preKill.hash} before the kill, is now ${canonical}`);
        }
      }
      const v0 = Date.now();
      const checked = records.length;
      await withTimeout(verifyRecords(api, finalizedAtOpen), VERIFY_MS, 'checking the records');
      const verifyMs = Date.now() - v0;
      stats.maxVerifyMs = Math.max(stats.maxVerifyMs, verifyMs);

      // It catches up and finalizes again, past the height finalized before the kill.
      const finalizedAgain = await finalizedReaches(
        (preKill?.number ?? finalizedAtOpen) + 1, FINALIZE_AGAIN_MS, `kill ${k}: the node did not finalize again`,
      );
      const finalizeMs = Date.now() - t0;
      stats.maxFinalizeMs = Math.max(stats.maxFinalizeMs, finalizeMs);
      stats.killsSurvived += 1;

      // Extrinsics in flight at this kill or earlier ones that are now finalized join the records.
      const { found, lost, notes } = await resolveLimbo(api);
      console.log(
        `kill ${String(k).padStart(2)}/${kills}: after ${secs(underLoadMs)} of load (finalized #${preKill?.number ?? '-'}, ${round.newRecords} seen finalized, ${inFlight.length} in flight)`
        + ` | RPC in ${secs(rpcMs)} (best #${bestAtOpen}, finalized #${finalizedAtOpen}); ${checked} records checked in ${secs(verifyMs)}`
        + ` | finalized #${finalizedAgain} ${secs(finalizeMs)} after restart | in flight: ${found} found finalized, ${lost} never landed, ${limbo.length} pending`,
      );
      for (const note of notes) console.log(`  note: ${note}`);
    }

    // The last kill's in-flight extrinsics: wait for the blocks that survived it to finalize.
    if (limbo.length) {
      const target = Math.max(...limbo.map((e) => e.bestAtOpen));
      await finalizedReaches(target, FINALIZE_AGAIN_MS, 'finality after the last restart');
      const { notes } = await resolveLimbo(api);
      for (const note of notes) console.log(`  note: ${note}`);
    }
    ok = true;
  } catch (error) {
    console.error(`\ncrash-safety: ${error instanceof Violation ? 'VIOLATION' : 'FAILED'}: ${error.message}`);
    if (node) console.error(`--- last node log (tail) ---\n${node.logs().slice(-6000)}`);
    if (lastLogs) console.error(`--- log of the node before the last kill (tail) ---\n${lastLogs.slice(-4000)}`);
    console.error(`base path kept for inspection: ${basePath}`);
    process.exitCode = error instanceof Violation ? 2 : 1;
  } finally {
    await api?.disconnect().catch(() => {});
    if (node && !node.exited()) await node.stop({ keepBase: true });
    const orphans = spawned.filter((pid) => !processGone(pid));
    if (orphans.length) {
      console.error(`crash-safety: node processes left behind: ${orphans.join(', ')}`);
      process.exitCode = 1;
    }
    if (ok && !orphans.length) rmSync(basePath, { recursive: true, force: true });
  }

  const count = (pred) => records.filter(pred).length;
  const checkedRecords = records.filter((r) => r.checks > 0);
  console.log('\nsummary:');
  console.log(`  kills survived:            ${stats.killsSurvived} of ${kills} (seed ${seed}, ${minDelay}-${maxDelay} s of load before each)`);
  console.log(`  records checked:           ${stats.checks} checks after restarts, of ${checkedRecords.length} distinct finalized records`
    + ` (${count((r) => r.checks > 0 && r.kind === 'dataset')} datasets, ${count((r) => r.checks > 0 && r.kind === 'grant')} grants, ${count((r) => r.checks > 0 && r.kind === 'model')} models);`
    + ` ${records.length} finalized records in all`);
  console.log(`  finalized records:         ${count((r) => !r.foundAfterKill)} seen Finalized by the client before a kill, ${count((r) => r.foundAfterKill)} in flight at a kill and found finalized after the restart`);
  console.log(`  extrinsics:                ${stats.submitted} submitted; ${stats.inFlight} in flight at kills: ${stats.inFlightFound} found finalized later, ${stats.inFlightLost} never landed, ${limbo.length} unresolved`);
  console.log(`  max restart to RPC:        ${secs(stats.maxRpcMs)}`);
  console.log(`  max restart to finalizing past the pre-kill height: ${secs(stats.maxFinalizeMs)}`);
  console.log(`  max time to check records: ${secs(stats.maxVerifyMs)}`);
  console.log(`  wall time:                 ${secs(Date.now() - began)}`);
  console.log(process.exitCode ? '  result: FAILED' : '  result: passed');
}

await main();
// Requests left pending on the killed nodes' connections hold timers; nothing else is left.
process.exit(process.exitCode ?? 0);
