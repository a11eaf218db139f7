/**
 * Renders the exports of the decision log in a worker thread (node:worker_threads), so that the
 * hub and the desktop app's main process keep answering while a PDF of 10,000 decisions is laid
 * out (that takes tens of seconds); verifies a committee's decision log there too (every entry
 * hashed: seconds on years of decisions). The worker reads the log and fills the partnership report
 * itself, through a read-only connection to the database file: the main thread only checks the
 * caller (and brings the report's ledger up to date) and posts the request.
 * One worker, started on the first job and stopped after a minute without work; jobs wait
 * their turn. Where no worker can be started, the job is done in the calling thread.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VerifyResult } from '../../shared/decisions';
import type { ExportedFile, ExportFormat } from '../../shared/minutes';
// Types only: the renderers (pdfkit, docx, fontkit…) are loaded by the worker, or here on the first
// export rendered in this thread, not when the core starts (they were a third of the hub's start-up).
import type { LedgerStores } from '../services/ledger-views';
import type { LogRequest, LogStores } from './log';
import type { ReportRequest } from './partnership-report-files';
import type { MeetingRecord } from './record';

/** A meeting's minutes to render: the record is read by the calling thread (a few queries and the doc). */
export interface MinutesRequest {
  record: MeetingRecord;
  format: ExportFormat;
}

/** The database file, which the worker reads through a read-only connection of its own. */
export interface DatabaseFile {
  dbFile: string;
  /** The key of an encrypted workspace (kept in memory, never written). */
  key?: string | null;
}

/** A job for the worker: what it is asked to do, and the id its answer comes back with. */
export type WorkerJob = { id: number } & JobBody;
type JobBody =
  /** The decision log as a file, read from the database file. */
  | (DatabaseFile & { request: LogRequest })
  /** A meeting's minutes as a file. */
  | { minutes: MinutesRequest }
  /** A partnership report as a file, filled from the database file. */
  | (DatabaseFile & { report: ReportRequest })
  /** The hash chain of a committee's decision log, checked from the database file. */
  | (DatabaseFile & { verify: { committeeId: string } });

/** The core's own stores, for doing the job in the calling thread when no worker can run. */
export interface LocalStores {
  stores: LogStores;
  /** What a partnership report is filled from (`coreStores`). */
  ledger: LedgerStores;
  transaction: <T>(fn: () => T) => T;
  /** Verifies a committee's decision log on the core's own connection (`DecisionsRepo.verify`). */
  verifyLog: (committeeId: string) => VerifyResult;
}

/** What a job gives: a file (the exports), or what the verification of a log found. */
export type JobOutcome = { file: ExportedFile } | { verified: VerifyResult };

export type WorkerReply =
  ({ id: number; ok: true } & JobOutcome) | { id: number; ok: false; message: string };

/**
 * Where the worker's script is: a built JavaScript file (the desktop app's out/main/export-worker.js),
 * `false` to render in the calling thread, or undefined for the default: the TypeScript source
 * beside this file, run through tsx, when the core itself runs from its sources (tests, the hub's
 * CLI); otherwise the calling thread.
 */
export type WorkerScript = string | false | undefined;

interface Pending {
  job: WorkerJob;
  resolve: (outcome: JobOutcome) => void;
  reject: (err: Error) => void;
}

/** The file an export job gave. */
function fileOf(outcome: JobOutcome): ExportedFile {
  if (!('file' in outcome)) throw new Error('The export gave no file.');
  return outcome.file;
}

/** What the verification of a log found. */
function verdictOf(outcome: JobOutcome): VerifyResult {
  if (!('verified' in outcome)) throw new Error('The verification gave no result.');
  return outcome.verified;
}

