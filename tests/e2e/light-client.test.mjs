// `provenance --light <chain-spec.json>`: the auditor queries answered by the CLI's embedded
// smoldot light client, which syncs from the spec's bootNodes over p2p and checks every
// answer by proof, must equal the answers the same CLI gets over JSON-RPC from a node.
//
// A real two-validator network (a `local` spec cut down to Alice and Bob, so that the two
// finalize on their own, as zombienet/local-2.toml does) on loopback; a 3-generation
// lineage seeded through the CLI itself (three datasets and one derived from the first;
// a grant on each; pretrain -> fine-tune -> adapter; an evaluation and a decision anchor
// on the adapter; one grant revoked); then every auditor query in both modes at the same
// finalized block (`--at <hash>`), compared byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { startExplorer } from './lib/explorer.js';
import { rawRpc, runCli, startNode } from './lib/node.js';

const CLI_BIN = process.env.PROVENANCE_CLI_BIN;

/** Runs the `provenance` CLI to completion; returns { status, stdout, stderr, ms }. */
function provenance(args, extraEnv = {}) {
  assert.ok(CLI_BIN, 'PROVENANCE_CLI_BIN is not set: run the tests through scripts/test.sh');
  const env = { ...process.env, ...extraEnv };
  // Neither a node URL nor a signer may leak in from the environment.
  delete env.PROVENANCE_URL;
  delete env.PROVENANCE_SURI;
  const started = Date.now();
  const res = spawnSync(CLI_BIN, args, {
    encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024, env,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr ?? String(res.error), ms: Date.now() - started };
}

function ok(args) {
  const res = provenance(args);
  assert.equal(res.status, 0, `provenance ${args.join(' ')} failed:\n${res.stderr}`);
  return res;
}

const hash = (n) => `0x${n.toString(16).padStart(64, '0')}`;
// A `local` chain needs a network key; a fixed one per validator.
const nodeKey = (name) => createHash('sha256').update(`provenance-light-client-${name}`).digest('hex');

describe('light-client mode answers exactly as RPC mode', () => {
  const root = mkdtempSync(join(tmpdir(), 'provenance-light-'));
  const nodeSpec = join(root, 'spec.json');
  const lightSpec = join(root, 'light-spec.json');
  const nodes = {};
  let rpc; // --url ws://… of Alice's node
  let at; // { hash, number }: the finalized block every comparison reads
  let cleanAt; // the block before the revocation
  const lightTimes = [];

  const http = (method, params = []) =>
    rawRpc(nodes.alice.httpUrl, { jsonrpc: '2.0', id: 1, method, params }).then(({ json }) => {
      assert.equal(json.error, undefined, `${method}: ${JSON.stringify(json.error)}`);
      return json.result;
    });
  const finalized = async () => {
    const h = await http('chain_getFinalizedHead');
    return { hash: h, number: parseInt((await http('chain_getHeader', [h])).number, 16) };
  };
  async function untilFinalized(number, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = await finalized();
      if (f.number >= number) return f;
      if (Date.now() > deadline) throw new Error(`finality stuck at #${f.number}, wanted #${number}`);
      await sleep(500);
    }
  }

  /** Submits through the CLI over RPC; returns the receipt once a block includes it. */
  const send = (args) => {
    const res = ok(['--url', rpc, '--json', '--quiet', '--wait', 'in-block', ...args]);
    return JSON.parse(res.stdout);
  };

  const light = (args, extraEnv) => {
    const res = provenance(['--light', lightSpec, ...args], extraEnv);
    lightTimes.push(res.ms);
    return res;
  };

  before(async () => {
    // The `local` preset's four validators cut down to Alice and Bob (the first two).
    const plain = runCli(['build-spec', '--chain', 'local']);
    assert.equal(plain.status, 0, plain.stderr);
    const spec = JSON.parse(plain.stdout);
    const patch = spec.genesis.runtimeGenesis.patch;
    patch.session.keys = patch.session.keys.slice(0, 2);
    patch.validatorSet.initialValidators = patch.validatorSet.initialValidators.slice(0, 2);
    spec.bootNodes = [];
    const plainPath = join(root, 'plain.json');
    writeFileSync(plainPath, JSON.stringify(spec));
    const raw = runCli(['build-spec', '--chain', plainPath, '--raw']);
    assert.equal(raw.status, 0, raw.stderr);
    writeFileSync(nodeSpec, raw.stdout);

    const start = async (name, extra = []) => {
      nodes[name] = await startNode({
        args: ['--chain', nodeSpec, `--${name}`, '--node-key', nodeKey(name), ...extra],
        basePath: join(root, name),
      });
      const { json } = await rawRpc(nodes[name].httpUrl, { jsonrpc: '2.0', id: 1, method: 'system_localPeerId', params: [] });
      return `/ip4/127.0.0.1/tcp/${nodes[name].p2pPort}/p2p/${json.result}`;
    };
    const aliceAddr = await start('alice');
    const bobAddr = await start('bob', ['--bootnodes', aliceAddr]);
    rpc = nodes.alice.wsUrl;

    // The light client's spec: the same chain, the two validators as boot nodes on loopback.
    const lightJson = JSON.parse(raw.stdout);
    lightJson.bootNodes = [aliceAddr, bobAddr];
    writeFileSync(lightSpec, JSON.stringify(lightJson));
    await untilFinalized(1);

    // Seed: datasets 0, 1, 2 and 3 (derived from 0); grants 0..3 for Bob; models
    // 0 (pretrain) -> 1 (fine-tune) -> 2 (adapter).
    for (const i of [0, 1, 2]) {
      send(['dataset', 'register', '--suri', '//Alice', '--content-hash', hash(i + 1), '--uri', `ipfs://dataset-${i}`,
        '--license', 'CC-BY-4.0', '--contributor', '//Charlie=100']);
    }
    send(['dataset', 'derive', '0', '--kind', 'subset', '--suri', '//Alice', '--content-hash', hash(7),
      '--uri', 'ipfs://dataset-0-subset', '--license', 'CC-BY-4.0']);
    for (const d of [0, 1, 2, 3]) {
      send(['consent', 'grant', String(d), '--suri', '//Alice', '--grantee', '//Bob', '--purpose', 'training',
        '--purpose', 'fine-tuning', '--derivatives', 'anyone', '--terms-hash', hash(100), '--jurisdiction', 'DE']);
    }
    send(['model', 'register', '--suri', '//Bob', '--weights-hash', hash(200), '--name', 'base', '--version', '1.0',
      '--license', 'Apache-2.0', '--kind', 'pretrain', '--input', '0:0', '--input', '1:1']);
    send(['model', 'register', '--suri', '//Bob', '--weights-hash', hash(201), '--name', 'tuned', '--version', '1.0',
      '--license', 'Apache-2.0', '--kind', 'fine-tune', '--purpose', 'fine-tuning', '--parent', '0:fine-tune',
      '--input', '3:3']);
    send(['model', 'register', '--suri', '//Bob', '--weights-hash', hash(202), '--name', 'adapter', '--version', '1.0',
      '--license', 'Apache-2.0', '--kind', 'adapter', '--purpose', 'fine-tuning', '--parent', '1:adapter',
      '--input', '2:2:test']);
    send(['model', 'evaluate', '2', '--metric', 'accuracy', '--value', '912500', '--evidence-hash', hash(300),
      '--suri', '//Bob']);
    const log = join(root, 'decisions.jsonl');
    writeFileSync(log, '{"id":1,"label":"approve"}\n{"id":2,"label":"deny"}\n');
    const anchored = send(['model', 'anchor', '2', '--log', log, '--suri', '//Bob']);
    cleanAt = anchored.blockNumber;
    const revoked = send(['consent', 'revoke', '1', '--suri', '//Alice']);
    at = await untilFinalized(revoked.blockNumber);
    console.log(`measure: seeded by block #${at.number}`);
  });

  after(async () => {
    if (lightTimes.length) {
      const sorted = [...lightTimes].sort((a, b) => a - b);
      console.log(`measure: light-client CLI runs = ${sorted.length}, median ${sorted[sorted.length >> 1]} ms, max ${sorted[sorted.length - 1]} ms`);
    }
    for (const node of Object.values(nodes)) await node.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const compared = [
    ['lineage', 'ancestors', '2'],
    ['lineage', 'ancestors', '2', '--depth', '0'],
    ['lineage', 'ancestors', '2', '--depth', '1'],
    ['lineage', 'descendants', 'dataset:0'],
    ['lineage', 'descendants', 'grant:0'],
    ['lineage', 'descendants', 'model:0'],
    ['lineage', 'status', '2'],
    ['lineage', 'status', '0'],
    ['lineage', 'impact', '1'],
    ['lineage', 'impact', '0'],
    ['model', 'show', '0'],
    ['model', 'show', '2'],
    ['model', 'evaluations', '2'],
    ['model', 'anchors', '2'],
    ['dataset', 'show', '0'],
    ['dataset', 'show', '3'],
    ['dataset', 'list', '--owner', '//Alice'],
    ['consent', 'show', '1'],
    ['consent', 'show', '3'],
    ['consent', 'list', '--dataset', '0'],
    ['consent', 'list', '--grantee', '//Bob'],
    ['consent', 'access-log', '0'],
    ['rewards', 'claimable', '//Charlie'],
  ];
  for (const query of compared) {
    test(`${query.join(' ')} --json`, () => {
      const viaRpc = ok(['--url', rpc, '--json', '--at', at.hash, ...query]);
      const viaLight = light(['--json', '--at', at.hash, ...query]);
      assert.equal(viaLight.status, 0, `light mode failed:\n${viaLight.stderr}`);
      assert.equal(viaLight.stdout, viaRpc.stdout);
    });
  }

  // Refusals must agree too: the revoked grant keeps model 2 from being paid, and model 99
  // does not exist.
  for (const query of [['rewards', 'breakdown', '2', '1PROV'], ['model', 'show', '99'], ['lineage', 'ancestors', '99']]) {
    test(`${query.join(' ')} fails the same way in both modes`, () => {
      const viaRpc = provenance(['--url', rpc, '--at', at.hash, ...query]);
      const viaLight = light(['--at', at.hash, ...query]);
      assert.equal(viaRpc.status, 1, viaRpc.stdout);
      assert.deepEqual(
        { status: viaLight.status, stdout: viaLight.stdout, stderr: viaLight.stderr },
        { status: viaRpc.status, stdout: viaRpc.stdout, stderr: viaRpc.stderr },
      );
    });
  }

  for (const format of ['prov', 'spdx', 'cyclonedx', 'lineage']) {
    for (const depth of [[], ['--depth', '1']]) {
      test(`lineage export 2 --format ${format} ${depth.join(' ')}: byte-equal documents`, () => {
        const args = ['--at', at.hash, 'lineage', 'export', '2', '--format', format, ...depth];
        const viaRpc = ok(['--url', rpc, ...args]);
        const viaLight = light(args);
        assert.equal(viaLight.status, 0, `light mode failed:\n${viaLight.stderr}`);
        assert.equal(viaLight.stdout, viaRpc.stdout);
        const doc = JSON.parse(viaLight.stdout);
        // The document names the block and the chain it was read from.
        const text = JSON.stringify(doc);
        assert.ok(text.includes(at.hash.slice(2)), 'the export records the block hash');
      });
    }
  }

  test('the light export equals the node\'s own lineage_exportProv at that block', async () => {
    const viaLight = light(['--at', at.hash, 'lineage', 'export', '2', '--format', 'prov']);
    assert.equal(viaLight.status, 0, viaLight.stderr);
    assert.deepEqual(JSON.parse(viaLight.stdout), await http('lineage_exportProv', [2, null, at.hash]));
  });

  test('the explorer over the light client shows the same pages as over RPC', async () => {
    const viaRpc = await startExplorer({ globalArgs: ['--url', rpc] });
    const viaLight = await startExplorer({ globalArgs: ['--light', lightSpec] });
    try {
      const main = (html) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      for (const path of ['/model/2', '/model/0', '/grant/1', '/dataset/0', '/dataset/3']) {
        const [a, b] = await Promise.all([viaRpc, viaLight].map((e) => fetch(`${e.url}${path}?at=${at.hash}`)));
        assert.equal(a.status, 200, path);
        assert.equal(b.status, 200, path);
        const [rpcPage, lightPage] = [await a.text(), await b.text()];
        assert.equal(main(lightPage), main(rpcPage), `${path}: the light page differs`);
        assert.match(lightPage, /verified by light client/, path);
        assert.doesNotMatch(rpcPage, /verified by light client/, path);
      }
      for (const file of ['prov.json', 'spdx.json', 'cyclonedx.json', 'lineage.svg']) {
        const [a, b] = await Promise.all([viaRpc, viaLight].map((e) => fetch(`${e.url}/model/2/export/${file}?at=${at.hash}`).then((r) => r.text())));
        assert.equal(b, a, `${file}: the light download differs`);
      }
      const missing = await fetch(`${viaLight.url}/model/99?at=${at.hash}`);
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /There is no model 99 at block #/);
    } finally {
      await viaRpc.stop();
      await viaLight.stop();
    }
  });

  test('the 3-generation lineage is what was seeded', () => {
    const graph = JSON.parse(light(['--json', '--at', at.hash, 'lineage', 'ancestors', '2']).stdout);
    const ids = (type) => graph.nodes.filter((n) => n.type === type).map((n) => n.id).sort();
    assert.deepEqual(ids('model'), [0, 1, 2]);
    assert.deepEqual(ids('dataset'), [0, 1, 2, 3]);
    assert.deepEqual(ids('grant'), [0, 1, 2, 3]);
    const status = JSON.parse(light(['--json', '--at', at.hash, 'lineage', 'status', '2']).stdout);
    assert.equal(status.clean, false);
    assert.deepEqual(status.tainted.map((t) => t.grant), [1]);
  });

  test('--at <number> resolves to the same block in light mode', () => {
    const byNumber = light(['--json', '--at', String(at.number), 'lineage', 'impact', '1']);
    assert.equal(byNumber.status, 0, byNumber.stderr);
    assert.equal(byNumber.stdout, ok(['--url', rpc, '--json', '--at', at.hash, 'lineage', 'impact', '1']).stdout);
    assert.equal(JSON.parse(byNumber.stdout).block, at.number);
    // Before the revocation the adapter was clean, in both modes.
    const before = ['--json', '--at', String(cleanAt), 'lineage', 'status', '2'];
    const beforeLight = light(before);
    assert.equal(beforeLight.status, 0, beforeLight.stderr);
    assert.equal(beforeLight.stdout, ok(['--url', rpc, ...before]).stdout);
    assert.deepEqual(JSON.parse(beforeLight.stdout), { clean: true, tainted: [] });
    // A block not finalized yet cannot be named by number.
    const future = light(['--at', String(at.number + 100_000), 'lineage', 'status', '2']);
    assert.equal(future.status, 1);
    assert.match(future.stderr, /not finalized yet/);
  });

  test('without --at, light mode reads a finalized block at least as recent as the seed', () => {
    const res = light(['--json', 'lineage', 'impact', '1']);
    assert.equal(res.status, 0, res.stderr);
    const { block, models, revoked } = JSON.parse(res.stdout);
    assert.ok(block >= at.number, `light mode read block #${block}, older than the finalized #${at.number}`);
    assert.equal(revoked, true);
    assert.deepEqual(models.sort(), [0, 1, 2]);
  });

  // Until here the chain was young: smoldot found the peers' finalized head within its
  // warp-sync threshold (32 blocks) of genesis and verified every header and justification.
  // Past it, smoldot warp-syncs: GRANDPA finality proofs from the node's warp-sync provider.
  test('once the chain is past the warp-sync threshold, light mode warp-syncs and agrees', async () => {
    await untilFinalized(40, 240_000);
    const args = ['--at', at.hash, 'lineage', 'export', '2', '--format', 'prov'];
    const res = light(args, { PROVENANCE_LOG: 'info,sync-service-provenance_local=debug' });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /warp-sync-fragment-verify-success|committed=WarpAhead/,
      `smoldot did not warp-sync:\n${res.stderr.slice(-3000)}`);
    assert.equal(res.stdout, ok(['--url', rpc, ...args]).stdout);
    const latest = JSON.parse(light(['--json', 'lineage', 'impact', '1']).stdout);
    assert.ok(latest.block >= 40, `light mode read block #${latest.block} after a warp sync to #40 or later`);
  });
});
