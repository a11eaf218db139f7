/** The exports of a meeting's minutes: one record, one model, a renderer per format. */
import type { ExportedFile, ExportFormat } from '../../shared/minutes';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildModel, type ModelOptions } from './model';
import { renderPdf } from './pdf';
import type { MeetingRecord } from './record';

export { meetingRecord, type MeetingRecord } from './record';
export { buildModel, safeFilename, type ExportModel } from './model';

const FORMATS: Record<
  ExportFormat,
  { extension: string; contentType: string; render: (m: ReturnType<typeof buildModel>) => Uint8Array }
> = {
  pdf: { extension: 'pdf', contentType: 'application/pdf', render: renderPdf },
  docx: {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: renderDocx,
  },
  md: {
    extension: 'md',
    contentType: 'text/markdown; charset=utf-8',
    render: (m) => new TextEncoder().encode(renderMarkdown(m)),
  },
  html: {
    extension: 'html',
    contentType: 'text/html; charset=utf-8',
    render: (m) => new TextEncoder().encode(renderHtml(m)),
  },
};

/** The minutes of `record` as a file in `format`. */
export function exportMinutes(
  record: MeetingRecord,
  format: ExportFormat,
  opts: ModelOptions = {},
): ExportedFile {
  const spec = FORMATS[format];
  const model = buildModel(record, opts);
  return {
    filename: `${model.basename}.${spec.extension}`,
    contentType: spec.contentType,
    data: spec.render(model),
  };
}
