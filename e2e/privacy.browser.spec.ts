/**
 * A person's data in the browser: a co-chair downloads a partner's data, erases them after typing
 * their name, and the committee records a privacy incident and its follow-up.
 */
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { HubProcess } from './hub';
import { dateField, fillDate } from './dates';

let hub: HubProcess;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-privacy');
  await hub.start(0);
});
test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

const NAME = 'Éloïse Tremblay';

test('a co-chair downloads a partner’s data, erases them, and records a privacy incident', async ({
  browser,
}, testInfo) => {
  const committee = await hub.committee({
    name: 'Patient and family advisory committee',
    area: 'governance',
    language: 'en',
  });
  const chair = await committee.add('Amina Chair', 'professional', 'co-chair');
  const partner = await committee.add(NAME, 'patient-partner', 'member', 'partnership', {
    consents: { named: true, contact: false },
  });
  const meeting = await committee.meeting({ title: 'November meeting', startsAt: '2026-11-20T18:00:00Z' });
  await hub.api('agenda.add', { meetingId: meeting.id, title: 'Families at night' }, partner.token);
  const d = await hub.api<{ id: string }>(
    'decisions.draft',
    { meetingId: meeting.id, title: `${NAME}'s proposal`, text: `On ${NAME}'s proposal, families may stay.` },
    partner.token,
  );
  await hub.api(
    'decisions.decide',
    { meetingId: meeting.id, decisionId: d.id, outcome: 'adopted' },
    chair.token,
  );

  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(chair.token, `/committees/${committee.id}`));
  const card = page.locator(`[data-member="${partner.member.id}"]`);
  await expect(card).toContainText(NAME);

  // Download their data: a ZIP with a page to read and the JSON.
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: `Download their data ${NAME}` }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.zip$/);
  const zip = unzipSync(new Uint8Array(await readFile((await file.path())!)));
  const data = JSON.parse(strFromU8(zip['data.json']!)) as {
    profile: { name: string };
    agendaItems: { title: string }[];
    decisions: { title: string; proposed: boolean }[];
  };
  expect(data.profile.name).toBe(NAME);
  expect(data.agendaItems.map((i) => i.title)).toEqual(['Families at night']);
  expect(data.decisions).toMatchObject([{ title: `${NAME}'s proposal`, proposed: true }]);
  expect(strFromU8(zip['data.html']!)).toContain(`Your personal information — ${NAME}`);
  await expect(page.getByText(`The data of ${NAME} is downloaded`)).toBeVisible();

  // Erase: the button stays off until their name is typed.
  await card.getByRole('button', { name: `Erase… ${NAME}` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Erase ${NAME}?` });
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Erase for good' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`To confirm, type their name: ${NAME}`).fill('Éloïse');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`To confirm, type their name: ${NAME}`).fill(NAME);
  await page.screenshot({ path: testInfo.outputPath('privacy-erase-dialog.png') });
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText('Erased: this person now appears as “Former member 1” everywhere.'),
  ).toBeVisible();
  const left = page.getByTestId('members-left');
  await expect(left).toContainText('Former member 1');
  await expect(page.getByTestId('members')).not.toContainText(NAME);
  await expect(page.locator('body')).not.toContainText(NAME);
  // The log still verifies, with the erasure in it.
  expect(await hub.api('decisions.verify', { committeeId: committee.id })).toEqual({
    ok: true,
    entries: 2,
    firstBroken: null,
  });

  // Retention: kept for good.
  await expect(page.getByTestId('retention-summary')).toContainText('erased 7 years after they leave');
  await page.getByLabel('When to erase a former member').selectOption('forever');
  await page.getByRole('button', { name: 'Save the retention rule' }).click();
  await expect(page.getByTestId('retention-summary')).toContainText(
    'kept for as long as the committee exists',
  );

  // A privacy incident, then its follow-up.
  await fillDate(dateField(page, 'Discovered on'), '2026-11-18');
  await page.getByLabel('What happened').fill('The minutes were emailed to a wrong address.');
  await page.getByLabel('People concerned').fill('3 patient partners');
  await page.getByLabel('Risk of serious injury').selectOption('low');
  await page
    .getByLabel('Measures taken')
    .fill('The recipient deleted them; the mailing list is checked before each send.');
  await page.getByRole('button', { name: 'Record in the register' }).click();
  const incidents = page.getByTestId('incidents');
  await expect(incidents).toContainText('Incident no. 1');
  await expect(page.getByText('Incident no. 1 is recorded.')).toBeVisible();
  await page.getByLabel('Follows up').selectOption('1');
  await fillDate(dateField(page, 'Discovered on'), '2026-11-18');
  await page.getByLabel('What happened').fill('The persons concerned were told.');
  await fillDate(dateField(page, 'Persons concerned notified on'), '2026-11-19');
  await page.getByRole('button', { name: 'Record in the register' }).click();
  await expect(incidents).toContainText('Follow-up of incident no. 1');
  await page.screenshot({ path: testInfo.outputPath('privacy-committee.png'), fullPage: true });
  await context.close();
});
