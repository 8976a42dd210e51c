// The verdict on one reading (docs/verifier.md, docs/spec.md §11): from a readings file, a leaf
// index and a device id, through a light client, using finalized state only.
import { merkleProof, merkleRoot } from '@iot-chain/client/merkle';
import { decodeTrustStatus, decodeU64, decodeVerifyInclusion, encodeTrustStatus, encodeVerifyInclusion } from '@iot-chain/client/scale';
import { FinalizedView, Undecided } from './light-client.js';

export { FinalizedView, Undecided };

/** Exit codes of the CLI (and `verdict.code`): verified, not verified, could not decide. */
export const VERIFIED = 0;
export const NOT_VERIFIED = 1;
export const UNDECIDED = 2;

/** Storage key of `Timestamp::Now`: twox128("Timestamp") ‖ twox128("Now"). */
const TIMESTAMP_NOW = '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb';

/**
 * Verifies reading `leafIndex` of `readings` (Uint8Arrays) as anchored by `device` (hex id) on
 * the chain a smoldot `chain` follows. Resolves with the verdict object (`code` 0 or 1); rejects
 * with `Undecided` when the light client cannot decide within `timeoutMs`.
 */
export async function verifyReading(chain, options) {
  const view = new FinalizedView(chain, { onProgress: options.onProgress });
  await view.follow();
  return verifyOn(view, options);
}

/**
 * What is verified: from a readings file (`readings`, `leafIndex`: the root and proof are computed
 * here) or from a gateway's proof document (`document`, from `parseProofDocument`).
 */
function evidenceOf({ readings, leafIndex, document }) {
  if (document) {
    const { root, proof, reading, leafCount } = document;
    return { root, proof, reading, leafIndex: document.leafIndex, leafCount };
  }
  return {
    root: merkleRoot(readings),
    proof: merkleProof(readings, leafIndex),
    reading: readings[leafIndex],
    leafIndex,
    leafCount: readings.length,
  };
}

/** `verifyReading` on a `FinalizedView` already following the chain (the web page keeps one). */
export async function verifyOn(view, { readings, leafIndex: index, document, device, timeoutMs = 60_000 }) {
  const { root, proof, reading, leafIndex, leafCount } = evidenceOf({ readings, leafIndex: index, document });
  // The answer's block stays pinned while it is read, even if a new block is finalized meanwhile.
  const at = await view.synced({ timeoutMs, hold: true });
  let inclusion;
  let trustNow;
  let finalizedTimestamp;
  try {
    const args = encodeVerifyInclusion({ device, root, leaf: reading, proof, leafIndex });
    inclusion = decodeVerifyInclusion(await view.call(at.hash, 'DataAnchoringApi_verify_inclusion', args));
    trustNow = decodeTrustStatus(await view.call(at.hash, 'FirmwareAttestationApi_trust_status', encodeTrustStatus(device)));
    // The finalized block's own time, so that a stale view (peers withholding new blocks) shows.
    const now = await view.storage(at.hash, TIMESTAMP_NOW);
    finalizedTimestamp = now ? Number(decodeU64(now)) : null;
  } finally {
    view.release(at.hash);
  }
  const verdict = {
    verified: inclusion.ok,
    code: inclusion.ok ? VERIFIED : NOT_VERIFIED,
    device,
    root,
    leafCount,
    leafIndex,
    reading: new TextDecoder('utf-8', { fatal: false }).decode(reading),
    finalizedBlock: at.number,
    finalizedHash: at.hash,
    finalizedTime: finalizedTimestamp === null ? null : new Date(finalizedTimestamp).toISOString(),
    peers: at.peers,
    trustNow,
  };
  if (inclusion.ok) {
    const { anchor } = inclusion;
    Object.assign(verdict, {
      block: anchor.block,
      timestamp: Number(anchor.timestamp),
      time: new Date(Number(anchor.timestamp)).toISOString(),
      seq: Number(anchor.seq),
      deviceSigned: anchor.deviceSigned,
      trustedWhenAnchored: anchor.trusted,
      submitter: anchor.submitter,
    });
  } else {
    verdict.reason = inclusion.error;
  }
  return verdict;
}

/** A human summary of a verdict (or of an `Undecided` error). */
export function summary(verdict) {
  if (verdict instanceof Error) return `COULD NOT DECIDE: ${verdict.message}`;
  const head = `finalized block #${verdict.finalizedBlock} of ${verdict.finalizedTime ?? 'unknown time'} (${verdict.peers} peer${verdict.peers === 1 ? '' : 's'})`;
  const trust = formatTrust(verdict.trustNow);
  if (!verdict.verified) {
    const why = {
      UnknownRoot: `device ${verdict.device} anchored no tree with root ${verdict.root} (${verdict.leafCount} readings)`,
      BadProof: 'the proof does not lead to the anchored root',
      IndexOutOfRange: 'the leaf index is outside the anchored tree',
      BadProofLength: 'the proof has the wrong length for the anchored tree',
      LeafTooLong: 'the reading is longer than the chain accepts',
    }[verdict.reason];
    return `NOT VERIFIED at ${head}: ${why} (${verdict.reason}).\nDevice trust now: ${trust}.`;
  }
  return [
    `VERIFIED at ${head}: reading ${verdict.leafIndex} of ${verdict.leafCount} is anchored.`,
    `  device      ${verdict.device}`,
    `  root        ${verdict.root}`,
    `  block       #${verdict.block} at ${verdict.time}, sequence ${verdict.seq}`,
    `  signed by   ${verdict.deviceSigned ? 'the device itself' : `not the device (submitted by ${verdict.submitter})`}`,
    `  trust       ${verdict.trustedWhenAnchored ? 'trusted' : 'not trusted'} when anchored; now ${trust}`,
  ].join('\n');
}

function formatTrust(status) {
  switch (status.status) {
    case 'Trusted':
      return `trusted (firmware ${status.digest.slice(0, 10)}…, attested at #${status.attestedAt}, until #${status.expiresAt}; ${status.evidence} evidence, ${status.identity} key)`;
    case 'Untrusted':
      return `untrusted (${status.reason})`;
    case 'Expired':
      return `expired (last attested at #${status.lastAttestedAt})`;
    default:
      return status.status.toLowerCase();
  }
}
