// Firmware attestation through @polkadot/api against a real node: the demo manufacturer publishes
// a release, a device attests with evidence signed in JS and bound to a recent block hash read
// from the node, trust is read through RPC and api.call, a revocation untrusts the device at once,
// and replayed evidence is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import { attestationMessage, deviceFromSeed, signatureArg } from '@iot-chain/client/device';
import { ACME, acmeEndorser, recentBlock, registerDevice } from '../lib/fleet.js';

describe('firmware attestation', () => {
  let api;
  const { keyring, alice, bob } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const device = deviceFromSeed('P256');
  const digest = randomAsHex(32);
  let id;
  let evidence;
  let signature;

  before(async () => {
    api = await connect();
    // Free attestations are for factory-endorsed devices only.
    const endorser = await acmeEndorser(api, alice);
    id = await registerDevice(api, alice, device, acme.address, ACME.model, 'e2e device', endorser);
  });
  after(async () => {
    await api?.disconnect();
  });

  it('starts with the demo release of the dev chain', async () => {
    const release = (await api.call.firmwareAttestationApi.release(acme.address, ACME.model, ACME.firmwareDigest)).unwrap();
    assert.equal(release.securityVersion.toNumber(), ACME.securityVersion);
    assert.equal(new TextDecoder().decode(release.version.toU8a(true)), '1.0.0');
    const status = await iotRpc(api, 'iot_trustStatus', [id]);
    assert.deepEqual(status, { status: 'Unknown' });
  });

  it('publishes a release and records a trusted, fee-free attestation of an endorsed device', async () => {
    const { events } = await submit(
      api,
      api.tx.firmwareAttestation.publishRelease(ACME.model, digest, '2.0.0', 2),
      acme,
      { finalized: false },
    );
    assert.equal(eventsOf(events, 'firmwareAttestation', 'ReleasePublished').length, 1);

    const recent = await recentBlock(api);
    evidence = {
      device: id,
      firmwareDigest: digest,
      securityVersion: 2,
      bootCount: 7,
      recentBlock: recent.number,
      recentHash: recent.hash,
      counter: 1,
    };
    signature = signatureArg('P256', device.sign(attestationMessage(api.genesisHash.toHex(), evidence)));
    const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const { events: attested } = await submit(api, api.tx.firmwareAttestation.submitAttestation(evidence, signature), bob, {
      finalized: false,
    });
    const [event] = eventsOf(attested, 'firmwareAttestation', 'Attested');
    assert.equal(event.data.device.toHex(), id);
    assert.equal(event.data.verdict.isTrusted, true);
    const [fee] = eventsOf(attested, 'transactionPayment', 'TransactionFeePaid');
    assert.equal(fee.data.actualFee.toBigInt(), 0n, 'a trusted attestation is free');
    const bobAfter = (await api.query.system.account(bob.address)).data.free.toBigInt();
    assert.equal(bobAfter, bobBefore);

    const viaApi = await api.call.firmwareAttestationApi.trustStatus(id);
    assert.equal(viaApi.isTrusted, true);
    assert.equal(viaApi.asTrusted.digest.toHex(), digest);
    const viaRpc = await iotRpc(api, 'iot_trustStatus', [id]);
    assert.equal(viaRpc.status, 'Trusted');
    assert.equal(viaRpc.digest, digest);
    assert.equal(viaRpc.securityVersion, 2);
    // The verdict rests on evidence the device reported, for a key its manufacturer endorsed.
    assert.equal(viaApi.asTrusted.evidence.isReported, true);
    assert.equal(viaApi.asTrusted.identity.isEndorsed, true);
    assert.equal(viaRpc.evidence, 'Reported');
    assert.equal(viaRpc.identity, 'Endorsed');
  });

  it('reads Untrusted as soon as the release is revoked', async () => {
    await submit(api, api.tx.firmwareAttestation.revokeRelease(ACME.model, digest, 3), acme, { finalized: false });
    const viaApi = await api.call.firmwareAttestationApi.trustStatus(id);
    assert.equal(viaApi.isUntrusted, true);
    assert.equal(viaApi.asUntrusted.reason.isRevokedRelease, true);
    const viaRpc = await iotRpc(api, 'iot_trustStatus', [id]);
    assert.deepEqual(viaRpc, { status: 'Untrusted', reason: 'RevokedRelease', revocationReason: 3 });
  });

  it('refuses replayed evidence with firmwareAttestation.Replay', async () => {
    await assert.rejects(
      submit(api, api.tx.firmwareAttestation.submitAttestation(evidence, signature), bob, { finalized: false }),
      { message: 'firmwareAttestation.Replay' },
    );
  });

  it('refuses evidence bound to a forged block hash with firmwareAttestation.BlockHashMismatch', async () => {
    const recent = await recentBlock(api);
    const forged = { ...evidence, counter: 2, recentBlock: recent.number, recentHash: u8aToHex(new Uint8Array(32).fill(7)) };
    const forgedSignature = signatureArg('P256', device.sign(attestationMessage(api.genesisHash.toHex(), forged)));
    await assert.rejects(
      submit(api, api.tx.firmwareAttestation.submitAttestation(forged, forgedSignature), bob, { finalized: false }),
      { message: 'firmwareAttestation.BlockHashMismatch' },
    );
  });
});
