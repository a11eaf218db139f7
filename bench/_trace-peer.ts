/**
 * Client B of bench/minutes-trace.ts, in a worker thread of its own (as B would be on another
 * person's machine): a stock y-websocket client. Told to join a meeting's doc, it says when it is
 * ready (synced, the paragraph received), acknowledges every `ackEvery` updates it receives (A's
 * flow control), and once A has said how many it sent, reports the time it holds them all and its
 * text equals `endContent`, on the clock the threads of one process share (`sharedNow`). Then it
 * leaves when told, and may join another doc. Not a benchmark itself (bench/run.ts skips files
 * starting with `_`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { firstParagraphText, leave, sharedNow, syncedClient, waitFor, type Client } from './lib';

export interface PeerData {
  url: string;
  ackEvery: number;
}

export type ToPeer =
  | { type: 'join'; docName: string; token: string; endContent: string }
  | { type: 'typed'; sent: number }
  | { type: 'leave' };

export type FromPeer =
  | { type: 'ready' }
  | { type: 'ack'; received: number }
  | {
      type: 'done';
      /** `sharedNow()` when B received the update that completed its text. */
      at: number;
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
  /** How many A sent, once it has said (-1 until then). */
  sent: number;
  check: () => void;
}
let session: Session | null = null;

async function join(m: Extract<ToPeer, { type: 'join' }>): Promise<void> {
  const client = await syncedClient({ url: data.url }, m.docName, m.token);
  await waitFor(() => firstParagraphText(client.doc) !== null, 30_000, 'B to receive the paragraph');
  const text = firstParagraphText(client.doc)!;
  let received = 0;
  let lastAt = 0;
  let done = false;
  const elu0 = performance.eventLoopUtilization();
  const s: Session = {
    client,
    sent: -1,
    // Compares the text (the whole string) only once B holds as many updates as A sent.
    check() {
      if (done || s.sent < 0 || received < s.sent || text.toString() !== m.endContent) return;
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
    if (received % data.ackEvery === 0) post({ type: 'ack', received });
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
    session.sent = m.sent;
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
