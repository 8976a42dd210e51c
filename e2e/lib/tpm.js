// A software TPM 2.0 (swtpm) driven with tpm2-tools, as a device's TPM would be: the e2e TPM test,
// scripts/tpm-demo.sh and the fixture generator use it. Every signature here is made by the TPM;
// this module only converts formats (TPMT_SIGNATURE or DER → the chain's fixed r‖s) and computes
// the nonce a quote must carry (SPEC §10).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { u8aConcat, u8aToHex, hexToU8a, stringToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeUint } from '@iot-chain/client/device';
import { freePort } from './nodes.js';

/** The persistent handle the attestation key is kept at (TCG's range for owner keys). */
export const AK_HANDLE = '0x81010002';
/** `TPM_ALG_SHA256`. */
export const SHA256_BANK = 'sha256';

/** Why swtpm or tpm2-tools cannot run here, or null when both can (scripts/setup.sh installs them). */
export function tpmToolsMissing() {
  for (const [tool, args] of [['swtpm', ['--version']], ['tpm2_quote', ['--version']]]) {
    const run = spawnSync(tool, args, { encoding: 'utf8' });
    if (run.error || run.status !== 0) return `${tool} is not runnable (${run.error?.code ?? run.stderr.trim()}); scripts/setup.sh installs it`;
  }
  return null;
}

/**
 * `blake2_256("iotc:tpm" ++ genesis ++ device ++ u32 recent_block ++ recent_hash ++ u32 counter)`:
 * the `extraData` a quote must carry. (`blockNumberBytes` is 4 on iot-chain; the pallet's unit
 * tests run with 8-byte block numbers.)
 */
export function quoteNonce(genesisHash, deviceId, recentBlock, recentHash, counter, blockNumberBytes = 4) {
  return blake2AsU8a(
    u8aConcat(stringToU8a('iotc:tpm'), hexToU8a(genesisHash), hexToU8a(deviceId), encodeUint(recentBlock, blockNumberBytes), hexToU8a(recentHash), encodeUint(counter, 4)),
    256,
  );
}

/**
 * The nonce of a quote sent with boot evidence (spec §13): `quoteNonce`'s preimage followed by the
 * claimed release's firmware digest (hex), so that no relayer can change or strip the claim.
 */
export function bootQuoteNonce(genesisHash, deviceId, recentBlock, recentHash, counter, release) {
  return blake2AsU8a(
    u8aConcat(stringToU8a('iotc:tpm'), hexToU8a(genesisHash), hexToU8a(deviceId), encodeUint(recentBlock, 4), hexToU8a(recentHash), encodeUint(counter, 4), hexToU8a(release)),
    256,
  );
}

/** Left-pads a big-endian integer to 32 bytes (TPMs and DER drop leading zero bytes). */
function pad32(bytes) {
  let start = 0;
  while (bytes.length - start > 32 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  if (trimmed.length > 32) throw new Error('integer longer than 32 bytes');
  const out = new Uint8Array(32);
  out.set(trimmed, 32 - trimmed.length);
  return out;
}

/** A DER `ECDSA-Sig-Value` (SEQUENCE of INTEGER r, INTEGER s) → the chain's 64-byte r‖s. */
export function derToRs(der) {
  if (der[0] !== 0x30) throw new Error('not a DER SEQUENCE');
  let at = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
  const integer = () => {
    if (der[at] !== 0x02) throw new Error('not a DER INTEGER');
    const len = der[at + 1];
    const value = der.subarray(at + 2, at + 2 + len);
    at += 2 + len;
    return pad32(value);
  };
  const r = integer();
  const s = integer();
  return u8aConcat(r, s);
}

/** A `TPMT_SIGNATURE` (ECDSA: sigAlg, hash, TPM2B r, TPM2B s) → the chain's 64-byte r‖s. */
export function tpmtSignatureToRs(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0x0018) throw new Error('not an ECDSA TPMT_SIGNATURE');
  const rLen = view.getUint16(4);
  const r = bytes.subarray(6, 6 + rLen);
  const sLen = view.getUint16(6 + rLen);
  const s = bytes.subarray(8 + rLen, 8 + rLen + sLen);
  return u8aConcat(pad32(r), pad32(s));
}

