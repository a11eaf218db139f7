/**
 * For bench/fan-out.ts: which typist update a Yjs transaction carries, and when each arrived at one
 * client, on the clock the threads of one process share (`sharedNow`). Used by the main thread (its
 * typists receive each other's updates) and by the receivers' worker threads
 * (bench/_fan-out-receivers.ts). Not a benchmark itself (bench/run.ts skips files starting with `_`).
 *
 * An update is named by its typist's Yjs client id and a clock: the clock of the character it
 * inserted, or, for a backspace (which does not move the typist's clock), the clock of the
 * character it deleted, with a bit saying which. A typist deletes only its own characters, each at
 * most once, so no two updates share a name; a relayed message that holds several updates (merged
 * by the server) names each of them.
 */
import * as Y from 'yjs';
import { sharedNow } from './lib';

/** Clocks stay below this (a run types a few thousand characters), so a name fits a double exactly. */
const CLOCKS = 2 ** 20;

export function updateKey(client: number, clock: number, deleted: boolean): number {
  if (clock >= CLOCKS) throw new Error(`clock ${clock} is past what an update's name holds`);
  return (client * CLOCKS + clock) * 2 + (deleted ? 1 : 0);
}

export function keyClient(key: number): number {
  return Math.floor(key / (2 * CLOCKS));
}

/** Calls `f` with the name of every character the transaction inserted or deleted. */
export function forEachKey(tr: Y.Transaction, f: (key: number) => void): void {
  for (const [client, after] of tr.afterState) {
    for (let clock = tr.beforeState.get(client) ?? 0; clock < after; clock++)
      f(updateKey(client, clock, false));
  }
  for (const [client, items] of tr.deleteSet.clients) {
    for (const item of items) {
      for (let clock = item.clock; clock < item.clock + item.len; clock++) f(updateKey(client, clock, true));
    }
  }
}

/** When each update reached one client (its doc's `update` event), from its connection on. */
export class Arrivals {
  private readonly at = new Map<number, number>();
  private expecting: readonly number[] | null = null;
  private next = 0;

  constructor(readonly doc: Y.Doc) {
    doc.on('update', (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (tr.local) return;
      const now = sharedNow();
      forEachKey(tr, (key) => {
        if (!this.at.has(key)) this.at.set(key, now);
      });
    });
  }

  private own(key: number): boolean {
    return keyClient(key) === this.doc.clientID;
  }

  /** Whether every one of `keys` but this client's own has arrived (cheap to ask again and again). */
  holds(keys: readonly number[]): boolean {
    if (keys !== this.expecting) {
      this.expecting = keys;
      this.next = 0;
    }
    while (this.next < keys.length && (this.own(keys[this.next]!) || this.at.has(keys[this.next]!)))
      this.next++;
    return this.next === keys.length;
  }

  /** The arrival time of each of `keys` (`sharedNow`), NaN for this client's own. */
  timesOf(keys: readonly number[]): Float64Array {
    return Float64Array.from(keys, (key) => (this.own(key) ? NaN : (this.at.get(key) ?? NaN)));
  }
}
