// The light-client verifier (verifier/, scripts/verify.sh) against the real dev node: readings a
// device signed and a relayer anchored are verified from the chain spec alone (smoldot follows
// GRANDPA finality and checks the runtime calls' proofs); a tampered reading and the right
// reading under another device are not verified (exit 1); a chain spec of another genesis gets no
// answer (exit 2). Every TCP connection the verifier opens is recorded: only the node's libp2p
// ports, never its RPC port. Then the web verifier, built with esbuild and served by
// verifier/web/serve.js, in headless Chromium (Debian's, through puppeteer-core): it syncs in the
// page (libp2p over WebSocket), verifies the same reading, and the verdict is read from the DOM; a
// screenshot is saved to $CARGO_TARGET_DIR (or the temp dir) as verifier-web.png. IOT_CHAIN_SPEC
// is the dev node's raw chain spec with its libp2p addresses as bootnodes (scripts/test.sh
// writes it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringToU8a } from '@polkadot/util';
import { connect, devAccounts, endpoint, iotRpc, submit } from '@iot-chain/client/chain';
import { anchorMessage, deviceFromSeed, signatureArg } from '@iot-chain/client/device';
import { ACME, merkleRoot, registerDevice } from '../lib/fleet.js';
import { freePort, nodeBin } from '../lib/nodes.js';
import { buildWebVerifier, runVerifier, verifyInBrowser } from '../lib/verifier.js';

const chainSpecFile = process.env.IOT_CHAIN_SPEC;
const RUN = Date.now();
const READINGS = Array.from({ length: 100 }, (_, i) => JSON.stringify({ run: RUN, t: 1764000000 + i * 60, kwh: i }));

