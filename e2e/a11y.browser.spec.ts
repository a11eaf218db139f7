/**
 * axe-core (WCAG 2.0, 2.1, 2.2, A and AA) on every screen and its main states, in French and in
 * English: no serious or critical violation. The data is real (a hub on loopback, real members,
 * a meeting under way with a speaker queue, minutes written by two people, comments, versions,
 * decisions in the register).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { BROWSER_LOCALE, expectAccessible, say, seriousViolations, type Lang } from './a11y';
import { dateField, fillDate, shownDate } from './dates';
import { HubProcess, type Added } from './hub';
import { seededYearHub, type SeededYearHub } from './seeded-year';
import { caretToEnd } from './editor';

let hub: HubProcess;
let emptyHub: HubProcess;
/** A committee's year (scripts/seed-year.ts), for the partnership screens' charts and tables. */
let year: SeededYearHub;
let committeeId: string;
let meetingId: string;
let chair: Added;
let partner: Added;
const DECIDED = 'Ouvrir la salle d’attente en soirée';
const DRAFT = 'Traduire les affiches';
/** A meeting per language whose minutes are circulated, to approve and then amend. */
const statusMeeting: Record<Lang, string> = { fr: '', en: '' };
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  year = await seededYearHub('e2e-owner-token-a11y-year');
  emptyHub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-a11y-empty');
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-a11y');
  await Promise.all([emptyHub.start(0), hub.start(0)]);
  const committee = await hub.committee({
    name: 'Comité des usagers de l’urgence',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil à l’urgence.',
  });
  committeeId = committee.id;
  const since = { startDate: '2026-01-15' };
  chair = await committee.add('Karim Haddad', 'professional', 'co-chair', 'partnership', since);
  partner = await committee.add('Amélie Tremblay', 'patient-partner', 'member', 'partnership', since);
  const secretary = await committee.add('Sophie Gagnon', 'staff', 'secretary', 'partnership', since);
  const louis = await committee.add('Louis Bélanger', 'caregiver-partner', 'member', 'partnership', since);
  await committee.add('Marc Côté', 'citizen', 'observer', 'partnership', since);
  const meeting = await committee.meeting({
    title: 'Rencontre de novembre',
    startsAt: '2026-11-18T18:00:00Z',
    place: 'Salle 2.14',
    videoLink: 'https://example.org/visio',
  });
  meetingId = meeting.id;
  const item = await hub.api<{ id: string }>(
    'agenda.add',
    { meetingId, title: 'Mot de bienvenue', purpose: 'information', plannedMinutes: 5 },
    chair.token,
  );
  await hub.api(
    'agenda.add',
    { meetingId, title: 'Heures de la salle d’attente', purpose: 'decision', plannedMinutes: 20 },
    partner.token,
  );
  for (const [who, status] of [
    [chair, 'present'],
    [partner, 'remote'],
    [secretary, 'present'],
    [louis, 'absent'],
  ] as const) {
    await hub.api('attendance.set', { meetingId, memberId: who.member.id, status });
  }
  const decided = await hub.api<{ id: string }>(
    'decisions.draft',
    {
      meetingId,
      title: DECIDED,
      text: 'La salle d’attente restera ouverte jusqu’à 21 h.',
      rationale: 'Les partenaires ont rapporté de longues attentes le soir.',
      mode: 'consensus',
    },
    chair.token,
  );
  await hub.api(
    'decisions.update',
    {
      meetingId,
      decisionId: decided.id,
      influence: { level: 'shaped', evidence: 'Heures du soir ajoutées à la demande des partenaires.' },
    },
    chair.token,
  );
  await hub.api('decisions.decide', { meetingId, decisionId: decided.id, outcome: 'adopted' }, chair.token);
  await hub.api('decisions.draft', { meetingId, title: DRAFT, mode: 'consensus' }, chair.token);
  await hub.api(
    'actions.add',
    { meetingId, title: 'Afficher les nouvelles heures', ownerId: partner.member.id, dueDate: '2026-01-10' },
    chair.token,
  );
  for (const lang of ['fr', 'en'] as const) {
    const m = await committee.meeting({
      title: `Rencontre d’octobre (${lang})`,
      startsAt: '2026-10-14T18:00:00Z',
    });
    statusMeeting[lang] = m.id;
    await hub.api('minutes.circulate', { meetingId: m.id }, chair.token);
  }
  // The meeting under way: an item, someone speaking, a hand raised.
  await hub.api('meetings.start', { id: meetingId }, chair.token);
  await hub.api('run.goTo', { meetingId, itemId: item.id }, chair.token);
  await hub.api('floor.give', { meetingId, memberId: secretary.member.id }, chair.token);
  await hub.api('hands.raise', { meetingId }, partner.token);
  await hub.api('hands.raise', { meetingId }, louis.token);
});

