import { expect, test, type Browser, type Page } from '@playwright/test';
import { HubProcess, type Added } from './hub';

let hub: HubProcess;
let meetingId: string;
let chair: Added;
let partner: Added;
let secretary: Added;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-789');
  await hub.start(0);
  const committee = await hub.committee({
    name: 'Comité de partenariat',
    area: 'care-and-services',
    mandate: 'Améliorer l’expérience des usagers à l’urgence.',
  });
  chair = await committee.add('Karim Haddad', 'professional', 'co-chair');
  partner = await committee.add('Amélie Tremblay', 'patient-partner', 'member');
  secretary = await committee.add('Sophie Gagnon', 'staff', 'secretary');
  await committee.add('Louis Bélanger', 'caregiver-partner', 'member');
  const meeting = await committee.meeting({
    title: 'Rencontre de décembre',
    startsAt: '2026-12-03T18:00:00Z',
    place: 'Salle 2.14',
  });
  meetingId = meeting.id;
  for (const [title, plannedMinutes] of [
    ['Mot de bienvenue', 0],
    ['Bilan du projet de signalisation', 20],
  ] as const) {
    await hub.api('agenda.add', { meetingId, title, plannedMinutes, purpose: 'information' }, chair.token);
  }
});

test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

async function open(browser: Browser, who: Added, locale = 'fr-CA'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(who.token, `/meetings/${meetingId}`));
  await expect(page.getByRole('heading', { name: 'Rencontre de décembre' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText(/En direct|Live/);
  return page;
}

const agendaTitles = (page: Page) => page.getByTestId('agenda').locator('.agenda-title');

test('a partner proposes an item, a co-chair reorders it and runs the meeting, the partner speaks and the time is recorded', async ({
  browser,
}, testInfo) => {
  const k = await open(browser, chair);
  const a = await open(browser, partner);

  // The patient partner proposes an item; everyone sees it, with its proposer recorded.
  await a.getByRole('heading', { name: 'Proposer un point' }).click();
  const form = a.locator('form.item-form').last();
  await form.getByLabel('Titre').fill('Accessibilité des salles d’attente');
  await form.getByLabel('Objet').selectOption('deliberation');
  await form.getByLabel('Engagement recherché des partenaires').selectOption('collaboration');
  await form.getByLabel('Minutes prévues').fill('15');
  await form.getByRole('button', { name: 'Proposer un point' }).click();
  await expect(agendaTitles(k)).toHaveText([
    'Mot de bienvenue',
    'Bilan du projet de signalisation',
    'Accessibilité des salles d’attente',
  ]);
  const proposed = k.getByTestId('agenda').locator('li', { hasText: 'Accessibilité des salles d’attente' });
  await expect(proposed).toContainText('Proposé par Amélie Tremblay');
  await expect(proposed).toContainText('Délibération');

  // Bad input is refused clearly — by the form, then by the hub — and what was typed stays.
  await form.getByLabel('Minutes prévues').fill('-5');
  await form.getByLabel('Titre').fill('Point sans durée');
  await form.getByRole('button', { name: 'Proposer un point' }).click();
  expect(
    await form
      .getByLabel('Minutes prévues')
      .evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid),
  ).toBe(false);
  await form.getByLabel('Minutes prévues').fill('5');
  await form.getByLabel('Titre').fill('   ');
  await form.getByRole('button', { name: 'Proposer un point' }).click();
  await expect(form.getByRole('alert')).toHaveText('Remplissez le titre : c’est obligatoire.');
  await expect(form.getByLabel('Minutes prévues')).toHaveValue('5');
  await expect(agendaTitles(a)).toHaveCount(3);

  // The co-chair moves it up with the keyboard, then with a button: the partner sees the new order.
  await proposed.focus();
  await k.keyboard.press('Alt+ArrowUp');
  await expect(agendaTitles(a).nth(1)).toHaveText('Accessibilité des salles d’attente');
  await k.getByRole('button', { name: 'Monter : Accessibilité des salles d’attente' }).click();
  await expect(agendaTitles(a)).toHaveText([
    'Accessibilité des salles d’attente',
    'Mot de bienvenue',
    'Bilan du projet de signalisation',
  ]);
  // And by drag and drop, back below the welcome.
  await proposed.dragTo(k.getByTestId('agenda').locator('li', { hasText: 'Mot de bienvenue' }));
  await expect(agendaTitles(a)).toHaveText([
    'Mot de bienvenue',
    'Accessibilité des salles d’attente',
    'Bilan du projet de signalisation',
  ]);
  await k.screenshot({ path: testInfo.outputPath('agenda-fr.png'), fullPage: true });

  // The partner cannot run the meeting; the co-chair starts it.
  await expect(a.getByRole('button', { name: 'Commencer la rencontre' })).toHaveCount(0);
  await k.getByRole('button', { name: 'Commencer la rencontre' }).click();
  await expect(a.getByTestId('meeting-status')).toHaveText('En cours');
  await k.getByRole('button', { name: 'Commencer par le premier point' }).click();
  await expect(a.getByTestId('current-item')).toContainText('Mot de bienvenue');
  // Planned for 0 minutes: the overrun is shown plainly, in words.
  await expect(k.getByTestId('timer')).toContainText('Dépassement de');
  await k.getByRole('button', { name: /Point suivant/ }).click();
  await expect(a.getByTestId('current-item')).toContainText('Accessibilité des salles d’attente');
  await expect(a.getByTestId('agenda').locator('li', { hasText: 'Mot de bienvenue' })).toContainText(
    'Traité',
  );

  // The partner raises a hand; the co-chair sees it and gives the floor.
  await a.getByRole('button', { name: 'Lever la main' }).click();
  await expect(k.getByTestId('queue')).toContainText('Amélie Tremblay');
  await k.getByRole('button', { name: 'Donner la parole à Amélie Tremblay' }).click();
  await expect(a.getByTestId('floor')).toContainText('Amélie Tremblay — A la parole');
  await expect(a.getByTestId('queue')).toHaveCount(0);
  await expect(a.getByTestId('floor')).toContainText('(0:02)', { timeout: 5000 });
  await a.screenshot({ path: testInfo.outputPath('run-partner-fr.png'), fullPage: true });
  await k.screenshot({ path: testInfo.outputPath('run-fr.png'), fullPage: true });
  await k.getByRole('button', { name: 'Terminer l’intervention' }).click();
  await expect(a.getByTestId('floor')).toContainText('Personne n’a la parole.');

  // The speaking time is recorded for her, as an attributed turn.
  await expect(a.getByTestId('spoken')).toContainText('Amélie Tremblay');
  const { turns } = await hub.api<{ turns: { memberId: string; seconds: number }[] }>('speaking.list', {
    meetingId,
  });
  expect(turns).toHaveLength(1);
  expect(turns[0]!.memberId).toBe(partner.member.id);
  expect(turns[0]!.seconds).toBeGreaterThanOrEqual(2);

  // The same screens in English.
  await k.getByRole('button', { name: 'English' }).click();
  await expect(k.getByRole('heading', { name: 'Running the meeting' })).toBeVisible();
  await k.screenshot({ path: testInfo.outputPath('run-en.png'), fullPage: true });
  for (const p of [k, a]) await p.context().close();
});

test('the secretary takes attendance and everyone sees the quorum', async ({ browser }, testInfo) => {
  const s = await open(browser, secretary, 'en-CA');
  const a = await open(browser, partner);
  await s.getByRole('tab', { name: 'Attendance' }).click();
  await expect(s.getByTestId('quorum')).toContainText('No quorum yet: 0 of 4');
  await s.getByLabel('Attendance of Karim Haddad').selectOption('present');
  await s.getByLabel('Attendance of Amélie Tremblay').selectOption('remote');
  await expect(a.getByTestId('quorum')).toContainText(
    'Pas encore de quorum : 2 présents sur 4 membres votants',
  );
  await s.getByLabel('Attendance of Sophie Gagnon').selectOption('present');
  await expect(a.getByTestId('quorum')).toContainText('Quorum atteint : 3 présents sur 4 membres votants');
  await s.screenshot({ path: testInfo.outputPath('attendance-en.png'), fullPage: true });
  // The partner sees attendance but cannot change it.
  await a.getByRole('tab', { name: 'Présences' }).click();
  await expect(a.getByLabel('Présence de Karim Haddad')).toHaveCount(0);
  await expect(a.getByTestId('attendance')).toContainText('À distance');
  await a.screenshot({ path: testInfo.outputPath('attendance-fr.png'), fullPage: true });
  for (const p of [s, a]) await p.context().close();
});
