/**
 * Shared parts of the benchmarks. Like the tests (test/helpers.ts), everything here drives the
 * real parts: a real Core on a temporary data folder, the real hub on a loopback port, stock
 * y-websocket clients. Every wait is bounded in time; every loop in count.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Core } from '../src/core';
import { DB_FILE } from '../src/core/store/db';
import { startHub, type Hub } from '../src/hub/server';
import type { Caller } from '../src/shared/domain';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The editing traces: ../shared/traces beside the checkout, or where TRACES_DIR says (a git worktree elsewhere). */
export const TRACES_DIR = process.env.TRACES_DIR || join(REPO_ROOT, '..', 'shared', 'traces');
export const OWNER_TOKEN = 'owner-secret-for-benchmarks-0123456789';
const OWNER: Caller = { kind: 'owner' };

// ---------------------------------------------------------------------------------------------
// The editing trace

export type Patch = [position: number, deleteCount: number, insertText: string];
export interface Trace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

export function loadTrace(name = 'automerge-paper'): Trace {
  const raw = readFileSync(join(TRACES_DIR, `${name}.json.gz`));
  return JSON.parse(gunzipSync(raw).toString('utf8')) as Trace;
}

/**
 * The first `n` transactions of `trace`, its endContent being the text after them (worked out on
 * a plain string, independently of Yjs). The whole trace when `n` is null or not below its length.
 */
export function traceStart(trace: Trace, n: number | null): Trace {
  if (n === null || n >= trace.txns.length) return trace;
  const txns = trace.txns.slice(0, n);
  let text = trace.startContent;
  // Each patch copies the text: quick for a prefix (the whole trace has its own endContent).
  for (const t of txns) {
    for (const [pos, del, ins] of t.patches) text = text.slice(0, pos) + ins + text.slice(pos + del);
  }
  return { startContent: trace.startContent, endContent: text, txns };
}

/** Applies one trace transaction's patches to `text` (inside whatever Yjs transaction is open). */
export function applyPatches(text: Y.XmlText | Y.Text, patches: Patch[]): void {
  for (const [pos, del, ins] of patches) {
    if (del > 0) text.delete(pos, del);
    if (ins.length > 0) text.insert(pos, ins);
  }
}

/** A paragraph holding one XmlText, appended to the minutes (as TipTap's collaboration field lays it out). */
export function addParagraph(doc: Y.Doc, content: string): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText(content);
  paragraph.insert(0, [text]);
  doc.getXmlFragment('minutes').push([paragraph]);
  return text;
}

/** The XmlText of the first paragraph of the minutes, if there is one. */
export function firstParagraphText(doc: Y.Doc): Y.XmlText | null {
  const first = doc.getXmlFragment('minutes').get(0);
  if (!(first instanceof Y.XmlElement)) return null;
  const child = first.get(0);
  return child instanceof Y.XmlText ? child : null;
}

/**
 * Replays the whole trace alone, in one process, as the comparison: one Y.Doc, the same
 * transactions (`group` trace transactions per Yjs transaction), no network. Returns the time
 * of the replay only (the paragraph is made before the clock starts, as in the hub runs).
 */
export function replayAlone(trace: Trace, group = 1): { ms: number; doc: Y.Doc; updates: number } {
  const doc = new Y.Doc();
  const text = addParagraph(doc, trace.startContent);
  let updates = 0;
  doc.on('update', () => updates++);
  const t0 = performance.now();
  const n = trace.txns.length;
  for (let i = 0; i < n; i += group) {
    doc.transact(() => {
      for (let j = i; j < Math.min(n, i + group); j++) applyPatches(text, trace.txns[j]!.patches);
    });
  }
  const ms = performance.now() - t0;
  if (text.toString() !== trace.endContent)
    throw new Error('Replaying the trace alone did not give endContent.');
  return { ms, doc, updates };
}

/** Every update the trace produces, one per trace transaction, from a doc with the given client id. */
export function traceUpdates(trace: Trace, clientID: number): { setup: Uint8Array; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  const text = addParagraph(doc, trace.startContent);
  const setup = Y.encodeStateAsUpdate(doc);
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const t of trace.txns) doc.transact(() => applyPatches(text, t.patches));
  doc.destroy();
  return { setup, updates };
}

// ---------------------------------------------------------------------------------------------
// Core, hub, clients

