// The entry scripts in scripts/, run as a user runs them from the clone: the examples in each
// script's header comment and the README, plus bad arguments, which must be refused with a
// message and a non-zero exit before anything is built.
//
// PROVENANCE_SKIP_BUILD=1 makes the scripts skip setup.sh and the cargo build and run the
// binary at PROVENANCE_NODE_BIN; a `cargo` shell function (bash takes it from the
// environment) fails any script that would still call cargo.
//
// Not run here, because each takes minutes and has a run of its own elsewhere:
//   scripts/test.sh                            the whole suite; CI (.ci/run) runs it, and it runs this file
//   scripts/fault-tests.sh                     about 5 minutes of validator faults (docs/validator.md)
//   scripts/zombienet.sh spawn [config.toml]   starts a network and keeps it up until Ctrl-C
//   scripts/zombienet.sh test [test.zndsl]     2-4 minutes; test.sh runs it with smoke-2.zndsl
//   scripts/benchmark.sh <pallet> <weights.rs> minutes per pallet, and it writes a weights file
//   scripts/setup.sh                           installs packages (apt-get, rustup, npm ci, pip)
// and the cargo build every script runs without PROVENANCE_SKIP_BUILD (minutes to an hour).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort, rawRpc, requireBinary } from './lib/node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function scriptEnv() {
  return {
    ...process.env,
    PROVENANCE_SKIP_BUILD: '1',
    PROVENANCE_NODE_BIN: resolve(requireBinary()),
    'BASH_FUNC_cargo%%': '() { echo "scripts.test: cargo called: $*" >&2; return 97; }',
  };
}

