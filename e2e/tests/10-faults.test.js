// Fault tests with real iot-node processes (they start their own nodes; skipped without
// IOT_NODE_BIN):
//   - kill -9 of a dev node right after anchors and attestations are finalized, restart on the same
//     base path: everything is still there and the chain goes on producing and finalizing;
//   - the 4-validator `local` network of scripts/testnet.sh: one validator down → blocks and
//     finality continue; two down → blocks continue, finality stalls; both back → finality catches
//     up; nothing submitted before or during the outage is lost; an auditor's light client
//     (the verifier's CLI, from the chain spec testnet.sh writes) then verifies the first anchor;
//   - then, on the same network, the validator set changed live: Eve starts with an empty keystore,
//     rotates her keys, sets them with polkadot-js, Root adds her → she authors blocks and votes
//     in GRANDPA; Root removes Dave → he stops authoring, finality goes on with four; removing
//     one more is refused (MinValidators 4).
// The dev node here also runs with `--rpc-methods safe`, so unsafe RPC methods must be refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { devAccounts, eventsOf, submit, submitSudo } from '@iot-chain/client/chain';
import { deviceFromSeed } from '@iot-chain/client/device';
import { ACME, acmeEndorser, evidenceFor, merkleRoot, recentBlock, registerDevice, signedAnchorItem, signedEvidence } from '../lib/fleet.js';
import { connectTo, freePort, heads, killHard, nodeBin, startDevNode, testnet, waitForHeads, waitUntil } from '../lib/nodes.js';
import { authorsOf, blockAuthor, grandpaAuthorities, nodeRpc, rotateKeys, sessionSets, sessionStart } from '../lib/validators.js';
import { runVerifier } from '../lib/verifier.js';

const skip = !nodeBin && 'IOT_NODE_BIN is not set';
const { keyring, alice, bob, dave, eve, ferdie } = devAccounts();
const acme = keyring.addFromUri(ACME.uri);

/**
 * Registers a device of `scheme` for //Alice with Acme's endorsement (anchors of self-asserted
 * keys never read `trusted`), attests it and anchors one root; all finalized.
 */
async function deviceWithHistory(api, scheme) {
  const device = deviceFromSeed(scheme);
  const id = await registerDevice(api, alice, device, acme.address, ACME.model, 'e2e device', await acmeEndorser(api, alice));
  const recent = await recentBlock(api);
  const evidence = evidenceFor(id, recent);
  await submit(api, api.tx.firmwareAttestation.submitAttestation(...signedEvidence(api.genesisHash.toHex(), device, evidence)), bob);
  const anchors = [await anchorOnce(api, device, id, 0)];
  return { device, id, anchors };
}

/** Anchors a fresh root for `device` as anchor number `seq`; resolves once finalized or included. */
async function anchorOnce(api, device, id, seq, { finalized = true } = {}) {
  const reading = `reading ${id} ${seq} ${Date.now()}`;
  const root = merkleRoot([stringToU8a(reading)]);
  const { signature } = signedAnchorItem(api.genesisHash.toHex(), device, id, seq, root, 1);
  const { blockHash } = await submit(api, api.tx.dataAnchoring.anchor(id, root, 1, signature), bob, { finalized });
  const number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  return { seq, root, number, reading };
}

/** Asserts that the device, its trusted attestation and its anchors are in the state at `at`. */
async function assertHistory(api, history, at) {
  const state = at ? await api.at(at) : api;
  const device = await state.query.deviceRegistry.devices(history.id);
  assert.equal(device.isSome, true, 'device still registered');
  const attestation = await state.query.firmwareAttestation.attestations(history.id);
  assert.equal(attestation.isSome, true, 'attestation result still recorded');
  assert.equal((await api.call.firmwareAttestationApi.trustStatus(history.id)).isTrusted, true);
  for (const anchor of history.anchors) {
    const stored = await state.query.dataAnchoring.anchors(history.id, anchor.seq);
    assert.equal(stored.unwrap().root.toHex(), anchor.root, `anchor #${anchor.seq} still there`);
  }
}

