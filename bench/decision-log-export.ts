/**
 * Benchmark: exporting a decision log of 10,000 decisions (CSV, Markdown, JSON, DOCX, PDF).
 *
 * The committee (French, 12 members of whom 3 do not consent to be named, 50 meetings of 4 agenda
 * items) is made through the API; its 10,000 decisions are written straight through
 * DecisionsRepo.append and upsertDecision (as decisions.decide, amend and rescind do), in one
 * transaction: 80% adopted (a tenth of them then amended, some twice), 8% rejected, 5% deferred,
 * 4% rescinded, 3% still proposed; named and secret votes, influence and evidence, speakers.
 *
 * For each format it measures:
 *   - read:    decisionLogSource through a read-only connection, as the worker thread reads
 *              the log (rows as stored, members, meetings, agenda items from the documents);
 *   - render:  exportDecisionLog (parse, verify, model, layout), as the worker thread lays it out;
 *   - hub:     POST /api/decisions.export on the real hub (its CLI, in a process of its own, as
 *              `npm run serve` runs it), to the last byte, while another client asks GET /healthz
 *              every 25 ms: the longest /healthz wait shows whether the hub kept answering.
 *
 *   npx tsx bench/decision-log-export.ts [--runs 3] [--decisions 10000]
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import Database from 'better-sqlite3-multiple-ciphers';
import { decisionLogSource, exportDecisionLog, type LogStores } from '../src/core/exports/log';
import { agendaRefs } from '../src/core/exports/log-record';
import { DB_FILE } from '../src/core/store/db';
import { DecisionsRepo } from '../src/core/store/decisions-repo';
import { DocStore } from '../src/core/store/docs';
import { Repos } from '../src/core/store/repos';
import type { LogExportFormat } from '../src/shared/decisions';
import { LOG_EXPORT_FORMATS } from '../src/shared/decisions';
import { seedDecisions as seed } from './seed-decisions';
import {
  OWNER_TOKEN,
  fmtBytes,
  fmtMs,
  fmtSummary,
  machine,
  openCore,
  printMachine,
  printResult,
  removeDir,
  runMain,
  runsFromArgs,
  startHubProcess,
  stopProcess,
  probeHealthz,
  summarize,
  tempDir,
  type Summary,
} from './lib';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;
/** A full collection between measurements, so that one does not pay for the garbage of the one before. */
const collectGarbage = () => gc?.();
const RUNS = runsFromArgs(3, 20);
const DECISIONS = (() => {
  const i = process.argv.indexOf('--decisions');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
  if (!Number.isInteger(n) || n < 1) throw new Error('--decisions takes a whole number');
  return n;
})();

interface FormatResult {
  format: LogExportFormat;
  bytes: number;
  read: Summary;
  render: Summary;
  hub: Summary;
  /** The longest /healthz answer during each hub export. */
  healthzMax: Summary;
  healthzCount: number;
}

async function main(): Promise<void> {
  const m = machine();
  printMachine(m);
  const dir = tempDir();
  let hub: ChildProcess | null = null;
  try {
    const core = openCore(dir);
    let t = performance.now();
    const committee = seed(core, DECISIONS);
    const seedMs = performance.now() - t;
    const entries = core.decisions.verify(committee.id).entries;
    console.log(`seeded ${DECISIONS} decisions (${entries} log entries) in ${fmtMs(seedMs)}`);
    core.close();

    // In this thread, what the hub's worker does: read the log through a read-only connection of
    // its own (in one read transaction), then lay it out.
    const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
    const docStore = new DocStore(db);
    const stores: LogStores = {
      repos: new Repos(db),
      decisions: new DecisionsRepo(db),
      agenda: (meeting) => agendaRefs(docStore.load(meeting.docName)),
    };
    const inThread = new Map<LogExportFormat, { read: number[]; render: number[]; bytes: number }>();
    for (const format of LOG_EXPORT_FORMATS) {
      const r = { read: [] as number[], render: [] as number[], bytes: 0 };
      for (let run = 0; run < RUNS; run++) {
        collectGarbage();
        t = performance.now();
        const source = db.transaction(() =>
          decisionLogSource(stores, committee, { committeeId: committee.id }, new Date().toISOString()),
        )();
        r.read.push(performance.now() - t);
        t = performance.now();
        r.bytes = exportDecisionLog(source, format).data.byteLength;
        r.render.push(performance.now() - t);
      }
      inThread.set(format, r);
      console.log(
        `${format}: ${fmtBytes(r.bytes)}; read ${fmtSummary(summarize(r.read))}; render ${fmtSummary(summarize(r.render))}`,
      );
    }
    db.close();

    // Through the hub, in a process of its own (built, as `npm run serve` runs it), while a thread
    // of this process asks it GET /healthz every 25 ms.
    const started = await startHubProcess(dir);
    hub = started.child;
    t = performance.now();
    await exportOverHub(started.url, committee.id, 'csv');
    console.log(`worker warm-up (its first start loads the exports' code): ${fmtMs(performance.now() - t)}`);

    const results: FormatResult[] = [];
    for (const format of LOG_EXPORT_FORMATS) {
      const viaHub: number[] = [];
      const healthzMax: number[] = [];
      let healthzCount = 0;
      for (let run = 0; run < RUNS; run++) {
        const probe = await probeHealthz(started.url, 25);
        t = performance.now();
        const size = await exportOverHub(started.url, committee.id, format);
        viaHub.push(performance.now() - t);
        const waits = await probe.stop();
        if (!size) throw new Error(`${format}: an empty file`);
        healthzMax.push(Math.max(...waits));
        healthzCount += waits.length;
      }
      const mine = inThread.get(format)!;
      const r: FormatResult = {
        format,
        bytes: mine.bytes,
        read: summarize(mine.read),
        render: summarize(mine.render),
        hub: summarize(viaHub),
        healthzMax: summarize(healthzMax),
        healthzCount,
      };
      results.push(r);
      console.log(
        `${format}: through the hub ${fmtSummary(r.hub)}; longest /healthz wait meanwhile ${fmtSummary(r.healthzMax)} ` +
          `(${healthzCount} answers)`,
      );
    }
    printResult({ machine: m, decisions: DECISIONS, entries, seedMs, runs: RUNS, results });
  } finally {
    if (hub) await stopProcess(hub);
    removeDir(dir);
  }
}

/** The export over HTTP, read to its last byte; returns its size. */
async function exportOverHub(url: string, committeeId: string, format: LogExportFormat): Promise<number> {
  const res = await fetch(`${url}/api/decisions.export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
    body: JSON.stringify({ committeeId, format }),
  });
  const bytes = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${format}: ${res.status} ${new TextDecoder().decode(bytes)}`);
  return bytes.byteLength;
}

runMain('decision-log-export', 60 * 60_000, main);
