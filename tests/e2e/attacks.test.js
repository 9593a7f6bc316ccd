// Attacks that used to work, against the real node: each test makes the attempt and asserts
// the typed error the runtime now gives, and that the honest path still works.
//   1. purpose launder: building on a grantee's model to reach its data for another purpose,
//      or as another account, or after the revocation for a purpose the grant never named;
//   2. ex-grantor revoke: the seller of a dataset, or a replaced or removed delegate,
//      revoking grants they once made;
//   3. one-step transfer: pushing a model (and its deposit) onto an account that never
//      asked for it;
//   4. evaluation spam: evaluations by strangers, and one evaluator flooding a model;
//   5. grant terms: the full consent record round-trips through the RPC and the PROV
//      export, and a malformed jurisdiction is refused;
//   6. next block: a grant that expires in the next block is not reported live now;
//   7. basis under-bound: a run charged up front for fewer basis grants than its ancestry
//      holds.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { devAccounts, submit } from './lib/chain.js';
import { readWithProvLibrary } from './lib/prov.js';
import { devNodeSuite } from './lib/suite.js';

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;
// `registerModel`'s slippage bound on the parents' total share: 100% (parts per billion),
// so that only the royalty rules themselves can refuse a registration here.
const MAX_PARENT_SHARE = 1_000_000_000;
const MILLI_UNIT = 1_000_000_000n;
// The runtime's `MaxEvaluationsPerEvaluator`.
const MAX_EVALUATIONS_PER_EVALUATOR = 16;
const byId = (a, b) => a - b;

