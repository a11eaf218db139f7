import { expect, test, type Browser, type Page } from '@playwright/test';
import { HubProcess, type Added } from './hub';
import { caretToEnd } from './editor';

let hub: HubProcess;
let meetingId: string;
let chair: Added;
let partner: Added;
let secretary: Added;
let februaryId: string;

test.beforeAll(async () => {
  hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-456');
  await hub.start(0);
  const committee = await hub.committee({ name: 'Comité des usagers', area: 'care-and-services' });
  chair = await committee.add('Karim Haddad', 'professional', 'co-chair');
  partner = await committee.add('Amélie Tremblay', 'patient-partner', 'member');
  secretary = await committee.add('Sophie Gagnon', 'staff', 'secretary');
  const meeting = await committee.meeting({
    title: 'Rencontre de janvier',
    startsAt: '2027-01-14T18:00:00Z',
  });
  meetingId = meeting.id;
  const february = await committee.meeting({
    title: 'Rencontre de février',
    startsAt: '2027-02-11T18:00:00Z',
  });
  februaryId = february.id;
});

test.afterAll(async () => {
  await hub.stop();
  hub.removeData();
});

async function open(browser: Browser, who: Added, locale = 'fr-CA'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(hub.joinLink(who.token, `/meetings/${meetingId}`));
  await expect(page.getByRole('heading', { name: 'Rencontre de janvier' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText(/En direct|Live/);
  return page;
}

const minutes = (page: Page) => page.locator('.minutes-body');
const statusBar = (page: Page) => page.getByTestId('minutes-status');
const versionsList = (page: Page) => page.getByTestId('versions-list');
const tab = (page: Page, name: RegExp) => page.getByRole('tab', { name }).click();

test('partners save, compare and restore versions; the minutes are circulated, approved and amended', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const a = await open(browser, partner);
  const k = await open(browser, chair);
  const s = await open(browser, secretary, 'en-CA');
  for (const p of [a, k]) await tab(p, /Compte rendu/);
  await tab(s, /Minutes/);

  // A draft: everyone can write; the partner has no action on the status, and is told who has.
  await expect(statusBar(a)).toHaveAttribute('data-status', 'draft');
  await expect(statusBar(a)).toContainText('Brouillon — tout le monde peut écrire');
  await expect(statusBar(a)).toContainText('le secrétariat ou la coprésidence le diffuse pour commentaires');
  await expect(statusBar(a).getByRole('button')).toHaveCount(0);
  await expect(statusBar(s).getByRole('button', { name: 'Circulate for review' })).toBeVisible();
  await expect(statusBar(s).getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // The partner writes, then saves a version from the Versions tab (empty until then).
  await minutes(a).click();
  await a.keyboard.type('Ouverture de la rencontre par la coprésidence.');
  await expect(minutes(k)).toContainText('Ouverture de la rencontre par la coprésidence.');
  await tab(a, /Versions/);
  await expect(a.getByTestId('versions-empty')).toContainText('Aucune version pour l’instant');
  await a.screenshot({ path: testInfo.outputPath('versions-empty-fr.png'), fullPage: true });
  // A name is required.
  await a.getByRole('button', { name: 'Enregistrer une version' }).click();
  await expect(a.getByTestId('versions').getByRole('alert')).toHaveText('Donnez un nom à la version.');
  await a.getByLabel('Nom de la version').fill('Après l’ouverture');
  await a.getByRole('button', { name: 'Enregistrer une version' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'enregistrée' })).toHaveText(
    'Version « Après l’ouverture » enregistrée.',
  );
  await expect(versionsList(a).locator('li')).toHaveCount(1);
  await expect(versionsList(a)).toContainText('Après l’ouverture');
  await expect(versionsList(a)).toContainText('par Amélie Tremblay');

  // She writes more; comparing the version with the current text shows the added words, marked.
  await tab(a, /Compte rendu/);
  await caretToEnd(a);
  await a.keyboard.press('Enter');
  await a.keyboard.type('Le comité adopte le plan d’action.');
  await expect(minutes(k)).toContainText('Le comité adopte le plan d’action.');
  await tab(a, /Versions/);
  await a.getByLabel('Nom de la version').fill('Avec le plan d’action');
  await a.getByRole('button', { name: 'Enregistrer une version' }).click();
  await expect(versionsList(a).locator('li')).toHaveCount(2);
  await a.getByRole('button', { name: 'Comparer « Après l’ouverture » avec le texte actuel' }).click();
  const result = a.getByTestId('diff-result');
  await expect(result.getByRole('heading')).toHaveText(
    'Comparaison de « Après l’ouverture » avec le texte actuel',
  );
  await expect(result.getByRole('heading')).toBeFocused();
  const added = a.getByTestId('diff').locator('ins');
  await expect(added).toHaveCount(1);
  await expect(added).toContainText('Le comité adopte le plan d’action.');
  await expect(added.locator('.diff-mark')).toHaveText('+');
  await expect(a.getByTestId('diff').locator('del')).toHaveCount(0);
  await expect(a.getByTestId('diff-summary')).toHaveText('6 mots ajoutés. 0 mot retiré.');
  await expect(result).toContainText('Texte ajouté : après un signe +, souligné');
  // The other way, chosen in the form: the words are removed, after a "−", struck through.
  await a.getByLabel('Comparer la version', { exact: true }).selectOption({ label: 'Avec le plan d’action' });
  await a.getByLabel('Avec', { exact: true }).selectOption({ label: 'Après l’ouverture' });
  await a.getByRole('button', { name: 'Comparer', exact: true }).click();
  await expect(result.getByRole('heading')).toHaveText(
    'Comparaison de « Avec le plan d’action » avec « Après l’ouverture »',
  );
  const removed = a.getByTestId('diff').locator('del');
  await expect(removed).toContainText('Le comité adopte le plan d’action.');
  await expect(removed.locator('.diff-mark')).toHaveText('−');
  await expect(a.getByTestId('diff').locator('ins')).toHaveCount(0);
  await expect(a.getByTestId('diff-summary')).toHaveText('0 mot ajouté. 6 mots retirés.');
  await a.screenshot({ path: testInfo.outputPath('versions-removed-fr.png'), fullPage: true });
  // Two identical texts.
  await a.getByLabel('Comparer la version', { exact: true }).selectOption({ label: 'Après l’ouverture' });
  await a.getByRole('button', { name: 'Comparer', exact: true }).click();
  await expect(a.getByTestId('diff-summary')).toHaveText(
    'Aucune différence : les deux textes sont identiques.',
  );
  await a.getByRole('button', { name: 'Comparer « Après l’ouverture » avec le texte actuel' }).click();
  await expect(added).toContainText('Le comité adopte');
  await a.screenshot({ path: testInfo.outputPath('versions-compare-fr.png'), fullPage: true });

  // Viewing the version shows its text only, read-only.
  await a.getByRole('button', { name: 'Voir la version « Après l’ouverture »' }).click();
  const view = a.getByRole('dialog', { name: 'Version « Après l’ouverture »' });
  await expect(view.getByTestId('version-html')).toContainText(
    'Ouverture de la rencontre par la coprésidence.',
  );
  await expect(view.getByTestId('version-html')).not.toContainText('adopte');
  await expect(view.locator('[contenteditable="true"], script')).toHaveCount(0);
  await a.screenshot({ path: testInfo.outputPath('versions-view-fr.png') });
  await view.getByRole('button', { name: 'Fermer' }).click();
  await expect(view).toHaveCount(0);

  // Restoring asks first, says the current text is kept, then the text goes back for everyone.
  await a.getByRole('button', { name: 'Rétablir la version « Après l’ouverture »' }).click();
  const confirm = a.getByRole('alertdialog', { name: 'Rétablir « Après l’ouverture » ?' });
  await expect(confirm).toContainText('Une copie du texte actuel est d’abord conservée comme version');
  await a.screenshot({ path: testInfo.outputPath('versions-restore-fr.png') });
  await confirm.getByRole('button', { name: 'Rétablir cette version' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(a.getByRole('status').filter({ hasText: 'est revenu' })).toContainText(
    'Le compte rendu est revenu à « Après l’ouverture ».',
  );
  await expect(minutes(k)).not.toContainText('adopte');
  await expect(minutes(k)).toContainText('Ouverture de la rencontre par la coprésidence.');
  await expect(minutes(a)).not.toContainText('adopte');
  await expect(versionsList(a).locator('li')).toHaveCount(3);
  await expect(a.getByTestId('diff-result')).toHaveCount(0); // stale once the text went back
  await expect(versionsList(a).locator('li').first()).toContainText(
    'Avant le rétablissement de « Après l’ouverture »',
  );

  // The secretary circulates: within a few seconds the partner sees it, and her editor is read-only.
  await tab(a, /Compte rendu/);
  await expect(minutes(a)).toHaveAttribute('contenteditable', 'true');
  await statusBar(s).getByRole('button', { name: 'Circulate for review' }).click();
  await expect(statusBar(s)).toContainText('Circulated for review — only comments until approval');
  await expect(statusBar(a)).toHaveAttribute('data-status', 'circulated');
  await expect(statusBar(a)).toContainText('Diffusé pour commentaires — seulement des commentaires');
  await expect(statusBar(a).getByRole('status')).toContainText(
    'Le compte rendu est maintenant diffusé pour commentaires',
  );
  await expect(minutes(a)).toHaveAttribute('contenteditable', 'false');
  await expect(minutes(a)).toHaveAttribute('aria-readonly', 'true');
  await expect(a.getByTestId('minutes-locked')).toContainText('Le texte est verrouillé');
  await expect(a.getByRole('toolbar', { name: 'Mise en forme' })).toHaveCount(0);
  await expect(statusBar(s).getByRole('button', { name: 'Back to draft' })).toBeVisible();
  await statusBar(s).screenshot({ path: testInfo.outputPath('status-circulated-en.png') });
  await statusBar(a).screenshot({ path: testInfo.outputPath('status-circulated-fr.png') });
  // Restoring is now refused, with the reason given.
  await tab(a, /Versions/);
  await expect(versionsList(a).locator('li')).toHaveCount(4);
  await expect(versionsList(a).locator('li').first()).toContainText('Diffusé le');
  const restore = a.getByRole('button', { name: 'Rétablir la version « Après l’ouverture »' });
  await expect(restore).toBeDisabled();
  await expect(restore).toHaveAccessibleDescription(
    /on ne peut pas rétablir une version avant qu’il revienne/,
  );
  await a.screenshot({ path: testInfo.outputPath('versions-locked-fr.png'), fullPage: true });

  // The co-chair approves, at the next meeting, after confirming.
  await expect(statusBar(k)).toHaveAttribute('data-status', 'circulated');
  await statusBar(k).getByRole('button', { name: 'Approuver' }).click();
  const approve = k.getByRole('alertdialog', { name: 'Approuver le compte rendu ?' });
  await expect(approve).toContainText('personne ne peut modifier le texte');
  await approve.getByLabel('Approuvé à quelle rencontre (facultatif)').selectOption(februaryId);
  await k.screenshot({ path: testInfo.outputPath('status-approve-dialog-fr.png') });
  await approve.getByRole('button', { name: 'Approuver et verrouiller' }).click();
  await expect(approve).toHaveCount(0);
  const state = await hub.api<{ approvals: { sha256: string }[] }>('minutes.get', { meetingId });
  const sha = state.approvals[0]!.sha256;
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await expect(statusBar(k)).toHaveAttribute('data-status', 'approved');
  await expect(statusBar(k)).toContainText(/Approuvé le .* par Karim Haddad — verrouillé/);
  await expect(statusBar(k)).toContainText('Approuvé à la rencontre « Rencontre de février »');
  const fingerprint = statusBar(k).getByTestId('minutes-fingerprint');
  await expect(fingerprint.locator('code')).toHaveText(`${sha.slice(0, 12)}…`);
  await fingerprint.getByRole('button', { name: 'Afficher au complet' }).click();
  await expect(fingerprint.locator('code')).toHaveText(sha);
  await expect(fingerprint.getByRole('button', { name: 'Afficher en abrégé' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await statusBar(k).screenshot({ path: testInfo.outputPath('status-approved-fr.png') });
  // Locked for everyone, the co-chair included.
  await expect(minutes(k)).toHaveAttribute('contenteditable', 'false');
  await expect(statusBar(s)).toContainText(/Approved on .* by Karim Haddad — locked/);
  await expect(minutes(s)).toHaveAttribute('contenteditable', 'false');
  await expect(statusBar(s).getByRole('button')).toHaveCount(1); // "Show in full" only
  await tab(a, /Compte rendu/);
  await expect(statusBar(a)).toContainText('Approuvé le');
  await expect(minutes(a)).toHaveAttribute('contenteditable', 'false');
  await statusBar(s).screenshot({ path: testInfo.outputPath('status-approved-en.png') });

  // The co-chair amends: the reason is required, then everyone can write again.
  await statusBar(k).getByRole('button', { name: 'Amender' }).click();
  const amend = k.getByRole('dialog', { name: 'Amender le compte rendu approuvé' });
  await amend.getByRole('button', { name: 'Ouvrir pour amendement' }).click();
  await expect(amend.getByRole('alert')).toHaveText('Écrivez le motif de l’amendement.');
  await expect(amend.getByLabel(/Motif de l’amendement/)).toHaveAttribute('aria-invalid', 'true');
  await amend.getByLabel(/Motif de l’amendement/).fill('Corriger le nom d’une participante.');
  await k.screenshot({ path: testInfo.outputPath('status-amend-dialog-fr.png') });
  await amend.getByRole('button', { name: 'Ouvrir pour amendement' }).click();
  await expect(amend).toHaveCount(0);
  await expect(statusBar(k)).toContainText(
    'En cours d’amendement — motif : Corriger le nom d’une participante.',
  );
  await expect(statusBar(a)).toHaveAttribute('data-status', 'amending');
  await expect(minutes(a)).toHaveAttribute('contenteditable', 'true');
  await expect(a.getByTestId('minutes-locked')).toHaveCount(0);
  await caretToEnd(a);
  await a.keyboard.type(' Correction apportée.');
  await expect(minutes(k)).toContainText('Correction apportée.');
  await statusBar(k).screenshot({ path: testInfo.outputPath('status-amending-fr.png') });

  // The same, in English.
  await k.getByRole('button', { name: 'English' }).click();
  await expect(statusBar(k)).toContainText('Being amended — reason: Corriger le nom d’une participante.');
  await statusBar(k).screenshot({ path: testInfo.outputPath('status-amending-en.png') });
  await tab(k, /Versions/);
  await expect(versionsList(k).locator('li').first()).toContainText(/Approved on/);
  await k.getByRole('button', { name: 'Compare “Après l’ouverture” with the current text' }).click();
  await expect(k.getByTestId('diff-summary')).toContainText('words added.');
  await k.screenshot({ path: testInfo.outputPath('versions-en.png'), fullPage: true });
  await tab(s, /Versions/);
  await s.screenshot({ path: testInfo.outputPath('versions-secretary-en.png'), fullPage: true });

  for (const p of [a, k, s]) await p.context().close();
});

test('the secretary exports the minutes as PDF, Word, Markdown and HTML from the meeting screen', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'fr-CA', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(hub.joinLink(secretary.token, `/meetings/${meetingId}`));
  await page.getByRole('tab', { name: 'Compte rendu' }).click();
  for (const [label, ext] of [
    ['PDF', '.pdf'],
    ['Word', '.docx'],
    ['Markdown', '.md'],
    ['HTML', '.html'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: new RegExp(label) }).click();
    const file = await download;
    expect(file.suggestedFilename().endsWith(ext)).toBe(true);
    expect(file.suggestedFilename()).toContain('Rencontre');
  }
  await context.close();
});
