import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { HubProcess, type Added } from './hub';
import { dateField, fillDate } from './dates';

let hub: HubProcess;
let committeeId: string;
let meetingId: string;
let chair: Added;
let partner: Added;
let secretary: Added;

const TITLE = 'Ouvrir la salle d’attente en soirée';
/** A day well before today: an action due then is overdue. */
const PAST_DAY = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-decisions');
  await hub.start(0);
  const committee = await hub.committee({
    name: 'Comité des usagers de l’urgence',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil à l’urgence.',
  });
  committeeId = committee.id;
  chair = await committee.add('Karim Haddad', 'professional', 'co-chair');
  partner = await committee.add('Amélie Tremblay', 'patient-partner', 'member');
  secretary = await committee.add('Sophie Gagnon', 'staff', 'secretary');
  const louis = await committee.add('Louis Bélanger', 'caregiver-partner', 'member');
  const meeting = await committee.meeting({
    title: 'Rencontre de novembre',
    startsAt: '2026-11-18T18:00:00Z',
    place: 'Salle 2.14',
  });
  meetingId = meeting.id;
  await hub.api('agenda.add', { meetingId, title: 'Mot de bienvenue', purpose: 'information' }, chair.token);
  await hub.api(
    'agenda.add',
    { meetingId, title: 'Heures de la salle d’attente', purpose: 'decision', plannedMinutes: 20 },
    chair.token,
  );
  // Three members attend (one remotely); Louis is absent.
  for (const [who, status] of [
    [chair, 'present'],
    [partner, 'remote'],
    [secretary, 'present'],
    [louis, 'absent'],
  ] as const) {
    await hub.api('attendance.set', { meetingId, memberId: who.member.id, status });
  }
  // Another decision, without the searched word, so that the search has something to leave out.
  await hub.api(
    'decisions.draft',
    {
      meetingId,
      title: 'Traduire les affiches',
      text: 'Les affiches de l’accueil seront aussi en anglais.',
      mode: 'consensus',
    },
    chair.token,
  );
});

test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

async function open(browser: Browser, who: Added, to: string, heading: string, locale = 'fr-CA') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(who.token, to));
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  return page;
}

