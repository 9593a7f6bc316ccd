// Validator churn on a live network, one step per zndsl line (args[0] names the step):
//   prepare  a council motion shortens sessions to ten blocks; Alice registers a dataset.
//   join     Eve's node (a full node started with --validator) makes session keys with
//            `author_rotateKeysWithOwner`; Ferdie's copy of her keys and proof is refused;
//            Eve registers them with `session.setKeys`; a council motion adds her to the set.
//   eve-votes  waits until Eve's GRANDPA key is in the authority set (churn.zndsl then
//            checks that her node casts GRANDPA votes).
//   remove   a council motion removes Dave; waits until neither Aura nor GRANDPA lists him and
//            finality has moved on, then checks that the dataset finalized in `prepare` reads
//            the same.
// Motions go through Alice's node; Alice, Bob and Charlie are the council (two thirds = 2).
const { tmpdir } = require('os');
const { join } = require('path');
const { readFileSync, writeFileSync } = require('fs');
const { motion, submit, findEvent, rpc, until, finalizesMore } = require('./governance.js');

const SESSION_BLOCKS = 10;
const stateFile = (genesis) => join(tmpdir(), `provenance-churn-${genesis.slice(2, 18)}.json`);

async function run(nodeName, networkInfo, args) {
  const step = args[0];
  const node = (name) => networkInfo.nodesByName[name];
  const api = await zombie.connect(node('alice').wsUri, node('alice').userDefinedTypes);
  const keyring = new zombie.Keyring({ type: 'sr25519' });
  const [alice, bob, charlie, eve] = ['//Alice', '//Bob', '//Charlie', '//Eve'].map((s) => keyring.addFromUri(s));
  const council = [alice, bob];
  const state = stateFile(api.genesisHash.toHex());
  try {
    if (step === 'prepare') {
      await motion(
        api,
        api.tx.parameters.setParameter({ Chain: { SessionPeriod: [null, SESSION_BLOCKS] } }),
        2,
        council,
      );
      const contentHash = `0x${'c4'.repeat(32)}`;
      const registered = await submit(
        api,
        api.tx.datasets.registerDataset(contentHash, `0x${'11'.repeat(32)}`, 'ipfs://churn', 'MIT', 'Public', null, []),
        charlie,
      );
      const id = findEvent(registered.events, 'datasets', 'DatasetRegistered').id.toNumber();
      const record = await rpc(node('alice').wsUri, 'datasets_getDataset', [id, registered.blockHash]);
      writeFileSync(state, JSON.stringify({ id, record }));
      return 1;
    }

    if (step === 'join') {
      const eveApi = await zombie.connect(node('eve').wsUri, node('eve').userDefinedTypes);
      try {
        // Keys made in Eve's node's keystore, with a proof that Eve's account owns them.
        const owner = eveApi.createType('AccountId', eve.address).toHex();
        const generated = await rpc(node('eve').wsUri, 'author_rotateKeysWithOwner', [owner]);
        // A front-run: Ferdie copies Eve's keys and proof from the pool into his own
        // setKeys. The proof is over Eve's account, so it is refused.
        const ferdie = keyring.addFromUri('//Ferdie');
        const stolen = await submit(eveApi, eveApi.tx.session.setKeys(generated.keys, generated.proof), ferdie)
          .then(() => 'accepted', (e) => e.message);
        if (!/InvalidProof/.test(stolen)) throw new Error(`Ferdie's copy of Eve's keys: ${stolen}`);
        await submit(eveApi, eveApi.tx.session.setKeys(generated.keys, generated.proof), eve);
        const hasKeys = await eveApi.rpc.author.hasSessionKeys(generated.keys);
        if (!hasKeys.isTrue) throw new Error("Eve's node does not hold the keys it made");
      } finally {
        await eveApi.disconnect();
      }
      await motion(api, api.tx.validatorSet.addValidator(eve.address), 2, council);
      return 1;
    }

    if (step === 'eve-votes') {
      const keys = (await api.query.session.nextKeys(eve.address)).unwrap();
      // Keys compare as hex: @polkadot/api renders the same key as hex in one type and as an
      // address in another.
      const grandpaKey = keys.grandpa.toHex();
      // Her node then votes: churn.zndsl checks its log for the prevotes it casts (the node
      // serves no GRANDPA RPC to read rounds from).
      await until("Eve's GRANDPA key in the authority set", async () => {
        const set = await api.call.grandpaApi.grandpaAuthorities();
        return set.some(([id]) => id.toHex() === grandpaKey) ? true : undefined;
      });
      return 1;
    }

    if (step === 'remove') {
      // The validator's account is its stash; its session keys are //Dave's.
      const dave = keyring.addFromUri('//Dave//stash');
      const daveKeys = (await api.query.session.nextKeys(dave.address)).unwrap();
      await motion(api, api.tx.validatorSet.removeValidator(dave.address), 2, council);
      await until('Dave out of the session, Aura and GRANDPA sets', async () => {
        const validators = (await api.query.session.validators()).map(String);
        const aura = (await api.query.aura.authorities()).map((k) => k.toHex());
        const grandpa = (await api.call.grandpaApi.grandpaAuthorities()).map(([id]) => id.toHex());
        const gone = !validators.includes(dave.address) && !aura.includes(daveKeys.aura.toHex()) &&
          !grandpa.includes(daveKeys.grandpa.toHex());
        return gone && grandpa.length === 4 ? true : undefined;
      });
      await finalizesMore(api, 5);
      // Nothing finalized before the churn was lost.
      const { id, record } = JSON.parse(readFileSync(state, 'utf8'));
      const now = await rpc(node('alice').wsUri, 'datasets_getDataset', [id, null]);
      if (JSON.stringify(now) !== JSON.stringify(record)) {
        throw new Error(`dataset ${id} changed: ${JSON.stringify(record)} became ${JSON.stringify(now)}`);
      }
      return 1;
    }
    throw new Error(`unknown step ${step}`);
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
