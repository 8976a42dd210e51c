// iot-gateway (spec §15) between a real Mosquitto and the real dev node: devices' readings
// published with MQTT.js are stored, batched, anchored by the owner's authorised gateway and
// proved; the proof document is checked by the runtime (verify_inclusion through @polkadot/api)
// and by the light-client verifier as is. Then the faults, each with nothing acknowledged lost or
// anchored twice: malformed topics and oversized payloads (counted, dropped), a redelivered
// reading (recognised), a broker restart (resubscribed), kill -9 of the gateway right after it
// sent a batch (reconciled with the chain, not sent again; readings published meanwhile kept by
// the broker), the node unreachable (readings still stored, retried with backoff, anchored once
// it is back), and a batch the chain refuses (a suspended device: recorded as failed, reported,
// not retried; the other devices' batches of the same transaction anchored).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, devAccounts, endpoint, submit } from '@iot-chain/client/chain';
import { deviceFromSeed } from '@iot-chain/client/device';
import { blake2_256, toHex } from '@iot-chain/client/merkle';
import { ACME, registerDevice } from '../lib/fleet.js';
import { freePort, waitUntil } from '../lib/nodes.js';
import { Broker, Gateway, Proxy, gatewayBin, mqttClient, readingsTopic } from '../lib/gateway.js';
import { runVerifier } from '../lib/verifier.js';

const RUN = Date.now();
const chainSpecFile = process.env.IOT_CHAIN_SPEC;
const reading = (device, n) => new TextEncoder().encode(JSON.stringify({ run: RUN, device, n, celsius: 20 + (n % 7) }));

