// The Merkle trees of device readings (docs/spec.md §6), written independently of the Rust code
// (`iot_primitives::merkle`): leaf = BLAKE2b-256(reading), node = BLAKE2b-256(left ‖ right), an
// odd last node is promoted unchanged. docs/test-vectors/merkle.json holds vectors both check.
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** BLAKE2b-256, unkeyed. */
export const blake2_256 = (data) => blake2b(data, { dkLen: 32 });

/** `0x`-prefixed lowercase hex of `bytes`. */
export const toHex = (bytes) => `0x${bytesToHex(bytes)}`;

/** Root (hex) of the tree over `leaves` (Uint8Arrays, at least one). */
export function merkleRoot(leaves) {
  if (leaves.length === 0) throw new Error('a tree needs at least one leaf');
  let layer = leaves.map(blake2_256);
  while (layer.length > 1) layer = nextLayer(layer);
  return toHex(layer[0]);
}

/** Sibling hashes (hex, bottom-up) proving leaf `index`; a promoted odd last node has none. */
export function merkleProof(leaves, index) {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new Error(`leaf index ${index} is not in 0..${leaves.length - 1}`);
  }
  const proof = [];
  let layer = leaves.map(blake2_256);
  let position = index;
  while (layer.length > 1) {
    const sibling = position ^ 1;
    if (sibling < layer.length) proof.push(toHex(layer[sibling]));
    layer = nextLayer(layer);
    position >>= 1;
  }
  return proof;
}

/**
 * Whether `proof` (hex siblings, bottom-up) leads from `leaf` (a Uint8Array), leaf `leafIndex` of a
 * tree of `leafCount` leaves, to `root` (hex). As the runtime, a proof whose length is not the
 * path length of the index (siblings only where the path's node has one) never verifies.
 */
export function merkleVerify({ root, proof, leaf, leafIndex, leafCount }) {
  if (!Number.isInteger(leafIndex) || !Number.isInteger(leafCount) || leafIndex < 0 || leafIndex >= leafCount) return false;
  let hash = blake2_256(leaf);
  let position = leafIndex;
  let width = leafCount;
  let used = 0;
  while (width > 1) {
    const sibling = position ^ 1;
    if (sibling < width) {
      if (used >= proof.length) return false;
      const other = hexToBytes(proof[used].replace(/^0x/, ''));
      used += 1;
      const pair = new Uint8Array(64);
      pair.set(position % 2 === 0 ? hash : other);
      pair.set(position % 2 === 0 ? other : hash, 32);
      hash = blake2_256(pair);
    }
    position >>= 1;
    width = Math.ceil(width / 2);
  }
  return used === proof.length && toHex(hash) === root.toLowerCase();
}

function nextLayer(layer) {
  const next = [];
  for (let i = 0; i < layer.length; i += 2) {
    if (i + 1 < layer.length) {
      const pair = new Uint8Array(64);
      pair.set(layer[i]);
      pair.set(layer[i + 1], 32);
      next.push(blake2_256(pair));
    } else {
      next.push(layer[i]);
    }
  }
  return next;
}
