/**
 * The partnership screens on a realistic committee year made by scripts/seed-year.ts (run into a
 * temporary data folder, then the real hub opened on it): a member's page, the balance of voice,
 * promises not kept, influence on decisions, the GRIPP2-SF report and its exports, "how your input
 * was used" and the anonymous questionnaire, in English and French, checked with axe. Expected
 * figures come from the seed's own record of what it did.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedResult, SeedTally } from '../scripts/seed-year';
import type { PartnershipReport, QuestionnaireStatus } from '../src/shared/ledger';
import { HubProcess } from './hub';
import { dateField, fillDate } from './dates';

const OWNER = 'e2e-owner-token-partnership';
const SHOTS = 'test-results/partnership-screens';
let hub: HubProcess;
let seed: SeedResult;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dataDir = HubProcess.tempDataDir();
  const out = join(dataDir, 'seed.json');
  // The seed's command line, on the data folder the hub will open.
  execFileSync(process.execPath, ['--import', 'tsx', 'e2e/seed-year-data.ts', dataDir, out, 'fr'], {
    stdio: 'inherit',
  });
  seed = JSON.parse(readFileSync(out, 'utf8')) as SeedResult;
  hub = new HubProcess(dataDir, OWNER);
  await hub.start(0);
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

async function expectNoSeriousAxe(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`),
    what,
  ).toEqual([]);
}

const sum = (ts: SeedTally[], k: keyof SeedTally) => ts.reduce((n, t) => n + t[k], 0);

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
    await expect(figure('proposals')).toHaveText(
      num(tally.agendaItemsProposed + tally.decisionsProposed, lang),
    );
    await expect(figure('positions')).toHaveText(num(tally.positions, lang));
    await expect(figure('comments')).toHaveText(num(tally.comments, lang));

    // The chart is an image with a name, and its table is behind it: a row per month.
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
    await expect(mp.getByRole('table').getByRole('row')).toHaveCount(1 + 12);
    // The monthly speaking turns add up to the year's.
    const turnCells = await mp.getByRole('table').locator('tbody tr td:nth-of-type(1)').allTextContents();
    expect(turnCells.reduce((n, c) => n + Number(c.replace(/\D/g, '')), 0)).toBe(tally.speakingTurns);

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
    await expectNoSeriousAxe(page, `member page ${lang}`);
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
  await expectNoSeriousAxe(page, 'report read by a partner');
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
    await expectNoSeriousAxe(page, `balance ${lang}`);
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
    await expectNoSeriousAxe(page, `promises ${lang}`);
    await page.screenshot({ path: `${SHOTS}/promises-${lang}.png`, fullPage: true });

    // Influence on decisions: a co-decided one, with its evidence.
    await promisesTab.focus();
    await page.keyboard.press('ArrowRight');
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
    await expect(page.getByTestId('decision-influence').getByRole('listitem')).toHaveCount(coDecidedCount);
    await page.getByLabel(lang === 'fr' ? 'Influence consignée' : 'Influence recorded').selectOption('');
    await expectNoSeriousAxe(page, `decisions ${lang}`);
    await page.screenshot({ path: `${SHOTS}/decisions-${lang}.png`, fullPage: true });

    // The questionnaire over the year: enough answers, so totals are shown.
    await page
      .getByRole('tab', { name: lang === 'fr' ? 'Expérience des partenaires' : 'Partners’ experience' })
      .click();
    const answers = Object.values(seed.questionnaire.perMeeting).reduce((a, b) => a + b, 0);
    await expect(page.getByTestId('experience-results').getByRole('table')).toContainText(num(answers, lang));
    await expectNoSeriousAxe(page, `experience ${lang}`);
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
    await expect(page.getByTestId('experience-results').getByRole('table')).toContainText(num(answers, lang));
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
  for (const chart of ['balance-summary', 'balance-meetings']) {
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
  await expectNoSeriousAxe(page, 'report en');
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
  await expectNoSeriousAxe(page, 'report fr');
  await page.screenshot({ path: `${SHOTS}/report-fr.png`, fullPage: true });
  await context.close();
});

test('after a meeting: a partner answers the questionnaire anonymously; below the minimum the co-chair sees no totals; notes of how input was used', async ({
  browser,
}) => {
  const coChair = person('Amina Tremblay');
  // A meeting with few answers and a partner who attended and has not answered yet.
  let found: { meetingId: string; partner: (typeof seed.members)[number]; before: number } | null = null;
  for (const m of seed.meetings) {
    const before = seed.questionnaire.perMeeting[m.id] ?? 0;
    if (before + 1 >= 5) continue;
    for (const p of seed.members.filter((x) =>
      ['patient-partner', 'caregiver-partner'].includes(x.member.kind),
    )) {
      const s = await hub.api<QuestionnaireStatus>('questionnaire.status', { meetingId: m.id }, p.token);
      if (s.canAnswer) {
        found = { meetingId: m.id, partner: p, before };
        break;
      }
    }
    if (found) break;
  }
  expect(found, 'a meeting where a partner may still answer').not.toBeNull();
  const { meetingId, partner, before } = found!;

  const p = await open(browser, partner.token, 'fr', `/meetings/${meetingId}`);
  const form = p.page.getByTestId('questionnaire');
  await expect(form).toContainText('Vos réponses sont anonymes');
  await expect(form).toContainText('au moins 5 personnes');
  await form.getByRole('group', { name: 'On m’a écouté·e.' }).getByLabel('D’accord', { exact: true }).check();
  await form.getByRole('group', { name: 'Mon apport a compté.' }).getByLabel('Tout à fait d’accord').check();
  await expectNoSeriousAxe(p.page, 'questionnaire fr');
  // The form stands apart from the run panel beside the meeting's tabs, below it.
  const formBox = (await form.boundingBox())!;
  const runBox = (await p.page
    .getByRole('complementary', { name: 'Déroulement de la rencontre' })
    .boundingBox())!;
  expect(runBox.y).toBeGreaterThanOrEqual(formBox.y + formBox.height + 8);
  await p.page.screenshot({ path: `${SHOTS}/questionnaire-fr.png`, fullPage: true });
  await form.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await expect(
    p.page.getByRole('status').filter({ hasText: 'Merci. Vos réponses ont été consignées sans votre nom.' }),
  ).toBeVisible();
  await expect(form).toBeHidden();
  // Once only: opened again, it is not offered.
  await p.page.reload();
  await expect(p.page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(p.page.getByRole('tab', { name: 'Suites données' })).toBeVisible();
  await expect(p.page.getByTestId('questionnaire')).toHaveCount(0);
  // Her own note of how her input was used, and nobody else's.
  await p.page.getByRole('tab', { name: 'Suites données' }).click();
  const notes = p.page.getByTestId('input-used');
  await expect(notes.getByRole('heading', { level: 3 })).toHaveText([`Note pour ${partner.member.name}`]);
  await p.page.screenshot({ path: `${SHOTS}/input-used-partner-fr.png`, fullPage: true });
  await p.context.close();

  const c = await open(browser, coChair.token, 'en', `/meetings/${meetingId}`);
  await expect(c.page.getByTestId('experience-results')).toContainText(
    `Not enough answers yet (${before + 1} answer${before + 1 === 1 ? '' : 's'}, fewer than 5): totals are hidden.`,
  );
  await expect(c.page.getByTestId('questionnaire')).toHaveCount(0);
  await c.page.getByRole('tab', { name: 'Input used' }).click();
  const all = c.page.getByTestId('input-used');
  await expect(all.getByRole('heading', { level: 3 }).first()).toContainText('Note for');
  await expect(all.getByRole('button', { name: /Download the note/ }).first()).toBeVisible();
  await expectNoSeriousAxe(c.page, 'input used en');
  await c.page.screenshot({ path: `${SHOTS}/input-used-en.png`, fullPage: true });
  await c.page.emulateMedia({ media: 'print' });
  await expect(all.getByRole('button', { name: /Download the note/ }).first()).toBeHidden();
  await expect(c.page.getByRole('tablist')).toBeHidden();
  await c.page.screenshot({ path: `${SHOTS}/input-used-print-en.png`, fullPage: true });
  await c.context.close();
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
    await expectNoSeriousAxe(page, `empty ${lang}`);
    await page.screenshot({ path: `${SHOTS}/empty-${lang}.png`, fullPage: true });
    await context.close();
  }
});