export function tempDir(prefix = 'coconstruct-bench-'): string {
  return mkdtempSync(join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function openCore(dataDir: string): Core {
  return Core.open({ dataDir, ownerToken: OWNER_TOKEN });
}

export interface Seeded {
  docName: string;
  /** Tokens of members with the role 'member' (they may edit the minutes). */
  tokens: string[];
}

/** What `seedMeeting` and `seedMeetingOverApi` create: the same calls, in the same order. */
const SEED = {
  committee: {
    name: 'Comité des usagers',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil aux urgences',
  },
  member: (committeeId: string, i: number) => ({
    committeeId,
    name: `Partenaire ${i + 1}`,
    kind: 'patient-partner',
    role: 'member',
    engagementLevel: 'partnership',
  }),
  meeting: (committeeId: string) => ({
    committeeId,
    title: 'Rencontre de novembre',
    startsAt: '2026-11-20T18:00:00Z',
  }),
} as const;

/** A committee, `members` members with the role 'member', and a planned meeting, through the API. */
export function seedMeeting(core: Core, members = 2): Seeded {
  const committee = core.call(OWNER, 'committees.create', SEED.committee);
  const tokens: string[] = [];
  for (let i = 0; i < members; i++)
    tokens.push(core.call(OWNER, 'members.add', SEED.member(committee.id, i)).token);
  const meeting = core.call(OWNER, 'meetings.create', SEED.meeting(committee.id));
  return { docName: meeting.docName, tokens };
}

/** `seedMeeting` through a hub's HTTP API (POST /api/<method> as the owner), for a hub in another process. */
export async function seedMeetingOverApi(url: string, members = 2): Promise<Seeded> {
  const committee = await apiCall<{ id: string }>(url, 'committees.create', SEED.committee);
  const tokens: string[] = [];
  for (let i = 0; i < members; i++)
    tokens.push((await apiCall<{ token: string }>(url, 'members.add', SEED.member(committee.id, i))).token);
  const meeting = await apiCall<{ docName: string }>(url, 'meetings.create', SEED.meeting(committee.id));
  return { docName: meeting.docName, tokens };
}

export interface Running {
  dir: string;
  core: Core;
  hub: Hub;
  seeded: Seeded;
  logs: string[];
  /** Closes the hub and the core (the folder is kept: see `removeDir`). */
  stop(): Promise<void>;
}

/** A real Core on a new temp folder, seeded, and the real hub over it on a free loopback port. */
export async function startRunning(members = 2): Promise<Running> {
  const dir = tempDir();
  const core = openCore(dir);
  const seeded = seedMeeting(core, members);
  const logs: string[] = [];
  const hub = await startHub({ core, port: 0, log: (line) => logs.push(line) });
  let stopped = false;
  return {
    dir,
    core,
    hub,
    seeded,
    logs,
    async stop() {
      if (stopped) return;
      stopped = true;
      await hub.close();
      core.close();
    },
  };
}

type Polyfill = NonNullable<
  NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']
>;

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: number[];
  destroy(): void;
}

/**
 * A stock y-websocket client, or one of `Provider` (the app's own HubProvider) (BroadcastChannel
 * off: two clients in one process would otherwise sync through it rather than through the hub).
 */
export function connectClient(
  hub: Pick<Hub, 'url'>,
  docName: string,
  token: string,
  doc = new Y.Doc(),
  Provider: typeof WebsocketProvider = WebsocketProvider,
): Client {
  const provider = new Provider(`${hub.url.replace(/^http/, 'ws')}/sync`, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as Polyfill,
    params: { token },
    disableBc: true,
  });
  const client: Client = {
    doc,
    provider,
    closes: [],
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  provider.on('connection-close', (event) => {
    client.closes.push(event?.code ?? -1);
  });
  return client;
}

/**
 * Destroys a client and resolves once its socket has closed (the close handshake done: the hub has
 * seen it go, and the last user out of a doc has made the hub fold its log if due).
 */
export async function leave(client: Client, timeoutMs = 10_000): Promise<void> {
  const ws = client.provider.ws;
  client.destroy();
  if (ws) await waitFor(() => ws.readyState === ws.CLOSED, timeoutMs, 'the connection to close');
}

/** Polls `predicate` every few ms until it is true, or throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function syncedClient(
  hub: Pick<Hub, 'url'>,
  docName: string,
  token: string,
  doc?: Y.Doc,
  Provider?: typeof WebsocketProvider,
): Promise<Client> {
  const client = connectClient(hub, docName, token, doc, Provider);
  await waitFor(() => client.provider.synced, 30_000, `${docName} to sync`);
  return client;
}

/** Sizes of the SQLite database file and its WAL, in bytes. */
export function dbFileSizes(dir: string): { db: number; wal: number } {
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return { db: size(join(dir, DB_FILE)), wal: size(join(dir, `${DB_FILE}-wal`)) };
}

/**
 * What one durable commit costs on this disk right now: the median of `n` one-row commits to a bare
 * SQLite file in the temp folder, WAL with synchronous=FULL as the core opens it. Other work on the
 * machine (tests writing their own databases) makes this vary; the benchmarks print it beside their
 * results.
 */
export function commitLatencyUs(n = 500): number {
  const dir = tempDir('coconstruct-fsync-');
  try {
    const db = new Database(join(dir, 'probe.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)');
    const insert = db.prepare('INSERT INTO t (data) VALUES (?)');
    const blob = Buffer.alloc(32, 7);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      insert.run(blob);
      times.push((performance.now() - t) * 1000);
    }
    db.close();
    return summarize(times).median;
  } finally {
    removeDir(dir);
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics and reporting

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
  };
}

export const fmtMs = (ms: number): string =>
  ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
export const fmtSummary = (s: Summary, f: (v: number) => string = fmtMs): string =>
  `median ${f(s.median)} (min ${f(s.min)}, max ${f(s.max)}, n=${s.n})`;
export const fmtBytes = (b: number): string =>
  b >= 1024 * 1024
    ? `${(b / 1024 / 1024).toFixed(2)} MiB`
    : b >= 1024
      ? `${(b / 1024).toFixed(1)} KiB`
      : `${b} B`;

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return '?';
  }
}

