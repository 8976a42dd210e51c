// The rest of the calls through @polkadot/api against a real node: manufacturer (de)activation,
// metadata updates, key rotation signed by both keys in JS, suspension, resumption, cancelled
// transfers, revocation, decommissioning with its tombstone (and the device's attestation and
// anchoring state removed, its anchors kept), gateways anchoring in batches, and a
// raised security floor untrusting an attested device at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import { deviceFromSeed, keyArg, registrationMessage, rotationMessage, signatureArg } from '@iot-chain/client/device';
import { ACME, evidenceFor, merkleRoot, recentBlock, registerDevice, signedEvidence } from '../lib/fleet.js';

const inBlock = { finalized: false };

describe('device and manufacturer lifecycle', () => {
  let api;
  let genesis;
  const { keyring, alice, bob, charlie } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const maker = keyring.addFromUri(`//Lifecycle${Date.now()}`);
  const MODEL = 7;

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
    await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(maker.address, 1000n * 10n ** 12n),
        api.tx.sudo.sudo(api.tx.deviceRegistry.registerManufacturer(maker.address, 'Lifecycle Ltd', null)),
      ]),
      alice,
      inBlock,
    );
    await submit(api, api.tx.deviceRegistry.registerModel(MODEL, 'Gauge'), maker, inBlock);
  });
  after(async () => {
    await api?.disconnect();
  });

  it('deactivates a manufacturer through sudo, which stops its models and devices, and reactivates it', async () => {
    const { events } = await submit(api, api.tx.sudo.sudo(api.tx.deviceRegistry.setManufacturerStatus(maker.address, false)), alice, inBlock);
    const [changed] = eventsOf(events, 'deviceRegistry', 'ManufacturerStatusChanged');
    assert.equal(changed.data.active.isFalse, true);
    await assert.rejects(submit(api, api.tx.deviceRegistry.registerModel(MODEL + 1, 'Other'), maker, inBlock), {
      message: 'deviceRegistry.ManufacturerInactive',
    });
    await assert.rejects(registerDevice(api, alice, deviceFromSeed('Ed25519'), maker.address, MODEL), {
      message: 'deviceRegistry.ManufacturerInactive',
    });
    await submit(api, api.tx.sudo.sudo(api.tx.deviceRegistry.setManufacturerStatus(maker.address, true)), alice, inBlock);
    assert.equal((await api.query.deviceRegistry.manufacturers(maker.address)).unwrap().active.isTrue, true);
  });

  it('updates metadata, rotates the key, suspends, resumes, cancels a transfer, revokes and decommissions', async () => {
    const original = deviceFromSeed('Ed25519');
    const id = await registerDevice(api, alice, original, acme.address, ACME.model);

    const { events: updated } = await submit(api, api.tx.deviceRegistry.updateMetadata(id, 'roof, north side'), alice, inBlock);
    assert.equal(eventsOf(updated, 'deviceRegistry', 'MetadataUpdated').length, 1);
    assert.equal(new TextDecoder().decode((await api.query.deviceRegistry.devices(id)).unwrap().metadata.toU8a(true)), 'roof, north side');

    const replacement = deviceFromSeed('P256');
    const message = rotationMessage(genesis, id, replacement, 0);
    const rotate = api.tx.deviceRegistry.rotateKey(
      id,
      keyArg(replacement),
      signatureArg('Ed25519', original.sign(message)),
      signatureArg('P256', replacement.sign(message)),
    );
    const { events: rotated } = await submit(api, rotate, alice, inBlock);
    assert.equal(eventsOf(rotated, 'deviceRegistry', 'KeyRotated')[0].data.device.toHex(), id);
    const record = (await api.query.deviceRegistry.devices(id)).unwrap();
    assert.equal(record.key.asP256.toHex(), u8aToHex(replacement.publicKey));
    assert.equal(record.rotationNonce.toNumber(), 1);
    // The rotated-out key's record stays forever: the rotation holds its price with the deposit.
    const keyRecord = api.consts.deviceRegistry.keyRecordDeposit.toBigInt();
    assert.equal(record.deposit.toBigInt(), api.consts.deviceRegistry.deviceDeposit.toBigInt() + keyRecord);

    await submit(api, api.tx.deviceRegistry.suspend(id), alice, inBlock);
    assert.equal((await api.call.firmwareAttestationApi.trustStatus(id)).isInactive, true);
    await assert.rejects(submit(api, api.tx.dataAnchoring.anchor(id, randomAsHex(32), 1, null), alice, inBlock), {
      message: 'dataAnchoring.DeviceInactive',
    });
    await assert.rejects(submit(api, api.tx.deviceRegistry.suspend(id), alice, inBlock), { message: 'deviceRegistry.NotActive' });
    await submit(api, api.tx.deviceRegistry.resume(id), alice, inBlock);
    assert.equal((await api.query.deviceRegistry.devices(id)).unwrap().status.isActive, true);

    // State in the other pallets that decommissioning must remove (the anchor itself stays).
    const evidence = signedEvidence(genesis, replacement, evidenceFor(id, await recentBlock(api)));
    await submit(api, api.tx.firmwareAttestation.submitAttestation(...evidence), bob, inBlock);
    const anchoredRoot = randomAsHex(32);
    await submit(api, api.tx.dataAnchoring.anchor(id, anchoredRoot, 1, null), alice, inBlock);
    const stored = (query) => api.rpc.state.getStorage(query.key(id)).then((value) => value.isSome);
    const perDevice = [api.query.firmwareAttestation.attestations, api.query.firmwareAttestation.counters, api.query.dataAnchoring.nextSeq];
    for (const query of perDevice) assert.equal(await stored(query), true);

    await submit(api, api.tx.deviceRegistry.offerTransfer(id, bob.address), alice, inBlock);
    const { events: cancelled } = await submit(api, api.tx.deviceRegistry.cancelTransfer(id), alice, inBlock);
    assert.equal(eventsOf(cancelled, 'deviceRegistry', 'TransferCancelled').length, 1);
    await assert.rejects(submit(api, api.tx.deviceRegistry.acceptTransfer(id), bob, inBlock), {
      message: 'deviceRegistry.NoPendingTransfer',
    });

    const { events: revoked } = await submit(api, api.tx.deviceRegistry.revoke(id, 7), alice, inBlock);
    const [revocation] = eventsOf(revoked, 'deviceRegistry', 'DeviceRevoked');
    assert.equal(revocation.data.reason.toNumber(), 7);
    assert.equal((await iotRpc(api, 'iot_trustStatus', [id])).status, 'Inactive');
    await assert.rejects(submit(api, api.tx.deviceRegistry.resume(id), alice, inBlock), { message: 'deviceRegistry.Revoked' });

    const { events: gone } = await submit(api, api.tx.deviceRegistry.decommission(id), alice, inBlock);
    assert.equal(eventsOf(gone, 'deviceRegistry', 'DeviceDecommissioned').length, 1);
    // Two key records stay (the tombstones below): their price is burned, the rest refunded.
    const burned = eventsOf(gone, 'balances', 'BurnedHeld').find((e) => e.data.who.toString() === alice.address);
    assert.equal(burned?.data.amount.toBigInt(), 2n * keyRecord);
    assert.equal((await api.query.deviceRegistry.devices(id)).isNone, true);
    assert.equal(await iotRpc(api, 'iot_device', [id]), null);
    for (const query of perDevice) assert.equal(await stored(query), false, `${query.creator.section}.${query.creator.method} removed`);
    assert.equal((await api.call.dataAnchoringApi.anchor(id, 0)).unwrap().root.toHex(), anchoredRoot, 'anchors are permanent');
    // The tombstone: neither the original key nor the rotated-in key can register again.
    await assert.rejects(registerDevice(api, alice, original, acme.address, ACME.model), { message: 'deviceRegistry.Decommissioned' });
    const proof = signatureArg('P256', replacement.sign(registrationMessage(genesis, alice.address, replacement)));
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.registerDevice(keyArg(replacement), acme.address, ACME.model, '0x', proof, null), alice, inBlock),
      { message: 'deviceRegistry.KeyInUse' },
    );
  });

  it('lets an authorised gateway anchor a batch for the owner, and not after its removal', async () => {
    const ids = [];
    for (const scheme of ['Sr25519', 'Ecdsa']) ids.push(await registerDevice(api, alice, deviceFromSeed(scheme), acme.address, ACME.model));
    const { events: added } = await submit(api, api.tx.deviceRegistry.addGateway(charlie.address), alice, inBlock);
    assert.equal(eventsOf(added, 'deviceRegistry', 'GatewayAdded')[0].data.gateway.toString(), charlie.address);

    const items = ids.map((device, i) => ({
      device,
      root: merkleRoot([stringToU8a(`gateway reading ${i} ${Date.now()}`)]),
      leafCount: 1,
      signature: null,
    }));
    const { events } = await submit(api, api.tx.dataAnchoring.anchorBatch(items), charlie, inBlock);
    const anchored = eventsOf(events, 'dataAnchoring', 'Anchored');
    assert.deepEqual(anchored.map((e) => e.data.device.toHex()), ids);
    assert.ok(anchored.every((e) => e.data.deviceSigned.isFalse && e.data.submitter.toString() === charlie.address));

    const { events: removed } = await submit(api, api.tx.deviceRegistry.removeGateway(charlie.address), alice, inBlock);
    assert.equal(eventsOf(removed, 'deviceRegistry', 'GatewayRemoved').length, 1);
    await assert.rejects(submit(api, api.tx.dataAnchoring.anchor(ids[0], randomAsHex(32), 1, null), charlie, inBlock), {
      message: 'dataAnchoring.NotAuthorized',
    });
  });

  it('untrusts an attested device at once when the manufacturer raises the security floor', async () => {
    const digest = randomAsHex(32);
    await submit(api, api.tx.firmwareAttestation.publishRelease(MODEL, digest, '1.0.0', 1), maker, inBlock);
    const device = deviceFromSeed('Ed25519');
    const id = await registerDevice(api, alice, device, maker.address, MODEL);
    const recent = await recentBlock(api);
    const evidence = evidenceFor(id, recent, { firmwareDigest: digest, securityVersion: 1, bootCount: 3 });
    await submit(api, api.tx.firmwareAttestation.submitAttestation(...signedEvidence(genesis, device, evidence)), bob, inBlock);
    assert.equal((await api.call.firmwareAttestationApi.trustStatus(id)).isTrusted, true);

    const { events } = await submit(api, api.tx.firmwareAttestation.setSecurityFloor(MODEL, 2), maker, inBlock);
    const [raised] = eventsOf(events, 'firmwareAttestation', 'SecurityFloorRaised');
    assert.equal(raised.data.floor.toNumber(), 2);
    assert.deepEqual(await iotRpc(api, 'iot_trustStatus', [id]), { status: 'Untrusted', reason: 'BelowSecurityFloor' });
    await assert.rejects(submit(api, api.tx.firmwareAttestation.setSecurityFloor(MODEL, 1), maker, inBlock), {
      message: 'firmwareAttestation.FloorLowered',
    });
  });
});
