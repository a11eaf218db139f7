/**
 * Named versions of the minutes through the hub: saving one, reading it back as it was at that
 * moment, comparing two versions (or one with the current text), and restoring one as a new edit
 * attributed to whoever restores it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiffPart } from '../src/shared/minutes';
import {
  OWNER_TOKEN,
  call,
  minutesText,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type TestHub,
} from './helpers';
import { Clock, expectError } from './fixtures';
import { savedText, textOf } from './minutes-fixtures';

let t: TestHub;
let c: Committee1;
let clock: Clock;
let meetingId: string;
let docName: string;
let bruno: Client;

const V1_TEXT = 'Ouverture à 18 h.\nLe comité adopte le plan.';
const V2_TEXT = 'Ouverture à 18 h.\nLe comité rejette le plan.\nProchaine rencontre en janvier.';

beforeEach(async () => {
  clock = new Clock('2026-11-20T20:00:00.000Z');
  t = await startTestHub({ core: { now: clock.now } });
  c = await seedCommittee(t.hub);
  meetingId = c.meeting.id;
  docName = c.meeting.docName;
  bruno = await syncedClient(t.hub, docName, c.member.token);
});
afterEach(runDeferred);

const save = (name: string, token = c.member.token) =>
  call(t.hub, token, 'versions.create', { meetingId, name });
const get = (versionId: number) => call(t.hub, c.observer.token, 'versions.get', { meetingId, versionId });
const compare = (fromVersionId: number, toVersionId: number | null) =>
  call(t.hub, c.observer.token, 'versions.compare', { meetingId, fromVersionId, toVersionId });

/** Bruno types the text of version 1, and the hub saves it. */
async function writeV1() {
  writeParagraph(bruno.doc, 'Ouverture à 18 h.');
  writeParagraph(bruno.doc, 'Le comité adopte le plan.');
  await savedText(t, docName, 'adopte le plan');
}

/** Bruno turns version 1 into version 2: one word replaced, one paragraph added. */
async function writeV2() {
  bruno.doc.transact(() => {
    const text = textOf(bruno.doc, 1);
    text.delete(10, 'adopte'.length);
    text.insert(10, 'rejette');
  });
  writeParagraph(bruno.doc, 'Prochaine rencontre en janvier.');
  await savedText(t, docName, 'janvier');
  expect(minutesText(t.core.docStore.load(docName))).toBe(V2_TEXT);
}

/** Words only: a word comparison does not tell a space from a line break. */
const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** The two texts a comparison's parts make, as words: the "from" side and the "to" side. */
function sides(parts: DiffPart[]) {
  return {
    from: words(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join(''),
    ),
    to: words(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(''),
    ),
    added: parts.filter((p) => p.kind === 'added').map((p) => p.text.trim()),
    removed: parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim()),
  };
}

describe('versions.create and versions.list', () => {
  it('editors save named versions; everyone lists them, oldest first', async () => {
    await writeV1();
    const v1 = await save('Avant la pause');
    expect(v1).toEqual({
      id: expect.any(Number),
      meetingId,
      name: 'Avant la pause',
      createdBy: c.member.member.id,
      createdAt: '2026-11-20T20:00:00.000Z',
      length: 'Ouverture à 18 h.Le comité adopte le plan.'.length,
    });
    clock.advance(600);
    const v2 = await save('  Par la secrétaire  ', c.secretary.token);
    const v3 = await save('Par l’hôte', OWNER_TOKEN);
    expect(v2).toMatchObject({ name: 'Par la secrétaire', createdBy: c.secretary.member.id });
    expect(v2.createdAt).toBe('2026-11-20T20:10:00.000Z');
    expect(v3.createdBy).toBeNull();
    expect(await call(t.hub, c.observer.token, 'versions.list', { meetingId })).toEqual([v1, v2, v3]);
  });

  it('refuses an observer (403), an empty name (400) and an unknown meeting (404)', async () => {
    const create = (token: string, input: unknown) => post(t.hub, token, 'versions.create', input);
    expectError(await create(c.observer.token, { meetingId, name: 'Lecture seule' }), 403, 'forbidden');
    expectError(await create(c.member.token, { meetingId, name: '' }), 400, 'invalid_input');
    expectError(await create(c.member.token, { meetingId, name: '   ' }), 400, 'invalid_input');
    expectError(await create(c.member.token, { meetingId }), 400, 'invalid_input');
    expectError(await create(c.member.token, { meetingId: 'nope', name: 'x' }), 404, 'not_found');
    const other = await seedCommittee(t.hub, 'Un autre comité');
    expectError(await create(other.member.token, { meetingId, name: 'Intrus' }), 403, 'forbidden');
    expect(await call(t.hub, OWNER_TOKEN, 'versions.list', { meetingId })).toEqual([]);
  });
});

describe('versions.get', () => {
  it('gives the text of that moment, as JSON and HTML: later edits are not in it', async () => {
    await writeV1();
    const v1 = await save('Version 1');
    await writeV2();

    const got = await get(v1.id);
    expect(got.info).toEqual(v1);
    expect(got.json).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Ouverture à 18 h.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Le comité adopte le plan.' }] },
      ],
    });
    expect(got.html).toBe('<p>Ouverture à 18 h.</p><p>Le comité adopte le plan.</p>');

    const v2 = await save('Version 2');
    expect((await get(v2.id)).html).toBe(
      '<p>Ouverture à 18 h.</p><p>Le comité rejette le plan.</p><p>Prochaine rencontre en janvier.</p>',
    );
    // Still the same after the later version was saved.
    expect(await get(v1.id)).toEqual(got);
  });
});

