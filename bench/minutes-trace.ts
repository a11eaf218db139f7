/**
 * Benchmark 1: the automerge-paper editing trace typed into a meeting's minutes through the hub,
 * set up as it is deployed: the hub in a process of its own, each client in a thread of its own.
 *
 * The hub is the CLI as `npm run serve` runs it (out/main/hub.js, built by electron-vite, plain
 * node) on a new data folder, seeded through its HTTP API. Client A (a member) runs in this thread
 * and replays the trace into `minutes` (one XmlText in one paragraph), one Yjs transaction per
 * trace transaction, yielding to its event loop every TURN transactions. A is the app's own client
 * (HubProvider: the updates of one turn leave as one message) and, for comparison, a stock
 * y-websocket provider (a message per update). The hub checks what arrives, writes it to SQLite
 * (synchronous=FULL, group commit) and relays it once committed; client B (another member, a stock
 * y-websocket client) runs in a worker thread (bench/_trace-peer.ts).
 * Measured: from the first update A sends until B's text equals endContent, B taking the time on
 * the clock the threads share. Compared with Yjs replaying the same transactions alone in one
 * process (one Y.Doc, no network). Target: no more than 1.25x. Also reported: the CPU time of the
 * hub's process and of this one (A and B) over the same span.
 *
 * Each run also replays the trace with A, the hub and B all in this process, on one thread, as the
 * benchmark first did ("all in one process"): there the hub's steps are timed (LiveDocs.applyRemote,
 * DocStore.append, authorship, compaction). And: each step of the hub timed alone, the
 * SQLite log the run leaves, and that the text survives a reload from SQLite.
 *
 *   npx tsx bench/minutes-trace.ts [--runs 5] [--budget 330] [--limit N] [--pin]
 *
 * `--limit N` replays only the first N trace transactions (a short check of the set-up; the text
 * expected is worked out from the trace on a plain string).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { EditOrigin, type Core } from '../src/core';
import { rootsTouched } from '../src/core/doc-guard';
import { DB_FILE } from '../src/core/store/db';
import { HubProvider } from '../src/shared/hub-provider';
import type { FromPeer, PeerData, ToPeer } from './_trace-peer';
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
  leave,
  limitFromArgs,
  loadTrace,
  machine,
  openCore,
  printMachine,
  printResult,
  processCpuMs,
  threadCpuMs,
  removeDir,
  replayAlone,
  runMain,
  runsFromArgs,
  seedMeeting,
  seedMeetingOverApi,
  sharedNow,
  startHubProcess,
  startRunning,
  startTsWorker,
  stopProcess,
  summarize,
  syncedClient,
  tempDir,
  timeMethod,
  traceStart,
  traceUpdates,
  waitFor,
  type Client,
  type Listening,
  type Seeded,
  type Timed,
  type Trace,
} from './lib';

const TARGET_RATIO = 1.25;
/** A's replay yields to its event loop after this many trace transactions (a turn). */
const TURN = 500;
/** Which client A is: the app's own (HubProvider) or a stock y-websocket provider. */
type ClientKind = 'app' | 'stock';
const PROVIDERS = { app: HubProvider, stock: WebsocketProvider } as const;
/** At most this many of A's updates in flight (sent, not yet seen by B): keeps the pipe full without
 * queueing the whole trace in memory, and keeps heartbeats (30 s) from waiting behind a backlog.
 * Twenty of the app client's frames (a turn each): with fewer, a slow commit stalls the pipe. */
const WINDOW = 10_000;
/** One run may not take longer than this. */
const RUN_LIMIT_MS = 600_000;
/** Trace transactions the hub and B receive first, not measured (see deployedRun). */
const WARMUP = 20_000;
/** Updates used where a step is timed alone at one SQLite commit per update. */
const SAMPLE = 20_000;
/** How the main measurement is set up, in the results. */
const SETUP =
  `hub CLI in its own process (built: out/main/hub.js, plain node), ` +
  'A in the main thread, B in a worker thread';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Frames `client` has sent for its updates: counted by the app's client; one per update by a stock one. */
