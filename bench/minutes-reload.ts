/**
 * Benchmark 2: reloading the minutes of the automerge-paper trace from SQLite, against Yjs parsing
 * its own encoded state. Target: no more than 2x.
 *
 * The data folder holds the meeting doc as the hub writes it: one row per update in the log
 * (attributed to the member), folded by compaction into a snapshot. Four states of it:
 *   - full log:   all 259,779 updates unfolded (compaction never ran: the worst case);
 *   - snapshot + tail: a snapshot plus the last 500 (where the default policy folds) or 2,000
 *                 updates unfolded (what a fast burst leaves before the compaction that follows);
 *   - compacted:  the snapshot alone, after core.docStore.compact(docName).
 * For each: Core.open on the folder, core.docStore.load(docName), and the LiveDocs path
 * (core.docs.acquire, what the hub does when the first peer connects). The comparison:
 * Y.applyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc)). Each run opens the Core afresh and then
 * loads, parses and acquires in turn several times; the first run warms up and is not counted.
 *
 *   npx tsx bench/minutes-reload.ts [--runs 7]
 */
import * as Y from 'yjs';
import type { Core } from '../src/core';
import {
  budgetFromArgs,
  firstParagraphText,
  fits,
  fmtBytes,
  fmtSummary,
  loadTrace,
  machine,
  openCore,
  printMachine,
  printResult,
  removeDir,
  runMain,
  runsFromArgs,
  seedMeeting,
  summarize,
  tempDir,
  traceUpdates,
  type Summary,
} from './lib';

const TARGET_RATIO = 2;
/**
 * Unfolded updates on top of the snapshot: 500 is where the default policy folds the log
 * (DEFAULT_COMPACTION.maxUpdates); about 2,000 is what a fast burst leaves behind, compaction
 * running 1 s after the threshold is passed (the trace through the hub ends with 2,100 to 2,300).
 */
const TAILS = [500, 2000];
const BUDGET = budgetFromArgs(160);
/** Loads and parses per run where one takes milliseconds (the full log, about a second, gets one). */
const REPS = 10;

/** Appends updates as the hub does (DocStore.append each), committing every 10,000 for speed. */
function appendAll(core: Core, docName: string, updates: Uint8Array[], memberId: string | null): void {
  for (let i = 0; i < updates.length; i += 10_000) {
    core.db.transaction(() => {
      for (const u of updates.slice(i, i + 10_000)) core.docStore.append(docName, u, memberId);
    })();
  }
}

interface StateResult {
  state: string;
  log: { updates: number; bytes: number; snapshotBytes: number };
  open: Summary;
  load: Summary;
  acquire: Summary;
  parse: Summary;
  ratio: number;
  ratioWithOpen: number;
  encodedBytes: number;
}

function measure(
  state: string,
  reps: number,
  dir: string,
  docName: string,
  endContent: string,
  runs: number,
  deadline: number,
): StateResult {
  const open: number[] = [];
  const load: number[] = [];
  const acquire: number[] = [];
  const parse: number[] = [];
  let log = { updates: 0, bytes: 0, snapshotBytes: 0 };
  let encoded: Uint8Array = new Uint8Array(0);
  let longest = 0;
  // One more run than counted: the first warms up the code paths and is dropped.
  for (let i = 0; i <= runs && fits(i, longest, deadline); i++) {
    const start = performance.now();
    const counted = i > 0;
    const t = performance.now();
    const core = openCore(dir);
    const openMs = performance.now() - t;
    try {
      if (counted) open.push(openMs);
      if (encoded.byteLength === 0) {
        const doc = core.docStore.load(docName);
        encoded = Y.encodeStateAsUpdate(doc);
        doc.destroy();
      }
      const check = (doc: Y.Doc, what: string) => {
        if (firstParagraphText(doc)?.toString() !== endContent)
          throw new Error(`${state}: ${what} gave another text`);
      };
      const steps = {
        load: () => {
          const t0 = performance.now();
          const doc = core.docStore.load(docName);
          const ms = performance.now() - t0;
          check(doc, 'docStore.load');
          doc.destroy();
          return ms;
        },
        parse: () => {
          const t0 = performance.now();
          const doc = new Y.Doc();
          Y.applyUpdate(doc, encoded);
          const ms = performance.now() - t0;
          check(doc, 'Yjs parse');
          doc.destroy();
          return ms;
        },
        acquire: () => {
          const t0 = performance.now();
          const live = core.docs.acquire(docName);
          const ms = performance.now() - t0;
          check(live.doc, 'docs.acquire');
          core.docs.evict(docName); // unloads without folding: the next one sees the same state
          return ms;
        },
      };
      const samples = { load, parse, acquire };
      // Load, parse and acquire in turn, `reps` times, starting each round with the next one: none
      // of them always runs right after another's garbage.
      const order = ['load', 'parse', 'acquire'] as const;
      for (let rep = 0; rep < reps; rep++) {
        for (let k = 0; k < order.length; k++) {
          const step = order[(rep + i + k) % order.length]!;
          const ms = steps[step]();
          if (counted) samples[step].push(ms);
        }
      }
      const { count, bytes } = core.docStore.stats(docName);
      const snap = core.db
        .prepare('SELECT LENGTH(data) AS n FROM doc_snapshots WHERE doc_name = ?')
        .get(docName) as { n: number } | undefined;
      log = { updates: count, bytes, snapshotBytes: snap?.n ?? 0 };
    } finally {
      // Closed without Core.close(): that would fold the log on the way out and change the state.
      core.db.close();
    }
    longest = Math.max(longest, performance.now() - start);
  }
  const s = {
    open: summarize(open),
    load: summarize(load),
    acquire: summarize(acquire),
    parse: summarize(parse),
  };
  return {
    state,
    log,
    ...s,
    ratio: s.load.median / s.parse.median,
    ratioWithOpen: (s.open.median + s.load.median) / s.parse.median,
    encodedBytes: encoded.byteLength,
  };
}

