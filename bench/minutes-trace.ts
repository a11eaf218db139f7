/**
 * Benchmark 1: the automerge-paper editing trace typed into a meeting's minutes through the hub.
 *
 * Client A (a member, stock y-websocket) replays the trace into `minutes` (one XmlText in one
 * paragraph), one Yjs transaction per trace transaction; the hub checks each update, writes it to
 * SQLite (synchronous=FULL) and relays it; client B (another member) receives it. Measured: from
 * the first update A sends until B's text equals endContent. Compared with Yjs replaying the same
 * transactions alone in one process (one Y.Doc, no network). Target: no more than 1.25x.
 *
 * Also: the same with A grouping 10 and 100 trace transactions per Yjs transaction (fewer, larger
 * updates), where the hub spends its time (instrumented runs and each step alone), the SQLite log
 * the run leaves, and that the text survives a reload from SQLite.
 *
 *   npx tsx bench/minutes-trace.ts [--runs 5]
 */
import * as Y from 'yjs';
import { EditOrigin, type Core } from '../src/core';
import { rootsTouched } from '../src/core/doc-guard';
import {
  addParagraph,
  applyPatches,
  budgetFromArgs,
  commitLatencyUs,
  dbFileSizes,
  firstParagraphText,
  fits,
  fmtBytes,
  fmtMs,
  fmtSummary,
  loadTrace,
  machine,
  openCore,
  printMachine,
  printResult,
  removeDir,
  replayAlone,
  runMain,
  runsFromArgs,
  seedMeeting,
  startRunning,
  summarize,
  syncedClient,
  tempDir,
  timeMethod,
  traceUpdates,
  waitFor,
  type Client,
  type Timed,
  type Trace,
} from './lib';

const TARGET_RATIO = 1.25;
/** At most this many of A's updates in flight (sent, not yet seen by B): keeps the pipe full without
 * queueing the whole trace in memory, and keeps heartbeats (30 s) from waiting behind a backlog. */
const WINDOW = 2000;
/** One run may not take longer than this. */
const RUN_LIMIT_MS = 600_000;
/** Updates used where a step is timed alone at one SQLite commit per update. */
const SAMPLE = 20_000;

interface HubRun {
  group: number;
  /** First update sent → B's text equals endContent. */
  ms: number;
  /** CPU time of this process (A, hub and B share it) over the same span. */
  cpuMs: number;
  /** A's own replay loop, waits for the window included. */
  typingMs: number;
  updates: number;
  updateBytes: number;
  /** Time inside LiveDocs.applyRemote at the hub (guard, Yjs apply, SQLite writes, relay). */
  applyRemote: Timed;
  /** DocStore.append: the update and its client ids, one SQLite transaction (synchronous=FULL). */
  append: Timed;
  /** MinutesRepo.addAuthorship: who wrote how much, its own SQLite statement after the apply. */
  authorship: Timed;
  compact: Timed;
  /** The log when B was done (before the hub folds it). */
  logAtEnd: LogState;
  /** After the hub and core closed (the last user out folds a due log). */
  logAfterClose: LogState;
  files: { db: number; wal: number };
  /** Core.open + docStore.load on the folder afterwards, and whether the text was endContent. */
  reloadMs: number;
  reloadOk: boolean;
  receivedOk: boolean;
  closes: number[];
  hubLog: string[];
}

interface LogState {
  updates: number;
  bytes: number;
  snapshotBytes: number;
}

function logState(core: Core, docName: string): LogState {
  const { count, bytes } = core.docStore.stats(docName);
  const row = core.db
    .prepare('SELECT LENGTH(data) AS n FROM doc_snapshots WHERE doc_name = ?')
    .get(docName) as { n: number } | undefined;
  return { updates: count, bytes, snapshotBytes: row?.n ?? 0 };
}

