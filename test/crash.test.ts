/**
 * Nothing lost: stock y-websocket clients write the minutes of one meeting through the real hub
 * CLI while the hub process is killed with SIGKILL, again and again, at random moments (often
 * while updates are on the wire). While it is down: `PRAGMA integrity_check` must say `ok`, and
 * every update any client received from the hub must be in the document loaded back from the
 * store (the hub writes an update to SQLite before it relays it). Once it is back on the same port
 * and folder: every client reconnects and they all converge with the hub.
 *
 * CRASH_ITERATIONS (default 50) sets the number of kills; CRASH_SEED replays a run; CRASH_PROGRESS
 * names a file that is rewritten after each kill with the figures so far;
 * HUB_RUNNER=tsx runs the CLI through tsx rather than its esbuild bundle (see hub-process.ts).
 * The long run (1,000 kills) and its figures are in the README.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { DB_FILE } from '../src/core/store/db';
import { DocStore } from '../src/core/store/docs';
import { startHubProcess, freePort, type RunningHub } from './hub-process';
import {
  call,
  connectClient,
  defer,
  minutesText,
  runDeferred,
  seedCommittee,
  tempDir,
  waitFor,
  within,
  type Client,
} from './helpers';

afterEach(runDeferred);

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 50);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOKEN = 'crash-owner-secret-0123456789';

/** mulberry32: a small seeded PRNG, so that a failing run can be replayed with CRASH_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'accueil',
  'délais',
  'proches',
  'aidants',
  'urgences',
  'décision',
  'équité',
  'soins',
  '✓',
  'ok',
];

interface Writer {
  name: string;
  client: Client;
  /** Every update the hub sent this client (as sent: a sync step 2 or a relayed update), in order. */
  received: Uint8Array[];
  /** How many of them were checked against a reload already. */
  checked: number;
  /** When this client last sent an edit (ms). */
  lastEditAt: number;
}

/** One edit of the minutes as TipTap would make it: a paragraph, typing, or deleting. */
function edit(doc: Y.Doc, rand: () => number): void {
  const int = (n: number) => Math.floor(rand() * n);
  const minutes = doc.getXmlFragment('minutes');
  const paragraphs = minutes.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const size = paragraphs.reduce((n, p) => n + p.length, 0) + minutesText(doc).length;
  const r = rand();
  doc.transact(() => {
    if (paragraphs.length === 0 || r < 0.12) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(WORDS[int(WORDS.length)]!)]);
      minutes.insert(int(minutes.length + 1), [p]);
      return;
    }
    const index = int(paragraphs.length);
    const text = paragraphs[index]!.get(0);
    if (r < 0.16 || !(text instanceof Y.XmlText)) {
      minutes.delete(minutes.toArray().indexOf(paragraphs[index]!), 1);
      return;
    }
    // Deletes more once the text is long, so the document stays a few pages long.
    if (text.length > 0 && (r < 0.35 || (size > 4000 && r < 0.7))) {
      const at = int(text.length);
      text.delete(at, 1 + int(Math.min(20, text.length - at)));
    } else {
      text.insert(int(text.length + 1), ` ${WORDS[int(WORDS.length)]}`);
    }
  });
}

/** The document as the file holds it, read through the core's store (a read-only connection). */
function readStore(dir: string, docName: string, check = true): { doc: Y.Doc; integrity: unknown } {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const integrity = check ? db.pragma('integrity_check', { simple: true }) : null;
    const doc = new Y.Doc();
    new DocStore(db).loadInto(doc, docName);
    return { doc, integrity };
  } finally {
    db.close();
  }
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * How many of `updates` are not wholly in `reloaded`. An update is in it when applying it changes
 * nothing: same state vector and delete set, and nothing left pending (an update whose
 * structures depend on something missing is kept pending by Yjs, not integrated).
 */
