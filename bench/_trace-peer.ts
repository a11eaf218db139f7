/**
 * Client B of bench/minutes-trace.ts, in a worker thread of its own (as B would be on another
 * person's machine): a stock y-websocket client. Told to join a meeting's doc, it says when it is
 * ready (synced, the paragraph received), acknowledges what it holds of A's writing (A's Yjs clock,
 * at most once per turn of its event loop: A's flow control), and once A has said it is done,
 * reports the time it holds A's whole clock and its text equals `endContent`, on the clock the
 * threads of one process share (`sharedNow`). The hub relays a run of A's updates as one message,
 * so B counts neither updates nor messages to know it is done. Then it leaves when told, and may
 * join another doc. Not a benchmark itself (bench/run.ts skips files
 * starting with `_`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { firstParagraphText, leave, sharedNow, syncedClient, waitFor, type Client } from './lib';

export interface PeerData {
  url: string;
}

export type ToPeer =
  /** `author`: A's Yjs client id. */
  | { type: 'join'; docName: string; token: string; endContent: string; author: number }
  /** A has typed everything: its clock (`Y.getState` of its client id) at the end. */
  | { type: 'typed'; clock: number }
  | { type: 'leave' };

export type FromPeer =
  | { type: 'ready' }
  /** B holds A's writing up to this clock. */
  | { type: 'ack'; clock: number }
  | {
      type: 'done';
      /** `sharedNow()` when B received the update that completed its text. */
      at: number;
      /** Messages (updates as the hub relayed them) received. */
      received: number;
      text: string;
      /** Time B's event loop was busy (receiving, applying) from ready to done. */
      busyMs: number;
      /** Connection closes B saw while on the doc (it should see none). */
      closes: number[];
    }
  | { type: 'left' };

const port = parentPort;
if (!port) throw new Error('bench/_trace-peer.ts runs as a worker thread.');
const data = workerData as PeerData;
const post = (m: FromPeer) => port.postMessage(m);

interface Session {
  client: Client;
  /** A's clock once it has said it is done typing (-1 until then). */
  endClock: number;
  check: () => void;
}
let session: Session | null = null;

async function join(m: Extract<ToPeer, { type: 'join' }>): Promise<void> {
  const client = await syncedClient({ url: data.url }, m.docName, m.token);
  await waitFor(() => firstParagraphText(client.doc) !== null, 30_000, 'B to receive the paragraph');
  const text = firstParagraphText(client.doc)!;
  const store = client.doc.store;
  let received = 0;
  let lastAt = 0;
  let done = false;
  let acking = false;
  const elu0 = performance.eventLoopUtilization();
  const s: Session = {
    client,
    endClock: -1,
    // Compares the text (the whole string) only once B holds all of A's clock and the lengths match.
    check() {
      if (done || s.endClock < 0 || Y.getState(store, m.author) < s.endClock) return;
      if (text.length !== m.endContent.length || text.toString() !== m.endContent) return;
      done = true;
      post({
        type: 'done',
        at: lastAt,
        received,
        text: text.toString(),
        busyMs: performance.eventLoopUtilization(elu0).active,
        closes: [...client.closes],
      });
    },
  };
  client.doc.on('update', () => {
    received++;
    lastAt = sharedNow();
    if (!acking) {
      acking = true;
      setImmediate(() => {
        acking = false;
        if (session === s) post({ type: 'ack', clock: Y.getState(store, m.author) });
      });
    }
    s.check();
  });
  session = s;
  post({ type: 'ready' });
}

async function handle(m: ToPeer): Promise<void> {
  if (m.type === 'join') {
    if (session) throw new Error('B is already on a doc.');
    await join(m);
  } else if (m.type === 'typed') {
    if (!session) throw new Error('B is on no doc.');
    session.endClock = m.clock;
    session.check();
  } else {
    const s = session;
    session = null;
    if (s) await leave(s.client);
    post({ type: 'left' });
  }
}

port.on('message', (m: ToPeer) => {
  handle(m).catch((err: unknown) => {
    // Thrown from here, it ends the worker with an 'error' event on the bench's side.
    setImmediate(() => {
      throw err;
    });
  });
});
