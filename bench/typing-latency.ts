/**
 * Benchmark 3: per-keystroke round trip through the hub. The minutes already hold the whole
 * automerge-paper text (its full editing history); client A types one character (one Yjs
 * transaction, every tenth a backspace) in the middle of it and waits until client B has it:
 * A → hub (guard, SQLite write with synchronous=FULL, relay) → B. Median and p95 per run.
 *
 *   npx tsx bench/typing-latency.ts [--runs 5]
 */
import * as Y from 'yjs';
import {
  addParagraph,
  applyPatches,
  budgetFromArgs,
  commitLatencyUs,
  firstParagraphText,
  fits,
  fmtMs,
  fmtSummary,
  loadTrace,
  machine,
  printMachine,
  printResult,
  quantile,
  removeDir,
  runMain,
  runsFromArgs,
  startRunning,
  summarize,
  syncedClient,
  timeMethod,
  waitFor,
  type Client,
  type Trace,
} from './lib';

const KEYSTROKES = 2000;
const WARMUP = 200;
const KEYSTROKE_LIMIT_MS = 5000;
const BUDGET = budgetFromArgs(120);
const TYPED = 'Les partenaires ont proposé de revoir l’accueil de nuit aux urgences. ';

interface Run {
  latencies: number[];
  median: number;
  p95: number;
  p99: number;
  max: number;
  /** Per keystroke at the hub, medians: SQLite append, authorship write. */
  appendMs: number;
  authorshipMs: number;
  compactions: number;
  /** Keystrokes slower than the run's p95: how many, their median SQLite time, how many met a compaction. */
  slow: { count: number; sqliteMs: number; duringCompaction: number };
  closes: number[];
}

async function run(trace: Trace, content: Uint8Array): Promise<Run> {
  const r = await startRunning(2);
  const { docName, tokens } = r.seeded;
  let a: Client | null = null;
  let b: Client | null = null;
  try {
    // A holds the whole trace before it connects; its first sync gives it to the hub.
    const aDoc = new Y.Doc();
    Y.applyUpdate(aDoc, content);
    a = await syncedClient(r.hub, docName, tokens[0]!, aDoc);
    b = await syncedClient(r.hub, docName, tokens[1]!);
    const bDoc = b.doc;
    await waitFor(
      () => firstParagraphText(bDoc)?.toString() === trace.endContent,
      60_000,
      'B to receive the whole text',
    );
    const text = firstParagraphText(aDoc)!;
    const bText = firstParagraphText(bDoc)!;

    const append = timeMethod(r.core.docStore, 'append');
    const authorship = timeMethod((r.core as unknown as { minutes?: object }).minutes ?? {}, 'addAuthorship');
    const compact = timeMethod(r.core.docStore, 'compact');
    let waiting: (() => void) | null = null;
    bDoc.on('update', () => {
      const w = waiting;
      waiting = null;
      w?.();
    });

    let pos = Math.floor(trace.endContent.length / 2);
    const latencies: number[] = [];
    const appendPer: number[] = [];
    const authorshipPer: number[] = [];
    const compacted: boolean[] = [];
    for (let k = 0; k < WARMUP + KEYSTROKES; k++) {
      const seen = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`keystroke ${k} not seen by B`)), KEYSTROKE_LIMIT_MS);
        waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const before = { append: append.ms, authorship: authorship.ms, compactions: compact.calls };
      const t = performance.now();
      if (k % 10 === 9) {
        text.delete(pos - 1, 1);
        pos--;
      } else {
        text.insert(pos, TYPED[k % TYPED.length]!);
        pos++;
      }
      await seen;
      const ms = performance.now() - t;
      if (k >= WARMUP) {
        latencies.push(ms);
        appendPer.push(append.ms - before.append);
        authorshipPer.push(authorship.ms - before.authorship);
        compacted.push(compact.calls > before.compactions);
      }
    }
    if (bText.toString() !== text.toString()) throw new Error('B ended with another text than A');
    const sorted = [...latencies].sort((x, y) => x - y);
    const p95 = quantile(sorted, 0.95);
    const slow = latencies.flatMap((ms, i) => (ms > p95 ? [i] : []));
    return {
      latencies,
      median: quantile(sorted, 0.5),
      p95,
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1)!,
      appendMs: summarize(appendPer).median,
      authorshipMs: summarize(authorshipPer).median,
      compactions: compact.calls,
      slow: {
        count: slow.length,
        sqliteMs: summarize(slow.map((i) => appendPer[i]! + authorshipPer[i]!)).median,
        duringCompaction: slow.filter((i) => compacted[i]).length,
      },
      closes: [...a.closes, ...b.closes],
    };
  } finally {
    a?.destroy();
    b?.destroy();
    await r.stop();
    removeDir(r.dir);
  }
}

