// Scale benchmark of issue 17: with 10⁶ unrelated datasets, grants and models in state, do the
// node's lineage, consent and rewards queries on a fixed model stay within 1.2× of their latency
// on an empty chain, and does block building per extrinsic stay flat?
// Filling 10⁶ records by their own calls would take days, so the state is built by genesis,
// and past what a node can hold in memory while it builds its genesis, by raw storage writes:
//  1. exports the dev chain's raw spec (`provenance-node build-spec --chain dev --raw`);
//  2. on a throwaway `--dev` node, registers one dataset, one grant on it and one model trained
//     under it (two fresh accounts, A owns the dataset and grants to B, B trains), and diffs
//     every storage key under the datasets, consent, lineage, rewards and balances prefixes
//     (`state_getKeysPaged`) and A's and B's accounts before and after: what one record writes;
//  3. clones those records (read back with `api.query.*`) `--records` times with ids from
//     `--first-id` (10⁶) up, counters left alone, owners spread over `--owners` random
//     accounts (each given the account and holds its deposits need, total issuance raised to
//     match), and streams the raw spec with the first `--genesis` of them (5×10⁵ at most by
//     default) to
//     a temporary file, line by line; the rest go in after the full node starts, by Alice's
//     `sudo(system.setStorage)` in chunks of `--chunk-bytes` (step 3b). Keys come
//     from the storage items' hashers (checked against `api.query.<pallet>.<item>.key(...)`),
//     values from templates encoded by `api.createType(<the item's value type>, ...)`, patched
//     at the offsets of their variable fields (checked against `createType` on samples);
//  4. one after the other, starts an "empty" node on the plain raw dev spec and a "full" one on
//     the injected spec (`--chain <file> --alice --validator --force-authoring`, own loopback
//     ports), timing the full node's genesis and start and reading its resident memory. On
//     each: builds the same fixed lineage (three generations of fine-tunes, a dataset and a
//     grant per generation, a usage payment on the last), checks a few synthetic records
//     through the RPC, waits until the node is idle (under 10% of a core over 10 s: a large
//     genesis keeps ParityDB committing for minutes), times one request at a time over one
//     WebSocket (`--rounds` after 10 to warm up) `lineage_ancestors`, `lineage_descendants`,
//     `lineage_exportProv`, `lineage_consentStatus`, `consent_status`, `rewards_breakdown` and
//     a `state_getStorage` of `lineage.models(<fixed>)`; then offers `--load` pre-signed
//     `consent.grantConsent`s from `--senders` senders in nonce-ordered waves of `--wave`, and
//     reads each block's build time from the node's log ("Prepared block for proposing at N
//     (T ms)").
// Prints p50/p99 per query, empty vs full and their ratio (goal ≤ 1.2), and block build time
// per extrinsic, empty vs full. The spec is deleted at the end unless `--keep`.
// A benchmark, not a test: run it on a quiet machine. With `--quiet-file <path>`, waits before
// each heavy step (spec generation, a node, a load) while that file exists.
//   node bench/scale.mjs [--records 1000000] [--genesis 500000] [--chunk-bytes 1228800] [--rounds 200] [--owners 1000] [--first-id 1000000]
//     [--load 3000] [--wave 1000] [--senders 16] [--keep] [--json <file>] [--quiet-file <path>]
//   (from tests/, with PROVENANCE_NODE_BIN set; scripts/scale.sh does both)
import { parseArgs } from 'node:util';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import {
  closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';

import { connect, devAccounts, submit } from '../e2e/lib/chain.js';
import { time, wsClient } from './lib/timing.mjs';
import { freePort, requireBinary, startNode, waitForRpc } from '../e2e/lib/node.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    genesis: { type: 'string' },
    'chunk-bytes': { type: 'string', default: String(1200 << 10) },
    rounds: { type: 'string', default: '200' },
    owners: { type: 'string', default: '1000' },
    'first-id': { type: 'string', default: '1000000' },
    load: { type: 'string', default: '3000' },
    wave: { type: 'string', default: '1000' },
    senders: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    'quiet-file': { type: 'string' },
  },
});
const N = Number(values.records);
// A 5×10⁵-record genesis already takes the node 10 GiB of memory to build.
const G = values.genesis === undefined ? Math.min(N, 500_000) : Number(values.genesis);
const CHUNK = Number(values['chunk-bytes']);
const rounds = Number(values.rounds);
const OWNERS = Number(values.owners);
const FIRST = Number(values['first-id']);
const LOAD = Number(values.load);
const WAVE = Number(values.wave);
const SENDERS = Number(values.senders);
if (!(Number.isInteger(N) && N >= 1) || !(Number.isInteger(G) && G >= 1 && G <= N) || !(CHUNK >= 1024 && CHUNK <= 3 << 20) || !(rounds >= 10) || !(OWNERS >= 2) || !(FIRST >= 1000)
  || !(FIRST + N < 2 ** 53) || !(LOAD >= 0) || !(WAVE >= 1 && WAVE <= 4000) || !(SENDERS >= 1 && SENDERS <= 256)) {
  console.error('want --records >= 1, 1 <= --genesis <= --records, 1 KiB <= --chunk-bytes <= 3 MiB, --rounds >= 10, --owners >= 2, --first-id >= 1000, --load >= 0, '
    + '1 <= --wave <= 4000, 1 <= --senders <= 256');
  process.exit(2);
}

const bin = requireBinary();
const UNIT = 10n ** 12n;
const FULL_SHARE = 1_000_000_000;
const PAD = 10; // digits of the id in synthetic names and URIs: every record encodes to the same length
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
const strip = (h) => (h.startsWith('0x') ? h.slice(2) : h);
const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function waitQuiet(step) {
  const file = values['quiet-file'];
  if (!file || !existsSync(file)) return;
  log(`${file} exists: waiting before ${step}`);
  while (existsSync(file)) await sleep(30_000);
  log(`${file} gone: ${step}`);
}

/**
 * A process's resident memory now and at its peak, from /proc; `anon` is its own heap,
 * `file` the pages of mapped files (ParityDB maps its tables) the kernel may drop.
 */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number((status.match(new RegExp(`${name}:\\s+(\\d+) kB`)) ?? [])[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return { rss: NaN, peak: NaN, anon: NaN, file: NaN };
  }
}

/** A process's CPU time so far in seconds (user + system), from /proc (100 ticks a second). */
function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after the command name
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// A node that just built a large genesis keeps writing it out (ParityDB's background commit)
// for minutes after its RPC is up: timing queries then measures that work, not the state.
// Waits until the node uses under 10% of a core over 10 s, at most 15 minutes.
async function waitIdle(node, label) {
  const t0 = Date.now();
  for (;;) {
    const before = cpuSecondsOf(node.pid);
    await sleep(10_000);
    const share = (cpuSecondsOf(node.pid) - before) / 10;
    const timedOut = Date.now() - t0 > 15 * 60_000;
    if (share < 0.1 || timedOut) {
      log(`${label}: node at ${(share * 100).toFixed(0)}% of a core after ${((Date.now() - t0) / 1000).toFixed(0)} s`
        + `${timedOut ? ' (gave up waiting: the timings below include its own work)' : ''}`);
      return { waitedMs: Date.now() - t0, cpuShare: share, timedOut };
    }
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'provenance-scale-'));
const started = Date.now();
const result = {
  node: bin, at: new Date().toISOString(), cpus: cpus().length, cpuModel: cpus()[0]?.model, memory: totalmem(),
  records: N, genesisRecords: G, owners: OWNERS, firstId: FIRST, rounds,
};
const alive = new Set(); // nodes to stop whatever happens

