// Starts `provenance … explore` (the web explorer) on a free loopback port and stops it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Runs `provenance <globalArgs…> explore --listen 127.0.0.1:0 <extra…>` and resolves once it
 * says `listening on http://…` (on stderr): { url, logs(), stop() }. `globalArgs` choose the
 * chain (`['--url', ws]` or `['--light', spec]`).
 */
export async function startExplorer({ bin = process.env.PROVENANCE_CLI_BIN, globalArgs, extra = [], timeoutMs = 180_000 }) {
  if (!bin) throw new Error('PROVENANCE_CLI_BIN is not set: run the tests through scripts/test.sh');
  const env = { ...process.env, RUST_BACKTRACE: '1' };
  for (const k of ['PROVENANCE_URL', 'PROVENANCE_SURI', 'PROVENANCE_KEY_PASSWORD']) delete env[k];
  const child = spawn(bin, [...globalArgs, 'explore', '--listen', '127.0.0.1:0', ...extra], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`provenance explore did not start listening in ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk) => {
      log += chunk;
      if (log.length > 2_000_000) log = log.slice(-1_000_000);
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`provenance explore exited (${code ?? signal}) before listening:\n${log}`));
    });
  });
  return {
    url,
    logs: () => log,
    /** SIGTERM (a graceful stop), SIGKILL after 10 s; resolves with how it exited. */
    async stop() {
      if (exited) return exited;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
      return exited;
    },
  };
}
