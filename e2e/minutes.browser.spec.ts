import { expect, test, type Browser, type Page } from '@playwright/test';
import { HubProcess } from './hub';

interface Added {
  member: { id: string; name: string };
  token: string;
}

let hub: HubProcess;
let meeting: { id: string; docName: string };
let amelie: Added;
let karim: Added;
let observer: Added;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-123');
  await hub.start(0);
  const committee = await hub.api<{ id: string }>('committees.create', {
    name: 'Comité des usagers',
    area: 'care-and-services',
  });
  amelie = await hub.api<Added>('members.add', {
    committeeId: committee.id,
    name: 'Amélie Tremblay',
    kind: 'patient-partner',
    role: 'co-chair',
    engagementLevel: 'partnership',
  });
  karim = await hub.api<Added>('members.add', {
    committeeId: committee.id,
    name: 'Karim Haddad',
    kind: 'professional',
    role: 'member',
    engagementLevel: 'collaboration',
  });
  observer = await hub.api<Added>('members.add', {
    committeeId: committee.id,
    name: 'Olivia Observer',
    kind: 'citizen',
    role: 'observer',
    engagementLevel: 'information',
  });
  meeting = await hub.api('meetings.create', {
    committeeId: committee.id,
    title: 'Rencontre de novembre',
    startsAt: '2026-11-20T18:00:00Z',
  });
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
  await minutes(a).click();
  await a.keyboard.press('Control+End');
  await a.keyboard.type(' Texte visible par tous.');
  await expect(minutes(o)).toContainText('Texte visible par tous.');
  for (const p of [a, o]) await p.context().close();
});
