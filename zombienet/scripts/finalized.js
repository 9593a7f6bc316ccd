// Returns the finalized block number as the node this runs against sees it.
async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  try {
    const header = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    return header.number.toNumber();
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
