// Unit tests of the shared client library (no node needed): the Merkle code against the
// repository's vectors (which the Rust code checks too), readings files as `iot-node merkle`
// reads them, and the SCALE codecs against encodings written out by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { merkleProof, merkleRoot, merkleVerify, toHex } from '@iot-chain/client/merkle';
import { PROOF_FORMAT, isProofDocument, parseProofDocument } from '@iot-chain/client/proof';
import { parseReadings } from '@iot-chain/client/readings';
import {
  compact,
  decodeTrustStatus,
  decodeU64,
  decodeVerifyInclusion,
  encodeVerifyInclusion,
  fromHex,
  headerNumber,
  ss58Encode,
} from '@iot-chain/client/scale';

const vectors = JSON.parse(readFileSync(new URL('../../docs/test-vectors/merkle.json', import.meta.url), 'utf8')).vectors;
const bytes = (...parts) => Uint8Array.from(parts.flat());
const h32 = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

describe('merkle', () => {
  it('gives every root and proof of docs/test-vectors/merkle.json', () => {
    for (const vector of vectors) {
      const leaves = vector.leaves.map(fromHex);
      assert.equal(merkleRoot(leaves), vector.root, vector.name);
      for (const { leafIndex, proof } of vector.proofs) assert.deepEqual(merkleProof(leaves, leafIndex), proof, `${vector.name} #${leafIndex}`);
    }
  });
  it('refuses an empty tree and an index outside it', () => {
    assert.throws(() => merkleRoot([]), /at least one leaf/);
    assert.throws(() => merkleProof([bytes(1)], 1), /not in 0..0/);
  });
});

describe('merkle proofs checked', () => {
  it('accepts every vector\'s proofs and refuses a changed leaf, sibling, index or length', () => {
    for (const vector of vectors) {
      const leaves = vector.leaves.map(fromHex);
      for (const { leafIndex, proof } of vector.proofs) {
        const claim = { root: vector.root, proof, leaf: leaves[leafIndex], leafIndex, leafCount: leaves.length };
        assert.equal(merkleVerify(claim), true, `${vector.name} #${leafIndex}`);
        assert.equal(merkleVerify({ ...claim, leaf: bytes([...claim.leaf, 0]) }), false);
        assert.equal(merkleVerify({ ...claim, leafIndex: leaves.length }), false);
        if (proof.length > 0) {
          assert.equal(merkleVerify({ ...claim, proof: [h32(7), ...proof.slice(1)] }), false);
          assert.equal(merkleVerify({ ...claim, proof: proof.slice(1) }), false);
        }
        assert.equal(merkleVerify({ ...claim, proof: [...proof, h32(1)] }), false);
      }
    }
  });
});

describe('gateway proof documents', () => {
  const readings = ['a', 'b', 'c', 'd', 'e'].map((text) => new TextEncoder().encode(text));
  const doc = {
    format: PROOF_FORMAT,
    device: h32(0xab),
    readingId: 12,
    reading: toHex(readings[4]),
    leafIndex: 4,
    leafCount: 5,
    root: merkleRoot(readings),
    proof: merkleProof(readings, 4),
    status: 'finalized',
    anchor: { seq: 3, blockHash: h32(9), blockNumber: 42 },
  };
  it('parses a document whose proof leads to its root', () => {
    const text = JSON.stringify(doc);
    assert.equal(isProofDocument(text), true);
    assert.equal(isProofDocument('a\nb\n'), false);
    const parsed = parseProofDocument(text);
    assert.deepEqual(parsed.reading, readings[4]);
    assert.equal(parsed.device, doc.device);
    assert.equal(parsed.leafCount, 5);
    assert.deepEqual(parsed.anchor, doc.anchor);
  });
  it('refuses each malformed field by name, and a proof that does not lead to the root', () => {
    const refuse = (change, message) => assert.throws(() => parseProofDocument(JSON.stringify({ ...doc, ...change })), { message });
    refuse({ format: 'other' }, /format/);
    refuse({ device: '0x12' }, /device/);
    refuse({ root: 'ab'.repeat(32) }, /root/);
    refuse({ leafIndex: 5 }, /leafIndex is not below leafCount/);
    refuse({ leafCount: -1 }, /leafCount/);
    refuse({ proof: 'x' }, /proof is not an array/);
    refuse({ proof: ['0x00'] }, /proof\[0\]/);
    refuse({ reading: 'zz' }, /reading/);
    refuse({ reading: toHex(readings[3]) }, /do not lead/);
    assert.throws(() => parseProofDocument('{'), /not JSON/);
  });
});

describe('readings files', () => {
  it('reads lines as iot-node merkle does: without "\\n" or "\\r\\n", keeping empty lines', () => {
    const text = (r) => new TextDecoder().decode(r);
    assert.deepEqual(parseReadings('a\r\n\nb\n').map(text), ['a', '', 'b']);
    assert.deepEqual(parseReadings('a\nb').map(text), ['a', 'b']);
  });
  it('reads hex lines, with or without 0x, and refuses others', () => {
    assert.deepEqual(parseReadings('0x0102\n ff \n', { hex: true }), [bytes(1, 2), bytes(255)]);
    assert.throws(() => parseReadings('0x012\n', { hex: true }), /line 1 is not hex/);
    assert.throws(() => parseReadings(''), /no lines/);
  });
});

