// The storage migration users will run (spec 100 → 101, now to 107): a dev chain started on the runtime that
// was live before the security hardening (spec_version 100, kept as a fixture: e2e/fixtures/), is
// filled through the same flows as the e2e suite — endorsed and plain devices of all four key
// types, releases (one revoked), trusted and untrusted attestations, device-signed and owner
// anchors — then upgraded with sudo(system.setCode) to the runtime under test. Every anchor,
// root lookup, trust status, release, device, counter and hold must survive in the new layout
// (AnchorsByRoot per device, Releases under hashed keys, attestation results with their evidence
// kind), and the new rules apply at once.
// Skipped without IOT_NODE_BIN and IOT_RUNTIME_WASM (scripts/test.sh sets both).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, randomAsHex } from '@polkadot/util-crypto';
import { devAccounts, eventsOf, submit } from '@iot-chain/client/chain';
import { deviceFromSeed, deviceId, endorsementMessage, SCHEMES, signatureArg } from '@iot-chain/client/device';
import {
  ACME,
  acmeEndorser,
  deviceRegistration,
  evidenceFor,
  merkleProof,
  merkleRoot,
  recentBlock,
  signedAnchorItem,
  signedEvidence,
} from '../lib/fleet.js';
import { connectTo, freePort, killHard, nodeBin, startNode, upgradeRuntime } from '../lib/nodes.js';

const fixture = fileURLToPath(new URL('../fixtures/iot_runtime_spec100.compact.compressed.wasm', import.meta.url));
const newRuntime = process.env.IOT_RUNTIME_WASM;
const inBlock = { finalized: false };
const STORAGE_VERSIONS = { deviceRegistry: 1, firmwareAttestation: 3, dataAnchoring: 2 };

/** Every entry of a storage map of `pallet` as `{ key: valueHex }`. */
async function entries(api, pallet, item) {
  const all = await api.query[pallet][item].entries();
  return Object.fromEntries(all.map(([key, value]) => [key.args.map((arg) => arg.toHex()).join(','), value.toHex()]));
}

