// Submits a signed transfer through the node named in args[0] and reads its effect back
// from the node this script runs against (the auditor). Returns 1 when the auditor sees
// the exact balance change at the block that finalized it, and throws otherwise. Finalized,
// not in-block: a best block can be reorganised away before the auditor imports it.
const AMOUNT = 1_000_000_000_000n; // 1 PROV

async function run(nodeName, networkInfo, args) {
  const submitter = networkInfo.nodesByName[args[0]];
  const reader = networkInfo.nodesByName[nodeName];
  const submitApi = await zombie.connect(submitter.wsUri, submitter.userDefinedTypes);
  const readApi = await zombie.connect(reader.wsUri, reader.userDefinedTypes);
  try {
    const keyring = new zombie.Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    // A fresh destination each run, so the check is exact.
    const dest = keyring.addFromUri(`//RoundTrip//${Date.now()}`);

    const blockHash = await new Promise((resolve, reject) => {
      submitApi.tx.balances
        .transferKeepAlive(dest.address, AMOUNT)
        .signAndSend(alice, ({ status, dispatchError }) => {
          if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
          else if (status.isFinalized) resolve(status.asFinalized.toHex());
          else if (status.isInvalid || status.isDropped) reject(new Error(status.type));
        })
        .catch(reject);
    });

    // The auditor may import the block a moment later.
    let lastError;
    for (let i = 0; i < 60; i += 1) {
      try {
        const at = await readApi.at(blockHash);
        const { data } = await at.query.system.account(dest.address);
        if (data.free.toBigInt() !== AMOUNT) {
          throw new Error(`auditor sees ${data.free.toString()} at ${blockHash}, expected ${AMOUNT}`);
        }
        return 1;
      } catch (e) {
        if (String(e.message).startsWith('auditor sees')) throw e;
        lastError = e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    throw new Error(`auditor never answered at ${blockHash}: ${lastError && lastError.message}`);
  } finally {
    await submitApi.disconnect();
    await readApi.disconnect();
  }
}

module.exports = { run };