describe('versions.compare', () => {
  it('between two versions: what was added and removed', async () => {
    await writeV1();
    const v1 = await save('Version 1');
    await writeV2();
    const v2 = await save('Version 2');

    const diff = sides((await compare(v1.id, v2.id)).parts);
    expect(diff.from).toEqual(words(V1_TEXT));
    expect(diff.to).toEqual(words(V2_TEXT));
    expect(diff.removed).toEqual(['adopte']);
    expect(diff.added).toEqual(['rejette', 'Prochaine rencontre en janvier.']);

    // The other way round, the roles swap.
    const back = sides((await compare(v2.id, v1.id)).parts);
    expect(back.removed).toEqual(['rejette', 'Prochaine rencontre en janvier.']);
    expect(back.added).toEqual(['adopte']);
    // A version against itself: nothing changed.
    expect((await compare(v1.id, v1.id)).parts.every((p) => p.kind === 'same')).toBe(true);
  });

  it('against the current text (toVersionId null)', async () => {
    await writeV1();
    const v1 = await save('Version 1');
    expect((await compare(v1.id, null)).parts.map((p) => p.kind)).toEqual(['same']);
    await writeV2();
    const diff = sides((await compare(v1.id, null)).parts);
    expect(diff.from).toEqual(words(V1_TEXT));
    expect(diff.to).toEqual(words(V2_TEXT));
    expect(diff.removed).toEqual(['adopte']);
    expect(diff.added).toEqual(['rejette', 'Prochaine rencontre en janvier.']);
  });
});

describe('an unknown version', () => {
  it('is 404 for get, compare and restore, also when it is another meeting’s', async () => {
    await writeV1();
    const v1 = await save('Version 1');
    const other = await call(t.hub, c.secretary.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'Autre rencontre',
      startsAt: '2026-12-18T18:00:00Z',
    });
    const elsewhere = await call(t.hub, c.member.token, 'versions.create', {
      meetingId: other.id,
      name: 'D’une autre rencontre',
    });
    for (const versionId of [v1.id + 1000, elsewhere.id]) {
      expectError(
        await post(t.hub, c.member.token, 'versions.get', { meetingId, versionId }),
        404,
        'not_found',
      );
      expectError(
        await post(t.hub, c.member.token, 'versions.compare', {
          meetingId,
          fromVersionId: versionId,
          toVersionId: null,
        }),
        404,
        'not_found',
      );
      expectError(
        await post(t.hub, c.member.token, 'versions.compare', {
          meetingId,
          fromVersionId: v1.id,
          toVersionId: versionId,
        }),
        404,
        'not_found',
      );
      expectError(
        await post(t.hub, c.member.token, 'versions.restore', { meetingId, versionId }),
        404,
        'not_found',
      );
    }
    expectError(
      await post(t.hub, c.member.token, 'versions.get', { meetingId, versionId: 0 }),
      400,
      'invalid_input',
    );
    // Nothing was saved or changed by the refusals.
    expect(await call(t.hub, OWNER_TOKEN, 'versions.list', { meetingId })).toEqual([v1]);
    expect(minutesText(t.core.docStore.load(docName))).toBe(V1_TEXT);
  });
});

describe('versions.restore', () => {
  it('brings the old text back as a new edit, after saving the current one, attributed to the restorer', async () => {
    await writeV1();
    const v1 = await save('Version 1');
    await writeV2();
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    expectError(
      await post(t.hub, c.observer.token, 'versions.restore', { meetingId, versionId: v1.id }),
      403,
      'forbidden',
    );
    const lastUpdate = t.core.docStore.stats(docName).maxId;

    clock.advance(60);
    expect(await call(t.hub, c.secretary.token, 'versions.restore', { meetingId, versionId: v1.id })).toEqual(
      v1,
    );

    // The text as it was just before is saved first.
    const list = await call(t.hub, OWNER_TOKEN, 'versions.list', { meetingId });
    expect(list.map((v) => v.name)).toEqual(['Version 1', 'before restoring “Version 1”']);
    expect(list[1]).toMatchObject({
      createdBy: c.secretary.member.id,
      createdAt: '2026-11-20T20:01:00.000Z',
    });
    expect((await get(list[1]!.id)).html).toBe(
      '<p>Ouverture à 18 h.</p><p>Le comité rejette le plan.</p><p>Prochaine rencontre en janvier.</p>',
    );

    // The current text is version 1's, for the hub, its disk and every open editor.
    expect(minutesText(t.core.docStore.load(docName))).toBe(V1_TEXT);
    await waitFor(() => minutesText(amina.doc) === V1_TEXT, 5000, 'Amina to see the restored text');
    await waitFor(() => minutesText(bruno.doc) === V1_TEXT, 5000, 'Bruno to see the restored text');
    const now = await save('Après la restauration');
    expect((await get(now.id)).json).toEqual((await get(v1.id)).json);
    expect((await compare(v1.id, null)).parts.map((p) => p.kind)).toEqual(['same']);

    // A new edit, by the secretary: the history is kept, and the log says who.
    const written = t.core.db
      .prepare('SELECT member_id AS memberId FROM doc_updates WHERE doc_name = ? AND id > ? ORDER BY id')
      .all(docName, lastUpdate) as { memberId: string | null }[];
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written.map((w) => w.memberId))).toEqual(new Set([c.secretary.member.id]));
    expect((await get(list[1]!.id)).html).toContain('rejette');

    // The editors keep working on the restored text.
    writeParagraph(amina.doc, 'Suite après la restauration');
    await waitFor(() => minutesText(bruno.doc).endsWith('Suite après la restauration'));
    expect([amina.closes, bruno.closes]).toEqual([[], []]);
  });
});