// ---- A node of our own: a large genesis takes minutes, and its log is parsed as it comes.

async function spawnNode(spec, name, { timeoutMs = 3 * 3600_000 } = {}) {
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const base = mkdtempSync(join(tmp, `${name}-`));
  const args = [
    '--chain', spec, '--alice', '--validator', '--force-authoring', '--node-key', randomBytes(32).toString('hex'),
    '--base-path', base, '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-prometheus', '--no-telemetry', '--no-mdns', '-lsub-libp2p=warn',
  ];
  const t0 = Date.now();
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let partial = '';
  const prepared = new Map(); // block number -> { ms, end, extrinsics }
  const onData = (chunk) => {
    const text = partial + chunk.toString();
    const end = text.lastIndexOf('\n') + 1;
    partial = text.slice(end);
    for (const line of text.slice(0, end).split('\n')) {
      const m = line.match(/Prepared block for proposing at (\d+) \((\d+) ms\).*?end: (\w+); extrinsics_count: (\d+)/);
      if (m) prepared.set(Number(m[1]), { ms: Number(m[2]), end: m[3], extrinsics: Number(m[4]) });
    }
    tail = (tail + text.slice(0, end)).slice(-200_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const httpUrl = `http://127.0.0.1:${rpcPort}`;
  await waitForRpc(httpUrl, {
    timeoutMs, name: `${name} node`, exited: () => exited, log: () => tail, kill: () => child.kill('SIGKILL'),
  });
  const node = {
    name, pid: child.pid, base, wsUrl: `ws://127.0.0.1:${rpcPort}`, httpUrl, prepared,
    startMs: Date.now() - t0,
    logs: () => tail,
    exited: () => exited,
    async stop() {
      alive.delete(node);
      if (!exited) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        if (!exited) await once(child, 'exit');
        clearTimeout(timer);
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
  alive.add(node);
  return node;
}


async function mustPass(api, tx, signer, options) {
  const r = await submit(api, tx, signer, options);
  if (r.dispatchError) throw new Error(`${tx.method.section}.${tx.method.method} failed: ${r.dispatchError}`);
  return r;
}
const eventOf = (r, section, method) => {
  const found = r.events.find(({ event: e }) => e.section === section && e.method === method);
  if (!found) throw new Error(`no ${section}.${method} event`);
  return found.event.data;
};

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const { alice, bob, charlie } = devAccounts();

const registerDataset = (api, uri, contentHash = hex(), metadataHash = hex()) => api.tx.datasets.registerDataset(
  contentHash, metadataHash, uri, 'CC-BY-4.0', 'Public', null, [],
);
const grantTraining = (api, dataset, grantee, termsHash = hex()) => api.tx.consent.grantConsent(
  dataset, { Account: grantee }, ['Training'], null, null, { termsHash, derivatives: 'Anyone' },
);
// Runtimes whose registerModel takes `max_basis` last get the chain's cap (MaxBasisGrants).
const registerModel = (api, name, { kind = 'Pretrain', parents = [], inputs = [] }) => api.tx.lineage.registerModel(
  hex(), name, '1', '', 'MIT', hex(), 'Open', kind, parents, inputs, 'Training', hex(), hex(), null, FULL_SHARE,
  ...(api.tx.lineage.registerModel.meta.args.length > 15 ? [api.consts.lineage.maxBasisGrants.toNumber()] : []),
);

// ---------------------------------------------------------------------------------------
// Step 2: what one dataset, grant and model write, on a throwaway `--dev` node.

const PALLETS = ['datasets', 'consent', 'lineage', 'rewards', 'balances'];

async function allKeys(rc, prefix) {
  const keys = [];
  let start = null;
  for (;;) {
    const { result: page, error } = await rc.call('state_getKeysPaged', [prefix, 1000, start]);
    if (error) throw new Error(`state_getKeysPaged: ${error}`);
    keys.push(...page);
    if (page.length < 1000) return keys;
    start = page[page.length - 1];
  }
}

/** Every key and value (raw hex) under the pallets' prefixes, at the best block. */
async function snapshot(api, rc) {
  const out = new Map();
  for (const p of PALLETS) {
    const any = Object.values(api.query[p]).find((e) => typeof e?.keyPrefix === 'function');
    const prefix = any.keyPrefix().slice(0, 34); // twox128 of the pallet's name
    const keys = await allKeys(rc, prefix);
    const vals = await Promise.all(keys.map((k) => rc.call('state_getStorage', [k])));
    keys.forEach((k, i) => out.set(k, vals[i].result));
  }
  return out;
}

/** The storage item a key belongs to, by its 32-byte prefix. */
function itemIndex(api) {
  const byPrefix = new Map();
  for (const p of Object.keys(api.query)) {
    for (const [name, entry] of Object.entries(api.query[p])) {
      if (typeof entry?.keyPrefix !== 'function') continue;
      byPrefix.set(entry.keyPrefix().slice(0, 66), { pallet: p, item: name, entry });
    }
  }
  return (key) => byPrefix.get(key.slice(0, 66)) ?? null;
}

async function discover() {
  await waitQuiet('the discovery node');
  log('discovery: a throwaway --dev node, one dataset, one grant, one model');
  const node = await startNode({ args: ['--dev', '-lsub-libp2p=warn'] });
  const api = await connect(node.wsUrl);
  const rc = await wsClient(node.wsUrl, 600_000);
  try {
    const A = keyring.addFromUri('//Scale/Template/A');
    const B = keyring.addFromUri('//Scale/Template/B');
    await mustPass(api, api.tx.utility.batchAll([A, B].map((x) => api.tx.balances.transferKeepAlive(x.address, 10_000n * UNIT))), alice);
    const before = await snapshot(api, rc);
    const accountsBefore = await Promise.all([A, B].map((x) => api.query.system.account(x.address)));
    const pad = '0'.repeat(PAD);
    const rd = await mustPass(api, registerDataset(api, `ipfs://scale/d/${pad}`), A);
    const D = eventOf(rd, 'datasets', 'DatasetRegistered').id.toNumber();
    const rg = await mustPass(api, grantTraining(api, D, B.address), A);
    const G = eventOf(rg, 'consent', 'ConsentGranted').grant.toNumber();
    const rm = await mustPass(api, registerModel(api, `scale-m-${pad}`, { inputs: [{ dataset: D, role: 'Train', grant: G }] }), B);
    const M = eventOf(rm, 'lineage', 'ModelRegistered').id.toNumber();
    const after = await snapshot(api, rc);
    const item = itemIndex(api);
    const added = [];
    const changed = [];
    for (const [k, v] of after) {
      const it = item(k);
      const name = it ? `${it.pallet}.${it.item}` : `unknown ${k.slice(0, 66)}`;
      if (!before.has(k)) added.push({ key: k, name, value: v, it });
      else if (before.get(k) !== v) changed.push({ key: k, name, before: before.get(k), after: v });
    }
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const accountsAfter = await Promise.all([A, B].map((x) => api.query.system.account(x.address)));
    const holds = await Promise.all([A, B].map((x) => api.query.balances.holds(x.address)));
    const records = {
      dataset: (await api.query.datasets.datasets(D)).unwrap(),
      grant: (await api.query.consent.grants(G)).unwrap(),
      model: (await api.query.lineage.models(M)).unwrap(),
    };
    log(`discovery: dataset ${D}, grant ${G}, model ${M}; ${added.length} keys added, ${changed.length} changed, ${removed.length} removed`);
    for (const a of added) log(`  + ${a.name} (${(a.value.length - 2) / 2} bytes) ${a.it ? JSON.stringify(a.it.entry.creator.meta.type.isMap ? a.it.entry.creator.meta.type.asMap.hashers.map((h) => h.toString()) : 'plain') : ''}`);
    for (const c of changed) log(`  ~ ${c.name}: ${c.before} -> ${c.after}`);
    for (const [x, b, a] of [['A', accountsBefore[0], accountsAfter[0]], ['B', accountsBefore[1], accountsAfter[1]]]) {
      log(`  account ${x}: ${JSON.stringify(b.toJSON())} -> ${JSON.stringify(a.toJSON())}`);
    }
    log(`  holds A ${JSON.stringify(holds[0].toJSON())}, B ${JSON.stringify(holds[1].toJSON())}`);
    await rc.close();
    return {
      node, api, A, B, D, G, M, added, changed, removed, records,
      account: { A: accountsAfter[0], B: accountsAfter[1] }, holds: { A: holds[0], B: holds[1] },
    };
  } catch (e) {
    await rc.close();
    await api.disconnect().catch(() => {});
    await node.stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// Step 3: the synthetic records, fast: keys by the items' hashers, values by patching
// templates that `createType` encoded. Both are checked against @polkadot/api on samples.

const U32_ZERO = Buffer.alloc(4);
const u64le = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const u64be = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

/** `key(...args)` for a map, from its 32-byte prefix, its hashers and each argument's encoding. */
function fastKey(entry) {
  const prefix = Buffer.from(strip(entry.keyPrefix()).slice(0, 64), 'hex');
  const hashers = entry.creator.meta.type.asMap.hashers.map((h) => h.toString());
  const parts = hashers.map((h) => {
    switch (h) {
      case 'Twox64Concat': return (a) => Buffer.concat([xxhashAsU8a(a, 64), a]);
      case 'Blake2_128Concat': return (a) => Buffer.concat([blake2AsU8a(a, 128), a]);
      case 'Identity': return (a) => a;
      default: throw new Error(`hasher ${h} not handled`);
    }
  });
  return (...encodedArgs) => `0x${Buffer.concat([prefix, ...encodedArgs.map((a, i) => parts[i](a))]).toString('hex')}`;
}

/**
 * A value encoder for `type` that patches a template: `build(p)` gives the value for slots `p`
 * (of kinds account, h256, u64, u128 or `text:<len>`); `make(p)` gives its hex encoding, the
 * slots given as Buffers of their SCALE encoding (see `enc`).
 */
const enc = {
  account: (h) => Buffer.from(strip(h), 'hex'),
  h256: (h) => Buffer.from(strip(h), 'hex'),
  u64: (n) => u64le(n),
  u128: (n) => {
    const b = Buffer.alloc(16);
    b.writeBigUInt64LE(BigInt(n) & 0xffffffffffffffffn);
    b.writeBigUInt64LE(BigInt(n) >> 64n, 8);
    return b;
  },
  text: (s) => Buffer.from(s, 'ascii'),
};
function patcher(api, type, slots, build) {
  const sentinel = (kind) => {
    if (kind === 'account' || kind === 'h256') return hex(32);
    if (kind === 'u64') return BigInt(`0x${randomBytes(8).toString('hex')}`) | (1n << 62n);
    if (kind === 'u128') return BigInt(`0x${randomBytes(15).toString('hex')}`) | (1n << 110n);
    const len = Number(kind.split(':')[1]);
    return Array.from(randomBytes(len), (b) => String.fromCharCode(97 + (b % 26))).join('');
  };
  const encode = (kind, v) => (kind.startsWith('text:') ? enc.text(v) : enc[kind](v));
  const pa = Object.fromEntries(Object.entries(slots).map(([k, kind]) => [k, sentinel(kind)]));
  const pb = Object.fromEntries(Object.entries(slots).map(([k, kind]) => [k, sentinel(kind)]));
  const ea = Buffer.from(api.createType(type, build(pa)).toU8a());
  const eb = Buffer.from(api.createType(type, build(pb)).toU8a());
  if (ea.length !== eb.length) throw new Error(`${type}: the encoding's length depends on the slots`);
  const covered = new Uint8Array(ea.length);
  const at = {};
  for (const [k, kind] of Object.entries(slots)) {
    const a = encode(kind, pa[k]);
    const b = encode(kind, pb[k]);
    at[k] = [];
    for (let i = ea.indexOf(a); i >= 0; i = ea.indexOf(a, i + 1)) {
      if (!eb.subarray(i, i + b.length).equals(b)) throw new Error(`${type}: slot ${k} moves`);
      at[k].push(i);
      covered.fill(1, i, i + a.length);
    }
    if (!at[k].length) throw new Error(`${type}: slot ${k} not found in the encoding`);
  }
  for (let i = 0; i < ea.length; i += 1) {
    if (ea[i] !== eb[i] && !covered[i]) throw new Error(`${type}: byte ${i} differs outside the slots`);
  }
  return {
    length: ea.length,
    /** `p`: slot -> value as `build` takes it; `bufs`: slot -> its encoding, if known. */
    make(bufs) {
      const out = Buffer.from(ea);
      for (const k in at) for (const i of at[k]) bufs[k].copy(out, i);
      return `0x${out.toString('hex')}`;
    },
    check(p, bufs) {
      const want = u8aToHex(api.createType(type, build(p)).toU8a());
      const got = this.make(bufs);
      if (want !== got) throw new Error(`${type}: patched ${got} but createType gives ${want}`);
    },
  };
}

const valueType = (api, entry) => {
  const t = entry.creator.meta.type;
  return api.registry.createLookupType(t.isMap ? t.asMap.value : t.asPlain);
};
const keyTypes = (api, entry) => {
  const t = entry.creator.meta.type.asMap;
  const ids = t.hashers.length === 1 ? [t.key] : api.registry.lookup.getSiType(t.key).def.asTuple;
  return ids.map((id) => api.registry.createLookupType(id));
};

/**
 * The generator of the synthetic state: for record i (id FIRST + i), a dataset owned by
 * owner[i % K], a grant on it to owner[(7i + 3) % K], and a model of that grantee trained on
 * it under the grant, with every index entry the discovery saw; then each owner's account
 * and holds. Returns { items, lines(i) -> [key, value][], accounts(), issuance }.
 */
function synthesis(d) {
  const { api } = d;
  const q = api.query;
  const tpl = {
    dataset: d.records.dataset.toJSON(),
    grant: d.records.grant.toJSON(),
    model: d.records.model.toJSON(),
  };
  // Every template must round-trip through createType, or the patched values could be wrong.
  for (const [name, entry, rec] of [['dataset', q.datasets.datasets, d.records.dataset], ['grant', q.consent.grants, d.records.grant], ['model', q.lineage.models, d.records.model]]) {
    const again = u8aToHex(api.createType(valueType(api, entry), tpl[name]).toU8a());
    if (again !== u8aToHex(rec.toU8a())) throw new Error(`${name} template does not round-trip: ${again} vs ${u8aToHex(rec.toU8a())}`);
  }
  const clone = (o) => JSON.parse(JSON.stringify(o));
  const valueOf = (a) => d.added.find((x) => x.name === a)?.value;

  // The value of each item, per record.
  const V = {};
  V.dataset = patcher(api, valueType(api, q.datasets.datasets), { owner: 'account', content: 'h256', meta: 'h256', n: `text:${PAD}` }, (p) => {
    const v = clone(tpl.dataset);
    Object.assign(v, { owner: p.owner, contentHash: p.content, metadataHash: p.meta, uri: `ipfs://scale/d/${p.n}` });
    return v;
  });
  V.grant = patcher(api, valueType(api, q.consent.grants), { dataset: 'u64', grantee: 'account', grantor: 'account', terms: 'h256' }, (p) => {
    const v = clone(tpl.grant);
    Object.assign(v, { dataset: p.dataset, grantee: { account: p.grantee }, grantor: p.grantor });
    v.terms = { ...v.terms, termsHash: p.terms };
    return v;
  });
  V.model = patcher(api, valueType(api, q.lineage.models), {
    owner: 'account', weights: 'h256', card: 'h256', config: 'h256', code: 'h256', dataset: 'u64', grant: 'u64', n: `text:${PAD}`,
  }, (p) => {
    const v = clone(tpl.model);
    Object.assign(v, { owner: p.owner, weightsHash: p.weights, name: `scale-m-${p.n}`, cardHash: p.card, consentBasis: [p.grant] });
    v.run = { ...v.run, trainer: p.owner, configHash: p.config, codeHash: p.code };
    if (v.run.inputs.length !== 1) throw new Error('the template model has not exactly one input');
    v.run.inputs = [{ ...v.run.inputs[0], dataset: p.dataset, grant: p.grant }];
    return v;
  });
  V.datasetId = patcher(api, valueType(api, q.datasets.datasetByContentHash), { id: 'u64' }, (p) => p.id);
  V.modelId = patcher(api, valueType(api, q.lineage.modelByWeightsHash), { id: 'u64' }, (p) => p.id);
  V.live = patcher(api, valueType(api, q.consent.liveGrants), { id: 'u64' }, (p) => [p.id]);
  // The use the model's registration logged on its grant (accessor: the model's owner; job:
  // blake2_256 of its weights and config hashes, as the lineage pallet computes it).
  const accessAdded = d.added.find((a) => a.name === 'consent.accessLog');
  if (accessAdded) {
    const tplAccess = api.createType(valueType(api, q.consent.accessLog), accessAdded.value).toJSON();
    const job = u8aToHex(blake2AsU8a(Buffer.concat([enc.h256(tpl.model.weightsHash), enc.h256(tpl.model.run.configHash)]), 256));
    if (tplAccess.jobHash !== job) throw new Error(`the access log's job hash ${tplAccess.jobHash} is not blake2_256(weights, config) ${job}`);
    V.access = patcher(api, valueType(api, q.consent.accessLog), { accessor: 'account', job: 'h256' }, (p) => ({ ...clone(tplAccess), accessor: p.accessor, jobHash: p.job }));
  }

  // The items one record writes, by the name discovery gives them: key and value of record r.
  // r: { id (Buffer LE), idBe, owner, grantee (Buffers), granteeKey (encoded Grantee), bufs }
  const K = {};
  // Plain items (the id counters, issuance figures) are global: left as genesis has them.
  const isMap = (a) => a.it && a.it.entry.creator.meta.type.isMap;
  for (const a of d.added) if (isMap(a) && !K[a.name]) K[a.name] = fastKey(a.it.entry);
  const rules = {
    'datasets.datasets': (r) => [K['datasets.datasets'](r.id), V.dataset.make(r.dataset)],
    'datasets.datasetByContentHash': (r) => [K['datasets.datasetByContentHash'](r.dataset.content), V.datasetId.make(r.idSlot)],
    'consent.grants': (r) => [K['consent.grants'](r.id), V.grant.make(r.grant)],
    'consent.liveGrants': (r) => [K['consent.liveGrants'](r.id, r.granteeKey), V.live.make(r.idSlot)],
    'consent.datasetGrants': (r) => [K['consent.datasetGrants'](r.id, r.idBe), valueOf('consent.datasetGrants')],
    'consent.granteeGrants': (r) => [K['consent.granteeGrants'](r.granteeKey, r.idBe), valueOf('consent.granteeGrants')],
    'consent.accessLog': (r) => [K['consent.accessLog'](r.id, U32_ZERO), V.access.make(r.access)],
    'lineage.models': (r) => [K['lineage.models'](r.id), V.model.make(r.model)],
    'lineage.modelByWeightsHash': (r) => [K['lineage.modelByWeightsHash'](r.model.weights), V.modelId.make(r.idSlot)],
    'lineage.datasetModels': (r) => [K['lineage.datasetModels'](r.id, r.id), valueOf('lineage.datasetModels')],
    'lineage.grantModels': (r) => [K['lineage.grantModels'](r.id, r.id), valueOf('lineage.grantModels')],
    'lineage.grantModelCount': (r) => [K['lineage.grantModelCount'](r.id), valueOf('lineage.grantModelCount')],
    // Constant per record (no ids inside): the template's own bytes.
    'rewards.terms': (r) => [K['rewards.terms'](r.id), valueOf('rewards.terms')],
    'rewards.policies': (r) => [K['rewards.policies'](r.id), valueOf('rewards.policies')],
  };
  // Per owner, not per record.
  const perOwner = new Set(['balances.holds']);
  const unknown = d.added.filter((a) => (!a.it || isMap(a)) && !rules[a.name] && !perOwner.has(a.name)).map((a) => a.name);
  if (unknown.length) throw new Error(`one record writes items this bench does not replicate: ${[...new Set(unknown)].join(', ')}`);
  const items = Object.keys(rules).filter((name) => d.added.some((a) => a.name === name));
  log(`synthetic record: ${items.join(', ')}; per owner: system.account, balances.holds`);
  for (const name of items) {
    const a = d.added.find((x) => x.name === name);
    if (['rewards.terms', 'rewards.policies'].includes(name)) {
      const t = api.createType(valueType(api, a.it.entry), a.value).toJSON();
      log(`  ${name} cloned as is: ${JSON.stringify(t)}`);
    }
  }

  // Owners: random AccountIds.
  const owners = Array.from({ length: OWNERS }, () => randomBytes(32));
  const granteeKeys = owners.map((o) => Buffer.from(api.createType(keyTypes(api, q.consent.granteeGrants)[0], { Account: `0x${o.toString('hex')}` }).toU8a()));
  const ownerOf = (i) => i % OWNERS;
  const granteeOf = (i) => (7 * i + 3) % OWNERS;
  /** What records 0..n-1 give each owner: datasets and grants it made, models it trained. */
  const countsFor = (n) => {
    const counts = owners.map(() => ({ datasets: 0, grants: 0, models: 0 }));
    for (let i = 0; i < n; i += 1) {
      counts[ownerOf(i)].datasets += 1;
      counts[ownerOf(i)].grants += 1;
      counts[granteeOf(i)].models += 1;
    }
    return counts;
  };

  const RANDOM = 32 * 7;
  let pool = Buffer.alloc(0);
  let poolAt = 0;
  const rand = () => {
    if (poolAt + RANDOM > pool.length) {
      pool = randomBytes(RANDOM * 4096);
      poolAt = 0;
    }
    const b = pool.subarray(poolAt, poolAt + RANDOM);
    poolAt += RANDOM;
    return b;
  };
  const record = (i) => {
    const id = FIRST + i;
    const o = ownerOf(i);
    const g = granteeOf(i);
    const rb = rand();
    const h = (k) => rb.subarray(32 * k, 32 * k + 32);
    const idBuf = u64le(id);
    const job = V.access ? Buffer.from(blake2AsU8a(Buffer.concat([h(3), h(5)]), 256)) : null;
    const n = enc.text(String(id).padStart(PAD, '0'));
    return {
      num: id,
      id: idBuf,
      idBe: u64be(id),
      idSlot: { id: idBuf },
      granteeKey: granteeKeys[g],
      dataset: { owner: owners[o], content: h(0), meta: h(1), n },
      grant: { dataset: idBuf, grantee: owners[g], grantor: owners[o], terms: h(2) },
      model: { owner: owners[g], weights: h(3), card: h(4), config: h(5), code: h(6), dataset: idBuf, grant: idBuf, n },
      access: { accessor: owners[g], job },
    };
  };
  const lines = (i) => {
    const r = record(i);
    return items.map((name) => rules[name](r));
  };

  // Samples: each synthetic key and value against @polkadot/api's own.
  const check = (i) => {
    const r = record(i);
    const id = r.num;
    const ownerHex = `0x${r.dataset.owner.toString('hex')}`;
    const granteeHex = `0x${r.grant.grantee.toString('hex')}`;
    const want = {
      'datasets.datasets': q.datasets.datasets.key(id),
      'datasets.datasetByContentHash': q.datasets.datasetByContentHash.key(`0x${r.dataset.content.toString('hex')}`),
      'consent.grants': q.consent.grants.key(id),
      'consent.liveGrants': q.consent.liveGrants.key(id, { Account: granteeHex }),
      'consent.datasetGrants': q.consent.datasetGrants.key(id, `0x${r.idBe.toString('hex')}`),
      'consent.granteeGrants': q.consent.granteeGrants.key({ Account: granteeHex }, `0x${r.idBe.toString('hex')}`),
      'consent.accessLog': q.consent.accessLog.key(id, 0),
      'lineage.models': q.lineage.models.key(id),
      'lineage.modelByWeightsHash': q.lineage.modelByWeightsHash.key(`0x${r.model.weights.toString('hex')}`),
      'lineage.datasetModels': q.lineage.datasetModels.key(id, id),
      'lineage.grantModels': q.lineage.grantModels.key(id, id),
      'lineage.grantModelCount': q.lineage.grantModelCount.key(id),
      'rewards.terms': q.rewards.terms.key(id),
      'rewards.policies': q.rewards.policies.key(id),
    };
    for (const name of items) {
      const [k] = rules[name](r);
      if (k !== want[name]) throw new Error(`${name}: synthetic key ${k} but api.query gives ${want[name]}`);
    }
    const b = (x) => `0x${x.toString('hex')}`;
    V.dataset.check({ owner: ownerHex, content: b(r.dataset.content), meta: b(r.dataset.meta), n: String(id).padStart(PAD, '0') }, r.dataset);
    V.grant.check({ dataset: id, grantee: granteeHex, grantor: ownerHex, terms: b(r.grant.terms) }, r.grant);
    V.model.check({
      owner: granteeHex, weights: b(r.model.weights), card: b(r.model.card), config: b(r.model.config), code: b(r.model.code), dataset: id, grant: id, n: String(id).padStart(PAD, '0'),
    }, r.model);
    V.datasetId.check({ id }, r.idSlot);
    if (V.access) V.access.check({ accessor: granteeHex, job: b(r.access.job) }, r.access);
    V.live.check({ id }, r.idSlot);
    // The records' reads must decode as the real ones do.
    const [, mv] = rules['lineage.models'](r);
    const m = api.createType(valueType(api, q.lineage.models), mv).toJSON();
    if (m.run.inputs[0].grant !== id || m.consentBasis[0] !== id) throw new Error(`model ${id} does not decode back`);
  };
  for (let i = 0; i < Math.min(N, 50); i += 1) check(i);
  if (N > 50) check(N - 1);

  // Owners' accounts and holds: each reason's deposit per record (A's and B's holds, each for
  // one record), times the records the owner has. `accounts(held)` holds the deposits of
  // records 0..held-1 and leaves the rest of all N records' deposits free, so the top-up's
  // records move balance from free to held: total issuance is the same before and after.
  const holdUnits = [...d.holds.A.toJSON(), ...d.holds.B.toJSON()].map((h) => ({ id: h.id, amount: BigInt(h.amount) }));
  const reasonCount = (c, h) => {
    const reason = JSON.stringify(h.id).toLowerCase();
    if (reason.includes('dataset')) return c.datasets;
    if (reason.includes('grant')) return c.grants;
    if (reason.includes('model')) return c.models;
    throw new Error(`hold reason ${reason} not mapped to a record`);
  };
  const FREE = 1_000n * UNIT;
  const accountTpl = d.account.A.toJSON();
  const holdsOf = (c) => holdUnits.map((h) => ({ id: h.id, amount: h.amount * BigInt(reasonCount(c, h)) })).filter((h) => h.amount > 0n);
  const sum = (hs) => hs.reduce((s, h) => s + h.amount, 0n);
  const accounts = (held) => {
    const now = countsFor(held);
    const all = held === N ? now : countsFor(N);
    let issuance = 0n;
    const out = [];
    owners.forEach((o, k) => {
      const holds = holdsOf(now[k]);
      const reserved = sum(holds);
      const free = FREE + sum(holdsOf(all[k])) - reserved;
      const info = clone(accountTpl);
      info.nonce = 0;
      info.consumers = reserved > 0n ? 1 : 0; // a hold is a consumer reference
      info.data = { ...info.data, free: free.toString(), reserved: reserved.toString(), frozen: 0 };
      issuance += free + reserved;
      const who = `0x${o.toString('hex')}`;
      out.push([q.system.account.key(who), u8aToHex(api.createType(valueType(api, q.system.account), info).toU8a())]);
      if (holds.length) {
        out.push([q.balances.holds.key(who), u8aToHex(api.createType(valueType(api, q.balances.holds), holds.map((h) => ({ id: h.id, amount: h.amount.toString() }))).toU8a())]);
      }
    });
    return { out, issuance };
  };
  return { items, lines, accounts, holdUnits, templates: { dataset: V.dataset.length, grant: V.grant.length, model: V.model.length } };
}

/** Streams the raw spec with the synthetic entries to `file`; the original's other fields as they were. */
async function writeSpec(devRawFile, file, synth, api) {
  const spec = JSON.parse(readFileSync(devRawFile, 'utf8'));
  const top = spec.genesis?.raw?.top;
  if (!top) throw new Error('the dev spec is not raw');
  const out = createWriteStream(file);
  let chunk = [];
  let chunkBytes = 0;
  const flush = async () => {
    if (!chunk.length) return;
    const ok = out.write(chunk.join(''));
    chunk = [];
    chunkBytes = 0;
    if (!ok) await once(out, 'drain');
  };
  const put = async (s) => {
    chunk.push(s);
    chunkBytes += s.length;
    if (chunkBytes > 4 << 20) await flush();
  };
  const keys = Object.keys(spec);
  await put('{\n');
  let entries = 0;
  let entryBytes = 0;
  const perItem = Object.fromEntries(synth.items.map((n) => [n, { entries: 0, bytes: 0 }]));
  const t0 = Date.now();
  for (let ki = 0; ki < keys.length; ki += 1) {
    const name = keys[ki];
    const sep = ki < keys.length - 1 ? ',\n' : '\n';
    if (name !== 'genesis') {
      await put(`${JSON.stringify(name)}: ${JSON.stringify(spec[name])}${sep}`);
      continue;
    }
    await put('"genesis": {"raw": {"top": {\n');
    let first = true;
    const entry = async (k, v) => {
      await put(`${first ? '' : ',\n'}"${k}": "${v}"`);
      first = false;
      entries += 1;
      entryBytes += (k.length + v.length - 4) / 2;
    };
    // The records first (they fix the owners' counts), then the accounts, then the rest.
    const issuanceKey = api.query.balances.totalIssuance.key();
    let lastLog = Date.now();
    for (let i = 0; i < G; i += 1) {
      const ls = synth.lines(i);
      for (let j = 0; j < ls.length; j += 1) {
        const [k, v] = ls[j];
        await entry(k, v);
        const s = perItem[synth.items[j]];
        s.entries += 1;
        s.bytes += (k.length + v.length - 4) / 2;
      }
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`spec: ${i + 1}/${G} records, ${entries} entries, ${mib(out.bytesWritten + chunkBytes)}`);
      }
    }
    const { out: accts, issuance } = synth.accounts(G);
    for (const [k, v] of accts) {
      if (top[k] !== undefined) throw new Error(`synthetic account ${k} exists already`);
      await entry(k, v);
    }
    const oldIssuance = api.createType('u128', hexToU8a(top[issuanceKey])).toBigInt();
    for (const [k, v] of Object.entries(top)) {
      if (k === issuanceKey) await entry(k, u8aToHex(api.createType('u128', oldIssuance + issuance).toU8a()));
      else await entry(strip(k) === k ? `0x${k}` : k, strip(v) === v ? `0x${v}` : v);
    }
    await put(`\n}, "childrenDefault": ${JSON.stringify(spec.genesis.raw.childrenDefault ?? {})}}}${sep}`);
  }
  await put('}\n');
  await flush();
  out.end();
  await once(out, 'finish');
  return {
    file, bytes: statSync(file).size, entries, entryBytes, perItem, accounts: OWNERS, seconds: (Date.now() - t0) / 1000,
  };
}

// ---------------------------------------------------------------------------------------
// Step 3b (`--genesis` < `--records`): the records past the genesis ones, on the full node,
// by Alice's `sudo.sudo(system.setStorage(...))` in chunks of about `--chunk-bytes` of keys
// and values (operational extrinsics charged 24 µs of weight per entry; a 5 MiB block takes
// four 1.2 MiB chunks, three with a node older than the builder's 5 MiB limit, and
// `--chunk-bytes` stays under 3 MiB so that one always fits), then every owner's account
// and holds for all the records. A node holds its whole genesis in memory while it builds it
// (10 GiB for 5×10⁵ records): this is how a 24 GiB machine gets past that.

const IN_FLIGHT = 8; // chunks submitted and not yet in a block: two blocks' worth
const CHUNK_TIMEOUT_MS = 5 * 60_000; // a chunk never included fails the run instead of hanging it

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not in a block after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function topUp(node, synth) {
  await waitQuiet('the top-up');
  const api = await connect(node.wsUrl);
  try {
    const t0 = Date.now();
    const issuanceBefore = (await api.query.balances.totalIssuance()).toBigInt();
    let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const inFlight = new Set();
    const blocks = new Set();
    let failure = null;
    let extrinsics = 0;
    let entries = 0;
    let bytes = 0;
    let done = 0;
    let lastLog = Date.now();
    const send = async (items) => {
      const tx = api.tx.sudo.sudo(api.tx.system.setStorage(items));
      const p = withTimeout(submit(api, tx, alice, { nonce }), CHUNK_TIMEOUT_MS, `chunk ${extrinsics} (nonce ${nonce})`)
        .then((r) => {
          const sudid = r.events.find(({ event: e }) => e.section === 'sudo' && e.method === 'Sudid');
          const outcome = sudid?.event.data[0];
          if (r.dispatchError || !outcome || outcome.isErr) {
            throw new Error(`sudo(system.setStorage) of ${items.length} entries failed: ${r.dispatchError ?? outcome?.toString() ?? 'no Sudid event'}`);
          }
          blocks.add(r.blockHash);
        })
        .catch((e) => { failure ??= e; })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      nonce += 1;
      extrinsics += 1;
      while (inFlight.size >= IN_FLIGHT && !failure) await Promise.race(inFlight);
      if (failure) throw failure;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`top-up: ${done}/${N - G} records, ${entries} entries in ${extrinsics} extrinsics, ${blocks.size} blocks, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    };
    let chunk = [];
    let chunkBytes = 0;
    const add = async (k, v) => {
      chunk.push([k, v]);
      const b = (k.length + v.length - 4) / 2;
      chunkBytes += b;
      bytes += b;
      entries += 1;
      if (chunkBytes >= CHUNK) {
        const full = chunk;
        chunk = [];
        chunkBytes = 0;
        await send(full);
      }
    };
    for (let i = G; i < N; i += 1) {
      for (const [k, v] of synth.lines(i)) await add(k, v);
      done += 1;
    }
    for (const [k, v] of synth.accounts(N).out) await add(k, v);
    if (chunk.length) await send(chunk);
    await Promise.all(inFlight);
    if (failure) throw failure;
    const seconds = (Date.now() - t0) / 1000;
    // The owners' deposits moved from free to held: no balance was made or burned.
    const issuanceAfter = (await api.query.balances.totalIssuance()).toBigInt();
    log(`top-up: ${N - G} records, ${entries} entries (${mib(bytes)}) in ${extrinsics} extrinsics and ${blocks.size} blocks, ${seconds.toFixed(0)} s; `
      + `total issuance ${issuanceBefore === issuanceAfter ? 'unchanged' : `${issuanceBefore} -> ${issuanceAfter}`}`);
    return {
      records: N - G, entries, bytes, extrinsics, blocks: blocks.size, seconds, issuanceUnchanged: issuanceBefore === issuanceAfter,
    };
  } finally {
    await api.disconnect().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------
// Step 4: on each node, the fixed lineage, checks, query latency and block build times.

async function fixedLineage(api) {
  // Alice's three datasets, a grant on each to Bob, Bob's three generations; Charlie pays for the last.
  let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  const ds = await Promise.all([0, 1, 2].map((g) => mustPass(api, registerDataset(api, `ipfs://scale/fixed/${g}`), alice, { nonce: nonce++ })));
  const dIds = ds.map((r) => eventOf(r, 'datasets', 'DatasetRegistered').id.toNumber());
  const gs = await Promise.all(dIds.map((dd) => mustPass(api, grantTraining(api, dd, bob.address), alice, { nonce: nonce++ })));
  const gIds = gs.map((r) => eventOf(r, 'consent', 'ConsentGranted').grant.toNumber());
  const mIds = [];
  for (let g = 0; g < 3; g += 1) {
    const r = await mustPass(api, registerModel(api, `scale-fixed-${g}`, {
      kind: g ? 'FineTune' : 'Pretrain',
      parents: g ? [[mIds[g - 1], 'FineTune']] : [],
      inputs: [{ dataset: dIds[g], role: 'Train', grant: gIds[g] }],
    }), bob);
    mIds.push(eventOf(r, 'lineage', 'ModelRegistered').id.toNumber());
  }
  await mustPass(api, api.tx.rewards.payUsage(mIds[2], UNIT / 10n), charlie);
  return { datasets: dIds, grants: gIds, models: mIds };
}

async function checkSynthetic(ws) {
  const probe = async (method, params) => {
    const { result, error } = await ws.call(method, params);
    if (error) throw new Error(`${method}(${JSON.stringify(params)}): ${error}`);
    return result;
  };
  for (const id of [FIRST, FIRST + Math.floor(N / 2), FIRST + N - 1]) {
    const m = await probe('lineage_getModel', [id, null]);
    const g = await probe('consent_getGrant', [id, null]);
    await probe('datasets_getDataset', [id, null]);
    const anc = await probe('lineage_ancestors', [id, null, null]);
    const st = await probe('lineage_consentStatus', [id, null]);
    if (!g.live || !st.clean || JSON.stringify(anc).indexOf(String(id)) < 0 || JSON.stringify(m).indexOf(String(id)) < 0) {
      throw new Error(`synthetic record ${id} reads wrong: grant ${JSON.stringify(g)}, status ${JSON.stringify(st)}`);
    }
  }
}

async function measure(node, label, { synthetic }) {
  const api = await connect(node.wsUrl);
  const ws = await wsClient(node.wsUrl, 600_000);
  try {
    if (synthetic) {
      await checkSynthetic(ws);
      log(`${label}: synthetic records ${FIRST}, ${FIRST + Math.floor(N / 2)}, ${FIRST + N - 1} read back through the RPC`);
    }
    const fixed = await fixedLineage(api);
    const m = fixed.models[2];
    log(`${label}: fixed lineage datasets ${fixed.datasets}, grants ${fixed.grants}, models ${fixed.models}`);
    // How deep the state trie is: the nodes of a storage proof of one record of each kind.
    const proofKeys = [api.query.datasets.datasets.key(fixed.datasets[2]), api.query.consent.grants.key(fixed.grants[2]), api.query.lineage.models.key(m)];
    // (The count includes the value's own node: values over 32 bytes are hashed out of the trie.)
    const proofNodes = [];
    for (const key of proofKeys) {
      const { result: rp, error } = await ws.call('state_getReadProof', [[key], null]);
      if (error) throw new Error(`state_getReadProof: ${error}`);
      proofNodes.push(rp.proof.length);
    }
    log(`${label}: a read proof of one dataset, grant and model has ${proofNodes.join(', ')} trie nodes`);
    const idle = await waitIdle(node, label);
    const queries = [
      ['lineage_ancestors', [m, null, null]],
      ['lineage_descendants', [{ type: 'model', id: fixed.models[0] }, null, null]],
      ['lineage_exportProv', [m, null, null]],
      ['lineage_consentStatus', [m, null]],
      ['consent_status', [fixed.datasets[2], bob.address, 'Training', null]],
      ['rewards_breakdown', [m, UNIT.toString(), null]],
      ['state_getStorage', [api.query.lineage.models.key(m)]],
    ];
    const times = {};
    const loadBefore = loadavg()[0];
    for (const [method, params] of queries) {
      times[method] = await time(() => ws.call(method, params), rounds);
      log(`${label}: ${method} p50 ${times[method].p50.toFixed(3)} ms, p99 ${times[method].p99.toFixed(3)} ms`);
    }
    const loadAverage = [loadBefore, loadavg()[0]];
    const load = LOAD ? await bulkLoad(api, ws, node, label) : null;
    return { fixed, idle, times, load, loadAverage, proofNodes, memory: memoryOf(node.pid) };
  } finally {
    await ws.close();
    await api.disconnect().catch(() => {});
  }
}

async function bulkLoad(api, ws, node, label) {
  await waitQuiet(`the ${label} load`);
  const senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(`//Scale/Sender/${i}`));
  await mustPass(api, api.tx.utility.batchAll(senders.map((s) => api.tx.balances.transferKeepAlive(s.address, 10_000n * UNIT))), alice);
  const home = await Promise.all(senders.map(async (s, i) => eventOf(await mustPass(api, registerDataset(api, `ipfs://scale/home/${i}`), s), 'datasets', 'DatasetRegistered').id.toNumber()));
  const nonces = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
  const signing = {
    blockHash: api.genesisHash, genesisHash: api.genesisHash, runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions, version: api.extrinsicType,
  };
  const owned = new Set();
  const queues = senders.map(() => []);
  for (let k = 0; k < LOAD; k += 1) {
    const s = k % SENDERS;
    const x = grantTraining(api, home[s], `0x${randomBytes(32).toString('hex')}`)
      .sign(senders[s], { ...signing, nonce: nonces[s] + queues[s].length }).toHex();
    queues[s].push(x);
    owned.add(x);
  }
  const best = async () => Number.parseInt((await ws.call('chain_getHeader', [])).result.number, 16);
  const firstBlock = (await best()) + 1;
  log(`${label}: ${LOAD} grants signed; submitting in waves of ${WAVE}`);
  const perSender = Math.ceil(WAVE / SENDERS);
  const t0 = Date.now();
  for (let w = 0; w * perSender < Math.ceil(LOAD / SENDERS); w += 1) {
    // Each sender's next slice, in nonce order; senders side by side.
    await Promise.all(queues.map(async (q) => {
      for (const x of q.slice(w * perSender, (w + 1) * perSender)) {
        const { error } = await ws.call('author_submitExtrinsic', [x]);
        if (error && !/already imported/i.test(error)) throw new Error(`submission refused: ${error}`);
      }
    }));
    // Until the pool holds none of ours.
    for (let tries = 0; ; tries += 1) {
      const pending = (await ws.call('author_pendingExtrinsics', [])).result.filter((x) => owned.has(x)).length;
      if (!pending) break;
      if (tries > 600) throw new Error(`${pending} grants still pending after 5 minutes`);
      await sleep(500);
    }
  }
  await sleep(1000);
  const lastBlock = await best();
  const blocks = [];
  for (let n = firstBlock; n <= lastBlock; n += 1) {
    const hash = (await ws.call('chain_getBlockHash', [n])).result;
    const { block } = (await ws.call('chain_getBlock', [hash])).result;
    const ours = block.extrinsics.filter((x) => owned.has(x)).length;
    if (!ours) continue;
    for (let i = 0; i < 20 && !node.prepared.has(n); i += 1) await sleep(100);
    const p = node.prepared.get(n);
    blocks.push({ number: n, ours, extrinsics: block.extrinsics.length, ms: p?.ms ?? null, end: p?.end ?? null, usPerExt: p ? (1000 * p.ms) / ours : null });
  }
  const included = blocks.reduce((s, b) => s + b.ours, 0);
  const timed = blocks.filter((b) => b.ms !== null && b.ours >= 100);
  const summary = {
    count: LOAD, included, seconds: (Date.now() - t0) / 1000, blocks,
    medianUsPerExt: median(timed.map((b) => b.usPerExt)),
    totalUsPerExt: timed.length ? (1000 * timed.reduce((s, b) => s + b.ms, 0)) / timed.reduce((s, b) => s + b.ours, 0) : NaN,
  };
  log(`${label}: ${included}/${LOAD} grants in ${blocks.length} blocks: ${blocks.map((b) => `#${b.number} ${b.ours} in ${b.ms} ms`).join(', ')}`);
  return summary;
}

// ---------------------------------------------------------------------------------------

let exitCode = 0;
let specFile = null;
try {
  log(`node ${bin}; ${cpus().length} CPUs (${cpus()[0]?.model}), ${mib(totalmem())}; ${N} records from id ${FIRST}, ${OWNERS} owners; tmp ${tmp}`);
  // 1. The dev chain's raw spec.
  const devRaw = join(tmp, 'dev-raw.json');
  const fd = openSync(devRaw, 'w');
  const bs = spawnSync(bin, ['build-spec', '--chain', 'dev', '--raw'], { stdio: ['ignore', fd, 'pipe'], timeout: 300_000 });
  closeSync(fd);
  if (bs.status !== 0) throw new Error(`build-spec failed (${bs.status}): ${bs.stderr?.toString().slice(-2000)}`);
  result.devSpecBytes = statSync(devRaw).size;
  log(`dev raw spec: ${result.devSpecBytes} bytes`);

  // 2. What one record writes.
  const d = await discover();
  result.discovery = {
    added: d.added.map((a) => ({ item: a.name, bytes: (a.key.length - 2) / 2 + (a.value.length - 2) / 2, valueBytes: (a.value.length - 2) / 2 })),
    changed: d.changed.map((c) => c.name),
    removed: d.removed.length,
  };
  let synth;
  try {
    synth = synthesis(d);
  } finally {
    await d.api.disconnect().catch(() => {});
    await d.node.stop();
  }

  // 3. The injected spec.
  await waitQuiet('generating the spec');
  specFile = join(tmp, `scale-${N}.json`);
  log(`writing ${specFile}`);
  result.spec = await writeSpec(devRaw, specFile, synth, d.api);
  result.spec.items = synth.items;
  result.spec.holdUnits = synth.holdUnits.map((h) => ({ id: h.id, amount: h.amount.toString() }));
  log(`spec: ${mib(result.spec.bytes)}, ${result.spec.entries} entries (${mib(result.spec.entryBytes)} of keys and values) in ${result.spec.seconds.toFixed(0)} s`);

  // 4. Empty, then full.
  const runs = {};
  for (const [label, spec] of [['empty', devRaw], ['full', specFile]]) {
    await waitQuiet(`the ${label} node`);
    log(`${label}: starting a node on ${spec}`);
    const node = await spawnNode(spec, label);
    const mem = memoryOf(node.pid);
    log(`${label}: RPC up after ${(node.startMs / 1000).toFixed(1)} s; resident ${mib(mem.rss)}, peak ${mib(mem.peak)}`);
    try {
      const topped = label === 'full' && G < N ? await topUp(node, synth) : null;
      const r = await measure(node, label, { synthetic: label === 'full' });
      runs[label] = { startSeconds: node.startMs / 1000, memoryAtStart: mem, topUp: topped, ...r };
      log(`${label}: resident at the end ${mib(r.memory.rss)}, peak ${mib(r.memory.peak)}`);
    } finally {
      await node.stop();
    }
  }
  result.runs = runs;

  // ---- Report.
  const f = (x, dd = 2) => (Number.isFinite(x) ? x.toFixed(dd) : '-');
  const out = [];
  const p = (s = '') => out.push(s);
  const { empty, full } = runs;
  p();
  p(`## Scale: ${N.toLocaleString('en')} datasets + grants + models in state`
    + `${G < N ? ` (${G.toLocaleString('en')} in genesis, ${(N - G).toLocaleString('en')} by extrinsics)` : ' (genesis)'}`);
  p();
  p(`- node \`${bin}\`; ${cpus().length} CPUs (${cpus()[0]?.model}), ${mib(totalmem())}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  p(`- spec ${mib(result.spec.bytes)} (dev raw spec ${(result.devSpecBytes / 2 ** 20).toFixed(1)} MiB), ${result.spec.entries.toLocaleString('en')} storage entries, `
    + `written in ${f(result.spec.seconds, 0)} s; per record: ${synth.items.join(', ')}; per owner (${OWNERS}): system.account, balances.holds`);
  p(`- start (genesis built, RPC up): empty ${f(empty.startSeconds, 1)} s, full ${f(full.startSeconds, 1)} s; full node resident ${mib(full.memoryAtStart.rss)} after start `
    + `(peak ${mib(full.memory.peak)}), ${mib(full.memory.rss)} at the end (${mib(full.memory.anon)} heap, ${mib(full.memory.file)} mapped files); `
    + `empty node ${mib(empty.memory.rss)}`);
  p(`- trie nodes in a read proof of one dataset, grant and model (the path a cold read walks): empty ${empty.proofNodes.join(', ')}, full ${full.proofNodes.join(', ')}`);
  if (full.topUp) {
    const t = full.topUp;
    p(`- top-up: records ${(FIRST + G).toLocaleString('en')}–${(FIRST + N - 1).toLocaleString('en')} and the owners' final accounts and holds, `
      + `${t.entries.toLocaleString('en')} entries (${mib(t.bytes)}), by ${t.extrinsics} \`sudo(system.setStorage)\` extrinsics in ${t.blocks} blocks, ${f(t.seconds, 0)} s; `
      + `total issuance ${t.issuanceUnchanged ? 'unchanged' : '**changed**'}`);
  }
  p(`- fixed lineage: 3 generations (model ${full.fixed.models.join(' → ')} on the full node), one dataset and grant each, a usage payment on the last; `
    + `${rounds} sequential requests per query over one WebSocket after 10 warm-ups; 1-min load average around the timings: `
    + `empty ${empty.loadAverage.map((l) => l.toFixed(2)).join(' → ')}, full ${full.loadAverage.map((l) => l.toFixed(2)).join(' → ')}`);
  p(`- timed once the node used under 10% of a core over 10 s: the empty one after ${f(empty.idle.waitedMs / 1000, 0)} s, `
    + `the full one after ${f(full.idle.waitedMs / 1000, 0)} s (${f(full.idle.cpuShare * 100, 0)}%)`
    + `${empty.idle.timedOut || full.idle.timedOut ? '; **a node never got there in 15 minutes: its timings include its own work**' : ''}`);
  p();
  p('| query | answer (bytes) | empty p50 | empty p99 | full p50 | full p99 | full/empty p50 | full/empty p99 |');
  p('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const ratios = [];
  for (const method of Object.keys(empty.times)) {
    const e = empty.times[method];
    const fu = full.times[method];
    ratios.push({ method, p50: fu.p50 / e.p50, p99: fu.p99 / e.p99 });
    const name = method === 'state_getStorage' ? '`state_getStorage` (lineage.models)' : `\`${method}\``;
    p(`| ${name} | ${fu.bytes} | ${f(e.p50, 3)} ms | ${f(e.p99, 3)} ms | ${f(fu.p50, 3)} ms | ${f(fu.p99, 3)} ms | ${f(fu.p50 / e.p50)}× | ${f(fu.p99 / e.p99)}× |`);
  }
  result.ratios = ratios;
  if (empty.load && full.load) {
    p();
    p(`Block building, ${LOAD} \`consent.grantConsent\` from ${SENDERS} senders in waves of ${WAVE} (blocks holding 100 or more; "Prepared block for proposing"):`);
    p();
    p('| node | blocks | grants per block | build time / block | build time / grant (median) | total build / total grants |');
    p('| --- | --- | --- | --- | --- | --- |');
    for (const [label, r] of [['empty', empty.load], ['full', full.load]]) {
      const timed = r.blocks.filter((b) => b.ms !== null && b.ours >= 100);
      p(`| ${label} | ${timed.length} | ${timed.map((b) => b.ours).join(', ')} | ${timed.map((b) => `${b.ms} ms`).join(', ')} | ${f(r.medianUsPerExt, 1)} µs | ${f(r.totalUsPerExt, 1)} µs |`);
    }
    p();
    p(`full/empty build time per grant: ${f(full.load.medianUsPerExt / empty.load.medianUsPerExt)}× (median), ${f(full.load.totalUsPerExt / empty.load.totalUsPerExt)}× (total)`);
    result.importRatio = full.load.medianUsPerExt / empty.load.medianUsPerExt;
  }
  const over = ratios.filter((r) => r.p50 > 1.2);
  p();
  p(over.length ? `Over 1.2× at p50: ${over.map((r) => `${r.method} ${f(r.p50)}×`).join(', ')}` : 'Every query within 1.2× at p50.');
  console.log(out.join('\n'));
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(result, (k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
    log(`figures written to ${values.json}`);
  }
} catch (e) {
  exitCode = 2;
  console.error(`scale: ${e.stack ?? e}`);
  for (const n of alive) console.error(`${n.name} node log tail:\n${n.logs().slice(-3000)}`);
} finally {
  for (const n of [...alive]) await n.stop().catch(() => {});
  if (values.keep) log(`kept ${tmp}${specFile ? ` (spec ${specFile})` : ''}`);
  else rmSync(tmp, { recursive: true, force: true });
  log(`${((Date.now() - started) / 1000).toFixed(0)} s in all`);
}
process.exit(exitCode);
