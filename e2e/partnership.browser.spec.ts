/**
 * The partnership screens on a realistic committee year made by scripts/seed-year.ts (run into a
 * temporary data folder, then the real hub opened on it): a member's page, the balance of voice,
 * promises not kept, influence on decisions, the GRIPP2-SF report and its exports, "how your input
 * was used" and the anonymous questionnaire, in English and French, checked with axe (the rules of
 * e2e/a11y.ts). Expected figures come from the seed's own record of what it did.
 */
import { expect, test, type Browser } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import type { SeedResult, SeedTally } from '../scripts/seed-year';
import type { PartnershipReport, QuestionnaireStatus } from '../src/shared/ledger';
import type { HubProcess } from './hub';
import { expectAccessible } from './a11y';
import { dateField, fillDate } from './dates';
import { seededYearHub } from './seeded-year';

const OWNER = 'e2e-owner-token-partnership';
const SHOTS = 'test-results/partnership-screens';
let hub: HubProcess;
let seed: SeedResult;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // A year made by the seed's command line, and the hub opened on it.
  ({ hub, seed } = await seededYearHub(OWNER));
  mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  await hub?.stop();
  hub?.removeData();
});

const person = (name: string) => seed.members.find((m) => m.member.name === name)!;
const intlLocale = (lang: 'en' | 'fr') => (lang === 'fr' ? 'fr-CA' : 'en-CA');
const num = (n: number, lang: 'en' | 'fr') =>
  new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 1 }).format(n);
const pct = (n: number, lang: 'en' | 'fr') =>
  new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(n);

