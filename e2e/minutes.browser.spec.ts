import { expect, test, type Browser, type Page } from '@playwright/test';
import { HubProcess, type Added } from './hub';
import { caretBack, caretToEnd, watchFirstAuthor } from './editor';

let hub: HubProcess;
let meeting: { id: string; docName: string };
let amelie: Added;
let karim: Added;
let observer: Added;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-123');
  await hub.start(0);
  const committee = await hub.committee({ name: 'Comité des usagers', area: 'care-and-services' });
  amelie = await committee.add('Amélie Tremblay', 'patient-partner', 'co-chair');
  karim = await committee.add('Karim Haddad', 'professional', 'member', 'collaboration');
  observer = await committee.add('Olivia Observer', 'citizen', 'observer', 'information');
  meeting = await committee.meeting({ title: 'Rencontre de novembre', startsAt: '2026-11-20T18:00:00Z' });
});

test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

async function openMinutes(browser: Browser, who: Added, locale = 'fr-CA'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(who.token, `/meetings/${meeting.id}`));
  await expect(page.getByRole('heading', { name: 'Rencontre de novembre' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText(/En direct|Live/);
  await page.getByRole('tab', { name: /Compte rendu|Minutes/ }).click();
  return page;
}

const minutes = (page: Page) => page.locator('.minutes-body');

/** `writer` types `text` in a paragraph of its own at the end of the minutes; `reader` sees it. */
async function writeAtEnd(writer: Page, reader: Page, text: string): Promise<void> {
  await caretToEnd(writer);
  await writer.keyboard.press('Enter');
  await writer.keyboard.type(text);
  await expect(minutes(reader)).toContainText(text);
}

/**
 * The authors (titles) of the coloured runs of the paragraph of the minutes holding `text`, read
 * whole: another person's caret (with its name) may sit inside the paragraph and split a run.
 */
const authorsOf = (page: Page, text: string) =>
  minutes(page).evaluate((body, text) => {
    const paragraphs = [...body.querySelectorAll('p')];
    const own = (p: (typeof paragraphs)[number]) => {
      const copy = p.cloneNode(true) as typeof p;
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
      return copy.textContent ?? '';
    };
    const p = paragraphs.find((p) => own(p).includes(text));
    return [...new Set([...(p?.querySelectorAll('.author-run') ?? [])].map((r) => r.getAttribute('title')))];
  }, text);

test('two partners co-edit the minutes, see each other’s text and carets, and it survives a hub restart', async ({
  browser,
}, testInfo) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);

  // Each sees the other in the presence list.
  await expect(a.getByTestId('presence')).toContainText('Karim Haddad');
  await expect(b.getByTestId('presence')).toContainText('Amélie Tremblay');

  await minutes(a).click();
  await a.keyboard.type('Ouverture de la rencontre par la coprésidence.');
  await expect(minutes(b)).toContainText('Ouverture de la rencontre par la coprésidence.');

  await minutes(b).click();
  await b.keyboard.press('End');
  await b.keyboard.press('Enter');
  await b.keyboard.type('Le comité accueille deux nouveaux membres.');
  await expect(minutes(a)).toContainText('Le comité accueille deux nouveaux membres.');

  // Each sees the other's caret, labelled with their name.
  await expect(a.locator('.collaboration-carets__label', { hasText: 'Karim Haddad' })).toBeVisible();
  await minutes(a).click();
  await a.keyboard.press('Control+Home');
  await expect(b.locator('.collaboration-carets__label', { hasText: 'Amélie Tremblay' })).toBeVisible();

  await a.screenshot({ path: testInfo.outputPath('amelie.png') });
  await b.screenshot({ path: testInfo.outputPath('karim.png') });
  await testInfo.attach('amelie', { path: testInfo.outputPath('amelie.png'), contentType: 'image/png' });
  await testInfo.attach('karim', { path: testInfo.outputPath('karim.png'), contentType: 'image/png' });

  // The hub goes down: the editors say so, and keep what is on screen.
  expect(await hub.stop()).toBe(0);
  await expect(a.getByTestId('connection')).toContainText('Hors ligne');
  await hub.start(hub.port);
  await expect(a.getByTestId('connection')).toHaveText(/En direct/);

  // A newcomer with no local copy reads the text from the restarted hub.
  const c = await openMinutes(browser, amelie, 'en-CA');
  await expect(minutes(c)).toContainText('Ouverture de la rencontre par la coprésidence.');
  await expect(minutes(c)).toContainText('Le comité accueille deux nouveaux membres.');
  for (const p of [a, b, c]) await p.context().close();
});

