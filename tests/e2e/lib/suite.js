// The frame every end-to-end suite shares: one `--dev` node and an @polkadot/api connection,
// started before the suite's tests and stopped after them (a node that does not exit
// cleanly on SIGINT fails the suite), and JSON-RPC helpers for the custom methods.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';

import { connect } from './chain.js';
import { rawRpc, startNode } from './node.js';

/**
 * Call inside `describe`. Returns `{ node, api, rpc, ok, rpcError }`; `node` and `api` are
 * set once the suite's `before` hook has run.
 */
export function devNodeSuite({ args = ['--dev'] } = {}) {
  let ids = 0;
  const suite = {
    node: null,
    api: null,
    /** The whole JSON-RPC response: `{ result }` or `{ error }`. */
    rpc: async (method, params) => {
      const body = { jsonrpc: '2.0', id: ++ids, method, params };
      const { json } = await rawRpc(suite.node.httpUrl, body);
      return json;
    },
    /** The result; fails the test on an error. */
    ok: async (method, params) => {
      const json = await suite.rpc(method, params);
      assert.equal(json.error, undefined, `${method} failed: ${JSON.stringify(json.error)}`);
      return json.result;
    },
    /** The error; fails the test on a result. */
    rpcError: async (method, params) => {
      const json = await suite.rpc(method, params);
      assert.ok(json.error, `${method}(${JSON.stringify(params)}) should fail`);
      return json.error;
    },
  };

  before(async () => {
    suite.node = await startNode({ args });
    suite.api = await connect(suite.node.wsUrl);
  });

  after(async () => {
    await suite.api?.disconnect();
    if (suite.node) {
      const status = await suite.node.stop();
      // A clean SIGINT shutdown exits 0; anything else is a crash worth seeing.
      assert.equal(
        status.code,
        0,
        `node exited with ${JSON.stringify(status)}:\n${suite.node.logs().slice(-3000)}`,
      );
    }
  });

  return suite;
}
