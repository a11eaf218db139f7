/**
 * A committee's five years of data, for bench/years.ts: one committee (12 members) that met 250
 * times in five years (weekly outside holidays: every 7 days from 2021-11-24 to 2026-09-02), with
 * 4 agenda items a meeting, 10,000 decisions (bench/seed-decisions.ts) and **1,000,000 attributed
 * updates** in the Yjs log: the minutes of every meeting typed by its members, one keystroke per
 * update (a character, now and then a word pasted or a backspace; a new paragraph now and then),
 * between 2,500 and 5,500 updates a meeting.
 *
 * The updates are made by Yjs (a Y.Doc per meeting loaded from the store, its client id switched
 * to the typing member's own) and written as the hub writes them: a row of `doc_updates` each,
 * with the member and a time, the member's client ids in `doc_clients` and their characters in
 * `doc_authorship` (summed per member and meeting, which is what the per-update increments add up
 * to); in one transaction per meeting, to build the folder in about a minute.
 *
 * The state of the log is what the hub leaves behind: the 240 oldest meetings compacted (a
 * snapshot, no updates), the 9 next each with 300 updates typed after their last fold (under the
 * 500 that triggers one), and the most recent meeting with its whole log never folded (a hub
 * stopped in the middle of it: the worst case for opening it). Each fold is timed as it is made,
 * and the log's size is taken before and after: those are in the folder's `meta.json`.
 *
 * The folder is made once and kept in bench/.cache/ (ignored by git); `yearsData()` gives a fresh
 * copy of it for each benchmark run, since opening meetings through the hub folds their logs.
 *
 *   npx tsx bench/seed-years.ts [--force]     # (re)makes the cached folder and prints its figures
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { DB_FILE } from '../src/core/store/db';
import { LATEST_VERSION } from '../src/core/store/migrations';
import { MEETING_DOC } from '../src/shared/docs';
import { seedDecisions } from './seed-decisions';
import { REPO_ROOT, fmtBytes, fmtMs, openCore, pct, removeDir, runMain, summarize, tempDir } from './lib';

/** Bump when what the generator makes changes: the cached folder is made again. */
const GENERATOR_VERSION = 1;
export const CACHE_DIR = join(
  REPO_ROOT,
  'bench',
  '.cache',
  `years-v${GENERATOR_VERSION}-schema${LATEST_VERSION}`,
);

export const YEARS = {
  meetings: 250,
  decisions: 10_000,
  updates: 1_000_000,
  /** Meetings whose log is compacted (the oldest). */
  compacted: 240,
  /** Updates typed after the last fold in the 9 meetings after those. */
  pendingAfterFold: 300,
} as const;

export interface YearsMeta {
  generatorVersion: number;
  madeAt: string;
  seconds: number;
  committeeId: string;
  meetings: { id: string; docName: string; startsAt: string; updates: number; state: string }[];
  /** The meeting with the longest minutes (compacted), the one with 300 pending, the one never folded. */
  biggest: string;
  pending: string;
  unfolded: string;
  updates: number;
  log: {
    before: { updates: number; bytes: number; fileBytes: number };
    after: {
      updates: number;
      bytes: number;
      snapshots: number;
      snapshotBytes: number;
      fileBytes: number;
      freePages: number;
      pageSize: number;
    };
    /** One fold per compacted meeting, ms. */
    folds: { n: number; median: number; p99: number; max: number; totalMs: number };
  };
}

const WORDS = (
  'le comité recommande que l’accueil aux urgences soit revu avec les partenaires patients et les proches aidants ' +
  'la coprésidence rappelle le mandat du comité et propose un bilan à l’automne ; les membres discutent du ' +
  'projet premier contact de la trajectoire de soins des délais d’attente de la satisfaction des usagers de ' +
  'l’équipe de soins du budget de la formation des intervenants et de la place des familles dans les décisions ' +
  'une partenaire souligne l’importance d’un accueil bilingue et d’heures de soirée ; un gestionnaire présente ' +
  'les résultats du sondage et les prochaines étapes ; le comité convient de poursuivre la réflexion'
).split(' ');

