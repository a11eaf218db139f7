/**
 * Fan-out: 30 stock y-websocket clients on one meeting doc; one member types into the minutes at
 * 50 updates a second and three others at random moments (about 4 a second each). For every
 * update, the time from its leaving the typist (just before the Yjs transaction whose update the
 * provider sends) until it has arrived at every one of the 29 other clients (their doc's `update`
 * event), and the time to each single client: p50, p99 and max, on loopback.
 *
 * The clients are spread over threads of this process, as in a real meeting they are 30 machines:
 * the 4 typists in the main thread (each also receives the other typists' updates), the 26 others,
 * which only read, over `--threads` worker threads (bench/_fan-out-receivers.ts; 13 + 13 with the
 * default 2). A thread applies an update once per client it holds, one client after the other, so
 * the last arrival in a thread still includes the applies before it there, but no longer the 28
 * applies of one thread holding every client. Each client notes when each update reached it on the
 * clock the threads share (`sharedNow`), naming the update by its typist's client id and the clock
 * of the character it wrote or deleted (bench/_fan-out-arrivals.ts); once typing is over, the main
 * thread collects every arrival and works out, per update, the time until the last of the 29 had
 * it, and per (update, client) the time to that client.
 *
 * The hub is its CLI (built: `out/main/hub.js`, as `npm run serve` runs it) in a process of its own, so
 * that its memory can be read from /proc (VmRSS). The reference: the same clients through **a bare
 * relay** (bench/_bare-relay.ts: what the stock y-websocket server does, a Y.Doc per room in
 * memory, no checks, no persistence), also a process of its own. The ratio hub / bare relay is the
 * hub's cost: the doc guard, attribution, and one durable SQLite commit per update before it is
 * relayed. On a machine with few cores the server is not alone as it would be in a meeting: the
 * client threads (the main one and `--threads` workers) and the server process compete for the
 * cores (on 2 cores, 3 or more busy threads for 2), and the bare relay pays that as the hub does.
 *
 * Then the hub's memory: its RSS before and after 100 meeting docs are opened (one client each),
 * and before and after 100 more connections to one doc.
 *
 *   npx tsx bench/fan-out.ts [--runs 5] [--seconds 10] [--threads 2]
 */
import type { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import { Arrivals, forEachKey } from './_fan-out-arrivals';
import type { FromReceivers, ToReceivers } from './_fan-out-receivers';
import {
  apiCall,
  commitLatencyUs,
  connectClient,
  fmtBytes,
  fmtMs,
  machine,
  pct,
  printMachine,
  printResult,
  removeDir,
  rssBytes,
  runMain,
  runsFromArgs,
  sharedNow,
  startHubProcess,
  startListening,
  startTsWorker,
  stopProcess,
  summarize,
  tempDir,
  waitFor,
  type Client,
  type Listening,
  type Summary,
} from './lib';

// Each WebsocketProvider adds a listener to process 'exit': 100 and more are expected here.
process.setMaxListeners(0);
const RUNS = runsFromArgs(5, 20);
const SECONDS = (() => {
  const i = process.argv.indexOf('--seconds');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 10;
  if (!Number.isFinite(n) || n < 1) throw new Error('--seconds takes a number of at least 1');
  return n;
})();
const CLIENTS = 30;
const TYPIST_HZ = 50;
const RANDOM_TYPISTS = 3;
/** The steady typist and the random ones: the clients of the main thread. */
const TYPISTS = 1 + RANDOM_TYPISTS;
/** Worker threads the other clients (the receivers) are spread over. */
const THREADS = (() => {
  const i = process.argv.indexOf('--threads');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 2;
  if (!Number.isInteger(n) || n < 1 || n > CLIENTS - TYPISTS)
    throw new Error(`--threads takes a whole number from 1 to ${CLIENTS - TYPISTS}`);
  return n;
})();
/** Mean time between two updates of a random typist (exponential: they type in bursts and pauses). */
const RANDOM_MEAN_MS = 250;
const MEMORY_DOCS = 100;
const MEMORY_CONNS = 100;
export const TARGET_P99_MS = 5;

/** The receivers' tokens split over the threads, in order, as evenly as they go (13 + 13 for 26 over 2). */
function spread<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, i) =>
    items.slice(Math.round((i * items.length) / parts), Math.round(((i + 1) * items.length) / parts)),
  );
}

