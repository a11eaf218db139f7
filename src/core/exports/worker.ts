/**
 * The worker thread that renders exports (started by workers.ts): one job at a time, each read
 * from the database through a read-only connection of its own, laid out, and answered by its id,
 * the file's bytes handed over without a copy. In the desktop app it is built beside
 * the main process (out/main/export-worker.js); from the sources, it runs through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { exportMinutes } from './index';
import { exportDecisionLogFromFile } from './log';
import type { ExportJob, ExportReply } from './workers';

const port = parentPort;
if (port) {
  port.on('message', (job: ExportJob) => {
    let reply: ExportReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const file =
        'minutes' in job
          ? exportMinutes(job.minutes.record, job.minutes.format)
          : exportDecisionLogFromFile(job.dbFile, job.request, job.key);
      // The bytes must own their whole buffer to be handed over (transferred), not a view on a larger one.
      const whole = file.data.byteOffset === 0 && file.data.byteLength === file.data.buffer.byteLength;
      const data = whole ? file.data : file.data.slice();
      transfer.push(data.buffer as ArrayBuffer);
      reply = { id: job.id, ok: true, file: { ...file, data } };
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
