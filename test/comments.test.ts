/**
 * Comments on the minutes through the hub: a thread anchored to a passage by Yjs relative
 * positions, replies, resolving and reopening. Threads are written through the API only: a stock
 * client writing the `comments` map is closed with 4403. The anchor follows the passage as others
 * edit the text around it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentThread } from '../src/shared/minutes';
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
import { hubState, refused, savedText, textOf } from './minutes-fixtures';

let t: TestHub;
let c: Committee1;
let clock: Clock;
let meetingId: string;
let docName: string;
let amina: Client;

const SENTENCE = 'Le comité recommande d’ouvrir le triage aux proches aidants.';
const PASSAGE = 'ouvrir le triage';

beforeEach(async () => {
  clock = new Clock('2026-11-20T19:00:00.000Z');
  t = await startTestHub({ core: { now: clock.now } });
  c = await seedCommittee(t.hub);
  meetingId = c.meeting.id;
  docName = c.meeting.docName;
  amina = await syncedClient(t.hub, docName, c.coChair.token);
  writeParagraph(amina.doc, 'Ouverture de la séance.');
  writeParagraph(amina.doc, SENTENCE);
  await savedText(t, docName, SENTENCE);
});
afterEach(runDeferred);

/** An anchor on `passage` in the `block`-th paragraph of `doc`, as the editor makes it. */
function anchorOn(doc: Y.Doc, block: number, passage: string) {
  const text = textOf(doc, block);
  const start = text.toString().indexOf(passage);
  if (start < 0) throw new Error(`"${passage}" is not in the paragraph`);
  const at = (index: number) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
  return { start: at(start), end: at(start + passage.length) };
}

/** The passage an anchor points at in `doc` now, or null if it no longer resolves. */
function resolve(doc: Y.Doc, anchor: CommentThread['anchor']): string | null {
  const abs = (json: unknown) =>
    Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
  const start = abs(anchor.start);
  const end = abs(anchor.end);
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) return null;
  return start.type.toString().slice(start.index, end.index);
}

async function addThread(token = c.member.token, text = 'Préciser : dès le printemps ?') {
  const bruno = await syncedClient(t.hub, docName, c.member.token);
  return call(t.hub, token, 'comments.add', {
    meetingId,
    anchor: anchorOn(bruno.doc, 1, PASSAGE),
    quote: PASSAGE,
    text,
  });
}

describe('comments.add', () => {
  it('makes a thread anchored to a passage, that every client sees', async () => {
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const anchor = anchorOn(bruno.doc, 1, PASSAGE);
    const thread = await call(t.hub, c.member.token, 'comments.add', {
      meetingId,
      anchor,
      quote: PASSAGE,
      text: '  Préciser : dès le printemps ?  ',
    });
    expect(thread).toEqual({
      id: expect.any(String),
      anchor,
      quote: PASSAGE,
      authorId: c.member.member.id,
      text: 'Préciser : dès le printemps ?',
      createdAt: '2026-11-20T19:00:00.000Z',
      resolved: false,
      resolvedBy: null,
      replies: [],
    });
    expect(resolve(bruno.doc, thread.anchor)).toBe(PASSAGE);
    expect(await call(t.hub, c.observer.token, 'comments.list', { meetingId })).toEqual([thread]);
    // Open editors receive it through the document.
    await waitFor(() => amina.doc.getMap('comments').get(thread.id), 5000, 'Amina to see the thread');
    expect(amina.doc.getMap('comments').get(thread.id)).toEqual(thread);
    expect(resolve(amina.doc, thread.anchor)).toBe(PASSAGE);

    const byOwner = await call(t.hub, OWNER_TOKEN, 'comments.add', {
      meetingId,
      anchor,
      quote: PASSAGE,
      text: 'Note de l’hôte',
    });
    expect(byOwner.authorId).toBeNull();
  });

  it('refuses an observer (403), an empty text (400) and an unknown meeting (404)', async () => {
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const input = { meetingId, anchor: anchorOn(bruno.doc, 1, PASSAGE), quote: PASSAGE, text: 'Ma remarque' };
    expectError(await post(t.hub, c.observer.token, 'comments.add', input), 403, 'forbidden');
    expectError(
      await post(t.hub, c.member.token, 'comments.add', { ...input, text: '' }),
      400,
      'invalid_input',
    );
    expectError(
      await post(t.hub, c.member.token, 'comments.add', { ...input, text: '  \n ' }),
      400,
      'invalid_input',
    );
    expectError(
      await post(t.hub, c.member.token, 'comments.add', { ...input, anchor: undefined }),
      400,
      'invalid_input',
    );
    expectError(
      await post(t.hub, c.member.token, 'comments.add', { ...input, meetingId: 'nope' }),
      404,
      'not_found',
    );
    const other = await seedCommittee(t.hub, 'Un autre comité');
    expectError(await post(t.hub, other.member.token, 'comments.add', input), 403, 'forbidden');
    expect(await call(t.hub, OWNER_TOKEN, 'comments.list', { meetingId })).toEqual([]);
  });
});

