// Reading proofs as iot-gateway serves them (`GET /readings/{device}/{reading}/proof`, spec §15):
// a reading, its place in the anchored tree and the sibling hashes, checked here for shape and
// against the Merkle rules (spec §6); the chain then says whether the root is anchored.
import { hexToBytes } from '@noble/hashes/utils.js';
import { merkleVerify } from './merkle.js';

/** The `format` of a gateway proof document. */
export const PROOF_FORMAT = 'iot-chain-reading-proof/1';

const HASH = /^0x[0-9a-f]{64}$/;

/** Whether `text` looks like a gateway proof document (JSON with its `format`). */
export function isProofDocument(text) {
  try {
    return JSON.parse(text)?.format === PROOF_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Parses and checks a proof document (its JSON text): returns `{ device, reading (Uint8Array),
 * leafIndex, leafCount, root, proof, status, anchor }` with lower-case hex, or throws naming the
 * field at fault. The proof must lead from the reading to the root (checked locally).
 */
export function parseProofDocument(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`the proof is not JSON: ${error.message}`);
  }
  if (doc?.format !== PROOF_FORMAT) throw new Error(`the proof's format is not ${PROOF_FORMAT}`);
  const hash = (value, field) => {
    if (typeof value !== 'string' || !HASH.test(value.toLowerCase())) throw new Error(`proof: ${field} is not 0x and 64 hex digits`);
    return value.toLowerCase();
  };
  const index = (value, field) => {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`proof: ${field} is not a u32`);
    return value;
  };
  const device = hash(doc.device, 'device');
  const root = hash(doc.root, 'root');
  const leafIndex = index(doc.leafIndex, 'leafIndex');
  const leafCount = index(doc.leafCount, 'leafCount');
  if (leafIndex >= leafCount) throw new Error('proof: leafIndex is not below leafCount');
  if (!Array.isArray(doc.proof)) throw new Error('proof: proof is not an array');
  const proof = doc.proof.map((sibling, i) => hash(sibling, `proof[${i}]`));
  if (typeof doc.reading !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(doc.reading)) throw new Error('proof: reading is not 0x hex');
  const reading = hexToBytes(doc.reading.slice(2));
  if (!merkleVerify({ root, proof, leaf: reading, leafIndex, leafCount })) {
    throw new Error('proof: the sibling hashes do not lead from the reading to the root');
  }
  return { device, reading, leafIndex, leafCount, root, proof, status: doc.status, anchor: doc.anchor ?? null };
}
