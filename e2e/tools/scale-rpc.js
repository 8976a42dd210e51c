// RPC latency on a `scale:DEVICES:ANCHORS` chain (scripts/scale.sh, spec §16): recomputes the
// synthetic fleet's device identifiers, anchor roots and readings exactly as the node derived
// them (node/src/scale.rs), then calls each single-lookup `iot_*` method --samples times on
// random devices and anchors, one call at a time over one WebSocket, and prints the latency
// p50/p99/max per method as one JSON line. Every answer is checked (the device exists and is
// trusted, the anchor is found, the inclusion is valid): a wrong population fails the run.
//
//   node tools/scale-rpc.js --endpoint ws://127.0.0.1:9944 --devices D --anchors A [--samples N]
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { blake2_256, toHex } from '@iot-chain/client/merkle';
import { compact, concat } from '@iot-chain/client/scale';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'ws://127.0.0.1:9944' },
    devices: { type: 'string' },
    anchors: { type: 'string' },
    samples: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
  },
});
const devices = Number(values.devices);
const anchors = Number(values.anchors);
const samples = Number(values.samples);
if (!(devices >= 1 && anchors >= 1 && samples >= 1)) throw new Error('--devices, --anchors and --samples must be ≥ 1');

// The node's derivation: blake2_256(SCALE(("iot-chain scale ", label, index as u64))).
const text = (s) => new TextEncoder().encode(s);
const DOMAIN = text('iot-chain scale ');
const u64le = (n) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
};
const derive = (label, index) =>
  blake2_256(concat(compact(DOMAIN.length), DOMAIN, compact(label.length), text(label), u64le(index)));

/** Identifier of synthetic device `i`: blake2_256(SCALE(DeviceKey)); schemes in turn. */
function deviceId(i) {
  const bytes = derive('device', i);
  const scheme = i % 4;
  const key = scheme < 2 ? bytes : concat(Uint8Array.of(2 + (bytes[0] & 1)), bytes);
  return toHex(blake2_256(concat(Uint8Array.of(scheme), key)));
}

/** Anchor `n`: its device, sequence number, reading and root (a one-leaf tree). */
function anchor(n) {
  const reading = derive('reading', n);
  return { device: deviceId(n % devices), seq: Math.floor(n / devices), reading: toHex(reading), root: toHex(blake2_256(reading)) };
}

// A small deterministic generator, so that runs on different sizes sample alike.
let state = BigInt(values.seed);
const random = (below) => {
  state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return Number((state >> 11n) % BigInt(below));
};

const socket = new WebSocket(values.endpoint, { perMessageDeflate: false });
await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
let nextId = 1;
const pending = new Map();
socket.on('message', (data) => {
  const message = JSON.parse(data);
  pending.get(message.id)?.(message);
  pending.delete(message.id);
});
async function call(method, params) {
  const id = nextId++;
  const answered = new Promise((resolve) => pending.set(id, resolve));
  const started = process.hrtime.bigint();
  socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  const message = await answered;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
  return { result: message.result, ms };
}

const check = (ok, what) => { if (!ok) throw new Error(`wrong answer: ${what}`); };
const methods = {
  iot_device: async () => {
    const id = deviceId(random(devices));
    const { result, ms } = await call('iot_device', [id]);
    check(result !== null, `iot_device(${id}) is null`);
    return ms;
  },
  iot_trustStatus: async () => {
    const id = deviceId(random(devices));
    const { result, ms } = await call('iot_trustStatus', [id]);
    check(result?.status === 'Trusted', `iot_trustStatus(${id}) = ${JSON.stringify(result)}`);
    return ms;
  },
  iot_anchor: async () => {
    const a = anchor(random(anchors));
    const { result, ms } = await call('iot_anchor', [a.device, a.seq]);
    check(result?.root === a.root, `iot_anchor(${a.device}, ${a.seq}) = ${JSON.stringify(result)}`);
    return ms;
  },
  iot_findAnchors: async () => {
    const a = anchor(random(anchors));
    const { result, ms } = await call('iot_findAnchors', [a.root]);
    check(result.length === 1 && result[0].device === a.device, `iot_findAnchors(${a.root}) = ${JSON.stringify(result)}`);
    return ms;
  },
  iot_verifyInclusion: async () => {
    const a = anchor(random(anchors));
    const { result, ms } = await call('iot_verifyInclusion', [a.device, a.root, a.reading, [], 0]);
    check(result.valid === true, `iot_verifyInclusion(${a.root}) = ${JSON.stringify(result)}`);
    return ms;
  },
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const report = { devices, anchors, samples };
for (const [method, sample] of Object.entries(methods)) {
  for (let i = 0; i < Math.min(50, samples); i++) await sample(); // warm-up: connection, caches
  const times = [];
  for (let i = 0; i < samples; i++) times.push(await sample());
  times.sort((a, b) => a - b);
  const round = (ms) => Number(ms.toFixed(3));
  report[method] = { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), max: round(times[times.length - 1]) };
}
socket.close();
console.log(JSON.stringify(report));