describe('the anchor', () => {
  it('still points at the same passage after another member writes before it', async () => {
    const thread = await addThread();

    // Amina adds a paragraph at the top and words at the start of the commented sentence.
    amina.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Présents : Amina, Bruno, Chloé.')]);
      amina.doc.getXmlFragment('minutes').insert(0, [p]);
    });
    textOf(amina.doc, 2).insert(0, 'En bref : ');
    await savedText(t, docName, 'En bref : Le comité');

    // A member who opens the minutes now finds the passage where it went.
    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    expect(minutesText(chloe.doc).split('\n')[2]).toBe(`En bref : ${SENTENCE}`);
    const [listed] = await call(t.hub, c.secretary.token, 'comments.list', { meetingId });
    expect(resolve(chloe.doc, listed!.anchor)).toBe(PASSAGE);
    expect(resolve(amina.doc, listed!.anchor)).toBe(PASSAGE);
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(listed!.anchor.start),
      chloe.doc,
    );
    expect(start?.index).toBe('En bref : '.length + SENTENCE.indexOf(PASSAGE));
    expect(listed!.quote).toBe(thread.quote);
  });
});

describe('comments.reply and comments.resolve', () => {
  it('add replies in order, and resolve then reopen a thread', async () => {
    const thread = await addThread();
    clock.advance(60);
    const replied = await call(t.hub, c.coChair.token, 'comments.reply', {
      meetingId,
      threadId: thread.id,
      text: 'Oui, en avril.',
    });
    clock.advance(60);
    const twice = await call(t.hub, c.member.token, 'comments.reply', {
      meetingId,
      threadId: thread.id,
      text: 'Merci.',
    });
    expect(replied.replies).toEqual([
      {
        id: expect.any(String),
        authorId: c.coChair.member.id,
        text: 'Oui, en avril.',
        createdAt: '2026-11-20T19:01:00.000Z',
      },
    ]);
    expect(twice).toEqual({ ...thread, replies: [replied.replies[0], expect.anything()] });
    expect(twice.replies[1]).toMatchObject({ authorId: c.member.member.id, text: 'Merci.' });

    const resolved = await call(t.hub, c.secretary.token, 'comments.resolve', {
      meetingId,
      threadId: thread.id,
      resolved: true,
    });
    expect(resolved).toEqual({ ...twice, resolved: true, resolvedBy: c.secretary.member.id });
    expect(await call(t.hub, c.observer.token, 'comments.list', { meetingId })).toEqual([resolved]);

    const reopened = await call(t.hub, c.member.token, 'comments.resolve', {
      meetingId,
      threadId: thread.id,
      resolved: false,
    });
    expect(reopened).toEqual({ ...twice, resolved: false, resolvedBy: null });
    expect(await call(t.hub, c.observer.token, 'comments.list', { meetingId })).toEqual([reopened]);
    await waitFor(
      () => (amina.doc.getMap('comments').get(thread.id) as CommentThread | undefined)?.replies.length === 2,
      5000,
      'Amina to see the replies',
    );
  });

  it('lists threads oldest first', async () => {
    const first = await addThread(c.member.token, 'Première remarque');
    clock.advance(1);
    const second = await addThread(c.secretary.token, 'Deuxième remarque');
    clock.advance(1);
    const third = await addThread(OWNER_TOKEN, 'Troisième remarque');
    expect((await call(t.hub, c.observer.token, 'comments.list', { meetingId })).map((x) => x.id)).toEqual([
      first.id,
      second.id,
      third.id,
    ]);
  });

  it('refuse an unknown thread (404), an observer (403) and an empty reply (400)', async () => {
    const thread = await addThread();
    const reply = (token: string, threadId: string, text: string) =>
      post(t.hub, token, 'comments.reply', { meetingId, threadId, text });
    const settle = (token: string, threadId: string) =>
      post(t.hub, token, 'comments.resolve', { meetingId, threadId, resolved: true });
    expectError(await reply(c.member.token, 'no-such-thread', 'Réponse'), 404, 'not_found');
    expectError(await settle(c.member.token, 'no-such-thread'), 404, 'not_found');
    expectError(await reply(c.observer.token, thread.id, 'Réponse'), 403, 'forbidden');
    expectError(await settle(c.observer.token, thread.id), 403, 'forbidden');
    expectError(await reply(c.member.token, thread.id, ''), 400, 'invalid_input');
    expectError(await reply(c.member.token, thread.id, '   '), 400, 'invalid_input');
    // A thread of another meeting is unknown here.
    const other = await call(t.hub, c.secretary.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'Autre rencontre',
      startsAt: '2026-12-18T18:00:00Z',
    });
    expectError(
      await post(t.hub, c.member.token, 'comments.reply', {
        meetingId: other.id,
        threadId: thread.id,
        text: 'x',
      }),
      404,
      'not_found',
    );
    expect(await call(t.hub, OWNER_TOKEN, 'comments.list', { meetingId })).toEqual([thread]);
  });
});

describe('a stock client writing the comments map', () => {
  const writes: [string, (doc: Y.Doc, thread: CommentThread) => void][] = [
    [
      'adds a thread',
      (doc, thread) =>
        doc.getMap('comments').set('forged', { ...thread, id: 'forged', authorId: 'someone-else' }),
    ],
    [
      'resolves a thread',
      (doc, thread) => doc.getMap('comments').set(thread.id, { ...thread, resolved: true }),
    ],
    ['deletes a thread', (doc, thread) => doc.getMap('comments').delete(thread.id)],
  ];

  it.each(writes)('%s: closed with 4403, and nothing changes', async (_label, write) => {
    const thread = await addThread();
    for (const token of [c.coChair.token, OWNER_TOKEN]) {
      const client = await syncedClient(t.hub, docName, token);
      await waitFor(() => client.doc.getMap('comments').has(thread.id));
      const before = hubState(t, docName);
      write(client.doc, thread);
      await refused(client);
      expect(hubState(t, docName)).toEqual(before);
    }
    expect(await call(t.hub, OWNER_TOKEN, 'comments.list', { meetingId })).toEqual([thread]);
    expect(amina.closes).toEqual([]);
  });
});
