// Derived datasets, disputes and consent-manager proxies on the real node. Each test makes an
// attempt that used to work, asserts the typed error the runtime now gives, and walks the
// legitimate path:
//   1. deriving someone else's dataset needs their Derivation consent, which is consumed and
//      becomes the derived dataset's derivation basis; only the owner publishes new
//      versions; a derivative is never less sensitive than its parent;
//   2. a model trained on a derived dataset inherits that basis, so revoking the grant on
//      the parent taints it (and the derived dataset), refuses new runs on it, and shows in
//      the lineage graphs and the PROV export;
//   3. governance disputes a squatted dataset and model and reassigns them, deposit and all;
//   4. a ConsentManager proxy manages consent for its principal and can do nothing else.
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
const UNIT = 1_000_000_000_000n;
const byId = (a, b) => a - b;
const qname = (name) => ({ $: name, type: 'prov:QUALIFIED_NAME' });

describe('derived datasets, disputes and consent proxies', () => {
  let api;
  const suite = devNodeSuite();
  const { ok } = suite;
  before(() => {
    ({ api } = suite);
  });
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();

  const events = (all, section, method) =>
    all.filter(({ event: e }) => e.section === section && e.method === method).map(({ event: e }) => e.data);
  const event = (all, section, method) => {
    const found = events(all, section, method);
    assert.ok(found.length > 0, `${section}.${method} emitted`);
    return found[0];
  };
  const mustPass = async (tx, signer) => {
    const result = await submit(api, tx, signer);
    assert.equal(result.dispatchError, null, `${tx.method.section}.${tx.method.method} failed`);
    return result;
  };
  /** Submits `txs` signed by `signer` at once, with consecutive nonces: usually one block. */
  const submitMany = async (signer, txs) => {
    const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    return Promise.all(txs.map((tx, i) => submit(api, tx, signer, { nonce: nonce + i })));
  };
  const allPass = (results) => {
    results.forEach((r, i) => assert.equal(r.dispatchError, null, `transaction ${i} failed`));
    return results;
  };
  /** `section.name` of a `DispatchError` found in an event (a `sudoResult` or a proxy `result`). */
  const decode = (dispatchError) => {
    if (dispatchError.isModule) {
      const meta = api.registry.findMetaError(dispatchError.asModule);
      return `${meta.section}.${meta.name}`;
    }
    return dispatchError.type;
  };
  /** Root, through Alice's sudo key on the dev chain; fails the test if the inner call failed. */
  const sudo = async (call) => {
    const result = await mustPass(api.tx.sudo.sudo(call), alice);
    const { sudoResult } = event(result.events, 'sudo', 'Sudid');
    assert.ok(sudoResult.isOk, `sudo ${call.method.section}.${call.method.method}: ${sudoResult.toString()}`);
    return result;
  };
  /** Root making `call`, expected to fail: returns the inner call's decoded error. */
  const sudoError = async (call) => {
    const result = await mustPass(api.tx.sudo.sudo(call), alice);
    const { sudoResult } = event(result.events, 'sudo', 'Sudid');
    assert.ok(sudoResult.isErr, `sudo ${call.method.section}.${call.method.method} should fail`);
    return decode(sudoResult.asErr);
  };
  /** The amount `who` has on hold for `pallet`'s hold reason `reason` at block `at`. */
  const heldFor = async (who, pallet, reason, at) => {
    const holds = await (await api.at(at)).query.balances.holds(who);
    const hold = holds.find((h) => h.id.toHuman()?.[pallet] === reason);
    return hold ? hold.amount.toBigInt() : 0n;
  };
  const accountAt = async (who, at) => {
    const { data } = await (await api.at(at)).query.system.account(who);
    return { free: data.free.toBigInt(), reserved: data.reserved.toBigInt() };
  };
  const numberOf = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const bestHash = async () => (await api.rpc.chain.getBlockHash()).toHex();

  const datasetTx = ({ sensitivity = 'Public', parent = null, contentHash = hex() } = {}) =>
    api.tx.datasets.registerDataset(contentHash, hex(), 'ipfs://derivations', 'CC-BY-4.0', sensitivity, parent, []);
  const datasetId = (result) => event(result.events, 'datasets', 'DatasetRegistered').id.toNumber();
  const grantTx = (dataset, grantee, purposes, terms = {}) =>
    api.tx.consent.grantConsent(dataset, { Account: grantee.address }, purposes, null, null, { termsHash: hex(), ...terms });
  const grantId = (result) => event(result.events, 'consent', 'ConsentGranted').grant.toNumber();
  const modelTx = ({ name, inputs = [], parents = [], kind = 'Pretrain', purpose = 'Training', weightsHash = hex() }) =>
    api.tx.lineage.registerModel(
      weightsHash, name, '1.0', `hf://derivations/${name}`, 'Apache-2.0', hex(), 'Open',
      kind, parents, inputs, purpose, hex(), hex(), null, MAX_PARENT_SHARE, api.consts.lineage.maxBasisGrants,
    );
  const modelId = (result) => event(result.events, 'lineage', 'ModelRegistered').id.toNumber();
  const trainTx = (name, dataset, grant) => modelTx({ name, inputs: [{ dataset, role: 'Train', grant }] });

  // Shared by the first two tests: Alice's dataset, the grant Bob derived under, his subset.
  const state = {};

  test("a third party cannot derive someone else's dataset", async () => {
    // Alice publishes personal data D and special-category data X.
    const [registeredD, registeredX] = allPass(await submitMany(alice, [
      datasetTx({ sensitivity: 'Personal' }),
      datasetTx({ sensitivity: 'SpecialCategory' }),
    ]));
    const parent = datasetId(registeredD);
    const special = datasetId(registeredX);

    // Bob holds no grant: neither a subset nor a new version of D is his to publish. Alice
    // may not publish a derivative less sensitive than its parent, whatever its kind; she
    // may derive a special-category subset without any grant.
    const [[subsetNoGrant, newVersionNoGrant], [publicSubset, publicDeidentified, ownSubset, trainingOnly]] =
      await Promise.all([
        submitMany(bob, [
          datasetTx({ sensitivity: 'Personal', parent: [parent, 'Subset'] }),
          datasetTx({ sensitivity: 'Personal', parent: [parent, 'NewVersion'] }),
        ]),
        submitMany(alice, [
          datasetTx({ sensitivity: 'Public', parent: [special, 'Subset'] }),
          datasetTx({ sensitivity: 'Public', parent: [special, 'Deidentified'] }),
          datasetTx({ sensitivity: 'SpecialCategory', parent: [special, 'Subset'] }),
          // A training grant is not a derivation grant.
          grantTx(parent, bob, ['Training'], { derivatives: 'Anyone' }),
        ]),
      ]);
    assert.equal(subsetNoGrant.dispatchError, 'datasets.NoDerivationConsent');
    assert.equal(newVersionNoGrant.dispatchError, 'datasets.NewVersionByOwnerOnly');
    assert.equal(publicSubset.dispatchError, 'datasets.SensitivityBelowParent');
    assert.equal(publicDeidentified.dispatchError, 'datasets.SensitivityBelowParent');
    assert.equal(ownSubset.dispatchError, null);
    assert.equal(trainingOnly.dispatchError, null);
    const own = await ok('datasets_getDataset', [datasetId(ownSubset)]);
    assert.equal(own.owner, alice.address);
    assert.deepEqual(own.parent, { dataset: special, kind: 'Subset' });
    assert.deepEqual(own.derivationBasis, [], 'the owner derives under no grant');

    const withTrainingOnly = await submit(api, datasetTx({ sensitivity: 'Personal', parent: [parent, 'Subset'] }), bob);
    assert.equal(withTrainingOnly.dispatchError, 'datasets.NoDerivationConsent');
    assert.deepEqual((await ok('consent_accessLog', [grantId(trainingOnly), null, null])).items, []);

    // Alice consents to derivation (and training), and to anyone building on it.
    const grant = grantId(await mustPass(grantTx(parent, bob, ['Derivation', 'Training'], { derivatives: 'Anyone' }), alice));

    // With the grant, Bob still cannot lower the sensitivity or publish a new version; his
    // subset passes. Charlie, not the grantee, is refused.
    const [[lowered, newVersion, subsetResult], stranger] = await Promise.all([
      submitMany(bob, [
        datasetTx({ sensitivity: 'Public', parent: [parent, 'Subset'] }),
        datasetTx({ sensitivity: 'Personal', parent: [parent, 'NewVersion'] }),
        datasetTx({ sensitivity: 'Personal', parent: [parent, 'Subset'] }),
      ]),
      submit(api, datasetTx({ sensitivity: 'Personal', parent: [parent, 'Subset'] }), charlie),
    ]);
    assert.equal(lowered.dispatchError, 'datasets.SensitivityBelowParent');
    assert.equal(newVersion.dispatchError, 'datasets.NewVersionByOwnerOnly');
    assert.equal(subsetResult.dispatchError, null);
    assert.equal(stranger.dispatchError, 'datasets.NoDerivationConsent');

    const registered = event(subsetResult.events, 'datasets', 'DatasetRegistered');
    const subset = registered.id.toNumber();
    assert.equal(registered.owner.toString(), bob.address);
    assert.ok(registered.parent.isSome, 'the event names the parent');
    const [eventParent, eventKind] = registered.parent.unwrap();
    assert.equal(eventParent.toNumber(), parent);
    assert.equal(eventKind.type, 'Subset');

    const record = await ok('datasets_getDataset', [subset]);
    assert.equal(record.owner, bob.address);
    assert.equal(record.sensitivity, 'Personal');
    assert.deepEqual(record.parent, { dataset: parent, kind: 'Subset' });
    assert.deepEqual(record.derivationBasis, [grant]);
    assert.equal(record.dispute, null);

    // The derivation consumed the grant once, logged as a Derivation use by Bob; the refused
    // attempts logged nothing.
    const log = await ok('consent_accessLog', [grant, null, null]);
    assert.equal(log.items.length, 1, JSON.stringify(log));
    assert.equal(log.items[0].accessor, bob.address);
    assert.equal(log.items[0].purpose, 'Derivation');
    assert.equal(log.items[0].at, await numberOf(subsetResult.blockHash));
    assert.equal((await ok('consent_getGrant', [grant])).uses, 1);

    Object.assign(state, { parent, grant, subset });
  });

  test('a revocation on the parent reaches a model trained on the derivative', async () => {
    const { parent, grant, subset } = state;
    assert.ok(subset !== undefined, 'the first test registered the subset');

    // Two control derivatives: one derived under a grant that does not cover training, one
    // under a grant whose derivatives are Bob's alone.
    const [[bobGrantResult], [d2Result, d3Result]] = await Promise.all([
      submitMany(bob, [grantTx(subset, charlie, ['Training'])]),
      submitMany(alice, [datasetTx(), datasetTx()]),
    ]);
    assert.equal(bobGrantResult.dispatchError, null);
    const bobGrant = grantId(bobGrantResult);
    const [d2, d3] = [datasetId(d2Result), datasetId(d3Result)];
    const [noTraining, granteeOnly] = allPass(await submitMany(alice, [
      grantTx(d2, bob, ['Derivation'], { derivatives: 'Anyone' }),
      grantTx(d3, bob, ['Derivation', 'Training'], { derivatives: 'GranteeOnly' }),
    ])).map(grantId);
    const [s2, s3] = allPass(await submitMany(bob, [
      datasetTx({ parent: [d2, 'Subset'] }),
      datasetTx({ parent: [d3, 'Augmented'] }),
    ])).map(datasetId);
    assert.deepEqual((await ok('datasets_getDataset', [s2])).derivationBasis, [noTraining]);
    assert.deepEqual((await ok('datasets_getDataset', [s3])).derivationBasis, [granteeOnly]);
    const [g2, g3] = allPass(await submitMany(bob, [
      grantTx(s2, charlie, ['Training']),
      grantTx(s3, charlie, ['Training']),
    ])).map(grantId);

    // Charlie trains on each derivative under Bob's grant: only the one whose parent grant
    // covers training and lets anyone build on it passes.
    const [trained, onS2, onS3] = await submitMany(charlie, [
      trainTx('on-subset', subset, bobGrant),
      trainTx('on-no-training', s2, g2),
      trainTx('on-grantee-only', s3, g3),
    ]);
    assert.equal(trained.dispatchError, null);
    assert.equal(onS2.dispatchError, 'lineage.InheritedPurposeNotCovered');
    assert.equal(onS3.dispatchError, 'lineage.InheritedDerivationNotAllowed');
    const model = modelId(trained);
    assert.deepEqual((await ok('lineage_getModel', [model])).consentBasis, [grant, bobGrant].sort(byId));

    // The ancestry walks from the model through the subset to D and the grant it was
    // derived under.
    const up = await ok('lineage_ancestors', [model, null]);
    const hasNode = (graph, type, id) => graph.nodes.some((n) => n.type === type && n.id === id);
    const hasEdge = (graph, from, to, relation, detail) =>
      graph.edges.some(
        (e) => e.from.type === from[0] && e.from.id === from[1] && e.to.type === to[0] && e.to.id === to[1]
          && e.relation === relation && (detail === undefined || e.detail === detail),
      );
    for (const [type, id] of [['model', model], ['dataset', subset], ['dataset', parent], ['grant', grant], ['grant', bobGrant]]) {
      assert.ok(hasNode(up, type, id), `${type} ${id} among the ancestors: ${JSON.stringify(up)}`);
    }
    assert.ok(hasEdge(up, ['model', model], ['dataset', subset], 'trainedOn', 'Train'));
    assert.ok(hasEdge(up, ['model', model], ['grant', bobGrant], 'usedGrant'));
    assert.ok(hasEdge(up, ['dataset', subset], ['dataset', parent], 'datasetDerivedFrom', 'Subset'), JSON.stringify(up.edges));
    assert.ok(hasEdge(up, ['dataset', subset], ['grant', grant], 'derivedUnder', null), JSON.stringify(up.edges));

    // Downstream of D: the subset and the model trained on it; downstream of the grant too.
    const down = await ok('lineage_descendants', [{ type: 'dataset', id: parent }, null]);
    assert.ok(hasNode(down, 'dataset', subset), JSON.stringify(down));
    assert.ok(hasNode(down, 'model', model), JSON.stringify(down));
    assert.ok(hasEdge(down, ['dataset', subset], ['dataset', parent], 'datasetDerivedFrom', 'Subset'));
    assert.ok(hasEdge(down, ['model', model], ['dataset', subset], 'trainedOn', 'Train'));
    const fromGrant = await ok('lineage_descendants', [{ type: 'grant', id: grant }, null]);
    assert.ok(hasEdge(fromGrant, ['model', model], ['grant', grant], 'usedGrant'), JSON.stringify(fromGrant));
    assert.ok(hasEdge(fromGrant, ['dataset', subset], ['grant', grant], 'derivedUnder'), JSON.stringify(fromGrant));
    assert.deepEqual(await ok('lineage_consentStatus', [model]), { clean: true, tainted: [] });

    // Alice revokes the grant on D: the model trained on Bob's subset is tainted with it.
    const revoked = await mustPass(api.tx.consent.revokeConsent(grant), alice);
    const revokedAt = await numberOf(revoked.blockHash);
    const data = event(revoked.events, 'consent', 'ConsentRevoked');
    assert.equal(data.grant.toNumber(), grant);
    assert.equal(data.dataset.toNumber(), parent);
    assert.equal(data.by.toString(), alice.address);
    assert.equal(data.taintedModels.toNumber(), 1);
    assert.equal(data.taintedDatasets.toNumber(), 1);
    assert.equal(data.effect.toString(), 'StopUse');

    assert.deepEqual(await ok('lineage_consentStatus', [model]), {
      clean: false,
      tainted: [{ grant, revokedAt, effect: 'StopUse' }],
    });
    assert.deepEqual(await ok('lineage_impact', [grant, null, null]), { items: [model], next: null });

    // Nothing new may be trained on the subset, nor derived from it, though Bob's own grant
    // to Charlie is live.
    assert.equal((await ok('consent_getGrant', [bobGrant])).live, true);
    const [again, rederived] = await Promise.all([
      submit(api, trainTx('on-subset-again', subset, bobGrant), charlie),
      submit(api, datasetTx({ sensitivity: 'Personal', parent: [subset, 'Subset'] }), bob),
    ]);
    assert.equal(again.dispatchError, 'lineage.TaintedParent');
    assert.equal(rederived.dispatchError, 'datasets.TaintedParent');
    assert.deepEqual(await ok('lineage_impact', [grant, null, null]), { items: [model], next: null });

    // The PROV export carries the dataset derivation and the grant it was made under.
    const doc = await ok('lineage_exportProv', [model, null, null]);
    const subsetEntity = doc.entity[`pc:dataset-${subset}`];
    assert.ok(subsetEntity, 'the subset is an entity');
    assert.ok(doc.entity[`pc:dataset-${parent}`], 'its parent is an entity');
    assert.deepEqual(subsetEntity['pc:derivedUnder'], [qname(`pc:grant-${grant}`)]);
    assert.equal(subsetEntity['pc:disputed'], false);
    assert.ok(!('pc:derivedUnder' in doc.entity[`pc:dataset-${parent}`]), 'D was derived under nothing');
    const relation = (kind, want) =>
      Object.values(doc[kind] ?? {}).some((r) =>
        Object.entries(want).every(([k, v]) => JSON.stringify(r[k]) === JSON.stringify(v)));
    assert.ok(
      relation('wasDerivedFrom', {
        'prov:generatedEntity': `pc:dataset-${subset}`,
        'prov:usedEntity': `pc:dataset-${parent}`,
        'pc:derivation': 'Subset',
      }),
      JSON.stringify(doc.wasDerivedFrom),
    );
    assert.equal(doc.entity[`pc:grant-${grant}`]['pc:revokedAt'], revokedAt);
    assert.equal(doc.entity[`pc:model-${model}`]['pc:consentClean'], false);
    assert.deepEqual(doc.entity[`pc:model-${model}`]['pc:taintedBy'], [qname(`pc:grant-${grant}`)]);
    const { records } = readWithProvLibrary(doc);
    assert.equal(records.Entity, 1 + 2 + 2, JSON.stringify(records));
  });

  test('governance reassigns a squatted dataset and model', async () => {
    // Eve watches the pool and registers Ferdie's dataset and model first.
    const contentHash = hex();
    const weightsHash = hex();
    const squatted = datasetId(await mustPass(datasetTx({ contentHash }), eve));
    const [selfGrantResult, bobGrantResult, delegated, offered] = allPass(await submitMany(eve, [
      grantTx(squatted, eve, ['Training']),
      grantTx(squatted, bob, ['Training', 'Research']),
      api.tx.datasets.setDelegate(squatted, bob.address),
      api.tx.datasets.transferOwnership(squatted, charlie.address),
    ]));
    assert.ok(delegated && offered);
    const [selfGrant, bobGrant] = [grantId(selfGrantResult), grantId(bobGrantResult)];
    const modelResult = await mustPass(
      modelTx({ name: 'squatted', weightsHash, inputs: [{ dataset: squatted, role: 'Train', grant: selfGrant }] }),
      eve,
    );
    const model = modelId(modelResult);
    await mustPass(api.tx.lineage.transferModel(model, charlie.address), eve);

    // Ferdie cannot register his own content: the hash is taken.
    const [duplicate] = await submitMany(ferdie, [datasetTx({ contentHash })]);
    assert.equal(duplicate.dispatchError, 'datasets.DuplicateContent');

    // Disputes are governance's: signed accounts (the sudo key too, without sudo) are refused.
    const [byEve, byAlice, byBob, resolveByFerdie] = await Promise.all([
      submit(api, api.tx.datasets.disputeDataset(squatted, hex()), eve),
      submit(api, api.tx.datasets.disputeDataset(squatted, hex()), alice),
      submit(api, api.tx.lineage.disputeModel(model, hex()), bob),
      submit(api, api.tx.datasets.resolveDatasetDispute(squatted, eve.address), ferdie),
    ]);
    for (const result of [byEve, byAlice, byBob, resolveByFerdie]) {
      assert.match(result.dispatchError ?? '', /badOrigin/i);
    }
    assert.equal((await ok('datasets_getDataset', [squatted])).dispute, null);
    assert.equal((await ok('lineage_getModel', [model])).dispute, null);
    // Nothing to resolve yet.
    assert.equal(await sudoError(api.tx.datasets.resolveDatasetDispute(squatted, ferdie.address)), 'datasets.NotDisputed');

    const evidence = hex();
    const disputed = await sudo(api.tx.datasets.disputeDataset(squatted, evidence));
    const openedAt = await numberOf(disputed.blockHash);
    const disputedEvent = event(disputed.events, 'datasets', 'DatasetDisputed');
    assert.equal(disputedEvent.id.toNumber(), squatted);
    assert.equal(disputedEvent.evidenceHash.toHex(), evidence);
    assert.deepEqual((await ok('datasets_getDataset', [squatted])).dispute, {
      open: true, evidenceHash: evidence, openedAt, resolvedAt: null, reassignedTo: null,
    });
    assert.equal(await sudoError(api.tx.datasets.disputeDataset(squatted, hex())), 'datasets.AlreadyDisputed');
    // The grants stand, flagged.
    const flagged = await ok('consent_getGrant', [bobGrant]);
    assert.equal(flagged.datasetDisputed, true);
    assert.equal(flagged.live, true);

    // Governance gives the dataset to Ferdie: the deposit moves from Eve's hold to his.
    const beforeHash = await bestHash();
    const { deposit: depositString } = await ok('datasets_getDataset', [squatted, beforeHash]);
    const deposit = BigInt(depositString);
    assert.ok(deposit > 0n);
    const before = {
      eveHeld: await heldFor(eve.address, 'Datasets', 'DatasetDeposit', beforeHash),
      ferdieHeld: await heldFor(ferdie.address, 'Datasets', 'DatasetDeposit', beforeHash),
      eve: await accountAt(eve.address, beforeHash),
      ferdie: await accountAt(ferdie.address, beforeHash),
    };
    const reassigned = await sudo(api.tx.datasets.resolveDatasetDispute(squatted, ferdie.address));
    const resolvedAt = await numberOf(reassigned.blockHash);
    const moved = event(reassigned.events, 'datasets', 'DatasetReassigned');
    assert.equal(moved.id.toNumber(), squatted);
    assert.equal(moved.from.toString(), eve.address);
    assert.equal(moved.to.toString(), ferdie.address);
    const record = await ok('datasets_getDataset', [squatted, reassigned.blockHash]);
    assert.equal(record.owner, ferdie.address);
    assert.equal(record.delegate, null, 'the squatter\'s delegate is cleared');
    assert.equal(record.pendingOwner, null, 'the squatter\'s offer is cleared');
    assert.equal(record.deposit, depositString);
    assert.deepEqual(record.dispute, {
      open: false, evidenceHash: evidence, openedAt, resolvedAt, reassignedTo: ferdie.address,
    });
    const at = reassigned.blockHash;
    assert.equal(await heldFor(eve.address, 'Datasets', 'DatasetDeposit', at), before.eveHeld - deposit);
    assert.equal(await heldFor(ferdie.address, 'Datasets', 'DatasetDeposit', at), before.ferdieHeld + deposit);
    assert.equal((await accountAt(eve.address, at)).reserved, before.eve.reserved - deposit);
    assert.equal((await accountAt(ferdie.address, at)).reserved, before.ferdie.reserved + deposit);
    assert.equal((await accountAt(ferdie.address, at)).free, before.ferdie.free, 'Ferdie paid nothing');
    assert.equal(await sudoError(api.tx.datasets.resolveDatasetDispute(squatted, eve.address)), 'datasets.NotDisputed');

    // Eve's grants stay readable under the new owner, still flagged. Eve and her delegate
    // lost their authority over them, and the offer she made cannot be taken; Ferdie rules.
    const kept = await ok('consent_getGrant', [bobGrant]);
    assert.equal(kept.grantor, eve.address);
    assert.equal(kept.datasetDisputed, true);
    assert.equal(kept.revokedAt, null);
    const [eveRevokes, exDelegateRevokes, lateAccept] = await Promise.all([
      submit(api, api.tx.consent.revokeConsent(bobGrant), eve),
      submit(api, api.tx.consent.revokeConsent(bobGrant), bob),
      submit(api, api.tx.datasets.acceptOwnership(squatted), charlie),
    ]);
    assert.equal(eveRevokes.dispatchError, 'consent.NotAllowed');
    assert.equal(exDelegateRevokes.dispatchError, 'consent.NotAllowed');
    assert.equal(lateAccept.dispatchError, 'datasets.NoPendingTransfer');
    const byFerdie = await mustPass(api.tx.consent.revokeConsent(bobGrant), ferdie);
    assert.equal(event(byFerdie.events, 'consent', 'ConsentRevoked').by.toString(), ferdie.address);

    // The same for the squatted model.
    const modelEvidence = hex();
    const modelDisputed = await sudo(api.tx.lineage.disputeModel(model, modelEvidence));
    const modelOpenedAt = await numberOf(modelDisputed.blockHash);
    const modelDisputedEvent = event(modelDisputed.events, 'lineage', 'ModelDisputed');
    assert.equal(modelDisputedEvent.model.toNumber(), model);
    assert.equal(modelDisputedEvent.evidenceHash.toHex(), modelEvidence);
    assert.deepEqual((await ok('lineage_getModel', [model])).dispute, {
      open: true, evidenceHash: modelEvidence, openedAt: modelOpenedAt, resolvedAt: null, reassignedTo: null,
    });
    const resolveByBob = await submit(api, api.tx.lineage.resolveModelDispute(model, bob.address), bob);
    assert.match(resolveByBob.dispatchError ?? '', /badOrigin/i);

    const modelBeforeHash = await bestHash();
    const modelDeposit = BigInt((await ok('lineage_getModel', [model, modelBeforeHash])).deposit);
    assert.ok(modelDeposit > 0n);
    const eveModelHeld = await heldFor(eve.address, 'Lineage', 'ModelDeposit', modelBeforeHash);
    const ferdieModelHeld = await heldFor(ferdie.address, 'Lineage', 'ModelDeposit', modelBeforeHash);
    const modelReassigned = await sudo(api.tx.lineage.resolveModelDispute(model, ferdie.address));
    const modelResolvedAt = await numberOf(modelReassigned.blockHash);
    const modelMoved = event(modelReassigned.events, 'lineage', 'ModelReassigned');
    assert.equal(modelMoved.model.toNumber(), model);
    assert.equal(modelMoved.from.toString(), eve.address);
    assert.equal(modelMoved.to.toString(), ferdie.address);
    const modelRecord = await ok('lineage_getModel', [model, modelReassigned.blockHash]);
    assert.equal(modelRecord.owner, ferdie.address);
    assert.deepEqual(modelRecord.dispute, {
      open: false, evidenceHash: modelEvidence, openedAt: modelOpenedAt, resolvedAt: modelResolvedAt,
      reassignedTo: ferdie.address,
    });
    const mAt = modelReassigned.blockHash;
    assert.equal(await heldFor(eve.address, 'Lineage', 'ModelDeposit', mAt), eveModelHeld - modelDeposit);
    assert.equal(await heldFor(ferdie.address, 'Lineage', 'ModelDeposit', mAt), ferdieModelHeld + modelDeposit);
    // The squatter's offer of the model went with it.
    const [lateModelAccept, eveTransfers] = await Promise.all([
      submit(api, api.tx.lineage.acceptModel(model), charlie),
      submit(api, api.tx.lineage.transferModel(model, eve.address), eve),
    ]);
    assert.equal(lateModelAccept.dispatchError, 'lineage.NoPendingTransfer');
    assert.equal(eveTransfers.dispatchError, 'lineage.NotOwner');

    // The PROV export flags the disputed model, its dataset and the grant on it.
    const doc = await ok('lineage_exportProv', [model, null, null]);
    assert.equal(doc.entity[`pc:model-${model}`]['pc:disputed'], true);
    assert.equal(doc.entity[`pc:dataset-${squatted}`]['pc:disputed'], true);
    assert.equal(doc.entity[`pc:grant-${selfGrant}`]['pc:datasetDisputed'], true);
    const relation = (kind, want) =>
      Object.values(doc[kind] ?? {}).some((r) =>
        Object.entries(want).every(([k, v]) => JSON.stringify(r[k]) === JSON.stringify(v)));
    assert.ok(relation('wasAttributedTo', { 'prov:entity': `pc:model-${model}`, 'prov:agent': `pc:account-${ferdie.address}` }));
    assert.ok(relation('wasAttributedTo', { 'prov:entity': `pc:dataset-${squatted}`, 'prov:agent': `pc:account-${ferdie.address}` }));
    readWithProvLibrary(doc);

    // A dispute can also be dismissed: the record stays with its owner.
    const other = datasetId(await mustPass(datasetTx(), eve));
    await sudo(api.tx.datasets.disputeDataset(other, hex()));
    const dismissed = await sudo(api.tx.datasets.resolveDatasetDispute(other, null));
    assert.equal(event(dismissed.events, 'datasets', 'DisputeDismissed').id.toNumber(), other);
    assert.equal(events(dismissed.events, 'datasets', 'DatasetReassigned').length, 0);
    const kept2 = await ok('datasets_getDataset', [other]);
    assert.equal(kept2.owner, eve.address);
    assert.equal(kept2.dispute.open, false);
    assert.equal(kept2.dispute.reassignedTo, null);
  });

  test('a consent manager proxy manages consent and nothing else', async () => {
    const [registered, added] = allPass(await submitMany(alice, [
      datasetTx(),
      api.tx.proxy.addProxy(dave.address, 'ConsentManager', 0),
    ]));
    const dataset = datasetId(registered);
    const proxyAdded = event(added.events, 'proxy', 'ProxyAdded');
    assert.equal(proxyAdded.delegator.toString(), alice.address);
    assert.equal(proxyAdded.delegatee.toString(), dave.address);
    assert.equal(proxyAdded.proxyType.toString(), 'ConsentManager');
    const oldGrant = grantId(await mustPass(grantTx(dataset, bob, ['Training']), alice));

    const asAlice = (call) => api.tx.proxy.proxy(alice.address, null, call);
    /** The proxied call's outcome: null if it passed, else its decoded error. */
    const proxied = (result) => {
      assert.equal(result.dispatchError, null, 'the proxy extrinsic itself passes');
      const { result: inner } = event(result.events, 'proxy', 'ProxyExecuted');
      return inner.isOk ? null : decode(inner.asErr);
    };

    // On his own, Dave is nobody on Alice's dataset; as her proxy he revokes and grants.
    const [direct, revokeResult, grantResult] = await submitMany(dave, [
      api.tx.consent.revokeConsent(oldGrant),
      asAlice(api.tx.consent.revokeConsent(oldGrant)),
      asAlice(grantTx(dataset, charlie, ['Research'])),
    ]);
    assert.equal(direct.dispatchError, 'consent.NotAllowed');
    assert.equal(proxied(revokeResult), null);
    assert.equal(proxied(grantResult), null);
    assert.equal(event(revokeResult.events, 'consent', 'ConsentRevoked').by.toString(), alice.address);
    assert.equal((await ok('consent_getGrant', [oldGrant])).revokedAt, await numberOf(revokeResult.blockHash));
    const newGrant = grantId(grantResult);
    const granted = await ok('consent_getGrant', [newGrant]);
    assert.equal(granted.grantor, alice.address);
    assert.equal(granted.grantee, charlie.address);
    assert.deepEqual(granted.purposes, ['Research']);
    assert.equal(granted.live, true);

    // Anything else through the proxy is filtered: moving Alice's funds, handing her
    // dataset away, widening the proxy, or using her sudo key. Dave pays the fees.
    const beforeHash = await bestHash();
    const aliceBefore = await accountAt(alice.address, beforeHash);
    const daveBefore = await accountAt(dave.address, beforeHash);
    const attempts = {
      transfer: asAlice(api.tx.balances.transferKeepAlive(dave.address, 1000n * UNIT)),
      transferOwnership: asAlice(api.tx.datasets.transferOwnership(dataset, dave.address)),
      addProxy: asAlice(api.tx.proxy.addProxy(dave.address, 'Any', 0)),
      sudo: asAlice(api.tx.sudo.sudo(api.tx.balances.forceSetBalance(dave.address, 1_000_000n * UNIT))),
    };
    const results = await submitMany(dave, Object.values(attempts));
    Object.keys(attempts).forEach((name, i) => {
      assert.equal(proxied(results[i]), 'system.CallFiltered', name);
    });
    const numbers = await Promise.all(results.map((r) => numberOf(r.blockHash)));
    const lastHash = results[numbers.indexOf(Math.max(...numbers))].blockHash;
    assert.deepEqual(await accountAt(alice.address, lastHash), aliceBefore, "Alice's balance is untouched");
    const daveAfter = await accountAt(dave.address, lastHash);
    assert.ok(daveAfter.free < daveBefore.free, 'Dave paid the fees');
    assert.ok(daveAfter.free > daveBefore.free - UNIT, 'and received nothing else');
    const record = await ok('datasets_getDataset', [dataset, lastHash]);
    assert.equal(record.owner, alice.address);
    assert.equal(record.pendingOwner, null);
    const [proxies] = await (await api.at(lastHash)).query.proxy.proxies(alice.address);
    assert.deepEqual(
      proxies.map((p) => [p.delegate.toString(), p.proxyType.toString()]),
      [[dave.address, 'ConsentManager']],
    );
  });
});
