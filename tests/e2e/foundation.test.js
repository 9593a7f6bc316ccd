// The foundation: the real node builds a chain, finalizes it, takes a signed transfer and
// answers bad RPC input with JSON-RPC errors.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { Keyring } from '@polkadot/api';
import { encodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';

import { devAccounts, finalizedNumber, submit, waitForFinalized } from './lib/chain.js';
import { rawRpc, runCli } from './lib/node.js';
import { devNodeSuite } from './lib/suite.js';

describe('provenance-node --dev', () => {
  let node;
  let api;
  const suite = devNodeSuite();
  before(() => {
    ({ node, api } = suite);
  });
  const { alice, bob } = devAccounts();

  test('serves the provenance runtime with metadata V16', async () => {
    assert.equal(api.runtimeVersion.specName.toString(), 'provenance');
    const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
    assert.ok(versions.includes(16), `metadata versions ${versions}`);
    const v16 = await api.call.metadata.metadataAtVersion(16);
    assert.ok(v16.isSome, 'metadata V16 is returned');
    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'PROV');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
  });

  test('stores the chain in ParityDB', () => {
    const chainDir = join(node.basePath, 'chains', 'provenance_dev');
    assert.ok(existsSync(join(chainDir, 'paritydb', 'full')), `no ParityDB under ${chainDir}`);
    assert.ok(!readdirSync(chainDir).includes('db'), 'no RocksDB directory');
  });

  test('finalizes blocks', async () => {
    const n = await waitForFinalized(api, 3);
    assert.ok(n >= 3);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(best >= n, `best #${best} is behind finalized #${n}`);
  });

  test('a signed transfer_keep_alive moves exactly the amount; its fee pays the author and the treasury', async () => {
    const { dave } = devAccounts();
    const amount = 1_234_567_890_123n;
    // The treasury's account: "modl" and its pallet id, zero-padded.
    const treasury = encodeAddress(u8aConcat(stringToU8a('modlpy/trsry'), new Uint8Array(20)), 42);
    const free = async (who, at) => (await at.query.system.account(who)).data.free.toBigInt();

    const { blockHash, events, dispatchError } = await submit(
      api,
      api.tx.balances.transferKeepAlive(bob.address, amount),
      dave,
    );
    assert.equal(dispatchError, null);

    const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
    assert.ok(transfer, 'Balances.Transfer emitted');
    assert.equal(transfer.event.data.from.toString(), dave.address);
    assert.equal(transfer.event.data.to.toString(), bob.address);
    assert.equal(transfer.event.data.amount.toBigInt(), amount);
    assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
    const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feeEvent, 'TransactionPayment.TransactionFeePaid emitted');
    const fee = feeEvent.event.data.actualFee.toBigInt();
    assert.ok(fee > 0n, 'a fee was charged');

    // Compare the block with its parent: only this transaction moved these balances.
    const header = await api.rpc.chain.getHeader(blockHash);
    const before = await api.at(header.parentHash);
    const after = await api.at(blockHash);
    assert.equal((await free(bob.address, after)) - (await free(bob.address, before)), amount);
    assert.equal((await free(dave.address, before)) - (await free(dave.address, after)), amount + fee);
    // Alice's keys author every block of a --dev chain, for the validator account
    // Alice//stash: 80% of the fee is its, 20% the treasury's.
    const stash = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice//stash').address;
    const toTreasury = fee / 5n;
    assert.equal((await free(treasury, after)) - (await free(treasury, before)), toTreasury);
    assert.equal((await free(stash, after)) - (await free(stash, before)), fee - toTreasury);
  });

  test('a transfer beyond the balance fails with a typed error and moves nothing', async () => {
    const { charlie } = devAccounts();
    const free = (await api.query.system.account(charlie.address)).data.free.toBigInt();
    const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const { blockHash, dispatchError } = await submit(
      api,
      api.tx.balances.transferKeepAlive(bob.address, free * 2n),
      charlie,
    );
    assert.equal(dispatchError, 'token.FundsUnavailable');
    const bobAfter = (await (await api.at(blockHash)).query.system.account(bob.address)).data.free.toBigInt();
    assert.equal(bobAfter, bobBefore);
  });

  test('an operational extrinsic of 4.5 MiB is included: the block builder fills the runtime\'s 5 MiB; 5.5 MiB, or a 4 MiB normal one, is refused by the pool', async () => {
    // The runtime's `MAX_BLOCK_LENGTH`; `sc-basic-authorship`'s own default stops at 4 MiB + 512.
    const MAX_BLOCK_LENGTH = 5 * 2 ** 20;
    const BUILDER_DEFAULT = 4 * 2 ** 20 + 512;
    const key = `0x${Buffer.from(':provenance:e2e:block-size').toString('hex')}`;
    const value = (bytes) => `0x${randomBytes(bytes).toString('hex')}`;
    // system.setStorage is operational, and sudo keeps its inner call's class.
    const setStorage = (bytes) => api.tx.sudo.sudo(api.tx.system.setStorage([[key, value(bytes)]]));

    const big = setStorage(4.5 * 2 ** 20);
    // Ten blocks: before the fix it passed the pool's checks and was never included.
    const timeout = 60_000;
    let timer;
    const { blockHash, events, dispatchError } = await Promise.race([
      submit(api, big, alice),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`a ${big.encodedLength}-byte operational extrinsic was not in a block after ${timeout / 1000} s`)), timeout);
      }),
    ]).finally(() => clearTimeout(timer));
    assert.equal(dispatchError, null);
    const sudid = events.find(({ event }) => api.events.sudo.Sudid.is(event));
    assert.ok(sudid?.event.data.sudoResult.isOk, 'sudo(system.setStorage) succeeded');
    assert.equal((await api.rpc.state.getStorageSize(key, blockHash)).toNumber(), 4.5 * 2 ** 20);
    const { block } = await api.rpc.chain.getBlock(blockHash);
    assert.ok(block.encodedLength > BUILDER_DEFAULT, `block of ${block.encodedLength} bytes`);
    assert.ok(block.encodedLength <= MAX_BLOCK_LENGTH + 512, `block of ${block.encodedLength} bytes`);

    // Over the runtime's limit: the pool refuses it at once, with the reason, and keeps nothing.
    const pending = (await api.rpc.author.pendingExtrinsics()).length;
    await assert.rejects(submit(api, setStorage(5.5 * 2 ** 20), alice), /1010.*exhaust the block limits/i);
    assert.equal((await api.rpc.author.pendingExtrinsics()).length, pending);
    // A signed account cannot take the operational quarter: a 4 MiB remark (normal class,
    // 3.75 MiB at most) is refused the same way.
    await assert.rejects(submit(api, api.tx.system.remark(value(4 * 2 ** 20)), bob), /1010.*exhaust the block limits/i);
    assert.equal((await api.rpc.author.pendingExtrinsics()).length, pending);

    const cleared = await submit(api, api.tx.sudo.sudo(api.tx.system.killStorage([key])), alice);
    assert.equal(cleared.dispatchError, null);
    assert.equal((await api.rpc.state.getStorageSize(key, cleared.blockHash)).toNumber(), 0);
  });

  test('malformed JSON-RPC gets JSON-RPC errors, and the node keeps serving', async () => {
    const parse = await rawRpc(node.httpUrl, '{"jsonrpc":"2.0","id":1,"method":');
    assert.equal(parse.json.error?.code, -32700, JSON.stringify(parse.json));

    const unknown = await rawRpc(node.httpUrl, { jsonrpc: '2.0', id: 2, method: 'no_suchMethod', params: [] });
    assert.equal(unknown.json.error?.code, -32601, JSON.stringify(unknown.json));

    const badParams = await rawRpc(node.httpUrl, {
      jsonrpc: '2.0',
      id: 3,
      method: 'chain_getBlock',
      params: ['0xnot-a-hash'],
    });
    assert.equal(badParams.json.error?.code, -32602, JSON.stringify(badParams.json));
    assert.ok(badParams.json.error.message.length > 0);

    // The errors cost the node nothing: it still answers and still finalizes.
    const health = await rawRpc(node.httpUrl, { jsonrpc: '2.0', id: 4, method: 'system_health', params: [] });
    assert.equal(health.json.result.isSyncing, false);
    assert.ok((await finalizedNumber(api)) >= 3);
  });

  test('a batch of more than 64 requests is refused with a JSON-RPC error; 64 are answered', async () => {
    const batch = (n) =>
      Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'system_health', params: [] }));
    const ok = await rawRpc(node.httpUrl, batch(64));
    assert.ok(Array.isArray(ok.json), JSON.stringify(ok.json).slice(0, 200));
    assert.equal(ok.json.length, 64);
    assert.ok(ok.json.every((r) => r.result && r.result.isSyncing === false));
    const big = await rawRpc(node.httpUrl, batch(65));
    const error = Array.isArray(big.json) ? big.json[0]?.error : big.json.error;
    assert.ok(error, JSON.stringify(big.json).slice(0, 200));
    assert.match(error.message, /batch/i);
  });
});

