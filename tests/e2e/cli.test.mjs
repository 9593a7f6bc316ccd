// The `provenance` command line, run as its users run it, against one real dev node: every
// persona's workflow end to end in text and `--json` output (data owners, trainers,
// contributors, auditors), the three ways to sign (--suri, PROVENANCE_SURI, a polkadot.js
// --key-file), both --wait modes, decoded runtime errors with a non-zero exit, bad input
// refused with a clear message and nothing on stdout, attacks refused, and the exports
// checked by third-party validators (tests/export_check.py).
//
// The seeded lineage, built through the CLI only:
//   Alice: dataset A (contributors Charlie, Dave), its new version V, its subset S;
//          grant GA on A to Bob with every term, grant GV on V to anyone.
//   Ferdie (key file): dataset F; grant GF on F to Bob for derivation and training.
//   Bob:   dataset B derived (de-identified) from F under GF, and grant GB on it to himself;
//          model M0 (pretrain on A under GA, from flags), M1 (fine-tune of M0 on B under
//          GB, from a TOML manifest), M2 (adapter on M1 validated on V under GV, from a
//          JSON manifest).
//   Ferdie then revokes GF: B, M1 and M2 are tainted, M0 is not.
//
// Speed: one node (`--dev` on a fresh temporary base path, RPC in 19800-19899); transactions
// wait for their block, not for finality (two wait for finality on purpose, off the critical
// path), and reads right after them name that block with --at; different signers run at
// once, and one signer's independent transactions follow each other into the pool without
// waiting for a block (lib/cli.js). About 100 s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';

import { connect, devAccounts, submit, waitForFinalized } from './lib/chain.js';
import { validate } from './lib/exports.js';
import { startNode, portInRange as portInRangeOf } from './lib/node.js';
import { cliRunner, humanReceipt, ok, receiptEvent, refused } from './lib/cli.js';

const UNIT = 1_000_000_000_000n;
const PERCENT = 10_000_000; // parts per billion
const hex = () => `0x${randomBytes(32).toString('hex')}`;
const big = (v) => BigInt(String(v));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
// The key file's password and a mnemonic signer: neither may ever be printed.
const PASSWORD = `ferdie-key-file-${randomBytes(6).toString('hex')}`;

/** A free loopback port in 19800-19899 (the range this file may use). */
const portInRange = (taken) => portInRangeOf(19800, taken);