function missing(reloaded: Y.Doc, updates: Uint8Array[]): number {
  const target = Y.snapshot(reloaded);
  const changed = (copy: Y.Doc) =>
    copy.store.pendingStructs !== null ||
    copy.store.pendingDs !== null ||
    !Y.equalSnapshots(Y.snapshot(copy), target);
  const all = copyOf(reloaded);
  for (const u of updates) Y.applyUpdate(all, u);
  if (!changed(all)) return 0;
  // Something is missing: count the updates one by one.
  let lost = 0;
  for (const u of updates) {
    const one = copyOf(reloaded);
    Y.applyUpdate(one, u);
    if (changed(one)) {
      lost++;
    }
  }
  return lost;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the hub killed with SIGKILL, again and again', () => {
  it(
    `loses nothing any client received, keeps the file sound, and clients converge (${ITERATIONS} kills)`,
    async () => {
      const rand = prng(SEED);
      const dir = tempDir('coconstruct-crash-');
      const port = await freePort();
      const started = Date.now();
      const elapsed = () => Math.round((Date.now() - started) / 1000);
      let hub: RunningHub = await startHubProcess(port, dir, TOKEN);
      defer(() => hub.child.kill('SIGKILL'));
      const url = { url: hub.url };

      const c = await seedCommittee(url, 'Comité de gouvernance', TOKEN);
      const extra = await call(url, TOKEN, 'members.add', {
        committeeId: c.committee.id,
        name: 'Émile Chercheur',
        kind: 'researcher',
        role: 'member',
        engagementLevel: 'collaboration',
      });
      const docName = c.meeting.docName;
      const seats = [
        ['Amina', c.coChair.token],
        ['Bruno', c.member.token],
        ['Chloé', c.secretary.token],
        ['Émile', extra.token],
      ] as const;
      const writers: Writer[] = seats.map(([name, token]) => {
        const client = connectClient(url, docName, token);
        const w: Writer = { name, client, received: [], checked: 0, lastEditAt: 0 };
        // Every update the hub sends (sync step 2 or update), as it arrives, before the client applies it.
        const handlers = client.provider.messageHandlers;
        const sync = handlers[0]!;
        handlers[0] = (encoder, decoder, provider, emitSynced, messageType) => {
          const peek = decoding.createDecoder(decoder.arr.subarray(decoder.pos));
          const kind = decoding.readVarUint(peek);
          if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate)
            w.received.push(decoding.readVarUint8Array(peek).slice());
          sync(encoder, decoder, provider, emitSynced, messageType);
        };
        client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
          if (origin !== client.provider) w.lastEditAt = Date.now();
        });
        return w;
      });

      // Each writer types at its own random pace, sometimes in bursts, online or not.
      let typing = false;
      const timers = new Set<NodeJS.Timeout>();
      const type = (w: Writer) => {
        if (!typing) return;
        const burst = rand() < 0.2 ? 2 + Math.floor(rand() * 15) : 1;
        for (let i = 0; i < burst; i++) edit(w.client.doc, rand);
        const t = setTimeout(
          () => {
            timers.delete(t);
            type(w);
          },
          1 + Math.floor(rand() * 40),
        );
        timers.add(t);
      };
      const startTyping = () => {
        typing = true;
        for (const w of writers) type(w);
      };
      const stopTyping = () => {
        typing = false;
        for (const t of timers) clearTimeout(t);
        timers.clear();
      };
      defer(stopTyping);

      /** Every client synced with the hub, and all of them equal to what the hub has on disk. */
      const converge = async (what: string) => {
        await waitFor(
          () => {
            if (!writers.every((w) => w.client.provider.synced)) return false;
            const sv = Y.encodeStateVector(writers[0]!.client.doc);
            const sameSv = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).equals(sv);
            if (!writers.every((w) => sameSv(w.client.doc))) return false;
            const first = Y.snapshot(writers[0]!.client.doc);
            if (!writers.every((w) => Y.equalSnapshots(Y.snapshot(w.client.doc), first))) return false;
            const { doc } = readStore(dir, docName, false);
            const same =
              Y.equalSnapshots(Y.snapshot(doc), first) &&
              minutesText(doc) === minutesText(writers[0]!.client.doc);
            doc.destroy();
            return same;
          },
          30_000,
          `the clients to converge with the hub (${what}; seed ${SEED})`,
        ).catch((err: Error) => {
          const state = writers.map(
            (w) => `${w.name}: synced ${w.client.provider.synced}, closes ${w.client.closes.join(' ')}`,
          );
          throw new Error(`${err.message}\n${state.join('\n')}\nhub: ${hub.output().slice(-2000)}`);
        });
      };

      let kills = 0;
      let killsInFlight = 0;
      let checkedUpdates = 0;
      let lost = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        await converge(`before kill ${i + 1}`);
        startTyping();
        await sleep(20 + Math.floor(rand() * 500));

        // Kill it now, whatever it is doing.
        const now = Date.now();
        if (writers.some((w) => now - w.lastEditAt < 15)) killsInFlight++;
        hub.child.kill('SIGKILL');
        expect(await within(hub.exited, 10_000, 'the hub to die')).toBe('SIGKILL');
        kills++;

        // While it is down (the clients keep typing, offline): the file is sound, and holds
        // everything any client received.
        const { doc, integrity } = readStore(dir, docName);
        expect(integrity, `integrity_check after kill ${kills}`).toBe('ok');
        for (const w of writers) {
          const batch = w.received.slice(w.checked);
          const gone = missing(doc, batch);
          w.checked += batch.length;
          checkedUpdates += batch.length;
          lost += gone;
          expect(gone, `updates ${w.name} received, lost by kill ${kills} (seed ${SEED})`).toBe(0);
        }
        doc.destroy();

        hub = await startHubProcess(port, dir, TOKEN);
        const progress = `${kills} kills, ${checkedUpdates} updates checked, ${lost} lost, ${elapsed()} s`;
        if (kills % 100 === 0) console.log(progress);
        if (process.env.CRASH_PROGRESS) writeFileSync(process.env.CRASH_PROGRESS, `${progress}\n`);
        await sleep(Math.floor(rand() * 100));
        stopTyping();
      }
      await converge('after the last restart');

      // Everything any client ever received is still there, and nothing refused a client.
      const { doc, integrity } = readStore(dir, docName);
      expect(integrity).toBe('ok');
      const everything = writers.flatMap((w) => w.received);
      expect(missing(doc, everything)).toBe(0);
      expect(minutesText(doc).length).toBeGreaterThan(0);
      doc.destroy();
      for (const w of writers) {
        expect(
          w.client.closes.filter((code) => code !== 1006),
          `${w.name}'s connection closes other than the kills`,
        ).toEqual([]);
      }
      expect(checkedUpdates).toBeGreaterThan(ITERATIONS);

      console.log(
        `crash test: ${kills} kills survived (${killsInFlight} with edits on the wire), ` +
          `${checkedUpdates} received updates checked after their kill, ${everything.length} again at the end, ` +
          `${lost} lost; integrity_check ok ${kills + 1} times; ${elapsed()} s; seed ${SEED}`,
      );
    },
    120_000 + ITERATIONS * 20_000,
  );
});