async function open(browser: Browser, token: string, lang: 'en' | 'fr', to: string) {
  const context = await browser.newContext({
    locale: lang === 'fr' ? 'fr-CA' : 'en-CA',
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(hub.joinLink(token, to));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return { context, page };
}

const sum = (ts: SeedTally[], k: keyof SeedTally) => ts.reduce((n, t) => n + t[k], 0);

/**
 * The seed's questionnaire as the hub counts it now (the hub runs on the real clock): the meetings
 * whose questionnaire has closed with at least 5 answers count; closed with fewer, left out; still
 * open, not counted yet.
 */
function questionnaireNow() {
  const now = Date.now();
  const n = (id: string) => seed.questionnaire.perMeeting[id] ?? 0;
  const closed = seed.meetings.filter((m) => Date.parse(seed.questionnaire.closesAt[m.id]!) <= now);
  const counted = closed.filter((m) => n(m.id) >= 5);
  return {
    counted,
    /** Answers to the second statement left out: counted meetings where fewer than 5 answered it. */
    preparedWithheld: counted
      .map((m) => seed.questionnaire.valuesPerMeeting[m.id]!.prepared.length)
      .filter((k) => k < 5)
      .reduce((a, b) => a + b, 0),
    below: closed.filter((m) => n(m.id) > 0 && n(m.id) < 5),
    open: seed.meetings.filter((m) => !closed.includes(m)),
    answers: (ms: SeedResult['meetings']) => ms.reduce((sum, m) => sum + n(m.id), 0),
  };
}

/** An instant as the app says it: a day, or a day and a time, in the reader's words (« 1er »). */
const instant = (iso: string, lang: 'en' | 'fr', withTime = false) => {
  const text = new Intl.DateTimeFormat(
    intlLocale(lang),
    withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' },
  ).format(new Date(iso));
  return lang === 'fr' ? text.replace(/^1 /, '1er ') : text;
};

for (const lang of ['en', 'fr'] as const) {
  test(`a member's page shows what the seed did for them (${lang})`, async ({ browser }) => {
    const coChair = person('Amina Tremblay');
    const louise = person('Louise Bouchard');
    const tally = seed.byMember[louise.member.id]!;
    const attended = seed.meetings.filter((m) =>
      ['present', 'remote'].includes(m.attendance[louise.member.id] ?? ''),
    ).length;
    const { context, page } = await open(browser, coChair.token, lang, `/committees/${seed.committeeId}`);

    // From the member list to the page.
    const card = page.getByTestId('members').getByRole('listitem').filter({ hasText: 'Louise Bouchard' });
    await card.getByTestId('member-page-link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Louise Bouchard' })).toBeVisible();
    const mp = page.getByTestId('member-page');
    await expect(mp).toContainText(louise.member.mandate);
    // Collaboration is spelled the same in both languages.
    await expect(page.getByTestId('member-engagement')).toHaveText('Collaboration');
    await expect(page.getByTestId('member-attended')).toHaveText(
      lang === 'fr'
        ? `${num(attended, lang)} sur ${num(seed.meetings.length, lang)} rencontres`
        : `${num(attended, lang)} of ${num(seed.meetings.length, lang)} meetings`,
    );
    const figure = (k: string) => mp.locator(`[data-figure="${k}"] strong`);
    await expect(figure('speakingTurns')).toHaveText(num(tally.speakingTurns, lang));
    await expect(figure('speakingMinutes')).toHaveText(num(Math.round(tally.speakingSeconds / 60), lang));
    await expect(figure('minutesText')).toHaveText(num(tally.minutesSurviving, lang));
    // What she typed and deleted in the minutes, and her named votes (a secret vote names nobody).
    await expect(figure('minutesInserted')).toHaveText(num(tally.minutesInserted, lang));
    await expect(figure('minutesDeleted')).toHaveText(num(tally.minutesDeleted, lang));
    await expect(figure('votes')).toHaveText(num(tally.votes, lang));
    expect(tally.votes).toBeGreaterThan(0);
    expect(tally.minutesInserted).toBeGreaterThan(tally.minutesSurviving);
    await expect(figure('proposals')).toHaveText(
      num(tally.agendaItemsProposed + tally.decisionsProposed, lang),
    );
    await expect(figure('positions')).toHaveText(num(tally.positions, lang));
    await expect(figure('comments')).toHaveText(num(tally.comments, lang));

    // The chart is an image with a name, and its tables are behind it: a row per month in each.
    await expect(
      mp.getByRole('img', {
        name: lang === 'fr' ? 'Contributions mois par mois' : 'Contributions month by month',
      }),
    ).toBeVisible();
    await mp
      .getByText(
        lang === 'fr' ? 'Afficher les chiffres sous forme de tableau' : 'Show the figures as a table',
      )
      .click();
    const acts = mp.getByTestId('member-table-acts');
    const amounts = mp.getByTestId('member-table-amounts');
    for (const table of [acts, amounts]) await expect(table.getByRole('row')).toHaveCount(1 + 12);
    // The monthly figures add up to the year's: speaking turns, votes, text typed and deleted.
    const columnSum = async (table: typeof acts, name: string) => {
      const headers = await table.locator('thead th').allTextContents();
      const at = headers.indexOf(name);
      expect(at, name).toBeGreaterThan(0);
      const cells = await table.locator(`tbody tr td:nth-of-type(${at})`).allTextContents();
      return cells.reduce((n, c) => n + Number(c.replace(/\D/g, '')), 0);
    };
    const column = (fr: string, en: string) => (lang === 'fr' ? fr : en);
    expect(await columnSum(acts, column('Tours de parole', 'Speaking turns'))).toBe(tally.speakingTurns);
    expect(await columnSum(acts, column('Votes nominaux', 'Named votes'))).toBe(tally.votes);
    expect(await columnSum(amounts, column('Caractères tapés', 'Characters typed'))).toBe(
      tally.minutesInserted,
    );
    expect(await columnSum(amounts, column('Caractères effacés', 'Characters deleted'))).toBe(
      tally.minutesDeleted,
    );
    expect(await columnSum(amounts, column('Caractères restants', 'Characters still there'))).toBe(
      tally.minutesSurviving,
    );

    // The decisions they took part in, with the influence recorded, each under its meeting.
    await expect(page.getByTestId('member-decisions').getByRole('listitem').first()).toContainText(
      lang === 'fr' ? 'Influence :' : 'Influence:',
    );
    for (const m of seed.meetings.slice(0, 3)) {
      const theirs = seed.items.filter((i) => {
        const t = i.meetingId === m.id ? i.tally[louise.member.id] : undefined;
        return t && t.decisionsProposed + t.positions + t.votes + t.decisionsSpoken > 0;
      });
      const day = new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'long' }).format(
        new Date(m.startsAt),
      );
      await expect(
        page
          .getByTestId('member-decisions')
          .getByRole('listitem')
          .filter({ hasText: `${m.title} · ${day} ·` }),
        m.title,
      ).toHaveCount(theirs.flatMap((i) => i.decisions).length);
    }
    // Every decision they took part in, 20 at a time.
    const allTheirs = seed.items
      .filter((i) => {
        const t = i.tally[louise.member.id];
        return t && t.decisionsProposed + t.positions + t.votes + t.decisionsSpoken > 0;
      })
      .flatMap((i) => i.decisions).length;
    const theirCards = page.getByTestId('member-decisions').getByRole('listitem');
    await expect(theirCards).toHaveCount(Math.min(20, allTheirs));
    for (let shown = 20; shown < allTheirs; shown += 20) {
      await page
        .getByRole('button', { name: lang === 'fr' ? /^Afficher \d+ de plus/ : /^Show \d+ more/ })
        .click();
      await expect(theirCards).toHaveCount(Math.min(shown + 20, allTheirs));
    }
    await expectAccessible(page, `member page ${lang}`);
    await page.screenshot({ path: `${SHOTS}/member-page-${lang}.png`, fullPage: true });
    await context.close();
  });
}

