/**
 * The collaborative documents held in memory while someone has them open. Every change to a
 * document, whoever makes it, is appended to the store by the first `update` observer; a door
 * tells others of a change only from `subscribe`'s `persisted`, called once the change is durably
 * on disk: what a peer receives is already on disk.
 *
 * Group commit: the updates that peers' connections send during one turn of the event loop are
 * written in one SQLite transaction, committed (one fsync) right after that turn, and only then
 * passed to `persisted`. The core's own edits, and anything else that writes, commit the group
 * first and are durable when they return.
 *
 * Batching: a peer's update handed to `applyRemote` with an error callback waits until the end
 * of the turn (or the next `flush`, whichever comes first); the waiting updates are then applied
 * in arrival order, each run of consecutive updates from one sender to one document merged into
 * one update (one Yjs transaction, one row). When the group commits, each such run is passed to
 * `persisted` as one update.
 */
import { randomInt } from 'node:crypto';
import * as Y from 'yjs';
import { CarriedText, RecentlyDeleted, carriedIn, othersWords } from '../shared/carried-text';
import { rootsTouched, transactionTouched, type Touched } from './doc-guard';
import type { DocStore } from './store/docs';

/** The origin of a change made on behalf of a member (null: the owner) through some connection. */
export class EditOrigin {
  constructor(
    readonly memberId: string | null,
    readonly via: unknown = null,
  ) {}
}

