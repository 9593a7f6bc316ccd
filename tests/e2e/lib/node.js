// Starts the real provenance-node binary on free loopback ports and stops it again.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NODE_BIN = process.env.PROVENANCE_NODE_BIN;

export function requireBinary() {
  if (!NODE_BIN) {
    throw new Error('PROVENANCE_NODE_BIN is not set: run the tests through scripts/test.sh');
  }
  return NODE_BIN;
}

/** A port the kernel just handed out on 127.0.0.1, released for the node to take. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A free loopback port in [base, base + 100), not in `taken` (which it joins): test files that
 * run side by side each keep to their own hundred.
 */
export async function portInRange(base, taken) {
  const start = base + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i += 1) {
    const port = base + ((start - base + i) % 100);
    if (taken.has(port)) continue;
    const server = createServer();
    server.listen(port, '127.0.0.1');
    try {
      await once(server, 'listening');
    } catch {
      continue;
    }
    server.close();
    await once(server, 'close');
    taken.add(port);
    return port;
  }
  throw new Error(`no free port in ${base}-${base + 99}`);
}

/** Runs the binary to completion (for CLI subcommands) and returns its status and output. */
export function runCli(args, options = {}) {
  // A chain spec carries the runtime's Wasm as hex: well over spawnSync's default 1 MiB.
  const res = spawnSync(requireBinary(), args, {
    encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, ...options,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Waits until a node answers `system_health` at `httpUrl`. Throws, with the log's tail, if
 * the node exits first or does not answer within `timeoutMs` (then `kill` is called).
 */
export async function waitForRpc(httpUrl, { timeoutMs, exited, log, kill, name = 'provenance-node' }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) {
      throw new Error(`${name} exited early (${JSON.stringify(exited())}):\n${log().slice(-4000)}`);
    }
    try {
      const res = await fetch(httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`${name} did not open its RPC port in time:\n${log().slice(-4000)}`);
    }
    await sleep(250);
  }
}

/**
 * Starts `provenance-node` with `args` (default: `--dev`) on loopback ports (free ones unless
 * given, so that a restarted node can take its old ports back). Prometheus stays off unless
 * `prometheusPort` is given.
 * Returns { rpcPort, p2pPort, wsUrl, httpUrl, basePath, pid, logs(), exited(), stop(), kill() }.
 */
export async function startNode({ args = ['--dev'], basePath, rpcPort, p2pPort, prometheusPort } = {}) {
  const bin = requireBinary();
  rpcPort ??= await freePort();
  p2pPort ??= await freePort();
  const ownBase = !basePath;
  const base = basePath ?? mkdtempSync(join(tmpdir(), 'provenance-node-'));
  const fullArgs = [
    ...args,
    '--base-path', base,
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    ...(prometheusPort ? ['--prometheus-port', String(prometheusPort)] : ['--no-prometheus']),
    '--no-telemetry',
    '--no-mdns',
  ];
  const child = spawn(bin, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk) => {
    log += chunk.toString();
    if (log.length > 4_000_000) log = log.slice(-2_000_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const httpUrl = `http://127.0.0.1:${rpcPort}`;
  const wsUrl = `ws://127.0.0.1:${rpcPort}`;
  await waitForRpc(httpUrl, {
    timeoutMs: 120_000,
    exited: () => exited,
    log: () => log,
    kill: () => child.kill('SIGKILL'),
  });

  return {
    rpcPort,
    p2pPort,
    httpUrl,
    wsUrl,
    basePath: base,
    pid: child.pid,
    logs: () => log,
    exited: () => exited,
    /** SIGINT, as an operator's Ctrl-C; resolves to the exit status. */
    async stop({ keepBase = false } = {}) {
      if (!exited) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        if (!exited) await once(child, 'exit');
        clearTimeout(timer);
      }
      if (ownBase && !keepBase) rmSync(base, { recursive: true, force: true });
      return exited;
    },
    /** SIGKILL, as a crash or power loss; the base path is kept. */
    async kill() {
      if (!exited) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      return exited;
    },
  };
}

/** One raw JSON-RPC exchange over HTTP; `body` is sent as given (a string is sent verbatim). */
export async function rawRpc(httpUrl, body) {
  const res = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
