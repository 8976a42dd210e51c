// Data anchoring through @polkadot/api against a real node: a device signs (in JS) an anchor of
// the Merkle root JS computes over 1,000 readings, a relayer submits it, and inclusion of a reading
// is verified through RPC and api.call with a proof computed by an independent JS implementation
// of the tree; a tampered reading fails; `iot-node merkle proof` gives the same proof.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import { anchorMessage, deviceFromSeed, signatureArg } from '@iot-chain/client/device';
import { ACME, merkleProof, merkleRoot, registerDevice } from '../lib/fleet.js';

// A run id keeps the root unique when the suite runs again against the same chain.
const RUN = Date.now();
const READINGS = Array.from({ length: 1000 }, (_, i) =>
  JSON.stringify({ run: RUN, t: 1764000000 + i * 60, celsius: Number((20 + Math.sin(i / 10)).toFixed(3)) }),
);

describe('data anchoring', () => {
  let api;
  const { keyring, alice, bob } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const device = deviceFromSeed('Ed25519');
  const leaves = READINGS.map((r) => stringToU8a(r));
  const root = merkleRoot(leaves);
  let id;

  before(async () => {
    api = await connect();
    id = await registerDevice(api, alice, device, acme.address, ACME.model);
  });
  after(async () => {
    await api?.disconnect();
  });

  it('anchors a device-signed root submitted by a relayer', async () => {
    const seq = (await api.query.dataAnchoring.nextSeq(id)).toNumber();
    assert.equal(seq, 0);
    const signature = device.sign(anchorMessage(api.genesisHash.toHex(), id, seq, root, leaves.length));
    const tx = api.tx.dataAnchoring.anchor(id, root, leaves.length, signatureArg('Ed25519', signature));
    const { events } = await submit(api, tx, bob);
    const [anchored] = eventsOf(events, 'dataAnchoring', 'Anchored');
    assert.equal(anchored.data.device.toHex(), id);
    assert.equal(anchored.data.seq.toNumber(), 0);
    assert.equal(anchored.data.root.toHex(), root);
    assert.equal(anchored.data.submitter.toString(), bob.address);
    assert.equal(anchored.data.deviceSigned.isTrue, true);

    const stored = (await api.call.dataAnchoringApi.anchor(id, 0)).unwrap();
    assert.equal(stored.leafCount.toNumber(), 1000);
    const anchors = await iotRpc(api, 'iot_findAnchors', [root]);
    assert.equal(anchors.length, 1, 'roots are per device: only this device anchored this root');
    const [found] = anchors;
    assert.equal(found.device, id);
    assert.equal(found.seq, 0);
    assert.equal(found.deviceSigned, true);
    assert.ok(found.timestamp > 1_700_000_000_000);
    assert.deepEqual(await iotRpc(api, 'iot_anchor', [id, 0]), found);
  });

  it('verifies inclusion of readings through RPC and api.call with JS-computed proofs', async () => {
    for (const index of [0, 499, 999]) {
      const proof = merkleProof(leaves, index);
      const viaRpc = await iotRpc(api, 'iot_verifyInclusion', [id, root, u8aToHex(leaves[index]), proof, index]);
      assert.equal(viaRpc.valid, true, `reading ${index}`);
      assert.equal(viaRpc.anchor.root, root);
      const viaApi = await api.call.dataAnchoringApi.verifyInclusion(id, root, u8aToHex(leaves[index]), proof, index);
      assert.equal(viaApi.isOk, true);
      assert.equal(viaApi.asOk.seq.toNumber(), 0);
    }
  });

  it('rejects a tampered reading and an index out of range', async () => {
    const proof = merkleProof(leaves, 10);
    const tampered = stringToU8a(READINGS[10].replace(/celsius":[0-9.]+/, 'celsius":99.9'));
    const viaRpc = await iotRpc(api, 'iot_verifyInclusion', [id, root, u8aToHex(tampered), proof, 10]);
    assert.deepEqual(viaRpc, { valid: false, error: 'BadProof' });
    const viaApi = await api.call.dataAnchoringApi.verifyInclusion(id, root, u8aToHex(tampered), proof, 10);
    assert.equal(viaApi.isErr, true);
    assert.equal(viaApi.asErr.isBadProof, true);
    const outOfRange = await iotRpc(api, 'iot_verifyInclusion', [id, root, u8aToHex(leaves[10]), proof, 1000]);
    assert.deepEqual(outOfRange, { valid: false, error: 'IndexOutOfRange' });
  });

  it('gets the same root and proof from iot-node merkle', { skip: !process.env.IOT_NODE_BIN }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'iot-merkle-'));
    try {
      const file = join(dir, 'readings.txt');
      writeFileSync(file, `${READINGS.join('\n')}\n`);
      const rootOut = JSON.parse(execFileSync(process.env.IOT_NODE_BIN, ['merkle', 'root', file]));
      assert.deepEqual(rootOut, { root, leafCount: 1000 });
      const proofOut = JSON.parse(execFileSync(process.env.IOT_NODE_BIN, ['merkle', 'proof', file, '499']));
      assert.equal(proofOut.root, root);
      assert.deepEqual(proofOut.proof, merkleProof(leaves, 499));
      assert.equal(proofOut.leaf, u8aToHex(leaves[499]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
