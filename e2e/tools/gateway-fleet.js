// Prepares a dev chain for iot-gateway (scripts/gateway-demo.sh, scripts/gateway-bench.sh): an
// owner (//Alice) registers N Ed25519 devices of Acme's model 1 in one `register_devices` call,
// funds the gateway's account and authorises it (`add_gateway`). Prints the device ids,
// comma-separated, on stdout (progress on stderr).
//
//   node tools/gateway-fleet.js --endpoint ws://127.0.0.1:9944 --devices N --gateway-suri //Gateway
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { connect, devAccounts, submit } from '@iot-chain/client/chain';
import { deviceFromSeed, deviceId } from '@iot-chain/client/device';
import { ACME, deviceRegistration } from '../lib/fleet.js';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'ws://127.0.0.1:9944' },
    devices: { type: 'string', default: '10' },
    'gateway-suri': { type: 'string', default: '//Gateway' },
  },
});
process.env.IOT_WS = values.endpoint;
const count = Number(values.devices);
if (!Number.isInteger(count) || count < 1 || count > 1000) throw new Error('--devices must be 1..1000');

const api = await connect();
const { keyring, alice } = devAccounts();
const acme = keyring.addFromUri(ACME.uri);
const gateway = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(values['gateway-suri']);
const genesis = api.genesisHash.toHex();
const devices = Array.from({ length: count }, () => deviceFromSeed('Ed25519'));
const maxBatch = api.consts.deviceRegistry.maxBatch?.toNumber?.() ?? 50;
process.stderr.write(`registering ${count} devices for ${alice.address} (batches of ${maxBatch})\n`);
for (let i = 0; i < devices.length; i += maxBatch) {
  const registrations = devices.slice(i, i + maxBatch)
    .map((device) => deviceRegistration(genesis, alice.address, device, acme.address, ACME.model, 'gateway demo'));
  await submit(api, api.tx.deviceRegistry.registerDevices(registrations), alice, { finalized: false });
}
const gateways = await api.query.deviceRegistry.gateways(alice.address);
const calls = [api.tx.balances.transferKeepAlive(gateway.address, 1000n * 10n ** 12n)];
if (!gateways.some(([account]) => account.toString() === gateway.address)) calls.push(api.tx.deviceRegistry.addGateway(gateway.address));
await submit(api, api.tx.utility.batchAll(calls), alice, { finalized: false });
process.stderr.write(`gateway ${gateway.address} funded and authorised by ${alice.address}\n`);
process.stdout.write(`${devices.map(deviceId).join(',')}\n`);
await api.disconnect();
