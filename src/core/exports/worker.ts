/**
 * The worker thread that renders exports and verifies decision logs (started by workers.ts): each
 * job read from the database through a read-only connection of its own, and answered by its id, a
 * file's bytes handed over without a copy. In the desktop app it is built beside the main process
 * (out/main/export-worker.js); from the sources, it runs through tsx.
 */
import { parentPort } from 'node:worker_threads';
import type { ExportedFile } from '../../shared/minutes';
import { readDatabaseFile } from '../store/db';
import { DecisionsRepo } from '../store/decisions-repo';
import type { JobOutcome, WorkerJob, WorkerReply } from './workers';

/**
 * The renderers (pdfkit, docx, fontkit…: most of the worker's start-up), loaded as soon as it
 * starts. A verification needs none of them and does not wait for them; the exports wait their
 * turn behind them, in the order they came. The worker says it is ready once they are loaded:
 * if they cannot be, it stops before that, and workers.ts renders the exports in its own thread.
 */
const renderers = Promise.all([import('./index'), import('./log'), import('./partnership-report-files')]);

function answer(port: NonNullable<typeof parentPort>, job: WorkerJob, work: () => JobOutcome): void {
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const outcome = work();
    if ('file' in outcome) transfer.push(outcome.file.data.buffer as ArrayBuffer);
    reply = { id: job.id, ok: true, ...outcome };
  } catch (err) {
    reply = {
      id: job.id,
      ok: false,
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    };
  }
  port.postMessage(reply, transfer);
}

/** The file's bytes owning their whole buffer, to be handed over (transferred), not a view on a larger one. */
function transferable(file: ExportedFile): JobOutcome {
  const whole = file.data.byteOffset === 0 && file.data.byteLength === file.data.buffer.byteLength;
  return { file: { ...file, data: whole ? file.data : file.data.slice() } };
}

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    if ('verify' in job) {
      const { committeeId } = job.verify;
      answer(port, job, () => ({
        verified: readDatabaseFile(job.dbFile, job.key, (db) => new DecisionsRepo(db).verify(committeeId)),
      }));
      return;
    }
    void renderers.then(
      ([{ exportMinutes }, { exportDecisionLogFromFile }, { exportPartnershipReportFromFile }]) =>
        answer(port, job, () =>
          transferable(
            'minutes' in job
              ? exportMinutes(job.minutes.record, job.minutes.format)
              : 'report' in job
                ? exportPartnershipReportFromFile(job.dbFile, job.report, job.key)
                : exportDecisionLogFromFile(job.dbFile, job.request, job.key),
          ),
        ),
    );
  });
  // Not caught: renderers that cannot load stop the worker before it is ready.
  void renderers.then(() => port.postMessage({ ready: true }));
}
