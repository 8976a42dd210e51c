// Device fleet simulator (scripts/demo.sh): against a running dev chain it
//   1. funds two fleet owners and one gateway per owner (from //Alice),
//   2. registers the devices of all four key types in batches (`register_devices`),
//   3. has every device sign attestation evidence, relayed by its owner's gateway
//      (every tenth device reports a firmware build the manufacturer never published),
//   4. streams synthetic sensor readings: every block, each gateway anchors the Merkle roots of
//      its devices' new readings, each root signed by its device (`anchor_batch`),
//   5. verifies one reading's inclusion proof through RPC, then prints a summary and checks every
//      number of it against what the chain holds (exit code 1 on any mismatch).
//
// Usage: node tools/demo.js [--devices N] [--duration SECONDS] [--endpoint ws://…]
import { parseArgs } from 'node:util';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { connect, devAccounts, endpoint, iotRpc } from '@iot-chain/client/chain';
import { SCHEMES, deviceFromSeed, deviceId } from '@iot-chain/client/device';
import {
  ACME,
  deviceRegistration,
  evidenceFor,
  merkleProof,
  merkleRoot,
  recentBlock,
  signedAnchorItem,
  signedEvidence,
} from '../lib/fleet.js';
import { InclusionTracker, signAll, submitAll } from '../lib/inclusion.js';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    endpoint: { type: 'string' },
    'readings-per-second': { type: 'string', default: '1' },
  },
});
if (args.endpoint) process.env.IOT_WS = args.endpoint;
const DEVICE_COUNT = positive('devices');
const DURATION_S = positive('duration');
const READINGS_PER_SECOND = positive('readings-per-second');
const UNIT = 10n ** 12n;
const RUN = Date.now().toString(36);
/** A firmware build Acme never published: devices reporting it are recorded as Untrusted. */
const UNPUBLISHED_DIGEST = u8aToHex(blake2AsU8a('Acme Sensors TH-100 firmware 0.9.0-dev', 256));

