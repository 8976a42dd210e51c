// Manufacturer-rooted identity (spec §12) against a real node: real TPM vendors' public roots
// registered as global anchors by sudo; an OEM CA made with OpenSSL (P-384 root, P-256
// intermediate) issuing the certificate of a device key made and signing in JavaScript
// (@noble/curves); certified registration (single and batch), the dry run, refusals with the
// certificate's position and reason, and a revocation that makes the device untrusted at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { p256 } from '@noble/curves/nist.js';
import { connect, devAccounts, eventsOf, iotRpc, submit, submitSudo } from '@iot-chain/client/chain';
import { deviceFromSeed, deviceId, keyArg, registrationMessage, signatureArg } from '@iot-chain/client/device';
import { ACME } from '../lib/fleet.js';
import { anchorId, issuerAndSerial, makeCa, p256SpkiPem, serialRevocation } from '../lib/certificates.js';

const here = dirname(fileURLToPath(import.meta.url));
const vendors = join(here, '../../primitives/cert-path/tests/fixtures/vendors');
const hex = (bytes) => u8aToHex(bytes);

/** The fields of a deviceRegistry error (e.g. `{ certificateRefused: { index, error } }`). */
function registryError(api, error) {
  return api.createType('PalletDeviceRegistryError', error.dispatchError.asModule.error.toU8a()).toJSON();
}