/** A small deterministic generator (mulberry32), so that the folder is the same every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Typed {
  updates: { data: Uint8Array; memberId: string }[];
  clients: Map<number, string>;
  authorship: Map<string, { inserted: number; deleted: number }>;
}

/** `n` keystrokes of the members into the minutes of a doc whose stored state is `state`. */
function typeMinutes(state: Uint8Array, memberIds: string[], n: number, random: () => number): Typed {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  const minutes = doc.getXmlFragment(MEETING_DOC.minutes);
  const ids = new Map<string, number>();
  const clients = new Map<number, string>();
  for (const m of memberIds) {
    let id: number;
    do id = 1 + Math.floor(random() * 2 ** 31);
    while (clients.has(id) || Y.getState(doc.store, id) > 0);
    ids.set(m, id);
    clients.set(id, m);
  }
  const authorship = new Map<string, { inserted: number; deleted: number }>();
  const updates: Typed['updates'] = [];
  let writer = memberIds[0]!;
  doc.on('update', (data: Uint8Array) => updates.push({ data, memberId: writer }));
  // Five members write most of the minutes: the secretary, the co-chairs, two partners.
  const writers = [2, 0, 1, 3, 6, 2, 2, 0, 9, 4].map((i) => memberIds[i % memberIds.length]!);
  let w = 0;
  while (updates.length < n) {
    writer = writers[Math.floor(random() * writers.length)]!;
    doc.clientID = ids.get(writer)!;
    const counts = authorship.get(writer) ?? { inserted: 0, deleted: 0 };
    authorship.set(writer, counts);
    let text!: Y.XmlText;
    doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      text = new Y.XmlText();
      p.insert(0, [text]);
      minutes.push([p]);
    });
    const length = 60 + Math.floor(random() * 340);
    let typed = 0;
    while (typed < length && updates.length < n) {
      const word = WORDS[w++ % WORDS.length]! + ' ';
      for (let i = 0; i < word.length && updates.length < n;) {
        const roll = random();
        if (roll < 0.08 && text.length > 0) {
          doc.transact(() => text.delete(text.length - 1, 1));
          counts.deleted++;
          i = Math.max(0, i - 1);
        } else if (roll < 0.12) {
          const rest = word.slice(i); // the rest of the word at once (completion, a paste)
          doc.transact(() => text.insert(text.length, rest));
          counts.inserted += rest.length;
          typed += rest.length;
          i = word.length;
        } else {
          doc.transact(() => text.insert(text.length, word[i]!));
          counts.inserted++;
          typed++;
          i++;
        }
      }
    }
  }
  doc.destroy();
  return { updates: updates.slice(0, n), clients, authorship };
}

/** Makes the folder in `dir`; returns its figures. */
function generate(dir: string): YearsMeta {
  const started = performance.now();
  const core = openCore(dir);
  const random = rng(20211124);
  const committee = seedDecisions(core, YEARS.decisions, {
    meetings: YEARS.meetings,
    first: new Date(Date.UTC(2021, 10, 24, 23)),
    everyDays: 7,
  });
  console.log(
    `committee, 250 meetings, 1,000 agenda items, 10,000 decisions: ${fmtMs(performance.now() - started)}`,
  );
  const memberIds = core.repos.listMembers(committee.id).map((m) => m.id);
  const meetings = core.repos.listMeetings(committee.id).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (meetings.length !== YEARS.meetings)
    throw new Error(`expected ${YEARS.meetings} meetings, got ${meetings.length}`);

  // Between 2,500 and 5,500 keystrokes a meeting, 1,000,000 in all.
  const counts = meetings.map((_, i) => 4000 + Math.round(1500 * Math.sin(i * 1.7)));
  counts[counts.length - 1]! += YEARS.updates - counts.reduce((a, b) => a + b, 0);

  const db = core.db;
  const insert = db.prepare(
    'INSERT INTO doc_updates (doc_name, data, member_id, created_at) VALUES (?, ?, ?, ?)',
  );
  const client = db.prepare(
    'INSERT OR IGNORE INTO doc_clients (doc_name, client_id, member_id, first_seen_at) VALUES (?, ?, ?, ?)',
  );
  const author = db.prepare(
    `INSERT INTO doc_authorship (doc_name, member_key, root, inserted, deleted) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(doc_name, member_key, root) DO UPDATE SET inserted = inserted + excluded.inserted, deleted = deleted + excluded.deleted`,
  );
  const write = (docName: string, startsAt: string, from: number, rows: Typed['updates']) => {
    const t0 = Date.parse(startsAt);
    db.transaction(() => {
      rows.forEach((u, i) =>
        insert.run(docName, u.data, u.memberId, new Date(t0 + (from + i) * 400).toISOString()),
      );
    })();
  };

  const t1 = performance.now();
  const held: { docName: string; startsAt: string; from: number; rows: Typed['updates'] }[] = [];
  let total = 0;
  meetings.forEach((m, i) => {
    const state = Y.encodeStateAsUpdate(core.docStore.load(m.docName));
    const typed = typeMinutes(state, memberIds, counts[i]!, random);
    db.transaction(() => {
      for (const [id, member] of typed.clients) client.run(m.docName, id, member, m.startsAt);
      for (const [member, c] of typed.authorship)
        author.run(m.docName, member, MEETING_DOC.minutes, c.inserted, c.deleted);
    })();
    // The 9 meetings after the compacted ones keep their last 300 keystrokes for after the fold.
    const keep = i >= YEARS.compacted && i < meetings.length - 1 ? YEARS.pendingAfterFold : 0;
    write(m.docName, m.startsAt, 0, typed.updates.slice(0, typed.updates.length - keep));
    if (keep)
      held.push({
        docName: m.docName,
        startsAt: m.startsAt,
        from: typed.updates.length - keep,
        rows: typed.updates.slice(-keep),
      });
    total += typed.updates.length;
    if (i % 50 === 49)
      console.log(
        `  minutes typed and written: ${i + 1} meetings, ${total} updates, ${fmtMs(performance.now() - t1)}`,
      );
  });

  const logStats = () =>
    db
      .prepare('SELECT COUNT(*) AS updates, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM doc_updates')
      .get() as {
      updates: number;
      bytes: number;
    };
  const fileBytes = () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return statSync(join(dir, DB_FILE)).size;
  };
  const before = { ...logStats(), fileBytes: fileBytes() };
  console.log(
    `log before compaction: ${before.updates} updates, ${fmtBytes(before.bytes)}; file ${fmtBytes(before.fileBytes)}`,
  );

  // Fold every meeting but the last, as the hub would have (timed one by one).
  const folds: number[] = [];
  meetings.slice(0, -1).forEach((m) => {
    const t = performance.now();
    core.docStore.compact(m.docName);
    folds.push(performance.now() - t);
  });
  for (const h of held) write(h.docName, h.startsAt, h.from, h.rows);
  const snaps = db
    .prepare(
      'SELECT COUNT(*) AS snapshots, COALESCE(SUM(LENGTH(data)), 0) AS snapshotBytes FROM doc_snapshots',
    )
    .get() as { snapshots: number; snapshotBytes: number };
  const after = {
    ...logStats(),
    ...snaps,
    fileBytes: fileBytes(),
    freePages: db.pragma('freelist_count', { simple: true }) as number,
    pageSize: db.pragma('page_size', { simple: true }) as number,
  };
  const foldSummary = summarize(folds);
  console.log(
    `${folds.length} folds: median ${fmtMs(foldSummary.median)}, p99 ${fmtMs(pct(folds, 0.99))}, max ${fmtMs(foldSummary.max)}; ` +
      `log after: ${after.updates} updates (${fmtBytes(after.bytes)}) + ${after.snapshots} snapshots (${fmtBytes(after.snapshotBytes)}); ` +
      `file ${fmtBytes(after.fileBytes)}, ${after.freePages} free pages`,
  );

  const byCount = meetings.map((m, i) => ({ m, n: counts[i]! }));
  const biggest = byCount.slice(0, YEARS.compacted).sort((a, b) => b.n - a.n)[0]!.m;
  const meta: YearsMeta = {
    generatorVersion: GENERATOR_VERSION,
    madeAt: new Date().toISOString(),
    seconds: 0,
    committeeId: committee.id,
    meetings: meetings.map((m, i) => ({
      id: m.id,
      docName: m.docName,
      startsAt: m.startsAt,
      updates: counts[i]!,
      state: i < YEARS.compacted ? 'compacted' : i < meetings.length - 1 ? 'snapshot + 300' : 'never folded',
    })),
    biggest: biggest.id,
    pending: meetings[meetings.length - 2]!.id,
    unfolded: meetings[meetings.length - 1]!.id,
    updates: total,
    log: {
      before,
      after,
      folds: {
        n: folds.length,
        median: foldSummary.median,
        p99: pct(folds, 0.99),
        max: foldSummary.max,
        totalMs: folds.reduce((a, b) => a + b, 0),
      },
    },
  };
  core.close();
  meta.seconds = (performance.now() - started) / 1000;
  return meta;
}