async function main(): Promise<void> {
  const runs = runsFromArgs(7);
  const m = machine();
  printMachine(m);
  const trace = loadTrace('automerge-paper');
  const dir = tempDir();
  const results: StateResult[] = [];
  try {
    const core = openCore(dir);
    const seeded = seedMeeting(core, 1);
    const { docName } = seeded;
    const caller = core.authenticate(seeded.tokens[0]!);
    const memberId = caller?.kind === 'member' ? caller.memberId : null;
    const { setup, updates } = traceUpdates(trace, 1_234_567);
    const all = [setup, ...updates];
    console.log(
      `doc ${docName}: ${all.length} updates, ${fmtBytes(all.reduce((n, u) => n + u.byteLength, 0))}; up to ${runs} runs per state`,
    );
    try {
      appendAll(core, docName, all, memberId);
    } finally {
      core.db.close();
    }
    const deadline = () => performance.now() + (BUDGET * 1000) / (TAILS.length + 2);

    results.push(measure('full log', 1, dir, docName, trace.endContent, runs, deadline()));

    // Snapshot + a tail: fold all but the last updates, as if compaction had just run, then those.
    for (const tail of TAILS) {
      const c = openCore(dir);
      c.db.prepare('DELETE FROM doc_updates WHERE doc_name = ?').run(docName);
      c.db.prepare('DELETE FROM doc_snapshots WHERE doc_name = ?').run(docName);
      appendAll(c, docName, all.slice(0, all.length - tail), memberId);
      c.docStore.compact(docName);
      appendAll(c, docName, all.slice(all.length - tail), memberId);
      c.db.close();
      results.push(
        measure(`snapshot + ${tail} updates`, REPS, dir, docName, trace.endContent, runs, deadline()),
      );
    }

    {
      const c = openCore(dir);
      c.docStore.compact(docName);
      c.db.close();
    }
    results.push(measure('compacted', REPS, dir, docName, trace.endContent, runs, deadline()));
  } finally {
    removeDir(dir);
  }

  console.log(
    '\nsummary (reload = docStore.load; Yjs = Y.applyUpdate of Y.encodeStateAsUpdate into a fresh doc):',
  );
  for (const r of results) {
    console.log(
      `  ${r.state}: ${r.log.updates} unfolded updates (${fmtBytes(r.log.bytes)}) + snapshot ${fmtBytes(r.log.snapshotBytes)}; encoded state ${fmtBytes(r.encodedBytes)}`,
    );
    console.log(`    ${r.load.n} loads, parses and acquires over ${r.open.n} runs (each a fresh Core.open)`);
    console.log(`    Core.open:          ${fmtSummary(r.open)}`);
    console.log(`    docStore.load:      ${fmtSummary(r.load)}`);
    console.log(`    docs.acquire:       ${fmtSummary(r.acquire)}`);
    console.log(`    Yjs parse:          ${fmtSummary(r.parse)}`);
    console.log(
      `    ratio load/parse ${r.ratio.toFixed(2)}x (with Core.open ${r.ratioWithOpen.toFixed(2)}x); target ≤ ${TARGET_RATIO}x: ${r.ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
  }
  const loadAfter = machine().loadavg;
  console.log(`load average after: ${loadAfter.join(' ')}`);
  printResult({
    benchmark: 'minutes-reload',
    machine: m,
    runs,
    targetRatio: TARGET_RATIO,
    loadAfter,
    results,
  });
}

runMain('minutes-reload', (BUDGET + 300) * 1000, main);
