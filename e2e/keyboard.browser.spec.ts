/**
 * The keyboard alone, with a visible focus: reordering the agenda, the speaker queue, the
 * editor's toolbar, a dialog, the decision form; and what others change in the meeting is said
 * in a live region, in the user's language.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { BROWSER_LOCALE, say, type Lang } from './a11y';
import { dateField, shownDate } from './dates';
import { HubProcess, type Added } from './hub';

let hub: HubProcess;
let committeeId: string;
let meetingId: string;
let chair: Added;
let partner: Added;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-keyboard');
  await hub.start(0);
  const committee = await hub.committee({ name: 'Comité clavier', area: 'governance' });
  committeeId = committee.id;
  chair = await committee.add('Karim Haddad', 'professional', 'co-chair');
  partner = await committee.add('Amélie Tremblay', 'patient-partner', 'member');
  const meeting = await committee.meeting({
    title: 'Rencontre au clavier',
    startsAt: '2026-11-18T18:00:00Z',
  });
  meetingId = meeting.id;
  for (const title of ['Mot de bienvenue', 'Budget', 'Varia'])
    await hub.api('agenda.add', { meetingId, title, purpose: 'information' }, chair.token);
  for (const who of [chair, partner])
    await hub.api('attendance.set', { meetingId, memberId: who.member.id, status: 'present' });
});

test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

async function open(browser: Browser, who: Added, lang: Lang, to = `/meetings/${meetingId}`): Promise<Page> {
  const context = await browser.newContext({
    locale: BROWSER_LOCALE[lang],
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(hub.joinLink(who.token, to));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

/** Presses Tab until `target` has the focus (at most `max` times): the way a keyboard user gets there. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** The focused element shows a solid outline at least 2 px wide, in a colour unlike the page's. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const style = (await page.evaluate(`(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
  })()`)) as { style: string; width: number; color: string };
  expect(style.style).toBe('solid');
  expect(style.width).toBeGreaterThanOrEqual(2);
  expect(style.color).not.toBe('rgba(0, 0, 0, 0)');
}

const agendaTitles = (page: Page) => page.getByTestId('agenda').locator('.agenda-title');

test('the agenda is reordered with Alt+arrows, the focus stays on the item, the move is said', async ({
  browser,
}) => {
  const page = await open(browser, chair, 'en');
  await expect(page.getByTestId('connection')).toHaveText('Live');
  const item = page.getByTestId('agenda').getByRole('listitem', { name: '1. Mot de bienvenue' });
  await tabTo(page, item);
  await expectVisibleFocus(page);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(agendaTitles(page)).toHaveText(['Budget', 'Mot de bienvenue', 'Varia']);
  await expect(page.getByText('“Mot de bienvenue” is now item 2.')).toBeAttached();
  await expect(
    page.getByTestId('agenda').getByRole('listitem', { name: '2. Mot de bienvenue' }),
  ).toBeFocused();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(agendaTitles(page)).toHaveText(['Budget', 'Varia', 'Mot de bienvenue']);
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(agendaTitles(page)).toHaveText(['Mot de bienvenue', 'Budget', 'Varia']);
  await page.context().close();
});

test('the editor’s toolbar is one tab stop, with arrows inside and pressed states', async ({ browser }) => {
  const page = await open(browser, partner, 'fr');
  await expect(page.getByTestId('connection')).toHaveText('En direct');
  const tabs = page.getByRole('tab', { name: 'Compte rendu' });
  await tabTo(page, page.getByRole('tab', { selected: true }));
  // The tabs: arrows move between them, and the tab is chosen.
  await page.keyboard.press('ArrowRight');
  await expect(tabs).toBeFocused();
  await expect(tabs).toHaveAttribute('aria-selected', 'true');
  const toolbar = page.getByRole('toolbar', { name: 'Mise en forme' });
  const bold = toolbar.getByRole('button', { name: 'Gras' });
  await tabTo(page, bold);
  await expectVisibleFocus(page);
  await page.keyboard.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Italique' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(toolbar.getByRole('button').last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(bold).toBeFocused();
  // Only one button of the toolbar is in the tab order.
  await expect(toolbar.locator('button[tabindex="0"]')).toHaveCount(1);
  // Tab leaves the toolbar for the text; bold on, typed text is bold, the button says so.
  await page.keyboard.press('Tab');
  const authorsToggle = page.getByLabel('Colorer le texte selon l’auteur');
  await expect(authorsToggle).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('.minutes-body')).toBeFocused();
  await page.keyboard.type('Ouverture ');
  // Back into the toolbar: on the button last used.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(bold).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  // The button gives the focus back to the text at the next frame (TipTap's focus waits for it):
  // keys pressed within those milliseconds would go to the button.
  await expect(page.locator('.minutes-body')).toBeFocused();
  await page.keyboard.type('importante');
  await expect(page.locator('.minutes-body strong')).toHaveText('importante');
  await page.context().close();
});

test('a dialog keeps the focus inside, closes with Escape and gives the focus back', async ({ browser }) => {
  const page = await open(browser, chair, 'en', `/committees/${committeeId}`);
  const card = page.getByTestId('members').getByRole('listitem').filter({ hasText: 'Amélie Tremblay' });
  const edit = card.getByRole('button', { name: 'Edit' });
  await tabTo(page, edit);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Edit Amélie Tremblay’s information' });
  await expect(dialog).toBeVisible();
  // Thirty presses of Tab never leave the dialog.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(d.ownerDocument.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(edit).toBeFocused();
  await page.context().close();
});

test('the decision form, from the keyboard alone', async ({ browser }) => {
  const page = await open(browser, chair, 'fr');
  const tab = page.getByRole('tab', { name: 'Décisions' });
  await tabTo(page, page.getByRole('tab', { selected: true }));
  while (!(await tab.evaluate((el) => el === el.ownerDocument.activeElement)))
    await page.keyboard.press('ArrowRight');
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const draft = page.getByRole('button', { name: /Rédiger une décision — Budget/ });
  await tabTo(page, draft);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel(say('fr', (m) => m.decisions.titleField)).last()).toBeFocused();
  await page.keyboard.type('Adopter le budget');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Le budget 2027 est adopté.');
  // Enter in a one-line field sends the form.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Adopter le budget' })).toBeVisible();
  await expect(page.getByText('Décision « Adopter le budget » rédigée.')).toBeVisible();
  await page.context().close();
});

test('what others change in the meeting is said: a hand raised, the floor, the current item', async ({
  browser,
}) => {
  const chairPage = await open(browser, chair, 'fr');
  const partnerPage = await open(browser, partner, 'en');
  for (const p of [chairPage, partnerPage])
    await expect(p.getByTestId('connection')).toHaveText(/En direct|Live/);
  const heard = (p: Page) => p.getByTestId('live-announcer');

  // The chair starts the meeting and begins with the first item, from the keyboard.
  const start = chairPage.getByRole('button', { name: 'Commencer la rencontre' });
  await tabTo(chairPage, start);
  await chairPage.keyboard.press('Enter');
  await expect(heard(partnerPage)).toHaveText('The meeting has started.');
  const begin = chairPage.getByRole('button', { name: 'Commencer par le premier point' });
  await tabTo(chairPage, begin);
  await chairPage.keyboard.press('Enter');
  await expect(heard(partnerPage)).toHaveText('Current item: Mot de bienvenue.');

  // The partner raises a hand with the keyboard; the chair hears it, in French.
  const raise = partnerPage.getByRole('button', { name: 'Raise my hand' });
  await tabTo(partnerPage, raise);
  await expectVisibleFocus(partnerPage);
  await partnerPage.keyboard.press('Enter');
  await expect(heard(chairPage)).toHaveText('Amélie Tremblay a levé la main.');
  // The partner is not told what they did themself.
  await expect(heard(partnerPage)).toHaveText('Current item: Mot de bienvenue.');

  // The chair gives the floor from the keyboard; the partner hears it, in English.
  const give = chairPage.getByRole('button', { name: 'Donner la parole à Amélie Tremblay' });
  await tabTo(chairPage, give);
  await chairPage.keyboard.press('Enter');
  await expect(heard(partnerPage)).toHaveText('Amélie Tremblay has the floor.');
  await expect(chairPage.getByRole('button', { name: say('fr', (m) => m.run.endTurn) })).toBeVisible();
  for (const p of [chairPage, partnerPage]) await p.context().close();
});

test('the language follows the system, is switched from the keyboard, and the choice is kept', async ({
  browser,
}) => {
  const page = await open(browser, chair, 'fr', `/committees/${committeeId}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Rencontres' })).toBeVisible();
  const english = page.getByRole('button', { name: 'English' });
  await tabTo(page, english);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(english).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Meetings' })).toBeVisible();
  // Dates follow: the meeting's date is now written in English.
  await expect(page.getByText(/November 18, 2026/).first()).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Meetings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.context().close();
});

test('a date from the keyboard: digits fill the segments in the page’s order, the arrows change them', async ({
  browser,
}) => {
  const page = await open(browser, chair, 'fr', `/committees/${committeeId}`);
  const field = dateField(
    page,
    say('fr', (m) => m.privacy.discoveredOn),
  );
  await expect.poll(() => shownDate(field)).toBe('aaaa-mm-jj');
  const year = field.getByRole('spinbutton').first();
  await tabTo(page, year, 120);
  await expectVisibleFocus(page);
  await page.keyboard.type('2026');
  await page.keyboard.type('11');
  await page.keyboard.type('18');
  await expect.poll(() => shownDate(field)).toBe('2026-11-18');
  // The focus stayed on the day: ↑ moves it on by one; ← goes back to the month, ↓ takes one off.
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => shownDate(field)).toBe('2026-11-19');
  await page.keyboard.press('ArrowLeft');
  await expectVisibleFocus(page);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => shownDate(field)).toBe('2026-10-19');
  await page.context().close();
});
