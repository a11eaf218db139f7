/**
 * The screens at 200 % zoom and narrower (reflow down to 320 CSS px, WCAG 1.4.10) and in the
 * system's high-contrast mode (forced colours), in French and in English: the page never scrolls
 * sideways, the main controls stay on screen, and what is selected or whose text it is is still
 * told apart when the system replaces the colours. Screenshots of each are kept in test-results/
 * for a person to look at.
 */
import {
  expect,
  test,
  type Browser,
  type BrowserContextOptions,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { BROWSER_LOCALE, say, type Lang } from './a11y';
import { HubProcess, type Added } from './hub';
import { seededYearHub, type SeededYearHub } from './seeded-year';
import { caretToEnd } from './editor';

let hub: HubProcess;
/** A committee's year, for the partnership screens (charts and tables of a year). */
let year: SeededYearHub;
let committeeId: string;
let meetingId: string;
let chair: Added;
let partner: Added;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  year = await seededYearHub('e2e-owner-token-zoom-year');
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-zoom');
  await hub.start(0);
  const committee = await hub.committee({
    name: 'Comité des usagers et des partenaires de l’urgence régionale',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil à l’urgence, la signalisation et l’accessibilité des salles d’attente.',
  });
  committeeId = committee.id;
  chair = await committee.add('Karim Haddad', 'professional', 'co-chair');
  partner = await committee.add('Amélie Tremblay-Desrosiers', 'patient-partner', 'member');
  const meeting = await committee.meeting({
    title: 'Rencontre de novembre sur l’accessibilité',
    startsAt: '2026-11-18T18:00:00Z',
    place: 'Salle 2.14, pavillon principal',
  });
  meetingId = meeting.id;
  for (const title of ['Mot de bienvenue', 'Accessibilité des salles d’attente et signalisation'])
    await hub.api('agenda.add', { meetingId, title, purpose: 'decision', plannedMinutes: 15 }, chair.token);
  for (const who of [chair, partner])
    await hub.api('attendance.set', { meetingId, memberId: who.member.id, status: 'present' });
  const d = await hub.api<{ id: string }>(
    'decisions.draft',
    { meetingId, title: 'Afficher les heures en gros caractères', text: 'Adopté.', mode: 'consensus' },
    chair.token,
  );
  await hub.api('decisions.decide', { meetingId, decisionId: d.id, outcome: 'adopted' }, chair.token);
  await hub.api('meetings.start', { id: meetingId }, chair.token);
  await hub.api('hands.raise', { meetingId }, partner.token);
});

test.afterAll(async () => {
  await Promise.all([hub?.stop(), year?.hub.stop()]);
  hub?.removeData();
  year?.hub.removeData();
});