/** The cached folder's figures, making it first if it is not there (or `force`). */
export function ensureYears(force = false): YearsMeta {
  const metaFile = join(CACHE_DIR, 'meta.json');
  if (!force && existsSync(metaFile) && existsSync(join(CACHE_DIR, DB_FILE)))
    return JSON.parse(readFileSync(metaFile, 'utf8')) as YearsMeta;
  console.log(`making the five years' folder in ${CACHE_DIR} (about a minute or two)…`);
  const dir = tempDir('coconstruct-years-');
  try {
    const meta = generate(dir);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
    mkdirSync(join(CACHE_DIR, '..'), { recursive: true });
    removeDir(CACHE_DIR);
    try {
      renameSync(dir, CACHE_DIR);
    } catch {
      // another file system: copy
      mkdirSync(CACHE_DIR, { recursive: true });
      for (const f of [DB_FILE, 'meta.json']) copyFileSync(join(dir, f), join(CACHE_DIR, f));
    }
    console.log(`made in ${meta.seconds.toFixed(0)} s`);
    return meta;
  } finally {
    removeDir(dir);
  }
}

/** A fresh copy of the cached folder (made first if needed) in a temp folder, and its figures. */
export function yearsData(): { dir: string; meta: YearsMeta } {
  const meta = ensureYears();
  const dir = tempDir('coconstruct-years-run-');
  copyFileSync(join(CACHE_DIR, DB_FILE), join(dir, DB_FILE));
  return { dir, meta };
}

if (process.argv[1]?.endsWith('seed-years.ts')) {
  runMain('seed-years', 30 * 60_000, async () => {
    const meta = ensureYears(process.argv.includes('--force'));
    console.log(JSON.stringify({ ...meta, meetings: `${meta.meetings.length} meetings` }, null, 2));
  });
}
