/** Yjs updates as the hub and the app's own client handle them. */
import * as Y from 'yjs';

/**
 * Merges updates into one, in rounds of at most 64 at a time: one Y.mergeUpdates of many costs
 * more than linearly (the first 20,000 updates of the editing trace, in runs of 1,000: about
 * 400 ms at once, about 40 ms in rounds of 64).
 */
export function mergeAll(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 0) throw new Error('mergeAll needs at least one update');
  let list = updates;
  while (list.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < list.length; i += 64) {
      const part = list.slice(i, i + 64);
      next.push(part.length === 1 ? part[0]! : Y.mergeUpdates(part));
    }
    list = next;
  }
  return list[0]!;
}