/** The compressed SEC1 form (33 bytes) of a P-256 public key in a PEM SubjectPublicKeyInfo. */
export function compressedFromPem(pem) {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const point = der.subarray(der.length - 65);
  if (point[0] !== 0x04) throw new Error('not an uncompressed P-256 point');
  return u8aConcat(new Uint8Array([point[64] & 1 ? 0x03 : 0x02]), point.subarray(1, 33));
}

/** A PCR's value after extending `pcr` (32 bytes) with the SHA-256 of `measurement`. */
export function extendPcr(pcr, measurement) {
  return sha256(u8aConcat(pcr, sha256(measurement)));
}

/** `pcrDigest` of a quote: SHA-256 over the selected PCR values in selection order. */
export function pcrDigest(values) {
  return sha256(u8aConcat(...values));
}

/**
 * The PCR digest a device quotes after booting `measurements` (strings or bytes), one extended
 * into each selected PCR from reset (all zero): what a manufacturer computes from its images.
 */
export function bootDigest(measurements) {
  const encoder = new TextEncoder();
  return pcrDigest(measurements.map((m) => extendPcr(new Uint8Array(32), typeof m === 'string' ? encoder.encode(m) : m)));
}

/** A release's `PcrPolicy` argument: SHA-256 PCRs `pcrs` that read `bootDigest(measurements)`. */
export function pcrPolicy(pcrs, measurements) {
  return {
    selection: [{ hashAlg: 0x000b, pcrs: pcrs.reduce((bits, pcr) => bits | (1 << pcr), 0) }],
    digest: u8aToHex(bootDigest(measurements)),
  };
}

/** A port P such that P and P + 1 are free on 127.0.0.1. */
async function freePortPair() {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freePort();
    if (port < 65535 && (await portFree(port + 1))) return port;
  }
  throw new Error('no two consecutive free ports');
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A software TPM on loopback: `swtpm socket --tpm2` with its state in `dir`, driven by tpm2-tools
 * through the `swtpm` TCTI. Objects are made persistent (no resource manager flushes transient
 * ones), and transient handles are flushed after each step.
 */
/** NV index of the ECC (P-384) EK certificate `swtpm_setup --create-ek-cert` stores. */
export const EK_CERT_NV_ECC = '0x1c00016';

/**
 * A TPM as a vendor's factory makes it (`swtpm_setup --tpm2 --create-ek-cert`): RSA and ECC EKs
 * whose certificates — issued by `swtpm_localca`'s CA, an RSA-3072 intermediate under an RSA-3072
 * root, both made in `caDir` on first use — are stored in the TPM's NV. Returns the TPM's state
 * folder (start it with `SoftwareTpm.start(dir)`) and the CA's root and intermediate as DER.
 */
