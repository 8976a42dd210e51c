// Sustained-throughput measurement (scripts/load.sh): pre-signs N extrinsics per workload, submits
// each workload as fast as the transaction pool accepts it (never more than --window in flight, so
// the pool's limits are respected instead of flooded), follows every block, and reports per workload:
// the sustained inclusion rate over the busy window, block fill by weight and by length, and the
// time from submission to finality (p50/p99). Writes results.json and blocks.csv to --out.
//
// Workloads: transfers (balances.transferKeepAlive between many accounts), anchors (device-signed
// Ed25519 DataAnchoring.anchor from many registered devices, relayed by many accounts),
// anchor-batches (the same device-signed anchors, --batch per DataAnchoring.anchorBatch call, as a
// gateway sends them; --count counts anchors, not calls), attestations (Ed25519 evidence,
// FirmwareAttestation.submitAttestation).
//
// Usage: node tools/load.js [--count 20000] [--workloads transfers,anchors] [--senders 200]
//                           [--devices 1000] [--window 4000] [--batch 100] [--endpoint ws://…]
//                           [--out DIR]
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringToU8a } from '@polkadot/util';
import { connect, devAccounts } from '@iot-chain/client/chain';
import { deviceFromSeed, deviceId } from '@iot-chain/client/device';
import { ACME, deviceRegistration, evidenceFor, merkleRoot, recentBlock, signedAnchorItem, signedEvidence } from '../lib/fleet.js';
import { InclusionTracker, signAll, submitAll } from '../lib/inclusion.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    workloads: { type: 'string', default: 'transfers,anchors,anchor-batches' },
    senders: { type: 'string', default: '200' },
    devices: { type: 'string', default: '1000' },
    window: { type: 'string', default: '4000' },
    batch: { type: 'string', default: '100' },
    endpoint: { type: 'string' },
    out: { type: 'string', default: 'load-results' },
  },
});
if (args.endpoint) process.env.IOT_WS = args.endpoint;
const COUNT = Number(args.count);
const SENDERS = Number(args.senders);
const DEVICES = Number(args.devices);
const WINDOW = Number(args.window);
const BATCH = Number(args.batch);
const WORKLOADS = args.workloads.split(',');
const UNIT = 10n ** 12n;
const RUN = Date.now().toString(36);