describe('light-client verifier', { skip: !chainSpecFile && 'IOT_CHAIN_SPEC is not set' }, () => {
  let api;
  let dir;
  let readingsFile;
  let id;
  let otherId;
  let anchor;
  const { keyring, alice, bob, charlie } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const device = deviceFromSeed('Ed25519');
  const other = deviceFromSeed('Sr25519');
  const leaves = READINGS.map((r) => stringToU8a(r));
  const root = merkleRoot(leaves);

  before(async () => {
    api = await connect();
    dir = mkdtempSync(join(tmpdir(), 'iot-verifier-'));
    readingsFile = join(dir, 'readings.txt');
    writeFileSync(readingsFile, `${READINGS.join('\n')}\n`);
    // Two owners, so that both registrations go into the same blocks.
    [id, otherId] = await Promise.all([
      registerDevice(api, alice, device, acme.address, ACME.model),
      registerDevice(api, charlie, other, acme.address, ACME.model),
    ]);
    // The device signs, a relayer (Bob) submits; submit() returns once the block is finalized.
    const signature = device.sign(anchorMessage(api.genesisHash.toHex(), id, 0, root, leaves.length));
    await submit(api, api.tx.dataAnchoring.anchor(id, root, leaves.length, signatureArg('Ed25519', signature)), bob);
    anchor = (await api.call.dataAnchoringApi.anchor(id, 0)).unwrap();
  });
  after(async () => {
    await api?.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('verifies, refuses and gives up exactly as it should, without any RPC connection', async () => {
    const tampered = [...READINGS];
    tampered[7] = tampered[7].replace('"kwh":7', '"kwh":8');
    const tamperedFile = join(dir, 'tampered.txt');
    writeFileSync(tamperedFile, `${tampered.join('\n')}\n`);
    // Another chain (the local preset: another genesis) reached through the same bootnodes.
    const spec = JSON.parse(readFileSync(chainSpecFile, 'utf8'));
    const otherGenesis = join(dir, 'local.json');
    execFileSync(nodeBin, ['export-chain-spec', '--chain', 'local', '--raw', '--output', otherGenesis], { stdio: 'ignore' });
    writeFileSync(otherGenesis, JSON.stringify({ ...JSON.parse(readFileSync(otherGenesis, 'utf8')), bootNodes: spec.bootNodes }));

    const common = ['--readings', readingsFile, '--index', '7'];
    const [good, bad, wrongDevice, wrongChain] = await Promise.all([
      runVerifier(dir, 'good', ['--chain-spec', chainSpecFile, ...common, '--device', id]),
      runVerifier(dir, 'tampered', ['--chain-spec', chainSpecFile, '--readings', tamperedFile, '--index', '7', '--device', id]),
      runVerifier(dir, 'device', ['--chain-spec', chainSpecFile, ...common, '--device', otherId]),
      runVerifier(dir, 'genesis', ['--chain-spec', otherGenesis, ...common, '--device', id, '--timeout', '8']),
    ]);

    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(good.verdict.trustNow, await iotRpc(api, 'iot_trustStatus', [id]));
    assert.equal(good.verdict.verified, true);
    assert.equal(good.verdict.root, root);
    assert.equal(good.verdict.leafCount, 100);
    assert.equal(good.verdict.reading, READINGS[7]);
    assert.equal(good.verdict.block, anchor.block.toNumber());
    assert.equal(good.verdict.timestamp, anchor.timestamp.toNumber());
    assert.equal(good.verdict.seq, 0);
    assert.equal(good.verdict.deviceSigned, true);
    assert.equal(good.verdict.trustedWhenAnchored, anchor.trusted.isTrue);
    assert.equal(good.verdict.submitter, bob.address);
    assert.ok(good.verdict.finalizedBlock >= anchor.block.toNumber(), 'answers come from a finalized block at or after the anchor');
    const age = Date.now() - Date.parse(good.verdict.finalizedTime);
    assert.ok(age >= 0 && age < 60_000, `the finalized block's own time (Timestamp::Now, proven) is current: ${age} ms old`);

    assert.equal(bad.code, 1, bad.stderr);
    assert.deepEqual([bad.verdict.verified, bad.verdict.reason], [false, 'UnknownRoot']);
    assert.equal(wrongDevice.code, 1, wrongDevice.stderr);
    assert.deepEqual([wrongDevice.verdict.verified, wrongDevice.verdict.reason], [false, 'UnknownRoot']);
    assert.equal(wrongChain.code, 2, wrongChain.stderr);
    assert.equal(wrongChain.verdict.verified, null);
    assert.match(wrongChain.verdict.error, /no peers/);

    // Where the verifier connected: the bootnodes' libp2p ports, and never the node's RPC port.
    const p2pPorts = spec.bootNodes.map((address) => Number(address.split('/')[4]));
    const rpcPort = Number(new URL(endpoint()).port);
    for (const run of [good, bad, wrongDevice, wrongChain]) {
      assert.ok(run.connections.length > 0, 'the verifier connected to the bootnode');
      for (const { port } of run.connections) {
        assert.notEqual(port, rpcPort, 'the verifier opened a connection to the RPC port');
        assert.ok(p2pPorts.includes(port), `connection to port ${port}, not a bootnode's libp2p port`);
      }
    }
  });

  it('verifies the reading in the browser: headless Chromium runs the web verifier', async () => {
    buildWebVerifier();
    const shown = await verifyInBrowser({
      chainSpec: chainSpecFile,
      readingsFile,
      index: 7,
      device: id,
      screenshot: join(process.env.CARGO_TARGET_DIR ?? tmpdir(), 'verifier-web.png'),
      port: await freePort(),
    });
    assert.equal(shown.code, '0', `${shown.text}\n${shown.console.join('\n')}`);
    assert.equal(shown.title, 'Verified');
    assert.equal(shown.tree, `100 readings, Merkle root ${root}`);
    assert.match(shown.text, new RegExp(`block +#${anchor.block.toNumber()} at `));
    assert.match(shown.text, /signed by +the device itself/);
    assert.ok(shown.block >= anchor.block.toNumber());
    assert.equal(shown.verdict.seq, 0);
    assert.equal(shown.verdict.timestamp, anchor.timestamp.toNumber());
    console.log(`web verifier: page opened → verdict in ${shown.seconds.toFixed(1)} s (finalized #${shown.block})`);
  });
});
