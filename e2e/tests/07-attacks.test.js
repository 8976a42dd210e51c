// The five attacks of the security hardening (spec §9), replayed through @polkadot/api against a
// real node with every signature made in JS: each now fails for the attacker with a specific error,
// and the honest party is unaffected.
//   1. root squatting      2. Merkle second preimage (and oversized proofs)
//   3. manufacturer powers after deactivation, and Root's remedies
//   4. free block space for software keys      5. weak Ed25519 keys
//   6. a leaked factory endorsement key (issue 31; the other issue-31 attacks are in 07 §1, 11
//      and 06)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, randomAsHex } from '@polkadot/util-crypto';
import { connect, devAccounts, dispatchErrorName, eventsOf, iotRpc, submit, submitSudo } from '@iot-chain/client/chain';
import { anchorMessage, deviceFromSeed, endorsementMessage, keyArg, registrationMessage, rotationMessage, signatureArg } from '@iot-chain/client/device';
import { ACME, acmeEndorser, evidenceFor, merkleProof, merkleRoot, recentBlock, registerDevice, signedEvidence } from '../lib/fleet.js';

const inBlock = { finalized: false };
const blake2 = (data) => blake2AsU8a(data, 256);
const UNIT = 10n ** 12n;

describe('attacks of the security hardening', () => {
  let api;
  let genesis;
  const { keyring, alice, bob, charlie, dave } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
  });
  after(async () => {
    await api?.disconnect();
  });

  it('1. root squatting: another device anchoring the victim\'s root first does not block the victim', async () => {
    const victim = deviceFromSeed('P256');
    const [victimId, attackerId] = await Promise.all([
      registerDevice(api, alice, victim, acme.address, ACME.model, 'victim'),
      registerDevice(api, charlie, deviceFromSeed('Ed25519'), acme.address, ACME.model, 'attacker'),
    ]);
    const leaves = Array.from({ length: 8 }, (_, i) => stringToU8a(`victim reading ${i} ${randomAsHex(4)}`));
    const root = merkleRoot(leaves);

    // The attacker front-runs with the cheapest anchor: an owner anchor of its own device.
    await submit(api, api.tx.dataAnchoring.anchor(attackerId, root, leaves.length, null), charlie, inBlock);
    const signature = victim.sign(anchorMessage(genesis, victimId, 0, root, leaves.length));
    const { events } = await submit(
      api,
      api.tx.dataAnchoring.anchor(victimId, root, leaves.length, signatureArg('P256', signature)),
      bob,
      inBlock,
    );
    const [anchored] = eventsOf(events, 'dataAnchoring', 'Anchored');
    assert.equal(anchored.data.device.toHex(), victimId);
    assert.equal(anchored.data.deviceSigned.isTrue, true);

    const found = await iotRpc(api, 'iot_findAnchors', [root]);
    assert.deepEqual(found.map((a) => a.device), [attackerId, victimId].sort(), 'device-identifier order');
    // A flood of such anchors cannot hide the victim's: a lookup by root visits a bounded page,
    // and the owner's filter finds Alice's anchor only.
    const page = await iotRpc(api, 'iot_findAnchorsPage', [root, null, alice.address]);
    assert.deepEqual(page, { anchors: [found.find((a) => a.device === victimId)], next: null });
    const after = await iotRpc(api, 'iot_findAnchorsPage', [root, [attackerId, victimId].sort()[0], null]);
    assert.deepEqual(after.anchors.map((a) => a.device), [[attackerId, victimId].sort()[1]]);
    const viaCall = await api.call.dataAnchoringApi.findAnchorsPage(root, null, charlie.address);
    assert.deepEqual(viaCall.anchors.map((a) => a.device.toHex()), [attackerId]);
    assert.equal(viaCall.next.isNone, true);
    const proof = merkleProof(leaves, 5);
    const verdict = await iotRpc(api, 'iot_verifyInclusion', [victimId, root, u8aToHex(leaves[5]), proof, 5]);
    assert.equal(verdict.valid, true);
    assert.equal(verdict.anchor.device, victimId, 'the verifier names the device it trusts');
    assert.equal(verdict.anchor.deviceSigned, true);
    const viaApi = await api.call.dataAnchoringApi.verifyInclusion(attackerId, root, u8aToHex(leaves[5]), proof, 5);
    assert.equal(viaApi.asOk.device.toHex(), attackerId, 'and gets that device\'s anchor, not another');
    // What still fails is the same device anchoring the same root twice.
    await assert.rejects(submit(api, api.tx.dataAnchoring.anchor(attackerId, root, leaves.length, null), charlie, inBlock), {
      message: 'dataAnchoring.DuplicateRoot',
    });
  });

  it('2. second preimage: an inner node passed off as a 64-byte leaf, and a 60,000-hash proof, are refused', async (t) => {
    const device = deviceFromSeed('Ed25519');
    const id = await registerDevice(api, alice, device, acme.address, ACME.model, 'four readings');
    const leaves = [0, 1, 2, 3].map((i) => stringToU8a(`reading ${i} ${randomAsHex(4)}`));
    const root = merkleRoot(leaves);
    await submit(api, api.tx.dataAnchoring.anchor(id, root, 4, null), alice, inBlock);

    const h = leaves.map(blake2);
    const forgedLeaf = u8aToHex(u8aConcat(h[0], h[1]));
    const forgedProof = [u8aToHex(blake2(u8aConcat(h[2], h[3])))];
    assert.deepEqual(await iotRpc(api, 'iot_verifyInclusion', [id, root, forgedLeaf, forgedProof, 0]), {
      valid: false,
      error: 'BadProofLength',
    });
    const viaApi = await api.call.dataAnchoringApi.verifyInclusion(id, root, forgedLeaf, forgedProof, 0);
    assert.equal(viaApi.asErr.isBadProofLength, true);
    // Every honest proof of the tree still verifies.
    for (let index = 0; index < 4; index += 1) {
      const honest = await iotRpc(api, 'iot_verifyInclusion', [id, root, u8aToHex(leaves[index]), merkleProof(leaves, index), index]);
      assert.equal(honest.valid, true, `leaf ${index}`);
    }

    const long = [...merkleProof(leaves, 0), ...Array.from({ length: 60_000 }, () => forgedProof[0])];
    const started = performance.now();
    const refused = await api.call.dataAnchoringApi.verifyInclusion(id, root, u8aToHex(leaves[0]), long, 0);
    const ms = performance.now() - started;
    assert.equal(refused.asErr.isBadProofLength, true);
    t.diagnostic(`verify_inclusion with a 60,002-hash proof (runtime API through RPC): ${ms.toFixed(0)} ms, refused before hashing`);
    const tooLong = await api.call.dataAnchoringApi.verifyInclusion(id, root, u8aToHex(new Uint8Array(64 * 1024 + 1)), [], 0);
    assert.equal(tooLong.asErr.isLeafTooLong, true);
  });

  it('3. a deactivated manufacturer loses its powers, and Root undoes what a rogue manufacturer key did', async () => {
    const maker = keyring.addFromUri(`//Rogue${Date.now()}`);
    const MODEL = 3;
    const digest = randomAsHex(32);
    await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(maker.address, 100n * UNIT),
        api.tx.sudo.sudo(api.tx.deviceRegistry.registerManufacturer(maker.address, 'Rogue Corp', null)),
      ]),
      alice,
      inBlock,
    );
    await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.deviceRegistry.registerModel(MODEL, 'Valve'),
        api.tx.firmwareAttestation.publishRelease(MODEL, digest, '1.0', 1),
      ]),
      maker,
      inBlock,
    );
    const device = deviceFromSeed('Ed25519');
    const [id, spare] = await Promise.all([
      registerDevice(api, alice, device, maker.address, MODEL, 'valve'),
      registerDevice(api, bob, deviceFromSeed('Ed25519'), maker.address, MODEL, 'spare valve'),
    ]);
    const recent = await recentBlock(api);
    await submit(api, api.tx.firmwareAttestation.submitAttestation(...signedEvidence(genesis, device, evidenceFor(id, recent, { firmwareDigest: digest }))), bob, inBlock);
    assert.equal((await api.call.firmwareAttestationApi.trustStatus(id)).isTrusted, true);

    // A stolen manufacturer key does its worst while the manufacturer is active…
    await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.firmwareAttestation.setSecurityFloor(MODEL, 4_000_000_000),
        api.tx.firmwareAttestation.revokeRelease(MODEL, digest, 9),
        api.tx.deviceRegistry.revoke(id, 9),
      ]),
      maker,
      inBlock,
    );
    assert.equal((await api.call.firmwareAttestationApi.trustStatus(id)).isInactive, true);

    // …Root deactivates the manufacturer: its key can do nothing more.
    await submitSudo(api, api.tx.deviceRegistry.setManufacturerStatus(maker.address, false), alice);
    // Each attempt fails on its own (forceBatch reports every item's error).
    const attempts = [
      api.tx.firmwareAttestation.setSecurityFloor(MODEL, 4_000_000_001),
      api.tx.firmwareAttestation.revokeRelease(MODEL, randomAsHex(32), 1),
      api.tx.deviceRegistry.revoke(spare, 1),
    ];
    const { events: tried } = await submit(api, api.tx.utility.forceBatch(attempts), maker, inBlock);
    assert.deepEqual(
      eventsOf(tried, 'utility', 'ItemFailed').map((e) => dispatchErrorName(api, e.data.error)),
      ['firmwareAttestation.ManufacturerInactive', 'firmwareAttestation.ManufacturerInactive', 'deviceRegistry.ManufacturerInactive'],
    );
    assert.equal(eventsOf(tried, 'utility', 'ItemCompleted').length, 0);

    // …and undoes all of it.
    const { events: remedies } = await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.sudo.sudo(api.tx.firmwareAttestation.forceSetSecurityFloor(maker.address, MODEL, 1)),
        api.tx.sudo.sudo(api.tx.firmwareAttestation.forceReinstateRelease(maker.address, MODEL, digest)),
        api.tx.sudo.sudo(api.tx.deviceRegistry.reinstateDevice(id)),
      ]),
      alice,
      inBlock,
    );
    assert.ok(eventsOf(remedies, 'sudo', 'Sudid').every((e) => e.data.sudoResult.isOk));
    assert.equal(eventsOf(remedies, 'firmwareAttestation', 'SecurityFloorForced')[0].data.floor.toNumber(), 1);
    assert.equal(eventsOf(remedies, 'firmwareAttestation', 'ReleaseReinstated').length, 1);
    assert.equal(eventsOf(remedies, 'deviceRegistry', 'DeviceReinstated')[0].data.device.toHex(), id);
    assert.equal((await api.call.firmwareAttestationApi.trustStatus(id)).isTrusted, true);
    assert.equal((await api.call.deviceRegistryApi.device(spare)).unwrap().status.isActive, true);
    await assert.rejects(submitSudo(api, api.tx.deviceRegistry.reinstateDevice(id), alice), {
      message: 'deviceRegistry.NotRevokedByManufacturer',
    });
  });

  it('4. free block space: a trusted attestation of a software key pays; of an endorsed key, it is free', async () => {
    const software = deviceFromSeed('Ed25519');
    const [softwareId, endorser] = await Promise.all([
      registerDevice(api, charlie, software, acme.address, ACME.model, 'software key'),
      acmeEndorser(api, alice),
    ]);
    const hardware = deviceFromSeed('P256');
    const hardwareId = await registerDevice(api, dave, hardware, acme.address, ACME.model, 'secure element', endorser);

    // Relayed in the same block by two relayers.
    const recent = await recentBlock(api);
    const relayed = [[software, softwareId, bob], [hardware, hardwareId, charlie]].map(([device, id, relayer]) =>
      submit(api, api.tx.firmwareAttestation.submitAttestation(...signedEvidence(genesis, device, evidenceFor(id, recent))), relayer, inBlock),
    );
    const fees = [];
    for (const { events } of await Promise.all(relayed)) {
      assert.equal(eventsOf(events, 'firmwareAttestation', 'Attested')[0].data.verdict.isTrusted, true);
      fees.push(eventsOf(events, 'transactionPayment', 'TransactionFeePaid')[0].data.actualFee.toBigInt());
    }
    assert.ok(fees[0] > 0n, `the software key's attestation paid ${fees[0]}`);
    assert.equal(fees[1], 0n, 'the endorsed key\'s attestation is free');
    const [block, used] = await api.query.firmwareAttestation.freeAttestationWeight();
    assert.ok(block.toNumber() > 0 && used.refTime.toBigInt() > 0n, 'the free attestation is counted in the block budget');
  });

  it('5. weak keys: the Ed25519 identity point and non-canonical encodings are refused', async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    // R = identity, s = 0 verifies for every message under the identity key.
    const universal = u8aToHex(u8aConcat(identity, new Uint8Array(32)));
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[0] = 0xee;
    nonCanonical[31] = 0x7f; // y = p + 1, another encoding of y = 1
    const weakRegistrations = [identity, nonCanonical].map((key, i) =>
      assert.rejects(
        submit(api, api.tx.deviceRegistry.registerDevice({ Ed25519: u8aToHex(key) }, acme.address, ACME.model, '0x', { Ed25519: universal }, null), [dave, bob][i], inBlock),
        { message: 'deviceRegistry.WeakKey' },
      ),
    );
    await Promise.all(weakRegistrations);
    // Nor can a registered device rotate to it.
    const device = deviceFromSeed('Ed25519');
    const id = await registerDevice(api, charlie, device, acme.address, ACME.model, 'rotates');
    const weak = { scheme: 'Ed25519', publicKey: identity };
    const oldSignature = device.sign(rotationMessage(genesis, id, weak, 0));
    const rotate = api.tx.deviceRegistry.rotateKey(id, keyArg(weak), signatureArg('Ed25519', oldSignature), { Ed25519: universal });
    // An off-curve P-256 point is refused the same way (it never verified, now it says why).
    const offCurve = new Uint8Array(33).fill(0xff);
    const proofShape = deviceFromSeed('P256').sign(registrationMessage(genesis, dave.address, { scheme: 'P256', publicKey: offCurve }));
    const p256 = api.tx.deviceRegistry.registerDevice({ P256: u8aToHex(offCurve) }, acme.address, ACME.model, '0x', signatureArg('P256', proofShape), null);
    await Promise.all([
      assert.rejects(submit(api, rotate, charlie, inBlock), { message: 'deviceRegistry.WeakKey' }),
      assert.rejects(submit(api, p256, dave, inBlock), { message: 'deviceRegistry.WeakKey' }),
    ]);
  });

  it('6. a leaked endorsement key: Root voids its endorsements at once, genuine devices are endorsed again', async () => {
    const maker = keyring.addFromUri(`//Leaky${Date.now()}`);
    const MODEL = 4;
    const [oldKey, newKey] = [deviceFromSeed('P256'), deviceFromSeed('P256')];
    await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(maker.address, 100n * UNIT),
        api.tx.sudo.sudo(api.tx.deviceRegistry.registerManufacturer(maker.address, 'Leaky Corp', keyArg(oldKey))),
      ]),
      alice,
      inBlock,
    );
    await submit(api, api.tx.deviceRegistry.registerModel(MODEL, 'Lock'), maker, inBlock);
    // The old key endorsed Alice's genuine lock, and (once leaked) Charlie's fake one.
    const genuine = deviceFromSeed('Ed25519');
    const [genuineId, fakeId] = await Promise.all([
      registerDevice(api, alice, genuine, maker.address, MODEL, 'genuine lock', oldKey),
      registerDevice(api, charlie, deviceFromSeed('Sr25519'), maker.address, MODEL, 'fake lock', oldKey),
    ]);
    const endorsed = async (id) => (await iotRpc(api, 'iot_device', [id])).endorsed;
    assert.deepEqual([await endorsed(genuineId), await endorsed(fakeId)], [true, true]);
    // Root changes the key and voids the earlier endorsements in one batch.
    const { events } = await submitSudo(
      api,
      api.tx.utility.batchAll([
        api.tx.deviceRegistry.registerManufacturer(maker.address, 'Leaky Corp', keyArg(newKey)),
        api.tx.deviceRegistry.voidEndorsements(maker.address),
      ]),
      alice,
    );
    assert.equal(eventsOf(events, 'deviceRegistry', 'EndorsementsVoided')[0].data.manufacturer.toString(), maker.address);
    assert.deepEqual([await endorsed(genuineId), await endorsed(fakeId)], [false, false]);
    assert.equal((await api.call.deviceRegistryApi.device(fakeId)).unwrap().endorsed.isFalse, true);
    // The old key cannot endorse again; the new one endorses the genuine lock, once.
    const endorse = (id, key, device, signer) =>
      submit(api, api.tx.deviceRegistry.endorseDevice(id, signatureArg('P256', key.sign(endorsementMessage(maker.address, MODEL, device)))), signer, inBlock);
    await assert.rejects(endorse(fakeId, oldKey, genuine, charlie), { message: 'deviceRegistry.BadEndorsement' });
    const { events: reendorsed } = await endorse(genuineId, newKey, genuine, alice);
    assert.equal(eventsOf(reendorsed, 'deviceRegistry', 'DeviceEndorsed')[0].data.device.toHex(), genuineId);
    assert.deepEqual([await endorsed(genuineId), await endorsed(fakeId)], [true, false]);
    await assert.rejects(endorse(genuineId, newKey, genuine, alice), { message: 'deviceRegistry.AlreadyEndorsed' });
  });
});