describe('storage migration from spec_version 100', { skip: !(nodeBin && newRuntime) && 'IOT_NODE_BIN or IOT_RUNTIME_WASM is not set' }, () => {
  let dir;
  let node;
  let api;
  let port;
  const { keyring, alice, bob } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  /** Devices of all four schemes: even ones Alice's and endorsed, odd ones Bob's and not. */
  const devices = SCHEMES.map((scheme, i) => ({ scheme, key: deviceFromSeed(scheme), owner: i % 2 ? bob : alice, endorsed: i % 2 === 0 }));
  const anchors = []; // { device, seq, root, leaves }
  const release = { digest: randomAsHex(32), revoked: randomAsHex(32) };
  const before_ = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iot-migration-'));
    // The dev chain spec of the node under test, with the spec-100 runtime as its code: the node
    // builds genesis by calling that runtime's own genesis builder on the dev preset.
    const spec = JSON.parse(execFileSync(nodeBin, ['export-chain-spec', '--chain', 'dev'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    spec.id = 'iot_dev_spec100';
    spec.genesis.runtimeGenesis.code = u8aToHex(readFileSync(fixture));
    // Spec 100 has no Session and no validator set: Alice's keys go to Aura and GRANDPA directly.
    await cryptoWaitReady();
    const patch = spec.genesis.runtimeGenesis.patch;
    delete patch.session;
    delete patch.validatorSet;
    patch.aura = { authorities: [alice.address] };
    patch.grandpa = { authorities: [[new Keyring({ type: 'ed25519' }).addFromUri('//Alice').address, 1]] };
    const specFile = join(dir, 'spec100.json');
    writeFileSync(specFile, JSON.stringify(spec));
    port = await freePort();
    node = startNode({
      // A chain spec from a file has no development node key: give it one.
      chainArgs: ['--chain', specFile, '--alice', '--force-authoring', '--node-key', '77'.repeat(32)],
      basePath: join(dir, 'node'),
      rpcPort: port,
      p2pPort: await freePort(),
      log: join(dir, 'node.log'),
    });
    api = await connectTo(port);
  });
  after(async () => {
    await api?.disconnect();
    if (node) await killHard(node);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the spec-100 runtime and fills it through the e2e flows', async (t) => {
    assert.equal(api.runtimeVersion.specVersion.toNumber(), 100);
    const genesis = api.genesisHash.toHex();
    const endorser = await acmeEndorser(api, alice);
    const registrations = (owner) =>
      devices
        .filter((d) => d.owner === owner)
        .map((d) => {
          const registration = deviceRegistration(genesis, owner.address, d.key, acme.address, ACME.model, `${d.scheme} device`);
          if (!d.endorsed) return registration;
          const endorsement = endorser.sign(endorsementMessage(acme.address, ACME.model, d.key));
          return { ...registration, endorsement: signatureArg('P256', endorsement) };
        });
    await Promise.all([
      submit(api, api.tx.deviceRegistry.registerDevices(registrations(alice)), alice, inBlock),
      submit(api, api.tx.deviceRegistry.registerDevices(registrations(bob)), bob, inBlock),
      (async () => {
        await submit(api, api.tx.firmwareAttestation.publishRelease(ACME.model, release.digest, '2.0.0', 2), acme, inBlock);
        await submit(api, api.tx.firmwareAttestation.publishRelease(ACME.model, release.revoked, '2.0.1', 2), acme, inBlock);
        await submit(api, api.tx.firmwareAttestation.revokeRelease(ACME.model, release.revoked, 7), acme, inBlock);
      })(),
    ]);
    for (const d of devices) d.id = deviceId(d.key);

    // Attestations relayed by Bob: the genesis release, release 2.0.0, the revoked release and an
    // unknown firmware; anchors: device-signed by the relayer and owner anchors in batches.
    const recent = await recentBlock(api);
    const digests = [ACME.firmwareDigest, release.digest, release.revoked, randomAsHex(32)];
    const attestations = devices.map((d, i) =>
      api.tx.firmwareAttestation.submitAttestation(
        ...signedEvidence(genesis, d.key, evidenceFor(d.id, recent, { firmwareDigest: digests[i], securityVersion: i === 0 ? 1 : 2 })),
      ),
    );
    const items = { alice: [], bob: [] };
    for (const d of devices) {
      for (let seq = 0; seq < 2; seq += 1) {
        const leaves = Array.from({ length: 5 + seq * 3 }, (_, i) => stringToU8a(`${d.scheme} reading ${seq}.${i} ${randomAsHex(4)}`));
        const root = merkleRoot(leaves);
        anchors.push({ device: d.id, seq, root, leaves });
        const item = seq === 0 ? signedAnchorItem(genesis, d.key, d.id, seq, root, leaves.length) : { device: d.id, root, leafCount: leaves.length, signature: null };
        items[d.owner === alice ? 'alice' : 'bob'].push(item);
      }
    }
    await Promise.all([
      submit(api, api.tx.utility.batchAll(attestations), bob, inBlock).then(() =>
        submit(api, api.tx.dataAnchoring.anchorBatch(items.bob), bob, inBlock),
      ),
      submit(api, api.tx.dataAnchoring.anchorBatch(items.alice), alice, inBlock),
    ]);

    // The spec-100 runtime hashes a 60,000-hash proof in full before it fails.
    const [first] = anchors;
    const long = [...merkleProof(first.leaves, 0), ...Array.from({ length: 60_000 }, () => first.root)];
    const started = performance.now();
    const result = await api.call.dataAnchoringApi.verifyInclusion(first.root, u8aToHex(first.leaves[0]), long, 0);
    t.diagnostic(`spec 100: verify_inclusion with a ${long.length}-hash proof took ${(performance.now() - started).toFixed(0)} ms (${result.isErr ? 'refused' : 'accepted'})`);

    for (const pallet of ['deviceRegistry', 'firmwareAttestation', 'dataAnchoring']) {
      assert.equal((await api.query[pallet].palletVersion()).toNumber(), 1, `${pallet} starts at storage version 1`);
    }
    before_.anchors = await entries(api, 'dataAnchoring', 'anchors');
    before_.nextSeq = await entries(api, 'dataAnchoring', 'nextSeq');
    before_.attestations = await entries(api, 'firmwareAttestation', 'attestations');
    before_.counters = await entries(api, 'firmwareAttestation', 'counters');
    before_.devices = await entries(api, 'deviceRegistry', 'devices');
    before_.releases = {};
    for (const digest of [ACME.firmwareDigest, release.digest, release.revoked]) {
      before_.releases[digest] = (await api.call.firmwareAttestationApi.release(acme.address, ACME.model, digest)).toHex();
    }
    before_.trust = {};
    for (const d of devices) before_.trust[d.id] = (await api.call.firmwareAttestationApi.trustStatus(d.id)).toJSON();
    before_.holds = {};
    for (const who of [alice, bob, acme]) before_.holds[who.address] = (await api.query.balances.holds(who.address)).toHex();
    for (const a of anchors) {
      const found = (await api.call.dataAnchoringApi.findAnchor(a.root)).unwrap();
      assert.equal(found.device.toHex(), a.device);
    }
    assert.equal(Object.keys(before_.anchors).length, 8);
    assert.deepEqual(
      devices.map((d) => Object.keys(before_.trust[d.id])[0]),
      ['trusted', 'trusted', 'untrusted', 'untrusted'],
    );
  });

  it('upgrades to the runtime under test, migrating every entry to the new layout', async (t) => {
    const { blockHash, specAfter } = await upgradeRuntime(api, readFileSync(newRuntime), alice);
    assert.equal(specAfter, 107);
    await api.disconnect();
    api = await connectTo(port);
    const events = (await api.query.system.events.at(blockHash)).map(({ event }) => ({ event }));
    assert.equal(eventsOf(events, 'system', 'CodeUpdated').length, 1);

    for (const [pallet, version] of Object.entries(STORAGE_VERSIONS)) {
      assert.equal((await api.query[pallet].palletVersion()).toNumber(), version, `${pallet} storage version`);
    }
    assert.deepEqual(await entries(api, 'dataAnchoring', 'anchors'), before_.anchors);
    assert.deepEqual(await entries(api, 'dataAnchoring', 'nextSeq'), before_.nextSeq);
    // Attestation results gained their evidence kind (v3): every one is `Reported` (0x00).
    const reported = Object.fromEntries(Object.entries(before_.attestations).map(([key, value]) => [key, `${value}00`]));
    assert.deepEqual(await entries(api, 'firmwareAttestation', 'attestations'), reported);
    assert.deepEqual(await entries(api, 'firmwareAttestation', 'counters'), before_.counters);
    assert.deepEqual(await entries(api, 'deviceRegistry', 'devices'), before_.devices);
    for (const [digest, value] of Object.entries(before_.releases)) {
      assert.equal((await api.call.firmwareAttestationApi.release(acme.address, ACME.model, digest)).toHex(), value, `release ${digest}`);
    }
    assert.equal((await api.query.firmwareAttestation.releases.entries()).length, 3, 'releases under their new keys');
    for (const d of devices) {
      // A trusted status now also says which evidence and whose word it rests on.
      const expected = before_.trust[d.id].trusted
        ? { trusted: { ...before_.trust[d.id].trusted, evidence: 'Reported', identity: d.endorsed ? 'Endorsed' : 'SelfAsserted' } }
        : before_.trust[d.id];
      assert.deepEqual((await api.call.firmwareAttestationApi.trustStatus(d.id)).toJSON(), expected, `trust of ${d.scheme}`);
    }
    for (const who of [alice, bob, acme]) {
      assert.equal((await api.query.balances.holds(who.address)).toHex(), before_.holds[who.address], `holds of ${who.address}`);
    }
    assert.equal((await api.query.dataAnchoring.anchorsByRoot.entries()).length, anchors.length);
    for (const a of anchors) {
      assert.equal((await api.query.dataAnchoring.anchorsByRoot(a.root, a.device)).unwrap().toNumber(), a.seq);
      const found = await api.call.dataAnchoringApi.findAnchors(a.root);
      assert.deepEqual(found.map((x) => [x.device.toHex(), x.seq.toNumber()]), [[a.device, a.seq]]);
      const index = a.leaves.length - 1;
      const verdict = await api.call.dataAnchoringApi.verifyInclusion(a.device, a.root, u8aToHex(a.leaves[index]), merkleProof(a.leaves, index), index);
      assert.equal(verdict.isOk, true, `proof of ${a.root}`);
    }

    // Session and the validator set (spec 103) start empty on an upgraded chain: pallet-session
    // reports no change, so Aura and GRANDPA keep the genesis authority (docs/operations.md).
    assert.equal((await api.query.validatorSet.validators()).length, 0);
    assert.equal((await api.query.session.validators()).length, 0);
    assert.equal((await api.query.aura.authorities()).length, 1);
    assert.equal((await api.call.grandpaApi.grandpaAuthorities()).length, 1);

    // The new rules hold on the migrated chain: exact proofs, roots per device.
    const [first] = anchors;
    const long = [...merkleProof(first.leaves, 0), ...Array.from({ length: 60_000 }, () => first.root)];
    const started = performance.now();
    const refused = await api.call.dataAnchoringApi.verifyInclusion(first.device, first.root, u8aToHex(first.leaves[0]), long, 0);
    t.diagnostic(`spec 103: verify_inclusion with a ${long.length}-hash proof took ${(performance.now() - started).toFixed(0)} ms (refused before hashing)`);
    assert.equal(refused.asErr.isBadProofLength, true);
    const other = devices.find((d) => d.id !== first.device && d.owner === alice);
    const { events: anchored } = await submit(api, api.tx.dataAnchoring.anchor(other.id, first.root, first.leaves.length, null), alice, inBlock);
    assert.equal(eventsOf(anchored, 'dataAnchoring', 'Anchored').length, 1, 'another device may anchor a migrated root');
    assert.equal((await api.call.dataAnchoringApi.findAnchors(first.root)).length, 2);
  });
});
