import { expect, test } from '@playwright/test';
import { HubProcess } from './hub';

let hub: HubProcess;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-backups');
  await hub.start(0);
});
test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

test('the host backs up now, then restores that backup; members in a meeting are asked to reload', async ({
  browser,
}, testInfo) => {
  const first = await hub.committee({ name: 'Comité des usagers', area: 'care-and-services' });
  const { token: coChairToken } = await first.add('Amélie Tremblay', 'patient-partner', 'co-chair');
  const meeting = await first.meeting({ title: 'Rencontre de novembre', startsAt: '2026-11-20T18:00:00Z' });

  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 1000 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(hub.ownerToken));
  const section = page.getByRole('region', { name: 'Backups' });
  await expect(section).toBeVisible();
  await expect(section.getByText('No backup yet.')).toBeVisible();

  // Back up now, from the keyboard.
  await section.getByRole('button', { name: 'Back up now' }).focus();
  await page.keyboard.press('Enter');
  await expect(section.getByRole('status')).toContainText('Backup made:');
  const rows = section.getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Made by hand');

  // Something changes after the backup.
  await hub.api('committees.create', { name: 'Comité de la recherche', area: 'research' });
  await page.reload();
  await expect(page.getByRole('link', { name: /Comité de la recherche/ })).toBeVisible();

  // A co-chair is writing the minutes of a meeting meanwhile; they may back up, not restore.
  const member = await browser.newContext({ locale: 'fr-CA' });
  const m = await member.newPage();
  await m.goto(hub.joinLink(coChairToken, `/meetings/${meeting.id}`));
  await expect(m.getByTestId('connection')).toContainText('En direct');
  const memberHome = await member.newPage();
  await memberHome.goto(hub.url);
  await expect(memberHome.getByRole('region', { name: 'Sauvegardes' })).toBeVisible();
  await expect(memberHome.getByRole('button', { name: /^Restaurer/ })).toHaveCount(0);
  await memberHome.close();

  // Restore: a confirmation that says what it does; the focus starts on Cancel.
  await section.getByRole('button', { name: /^Restore the backup of/ }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('will be replaced by this backup');
  await expect(dialog).toContainText('A copy of the data as it is now is made first');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('backups-restore-confirm.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole('status')).toContainText('was restored');

  // Back as it was: the committee created after the backup is gone; the state before is kept.
  await expect(page.getByRole('link', { name: /Comité des usagers/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Comité de la recherche/ })).toHaveCount(0);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('Before a restore');
  await expect(rows.nth(2)).toContainText('Made by hand');
  await page.screenshot({ path: testInfo.outputPath('backups-restored-en.png'), fullPage: true });

  // The member in the meeting is told, and offered a reload that brings the host's copy.
  await expect(m.getByTestId('connection')).toContainText('L’hôte a restauré une sauvegarde');
  await m.screenshot({ path: testInfo.outputPath('backups-member-restored-fr.png'), fullPage: true });
  await m.getByRole('button', { name: 'Recharger' }).click();
  await expect(m.getByTestId('connection')).toContainText('En direct');

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('region', { name: 'Sauvegardes' })).toContainText('Avant une restauration');
  await page.screenshot({ path: testInfo.outputPath('backups-fr.png'), fullPage: true });
  await context.close();
  await member.close();
});
