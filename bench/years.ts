/**
 * Years of data: the app on a committee's five years (bench/seed-years.ts: 250 meetings, 10,000
 * decisions, 1,000,000 attributed updates in the Yjs log), through the hub's CLI in a process of
 * its own (as `npm run serve` runs it), each operation made of the API calls the screen makes:
 *
 *   - opening the app: the home screen (`session.whoami`, `committees.list`), then the committee
 *     screen (`committees.get`, `meetings.list`, `members.list`);
 *   - opening a meeting: `meetings.get`, `committees.get` + `members.list`, the minutes' state,
 *     authorship and client ids, and a stock y-websocket client until it is synced (the hub loads
 *     the doc from SQLite); then it leaves (the hub unloads the doc, folding its log if due). For
 *     a compacted meeting (the longest minutes), one with 300 updates after its snapshot, and the
 *     one whose log was never folded (only its first opening is that: leaving folds it);
 *   - the decision register: the screen's calls (the log's newest 50 entries, `decisions.log` with
 *     `limit`, and the entries of the register's first 50 decisions, with `entryIds`), then
 *     filters and full-text searches (`decisions.register`, the first 50 and the total);
 *   - contributions and influence: the ledger rebuilt from the raw data (once), then for a year
 *     the partnership screen's calls (`ledger.committee`, `balance.get`, `influence.counts`, and
 *     the first part of `influence.items` and `influence.decisions`), the report (`report.get`), a member's page (`ledger.member`);
 *   - the decision log's chain verified (`decisions.verify`, in the export worker);
 *   - each export: the partnership report of a year (PDF, DOCX), the minutes of the longest
 *     meeting (PDF, DOCX, Markdown, HTML) and the whole decision log (CSV, Markdown, DOCX, PDF, JSON);
 *   - compaction of the never-folded log (in this process, on the same folder, after the hub):
 *     the merge (`beginCompaction`, read-only, so it can be repeated) and the commit once, and
 *     the log's size before and after; the folder's own figures (240 folds as it was made, the
 *     whole log's size before and after) come from the generator.
 *
 * While each operation runs, this process asks the hub `GET /healthz` every 10 ms: the longest
 * wait is how long the hub's event loop was held (plus a loopback round trip). The app must stay
 * responsive: no stall over 100 ms.
 *
 * The first of each operation's runs is reported apart (cold: SQLite pages and code not yet
 * loaded) and left out of the medians.
 *
 *   npx tsx bench/years.ts [--runs 5] [--export-runs 3] [--no-exports]
 */
import { Core } from '../src/core';
import { LIST_PAGE } from '../src/shared/api';
import { EXPORT_FORMATS } from '../src/shared/minutes';
import { LOG_EXPORT_FORMATS } from '../src/shared/decisions';
import { yearsData, type YearsMeta } from './seed-years';
import {
  OWNER_TOKEN,
  apiCall,
  fmtBytes,
  fmtMs,
  machine,
  printMachine,
  printResult,
  probeHealthz,
  removeDir,
  rssBytes,
  runMain,
  runsFromArgs,
  startHubProcess,
  stopProcess,
  summarize,
  syncedClient,
  type Listening,
  type Summary,
} from './lib';

const RUNS = runsFromArgs(5, 30);
const EXPORT_RUNS = (() => {
  const i = process.argv.indexOf('--export-runs');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 3;
  if (!Number.isInteger(n) || n < 1) throw new Error('--export-runs takes a whole number');
  return n;
})();
/** `--no-exports`: the screens only (the exports of 10,000 decisions take minutes on a busy machine). */
const NO_EXPORTS = process.argv.includes('--no-exports');
export const STALL_MS = 100;

interface OpResult {
  name: string;
  cold: number;
  coldStall: number;
  warm: Summary;
  /** The longest /healthz wait in each warm run. */
  stall: Summary;
  /** The longest /healthz wait in any run, cold included. */
  worstStall: number;
  note?: string;
}

