#!/usr/bin/env node
// iot-verify: is this reading anchored on iot-chain? Answers through a smoldot light client from
// the chain spec alone (its genesis and bootnodes), from finalized state, without any node's RPC.
// Exit code 0 verified, 1 not verified, 2 could not decide. See docs/verifier.md.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as smoldot from 'smoldot';
import { parseReadings } from '@iot-chain/client/readings';
import { parseProofDocument } from '@iot-chain/client/proof';
import { UNDECIDED, Undecided, summary, verifyReading } from '../src/verify.js';

const USAGE = `usage: iot-verify --chain-spec FILE --readings FILE --index N --device 0xID [--hex] [--json] [--timeout SECONDS] [--verbose]
       iot-verify --chain-spec FILE --proof FILE [--device 0xID] [--json] [--timeout SECONDS] [--verbose]

  --chain-spec FILE  raw chain spec whose bootNodes a light client can reach (scripts/dev.sh writes one)
  --readings FILE    one reading per line (as anchored: the line's bytes), or hex lines with --hex
  --index N          the reading to verify (0 = first line); the root and leaf count come from the file
  --proof FILE       instead of --readings and --index: a proof document as iot-gateway serves it
                     (GET /readings/DEVICE/READING/proof); its device, unless --device names it too
  --device 0xID      the device id (32 bytes of hex) that anchored the readings
  --json             print the verdict as JSON (otherwise a summary)
  --timeout SECONDS  give up (exit 2) when not synced by then (default 120)

Exit code: 0 verified, 1 not verified, 2 could not decide (no peers, not synced, bad input).`;

function fail(message) {
  process.stderr.write(`iot-verify: ${message}\n\n${USAGE}\n`);
  process.exit(UNDECIDED);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      'chain-spec': { type: 'string' },
      readings: { type: 'string' },
      proof: { type: 'string' },
      index: { type: 'string' },
      device: { type: 'string' },
      hex: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '120' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let readings;
let document;
let chainSpec;
let leafIndex;
if (options['chain-spec'] === undefined) fail('--chain-spec is required');
if (options.proof !== undefined) {
  if (options.readings !== undefined || options.index !== undefined) fail('--proof replaces --readings and --index');
  try {
    document = parseProofDocument(readFileSync(options.proof, 'utf8'));
  } catch (error) {
    fail(error.message);
  }
  if (options.device !== undefined && options.device.toLowerCase() !== document.device) {
    fail(`--device ${options.device} is not the proof's device ${document.device}`);
  }
  options.device = document.device;
} else {
  for (const required of ['readings', 'index', 'device']) {
    if (options[required] === undefined) fail(`--${required} is required (or --proof)`);
  }
  leafIndex = Number(options.index);
  if (!Number.isInteger(leafIndex) || leafIndex < 0) fail('--index must be a non-negative integer');
}
if (!/^0x[0-9a-fA-F]{64}$/.test(options.device)) fail('--device must be 0x and 64 hex digits');

try {
  if (!document) readings = parseReadings(readFileSync(options.readings, 'utf8'), { hex: options.hex });
  chainSpec = readFileSync(options['chain-spec'], 'utf8');
  JSON.parse(chainSpec);
} catch (error) {
  fail(error.message);
}
if (readings && leafIndex >= readings.length) fail(`--index ${leafIndex}: the file has ${readings.length} readings`);

const started = Date.now();
const client = smoldot.start({
  maxLogLevel: options.verbose ? 3 : 1,
  logCallback: (level, target, message) => process.stderr.write(`smoldot [${target}] ${message}\n`),
});
let code = UNDECIDED;
try {
  const chain = await client.addChain({ chainSpec });
  let last = '';
  const verdict = await verifyReading(chain, {
    readings,
    leafIndex,
    document,
    device: options.device.toLowerCase(),
    timeoutMs: Number(options.timeout) * 1000,
    onProgress: ({ phase, peers, finalized, best }) => {
      const line = `${phase}: ${peers} peers, finalized #${finalized ?? '…'}, best #${best ?? '…'}`;
      if (options.verbose && line !== last) process.stderr.write(`${line}\n`);
      last = line;
    },
  });
  verdict.seconds = (Date.now() - started) / 1000;
  process.stdout.write(options.json ? `${JSON.stringify(verdict, null, 2)}\n` : `${summary(verdict)}\n`);
  code = verdict.code;
} catch (error) {
  const undecided = error instanceof Undecided ? error : new Undecided(error.message);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ verified: null, code: UNDECIDED, error: undecided.message, seconds }, null, 2)}\n`
      : `${summary(undecided)}\n`,
  );
} finally {
  await client.terminate().catch(() => {});
}
process.exit(code);