test('an observer reads the minutes but cannot change them', async ({ browser }) => {
  const a = await openMinutes(browser, amelie);
  const o = await openMinutes(browser, observer);
  await expect(o.getByText(/observateur·trice/)).toBeVisible();
  await expect(minutes(o)).toHaveAttribute('contenteditable', 'false');
  await caretToEnd(a);
  await a.keyboard.type(' Texte visible par tous.');
  await expect(minutes(o)).toContainText('Texte visible par tous.');
  for (const p of [a, o]) await p.context().close();
});

test('cut off from the hub, a partner keeps writing; on reconnection every edit of both sides is merged', async ({
  browser,
}) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);
  await caretToEnd(a);
  await a.keyboard.press('Enter');
  await a.keyboard.type('Avant la coupure.');
  await expect(minutes(b)).toContainText('Avant la coupure.');

  await b.context().setOffline(true);
  await expect(b.getByTestId('connection')).toContainText('Hors ligne');
  await caretToEnd(b);
  await b.keyboard.press('Enter');
  await b.keyboard.type('Écrit hors ligne par Karim.');
  await caretToEnd(a);
  await a.keyboard.press('Enter');
  await a.keyboard.type('Écrit en ligne par Amélie.');
  await expect(minutes(b)).not.toContainText('Écrit en ligne par Amélie.');

  await b.context().setOffline(false);
  await expect(b.getByTestId('connection')).toHaveText(/En direct/, { timeout: 15_000 });
  for (const p of [a, b]) {
    await expect(minutes(p)).toContainText('Écrit hors ligne par Karim.');
    await expect(minutes(p)).toContainText('Écrit en ligne par Amélie.');
    await expect(minutes(p)).toContainText('Avant la coupure.');
  }
  for (const p of [a, b]) await p.context().close();
});

test('a comment anchored to a passage follows it as the text changes; replies and resolve', async ({
  browser,
}, testInfo) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);
  await caretToEnd(a);
  await a.keyboard.press('Enter');
  await a.keyboard.type('Le budget de formation sera revu.');
  // Select "budget de formation" with the keyboard.
  await a.keyboard.press('Home');
  for (let i = 0; i < 'Le '.length; i++) await a.keyboard.press('ArrowRight');
  for (let i = 0; i < 'budget de formation'.length; i++) await a.keyboard.press('Shift+ArrowRight');
  await a.getByRole('button', { name: 'Commenter le passage sélectionné' }).click();
  await a.getByLabel('Votre commentaire').fill('Quel montant exactement ?');
  await a.getByRole('button', { name: 'Publier le commentaire' }).click();

  const thread = b.getByTestId('threads').locator('li').first();
  await expect(thread).toContainText('budget de formation');
  await expect(thread).toContainText('Quel montant exactement ?');
  await expect(b.locator('.comment-anchor')).toHaveText('budget de formation');

  // Karim writes before the passage: the highlight still covers the same words.
  await minutes(b).locator('p', { hasText: 'Le budget de formation' }).click();
  await b.keyboard.press('Home');
  await b.keyboard.type('Point 3 : ');
  await expect(minutes(a)).toContainText('Point 3 : ');
  await expect(a.locator('.comment-anchor')).toHaveText('budget de formation');

  await thread.getByPlaceholder('Répondre').fill('Environ 12 000 $.');
  await thread.getByRole('button', { name: 'Envoyer' }).click();
  await expect(a.getByTestId('threads')).toContainText('Environ 12 000 $.');
  await a.screenshot({ path: testInfo.outputPath('comments-fr.png'), fullPage: true });
  await a.getByTestId('threads').getByRole('button', { name: 'Marquer comme réglé' }).click();
  await expect(b.getByTestId('threads').locator('li')).toHaveCount(0);
  await expect(b.locator('.comment-anchor')).toHaveCount(0);
  await expect(b.getByText('1 réglé(s)')).toBeVisible();
  for (const p of [a, b]) await p.context().close();
});