describe('the provenance CLI against a dev node', () => {
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  let node;
  let prometheusPort;
  let api;
  let cli;
  let dir;
  let keyFile;
  let mnemonic;
  let mallory;
  let funded;
  // Signers, as the three kinds of user give them.
  let A; let B; let C; let D; let E; let F; let M;
  // What the tests build, by name.
  const s = {};
  // Work a later test finishes (started early, so that it overlaps the critical path).
  const background = {};
  const later = (p) => {
    p.catch(() => {});
    return p;
  };

  const run = (args, opts) => cli.run(args, opts);
  // No retry: a read `--at` a block the node has reported must answer the first time. (It
  // used to fail now and then with "cannot find the block header", from subxt's chainHead
  // backend; the client reads by the legacy methods since, see client.rs `legacy_api`.)
  const query = async (args, opts) => ok(await cli.run(args, opts));
  const queryJson = async (args, opts) => (await query(['--json', ...args], opts)).json();
  const tx = async (signer, args) => ok(await cli.tx(signer, args));
  const idIn = (res, re) => {
    const m = res.stdout.match(re);
    assert.ok(m, `${re} in ${JSON.stringify(res.stdout)}`);
    return Number(m[1]);
  };
  const jsonReceipt = (res) => {
    const r = res.json();
    assert.equal(r.finalized, true, 'a --wait finalized receipt (the helper\'s default) is final');
    assert.match(r.block, /^0x[0-9a-f]{64}$/);
    return r;
  };
  /** The node's count of JSON-RPC calls started, by method (its Prometheus metrics). */
  const rpcCallsStarted = async () => {
    const text = await (await fetch(`http://127.0.0.1:${prometheusPort}/metrics`)).text();
    const calls = new Map();
    for (const m of text.matchAll(/^substrate_rpc_calls_started\{([^}]*)\} (\d+)$/gm)) {
      const method = /method="([^"]+)"/.exec(m[1])?.[1];
      if (method) calls.set(method, (calls.get(method) ?? 0) + Number(m[2]));
    }
    assert.ok(calls.size > 0, `no substrate_rpc_calls_started in the node's metrics:\n${text.slice(0, 2000)}`);
    return calls;
  };
  // polkadot.js takes an explicit `undefined` as a hash and answers an all-zero header (#0),
  // so the best block is asked for with no argument.
  const header = async (hash) => (hash === undefined ? api.rpc.chain.getHeader() : api.rpc.chain.getHeader(hash));
  const bestNumber = async () => (await header()).number.toNumber();
  const parentOf = async (hash) => (await header(hash)).parentHash.toHex();
  const free = async (address, at) => {
    const state = at ? await api.at(at) : api;
    return (await state.query.system.account(address)).data.free.toBigInt();
  };

  before(async () => {
    const taken = new Set();
    const rpcPort = await portInRange(taken);
    const p2pPort = await portInRange(taken);
    prometheusPort = await portInRange(taken);
    node = await startNode({ args: ['--dev'], rpcPort, p2pPort, prometheusPort });
    api = await connect(node.wsUrl);
    cli = cliRunner({ url: node.wsUrl });
    dir = mkdtempSync(join(tmpdir(), 'provenance-cli-'));

    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const ferdieJson = keyring.addFromUri('//Ferdie').toJson(PASSWORD);
    keyFile = join(dir, 'ferdie.json');
    writeFileSync(keyFile, JSON.stringify(ferdieJson));
    mnemonic = mnemonicGenerate(12);
    mallory = keyring.addFromUri(mnemonic);
    // Mallory's account needs funds to pay fees: from Alice's stash (endowed on dev chains).
    funded = later(submit(api, api.tx.balances.transferKeepAlive(mallory.address, 1000n * UNIT), keyring.addFromUri('//Alice//stash')));

    A = { name: 'Alice', address: alice.address, args: ['--suri', '//Alice'] };
    B = { name: 'Bob', address: bob.address, args: ['--suri', '//Bob'] };
    C = { name: 'Charlie', address: charlie.address, args: ['--suri', '//Charlie'] };
    D = { name: 'Dave', address: dave.address, args: ['--suri', '//Dave'] };
    E = { name: 'Eve', address: eve.address, env: { PROVENANCE_SURI: '//Eve' } };
    F = { name: 'Ferdie', address: ferdie.address, args: ['--key-file', keyFile], env: { PROVENANCE_KEY_PASSWORD: PASSWORD } };
    M = { name: 'Mallory', address: mallory.address, env: { PROVENANCE_SURI: mnemonic } };
  });

  after(async () => {
    // Let background work end before the node goes (its failures are reported by the tests).
    await Promise.allSettled(Object.values(background));
    await api?.disconnect();
    if (node) {
      const status = await node.stop();
      assert.equal(status.code, 0, `node exited with ${JSON.stringify(status)}:\n${node.logs().slice(-3000)}`);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('completions and the manual page', async () => {
    const [bash, man] = await Promise.all([run(['completions', 'bash']), run(['manpage'])]);
    ok(bash);
    assert.match(bash.stdout, /^_provenance\(\) \{/m);
    assert.match(bash.stdout, /complete -F _provenance/);
    for (const word of ['dataset', 'consent', 'model', 'lineage', 'rewards', 'decisions', '--key-file']) {
      assert.ok(bash.stdout.includes(word), `bash completions know ${word}`);
    }
    ok(man);
    assert.match(man.stdout, /^\.TH provenance 1/m);
    assert.match(man.stdout, /PROVENANCE_SURI/);

    // `provenance completions bash | head -c 10`: a reader that stops early is no crash (the
    // script is larger than a pipe's buffer, so the CLI is still writing when head exits).
    const piped = spawnSync('bash', ['-c', '"$0" completions bash 2>"$1" | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"', cli.bin, join(dir, 'pipe.err')], { encoding: 'utf8' });
    const code = Number(piped.stdout.trim());
    const stderr = readFileSync(join(dir, 'pipe.err'), 'utf8');
    assert.ok(code === 0 || code === 141, `completions into a closed pipe exited ${code}:\n${stderr}`);
    assert.doesNotMatch(stderr, /panicked|backtrace|error/, 'completions into a closed pipe');
  });

  test('bad input: a clear message, a non-zero exit, nothing on stdout, no panic', async () => {
    // RUST_BACKTRACE=1 would put a backtrace into any panic or Debug-printed error.
    const env = { RUST_BACKTRACE: '1' };
    const badManifest = join(dir, 'bad.toml');
    writeFileSync(badManifest, `weights_hash = "${hex()}"\nkind = "pretrain"\npurpose = "training"\nbogus = 1\n`);
    const mnemonicish = 'bottom drive obey lake curtain smoke basket hold race lonely fit notaword';
    const closed = await portInRange(new Set([node.rpcPort, node.p2pPort]));
    const cases = [
      [['model', 'show', '999'], /unknown model 999/],
      [['dataset', 'show', '999', '--json'], /unknown dataset 999/],
      [['consent', 'show', '999'], /unknown grant 999/],
      [['lineage', 'ancestors', '999'], /unknown model 999/],
      [['lineage', 'export', '999', '--format', 'spdx'], /unknown model 999/],
      [['rewards', 'breakdown', '999', '1PROV'], /unknown model 999/],
      [['dataset', 'register', '--suri', '//Alice', '--content-hash', '0x12'], /"0x12" is not a 32-byte hash/],
      [['dataset', 'register', '--suri', '//Alice', '--content-hash', 'abc'], /not a 0x-prefixed hash/],
      [['dataset', 'register', '--content-hash', hex(), '--key-file', join(dir, 'missing.json')], /cannot read the key file .*missing\.json/],
      [['dataset', 'register', '--content-hash', hex(), '--key-file', keyFile], /cannot decrypt the key file .*wrong password/, { PROVENANCE_KEY_PASSWORD: 'not-the-password' }],
      // A query signed in with a bad key file says what is wrong with it.
      [['dataset', 'list', '--key-file', keyFile], /^error: cannot decrypt the key file .*wrong password/, { PROVENANCE_KEY_PASSWORD: 'not-the-password' }],
      [['consent', 'grant', '0', '--suri', '//Alice', '--grantee', '//Bob', '--purpose', 'marketing'], /"marketing" is not a purpose; one of: training, fine-tuning/],
      [['model', 'register', '--suri', '//Bob', '--weights-hash', hex(), '--input', '0:0', '--purpose', 'spying'], /"spying" is not a purpose/],
      [['dataset', 'show', '0', '--at', hex()], /cannot read block 0x[0-9a-f]{64}/],
      [['lineage', 'status', '0', '--at', '0x12'], /not a block hash/],
      [['model', 'show', '0', '--at', '4000000000'], /cannot read block #4000000000/],
      [['dataset', 'register', '--content-hash', hex()], /this command signs a transaction: give --suri .*PROVENANCE_SURI.*--key-file/],
      [['rewards', 'claim'], /this command signs a transaction/],
      [['dataset', 'register', '--content-hash', hex(), '--suri', mnemonicish], /the secret URI (is malformed|does not give an sr25519 key)/],
      [['dataset', 'register', '--content-hash', hex(), '--suri', '//Alice', '--key-file', keyFile], /either --suri or --key-file, not both/, { PROVENANCE_KEY_PASSWORD: PASSWORD }],
      [['dataset', 'update', '0', '--suri', '//Alice', '--metadata-hash', hex(), '--uri', 'x', '--at', '1'], /--at applies to queries/],
      [['model', 'register', '--suri', '//Bob', '--manifest', badManifest, '--weights-hash', hex()], /cannot be used with/],
      [['model', 'register', '--suri', '//Bob', '--manifest', badManifest], /not a valid TOML manifest.*unknown field `bogus`/s],
      [['model', 'register', '--suri', '//Bob', '--manifest', join(dir, 'missing.toml')], /cannot read the manifest/],
      [['model', 'register', '--suri', '//Bob', '--weights-hash', hex(), '--license', 'MIT'], /at least one --parent or --input/],
      [['model', 'register', '--suri', '//Bob', '--weights-hash', hex(), '--input', '0'], /write an input as DATASET:GRANT\[:ROLE\]/],
      [['dataset', 'register', '--suri', '//Alice', '--content-hash', hex(), '--contributor', '//Charlie=101'], /over 100%/],
      [['rewards', 'pay', '0', '1.5', '--suri', '//Eve'], /not an amount/],
      [['consent', 'list'], /give --dataset, --grantee or --owner/],
      // The pool refuses a transaction its signer cannot pay for.
      [['dataset', 'register', '--suri', '//Unfunded', '--content-hash', hex(), '--license', 'MIT'], /the transaction is invalid: .*Inability to pay some fees/],
      [['dataset', 'register', '--content-hash', hex(), '--key-file', badManifest], /cannot decrypt the key file .*bad\.toml: Invalid JSON/, { PROVENANCE_KEY_PASSWORD: PASSWORD }],
      [['lineage', 'descendants', 'foo:1'], /"foo" is not model, dataset or grant/],
      [['decisions', 'root', join(dir, 'missing.jsonl')], /cannot read .*missing\.jsonl/],
      [['--url', `ws://127.0.0.1:${closed}`, 'model', 'show', '0'], /cannot connect to a node at ws:\/\/127\.0\.0\.1/],
    ];
    const results = await Promise.all(cases.map(([args, , extra]) => run(args, { env: { ...env, ...extra } })));
    results.forEach((res, i) => refused(res, cases[i][1]));
    const malformed = results[cases.findIndex(([args]) => args.includes(mnemonicish))];
    assert.doesNotMatch(malformed.stderr, /bottom|notaword/, 'a malformed secret URI is not echoed');
    for (const res of results) assert.doesNotMatch(res.stderr, /not-the-password/, 'a password is not echoed');
  });

  test('data owner: register, update, version and derive datasets; contributors and delegates', async () => {
    const meta = hex();
    const aliceWork = (async () => {
      // Text output: the receipt line names the dataset and the block.
      // --wait in-block: the receipt says the block is not final yet.
      const reg = await tx(A, [
        '--wait', 'in-block',
        'dataset', 'register', '--content-hash', hex(), '--uri', 'ipfs://corpus', '--license', 'CC-BY-4.0',
        '--contributor', '//Charlie=50', '--contributor', `${dave.address}=50`,
      ]);
      s.a = idIn(reg, /^registered dataset (\d+) \(in block #\d+ 0x/m);
      assert.equal(humanReceipt(reg.stdout).finalized, false);
      // Independent updates, one after another into the pool.
      const [update, contributors, version, derive, delegate] = await Promise.all([
        tx(A, ['dataset', 'update', String(s.a), '--metadata-hash', meta, '--uri', 'ipfs://corpus-v1']),
        tx(A, ['--json', 'dataset', 'contributors', String(s.a), '--contributor', '//Charlie=40', '--contributor', '//Dave=60']),
        tx(A, ['--json', 'dataset', 'version', String(s.a), '--content-hash', hex(), '--uri', 'ipfs://corpus-v2', '--license', 'CC-BY-4.0']),
        tx(A, ['dataset', 'derive', String(s.a), '--kind', 'subset', '--content-hash', hex(), '--uri', 'ipfs://corpus-subset', '--license', 'CC-BY-4.0']),
        tx(A, ['--json', 'dataset', 'delegate', String(s.a), '//Ferdie']),
      ]);
      assert.match(update.stdout, new RegExp(`^updated dataset ${s.a} \\(finalized`));
      receiptEvent(jsonReceipt(contributors), 'Datasets', 'ContributorsSet');
      s.v = receiptEvent(jsonReceipt(version), 'Datasets', 'DatasetRegistered').id;
      s.s = idIn(derive, /^registered dataset (\d+) /);
      receiptEvent(jsonReceipt(delegate), 'Datasets', 'DelegateSet');
      const last = Math.max(...[update, derive].map((r) => humanReceipt(r.stdout).blockNumber),
        ...[contributors, version, delegate].map((r) => r.json().blockNumber));
      s.aliceBlock = last;
      return last;
    })();
    const ferdieF = (async () => {
      const reg = await tx(F, ['--json', 'dataset', 'register', '--content-hash', hex(), '--uri', 'https://ferdie.example/voices', '--license', 'CC-BY-SA-4.0']);
      const fields = receiptEvent(jsonReceipt(reg), 'Datasets', 'DatasetRegistered');
      s.f = fields.id;
      // The key file signed as Ferdie (events show accounts as hex).
      assert.equal(fields.owner, `0x${Buffer.from(ferdie.publicKey).toString('hex')}`);
    })();
    // Eve (PROVENANCE_SURI) offers one dataset to Bob, who accepts, and withdraws another
    // offer to Dave: finished, and checked, by the attacker test.
    background.eve = later((async () => {
      // --wait finalized: the receipt says so.
      const first = ok(await cli.tx(E, ['--json', '--wait', 'finalized', 'dataset', 'register', '--content-hash', hex(), '--license', 'MIT']));
      const receipt = first.json();
      assert.equal(receipt.finalized, true, 'a --wait finalized receipt is final');
      const { number } = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
      assert.ok(number.toNumber() >= receipt.blockNumber, 'finalized before the CLI returned');
      s.e = receiptEvent(receipt, 'Datasets', 'DatasetRegistered').id;
      const second = await tx(E, ['dataset', 'register', '--content-hash', hex(), '--license', 'MIT']);
      s.e2 = idIn(second, /^registered dataset (\d+) /);
      const [offer, offer2] = await Promise.all([
        tx(E, ['dataset', 'transfer', String(s.e), '//Bob']),
        tx(E, ['dataset', 'transfer', String(s.e2), dave.address]),
      ]);
      assert.match(offer.stdout, new RegExp(`^offered dataset ${s.e} to ${bob.address}; they accept with \`provenance dataset accept ${s.e}\``));
      assert.match(offer2.stdout, new RegExp(`^offered dataset ${s.e2} to ${dave.address}`));
      const pending = await queryJson(['dataset', 'show', String(s.e2), '--at', humanReceipt(offer2.stdout).block]);
      assert.equal(pending.pendingOwner, dave.address);
      const [accept, cancel] = await Promise.all([
        tx(B, ['--json', 'dataset', 'accept', String(s.e)]),
        tx(E, ['dataset', 'cancel-transfer', String(s.e2)]),
      ]);
      assert.match(cancel.stdout, new RegExp(`^withdrew the offer of dataset ${s.e2}`));
      const accepted = jsonReceipt(accept);
      const owned = await queryJson(['dataset', 'show', String(s.e), '--at', accepted.block]);
      assert.equal(owned.owner, bob.address);
      assert.equal(owned.pendingOwner, null);
      const withdrawn = await queryJson(['dataset', 'show', String(s.e2), '--at', humanReceipt(cancel.stdout).block]);
      assert.equal(withdrawn.owner, eve.address);
      assert.equal(withdrawn.pendingOwner, null);
      // Dave accepts an offer that was withdrawn.
      refused(await cli.tx(D, ['dataset', 'accept', String(s.e2)]),
        /the transaction failed: Datasets\.NoPendingTransfer: No ownership transfer is pending for the dataset\./);
    })());
    await Promise.all([aliceWork, ferdieF]);

    // Everything Alice did, read back at the block it ended in (by number).
    const at = String(s.aliceBlock);
    const [a, v, sub, aText] = await Promise.all([
      queryJson(['dataset', 'show', String(s.a), '--at', at]),
      queryJson(['dataset', 'show', String(s.v), '--at', at]),
      queryJson(['dataset', 'show', String(s.s), '--at', at]),
      query(['dataset', 'show', String(s.a), '--at', at]),
    ]);
    assert.equal(a.owner, alice.address);
    assert.equal(a.metadataHash, meta);
    assert.equal(a.uri, 'ipfs://corpus-v1');
    const shares = Object.fromEntries(a.contributors.map((c) => [c.account, c.partsPerBillion]));
    assert.deepEqual(shares, { [charlie.address]: 40 * PERCENT, [dave.address]: 60 * PERCENT });
    assert.equal(a.delegate, ferdie.address);
    assert.deepEqual(v.parent, { dataset: s.a, kind: 'NewVersion' });
    assert.deepEqual(sub.parent, { dataset: s.a, kind: 'Subset' });
    assert.deepEqual(sub.derivationBasis, [], 'the owner derives without a grant');
    assert.match(aText.stdout, new RegExp(`^dataset ${s.a} at block #${at}$`, 'm'));
    assert.match(aText.stdout, /^uri: ipfs:\/\/corpus-v1$/m);
    assert.match(aText.stdout, new RegExp(`^delegate: ${ferdie.address}$`, 'm'));
    assert.match(aText.stdout, /^contributors:\n  -\n    account: /m);

    // The delegate manages consent until the owner clears it: then it is refused.
    background.delegate = later((async () => {
      const byDelegate = await tx(F, ['consent', 'grant', String(s.a), '--grantee', '//Eve', '--purpose', 'research']);
      const g = idIn(byDelegate, /^granted consent (\d+) on dataset \d+ /);
      const shown = await queryJson(['consent', 'show', String(g), '--at', humanReceipt(byDelegate.stdout).block]);
      assert.equal(shown.grantor, ferdie.address);
      // --wait finalized in text: the receipt line says so.
      const clear = await tx(A, ['dataset', 'delegate', String(s.a), '--clear', '--wait', 'finalized']);
      assert.match(clear.stdout, new RegExp(`^dataset ${s.a} has no delegate \\(finalized #\\d+ 0x`));
      assert.equal(humanReceipt(clear.stdout).finalized, true);
      const cleared = await queryJson(['dataset', 'show', String(s.a), '--at', humanReceipt(clear.stdout).block]);
      assert.equal(cleared.delegate, null);
      return cli.tx(F, ['consent', 'grant', String(s.a), '--grantee', '//Eve', '--purpose', 'research']);
    })());
  });

  test('data owner: grant consent with every term; list datasets and grants', async () => {
    const terms = { terms: hex(), subject: hex(), notice: hex() };
    const b0 = await bestNumber();
    const expiresAt = b0 + 50_000;
    const [ga, gv, gf] = await Promise.all([
      tx(A, [
        'consent', 'grant', String(s.a), '--grantee', '//Bob', '--purpose', 'training', '--purpose', 'fine-tuning',
        '--expires-in', '100000', '--max-uses', '10', '--terms-hash', terms.terms, '--derivatives', 'anyone',
        '--on-revoke', 'stop-use', '--data-subject', terms.subject, '--controller', '//Ferdie',
        '--legal-basis', 'contract', '--jurisdiction', 'DE', '--notice-version', terms.notice,
      ]),
      tx(A, [
        '--json', 'consent', 'grant', String(s.v), '--grantee', 'anyone', '--purpose', 'training',
        '--expires-at', String(expiresAt), '--derivatives', 'anyone', '--on-revoke', 'no-new-training',
        '--legal-basis', 'legitimate-interests', '--jurisdiction', 'FR',
      ]),
      tx(F, ['--json', 'consent', 'grant', String(s.f), '--grantee', bob.address, '--purpose', 'derivation', '--purpose', 'training', '--derivatives', 'anyone']),
    ]);
    const b1 = await bestNumber();
    s.ga = idIn(ga, new RegExp(`^granted consent (\\d+) on dataset ${s.a} \\(finalized`));
    s.gv = receiptEvent(jsonReceipt(gv), 'Consent', 'ConsentGranted').grant;
    s.gf = receiptEvent(jsonReceipt(gf), 'Consent', 'ConsentGranted').grant;

    // Bob derives a de-identified dataset from Ferdie's under the derivation grant, and
    // grants himself training on it.
    const derived = await tx(B, ['--json', 'dataset', 'derive', String(s.f), '--kind', 'deidentified', '--content-hash', hex(), '--license', 'CC-BY-SA-4.0', '--uri', 'ipfs://voices-deid']);
    s.b = receiptEvent(jsonReceipt(derived), 'Datasets', 'DatasetRegistered').id;
    const gb = await tx(B, ['consent', 'grant', String(s.b), '--grantee', '//Bob', '--purpose', 'training', '--derivatives', 'anyone']);
    s.gb = idIn(gb, /^granted consent (\d+) /);
    const at = humanReceipt(gb.stdout).block;
    s.grantsBlock = at;

    const [gaJson, gaText, gvJson, bJson] = await Promise.all([
      queryJson(['consent', 'show', String(s.ga), '--at', at]),
      query(['consent', 'show', String(s.ga), '--at', at]),
      queryJson(['consent', 'show', String(s.gv), '--at', at]),
      queryJson(['dataset', 'show', String(s.b), '--at', at]),
    ]);
    assert.equal(gaJson.dataset, s.a);
    assert.equal(gaJson.grantor, alice.address);
    assert.equal(gaJson.grantee, bob.address);
    assert.deepEqual(gaJson.purposes, ['Training', 'FineTuning']);
    assert.equal(gaJson.maxUses, 10);
    assert.equal(gaJson.termsHash, terms.terms);
    assert.equal(gaJson.derivatives, 'Anyone');
    assert.equal(gaJson.onRevoke, 'StopUse');
    assert.equal(gaJson.dataSubject, terms.subject);
    assert.equal(gaJson.controller, ferdie.address);
    assert.equal(gaJson.legalBasis, 'Contract');
    assert.equal(gaJson.jurisdiction, 'DE');
    assert.equal(gaJson.noticeVersion, terms.notice);
    assert.equal(gaJson.live, true);
    // --expires-in counts from the chain's head when the command ran.
    assert.ok(
      gaJson.expiresAt >= b0 + 100_000 && gaJson.expiresAt <= b1 + 100_000,
      `--expires-in 100000 run between blocks #${b0} and #${b1} gave expiry ${gaJson.expiresAt}`,
    );
    assert.match(gaText.stdout, /^legal basis: Contract$/m);
    assert.match(gaText.stdout, /^jurisdiction: DE$/m);
    assert.match(gaText.stdout, /^purposes: Training, FineTuning$/m);
    assert.match(gaText.stdout, new RegExp(`^controller: ${ferdie.address}$`, 'm'));
    assert.equal(gvJson.grantee, null, 'a grant to anyone');
    assert.equal(gvJson.expiresAt, expiresAt);
    assert.equal(gvJson.onRevoke, 'NoNewTraining');
    assert.equal(gvJson.legalBasis, 'LegitimateInterests');
    assert.equal(gvJson.jurisdiction, 'FR');
    assert.equal(gvJson.maxUses, null);
    assert.equal(bJson.owner, bob.address);
    assert.deepEqual(bJson.parent, { dataset: s.f, kind: 'Deidentified' });
    assert.deepEqual(bJson.derivationBasis, [s.gf], 'derived from another\'s dataset under its grant');

    // One's datasets and grants: the signer's, or named.
    const [mine, mineJson, grantsMine, grantsText, toBob, onA] = await Promise.all([
      query(['dataset', 'list', '--suri', '//Alice', '--at', at]),
      queryJson(['dataset', 'list', '--owner', alice.address, '--at', at]),
      queryJson(['consent', 'list', '--at', at], { env: { PROVENANCE_SURI: '//Alice' } }),
      query(['consent', 'list', '--owner', '//Alice', '--at', at]),
      queryJson(['consent', 'list', '--grantee', '//Bob', '--at', at]),
      query(['consent', 'list', '--dataset', String(s.a), '--at', at]),
    ]);
    assert.match(mine.stdout, new RegExp(`^datasets of ${alice.address} at block #\\d+$`, 'm'));
    for (const id of [s.a, s.v, s.s]) assert.match(mine.stdout, new RegExp(`^  ${id}  Active  CC-BY-4.0  ipfs://`, 'm'));
    assert.deepEqual(mineJson.map((d) => d.id), sorted([s.a, s.v, s.s]));
    const aliceGrants = grantsMine.map((g) => g.id);
    for (const id of [s.ga, s.gv]) assert.ok(aliceGrants.includes(id), `consent list (signer's) holds grant ${id}: ${aliceGrants}`);
    assert.ok(!aliceGrants.includes(s.gf), 'not Ferdie\'s grant');
    assert.match(grantsText.stdout, new RegExp(`^  grant ${s.ga}  dataset ${s.a}  to ${bob.address}  Training\\+FineTuning  live$`, 'm'));
    assert.match(grantsText.stdout, new RegExp(`^  grant ${s.gv}  dataset ${s.v}  to anyone  Training  live$`, 'm'));
    const bobs = toBob.map((g) => g.id);
    for (const id of [s.ga, s.gf, s.gb]) assert.ok(bobs.includes(id), `grants to Bob hold ${id}: ${bobs}`);
    assert.match(onA.stdout, new RegExp(`^  grant ${s.ga}  dataset ${s.a} `, 'm'));
  });

  test('trainer: register models from flags, a TOML manifest and a JSON manifest; a purpose never granted is refused', async () => {
    const job = hex();
    const [m0, access, wrongPurpose] = await Promise.all([
      tx(B, [
        'model', 'register', '--weights-hash', hex(), '--name', 'base', '--version', '1.0', '--uri', 'hf://prov/base',
        '--license', 'Apache-2.0', '--kind', 'pretrain', '--input', `${s.a}:${s.ga}:train`,
        '--config-hash', hex(), '--code-hash', hex(),
      ]),
      // The grantee logs a use of the grant (a compute job).
      tx(B, ['consent', 'record-access', String(s.ga), '--purpose', 'fine-tuning', '--job-hash', job]),
      // Attacker's view: a grant for training and fine-tuning cited for research.
      cli.tx(B, ['model', 'register', '--weights-hash', hex(), '--license', 'MIT', '--input', `${s.a}:${s.ga}`, '--purpose', 'research']),
    ]);
    s.m0 = idIn(m0, /^registered model (\d+) \(finalized/);
    assert.match(access.stdout, new RegExp(`^logged a use of grant ${s.ga} \\(finalized`));
    refused(wrongPurpose, /the transaction failed: Consent\.PurposeNotCovered: The grant does not cover this purpose\./);
    s.accessBlock = humanReceipt(access.stdout).block;

    const toml = join(dir, 'run.toml');
    writeFileSync(toml, [
      `weights_hash = "${hex()}"`,
      'name = "chat"',
      'version = "2.0"',
      'uri = "hf://prov/chat"',
      'license = "Apache-2.0"',
      'kind = "fine-tune"',
      'purpose = "training"',
      `config_hash = "${hex()}"`,
      `compute_provider = "${dave.address}"`,
      'max_parent_share = 50',
      '',
      '[[parents]]',
      `model = ${s.m0}`,
      'kind = "fine-tune"',
      '',
      '[[inputs]]',
      `dataset = ${s.b}`,
      'role = "train"',
      `grant = ${s.gb}`,
      '',
    ].join('\n'));
    const m1 = await tx(B, ['--json', 'model', 'register', '--manifest', toml]);
    s.m1 = receiptEvent(jsonReceipt(m1), 'Lineage', 'ModelRegistered').id;

    const manifest = join(dir, 'adapter.json');
    writeFileSync(manifest, JSON.stringify({
      weights_hash: hex(),
      name: 'chat-adapter',
      version: '0.1',
      license: 'MIT',
      kind: 'adapter',
      purpose: 'training',
      policy: 'royalty:5',
      card_hash: hex(),
      parents: [{ model: s.m1, kind: 'adapter' }],
      inputs: [{ dataset: s.v, role: 'validation', grant: s.gv }],
    }));
    const m2 = await tx(B, ['model', 'register', '--manifest', manifest]);
    s.m2 = idIn(m2, /^registered model (\d+) /);
    s.m2Receipt = humanReceipt(m2.stdout);

    const at = s.m2Receipt.block;
    const [j0, j1, j2, t2] = await Promise.all([
      queryJson(['model', 'show', String(s.m0), '--at', at]),
      queryJson(['model', 'show', String(s.m1), '--at', at]),
      queryJson(['model', 'show', String(s.m2), '--at', at]),
      query(['model', 'show', String(s.m2), '--at', at]),
    ]);
    assert.equal(j0.name, 'base');
    assert.equal(j0.run.kind, 'Pretrain');
    assert.deepEqual(j0.consentBasis, [s.ga]);
    assert.equal(j1.name, 'chat');
    assert.equal(j1.run.kind, 'FineTune');
    assert.equal(j1.run.computeProvider, dave.address);
    assert.deepEqual(j1.consentBasis, sorted([s.ga, s.gf, s.gb]), 'M1 inherits M0\'s grants and B\'s derivation grant');
    assert.equal(j2.owner, bob.address);
    assert.equal(j2.run.kind, 'Adapter');
    assert.equal(j2.policy, 'RoyaltyRequired');
    assert.equal(j2.minRoyaltyPartsPerBillion, 5 * PERCENT);
    assert.deepEqual(j2.consentBasis, sorted([s.ga, s.gf, s.gb, s.gv]));
    assert.match(t2.stdout, new RegExp(`^model ${s.m2} at block #${s.m2Receipt.blockNumber}$`, 'm'));
    assert.match(t2.stdout, /^name: chat-adapter$/m);
    assert.match(t2.stdout, /^  kind: Adapter$/m);
  });

  test('trainer: record an evaluation, anchor a decision log, prove one decision; a tampered one fails', async () => {
    const decisions = Array.from({ length: 7 }, (_, i) => JSON.stringify({ id: i, input: hex().slice(0, 18), label: i % 3 ? 'approve' : 'deny' }));
    const log = join(dir, 'decisions.jsonl');
    writeFileSync(log, `${decisions.join('\n')}\n`);
    const evidence = hex();
    const [evaluation, anchor] = await Promise.all([
      tx(B, ['--json', 'model', 'evaluate', String(s.m2), '--metric', 'accuracy', '--value', '912500', '--evidence-hash', evidence]),
      tx(B, ['model', 'anchor', String(s.m2), '--log', log]),
    ]);
    assert.equal(receiptEvent(jsonReceipt(evaluation), 'Lineage', 'EvaluationRecorded').index, 0);
    const anchored = anchor.stdout.match(new RegExp(`^anchored 7 decisions to model ${s.m2} as anchor (\\d+) \\(root (0x[0-9a-f]{64})\\)`));
    assert.ok(anchored, anchor.stdout);
    const [, anchorIndex, root] = anchored;
    const at = [humanReceipt(anchor.stdout), { block: evaluation.json().block, blockNumber: evaluation.json().blockNumber }]
      .sort((x, y) => y.blockNumber - x.blockNumber)[0].block;

    const [offline, evals, anchors] = await Promise.all([
      queryJson(['decisions', 'root', log]),
      queryJson(['model', 'evaluations', String(s.m2), '--at', at]),
      query(['model', 'anchors', String(s.m2), '--at', at]),
    ]);
    assert.deepEqual(offline, { root, count: 7 });
    assert.equal(evals.length, 1);
    assert.equal(evals[0].metric, 'accuracy');
    assert.equal(evals[0].value, 912500);
    assert.equal(evals[0].evidenceHash, evidence);
    assert.equal(evals[0].evaluator, bob.address);
    assert.match(anchors.stdout, new RegExp(`^    merkle root: ${root}$|^  merkle root: ${root}$`, 'm'));

    // Prove decision 4 against the anchor on chain, then verify it offline.
    const proof = await query(['decisions', 'prove', log, '4', '--model', String(s.m2), '--anchor', anchorIndex, '--at', at]);
    const proofFile = join(dir, 'proof.json');
    writeFileSync(proofFile, proof.stdout);
    assert.equal(JSON.parse(proof.stdout).root, root);
    const [valid, validJson, tampered, wrongProof] = await Promise.all([
      run(['decisions', 'verify', proofFile, decisions[4]]),
      run(['--json', 'decisions', 'verify', proofFile, decisions[4]]),
      run(['decisions', 'verify', proofFile, decisions[4].replace(/"label":"\w+"/, '"label":"overridden"')]),
      run(['decisions', 'verify', proofFile, decisions[3]]),
    ]);
    assert.match(ok(valid).stdout, new RegExp(`^valid: decision 4 of 7 is under root ${root}$`, 'm'));
    assert.deepEqual(ok(validJson).json(), { valid: true, root, index: 4 });
    refused(tampered, new RegExp(`the decision is NOT under root ${root}`));
    refused(wrongProof, /the decision is NOT under root/);

    // A log edited after anchoring no longer matches the anchor.
    const edited = join(dir, 'edited.jsonl');
    writeFileSync(edited, `${decisions.map((d, i) => (i === 2 ? d.replace(/"label":"\w+"/, '"label":"approve!"') : d)).join('\n')}\n`);
    refused(await run(['decisions', 'prove', edited, '4', '--model', String(s.m2), '--anchor', anchorIndex, '--at', at]),
      new RegExp(`the log does not match anchor ${anchorIndex} of model ${s.m2}`));
    refused(await run(['decisions', 'prove', log, '4', '--model', String(s.m2), '--anchor', '99', '--at', at]),
      new RegExp(`model ${s.m2} has no anchor 99`));
  });

  test('data owner: see who used a grant', async () => {
    const at = s.m2Receipt.block;
    const [logJson, logText] = await Promise.all([
      queryJson(['consent', 'access-log', String(s.ga), '--at', at]),
      query(['consent', 'access-log', String(s.ga), '--at', at]),
    ]);
    // M0's training run and Bob's logged job: both by Bob.
    assert.equal(logJson.length, 2, JSON.stringify(logJson));
    assert.ok(logJson.every((x) => x.accessor === bob.address));
    assert.deepEqual(logJson.map((x) => x.purpose).sort(), ['FineTuning', 'Training']);
    assert.match(logText.stdout, new RegExp(`^uses of grant ${s.ga} at block #\\d+$`, 'm'));
    assert.match(logText.stdout, new RegExp(`^  #\\d+ block \\d+  ${bob.address}  FineTuning  job 0x`, 'm'));
    const before = await queryJson(['consent', 'access-log', String(s.ga), '--at', await parentOf(s.accessBlock)]);
    assert.ok(before.length < logJson.length, 'the log grew');
    const gv = await query(['consent', 'access-log', String(s.gv), '--at', s.grantsBlock]);
    assert.match(gv.stdout, new RegExp(`^grant ${s.gv} has not been used`));
  });

  test('contributor: claimable, breakdown, pay and claim', async () => {
    const pre = s.m2Receipt.block;
    const [c0, quote, quoteText, mine] = await Promise.all([
      queryJson(['rewards', 'claimable', '//Charlie', '--at', pre]),
      queryJson(['rewards', 'breakdown', String(s.m2), '100PROV', '--at', pre]),
      query(['rewards', 'breakdown', String(s.m2), '100PROV', '--at', pre]),
      query(['rewards', 'claimable', '--suri', '//Charlie', '--at', pre]),
    ]);
    assert.equal(c0.account, charlie.address);
    assert.match(mine.stdout, new RegExp(`^${charlie.address} can claim [\\d.]+ PROV at block #\\d+$`, 'm'));
    assert.equal(quote.model, s.m2);
    assert.equal(big(quote.amount), 100n * UNIT);
    assert.match(quoteText.stdout, new RegExp(`^paying 100 PROV for model ${s.m2} at block #\\d+ charges [\\d.]+ PROV:`));
    const perAccount = (who) => quote.perAccount.filter((p) => p.account === who).reduce((t, p) => t + big(p.amount), 0n);
    const fees = (who) => quote.entryFees.filter((p) => p.account === who).reduce((t, p) => t + big(p.amount), 0n);
    const charlieShare = perAccount(charlie.address) + fees(charlie.address);
    assert.ok(perAccount(charlie.address) > 0n, 'Charlie contributed to a dataset in M2\'s lineage');
    assert.ok(quote.credits.some((c) => c.account === charlie.address && c.reason === 'datasetContributor' && c.dataset === s.a));

    const pay = await tx(E, ['rewards', 'pay', String(s.m2), '100PROV']);
    assert.match(pay.stdout, new RegExp(`^paid 100 PROV for model ${s.m2} \\(finalized`));
    const paid = humanReceipt(pay.stdout);
    const c1 = await queryJson(['rewards', 'claimable', charlie.address, '--at', paid.block]);
    assert.equal(big(c1.claimable), big(c0.claimable) + charlieShare, 'claimable rose by the quoted share');
    assert.equal(c1.block, paid.blockNumber);

    const freeBefore = await free(charlie.address, paid.block);
    const [claimJson, daveClaim] = await Promise.all([
      tx(C, ['--json', 'rewards', 'claim']),
      tx(D, ['rewards', 'claim']),
    ]);
    const claim = jsonReceipt(claimJson);
    assert.match(daveClaim.stdout, /^claimed [\d.]+ PROV \(finalized #\d+ 0x/);
    const daveAfter = await queryJson(['rewards', 'claimable', '//Dave', '--at', humanReceipt(daveClaim.stdout).block]);
    assert.equal(daveAfter.claimable, '0');
    const claimed = big(receiptEvent(claim, 'Rewards', 'RewardsClaimed').amount);
    assert.equal(claimed, big(c1.claimable));
    const fee = big(receiptEvent(claim, 'TransactionPayment', 'TransactionFeePaid').actual_fee);
    const [c2, freeAfter] = await Promise.all([
      queryJson(['rewards', 'claimable', '//Charlie', '--at', claim.block]),
      free(charlie.address, claim.block),
    ]);
    assert.equal(big(c2.claimable), 0n, 'nothing left to claim');
    assert.equal(freeAfter, freeBefore + claimed - fee, 'the claim paid out');
    // Claiming again: nothing to claim, decoded.
    refused(await cli.tx(C, ['rewards', 'claim']), /the transaction failed: Rewards\.NothingToClaim: The caller has nothing to claim\./);
  });

  test('data owner: a revocation taints what was built on the grant; consent impact before and after, --at', async () => {
    const pre = await api.rpc.chain.getBlockHash();
    const preHash = pre.toHex();
    const [impact0, impact0Text, status0] = await Promise.all([
      queryJson(['consent', 'impact', String(s.gf), '--at', preHash]),
      query(['consent', 'impact', String(s.gf), '--at', preHash]),
      queryJson(['lineage', 'status', String(s.m2), '--at', preHash]),
    ]);
    assert.equal(impact0.revoked, false);
    assert.deepEqual(sorted(impact0.models), sorted([s.m1, s.m2]));
    assert.match(impact0Text.stdout, new RegExp(`^revoking grant ${s.gf} would taint 2 models at block #\\d+: `));
    assert.deepEqual(status0, { clean: true, tainted: [] });

    // Ferdie revokes with his key file.
    const revoke = await tx(F, ['consent', 'revoke', String(s.gf)]);
    assert.match(revoke.stdout, new RegExp(`^revoked grant ${s.gf}; 2 models tainted \\(finalized`));
    s.revoked = humanReceipt(revoke.stdout);
    const beforeNumber = String(s.revoked.blockNumber - 1);
    const [after, afterText, atBefore, byNumber, status1, status1Text, status0m] = await Promise.all([
      queryJson(['consent', 'impact', String(s.gf), '--at', s.revoked.block]),
      query(['lineage', 'impact', String(s.gf), '--at', s.revoked.block]),
      queryJson(['consent', 'impact', String(s.gf), '--at', beforeNumber]),
      queryJson(['lineage', 'status', String(s.m2), '--at', beforeNumber]),
      queryJson(['lineage', 'status', String(s.m2), '--at', String(s.revoked.blockNumber)]),
      query(['lineage', 'status', String(s.m1), '--at', s.revoked.block]),
      query(['lineage', 'status', String(s.m0), '--at', s.revoked.block]),
    ]);
    assert.equal(after.revoked, true);
    assert.deepEqual(sorted(after.models), sorted([s.m1, s.m2]));
    assert.equal(after.block, s.revoked.blockNumber);
    assert.match(afterText.stdout, new RegExp(`^revoking grant ${s.gf} tainted 2 models at block #${s.revoked.blockNumber}: `));
    assert.equal(atBefore.revoked, false, '--at the block before: not yet revoked');
    assert.equal(atBefore.block, s.revoked.blockNumber - 1);
    assert.equal(byNumber.clean, true);
    assert.equal(status1.clean, false);
    assert.deepEqual(status1.tainted, [{ grant: s.gf, revokedAt: s.revoked.blockNumber, effect: 'StopUse' }]);
    assert.match(status1Text.stdout, new RegExp(`^model ${s.m1} is TAINTED at block #${s.revoked.blockNumber}:\\n  grant ${s.gf} revoked at block ${s.revoked.blockNumber} \\(StopUse\\)`));
    assert.match(status0m.stdout, new RegExp(`^model ${s.m0} is clean at block #`));
  });

  test('attacker: refused, with the decoded error and a non-zero exit', async () => {
    assert.equal((await funded).dispatchError, null, 'Mallory was funded');
    await background.eve;
    const [formerOwner, formerDelegate, notMine, notGrantee, revokedInput, taintedParent, payTainted, twice] = await Promise.all([
      // Eve sold dataset E to Bob: she can no longer grant consent on it.
      cli.tx(E, ['consent', 'grant', String(s.e), '--grantee', '//Eve', '--purpose', 'training']),
      // Ferdie's delegation on A was cleared.
      background.delegate,
      // Mallory (a mnemonic in PROVENANCE_SURI) revokes Alice's grant.
      cli.tx(M, ['--json', 'consent', 'revoke', String(s.ga)]),
      // ... and logs a use of a grant made to Bob.
      cli.tx(M, ['consent', 'record-access', String(s.ga), '--purpose', 'training', '--job-hash', hex()]),
      // Bob trains on F under the revoked grant, or builds on a tainted model.
      cli.tx(B, ['model', 'register', '--weights-hash', hex(), '--license', 'MIT', '--input', `${s.f}:${s.gf}`]),
      cli.tx(B, ['--json', 'model', 'register', '--weights-hash', hex(), '--license', 'MIT', '--kind', 'fine-tune', '--parent', `${s.m1}:fine-tune`]),
      // Eve pays for a model whose consent was withdrawn.
      cli.tx(E, ['rewards', 'pay', String(s.m2), '1PROV']),
      cli.tx(F, ['consent', 'revoke', String(s.gf)]),
    ]);
    const notAllowed = /the transaction failed: Consent\.NotAllowed: Only the dataset's current owner or delegate may do this\./;
    refused(formerOwner, notAllowed);
    refused(formerDelegate, notAllowed);
    refused(notMine, notAllowed);
    refused(notGrantee, /the transaction failed: Consent\.NotGrantee: The grant is to another account\./);
    refused(revokedInput, /the transaction failed: Consent\.ConsentRevoked: The grant was revoked\./);
    refused(taintedParent, /the transaction failed: Lineage\.TaintedParent: A parent's ancestry holds a revoked grant: nothing new may be built on it\./);
    refused(payTainted, /the transaction failed: Rewards\.ConsentWithdrawn: A grant in the model's consent basis was revoked/);
    refused(twice, /the transaction failed: Consent\.AlreadyRevoked: The grant is already revoked\./);
    // Mallory's failed transaction was hers: she paid its fee.
    assert.ok((await free(mallory.address)) < 1000n * UNIT);
  });

  test('auditor: show datasets, grants and models; lineage at any block', async () => {
    await waitForFinalized(api, s.revoked.blockNumber);
    const m2Block = s.m2Receipt;
    const [d, dText, g, mText, anc, ancByHash, ancByNumber, early, desc, descText, grantDesc] = await Promise.all([
      queryJson(['dataset', 'show', String(s.b)]),
      query(['dataset', 'show', String(s.b)]),
      queryJson(['consent', 'show', String(s.gf)]),
      query(['model', 'show', String(s.m2)]),
      queryJson(['lineage', 'ancestors', String(s.m2)]),
      queryJson(['lineage', 'ancestors', String(s.m2), '--at', m2Block.block]),
      queryJson(['lineage', 'ancestors', String(s.m2), '--at', String(m2Block.blockNumber)]),
      run(['model', 'show', String(s.m2), '--at', String(m2Block.blockNumber - 1)]),
      queryJson(['lineage', 'descendants', `dataset:${s.f}`]),
      query(['lineage', 'descendants', `dataset:${s.a}`]),
      queryJson(['lineage', 'descendants', `grant:${s.gf}`, '--at', s.revoked.block]),
    ]);
    assert.equal(d.id, s.b);
    assert.deepEqual(d.derivationBasis, [s.gf]);
    assert.match(dText.stdout, new RegExp(`^dataset ${s.b} at block #\\d+$`, 'm'));
    assert.match(dText.stdout, new RegExp(`^derivation basis: ${s.gf}$`, 'm'));
    assert.equal(g.revokedAt, s.revoked.blockNumber);
    assert.equal(g.live, false);
    assert.match(mText.stdout, /^name: chat-adapter$/m);

    const key = (n) => `${n.type}:${n.id}`;
    const nodes = new Set(anc.nodes.map(key));
    for (const id of [s.m0, s.m1, s.m2]) assert.ok(nodes.has(`model:${id}`), `model ${id} in ${[...nodes]}`);
    for (const id of [s.a, s.b, s.v]) assert.ok(nodes.has(`dataset:${id}`), `dataset ${id} in ${[...nodes]}`);
    for (const id of [s.ga, s.gb, s.gv, s.gf]) assert.ok(nodes.has(`grant:${id}`), `grant ${id} in ${[...nodes]}`);
    assert.ok(anc.edges.some((e) => key(e.from) === `model:${s.m2}` && e.relation === 'derivedFrom' && key(e.to) === `model:${s.m1}`));
    // The same block by hash and by number.
    assert.deepEqual(ancByHash, ancByNumber);
    refused(early, new RegExp(`unknown model ${s.m2} at block ${m2Block.blockNumber - 1}`));

    const down = new Set(desc.nodes.map(key));
    for (const n of [`dataset:${s.b}`, `model:${s.m1}`, `model:${s.m2}`]) assert.ok(down.has(n), `${n} descends from dataset ${s.f}: ${[...down]}`);
    assert.ok(!down.has(`model:${s.m0}`));
    assert.match(descText.stdout, new RegExp(`^descendants of dataset:${s.a} at block #\\d+: \\d+ nodes, \\d+ edges$`, 'm'));
    assert.match(descText.stdout, new RegExp(`^  model ${s.m0} --trainedOn \\(Train\\)--> dataset ${s.a}$`, 'm'));
    const fromGrant = new Set(grantDesc.nodes.map(key));
    for (const id of [s.m1, s.m2]) assert.ok(fromGrant.has(`model:${id}`), `model ${id} descends from grant ${s.gf}`);

    const [statusText, impactJson, ancText] = await Promise.all([
      query(['lineage', 'status', String(s.m2)]),
      queryJson(['lineage', 'impact', String(s.gf)]),
      query(['lineage', 'ancestors', String(s.m2), '--at', String(m2Block.blockNumber)]),
    ]);
    assert.match(ancText.stdout, new RegExp(`^ancestors of model ${s.m2} at block #${m2Block.blockNumber}: ${ancByNumber.nodes.length} nodes, ${ancByNumber.edges.length} edges$`, 'm'));
    assert.match(ancText.stdout, new RegExp(`^  model ${s.m2} --derivedFrom \\(Adapter\\)--> model ${s.m1}$`, 'm'));
    assert.match(ancText.stdout, new RegExp(`^  model ${s.m1} --usedGrant--> grant ${s.gb}$`, 'm'));
    assert.match(statusText.stdout, new RegExp(`^model ${s.m2} is TAINTED at block #\\d+:`));
    assert.equal(impactJson.revoked, true);
    // A complete answer has no frontier; one cut by --depth names where to continue.
    assert.deepEqual(anc.frontier, []);
    assert.doesNotMatch(ancText.stdout, /^incomplete/m);
    const [cutJson, cutText] = await Promise.all([
      queryJson(['lineage', 'ancestors', String(s.m2), '--depth', '0']),
      query(['lineage', 'ancestors', String(s.m2), '--depth', '0']),
    ]);
    assert.deepEqual(cutJson.frontier, [s.m2]);
    assert.match(cutText.stdout, new RegExp(`^incomplete: stopped at the depth limit; continue from model ${s.m2} `, 'm'));

    // A read `--at` a block goes by the node's plain methods, and no CLI run so far opened a
    // chainHead follow subscription (its `null` header before the node had registered it made
    // such reads fail now and then).
    const before = await rpcCallsStarted();
    await queryJson(['lineage', 'status', String(s.m2), '--at', m2Block.block]);
    const calls = await rpcCallsStarted();
    const rose = (method) => (calls.get(method) ?? 0) - (before.get(method) ?? 0);
    assert.ok(rose('chain_getHeader') > 0 && rose('state_call') > 0,
      `one read went by chain_getHeader and state_call: ${JSON.stringify([...calls])}`);
    assert.equal(calls.get('chainHead_v1_follow') ?? 0, 0, `chainHead_v1_follow was called: ${JSON.stringify([...calls])}`);
  });

  test('auditor: PROV, SPDX and CycloneDX exports pass third-party validators and say the lineage is tainted; the SVG graph marks it', async () => {
    const at = s.revoked.block;
    const formats = ['prov', 'spdx', 'cyclonedx'];
    const docs = await Promise.all(formats.map((f) => query(['lineage', 'export', String(s.m2), '--format', f, '--at', at])));
    const [prov, spdx, cdx] = docs.map((r) => JSON.parse(r.stdout));
    formats.forEach((f, i) => validate(f, docs[i].stdout));

    const root = prov.entity[`pc:model-${s.m2}`];
    assert.ok(root, `the PROV document holds model ${s.m2}`);
    assert.equal(root['pc:consentClean'], false);
    assert.deepEqual(root['pc:taintedBy'].map((q) => q.$), [`pc:grant-${s.gf}`]);
    for (const id of [s.m0, s.m1]) assert.ok(prov.entity[`pc:model-${id}`], `PROV holds model ${id}`);
    for (const id of [s.a, s.b, s.v]) assert.ok(prov.entity[`pc:dataset-${id}`], `PROV holds dataset ${id}`);

    const spdxDoc = spdx['@graph'].find((e) => e.type === 'SpdxDocument');
    assert.match(spdxDoc.comment, new RegExp(`model ${s.m2} is tainted: its consent basis holds revoked grant ${s.gf}`));
    const packages = spdx['@graph'].filter((e) => e.type === 'ai_AIPackage');
    assert.equal(packages.length, 3, 'three generations of models');
    assert.equal(packages.filter((p) => /TAINTED/.test(p.comment ?? '')).length, 2, 'M1 and M2 tainted, M0 not');
    assert.ok(spdx['@graph'].filter((e) => e.type === 'dataset_DatasetPackage').length >= 3);

    const prop = (component, name) => (component.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
    assert.deepEqual(prop(cdx.metadata.component, 'provenance:tainted'), ['true']);
    assert.ok(prop(cdx.metadata.component, 'provenance:taintedBy').some((v) => v.startsWith(`grant ${s.gf}`)));
    assert.equal(cdx.components.filter((c) => c.type === 'machine-learning-model').length, 2, 'the two ancestors of M2');
    assert.ok(cdx.components.filter((c) => c.type === 'data').length >= 3);

    // To a file: the summary and the taint on stderr.
    const out = join(dir, 'm2.cdx.json');
    const written = await query(['lineage', 'export', String(s.m2), '--format', 'cyclonedx', '-o', out, '--at', at]);
    assert.equal(written.stdout, '');
    assert.match(written.stderr, /^wrote .*m2\.cdx\.json \(3 models, \d+ datasets, \d+ grants at block #\d+\)$/m);
    assert.match(written.stderr, new RegExp(`^warning: model ${s.m2} is tainted`, 'm'));
    validate('cyclonedx', readFileSync(out, 'utf8'));

    const [svg, dot] = await Promise.all([
      query(['lineage', 'graph', String(s.m2), '--format', 'svg', '--at', at]),
      query(['lineage', 'graph', String(s.m2), '--format', 'dot', '--at', at]),
    ]);
    assert.match(svg.stdout, /^<svg[\s>]|<svg /m);
    const nodeClass = (id) => svg.stdout.match(new RegExp(`<g id="model_${id}" class="([^"]*)"`))?.[1];
    for (const id of [s.m0, s.m1, s.m2]) assert.ok(nodeClass(id), `the SVG draws model ${id}`);
    assert.match(nodeClass(s.m2), /\bnode model root tainted\b/);
    assert.match(nodeClass(s.m1), /\btainted\b/);
    assert.doesNotMatch(nodeClass(s.m0), /\btainted\b/);
    assert.match(svg.stdout, /class="node grant revoked"/);
    assert.match(dot.stdout, /^digraph /m);
  });

  test('accounts: --suri, PROVENANCE_SURI and --key-file sign as their accounts; no secret is ever printed', async () => {
    const [ferdies, mallorys] = await Promise.all([
      queryJson(['dataset', 'list', '--key-file', keyFile], { env: { PROVENANCE_KEY_PASSWORD: PASSWORD } }),
      queryJson(['rewards', 'claimable'], { env: { PROVENANCE_SURI: mnemonic } }),
      // Help shows that PROVENANCE_SURI is read, not what it holds (checked below).
      query(['dataset', 'register', '--help'], { env: { PROVENANCE_SURI: mnemonic } }),
    ]);
    assert.deepEqual(ferdies.map((x) => x.id), [s.f]);
    assert.equal(mallorys.account, mallory.address);
    const secrets = [PASSWORD, mnemonic, JSON.parse(readFileSync(keyFile, 'utf8')).encoded];
    assert.ok(cli.transcript.length > 50, `${cli.transcript.length} runs`);
    for (const res of cli.transcript) {
      for (const secret of secrets) {
        assert.ok(!res.stdout.includes(secret) && !res.stderr.includes(secret), `provenance ${res.args.join(' ')} printed a secret`);
      }
    }
  });
});