/** One replay of the trace through the hub, A → hub (SQLite) → B. */
async function hubRun(trace: Trace, group: number): Promise<HubRun> {
  const deadline = performance.now() + RUN_LIMIT_MS;
  const r = await startRunning(2);
  const { docName, tokens } = r.seeded;
  const out: Partial<HubRun> = { group, hubLog: r.logs };
  let a: Client | null = null;
  let b: Client | null = null;
  try {
    // Instruments the hub's steps on this core (two performance.now() calls per call).
    const timed = {
      applyRemote: timeMethod(r.core.docs, 'applyRemote'),
      append: timeMethod(r.core.docStore, 'append'),
      authorship: timeMethod((r.core as unknown as { minutes?: object }).minutes ?? {}, 'addAuthorship'),
      // LiveDocs folds the live document's own state (its private compact), no longer DocStore.compact.
      compact: timeMethod(r.core.docs, 'compact'),
    };
    a = await syncedClient(r.hub, docName, tokens[0]!);
    b = await syncedClient(r.hub, docName, tokens[1]!);
    const aDoc = a.doc;
    const bDoc = b.doc;
    const aProvider = a.provider;
    const text = addParagraph(aDoc, trace.startContent);
    await waitFor(() => firstParagraphText(bDoc) !== null, 10_000, 'B to receive the paragraph');
    const bText = firstParagraphText(bDoc)!;
    for (const t of Object.values(timed)) t.calls = t.ms = 0;

    let sent = 0;
    let sentBytes = 0;
    let received = 0;
    let typing = true;
    let tEnd = 0;
    let wake: (() => void) | null = null;
    let wakeAt = 0;
    aDoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === aProvider) return;
      sent++;
      sentBytes += u.byteLength;
    });
    const checkDone = () => {
      if (tEnd === 0 && !typing && received >= sent && bText.toString() === trace.endContent)
        tEnd = performance.now();
    };
    bDoc.on('update', () => {
      received++;
      if (wake && received >= wakeAt) {
        const w = wake;
        wake = null;
        w();
      }
      if (!typing && received >= sent) checkDone();
    });
    const until = (count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`B stalled at ${received} of ${sent} updates`)),
          Math.max(1, deadline - performance.now()),
        );
        wakeAt = count;
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });

    const n = trace.txns.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i += group) {
      aDoc.transact(() => {
        for (let j = i; j < Math.min(n, i + group); j++) applyPatches(text, trace.txns[j]!.patches);
      });
      if (sent - received >= WINDOW) await until(sent - WINDOW / 2);
    }
    typing = false;
    out.typingMs = performance.now() - t0;
    checkDone();
    await waitFor(() => tEnd > 0, Math.max(1, deadline - performance.now()), 'B to hold endContent');
    out.ms = tEnd - t0;
    const cpu = process.cpuUsage(cpu0);
    out.cpuMs = (cpu.user + cpu.system) / 1000;
    out.updates = sent;
    out.updateBytes = sentBytes;
    out.receivedOk = bText.toString() === trace.endContent;
    Object.assign(out, timed);
    out.logAtEnd = logState(r.core, docName);
    out.closes = [...a.closes, ...b.closes];
  } catch (err) {
    a?.destroy();
    b?.destroy();
    await r.stop();
    removeDir(r.dir);
    throw err;
  }
  a.destroy();
  b.destroy();
  await r.stop();
  out.files = dbFileSizes(r.dir);
  // Reload from SQLite, as a restarted hub would.
  const t = performance.now();
  const core = openCore(r.dir);
  try {
    const doc = core.docStore.load(docName);
    out.reloadMs = performance.now() - t;
    out.reloadOk = firstParagraphText(doc)?.toString() === trace.endContent;
    doc.destroy();
    out.logAfterClose = logState(core, docName);
  } finally {
    core.close();
    removeDir(r.dir);
  }
  return out as HubRun;
}

/** Each step of the hub's work on the trace's updates, timed alone (no network). */
function steps(trace: Trace) {
  const clientID = 424242;
  const { setup, updates } = traceUpdates(trace, clientID);
  const result: Record<string, number> = { updates: updates.length };

  // Yjs integrating the updates as a remote peer does (the hub, and B).
  {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, setup);
    const t = performance.now();
    for (const u of updates) Y.applyUpdate(doc, u);
    result.applyUpdateMs = performance.now() - t;
    doc.destroy();
  }
  // The doc guard (rootsTouched) on each update, against the doc as it is when it arrives.
  {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, setup);
    let guard = 0;
    for (const u of updates) {
      const t = performance.now();
      rootsTouched(doc, u);
      guard += performance.now() - t;
      Y.applyUpdate(doc, u);
    }
    result.rootsTouchedMs = guard;
    doc.destroy();
  }
  // DocStore.append: one SQLite transaction (synchronous=FULL) per update, on a sample; then all
  // of them, 1000 per outer transaction (nested transactions are savepoints: one commit per 1000).
  {
    const dir = tempDir();
    const core = openCore(dir);
    try {
      const { docName } = seedMeeting(core, 1);
      const sample = updates.slice(0, SAMPLE);
      let t = performance.now();
      for (const u of sample) core.docStore.append(docName, u, null);
      result.appendEachUs = ((performance.now() - t) / sample.length) * 1000;
      t = performance.now();
      for (let i = 0; i < updates.length; i += 1000) {
        core.db.transaction(() => {
          for (const u of updates.slice(i, i + 1000)) core.docStore.append(docName, u, null);
        })();
      }
      result.appendGroupedUs = ((performance.now() - t) / updates.length) * 1000;
    } finally {
      core.close();
      removeDir(dir);
    }
  }
  // LiveDocs.applyRemote (guard, Yjs apply, append with its commit) without the network, on a sample.
  {
    const dir = tempDir();
    const core = openCore(dir);
    try {
      const seeded = seedMeeting(core, 1);
      const memberId = core.authenticate(seeded.tokens[0]!);
      const origin = new EditOrigin(memberId?.kind === 'member' ? memberId.memberId : null);
      const live = core.docs.acquire(seeded.docName);
      core.docs.applyRemote(live, setup, origin);
      const sample = updates.slice(0, SAMPLE);
      const t = performance.now();
      for (const u of sample) core.docs.applyRemote(live, u, origin);
      result.applyRemoteEachUs = ((performance.now() - t) / sample.length) * 1000;
      core.docs.release(seeded.docName);
    } finally {
      core.close();
      removeDir(dir);
    }
  }
  return result;
}