function positive(name) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const tty = process.stdout.isTTY;
/** Shows progress on one line (a bar) on a terminal, or as occasional lines in a log. */
function progress(label, done, total, extra = '') {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const line = `${label.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${extra}`;
  if (tty) process.stdout.write(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
  else if (extra || done === total || done % Math.max(1, Math.ceil(total / 5)) === 0) console.log(line);
}

async function main() {
  const api = await connect();
  const genesis = api.genesisHash.toHex();
  const { keyring, alice } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const maxRegistrations = api.consts.deviceRegistry.maxBatch.toNumber();
  const maxAnchors = api.consts.dataAnchoring.maxBatch.toNumber();
  const tracker = await new InclusionTracker(api).start();
  console.log(`iot-chain demo ${RUN}: ${DEVICE_COUNT} devices, ${DURATION_S} s of readings, ${endpoint()}`);

  // 1. Two owners, each with a gateway that relays attestations and anchors.
  const owners = ['A', 'B'].map((name) => ({
    name,
    account: keyring.addFromUri(`//demo-${RUN}-owner-${name}`),
    gateway: keyring.addFromUri(`//demo-${RUN}-gateway-${name}`),
    devices: [],
  }));
  const ownerFunds = BigInt(DEVICE_COUNT) * UNIT + 100n * UNIT;
  await submitAll(tracker, alice, [
    api.tx.utility.batchAll(
      owners.flatMap((owner) => [
        api.tx.balances.transferKeepAlive(owner.account.address, ownerFunds),
        api.tx.balances.transferKeepAlive(owner.gateway.address, 1000n * UNIT),
      ]),
    ),
  ]);
  await Promise.all(owners.map((owner) => submitAll(tracker, owner.account, [api.tx.deviceRegistry.addGateway(owner.gateway.address)])));
  console.log(`owners ${owners.map((o) => o.account.address).join(', ')} funded, gateways authorised`);

  // 2. Devices of all four key types, registered in batches of at most MaxBatch.
  const devices = Array.from({ length: DEVICE_COUNT }, (_, index) => {
    const key = deviceFromSeed(SCHEMES[index % SCHEMES.length]);
    const owner = owners[index % owners.length];
    const device = { index, key, id: deviceId(key), owner, seq: 0, pending: [], anchors: [], leaves: 0 };
    device.firmware = index % 10 === 9 ? UNPUBLISHED_DIGEST : ACME.firmwareDigest;
    owner.devices.push(device);
    return device;
  });
  let registered = 0;
  progress('register', 0, DEVICE_COUNT);
  await Promise.all(
    owners.map(async (owner) => {
      const batches = chunks(owner.devices, maxRegistrations).map((batch) =>
        api.tx.deviceRegistry.registerDevices(
          batch.map((d) =>
            deviceRegistration(genesis, owner.account.address, d.key, acme.address, ACME.model, `demo ${RUN} #${d.index} ${d.key.scheme}`),
          ),
        ),
      );
      const signed = await signAll(api, owner.account, batches);
      const outcomes = await tracker.submit(signed);
      for (const [i, outcome] of outcomes.entries()) {
        const result = await outcome;
        if (!result.ok) throw new Error(`register_devices failed: ${result.error}`);
        registered += chunks(owner.devices, maxRegistrations)[i].length;
        progress('register', registered, DEVICE_COUNT);
      }
    }),
  );

  // 3. Attestation: each device signs evidence bound to a recent block; its gateway relays it.
  const recent = await recentBlock(api);
  let attested = 0;
  progress('attest', 0, DEVICE_COUNT);
  await Promise.all(
    owners.map(async (owner) => {
      const txs = owner.devices.map((d) =>
        api.tx.firmwareAttestation.submitAttestation(
          ...signedEvidence(genesis, d.key, evidenceFor(d.id, recent, { firmwareDigest: d.firmware })),
        ),
      );
      const outcomes = await tracker.submit(await signAll(api, owner.gateway, txs));
      for (const outcome of outcomes) {
        const result = await outcome;
        if (!result.ok) throw new Error(`submit_attestation failed: ${result.error}`);
        progress('attest', ++attested, DEVICE_COUNT);
      }
    }),
  );

  // 4. Readings every second; every block each gateway anchors its devices' new readings.
  const started = Date.now();
  let readingsMade = 0;
  const sensorTimer = setInterval(() => {
    const t = Math.floor(Date.now() / 1000);
    for (const d of devices) {
      for (let r = 0; r < READINGS_PER_SECOND; r++) {
        const celsius = (21 + 3 * Math.sin((t + d.index) / 30) + r / 100).toFixed(2);
        d.pending.push(`{"device":"${d.id}","t":${t},"r":${r},"celsius":${celsius},"run":"${RUN}"}`);
        readingsMade++;
      }
    }
  }, 1000);
  const anchorBlocks = new Set();
  let anchorCalls = 0;
  let anchorsMade = 0;
  let sample = null;
  const streaming = owners.map(async (owner) => {
    while (Date.now() - started < DURATION_S * 1000) {
      // Each round anchors every device of the owner with new readings, in anchor_batch calls
      // of at most MaxBatch items, and waits for their blocks before the next round.
      const ready = owner.devices.filter((d) => d.pending.length > 0);
      if (ready.length === 0) {
        await sleep(500);
        continue;
      }
      const batches = chunks(ready, maxAnchors).map((batch) =>
        batch.map((d) => {
          const leaves = d.pending.splice(0).map((r) => stringToU8a(r));
          d.inFlight = { seq: d.seq, root: merkleRoot(leaves), leaves };
          return signedAnchorItem(genesis, d.key, d.id, d.seq, d.inFlight.root, leaves.length);
        }),
      );
      const outcomes = await tracker.submit(await signAll(api, owner.gateway, batches.map((items) => api.tx.dataAnchoring.anchorBatch(items))));
      let last;
      for (const outcome of outcomes) {
        last = await outcome;
        if (!last.ok) throw new Error(`anchor_batch failed: ${last.error}`);
        anchorBlocks.add(last.number);
      }
      for (const d of ready) {
        d.anchors.push({ seq: d.seq, root: d.inFlight.root, leafCount: d.inFlight.leaves.length });
        d.leaves += d.inFlight.leaves.length;
        d.seq++;
        sample = { device: d, ...d.inFlight };
      }
      anchorsMade += ready.length;
      anchorCalls += batches.length;
      const elapsed = Math.min(DURATION_S, Math.round((Date.now() - started) / 1000));
      progress('stream', elapsed, DURATION_S, `block #${last.number}: ${anchorsMade} anchors, ${readingsMade} readings`);
    }
  });
  await Promise.all(streaming);
  clearInterval(sensorTimer);
  tracker.stop();

  // 5. One proof through RPC, then the summary, checked against the chain.
  const index = Math.floor(sample.leaves.length / 2);
  const verdict = await iotRpc(api, 'iot_verifyInclusion', [
    sample.device.id,
    sample.root,
    u8aToHex(sample.leaves[index]),
    merkleProof(sample.leaves, index),
    index,
  ]);
  const mismatches = await checkAgainstChain(api, owners, devices);
  if (!verdict.valid) mismatches.push(`the inclusion proof of reading ${index} under ${sample.root} was refused: ${verdict.error}`);
  const byStatus = {};
  for (const d of devices) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  const readingsCovered = devices.reduce((sum, d) => sum + d.leaves, 0);
  console.log('\n=== iot-chain demo summary ===');
  console.table({
    devices: { value: DEVICE_COUNT, detail: SCHEMES.map((s) => `${s} ${devices.filter((d) => d.key.scheme === s).length}`).join(', ') },
    owners: { value: owners.length, detail: owners.map((o) => `${o.name}: ${o.devices.length} devices`).join(', ') },
    ...Object.fromEntries(Object.entries(byStatus).map(([status, count]) => [`trust: ${status}`, { value: count, detail: '' }])),
    anchors: { value: anchorsMade, detail: `${anchorCalls} anchor_batch calls in ${anchorBlocks.size} blocks, all device-signed` },
    'readings covered': { value: readingsCovered, detail: `${readingsMade - readingsCovered} made after the last anchor` },
    'proof checked': {
      value: verdict.valid ? 'valid' : 'INVALID',
      detail: `reading ${index} of anchor #${sample.seq} of ${sample.device.id.slice(0, 10)}… (block ${verdict.anchor?.block})`,
    },
  });
  await api.disconnect();
  if (mismatches.length > 0) {
    console.error(`the chain disagrees with the simulator:\n- ${mismatches.join('\n- ')}`);
    process.exit(1);
  }
  console.log('every number above matches what the chain holds');
}

/** Reads back devices, trust, anchors and leaf counts; returns the differences found. */
async function checkAgainstChain(api, owners, devices) {
  const mismatches = [];
  for (const owner of owners) {
    const onChain = (await api.call.deviceRegistryApi.devicesOf(owner.account.address)).map((id) => id.toHex()).sort();
    const expected = owner.devices.map((d) => d.id).sort();
    if (JSON.stringify(onChain) !== JSON.stringify(expected)) {
      mismatches.push(`owner ${owner.name} holds ${onChain.length} devices on chain, the simulator registered ${expected.length}`);
    }
  }
  for (const d of devices) {
    const status = await iotRpc(api, 'iot_trustStatus', [d.id]);
    d.status = status.reason ? `${status.status} (${status.reason})` : status.status;
    const expected = d.firmware === ACME.firmwareDigest ? 'Trusted' : 'Untrusted (UnknownFirmware)';
    if (d.status !== expected) mismatches.push(`device ${d.id} is ${d.status}, expected ${expected}`);
  }
  const nextSeqs = await api.query.dataAnchoring.nextSeq.multi(devices.map((d) => d.id));
  nextSeqs.forEach((seq, i) => {
    if (seq.toNumber() !== devices[i].anchors.length) {
      mismatches.push(`device ${devices[i].id} has ${seq.toNumber()} anchors on chain, the simulator made ${devices[i].anchors.length}`);
    }
  });
  const keys = devices.flatMap((d) => d.anchors.map((a) => [d.id, a.seq]));
  const expected = devices.flatMap((d) => d.anchors);
  for (const [offset, part] of chunks(keys, 1000).map((part, i) => [i * 1000, part])) {
    const stored = await api.query.dataAnchoring.anchors.multi(part);
    stored.forEach((anchor, i) => {
      const want = expected[offset + i];
      if (anchor.isNone || anchor.unwrap().root.toHex() !== want.root || anchor.unwrap().leafCount.toNumber() !== want.leafCount) {
        mismatches.push(`anchor ${part[i][0]}#${part[i][1]} differs on chain`);
      }
    });
  }
  return mismatches;
}

function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function rotate(items, start) {
  return items.slice(start).concat(items.slice(0, start));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((error) => {
  console.error(`demo failed: ${error?.stack ?? error?.message ?? JSON.stringify(error)}`);
  process.exit(1);
});
