import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { HubProcess, type Added } from './hub';
import { dateField, fillDate, shownDate } from './dates';

let hub: HubProcess;
let committeeId: string;
let coChair: Added;
let plainMember: Added;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-789');
  await hub.start(0);
  const committee = await hub.committee({
    name: 'Comité des usagers et des partenaires',
    area: 'care-and-services',
    mandate: 'Conseille la direction sur la qualité des soins et des services.',
  });
  committeeId = committee.id;
  coChair = await committee.add('Claire Gagnon', 'manager', 'co-chair');
  await committee.add('Marc Ouellet', 'caregiver-partner', 'co-chair', 'partnership', {
    consents: { named: true, contact: true },
  });
  plainMember = await committee.add('Karim Haddad', 'professional', 'member', 'collaboration');
  const former = await committee.add('Sophie Lavoie', 'citizen', 'observer', 'information');
  await hub.api('members.leave', { id: former.member.id, endDate: '2025-12-01' });
});

test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

async function open(browser: Browser, token: string, locale: string, to = `/committees/${committeeId}`) {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(token, to));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return { context, page };
}

/** A member's card in the list of current members. */
const card = (page: Page, name: string): Locator =>
  page.getByTestId('members').getByRole('listitem').filter({ hasText: name });

/** The QR code image has been decoded (a real picture, not a broken image). */
async function expectQrCode(img: Locator) {
  await expect(img).toBeVisible();
  await expect(img).toHaveAttribute('src', /^data:image\/svg\+xml/);
  await expect
    .poll(() =>
      img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete ? image.naturalWidth : 0;
      }),
    )
    .toBeGreaterThan(0);
}

