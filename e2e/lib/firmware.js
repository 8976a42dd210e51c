// The device SDK's Cortex-M samples (built by scripts/sdk.sh into $IOT_SDK_DIR): writing their
// 184-byte input, running one under qemu-system-arm (mps2-an386, semihosting) and parsing what it
// prints (sdk/cortex-m/firmware/src/main.rs documents both).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { SCHEMES, encodeUint } from '@iot-chain/client/device';

/** Where scripts/sdk.sh put the ELF files (unset: the SDK tests are skipped). */
export const SDK_DIR = process.env.IOT_SDK_DIR;

/** The ELF of a sample: `iot-sample-firmware-ed25519`, `iot-sample-firmware-p256` or `iot-c-sample`. */
export const firmwareElf = (name) => join(SDK_DIR, `${name}.elf`);

/** The 1,000 readings every sample anchors: `reading 0` … `reading 999`. */
export const SAMPLE_READINGS = Array.from({ length: 1000 }, (_, i) => new TextEncoder().encode(`reading ${i}`));

const bytes32 = (hex) => {
  const value = hexToU8a(hex);
  if (value.length !== 32) throw new Error(`expected 32 bytes, got ${hex}`);
  return value;
};

/** The input file of a sample: the key's seed, the chain, the owner, the evidence and the anchor seq. */
export function firmwareInput({ seed, genesis, owner, evidence, seq }) {
  return u8aConcat(
    bytes32(seed),
    bytes32(genesis),
    bytes32(owner),
    bytes32(evidence.firmwareDigest),
    encodeUint(evidence.securityVersion, 4),
    encodeUint(evidence.bootCount, 4),
    encodeUint(evidence.recentBlock, 4),
    bytes32(evidence.recentHash),
    encodeUint(evidence.counter, 4),
    encodeUint(seq, 8),
  );
}

/** `{ scheme, bytes }` of a SCALE `DeviceKey` or `DeviceSignature` printed in hex. */
function variant(hex) {
  const value = hexToU8a(`0x${hex}`);
  return { scheme: SCHEMES[value[0]], bytes: value.subarray(1) };
}

/** One device's lines (`scheme` … `anchor` with the TPM quote nonces, and `stack` for the Rust samples) parsed. */
function parseDevice(lines) {
  const out = {};
  for (const line of lines) {
    const [label, ...fields] = line.split(' ');
    switch (label) {
      case 'scheme':
        out.scheme = fields[0];
        break;
      case 'device':
        out.device = `0x${fields[0]}`;
        break;
      case 'key':
        out.key = variant(fields[0]);
        break;
      case 'register':
      case 'attest':
      case 'anchor':
        out[label] = { message: hexToU8a(`0x${fields[0]}`), signature: variant(fields[1]) };
        break;
      case 'nonce':
        out.nonce = { quote: `0x${fields[0]}`, boot: `0x${fields[1]}` };
        break;
      case 'merkle':
        out.merkle = { root: `0x${fields[0]}`, leafCount: Number(fields[1]) };
        break;
      case 'stack':
        out.stack = Object.fromEntries(fields.flatMap((f, i) => (i % 2 ? [] : [[f, Number(fields[i + 1])]])));
        break;
      default:
        throw new Error(`unexpected firmware line: ${line}`);
    }
  }
  return out;
}

/**
 * Runs `elf` under QEMU with `input` and returns what it printed, one parsed object per device
 * (the Rust samples print one device, the C sample two), and any other lines in `rest`.
 */
export function runFirmware(elf, input) {
  const dir = mkdtempSync(join(tmpdir(), 'iot-firmware-'));
  try {
    writeFileSync(join(dir, 'iot-firmware-input.bin'), input);
    const text = execFileSync(
      'qemu-system-arm',
      ['-machine', 'mps2-an386', '-cpu', 'cortex-m4', '-nographic', '-semihosting-config', 'enable=on,target=native', '-kernel', elf],
      { cwd: dir, timeout: 60_000, encoding: 'utf8' },
    );
    const lines = text.trim().split('\n');
    const devices = [];
    const rest = [];
    for (const line of lines) {
      if (line.startsWith('scheme ')) devices.push([]);
      if (/^(scheme|device|key|register|attest|nonce|merkle|anchor|stack) /.test(line)) devices.at(-1).push(line);
      else rest.push(line);
    }
    return { devices: devices.map(parseDevice), rest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A `DeviceKey` / `DeviceSignature` argument of what a firmware printed. */
export const variantArg = ({ scheme, bytes }) => ({ [scheme]: u8aToHex(bytes) });
