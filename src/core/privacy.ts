/**
 * Replacing a person's name by their pseudonym wherever the app holds it: in strings and JSON
 * values, in the collaborative documents (text, maps, arrays), and in every text column of the
 * database. Used by an erasure (src/core/services/privacy.ts).
 */
import * as Y from 'yjs';
import { MEETING_DOC } from '../shared/docs';
import type { DB } from './store/db';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeHtml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Finds a name as written, in any case, and as HTML writes it; spaces may be any run of spaces. */
export class NameMatcher {
  private readonly source: string;

  constructor(
    readonly name: string,
    readonly pseudonym: string,
  ) {
    const forms = [...new Set([name, escapeHtml(name)].map((f) => f.normalize('NFC')))];
    this.source = forms
      .sort((a, b) => b.length - a.length)
      .map((f) => escapeRegExp(f).replace(/\s+/g, '\\s+'))
      .join('|');
  }

  private re(global: boolean): RegExp {
    return new RegExp(this.source, global ? 'giu' : 'iu');
  }

  test(s: string): boolean {
    return this.re(false).test(s.normalize('NFC'));
  }

  /** Where the name occurs in `s` (already NFC), last first: replacing from the end keeps indexes. */
  matches(s: string): { index: number; length: number }[] {
    return [...s.matchAll(this.re(true))].map((m) => ({ index: m.index, length: m[0].length })).reverse();
  }

  replace(s: string): string {
    return s.normalize('NFC').replace(this.re(true), this.pseudonym);
  }

  /** A copy of a JSON-like value with the name replaced in every string (keys included). */
  replaceDeep<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.test(v) ? this.replace(v) : v;
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object' && !(v instanceof Uint8Array))
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }

  mentionedIn(value: unknown): boolean {
    return JSON.stringify(value) !== JSON.stringify(this.replaceDeep(value));
  }
}

/** Replaces the name in a Y.Text or Y.XmlText, keeping the formatting of where each mention starts. */
function scrubText(text: Y.Text | Y.XmlText, m: NameMatcher): boolean {
  const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  let plain = '';
  const runs: { from: number; to: number; attributes?: Record<string, unknown> }[] = [];
  for (const op of delta) {
    // Embeds count as one position: a character that never matches.
    const s = typeof op.insert === 'string' ? op.insert : '\u0000';
    runs.push({ from: plain.length, to: plain.length + s.length, attributes: op.attributes });
    plain += s;
  }
  // Positions in the Yjs text are those of the text as stored: normalise only to find.
  const found = plain === plain.normalize('NFC') ? m.matches(plain) : m.matches(plain.normalize('NFC'));
  if (plain !== plain.normalize('NFC') && found.length) {
    // Rare (decomposed accents): replace the whole text, formatting of its first run kept.
    const replaced = m.replace(plain);
    text.delete(0, text.length);
    text.insert(0, replaced, runs[0]?.attributes ?? {});
    return true;
  }
  for (const { index, length } of found) {
    const attributes = runs.find((r) => index >= r.from && index < r.to)?.attributes ?? {};
    text.delete(index, length);
    text.insert(index, m.pseudonym, attributes);
  }
  return found.length > 0;
}

function scrubXml(node: Y.XmlFragment | Y.XmlElement, m: NameMatcher): boolean {
  let changed = false;
  if (node instanceof Y.XmlElement) {
    for (const [k, v] of Object.entries(node.getAttributes())) {
      if (typeof v === 'string' && m.test(v)) {
        node.setAttribute(k, m.replace(v));
        changed = true;
      }
    }
  }
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) changed = scrubText(child, m) || changed;
    else if (child instanceof Y.XmlElement) changed = scrubXml(child, m) || changed;
  }
  return changed;
}

function scrubMap(map: Y.Map<unknown>, m: NameMatcher): boolean {
  let changed = false;
  for (const [k, v] of [...map.entries()]) {
    if (v instanceof Y.AbstractType) changed = scrubType(v, m) || changed;
    else if (m.mentionedIn(v)) {
      map.set(k, m.replaceDeep(v));
      changed = true;
    }
  }
  return changed;
}

function scrubArray(arr: Y.Array<unknown>, m: NameMatcher): boolean {
  let changed = false;
  arr.toArray().forEach((v, i) => {
    if (v instanceof Y.AbstractType) changed = scrubType(v, m) || changed;
    else if (m.mentionedIn(v)) {
      arr.delete(i, 1);
      arr.insert(i, [m.replaceDeep(v)]);
      changed = true;
    }
  });
  return changed;
}

function scrubType(t: Y.AbstractType<unknown>, m: NameMatcher): boolean {
  if (t instanceof Y.XmlText || t instanceof Y.Text) return scrubText(t, m);
  if (t instanceof Y.XmlFragment) return scrubXml(t, m);
  if (t instanceof Y.Map) return scrubMap(t as Y.Map<unknown>, m);
  if (t instanceof Y.Array) return scrubArray(t as Y.Array<unknown>, m);
  return false;
}

/** Replaces the name everywhere in a meeting document (its known fields). Returns whether it changed. */
export function scrubMeetingDoc(doc: Y.Doc, m: NameMatcher): boolean {
  let changed = scrubXml(doc.getXmlFragment(MEETING_DOC.minutes), m);
  for (const root of [MEETING_DOC.agenda, MEETING_DOC.decisions, MEETING_DOC.actions])
    changed = scrubArray(doc.getArray<unknown>(root), m) || changed;
  for (const root of [MEETING_DOC.meta, MEETING_DOC.comments])
    changed = scrubMap(doc.getMap<unknown>(root), m) || changed;
  return changed;
}

/** The full-text tables' own storage (FTS5 shadow tables): changed through their virtual table. */
const FTS_SHADOWS = ['_data', '_idx', '_content', '_docsize', '_config'];

/**
 * Replaces the name in every text column of every table but `skip` (the decision log, the
 * append-only registers, the documents' binary history, which are handled on their own).
 * Returns the number of values changed per table.
 */
export function scrubTables(db: DB, m: NameMatcher, skip: ReadonlySet<string>): Map<string, number> {
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string; sql: string }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const shadows = new Set(virtual.flatMap((v) => FTS_SHADOWS.map((s) => `${v}${s}`)));
  db.function('coconstruct_mentions', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' && m.test(v) ? 1 : 0,
  );
  db.function('coconstruct_replace', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? m.replace(v) : v,
  );
  const changed = new Map<string, number>();
  for (const { name } of tables) {
    if (skip.has(name) || shadows.has(name)) continue;
    const columns = (
      db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(name) as {
        name: string;
        type: string;
      }[]
    ).filter((c) => c.type === '' || /TEXT|CHAR|CLOB/i.test(c.type));
    for (const c of columns) {
      const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
      // One UPDATE per column, without rowids (some tables are WITHOUT ROWID).
      const { changes } = db
        .prepare(
          `UPDATE ${q(name)} SET ${q(c.name)} = coconstruct_replace(${q(c.name)}) WHERE coconstruct_mentions(${q(c.name)})`,
        )
        .run();
      if (changes) changed.set(name, (changed.get(name) ?? 0) + changes);
    }
  }
  return changed;
}
