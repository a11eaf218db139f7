/**
 * Text carried by an edit keeps its author. The editor (y-prosemirror) makes some edits by deleting
 * text and writing it again under the editing person's Yjs client id: pressing Enter in the middle
 * of a paragraph moves its end into a new paragraph, Backspace at the start of one joins it to the
 * one before, and turning a paragraph into a heading or a list item writes it anew. Counted as
 * they come, the co-chair who restructures the minutes would become the author of every partner's
 * words. So a change that deletes text and writes the same characters again in one go is recorded
 * as carrying them: the new characters are counted as the original author's, in the colours by
 * author and in the characters that still stand (what each person wrote and deleted leaves the
 * carried characters out). The hub records it as each change arrives (one row per range, kept
 * with the update in SQLite); the editor reads it to colour the text.
 */
import * as Y from 'yjs';

/** `length` characters written under `client` from `clock` on carry the text of `origin`. */
export interface CarriedRange {
  client: number;
  clock: number;
  length: number;
  origin: number;
}

/**
 * The fewest characters taken as carried. Shorter pieces that match are taken as written: typing
 * over a selection, or renaming « Budjet » « Budget », shares a few letters by chance.
 */
export const MIN_CARRIED = 8;

/** The carried ranges of a document, searchable by Yjs id. */
export class CarriedText {
  private readonly byClient = new Map<number, CarriedRange[]>();

  constructor(ranges: Iterable<CarriedRange> = []) {
    for (const r of ranges) this.add(r);
  }

  add(range: CarriedRange): void {
    let list = this.byClient.get(range.client);
    if (!list) this.byClient.set(range.client, (list = []));
    // Ranges come in clock order as a client writes; keep the list sorted if they do not.
    let i = list.length;
    while (i > 0 && list[i - 1]!.clock > range.clock) i--;
    list.splice(i, 0, range);
  }

  /** A copy with `ranges` added (this one is left as it is). */
  plus(ranges: Iterable<CarriedRange>): CarriedText {
    const next = new CarriedText();
    for (const list of this.byClient.values()) for (const r of list) next.add(r);
    for (const r of ranges) next.add(r);
    return next;
  }

  /** The client whose text the character at (`client`, `clock`) carries: `client` if none. */
  originOf(client: number, clock: number): number {
    const list = this.byClient.get(client);
    if (!list) return client;
    const r = list[this.indexAt(list, clock)];
    return r && clock >= r.clock && clock < r.clock + r.length ? r.origin : client;
  }

  /**
   * Calls `fn(origin, length)` for each piece of the `length` characters from (`client`, `clock`),
   * in order, with the client whose text each piece is.
   */
  authorsOf(
    client: number,
    clock: number,
    length: number,
    fn: (origin: number, length: number) => void,
  ): void {
    const list = this.byClient.get(client);
    if (!list) return fn(client, length);
    const end = clock + length;
    let at = clock;
    for (let i = this.indexAt(list, clock); at < end && i < list.length; i++) {
      const r = list[i]!;
      if (r.clock >= end) break;
      if (r.clock + r.length <= at) continue;
      if (r.clock > at) {
        fn(client, r.clock - at);
        at = r.clock;
      }
      const upto = Math.min(end, r.clock + r.length);
      fn(r.origin, upto - at);
      at = upto;
    }
    if (at < end) fn(client, end - at);
  }

  /** Index of the last range starting at or before `clock` (0 if none). */
  private indexAt(list: CarriedRange[], clock: number): number {
    let lo = 0;
    let hi = list.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.clock <= clock) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** The name of the root type `type` belongs to, or null when it hangs from nothing. */
export function rootOfType(type: Y.AbstractType<unknown>): string | null {
  let t = type;
  while (t._item) {
    const parent = t._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    t = parent;
  }
  try {
    return Y.findRootTypeKey(t);
  } catch {
    return null;
  }
}

/** A character of text and the Yjs id that holds it. */
export interface Char {
  client: number;
  clock: number;
}

/** Runs of text: its characters and their ids, in document order. */
interface Run {
  text: string;
  chars: Char[];
  root: string | null;
}

/**
 * The runs the items of `set` form in their documents: items that follow one another (formatting
 * marks and text deleted earlier between them do not break a run; any other content does).
 * Walks only from the items themselves, never a whole document.
 */
function runsOf(set: ReadonlySet<Y.Item>): Run[] {
  const breaks = (s: Y.Item) => s.countable && !s.deleted && !set.has(s);
  const runs: Run[] = [];
  for (const first of set) {
    // Only from the first item of a run.
    let left = first.left;
    while (left && !set.has(left) && !breaks(left)) left = left.left;
    if (left && set.has(left)) continue;
    const run: Run = { text: '', chars: [], root: rootOfType(first.parent as Y.AbstractType<unknown>) };
    for (let s: Y.Item | null = first; s && !breaks(s); s = s.right) {
      if (!set.has(s)) continue;
      const text = (s.content as Y.ContentString).str;
      run.text += text;
      for (let k = 0; k < text.length; k++) run.chars.push({ client: s.id.client, clock: s.id.clock + k });
    }
    runs.push(run);
  }
  return runs;
}

/** A run of deleted text and the ids of its characters (null between runs). */
export interface DeletedText {
  text: string;
  chars: (Char | null)[];
}

/** `deleted` with only the characters `isOthers` keeps ('\0' for the rest), or null if none. */
export function othersWords(deleted: DeletedText, isOthers: (char: Char) => boolean): DeletedText | null {
  let text = '';
  let any = false;
  const chars = deleted.chars.map((c, i) => {
    if (c && isOthers(c)) {
      text += deleted.text[i];
      any = true;
      return c;
    }
    text += '\0';
    return null;
  });
  return any ? { text, chars } : null;
}

/**
 * The text one person deleted lately, which they may put back in a later change: a paragraph cut
 * and pasted elsewhere, a deletion undone (Yjs writes the text again, under their client id).
 * Kept in memory for `maxAgeMs`, at most `maxChars` characters; a character put back leaves it.
 */
export class RecentlyDeleted {
  /** `added`: the text as it came, whose pieces are counted in `grams`. */
  private segments: (DeletedText & { at: number; added: string })[] = [];
  /**
   * Every piece of MIN_CARRIED characters of the kept text, with how many times it occurs there
   * (some may have been put back since: a lookup then finds nothing).
   */
  private readonly grams = new Map<string, number>();
  private size = 0;
  /** `stream()`, kept until the text changes. */
  private joined: DeletedText | null = null;