function framesSent(client: Client): number {
  return client.provider instanceof HubProvider ? client.provider.sent.frames : Number.NaN;
}

interface LogState {
  updates: number;
  bytes: number;
  snapshotBytes: number;
}

/** The meeting doc's log in the database `db` (the core's own connection, or a read-only one). */
function logState(db: Core['db'], docName: string): LogState {
  const log = db
    .prepare(
      'SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM doc_updates WHERE doc_name = ?',
    )
    .get(docName) as { n: number; bytes: number };
  const row = db.prepare('SELECT LENGTH(data) AS n FROM doc_snapshots WHERE doc_name = ?').get(docName) as
    { n: number } | undefined;
  return { updates: log.n, bytes: log.bytes, snapshotBytes: row?.n ?? 0 };
}

/** What both set-ups check after a run: the folder reloaded by a new core, as a restarted hub would. */
interface Reloaded {
  /** Core.open + docStore.load on the folder, and whether the text was endContent. */
  reloadMs: number;
  reloadOk: boolean;
  /** After the hub and its core closed (the last user out folds a due log). */
  logAfterClose: LogState;
  files: { db: number; wal: number };
}

function reload(dir: string, docName: string, endContent: string): Reloaded {
  const files = dbFileSizes(dir);
  const t = performance.now();
  const core = openCore(dir);
  try {
    const doc = core.docStore.load(docName);
    const reloadMs = performance.now() - t;
    const reloadOk = firstParagraphText(doc)?.toString() === endContent;
    doc.destroy();
    return { reloadMs, reloadOk, logAfterClose: logState(core.db, docName), files };
  } finally {
    core.close();
  }
}

interface DeployedRun extends Reloaded {
  client: ClientKind;
  /** WebSocket frames A sent for its updates (the app's client sends a turn's updates in one). */
  frames: number;
  /** First update sent (A's clock) → B's text equals endContent (B's clock; the clock is shared). */
  ms: number;
  /** CPU time of the hub's process over the same span (/proc/<pid>/stat, 10 ms ticks). */
  hubCpuMs: number;
  /** CPU time of this process (A's thread, B's worker, their I/O threads) over the same span. */
  cpuMs: number;
  /** A's replay loop, waits for the window included. */
  typingMs: number;
  /** Time A's thread and B's were busy (event loop utilisation), waits not counted. */
  aBusyMs: number;
  /** CPU time of A's thread alone (this process's main thread) while it typed. */
  aCpuMs: number;
  /** CPU time of the hub's main thread (its process less its helper threads) over the span. */
  hubThreadCpuMs: number;
  bBusyMs: number;
  updates: number;
  updateBytes: number;
  receivedOk: boolean;
  /** The log when B was done (before the hub folds it), read through a read-only connection. */
  logAtEnd: LogState;
  closes: number[];
  hubLog: string[];
}

type Done = Extract<FromPeer, { type: 'done' }>;

