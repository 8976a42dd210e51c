// Submitting many extrinsics without one subscription each: sign them up front with consecutive
// nonces, hand them to the pool with `author_submitExtrinsic`, and follow the chain block by block
// to learn where each one was included and whether its dispatch succeeded.
import { dispatchErrorName } from '@iot-chain/client/chain';

/**
 * Signs `txs` for `signer` with consecutive nonces starting at the account's next index (pool
 * included), immortal, so nothing has to be fetched per transaction.
 */
export async function signAll(api, signer, txs) {
  let nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  const signed = [];
  for (const tx of txs) {
    signed.push(await tx.signAsync(signer, { nonce: nonce++, era: 0 }));
  }
  return signed;
}

/** An extrinsic the pool accepted and later dropped without including it. */
export class DroppedError extends Error {
  constructor(hash, number) {
    super(`${hash} left the pool without being included (checked at block #${number})`);
    this.name = 'DroppedError';
    this.hash = hash;
  }
}

/**
 * Follows the best chain from the current head on, one block at a time (gaps are fetched by
 * number), and settles the extrinsics it waits for. `onBlock(block)` sees every block with
 * `{ number, hash, extrinsics, events, length }`.
 *
 * The pool may drop an accepted transaction without including it (it is free to, under a flood).
 * After each block that settled none of the awaited extrinsics, the tracker asks the pool which it
 * still holds; one missing at two such checks in a row (so not merely included in a block the
 * tracker has not read yet) is rejected with a `DroppedError`, instead of being awaited forever.
 */
export class InclusionTracker {
  constructor(api, onBlock = () => {}) {
    this.api = api;
    this.onBlock = onBlock;
    this.waiting = new Map();
    this.next = null;
    this.queue = Promise.resolve();
    this.unsubscribe = null;
    this.missing = new Set();
    this.settledNow = new Set();
    this.submitted = new Set();
  }

  /** Starts following new best blocks. */
  async start() {
    this.next = (await this.api.rpc.chain.getHeader()).number.toNumber() + 1;
    this.unsubscribe = await this.api.rpc.chain.subscribeNewHeads((header) => {
      const head = header.number.toNumber();
      this.queue = this.queue.then(() => this.catchUp(head)).catch((error) => this.failAll(error));
    });
    return this;
  }

  /** Stops following the chain; extrinsics still awaited are rejected. */
  stop() {
    this.unsubscribe?.();
    this.failAll(new Error('tracker stopped'));
  }

  /**
   * Resolves with `{ number, hash, ok, error }` once the extrinsic with this hash is in a block;
   * `error` is the dispatch error as `section.Name`.
   */
  waitFor(hash) {
    return new Promise((resolve, reject) => this.waiting.set(hash, { resolve, reject }));
  }

  /**
   * Submits signed extrinsics in order and returns one promise per extrinsic for its inclusion.
   * A transaction the pool refuses rejects its promise with the pool's message.
   */
  async submit(signedTxs) {
    const outcomes = [];
    for (const tx of signedTxs) {
      const hash = tx.hash.toHex();
      const outcome = this.waitFor(hash);
      outcome.catch(() => {});
      outcomes.push(outcome);
      try {
        await this.api.rpc.author.submitExtrinsic(tx);
        if (this.waiting.has(hash)) this.submitted.add(hash);
      } catch (error) {
        this.settle(hash, (entry) => entry.reject(new Error(`pool refused ${hash}: ${error.message}`)));
      }
    }
    return outcomes;
  }

  async catchUp(head) {
    while (this.next !== null && this.next <= head) {
      const number = this.next;
      const hash = await this.api.rpc.chain.getBlockHash(number);
      const [signedBlock, events] = await Promise.all([
        this.api.rpc.chain.getBlock(hash),
        this.api.query.system.events.at(hash),
      ]);
      const extrinsics = signedBlock.block.extrinsics;
      const length = extrinsics.reduce((sum, extrinsic) => sum + extrinsic.encodedLength, 0);
      extrinsics.forEach((extrinsic, index) => {
        this.settle(extrinsic.hash.toHex(), (entry) => {
          const outcome = events.find(
            ({ phase, event }) =>
              phase.isApplyExtrinsic &&
              phase.asApplyExtrinsic.toNumber() === index &&
              event.section === 'system' &&
              (event.method === 'ExtrinsicSuccess' || event.method === 'ExtrinsicFailed'),
          );
          const failed = outcome?.event.method === 'ExtrinsicFailed';
          entry.resolve({
            number,
            hash: hash.toHex(),
            ok: !failed,
            error: failed ? dispatchErrorName(this.api, outcome.event.data.dispatchError) : null,
          });
        });
      });
      this.next = number + 1;
      this.onBlock({ number, hash: hash.toHex(), extrinsics, events, length });
      if (number === head && this.submitted.size > 0 && this.settledNow.size === 0) {
        await this.rejectDropped(number);
      }
      this.settledNow.clear();
    }
  }

  /** Rejects awaited extrinsics that the pool no longer holds at this check and the last one. */
  async rejectDropped(number) {
    const pending = new Set((await this.api.rpc.author.pendingExtrinsics()).map((x) => x.hash.toHex()));
    const missing = new Set([...this.submitted].filter((hash) => !pending.has(hash)));
    for (const hash of missing) {
      if (this.missing.has(hash)) {
        this.settle(hash, (entry) => entry.reject(new DroppedError(hash, number)));
      }
    }
    this.missing = missing;
  }

  settle(hash, action) {
    const entry = this.waiting.get(hash);
    if (!entry) return;
    this.waiting.delete(hash);
    this.submitted.delete(hash);
    this.settledNow.add(hash);
    action(entry);
  }

  failAll(error) {
    for (const entry of this.waiting.values()) entry.reject(error);
    this.waiting.clear();
    this.submitted.clear();
  }
}

/**
 * Signs `txs` for `signer`, submits them, and resolves with their outcomes once all are included.
 * Rejects with the first dispatch error (`section.Name`) unless `{ allowFailures: true }`.
 */
export async function submitAll(tracker, signer, txs, { allowFailures = false } = {}) {
  const signed = await signAll(tracker.api, signer, txs);
  const outcomes = await Promise.all(await tracker.submit(signed));
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed && !allowFailures) throw new Error(failed.error);
  return outcomes;
}