test('a partner sees their own page; another member’s page is refused in plain words', async ({
  browser,
}) => {
  const louise = person('Louise Bouchard');
  const marc = person('Marc Gagnon');
  const { context, page } = await open(
    browser,
    louise.token,
    'en',
    `/committees/${seed.committeeId}/members/${louise.member.id}`,
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Louise Bouchard' })).toBeVisible();
  await expect(page.getByTestId('member-page').locator('[data-figure="speakingTurns"] strong')).toHaveText(
    num(seed.byMember[louise.member.id]!.speakingTurns, 'en'),
  );
  await page.goto(hub.joinLink(louise.token, `/committees/${seed.committeeId}/members/${marc.member.id}`));
  await expect(page.getByRole('alert')).toHaveText(
    'You do not have access to this page. Co-chairs and secretaries can see it.',
  );
  // Only her own card offers the page.
  await page.goto(hub.joinLink(louise.token, `/committees/${seed.committeeId}`));
  await expect(page.getByTestId('member-page-link')).toHaveCount(1);
  // The partnership report she may read, not write or export (co-chairs and secretaries do).
  await page.getByTestId('partnership-link').click();
  await page.getByRole('tab', { name: 'Partnership report' }).click();
  const aim = page.getByTestId('report').getByRole('region', { name: '1. Aim of the involvement' });
  await expect(aim).toContainText('From the committee’s records');
  await expect(aim.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByTestId('report-export-menu')).toHaveCount(0);
  await expectAccessible(page, 'report read by a partner');
  await context.close();
});

for (const lang of ['en', 'fr'] as const) {
  test(`the balance of voice, promises not kept and influence on decisions (${lang})`, async ({
    browser,
  }) => {
    const coChair = person('Amina Tremblay');
    const { context, page } = await open(browser, coChair.token, lang, `/committees/${seed.committeeId}`);
    await page.getByTestId('partnership-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      lang === 'fr' ? 'Partenariat' : 'Partnership',
    );

    // The partners' share of speaking time, from the seed's own tallies.
    const partnerIds = new Set(
      seed.members
        .filter((m) => ['patient-partner', 'caregiver-partner'].includes(m.member.kind))
        .map((m) => m.member.id),
    );
    const all = Object.values(seed.byMember);
    const partners = Object.entries(seed.byMember)
      .filter(([id]) => partnerIds.has(id))
      .map(([, t]) => t);
    const share = sum(partners, 'speakingSeconds') / sum(all, 'speakingSeconds');

    const summary = page.getByTestId('balance-summary');
    const chartName =
      lang === 'fr' ? 'Part de chaque groupe sur la période' : 'Share of each group over the period';
    await expect(summary.getByRole('img', { name: chartName })).toBeVisible();
    await expect(summary).toContainText(
      lang === 'fr'
        ? `Les partenaires ont eu ${pct(share, lang)} du temps de parole`
        : `Partners had ${pct(share, lang)} of the speaking time`,
    );
    // How many decisions partners took part in, out of all the decisions of the year.
    const decisions = seed.items.flatMap((i) => i.decisions);
    const taken = seed.items
      .filter((i) =>
        Object.entries(i.tally).some(
          ([id, t]) =>
            partnerIds.has(id) && t.decisionsProposed + t.positions + t.votes + t.decisionsSpoken > 0,
        ),
      )
      .flatMap((i) => i.decisions).length;
    expect(taken).toBeLessThan(decisions.length);
    await expect(summary).toContainText(
      lang === 'fr'
        ? `Décisions : les partenaires ont pris part à ${num(taken, lang)} sur ${num(decisions.length, lang)}.`
        : `Decisions: partners took part in ${num(taken, lang)} out of ${num(decisions.length, lang)}.`,
    );
    await summary.getByText(lang === 'fr' ? 'Afficher les chiffres' : 'Show the figures').click();
    const speakingRow = summary.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: lang === 'fr' ? 'Temps de parole' : 'Speaking time' }),
    });
    await expect(speakingRow.getByRole('cell').first()).toContainText(pct(share, lang));
    // Meeting by meeting: one bar and one row per meeting.
    const perMeeting = page.getByTestId('balance-meetings');
    await perMeeting.getByText(lang === 'fr' ? 'Afficher les chiffres' : 'Show the figures').click();
    await expect(perMeeting.locator('tbody tr')).toHaveCount(seed.meetings.length);
    await expect(perMeeting.locator('.recharts-bar-rectangle').first()).toBeVisible();
    // The decisions taken that partners shaped or co-decided, against the others, as the seed
    // recorded the influence on each: over the year, then meeting by meeting and month by month.
    const influential = (ds: { influence: string }[]) =>
      ds.filter((d) => d.influence === 'shaped' || d.influence === 'co-decided').length;
    const shaped = page.getByTestId('balance-shaped');
    await expect(shaped.getByTestId('balance-shaped-summary')).toHaveText(
      lang === 'fr'
        ? `Les partenaires ont façonné ou codécidé ${num(influential(decisions), lang)} sur ${num(decisions.length, lang)} décisions prises (${pct(influential(decisions) / decisions.length, lang)}).`
        : `Partners shaped or co-decided ${num(influential(decisions), lang)} of ${num(decisions.length, lang)} decisions taken (${pct(influential(decisions) / decisions.length, lang)}).`,
    );
    const shapedChart = shaped.getByTestId('balance-shaped-chart');
    await expect(
      shapedChart.getByRole('img', {
        name:
          lang === 'fr'
            ? 'Décisions façonnées ou codécidées par les partenaires, rencontre par rencontre'
            : 'Decisions partners shaped or co-decided, meeting by meeting',
      }),
    ).toBeVisible();
    await shapedChart.getByText(lang === 'fr' ? 'Afficher les chiffres' : 'Show the figures').click();
    const decided = seed.meetings.map((m) =>
      seed.items.filter((i) => i.meetingId === m.id).flatMap((i) => i.decisions),
    );
    const expectRows = async (labels: string[]) => {
      const rows = shapedChart.locator('tbody tr');
      await expect(rows).toHaveCount(decided.length);
      for (const [i, ds] of decided.entries()) {
        await expect(rows.nth(i).locator('th')).toContainText(labels[i]!);
        await expect(rows.nth(i).locator('td')).toHaveText([
          num(ds.length, lang),
          num(influential(ds), lang),
          num(ds.length - influential(ds), lang),
          ds.length ? pct(influential(ds) / ds.length, lang) : '—',
        ]);
      }
    };
    await expectRows(seed.meetings.map((m) => m.title));
    // Meetings that took no decision are in the table, not in the chart: one bar per meeting that did.
    const withDecisions = decided.filter((ds) => ds.length > 0).length;
    await expect(shapedChart.locator('.recharts-yAxis .recharts-cartesian-axis-tick')).toHaveCount(
      withDecisions,
    );
    await shaped.getByLabel(lang === 'fr' ? 'mois par mois' : 'month by month').check();
    await expect(
      shapedChart.getByRole('img', {
        name:
          lang === 'fr'
            ? 'Décisions façonnées ou codécidées par les partenaires, mois par mois'
            : 'Decisions partners shaped or co-decided, month by month',
      }),
    ).toBeVisible();
    // The seed holds a meeting a month: the same figures, each under its month.
    await expectRows(
      seed.meetings.map((m) =>
        new Intl.DateTimeFormat(intlLocale(lang), { month: 'short', year: 'numeric' }).format(
          new Date(Number(m.startsAt.slice(0, 4)), Number(m.startsAt.slice(5, 7)) - 1, 1),
        ),
      ),
    );
    await expectAccessible(page, `balance ${lang}`);
    await page.screenshot({ path: `${SHOTS}/balance-${lang}.png`, fullPage: true });

    // Tabs with the keyboard: to the promises.
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    const promisesTab = page.getByRole('tab', {
      name: lang === 'fr' ? 'Promesses aux partenaires' : 'Promises to partners',
    });
    await expect(promisesTab).toBeFocused();
    await expect(promisesTab).toHaveAttribute('aria-selected', 'true');
    const broken = seed.items.filter((i) => i.quiet && i.sought !== 'information');
    expect(broken.length).toBeGreaterThan(0);
    const promises = page.getByTestId('promises');
    await expect(promises.getByRole('status')).toContainText(
      lang === 'fr' ? `${num(broken.length, lang)} promesse` : `${num(broken.length, lang)} promise`,
    );
    // Every agenda item of the year, 20 rows at a time: the button adds the next ones and moves
    // the focus to the first row it added.
    const rows = promises.locator('tbody tr');
    expect(seed.items.length, 'the seeded year has more items than a first part').toBeGreaterThan(20);
    for (let shown = 20; shown < seed.items.length; shown += 20) {
      await expect(rows).toHaveCount(shown);
      const left = seed.items.length - shown;
      await promises
        .getByRole('button', {
          name:
            lang === 'fr'
              ? `Afficher ${Math.min(20, left)} de plus (il en reste ${left})`
              : `Show ${Math.min(20, left)} more (${left} left)`,
        })
        .click();
      await expect(rows.nth(shown)).toBeFocused();
      if (shown === 20) await page.screenshot({ path: `${SHOTS}/promises-more-${lang}.png`, fullPage: true });
    }
    await expect(rows).toHaveCount(seed.items.length);
    await expect(promises.getByRole('button', { name: lang === 'fr' ? /^Afficher/ : /^Show/ })).toHaveCount(
      0,
    );
    const meetingTitle = seed.meetings.find((m) => m.id === broken[0]!.meetingId)!.title;
    const row = promises
      .getByRole('row')
      .filter({ hasText: broken[0]!.title })
      .filter({ hasText: `${meetingTitle} ·` });
    await expect(row).toContainText(lang === 'fr' ? 'Promesse non tenue' : 'Promise not kept');
    await promises
      .getByLabel(
        lang === 'fr' ? 'N’afficher que les promesses non tenues' : 'Show only the promises not kept',
      )
      .check();
    await expect(promises.locator('tbody tr')).toHaveCount(broken.length);
    await expectAccessible(page, `promises ${lang}`);
    await page.screenshot({ path: `${SHOTS}/promises-${lang}.png`, fullPage: true });

    // Influence on decisions: the first 20 cards, and a button for the others, which then has
    // the focus on the first card it added.
    await promisesTab.focus();
    await page.keyboard.press('ArrowRight');
    const allDecisions = seed.items.flatMap((i) => i.decisions).length;
    expect(allDecisions, 'the seeded year has more decisions than a first part').toBeGreaterThan(20);
    const cards = page.getByTestId('decision-influence').getByRole('listitem');
    await expect(cards).toHaveCount(20);
    const more = page.getByRole('button', {
      name:
        lang === 'fr'
          ? `Afficher ${allDecisions - 20} de plus (il en reste ${allDecisions - 20})`
          : `Show ${allDecisions - 20} more (${allDecisions - 20} left)`,
    });
    await more.click();
    await expect(cards).toHaveCount(allDecisions);
    await expect(cards.nth(20)).toBeFocused();
    await expect(more).toHaveCount(0);
    // A co-decided one, with its evidence.
    const coDecided = seed.items.flatMap((i) => i.decisions).find((d) => d.influence === 'co-decided')!;
    const card = page
      .getByTestId('decision-influence')
      .getByRole('listitem')
      .filter({ hasText: coDecided.title })
      .first();
    await expect(card).toContainText(lang === 'fr' ? 'Influence : Codécidée' : 'Influence: Co-decided');
    // Filtered by the influence recorded: as many co-decided decisions as the seed recorded.
    const coDecidedCount = seed.items
      .flatMap((i) => i.decisions)
      .filter((d) => d.influence === 'co-decided').length;
    await page
      .getByLabel(lang === 'fr' ? 'Influence consignée' : 'Influence recorded')
      .selectOption('co-decided');
    await expect(page.getByTestId('decision-influence').getByRole('listitem')).toHaveCount(
      Math.min(coDecidedCount, 20),
    );
    // The button counts what the filter keeps, not every decision.
    await expect(page.getByRole('button', { name: lang === 'fr' ? /^Afficher/ : /^Show/ })).toHaveCount(
      coDecidedCount > 20 ? 1 : 0,
    );
    await page.getByLabel(lang === 'fr' ? 'Influence consignée' : 'Influence recorded').selectOption('');
    await expectAccessible(page, `decisions ${lang}`);
    await page.screenshot({ path: `${SHOTS}/decisions-${lang}.png`, fullPage: true });

    // The questionnaire over the year: totals of the meetings whose questionnaire has closed with
    // enough answers of their own; the others are said to be left out, and why.
    await page
      .getByRole('tab', { name: lang === 'fr' ? 'Expérience des partenaires' : 'Partners’ experience' })
      .click();
    const q = questionnaireNow();
    expect(q.counted.length, 'meetings whose answers count').toBeGreaterThan(0);
    const experience = page.getByTestId('experience-results');
    await expect(experience.getByRole('table')).toContainText(num(q.answers(q.counted), lang));
    await expect(experience).toContainText(
      lang === 'fr'
        ? 'Les réponses d’une rencontre ne comptent qu’à partir de 5 réponses à cette rencontre, pour que personne ne puisse être reconnu.'
        : 'A meeting’s answers count only from 5 answers at that meeting, so that no one can be recognised.',
    );
    const leftOut = experience.getByTestId('experience-left-out');
    if (q.below.length)
      await expect(leftOut).toContainText(
        lang === 'fr'
          ? q.below.length === 1
            ? `1 rencontre n’est pas comptée : elle a reçu moins de 5 réponses`
            : `${q.below.length} rencontres ne sont pas comptées : chacune a reçu moins de 5 réponses (${q.answers(q.below)} réponses en tout).`
          : q.below.length === 1
            ? `1 meeting is not counted: it had fewer than 5 answers`
            : `${q.below.length} meetings are not counted: each had fewer than 5 answers (${q.answers(q.below)} answers in all).`,
      );
    if (q.open.length)
      await expect(leftOut).toContainText(
        lang === 'fr'
          ? `${q.open.length === 1 ? '1 rencontre n’est' : `${q.open.length} rencontres ne sont`} pas encore comptée`
          : `${q.open.length === 1 ? '1 meeting is' : `${q.open.length} meetings are`} not counted yet`,
      );
    // A statement some partners skipped: a meeting where fewer than 5 answered it is left out of it.
    expect(q.preparedWithheld, 'answers to a skipped statement left out').toBeGreaterThan(0);
    await expect(
      experience.getByRole('row', {
        name:
          lang === 'fr' ? /J’avais ce qu’il me fallait pour participer/ : /I had what I needed to take part/,
      }),
    ).toContainText(
      lang === 'fr'
        ? `(et ${q.preparedWithheld} laissée${q.preparedWithheld > 1 ? 's' : ''} de côté)`
        : `(and ${q.preparedWithheld} left out)`,
    );
    await expect(experience.getByTestId('experience-withheld')).toContainText(
      lang === 'fr'
        ? 'Une rencontre compte pour un énoncé seulement si au moins 5 personnes y ont répondu'
        : 'A meeting counts for a statement only if at least 5 people answered it',
    );
    await expectAccessible(page, `experience ${lang}`);
    await page.screenshot({ path: `${SHOTS}/experience-${lang}.png`, fullPage: true });

    // A period that ends before it starts is refused in plain words, before anything is asked.
    await fillDate(dateField(page, lang === 'fr' ? 'Au' : 'To'), '2025-06-30');
    await expect(page.getByRole('alert')).toHaveText(
      lang === 'fr'
        ? 'La période doit commencer au plus tard le jour où elle se termine.'
        : 'The period must start on or before the day it ends.',
    );
    await page.getByLabel(lang === 'fr' ? 'Année' : 'Year').selectOption('all');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('experience-results').getByRole('table')).toContainText(
      num(q.answers(q.counted), lang),
    );
    await context.close();
  });
}