/** Client B in its worker thread: what it has said so far, and a way to wait for what it says next. */
class Peer {
  ready = false;
  /** A's clock up to which B holds A's writing. */
  acked = 0;
  done: Done | null = null;
  left = false;
  private failure: Error | null = null;
  private closing = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly deadline: number,
  ) {
    worker.on('message', (m: FromPeer) => {
      if (m.type === 'ready') this.ready = true;
      else if (m.type === 'ack') this.acked = m.clock;
      else if (m.type === 'done') this.done = m;
      else this.left = true;
      this.poke();
    });
    worker.on('error', (err) => {
      this.failure ??= err;
      this.poke();
    });
    worker.on('exit', (code) => {
      if (!this.closing) this.failure ??= new Error(`B's worker exited (code ${code})`);
      this.poke();
    });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Before B joins a doc. */
  reset(): void {
    this.ready = this.left = false;
    this.acked = 0;
    this.done = null;
  }

  tell(m: ToPeer): void {
    this.worker.postMessage(m);
  }

  /** Waits (yielding to the event loop) until `cond` gives a value, B fails, or the run's time is up. */
  async until<T>(cond: () => T, what: () => string): Promise<NonNullable<T>> {
    for (;;) {
      const got = cond();
      if (got) return got as NonNullable<T>;
      if (this.failure) throw this.failure;
      const left = this.deadline - performance.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

/**
 * A's flow control: at most WINDOW of its updates in flight. B's progress is A's Yjs clock as B
 * holds it (the hub may relay many updates as one message, so B cannot count them); an update
 * that only deletes does not move the clock, so it counts as held with the last one that did.
 */
class FlowWindow {
  /** A's clock after each of its updates, in order. */
  private readonly clocks: number[] = [];

  constructor(private readonly doc: Y.Doc) {}

  clock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  /** Call on each update A sends. */
  sent(): void {
    this.clocks.push(this.clock());
  }

  /** Whether the update WINDOW back is not yet held by B (at `heldClock`). */
  full(heldClock: number): boolean {
    const n = this.clocks.length;
    return n > WINDOW && heldClock < this.clocks[n - WINDOW - 1]!;
  }

  /** The clock B must hold before A types on: half the window left in flight. */
  resumeAt(): number {
    return this.clocks[this.clocks.length - WINDOW / 2 - 1]!;
  }
}

type Session = Omit<DeployedRun, 'client' | 'hubLog' | keyof Reloaded>;

/**
 * A types `trace` into the first paragraph of `seeded`'s doc, B (already running in its worker)
 * receiving it through the hub; both leave the doc afterwards.
 */
async function session(
  hub: Listening,
  dir: string,
  peer: Peer,
  seeded: Seeded,
  trace: Trace,
  client: ClientKind,
): Promise<Session> {
  const { docName, tokens } = seeded;
  peer.reset();
  const a = await syncedClient(hub, docName, tokens[0]!, undefined, PROVIDERS[client]);
  let aLeft = false;
  try {
    const aDoc = a.doc;
    const aProvider = a.provider;
    const text = addParagraph(aDoc, trace.startContent);
    const author = aDoc.clientID;
    peer.tell({ type: 'join', docName, token: tokens[1]!, endContent: trace.endContent, author });
    await peer.until(
      () => peer.ready,
      () => 'B to sync and receive the paragraph',
    );

    let sent = 0;
    let sentBytes = 0;
    const window = new FlowWindow(aDoc);
    aDoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === aProvider) return;
      sent++;
      sentBytes += u.byteLength;
      window.sent();
    });
    const n = trace.txns.length;
    const pid = hub.child.pid!;
    const hubCpu0 = processCpuMs(pid);
    const cpu0 = process.cpuUsage();
    const aCpu0 = threadCpuMs(process.pid);
    const hubThreadCpu0 = threadCpuMs(pid);
    const elu0 = performance.eventLoopUtilization();
    const frames0 = framesSent(a);
    const t0 = sharedNow();
    for (let i = 0; i < n; i++) {
      aDoc.transact(() => applyPatches(text, trace.txns[i]!.patches));
      if (i % TURN === TURN - 1) await nextTurn();
      if (window.full(peer.acked)) {
        const resume = window.resumeAt();
        await peer.until(
          () => peer.acked >= resume,
          () => `B, stalled at clock ${peer.acked} of ${window.clock()} (${sent} updates sent)`,
        );
      }
    }
    await nextTurn();
    const typingMs = sharedNow() - t0;
    const aBusyMs = performance.eventLoopUtilization(elu0).active;
    const aCpuMs = threadCpuMs(process.pid) - aCpu0;
    const frames = framesSent(a) - frames0;
    peer.tell({ type: 'typed', clock: window.clock() });
    const end = await peer.until(
      () => peer.done,
      () => `B to hold endContent (it acknowledged clock ${peer.acked} of ${window.clock()})`,
    );
    const hubCpuMs = processCpuMs(pid) - hubCpu0;
    const hubThreadCpuMs = threadCpuMs(pid) - hubThreadCpu0;
    const cpu = process.cpuUsage(cpu0);
    // The log as B finished, beside the hub's own connection (WAL: a reader does not block it).
    const ro = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
    let logAtEnd: LogState;
    try {
      logAtEnd = logState(ro, docName);
    } finally {
      ro.close();
    }
    const closes = [...a.closes, ...end.closes];
    aLeft = true;
    await leave(a);
    peer.tell({ type: 'leave' });
    await peer.until(
      () => peer.left,
      () => 'B to leave the doc',
    );
    return {
      ms: end.at - t0,
      hubCpuMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      typingMs,
      aBusyMs,
      aCpuMs,
      hubThreadCpuMs,
      bBusyMs: end.busyMs,
      updates: sent,
      frames,
      updateBytes: sentBytes,
      // The hub relays a run of A's updates as one message: B receives fewer than A sent.
      receivedOk: end.received > 0 && end.text === trace.endContent,
      logAtEnd,
      closes,
    };
  } finally {
    if (!aLeft) a.destroy();
  }
}

