/**
 * Receivers of bench/fan-out.ts, in a worker thread (several such threads share the 26 clients that
 * only read): stock y-websocket clients on one meeting doc, each noting when every update reached
 * it (bench/_fan-out-arrivals.ts, on the clock the threads share). Told to join a doc, it connects
 * its clients and says when all are synced; told which updates to expect, it waits until every one
 * of its clients holds them all and sends their arrival times; then it leaves when told, and may
 * join another doc. Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import { parentPort } from 'node:worker_threads';
import { Arrivals } from './_fan-out-arrivals';
import { connectClient, leave, waitFor, type Client } from './lib';

export type ToReceivers =
  | { type: 'join'; url: string; docName: string; tokens: string[] }
  /** `keys`: the names of the updates (bench/_fan-out-arrivals.ts) every client should receive. */
  | { type: 'expect'; keys: number[] }
  | { type: 'leave' }
  /** The thread ends once it has nothing left to do (it has left its doc). */
  | { type: 'exit' };

export type FromReceivers =
  | { type: 'started' }
  | { type: 'joined' }
  | {
      type: 'arrived';
      /** Per client of this thread, in the order of its tokens: `sharedNow()` at each key's arrival. */
      times: Float64Array[];
      /** Connection closes seen since joining (there should be none). */
      closes: number;
    }
  | { type: 'left' };

// Each WebsocketProvider adds a listener to process 'exit'.
process.setMaxListeners(0);
if (!parentPort) throw new Error('bench/_fan-out-receivers.ts runs as a worker thread.');
const port = parentPort;
const post = (m: FromReceivers) => port.postMessage(m);

let joined: { client: Client; arrivals: Arrivals }[] = [];

async function handle(m: ToReceivers): Promise<void> {
  if (m.type === 'join') {
    if (joined.length) throw new Error('The receivers are already on a doc.');
    joined = m.tokens.map((token) => {
      const client = connectClient({ url: m.url }, m.docName, token);
      return { client, arrivals: new Arrivals(client.doc) };
    });
    await waitFor(() => joined.every((j) => j.client.provider.synced), 30_000, 'the receivers to sync');
    post({ type: 'joined' });
  } else if (m.type === 'expect') {
    await waitFor(
      () => joined.every((j) => j.arrivals.holds(m.keys)),
      30_000,
      'every update to reach every receiver',
    );
    post({
      type: 'arrived',
      times: joined.map((j) => j.arrivals.timesOf(m.keys)),
      closes: joined.reduce((n, j) => n + j.client.closes.length, 0),
    });
  } else if (m.type === 'leave') {
    const leaving = joined;
    joined = [];
    await Promise.all(leaving.map((j) => leave(j.client)));
    post({ type: 'left' });
  } else {
    if (joined.length) throw new Error('Told to exit while still on a doc.');
    port.close();
  }
}

port.on('message', (m: ToReceivers) => {
  handle(m).catch((err: unknown) => {
    // Thrown from here, it ends the worker with an 'error' event on the bench's side.
    setImmediate(() => {
      throw err;
    });
  });
});
post({ type: 'started' });
