// A finalized view of the chain through a smoldot light client's JSON-RPC (the new `chainHead_v1`
// API): smoldot checks every header against GRANDPA finality from the chain spec's genesis and
// every storage read and runtime call against the block's state root (Merkle proofs), so nothing
// here trusts the nodes it talks to. Works with smoldot's Node.js and browser builds alike.
import { toHex } from '@iot-chain/client/merkle';
import { fromHex, headerNumber } from '@iot-chain/client/scale';

/** Thrown when the light client cannot decide (no peers, not synced in time): exit code 2. */
export class Undecided extends Error {}

/** JSON-RPC over one smoldot chain: requests by id, `chainHead_v1_followEvent`s by listener. */
class Rpc {
  constructor(chain) {
    this.chain = chain;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.closed = false;
    this.pump();
  }

  async pump() {
    try {
      for (;;) {
        const message = JSON.parse(await this.chain.nextJsonRpcResponse());
        if (message.id !== undefined && this.pending.has(message.id)) {
          const { resolve, reject } = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
          else resolve(message.result);
        } else if (message.method) {
          for (const listener of this.listeners) listener(message.method, message.params);
        }
      }
    } catch (error) {
      this.closed = true;
      for (const { reject } of this.pending.values()) reject(error);
    }
  }

  request(method, params = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.chain.sendJsonRpc(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }
}

/**
 * Follows the finalized chain of a smoldot `chain` (from `client.addChain({ chainSpec })`).
 * `onProgress({ phase, peers, finalized })` reports syncing.
 */
export class FinalizedView {
  constructor(chain, { onProgress } = {}) {
    this.rpc = new Rpc(chain);
    this.onProgress = onProgress ?? (() => {});
    this.subscription = null;
    this.finalized = null;
    this.best = null;
    this.operations = new Map();
    this.early = new Map();
    // Blocks an answer is being read from: never unpinned before `release`.
    this.held = new Set();
    this.changed = () => {};
    this.rpc.listeners.add((method, params) => this.onEvent(method, params));
  }

  /** Subscribes to `chainHead_v1_follow` (with runtime: calls need it). */
  async follow() {
    this.subscription = await this.rpc.request('chainHead_v1_follow', [true]);
  }

  onEvent(method, params) {
    if (method !== 'chainHead_v1_followEvent' || params.subscription !== this.subscription) return;
    const event = params.result;
    switch (event.event) {
      case 'initialized':
        this.finalized = event.finalizedBlockHashes.at(-1);
        this.unpin(event.finalizedBlockHashes.slice(0, -1));
        break;
      case 'newBlock':
        break;
      case 'bestBlockChanged':
        this.best = event.bestBlockHash;
        break;
      case 'finalized': {
        const previous = this.finalized;
        this.finalized = event.finalizedBlockHashes.at(-1) ?? this.finalized;
        const done = [...event.finalizedBlockHashes.slice(0, -1), ...event.prunedBlockHashes];
        if (previous && previous !== this.finalized) done.push(previous);
        this.unpin(done);
        break;
      }
      case 'operationStorageItems': {
        const waiter = this.operations.get(event.operationId) ?? this.earlyWaiter(event.operationId);
        waiter.items.push(...event.items);
        break;
      }
      case 'operationStorageDone':
      case 'operationCallDone':
      case 'operationError':
      case 'operationInaccessible': {
        const waiter = this.operations.get(event.operationId);
        if (waiter) {
          this.operations.delete(event.operationId);
          settle(waiter, event);
        } else {
          const items = this.early.get(event.operationId)?.items ?? [];
          this.early.set(event.operationId, { ...event, items });
        }
        break;
      }
      case 'stop':
        // smoldot stops a subscription when the finalized block jumped (warp sync): follow anew.
        this.finalized = null;
        this.best = null;
        for (const waiter of this.operations.values()) waiter.reject(new Error('subscription stopped'));
        this.operations.clear();
        this.follow().catch(() => {});
        break;
      default:
        break;
    }
    this.changed();
  }

  /** A placeholder collecting storage items of an operation whose request has not returned yet. */
  earlyWaiter(operationId) {
    const early = this.early.get(operationId) ?? { event: 'pending', items: [] };
    this.early.set(operationId, early);
    return early;
  }

  unpin(hashes) {
    const pinned = hashes.filter((hash) => hash && hash !== this.finalized && !this.held.has(hash));
    if (pinned.length && this.subscription) {
      this.rpc.request('chainHead_v1_unpin', [this.subscription, pinned]).catch(() => {});
    }
  }