  constructor(
    private readonly maxChars = 10_000,
    private readonly maxAgeMs = 15 * 60_000,
  ) {}

  get length(): number {
    return this.size;
  }

  add(deleted: DeletedText, now: number): void {
    if (deleted.text.length < MIN_CARRIED) return;
    this.segments.push({ ...deleted, at: now, added: deleted.text });
    this.size += deleted.text.length;
    this.joined = null;
    eachGram(deleted.text, (g) => this.grams.set(g, (this.grams.get(g) ?? 0) + 1));
    this.trim(now);
  }

  /** Drops what is too old, and the oldest beyond the size kept. */
  trim(now: number): void {
    while (
      this.segments.length > 0 &&
      (this.size > this.maxChars || now - this.segments[0]!.at > this.maxAgeMs)
    ) {
      const seg = this.segments.shift()!;
      this.size -= seg.text.length;
      this.joined = null;
      eachGram(seg.added, (g) => {
        const n = this.grams.get(g)! - 1;
        if (n > 0) this.grams.set(g, n);
        else this.grams.delete(g);
      });
    }
  }

  hasGram(gram: string): boolean {
    return this.grams.has(gram);
  }

  /** The kept text as one string, segments apart ('\0' after each). */
  stream(): DeletedText {
    if (this.joined) return this.joined;
    let text = '';
    const chars: (Char | null)[] = [];
    for (const seg of this.segments) {
      text += `${seg.text}\0`;
      chars.push(...seg.chars, null);
    }
    return (this.joined = { text, chars });
  }

  /** Marks `length` characters from `at` in `stream()` as put back. */
  putBack(at: number, length: number): void {
    this.joined = null;
    let offset = 0;
    for (const seg of this.segments) {
      const end = offset + seg.text.length + 1;
      const from = Math.max(at, offset);
      const to = Math.min(at + length, end - 1);
      if (from < to)
        seg.text = seg.text.slice(0, from - offset) + '\0'.repeat(to - from) + seg.text.slice(to - offset);
      offset = end;
    }
  }
}

function eachGram(text: string, fn: (gram: string) => void): void {
  for (let i = 0; i + MIN_CARRIED <= text.length; i++) fn(text.slice(i, i + MIN_CARRIED));
}

/**
 * What a transaction carried: call it in the document's `afterTransaction` event (deleted text
 * is still there; it is garbage-collected after). Returns the new ranges (whose origin is never
 * their own client) and, per root, how many characters of another client's text were carried, so
 * that they can be left out of what was written and deleted. With `earlier` (what the sender
 * deleted lately), text put back from it is carried too (`restored`: left out of what was written
 * only, its deletion having been counted when it happened), and `deleted` is what this change
 * deleted and did not carry, for the caller to keep there.
 */
export function carriedIn(
  tr: Y.Transaction,
  known: CarriedText,
  earlier?: RecentlyDeleted,
): {
  ranges: CarriedRange[];
  moved: Map<string, number>;
  restored: Map<string, number>;
  deleted: DeletedText;
} {
  const ranges: CarriedRange[] = [];
  const moved = new Map<string, number>();
  const restored = new Map<string, number>();
  const result = () => ({ ranges, moved, restored, deleted: { text: deletedNow, chars: nowChars } });
  let deletedNow = '';
  const nowChars: (Char | null)[] = [];
  const store = tr.doc.store;
  const isText = (s: unknown): s is Y.Item =>
    s instanceof Y.Item && s.content instanceof Y.ContentString && s.parent instanceof Y.AbstractType;

  // Text that stood before and is deleted now.
  const gone = new Set<Y.Item>();
  for (const [client, list] of tr.deleteSet.clients) {
    const structs = store.clients.get(client);
    const before = tr.beforeState.get(client) ?? 0;
    if (!structs) continue;
    for (const { clock, len } of list) {
      const end = Math.min(clock + len, before);
      for (let i = clock < end ? Y.findIndexSS(structs, clock) : structs.length; i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= end) break;
        if (isText(s)) gone.add(s);
      }
    }
  }
  for (const run of runsOf(gone)) {
    if (run.text.length < MIN_CARRIED) continue; // too short to be carried
    deletedNow += `${run.text}\0`;
    nowChars.push(...run.chars, null);
  }
  const hasEarlier = !!earlier && earlier.length > 0;
  if (deletedNow.length === 0 && !hasEarlier) return result();

