// Device keys and signed payloads in JavaScript, written independently of the Rust code:
// SCALE encoding by hand, signatures by @polkadot/util-crypto (ed25519, sr25519, secp256k1) and
// @noble/curves (P-256), so the chain's Rust verification is checked against other libraries.
import { p256 } from '@noble/curves/nist.js';
import { u8aConcat, u8aToHex, hexToU8a, stringToU8a, bnToU8a } from '@polkadot/util';
import {
  blake2AsU8a,
  decodeAddress,
  ed25519PairFromSeed,
  ed25519Sign,
  ed25519Verify,
  randomAsU8a,
  secp256k1PairFromSeed,
  secp256k1Sign,
  secp256k1Verify,
  sr25519PairFromSeed,
  sr25519Sign,
  sr25519Verify,
} from '@polkadot/util-crypto';

/** The four device key schemes, in the SCALE variant order of `DeviceKey`. */
export const SCHEMES = ['Ed25519', 'Sr25519', 'Ecdsa', 'P256'];

/** Little-endian SCALE encoding of an unsigned integer of `bytes` bytes. */
export function encodeUint(value, bytes) {
  return bnToU8a(BigInt(value), { bitLength: bytes * 8, isLe: true });
}

/** SCALE encoding of a `DeviceKey` (or `DeviceSignature`): variant index, then the raw bytes. */
export function encodeVariant(scheme, bytes) {
  return u8aConcat(new Uint8Array([SCHEMES.indexOf(scheme)]), bytes);
}

/** A device key pair of `scheme` from a 32-byte seed (random by default). */
export function deviceFromSeed(scheme, seed = randomAsU8a(32)) {
  switch (scheme) {
    case 'Ed25519': {
      const pair = ed25519PairFromSeed(seed);
      return { scheme, seed, publicKey: pair.publicKey, sign: (m) => ed25519Sign(m, pair) };
    }
    case 'Sr25519': {
      const pair = sr25519PairFromSeed(seed);
      return { scheme, seed, publicKey: pair.publicKey, sign: (m) => sr25519Sign(m, pair) };
    }
    case 'Ecdsa': {
      const pair = secp256k1PairFromSeed(seed);
      return { scheme, seed, publicKey: pair.publicKey, sign: (m) => secp256k1Sign(m, pair, 'blake2') };
    }
    case 'P256': {
      return {
        scheme,
        seed,
        publicKey: p256.getPublicKey(seed, true),
        sign: (m) => p256.sign(m, seed),
      };
    }
    default:
      throw new Error(`unknown scheme ${scheme}`);
  }
}

/** Verifies a signature of `scheme` with the JS libraries. */
export function verifySignature(scheme, message, signature, publicKey) {
  switch (scheme) {
    case 'Ed25519':
      return ed25519Verify(message, signature, publicKey);
    case 'Sr25519':
      return sr25519Verify(message, signature, publicKey);
    case 'Ecdsa':
      return secp256k1Verify(message, signature, publicKey, 'blake2');
    case 'P256':
      // The chain accepts high-S and low-S P-256 signatures alike (TPMs emit either).
      return p256.verify(signature, message, publicKey, { lowS: false });
    default:
      throw new Error(`unknown scheme ${scheme}`);
  }
}

/** The `DeviceKey` of a device, as polkadot-js takes it in extrinsic arguments. */
export function keyArg(device) {
  return { [device.scheme]: u8aToHex(device.publicKey) };
}

/** A `DeviceSignature` argument of `device`'s scheme. */
export function signatureArg(scheme, signature) {
  return { [scheme]: u8aToHex(signature) };
}

/** `blake2_256(SCALE(key))`: the DeviceId of a device whose initial key is `device`'s. */
export function deviceId(device) {
  return u8aToHex(blake2AsU8a(encodeVariant(device.scheme, device.publicKey), 256));
}

const tag = (text) => stringToU8a(text);
const h256 = (hex) => {
  const bytes = hexToU8a(hex);
  if (bytes.length !== 32) throw new Error('expected 32 bytes');
  return bytes;
};

/** `"iotc:register" ++ genesis ++ owner ++ SCALE(key)`. */
export function registrationMessage(genesisHash, owner, device) {
  return u8aConcat(tag('iotc:register'), h256(genesisHash), decodeAddress(owner), encodeVariant(device.scheme, device.publicKey));
}

/** `"iotc:rotate" ++ genesis ++ device ++ SCALE(new key) ++ u32 nonce`. */
export function rotationMessage(genesisHash, id, newDevice, nonce) {
  return u8aConcat(tag('iotc:rotate'), h256(genesisHash), h256(id), encodeVariant(newDevice.scheme, newDevice.publicKey), encodeUint(nonce, 4));
}

/** `"iotc:endorse" ++ manufacturer ++ u32 model ++ SCALE(key)` (no genesis). */
export function endorsementMessage(manufacturer, model, device) {
  return u8aConcat(tag('iotc:endorse'), decodeAddress(manufacturer), encodeUint(model, 4), encodeVariant(device.scheme, device.publicKey));
}

/** `"iotc:attest" ++ genesis ++ SCALE(Evidence)` with a u32 block number. */
export function attestationMessage(genesisHash, evidence) {
  return u8aConcat(
    tag('iotc:attest'),
    h256(genesisHash),
    h256(evidence.device),
    h256(evidence.firmwareDigest),
    encodeUint(evidence.securityVersion, 4),
    encodeUint(evidence.bootCount, 4),
    encodeUint(evidence.recentBlock, 4),
    h256(evidence.recentHash),
    encodeUint(evidence.counter, 4),
  );
}

/** `"iotc:anchor" ++ genesis ++ device ++ u64 seq ++ root ++ u32 leaf_count`. */
export function anchorMessage(genesisHash, id, seq, root, leafCount) {
  return u8aConcat(tag('iotc:anchor'), h256(genesisHash), h256(id), encodeUint(seq, 8), h256(root), encodeUint(leafCount, 4));
}