  /**
   * Waits until the light client has peers, is no longer syncing, and its finalized block is
   * within `maxLag` blocks of the best block it verified (GRANDPA keeps up with the chain: answers
   * then come from the chain's current state, not an old finalized block after a warp sync);
   * throws `Undecided` after `timeoutMs`. With `hold`, the returned block stays pinned until
   * `release(hash)`, however many blocks are finalized meanwhile. Returns `{ hash, number, best, peers }` of the finalized
   * block the answers come from.
   */
  async synced({ timeoutMs, maxLag = 4, hold = false }) {
    const deadline = Date.now() + timeoutMs;
    let health = { peers: 0, isSyncing: true };
    let number = null;
    let best = null;
    // smoldot may hold a request back (system_health waits ≈ 30 s for a chain it cannot reach):
    // the deadline holds whatever the light client does.
    const expired = new Promise((resolve) => {
      setTimeout(resolve, timeoutMs).unref?.();
    }).then(() => EXPIRED);
    for (;;) {
      const answers = await Promise.race([
        Promise.all([this.rpc.request('system_health'), this.numberOrNull(this.finalized), this.numberOrNull(this.best)]),
        expired,
      ]);
      if (answers === EXPIRED) throw undecided(health, number, best);
      [health, number, best] = answers;
      const caughtUp = number !== null && best !== null && number > 0 && best - number <= maxLag;
      const phase = health.peers === 0 ? 'connecting' : health.isSyncing || !caughtUp ? 'syncing' : 'synced';
      this.onProgress({ phase, peers: health.peers, finalized: number, best });
      if (health.peers > 0 && !health.isSyncing && caughtUp) {
        if (hold) this.hold(this.finalized);
        return { hash: this.finalized, number, best, peers: health.peers };
      }
      if (Date.now() > deadline) throw undecided(health, number, best);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async numberOrNull(hash) {
    return hash ? this.number(hash).catch(() => null) : null;
  }

  /** Keeps block `hash` pinned (answers are being read from it) until `release(hash)`. */
  hold(hash) {
    this.held.add(hash);
  }

  /** Lets block `hash` go: unpinned unless it is still the finalized block. */
  release(hash) {
    this.held.delete(hash);
    this.unpin([hash]);
  }

  /** The number of block `hash` (its header, checked by the light client). */
  async number(hash) {
    const header = await this.rpc.request('chainHead_v1_header', [this.subscription, hash]);
    if (!header) throw new Error(`block ${hash} is not pinned`);
    return headerNumber(fromHex(header));
  }

  /** Calls runtime API `method` with SCALE `args` at block `hash`; the output's bytes. */
  async call(hash, method, args) {
    const started = await this.rpc.request('chainHead_v1_call', [this.subscription, hash, method, toHex(args)]);
    if (started.result !== 'started') throw new Error(`${method}: the light client refused (${started.result})`);
    return fromHex(await this.operation(started.operationId));
  }

  /** The value (bytes, or null) of storage `key` (hex) at block `hash`, proven by the light client. */
  async storage(hash, key) {
    const started = await this.rpc.request('chainHead_v1_storage', [this.subscription, hash, [{ key, type: 'value' }], null]);
    if (started.result !== 'started') throw new Error(`storage ${key}: the light client refused (${started.result})`);
    const items = await this.operation(started.operationId);
    const item = items.find((entry) => entry.key === key);
    return item?.value ? fromHex(item.value) : null;
  }

  /** Waits for operation `operationId` to finish: a call's output, or a storage query's items. */
  operation(operationId) {
    return new Promise((resolve, reject) => {
      const early = this.early.get(operationId);
      if (early && early.event !== 'pending') {
        this.early.delete(operationId);
        settle({ resolve, reject, items: early.items }, early);
      } else {
        this.early.delete(operationId);
        this.operations.set(operationId, { resolve, reject, items: early?.items ?? [] });
      }
    });
  }
}

const EXPIRED = Symbol('expired');

/** Why the light client could not decide, from the last status it reported. */
function undecided(health, number, best) {
  return new Undecided(
    health.peers === 0
      ? 'no peers: no node of this chain spec answered (another genesis, or unreachable bootnodes)'
      : `not synced in time: finalized #${number ?? '?'}, best #${best ?? '?'}, ${health.peers} peers`,
  );
}

function settle({ resolve, reject, items }, event) {
  if (event.event === 'operationCallDone') resolve(event.output);
  else if (event.event === 'operationStorageDone') resolve(items);
  else reject(new Error(`${event.event}: ${event.error ?? 'the nodes did not answer'}`));
}
