/**
 * The worker thread that renders exports and verifies decision logs (started by workers.ts): one
 * job at a time, each read from the database through a read-only connection of its own, and
 * answered by its id, a file's bytes handed over without a copy. In the desktop app it is built
 * beside the main process (out/main/export-worker.js); from the sources, it runs through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { readDatabaseFile } from '../store/db';
import { DecisionsRepo } from '../store/decisions-repo';
import { exportMinutes } from './index';
import { exportDecisionLogFromFile } from './log';
import type { JobOutcome, WorkerJob, WorkerReply } from './workers';

/** Does the job; `transfer` receives the buffers to hand over with the answer. */
function perform(job: WorkerJob, transfer: ArrayBuffer[]): JobOutcome {
  if ('verify' in job) {
    const { committeeId } = job.verify;
    return {
      verified: readDatabaseFile(job.dbFile, job.key, (db) => new DecisionsRepo(db).verify(committeeId)),
    };
  }
  const file =
    'minutes' in job
      ? exportMinutes(job.minutes.record, job.minutes.format)
      : exportDecisionLogFromFile(job.dbFile, job.request, job.key);
  // The bytes must own their whole buffer to be handed over (transferred), not a view on a larger one.
  const whole = file.data.byteOffset === 0 && file.data.byteLength === file.data.buffer.byteLength;
  const data = whole ? file.data : file.data.slice();
  transfer.push(data.buffer as ArrayBuffer);
  return { file: { ...file, data } };
}

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    let reply: WorkerReply;
    const transfer: ArrayBuffer[] = [];
    try {
      reply = { id: job.id, ok: true, ...perform(job, transfer) };
    } catch (err) {
      reply = {
        id: job.id,
        ok: false,
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      };
    }
    port.postMessage(reply, transfer);
  });
  port.postMessage({ ready: true });
}