const log = (...parts) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function main() {
  const api = await connect();
  const genesis = api.genesisHash.toHex();
  const { keyring, alice } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const blockWeights = api.consts.system.blockWeights;
  const normal = blockWeights.perClass.normal;
  const maxNormalWeight = normal.maxTotal.unwrap().refTime.toBigInt();
  const baseExtrinsic = normal.baseExtrinsic.refTime.toBigInt();
  const maxNormalLength = api.consts.system.blockLength.max.normal.toNumber();

  const blocks = new Map();
  const finalizedAt = new Map();
  const tracker = await new InclusionTracker(api, (block) => blocks.set(block.number, block)).start();
  const unsubscribeFinalized = await api.rpc.chain.subscribeFinalizedHeads((header) => {
    const now = Date.now();
    for (let n = header.number.toNumber(); n > 0 && !finalizedAt.has(n); n--) finalizedAt.set(n, now);
  });

  // Senders (and device owners) funded by //Alice.
  const senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(`//load-${RUN}-${i}`));
  log(`funding ${SENDERS} senders`);
  for (let i = 0; i < senders.length; i += 250) {
    const transfers = senders.slice(i, i + 250).map((s) => api.tx.balances.transferKeepAlive(s.address, 1_000n * UNIT));
    await submitAll(tracker, alice, [api.tx.utility.batchAll(transfers)]);
  }

  // Devices for anchors and attestations: Ed25519, owned by the first senders, registered in batches.
  let devices = [];
  if (WORKLOADS.some((w) => w !== 'transfers')) {
    devices = Array.from({ length: DEVICES }, (_, i) => {
      const key = deviceFromSeed('Ed25519');
      return { key, id: deviceId(key), sender: senders[i % SENDERS], seq: 0, counter: 0 };
    });
    log(`registering ${DEVICES} devices`);
    const maxBatch = api.consts.deviceRegistry.maxBatch.toNumber();
    const bySender = groupBy(devices, (d) => d.sender.address);
    await Promise.all(
      [...bySender.values()].map(async (owned) => {
        const owner = owned[0].sender;
        const batches = chunk(owned, maxBatch).map((batch) =>
          api.tx.deviceRegistry.registerDevices(
            batch.map((d) => deviceRegistration(genesis, owner.address, d.key, acme.address, ACME.model, 'load')),
          ),
        );
        await submitAll(tracker, owner, batches);
      }),
    );
  }

  const results = {};
  for (const workload of WORKLOADS) {
    log(`pre-signing ${COUNT} ${workload}`);
    const perSender = await buildWorkload(api, workload, senders, devices, genesis);
    // The weight the chain charges one extrinsic of this workload (its call and extensions, plus
    // the base weight of every extrinsic), and the ceiling per block it implies.
    const [firstSender, firstTxs] = perSender[0];
    const info = await firstTxs[0].paymentInfo(firstSender);
    const weight = info.weight.refTime.toBigInt() + baseExtrinsic;
    const ceilingPerBlock = Number(maxNormalWeight / weight);
    const signed = [];
    for (const [sender, txs] of perSender) signed.push(await signAll(api, sender, txs));
    // Round-robin over the senders so the pool always has many ready nonce chains.
    const order = [];
    const total = signed.reduce((sum, list) => sum + list.length, 0);
    for (let i = 0; order.length < total; i++) for (const list of signed) if (i < list.length) order.push(list[i]);
    log(`submitting ${order.length} ${workload} (at most ${WINDOW} in flight)`);
    results[workload] = await runWorkload(api, tracker, order, { blocks, finalizedAt, maxNormalWeight, maxNormalLength });
    Object.assign(results[workload].summary, {
      weightPerTxUs: round(Number(weight) / 1e6, 1),
      ceilingPerBlock,
      ceilingTxPerSecond: round(ceilingPerBlock / 6, 1),
    });
    const itemsPerTx = workload === 'anchor-batches' ? BATCH : 1;
    if (itemsPerTx > 1) {
      const summary = results[workload].summary;
      Object.assign(summary, {
        itemsPerTx,
        itemsPerSecond: round(summary.txPerSecond * itemsPerTx, 1),
        saturatedItemsPerSecond: round(summary.saturatedTxPerSecond * itemsPerTx, 1),
      });
    }
    log(`${workload}: ${JSON.stringify(results[workload].summary)}`);
  }
  tracker.stop();
  unsubscribeFinalized();

  if (results.transfers && results.anchors) {
    const [a, t] = [results.anchors.summary, results.transfers.summary];
    results.ratio = {
      anchorsPerTransfer: round(a.txPerSecond / t.txPerSecond, 3),
      anchorsPerTransferSaturated: round(a.saturatedTxPerSecond / t.saturatedTxPerSecond, 3),
    };
  }
  if (results.transfers && results['anchor-batches']) {
    const [a, t] = [results['anchor-batches'].summary, results.transfers.summary];
    results.ratio = {
      ...results.ratio,
      batchedAnchorsPerTransfer: round(a.itemsPerSecond / t.txPerSecond, 3),
      batchedAnchorsPerTransferSaturated: round(a.saturatedItemsPerSecond / t.saturatedTxPerSecond, 3),
    };
  }
  if (results.anchors) results.anchors.summary.readingsPerSecondAt1024 = Math.round(results.anchors.summary.txPerSecond * 1024);
  if (results['anchor-batches']) {
    const summary = results['anchor-batches'].summary;
    summary.readingsPerSecondAt1024 = Math.round(summary.itemsPerSecond * 1024);
  }
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'results.json'), JSON.stringify({ run: RUN, count: COUNT, senders: SENDERS, devices: DEVICES, window: WINDOW, maxNormalWeight: String(maxNormalWeight), maxNormalLength, results }, null, 2));
  const rows = ['workload,block,included,weight_fill,length_fill'];
  for (const [workload, result] of Object.entries(results)) {
    for (const b of result.blocks ?? []) rows.push(`${workload},${b.number},${b.included},${b.weightFill},${b.lengthFill}`);
  }
  writeFileSync(join(args.out, 'blocks.csv'), `${rows.join('\n')}\n`);
  console.log('\n=== load summary ===');
  console.table(Object.fromEntries(Object.entries(results).filter(([k]) => k !== 'ratio').map(([k, v]) => [k, v.summary])));
  if (results.ratio?.anchorsPerTransfer !== undefined) {
    console.log(`anchors/s ÷ transfers/s = ${results.ratio.anchorsPerTransfer} over the busy windows, ${results.ratio.anchorsPerTransferSaturated} in saturated blocks`);
  }
  if (results.ratio?.batchedAnchorsPerTransfer !== undefined) {
    console.log(`batched anchors/s ÷ transfers/s = ${results.ratio.batchedAnchorsPerTransfer} over the busy windows, ${results.ratio.batchedAnchorsPerTransferSaturated} in saturated blocks`);
  }
  await api.disconnect();
}

