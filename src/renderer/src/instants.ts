/**
 * An instant (ISO) said as a day, or a day and a time, in the reader's words and time zone: also
 * read by errors.ts, which the Node tests load, so it imports nothing from the renderer.
 */
import { firstOfMonth } from '../../shared/dates';

export function formatInstant(iso: string, language: string, withTime = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = new Intl.DateTimeFormat(
    language === 'fr' ? 'fr-CA' : 'en-CA',
    withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' },
  ).format(d);
  return firstOfMonth(text, language);
}
