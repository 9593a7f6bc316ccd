// A forkless runtime upgrade by council motion, on a live network. Before: Alice registers a
// dataset, grants Bob consent and Bob registers a model trained on it, all finalized; the
// auditor's answers about them are kept. Then a three-quarters council motion (Alice, Bob and
// Charlie) whitelists and dispatches `system.authorize_upgrade(hash)` as Root, and anyone
// submits `system.apply_authorized_upgrade(code)` unsigned. The code is the file named by
// PROVENANCE_UPGRADE_WASM: this runtime one `spec_version` higher (`upgrade-test` feature,
// built by `scripts/zombienet.sh upgrade`). After: the network runs the new `spec_version`,
// keeps finalizing, answers the same about the records written before, and takes new ones.
const { readFileSync } = require('fs');
const { randomBytes } = require('crypto');
const { motion, submit, findEvent, rpc, until, finalizesMore } = require('./governance.js');

const hex = () => `0x${randomBytes(32).toString('hex')}`;

async function answers(wsUri, ids, at) {
  const { dataset, model, grant, bob } = ids;
  return JSON.stringify([
    await rpc(wsUri, 'datasets_getDataset', [dataset, at]),
    await rpc(wsUri, 'consent_getGrant', [grant, at]),
    await rpc(wsUri, 'consent_status', [dataset, bob, 'Training', at]),
    await rpc(wsUri, 'lineage_getModel', [model, at]),
    await rpc(wsUri, 'lineage_consentStatus', [model, at]),
  ]);
}

async function run(nodeName, networkInfo) {
  const path = process.env.PROVENANCE_UPGRADE_WASM;
  if (!path) throw new Error('PROVENANCE_UPGRADE_WASM is not set (run scripts/zombienet.sh upgrade)');
  const code = readFileSync(path);
  const reader = networkInfo.nodesByName[nodeName];
  const writer = networkInfo.nodesByName.alice;
  const api = await zombie.connect(writer.wsUri, writer.userDefinedTypes);
  try {
    const keyring = new zombie.Keyring({ type: 'sr25519' });
    const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((s) => keyring.addFromUri(s));
    const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();

    // Records written before the upgrade.
    const registered = await submit(
      api,
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://before-upgrade', 'MIT', 'Public', null, []),
      alice,
    );
    const dataset = findEvent(registered.events, 'datasets', 'DatasetRegistered').id.toNumber();
    const granted = await submit(
      api,
      api.tx.consent.grantConsent(dataset, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() }),
      alice,
    );
    const grant = findEvent(granted.events, 'consent', 'ConsentGranted').grant.toNumber();
    const trained = await submit(
      api,
      api.tx.lineage.registerModel(
        hex(), 'upgrade-model', '1', '', 'MIT', hex(), 'Open', 'Pretrain', [],
        [{ dataset, role: 'Train', grant }], 'Training', hex(), hex(), null, 1_000_000_000, 1,
      ),
      bob,
    );
    const model = findEvent(trained.events, 'lineage', 'ModelRegistered').id.toNumber();
    const ids = { dataset, grant, model, bob: bob.address };
    const kept = await answers(reader.wsUri, ids, trained.blockHash);

    // The council authorizes the upgrade: only a whitelisted call reaches Root.
    const codeHash = zombie.util.blake2AsHex(code, 256);
    const authorize = api.tx.system.authorizeUpgrade(codeHash);
    await motion(
      api,
      api.tx.utility.batchAll([
        api.tx.whitelist.whitelistCall(authorize.method.hash),
        api.tx.whitelist.dispatchWhitelistedCallWithPreimage(authorize),
      ]),
      3,
      [alice, bob, charlie],
    );
    // Anyone may then supply the code, unsigned.
    const applied = await submit(api, api.tx.system.applyAuthorizedUpgrade(`0x${code.toString('hex')}`));
    findEvent(applied.events, 'system', 'CodeUpdated');

    const after = await until('the new spec_version', async () => {
      const v = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
      return v > before ? v : undefined;
    });
    console.log(`spec_version ${before} -> ${after}`);
    await finalizesMore(api, 3);

    // The same answers about the same records, at the new finalized head.
    const head = (await api.rpc.chain.getFinalizedHead()).toHex();
    const now = await answers(reader.wsUri, ids, head);
    if (now !== kept) throw new Error(`records changed across the upgrade:\n${kept}\n${now}`);
    // And the upgraded chain takes new records.
    await submit(
      api,
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://after-upgrade', 'MIT', 'Public', null, []),
      charlie,
    );
    return after;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