async function measure(
  url: string,
  name: string,
  runs: number,
  fn: () => Promise<string | void>,
  /** Runs after the clock stops, still watched by the probe (a client leaving, what the hub does then). */
  after?: () => Promise<void>,
): Promise<OpResult> {
  const times: number[] = [];
  const stalls: number[] = [];
  let note: string | undefined;
  for (let i = 0; i < runs; i++) {
    const probe = await probeHealthz(url, 10);
    await new Promise((r) => setTimeout(r, 30)); // the probe's connection is up
    const t = performance.now();
    note = (await fn()) ?? note;
    times.push(performance.now() - t);
    await after?.();
    await new Promise((r) => setTimeout(r, 30));
    const waits = await probe.stop();
    stalls.push(waits.length ? Math.max(...waits) : NaN);
  }
  const r: OpResult = {
    name,
    cold: times[0]!,
    coldStall: stalls[0]!,
    warm: summarize(times.slice(1).length ? times.slice(1) : times),
    stall: summarize(stalls.slice(1).length ? stalls.slice(1) : stalls),
    worstStall: Math.max(...stalls),
    note,
  };
  console.log(
    `${name}: cold ${fmtMs(r.cold)} (stall ${fmtMs(r.coldStall)}); warm median ${fmtMs(r.warm.median)} ` +
      `(${fmtMs(r.warm.min)}–${fmtMs(r.warm.max)}, n=${r.warm.n}); longest /healthz wait: median ${fmtMs(r.stall.median)}, ` +
      `worst ${fmtMs(r.worstStall)}${r.worstStall > STALL_MS ? '  ← STALL over 100 ms' : ''}${note ? ` — ${note}` : ''}`,
  );
  return r;
}

async function download(url: string, method: string, input: unknown): Promise<number> {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
    body: JSON.stringify(input),
  });
  const bytes = await res.arrayBuffer();
  if (res.status !== 200)
    throw new Error(`${method}: ${res.status} ${new TextDecoder().decode(bytes).slice(0, 300)}`);
  return bytes.byteLength;
}

let leaving: { destroy(): void } | null = null;

/** The client of `openMeeting` leaves: the hub unloads the doc (folding its log if due). */
async function leaveMeeting(): Promise<void> {
  leaving?.destroy();
  leaving = null;
  await new Promise((r) => setTimeout(r, 300));
}

async function openMeeting(url: string, meetingId: string): Promise<string> {
  const meeting = await apiCall<{ committeeId: string; docName: string }>(url, 'meetings.get', {
    id: meetingId,
  });
  await Promise.all([
    apiCall(url, 'committees.get', { id: meeting.committeeId }),
    apiCall(url, 'members.list', { committeeId: meeting.committeeId }),
  ]);
  const t = performance.now();
  const [client] = await Promise.all([
    syncedClient({ url }, meeting.docName, OWNER_TOKEN),
    apiCall(url, 'minutes.get', { meetingId }),
    apiCall(url, 'minutes.authorship', { meetingId }),
    apiCall(url, 'minutes.clients', { meetingId }),
  ]);
  const synced = performance.now() - t;
  const chars = client.doc.getXmlFragment('minutes').toString().length;
  leaving = client;
  return `synced ${fmtMs(synced)} after the first calls; minutes ${Math.round(chars / 1024)} KiB of XML`;
}

class RolledBack extends Error {}

/** Compaction of the never-folded meeting's log, before the hub opens it (which folds it). */
function compaction(dir: string, meta: YearsMeta): Record<string, number> {
  const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, exportWorker: false });
  try {
    const docName = meta.meetings.find((m) => m.id === meta.unfolded)!.docName;
    const before = core.docStore.stats(docName);
    const merges: number[] = [];
    let merges0 = NaN;
    let stateBytes = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const pending = core.docStore.beginCompaction(docName);
      if (i > 0) merges.push(performance.now() - t);
      else merges0 = performance.now() - t;
      stateBytes = pending?.state.byteLength ?? 0;
    }
    const t = performance.now();
    const pending = core.docStore.beginCompaction(docName);
    const merge = performance.now() - t;
    // The commit is timed inside a transaction that is then rolled back, so that the meeting stays
    // never folded for the hub's turn: its work without its one durable commit (see commitLatencyUs).
    let commit = NaN;
    let after = before;
    try {
      core.db.transaction(() => {
        const t2 = performance.now();
        pending?.commit();
        commit = performance.now() - t2;
        after = core.docStore.stats(docName);
        throw new RolledBack();
      })();
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
    }
    const r = {
      updatesBefore: before.count,
      bytesBefore: before.bytes,
      mergeFirst: merges0,
      mergeMedian: summarize(merges).median,
      mergeOnce: merge,
      commit,
      snapshotBytes: stateBytes,
      updatesAfter: after.count,
    };
    console.log(
      `compaction of the never-folded meeting (${before.count} updates, ${fmtBytes(before.bytes)}): ` +
        `merge median ${fmtMs(r.mergeMedian)} (n=${merges.length}, the first ${fmtMs(merges0)}), commit ${fmtMs(commit)} (without its fsync); ` +
        `after: a ${fmtBytes(stateBytes)} snapshot, ${after.count} updates`,
    );
    return r;
  } finally {
    core.close();
  }
}

