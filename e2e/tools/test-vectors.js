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
} from '@iot-chain/client/device';

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
  // The manufacturer's endorsement key (same scheme here; any scheme may endorse any key).
  const endorser = deviceFromSeed(scheme, seedOf(`${scheme} endorser`));
  const rotation = rotationMessage(genesis, id, next, 0);
  const purposes = [
    ['register', { genesis, owner }, registrationMessage(genesis, owner, device)],
    [
      'rotate',
      { genesis, device: id, newKey: { scheme, publicKey: u8aToHex(next.publicKey) }, nonce: 0 },
      rotation,
      // rotate_key needs the signatures of the old key (`signature`) and of the new one.
      { newKeySeed: u8aToHex(next.seed), newKeySignature: u8aToHex(next.sign(rotation)), rustNewKeySignature: null },
    ],
    [
      'endorse',
      // The endorsed device key is `fields.key`; the signer (`seed`, `key`) is the manufacturer's
      // endorsement key, registered with register_manufacturer.
      { manufacturer, model: 1, key, deviceSeed: u8aToHex(device.seed) },
      endorsementMessage(manufacturer, 1, device),
      {},
      endorser,
    ],
    ['attest', { genesis, evidence }, attestationMessage(genesis, evidence)],
    [
      'anchor',
      { genesis, device: id, seq: 42, root: hash('readings'), leafCount: 1024 },
      anchorMessage(genesis, id, 42, hash('readings'), 1024),
    ],
  ];
  for (const [purpose, fields, message, extra = {}, signer = device] of purposes) {
    vectors.push({
      scheme,
      purpose,
      seed: u8aToHex(signer.seed),
      key: { scheme, publicKey: u8aToHex(signer.publicKey) },
      deviceId: id,
      fields,
      message: u8aToHex(message),
      signature: u8aToHex(signer.sign(message)),
      rustSignature: null,
      ...extra,
    });
  }
}

const out = fileURLToPath(new URL('../../docs/test-vectors/signing.json', import.meta.url));
const document = {
  description:
    'iot-chain signing test vectors (spec §3). message = TAG ++ SCALE(fields). `seed` and `key` are the signer: the device key, except for `endorse`, signed by the manufacturer\'s endorsement key over the device key `fields.key` (seed `fields.deviceSeed`). `signature` was made by polkadot-js/@noble, `rustSignature` by iot-primitives; both must verify with `key`. `rotate` vectors also carry the new key\'s seed and its signatures of the same message (`newKeySignature`, `rustNewKeySignature`): rotate_key needs both. `deviceId` is the device key\'s id. Accounts are raw AccountId32 hex. Sr25519 signatures are randomised: verify them, do not compare bytes. Regenerate with scripts/test-vectors.sh.',
  vectors,
};
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to ${out}`);
// Seeds are 32 bytes for every scheme: Ed25519/Sr25519 mini-secret seeds, secp256k1 and P-256 secret scalars.
