// Fleet helpers for the e2e suite: registering devices, attesting, anchoring, Merkle trees.
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { Keyring } from '@polkadot/keyring';
import { submit, submitSudo } from '@iot-chain/client/chain';
import {
  anchorMessage,
  attestationMessage,
  deviceFromSeed,
  deviceId,
  endorsementMessage,
  keyArg,
  registrationMessage,
  signatureArg,
} from '@iot-chain/client/device';

/** The dev chain's demo manufacturer: //Acme with model 1 and a release of this digest. */
export const ACME = {
  uri: '//Acme',
  model: 1,
  firmwareDigest: u8aToHex(blake2AsU8a('Acme Sensors TH-100 firmware 1.0.0', 256)),
  securityVersion: 1,
};

/**
 * Acme's TPM model (not in the dev genesis): its releases carry PCR measurements, so its devices
 * attest only by TPM quotes (spec §10). `ensureAcmeTpmModel` defines it once per chain.
 */
export const ACME_TPM = { model: 2, name: 'TH-200 sensor with TPM 2.0' };

/** Defines `ACME_TPM`'s model for //Acme unless the chain has it already. */
export async function ensureAcmeTpmModel(api) {
  const acme = new Keyring({ type: 'sr25519' }).addFromUri(ACME.uri);
  if ((await api.query.deviceRegistry.models(acme.address, ACME_TPM.model)).isSome) return;
  await submit(api, api.tx.deviceRegistry.registerModel(ACME_TPM.model, ACME_TPM.name), acme, { finalized: false });
}

/**
 * Registers `device` for `owner` (a keyring pair) under `manufacturer`'s `model`; returns its id.
 * With `endorser` (the manufacturer's endorsement key, a `deviceFromSeed` device), the
 * registration carries the factory endorsement of the device key.
 */
export async function registerDevice(api, owner, device, manufacturer, model, metadata = 'e2e device', endorser = null) {
  const proof = device.sign(registrationMessage(api.genesisHash.toHex(), owner.address, device));
  const endorsement = endorser && signatureArg(endorser.scheme, endorser.sign(endorsementMessage(manufacturer, model, device)));
  const tx = api.tx.deviceRegistry.registerDevice(
    keyArg(device),
    manufacturer,
    model,
    u8aToHex(new TextEncoder().encode(metadata)),
    signatureArg(device.scheme, proof),
    endorsement,
  );
  await submit(api, tx, owner, { finalized: false });
  return deviceId(device);
}

/**
 * The `DeviceRegistration` argument (of `register_devices`) of `device` for `owner` (an address),
 * with the proof of possession signed by the device.
 */
export function deviceRegistration(genesisHash, owner, device, manufacturer, model, metadata) {
  return {
    key: keyArg(device),
    manufacturer,
    modelId: model,
    metadata: u8aToHex(new TextEncoder().encode(metadata)),
    proof: signatureArg(device.scheme, device.sign(registrationMessage(genesisHash, owner, device))),
    endorsement: null,
  };
}

/**
 * Evidence of device `id` running the dev chain's demo firmware, bound to `recent` (a
 * `recentBlock`), boot count 1, counter 1; `fields` override any of them.
 */
export function evidenceFor(id, recent, fields = {}) {
  return {
    device: id,
    firmwareDigest: ACME.firmwareDigest,
    securityVersion: ACME.securityVersion,
    bootCount: 1,
    recentBlock: recent.number,
    recentHash: recent.hash,
    counter: 1,
    ...fields,
  };
}

/** `[evidence, signature]` arguments of `submit_attestation`, the evidence signed by `device`. */
export function signedEvidence(genesisHash, device, evidence) {
  return [evidence, signatureArg(device.scheme, device.sign(attestationMessage(genesisHash, evidence)))];
}

/** An `AnchorItem` of `device` (whose id is `id`) for anchor number `seq`, signed by the device. */
export function signedAnchorItem(genesisHash, device, id, seq, root, leafCount) {
  const signature = device.sign(anchorMessage(genesisHash, id, seq, root, leafCount));
  return { device: id, root, leafCount, signature: signatureArg(device.scheme, signature) };
}

/**
 * Gives the dev chain's demo manufacturer //Acme an endorsement key through sudo (the dev genesis
 * has none) and returns it: a P-256 `deviceFromSeed` device whose seed is fixed, so every test
 * that calls this sets the same key.
 */
export async function acmeEndorser(api, sudoKey) {
  const endorser = deviceFromSeed('P256', new Uint8Array(32).fill(0xac));
  const acme = new Keyring({ type: 'sr25519' }).addFromUri(ACME.uri);
  await submitSudo(api, api.tx.deviceRegistry.registerManufacturer(acme.address, 'Acme Sensors', keyArg(endorser)), sudoKey);
  return endorser;
}

/** A recent block (the best one) to bind evidence to: `{ number, hash }`. */
export async function recentBlock(api) {
  const header = await api.rpc.chain.getHeader();
  return { number: header.number.toNumber(), hash: header.hash.toHex() };
}

// The Merkle trees of readings come from the shared client library (the verifier uses the same).
export { merkleProof, merkleRoot } from '@iot-chain/client/merkle';
