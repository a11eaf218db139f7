/**
 * The app's date fields (components/DateField.tsx) as a user meets them: a group named by its
 * label, one segment per part of the day (year, month, day) in the order of the app's language.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The date field labelled `label` (exactly) inside `scope`. */
export function dateField(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('group', { name: label, exact: true });
}

/** The text the field shows, without the invisible direction marks around its separators. */
export async function shownDate(field: Locator): Promise<string> {
  return ((await field.textContent()) ?? '').replace(/[\u200e\u200f\u2066-\u2069]/g, '').trim();
}

/**
 * Types a day (YYYY-MM-DD), or a day and time (YYYY-MM-DDTHH:mm, 24 h), into the field the way a
 * person does: each segment clicked, its digits typed (the hour as the language shows it, with
 * a.m./p.m. where it has them); '' empties every segment with Backspace. Then checks what it shows.
 */
export async function fillDate(field: Locator, iso: string): Promise<void> {
  const withTime = (await field.locator('[data-type="hour"]').count()) > 0;
  const types = ['year', 'month', 'day', ...(withTime ? (['hour', 'minute'] as const) : [])];
  if (iso === '') {
    for (const type of types) {
      const segment = field.locator(`[data-type="${type}"]`);
      await segment.click();
      while ((await segment.getAttribute('data-placeholder')) === null) await segment.press('Backspace');
    }
    return;
  }
  const [day, time] = iso.split('T');
  const [year, month, date] = day!.split('-');
  const [hour24, minute] = (time ?? '').split(':');
  const twelve = (await field.locator('[data-type="dayPeriod"]').count()) > 0;
  const hour = twelve ? String(Number(hour24) % 12 || 12) : hour24;
  const digits: Record<string, string> = {
    year: year!,
    month: month!,
    day: date!,
    hour: hour!,
    minute: minute!,
  };
  for (const type of types) {
    const segment = field.locator(`[data-type="${type}"]`);
    await segment.click();
    await segment.pressSequentially(digits[type]!);
  }
  if (withTime && twelve) {
    const period = field.locator('[data-type="dayPeriod"]');
    await period.click();
    await period.press(Number(hour24) < 12 ? 'a' : 'p');
  }
  if (!withTime) await expect.poll(() => shownDate(field)).toBe(iso);
  else
    for (const type of types)
      await expect(field.locator(`[data-type="${type}"]`), `the ${type} of ${iso}`).toHaveAttribute(
        'aria-valuenow',
        String(Number(digits[type])), // the hour as shown (6 for 18:00 with p.m.)
      );
}
