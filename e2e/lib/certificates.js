// X.509 helpers of the e2e suite and the demos (spec §12): certificate authorities made with the
// OpenSSL command line, the anchor identifiers and revocation targets the chain computes, written
// again here from docs/certificates.md (not taken from the Rust code).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';

/** `tcg-sv-tpm20` (2.23.133.1.2): the hwType of a hardwareModuleName naming a TPM 2.0. */
export const TCG_SV_TPM20 = '2.23.133.1.2';

/** `blake2_256(SCALE(owner, certificate))`: owner `Global` (null) is 0x00, `Manufacturer(a)` 0x01 ‖ a. */
export function anchorId(owner, der) {
  const scaleOwner = owner === null ? new Uint8Array([0]) : u8aConcat([1], decodeAddress(owner));
  return blake2AsHex(u8aConcat(scaleOwner, compactToU8a(der.length), der), 256);
}

/** The TLVs inside a DER SEQUENCE (definite lengths only: certificates are DER). */
function children(der) {
  const header = (at) => {
    const first = der[at + 1];
    if (first < 0x80) return [2, first];
    let len = 0;
    for (let i = 0; i < (first & 0x7f); i += 1) len = len * 256 + der[at + 2 + i];
    return [2 + (first & 0x7f), len];
  };
  const out = [];
  const [h0, len0] = header(0);
  for (let at = h0; at < h0 + len0;) {
    const [h, len] = header(at);
    out.push({ tag: der[at], all: der.subarray(at, at + h + len), value: der.subarray(at + h, at + h + len) });
    at += h + len;
  }
  return out;
}

/** A certificate's issuer name (DER) and serial number (content octets). */
export function issuerAndSerial(der) {
  const fields = children(children(der)[0].all);
  const offset = fields[0].tag === 0xa0 ? 1 : 0; // [0] version
  return { serial: fields[offset].value, issuer: fields[offset + 2].all };
}

/** The `revokeCertificate` target of one certificate: its issuer's hash and its serial. */
export function serialRevocation(der) {
  const { issuer, serial } = issuerAndSerial(der);
  return { Certificate: { issuer: blake2AsHex(issuer, 256), serial: u8aToHex(serial) } };
}

/** The SubjectPublicKeyInfo (PEM) of an uncompressed P-256 public key. */
export function p256SpkiPem(publicKey) {
  const prefix = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
  const body = Buffer.concat([prefix, Buffer.from(publicKey)]).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${body.match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
}

const EXTENSIONS = `[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[device]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid
[ek]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
authorityKeyIdentifier = keyid
`;

/**
 * A certificate authority made with OpenSSL in `dir`: a P-384 root (`name` Root CA) and a P-256
 * intermediate (pathlen 0) under it. `issue(publicKeyPem, serial, options)` certifies any public
 * key (the device's own: `-force_pubkey`) with the intermediate: `options.hash` (default
 * `-sha256`), `options.profile` (`device`, default, or `ek`), `options.hardwareModuleSerial` (hex:
 * a hardwareModuleName naming a TPM by its EK certificate's serial). Returns DER bytes.
 */
export function makeCa(dir, name) {
  const ssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const der = (pem) => new Uint8Array(ssl('x509', '-in', pem, '-outform', 'DER'));
  writeFileSync(join(dir, 'ext.cnf'), EXTENSIONS);
  ssl('ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', 'root.key');
  ssl('req', '-new', '-key', 'root.key', '-subj', `/O=${name}/CN=${name} Root CA`, '-out', 'root.csr');
  ssl('x509', '-req', '-in', 'root.csr', '-signkey', 'root.key', '-days', '3650', '-sha384', '-extfile', 'ext.cnf', '-extensions', 'root', '-out', 'root.pem');
  ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'int.key');
  ssl('req', '-new', '-key', 'int.key', '-subj', `/O=${name}/CN=${name} Issuing CA 1`, '-out', 'int.csr');
  ssl('x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '2', '-days', '3650', '-sha384', '-extfile', 'ext.cnf', '-extensions', 'intermediate', '-out', 'int.pem');
  const issue = (publicKeyPem, serial, { hash = '-sha256', profile = 'device', hardwareModuleSerial = null } = {}) => {
    const tag = `leaf${serial}`;
    let extensions = profile;
    if (hardwareModuleSerial) {
      writeFileSync(join(dir, `${tag}.cnf`), `${EXTENSIONS}[bound]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nsubjectAltName = otherName:1.3.6.1.5.5.7.8.4;SEQUENCE:hardware_module\n[hardware_module]\nhwType = OID:${TCG_SV_TPM20}\nhwSerialNum = FORMAT:HEX,OCTETSTRING:${hardwareModuleSerial}\n`);
      extensions = 'bound';
    }
    writeFileSync(join(dir, `${tag}.pub`), publicKeyPem);
    // The CSR only carries the subject: -force_pubkey certifies the given key.
    ssl('req', '-new', '-key', 'int.key', '-subj', `/O=${name}/CN=${profile}-${serial}`, '-out', `${tag}.csr`);
    ssl('x509', '-req', '-in', `${tag}.csr`, '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', String(serial), '-force_pubkey', `${tag}.pub`, '-days', '365', hash,
      '-extfile', hardwareModuleSerial ? `${tag}.cnf` : 'ext.cnf', '-extensions', extensions, '-out', `${tag}.pem`);
    return der(`${tag}.pem`);
  };
  return { root: der('root.pem'), intermediate: der('int.pem'), issue };
}