describe('certificates (spec §12)', () => {
  let api;
  let genesis;
  let dir;
  let oem;
  let oemAnchor;
  const { keyring, alice, bob } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);

  /** A JS P-256 device whose key the OEM's intermediate certifies (serial `serial`). */
  function certifiedDevice(serial, hash) {
    const device = deviceFromSeed('P256');
    const der = oem.issue(p256SpkiPem(p256.getPublicKey(device.seed, false)), serial, { hash });
    return { device, der };
  }

  function certifiedArgs(owner, { device, der }) {
    return {
      key: keyArg(device),
      manufacturer: acme.address,
      modelId: ACME.model,
      metadata: '0x',
      proof: signatureArg('P256', device.sign(registrationMessage(genesis, owner.address, device))),
      certificates: { device: { anchor: oemAnchor, certificates: [hex(der), hex(oem.intermediate)] }, tpm: null },
    };
  }

  function register(owner, item) {
    const a = certifiedArgs(owner, item);
    const tx = api.tx.deviceRegistry.registerCertifiedDevice(a.key, a.manufacturer, a.modelId, a.metadata, a.proof, a.certificates);
    return submit(api, tx, owner, { finalized: false });
  }

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
    dir = mkdtempSync(join(tmpdir(), 'iot-oem-ca-'));
    oem = makeCa(dir, 'Acme Sensors');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await api?.disconnect();
  });

  it('registers three TPM vendors\' public roots as global anchors (sudo)', async () => {
    for (const name of ['INF_ECC_010RT', 'STM_RSA_RT', 'INTEL_RT']) {
      const der = new Uint8Array(readFileSync(join(vendors, `${name}.der`)));
      const id = anchorId(null, der);
      if ((await api.call.certificatesApi.trustAnchor(id)).isNone) {
        const { events } = await submitSudo(api, api.tx.deviceRegistry.registerTrustAnchor(hex(der)), alice);
        const [registered] = eventsOf(events, 'deviceRegistry', 'TrustAnchorRegistered');
        assert.equal(registered.data.anchor.toHex(), id, `${name}: the documented anchor id`);
        assert.equal(registered.data.owner.isGlobal, true);
      }
      const anchor = (await api.call.certificatesApi.trustAnchor(id)).unwrap();
      assert.equal(anchor.certificate.toHex(), hex(der));
      assert.equal(anchor.deposit.toBigInt(), 0n);
    }
    // A signed account may not register global anchors.
    const der = new Uint8Array(readFileSync(join(vendors, 'NUVO_2110.der')));
    await assert.rejects(submit(api, api.tx.deviceRegistry.registerTrustAnchor(hex(der)), bob, { finalized: false }), /BadOrigin/);
  });

  it('registers Acme\'s OpenSSL-made CA with a deposit and has model 1 accept it', async () => {
    oemAnchor = anchorId(acme.address, oem.root);
    const { events } = await submit(api, api.tx.deviceRegistry.registerOemAnchor(hex(oem.root)), acme, { finalized: false });
    const [registered] = eventsOf(events, 'deviceRegistry', 'TrustAnchorRegistered');
    assert.equal(registered.data.anchor.toHex(), oemAnchor);
    const anchor = (await api.call.certificatesApi.trustAnchor(oemAnchor)).unwrap();
    assert.equal(anchor.deposit.toBigInt(), api.consts.deviceRegistry.anchorDeposit.toBigInt());
    await submit(api, api.tx.deviceRegistry.setModelAnchors(ACME.model, [oemAnchor]), acme, { finalized: false });
    const accepted = await api.call.certificatesApi.modelAnchors(acme.address, ACME.model);
    assert.deepEqual(accepted.map((a) => a.toHex()), [oemAnchor]);
  });

  it('checks a chain without a transaction (dry run)', async () => {
    const item = certifiedDevice(100);
    const ok = (await api.call.certificatesApi.verifyCertificateChain(oemAnchor, [hex(item.der), hex(oem.intermediate)])).unwrap();
    assert.deepEqual(ok.asOk.unwrap().toJSON(), { p256: hex(item.device.publicKey) });
    const refused = (await api.call.certificatesApi.verifyCertificateChain(oemAnchor, [hex(item.der)])).unwrap();
    assert.deepEqual(refused.asErr.toJSON(), { index: 0, error: 'IssuerMismatch' });
    // The same through the node's RPC, as plain JSON.
    assert.deepEqual(await iotRpc(api, 'iot_verifyCertificateChain', [oemAnchor, [hex(item.der), hex(oem.intermediate)]]), {
      valid: true,
      leafKey: { scheme: 'P256', publicKey: hex(item.device.publicKey) },
    });
    assert.deepEqual(await iotRpc(api, 'iot_verifyCertificateChain', [oemAnchor, [hex(item.der)]]), { valid: false, index: 0, error: 'IssuerMismatch' });
    assert.equal(await iotRpc(api, 'iot_verifyCertificateChain', [blake2AsHex('no such anchor', 256), [hex(item.der)]]), null);
    const anchors = await iotRpc(api, 'iot_trustAnchors', []);
    assert.deepEqual(anchors.find((a) => a.id === oemAnchor)?.owner, acme.address);
    assert.ok(anchors.some((a) => a.owner === null), 'the vendors\' global anchors');
  });

  it('registers a certified device: endorsed, its chain recorded, certified now', async () => {
    const item = certifiedDevice(101);
    const { events } = await register(alice, item);
    const id = deviceId(item.device);
    const [certified] = eventsOf(events, 'deviceRegistry', 'DeviceCertified');
    assert.equal(certified.data.device.toHex(), id);
    assert.equal(certified.data.anchor.toHex(), oemAnchor);
    const device = (await api.call.deviceRegistryApi.device(id)).unwrap();
    assert.equal(device.endorsed.isTrue, true);
    const record = (await api.call.certificatesApi.deviceCertificate(id)).unwrap();
    assert.deepEqual(
      record.chain.certificates.map((h) => h.toHex()),
      [blake2AsHex(item.der, 256), blake2AsHex(oem.intermediate, 256)],
    );
    const certification = await api.call.certificatesApi.certification(id);
    assert.deepEqual(certification.toJSON(), { certified: { anchor: oemAnchor, tpmAnchor: null } });
    assert.deepEqual(await iotRpc(api, 'iot_certification', [id]), { status: 'Certified', anchor: oemAnchor, tpmAnchor: null });
  });

  it('refuses bad chains with the certificate\'s position and reason, changing nothing', async () => {
    const cases = [
      // A SHA-1-signed device certificate.
      [certifiedDevice(102, '-sha1'), (a) => a, { certificateRefused: { index: 0, error: 'WeakAlgorithm' } }],
      // The intermediate missing.
      [certifiedDevice(103), (a) => ({ ...a, certificates: { device: { ...a.certificates.device, certificates: a.certificates.device.certificates.slice(0, 1) }, tpm: null } }),
        { certificateRefused: { index: 0, error: 'IssuerMismatch' } }],
      // Another device's certificate.
      [certifiedDevice(104), (a) => ({ ...a, key: keyArg(deviceFromSeed('P256')) }), null],
    ];
    for (const [item, change, expected] of cases) {
      const a = change(certifiedArgs(alice, item));
      const tx = api.tx.deviceRegistry.registerCertifiedDevice(a.key, a.manufacturer, a.modelId, a.metadata, a.proof, a.certificates);
      await assert.rejects(submit(api, tx, alice, { finalized: false }), (error) => {
        if (expected) {
          assert.deepEqual(registryError(api, error), expected);
        } else {
          // The proof was signed by the certified key, so another key fails its proof first.
          assert.equal(error.message, 'deviceRegistry.BadProof');
        }
        return true;
      });
      assert.equal((await api.call.deviceRegistryApi.device(deviceId(item.device))).isNone, true);
    }
  });

  it('registers a certified batch, all or none', async () => {
    const items = [certifiedDevice(105), certifiedDevice(106)];
    const args = [...items, certifiedDevice(107, '-sha1')].map((item) => certifiedArgs(bob, item));
    await assert.rejects(submit(api, api.tx.deviceRegistry.registerCertifiedDevices(args), bob, { finalized: false }), (error) => {
      assert.equal(error.message, 'deviceRegistry.CertifiedBatchItemFailed');
      assert.deepEqual(registryError(api, error), { certifiedBatchItemFailed: { index: 2, error: { certificate: 'WeakAlgorithm' } } });
      return true;
    });
    const { events } = await submit(api, api.tx.deviceRegistry.registerCertifiedDevices(args.slice(0, 2)), bob, { finalized: false });
    assert.equal(eventsOf(events, 'deviceRegistry', 'DeviceCertified').length, 2);
  });

  it('a revocation by the anchor\'s owner makes the device untrusted at once', async () => {
    const item = certifiedDevice(108);
    await register(alice, item);
    const id = deviceId(item.device);
    assert.notEqual((await iotRpc(api, 'iot_trustStatus', [id])).reason, 'CertificateRevoked');
    const { issuer, serial } = issuerAndSerial(item.der);
    const target = serialRevocation(item.der);
    const { events } = await submit(api, api.tx.deviceRegistry.revokeCertificate(oemAnchor, target), acme, { finalized: false });
    const [revoked] = eventsOf(events, 'deviceRegistry', 'CertificateRevoked');
    assert.equal(revoked.data.anchor.toHex(), oemAnchor);
    const certification = (await api.call.certificatesApi.certification(id)).toJSON();
    assert.equal(certification.revoked.anchor, oemAnchor);
    assert.equal((await iotRpc(api, 'iot_certification', [id])).status, 'Revoked');
    assert.deepEqual(await iotRpc(api, 'iot_trustStatus', [id]), { status: 'Untrusted', reason: 'CertificateRevoked' });
    // Bob (not the anchor's owner) cannot revoke under Acme's anchor.
    await assert.rejects(
      submit(api, api.tx.deviceRegistry.revokeCertificate(oemAnchor, { Key: blake2AsHex(new Uint8Array([1]), 256) }), bob, { finalized: false }),
      /deviceRegistry.NotAnchorOwner/,
    );
    // Revocation identifiers are what the runtime records: blake2_256(SCALE(target)).
    const scaleTarget = u8aConcat([0], blake2AsU8a(issuer, 256), compactToU8a(serial.length), serial);
    assert.equal(revoked.data.revocation.toHex(), blake2AsHex(scaleTarget, 256));
  });

  it('retiring Acme\'s anchor stops new chains at it and keeps earlier devices certified', async () => {
    const earlier = certifiedDevice(109);
    await register(alice, earlier);
    await assert.rejects(submit(api, api.tx.deviceRegistry.retireTrustAnchor(oemAnchor), bob, { finalized: false }), /deviceRegistry.NotAnchorOwner/);
    const { events } = await submit(api, api.tx.deviceRegistry.retireTrustAnchor(oemAnchor), acme, { finalized: false });
    assert.equal(eventsOf(events, 'deviceRegistry', 'TrustAnchorRetired').length, 1);
    await assert.rejects(register(alice, certifiedDevice(110)), /deviceRegistry.AnchorRetired/);
    await assert.rejects(submit(api, api.tx.deviceRegistry.setModelAnchors(ACME.model, [oemAnchor]), acme, { finalized: false }), /deviceRegistry.AnchorRetired/);
    const certification = (await api.call.certificatesApi.certification(deviceId(earlier.device))).toJSON();
    assert.equal(certification.certified.anchor, oemAnchor);
    // The model lists no retired anchor afterwards (scripts/tpm-demo.sh adds its own to the list).
    await submit(api, api.tx.deviceRegistry.setModelAnchors(ACME.model, []), acme, { finalized: false });
  });
});
