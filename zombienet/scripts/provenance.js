// The provenance round trip on a network: on the validator named in args[0], Alice registers
// a dataset and grants Bob consent to train on it; then this script asks the node it runs
// against (the auditor) over the custom RPC methods `datasets_getDataset` and
// `consent_status` at the inclusion block. Returns 1 when the auditor answers exactly, and
// throws otherwise.
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
      } else if (status.isInBlock) resolve({ blockHash: status.asInBlock.toHex(), events });
      else if (status.isInvalid || status.isDropped) reject(new Error(status.type));
    }).catch(reject);
  });
}

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
      submitApi.tx.consent.grantConsent(datasetId, { Account: bob.address }, ['Training'], null, null, hex()),
      alice,
    );
    const grantId = findEvent(granted.events, 'consent', 'ConsentGranted').grant.toNumber();

    // The auditor may import the block a moment later.
    for (let i = 0; i < 60; i += 1) {
      let dataset;
      try {
        dataset = await readApi.provider.send('datasets_getDataset', [datasetId, granted.blockHash]);
      } catch (e) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (dataset.contentHash !== contentHash || dataset.owner !== alice.address) {
        throw new Error(`auditor returned ${JSON.stringify(dataset)}`);
      }
      const status = await readApi.provider.send('consent_status', [datasetId, bob.address, 'Training', granted.blockHash]);
      if (!status.live || status.grant !== grantId) {
        throw new Error(`auditor says consent is ${JSON.stringify(status)}, expected grant ${grantId}`);
      }
      return 1;
    }
    throw new Error(`auditor never imported block ${granted.blockHash}`);
  } finally {
    await submitApi.disconnect();
    await readApi.disconnect();
  }
}

module.exports = { run };
