// The device SDK on a microcontroller (spec §14): the Rust sample firmware (Ed25519 and P-256
// signers) and the C sample run under qemu-system-arm (Cortex-M4, mps2-an386). What they print is
// checked against docs/test-vectors (made by polkadot-js/@noble) and the JS client's own message
// builders and verifiers; then what a firmware signs for the running dev chain is submitted with
// @polkadot/api and accepted: registration, attestation (→ Trusted) and a device-signed anchor of
// its 1,000-reading Merkle root, whose readings then verify by RPC. Skipped without IOT_SDK_DIR
// (scripts/test.sh runs scripts/sdk.sh and sets it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress, randomAsHex } from '@polkadot/util-crypto';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import { anchorMessage, attestationMessage, registrationMessage, verifySignature } from '@iot-chain/client/device';
import { ACME, evidenceFor, merkleProof, merkleRoot, recentBlock } from '../lib/fleet.js';
import { SAMPLE_READINGS, SDK_DIR, firmwareElf, firmwareInput, runFirmware, variantArg } from '../lib/firmware.js';
import { bootQuoteNonce, quoteNonce } from '../lib/tpm.js';

const VECTORS = JSON.parse(readFileSync(new URL('../../docs/test-vectors/signing.json', import.meta.url), 'utf8')).vectors;
const SAMPLES = [
  { scheme: 'Ed25519', elf: 'iot-sample-firmware-ed25519' },
  { scheme: 'P256', elf: 'iot-sample-firmware-p256' },
];
const ROOT = merkleRoot(SAMPLE_READINGS);

/** Checks one signed payload a firmware printed: the expected bytes, a signature JS verifies. */
function assertSigned(printed, expectedMessage, publicKey, label) {
  assert.equal(u8aToHex(printed.message), u8aToHex(expectedMessage), `${label}: message bytes`);
  assert.equal(
    verifySignature(printed.signature.scheme, printed.message, printed.signature.bytes, publicKey),
    true,
    `${label}: the signature verifies with @noble`,
  );
}