describe('scale', () => {
  it('encodes compact integers in all three modes used', () => {
    assert.deepEqual(compact(0), bytes(0));
    assert.deepEqual(compact(63), bytes(252));
    assert.deepEqual(compact(64), bytes(1, 1));
    assert.deepEqual(compact(16384), bytes(2, 0, 1, 0));
  });
  it('encodes verify_inclusion(device, root, leaf, proof, leaf_index)', () => {
    const encoded = encodeVerifyInclusion({ device: h32(1), root: h32(2), leaf: bytes(7, 8), proof: [h32(3)], leafIndex: 258 });
    assert.equal(
      toHex(encoded),
      `${h32(1)}${h32(2).slice(2)}080708 04${h32(3).slice(2)}02010000`.replace(' ', ''),
    );
    assert.throws(() => encodeVerifyInclusion({ device: '0x01', root: h32(2), leaf: bytes(), proof: [], leafIndex: 0 }), /device id must be 32 bytes/);
  });
  it('decodes Ok(anchor) and Err(VerifyError) and refuses trailing bytes', () => {
    const anchor = bytes(
      0, // Ok
      Array(32).fill(1), // device
      [5, 0, 0, 0, 0, 0, 0, 0], // seq 5
      Array(32).fill(2), // root
      [100, 0, 0, 0], // leaf_count
      [42, 0, 0, 0], // block
      [0x00, 0x10, 0xa5, 0xd4, 0xe8, 0, 0, 0], // timestamp 1e12
      Array(32).fill(0xd4), // submitter
      1, // device_signed
      0, // trusted
    );
    const decoded = decodeVerifyInclusion(anchor);
    assert.deepEqual(decoded, {
      ok: true,
      anchor: {
        device: h32(1),
        seq: 5n,
        root: h32(2),
        leafCount: 100,
        block: 42,
        timestamp: 1_000_000_000_000n,
        submitter: ss58Encode(fromHex(h32(0xd4))),
        deviceSigned: true,
        trusted: false,
      },
    });
    assert.deepEqual(decodeVerifyInclusion(bytes(1, 1)), { ok: false, error: 'UnknownRoot' });
    assert.throws(() => decodeVerifyInclusion(bytes(1, 1, 0)), /trailing bytes/);
    assert.throws(() => decodeVerifyInclusion(bytes(1, 9)), /unknown VerifyError/);
  });
  it('decodes every TrustStatus as the node\'s iot_trustStatus JSON', () => {
    assert.deepEqual(decodeTrustStatus(bytes(0)), { status: 'Unknown' });
    assert.deepEqual(decodeTrustStatus(bytes(1, Array(32).fill(9), [3, 0, 0, 0], [10, 0, 0, 0], [0, 1, 0, 0], 1, 2)), {
      status: 'Trusted',
      digest: h32(9),
      securityVersion: 3,
      attestedAt: 10,
      expiresAt: 256,
      evidence: 'TpmQuote',
      identity: 'Certified',
    });
    assert.throws(() => decodeTrustStatus(bytes(1, Array(32).fill(9), [3, 0, 0, 0], [10, 0, 0, 0], [0, 1, 0, 0], 2, 0)), /unknown EvidenceKind 2/);
    assert.throws(() => decodeTrustStatus(bytes(1, Array(32).fill(9), [3, 0, 0, 0], [10, 0, 0, 0], [0, 1, 0, 0], 0, 3)), /unknown Identity 3/);
    assert.deepEqual(decodeTrustStatus(bytes(2, 1, 4)), { status: 'Untrusted', reason: 'RevokedRelease', revocationReason: 4 });
    assert.deepEqual(decodeTrustStatus(bytes(2, 5)), { status: 'Untrusted', reason: 'UnknownMeasurement' });
    assert.deepEqual(decodeTrustStatus(bytes(2, 6)), { status: 'Untrusted', reason: 'CertificateRevoked' });
    assert.deepEqual(decodeTrustStatus(bytes(2, 7)), { status: 'Untrusted', reason: 'QuoteRequired' });
    assert.deepEqual(decodeTrustStatus(bytes(2, 8)), { status: 'Untrusted', reason: 'BootPolicyViolation' });
    assert.throws(() => decodeTrustStatus(bytes(2, 9)), /unknown UntrustedReason 9/);
    assert.deepEqual(decodeTrustStatus(bytes(3, 7, 0, 0, 0)), { status: 'Expired', lastAttestedAt: 7 });
    assert.deepEqual(decodeTrustStatus(bytes(4)), { status: 'Inactive' });
    assert.throws(() => decodeTrustStatus(bytes(5)), /unknown TrustStatus/);
  });
  it('decodes u64 exactly', () => {
    assert.equal(decodeU64(bytes(0x00, 0x10, 0xa5, 0xd4, 0xe8, 0, 0, 0)), 1_000_000_000_000n);
    assert.throws(() => decodeU64(bytes(1, 2, 3)), /truncated/);
  });
  it('reads block numbers from headers and SS58-encodes accounts', () => {
    assert.equal(headerNumber(bytes(Array(32).fill(0), [0x91, 0x01])), 100); // compact(100)
    assert.equal(headerNumber(bytes(Array(32).fill(0), [0xa1, 0x0f])), 1000);
    // //Alice's public key and its generic-substrate (42) address.
    const alice = fromHex('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d');
    assert.equal(ss58Encode(alice), '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  });
});