/** One worker thread of receivers (bench/_fan-out-receivers.ts): ask it something, wait for its answer. */
class ReceiverThread {
  private waiting: {
    type: FromReceivers['type'];
    resolve: (m: FromReceivers) => void;
    reject: (err: Error) => void;
  } | null = null;
  private failure: Error | null = null;
  private closing = false;
  private readonly exited: Promise<number>;

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromReceivers) => {
      const w = this.waiting;
      if (w?.type !== m.type) return;
      this.waiting = null;
      w.resolve(m);
    });
    worker.on('error', (err) => this.fail(err));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        if (!this.closing) this.fail(new Error(`A receivers' thread exited (code ${code}).`));
        resolve(code);
      }),
    );
  }

  static async start(): Promise<ReceiverThread> {
    const t = new ReceiverThread(startTsWorker(new URL('./_fan-out-receivers.ts', import.meta.url), null));
    await t.ask(null, 'started');
    return t;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(this.failure);
  }

  /** Sends `m` (if any) and resolves with the thread's next message of type `type`. */
  ask<T extends FromReceivers['type']>(
    m: ToReceivers | null,
    type: T,
    timeoutMs = 60_000,
  ): Promise<Extract<FromReceivers, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error("A receivers' thread is asked one thing at a time."));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.fail(
            new Error(`Timed out after ${timeoutMs} ms waiting for '${type}' from a receivers' thread`),
          ),
        timeoutMs,
      );
      this.waiting = {
        type,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as Extract<FromReceivers, { type: T }>);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      if (m) this.worker.postMessage(m);
    });
  }

  /**
   * Tells the thread to exit (it has left its doc) and waits until it has; true if it did so by
   * itself (nothing left running in it) within 10 s, false if it had to be terminated.
   */
  async close(): Promise<boolean> {
    if (!this.failure) this.worker.postMessage({ type: 'exit' } satisfies ToReceivers);
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 10_000))),
    ]);
    clearTimeout(timer);
    if (code === null) await this.worker.terminate();
    return code === 0;
  }
}

interface Stats {
  p50: number;
  p99: number;
  max: number;
}

interface RunResult {
  updates: number;
  /** Per update: until every other client has it. */
  all: Stats;
  /** Per (update, receiving client). */
  each: Stats;
}

/**
 * One run: connect (the typists here, the receivers in their threads), sync, type for SECONDS,
 * wait for every update everywhere, disconnect.
 */
async function fanOut(
  url: string,
  docName: string,
  tokens: string[],
  threads: ReceiverThread[],
): Promise<RunResult> {
  const typists: Client[] = tokens.slice(0, TYPISTS).map((token) => connectClient({ url }, docName, token));
  const typistArrivals = typists.map((c) => new Arrivals(c.doc));
  // The names of the updates the typists write, in the order written.
  let written: number[] = [];
  for (const c of typists) {
    c.doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
      if (tr.local) forEachKey(tr, (key) => written.push(key));
    });
  }
  const parts = spread(tokens.slice(TYPISTS), threads.length);
  const joined = new Set<ReceiverThread>();

  /** Waits until all 30 clients hold every update of `keys` but their own; each client's arrival times. */
  const everywhere = async (keys: number[]): Promise<{ times: Float64Array[]; closes: number }> => {
    const [, ...there] = await Promise.all([
      waitFor(() => typistArrivals.every((a) => a.holds(keys)), 30_000, 'every update to reach every typist'),
      ...threads.map((t) => t.ask({ type: 'expect', keys }, 'arrived')),
    ]);
    return {
      times: [...typistArrivals.map((a) => a.timesOf(keys)), ...there.flatMap((a) => a.times)],
      closes: typists.reduce((n, c) => n + c.closes.length, 0) + there.reduce((n, a) => n + a.closes, 0),
    };
  };

  try {
    await Promise.all([
      waitFor(() => typists.every((c) => c.provider.synced), 30_000, 'the typists to sync'),
      ...threads.map(async (t, i) => {
        await t.ask({ type: 'join', url, docName, tokens: parts[i]! }, 'joined');
        joined.add(t);
      }),
    ]);
    // Each typist's own paragraph, made and delivered everywhere before the clock starts.
    const texts = typists.map((c, i) => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText(`Typiste ${i + 1} : `);
      paragraph.insert(0, [text]);
      c.doc.getXmlFragment('minutes').push([paragraph]);
      return text;
    });
    await everywhere(written);
    written = [];

    /** `sharedNow()` as each update of `written` left its typist. */
    const sentAt: number[] = [];
    const counts = typists.map(() => 0);
    const type = (k: number) => {
      const text = texts[k]!;
      const n = counts[k]!++;
      const before = written.length;
      const at = sharedNow();
      if (n % 10 === 9) text.delete(text.length - 1, 1);
      else text.insert(text.length, 'abcdefghij '[n % 11]!);
      if (written.length !== before + 1)
        throw new Error(`A keystroke gave ${written.length - before} updates.`);
      sentAt.push(at);
    };
    const start = performance.now();
    const end = start + SECONDS * 1000;
    const loops: Promise<void>[] = [];
    // The steady typist: 50 a second, on a schedule that does not drift.
    loops.push(
      (async () => {
        for (let i = 0; ; i++) {
          const due = start + (i * 1000) / TYPIST_HZ;
          if (due >= end) break;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          type(0);
        }
      })(),
    );
    for (let k = 1; k <= RANDOM_TYPISTS; k++) {
      loops.push(
        (async () => {
          for (;;) {
            const wait = -Math.log(1 - Math.random()) * RANDOM_MEAN_MS;
            if (performance.now() + wait >= end) break;
            await new Promise((r) => setTimeout(r, wait));
            type(k);
          }
        })(),
      );
    }
    await Promise.all(loops);
    const keys = written;
    const { times, closes } = await everywhere(keys);
    if (closes > 0) throw new Error(`${closes} connections were closed during the run`);
    if (times.length !== CLIENTS) throw new Error(`${times.length} clients answered, not ${CLIENTS}.`);

    const each: number[] = [];
    const all: number[] = [];
    for (let u = 0; u < keys.length; u++) {
      let last = -Infinity;
      let received = 0;
      for (const row of times) {
        const t = row[u]!;
        if (Number.isNaN(t)) continue;
        const ms = t - sentAt[u]!;
        if (ms < 0)
          throw new Error(`An update arrived ${fmtMs(-ms)} before it left: the threads' clocks differ.`);
        each.push(ms);
        received++;
        last = Math.max(last, ms);
      }
      if (received !== CLIENTS - 1)
        throw new Error(`An update reached ${received} clients, not ${CLIENTS - 1}.`);
      all.push(last);
    }
    const stats = (v: number[]): Stats => ({ p50: pct(v, 0.5), p99: pct(v, 0.99), max: Math.max(...v) });
    return { updates: keys.length, all: stats(all), each: stats(each) };
  } finally {
    for (const c of typists) c.destroy();
    // Whatever went wrong above, the threads that joined leave (or report why they could not).
    const left = await Promise.allSettled([...joined].map((t) => t.ask({ type: 'leave' }, 'left')));
    for (const r of left)
      if (r.status === 'rejected') console.error("a receivers' thread did not leave:", r.reason);
  }
}

