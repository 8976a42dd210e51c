// The signing test vectors (docs/test-vectors/signing.json), checked by the JS side: keys derived
// from the seeds, messages rebuilt from the fields, and both the JS-made and the Rust-made
// signatures verified with polkadot-js/@noble; and the Merkle test vectors
// (docs/test-vectors/merkle.json) rebuilt.
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
} from '@iot-chain/client/device';
import { merkleProof, merkleRoot } from '../lib/fleet.js';

const { vectors } = JSON.parse(readFileSync(new URL('../../docs/test-vectors/signing.json', import.meta.url)));

function rebuild(vector, device) {
  const f = vector.fields;
  switch (vector.purpose) {
    case 'register':
      return registrationMessage(f.genesis, f.owner, device);
    case 'rotate':
      return rotationMessage(f.genesis, f.device, { scheme: f.newKey.scheme, publicKey: hexToU8a(f.newKey.publicKey) }, f.nonce);
    case 'endorse':
      // Signed by the manufacturer's endorsement key (`device` here) over the device key.
      return endorsementMessage(f.manufacturer, f.model, { scheme: f.key.scheme, publicKey: hexToU8a(f.key.publicKey) });
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
      const endorsed = vector.purpose === 'endorse' && deviceFromSeed(vector.fields.key.scheme, hexToU8a(vector.fields.deviceSeed));
      if (endorsed) assert.equal(u8aToHex(endorsed.publicKey), vector.fields.key.publicKey, 'the endorsed key derives from deviceSeed');
      assert.equal(deviceId(endorsed || device), vector.deviceId);
      const message = rebuild(vector, device);
      assert.equal(u8aToHex(message), vector.message);
      const key = hexToU8a(vector.key.publicKey);
      assert.ok(verifySignature(vector.scheme, message, hexToU8a(vector.signature), key), 'JS signature');
      assert.ok(vector.rustSignature, 'the Rust signature is present');
      assert.ok(verifySignature(vector.scheme, message, hexToU8a(vector.rustSignature), key), 'Rust signature');
      if (vector.purpose === 'rotate') {
        const next = deviceFromSeed(vector.fields.newKey.scheme, hexToU8a(vector.newKeySeed));
        const nextKey = hexToU8a(vector.fields.newKey.publicKey);
        assert.equal(u8aToHex(next.publicKey), vector.fields.newKey.publicKey, 'the new key derives from newKeySeed');
        assert.ok(verifySignature(vector.scheme, message, hexToU8a(vector.newKeySignature), nextKey), 'JS signature of the new key');
        assert.ok(verifySignature(vector.scheme, message, hexToU8a(vector.rustNewKeySignature), nextKey), 'Rust signature of the new key');
      }
      const tampered = message.slice();
      tampered[0] ^= 1;
      assert.equal(verifySignature(vector.scheme, tampered, hexToU8a(vector.rustSignature), key), false);
    });
  }
});

describe('Merkle test vectors', () => {
  const merkle = JSON.parse(readFileSync(new URL('../../docs/test-vectors/merkle.json', import.meta.url)));

  it('rebuild every root and proof (iot-primitives checks the same file)', () => {
    assert.ok(merkle.vectors.length >= 13);
    for (const vector of merkle.vectors) {
      const leaves = vector.leaves.map((leaf) => hexToU8a(leaf));
      assert.equal(merkleRoot(leaves), vector.root, vector.name);
      for (const { leafIndex, proof } of vector.proofs) {
        assert.deepEqual(merkleProof(leaves, leafIndex), proof, `${vector.name}, leaf ${leafIndex}`);
      }
    }
  });
});
