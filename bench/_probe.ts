/**
 * The /healthz probe of bench/lib.ts `probeHealthz`, in a worker thread of its own: it asks the
 * hub GET /healthz every `everyMs` until told to stop, then posts how long each answer took. In a
 * thread of its own, what the benchmark's main thread does meanwhile (reading a 31 MB export it
 * asked for) does not count as the hub's wait. Not a benchmark itself (bench/run.ts skips files
 * starting with `_`).
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface ProbeData {
  url: string;
  everyMs: number;
}

const port = parentPort;
if (!port) throw new Error('bench/_probe.ts runs as a worker thread.');
const { url, everyMs } = workerData as ProbeData;
const waits: number[] = [];
let running = true;
port.on('message', () => {
  running = false;
});
port.postMessage({ type: 'started' });
while (running) {
  const t = performance.now();
  try {
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    waits.push(performance.now() - t);
  } catch {
    // A kept-alive connection that the hub closed as it was reused: the client's race, not the
    // hub's answer. Asked again.
  }
  await new Promise((resolve) => setTimeout(resolve, everyMs));
}
port.postMessage({ type: 'waits', waits });