test.afterAll(async () => {
  await Promise.all([hub?.stop(), emptyHub?.stop(), year?.hub.stop()]);
  hub?.removeData();
  emptyHub?.removeData();
  year?.hub.removeData();
});

async function open(browser: Browser, lang: Lang, link: string): Promise<Page> {
  const context = await browser.newContext({
    locale: BROWSER_LOCALE[lang],
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

const minutes = (page: Page) => page.locator('.minutes-body');

test('the minutes are written by two people, with a comment and a saved version', async ({ browser }) => {
  const a = await open(browser, 'fr', hub.joinLink(partner.token, `/meetings/${meetingId}`));
  const b = await open(browser, 'fr', hub.joinLink(chair.token, `/meetings/${meetingId}`));
  for (const p of [a, b]) {
    await expect(p.getByTestId('connection')).toHaveText('En direct');
    await p.getByRole('tab', { name: 'Compte rendu' }).click();
  }
  await minutes(a).click();
  await a.keyboard.type('Le budget de formation sera revu.');
  await expect(minutes(b)).toContainText('Le budget de formation sera revu.');
  await hub.api('versions.create', { meetingId, name: 'Après l’ouverture' }, partner.token);
  await caretToEnd(b);
  await b.keyboard.press('Enter');
  await b.keyboard.type('Karim ajoute une phrase.');
  await expect(minutes(a)).toContainText('Karim ajoute une phrase.');
  // A comment on "budget de formation".
  await minutes(a).click();
  await a.keyboard.press('Control+Home');
  for (let i = 0; i < 'Le '.length; i++) await a.keyboard.press('ArrowRight');
  for (let i = 0; i < 'budget de formation'.length; i++) await a.keyboard.press('Shift+ArrowRight');
  await a.getByRole('button', { name: 'Commenter le passage sélectionné' }).click();
  await a.getByLabel('Votre commentaire').fill('Quel montant exactement ?');
  await a.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(a.getByTestId('threads')).toContainText('Quel montant exactement ?');
  for (const p of [a, b]) await p.context().close();
});

test('the check itself finds what a screen reader user would stumble on', async ({ browser }) => {
  const page = await open(browser, 'en', hub.joinLink(hub.ownerToken));
  // A button with nothing to say what it does: a screen reader would only say "button".
  await page.evaluate(
    `document.querySelector('main').insertAdjacentHTML('beforeend', '<button><svg width="9" height="9"></svg></button>')`,
  );
  const found = await seriousViolations(page);
  expect(found.join('\n')).toContain('button-name');
  await page.context().close();
});

for (const lang of ['fr', 'en'] as const) {
  const s = (pick: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(lang, pick, params);

  test.describe(`in ${lang === 'fr' ? 'French' : 'English'}`, () => {
    test('the list of committees, empty and with a committee', async ({ browser }) => {
      const empty = await open(browser, lang, emptyHub.joinLink(emptyHub.ownerToken));
      await expect(empty.getByText(s((m) => m.committees.empty))).toBeVisible();
      await expectAccessible(empty, 'the empty list of committees');
      await empty.context().close();

      const page = await open(browser, lang, hub.joinLink(hub.ownerToken));
      await expect(page.getByRole('link', { name: 'Comité des usagers de l’urgence' })).toBeVisible();
      await expectAccessible(page, 'the list of committees');
      await page.context().close();
    });

    test('the committee: members, settings, the invitation, the member dialogs', async ({ browser }) => {
      const page = await open(browser, lang, hub.joinLink(hub.ownerToken, `/committees/${committeeId}`));
      await expect(page.getByTestId('members')).toContainText('Amélie Tremblay');
      await expectAccessible(page, 'the committee page');

      await page.getByRole('button', { name: s((m) => m.committees.change) }).click();
      await expect(page.getByRole('heading', { name: s((m) => m.committees.settingsTitle) })).toBeVisible();
      await expectAccessible(page, 'the committee settings');
      await page.getByRole('button', { name: s((m) => m.common.cancel) }).click();

      // A new link for Louis (his earlier links stop working; nobody here uses them).
      const louis = page.getByTestId('members').getByRole('listitem').filter({ hasText: 'Louis Bélanger' });
      await louis.getByRole('button', { name: s((m) => m.members.invite) }).click();
      await expect(page.getByRole('button', { name: s((m) => m.members.copyLink) })).toBeVisible();
      await expectAccessible(page, 'the invitation link and its QR code');
      await page.getByRole('button', { name: s((m) => m.members.hideInvite) }).click();

      const amelie = page.getByTestId('members').getByRole('listitem').filter({ hasText: 'Amélie Tremblay' });
      await amelie.getByRole('button', { name: s((m) => m.members.edit) }).click();
      const edit = page.getByRole('dialog', {
        name: s((m) => m.members.editTitle, { name: 'Amélie Tremblay' }),
      });
      await expect(edit).toBeVisible();
      await expectAccessible(page, 'the dialog to edit a member');
      await page.keyboard.press('Escape');
      await expect(edit).toBeHidden();

      await amelie.getByRole('button', { name: s((m) => m.members.leave) }).click();
      const leave = page.getByRole('alertdialog', {
        name: s((m) => m.members.leaveTitle, { name: 'Amélie Tremblay' }),
      });
      await expect(leave).toBeVisible();
      await expectAccessible(page, 'the dialog to record a departure');
      await page.keyboard.press('Escape');
      await expect(leave).toBeHidden();
      await page.context().close();
    });

    test('the meeting: agenda, minutes with comments and authors, run panel with the queue', async ({
      browser,
    }) => {
      const page = await open(browser, lang, hub.joinLink(chair.token, `/meetings/${meetingId}`));
      await expect(page.getByTestId('connection')).toHaveText(s((m) => m.meeting.connection.connected));
      // The run panel: an item under way, someone speaking, two hands raised.
      await expect(
        page.getByRole('button', { name: s((m) => m.run.give, { name: 'Amélie Tremblay' }) }),
      ).toBeVisible();
      await expect(page.getByRole('button', { name: s((m) => m.run.endTurn) })).toBeVisible();
      await expectAccessible(page, 'the agenda and the run panel');

      await page.getByRole('tab', { name: s((m) => m.meeting.minutes) }).click();
      await expect(minutes(page)).toContainText('Karim ajoute une phrase.');
      await expect(page.getByTestId('threads')).toContainText('Quel montant exactement ?');
      await page.getByLabel(s((m) => m.authors.toggle)).check();
      await expect(page.getByTestId('author-legend')).toContainText('Amélie Tremblay');
      await expectAccessible(page, 'the minutes, coloured by author, with a comment');

      await page.getByRole('button', { name: s((m) => m.run.close) }).click();
      const closing = page.getByRole('alertdialog', { name: s((m) => m.run.confirmClose) });
      await expect(closing.getByRole('button', { name: s((m) => m.common.cancel) })).toBeFocused();
      await expectAccessible(page, 'the dialog to close the meeting');
      await page.keyboard.press('Escape');
      await expect(closing).toBeHidden();

      await page.getByRole('tab', { name: s((m) => m.attendance.title) }).click();
      await expect(page.getByTestId('quorum')).toBeVisible();
      await expectAccessible(page, 'the attendance');
      await page.context().close();
    });

    test('the decisions: the form, the outcome and removal dialogs', async ({ browser }) => {
      const page = await open(browser, lang, hub.joinLink(chair.token, `/meetings/${meetingId}`));
      await page.getByRole('tab', { name: s((m) => m.decisions.title) }).click();
      await expect(page.getByRole('heading', { name: DRAFT })).toBeVisible();
      await expectAccessible(page, 'the decisions');

      await page
        .getByRole('button', { name: s((m) => m.decisions.draft) })
        .first()
        .click();
      const form = page.getByRole('group', { name: new RegExp(`^${s((m) => m.decisions.draftTitle)} — `) });
      await expect(form.getByLabel(s((m) => m.decisions.titleField))).toBeFocused();
      await expectAccessible(page, 'the decision form');
      await form.getByRole('button', { name: s((m) => m.common.cancel) }).click();
      await expect(form).toBeHidden();

      await page.getByRole('button', { name: s((m) => m.decisions.outcome.adopt) }).click();
      const adopt = page.getByRole('alertdialog', {
        name: s((m) => m.decisions.outcome.confirmTitle.adopted, { title: DRAFT }),
      });
      await expect(adopt).toBeVisible();
      await expectAccessible(page, 'the dialog to record an outcome');
      await page.keyboard.press('Escape');
      await expect(adopt).toBeHidden();

      await page.getByRole('button', { name: s((m) => m.decisions.remove) }).click();
      const remove = page.getByRole('alertdialog', {
        name: s((m) => m.decisions.removeTitle, { title: DRAFT }),
      });
      await expect(remove).toBeVisible();
      await expectAccessible(page, 'the dialog to remove a draft');
      await page.keyboard.press('Escape');
      await page.context().close();
    });

    test('the versions: the list, a comparison, the version and restore dialogs', async ({ browser }) => {
      const page = await open(browser, lang, hub.joinLink(partner.token, `/meetings/${meetingId}`));
      await page.getByRole('tab', { name: s((m) => m.versions.title) }).click();
      const version = 'Après l’ouverture';
      await page.getByRole('button', { name: s((m) => m.versions.compareLabel, { name: version }) }).click();
      await expect(page.locator('ins').first()).toBeVisible();
      await expectAccessible(page, 'a comparison of versions');

      await page.getByRole('button', { name: s((m) => m.versions.viewLabel, { name: version }) }).click();
      const view = page.getByRole('dialog', { name: s((m) => m.versions.viewTitle, { name: version }) });
      await expect(view).toContainText('Le budget de formation sera revu.');
      await expectAccessible(page, 'the dialog showing a version');
      await page.keyboard.press('Escape');
      await expect(view).toBeHidden();

      await page.getByRole('button', { name: s((m) => m.versions.restoreLabel, { name: version }) }).click();
      const restore = page.getByRole('alertdialog', {
        name: s((m) => m.versions.restoreTitle, { name: version }),
      });
      await expect(restore).toBeVisible();
      await expectAccessible(page, 'the dialog to restore a version');
      await page.keyboard.press('Escape');
      await page.context().close();
    });

    test('the register: filters, the integrity check, the amend and rescind dialogs', async ({ browser }) => {
      const page = await open(
        browser,
        lang,
        hub.joinLink(chair.token, `/committees/${committeeId}/decisions`),
      );
      await expect(page.getByRole('heading', { name: DECIDED }).first()).toBeVisible();
      await expectAccessible(page, 'the decision register');

      await page
        .getByRole('region', { name: s((m) => m.register.decisionsTitle) })
        .getByLabel(
          s((m) => m.register.status),
          { exact: true },
        )
        .selectOption('adopted');
      await expect(page.getByTestId('register-total')).toHaveText(
        s((m) => m.register.total_one, { count: 1 }),
      );
      await page.getByRole('button', { name: s((m) => m.register.verify) }).click();
      await expect(page.getByTestId('verify-result')).toContainText(
        s((m) => m.register.intact_one, { count: 1 }),
      );
      await expectAccessible(page, 'the register, filtered and checked');

      await page.getByRole('button', { name: s((m) => m.register.amendLabel, { title: DECIDED }) }).click();
      const amend = page.getByRole('dialog', { name: s((m) => m.register.amendTitle, { title: DECIDED }) });
      await expect(amend).toBeVisible();
      await expectAccessible(page, 'the dialog to amend a decision');
      await page.keyboard.press('Escape');
      await expect(amend).toBeHidden();

      await page.getByRole('button', { name: s((m) => m.register.rescindLabel, { title: DECIDED }) }).click();
      const rescind = page.getByRole('alertdialog', {
        name: s((m) => m.register.rescindTitle, { title: DECIDED }),
      });
      await expect(rescind).toBeVisible();
      await expectAccessible(page, 'the dialog to rescind a decision');
      await page.keyboard.press('Escape');
      await page.context().close();
    });
    test('the session: an invitation link that is no longer valid', async ({ browser }) => {
      const context = await browser.newContext({ locale: BROWSER_LOCALE[lang] });
      const page = await context.newPage();
      await page.goto(hub.joinLink('not-a-valid-token'));
      await expect(page.getByText(s((m) => m.session.badToken))).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expectAccessible(page, 'the page for an invitation link that is no longer valid');
      await context.close();
    });

    test('the committee: privacy of a member, the incident register and its form, dates', async ({
      browser,
    }) => {
      const page = await open(browser, lang, hub.joinLink(chair.token, `/committees/${committeeId}`));
      const marc = page.getByTestId('members').getByRole('listitem').filter({ hasText: 'Marc Côté' });
      await marc.getByRole('button', { name: s((m) => m.privacy.download) }).click();
      await expect(page.getByText(s((m) => m.privacy.downloaded, { name: 'Marc Côté' }))).toBeVisible();
      await expectAccessible(page, 'a member’s data downloaded');

      await marc.getByRole('button', { name: s((m) => m.privacy.erase) }).click();
      const erase = page.getByRole('alertdialog', {
        name: s((m) => m.privacy.eraseTitle, { name: 'Marc Côté' }),
      });
      await expect(
        erase.getByLabel(s((m) => m.privacy.eraseConfirmLabel, { name: 'Marc Côté' })),
      ).toBeVisible();
      await expectAccessible(page, 'the dialog to erase a member');
      await page.keyboard.press('Escape');
      await expect(erase).toBeHidden();

      // The incident form, sent empty: the date says what is missing, in the page's language.
      const discovered = dateField(
        page,
        s((m) => m.privacy.discoveredOn),
      );
      await expect(discovered).toBeVisible();
      // The day is written in the order and with the placeholders of the language.
      expect(await shownDate(discovered)).toBe(lang === 'fr' ? 'aaaa-mm-jj' : 'yyyy-mm-dd');
      await expectAccessible(page, 'the privacy section with the incident form');
      await page.getByRole('button', { name: s((m) => m.privacy.record) }).click();
      await expect(page.getByText(s((m) => m.dates.required))).toBeVisible();
      await expectAccessible(page, 'the incident form with a missing date');
      await page
        .locator('.date-field', { has: discovered })
        .screenshot({ path: test.info().outputPath(`date-field-missing-${lang}.png`) });
      await fillDate(discovered, '2026-11-18');
      // Leaving the field with the date typed takes the message away.
      await page.keyboard.press('Tab');
      await expect(page.getByText(s((m) => m.dates.required))).toBeHidden();
      await discovered.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`date-field-incident-${lang}.png`) });
      await page.context().close();
    });

    test('the minutes: the approve and amendment dialogs, the exports', async ({ browser }) => {
      const page = await open(browser, lang, hub.joinLink(chair.token, `/meetings/${statusMeeting[lang]}`));
      await page.getByRole('tab', { name: s((m) => m.meeting.minutes) }).click();
      const bar = page.getByTestId('minutes-status');
      await expect(bar).toHaveAttribute('data-status', 'circulated');
      await bar.getByRole('button', { name: s((m) => m.minutesStatus.approve) }).click();
      const approve = page.getByRole('alertdialog', { name: s((m) => m.minutesStatus.approveTitle) });
      await expect(approve).toBeVisible();
      await expectAccessible(page, 'the dialog to approve the minutes');
      await page.screenshot({ path: test.info().outputPath(`approve-dialog-${lang}.png`) });
      await approve.getByRole('button', { name: s((m) => m.minutesStatus.approveConfirm) }).click();
      await expect(bar).toHaveAttribute('data-status', 'approved');

      await bar.getByRole('button', { name: s((m) => m.minutesStatus.amend) }).click();
      const amend = page.getByRole('dialog', { name: s((m) => m.minutesStatus.amendTitle) });
      await amend.getByRole('button', { name: s((m) => m.minutesStatus.amendConfirm) }).click();
      await expect(amend.getByRole('alert')).toHaveText(s((m) => m.minutesStatus.reasonRequired));
      await expectAccessible(page, 'the dialog to amend the minutes, the reason missing');
      await page.screenshot({ path: test.info().outputPath(`amend-dialog-${lang}.png`) });
      await page.keyboard.press('Escape');
      await expect(amend).toBeHidden();

      const exports = page.getByTestId('export-menu');
      await exports.getByRole('button', { name: s((m) => m.exports.md), exact: true }).click();
      await expect(exports.getByRole('status')).toContainText(
        s((m) => m.exports.ready, { filename: '' }).trim(),
      );
      await expectAccessible(page, 'the minutes’ exports, one file ready');
      await page.context().close();
    });

    test('the decisions: the action forms, the register’s exports', async ({ browser }) => {
      const page = await open(browser, lang, hub.joinLink(chair.token, `/meetings/${meetingId}`));
      await page.getByRole('tab', { name: s((m) => m.decisions.title) }).click();
      await page.getByRole('button', { name: s((m) => m.actions.addFor, { title: DECIDED }) }).click();
      const add = page.getByRole('group', { name: s((m) => m.actions.addFor, { title: DECIDED }) });
      await expect(
        dateField(
          add,
          s((m) => m.actions.due),
        ),
      ).toBeVisible();
      await expectAccessible(page, 'the form to add an action');
      await dateField(
        add,
        s((m) => m.actions.due),
      ).scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`date-field-action-${lang}.png`) });
      await add.getByRole('button', { name: s((m) => m.common.cancel) }).click();
      await expect(add).toBeHidden();

      const editLabel = s((m) => m.actions.editLabel, { title: 'Afficher les nouvelles heures' });
      await page.getByRole('button', { name: editLabel }).first().click();
      const due = dateField(
        page,
        s((m) => m.actions.due),
      );
      await expect.poll(() => shownDate(due)).toBe('2026-01-10');
      await expectAccessible(page, 'the form to edit an action');
      await page.context().close();

      const register = await open(
        browser,
        lang,
        hub.joinLink(chair.token, `/committees/${committeeId}/decisions`),
      );
      const menu = register.getByRole('group', { name: s((m) => m.registerExports.label) });
      await menu.getByRole('button', { name: 'CSV', exact: false }).first().click();
      await expect(
        register.getByText(new RegExp(escapeRe(s((m) => m.registerExports.ready, { filename: '' }).trim()))),
      ).toBeVisible();
      await expectAccessible(register, 'the register’s exports, one file ready');
      await register.context().close();
    });

    test('the partnership screens: each view with its tables, the report and its exports, a member’s page', async ({
      browser,
    }) => {
      test.setTimeout(120_000);
      const committee = `/committees/${year.seed.committeeId}`;
      const chair = year.person('Amina Tremblay');
      const louise = year.person('Louise Bouchard');
      const openTables = (page: Page) =>
        page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
      const page = await open(browser, lang, year.hub.joinLink(chair.token, `${committee}/partnership`));
      const views = {
        balance: 'balance',
        promises: 'promises',
        decisions: 'decision-influence',
        report: 'report',
        experience: 'experience-results',
      } as const;
      for (const [tab, testId] of Object.entries(views) as [keyof typeof views, string][]) {
        const name = s((m) => m.partnership.tab[tab]);
        await page.getByRole('tab', { name }).click();
        const panel = page.getByRole('tabpanel');
        await expect(panel.getByRole('heading', { level: 2, name })).toBeVisible();
        await expect(panel.getByTestId(testId)).toBeVisible();
        await expectAccessible(page, `the partnership screen, ${tab}`);
        await openTables(page);
        await expectAccessible(page, `the partnership screen, ${tab}, its tables open`);
        if (tab === 'balance') {
          // The decisions partners shaped or co-decided, month by month.
          await page
            .getByTestId('balance-shaped')
            .getByLabel(s((m) => m.partnership.shaped.byMonth))
            .check();
          await openTables(page);
          await expectAccessible(page, 'the decisions partners shaped, month by month');
        }
        if (tab === 'promises') {
          await page.getByLabel(s((m) => m.partnership.promises.onlyBroken)).check();
          await expectAccessible(page, 'the promises not kept');
        }
        if (tab === 'report') {
          const exports = page.getByTestId('report-export-menu');
          await exports.getByRole('button', { name: s((m) => m.partnership.report.formats.md) }).click();
          await expect(exports.getByRole('status')).toContainText('.md');
          await expectAccessible(page, 'the partnership report, a file ready');
        }
      }
      // A period that ends before it starts: said in plain words.
      await fillDate(
        dateField(
          page,
          s((m) => m.partnership.period.to),
        ),
        '2025-06-30',
      );
      await expect(page.getByRole('alert')).toHaveText(s((m) => m.partnership.period.wrongOrder));
      await expectAccessible(page, 'the partnership screen, a period in the wrong order');
      await page.context().close();

      const member = await open(
        browser,
        lang,
        year.hub.joinLink(chair.token, `${committee}/members/${louise.member.id}`),
      );
      await expect(member.getByTestId('member-figures')).toBeVisible();
      await openTables(member);
      await expectAccessible(member, 'a member’s page, its tables open');
      await member.context().close();

      // A partner reads the report (without writing it) and is refused another member's page.
      const partner = await open(browser, lang, year.hub.joinLink(louise.token, `${committee}/partnership`));
      await partner.getByRole('tab', { name: s((m) => m.partnership.tab.report) }).click();
      await expect(partner.getByTestId('report')).toBeVisible();
      await expectAccessible(partner, 'the partnership report, read by a partner');
      await partner.goto(year.hub.joinLink(louise.token, `${committee}/members/${chair.member.id}`));
      await expect(partner.getByRole('alert')).toHaveText(s((m) => m.partnership.forbidden));
      await expectAccessible(partner, 'another member’s page, refused');
      await partner.context().close();
    });

    test('the backups and the restore confirmation', async ({ browser }) => {
      const page = await open(browser, lang, hub.joinLink(hub.ownerToken));
      await page.getByRole('button', { name: s((m) => m.backups.now) }).click();
      const restore = page.getByRole('button', {
        name: new RegExp(`^${escapeRe(s((m) => m.backups.restoreLabel, { when: '' }).trim())}`),
      });
      await expect(restore.first()).toBeVisible();
      await expectAccessible(page, 'the backups, one made now');
      await restore.first().click();
      const confirm = page.getByRole('alertdialog');
      await expect(confirm.getByRole('button', { name: s((m) => m.backups.confirm) })).toBeVisible();
      await expectAccessible(page, 'the dialog to restore a backup');
      await page.screenshot({ path: test.info().outputPath(`restore-dialog-${lang}.png`) });
      await page.keyboard.press('Escape');
      await expect(confirm).toBeHidden();
      await page.context().close();
    });
  });
}