/**
 * One replay of the trace as deployed: A (this thread) → the hub (its own process, SQLite) → B (a
 * worker thread). The hub and B first receive `warmup` on a meeting of its own, not measured: V8
 * compiles their hot code as it runs, as in a hub and an editor that have been running for a while
 * (Yjs alone is measured warm too, and the one-process run shares this warm process).
 */
async function deployedRun(trace: Trace, warmup: Trace, client: ClientKind): Promise<DeployedRun> {
  const deadline = performance.now() + RUN_LIMIT_MS;
  const dir = tempDir();
  let hub: Listening | null = null;
  let peer: Peer | null = null;
  // Should this process exit mid-run (its time limit), the hub's goes with it.
  const killHub = () => hub?.child.kill('SIGKILL');
  process.on('exit', killHub);
  try {
    hub = await startHubProcess(dir);
    const data: PeerData = { url: hub.url };
    peer = new Peer(startTsWorker(new URL('./_trace-peer.ts', import.meta.url), data), deadline);
    pinOthers(hub.child.pid!);
    const warm = await session(hub, dir, peer, await seedMeetingOverApi(hub.url, 2), warmup, client);
    pinOthers(hub.child.pid!);
    if (!warm.receivedOk) throw new Error('The warm-up did not give its endContent.');
    const seeded = await seedMeetingOverApi(hub.url, 2);
    const measured = await session(hub, dir, peer, seeded, trace, client);
    await peer.close();
    peer = null;
    await stopProcess(hub.child);
    const hubLog = hubOwnLines(hub.lines.join('\n'));
    hub = null;
    return { client, ...measured, hubLog, ...reload(dir, seeded.docName, trace.endContent) };
  } finally {
    await peer?.close();
    if (hub) await stopProcess(hub.child);
    process.off('exit', killHub);
    removeDir(dir);
  }
}

/** What the hub's CLI printed besides starting and stopping: warnings, errors. */
function hubOwnLines(output: string): string[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const listening = lines.findIndex((l) => l.startsWith('listening on '));
  return lines.slice(listening + 1).filter((l) => !/^(SIGTERM: closing|closed)$/.test(l));
}

interface OneProcessRun extends Reloaded {
  client: ClientKind;
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
  receivedOk: boolean;
  closes: number[];
  hubLog: string[];
}

