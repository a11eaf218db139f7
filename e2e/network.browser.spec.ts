/**
 * Hosting on the network: a hub bound to loopback (the default) says nothing; one opened to the
 * network (`--host 0.0.0.0`, as the desktop app's File › Let others on this network join) shows
 * its host the addresses others reach it at, and each invitation link at each of them. Members
 * do not see the notice.
 */
import { expect, test } from '@playwright/test';
import { networkInterfaces } from 'node:os';
import { expectAccessible, say } from './a11y';
import { HubProcess } from './hub';

const lanAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && !a.internal && a.family === 'IPv4')
  .map((a) => a!.address);

const hubs: HubProcess[] = [];
test.afterAll(async () => {
  for (const h of hubs) {
    await h.stop();
    h.removeData();
  }
});

async function startHub(host?: string): Promise<HubProcess> {
  const hub = new HubProcess(HubProcess.tempDataDir(), 'e2e-owner-token-network');
  hubs.push(hub);
  await hub.start(0, host);
  await hub.api('committees.create', { name: 'Comité de la recherche', area: 'research' });
  return hub;
}

test('a hub on loopback shows no network notice', async ({ page }) => {
  const hub = await startHub();
  await page.goto(hub.joinLink(hub.ownerToken));
  await expect(page.getByRole('heading', { name: 'Committees' })).toBeVisible();
  await expect(page.getByTestId('network-notice')).toHaveCount(0);
});

test('a hub open to the network shows its host the addresses and the invitation link at each', async ({
  page,
  browser,
}, testInfo) => {
  test.skip(!lanAddresses.length, 'this machine has no network address besides loopback');
  const hub = await startHub('0.0.0.0');
  const [committee] = await hub.api<{ id: string }[]>('committees.list', {});
  await page.goto(hub.joinLink(hub.ownerToken, `/committees/${committee!.id}`));
  const notice = page.getByRole('region', { name: 'Others on this network can join' });
  await expect(notice).toBeVisible();
  for (const address of lanAddresses) await expect(notice).toContainText(`http://${address}:${hub.port}`);
  await expect(notice).not.toContainText('127.0.0.1');
  await page.screenshot({ path: testInfo.outputPath('network-notice-en.png'), fullPage: true });
  await expectAccessible(page, 'the network notice');

  // An invitation made now has a link at each address.
  await page.getByLabel('Full name').fill('Nadia Chercheuse');
  await page.getByLabel('Kind').selectOption('researcher');
  await page.getByLabel('Role', { exact: true }).selectOption('member');
  await page.getByLabel('Engagement level').selectOption('collaboration');
  await page.getByRole('button', { name: 'Add a member' }).click();
  const invite = page.getByTestId('invite');
  await expect(invite.getByRole('heading', { name: 'Invitation for Nadia Chercheuse' })).toBeVisible();
  const links = invite.getByRole('textbox');
  await expect(links.first()).toHaveValue(
    new RegExp(`^http://${lanAddresses[0]!.replaceAll('.', '\\.')}:${hub.port}/#token=`),
  );
  await expectAccessible(page, 'the invitation with a link at each address');

  // The same notice and links, in French.
  const fr = await browser.newContext({ locale: 'fr-CA' });
  const f = await fr.newPage();
  await f.goto(hub.joinLink(hub.ownerToken, `/committees/${committee!.id}`));
  await expect(f.getByRole('region', { name: say('fr', (m) => m.network.title) })).toBeVisible();
  await expectAccessible(f, 'the network notice');
  await fr.close();

  // The member, joining with their link, does not see the host's notice.
  const guest = await browser.newContext({ locale: 'en-US' });
  const g = await guest.newPage();
  const link = (await links.last().inputValue()).replace(/^http:\/\/[^/]+/, hub.url);
  await g.goto(link);
  await expect(g.getByTestId('whoami')).toContainText('Nadia Chercheuse');
  await expect(g.getByTestId('network-notice')).toHaveCount(0);
  await guest.close();
});