async function open(
  browser: Browser,
  lang: Lang,
  who: Added,
  to: string,
  options: BrowserContextOptions,
  at: HubProcess = hub,
): Promise<Page> {
  const context = await browser.newContext({ locale: BROWSER_LOCALE[lang], ...options });
  const page = await context.newPage();
  await page.goto(at.joinLink(who.token, to));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

/** Opens every "show the figures as a table" of the page. */
async function openTables(page: Page) {
  await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
}

/**
 * How far the page scrolls sideways, in CSS px (0: it reflows), and what sticks out (the
 * innermost elements past the right edge), for a readable failure. With `tables`, a data table
 * may be wider than the screen inside a box of its own that scrolls sideways (WCAG 1.4.10 leaves
 * out data tables): what is inside such a box is not counted, and the boxes that do scroll are
 * listed when they cannot be reached with the keyboard or have no name.
 */
async function sideways(
  page: Page,
  tables: boolean,
): Promise<{ px: number; sticksOut: string[]; unreachable: string[] }> {
  return (await page.evaluate(`((tables) => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const describe = (el) =>
      el.tagName.toLowerCase() +
      (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '') +
      ' "' + (el.textContent || '').trim().slice(0, 40) + '" right=' + Math.round(el.getBoundingClientRect().right);
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const inTableBox = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (scrolls(a) && a.querySelector('table')) return true;
      return false;
    };
    const past = (el) => el.getBoundingClientRect().right > width + 0.5 && !(tables && inTableBox(el));
    const out = [...document.querySelectorAll('body *')].filter(
      (el) => past(el) && ![...el.children].some(past),
    );
    const boxes = [...document.querySelectorAll('body *')].filter(
      (el) => scrolls(el) && el.querySelector('table') && el.scrollWidth > el.clientWidth + 1,
    );
    return {
      px: root.scrollWidth - width,
      sticksOut: out.slice(0, 5).map(describe),
      unreachable: boxes
        .filter((el) => el.tabIndex !== 0 || !el.getAttribute('aria-label') || !el.getAttribute('role'))
        .map(describe),
    };
  })(${tables})`)) as { px: number; sticksOut: string[]; unreachable: string[] };
}

/**
 * The page reflows: nothing to scroll sideways; with `tables`, but for data tables in a box of
 * their own that scrolls sideways, named and reached with the keyboard.
 */
async function expectNoSideways(page: Page, what: string, tables = false) {
  const { px, sticksOut, unreachable } = await sideways(page, tables);
  expect({ px, sticksOut }, `${what} scrolls sideways`).toEqual({ px: 0, sticksOut: [] });
  expect(unreachable, `${what}: a table's box scrolls but is not reached with the keyboard`).toEqual([]);
}

async function shoot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

/** 200 % zoom of a 1280 px wide window: 640 CSS px, two device pixels each. */
const ZOOM_200 = { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };
/** 400 % zoom, the narrowest WCAG asks to reflow: 320 CSS px. */
const REFLOW_320 = { viewport: { width: 320, height: 480 }, deviceScaleFactor: 2 };

for (const lang of ['fr', 'en'] as const) {
  const s = (pick: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(lang, pick, params);

  test(`${lang}: at 200 % and at 320 CSS px, no screen scrolls sideways and the controls stay on screen`, async ({
    browser,
  }, info) => {
    for (const [zoom, options] of [
      ['200', ZOOM_200],
      ['320', REFLOW_320],
    ] as const) {
      const list = await open(browser, lang, chair, '/', options);
      await expectNoSideways(list, 'the list of committees');
      await shoot(list, info, `${lang}-${zoom}-committees`);
      await list.context().close();

      const committee = await open(browser, lang, chair, `/committees/${committeeId}`, options);
      await expectNoSideways(committee, 'the committee');
      await shoot(committee, info, `${lang}-${zoom}-committee`);
      await committee.context().close();

      const meeting = await open(browser, lang, chair, `/meetings/${meetingId}`, options);
      await expect(meeting.getByTestId('connection')).toHaveText(s((m) => m.meeting.connection.connected));
      // Every tab can be seen and reached, and the queue's main action is there.
      for (const name of [
        s((m) => m.agenda.title),
        s((m) => m.meeting.minutes),
        s((m) => m.decisions.title),
        s((m) => m.attendance.title),
        s((m) => m.versions.title),
      ]) {
        const tab = meeting.getByRole('tab', { name });
        await tab.scrollIntoViewIfNeeded();
        await expect(tab, `the tab ${name}, whole on screen`).toBeInViewport({ ratio: 1 });
      }
      const give = meeting.getByRole('button', {
        name: s((m) => m.run.give, { name: 'Amélie Tremblay-Desrosiers' }),
      });
      await give.scrollIntoViewIfNeeded();
      await expect(give).toBeInViewport();
      await expectNoSideways(meeting, 'the meeting, agenda');
      await shoot(meeting, info, `${lang}-${zoom}-meeting-agenda`);
      await meeting.getByRole('tab', { name: s((m) => m.meeting.minutes) }).click();
      const bold = meeting.getByRole('button', { name: s((m) => m.meeting.toolbar.bold) });
      await expect(bold).toBeVisible();
      await expectNoSideways(meeting, 'the meeting, minutes');
      await shoot(meeting, info, `${lang}-${zoom}-meeting-minutes`);
      await meeting.getByRole('tab', { name: s((m) => m.decisions.title) }).click();
      await expectNoSideways(meeting, 'the meeting, decisions');
      await shoot(meeting, info, `${lang}-${zoom}-meeting-decisions`);
      await meeting.context().close();

      const register = await open(browser, lang, chair, `/committees/${committeeId}/decisions`, options);
      await expect(
        register.getByRole('heading', { name: 'Afficher les heures en gros caractères' }).first(),
      ).toBeVisible();
      await expectNoSideways(register, 'the register');
      await shoot(register, info, `${lang}-${zoom}-register`);
      await register.context().close();
    }
  });

  test(`${lang}: at 200 % and at 320 CSS px, the partnership screens and a member's page do not scroll sideways`, async ({
    browser,
  }, info) => {
    test.setTimeout(240_000);
    const chair = year.person('Amina Tremblay');
    const louise = year.person('Louise Bouchard');
    for (const [zoom, options] of [
      ['200', ZOOM_200],
      ['320', REFLOW_320],
    ] as const) {
      const page = await open(
        browser,
        lang,
        chair,
        `/committees/${year.seed.committeeId}/partnership`,
        options,
        year.hub,
      );
      for (const tab of ['balance', 'promises', 'decisions', 'report', 'experience'] as const) {
        const name = s((m) => m.partnership.tab[tab]);
        const button = page.getByRole('tab', { name });
        await button.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await expect(button, `the tab ${name}, whole on screen`).toBeInViewport({ ratio: 1 });
        await button.click();
        await expect(page.getByRole('tabpanel').getByRole('heading', { level: 2, name })).toBeVisible();
        await expect(page.getByRole('tabpanel').locator('[aria-busy="true"]')).toHaveCount(0);
        await openTables(page);
        // At 200 % every table fits; at 320 CSS px a table may scroll in its own box.
        await expectNoSideways(page, `the partnership screen, ${tab}`, zoom === '320');
        await shoot(page, info, `${lang}-${zoom}-partnership-${tab}`);
      }
      await page.context().close();

      const member = await open(
        browser,
        lang,
        chair,
        `/committees/${year.seed.committeeId}/members/${louise.member.id}`,
        options,
        year.hub,
      );
      await expect(member.getByTestId('member-figures')).toBeVisible();
      await openTables(member);
      await expectNoSideways(member, 'a member’s page', zoom === '320');
      await shoot(member, info, `${lang}-${zoom}-member-page`);
      await member.context().close();
    }
  });

  test(`${lang}: in high contrast, the selected tab, the focus and each author's text are told apart`, async ({
    browser,
  }, info) => {
    const options = {
      viewport: { width: 1100, height: 800 },
      forcedColors: 'active',
      colorScheme: 'dark',
    } as const;
    const a = await open(browser, lang, partner, `/meetings/${meetingId}`, options);
    const b = await open(browser, lang, chair, `/meetings/${meetingId}`, options);
    for (const p of [a, b]) {
      await expect(p.getByTestId('connection')).toHaveText(s((m) => m.meeting.connection.connected));
      await p.getByRole('tab', { name: s((m) => m.meeting.minutes) }).click();
    }
    expect(await a.evaluate(`matchMedia('(forced-colors: active)').matches`)).toBe(true);
    await caretToEnd(a);
    await a.keyboard.type('Texte de la partenaire.');
    await expect(b.locator('.minutes-body')).toContainText('Texte de la partenaire.');
    await caretToEnd(b);
    await b.keyboard.press('Enter');
    await b.keyboard.type('Texte du coprésident.');
    await expect(a.locator('.minutes-body')).toContainText('Texte du coprésident.');
    await a.getByLabel(s((m) => m.authors.toggle)).check();
    const runs = a.locator('.author-run');
    await expect(runs.filter({ hasText: 'Texte du coprésident.' }).last()).toBeVisible();
    // Each author's text keeps an underline style of its own once the colours are gone. Who owns
    // each Yjs client id is fetched when the colours are switched on, so this waits for it.
    const styles = () =>
      runs.evaluateAll((els) => [
        ...new Set(
          els.map(
            (el) =>
              `${el.getAttribute('title')}: ${el.ownerDocument.defaultView!.getComputedStyle(el).textDecorationStyle}`,
          ),
        ),
      ]);
    await expect.poll(styles, { message: 'two authors, each with a title and an underline' }).toHaveLength(2);
    expect(new Set((await styles()).map((x) => x.split(': ')[1])).size).toBe(2);

    // The selected tab is marked by more than a background colour.
    const selected = a.getByRole('tab', { selected: true });
    const other = a.getByRole('tab', { name: s((m) => m.agenda.title) });
    const border = (l: typeof selected) =>
      l.evaluate((el) => {
        const c = el.ownerDocument.defaultView!.getComputedStyle(el);
        return `${c.borderBottomWidth} ${c.borderBottomStyle} ${c.outlineStyle} ${c.textDecorationLine}`;
      });
    expect(await border(selected)).not.toBe(await border(other));
    await shoot(a, info, `${lang}-forced-colours-minutes`);
    await a.getByRole('tab', { name: s((m) => m.agenda.title) }).focus();
    await shoot(a, info, `${lang}-forced-colours-agenda-focus`);
    for (const p of [a, b]) await p.context().close();
  });
}