describe('attacks that used to work are refused', () => {
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
  /** Root, through Alice's sudo key on the dev chain; fails the test if the call failed. */
  const sudo = async (call) => {
    const result = await mustPass(api.tx.sudo.sudo(call), alice);
    const { sudoResult } = event(result.events, 'sudo', 'Sudid');
    assert.ok(sudoResult.isOk, `sudo ${call.method.section}.${call.method.method}: ${sudoResult.toString()}`);
    return result;
  };
  /** The amount `who` has on hold for `pallet`'s hold reason `reason`. */
  const heldFor = async (who, pallet, reason, at) => {
    const query = at ? (await api.at(at)).query : api.query;
    const holds = await query.balances.holds(who);
    const hold = holds.find((h) => h.id.toHuman()?.[pallet] === reason);
    return hold ? hold.amount.toBigInt() : 0n;
  };
  const reserved = async (who, at) =>
    (await (await api.at(at)).query.system.account(who)).data.reserved.toBigInt();
  const numberOf = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const hashOf = async (number) => (await api.rpc.chain.getBlockHash(number)).toHex();
  /** Every purpose the runtime knows, read from its metadata. */
  const allPurposes = () => {
    const arg = api.tx.lineage.registerModel.meta.args.find((a) => a.name.toString() === 'purpose');
    return api.registry.createType(arg.type.toString()).defKeys;
  };

  /** A fresh public dataset owned by `owner`; returns its id. */
  const newDataset = async (owner = alice) => {
    const { events: evs } = await mustPass(
      api.tx.datasets.registerDataset(hex(), hex(), 'ipfs://attacks', 'CC-BY-4.0', 'Public', null, []),
      owner,
    );
    return event(evs, 'datasets', 'DatasetRegistered').id.toNumber();
  };
  const grantTx = (dataset, grantee, purposes, terms = {}, expiresAt = null) =>
    api.tx.consent.grantConsent(
      dataset, { Account: grantee.address }, purposes, expiresAt, null, { termsHash: hex(), ...terms },
    );
  const grantId = (result) => event(result.events, 'consent', 'ConsentGranted').grant.toNumber();
  /** `signer`'s grant on `dataset` to `grantee`; returns its id. */
  const grantOn = async (signer, dataset, grantee, purposes, terms = {}, expiresAt = null) =>
    grantId(await mustPass(grantTx(dataset, grantee, purposes, terms, expiresAt), signer));
  const modelTx = ({ name, kind = 'Pretrain', parents = [], inputs = [], purpose = 'Training', maxBasis }) =>
    api.tx.lineage.registerModel(
      hex(), name, '1.0', `hf://attacks/${name}`, 'Apache-2.0', hex(), 'Open',
      kind, parents, inputs, purpose, hex(), hex(), null, MAX_PARENT_SHARE,
      maxBasis ?? api.consts.lineage.maxBasisGrants,
    );
  const modelId = (result) => event(result.events, 'lineage', 'ModelRegistered').id.toNumber();
  /** Registers a model; returns the submit result, with `id` if it passed. */
  const registerModel = async (signer, spec) => {
    const result = await submit(api, modelTx(spec), signer);
    return result.dispatchError ? result : { ...result, id: modelId(result) };
  };
  /** `signer` trains a model on `dataset` under `grant` for `purpose`; returns its id. */
  const trainOn = async (signer, dataset, grant, purpose = 'Training') => {
    const result = await registerModel(signer, {
      name: `trained-on-${dataset}`, inputs: [{ dataset, role: 'Train', grant }], purpose,
    });
    assert.equal(result.dispatchError, null, `training on grant ${grant}`);
    return result.id;
  };
  const derive = (name, parent, purpose) =>
    modelTx({ name, kind: 'FineTune', parents: [[parent, 'FineTune']], purpose });

  test('purpose launder: a model trained for research cannot carry its data to a stranger or to another purpose', async () => {
    // D is granted to Bob for research only, derivatives by Bob alone (the default).
    const dataset = await newDataset();
    const grant = await grantOn(alice, dataset, bob, ['Research']);
    const base = await trainOn(bob, dataset, grant, 'Research');

    // Charlie holds no grant and names no inputs: he inherits the grant through the parent.
    const [commercial, research] = await submitMany(charlie, [
      derive('laundered-commercial', base, 'Commercial'),
      derive('laundered-research', base, 'Research'),
    ]);
    assert.equal(commercial.dispatchError, 'lineage.InheritedPurposeNotCovered');
    assert.equal(research.dispatchError, 'lineage.InheritedDerivationNotAllowed');
    // Bob himself may not widen the purpose either; within it he may build on his model.
    const [bobCommercial, bobResearch] = await submitMany(bob, [
      derive('widened', base, 'Commercial'),
      derive('research-tuned', base, 'Research'),
    ]);
    assert.equal(bobCommercial.dispatchError, 'lineage.InheritedPurposeNotCovered');
    assert.equal(bobResearch.dispatchError, null);
    const tuned = modelId(bobResearch);

    // The refused runs registered nothing: the grant reaches exactly Bob's two models.
    const trained = [base, tuned].sort(byId);
    const impact = await ok('lineage_impact', [grant, null, null]);
    assert.deepEqual([...impact.items].sort(byId), trained);

    // The revocation reports how many models it taints and what that means for them.
    const revoked = await mustPass(api.tx.consent.revokeConsent(grant), alice);
    const revokedAt = await numberOf(revoked.blockHash);
    const data = event(revoked.events, 'consent', 'ConsentRevoked');
    assert.equal(data.grant.toNumber(), grant);
    assert.equal(data.dataset.toNumber(), dataset);
    assert.equal(data.by.toString(), alice.address);
    assert.equal(data.taintedModels.toNumber(), trained.length);
    assert.equal(data.effect.toString(), 'StopUse');
    for (const model of trained) {
      assert.deepEqual(await ok('lineage_consentStatus', [model]), {
        clean: false,
        tainted: [{ grant, revokedAt, effect: 'StopUse' }],
      });
    }

    // Nothing more may be built on them, for any purpose: those the grant never named too.
    const purposes = allPurposes();
    assert.ok(purposes.includes('Research') && purposes.includes('Commercial'), purposes.join());
    const after = await submitMany(bob, purposes.map((purpose) => derive(`after-${purpose}`, tuned, purpose)));
    after.forEach((result, i) => assert.equal(result.dispatchError, 'lineage.TaintedParent', purposes[i]));
    const stranger = await submit(api, derive('after-stranger', base, 'Commercial'), charlie);
    assert.equal(stranger.dispatchError, 'lineage.TaintedParent');
    assert.deepEqual([...(await ok('lineage_impact', [grant, null, null])).items].sort(byId), trained);
  });

  test('ex-grantor revoke: the seller of a dataset loses authority over the grants it made', async () => {
    const dataset = await newDataset(alice);
    const grant = await grantOn(alice, dataset, bob, ['Training']);

    // An offer can be withdrawn, by the owner only, and then cannot be accepted.
    await mustPass(api.tx.datasets.transferOwnership(dataset, charlie.address), alice);
    const notOwner = await submit(api, api.tx.datasets.cancelOwnershipTransfer(dataset), charlie);
    assert.equal(notOwner.dispatchError, 'datasets.NotOwner');
    const cancelled = await mustPass(api.tx.datasets.cancelOwnershipTransfer(dataset), alice);
    const data = event(cancelled.events, 'datasets', 'OwnershipTransferCancelled');
    assert.equal(data.id.toNumber(), dataset);
    assert.equal(data.to.toString(), charlie.address);
    const [late, again] = await Promise.all([
      submit(api, api.tx.datasets.acceptOwnership(dataset), charlie),
      submit(api, api.tx.datasets.cancelOwnershipTransfer(dataset), alice),
    ]);
    assert.equal(late.dispatchError, 'datasets.NoPendingTransfer');
    assert.equal(again.dispatchError, 'datasets.NoPendingTransfer');
    assert.equal((await ok('datasets_getDataset', [dataset])).owner, alice.address);

    // Alice sells the dataset to Dave.
    await mustPass(api.tx.datasets.transferOwnership(dataset, dave.address), alice);
    await mustPass(api.tx.datasets.acceptOwnership(dataset), dave);
    assert.equal((await ok('datasets_getDataset', [dataset])).owner, dave.address);

    const exGrantor = await submit(api, api.tx.consent.revokeConsent(grant), alice);
    assert.equal(exGrantor.dispatchError, 'consent.NotAllowed');
    assert.equal((await ok('consent_getGrant', [grant])).revokedAt, null);
    const byOwner = await mustPass(api.tx.consent.revokeConsent(grant), dave);
    assert.equal(event(byOwner.events, 'consent', 'ConsentRevoked').by.toString(), dave.address);
    const record = await ok('consent_getGrant', [grant]);
    assert.equal(record.grantor, alice.address, 'the record still names who granted it');
    assert.equal(record.revokedAt, await numberOf(byOwner.blockHash));
  });

  test('ex-grantor revoke: a replaced or removed delegate loses authority over the grants it made', async () => {
    const dataset = await newDataset(alice);
    await mustPass(api.tx.datasets.setDelegate(dataset, eve.address), alice);
    const [r1, r2] = await submitMany(eve, [
      grantTx(dataset, bob, ['Training']),
      grantTx(dataset, charlie, ['Research']),
    ]);
    const [g1, g2] = [grantId(r1), grantId(r2)];
    assert.equal((await ok('consent_getGrant', [g1])).grantor, eve.address);

    // Replaced by Ferdie: Eve may no longer revoke, Ferdie may.
    await mustPass(api.tx.datasets.setDelegate(dataset, ferdie.address), alice);
    const replaced = await submit(api, api.tx.consent.revokeConsent(g1), eve);
    assert.equal(replaced.dispatchError, 'consent.NotAllowed');
    const byDelegate = await mustPass(api.tx.consent.revokeConsent(g1), ferdie);
    assert.equal(event(byDelegate.events, 'consent', 'ConsentRevoked').by.toString(), ferdie.address);

    // Removed: neither former delegate may revoke; the owner may.
    await mustPass(api.tx.datasets.setDelegate(dataset, null), alice);
    const [exFerdie, exEve] = await Promise.all([
      submit(api, api.tx.consent.revokeConsent(g2), ferdie),
      submit(api, api.tx.consent.revokeConsent(g2), eve),
    ]);
    assert.equal(exFerdie.dispatchError, 'consent.NotAllowed');
    assert.equal(exEve.dispatchError, 'consent.NotAllowed');
    assert.equal((await ok('consent_getGrant', [g2])).revokedAt, null);
    const byOwner = await mustPass(api.tx.consent.revokeConsent(g2), alice);
    assert.equal(event(byOwner.events, 'consent', 'ConsentRevoked').by.toString(), alice.address);
  });

  test('one-step transfer: a model is only offered until the recipient accepts it', async () => {
    const dataset = await newDataset();
    const grant = await grantOn(alice, dataset, bob, ['Training']);
    const model = await trainOn(bob, dataset, grant);
    const { deposit: depositString, owner } = await ok('lineage_getModel', [model]);
    assert.equal(owner, bob.address);
    const deposit = BigInt(depositString);
    assert.ok(deposit > 0n);
    // The best block, which holds Bob's registration.
    const start = (await api.rpc.chain.getBlockHash()).toHex();
    const before = {
      bobHeld: await heldFor(bob.address, 'Lineage', 'ModelDeposit', start),
      charlieHeld: await heldFor(charlie.address, 'Lineage', 'ModelDeposit', start),
      charlieReserved: await reserved(charlie.address, start),
    };

    // Bob "gives" the model to Charlie: only an offer. Nothing moves.
    const proposed = await mustPass(api.tx.lineage.transferModel(model, charlie.address), bob);
    const offer = event(proposed.events, 'lineage', 'ModelTransferProposed');
    assert.equal(offer.model.toNumber(), model);
    assert.equal(offer.from.toString(), bob.address);
    assert.equal(offer.to.toString(), charlie.address);
    assert.equal(events(proposed.events, 'lineage', 'ModelTransferred').length, 0);
    const offered = await ok('lineage_getModel', [model, proposed.blockHash]);
    assert.equal(offered.owner, bob.address);
    assert.equal(offered.deposit, depositString);
    assert.equal(await heldFor(bob.address, 'Lineage', 'ModelDeposit', proposed.blockHash), before.bobHeld);
    assert.equal(await heldFor(charlie.address, 'Lineage', 'ModelDeposit', proposed.blockHash), before.charlieHeld);
    assert.equal(await reserved(charlie.address, proposed.blockHash), before.charlieReserved);

    // A third party cannot take the offer, the recipient cannot cancel it, the owner can.
    const [thirdParty, recipientCancels] = await Promise.all([
      submit(api, api.tx.lineage.acceptModel(model), dave),
      submit(api, api.tx.lineage.cancelModelTransfer(model), charlie),
    ]);
    assert.equal(thirdParty.dispatchError, 'lineage.NotPendingOwner');
    assert.equal(recipientCancels.dispatchError, 'lineage.NotOwner');
    const cancelled = await mustPass(api.tx.lineage.cancelModelTransfer(model), bob);
    const withdrawn = event(cancelled.events, 'lineage', 'ModelTransferCancelled');
    assert.equal(withdrawn.model.toNumber(), model);
    assert.equal(withdrawn.to.toString(), charlie.address);
    const [tooLate, nothingToCancel] = await Promise.all([
      submit(api, api.tx.lineage.acceptModel(model), charlie),
      submit(api, api.tx.lineage.cancelModelTransfer(model), bob),
    ]);
    assert.equal(tooLate.dispatchError, 'lineage.NoPendingTransfer');
    assert.equal(nothingToCancel.dispatchError, 'lineage.NoPendingTransfer');

    // A real transfer: offered, then accepted; the deposit moves with the model.
    await mustPass(api.tx.lineage.transferModel(model, charlie.address), bob);
    const accepted = await mustPass(api.tx.lineage.acceptModel(model), charlie);
    const moved = event(accepted.events, 'lineage', 'ModelTransferred');
    assert.equal(moved.model.toNumber(), model);
    assert.equal(moved.from.toString(), bob.address);
    assert.equal(moved.to.toString(), charlie.address);
    assert.equal((await ok('lineage_getModel', [model, accepted.blockHash])).owner, charlie.address);
    assert.equal(await heldFor(bob.address, 'Lineage', 'ModelDeposit', accepted.blockHash), before.bobHeld - deposit);
    assert.equal(
      await heldFor(charlie.address, 'Lineage', 'ModelDeposit', accepted.blockHash),
      before.charlieHeld + deposit,
    );
    assert.equal(await reserved(charlie.address, accepted.blockHash), before.charlieReserved + deposit);
    const [oldOwner, again] = await Promise.all([
      submit(api, api.tx.lineage.transferModel(model, dave.address), bob),
      submit(api, api.tx.lineage.acceptModel(model), charlie),
    ]);
    assert.equal(oldOwner.dispatchError, 'lineage.NotOwner');
    assert.equal(again.dispatchError, 'lineage.NoPendingTransfer');
  });

  test('evaluation spam: strangers are refused, evaluators are capped, the owner removes evaluations', async () => {
    const dataset = await newDataset();
    const grant = await grantOn(alice, dataset, bob, ['Training']);
    const model = await trainOn(bob, dataset, grant);
    const evaluate = (value) => api.tx.lineage.recordEvaluation(model, null, 'accuracy', value, hex());

    const stranger = await submit(api, evaluate(1), eve);
    assert.equal(stranger.dispatchError, 'lineage.NotEvaluator');
    // Accrediting is Root's: Eve cannot accredit herself.
    const selfAccredited = await submit(api, api.tx.lineage.addEvaluator(eve.address), eve);
    assert.match(selfAccredited.dispatchError ?? '', /badOrigin/i);

    // Bob allows Charlie (holding a deposit from Bob); Charlie's evaluation is not accredited.
    const allowanceBefore = await heldFor(bob.address, 'Lineage', 'AllowanceDeposit');
    const allowed = await mustPass(api.tx.lineage.allowEvaluator(model, charlie.address), bob);
    const allowedEvent = event(allowed.events, 'lineage', 'EvaluatorAllowed');
    assert.equal(allowedEvent.who.toString(), charlie.address);
    assert.equal(
      await heldFor(bob.address, 'Lineage', 'AllowanceDeposit', allowed.blockHash),
      allowanceBefore + 10n * MILLI_UNIT,
    );
    const charlieHeldBefore = await heldFor(charlie.address, 'Lineage', 'EvaluationDeposit');
    const byCharlie = await mustPass(evaluate(900_000), charlie);
    const charlieEval = event(byCharlie.events, 'lineage', 'EvaluationRecorded');
    assert.equal(charlieEval.evaluator.toString(), charlie.address);
    assert.equal(charlieEval.accredited.isTrue, false);
    const charlieIndex = charlieEval.index.toNumber();
    assert.ok(await heldFor(charlie.address, 'Lineage', 'EvaluationDeposit', byCharlie.blockHash) > charlieHeldBefore);

    // Root accredits Dave; his evaluation is marked accredited.
    const added = await sudo(api.tx.lineage.addEvaluator(dave.address));
    assert.equal(event(added.events, 'lineage', 'EvaluatorAdded').who.toString(), dave.address);
    const byDave = await mustPass(evaluate(910_000), dave);
    const daveEval = event(byDave.events, 'lineage', 'EvaluationRecorded');
    assert.equal(daveEval.accredited.isTrue, true);
    const daveIndex = daveEval.index.toNumber();
    const listed = await ok('lineage_evaluations', [model, null, null]);
    const item = (index) => listed.items.find((e) => e.index === index);
    assert.deepEqual(
      [item(charlieIndex).evaluator, item(charlieIndex).accredited],
      [charlie.address, false],
    );
    assert.deepEqual([item(daveIndex).evaluator, item(daveIndex).accredited], [dave.address, true]);

    // Dave floods the model: his evaluations stop at the per-evaluator cap.
    const flood = await submitMany(
      dave,
      Array.from({ length: MAX_EVALUATIONS_PER_EVALUATOR }, (_, i) => evaluate(i)),
    );
    const passed = flood.filter((r) => r.dispatchError === null).length;
    assert.equal(passed, MAX_EVALUATIONS_PER_EVALUATOR - 1);
    assert.equal(flood.at(-1).dispatchError, 'lineage.TooManyEvaluationsBy');

    // Only the owner removes evaluations; removing one returns its deposit to its evaluator
    // and frees the evaluator's slot.
    const notOwner = await submit(api, api.tx.lineage.removeEvaluation(model, charlieIndex), charlie);
    assert.equal(notOwner.dispatchError, 'lineage.NotOwner');
    const removed = await mustPass(api.tx.lineage.removeEvaluation(model, charlieIndex), bob);
    const removedEvent = event(removed.events, 'lineage', 'EvaluationRemoved');
    assert.equal(removedEvent.model.toNumber(), model);
    assert.equal(removedEvent.index.toNumber(), charlieIndex);
    assert.equal(removedEvent.evaluator.toString(), charlie.address);
    assert.equal(await heldFor(charlie.address, 'Lineage', 'EvaluationDeposit', removed.blockHash), charlieHeldBefore);
    const afterRemoval = await ok('lineage_evaluations', [model, null, null]);
    assert.ok(!afterRemoval.items.some((e) => e.index === charlieIndex), 'the removed evaluation is gone');
    assert.equal(afterRemoval.items.length, MAX_EVALUATIONS_PER_EVALUATOR);
    const removedTwice = await submit(api, api.tx.lineage.removeEvaluation(model, charlieIndex), bob);
    assert.equal(removedTwice.dispatchError, 'lineage.UnknownEvaluation');

    // An accredited evaluator's result is not the owner's to bury.
    const buried = await submit(api, api.tx.lineage.removeEvaluation(model, daveIndex), bob);
    assert.equal(buried.dispatchError, 'lineage.AccreditedEvaluation');

    // Disallowed, Charlie is a stranger again and Bob's allowance deposit comes back; Dave,
    // no longer accredited, too, but his evaluations stay marked as accredited when made.
    const disallowed = await mustPass(api.tx.lineage.disallowEvaluator(model, charlie.address), bob);
    assert.equal(
      await heldFor(bob.address, 'Lineage', 'AllowanceDeposit', disallowed.blockHash),
      allowanceBefore,
    );
    await sudo(api.tx.lineage.removeEvaluator(dave.address));
    const [exAllowed, exAccredited] = await Promise.all([
      submit(api, evaluate(1), charlie),
      submit(api, evaluate(1), dave),
    ]);
    assert.equal(exAllowed.dispatchError, 'lineage.NotEvaluator');
    assert.equal(exAccredited.dispatchError, 'lineage.NotEvaluator');
    const remaining = await ok('lineage_evaluations', [model, null, null]);
    assert.equal(remaining.items.length, MAX_EVALUATIONS_PER_EVALUATOR);
    assert.ok(remaining.items.every((e) => e.evaluator === dave.address && e.accredited === true));
  });

  test('grant terms: the full consent record round-trips; a malformed jurisdiction is refused', async () => {
    const dataset = await newDataset();
    const terms = {
      termsHash: hex(),
      derivatives: 'Anyone',
      onRevoke: 'NoNewTraining',
      dataSubject: hex(),
      controller: ferdie.address,
      legalBasis: 'PublicTask',
      jurisdiction: '0x4445', // "DE"
      noticeVersion: hex(),
    };
    // "de" and "D1" are not two ASCII capital letters.
    const bad = await submitMany(alice, [
      grantTx(dataset, bob, ['Training'], { ...terms, jurisdiction: '0x6465' }),
      grantTx(dataset, bob, ['Training'], { ...terms, jurisdiction: '0x4431' }),
    ]);
    for (const result of bad) assert.equal(result.dispatchError, 'consent.InvalidJurisdiction');

    const grant = await grantOn(alice, dataset, bob, ['Training', 'Research'], terms);
    const expected = {
      termsHash: terms.termsHash,
      derivatives: 'Anyone',
      onRevoke: 'NoNewTraining',
      dataSubject: terms.dataSubject,
      controller: ferdie.address,
      legalBasis: 'PublicTask',
      jurisdiction: 'DE',
      noticeVersion: terms.noticeVersion,
    };
    const pick = (g) => Object.fromEntries(Object.keys(expected).map((k) => [k, g[k]]));
    assert.deepEqual(pick(await ok('consent_getGrant', [grant])), expected);
    const inDataset = (await ok('consent_datasetGrants', [dataset, null, 10])).items.find((g) => g.id === grant);
    assert.deepEqual(pick(inDataset), expected);
    const ofBob = await ok('consent_accountGrants', [bob.address, null, 100]);
    const inAccount = ofBob.items.find((g) => g.id === grant);
    assert.ok(inAccount, `grant ${grant} among Bob's`);
    assert.deepEqual(pick(inAccount), expected);

    // `Anyone` lets Charlie build on Bob's model, within the grant's purposes only.
    const base = await trainOn(bob, dataset, grant);
    const [outside, inside] = await submitMany(charlie, [
      derive('anyone-commercial', base, 'Commercial'),
      derive('anyone-research', base, 'Research'),
    ]);
    assert.equal(outside.dispatchError, 'lineage.InheritedPurposeNotCovered');
    assert.equal(inside.dispatchError, null);
    const derived = modelId(inside);

    const doc = await ok('lineage_exportProv', [derived, null, null]);
    const entity = doc.entity[`pc:grant-${grant}`];
    assert.ok(entity, 'the grant is an entity');
    assert.equal(entity['pc:termsHash'], terms.termsHash);
    assert.equal(entity['pc:derivatives'], 'Anyone');
    assert.equal(entity['pc:onRevoke'], 'NoNewTraining');
    assert.equal(entity['pc:legalBasis'], 'PublicTask');
    assert.equal(entity['pc:dataSubject'], terms.dataSubject);
    assert.deepEqual(entity['pc:controller'], { $: `pc:account-${ferdie.address}`, type: 'prov:QUALIFIED_NAME' });
    assert.equal(entity['pc:jurisdiction'], 'DE');
    assert.equal(entity['pc:noticeVersion'], terms.noticeVersion);
    assert.ok(doc.agent[`pc:account-${ferdie.address}`], 'the controller is an agent');
    const { records } = readWithProvLibrary(doc);
    assert.ok(records.Entity >= 4, JSON.stringify(records));

    // Revoked with `NoNewTraining`: the event and the models' status say so, and nothing new
    // may be built on them.
    const revoked = await mustPass(api.tx.consent.revokeConsent(grant), alice);
    const data = event(revoked.events, 'consent', 'ConsentRevoked');
    assert.equal(data.effect.toString(), 'NoNewTraining');
    assert.equal(data.taintedModels.toNumber(), 2);
    const revokedAt = await numberOf(revoked.blockHash);
    for (const model of [base, derived]) {
      assert.deepEqual(await ok('lineage_consentStatus', [model]), {
        clean: false,
        tainted: [{ grant, revokedAt, effect: 'NoNewTraining' }],
      });
    }
    const refused = await submit(api, derive('after-no-new-training', derived, 'Research'), charlie);
    assert.equal(refused.dispatchError, 'lineage.TaintedParent');
  });

  test('next block: a grant that expires in the next block is not reported live', async () => {
    const dataset = await newDataset();
    // Queries answer for the block after the one queried (where a use submitted then lands
    // at the earliest). The grant lands in the block after `best`; a margin of four leaves
    // Bob a block to train on it while it is live.
    const best = await bestNumber();
    const expiresAt = best + 4;
    const granted = await mustPass(grantTx(dataset, bob, ['Training'], {}, expiresAt), alice);
    const grant = grantId(granted);
    const grantedAt = await numberOf(granted.blockHash);
    assert.ok(grantedAt + 1 < expiresAt, `granted at #${grantedAt}, expires at #${expiresAt}`);
    assert.equal((await ok('consent_getGrant', [grant, granted.blockHash])).live, true);
    assert.deepEqual(await ok('consent_status', [dataset, bob.address, 'Training', granted.blockHash]), {
      live: true,
      grant,
    });
    const model = await trainOn(bob, dataset, grant);

    // Wait for block `expiresAt - 1`: the grant is still unexpired in it, but not in the
    // next block, so it is reported not live.
    const deadline = Date.now() + 120_000;
    while ((await bestNumber()) < expiresAt - 1) {
      assert.ok(Date.now() < deadline, `block #${expiresAt - 1} not reached`);
      await sleep(500);
    }
    const lastLive = await hashOf(expiresAt - 2);
    const last = await hashOf(expiresAt - 1);
    assert.equal((await ok('consent_getGrant', [grant, lastLive])).live, true);
    assert.deepEqual(await ok('consent_status', [dataset, bob.address, 'Training', lastLive]), {
      live: true,
      grant,
    });
    const atLast = await ok('consent_getGrant', [grant, last]);
    assert.equal(atLast.live, false);
    assert.equal(atLast.expiresAt, expiresAt);
    assert.equal(atLast.revokedAt, null);
    assert.deepEqual(await ok('consent_status', [dataset, bob.address, 'Training', last]), {
      live: false,
      grant: null,
    });
    const listed = (await ok('consent_datasetGrants', [dataset, null, 10, last])).items.find((g) => g.id === grant);
    assert.equal(listed.live, false);

    // And the chain agrees: a use submitted now is refused as expired, and so is a run that
    // would inherit the grant.
    const [use, run] = await submitMany(bob, [
      api.tx.consent.recordAccess(grant, 'Training', hex()),
      derive('after-expiry', model, 'Training'),
    ]);
    assert.equal(use.dispatchError, 'consent.ConsentExpired');
    assert.equal(run.dispatchError, 'lineage.InheritedConsentExpired');
  });

  test('basis under-bound: a run naming fewer basis grants than its ancestry holds is refused and uses nothing', async () => {
    // Bob's base model on two datasets: a consent basis of two grants.
    const [d1, d2, d3] = [await newDataset(), await newDataset(), await newDataset()];
    const [g1, g2] = [await grantOn(alice, d1, bob, ['Training']), await grantOn(alice, d2, bob, ['Training'])];
    const base = await registerModel(bob, {
      name: 'two-grant-base',
      inputs: [{ dataset: d1, role: 'Train', grant: g1 }, { dataset: d2, role: 'Train', grant: g2 }],
    });
    assert.equal(base.dispatchError, null);
    // A fine-tune with one input of its own, under a grant of one use: a basis of three.
    const g3 = grantId(await mustPass(
      api.tx.consent.grantConsent(d3, { Account: bob.address }, ['Training'], null, 1, { termsHash: hex() }),
      alice,
    ));
    const spec = {
      name: 'under-bound', kind: 'FineTune', parents: [[base.id, 'FineTune']],
      inputs: [{ dataset: d3, role: 'Train', grant: g3 }],
    };
    // Charged up front for its bound: the honest one costs less than the largest.
    const upFront = async (maxBasis) =>
      (await modelTx({ ...spec, maxBasis }).paymentInfo(bob)).weight.refTime.toBigInt();
    const largest = api.consts.lineage.maxBasisGrants.toNumber();
    assert.ok((await upFront(3)) < (await upFront(largest)), 'an honest bound is charged less up front');
    assert.equal(await upFront(largest + 1000), await upFront(largest), 'a bound above the largest counts as the largest');
    // Counting only its own input, nothing, or one short: refused, each charged its bound.
    for (const maxBasis of [1, 0, 2]) {
      const refused = await registerModel(bob, { ...spec, maxBasis });
      assert.equal(refused.dispatchError, 'lineage.BasisAboveBound', `bound ${maxBasis}`);
    }
    // None of them used the one-use grant: the honest bound trains on it.
    const honest = await registerModel(bob, { ...spec, maxBasis: 3 });
    assert.equal(honest.dispatchError, null);
    assert.deepEqual((await ok('lineage_getModel', [honest.id])).consentBasis.sort(byId), [g1, g2, g3].sort(byId));
  });
});