interface Setup {
  hub: Listening;
  committeeId: string;
  tokens: string[];
}

async function setUpHub(dir: string): Promise<Setup> {
  const hub = await startHubProcess(dir);
  const committee = await apiCall<{ id: string }>(hub.url, 'committees.create', {
    name: 'Comité des usagers',
    area: 'care-and-services',
  });
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const added = await apiCall<{ token: string }>(hub.url, 'members.add', {
      committeeId: committee.id,
      name: `Partenaire ${i + 1}`,
      kind: i % 2 ? 'professional' : 'patient-partner',
      role: 'member',
      engagementLevel: 'partnership',
    });
    tokens.push(added.token);
  }
  return { hub, committeeId: committee.id, tokens };
}

async function newMeeting(url: string, committeeId: string, title: string): Promise<string> {
  const m = await apiCall<{ docName: string }>(url, 'meetings.create', {
    committeeId,
    title,
    startsAt: '2026-11-20T18:00:00Z',
  });
  return m.docName;
}

const settle = () => new Promise((r) => setTimeout(r, 1500));

/** The hub's RSS with `MEMORY_DOCS` docs open (one client each), then `MEMORY_CONNS` more clients on one. */
async function measureMemory(s: Setup): Promise<Record<string, number>> {
  const pid = s.hub.child.pid!;
  const docs: string[] = [];
  for (let i = 0; i < MEMORY_DOCS + 1; i++)
    docs.push(await newMeeting(s.hub.url, s.committeeId, `Mémoire ${i}`));
  await settle();
  const base = rssBytes(pid);
  const perDoc: Client[] = docs
    .slice(1)
    .map((d, i) => connectClient({ url: s.hub.url }, d, s.tokens[i % CLIENTS]!));
  await waitFor(() => perDoc.every((c) => c.provider.synced), 60_000, 'the docs to sync');
  await settle();
  const withDocs = rssBytes(pid);
  const many: Client[] = Array.from({ length: MEMORY_CONNS }, (_, i) =>
    connectClient({ url: s.hub.url }, docs[0]!, s.tokens[i % CLIENTS]!),
  );
  await waitFor(() => many.every((c) => c.provider.synced), 60_000, 'the connections to sync');
  await settle();
  const withConns = rssBytes(pid);
  for (const c of [...perDoc, ...many]) c.destroy();
  // The first of `many` opened docs[0]: one doc's share is in `withConns - withDocs` too.
  const perConnection = (withConns - withDocs) / MEMORY_CONNS;
  // Each of `perDoc` is one doc and one connection.
  const perDocument = (withDocs - base) / MEMORY_DOCS - perConnection;
  return { base, withDocs, withConns, perConnection, perDocument };
}

