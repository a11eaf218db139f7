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
 * Types a day (YYYY-MM-DD) into the field the way a person does: each segment clicked, its digits
 * typed; '' empties every segment with Backspace. Then checks the field shows it.
 */
export async function fillDate(field: Locator, iso: string): Promise<void> {
  const types = ['year', 'month', 'day'] as const;
  if (iso === '') {
    for (const type of types) {
      const segment = field.locator(`[data-type="${type}"]`);
      await segment.click();
      while ((await segment.getAttribute('data-placeholder')) === null) await segment.press('Backspace');
    }
    return;
  }
  const [year, month, day] = iso.split('-');
  const digits = { year, month, day };
  for (const type of types) {
    const segment = field.locator(`[data-type="${type}"]`);
    await segment.click();
    await segment.pressSequentially(digits[type]!);
  }
  await expect.poll(() => shownDate(field)).toBe(iso);
}
