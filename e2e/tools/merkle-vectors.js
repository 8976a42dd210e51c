// Generates docs/test-vectors/merkle.json: Merkle trees of readings (text and binary leaves, 1 to 17
// leaves, odd counts whose last node is carried up), their roots and every leaf's proof, computed
// by the JS implementation of e2e/lib/fleet.js (written from the spec, not from the Rust code).
// iot-primitives' merkle_vectors test and the e2e suite's 00-vectors check them; `iot-node merkle`
// (with --hex for binary leaves) reproduces them. Run by scripts/test-vectors.sh.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { merkleProof, merkleRoot } from '../lib/fleet.js';

/** Leaves `reading 0`, `reading 1`, … (UTF-8). */
const text = (count) => Array.from({ length: count }, (_, i) => stringToU8a(`reading ${i}`));
/** `count` binary leaves of `length` bytes: byte j of leaf i is (i * length + j) mod 256. */
const binary = (count, length) =>
  Array.from({ length: count }, (_, i) => Uint8Array.from({ length }, (_, j) => (i * length + j) % 256));

const cases = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17].map((count) => ({ name: `${count} text leaves`, leaves: text(count) })),
  { name: '5 binary leaves of 64 bytes (the length of two concatenated hashes)', leaves: binary(5, 64) },
  { name: 'an empty leaf, a zero byte and a line break (binary data, not lines of text)', leaves: [new Uint8Array(), new Uint8Array([0]), new Uint8Array([0x0a])] },
];

await cryptoWaitReady();
const vectors = cases.map(({ name, leaves }) => ({
  name,
  leafCount: leaves.length,
  leaves: leaves.map((leaf) => u8aToHex(leaf)),
  root: merkleRoot(leaves),
  proofs: leaves.map((_, leafIndex) => ({ leafIndex, proof: merkleProof(leaves, leafIndex) })),
}));
const out = fileURLToPath(new URL('../../docs/test-vectors/merkle.json', import.meta.url));
writeFileSync(out, `${JSON.stringify({
  description: 'Binary Merkle trees of device readings (spec §6): leaf hash = blake2_256(leaf), parent = blake2_256(left ++ right), an odd last node is carried up unchanged, a one-leaf tree\'s root is its leaf hash; proofs list sibling hashes bottom-up. blake2_256 is unkeyed BLAKE2b with a 32-byte output.',
  generator: 'node e2e/tools/merkle-vectors.js (scripts/test-vectors.sh)',
  vectors,
}, null, 2)}\n`);
console.log(`wrote ${vectors.length} trees to ${out}`);
