// Forkless runtime upgrade of the running dev chain: sudo sets the code to the `upgrade-test` build
// of the runtime (spec_version + 1, built by runtime/build.rs), and every storage item of the three
// iot pallets, their storage versions and the deposits held for them are the same afterwards; the
// upgraded runtime keeps serving calls and runtime APIs. Runs after the pallet tests, so the state
// it compares is theirs. Skipped without IOT_UPGRADE_WASM (scripts/test.sh sets it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, devAccounts, eventsOf } from '@iot-chain/client/chain';
import { upgradeRuntime } from '../lib/nodes.js';
import { deviceFromSeed } from '@iot-chain/client/device';
import { ACME, registerDevice } from '../lib/fleet.js';

const wasmPath = process.env.IOT_UPGRADE_WASM;
const PALLETS = ['deviceRegistry', 'firmwareAttestation', 'dataAnchoring'];
/** The spec_version of the `upgrade-test` build (runtime/src/lib.rs). */
const UPGRADE_SPEC_VERSION = 108;
/** The storage version of each pallet in the runtime under test. */
const STORAGE_VERSIONS = { deviceRegistry: 1, firmwareAttestation: 3, dataAnchoring: 2 };

/** Every storage item of the iot pallets, plus the holds of the dev accounts, as JSON. */
async function snapshot(api, accounts) {
  const state = {};
  for (const pallet of PALLETS) {
    for (const [name, query] of Object.entries(api.query[pallet])) {
      if (name === 'palletVersion') continue;
      const entries = query.creator.meta.type.isPlain
        ? [[[], await query()]]
        : (await query.entries()).map(([key, value]) => [key.args.map((arg) => arg.toHex()), value]);
      state[`${pallet}.${name}`] = Object.fromEntries(entries.map(([key, value]) => [key.join(','), value.toHex()]));
    }
  }
  for (const account of accounts) state[`holds.${account.address}`] = (await api.query.balances.holds(account.address)).toHex();
  return state;
}

describe('forkless runtime upgrade', { skip: !wasmPath && 'IOT_UPGRADE_WASM is not set' }, () => {
  let api;
  const { keyring, alice, bob } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const accounts = [alice, bob, acme];

  before(async () => {
    api = await connect();
  });
  after(async () => {
    await api?.disconnect();
  });

  it('upgrades to spec_version + 1 with sudo(system.setCode) and keeps all pallet state', async (t) => {
    const code = readFileSync(wasmPath);
    const versionBefore = await api.rpc.state.getRuntimeVersion();
    if (versionBefore.specVersion.toNumber() >= UPGRADE_SPEC_VERSION) {
      t.skip(`the chain already runs spec_version ${versionBefore.specVersion} (upgraded by an earlier run)`);
      return;
    }
    const stateBefore = await snapshot(api, accounts);
    const items = Object.values(stateBefore).reduce((sum, entries) => sum + (typeof entries === 'object' ? Object.keys(entries).length : 1), 0);
    assert.ok(items > 20, `the pallet tests left state to compare (${items} entries)`);

    // The new code runs from the next block on; everything after it is read through a new
    // connection, as a client that connects after an upgrade does (see upgradeRuntime).
    const { blockHash, specAfter } = await upgradeRuntime(api, code, alice);
    assert.equal(specAfter, UPGRADE_SPEC_VERSION);
    await api.disconnect();
    api = await connect();
    assert.equal(api.runtimeVersion.specVersion.toNumber(), UPGRADE_SPEC_VERSION);
    assert.equal(api.runtimeVersion.specName.toString(), 'iot-runtime');

    const events = (await api.query.system.events.at(blockHash)).map(({ event }) => ({ event }));
    assert.equal(eventsOf(events, 'system', 'CodeUpdated').length, 1);
    const [sudid] = eventsOf(events, 'sudo', 'Sudid');
    assert.equal(sudid.data.sudoResult.isOk, true);
    const lastUpgrade = (await api.query.system.lastRuntimeUpgrade()).unwrap();
    assert.equal(lastUpgrade.specVersion.toNumber(), UPGRADE_SPEC_VERSION);

    assert.deepEqual(await snapshot(api, accounts), stateBefore, 'every item of the iot pallets is unchanged');
    for (const pallet of PALLETS) {
      assert.equal((await api.query[pallet].palletVersion()).toNumber(), STORAGE_VERSIONS[pallet], `${pallet} storage version`);
    }
    t.diagnostic(`spec_version ${versionBefore.specVersion} → ${specAfter}; ${items} storage entries compared; code ${code.length} bytes`);

    // The upgraded runtime serves new extrinsics and the runtime APIs.
    const id = await registerDevice(api, bob, deviceFromSeed('P256'), acme.address, ACME.model, 'after the upgrade');
    assert.equal((await api.call.deviceRegistryApi.device(id)).unwrap().owner.toString(), bob.address);
  });
});