test('at a phone’s width, the charts’ labels do not run into each other', async ({ browser }) => {
  const coChair = person('Amina Tremblay');
  const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 400, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(coChair.token, `/committees/${seed.committeeId}/partnership`));
  type Box = { x: number; y: number; width: number; height: number };
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.width - 1 &&
    b.x < a.x + a.width - 1 &&
    a.y < b.y + b.height - 1 &&
    b.y < a.y + a.height - 1;
  for (const chart of ['balance-summary', 'balance-meetings', 'balance-shaped-chart']) {
    const figure = page.getByTestId(chart);
    await expect(figure.locator('.recharts-bar-rectangle').first()).toBeVisible();
    // The shares written in the bars, and the names of the bars (each line of them).
    const boxes = async (selector: string) =>
      (
        await figure.locator(selector).evaluateAll((els) =>
          els
            .filter((e) => (e.textContent ?? '').trim())
            .map((e) => {
              const r = e.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent ?? '' };
            }),
        )
      ).filter((b) => b.width > 0);
    const labels = await boxes('.recharts-label-list text');
    const names = await boxes('.recharts-yAxis .recharts-cartesian-axis-tick text tspan');
    expect(labels.length, chart).toBeGreaterThan(0);
    const all = [...labels, ...names];
    const clashes: string[] = [];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++)
        if (overlap(all[i]!, all[j]!)) clashes.push(`${all[i]!.text} / ${all[j]!.text}`);
    expect(clashes, chart).toEqual([]);
  }
  await page.screenshot({ path: `${SHOTS}/balance-narrow-fr.png`, fullPage: true });
  await context.close();
});