test('the text can be coloured by author, with a legend of who wrote what', async ({ browser }, testInfo) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);
  await caretToEnd(b);
  await b.keyboard.press('Enter');
  await b.keyboard.type('Karim ajoute une phrase.');
  await expect(minutes(a)).toContainText('Karim ajoute une phrase.');
  await a.getByLabel('Colorer le texte selon l’auteur').check();
  const legend = a.getByTestId('author-legend');
  await expect(legend).toContainText('Amélie Tremblay');
  await expect(legend).toContainText('Karim Haddad');
  await expect(
    a.locator('.author-run[title="Karim Haddad"]', { hasText: 'Karim ajoute une phrase.' }),
  ).toBeVisible();
  await expect(a.locator('.author-run[title="Amélie Tremblay"]').first()).toBeVisible();
  // What one types with the colours on is coloured as one types it, a new paragraph included.
  await caretToEnd(a);
  await a.keyboard.press('Enter');
  await a.keyboard.type('Amélie répond.');
  await expect(
    a.locator('.author-run[title="Amélie Tremblay"]', { hasText: 'Amélie répond.' }),
  ).toBeVisible();
  await a.screenshot({ path: testInfo.outputPath('authors-fr.png'), fullPage: true });
  for (const p of [a, b]) await p.context().close();
});

test('a partner’s words stay hers when someone else splits her paragraph', async ({ browser }, testInfo) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);
  const second = 'Deuxième phrase, écrite par Amélie.';
  // Karim has written before: his editor's Yjs client is one her screen already knows as his.
  await writeAtEnd(b, a, 'Note de Karim.');
  await writeAtEnd(a, b, `Première phrase d’Amélie. ${second}`);
  // Amélie has the colours on while Karim works.
  await a.getByLabel('Colorer le texte selon l’auteur').check();
  await expect(a.locator('.author-run[title="Amélie Tremblay"]', { hasText: second })).toBeVisible();
  await expect(a.locator('.author-run[title="Karim Haddad"]', { hasText: 'Note de Karim.' })).toBeVisible();
  // The first colour her screen gives the moved sentence (the hub's list of carried text is asked
  // for only every few seconds: her editor finds the carried text as the hub does, at once).
  const firstColour = await watchFirstAuthor(a, second, 'Première');
  // Karim presses Enter before her second sentence: it moves into a paragraph of its own.
  await caretBack(b, second.length);
  await b.keyboard.press('Enter');
  expect(await firstColour()).toBe('Amélie Tremblay');
  await expect(minutes(a).locator('p', { hasText: 'Première phrase d’Amélie.' })).not.toContainText(
    'Deuxième',
  );
  await expect(a.locator('.author-run[title="Amélie Tremblay"]', { hasText: second })).toHaveText(second);
  await expect(a.locator('.author-run[title="Karim Haddad"]', { hasText: 'Deuxième' })).toHaveCount(0);
  await a.locator('.minutes-body').screenshot({ path: testInfo.outputPath('split-authors-fr.png') });
  for (const p of [a, b]) await p.context().close();
});