function startWorker(script: WorkerScript): Worker | null {
  if (script === false) return null;
  if (typeof script === 'string') return new Worker(script);
  const source = new URL('./worker.ts', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return null;
  // A worker does not inherit the tsx loader of the thread that starts it: it registers it first.
  let tsx: string;
  try {
    tsx = pathToFileURL(
      join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
    ).href;
  } catch {
    return null;
  }
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(boot, { eval: true });
}

export class ExportWorkers {
  private worker: Worker | null = null;
  private ready = false;
  /** Set once a worker could not start: every later job is done in the calling thread. */
  private unavailable = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly script: WorkerScript,
    private readonly dbFile: string,
    private readonly local: LocalStores,
    private readonly idleMs = 60_000,
    private readonly key: string | null = null,
  ) {}

  /** The decision log as a file, read and rendered in the worker. */
  decisionLog(request: LogRequest): Promise<ExportedFile> {
    return this.run({ dbFile: this.dbFile, key: this.key, request }).then(fileOf);
  }

  /** A meeting's minutes as a file, rendered in the worker (a PDF's layout is tens of milliseconds and more). */
  minutes(request: MinutesRequest): Promise<ExportedFile> {
    return this.run({ minutes: request }).then(fileOf);
  }

  /**
   * A partnership report as a file, filled from the database file and laid out in the worker (a
   * year's fill reads some fifty documents; its PDF takes most of a second). The caller has brought
   * the period's ledger up to date.
   */
  partnershipReport(request: ReportRequest): Promise<ExportedFile> {
    return this.run({ dbFile: this.dbFile, key: this.key, report: request }).then(fileOf);
  }

  /**
   * Verifies a committee's decision log in the worker (`DecisionsRepo.verify` on its read-only
   * connection, in one read transaction): every entry is hashed, seconds on years of decisions.
   */
  verifyLog(committeeId: string): Promise<VerifyResult> {
    return this.run({ dbFile: this.dbFile, key: this.key, verify: { committeeId } }).then(verdictOf);
  }

  private run(body: JobBody): Promise<JobOutcome> {
    const job: WorkerJob = { id: this.nextId++, ...body };
    const worker = this.unavailable ? null : this.start();
    if (!worker) return this.doHere(job);
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    worker.ref(); // a caller awaits its answer: the process stays up until it has it
    return new Promise<JobOutcome>((resolve, reject) => {
      this.pending.set(job.id, { job, resolve, reject });
      worker.postMessage(job);
    });
  }

  /** Stops the worker (the core is closing); jobs still waiting fail. */
  close(): void {
    const w = this.worker;
    this.worker = null;
    this.unavailable = true;
    if (this.idle) clearTimeout(this.idle);
    this.fail(new Error('The app is closing.'));
    void w?.terminate();
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    let w: Worker | null;
    try {
      w = startWorker(this.script);
    } catch (err) {
      console.error('[exports] no worker thread, working in this thread:', err);
      w = null;
    }
    if (!w) {
      this.unavailable = true;
      return null;
    }
    this.worker = w;
    this.ready = false;
    w.on('message', (msg: WorkerReply | { ready: true }) => {
      if ('ready' in msg) {
        this.ready = true;
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (!msg.ok) {
        console.error(`[exports] a job failed in the worker: ${msg.message}`);
        p.reject(new Error('The worker could not do the job.'));
      } else if ('file' in msg) p.resolve({ file: { ...msg.file, data: new Uint8Array(msg.file.data) } });
      else p.resolve({ verified: msg.verified });
      this.settle();
    });
    const gone = (err: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      if (!this.ready) {
        // It never started (no script, no loader): do what waits here, and everything after.
        console.error('[exports] the worker thread could not start, working in this thread:', err);
        this.unavailable = true;
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          this.doHere(p.job).then(p.resolve, p.reject);
        }
        return;
      }
      // It stopped while working (out of memory…): those jobs fail; the next one starts a new worker.
      console.error('[exports] the worker thread stopped:', err);
      this.fail(new Error('The worker stopped before the job was done.'));
    };
    w.on('error', gone);
    w.on('exit', (code) => gone(new Error(`exit code ${code}`)));
    return w;
  }

  /** The job done in the calling thread, on the core's own connection (no worker could start). */
  private async doHere(job: WorkerJob): Promise<JobOutcome> {
    if ('verify' in job) return { verified: this.local.verifyLog(job.verify.committeeId) };
    if ('minutes' in job) {
      const { exportMinutes } = await import('./index');
      return { file: exportMinutes(job.minutes.record, job.minutes.format) };
    }
    if ('report' in job) {
      const { exportPartnershipReportFrom } = await import('./partnership-report-files');
      return { file: exportPartnershipReportFrom(this.local.ledger, job.report) };
    }
    const { exportDecisionLogFrom } = await import('./log');
    return { file: exportDecisionLogFrom(this.local.stores, this.local.transaction, job.request) };
  }

  private fail(err: Error): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(err);
    }
  }

  /** After the last job: let the process exit without waiting for the worker, and stop it when idle. */
  private settle(): void {
    if (this.pending.size || !this.worker) return;
    const w = this.worker;
    w.unref();
    this.idle = setTimeout(() => {
      if (this.worker === w && !this.pending.size) {
        this.worker = null;
        void w.terminate();
      }
    }, this.idleMs);
    this.idle.unref();
  }
}