/** One replay of the trace with A, the hub (core + SQLite) and B all in this process, on one thread. */
async function oneProcessRun(trace: Trace, client: ClientKind): Promise<OneProcessRun> {
  const deadline = performance.now() + RUN_LIMIT_MS;
  const r = await startRunning(2);
  const { docName, tokens } = r.seeded;
  const out: Partial<OneProcessRun> = { client, hubLog: r.logs };
  let a: Client | null = null;
  let b: Client | null = null;
  try {
    // Instruments the hub's steps on this core (two performance.now() calls per call).
    const timed = {
      applyRemote: timeMethod(r.core.docs, 'applyRemote'),
      // A connection's updates are applied when the turn ends (LiveDocs' private drain): counted in applyRemote.
      drain: timeMethod(r.core.docs, 'drain'),
      append: timeMethod(r.core.docStore, 'append'),
      authorship: timeMethod((r.core as unknown as { minutes?: object }).minutes ?? {}, 'addAuthorship'),
      // LiveDocs folds the live document's own state (its private compact), no longer DocStore.compact.
      compact: timeMethod(r.core.docs, 'compact'),
    };
    a = await syncedClient(r.hub, docName, tokens[0]!, undefined, PROVIDERS[client]);
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
    let typing = true;
    let tEnd = 0;
    let wake: (() => void) | null = null;
    let wakeAt = 0;
    const window = new FlowWindow(aDoc);
    const author = aDoc.clientID;
    aDoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === aProvider) return;
      sent++;
      sentBytes += u.byteLength;
      window.sent();
    });
    // B holds A's writing up to this clock (the hub relays a run of A's updates as one message).
    const bClock = () => Y.getState(bDoc.store, author);
    const checkDone = () => {
      if (tEnd !== 0 || typing || bClock() < window.clock()) return;
      if (bText.length === trace.endContent.length && bText.toString() === trace.endContent)
        tEnd = performance.now();
    };
    bDoc.on('update', () => {
      if (wake && bClock() >= wakeAt) {
        const w = wake;
        wake = null;
        w();
      }
      if (!typing) checkDone();
    });
    const until = (clock: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`B stalled at clock ${bClock()} of ${window.clock()} (${sent} updates sent)`)),
          Math.max(1, deadline - performance.now()),
        );
        wakeAt = clock;
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });

    const n = trace.txns.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      aDoc.transact(() => applyPatches(text, trace.txns[i]!.patches));
      if (i % TURN === TURN - 1) await nextTurn();
      if (window.full(bClock())) await until(window.resumeAt());
    }
    await nextTurn();
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
    const { drain, ...rest } = timed;
    Object.assign(out, rest, {
      applyRemote: { calls: rest.applyRemote.calls, ms: rest.applyRemote.ms + drain.ms },
    });
    out.logAtEnd = logState(r.core.db, docName);
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
  try {
    Object.assign(out, reload(r.dir, docName, trace.endContent));
  } finally {
    removeDir(r.dir);
  }
  return out as OneProcessRun;
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

/**
 * `--pin` (Linux, taskset): A's thread, and Yjs alone, on CPU 0 by themselves; every other thread
 * (the hub's process, B, this process's garbage-collector helpers) on CPU 1. This tells how much
 * of the ratio is A sharing its core with the hub and B on a 2-core machine, as a machine with a
 * core to spare for each would not. Not the benchmark's set-up: a diagnosis, reported apart.
 */
const PIN = process.argv.includes('--pin');

/** With --pin: this process's threads but the main one, and `hubPid`'s, to CPU 1; the main to CPU 0. */
function pinOthers(hubPid: number | null): void {
  if (!PIN) return;
  const taskset = (args: string[]) => execFileSync('taskset', args, { stdio: 'ignore' });
  for (const tid of readdirSync(`/proc/${process.pid}/task`))
    taskset(['-pc', tid === String(process.pid) ? '0' : '1', tid]);
  if (hubPid !== null) taskset(['-apc', '1', String(hubPid)]);
}

/** A as the app's own client is the benchmark; a stock provider shows what merging a turn changes. */
const CLIENTS: ClientKind[] = ['app', 'stock'];
const CLIENT_NAMES: Record<ClientKind, string> = {
  app: "A the app's client (HubProvider)",
  stock: 'A a stock y-websocket provider',
};
const sentLine = (r: { updates: number; frames: number }) =>
  Number.isNaN(r.frames) ? `${r.updates} frames` : `${r.frames} frames`;

