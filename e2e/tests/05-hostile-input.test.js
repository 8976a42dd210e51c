// Hostile input against a real node: malformed extrinsic bytes, over-long fields, key/signature
// type mismatches, signatures by the wrong key, evidence bound to a future or forged block, and a
// flood of 2,000 invalid attestations during which an honest transfer is still included.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { connect, devAccounts, iotRpc, submit } from '@iot-chain/client/chain';
import { deviceFromSeed, keyArg, registrationMessage, signatureArg } from '@iot-chain/client/device';
import { ACME, deviceRegistration, evidenceFor, recentBlock, registerDevice, signedEvidence } from '../lib/fleet.js';
import { DroppedError, InclusionTracker, signAll } from '../lib/inclusion.js';

describe('hostile input', () => {
  let api;
  let genesis;
  const { keyring, alice, bob, charlie, dave } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const flooder = keyring.addFromUri(`//Flooder${Date.now()}`);
  const device = deviceFromSeed('Ed25519');
  let id;

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
    id = await registerDevice(api, alice, device, acme.address, ACME.model);
    await submit(api, api.tx.balances.transferKeepAlive(flooder.address, 10_000n * 10n ** 12n), alice, { finalized: false });
  });
  after(async () => {
    await api?.disconnect();
  });

  it('answers malformed extrinsic bytes with an RPC error and keeps running', async () => {
    // Raw JSON-RPC: polkadot-js would refuse to send bytes it cannot decode itself.
    const garbage = ['0x', '0x00', '0xdeadbeef', u8aToHex(new Uint8Array(300).fill(0xff)), '0x0404deadbeef'];
    for (const bytes of garbage) {
      await assert.rejects(iotRpc(api, 'author_submitExtrinsic', [bytes]), (error) => {
        assert.match(error.message, /^(1002|1010|1011)|Could not decode|Invalid/, `${bytes}: ${error.message}`);
        return true;
      });
    }
    const before = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitForBlock(api, before + 1);
    const health = await api.rpc.system.health();
    assert.equal(health.isSyncing.isFalse, true);
  });

  it('refuses over-long metadata and version fields with their own errors', async () => {
    const other = deviceFromSeed('Sr25519');
    const tooLong = 'x'.repeat(api.consts.deviceRegistry.maxMetadataLength.toNumber() + 1);
    const registration = deviceRegistration(genesis, alice.address, other, acme.address, ACME.model, tooLong);
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.registerDevices([registration]), alice, { finalized: false }),
      (error) => {
        assert.equal(error.message, 'deviceRegistry.BatchItemFailed');
        assert.deepEqual(batchItemFailure(api, error.dispatchError), { index: 0, error: 'MetadataTooLong' });
        return true;
      },
    );
    const { key, manufacturer, modelId, metadata, proof } = registration;
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.registerDevice(key, manufacturer, modelId, metadata, proof, null), alice, {
        finalized: false,
      }),
      { message: 'deviceRegistry.MetadataTooLong' },
    );
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.updateMetadata(id, u8aToHex(new TextEncoder().encode(tooLong))), alice, {
        finalized: false,
      }),
      { message: 'deviceRegistry.MetadataTooLong' },
    );
    const version = 'v'.repeat(api.consts.firmwareAttestation.maxVersionLength.toNumber() + 1);
    await assert.rejects(
      submit(api, api.tx.firmwareAttestation.publishRelease(ACME.model, u8aToHex(new Uint8Array(32).fill(9)), version, 5), acme, {
        finalized: false,
      }),
      { message: 'firmwareAttestation.VersionTooLong' },
    );
  });

  it('refuses a signature of another scheme than the key and a signature by the wrong key', async () => {
    const p256 = deviceFromSeed('P256');
    const message = registrationMessage(genesis, alice.address, p256);
    const ed25519Shaped = signatureArg('Ed25519', new Uint8Array(64).fill(1));
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.registerDevice(keyArg(p256), acme.address, ACME.model, '0x', ed25519Shaped, null), alice, {
        finalized: false,
      }),
      { message: 'deviceRegistry.KeyTypeMismatch' },
    );
    const impostor = deviceFromSeed('P256');
    const wrongKey = signatureArg('P256', impostor.sign(message));
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.registerDevice(keyArg(p256), acme.address, ACME.model, '0x', wrongKey, null), alice, {
        finalized: false,
      }),
      { message: 'deviceRegistry.BadProof' },
    );
  });

  it('refuses evidence bound to a future block or a forged block hash', async () => {
    const recent = await recentBlock(api);
    const evidence = evidenceFor(id, recent, { recentBlock: recent.number + 50 });
    await assert.rejects(
      submit(api, api.tx.firmwareAttestation.submitAttestation(...signedEvidence(genesis, device, evidence)), bob, {
        finalized: false,
      }),
      { message: 'firmwareAttestation.FutureBlock' },
    );
    const forged = { ...evidence, recentBlock: recent.number, recentHash: u8aToHex(new Uint8Array(32).fill(3)) };
    await assert.rejects(
      submit(api, api.tx.firmwareAttestation.submitAttestation(...signedEvidence(genesis, device, forged)), bob, {
        finalized: false,
      }),
      { message: 'firmwareAttestation.BlockHashMismatch' },
    );
  });

  it('rejects a flood of 2,000 invalid attestations and still includes an honest transfer', async () => {
    const recent = await recentBlock(api);
    const impostor = deviceFromSeed('Ed25519');
    const flood = Array.from({ length: 2000 }, (_, i) =>
      api.tx.firmwareAttestation.submitAttestation(
        ...signedEvidence(genesis, impostor, evidenceFor(id, recent, { counter: i + 1 })),
      ),
    );
    const tracker = await new InclusionTracker(api).start();
    try {
      const signed = await signAll(api, flooder, flood);
      const half = signed.length / 2;
      const first = await tracker.submit(signed.slice(0, half));
      const [transfer] = await tracker.submit(await signAll(api, charlie, [api.tx.balances.transferKeepAlive(dave.address, 10n ** 12n)]));
      const second = await tracker.submit(signed.slice(half));
      // The pool may shed part of a flood (DroppedError); what it includes must fail the signature
      // check, and the honest transfer must get in while the flood lasts.
      const settled = await Promise.allSettled([...first, ...second]);
      const unexpected = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof DroppedError));
      assert.equal(unexpected, undefined, `${unexpected?.reason}`);
      const outcomes = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
      assert.ok(outcomes.length > 0, 'part of the flood reached blocks');
      const errors = new Set(outcomes.map((outcome) => outcome.error));
      assert.deepEqual([...errors], ['firmwareAttestation.BadSignature']);
      if (outcomes.length < flood.length) {
        console.log(`# flood: ${outcomes.length} included, ${flood.length - outcomes.length} dropped by the pool`);
      }
      const honest = await transfer;
      assert.equal(honest.ok, true);
      const floodBlocks = new Set(outcomes.map((outcome) => outcome.number));
      assert.ok(honest.number <= Math.max(...floodBlocks), 'the transfer was included while the flood lasted');
      const counters = await api.query.firmwareAttestation.counters(id);
      assert.equal(counters.lastCounter.toNumber(), 0, 'no invalid evidence moved the replay counter');
    } finally {
      tracker.stop();
    }
  });
});

/** `{ index, error }` of a `BatchItemFailed { index: u16, error: RegistrationError }` module error. */
function batchItemFailure(api, dispatchError) {
  const bytes = dispatchError.asModule.error.toU8a();
  const error = api.createType('PalletDeviceRegistryRegistrationError', bytes[3]);
  return { index: bytes[1] | (bytes[2] << 8), error: error.toString() };
}

async function waitForBlock(api, number) {
  for (;;) {
    if ((await api.rpc.chain.getHeader()).number.toNumber() >= number) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