async function openDecisions(browser: Browser, who: Added): Promise<Page> {
  const page = await open(browser, who, `/meetings/${meetingId}`, 'Rencontre de novembre');
  await expect(page.getByTestId('connection')).toHaveText(/En direct|Live/);
  await page.getByRole('tab', { name: 'Décisions' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Décisions' })).toBeVisible();
  return page;
}

const decisionIn = (page: Page, title = TITLE) => page.getByTestId('decision').filter({ hasText: title });

test('a partner drafts a decision, the secretary records the vote and the influence, the co-chair adopts it, and an overdue action stands out', async ({
  browser,
}, testInfo) => {
  const a = await openDecisions(browser, partner);
  const s = await openDecisions(browser, secretary);
  const k = await openDecisions(browser, chair);

  // The patient partner drafts a decision under the agenda item it belongs to.
  const item = a.getByRole('region', { name: 'Heures de la salle d’attente' });
  await expect(item).toContainText('Aucune décision sous ce point pour l’instant.');
  await item.getByRole('button', { name: 'Rédiger une décision — Heures de la salle d’attente' }).click();
  const form = item.getByRole('group', { name: 'Nouvelle décision — Heures de la salle d’attente' });
  await form.getByLabel('Titre').fill(TITLE);
  await form
    .getByLabel('Ce qui est décidé')
    .fill(
      'La salle d’attente reste ouverte jusqu’à 21 h, par équité pour les personnes qui travaillent le jour.',
    );
  await form
    .getByLabel('Justification')
    .fill('Les partenaires ont rapporté de longues attentes à l’extérieur le soir.');
  await form.getByRole('radio', { name: 'Vote', exact: true }).check();
  await form.getByRole('button', { name: 'Rédiger la décision' }).click();
  await expect(item).toContainText(`Décision « ${TITLE} » rédigée.`);

  // Everyone sees it live, under its item, with its proposer.
  const ds = decisionIn(s);
  await expect(ds).toContainText('Proposée par Amélie Tremblay');
  await expect(ds.getByTestId('decision-status')).toHaveText(/Proposée/);
  await expect(
    s.getByRole('region', { name: 'Heures de la salle d’attente' }).getByTestId('decision'),
  ).toContainText(TITLE);
  // The partner may not record the outcome; she is told who does.
  await expect(decisionIn(a)).toContainText('La coprésidence consigne le résultat.');
  await expect(decisionIn(a).getByRole('button', { name: /^Adopter/ })).toHaveCount(0);

  // The secretary records a vote: more votes than members present is refused, plainly.
  const vote = ds.getByRole('form', { name: 'Vote' });
  await expect(vote).toContainText('3 membres présents (sur place ou à distance) peuvent voter.');
  await vote.getByLabel('Pour', { exact: true }).fill('5');
  await vote.getByRole('button', { name: 'Enregistrer le vote' }).click();
  await expect(vote.getByRole('alert')).toContainText('Le vote n’a pas été enregistré');
  await expect(vote.getByRole('alert')).toContainText(
    'Plus de votes (5) que de membres inscrits comme présents (3).',
  );
  await expect(vote.getByLabel('Pour', { exact: true })).toHaveValue('5');
  await expect(decisionIn(k)).toContainText('Aucun vote enregistré pour l’instant.');

  // A named vote instead: one ballot per member present (Louis is absent, so he has none).
  await vote.getByRole('radio', { name: 'Vote nominal : le vote de chaque membre' }).check();
  await expect(vote.getByLabel('Vote — Louis Bélanger')).toHaveCount(0);
  await vote.getByLabel('Vote — Karim Haddad').selectOption('for');
  await vote.getByLabel('Vote — Amélie Tremblay').selectOption('for');
  await vote.getByLabel('Vote — Sophie Gagnon').selectOption('abstain');
  await vote.getByRole('button', { name: 'Enregistrer le vote' }).click();
  await expect(vote.getByRole('status')).toHaveText('Vote enregistré.');
  await expect(vote.getByRole('alert')).toHaveCount(0);
  await expect(decisionIn(k).getByTestId('vote-summary')).toContainText('Pour 2 · Contre 0 · Abstention 1');
  await expect(decisionIn(k).getByTestId('vote-summary')).toContainText('vote nominal');

  // Who spoke to it, and one stated position.
  await ds.getByRole('button', { name: 'Amélie Tremblay', exact: true }).click();
  await expect(ds.getByRole('button', { name: 'Amélie Tremblay', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(decisionIn(k).getByRole('button', { name: 'Amélie Tremblay', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await ds.getByText('Positions exprimées (facultatif)').click();
  const positions = ds.locator('details.dc-positions');
  await positions.getByLabel('Amélie Tremblay').fill('Pour, si l’accueil est assuré en soirée.');
  await positions.getByRole('button', { name: 'Enregistrer les positions' }).click();
  await expect(ds).toContainText('Positions enregistrées.');

  // The partners' influence: "Shaped", with its evidence, in two gestures.
  const influence = ds.getByRole('group', { name: 'Influence des partenaires' });
  for (const level of ['Aucune', 'Informée', 'Façonnée', 'Codécidée']) {
    await expect(influence.getByRole('radio', { name: new RegExp(`^${level}`) })).toBeVisible();
  }
  await influence.getByRole('radio', { name: /^Façonnée/ }).check();
  await expect(influence.getByRole('status')).toHaveText('Influence des partenaires enregistrée : Façonnée.');
  await influence
    .getByLabel('Preuve : ce qui a changé grâce à l’apport des partenaires')
    .fill('Les heures de soirée ont été ajoutées à la demande des partenaires.');
  await influence.getByRole('button', { name: 'Enregistrer la preuve' }).click();
  const influenceK = decisionIn(k).getByRole('group', { name: 'Influence des partenaires' });
  await expect(influenceK.getByRole('radio', { name: /^Façonnée/ })).toBeChecked();
  await expect(
    influenceK.getByLabel('Preuve : ce qui a changé grâce à l’apport des partenaires'),
  ).toHaveValue('Les heures de soirée ont été ajoutées à la demande des partenaires.');
  await s.screenshot({ path: testInfo.outputPath('decisions-draft-fr.png'), fullPage: true });

  // The co-chair adopts it, after a confirmation: it enters the register and is read-only here.
  await decisionIn(k)
    .getByRole('button', { name: `Adopter — ${TITLE}` })
    .click();
  const confirm = k.getByRole('alertdialog', { name: `Adopter « ${TITLE} » ?` });
  await expect(confirm).toContainText('tout changement ultérieur sera une modification consignée');
  await k.screenshot({ path: testInfo.outputPath('adopt-dialog-fr.png') });
  await confirm.getByRole('button', { name: 'Adopter et inscrire au registre' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(decisionIn(k)).toContainText(`« ${TITLE} » : Adoptée, entrée nº 1 du registre.`);
  for (const p of [a, s, k]) {
    const d = decisionIn(p);
    await expect(d.getByTestId('decision-status')).toHaveText(/Adoptée/);
    await expect(d.getByTestId('log-entry')).toHaveText('Entrée nº 1 du registre');
    await expect(d).toContainText('Cette décision est inscrite au registre');
    await expect(d.getByRole('radio')).toHaveCount(0);
    await expect(d.getByRole('button', { name: `Modifier « ${TITLE} »` })).toHaveCount(0);
    await expect(d.getByRole('form', { name: 'Vote' })).toHaveCount(0);
  }
  await expect(decisionIn(a)).toContainText('Façonnée');
  await expect(decisionIn(a)).toContainText('Preuve : Les heures de soirée ont été ajoutées');
  await expect(decisionIn(a)).toContainText('Sont intervenus : Amélie Tremblay');

  // A follow-up action with an owner and a past due date: it stands out as overdue, in words.
  await decisionIn(s)
    .getByRole('button', { name: `Ajouter un suivi à « ${TITLE} »` })
    .click();
  const actionForm = decisionIn(s).getByRole('group', { name: `Ajouter un suivi à « ${TITLE} »` });
  await actionForm.getByLabel('Ce qu’il faut faire').fill('Afficher les nouvelles heures à l’entrée');
  await actionForm.getByLabel('Responsable').selectOption({ label: 'Louis Bélanger' });
  await fillDate(dateField(actionForm, 'Échéance'), PAST_DAY);
  await actionForm.getByRole('button', { name: 'Ajouter le suivi' }).click();
  const action = decisionIn(k).getByTestId('action').filter({ hasText: 'Afficher les nouvelles heures' });
  await expect(action).toContainText('Responsable : Louis Bélanger');
  await expect(action).toContainText('En retard');
  await expect(action).toHaveAttribute('data-overdue', 'true');
  // Its status changes for everyone; still overdue while it is in progress.
  await decisionIn(s)
    .getByLabel('État de « Afficher les nouvelles heures à l’entrée »')
    .selectOption('in-progress');
  await expect(action.getByLabel('État de « Afficher les nouvelles heures à l’entrée »')).toHaveValue(
    'in-progress',
  );
  await expect(action).toContainText('En retard');
  // A meeting-wide action, without a decision or a due date.
  await k.getByRole('button', { name: 'Ajouter un suivi', exact: true }).click();
  const meetingActions = k.getByRole('region', { name: 'Suivis de la rencontre' });
  await meetingActions.getByLabel('Ce qu’il faut faire').fill('Inviter le service de sécurité');
  await meetingActions.getByRole('button', { name: 'Ajouter le suivi' }).click();
  await expect(meetingActions.getByTestId('action')).toContainText('Sans échéance');
  await expect(meetingActions.getByTestId('action')).not.toContainText('En retard');

  await k.screenshot({ path: testInfo.outputPath('decisions-fr.png'), fullPage: true });
  await k.getByRole('button', { name: 'English' }).click();
  await expect(k.getByRole('tab', { name: 'Decisions' })).toBeVisible();
  await expect(decisionIn(k).getByTestId('log-entry')).toHaveText('Entry no. 1 in the register');
  await expect(action).toContainText('Overdue');
  await k.screenshot({ path: testInfo.outputPath('decisions-en.png'), fullPage: true });
  for (const p of [a, s, k]) await p.context().close();
});

test('the register finds the decision without its accents, the log is intact, a co-chair amends it with a reason', async ({
  browser,
}, testInfo) => {
  const k = await open(browser, chair, `/committees/${committeeId}`, 'Comité des usagers de l’urgence');
  await k.getByRole('link', { name: 'Registre des décisions' }).click();
  await expect(k.getByRole('heading', { level: 1, name: 'Registre des décisions' })).toBeVisible();
  await expect(k.getByTestId('register-total')).toHaveText('2 décisions');

  // Searching a word typed without its accent ("equite") finds "équité"; the hint says so.
  await expect(k.getByText(/Les accents sont ignorés/)).toBeVisible();
  await k.getByLabel('Rechercher').fill('equite');
  await expect(k.getByTestId('register-total')).toHaveText('1 décision');
  await expect(k.getByTestId('register-decision')).toHaveCount(1);
  const found = k.getByTestId('register-decision').filter({ hasText: TITLE });
  await expect(found).toContainText(TITLE);
  await expect(found).toContainText('Adoptée');
  await expect(found).toContainText('Rencontre de novembre');
  await expect(found).toContainText('Pour 2 · Contre 0 · Abstention 1');
  await expect(found).toContainText('Façonnée');
  await expect(found).toContainText('Les heures de soirée ont été ajoutées à la demande des partenaires.');
  await expect(found).toContainText('Amélie Tremblay');
  // The register, as filtered, exports as a CSV file for Excel.
  const download = k.waitForEvent('download');
  await k.getByRole('button', { name: /CSV \(Excel\)/ }).click();
  const csv = await download;
  expect(csv.suggestedFilename()).toMatch(/Registre des décisions\.csv$/);
  const bytes = await readFile((await csv.path())!);
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(bytes.toString('utf8')).toContain(TITLE);
  // Filters: by influence, then nothing matches a status no decision has.
  await k.getByLabel('Rechercher').fill('');
  await k.getByLabel('Influence des partenaires').selectOption('shaped');
  await expect(k.getByTestId('register-total')).toHaveText('1 décision');
  await k.getByLabel('Statut').selectOption('rescinded');
  await expect(k.getByText('Aucune décision ne correspond à ces filtres.')).toBeVisible();
  await k.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect(k.getByTestId('register-total')).toHaveText('2 décisions');

  // The integrity check.
  await k.getByRole('button', { name: 'Vérifier l’intégrité du journal' }).click();
  await expect(k.getByTestId('verify-result')).toContainText('Le journal est intact : 1 entrée vérifiée.');

  // The actions tracker, across meetings: the overdue one first, in words.
  const tracker = k.getByRole('region', { name: 'Suivi des actions' });
  await expect(tracker.getByTestId('action').first()).toContainText('Afficher les nouvelles heures');
  await expect(tracker.getByTestId('action').first()).toContainText('En retard');
  await expect(tracker.getByTestId('overdue-count')).toContainText('1 suivi en retard');
  await tracker.getByLabel('Responsable', { exact: true }).selectOption({ label: 'Louis Bélanger' });
  await expect(tracker.getByTestId('action')).toHaveCount(1);
  await tracker.getByLabel('Responsable', { exact: true }).selectOption({ label: 'Tout le monde' });
  await expect(tracker.getByTestId('action')).toHaveCount(2);

  await k.screenshot({ path: testInfo.outputPath('register-fr.png'), fullPage: true });

  // A co-chair amends the logged decision: the reason is required; the amendment is a new entry.
  const log = k.getByTestId('log');
  await expect(log.getByTestId('log-entry')).toHaveCount(1);
  await expect(log.getByTestId('log-entry')).toContainText('Adoption');
  await expect(log.getByTestId('log-entry')).toContainText('par Karim Haddad');
  await log.getByRole('button', { name: `Modifier « ${TITLE} »` }).click();
  const dialog = k.getByRole('dialog', { name: `Modifier « ${TITLE} »` });
  await dialog
    .getByLabel('Ce qui est décidé')
    .fill(
      'La salle d’attente reste ouverte jusqu’à 20 h 30, par équité pour les personnes qui travaillent le jour.',
    );
  await dialog.getByRole('button', { name: 'Consigner la modification' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Écrivez le motif : il est conservé au journal.');
  await k.screenshot({ path: testInfo.outputPath('amend-dialog-fr.png') });
  await dialog
    .getByLabel('Motif (obligatoire)')
    .fill('Heure de fermeture corrigée après l’avis du service de sécurité.');
  await dialog.getByRole('button', { name: 'Consigner la modification' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(log.getByTestId('log-entry')).toHaveCount(2);
  // The newest entry first.
  const amendment = log.getByTestId('log-entry').first();
  await expect(amendment).toContainText('Entrée nº 2');
  await expect(amendment).toContainText('Modification');
  await expect(amendment).toContainText('Modifie l’entrée nº 1');
  await expect(amendment).toContainText('Motif : Heure de fermeture corrigée');
  await expect(log.getByTestId('log-entry').nth(1)).toContainText('Changée par l’entrée nº 2');
  await expect(amendment).toBeFocused();
  await expect(found).toContainText('Modifiée');
  await expect(found).toContainText('20 h 30');
  // The amended entry no longer offers changes; the amendment does.
  await expect(
    log
      .getByTestId('log-entry')
      .nth(1)
      .getByRole('button', { name: /^Modifier/ }),
  ).toHaveCount(0);
  await k.getByRole('button', { name: 'Vérifier l’intégrité du journal' }).click();
  await expect(k.getByTestId('verify-result')).toContainText('Le journal est intact : 2 entrées vérifiées.');

  // A member who is not a co-chair reads the log but cannot change it.
  const a = await open(browser, partner, `/committees/${committeeId}/decisions`, 'Registre des décisions');
  await expect(a.getByTestId('log').getByTestId('log-entry')).toHaveCount(2);
  await expect(a.getByTestId('log').getByRole('button', { name: /^(Modifier|Abroger)/ })).toHaveCount(0);

  await k.screenshot({ path: testInfo.outputPath('register-amended-fr.png'), fullPage: true });
  await k.getByRole('button', { name: 'English' }).click();
  await expect(k.getByRole('heading', { level: 1, name: 'Decision register' })).toBeVisible();
  await expect(k.getByTestId('verify-result')).toContainText('The log is intact: 2 entries checked.');
  await expect(k.getByText(/Accents are ignored/)).toBeVisible();
  await k.screenshot({ path: testInfo.outputPath('register-en.png'), fullPage: true });
  for (const p of [a, k]) await p.context().close();
});

test('a long log opens with its newest entries, and older ones come on request, from the keyboard', async ({
  browser,
}) => {
  // 55 more decisions in the log (57 entries in all, with the two above).
  for (let i = 1; i <= 55; i++) {
    const d = await hub.api<{ id: string }>(
      'decisions.draft',
      { meetingId, title: `Décision de suivi ${i}`, text: `Texte ${i}.`, mode: 'consensus' },
      chair.token,
    );
    await hub.api('decisions.decide', { meetingId, decisionId: d.id, outcome: 'adopted' }, chair.token);
  }
  const a = await open(browser, partner, `/committees/${committeeId}/decisions`, 'Registre des décisions');
  const log = a.getByTestId('log');
  await expect(log.getByTestId('log-entry')).toHaveCount(50);
  await expect(log.getByTestId('log-entry').first()).toContainText('Entrée nº 57');
  await expect(log.getByTestId('log-entry').first()).toContainText('Décision de suivi 55');
  await expect(a.getByTestId('log-shown')).toHaveText('50 entrées affichées, les plus récentes sur 57.');

  const older = a.getByRole('button', { name: 'Afficher 7 entrées plus anciennes' });
  await older.focus();
  await a.keyboard.press('Enter');
  await expect(log.getByTestId('log-entry')).toHaveCount(57);
  // Each entry once, from no. 57 down to no. 1.
  const numbers = (await log.locator('.reg-seq').allTextContents()).map((x) => Number(x.replace(/\D/g, '')));
  expect(numbers).toEqual(Array.from({ length: 57 }, (_, i) => 57 - i));
  // Focus moves to the first of the older entries; there are no more.
  await expect(log.getByTestId('log-entry').nth(50)).toBeFocused();
  await expect(log.getByTestId('log-entry').nth(50)).toContainText('Entrée nº 7');
  await expect(a.getByRole('button', { name: /plus ancienne/ })).toHaveCount(0);
  await expect(a.getByTestId('log-shown')).toHaveText('57 entrées affichées, les plus récentes sur 57.');
  await a.context().close();
});