test('the partnership report: written parts saved, PDF, Word and Markdown downloaded with the GRIPP2-SF parts', async ({
  browser,
}) => {
  const coChair = person('Amina Tremblay');
  const { context, page } = await open(
    browser,
    coChair.token,
    'en',
    `/committees/${seed.committeeId}/partnership`,
  );
  await page.getByRole('tab', { name: 'Partnership report' }).click();
  const report = page.getByTestId('report');
  await expect(report).toContainText('GRIPP2-SF is a short');
  const aim = report
    .getByRole('region', { name: '1. Aim of the involvement' })
    .getByLabel('What the committee writes for this part');
  await aim.fill('Bring the voice of patients and families into every decision of the year.');
  await report.getByRole('button', { name: 'Save the written parts' }).click();
  await expect(report.getByRole('status').filter({ hasText: 'The written parts were saved.' })).toBeVisible();
  // Filled in the committee's language (French), from what the seed did: at which stages (the
  // items of each purpose), the decisions partners shaped or co-decided month by month, and each
  // of them with its meeting and day.
  const stages = report.getByRole('table', { name: /^Étapes : les points à l’ordre du jour/ });
  for (const [purpose, label] of [
    ['information', 'Information'],
    ['consultation', 'Consultation'],
    ['deliberation', 'Délibération'],
    ['decision', 'Décision'],
  ] as const) {
    const row = stages
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    await expect(row.getByRole('cell').first(), label).toHaveText(
      String(seed.items.filter((i) => i.purpose === purpose).length),
    );
  }
  await expect(
    report
      .getByRole('table', { name: 'Décisions façonnées ou codécidées par les partenaires, mois par mois' })
      .locator('tbody tr'),
  ).toHaveCount(seed.meetings.length);
  const changed = seed.items.flatMap((i) =>
    i.decisions
      .filter((d) => d.influence === 'shaped' || d.influence === 'co-decided')
      .map((d) => ({ title: d.title, meeting: seed.meetings.find((m) => m.id === i.meetingId)! })),
  );
  const evidence = report
    .getByRole('table', { name: 'Ce qui a changé grâce aux partenaires' })
    .locator('tbody tr');
  await expect(evidence).toHaveCount(changed.length);
  for (const [i, c] of changed.entries())
    await expect(evidence.nth(i).locator('td').first()).toHaveText(
      `${c.meeting.title}, ${new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long' }).format(new Date(c.meeting.startsAt))}`,
    );
  await expectAccessible(page, 'report en');
  await page.screenshot({ path: `${SHOTS}/report-en.png`, fullPage: true });

  const exportMenu = page.getByTestId('report-export-menu');
  const downloaded = async (label: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportMenu.getByRole('button', { name: label }).click(),
    ]);
    const path = `${SHOTS}/${download.suggestedFilename()}`;
    await download.saveAs(path);
    return { name: download.suggestedFilename(), path };
  };
  const md = await downloaded('Markdown');
  expect(md.name).toMatch(/\.md$/);
  const text = readFileSync(md.path, 'utf8');
  // The report's own parts, as the API names them in the committee's language.
  const api = await hub.api<PartnershipReport>(
    'report.get',
    { committeeId: seed.committeeId, from: '2026-01-01', to: '2026-12-31' },
    coChair.token,
  );
  expect(api.sections.map((s) => s.key)).toEqual(['aim', 'methods', 'results', 'impact', 'reflections']);
  for (const s of api.sections) expect(text).toContain(`## ${s.title}`);
  expect(text).toContain('Bring the voice of patients and families into every decision of the year.');
  const pdf = await downloaded('PDF');
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(readFileSync(pdf.path).subarray(0, 5).toString()).toBe('%PDF-');
  const docx = await downloaded('Word (DOCX)');
  expect(docx.name).toMatch(/\.docx$/);
  expect(readFileSync(docx.path).subarray(0, 2).toString()).toBe('PK');

  // In French, the same report, read back.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(
    report.getByRole('region', { name: '1. But de la participation' }).getByRole('textbox'),
  ).toHaveValue('Bring the voice of patients and families into every decision of the year.');
  // The period as the app says a day everywhere in French: « 1er janvier ».
  await expect(report.getByText(/^Du .* au /)).toContainText('Du 1er janvier 2026 au 31 décembre 2026');
  await expectAccessible(page, 'report fr');
  await page.screenshot({ path: `${SHOTS}/report-fr.png`, fullPage: true });
  await context.close();
});

