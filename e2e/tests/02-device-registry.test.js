// Device registry through @polkadot/api against a real node: manufacturer admission by sudo,
// models, devices of all four key types with proofs and endorsements signed in JS, reads through
// storage, runtime API and RPC, specific errors, and a two-step transfer that moves the deposit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import {
  SCHEMES,
  deviceFromSeed,
  deviceId,
  endorsementMessage,
  keyArg,
  registrationMessage,
  signatureArg,
} from '@iot-chain/client/device';

/** The DeviceDeposit held from `who`. */
async function deviceDepositHeld(api, who) {
  const holds = await api.query.balances.holds(who);
  return holds
    .filter((hold) => JSON.stringify(hold.id.toJSON()) === JSON.stringify({ deviceRegistry: 'DeviceDeposit' }))
    .reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
}

describe('device registry', () => {
  let api;
  let genesis;
  const { keyring, alice, bob } = devAccounts();
  const maker = keyring.addFromUri(`//Maker${Date.now()}`);
  const endorser = deviceFromSeed('P256');
  const MODEL = 1;
  const devices = SCHEMES.map((scheme) => deviceFromSeed(scheme));

  /** A `DeviceRegistration` of `device` owned by `owner`, proof and endorsement signed in JS. */
  const registration = (device, owner) => ({
    key: keyArg(device),
    manufacturer: maker.address,
    modelId: MODEL,
    metadata: u8aToHex(new TextEncoder().encode(`${device.scheme} sensor`)),
    proof: signatureArg(device.scheme, device.sign(registrationMessage(genesis, owner, device))),
    endorsement: signatureArg('P256', endorser.sign(endorsementMessage(maker.address, MODEL, device))),
  });

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
  });
  after(async () => {
    await api?.disconnect();
  });

  it('admits a manufacturer through sudo and lets it define a model', async () => {
    const admit = api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(maker.address, 1000n * 10n ** 12n),
      api.tx.sudo.sudo(api.tx.deviceRegistry.registerManufacturer(maker.address, 'Maker Inc', keyArg(endorser))),
    ]);
    const { events } = await submit(api, admit, alice, { finalized: false });
    assert.equal(eventsOf(events, 'deviceRegistry', 'ManufacturerRegistered').length, 1);
    const stored = (await api.query.deviceRegistry.manufacturers(maker.address)).unwrap();
    assert.equal(stored.active.isTrue, true);
    assert.equal(stored.endorsementKey.unwrap().asP256.toHex(), u8aToHex(endorser.publicKey));

    const { events: modelEvents } = await submit(api, api.tx.deviceRegistry.registerModel(MODEL, 'Thermo'), maker, {
      finalized: false,
    });
    const [registered] = eventsOf(modelEvents, 'deviceRegistry', 'ModelRegistered');
    assert.equal(registered.data.manufacturer.toString(), maker.address);
    assert.equal(registered.data.model.toNumber(), MODEL);
  });

  it('registers endorsed devices of all four key types in one batch', async () => {
    const batch = devices.map((device) => registration(device, alice.address));
    const { events } = await submit(api, api.tx.deviceRegistry.registerDevices(batch), alice, { finalized: false });
    const registered = eventsOf(events, 'deviceRegistry', 'DeviceRegistered');
    assert.deepEqual(
      registered.map((e) => e.data.device.toHex()),
      devices.map(deviceId),
    );
    assert.ok(registered.every((e) => e.data.endorsed.isTrue && e.data.owner.toString() === alice.address));
  });

  it('reads devices back through storage, the runtime API and the iot_device RPC', async () => {
    const owned = (await api.call.deviceRegistryApi.devicesOf(alice.address)).map((id) => id.toHex());
    for (const device of devices) {
      const id = deviceId(device);
      const stored = (await api.query.deviceRegistry.devices(id)).unwrap();
      assert.equal(stored.owner.toString(), alice.address);
      assert.equal(stored.key[`as${device.scheme}`].toHex(), u8aToHex(device.publicKey));
      assert.equal(stored.status.isActive, true);
      assert.equal(stored.endorsed.isTrue, true);
      assert.equal(stored.model.toNumber(), MODEL);

      const viaApi = (await api.call.deviceRegistryApi.device(id)).unwrap();
      assert.equal(viaApi.owner.toString(), alice.address);
      assert.equal(new TextDecoder().decode(viaApi.metadata.toU8a(true)), `${device.scheme} sensor`);
      assert.ok(owned.includes(id), 'devices_of lists the device');

      const viaRpc = await iotRpc(api, 'iot_device', [id]);
      assert.equal(viaRpc.owner, alice.address);
      assert.equal(viaRpc.key.scheme, device.scheme);
      assert.equal(viaRpc.key.publicKey, u8aToHex(device.publicKey));
      assert.equal(viaRpc.status, 'Active');
      assert.equal(viaRpc.endorsed, true);
    }
    assert.equal(await iotRpc(api, 'iot_device', ['0x' + '00'.repeat(32)]), null);
  });

  it('rejects a proof signed for another owner with deviceRegistry.BadProof', async () => {
    const device = deviceFromSeed('P256');
    const forBob = registration(device, bob.address);
    const tx = api.tx.deviceRegistry.registerDevice(
      forBob.key,
      forBob.manufacturer,
      forBob.modelId,
      forBob.metadata,
      forBob.proof,
      null,
    );
    await assert.rejects(submit(api, tx, alice, { finalized: false }), { message: 'deviceRegistry.BadProof' });
    assert.ok((await api.query.deviceRegistry.devices(deviceId(device))).isNone);
  });

  it('moves a device and its deposit to a new owner in two steps', async () => {
    const deposit = api.consts.deviceRegistry.deviceDeposit.toBigInt();
    const id = deviceId(devices[3]);
    const aliceBefore = await deviceDepositHeld(api, alice.address);
    const bobBefore = await deviceDepositHeld(api, bob.address);

    const { events: offered } = await submit(api, api.tx.deviceRegistry.offerTransfer(id, bob.address), alice, {
      finalized: false,
    });
    assert.equal(eventsOf(offered, 'deviceRegistry', 'TransferOffered').length, 1);
    assert.equal((await api.query.deviceRegistry.pendingTransfers(id)).unwrap().toString(), bob.address);

    const { events } = await submit(api, api.tx.deviceRegistry.acceptTransfer(id), bob);
    const [moved] = eventsOf(events, 'deviceRegistry', 'DeviceTransferred');
    assert.equal(moved.data.from.toString(), alice.address);
    assert.equal(moved.data.to.toString(), bob.address);
    assert.equal((await api.query.deviceRegistry.devices(id)).unwrap().owner.toString(), bob.address);
    assert.equal(await deviceDepositHeld(api, alice.address), aliceBefore - deposit);
    assert.equal(await deviceDepositHeld(api, bob.address), bobBefore + deposit);
  });
});
