/** `npm run serve`'s program, src/hub/cli.ts, run as its own process the way a user runs it. */
import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DB_FILE } from '../src/core/store/db';
import { runCli } from './storage-helpers';
import {
  call,
  defer,
  hubIsUp,
  minutesText,
  openCore,
  runDeferred,
  seedCommittee,
  syncedClient,
  tempDir,
  waitFor,
  within,
  writeParagraph,
} from './helpers';

afterEach(runDeferred);

describe('the hub CLI', () => {
  it('prints where it listens, serves, and closes cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const token = 'cli-owner-secret-42';
    const cli = runCli(['--port', '0', '--data', dir, '--token', token]);
    const m = await waitFor(
      () => /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(cli.stdout()),
      15_000,
      `"listening on" (stdout: ${cli.stdout()} stderr: ${cli.stderr()})`,
    );
    const hub = { url: m[1]! };
    expect(Number(m[2])).toBeGreaterThan(0);
    // The token given on the command line is not printed back.
    expect(cli.stdout()).not.toMatch(/owner token:/);

    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await health.json()).toMatchObject({ ok: true });

    // The --token is the owner's: it may do everything.
    const c = await seedCommittee(hub, 'Comité des usagers', token);
    expect((await call(hub, token, 'committees.list', {})).map((x) => x.id)).toEqual([c.committee.id]);

    // Two members are editing when the hub is stopped.
    const amina = await syncedClient(hub, c.meeting.docName, c.coChair.token);
    const bruno = await syncedClient(hub, c.meeting.docName, c.member.token);
    writeParagraph(amina.doc, 'Texte écrit avant l’arrêt');
    await waitFor(() => minutesText(bruno.doc).includes('avant l’arrêt'), 5000, 'Bruno to see the text');
    expect(
      existsSync(join(dir, `${DB_FILE}-wal`)) && statSync(join(dir, `${DB_FILE}-wal`)).size,
    ).toBeGreaterThan(0);

    cli.child.kill('SIGTERM');
    expect(await within(cli.exit, 10_000, 'the CLI to exit')).toBe(0);
    expect(cli.stdout()).toMatch(/closed/);
    expect(await hubIsUp(hub).catch(() => false)).toBe(false);

    // Everything is in the database file itself: no WAL left behind.
    const wal = join(dir, `${DB_FILE}-wal`);
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
    defer(() => db.close());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT name FROM committees').all()).toEqual([{ name: c.committee.name }]);
    const doc = new Y.Doc();
    const snap = db.prepare('SELECT data FROM doc_snapshots WHERE doc_name = ?').get(c.meeting.docName) as
      { data: Buffer } | undefined;
    if (snap) Y.applyUpdate(doc, snap.data);
    for (const r of db
      .prepare('SELECT data FROM doc_updates WHERE doc_name = ? ORDER BY id')
      .all(c.meeting.docName))
      Y.applyUpdate(doc, (r as { data: Buffer }).data);
    expect(minutesText(doc)).toBe('Texte écrit avant l’arrêt');
  });

  it('keeps what a peer has seen when the host is killed outright', async () => {
    const dir = tempDir();
    const token = 'cli-owner-secret-42';
    const cli = runCli(['--port', '0', '--data', dir, '--token', token]);
    const m = await waitFor(
      () => /^listening on (http:\/\/\S+)$/m.exec(cli.stdout()),
      15_000,
      '"listening on"',
    );
    const hub = { url: m[1]! };
    const c = await seedCommittee(hub, 'Comité des usagers', token);
    const amina = await syncedClient(hub, c.meeting.docName, c.coChair.token);
    const bruno = await syncedClient(hub, c.meeting.docName, c.member.token);
    writeParagraph(amina.doc, 'Vu par Bruno juste avant la panne');
    await waitFor(() => minutesText(bruno.doc).includes('juste avant'), 5000, 'Bruno to see the text');

    // No chance to close anything: the whole process group (tsx and the hub under it) dies now.
    process.kill(-cli.child.pid!, 'SIGKILL');
    expect(await within(cli.exit, 10_000, 'the CLI to die')).toBe('SIGKILL');

    const core = openCore(dir);
    expect(minutesText(core.docStore.load(c.meeting.docName))).toBe('Vu par Bruno juste avant la panne');
  });

  it('makes up an owner token and prints it when none is given', async () => {
    const cli = runCli(['--port', '0', '--data', tempDir()]);
    const m = await waitFor(
      () => /^listening on (http:\/\/\S+)$/m.exec(cli.stdout()),
      15_000,
      '"listening on"',
    );
    const token = /^owner token: (\S+)$/m.exec(cli.stdout())?.[1];
    expect(token).toBeDefined();
    expect(token!.length).toBeGreaterThanOrEqual(32);
    expect(await call({ url: m[1]! }, token!, 'committees.list', {})).toEqual([]);
    cli.child.kill('SIGTERM');
    expect(await within(cli.exit, 10_000, 'the CLI to exit')).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port.*"abc"/],
    [['--port', '70000'], /--port/],
    [['--token', 'short'], /--token.*8 characters/],
    [['--colour', 'blue'], /colour/],
  ])('refuses %j with exit code 2 and a message', async (args, message) => {
    const cli = runCli([...args, '--data', tempDir()]);
    expect(await within(cli.exit, 15_000, 'the CLI to exit')).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr()).toMatch(/usage|--token/);
    expect(cli.stdout()).not.toMatch(/listening on/);
  });
});
