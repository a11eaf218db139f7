/** The exports of a committee's decision log: one record, one model, a renderer per format. */
import { readDatabaseFile } from '../store/db';
import type { LogExportFormat } from '../../shared/decisions';
import type { Committee } from '../../shared/domain';
import type { ExportedFile } from '../../shared/minutes';
import { DecisionsRepo } from '../store/decisions-repo';
import { DocStore } from '../store/docs';
import { Repos } from '../store/repos';
import { renderLogCsv } from './log-csv';
import { renderLogDocx } from './log-docx';
import { renderLogJson } from './log-json';
import { renderLogMarkdown } from './log-markdown';
import { buildLogModel, type LogModel, type LogModelOptions } from './log-model';
import { renderLogPdf } from './log-pdf';
import {
  agendaRefs,
  decisionLogSource,
  readDecisionLog,
  type DecisionLogRecord,
  type DecisionLogSource,
  type LogFilter,
  type LogStores,
} from './log-record';

export { decisionLogSource, type DecisionLogSource, type LogFilter, type LogStores } from './log-record';

/** An export of a committee's decision log, as asked (plain data: it is handed to a worker thread). */
export interface LogRequest {
  /** The committee, found and its caller authorized by the handler. */
  committee: Committee;
  filter: LogFilter;
  format: LogExportFormat;
  /** When the export was asked for (ISO 8601). */
  now: string;
  options?: LogModelOptions;
}

const FORMATS: Record<
  LogExportFormat,
  { extension: string; contentType: string; render: (m: LogModel, r: DecisionLogRecord) => Uint8Array }
> = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', render: renderLogCsv },
  md: {
    extension: 'md',
    contentType: 'text/markdown; charset=utf-8',
    render: (m) => new TextEncoder().encode(renderLogMarkdown(m)),
  },
  docx: {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: renderLogDocx,
  },
  pdf: { extension: 'pdf', contentType: 'application/pdf', render: renderLogPdf },
  json: { extension: 'json', contentType: 'application/json; charset=utf-8', render: renderLogJson },
};

/**
 * The decision log read in `source` as a file in `format`: parsed, verified, laid out. Synchronous
 * and self-contained, so that a worker thread can run it (see workers.ts).
 */
export function exportDecisionLog(
  source: DecisionLogSource,
  format: LogExportFormat,
  opts: LogModelOptions = {},
): ExportedFile {
  const spec = FORMATS[format];
  const record = readDecisionLog(source);
  const model = buildLogModel(record, opts);
  return {
    filename: `${model.basename}.${spec.extension}`,
    contentType: spec.contentType,
    data: spec.render(model, record),
  };
}

/** Reads the record through `stores`, in one read transaction, then lays it out. */
export function exportDecisionLogFrom(
  stores: LogStores,
  transaction: <T>(fn: () => T) => T,
  request: LogRequest,
): ExportedFile {
  const source = transaction(() => decisionLogSource(stores, request.committee, request.filter, request.now));
  return exportDecisionLog(source, request.format, request.options);
}

/**
 * The same, read through a connection of its own to the database file, read-only: what the worker
 * thread does. It sees everything the core has committed (documents included: an update is written
 * before it is relayed), and the connection is closed before the layout starts.
 */
export function exportDecisionLogFromFile(
  dbFile: string,
  request: LogRequest,
  key?: string | null,
): ExportedFile {
  const source = readDatabaseFile(dbFile, key, (db) => {
    const docs = new DocStore(db);
    const stores: LogStores = {
      repos: new Repos(db),
      decisions: new DecisionsRepo(db),
      agenda: (meeting) => {
        const doc = docs.load(meeting.docName);
        try {
          return agendaRefs(doc);
        } finally {
          doc.destroy();
        }
      },
    };
    return decisionLogSource(stores, request.committee, request.filter, request.now);
  });
  return exportDecisionLog(source, request.format, request.options);
}