  // Text written now: still standing, or already deleted again (a merged run of updates can carry
  // text twice: a paragraph split, then joined back).
  const written = new Set<Y.Item>();
  const passing = new Set<Y.Item>();
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    const structs = store.clients.get(client);
    if (after <= before || !structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i];
      if (isText(s)) (s.deleted ? passing : written).add(s);
    }
  }
  if (written.size === 0 && passing.size === 0) return result();

  // Where to look: what this change deleted, then what the sender deleted lately (joined only
  // once a piece of it is met: typing never needs it).
  const nowLength = deletedNow.length;
  let deleted = deletedNow;
  let deletedChars = nowChars;
  let joined = !hasEarlier;
  const join = () => {
    if (joined) return;
    joined = true;
    const before = earlier!.stream();
    deleted += before.text;
    deletedChars = [...nowChars, ...before.chars];
  };
  // Every piece of MIN_CARRIED characters of the deleted text: most written text (typing) is
  // passed over at one lookup per character.
  const grams = new Set<string>();
  eachGram(deletedNow, (g) => grams.add(g));
  const count = (m: Map<string, number>, root: string | null, n: number) => {
    if (root !== null) m.set(root, (m.get(root) ?? 0) + n);
  };

  // Text written and deleted again in this change is only counted: it needs no range. It is
  // matched against the deleted text apart, as it may carry the same words as what stands.
  if (passing.size > 0 && hasEarlier) join();
  const deletedBefore = deleted;
  for (const run of runsOf(passing))
    for (const [i, at, length] of pieces(run.text))
      for (let k = 0; k < length; k++) {
        const from = deletedChars[at + k]!;
        if (known.originOf(from.client, from.clock) !== run.chars[i + k]!.client)
          count(at + k < nowLength ? moved : restored, run.root, 1);
      }
  deleted = deletedBefore;

  for (const run of runsOf(written)) {
    for (const [i, at, length] of pieces(run.text)) {
      if (at >= nowLength) earlier!.putBack(at - nowLength, length);
      for (let k = 0; k < length; k++) {
        const to = run.chars[i + k]!;
        const from = deletedChars[at + k]!;
        const origin = known.originOf(from.client, from.clock);
        // Moving one's own text changes no one's share: it stays counted as written and deleted.
        if (origin === to.client) continue;
        count(at + k < nowLength ? moved : restored, run.root, 1);
        const last = ranges[ranges.length - 1];
        if (
          last &&
          last.client === to.client &&
          last.origin === origin &&
          last.clock + last.length === to.clock
        )
          last.length++;
        else ranges.push({ client: to.client, clock: to.clock, length: 1, origin });
      }
    }
  }
  // What this change deleted and did not carry: the sender may put it back later.
  deletedNow = deleted.slice(0, nowLength);
  return result();

  /**
   * The pieces of `text` found in the deleted text, as [where in text, where in deleted, length]:
   * longest first (the whole run, else the longest prefix found, and on from there). Each deleted
   * character is carried once.
   */
  function* pieces(text: string): Generator<[number, number, number]> {
    let i = 0;
    while (i + MIN_CARRIED <= text.length) {
      const gram = text.slice(i, i + MIN_CARRIED);
      if (!grams.has(gram)) {
        if (!hasEarlier || !earlier!.hasGram(gram)) {
          i++;
          continue;
        }
        join();
      }
      let at = deleted.indexOf(text.slice(i));
      let length = text.length - i;
      if (at < 0) {
        let lo = MIN_CARRIED;
        let hi = length - 1;
        length = 0;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const found = deleted.indexOf(text.slice(i, i + mid));
          if (found >= 0) {
            at = found;
            length = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
      }
      if (length < MIN_CARRIED) {
        i++;
        continue;
      }
      yield [i, at, length];
      deleted = deleted.slice(0, at) + '\0'.repeat(length) + deleted.slice(at + length);
      i += length;
    }
  }
}
