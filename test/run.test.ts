/**
 * Running a meeting through the hub: starting it, moving through the agenda, raised hands and the
 * speaker queue, giving and ending the floor, and the speaking turns recorded. The core runs on a
 * clock the test moves, so every duration is exact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMeta, speakerQueue, type AgendaItem, type MeetingMeta } from '../src/shared/meeting';
import {
  OWNER_TOKEN,
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  type Committee1,
  type TestHub,
} from './helpers';
import { Clock, addItem, expectError } from './fixtures';

let t: TestHub;
let c: Committee1;
let clock: Clock;
let items: [AgendaItem, AgendaItem, AgendaItem];
let meetingId: string;

beforeEach(async () => {
  clock = new Clock('2026-11-20T18:00:00.000Z');
  t = await startTestHub({ core: { now: clock.now } });
  c = await seedCommittee(t.hub);
  meetingId = c.meeting.id;
  items = [
    await addItem(t.hub, c.member.token, meetingId, 'Accueil'),
    await addItem(t.hub, c.member.token, meetingId, 'Délais d’attente'),
    await addItem(t.hub, c.member.token, meetingId, 'Varia'),
  ];
});
afterEach(runDeferred);

const chair = () => c.coChair.token;
const statuses = async () =>
  (await call(t.hub, OWNER_TOKEN, 'agenda.list', { meetingId })).map((i) => `${i.title}:${i.status}`);
const queue = (meta: MeetingMeta) =>
  speakerQueue(meta.hands, meta.queueMode, meta.spoken).map((h) => h.memberId);

describe('meetings.start', () => {
  it('puts the meeting in progress, once, and its doc says so', async () => {
    const client = await syncedClient(t.hub, c.meeting.docName, c.observer.token);
    clock.advance(60);
    const started = await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    expect(started).toMatchObject({
      status: 'in-progress',
      startedAt: '2026-11-20T18:01:00.000Z',
      closedAt: null,
    });
    await waitFor(
      () => readMeta(client.doc).status === 'in-progress',
      1000,
      'the client to see the meeting start',
    );
    clock.advance(60);
    expect(await call(t.hub, chair(), 'meetings.start', { id: meetingId })).toEqual(started);
  });

  it('is required before run.goTo and floor.give (409)', async () => {
    expectError(await post(t.hub, chair(), 'run.goTo', { meetingId, itemId: items[0].id }), 409, 'conflict');
    expectError(
      await post(t.hub, chair(), 'floor.give', { meetingId, memberId: c.member.member.id }),
      409,
      'conflict',
    );
    const meta = t.core.docs.read(c.meeting.docName, readMeta);
    expect(meta.currentItemId).toBeNull();
    expect(meta.floor).toBeNull();
    expect(await statuses()).toEqual(['Accueil:pending', 'Délais d’attente:pending', 'Varia:pending']);
  });
});

describe('run.goTo', () => {
  it('sets the current item and marks items in progress, then done when moving on', async () => {
    const client = await syncedClient(t.hub, c.meeting.docName, c.member.token);
    await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    const [first, second, third] = items;

    let meta = await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: first.id });
    expect(meta).toMatchObject({ currentItemId: first.id, itemStartedAt: '2026-11-20T18:00:00.000Z' });
    expect(await statuses()).toEqual(['Accueil:in-progress', 'Délais d’attente:pending', 'Varia:pending']);

    clock.advance(300);
    meta = await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: second.id });
    expect(meta).toMatchObject({ currentItemId: second.id, itemStartedAt: '2026-11-20T18:05:00.000Z' });
    expect(await statuses()).toEqual(['Accueil:done', 'Délais d’attente:in-progress', 'Varia:pending']);
    await waitFor(() => readMeta(client.doc).currentItemId === second.id, 1000, 'the client to follow');

    // Going to the same item again changes nothing, not even when it started.
    clock.advance(60);
    meta = await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: second.id });
    expect(meta.itemStartedAt).toBe('2026-11-20T18:05:00.000Z');

    // Going back: the item left is pending again.
    meta = await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: first.id });
    expect(await statuses()).toEqual(['Accueil:in-progress', 'Délais d’attente:pending', 'Varia:pending']);

    await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: third.id });
    meta = await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: null });
    expect(meta).toMatchObject({ currentItemId: null });
    expect(await statuses()).toEqual(['Accueil:done', 'Délais d’attente:pending', 'Varia:done']);
    await waitFor(() => readMeta(client.doc).currentItemId === null, 1000, 'the client to follow');
  });

  it('an unknown item: 404, nothing moves', async () => {
    await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: items[0].id });
    expectError(
      await post(t.hub, chair(), 'run.goTo', { meetingId, itemId: 'no-such-item' }),
      404,
      'not_found',
    );
    expect(t.core.docs.read(c.meeting.docName, readMeta).currentItemId).toBe(items[0].id);
    expect(await statuses()).toEqual(['Accueil:in-progress', 'Délais d’attente:pending', 'Varia:pending']);
  });

  it('removing the current item clears it', async () => {
    await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: items[1].id });
    await call(t.hub, c.member.token, 'agenda.remove', { meetingId, itemId: items[1].id });
    expect(t.core.docs.read(c.meeting.docName, readMeta)).toMatchObject({
      currentItemId: null,
      itemStartedAt: null,
    });
  });
});

describe('hands, the queue and the floor', () => {
  it('records each speaking turn when the floor passes or ends, to the second', async () => {
    const bruno = c.member.member.id;
    const chloe = c.secretary.member.id;
    const amina = c.coChair.member.id;
    await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    await call(t.hub, chair(), 'run.goTo', { meetingId, itemId: items[1].id });

    // Bruno then Chloé raise their hands; raising twice changes nothing.
    await call(t.hub, c.member.token, 'hands.raise', { meetingId });
    clock.advance(5);
    let meta = await call(t.hub, c.secretary.token, 'hands.raise', { meetingId });
    clock.advance(5);
    meta = await call(t.hub, c.member.token, 'hands.raise', { meetingId });
    expect(meta.hands).toEqual([
      { memberId: bruno, raisedAt: '2026-11-20T18:00:00.000Z' },
      { memberId: chloe, raisedAt: '2026-11-20T18:00:05.000Z' },
    ]);
    expect(queue(meta)).toEqual([bruno, chloe]);

    // Bruno speaks for 90 s; his hand goes down when he gets the floor.
    meta = await call(t.hub, chair(), 'floor.give', { meetingId, memberId: bruno });
    expect(meta.floor).toEqual({ memberId: bruno, since: '2026-11-20T18:00:10.000Z', itemId: items[1].id });
    expect(queue(meta)).toEqual([chloe]);
    clock.advance(90);
    // The floor passes to Chloé: Bruno's turn is recorded.
    meta = await call(t.hub, chair(), 'floor.give', { meetingId, memberId: chloe });
    expect(meta.spoken).toEqual({ [bruno]: 90 });
    expect(meta.floor?.memberId).toBe(chloe);
    let spoken = await call(t.hub, c.observer.token, 'speaking.list', { meetingId });
    expect(spoken.turns).toEqual([
      {
        id: expect.any(Number),
        meetingId,
        memberId: bruno,
        agendaItemId: items[1].id,
        startedAt: '2026-11-20T18:00:10.000Z',
        endedAt: '2026-11-20T18:01:40.000Z',
        seconds: 90,
      },
    ]);

    // Chloé speaks 30 s, and the co-chair ends her turn.
    clock.advance(30);
    meta = await call(t.hub, chair(), 'floor.end', { meetingId });
    expect(meta.floor).toBeNull();
    expect(meta.spoken).toEqual({ [bruno]: 90, [chloe]: 30 });

    // Both raise their hands again, Bruno first. In the order raised, Bruno comes first; giving
    // priority to those who spoke less, Chloé does.
    clock.advance(10);
    await call(t.hub, c.member.token, 'hands.raise', { meetingId });
    clock.advance(10);
    await call(t.hub, c.secretary.token, 'hands.raise', { meetingId });
    clock.advance(10);
    meta = await call(t.hub, c.coChair.token, 'hands.raise', { meetingId });
    expect(queue(meta)).toEqual([bruno, chloe, amina]);
    meta = await call(t.hub, chair(), 'run.setQueueMode', { meetingId, mode: 'least-spoken' });
    expect(meta.queueMode).toBe('least-spoken');
    expect(queue(meta)).toEqual([amina, chloe, bruno]);
    // A client of the meeting doc computes the same queue.
    const client = await syncedClient(t.hub, c.meeting.docName, c.observer.token);
    expect(queue(readMeta(client.doc))).toEqual([amina, chloe, bruno]);

    // The speaker may end their own turn.
    await call(t.hub, chair(), 'floor.give', { meetingId, memberId: chloe });
    clock.advance(45);
    expectError(await post(t.hub, c.member.token, 'floor.end', { meetingId }), 403, 'forbidden');
    meta = await call(t.hub, c.secretary.token, 'floor.end', { meetingId });
    expect(meta.spoken).toEqual({ [bruno]: 90, [chloe]: 75 });
    expect(queue(meta)).toEqual([amina, bruno]);
    await waitFor(() => readMeta(client.doc).spoken[chloe] === 75, 1000, 'the client to see the totals');

    spoken = await call(t.hub, OWNER_TOKEN, 'speaking.list', { meetingId });
    expect(spoken.turns.map((x) => [x.memberId, x.seconds])).toEqual([
      [bruno, 90],
      [chloe, 30],
      [chloe, 45],
    ]);
    expect(spoken.turns.every((x) => x.seconds > 0)).toBe(true);
    expect(spoken.totals).toEqual({ [bruno]: 90, [chloe]: 75 });
    // floor.end with nobody speaking records nothing.
    await call(t.hub, chair(), 'floor.end', { meetingId });
    expect((await call(t.hub, OWNER_TOKEN, 'speaking.list', { meetingId })).turns).toHaveLength(3);
  });

  it('closing the meeting records the current turn, and meta.spoken agrees with speaking.list', async () => {
    const bruno = c.member.member.id;
    await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    await call(t.hub, chair(), 'floor.give', { meetingId, memberId: bruno });
    clock.advance(42);
    clock.advance(0.5);
    const closed = await call(t.hub, chair(), 'meetings.close', { id: meetingId });
    expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-11-20T18:00:42.500Z' });
    const { turns, totals } = await call(t.hub, OWNER_TOKEN, 'speaking.list', { meetingId });
    expect(turns.map((x) => x.seconds)).toEqual([42.5]);
    const meta = t.core.docs.read(c.meeting.docName, readMeta);
    expect(meta).toMatchObject({ status: 'closed', floor: null, hands: [], currentItemId: null });
    expect(meta.spoken).toEqual(totals);
  });

  it('the floor goes to a member of this committee only', async () => {
    const other = await seedCommittee(t.hub, 'Autre comité');
    await call(t.hub, chair(), 'meetings.start', { id: meetingId });
    const msg = expectError(
      await post(t.hub, chair(), 'floor.give', { meetingId, memberId: other.member.member.id }),
      404,
      'not_found',
    );
    expect(msg).toContain(other.member.member.id);
    expect(t.core.docs.read(c.meeting.docName, readMeta).floor).toBeNull();
  });

  it('a co-chair lowers anyone’s hand; a member lowers only theirs', async () => {
    await call(t.hub, c.member.token, 'hands.raise', { meetingId });
    await call(t.hub, c.secretary.token, 'hands.raise', { meetingId });
    expectError(
      await post(t.hub, c.member.token, 'hands.lower', { meetingId, memberId: c.secretary.member.id }),
      403,
      'forbidden',
    );
    let meta = await call(t.hub, chair(), 'hands.lower', { meetingId, memberId: c.secretary.member.id });
    expect(meta.hands.map((h) => h.memberId)).toEqual([c.member.member.id]);
    meta = await call(t.hub, c.member.token, 'hands.lower', { meetingId });
    expect(meta.hands).toEqual([]);
    // The owner must say whose hand.
    expectError(await post(t.hub, OWNER_TOKEN, 'hands.lower', { meetingId }), 400, 'invalid_input');
  });
});
