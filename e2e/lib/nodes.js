// Starting, killing and restarting real iot-node processes for the fault tests.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { submit } from '@iot-chain/client/chain';

/** The iot-node binary under test (scripts/test.sh sets IOT_NODE_BIN). */
export const nodeBin = process.env.IOT_NODE_BIN;

/** scripts/testnet.sh of this repository. */
export const testnetScript = fileURLToPath(new URL('../../scripts/testnet.sh', import.meta.url));

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `iot-node` with `chainArgs` (for example `['--dev']`) on `basePath` (kept across
 * restarts) with RPC on `rpcPort`; extra arguments follow. Output goes to `log`. Returns the child
 * process.
 */
export function startNode({ chainArgs, basePath, rpcPort, p2pPort, log, args = [] }) {
  const out = openSync(log, 'a');
  const child = spawn(
    nodeBin,
    [...chainArgs, '--base-path', basePath, '--rpc-port', String(rpcPort), '--port', String(p2pPort), '--no-prometheus', '--no-telemetry', '--no-mdns', ...args],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  return child;
}

/** Starts `iot-node --dev` (see `startNode`). */
export function startDevNode(options) {
  return startNode({ chainArgs: ['--dev'], ...options });
}

/**
 * Upgrades the chain behind `api` with `sudo(system.setCode(code))` signed by `sudoKey`, and waits
 * (at most `seconds`) until the node runs a new spec_version. Returns `{ blockHash, specBefore,
 * specAfter }`. Clients should reconnect afterwards: polkadot-js swaps to v14 metadata in the middle
 * of the upgrade (its type ids differ from the v15 it started with) and can mis-decode events.
 */
export async function upgradeRuntime(api, code, sudoKey, seconds = 60) {
  const specBefore = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const setCode = api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCode(u8aToHex(code)), { refTime: 0, proofSize: 0 });
  const { blockHash } = await submit(api, setCode, sudoKey);
  const deadline = Date.now() + seconds * 1000;
  let specAfter = specBefore;
  while (specAfter === specBefore && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    specAfter = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  }
  return { blockHash, specBefore, specAfter };
}

/** Kills a node with SIGKILL (no clean shutdown) and waits for it to exit. */
export function killHard(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Connects to ws://127.0.0.1:`port`, retrying until the node answers (at most `seconds`). */
export async function connectTo(port, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const provider = new WsProvider(`ws://127.0.0.1:${port}`, false);
    try {
      await provider.connect();
      await provider.isReadyOrError;
      return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    } catch (error) {
      await provider.disconnect().catch(() => {});
      if (Date.now() > deadline) throw new Error(`no node answers on port ${port}: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** `{ best, finalized }` block numbers as the node sees them. */
export async function heads(api) {
  const [best, finalizedHash] = await Promise.all([api.rpc.chain.getHeader(), api.rpc.chain.getFinalizedHead()]);
  const finalized = await api.rpc.chain.getHeader(finalizedHash);
  return { best: best.number.toNumber(), finalized: finalized.number.toNumber() };
}

/** Polls until `predicate(heads)` holds; returns the heads then, or throws after `seconds`. */
export async function waitForHeads(api, predicate, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const now = await heads(api);
    if (predicate(now)) return now;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s (best #${now.best}, finalized #${now.finalized})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Polls `check()` (async) every second until it returns a truthy value, which it returns; throws
 * after `seconds`. */
export async function waitUntil(check, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Runs scripts/testnet.sh with `args` against `dir` (the network's state and logs). */
export function testnet(dir, ...args) {
  return execFileSync('bash', [testnetScript, '--dir', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, IOT_NODE_BIN: nodeBin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
