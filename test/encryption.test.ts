/**
 * Encryption at rest: with a key, the database, its WAL and its backups hold no plain text of the
 * minutes; a wrong key fails closed (and changes no file); the right key opens everything.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core, StorageError } from '../src/core';
import { encryptWorkspace } from '../src/core/store/encryption';
import {
  OWNER_TOKEN,
  call,
  minutesText,
  openCore,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  tempDir,
  waitFor,
  within,
  writeParagraph,
} from './helpers';
import { filesContaining, fingerprints, runCli, workspaceFiles } from './storage-helpers';

afterEach(runDeferred);

const KEY = 'une phrase de passe assez longue';
const PHRASE = 'Madame Tremblay raconte son hospitalisation en soins palliatifs';

/** A workspace whose minutes hold PHRASE (written by a stock client), with a backup taken after. */
async function writeMinutes(key: string | null) {
  const t = await startTestHub({ core: { key, dailyBackups: false } });
  const c = await seedCommittee(t.hub);
  const amina = await syncedClient(t.hub, c.meeting.docName, c.coChair.token);
  writeParagraph(amina.doc, PHRASE);
  await waitFor(
    () => minutesText(t.core.docStore.load(c.meeting.docName)).includes(PHRASE),
    5000,
    'the minutes to be saved',
  );
  await call(t.hub, OWNER_TOKEN, 'backups.create', {});
  return { t, c };
}

describe('encryption at rest', () => {
  it('leaves no plain text of the minutes in the database, its WAL, its -shm or its backups', async () => {
    const { t } = await writeMinutes(KEY);
    const files = workspaceFiles(t.dir);
    expect(files.map((f) => f.slice(t.dir.length + 1))).toEqual(
      expect.arrayContaining([
        'coconstruct.sqlite',
        'coconstruct.sqlite-wal',
        expect.stringMatching(/^backups\//),
      ]),
    );
    expect(filesContaining(files, PHRASE)).toEqual([]);
    // Closed (the WAL folded into the file): still nothing.
    t.core.close();
    expect(filesContaining(workspaceFiles(t.dir), PHRASE)).toEqual([]);
  });

  it('without encryption, the same search finds the phrase (so the search above can fail)', async () => {
    const { t } = await writeMinutes(null);
    const found = filesContaining(workspaceFiles(t.dir), PHRASE).map((f) => f.slice(t.dir.length + 1));
    expect(found.some((f) => f.startsWith('coconstruct.sqlite'))).toBe(true);
    expect(found.some((f) => f.startsWith('backups/'))).toBe(true);
  });

  it('a wrong key or no key fails closed and changes no file; the right key opens everything', async () => {
    const { t, c } = await writeMinutes(KEY);
    await t.hub.close();
    t.core.close();
    const before = fingerprints(t.dir);

    for (const key of ['pas la bonne phrase de passe', null]) {
      let error: unknown = null;
      try {
        Core.open({ dataDir: t.dir, ownerToken: OWNER_TOKEN, key, dailyBackups: false }).close();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StorageError);
      const e = error as StorageError;
      expect(e.problem).toBe(key ? 'wrong-key' : 'corrupt');
      expect(e.message).toMatch(
        key ? /key given does not open/ : /encrypted workspace opened without its key/,
      );
      expect(fingerprints(t.dir)).toEqual(before);
    }

    const core = openCore(t.dir, { key: KEY, dailyBackups: false });
    expect(minutesText(core.docStore.load(c.meeting.docName))).toBe(PHRASE);
    expect(core.call({ kind: 'owner' }, 'committees.list', {}).map((x) => x.id)).toEqual([c.committee.id]);
  });

  it('exports and restores work in an encrypted workspace', async () => {
    const { t, c } = await writeMinutes(KEY);
    const exported = await post(t.hub, OWNER_TOKEN, 'decisions.export', {
      committeeId: c.committee.id,
      format: 'json',
    });
    expect(exported.status).toBe(200);
    const [backup] = await call(t.hub, OWNER_TOKEN, 'backups.list', {});
    const restored = await call(t.hub, OWNER_TOKEN, 'backups.restore', { name: backup!.name });
    expect(restored.restored.name).toBe(backup!.name);
    expect(minutesText(t.core.docStore.load(c.meeting.docName))).toBe(PHRASE);
    expect(filesContaining(workspaceFiles(t.dir), PHRASE)).toEqual([]);
  });

  it('encrypts a plain workspace and its backups; after that only the key opens it', async () => {
    const { t, c } = await writeMinutes(null);
    await t.hub.close();
    t.core.close();
    expect(filesContaining(workspaceFiles(t.dir), PHRASE).length).toBeGreaterThan(0);

    expect(await encryptWorkspace(t.dir, KEY)).toBe(2); // the database and its one backup
    expect(filesContaining(workspaceFiles(t.dir), PHRASE)).toEqual([]);
    expect(() => Core.open({ dataDir: t.dir, ownerToken: OWNER_TOKEN, dailyBackups: false })).toThrow(
      StorageError,
    );
    const core = openCore(t.dir, { key: KEY, dailyBackups: false });
    expect(minutesText(core.docStore.load(c.meeting.docName))).toBe(PHRASE);
    core.close();
    // Again: nothing left to do.
    expect(await encryptWorkspace(t.dir, KEY)).toBe(0);
  });

  it('the hub CLI takes the key from a file, and a wrong key makes it exit with 1 and a message', async () => {
    const { t } = await writeMinutes(KEY);
    await t.hub.close();
    t.core.close();
    const before = fingerprints(t.dir);
    const keyFile = join(tempDir(), 'key');
    writeFileSync(keyFile, 'pas la bonne phrase de passe\n');
    const wrong = runCli([
      '--port',
      '0',
      '--data',
      t.dir,
      '--token',
      'cli-owner-secret-42',
      '--key-file',
      keyFile,
    ]);
    expect(await within(wrong.exit, 20_000, 'the CLI to exit')).toBe(1);
    expect(wrong.stderr()).toMatch(/wrong-key/);
    expect(wrong.stderr()).toMatch(/key given does not open this workspace/);
    expect(fingerprints(t.dir)).toEqual(before);

    writeFileSync(keyFile, `${KEY}\n`);
    const right = runCli([
      '--port',
      '0',
      '--data',
      t.dir,
      '--token',
      'cli-owner-secret-42',
      '--key-file',
      keyFile,
    ]);
    const m = await waitFor(() => /^listening on (http:\/\/\S+)$/m.exec(right.stdout()), 20_000, 'listening');
    expect(right.stdout()).toMatch(/\(encrypted\)/);
    expect(right.stdout()).not.toContain(KEY);
    expect((await call({ url: m[1]! }, 'cli-owner-secret-42', 'committees.list', {})).length).toBe(1);
  });
});