describe('crash and restart of a dev node (kill -9)', { skip }, () => {
  let dir;
  let node;
  let api;
  const ports = {};

  before(async () => {
    await cryptoWaitReady();
    dir = mkdtempSync(join(tmpdir(), 'iot-crash-'));
    ports.rpc = await freePort();
    ports.p2p = await freePort();
  });
  after(async () => {
    await api?.disconnect();
    if (node) await killHard(node);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startDevNode({ basePath: join(dir, 'node'), rpcPort: ports.rpc, p2pPort: ports.p2p, log: join(dir, 'node.log'), args: ['--rpc-methods', 'safe'] });

  it('keeps every finalized device, attestation and anchor and goes on', async (t) => {
    node = start();
    api = await connectTo(ports.rpc);
    const history = await deviceWithHistory(api, 'P256');
    const before = await heads(api);
    await api.disconnect();
    await killHard(node);

    const restarted = Date.now();
    node = start();
    api = await connectTo(ports.rpc);
    const answeredAfter = Date.now() - restarted;
    const after = await heads(api);
    assert.ok(after.finalized >= before.finalized, `finalized #${after.finalized} ≥ #${before.finalized} after the restart`);
    await assertHistory(api, history);
    const resumed = await waitForHeads(api, (h) => h.best >= before.best + 2 && h.finalized > before.finalized, 90, 'block production and finality after the restart');
    t.diagnostic(
      `killed at best #${before.best} finalized #${before.finalized}; RPC answered ${answeredAfter} ms after restart; ` +
        `best #${resumed.best} finalized #${resumed.finalized} ${Date.now() - restarted} ms after restart`,
    );
    // The chain accepts new work after the crash: the device's next anchor.
    history.anchors.push(await anchorOnce(api, history.device, history.id, 1));
    await assertHistory(api, history);
  });

  it('refuses unsafe RPC methods with --rpc-methods safe', async () => {
    await assert.rejects(api.rpc.author.rotateKeys(), /unsafe/i);
    await assert.rejects(api.rpc.author.insertKey('aura', '//Eve', '0x00'), /unsafe/i);
    assert.ok((await api.rpc.system.health()).peers.toNumber() >= 0, 'safe methods still answer');
  });
});

describe('the 4-validator local network: validator loss, then validator-set changes', { skip }, () => {
  let dir;
  let api;
  let rpc;

  before(async () => {
    await cryptoWaitReady();
    dir = mkdtempSync(join(tmpdir(), 'iot-testnet-'));
    const p2p = 20000 + Math.floor(Math.random() * 4000) * 5;
    rpc = 40000 + Math.floor(Math.random() * 4000) * 5;
    const prometheus = 60000 + Math.floor(Math.random() * 1000) * 5;
    testnet(dir, '--detach', '--p2p-port', String(p2p), '--rpc-port', String(rpc), '--prometheus-port', String(prometheus));
    api = await connectTo(rpc);
  });
  after(async () => {
    await api?.disconnect();
    try {
      testnet(dir, '--purge');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps finality with 3 of 4, stalls it with 2 of 4, catches up after, and loses nothing', async (t) => {
    const history = await deviceWithHistory(api, 'Ed25519');
    const log = (what) => heads(api).then((h) => t.diagnostic(`${what}: best #${h.best}, finalized #${h.finalized}`));
    await log('all four validators');

    testnet(dir, '--stop-node', 'dave');
    const oneDown = await heads(api);
    await waitForHeads(api, (h) => h.best >= oneDown.best + 3 && h.finalized >= oneDown.finalized + 2, 120, 'blocks and finality with 3 of 4 validators');
    history.anchors.push(await anchorOnce(api, history.device, history.id, 1));
    await log('dave stopped, anchor #1 finalized');

    testnet(dir, '--stop-node', 'charlie');
    // Votes already cast may still finalize a block or two; then finality must stand still.
    const twoDown = await heads(api);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const settled = await heads(api);
    history.anchors.push(await anchorOnce(api, history.device, history.id, 2, { finalized: false }));
    const stalled = await waitForHeads(api, (h) => h.best >= settled.best + 3, 120, 'block production with 2 of 4 validators');
    assert.equal(stalled.finalized, settled.finalized, 'finality stalls without a 2/3 majority');
    t.diagnostic(`charlie stopped too: best #${twoDown.best} → #${stalled.best}, finalized stuck at #${stalled.finalized}`);

    const restarted = Date.now();
    testnet(dir, '--start-node', 'charlie');
    testnet(dir, '--start-node', 'dave');
    const anchor2 = history.anchors[2].number;
    const caughtUp = await waitForHeads(api, (h) => h.finalized >= Math.max(anchor2, stalled.best), 180, 'finality catching up');
    t.diagnostic(`both restarted: finalized #${caughtUp.finalized} (≥ #${Math.max(anchor2, stalled.best)}) after ${Date.now() - restarted} ms`);
    await assertHistory(api, history, await api.rpc.chain.getFinalizedHead());

    // An auditor's light client (scripts/verify.sh) checks the first anchor on this network,
    // through the chain spec scripts/testnet.sh wrote (Alice's libp2p addresses as bootnodes).
    const readings = join(dir, 'readings.txt');
    writeFileSync(readings, `${history.anchors[0].reading}\n`);
    const run = await runVerifier(dir, 'testnet', ['--chain-spec', join(dir, 'chain-spec.json'), '--readings', readings, '--index', '0', '--device', history.id]);
    assert.equal(run.code, 0, `${JSON.stringify(run.verdict)}\n${run.stderr}`);
    assert.equal(run.verdict.block, history.anchors[0].number);
    assert.equal(run.verdict.deviceSigned, true);
    assert.equal(run.verdict.trustedWhenAnchored, true, 'the device was attested before it anchored');
    assert.deepEqual(run.verdict.trustNow, await nodeRpc(rpc, 'iot_trustStatus', [history.id]));
    assert.equal(run.verdict.trustNow.status, 'Trusted');
    t.diagnostic(`light client on the 4-validator network: verified in ${run.verdict.seconds} s at finalized #${run.verdict.finalizedBlock}`);
  });
  it('adds Eve and removes Dave live: she authors and votes, he stops, finality goes on', async (t) => {
    const started = Date.now();
    const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
    const daveAura = u8aToHex(dave.publicKey);
    const daveGrandpa = u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri('//Dave').publicKey);
    testnet(dir, '--start-node', 'eve');
    const eveRpc = rpc + 4;

    // Root cannot add an account without session keys.
    await assert.rejects(submitSudo(api, api.tx.validatorSet.addValidator(eve.address), alice), /^Error: validatorSet\.NoSessionKeys$/);

    // Eve's node generates her keys (the plain author_rotateKeys works too: 64 bytes, in the
    // keystore); she sets them, with the proof that her account holds them. Ferdie, who sees her
    // transaction in the pool, front-runs it with the same keys and proof: the proof names Eve.
    const plain = await nodeRpc(eveRpc, 'author_rotateKeys');
    assert.equal(hexToU8a(plain).length, 64);
    assert.equal(await nodeRpc(eveRpc, 'author_hasSessionKeys', [plain]), true);
    const keys = await rotateKeys(eveRpc, eve.addressRaw);
    const setKeys = api.tx.session.setKeys(keys.keys, keys.proof);
    await Promise.all([
      submit(api, setKeys, eve, { finalized: false }),
      assert.rejects(submit(api, api.tx.session.setKeys(keys.keys, keys.proof), ferdie, { finalized: false }), /^Error: session\.InvalidProof$/),
    ]);
    assert.equal((await api.query.session.nextKeys(eve.address)).unwrap().toHex(), keys.keys);
    assert.ok((await api.query.session.nextKeys(ferdie.address)).isNone);

    const added = await submitSudo(api, api.tx.validatorSet.addValidator(eve.address), alice);
    assert.equal(eventsOf(added.events, 'validatorSet', 'ValidatorAdded')[0].data.validator.toString(), eve.address);
    assert.deepEqual((await api.query.validatorSet.validators()).map(String), [alice.address, bob.address, keyring.addFromUri('//Charlie').address, dave.address, eve.address]);

    // Queued at the next session boundary; Root removes Dave then, so he leaves one session after
    // she joins.
    await waitUntil(async () => (await sessionSets(api)).queued.includes(eve.address), 90, 'Eve queued for the next session');
    t.diagnostic(`Eve queued after ${elapsed()}`);
    await submitSudo(api, api.tx.validatorSet.removeValidator(dave.address), alice);

    const joinedAt = await waitUntil(async () => {
      const hash = await api.rpc.chain.getBlockHash();
      return (await (await api.at(hash)).query.session.validators()).map(String).includes(eve.address) && hash;
    }, 90, 'Eve in the active set');
    const joined = await sessionStart(api, joinedAt);
    t.diagnostic(`Eve active from block #${joined.number} after ${elapsed()}`);
    assert.equal((await api.query.aura.authorities()).length, 5);
    // The boundary block announced the new GRANDPA set: five voters, Eve among them.
    assert.equal(joined.grandpa?.length, 5, 'grandpa.NewAuthorities with five authorities');
    assert.ok(joined.grandpa.includes(keys.grandpa), 'Eve is a GRANDPA authority');
    assert.ok((await grandpaAuthorities(api)).includes(keys.grandpa));

    // Aura gives her one slot in five; finality goes past her block (the new set finalizes).
    // Every block since she joined is checked (not only the best one when polled), and if none is
    // hers the error carries what her node logged.
    let checked = joined.number;
    const eveBlock = await waitUntil(async () => {
      const best = (await heads(api)).best;
      for (; checked < best; checked += 1) {
        if ((await blockAuthor(api, await api.rpc.chain.getBlockHash(checked + 1))) === keys.aura) return checked + 1;
      }
      return false;
    }, 120, 'a block authored by Eve').catch((error) => {
      const log = readFileSync(join(dir, 'eve.log'), 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`${error.message} (blocks #${joined.number + 1}…#${checked} checked); Eve's log ends:\n${log}`);
    });
    await waitForHeads(api, (h) => h.finalized >= eveBlock, 60, 'finality past Eve\'s block');
    t.diagnostic(`Eve authored #${eveBlock}, finalized after ${elapsed()}`);

    const leftAt = await waitUntil(async () => {
      const hash = await api.rpc.chain.getBlockHash();
      return !(await (await api.at(hash)).query.session.validators()).map(String).includes(dave.address) && hash;
    }, 90, 'Dave out of the active set');
    const left = await sessionStart(api, leftAt);
    assert.equal((await api.query.aura.authorities()).length, 4);
    assert.equal(left.grandpa?.length, 4, 'grandpa.NewAuthorities with four authorities');
    assert.ok(!left.grandpa.includes(daveGrandpa) && left.grandpa.includes(keys.grandpa));
    // Eight more blocks (two Aura rounds of four) finalized, none by Dave.
    await waitForHeads(api, (h) => h.finalized >= left.number + 8, 90, 'finality with four validators');
    const authors = await authorsOf(api, left.number + 1, left.number + 8);
    assert.ok(!authors.includes(daveAura), 'Dave authors no block after he left');
    assert.ok(authors.includes(keys.aura), 'Eve keeps authoring');
    t.diagnostic(`Dave out from block #${left.number}; #${left.number + 8} finalized without him after ${elapsed()}`);

    // Four is the local network's minimum; Root may change it, but not above the set's size.
    await assert.rejects(submitSudo(api, api.tx.validatorSet.removeValidator(bob.address), alice), /^Error: validatorSet\.TooFewValidators$/);
    assert.equal((await api.query.validatorSet.validators()).length, 4);
    await assert.rejects(submitSudo(api, api.tx.validatorSet.setMinValidators(5), alice), /^Error: validatorSet\.TooFewValidators$/);
    const lowered = await submitSudo(api, api.tx.validatorSet.setMinValidators(3), alice);
    assert.equal(eventsOf(lowered.events, 'validatorSet', 'MinValidatorsSet')[0].data.min.toNumber(), 3);
    assert.equal((await api.query.validatorSet.minValidators()).toNumber(), 3);
  });
});