test('after a meeting: a partner answers the questionnaire anonymously and is told when results will show; the co-chair sees no totals before', async ({
  browser,
}) => {
  const coChair = person('Amina Tremblay');
  const partner = person('Louise Bouchard');
  // A meeting held just now (the hub runs on the real clock), that she attended.
  const meeting = await hub.api<{ id: string }>('meetings.create', {
    committeeId: seed.committeeId,
    title: 'Rencontre extraordinaire',
    startsAt: new Date().toISOString(),
  });
  await hub.api('attendance.set', { meetingId: meeting.id, memberId: partner.member.id, status: 'present' });
  await hub.api('meetings.start', { id: meeting.id });
  await hub.api('meetings.close', { id: meeting.id });
  const status = await hub.api<QuestionnaireStatus>(
    'questionnaire.status',
    { meetingId: meeting.id },
    partner.token,
  );
  expect(status).toMatchObject({ canAnswer: true, open: true, minimum: 5 });
  const closesAt = status.closesAt!;
  expect(Date.parse(closesAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);

  const p = await open(browser, partner.token, 'fr', `/meetings/${meeting.id}`);
  const form = p.page.getByTestId('questionnaire');
  await expect(form).toContainText('Vos réponses sont anonymes');
  await expect(form).toContainText('au moins 5 personnes ont répondu pour cette rencontre');
  // Until when she may answer, and when the results will show.
  const whenResults = `Les résultats seront montrés une fois le questionnaire fermé, le ${instant(closesAt, 'fr')}, s’il y a au moins 5 réponses à cette rencontre.`;
  await expect(form.getByTestId('questionnaire-when')).toHaveText(
    `Vous pouvez répondre jusqu’au ${instant(closesAt, 'fr', true)}. ${whenResults}`,
  );
  await form.getByRole('group', { name: 'On m’a écouté·e.' }).getByLabel('D’accord', { exact: true }).check();
  await form.getByRole('group', { name: 'Mon apport a compté.' }).getByLabel('Tout à fait d’accord').check();
  await expectAccessible(p.page, 'questionnaire fr');
  // The form stands apart from the run panel beside the meeting's tabs, below it.
  const formBox = (await form.boundingBox())!;
  const runBox = (await p.page
    .getByRole('complementary', { name: 'Déroulement de la rencontre' })
    .boundingBox())!;
  expect(runBox.y).toBeGreaterThanOrEqual(formBox.y + formBox.height + 8);
  await form.scrollIntoViewIfNeeded();
  await p.page.screenshot({ path: `${SHOTS}/questionnaire-fr.png`, fullPage: true });
  await form.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await expect(
    p.page.getByRole('status').filter({ hasText: 'Merci. Vos réponses ont été consignées sans votre nom.' }),
  ).toBeVisible();
  await expect(form).toBeHidden();
  await expect(p.page.getByTestId('questionnaire-answered')).toHaveText(whenResults);
  // Once only: opened again, it is not offered; she is told she answered, and when results show.
  await p.page.reload();
  await expect(p.page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(p.page.getByRole('tab', { name: 'Suites données' })).toBeVisible();
  await expect(p.page.getByTestId('questionnaire-answered')).toHaveText(
    `Vous avez répondu au questionnaire de cette rencontre. Merci.${whenResults}`,
  );
  await expect(p.page.getByTestId('questionnaire')).toHaveCount(0);
  await expectAccessible(p.page, 'questionnaire answered fr');
  await p.page.screenshot({ path: `${SHOTS}/questionnaire-answered-fr.png`, fullPage: true });
  await p.context.close();

  // The co-chair sees no totals while it is open, and when they will show.
  const c = await open(browser, coChair.token, 'fr', `/meetings/${meeting.id}`);
  await expect(c.page.getByTestId('experience-hidden')).toHaveText(
    `Les résultats seront montrés une fois le questionnaire fermé, le ${instant(closesAt, 'fr')}, s’il y a au moins 5 réponses à cette rencontre. Réponses reçues jusqu’ici : 1.`,
  );
  await expect(c.page.getByTestId('experience-results').getByRole('table')).toHaveCount(0);
  await expect(c.page.getByTestId('questionnaire')).toHaveCount(0);
  await expectAccessible(c.page, 'questionnaire results fr');
  await c.page.getByTestId('experience-results').scrollIntoViewIfNeeded();
  await c.page.screenshot({ path: `${SHOTS}/questionnaire-results-open-fr.png`, fullPage: true });
  // A seeded meeting whose questionnaire closed with fewer than 5 answers never shows any.
  const few = questionnaireNow().below[0];
  if (few) {
    await c.page.goto(hub.joinLink(coChair.token, `/meetings/${few.id}`));
    const n = seed.questionnaire.perMeeting[few.id]!;
    await expect(c.page.getByTestId('experience-hidden')).toHaveText(
      `Le questionnaire s’est fermé avec ${n} ${n === 1 ? 'réponse' : 'réponses'}. Il en faut au moins 5 pour montrer des résultats, pour que personne ne puisse être reconnu : ces réponses ne comptent dans aucun total.`,
    );
    await c.page.getByTestId('experience-results').scrollIntoViewIfNeeded();
    await c.page.screenshot({ path: `${SHOTS}/questionnaire-results-closed-fr.png`, fullPage: true });
  }
  await c.context.close();
});

test('notes of how input was used: a partner reads her own note, in the singular; the co-chair every partner’s', async ({
  browser,
}) => {
  const coChair = person('Amina Tremblay');
  const partner = person('Louise Bouchard');
  // A seeded meeting where she did something on an item.
  const meetingId = seed.items.find((i) => i.tally[partner.member.id])!.meetingId;

  const p = await open(browser, partner.token, 'fr', `/meetings/${meetingId}`);
  await p.page.getByRole('tab', { name: 'Suites données' }).click();
  const mine = p.page.getByTestId('input-used');
  // Her own note, and nobody else's, said as hers.
  await expect(mine.getByRole('heading', { level: 3 })).toHaveText([`Note pour ${partner.member.name}`]);
  await expect(mine).toContainText(
    'Une courte note pour vous : les points où vous avez contribué, et ce qu’il en est advenu. Imprimez-la, copiez-la ou téléchargez-la pour la garder.',
  );
  await expect(mine).not.toContainText('pour chaque partenaire');
  await expect(mine.getByRole('button', { name: 'Imprimer ma note' })).toBeVisible();
  await expect(mine.getByRole('button', { name: 'Imprimer les notes' })).toHaveCount(0);
  await expectAccessible(p.page, 'input used partner fr');
  await p.page.screenshot({ path: `${SHOTS}/input-used-partner-fr.png`, fullPage: true });
  await p.page.getByRole('button', { name: 'English' }).click();
  await expect(mine).toContainText(
    'A short note for you: the items where you contributed and what became of each. Print it, copy it or download it to keep it.',
  );
  await expect(mine.getByRole('button', { name: 'Print my note' })).toBeVisible();
  await p.context.close();

  const c = await open(browser, coChair.token, 'en', `/meetings/${meetingId}`);
  await c.page.getByRole('tab', { name: 'Input used' }).click();
  const all = c.page.getByTestId('input-used');
  await expect(all).toContainText('A short note for each partner');
  await expect(all.getByRole('button', { name: 'Print the notes' })).toBeVisible();
  await expect(all.getByRole('heading', { level: 3 }).first()).toContainText('Note for');
  expect(await all.getByRole('heading', { level: 3 }).count()).toBeGreaterThan(1);
  await expect(all.getByRole('button', { name: /Download the note/ }).first()).toBeVisible();
  await expectAccessible(c.page, 'input used en');
  await c.page.screenshot({ path: `${SHOTS}/input-used-en.png`, fullPage: true });
  await c.page.emulateMedia({ media: 'print' });
  await expect(all.getByRole('button', { name: /Download the note/ }).first()).toBeHidden();
  await expect(c.page.getByRole('tablist')).toBeHidden();
  await c.page.screenshot({ path: `${SHOTS}/input-used-print-en.png`, fullPage: true });
  await c.context.close();
});

test('a part of a long list that cannot come says so in plain words, and the button tries again', async ({
  browser,
}) => {
  const { context, page } = await open(
    browser,
    person('Amina Tremblay').token,
    'fr',
    `/committees/${seed.committeeId}`,
  );
  await page.getByTestId('partnership-link').click();
  await page.getByRole('tab', { name: 'Influence sur les décisions' }).click();
  const list = page.getByTestId('decision-influence');
  const cards = list.getByRole('listitem');
  await expect(cards).toHaveCount(20);
  const more = list.getByRole('button', { name: /^Afficher \d+ de plus/ });
  // The network lost: the next part cannot come. The cards shown stay, and the reason is said.
  await context.setOffline(true);
  await more.click();
  await expect(list.getByRole('alert')).toHaveText(
    'Un problème est survenu : L’hôte est injoignable. Vérifiez la connexion au réseau, puis réessayez.',
  );
  await expect(cards).toHaveCount(20);
  await expect(more).toBeFocused();
  await list.getByRole('alert').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/show-more-offline-fr.png` });
  // Back online, the same button brings it, and the message goes.
  await context.setOffline(false);
  await more.click();
  await expect(cards).toHaveCount(Math.min(40, seed.items.flatMap((i) => i.decisions).length));
  await expect(cards.nth(20)).toBeFocused();
  await expect(list.getByRole('alert')).toHaveCount(0);
  await context.close();
});

test('a committee with no meeting yet says so on its partnership screen', async ({ browser }) => {
  const committee = await hub.api<{ id: string }>('committees.create', {
    name: 'New committee',
    area: 'research',
    mandate: '',
  });
  for (const lang of ['en', 'fr'] as const) {
    const { context, page } = await open(browser, OWNER, lang, `/committees/${committee.id}/partnership`);
    await expect(page.getByTestId('partnership-empty')).toContainText(
      lang === 'fr' ? 'pas encore tenu de rencontre' : 'has not held a meeting yet',
    );
    // The committee filter lists both committees.
    await expect(page.getByLabel(lang === 'fr' ? 'Comité' : 'Committee', { exact: true })).toHaveValue(
      committee.id,
    );
    await expectAccessible(page, `empty ${lang}`);
    await page.screenshot({ path: `${SHOTS}/empty-${lang}.png`, fullPage: true });
    await context.close();
  }
});