async function main(): Promise<void> {
  const m = machine();
  printMachine(m);
  const { dir, meta } = yearsData();
  let hub: Listening | null = null;
  try {
    console.log(
      `folder: ${meta.meetings.length} meetings, ${meta.updates} updates typed; log ${meta.log.before.updates} updates ` +
        `(${fmtBytes(meta.log.before.bytes)}), file ${fmtBytes(meta.log.before.fileBytes)} → after folding 249 meetings: ` +
        `${meta.log.after.updates} updates (${fmtBytes(meta.log.after.bytes)}) + ${meta.log.after.snapshots} snapshots ` +
        `(${fmtBytes(meta.log.after.snapshotBytes)}), file ${fmtBytes(meta.log.after.fileBytes)} (${meta.log.after.freePages} free pages); ` +
        `folds median ${fmtMs(meta.log.folds.median)}, p99 ${fmtMs(meta.log.folds.p99)}, max ${fmtMs(meta.log.folds.max)}`,
    );

    // Core.open on the folder (the schema check, the migrations' no-op), in this process.
    const opens: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, exportWorker: false });
      opens.push(performance.now() - t);
      core.close();
    }
    const coreOpen = { cold: opens[0]!, warm: summarize(opens.slice(1)) };
    console.log(`Core.open: cold ${fmtMs(coreOpen.cold)}, then median ${fmtMs(coreOpen.warm.median)}`);

    const compact = compaction(dir, meta);

    hub = await startHubProcess(dir);
    const url = hub.url;
    const hubListenMs = hub.ms;
    const rssStart = rssBytes(hub.child.pid!);
    console.log(`hub CLI on the folder: listening after ${fmtMs(hub.ms)}; RSS ${fmtBytes(rssStart)}`);
    const c = meta.committeeId;
    const ops: OpResult[] = [];
    const run = async (
      name: string,
      fn: () => Promise<string | void>,
      runs = RUNS + 1,
      after?: () => Promise<void>,
    ) => {
      ops.push(await measure(url, name, runs, fn, after));
    };

    // The probe's own noise: the hub doing nothing. On a loaded machine the scheduler alone makes
    // /healthz wait; a stall of an operation means something only well above this.
    await run('nothing (the probe alone, 300 ms)', () => new Promise((r) => setTimeout(r, 300)));
    await run('open the app: home screen', async () => {
      await apiCall(url, 'session.whoami', {});
      await apiCall(url, 'committees.list', {});
    });
    await run('committee screen (250 meetings)', async () => {
      await Promise.all([
        apiCall(url, 'committees.get', { id: c }),
        apiCall(url, 'meetings.list', { committeeId: c }),
        apiCall(url, 'members.list', { committeeId: c }),
      ]);
    });
    await run(
      'open a meeting: compacted, longest minutes',
      () => openMeeting(url, meta.biggest),
      RUNS + 1,
      leaveMeeting,
    );
    await run(
      'open a meeting: snapshot + 300 updates',
      () => openMeeting(url, meta.pending),
      RUNS + 1,
      leaveMeeting,
    );
    await run(
      'open the meeting never folded (first time only)',
      () => openMeeting(url, meta.unfolded),
      1,
      leaveMeeting,
    );
    await run("register screen (the log's newest 50 entries)", async () => {
      const [, , , , register] = await Promise.all([
        apiCall(url, 'committees.get', { id: c }),
        apiCall(url, 'members.list', { committeeId: c }),
        apiCall(url, 'meetings.list', { committeeId: c }),
        apiCall(url, 'decisions.log', { committeeId: c, limit: 50 }),
        apiCall<{ items: { logEntryId: number | null }[] }>(url, 'decisions.register', {
          committeeId: c,
          limit: 50,
        }),
      ]);
      // The numbers of the register's first 50 decisions in the log.
      const entryIds = register.items.map((d) => d.logEntryId).filter((x) => x !== null);
      if (entryIds.length > 0) await apiCall(url, 'decisions.log', { committeeId: c, entryIds });
    });
    const register = (filter: Record<string, unknown>) => async () => {
      const r = await apiCall<{ total: number }>(url, 'decisions.register', {
        committeeId: c,
        limit: 50,
        ...filter,
      });
      return `${r.total} found`;
    };
    await run(
      'register, filter: adopted, shaped or co-decided',
      register({ status: ['adopted'], influence: ['shaped', 'co-decided'] }),
    );
    await run(
      'register, filter: a year',
      register({ from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59Z' }),
    );
    await run('full-text search "premier contact"', register({ q: 'premier contact' }));
    await run('full-text search without accents "equipe soins"', register({ q: 'equipe soins' }));
    await run('full-text search, rare word "bilingue"', register({ q: 'bilingue' }));

    // Contributions and influence. The generator writes the raw data (attendance, documents and
    // their authorship, decisions) the way the hub does, not the ledger derived from it: it is
    // recomputed once from all of it, as `ledger.rebuild` does after an upgrade.
    await run(
      'ledger: rebuilt from five years of raw data',
      async () => {
        const r = await apiCall<{ meetings: number; rows: number }>(url, 'ledger.rebuild', {
          committeeId: c,
        });
        return `${r.meetings} meetings, ${r.rows} rows`;
      },
      1,
    );
    const year = { from: '2024-01-01', to: '2024-12-31' };
    // As the screen asks for its lists: their counts, and the first part of each.
    const influenceLists = (input: { committeeId: string; from?: string; to?: string }) => [
      apiCall(url, 'influence.counts', input),
      apiCall(url, 'influence.items', { ...input, limit: LIST_PAGE }),
      apiCall(url, 'influence.decisions', { ...input, limit: LIST_PAGE }),
    ];
    await run("partnership screen, a year (2024): the ledger's figures and balance of voice", async () => {
      const [summary] = await Promise.all([
        apiCall<{ members: unknown[] }>(url, 'ledger.committee', { committeeId: c, ...year }),
        apiCall(url, 'balance.get', { committeeId: c, ...year }),
        ...influenceLists({ committeeId: c, ...year }),
      ]);
      return `${summary.members.length} members`;
    });
    await run('partnership report of a year (2024), filled from the data', async () => {
      await apiCall(url, 'report.get', { committeeId: c, ...year });
    });
    const someone = (await apiCall<{ id: string }[]>(url, 'members.list', { committeeId: c }))[0]!.id;
    await run("a member's page, a year (2024)", async () => {
      await apiCall(url, 'ledger.member', { memberId: someone, ...year, limit: LIST_PAGE });
    });
    // A member's page opens on all meetings: here five years.
    await run("a member's page, all meetings (as it opens)", async () => {
      await apiCall(url, 'ledger.member', { memberId: someone, limit: LIST_PAGE });
    });
    await run('partnership screen, all meetings (five years)', async () => {
      await Promise.all([
        apiCall(url, 'ledger.committee', { committeeId: c }),
        apiCall(url, 'balance.get', { committeeId: c }),
        ...influenceLists({ committeeId: c }),
      ]);
    });
    await run('decision log verified (10,000 entries, in the worker)', async () => {
      const r = await apiCall<{ ok: boolean; entries: number }>(url, 'decisions.verify', { committeeId: c });
      if (!r.ok) throw new Error('the log does not verify');
      return `${r.entries} entries`;
    });
    for (const format of NO_EXPORTS ? [] : (['pdf', 'docx'] as const)) {
      await run(
        `partnership report export ${format} (2024)`,
        async () => `${fmtBytes(await download(url, 'report.export', { committeeId: c, ...year, format }))}`,
        EXPORT_RUNS + 1,
      );
    }
    for (const format of NO_EXPORTS ? [] : EXPORT_FORMATS) {
      await run(
        `minutes export ${format} (longest minutes)`,
        async () => `${fmtBytes(await download(url, 'minutes.export', { meetingId: meta.biggest, format }))}`,
        EXPORT_RUNS + 1,
      );
    }
    for (const format of NO_EXPORTS ? [] : LOG_EXPORT_FORMATS) {
      await run(
        `decision log export ${format} (10,000 decisions)`,
        async () => `${fmtBytes(await download(url, 'decisions.export', { committeeId: c, format }))}`,
        EXPORT_RUNS + 1,
      );
    }
    const rssEnd = rssBytes(hub.child.pid!);
    await stopProcess(hub.child);
    hub = null;

    const stalls = ops.filter((o) => o.worstStall > STALL_MS).map((o) => o.name);
    console.log(
      stalls.length
        ? `stalls over ${STALL_MS} ms: ${stalls.join('; ')}`
        : `no stall over ${STALL_MS} ms in any operation`,
    );
    printResult({
      machine: m,
      runs: RUNS,
      exportRuns: EXPORT_RUNS,
      folder: { ...meta, meetings: meta.meetings.length },
      coreOpen,
      hubListenMs,
      rss: { start: rssStart, end: rssEnd },
      ops,
      compaction: compact,
      stalls,
    });
  } finally {
    if (hub) await stopProcess(hub.child);
    removeDir(dir);
  }
}

runMain('years', 60 * 60_000, main);
