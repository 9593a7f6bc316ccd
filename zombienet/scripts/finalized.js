// Waits until the node this runs against has finalized block `target` (the first argument,
// default 1), then returns its finalized block number. zndsl runs a js-script once, so the
// waiting happens here; the zndsl line's `within` bounds it.
async function run(nodeName, networkInfo, args) {
  const target = Number((args && args[0]) || 1);
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  try {
    return await new Promise((resolve, reject) => {
      api.rpc.chain
        .subscribeFinalizedHeads((header) => {
          const n = header.number.toNumber();
          if (n >= target) resolve(n);
        })
        .catch(reject);
    });
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
