// Shared by the latency benchmarks (rpc-latency.mjs, scale.mjs): a raw JSON-RPC client over
// one WebSocket and a timer of one request at a time.
import { WsProvider } from '@polkadot/api';

/** Raw JSON-RPC over one WebSocket (@polkadot/api's provider, as a wallet's would be). */
export async function wsClient(url, timeoutMs = 60_000) {
  const provider = new WsProvider(url, false, {}, timeoutMs);
  await provider.connect();
  await provider.isReady;
  return {
    call: async (method, params) => {
      try {
        return { result: await provider.send(method, params) };
      } catch (error) {
        return { error: String(error) };
      }
    },
    close: () => provider.disconnect(),
  };
}

export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Times `n` calls one after another, after ten that warm up; throws on an error reply. */
export async function time(call, n) {
  const samples = [];
  let bytes = 0;
  for (let i = 0; i < n + 10; i += 1) {
    const start = process.hrtime.bigint();
    const reply = await call();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (reply.error) throw new Error(JSON.stringify(reply.error));
    bytes = JSON.stringify(reply.result).length;
    if (i >= 10) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), mean, bytes };
}