/** A change could not be written to disk; the document has been taken out of service. */
export class PersistenceError extends Error {
  constructor(docName: string, cause: unknown) {
    super(`Could not save ${docName}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PersistenceError';
  }
}

/** A peer's update that its sender may not make; the document is unchanged. */
export class EditRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditRefused';
  }
}

/** What the core says about a document. */
export interface DocRules {
  /** The root types no peer may write at the moment (only the core does). */
  protectedRoots(docName: string): ReadonlySet<string>;
  /**
   * Called once a change is applied and on disk (a peer's update, or the core's own edit on a
   * member's behalf): what it inserted and deleted.
   */
  authored?(docName: string, memberId: string | null, touched: Touched): void;
}

export interface LiveDoc {
  readonly name: string;
  readonly doc: Y.Doc;
}

/** What a door (the hub) hears about an open document. */
export interface DocListener {
  /** A change is durably on disk: it may now be passed on. Called in the order of the changes. */
  persisted(update: Uint8Array, origin: unknown): void;
  /** The document could not be saved and is out of service (see `evict`). */
  broken(error: PersistenceError): void;
}

interface Persisted {
  entry: Entry;
  update: Uint8Array;
  origin: unknown;
}

/** A peer's update waiting to be applied at the end of the turn (see `applyRemote`). */
interface Queued {
  entry: Entry;
  update: Uint8Array;
  origin: EditOrigin;
  onError: (error: unknown) => void;
}

interface Entry extends LiveDoc {
  users: number;
  unfoldedUpdates: number;
  unfoldedBytes: number;
  compactionTimer: NodeJS.Timeout | null;
  broken: PersistenceError | null;
  /** Yjs client id → member (null: the owner), as recorded in the store. */
  clients: Map<number, string | null>;
  /** The client ids the core itself writes with, one per member it acts for. */
  coreClients: Map<string | null, number>;
  /** What the change being applied inserts and deletes, for `persist` to record with it. */
  pendingTouched: Touched | null;
  /** Text carried by edits (shared/carried-text.ts): who wrote what survives a paragraph split. */
  carried: CarriedText;
  /** What the change being applied carried, for `persist` to record with it. */
  pendingCarried: ReturnType<typeof carriedIn> | null;
  /** What each member (by id, '' for the owner) deleted lately: a cut then a paste, an undo. */
  recentlyDeleted: Map<string, RecentlyDeleted>;
  listeners: Set<DocListener>;
}

export interface LiveDocsOptions {
  /** How long after the threshold is passed to fold the log (off the typing path). */
  compactionDelayMs?: number;
  onError?: (docName: string, error: Error) => void;
}

/**
 * What was written and deleted, less what was only carried: moved in this change (neither written
 * nor deleted), or put back from what was deleted earlier (not written; its deletion was counted).
 */
function leaveOutCarried(
  touched: Touched,
  moved: ReadonlyMap<string, number>,
  restored: ReadonlyMap<string, number>,
): Touched {
  const insertedChars = new Map(touched.insertedChars);
  const deletedChars = new Map(touched.deletedChars);
  const less = (m: Map<string, number>, root: string, n: number) =>
    m.set(root, Math.max(0, (m.get(root) ?? 0) - n));
  for (const [root, n] of moved) {
    less(insertedChars, root, n);
    less(deletedChars, root, n);
  }
  for (const [root, n] of restored) less(insertedChars, root, n);
  return { ...touched, insertedChars, deletedChars };
}

/** The most a sender may have waiting for content it has not sent (see applyRemote). */
export const MAX_HELD_BYTES = 256 * 1024;

/** Takes out what the last update left pending in `doc` (waiting for missing content), as one update. */
function takePending(doc: Y.Doc): Uint8Array | null {
  const { pendingStructs, pendingDs } = doc.store;
  if (!pendingStructs && !pendingDs) return null;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  const parts = [pendingStructs?.update, pendingDs].filter((p): p is Uint8Array => !!p);
  return Y.convertUpdateFormatV2ToV1(parts.length === 1 ? parts[0]! : Y.mergeUpdatesV2(parts));
}

/**
 * Merges updates into one, in rounds of at most 64 at a time: one Y.mergeUpdates of many costs
 * more than linearly (the first 20,000 updates of the editing trace, in runs of 1,000: about
 * 400 ms at once, about 40 ms in rounds of 64).
 */
function mergeAll(updates: readonly Uint8Array[]): Uint8Array {
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

export class LiveDocs {
  private readonly entries = new Map<string, Entry>();
  /** The changes written in the open group transaction, waiting for its commit. */
  private group: Persisted[] | null = null;
  /** What each member wrote in the open group, per document, recorded just before its commit. */
  private groupAuthored = new Map<Entry, Map<string | null, Touched>>();
  private groupTimer: NodeJS.Immediate | null = null;
  /** While above zero, every change commits on its own (see `suspendGroupCommit`). */
  private groupingSuspended = 0;
  /** Per sender (its connection's origin): content waiting for content it has not sent yet. */
  private readonly held = new WeakMap<EditOrigin, Uint8Array>();
  /** Peers' updates waiting for the end of the turn, in arrival order. */
  private queue: Queued[] = [];
  private queueTimer: NodeJS.Immediate | null = null;

  constructor(
    private readonly store: DocStore,
    private readonly rules: DocRules,
    private readonly opts: LiveDocsOptions = {},
  ) {}

  /** Opens (loading from the store if needed) and counts one more user of the document. */
  acquire(name: string): LiveDoc {
    let e = this.entries.get(name);
    if (!e) {
      const doc = new Y.Doc({ gc: true });
      this.store.loadInto(doc, name);
      const { count, bytes } = this.store.stats(name);
      e = {
        name,
        doc,
        users: 0,
        unfoldedUpdates: count,
        unfoldedBytes: bytes,
        compactionTimer: null,
        broken: null,
        clients: this.store.clients(name),
        coreClients: new Map(),
        pendingTouched: null,
        carried: new CarriedText(this.store.carried(name)),
        pendingCarried: null,
        recentlyDeleted: new Map(),
        listeners: new Set(),
      };
      const entry = e;
      // Before the deleted text is garbage-collected: what a change deleted and wrote again.
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        const who = tr.origin instanceof EditOrigin ? (tr.origin.memberId ?? '') : null;
        let earlier = who === null ? undefined : entry.recentlyDeleted.get(who);
        const found = carriedIn(tr, entry.carried, earlier);
        if (who !== null && found.deleted.text.length > 0) {
          // Only others' words: putting one's own back changes no one's share.
          const others = othersWords(found.deleted, (char) => {
            const owner = entry.clients.get(entry.carried.originOf(char.client, char.clock));
            return owner !== undefined && (owner ?? '') !== who;
          });
          if (others) {
            if (!earlier) entry.recentlyDeleted.set(who, (earlier = new RecentlyDeleted()));
            earlier.add(others, Date.now());
          }
        }
        entry.pendingCarried = found.moved.size > 0 || found.restored.size > 0 ? found : null;
      });
      // Registered first, so it runs before any observer added later (the hub's relay).
      doc.on('update', (update: Uint8Array, origin: unknown) => this.persist(entry, update, origin));
      this.entries.set(name, e);
      this.scheduleCompaction(e);
    }
    e.users++;
    return e;
  }

  /** Hears about `name`'s durable changes and failures until the returned function is called. */
  subscribe(name: string, listener: DocListener): () => void {
    const e = this.entries.get(name);
    if (!e) throw new Error(`Document ${name} is not open.`);
    e.listeners.add(listener);
    return () => e.listeners.delete(listener);
  }

  /**
   * Commits the open group (if any) and passes its changes on. Called before anything that must
   * not see, send or build on changes that are not yet durable.
   */
  flush(): void {
    this.drain();
    this.commit();
  }

  /** Commits the open group (if any) and passes its changes on, without applying waiting updates. */
  private commit(): void {
    const group = this.group;
    if (!group) return;
    this.group = null;
    if (this.groupTimer) clearImmediate(this.groupTimer);
    this.groupTimer = null;
    const authored = this.groupAuthored;
    this.groupAuthored = new Map();
    try {
      for (const [e, byMember] of authored) {
        for (const [memberId, touched] of byMember) this.rules.authored?.(e.name, memberId, touched);
      }
      this.store.commitGroup();
    } catch (err) {
      this.failGroup(group, err);
      return;
    }
    // A run of consecutive changes to one document from one sender is passed on as one update.
    for (let i = 0; i < group.length;) {
      const first = group[i]!;
      let j = i + 1;
      while (j < group.length && group[j]!.entry === first.entry && group[j]!.origin === first.origin) j++;
      const update = j - i === 1 ? first.update : mergeAll(group.slice(i, j).map((p) => p.update));
      this.notify({ entry: first.entry, update, origin: first.origin });
      i = j;
    }
  }

  /**
   * Until the returned function is called, commits every change on its own, with no transaction
   * left open between turns of the event loop: SQLite's online backup copies only while none is.
   */
  suspendGroupCommit(): () => void {
    this.flush();
    this.groupingSuspended++;
    let resumed = false;
    return () => {
      if (!resumed) this.groupingSuspended--;
      resumed = true;
    };
  }

  /** One user fewer; the last one out folds the log if it is due and unloads the document. */
  release(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.users--;
    if (e.users > 0) return;
    this.unload(e, true);
  }

  /**
   * Applies an update received from a peer, attributed to `origin`. Throws if it is malformed,
   * and `EditRefused` (leaving the document unchanged) if it writes a root only the core may
   * write, or carries new content under a Yjs client id that belongs to another member (which
   * would attribute one member's words to another).
   *
   * What depends on content the sender has not sent yet (typed just after a reconnection, before
   * its sync step 2 arrives) is held for that sender rather than left pending in the shared
   * document, which would send it unsaved to the next peer that syncs, and integrate it unchecked
   * once someone else supplied what it waits for. It is tried again, and checked again, with the
   * sender's next update; a sender holding too much is refused (it resyncs when it reconnects).
   *
   * With `onError`, a peer connection's update (`origin.via` set, grouping not suspended) may
   * instead wait until the end of the turn or the next `flush`: the waiting updates are applied in
   * arrival order, merging each run of consecutive ones from the same sender to the same document
   * (see `drain`). What would have been thrown is then passed to `onError`, and that sender's
   * later waiting updates are dropped; the updates before the failing one are applied, as they
   * would have been one by one.
   */
  applyRemote(
    live: LiveDoc,
    update: Uint8Array,
    origin: EditOrigin,
    onError?: (error: unknown) => void,
  ): void {
    const e = this.entries.get(live.name);
    if (!e || e.doc !== live.doc) throw new Error(`Document ${live.name} is not open.`);
    if (onError && origin.via !== null && this.groupingSuspended === 0) {
      this.queue.push({ entry: e, update, origin, onError });
      this.queueTimer ??= setImmediate(() => {
        this.queueTimer = null;
        this.flush();
      });
      return;
    }
    this.applyFromSender(e, update, origin);
  }

  /**
   * Applies the waiting updates, in arrival order; never throws (each failure goes to its
   * sender's `onError`). Re-entrant: a callback that flushes continues from where this is.
   */
  private drain(): void {
    if (this.queueTimer) clearImmediate(this.queueTimer);
    this.queueTimer = null;
    while (this.queue.length > 0) {
      const first = this.queue[0]!;
      let n = 1;
      while (
        n < this.queue.length &&
        this.queue[n]!.entry === first.entry &&
        this.queue[n]!.origin === first.origin
      )
        n++;
      const run = this.queue.splice(0, n);
      const { entry: e, origin } = first;
      // A document since unloaded or taken out of service (its connections are closed).
      if (this.entries.get(e.name) !== e || e.broken) continue;
      try {
        this.applyRun(
          e,
          run.map((q) => q.update),
          origin,
        );
      } catch (err) {
        // Its connection is being closed: nothing more it sent is applied.
        this.queue = this.queue.filter((q) => q.origin !== origin);
        first.onError(err);
      }
    }
  }

  /** Applies a sender's consecutive updates to one document as one when they can be. */
  private applyRun(e: Entry, updates: Uint8Array[], origin: EditOrigin): void {
    if (updates.length === 1) return this.applyFromSender(e, updates[0]!, origin);
    let rest: Uint8Array | null;
    try {
      // Checked whole before anything is applied, as one update is.
      rest = this.applyChecked(e, mergeAll(updates), origin);
    } catch (err) {
      if (err instanceof PersistenceError) throw err;
      // Malformed or refused as a whole: one by one, as they came, so that what precedes the
      // faulty one is kept and the error is the one that update alone raises.
      for (const update of updates) this.applyFromSender(e, update, origin);
      return;
    }
    this.settleHeld(e, origin, rest);
  }

  /** Checks and applies one update from a sender, with what it held (see `applyRemote`). */
  private applyFromSender(e: Entry, update: Uint8Array, origin: EditOrigin): void {
    this.settleHeld(e, origin, this.applyChecked(e, update, origin));
  }

  /** Retries what `origin` held with what the last update left waiting; holds what is still waiting. */
  private settleHeld(e: Entry, origin: EditOrigin, pending: Uint8Array | null): void {
    let rest = pending;
    const held = this.held.get(origin);
    this.held.delete(origin);
    if (held) rest = rest ? Y.mergeUpdates([held, rest]) : held;
    if (!rest) return;
    if (rest.byteLength > MAX_HELD_BYTES)
      throw new Error('Too much content waiting for content its sender has not sent.');
    if (held) rest = this.applyChecked(e, rest, origin);
    if (rest) this.held.set(origin, rest);
  }

  /** Checks and applies one update; returns what it left waiting for missing content, if anything. */
  private applyChecked(e: Entry, update: Uint8Array, origin: EditOrigin): Uint8Array | null {
    // Parses it whole first: a malformed update throws before it touches the document.
    const touched = rootsTouched(e.doc, update);
    const protectedRoots = this.rules.protectedRoots(e.name);
    for (const root of touched.roots) {
      if (protectedRoots.has(root))
        throw new EditRefused(`"${root}" can only be changed through the app's commands.`);
    }
    const { to } = Y.parseUpdateMeta(update);
    for (const [client, clock] of to) {
      if (clock <= Y.getState(e.doc.store, client)) continue; // nothing new from this client id
      const owner = e.clients.get(client);
      if (
        (owner !== undefined && owner !== origin.memberId) ||
        [...e.coreClients.values()].includes(client)
      ) {
        throw new EditRefused('The update writes under another person’s identity.');
      }
    }
    // What it wrote is counted in the same SQLite transaction as the update itself (one commit).
    e.pendingTouched = touched;
    let rest: Uint8Array | null;
    try {
      Y.applyUpdate(e.doc, update, origin);
    } finally {
      e.pendingTouched = null;
      rest = takePending(e.doc);
    }
    if (e.broken) throw e.broken;
    return rest;
  }

