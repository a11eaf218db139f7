/**
 * Which root types of a document an update would change. The hub uses it to enforce, per
 * connection, which parts of a shared document a caller may write (server-managed state, locked
 * minutes), without trusting the client: the update is inspected before it is applied.
 */
import * as Y from 'yjs';
import { rootOfType } from '../shared/carried-text';

export interface Touched {
  /** Root type names the update inserts into or deletes from. */
  roots: Set<string>;
  /**
   * Some inserted content could not be traced to a root: its parent or neighbour was deleted and
   * garbage-collected (a concurrent deletion). Yjs discards such content on arrival.
   */
  untracedInserts: boolean;
  /** Some deletion names content nobody has sent yet: nothing says which root it belongs to. */
  untracedDeletes: boolean;
  /** Characters of text the update inserts, per root. */
  insertedChars: Map<string, number>;
  /**
   * Characters of text (still standing before it) that the update deletes, per root; text it
   * both carries and deletes (a merge of updates) counts as inserted and deleted.
   */
  deletedChars: Map<string, number>;
}

const add = (m: Map<string, number>, key: string, n: number) => {
  if (n > 0) m.set(key, (m.get(key) ?? 0) + n);
};

type DecodedStruct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/** A sorted list of one client's structs in the update, searchable by clock. */
function findIn(list: DecodedStruct[] | undefined, clock: number): DecodedStruct | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!;
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The root of the item already in `doc` at `id`, or undefined if `doc` does not have it. */
function rootInDoc(doc: Y.Doc, id: Y.ID): string | null | undefined {
  if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
  const struct = Y.getItem(doc.store, id) as unknown;
  if (!(struct instanceof Y.Item)) return null; // garbage-collected: no parent left
  return struct.parent instanceof Y.AbstractType ? rootOfType(struct.parent) : null;
}

export function rootsTouched(doc: Y.Doc, update: Uint8Array): Touched {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = new Map<number, DecodedStruct[]>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  const memo = new Map<DecodedStruct, string | null>();
  const roots = new Set<string>();
  let untracedInserts = false;
  let untracedDeletes = false;
  const insertedChars = new Map<string, number>();
  const deletedChars = new Map<string, number>();

  const rootOfId = (id: Y.ID, depth: number): string | null => {
    const inDoc = rootInDoc(doc, id);
    if (inDoc !== undefined) return inDoc;
    const local = findIn(byClient.get(id.client), id.clock);
    return local ? rootOfStruct(local, depth + 1) : null;
  };
  const rootOfStruct = (s: DecodedStruct, depth: number): string | null => {
    if (memo.has(s)) return memo.get(s)!;
    if (!(s instanceof Y.Item) || depth > 10_000) return null;
    memo.set(s, null); // guards against cycles in a crafted update
    const parent = s.parent as unknown;
    let root: string | null;
    if (typeof parent === 'string') root = parent;
    else if (parent instanceof Y.ID) root = rootOfId(parent, depth);
    else {
      const neighbour = s.origin ?? s.rightOrigin;
      root = neighbour ? rootOfId(neighbour, depth) : null;
    }
    memo.set(s, root);
    return root;
  };

  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue; // GC and Skip carry no content
    // Content the document already has is not a change.
    const known = Y.getState(doc.store, s.id.client);
    if (s.id.clock + s.length <= known) continue;
    const root = rootOfStruct(s, 0);
    if (root === null) untracedInserts = true;
    else {
      roots.add(root);
      if (s.content instanceof Y.ContentString)
        add(insertedChars, root, s.id.clock + s.length - Math.max(known, s.id.clock));
    }
  }

  for (const [client, ranges] of ds.clients) {
    const docStructs = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      const end = clock + len;
      let at = clock;
      if (docStructs && clock < Y.getState(doc.store, client)) {
        let i = Y.findIndexSS(docStructs, clock);
        for (; i < docStructs.length && docStructs[i]!.id.clock < end; i++) {
          const s = docStructs[i]!;
          at = s.id.clock + s.length;
          if (!(s instanceof Y.Item)) continue;
          if (s.deleted) continue; // deleting what is already deleted changes nothing
          const root = s.parent instanceof Y.AbstractType ? rootOfType(s.parent) : null;
          if (root !== null) {
            roots.add(root);
            if (s.content instanceof Y.ContentString) {
              add(deletedChars, root, Math.min(end, s.id.clock + s.length) - Math.max(clock, s.id.clock));
            }
          }
        }
      }
      // Deletions of content that arrives in this same update.
      while (at < end) {
        const local = findIn(byClient.get(client), at);
        if (!local) {
          untracedDeletes = true;
          break;
        }
        const root = rootOfStruct(local, 0);
        if (root !== null) {
          roots.add(root);
          // Text this same update inserts and deletes, as a merge of several updates holds
          // (inserted by one, deleted by a later one): counted deleted, as one by one.
          if (local instanceof Y.Item && local.content instanceof Y.ContentString)
            add(deletedChars, root, Math.min(end, local.id.clock + local.length) - at);
        }
        at = local.id.clock + local.length;
      }
    }
  }
  return { roots, untracedInserts, untracedDeletes, insertedChars, deletedChars };
}

/**
 * What a local transaction (the core's own edit, on a member's behalf) inserts and deletes, counted
 * as `rootsTouched` counts a peer's update: text it adds that still stands, and text that stood
 * before it and is deleted. Call it inside the transaction, once its changes are made.
 */
export function transactionTouched(tr: Y.Transaction): Touched {
  const store = tr.doc.store;
  const roots = new Set<string>();
  const insertedChars = new Map<string, number>();
  const deletedChars = new Map<string, number>();
  const rootOfItem = (s: Y.Item) => (s.parent instanceof Y.AbstractType ? rootOfType(s.parent) : null);
  for (const [client, structs] of store.clients) {
    const before = tr.beforeState.get(client) ?? 0;
    if (Y.getState(store, client) <= before) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i];
      const root = s instanceof Y.Item ? rootOfItem(s) : null;
      if (!(s instanceof Y.Item) || root === null) continue;
      roots.add(root);
      if (!s.deleted && s.content instanceof Y.ContentString) add(insertedChars, root, s.length);
    }
  }
  for (const [client, ranges] of tr.deleteSet.clients) {
    const structs = store.clients.get(client);
    const before = tr.beforeState.get(client) ?? 0;
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, before); // what this transaction added is not counted
      if (!structs || clock >= end) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        const s = structs[i];
        const root = s instanceof Y.Item ? rootOfItem(s) : null;
        if (!(s instanceof Y.Item) || root === null) continue;
        roots.add(root);
        if (s.content instanceof Y.ContentString)
          add(deletedChars, root, Math.min(end, s.id.clock + s.length) - Math.max(clock, s.id.clock));
      }
    }
  }
  return { roots, untracedInserts: false, untracedDeletes: false, insertedChars, deletedChars };
}
