/** What every export needs, whatever it exports: safe file names, local dates, people as they consented to be shown. */
import type { Member } from '../../shared/domain';
import type { ExportLabels } from './labels';

/** Removes what Windows, macOS or Linux refuse in a file name. */
export function safeFilename(name: string, fallback = 'minutes'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  const short = cleaned.length > 180 ? cleaned.slice(0, 180).trim() : cleaned;
  return short || fallback;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An Intl.DateTimeFormat, made once per locale, options and time zone: making one costs far more than using it. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

const numeric = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string | undefined, time: boolean): Record<string, string> {
  const key = `${timeZone ?? ''}|${time}`;
  let fmt = numeric.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    numeric.set(key, fmt);
  }
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** YYYY-MM-DD of an instant in a time zone (the system's by default). */
export function localDay(at: Date, timeZone?: string): string {
  const p = parts(at, timeZone, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** YYYY-MM-DD HH:mm of an instant in a time zone: what a spreadsheet reads as a date and time. */
export function localDateTime(at: Date, timeZone?: string): string {
  const p = parts(at, timeZone, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A member as an export may show them: their name, or their role only when they did not consent to be named. */
export const shownName = (m: Member, labels: Pick<ExportLabels, 'roles'>): string =>
  m.consents.named ? m.name : labels.roles[m.role];
