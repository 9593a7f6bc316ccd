// The provenance round trip on a network: on the validator named in args[0], Alice registers
// a dataset and grants Bob consent to train on it, and Bob registers a model trained on it;
// then this script asks the node it runs against (the auditor) over the custom RPC methods
// `datasets_getDataset`, `consent_status`, `lineage_getModel` and `lineage_consentStatus` at
// the block that finalized the model. Then Charlie pays for using the model, and the auditor's
// `rewards_claimable` must have risen, for every account credited, by exactly what the
// payment's `Credited` events say (its split, and the entry fees for the storage entries the
// payment creates, each credited to the account the entry is for). Returns 1 when the auditor answers exactly, and throws
// otherwise. It waits for finality, not inclusion: with two Aura
// authorities a best block can be reorganised away before the auditor ever imports it.
const { randomBytes } = require('crypto');

const hex = () => `0x${randomBytes(32).toString('hex')}`;

function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule
          ? JSON.stringify(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(`dispatch error: ${detail}`));
      } else if (status.isFinalized) resolve({ blockHash: status.asFinalized.toHex(), events });
      else if (status.isInvalid || status.isDropped) reject(new Error(status.type));
    }).catch(reject);
  });
}

// Custom RPC methods over HTTP (@polkadot/api has no public way to call methods it does
// not know).
const { rpc } = require('./governance.js');

function findEvent(events, section, method) {
  const found = events.find(({ event }) => event.section === section && event.method === method);
  if (!found) throw new Error(`no ${section}.${method} event`);
  return found.event.data;
}


async function run(nodeName, networkInfo, args) {
  const submitter = networkInfo.nodesByName[args[0]];
  const reader = networkInfo.nodesByName[nodeName];
  const submitApi = await zombie.connect(submitter.wsUri, submitter.userDefinedTypes);
  const readApi = await zombie.connect(reader.wsUri, reader.userDefinedTypes);
  try {
    const keyring = new zombie.Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const contentHash = hex();

    const registered = await submit(
      submitApi,
      submitApi.tx.datasets.registerDataset(contentHash, hex(), 'ipfs://zombienet', 'MIT', 'Public', null, []),
      alice,
    );
    const datasetId = findEvent(registered.events, 'datasets', 'DatasetRegistered').id.toNumber();
    const granted = await submit(
      submitApi,
      submitApi.tx.consent.grantConsent(datasetId, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() }),
      alice,
    );
    const grantId = findEvent(granted.events, 'consent', 'ConsentGranted').grant.toNumber();
    // Bob trains a model on it; the run consumes the grant.
    const trained = await submit(
      submitApi,
      submitApi.tx.lineage.registerModel(
        hex(), 'zombienet-model', '1', '', 'MIT', hex(), 'Open', 'Pretrain', [],
        [{ dataset: datasetId, role: 'Train', grant: grantId }], 'Training', hex(), hex(), null,
        // The most it agrees to pass parent models (parts per billion); it has none.
        1_000_000_000,
        // The most grants its consent basis can hold: its one input's.
        1,
      ),
      bob,
    );
    const modelId = findEvent(trained.events, 'lineage', 'ModelRegistered').id.toNumber();
    // Charlie pays 1 PROV for using it: the owner and the dataset's owner are credited.
    const charlie = keyring.addFromUri('//Charlie');
    const paid = await submit(submitApi, submitApi.tx.rewards.payUsage(modelId, 1_000_000_000_000n), charlie);
    const credited = {};
    for (const { event } of paid.events) {
      if (event.section !== 'rewards' || event.method !== 'Credited') continue;
      const account = event.data.account.toString();
      credited[account] = (credited[account] || 0n) + event.data.amount.toBigInt();
    }
    if (Object.keys(credited).length === 0) throw new Error('the payment credited no one');

    // The auditor may import the blocks a moment later; the payment's block is the last.
    let lastError;
    for (let i = 0; i < 60; i += 1) {
      let dataset;
      try {
        await rpc(reader.wsUri, 'rewards_totalClaimable', [paid.blockHash]);
        dataset = await rpc(reader.wsUri, 'datasets_getDataset', [datasetId, trained.blockHash]);
      } catch (e) {
        lastError = e;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (dataset.contentHash !== contentHash || dataset.owner !== alice.address) {
        throw new Error(`auditor returned ${JSON.stringify(dataset)}`);
      }
      const status = await rpc(reader.wsUri, 'consent_status', [datasetId, bob.address, 'Training', trained.blockHash]);
      if (!status.live || status.grant !== grantId) {
        throw new Error(`auditor says consent is ${JSON.stringify(status)}, expected grant ${grantId}`);
      }
      const model = await rpc(reader.wsUri, 'lineage_getModel', [modelId, trained.blockHash]);
      if (model.owner !== bob.address || model.run.inputs[0].grant !== grantId) {
        throw new Error(`auditor returned model ${JSON.stringify(model)}`);
      }
      const lineage = await rpc(reader.wsUri, 'lineage_consentStatus', [modelId, trained.blockHash]);
      if (!lineage.clean) throw new Error(`auditor says model ${modelId} is ${JSON.stringify(lineage)}`);
      for (const [account, sum] of Object.entries(credited)) {
        const before = BigInt(await rpc(reader.wsUri, 'rewards_claimable', [account, trained.blockHash]));
        const after = BigInt(await rpc(reader.wsUri, 'rewards_claimable', [account, paid.blockHash]));
        if (after - before !== sum) {
          throw new Error(`auditor says ${account} may claim ${after - before} more, events say ${sum}`);
        }
      }
      return 1;
    }
    throw new Error(`auditor never answered at ${paid.blockHash}: ${lastError && lastError.message}`);
  } finally {
    await submitApi.disconnect();
    await readApi.disconnect();
  }
}

module.exports = { run };
