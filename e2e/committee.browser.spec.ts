import { expect, test } from '@playwright/test';
import { dateField, fillDate } from './dates';
import { HubProcess } from './hub';

let hub: HubProcess;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-456');
  await hub.start(0);
});
test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

test('the host creates a committee, adds a partner, plans a meeting — in English and in French', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(hub.ownerToken));

  await expect(page.getByRole('heading', { name: 'Committees' })).toBeVisible();
  await expect(page.getByText('No committee yet')).toBeVisible();

  // A bad input is refused with a clear message, and nothing breaks.
  await page.getByLabel('Name', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('alert')).toHaveText('Write the name: it is required.');

  await page.getByLabel('Name', { exact: true }).fill('Patient and family advisory committee');
  await page.getByLabel('Area of involvement').selectOption('governance');
  await page.getByLabel('Mandate').fill('Advises the board on the quality of care.');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: /Patient and family advisory committee/ }).click();

  await page.getByLabel('Full name').fill('Amélie Tremblay');
  await page.getByLabel('Kind').selectOption('patient-partner');
  await page.getByLabel('Role').selectOption('co-chair');
  await page.getByRole('button', { name: 'Add a member' }).click();
  const link = page.getByLabel('Invitation link for Amélie Tremblay');
  await expect(link).toHaveValue(new RegExp(`^${hub.url}/#token=`));
  await expect(page.getByTestId('members')).toContainText('Amélie Tremblay');

  await page.getByLabel('Title').fill('November meeting');
  await fillDate(dateField(page, 'Date and time'), '2026-11-20T18:00');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('link', { name: /November meeting/ })).toContainText('November 20, 2026');
  await expect(page.getByRole('link', { name: /November meeting/ })).toContainText('6:00 p.m.');
  await page.screenshot({ path: testInfo.outputPath('committee-en.png'), fullPage: true });

  // The invitation link works for the partner, in another browser.
  const partner = await browser.newContext({ locale: 'fr-CA' });
  const p = await partner.newPage();
  await p.goto(await link.inputValue());
  await expect(p.getByTestId('whoami')).toHaveText('Amélie Tremblay · Coprésidence');
  await expect(p.getByRole('heading', { name: 'Comités' })).toBeVisible();
  await p.getByRole('link', { name: /Patient and family advisory committee/ }).click();
  await expect(p.getByRole('heading', { name: 'Rencontres' })).toBeVisible();
  await p.screenshot({ path: testInfo.outputPath('committee-fr.png'), fullPage: true });

  // The language switch changes the whole screen and is remembered.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Membres' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Membres' })).toBeVisible();
  await context.close();
  await partner.close();
});

test('a browser without an invitation, or with a revoked one, is told what to do', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(hub.url);
  await expect(page.getByText('open the invitation link you were given')).toBeVisible();
  await page.goto(`${hub.url}/#token=not-a-real-token`);
  await expect(page.getByRole('alert')).toContainText('no longer valid');
  await context.close();
});