async function main(): Promise<void> {
  const m = machine();
  printMachine(m);
  const commitUs = commitLatencyUs();
  console.log(`one durable SQLite commit here now: ${commitUs.toFixed(0)} µs (median of 500)`);
  const dir = tempDir();
  let setup: Setup | null = null;
  let relay: Listening | null = null;
  let threads: ReceiverThread[] = [];
  try {
    setup = await setUpHub(dir);
    relay = await startListening('bench/_bare-relay.ts');
    const sizes = spread(setup.tokens.slice(TYPISTS), THREADS).map((p) => p.length);
    const layout = { mainThread: TYPISTS, workerThreads: sizes };
    console.log(
      `clients: ${TYPISTS} typists in the main thread, ${CLIENTS - TYPISTS} receivers over ${THREADS} worker ` +
        `thread${THREADS > 1 ? 's' : ''} (${sizes.join(' + ')}); ${m.cores} cores, shared with the server's process`,
    );
    threads = await Promise.all(sizes.map(() => ReceiverThread.start()));
    const hubRuns: RunResult[] = [];
    const relayRuns: RunResult[] = [];
    // Run 0 warms both up (JIT, the first SQLite pages) and is dropped; the order alternates.
    for (let run = 0; run <= RUNS; run++) {
      const order = run % 2 ? (['relay', 'hub'] as const) : (['hub', 'relay'] as const);
      for (const which of order) {
        let r: RunResult;
        if (which === 'hub') {
          const docName = await newMeeting(setup.hub.url, setup.committeeId, `Rencontre ${run}`);
          r = await fanOut(setup.hub.url, docName, setup.tokens, threads);
          if (run > 0) hubRuns.push(r);
        } else {
          r = await fanOut(relay.url, `meeting:run-${run}`, setup.tokens, threads);
          if (run > 0) relayRuns.push(r);
        }
        console.log(
          `${run === 0 ? 'warm-up' : `run ${run}`} ${which}: ${r.updates} updates; to all 29 others p50 ${fmtMs(r.all.p50)}, ` +
            `p99 ${fmtMs(r.all.p99)}, max ${fmtMs(r.all.max)}; to each p50 ${fmtMs(r.each.p50)}, p99 ${fmtMs(r.each.p99)}`,
        );
      }
    }
    const closing = threads;
    threads = [];
    const clean = await Promise.all(closing.map((t) => t.close()));
    if (!clean.every(Boolean))
      throw new Error(`${clean.filter((c) => !c).length} receivers' threads did not exit by themselves.`);
    const med = (runs: RunResult[], f: (r: RunResult) => number): Summary => summarize(runs.map(f));
    const summary = (runs: RunResult[]) => ({
      updates: med(runs, (r) => r.updates),
      allP50: med(runs, (r) => r.all.p50),
      allP99: med(runs, (r) => r.all.p99),
      allMax: med(runs, (r) => r.all.max),
      eachP50: med(runs, (r) => r.each.p50),
      eachP99: med(runs, (r) => r.each.p99),
    });
    const hub = summary(hubRuns);
    const bare = summary(relayRuns);
    const ratioP50 = hub.allP50.median / bare.allP50.median;
    const ratioP99 = hub.allP99.median / bare.allP99.median;
    console.log(
      `hub: to all others p50 ${fmtMs(hub.allP50.median)}, p99 ${fmtMs(hub.allP99.median)} (medians of ${hubRuns.length} runs); ` +
        `bare relay p50 ${fmtMs(bare.allP50.median)}, p99 ${fmtMs(bare.allP99.median)}; ratio p50 ${ratioP50.toFixed(2)}x, p99 ${ratioP99.toFixed(2)}x; ` +
        `target p99 < ${TARGET_P99_MS} ms ${hub.allP99.median < TARGET_P99_MS ? 'met' : 'NOT met'}`,
    );

    const memory = await measureMemory(setup);
    console.log(
      `hub memory: RSS ${fmtBytes(memory.base!)} → ${fmtBytes(memory.withDocs!)} with ${MEMORY_DOCS} docs open → ` +
        `${fmtBytes(memory.withConns!)} with ${MEMORY_CONNS} more connections: ` +
        `${fmtBytes(memory.perDocument!)} per open document, ${fmtBytes(memory.perConnection!)} per connection`,
    );
    printResult({
      machine: m,
      commitUs,
      clients: CLIENTS,
      layout,
      seconds: SECONDS,
      runs: RUNS,
      hub,
      bare,
      ratioP50,
      ratioP99,
      targetP99Ms: TARGET_P99_MS,
      memory,
    });
  } finally {
    await Promise.all(threads.map((t) => t.close()));
    if (setup) await stopProcess(setup.hub.child);
    if (relay) await stopProcess(relay.child);
    removeDir(dir);
  }
}

runMain('fan-out', 20 * 60_000, main);
