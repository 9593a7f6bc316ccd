// Runs the real `provenance` CLI binary for the end-to-end tests: queries at once, and
// transactions one signer at a time, each signer's next transaction started as soon as the
// previous one is in the node's pool (the CLI reads its nonce from the pool), so that one
// account's independent transactions can share a block.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import { rawRpc } from './node.js';

/** The CLI: PROVENANCE_CLI_BIN, else the release build in the shared target directory. */
export function cliBinary() {
  const candidates = [
    process.env.PROVENANCE_CLI_BIN,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'release', 'provenance'),
    join(homedir(), '.cache', 'provenance-chain', 'target', 'release', 'provenance'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`no provenance CLI binary: set PROVENANCE_CLI_BIN (looked at ${candidates.join(', ')})`);
  }
  return found;
}

// What the CLI reads from the environment; the tests set each explicitly.
const CLI_ENV = ['PROVENANCE_URL', 'PROVENANCE_SURI', 'PROVENANCE_KEY_PASSWORD', 'RUST_BACKTRACE', 'RUST_LIB_BACKTRACE'];

/** Text a panic, a Debug-printed error or a raw module error index would leave. */
export const CRASH_TEXT = /panicked at|stack backtrace|RUST_BACKTRACE|Module \{ index|ModuleError \{|\bindex: \d+, error: \[/;

/**
 * One CLI per test file: `url` is the node's WebSocket endpoint (given as PROVENANCE_URL).
 * Every run's output is kept in `transcript`, so that a test can check what was ever printed.
 */
export function cliRunner({ url, bin = cliBinary(), timeoutMs = 180_000 } = {}) {
  const transcript = [];
  const httpUrl = url.replace(/^ws/, 'http');
  const locks = new Map();

  /** Runs `provenance args…` to completion: { code, signal, stdout, stderr, json() }. */
  function run(args, { env = {}, input, onSpawn } = {}) {
    const base = { ...process.env };
    for (const k of CLI_ENV) delete base[k];
    const child = spawn(bin, args, {
      env: { ...base, PROVENANCE_URL: url, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    if (input !== undefined) {
      // A CLI that exits before reading its input closes the pipe: not an error here.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const result = {
          args,
          code,
          signal,
          stdout,
          stderr,
          json() {
            try {
              return JSON.parse(stdout);
            } catch (e) {
              throw new Error(`provenance ${args.join(' ')} printed no JSON (${e.message}):\n${stdout}\n${stderr}`);
            }
          },
        };
        transcript.push(result);
        resolve(result);
      });
    });
    onSpawn?.(done);
    return done;
  }

  async function nextIndex(address) {
    const { json } = await rawRpc(httpUrl, { jsonrpc: '2.0', id: 1, method: 'system_accountNextIndex', params: [address] });
    return json.result;
  }

  /**
   * Runs a transaction of `signer` ({ address, args, env }): after the signer's earlier
   * transactions are in the pool, and returning once this one is too (or the CLI exited),
   * so that the next can follow. Waits for finality unless `args` name `--wait`: tests read
   * `--at` the receipt's block, and an in-block hash can be retracted by a fork and pruned.
   */
  function tx(signer, args) {
    const all = [...(signer.args ?? []), ...args];
    if (!all.includes('--wait')) all.push('--wait', 'finalized');
    const previous = locks.get(signer.address) ?? Promise.resolve();
    let result;
    const submitted = previous.then(async () => {
      const before = await nextIndex(signer.address);
      let exited = false;
      result = run(all, { env: signer.env ?? {} });
      result.then(() => { exited = true; }, () => { exited = true; });
      for (;;) {
        if (exited) return;
        if ((await nextIndex(signer.address)) > before) return;
        await sleep(100);
      }
    });
    locks.set(signer.address, submitted.catch(() => {}));
    return submitted.then(() => result);
  }

  return { run, tx, transcript, bin };
}

/** Asserts a run succeeded; returns it. */
export function ok(res) {
  assert.equal(
    res.code, 0,
    `provenance ${res.args.join(' ')} exited ${res.code ?? res.signal}:\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`,
  );
  assert.doesNotMatch(res.stderr, CRASH_TEXT, `provenance ${res.args.join(' ')}: crash text on stderr`);
  return res;
}

/**
 * Asserts a run was refused the way a person can act on: a non-zero exit, nothing on
 * standard output, `message` on standard error, and no panic, backtrace or raw error index.
 */
export function refused(res, message) {
  const what = `provenance ${res.args.join(' ')}`;
  assert.ok(res.code !== 0 && res.code !== null, `${what} should fail, exited ${res.code ?? res.signal}:\n${res.stdout}\n${res.stderr}`);
  assert.equal(res.stdout, '', `${what} printed to stdout when refused`);
  assert.match(res.stderr, message, `${what}: stderr`);
  assert.doesNotMatch(res.stderr, CRASH_TEXT, `${what}: crash text on stderr`);
  return res;
}

/** The block a human-readable receipt names: `(in block #12 0x…)` or `(finalized #12 0x…)`. */
export function humanReceipt(stdout) {
  const m = stdout.match(/\((in block|finalized) #(\d+) (0x[0-9a-f]{64})\)\s*$/);
  assert.ok(m, `no receipt in ${JSON.stringify(stdout)}`);
  return { finalized: m[1] === 'finalized', blockNumber: Number(m[2]), block: m[3] };
}

/** The fields of the first `pallet.name` event of a JSON receipt. */
export function receiptEvent(receipt, pallet, name) {
  const e = receipt.events.find((x) => x.pallet === pallet && x.name === name);
  assert.ok(e, `${pallet}.${name} in ${JSON.stringify(receipt.events.map((x) => `${x.pallet}.${x.name}`))}`);
  return e.fields;
}