  /**
   * Changes a document on behalf of `memberId` (null: the owner), as the core: with a Yjs client
   * id of its own for that member, so that attribution stays right and no peer's ids are reused.
   */
  edit<T>(name: string, memberId: string | null, fn: (doc: Y.Doc) => T): T {
    this.flush();
    const live = this.acquire(name);
    const e = this.entries.get(name)!;
    try {
      let clientId = e.coreClients.get(memberId);
      if (clientId === undefined) {
        do clientId = randomInt(1, 2 ** 31);
        while (e.clients.has(clientId));
        e.coreClients.set(memberId, clientId);
      }
      const own = e.doc.clientID;
      e.doc.clientID = clientId;
      try {
        let result!: T;
        try {
          e.doc.transact((tr) => {
            result = fn(e.doc);
            // Counted as the member's own writing, like what their connection sends, and written
            // with the update in one SQLite transaction.
            e.pendingTouched = transactionTouched(tr);
          }, new EditOrigin(memberId));
        } finally {
          e.pendingTouched = null;
        }
        if (e.broken) throw e.broken;
        return result;
      } finally {
        e.doc.clientID = own;
      }
    } finally {
      this.release(live.name);
    }
  }

  /** Reads a document (loading it if no one has it open), with the text its edits carried. */
  read<T>(name: string, fn: (doc: Y.Doc, carried: CarriedText) => T): T {
    const live = this.acquire(name);
    try {
      return fn(live.doc, this.entries.get(name)!.carried);
    } finally {
      this.release(name);
    }
  }

