// Generates docs/test-vectors/signing.json: for every key scheme and signing purpose, a key (from a
// fixed seed), the payload's fields, the exact message bytes and a signature made by the JS
// libraries (@polkadot/util-crypto, @noble/curves). `scripts/test-vectors.sh` then has the Rust
// side add its own signature of every message; both sides verify both signatures in their tests.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import {
  SCHEMES,
  anchorMessage,
  attestationMessage,
  deviceFromSeed,
  deviceId,
  endorsementMessage,
  registrationMessage,
  rotationMessage,
} from '../lib/device.js';

await cryptoWaitReady();

const seedOf = (label) => blake2AsU8a(`iotc test vector ${label}`, 256);
const hash = (label) => u8aToHex(blake2AsU8a(label, 256));
const genesis = hash('example genesis');
const owner = u8aToHex(seedOf('owner account'));
const manufacturer = u8aToHex(seedOf('manufacturer account'));

const vectors = [];
for (const scheme of SCHEMES) {
  const device = deviceFromSeed(scheme, seedOf(scheme));
  const next = deviceFromSeed(scheme, seedOf(`${scheme} rotated`));
  const id = deviceId(device);
  const key = { scheme, publicKey: u8aToHex(device.publicKey) };
  const evidence = {
    device: id,
    firmwareDigest: hash('firmware 1.2.3'),
    securityVersion: 3,
    bootCount: 17,
    recentBlock: 1234,
    recentHash: hash('block 1234'),
    counter: 5,
  };
  const purposes = [
    ['register', { genesis, owner }, registrationMessage(genesis, owner, device)],
    [
      'rotate',
      { genesis, device: id, newKey: { scheme, publicKey: u8aToHex(next.publicKey) }, nonce: 0 },
      rotationMessage(genesis, id, next, 0),
    ],
    ['endorse', { manufacturer, model: 1 }, endorsementMessage(manufacturer, 1, device)],
    ['attest', { genesis, evidence }, attestationMessage(genesis, evidence)],
    [
      'anchor',
      { genesis, device: id, seq: 42, root: hash('readings'), leafCount: 1024 },
      anchorMessage(genesis, id, 42, hash('readings'), 1024),
    ],
  ];
  for (const [purpose, fields, message] of purposes) {
    vectors.push({
      scheme,
      purpose,
      seed: u8aToHex(device.seed),
      key,
      deviceId: id,
      fields,
      message: u8aToHex(message),
      signature: u8aToHex(device.sign(message)),
      rustSignature: null,
    });
  }
}

const out = fileURLToPath(new URL('../../docs/test-vectors/signing.json', import.meta.url));
const document = {
  description:
    'iot-chain signing test vectors (SPEC §3). message = TAG ++ SCALE(fields). `signature` was made by polkadot-js/@noble, `rustSignature` by iot-primitives; both must verify with `key`. Accounts are raw AccountId32 hex. Regenerate with scripts/test-vectors.sh.',
  vectors,
};
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to ${out}`);
// Seeds are 32 bytes for every scheme: Ed25519/Sr25519 mini-secret seeds, secp256k1 and P-256 secret scalars.
