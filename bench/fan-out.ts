/**
 * Fan-out: 30 stock y-websocket clients on one meeting doc; one member types into the minutes at
 * 50 updates a second and three others at random moments (about 4 a second each). For every
 * update, the time from its leaving the typist (just before the Yjs transaction whose update the
 * provider sends) until it has arrived at every one of the 29 other clients (their doc's `update`
 * event), and the time to each single client: p50, p99 and max, on loopback.
 *
 * The hub is its CLI (built: `out/main/hub.js`, as `npm run serve` runs it) in a process of its own, so
 * that its memory can be read from /proc (VmRSS) and so that it has a core to itself, as in a
 * real meeting where the clients are other machines. The 30 clients share this process and its
 * thread: each update is applied 29 times here, one client after the other, so the slowest
 * arrival includes the 28 applies before it. The reference pays that too: the same clients
 * through **a bare relay** (bench/_bare-relay.ts: what the stock y-websocket server does, a
 * Y.Doc per room in memory, no checks, no persistence), also a process of its own. The ratio
 * hub / bare relay is the hub's cost: the doc guard, attribution, and one durable SQLite commit
 * per update before it is relayed.
 *
 * Then the hub's memory: its RSS before and after 100 meeting docs are opened (one client each),
 * and before and after 100 more connections to one doc.
 *
 *   npx tsx bench/fan-out.ts [--runs 5] [--seconds 10]
 */
import * as Y from 'yjs';
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
  startHubProcess,
  startListening,
  stopProcess,
  summarize,
  tempDir,
  waitFor,
  type Client,
  type Listening,
  type Summary,
} from './lib';

// Each WebsocketProvider adds a listener to process 'exit': 30 and more are expected here.
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
/** Mean time between two updates of a random typist (exponential: they type in bursts and pauses). */
const RANDOM_MEAN_MS = 250;
const MEMORY_DOCS = 100;
const MEMORY_CONNS = 100;
export const TARGET_P99_MS = 5;

interface Sent {
  clock: number;
  at: number;
  remaining: number;
  last: number;
}

interface RunResult {
  updates: number;
  /** Per update: until every other client has it. */
  all: { p50: number; p99: number; max: number };
  /** Per (update, receiving client). */
  each: { p50: number; p99: number; max: number };
}

/** One run: connect, sync, type for SECONDS, wait for every update everywhere, disconnect. */
async function fanOut(url: string, docName: string, tokens: string[]): Promise<RunResult> {
  const clients: Client[] = tokens.map((token) => connectClient({ url }, docName, token));
  try {
    await waitFor(() => clients.every((c) => c.provider.synced), 30_000, 'every client to sync');
    const typists = clients.slice(0, 1 + RANDOM_TYPISTS);
    // Each typist's own paragraph, made and delivered everywhere before the clock starts.
    const texts = typists.map((c, i) => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText(`Typiste ${i + 1} : `);
      paragraph.insert(0, [text]);
      c.doc.getXmlFragment('minutes').push([paragraph]);
      return text;
    });
    await waitFor(
      () => clients.every((c) => c.doc.getXmlFragment('minutes').length >= typists.length),
      30_000,
      'the paragraphs to reach everyone',
    );

    const sent: Sent[][] = typists.map(() => []);
    const ids = typists.map((c) => c.doc.clientID);
    const each: number[] = [];
    const all: number[] = [];
    clients.forEach((c, ci) => {
      const next = typists.map(() => 0);
      c.doc.on('update', () => {
        const now = performance.now();
        for (let k = 0; k < typists.length; k++) {
          if (k === ci) continue;
          const state = Y.getState(c.doc.store, ids[k]!);
          const list = sent[k]!;
          while (next[k]! < list.length && list[next[k]!]!.clock <= state) {
            const s = list[next[k]!++]!;
            each.push(now - s.at);
            s.last = now;
            if (--s.remaining === 0) all.push(now - s.at);
          }
        }
      });
    });

    const type = (k: number) => {
      const text = texts[k]!;
      const doc = typists[k]!.doc;
      const at = performance.now();
      const n = sent[k]!.length;
      if (n % 10 === 9) text.delete(text.length - 1, 1);
      else text.insert(text.length, 'abcdefghij '[n % 11]!);
      sent[k]!.push({ clock: Y.getState(doc.store, doc.clientID), at, remaining: CLIENTS - 1, last: 0 });
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
    const total = sent.reduce((n, l) => n + l.length, 0);
    await waitFor(() => all.length === total, 30_000, 'every update to reach every client');
    const closes = clients.reduce((n, c) => n + c.closes.length, 0);
    if (closes > 0) throw new Error(`${closes} connections were closed during the run`);
    const stats = (v: number[]) => ({ p50: pct(v, 0.5), p99: pct(v, 0.99), max: Math.max(...v) });
    return { updates: total, all: stats(all), each: stats(each) };
  } finally {
    for (const c of clients) c.destroy();
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
  try {
    setup = await setUpHub(dir);
    relay = await startListening('bench/_bare-relay.ts');
    const hubRuns: RunResult[] = [];
    const relayRuns: RunResult[] = [];
    // Run 0 warms both up (JIT, the first SQLite pages) and is dropped; the order alternates.
    for (let run = 0; run <= RUNS; run++) {
      const order = run % 2 ? (['relay', 'hub'] as const) : (['hub', 'relay'] as const);
      for (const which of order) {
        let r: RunResult;
        if (which === 'hub') {
          const docName = await newMeeting(setup.hub.url, setup.committeeId, `Rencontre ${run}`);
          r = await fanOut(setup.hub.url, docName, setup.tokens);
          if (run > 0) hubRuns.push(r);
        } else {
          r = await fanOut(relay.url, `meeting:run-${run}`, setup.tokens);
          if (run > 0) relayRuns.push(r);
        }
        console.log(
          `${run === 0 ? 'warm-up' : `run ${run}`} ${which}: ${r.updates} updates; to all 29 others p50 ${fmtMs(r.all.p50)}, ` +
            `p99 ${fmtMs(r.all.p99)}, max ${fmtMs(r.all.max)}; to each p50 ${fmtMs(r.each.p50)}, p99 ${fmtMs(r.each.p99)}`,
        );
      }
    }
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
    if (setup) await stopProcess(setup.hub.child);
    if (relay) await stopProcess(relay.child);
    removeDir(dir);
  }
}

runMain('fan-out', 20 * 60_000, main);
