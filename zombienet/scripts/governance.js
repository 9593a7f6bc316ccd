// Shared by the governance scripts: submitting, council motions and reading custom RPC.
// Every submission waits for finality: with several Aura authorities a best block can be
// reorganised away, and a motion's votes must count where its close is counted.

function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    const send = signer ? tx.signAndSend(signer, handle) : tx.send(handle);
    function handle({ status, events, dispatchError }) {
      if (dispatchError) {
        const detail = dispatchError.isModule
          ? JSON.stringify(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(`${tx.method.section}.${tx.method.method}: dispatch error ${detail}`));
      } else if (status.isFinalized) resolve({ blockHash: status.asFinalized.toHex(), events });
      else if (status.isInvalid || status.isDropped || status.isUsurped) {
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${status.type}`));
      }
    }
    send.catch(reject);
  });
}

function findEvent(events, section, method) {
  const found = events.find(({ event }) => event.section === section && event.method === method);
  if (!found) throw new Error(`no ${section}.${method} event`);
  return found.event.data;
}

// A council motion: `voters[0]` proposes `call` at `threshold` ayes, every voter votes aye,
// and the proposer closes it. Throws unless the motion passed and its call succeeded.
async function motion(api, call, threshold, voters) {
  const length = call.method.encodedLength;
  const hash = call.method.hash.toHex();
  const proposed = await submit(api, api.tx.council.propose(threshold, call, length), voters[0]);
  const index = findEvent(proposed.events, 'council', 'Proposed').proposalIndex.toNumber();
  for (const voter of voters) {
    await submit(api, api.tx.council.vote(hash, index, true), voter);
  }
  // The bound only has to cover the call; the unused part is refunded.
  const bound = { refTime: 500_000_000_000n, proofSize: 5_000_000n };
  const closed = await submit(api, api.tx.council.close(hash, index, bound, length), voters[0]);
  const executed = findEvent(closed.events, 'council', 'Executed');
  if (executed.result.isErr) {
    const err = executed.result.asErr;
    const detail = err.isModule ? JSON.stringify(api.registry.findMetaError(err.asModule)) : err.toString();
    throw new Error(`motion ${call.method.section}.${call.method.method} failed: ${detail}`);
  }
  return closed;
}

// Custom RPC methods over HTTP (the node serves HTTP and WebSocket on one port).
async function rpc(wsUri, method, params) {
  const url = wsUri.replace(/^ws/, 'http');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const json = await response.json();
  if (json.error) throw new Error(`${method}: ${json.error.code} ${json.error.message}`);
  return json.result;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `check` every block time until it returns a value other than undefined.
async function until(what, check, seconds = 600) {
  for (let waited = 0; waited < seconds; waited += 3) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(3000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

// Waits until `count` more blocks are finalized.
async function finalizesMore(api, count) {
  const start = await finalizedNumber(api);
  return until(`${count} more finalized blocks after #${start}`, async () => {
    const now = await finalizedNumber(api);
    return now >= start + count ? now : undefined;
  });
}

module.exports = { submit, findEvent, motion, rpc, sleep, until, finalizedNumber, finalizesMore };