async function main(): Promise<void> {
  const runs = runsFromArgs(5);
  const m = machine();
  printMachine(m);
  const trace = loadTrace('automerge-paper');
  // The whole editing history of the paper, as one client's state.
  const doc = new Y.Doc();
  const text = addParagraph(doc, trace.startContent);
  for (const t of trace.txns) doc.transact(() => applyPatches(text, t.patches));
  const content = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  console.log(
    `${KEYSTROKES} keystrokes (after ${WARMUP} not counted) into a doc of ${trace.endContent.length} characters`,
  );

  const commitBefore = commitLatencyUs();
  console.log(
    `one SQLite commit (WAL, synchronous=FULL) on this disk now: ${commitBefore.toFixed(0)} µs (median of 500)`,
  );
  const results: Run[] = [];
  const deadline = performance.now() + BUDGET * 1000;
  let longest = 0;
  for (let i = 0; i < runs && fits(i, longest, deadline); i++) {
    const t = performance.now();
    const res = await run(trace, content);
    results.push(res);
    longest = Math.max(longest, performance.now() - t);
    console.log(
      `  run ${i + 1}: median ${fmtMs(res.median)}, p95 ${fmtMs(res.p95)}, p99 ${fmtMs(res.p99)}, max ${fmtMs(res.max)}; ` +
        `per keystroke at the hub: append ${fmtMs(res.appendMs)}, authorship ${fmtMs(res.authorshipMs)}; ` +
        `${res.compactions} compactions; the ${res.slow.count} keystrokes above p95 spent a median ` +
        `${fmtMs(res.slow.sqliteMs)} in SQLite, ${res.slow.duringCompaction} of them met a compaction`,
    );
  }
  const median = summarize(results.map((x) => x.median));
  const p95 = summarize(results.map((x) => x.p95));
  const pooled = results.flatMap((x) => x.latencies).sort((x, y) => x - y);
  console.log('\nsummary:');
  console.log(`  median per run: ${fmtSummary(median)}`);
  console.log(`  p95 per run:    ${fmtSummary(p95)}`);
  console.log(
    `  all ${pooled.length} keystrokes: median ${fmtMs(quantile(pooled, 0.5))}, p95 ${fmtMs(quantile(pooled, 0.95))}, ` +
      `p99 ${fmtMs(quantile(pooled, 0.99))}, max ${fmtMs(pooled.at(-1)!)}`,
  );
  const commitAfter = commitLatencyUs();
  const loadAfter = machine().loadavg;
  console.log(
    `  one SQLite commit: ${commitBefore.toFixed(0)} µs before, ${commitAfter.toFixed(0)} µs after; load average after: ${loadAfter.join(' ')}`,
  );
  const closes = results.flatMap((x) => x.closes);
  if (closes.length) console.log(`  connection closes seen by the clients: ${closes.join(', ')}`);
  printResult({
    benchmark: 'typing-latency',
    machine: m,
    runs,
    keystrokes: KEYSTROKES,
    commitUs: { before: commitBefore, after: commitAfter },
    loadAfter,
    median,
    p95,
    pooled: {
      median: quantile(pooled, 0.5),
      p95: quantile(pooled, 0.95),
      p99: quantile(pooled, 0.99),
      max: pooled.at(-1),
    },
    perRun: results.map(({ latencies: _l, ...rest }) => rest),
  });
}

runMain('typing-latency', (BUDGET + 300) * 1000, main);