  isOpen(name: string): boolean {
    return this.entries.has(name);
  }

  /** Unloads every document (folding due logs); used on shutdown. */
  closeAll(): void {
    for (const e of [...this.entries.values()]) this.unload(e, true);
  }

  private persist(e: Entry, update: Uint8Array, origin: unknown): void {
    if (e.broken) throw e.broken;
    const memberId = origin instanceof EditOrigin ? origin.memberId : null;
    // A peer's connection (the hub) joins the group; anything else is committed on its own.
    const grouped = origin instanceof EditOrigin && origin.via !== null && this.groupingSuspended === 0;
    const carried = e.pendingCarried;
    e.pendingCarried = null;
    const touched =
      e.pendingTouched && carried
        ? leaveOutCarried(e.pendingTouched, carried.moved, carried.restored)
        : e.pendingTouched;
    e.pendingTouched = null;
    if (this.group && !this.store.inTransaction)
      this.failGroup(this.group, new Error('rolled back by SQLite'));
    if (!grouped) this.commit();
    try {
      if (grouped && !this.group) this.openGroup();
      const newClients = [...Y.parseUpdateMeta(update).to.keys()].filter((c) => !e.clients.has(c));
      this.store.transaction(() => {
        this.store.append(e.name, update, memberId, newClients);
        if (carried) this.store.addCarried(e.name, carried.ranges);
        if (!touched) return;
        // In a group, what each member wrote is summed and recorded once, before the commit.
        if (grouped) this.groupAuthorship(e, memberId, touched);
        else this.rules.authored?.(e.name, memberId, touched);
      });
      for (const client of newClients) e.clients.set(client, memberId);
      for (const range of carried?.ranges ?? []) e.carried.add(range);
    } catch (err) {
      // The document in memory now holds a change the disk does not: stop serving it. Peers
      // reconnect, resync from disk, and send their changes again.
      e.broken = new PersistenceError(e.name, err);
      this.opts.onError?.(e.name, e.broken);
      throw e.broken;
    }
    e.unfoldedUpdates++;
    e.unfoldedBytes += update.byteLength;
    this.scheduleCompaction(e);
    if (grouped) this.group!.push({ entry: e, update, origin });
    else this.notify({ entry: e, update, origin });
  }