export function manufactureTpm(caDir) {
  const dir = mkdtempSync(join(tmpdir(), 'iot-swtpm-'));
  const localca = join(caDir, 'swtpm-localca.conf');
  writeFileSync(localca, [
    `statedir = ${caDir}`,
    `signingkey = ${join(caDir, 'signkey.pem')}`,
    `issuercert = ${join(caDir, 'issuercert.pem')}`,
    `certserial = ${join(caDir, 'certserial')}`,
  ].join('\n'));
  const options = join(caDir, 'swtpm-localca.options');
  writeFileSync(options, '--platform-manufacturer iot-chain\n--platform-version 2.1\n--platform-model swtpm\n');
  const setup = join(dir, 'swtpm_setup.conf');
  writeFileSync(setup, [
    `create_certs_tool = ${execFileSync('sh', ['-c', 'command -v swtpm_localca'], { encoding: 'utf8' }).trim()}`,
    `create_certs_tool_config = ${localca}`,
    `create_certs_tool_options = ${options}`,
    'active_pcr_banks = sha256',
  ].join('\n'));
  execFileSync('swtpm_setup', ['--tpm2', '--tpmstate', dir, '--create-ek-cert', '--config', setup, '--overwrite', '--ecc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const der = (file) => new Uint8Array(execFileSync('openssl', ['x509', '-in', join(caDir, file), '-outform', 'DER']));
  return { dir, root: der('swtpm-localca-rootca-cert.pem'), intermediate: der('issuercert.pem') };
}

export class SoftwareTpm {
  constructor(dir) {
    this.dir = dir;
    this.owned = false;
  }

  /** Starts a fresh TPM (its state in a new temporary folder unless `dir` is given). */
  static async start(dir) {
    const tpm = new SoftwareTpm(dir ?? mkdtempSync(join(tmpdir(), 'iot-swtpm-')));
    tpm.owned = !dir;
    await tpm.powerOn();
    return tpm;
  }

  /**
   * Starts the swtpm process on free ports; the TPM gets `TPM2_Startup(CLEAR)` (a reset). The
   * `swtpm` TCTI expects the control port right after the command port.
   */
  async powerOn() {
    this.port = await freePortPair();
    const ctrl = this.port + 1;
    this.process = spawn(
      'swtpm',
      ['socket', '--tpm2', '--tpmstate', `dir=${this.dir}`, '--server', `type=tcp,port=${this.port},bindaddr=127.0.0.1`, '--ctrl', `type=tcp,port=${ctrl},bindaddr=127.0.0.1`, '--flags', 'not-need-init,startup-clear'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    this.process.stderr.on('data', (chunk) => { stderr += chunk; });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = spawnSync('tpm2_getcap', ['properties-fixed'], { env: this.env(), encoding: 'utf8' });
      if (probe.status === 0) return;
      if (this.process.exitCode !== null || Date.now() > deadline) throw new Error(`swtpm did not start: ${stderr}`);
      await sleep(50);
    }
  }

  /** An orderly shutdown and a power cycle: a reboot, so `resetCount` grows and PCRs are reset. */
  async reboot() {
    this.tool('tpm2_shutdown', ['--clear']);
    await this.powerOff();
    await this.powerOn();
  }

  async powerOff() {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill();
    await exited;
  }

  /**
   * A TPM manufactured with EK certificates (`manufactureTpm`), started; its state is removed on
   * `stop`. Returns it with the CA's root and intermediate (DER).
   */
  static async manufacture(caDir) {
    const { dir, root, intermediate } = manufactureTpm(caDir);
    const tpm = await SoftwareTpm.start(dir);
    tpm.owned = true;
    return { tpm, root, intermediate };
  }

  /** Stops the TPM and removes its state if `start` made the folder. */
  async stop() {
    if (this.process?.exitCode === null) await this.powerOff();
    if (this.owned) rmSync(this.dir, { recursive: true, force: true });
  }

  env() {
    return { ...process.env, TPM2TOOLS_TCTI: `swtpm:host=127.0.0.1,port=${this.port}` };
  }

  /** Runs a tpm2-tools command in the TPM's folder; returns its stdout. */
  tool(name, args) {
    return execFileSync(name, args, { cwd: this.dir, env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  file(name) {
    return join(this.dir, name);
  }

  /**
   * Creates the endorsement key (ECC) and an attestation key under it (ECC NIST P-256, ECDSA with
   * SHA-256, restricted signing), made persistent at `AK_HANDLE`. Returns the AK's compressed
   * public key — the device key the chain registers.
   */
  provision() {
    this.tool('tpm2_createek', ['-c', 'ek.ctx', '-G', 'ecc', '-u', 'ek.pub']);
    this.tool('tpm2_flushcontext', ['-t']);
    this.tool('tpm2_createak', ['-C', 'ek.ctx', '-c', 'ak.ctx', '-G', 'ecc', '-g', 'sha256', '-s', 'ecdsa', '-u', 'ak.pub', '-n', 'ak.name']);
    this.tool('tpm2_flushcontext', ['-t']);
    this.tool('tpm2_flushcontext', ['-s']);
    this.tool('tpm2_evictcontrol', ['-c', 'ak.ctx', AK_HANDLE]);
    this.tool('tpm2_flushcontext', ['-t']);
    this.tool('tpm2_readpublic', ['-c', AK_HANDLE, '-f', 'pem', '-o', 'ak.pem']);
    this.publicKey = compressedFromPem(readFileSync(this.file('ak.pem'), 'utf8'));
    return this.publicKey;
  }

  /** The certificate stored at NV `index` (DER), e.g. the EK certificate of `manufactureTpm`. */
  nvCertificate(index = EK_CERT_NV_ECC) {
    this.tool('tpm2_nvread', [index, '-o', 'nv.der']);
    return new Uint8Array(readFileSync(this.file('nv.der')));
  }

  /** Extends SHA-256 PCR `index` with the SHA-256 of `measurement` (what boot code does). */
  extend(index, measurement) {
    const digest = Buffer.from(sha256(typeof measurement === 'string' ? stringToU8a(measurement) : measurement)).toString('hex');
    this.tool('tpm2_pcrextend', [`${index}:sha256=${digest}`]);
  }

  /** Extends SHA-256 PCR `index` with `digest` (32 bytes) as given: an event log's entry. */
  extendDigest(index, digest) {
    this.tool('tpm2_pcrextend', [`${index}:sha256=${Buffer.from(digest).toString('hex')}`]);
  }

  /** The SHA-256 PCR values of `indices`, read from the TPM. */
  readPcrs(indices) {
    const out = this.tool('tpm2_pcrread', [`sha256:${indices.join(',')}`]);
    return indices.map((index) => {
      const match = out.match(new RegExp(`\\b${index}\\s*:\\s*0x([0-9A-F]{64})`, 'i'));
      if (!match) throw new Error(`PCR ${index} missing from tpm2_pcrread: ${out}`);
      return hexToU8a(`0x${match[1]}`);
    });
  }

  /**
   * `TPM2_Quote` of SHA-256 PCRs `indices` over `nonce` with the AK. Returns the marshalled
   * `TPMS_ATTEST` and the signature as r‖s.
   */
  quote(nonce, indices) {
    this.tool('tpm2_quote', ['-c', AK_HANDLE, '-l', `sha256:${indices.join(',')}`, '-q', Buffer.from(nonce).toString('hex'), '-g', 'sha256', '-m', 'quote.msg', '-s', 'quote.sig']);
    return { quote: new Uint8Array(readFileSync(this.file('quote.msg'))), signature: tpmtSignatureToRs(new Uint8Array(readFileSync(this.file('quote.sig')))) };
  }

  /**
   * `TPM2_GetTime` signed by the AK over `nonce`: a TPM-made, AK-signed `TPMS_ATTEST` that is not
   * a quote (type `TPM_ST_ATTEST_TIME`).
   */
  timeAttestation(nonce) {
    this.tool('tpm2_gettime', ['-c', AK_HANDLE, '-q', Buffer.from(nonce).toString('hex'), '-g', 'sha256', '--attestation', 'time.msg', '-o', 'time.sig', '-f', 'plain']);
    return { quote: new Uint8Array(readFileSync(this.file('time.msg'))), signature: derToRs(new Uint8Array(readFileSync(this.file('time.sig')))) };
  }

  /**
   * Signs `message` with the AK: a restricted key signs only digests the TPM made itself, so the
   * TPM hashes the message (`TPM2_Hash`, which returns a ticket proving it does not start with
   * `TPM_GENERATED_VALUE`) and signs the digest with that ticket. The DER output becomes r‖s.
   */
  sign(message) {
    writeFileSync(this.file('message.bin'), message);
    this.tool('tpm2_hash', ['-C', 'e', '-g', 'sha256', '-o', 'digest.bin', '-t', 'ticket.bin', 'message.bin']);
    this.tool('tpm2_sign', ['-c', AK_HANDLE, '-g', 'sha256', '-d', '-t', 'ticket.bin', '-f', 'plain', '-o', 'sign.der', 'digest.bin']);
    return derToRs(new Uint8Array(readFileSync(this.file('sign.der'))));
  }

  /** The TPM as a device of the e2e library (`registerDevice` and friends): a P-256 key. */
  device() {
    if (!this.publicKey) throw new Error('provision the TPM first');
    return { scheme: 'P256', publicKey: this.publicKey, sign: (message) => this.sign(message) };
  }
}