describe('provenance-node command line', () => {
  test('export-chain-spec --chain local has four validators with session keys', () => {
    const { status, stdout, stderr } = runCli(['export-chain-spec', '--chain', 'local']);
    assert.equal(status, 0, stderr);
    const spec = JSON.parse(stdout);
    assert.equal(spec.id, 'provenance_local');
    const patch = spec.genesis.runtimeGenesis.patch;
    assert.equal(patch.session.keys.length, 4);
    assert.equal(patch.validatorSet.initialValidators.length, 4);
    assert.deepEqual(patch.session.keys.map((k) => k[0]), patch.validatorSet.initialValidators);
  });

  test('build-spec --chain dev has one validator', () => {
    const { status, stdout, stderr } = runCli(['build-spec', '--chain', 'dev']);
    assert.equal(status, 0, stderr);
    const spec = JSON.parse(stdout);
    assert.equal(spec.id, 'provenance_dev');
    assert.equal(spec.genesis.runtimeGenesis.patch.session.keys.length, 1);
  });

  test('--chain production has no sudo key and refuses to build a genesis until the operator names validators', () => {
    const plain = runCli(['build-spec', '--chain', 'production']);
    assert.equal(plain.status, 0, plain.stderr);
    const spec = JSON.parse(plain.stdout);
    assert.equal(spec.chainType, 'Live');
    const patch = spec.genesis.runtimeGenesis.patch;
    assert.equal(patch.sudo.key, null);
    assert.deepEqual(patch.balances.balances, []);
    assert.deepEqual(patch.session.keys, []);
    const raw = runCli(['build-spec', '--chain', 'production', '--raw']);
    assert.notEqual(raw.status, 0);
    assert.match(raw.stderr, /names no validators/);
  });

  test('an unknown chain is refused with a message and a non-zero exit', () => {
    const { status, stderr } = runCli(['build-spec', '--chain', 'no-such-chain']);
    assert.notEqual(status, 0);
    assert.match(stderr, /unknown chain 'no-such-chain'/);
  });

  test('RocksDB is not compiled in: --database rocksdb is refused', () => {
    const { status, stderr } = runCli(['--dev', '--tmp', '--database', 'rocksdb']);
    assert.notEqual(status, 0);
    assert.match(stderr, /invalid value 'rocksdb'/);
  });

  test('an unknown flag is refused with a non-zero exit', () => {
    const { status, stderr } = runCli(['--no-such-flag']);
    assert.notEqual(status, 0);
    assert.match(stderr, /no-such-flag/);
  });
});