describe('device SDK on Cortex-M under QEMU', { skip: !SDK_DIR && 'IOT_SDK_DIR is not set (scripts/test.sh sets it)' }, () => {
  it('prints the test vectors and the runtime tree, and the C sample prints the same', () => {
    for (const [index, { scheme, elf }] of SAMPLES.entries()) {
      const register = vector(scheme, 'register');
      const attest = vector(scheme, 'attest');
      const input = vectorInput(scheme);
      const { devices } = runFirmware(firmwareElf(elf), input);
      assert.equal(devices.length, 1);
      const [out] = devices;
      assert.equal(out.device, register.deviceId, `${scheme}: device id`);
      assert.equal(out.key.scheme, scheme);
      assert.equal(u8aToHex(out.key.bytes), register.key.publicKey, `${scheme}: key from the seed`);
      assertSigned(out.register, hexBytes(register.message), out.key.bytes, `${scheme} register`);
      assertSigned(out.attest, hexBytes(attest.message), out.key.bytes, `${scheme} attest`);
      if (scheme === 'Ed25519') {
        // Deterministic: the very bytes polkadot-js made.
        assert.equal(u8aToHex(out.register.signature.bytes), register.signature);
        assert.equal(u8aToHex(out.attest.signature.bytes), attest.signature);
      }
      const { genesis, evidence } = attest.fields;
      const nonceArgs = [genesis, out.device, evidence.recentBlock, evidence.recentHash, evidence.counter];
      assert.deepEqual(
        out.nonce,
        { quote: u8aToHex(quoteNonce(...nonceArgs)), boot: u8aToHex(bootQuoteNonce(...nonceArgs, evidence.firmwareDigest)) },
        `${scheme}: the TPM quote nonces (plain, and claiming the input's firmware as booted)`,
      );
      assert.deepEqual(out.merkle, { root: ROOT, leafCount: 1000 }, `${scheme}: the runtime's tree`);
      const seq = vector(scheme, 'anchor').fields.seq;
      const expected = anchorMessage(register.fields.genesis, out.device, seq, ROOT, 1000);
      assertSigned(out.anchor, expected, out.key.bytes, `${scheme} anchor`);
      for (const path of ['register', 'attest', 'anchor']) {
        assert.ok(out.stack[path] > 0 && out.stack[path] <= 8 * 1024, `${scheme} ${path}: stack ≤ 8 KiB`);
      }
      // The C sample (both schemes, one after the other) prints the same lines for this input.
      const fromC = runFirmware(firmwareElf('iot-c-sample'), input);
      assert.deepEqual(
        fromC.rest,
        ['bad-input refused', 'external-signer same bytes'],
        'the C sample refuses bad input with error values, and its external signer signs the same bytes',
      );
      const { stack, ...rust } = out;
      assert.deepEqual(fromC.devices[index], rust, `C sample, ${scheme}`);
    }
  });

  it('gets the same root from iot-node merkle', { skip: !process.env.IOT_NODE_BIN }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'iot-sdk-merkle-'));
    try {
      const file = join(dir, 'readings.txt');
      writeFileSync(file, `${SAMPLE_READINGS.map((r) => new TextDecoder().decode(r)).join('\n')}\n`);
      const printed = JSON.parse(execFileSync(process.env.IOT_NODE_BIN, ['merkle', 'root', file]));
      assert.deepEqual(printed, { root: ROOT, leafCount: 1000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('what the firmware signs is accepted by the dev chain', () => {
    let api;
    const { keyring, dave, eve } = devAccounts();
    const acme = keyring.addFromUri(ACME.uri);
    const owners = { Ed25519: dave, P256: eve };

    before(async () => {
      api = await connect();
    });
    after(async () => {
      await api?.disconnect();
    });

    it('registers, attests (Trusted) and anchors with the firmware\'s signatures', async () => {
      const genesis = api.genesisHash.toHex();
      const recent = await recentBlock(api);
      // Both schemes at once: each owner submits its own device's transactions.
      await Promise.all(
        SAMPLES.map(async ({ scheme, elf }) => {
          const owner = owners[scheme];
          // A fresh device each run (a P-256 secret below the group order: first byte < 0xff).
          const seed = `0x7f${randomAsHex(31).slice(2)}`;
          const evidence = (id) => evidenceFor(id, recent);
          const input = firmwareInput({ seed, genesis, owner: u8aToHex(decodeAddress(owner.address)), evidence: evidence(null), seq: 0 });
          const [out] = runFirmware(firmwareElf(elf), input).devices;
          const id = out.device;
          const device = { scheme, publicKey: out.key.bytes };
          assertSigned(out.register, registrationMessage(genesis, owner.address, device), out.key.bytes, `${scheme} register`);

          const register = api.tx.deviceRegistry.registerDevice(
            variantArg(out.key), acme.address, ACME.model, u8aToHex(new TextEncoder().encode(`SDK ${scheme} sample`)),
            variantArg(out.register.signature), null,
          );
          const { events: registered } = await submit(api, register, owner, { finalized: false });
          const [event] = eventsOf(registered, 'deviceRegistry', 'DeviceRegistered');
          assert.equal(event.data.device.toHex(), id, `${scheme}: the chain derives the firmware's device id`);
          assert.equal(event.data.owner.toString(), owner.address);

          const fields = evidence(id);
          assertSigned(out.attest, attestationMessage(genesis, fields), out.key.bytes, `${scheme} attest`);
          const attest = api.tx.firmwareAttestation.submitAttestation(fields, variantArg(out.attest.signature));
          const { events: attested } = await submit(api, attest, owner, { finalized: false });
          assert.equal(eventsOf(attested, 'firmwareAttestation', 'Attested')[0].data.verdict.isTrusted, true);
          const trust = await iotRpc(api, 'iot_trustStatus', [id]);
          assert.equal(trust.status, 'Trusted', `${scheme}: ${JSON.stringify(trust)}`);

          const anchor = api.tx.dataAnchoring.anchor(id, out.merkle.root, out.merkle.leafCount, variantArg(out.anchor.signature));
          const { events: anchored } = await submit(api, anchor, owner, { finalized: false });
          const [stored] = eventsOf(anchored, 'dataAnchoring', 'Anchored');
          assert.equal(stored.data.device.toHex(), id);
          assert.equal(stored.data.root.toHex(), ROOT);
          assert.equal(stored.data.deviceSigned.isTrue, true, `${scheme}: the firmware's anchor signature was checked`);
          const proof = merkleProof(SAMPLE_READINGS, 7);
          const verified = await iotRpc(api, 'iot_verifyInclusion', [id, ROOT, u8aToHex(SAMPLE_READINGS[7]), proof, 7]);
          assert.equal(verified.valid, true, `${scheme}: reading 7 is proven`);
        }),
      );
    });
  });
});

/** The vector of `scheme` for `purpose`. */
function vector(scheme, purpose) {
  const found = VECTORS.find((v) => v.scheme === scheme && v.purpose === purpose);
  assert.ok(found, `a ${scheme} ${purpose} vector`);
  return found;
}

const hexBytes = (hex) => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));

/** A firmware input reproducing `scheme`'s register, attest and anchor vectors. */
function vectorInput(scheme) {
  const register = vector(scheme, 'register');
  const attest = vector(scheme, 'attest');
  assert.equal(attest.fields.genesis, register.fields.genesis);
  return firmwareInput({
    seed: register.seed,
    genesis: register.fields.genesis,
    owner: register.fields.owner,
    evidence: attest.fields.evidence,
    seq: vector(scheme, 'anchor').fields.seq,
  });
}