async function main(): Promise<void> {
  const runs = runsFromArgs(5);
  const budget = BUDGET;
  const limit = limitFromArgs();
  const m = machine();
  printMachine(m);
  const whole = loadTrace('automerge-paper');
  const trace = traceStart(whole, limit);
  const warmup = traceStart(whole, Math.min(WARMUP, trace.txns.length));
  console.log(
    `trace: automerge-paper, ${trace.txns.length} transactions` +
      (trace === whole ? '' : ` (the first ${trace.txns.length} of ${whole.txns.length}: --limit)`) +
      `, ${trace.endContent.length} characters at the end; up to ${runs} runs per variant, ${budget} s for the unbatched ones`,
  );
  console.log(`set-up: ${SETUP}; then, in each run, all in one process (one thread) as before`);
  if (PIN) {
    pinOthers(null);
    console.log(
      "--pin: A's thread alone on CPU 0 (Yjs alone too); the hub's process, B and this process's other threads on CPU 1",
    );
  }
  replayAlone(trace).doc.destroy(); // warm-up, not counted
  const commitBefore = commitLatencyUs();
  console.log(
    `one SQLite commit (WAL, synchronous=FULL) on this disk now: ${commitBefore.toFixed(0)} µs (median of 500)`,
  );

  type Variant = { alone: number[]; aloneCpu: number[]; hub: DeployedRun[]; one: OneProcessRun[] };
  const variants: Record<string, Variant> = {};
  for (const client of CLIENTS) {
    const v: Variant = (variants[client] = { alone: [], aloneCpu: [], hub: [], one: [] });
    const deadline = performance.now() + (client === 'app' ? budget : Math.max(60, budget / 5)) * 1000;
    let longest = 0;
    for (let i = 0; i < runs && fits(i, longest, deadline); i++) {
      const t = performance.now();
      const aloneCpu0 = threadCpuMs(process.pid);
      const alone = replayAlone(trace);
      const aloneCpuMs = threadCpuMs(process.pid) - aloneCpu0;
      alone.doc.destroy();
      v.alone.push(alone.ms);
      v.aloneCpu.push(aloneCpuMs);
      const run = await deployedRun(trace, warmup, client);
      if (!run.receivedOk || !run.reloadOk)
        throw new Error(
          `${client} client, run ${i + 1}: text differs from endContent (hub in its own process)`,
        );
      v.hub.push(run);
      const one = await oneProcessRun(trace, client);
      if (!one.receivedOk || !one.reloadOk)
        throw new Error(`${client} client, run ${i + 1}: text differs from endContent (all in one process)`);
      v.one.push(one);
      longest = Math.max(longest, performance.now() - t);
      console.log(
        `  ${CLIENT_NAMES[client]}, run ${i + 1}: alone ${fmtMs(alone.ms)}; ${run.updates} updates in ${sentLine(run)}\n` +
          `    hub in its own process: ${fmtMs(run.ms)} (${(run.ms / alone.ms).toFixed(2)}x); hub CPU ${fmtMs(run.hubCpuMs)}, ` +
          `(its main thread ${fmtMs(run.hubThreadCpuMs)}), this process's CPU ${fmtMs(run.cpuMs)}; ` +
          `A's loop ${fmtMs(run.typingMs)} (busy ${fmtMs(run.aBusyMs)}, its thread's CPU ${fmtMs(run.aCpuMs)}; ` +
          `alone, its thread's CPU ${fmtMs(aloneCpuMs)}), ` +
          `B busy ${fmtMs(run.bBusyMs)}; reload ${fmtMs(run.reloadMs)}, text ok\n` +
          `    all in one process:     ${fmtMs(one.ms)} (${(one.ms / alone.ms).toFixed(2)}x); CPU ${fmtMs(one.cpuMs)}; ` +
          `in applyRemote ${fmtMs(one.applyRemote.ms)}: SQLite append ${fmtMs(one.append.ms)}, authorship ` +
          `${fmtMs(one.authorship.ms)}; ${one.compact.calls} compactions ${fmtMs(one.compact.ms)}; reload ${fmtMs(one.reloadMs)}, text ok`,
      );
    }
  }

  const summaries = Object.fromEntries(
    Object.entries(variants).map(([k, v]) => {
      const alone = summarize(v.alone);
      const hub = summarize(v.hub.map((h) => h.ms));
      const s = (f: (h: DeployedRun) => number) => summarize(v.hub.map(f));
      const o = (f: (h: OneProcessRun) => number) => summarize(v.one.map(f));
      const one = summarize(v.one.map((h) => h.ms));
      const first = v.hub[0]!;
      const firstOne = v.one[0]!;
      return [
        k,
        {
          client: first.client,
          setup: SETUP,
          updates: first.updates,
          frames: first.frames,
          updateBytes: first.updateBytes,
          alone,
          hub,
          ratio: hub.median / alone.median,
          ratios: summarize(v.hub.map((h, i) => h.ms / v.alone[i]!)),
          hubCpuMs: s((h) => h.hubCpuMs),
          cpuMs: s((h) => h.cpuMs),
          typingMs: s((h) => h.typingMs),
          aBusyMs: s((h) => h.aBusyMs),
          aCpuMs: s((h) => h.aCpuMs),
          aloneCpuMs: summarize(v.aloneCpu),
          hubThreadCpuMs: s((h) => h.hubThreadCpuMs),
          bBusyMs: s((h) => h.bBusyMs),
          reloadMs: s((h) => h.reloadMs),
          logAtEnd: v.hub.map((h) => h.logAtEnd),
          logAfterClose: v.hub.map((h) => h.logAfterClose),
          files: v.hub.map((h) => h.files),
          closes: v.hub.flatMap((h) => h.closes),
          hubLog: v.hub.flatMap((h) => h.hubLog),
          oneProcess: {
            setup: 'A, the hub (core + SQLite) and B in one process, on one thread',
            hub: one,
            ratio: one.median / alone.median,
            ratios: summarize(v.one.map((h, i) => h.ms / v.alone[i]!)),
            cpuMs: o((h) => h.cpuMs),
            typingMs: o((h) => h.typingMs),
            applyRemoteMs: o((h) => h.applyRemote.ms),
            appendMs: o((h) => h.append.ms),
            appendUs: o((h) => (h.append.ms / h.append.calls) * 1000),
            authorshipMs: o((h) => h.authorship.ms),
            authorshipCalls: firstOne.authorship.calls,
            compactions: o((h) => h.compact.calls),
            compactMs: o((h) => h.compact.ms),
            reloadMs: o((h) => h.reloadMs),
            logAtEnd: v.one.map((h) => h.logAtEnd),
            logAfterClose: v.one.map((h) => h.logAfterClose),
            closes: v.one.flatMap((h) => h.closes),
            hubLog: v.one.flatMap((h) => h.hubLog),
          },
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
    `  DocStore.append ${st.appendEachUs!.toFixed(1)} µs per update with one commit each (first ${Math.min(SAMPLE, n)}); ` +
      `${st.appendGroupedUs!.toFixed(1)} µs per update with one commit per 1000`,
  );
  console.log(
    `  LiveDocs.applyRemote through the core ${st.applyRemoteEachUs!.toFixed(1)} µs per update (first ${Math.min(SAMPLE, n)})`,
  );

  const logLine = (
    updates: number,
    updateBytes: number,
    end: LogState,
    after: LogState,
    files: { db: number; wal: number } | null,
    reloadMs: ReturnType<typeof summarize>,
  ) =>
    `log: ${fmtBytes(updateBytes)} in ${updates} updates; when B was done ${end.updates} unfolded updates ` +
    `(${fmtBytes(end.bytes)}) + snapshot ${fmtBytes(end.snapshotBytes)}; after close ${after.updates} + snapshot ` +
    `${fmtBytes(after.snapshotBytes)}; ` +
    (files ? `files ${fmtBytes(files.db)} + WAL ${fmtBytes(files.wal)}; ` : '') +
    `reload ${fmtSummary(reloadMs)}`;

  console.log('\nsummary:');
  for (const s of Object.values(summaries)) {
    const one = s.oneProcess;
    const met = (r: number) => `target ≤ ${TARGET_RATIO}x: ${r <= TARGET_RATIO ? 'met' : 'NOT met'}`;
    console.log(
      `  ${CLIENT_NAMES[s.client]} (${s.updates} updates in ${sentLine(s)}; a turn every ${TURN}):`,
    );
    console.log(`    Yjs alone:                      ${fmtSummary(s.alone)}`);
    console.log(`    through the hub, own process:   ${fmtSummary(s.hub)}`);
    console.log(
      `      ratio: ${s.ratio.toFixed(2)}x (per run: ${fmtSummary(s.ratios, (v) => `${v.toFixed(2)}x`)}); ${met(s.ratio)}`,
    );
    console.log(
      `      CPU (medians): hub process ${fmtMs(s.hubCpuMs.median)} (main thread ${fmtMs(s.hubThreadCpuMs.median)}); ` +
        `this process (A and B) ${fmtMs(s.cpuMs.median)}; A's loop ${fmtMs(s.typingMs.median)}, busy ` +
        `${fmtMs(s.aBusyMs.median)}, A's thread's CPU ${fmtMs(s.aCpuMs.median)} (alone: ${fmtMs(s.aloneCpuMs.median)}); ` +
        `B busy ${fmtMs(s.bBusyMs.median)}`,
    );
    console.log(
      `      ${logLine(s.updates, s.updateBytes, s.logAtEnd[0]!, s.logAfterClose[0]!, s.files[0]!, s.reloadMs)}`,
    );
    if (s.closes.length) console.log(`      connection closes seen by the clients: ${s.closes.join(', ')}`);
    if (s.hubLog.length) console.log(`      hub log: ${s.hubLog.slice(0, 5).join(' | ')}`);
    console.log(`    through the hub, all in one process: ${fmtSummary(one.hub)}`);
    console.log(
      `      ratio: ${one.ratio.toFixed(2)}x (per run: ${fmtSummary(one.ratios, (v) => `${v.toFixed(2)}x`)})`,
    );
    console.log(
      `      at the hub (medians): applyRemote ${fmtMs(one.applyRemoteMs.median)}, of which DocStore.append ` +
        `${fmtMs(one.appendMs.median)} (${one.appendUs.median.toFixed(1)} µs/update) and addAuthorship ` +
        `${fmtMs(one.authorshipMs.median)} (${one.authorshipCalls} calls); ${one.compactions.median} compactions taking ` +
        `${fmtMs(one.compactMs.median)}; A's loop ${fmtMs(one.typingMs.median)}; process CPU ${fmtMs(one.cpuMs.median)}`,
    );
    console.log(
      `      ${logLine(s.updates, s.updateBytes, one.logAtEnd[0]!, one.logAfterClose[0]!, null, one.reloadMs)}`,
    );
    if (one.closes.length)
      console.log(`      connection closes seen by the clients: ${one.closes.join(', ')}`);
    if (one.hubLog.length) console.log(`      hub log: ${one.hubLog.slice(0, 5).join(' | ')}`);
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
    limit: trace === whole ? null : trace.txns.length,
    targetRatio: TARGET_RATIO,
    commitUs: { before: commitBefore, after: commitAfter },
    loadAfter,
    summaries,
    steps: st,
  });
}

runMain('minutes-trace', (BUDGET + 600) * 1000, main);