export interface Machine {
  date: string;
  /** The commit measured, and whether src/ had uncommitted changes then. */
  commit: string;
  /** Load average (1, 5, 15 min) when the benchmark started: other work on the machine skews times. */
  loadavg: number[];
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  platform: string;
  versions: Record<string, string>;
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? '?';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]!.trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let cores = os.availableParallelism();
  try {
    cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cores;
  } catch {
    // no nproc
  }
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (dirty.trim()) commit += ' (src/ has uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100),
    cpu,
    cores,
    memory: fmtBytes(os.totalmem()),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: {
      yjs: packageVersion('yjs'),
      'y-websocket': packageVersion('y-websocket'),
      ws: packageVersion('ws'),
      'better-sqlite3-multiple-ciphers': packageVersion('better-sqlite3-multiple-ciphers'),
    },
  };
}

export function printMachine(m: Machine): void {
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memory} RAM, Node ${m.node}, ${m.platform}; ` +
      Object.entries(m.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  );
  console.log(`date: ${m.date}; commit ${m.commit}; load average ${m.loadavg.join(' ')}`);
}

/** The line `bench/run.ts` collects from each benchmark's output. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export function printResult(result: unknown): void {
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

function numberArg(flag: string, fallback: number, min: number): number {
  const i = process.argv.indexOf(flag);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(n) || n < min) throw new Error(`${flag} takes a number of at least ${min}`);
  return n;
}

/** Number of runs: `--runs N` on the command line, else `fallback`; at most `max`. */
export function runsFromArgs(fallback: number, max = 50): number {
  return Math.min(Math.floor(numberArg('--runs', fallback, 1)), max);
}

/** Time budget in seconds: `--budget S` on the command line, else `fallback`. */
export function budgetFromArgs(fallbackSeconds: number): number {
  return numberArg('--budget', fallbackSeconds, 1);
}

/** `--limit N` on the command line (only the first N of something, for a short check), else null. */
export function limitFromArgs(): number | null {
  return process.argv.includes('--limit') ? Math.floor(numberArg('--limit', 1, 1)) : null;
}

/**
 * Whether another run of about `estimateMs` (the longest so far) fits before `deadline`
 * (performance.now() time). The first run always starts: a benchmark reports at least one.
 */
export function fits(done: number, estimateMs: number, deadline: number): boolean {
  return done === 0 || performance.now() + estimateMs <= deadline;
}

export interface Timed {
  calls: number;
  ms: number;
}

/**
 * Wraps `target[name]` (a method, if `target` has one by that name) to count its calls and the
 * time spent in them. Untyped on purpose: a benchmark keeps working when the code it watches moves.
 */
export function timeMethod(target: object, name: string): Timed {
  const timed: Timed = { calls: 0, ms: 0 };
  const obj = target as Record<string, unknown>;
  const original = obj[name];
  if (typeof original !== 'function') return timed;
  obj[name] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } finally {
      timed.ms += performance.now() - t;
      timed.calls++;
    }
  };
  return timed;
}

/**
 * Runs `main`, then exits: the process must not outlive its benchmark (stray timers, sockets), and
 * is stopped with an error if it runs past `limitMs`.
 */
export function runMain(name: string, limitMs: number, main: () => Promise<void>): void {
  const watchdog = setTimeout(() => {
    console.error(`${name}: stopped after ${Math.round(limitMs / 1000)} s (time limit).`);
    process.exit(2);
  }, limitMs);
  watchdog.unref();
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`${name} failed:`, err);
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Processes of their own (the hub's CLI, the reference relay)

export interface Listening {
  child: ChildProcess;
  url: string;
  /** From the spawn to the line `listening on …`. */
  ms: number;
  /** Every line it printed. */
  lines: string[];
}

/**
 * Spawns `node <script> ...args` (through tsx for a .ts file) from the repository's root and resolves once it
 * prints `listening on http://…` (the hub's CLI contract; bench/_bare-relay.ts says the same).
 */
