// Chain helpers shared by the e2e tests, the device simulator and the tools: connecting to a node
// (IOT_WS) and submitting extrinsics with @polkadot/api.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/** The WebSocket endpoint of the node under test (scripts/test.sh sets IOT_WS), read when used. */
export const endpoint = () => process.env.IOT_WS ?? 'ws://127.0.0.1:9944';

const providers = new WeakMap();

/** Connects to the node and waits until the metadata is loaded. */
export async function connect() {
  await cryptoWaitReady();
  const provider = new WsProvider(endpoint(), 1000, {}, 60_000);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  providers.set(api, provider);
  return api;
}

/** Calls one of iot-chain's own RPC methods (`iot_*`), which polkadot-js does not decorate. */
export function iotRpc(api, method, params) {
  return providers.get(api).send(method, params);
}

/** The well-known development accounts (sr25519, "//Alice" …). */
export function devAccounts() {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    keyring,
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    charlie: keyring.addFromUri('//Charlie'),
    dave: keyring.addFromUri('//Dave'),
    eve: keyring.addFromUri('//Eve'),
    ferdie: keyring.addFromUri('//Ferdie'),
  };
}

/** A dispatch error turned into `section.Name` (for example `deviceRegistry.BadProof`). */
export function dispatchErrorName(api, dispatchError) {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    return `${meta.section}.${meta.name}`;
  }
  return dispatchError.toString();
}

/**
 * Signs and submits `tx`, resolves once its block is finalized (or only included, with
 * `{ finalized: false }`), and rejects with `section.Name` if the dispatch failed.
 */
export function submit(api, tx, signer, { finalized = true } = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsubscribe();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      const done = finalized ? status.isFinalized : status.isInBlock;
      if (!done) return;
      unsubscribe();
      if (dispatchError) {
        const error = new Error(dispatchErrorName(api, dispatchError));
        error.events = events;
        error.dispatchError = dispatchError;
        reject(error);
        return;
      }
      const blockHash = finalized ? status.asFinalized : status.asInBlock;
      resolve({ blockHash, events });
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch(reject);
  });
}

/**
 * Submits `sudo(call)` signed by `signer` (the sudo key) and resolves with its events; rejects with
 * `section.Name` if the inner call failed (sudo itself succeeds and reports it in `Sudid`).
 */
export async function submitSudo(api, call, signer, options = { finalized: false }) {
  const result = await submit(api, api.tx.sudo.sudo(call), signer, options);
  const [sudid] = eventsOf(result.events, 'sudo', 'Sudid');
  if (sudid.data.sudoResult.isErr) throw new Error(dispatchErrorName(api, sudid.data.sudoResult.asErr));
  return result;
}

/** The events of `section.method` among a transaction's events. */
export function eventsOf(events, section, method) {
  return events
    .map(({ event }) => event)
    .filter((event) => event.section === section && event.method === method);
}