  private groupAuthorship(e: Entry, memberId: string | null, touched: Touched): void {
    let byMember = this.groupAuthored.get(e);
    if (!byMember) this.groupAuthored.set(e, (byMember = new Map()));
    const sum = byMember.get(memberId);
    if (!sum) {
      byMember.set(memberId, {
        ...touched,
        insertedChars: new Map(touched.insertedChars),
        deletedChars: new Map(touched.deletedChars),
      });
      return;
    }
    for (const [root, n] of touched.insertedChars)
      sum.insertedChars.set(root, (sum.insertedChars.get(root) ?? 0) + n);
    for (const [root, n] of touched.deletedChars)
      sum.deletedChars.set(root, (sum.deletedChars.get(root) ?? 0) + n);
  }

  private openGroup(): void {
    this.store.beginGroup();
    this.group = [];
    this.groupTimer = setImmediate(() => {
      this.groupTimer = null;
      this.flush();
    });
  }

  /** The group's transaction did not commit: every document with a change in it is broken. */
  private failGroup(group: Persisted[], err: unknown): void {
    if (this.group === group) {
      this.group = null;
      this.groupAuthored = new Map();
      if (this.groupTimer) clearImmediate(this.groupTimer);
      this.groupTimer = null;
    }
    for (const e of new Set(group.map((p) => p.entry))) {
      if (e.broken) continue;
      e.broken = new PersistenceError(e.name, err);
      this.opts.onError?.(e.name, e.broken);
      for (const l of [...e.listeners]) l.broken(e.broken);
    }
  }

