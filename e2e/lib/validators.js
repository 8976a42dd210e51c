// Validator-set helpers: a node's session keys, who authored a block (Aura), the GRANDPA voters.
import { hexToU8a, u8aToHex } from '@polkadot/util';

/** Calls `method` on the node whose RPC server listens on 127.0.0.1:`port` (JSON-RPC over HTTP). */
export async function nodeRpc(port, method, params = []) {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const { result, error } = await response.json();
  if (error) throw new Error(`${method}: ${error.message}`);
  return result;
}

/**
 * Has the node on `port` generate new session keys in its keystore (`author_rotateKeysWithOwner`,
 * an unsafe RPC method: only on the node's own host) with a proof that `owner` (the validator's
 * account id) holds them. Returns `{ keys, proof, aura, grandpa }` as hex; `keys` and `proof` are
 * the arguments of `session.setKeys`.
 */
export async function rotateKeys(port, owner) {
  const { keys, proof } = await nodeRpc(port, 'author_rotateKeysWithOwner', [u8aToHex(owner)]);
  const bytes = hexToU8a(keys);
  return { keys, proof, aura: u8aToHex(bytes.subarray(0, 32)), grandpa: u8aToHex(bytes.subarray(32, 64)) };
}

/** The Aura key (hex) that authored block `hash`: the slot's authority in the parent's set. */
export async function blockAuthor(api, hash) {
  const header = await api.rpc.chain.getHeader(hash);
  const preRuntime = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  if (!preRuntime) throw new Error(`block ${hash} has no Aura pre-runtime digest`);
  const slot = api.createType('u64', preRuntime.asPreRuntime[1]).toBigInt();
  const authorities = await api.query.aura.authorities.at(header.parentHash);
  return authorities[Number(slot % BigInt(authorities.length))].toHex();
}

/** The Aura keys (hex) that authored the best blocks from `from` to `to`, in order. */
export async function authorsOf(api, from, to) {
  const authors = [];
  for (let number = from; number <= to; number += 1) {
    authors.push(await blockAuthor(api, await api.rpc.chain.getBlockHash(number)));
  }
  return authors;
}

/** The GRANDPA authority keys (hex) the runtime reports at the best block. */
export async function grandpaAuthorities(api) {
  return (await api.call.grandpaApi.grandpaAuthorities()).map(([key]) => key.toHex());
}

/**
 * The session boundary block at which the session current at block `hash` began, and the GRANDPA
 * authority keys (hex) its `grandpa.NewAuthorities` event announced (`null` if the set did not
 * change there).
 */
export async function sessionStart(api, hash) {
  const at = await api.at(hash);
  const [index, period] = await Promise.all([at.query.session.currentIndex(), at.query.validatorSet.sessionPeriod()]);
  const number = index.toNumber() * period.toNumber();
  const events = await (await api.at(await api.rpc.chain.getBlockHash(number))).query.system.events();
  const announced = events.find(({ event }) => event.section === 'grandpa' && event.method === 'NewAuthorities');
  const grandpa = announced ? announced.event.data.authoritySet.map(([key]) => key.toHex()) : null;
  return { number, grandpa };
}

/** The accounts of `pallet-session`'s current set, and of the set queued for the next session. */
export async function sessionSets(api) {
  const [active, queued] = await Promise.all([api.query.session.validators(), api.query.session.queuedKeys()]);
  return { active: active.map((v) => v.toString()), queued: queued.map(([v]) => v.toString()) };
}
