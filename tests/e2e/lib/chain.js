// Helpers over @polkadot/api for the end-to-end tests.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export async function connect(wsUrl) {
  await cryptoWaitReady();
  const provider = new WsProvider(wsUrl, false);
  await provider.connect();
  return ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
}

export function devAccounts() {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    charlie: keyring.addFromUri('//Charlie'),
    dave: keyring.addFromUri('//Dave'),
    eve: keyring.addFromUri('//Eve'),
    ferdie: keyring.addFromUri('//Ferdie'),
  };
}

export async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  const header = await api.rpc.chain.getHeader(hash);
  return header.number.toNumber();
}

/** Polls until the finalized block number reaches `target`; fails after `timeoutMs`. */
export async function waitForFinalized(api, target, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await finalizedNumber(api);
    if (n >= target) return n;
    if (Date.now() > deadline) throw new Error(`finalized block stuck at #${n}, wanted #${target}`);
    await sleep(500);
  }
}

/**
 * Signs and submits `tx`, resolves once it is in a block with
 * { blockHash, events, dispatchError } where dispatchError is decoded to `section.name`
 * (`token.X` and `arithmetic.X` for those DispatchError kinds). `options` go to
 * `signAndSend` (e.g. `{ nonce }`, to queue several transactions of one signer at once).
 */
export function submit(api, tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, options, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (!status.isInBlock) return;
      unsub?.();
      let error = null;
      if (dispatchError) {
        if (dispatchError.isModule) {
          const meta = api.registry.findMetaError(dispatchError.asModule);
          error = `${meta.section}.${meta.name}`;
        } else if (dispatchError.isToken) {
          error = `token.${dispatchError.asToken.type}`;
        } else if (dispatchError.isArithmetic) {
          error = `arithmetic.${dispatchError.asArithmetic.type}`;
        } else {
          error = dispatchError.toString();
        }
      }
      resolve({ blockHash: status.asInBlock.toHex(), events, dispatchError: error });
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}
