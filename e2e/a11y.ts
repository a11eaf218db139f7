/**
 * Accessibility checks for the e2e specs: axe-core over the page as it is now, against WCAG 2.0,
 * 2.1 and 2.2 levels A and AA, failing on any serious or critical violation with a list a person
 * can act on (rule, what it means, which elements, why).
 *
 * Use it on every new screen and state, in both languages:
 *   await expectAccessible(page, 'committee page, invite panel open');
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { en } from '../src/renderer/src/locales/en';
import { fr } from '../src/renderer/src/locales/fr';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

export interface A11yOptions {
  /** CSS selectors left out of the check (say why where you call it). */
  exclude?: string[];
}

/** The serious and critical violations on the page, one readable line per element. */
export async function seriousViolations(page: Page, options: A11yOptions = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact && BLOCKING.has(v.impact))
    .flatMap((v) =>
      v.nodes.map((n) => {
        const why = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
        return `[${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}: ${why} — ${n.html.slice(0, 160)}`;
      }),
    );
}

/** Fails the test, with the list, when the page has a serious or critical violation. */
export async function expectAccessible(page: Page, what: string, options: A11yOptions = {}): Promise<void> {
  const found = await seriousViolations(page, options);
  expect(found, `accessibility of ${what} (lang=${await page.locator('html').getAttribute('lang')})`).toEqual(
    [],
  );
}

export type Lang = 'fr' | 'en';
export const CATALOGUE = { fr, en } as const;
/** The browser locale that makes the app start in that language (it follows the system). */
export const BROWSER_LOCALE: Record<Lang, string> = { fr: 'fr-CA', en: 'en-CA' };

/**
 * A catalogue text with its placeholders filled, to find what a user sees in either language:
 * `say('en', (m) => m.members.edit)`, `say('fr', (m) => m.nav.back, { name })`.
 */
export function say(
  lang: Lang,
  pick: (m: typeof en) => string,
  params: Record<string, string | number> = {},
): string {
  return pick(CATALOGUE[lang] as typeof en).replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, k: string) =>
    String(params[k] ?? ''),
  );
}
