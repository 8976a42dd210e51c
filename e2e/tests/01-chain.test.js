// Foundation: the node answers polkadot-js, produces and finalizes blocks, transfers IOTC,
// serves decodable metadata and runtime APIs; docs/reference.md is what that metadata says.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devAccounts, eventsOf, submit } from '@iot-chain/client/chain';
import { renderReference } from '../lib/reference.js';

describe('chain basics', () => {
  let api;
  const { keyring, alice } = devAccounts();

  before(async () => {
    api = await connect();
  });
  after(async () => {
    await api?.disconnect();
  });

  it('identifies as the iot-chain development chain with the IOTC token', async () => {
    const [chain, properties, version] = await Promise.all([
      api.rpc.system.chain(),
      api.rpc.system.properties(),
      api.rpc.state.getRuntimeVersion(),
    ]);
    assert.equal(chain.toString(), 'iot-chain Development');
    assert.deepEqual(properties.tokenSymbol.unwrap().toJSON(), ['IOTC']);
    assert.deepEqual(properties.tokenDecimals.unwrap().toJSON(), [12]);
    assert.equal(properties.ss58Format.unwrap().toNumber(), 42);
    assert.equal(api.registry.chainSS58, 42);
    assert.deepEqual(api.registry.chainTokens, ['IOTC']);
    assert.deepEqual(api.registry.chainDecimals, [12]);
    assert.equal(version.specName.toString(), 'iot-runtime');
  });

  it('transfers IOTC from //Alice to a fresh account and finalizes it', async () => {
    const recipient = keyring.addFromMnemonic(mnemonicGenerate());
    const amount = 5n * 10n ** 12n; // 5 IOTC
    const tx = api.tx.balances.transferKeepAlive(recipient.address, amount);
    const { blockHash, events } = await submit(api, tx, alice);

    const [transfer] = eventsOf(events, 'balances', 'Transfer');
    assert.ok(transfer, 'a Transfer event');
    assert.equal(transfer.data.from.toString(), alice.address);
    assert.equal(transfer.data.to.toString(), recipient.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);

    const finalizedHead = await api.rpc.chain.getFinalizedHead();
    const finalizedNumber = (await api.rpc.chain.getHeader(finalizedHead)).number.toNumber();
    const includedNumber = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    assert.ok(finalizedNumber >= includedNumber, 'GRANDPA finalized the transfer block');

    const account = await (await api.at(blockHash)).query.system.account(recipient.address);
    assert.equal(account.data.free.toBigInt(), amount);
  });

  it('serves metadata v15+ that lists every runtime pallet', () => {
    assert.ok(api.runtimeMetadata.version >= 15, `metadata v${api.runtimeMetadata.version}`);
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    for (const name of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Utility', 'ValidatorSet', 'Session']) {
      assert.ok(pallets.includes(name), `pallet ${name} in metadata`);
    }
    assert.ok(api.tx.utility.batchAll, 'utility.batchAll is callable');
  });

  it('answers runtime API calls through api.call', async () => {
    const version = await api.call.core.version();
    assert.equal(version.specName.toString(), 'iot-runtime');
    const nonce = await api.call.accountNonceApi.accountNonce(alice.address);
    const viaRpc = await api.rpc.system.accountNextIndex(alice.address);
    assert.ok(nonce.toNumber() >= 1, 'Alice has sent at least one transaction');
    assert.equal(nonce.toNumber(), viaRpc.toNumber());
    const authorities = await api.call.auraApi.authorities();
    assert.equal(authorities.length, 1);
  });

  it('is described by docs/reference.md (regenerate with: node e2e/tools/reference.js)', () => {
    const committed = readFileSync(new URL('../../docs/reference.md', import.meta.url), 'utf8');
    assert.equal(committed, renderReference(api), 'docs/reference.md is out of date');
  });

  it('runs 10-block sessions with Alice as the one validator, her Aura key from her session keys', async () => {
    assert.deepEqual((await api.query.validatorSet.validators()).map(String), [alice.address]);
    assert.deepEqual((await api.query.session.validators()).map(String), [alice.address]);
    assert.equal((await api.query.validatorSet.minValidators()).toNumber(), 1);
    assert.equal((await api.query.validatorSet.sessionPeriod()).toNumber(), 10);
    const keys = (await api.query.session.nextKeys(alice.address)).unwrap();
    assert.equal(keys.aura.toHex(), (await api.call.auraApi.authorities())[0].toHex());
    const best = await api.rpc.chain.getHeader();
    const session = await api.query.session.currentIndex.at(best.hash);
    assert.equal(session.toNumber(), Math.floor(best.number.toNumber() / 10));
  });
});
