// Model lineage on the real node: datasets and grants, a chain of three models, ancestry and
// descendants over RPC, a revocation that taints every generation (and the older block that
// still says clean), a refused run on a tainted parent (for any purpose), a PROV-JSON export,
// evaluations by the owner's allowed evaluators and decision anchors, and clear errors for
// bad queries.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { devAccounts, submit } from './lib/chain.js';
import { readWithProvLibrary } from './lib/prov.js';
import { devNodeSuite } from './lib/suite.js';

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
// `registerModel`'s slippage bound on the parents' total share: 100% (parts per billion),
// so that only the royalty rules themselves can refuse a registration here.
const MAX_PARENT_SHARE = 1_000_000_000;

describe('model lineage over RPC', () => {
  let api;
  const suite = devNodeSuite();
  const { rpc, ok } = suite;
  before(() => {
    ({ api } = suite);
  });
  const { alice, bob, charlie, dave } = devAccounts();

  const event = (events, section, method) => {
    const found = events.find(({ event: e }) => e.section === section && e.method === method);
    assert.ok(found, `${section}.${method} emitted`);
    return found.event.data;
  };
  const mustPass = async (tx, signer) => {
    const result = await submit(api, tx, signer);
    assert.equal(result.dispatchError, null);
    return result;
  };

  /** Registers a model trained by `signer`; returns { id, blockHash, dispatchError }. */
  const registerModel = async (signer, { kind, parents = [], inputs = [], purpose = 'Training', name }) => {
    const result = await submit(
      api,
      api.tx.lineage.registerModel(
        hex(), name, '1.0', `hf://provenance/${name}`, 'Apache-2.0', hex(), 'Open',
        kind, parents, inputs, purpose, hex(), hex(), null, MAX_PARENT_SHARE, api.consts.lineage.maxBasisGrants,
      ),
      signer,
    );
    if (result.dispatchError) return result;
    return { ...result, id: event(result.events, 'lineage', 'ModelRegistered').id.toNumber() };
  };


  const datasets = [];
  const grants = [];
  const models = [];
  let cleanBlock;
  let revokedAt;

  test('a trainer registers three generations of models under live consent', async () => {
    for (const uri of ['ipfs://pretraining-corpus', 'ipfs://instruction-set']) {
      const { events } = await mustPass(
        api.tx.datasets.registerDataset(hex(), hex(), uri, 'CC-BY-4.0', 'Public', null, []),
        alice,
      );
      datasets.push(event(events, 'datasets', 'DatasetRegistered').id.toNumber());
    }
    for (const dataset of datasets) {
      const { events } = await mustPass(
        api.tx.consent.grantConsent(dataset, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() }),
        alice,
      );
      grants.push(event(events, 'consent', 'ConsentGranted').grant.toNumber());
    }

    // Charlie holds no grant: the run is refused and nothing is registered.
    const refused = await registerModel(charlie, {
      name: 'stolen', kind: 'Pretrain', inputs: [{ dataset: datasets[0], role: 'Train', grant: grants[0] }],
    });
    assert.equal(refused.dispatchError, 'consent.NotGrantee');

    const base = await registerModel(bob, {
      name: 'base', kind: 'Pretrain', inputs: [{ dataset: datasets[0], role: 'Train', grant: grants[0] }],
    });
    assert.equal(base.dispatchError, null);
    const tuned = await registerModel(bob, {
      name: 'tuned', kind: 'FineTune', parents: [[base.id, 'FineTune']],
      inputs: [{ dataset: datasets[1], role: 'Train', grant: grants[1] }],
    });
    assert.equal(tuned.dispatchError, null);
    const small = await registerModel(bob, { name: 'small', kind: 'Quantize', parents: [[tuned.id, 'Quantize']] });
    assert.equal(small.dispatchError, null);
    models.push(base.id, tuned.id, small.id);
    cleanBlock = small.blockHash;

    const registered = event(small.events, 'lineage', 'ModelRegistered');
    assert.equal(registered.owner.toString(), bob.address);
    assert.equal(registered.parents.toNumber(), 1);
    assert.equal(registered.inputs.toNumber(), 0);

    // The grant's use was logged in the consent pallet with the trainer as accessor.
    const log = await ok('consent_accessLog', [grants[0], null, null]);
    assert.equal(log.items.length, 1);
    assert.equal(log.items[0].accessor, bob.address);

    const model = await ok('lineage_getModel', [small.id]);
    assert.equal(model.owner, bob.address);
    assert.equal(model.name, 'small');
    assert.equal(model.license, 'Apache-2.0');
    assert.equal(model.status, 'Active');
    assert.equal(model.run.kind, 'Quantize');
    assert.equal(model.run.trainer, bob.address);
    assert.deepEqual(model.run.parents, [{ model: tuned.id, kind: 'Quantize' }]);
    // The basis carries every generation's grants.
    assert.deepEqual(model.consentBasis, [...grants].sort((a, b) => a - b));
  });

  test('ancestors and descendants cover models, datasets and grants with typed edges', async () => {
    const [base, tuned, small] = models;
    const graph = await ok('lineage_ancestors', [small, null]);
    assert.deepEqual(graph.nodes[0], { type: 'model', id: small });
    const has = (type, id) => graph.nodes.some((n) => n.type === type && n.id === id);
    for (const id of models) assert.ok(has('model', id), `model ${id} among ancestors`);
    for (const id of datasets) assert.ok(has('dataset', id), `dataset ${id} among ancestors`);
    for (const id of grants) assert.ok(has('grant', id), `grant ${id} among ancestors`);
    const edge = (from, to, relation, detail) =>
      graph.edges.some(
        (e) => e.from.type === from[0] && e.from.id === from[1] && e.to.type === to[0] && e.to.id === to[1]
          && e.relation === relation && (detail === undefined || e.detail === detail),
      );
    assert.ok(edge(['model', small], ['model', tuned], 'derivedFrom', 'Quantize'));
    assert.ok(edge(['model', tuned], ['model', base], 'derivedFrom', 'FineTune'));
    assert.ok(edge(['model', base], ['dataset', datasets[0]], 'trainedOn', 'Train'));
    assert.ok(edge(['model', base], ['grant', grants[0]], 'usedGrant'));
    assert.ok(edge(['grant', grants[0]], ['dataset', datasets[0]], 'grantOn'));

    // One hop stops at the parent.
    const shallow = await ok('lineage_ancestors', [small, 1]);
    assert.ok(shallow.nodes.some((n) => n.type === 'model' && n.id === tuned));
    assert.ok(!shallow.nodes.some((n) => n.type === 'model' && n.id === base));

    const down = await ok('lineage_descendants', [{ type: 'dataset', id: datasets[0] }, null]);
    for (const id of models) {
      assert.ok(down.nodes.some((n) => n.type === 'model' && n.id === id), `model ${id} downstream`);
    }
  });

  test('a lineage twice deeper than the per-query cap is never silently cut', async () => {
    // Its own dataset, grant and pretrained model, so the other tests' counts stay as they
    // are; then 64 fine-tunes on it: 65 generations, in two batches of 32.
    const { events } = await mustPass(
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://deep-corpus', 'CC-BY-4.0', 'Public', null, []),
      alice,
    );
    const dataset = event(events, 'datasets', 'DatasetRegistered').id.toNumber();
    const granted = await mustPass(
      api.tx.consent.grantConsent(dataset, { Account: bob.address }, ['Training'], null, null, { termsHash: hex() }),
      alice,
    );
    const grant = event(granted.events, 'consent', 'ConsentGranted').grant.toNumber();
    const base = await registerModel(bob, {
      name: 'deep-0', kind: 'Pretrain', inputs: [{ dataset, role: 'Train', grant }],
    });
    assert.equal(base.dispatchError, null);
    const chain = [base.id];
    for (let round = 0; round < 2; round += 1) {
      let next = (await api.query.lineage.nextModelId()).toNumber();
      const calls = [];
      for (let i = 0; i < 32; i += 1) {
        calls.push(api.tx.lineage.registerModel(
          hex(), `deep-${chain.length}`, '1.0', 'hf://provenance/deep', 'Apache-2.0', hex(), 'Open',
          'FineTune', [[chain[chain.length - 1], 'FineTune']], [], 'Training', hex(), hex(), null,
          MAX_PARENT_SHARE, api.consts.lineage.maxBasisGrants,
        ));
        chain.push(next);
        next += 1;
      }
      await mustPass(api.tx.utility.batchAll(calls), bob);
    }
    const last = chain[64];
    const modelIds = (g) => g.nodes.filter((n) => n.type === 'model').map((n) => n.id);

    // The default depth (32) stops half way, and says where.
    const top = await ok('lineage_ancestors', [last, null]);
    assert.equal(modelIds(top).length, 33);
    assert.deepEqual(top.frontier, [chain[32]]);
    // Asking again from there reaches the base model's datasets and grants, and is complete.
    const rest = await ok('lineage_ancestors', [chain[32], null]);
    assert.deepEqual(rest.frontier, []);
    assert.deepEqual(new Set([...modelIds(top), ...modelIds(rest)]), new Set(chain));
    assert.ok(rest.nodes.some((n) => n.type === 'grant' && n.id === grant));
    // A complete answer says so too.
    assert.deepEqual((await ok('lineage_ancestors', [models[2], null])).frontier, []);

    // The PROV export holds every generation by default...
    const doc = await ok('lineage_exportProv', [last, null, null]);
    for (const id of chain) assert.ok(doc.entity[`pc:model-${id}`], `model ${id} exported`);
    assert.ok(doc.entity[`pc:grant-${grant}`], 'the base model\'s grant exported');
    assert.equal(doc.entity[`pc:model-${last}`]['pc:ancestryStopsAt'], undefined);
    // ...and a depth the caller chose is kept, with the cut named on the root.
    const cut = await ok('lineage_exportProv', [last, 40, null]);
    const exported = Object.keys(cut.entity).filter((k) => k.startsWith('pc:model-'));
    assert.equal(exported.length, 41);
    assert.deepEqual(
      cut.entity[`pc:model-${last}`]['pc:ancestryStopsAt'].map((q) => q.$ ?? q),
      [`pc:model-${chain[24]}`],
    );

    // Descendants stop the same way from the other end.
    const down = await ok('lineage_descendants', [{ type: 'model', id: chain[0] }, null]);
    assert.deepEqual(down.frontier, [chain[32]]);
  });

  test('revoking the root grant taints all three generations, not the past', async () => {
    const [, , small] = models;
    assert.deepEqual(await ok('lineage_consentStatus', [small]), { clean: true, tainted: [] });

    const revoked = await mustPass(api.tx.consent.revokeConsent(grants[0]), alice);
    revokedAt = (await api.rpc.chain.getHeader(revoked.blockHash)).number.toNumber();
    // The event says how many models the revocation taints, and what it means for them.
    const revokedEvent = event(revoked.events, 'consent', 'ConsentRevoked');
    assert.equal(revokedEvent.grant.toNumber(), grants[0]);
    assert.equal(revokedEvent.by.toString(), alice.address);
    assert.equal(revokedEvent.taintedModels.toNumber(), models.length);
    assert.equal(revokedEvent.effect.toString(), 'StopUse');

    assert.deepEqual(await ok('lineage_consentStatus', [small]), {
      clean: false,
      tainted: [{ grant: grants[0], revokedAt, effect: 'StopUse' }],
    });
    const impact = await ok('lineage_impact', [grants[0], null, null]);
    assert.deepEqual([...impact.items].sort((a, b) => a - b), [...models].sort((a, b) => a - b));
    assert.equal(impact.next, null);
    // The second grant reaches only the models trained on it and after.
    const partial = await ok('lineage_impact', [grants[1], null, null]);
    assert.deepEqual([...partial.items].sort((a, b) => a - b), models.slice(1).sort((a, b) => a - b));
    // Paging through the impact one model at a time finds the same three.
    const paged = [];
    let cursor = null;
    do {
      const page = await ok('lineage_impact', [grants[0], cursor, 1]);
      paged.push(...page.items);
      cursor = page.next;
    } while (cursor !== null);
    assert.deepEqual(paged.sort((a, b) => a - b), [...models].sort((a, b) => a - b));

    // Before the revocation block the chain said clean.
    assert.deepEqual(await ok('lineage_consentStatus', [small, cleanBlock]), { clean: true, tainted: [] });

    // A new training run on the tainted model is refused, for the purpose the grant covered
    // and for one it never covered alike.
    const refused = await registerModel(bob, { name: 'next', kind: 'FineTune', parents: [[small, 'FineTune']] });
    assert.equal(refused.dispatchError, 'lineage.TaintedParent');
    const uncovered = await registerModel(bob, {
      name: 'next-research', kind: 'FineTune', parents: [[small, 'FineTune']], purpose: 'Research',
    });
    assert.equal(uncovered.dispatchError, 'lineage.TaintedParent');
  });

  test('the ancestry exports as W3C PROV-JSON with the expected relations', async () => {
    const [base, tuned, small] = models;
    const doc = await ok('lineage_exportProv', [small, null, null]);
    // Valid JSON all the way through.
    const reparsed = JSON.parse(JSON.stringify(doc));
    assert.equal(reparsed.prefix.prov, 'http://www.w3.org/ns/prov#');
    for (const id of models) assert.ok(doc.entity[`pc:model-${id}`], `model ${id} is an entity`);
    for (const id of datasets) assert.ok(doc.entity[`pc:dataset-${id}`], `dataset ${id} is an entity`);
    for (const id of grants) assert.ok(doc.entity[`pc:grant-${id}`], `grant ${id} is an entity`);
    for (const id of models) assert.ok(doc.activity[`pc:run-${id}`], `run ${id} is an activity`);
    assert.ok(doc.agent[`pc:account-${alice.address}`], 'grantor and dataset owner is an agent');
    assert.ok(doc.agent[`pc:account-${bob.address}`], 'trainer and owner is an agent');

    const relation = (kind, want) =>
      Object.values(doc[kind] ?? {}).some((r) =>
        Object.entries(want).every(([k, v]) => JSON.stringify(r[k]) === JSON.stringify(v)));
    assert.ok(relation('wasGeneratedBy', { 'prov:entity': `pc:model-${small}`, 'prov:activity': `pc:run-${small}` }));
    assert.ok(relation('wasDerivedFrom', { 'prov:generatedEntity': `pc:model-${small}`, 'prov:usedEntity': `pc:model-${tuned}` }));
    assert.ok(relation('wasDerivedFrom', { 'prov:generatedEntity': `pc:model-${tuned}`, 'prov:usedEntity': `pc:model-${base}` }));
    assert.ok(relation('used', { 'prov:activity': `pc:run-${base}`, 'prov:entity': `pc:dataset-${datasets[0]}` }));
    assert.ok(relation('used', { 'prov:activity': `pc:run-${base}`, 'prov:entity': `pc:grant-${grants[0]}`, 'prov:role': { $: 'pc:consent', type: 'prov:QUALIFIED_NAME' } }));
    assert.ok(relation('wasAttributedTo', { 'prov:entity': `pc:grant-${grants[0]}`, 'prov:agent': `pc:account-${alice.address}` }));
    assert.ok(relation('wasAttributedTo', { 'prov:entity': `pc:model-${small}`, 'prov:agent': `pc:account-${bob.address}` }));
    assert.equal(doc.entity[`pc:model-${small}`]['pc:consentClean'], false);
    // The grants carry their terms, the defaults here.
    for (const id of grants) {
      const grant = doc.entity[`pc:grant-${id}`];
      assert.equal(grant['pc:derivatives'], 'GranteeOnly');
      assert.equal(grant['pc:onRevoke'], 'StopUse');
      assert.equal(grant['pc:legalBasis'], 'Consent');
      for (const unset of ['pc:dataSubject', 'pc:controller', 'pc:jurisdiction', 'pc:noticeVersion']) {
        assert.ok(!(unset in grant), `grant ${id} has no ${unset}`);
      }
    }

    // A reader we did not write accepts it and finds every record.
    const { records, provn } = readWithProvLibrary(doc);
    assert.equal(records.Entity, models.length + datasets.length + grants.length);
    assert.equal(records.Activity, models.length);
    assert.equal(records.Generation, models.length);
    assert.equal(records.Derivation, 2 + datasets.length);
    assert.ok(records.Usage >= 2 + 2 * datasets.length, JSON.stringify(records));
    assert.ok(records.Attribution >= models.length + datasets.length + grants.length, JSON.stringify(records));
    assert.match(provn, new RegExp(`wasDerivedFrom\\(pc:model-${small}, pc:model-${tuned}, pc:run-${small}`));
    assert.equal(doc.entity[`pc:grant-${grants[0]}`]['pc:revokedAt'], revokedAt);

    // The export at the clean block says so.
    const before = await ok('lineage_exportProv', [small, null, cleanBlock]);
    assert.equal(before.entity[`pc:model-${small}`]['pc:consentClean'], true);
    assert.equal(before.entity[`pc:model-${small}`]['pc:atBlock'], cleanBlock);
  });

  test('evaluations and decision anchors are recorded and paged', async () => {
    const [, , small] = models;
    // Only the owner, accredited evaluators and accounts the owner allowed may evaluate.
    const stranger = await submit(api, api.tx.lineage.recordEvaluation(small, null, 'accuracy', 1, hex()), dave);
    assert.equal(stranger.dispatchError, 'lineage.NotEvaluator');
    await mustPass(api.tx.lineage.allowEvaluator(small, charlie.address), bob);
    const evaluated = await mustPass(api.tx.lineage.recordEvaluation(small, null, 'accuracy', 912_500, hex()), charlie);
    const recorded = event(evaluated.events, 'lineage', 'EvaluationRecorded');
    assert.equal(recorded.index.toNumber(), 0);
    assert.equal(recorded.accredited.isTrue, false);
    const evaluations = await ok('lineage_evaluations', [small, null, null]);
    assert.equal(evaluations.items.length, 1);
    assert.equal(evaluations.items[0].evaluator, charlie.address);
    assert.equal(evaluations.items[0].metric, 'accuracy');
    assert.equal(evaluations.items[0].value, 912_500);
    assert.equal(evaluations.items[0].accredited, false);

    const root = hex();
    await mustPass(api.tx.lineage.anchorDecisions(small, root, 1000), bob);
    const notOwner = await submit(api, api.tx.lineage.anchorDecisions(small, hex(), 1), charlie);
    assert.equal(notOwner.dispatchError, 'lineage.NotOwner');
    const anchors = await ok('lineage_anchors', [small, null, null]);
    assert.deepEqual(anchors.items.map((a) => [a.merkleRoot, a.count, a.submitter]), [[root, 1000, bob.address]]);
  });

  test('bad lineage queries get JSON-RPC errors that say what is wrong', async () => {
    const unknown = await rpc('lineage_consentStatus', [987654]);
    assert.equal(unknown.error?.code, 8001, JSON.stringify(unknown));
    assert.equal(unknown.error.message, 'unknown model 987654');

    const unknownModel = await rpc('lineage_getModel', [987654]);
    assert.equal(unknownModel.error?.message, 'unknown model 987654', JSON.stringify(unknownModel));

    const unknownGrant = await rpc('lineage_impact', [987654, null, null]);
    assert.equal(unknownGrant.error?.message, 'unknown grant 987654', JSON.stringify(unknownGrant));

    const tooDeep = await rpc('lineage_ancestors', [models[0], 33]);
    assert.equal(tooDeep.error?.code, 8002, JSON.stringify(tooDeep));
    assert.equal(tooDeep.error.message, 'depth 33 is over the cap of 32');

    const tooBig = await rpc('lineage_impact', [grants[0], null, 101]);
    assert.equal(tooBig.error?.code, 8002, JSON.stringify(tooBig));
    assert.equal(tooBig.error.message, 'page size 101 is over the cap of 100');

    const badNode = await rpc('lineage_descendants', [{ type: 'person', id: 1 }, null]);
    assert.equal(badNode.error?.code, -32602, JSON.stringify(badNode));
    assert.match(badNode.error.data, /unknown variant `person`/);

    const unknownBlock = await rpc('lineage_exportProv', [models[0], null, hex()]);
    assert.equal(unknownBlock.error?.code, 8003, JSON.stringify(unknownBlock));
  });
});
