// Measures the light-client verifier (docs/verifier.md, "Measured"): from a cold start to the
// first verified answer, CLI (each run a fresh process: smoldot starts, warp-syncs from the chain
// spec, answers) and browser (headless Chromium: page opened → verdict shown), on the chain whose
// RPC is at --endpoint and whose light-client chain spec is --chain-spec. Anchors a fresh
// 100-reading tree first (RPC is only used for that setup and to print the chain's height), or
// verifies --readings/--device if given. Prints one JSON object.
//
// Usage: node tools/measure-verifier.js --chain-spec FILE [--endpoint ws://…] [--runs 5]
//                                       [--readings FILE --device 0xID] [--no-browser]
import { parseArgs } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringToU8a } from '@polkadot/util';
import { connect, devAccounts, submit } from '@iot-chain/client/chain';
import { anchorMessage, deviceFromSeed, signatureArg } from '@iot-chain/client/device';
import { ACME, merkleRoot, registerDevice } from '../lib/fleet.js';
import { freePort, heads } from '../lib/nodes.js';
import { buildWebVerifier, runVerifier, verifyInBrowser } from '../lib/verifier.js';

const { values: args } = parseArgs({
  options: {
    'chain-spec': { type: 'string' },
    endpoint: { type: 'string' },
    runs: { type: 'string', default: '5' },
    readings: { type: 'string' },
    device: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
  },
});
if (!args['chain-spec']) throw new Error('--chain-spec is required');
if (args.endpoint) process.env.IOT_WS = args.endpoint;

const dir = mkdtempSync(join(tmpdir(), 'iot-measure-'));
const api = await connect();
let { readings: readingsFile, device: id } = args;
if (!readingsFile) {
  const { keyring, alice, bob } = devAccounts();
  const device = deviceFromSeed('Ed25519');
  id = await registerDevice(api, alice, device, keyring.addFromUri(ACME.uri).address, ACME.model);
  const readings = Array.from({ length: 100 }, (_, i) => `measure ${Date.now()} reading ${i}`);
  const leaves = readings.map((r) => stringToU8a(r));
  const root = merkleRoot(leaves);
  const signature = device.sign(anchorMessage(api.genesisHash.toHex(), id, 0, root, leaves.length));
  await submit(api, api.tx.dataAnchoring.anchor(id, root, leaves.length, signatureArg('Ed25519', signature)), bob);
  readingsFile = join(dir, 'readings.txt');
  writeFileSync(readingsFile, `${readings.join('\n')}\n`);
}
const chain = await heads(api);
await api.disconnect();

const cli = [];
for (let run = 0; run < Number(args.runs); run++) {
  const started = Date.now();
  const result = await runVerifier(dir, `run${run}`, ['--chain-spec', args['chain-spec'], '--readings', readingsFile, '--index', '3', '--device', id]);
  if (result.code !== 0) throw new Error(`run ${run}: exit ${result.code}: ${JSON.stringify(result.verdict)} ${result.stderr}`);
  cli.push({ processSeconds: (Date.now() - started) / 1000, verdictSeconds: result.verdict.seconds, finalized: result.verdict.finalizedBlock });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const out = {
  chain: { best: chain.best, finalized: chain.finalized },
  cli: {
    runs: cli.length,
    medianProcessSeconds: median(cli.map((r) => r.processSeconds)),
    medianVerdictSeconds: median(cli.map((r) => r.verdictSeconds)),
    maxProcessSeconds: Math.max(...cli.map((r) => r.processSeconds)),
    finalized: cli.map((r) => r.finalized),
  },
};
if (!args['no-browser']) {
  buildWebVerifier();
  const shown = await verifyInBrowser({ chainSpec: args['chain-spec'], readingsFile, index: 3, device: id, port: await freePort() });
  if (shown.code !== '0') throw new Error(`browser: ${shown.text}`);
  out.browser = { pageToVerdictSeconds: shown.seconds, finalized: shown.block };
}
console.log(JSON.stringify(out, null, 2));
process.exit(0);
