// Prints a request and the node's response for every auditor RPC method, against a --dev
// node with a small scenario, for docs/auditor.md. Usage: node capture-examples.mjs ws://.. http://..
import { connect, devAccounts, submit } from './e2e/lib/chain.js';
import { rawRpc } from './e2e/lib/node.js';

const [wsUrl, httpUrl] = process.argv.slice(2);
const api = await connect(wsUrl);
const { alice, bob, charlie } = devAccounts();
const h = (b) => `0x${b.repeat(32)}`;
const ev = (r, s, m) => r.events.find(({ event: e }) => e.section === s && e.method === m).event.data;
// Every step of the scenario must pass, or the examples would show the wrong state.
const must = async (tx, signer) => {
  const r = await submit(api, tx, signer);
  if (r.dispatchError) throw new Error(`${tx.method.section}.${tx.method.method}: ${r.dispatchError}`);
  return r;
};
const d = ev(await must(api.tx.datasets.registerDataset(h('11'), h('12'), 'ipfs://bafy-cohort', 'CC-BY-4.0', 'Public', null, [[alice.address, 1_000_000_000]]), alice), 'datasets', 'DatasetRegistered').id.toNumber();
// The grant records its terms: the consent record's hash, the jurisdiction (ISO 3166-1 "DE")
// and the privacy notice shown; derivatives by the grantee only, models stop on revocation.
const terms = { termsHash: h('13'), legalBasis: 'Consent', jurisdiction: '0x4445', noticeVersion: h('14') };
const g = ev(await must(api.tx.consent.grantConsent(d, { Account: bob.address }, ['Training', 'Evaluation'], null, null, terms), alice), 'consent', 'ConsentGranted').grant.toNumber();
let clean;
const reg = async (w, name, kind, parents, inputs) => {
  const r = await must(api.tx.lineage.registerModel(h(w), name, '1.0', `hf://org/${name}`, 'Apache-2.0', h('21'), 'Open', kind, parents, inputs, 'Training', h('22'), h('23'), null, 1_000_000_000, api.consts.lineage.maxBasisGrants), bob);
  clean = r.blockHash;
  return ev(r, 'lineage', 'ModelRegistered').id.toNumber();
};
const m0 = await reg('31', 'base', 'Pretrain', [], [{ dataset: d, role: 'Train', grant: g }]);
const m1 = await reg('32', 'chat', 'FineTune', [[m0, 'FineTune']], []);
// Charlie is an accredited evaluator (Root, i.e. Alice's sudo on a dev chain, accredits).
const accredited = await must(api.tx.sudo.sudo(api.tx.lineage.addEvaluator(charlie.address)), alice);
if (!ev(accredited, 'sudo', 'Sudid').sudoResult.isOk) throw new Error('sudo lineage.addEvaluator failed');
await must(api.tx.lineage.recordEvaluation(m1, null, 'accuracy', 912500, h('41')), charlie);
await must(api.tx.lineage.anchorDecisions(m1, h('42'), 1000), bob);
// Alice sponsors a reward pool on the cohort; Charlie scores m1 on it under an evaluation
// grant. The pool stays open while the examples are taken.
const ge = ev(await must(api.tx.consent.grantConsent(d, { Account: charlie.address }, ['Evaluation'], null, null, { termsHash: h('15') }), alice), 'consent', 'ConsentGranted').grant.toNumber();
const best = (await api.rpc.chain.getHeader()).number.toNumber();
const pool = ev(await must(api.tx.rewards.openPool(d, 'accuracy-ppm', true, 900000, best + 500, 100_000_000_000_000n), alice), 'rewards', 'PoolOpened').pool.toNumber();
await must(api.tx.rewards.submitScore(pool, m1, 912500, ge), charlie);
const paid = (await must(api.tx.rewards.payUsage(m1, 10_000_000_000_000n), charlie)).blockHash;
await must(api.tx.consent.revokeConsent(g), alice);
let id = 0;
const calls = [
  ['datasets_getDataset', [d]], ['datasets_getByContentHash', [h('11')]], ['datasets_derivations', [d, null, 10]],
  ['datasets_ancestry', [d]], ['datasets_attestations', [d, null, 10]], ['datasets_isAttestor', [alice.address]],
  ['consent_getGrant', [g]], ['consent_status', [d, bob.address, 'Training']], ['consent_datasetGrants', [d, null, 10]],
  ['consent_accountGrants', [bob.address, null, 10]], ['consent_accessLog', [g, null, 10]],
  ['lineage_getModel', [m1]], ['lineage_ancestors', [m1, null]], ['lineage_descendants', [{ type: 'dataset', id: d }, null]],
  ['lineage_consentStatus', [m1]], ['lineage_consentStatus', [m1, clean]], ['lineage_impact', [g, null, 10]],
  ['lineage_evaluations', [m1, null, 10]], ['lineage_anchors', [m1, null, 10]], ['lineage_exportProv', [m1, null]],
  ['lineage_ancestors', [m1, 33]], ['lineage_getModel', [987654]],
  ['rewards_breakdown', [m1, '10000000000000', paid]], ['rewards_breakdown', [m1, '10000000000000']],
  ['rewards_claimable', [bob.address]], ['rewards_totalClaimable', []], ['rewards_royaltyPolicy', [m1]],
  ['rewards_breakdown', [m1, '5']], ['rewards_breakdown', [m1, '1.5']],
  ['rewards_parentMinimums', [m1]], ['rewards_earnings', [bob.address, null, 10]],
  ['rewards_earnings', [bob.address, null, 101]],
  ['rewards_pool', [pool]], ['rewards_poolStandings', [pool]], ['rewards_poolPayout', [pool, paid]],
  ['rewards_poolPayout', [pool]],
];
for (const [method, params] of calls) {
  const body = { jsonrpc: '2.0', id: ++id, method, params };
  const { json } = await rawRpc(httpUrl, body);
  console.log(`### ${method}\n${JSON.stringify(body)}\n${JSON.stringify(json, null, 2)}\n`);
}
await api.disconnect();