/**
 * Seconds for the runs of the unbatched replay (each about 2.5 min on the reference machine): as
 * many runs as fit, at least one; the batched ones share a smaller budget. A started run finishes.
 */
const BUDGET = budgetFromArgs(330);

/** Trace transactions per Yjs transaction: 1 is the benchmark; 10 and 100 show what batching changes. */
const GROUPS = [1, 10, 100];

async function main(): Promise<void> {
  const runs = runsFromArgs(5);
  const budget = BUDGET;
  const m = machine();
  printMachine(m);
  const trace = loadTrace('automerge-paper');
  console.log(
    `trace: automerge-paper, ${trace.txns.length} transactions, ${trace.endContent.length} characters at the end; ` +
      `up to ${runs} runs per variant, ${budget} s for the unbatched ones`,
  );
  replayAlone(trace).doc.destroy(); // warm-up, not counted
  const commitBefore = commitLatencyUs();
  console.log(
    `one SQLite commit (WAL, synchronous=FULL) on this disk now: ${commitBefore.toFixed(0)} µs (median of 500)`,
  );

  const variants: Record<string, { alone: number[]; hub: HubRun[] }> = {};
  for (const group of GROUPS) {
    const v = (variants[`group${group}`] = { alone: [] as number[], hub: [] as HubRun[] });
    const deadline = performance.now() + (group === 1 ? budget : Math.max(60, budget / 5)) * 1000;
    let longest = 0;
    for (let i = 0; i < runs && fits(i, longest, deadline); i++) {
      const t = performance.now();
      const alone = replayAlone(trace, group);
      alone.doc.destroy();
      v.alone.push(alone.ms);
      const run = await hubRun(trace, group);
      if (!run.receivedOk || !run.reloadOk)
        throw new Error(`group ${group} run ${i + 1}: text differs from endContent`);
      v.hub.push(run);
      longest = Math.max(longest, performance.now() - t);
      console.log(
        `  ${group} txn/update, run ${i + 1}: alone ${fmtMs(alone.ms)}, through the hub ${fmtMs(run.ms)} (CPU ${fmtMs(run.cpuMs)}) ` +
          `(${(run.ms / alone.ms).toFixed(2)}x; ${run.updates} updates; in applyRemote ${fmtMs(run.applyRemote.ms)}: ` +
          `SQLite append ${fmtMs(run.append.ms)}, authorship ${fmtMs(run.authorship.ms)}; ` +
          `${run.compact.calls} compactions ${fmtMs(run.compact.ms)}; reload ${fmtMs(run.reloadMs)}, text ok)`,
      );
    }
  }

  const summaries = Object.fromEntries(
    Object.entries(variants).map(([k, v]) => {
      const alone = summarize(v.alone);
      const hub = summarize(v.hub.map((h) => h.ms));
      const s = (f: (h: HubRun) => number) => summarize(v.hub.map(f));
      const first = v.hub[0]!;
      return [
        k,
        {
          group: first.group,
          updates: first.updates,
          updateBytes: first.updateBytes,
          alone,
          hub,
          ratio: hub.median / alone.median,
          ratios: summarize(v.hub.map((h, i) => h.ms / v.alone[i]!)),
          cpuMs: s((h) => h.cpuMs),
          typingMs: s((h) => h.typingMs),
          applyRemoteMs: s((h) => h.applyRemote.ms),
          appendMs: s((h) => h.append.ms),
          appendUs: s((h) => (h.append.ms / h.append.calls) * 1000),
          authorshipMs: s((h) => h.authorship.ms),
          authorshipCalls: first.authorship.calls,
          compactions: s((h) => h.compact.calls),
          compactMs: s((h) => h.compact.ms),
          reloadMs: s((h) => h.reloadMs),
          logAtEnd: v.hub.map((h) => h.logAtEnd),
          logAfterClose: v.hub.map((h) => h.logAfterClose),
          files: v.hub.map((h) => h.files),
          closes: v.hub.flatMap((h) => h.closes),
          hubLog: v.hub.flatMap((h) => h.hubLog),
        },
      ];
    }),
  );

  console.log('\nsteps of the hub timed alone (no network):');
  const st = steps(trace);
  const n = st.updates!;
  const us = (ms: number) => `${((ms / n) * 1000).toFixed(1)} µs each`;
  console.log(
    `  ${n} updates; Y.applyUpdate as a remote peer ${fmtMs(st.applyUpdateMs!)} (${us(st.applyUpdateMs!)}); ` +
      `rootsTouched ${fmtMs(st.rootsTouchedMs!)} (${us(st.rootsTouchedMs!)})`,
  );
  console.log(
    `  DocStore.append ${st.appendEachUs!.toFixed(1)} µs per update with one commit each (first ${SAMPLE}); ` +
      `${st.appendGroupedUs!.toFixed(1)} µs per update with one commit per 1000`,
  );
  console.log(
    `  LiveDocs.applyRemote through the core ${st.applyRemoteEachUs!.toFixed(1)} µs per update (first ${SAMPLE})`,
  );

  console.log('\nsummary:');
  for (const [k, s] of Object.entries(summaries)) {
    console.log(`  ${k} (${s.group} trace txn per Yjs transaction, ${s.updates} updates):`);
    console.log(`    Yjs alone:        ${fmtSummary(s.alone)}`);
    console.log(`    through the hub:  ${fmtSummary(s.hub)}`);
    console.log(
      `    ratio: ${s.ratio.toFixed(2)}x (per run: ${fmtSummary(s.ratios, (v) => `${v.toFixed(2)}x`)}); ` +
        `target ≤ ${TARGET_RATIO}x: ${s.ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
    console.log(
      `    at the hub (medians): applyRemote ${fmtMs(s.applyRemoteMs.median)}, of which DocStore.append ` +
        `${fmtMs(s.appendMs.median)} (${s.appendUs.median.toFixed(1)} µs/update) and addAuthorship ` +
        `${fmtMs(s.authorshipMs.median)} (${s.authorshipCalls} calls); ${s.compactions.median} compactions taking ` +
        `${fmtMs(s.compactMs.median)}; A's loop ${fmtMs(s.typingMs.median)}; process CPU ${fmtMs(s.cpuMs.median)}`,
    );
    const end = s.logAtEnd[0]!;
    const after = s.logAfterClose[0]!;
    console.log(
      `    log: ${fmtBytes(s.updateBytes)} in ${s.updates} updates; when B was done ${end.updates} unfolded updates ` +
        `(${fmtBytes(end.bytes)}) + snapshot ${fmtBytes(end.snapshotBytes)}; after close ${after.updates} + snapshot ` +
        `${fmtBytes(after.snapshotBytes)}; files ${fmtBytes(s.files[0]!.db)} + WAL ${fmtBytes(s.files[0]!.wal)}; ` +
        `reload ${fmtSummary(s.reloadMs)}`,
    );
    if (s.closes.length) console.log(`    connection closes seen by the clients: ${s.closes.join(', ')}`);
    if (s.hubLog.length) console.log(`    hub log: ${s.hubLog.slice(0, 5).join(' | ')}`);
  }
  const commitAfter = commitLatencyUs();
  const loadAfter = machine().loadavg;
  console.log(
    `one SQLite commit: ${commitBefore.toFixed(0)} µs before the runs, ${commitAfter.toFixed(0)} µs after; ` +
      `load average after: ${loadAfter.join(' ')}`,
  );
  printResult({
    benchmark: 'minutes-trace',
    machine: m,
    runs,
    targetRatio: TARGET_RATIO,
    commitUs: { before: commitBefore, after: commitAfter },
    loadAfter,
    summaries,
    steps: st,
  });
}

runMain('minutes-trace', (BUDGET + 600) * 1000, main);
