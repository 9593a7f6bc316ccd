// Storage access of one block, from the node re-executing it with storage tracing
// (`state_traceBlock`, target `state`; an unsafe RPC method): every read (Get, Exists, Hash)
// and write (Put, Append, ChildPut) the runtime made, by storage item, named from the runtime's
// metadata. Prefix clears carry no key, and the node leaves keyless events out of the trace.
// Used by throughput.mjs to show what each kind of extrinsic costs in storage calls, the
// physical cost behind its weight.
import { rawRpc } from '../../e2e/lib/node.js';

const READS = new Set(['Get', 'Exists', 'Hash', 'ChildGet', 'ChildExists', 'ChildHash']);
const WRITES = new Set(['Put', 'Append', 'ClearPrefix', 'ChildPut', 'ChildKill', 'ChildClearPrefix']);

/** `storage item prefix (hex, no 0x) -> "pallet.item"` for every storage item of `api`'s runtime. */
export function storageNames(api) {
  const names = new Map();
  for (const [section, items] of Object.entries(api.query)) {
    for (const [item, query] of Object.entries(items)) {
      if (typeof query?.keyPrefix === 'function') names.set(query.keyPrefix().slice(2, 66), `${section}.${item}`);
    }
  }
  return names;
}

// Well-known keys (`:code`, `:extrinsic_index`, ...) are ASCII after a colon.
const nameOf = (key, names) => names.get(key.slice(0, 64))
  ?? (key.startsWith('3a') ? Buffer.from(key, 'hex').toString('latin1') : 'other');

/**
 * Traces block `hash` on the node at `httpUrl`. Resolves to
 * `{ reads, writes, items: Map(name -> { reads, writes }) }`; throws on an RPC or trace error.
 */
export async function traceStorage(httpUrl, hash, names) {
  const { json: { result, error } } = await rawRpc(httpUrl, {
    jsonrpc: '2.0', id: 1, method: 'state_traceBlock', params: [hash, 'state', '', ''],
  });
  if (error) throw new Error(`state_traceBlock ${hash}: ${error.code} ${error.message}`);
  if (result.traceError) throw new Error(`state_traceBlock ${hash}: ${result.traceError.error}`);
  const out = { reads: 0, writes: 0, items: new Map() };
  for (const { data } of result.blockTrace.events) {
    const { method, key = '' } = data.stringValues;
    const kind = READS.has(method) ? 'reads' : WRITES.has(method) ? 'writes' : null;
    if (!kind) continue;
    out[kind] += 1;
    const name = nameOf(key, names);
    const item = out.items.get(name) ?? { reads: 0, writes: 0 };
    item[kind] += 1;
    out.items.set(name, item);
  }
  return out;
}

/** `(block - empty) / n`: the storage calls per extrinsic of a block of `n`, less an empty block's. */
export function perExtrinsic(block, empty, n) {
  const items = new Map();
  for (const [name, c] of block.items) {
    const e = empty.items.get(name) ?? { reads: 0, writes: 0 };
    items.set(name, { reads: (c.reads - e.reads) / n, writes: (c.writes - e.writes) / n });
  }
  return { reads: (block.reads - empty.reads) / n, writes: (block.writes - empty.writes) / n, items };
}
