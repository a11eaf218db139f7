/**
 * The decision log as CSV (RFC 4180): fields with a comma, a quote, a CR or an LF in quotes, their
 * quotes doubled, CRLF line ends; UTF-8 with a byte order mark, so that Excel reads the accents
 * right. One row per decision, as the register holds it now; the header in the committee's language.
 */
import { CSV_COLUMNS } from './log-labels';
import type { LogModel } from './log-model';

/**
 * A field as RFC 4180 writes it. A field that a spreadsheet would run as a formula (starting with
 * =, +, -, @, a tab or a CR) is prefixed with an apostrophe, as OWASP advises: opening the file
 * runs nothing that a member typed.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (fields: string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export function renderLogCsv(model: LogModel): Uint8Array {
  const lines = [csvLine(CSV_COLUMNS.map((c) => model.labels.columns[c]))];
  for (const d of model.decisions) lines.push(csvLine(d.row));
  return new TextEncoder().encode(`\ufeff${lines.join('')}`);
}