/** Runs `bash scripts/<script> args...` from the clone's root to completion. */
function runScript(script, args = []) {
  const res = spawnSync('bash', [join('scripts', script), ...args], {
    cwd: ROOT, env: scriptEnv(), encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(res.error, undefined, `${script} ${args.join(' ')}: ${res.error}`);
  assert.doesNotMatch(res.stderr, /cargo called/, `${script} ran cargo`);
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Refused before the build: a non-zero exit and `message` on stderr. */
function assertRefused(script, args, message) {
  const { status, stdout, stderr } = runScript(script, args);
  assert.notEqual(status, 0, `${script} ${args.join(' ')} exited 0:\n${stdout}${stderr}`);
  assert.match(stderr, message);
  assert.doesNotMatch(stderr, /building provenance-node|not building/, 'refused only after the build step');
}

async function portIsFree(port) {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch {
    return false;
  }
  server.close();
  await once(server, 'close');
  return true;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    if (e.code === 'ESRCH') return false;
    throw e;
  }
}

async function groupGone(pgid, ms) {
  for (const deadline = Date.now() + ms; groupAlive(pgid);) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Ctrl-C to a process group, SIGKILL after 30 s; resolves once every process in it is gone. */
async function interruptGroup(pgid) {
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGINT');
  if (await groupGone(pgid, 30_000)) return;
  process.kill(-pgid, 'SIGKILL');
  assert.ok(await groupGone(pgid, 10_000), `process group ${pgid} survives SIGKILL`);
}

const started = [];
after(async () => {
  // A failed test must not leave a chain running.
  for (const pgid of started) await interruptGroup(pgid);
});

/**
 * Starts `bash scripts/run-dev.sh args...` in a process group of its own, as a terminal would,
 * and waits until the node answers JSON-RPC over HTTP on `rpcPort`.
 * Returns { httpUrl, logs(), ctrlC() }; ctrlC() sends SIGINT to the group and resolves to the
 * exit status once the group is gone.
 */
async function startRunDev(args, rpcPort) {
  const child = spawn('bash', ['scripts/run-dev.sh', ...args], {
    cwd: ROOT, env: scriptEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child.pid);
  let log = '';
  child.stdout.on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  let exited = null;
  const exit = once(child, 'exit').then(([code, signal]) => { exited = { code, signal }; return exited; });

  const httpUrl = `http://127.0.0.1:${rpcPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) assert.fail(`run-dev.sh ${args.join(' ')} exited early (${JSON.stringify(exited)}):\n${log.slice(-4000)}`);
    try {
      const { json } = await rawRpc(httpUrl, { jsonrpc: '2.0', id: 1, method: 'system_health', params: [] });
      if (json.result) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid, 'SIGKILL');
      assert.fail(`no RPC on port ${rpcPort} within 120 s:\n${log.slice(-4000)}`);
    }
    await sleep(250);
  }

  return {
    httpUrl,
    logs: () => log,
    async ctrlC() {
      await interruptGroup(child.pid);
      assert.equal(groupAlive(child.pid), false, 'a process of run-dev.sh is still running');
      return exit;
    },
  };
}

async function rpcResult(httpUrl, method, params = []) {
  const { json } = await rawRpc(httpUrl, { jsonrpc: '2.0', id: 1, method, params });
  assert.equal(json.error, undefined, `${method}: ${JSON.stringify(json.error)}`);
  return json.result;
}

async function assertStopped(node, rpcPort) {
  const status = await node.ctrlC();
  // A clean shutdown on SIGINT exits 0, within 30 s (else it is SIGKILLed and fails here).
  assert.deepEqual(status, { code: 0, signal: null }, `run-dev.sh did not stop cleanly:\n${node.logs().slice(-3000)}`);
  assert.equal(await portIsFree(rpcPort), true, `port ${rpcPort} still taken after Ctrl-C`);
}

describe('scripts/run-dev.sh', () => {
  test('the header example `--rpc-port 9955` runs a dev chain there, and Ctrl-C stops it', { timeout: 180_000 }, async (t) => {
    const rpcPort = (await portIsFree(9955)) ? 9955 : await freePort();
    const args = ['--rpc-port', String(rpcPort)];
    // The node's other default ports; if something else holds them, move them out of the way.
    if (!(await portIsFree(30333)) || !(await portIsFree(9615))) {
      args.push('--port', String(await freePort()), '--no-prometheus');
      t.diagnostic(`port 30333 or 9615 is taken: running with ${args.join(' ')}`);
    }
    const node = await startRunDev(args, rpcPort);

    assert.equal(await rpcResult(node.httpUrl, 'system_chainType'), 'Development');
    assert.equal(await rpcResult(node.httpUrl, 'system_chain'), 'Provenance Development');
    const header = await rpcResult(node.httpUrl, 'chain_getHeader');
    assert.match(header.number, /^0x[0-9a-f]+$/);
    assert.match(node.logs(), /PROVENANCE_SKIP_BUILD=1: not building/);
    assert.match(node.logs(), new RegExp(`RPC endpoint: ws://127\\.0\\.0\\.1:${rpcPort} `));
    // The default temporary base path, which the node removes when it stops.
    const db = node.logs().match(/Database: ParityDb at (\S+)/);
    assert.ok(db, 'the node logs its database path');
    assert.ok(existsSync(db[1]), `no database at ${db[1]}`);

    await assertStopped(node, rpcPort);
    assert.equal(existsSync(db[1]), false, `the temporary base path is left behind: ${db[1]}`);
  });

  test('options given as `--opt=value` and `--dev`, `--base-path` replace the defaults', { timeout: 180_000 }, async () => {
    const rpcPort = await freePort();
    const base = mkdtempSync(join(tmpdir(), 'provenance-run-dev-'));
    try {
      const node = await startRunDev([
        `--rpc-port=${rpcPort}`, '--dev', '--base-path', base,
        '--port', String(await freePort()), '--no-prometheus',
      ], rpcPort);
      assert.equal(await rpcResult(node.httpUrl, 'system_chain'), 'Provenance Development');
      assert.match(node.logs(), new RegExp(`RPC endpoint: ws://127\\.0\\.0\\.1:${rpcPort} `));
      await assertStopped(node, rpcPort);
      assert.ok(existsSync(join(base, 'chains', 'provenance_dev', 'paritydb')), 'the chain is kept in --base-path');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  test('--help prints the node\'s options and exits 0', () => {
    const { status, stdout, stderr } = runScript('run-dev.sh', ['--help']);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /Usage: provenance-node/);
    assert.match(stdout, /--rpc-port <PORT>/);
  });

  test('an unknown flag is refused by the node with a message and a non-zero exit', () => {
    const { status, stderr } = runScript('run-dev.sh', ['--no-such-flag']);
    assert.notEqual(status, 0);
    assert.match(stderr, /unexpected argument '--no-such-flag'/);
  });

  test('--rpc-port without a port is refused with a message and a non-zero exit', () => {
    const { status, stderr } = runScript('run-dev.sh', ['--rpc-port']);
    assert.notEqual(status, 0);
    assert.match(stderr, /a value is required for '--rpc-port <PORT>'/);
  });

  test('a missing node binary is reported as such', () => {
    const res = spawnSync('bash', ['scripts/run-dev.sh'], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000,
      env: { ...scriptEnv(), PROVENANCE_NODE_BIN: join(tmpdir(), 'no-such-provenance-node') },
    });
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /no node binary at .*no-such-provenance-node/);
  });
});

describe('the other entry scripts refuse bad arguments before building', () => {
  test('scripts/test.sh takes no arguments', () => {
    assertRefused('test.sh', ['--no-such-flag'], /usage: scripts\/test\.sh .*got: --no-such-flag/);
  });

  test('scripts/fault-tests.sh takes no arguments', () => {
    assertRefused('fault-tests.sh', ['--help'], /usage: scripts\/fault-tests\.sh .*got: --help/);
  });

  test('scripts/zombienet.sh: an unknown command, and a file that does not exist', () => {
    assertRefused('zombienet.sh', ['launch'], /usage: scripts\/zombienet\.sh spawn\|test \[file\]/);
    assertRefused('zombienet.sh', ['test', 'zombienet/no-such.zndsl'], /no such file: zombienet\/no-such\.zndsl/);
  });

  test('scripts/benchmark.sh without a pallet or without an output file', () => {
    const usage = /usage: scripts\/benchmark\.sh <pallet_name> <output weights\.rs>/;
    assertRefused('benchmark.sh', [], usage);
    assertRefused('benchmark.sh', ['pallet_lineage'], usage);
  });
});

describe('scripts/benchmark.sh --list', () => {
  test('lists the pallet benchmarks of the runtime-benchmarks binary already built', { timeout: 120_000 }, (t) => {
    const { status, stdout, stderr } = runScript('benchmark.sh', ['--list']);
    if (status !== 0 && /no node binary at/.test(stderr)) {
      t.skip('no runtime-benchmarks binary built here (scripts/benchmark.sh builds one in tens of minutes)');
      return;
    }
    assert.equal(status, 0, stderr);
    for (const pallet of ['pallet_datasets', 'pallet_consent', 'pallet_lineage', 'pallet_rewards']) {
      assert.match(stdout, new RegExp(`^${pallet}, `, 'm'), `${pallet} is not listed`);
    }
  });
});