  private notify(p: Persisted): void {
    if (p.entry.broken) return;
    for (const l of [...p.entry.listeners]) l.persisted(p.update, p.origin);
  }

  private scheduleCompaction(e: Entry): void {
    const { maxUpdates, maxBytes } = this.store.policy;
    if (e.unfoldedUpdates <= maxUpdates && e.unfoldedBytes <= maxBytes) return;
    // A burst that outruns the delay (twice the threshold already) is folded at once: the log a
    // reload (or a restart after a crash) has to replay stays short.
    const overdue = e.unfoldedUpdates > 2 * maxUpdates || e.unfoldedBytes > 2 * maxBytes;
    if (e.compactionTimer && !overdue) return;
    if (e.compactionTimer) clearTimeout(e.compactionTimer);
    e.compactionTimer = setTimeout(
      () => {
        e.compactionTimer = null;
        this.compact(e);
      },
      overdue ? 0 : (this.opts.compactionDelayMs ?? 1000),
    );
    e.compactionTimer.unref();
  }

  private compact(e: Entry): void {
    this.flush();
    if (e.broken) return;
    try {
      // The live document holds exactly the snapshot and every logged update (each change to it
      // is logged before anyone hears of it, and the group was just committed): its state is the
      // fold, without reading and replaying the log.
      const { maxId } = this.store.stats(e.name);
      if (maxId > 0) this.store.commitSnapshot(e.name, Y.encodeStateAsUpdate(e.doc), maxId);
      const { count, bytes } = this.store.stats(e.name);
      e.unfoldedUpdates = count;
      e.unfoldedBytes = bytes;
    } catch (err) {
      this.opts.onError?.(e.name, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private unload(e: Entry, foldIfDue: boolean): void {
    this.flush();
    if (e.compactionTimer) clearTimeout(e.compactionTimer);
    e.compactionTimer = null;
    if (foldIfDue && !e.broken && this.store.needsCompaction(e.name)) this.compact(e);
    this.entries.delete(e.name);
    e.doc.destroy();
  }

  /** Drops a broken document from memory so that the next user reloads it from disk. */
  evict(name: string): void {
    const e = this.entries.get(name);
    if (e) this.unload(e, false);
  }
}
