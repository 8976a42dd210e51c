// SCALE codecs of what the light-client verifier asks the runtime (docs/spec.md §11), by hand and
// only for these types: the arguments of `DataAnchoringApi_verify_inclusion` and
// `FirmwareAttestationApi_trust_status`, their answers (`Anchor`, `VerifyError`, `TrustStatus`),
// block headers' numbers, and SS58 addresses (prefix 42).
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** Bytes of a `0x` hex string (the prefix is optional). */
export const fromHex = (hex) => hexToBytes(hex.replace(/^0x/, ''));

/** SCALE compact encoding of a non-negative integer below 2^30. */
export function compact(n) {
  if (n < 1 << 6) return Uint8Array.of(n << 2);
  if (n < 1 << 14) return Uint8Array.of(((n << 2) | 1) & 0xff, n >> 6);
  if (n < 1 << 30) {
    const v = (n << 2) | 2;
    return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  }
  throw new Error(`${n} is too large for this compact encoder`);
}

/** Concatenation of byte arrays. */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const u32le = (n) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);

function bytes32(hex, what) {
  const bytes = fromHex(hex);
  if (bytes.length !== 32) throw new Error(`${what} must be 32 bytes of hex, not ${bytes.length}`);
  return bytes;
}

/** Arguments of `DataAnchoringApi_verify_inclusion(device, root, leaf, proof, leaf_index)`. */
export function encodeVerifyInclusion({ device, root, leaf, proof, leafIndex }) {
  return concat(
    bytes32(device, 'the device id'),
    bytes32(root, 'the root'),
    compact(leaf.length),
    leaf,
    compact(proof.length),
    ...proof.map((hash) => bytes32(hash, 'a proof hash')),
    u32le(leafIndex),
  );
}

/** Argument of `FirmwareAttestationApi_trust_status(device)`. */
export const encodeTrustStatus = (device) => bytes32(device, 'the device id');

/** A cursor over SCALE bytes. */
class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
  }
  take(n) {
    if (this.at + n > this.bytes.length) throw new Error('the answer is truncated');
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u8() {
    return this.take(1)[0];
  }
  u32() {
    const b = this.take(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16)) + b[3] * 2 ** 24;
  }
  u64() {
    const low = this.u32();
    return BigInt(this.u32()) * 2n ** 32n + BigInt(low);
  }
  hex32() {
    return `0x${bytesToHex(this.take(32))}`;
  }
  bool() {
    const b = this.u8();
    if (b > 1) throw new Error(`${b} is not a bool`);
    return b === 1;
  }
  end() {
    if (this.at !== this.bytes.length) throw new Error('the answer has trailing bytes');
  }
}

/** The variants of `VerifyError`, in SCALE order. */
export const VERIFY_ERRORS = ['LeafTooLong', 'UnknownRoot', 'IndexOutOfRange', 'BadProofLength', 'BadProof'];
/** The variants of `UntrustedReason`, in SCALE order. */
export const UNTRUSTED_REASONS = [
  'UnknownFirmware',
  'RevokedRelease',
  'BelowSecurityFloor',
  'Rollback',
  'SecurityVersionMismatch',
  'UnknownMeasurement',
  'CertificateRevoked',
  'QuoteRequired',
  'BootPolicyViolation',
];

/** `EvidenceKind` variants, in order. */
export const EVIDENCE_KINDS = ['Reported', 'TpmQuote'];

/** `Identity` variants (who vouches for a device key), in order. */
export const IDENTITIES = ['SelfAsserted', 'Endorsed', 'Certified'];

/** Reads a fieldless enum's index as its name in `names`. */
function variant(r, names, type) {
  const index = r.u8();
  if (index >= names.length) throw new Error(`unknown ${type} ${index}`);
  return names[index];
}

/**
 * Decodes `Result<Anchor<AccountId32, u32>, VerifyError>`: `{ ok: true, anchor }` or
 * `{ ok: false, error }` (the `VerifyError` variant's name).
 */
export function decodeVerifyInclusion(bytes) {
  const r = new Reader(bytes);
  const tag = r.u8();
  let out;
  if (tag === 0) {
    out = {
      ok: true,
      anchor: {
        device: r.hex32(),
        seq: r.u64(),
        root: r.hex32(),
        leafCount: r.u32(),
        block: r.u32(),
        timestamp: r.u64(),
        submitter: ss58Encode(fromHex(r.hex32())),
        deviceSigned: r.bool(),
        trusted: r.bool(),
      },
    };
  } else if (tag === 1) {
    const index = r.u8();
    if (index >= VERIFY_ERRORS.length) throw new Error(`unknown VerifyError ${index}`);
    out = { ok: false, error: VERIFY_ERRORS[index] };
  } else {
    throw new Error(`${tag} is not a Result`);
  }
  r.end();
  return out;
}

/** Decodes `TrustStatus<u32>` into `{ status, … }`: the JSON of the node's `iot_trustStatus`. */
export function decodeTrustStatus(bytes) {
  const r = new Reader(bytes);
  const tag = r.u8();
  let out;
  switch (tag) {
    case 0:
      out = { status: 'Unknown' };
      break;
    case 1:
      out = {
        status: 'Trusted',
        digest: r.hex32(),
        securityVersion: r.u32(),
        attestedAt: r.u32(),
        expiresAt: r.u32(),
        evidence: variant(r, EVIDENCE_KINDS, 'EvidenceKind'),
        identity: variant(r, IDENTITIES, 'Identity'),
      };
      break;
    case 2: {
      const reason = variant(r, UNTRUSTED_REASONS, 'UntrustedReason');
      out = { status: 'Untrusted', reason };
      if (reason === 'RevokedRelease') out.revocationReason = r.u8();
      break;
    }
    case 3:
      out = { status: 'Expired', lastAttestedAt: r.u32() };
      break;
    case 4:
      out = { status: 'Inactive' };
      break;
    default:
      throw new Error(`unknown TrustStatus ${tag}`);
  }
  r.end();
  return out;
}

/** Decodes a SCALE `u64` (exactly 8 bytes) into a BigInt. */
export function decodeU64(bytes) {
  const r = new Reader(bytes);
  const value = r.u64();
  r.end();
  return value;
}

/** The block number of a SCALE-encoded header (parent hash, then the compact number). */
export function headerNumber(bytes) {
  const r = new Reader(bytes);
  r.take(32);
  const first = r.u8();
  switch (first & 3) {
    case 0:
      return first >> 2;
    case 1:
      return (first | (r.u8() << 8)) >> 2;
    case 2:
      return ((first | (r.u8() << 8) | (r.u8() << 16)) + r.u8() * 2 ** 24) / 4;
    default:
      throw new Error('block numbers above 2^30 are not supported');
  }
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** The SS58 address (prefix 42, generic Substrate) of a 32-byte account id. */
export function ss58Encode(account, prefix = 42) {
  const body = concat(Uint8Array.of(prefix), account);
  const checksum = blake2b(concat(new TextEncoder().encode('SS58PRE'), body), { dkLen: 64 });
  const data = concat(body, checksum.subarray(0, 2));
  let n = BigInt(`0x${bytesToHex(data)}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const byte of data) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}