/** The unsigned extrinsics of a workload, per sender (each sender's list in nonce order). */
async function buildWorkload(api, workload, senders, devices, genesis) {
  const perSender = new Map(senders.map((s) => [s, []]));
  if (workload === 'transfers') {
    for (let i = 0; i < COUNT; i++) {
      const sender = senders[i % senders.length];
      const dest = senders[(i + 1) % senders.length];
      perSender.get(sender).push(api.tx.balances.transferKeepAlive(dest.address, UNIT));
    }
  } else if (workload === 'anchors') {
    for (let i = 0; i < COUNT; i++) {
      const d = devices[i % devices.length];
      const root = merkleRoot([stringToU8a(`${RUN} ${d.id} ${d.seq}`)]);
      const { signature } = signedAnchorItem(genesis, d.key, d.id, d.seq, root, 1024);
      d.seq++;
      perSender.get(d.sender).push(api.tx.dataAnchoring.anchor(d.id, root, 1024, signature));
    }
  } else if (workload === 'anchor-batches') {
    // Each sender batches the anchors of its own devices, so every device's seq order follows
    // its sender's nonces.
    const bySender = groupBy(devices, (d) => d.sender.address);
    const owners = [...bySender.values()];
    for (let made = 0, turn = 0; made < COUNT; turn++) {
      const owned = owners[turn % owners.length];
      const items = [];
      for (let k = 0; k < BATCH && made < COUNT; k++, made++) {
        const d = owned[k % owned.length];
        const root = merkleRoot([stringToU8a(`${RUN} batch ${d.id} ${d.seq}`)]);
        items.push(signedAnchorItem(genesis, d.key, d.id, d.seq, root, 1024));
        d.seq++;
      }
      perSender.get(owned[0].sender).push(api.tx.dataAnchoring.anchorBatch(items));
    }
  } else if (workload === 'attestations') {
    const recent = await recentBlock(api);
    for (let i = 0; i < COUNT; i++) {
      const d = devices[i % devices.length];
      d.counter++;
      const evidence = evidenceFor(d.id, recent, { counter: d.counter });
      perSender.get(d.sender).push(api.tx.firmwareAttestation.submitAttestation(...signedEvidence(genesis, d.key, evidence)));
    }
  } else {
    throw new Error(`unknown workload ${workload}`);
  }
  return [...perSender.entries()].filter(([, txs]) => txs.length > 0);
}

/** Submits `signed` with at most WINDOW in flight and measures inclusion, fill and finality. */
async function runWorkload(api, tracker, signed, { blocks, finalizedAt, maxNormalWeight, maxNormalLength }) {
  const submittedAt = new Map();
  const outcomes = [];
  let inFlight = 0;
  let retries = 0;
  let next = 0;
  const settledOne = () => inFlight--;
  const parallel = 16;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < signed.length) {
        if (inFlight >= WINDOW) {
          await sleep(100);
          continue;
        }
        const tx = signed[next++];
        inFlight++;
        for (;;) {
          const hash = tx.hash.toHex();
          const outcome = tracker.waitFor(hash);
          try {
            submittedAt.set(hash, Date.now());
            await api.rpc.author.submitExtrinsic(tx);
            outcomes.push(outcome.then((o) => ({ ...o, hash })).finally(settledOne));
            break;
          } catch (error) {
            tracker.settle(hash, () => {});
            if (!/1014|1016|Immediately Dropped|limit/i.test(error.message)) {
              inFlight--;
              outcomes.push(Promise.resolve({ ok: false, error: error.message, hash }));
              break;
            }
            retries++;
            await sleep(200);
          }
        }
      }
    }),
  );
  const results = await Promise.all(outcomes);
  const included = results.filter((r) => r.number !== undefined);
  const failed = results.filter((r) => !r.ok);
  const first = Math.min(...included.map((r) => r.number));
  const last = Math.max(...included.map((r) => r.number));
  // Wait for the last block to be finalized, then compute latencies.
  while (!finalizedAt.has(last)) await sleep(500);
  const perBlock = [];
  for (let n = first; n <= last; n++) {
    const block = blocks.get(n);
    const [weight, timestamp] = await Promise.all([api.query.system.blockWeight.at(block.hash), api.query.timestamp.now.at(block.hash)]);
    perBlock.push({
      number: n,
      timestamp: timestamp.toNumber(),
      included: included.filter((r) => r.number === n).length,
      weightFill: round((Number(weight.normal.refTime.toBigInt()) / Number(maxNormalWeight)) * 100, 1),
      lengthFill: round((block.length / maxNormalLength) * 100, 1),
    });
  }
  const latencies = included.map((r) => finalizedAt.get(r.number) - submittedAt.get(r.hash)).sort((a, b) => a - b);
  const span = (perBlock[perBlock.length - 1].timestamp - perBlock[0].timestamp) / 1000 + 6;
  const saturated = perBlock.length > 2 ? perBlock.slice(1, -1) : perBlock;
  return {
    summary: {
      submitted: signed.length,
      included: included.length,
      failed: failed.length,
      poolRetries: retries,
      blocks: perBlock.length,
      txPerSecond: round(included.length / span, 1),
      saturatedTxPerSecond: round(avg(saturated.map((b) => b.included)) / 6, 1),
      maxTxPerBlock: Math.max(...perBlock.map((b) => b.included)),
      weightFillPct: round(avg(saturated.map((b) => b.weightFill)), 1),
      lengthFillPct: round(avg(saturated.map((b) => b.lengthFill)), 1),
      finalityP50Ms: percentile(latencies, 0.5),
      finalityP99Ms: percentile(latencies, 0.99),
    },
    errors: [...new Set(failed.map((r) => r.error))],
    blocks: perBlock,
  };
}

function groupBy(items, key) {
  const map = new Map();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
const avg = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x, digits) => Number(x.toFixed(digits));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((error) => {
  console.error(`load failed: ${error?.stack ?? error?.message ?? JSON.stringify(error)}`);
  process.exit(1);
});
