// Datasets and consent on the real node: a data owner registers a dataset and grants consent,
// the grantee logs a use, the owner revokes, the next use is refused, and an auditor reads
// over RPC that the grant was live at the older block.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { devAccounts, submit } from './lib/chain.js';
import { devNodeSuite } from './lib/suite.js';

const hex = (n = 32) => `0x${randomBytes(n).toString('hex')}`;

describe('datasets and consent over RPC', () => {
  let api;
  const suite = devNodeSuite();
  const { rpc, ok } = suite;
  before(() => {
    ({ api } = suite);
  });
  const { alice, bob, charlie } = devAccounts();

  const event = (events, section, method) => {
    const found = events.find(({ event: e }) => e.section === section && e.method === method);
    assert.ok(found, `${section}.${method} emitted`);
    return found.event.data;
  };
  /** The amount `who` has on hold for `pallet`'s hold reason `reason`. */
  const heldFor = async (who, pallet, reason, at) => {
    const query = at ? (await api.at(at)).query : api.query;
    const holds = await query.balances.holds(who);
    const hold = holds.find((h) => h.id.toHuman()?.[pallet] === reason);
    return hold ? hold.amount.toBigInt() : 0n;
  };


  let datasetId;
  let grantId;
  let liveBlock;
  const contentHash = hex();

  test('a data owner registers a dataset; the deposit is held and RPC shows the record', async () => {
    const contributors = [
      [alice.address, 600_000_000],
      [bob.address, 400_000_000],
    ];
    const { blockHash, events, dispatchError } = await submit(
      api,
      api.tx.datasets.registerDataset(
        contentHash, hex(), 'ipfs://bafy-cohort-2026', 'CC-BY-4.0', 'Personal', null, contributors,
      ),
      alice,
    );
    assert.equal(dispatchError, null);
    const registered = event(events, 'datasets', 'DatasetRegistered');
    datasetId = registered.id.toNumber();
    assert.equal(registered.owner.toString(), alice.address);
    const deposit = registered.deposit.toBigInt();
    assert.ok(deposit > 0n);
    assert.equal(await heldFor(alice.address, 'Datasets', 'DatasetDeposit', blockHash), deposit);

    const dataset = await ok('datasets_getDataset', [datasetId, blockHash]);
    assert.equal(dataset.id, datasetId);
    assert.equal(dataset.owner, alice.address);
    assert.equal(dataset.contentHash, contentHash);
    assert.equal(dataset.uri, 'ipfs://bafy-cohort-2026');
    assert.equal(dataset.license, 'CC-BY-4.0');
    assert.equal(dataset.sensitivity, 'Personal');
    assert.equal(dataset.status, 'Active');
    assert.equal(dataset.deposit, deposit.toString());
    assert.deepEqual(dataset.contributors, [
      { account: alice.address, partsPerBillion: 600_000_000 },
      { account: bob.address, partsPerBillion: 400_000_000 },
    ]);
    const byHash = await ok('datasets_getByContentHash', [contentHash]);
    assert.equal(byHash.id, datasetId);

    // The same content cannot be registered twice.
    const dup = await submit(
      api,
      api.tx.datasets.registerDataset(contentHash, hex(), 'ipfs://x', 'MIT', 'Public', null, []),
      bob,
    );
    assert.equal(dup.dispatchError, 'datasets.DuplicateContent');
  });

  test('the owner grants consent for training; the grantee logs a use', async () => {
    const termsHash = hex();
    const granted = await submit(
      api,
      api.tx.consent.grantConsent(datasetId, { Account: bob.address }, ['Training', 'Evaluation'], null, 5, { termsHash }),
      alice,
    );
    assert.equal(granted.dispatchError, null);
    const data = event(granted.events, 'consent', 'ConsentGranted');
    grantId = data.grant.toNumber();
    assert.equal(data.dataset.toNumber(), datasetId);

    // Terms given by their hash only get the defaults: derivatives by the grantee, models
    // stop on revocation, consent as the legal basis, nothing else recorded.
    const grant = await ok('consent_getGrant', [grantId]);
    assert.equal(grant.termsHash, termsHash);
    assert.equal(grant.derivatives, 'GranteeOnly');
    assert.equal(grant.onRevoke, 'StopUse');
    assert.equal(grant.legalBasis, 'Consent');
    assert.equal(grant.dataSubject, null);
    assert.equal(grant.controller, null);
    assert.equal(grant.jurisdiction, null);
    assert.equal(grant.noticeVersion, null);
    assert.equal(grant.grantor, alice.address);
    assert.equal(grant.live, true);

    const status = await ok('consent_status', [datasetId, bob.address, 'Training']);
    assert.deepEqual(status, { live: true, grant: grantId });
    const notForInference = await ok('consent_status', [datasetId, bob.address, 'Inference']);
    assert.deepEqual(notForInference, { live: false, grant: null });
    const notForCharlie = await ok('consent_status', [datasetId, charlie.address, 'Training']);
    assert.deepEqual(notForCharlie, { live: false, grant: null });

    const jobHash = hex();
    const access = await submit(api, api.tx.consent.recordAccess(grantId, 'Training', jobHash), bob);
    assert.equal(access.dispatchError, null);
    liveBlock = access.blockHash;

    const log = await ok('consent_accessLog', [grantId, null, null]);
    assert.equal(log.items.length, 1);
    assert.equal(log.items[0].index, 0);
    assert.equal(log.items[0].accessor, bob.address);
    assert.equal(log.items[0].purpose, 'Training');
    assert.equal(log.items[0].jobHash, jobHash);
    assert.equal(log.next, null);

    const wrongPurpose = await submit(api, api.tx.consent.recordAccess(grantId, 'Inference', hex()), bob);
    assert.equal(wrongPurpose.dispatchError, 'consent.PurposeNotCovered');
  });

  test('after revocation the next use is refused, and history still shows the grant live', async () => {
    const revoked = await submit(api, api.tx.consent.revokeConsent(grantId), alice);
    assert.equal(revoked.dispatchError, null);
    const revokedEvent = event(revoked.events, 'consent', 'ConsentRevoked');
    assert.equal(revokedEvent.grant.toNumber(), grantId);
    assert.equal(revokedEvent.dataset.toNumber(), datasetId);
    assert.equal(revokedEvent.by.toString(), alice.address);
    // No model was trained under it.
    assert.equal(revokedEvent.taintedModels.toNumber(), 0);
    assert.equal(revokedEvent.effect.toString(), 'StopUse');
    const revokedAt = (await api.rpc.chain.getHeader(revoked.blockHash)).number.toNumber();

    const refused = await submit(api, api.tx.consent.recordAccess(grantId, 'Training', hex()), bob);
    assert.equal(refused.dispatchError, 'consent.ConsentRevoked');
    const again = await submit(api, api.tx.consent.revokeConsent(grantId), alice);
    assert.equal(again.dispatchError, 'consent.AlreadyRevoked');

    // Now: not live, revoked at that block, and the refused use was not logged.
    assert.deepEqual(await ok('consent_status', [datasetId, bob.address, 'Training']), { live: false, grant: null });
    const now = await ok('consent_getGrant', [grantId]);
    assert.equal(now.live, false);
    assert.equal(now.revokedAt, revokedAt);
    assert.equal(now.uses, 1);

    // At the older block the same questions get the answers of that time.
    const then = await ok('consent_status', [datasetId, bob.address, 'Training', liveBlock]);
    assert.deepEqual(then, { live: true, grant: grantId });
    const grantThen = await ok('consent_getGrant', [grantId, liveBlock]);
    assert.equal(grantThen.live, true);
    assert.equal(grantThen.revokedAt, null);

    const grants = await ok('consent_datasetGrants', [datasetId, null, 10]);
    assert.deepEqual(grants.items.map((g) => g.id), [grantId]);
    const bobs = await ok('consent_accountGrants', [bob.address, null, 10]);
    assert.ok(bobs.items.some((g) => g.id === grantId));
  });

  test('a retired dataset takes no new grants but stays queryable', async () => {
    const retired = await submit(api, api.tx.datasets.retireDataset(datasetId), alice);
    assert.equal(retired.dispatchError, null);
    const refused = await submit(
      api,
      api.tx.consent.grantConsent(datasetId, { Account: charlie.address }, ['Research'], null, null, { termsHash: hex() }),
      alice,
    );
    assert.equal(refused.dispatchError, 'consent.DatasetRetired');
    const dataset = await ok('datasets_getDataset', [datasetId]);
    assert.equal(dataset.status, 'Retired');
  });

  test('bad queries get JSON-RPC errors that say what is wrong', async () => {
    const unknown = await rpc('datasets_getDataset', [987654]);
    assert.equal(unknown.error?.code, 8001, JSON.stringify(unknown));
    assert.equal(unknown.error.message, 'unknown dataset 987654');

    const unknownGrant = await rpc('consent_accessLog', [987654, null, null]);
    assert.equal(unknownGrant.error?.code, 8001, JSON.stringify(unknownGrant));
    assert.equal(unknownGrant.error.message, 'unknown grant 987654');

    const tooBig = await rpc('consent_datasetGrants', [datasetId, null, 101]);
    assert.equal(tooBig.error?.code, 8002, JSON.stringify(tooBig));
    assert.equal(tooBig.error.message, 'page size 101 is over the cap of 100');

    const badPurpose = await rpc('consent_status', [datasetId, bob.address, 'Cooking']);
    assert.equal(badPurpose.error?.code, -32602, JSON.stringify(badPurpose));
    assert.match(badPurpose.error.data, /unknown variant `Cooking`, expected one of `Training`/);

    const badAccount = await rpc('consent_accountGrants', ['not-an-address', null, null]);
    assert.equal(badAccount.error?.code, -32602, JSON.stringify(badAccount));
    assert.match(badAccount.error.data, /Base 58/);

    const unknownBlock = await rpc('datasets_getDataset', [datasetId, hex()]);
    assert.equal(unknownBlock.error?.code, 8003, JSON.stringify(unknownBlock));
    assert.match(unknownBlock.error.message, /not known to this node/);
  });
});
