// The signing test vectors (docs/test-vectors/signing.json), checked by the JS side: keys derived
// from the seeds, messages rebuilt from the fields, and both the JS-made and the Rust-made
// signatures verified with polkadot-js/@noble.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  anchorMessage,
  attestationMessage,
  deviceFromSeed,
  deviceId,
  endorsementMessage,
  registrationMessage,
  rotationMessage,
  verifySignature,
} from '../lib/device.js';

const { vectors } = JSON.parse(readFileSync(new URL('../../docs/test-vectors/signing.json', import.meta.url)));

function rebuild(vector, device) {
  const f = vector.fields;
  switch (vector.purpose) {
    case 'register':
      return registrationMessage(f.genesis, f.owner, device);
    case 'rotate':
      return rotationMessage(f.genesis, f.device, { scheme: f.newKey.scheme, publicKey: hexToU8a(f.newKey.publicKey) }, f.nonce);
    case 'endorse':
      return endorsementMessage(f.manufacturer, f.model, device);
    case 'attest':
      return attestationMessage(f.genesis, f.evidence);
    case 'anchor':
      return anchorMessage(f.genesis, f.device, f.seq, f.root, f.leafCount);
    default:
      throw new Error(`unknown purpose ${vector.purpose}`);
  }
}

describe('signing test vectors', () => {
  it('cover every scheme and purpose', () => {
    assert.equal(vectors.length, 20);
    const pairs = new Set(vectors.map((v) => `${v.scheme}/${v.purpose}`));
    assert.equal(pairs.size, 20);
  });

  for (const vector of vectors) {
    it(`${vector.scheme} ${vector.purpose}: message, key and both signatures`, async () => {
      await cryptoWaitReady();
      const device = deviceFromSeed(vector.scheme, hexToU8a(vector.seed));
      assert.equal(u8aToHex(device.publicKey), vector.key.publicKey);
      assert.equal(deviceId(device), vector.deviceId);
      const message = rebuild(vector, device);
      assert.equal(u8aToHex(message), vector.message);
      const key = hexToU8a(vector.key.publicKey);
      assert.ok(verifySignature(vector.scheme, message, hexToU8a(vector.signature), key), 'JS signature');
      assert.ok(vector.rustSignature, 'the Rust signature is present');
      assert.ok(verifySignature(vector.scheme, message, hexToU8a(vector.rustSignature), key), 'Rust signature');
      const tampered = message.slice();
      tampered[0] ^= 1;
      assert.equal(verifySignature(vector.scheme, tampered, hexToU8a(vector.rustSignature), key), false);
    });
  }
});