test('the host sets the quorum and language, adds a partner with a link and QR code, edits, revokes, and records a departure', async ({
  browser,
}, testInfo) => {
  const { context, page } = await open(browser, hub.ownerToken, 'en-US');

  // The committee's settings: the quorum rule and the language of the minutes, in plain words.
  const about = page.getByRole('region', { name: 'About the committee' });
  await expect(about).toContainText('More than half of the voting members must be there');
  await expect(about).toContainText('Français');
  await page.getByRole('button', { name: 'Change the settings' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.getByLabel('Name', { exact: true }).fill('  ');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Give the committee a name.');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.getByLabel('Name', { exact: true }).fill('Comité des usagers et des partenaires');
  await page.getByRole('radio', { name: 'A set number of voting members' }).check();
  await page.getByLabel('Number of members').fill('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // Refused before it is sent, with what was typed kept.
  await expect(page.getByRole('alert')).toHaveText(
    'The number of members must be a whole number from 1 to 1000.',
  );
  await expect(page.getByLabel('Number of members')).toHaveValue('0');
  await page.getByLabel('Number of members').fill('5');
  await page.getByRole('radio', { name: 'English' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'settings were saved' })).toBeVisible();
  await expect(about).toContainText('At least 5 voting members must be there, in person or remotely.');
  await expect(about).toContainText('English');
  await expect(page.getByRole('button', { name: 'Change the settings' })).toBeFocused();

  await page.getByRole('button', { name: 'Change the settings' }).click();
  await page.getByRole('radio', { name: 'A share of the voting members' }).check();
  await page.getByLabel('Share, in percent').fill('60');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(about).toContainText('At least 60% of the voting members must be there (rounded up)');
  const saved = await hub.api<{ quorum: unknown; language: string }>('committees.get', { id: committeeId });
  expect(saved.quorum).toEqual({ kind: 'share', value: 0.6 });
  expect(saved.language).toBe('en');

  // An error from the hub is shown, and nothing typed is lost: a third co-chair is refused.
  await page.getByLabel('Full name').fill('Amélie Tremblay');
  await page.getByLabel('Kind').selectOption('patient-partner');
  await page.getByLabel('Role', { exact: true }).selectOption('co-chair');
  await page.getByLabel('Engagement level').selectOption('partnership');
  await page.getByLabel('Their mandate').fill('Brings the experience of living with a chronic illness.');
  await fillDate(dateField(page, 'Start date'), '2026-01-15');
  await fillDate(dateField(page, 'End date'), '2027-01-14');
  await page.getByLabel('May be named in the minutes').check();
  await page.getByLabel('May be contacted between meetings').check();
  await page.getByRole('button', { name: 'Add a member' }).click();
  await expect(page.getByRole('alert')).toContainText('at most 2 co-chairs');
  await expect(page.getByLabel('Full name')).toHaveValue('Amélie Tremblay');
  await expect(page.getByLabel('Their mandate')).toHaveValue(
    'Brings the experience of living with a chronic illness.',
  );
  await expect.poll(() => shownDate(dateField(page, 'Start date'))).toBe('2026-01-15');
  await expect(page.getByLabel('May be named in the minutes')).toBeChecked();

  await page.getByLabel('Role', { exact: true }).selectOption('member');
  await page.getByRole('button', { name: 'Add a member' }).click();

  // The link, once per address, as text to copy and as a QR code.
  const invite = page.getByTestId('invite');
  await expect(invite.getByRole('heading', { name: 'Invitation for Amélie Tremblay' })).toBeFocused();
  const link = page.getByLabel('Invitation link for Amélie Tremblay');
  await expect(link).toHaveValue(new RegExp(`^${hub.url}/#token=`));
  const oldLink = await link.inputValue();
  await expectQrCode(invite.getByRole('img', { name: 'QR code for Amélie Tremblay’s invitation link' }));
  await expect(invite.getByRole('button', { name: 'Copy the link' })).toBeVisible();
  // The link stops working on the member's last day.
  await expect(invite).toContainText('The link works until January 14, 2027.');
  // The form is empty again for the next member.
  await expect(page.getByLabel('Full name')).toHaveValue('');

  const amelie = card(page, 'Amélie Tremblay');
  await expect(amelie).toContainText('Patient partner');
  await expect(amelie).toContainText('Member');
  await expect(amelie).toContainText('Engagement level: Partnership');
  await expect(amelie).toContainText('Mandate: Brings the experience of living with a chronic illness.');
  await expect(amelie).toContainText('From January 15, 2026 to January 14, 2027');
  await expect(amelie).toContainText('Agrees to be named in the minutes');
  await expect(amelie).toContainText('Agrees to be contacted between meetings');
  await expect(amelie).toContainText('Invitation link active');
  await page.screenshot({ path: testInfo.outputPath('members-en.png'), fullPage: true });

  // Edit the member, in a dialog.
  await amelie.getByRole('button', { name: 'Edit Amélie Tremblay' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Amélie Tremblay’s information' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Full name')).toHaveValue('Amélie Tremblay');
  await dialog.getByLabel('Engagement level').selectOption('collaboration');
  await dialog.getByLabel('Their mandate').fill('Brings the experience of a patient of the emergency room.');
  await dialog.getByLabel('May be contacted between meetings').uncheck();
  await page.screenshot({ path: testInfo.outputPath('members-edit-en.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Save the changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: 'Amélie Tremblay’s information was saved.' }),
  ).toBeVisible();
  await expect(amelie).toContainText('Engagement level: Collaboration');
  await expect(amelie).toContainText('emergency room');
  await expect(amelie).toContainText('Does not wish to be contacted between meetings');
  await expect(amelie.getByRole('button', { name: 'Edit Amélie Tremblay' })).toBeFocused();

  // Revoke the link: the card says so, and the old link no longer opens the app.
  await amelie.getByRole('button', { name: 'Revoke link Amélie Tremblay' }).click();
  await expect(amelie).toContainText('No active invitation link');
  await expect(amelie.getByRole('button', { name: /Revoke link/ })).toHaveCount(0);
  await expect(page.getByTestId('invite')).toHaveCount(0);
  const stranger = await browser.newContext({ locale: 'en-US' });
  const s = await stranger.newPage();
  await s.goto(oldLink);
  await expect(s.getByRole('alert')).toContainText('This invitation link is no longer valid');
  await stranger.close();

  // A new link, shown on her card, works.
  await amelie.getByRole('button', { name: 'New invitation link Amélie Tremblay' }).click();
  const newLink = amelie.getByLabel('Invitation link for Amélie Tremblay');
  await expect(newLink).toHaveValue(new RegExp(`^${hub.url}/#token=`));
  await expect(newLink).not.toHaveValue(oldLink);
  await expectQrCode(amelie.getByRole('img', { name: 'QR code for Amélie Tremblay’s invitation link' }));
  await expect(amelie).toContainText('Invitation link active');
  const partner = await browser.newContext({ locale: 'en-US' });
  const p = await partner.newPage();
  await p.goto(await newLink.inputValue());
  await expect(p.getByTestId('whoami')).toHaveText('Amélie Tremblay · Member');
  await partner.close();

  // She leaves the committee, after a confirmation, and is shown apart.
  await amelie.getByRole('button', { name: 'Record their departure Amélie Tremblay' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Amélie Tremblay leaves the committee' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(card(page, 'Amélie Tremblay')).toHaveCount(1);
  await amelie.getByRole('button', { name: 'Record their departure Amélie Tremblay' }).click();
  await fillDate(dateField(confirm, 'Date of departure'), '2026-03-01');
  await confirm.getByRole('button', { name: 'Confirm the departure' }).click();
  await expect(confirm).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: 'Amélie Tremblay has left the committee.' }),
  ).toBeVisible();
  await expect(card(page, 'Amélie Tremblay')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Members', exact: true })).toBeFocused();
  const left = page.getByTestId('members-left');
  await expect(page.getByRole('heading', { name: 'Left the committee' })).toBeVisible();
  await expect(left).toContainText('Amélie Tremblay');
  await expect(left).toContainText('Left on March 1, 2026');
  // Those who left keep only the actions on their personal information: no link, no edit.
  await expect(left.getByRole('button', { name: /edit|link|departure/i })).toHaveCount(0);
  await expect(left.getByRole('button', { name: 'Download their data Amélie Tremblay' })).toBeVisible();
  await expect(left.getByRole('button', { name: 'Erase… Amélie Tremblay' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('members-left-en.png'), fullPage: true });
  await context.close();
});

test('a co-chair sees the management actions; a plain member sees the committee read-only', async ({
  browser,
}, testInfo) => {
  const chair = await open(browser, coChair.token, 'en-US');
  await expect(chair.page.getByTestId('whoami')).toHaveText('Claire Gagnon · Co-chair');
  await expect(chair.page.getByRole('button', { name: 'Change the settings' })).toBeVisible();
  await expect(chair.page.getByRole('heading', { name: 'Add a member' })).toBeVisible();
  const karim = card(chair.page, 'Karim Haddad');
  await expect(karim.getByRole('button', { name: 'Edit Karim Haddad' })).toBeVisible();
  await expect(karim.getByRole('button', { name: 'New invitation link Karim Haddad' })).toBeVisible();
  await expect(karim.getByRole('button', { name: 'Revoke link Karim Haddad' })).toBeVisible();
  await expect(karim.getByRole('button', { name: 'Record their departure Karim Haddad' })).toBeVisible();
  // On her own card, nothing that would end her own session.
  const claire = card(chair.page, 'Claire Gagnon');
  await expect(claire.getByRole('button', { name: 'Edit Claire Gagnon' })).toBeVisible();
  await expect(
    claire.getByRole('button', { name: /New invitation link|Revoke link|Record their departure/ }),
  ).toHaveCount(0);
  await expect(claire).toContainText('This is you.');
  await chair.context.close();

  await hub.api('committees.update', {
    id: committeeId,
    quorum: { kind: 'share', value: 0.6 },
    language: 'en',
  });
  const member = await open(browser, plainMember.token, 'fr-CA');
  const page = member.page;
  await expect(page.getByTestId('whoami')).toHaveText('Karim Haddad · Membre');
  const about = page.getByRole('region', { name: 'À propos du comité' });
  await expect(about).toContainText('Au moins 60 % des membres votants doivent être présents');
  await expect(about).toContainText('English');
  await expect(page.getByTestId('members')).toContainText('Claire Gagnon');
  await expect(page.getByTestId('members')).toContainText('Accepte d’être nommé·e dans le compte rendu');
  await expect(page.getByTestId('members-left')).toContainText('Sophie Lavoie');
  await expect(page.getByTestId('members-left')).toContainText('A quitté le 1er décembre 2025');
  await expect(page.getByRole('button', { name: 'Modifier les paramètres' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Ajouter un membre' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Planifier une rencontre' })).toHaveCount(0);
  await expect(page.getByTestId('members').getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('members')).not.toContainText('Lien d’invitation');
  await page.screenshot({ path: testInfo.outputPath('members-readonly-fr.png'), fullPage: true });
  await member.context.close();
});

test('in French: the committee screen, a new partner’s invitation, and planning meetings from the last one', async ({
  browser,
}, testInfo) => {
  const committee = await hub.committee({
    name: 'Comité de coconstruction en santé mentale',
    area: 'governance',
    mandate:
      'Coconstruire avec les patients partenaires et les proches aidants les orientations du programme de santé mentale.',
    quorum: { kind: 'count', value: 3 },
  });
  for (const [name, kind, role, consents] of [
    ['Lucie Bergeron', 'patient-partner', 'co-chair', { named: true, contact: true }],
    ['Dre Nadia Roy', 'professional', 'co-chair', { named: true, contact: false }],
    ['Jean Côté', 'researcher', 'secretary', { named: false, contact: true }],
  ] as const) {
    await committee.add(name, kind, role, 'partnership', { startDate: '2025-09-01', consents });
  }
  const leaving = await committee.add('Sophie Lavoie', 'citizen', 'observer', 'information');
  await hub.api('members.leave', { id: leaving.member.id, endDate: '2026-02-10' });

  const { context, page } = await open(browser, hub.ownerToken, 'fr-CA', `/committees/${committee.id}`);
  await expect(page.getByRole('heading', { name: 'Membres', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'À propos du comité' })).toContainText(
    'Au moins 3 membres votants doivent être présents, sur place ou à distance.',
  );

  // Plan a first meeting, with a place and a video link; a bad link is refused, nothing is lost.
  await expect(page.getByLabel(/Partir de la dernière rencontre/)).toHaveCount(0);
  await page.getByLabel('Titre').fill('Rencontre de janvier');
  await fillDate(dateField(page, 'Date et heure'), '2027-01-20T18:00');
  await page.getByLabel('Lieu').fill('Salle 2.104, 1000 rue Sherbrooke Est, Montréal');
  await page.getByLabel('Lien de visioconférence').fill('visio.example.org/comite');
  await page.getByRole('button', { name: 'Créer' }).click();
  await expect(page.getByRole('alert')).toHaveText('Vérifiez le lien vidéo : ce n’est pas valide.');
  await expect(page.getByLabel('Titre')).toHaveValue('Rencontre de janvier');
  await expect(page.getByLabel('Lieu')).toHaveValue('Salle 2.104, 1000 rue Sherbrooke Est, Montréal');
  await page.getByLabel('Lien de visioconférence').fill('https://visio.example.org/comite');
  await page.getByRole('button', { name: 'Créer' }).click();
  await expect(page.getByRole('link', { name: /Rencontre de janvier/ })).toContainText('Salle 2.104');
  await expect(page.getByRole('link', { name: /Rencontre de janvier/ })).toContainText('20 janvier 2027');
  await expect(page.getByRole('link', { name: /Rencontre de janvier/ })).toContainText('18 h 00');
  await expect(page.getByRole('link', { name: /Rencontre de janvier/ })).toContainText(
    'Lien de visioconférence disponible',
  );
  const [january] = await hub.api<{ id: string; place: string; videoLink: string }[]>('meetings.list', {
    committeeId: committee.id,
  });
  expect(january!.videoLink).toBe('https://visio.example.org/comite');
  await hub.api('agenda.add', { meetingId: january!.id, title: 'Plan d’action en santé mentale' });

  // The next one starts from it: unfinished items carried over, standing items added.
  await page.getByLabel('Titre').fill('Rencontre de février');
  await fillDate(dateField(page, 'Date et heure'), '2027-02-17T18:00');
  await page
    .getByLabel(
      'Partir de la dernière rencontre (reporter les points inachevés et les actions en cours, ajouter les points statutaires)',
    )
    .check();
  await page.getByRole('button', { name: 'Créer' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'La rencontre « Rencontre de février » est planifiée.' }),
  ).toBeVisible();
  const meetings = await hub.api<{ id: string; title: string }[]>('meetings.list', {
    committeeId: committee.id,
  });
  const february = meetings.find((m) => m.title === 'Rencontre de février')!;
  const agenda = await hub.api<{ title: string }[]>('agenda.list', { meetingId: february.id });
  expect(agenda.map((i) => i.title)).toEqual(
    expect.arrayContaining(['Adoption de l’ordre du jour', 'Plan d’action en santé mentale']),
  );

  // A new partner, whose invitation is shown with its QR code.
  await page.getByLabel('Nom complet').fill('Amélie Tremblay');
  await page.getByLabel('Profil').selectOption('patient-partner');
  await page.getByLabel('Niveau d’engagement').selectOption('collaboration');
  await page
    .getByLabel('Son mandat')
    .fill('Apporte son vécu de proche d’une personne suivie en santé mentale.');
  await fillDate(dateField(page, 'Date de début'), '2026-09-01');
  await page.getByLabel('Peut être nommé·e dans le compte rendu').check();
  await page.getByRole('button', { name: 'Ajouter un membre' }).click();
  await expect(page.getByLabel('Lien d’invitation pour Amélie Tremblay')).toHaveValue(
    new RegExp(`^${hub.url}/#token=`),
  );
  await expectQrCode(page.getByRole('img', { name: 'Code QR du lien d’invitation pour Amélie Tremblay' }));
  const amelie = card(page, 'Amélie Tremblay');
  await expect(amelie).toContainText('Patient partenaire');
  await expect(amelie).toContainText('Depuis le 1er septembre 2026');
  await expect(amelie).toContainText('Ne souhaite pas être joint·e entre les rencontres');
  await expect(page.getByTestId('members-left')).toContainText('A quitté le 10 février 2026');
  await page.screenshot({ path: testInfo.outputPath('members-fr.png'), fullPage: true });

  // Keyboard: the actions are reachable by Tab, with a visible focus.
  await page.getByRole('button', { name: 'Terminé, masquer le lien' }).click();
  await expect(page.getByLabel('Nom complet')).toBeFocused();
  const editLucie = card(page, 'Lucie Bergeron').getByRole('button', { name: 'Modifier Lucie Bergeron' });
  await editLucie.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Modifier les renseignements : Lucie Bergeron' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(editLucie).toBeFocused();
  await context.close();
});