describe('iot-gateway', { skip: !gatewayBin && 'IOT_GATEWAY_BIN is not set' }, () => {
  let api;
  let dir;
  let broker;
  let proxy;
  let gateway;
  let publisher;
  // Funds come from //Ferdie, whom no other test of the shared dev node signs for: this file runs
  // alongside them (scripts/test.sh), so it must not race them for a nonce.
  const { keyring, ferdie } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const owner = keyring.addFromUri(`//GatewayOwner/${RUN}`);
  const gatewayAccount = `//Gateway/${RUN}`;
  const devices = Array.from({ length: 4 }, () => deviceFromSeed('Ed25519'));
  const ids = [];
  const published = new Map();

  /** Publishes readings `from..to` of device `index` (QoS 1, acknowledged by the broker). */
  async function publish(index, from, to) {
    for (let n = from; n < to; n += 1) await publisher.publish(readingsTopic(ids[index]), Buffer.from(reading(index, n)));
    published.set(index, Math.max(published.get(index) ?? 0, to));
  }

  /** Waits until reading `n` of device `index` has a proof whose status is one of `statuses`. */
  function proofIn(index, n, statuses, seconds = 60) {
    const hash = toHex(blake2_256(reading(index, n)));
    return waitUntil(async () => {
      const { status, body } = await gateway.proof(ids[index], hash);
      return status === 200 && statuses.includes(body.status) ? body : null;
    }, seconds, `reading ${n} of device ${index} ${statuses.join('/')}`);
  }

  /** Checks a proof document with the runtime (verify_inclusion at the best block). */
  async function runtimeAccepts(doc) {
    const result = await api.call.dataAnchoringApi.verifyInclusion(doc.device, doc.root, doc.reading, doc.proof, doc.leafIndex);
    assert.ok(result.isOk, `verify_inclusion: ${result.toString()}`);
    const anchor = result.asOk;
    assert.equal(anchor.seq.toNumber(), doc.anchor.seq);
    assert.equal(anchor.block.toNumber(), doc.anchor.blockNumber);
    assert.equal((await api.rpc.chain.getBlockHash(doc.anchor.blockNumber)).toHex(), doc.anchor.blockHash);
    assert.equal(anchor.leafCount.toNumber(), doc.leafCount);
    assert.equal(anchor.deviceSigned.isFalse, true);
  }

  before(async () => {
    api = await connect();
    dir = mkdtempSync(join(tmpdir(), 'iot-gateway-e2e-'));
    const gatewayKey = keyring.addFromUri(gatewayAccount);
    const units = 10n ** 12n;
    await submit(api, api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(owner.address, 1000n * units),
      api.tx.balances.transferKeepAlive(gatewayKey.address, 1000n * units),
    ]), ferdie, { finalized: false });
    for (const device of devices) ids.push(await registerDevice(api, owner, device, acme.address, ACME.model, 'gateway e2e'));
    await submit(api, api.tx.deviceRegistry.addGateway(gatewayKey.address), owner, { finalized: false });

    broker = new Broker(dir);
    await broker.start();
    proxy = new Proxy(Number(new URL(endpoint()).port));
    await proxy.up();
    gateway = new Gateway({
      'mqtt-port': broker.port,
      'mqtt-client-id': `e2e-gateway-${RUN}`,
      node: `ws://127.0.0.1:${proxy.port}`,
      suri: gatewayAccount,
      db: join(dir, 'gateway.redb'),
      http: `127.0.0.1:${await freePort()}`,
      'batch-size': 50,
      'batch-interval-ms': 1000,
      mortality: 8,
    }, join(process.env.CARGO_TARGET_DIR ?? dir, 'e2e-gateway.log'));
    await gateway.start();
    await waitUntil(async () => (await gateway.get('/health')).status === 200, 60, 'the gateway healthy');
    publisher = await mqttClient(broker.port, `e2e-devices-${RUN}`);
  });

  after(async () => {
    await publisher?.end().catch(() => {});
    await gateway?.stop();
    await broker?.stop();
    await proxy?.down().catch(() => {});
    await api?.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores, anchors and proves readings; the runtime and the light client accept the proof as is', async () => {
    await Promise.all([publish(0, 0, 40), publish(1, 0, 40), publish(2, 0, 40)]);
    const doc = await proofIn(0, 7, ['finalized']);
    assert.equal(doc.format, 'iot-chain-reading-proof/1');
    assert.equal(doc.device, ids[0]);
    assert.equal(doc.reading, toHex(reading(0, 7)));
    assert.equal(doc.leafIndex, doc.readingId);
    await runtimeAccepts(doc);
    // By number too: the same document.
    assert.deepEqual((await gateway.proof(ids[0], doc.readingId)).body, doc);
    for (const index of [1, 2]) await runtimeAccepts(await proofIn(index, 39, ['finalized']));
    assert.equal(await gateway.metric('readings_stored'), 120);
    await waitUntil(async () => (await gateway.metric('readings_finalized')) === 120, 60, '120 readings finalized');

    if (chainSpecFile) {
      const file = join(dir, 'proof.json');
      writeFileSync(file, JSON.stringify(doc));
      const { code, verdict, stderr } = await runVerifier(dir, 'gateway-proof', ['--chain-spec', chainSpecFile, '--proof', file, '--timeout', '90']);
      assert.equal(code, 0, `${JSON.stringify(verdict)}\n${stderr}`);
      assert.equal(verdict.verified, true);
      assert.equal(verdict.seq, doc.anchor.seq);
      assert.equal(verdict.block, doc.anchor.blockNumber);
      assert.equal(verdict.submitter, keyring.addFromUri(gatewayAccount).address);
    }
  });

  it('answers 202 for an open batch, 404 for an unknown reading, 400 for a malformed path', async () => {
    await publish(2, 40, 41);
    // The broker acknowledged it; the gateway stores it a moment later.
    const open = await waitUntil(async () => {
      const answer = await gateway.proof(ids[2], 40);
      return answer.status === 404 ? null : answer;
    }, 10, 'reading 40 stored');
    // Either still open or already closed by age (1 s): both are right; an open one says so.
    if (open.status === 202) assert.deepEqual(open.body, { status: 'open', readingId: 40 });
    else assert.equal(open.status, 200);
    assert.equal((await gateway.proof(ids[2], 1_000_000)).status, 404);
    assert.equal((await gateway.proof(ids[2], toHex(new Uint8Array(32)))).status, 404);
    assert.equal((await gateway.proof('0x1234', 1)).status, 400);
    assert.equal((await gateway.proof(ids[2], 'x')).status, 400);
  });

  it('rejects malformed topics, empty and oversized payloads with a counter, storing nothing', async () => {
    const stored = await gateway.metric('readings_stored');
    await publisher.publish('iot/not-a-device/readings', Buffer.from('x'));
    await publisher.publish(`iot/${ids[0].slice(4)}/readings`, Buffer.from('short id'));
    await publisher.publish(readingsTopic(ids[0]), Buffer.alloc(0));
    await publisher.publish(readingsTopic(ids[0]), Buffer.alloc(4097, 0x41));
    await waitUntil(async () => (await gateway.metric('readings_rejected', 'reason="size"')) === 1, 20, 'the oversized payload counted');
    assert.equal(await gateway.metric('readings_rejected', 'reason="topic"'), 2);
    assert.equal(await gateway.metric('readings_rejected', 'reason="empty"'), 1);
    assert.equal(await gateway.metric('readings_stored'), stored);
  });

  it('recognises a redelivered reading and resubscribes after a broker restart', async () => {
    const stored = await gateway.metric('readings_stored');
    // The same bytes again (what a redelivery after a crash looks like): acknowledged, not stored.
    await publisher.publish(readingsTopic(ids[0]), Buffer.from(reading(0, 3)));
    await waitUntil(async () => (await gateway.metric('readings_duplicate')) === 1, 20, 'the duplicate counted');
    assert.equal(await gateway.metric('readings_stored'), stored);

    await publisher.end();
    await broker.restart();
    await waitUntil(async () => (await gateway.metric('broker_connected')) === 1, 30, 'the gateway back on the broker');
    publisher = await mqttClient(broker.port, `e2e-devices-${RUN}`);
    await publish(0, 40, 50);
    await waitUntil(async () => (await gateway.metric('readings_stored')) === stored + 10, 30, '10 readings stored after the restart');
    await proofIn(0, 49, ['finalized']);
  });

  it('after kill -9 right after sending a batch, reconciles it with the chain: anchored once, nothing lost', async () => {
    const seqBefore = (await api.query.dataAnchoring.nextSeq(ids[1])).toNumber();
    // 50 readings: the batch closes at its size and is sent at once.
    await publish(1, 40, 90);
    await proofIn(1, 40, ['submitted', 'inBlock'], 30);
    await gateway.kill();
    // Published while the gateway is down: the broker keeps them for its persistent session.
    await publish(1, 90, 100);
    await gateway.start();
    const sent = await proofIn(1, 89, ['finalized']);
    const late = await proofIn(1, 99, ['finalized']);
    await runtimeAccepts(sent);
    await runtimeAccepts(late);
    // Exactly two anchors since: the reconciled batch (not sent again) and the late readings'.
    assert.equal(sent.leafCount, 50);
    assert.equal(sent.anchor.seq, seqBefore);
    assert.equal(late.anchor.seq, seqBefore + 1);
    assert.equal((await api.query.dataAnchoring.nextSeq(ids[1])).toNumber(), seqBefore + 2);
    for (const n of [40, 64, 95]) assert.equal((await gateway.proof(ids[1], toHex(blake2_256(reading(1, n))))).body.status, 'finalized');
  });

  it('keeps storing while the node is unreachable, retries with backoff (no busy loop), anchors once it is back', async () => {
    const stored = await gateway.metric('readings_stored');
    await proxy.down();
    await waitUntil(async () => (await gateway.metric('chain_connected')) === 0, 30, 'the gateway to notice');
    const errorsBefore = await gateway.metric('errors', 'kind="chain"');
    await publish(2, 41, 61);
    await waitUntil(async () => (await gateway.metric('readings_stored')) === stored + 20, 20, 'readings stored while the node is away');
    const health = await gateway.get('/health');
    assert.equal(health.status, 503);
    assert.equal(health.body.chain, false);
    assert.equal(health.body.broker, true);
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const retries = (await gateway.metric('errors', 'kind="chain"')) - errorsBefore;
    assert.ok(retries >= 1 && retries <= 8, `${retries} connection attempts in 8 s`);
    await proxy.up();
    await waitUntil(async () => (await gateway.metric('chain_connected')) === 1, 40, 'the gateway back on the node');
    await runtimeAccepts(await proofIn(2, 60, ['finalized']));
  });

  it('records a batch the chain refuses (suspended device) as failed, reports it, never retries; the others are anchored', async () => {
    await submit(api, api.tx.deviceRegistry.suspend(ids[3]), owner, { finalized: false });
    const failedBefore = await gateway.metric('readings_failed');
    await Promise.all([publish(3, 0, 5), publish(0, 50, 55)]);
    const refused = await proofIn(3, 4, ['failed']);
    assert.equal(refused.error, 'DataAnchoring.DeviceInactive');
    assert.equal(refused.anchor, null);
    await runtimeAccepts(await proofIn(0, 54, ['finalized']));
    assert.equal(await gateway.metric('readings_failed'), failedBefore + 5);
    const transactions = await gateway.metric('transactions');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    assert.equal(await gateway.metric('transactions'), transactions, 'nothing resent');
    assert.equal((await gateway.proof(ids[3], 4)).body.status, 'failed');
    assert.equal((await api.query.dataAnchoring.nextSeq(ids[3])).toNumber(), 0);
  });
});