export function startListening(script: string, args: string[] = [], timeoutMs = 60_000): Promise<Listening> {
  const t0 = performance.now();
  const runner = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...runner, join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not listen within ${timeoutMs} ms.`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, ms: performance.now() - t0, lines });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it listened.`));
    });
  });
}

/** The hub as `npm run serve` runs it: built by electron-vite (out/main/hub.js, run by plain node). */
export const HUB_CLI = 'out/main/hub.js';

/** Builds the app (electron-vite build: the hub, its export worker, the renderer) unless it is built. */
export function ensureBuilt(): void {
  const built = ['out/main/hub.js', 'out/main/export-worker.js', 'out/renderer/index.html'];
  const paths = built.map((f) => join(REPO_ROOT, f));
  if (paths.every((p) => existsSync(p))) {
    // Built after the last change to the sources: a stale build would measure old code.
    const builtAt = Math.min(...paths.map((p) => statSync(p).mtimeMs));
    if (newestSource(join(REPO_ROOT, 'src')) <= builtAt) return;
  }
  console.log('building the app (electron-vite build)…');
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), 'build', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}

/** The newest modification time of the files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The hub's CLI (built) on `dataDir` (owner token OWNER_TOKEN), on a free loopback port. */
export function startHubProcess(dataDir: string): Promise<Listening> {
  ensureBuilt();
  return startListening(HUB_CLI, ['--data', dataDir, '--token', OWNER_TOKEN, '--port', '0']);
}

/** SIGTERM, then SIGKILL after 10 s; resolves when it has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory of a process (VmRSS in /proc/<pid>/status), in bytes; NaN where there is no /proc. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

let clockTicks = 0;

/**
 * CPU time (user + system) a process has used so far, in ms, from utime and stime in
 * /proc/<pid>/stat (whole clock ticks: 10 ms where CLK_TCK is 100); NaN where there is no /proc.
 */
export function processCpuMs(pid: number): number {
  return cpuMsOf(`/proc/${pid}/stat`);
}

/**
 * CPU time (user + system, ms) of one thread of a process: its main thread when `tid` is its pid
 * (Linux names a process's main thread by the process id). NaN where there is no /proc. Beside
 * processCpuMs, it tells a thread's own work from its process's other threads (workers, the
 * garbage collector's helpers).
 */
export function threadCpuMs(pid: number, tid = pid): number {
  return cpuMsOf(`/proc/${pid}/task/${tid}/stat`);
}

function cpuMsOf(statFile: string): number {
  try {
    clockTicks ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(statFile, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces: state is
    // field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
  } catch {
    return NaN;
  }
}

/**
 * Now, in ms, on a clock every thread of this process shares (performance.now() alone counts from
 * each thread's own start): for times taken in one thread and compared in another.
 */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A worker thread (node:worker_threads) running the TypeScript module `source`. A worker does not
 * inherit the tsx loader of the thread that starts it: it registers it first (as the core's export
 * worker does when it runs from its sources, src/core/exports/workers.ts).
 */
export function startTsWorker(source: URL, workerData: unknown): Worker {
  const tsx = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** POST /api/<method> as the owner (or `token`); the parsed JSON, or throws with the answer. */
export async function apiCall<T = unknown>(
  url: string,
  method: string,
  input: unknown,
  token = OWNER_TOKEN,
): Promise<T> {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * Asks GET /healthz every `everyMs` until stopped, from a worker thread (bench/_probe.ts), and
 * returns how long each answer took: the longest says how long the server's event loop was held
 * (plus one loopback round trip). Resolves once the probe runs.
 */
export async function probeHealthz(url: string, everyMs = 10): Promise<{ stop(): Promise<number[]> }> {
  const worker = startTsWorker(new URL('./_probe.ts', import.meta.url), { url, everyMs });
  const said = (type: string) =>
    new Promise<{ waits?: number[] }>((resolve, reject) => {
      const onMessage = (m: { type: string; waits?: number[] }) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  await said('started');
  return {
    async stop() {
      const done = said('waits');
      worker.postMessage('stop');
      const { waits } = await done;
      await worker.terminate();
      return waits ?? [];
    },
  };
}

/** The `q` quantile (0–1) of unsorted values. */
export function pct(values: number[], q: number): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    q,
  );
}
