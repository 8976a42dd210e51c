// A TCG PC Client crypto-agile boot event log, written in JS the way UEFI firmware writes
// /sys/kernel/security/tpm0/binary_bios_measurements (spec §13): a `TCG_PCR_EVENT` header carrying
// `Spec ID Event03` (one bank, SHA-256), then one `TCG_PCR_EVENT2` per measurement. The writer also
// keeps the SHA-256 PCR values the events produce, and can extend each event into a software TPM,
// so that the TPM's quote and the log describe the same boot. Independent of the chain's Rust
// parser: the e2e test checks the two agree.
import { u8aConcat, stringToU8a } from '@polkadot/util';
import { sha256 } from '@noble/hashes/sha2.js';

/** Event types of the PC Client Platform Firmware Profile used by the tests. */
export const EV = {
  NO_ACTION: 0x3,
  SEPARATOR: 0x4,
  S_CRTM_VERSION: 0x8,
  EFI_VARIABLE_DRIVER_CONFIG: 0x80000001,
  EFI_BOOT_SERVICES_APPLICATION: 0x80000003,
};

/** `TPM_ALG_SHA256`. */
const SHA256 = 0x000b;
/** `EFI_GLOBAL_VARIABLE` in UEFI's byte order: the vendor of `SecureBoot`. */
const EFI_GLOBAL_VARIABLE = Uint8Array.from([0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c]);

function u32(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

function u16(value) {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, true);
  return bytes;
}

function u64(value) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes;
}

export class EventLogWriter {
  constructor() {
    const specId = u8aConcat(stringToU8a('Spec ID Event03\0'), u32(0), Uint8Array.from([0, 2, 0, 2]), u32(1), u16(SHA256), u16(32), Uint8Array.from([0]));
    this.parts = [u8aConcat(u32(0), u32(EV.NO_ACTION), new Uint8Array(20), u32(specId.length), specId)];
    this.pcrs = new Map();
    /** Every extension, in order: `{ pcr, digest }` (what the TPM must be extended with). */
    this.extensions = [];
  }

  /** Logs `digest` extended into `pcr` with `data`. */
  extend(pcr, type, digest, data = new Uint8Array()) {
    this.parts.push(u8aConcat(u32(pcr), u32(type), u32(1), u16(SHA256), digest, u32(data.length), data));
    if (type !== EV.NO_ACTION) {
      this.pcrs.set(pcr, sha256(u8aConcat(this.pcr(pcr), digest)));
      this.extensions.push({ pcr, digest });
    }
    return this;
  }

  /** Logs `data` measured (its SHA-256 extended) into `pcr`. */
  measure(pcr, type, data) {
    const bytes = typeof data === 'string' ? stringToU8a(data) : data;
    return this.extend(pcr, type, sha256(bytes), bytes);
  }

  /** Measures the `SecureBoot` UEFI variable (`UEFI_VARIABLE_DATA`) into PCR 7. */
  secureBoot(enabled) {
    const name = Uint8Array.from([...'SecureBoot'].flatMap((c) => [c.charCodeAt(0), 0]));
    const data = u8aConcat(EFI_GLOBAL_VARIABLE, u64(name.length / 2), u64(1), name, Uint8Array.from([enabled ? 1 : 0]));
    return this.measure(7, EV.EFI_VARIABLE_DRIVER_CONFIG, data);
  }

  /** The SHA-256 value of PCR `index` after the events so far (from reset: zero). */
  pcr(index) {
    return this.pcrs.get(index) ?? new Uint8Array(32);
  }

  /** The log's bytes. */
  bytes() {
    return u8aConcat(...this.parts);
  }

  /** Extends every measured event into the TPM's SHA-256 PCRs, as the firmware did at boot. */
  replayInto(tpm) {
    for (const { pcr, digest } of this.extensions) tpm.extendDigest(pcr, digest);
  }
}