test('a partner’s paragraph cut and pasted elsewhere is hers at once on the screen of the one who moved it', async ({
  browser,
}, testInfo) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);
  await b.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const hers = 'Paragraphe d’Amélie, à déplacer plus bas.';
  await writeAtEnd(b, a, 'Note de Karim.');
  await writeAtEnd(a, b, hers);
  // Karim has the colours on, and his screen knows her words as hers.
  await b.getByLabel('Colorer le texte selon l’auteur').check();
  await expect(b.locator('.author-run[title="Amélie Tremblay"]', { hasText: hers })).toBeVisible();
  // He cuts her paragraph, writes a line of his own, and pastes it below.
  await caretToEnd(b);
  await b.keyboard.press('Shift+Home');
  await b.keyboard.press('Control+X');
  await expect(minutes(b)).not.toContainText(hers);
  await b.keyboard.type('Karim écrit ici.');
  await b.keyboard.press('Enter');
  // The first colour his screen gives the pasted words (the hub's list is asked for only every
  // few seconds: his editor remembers what he cut of others' words, as the hub does).
  const firstTitle = await watchFirstAuthor(b, hers);
  await b.keyboard.press('Control+V');
  expect(await firstTitle()).toBe('Amélie Tremblay');
  // (A paragraph's runs are read whole: another person's caret may sit inside one and split it.)
  await expect.poll(() => authorsOf(b, hers)).toEqual(['Amélie Tremblay']);
  await expect.poll(() => authorsOf(b, 'Karim écrit ici.')).toEqual(['Karim Haddad']);
  // Once the hub's list is read again (every 4 s), it says the same, on his screen and on hers.
  await b.waitForTimeout(4500);
  await expect.poll(() => authorsOf(b, hers)).toEqual(['Amélie Tremblay']);
  await a.getByLabel('Colorer le texte selon l’auteur').check();
  await expect.poll(() => authorsOf(a, hers)).toEqual(['Amélie Tremblay']);
  await b.locator('.minutes-body').screenshot({ path: testInfo.outputPath('cut-paste-authors-fr.png') });
  for (const p of [a, b]) await p.context().close();
});

test('undo takes back only one’s own typing, never a partner’s', async ({ browser }) => {
  const a = await openMinutes(browser, amelie);
  const b = await openMinutes(browser, karim);
  await caretToEnd(a);
  await a.keyboard.press('Enter');
  await a.keyboard.type('Phrase d’Amélie.');
  await expect(minutes(b)).toContainText('Phrase d’Amélie.');
  await caretToEnd(b);
  await b.keyboard.type(' Ajout de Karim.');
  await expect(minutes(a)).toContainText('Ajout de Karim.');
  await minutes(a).click();
  await a.keyboard.press('Control+z');
  await expect(minutes(b)).not.toContainText('Phrase d’Amélie.');
  await expect(minutes(b)).toContainText('Ajout de Karim.');
  await expect(minutes(a)).toContainText('Ajout de Karim.');
  for (const p of [a, b]) await p.context().close();
});

test('each agenda item gets its section in the minutes, renamed with it, and what was written stays', async ({
  browser,
}) => {
  const a = await openMinutes(browser, amelie);
  const item = await hub.api<{ id: string }>(
    'agenda.add',
    { meetingId: meeting.id, title: 'Budget 2027', purpose: 'decision' },
    amelie.token,
  );
  const heading = minutes(a).locator('h2', { hasText: 'Budget 2027' });
  await expect(heading).toBeVisible();
  await heading.click();
  await a.keyboard.press('End');
  await a.keyboard.press('Enter');
  await a.keyboard.type('Discussion sur les priorités.');
  await hub.api(
    'agenda.update',
    { meetingId: meeting.id, itemId: item.id, title: 'Budget 2027 et priorités' },
    amelie.token,
  );
  await expect(minutes(a).locator('h2', { hasText: 'Budget 2027 et priorités' })).toBeVisible();
  await expect(minutes(a)).toContainText('Discussion sur les priorités.');
  await a.context().close();
});
